'use strict';
/** A bench client over an `S3` class (this checkout's, or a baseline checkout's: `--baseline`). */
const factory = (S3) => async function create(o) {
  const s3 = new S3({
    region: o.region,
    endpoint: o.endpoint,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    forcePathStyle: true,
    // The AWS default (CRC32 on uploads); s3-native's own default on a custom endpoint is WHEN_REQUIRED.
    requestChecksumCalculation: 'WHEN_SUPPORTED',
  });
  const Bucket = o.bucket;
  return {
    put: (Key, Body) => s3.putObject({ Bucket, Key, Body }).promise(),
    get: async (Key) => (await s3.getObject({ Bucket, Key }).promise()).Body.length,
    getStream: (Key) => drain(s3.getObject({ Bucket, Key }).createReadStream()),
    head: (Key) => s3.headObject({ Bucket, Key }).promise(),
    // Managed transfers (upload-stream, download-file, transfer-shaped): see benchmark/worker.js.
    jobs:
      typeof s3.upload !== 'function' || typeof s3.download !== 'function'
        ? { upload: { skip: 'this build has no s3.upload()/s3.download()' }, download: { skip: 'this build has no s3.upload()/s3.download()' } }
        : {
            upload: {
              partSize: true,
              parallel: true,
              run: (Key, Body, t) => s3.upload({ Bucket, Key, Body }, { partSize: t.partSize, queueSize: t.queueSize }).promise(),
            },
            download: {
              partSize: true,
              parallel: true,
              run: (Key, file, t) => s3.download({ Bucket, Key }, { file, partSize: t.partSize, queueSize: t.queueSize }).promise(),
            },
          },
  };
};

async function drain(stream) {
  let n = 0;
  for await (const c of stream) n += c.length;
  return n;
}
module.exports = factory(require('../..').S3);
module.exports.factory = factory;
module.exports.drain = drain;
