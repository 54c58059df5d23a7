'use strict';
// Client-side parameter validation with aws-sdk v2's codes and messages
// (`v2:lib/param_validator.js`), then conversion to what the binding takes. Everything here is
// driven by the shape tables in lib/shapes.js: no operation has its own rules.

const { validationError } = require('./errors');
const { isWebStream } = require('./body');

const TS_MESSAGE = 'to be a Date object, ISO-8601 string, or a UNIX timestamp';
const BODY_MESSAGE = 'to be a string, Buffer, Stream, Blob, or typed array object';
const INT32 = [-(2 ** 31), 2 ** 31 - 1];
const LONG = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];

/**
 * The encoded request URI (path and query) must stay below this many bytes: the http crate
 * under the Rust SDK refuses URIs of 65,535 bytes or more (and the SDK panics on it), and the
 * SDK adds a little of its own (`x-id=GetObject`, the leading `/`).
 */
const MAX_URI_BYTES = 60000;

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isBodyValue(v) {
  return (
    typeof v === 'string' ||
    ArrayBuffer.isView(v) ||
    v instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer) ||
    (typeof Blob !== 'undefined' && v instanceof Blob) ||
    isWebStream(v) ||
    // A stream is read with `for await`: something with pipe() and on() that cannot be iterated
    // is not one (it would fail half-sent).
    (v !== null &&
      typeof v === 'object' &&
      typeof v.pipe === 'function' &&
      typeof v.on === 'function' &&
      typeof v[Symbol.asyncIterator] === 'function')
  );
}

/** Timestamp -> epoch seconds, or undefined when the value is not a timestamp. */
function toEpochSeconds(v) {
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    const t = Date.parse(v);
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  return undefined;
}

// A lone surrogate has no UTF-8 form: encoding it would silently send U+FFFD instead.
// (String.prototype.isWellFormed / toWellFormed: Node 20; the fallbacks serve Node 18.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);
const toWellFormed =
  typeof String.prototype.toWellFormed === 'function'
    ? (s) => s.toWellFormed()
    : (s) => s.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');

function checkInteger(type, value, context, min, errors) {
  let n = value;
  // v2 accepts numeric strings when parseFloat(v).toString() === v.
  if (typeof value === 'string' && parseFloat(value).toString() === value) n = Number(value);
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    errors.push(['InvalidParameterType', `Expected ${context} to be a number`]);
    return value;
  }
  // The binding truncates fractions and wraps out-of-range values: PartNumber 1.5 or 2**32 + 1
  // would read another part than the one asked for.
  if (!Number.isInteger(n)) {
    errors.push(['InvalidParameterValue', `Expected ${context} to be an integer, but found ${n}`]);
    return value;
  }
  const [lo, hi] = type === 'i' ? INT32 : LONG;
  const floor = min === undefined ? lo : Math.max(lo, min);
  if (n < floor) errors.push(['MinRangeError', `Expected numeric value >= ${floor}, but found ${n} for ${context}`]);
  else if (n > hi) errors.push(['MaxRangeError', `Expected numeric value <= ${hi}, but found ${n} for ${context}`]);
  return n;
}

/** Checks one member; returns the value the binding gets. */
function checkMember(type, value, context, min, errors) {
  switch (type) {
    case 's':
      if (typeof value !== 'string') errors.push(['InvalidParameterType', `Expected ${context} to be a string`]);
      return value;
    case 'i':
    case 'l':
      return checkInteger(type, value, context, min, errors);
    case 'b':
      if (typeof value !== 'boolean') errors.push(['InvalidParameterType', `Expected ${context} to be a boolean`]);
      return value;
    case 't': {
      const secs = toEpochSeconds(value);
      if (secs === undefined) errors.push(['InvalidParameterType', `Expected ${context} ${TS_MESSAGE}`]);
      return secs;
    }
    case 'm': {
      if (!isPlainObject(value)) {
        errors.push(['InvalidParameterType', `Expected ${context} to be a map`]);
        return value;
      }
      // A copy, read once: what is checked here is exactly what the binding sends (a getter
      // cannot answer differently on a second read).
      const copy = {};
      for (const k of Object.keys(value)) {
        const v = value[k];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string') errors.push(['InvalidParameterType', `Expected ${context}['${k}'] to be a string`]);
        else if (k === '__proto__') Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
        else copy[k] = v;
      }
      return copy;
    }
    case 'body':
      if (!isBodyValue(value)) errors.push(['InvalidParameterType', `Expected ${context} ${BODY_MESSAGE}`]);
      return value;
    default:
      return value;
  }
}

const UNRESERVED = /[A-Za-z0-9\-._~/]/;
// RFC 9110 token characters (header names).
const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// What a header value cannot hold: C0 controls except tab, and DEL.
const HEADER_CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

const headerValueOk = (v) => isWellFormed(v) && !HEADER_CONTROL.test(v);

/** Bytes `s` takes in a URI once percent-encoded (UTF-8; `/` kept, as in a greedy label). */
function encodedLength(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += UNRESERVED.test(s[i]) ? 1 : 3;
    else if (c < 0x800) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 12; // a surrogate pair: 4 UTF-8 bytes
      i++;
    } else n += 9;
  }
  return n;
}

function wireText(v) {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

// Per shape: member -> 'uri' | 'query' | 'header', built once.
const LOCATIONS = new WeakMap();

function locationsOf(shape) {
  let loc = LOCATIONS.get(shape);
  if (loc === undefined) {
    loc = Object.create(null);
    for (const name of shape.uri) loc[name] = 'uri';
    for (const name of shape.query) loc[name] = 'query';
    for (const name of Object.keys(shape.headers)) loc[name] = 'header';
    LOCATIONS.set(shape, loc);
  }
  return loc;
}

/** The first problem with a header member, as v2 reports it, or null. */
function headerProblem(shape, name, v) {
  const header = shape.headers[name];
  if (typeof v === 'string') {
    return headerValueOk(v) ? null : headerError(`Invalid character in header content [${JSON.stringify(header)}]`);
  }
  if (shape.members[name] !== 'm') return null;
  for (const k of Object.keys(v)) {
    if (k !== '' && !HTTP_TOKEN.test(k)) {
      return headerError(`Header name must be a valid HTTP token [${JSON.stringify(header + toWellFormed(k))}]`);
    }
    if (!headerValueOk(v[k])) return headerError(`Invalid character in header content [${JSON.stringify(header + k)}]`);
  }
  return null;
}

/**
 * What the wire cannot carry, checked after the types are right and before anything is sent,
 * with the error aws-sdk v2 reports for the same input (v2 fails while building the request, so
 * nothing is sent either). The Body is exempt: a string Body is encoded as UTF-8 with U+FFFD for
 * a lone surrogate, as v2 and v3 do, and the bytes sent are the bytes hashed.
 */
function checkWire(shape, input) {
  const loc = locationsOf(shape);
  let malformedUri = false;
  let headerErr = null;
  let bound = 0; // an upper bound of the request URI's length: 9 bytes per UTF-16 unit at most
  for (const name in input) {
    const where = loc[name];
    if (where === undefined) continue;
    const v = input[name];
    if (where === 'header') {
      // v2: Node's http layer refuses the header (ERR_INVALID_CHAR / ERR_INVALID_HTTP_TOKEN) and
      // v2 reports it as a NetworkingError before connecting. The checks are the ones the Rust
      // SDK's http crate makes (non-ASCII text is sent as UTF-8, as before), done here so that
      // the error never quotes the value: it may be a secret (an SSE-C key).
      if (headerErr === null) headerErr = headerProblem(shape, name, v);
    } else {
      // v2: `encodeURIComponent` throws while building the path or query string.
      if (typeof v === 'string' && !isWellFormed(v)) malformedUri = true;
      bound += wireText(v).length * 9 + name.length + 2;
    }
  }
  if (malformedUri) throw validationError('URIError', 'URI malformed');
  if (headerErr !== null) throw headerErr;
  if (bound <= MAX_URI_BYTES) return;
  let total = 64; // the SDK's own `/`, `?x-id=...` and separators
  let longest = null;
  let longestBytes = -1;
  for (const name in input) {
    if (loc[name] !== 'uri' && loc[name] !== 'query') continue;
    const text = wireText(input[name]);
    if (text === '') continue;
    const bytes = encodedLength(text);
    total += bytes + name.length + 2;
    if (bytes > longestBytes) {
      longest = name;
      longestBytes = bytes;
    }
  }
  if (total <= MAX_URI_BYTES) return;
  const detail = `params.${longest} is ${longestBytes} bytes once percent-encoded, which makes the request URI ${total} bytes (the limit is ${MAX_URI_BYTES})`;
  if (longest === 'Key') throw validationError('KeyTooLongError', `Your key is too long: ${detail}`);
  throw validationError('InvalidParameterValue', `Too long: ${detail}`);
}

function headerError(message) {
  const err = validationError('NetworkingError', message);
  err.retryable = false;
  return err;
}

/**
 * Validates `params` against `shape`; returns `{ input, body }` (input without Body, timestamps
 * as epoch seconds, maps copied, null/undefined members dropped) or throws an S3Error.
 */
function validate(shape, params) {
  if (params === undefined || params === null) params = {};
  if (!isPlainObject(params)) {
    throw validationError('InvalidParameterType', 'Expected params to be a structure');
  }
  const errors = [];
  const input = {};
  let body;
  // Each member is read once: a getter cannot pass validation with one value and send another.
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    const type = hasOwn(shape.members, key) ? shape.members[key] : undefined; // not 'constructor'
    if (type === undefined) {
      errors.push(['UnexpectedParameter', `Unexpected key '${key}' found in params`]);
      continue;
    }
    const converted = checkMember(type, value, `params.${key}`, shape.min && shape.min[key], errors);
    if (type === 'body') body = value;
    else input[key] = converted; // may be undefined (an invalid timestamp): then errors is not empty
  }
  // v2 reports missing members first.
  let missing = null;
  for (const name of shape.required) {
    if (hasOwn(input, name) || (shape.members[name] === 'body' && body !== undefined)) continue;
    (missing || (missing = [])).push(['MissingRequiredParameter', `Missing required key '${name}' in params`]);
  }
  if (missing !== null) errors.unshift(...missing);
  for (const name of shape.uri) {
    if (input[name] === '') {
      errors.push(['UriParameterError', `Expected uri parameter to have length >= 1, but found "" for params.${name}`]);
    }
  }
  if (errors.length === 1) throw validationError(errors[0][0], errors[0][1]);
  if (errors.length > 1) {
    const list = errors.map(([c, m]) => validationError(c, m));
    const msg = `There were ${errors.length} validation errors:\n` + errors.map(([c, m]) => `* ${c}: ${m}`).join('\n');
    const err = validationError('MultipleValidationErrors', msg);
    err.errors = list;
    throw err;
  }
  checkWire(shape, input);
  return { input, body };
}

module.exports = { validate, toEpochSeconds, isPlainObject, isWellFormed, MAX_URI_BYTES };
