'use strict';
// Pagination as aws-sdk v2 pages: request.eachPage / eachItem, response.hasNextPage / nextPage,
// the same calls through v2 and s3-native against the same bucket, page by page.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

// Awkward keys: spaces, '+', '%', unicode, '/'.
const KEYS = Array.from({ length: 23 }, (_, i) => `p/${String(i).padStart(2, '0')} a+b%c ü/${i % 3 ? 'x' : 'y'}`);
let Bucket;

test.before(async () => {
  Bucket = await h.bucket('pg');
  const s3 = h.v2();
  for (const Key of KEYS) await s3.putObject({ Bucket, Key, Body: 'x' }).promise();
});

test.after(async () => {
  await h.removeBucket(Bucket);
});

/** Every eachPage callback: [err code, keys of data or null, `this` is a response]. */
function pagesOf(s3, op, params, { stopAfter = Infinity, threeArgs = false } = {}) {
  return new Promise((resolve) => {
    const seen = [];
    const record = function (err, data) {
      seen.push({
        err: err ? err.code : null,
        page: data ? (data.Contents || data.Parts || data.Uploads || []).map((c) => c.Key || c.PartNumber) : null,
        prefixes: data && data.CommonPrefixes ? data.CommonPrefixes.map((p) => p.Prefix) : undefined,
        isResponse: Boolean(this && this.request && typeof this.hasNextPage === 'function'),
      });
    };
    const req = s3[op](params);
    if (threeArgs) {
      req.eachPage(function (err, data, done) {
        record.call(this, err, data);
        if (data === null) return resolve(seen);
        if (seen.length >= stopAfter) {
          done(false);
          return resolve(seen);
        }
        return setImmediate(done);
      });
    } else {
      req.eachPage(function (err, data) {
        record.call(this, err, data);
        if (data === null) {
          resolve(seen);
          return undefined;
        }
        if (seen.length >= stopAfter) {
          resolve(seen);
          return false;
        }
        return true;
      });
    }
  });
}

for (const [op, params] of [
  ['listObjectsV2', { MaxKeys: 10 }],
  ['listObjects', { MaxKeys: 10 }], // v1: NextMarker || the last key
  ['listObjects', { MaxKeys: 4, Delimiter: '/', Prefix: 'p/' }],
  ['listObjectsV2', { MaxKeys: 5, Prefix: 'p/1' }],
]) {
  test(`eachPage ${op} ${JSON.stringify(params)}: the same pages as v2`, async () => {
    const v2 = await pagesOf(h.v2(), op, { Bucket, ...params });
    const ours = await pagesOf(h.client(), op, { Bucket, ...params });
    assert.deepEqual(ours, v2);
    // At least two pages and the end (moto returns every common prefix on one page).
    if (!params.Delimiter) assert.ok(v2.length >= 3, `${v2.length} callbacks`);
    assert.equal(v2[v2.length - 1].page, null, 'ends with (null, null)');
  });
}

test('eachPage stops: `return false` and done(false)', async () => {
  for (const threeArgs of [false, true]) {
    const v2 = await pagesOf(h.v2(), 'listObjectsV2', { Bucket, MaxKeys: 5 }, { stopAfter: 2, threeArgs });
    const ours = await pagesOf(h.client(), 'listObjectsV2', { Bucket, MaxKeys: 5 }, { stopAfter: 2, threeArgs });
    assert.deepEqual(ours, v2);
    assert.equal(ours.length, 2);
  }
});

test('eachPage on an error: cb(err) then cb(null, null), as v2', async () => {
  const params = { Bucket: `${Bucket}-missing`, MaxKeys: 5 };
  const v2 = await pagesOf(h.v2({ maxRetries: 0 }), 'listObjectsV2', params);
  const ours = await pagesOf(h.client({ maxAttempts: 1 }), 'listObjectsV2', params);
  assert.deepEqual(ours, v2);
  assert.equal(ours[0].err, 'NoSuchBucket');
});

test('eachItem: every key of the first result key, then (null, null)', async () => {
  const items = (s3) =>
    new Promise((resolve, reject) => {
      const keys = [];
      s3.listObjectsV2({ Bucket, MaxKeys: 7 }).eachItem((err, item) => {
        if (err) return reject(err);
        if (item === null) return resolve(keys);
        keys.push(item.Key);
        return true;
      });
    });
  const ours = await items(h.client());
  assert.deepEqual(ours, await items(h.v2()));
  assert.deepEqual(ours, [...KEYS].sort());
});

test('hasNextPage and nextPage: an unsent request, a sent one with a callback, null at the end', async () => {
  for (const s3 of [h.v2(), h.client()]) {
    const first = await s3.listObjectsV2({ Bucket, MaxKeys: 20 }).promise();
    const resp = first.$response;
    assert.equal(resp.hasNextPage(), true);
    const next = resp.nextPage();
    assert.equal(typeof next.send, 'function', 'an unsent request');
    const second = await next.promise();
    assert.equal(second.Contents.length, KEYS.length - 20);
    assert.equal(second.$response.hasNextPage(), false);
    assert.equal(second.$response.nextPage(), null);
    const viaCb = await new Promise((resolve) => resp.nextPage((err, data) => resolve([err, data])));
    assert.equal(viaCb[0], null);
    assert.deepEqual(viaCb[1].Contents.map((c) => c.Key), second.Contents.map((c) => c.Key));
    // Not pageable: hasNextPage() is undefined, nextPage() throws v2's message.
    const head = await s3.headBucket({ Bucket }).promise();
    assert.equal(head.$response.hasNextPage(), undefined);
    assert.throws(() => head.$response.nextPage(), /No pagination configuration for headBucket/);
  }
});

test('s3.paginate: an async iterator of the same pages, pageSize and startingToken', async () => {
  const s3 = h.client();
  const pages = [];
  for await (const page of s3.paginate('listObjectsV2', { Bucket }, { pageSize: 10 })) pages.push(page.Contents.map((c) => c.Key));
  const v2 = (await pagesOf(h.v2(), 'listObjectsV2', { Bucket, MaxKeys: 10 })).filter((p) => p.page).map((p) => p.page);
  assert.deepEqual(pages, v2);
  // From a token: the rest of the listing.
  const first = await s3.listObjectsV2({ Bucket, MaxKeys: 10 }).promise();
  const rest = [];
  for await (const page of s3.paginate('listObjectsV2', { Bucket }, { pageSize: 10, startingToken: first.NextContinuationToken })) {
    rest.push(...page.Contents.map((c) => c.Key));
  }
  assert.deepEqual(rest, [...KEYS].sort().slice(10));
  // listObjects (v1) pages with its NextMarker || last-key rule.
  const v1 = [];
  for await (const page of s3.paginate('listObjects', { Bucket }, { pageSize: 9 })) v1.push(...page.Contents.map((c) => c.Key));
  assert.deepEqual(v1, [...KEYS].sort());
  await assert.rejects(async () => {
    for await (const page of s3.paginate('headBucket', { Bucket })) assert.fail(String(page));
  }, { code: 'PaginationError', message: 'No pagination configuration for headBucket' });
});

test('2,500 objects in pages of 1,000 with awkward keys and EncodingType url: page by page equal to v2', async () => {
  const big = await h.bucket('pgbig');
  try {
    const s3 = h.client();
    const keys = Array.from({ length: 2500 }, (_, i) => `d${i % 7}/k ${String(i).padStart(4, '0')}+%ü ${i % 2 ? 'a' : 'b'}`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map((Key) => s3.putObject({ Bucket: big, Key, Body: '' }).promise()));
    }
    for (const [op, params] of [
      ['listObjectsV2', { MaxKeys: 1000, EncodingType: 'url' }],
      ['listObjects', { MaxKeys: 1000, EncodingType: 'url' }],
      ['listObjectsV2', { MaxKeys: 1000, Delimiter: '/', Prefix: 'd3/' }],
    ]) {
      const v2 = await pagesOf(h.v2(), op, { Bucket: big, ...params });
      const ours = await pagesOf(h.client(), op, { Bucket: big, ...params });
      assert.deepEqual(ours, v2, `${op} ${JSON.stringify(params)}`);
      const listed = ours.filter((p) => p.page).flatMap((p) => p.page);
      if (!params.Prefix) {
        assert.equal(listed.length, keys.length, `${op}: every key once`);
        assert.ok(ours.length >= 4, `${op}: at least 3 pages and the end`);
      }
      // moto encodes keys for EncodingType url; s3s-fs ignores it (both clients alike, above).
      if (params.EncodingType && process.env.S3_TEST_SERVER === 'moto') {
        assert.ok(listed.every((k) => !k.includes(' ')), 'keys come back URL-encoded');
      }
    }
  } finally {
    await h.removeBucket(big);
  }
});
