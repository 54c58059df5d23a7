'use strict';
// Shared test helpers. The test command (scripts/test.js) starts a real S3-compatible server
// (s3s-fs or moto) on 127.0.0.1 and passes it in through these variables.

const crypto = require('crypto');
const net = require('net');
const { S3Client, CreateBucketCommand, GetObjectCommand, HeadObjectCommand } = require('@aws-sdk/client-s3');
const AWS = require('aws-sdk');
const s3native = require('..');

const env = process.env;
const server = env.S3_TEST_SERVER || 'unknown';
const endpoint = env.S3_TEST_ENDPOINT;
const region = env.S3_TEST_REGION || 'us-east-1';
const credentials = {
  accessKeyId: env.S3_TEST_ACCESS_KEY_ID || 'AKIDS3NATIVETEST',
  secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY || 's3native/test/secret',
};

if (!endpoint) {
  throw new Error('S3_TEST_ENDPOINT is not set: run the suites through `npm test` (scripts/test.js)');
}

/** Options for any of the three clients, pointed at the test server. */
function config(extra = {}) {
  return { region, endpoint, credentials, forcePathStyle: true, ...extra };
}

/** An s3-native client for the test server. */
function client(extra) {
  return new s3native.S3(config(extra));
}

/** @aws-sdk/client-s3, validating response checksums where the server sends them. */
function v3(extra) {
  return new S3Client(config(extra));
}

/** aws-sdk v2's AWS.S3 for the test server. */
function v2(extra = {}) {
  return new AWS.S3({
    region,
    endpoint,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    s3ForcePathStyle: true,
    signatureVersion: 'v4',
    ...extra,
  });
}

/**
 * The environment of a child process that finds the test server through the standard AWS
 * variables only (endpoint, keys, region), as a user's script would.
 */
function awsEnv(extra = {}) {
  return {
    ...process.env,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: region,
    ...extra,
  };
}

function rand(n = 8) {
  return crypto.randomBytes(n).toString('hex');
}

/** mulberry32: a small seeded PRNG, for deterministic fuzzing. */
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh bucket (S3 names: lower case, 3-63 chars). */
async function bucket(prefix = 't') {
  const name = `${prefix}-${rand(6)}`;
  await v3().send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

function key(prefix = 'k') {
  return `${prefix}/${rand(6)}.bin`;
}

function md5(buf) {
  return crypto.createHash('md5').update(buf).digest('hex');
}

/** Reads an object back with @aws-sdk/client-s3: `{ body: Buffer, head }`. */
async function readBack(Bucket, Key) {
  const c = v3();
  const got = await c.send(new GetObjectCommand({ Bucket, Key }));
  const body = Buffer.from(await got.Body.transformToByteArray());
  const head = await c.send(new HeadObjectCommand({ Bucket, Key }));
  return { body, head, got };
}

/**
 * A TCP endpoint that counts connections. `mode`: 'close' (accept and close at once) or 'hang'
 * (accept and never answer). Used to prove that no request was sent, and to test timeouts.
 */
async function tcpProbe(mode = 'close') {
  const sockets = new Set();
  let connections = 0;
  const srv = net.createServer((sock) => {
    connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    if (mode === 'close') sock.destroy();
    // 'reset': the request arrives, the connection is reset (RST) without an answer.
    if (mode === 'reset') sock.once('data', () => sock.resetAndDestroy());
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

module.exports = {
  AWS,
  s3native,
  server,
  endpoint,
  region,
  credentials,
  config,
  client,
  v3,
  v2,
  awsEnv,
  rand,
  prng,
  bucket,
  key,
  md5,
  readBack,
  tcpProbe,
};

// ---------------------------------------------------------------------------------------------
// Differential helpers for the api-*.test.js suites: the same call through aws-sdk v2 and
// s3-native against the same server, outputs and errors compared after masking what necessarily
// differs (request ids, dates, upload/version ids, per-client bucket names). Masking replaces a
// value with a placeholder and never drops the key, so presence and type are still compared.

let v2Api = null;

/** aws-sdk v2's model (`AWS.Shape`) of an operation's output, by method name (`listObjectsV2`). */
function v2OutputShape(op) {
  if (!v2Api) v2Api = new AWS.S3().api;
  const o = v2Api.operations[op];
  if (!o) throw new Error(`aws-sdk v2 has no operation ${op}`);
  return o.output;
}

const isPlainValue = (v) => v === null || typeof v !== 'object' || v instanceof Date || Buffer.isBuffer(v);

/**
 * A copy of `value` with only the members v2's model has for `shape` (recursively). The paths of
 * the dropped members (members newer than v2's model, e.g. ChecksumType) go into `extras`.
 */
function pruneToModel(shape, value, path, extras) {
  if (!shape || isPlainValue(value)) return value;
  if (shape.type === 'list' && Array.isArray(value)) {
    return value.map((v, i) => pruneToModel(shape.member, v, `${path}[${i}]`, extras));
  }
  if (shape.type === 'map') {
    const out = {};
    for (const k of Object.keys(value)) out[k] = pruneToModel(shape.value, value[k], `${path}.${k}`, extras);
    return out;
  }
  if (shape.type === 'structure' && !Array.isArray(value)) {
    const out = {};
    for (const k of Object.keys(value)) {
      if (!Object.prototype.hasOwnProperty.call(shape.members, k)) {
        extras.push(path ? `${path}.${k}` : k);
        continue;
      }
      out[k] = pruneToModel(shape.members[k], value[k], path ? `${path}.${k}` : k, extras);
    }
    return out;
  }
  return value;
}

/** Own non-enumerable properties of an output (v2 hoists payload members this way). */
function hoistedOf(data) {
  const out = {};
  if (!data || typeof data !== 'object') return out;
  for (const k of Object.getOwnPropertyNames(data)) {
    if (k === '$response' || k === '$metadata') continue;
    if (!Object.prototype.propertyIsEnumerable.call(data, k)) out[k] = data[k];
  }
  return out;
}

/**
 * Replaces what differs by nature: every Date becomes '<Date>' (anything else stays, so a
 * timestamp that is not a Date shows up), the values of the `keys` members become '<Name>' (or
 * '<Name:type>' when not a string), and each `subst` [from, to] pair is replaced inside strings.
 */
function maskValue(value, { keys = [], subst = [] } = {}, name) {
  if (name !== undefined && keys.includes(name) && value !== undefined) {
    return typeof value === 'string' ? `<${name}>` : `<${name}:${value === null ? 'null' : typeof value}>`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '<Invalid Date>' : '<Date>';
  if (typeof value === 'string') {
    let s = value;
    for (const [from, to] of subst) if (from) s = s.split(from).join(to);
    return s;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, { keys, subst }));
  const out = {};
  for (const k of Object.keys(value)) out[k] = maskValue(value[k], { keys, subst }, k);
  return out;
}

/** The error fields compared between the two clients. */
function errorFields(err, { message = true } = {}) {
  if (!err) return err;
  const out = {
    isError: err instanceof Error,
    code: err.code,
    name: err.name,
    statusCode: err.statusCode,
    retryable: err.retryable,
  };
  if (message) out.message = err.message;
  return out;
}

/**
 * Runs one call in the callback style: `{ data, err, status }` (status from the Response, which
 * is `this` in the callback), never rejects.
 */
function outcome(s3, op, params) {
  return new Promise((resolve) => {
    s3[op](params, function done(err, data) {
      const status = this && this.httpResponse ? this.httpResponse.statusCode : undefined;
      resolve({ data: err ? null : data, err: err || null, status });
    });
  });
}

/** Members newer than v2's model seen in s3-native outputs, per operation (for the report). */
const extraMembers = new Map();

function noteExtras(op, paths) {
  if (!paths.length) return;
  if (!extraMembers.has(op)) extraMembers.set(op, new Set());
  // Collapse list indexes: Contents[3].ChecksumType -> Contents[].ChecksumType
  for (const p of paths) extraMembers.get(op).add(p.replace(/\[\d+\]/g, '[]'));
}

/** One line per operation: the s3-native members that v2's model lacks (dropped before comparing). */
function extraMembersReport() {
  const lines = [];
  for (const [op, set] of [...extraMembers].sort()) lines.push(`${op}: ${[...set].sort().join(', ')}`);
  return lines;
}

/** Prints extraMembersReport() as TAP comments (for test.after). */
function logExtraMembers() {
  const lines = extraMembersReport();
  const n = lines.reduce((sum, l) => sum + l.split(', ').length, 0);
  console.log(`# s3-native output members newer than v2's model, dropped before comparing: ${n}`);
  for (const l of lines) console.log(`#   ${l}`);
}

// Clients for the differential suites: no retries, so a 501 from a server that lacks an operation
// costs one request (v2 and the SDK for Rust both retry 5xx, the latter with a 1 s base backoff).
const DIFF_OPTIONS = { maxRetries: 0 };
let diffClients = null;

function diffClientsFor() {
  if (!diffClients) diffClients = { v2: v2(DIFF_OPTIONS), native: client(DIFF_OPTIONS) };
  return diffClients;
}

/**
 * Responses of a test server that break S3's wire format in a way the SDK for Rust rejects and
 * aws-sdk v2 tolerates (v2 does not check the XML root's name and parses header dates with
 * `new Date`). When s3-native fails on one of these, differ() asserts that it fails as v2 fails
 * on a 2xx response it cannot parse (XMLParserError, the status, retryable, with a message);
 * when it reads the response, the outputs are compared as usual.
 */
const MOTO_LISTS_OBJECTS = 'moto lacks it and answers with a ListObjects document (ListBucketResult)';
const RUST_REJECTS = {
  moto: {
    listParts: 'root element ListPartsResponse (S3: ListPartsResult)',
    getBucketVersioning: 'root element GetBucketVersioningResponse (S3: VersioningConfiguration)',
    getBucketAccelerateConfiguration: 'root element GetBucketAccelerateConfigurationResponse (S3: AccelerateConfiguration)',
    getBucketNotificationConfiguration: 'root element GetBucketNotificationResponse (S3: NotificationConfiguration)',
    listBucketInventoryConfigurations: 'root element ListBucketInventoryConfigurationsResponse (S3: ListInventoryConfigurationsResult)',
    getBucketPolicyStatus: MOTO_LISTS_OBJECTS,
    getBucketRequestPayment: MOTO_LISTS_OBJECTS,
    getBucketMetricsConfiguration: MOTO_LISTS_OBJECTS,
    getBucketIntelligentTieringConfiguration: MOTO_LISTS_OBJECTS,
    listBucketAnalyticsConfigurations: MOTO_LISTS_OBJECTS,
    listBucketMetricsConfigurations: MOTO_LISTS_OBJECTS,
    listBucketIntelligentTieringConfigurations: MOTO_LISTS_OBJECTS,
  },
};

/**
 * And the reverse: responses aws-sdk v2 cannot parse (XMLParserError) where the SDK for Rust reads
 * what the model defines. There differ() asserts that s3-native succeeded with the output the
 * model gives ({} for an operation without output members).
 */
const V2_REJECTS = {
  moto: {
    putBucketPolicy: 'a 200 body "True" for an operation without output (S3: empty)',
  },
};

/**
 * The same call through aws-sdk v2 (first) and s3-native, with equal outcomes asserted:
 * the output (pruned to v2's model, masked), the hoisted payload members, the HTTP status, and
 * the error's code/name/statusCode/retryable/message.
 *   params: an object, or who => object (who: 'v2' | 'native') for calls that must not share a
 *           resource (each client its own bucket, key or upload).
 *   opts.mask: member names whose values necessarily differ (UploadId, VersionId, ...).
 *   opts.subst: [from, to] pairs replaced inside strings (per-client names).
 *   opts.message: compare err.message (default true).
 *   opts.clients: { v2, native } instead of the default no-retry pair.
 *   opts.v2Artifact: data => data, undoes a known aws-sdk v2 parsing artifact in v2's output
 *           before comparing (the caller asserts the artifact separately).
 * Resolves { v2, native, extras, quirk } (v2/native: { data, err, status }; quirk: the reason when
 * the server's response is one of RUST_REJECTS, and then only s3-native's error was checked).
 */
async function differ(op, params, opts = {}) {
  const assert = require('node:assert/strict');
  const clients = opts.clients || diffClientsFor();
  const paramsOf = (who) => (typeof params === 'function' ? params(who) : params);
  const a = await outcome(clients.v2, op, paramsOf('v2'));
  const b = await outcome(clients.native, op, paramsOf('native'));
  const m = { keys: opts.mask || [], subst: opts.subst || [] };
  const where = `${op} on ${server}`;
  const quirk = (RUST_REJECTS[server] || {})[op];
  if (quirk && !a.err && b.err) {
    // v2 parsed it; the SDK for Rust could not. s3-native must say so as v2 would.
    assert.deepEqual(
      { ...errorFields(b.err, { message: false }), hasMessage: typeof b.err.message === 'string' && b.err.message.length > 0 },
      { isError: true, code: 'XMLParserError', name: 'XMLParserError', statusCode: a.status, retryable: true, hasMessage: true },
      `${where}: a response the SDK cannot parse (${quirk}) fails as v2's XMLParserError`,
    );
    return { v2: a, native: b, extras: [], quirk };
  }
  const v2Quirk = (V2_REJECTS[server] || {})[op];
  if (v2Quirk && a.err && a.err.code === 'XMLParserError' && !b.err) {
    const shape = v2OutputShape(op);
    const members = shape && shape.members ? Object.keys(shape.members) : [];
    assert.ok(b.data && typeof b.data === 'object', `${where}: s3-native output is an object`);
    if (members.length === 0) assert.deepEqual({ ...b.data }, {}, `${where}: no output members: {} (${v2Quirk})`);
    return { v2: a, native: b, extras: [], quirk: v2Quirk };
  }
  // v2's XMLParserError message is its XML parser's own text: there, s3-native needs a message.
  const parserError = Boolean(a.err && a.err.code === 'XMLParserError');
  const fieldOpts = { message: opts.message !== false && !parserError };
  assert.deepEqual(errorFields(b.err, fieldOpts), errorFields(a.err, fieldOpts), `${where}: error (s3-native vs aws-sdk v2)`);
  if (parserError) assert.ok(typeof b.err.message === 'string' && b.err.message.length > 0, `${where}: the error has a message`);
  const shape = v2OutputShape(op);
  const extras = [];
  if (a.data || b.data) {
    assert.ok(b.data && typeof b.data === 'object', `${where}: s3-native output is an object`);
    const pruned = pruneToModel(shape, b.data, '', extras);
    noteExtras(op, extras);
    const expected = a.data && opts.v2Artifact ? opts.v2Artifact(a.data) : a.data;
    assert.deepEqual(maskValue(pruned, m), maskValue(expected, m), `${where}: output (s3-native vs aws-sdk v2)`);
    // Hoisted payload members (non-enumerable), limited to v2's payload shape.
    const payload = shape && shape.payload ? shape.members[shape.payload] : null;
    const inModel = (k) => !payload || !payload.members || Object.prototype.hasOwnProperty.call(payload.members, k);
    const hoistedB = {};
    for (const [k, v] of Object.entries(hoistedOf(b.data))) if (inModel(k)) hoistedB[k] = v;
    const hoistedA = hoistedOf(a.data);
    assert.deepEqual(
      maskValue(pruneToModel(payload, hoistedB, '', []), m),
      maskValue(hoistedA, m),
      `${where}: hoisted payload members`,
    );
  }
  assert.equal(b.status, a.status, `${where}: HTTP status`);
  return { v2: a, native: b, extras };
}

/**
 * The output to assert further on: s3-native's, or v2's when differ() met a RUST_REJECTS response
 * (then s3-native's failure was asserted and v2's output is the one that describes the server).
 */
function outputOf(r) {
  return r.quirk && r.native.err ? r.v2.data : r.native.data;
}

/** True when both clients failed the same way because the server lacks the operation (501). */
function bothUnsupported(r) {
  return Boolean(
    r.v2.err && r.native.err && r.v2.err.statusCode === 501 && r.native.err.statusCode === 501 && r.v2.err.code === r.native.err.code,
  );
}

/**
 * Two fresh buckets, one per client (`v2`, `native`), created by each client itself, for calls
 * that change server state. `subst` maps both names to '<bucket>' for differ().
 */
async function twinBuckets(prefix = 'tw', createParams = {}) {
  const { v2: a, native: b } = diffClientsFor();
  const names = { v2: `${prefix}-${rand(6)}`, native: `${prefix}-${rand(6)}` };
  await a.createBucket({ Bucket: names.v2, ...createParams }).promise();
  await b.createBucket({ Bucket: names.native, ...createParams }).promise();
  return {
    ...names,
    of: (who) => names[who],
    subst: [
      [names.v2, '<bucket>'],
      [names.native, '<bucket>'],
    ],
  };
}

/**
 * Best-effort removal of a bucket and everything in it (versions, delete markers, multipart
 * uploads), with aws-sdk v2. Each step is skipped when the server lacks it.
 */
async function removeBucket(Bucket) {
  const s3 = v2(DIFF_OPTIONS);
  const quiet = (p) => p.then((d) => d, () => null);
  const uploads = await quiet(s3.listMultipartUploads({ Bucket }).promise());
  for (const u of (uploads && uploads.Uploads) || []) {
    await quiet(s3.abortMultipartUpload({ Bucket, Key: u.Key, UploadId: u.UploadId }).promise());
  }
  // moto fails (500) to delete versions while versioning is Suspended: enable it again first.
  const versioning = await quiet(s3.getBucketVersioning({ Bucket }).promise());
  if (versioning && versioning.Status === 'Suspended') {
    await quiet(s3.putBucketVersioning({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }).promise());
  }
  for (let round = 0; round < 20; round++) {
    const versions = await quiet(s3.listObjectVersions({ Bucket }).promise());
    let objects;
    if (versions) {
      objects = [...versions.Versions, ...versions.DeleteMarkers].map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
    } else {
      const list = await quiet(s3.listObjectsV2({ Bucket }).promise());
      objects = ((list && list.Contents) || []).map((o) => ({ Key: o.Key }));
    }
    if (objects.length === 0) break;
    for (const o of objects) {
      const del = () => s3.deleteObject({ Bucket, ...o, BypassGovernanceRetention: true }).promise();
      // An object under a legal hold (object lock) cannot go until the hold is lifted.
      if ((await quiet(del())) === null) {
        await quiet(s3.putObjectLegalHold({ Bucket, ...o, LegalHold: { Status: 'OFF' } }).promise());
        await quiet(del());
      }
    }
  }
  await quiet(s3.deleteBucket({ Bucket }).promise());
}

Object.assign(module.exports, {
  RUST_REJECTS,
  v2OutputShape,
  pruneToModel,
  hoistedOf,
  maskValue,
  errorFields,
  outcome,
  differ,
  bothUnsupported,
  outputOf,
  twinBuckets,
  removeBucket,
  extraMembersReport,
  logExtraMembers,
});
