'use strict';
// Bun's built-in S3 client; this adapter runs under the `bun` binary from the npm package.

module.exports = async function create(o) {
  /* global Bun */
  const s3 = new Bun.S3Client({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    bucket: o.bucket,
    region: o.region,
    endpoint: o.endpoint,
  });
  return {
    put: (Key, Body) => s3.write(Key, Body),
    get: async (Key) => (await s3.file(Key).bytes()).length,
    getStream: async (Key) => {
      let n = 0;
      for await (const c of s3.file(Key).stream()) n += c.length;
      return n;
    },
    head: (Key) => s3.stat(Key),
  };
};
