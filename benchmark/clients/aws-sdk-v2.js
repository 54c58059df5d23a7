'use strict';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
const AWS = require('aws-sdk');
const http = require('http');
const fs = require('fs');
const { pipeline } = require('stream/promises');

module.exports = async function create(o) {
  const s3 = new AWS.S3({
    region: o.region,
    endpoint: o.endpoint,
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    s3ForcePathStyle: true,
    signatureVersion: 'v4',
    // `load` keeps v2's own default: for an http:// endpoint a fresh `http.Agent` without keep-alive
    // and with Node's maxSockets (Infinity); https gets keep-alive off and 50 sockets.
    ...(o.defaultConnections ? {} : { httpOptions: { agent: new http.Agent({ keepAlive: true, maxSockets: 128 }) } }),
  });
  const Bucket = o.bucket;
  return {
    put: (Key, Body) => s3.putObject({ Bucket, Key, Body }).promise(),
    get: async (Key) => (await s3.getObject({ Bucket, Key }).promise()).Body.length,
    getStream: async (Key) => {
      let n = 0;
      for await (const c of s3.getObject({ Bucket, Key }).createReadStream()) n += c.length;
      return n;
    },
    head: (Key) => s3.headObject({ Bucket, Key }).promise(),
    jobs: {
      upload: {
        partSize: true,
        parallel: true,
        run: (Key, Body, t) => s3.upload({ Bucket, Key, Body }, { partSize: t.partSize, queueSize: t.queueSize }).promise(),
      },
      // v2 has no parallel download: one GET, its stream piped to the file.
      download: { run: (Key, file) => pipeline(s3.getObject({ Bucket, Key }).createReadStream(), fs.createWriteStream(file)) },
    },
  };
};
