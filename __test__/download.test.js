'use strict';
// Parallel downloads (issue 11, part 4): `s3.download(params, { file | stream, partSize,
// queueSize }[, callback])` and the module-level `download(params, options)`. There is no aws-sdk
// v2/v3 peer: the bytes are compared with the object (and with getObject of the whole object) and
// the result with headObject. The wire is watched through two proxies:
//
//   - ./fault-proxy.js, for parts that are cut, refused or dropped;
//   - a gate (below) that counts the GETs in flight and holds chosen requests before forwarding
//     them (or chosen answers' bodies after their headers) until the test lets them go. Holding
//     is what makes concurrency, backpressure, an abort and an overwrite mid-download
//     deterministic: a held part cannot finish, so whatever the client sends meanwhile is truly
//     concurrent with it.
//
// The first part is a GET of bytes 0-(partSize-1) whose headers (Content-Range: the size; ETag:
// the version) start the other parts while its body is still arriving.
//
// Every failure is checked for its coded S3Error, an existing target file left as it was, and no
// temporary file (`.<name>.<hex>.s3-native-download`) left behind.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { EventEmitter } = require('node:events');
const { Writable } = require('node:stream');
const { execFile } = require('node:child_process');
const h = require('./helpers');
const { startFaultProxy, forwardTo, listen, HOP_BY_HOP } = require('./fault-proxy');

const { S3Error } = h.s3native;
const KiB = 1024;
const MiB = 1024 * KiB;
const T = { timeout: 60000 }; // a hang fails the test instead of the run
const TEMP_SUFFIX = '.s3-native-download';

let Bucket;
let direct; // straight to the server, for setup and checks
let dir; // download targets
test.before(async () => {
  Bucket = await h.bucket('dl');
  direct = h.client();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3n-dl-'));
});

test.after(async () => {
  if (Bucket) await h.removeBucket(Bucket);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// ---- helpers ----

/** Stores random bytes (plus any putObject params) directly on the server. */
async function stored(size, extra = {}) {
  const Key = h.key('dl');
  const Body = crypto.randomBytes(size);
  const { ETag } = await direct.putObject({ Bucket, Key, Body, ...extra }).promise();
  return { Key, Body, ETag, path: `/${Bucket}/${Key}` };
}

/** A fresh path in the download directory (not created). */
function target(name = 'file') {
  return path.join(dir, `${name}-${h.rand(4)}`);
}

/** A target file that already exists with known content: { file, content }. */
function existing(name = 'existing') {
  const file = target(name);
  const content = Buffer.from(`keep me ${h.rand(8)}\n`);
  fs.writeFileSync(file, content);
  return { file, content };
}

/** Temporary download files in the download directory (none may survive a download). */
function temps() {
  return fs.readdirSync(dir).filter((n) => n.endsWith(TEMP_SUFFIX));
}

function noTemps(label) {
  assert.deepEqual(temps(), [], `${label}: temporary files left behind`);
}

/** The existing file still holds what it held, and nothing was left beside it. */
function untouched(keep, label) {
  assert.ok(fs.readFileSync(keep.file).equals(keep.content), `${label}: the existing file was changed`);
  noTemps(label);
}

const failure = (p) => p.then((data) => assert.fail(`expected a rejection, resolved with ${JSON.stringify(data)}`), (e) => e);

/** A coded S3Error (the code checked when given). */
function coded(err, code) {
  assert.ok(err instanceof S3Error, `expected an S3Error, got ${err && err.stack}`);
  assert.equal(typeof err.code, 'string', `code ${err.code}`);
  if (code) assert.equal(err.code, code, `${err.code}: ${err.message}`);
  return err;
}

/** Rejects after `ms` naming what hung (a download must never wait forever). */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no outcome within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A Writable that keeps what it is given: `.body()`; `delayMs` defers each write's callback. */
function collector({ delayMs = 0, highWaterMark } = {}) {
  const chunks = [];
  const w = new Writable({
    highWaterMark,
    write(chunk, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      if (delayMs) setTimeout(cb, delayMs);
      else cb();
    },
  });
  w.chunks = chunks;
  w.body = () => Buffer.concat(chunks);
  return w;
}

/** `bytes=a-b` -> { start, end } (end undefined when open), or null. */
function parseRange(v) {
  const m = /^bytes=(\d+)-(\d*)$/.exec(v || '');
  return m ? { start: Number(m[1]), end: m[2] === '' ? undefined : Number(m[2]) } : null;
}

/**
 * The exact ranges a download of `size` bytes asks for, in part order: the first part always asks
 * for a whole part (the size is not known yet), the others for their exact bytes.
 */
function expectedRanges(size, partSize) {
  const out = [`bytes=0-${partSize - 1}`];
  for (let from = partSize; from < size; from += partSize) out.push(`bytes=${from}-${Math.min(size, from + partSize) - 1}`);
  return out;
}

/** Runs a download and records its progress events: { data, err, events }. */
async function run(d) {
  const events = [];
  d.on('httpDownloadProgress', (e) => events.push({ ...e }));
  const { data, err } = await d.promise().then((v) => ({ data: v, err: null }), (e) => ({ data: null, err: e }));
  return { data, err, events };
}

/** Progress: at least one event per part, monotonic, total known, the last loaded === total. */
function checkProgress(events, size, partSize, Key, label) {
  const parts = Math.max(1, Math.ceil(size / partSize));
  assert.ok(events.length >= parts, `${label}: at least one progress event per part`);
  let last = -1;
  for (const e of events) {
    assert.deepEqual(Object.keys(e).sort(), ['key', 'loaded', 'part', 'total'], `${label}: event members`);
    assert.equal(e.key, Key, `${label}: event key`);
    assert.equal(e.total, size, `${label}: event total`);
    assert.ok(Number.isInteger(e.loaded) && e.loaded >= last && e.loaded <= size, `${label}: loaded ${e.loaded} after ${last}`);
    last = e.loaded;
  }
  assert.equal(events[events.length - 1].loaded, size, `${label}: the last loaded is the total`);
  assert.deepEqual([...new Set(events.map((e) => e.part))].sort((a, b) => a - b), Array.from({ length: parts }, (_, i) => i + 1), `${label}: every part reported`);
}

/** The result is headObject's output with ContentLength the whole size, plus Bucket and Key. */
async function checkResult(data, obj, size, label) {
  const head = await direct.headObject({ Bucket, Key: obj.Key }).promise();
  assert.equal(data.Bucket, Bucket, `${label}: Bucket`);
  assert.equal(data.Key, obj.Key, `${label}: Key`);
  assert.equal(data.ContentLength, size, `${label}: ContentLength`);
  for (const gone of ['Body', 'ContentRange', 'AcceptRanges']) assert.equal(data[gone], undefined, `${label}: no ${gone}`);
  for (const k of Object.keys(head)) {
    if (k === 'AcceptRanges') continue;
    assert.deepEqual(data[k], head[k], `${label}: ${k} (download result vs headObject)`);
  }
  const extra = Object.keys(data).filter((k) => !(k in head) && !['Bucket', 'Key'].includes(k));
  assert.deepEqual(extra, [], `${label}: members headObject does not have`);
}

// ---- the gate: a proxy that counts GETs in flight and holds chosen ones ----

/**
 * A pass-through proxy for test `t` (closed after it). `gate.requests`: every request seen
 * ({ method, url, headers, range, status, done }, `done` a promise of the end of its answer).
 * `gate.hold = (entry) => boolean` picks
 * requests to hold before forwarding; they wait in `gate.held` until `gate.release(entry)` /
 * `gate.releaseAll()`. `gate.holdBody = (entry) => boolean` picks answers whose status and
 * headers go to the client at once but whose body waits (`entry.bodyHeld`, in `gate.held` too)
 * until released. `gate.onArrive(entry)` runs on each arrival (after hold was decided),
 * `gate.onHold(entry)` each time something joins `gate.held` (a request or a body);
 * `gate.next(pred)` resolves with the first request (seen or to come) that matches.
 * A watchdog releases everything held when nothing arrived for `watchdogMs` and records it in
 * `gate.stalls` (how many were held then), so a client that stops short fails an assertion, not
 * the whole test by timeout.
 */
async function startGate(t, { watchdogMs = 15000 } = {}) {
  const upstream = new URL(h.endpoint);
  const upstreams = new Set();
  const sockets = new Set();
  const waiters = [];
  let timer = null;
  const gate = {
    requests: [],
    held: [],
    stalls: [],
    hold: null,
    holdBody: null,
    onArrive: null,
    onHold: null,
    release(entry) {
      const i = gate.held.indexOf(entry);
      if (i < 0) return;
      gate.held.splice(i, 1);
      entry.go();
    },
    releaseAll() {
      for (const e of [...gate.held]) gate.release(e);
    },
    next(pred) {
      const seen = gate.requests.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
  const armWatchdog = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (gate.held.length) {
        gate.stalls.push(gate.held.length);
        gate.releaseAll();
      }
    }, watchdogMs);
    timer.unref();
  };

  function forward(req, res, entry) {
    if (res.destroyed) return;
    const up = forwardTo(upstream, req, res, upstreams, entry);
    up.on('response', (r) => {
      entry.status = r.statusCode;
      entry.responseHeaders = r.headers;
      const headers = [];
      for (let i = 0; i < r.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(r.rawHeaders[i].toLowerCase())) headers.push(r.rawHeaders[i], r.rawHeaders[i + 1]);
      }
      r.on('error', () => res.destroy());
      if (res.destroyed) return r.destroy();
      res.writeHead(r.statusCode, r.statusMessage, headers);
      if (gate.holdBody && gate.holdBody(entry)) {
        // The status and headers go out now; the body waits for release().
        res.flushHeaders();
        entry.bodyHeld = true;
        r.pause();
        entry.go = () => r.pipe(res);
        gate.held.push(entry);
        armWatchdog();
        if (gate.onHold) gate.onHold(entry);
        return undefined;
      }
      r.pipe(res);
      return undefined;
    });
    req.pipe(up);
  }

  const server = http.createServer((req, res) => {
    const entry = { method: req.method, url: req.url, headers: req.headers, range: parseRange(req.headers.range), status: undefined };
    entry.done = new Promise((resolve) => res.on('close', resolve));
    gate.requests.push(entry);
    res.on('error', () => {});
    entry.go = () => forward(req, res, entry);
    const held = Boolean(gate.hold && gate.hold(entry));
    if (held) gate.held.push(entry);
    armWatchdog();
    if (gate.onArrive) gate.onArrive(entry);
    if (held && gate.onHold) gate.onHold(entry);
    for (const w of [...waiters]) {
      if (w.pred(entry)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(entry);
      }
    }
    if (!held) entry.go();
  });
  const { port, close } = await listen(server, sockets, upstreams);
  gate.endpoint = `http://127.0.0.1:${port}`;
  t.after(() => {
    clearTimeout(timer);
    return close();
  });
  return gate;
}

/** A fault proxy for test `t` (closed after it). */
async function faultProxy(t) {
  const proxy = await startFaultProxy(h.endpoint);
  t.after(() => proxy.close());
  return proxy;
}

const partIndex = (entry, partSize) => (entry.range ? Math.floor(entry.range.start / partSize) : -1);

// ---- sizes, targets, result and progress ----

const SIZES = [
  ['0 bytes', 0],
  ['1 byte', 1],
  ['partSize - 1', MiB - 1],
  ['partSize', MiB],
  ['partSize + 1', MiB + 1],
  ['6 parts, the last short', 5 * MiB + 123457],
];

test('sizes around the part size: file and stream get the exact bytes, the exact ranges, headObject\'s metadata', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  for (const [name, size] of SIZES) {
    const obj = await stored(size, { ContentType: 'application/x-dl-test', Metadata: { origin: 'download-test' }, CacheControl: 'max-age=7' });
    const whole = (await direct.getObject({ Bucket, Key: obj.Key }).promise()).Body;
    assert.ok(whole.equals(obj.Body), `${name}: getObject of the whole object`);
    const ranges = expectedRanges(size, MiB);
    for (const kind of ['file', 'stream']) {
      const label = `${name} (${size} bytes) to a ${kind}`;
      const file = target(kind);
      const stream = kind === 'stream' ? collector() : undefined;
      const before = gate.requests.length;
      const { data, err, events } = await run(s3.download({ Bucket, Key: obj.Key }, kind === 'file' ? { file, partSize: MiB, queueSize: 3 } : { stream, partSize: MiB, queueSize: 3 }));
      assert.equal(err, null, `${label}: ${err && err.stack}`);
      const got = kind === 'file' ? fs.readFileSync(file) : stream.body();
      assert.equal(got.length, size, `${label}: length`);
      assert.ok(got.equals(whole), `${label}: the bytes`);
      if (kind === 'stream') {
        assert.equal(stream.writableFinished, true, `${label}: the stream was ended`);
        assert.equal(fs.existsSync(file), false);
      }
      noTemps(label);
      await checkResult(data, obj, size, label);
      checkProgress(events, size, MiB, obj.Key, label);

      const gets = gate.requests.slice(before).filter((e) => e.method === 'GET');
      assert.ok(gets.every((e) => e.url.startsWith(obj.path)), `${label}: only GETs of the object`);
      assert.equal(gets[0].headers.range, ranges[0], `${label}: the first part's Range`);
      assert.equal(gets[0].headers['if-match'], undefined, `${label}: the first part is not pinned`);
      if (size === 0) {
        // No byte 0: a 416 and then one plain GET (or a server that answers the range with 200).
        assert.ok(gets.length <= 2, `${label}: ${gets.length} GETs`);
        if (gets.length === 2) {
          assert.equal(gets[0].status, 416, `${label}: the first answer`);
          assert.equal(gets[1].headers.range, undefined, `${label}: the second GET is plain`);
        }
        continue;
      }
      assert.deepEqual(gets.map((e) => e.headers.range).sort(), [...ranges].sort(), `${label}: each range once`);
      for (const e of gets.slice(1)) assert.equal(e.headers['if-match'], obj.ETag, `${label}: ${e.headers.range} pinned with If-Match`);
      assert.ok(gets.every((e) => e.status === 206), `${label}: statuses ${gets.map((e) => e.status)}`);
    }
  }
});

test('an existing file is replaced on success; the defaults fetch an object under 8 MiB in one GET', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(3 * MiB + 3);
  const keep = existing('replaced');
  const { data, err } = await run(s3.download({ Bucket, Key: obj.Key }, { file: keep.file }));
  assert.equal(err, null, err && err.stack);
  assert.ok(fs.readFileSync(keep.file).equals(obj.Body), 'the file now holds the object');
  assert.equal(data.ContentLength, obj.Body.length);
  noTemps('defaults');
  const gets = gate.requests.filter((e) => e.method === 'GET');
  assert.deepEqual(gets.map((e) => e.headers.range), [`bytes=0-${8 * MiB - 1}`], 'one GET of the default 8 MiB part');
});

test('an object stored with a CRC32: every part downloads (a range is not checked against the whole object)', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const writer = h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const Key = h.key('crc');
  const Body = crypto.randomBytes(3 * MiB + 11);
  await writer.putObject({ Bucket, Key, Body, ChecksumAlgorithm: 'CRC32' }).promise();
  const head = await direct.headObject({ Bucket, Key, ChecksumMode: 'ENABLED' }).promise();
  assert.equal(typeof head.ChecksumCRC32, 'string', 'the server kept a CRC32');
  const file = target('crc');
  const { data, err } = await run(s3.download({ Bucket, Key }, { file, partSize: MiB, queueSize: 2 }));
  assert.equal(err, null, err && err.stack);
  assert.ok(fs.readFileSync(file).equals(Body), 'the bytes');
  // The result may carry the object's checksum, never one of a part.
  if (data.ChecksumCRC32 !== undefined) assert.equal(data.ChecksumCRC32, head.ChecksumCRC32);
  assert.equal(gate.requests.length, 4);
});

test('checksums: the GET that may return the whole object asks for its checksum (whatever responseChecksumValidation says); a corrupted one fails', T, async (t) => {
  const writer = h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const Key = h.key('crc-small');
  const Body = crypto.randomBytes(300 * KiB + 7);
  await writer.putObject({ Bucket, Key, Body, ChecksumAlgorithm: 'CRC32' }).promise();
  const objPath = `/${Bucket}/${Key}`;
  // Does this server send the object's checksum with a range that covers the whole object?
  // (Both local servers do; AWS S3 sends none with any ranged GET.)
  const ranged = await direct.getObject({ Bucket, Key, Range: `bytes=0-${MiB - 1}`, ChecksumMode: 'ENABLED' }).promise();
  if (ranged.ChecksumCRC32 === undefined) return t.skip(`${h.server} sends no checksum with a ranged GET`);

  const proxy = await faultProxy(t);
  // WHEN_REQUIRED: getObject asks for no checksum; the download still does on its first GET.
  const s3 = h.client({ endpoint: proxy.endpoint, responseChecksumValidation: 'WHEN_REQUIRED', maxRetries: 1, retryDelayOptions: { base: 10 } });
  const file = target('crc-ok');
  const data = await s3.download({ Bucket, Key }, { file, partSize: MiB }).promise();
  assert.ok(fs.readFileSync(file).equals(Body), 'the bytes');
  assert.equal(data.ChecksumCRC32, ranged.ChecksumCRC32, 'the checksum the first GET verified');
  const [clean] = proxy.seen('GET', objPath);
  assert.equal(clean.headers['x-amz-checksum-mode'], 'ENABLED', 'the first GET asks for the checksum');

  // The body corrupted in transit, on every try: the download fails, nothing is kept.
  proxy.rule({ method: 'GET', path: objPath, flipAt: 1000, times: Infinity });
  const keep = existing('crc-corrupt');
  coded(await within(failure(s3.download({ Bucket, Key }, { file: keep.file, partSize: MiB }).promise()), 20000, 'corrupted download to a file'), 'ChecksumMismatch');
  untouched(keep, 'corrupted, file');
  // Into a stream: the first part (here the whole object) is kept until it is verified, so not
  // a byte of it reaches the Writable.
  const stream = collector();
  const err = coded(await within(failure(s3.download({ Bucket, Key }, { stream, partSize: MiB }).promise()), 20000, 'corrupted download to a stream'), 'ChecksumMismatch');
  assert.equal(err.retryable, false);
  assert.equal(stream.destroyed, true, 'the stream is destroyed');
  assert.equal(stream.errored && stream.errored.code, 'ChecksumMismatch');
  assert.equal(stream.body().length, 0, 'nothing unverified was written');
  assert.ok(proxy.requests.some((e) => e.flipped), 'the proxy corrupted the body');
  return undefined;
});

test('queueSize 1 into a file: one GET of the whole object, checked against its checksum; a corrupted one fails, the file untouched', T, async (t) => {
  const writer = h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const Key = h.key('q1');
  const Body = crypto.randomBytes(3 * MiB + 5);
  await writer.putObject({ Bucket, Key, Body, ChecksumAlgorithm: 'CRC32' }).promise();
  const head = await direct.headObject({ Bucket, Key, ChecksumMode: 'ENABLED' }).promise();
  const objPath = `/${Bucket}/${Key}`;
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint, responseChecksumValidation: 'WHEN_REQUIRED', maxRetries: 1, retryDelayOptions: { base: 10 } });
  const file = target('q1');
  const d = s3.download({ Bucket, Key }, { file, partSize: MiB, queueSize: 1 });
  const events = [];
  d.on('httpDownloadProgress', (e) => events.push({ ...e }));
  const data = await d.promise();
  assert.ok(fs.readFileSync(file).equals(Body), 'the bytes');
  const gets = proxy.seen('GET', objPath);
  assert.deepEqual(gets.map((e) => [e.headers.range, e.headers['x-amz-checksum-mode']]), [[undefined, 'ENABLED']], 'one plain GET that asks for the checksum');
  assert.equal(data.ContentLength, Body.length);
  assert.equal(data.ETag, head.ETag);
  assert.equal(data.Bucket, Bucket);
  assert.equal(data.Key, Key);
  assert.equal(data.Body, undefined);
  if (head.ChecksumCRC32 !== undefined) assert.equal(data.ChecksumCRC32, head.ChecksumCRC32, 'the checksum it was checked against');
  assert.ok(events.length >= 1, 'progress');
  let last = -1;
  for (const e of events) {
    assert.ok(e.loaded >= last && e.total === Body.length && e.part === 1 && e.key === Key, JSON.stringify(e));
    last = e.loaded;
  }
  assert.equal(events[events.length - 1].loaded, Body.length);
  if (head.ChecksumCRC32 === undefined) return t.skip(`${h.server} keeps no checksum: the corrupted case needs one`);
  // Corrupted in transit on every try: ChecksumMismatch, the existing file untouched.
  proxy.rule({ method: 'GET', path: objPath, flipAt: 2 * MiB, times: Infinity });
  const keep = existing('q1-corrupt');
  coded(await within(failure(s3.download({ Bucket, Key }, { file: keep.file, partSize: MiB, queueSize: 1 }).promise()), 20000, 'corrupted q1 download'), 'ChecksumMismatch');
  untouched(keep, 'corrupted, queueSize 1');
  assert.ok(proxy.requests.some((e) => e.flipped), 'the proxy corrupted the body');
  return undefined;
});

test('checksums: an empty object\'s plain GET asks for the checksum; the pinned parts follow the client\'s setting', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint, responseChecksumValidation: 'WHEN_REQUIRED' });
  const empty = await stored(0);
  const file = target('empty-crc');
  const data = await s3.download({ Bucket, Key: empty.Key }, { file, partSize: MiB }).promise();
  assert.equal(data.ContentLength, 0);
  assert.equal(fs.readFileSync(file).length, 0);
  const gets = gate.requests.filter((e) => e.method === 'GET');
  assert.ok(gets.every((e) => e.headers['x-amz-checksum-mode'] === 'ENABLED'), `empty: ${gets.map((e) => `${e.headers.range} ${e.headers['x-amz-checksum-mode']}`)}`);
  assert.equal(gets[gets.length - 1].headers.range, undefined, 'the last GET is plain (or the only one, answered whole)');

  const obj = await stored(2 * MiB + 3);
  const before = gate.requests.length;
  await s3.download({ Bucket, Key: obj.Key }, { file: target('parts-crc'), partSize: MiB }).promise();
  const parts = gate.requests.slice(before);
  assert.deepEqual(parts.map((e) => [e.headers.range, e.headers['x-amz-checksum-mode']]), [
    [`bytes=0-${MiB - 1}`, 'ENABLED'],
    ...parts.slice(1).map((e) => [e.headers.range, undefined]),
  ], 'only the first GET asks (a pinned part is never the whole object)');
  assert.equal(parts.length, 3);
  // And a ChecksumMode given in params goes to every part.
  const before2 = gate.requests.length;
  await s3.download({ Bucket, Key: obj.Key, ChecksumMode: 'ENABLED' }, { file: target('parts-crc2'), partSize: MiB }).promise();
  assert.deepEqual(gate.requests.slice(before2).map((e) => e.headers['x-amz-checksum-mode']), ['ENABLED', 'ENABLED', 'ENABLED']);
});

// ---- concurrency and backpressure ----

test('queueSize bounds the GETs in flight, the first part included, and is reached (parts held at the proxy)', T, async (t) => {
  const size = 6 * MiB + 5;
  const obj = await stored(size);
  const parts = Math.ceil(size / MiB);
  // (Into a file, queueSize 1 is one GET of the whole object: tested above.)
  for (const queueSize of [2, 3]) {
    const gate = await startGate(t);
    const s3 = h.client({ endpoint: gate.endpoint });
    // The first part's body and every other part's request are held; the oldest held one goes
    // only when queueSize are held (or when every part has been asked for). A held request or
    // body cannot finish, so every held one is a part in flight.
    let arrived = 0;
    let maxHeld = 0;
    const over = [];
    const isObject = (e) => e.method === 'GET' && e.range !== null;
    gate.hold = (e) => isObject(e) && e.range.start > 0;
    gate.holdBody = (e) => isObject(e) && e.range.start === 0;
    gate.onArrive = (e) => {
      if (isObject(e)) arrived += 1;
    };
    gate.onHold = (e) => {
      maxHeld = Math.max(maxHeld, gate.held.length);
      if (gate.held.length > queueSize) over.push(`${e.headers.range}${e.bodyHeld ? ' (its body)' : ''} held with ${gate.held.length - 1} others`);
      if (arrived === parts) gate.releaseAll();
      else if (gate.held.length >= queueSize) gate.release(gate.held[0]);
    };
    const file = target('queue');
    const { err } = await run(s3.download({ Bucket, Key: obj.Key }, { file, partSize: MiB, queueSize }));
    const label = `queueSize ${queueSize}`;
    assert.equal(err, null, `${label}: ${err && err.stack}`);
    assert.ok(fs.readFileSync(file).equals(obj.Body), `${label}: the bytes`);
    assert.deepEqual(over, [], `${label}: more than queueSize parts in flight`);
    assert.deepEqual(gate.stalls, [], `${label}: the download stopped with fewer than queueSize parts in flight`);
    assert.equal(maxHeld, Math.min(queueSize, parts), `${label}: parts in flight at once`);
    assert.equal(gate.requests.length, parts, `${label}: one GET per part`);
  }
});

test('a 2-part object: both GETs in flight at once (the second sent while the first part\'s body is held)', T, async (t) => {
  const size = MiB + 4321;
  const obj = await stored(size);
  for (const kind of ['file', 'stream']) {
    const gate = await startGate(t, { watchdogMs: 5000 });
    const s3 = h.client({ endpoint: gate.endpoint });
    const isObject = (e) => e.method === 'GET' && e.range !== null && e.url.startsWith(obj.path);
    // Part 1 answers its status and headers but not a byte of its body; part 2 is held before
    // it reaches the server. Both are let go only once both are held.
    gate.holdBody = (e) => isObject(e) && e.range.start === 0;
    gate.hold = (e) => isObject(e) && e.range.start === MiB;
    let d;
    let seen = null;
    gate.onHold = () => {
      if (gate.held.length === 2) {
        seen = { held: gate.held.map((e) => (e.bodyHeld ? `body of ${e.headers.range}` : e.headers.range)), totalBytes: d.totalBytes };
        gate.releaseAll();
      }
    };
    const file = target(`two-${kind}`);
    const stream = kind === 'stream' ? collector() : undefined;
    d = s3.download({ Bucket, Key: obj.Key }, kind === 'file' ? { file, partSize: MiB, queueSize: 2 } : { stream, partSize: MiB, queueSize: 2 });
    const { data, err, events } = await run(d);
    const label = `2 parts to a ${kind}`;
    assert.equal(err, null, `${label}: ${err && err.stack}`);
    assert.deepEqual(gate.stalls, [], `${label}: part 2 was not asked for while part 1's body was held`);
    assert.deepEqual(seen, { held: [`body of bytes=0-${MiB - 1}`, `bytes=${MiB}-${size - 1}`], totalBytes: size }, `${label}: in flight together, the size known from part 1's headers`);
    const gets = gate.requests.filter((e) => e.method === 'GET');
    assert.equal(gets.length, 2, `${label}: GETs`);
    assert.equal(gets[1].headers['if-match'], obj.ETag, `${label}: part 2 pinned to part 1's ETag`);
    const got = kind === 'file' ? fs.readFileSync(file) : stream.body();
    assert.ok(got.equals(obj.Body), `${label}: the bytes, in order`);
    if (stream) assert.equal(stream.writableFinished, true, `${label}: the stream was ended`);
    noTemps(label);
    await checkResult(data, obj, size, label);
    checkProgress(events, size, MiB, obj.Key, label);
  }
});

test('a slow Writable: parts are never fetched more than queueSize ahead of the write position', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const size = 8 * MiB;
  const obj = await stored(size);
  const queueSize = 2;
  const stream = collector({ delayMs: 40 });
  // The write position: whole parts handed to the stream (the first part goes in several
  // writes, as its bytes arrive; each other part in one).
  let written = 0;
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    written += chunk.length;
    return write(chunk, ...rest);
  };
  const ahead = [];
  gate.onArrive = (e) => {
    if (e.method === 'GET' && e.range) ahead.push({ part: partIndex(e, MiB), writes: Math.floor(written / MiB) });
  };
  const { err, events } = await run(s3.download({ Bucket, Key: obj.Key }, { stream, partSize: MiB, queueSize }));
  assert.equal(err, null, err && err.stack);
  assert.ok(stream.body().equals(obj.Body), 'the bytes, in order');
  assert.equal(stream.writableFinished, true);
  checkProgress(events, size, MiB, obj.Key, 'slow stream');
  assert.equal(ahead.length, 8);
  const tooFar = ahead.filter((a) => a.part >= a.writes + queueSize);
  assert.deepEqual(tooFar, [], 'a part requested queueSize or more parts beyond the next one to write');
  t.diagnostic(`parts ahead of the writer when requested: ${ahead.map((a) => a.part - a.writes).join(' ')}`);
});

// ---- failures: the target untouched, no temporary file ----

test('a missing key: NoSuchKey (404), the existing file untouched, no temporary file; a stream is destroyed', T, async () => {
  const s3 = h.client();
  const Key = h.key('missing');
  const keep = existing();
  const err = coded(await failure(s3.download({ Bucket, Key }, { file: keep.file, partSize: MiB }).promise()), 'NoSuchKey');
  assert.equal(err.statusCode, 404);
  // As getObject reports it (s3s-fs sends no message).
  const expected = await failure(s3.getObject({ Bucket, Key }).promise());
  assert.deepEqual([err.code, err.statusCode, err.message, err.retryable], [expected.code, expected.statusCode, expected.message, expected.retryable]);
  untouched(keep, 'missing key');
  const fresh = target('never');
  coded(await failure(s3.download({ Bucket, Key }, { file: fresh }).promise()), 'NoSuchKey');
  assert.equal(fs.existsSync(fresh), false, 'no file created');
  noTemps('missing key, new file');

  const stream = collector();
  const err2 = coded(await failure(s3.download({ Bucket, Key }, { stream }).promise()), 'NoSuchKey');
  assert.equal(stream.destroyed, true, 'the stream is destroyed');
  assert.equal(stream.errored && stream.errored.code, err2.code, 'destroyed with the error');
  assert.equal(stream.body().length, 0);
});

test('abort mid-download: RequestAbortedError, the temporary file removed, the existing file untouched', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(4 * MiB);
  const keep = existing();
  gate.hold = (e) => e.range !== null && e.range.start === 2 * MiB;
  const d = s3.download({ Bucket, Key: obj.Key }, { file: keep.file, partSize: MiB, queueSize: 2 });
  const p = d.promise();
  const held = await gate.next((e) => e.range !== null && e.range.start === 2 * MiB);
  // Mid-download: the parts go to a temporary file beside the target; the target is as it was.
  const during = temps();
  assert.equal(during.length, 1, `temporary files during the download: ${during}`);
  assert.match(during[0], new RegExp(`^\\.${path.basename(keep.file)}\\.[0-9a-f]+\\${TEMP_SUFFIX}$`));
  assert.ok(fs.readFileSync(keep.file).equals(keep.content), 'the target is untouched while downloading');
  d.abort();
  const err = coded(await within(failure(p), 20000, 'aborted download'), 'RequestAbortedError');
  assert.equal(err.retryable, false);
  untouched(keep, 'abort');
  gate.release(held);
  // The outcome stays: a later promise() or send() gets the same error, abort() again is a no-op.
  d.abort();
  assert.equal(await failure(d.promise()), err);

  // A stream target is destroyed with the error.
  gate.hold = (e) => e.range !== null && e.range.start === 2 * MiB;
  const stream = collector();
  const d2 = s3.download({ Bucket, Key: obj.Key }, { stream, partSize: MiB, queueSize: 1 });
  const p2 = d2.promise();
  const held2 = await gate.next((e) => e !== held && e.range !== null && e.range.start === 2 * MiB);
  d2.abort();
  coded(await within(failure(p2), 20000, 'aborted stream download'), 'RequestAbortedError');
  assert.equal(stream.destroyed, true);
  assert.equal(stream.errored && stream.errored.code, 'RequestAbortedError');
  assert.ok(stream.body().equals(obj.Body.subarray(0, stream.body().length)), 'a prefix of the object');
  gate.release(held2);
});

test('the first part\'s body aborted or broken for good mid-way (the other parts in flight): coded errors, nothing kept', T, async (t) => {
  const obj = await stored(3 * MiB + 1);
  // abort() while the first part's body is held at the proxy (its headers in, the other parts started).
  for (const kind of ['file', 'stream']) {
    const gate = await startGate(t);
    const s3 = h.client({ endpoint: gate.endpoint });
    const isObject = (e) => e.method === 'GET' && e.range !== null && e.url.startsWith(obj.path);
    gate.holdBody = (e) => isObject(e) && e.range.start === 0;
    gate.hold = (e) => isObject(e) && e.range.start > 0;
    const keep = existing(`abort-first-${kind}`);
    const stream = kind === 'stream' ? collector() : undefined;
    const d = s3.download({ Bucket, Key: obj.Key }, kind === 'file' ? { file: keep.file, partSize: MiB, queueSize: 3 } : { stream, partSize: MiB, queueSize: 3 });
    gate.onHold = () => {
      // Part 1's body and parts 2 and 3: all in flight.
      if (gate.held.length === 3) d.abort();
    };
    const label = `abort during the first part's body (${kind})`;
    const err = coded(await within(failure(d.promise()), 20000, label), 'RequestAbortedError');
    assert.equal(err.retryable, false, label);
    assert.deepEqual(gate.stalls, [], `${label}: the parts were not all in flight`);
    untouched(keep, label);
    if (stream) {
      assert.equal(stream.destroyed, true, `${label}: the stream is destroyed`);
      assert.equal(stream.body().length, 0, `${label}: nothing written`);
    }
    gate.releaseAll();
  }

  // The first part's body cut on every try: the download fails with the read's coded error.
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint, maxRetries: 1, retryDelayOptions: { base: 10 } });
  proxy.rule({ method: 'GET', path: obj.path, cutAfter: 100 * KiB, cut: 'reset', times: Infinity });
  const keep = existing('broken-first');
  const err = coded(await within(failure(s3.download({ Bucket, Key: obj.Key }, { file: keep.file, partSize: MiB, queueSize: 2 }).promise()), 20000, 'a first part broken for good'));
  const expected = await failure(s3.getObject({ Bucket, Key: obj.Key, Range: `bytes=0-${MiB - 1}` }).promise());
  assert.equal(err.code, expected.code, `as getObject of that range reports it: ${err.message}`);
  untouched(keep, 'a first part broken for good');
  t.diagnostic(`a first part broken for good: ${err.code}`);
});

test('abort before send: RequestAbortedError, nothing sent, nothing written', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(MiB);
  const file = target('early');
  const d = s3.download({ Bucket, Key: obj.Key }, { file });
  d.abort();
  coded(await within(failure(d.promise()), 10000, 'download aborted before send'), 'RequestAbortedError');
  assert.equal(gate.requests.length, 0, 'no request');
  assert.equal(fs.existsSync(file), false);
  noTemps('abort before send');
});

test('a part that fails every retry (500): InternalError, the other parts stopped, the file untouched', T, async (t) => {
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint, maxRetries: 2, retryDelayOptions: { base: 10 } });
  const obj = await stored(5 * MiB);
  const keep = existing();
  // Only the pinned parts (If-Match): the first part goes through.
  proxy.rule({ method: 'GET', path: obj.path, header: 'if-match', status: 500, code: 'InternalError', times: Infinity });
  const err = coded(await within(failure(s3.download({ Bucket, Key: obj.Key }, { file: keep.file, partSize: MiB, queueSize: 2 }).promise()), 30000, 'download'), 'InternalError');
  assert.equal(err.statusCode, 500);
  untouched(keep, '500 on every retry');
  const gets = proxy.seen('GET', obj.path);
  assert.equal(gets[0].headers.range, `bytes=0-${MiB - 1}`);
  const byRange = new Map();
  for (const e of gets.slice(1)) byRange.set(e.headers.range, (byRange.get(e.headers.range) || 0) + 1);
  const counts = [...byRange.values()];
  assert.ok(counts.includes(3), `a part tried maxRetries + 1 times: ${JSON.stringify([...byRange])}`);
  assert.ok(counts.every((n) => n <= 3), `no part tried more than 3 times: ${JSON.stringify([...byRange])}`);
  assert.ok(byRange.size <= 2, `at most queueSize parts were started: ${[...byRange.keys()]}`);
});

test('an object overwritten mid-download: PreconditionFailed, nothing of it kept (file and stream)', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const size = 3 * MiB + 17;
  // (A file at queueSize 1 is one GET of the whole object: no parts to race; queueSize 2 here.)
  for (const [kind, queueSize] of [['file', 2], ['stream', 3]]) {
    const obj = await stored(size);
    const newer = crypto.randomBytes(size);
    const keep = existing(`raced-${kind}`);
    const stream = kind === 'stream' ? collector() : undefined;
    // Part 2 is held at the proxy; the object is replaced; then part 2 goes on to the server.
    const isPart2 = (e) => e.url.startsWith(obj.path) && e.range !== null && e.range.start === MiB;
    gate.hold = isPart2;
    const p = s3.download({ Bucket, Key: obj.Key }, kind === 'file' ? { file: keep.file, partSize: MiB, queueSize } : { stream, partSize: MiB, queueSize }).promise();
    const held = await gate.next(isPart2);
    // The parts after it go on (in flight beside it, or as slots free up): let every one of them
    // be answered (the old version) first, so that part 2 is the one that meets the new version.
    for (let i = 2; i * MiB < size; i++) await (await gate.next((e) => e.url.startsWith(obj.path) && e.range !== null && e.range.start === i * MiB)).done;
    const { ETag: newETag } = await direct.putObject({ Bucket, Key: obj.Key, Body: newer }).promise();
    assert.notEqual(newETag, obj.ETag);
    gate.release(held);
    const label = `${kind}, queueSize ${queueSize}`;
    const err = coded(await within(failure(p), 30000, label), 'PreconditionFailed');
    assert.match(err.message, /changed during the download/, label);
    assert.equal(err.statusCode, 412, label);
    assert.equal(err.retryable, false, label);
    assert.equal(held.headers['if-match'], obj.ETag, `${label}: part 2 pinned to the first ETag`);
    // moto honours If-Match (412); s3s-fs ignores it (206 with the new ETag), which the client checks.
    if (held.status === 206) assert.equal(held.responseHeaders.etag, newETag, `${label}: what s3s-fs answered`);
    else assert.equal(held.status, 412, `${label}: the server's answer to part 2`);
    untouched(keep, label);
    if (stream) {
      assert.equal(stream.destroyed, true, `${label}: the stream is destroyed`);
      assert.equal(stream.errored && stream.errored.code, 'PreconditionFailed');
      const body = stream.body();
      assert.ok(body.length <= MiB, `${label}: ${body.length} bytes written`);
      assert.ok(body.equals(obj.Body.subarray(0, body.length)), `${label}: only the first version's bytes`);
    }
    gate.hold = null;
  }
});

test('dropped connections mid-part (the first and a pinned part): retried, the exact bytes', T, async (t) => {
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint, retryDelayOptions: { base: 10 } });
  const size = 4 * MiB + 99;
  const obj = await stored(size);
  const file = target('dropped');
  // The first part ends with a FIN after 100 KiB; the rest of it is asked for pinned (If-Match),
  // and the second pinned request (part 2, part 3 or the first part's rest, which race) is
  // reset after 256 KiB.
  proxy.rule({ method: 'GET', path: obj.path, header: 'if-match', skip: 1, cutAfter: 256 * KiB, cut: 'reset' });
  proxy.rule({ method: 'GET', path: obj.path, cutAfter: 100 * KiB, cut: 'fin' });
  const { err, events } = await run(s3.download({ Bucket, Key: obj.Key }, { file, partSize: MiB, queueSize: 2 }));
  assert.equal(err, null, err && err.stack);
  assert.ok(fs.readFileSync(file).equals(obj.Body), 'the exact bytes');
  checkProgress(events, size, MiB, obj.Key, 'dropped');
  noTemps('dropped');
  const gets = proxy.seen('GET', obj.path);
  const cut = gets.filter((e) => e.cut);
  assert.equal(cut.length, 2, 'both faults applied');
  assert.deepEqual(cut.map((e) => parseRange(e.headers.range).start === 0), [true, false], `cut: ${cut.map((e) => e.headers.range)}`);
  assert.equal(gets.length, Math.ceil(size / MiB) + 2, 'one more request per dropped part');
  for (const c of cut) {
    const r = parseRange(c.headers.range);
    // The rest of that part: from where the body broke (or its start) to its last byte, pinned.
    const rest = gets.filter((e) => {
      const er = parseRange(e.headers.range);
      return e !== c && er && er.end === r.end && er.start >= r.start && er.start <= r.start + c.responseBytes;
    });
    assert.equal(rest.length, 1, `one follow-up for ${c.headers.range}: ${gets.map((e) => e.headers.range)}`);
    assert.equal(rest[0].headers['if-match'], obj.ETag, `the follow-up of ${c.headers.range} is pinned`);
  }
});

// ---- a failing Writable ----

/**
 * Runs a download of `obj` (queueSize 1, 1 MiB parts) into a Writable whose first write of part
 * 2's bytes fails with ENOSPC: at once, or (`later`) on the next turn of the event loop, when
 * write() has already said "go on". The stream has no 'error' listener of its own: as with
 * pipeline(), the download reports the error. If the stream is about to emit it with nobody
 * listening (which would crash the process), that is recorded and a listener added. Resolves
 * with the problems found.
 */
async function failingWriter(s3, gate, obj, label, highWaterMark, later) {
  const problems = [];
  const diskFull = Object.assign(new Error('no space left on the test device'), { code: 'ENOSPC' });
  let writes = 0;
  let written = 0; // bytes before this write
  let failed = false;
  const stream = new Writable({
    highWaterMark,
    write(chunk, _enc, cb) {
      writes += 1;
      const at = written;
      written += chunk.length;
      // Part 1 may come in several writes (as its bytes arrive): fail at part 2's first.
      if (failed || at < MiB) return cb();
      failed = true;
      if (!later) return cb(diskFull);
      return setImmediate(() => {
        if (stream.listenerCount('error') === 0) {
          problems.push(`${label}: nobody listened for the stream's 'error' (an uncaught 'error' event: the process would crash)`);
          stream.on('error', () => {});
        }
        cb(diskFull);
      });
    },
  });
  const before = gate.requests.length;
  const outcome = await within(s3.download({ Bucket, Key: obj.Key }, { stream, partSize: MiB, queueSize: 1 }).promise(), 10000, label)
    .then((data) => ({ data }), (err) => ({ err }));
  const gets = gate.requests.length - before;
  const { err } = outcome;
  if (!err) {
    problems.push(`${label}: resolved (ContentLength ${outcome.data && outcome.data.ContentLength}) though the stream failed; ${writes} writes, ${gets} GETs`);
  } else if (/no outcome within/.test(err.message)) {
    problems.push(`${err.message} (${writes} writes, ${gets} GETs, stream destroyed: ${stream.destroyed})`);
  } else {
    if (!(err instanceof S3Error)) problems.push(`${label}: not an S3Error: ${err.stack}`);
    if (!(err === diskFull || err.cause === diskFull || err.originalError === diskFull)) problems.push(`${label}: the writer's error is not the cause (${err.code}: ${err.message})`);
    if (err.code !== 'ENOSPC') problems.push(`${label}: code ${err.code} (${JSON.stringify(err.message)}), expected the writer's ENOSPC`);
    if (!stream.destroyed) problems.push(`${label}: the stream is not destroyed`);
    // Part 2's write failed; with queueSize 1 at most part 3 was under way by then.
    if (gets > 3) problems.push(`${label}: ${gets} GETs after the stream failed at part 2 (queueSize 1)`);
  }
  return problems;
}

test('a Writable that fails in write(): the download rejects with its error (its code) and stops', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(6 * MiB);
  const problems = [
    // Part 2 is one write: under the default highWaterMark write() says "wait for drain".
    ...(await failingWriter(s3, gate, obj, 'highWaterMark default', undefined, false)),
    ...(await failingWriter(s3, gate, obj, 'highWaterMark 64 MiB', 64 * MiB, false)),
  ];
  assert.deepEqual(problems, []);
});

test('a Writable that fails after write() said "go on": rejected, not an uncaught error, no hang', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(6 * MiB);
  assert.deepEqual(await failingWriter(s3, gate, obj, 'highWaterMark 64 MiB, the error a moment later', 64 * MiB, true), []);
});

test('a file in a missing directory: rejects (not thrown) with the fs error\'s code, nothing sent', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const file = path.join(dir, `missing-${h.rand(4)}`, 'file');
  let d;
  assert.doesNotThrow(() => {
    d = s3.download({ Bucket, Key: 'any' }, { file });
  });
  const err = coded(await within(failure(d.promise()), 20000, 'download into a missing directory'));
  assert.equal(gate.requests.length, 0, 'no GET');
  noTemps('missing directory');
  const cause = err.cause || err.originalError;
  assert.equal(cause && cause.code, 'ENOENT', `the fs error is the cause (${err.code}: ${err.message})`);
  assert.equal(err.code, 'ENOENT', `the fs error's code (${err.code}: ${JSON.stringify(err.message)})`);
});

test('a Writable destroyed by its owner mid-download: the download rejects, never hangs', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(3 * MiB);
  const stream = collector();
  const isPart2 = (e) => e.range !== null && e.range.start === MiB;
  gate.hold = isPart2;
  const p = s3.download({ Bucket, Key: obj.Key }, { stream, partSize: MiB, queueSize: 1 }).promise();
  const held = await gate.next(isPart2);
  stream.destroy();
  gate.release(held);
  const err = coded(await within(failure(p), 10000, 'download into a destroyed stream'));
  assert.ok(stream.body().length <= MiB, `${stream.body().length} bytes written`);
  t.diagnostic(`${err.code}: ${err.message}`);
});

// ---- params passed through ----

test('VersionId: every part of that version (versioned bucket)', T, async (t) => {
  const Versioned = await h.bucket('dlv');
  t.after(() => h.removeBucket(Versioned));
  const on = await direct.putBucketVersioning({ Bucket: Versioned, VersioningConfiguration: { Status: 'Enabled' } }).promise().then(() => null, (e) => e);
  if (on) return t.skip(`${h.server} has no versioning: ${on.code}`);
  const v1 = crypto.randomBytes(3 * MiB + 1);
  const v2 = crypto.randomBytes(3 * MiB + 1);
  const put1 = await direct.putObject({ Bucket: Versioned, Key: 'k', Body: v1 }).promise();
  await direct.putObject({ Bucket: Versioned, Key: 'k', Body: v2 }).promise();
  if (!put1.VersionId) return t.skip(`${h.server} returned no VersionId`);
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint });
  const file = target('v1');
  const data = await s3.download({ Bucket: Versioned, Key: 'k', VersionId: put1.VersionId }, { file, partSize: MiB }).promise();
  assert.ok(fs.readFileSync(file).equals(v1), 'the bytes of the first version');
  assert.equal(data.VersionId, put1.VersionId);
  assert.equal(data.ETag, put1.ETag);
  const gets = proxy.seen('GET', `/${Versioned}/k`);
  assert.equal(gets.length, 4);
  for (const e of gets) assert.equal(new URL(e.url, 'http://x').searchParams.get('versionId'), put1.VersionId, e.url);
  // Without VersionId: the latest.
  const stream = collector();
  const latest = await s3.download({ Bucket: Versioned, Key: 'k' }, { stream, partSize: MiB }).promise();
  assert.ok(stream.body().equals(v2));
  assert.notEqual(latest.VersionId, put1.VersionId);
  return undefined;
});

test('getObject params reach every part (RequestPayer, ResponseCacheControl); SSE-C over http fails as getObject does', T, async (t) => {
  const proxy = await faultProxy(t);
  const s3 = h.client({ endpoint: proxy.endpoint });
  const obj = await stored(2 * MiB + 1, { CacheControl: 'max-age=1' });
  const params = { Bucket, Key: obj.Key, RequestPayer: 'requester', ResponseCacheControl: 'no-store' };
  const file = target('params');
  const data = await s3.download(params, { file, partSize: MiB }).promise();
  assert.ok(fs.readFileSync(file).equals(obj.Body));
  const gets = proxy.seen('GET', obj.path);
  assert.equal(gets.length, 3);
  for (const e of gets) {
    assert.equal(e.headers['x-amz-request-payer'], 'requester', e.headers.range);
    assert.equal(new URL(e.url, 'http://x').searchParams.get('response-cache-control'), 'no-store', e.url);
  }
  // Whatever the server does with the override, the result says what getObject says.
  const got = await direct.getObject(params).promise();
  assert.equal(data.CacheControl, got.CacheControl);
  assert.equal(data.RequestCharged, got.RequestCharged);

  // An SSE-C key is never sent over plain http: getObject refuses (ConfigError), so does download.
  const sse = { Bucket, Key: obj.Key, SSECustomerAlgorithm: 'AES256', SSECustomerKey: 'k'.repeat(32) };
  const expected = await failure(s3.getObject(sse).promise());
  const keep = existing('ssec');
  const err = coded(await failure(s3.download(sse, { file: keep.file, partSize: MiB }).promise()), expected.code);
  assert.equal(err.message, expected.message);
  untouched(keep, 'SSE-C over http');
  assert.equal(proxy.seen('GET', obj.path).length, 3, 'no request with an SSE-C key');
  // And a missing Key, as getObject reports it.
  const noKey = await failure(s3.getObject({ Bucket }).promise());
  const err2 = coded(await failure(s3.download({ Bucket }, { file: target('nokey') }).promise()), noKey.code);
  assert.equal(err2.message, noKey.message);
  noTemps('no Key');
});

// ---- bad options, calling styles, module level ----

test('bad params and options: thrown at once as coded errors, nothing sent', T, async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxRetries: 0 });
    const B = { Bucket: 'b', Key: 'k' };
    const file = target('bad');
    const stream = collector();
    const cases = [
      ['Range', { ...B, Range: 'bytes=0-9' }, { file }, 'InvalidParameterValue'],
      ['PartNumber', { ...B, PartNumber: 1 }, { file }, 'InvalidParameterValue'],
      ['neither file nor stream', B, {}, 'InvalidParameterValue'],
      ['no options', B, undefined, 'InvalidParameterValue'],
      ['both file and stream', B, { file, stream }, 'InvalidParameterValue'],
      ['file not a string', B, { file: 42 }, 'InvalidParameterType'],
      ['stream not a Writable', B, { stream: {} }, 'InvalidParameterType'],
      ['partSize under 1 MiB', B, { file, partSize: MiB - 1 }, 'InvalidParameterValue'],
      ['partSize 0', B, { file, partSize: 0 }, 'InvalidParameterValue'],
      ['partSize not a number', B, { file, partSize: 'big' }, 'InvalidParameterValue'],
      ['partSize NaN', B, { file, partSize: NaN }, 'InvalidParameterValue'],
      ['queueSize 0', B, { file, queueSize: 0 }, 'InvalidParameterValue'],
      ['queueSize negative', B, { file, queueSize: -2 }, 'InvalidParameterValue'],
      ['queueSize fractional', B, { file, queueSize: 1.5 }, 'InvalidParameterValue'],
      ['queueSize not a number', B, { file, queueSize: 'many' }, 'InvalidParameterValue'],
      ['params null', null, { file }, 'InvalidParameterType'],
    ];
    for (const [label, params, options, code] of cases) {
      let err = null;
      try {
        s3.download(params, options);
      } catch (e) {
        err = e;
      }
      assert.ok(err, `${label}: thrown`);
      coded(err, code);
    }
    // At the limit: accepted.
    assert.ok(s3.download(B, { file, partSize: MiB, queueSize: 1 }) instanceof EventEmitter);
    assert.ok(s3.download(B, { stream, partSize: MiB }) instanceof EventEmitter);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(probe.connections(), 0, 'nothing sent');
    assert.equal(fs.existsSync(file), false);
    noTemps('bad options');
  } finally {
    await probe.close();
  }
});

test('calling styles: a callback starts it, send(cb) and promise() share one run, the outcome stays', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const obj = await stored(2 * MiB + 2);
  const parts = 3;

  const file = target('cb');
  const viaCb = await new Promise((resolve) => {
    const d = s3.download({ Bucket, Key: obj.Key }, { file, partSize: MiB }, (err, data) => resolve({ err, data, d }));
    assert.ok(d instanceof EventEmitter, 'a ManagedDownload, which is an EventEmitter');
  });
  assert.equal(viaCb.err, null, viaCb.err && viaCb.err.stack);
  assert.ok(fs.readFileSync(file).equals(obj.Body));
  assert.equal(viaCb.data.ContentLength, obj.Body.length);
  assert.equal(gate.requests.length, parts);

  // Not started until asked; send(cb) and promise() then share one run.
  const d = s3.download({ Bucket, Key: obj.Key }, { file: target('shared'), partSize: MiB });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(gate.requests.length, parts, 'nothing sent before send() / promise()');
  let sync = true;
  const fromSend = new Promise((resolve) => {
    d.send((err, data) => resolve({ err, data, sync }));
  });
  const fromPromise = d.promise();
  sync = false;
  const [a, b] = await Promise.all([fromSend, fromPromise]);
  assert.equal(a.err, null);
  assert.equal(a.sync, false, 'the callback is asynchronous');
  assert.equal(a.data, b, 'the same result object');
  assert.equal(gate.requests.length, 2 * parts, 'one run');
  d.abort(); // after success: nothing to abort
  assert.equal(await d.promise(), b, 'the outcome stays');
  assert.equal(gate.requests.length, 2 * parts);
});

test('module-level download(): a promise on the default client (AWS environment); bad options reject', T, async () => {
  const obj = await stored(MiB + 5);
  const file = target('module');
  const script = `
    const { download } = require(${JSON.stringify(require.resolve('..'))});
    (async () => {
      const data = await download({ Bucket: ${JSON.stringify(Bucket)}, Key: ${JSON.stringify(obj.Key)} }, { file: ${JSON.stringify(file)}, partSize: ${MiB} });
      let p;
      try { p = download({ Bucket: 'b', Key: 'k' }, { partSize: 5 }); } catch (e) { p = 'threw ' + e.code; }
      const bad = typeof p === 'string' ? p : await p.then(() => 'resolved', (e) => e.code);
      console.log(JSON.stringify({ ETag: data.ETag, ContentLength: data.ContentLength, Key: data.Key, bad }));
    })().catch((e) => { console.log(JSON.stringify({ failed: e.code + ': ' + e.message })); });
  `;
  const out = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], {
      env: h.awsEnv(),
      timeout: 30000,
    }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)));
  });
  const got = JSON.parse(out.trim().split('\n').pop());
  assert.deepEqual(got, { ETag: obj.ETag, ContentLength: obj.Body.length, Key: obj.Key, bad: 'InvalidParameterValue' });
  assert.ok(fs.readFileSync(file).equals(obj.Body));
});
