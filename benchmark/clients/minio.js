'use strict';
const Minio = require('minio');

module.exports = async function create(o) {
  const u = new URL(o.endpoint);
  const mc = new Minio.Client({
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: u.protocol === 'https:',
    accessKey: o.accessKeyId,
    secretKey: o.secretAccessKey,
    region: o.region,
    pathStyle: true,
  });
  const Bucket = o.bucket;
  const drain = async (stream) => {
    let n = 0;
    for await (const c of stream) n += c.length;
    return n;
  };
  return {
    put: (Key, Body) => mc.putObject(Bucket, Key, Body, Body.length),
    get: async (Key) => {
      const chunks = [];
      for await (const c of await mc.getObject(Bucket, Key)) chunks.push(c);
      return Buffer.concat(chunks).length;
    },
    getStream: async (Key) => drain(await mc.getObject(Bucket, Key)),
    head: (Key) => mc.statObject(Bucket, Key),
  };
};
