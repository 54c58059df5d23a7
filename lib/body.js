'use strict';
// Body normalisation: every accepted in-memory Body becomes a Buffer view for the binding,
// which copies it before the call returns (snapshot) unless the caller opted into zero-copy.

const { validationError } = require('./errors');

function isDetached(ab) {
  if (ab.byteLength !== 0) return false;
  if (typeof ab.detached === 'boolean') return ab.detached;
  try {
    // Constructing a view over a detached ArrayBuffer throws a TypeError.
    new Uint8Array(ab); // eslint-disable-line no-new
    return false;
  } catch {
    return true;
  }
}

function detachedError() {
  return validationError(
    'InvalidParameterType',
    'Expected params.Body to be readable, but its ArrayBuffer is detached (transferred or freed)',
  );
}

/**
 * Returns `{ view, fresh }`: `view` a Buffer over the Body's bytes (null for no Body), `fresh`
 * true when nobody else holds those bytes (a string we just encoded), so they need no snapshot.
 * Blobs are handled by `fromBlob` (asynchronous).
 */
function bodyView(body) {
  if (body === undefined || body === null) return { view: null, fresh: true };
  if (typeof body === 'string') return { view: Buffer.from(body, 'utf8'), fresh: true };
  if (Buffer.isBuffer(body)) {
    if (body.length === 0 && isDetached(body.buffer)) throw detachedError();
    return { view: body, fresh: false };
  }
  if (ArrayBuffer.isView(body)) {
    let offset;
    let length;
    try {
      offset = body.byteOffset;
      length = body.byteLength; // a DataView over a detached buffer throws here
    } catch {
      throw detachedError();
    }
    if (length === 0 && isDetached(body.buffer)) throw detachedError();
    return { view: Buffer.from(body.buffer, offset, length), fresh: false };
  }
  if (body instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && body instanceof SharedArrayBuffer)) {
    if (isDetached(body)) throw detachedError();
    return { view: Buffer.from(body), fresh: false };
  }
  return null;
}

function isBlob(body) {
  return typeof Blob !== 'undefined' && body instanceof Blob;
}

async function fromBlob(blob) {
  // A Blob is immutable, so its bytes are already a snapshot.
  return { view: Buffer.from(await blob.arrayBuffer()), fresh: true };
}

function isReadable(body) {
  return body !== null && typeof body === 'object' && typeof body.pipe === 'function' && typeof body.on === 'function';
}

/** A WHATWG ReadableStream (`fetch().body`, v3 users' web streams). */
function isWebStream(body) {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

let NativePart = null;

/** A part a managed upload filled in native memory (src/parts.rs): sent without a copy, once. */
function isNativePart(v) {
  if (v === null || typeof v !== 'object') return false;
  if (!NativePart) NativePart = require('./native').NativePart;
  return v instanceof NativePart;
}

module.exports = { bodyView, fromBlob, isBlob, isNativePart, isReadable, isWebStream };
