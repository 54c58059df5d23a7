'use strict';
// Bun's built-in S3 client; this adapter runs under the `bun` binary from the npm package.

const { Readable } = require('stream');

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
    jobs: {
      // `write()` of a Response over the stream: a multipart upload with `queueSize` parts in flight.
      // (`s3.file(Key).writer({ partSize, queueSize })` has no backpressure: writing a 512 MiB
      // stream into it held ~700 MiB; awaiting `flush()` after each write sends one part at a time.)
      upload: {
        partSize: true,
        parallel: true,
        run: (Key, Body, t) => s3.write(Key, new Response(Readable.toWeb(Body)), { partSize: t.partSize, queueSize: t.queueSize }),
      },
      // `Bun.write(path, S3File)`: one GET streamed into the file (no ranged parallel download).
      download: { run: (Key, file) => Bun.write(file, s3.file(Key)) },
    },
  };
};
