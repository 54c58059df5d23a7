'use strict';
// The v3 face's errors, as @aws-sdk/client-s3 gives them: a service error is an instance of its
// modelled exception class (`NoSuchKey`, `NotFound`, ...) or of `S3ServiceException`, with
// `name` = the error code, `message`, `$fault`, `$metadata`, `$retryable` and the members of the
// error document (`Code`, `Key`, `BucketName`, ...); a body-less error is `NotFound` (404) or
// `Unknown`, message `UnknownError`. A transport failure is an `Error` with the socket's `code`
// (`ECONNREFUSED`, ...) and `$metadata`. Errors raised before anything is sent keep the v2 face's
// coded S3Error (`name` = its code). Also `known()`, the input filter both the calls and the
// presigned URLs of the v3 face apply, and `metadata()`, v3's `$metadata` of outputs and errors.

const { S3Error, transportCause } = require('../errors');
const { exceptions } = require('../generated/v3');

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

/** Duck-typed, as v3's: an error from another copy of the package is still recognised. */
function isServiceError(v) {
  return Boolean(v) && typeof v === 'object' && typeof v.$fault === 'string' && typeof v.$metadata === 'object' && v.$metadata !== null;
}

class S3ServiceException extends Error {
  /** @param {{ name: string, $fault: 'client'|'server', $metadata?: object, message?: string }} options */
  constructor(options = {}) {
    super(options.message);
    Object.defineProperty(this, 'message', { value: options.message, enumerable: true, writable: true, configurable: true });
    this.$fault = options.$fault;
    this.$retryable = options.$retryable;
    this.$metadata = options.$metadata || {};
    this.name = options.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /**
   * `err instanceof NoSuchKey` holds for any service error named NoSuchKey (v3 does the same,
   * so errors from another copy of the package, or rebuilt by a retry wrapper, still match).
   */
  static [Symbol.hasInstance](v) {
    if (!v || typeof v !== 'object') return false;
    if (this === S3ServiceException) return isServiceError(v) || Object.prototype.isPrototypeOf.call(S3ServiceException.prototype, v);
    if (Object.prototype.isPrototypeOf.call(this.prototype, v)) return true;
    return isServiceError(v) && v.name === this.name;
  }
}

/** One class per modelled exception, named as the model names it. */
const CLASSES = Object.create(null);
for (const [name, members] of Object.entries(exceptions)) {
  // As v3's: `new NoSuchKey({ message, $metadata })` is a complete error (name, client fault).
  const cls = {
    [name]: class extends S3ServiceException {
      constructor(options = {}) {
        super({ name, $fault: 'client', ...options });
        for (const m of members) this[m] = options[m];
      }
    },
  }[name];
  CLASSES[name] = cls;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return hasOwn(ENTITIES, e) ? ENTITIES[e] : m;
  });

/** The simple members of an S3 error document (`<Error><Code>..</Code>..</Error>`). */
function errorMembers(xml) {
  const out = {};
  if (typeof xml !== 'string' || xml === '') return out;
  const inner = /<Error\b[^>]*>([\s\S]*)<\/Error>/.exec(xml);
  if (!inner) return out;
  const re = /<([A-Za-z_][\w.-]*)\b[^>]*>([^<]*)<\/\1>|<([A-Za-z_][\w.-]*)\s*\/>/g;
  let m;
  while ((m = re.exec(inner[1])) !== null) {
    if (m[3] !== undefined) {
      if (!hasOwn(out, m[3])) out[m[3]] = '';
    } else if (!hasOwn(out, m[1])) out[m[1]] = unescape(m[2]);
  }
  return out;
}

/**
 * The input without members the operation does not have: v3 sends (and signs) only its model's
 * members and ignores the rest (a spread output, an extra field), where the v2 face rejects them.
 * The v3 face's calls and presigned URLs apply it before validation.
 */
function known(shape, input) {
  if (input === null || typeof input !== 'object') return input;
  let copy = null;
  for (const k in input) {
    if (!hasOwn(input, k) || k in shape.members) continue;
    if (copy === null) copy = { ...input };
    delete copy[k];
  }
  return copy === null ? input : copy;
}

/** v3's `$metadata` from a native ResponseMeta (or an S3Error's); `status` the HTTP status. */
function metadata(m, status = m ? m.httpStatusCode : undefined) {
  return {
    httpStatusCode: status,
    requestId: m ? m.requestId || undefined : undefined,
    extendedRequestId: m ? m.extendedRequestId || undefined : undefined,
    cfId: undefined,
    attempts: (m && m.attempts) || 1,
    totalRetryDelay: (m && m.totalRetryDelay) || 0,
  };
}

/** A service error (an HTTP answer) as v3's exception. */
function serviceError(err) {
  const status = err.statusCode;
  const members = errorMembers(err.$body);
  const name = members.Code || (status === 404 ? 'NotFound' : 'Unknown');
  const message = members.Message || 'UnknownError';
  const Ctor = CLASSES[name] || S3ServiceException;
  const e = new Ctor({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: metadata(err.$metadata, status), message });
  for (const k of Object.keys(members)) {
    if (k === 'Message' || k === 'message' || k === 'name' || k === '__proto__' || k[0] === '$') continue;
    e[k] = members[k];
  }
  return e;
}

/** A transport failure as v3 reports it: the socket's error, with `$metadata`. */
function transportError(err) {
  const orig = transportCause(err);
  const code = orig && typeof orig.code === 'string' ? orig.code : undefined;
  const e = new Error(orig && orig.message ? orig.message : err.message || String(err.code));
  if (err.code === 'TimeoutError' && (!code || code === 'TimeoutError')) e.name = 'TimeoutError';
  if (code && code !== 'TimeoutError') e.code = code;
  else if (err.code === 'TimeoutError') e.code = 'ETIMEDOUT';
  if (orig && orig.hostname !== undefined) e.address = orig.hostname;
  if (orig && orig.port !== undefined) e.port = orig.port;
  e.$metadata = { attempts: (err.$metadata && err.$metadata.attempts) || 1, totalRetryDelay: 0 };
  Object.defineProperty(e, 'cause', { value: err, enumerable: false, writable: true, configurable: true });
  return e;
}

/** Any error of the v2 face (or any thrown value) as the v3 face reports it. */
function toV3Error(err) {
  if (!(err instanceof S3Error)) return err;
  // A response that could not be read as the operation's output: the coded error as it is.
  if (err.code === 'XMLParserError') return err;
  if (typeof err.statusCode === 'number') return serviceError(err);
  if (err.code === 'NetworkingError' || err.code === 'TimeoutError' || err.code === 'UnknownEndpoint') return transportError(err);
  return err; // raised before sending: coded (name = code), as the v2 face's
}

module.exports = { S3ServiceException, CLASSES, toV3Error, errorMembers, metadata, known };
