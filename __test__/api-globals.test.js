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
  const keys = ['href', 'protocol', 'host', 'hostname', 'port', 'path'];
  for (const e of ['localhost:9000', 'http://127.0.0.1:9000', 'https://s3.eu-west-1.amazonaws.com', 'http://example.com/base/']) {
    assert.deepEqual(pick(new AWS.Endpoint(e), keys), pick(new AWSv2.Endpoint(e), keys), e);
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
