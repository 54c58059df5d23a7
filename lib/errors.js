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

/**
 * Builds the S3Error for a native error value.
 * @param {object} native NativeError from the binding
 * @param {object} meta ResponseMeta from the binding
 * @param {{timeoutMs?: number, operationTimeoutMs?: number, region?: string}} ctx
 */
function fromNative(native, meta, ctx = {}) {
  let code = native.code;
  // v2 uses the numeric status as the code of a body-less error it has no name for.
  if (/^\d+$/.test(code)) code = Number(code);
  let message = native.message === undefined ? null : native.message;
  let originalError;
  if (native.originalCode) {
    originalError = new S3Error(native.originalCode, native.originalMessage || null, {
      region: ctx.region,
      hostname: native.hostname,
      retryable: native.retryable,
    });
    if (native.port != null) originalError.port = native.port;
  }
  // A connection reset or closed under the request is v2's TimeoutError too, with its own message
  // (originalError: ECONNRESET / EPIPE); a real timeout says which one elapsed.
  const dropped = native.originalCode === 'ECONNRESET' || native.originalCode === 'EPIPE';
  if (code === 'TimeoutError' && !dropped) {
    originalError = new S3Error('TimeoutError', native.message || null, { retryable: true });
    message = timeoutMessage(native, ctx);
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

module.exports = { S3Error, fromNative, metadataOf, validationError, asS3Error, asError, messageOf, hidden };
