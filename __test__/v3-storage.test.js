'use strict';
// `s3-native/v3/lib-storage` (issue 12) against @aws-sdk/lib-storage's Upload on the same server:
// each client uploads the same bytes into its own bucket under the same key, and the outcomes are
// compared after masking what necessarily differs (request ids, version ids, bucket names).
//
//   1. Constructor errors: v3's messages.
//   2. Single part: the output (PutObject's plus Bucket, Key, Location), the progress events'
//      shape and last event, the bytes. Tags: PutObjectTagging afterwards, as v3 (s3s-fs lacks it:
//      there both fail with its 501).
//   3. Multipart from a Buffer (3 parts, 2 in flight): the CompleteMultipartUpload output, the
//      progress, the bytes; from a Readable of unknown length: v3 reports `total` undefined,
//      ours the length once the stream has ended (intended).
//   4. abort() mid-upload: done() rejects with AbortError `Upload aborted.`; no object and no
//      parts left (moto: ListMultipartUploads; s3s-fs lacks it and answers ListParts of a gone
//      upload with an empty list, so there the parts are checked gone). Ours rejects once the
//      cleanup is over; v3 cleans up in the background, so its side is polled until done.
//   5. abort() before done(), a second done(), and a service error (NoSuchBucket or
//      BadDigest, whichever the server gives) as v3's.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');
const h = require('./helpers');
const v3 = require('@aws-sdk/client-s3');
const { Upload: V3Upload } = require('@aws-sdk/lib-storage');
const n3 = require('../v3');
const { Upload } = require('../v3/lib-storage');

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const T = { timeout: 60000 };
const DATA = crypto.randomBytes(11 * MiB + 4096); // 3 parts of 5 MiB
const KEY = 'st/a b+c&d=é.bin';

let twins; // { v3, native } buckets, one per client
const clients = {};
const UPLOAD = { v3: V3Upload, native: Upload };

test.before(async () => {
  twins = { v3: await h.bucket('stv3'), native: await h.bucket('stn') };
  clients.v3 = h.v3();
  clients.native = new n3.S3Client(h.config());
});

test.after(async () => {
  for (const b of Object.values(twins || {})) await h.removeBucket(b);
});

const subst = () => [
  [twins.v3, '<bucket>'],
  [twins.native, '<bucket>'],
  [encodeURIComponent(twins.v3), '<bucket>'],
  [encodeURIComponent(twins.native), '<bucket>'],
];
const MASK = ['requestId', 'extendedRequestId', 'VersionId'];

/** Runs one Upload per client; resolves { v3, native }: { data, err, events, upload }. */
async function both(options, { onEvent } = {}) {
  const out = {};
  for (const who of ['v3', 'native']) {
    const opts = typeof options === 'function' ? options(who) : options;
    const params = { Bucket: twins[who], Key: KEY, ...opts.params };
    const upload = new UPLOAD[who]({ ...opts, client: clients[who], params });
    const events = [];
    upload.on('httpUploadProgress', (p) => {
      events.push(p);
      if (onEvent) onEvent(who, upload, p);
    });
    let data = null;
    let err = null;
    try {
      data = await upload.done();
    } catch (e) {
      err = e;
    }
    out[who] = { data, err, events, upload };
  }
  return out;
}

const masked = (v) => h.maskValue(v, { keys: MASK, subst: subst() });

function checkEvents(r, total) {
  for (const who of ['v3', 'native']) {
    const { events } = r[who];
    assert.ok(events.length > 0, `${who}: progress events`);
    for (const e of events) {
      assert.deepEqual(Object.keys(e).sort(), ['Bucket', 'Key', 'loaded', 'part', 'total'], `${who}: event members`);
      assert.equal(e.Key, KEY);
      assert.equal(e.Bucket, twins[who]);
      assert.ok(Number.isInteger(e.part) && e.part >= 1, `${who}: part`);
    }
    const last = events[events.length - 1];
    assert.deepEqual({ loaded: last.loaded, total: last.total }, { loaded: total, total }, `${who}: last event`);
  }
}

/** The stored bytes (s3s-fs answers a multipart object with a CRC32 v3 would refuse: not validated). */
async function body(Bucket) {
  const got = await h.v3({ responseChecksumValidation: 'WHEN_REQUIRED' }).send(new v3.GetObjectCommand({ Bucket, Key: KEY }));
  return Buffer.from(await got.Body.transformToByteArray());
}

test('constructor errors: v3 messages', () => {
  const client = clients.native;
  const cases = [
    ['no params', (U, c) => new U({ client: c })],
    ['no client', (U) => new U({ params: { Bucket: 'b', Key: 'k', Body: 'x' } })],
    ['part size', (U, c) => new U({ client: c, params: { Bucket: 'b', Key: 'k', Body: 'x' }, partSize: 1024 })],
    ['queue size', (U, c) => new U({ client: c, params: { Bucket: 'b', Key: 'k', Body: 'x' }, queueSize: -1 })],
  ];
  for (const [name, make] of cases) {
    let want;
    try {
      make(V3Upload, clients.v3);
    } catch (e) {
      want = e;
    }
    assert.ok(want instanceof Error, `${name}: v3 throws`);
    assert.throws(() => make(Upload, client), (e) => e instanceof Error && e.message === want.message, name);
  }
  assert.throws(() => new Upload({ client: clients.v3, params: { Bucket: 'b', Key: 'k', Body: 'x' } }), /s3-native\/v3/);
});

test('single part: output, progress and bytes as v3', T, async () => {
  const Body = DATA.subarray(0, 100 * 1024);
  const r = await both({ params: { Body, ContentType: 'application/x-test' } });
  assert.equal(r.native.err, null, String(r.native.err && r.native.err.stack));
  assert.equal(r.v3.err, null);
  assert.deepEqual(masked(r.native.data), masked(r.v3.data));
  assert.ok(Object.keys(r.native.data).includes('$metadata'), '$metadata enumerable');
  checkEvents(r, Body.length);
  for (const who of ['v3', 'native']) assert.ok((await body(twins[who])).equals(Body), `${who}: bytes`);
});

test('tags: PutObjectTagging after the upload, as v3', T, async () => {
  const tags = [
    { Key: 'team', Value: 'a b' },
    { Key: 'n', Value: '1' },
  ];
  const r = await both({ params: { Body: 'tagged' }, tags });
  if (r.v3.err) {
    // s3s-fs lacks PutObjectTagging (501): the upload fails there as v3's does.
    const fields = (e) => e && { name: e.name, fault: e.$fault, status: e.$metadata && e.$metadata.httpStatusCode, Code: e.Code };
    assert.equal(r.v3.err.$metadata.httpStatusCode, 501, `v3 fails only where the server lacks tagging: ${r.v3.err}`);
    assert.deepEqual(fields(r.native.err), fields(r.v3.err));
    return;
  }
  assert.equal(r.native.err, null, String(r.native.err && r.native.err.stack));
  assert.deepEqual(masked(r.native.data), masked(r.v3.data));
  for (const who of ['v3', 'native']) {
    const got = await clients.v3.send(new v3.GetObjectTaggingCommand({ Bucket: twins[who], Key: KEY }));
    assert.deepEqual(got.TagSet, tags, `${who}: tags`);
  }
});

test('multipart from a Buffer: CompleteMultipartUpload output and progress as v3', T, async () => {
  const r = await both({ params: { Body: DATA }, queueSize: 2, partSize: PART });
  assert.equal(r.native.err, null, String(r.native.err && r.native.err.stack));
  assert.equal(r.v3.err, null);
  assert.deepEqual(masked(r.native.data), masked(r.v3.data));
  assert.match(r.native.data.ETag, /-3"$/);
  checkEvents(r, DATA.length);
  assert.ok((await body(twins.native)).equals(DATA));
});

test('multipart from a Readable of unknown length: v3 total undefined, ours the length at the end', T, async () => {
  const chunks = (who) => Readable.from((function* gen() {
    for (let i = 0; i < DATA.length; i += MiB) yield DATA.subarray(i, i + MiB);
  })());
  const r = await both((who) => ({ params: { Body: chunks(who) } }));
  assert.equal(r.native.err, null, String(r.native.err && r.native.err.stack));
  assert.equal(r.v3.err, null);
  assert.deepEqual(masked(r.native.data), masked(r.v3.data));
  const lastV3 = r.v3.events[r.v3.events.length - 1];
  const lastOurs = r.native.events[r.native.events.length - 1];
  assert.deepEqual({ loaded: lastV3.loaded, total: lastV3.total }, { loaded: DATA.length, total: undefined });
  assert.deepEqual({ loaded: lastOurs.loaded, total: lastOurs.total }, { loaded: DATA.length, total: DATA.length });
  assert.ok((await body(twins.native)).equals(DATA));
});

/** The multipart uploads of KEY still open in `Bucket`, or, where the server lacks the listing, the parts of `uploadId`. */
async function leftovers(Bucket, uploadId) {
  const c = clients.v3;
  try {
    const l = await c.send(new v3.ListMultipartUploadsCommand({ Bucket }));
    return (l.Uploads || []).filter((u) => u.Key === KEY).map((u) => u.UploadId);
  } catch (err) {
    if (!(err.$metadata && err.$metadata.httpStatusCode === 501)) throw err;
    const parts = await c.send(new v3.ListPartsCommand({ Bucket, Key: KEY, UploadId: uploadId })).catch((e) => (e.name === 'NoSuchUpload' ? {} : Promise.reject(e)));
    return (parts.Parts || []).map((p) => p.PartNumber);
  }
}

async function objectGone(Bucket) {
  const err = await clients.v3.send(new v3.HeadObjectCommand({ Bucket, Key: KEY })).then(() => null, (e) => e);
  return Boolean(err) && err.name === 'NotFound';
}

test('abort() mid-upload: AbortError, no object, no parts left', T, async () => {
  for (const who of ['v3', 'native']) {
    await clients.v3.send(new v3.DeleteObjectCommand({ Bucket: twins[who], Key: KEY }));
  }
  // A source that gives two parts at once and the rest only after the abort: the upload is
  // surely multipart and in flight when abort() is called.
  const gates = {};
  const source = (who) => {
    let open;
    gates[who] = new Promise((resolve) => (open = resolve));
    gates[who].open = () => open();
    return Readable.from((async function* gen() {
      yield DATA.subarray(0, 2 * PART + MiB);
      await gates[who];
      yield DATA.subarray(2 * PART + MiB);
    })());
  };
  const aborted = {};
  const r = await both((who) => ({ params: { Body: source(who) }, queueSize: 2 }), {
    onEvent(who, upload) {
      if (aborted[who]) return;
      aborted[who] = true;
      upload.abort().then(() => gates[who].open());
    },
  });
  for (const who of ['v3', 'native']) {
    const { err } = r[who];
    assert.ok(err instanceof Error, `${who}: done() rejects`);
    assert.deepEqual({ name: err.name, message: err.message }, { name: 'AbortError', message: 'Upload aborted.' }, who);
    assert.ok(aborted[who], `${who}: aborted mid-upload`);
  }
  // Ours: nothing left when done() rejected.
  assert.deepEqual(await leftovers(twins.native, r.native.upload.uploadId), [], 'ours: no parts left');
  assert.ok(await objectGone(twins.native), 'ours: no object');
  // v3: the multipart upload is aborted in the background once its parts in flight are over.
  let left;
  for (let i = 0; i < 100; i++) {
    left = await leftovers(twins.v3, r.v3.upload.uploadId);
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(left, [], 'v3: no parts left');
  assert.ok(await objectGone(twins.v3), 'v3: no object');
});

test('abort() before done(), a second done(): as v3', T, async () => {
  for (const who of ['v3', 'native']) {
    const params = { Bucket: twins[who], Key: 'st/never', Body: 'x' };
    const u = new UPLOAD[who]({ client: clients[who], params });
    await u.abort();
    const err = await u.done().then(() => null, (e) => e);
    assert.deepEqual({ name: err && err.name, message: err && err.message }, { name: 'AbortError', message: 'Upload aborted.' }, who);
    const again = await u.done().then(() => null, (e) => e);
    assert.equal(again && again.message, '@aws-sdk/lib-storage: this instance of Upload has already executed .done(). Create a new instance.', who);
    const head = await clients.v3.send(new v3.HeadObjectCommand({ Bucket: twins[who], Key: 'st/never' })).then(() => null, (e) => e);
    assert.equal(head && head.name, 'NotFound', `${who}: nothing uploaded`);
  }
});

test('the caller\'s abortController aborts it', T, async () => {
  const abortController = new AbortController();
  const u = new Upload({ client: clients.native, params: { Bucket: twins.native, Key: 'st/ctl', Body: 'x' }, abortController });
  abortController.abort();
  const err = await u.done().then(() => null, (e) => e);
  assert.deepEqual({ name: err && err.name, message: err && err.message }, { name: 'AbortError', message: 'Upload aborted.' });
});

test('a service error surfaces as v3\'s exception', T, async () => {
  // A missing bucket (moto: NoSuchBucket; s3s-fs creates it) and a Content-MD5 that is not the
  // body's (s3s-fs: BadDigest; moto does not check it): each fails, or not, alike.
  const missing = `st-missing-${h.rand(4)}`;
  const cases = [
    { Bucket: missing, Body: 'x' },
    { Body: 'x', ContentMD5: crypto.createHash('md5').update('y').digest('base64') },
  ];
  const fields = (e) => e && { name: e.name, fault: e.$fault, status: e.$metadata && e.$metadata.httpStatusCode, Code: e.Code, message: e.message };
  let failed = 0;
  try {
    for (const params of cases) {
      const r = await both({ params });
      assert.deepEqual(fields(r.native.err), fields(r.v3.err), JSON.stringify(Object.keys(params)));
      if (!r.v3.err) continue;
      failed++;
      assert.ok(r.native.err instanceof n3.S3ServiceException, 'instanceof S3ServiceException');
      if (n3[r.v3.err.name]) assert.ok(r.native.err instanceof n3[r.v3.err.name], `instanceof ${r.v3.err.name}`);
    }
  } finally {
    await h.removeBucket(missing);
  }
  assert.ok(failed > 0, 'at least one case fails on this server');
});
