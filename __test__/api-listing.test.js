'use strict';
// Listing, differential, page by page: listObjects (v1: Marker and v2's NextMarker rule),
// listObjectsV2 (ContinuationToken, StartAfter, Delimiter, Prefix, EncodingType, FetchOwner),
// listObjectVersions, listMultipartUploads and listParts, over awkward keys (spaces, '+', '%',
// unicode, '/'). Listing is read-only, so both clients list the same bucket and every page must
// be equal (only dates are masked, as a Date placeholder).

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const KEYS = [
  'a b',
  'a+b',
  'a%b',
  'a%2Bb',
  'x~y=z&w',
  'é/ü',
  'dir/x',
  'dir/y y',
  'dir/sub/z+',
  'dir2/😀',
  'sp ace/in dir/f',
  'z',
];
const MAX_PAGES = 30;

let Bucket;
const extraBuckets = [];
test.before(async () => {
  Bucket = await h.bucket('lst');
  const s3 = h.v2();
  for (const Key of KEYS) await s3.putObject({ Bucket, Key, Body: Key }).promise();
});

test.after(async () => {
  for (const b of [Bucket, ...extraBuckets]) await h.removeBucket(b);
  h.logExtraMembers();
});

/** v2's ListObjects paginator: NextMarker, or the last key of the page. */
function nextMarker(data) {
  if (!data.IsTruncated) return null;
  if (data.NextMarker) return data.NextMarker;
  const last = data.Contents[data.Contents.length - 1];
  return last ? last.Key : null;
}

/** Pages through `op` with both clients; each page compared. Returns v2's pages. */
async function pages(op, params, next, opts = {}) {
  const out = [];
  let p = { ...params };
  for (let i = 0; i < MAX_PAGES; i++) {
    const r = await h.differ(op, p, opts);
    if (r.v2.err) return { pages: out, err: r.v2.err, r };
    out.push(r.v2.data);
    const token = next(r.v2.data);
    if (!token) return { pages: out };
    p = { ...params, ...token };
  }
  throw new Error(`${op}: more than ${MAX_PAGES} pages`);
}

const keysOf = (pgs) => pgs.flatMap((d) => d.Contents.map((c) => c.Key));

test('listObjects (v1): MaxKeys pages through every key with the NextMarker || last-key rule', async () => {
  const r = await pages('listObjects', { Bucket, MaxKeys: 3 }, (d) => {
    const m = nextMarker(d);
    return m && { Marker: m };
  });
  assert.equal(r.err, undefined);
  assert.deepEqual(keysOf(r.pages).sort(), [...KEYS].sort());
  assert.ok(r.pages.length >= 4, 'more than one page');
});

test('listObjects (v1): Delimiter and Prefix, NextMarker with a delimiter', async () => {
  const r = await pages('listObjects', { Bucket, Delimiter: '/', MaxKeys: 2 }, (d) => {
    const m = nextMarker(d);
    return m && { Marker: m };
  });
  assert.equal(r.err, undefined);
  const prefixes = r.pages.flatMap((d) => d.CommonPrefixes.map((c) => c.Prefix));
  assert.ok(prefixes.includes('dir/'), 'CommonPrefixes lists dir/');
  await h.differ('listObjects', { Bucket, Prefix: 'dir/', Delimiter: '/' });
  await h.differ('listObjects', { Bucket, Prefix: 'a', Marker: 'a%b' });
  await h.differ('listObjects', { Bucket, Prefix: 'no-such-prefix/' });
  await h.differ('listObjects', { Bucket, Prefix: 'é/' });
  await h.differ('listObjects', { Bucket, EncodingType: 'url', Delimiter: '/' });
});

test('listObjectsV2: ContinuationToken pages, FetchOwner, StartAfter', async () => {
  const next = (d) => d.IsTruncated && d.NextContinuationToken && { ContinuationToken: d.NextContinuationToken };
  const r = await pages('listObjectsV2', { Bucket, MaxKeys: 4, FetchOwner: true }, next);
  assert.equal(r.err, undefined);
  assert.deepEqual(keysOf(r.pages).sort(), [...KEYS].sort());
  for (const d of r.pages) for (const c of d.Contents) assert.ok(c.LastModified instanceof Date);
  const after = await pages('listObjectsV2', { Bucket, MaxKeys: 2, StartAfter: 'a%b' }, next);
  assert.equal(after.err, undefined);
  await h.differ('listObjectsV2', { Bucket, StartAfter: 'z' }); // nothing after the last key
});

test('listObjectsV2: Delimiter, Prefix and EncodingType url', async () => {
  const next = (d) => d.IsTruncated && d.NextContinuationToken && { ContinuationToken: d.NextContinuationToken };
  const r = await pages('listObjectsV2', { Bucket, Delimiter: '/', MaxKeys: 3, EncodingType: 'url' }, next);
  assert.equal(r.err, undefined);
  await h.differ('listObjectsV2', { Bucket, Prefix: 'dir/', Delimiter: '/' });
  await h.differ('listObjectsV2', { Bucket, Prefix: 'sp ace/', Delimiter: '/', EncodingType: 'url' });
  await h.differ('listObjectsV2', { Bucket, Prefix: 'dir2/', EncodingType: 'url' });
  await h.differ('listObjectsV2', { Bucket, Prefix: 'a+' });
  await h.differ('listObjectsV2', { Bucket, Prefix: 'a%' });
});

test('listObjectsV2 on an empty bucket: Contents [] and CommonPrefixes [] in both', async () => {
  const empty = await h.bucket('lse');
  extraBuckets.push(empty);
  const r = await h.differ('listObjectsV2', { Bucket: empty, Delimiter: '/' });
  assert.deepEqual(r.native.data.Contents, []);
  assert.deepEqual(r.native.data.CommonPrefixes, []);
  await h.differ('listObjects', { Bucket: empty });
});

test('listObjectVersions: versions and delete markers, KeyMarker/VersionIdMarker pages', async () => {
  const vb = await h.bucket('lsv');
  extraBuckets.push(vb);
  const s3 = h.v2({ maxRetries: 0 });
  const enable = await h.differ('putBucketVersioning', { Bucket: vb, VersioningConfiguration: { Status: 'Enabled' } });
  if (h.bothUnsupported(enable)) {
    // The server lacks versioning: listing versions must fail the same way in both clients.
    const r = await h.differ('listObjectVersions', { Bucket: vb });
    assert.equal(r.native.err.statusCode, 501);
    return;
  }
  for (const Key of ['v a+b', 'v a+b', 'v/é', 'v%z']) await s3.putObject({ Bucket: vb, Key, Body: Key }).promise();
  await s3.deleteObject({ Bucket: vb, Key: 'v/é' }).promise(); // a delete marker
  const all = await h.differ('listObjectVersions', { Bucket: vb });
  assert.equal(all.native.data.Versions.length, 4);
  assert.equal(all.native.data.DeleteMarkers.length, 1);
  const next = (d) => d.IsTruncated && { KeyMarker: d.NextKeyMarker, VersionIdMarker: d.NextVersionIdMarker };
  const r = await pages('listObjectVersions', { Bucket: vb, MaxKeys: 1 }, next);
  assert.equal(r.err, undefined);
  assert.ok(r.pages.length >= 3);
  await h.differ('listObjectVersions', { Bucket: vb, Prefix: 'v/', Delimiter: '/' });
  await h.differ('listObjectVersions', { Bucket: vb, Delimiter: '/' });
});

test('listMultipartUploads: uploads with awkward keys, pages, Prefix and Delimiter', async () => {
  const s3 = h.v2({ maxRetries: 0 });
  const keys = ['up a+b', 'up/é', 'up/x%y', 'up a+b'];
  for (const Key of keys) await s3.createMultipartUpload({ Bucket, Key }).promise();
  try {
    const first = await h.differ('listMultipartUploads', { Bucket });
    if (h.bothUnsupported(first)) return; // asserted equal by differ: the server lacks it
    assert.equal(first.native.data.Uploads.length, keys.length);
    for (const u of first.native.data.Uploads) assert.ok(u.Initiated instanceof Date);
    const next = (d) => d.IsTruncated && { KeyMarker: d.NextKeyMarker, UploadIdMarker: d.NextUploadIdMarker };
    const r = await pages('listMultipartUploads', { Bucket, MaxUploads: 1 }, next);
    assert.equal(r.err, undefined);
    await h.differ('listMultipartUploads', { Bucket, Prefix: 'up/', Delimiter: '/' });
    await h.differ('listMultipartUploads', { Bucket, Delimiter: '/' });
  } finally {
    const list = await s3.listMultipartUploads({ Bucket }).promise().catch(() => null);
    for (const u of (list && list.Uploads) || []) await s3.abortMultipartUpload({ Bucket, Key: u.Key, UploadId: u.UploadId }).promise();
  }
});

test('listParts: parts of an upload, MaxParts pages with PartNumberMarker', async () => {
  const s3 = h.v2({ maxRetries: 0 });
  const Key = 'parts é+%/x y';
  const { UploadId } = await s3.createMultipartUpload({ Bucket, Key }).promise();
  try {
    for (const PartNumber of [1, 2, 3]) {
      await s3.uploadPart({ Bucket, Key, UploadId, PartNumber, Body: Buffer.alloc(100 * PartNumber, PartNumber) }).promise();
    }
    const all = await h.differ('listParts', { Bucket, Key, UploadId });
    const data = all.quirk ? all.v2.data : all.native.data; // moto: see RUST_REJECTS in helpers.js
    assert.equal(data.Parts.length, 3);
    for (const p of data.Parts) assert.ok(p.LastModified instanceof Date);
    const next = (d) => d.IsTruncated && d.NextPartNumberMarker && { PartNumberMarker: d.NextPartNumberMarker };
    const r = await pages('listParts', { Bucket, Key, UploadId, MaxParts: 1 }, next);
    assert.equal(r.err, undefined);
    await h.differ('listParts', { Bucket, Key, UploadId, PartNumberMarker: 1 });
  } finally {
    await s3.abortMultipartUpload({ Bucket, Key, UploadId }).promise().catch(() => {});
  }
});

test('listing errors: missing bucket, missing upload', async () => {
  const missing = `nope-${h.rand(6)}`;
  for (const op of ['listObjects', 'listObjectsV2', 'listObjectVersions', 'listMultipartUploads']) {
    const r = await h.differ(op, { Bucket: missing });
    assert.ok(r.native.err, `${op} on a missing bucket fails`);
  }
  const r = await h.differ('listParts', { Bucket, Key: 'no-upload', UploadId: 'no-such-upload-id' });
  if (h.server === 'moto') assert.equal(r.native.err.code, 'NoSuchUpload');
});
