'use strict';
// v2's global namespace as S3 scripts use it, beside aws-sdk v2: AWS.Endpoint, AWS.Credentials,
// AWS.config.update / getCredentials, and a coded error for what s3-native is not.

const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const h = require('./helpers');

const AWSv2 = require('aws-sdk');
const AWS = require('..');

const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

test('AWS.Endpoint: the same fields as v2', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'no server involved: runs once per test run' }, () => {
  for (const e of ['localhost:9000', 'http://127.0.0.1:9000', 'https://s3.eu-west-1.amazonaws.com', 'http://example.com/base/', 'http://h:1/p?x=1']) {
    // Every field, in v2's order (what console.log shows).
    assert.deepEqual(Object.entries(new AWS.Endpoint(e)), Object.entries(new AWSv2.Endpoint(e)), e);
  }
  assert.throws(() => new AWS.Endpoint(null), { code: 'ConfigError' });
});

test('AWS.Credentials: v2 constructor forms, static, the secret kept out of inspect()', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'no server involved: runs once per test run' }, async () => {
  for (const args of [['AK', 'SK', 'TK'], [{ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'TK' }], [{ credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'TK' } }]]) {
    const ours = new AWS.Credentials(...args);
    const v2 = new AWSv2.Credentials(...args);
    assert.deepEqual(pick(ours, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expired', 'expireTime', 'expiryWindow']), pick(v2, ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expired', 'expireTime', 'expiryWindow']));
    assert.equal(ours.needsRefresh(), false);
    assert.ok(!util.inspect(ours).includes('SK'), 'secret not in inspect()');
    await ours.getPromise();
    await new Promise((resolve, reject) => ours.get((err) => (err ? reject(err) : resolve())));
  }
});

test('config.update: a non-object is ignored as in v2; flat keys are the credentials', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'no server involved: runs once per test run' }, () => {
  const cfg = new AWS.Config({ region: 'eu-west-1' });
  const v2 = new AWSv2.Config({ region: 'eu-west-1' });
  for (const junk of ['x', 5, true, ['a']]) {
    cfg.update(junk);
    v2.update(junk);
  }
  assert.equal(cfg.region, v2.region);
  cfg.update({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  v2.update({ accessKeyId: 'AK', secretAccessKey: 'SK' });
  let got = null;
  cfg.getCredentials((err, c) => {
    got = { err, c };
  });
  assert.equal(got.err, null);
  assert.equal(got.c.accessKeyId, v2.credentials.accessKeyId);
  assert.equal(got.c.secretAccessKey, v2.credentials.secretAccessKey);
  // v2's extractCredentials: the flat keys are also an AWS.Credentials on the config.
  assert.ok(cfg.credentials instanceof AWS.Credentials);
  assert.deepEqual(pick(cfg.credentials, ['accessKeyId', 'secretAccessKey', 'sessionToken']), pick(v2.credentials, ['accessKeyId', 'secretAccessKey', 'sessionToken']));
  const client = new AWS.S3({ accessKeyId: 'AK2', secretAccessKey: 'SK2' });
  const v2client = new AWSv2.S3({ accessKeyId: 'AK2', secretAccessKey: 'SK2' });
  assert.equal(client.config.credentials.accessKeyId, v2client.config.credentials.accessKeyId);
});

test('s3.endpoint: v2\'s AWS.Endpoint for the configured endpoint or the region\'s', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'no server involved: runs once per test run' }, () => {
  const saved = { r: process.env.AWS_REGION, d: process.env.AWS_DEFAULT_REGION };
  delete process.env.AWS_REGION;
  delete process.env.AWS_DEFAULT_REGION;
  try {
    for (const o of [{}, { region: 'us-east-1' }, { region: 'eu-west-1' }, { region: 'cn-north-1' }, { region: 'us-west-2', useDualstack: true }, { endpoint: 'http://localhost:9000' }, { endpoint: 'localhost:9000', sslEnabled: false }, { endpoint: new AWSv2.Endpoint('https://minio.example:9000/') }]) {
      const ours = new AWS.S3({ ...o, endpoint: o.endpoint instanceof AWSv2.Endpoint ? new AWS.Endpoint(o.endpoint.href) : o.endpoint });
      // (v2 copies an Endpoint given as the option with its prototype's enumerable `constructor`.)
      const theirs = Object.entries(new AWSv2.S3(o).endpoint).filter(([k]) => k !== 'constructor');
      assert.deepEqual(Object.entries(ours.endpoint), theirs, JSON.stringify(o));
      assert.ok(ours.endpoint instanceof AWS.Endpoint);
    }
  } finally {
    if (saved.r !== undefined) process.env.AWS_REGION = saved.r;
    if (saved.d !== undefined) process.env.AWS_DEFAULT_REGION = saved.d;
  }
});

test('s3.endpoint = new AWS.Endpoint(...) after new S3() sends the later calls there, as in v2', async () => {
  const probe = await h.tcpProbe('close');
  const s3 = new AWS.S3({ endpoint: probe.endpoint, credentials: h.credentials, region: process.env.S3_TEST_REGION, s3ForcePathStyle: true, maxRetries: 0 });
  const before = await s3.listBuckets().promise().then(() => null, (e) => e);
  assert.ok(before, 'the first endpoint fails');
  await probe.close();
  s3.endpoint = new AWS.Endpoint(process.env.S3_TEST_ENDPOINT);
  assert.equal(s3.endpoint.href, new AWS.Endpoint(process.env.S3_TEST_ENDPOINT).href);
  const out = await s3.listBuckets().promise();
  assert.ok(Array.isArray(out.Buckets));
  assert.throws(() => {
    s3.endpoint = 'not a url';
  }, { code: 'ConfigError' });
});

test('a client\'s credentials sign its requests, not flat keys left in AWS.config (as v2)', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'the signature is checked by s3s-fs only' }, async () => {
  const saved = { ...AWS.config };
  try {
    AWS.config.update({ accessKeyId: h.credentials.accessKeyId, secretAccessKey: 'not-the-secret' });
    const s3 = new AWS.S3({ endpoint: process.env.S3_TEST_ENDPOINT, region: process.env.S3_TEST_REGION, s3ForcePathStyle: true, credentials: new AWS.Credentials(h.credentials.accessKeyId, h.credentials.secretAccessKey) });
    const out = await s3.listBuckets().promise();
    assert.ok(Array.isArray(out.Buckets));
    const flat = new AWS.S3({ endpoint: process.env.S3_TEST_ENDPOINT, region: process.env.S3_TEST_REGION, s3ForcePathStyle: true, maxRetries: 0 });
    const err = await flat.listBuckets().promise().then(() => null, (e) => e);
    assert.equal(err && err.code, 'SignatureDoesNotMatch');
  } finally {
    for (const k of Object.keys(AWS.config)) if (!(k in saved)) delete AWS.config[k];
    Object.assign(AWS.config, saved);
  }
});

test('config.getCredentials and a client built from AWS.Credentials and AWS.Endpoint', async () => {
  const cfg = new AWS.Config({ credentials: new AWS.Credentials(h.credentials.accessKeyId, h.credentials.secretAccessKey) });
  const got = await new Promise((resolve) => cfg.getCredentials((err) => resolve(err)));
  assert.equal(got, null);
  const s3 = new AWS.S3({
    endpoint: new AWS.Endpoint(process.env.S3_TEST_ENDPOINT),
    credentials: new AWS.Credentials(h.credentials.accessKeyId, h.credentials.secretAccessKey),
    region: process.env.S3_TEST_REGION,
    s3ForcePathStyle: true,
  });
  const Bucket = await h.bucket('gl');
  await s3.putObject({ Bucket, Key: 'k', Body: 'v' }).promise();
  assert.equal(String((await s3.getObject({ Bucket, Key: 'k' }).promise()).Body), 'v');
  await h.removeBucket(Bucket);
  const none = new AWS.Config({});
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  try {
    const err = await new Promise((resolve) => none.getCredentials((e) => resolve(e)));
    assert.equal(err.code, 'CredentialsError');
  } finally {
    if (saved.id !== undefined) process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret !== undefined) process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  }
});

test('the rest of AWS.*: a coded error naming what to use, never "is not a constructor"', { skip: process.env.S3_TEST_SERVER !== 's3s' && 'no server involved: runs once per test run' }, () => {
  for (const name of ['DynamoDB', 'SQS', 'CognitoIdentityCredentials', 'SharedIniFileCredentials']) {
    assert.throws(() => new AWS[name]({}), (err) => err.code === 'NotSupportedError' && err.message.includes(`AWS.${name} is not part of s3-native`));
  }
  // What is not a class reads as usual (so `await import()`, bundlers and esModuleInterop work).
  assert.equal(AWS.then, undefined);
  assert.equal(AWS.__esModule, undefined);
  assert.equal(typeof AWS.S3, 'function');
});
