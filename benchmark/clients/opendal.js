'use strict';
const { Operator } = require('opendal');
const fs = require('fs');
const { pipeline } = require('stream/promises');

module.exports = async function create(o) {
  const op = new Operator('s3', {
    bucket: o.bucket,
    region: o.region,
    endpoint: o.endpoint,
    access_key_id: o.accessKeyId,
    secret_access_key: o.secretAccessKey,
    disable_config_load: 'true',
    disable_ec2_metadata: 'true',
  });
  return {
    put: (Key, Body) => op.write(Key, Body),
    get: async (Key) => (await op.read(Key)).length,
    getStream: async (Key) => {
      const r = await op.reader(Key);
      const buf = Buffer.alloc(1 << 20);
      let n = 0;
      for (;;) {
        const got = await r.read(buf);
        if (!got) break;
        n += Number(got);
      }
      return n;
    },
    head: (Key) => op.stat(Key),
    jobs: {
      // A Writer that cuts `chunk`-sized parts and uploads `concurrent` of them at once, fed through
      // its createWriteStream().
      upload: {
        partSize: true,
        parallel: true,
        run: async (Key, Body, t) => {
          const w = await op.writer(Key, { chunk: BigInt(t.partSize), concurrent: t.queueSize });
          await pipeline(Body, w.createWriteStream());
        },
      },
      // A Reader that fetches `chunk`-sized ranges, `concurrent` at once, read through its
      // createReadStream() (1 MiB reads) and piped to the file.
      download: {
        partSize: true,
        parallel: true,
        run: async (Key, file, t) => {
          const r = await op.reader(Key, { chunk: t.partSize, concurrent: t.queueSize });
          await pipeline(r.createReadStream({ highWaterMark: 1 << 20 }), fs.createWriteStream(file));
        },
      },
    },
  };
};
