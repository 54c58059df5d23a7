'use strict';
// Errors: service codes, transport failures, timeouts, credentials, and v2's validation errors
// with proof that nothing was sent.

const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('child_process');
const os = require('os');
const path = require('path');
const h = require('./helpers');

const { S3Error } = h.s3native;

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('err');
});

function noSecrets(err) {
  const text = `${err.message} ${JSON.stringify(err)} ${err.stack} ${err.originalError ? err.originalError.message : ''}`;
  assert.ok(!text.includes(h.credentials.secretAccessKey), 'secret key in error');
  assert.ok(!/Signature=[0-9a-f]{8}/.test(text), 'signature in error');
}

test('NoSuchBucket / NoSuchKey / NotFound carry v2 and v3 fields', async () => {
  const s3 = h.client();
  const missing = `nb-${h.rand(6)}`;
  // s3s-fs creates a missing bucket on PUT and answers NoSuchKey for a GET in it.
  const call = h.server === 'moto' ? s3.putObject({ Bucket: missing, Key: 'k', Body: 'x' }) : s3.getObject({ Bucket: missing, Key: 'k' });
  const err = await call.then(() => null, (e) => e);
  const code = h.server === 'moto' ? 'NoSuchBucket' : 'NoSuchKey';
  assert.ok(err instanceof S3Error);
  assert.ok(err instanceof Error);
  assert.equal(err.code, code);
  assert.equal(err.name, code);
  assert.equal(err.statusCode, 404);
  assert.equal(err.retryable, false);
  assert.equal(err.$fault, 'client');
  assert.equal(err.$metadata.httpStatusCode, 404);
  assert.ok(err.time instanceof Date);
  assert.equal(String(err), `${code}: ${err.message}`);
  assert.ok(err.message === null || typeof err.message === 'string');
  assert.ok(Object.keys(err).includes('code'));
  assert.ok(!Object.keys(err).includes('$metadata'));

  const nk = await s3.getObject({ Bucket, Key: 'nope' }).then(() => null, (e) => e);
  assert.equal(nk.code, 'NoSuchKey');
  assert.equal(nk.statusCode, 404);

  const nf = await s3.headObject({ Bucket, Key: 'nope' }).then(() => null, (e) => e);
  assert.equal(nf.code, 'NotFound');
  assert.equal(nf.message, null);
  assert.equal(String(nf), 'NotFound: null');
  assert.equal(nf.statusCode, 404);
  assert.equal(nf.retryable, false);
});

test('wrong credentials are refused by a server that checks signatures', async (t) => {
  if (h.server !== 's3s') return t.skip('moto accepts any signature');
  const s3 = h.client({ credentials: { accessKeyId: h.credentials.accessKeyId, secretAccessKey: 'wrong-secret-value' } });
  const err = await s3.putObject({ Bucket, Key: 'k', Body: 'x' }).then(() => null, (e) => e);
  assert.equal(err.code, 'SignatureDoesNotMatch');
  assert.equal(err.statusCode, 403);
  assert.equal(err.retryable, false);
  const text = `${err.message} ${JSON.stringify(err)}`;
  assert.ok(!text.includes('wrong-secret-value'));
  noSecrets(err);
  const unknown = h.client({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } });
  const err2 = await unknown.headObject({ Bucket, Key: 'k' }).then(() => null, (e) => e);
  assert.equal(err2.statusCode, 403);
});

test('connection refused: UnknownEndpoint wrapping a NetworkingError', async () => {
  const probe = await h.tcpProbe('close');
  const { port } = probe;
  await probe.close(); // nothing listens there now
  const s3 = h.client({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
  const err = await s3.putObject({ Bucket, Key: 'k', Body: 'x' }).then(() => null, (e) => e);
  assert.equal(err.code, 'UnknownEndpoint');
  assert.equal(err.retryable, true);
  assert.equal(
    err.message,
    `Inaccessible host: \`127.0.0.1' at port \`${port}'. This service may not be available in the \`us-east-1' region.`,
  );
  assert.equal(err.originalError.code, 'NetworkingError');
  assert.equal(err.originalError.message, `connect ECONNREFUSED 127.0.0.1:${port}`);
  noSecrets(err);
});

/** An error as JSON.stringify (what a log shows) and util.inspect see it, the clock masked. */
function transportShape(err) {
  const mask = (e) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'time' ? 'T' : v)));
  return { json: mask(err), keys: Object.keys(err), original: err.originalError ? Object.keys(err.originalError) : null };
}

test('transport errors (refused, read timeout, reset) have v2\'s fields, values and key order', async () => {
  const closed = await h.tcpProbe('close');
  const refusedAt = `http://127.0.0.1:${closed.port}`;
  await closed.close();
  const hang = await h.tcpProbe('hang');
  const reset = await h.tcpProbe('reset');
  try {
    const cases = [
      ['refused', refusedAt, {}],
      ['read timeout', hang.endpoint, { httpOptions: { timeout: 300 } }],
      ['reset', reset.endpoint, {}],
    ];
    for (const [label, endpoint, extra] of cases) {
      const opts = { endpoint, maxRetries: 0, ...extra };
      const a = await h.v2(opts).headObject({ Bucket, Key: 'k' }).promise().then(() => null, (e) => e);
      const b = await h.client(opts).headObject({ Bucket, Key: 'k' }).promise().then(() => null, (e) => e);
      assert.ok(a && b, `${label}: both reject`);
      assert.deepEqual(transportShape(b), transportShape(a), label);
      assert.equal(String(b), String(a), label);
      noSecrets(b);
    }
  } finally {
    await hang.close();
    await reset.close();
  }
});

test('S3 errors carry v2\'s retryDelay while retries were left, and none once they are used up', async () => {
  const keysOf = async (s3) => {
    const e = await s3.getObject({ Bucket, Key: `none-${h.rand()}` }).promise().then(() => null, (x) => x);
    return { keys: Object.keys(e), delay: e.retryDelay };
  };
  for (const [label, extra] of [['default', {}], ['maxRetries 0', { maxRetries: 0 }], ['base 10', { retryDelayOptions: { base: 10 } }]]) {
    const a = await keysOf(h.v2(extra));
    const b = await keysOf(h.client(extra));
    assert.deepEqual(b.keys, a.keys, label);
    assert.equal(typeof b.delay, typeof a.delay, label);
  }
  // The jittered delay stays below the first retry's bound (base * 2^0).
  const e = await h.client({ retryDelayOptions: { base: 10 } }).getObject({ Bucket, Key: 'none' }).promise().then(() => null, (x) => x);
  assert.ok(e.retryDelay >= 0 && e.retryDelay < 10, String(e.retryDelay));
});

test('read timeout: a server that never answers gives TimeoutError', async () => {
  const probe = await h.tcpProbe('hang');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1, httpOptions: { timeout: 300 } });
    const t0 = Date.now();
    const err = await s3.putObject({ Bucket, Key: 'k', Body: 'x' }).then(() => null, (e) => e);
    assert.equal(err.code, 'TimeoutError');
    assert.equal(err.message, 'Connection timed out after 300ms');
    assert.equal(err.retryable, true);
    assert.ok(Date.now() - t0 < 10000, 'rejects promptly');
    noSecrets(err);
    const op = h.client({ endpoint: probe.endpoint, maxAttempts: 1, httpOptions: { timeout: 0 }, operationTimeout: 400 });
    const err2 = await op.headObject({ Bucket, Key: 'k' }).then(() => null, (e) => e);
    assert.equal(err2.code, 'TimeoutError');
    assert.equal(err2.message, 'Operation timed out after 400ms');
  } finally {
    await probe.close();
  }
});

test('default timeouts and retries are set', async () => {
  const c = await h.client().resolvedConfig();
  assert.equal(c.timeoutMs, 120000);
  assert.equal(c.connectTimeoutMs, 3100);
  assert.equal(c.maxAttempts, 4);
  assert.equal((await h.client({ maxRetries: 0 }).resolvedConfig()).maxAttempts, 1);
  assert.equal((await h.client({ maxAttempts: 2 }).resolvedConfig()).maxAttempts, 2);
  assert.equal((await h.client({ httpOptions: { timeout: 5000, connectTimeout: 700 } }).resolvedConfig()).timeoutMs, 5000);
});

test('no credentials anywhere: CredentialsError before any connection', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) delete env[k];
    env.AWS_CONFIG_FILE = path.join(os.tmpdir(), `none-${h.rand()}`);
    env.AWS_SHARED_CREDENTIALS_FILE = path.join(os.tmpdir(), `none-${h.rand()}`);
    const code = `const {S3}=require(${JSON.stringify(require.resolve('..'))});new S3({region:'us-east-1',endpoint:${JSON.stringify(probe.endpoint)}}).putObject({Bucket:'b',Key:'k',Body:'x'}).promise().then(()=>console.log('resolved'),e=>console.log(JSON.stringify([e.code,e.message])))`;
    const [code2, message] = JSON.parse(execFileSync(process.execPath, ['-e', code], { env }).toString().trim());
    assert.equal(code2, 'CredentialsError');
    // First what happened and how to fix it, then the provider chain's details.
    assert.match(message, /^Missing credentials: none were found\. Set AWS_ACCESS_KEY_ID/);
    assert.match(message, /credentials: \{ accessKeyId, secretAccessKey \}/);
    assert.match(message, /What the provider chain tried: .*Environment/s);
    assert.equal(probe.connections(), 0);
  } finally {
    await probe.close();
  }
});

test('validation errors reject with v2 codes and send nothing', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const cases = [
      [{ Key: 'k' }, 'MissingRequiredParameter', "Missing required key 'Bucket' in params"],
      [{ Bucket: 'b', Key: 5 }, 'InvalidParameterType', 'Expected params.Key to be a string'],
      [{ Bucket: 'b', Key: 'k', Foo: 1 }, 'UnexpectedParameter', "Unexpected key 'Foo' found in params"],
      [{ Bucket: 'b', Key: '' }, 'UriParameterError', 'Expected uri parameter to have length >= 1, but found "" for params.Key'],
      [{ Bucket: 'b', Key: 'k', ContentLength: 'abc' }, 'InvalidParameterType', 'Expected params.ContentLength to be a number'],
      [{ Bucket: 'b', Key: 'k', Metadata: { a: 1 } }, 'InvalidParameterType', "Expected params.Metadata['a'] to be a string"],
      [{ Bucket: 'b', Key: 'k', Expires: {} }, 'InvalidParameterType', 'Expected params.Expires to be a Date object, ISO-8601 string, or a UNIX timestamp'],
      [{ Bucket: 'b', Key: 'k', Body: 123 }, 'InvalidParameterType', 'Expected params.Body to be a string, Buffer, Stream, Blob, or typed array object'],
      [{ Bucket: 'b', Key: 'k', Body: {} }, 'InvalidParameterType', 'Expected params.Body to be a string, Buffer, Stream, Blob, or typed array object'],
      [{ Bucket: 'b', Key: 'k', Body: 'abc', ContentLength: 5 }, 'InvalidParameterValue', 'params.ContentLength (5) does not match the length of params.Body (3)'],
    ];
    for (const [params, code, message] of cases) {
      let p;
      assert.doesNotThrow(() => {
        p = s3.putObject(params).promise();
      });
      const err = await p.then(() => null, (e) => e);
      assert.ok(err instanceof S3Error, code);
      assert.equal(err.code, code);
      assert.equal(err.message, message);
    }
    for (const bad of [null, undefined, 'str', 42]) {
      let p;
      assert.doesNotThrow(() => {
        p = h.s3native.putObject(bad);
      });
      await assert.rejects(p, (e) => e instanceof S3Error);
    }
    const multi = await s3.putObject({ Foo: 1 }).promise().then(() => null, (e) => e);
    assert.equal(multi.code, 'MultipleValidationErrors');
    assert.equal(multi.errors.length, 3);
    assert.match(multi.message, /^There were 3 validation errors:\n\* MissingRequiredParameter: Missing required key 'Bucket' in params/);
    // Detached buffers.
    const ab = new ArrayBuffer(8);
    const views = [ab, new Uint8Array(ab), Buffer.from(ab), new DataView(ab)];
    structuredClone(ab, { transfer: [ab] });
    for (const Body of views) {
      const err = await s3.putObject({ Bucket: 'b', Key: 'k', Body }).promise().then(() => null, (e) => e);
      assert.equal(err.code, 'InvalidParameterType');
    }
    // A destroyed stream.
    const { Readable } = require('stream');
    const r = Readable.from(['x']);
    r.destroy();
    const err = await s3.putObject({ Bucket: 'b', Key: 'k', Body: r, ContentLength: 1 }).promise().then(() => null, (e) => e);
    assert.equal(err.code, 'InvalidParameterValue');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(probe.connections(), 0, 'no request was sent');
  } finally {
    await probe.close();
  }
});


test('1,000 randomly malformed params never crash or hang', async () => {
  const rnd = h.prng(20261124);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const members = Object.keys(require('../lib/shapes').PutObject.members);
  const huge = 'x'.repeat(1 << 20);
  const throwing = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
  const values = () => [
    undefined, null, 0, -0, NaN, Infinity, -1, 2 ** 64, 1.5, 10n, Symbol('s'), () => 1, {}, [], [1, 'a'],
    new Date(), new Date('invalid'), new Uint8Array(3), new Float32Array(2), new ArrayBuffer(2), huge,
    'a\u0000b', 'line\r\nInjected: yes', 'ünïcødé', '', ' ', { toString() { throw new Error('x'); } }, throwing,
    { a: 1 }, { a: 'b' }, { 'bad key\n': 'v' }, true, false, 'bucket', 'k',
  ];
  const junkKeys = ['Foo', '__proto__', 'constructor', 'bucket', 'key', '', '💥'];
  const s3 = h.client({ maxAttempts: 1 });
  const outcomes = { resolved: 0, rejected: 0 };
  const all = [];
  for (let i = 0; i < 1000; i++) {
    let params;
    const shape = rnd();
    if (shape < 0.05) params = pick(values());
    else {
      params = {};
      if (rnd() < 0.7) params.Bucket = rnd() < 0.8 ? Bucket : pick(values());
      if (rnd() < 0.7) params.Key = rnd() < 0.8 ? `fuzz/${i}` : pick(values());
      const n = Math.floor(rnd() * 4);
      for (let j = 0; j < n; j++) {
        const k = rnd() < 0.8 ? pick(members) : pick(junkKeys);
        try {
          params[k] = pick(values());
        } catch {}
      }
    }
    all.push(params);
  }
  for (let i = 0; i < all.length; i += 50) {
    await Promise.all(
      all.slice(i, i + 50).map((params) => {
        let p;
        try {
          p = s3.putObject(params).promise();
        } catch (e) {
          assert.fail(`synchronous throw: ${e}`);
        }
        return p.then(
          () => outcomes.resolved++,
          (e) => {
            assert.ok(e instanceof Error, `rejection is an Error: ${e}`);
            assert.ok(typeof e.code === 'string' || typeof e.code === 'number', `code: ${e.code} ${e.message}`);
            assert.ok(e.message === null || typeof e.message === 'string');
            outcomes.rejected++;
          },
        );
      }),
    );
  }
  assert.equal(outcomes.resolved + outcomes.rejected, 1000);
  assert.ok(outcomes.rejected > 0 && outcomes.resolved > 0, JSON.stringify(outcomes));
  const ok = await s3.putObject({ Bucket, Key: h.key('after-fuzz'), Body: 'still fine' });
  assert.equal(ok.ETag, `"${h.md5(Buffer.from('still fine'))}"`);
});
