'use strict';
// Service errors of the generated operations, differentially: each call runs through aws-sdk v2,
// then s3-native, against the same server behind a rewriting proxy (./fault-proxy.js
// startRewriteProxy) that leaves the request alone and, where a test says so, replaces the answer:
// a 200 whose body is an <Error> document, an empty or non-XML body, a body-less 403/301, an HTML
// gateway page. The fields users branch on are compared: code, name, statusCode, message,
// requestId, extendedRequestId, region, retryable; every failure must reject (never resolve), and
// with retries allowed both clients must make the same number of attempts when the error persists.
//
// The proxy stamps fixed x-amz-request-id / x-amz-id-2 headers on the answers it rewrites, so the
// two clients' request ids are comparable (a server's own ids differ per request).
//
// Where v2's behaviour is a special case not worth copying, the test asserts what v2 does (so a
// change is noticed) and what s3-native must do at least, and says so. Differences that are bugs in
// s3-native are asserted as v2 equality and fail until fixed (see the report of issue 9).

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');
const { startRewriteProxy } = require('./fault-proxy');

const { S3Error } = h.s3native;
const T = { timeout: 60000 };

const IDS = { 'x-amz-request-id': 'RQAPIERRORS0001', 'x-amz-id-2': 'api-errors/extended+id2=' };
const NO_IDS = { 'x-amz-request-id': null, 'x-amzn-requestid': null, 'x-amz-id-2': null };
const FIELDS = ['code', 'name', 'statusCode', 'message', 'requestId', 'extendedRequestId', 'region', 'retryable'];
const DEFAULT_ATTEMPTS = 4; // v2: maxRetries 3 (S3's default); s3-native: maxAttempts 4

/** An S3 error document as S3 sends it (the body of a 4xx/5xx, or of a 200 that failed late). */
function errorDoc(code, message, extra = '') {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${extra}` +
    '<RequestId>R1</RequestId><HostId>H1</HostId></Error>'
  );
}

const INTERNAL = errorDoc('InternalError', 'We encountered an internal error. Please try again.');
const SLOWDOWN = errorDoc('SlowDown', 'Please reduce your request rate.');
// A long copy: S3 sends the 200 at once, then whitespace to keep the connection open, then the
// result, or the error.
const KEEPALIVE_INTERNAL = `\n${' '.repeat(64)}\n${' '.repeat(64)}\n${INTERNAL.slice(INTERNAL.indexOf('<Error>'))}`;

// nginx's own 502 page: HTML that is not well-formed XML (<hr> is never closed).
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
// A gateway page that happens to be well-formed XML (no void elements).
const XHTML_502 = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n';
// A corporate proxy's block page, again not well-formed XML.
const BLOCK_403 = '<html><head><title>Access blocked</title></head><body><p>Blocked by policy<br></p></body></html>\n';

let Bucket; // a source object lives here; every call under test goes through a proxy
let direct; // aws-sdk v2 straight to the server, for setup
const SOURCE = 'api-errors/source.txt';

test.before(async () => {
  Bucket = await h.bucket('aer');
  direct = h.v2({ maxRetries: 0 });
  await direct.putObject({ Bucket, Key: SOURCE, Body: 'the copy source' }).promise();
});

test.after(async () => {
  await h.removeBucket(Bucket);
});

/** A rewriting proxy in front of the test server, closed after the test. */
async function proxyFor(t) {
  const proxy = await startRewriteProxy(h.endpoint);
  t.after(() => proxy.close());
  return proxy;
}

/** `{ resolved, data, err }`: never rejects. */
function settle(promise) {
  return promise.then(
    (data) => ({ resolved: true, data, err: null }),
    (err) => ({ resolved: false, data: null, err }),
  );
}

/** A bucket name nobody created (and that v2's process-wide bucket-region cache has never seen). */
const freshBucket = () => `aer-nb-${h.rand(6)}`;

/** A multipart upload with one part, created directly: CompleteMultipartUpload params. */
async function uploadToComplete() {
  const Key = h.key('aer-mpu');
  const { UploadId } = await direct.createMultipartUpload({ Bucket, Key }).promise();
  const { ETag } = await direct.uploadPart({ Bucket, Key, UploadId, PartNumber: 1, Body: 'one small last part' }).promise();
  return { Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } };
}

/** A multipart upload, created directly: UploadPartCopy params copying SOURCE into part 1. */
async function uploadToCopyInto() {
  const Key = h.key('aer-upc');
  const { UploadId } = await direct.createMultipartUpload({ Bucket, Key }).promise();
  return { Bucket, Key, UploadId, PartNumber: 1, CopySource: `${Bucket}/${SOURCE}` };
}

/** The three operations S3 may fail with a 200 (and v2 special-cases): fresh params per call. */
const LATE_FAILING = {
  copyObject: { method: 'PUT', params: async () => ({ Bucket, Key: h.key('aer-copy'), CopySource: `${Bucket}/${SOURCE}` }) },
  completeMultipartUpload: { method: 'POST', params: uploadToComplete },
  uploadPartCopy: { method: 'PUT', params: uploadToCopyInto },
};

/**
 * Runs `op` through aws-sdk v2, then s3-native, each with its own params and its own rewrite rule
 * on `proxy` (matched on a path token unique to that call, and switched off after it).
 *   params(who): the params (may be async); path(params): the token the rule matches
 *   method: the HTTP method the rule matches; rewrite: the rule's rewrite (null: forward as is)
 *   times: how many answers the rule rewrites (default all)
 *   options: client options for both (v2 names); v2Options / nativeOptions: per client
 * Resolves { v2, native }, each { resolved, data, err, attempts, statuses }.
 */
async function both(proxy, spec) {
  const out = {};
  for (const who of ['v2', 'native']) {
    const params = await spec.params(who);
    const path = spec.path ? spec.path(params) : params.Key || params.Bucket;
    const rule = spec.rewrite
      ? proxy.rule({ method: spec.method, path, times: spec.times === undefined ? Infinity : spec.times, rewrite: spec.rewrite })
      : null;
    const extra = who === 'v2' ? spec.v2Options : spec.nativeOptions;
    const options = { endpoint: proxy.endpoint, retryDelayOptions: { base: 10 }, ...spec.options, ...extra };
    const s3 = who === 'v2' ? h.v2(options) : h.client(options);
    const before = proxy.requests.length;
    const r = await settle(s3[spec.op](params).promise());
    const mine = proxy.requests.slice(before);
    if (rule) rule.times = rule.hits; // no later request is rewritten by it
    out[who] = { ...r, attempts: mine.length, statuses: mine.map((e) => e.status) };
  }
  return out;
}

/** Single attempt on both: v2 `maxRetries: 0`, s3-native `maxAttempts: 1`. */
const ONE_ATTEMPT = { v2Options: { maxRetries: 0 }, nativeOptions: { maxAttempts: 1 } };

function pick(err, names = FIELDS) {
  const out = {};
  for (const k of names) out[k] = err[k];
  return out;
}

/** Both rejected, s3-native with an S3Error (an Error) that has a code; returns the two errors. */
function rejected(r, where) {
  assert.equal(r.v2.resolved, false, `${where}: aws-sdk v2 resolved`);
  assert.equal(
    r.native.resolved,
    false,
    `${where}: s3-native resolved (v2 rejected with ${r.v2.err && r.v2.err.code}) with ${JSON.stringify(r.native.data)}`,
  );
  assert.ok(r.native.err instanceof S3Error, `${where}: not an S3Error: ${r.native.err && r.native.err.stack}`);
  assert.ok(r.native.err instanceof Error);
  assert.ok(['string', 'number'].includes(typeof r.native.err.code) && r.native.err.code !== '', `${where}: code ${r.native.err.code}`);
  return { a: r.v2.err, b: r.native.err };
}

/** Both rejected with equal error fields (`omit`: fields compared elsewhere). */
function sameError(r, where, { omit = [] } = {}) {
  const { a, b } = rejected(r, where);
  const names = FIELDS.filter((f) => !omit.includes(f));
  assert.deepEqual(pick(b, names), pick(a, names), `${where}: error fields (s3-native vs aws-sdk v2)`);
  return { a, b };
}

/** Both made the same number of requests. */
function sameAttempts(r, where, expected) {
  assert.equal(r.native.attempts, r.v2.attempts, `${where}: attempts (s3-native vs aws-sdk v2)`);
  if (expected !== undefined) assert.equal(r.v2.attempts, expected, `${where}: aws-sdk v2 attempts`);
}

// ---------------------------------------------------------------------------------------------
// 1. A 200 whose body is an <Error> document (S3 fails CopyObject, CompleteMultipartUpload and
//    UploadPartCopy so after it has sent the status line). v2: the document's code and message,
//    statusCode 200, retryable (v2:lib/services/s3.js extractErrorFrom200Response, retryableError).

for (const [op, { method, params }] of Object.entries(LATE_FAILING)) {
  for (const [variant, body] of [
    ['InternalError', INTERNAL],
    ['SlowDown', SLOWDOWN],
    ['InternalError after keep-alive whitespace', KEEPALIVE_INTERNAL],
  ]) {
    // The keep-alive variant is about reading the document after the whitespace: its retryable is
    // the InternalError variant's, compared there.
    const omit = variant.includes('keep-alive') ? ['retryable'] : [];
    test(`${op}: a 200 with an <Error> body (${variant}) rejects as in v2, one attempt`, T, async (t) => {
      const proxy = await proxyFor(t);
      const r = await both(proxy, {
        op,
        method,
        params,
        rewrite: () => ({ status: 200, headers: IDS, body }),
        ...ONE_ATTEMPT,
      });
      const { a } = sameError(r, `${op} 200 ${variant}`, { omit });
      // What v2 does, so a change on either side is visible: the body's code, the header's id.
      assert.deepEqual(pick(a, ['code', 'statusCode', 'requestId', 'extendedRequestId', 'retryable']), {
        code: variant.split(' ')[0],
        statusCode: 200,
        requestId: IDS['x-amz-request-id'],
        extendedRequestId: IDS['x-amz-id-2'],
        retryable: true,
      });
      sameAttempts(r, op, 1);
    });

    test(`${op}: a 200 with an <Error> body (${variant}) on every attempt: same attempts, same error`, T, async (t) => {
      const proxy = await proxyFor(t);
      const r = await both(proxy, { op, method, params, rewrite: () => ({ status: 200, headers: IDS, body }) });
      sameAttempts(r, `${op} 200 ${variant}`, DEFAULT_ATTEMPTS);
      sameError(r, `${op} 200 ${variant}, retried`, { omit });
      assert.deepEqual(r.native.err.$metadata.attempts, r.native.attempts, `${op}: $metadata.attempts`);
    });
  }
}

test('a 200 that fails once, then succeeds: both retry and resolve', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'copyObject',
    method: 'PUT',
    params: LATE_FAILING.copyObject.params,
    times: 1,
    rewrite: () => ({ status: 200, headers: IDS, body: INTERNAL }),
  });
  assert.equal(r.v2.resolved, true, `v2: ${r.v2.err}`);
  assert.equal(r.native.resolved, true, `s3-native: ${r.native.err && r.native.err.stack}`);
  assert.deepEqual(r.native.statuses, r.v2.statuses);
  assert.equal(r.native.attempts, 2);
  assert.equal(r.native.data.CopyObjectResult.ETag, r.v2.data.CopyObjectResult.ETag);
});

// v2 applies the same rule to any operation without a streaming output whose 200 body (15 to 3000
// bytes) ends in </Error> (`is200Error`); the SDK for Rust checks every such operation too.
for (const [op, method, params] of [
  ['listObjectsV2', 'GET', () => ({ Bucket: freshBucket() })],
  ['getBucketTagging', 'GET', () => ({ Bucket: freshBucket() })],
  ['putBucketTagging', 'PUT', () => ({ Bucket: freshBucket(), Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })],
]) {
  test(`${op}: a 200 with an <Error> body is an error too (v2 is200Error)`, T, async (t) => {
    const proxy = await proxyFor(t);
    const rewrite = () => ({ status: 200, headers: IDS, body: INTERNAL });
    const r = await both(proxy, { op, method, params, rewrite, ...ONE_ATTEMPT });
    rejected(r, `${op} 200 InternalError`);
    const retried = await both(proxy, { op, method, params, rewrite });
    sameAttempts(retried, `${op} 200 InternalError`, DEFAULT_ATTEMPTS);
    sameError(retried, `${op} 200 InternalError, retried`);
  });
}

test('getObject: a 200 whose body is an <Error> document is the object (a streaming output)', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'getObject',
    method: 'GET',
    params: () => ({ Bucket, Key: SOURCE }),
    times: Infinity,
    rewrite: () => ({ headers: { ...IDS, etag: null }, body: INTERNAL }),
    ...ONE_ATTEMPT,
  });
  assert.equal(r.v2.resolved, true);
  assert.equal(r.native.resolved, true, `s3-native: ${r.native.err && r.native.err.stack}`);
  assert.equal(r.v2.data.Body.toString(), INTERNAL);
  assert.equal(r.native.data.Body.toString(), INTERNAL);
});

// ---------------------------------------------------------------------------------------------
// 2. An empty (or non-XML) 200 on the three operations: v2 gives `InternalError: S3 aborted
//    request` (statusCode 200, retryable, and no requestId/region: its own special case, built
//    before the response's ids are read). Equality is not required there: s3-native must reject
//    with a coded S3Error, statusCode 200, and must not report success for a copy or an upload S3
//    may not have finished.

for (const [op, { method, params }] of Object.entries(LATE_FAILING)) {
  for (const [variant, body] of [
    ['an empty', ''],
    ['a whitespace-only', `\n${' '.repeat(64)}\n`],
    ['a non-XML', 'upstream closed'],
  ]) {
    test(`${op}: a 200 with ${variant} body rejects (v2: InternalError 'S3 aborted request')`, T, async (t) => {
      const proxy = await proxyFor(t);
      const r = await both(proxy, { op, method, params, rewrite: () => ({ status: 200, headers: IDS, body }), ...ONE_ATTEMPT });
      assert.equal(r.v2.resolved, false);
      assert.deepEqual(pick(r.v2.err, ['code', 'message', 'statusCode', 'retryable']), {
        code: 'InternalError',
        message: 'S3 aborted request',
        statusCode: 200,
        retryable: true,
      });
      const { b } = rejected(r, `${op} 200 ${variant}`);
      t.diagnostic(`${op} 200 ${variant}: v2 ${r.v2.err.code} / s3-native ${b.code} (${b.message})`);
      assert.equal(b.statusCode, 200, `${op}: statusCode`);
      assert.equal(typeof b.code, 'string');
      assert.equal(b.requestId, IDS['x-amz-request-id'], `${op}: requestId from the response`);
      // v2's retryable (true) is the one thing its special case shares with any other failed 200.
      assert.equal(b.retryable, true, `${op}: retryable`);
    });
  }
}

test('completeMultipartUpload: an empty 200 on every attempt (attempts recorded, not compared)', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'completeMultipartUpload',
    method: 'POST',
    params: uploadToComplete,
    rewrite: () => ({ status: 200, headers: IDS, body: '' }),
  });
  const { a, b } = rejected(r, 'completeMultipartUpload empty 200, retried');
  t.diagnostic(`v2: ${a.code} after ${r.v2.attempts} attempts; s3-native: ${b.code} after ${r.native.attempts} attempts`);
  assert.equal(r.v2.attempts, DEFAULT_ATTEMPTS);
  assert.ok(r.native.attempts >= 1 && r.native.attempts <= DEFAULT_ATTEMPTS);
  assert.equal(b.statusCode, 200);
});

// ---------------------------------------------------------------------------------------------
// 3. Body-less errors (HEAD): v2 maps 304/400/403/404 to NotModified/BadRequest/Forbidden/NotFound
//    with message null, uses the numeric status as the code of any other, and reads err.region from
//    x-amz-bucket-region.

test('headBucket on a missing bucket: 404 NotFound, message null', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'headBucket',
    method: 'HEAD',
    params: () => ({ Bucket: freshBucket() }),
    rewrite: (res) => ({ headers: IDS, status: res.status }),
    ...ONE_ATTEMPT,
  });
  const { a } = sameError(r, 'headBucket missing');
  assert.deepEqual(pick(a, ['code', 'statusCode', 'message', 'retryable']), { code: 'NotFound', statusCode: 404, message: null, retryable: false });
});

for (const [status, code] of [
  [403, 'Forbidden'],
  [400, 'BadRequest'],
  [404, 'NotFound'],
  [500, 500],
  [503, 503],
]) {
  test(`headBucket answered ${status} with no body: ${code}`, T, async (t) => {
    const proxy = await proxyFor(t);
    const spec = {
      op: 'headBucket',
      method: 'HEAD',
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ status, headers: IDS, body: '' }),
    };
    const r = await both(proxy, { ...spec, ...ONE_ATTEMPT });
    const { a } = sameError(r, `headBucket ${status}`);
    assert.equal(a.code, code);
    assert.equal(a.message, null);
    const retried = await both(proxy, spec);
    sameError(retried, `headBucket ${status}, retried`);
    sameAttempts(retried, `headBucket ${status}`, status >= 500 ? DEFAULT_ATTEMPTS : 1);
  });
}

test('listObjectsV2 answered 403 / 404 with no body: Forbidden / NotFound, message null', T, async (t) => {
  const proxy = await proxyFor(t);
  for (const [status, code] of [
    [403, 'Forbidden'],
    [404, 'NotFound'],
  ]) {
    const r = await both(proxy, {
      op: 'listObjectsV2',
      method: 'GET',
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ status, headers: IDS, body: '' }),
      ...ONE_ATTEMPT,
    });
    const { a } = sameError(r, `listObjectsV2 ${status} empty`);
    assert.deepEqual([a.code, a.message], [code, null]);
  }
});

test('headBucket answered 403 with x-amz-bucket-region: err.region', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'headBucket',
    method: 'HEAD',
    params: () => ({ Bucket: freshBucket() }),
    rewrite: () => ({ status: 403, headers: { ...IDS, 'x-amz-bucket-region': 'us-east-1' }, body: '' }),
    ...ONE_ATTEMPT,
  });
  const { a } = sameError(r, 'headBucket 403 with region');
  assert.equal(a.region, 'us-east-1');
});

// A region redirect. v2 reads err.region from x-amz-bucket-region and, when that region differs from
// the request's, marks the error retryable and retries once, signed for that region (against a
// custom endpoint, the same endpoint). s3-native reads the region but follows no region redirect: it
// reports the error at once, not retryable. The final error of a call with retries allowed is the
// same in both (v2's second attempt fails the same way and is then not retryable); the attempts and
// the retryable of a single attempt differ, and are asserted as they are.
for (const [name, op, method, status, body] of [
  ['headBucket 301 (no body)', 'headBucket', 'HEAD', 301, ''],
  [
    'listObjectsV2 301 PermanentRedirect',
    'listObjectsV2',
    'GET',
    301,
    errorDoc(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      '<Endpoint>s3.eu-west-1.amazonaws.com</Endpoint>',
    ),
  ],
]) {
  test(`${name} with x-amz-bucket-region: err.region as in v2; no region-redirect retry`, T, async (t) => {
    const proxy = await proxyFor(t);
    const spec = {
      op,
      method,
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ status, headers: { ...IDS, 'x-amz-bucket-region': 'eu-west-1' }, body }),
    };
    const one = await both(proxy, { ...spec, ...ONE_ATTEMPT });
    const { a, b } = sameError(one, name, { omit: ['retryable'] });
    assert.equal(a.region, 'eu-west-1');
    assert.equal(a.statusCode, 301);
    assert.deepEqual([a.retryable, b.retryable], [true, false], `${name}: retryable (v2: a region redirect to follow)`);

    const retried = await both(proxy, spec);
    sameError(retried, `${name}, retried`);
    assert.equal(retried.v2.err.retryable, false);
    assert.deepEqual([retried.v2.attempts, retried.native.attempts], [2, 1], `${name}: attempts (v2 retries once in eu-west-1)`);
    t.diagnostic(`${name}: v2 ${retried.v2.attempts} attempts, s3-native ${retried.native.attempts}`);
  });
}

// ---------------------------------------------------------------------------------------------
// 4. XML error documents from the server, for generated operations. The proxy only stamps fixed
//    request ids (the body's <RequestId> is not the header's: both read the header).

/** Calls whose error (if any) comes from the server itself. params(who) may set up state. */
const SERVER_ERRORS = [
  ['listObjectsV2', 'GET', () => ({ Bucket: freshBucket() })],
  ['listObjects', 'GET', () => ({ Bucket: freshBucket() })],
  ['getBucketTagging', 'GET', () => ({ Bucket })],
  ['getBucketPolicy', 'GET', () => ({ Bucket })],
  ['getBucketCors', 'GET', () => ({ Bucket })],
  ['getBucketEncryption', 'GET', () => ({ Bucket })],
  ['getObjectTagging', 'GET', () => ({ Bucket, Key: h.key('aer-missing') })],
  ['copyObject', 'PUT', () => ({ Bucket, Key: h.key('aer-copy'), CopySource: `${Bucket}/${h.key('aer-missing')}` })],
  ['abortMultipartUpload', 'DELETE', () => ({ Bucket, Key: h.key('aer-mpu'), UploadId: `bogus${h.rand(4)}` })],
  ['listParts', 'GET', () => ({ Bucket, Key: h.key('aer-mpu'), UploadId: `bogus${h.rand(4)}` })],
  [
    'uploadPartCopy',
    'PUT',
    () => ({ Bucket, Key: h.key('aer-upc'), UploadId: `bogus${h.rand(4)}`, PartNumber: 1, CopySource: `${Bucket}/${SOURCE}` }),
  ],
  [
    'completeMultipartUpload',
    'POST',
    () => ({ Bucket, Key: h.key('aer-mpu'), UploadId: `bogus${h.rand(4)}`, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] } }),
  ],
  ['deleteObjects', 'POST', () => ({ Bucket: freshBucket(), Delete: { Objects: [{ Key: 'a' }] } })],
  ['putBucketTagging', 'PUT', () => ({ Bucket: freshBucket(), Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })],
  ['createBucket', 'PUT', () => ({ Bucket })], // the bucket exists
];

for (const [op, method, params] of SERVER_ERRORS) {
  test(`${op}: the server's error document: the same fields, request ids from the headers`, T, async (t) => {
    const proxy = await proxyFor(t);
    const r = await both(proxy, {
      op,
      method,
      params,
      path: (p) => p.UploadId || p.Key || p.Bucket,
      rewrite: (res) => ({ headers: res.status >= 300 ? IDS : {} }),
      ...ONE_ATTEMPT,
    });
    if (r.v2.resolved) {
      // This server accepts the call (s3s-fs: listParts of an unknown upload, deleteObjects in a
      // missing bucket; moto: createBucket of an existing bucket in us-east-1).
      assert.equal(r.native.resolved, true, `${op}: v2 resolved, s3-native rejected: ${r.native.err && r.native.err.stack}`);
      t.diagnostic(`${op}: no error on ${h.server}`);
      return;
    }
    const parserError = r.v2.err.code === 'XMLParserError';
    // v2's XMLParserError carries its XML parser's text, and no request id or region (the parser
    // failed before they were read); s3-native's has a message of its own and the header's id.
    const { a, b } = sameError(r, op, { omit: parserError ? ['message', 'requestId', 'region', 'extendedRequestId'] : [] });
    if (parserError) {
      assert.ok(typeof b.message === 'string' && b.message.length > 0, `${op}: message`);
      assert.equal(b.requestId, IDS['x-amz-request-id']);
    } else {
      assert.equal(a.requestId, IDS['x-amz-request-id'], `${op}: v2 read the header's id`);
    }
    t.diagnostic(`${op}: ${a.code} ${a.statusCode}`);
  });
}

test('an error without request id headers: requestId null, extendedRequestId undefined in both', T, async (t) => {
  const proxy = await proxyFor(t);
  for (const [op, method] of [
    ['listObjectsV2', 'GET'],
    ['headBucket', 'HEAD'],
  ]) {
    const r = await both(proxy, {
      op,
      method,
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ headers: NO_IDS }),
      ...ONE_ATTEMPT,
    });
    const { a } = sameError(r, `${op} without ids`);
    assert.deepEqual([a.requestId, a.extendedRequestId], [null, undefined]);
    // Only the generic x-amzn-requestid: both fall back to it.
    const generic = await both(proxy, {
      op,
      method,
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ headers: { ...NO_IDS, 'x-amzn-requestid': 'AMZN-REQUEST-ID' } }),
      ...ONE_ATTEMPT,
    });
    const { a: g } = sameError(generic, `${op} with x-amzn-requestid only`);
    assert.equal(g.requestId, 'AMZN-REQUEST-ID');
  }
});

test('the server’s own request ids reach the error (no rewriting)', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, { op: 'listObjectsV2', params: () => ({ Bucket: freshBucket() }), ...ONE_ATTEMPT });
  const { a, b } = sameError(r, 'listObjectsV2 missing bucket', { omit: ['requestId', 'extendedRequestId'] });
  assert.equal(a.code, 'NoSuchBucket');
  // Each request has its own id (moto) or none (s3s-fs): compare presence and type.
  const shape = (e) => ({ requestId: e.requestId === null ? null : typeof e.requestId, extendedRequestId: typeof e.extendedRequestId });
  assert.deepEqual(shape(b), shape(a));
  if (h.server === 'moto') assert.equal(typeof b.requestId, 'string');
});

test('err.region from the error document’s <Region> (AuthorizationHeaderMalformed)', T, async (t) => {
  const proxy = await proxyFor(t);
  const body = errorDoc(
    'AuthorizationHeaderMalformed',
    "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
    '<Region>eu-west-1</Region>',
  );
  const r = await both(proxy, {
    op: 'listObjectsV2',
    method: 'GET',
    params: () => ({ Bucket: freshBucket() }),
    rewrite: () => ({ status: 400, headers: IDS, body }),
    ...ONE_ATTEMPT,
  });
  // retryable: the region-redirect difference above (v2 true: it would retry in eu-west-1).
  const { a } = sameError(r, 'AuthorizationHeaderMalformed with <Region>', { omit: ['retryable'] });
  assert.equal(a.region, 'eu-west-1');
});

// ---------------------------------------------------------------------------------------------
// 5. Error bodies that are not S3 error documents (a gateway's or a proxy's page). v2 parses every
//    error body as XML: a page that is not well-formed XML is XMLParserError (retryable, message =
//    the parser's text); a well-formed one without <Code> gets the numeric status as its code and
//    message null.

for (const [name, status, body, contentType] of [
  ['nginx 502 page', 502, NGINX_502, 'text/html'],
  ['plain-text 503', 503, 'Service Unavailable\n', 'text/plain'],
  ['JSON 500', 500, '{"message":"Internal Server Error"}', 'application/json'],
  ['proxy 403 block page', 403, BLOCK_403, 'text/html'],
]) {
  for (const op of ['listObjectsV2', 'getBucketTagging']) {
    test(`${op}: ${name}: XMLParserError in both, same status and retryable, same attempts`, T, async (t) => {
      const proxy = await proxyFor(t);
      const spec = {
        op,
        method: 'GET',
        params: () => ({ Bucket: freshBucket() }),
        rewrite: () => ({ status, headers: { ...IDS, 'content-type': contentType }, body }),
      };
      const r = await both(proxy, { ...spec, ...ONE_ATTEMPT });
      const { a, b } = sameError(r, `${op} ${name}`, { omit: ['message', 'requestId', 'extendedRequestId', 'region'] });
      assert.deepEqual(pick(a, ['code', 'statusCode', 'retryable']), { code: 'XMLParserError', statusCode: status, retryable: true });
      assert.ok(typeof b.message === 'string' && b.message.length > 0, 'a message');
      assert.equal(b.requestId, IDS['x-amz-request-id'], 'the response’s request id');
      const retried = await both(proxy, spec);
      sameError(retried, `${op} ${name}, retried`, { omit: ['message', 'requestId', 'extendedRequestId', 'region'] });
      // v2 retries every XMLParserError (retryable), whatever the status.
      sameAttempts(retried, `${op} ${name}`, DEFAULT_ATTEMPTS);
    });
  }
}

test('listObjectsV2: a 200 whose body is not XML: XMLParserError in both, same attempts', T, async (t) => {
  const proxy = await proxyFor(t);
  const spec = {
    op: 'listObjectsV2',
    method: 'GET',
    params: () => ({ Bucket: freshBucket() }),
    rewrite: () => ({ status: 200, headers: IDS, body: 'garbage, not a ListBucketResult' }),
  };
  const r = await both(proxy, { ...spec, ...ONE_ATTEMPT });
  const { a } = sameError(r, 'listObjectsV2 200 garbage', { omit: ['message', 'requestId', 'extendedRequestId', 'region'] });
  assert.deepEqual(pick(a, ['code', 'statusCode', 'retryable']), { code: 'XMLParserError', statusCode: 200, retryable: true });
  const retried = await both(proxy, spec);
  rejected(retried, 'listObjectsV2 200 garbage, retried');
  sameAttempts(retried, 'listObjectsV2 200 garbage', DEFAULT_ATTEMPTS);
});

test('listObjectsV2: an empty 200 (v2 resolves {}; s3-native rejects: recorded, not compared)', T, async (t) => {
  const proxy = await proxyFor(t);
  const r = await both(proxy, {
    op: 'listObjectsV2',
    method: 'GET',
    params: () => ({ Bucket: freshBucket() }),
    rewrite: () => ({ status: 200, headers: IDS, body: '' }),
    ...ONE_ATTEMPT,
  });
  // v2 reads nothing from nothing (data {}); s3-native treats a list without a document as unreadable.
  assert.equal(r.v2.resolved, true);
  assert.deepEqual({ ...r.v2.data }, {});
  t.diagnostic(`s3-native: ${r.native.resolved ? 'resolved' : `${r.native.err.code} (${r.native.err.message})`}`);
  if (!r.native.resolved) assert.ok(r.native.err instanceof S3Error && r.native.err.statusCode === 200);
});

for (const op of ['listObjectsV2', 'getBucketTagging']) {
  test(`${op}: a 502 page that is well-formed XML: v2's numeric code, message null`, T, async (t) => {
    const proxy = await proxyFor(t);
    const r = await both(proxy, {
      op,
      method: 'GET',
      params: () => ({ Bucket: freshBucket() }),
      rewrite: () => ({ status: 502, headers: { ...IDS, 'content-type': 'text/html' }, body: XHTML_502 }),
      ...ONE_ATTEMPT,
    });
    const { a } = sameError(r, `${op} well-formed 502 page`);
    assert.deepEqual(pick(a, ['code', 'name', 'message', 'retryable']), { code: 502, name: '502', message: null, retryable: true });
  });
}
