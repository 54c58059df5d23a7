'use strict';
// Hostile configurations (issue 16, points 6 and 7): values that once wrapped, panicked or froze
// the runtime are refused with ConfigError by the native side too (its second line of defence
// behind lib/config.js), and one client with the largest retry budget cannot slow another down.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const { NativeS3Client } = require('../binding');
const h = require('./helpers');

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('hostile');
});

const base = {
  region: h.region,
  endpoint: h.endpoint,
  accessKeyId: h.credentials.accessKeyId,
  secretAccessKey: h.credentials.secretAccessKey,
  forcePathStyle: true,
};

test('the native client refuses what would panic or wrap, through the call result', async () => {
  const cases = [
    { timeoutMs: 1e308 },
    { connectTimeoutMs: 1e308 },
    { operationTimeoutMs: 1e308 },
    { retryBaseDelayMs: 1e308 },
    { timeoutMs: -5 },
    { maxAttempts: 0 },
    { maxAttempts: 1e10 }, // napi reads it modulo 2^32: 1410065408, still refused
    { maxAttempts: 101 },
    { region: 'us-east-1\n' },
    { region: 'a\r\nX-Injected: 1' },
    { accessKeyId: 'AKID\r\nX-Injected: 1' },
    { sessionToken: 'token\nwith newline' },
  ];
  for (const extra of cases) {
    const native = new NativeS3Client({ ...base, ...extra });
    const res = await native.headObject({ Bucket, Key: 'k' }, false, null);
    assert.equal(res.error && res.error.code, 'ConfigError', JSON.stringify(extra));
    assert.ok(!/panic/i.test(res.error.message), res.error.message);
    await assert.rejects(native.resolvedConfig(), /ConfigError/);
  }
  // The largest accepted values work.
  const ok = new NativeS3Client({ ...base, maxAttempts: 100, timeoutMs: 2147483647, operationTimeoutMs: 0 });
  const c = await ok.resolvedConfig();
  assert.equal(c.maxAttempts, 100);
  const res = await ok.putObject({ Bucket, Key: 'ok' }, Buffer.from('x'), null, false, null);
  assert.equal(res.error, undefined);
});

test('a region with a control character from the environment is a ConfigError, not a panic', async () => {
  const code = `
    const { putObject } = require(${JSON.stringify(require.resolve('..'))});
    putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'env-region', Body: 'x' }).then(
      () => console.log('RESOLVED'),
      (e) => console.log('REJECTED', e.code, e.message),
    );
  `;
  const env = h.awsEnv({ AWS_REGION: 'us-east-1\n' });
  const out = await new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', code], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    p.stdout.on('data', (d) => (text += d));
    p.stderr.on('data', (d) => (text += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20000);
    p.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, text });
    });
  });
  assert.equal(out.status, 0, out.text);
  assert.match(out.text, /REJECTED ConfigError Invalid region/);
  assert.doesNotMatch(out.text, /panic/i);
});

test('a client retrying 100 times against a dead server leaves another client unaffected', async () => {
  const dead = await h.tcpProbe('close');
  try {
    const good = h.client();
    const Key = h.key('iso');
    await good.putObject({ Bucket, Key, Body: 'isolation' });
    const latencies = async (n) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await good.headObject({ Bucket, Key });
        out.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      return out;
    };
    const before = await latencies(20);

    // The largest retry budget accepted, on both cores' worth of calls at once.
    const hostile = h.client({ endpoint: dead.endpoint, maxAttempts: 100, retryDelayOptions: { base: 1 } });
    const reqs = Array.from({ length: 8 }, (_, i) => hostile.putObject({ Bucket, Key: `h${i}`, Body: 'x' }));
    const settled = reqs.map((r) => r.promise().then(() => null, (e) => e));
    const during = await latencies(20);

    // abort() acts at once: no loop holds the runtime.
    const t0 = Date.now();
    for (const r of reqs) r.abort();
    const errors = await Promise.all(settled);
    const abortMs = Date.now() - t0;
    for (const e of errors) {
      assert.ok(e instanceof h.s3native.S3Error, String(e));
      assert.equal(typeof e.code, 'string');
    }
    assert.ok(abortMs < 5000, `aborting took ${abortMs} ms`);
    const worst = Math.max(...during);
    const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
    console.log(`headObject median ${median(before).toFixed(1)} ms alone, ${median(during).toFixed(1)} ms beside the hostile client (worst ${worst.toFixed(1)} ms); abort took ${abortMs} ms`);
    // A hang detector, not a speed test: before the fix one such call held a runtime worker for
    // ~80 s of CPU, so these calls waited that long.
    assert.ok(worst < 3000, `a headObject took ${worst} ms beside the hostile client`);
  } finally {
    await dead.close();
  }
});

test('operationTimeout bounds a call with the largest retry budget', async () => {
  const hang = await h.tcpProbe('hang');
  try {
    const s3 = h.client({ endpoint: hang.endpoint, maxAttempts: 100, operationTimeout: 1500, httpOptions: { timeout: 60000 } });
    const t0 = Date.now();
    const err = await s3.headObject({ Bucket, Key: 'k' }).promise().then(() => null, (e) => e);
    const took = Date.now() - t0;
    assert.equal(err && err.code, 'TimeoutError');
    assert.ok(took < 10000, `took ${took} ms`);
  } finally {
    await hang.close();
  }
});
