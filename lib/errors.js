'use strict';
// The one error class of s3-native. Fields follow aws-sdk v2 (`code`, `message`, `statusCode`,
// `requestId`, `extendedRequestId`, `region`, `time`, `retryable`) with v3's `name`, `$fault` and
// `$metadata` alongside. Enumerable keys match v2's (`Object.keys(err)`), the v3 extras are not.

/** Sets a non-enumerable property and returns the object. */
function hidden(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: false, writable: true, configurable: true });
  return obj;
}

class S3Error extends Error {
  /**
   * @param {string|number} code
   * @param {string|null} message
   * @param {object} [fields]
   */
  constructor(code, message, fields = {}) {
    super(message == null ? '' : String(message));
    // v2 keeps `message` enumerable and may leave it null (body-less 404: `String(err)` is
    // 'NotFound: null').
    Object.defineProperty(this, 'message', {
      value: message === undefined ? null : message,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    this.code = code;
    if ('region' in fields) this.region = fields.region;
    this.time = fields.time || new Date();
    if ('requestId' in fields) this.requestId = fields.requestId;
    if ('extendedRequestId' in fields) this.extendedRequestId = fields.extendedRequestId;
    if ('cfId' in fields) this.cfId = fields.cfId;
    if (fields.statusCode !== undefined) this.statusCode = fields.statusCode;
    if (fields.retryable !== undefined) this.retryable = fields.retryable;
    if (fields.hostname !== undefined) this.hostname = fields.hostname;
    if (fields.originalError !== undefined) this.originalError = fields.originalError;
    if (fields.errors !== undefined) this.errors = fields.errors;
    hidden(this, 'name', typeof code === 'string' ? code : String(code));
    hidden(this, '$fault', fields.$fault || ((fields.statusCode || 0) >= 500 ? 'server' : 'client'));
    hidden(this, '$metadata', fields.$metadata || { attempts: 0, totalRetryDelay: 0 });
    if (fields.$response !== undefined) hidden(this, '$response', fields.$response);
  }
}

/** $metadata in v3's shape from the native ResponseMeta. */
function metadataOf(meta) {
  const m = {
    httpStatusCode: meta && meta.httpStatusCode,
    requestId: meta && meta.requestId,
    extendedRequestId: meta && meta.extendedRequestId,
    cfId: undefined,
    attempts: (meta && meta.attempts) || 0,
    totalRetryDelay: 0,
  };
  return m;
}

function timeoutMessage(native, timeouts) {
  const chain = native.message || '';
  if (/operation timeout/i.test(chain) && timeouts.operationTimeoutMs) {
    return `Operation timed out after ${timeouts.operationTimeoutMs}ms`;
  }
  if (/connect/i.test(chain)) return 'Socket timed out without establishing a connection';
  if (timeouts.timeoutMs) return `Connection timed out after ${timeouts.timeoutMs}ms`;
  return chain || 'Connection timed out';
}

/** Re-adds an error's enumerable keys (all but `message`, which stays first) in v2's order. */
function ordered(err, entries) {
  for (const k of Object.keys(err)) if (k !== 'message') delete err[k];
  for (const [k, v] of entries) if (v !== undefined) err[k] = v;
  return err;
}

/** What Node's socket error would say, as v2 shows it: `read ECONNRESET`, `write EPIPE`. */
function socketError(native) {
  if (native.originalCode === 'EPIPE') return { message: 'write EPIPE', errno: -32, syscall: 'write' };
  if (/connection closed before message completed/i.test(native.originalMessage || native.message || '')) {
    return { message: 'socket hang up' };
  }
  return { message: 'read ECONNRESET', errno: -104, syscall: 'read' };
}

// Where a transport error keeps the SDK's account of the failure when v2's shape has no
// `originalError` (a symbol: neither a key, nor in JSON, nor in util.inspect).
const TRANSPORT_CAUSE = Symbol('s3-native transport cause');

/**
 * A transport failure in v2's shape: `TimeoutError` (a timeout, or a connection reset or closed
 * under the request), `UnknownEndpoint` (connection refused, DNS failure) wrapping a
 * `NetworkingError` with Node's socket error fields, or `NetworkingError`; enumerable keys in
 * v2's order, the request's region, no request ids. The SDK's own account of the failure stays
 * available to the v3 face where v2 has no `originalError` (TRANSPORT_CAUSE).
 */
function transportError(native, meta, ctx, code) {
  const region = ctx.region || null;
  const hostname = native.hostname;
  const base = { $fault: 'client', $metadata: metadataOf(meta) };
  if (code === 'UnknownEndpoint') {
    const detail = native.originalMessage || '';
    const dns = /dns error|failed to lookup address/i.test(detail);
    const orig = new S3Error('NetworkingError', null, {});
    if (dns) {
      orig.message = `getaddrinfo ENOTFOUND ${hostname}`;
      ordered(orig, [['errno', -3008], ['code', 'NetworkingError'], ['syscall', 'getaddrinfo'], ['hostname', hostname], ['region', region], ['retryable', true], ['time', orig.time]]);
    } else {
      orig.message = `connect ECONNREFUSED ${hostname}:${native.port}`;
      ordered(orig, [['errno', -111], ['code', 'NetworkingError'], ['syscall', 'connect'], ['address', hostname], ['port', native.port], ['region', region], ['hostname', hostname], ['retryable', true], ['time', orig.time]]);
    }
    hidden(orig, TRANSPORT_CAUSE, detail);
    const err = new S3Error(code, native.message, base);
    return ordered(err, [['code', code], ['region', region], ['hostname', hostname], ['retryable', true], ['originalError', orig], ['time', err.time]]);
  }
  const dropped = native.originalCode === 'ECONNRESET' || native.originalCode === 'EPIPE';
  if (code === 'TimeoutError' && dropped) {
    const sock = socketError(native);
    const err = new S3Error(code, sock.message, base);
    const original = new S3Error(native.originalCode, native.originalMessage || native.message || null, { hostname, retryable: true });
    if (native.port != null) original.port = native.port;
    hidden(err, TRANSPORT_CAUSE, original);
    return ordered(err, [['errno', sock.errno], ['code', code], ['syscall', sock.syscall], ['time', err.time], ['region', region], ['hostname', hostname], ['retryable', true]]);
  }
  const message = code === 'TimeoutError' ? timeoutMessage(native, ctx) : native.message || null;
  const err = new S3Error(code, message, base);
  hidden(err, TRANSPORT_CAUSE, new S3Error(code, native.message || null, { retryable: true }));
  return ordered(err, [['code', code], ['time', err.time], ['region', region], ['hostname', hostname], ['retryable', native.retryable !== false]]);
}

const TRANSPORT = new Set(['UnknownEndpoint', 'TimeoutError', 'NetworkingError']);

/** The transport failure under a v2-shaped error, for the v3 face (lib/v3/errors.js). */
function transportCause(err) {
  return err[TRANSPORT_CAUSE] || err.originalError;
}

/**
 * Builds the S3Error for a native error value.
 * @param {object} native NativeError from the binding
 * @param {object} meta ResponseMeta from the binding
 * @param {{timeoutMs?: number, operationTimeoutMs?: number, region?: string}} ctx
 */
function fromNative(native, meta, ctx = {}) {
  if (native.statusCode === undefined && TRANSPORT.has(native.code)) return transportError(native, meta, ctx, native.code);
  let code = native.code;
  // v2 uses the numeric status as the code of a body-less error it has no name for.
  if (/^\d+$/.test(code)) code = Number(code);
  const message = native.message === undefined ? null : native.message;
  let originalError;
  if (native.originalCode) {
    originalError = new S3Error(native.originalCode, native.originalMessage || null, {
      region: ctx.region,
      hostname: native.hostname,
      retryable: native.retryable,
    });
    if (native.port != null) originalError.port = native.port;
  }
  const fields = {
    region: native.region === undefined ? null : native.region,
    requestId: native.requestId === undefined ? (meta && meta.requestId) || null : native.requestId,
    extendedRequestId:
      native.extendedRequestId === undefined ? (meta && meta.extendedRequestId) || undefined : native.extendedRequestId,
    cfId: undefined,
    statusCode: native.statusCode === undefined ? undefined : native.statusCode,
    retryable: native.retryable,
    originalError,
    $fault: native.fault,
    $metadata: metadataOf(meta),
  };
  if (native.statusCode === undefined) {
    fields.hostname = native.hostname;
  }
  const err = new S3Error(code, message, fields);
  // The error document as S3 sent it, for the v3 face's error members (lib/v3/errors.js).
  if (native.body) hidden(err, '$body', native.body);
  return err;
}

function validationError(code, message) {
  return new S3Error(code, message, { $fault: 'client' });
}

/** The message of anything thrown (a getter, a Proxy trap or a stream may throw any value); never throws. */
function messageOf(value) {
  try {
    return String((value && value.message) || value);
  } catch {
    return 'unreadable value';
  }
}

/**
 * Anything thrown, as an Error: kept as `originalError`, a BigInt would make `JSON.stringify(err)`
 * throw, and a caller's object would be logged with the error.
 */
function asError(value) {
  try {
    if (value instanceof Error) return value;
  } catch {} // a revoked Proxy was thrown
  return new Error(messageOf(value));
}

/**
 * Anything a call throws before reaching S3 becomes an S3Error: errors we raised pass through,
 * anything else (a throwing getter or toString in params, a value the binding cannot convert)
 * is reported as an invalid parameter with the original as `originalError`.
 */
function asS3Error(err) {
  if (err instanceof S3Error) return err;
  const originalError = asError(err);
  return new S3Error('InvalidParameterValue', `Invalid params: ${messageOf(originalError)}`, { originalError, $fault: 'client' });
}

module.exports = { S3Error, fromNative, transportCause, metadataOf, validationError, asS3Error, asError, messageOf, hidden };
