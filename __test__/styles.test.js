'use strict';
// The v2 calling styles on s3-native's request object: laziness, callbacks, promises, events,
// abort, bound params, config and the promise dependency, one native call per request.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const h = require('./helpers');

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('sty');
});

const lib = JSON.stringify(require.resolve('..'));
const tick = () => new Promise((r) => setTimeout(r, 50));

test('a request is lazy until send/promise/then', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const req = s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' });
    for (const m of ['send', 'promise', 'on', 'abort', 'createReadStream']) assert.equal(typeof req[m], 'function', m);
    await tick();
    assert.equal(probe.connections(), 0);
    await req.promise().catch(() => {});
    assert.ok(probe.connections() >= 1);
  } finally {
    await probe.close();
  }
  // await on the request sends it and resolves with the data (v3 style; an improvement on v2).
  const out = await h.client().putObject({ Bucket, Key: h.key('await'), Body: 'awaited' });
  assert.equal(out.ETag, `"${h.md5(Buffer.from('awaited'))}"`);
  assert.equal(out.$metadata.httpStatusCode, 200);
});

test('callback: once, (null, data) / (err, null), this = response', async () => {
  const s3 = h.client();
  const Key = h.key('cb');
  const calls = [];
  let ctx;
  const resp = await new Promise((resolve) => {
    const r = s3.putObject({ Bucket, Key, Body: 'cb' }, function (err, data) {
      calls.push([err, data]);
      ctx = this;
      setTimeout(() => resolve(r), 30);
    });
  });
  assert.equal(calls.length, 1);
  assert.equal(calls[0][0], null);
  assert.equal(calls[0][1].ETag, `"${h.md5(Buffer.from('cb'))}"`);
  assert.equal(ctx.data, calls[0][1]);
  assert.equal(ctx.error, null);
  assert.equal(ctx.retryCount, 0);
  assert.equal(ctx.httpResponse.statusCode, 200);
  assert.equal(typeof ctx.httpResponse.headers, 'object');
  assert.equal(ctx.request.params.Key, Key);
  // s3.putObject(params, cb) returns the request; resolving with it (a thenable) yields its data.
  assert.equal(resp, calls[0][1]);
  const errCalls = [];
  await new Promise((resolve) =>
    s3.getObject({ Bucket, Key: 'missing' }, function (err, data) {
      errCalls.push([err, data]);
      assert.equal(this.error, err);
      setTimeout(resolve, 30);
    }),
  );
  assert.equal(errCalls.length, 1);
  assert.equal(errCalls[0][0].code, 'NoSuchKey');
  assert.equal(errCalls[0][1], null);
  const req = s3.headObject({ Bucket, Key });
  const response = req.send();
  assert.equal(response, req.response);
  assert.equal(response.request, req);
});

test('validation failure: validate, error, complete and the callback run before the call returns', () => {
  const s3 = h.client();
  const events = [];
  const req = s3.putObject({ Key: 'k' });
  for (const e of ['validate', 'build', 'sign', 'send', 'error', 'complete']) req.on(e, () => events.push(e));
  req.send((err) => events.push(`cb:${err.code}`));
  events.push('returned');
  assert.deepEqual(events, ['validate', 'error', 'complete', 'cb:MissingRequiredParameter', 'returned']);
});

test('promise(): data has a non-enumerable $response; rejection is the callback error', async () => {
  const s3 = h.client();
  const Key = h.key('pr');
  const data = await s3.putObject({ Bucket, Key, Body: 'p' }).promise();
  assert.ok(!Object.keys(data).includes('$response'));
  assert.equal(data.$response.data, data);
  assert.equal(data.$response.httpResponse.statusCode ?? 200, 200);
  await assert.rejects(s3.getObject({ Bucket, Key: 'none' }).promise(), (e) => e.code === 'NoSuchKey' && e.statusCode === 404);
});

test('events: v2 order, arguments and this', async () => {
  const s3 = h.client();
  const Key = h.key('ev');
  const names = ['validate', 'build', 'afterBuild', 'sign', 'send', 'httpHeaders', 'httpUploadProgress', 'httpDownloadProgress', 'httpData', 'httpDone', 'validateResponse', 'extractData', 'extractError', 'retry', 'afterRetry', 'success', 'error', 'complete'];
  const record = (req) => {
    const seen = [];
    for (const n of names) {
      req.on(n, function (...args) {
        assert.equal(this, req, `this in ${n}`);
        seen.push([n, args]);
      });
    }
    return seen;
  };
  const req = s3.putObject({ Bucket, Key, Body: 'events!' });
  const seen = record(req);
  await new Promise((resolve) => req.send(() => resolve()));
  assert.deepEqual(
    seen.map((s) => s[0]),
    ['validate', 'build', 'afterBuild', 'sign', 'httpUploadProgress', 'httpHeaders', 'httpDone', 'send', 'validateResponse', 'extractData', 'success', 'complete'],
  );
  const [, [progress, presp]] = seen.find((s) => s[0] === 'httpUploadProgress');
  assert.deepEqual(progress, { loaded: 7, total: 7 });
  assert.equal(presp, req.response);
  const [, [status, headers, hresp]] = seen.find((s) => s[0] === 'httpHeaders');
  assert.equal(status, 200);
  assert.equal(typeof headers.etag, 'string');
  assert.equal(hresp, req.response);
  assert.equal(seen.find((s) => s[0] === 'validate')[1][0], req);

  const g = s3.getObject({ Bucket, Key });
  const gs = record(g);
  await new Promise((resolve) => g.send(() => resolve()));
  assert.deepEqual(
    gs.map((s) => s[0]),
    ['validate', 'build', 'afterBuild', 'sign', 'httpHeaders', 'httpDownloadProgress', 'httpData', 'httpDone', 'send', 'validateResponse', 'extractData', 'success', 'complete'],
  );
  assert.equal(gs.find((s) => s[0] === 'httpData')[1][0].toString(), 'events!');
  assert.deepEqual(gs.find((s) => s[0] === 'httpDownloadProgress')[1][0], { loaded: 7, total: '7' });

  const e = s3.getObject({ Bucket, Key: 'missing' });
  const es = record(e);
  await new Promise((resolve) => e.send(() => resolve()));
  assert.deepEqual(
    es.map((s) => s[0]),
    // The S3 error document flows through the data events, as in v2.
    ['validate', 'build', 'afterBuild', 'sign', 'httpHeaders', 'httpDownloadProgress', 'httpData', 'httpDone', 'send', 'validateResponse', 'extractError', 'retry', 'afterRetry', 'error', 'complete'],
  );
  const [, [err, eresp]] = es.find((s) => s[0] === 'error');
  assert.equal(err.code, 'NoSuchKey');
  assert.equal(eresp, e.response);
});

test('listener API: chainable on, removeListener, prepend, onAsync, once', async () => {
  const s3 = h.client();
  const order = [];
  const a = () => order.push('a');
  const req = s3.headObject({ Bucket, Key: 'missing' });
  assert.equal(req.on('complete', a), req);
  req.on('complete', () => order.push('b'));
  req.on('complete', () => order.push('first'), true);
  req.removeListener('complete', a);
  req.once('error', () => order.push('once'));
  req.onAsync('sign', (r, done) => {
    order.push('async-start');
    setTimeout(() => {
      order.push('async-done');
      done();
    }, 20);
  });
  await new Promise((resolve) => req.send(() => resolve()));
  assert.deepEqual(order, ['async-start', 'async-done', 'once', 'first', 'b']);
  assert.equal(req.listeners('complete').length, 3);
  req.removeAllListeners('complete');
  assert.equal(req.listeners('complete').length, 0);
});

function childRun(code) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (c) => resolve({ code: c, out }));
  });
}

test('a throwing callback or success listener is an uncaught exception, never a second call', async () => {
  const cfg = JSON.stringify(h.config());
  const r = await childRun(`
    const { S3 } = require(${lib});
    let calls = 0;
    process.on('uncaughtException', (e) => { console.log('uncaught', e.message, 'calls', calls); setTimeout(() => { console.log('final calls', calls); process.exit(0); }, 100); });
    new S3(${cfg}).putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'throw', Body: 'x' }, function () { calls++; throw new Error('boom'); });
  `);
  assert.match(r.out, /uncaught boom calls 1/);
  assert.match(r.out, /final calls 1/);
  const r2 = await childRun(`
    const { S3 } = require(${lib});
    const seen = [];
    process.on('uncaughtException', (e) => { seen.push('uncaught ' + e.message); setTimeout(() => { console.log(seen.join(',')); process.exit(0); }, 100); });
    new S3(${cfg}).putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'throw2', Body: 'x' })
      .on('success', () => { throw new Error('in success'); })
      .on('complete', () => seen.push('complete'))
      .send(() => seen.push('callback'));
  `);
  assert.equal(r2.out.trim(), 'uncaught in success');
});

test('abort(): in flight, before send, and an AbortSignal', async () => {
  const probe = await h.tcpProbe('hang');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const req = s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' });
    const p = req.promise();
    setTimeout(() => req.abort(), 100);
    const err = await p.then(() => null, (e) => e);
    assert.equal(err.code, 'RequestAbortedError');
    assert.equal(err.message, 'Request aborted by user');
    assert.equal(err.retryable, false);

    const before = probe.connections();
    const early = s3.getObject({ Bucket: 'b', Key: 'k' }).abort();
    const err2 = await early.promise().then(() => null, (e) => e);
    assert.equal(err2.code, 'RequestAbortedError');
    await tick();
    assert.equal(probe.connections(), before, 'an aborted request is never sent');

    const ac = new AbortController();
    const p3 = s3.headObject({ Bucket: 'b', Key: 'k' }, { abortSignal: ac.signal }).promise();
    setTimeout(() => ac.abort(), 50);
    const err3 = await p3.then(() => null, (e) => e);
    assert.equal(err3.name, 'AbortError');
    assert.equal(err3.message, 'Request aborted');
    const pre = new AbortController();
    pre.abort();
    const err4 = await s3.headObject({ Bucket: 'b', Key: 'k' }, { abortSignal: pre.signal }).then(() => null, (e) => e);
    assert.equal(err4.name, 'AbortError');
    // The callback form sees the same error.
    const req5 = s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' }, (e) => req5.cbErr = e);
    setTimeout(() => req5.abort(), 50);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(req5.cbErr.code, 'RequestAbortedError');
  } finally {
    await probe.close();
  }
});

test('bound params, config.update and setPromisesDependency', async () => {
  const { S3, config } = h.s3native;
  const s3 = new S3({ ...h.config(), params: { Bucket } });
  const Key = h.key('bound');
  await s3.putObject({ Key, Body: 'bound' });
  assert.equal((await s3.getObject({ Key })).Body.toString(), 'bound');
  try {
    config.update({ region: 'eu-west-3' });
    assert.equal(new S3({}).config.region, 'eu-west-3');
    assert.equal((await new S3({ endpoint: h.endpoint, credentials: h.credentials }).resolvedConfig()).region, 'eu-west-3');
    class MyPromise extends Promise {}
    config.setPromisesDependency(MyPromise);
    const p = new S3(h.config()).headObject({ Bucket, Key }).promise();
    assert.ok(p instanceof MyPromise);
    await p;
    config.setPromisesDependency(null);
    const q = new S3(h.config()).headObject({ Bucket, Key }).promise();
    assert.equal(Object.getPrototypeOf(q), Promise.prototype);
    await q;
  } finally {
    delete config.region;
    config.setPromisesDependency(null);
  }
});

test('one native call per request, in every style', async () => {
  const s3 = h.client();
  const counts = {};
  const native = s3.native;
  for (const m of ['putObject', 'getObject', 'headObject', 'deleteObject', 'putObjectStream', 'putObjectFile']) {
    const orig = native[m].bind(native);
    native[m] = (...args) => {
      counts[m] = (counts[m] || 0) + 1;
      return orig(...args);
    };
  }
  const Key = h.key('one');
  await s3.putObject({ Bucket, Key, Body: 'a' }).promise();
  assert.deepEqual(counts, { putObject: 1 });
  await new Promise((r) => s3.putObject({ Bucket, Key, Body: 'b' }, r));
  assert.deepEqual(counts, { putObject: 2 });
  await new Promise((r) => s3.putObject({ Bucket, Key, Body: 'c' }).on('complete', () => r()).send());
  assert.deepEqual(counts, { putObject: 3 });
  await s3.putObject({ Bucket, Key, Body: 'd' });
  assert.deepEqual(counts, { putObject: 4 });
  await s3.getObject({ Bucket, Key });
  await s3.headObject({ Bucket, Key });
  await s3.deleteObject({ Bucket, Key });
  assert.deepEqual(counts, { putObject: 4, getObject: 1, headObject: 1, deleteObject: 1 });
});
