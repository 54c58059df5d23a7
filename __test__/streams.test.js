'use strict';
// Streams: createReadStream() with backpressure and errors, stream and file Bodies, and
// "nothing lost, nothing half-written" when a Body stream fails.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { Readable, Writable } = require('stream');
const { pipeline } = require('stream/promises');
const h = require('./helpers');

let Bucket;
let dir;
test.before(async () => {
  Bucket = await h.bucket('str');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3n-streams-'));
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function drain(stream) {
  const hash = crypto.createHash('md5');
  let n = 0;
  for await (const c of stream) {
    hash.update(c);
    n += c.length;
  }
  return { n, md5: hash.digest('hex') };
}

test('createReadStream pipes the exact bytes', async () => {
  const s3 = h.client();
  const Body = crypto.randomBytes(8 * 1024 * 1024 + 123);
  const Key = h.key('rs');
  await s3.putObject({ Bucket, Key, Body });
  const got = await drain(s3.getObject({ Bucket, Key }).createReadStream());
  assert.equal(got.n, Body.length);
  assert.equal(got.md5, h.md5(Body));
  const file = path.join(dir, 'piped.bin');
  await pipeline(s3.getObject({ Bucket, Key }).createReadStream(), fs.createWriteStream(file));
  assert.equal(h.md5(fs.readFileSync(file)), h.md5(Body));
});

test('createReadStream has backpressure: memory stays flat for a paused 64 MiB read', async () => {
  const s3 = h.client();
  const size = 64 * 1024 * 1024;
  const Body = crypto.randomBytes(size);
  const Key = h.key('big');
  await s3.putObject({ Bucket, Key, Body }, { zeroCopy: true });
  const expected = h.md5(Body);
  const stream = s3.getObject({ Bucket, Key }).createReadStream();
  let received = 0;
  const hash = crypto.createHash('md5');
  let pauseGrowth = null;
  let receivedWhilePaused = null;
  await new Promise((resolve, reject) => {
    let paused = false;
    stream.on('data', (c) => {
      received += c.length;
      hash.update(c);
      if (!paused && received > 4 * 1024 * 1024) {
        paused = true;
        stream.pause();
        const rssAtPause = process.memoryUsage().rss;
        const receivedAtPause = received;
        // A slow consumer. Without backpressure the rest of the object (60 MiB, which the local
        // server sends in well under this window) would pile up in memory meanwhile.
        setTimeout(() => {
          pauseGrowth = process.memoryUsage().rss - rssAtPause;
          receivedWhilePaused = received - receivedAtPause;
          assert.ok(stream.readableLength <= 1024 * 1024, `buffered ${stream.readableLength}`);
          stream.resume();
        }, 500);
      }
    });
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  assert.equal(received, size);
  assert.equal(hash.digest('hex'), expected);
  assert.equal(receivedWhilePaused, 0);
  assert.ok(pauseGrowth < 16 * 1024 * 1024, `RSS grew by ${(pauseGrowth / 1048576).toFixed(1)} MiB while paused`);
});

test('createReadStream: service errors arrive as the stream error', async () => {
  const stream = h.client().getObject({ Bucket, Key: 'missing' }).createReadStream();
  const err = await new Promise((resolve) => stream.on('error', resolve));
  assert.equal(err.code, 'NoSuchKey');
  assert.equal(err.statusCode, 404);
});

test('destroying a read stream mid-way is clean', async () => {
  const s3 = h.client();
  const Key = h.key('destroy');
  await s3.putObject({ Bucket, Key, Body: crypto.randomBytes(4 * 1024 * 1024) });
  const stream = s3.getObject({ Bucket, Key }).createReadStream();
  await new Promise((resolve) => stream.once('data', resolve));
  stream.destroy();
  await new Promise((resolve) => stream.on('close', resolve));
  assert.ok(stream.destroyed);
  // The client still works afterwards.
  assert.equal((await s3.headObject({ Bucket, Key })).ContentLength, 4 * 1024 * 1024);
});

test('a short body gives StreamContentLengthMismatch', async () => {
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'content-length': '1000', 'content-type': 'application/octet-stream', etag: '"x"' });
    res.write(Buffer.alloc(500, 1));
    setTimeout(() => res.socket.destroy(), 20);
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const s3 = h.client({ endpoint: `http://127.0.0.1:${srv.address().port}`, maxAttempts: 1 });
    const err = await s3.getObject({ Bucket: 'b', Key: 'k' }).promise().then(() => null, (e) => e);
    assert.equal(err.code, 'StreamContentLengthMismatch');
    const stream = s3.getObject({ Bucket: 'b', Key: 'k' }).createReadStream();
    stream.resume();
    const err2 = await new Promise((resolve) => stream.on('error', resolve));
    assert.equal(err2.code, 'StreamContentLengthMismatch');
  } finally {
    srv.close();
  }
});

test('fs.createReadStream Body without ContentLength, also with start/end', async () => {
  const s3 = h.client();
  const data = crypto.randomBytes(300 * 1024);
  const file = path.join(dir, 'up.bin');
  fs.writeFileSync(file, data);
  const Key = h.key('file');
  const out = await s3.putObject({ Bucket, Key, Body: fs.createReadStream(file) });
  assert.equal(out.ETag, `"${h.md5(data)}"`);
  assert.deepEqual((await h.readBack(Bucket, Key)).body, data);
  const Key2 = h.key('slice');
  await s3.putObject({ Bucket, Key: Key2, Body: fs.createReadStream(file, { start: 100, end: 1099 }) });
  assert.deepEqual((await h.readBack(Bucket, Key2)).body, data.subarray(100, 1100));
  // A start past the end reads nothing, as the stream would: an empty object.
  const Key3 = h.key('past-end');
  await s3.putObject({ Bucket, Key: Key3, Body: fs.createReadStream(file, { start: data.length + 10 }) });
  assert.equal((await h.readBack(Bucket, Key3)).body.length, 0);
  // A directory is the stream's own EISDIR, before anything is sent.
  const Key4 = h.key('dir');
  const err = await s3.putObject({ Bucket, Key: Key4, Body: fs.createReadStream(dir) }).promise().then(() => null, (e) => e);
  assert.equal(err && err.code, 'EISDIR');
  assert.ok(err instanceof h.s3native.S3Error);
  await assert.rejects(s3.headObject({ Bucket, Key: Key4 }).promise(), (e) => e.code === 'NotFound');
});

test('a generic Readable with ContentLength streams with progress', async () => {
  const s3 = h.client();
  const chunks = Array.from({ length: 20 }, () => crypto.randomBytes(50 * 1024));
  const all = Buffer.concat(chunks);
  const Key = h.key('readable');
  const progress = [];
  const out = await s3
    .putObject({ Bucket, Key, Body: Readable.from(chunks), ContentLength: all.length })
    .on('httpUploadProgress', (p) => progress.push(p))
    .promise();
  assert.equal(out.ETag, `"${h.md5(all)}"`);
  assert.deepEqual((await h.readBack(Bucket, Key)).body, all);
  assert.ok(progress.length >= 2);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i].loaded > progress[i - 1].loaded);
  assert.deepEqual(progress[progress.length - 1], { loaded: all.length, total: all.length });
});

test('a web ReadableStream Body (fetch().body, v3 style) streams with ContentLength', async () => {
  const s3 = h.client();
  const chunks = Array.from({ length: 8 }, () => crypto.randomBytes(40 * 1024));
  const all = Buffer.concat(chunks);
  const web = () =>
    new ReadableStream({
      start(controller) {
        for (const c of chunks) controller.enqueue(new Uint8Array(c));
        controller.close();
      },
    });
  const Key = h.key('web');
  const out = await s3.putObject({ Bucket, Key, Body: web(), ContentLength: all.length }).promise();
  assert.equal(out.ETag, `"${h.md5(all)}"`);
  assert.deepEqual((await h.readBack(Bucket, Key)).body, all);
  const err = await s3.putObject({ Bucket, Key: h.key('web-nolen'), Body: web() }).promise().then(() => null, (e) => e);
  assert.equal(err && err.code, 'MissingContentLength');
  const short = await s3.putObject({ Bucket, Key: h.key('web-short'), Body: web(), ContentLength: all.length + 1 }).promise().then(() => null, (e) => e);
  assert.equal(short && short.code, 'StreamContentLengthMismatch');
});

test('a Readable without ContentLength is refused before sending', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const err = await s3.putObject({ Bucket: 'b', Key: 'k', Body: Readable.from(['abc']) }).promise().then(() => null, (e) => e);
    assert.equal(err.code, 'MissingContentLength');
    assert.match(err.message, /ContentLength/);
    assert.equal(probe.connections(), 0);
  } finally {
    await probe.close();
  }
});

test('a failing or oversized Body stream rejects and stores nothing', async () => {
  const s3 = h.client();
  const Key = h.key('broken');
  const broken = new Readable({
    read() {
      if (!this.sent) {
        this.sent = true;
        this.push(Buffer.alloc(64 * 1024, 7));
      } else {
        this.destroy(new Error('disk on fire'));
      }
    },
  });
  const err = await s3.putObject({ Bucket, Key, Body: broken, ContentLength: 1024 * 1024 }).promise().then(() => null, (e) => e);
  assert.ok(err instanceof h.s3native.S3Error);
  assert.equal(err.code, 'BodyStreamError');
  assert.match(err.message, /disk on fire/);
  assert.equal(err.cause.message, 'disk on fire');
  await assert.rejects(s3.headObject({ Bucket, Key }).promise(), (e) => e.code === 'NotFound');

  const Key2 = h.key('oversized');
  const err2 = await s3
    .putObject({ Bucket, Key: Key2, Body: Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), ContentLength: 15 })
    .promise()
    .then(() => null, (e) => e);
  assert.equal(err2.code, 'StreamContentLengthMismatch');
  await assert.rejects(s3.headObject({ Bucket, Key: Key2 }).promise(), (e) => e.code === 'NotFound');

  const Key3 = h.key('short');
  const err3 = await s3
    .putObject({ Bucket, Key: Key3, Body: Readable.from([Buffer.alloc(10)]), ContentLength: 15 })
    .promise()
    .then(() => null, (e) => e);
  assert.equal(err3.code, 'StreamContentLengthMismatch');
  await assert.rejects(s3.headObject({ Bucket, Key: Key3 }).promise(), (e) => e.code === 'NotFound');
});

test('an aborted stream upload stores nothing', async () => {
  const s3 = h.client();
  const Key = h.key('abort-up');
  const slow = new Readable({
    read() {
      setTimeout(() => this.push(Buffer.alloc(16 * 1024, 1)), 20);
    },
  });
  const req = s3.putObject({ Bucket, Key, Body: slow, ContentLength: 10 * 1024 * 1024 });
  const p = req.promise();
  setTimeout(() => req.abort(), 150);
  const err = await p.then(() => null, (e) => e);
  assert.equal(err.code, 'RequestAbortedError');
  slow.destroy();
  await assert.rejects(s3.headObject({ Bucket, Key }).promise(), (e) => e.code === 'NotFound');
  assert.ok(Writable); // (stream module loaded for the suite)
});
