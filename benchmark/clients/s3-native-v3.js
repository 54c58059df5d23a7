'use strict';
// s3-native's v3 face (`require('s3-native/v3')`), driven as benchmark/clients/aws-sdk-v3.js drives
// @aws-sdk/client-s3, with the checksum settings of the s3-native row (CRC32 on uploads): its CPU
// per call is compared with the v2 face's in the same run.
const { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } = require('../../v3');
const { Upload } = require('../../v3/lib-storage');
const fs = require('fs');
const { pipeline } = require('stream/promises');

module.exports = async function create(o) {
  const s3 = new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_SUPPORTED',
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
      // As v3 (no parallel download): one GetObjectCommand, its Body piped to the file.
      download: { run: async (Key, file) => pipeline((await s3.send(new GetObjectCommand({ Bucket, Key }))).Body, fs.createWriteStream(file)) },
    },
  };
};
