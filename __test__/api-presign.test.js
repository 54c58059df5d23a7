'use strict';
// Presigned URLs and POST forms (issue 10): s3.getSignedUrl / getSignedUrlPromise /
// createPresignedPost and the module-level getSignedUrl / createPresignedPost.
//
//   1. Offline, against aws-sdk v2 with `signatureVersion: 'v4'` (s3-native always signs with
//      SigV4; v2 would pick SigV2 for us-east-1 and custom endpoints): the same credentials,
//      region, endpoint and addressing, the clock pinned (Date.now, which both read), and the
//      URLs compared: scheme, host and raw path, the query as a sorted list of decoded pairs, then
//      X-Amz-Signature. Nothing is sent (the endpoint is a TCP probe that counts connections).
//   2. The URLs used with fetch against the server of this run: PUT/GET/HEAD/DELETE, signed
//      headers, response-* overrides, Range, multipart, a session token; and, where the server
//      verifies presigned signatures (s3s-fs), expired and tampered URLs refused. moto does not
//      verify them: what it does instead is asserted (it is deterministic), not skipped.
//   3. Bad input in each calling style: a synchronous throw, the callback (always asynchronous)
//      and the promise; each with its coded S3Error, none hangs.
//   4. createPresignedPost against v2 (url, fields, decoded Policy, signature), then real
//      multipart/form-data POSTs to the server, refused ones included where the server checks.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const h = require('./helpers');

const { AWS, s3native } = h;

// A pinned instant with milliseconds: both clients drop them from X-Amz-Date and the policy.
const PINNED = Date.UTC(2024, 0, 2, 3, 4, 5) + 678;
const OFFLINE_CREDS = { accessKeyId: 'AKIDPRESIGNTEST', secretAccessKey: 'presign/test/secret+key' };
const TOKEN = 'FQoGZXIvYXdzE/token+with=chars';
const VHOST_ENDPOINT = 'http://s3.example.test:9000';

/** Runs fn with Date.now() pinned to `ms` (restored afterwards, also when fn throws or rejects). */
async function atTime(ms, fn) {
  const real = Date.now;
  Date.now = () => ms;
  try {
    return await fn();
  } finally {
    Date.now = real;
  }
}

function atTimeSync(ms, fn) {
  const real = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

/** Rejects after `ms` with a message naming what hung (a test must never wait forever). */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no outcome within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// 1. Offline: the same URL as aws-sdk v2.

let probe; // TCP endpoint that counts connections: no presign may connect to it

test.before(async () => {
  probe = await h.tcpProbe('close');
});

test.after(async () => {
  if (probe) await probe.close();
});

/**
 * aws-sdk v2 and s3-native clients with the same settings (offline endpoint by default).
 * `native` adds s3-native-only options.
 */
function pair({ region = 'us-east-1', endpoint, pathStyle = true, sessionToken, params, native = {} } = {}) {
  const ep = endpoint || probe.endpoint;
  const creds = { ...OFFLINE_CREDS, ...(sessionToken ? { sessionToken } : {}) };
  const v2 = new AWS.S3({
    region,
    endpoint: ep,
    ...creds,
    s3ForcePathStyle: pathStyle,
    signatureVersion: 'v4',
    ...(params ? { params } : {}),
  });
  const s3 = new s3native.S3({
    region,
    endpoint: ep,
    credentials: creds,
    forcePathStyle: pathStyle,
    ...(params ? { params } : {}),
    ...native,
  });
  return { v2, native: s3 };
}

const byPair = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/**
 * A URL in comparable parts: `base` (scheme, host, raw path as written), `query` (decoded
 * [name, value] pairs, sorted; a name without `=` has the value ''), `raw` (the raw pairs).
 */
function urlParts(url) {
  assert.equal(typeof url, 'string', `a URL string, got ${typeof url}`);
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const raw = q < 0 || q === url.length - 1
    ? []
    : url.slice(q + 1).split('&').map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
    });
  const query = raw.map(([k, v]) => [decodeURIComponent(k), decodeURIComponent(v)]).sort(byPair);
  const get = (name) => {
    const hit = query.filter(([k]) => k === name);
    return hit.length === 1 ? hit[0][1] : hit.length === 0 ? undefined : hit.map((p) => p[1]);
  };
  return { base, query, raw, get };
}

/** Asserts that s3-native's URL is v2's: base, query pairs, then the signature. */
function assertSameUrl(nativeUrl, v2Url, label) {
  const a = urlParts(v2Url);
  const b = urlParts(nativeUrl);
  assert.equal(b.base, a.base, `${label}: scheme, host and path (s3-native vs aws-sdk v2)`);
  const unsigned = (q) => q.filter(([k]) => k !== 'X-Amz-Signature');
  assert.deepEqual(unsigned(b.query), unsigned(a.query), `${label}: query parameters (s3-native vs aws-sdk v2)`);
  assert.match(String(b.get('X-Amz-Signature')), /^[0-9a-f]{64}$/, `${label}: X-Amz-Signature is 64 hex digits`);
  assert.equal(b.get('X-Amz-Signature'), a.get('X-Amz-Signature'), `${label}: X-Amz-Signature (s3-native vs aws-sdk v2)`);
  // Every raw name and value is percent-encoded the SigV4 way (unreserved characters as they are).
  for (const [k, v] of b.raw) {
    assert.match(k, /^([A-Za-z0-9\-_.~]|%[0-9A-F]{2})+$/, `${label}: query name ${k} encoded`);
    assert.match(v, /^([A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/, `${label}: query value of ${k} encoded (${v})`);
  }
}

/** Both URLs at the pinned clock (synchronous calls), compared. Returns s3-native's URL parts. */
function compare(clients, op, params, label, nativeParams = params) {
  const v2Url = atTimeSync(PINNED, () => clients.v2.getSignedUrl(op, { ...params }));
  const nativeUrl = atTimeSync(PINNED, () => clients.native.getSignedUrl(op, { ...nativeParams }));
  assertSameUrl(nativeUrl, v2Url, label);
  return urlParts(nativeUrl);
}

const B = 'presign-bucket';
const MD5_EMPTY = '1B2M2Y8AsgTpgAmY7PhCfg==';

/** [label, op, params, options for pair()] */
const URL_CASES = [
  ['getObject', 'getObject', { Bucket: B, Key: 'k.txt' }],
  ['headObject', 'headObject', { Bucket: B, Key: 'k.txt' }],
  ['deleteObject with VersionId', 'deleteObject', { Bucket: B, Key: 'k.txt', VersionId: 'v/1+2=' }],
  [
    'putObject with ContentType, ContentMD5, ACL, Metadata, CacheControl, ContentDisposition, SSE',
    'putObject',
    {
      Bucket: B,
      Key: 'k.txt',
      ContentType: 'text/plain; charset=utf-8',
      ContentMD5: MD5_EMPTY,
      ACL: 'public-read',
      Metadata: { Foo: 'Bar' },
      CacheControl: 'max-age=60, public',
      ContentDisposition: 'attachment; filename="a b.txt"',
      ServerSideEncryption: 'AES256',
    },
  ],
  [
    'putObject with mixed-case Metadata, Tagging, StorageClass',
    'putObject',
    { Bucket: B, Key: 'k', Metadata: { Foo: 'Bar', 'X-Y': 'z w' }, Tagging: 'a=b&c=d e', StorageClass: 'STANDARD_IA' },
  ],
  ['putObject with a string Body (payload hash signed)', 'putObject', { Bucket: B, Key: 'k', Body: 'hello' }],
  ['putObject with a Buffer Body (payload hash signed)', 'putObject', { Bucket: B, Key: 'k', Body: Buffer.from([0, 1, 2, 255]) }],
  ['putObject with an empty string Body (v2: unsigned payload)', 'putObject', { Bucket: B, Key: 'k', Body: '', ContentType: 'a/b' }],
  ['uploadPart', 'uploadPart', { Bucket: B, Key: 'big.bin', PartNumber: 3, UploadId: 'up/id+==' }],
  ['createMultipartUpload', 'createMultipartUpload', { Bucket: B, Key: 'big.bin', ContentType: 'application/x-big' }],
  [
    'listObjectsV2 with Prefix, Delimiter, MaxKeys, ContinuationToken',
    'listObjectsV2',
    { Bucket: B, Prefix: 'a b+c/ü&=?#', Delimiter: '/', MaxKeys: 5, ContinuationToken: 'tok/+=' },
  ],
  ['listObjectsV2 (bucket only)', 'listObjectsV2', { Bucket: B }],
  ['listBuckets (no bucket)', 'listBuckets', {}],
  [
    'getObject with response-* overrides, VersionId, Range, IfNoneMatch',
    'getObject',
    {
      Bucket: B,
      Key: 'k.txt',
      ResponseContentType: 'text/x-custom; a=b',
      ResponseContentDisposition: 'attachment; filename="x y.txt"',
      ResponseCacheControl: 'no-cache',
      ResponseExpires: new Date(Date.UTC(2030, 5, 6, 7, 8, 9)),
      VersionId: 'ver+1',
      Range: 'bytes=0-9',
      IfNoneMatch: '"etag"',
    },
  ],
  ['copyObject (x-amz-copy-source into the query)', 'copyObject', { Bucket: B, Key: 'dst', CopySource: `${B}/src%20key`, MetadataDirective: 'REPLACE' }],
  ['getObjectTagging (a sub-resource)', 'getObjectTagging', { Bucket: B, Key: 'k' }],
  ['getObject, session token', 'getObject', { Bucket: B, Key: 'k' }, { sessionToken: TOKEN }],
  ['putObject with Metadata, session token', 'putObject', { Bucket: B, Key: 'k', Metadata: { a: '1' } }, { sessionToken: TOKEN }],
  ['getObject, region eu-west-1', 'getObject', { Bucket: B, Key: 'k' }, { region: 'eu-west-1' }],
  ['getObject, Bucket from bound params', 'getObject', { Key: 'k' }, { params: { Bucket: 'bound-bucket' } }],
  ['getObject, Expires 60', 'getObject', { Bucket: B, Key: 'k', Expires: 60 }],
  ['getObject, Expires 604800 (the SigV4 maximum)', 'getObject', { Bucket: B, Key: 'k', Expires: 604800 }],
  ['getObject, Expires 0 (v2: the default 900)', 'getObject', { Bucket: B, Key: 'k', Expires: 0 }],
  ['getObject, Expires NaN (v2: the default 900)', 'getObject', { Bucket: B, Key: 'k', Expires: NaN }],
  // Virtual-hosted addressing on a custom endpoint (offline: the host never resolves).
  ['virtual-hosted getObject', 'getObject', { Bucket: 'my-bucket', Key: 'k/a b' }, { endpoint: VHOST_ENDPOINT, pathStyle: false, region: 'eu-west-1' }],
  ['virtual-hosted listObjectsV2', 'listObjectsV2', { Bucket: 'my-bucket', Prefix: 'p/' }, { endpoint: VHOST_ENDPOINT, pathStyle: false, region: 'eu-west-1' }],
  ['virtual-hosted putObject with Metadata', 'putObject', { Bucket: 'my-bucket', Key: 'k', Metadata: { Foo: 'Bar' }, ACL: 'private' }, { endpoint: VHOST_ENDPOINT, pathStyle: false }],
  ['virtual-hosted client, a bucket that is no DNS label (path style)', 'getObject', { Bucket: 'My_Bucket', Key: 'k' }, { endpoint: VHOST_ENDPOINT, pathStyle: false }],
];

// Keys that need encoding in the path, each presigned for GET and PUT.
const KEYS = [
  'a b',
  'a+b',
  '100%',
  '%2F',
  'ü/日本/😀.txt',
  'dir/sub/file.txt',
  'x//y',
  '/leading',
  "~!*'()$&,;=:@[]",
  'a?b#c',
  ' a',
  'a ',
];

for (const [label, op, params, opts] of URL_CASES) {
  test(`URL as aws-sdk v2's: ${label}`, () => {
    compare(pair(opts), op, params, label);
  });
}

test('URL as aws-sdk v2\'s: keys that need encoding (GET and PUT)', () => {
  const clients = pair();
  for (const Key of KEYS) {
    for (const op of ['getObject', 'putObject']) {
      const parts = compare(clients, op, { Bucket: B, Key }, `${op} ${JSON.stringify(Key)}`);
      // The path decodes back to /bucket/key.
      assert.equal(decodeURIComponent(parts.base.slice(probe.endpoint.length)), `/${B}/${Key}`, JSON.stringify(Key));
    }
  }
});

// A key of whitespace only is a valid S3 key (v2 presigns and sends it as %20...), but the AWS SDK
// for Rust refuses it before building the request (awslabs/aws-sdk-rust#1216: its endpoint
// parameters treat a blank key as missing), for presigning as for every call. Known limitation
// (README): a coded error before anything is signed or sent, never a wrong URL.
test('keys of whitespace only: a coded error, as for the calls themselves (SDK limitation)', () => {
  const clients = pair();
  for (const Key of [' ', '  ', '\t']) {
    assert.throws(
      () => clients.native.getSignedUrl('getObject', { Bucket: B, Key }),
      (err) => err.code === 'InvalidParameter' && /key was missing/.test(err.message),
      JSON.stringify(Key),
    );
  }
});

test('the URL names SigV4, the expiry, the signed headers and no x-id', () => {
  const { native } = pair({ sessionToken: TOKEN });
  const p = atTimeSync(PINNED, () => urlParts(native.getSignedUrl('putObject', {
    Bucket: B, Key: 'k', ContentType: 'text/plain', ACL: 'private', Metadata: { Foo: 'Bar' }, Expires: 120,
  })));
  assert.equal(p.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  assert.equal(p.get('X-Amz-Date'), '20240102T030405Z');
  assert.equal(p.get('X-Amz-Credential'), `${OFFLINE_CREDS.accessKeyId}/20240102/us-east-1/s3/aws4_request`);
  assert.equal(p.get('X-Amz-Expires'), '120');
  assert.equal(p.get('X-Amz-Security-Token'), TOKEN);
  assert.equal(p.get('X-Amz-SignedHeaders'), 'host;x-amz-acl;x-amz-meta-foo', 'Content-Type is not signed (v2)');
  assert.equal(p.get('Content-Type'), 'text/plain');
  assert.equal(p.get('x-amz-meta-foo'), 'Bar');
  assert.equal(p.get('x-amz-acl'), 'private');
  assert.equal(p.get('x-id'), undefined, 'no x-id (the Rust SDK adds one; v2 does not)');
  assert.equal(p.get('X-Amz-Content-Sha256'), undefined, 'no Body: UNSIGNED-PAYLOAD, not in the query');
  assert.equal(p.get('Expires'), undefined, 'Expires is the expiry, never the object\'s Expires header');
  assert.ok(!p.base.includes('Expires'));
  assert.ok(!p.raw.some(([k]) => /^(Signature|AWSAccessKeyId)$/.test(k)), 'no SigV2 parameters');
});

test('always SigV4: a client configured with signatureVersion v2/s3 signs as v2 does with v4', () => {
  for (const signatureVersion of ['v2', 's3']) {
    const clients = pair({ native: { signatureVersion } });
    const p = compare(clients, 'getObject', { Bucket: B, Key: 'k' }, `signatureVersion ${signatureVersion}`);
    assert.equal(p.get('X-Amz-Algorithm'), 'AWS4-HMAC-SHA256');
  }
});

test('Expires: a fraction of a second is floored (v2 would write X-Amz-Expires=10.7)', () => {
  const clients = pair();
  const v2Url = atTimeSync(PINNED, () => clients.v2.getSignedUrl('getObject', { Bucket: B, Key: 'k', Expires: 10 }));
  const nativeUrl = atTimeSync(PINNED, () => clients.native.getSignedUrl('getObject', { Bucket: B, Key: 'k', Expires: 10.7 }));
  assertSameUrl(nativeUrl, v2Url, 'Expires 10.7 vs v2 with 10');
  assert.equal(urlParts(nativeUrl).get('X-Amz-Expires'), '10');
});

test('default expiry 900 s; the clock is read at the call', () => {
  const { native } = pair();
  const at = (ms) => atTimeSync(ms, () => urlParts(native.getSignedUrl('getObject', { Bucket: B, Key: 'k' })));
  const a = at(PINNED);
  const b = at(PINNED + 86400 * 1000);
  assert.equal(a.get('X-Amz-Expires'), '900');
  assert.equal(a.get('X-Amz-Date'), '20240102T030405Z');
  assert.equal(b.get('X-Amz-Date'), '20240103T030405Z');
  assert.notEqual(a.get('X-Amz-Signature'), b.get('X-Amz-Signature'));
});

test('callback and promise styles give the synchronous URL (pinned clock)', async () => {
  const clients = pair({ sessionToken: TOKEN });
  const params = { Bucket: B, Key: 'dir/a b', Expires: 300 };
  await atTime(PINNED, async () => {
    const sync = clients.native.getSignedUrl('getObject', { ...params });
    const v2Url = clients.v2.getSignedUrl('getObject', { ...params });
    assertSameUrl(sync, v2Url, 'sync');
    let returned;
    let sameTick = true;
    const pending = within(new Promise((resolve, reject) => {
      returned = clients.native.getSignedUrl('getObject', { ...params }, (err, url) => {
        if (sameTick) reject(new Error('the callback ran synchronously'));
        else if (err) reject(err);
        else resolve(url);
      });
    }), 5000, 'getSignedUrl callback');
    sameTick = false;
    assert.equal(returned, undefined, 'with a callback, getSignedUrl returns undefined (v2)');
    assert.equal(await pending, sync);
    const promise = clients.native.getSignedUrlPromise('getObject', { ...params });
    assert.ok(promise instanceof Promise, 'getSignedUrlPromise returns a Promise');
    assert.equal(await within(promise, 5000, 'getSignedUrlPromise'), sync);
  });
});

test('the params object is not modified (Expires stays, as in v2, which copies it)', () => {
  const { native } = pair();
  const params = { Bucket: B, Key: 'k', Expires: 60, Metadata: { Foo: 'Bar' } };
  const before = JSON.stringify(params);
  native.getSignedUrl('putObject', params);
  assert.equal(JSON.stringify(params), before);
});

test('offline: presigning sent nothing (the endpoint saw no connection)', () => {
  assert.equal(probe.connections(), 0);
});

// ---------------------------------------------------------------------------------------------
// 2. The URLs against the server of this run.

let Bucket;
const verifies = h.server === 's3s'; // s3s-fs checks presigned signatures and expiry; moto does not

test.before(async () => {
  Bucket = await h.bucket('ps');
});

test.after(async () => {
  if (Bucket) await h.removeBucket(Bucket);
});

const SERVER_KEY = "dir/a b+c%ü~!*'()&=;,$@:[]/x.bin";

async function fetchText(url, init) {
  const res = await fetch(url, init);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
}

const errorCode = (text) => (/<Code>([^<]+)<\/Code>/.exec(text) || [])[1];

test('server: a PUT URL stores the bytes; GET, HEAD and DELETE URLs work', async () => {
  const s3 = h.client();
  const body = crypto.randomBytes(1500);
  const put = await fetchText(s3.getSignedUrl('putObject', { Bucket, Key: SERVER_KEY }), { method: 'PUT', body });
  assert.equal(put.status, 200, put.text);
  assert.ok(put.headers.get('etag'), 'an ETag');
  const back = await h.readBack(Bucket, SERVER_KEY);
  assert.ok(back.body.equals(body), 'stored bytes');

  const get = await fetchText(s3.getSignedUrl('getObject', { Bucket, Key: SERVER_KEY }));
  assert.equal(get.status, 200, get.text);
  assert.ok(get.body.equals(body), 'GET returns the bytes');

  const head = await fetch(s3.getSignedUrl('headObject', { Bucket, Key: SERVER_KEY }), { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(body.length));

  const del = await fetchText(s3.getSignedUrl('deleteObject', { Bucket, Key: SERVER_KEY }), { method: 'DELETE' });
  assert.equal(del.status, 204, del.text);
  await assert.rejects(h.client().headObject({ Bucket, Key: SERVER_KEY }).promise(), { code: 'NotFound' });
});

test('server: keys that need encoding round-trip through PUT and GET URLs', async () => {
  const s3 = h.client();
  for (const raw of ['a b', 'a+b', '100%', 'ü/日本/😀.txt', "~!*'()$&,;=:@[]", 'a?b#c']) {
    const Key = `enc/${raw}`;
    const body = Buffer.from(`body of ${raw}`);
    const put = await fetchText(s3.getSignedUrl('putObject', { Bucket, Key }), { method: 'PUT', body });
    assert.equal(put.status, 200, `${Key}: ${put.text}`);
    const back = await h.readBack(Bucket, Key);
    assert.ok(back.body.equals(body), `${Key}: stored under that exact key`);
    const get = await fetchText(s3.getSignedUrl('getObject', { Bucket, Key }));
    assert.equal(get.status, 200, `${Key}: ${get.text}`);
    assert.ok(get.body.equals(body), Key);
  }
});

test('server: a PUT URL signed with ACL, Metadata and ContentType, used with the signed headers', async () => {
  const s3 = h.client();
  const Key = h.key('meta');
  const url = s3.getSignedUrl('putObject', { Bucket, Key, ACL: 'public-read', Metadata: { Foo: 'Bar' }, ContentType: 'text/x-signed' });
  const p = urlParts(url);
  assert.equal(p.get('X-Amz-SignedHeaders'), 'host;x-amz-acl;x-amz-meta-foo');
  const headers = { 'x-amz-acl': 'public-read', 'x-amz-meta-foo': 'Bar', 'content-type': 'text/x-signed' };
  const put = await fetchText(url, { method: 'PUT', body: 'meta body', headers });
  assert.equal(put.status, 200, put.text);
  const back = await h.readBack(Bucket, Key);
  assert.equal(back.body.toString(), 'meta body');
  assert.deepEqual(back.head.Metadata, { foo: 'Bar' });
  assert.equal(back.head.ContentType, 'text/x-signed');

  // Without the signed headers (or with other values).
  const bare = await fetchText(url, { method: 'PUT', body: 'other' });
  const wrong = await fetchText(url, { method: 'PUT', body: 'other', headers: { ...headers, 'x-amz-acl': 'private' } });
  if (verifies) {
    assert.equal(bare.status, 403, bare.text);
    assert.equal(errorCode(bare.text), 'SignatureDoesNotMatch');
    assert.equal(wrong.status, 403, wrong.text);
    assert.equal(errorCode(wrong.text), 'SignatureDoesNotMatch');
    assert.equal((await h.readBack(Bucket, Key)).body.toString(), 'meta body', 'nothing overwritten');
  } else {
    // moto does not check presigned signatures: both PUTs are stored.
    assert.equal(bare.status, 200, bare.text);
    assert.equal(wrong.status, 200, wrong.text);
  }
});

test('server: a GET URL with ResponseContentType / ResponseContentDisposition', async () => {
  const s3 = h.client();
  const Key = h.key('resp');
  await s3.putObject({ Bucket, Key, Body: 'hello', ContentType: 'text/plain' }).promise();
  const url = s3.getSignedUrl('getObject', {
    Bucket, Key, ResponseContentType: 'text/x-custom', ResponseContentDisposition: 'attachment; filename="x.txt"',
  });
  const p = urlParts(url);
  assert.equal(p.get('response-content-type'), 'text/x-custom');
  const got = await fetchText(url);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.text, 'hello');
  if (h.server === 's3s') {
    assert.equal(got.headers.get('content-type'), 'text/x-custom', 's3s-fs honours response-content-type');
    assert.equal(got.headers.get('content-disposition'), 'attachment; filename="x.txt"');
  } else {
    // moto ignores the response-* overrides: the stored type comes back.
    assert.equal(got.headers.get('content-type'), 'text/plain', 'moto ignores response-content-type');
    assert.equal(got.headers.get('content-disposition'), null);
  }
});

test('server: a GET URL signed with Range, sent with that Range header', async () => {
  const s3 = h.client();
  const Key = h.key('range');
  await s3.putObject({ Bucket, Key, Body: '0123456789' }).promise();
  const url = s3.getSignedUrl('getObject', { Bucket, Key, Range: 'bytes=2-5' });
  assert.equal(urlParts(url).get('X-Amz-SignedHeaders'), 'host;range');
  const ranged = await fetchText(url, { headers: { range: 'bytes=2-5' } });
  assert.equal(ranged.status, 206, ranged.text);
  assert.equal(ranged.text, '2345');
  const bare = await fetchText(url);
  if (verifies) {
    assert.equal(bare.status, 403, 'the signed Range header is required');
    assert.equal(errorCode(bare.text), 'SignatureDoesNotMatch');
  } else {
    assert.equal(bare.status, 200, 'moto does not check the signature');
    assert.equal(bare.text, '0123456789');
  }
});

test('server: listObjectsV2 URL, and createMultipartUpload + uploadPart URLs', async () => {
  const s3 = h.client();
  const Key = h.key('mpu');
  const created = await fetchText(s3.getSignedUrl('createMultipartUpload', { Bucket, Key }), { method: 'POST' });
  assert.equal(created.status, 200, created.text);
  const UploadId = (/<UploadId>([^<]+)<\/UploadId>/.exec(created.text) || [])[1];
  assert.ok(UploadId, created.text);
  const part = crypto.randomBytes(2048);
  const up = await fetchText(s3.getSignedUrl('uploadPart', { Bucket, Key, UploadId, PartNumber: 1 }), { method: 'PUT', body: part });
  assert.equal(up.status, 200, up.text);
  const ETag = up.headers.get('etag');
  assert.equal(ETag, `"${h.md5(part)}"`);
  await s3.completeMultipartUpload({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }).promise();
  assert.ok((await h.readBack(Bucket, Key)).body.equals(part));

  const list = await fetchText(s3.getSignedUrl('listObjectsV2', { Bucket, Prefix: Key }));
  assert.equal(list.status, 200, list.text);
  assert.match(list.text, /<ListBucketResult/);
  assert.ok(list.text.includes(`<Key>${Key}</Key>`), list.text);
});

test('server: a URL from a session-token client carries the token inside the signature', async () => {
  const s3 = h.client({ credentials: { ...h.credentials, sessionToken: 'session/token+1=' } });
  const Key = h.key('tok');
  await h.client().putObject({ Bucket, Key, Body: 'tok' }).promise();
  const url = s3.getSignedUrl('getObject', { Bucket, Key });
  assert.equal(urlParts(url).get('X-Amz-Security-Token'), 'session/token+1=');
  // Neither server checks the token itself; s3s-fs checks the signature, which covers it.
  const got = await fetchText(url);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.text, 'tok');
  if (verifies) {
    const stripped = url.replace(/&?X-Amz-Security-Token=[^&]*/, '');
    const refused = await fetchText(stripped);
    assert.equal(refused.status, 403, 'the token is signed: removing it breaks the signature');
  }
});

test('server: an expired URL (signed 2 h ago, Expires 60) and a tampered URL', async () => {
  const s3 = h.client();
  const Key = h.key('exp');
  const Other = h.key('other');
  await s3.putObject({ Bucket, Key, Body: 'secret' }).promise();
  await s3.putObject({ Bucket, Key: Other, Body: 'other' }).promise();
  const expired = atTimeSync(Date.now() - 2 * 3600 * 1000, () => s3.getSignedUrl('getObject', { Bucket, Key, Expires: 60 }));
  const good = s3.getSignedUrl('getObject', { Bucket, Key });
  assert.ok(good.includes(`/${Key}?`));
  const otherKey = good.replace(`/${Key}?`, `/${Other}?`);
  const oneDigit = good.replace(/X-Amz-Signature=([0-9a-f])/, (m, c) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
  assert.notEqual(oneDigit, good);
  const r = {
    good: await fetchText(good),
    expired: await fetchText(expired),
    otherKey: await fetchText(otherKey),
    oneDigit: await fetchText(oneDigit),
  };
  assert.equal(r.good.status, 200);
  assert.equal(r.good.text, 'secret');
  if (verifies) {
    assert.deepEqual(
      { status: r.expired.status, code: errorCode(r.expired.text) },
      { status: 403, code: 'AccessDenied' },
      `expired: ${r.expired.text}`,
    );
    assert.match(r.expired.text, /expired/i);
    for (const k of ['otherKey', 'oneDigit']) {
      assert.deepEqual({ status: r[k].status, code: errorCode(r[k].text) }, { status: 403, code: 'SignatureDoesNotMatch' }, k);
    }
  } else {
    // moto (5.x, server mode) does not verify presigned URLs: it serves them all.
    assert.deepEqual(
      [r.expired.status, r.expired.text, r.otherKey.status, r.otherKey.text, r.oneDigit.status],
      [200, 'secret', 200, 'other', 200],
      'moto serves expired and tampered URLs (no presign verification)',
    );
  }
});

test('server: getSignedUrlPromise and callback URLs work as the synchronous one', async () => {
  const s3 = h.client();
  const Key = h.key('styles');
  const viaPromise = await within(s3.getSignedUrlPromise('putObject', { Bucket, Key, Expires: 120 }), 5000, 'promise');
  assert.equal((await fetchText(viaPromise, { method: 'PUT', body: 'styles' })).status, 200);
  const viaCallback = await within(new Promise((resolve, reject) => {
    s3.getSignedUrl('getObject', { Bucket, Key }, (err, url) => (err ? reject(err) : resolve(url)));
  }), 5000, 'callback');
  const got = await fetchText(viaCallback);
  assert.equal(got.status, 200);
  assert.equal(got.text, 'styles');
});

// ---------------------------------------------------------------------------------------------
// 3. Bad input, in every calling style.

const EXPIRY_MESSAGE = 'Presigning does not support expiry time greater than a week with SigV4 signing.';

/**
 * [label, op, params, expected { code, message? }, v2: compare code and message with v2's
 * synchronous throw].
 */
const BAD = [
  ['unknown operation', 'fooBar', { Bucket: B, Key: 'k' }, { code: 'UnknownOperation' }, false],
  ['an Object.prototype name as operation', 'toString', { Bucket: B, Key: 'k' }, { code: 'UnknownOperation' }, false],
  ['"constructor" as operation', 'constructor', { Bucket: B, Key: 'k' }, { code: 'UnknownOperation' }, false],
  ['a client method that is no operation', 'waitFor', { Bucket: B, Key: 'k' }, { code: 'UnknownOperation' }, false],
  ['Expires -1', 'getObject', { Bucket: B, Key: 'k', Expires: -1 }, { code: 'InvalidExpiryTime' }, false],
  ['Expires 604801', 'getObject', { Bucket: B, Key: 'k', Expires: 604801 }, { code: 'InvalidExpiryTime', message: EXPIRY_MESSAGE }, true],
  ['Expires Infinity', 'getObject', { Bucket: B, Key: 'k', Expires: Infinity }, { code: 'InvalidExpiryTime', message: EXPIRY_MESSAGE }, true],
  [
    "Expires '60' (a string)",
    'getObject',
    { Bucket: B, Key: 'k', Expires: '60' },
    { code: 'InvalidParameterException', message: 'The expiration must be a number, received string' },
    true,
  ],
  [
    'ContentLength',
    'putObject',
    { Bucket: B, Key: 'k', ContentLength: 5 },
    { code: 'UnexpectedParameter', message: 'ContentLength is not supported in pre-signed URLs.' },
    true,
  ],
  ['missing Key', 'getObject', { Bucket: B }, { code: 'MissingRequiredParameter', message: "Missing required key 'Key' in params" }, true],
  ['Key not a string', 'getObject', { Bucket: B, Key: 5 }, { code: 'InvalidParameterType', message: 'Expected params.Key to be a string' }, true],
  [
    'two validation errors',
    'uploadPart',
    { Bucket: B, Key: 5, PartNumber: 'x', UploadId: 'u' },
    { code: 'MultipleValidationErrors' },
    true,
  ],
];

const isS3Error = (err) => err instanceof s3native.S3Error && err instanceof Error;

function checkError(err, expected, where) {
  assert.ok(err, `${where}: an error`);
  assert.ok(isS3Error(err), `${where}: an S3Error (got ${err && err.constructor && err.constructor.name}: ${err && err.message})`);
  assert.equal(err.code, expected.code, `${where}: code (${err.message})`);
  if (expected.message) assert.equal(err.message, expected.message, `${where}: message`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0, `${where}: a message`);
}

for (const [label, op, params, expected, compareV2] of BAD) {
  test(`bad input (${label}): ${expected.code} thrown, to the callback and as a rejection`, { timeout: 15000 }, async () => {
    const { native, v2 } = pair();
    let thrown = null;
    try {
      const url = native.getSignedUrl(op, { ...params });
      assert.fail(`sync: expected ${expected.code}, got a URL ${url}`);
    } catch (err) {
      if (err instanceof assert.AssertionError) throw err;
      thrown = err;
    }
    checkError(thrown, expected, 'sync');
    if (compareV2) {
      let v2err = null;
      try {
        v2.getSignedUrl(op, { ...params });
      } catch (err) {
        v2err = err;
      }
      assert.ok(v2err, 'v2 throws too');
      assert.deepEqual({ code: thrown.code, message: thrown.message }, { code: v2err.code, message: v2err.message }, 'error as v2\'s');
      if (v2err.errors) assert.equal((thrown.errors || []).length, v2err.errors.length, 'errors[] as v2\'s');
    }

    // Callback: the error goes to the callback, asynchronously; nothing is thrown.
    let sameTick = true;
    const viaCallback = within(new Promise((resolve) => {
      native.getSignedUrl(op, { ...params }, (err, url) => resolve({ err, url, sync: sameTick }));
    }), 5000, 'callback');
    sameTick = false;
    const cb = await viaCallback;
    assert.equal(cb.sync, false, 'the callback runs asynchronously');
    checkError(cb.err, expected, 'callback');
    assert.ok(cb.url === undefined || cb.url === null, `no URL with an error (got ${cb.url})`);

    // Promise: rejects (never throws synchronously).
    let promise;
    assert.doesNotThrow(() => {
      promise = native.getSignedUrlPromise(op, { ...params });
    });
    await assert.rejects(within(promise, 5000, 'promise'), (err) => {
      checkError(err, expected, 'promise');
      return true;
    });
  });
}

test('a callback that is not a function: InvalidParameterType thrown, nothing else called', () => {
  const { native } = pair();
  for (const cb of ['nope', 42, {}]) {
    assert.throws(
      () => native.getSignedUrl('getObject', { Bucket: B, Key: 'k' }, cb),
      (err) => isS3Error(err) && err.code === 'InvalidParameterType',
      `callback ${JSON.stringify(cb)}`,
    );
  }
});

test('module-level getSignedUrl / createPresignedPost are promise functions (bad input rejects)', { timeout: 15000 }, async () => {
  assert.equal(typeof s3native.getSignedUrl, 'function');
  assert.equal(typeof s3native.createPresignedPost, 'function');
  let p;
  assert.doesNotThrow(() => {
    p = s3native.getSignedUrl('fooBar', { Bucket: B, Key: 'k' });
  });
  await assert.rejects(within(p, 5000, 'module getSignedUrl'), (err) => isS3Error(err) && err.code === 'UnknownOperation');
  assert.doesNotThrow(() => {
    p = s3native.getSignedUrl('getObject', { Bucket: B, Key: 'k', Expires: 604801 });
  });
  await assert.rejects(within(p, 5000, 'module getSignedUrl'), (err) => isS3Error(err) && err.code === 'InvalidExpiryTime');
});

// ---------------------------------------------------------------------------------------------
// 4. createPresignedPost.

const decodePolicy = (b64) => JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));

/** [label, params, options for pair()] */
const POST_CASES = [
  ['bucket only (default Expires 3600)', { Bucket: B }],
  [
    'Fields and Conditions',
    {
      Bucket: B,
      Fields: { key: 'up/a b.txt', 'Content-Type': 'text/plain', 'x-amz-meta-foo': 'Bar', acl: 'private', success_action_status: '201' },
      Conditions: [['content-length-range', 1, 5], ['starts-with', '$key', 'up/'], { acl: 'private' }],
    },
  ],
  ['Expires 60', { Bucket: B, Fields: { key: 'k' }, Expires: 60 }],
  ['Expires 0 (v2: 3600)', { Bucket: B, Expires: 0 }],
  ['session token', { Bucket: B, Fields: { key: 'k' } }, { sessionToken: TOKEN }],
  ['region eu-west-1', { Bucket: B, Fields: { key: 'k' } }, { region: 'eu-west-1' }],
  ['Bucket from bound params', { Fields: { key: 'k' } }, { params: { Bucket: 'bound-bucket' } }],
  ['virtual-hosted client (the POST URL is path style, as v2)', { Bucket: 'my-bucket', Fields: { key: 'k' } }, { endpoint: VHOST_ENDPOINT, pathStyle: false }],
];

function assertSamePost(nativePost, v2Post, label) {
  assert.ok(nativePost && typeof nativePost === 'object', `${label}: an object`);
  assert.deepEqual(Object.keys(nativePost).sort(), ['fields', 'url'], `${label}: { url, fields }`);
  assert.equal(nativePost.url, v2Post.url, `${label}: url`);
  const a = v2Post.fields;
  const b = nativePost.fields;
  assert.deepEqual(Object.keys(b), Object.keys(a), `${label}: field names, in v2's order`);
  const rest = (f) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'Policy' && k !== 'X-Amz-Signature'));
  assert.deepEqual(rest(b), rest(a), `${label}: field values`);
  assert.deepEqual(decodePolicy(b.Policy), decodePolicy(a.Policy), `${label}: decoded Policy`);
  assert.equal(b.Policy, a.Policy, `${label}: Policy, byte for byte`);
  assert.match(b['X-Amz-Signature'], /^[0-9a-f]{64}$/);
  assert.equal(b['X-Amz-Signature'], a['X-Amz-Signature'], `${label}: X-Amz-Signature`);
}

for (const [label, params, opts] of POST_CASES) {
  test(`createPresignedPost as aws-sdk v2's: ${label}`, () => {
    const clients = pair(opts);
    const v2Post = atTimeSync(PINNED, () => clients.v2.createPresignedPost(JSON.parse(JSON.stringify(params))));
    const nativePost = atTimeSync(PINNED, () => clients.native.createPresignedPost(JSON.parse(JSON.stringify(params))));
    assertSamePost(nativePost, v2Post, label);
  });
}

test('createPresignedPost: the policy and fields in detail', () => {
  const { native } = pair({ sessionToken: TOKEN });
  const post = atTimeSync(PINNED, () => native.createPresignedPost({ Bucket: B, Fields: { key: 'k' }, Conditions: [['content-length-range', 1, 5]], Expires: 60 }));
  assert.equal(post.url, `${probe.endpoint}/${B}`);
  assert.equal(post.fields.key, 'k');
  assert.equal(post.fields.bucket, B);
  assert.equal(post.fields['X-Amz-Algorithm'], 'AWS4-HMAC-SHA256');
  assert.equal(post.fields['X-Amz-Credential'], `${OFFLINE_CREDS.accessKeyId}/20240102/us-east-1/s3/aws4_request`);
  assert.equal(post.fields['X-Amz-Date'], '20240102T030405Z');
  assert.equal(post.fields['X-Amz-Security-Token'], TOKEN);
  const policy = decodePolicy(post.fields.Policy);
  assert.equal(policy.expiration, '2024-01-02T03:05:05Z', 'now + 60 s, without milliseconds');
  assert.deepEqual(policy.conditions, [
    ['content-length-range', 1, 5],
    { key: 'k' },
    { bucket: B },
    { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' },
    { 'X-Amz-Credential': `${OFFLINE_CREDS.accessKeyId}/20240102/us-east-1/s3/aws4_request` },
    { 'X-Amz-Date': '20240102T030405Z' },
    { 'X-Amz-Security-Token': TOKEN },
  ]);
  // The signature is SigV4's HMAC of the base64 policy under the day's signing key.
  const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
  let key = hmac(`AWS4${OFFLINE_CREDS.secretAccessKey}`, '20240102');
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
  assert.equal(post.fields['X-Amz-Signature'], crypto.createHmac('sha256', key).update(post.fields.Policy).digest('hex'));
});

// (v2 calls this callback synchronously when the credentials are static; either way is accepted.)
test('createPresignedPost: callback style gives the synchronous result, once', { timeout: 15000 }, async () => {
  const { native, v2 } = pair();
  const params = { Bucket: B, Fields: { key: 'k' } };
  await atTime(PINNED, async () => {
    const sync = native.createPresignedPost({ ...params });
    let returned;
    let calls = 0;
    const cb = await within(new Promise((resolve) => {
      returned = native.createPresignedPost({ ...params }, (err, data) => {
        calls++;
        resolve({ err, data });
      });
    }), 5000, 'createPresignedPost callback');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 1, 'the callback is called once');
    assert.equal(cb.err, null);
    assert.equal(returned, undefined, 'with a callback, nothing is returned (v2)');
    assert.deepEqual(cb.data, sync);
    const v2cb = await new Promise((resolve) => v2.createPresignedPost({ ...params }, (err, data) => resolve({ err, data })));
    assertSamePost(cb.data, v2cb.data, 'callback');
  });
});

test('createPresignedPost without a bucket: v2\'s message, thrown or to the callback', { timeout: 15000 }, async () => {
  const { native, v2 } = pair();
  const message = 'Unable to create a POST object policy without a bucket, region, and credentials';
  assert.throws(() => v2.createPresignedPost({ Fields: { key: 'k' } }), { message });
  assert.throws(() => native.createPresignedPost({ Fields: { key: 'k' } }), (err) => {
    assert.ok(isS3Error(err), `an S3Error: ${err}`);
    assert.equal(err.message, message);
    assert.equal(err.code, 'MissingRequiredParameter');
    return true;
  });
  const cb = await within(new Promise((resolve) => {
    native.createPresignedPost({ Fields: { key: 'k' } }, (err, data) => resolve({ err, data }));
  }), 5000, 'callback');
  assert.ok(isS3Error(cb.err));
  assert.equal(cb.err.message, message);
  assert.ok(cb.data === undefined || cb.data === null, 'no data with an error');
});

/**
 * A multipart/form-data POST (FormData + Blob, the file field last), sent as one buffered write
 * through node:http: a server that refuses a form mid-body (s3s-fs) may close the connection
 * before reading it all, which makes fetch's streamed upload fail with EPIPE at random.
 */
async function postForm(post, fileBytes, { override = {}, filename = 'upload.bin' } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...post.fields, ...override })) form.append(k, v);
  form.append('file', new Blob([fileBytes]), filename);
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  return within(new Promise((resolve, reject) => {
    const req = http.request(post.url, {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type'), 'content-length': body.length },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  }), 10000, 'POST form');
}

async function stored(Key) {
  try {
    return await h.readBack(Bucket, Key);
  } catch (err) {
    if (err.name === 'NoSuchKey' || (err.$metadata && err.$metadata.httpStatusCode === 404)) return null;
    throw err;
  }
}

test('server: a presigned POST form stores the object (fields, Content-Type, metadata)', async () => {
  const s3 = h.client();
  const Key = h.key('post');
  const post = s3.createPresignedPost({
    Bucket,
    Fields: { key: Key, 'Content-Type': 'text/x-post', 'x-amz-meta-foo': 'Bar' },
    Conditions: [['content-length-range', 0, 10000]],
  });
  assert.equal(post.url, `${h.endpoint}/${Bucket}`);
  const bytes = crypto.randomBytes(777);
  const r = await postForm(post, bytes);
  assert.equal(r.status, 204, r.text);
  const back = await stored(Key);
  assert.ok(back, 'stored');
  assert.ok(back.body.equals(bytes), 'the stored bytes');
  assert.equal(back.head.ContentType, 'text/x-post');
  assert.deepEqual(back.head.Metadata, { foo: 'Bar' });
});

test('server: POST forms that break the policy (content-length-range, key, expiry, signature)', async () => {
  const s3 = h.client();
  const keys = { big: h.key('big'), key: h.key('eq'), changed: h.key('changed'), expired: h.key('late'), sig: h.key('sig') };
  const big = await postForm(
    s3.createPresignedPost({ Bucket, Fields: { key: keys.big }, Conditions: [['content-length-range', 1, 5]] }),
    Buffer.alloc(100, 97),
  );
  const changed = await postForm(s3.createPresignedPost({ Bucket, Fields: { key: keys.key } }), Buffer.from('x'), { override: { key: keys.changed } });
  // 5 minutes back, Expires 60: the policy expired 4 minutes ago (within s3s-fs's clock-skew window).
  const latePost = atTimeSync(Date.now() - 5 * 60 * 1000, () => s3.createPresignedPost({ Bucket, Fields: { key: keys.expired }, Expires: 60 }));
  const late = await postForm(latePost, Buffer.from('x'));
  const sigPost = s3.createPresignedPost({ Bucket, Fields: { key: keys.sig } });
  const sig = sigPost.fields['X-Amz-Signature'];
  const tampered = await postForm(sigPost, Buffer.from('x'), { override: { 'X-Amz-Signature': (sig[0] === '0' ? '1' : '0') + sig.slice(1) } });
  const outcome = async (r, Key) => ({ status: r.status, code: errorCode(r.text) || null, stored: (await stored(Key)) !== null });
  const got = {
    big: await outcome(big, keys.big),
    changed: await outcome(changed, keys.changed),
    expired: await outcome(late, keys.expired),
    signature: await outcome(tampered, keys.sig),
  };
  if (verifies) {
    assert.deepEqual(got, {
      big: { status: 400, code: 'EntityTooLarge', stored: false },
      changed: { status: 400, code: 'InvalidPolicyDocument', stored: false },
      expired: { status: 403, code: 'AccessDenied', stored: false },
      signature: { status: 403, code: 'SignatureDoesNotMatch', stored: false },
    });
  } else {
    // moto checks neither the policy nor its signature: every form is stored.
    assert.deepEqual(got, {
      big: { status: 204, code: null, stored: true },
      changed: { status: 204, code: null, stored: true },
      expired: { status: 204, code: null, stored: true },
      signature: { status: 204, code: null, stored: true },
    });
    assert.equal((await stored(keys.big)).body.length, 100, 'moto stores the 100-byte file despite content-length-range [1, 5]');
  }
});

test('module level: getSignedUrl and createPresignedPost on the default client (AWS environment)', { timeout: 60000 }, async () => {
  const Key = h.key('module');
  const PostKey = h.key('module-post');
  await h.client().putObject({ Bucket, Key, Body: 'from the module' }).promise();
  const script = `
    const m = require(${JSON.stringify(require.resolve('..'))});
    Promise.all([
      m.getSignedUrl('getObject', { Bucket: ${JSON.stringify(Bucket)}, Key: ${JSON.stringify(Key)}, Expires: 120 }),
      m.createPresignedPost({ Bucket: ${JSON.stringify(Bucket)}, Fields: { key: ${JSON.stringify(PostKey)} } }),
    ]).then(([url, post]) => console.log(JSON.stringify({ url, post })), (e) => { console.error(e); process.exit(1); });
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    env: h.awsEnv(),
  }).toString();
  const { url, post } = JSON.parse(out);
  const p = urlParts(url);
  assert.equal(p.get('X-Amz-Expires'), '120');
  assert.equal(p.get('X-Amz-Credential').split('/')[0], h.credentials.accessKeyId);
  const got = await fetchText(url);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.text, 'from the module');
  assert.equal(post.url, `${h.endpoint}/${Bucket}`);
  const r = await postForm(post, Buffer.from('posted from the module'));
  assert.equal(r.status, 204, r.text);
  assert.equal((await stored(PostKey)).body.toString(), 'posted from the module');
});
