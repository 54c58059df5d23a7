'use strict';
// waitFor with aws-sdk v2's semantics, the same waits through v2 and s3-native: acceptors,
// attempts (maxAttempts + 1 requests), ResourceNotReady, StateNotFoundError, and, beyond v2,
// an abortSignal. Delays are shortened with $waiter (v2's own knob), never timed.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

let Bucket;
const FAST = { delay: 0.02, maxAttempts: 2 };

test.before(async () => {
  Bucket = await h.bucket('wt');
  await h.v2().putObject({ Bucket, Key: 'here', Body: 'x' }).promise();
});

test.after(async () => {
  await h.removeBucket(Bucket);
});

const fields = (e) => e && { code: e.code, message: e.message, retryable: e.retryable, statusCode: e.statusCode };

async function both(state, params) {
  const run = async (s3) => {
    try {
      return { data: await s3.waitFor(state, { ...params, $waiter: FAST }).promise() };
    } catch (err) {
      return { err: fields(err) };
    }
  };
  return { v2: await run(h.v2()), native: await run(h.client()) };
}

test('a state already reached: the operation output (bucketExists, objectExists)', async () => {
  for (const [state, params] of [['bucketExists', { Bucket }], ['objectExists', { Bucket, Key: 'here' }]]) {
    const r = await both(state, params);
    assert.equal(r.native.err, undefined, JSON.stringify(r.native.err));
    assert.equal(r.v2.err, undefined);
    assert.deepEqual(Object.keys(r.native.data).filter((k) => r.v2.data[k] !== undefined).sort(), Object.keys(r.v2.data).sort(), state);
  }
});

test('a 404 that is the state: {} (objectNotExists, bucketNotExists)', async () => {
  for (const [state, params] of [['objectNotExists', { Bucket, Key: 'missing' }], ['bucketNotExists', { Bucket: `${Bucket}-none` }]]) {
    const r = await both(state, params);
    assert.deepEqual(r.native, r.v2, state);
    assert.deepEqual(r.native.data, {});
  }
});

test('never reached: ResourceNotReady after maxAttempts + 1 requests, as v2', async () => {
  for (const [state, params] of [['objectExists', { Bucket, Key: 'missing' }], ['objectNotExists', { Bucket, Key: 'here' }]]) {
    const r = await both(state, params);
    assert.deepEqual(r.native.err, r.v2.err, state);
    assert.equal(r.native.err.code, 'ResourceNotReady');
    assert.equal(r.native.err.message, `Resource is not in the state ${state}`);
    assert.equal(r.native.err.retryable, true);
  }
  // The number of requests: the request count of the response (retryCount = attempts - 1).
  const w = h.client().waitFor('objectExists', { Bucket, Key: 'missing', $waiter: FAST });
  await assert.rejects(w.promise(), { code: 'ResourceNotReady' });
  assert.equal(w.response.retryCount, FAST.maxAttempts);
});

test('reached while waiting: the object appears after the first attempts', async () => {
  const Key = h.key('later');
  const s3 = h.client();
  const wait = s3.waitFor('objectExists', { Bucket, Key, $waiter: { delay: 0.05, maxAttempts: 40 } }).promise();
  await new Promise((resolve) => setTimeout(resolve, 120));
  await s3.putObject({ Bucket, Key, Body: 'now' }).promise();
  const data = await wait;
  assert.equal(data.ContentLength, 3);
});

test('unknown state: StateNotFoundError thrown synchronously by both', () => {
  for (const s3 of [h.v2(), h.client()]) {
    assert.throws(() => s3.waitFor('nope', { Bucket }), { code: 'StateNotFoundError', message: 'State nope not found.' });
  }
});

test('callback style: (err, data) with this = the response', async () => {
  const got = await new Promise((resolve) => {
    h.client().waitFor('bucketExists', { Bucket }, function (err, data) {
      resolve({ err, data, self: this });
    });
  });
  assert.equal(got.err, null);
  assert.equal(got.self.data, got.data);
});

test('beyond v2: $waiter.abortSignal and abort() end a wait at once', async () => {
  const ac = new AbortController();
  const s3 = h.client();
  const waiting = s3.waitFor('objectExists', { Bucket, Key: 'missing', $waiter: { delay: 60, maxAttempts: 5, abortSignal: ac.signal } }).promise();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(waiting, { code: 'RequestAbortedError' });
  const req = s3.waitFor('objectExists', { Bucket, Key: 'missing', $waiter: { delay: 60, maxAttempts: 5 } });
  const p = req.promise();
  setTimeout(() => req.abort(), 50);
  await assert.rejects(p, { code: 'RequestAbortedError' });
});
