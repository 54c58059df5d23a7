'use strict';
// Multipart uploads, differential: createMultipartUpload, uploadPart (Buffer bodies),
// uploadPartCopy, listParts, completeMultipartUpload, abortMultipartUpload, and their errors
// (wrong ETag, wrong order, no parts, missing upload). Each client runs its own upload in its own
// bucket with the same key and the same bytes, so ETags agree and only UploadId is masked; the
// completed objects are read back through both clients and compared byte for byte.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('./helpers');

const MiB = 1024 * 1024;
const KEY = 'mp dir/é+%😀 part.bin';
const PART1 = crypto.randomBytes(5 * MiB); // every part but the last must be >= 5 MiB
const PART2 = crypto.randomBytes(1234);
const SRC = 'mp source +é.bin';
const SRC_BODY = crypto.randomBytes(5 * MiB + 77);

let t;
test.before(async () => {
  t = await h.twinBuckets('mpu');
  const s3 = h.v2();
  for (const Bucket of [t.v2, t.native]) await s3.putObject({ Bucket, Key: SRC, Body: SRC_BODY }).promise();
});

test.after(async () => {
  for (const b of [t.v2, t.native]) await h.removeBucket(b);
  h.logExtraMembers();
});

const MASK = ['UploadId'];

/** differ() with each client in its own bucket and its own upload (`ids[who]`). */
function inTwin(op, params, opts = {}) {
  return h.differ(op, (who) => ({ Bucket: t.of(who), ...(typeof params === 'function' ? params(who) : params) }), {
    subst: t.subst,
    mask: MASK,
    ...opts,
  });
}

/** A fresh upload per client: { v2, native } upload ids. */
async function create(Key, extra = {}) {
  const r = await inTwin('createMultipartUpload', { Key, ...extra });
  assert.equal(r.native.err, null);
  assert.equal(typeof r.native.data.UploadId, 'string');
  assert.ok(r.native.data.UploadId.length > 0);
  return { v2: r.v2.data.UploadId, native: r.native.data.UploadId };
}

test('create, uploadPart (Buffer), uploadPartCopy, listParts, complete; the object reads back', async () => {
  const ids = await create(KEY, { ContentType: 'application/x-test', Metadata: { Part: 'yes' } });
  const p1 = await inTwin('uploadPart', (who) => ({ Key: KEY, UploadId: ids[who], PartNumber: 1, Body: PART1 }));
  assert.equal(p1.native.data.ETag, `"${h.md5(PART1)}"`);
  // Part 2 copies the first 5 MiB of SRC (a middle part must be >= 5 MiB too); part 3 is last.
  const range = `bytes=0-${5 * MiB - 1}`;
  const p2 = await inTwin('uploadPartCopy', (who) => ({
    Key: KEY,
    UploadId: ids[who],
    PartNumber: 2,
    CopySource: `${t.of(who)}/${encodeURIComponent(SRC)}`,
    CopySourceRange: range,
  }));
  assert.equal(p2.native.err, null);
  assert.equal(p2.native.data.ETag, p2.native.data.CopyPartResult.ETag, 'ETag hoisted from CopyPartResult');
  assert.equal(p2.native.data.CopyPartResult.ETag, `"${h.md5(SRC_BODY.subarray(0, 5 * MiB))}"`);
  const p3 = await inTwin('uploadPart', (who) => ({ Key: KEY, UploadId: ids[who], PartNumber: 3, Body: PART2 }));
  // Listing is read-only: both list the same upload (s3s-fs orders parts as its directory does).
  const parts = await h.differ('listParts', { Bucket: t.v2, Key: KEY, UploadId: ids.v2 });
  const listed = parts.quirk ? parts.v2.data : parts.native.data; // moto: see RUST_REJECTS in helpers.js
  assert.deepEqual(listed.Parts.map((p) => p.PartNumber).sort(), [1, 2, 3]);
  const uploads = await inTwin('listMultipartUploads', { Prefix: 'mp dir/' });
  if (!uploads.v2.err) assert.equal(uploads.native.data.Uploads.length, 1);
  const done = await inTwin('completeMultipartUpload', (who) => ({
    Key: KEY,
    UploadId: ids[who],
    MultipartUpload: {
      Parts: [
        { PartNumber: 1, ETag: p1.v2.data.ETag },
        { PartNumber: 2, ETag: p2.v2.data.CopyPartResult.ETag },
        { PartNumber: 3, ETag: p3.v2.data.ETag },
      ],
    },
  }));
  assert.equal(done.native.err, null);
  assert.match(done.native.data.ETag, /^"[0-9a-f]{32}-3"$/);
  const expected = Buffer.concat([PART1, SRC_BODY.subarray(0, 5 * MiB), PART2]);
  const got = await inTwin('getObject', { Key: KEY });
  assert.ok(got.native.data.Body.equals(expected), 'the completed object has the uploaded bytes');
  assert.equal(got.native.data.ContentType, 'application/x-test');
  assert.deepEqual(got.native.data.Metadata, { part: 'yes' });
  // And each client's object read back by the other client's SDK.
  const cross = await h.client().getObject({ Bucket: t.v2, Key: KEY }).promise();
  assert.ok(cross.Body.equals(expected));
  const head = await inTwin('headObject', { Key: KEY, PartNumber: 1 });
  if (h.server === 'moto') assert.equal(head.native.data.ContentLength, PART1.length); // s3s-fs ignores PartNumber
});

test('uploadPartCopy of a whole object and of a missing source', async () => {
  const Key = 'mp copy whole';
  const ids = await create(Key);
  try {
    const whole = await inTwin('uploadPartCopy', (who) => ({ Key, UploadId: ids[who], PartNumber: 1, CopySource: `${t.of(who)}/${encodeURI(SRC)}` }));
    assert.equal(whole.native.err, null);
    assert.equal(whole.native.data.CopyPartResult.ETag, `"${h.md5(SRC_BODY)}"`);
    const missing = await inTwin('uploadPartCopy', (who) => ({ Key, UploadId: ids[who], PartNumber: 2, CopySource: `${t.of(who)}/no-such-source` }));
    assert.equal(missing.native.err.statusCode, 404);
  } finally {
    await inTwin('abortMultipartUpload', (who) => ({ Key, UploadId: ids[who] }));
  }
});

test('abortMultipartUpload: {} and the upload is gone', async () => {
  const Key = 'mp abort é';
  const ids = await create(Key);
  await inTwin('uploadPart', (who) => ({ Key, UploadId: ids[who], PartNumber: 1, Body: Buffer.from('abc') }));
  const abort = await inTwin('abortMultipartUpload', (who) => ({ Key, UploadId: ids[who] }));
  assert.equal(abort.native.err, null);
  assert.deepEqual({ ...abort.native.data }, {});
  // After the abort: the same answer from both (NoSuchUpload on S3).
  const after = await inTwin('listParts', (who) => ({ Key, UploadId: ids[who] }));
  if (h.server === 'moto') assert.equal(after.native.err.code, 'NoSuchUpload');
});

test('completeMultipartUpload errors: wrong ETag, wrong order, no parts', async () => {
  const Key = 'mp errors +';
  const ids = await create(Key);
  try {
    const p1 = await inTwin('uploadPart', (who) => ({ Key, UploadId: ids[who], PartNumber: 1, Body: PART1 }));
    const p2 = await inTwin('uploadPart', (who) => ({ Key, UploadId: ids[who], PartNumber: 2, Body: PART2 }));
    const complete = (Parts) => inTwin('completeMultipartUpload', (who) => ({ Key, UploadId: ids[who], MultipartUpload: { Parts } }));
    await complete([]);
    await complete([{ PartNumber: 2, ETag: p2.v2.data.ETag }, { PartNumber: 1, ETag: p1.v2.data.ETag }]);
    const wrong = await complete([{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }, { PartNumber: 2, ETag: p2.v2.data.ETag }]);
    if (h.server === 'moto') {
      assert.equal(wrong.native.err.code, 'InvalidPart');
      assert.equal(wrong.native.err.statusCode, 400);
    }
  } finally {
    await inTwin('abortMultipartUpload', (who) => ({ Key, UploadId: ids[who] }));
  }
});

test('multipart errors: missing upload id, missing bucket', async () => {
  const Key = 'mp none';
  await inTwin('uploadPart', { Key, UploadId: 'no-such-upload', PartNumber: 1, Body: Buffer.from('x') });
  await inTwin('abortMultipartUpload', { Key, UploadId: 'no-such-upload' });
  await inTwin('completeMultipartUpload', { Key, UploadId: 'no-such-upload', MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } });
  const Bucket = `nope-${h.rand(6)}`;
  const r = await h.differ('createMultipartUpload', { Bucket, Key }, { mask: MASK });
  if (h.server === 'moto') assert.equal(r.native.err.code, 'NoSuchBucket'); // s3s-fs starts the upload
  await h.differ('listMultipartUploads', { Bucket });
});
