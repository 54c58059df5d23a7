'use strict';
// The floor: the cheapest valid requests possible. Every request is signed before the timed
// section (UNSIGNED-PAYLOAD) and serialised to bytes; the timed section writes those bytes on
// keep-alive TCP connections and reads the responses with a minimal HTTP/1.1 parser
// (Content-Length framing, which s3s-fs and moto use). It shows how much of a scenario's time is
// the server's and the kernel's.

const net = require('net');
const { sign, encodePath } = require('../sigv4');

/** One keep-alive HTTP/1.1 connection carrying one request at a time. */
class Conn {
  constructor(host, port) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.cur = null; // { resolve, reject, isHead, sink, headerBuf, status, length, received, body }
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  fail(err) {
    const c = this.cur;
    this.cur = null;
    this.dead = true;
    if (c) c.reject(err);
  }

  /** Sends `head` (+ `body`); resolves { status, body? } once the response is complete. */
  request(head, body, isHead, sink) {
    return new Promise((resolve, reject) => {
      this.cur = { resolve, reject, isHead, sink, headerBuf: null, status: 0, length: -1, received: 0, body: null };
      if (body) {
        this.socket.cork();
        this.socket.write(head);
        this.socket.write(body);
        this.socket.uncork();
      } else {
        this.socket.write(head);
      }
    });
  }

  onData(d) {
    const c = this.cur;
    if (!c) return;
    if (c.length < 0) {
      const buf = c.headerBuf ? Buffer.concat([c.headerBuf, d]) : d;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        c.headerBuf = buf;
        return;
      }
      const head = buf.toString('latin1', 0, end);
      c.status = Number(head.slice(9, 12));
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!m && /\r\ntransfer-encoding:/i.test(head)) return this.fail(new Error('chunked responses are not supported'));
      c.length = c.isHead ? 0 : m ? Number(m[1]) : 0;
      d = buf.subarray(end + 4);
    }
    if (d.length) {
      if (c.sink) c.sink(d);
      else {
        if (!c.body) c.body = Buffer.allocUnsafe(c.length);
        d.copy(c.body, c.received);
      }
      c.received += d.length;
    }
    if (c.received >= c.length) {
      this.cur = null;
      c.resolve({ status: c.status, body: c.sink ? null : c.body || Buffer.alloc(0) });
    }
  }
}

module.exports = async function create(o) {
  const u = new URL(o.endpoint);
  const host = u.hostname;
  const port = Number(u.port || 80);
  const free = [];
  const signed = new Map();

  const headFor = (method, Key, length) => {
    const id = `${method} ${Key} ${length}`;
    let h = signed.get(id);
    if (!h) {
      const path = `/${o.bucket}/${Key}`;
      const headers = sign({
        method,
        host: u.host,
        path,
        region: o.region,
        accessKeyId: o.accessKeyId,
        secretAccessKey: o.secretAccessKey,
      });
      let s = `${method} ${encodePath(path)} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(headers)) s += `${k}: ${v}\r\n`;
      if (length !== undefined) s += `content-length: ${length}\r\n`;
      h = Buffer.from(s + '\r\n', 'latin1');
      signed.set(id, h);
    }
    return h;
  };

  async function send(head, body, isHead, sink) {
    let conn = free.pop();
    while (conn && conn.dead) conn = free.pop();
    if (!conn) {
      conn = new Conn(host, port);
      await conn.ready;
    }
    const res = await conn.request(head, body, isHead, sink);
    free.push(conn);
    if (res.status >= 300) throw new Error(`HTTP ${res.status}: ${res.body ? res.body.toString().slice(0, 200) : ''}`);
    return res;
  }

  return {
    /** Signs and serialises every request of the scenario ahead of time. */
    prepare(keys, methods, length) {
      for (const k of keys) for (const m of methods) headFor(m, k, m === 'PUT' ? length : undefined);
    },
    put: async (Key, Body) => {
      await send(headFor('PUT', Key, Body.length), Body, false);
    },
    get: async (Key) => (await send(headFor('GET', Key), null, false)).body.length,
    getStream: async (Key) => {
      let n = 0;
      await send(headFor('GET', Key), null, false, (c) => {
        n += c.length;
      });
      return n;
    },
    head: async (Key) => {
      await send(headFor('HEAD', Key), null, true);
    },
    jobs: {
      upload: { skip: 'single pre-signed requests only: no managed transfers' },
      download: { skip: 'single pre-signed requests only: no managed transfers' },
    },
  };
};
