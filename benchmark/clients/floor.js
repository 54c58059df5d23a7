'use strict';
// The floor: the cheapest valid requests possible. Every request is signed before the timed
// section (UNSIGNED-PAYLOAD), then sent over undici's keep-alive pool. It shows how much of a
// scenario's time is the server's and the transport's.

const { Pool } = require('undici');
const { sign, encodePath } = require('../sigv4');

module.exports = async function create(o) {
  const u = new URL(o.endpoint);
  const pool = new Pool(u.origin, { connections: 128, pipelining: 1 });
  const signed = new Map();
  const headersFor = (method, Key, extra) => {
    const id = `${method} ${Key}`;
    let h = signed.get(id);
    if (!h) {
      h = sign({
        method,
        host: u.host,
        path: `/${o.bucket}/${Key}`,
        region: o.region,
        accessKeyId: o.accessKeyId,
        secretAccessKey: o.secretAccessKey,
        extraHeaders: extra,
      });
      signed.set(id, h);
    }
    return h;
  };
  const path = (Key) => encodePath(`/${o.bucket}/${Key}`);
  const check = async (res) => {
    if (res.statusCode >= 300) {
      const text = await res.body.text();
      throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    }
    return res;
  };
  return {
    /** Signs every request of the scenario ahead of time. */
    prepare(keys, methods) {
      for (const k of keys) for (const m of methods) headersFor(m, k);
    },
    put: async (Key, Body) => {
      const res = await check(
        await pool.request({ method: 'PUT', path: path(Key), headers: { ...headersFor('PUT', Key), 'content-length': String(Body.length) }, body: Body }),
      );
      await res.body.dump();
    },
    get: async (Key) => {
      const res = await check(await pool.request({ method: 'GET', path: path(Key), headers: headersFor('GET', Key) }));
      return Buffer.from(await res.body.arrayBuffer()).length;
    },
    getStream: async (Key) => {
      const res = await check(await pool.request({ method: 'GET', path: path(Key), headers: headersFor('GET', Key) }));
      let n = 0;
      for await (const c of res.body) n += c.length;
      return n;
    },
    head: async (Key) => {
      const res = await check(await pool.request({ method: 'HEAD', path: path(Key), headers: headersFor('HEAD', Key) }));
      await res.body.dump();
    },
  };
};
