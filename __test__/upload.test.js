'use strict';
// Managed uploads (issue 11): `s3.upload(params[, options][, cb])`, `new S3.ManagedUpload(...)` and
// the module-level `upload(params, options)`, against aws-sdk v2's ManagedUpload.
//
//   1. Differential, per Body kind v2 takes (Buffer, string, typed array, Readable of unknown
//      length, fs.createReadStream): the same bytes through v2's s3.upload and ours, each into its
//      own bucket under the same key. Outputs compared (pruned to v2's model plus the managed
//      upload's own members: Location, key, Key, Bucket; ETags equal for equal bytes and part
//      sizes), the progress events checked (key, part, monotonic, last loaded === total) and their
//      part sequence compared, the stored bytes read back.
//   2. Bodies v2 refuses (ArrayBuffer, DataView, Float64Array, web ReadableStream, Blob): bytes and
//      events, ours alone. Checksums (ours alone): each part's CRC32 checked against its bytes
//      (header or aws-chunked trailer), the object's checksum as each server keeps it and as S3
//      answers it (composite, -N), and WHEN_REQUIRED through a gate that refuses checksum headers.
//   3. Flow control through a gate proxy (below) that holds UploadPart responses until released:
//      queueSize honoured, a Readable source not read far ahead (backpressure).
//   4. Failures: abort(), a source error, a part that fails every retry, leavePartsOnError, a
//      connection dropped mid-part (retried: the bytes still right), a server that refuses
//      CompleteMultipartUpload (retried or not, as v2). Nothing left behind: the
//      AbortMultipartUpload went out and succeeded, and on moto the upload is gone from
//      ListMultipartUploads; s3s-fs has no ListMultipartUploads, and its ListParts answers an
//      unknown upload with an empty list, so there the parts are checked gone (ListParts empty).
//      Parts are held stored before the failure, so no part can land after the abort; one test
//      holds a part's last byte at the server past abort() to show that such a part is let
//      finish before the upload is aborted (v2 leaves it behind on s3s-fs).
//   5. Options and edges: tags, ContentMD5, validation messages vs v2's, partSize growth for a huge
//      file (sparse, never read), a Buffer changed after upload(), calling styles.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { Readable } = require('node:stream');
const h = require('./helpers');
const { forwardTo, listen, HOP_BY_HOP } = require('./fault-proxy');

const { S3, S3Error } = h.s3native;
const KiB = 1024;
const MiB = 1024 * KiB;
const PART = 5 * MiB; // v2's minPartSize and default partSize
const T = { timeout: 120000 }; // a hang fails the test, not the run
const DATA = crypto.randomBytes(16 * MiB + 64 * KiB); // every body is a slice of it
const KEY = 'up/a b+c&d=é.bin'; // the same key in both buckets: only the bucket names differ

let twins; // { v2, native } buckets, one per client
let Bucket; // for the proxied tests
let tmp; // temp files
let direct; // aws-sdk v2 straight to the server: an independent checker
const clients = {};

test.before(async () => {
  twins = await h.twinBuckets('up');
  Bucket = await h.bucket('upg');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3-native-upload-'));
  direct = h.v2({ maxRetries: 0 });
  clients.v2 = h.v2();
  clients.native = h.client();
});

test.after(async () => {
  for (const b of [twins.v2, twins.native, Bucket]) await h.removeBucket(b);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n) => Array.from({ length: n }, (_, i) => i + 1);
const partsFor = (size, partSize = PART) => (size <= partSize ? 1 : Math.ceil(size / partSize));

/** Runs a ManagedUpload to its end: { data, err, events } (never rejects). */
async function settle(u) {
  const events = [];
  u.on('httpUploadProgress', (e) => events.push({ ...e }));
  try {
    return { data: await u.promise(), err: null, events };
  } catch (err) {
    return { data: null, err, events };
  }
}

/** The error fields compared with v2's. */
function errorOf(err, { message = true } = {}) {
  if (!err) return err;
  const out = { code: err.code, retryable: err.retryable };
  if (err.statusCode !== undefined) out.statusCode = err.statusCode;
  if (message) out.message = err.message;
  return out;
}

/** What the two results have to agree on: v2's model of the output plus the managed-upload members. */
function comparable(data, single) {
  const op = single ? 'putObject' : 'completeMultipartUpload';
  const out = h.pruneToModel(h.v2OutputShape(op), data, '', []);
  for (const k of ['Location', 'key', 'Key', 'Bucket']) if (Object.prototype.hasOwnProperty.call(data, k)) out[k] = data[k];
  return h.maskValue(out, { subst: twins.subst });
}

/**
 * Checks one upload's progress events: the key, a part number, loaded never going back, total
 * equal to the size on every event (`knownTotal`) or once known, the last event loaded === total
 * === size; a multipart upload reports each part once. Returns the part numbers (sorted).
 */
function checkProgress(events, { Key, size, parts, knownTotal, who = 's3-native' }) {
  const where = (i) => `${who}: progress event ${i} of ${JSON.stringify(events)}`;
  assert.ok(events.length >= 1, `${who}: at least one httpUploadProgress event`);
  let loaded = -1;
  events.forEach((e, i) => {
    assert.equal(e.key, Key, where(i));
    assert.ok(Number.isInteger(e.part) && e.part >= 1 && e.part <= parts, where(i));
    assert.ok(Number.isInteger(e.loaded) && e.loaded >= loaded && e.loaded <= size, `${where(i)}: loaded is monotonic`);
    loaded = e.loaded;
    if (knownTotal) assert.equal(e.total, size, `${where(i)}: total known from the start`);
    else assert.ok(e.total === undefined || e.total === size, `${where(i)}: total undefined until known`);
  });
  const last = events[events.length - 1];
  assert.deepEqual({ loaded: last.loaded, total: last.total }, { loaded: size, total: size }, `${who}: the last event`);
  // At least one event per part (s3-native also reports progress within a part as it goes out).
  const seen = [...new Set(events.map((e) => e.part))].sort((a, b) => a - b);
  if (parts > 1) assert.deepEqual(seen, range(parts), `${who}: every part reported`);
  else assert.ok(seen.every((p) => p === 1), `${who}: a single PUT reports part 1`);
  return seen;
}

/** Reads the object back and compares bytes (a short description on mismatch, not 11 MiB of hex). */
async function assertStored(B, Key, expected, who = 's3-native') {
  const { body } = await h.readBack(B, Key);
  assert.equal(body.length, expected.length, `${who}: stored length`);
  assert.ok(body.equals(expected), `${who}: stored bytes (md5 ${h.md5(body)} vs ${h.md5(expected)})`);
}

/**
 * The same upload through aws-sdk v2 and s3-native (each its own bucket, the same Key): both must
 * succeed with equal outputs, well-formed progress and the expected bytes stored.
 */
async function differential(makeBody, expected, { options, knownTotal = true, Key = KEY, params = {} } = {}) {
  const partSize = (options && options.partSize) || PART;
  const parts = partsFor(expected.length, partSize);
  const runs = {};
  for (const who of ['v2', 'native']) {
    let u;
    try {
      u = clients[who].upload({ Bucket: twins.of(who), Key, Body: makeBody(who), ...params }, options);
    } catch (err) {
      assert.fail(`${who}: upload() threw ${err.code || err.name}: ${err.message}`);
    }
    runs[who] = await settle(u);
    assert.equal(runs[who].err, null, `${who}: ${runs[who].err && runs[who].err.stack}`);
  }
  const single = parts === 1;
  assert.deepEqual(comparable(runs.native.data, single), comparable(runs.v2.data, single), 'output (s3-native vs aws-sdk v2)');
  if (single) {
    assert.equal(runs.native.data.ETag, `"${h.md5(expected)}"`, 'one PutObject: the ETag is the MD5');
    assert.equal(runs.native.data.key, Key, 'v2\'s lower-case key on a single PUT');
  } else {
    assert.match(runs.native.data.ETag, new RegExp(`-${parts}"$`), `a multipart ETag of ${parts} parts`);
    assert.equal(Object.prototype.hasOwnProperty.call(runs.native.data, 'key'), false, 'no lower-case key after a multipart upload (v2)');
  }
  const seen = {};
  for (const who of ['v2', 'native']) {
    seen[who] = checkProgress(runs[who].events, { Key, size: expected.length, parts, knownTotal, who });
    await assertStored(twins.of(who), Key, expected, who);
  }
  if (!single) assert.deepEqual(seen.native, seen.v2, 'progress: parts reported (s3-native vs aws-sdk v2)');
  return runs;
}

/**
 * A non-object-mode Readable over `buf` that produces `chunk` bytes per read() (pull-based, so
 * `produced()` counts what the consumer asked for plus the stream's own read-ahead). `fail`:
 * { at, error, when } destroys the stream with `error` once `at` bytes were produced (after the
 * promise `when()` resolves, if given).
 */
function sourceOf(buf, { chunk = 100 * KiB + 3, highWaterMark = 64 * KiB, fail } = {}) {
  let pos = 0;
  let failing = false;
  const stream = new Readable({
    highWaterMark,
    read() {
      if (fail && pos >= fail.at) {
        if (!failing) {
          failing = true;
          Promise.resolve(fail.when && fail.when()).then(() => this.destroy(fail.error), (err) => this.destroy(err));
        }
        return;
      }
      if (pos >= buf.length) {
        this.push(null);
        return;
      }
      const end = Math.min(pos + chunk, buf.length, fail ? Math.max(fail.at, pos + 1) : Infinity);
      const piece = buf.subarray(pos, end);
      pos = end;
      this.push(piece);
    },
  });
  stream.produced = () => pos;
  return stream;
}

/** A temp file holding `buf`. */
function tempFile(buf, name = crypto.randomBytes(4).toString('hex')) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, buf);
  return file;
}

// ---------------------------------------------------------------------------------------------
// The gate: a proxy in front of the server that forwards every request unchanged and can hold a
// response (the server has answered: the part is stored) until the test releases it, or answer
// an S3 error itself, or drop the connection part-way through a request's body. It counts
// UploadPart requests in flight (from the request's arrival to the moment its response is
// delivered or its connection closes).
//   gate.rule({ match(entry), hold?, status?, code?, requestCutAfter?, requestCut?, rewrite?, times? })
//                              first matching rule applies, to its first `times` matches (default
//                              all); `requestCutAfter: n` forwards n body bytes, then resets
//                              (`requestCut: 'reset'`, the default) or closes ('close') the client's
//                              connection and drops the upstream request; `rewrite(body)` returns
//                              the response body the client gets instead of the server's
//   gate.release(rule)         stop holding for a rule and deliver what it holds
//   gate.entries               { method, url, headers, partNumber, uploadId, isPart, status, held,
//                              delivered, responseHeaders, body and responseBody (of a POST),
//                              requestBytes, cut,
//                              tail (a forwarded body's last TAIL bytes: where a trailer is) }
//   gate.until(cond, what)     polls cond() (60 s at most)

const TAIL = 512;

/**
 * Forwards a request's first `rule.requestCutAfter` body bytes, then drops the connection: the
 * upstream request is destroyed (the server never gets the rest) and the client's socket is reset
 * (`requestCut: 'reset'`, the default) or closed with a FIN (`'close'`), while the client is
 * still sending. `e.cut` records which.
 */
function cutRequest(req, up, e, rule) {
  const at = rule.requestCutAfter;
  req.on('data', (chunk) => {
    if (e.cut) return;
    const room = at - e.requestBytes;
    if (chunk.length < room) {
      e.requestBytes += chunk.length;
      if (!up.write(chunk)) req.pause();
      return;
    }
    e.requestBytes += room;
    e.cut = rule.requestCut || 'reset';
    req.pause();
    up.write(chunk.subarray(0, room), () => {
      up.destroy();
      const sock = req.socket;
      if (!sock || sock.destroyed) return;
      if (e.cut === 'reset') sock.resetAndDestroy();
      else {
        sock.end();
        req.resume(); // what the client still sends is read and dropped
      }
    });
  });
  up.on('drain', () => {
    if (!e.cut) req.resume();
  });
  req.on('end', () => {
    if (!e.cut) up.end();
  });
}

async function startGate(t) {
  const target = new URL(h.endpoint);
  const upstreams = new Set();
  const entries = [];
  const rules = [];
  const sockets = new Set();
  const stats = { partsInFlight: 0, maxPartsInFlight: 0 };
  let closed = false;

  const server = http.createServer((req, res) => {
    const q = new URL(req.url, 'http://gate').searchParams;
    const e = {
      method: req.method,
      url: req.url,
      partNumber: Number(q.get('partNumber')) || 0,
      uploadId: q.get('uploadId'),
      status: undefined,
      held: false,
      delivered: false,
      answered: false,
      headers: req.headers,
    };
    e.isPart = e.method === 'PUT' && e.partNumber > 0;
    entries.push(e);
    if (e.isPart) {
      stats.partsInFlight += 1;
      stats.maxPartsInFlight = Math.max(stats.maxPartsInFlight, stats.partsInFlight);
      res.on('close', () => {
        stats.partsInFlight -= 1;
      });
    }
    // A rule with `times` applies to its first `times` matches only (a first attempt, say).
    const rule = rules.find((r) => r.match(e) && !(r.hits >= r.times)) || null;
    if (rule) rule.hits += 1;
    e.rule = rule;
    const answer = async (status, headers, body) => {
      e.status = status;
      e.responseHeaders = headers;
      if (req.method === 'POST') e.responseBody = body.toString();
      e.answered = true;
      if (rule && rule.hold && !closed) {
        e.held = true;
        await new Promise((resolve) => {
          e.release = () => {
            e.held = false; // at once: the next gate.held() must not count it
            rule.waiting.delete(e);
            resolve();
          };
          rule.waiting.add(e);
        });
      }
      if (res.destroyed) return;
      res.writeHead(status, { ...headers, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body, () => {
        e.delivered = true;
      });
    };
    if (rule && rule.status) {
      req.resume();
      req.on('end', () => {
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${rule.code}</Code><Message>injected by the gate</Message>` +
          '<RequestId>GATE</RequestId></Error>';
        answer(rule.status, { 'content-type': 'application/xml', 'x-amz-request-id': 'GATE' }, Buffer.from(xml));
      });
      return;
    }
    if (req.method === 'POST') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        e.body = Buffer.concat(chunks).toString();
      });
    }
    const up = forwardTo(target, req, res, upstreams, e);
    e.requestBytes = 0;
    up.on('response', (upRes) => {
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('error', () => res.destroy());
      upRes.on('end', () => {
        const headers = {};
        for (const [name, value] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(name) && name !== 'content-length') headers[name] = value;
        let body = Buffer.concat(chunks);
        if (rule && rule.rewrite) body = Buffer.from(rule.rewrite(body.toString()));
        answer(upRes.statusCode, headers, body);
      });
    });
    if (rule && rule.requestCutAfter !== undefined) cutRequest(req, up, e, rule);
    else if (rule && rule.holdLastByte && req.headers['content-length'] !== undefined) {
      // The whole body in, all but its last byte forwarded: the server is still at the part when
      // the client stops, and stores it once released, whether the client is still there or not.
      const length = Number(req.headers['content-length']);
      let last = Buffer.alloc(0);
      e.requestBytes = 0;
      req.on('data', (c) => {
        e.requestBytes += c.length;
        if (e.requestBytes === length) {
          last = c.subarray(c.length - 1);
          c = c.subarray(0, c.length - 1);
        }
        if (c.length > 0 && !up.write(c)) {
          req.pause();
          up.once('drain', () => req.resume());
        }
      });
      req.on('end', () => {
        e.detached = true;
        e.lastByteHeld = true;
        e.releaseLastByte = () => {
          e.lastByteHeld = false;
          up.end(last);
        };
      });
    } else {
      req.on('data', (c) => {
        e.requestBytes += c.length;
        e.tail = Buffer.concat([e.tail || Buffer.alloc(0), c.subarray(-TAIL)]).subarray(-TAIL);
      });
      req.pipe(up);
    }
  });
  const listening = await listen(server, sockets, upstreams);

  const gate = {
    endpoint: `http://127.0.0.1:${listening.port}`,
    entries,
    stats,
    rule(spec) {
      const rule = { hold: false, times: Infinity, ...spec, hits: 0, waiting: new Set() };
      rules.push(rule);
      return rule;
    },
    release(rule) {
      rule.hold = false;
      for (const e of [...rule.waiting]) e.release();
    },
    held: () => entries.filter((e) => e.held),
    parts: () => entries.filter((e) => e.isPart),
    async until(cond, what, ms = 60000) {
      const deadline = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > deadline) {
          const seen = entries.map((e) => `${e.method} ${e.url} ${e.status}${e.held ? ' (held)' : ''}`).join('\n  ');
          throw new Error(`gate: ${what}: not within ${ms} ms; requests:\n  ${seen}`);
        }
        await sleep(5);
      }
    },
    close() {
      closed = true;
      for (const r of rules) gate.release(r);
      return listening.close();
    },
  };
  t.after(() => gate.close());
  return gate;
}

const isPart = (e) => e.isPart;
const isCreate = (e) => e.method === 'POST' && /[?&]uploads(=|&|$)/.test(e.url);
const isComplete = (e) => e.method === 'POST' && e.uploadId !== null;

/** Clients of both kinds through the gate. */
function gated(gate, extra = {}) {
  return {
    v2: h.v2({ endpoint: gate.endpoint, ...extra }),
    native: h.client({ endpoint: gate.endpoint, ...extra }),
  };
}

/** The UploadId the parts of `Key` went to (from the proxied UploadPart requests). */
function uploadIdOf(gate, Key) {
  const ids = new Set(gate.parts().filter((e) => e.url.startsWith(`/${Bucket}/${encodeKey(Key)}?`)).map((e) => e.uploadId));
  assert.equal(ids.size, 1, `one multipart upload for ${Key}: ${[...ids]}`);
  return [...ids][0];
}

const encodeKey = (Key) => Key.split('/').map(encodeURIComponent).join('/');

/** Whether a proxied request is for exactly this object (not one whose key starts with it). */
const isFor = (e, Key, B = Bucket) => e.url.startsWith(`/${B}/${encodeKey(Key)}?`) || e.url === `/${B}/${encodeKey(Key)}`;

/** ListParts straight from the server: { parts } or { code }. */
function listParts(Key, UploadId) {
  return direct.listParts({ Bucket, Key, UploadId }).promise().then(
    (d) => ({ parts: d.Parts.map((p) => p.PartNumber).sort((a, b) => a - b) }),
    (e) => ({ code: e.code }),
  );
}

/** The upload's UploadIds still open on the server (moto: ListMultipartUploads). */
async function openUploads(Key) {
  const list = await direct.listMultipartUploads({ Bucket, Prefix: Key }).promise();
  return list.Uploads.filter((u) => u.Key === Key).map((u) => u.UploadId);
}

/**
 * Nothing left behind after a failed multipart upload: AbortMultipartUpload was sent for it and
 * succeeded, the parts are gone, no object was stored.
 */
async function assertNothingLeft(gate, Key, UploadId, who) {
  await gate.until(
    () => gate.entries.some((e) => e.method === 'DELETE' && e.uploadId === UploadId && e.status !== undefined),
    `${who}: AbortMultipartUpload for ${Key}`,
  );
  const aborts = gate.entries.filter((e) => e.method === 'DELETE' && e.uploadId === UploadId);
  assert.equal(aborts.length, 1, `${who}: one AbortMultipartUpload`);
  assert.equal(aborts[0].status, 204, `${who}: AbortMultipartUpload answered 204`);
  if (h.server === 'moto') {
    assert.deepEqual(await openUploads(Key), [], `${who}: ListMultipartUploads has no upload for ${Key}`);
    assert.deepEqual(await listParts(Key, UploadId), { code: 'NoSuchUpload' }, `${who}: ListParts`);
  } else {
    // s3s-fs: no ListMultipartUploads; its ListParts lists the part files an upload still has.
    assert.deepEqual(await listParts(Key, UploadId), { parts: [] }, `${who}: ListParts after the abort`);
  }
  const head = await direct.headObject({ Bucket, Key }).promise().then(() => 'stored', (e) => e.code);
  assert.equal(head, 'NotFound', `${who}: no object stored`);
}

// ---------------------------------------------------------------------------------------------
// 1. Differential, per Body kind.

test('Buffer: empty, 1 KiB and exactly partSize are one PutObject; partSize + 1 and 11 MiB multipart', T, async () => {
  for (const size of [0, KiB, PART, PART + 1, 11 * MiB + 3]) {
    const expected = DATA.subarray(0, size);
    await differential(() => expected, expected, { Key: `${KEY}.${size}` });
  }
});

test('string: UTF-8 bytes (not characters) are counted and split', T, async () => {
  const small = 'héllo wörld ✓';
  await differential(() => small, Buffer.from(small), { Key: `${KEY}.s` });
  // 3 Mi characters of 2 bytes + 1: two parts, split inside the string's bytes.
  const big = `${'é'.repeat(3 * MiB)}x`;
  await differential(() => big, Buffer.from(big), { Key: `${KEY}.sbig` });
});

test('typed array: a Uint8Array view at an odd offset, small and multipart', T, async () => {
  for (const size of [999, 11 * MiB + 1]) {
    const expected = DATA.subarray(7, 7 + size);
    const view = () => new Uint8Array(DATA.buffer, DATA.byteOffset + 7, size);
    await differential(view, expected, { Key: `${KEY}.u8.${size}` });
  }
});

test('Readable of unknown length: small (one PutObject) and multipart, partSize 6 MiB too', T, async () => {
  const small = DATA.subarray(0, 300 * KiB + 1);
  await differential(() => sourceOf(small), small, { Key: `${KEY}.rs`, knownTotal: false });
  const big = DATA.subarray(0, 11 * MiB + 5);
  await differential(() => sourceOf(big), big, { Key: `${KEY}.rb`, knownTotal: false });
  const six = DATA.subarray(0, 13 * MiB);
  await differential(() => sourceOf(six, { chunk: 1 * MiB - 1 }), six, { Key: `${KEY}.r6`, knownTotal: false, options: { partSize: 6 * MiB } });
});

test('fs.createReadStream: small and multipart, the length known from the file', T, async () => {
  for (const size of [100 * KiB, 11 * MiB + 7]) {
    const expected = DATA.subarray(0, size);
    const file = tempFile(expected);
    await differential(() => fs.createReadStream(file), expected, { Key: `${KEY}.f${size}` });
  }
});

test('params other than Body reach PutObject and CreateMultipartUpload (headers, Metadata)', T, async () => {
  const params = {
    ContentType: 'text/x-upload; charset=utf-8',
    CacheControl: 'max-age=60',
    ContentDisposition: 'attachment; filename="a b.txt"',
    Metadata: { team: 'storage', 'x-y': 'a b' }, // ASCII: non-ASCII metadata is another suite's subject
  };
  for (const size of [KiB, 11 * MiB]) {
    const Key = `${KEY}.params.${size}`;
    await differential(() => DATA.subarray(0, size), DATA.subarray(0, size), { Key, params });
    const heads = {};
    for (const who of ['v2', 'native']) {
      const head = await direct.headObject({ Bucket: twins.of(who), Key }).promise();
      heads[who] = { ContentType: head.ContentType, CacheControl: head.CacheControl, ContentDisposition: head.ContentDisposition, Metadata: head.Metadata };
    }
    assert.deepEqual(heads.native, heads.v2, `${size}: stored headers (s3-native vs aws-sdk v2)`);
    assert.equal(heads.native.ContentType, params.ContentType);
    assert.equal(heads.native.Metadata.team, 'storage');
  }
});

// ---------------------------------------------------------------------------------------------
// 2. Bodies aws-sdk v2 cannot upload (it throws on an ArrayBuffer, sends nothing for a Float64Array,
//    and refuses a web stream or a Blob as an unsupported payload): ours alone.

/** Our upload alone: success, the bytes, well-formed progress. Returns the result. */
async function ours(Body, expected, { Key = `${KEY}.${crypto.randomBytes(3).toString('hex')}`, options, knownTotal = true, s3 = clients.native, params = {} } = {}) {
  const r = await settle(s3.upload({ Bucket: twins.native, Key, Body, ...params }, options));
  assert.equal(r.err, null, r.err && r.err.stack);
  const parts = partsFor(expected.length, (options && options.partSize) || PART);
  checkProgress(r.events, { Key, size: expected.length, parts, knownTotal });
  if (parts > 1) assert.match(r.data.ETag, new RegExp(`-${parts}"$`));
  else assert.equal(r.data.ETag, `"${h.md5(expected)}"`);
  assert.equal(r.data.Key, Key);
  assert.equal(r.data.Bucket, twins.native);
  await assertStored(twins.native, Key, expected);
  return r;
}

test('ArrayBuffer, DataView and Float64Array bodies, small and multipart', T, async () => {
  for (const size of [4 * KiB, 11 * MiB]) {
    const expected = DATA.subarray(0, size);
    const ab = expected.buffer.slice(expected.byteOffset, expected.byteOffset + size);
    await ours(ab, expected);
    await ours(new DataView(ab, 0, size), expected);
    await ours(new Float64Array(ab, 0, size / 8), expected);
  }
});

test('web ReadableStream: small and multipart, total known once it ends', T, async () => {
  for (const size of [70 * KiB, 11 * MiB + 9]) {
    const expected = DATA.subarray(0, size);
    await ours(Readable.toWeb(sourceOf(expected)), expected, { knownTotal: false });
  }
  // A byte stream that hands out odd-sized pieces.
  const expected = DATA.subarray(0, 10 * MiB + 1);
  let pos = 0;
  const web = new ReadableStream({
    pull(controller) {
      if (pos >= expected.length) return controller.close();
      const n = 333 * KiB + (pos % 7);
      controller.enqueue(new Uint8Array(expected.subarray(pos, pos + n)));
      pos += n;
      return undefined;
    },
  });
  await ours(web, expected, { knownTotal: false });
});

test('stream chunks of every shape across part boundaries (native part buffers): exact bytes', T, async () => {
  // One chunk spanning more than two parts, 1-byte chunks around a part boundary, Uint8Array
  // (not Buffer) views at odd offsets, and strings: each part filled natively from them.
  const expected = DATA.subarray(0, 3 * PART + 12345);
  const pieces = [];
  let pos = 0;
  const take = (n, as = 'buffer') => {
    const b = expected.subarray(pos, pos + n);
    pos += b.length;
    if (as === 'u8') pieces.push(new Uint8Array(b.buffer, b.byteOffset, b.length));
    else pieces.push(b);
  };
  take(2 * PART + 7); // into parts 1, 2 and 3 from one chunk
  take(PART - 7 - 3); // up to 3 bytes before the end of part 3
  for (let i = 0; i < 6; i++) take(1); // 1-byte chunks across the boundary of parts 3 and 4
  take(100 * KiB + 1, 'u8');
  pieces.push('a string chunk: its UTF-8 bytes, ü included');
  take(expected.length - pos);
  const bytes = Buffer.concat(pieces.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  await ours(Readable.from(pieces), bytes, { knownTotal: false });
  // A stream that ends exactly at a part boundary: no empty last part.
  const exact = DATA.subarray(0, 2 * PART);
  await ours(sourceOf(exact, { chunk: PART }), exact, { knownTotal: false });
});

test('Blob: small and multipart, total known from the start', T, async () => {
  for (const size of [10, PART, 11 * MiB + 2]) {
    const expected = DATA.subarray(0, size);
    await ours(new Blob([expected]), expected);
  }
});

test('a stream of exactly partSize bytes (unknown length) is one PutObject', T, async () => {
  const expected = DATA.subarray(0, PART);
  const r = await ours(sourceOf(expected, { chunk: 512 * KiB }), expected, { knownTotal: false });
  assert.equal(r.data.key, r.data.Key, 'a single PUT result (v2: key, Key, Bucket, Location)');
  assert.equal(typeof r.data.Location, 'string');
});

test('ChecksumAlgorithm CRC32: every part checksummed, the checksums completed with the parts', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const expected = DATA.subarray(0, 11 * MiB);
  const Key = `${KEY}.crc`;
  const r = await settle(s3.upload({ Bucket, Key, Body: expected, ChecksumAlgorithm: 'CRC32' }));
  assert.equal(r.err, null, r.err && r.err.stack);
  await assertStored(Bucket, Key, expected);
  const create = gate.entries.filter(isCreate);
  assert.equal(create.length, 1);
  assert.equal(create[0].headers['x-amz-checksum-algorithm'], 'CRC32', 'CreateMultipartUpload names the algorithm');
  const parts = gate.parts();
  assert.equal(parts.length, 3);
  for (const e of parts) {
    const sent = e.headers['x-amz-checksum-crc32'] || e.headers['x-amz-trailer'];
    assert.ok(sent, `part ${e.partNumber}: a CRC32 header or trailer (${JSON.stringify(e.headers)})`);
  }
  // CompleteMultipartUpload lists, per part, the CRC32 the server answered for it (s3-fs answers
  // none, moto each part's).
  const complete = gate.entries.find((e) => e.method === 'POST' && e.uploadId);
  const listed = [...complete.body.matchAll(/<Part>(.*?)<\/Part>/g)].map(([, part]) => ({
    PartNumber: Number(/<PartNumber>(\d+)</.exec(part)[1]),
    crc: (/<ChecksumCRC32>([^<]+)</.exec(part) || [])[1],
  }));
  const answered = parts.map((e) => ({ PartNumber: e.partNumber, crc: e.responseHeaders['x-amz-checksum-crc32'] })).sort((a, b) => a.PartNumber - b.PartNumber);
  assert.deepEqual(listed, answered, `CompleteMultipartUpload: ${complete.body}`);
  if (h.server === 'moto') assert.ok(answered.every((p) => typeof p.crc === 'string'), 'moto answers each part\'s CRC32');
  if (h.server === 'moto') {
    const head = await direct.headObject({ Bucket, Key, ChecksumMode: 'ENABLED' }).promise();
    assert.equal(typeof head.ChecksumCRC32, 'string', 'the server kept a CRC32');
  }
});

// Checksums. A part's CRC32 as S3 writes it (x-amz-checksum-crc32: base64 of the 4 big-endian
// bytes), taken from the request header or from the aws-chunked trailer at the end of its body.

/** CRC32 of `buf` in x-amz-checksum-crc32's form. */
function crc32Of(buf) {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(buf));
  return out.toString('base64');
}

/** The CRC32 an UploadPart carried (header or trailer), or undefined. */
function sentCrc32(e) {
  if (e.headers['x-amz-checksum-crc32'] !== undefined) return e.headers['x-amz-checksum-crc32'];
  if (e.headers['x-amz-trailer'] !== 'x-amz-checksum-crc32' || !e.tail) return undefined;
  const m = /x-amz-checksum-crc32:([A-Za-z0-9+/=]+)/.exec(e.tail.toString('latin1'));
  return m ? m[1] : undefined;
}

/** S3's composite checksum of a multipart object: the CRC32 of the parts' CRC32s, then -N. */
function compositeCrc32(body, partSize) {
  const crcs = [];
  for (let pos = 0; pos < body.length; pos += partSize) crcs.push(Buffer.from(crc32Of(body.subarray(pos, pos + partSize)), 'base64'));
  return `${crc32Of(Buffer.concat(crcs))}-${crcs.length}`;
}

/** A request a server that refuses checksums rejects: any x-amz-checksum-*, the SDK's algorithm or a trailer. */
const carriesChecksum = (e) => Object.keys(e.headers).some((k) => /^x-amz-checksum-|^x-amz-sdk-checksum-algorithm$|^x-amz-trailer$/.test(k));

test('ChecksumAlgorithm CRC32: the parts\' CRC32s, the object\'s checksum per server, S3\'s composite -N passed through', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const expected = DATA.subarray(0, 11 * MiB + 1);
  const composite = compositeCrc32(expected, PART);
  for (const [name, make] of [['Buffer', () => expected], ['Readable of unknown length', () => sourceOf(expected)]]) {
    const Key = `${KEY}.crc.composite.${name}`;
    const r = await settle(s3.upload({ Bucket, Key, Body: make(), ChecksumAlgorithm: 'CRC32' }));
    assert.equal(r.err, null, `${name}: ${r.err && r.err.stack}`);
    await assertStored(Bucket, Key, expected, name);
    const parts = gate.parts().filter((e) => isFor(e, Key)).sort((a, b) => a.partNumber - b.partNumber);
    assert.deepEqual(parts.map((e) => sentCrc32(e)), [0, 1, 2].map((i) => crc32Of(expected.subarray(i * PART, (i + 1) * PART))), `${name}: each part's CRC32`);
    // Neither server answers CompleteMultipartUpload with the object's checksum (moto's answer has
    // Location, Bucket, Key and ETag only): the result has none either.
    const complete = gate.entries.find((e) => isComplete(e) && isFor(e, Key));
    assert.equal(complete.responseBody.includes('<ChecksumCRC32>'), false, `${name}: the server's answer: ${complete.responseBody}`);
    assert.equal(r.data.ChecksumCRC32, undefined, `${name}: no ChecksumCRC32 in the result`);
    // What the server kept: moto the composite CRC32 (without S3's -N suffix), s3s-fs none.
    const head = await direct.headObject({ Bucket, Key, ChecksumMode: 'ENABLED' }).promise();
    if (h.server === 'moto') assert.ok([composite, composite.replace(/-\d+$/, '')].includes(head.ChecksumCRC32), `${name}: moto's ${head.ChecksumCRC32} vs ${composite}`);
    else assert.equal(head.ChecksumCRC32, undefined, `${name}: s3s-fs keeps no checksum`);
  }
  // S3 answers the composite checksum (CRC32 of the parts' CRC32s, then -N) and its type: the
  // result passes it on, as v2's does (v2's model has ChecksumCRC32, not ChecksumType).
  const Key = `${KEY}.crc.s3answer`;
  const s3answer = (body) => body.replace(/(<\/[A-Za-z]+>\s*)$/, `<ChecksumCRC32>${composite}</ChecksumCRC32><ChecksumType>COMPOSITE</ChecksumType>$1`);
  gate.rule({ match: (e) => isComplete(e) && (isFor(e, Key) || isFor(e, Key, twins.v2) || isFor(e, Key, twins.native)), rewrite: s3answer });
  const via = gated(gate);
  const runs = {};
  for (const who of ['v2', 'native']) {
    runs[who] = await settle(via[who].upload({ Bucket: twins.of(who), Key, Body: expected }));
    assert.equal(runs[who].err, null, `${who}: ${runs[who].err && runs[who].err.stack}`);
    assert.equal(runs[who].data.ChecksumCRC32, composite, `${who}: S3's composite checksum`);
  }
  assert.deepEqual(comparable(runs.native.data, false), comparable(runs.v2.data, false), 'output (s3-native vs aws-sdk v2)');
  assert.equal(runs.native.data.ChecksumType, 'COMPOSITE');
  const withAlgorithm = await settle(s3.upload({ Bucket, Key, Body: expected, ChecksumAlgorithm: 'CRC32' }));
  assert.equal(withAlgorithm.err, null, withAlgorithm.err && withAlgorithm.err.stack);
  assert.equal(withAlgorithm.data.ChecksumCRC32, composite, 'with ChecksumAlgorithm CRC32');
});

test('requestChecksumCalculation WHEN_REQUIRED (and the default on a custom endpoint): a server that refuses checksum headers', T, async (t) => {
  const gate = await startGate(t);
  const refuse = gate.rule({ match: carriesChecksum, status: 400, code: 'InvalidRequest' });
  const expected = DATA.subarray(0, 11 * MiB + 1);
  const file = tempFile(expected);
  const required = h.client({ endpoint: gate.endpoint, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const byDefault = h.client({ endpoint: gate.endpoint });
  // index.d.ts: WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint.
  assert.equal((await byDefault.resolvedConfig()).requestChecksumCalculation, 'WHEN_REQUIRED', 'the default on a custom endpoint');
  const cases = [
    ['Buffer', required, () => expected, expected],
    ['Readable of unknown length', required, () => sourceOf(expected), expected],
    ['fs.createReadStream', required, () => fs.createReadStream(file), expected],
    ['a single PutObject', required, () => expected.subarray(0, 100 * KiB), expected.subarray(0, 100 * KiB)],
    ['Buffer, default config', byDefault, () => expected, expected],
    ['Readable of unknown length, default config', byDefault, () => sourceOf(expected), expected],
  ];
  for (const [name, s3, make, bytes] of cases) {
    const Key = `${KEY}.whenrequired.${name}`;
    const r = await settle(s3.upload({ Bucket, Key, Body: make() }));
    assert.equal(r.err, null, `${name}: ${r.err && r.err.stack}`);
    await assertStored(Bucket, Key, bytes, name);
    const puts = gate.entries.filter((e) => e.method === 'PUT' && isFor(e, Key));
    assert.equal(puts.length, partsFor(bytes.length), `${name}: one PutObject, or one UploadPart per part`);
  }
  const refused = gate.entries.filter((e) => e.rule === refuse);
  assert.deepEqual(refused.map((e) => `${e.method} ${e.url} ${JSON.stringify(e.headers)}`), [], 'no request carried a checksum header');
  // The gate does refuse checksums: WHEN_SUPPORTED through it fails with its error, and leaves nothing.
  const Key = `${KEY}.whensupported.refused`;
  const supported = h.client({ endpoint: gate.endpoint, requestChecksumCalculation: 'WHEN_SUPPORTED', maxRetries: 0 });
  const r = await settle(supported.upload({ Bucket, Key, Body: expected }));
  assert.deepEqual(r.err && { code: r.err.code, statusCode: r.err.statusCode }, { code: 'InvalidRequest', statusCode: 400 }, 'WHEN_SUPPORTED is refused');
  const ids = new Set(gate.entries.filter((e) => e.uploadId && isFor(e, Key)).map((e) => e.uploadId));
  for (const UploadId of ids) await assertNothingLeft(gate, Key, UploadId, 'WHEN_SUPPORTED');
  const head = await direct.headObject({ Bucket, Key }).promise().then(() => 'stored', (e) => e.code);
  assert.equal(head, 'NotFound', 'no object stored');
});

test('requestChecksumCalculation WHEN_SUPPORTED: every UploadPart carries the CRC32 of its bytes, the object\'s composed where the server does', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint, requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const expected = DATA.subarray(0, 11 * MiB + 1);
  const composite = compositeCrc32(expected, PART);
  const file = tempFile(expected);
  for (const [name, make] of [['Buffer', () => expected], ['Readable of unknown length', () => sourceOf(expected)], ['fs.createReadStream', () => fs.createReadStream(file)]]) {
    const Key = `${KEY}.whensupported.${name}`;
    const r = await settle(s3.upload({ Bucket, Key, Body: make() }));
    assert.equal(r.err, null, `${name}: ${r.err && r.err.stack}`);
    await assertStored(Bucket, Key, expected, name);
    const parts = gate.parts().filter((e) => isFor(e, Key)).sort((a, b) => a.partNumber - b.partNumber);
    assert.deepEqual(parts.map((e) => e.partNumber), [1, 2, 3], `${name}: parts`);
    for (const e of parts) {
      const bytes = expected.subarray((e.partNumber - 1) * PART, e.partNumber * PART);
      const how = `${name}: part ${e.partNumber} (headers ${JSON.stringify(e.headers)})`;
      assert.equal(sentCrc32(e), crc32Of(bytes), `${how}: the CRC32 of its bytes, as a header or a trailer`);
      // A server that answers a part's CRC32 (moto) computed the same.
      const answered = e.responseHeaders['x-amz-checksum-crc32'];
      if (answered !== undefined) assert.equal(answered, crc32Of(bytes), `${how}: the server's CRC32`);
    }
    // The object's checksum where the server composes one (moto: the composite without S3's -N;
    // s3s-fs keeps none): the parts' CRC32s went into CompleteMultipartUpload.
    const head = await direct.headObject({ Bucket, Key, ChecksumMode: 'ENABLED' }).promise();
    if (h.server === 'moto') assert.ok([composite, composite.replace(/-\d+$/, '')].includes(head.ChecksumCRC32), `${name}: moto's ${head.ChecksumCRC32} vs ${composite}`);
    else assert.equal(head.ChecksumCRC32, undefined, `${name}: s3s-fs keeps no checksum`);
  }
});

test('fs.createReadStream with start/end: the range is uploaded, its length known', T, async () => {
  const file = tempFile(DATA.subarray(0, 12 * MiB));
  const start = 1000;
  const end = start + 6 * MiB + 10; // inclusive
  const expected = DATA.subarray(start, end + 1);
  const r = await ours(fs.createReadStream(file, { start, end }), expected);
  assert.equal(r.events[0].total, expected.length);
});

// ---------------------------------------------------------------------------------------------
// 3. Flow control.

for (const queueSize of [1, 2, undefined]) {
  const q = queueSize || 4;
  test(`queueSize ${queueSize === undefined ? 'default (4)' : queueSize}: UploadParts in flight reach it, never exceed it`, T, async (t) => {
    const body = DATA.subarray(0, 16 * MiB); // 4 parts: 5, 5, 5, 1 MiB
    const n = partsFor(body.length);
    const gate = await startGate(t);
    const rule = gate.rule({ match: isPart, hold: true });
    const s3 = h.client({ endpoint: gate.endpoint });
    const Key = `${KEY}.q${q}`;
    const u = s3.upload({ Bucket, Key, Body: body }, queueSize ? { queueSize } : undefined);
    t.after(() => u.abort());
    const done = settle(u);
    // Parts are answered one at a time, the lowest first, each time the queue is full.
    let released = 0;
    while (released < n) {
      const want = Math.min(q, n - released);
      await gate.until(() => gate.held().length >= want, `${want} part(s) held`);
      await sleep(250); // a request beyond queueSize would arrive now
      assert.ok(
        gate.stats.maxPartsInFlight <= q,
        `queueSize ${q}: at most ${q} UploadPart(s) in flight, saw ${gate.stats.maxPartsInFlight} (parts ${gate.held().map((e) => e.partNumber)} held)`,
      );
      gate.held().sort((a, b) => a.partNumber - b.partNumber)[0].release();
      released++;
    }
    gate.release(rule);
    const r = await done;
    assert.equal(r.err, null, r.err && r.err.stack);
    assert.equal(gate.stats.maxPartsInFlight, q, `queueSize ${q}: the queue was filled`);
    assert.equal(gate.parts().length, n, 'each part sent once');
    await assertStored(Bucket, Key, body);
  });
}

test('backpressure: a Readable source is not read far ahead of the parts in flight', T, async (t) => {
  const gate = await startGate(t);
  const rule = gate.rule({ match: isPart, hold: true });
  const s3 = h.client({ endpoint: gate.endpoint });
  const Key = `${KEY}.bp`;
  const body = DATA.subarray(0, 16 * MiB + 5);
  const highWaterMark = 64 * KiB;
  const chunk = 64 * KiB;
  const queueSize = 1;
  const src = sourceOf(body, { chunk, highWaterMark });
  const u = s3.upload({ Bucket, Key, Body: src }, { queueSize });
  t.after(() => u.abort());
  const done = settle(u);
  await gate.until(() => gate.held().length >= queueSize, 'a part held');
  await sleep(300); // a source read eagerly would be read to its end now
  // queueSize parts in flight, one being filled, and what the stream itself buffers (up to
  // highWaterMark; its last push may overshoot by one chunk).
  const bound = PART * (queueSize + 1) + highWaterMark + chunk;
  assert.ok(src.produced() <= bound, `the source produced ${src.produced()} bytes while the parts were held (bound ${bound})`);
  assert.ok(src.produced() < body.length);
  gate.release(rule);
  const r = await done;
  assert.equal(r.err, null, r.err && r.err.stack);
  assert.equal(src.produced(), body.length);
  await assertStored(Bucket, Key, body);
  assert.deepEqual([...new Set(r.events.map((e) => e.part))].sort(), [1, 2, 3, 4]);
});

test('progress: a stream\'s total is on the last event with queueSize 1 too, as v2', T, async () => {
  const expected = DATA.subarray(0, 11 * MiB + 11);
  await differential(() => sourceOf(expected), expected, { Key: `${KEY}.q1progress`, knownTotal: false, options: { queueSize: 1 } });
});

// ---------------------------------------------------------------------------------------------
// 4. Failures.

test('abort() mid-way: RequestAbortedError as v2, the multipart upload aborted, nothing left behind', T, async (t) => {
  const gate = await startGate(t);
  const rule = gate.rule({ match: isPart, hold: true });
  const via = gated(gate);
  const errs = {};
  for (const who of ['v2', 'native']) {
    const Key = `${KEY}.abort.${who}`;
    const u = via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }, { queueSize: 2 });
    const done = settle(u);
    // Both parts stored on the server (their answers held): nothing can land after the abort.
    await gate.until(() => gate.held().filter((e) => e.url.includes(encodeKey(Key))).length === 2, `${who}: two parts held`);
    const UploadId = uploadIdOf(gate, Key);
    u.abort();
    const r = await done;
    errs[who] = r.err;
    assert.ok(r.err, `${who}: the upload failed`);
    await assertNothingLeft(gate, Key, UploadId, who);
    assert.equal(gate.parts().filter((e) => e.uploadId === UploadId).length, 2, `${who}: the third part never went out`);
    for (const e of gate.held()) e.release();
  }
  gate.release(rule);
  assert.deepEqual(errorOf(errs.native), errorOf(errs.v2), 'the error (s3-native vs aws-sdk v2)');
  assert.deepEqual(errorOf(errs.native), { code: 'RequestAbortedError', retryable: false, message: 'Request aborted by user' });
  assert.ok(errs.native instanceof S3Error);
});

test('abort() while the server still stores a part: that part is let finish, then the upload aborted, nothing lands after it', T, async (t) => {
  // aws-sdk v2 cuts every part at once and aborts the upload beside them: a part the server was
  // still storing lands after the abort (s3s-fs keeps it for good). Ours waits for a part whose
  // body the connection had taken whole (bounded), and aborts the upload after it.
  const gate = await startGate(t);
  const Key = `${KEY}.abort.storing`;
  gate.rule({ match: (e) => e.isPart && e.partNumber === 2 && isFor(e, Key), holdLastByte: true, times: 1 });
  const via = gated(gate);
  const u = via.native.upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }, { queueSize: 1 });
  const done = settle(u);
  await gate.until(() => gate.parts().some((e) => e.partNumber === 2 && e.lastByteHeld && isFor(e, Key)), 'part 2 in, held at the server');
  const part2 = gate.parts().find((e) => e.partNumber === 2 && isFor(e, Key));
  const UploadId = part2.uploadId;
  u.abort();
  await sleep(300); // the server is slow to store it
  assert.ok(!gate.entries.some((e) => e.method === 'DELETE' && e.uploadId === UploadId), 'no AbortMultipartUpload while the part is at the server');
  part2.releaseLastByte();
  const r = await done;
  assert.deepEqual(errorOf(r.err), { code: 'RequestAbortedError', retryable: false, message: 'Request aborted by user' });
  assert.equal(part2.status, 200, 'the part was stored');
  await assertNothingLeft(gate, Key, UploadId, 'native');
  assert.equal(gate.parts().filter((e) => e.uploadId === UploadId).length, 2, 'the third part never went out');
});

test('abort() during a single PUT: RequestAbortedError as v2', T, async (t) => {
  const gate = await startGate(t);
  const rule = gate.rule({ match: (e) => e.method === 'PUT', hold: true });
  const via = gated(gate);
  const errs = {};
  for (const who of ['v2', 'native']) {
    const Key = `${KEY}.abort1.${who}`;
    const u = via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 100 * KiB) });
    const done = settle(u);
    await gate.until(() => gate.held().some((e) => e.url.includes(encodeKey(Key))), `${who}: the PUT held`);
    u.abort();
    errs[who] = (await done).err;
  }
  gate.release(rule);
  assert.deepEqual(errorOf(errs.native), errorOf(errs.v2), 'the error (s3-native vs aws-sdk v2)');
  assert.equal(errs.native.code, 'RequestAbortedError');
  assert.equal(gate.entries.filter((e) => e.method !== 'PUT').length, 0, 'nothing but the two PUTs');
});

test('abort() before send(): the promise rejects with RequestAbortedError, nothing is sent', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint });
  const u = s3.upload({ Bucket, Key: `${KEY}.early`, Body: DATA.subarray(0, 11 * MiB) });
  u.abort();
  const r = await settle(u);
  assert.deepEqual(errorOf(r.err), { code: 'RequestAbortedError', retryable: false, message: 'Request aborted by user' });
  assert.equal(gate.entries.length, 0, 'no request');
});

test('a source stream error mid-way: its code (EFIRE, else BodyStreamError), the upload aborted', T, async (t) => {
  const gate = await startGate(t);
  const rule = gate.rule({ match: isPart, hold: true });
  const via = gated(gate);
  const errs = {};
  const cases = [['v2', 'EFIRE'], ['native', 'EFIRE'], ['native', undefined]];
  for (const [who, code] of cases) {
    const Key = `${KEY}.srcerr.${who}.${code}`;
    const error = Object.assign(new Error('the source caught fire'), code ? { code } : {});
    // The source fails inside part 3, once parts 1 and 2 are stored (their answers held).
    const when = () => gate.until(() => gate.held().filter((e) => e.url.includes(encodeKey(Key))).length === 2, `${who}: two parts held`);
    const src = sourceOf(DATA.subarray(0, 16 * MiB), { fail: { at: 12 * MiB, error, when } });
    const r = await settle(via[who].upload({ Bucket, Key, Body: src }));
    assert.ok(r.err, `${who}: the upload failed`);
    errs[`${who}.${code}`] = r.err;
    const UploadId = uploadIdOf(gate, Key);
    if (who === 'native') await assertNothingLeft(gate, Key, UploadId, who);
    for (const e of gate.held()) e.release();
  }
  gate.release(rule);
  assert.equal(errs['native.EFIRE'].code, errs['v2.EFIRE'].code, 'the code (s3-native vs aws-sdk v2)');
  assert.ok(errs['native.EFIRE'] instanceof S3Error);
  assert.equal(errs['native.EFIRE'].code, 'EFIRE');
  assert.equal(errs['native.EFIRE'].retryable, false);
  assert.match(errs['native.EFIRE'].message, /the source caught fire/);
  assert.equal(errs['native.undefined'].code, 'BodyStreamError');
  assert.match(errs['native.undefined'].message, /the source caught fire/);
});

test('a part that fails every retry: its error as v2\'s, the multipart upload aborted', T, async (t) => {
  const gate = await startGate(t);
  // Part 3 fails (500) on every attempt; its first answer waits until parts 1 and 2 are done, so
  // nothing is in flight when the upload gives up.
  const fail = gate.rule({ match: (e) => e.isPart && e.partNumber === 3, status: 500, code: 'InternalError', hold: true });
  const via = gated(gate, { maxRetries: 2, retryDelayOptions: { base: 10 } });
  const errs = {};
  for (const who of ['v2', 'native']) {
    fail.hold = true;
    const Key = `${KEY}.partfail.${who}`;
    const done = settle(via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }));
    const mine = (e) => e.url.includes(encodeKey(Key));
    await gate.until(() => gate.parts().filter((e) => mine(e) && e.partNumber < 3 && e.delivered).length === 2 && gate.held().some(mine),
      `${who}: parts 1 and 2 done, part 3 held`);
    gate.release(fail);
    const r = await done;
    errs[who] = r.err;
    assert.ok(r.err, `${who}: the upload failed`);
    const UploadId = uploadIdOf(gate, Key);
    assert.equal(gate.parts().filter((e) => mine(e) && e.partNumber === 3).length, 3, `${who}: part 3 tried 1 + maxRetries times`);
    await assertNothingLeft(gate, Key, UploadId, who);
  }
  assert.deepEqual(errorOf(errs.native), errorOf(errs.v2), 'the error (s3-native vs aws-sdk v2)');
  assert.equal(errs.native.code, 'InternalError');
  assert.equal(errs.native.statusCode, 500);
});

test('leavePartsOnError: the failed upload and its parts are kept (then cleaned up)', T, async (t) => {
  const gate = await startGate(t);
  const fail = gate.rule({ match: (e) => e.isPart && e.partNumber === 3, status: 500, code: 'InternalError', hold: true });
  const via = gated(gate, { maxRetries: 0 });
  for (const who of ['v2', 'native']) {
    fail.hold = true;
    const Key = `${KEY}.leave.${who}`;
    const done = settle(via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }, { leavePartsOnError: true }));
    const mine = (e) => e.url.includes(encodeKey(Key));
    await gate.until(() => gate.parts().filter((e) => mine(e) && e.partNumber < 3 && e.delivered).length === 2 && gate.held().some(mine),
      `${who}: parts 1 and 2 done, part 3 held`);
    gate.release(fail);
    const r = await done;
    assert.equal(r.err && r.err.code, 'InternalError', `${who}: the part's error`);
    const UploadId = uploadIdOf(gate, Key);
    await sleep(200); // an AbortMultipartUpload sent anyway would show up now
    assert.equal(gate.entries.filter((e) => e.method === 'DELETE').length, 0, `${who}: no AbortMultipartUpload`);
    assert.deepEqual(await listParts(Key, UploadId), { parts: [1, 2] }, `${who}: the stored parts are kept`);
    if (h.server === 'moto') assert.deepEqual(await openUploads(Key), [UploadId], `${who}: the upload is still open`);
    await direct.abortMultipartUpload({ Bucket, Key, UploadId }).promise();
    assert.deepEqual((await listParts(Key, UploadId)).parts || [], [], 'cleaned up');
  }
});

// A connection dropped mid-part: the gate forwards part 2's first MiB and a bit on its first
// attempt, then resets (or closes) the connection while the client is still sending. The SDK
// retries the part; the upload resolves as v2's does, the exact bytes stored. Both clients
// write the same Key, each into its own bucket, so the outputs compare.

const DROP_SOURCES = {
  Buffer: (buf) => buf,
  'Readable of unknown length': (buf) => sourceOf(buf),
  'fs.createReadStream': (buf, file) => fs.createReadStream(file),
};

for (const [kind, cut] of [
  ['Buffer', 'reset'],
  ['Readable of unknown length', 'reset'],
  ['fs.createReadStream', 'reset'],
  ['Buffer', 'close'],
  ['Readable of unknown length', 'close'],
]) {
  test(`a connection dropped mid-part (${kind}, ${cut}): the part retried, the exact bytes stored, as v2`, T, async (t) => {
    const gate = await startGate(t);
    const expected = DATA.subarray(0, 11 * MiB + 3);
    const file = kind === 'fs.createReadStream' ? tempFile(expected) : null;
    const via = gated(gate);
    const cutAfter = MiB + 17;
    const Key = `${KEY}.drop.${kind.split(' ')[0]}.${cut}`;
    const runs = {};
    for (const who of ['v2', 'native']) {
      const mine = (e) => isFor(e, Key, twins.of(who));
      gate.rule({ match: (e) => e.isPart && mine(e) && e.partNumber === 2, requestCutAfter: cutAfter, requestCut: cut, times: 1 });
      const r = await settle(via[who].upload({ Bucket: twins.of(who), Key, Body: DROP_SOURCES[kind](expected, file) }));
      assert.equal(r.err, null, `${who}: ${r.err && r.err.stack}`);
      const tries = (n) => gate.parts().filter((e) => mine(e) && e.partNumber === n);
      assert.deepEqual([1, 2, 3].map((n) => tries(n).length), [1, 2, 1], `${who}: part 2 sent twice, the others once`);
      const [dropped, retried] = tries(2);
      assert.deepEqual(
        { cut: dropped.cut, requestBytes: dropped.requestBytes, answered: dropped.answered },
        { cut, requestBytes: cutAfter, answered: false },
        `${who}: the first attempt was cut`,
      );
      assert.equal(retried.status, 200, `${who}: the retry was stored`);
      checkProgress(r.events, { Key, size: expected.length, parts: 3, knownTotal: kind !== 'Readable of unknown length', who });
      await assertStored(twins.of(who), Key, expected, who);
      runs[who] = r;
    }
    assert.deepEqual(comparable(runs.native.data, false), comparable(runs.v2.data, false), 'output (s3-native vs aws-sdk v2)');
    assert.match(runs.native.data.ETag, /-3"$/);
  });
}

test('a connection dropped mid-part with checksums (WHEN_SUPPORTED): the retried part carries its CRC32 again', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint, requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const expected = DATA.subarray(0, 11 * MiB + 3);
  for (const [name, make] of [['Buffer', () => expected], ['Readable of unknown length', () => sourceOf(expected)]]) {
    const Key = `${KEY}.dropcrc.${name}`;
    const mine = (e) => isFor(e, Key);
    gate.rule({ match: (e) => e.isPart && mine(e) && e.partNumber === 2, requestCutAfter: MiB + 17, times: 1 });
    const r = await settle(s3.upload({ Bucket, Key, Body: make() }));
    assert.equal(r.err, null, `${name}: ${r.err && r.err.stack}`);
    await assertStored(Bucket, Key, expected, name);
    const tries = gate.parts().filter((e) => mine(e) && e.partNumber === 2);
    assert.deepEqual(tries.map((e) => e.cut || e.status), ['reset', 200], `${name}: part 2 cut, then stored`);
    assert.equal(sentCrc32(tries[1]), crc32Of(expected.subarray(PART, 2 * PART)), `${name}: the retry's CRC32`);
  }
});

test('a connection dropped on every attempt of a part: a retryable transport error, the upload aborted, nothing left', T, async (t) => {
  const gate = await startGate(t);
  // queueSize 1: part 1 is stored before part 2 goes out, and part 3 never does, so nothing is in
  // flight when the upload gives up.
  const via = gated(gate, { maxRetries: 2, retryDelayOptions: { base: 10 } });
  const errs = {};
  for (const who of ['v2', 'native']) {
    const Key = `${KEY}.dropall.${who}`;
    const mine = (e) => isFor(e, Key);
    gate.rule({ match: (e) => e.isPart && mine(e) && e.partNumber === 2, requestCutAfter: MiB + 17 });
    const r = await settle(via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }, { queueSize: 1 }));
    assert.ok(r.err, `${who}: the upload failed`);
    errs[who] = r.err;
    const UploadId = uploadIdOf(gate, Key);
    const parts = gate.parts().filter(mine);
    assert.deepEqual(parts.map((e) => `${e.partNumber}:${e.cut || e.status}`), ['1:200', '2:reset', '2:reset', '2:reset'], `${who}: part 2 tried 1 + maxRetries times`);
    await assertNothingLeft(gate, Key, UploadId, who);
  }
  // v2 reports a reset connection (ECONNRESET, EPIPE) as TimeoutError; so does s3-native.
  assert.deepEqual(errorOf(errs.native, { message: false }), errorOf(errs.v2, { message: false }), 'the error (s3-native vs aws-sdk v2)');
  assert.deepEqual(errorOf(errs.native, { message: false }), { code: 'TimeoutError', retryable: true });
  assert.ok(errs.native instanceof S3Error);
});

// CompleteMultipartUpload refused on every attempt (500, a 200 with an <Error> body: both
// retried) or once for good (400: not retried): the upload rejects with v2's error, sends
// AbortMultipartUpload and leaves nothing behind. The gate answers in the server's place, so the
// multipart upload is still open when the client gives up.

for (const [status, code] of [[500, 'InternalError'], [200, 'InternalError'], [400, 'InvalidPart'], [400, 'EntityTooSmall']]) {
  const retried = status !== 400;
  const what = status === 200 ? `a 200 with an <Error> ${code} body` : `${status} ${code}`;
  test(`CompleteMultipartUpload refused (${what}, ${retried ? 'every attempt' : 'not retried'}): v2's error, the upload aborted, nothing left`, T, async (t) => {
    const gate = await startGate(t);
    gate.rule({ match: isComplete, status, code });
    const via = gated(gate, { maxRetries: 2, retryDelayOptions: { base: 10 } });
    const errs = {};
    for (const who of ['v2', 'native']) {
      const Key = `${KEY}.complete.${status}.${code}.${who}`;
      const mine = (e) => isFor(e, Key);
      const r = await settle(via[who].upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) }));
      assert.ok(r.err, `${who}: the upload failed (${JSON.stringify(r.data)})`);
      errs[who] = r.err;
      const UploadId = uploadIdOf(gate, Key);
      assert.equal(gate.parts().filter(mine).length, 3, `${who}: each part sent once`);
      assert.equal(gate.entries.filter((e) => mine(e) && isComplete(e)).length, retried ? 3 : 1, `${who}: CompleteMultipartUpload attempts`);
      await assertNothingLeft(gate, Key, UploadId, who);
    }
    assert.deepEqual(errorOf(errs.native), errorOf(errs.v2), 'the error (s3-native vs aws-sdk v2)');
    assert.deepEqual({ code: errs.native.code, statusCode: errs.native.statusCode }, { code, statusCode: status });
    assert.ok(errs.native instanceof S3Error);
  });
}

test('CompleteMultipartUpload refused once (500): retried, the upload resolves as v2\'s, the bytes stored', T, async (t) => {
  const gate = await startGate(t);
  const via = gated(gate, { retryDelayOptions: { base: 10 } });
  const expected = DATA.subarray(0, 11 * MiB);
  const Key = `${KEY}.complete.once`;
  const runs = {};
  for (const who of ['v2', 'native']) {
    const mine = (e) => isFor(e, Key, twins.of(who));
    gate.rule({ match: (e) => isComplete(e) && mine(e), status: 500, code: 'InternalError', times: 1 });
    runs[who] = await settle(via[who].upload({ Bucket: twins.of(who), Key, Body: expected }));
    assert.equal(runs[who].err, null, `${who}: ${runs[who].err && runs[who].err.stack}`);
    assert.deepEqual(gate.entries.filter((e) => mine(e) && isComplete(e)).map((e) => e.status), [500, 200], `${who}: CompleteMultipartUpload attempts`);
    assert.equal(gate.entries.filter((e) => mine(e) && e.method === 'DELETE').length, 0, `${who}: no AbortMultipartUpload`);
    await assertStored(twins.of(who), Key, expected, who);
  }
  assert.deepEqual(comparable(runs.native.data, false), comparable(runs.v2.data, false), 'output (s3-native vs aws-sdk v2)');
});

// ---------------------------------------------------------------------------------------------
// 5. Options and edges.

test('tags: the Tagging header on a single PUT, PutObjectTagging after a multipart upload', T, async () => {
  const tags = [{ Key: 'team', Value: 'storage' }, { Key: 'a b+c', Value: 'd/é=' }];
  for (const size of [KiB, 11 * MiB]) {
    const Key = `${KEY}.tags.${size}`;
    const runs = {};
    for (const who of ['v2', 'native']) {
      runs[who] = await settle(clients[who].upload({ Bucket: twins.of(who), Key, Body: DATA.subarray(0, size) }, { tags }));
    }
    assert.deepEqual(errorOf(runs.native.err), errorOf(runs.v2.err), `${size}: the outcome (s3-native vs aws-sdk v2)`);
    if (runs.v2.err) {
      // s3s-fs lacks object tagging: the object is stored, PutObjectTagging fails (as in v2).
      assert.equal(runs.native.err.code, 'NotImplemented', `${size}: ${runs.native.err.message}`);
    } else {
      assert.deepEqual(comparable(runs.native.data, size <= PART), comparable(runs.v2.data, size <= PART));
    }
    await assertStored(twins.native, Key, DATA.subarray(0, size));
    const got = {};
    for (const who of ['v2', 'native']) {
      got[who] = await direct.getObjectTagging({ Bucket: twins.of(who), Key }).promise().then(
        (d) => d.TagSet.map((x) => `${x.Key}=${x.Value}`).sort(),
        (e) => e.code,
      );
    }
    assert.deepEqual(got.native, got.v2, `${size}: the stored tags (s3-native vs aws-sdk v2)`);
    if (h.server === 'moto') assert.deepEqual(got.native, ['a b+c=d/é=', 'team=storage']);
  }
});

test('ContentMD5: sent with a single PUT, InvalidDigest for a multipart body (nothing created)', T, async (t) => {
  const gate = await startGate(t);
  const via = gated(gate, { maxRetries: 0 });
  const small = DATA.subarray(0, KiB);
  const ContentMD5 = crypto.createHash('md5').update(small).digest('base64');
  const wrong = crypto.createHash('md5').update('other').digest('base64');
  const runs = {};
  for (const who of ['v2', 'native']) {
    const ok = await settle(via[who].upload({ Bucket, Key: `${KEY}.md5ok.${who}`, Body: small, ContentMD5 }));
    assert.equal(ok.err, null, `${who}: ${ok.err && ok.err.message}`);
    assert.equal(ok.data.ETag, `"${h.md5(small)}"`);
    const bad = await settle(via[who].upload({ Bucket, Key: `${KEY}.md5bad.${who}`, Body: small, ContentMD5: wrong }));
    const multi = await settle(via[who].upload({ Bucket, Key: `${KEY}.md5.${who}`, Body: DATA.subarray(0, 11 * MiB), ContentMD5 }));
    runs[who] = { bad: bad.err, multi: multi.err };
  }
  const puts = gate.entries.filter((e) => e.method === 'PUT');
  assert.equal(puts.length, 4, 'one PutObject per single upload');
  assert.ok(puts.every((e) => e.headers['content-md5'] !== undefined), 'Content-MD5 sent');
  // s3s-fs checks Content-MD5; moto does not (both clients' uploads then succeed alike).
  if (h.server === 's3s') assert.ok(runs.native.bad, 'a wrong Content-MD5 is refused by the server');
  assert.deepEqual(errorOf(runs.native.bad), errorOf(runs.v2.bad), 'a wrong Content-MD5 (s3-native vs aws-sdk v2)');
  assert.deepEqual(errorOf(runs.native.multi), errorOf(runs.v2.multi), 'multipart (s3-native vs aws-sdk v2)');
  assert.deepEqual(errorOf(runs.native.multi), {
    code: 'InvalidDigest',
    retryable: false,
    message: 'The Content-MD5 you specified is invalid for multi-part uploads.',
  });
  assert.deepEqual(gate.entries.filter(isCreate).map((e) => e.url), [], 'no CreateMultipartUpload');
});

test('validation: partSize, tags and a missing Body throw v2\'s messages, coded', () => {
  const cases = [
    [{ Body: 'x' }, { partSize: 1024 }, 'InvalidParameterValue'],
    [{ Body: 'x' }, { partSize: PART - 1 }, 'InvalidParameterValue'],
    [{ Body: 'x' }, { tags: 'a=b' }, 'InvalidParameterType'],
    [{ Body: 'x' }, { tags: { Key: 'a', Value: 'b' } }, 'InvalidParameterType'],
    [{}, undefined, 'MissingRequiredParameter'],
    [{ Body: undefined }, undefined, 'MissingRequiredParameter'],
    [{ Body: null }, undefined, 'MissingRequiredParameter'],
    [{ Body: false }, undefined, 'MissingRequiredParameter'],
  ];
  for (const [params, options, code] of cases) {
    const p = { Bucket: 'b', Key: 'k', ...params };
    const label = `${JSON.stringify(params)} ${JSON.stringify(options)}`;
    let v2Err = null;
    try {
      clients.v2.upload(p, options);
    } catch (e) {
      v2Err = e;
    }
    assert.ok(v2Err, `${label}: v2 throws`);
    assert.throws(() => clients.native.upload(p, options), (err) => {
      assert.ok(err instanceof S3Error, label);
      assert.deepEqual({ code: err.code, message: err.message }, { code, message: v2Err.message }, `${label}: s3-native vs aws-sdk v2's message`);
      return true;
    });
    assert.throws(() => new S3.ManagedUpload({ params: p, service: clients.native, ...options }), { code, message: v2Err.message }, label);
  }
  // Exactly 5 MiB is allowed, as in v2; so is a queueSize of 0 (the default, as v2's falsy check).
  assert.equal(clients.native.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { partSize: PART }).partSize, PART);
  assert.equal(clients.native.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { queueSize: 0 }).queueSize, clients.v2.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { queueSize: 0 }).queueSize);
  // Where v2 would report 'Unsupported body payload object' when sent, s3-native throws at once.
  for (const Body of [{}, 42, [1, 2]]) {
    assert.throws(() => clients.native.upload({ Bucket: 'b', Key: 'k', Body }), { code: 'InvalidParameterType' }, String(Body));
  }
});

test('a Body of 0 is missing, as every falsy non-string Body in v2', () => {
  const p = { Bucket: 'b', Key: 'k', Body: 0 };
  assert.throws(() => clients.v2.upload(p), { message: 'params.Body is required' });
  assert.throws(() => clients.native.upload(p), (err) => {
    assert.deepEqual({ code: err.code, message: err.message }, { code: 'MissingRequiredParameter', message: 'params.Body is required' }, 'Body: 0');
    return true;
  });
});

test('an empty string Body is an empty object, as in v2 (not a missing Body)', T, async () => {
  await differential(() => '', Buffer.alloc(0), { Key: `${KEY}.emptystring` });
});

test('partSize grows to ceil(size / 10000) for a known huge size, as v2 (a sparse file, never read)', T, async () => {
  const file = path.join(tmp, 'sparse');
  const size = 60 * 1024 * MiB + 12345; // 60 GiB and a bit: needs 6,442,452-byte parts
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, size);
  const streams = { v2: fs.createReadStream(file), native: fs.createReadStream(file) };
  const u = {};
  for (const who of ['v2', 'native']) u[who] = clients[who].upload({ Bucket: twins.of(who), Key: `${KEY}.huge`, Body: streams[who] });
  assert.equal(u.native.partSize, Math.ceil(size / 10000));
  assert.equal(u.native.partSize, u.v2.partSize, 'partSize (s3-native vs aws-sdk v2)');
  assert.equal(u.native.totalBytes, u.v2.totalBytes, 'totalBytes (s3-native vs aws-sdk v2)');
  // A smaller partSize option grows too; a larger one is kept.
  for (const [partSize, expected] of [[6 * MiB, Math.ceil(size / 10000)], [7 * MiB, 7 * MiB]]) {
    const stream = fs.createReadStream(file);
    streams[`${partSize}`] = stream;
    assert.equal(clients.native.upload({ Bucket: 'b', Key: 'k', Body: stream }, { partSize }).partSize, expected, `partSize ${partSize}`);
  }
  u.native.abort();
  const r = await settle(u.native);
  assert.equal(r.err && r.err.code, 'RequestAbortedError');
  for (const s of Object.values(streams)) {
    assert.equal(s.bytesRead, 0, 'the file was never read');
    s.destroy();
  }
  // A Buffer's size is known too: 11 MiB stays with 5 MiB parts.
  assert.equal(clients.native.upload({ Bucket: 'b', Key: 'k', Body: DATA.subarray(0, 11 * MiB) }).partSize, PART);
});

test('a Buffer changed after upload() does not change the stored bytes (single and multipart)', T, async () => {
  for (const size of [KiB, 11 * MiB]) {
    const original = Buffer.from(DATA.subarray(0, size));
    const buf = Buffer.from(original);
    const Key = `${KEY}.snapshot.${size}`;
    const u = clients.native.upload({ Bucket: twins.native, Key, Body: buf });
    buf.fill(0); // before send()
    const done = settle(u);
    buf.fill(1); // while the parts go out
    const r = await done;
    assert.equal(r.err, null);
    await assertStored(twins.native, Key, original);
  }
  // zeroCopy: the client promised not to touch the Buffer, so no copy is made: a change made before
  // any part went out is what gets stored.
  const zc = h.client({ zeroCopy: true });
  const buf = Buffer.from(DATA.subarray(0, 11 * MiB));
  const Key = `${KEY}.zerocopy`;
  const u = zc.upload({ Bucket: twins.native, Key, Body: buf });
  buf.fill(7);
  const r = await settle(u);
  assert.equal(r.err, null);
  await assertStored(twins.native, Key, Buffer.alloc(11 * MiB, 7));
});

test('calling styles: callback forms, send(cb), new S3.ManagedUpload, module-level upload()', T, async () => {
  const s3 = clients.native;
  const B = twins.native;
  const Body = DATA.subarray(0, 2 * KiB);
  const cb = (fn) => new Promise((resolve) => fn((err, data) => resolve({ err, data })));
  const a = await cb((done) => s3.upload({ Bucket: B, Key: 'style/a', Body }, done));
  assert.equal(a.err, null);
  assert.equal(a.data.Key, 'style/a');
  const b = await cb((done) => s3.upload({ Bucket: B, Key: 'style/b', Body }, { partSize: 6 * MiB }, done));
  assert.equal(b.err, null);
  assert.equal(b.data.ETag, `"${h.md5(Body)}"`);
  const c = await cb((done) => s3.upload({ Bucket: B, Key: 'style/c', Body }).send(done));
  assert.equal(c.data.Bucket, B);
  // The constructor form with a client, and with none (the default client, from AWS.config).
  const d = await new S3.ManagedUpload({ params: { Bucket: B, Key: 'style/d', Body }, service: s3, queueSize: 2 }).promise();
  assert.equal(d.Key, 'style/d');
  h.s3native.config.update(h.config());
  const e = new S3.ManagedUpload({ params: { Bucket: B, Key: 'style/e', Body } });
  assert.ok(e instanceof require('node:events').EventEmitter);
  assert.equal((await e.promise()).Key, 'style/e');
  // Module level: a real Promise; bad options reject instead of throwing.
  const p = h.s3native.upload({ Bucket: B, Key: 'style/f', Body: DATA.subarray(0, 11 * MiB) }, { queueSize: 2 });
  assert.ok(p instanceof Promise);
  assert.match((await p).ETag, /-3"$/);
  await assertStored(B, 'style/f', DATA.subarray(0, 11 * MiB));
  let bad;
  assert.doesNotThrow(() => {
    bad = h.s3native.upload({ Bucket: B, Key: 'style/g', Body }, { partSize: 1 });
  });
  await assert.rejects(bad, { code: 'InvalidParameterValue', message: 'partSize must be greater than 5242880' });
  for (const k of ['a', 'b', 'c', 'd', 'e']) await assertStored(B, `style/${k}`, Body);
  // Bound params of the client, as v2's bindServiceObject: Bucket from the client's params.
  const bound = h.client({ params: { Bucket: B } });
  assert.equal((await bound.upload({ Key: 'style/h', Body }).promise()).Bucket, B);
});

test('send() without a callback keeps the error for a later promise(); promise() twice is one upload', T, async (t) => {
  const gate = await startGate(t);
  const s3 = h.client({ endpoint: gate.endpoint, maxRetries: 0 });
  gate.rule({ match: (e) => e.method === 'PUT' && e.url.includes('/refused'), status: 403, code: 'AccessDenied' });
  const u = s3.upload({ Bucket, Key: 'refused', Body: 'x' });
  u.send();
  await gate.until(() => gate.entries.length === 1 && gate.entries[0].delivered, 'the PUT answered');
  await sleep(50); // an asynchronous throw would surface as an uncaught exception here
  await assert.rejects(u.promise(), { code: 'AccessDenied', statusCode: 403 });
  const Key = `${KEY}.twice`;
  const v = s3.upload({ Bucket, Key, Body: DATA.subarray(0, 11 * MiB) });
  const [x, y] = await Promise.all([v.promise(), v.promise()]);
  assert.equal(x.ETag, y.ETag);
  assert.equal(gate.entries.filter(isCreate).length, 1, 'one CreateMultipartUpload');
  assert.equal(gate.parts().length, 3, 'three parts, each once');
});
