'use strict';
const { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } = require('@aws-sdk/client-s3');
const { NodeHttpHandler } = require('@smithy/node-http-handler');
const { Upload } = require('@aws-sdk/lib-storage');
const http = require('http');
const fs = require('fs');
const { pipeline } = require('stream/promises');

module.exports = async function create(o) {
  const s3 = new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    forcePathStyle: true,
    // Uploads covered by the SHA-256-signed payload; downloads validated, as s3-native does by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_SUPPORTED',
    // `load` keeps v3's own default: NodeHttpHandler's agents with keep-alive and maxSockets 50.
    ...(o.defaultConnections ? {} : { requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 128 }) }) }),
  });
  const Bucket = o.bucket;
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
};
