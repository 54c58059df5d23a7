'use strict';
// Progress during a call (README, "Progress during a call"): with an 'httpUploadProgress'
// listener, putObject (Buffer, fs.createReadStream) and uploadPart report { loaded, total } while
// the body goes out; with an 'httpDownloadProgress' listener, a buffered getObject reports the
// bytes received so far (total: the Content-Length header's text, as v2). The events in flight
// stay below the total; the last one, loaded === total, comes with the result and nothing after
// it. s3.upload() aggregates per-part progress, s3.download() reports within parts after the first.
//
// Intermediate states are made certain, not left to timing: every transfer goes through a
// throttling proxy (below) that reads request bodies / writes response bodies at a fixed rate,
// so a multi-MiB body takes a second or more on the wire. The client can run ahead of the proxy
// by what the kernel buffers between them (about 4 MiB on loopback, taken at once), and a blocked
// writer is woken only when a good part of that is free again (steps of about 1.3 MiB for an
// in-memory body), which is why the bodies are several times larger than that.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const h = require('./helpers');

const KiB = 1024;
const MiB = 1024 * KiB;
const STEP = 256 * KiB; // the frame size the native body hands to the connection
const T = { timeout: 60000 }; // a hang fails the test, not the run
const RATE = 8 * MiB; // bytes per second through the throttle

let Bucket;
let tmp;

test.before(async () => {
  Bucket = await h.bucket('prog');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3n-progress-'));
});

test.after(async () => {
  if (Bucket) await h.removeBucket(Bucket);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the throttle: a forwarding proxy that paces request and response bodies ----

const { forwardTo, listen, HOP_BY_HOP } = require('./fault-proxy');

/** Resolves when `stream` drains or closes. */
function drained(stream) {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Sleeps until `bytes` bytes are due at `rate` bytes/s since `start` (performance.now()). */
async function pace(start, bytes, rate) {
  if (!Number.isFinite(rate)) return;
  const wait = start + (bytes / rate) * 1000 - performance.now();
  if (wait > 1) await sleep(wait);
}

/**
 * A pass-through proxy for test `t` (closed after it) that reads each request body at `upRate`
 * and writes each response body at `downRate` bytes/s (per connection). `proxy.requests`: every
 * request seen ({ method, url, headers, status, requestBytes, responseBytes, cut }).
 * `proxy.cutOnce({ method, path, after })`: the first matching request is reset after `after`
 * request-body bytes; `proxy.cutResponseOnce({ method, path, after })`: after `after`
 * response-body bytes.
 */
async function startThrottle(t, { upRate = Infinity, downRate = Infinity } = {}) {
  const target = new URL(h.endpoint);
  const sockets = new Set();
  const upstreams = new Set();
  const cuts = [];
  const responseCuts = [];
  const proxy = {
    requests: [],
    cutOnce(spec) {
      cuts.push({ ...spec, used: false });
    },
    cutResponseOnce(spec) {
      responseCuts.push({ ...spec, used: false });
    },
    seen(method, p) {
      return proxy.requests.filter((e) => e.method === method && e.url.includes(p));
    },
  };
  const take = (list, req) => {
    const c = list.find((x) => !x.used && (!x.method || x.method === req.method) && req.url.includes(x.path));
    if (c) c.used = true;
    return c || null;
  };

  const server = http.createServer((req, res) => {
    const entry = { method: req.method, url: req.url, headers: req.headers, status: undefined, requestBytes: 0, responseBytes: 0, cut: false };
    proxy.requests.push(entry);
    const cut = take(cuts, req);
    const responseCut = take(responseCuts, req);
    res.on('error', () => {});
    const up = forwardTo(target, req, res, upstreams, entry);
    up.on('response', (upRes) => {
      entry.status = upRes.statusCode;
      const headers = [];
      for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(upRes.rawHeaders[i].toLowerCase())) headers.push(upRes.rawHeaders[i], upRes.rawHeaders[i + 1]);
      }
      upRes.on('error', () => res.destroy());
      if (res.destroyed) return upRes.destroy();
      res.writeHead(upRes.statusCode, upRes.statusMessage, headers);
      (async () => {
        const start = performance.now();
        for await (const chunk of upRes) {
          if (res.destroyed) return;
          let piece = chunk;
          if (responseCut && entry.responseBytes + piece.length >= responseCut.after) {
            piece = piece.subarray(0, responseCut.after - entry.responseBytes);
            entry.responseBytes += piece.length;
            if (!res.write(piece)) await drained(res);
            entry.cut = true;
            await sleep(30);
            upRes.destroy();
            if (req.socket && !req.socket.destroyed) req.socket.resetAndDestroy();
            return;
          }
          entry.responseBytes += piece.length;
          if (!res.write(piece)) await drained(res);
          await pace(start, entry.responseBytes, downRate);
        }
        res.end();
      })().catch(() => res.destroy());
      return undefined;
    });
    (async () => {
      let start = null;
      for await (const chunk of req) {
        if (start === null) start = performance.now();
        let piece = chunk;
        if (cut && entry.requestBytes + piece.length >= cut.after) {
          piece = piece.subarray(0, cut.after - entry.requestBytes);
          entry.requestBytes += piece.length;
          up.write(piece);
          entry.cut = true;
          await sleep(30);
          up.destroy();
          if (req.socket && !req.socket.destroyed) req.socket.resetAndDestroy();
          return;
        }
        entry.requestBytes += piece.length;
        if (!up.write(piece)) await drained(up);
        await pace(start, entry.requestBytes, upRate);
      }
      up.end();
    })().catch(() => up.destroy());
  });
  const { port, close } = await listen(server, sockets, upstreams);
  proxy.endpoint = `http://127.0.0.1:${port}`;
  t.after(close);
  return proxy;
}

/** A throttled client for test `t`: { proxy, s3 }. */
async function throttled(t, rates, extra = {}) {
  const proxy = await startThrottle(t, rates);
  return { proxy, s3: h.client({ endpoint: proxy.endpoint, ...extra }) };
}

// ---- recording a request's events ----

/**
 * Listens on `req` for the progress event `kind` and for httpHeaders / httpDone / complete, in one
 * ordered log: [{ ev, loaded?, total?, at }]. `extra` lists more events to log.
 */
function record(req, kind, extra = []) {
  const log = [];
  req.on(kind, (p) => log.push({ ev: kind, loaded: p.loaded, total: p.total, keys: Object.keys(p).sort(), at: performance.now() }));
  for (const ev of ['httpHeaders', 'httpDone', 'complete', ...extra]) req.on(ev, () => log.push({ ev, at: performance.now() }));
  return log;
}

const progressOf = (log, kind) => log.filter((e) => e.ev === kind);
const indexOf = (log, ev) => log.findIndex((e) => e.ev === ev);

/**
 * The request's progress events: members { loaded, total }, total === `total` on each, at least
 * `minMid` events with 0 < loaded < total (all before the final one), loaded strictly increasing,
 * exactly one event with loaded === total and it is the last. Returns the events.
 */
function checkEvents(log, kind, total, { minMid = 3, label, t }) {
  const evs = progressOf(log, kind);
  const dump = () => JSON.stringify(evs.map((e) => [e.loaded, e.total]));
  assert.ok(evs.length > 0, `${label}: no ${kind} event`);
  const numeric = typeof total === 'string' ? Number(total) : total;
  evs.forEach((e, i) => {
    assert.deepEqual(e.keys, ['loaded', 'total'], `${label}: event ${i} members`);
    assert.equal(typeof e.total, typeof total, `${label}: event ${i} total ${JSON.stringify(e.total)} is a ${typeof total}`);
    assert.equal(e.total, total, `${label}: event ${i} total`);
    assert.ok(Number.isInteger(e.loaded) && e.loaded > 0 && e.loaded <= numeric, `${label}: event ${i} loaded ${e.loaded} in (0, ${numeric}]`);
    if (i > 0) assert.ok(e.loaded > evs[i - 1].loaded, `${label}: loaded grows (event ${i}): ${dump()}`);
  });
  const mid = evs.filter((e) => e.loaded < numeric);
  assert.ok(mid.length >= minMid, `${label}: at least ${minMid} events during the call, got ${mid.length}: ${dump()}`);
  if (t) t.diagnostic(`${label}: ${mid.length} events during the call, first at ${mid[0].loaded} of ${numeric}`);
  const finals = evs.filter((e) => e.loaded === numeric);
  assert.equal(finals.length, 1, `${label}: exactly one final event (loaded === total): ${dump()}`);
  assert.equal(evs[evs.length - 1], finals[0], `${label}: the final event is the last: ${dump()}`);
  return { evs, mid, final: finals[0] };
}

/** Nothing more arrives on `log` for a while after the call is over. */
async function quietAfter(log, label) {
  const n = log.length;
  await sleep(300);
  assert.deepEqual(log.slice(n).map((e) => e.ev), [], `${label}: events after the call was over`);
}

const viaCallback = (req) =>
  new Promise((resolve) => {
    req.send(function done(err, data) {
      resolve({ err, data, resp: this });
    });
  });

async function stored(size) {
  const Key = h.key('src');
  const Body = crypto.randomBytes(size);
  await h.client().putObject({ Bucket, Key, Body }).promise();
  return { Key, Body };
}

function tempFile(size) {
  const file = path.join(tmp, `f-${h.rand(4)}`);
  const Body = crypto.randomBytes(size);
  fs.writeFileSync(file, Body);
  return { file, Body };
}

// ---- putObject ----

test('putObject from a Buffer: events while the body goes out, then one final event before httpHeaders', T, async (t) => {
  const { proxy, s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('put-buf');
  const Body = crypto.randomBytes(16 * MiB);
  const req = s3.putObject({ Bucket, Key, Body });
  const log = record(req, 'httpUploadProgress');
  const started = performance.now();
  const data = await req.promise();
  const ended = performance.now();
  assert.equal(data.ETag, `"${h.md5(Body)}"`);
  const label = `putObject Buffer on ${h.server}`;
  const { evs, mid, final } = checkEvents(log, 'httpUploadProgress', Body.length, { label, t });
  // The native body counts 256 KiB frames as the connection takes them.
  for (const e of mid) assert.equal(e.loaded % STEP, 0, `${label}: ${e.loaded} is a whole number of 256 KiB frames`);
  // The events in flight really came during the call, spread over it.
  assert.ok(mid[mid.length - 1].at - mid[0].at > 100, `${label}: mid events spread over ${(mid[mid.length - 1].at - mid[0].at).toFixed(0)} ms`);
  assert.ok(ended - started > 1000, `${label}: the throttle holds the call for over a second`);
  // v2's order: the upload events, then the response.
  assert.ok(log.indexOf(final) < indexOf(log, 'httpHeaders'), `${label}: final upload event before httpHeaders`);
  assert.ok(log.indexOf(evs[evs.length - 1]) < indexOf(log, 'complete'));
  await quietAfter(log, label);
  assert.equal(proxy.seen('PUT', Key).length, 1, 'one attempt');
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), `${label}: stored bytes`);
});

test('putObject from fs.createReadStream: events while the file goes out, final last', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('put-file');
  const { file, Body } = tempFile(14 * MiB + 123);
  const req = s3.putObject({ Bucket, Key, Body: fs.createReadStream(file) });
  const log = record(req, 'httpUploadProgress');
  const { err, data } = await viaCallback(req);
  assert.equal(err, null);
  assert.equal(data.ETag, `"${h.md5(Body)}"`);
  const label = `putObject file on ${h.server}`;
  const { final } = checkEvents(log, 'httpUploadProgress', Body.length, { label, t });
  assert.ok(log.indexOf(final) < indexOf(log, 'httpHeaders'), `${label}: final upload event before httpHeaders`);
  await quietAfter(log, label);
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), `${label}: stored bytes`);
});

test('putObject: a reset mid-body retries; events stay monotonic and the stored bytes are right', T, async (t) => {
  const { proxy, s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('put-retry');
  const Body = crypto.randomBytes(10 * MiB);
  proxy.cutOnce({ method: 'PUT', path: Key, after: MiB });
  const req = s3.putObject({ Bucket, Key, Body });
  const log = record(req, 'httpUploadProgress', ['retry']);
  const data = await req.promise();
  assert.equal(data.ETag, `"${h.md5(Body)}"`);
  const puts = proxy.seen('PUT', Key);
  assert.equal(puts.length, 2, 'the cut attempt and the retry');
  assert.equal(puts[0].cut, true);
  assert.equal(puts[0].requestBytes, MiB);
  assert.equal(puts[1].status, 200);
  assert.equal(data.$response.retryCount, 1);
  const label = `putObject retried on ${h.server}`;
  checkEvents(log, 'httpUploadProgress', Body.length, { label, t });
  await quietAfter(log, label);
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), `${label}: stored bytes`);
});

test('putObject of 1 KiB: exactly one event, loaded === total (as v2)', T, async () => {
  const s3 = h.client();
  const Key = h.key('put-small');
  const Body = crypto.randomBytes(KiB);
  const req = s3.putObject({ Bucket, Key, Body });
  const log = record(req, 'httpUploadProgress');
  await req.promise();
  const evs = progressOf(log, 'httpUploadProgress');
  assert.deepEqual(evs.map((e) => ({ loaded: e.loaded, total: e.total })), [{ loaded: KiB, total: KiB }]);
  assert.ok(log.indexOf(evs[0]) < indexOf(log, 'httpHeaders'));
  await quietAfter(log, 'putObject 1 KiB');

  // A small file: the same single event.
  const { file, Body: fileBody } = tempFile(KiB);
  const req2 = s3.putObject({ Bucket, Key, Body: fs.createReadStream(file) });
  const log2 = record(req2, 'httpUploadProgress');
  await req2.promise();
  assert.deepEqual(progressOf(log2, 'httpUploadProgress').map((e) => ({ loaded: e.loaded, total: e.total })), [{ loaded: KiB, total: KiB }]);
  assert.ok((await h.readBack(Bucket, Key)).body.equals(fileBody));
});

// ---- uploadPart ----

test('uploadPart of 1 KiB: exactly one event, loaded === total, as aws-sdk v2', T, async () => {
  const Body = crypto.randomBytes(KiB);
  const got = {};
  for (const [who, s3] of [['v2', h.v2()], ['native', h.client()]]) {
    const Key = h.key(`part-small-${who}`);
    const { UploadId } = await s3.createMultipartUpload({ Bucket, Key }).promise();
    const req = s3.uploadPart({ Bucket, Key, UploadId, PartNumber: 1, Body });
    const log = record(req, 'httpUploadProgress');
    await req.promise();
    got[who] = progressOf(log, 'httpUploadProgress').map((e) => ({ loaded: e.loaded, total: e.total }));
    await s3.abortMultipartUpload({ Bucket, Key, UploadId }).promise();
  }
  assert.deepEqual(got.v2, [{ loaded: KiB, total: KiB }], 'aws-sdk v2 reports the part once');
  assert.deepEqual(got.native, got.v2, 's3-native: the same events as v2');
});

test('uploadPart from a Buffer: events while the part goes out, one final event last', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('part-buf');
  const { UploadId } = await s3.createMultipartUpload({ Bucket, Key }).promise();
  const Body = crypto.randomBytes(14 * MiB);
  const req = s3.uploadPart({ Bucket, Key, UploadId, PartNumber: 1, Body });
  const log = record(req, 'httpUploadProgress');
  const part = await req.promise();
  await s3.completeMultipartUpload({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }).promise();
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), 'stored bytes');
  const label = `uploadPart Buffer on ${h.server}`;
  const { mid, final } = checkEvents(log, 'httpUploadProgress', Body.length, { label, t });
  for (const e of mid) assert.equal(e.loaded % STEP, 0, `${label}: ${e.loaded} is a whole number of 256 KiB frames`);
  assert.ok(log.indexOf(final) < indexOf(log, 'httpHeaders'), `${label}: final upload event before httpHeaders`);
  await quietAfter(log, label);
});

test('uploadPart from a file range (fs.createReadStream start/end): events while the part goes out, one final event last', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('part-file');
  const { UploadId } = await s3.createMultipartUpload({ Bucket, Key }).promise();
  const { file, Body: whole } = tempFile(10 * MiB);
  const start = 512 * KiB + 3;
  const Body = whole.subarray(start, start + 9 * MiB + 17);
  const req = s3.uploadPart({ Bucket, Key, UploadId, PartNumber: 1, Body: fs.createReadStream(file, { start, end: start + Body.length - 1 }) });
  const log = record(req, 'httpUploadProgress');
  const part = await req.promise();
  await s3.completeMultipartUpload({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }).promise();
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), 'stored bytes');
  const label = `uploadPart file range on ${h.server}`;
  const { final } = checkEvents(log, 'httpUploadProgress', Body.length, { label, t });
  assert.ok(log.indexOf(final) < indexOf(log, 'httpHeaders'), `${label}: final upload event before httpHeaders`);
  await quietAfter(log, label);
});

// ---- getObject ----

test('getObject (promise): bytes received so far, total the Content-Length string; final after httpHeaders', T, async (t) => {
  const obj = await stored(12 * MiB + 5);
  const { s3 } = await throttled(t, { downRate: RATE });
  const req = s3.getObject({ Bucket, Key: obj.Key });
  const log = record(req, 'httpDownloadProgress', ['httpData']);
  const data = await req.promise();
  assert.ok(data.Body.equals(obj.Body), 'bytes read');
  const label = `getObject promise on ${h.server}`;
  const { mid, final } = checkEvents(log, 'httpDownloadProgress', String(obj.Body.length), { label, t });
  const headers = indexOf(log, 'httpHeaders');
  assert.ok(headers >= 0, 'httpHeaders fired');
  assert.ok(log.indexOf(final) > headers, `${label}: the final event comes after httpHeaders`);
  for (const e of mid) assert.ok(log.indexOf(e) < log.indexOf(final), `${label}: mid events before the final one`);
  assert.ok(log.indexOf(final) < indexOf(log, 'httpData'), `${label}: final event before httpData`);
  assert.ok(mid[mid.length - 1].at - mid[0].at > 100, `${label}: mid events spread over the call`);
  await quietAfter(log, label);
});

test('getObject (callback): the same events', T, async (t) => {
  const obj = await stored(6 * MiB);
  const { s3 } = await throttled(t, { downRate: 4 * MiB });
  const req = s3.getObject({ Bucket, Key: obj.Key });
  const log = record(req, 'httpDownloadProgress');
  const { err, data } = await viaCallback(req);
  assert.equal(err, null);
  assert.ok(data.Body.equals(obj.Body), 'bytes read');
  const label = `getObject callback on ${h.server}`;
  const { final } = checkEvents(log, 'httpDownloadProgress', String(obj.Body.length), { label, t });
  assert.ok(log.indexOf(final) > indexOf(log, 'httpHeaders'), `${label}: the final event comes after httpHeaders`);
  await quietAfter(log, label);
});

test('getObject: a body cut mid-way resumes; events stay monotonic, bytes right', T, async (t) => {
  const obj = await stored(8 * MiB);
  const { proxy, s3 } = await throttled(t, { downRate: RATE });
  proxy.cutResponseOnce({ method: 'GET', path: obj.Key, after: 3 * MiB });
  const req = s3.getObject({ Bucket, Key: obj.Key });
  const log = record(req, 'httpDownloadProgress');
  const data = await req.promise();
  assert.ok(data.Body.equals(obj.Body), 'bytes read');
  const gets = proxy.seen('GET', obj.Key);
  assert.equal(gets.length, 2, 'the cut response and the resume');
  assert.equal(gets[0].cut, true);
  const label = `getObject resumed on ${h.server}`;
  const { final } = checkEvents(log, 'httpDownloadProgress', String(obj.Body.length), { label, t });
  assert.ok(log.indexOf(final) > indexOf(log, 'httpHeaders'), `${label}: the final event comes after httpHeaders`);
  await quietAfter(log, label);
});

// ---- without listeners ----

test('no progress listener: no events, the calls still work', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE, downRate: RATE });
  const Key = h.key('quiet');
  const Body = crypto.randomBytes(6 * MiB);
  // promise() with no listener at all (the fast path).
  await s3.putObject({ Bucket, Key, Body }).promise();
  const got = await s3.getObject({ Bucket, Key }).promise();
  assert.ok(got.Body.equals(Body));

  // A listener removed before the call never hears anything; other events still fire.
  const never = () => assert.fail('a removed listener was called');
  const put = s3.putObject({ Bucket, Key, Body });
  put.on('httpUploadProgress', never).removeListener('httpUploadProgress', never);
  const putLog = record(put, 'httpDownloadProgress');
  const { err } = await viaCallback(put);
  assert.equal(err, null);
  assert.deepEqual(putLog.map((e) => e.ev), ['httpHeaders', 'httpDone', 'complete'], 'putObject: no progress events without an upload listener');

  // An upload listener on a download has nothing to report.
  const get = s3.getObject({ Bucket, Key });
  get.on('httpDownloadProgress', never).removeListener('httpDownloadProgress', never);
  const getLog = record(get, 'httpUploadProgress');
  const r = await viaCallback(get);
  assert.equal(r.err, null);
  assert.ok(r.data.Body.equals(Body));
  assert.deepEqual(getLog.map((e) => e.ev), ['httpHeaders', 'httpDone', 'complete'], 'getObject: no progress events without a download listener');
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body));
});

test('a listener removed mid-call hears nothing more; the call completes', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('removed');
  const Body = crypto.randomBytes(12 * MiB);
  const req = s3.putObject({ Bucket, Key, Body });
  const seen = [];
  const listener = (p) => {
    seen.push(p.loaded);
    req.removeListener('httpUploadProgress', listener);
  };
  req.on('httpUploadProgress', listener);
  const data = await req.promise();
  assert.equal(data.ETag, `"${h.md5(Body)}"`);
  assert.equal(seen.length, 1, `one event, then removed: ${JSON.stringify(seen)}`);
  assert.ok(seen[0] < Body.length, 'the one event came during the call');
  await sleep(200);
  assert.equal(seen.length, 1);
});

// ---- managed transfers ----

/**
 * A managed upload's events: members, key, total, part in 1..parts, loaded monotonic, the last
 * loaded === total, at least 3 events with 0 < loaded < total. Returns the events whose loaded is
 * not a sum of whole parts (any subset: parts may finish in any order), i.e. reported from within
 * a part.
 */
function checkManagedUp(events, { Key, size, sizes, label }) {
  const dump = JSON.stringify(events.map((e) => [e.loaded, e.part]));
  assert.ok(events.length > 0, `${label}: events`);
  let last = -1;
  for (const e of events) {
    assert.deepEqual(Object.keys(e).sort(), ['key', 'loaded', 'part', 'total'], `${label}: members`);
    assert.equal(e.key, Key);
    assert.equal(e.total, size);
    assert.ok(Number.isInteger(e.part) && e.part >= 1 && e.part <= sizes.length, `${label}: part ${e.part}`);
    assert.ok(Number.isInteger(e.loaded) && e.loaded >= last && e.loaded <= size, `${label}: loaded monotonic: ${dump}`);
    last = e.loaded;
  }
  assert.equal(events[events.length - 1].loaded, size, `${label}: the last loaded is the total: ${dump}`);
  const mid = events.filter((e) => e.loaded > 0 && e.loaded < size);
  assert.ok(mid.length >= 3, `${label}: at least 3 events during the upload, got ${mid.length}: ${dump}`);
  const whole = new Set();
  for (let m = 0; m < 1 << sizes.length; m++) whole.add(sizes.reduce((sum, n, i) => (m & (1 << i) ? sum + n : sum), 0));
  return { within: events.filter((e) => !whole.has(e.loaded)), dump };
}

// Two parts of 16 MiB and 12,345 bytes. Loopback socket buffers (the client's send buffer and the
// proxy's receive buffer, autotuned on a reused connection) can take up to ~10 MiB of a part at
// once, so a part must be well over that for the throttle to hold some of it back: with 5 MiB
// parts a reused connection sometimes swallowed a whole part before the first count was read.
// In-flight counts are whole 256 KiB frames, so a count from within a part is not a sum of whole
// parts (the last part's size is not a whole number of frames).
const UP_PART = 16 * MiB;
const UP_SIZE = 2 * UP_PART + 12345;
const UP_SIZES = [UP_PART, UP_PART, UP_SIZE - 2 * UP_PART];

test('s3.upload, parts in parallel: per-part progress aggregated, events within parts, monotonic, last === total', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: 4 * MiB });
  const Key = h.key('managed-up');
  const Body = crypto.randomBytes(UP_SIZE);
  const u = s3.upload({ Bucket, Key, Body }, { partSize: UP_PART, queueSize: 4 });
  const events = [];
  u.on('httpUploadProgress', (e) => events.push({ ...e }));
  await u.promise();
  const label = `s3.upload queueSize 4 on ${h.server}`;
  const { within, dump } = checkManagedUp(events, { Key, size: UP_SIZE, sizes: UP_SIZES, label });
  // Two parts run in parallel, so an aggregate of partial counts could by chance add up to a
  // whole part: at least one event from within a part is what is certain.
  assert.ok(within.length >= 1, `${label}: an event from within a part: ${dump}`);
  t.diagnostic(`${label}: ${events.length} events, ${within.length} from within parts`);
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), `${label}: stored bytes`);
});

test('s3.upload, one part at a time: each full part reports from within itself', T, async (t) => {
  const { s3 } = await throttled(t, { upRate: RATE });
  const Key = h.key('managed-up1');
  const Body = crypto.randomBytes(UP_SIZE);
  const u = s3.upload({ Bucket, Key, Body }, { partSize: UP_PART, queueSize: 1 });
  const events = [];
  u.on('httpUploadProgress', (e) => events.push({ ...e }));
  await u.promise();
  const label = `s3.upload queueSize 1 on ${h.server}`;
  const { within, dump } = checkManagedUp(events, { Key, size: UP_SIZE, sizes: UP_SIZES, label });
  // The throttle holds at least the last 6 MiB of each 16 MiB part for most of a second.
  for (const part of [1, 2]) {
    const before = (part - 1) * UP_PART;
    assert.ok(
      within.some((e) => e.part === part && e.loaded > before && e.loaded < before + UP_PART),
      `${label}: part ${part} reported from within itself: ${dump}`,
    );
  }
  t.diagnostic(`${label}: ${events.length} events, ${within.length} from within parts`);
  assert.ok((await h.readBack(Bucket, Key)).body.equals(Body), `${label}: stored bytes`);
});

test('s3.download: progress within every part (the first one included), monotonic, last === total', T, async (t) => {
  const size = 6 * MiB;
  const partSize = 2 * MiB;
  const obj = await stored(size);
  const { s3 } = await throttled(t, { downRate: 4 * MiB });
  const file = path.join(tmp, `dl-${h.rand(4)}`);
  const d = s3.download({ Bucket, Key: obj.Key }, { file, partSize, queueSize: 4 });
  const events = [];
  d.on('httpDownloadProgress', (e) => events.push({ ...e }));
  await d.promise();
  const label = `s3.download on ${h.server}`;
  const dump = JSON.stringify(events.map((e) => [e.loaded, e.part]));
  assert.ok(events.length > 0, `${label}: events`);
  let last = -1;
  for (const e of events) {
    assert.deepEqual(Object.keys(e).sort(), ['key', 'loaded', 'part', 'total'], `${label}: members`);
    assert.equal(e.key, obj.Key);
    assert.equal(e.total, size);
    assert.ok(Number.isInteger(e.loaded) && e.loaded >= last && e.loaded <= size, `${label}: loaded monotonic: ${dump}`);
    last = e.loaded;
  }
  assert.equal(events[events.length - 1].loaded, size, `${label}: the last loaded is the total`);
  const within = events.filter((e) => e.loaded % partSize !== 0);
  assert.ok(within.length >= 3, `${label}: at least 3 events from within parts, got ${within.length}: ${dump}`);
  // The size is known from the first part's headers: its body reports progress as it arrives too.
  assert.ok(within.some((e) => e.part === 1), `${label}: events from within the first part: ${dump}`);
  assert.ok(within.some((e) => e.part >= 2 && e.loaded < partSize), `${label}: other parts report while the first one is still arriving: ${dump}`);
  t.diagnostic(`${label}: ${events.length} events, ${within.length} from within parts`);
  assert.ok(fs.readFileSync(file).equals(obj.Body), `${label}: bytes written`);
});
