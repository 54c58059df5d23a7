'use strict';
// selectObjectContent, differential: the same SQL over the same CSV object through aws-sdk v2 and
// s3-native. v2 (Node) gives `Payload` as an object-mode Readable of events; s3-native the same
// events in the same order. moto runs S3 Select; s3-native and v2 must both get s3s-fs's 501.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

const CSV = 'name,size\nalpha,1\nbeta,22\ngamma,333\n';
let Bucket;

test.before(async () => {
  Bucket = await h.bucket('sel');
  await h.v2().putObject({ Bucket, Key: 'data.csv', Body: CSV }).promise();
});

test.after(async () => {
  await h.removeBucket(Bucket);
});

/** The events of a Payload stream, Records payloads as text. */
async function eventsOf(payload) {
  const out = [];
  for await (const e of payload) {
    const [kind] = Object.keys(e);
    if (kind === 'Records') {
      assert.ok(Buffer.isBuffer(e.Records.Payload), 'Records.Payload is a Buffer');
      out.push({ Records: e.Records.Payload.toString('utf8') });
    } else out.push({ [kind]: e[kind] });
  }
  return out;
}

const params = (extra = {}) => ({
  Bucket,
  Key: 'data.csv',
  // What moto's S3 Select evaluates (it answers 500 to column lists and WHERE clauses).
  Expression: 'SELECT * FROM S3Object',
  ExpressionType: 'SQL',
  InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
  OutputSerialization: { CSV: {} },
  ...extra,
});

async function both(p) {
  const run = async (s3) => {
    try {
      const data = await s3.selectObjectContent(p).promise();
      assert.equal(typeof data.Payload.pipe, 'function', 'Payload is a stream');
      return { events: await eventsOf(data.Payload) };
    } catch (err) {
      return { error: { code: err.code, statusCode: err.statusCode } };
    }
  };
  return { v2: await run(h.v2({ maxRetries: 0 })), native: await run(h.client({ maxAttempts: 1 })) };
}

test('selectObjectContent: the same events, Records as Buffers, in v2 order', async () => {
  const r = await both(params());
  if (process.env.S3_TEST_SERVER === 's3s') {
    // s3s-fs has no S3 Select: both clients get the same service error.
    assert.ok(r.v2.error, 'v2 fails on s3s-fs');
    assert.deepEqual(r.native.error, r.v2.error);
    return;
  }
  assert.equal(r.v2.error, undefined, JSON.stringify(r.v2.error));
  assert.equal(r.native.error, undefined, JSON.stringify(r.native.error));
  assert.deepEqual(r.native.events, r.v2.events);
  const records = r.native.events.filter((e) => e.Records).map((e) => e.Records).join('');
  assert.match(records, /^alpha,1\nbeta,22\ngamma,333\n/);
  assert.ok(r.native.events.some((e) => e.Stats && e.Stats.Details && e.Stats.Details.BytesScanned > 0), 'a Stats event');
  assert.deepEqual(r.native.events[r.native.events.length - 1], { End: {} });
  // An aggregate: one record, a number (moto counts the header line too: v2 gets the same).
  const count = await both(params({ Expression: 'SELECT count(*) FROM S3Object' }));
  assert.deepEqual(count.native.events, count.v2.events);
  assert.match(count.native.events.find((e) => e.Records).Records, /^\d+\n$/);
});

test('selectObjectContent errors: a missing key and a missing bucket, as v2 reports them', async () => {
  for (const p of [params({ Key: 'missing.csv' }), params({ Bucket: `${Bucket}-missing` })]) {
    const r = await both(p);
    assert.ok(r.native.error, `s3-native rejects ${p.Key} ${p.Expression}`);
    assert.deepEqual(r.native.error, r.v2.error);
  }
});
