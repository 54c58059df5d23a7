'use strict';
// The runtime: worker_threads, prompt exit, concurrency, Body snapshots, zero-copy, checksum
// defaults and config handling.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { Worker } = require('worker_threads');
const h = require('./helpers');

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('rt');
});

const lib = JSON.stringify(require.resolve('..'));

test('loads and works inside worker_threads', async () => {
  const code = `
    const { workerData, parentPort } = require('worker_threads');
    const { S3 } = require(${lib});
    (async () => {
      const s3 = new S3(workerData.config);
      for (let i = 0; i < 20; i++) {
        const Key = 'w' + workerData.id + '/' + i;
        await s3.putObject({ Bucket: workerData.Bucket, Key, Body: 'worker ' + workerData.id + ' ' + i });
        const got = await s3.getObject({ Bucket: workerData.Bucket, Key });
        if (got.Body.toString() !== 'worker ' + workerData.id + ' ' + i) throw new Error('mismatch');
      }
      parentPort.postMessage('done');
    })().catch((e) => { parentPort.postMessage(String(e)); process.exitCode = 1; });
  `;
  const workers = [0, 1, 2].map((id) => new Worker(code, { eval: true, workerData: { id, Bucket, config: h.config() } }));
  const results = await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          let msg;
          w.on('message', (m) => (msg = m));
          w.on('exit', (c) => resolve([c, msg]));
        }),
    ),
  );
  assert.deepEqual(results, [[0, 'done'], [0, 'done'], [0, 'done']]);
  const got = await h.client().getObject({ Bucket, Key: 'w2/19' });
  assert.equal(got.Body.toString(), 'worker 2 19');
});

function runChild(code) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let settledAt = null;
    p.stdout.on('data', (d) => {
      out += d;
      if (settledAt === null && out.includes('settled')) settledAt = Date.now();
    });
    p.on('exit', (code2) => resolve({ code: code2, out, exitDelay: Date.now() - settledAt }));
  });
}

test('a script exits within a second of its last call', async () => {
  const cfg = JSON.stringify(h.config());
  const r = await runChild(
    `const { S3 } = require(${lib}); new S3(${cfg}).putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'exit', Body: 'x' }).promise().then(() => console.log('settled'))`,
  );
  assert.equal(r.code, 0);
  assert.ok(r.out.includes('settled'));
  assert.ok(r.exitDelay < 1000, `exited ${r.exitDelay} ms after the last call settled`);
  // A pending call keeps the process alive until it settles (here: a read timeout).
  const probe = await h.tcpProbe('hang');
  try {
    const cfg2 = JSON.stringify(h.config({ endpoint: probe.endpoint, maxAttempts: 1, httpOptions: { timeout: 500 } }));
    const r2 = await runChild(
      `const { S3 } = require(${lib}); new S3(${cfg2}).putObject({ Bucket: 'b', Key: 'k', Body: 'x' }).promise().catch((e) => console.log('settled', e.code))`,
    );
    assert.equal(r2.code, 0);
    assert.match(r2.out, /settled TimeoutError/);
    assert.ok(r2.exitDelay < 1000);
  } finally {
    await probe.close();
  }
});

test('500 concurrent putObject calls', async () => {
  const s3 = h.client();
  const bodies = Array.from({ length: 500 }, (_, i) => Buffer.from(`object ${i} ${h.rand(4)}`));
  const outs = await Promise.all(bodies.map((Body, i) => s3.putObject({ Bucket, Key: `c500/${i}`, Body })));
  outs.forEach((o, i) => assert.equal(o.ETag, `"${h.md5(bodies[i])}"`));
  for (let j = 0; j < 20; j++) {
    const i = Math.floor(Math.random() * 500);
    const { body } = await h.readBack(Bucket, `c500/${i}`);
    assert.deepEqual(body, bodies[i]);
  }
});

test('a Body mutated right after the call is uploaded as it was at call time', async () => {
  const s3 = h.client();
  const size = 8 * 1024 * 1024;
  const original = Buffer.alloc(size, 0x11);
  const makers = {
    Buffer: () => Buffer.alloc(size, 0x11),
    Uint8Array: () => new Uint8Array(size).fill(0x11),
    DataView: () => new DataView(new Uint8Array(size).fill(0x11).buffer),
  };
  for (const [name, make] of Object.entries(makers)) {
    const Body = make();
    const Key = h.key(`mut-${name}`);
    const p = s3.putObject({ Bucket, Key, Body }).promise();
    new Uint8Array(ArrayBuffer.isView(Body) ? Body.buffer : Body).fill(0x22);
    const out = await p;
    assert.equal(out.ETag, `"${h.md5(original)}"`, name);
    const { body } = await h.readBack(Bucket, Key);
    assert.equal(h.md5(body), h.md5(original), name);
  }
});

test('zeroCopy sends the caller\'s bytes untouched', async () => {
  const Body = crypto.randomBytes(3 * 1024 * 1024);
  const Key = h.key('zc');
  const out = await h.client().putObject({ Bucket, Key, Body }, { zeroCopy: true });
  assert.equal(out.ETag, `"${h.md5(Body)}"`);
  const out2 = await h.client({ zeroCopy: true }).putObject({ Bucket, Key: `${Key}2`, Body });
  assert.equal(out2.ETag, `"${h.md5(Body)}"`);
  assert.deepEqual((await h.readBack(Bucket, Key)).body, Body);
});

test('checksum defaults: requests WHEN_REQUIRED on a custom endpoint, responses validated everywhere', async () => {
  const custom = await h.client().resolvedConfig();
  assert.equal(custom.requestChecksumCalculation, 'WHEN_REQUIRED');
  assert.equal(custom.responseChecksumValidation, 'WHEN_SUPPORTED');
  const off = await h.client({ responseChecksumValidation: 'WHEN_REQUIRED' }).resolvedConfig();
  assert.equal(off.responseChecksumValidation, 'WHEN_REQUIRED');
  // No endpoint: AWS itself. Only the configuration is resolved; nothing is sent.
  const aws = await new h.s3native.S3({ region: 'us-east-1', credentials: h.credentials }).resolvedConfig();
  assert.equal(aws.requestChecksumCalculation, 'WHEN_SUPPORTED');
  assert.equal(aws.responseChecksumValidation, 'WHEN_SUPPORTED');
  assert.equal(aws.endpoint, undefined);
  const forced = await h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' }).resolvedConfig();
  assert.equal(forced.requestChecksumCalculation, 'WHEN_SUPPORTED');
  const r = await runChild(
    `process.env.AWS_REQUEST_CHECKSUM_CALCULATION='when_supported'; const { S3 } = require(${lib}); new S3(${JSON.stringify(h.config())}).resolvedConfig().then((c) => console.log('settled', c.requestChecksumCalculation, c.responseChecksumValidation))`,
  );
  assert.match(r.out, /settled WHEN_SUPPORTED WHEN_SUPPORTED/);
  const r2 = await runChild(
    `process.env.AWS_RESPONSE_CHECKSUM_VALIDATION='when_required'; const { S3 } = require(${lib}); new S3(${JSON.stringify(h.config())}).resolvedConfig().then((c) => console.log('settled', c.responseChecksumValidation))`,
  );
  assert.match(r2.out, /settled WHEN_REQUIRED/);
});

test('config: v2 and v3 option names', async () => {
  const { S3 } = h.s3native;
  assert.throws(() => new S3({ apiVersion: '2007-01-01' }), (e) => e.code === 'ConfigError');
  assert.doesNotThrow(() => new S3({ apiVersion: '2006-03-01' }));
  assert.throws(() => new S3({ credentials: async () => ({}) }), (e) => e.code === 'ConfigError');
  const v2style = new S3({
    region: h.region,
    endpoint: h.endpoint.replace('http://', ''),
    sslEnabled: false,
    accessKeyId: h.credentials.accessKeyId,
    secretAccessKey: h.credentials.secretAccessKey,
    s3ForcePathStyle: true,
    maxRetries: 2,
  });
  const c = await v2style.resolvedConfig();
  assert.equal(c.endpoint, h.endpoint);
  assert.equal(c.forcePathStyle, true);
  assert.equal(c.maxAttempts, 3);
  const out = await v2style.putObject({ Bucket, Key: h.key('v2cfg'), Body: 'v2 style' });
  assert.equal(out.ETag, `"${h.md5(Buffer.from('v2 style'))}"`);
  const v3style = new S3({ ...h.config(), requestHandler: { requestTimeout: 9000, connectionTimeout: 800 } });
  const c3 = await v3style.resolvedConfig();
  assert.equal(c3.timeoutMs, 9000);
  assert.equal(c3.connectTimeoutMs, 800);
});

test('a missing native binary is reported with the platform, the file looked for and the fix', () => {
  const os = require('os');
  const fs = require('fs');
  const path = require('path');
  const root = path.join(__dirname, '..');
  // The package as installed on a platform it has no binary for: everything but the .node.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3n-nobin-'));
  try {
    for (const name of ['index.js', 'binding.js', 'package.json']) fs.copyFileSync(path.join(root, name), path.join(dir, name));
    fs.cpSync(path.join(root, 'lib'), path.join(dir, 'lib'), { recursive: true });
    const r = require('child_process').spawnSync(process.execPath, ['-e', `try { require(${JSON.stringify(dir)}) } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`], { encoding: 'utf8' });
    const { code, message } = JSON.parse(r.stdout.trim());
    assert.equal(code, 'NativeAddonNotFound');
    assert.match(message, /for linux-x64-gnu \(Node v/);
    assert.ok(message.includes(path.join(dir, 's3-native.linux-x64-gnu.node')), message);
    assert.match(message, /npm run build/);
    assert.match(message, /Cause: Cannot find module/);
    assert.doesNotMatch(message, /npm has a bug/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('require() loads only the client, its config and the addon; the rest loads on first use', () => {
  const path = require('path');
  const root = path.join(__dirname, '..');
  // In a fresh process: which of the package's files (and whether node:stream) a bare require
  // loads, then what building the first request adds. Nothing is sent (no server needed).
  const code = `
    const path = require('path');
    const fs = require('fs'); // node 18's fs loads node:stream itself
    const streamLoaded = () => process.moduleLoadList.includes('NativeModule stream');
    const files = () => Object.keys(require.cache).map((f) => path.relative(${JSON.stringify(root)}, f).split(path.sep).join('/'));
    const streamBefore = streamLoaded();
    const AWS = require(${lib});
    const atRequire = { files: files(), stream: !streamBefore && streamLoaded() };
    const s3 = new AWS.S3({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', accessKeyId: 'a', secretAccessKey: 'b' });
    const methods = ['putObject', 'getObject', 'listObjectsV2', 'selectObjectContent'].every((m) => typeof s3[m] === 'function');
    const atConstruct = files();
    s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' }); // a request object: nothing is sent
    const order = Object.keys(require(${JSON.stringify(path.join(root, 'lib', 'operations.js'))}).OPERATIONS);
    const names = require(${JSON.stringify(path.join(root, 'lib', 'client.js'))}).OPERATION_NAMES;
    fs.writeSync(1, JSON.stringify({ atRequire, methods, atConstruct, afterCall: files(), sameOrder: JSON.stringify(order) === JSON.stringify(names) }));
  `;
  const r = require('child_process').spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const { atRequire, methods, atConstruct, afterCall, sameOrder } = JSON.parse(r.stdout);
  const lazy = [
    'lib/operations.js',
    'lib/request.js',
    'lib/params.js',
    'lib/body.js',
    'lib/shapes.js',
    'lib/paginate.js',
    'lib/waiter.js',
    'lib/presign.js',
    'lib/upload.js',
    'lib/download.js',
    'lib/transfer.js',
    'lib/generated/model.js',
  ];
  for (const f of lazy) assert.ok(!atRequire.files.includes(f), `require() loaded ${f}: load it on first use (${atRequire.files})`);
  assert.equal(atRequire.stream, false, 'require() loaded node:stream: load it on first use');
  // With the addon next to the package, it is loaded directly, not through the generated loader.
  if (atRequire.files.some((f) => /^s3-native\.[^/]+\.node$/.test(f))) {
    assert.ok(!atRequire.files.includes('binding.js'), `require() went through binding.js: ${atRequire.files}`);
  }
  assert.ok(methods, 'operation methods exist on S3.prototype right after require()');
  // A constructor with an endpoint checks it with the parameter rules; the operations still wait.
  for (const f of ['lib/operations.js', 'lib/request.js']) assert.ok(!atConstruct.includes(f), `new S3() loaded ${f}`);
  for (const f of ['lib/operations.js', 'lib/request.js', 'lib/params.js']) assert.ok(afterCall.includes(f), `the first call did not load ${f}`);
  assert.ok(sameOrder, "S3.prototype's operation names (lib/client.js) are in lib/operations.js's order");
});

test('the endpoint cache changes no endpoint: keys, buckets, addressing styles, AWS and custom endpoints', async () => {
  // Presigned URLs go through the same endpoint resolution as calls. One client resolves with the
  // cache (the default), the other afresh every time (S3_NATIVE_ENDPOINT_CACHE=0, read when the
  // native client is built, which the first presign does).
  const signed = (url) => {
    const u = new URL(url);
    const names = [...u.searchParams.keys()].filter((k) => !['X-Amz-Date', 'X-Amz-Signature', 'X-Amz-Credential'].includes(k)).sort();
    return `${u.origin}${u.pathname}?${names.join('&')}`;
  };
  const setups = [
    { label: 'custom endpoint, path style', options: { endpoint: h.endpoint, s3ForcePathStyle: true } },
    { label: 'custom endpoint, virtual hosts', options: { endpoint: 'http://s3.example.test:9000' } },
    { label: 'AWS eu-west-1, virtual hosts', options: { region: 'eu-west-1', endpoint: undefined } },
    { label: 'AWS us-east-1, path style', options: { region: 'us-east-1', endpoint: undefined, s3ForcePathStyle: true } },
  ];
  const calls = [];
  for (const Bucket of ['bkt-one', 'bkt.two.dotted', 'bkt-one', 'Bkt_Invalid', 'bkt-three']) {
    for (const Key of ['a', 'b/c d', 'é/ü+%', '']) {
      if (Key) calls.push(['getObject', { Bucket, Key }], ['putObject', { Bucket, Key }], ['copyObject', { Bucket, Key, CopySource: `src/${Key}` }]);
      calls.push(['listObjectsV2', { Bucket, Prefix: Key }], ['headBucket', { Bucket }]);
    }
  }
  for (const { label, options } of setups) {
    const make = () => new h.s3native.S3({ credentials: h.credentials, region: 'us-east-1', ...options });
    const cached = make();
    process.env.S3_NATIVE_ENDPOINT_CACHE = '0';
    let fresh;
    try {
      fresh = make();
      fresh.getSignedUrl('headBucket', { Bucket: 'first' }); // builds its native client now
    } finally {
      delete process.env.S3_NATIVE_ENDPOINT_CACHE;
    }
    for (const [op, params] of calls) {
      const outcome = (s3) => {
        try {
          return signed(s3.getSignedUrl(op, params));
        } catch (err) {
          return `error ${err.code}: ${err.message}`;
        }
      };
      assert.equal(outcome(cached), outcome(fresh), `${label}: ${op} ${JSON.stringify(params)}`);
    }
  }
});

test('endpoint variants: useFipsEndpoint, useDualstackEndpoint, useAccelerateEndpoint give the hosts v2 and v3 give', async () => {
  const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
  const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
  const v3face = require('../v3');
  const v3presign = require('../v3/s3-request-presigner');
  const host = (url) => new URL(url).host;
  const params = { Bucket: 'bkt-variants', Key: 'k' };
  const base = { region: 'us-west-2', credentials: h.credentials };
  for (const variant of [{ useFipsEndpoint: true }, { useDualstackEndpoint: true }, { useAccelerateEndpoint: true }, { useFipsEndpoint: true, useDualstackEndpoint: true }]) {
    const label = JSON.stringify(variant);
    const theirs = host(await getSignedUrl(new S3Client({ ...base, ...variant }), new GetObjectCommand(params)));
    const ours = host(await v3presign.getSignedUrl(new v3face.S3Client({ ...base, ...variant }), new v3face.GetObjectCommand(params)));
    assert.equal(ours, theirs, `v3 face ${label}`);
    assert.equal(host(new h.s3native.S3({ ...base, ...variant }).getSignedUrl('getObject', params)), theirs, `v2 face ${label}`);
    assert.notEqual(theirs, 'bkt-variants.s3.us-west-2.amazonaws.com', `${label} changes the host`);
  }
  // v2's own URLs agree where v2 has the variant.
  const v2host = (extra) => host(new h.AWS.S3({ ...base, signatureVersion: 'v4', ...extra }).getSignedUrl('getObject', params));
  assert.equal(host(new h.s3native.S3({ ...base, useAccelerateEndpoint: true }).getSignedUrl('getObject', params)), v2host({ useAccelerateEndpoint: true }));
  assert.equal(host(new h.s3native.S3({ ...base, useDualstack: true }).getSignedUrl('getObject', params)), v2host({ useDualstack: true }));
  assert.throws(() => new h.s3native.S3({ ...base, useFipsEndpoint: 'yes' }), (e) => e.code === 'ConfigError');
});

test('abort handles are reused only when safe: a settled call\'s abort() never reaches a later call', async () => {
  const s3 = h.client();
  await s3.putObject({ Bucket, Key: 'reuse', Body: 'x' }).promise();
  // A settled request keeps no handle: its late abort() is a no-op, even while the handle it
  // used serves the next call.
  const first = s3.headObject({ Bucket, Key: 'reuse' });
  await first.promise();
  const second = s3.headObject({ Bucket, Key: 'reuse' }).promise();
  first.abort();
  assert.equal((await second).ContentLength, 1);
  // An aborted call's handle is never reused: the calls after it complete.
  const aborted = s3.getObject({ Bucket, Key: 'reuse' });
  const gone = aborted.promise().then(() => null, (e) => e.code);
  aborted.abort();
  assert.equal(await gone, 'RequestAbortedError');
  const after = await Promise.all(Array.from({ length: 20 }, () => s3.getObject({ Bucket, Key: 'reuse' }).promise()));
  assert.deepEqual(after.map((o) => o.Body.toString()), Array(20).fill('x'));
  // v3: an AbortSignal fired after its call settled reaches no other call.
  const v3 = require('../v3');
  const client = new v3.S3Client(h.config());
  const ac = new AbortController();
  await client.send(new v3.HeadObjectCommand({ Bucket, Key: 'reuse' }), { abortSignal: ac.signal });
  const next = client.send(new v3.GetObjectCommand({ Bucket, Key: 'reuse' }));
  ac.abort();
  assert.equal(await (await next).Body.transformToString(), 'x');
});
