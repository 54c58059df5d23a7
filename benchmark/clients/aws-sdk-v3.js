'use strict';
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const http = require('http');
const fs = require('fs');
const { pipeline } = require('stream/promises');

/**
 * The bench operations over a v3-shaped client: `m` is @aws-sdk/client-s3 or s3-native/v3 (the
 * same calls, so the two compare call for call), `Upload` lib-storage's class of the same face.
 */
function drive(m, Upload, s3, Bucket) {
  const { PutObjectCommand, GetObjectCommand, HeadObjectCommand } = m;
  return {
    put: (Key, Body) => s3.send(new PutObjectCommand({ Bucket, Key, Body })),
    get: async (Key) => (await (await s3.send(new GetObjectCommand({ Bucket, Key }))).Body.transformToByteArray()).length,
    getStream: async (Key) => {
      const r = await s3.send(new GetObjectCommand({ Bucket, Key }));
      let n = 0;
      for await (const c of r.Body) n += c.length;
      return n;
    },
    head: (Key) => s3.send(new HeadObjectCommand({ Bucket, Key })),
    jobs: {
      upload: {
        partSize: true,
        parallel: true,
        run: (Key, Body, t) => new Upload({ client: s3, params: { Bucket, Key, Body }, partSize: t.partSize, queueSize: t.queueSize }).done(),
      },
      // v3 has no parallel download: one GetObjectCommand, its Body piped to the file.
      download: { run: async (Key, file) => pipeline((await s3.send(new GetObjectCommand({ Bucket, Key }))).Body, fs.createWriteStream(file)) },
    },
  };
}

/** The bench server's options in v3's names. */
function serverOptions(o) {
  return { region: o.region, endpoint: o.endpoint, credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }, forcePathStyle: true };
}

module.exports = async function create(o) {
  const m = require('@aws-sdk/client-s3');
  const s3 = new m.S3Client({
    ...serverOptions(o),
    // Uploads covered by the SHA-256-signed payload; downloads validated, as s3-native does by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_SUPPORTED',
    // `load` keeps v3's own default: NodeHttpHandler's agents with keep-alive and maxSockets 50.
    ...(o.defaultConnections ? {} : { requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 128 }) }) }),
  });
  return drive(m, require('@aws-sdk/lib-storage').Upload, s3, o.bucket);
};
module.exports.drive = drive;
module.exports.serverOptions = serverOptions;
