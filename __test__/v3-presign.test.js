'use strict';
// `s3-native/v3/s3-request-presigner` and `s3-native/v3/s3-presigned-post` (issue 12) against
// @aws-sdk/s3-request-presigner and @aws-sdk/s3-presigned-post on the same server.
//
//   1. getSignedUrl for GetObject, PutObject, HeadObject, DeleteObject, ListObjectsV2: each URL,
//      v3's and ours, used with fetch (the request the command stands for) and its effect checked;
//      the URLs compared: the same origin and path, the same query parameter names but for the
//      ones v3 adds and we deliberately do not (V3_ONLY), the same X-Amz-Expires and signed
//      headers.
//   2. signingDate: the same X-Amz-Date and credential scope as v3's, a URL signed 10 minutes
//      ago still works, one that expired is answered as v3's is; expiresIn over a week and
//      signableHeaders refused.
//   3. createPresignedPost: fields (names and order) and policy conditions as v3's, the
//      expiration, and a browser-style multipart/form-data POST that stores the object; a Key
//      ending in `${filename}` gives v3's starts-with condition (moto puts the file's name in
//      the key; s3s-fs stores the key as given, for v3's form as for ours).

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');
const v3 = require('@aws-sdk/client-s3');
const { getSignedUrl: v3GetSignedUrl } = require('@aws-sdk/s3-request-presigner');
const { createPresignedPost: v3CreatePresignedPost } = require('@aws-sdk/s3-presigned-post');
const n3 = require('../v3');
const { getSignedUrl } = require('../v3/s3-request-presigner');
const { createPresignedPost } = require('../v3/s3-presigned-post');

const T = { timeout: 60000 };
const KEY = 'ps/a b+c&d=é.txt';
const BODY = 'presigned body';

/**
 * Query parameters v3 adds that our URLs leave out, on purpose: the checksum parameters of v3's
 * default WHEN_SUPPORTED checksums (the CRC32 of an empty body baked into a PutObject URL, which
 * some servers refuse; checksum mode on GetObject).
 */
const V3_ONLY = ['x-amz-checksum-mode', 'x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm'];

let Bucket;
const clients = {};
const sdk = { v3, native: n3 };
const sign = { v3: v3GetSignedUrl, native: getSignedUrl };
const post = { v3: v3CreatePresignedPost, native: createPresignedPost };

test.before(async () => {
  Bucket = await h.bucket('ps');
  clients.v3 = h.v3();
  clients.native = new n3.S3Client(h.config());
  await clients.v3.send(new v3.PutObjectCommand({ Bucket, Key: KEY, Body: BODY }));
});

test.after(async () => {
  if (Bucket) await h.removeBucket(Bucket);
});

async function exists(Key) {
  const err = await clients.v3.send(new v3.HeadObjectCommand({ Bucket, Key })).then(() => null, (e) => e);
  if (err && err.name !== 'NotFound') throw err;
  return !err;
}

async function read(Key) {
  const got = await clients.v3.send(new v3.GetObjectCommand({ Bucket, Key }));
  return got.Body.transformToString();
}

/** Signs `new <Op>Command(input)` with each client; resolves { v3, native } URLs. */
async function urls(op, input, options) {
  const out = {};
  for (const who of ['v3', 'native']) {
    const Command = sdk[who][`${op}Command`];
    out[who] = new URL(await sign[who](clients[who], new Command(typeof input === 'function' ? input(who) : input), options));
  }
  return out;
}

function compareUrls(u, where, { signedHeaders = true } = {}) {
  assert.equal(u.native.origin + u.native.pathname, u.v3.origin + u.v3.pathname, `${where}: origin and path`);
  const names = (url) => [...url.searchParams.keys()].sort();
  const v3Names = names(u.v3);
  assert.deepEqual(names(u.native), v3Names.filter((k) => !V3_ONLY.includes(k)), `${where}: query parameter names`);
  for (const p of ['X-Amz-Expires', 'X-Amz-Algorithm', 'X-Amz-Content-Sha256', 'x-id', ...(signedHeaders ? ['X-Amz-SignedHeaders'] : [])]) {
    assert.equal(u.native.searchParams.get(p), u.v3.searchParams.get(p), `${where}: ${p}`);
  }
  return v3Names.filter((k) => V3_ONLY.includes(k));
}

test('getSignedUrl: GetObject, HeadObject, ListObjectsV2 URLs work and match v3\'s', T, async () => {
  const extras = {};
  const u = await urls('GetObject', { Bucket, Key: KEY }, { expiresIn: 120 });
  extras.GetObject = compareUrls(u, 'GetObject');
  for (const who of ['v3', 'native']) {
    const res = await fetch(u[who]);
    assert.deepEqual({ status: res.status, body: await res.text() }, { status: 200, body: BODY }, `${who}: GET`);
  }
  const hu = await urls('HeadObject', { Bucket, Key: KEY });
  extras.HeadObject = compareUrls(hu, 'HeadObject');
  assert.equal(hu.native.searchParams.get('X-Amz-Expires'), '900', 'default expiresIn');
  for (const who of ['v3', 'native']) {
    const res = await fetch(hu[who], { method: 'HEAD' });
    assert.deepEqual({ status: res.status, length: res.headers.get('content-length') }, { status: 200, length: String(BODY.length) }, `${who}: HEAD`);
  }
  const lu = await urls('ListObjectsV2', { Bucket, Prefix: 'ps/' });
  extras.ListObjectsV2 = compareUrls(lu, 'ListObjectsV2');
  assert.equal(lu.native.searchParams.get('list-type'), '2');
  for (const who of ['v3', 'native']) {
    const res = await fetch(lu[who]);
    const text = await res.text();
    assert.equal(res.status, 200, `${who}: list`);
    assert.match(text, /<ListBucketResult/, `${who}: list`);
    assert.ok(text.includes('<Key>ps/a b+c&amp;d=é.txt</Key>'), `${who}: the key is listed`);
  }
  // v3's extras with its default checksums, as documented.
  assert.deepEqual(extras, {
    GetObject: ['x-amz-checksum-mode'],
    HeadObject: [],
    ListObjectsV2: [],
  });
});

test('getSignedUrl: PutObject and DeleteObject URLs work and match v3\'s', T, async () => {
  const keyOf = (who) => `ps/put-${who}.txt`;
  // ContentType leaves no trace in either URL; ContentDisposition is a signed header of both.
  const input = (who) => ({ Bucket, Key: keyOf(who), ContentType: 'text/plain', ContentDisposition: 'inline', Metadata: { Who: who } });
  const u = await urls('PutObject', input, { expiresIn: 300 });
  for (const who of ['v3', 'native']) u[who].pathname = u[who].pathname.replace(`put-${who}`, 'put-X');
  const extras = compareUrls(u, 'PutObject');
  assert.deepEqual(extras, ['x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm']);
  // An x-amz-* header member (here Metadata) goes into the query and is signed there only, as in
  // v3's URL: the PUT (a browser's) need not send it.
  assert.equal(u.native.searchParams.get('X-Amz-SignedHeaders'), 'content-disposition;host');
  assert.equal(u.native.searchParams.get('x-amz-meta-who'), 'native');
  const metas = {};
  for (const who of ['v3', 'native']) {
    u[who].pathname = u[who].pathname.replace('put-X', `put-${who}`);
    const headers = { 'content-type': 'text/plain', 'content-disposition': 'inline' };
    const res = await fetch(u[who], { method: 'PUT', body: `put by ${who}`, headers });
    assert.equal(res.status, 200, `${who}: PUT ${await res.text()}`);
    assert.equal(await read(keyOf(who)), `put by ${who}`, `${who}: stored`);
    const head = await clients.v3.send(new v3.HeadObjectCommand({ Bucket, Key: keyOf(who) }));
    assert.deepEqual({ type: head.ContentType, disposition: head.ContentDisposition }, { type: 'text/plain', disposition: 'inline' }, `${who}: headers`);
    // Metadata from the query: stored by moto, ignored by s3s-fs; the same for both URLs.
    metas[who] = JSON.stringify(head.Metadata).replace(`"${who}"`, '"<who>"');
  }
  assert.equal(metas.native, metas.v3, 'metadata stored from the URL');
  const d = await urls('DeleteObject', (who) => ({ Bucket, Key: keyOf(who) }));
  for (const who of ['v3', 'native']) d[who].pathname = d[who].pathname.replace(`put-${who}`, 'put-X');
  compareUrls(d, 'DeleteObject');
  for (const who of ['v3', 'native']) {
    d[who].pathname = d[who].pathname.replace('put-X', `put-${who}`);
    const res = await fetch(d[who], { method: 'DELETE' });
    assert.equal(res.status, 204, `${who}: DELETE`);
    assert.equal(await exists(keyOf(who)), false, `${who}: deleted`);
  }
});

test('getSignedUrl: signingDate as v3 (date, scope; a past date still in time works; an expired URL answered alike)', T, async () => {
  const signingDate = new Date(Date.now() - 10 * 60 * 1000);
  const u = await urls('GetObject', { Bucket, Key: KEY }, { signingDate, expiresIn: 3600 });
  const want = signingDate.toISOString().replace(/[-:]|\.\d{3}/g, '');
  assert.equal(u.v3.searchParams.get('X-Amz-Date'), want);
  assert.equal(u.native.searchParams.get('X-Amz-Date'), want);
  assert.equal(u.native.searchParams.get('X-Amz-Credential'), u.v3.searchParams.get('X-Amz-Credential'));
  for (const who of ['v3', 'native']) {
    const res = await fetch(u[who]);
    assert.equal(res.status, 200, `${who}: signed 10 minutes ago, valid for an hour`);
    await res.arrayBuffer();
  }
  const old = await urls('GetObject', { Bucket, Key: KEY }, { signingDate: new Date(Date.now() - 2 * 3600 * 1000), expiresIn: 60 });
  const status = {};
  for (const who of ['v3', 'native']) {
    const res = await fetch(old[who]);
    status[who] = res.status;
    await res.arrayBuffer();
  }
  // s3s-fs refuses an expired URL (403); moto does not check the expiry.
  assert.equal(status.native, status.v3, 'expired: answered as v3\'s');
  if (h.server === 's3s') assert.equal(status.native, 403, 'expired: refused');
});

test('getSignedUrl: expiresIn over a week and signableHeaders are refused', T, async () => {
  const input = { Bucket, Key: KEY };
  const v3Err = await v3GetSignedUrl(clients.v3, new v3.GetObjectCommand(input), { expiresIn: 604801 }).then(() => null, (e) => e);
  const ours = await getSignedUrl(clients.native, new n3.GetObjectCommand(input), { expiresIn: 604801 }).then(() => null, (e) => e);
  assert.ok(v3Err instanceof Error && ours instanceof Error, 'both reject with an Error');
  assert.deepEqual({ name: ours.name, message: ours.message }, { name: v3Err.name, message: v3Err.message }, 'as v3\'s');
  // A week exactly is fine.
  const week = new URL(await getSignedUrl(clients.native, new n3.GetObjectCommand(input), { expiresIn: 604800 }));
  assert.equal(week.searchParams.get('X-Amz-Expires'), '604800');
  await assert.rejects(getSignedUrl(clients.native, new n3.GetObjectCommand(input), { signableHeaders: new Set(['content-type']) }), /signableHeaders is not supported/);
  // Empty sets, and the options we ignore, are fine.
  const url = await getSignedUrl(clients.native, new n3.GetObjectCommand(input), { signableHeaders: new Set(), unsignableHeaders: new Set(['x-amz-meta-a']) });
  assert.match(url, /X-Amz-Signature=/);
});

/** The policy of a form: `{ expiration, conditions }`. */
const policyOf = (fields) => JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));

/** Conditions comparable across the clients: sorted JSON, with the date and the per-client key masked. */
function conditionsOf(fields, subst) {
  return policyOf(fields)
    .conditions.map((c) => {
      let s = JSON.stringify(c);
      for (const [from, to] of subst) s = s.split(from).join(to);
      return s.replace(/"X-Amz-Date":"\d{8}T\d{6}Z"/, '"X-Amz-Date":"<date>"').replace(/\/\d{8}\//, '/<day>/');
    })
    .sort();
}

/** A browser-style form POST: the fields, then the file. */
async function submit(form, content, filename) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(form.fields)) fd.append(k, v);
  fd.append('file', new Blob([content], { type: 'text/plain' }), filename);
  const res = await fetch(form.url, { method: 'POST', body: fd });
  return { status: res.status, text: await res.text() };
}

test('createPresignedPost: fields and policy as v3\'s; the form POST stores the object', T, async () => {
  const keyOf = (who) => `pp/form-${who}.txt`;
  const forms = {};
  for (const who of ['v3', 'native']) {
    forms[who] = await post[who](clients[who], {
      Bucket,
      Key: keyOf(who),
      Fields: { 'Content-Type': 'text/plain', success_action_status: '201' },
      Conditions: [['content-length-range', 1, 1000], ['starts-with', '$Content-Type', 'text/']],
      Expires: 600,
    });
  }
  assert.equal(forms.native.url, forms.v3.url, 'url');
  assert.deepEqual(Object.keys(forms.native.fields), Object.keys(forms.v3.fields), 'field names, in order');
  const same = (o) => ({ ...o, 'X-Amz-Date': '<date>', 'X-Amz-Credential': o['X-Amz-Credential'].replace(/\/\d{8}\//, '/<day>/'), key: '<key>', Policy: '<policy>', 'X-Amz-Signature': '<sig>' });
  assert.deepEqual(same(forms.native.fields), same(forms.v3.fields), 'field values');
  const subst = [
    [keyOf('v3'), '<key>'],
    [keyOf('native'), '<key>'],
  ];
  assert.deepEqual(conditionsOf(forms.native.fields, subst), conditionsOf(forms.v3.fields, subst), 'policy conditions');
  for (const who of ['v3', 'native']) {
    const p = policyOf(forms[who].fields);
    const signed = forms[who].fields['X-Amz-Date'].replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    assert.equal((Date.parse(p.expiration) - Date.parse(signed)) / 1000, 600, `${who}: expiration = signing time + Expires`);
  }
  for (const who of ['v3', 'native']) {
    const r = await submit(forms[who], `form by ${who}`, 'local.txt');
    assert.equal(r.status, 201, `${who}: POST ${r.text}`);
    assert.equal(await read(keyOf(who)), `form by ${who}`, `${who}: stored`);
  }
});

test('createPresignedPost: a Key ending in ${filename} (starts-with condition), as v3', T, async () => {
  const prefix = (who) => `pf-${who}/`;
  const forms = {};
  for (const who of ['v3', 'native']) {
    forms[who] = await post[who](clients[who], { Bucket, Key: `${prefix(who)}\${filename}` });
    assert.equal(forms[who].fields.key, `${prefix(who)}\${filename}`, `${who}: key field`);
    assert.ok(policyOf(forms[who].fields).conditions.some((c) => JSON.stringify(c) === JSON.stringify(['starts-with', '$key', prefix(who)])), `${who}: starts-with`);
  }
  const subst = [
    [prefix('v3'), '<prefix>'],
    [prefix('native'), '<prefix>'],
  ];
  assert.deepEqual(conditionsOf(forms.native.fields, subst), conditionsOf(forms.v3.fields, subst), 'policy conditions');
  const stored = {};
  for (const who of ['v3', 'native']) {
    const r = await submit(forms[who], `named by ${who}`, 'picked.txt');
    assert.equal(r.status, 204, `${who}: POST ${r.text}`);
    const list = await clients.v3.send(new v3.ListObjectsV2Command({ Bucket, Prefix: prefix(who) }));
    stored[who] = (list.Contents || []).map((o) => o.Key.replace(prefix(who), '<prefix>'));
  }
  assert.deepEqual(stored.native, stored.v3, 'stored keys');
  // moto puts the file's name into the key; s3s-fs stores the key as the form gives it.
  assert.deepEqual(stored.native, [h.server === 's3s' ? '<prefix>${filename}' : '<prefix>picked.txt']);
});

test('getSignedUrl: x-amz-* inputs hoisted as v3 hoists them (SSE and Content-MD5 stay signed headers)', T, async () => {
  const input = (who) => ({
    Bucket,
    Key: `ps/hoist-${who}.txt`,
    ACL: 'private',
    Tagging: 'a=b',
    StorageClass: 'STANDARD',
    ServerSideEncryption: 'AES256',
    ContentMD5: 'XrY7u+Ae7tCTyyK7j1rNww==',
    CacheControl: 'no-cache',
    Metadata: { Who: who },
  });
  const u = await urls('PutObject', input);
  for (const who of ['v3', 'native']) u[who].pathname = u[who].pathname.replace(`hoist-${who}`, 'hoist-X');
  compareUrls(u, 'PutObject hoisting');
  assert.equal(u.native.searchParams.get('X-Amz-SignedHeaders'), 'content-md5;host;x-amz-server-side-encryption');
  for (const k of ['x-amz-acl', 'x-amz-tagging', 'x-amz-storage-class']) assert.equal(u.native.searchParams.get(k), u.v3.searchParams.get(k), k);
});
