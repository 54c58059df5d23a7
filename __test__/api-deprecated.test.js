'use strict';
// v2's deprecated lifecycle operations (putBucketLifecycle, getBucketLifecycle), which the Rust
// SDK no longer has: carried by their replacements on the same resource, with v2's shapes. Same
// calls through v2 and s3-native; moto keeps lifecycle rules, s3s-fs answers 501 to both.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const buckets = [];
test.after(async () => {
  for (const b of buckets) await h.removeBucket(b);
});

const RULES = [
  {
    ID: 'logs',
    Prefix: 'logs/',
    Status: 'Enabled',
    Expiration: { Days: 30 },
    Transition: { Days: 10, StorageClass: 'STANDARD_IA' },
    NoncurrentVersionExpiration: { NoncurrentDays: 7 },
  },
  { ID: 'tmp', Prefix: 'tmp/', Status: 'Disabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
];

const settle = (p) => p.then((data) => ({ data }), (err) => ({ err: { code: err.code, statusCode: err.statusCode } }));

test('putBucketLifecycle then getBucketLifecycle: v2 shapes, the same rules as v2', async () => {
  const out = {};
  for (const [who, s3] of [['v2', h.v2({ maxRetries: 0 })], ['native', h.client({ maxAttempts: 1 })]]) {
    const Bucket = await h.bucket(`dl${who === 'v2' ? 'a' : 'b'}`);
    buckets.push(Bucket);
    const put = await settle(s3.putBucketLifecycle({ Bucket, LifecycleConfiguration: { Rules: RULES } }).promise());
    const get = await settle(s3.getBucketLifecycle({ Bucket }).promise());
    out[who] = { put, get };
  }
  assert.deepEqual(out.native, out.v2);
  if (process.env.S3_TEST_SERVER === 'moto') {
    assert.deepEqual(out.native.put.data, {});
    const rules = out.native.get.data.Rules;
    assert.equal(rules.length, 2);
    assert.deepEqual(rules[0].Transition, { Days: 10, StorageClass: 'STANDARD_IA' });
    assert.equal(rules[0].Prefix, 'logs/');
  } else {
    assert.ok(out.native.put.err, 's3s-fs has no lifecycle: both fail alike');
  }
});

test('getBucketNotification / putBucketNotification stay refused, naming the replacement', async () => {
  const err = await h.client().getBucketNotification({ Bucket: 'b' }).promise().catch((e) => e);
  assert.equal(err.code, 'UnsupportedOperation');
  assert.match(err.message, /getBucketNotificationConfiguration/);
});
