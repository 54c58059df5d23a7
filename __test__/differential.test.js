'use strict';
// The same scripts run with aws-sdk v2 and with s3-native against the same server must give
// the same outputs, error codes and event order.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('dif');
});

const EVENTS = [
  'validate', 'build', 'afterBuild', 'sign', 'send', 'httpHeaders', 'httpUploadProgress', 'httpDownloadProgress',
  'httpData', 'httpDone', 'validateResponse', 'extractData', 'extractError', 'retry', 'afterRetry', 'success', 'error', 'complete',
];

/** Runs `op(params)` on a client with every listener registered and a callback. */
function record(s3, op, params) {
  return new Promise((resolve) => {
    const events = [];
    const req = s3[op](params);
    for (const e of EVENTS) req.on(e, () => events.push(e));
    let sync = true;
    req.send(function (err, data) {
      events.push(sync ? 'callback(sync)' : 'callback');
      setImmediate(() => resolve({ events, err, data, resp: this }));
    });
    sync = false;
  });
}

/** Output without volatile values (ids, dates) and with Buffers as strings. */
function normalise(data) {
  if (!data) return data;
  const out = {};
  for (const [k, v] of Object.entries(data)) {
    if (['LastModified', 'Expires'].includes(k)) out[k] = v instanceof Date ? 'Date' : typeof v;
    else if (Buffer.isBuffer(v)) out[k] = `Buffer:${v.toString('hex')}`;
    else out[k] = v;
  }
  return out;
}

function errorShape(err) {
  if (!err) return err;
  return { code: err.code, statusCode: err.statusCode, retryable: err.retryable, name: err.name, isError: err instanceof Error };
}

async function both(op, params, { compareMessage = false } = {}) {
  const v2 = await record(h.v2(), op, params);
  const native = await record(h.client(), op, params);
  assert.deepEqual(native.events, v2.events, `${op} event order`);
  assert.deepEqual(normalise(native.data), normalise(v2.data), `${op} output`);
  assert.deepEqual(errorShape(native.err), errorShape(v2.err), `${op} error`);
  if (compareMessage) assert.equal(native.err.message, v2.err.message);
  assert.equal(native.resp.httpResponse.statusCode, v2.resp.httpResponse.statusCode);
  return { v2, native };
}

test('putObject success: events, output', async () => {
  const Key = h.key('put');
  const { v2, native } = await both('putObject', { Bucket, Key, Body: 'differential', ContentType: 'text/plain', Metadata: { A: 'b' } });
  assert.ok(native.data.ETag && native.data.ETag === v2.data.ETag);
});

test('getObject / headObject success: same output shapes', async () => {
  const Key = h.key('get');
  await h.client().putObject({ Bucket, Key, Body: 'read me', ContentType: 'text/plain', Metadata: { Color: 'red' } });
  const g = await both('getObject', { Bucket, Key });
  assert.equal(g.native.data.Body.toString(), 'read me');
  await both('getObject', { Bucket, Key, Range: 'bytes=0-3' });
  await both('headObject', { Bucket, Key });
});

test('deleteObject: existing and missing', async () => {
  const Key = h.key('del');
  await h.client().putObject({ Bucket, Key, Body: 'x' });
  const v2Key = h.key('del2');
  await h.client().putObject({ Bucket, Key: v2Key, Body: 'x' });
  const v2 = await record(h.v2(), 'deleteObject', { Bucket, Key: v2Key });
  const native = await record(h.client(), 'deleteObject', { Bucket, Key });
  assert.deepEqual(native.events, v2.events);
  assert.deepEqual(normalise(native.data), normalise(v2.data));
  await both('deleteObject', { Bucket, Key: 'never-existed' });
});

test('service errors: NoSuchKey on get, NotFound on head', async () => {
  await both('getObject', { Bucket, Key: 'missing-key' });
  const { native, v2 } = await both('headObject', { Bucket, Key: 'missing-key' });
  assert.equal(native.err.message, v2.err.message); // null for a body-less 404
  assert.equal(native.err.message, null);
});

test('validation errors: same codes, messages and synchronous callback', async () => {
  await both('putObject', { Key: 'k' }, { compareMessage: true });
  await both('putObject', { Bucket, Key: 'k', Foo: 1 }, { compareMessage: true });
  await both('getObject', { Bucket, Key: 7 }, { compareMessage: true });
  await both('headObject', { Bucket }, { compareMessage: true });
  await both('putObject', { Bucket, Key: 'k', Metadata: { a: 1 } }, { compareMessage: true });
  await both('putObject', { Bucket, Key: 'k', Foo: 1, Bar: 2 }, { compareMessage: true });
});

test('createReadStream: same bytes and same error', async () => {
  const Key = h.key('rs');
  const Body = require('crypto').randomBytes(200 * 1024);
  await h.client().putObject({ Bucket, Key, Body });
  const collect = (stream) =>
    new Promise((resolve) => {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => resolve({ body: Buffer.concat(chunks) }));
      stream.on('error', (err) => resolve({ err: errorShape(err) }));
    });
  const a = await collect(h.v2().getObject({ Bucket, Key }).createReadStream());
  const b = await collect(h.client().getObject({ Bucket, Key }).createReadStream());
  assert.deepEqual(b.body, a.body);
  assert.deepEqual(b.body, Body);
  const e1 = await collect(h.v2().getObject({ Bucket, Key: 'nope' }).createReadStream());
  const e2 = await collect(h.client().getObject({ Bucket, Key: 'nope' }).createReadStream());
  assert.deepEqual(e2.err, e1.err);
});

test('promise style: same data and same rejection', async () => {
  const Key = h.key('prom');
  await h.client().putObject({ Bucket, Key, Body: 'promised' });
  const a = await h.v2().getObject({ Bucket, Key }).promise();
  const b = await h.client().getObject({ Bucket, Key }).promise();
  assert.deepEqual(normalise(b), normalise(a));
  assert.equal(b.$response.request.params.Key, a.$response.request.params.Key);
  const ea = await h.v2().headObject({ Bucket, Key: 'x' }).promise().then(() => null, (e) => e);
  const eb = await h.client().headObject({ Bucket, Key: 'x' }).promise().then(() => null, (e) => e);
  assert.deepEqual(errorShape(eb), errorShape(ea));
  assert.deepEqual(Object.keys(eb), Object.keys(ea));
});

/** Every object's keys in order, by path: what console.log and JSON.stringify show. */
function keyOrder(v, path = '', out = []) {
  if (v instanceof Date || Buffer.isBuffer(v) || v === null || typeof v !== 'object') return out;
  if (Array.isArray(v)) {
    if (v.length) keyOrder(v[0], `${path}[0]`, out);
    return out;
  }
  out.push(`${path}{${Object.keys(v).join(',')}}`);
  for (const k of Object.keys(v)) keyOrder(v[k], `${path}.${k}`, out);
  return out;
}

test('outputs list their keys in v2\'s order (headers, then the body in model order; nested in model order)', async () => {
  const B = await h.bucket('ord');
  const v2 = h.v2();
  await v2.putObject({ Bucket: B, Key: 'a', Body: 'x', Metadata: { m: '1' }, ContentType: 'text/plain' }).promise();
  await v2.putObject({ Bucket: B, Key: 'd/c', Body: 'yy' }).promise();
  const up = await v2.createMultipartUpload({ Bucket: B, Key: 'mp' }).promise();
  const part = await v2.uploadPart({ Bucket: B, Key: 'mp', UploadId: up.UploadId, PartNumber: 1, Body: 'abc' }).promise();
  const calls = [
    ['listObjectsV2', { Bucket: B }],
    ['listObjectsV2', { Bucket: B, Delimiter: '/' }],
    ['listObjects', { Bucket: B }],
    ['listParts', { Bucket: B, Key: 'mp', UploadId: up.UploadId }],
    ['listMultipartUploads', { Bucket: B }],
    ['listBuckets', {}],
    ['copyObject', { Bucket: B, Key: 'c', CopySource: `${B}/a` }],
    ['deleteObjects', { Bucket: B, Delete: { Objects: [{ Key: 'c' }, { Key: 'zz' }] } }],
    ['getObjectAcl', { Bucket: B, Key: 'a' }],
    ['getObject', { Bucket: B, Key: 'a' }],
    ['headObject', { Bucket: B, Key: 'a' }],
    ['completeMultipartUpload', { Bucket: B, Key: 'mp', UploadId: up.UploadId, MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] } }],
  ];
  let compared = 0;
  for (const [op, params] of calls) {
    // completeMultipartUpload runs once: v2's answer is compared with a second upload's.
    let p = params;
    if (op === 'completeMultipartUpload') {
      const u2 = await v2.createMultipartUpload({ Bucket: B, Key: 'mp2' }).promise();
      const p2 = await v2.uploadPart({ Bucket: B, Key: 'mp2', UploadId: u2.UploadId, PartNumber: 1, Body: 'abc' }).promise();
      p = { Bucket: B, Key: 'mp2', UploadId: u2.UploadId, MultipartUpload: { Parts: [{ ETag: p2.ETag, PartNumber: 1 }] } };
    }
    const a = await v2[op](params).promise().then((d) => d, () => null);
    const b = await h.client()[op](p).promise().then((d) => d, () => null);
    if (!a || !b) {
      assert.equal(Boolean(b), Boolean(a), `${op}: both succeed or both fail`);
      continue;
    }
    const norm = (list) => list.map((s) => s.replace(/mp2/g, 'mp'));
    assert.deepEqual(norm(keyOrder(b)), norm(keyOrder(a)), `${op} ${JSON.stringify(Object.keys(params))}`);
    compared++;
  }
  assert.ok(compared >= 9, `compared ${compared} outputs`);
});

test('headers a build or sign listener sets on req.httpRequest.headers are sent (signed), as v2 sends them', async () => {
  const B = await h.bucket('hdr');
  const withHeaders = (req, event, headers) => {
    req.on(event, () => Object.assign(req.httpRequest.headers, headers));
    return req.promise().then((d) => ({ d }), (e) => ({ e }));
  };
  const results = {};
  for (const [who, s3] of [['v2', h.v2()], ['native', h.client()]]) {
    const r = {};
    const Key = `${who}-k`;
    r.put = await withHeaders(s3.putObject({ Bucket: B, Key, Body: 'hello world' }), 'build', { 'x-amz-meta-injected': 'yes', 'Cache-Control': 'max-age=60' });
    const head = await s3.headObject({ Bucket: B, Key }).promise();
    r.head = { Metadata: head.Metadata, CacheControl: head.CacheControl };
    const got = await withHeaders(s3.getObject({ Bucket: B, Key }), 'sign', { Range: 'bytes=0-4' });
    r.get = got.d ? { Body: String(got.d.Body), ContentRange: got.d.ContentRange } : got.e.code;
    // A generated operation (CopyObject) with header members set by hand.
    const copy = await withHeaders(s3.copyObject({ Bucket: B, Key: `${Key}-copy`, CopySource: `${B}/${Key}` }), 'afterBuild', { 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-copied': '1' });
    r.copy = copy.e ? copy.e.code : (await s3.headObject({ Bucket: B, Key: `${Key}-copy` }).promise()).Metadata;
    results[who] = r;
  }
  assert.deepEqual(results.native, results.v2);
  assert.deepEqual(results.native.head.Metadata, { injected: 'yes' });
  assert.equal(results.native.get.Body, 'hello');
  // The promise() fast path (no listeners) sends them too.
  const req = h.client().putObject({ Bucket: B, Key: 'fast', Body: 'x' });
  req.httpRequest.headers['x-amz-meta-fast'] = 'yes';
  await req.promise();
  assert.deepEqual((await h.client().headObject({ Bucket: B, Key: 'fast' }).promise()).Metadata, { fast: 'yes' });
});

test('a header the SDK computes, or one HTTP cannot carry, set on httpRequest.headers is a coded error and nothing is sent', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxRetries: 0 });
    for (const [headers, pattern] of [
      [{ Authorization: 'AWS4-HMAC-SHA256 forged' }, /Authorization'\] cannot be set/],
      [{ 'Content-Length': '5' }, /Content-Length'\] cannot be set/],
      [{ 'x-amz-meta-a': 'line\r\nInjected: 1' }, /Invalid value for header 'x-amz-meta-a'/],
      [{ 'bad name': 'x' }, /Invalid header name/],
      [{ 'x-amz-meta-o': { no: 'object' } }, /Invalid value for header/],
    ]) {
      for (const style of ['events', 'promise']) {
        const req = s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' });
        if (style === 'events') req.on('build', () => Object.assign(req.httpRequest.headers, headers));
        else Object.assign(req.httpRequest.headers, headers);
        const err = await req.promise().then(() => null, (e) => e);
        assert.equal(err && err.code, 'InvalidParameterValue', `${style} ${JSON.stringify(headers)}`);
        assert.match(err.message, pattern);
      }
    }
    assert.equal(probe.connections(), 0, 'nothing was sent');
  } finally {
    await probe.close();
  }
});
