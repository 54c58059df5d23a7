'use strict';
// aws-sdk v2's presigning helpers: getSignedUrl / getSignedUrlPromise for any operation and
// createPresignedPost. Params are validated as for a call; the URL is the operation's request
// as the SDK for Rust builds it, signed by its SigV4 signer (src/presign.rs); the POST policy is
// signed natively with the SigV4 signing key.
//
// Beyond v2: always SigV4 (v2 presigns with SigV2 for us-east-1 and custom endpoints, which
// buckets created since 2020 refuse); an expiry below 1 s, an unknown operation or a callback that
// is not a function is a coded error (v2 signs X-Amz-Expires=-5, throws a TypeError, or returns
// undefined).

const { fromNative, validationError, asS3Error } = require('./errors');
const shapes = require('./shapes');
const { promiseFor } = require('./config');

const WEEK = 604800;

/** v2: `Expires || fallback`, a number, at most a week under SigV4. A fraction is floored. */
function expiresOf(value, fallback) {
  const e = value || fallback;
  if (typeof e !== 'number') {
    throw validationError('InvalidParameterException', `The expiration must be a number, received ${typeof e}`);
  }
  if (e > WEEK) {
    throw validationError('InvalidExpiryTime', 'Presigning does not support expiry time greater than a week with SigV4 signing.');
  }
  if (!(e >= 1)) throw validationError('InvalidExpiryTime', `Presigning needs an expiry of at least 1 second, received ${e}`);
  return Math.floor(e);
}

/** The signing clock: v2's skew-corrected date (`systemClockOffset`, ms). */
function now(client) {
  const offset = Number(client.config && client.config.systemClockOffset);
  return Date.now() + (Number.isFinite(offset) ? offset : 0);
}

/** The header names (as the model spells them) that the validated params produce. */
function headersOf(shape, input) {
  const out = [];
  for (const k of Object.keys(input)) {
    const h = shape.headers[k];
    if (h === undefined || input[k] === undefined || input[k] === null) continue;
    const t = shape.members[k];
    if (typeof t === 'object' && t.kind === 'map') {
      for (const mk of Object.keys(input[k])) out.push(h + mk);
    } else out.push(h);
  }
  return out;
}

let crypto = null;

/** v2 signs a string or byte Body's SHA-256 into the URL; any other Body is not signed. */
function bodySha256(body) {
  if (typeof body !== 'string' && !ArrayBuffer.isView(body)) return undefined;
  crypto = crypto || require('crypto');
  const bytes = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function checkCallback(callback) {
  if (callback !== undefined && callback !== null && typeof callback !== 'function') {
    throw validationError('InvalidParameterType', `callback must be a function, received ${typeof callback}`);
  }
}

function settle(client, res) {
  if (res.error) throw fromNative(res.error, null, client._errorContext);
  return res.value;
}

/**
 * Everything up to the native call: throws the coded error of bad input. `v3`: the URL of the v3
 * face's `getSignedUrl` ({ expires, timeMs }): shaped as v3's, the Body not signed, ContentLength
 * allowed (a signed header).
 */
function urlInput(client, operation, params, v3) {
  const { OPERATIONS } = require('./operations');
  const op = typeof operation === 'string' && Object.prototype.hasOwnProperty.call(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (!op) {
    const hint =
      typeof operation === 'string' && /^[A-Z]/.test(operation) && OPERATIONS[operation[0].toLowerCase() + operation.slice(1)]
        ? ` (did you mean '${operation[0].toLowerCase() + operation.slice(1)}'?)`
        : '';
    throw validationError('UnknownOperation', `s3-native has no operation ${String(operation)}${hint}: name a client method, e.g. 'getObject'`);
  }
  const p = params === undefined || params === null ? {} : params;
  if (typeof p !== 'object') throw validationError('InvalidParameterType', `params must be an object, received ${typeof p}`);
  const { Expires, Body, ...rest } = p;
  const expires = v3 ? v3.expires : expiresOf(Expires, 900);
  if (v3 && Expires !== undefined) rest.Expires = Expires; // v3's Expires is PutObject's header
  if (!v3 && rest.ContentLength !== undefined) {
    throw validationError('UnexpectedParameter', 'ContentLength is not supported in pre-signed URLs.');
  }
  const prepared = op.prepare(client, rest);
  const name = op.nativeName;
  const input = prepared.input;
  return {
    operation: name,
    params: JSON.stringify(input),
    expires,
    timeMs: v3 && v3.timeMs !== undefined ? v3.timeMs : now(client),
    headers: headersOf(shapes.operation(name).input, input),
    bodySha256: Body && !v3 ? bodySha256(Body) : undefined,
    bucketOnly: input.Bucket !== undefined && input.Key === undefined,
    v3: Boolean(v3),
  };
}

/** The v3 face's presigned URL of `method` (lib/v3/presigner.js): a promise of the URL. */
async function signedUrlV3(client, method, params, options) {
  const res = await client.native.presign(urlInput(client, method, params, options));
  return settle(client, res);
}

/**
 * v2's `s3.getSignedUrl(operation, params[, callback])`: the URL, synchronously without a
 * callback (credentials resolved on this thread), else `callback(err, url)` asynchronously.
 */
function getSignedUrl(client, operation, params, callback) {
  checkCallback(callback);
  if (!callback) {
    try {
      return settle(client, client.native.presignSync(urlInput(client, operation, params)));
    } catch (err) {
      throw asS3Error(err);
    }
  }
  return withCallback(() => client.native.presign(urlInput(client, operation, params)), (res) => settle(client, res), callback);
}

/**
 * The callback form: `start()` (which throws the coded error of bad input) makes the native
 * promise, `finish(res)` its value; `callback(err, value)` runs on a later tick, outside the
 * promise chain, so a callback that throws is the caller's uncaught error.
 */
function withCallback(start, finish, callback) {
  let pending;
  try {
    pending = start();
  } catch (err) {
    process.nextTick(callback, asS3Error(err), null);
    return undefined;
  }
  pending.then(
    (res) => {
      let value;
      try {
        value = finish(res);
      } catch (err) {
        process.nextTick(callback, asS3Error(err), null);
        return;
      }
      process.nextTick(callback, null, value);
    },
    (err) => process.nextTick(callback, asS3Error(err), null),
  );
  return undefined;
}

/** v2's `getSignedUrlPromise(operation, params)`, with the client's promise dependency. */
function getSignedUrlPromise(client, operation, params) {
  return promiseFor(client.config, (resolve, reject) => getSignedUrl(client, operation, params, (err, url) => (err ? reject(err) : resolve(url))));
}

/** v2's `AWS.util.date.iso8601`: ISO 8601 without milliseconds. */
const iso8601 = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function postInput(client, params) {
  const p = params === undefined || params === null ? {} : params;
  if (typeof p !== 'object') throw validationError('InvalidParameterType', `params must be an object, received ${typeof p}`);
  const bound = client.config.params || {};
  const bucket = p.Bucket || bound.Bucket;
  if (!bucket || typeof bucket !== 'string') {
    throw validationError('MissingRequiredParameter', 'Unable to create a POST object policy without a bucket, region, and credentials');
  }
  const expires = p.Expires || 3600;
  if (typeof expires !== 'number' || !(expires > 0) || !Number.isFinite(expires)) {
    throw validationError('InvalidParameterException', `The expiration must be a positive number of seconds, received ${String(expires)}`);
  }
  const fields = p.Fields === undefined || p.Fields === null ? {} : p.Fields;
  if (typeof fields !== 'object' || Array.isArray(fields)) throw validationError('InvalidParameterType', 'params.Fields must be an object');
  const conditions = p.Conditions === undefined || p.Conditions === null ? [] : p.Conditions;
  if (!Array.isArray(conditions)) throw validationError('InvalidParameterType', 'params.Conditions must be an array');
  const t = now(client);
  const pairs = Object.keys(fields).map((k) => [k, String(fields[k])]);
  pairs.push(['bucket', bucket]);
  return {
    bucket,
    fields: pairs,
    conditions: conditions.map((c) => (c === undefined ? 'null' : JSON.stringify(c))),
    expiration: iso8601(t + expires * 1000),
    timeMs: t,
  };
}

function postResult(client, res) {
  const { url, fields } = JSON.parse(settle(client, res));
  const out = {};
  for (const [k, v] of fields) out[k] = v;
  return { url, fields: out };
}

/**
 * v2's `s3.createPresignedPost(params[, callback])`: `{ url, fields }` for an HTML form upload;
 * synchronous without a callback.
 */
function createPresignedPost(client, params, callback) {
  if (typeof params === 'function' && callback === undefined) {
    callback = params;
    params = null;
  }
  checkCallback(callback);
  if (!callback) {
    try {
      return postResult(client, client.native.presignPostSync(postInput(client, params)));
    } catch (err) {
      throw asS3Error(err);
    }
  }
  return withCallback(() => client.native.presignPost(postInput(client, params)), (res) => postResult(client, res), callback);
}

module.exports = { getSignedUrl, getSignedUrlPromise, createPresignedPost, signedUrlV3 };
