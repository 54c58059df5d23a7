'use strict';
// The v3 face's outputs, from the native result: the model's types (Date, number), absent lists
// left absent, `$metadata` enumerable and last, and a streaming body (GetObject's `Body`) as a
// Readable with v3's `transformToString()`, `transformToByteArray()`, `transformToWebStream()`.

const { Readable } = require('stream');
const { outputStructure } = require('../operations');
const { fromNative } = require('../errors');
const { toV3Error, metadata } = require('./errors');

const TRANSFORMED = 'The stream has already been transformed.';
const WHOLE = Symbol('whole');
const NATIVE = Symbol('native');

/**
 * v3's SdkStreamMixin: a Readable whose transforms each consume it once; a second one throws,
 * as v3's. A body the binding read whole (`WHOLE`) is handed over without a pass through the
 * stream when nothing has read from it yet.
 */
class SdkBody extends Readable {
  constructor(options) {
    super(options);
    this[WHOLE] = null;
    this[NATIVE] = null;
    Object.defineProperty(this, '_transformed', { value: false, writable: true, enumerable: false });
  }

  _claim() {
    if (this._transformed) throw new Error(TRANSFORMED);
    this._transformed = true;
  }

  async _bytes() {
    const whole = this[WHOLE];
    if (whole !== null && !this.readableDidRead && this.readableFlowing === null) {
      this[WHOLE] = null;
      this.destroy();
      return new Uint8Array(whole.buffer, whole.byteOffset, whole.length);
    }
    const native = this[NATIVE];
    if (native !== null && !this.readableDidRead && this.readableFlowing === null && this.readableLength === 0) {
      // Nothing was read yet: the binding reads the rest into one buffer (no chunks through JS).
      this[NATIVE] = null;
      const r = await native.source.readAll(native.expected);
      if (r.error) {
        if (this.errored) throw this.errored; // destroyed (an abort) while reading: its error
        const err = toV3Error(fromNative(r.error, {}, native.errorContext));
        this.destroy(err);
        throw err;
      }
      this.destroy();
      const buf = r.chunk || Buffer.alloc(0);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    }
    const chunks = [];
    for await (const c of this) chunks.push(c);
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  }

  async transformToByteArray() {
    this._claim();
    return this._bytes();
  }

  async transformToString(encoding) {
    this._claim();
    const b = await this._bytes();
    if (encoding === undefined || Buffer.isEncoding(encoding)) return Buffer.from(b.buffer, b.byteOffset, b.length).toString(encoding || 'utf8');
    return new TextDecoder(encoding).decode(b);
  }

  transformToWebStream() {
    this._claim();
    if (this.readableFlowing !== null) throw new Error('The stream has been consumed by other callbacks.');
    return Readable.toWeb(this);
  }
}

/**
 * A Readable over a native body stream; a read error arrives as its 'error' (v3's error shape).
 * `expected`: the body's length (Content-Length), when known.
 */
function bodyStream(source, errorContext, expected) {
  let reading = false;
  const stream = new SdkBody({
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
  stream[NATIVE] = { source, errorContext, expected };
  return stream;
}

const noop = () => {};

/** A body the binding read whole (a small GetObject, GetObjectTorrent), or none, as v3's stream. */
function bufferStream(buf) {
  const stream = new SdkBody({ read: noop });
  if (buf && buf.length) {
    stream[WHOLE] = buf;
    stream.push(buf);
  }
  stream.push(null);
  return stream;
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
        // The Stats and Progress shapes' members, in the model's order (v3's).
        for (const kind of ['Stats', 'Progress']) {
          const d = e && e[kind] && e[kind].Details;
          if (d) e[kind].Details = { BytesScanned: d.BytesScanned, BytesProcessed: d.BytesProcessed, BytesReturned: d.BytesReturned };
        }
        yield e;
      }
    },
  };
}

/** Where v3 reads a response differently from the SDK for Rust (observed against v3 3.1175). */
const V3_SHAPES = {
  // us-east-1's `<LocationConstraint/>`: v3 leaves the member out, the crate gives ''.
  GetBucketLocation: (out) => {
    if (out.LocationConstraint === '') delete out.LocationConstraint;
  },
};

/**
 * The v3 output of a call of `model` (lib/shapes.js operation) from its native result.
 * `errorContext`: the client's, for errors while a body streams.
 */
function toV3Output(model, res, errorContext) {
  let out = res.output;
  if (typeof out === 'string') out = JSON.parse(out);
  else if (!out) out = {};
  const shape = model.output;
  if (shape) {
    // SelectObjectContent's events (`Payload`) are not a member of the shaped output.
    const events = model.eventStream ? out.Payload : undefined;
    // v3's member order, types and header maps (`Metadata` is {} when absent).
    out = outputStructure(shape, out, true, true);
    const p = shape.payload;
    if (p !== undefined && shape.members[p] === 'body') {
      out[p] = res.stream ? bodyStream(res.stream, errorContext, out.ContentLength) : bufferStream(res.body);
    }
    if (model.eventStream) out.Payload = eventStream(events);
    const fix = V3_SHAPES[model.name];
    if (fix !== undefined) fix(out);
  } else {
    for (const k of Object.keys(out)) if (out[k] === undefined || out[k] === null) delete out[k];
  }
  out.$metadata = metadata(res.meta);
  return out;
}

module.exports = { toV3Output, SdkBody };
