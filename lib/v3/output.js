'use strict';
// The v3 face's outputs, from the native result: the model's types (Date, number), absent lists
// left absent, `$metadata` enumerable and last, and a streaming body (GetObject's `Body`) as a
// Readable with v3's `transformToString()`, `transformToByteArray()`, `transformToWebStream()`.

const { Readable } = require('stream');
const { outputStructure } = require('../operations');
const { fromNative } = require('../errors');
const { toV3Error } = require('./errors');

function metadataOf(meta) {
  return {
    httpStatusCode: meta ? meta.httpStatusCode : undefined,
    requestId: (meta && meta.requestId) || undefined,
    extendedRequestId: (meta && meta.extendedRequestId) || undefined,
    cfId: undefined,
    attempts: (meta && meta.attempts) || 1,
    totalRetryDelay: 0,
  };
}

const TRANSFORMED = 'The stream has already been transformed.';

/**
 * v3's SdkStreamMixin over a Readable: each transform consumes the stream once; a second one
 * throws, as v3's.
 */
function mixin(stream) {
  let transformed = false;
  const claim = () => {
    if (transformed) throw new Error(TRANSFORMED);
    transformed = true;
  };
  const bytes = async () => {
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  };
  Object.defineProperties(stream, {
    transformToByteArray: {
      value: async () => {
        claim();
        return bytes();
      },
      configurable: true,
      writable: true,
    },
    transformToString: {
      value: async (encoding) => {
        claim();
        const b = await bytes();
        if (encoding === undefined || Buffer.isEncoding(encoding)) return Buffer.from(b.buffer, b.byteOffset, b.length).toString(encoding || 'utf8');
        return new TextDecoder(encoding).decode(b);
      },
      configurable: true,
      writable: true,
    },
    transformToWebStream: {
      value: () => {
        claim();
        if (stream.readableFlowing !== null) throw new Error('The stream has been consumed by other callbacks.');
        return Readable.toWeb(stream);
      },
      configurable: true,
      writable: true,
    },
  });
  return stream;
}

/** A Readable over a native body stream; a read error arrives as its 'error' (v3's error shape). */
function bodyStream(source, errorContext) {
  let reading = false;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (reading) return;
      reading = true;
      const pull = () =>
        source.read().then(
          (r) => {
            if (stream.destroyed) return;
            if (r.error) {
              stream.destroy(toV3Error(fromNative(r.error, {}, errorContext)));
              return;
            }
            if (!r.chunk) {
              stream.push(null);
              return;
            }
            if (stream.push(r.chunk)) pull();
            else reading = false;
          },
          (err) => stream.destroy(err),
        );
      pull();
    },
    destroy(err, cb) {
      source.cancel();
      cb(err);
    },
  });
  return mixin(stream);
}

/** A body the binding already read whole (GetObjectTorrent), or none, as v3's stream. */
function bufferStream(buf) {
  return mixin(Readable.from(buf && buf.length ? [buf] : [], { objectMode: false }));
}

/** SelectObjectContent's `Payload`: an async iterable of v3's events (`{ Records: { Payload } }`, ...). */
function eventStream(events) {
  const list = Array.isArray(events) ? events : [];
  return {
    async *[Symbol.asyncIterator]() {
      for (const e of list) {
        if (e && e.Records && typeof e.Records.Payload === 'string') {
          const b = Buffer.from(e.Records.Payload, 'base64');
          e.Records.Payload = new Uint8Array(b.buffer, b.byteOffset, b.length);
        }
        yield e;
      }
    },
  };
}

/**
 * The v3 output of a call of `model` (lib/shapes.js operation) from its native result.
 * `errorContext`: the client's, for errors while a body streams.
 */
function toV3Output(model, res, errorContext) {
  let out = res.output;
  if (typeof out === 'string') out = JSON.parse(out);
  else if (!out) out = {};
  for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === null) delete out[k];
  const shape = model.output;
  if (shape) {
    outputStructure(shape, out, true, true);
    const p = shape.payload;
    if (p !== undefined && shape.members[p] === 'body') {
      out[p] = res.stream ? bodyStream(res.stream, errorContext) : bufferStream(res.body);
    }
    if (model.eventStream) out.Payload = eventStream(out.Payload);
  }
  out.$metadata = metadataOf(res.meta);
  return out;
}

module.exports = { toV3Output, metadataOf, mixin };
