'use strict';
// Shared test helpers. The test command (scripts/test.js) starts a real S3-compatible server
// (s3s-fs or moto) on 127.0.0.1 and passes it in through these variables.

const crypto = require('crypto');
const net = require('net');
const { S3Client, CreateBucketCommand, GetObjectCommand, HeadObjectCommand } = require('@aws-sdk/client-s3');
const AWS = require('aws-sdk');
const s3native = require('..');

const env = process.env;
const server = env.S3_TEST_SERVER || 'unknown';
const endpoint = env.S3_TEST_ENDPOINT;
const region = env.S3_TEST_REGION || 'us-east-1';
const credentials = {
  accessKeyId: env.S3_TEST_ACCESS_KEY_ID || 'AKIDS3NATIVETEST',
  secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY || 's3native/test/secret',
};

if (!endpoint) {
  throw new Error('S3_TEST_ENDPOINT is not set: run the suites through `npm test` (scripts/test.js)');
}

/** Options for any of the three clients, pointed at the test server. */
function config(extra = {}) {
  return { region, endpoint, credentials, forcePathStyle: true, ...extra };
}

/** An s3-native client for the test server. */
function client(extra) {
  return new s3native.S3(config(extra));
}

/** @aws-sdk/client-s3, validating response checksums where the server sends them. */
function v3(extra) {
  return new S3Client(config(extra));
}

/** aws-sdk v2's AWS.S3 for the test server. */
function v2(extra = {}) {
  return new AWS.S3({
    region,
    endpoint,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    s3ForcePathStyle: true,
    signatureVersion: 'v4',
    ...extra,
  });
}

function rand(n = 8) {
  return crypto.randomBytes(n).toString('hex');
}

/** mulberry32: a small seeded PRNG, for deterministic fuzzing. */
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh bucket (S3 names: lower case, 3-63 chars). */
async function bucket(prefix = 't') {
  const name = `${prefix}-${rand(6)}`;
  await v3().send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

function key(prefix = 'k') {
  return `${prefix}/${rand(6)}.bin`;
}

function md5(buf) {
  return crypto.createHash('md5').update(buf).digest('hex');
}

/** Reads an object back with @aws-sdk/client-s3: `{ body: Buffer, head }`. */
async function readBack(Bucket, Key) {
  const c = v3();
  const got = await c.send(new GetObjectCommand({ Bucket, Key }));
  const body = Buffer.from(await got.Body.transformToByteArray());
  const head = await c.send(new HeadObjectCommand({ Bucket, Key }));
  return { body, head, got };
}

/**
 * A TCP endpoint that counts connections. `mode`: 'close' (accept and close at once) or 'hang'
 * (accept and never answer). Used to prove that no request was sent, and to test timeouts.
 */
async function tcpProbe(mode = 'close') {
  const sockets = new Set();
  let connections = 0;
  const srv = net.createServer((sock) => {
    connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    if (mode === 'close') sock.destroy();
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

module.exports = {
  AWS,
  s3native,
  server,
  endpoint,
  region,
  credentials,
  config,
  client,
  v3,
  v2,
  rand,
  prng,
  bucket,
  key,
  md5,
  readBack,
  tcpProbe,
};
