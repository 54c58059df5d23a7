'use strict';
// Bad input (issue 16, points 2, 6, 7, 8, 9): lone surrogates, over-long URIs, hostile configs,
// bad options and agent options, each with aws-sdk v2's code and proof that nothing was sent;
// then a deterministic fuzz run of every calling style in a child process (__test__/fuzz/child.js)
// that must end with 0 crashes, hangs, panics, synchronous throws, uncoded errors and secrets.

const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const https = require('https');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const h = require('./helpers');

const { S3, S3Error, config } = h.s3native;

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('bad');
});

const errorOf = (p) => Promise.resolve(p).then(() => null, (e) => e);

function noSecrets(err) {
  const text = `${err.message} ${JSON.stringify(err)} ${err.stack}`;
  assert.ok(!text.includes(h.credentials.secretAccessKey), 'secret key in error');
  assert.doesNotMatch(text, /panic/i);
}

test('lone surrogates are refused before sending, with the error aws-sdk v2 reports', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const v2 = h.v2({ endpoint: probe.endpoint, maxRetries: 0 });
    const cases = [
      ['putObject', { Bucket: 'b', Key: 'a/\uD800', Body: 'x' }, 'URIError', 'URI malformed'],
      ['putObject', { Bucket: 'b\uDC00', Key: 'k', Body: 'x' }, 'URIError', 'URI malformed'],
      ['getObject', { Bucket: 'b', Key: 'k', VersionId: 'v\uD800' }, 'URIError', 'URI malformed'],
      ['headObject', { Bucket: 'b', Key: 'k', ResponseContentType: '\uDFFFx' }, 'URIError', 'URI malformed'],
      ['putObject', { Bucket: 'b', Key: 'k', Body: 'x', Metadata: { m: 'v\uD800' } }, 'NetworkingError', 'Invalid character in header content ["x-amz-meta-m"]'],
      ['putObject', { Bucket: 'b', Key: 'k', Body: 'x', ContentType: 'text/\uD800' }, 'NetworkingError', 'Invalid character in header content ["Content-Type"]'],
      ['getObject', { Bucket: 'b', Key: 'k', Range: 'bytes=\uDC00' }, 'NetworkingError', 'Invalid character in header content ["Range"]'],
    ];
    for (const [op, params, code, message] of cases) {
      const err = await errorOf(s3[op](params).promise());
      assert.ok(err instanceof S3Error, `${op} ${JSON.stringify(params)}`);
      assert.equal(err.code, code);
      assert.equal(err.message, message);
      assert.notEqual(err.retryable, true, 'the same input fails again');
      // The same input through aws-sdk v2: the same code and message.
      const e2 = await errorOf(v2[op](params).promise());
      assert.equal(e2.code, code, `v2 ${op}`);
      assert.equal(e2.message, message, `v2 ${op}`);
    }
    // A lone surrogate in a Metadata key: v2's message, with U+FFFD in place of the surrogate.
    const key = await errorOf(s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x', Metadata: { ['m\uDC00']: 'v' } }));
    assert.equal(key.code, 'NetworkingError');
    assert.equal(key.message, 'Header name must be a valid HTTP token ["x-amz-meta-m\uFFFD"]');
    // Control characters in a header value are refused the same way, without quoting the value
    // (it may be a secret). An SSE-C key is sent base64-encoded, as v2 sends it, so it cannot
    // carry one onto the wire.
    const ctl = await errorOf(s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x', CacheControl: 'secret\r\nX-Injected: 1' }));
    assert.equal(ctl.code, 'NetworkingError');
    assert.equal(ctl.message, 'Invalid character in header content ["Cache-Control"]');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(probe.connections(), 0, 'nothing was sent');
  } finally {
    await probe.close();
  }
  // Well-formed text round-trips, and a lone surrogate in the Body is sent as U+FFFD (as v2 and
  // v3 encode a string Body): the Body is payload, not part of the request's addressing.
  const s3 = h.client();
  const Key = `pair/😀/${h.rand(4)}`;
  await s3.putObject({ Bucket, Key, Body: 'x\uD800y', Metadata: { note: 'plain' } });
  const back = await h.readBack(Bucket, Key);
  assert.deepEqual(back.body, Buffer.from('x\uFFFDy'));
  assert.equal(back.head.Metadata.note, 'plain');
});

test('a request URI past 60,000 bytes is refused before sending: KeyTooLongError / InvalidParameterValue', async () => {
  const probe = await h.tcpProbe('close');
  try {
    const s3 = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const long = 'k'.repeat(70000);
    const key = await errorOf(s3.getObject({ Bucket: 'b', Key: long }));
    assert.equal(key.code, 'KeyTooLongError');
    assert.match(key.message, /^Your key is too long: params\.Key is 70000 bytes once percent-encoded/);
    // Multi-byte characters count as their percent-encoded UTF-8 (é: 6 bytes).
    assert.equal((await errorOf(s3.putObject({ Bucket: 'b', Key: 'é'.repeat(10001), Body: 'x' }))).code, 'KeyTooLongError');
    for (const [op, params, member] of [
      ['getObject', { Bucket: 'b', Key: 'k', VersionId: long }, 'VersionId'],
      ['headObject', { Bucket: 'b', Key: 'k', ResponseContentType: long }, 'ResponseContentType'],
      ['deleteObject', { Bucket: 'b', Key: 'k', VersionId: long }, 'VersionId'],
      ['getObject', { Bucket: long, Key: 'k' }, 'Bucket'],
    ]) {
      const err = await errorOf(s3[op](params));
      assert.equal(err.code, 'InvalidParameterValue', `${op} ${member}`);
      assert.match(err.message, new RegExp(`params\\.${member} is 70000 bytes once percent-encoded`));
      assert.match(err.message, /the limit is 60000/);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(probe.connections(), 0, 'nothing was sent');
  } finally {
    await probe.close();
  }
  // A key near the limit still reaches the server, which answers for itself (s3s-fs: its own
  // KeyTooLongError, moto: NoSuchKey), never a panic.
  const err = await errorOf(h.client().getObject({ Bucket, Key: 'k'.repeat(59000) }));
  assert.ok(err instanceof S3Error);
  assert.equal(typeof err.statusCode, 'number', `${err.code}: ${err.message}`);
  noSecrets(err);
});

test('integers the binding would truncate or wrap are refused (PartNumber 1.5, 2**40; ContentLength -1)', async () => {
  const s3 = h.client();
  const cases = [
    [{ Bucket, Key: 'k', PartNumber: 1.5 }, 'InvalidParameterValue', 'Expected params.PartNumber to be an integer, but found 1.5'],
    [{ Bucket, Key: 'k', PartNumber: 2 ** 40 }, 'MaxRangeError', 'Expected numeric value <= 2147483647, but found 1099511627776 for params.PartNumber'],
    [{ Bucket, Key: 'k', PartNumber: 2 ** 64 }, 'MaxRangeError', 'Expected numeric value <= 2147483647, but found 18446744073709552000 for params.PartNumber'],
  ];
  for (const [params, code, message] of cases) {
    const err = await errorOf(s3.getObject(params));
    assert.equal(err.code, code);
    assert.equal(err.message, message);
  }
  const { Readable } = require('stream');
  const Key = h.key('neg');
  const neg = await errorOf(s3.putObject({ Bucket, Key, Body: Readable.from([Buffer.from('x')]), ContentLength: -1 }));
  assert.equal(neg.code, 'MinRangeError');
  assert.equal(neg.message, 'Expected numeric value >= 0, but found -1 for params.ContentLength');
  await assert.rejects(s3.headObject({ Bucket, Key }).promise(), (e) => e.code === 'NotFound');
  // Numeric strings stay accepted, as in v2.
  assert.equal((await errorOf(s3.getObject({ Bucket, Key: 'missing', PartNumber: '1' }))).code, 'NoSuchKey');
});

test('1 MiB of metadata or of a header is a coded error from the server; the client goes on', async () => {
  const s3 = h.client();
  for (const params of [
    { Bucket, Key: h.key('meta'), Body: 'x', Metadata: { big: 'x'.repeat(1 << 20) } },
    { Bucket, Key: h.key('hdr'), Body: 'x', ContentType: 'x'.repeat(1 << 20) },
  ]) {
    const err = await errorOf(s3.putObject(params));
    assert.ok(err instanceof S3Error, String(err));
    assert.ok(typeof err.code === 'string' || typeof err.code === 'number');
    noSecrets(err);
    await assert.rejects(s3.headObject({ Bucket, Key: params.Key }).promise(), (e) => e.code === 'NotFound');
  }
  const Key = h.key('after-big');
  await s3.putObject({ Bucket, Key, Body: 'fine' });
  assert.equal((await s3.getObject({ Bucket, Key })).Body.toString(), 'fine');
});

const HOSTILE_CONFIGS = [
  { maxRetries: 1e10 },
  { maxRetries: -1 },
  { maxRetries: 1.5 },
  { maxRetries: 100 },
  { maxAttempts: 0 },
  { maxAttempts: 101 },
  { maxAttempts: 2 ** 32 + 1 },
  { maxAttempts: Infinity },
  { httpOptions: { timeout: 1e308 } },
  { httpOptions: { timeout: -1 } },
  { httpOptions: { timeout: NaN } },
  { httpOptions: { connectTimeout: 2147483648 } },
  { requestHandler: { requestTimeout: 1e308 } },
  { requestHandler: { connectionTimeout: Infinity } },
  { operationTimeout: 1e308 },
  { retryDelayOptions: { base: 1e308 } },
  { region: 'us-east-1\n' },
  { region: 'a\r\nX-Injected: 1' },
  { region: 'x'.repeat(64) },
  { region: ' us-east-1' },
  { credentials: { accessKeyId: 'AKID\r\nX-Injected: 1', secretAccessKey: 'x' } },
  { credentials: { accessKeyId: 'AKID', secretAccessKey: 'x', sessionToken: 'SECRET-TOKEN\n' } },
  { accessKeyId: 'AK ID', secretAccessKey: 'x' },
  { accessKeyId: 'AKIDé', secretAccessKey: 'x' },
  { endpoint: 'http://127.0.0.1:1\n' },
  { endpoint: 'http://exa mple.com' },
];

test('hostile configs are ConfigErrors from new S3() and from config.update() then a call', async () => {
  for (const bad of HOSTILE_CONFIGS) {
    const label = JSON.stringify(bad);
    assert.throws(
      () => new S3({ ...h.config(), ...bad }),
      (e) => e instanceof S3Error && e.code === 'ConfigError' && !/SECRET-TOKEN/.test(`${e.message} ${JSON.stringify(e)}`),
      label,
    );
    // Restored below to what it was: update() also derives keys (flat keys -> credentials, as v2).
    const before = { ...config };
    config.update(bad);
    try {
      assert.throws(() => new S3({}), (e) => e.code === 'ConfigError', `config.update ${label}`);
      // The module-level functions build their client from these defaults: they reject.
      const err = await errorOf(h.s3native.putObject({ Bucket, Key: 'k', Body: 'x' }));
      assert.equal(err && err.code, 'ConfigError', `module-level after config.update ${label}`);
    } finally {
      for (const k of Object.keys(config)) if (!(k in before)) delete config[k];
      Object.assign(config, before);
    }
  }
  // Getters that throw and revoked Proxies among the options are ConfigErrors too.
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  for (const bad of [
    Object.defineProperty({}, 'region', { enumerable: true, get() { throw new Error('getter'); } }),
    { httpOptions: revoked.proxy },
    { apiVersion: Symbol('v') },
    { requestChecksumCalculation: Symbol('c') },
  ]) {
    assert.throws(() => new S3(bad), (e) => e instanceof S3Error && e.code === 'ConfigError');
  }
  // Boundary values are accepted and reach the native client as given.
  const ok = [
    [{ maxAttempts: 100 }, 100],
    [{ maxAttempts: 1 }, 1],
    [{ maxRetries: 99 }, 100],
    [{ maxRetries: 0 }, 1],
    [{ maxRetries: '2' }, 3],
  ];
  for (const [extra, attempts] of ok) {
    const c = await new S3({ ...h.config(), ...extra }).resolvedConfig();
    assert.equal(c.maxAttempts, attempts, JSON.stringify(extra));
  }
  const limits = await new S3({ ...h.config(), httpOptions: { timeout: 2147483647, connectTimeout: 0 }, operationTimeout: 0 }).resolvedConfig();
  assert.equal(limits.timeoutMs, 2147483647);
  // An empty region falls back to the environment, as an unset one.
  assert.doesNotThrow(() => new S3({ ...h.config(), region: '' }));
});

test('agent maxSockets options map to the native maxConnections', async () => {
  // _nativeConfig is what the binding receives.
  const native = (extra) => new S3({ ...h.config(), ...extra })._nativeConfig.maxConnections;
  assert.equal(native({}), undefined, 'unset: the native default');
  assert.equal(native({ httpOptions: { agent: new http.Agent({ maxSockets: 10 }) } }), 10);
  assert.equal(native({ httpOptions: { agent: new https.Agent({ keepAlive: true }) } }), undefined, "an Agent's implicit Infinity is not a choice");
  assert.equal(native({ httpOptions: { agent: new http.Agent({ maxSockets: Infinity }) } }), 0, 'explicit Infinity: no cap');
  assert.equal(native({ httpOptions: { agent: { maxSockets: Infinity } } }), 0);
  assert.equal(native({ requestHandler: { maxSockets: 25 } }), 25);
  assert.equal(native({ requestHandler: { maxSockets: Infinity } }), 0);
  assert.equal(native({ requestHandler: { httpsAgent: { maxSockets: 7 } } }), 7);
  // The agent for the endpoint's scheme wins (the test endpoint is http).
  assert.equal(native({ requestHandler: { httpsAgent: { maxSockets: 7 }, httpAgent: new http.Agent({ maxSockets: 8 }) } }), 8);
  assert.equal(native({ endpoint: 'https://127.0.0.1:1', requestHandler: { httpsAgent: { maxSockets: 7 }, httpAgent: { maxSockets: 8 } } }), 7);
  for (const bad of [0, -1, 1.5, 65536, NaN, '8x']) {
    assert.throws(() => native({ requestHandler: { maxSockets: bad } }), (e) => e.code === 'ConfigError', String(bad));
    assert.throws(() => native({ httpOptions: { agent: { maxSockets: bad } } }), (e) => e.code === 'ConfigError', String(bad));
  }
  // The native client resolves to them.
  assert.equal((await h.client().resolvedConfig()).maxConnections, 64);
  assert.equal((await h.client({ requestHandler: { maxSockets: Infinity } }).resolvedConfig()).maxConnections, 0);
  // Calls go through a client with a small cap.
  const s3 = h.client({ httpOptions: { agent: new http.Agent({ maxSockets: 2 }) } });
  assert.equal((await s3.resolvedConfig()).maxConnections, 2);
  const keys = Array.from({ length: 8 }, () => h.key('cap'));
  await Promise.all(keys.map((Key) => s3.putObject({ Bucket, Key, Body: Key })));
  const bodies = await Promise.all(keys.map((Key) => s3.getObject({ Bucket, Key }).promise()));
  assert.deepEqual(bodies.map((b) => b.Body.toString()), keys);
});

test('bad options never throw: InvalidParameterType for a non-AbortSignal, in every style', async () => {
  const s3 = h.client();
  const Key = h.key('opt');
  await s3.putObject({ Bucket, Key, Body: 'opt' });
  const params = { Bucket, Key };
  const styles = {
    promise: (o) => s3.headObject(params, o).promise(),
    await: async (o) => s3.headObject(params, o),
    callback: (o) => new Promise((resolve, reject) => s3.headObject(params, o, (e, d) => (e ? reject(e) : resolve(d)))),
    events: (o) =>
      new Promise((resolve, reject) => {
        s3.headObject(params, o).on('error', reject).on('success', (r) => resolve(r.data)).send();
      }),
    stream: (o) =>
      new Promise((resolve, reject) => {
        const st = s3.getObject(params, o).createReadStream();
        st.on('error', reject).on('end', resolve).resume();
      }),
    module: (o) => h.s3native.headObject(params, o),
  };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const bad = [
    [{ abortSignal: 5 }, 'InvalidParameterType', 'Expected options.abortSignal to be an AbortSignal'],
    [{ abortSignal: { aborted: false } }, 'InvalidParameterType', 'Expected options.abortSignal to be an AbortSignal'],
    [{ abortSignal: 'signal' }, 'InvalidParameterType', 'Expected options.abortSignal to be an AbortSignal'],
    [Object.defineProperty({}, 'abortSignal', { get() { throw new Error('unreadable'); } }), 'InvalidParameterValue', 'Invalid options: unreadable'],
    [{ abortSignal: { aborted: false, addEventListener() { throw 10n; } } }, 'InvalidParameterValue', 'Invalid options: 10'],
    [revoked.proxy, 'InvalidParameterValue', /^Invalid options: Cannot perform/],
  ];
  for (const [name, call] of Object.entries(styles)) {
    for (const [options, code, message] of bad) {
      let p;
      assert.doesNotThrow(() => {
        p = call(options);
      }, name);
      const err = await errorOf(p);
      assert.ok(err instanceof S3Error, `${name}: ${err}`);
      assert.equal(err.code, code, name);
      if (message instanceof RegExp) assert.match(err.message, message);
      else assert.equal(err.message, message);
      assert.doesNotThrow(() => JSON.stringify(err), 'the error serialises (no BigInt inside)');
    }
  }
  // Something that behaves like an AbortSignal (another realm's, a polyfill's) works, aborts,
  // and its listener is released when the call ends.
  const like = Object.assign(new EventTarget(), { aborted: false });
  assert.equal((await s3.headObject(params, { abortSignal: like })).ContentLength, 3);
  const probe = await h.tcpProbe('hang');
  try {
    const hung = h.client({ endpoint: probe.endpoint, maxAttempts: 1 });
    const stuck = hung.headObject(params, { abortSignal: like }).promise();
    setTimeout(() => like.dispatchEvent(new Event('abort')), 50);
    assert.equal((await errorOf(stuck)).code, 'AbortError');
    const live = new AbortController();
    const pending = hung.headObject(params, { abortSignal: live.signal }).promise();
    setTimeout(() => live.abort(), 50);
    assert.equal((await errorOf(pending)).code, 'AbortError');
  } finally {
    await probe.close();
  }
  const listeners = new Set();
  const duck = { aborted: false, addEventListener: (t, fn) => listeners.add(fn), removeEventListener: (t, fn) => listeners.delete(fn) };
  await s3.headObject(params, { abortSignal: duck });
  await new Promise((resolve) => s3.headObject(params, { abortSignal: duck }, resolve));
  assert.equal(listeners.size, 0, 'listeners released');
});

test('createReadStream: the request ends with the stream; a second stream is refused', async () => {
  const s3 = h.client();
  const Key = h.key('rs');
  const body = Buffer.alloc(300000, 7);
  await s3.putObject({ Bucket, Key, Body: body });
  const drain = (st) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      st.on('data', (c) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });
  // v2's events in stream mode, and promise() on the same request settles with it.
  const req = s3.getObject({ Bucket, Key });
  const events = [];
  for (const e of ['httpHeaders', 'httpData', 'httpDone', 'success', 'error', 'complete']) req.on(e, () => events.push(e));
  const st = req.createReadStream();
  const p = req.promise();
  const again = req.createReadStream();
  const refused = await errorOf(drain(again));
  assert.equal(refused.code, 'RequestAlreadySentError');
  assert.deepEqual(await drain(st), body);
  const data = await p;
  assert.equal(data.ContentLength, body.length);
  assert.deepEqual(events, ['httpHeaders', 'httpDone', 'success', 'complete']);
  // promise() first, then a stream: refused rather than an empty stream.
  const req2 = s3.getObject({ Bucket, Key });
  await req2.promise();
  assert.equal((await errorOf(drain(req2.createReadStream()))).code, 'RequestAlreadySentError');
  // A consumer that destroys the stream ends the request as aborted (no hang for its listeners).
  const req3 = s3.getObject({ Bucket, Key });
  const done = new Promise((resolve) => req3.on('complete', (r) => resolve(r.error)));
  const st3 = req3.createReadStream();
  st3.once('data', () => st3.destroy());
  assert.equal((await done).code, 'RequestAbortedError');
  // abort() once the body flows stops the stream with RequestAbortedError.
  const req4 = s3.getObject({ Bucket, Key });
  const st4 = req4.createReadStream();
  st4.once('data', () => req4.abort());
  assert.equal((await errorOf(drain(st4))).code, 'RequestAbortedError');
});

test('a Body stream that stalls ends with the call: timeout and abort() settle it', async () => {
  const { Readable } = require('stream');
  // Yields 3 of the 10 bytes announced, then neither data nor end.
  const stalled = () =>
    new Readable({
      read() {
        if (!this.sent) this.push(Buffer.from('abc'));
        this.sent = true;
      },
    });
  const s3 = h.client({ maxAttempts: 1, httpOptions: { timeout: 1000 } });
  const within = (p, ms) => Promise.race([errorOf(p), new Promise((resolve) => setTimeout(() => resolve('still pending'), ms))]);
  const Key = h.key('stall');
  const timedOut = await within(s3.putObject({ Bucket, Key, Body: stalled(), ContentLength: 10 }).promise(), 10000);
  assert.ok(timedOut instanceof S3Error, `after 10 s: ${timedOut}`);
  assert.equal(timedOut.code, 'TimeoutError');
  const req = h.client({ maxAttempts: 1, httpOptions: { timeout: 0 } }).putObject({ Bucket, Key, Body: stalled(), ContentLength: 10 });
  const p = req.promise();
  setTimeout(() => req.abort(), 200);
  const aborted = await within(p, 5000);
  assert.equal(aborted && aborted.code, 'RequestAbortedError', `after abort(): ${aborted}`);
  await assert.rejects(s3.headObject({ Bucket, Key }).promise(), (e) => e.code === 'NotFound');
});

test('a file stream Body whose file is missing rejects with a coded error, without an uncaught error', async () => {
  // In a child: the stream's own 'error' event, with nobody listening, would kill the process.
  const code = `
    const { S3 } = require(${JSON.stringify(require.resolve('..'))});
    const fs = require('fs');
    const s3 = new S3(${JSON.stringify(h.config())});
    const Body = fs.createReadStream(${JSON.stringify(path.join(os.tmpdir(), `s3-native-missing-${h.rand(6)}`))});
    s3.putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'missing-file', Body }).promise().then(
      () => console.log('RESOLVED'),
      (e) => setTimeout(() => console.log('REJECTED', e instanceof require(${JSON.stringify(require.resolve('..'))}).S3Error, typeof e.code, e.code), 100),
    );
  `;
  const out = await new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.stderr.on('data', (d) => (text += d));
    p.on('exit', (status) => resolve({ status, text }));
  });
  assert.equal(out.status, 0, out.text);
  assert.match(out.text, /^REJECTED true string \S+$/m, out.text);
  await assert.rejects(h.client().headObject({ Bucket, Key: 'missing-file' }).promise(), (e) => e.code === 'NotFound');
});

/** Runs the fuzz child with the default client's environment pointed at the test server. */
function runFuzz() {
  const env = h.awsEnv();
  Object.assign(env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 's3-native-fuzz-no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 's3-native-fuzz-no-credentials'),
  });
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'fuzz', 'child.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Beyond the child's own watchdog: a process that cannot even report is a hang.
    const killer = setTimeout(() => child.kill('SIGKILL'), 175000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('fuzz: a catalogue of junk values and 2,400 random calls in every calling style, with junk configs', { timeout: 200000 }, async (t) => {
  const run = await runFuzz();
  const line = run.stdout.split('\n').find((l) => l.startsWith('FUZZ-RESULT '));
  assert.ok(line, `no result from the fuzz child (exit ${run.code}, signal ${run.signal}):\n${run.stderr.slice(-3000)}`);
  const r = JSON.parse(line.slice('FUZZ-RESULT '.length));
  const c = r.counters;
  // The summary: counts per outcome code, per style, and the failures (if any).
  const perStyle = {};
  for (const [k, n] of Object.entries(r.outcomes)) {
    const style = k.split(' ')[0];
    perStyle[style] = (perStyle[style] || 0) + n;
  }
  const summary = [
    `fuzz against ${h.server}: ${c.calls} calls in ${(r.ms / 1000).toFixed(1)} s (seed ${r.seed}), ${c.ok} resolved, ${c.rejected} rejected`,
    `per style: ${JSON.stringify(perStyle)}`,
    `per code: ${JSON.stringify(r.codes)}`,
    `constructors: ${c.ctorOk} built, ${c.ctorConfigError} ConfigError, ${c.ctorBadThrow} other throws`,
  ];
  for (const f of r.failures) summary.push(`FAILURE ${JSON.stringify(f).slice(0, 600)}`);
  for (const s of summary) t.diagnostic(s);
  console.log(summary.join('\n'));

  assert.equal(run.signal, null, `the child died of ${run.signal}`);
  assert.equal(run.code, 0, `the child exited with ${run.code}:\n${run.stderr.slice(-3000)}`);
  assert.doesNotMatch(run.stderr, /panicked at|panic/i, 'a native panic');
  assert.ok(c.calls >= 2000, `${c.calls} calls`);
  for (const style of ['await', 'then', 'promise', 'callback', 'events', 'stream', 'stream-destroy', 'mixed', 'abort', 'module']) {
    assert.ok(perStyle[style] >= 100, `style ${style}: ${perStyle[style]} calls`);
  }
  assert.ok(c.ok >= 200, `valid calls reach the server: ${c.ok} resolved`);
  const zero = ['syncThrows', 'uncoded', 'secrets', 'panics', 'hangs', 'badEvents', 'wrongBytes', 'uncaught', 'unserializable', 'ctorBadThrow', 'badConfig', 'harness'];
  const bad = Object.fromEntries(zero.filter((k) => c[k]).map((k) => [k, c[k]]));
  assert.deepEqual(bad, {}, `failures:\n${r.failures.map((f) => JSON.stringify(f).slice(0, 600)).join('\n')}`);
});
