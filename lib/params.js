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

/**
 * Validation stops collecting after this many errors. v2 lists every one, so a 1 MiB string
 * passed as params (whose every index v2 reports as an unexpected key) would take seconds and
 * build a message too long for a string.
 */
const MAX_ERRORS = 100;

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

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** v2's timestamp rule: a Date, an ISO-8601 string (`...Z`) or epoch seconds. */
function timestampSeconds(value) {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value)) {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  return undefined;
}

/** v2's payload rule (`validatePayload`): string, Buffer, typed array, ArrayBuffer, stream. */
function isPayloadValue(v) {
  if (typeof v === 'string') return true;
  if (v !== null && typeof v === 'object' && typeof v.byteLength === 'number') return true;
  return isBodyValue(v);
}

/**
 * An SSE-C key as v2 sends it: the raw key base64-encoded, and its MD5 (always computed from
 * the key, as v2 does). A string that is already the base64 of a 256-bit key is taken as
 * encoded (v3's rule), so keys written for either SDK work.
 */
function sseKey(value) {
  let raw;
  if (typeof value === 'string') {
    const decoded = Buffer.from(value, 'base64');
    raw = decoded.length === 32 && decoded.toString('base64') === value ? decoded : Buffer.from(value, 'utf8');
  } else if (ArrayBuffer.isView(value)) raw = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  else raw = Buffer.from(value);
  // node:crypto loads here, on the first SSE-C key: it costs milliseconds of require() time.
  const md5 = require('crypto').createHash('md5').update(raw).digest('base64');
  return { key: raw.toString('base64'), md5 };
}

/**
 * Checks one value against its shape (a scalar code or a linked shape) and returns what the
 * binding gets: v2's `ParamValidator.validateMember`, with conversions.
 */
function checkMember(type, value, context, min, errors) {
  if (typeof type === 'object') {
    switch (type.kind) {
      case 'structure':
        return checkStructure(type, value, context, errors, null);
      case 'list': {
        if (!Array.isArray(value)) {
          errors.push(['InvalidParameterType', `Expected ${context} to be an Array`]);
          return value;
        }
        const out = [];
        for (let i = 0; i < value.length && errors.length < MAX_ERRORS; i++) {
          const v = value[i];
          if (v === undefined || v === null) continue;
          out.push(checkMember(type.member, v, `${context}[${i}]`, undefined, errors));
        }
        return out;
      }
      case 'map': {
        if (typeof value !== 'object') {
          errors.push(['InvalidParameterType', `Expected ${context} to be a map`]);
          return value;
        }
        // A copy, read once: what is checked here is exactly what the binding sends (a getter
        // cannot answer differently on a second read).
        const copy = {};
        for (const k of Object.keys(value)) {
          const v = value[k];
          if (v === undefined || v === null) continue;
          const c = checkMember(type.value, v, `${context}['${k}']`, undefined, errors);
          if (k === '__proto__') Object.defineProperty(copy, k, { value: c, enumerable: true, writable: true, configurable: true });
          else copy[k] = c;
        }
        return copy;
      }
      default:
        return value;
    }
  }
  switch (type) {
    case 's':
      if (typeof value !== 'string') errors.push(['InvalidParameterType', `Expected ${context} to be a string`]);
      return value;
    case 'i':
    case 'l':
      return checkInteger(type, value, context, min, errors);
    case 'n': {
      let n = value;
      if (typeof value === 'string' && parseFloat(value).toString() === value) n = Number(value);
      if (typeof n !== 'number' || !Number.isFinite(n)) errors.push(['InvalidParameterType', `Expected ${context} to be a number`]);
      return n;
    }
    case 'b':
      if (typeof value !== 'boolean') errors.push(['InvalidParameterType', `Expected ${context} to be a boolean`]);
      return value;
    case 't': {
      const secs = timestampSeconds(value);
      if (secs === undefined) errors.push(['InvalidParameterType', `Expected ${context} ${TS_MESSAGE}`]);
      return secs;
    }
    case 'k':
    case 'blob':
      if (!isPayloadValue(value)) {
        errors.push(['InvalidParameterType', `Expected ${context} ${BODY_MESSAGE}`]);
        return value;
      }
      if (typeof value !== 'string' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
        errors.push(['InvalidParameterType', `Expected ${context} to be a string, Buffer or typed array (a stream cannot be sent in a header)`]);
        return value;
      }
      return type === 'k' ? sseKey(value) : Buffer.from(typeof value === 'string' ? value : value).toString('base64');
    case 'body':
      if (!isBodyValue(value)) errors.push(['InvalidParameterType', `Expected ${context} ${BODY_MESSAGE}`]);
      return value;
    default:
      return value;
  }
}

/**
 * v2's `validateStructure`: the type, then the required members, then every member in key
 * order (nested errors in place). Returns the converted structure: known members only, null
 * and undefined dropped, each value read once. `top` collects the Body of an operation input.
 */
function checkStructure(shape, value, context, errors, top) {
  if (typeof value !== 'object' || value === null) errors.push(['InvalidParameterType', `Expected ${context} to be a structure`]);
  const start = errors.length;
  const out = {};
  let md5s = null;
  const keys = [];
  if (typeof value === 'string' || Array.isArray(value)) {
    // v2 walks the indices (each an unexpected key); only as many as can be reported.
    for (let i = 0; i < value.length && i <= MAX_ERRORS; i++) keys.push(String(i));
  } else if (value !== null && value !== undefined) {
    for (const k in value) {
      if (!hasOwn(value, k)) continue;
      keys.push(k);
      if (keys.length > MAX_ERRORS && !hasOwn(shape.members, k)) break; // the rest would only be unexpected
    }
  }
  for (const key of keys) {
    if (errors.length >= MAX_ERRORS) break;
    const v = value[key];
    const type = hasOwn(shape.members, key) ? shape.members[key] : undefined;
    if (type === undefined) {
      if (v !== undefined && v !== null) errors.push(['UnexpectedParameter', `Unexpected key '${key}' found in ${context}`]);
      continue;
    }
    if (v === undefined || v === null) continue;
    const sub = `${context}.${key}`;
    const converted = checkMember(type, v, sub, shape.min ? shape.min[key] : undefined, errors);
    if (type === 'body' && top) top.body = v;
    else if (type === 'k' && converted && typeof converted.key === 'string') {
      out[key] = converted.key;
      (md5s || (md5s = {}))[`${key}MD5`] = converted.md5;
    } else out[key] = converted; // may be undefined (an invalid timestamp): then errors is not empty
    if (shape.uri.length && shape.uri.includes(key) && v === '') {
      errors.push(['UriParameterError', `Expected uri parameter to have length >= 1, but found "" for ${sub}`]);
    }
  }
  // v2 always sends the MD5 of the SSE-C key it sends.
  if (md5s !== null) for (const k of Object.keys(md5s)) if (hasOwn(shape.members, k)) out[k] = md5s[k];
  // v2 reports the missing members before the members' own errors.
  let missing = null;
  for (const name of shape.required) {
    if (hasOwn(out, name) || (shape.members[name] === 'body' && top && top.body !== undefined)) continue;
    (missing || (missing = [])).push(['MissingRequiredParameter', `Missing required key '${name}' in ${context}`]);
  }
  if (missing !== null) errors.splice(start, 0, ...missing);
  return out;
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
  if (typeof shape.members[name] !== 'object' || shape.members[name].kind !== 'map') return null;
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
 * Validates `params` against an operation's input shape; returns `{ input, body }` (input
 * without Body, timestamps as epoch seconds, maps copied, null/undefined members dropped) or
 * throws an S3Error with v2's code and message.
 */
function validate(shape, params) {
  if (!params) params = {}; // v2: `params || {}`
  const errors = [];
  const top = { body: undefined };
  const input = checkStructure(shape, params, 'params', errors, top);
  if (errors.length === 1) throw validationError(errors[0][0], errors[0][1]);
  if (errors.length > 1) {
    const list = errors.map(([c, m]) => validationError(c, m));
    const count = errors.length >= MAX_ERRORS ? `at least ${errors.length}` : String(errors.length);
    const msg = `There were ${count} validation errors:\n` + errors.map(([c, m]) => `* ${c}: ${m}`).join('\n');
    const err = validationError('MultipleValidationErrors', msg);
    err.errors = list;
    throw err;
  }
  checkWire(shape, input);
  return { input, body: top.body };
}

module.exports = { validate, toEpochSeconds, timestampSeconds, isPlainObject, isWellFormed, MAX_URI_BYTES };
