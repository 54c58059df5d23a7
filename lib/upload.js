'use strict';
// v2's managed upload: `s3.upload(params[, options][, callback])` and `new S3.ManagedUpload(...)`.
// A body that fits one part is one PutObject; a larger one (or a stream of unknown length) is a
// multipart upload: CreateMultipartUpload, UploadPart with `queueSize` parts in flight, then
// CompleteMultipartUpload. The source is pulled only as fast as parts go out (backpressure), so
// memory stays near partSize x (queueSize + 1) whatever the object size. A failure, a source
// error or abort() aborts the multipart upload (unless leavePartsOnError): nothing is left behind.
//
// Each part is an ordinary uploadPart call (the SDK retries it) whose bytes the binding takes
// without a copy.

const fs = require('fs');
const { Readable } = require('stream');
const { S3Error, validationError, hidden } = require('./errors');
const { bodyView, isBlob, isNativePart, isReadable, isWebStream } = require('./body');
const shapes = require('./shapes');
const { Transfer } = require('./transfer');
const { isFileStream, sourceError } = require('./operations');
const { NativeParts } = require('./native');

const MIN_PART_SIZE = 5 * 1024 * 1024;
/** The checksum members of a completed part (CompleteMultipartUpload's Parts). */
const PART_CHECKSUMS = Object.keys(
  shapes.operation('CompleteMultipartUpload').input.members.MultipartUpload.members.Parts.member.members,
).filter((k) => k.startsWith('Checksum'));
const MAX_PARTS = 10000;

/** The members of `params` that operation `name` takes (v2 binds params per operation). */
function paramsFor(name, params, extra) {
  const shape = shapes.operation(name).input;
  const out = {};
  for (const k of Object.keys(params)) if (k !== 'Body' && shape.members[k] !== undefined && params[k] !== undefined) out[k] = params[k];
  return Object.assign(out, extra);
}

/** The byte length of a file stream's range, or undefined. */
function fileStreamLength(stream) {
  if (!(stream instanceof fs.ReadStream) || typeof stream.path !== 'string' || stream.bytesRead) return undefined;
  try {
    const size = fs.statSync(stream.path).size;
    const start = Number.isInteger(stream.start) ? stream.start : 0;
    const end = Number.isFinite(stream.end) ? Math.min(stream.end, size - 1) : size - 1;
    return Math.max(0, end - start + 1);
  } catch {
    return undefined; // reading it reports the problem
  }
}

class ManagedUpload extends Transfer {
  /**
   * v2's `new AWS.S3.ManagedUpload({ params, service, queueSize, partSize, leavePartsOnError,
   * tags })`. Throws for bad options, as v2 does.
   */
  constructor(options) {
    const o = options || {};
    let service = o.service;
    if (!service) {
      const { S3 } = require('./client');
      service = new S3();
    }
    super(service);
    this.queueSize = o.queueSize ? Number(o.queueSize) : 4;
    this.partSize = o.partSize ? Number(o.partSize) : MIN_PART_SIZE;
    this.leavePartsOnError = Boolean(o.leavePartsOnError);
    if (o.tags !== undefined && o.tags !== null) {
      if (!Array.isArray(o.tags)) throw validationError('InvalidParameterType', `Tags must be specified as an array; ${typeof o.tags} provided.`);
      this.tags = o.tags;
    }
    if (!Number.isFinite(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw validationError('InvalidParameterValue', `partSize must be greater than ${MIN_PART_SIZE}`);
    }
    if (!Number.isInteger(this.queueSize) || this.queueSize < 1) {
      throw validationError('InvalidParameterValue', `queueSize must be a positive integer, received ${String(o.queueSize)}`);
    }
    this.partSize = Math.ceil(this.partSize);
    const bound = this.service.config && this.service.config.params;
    this.params = { ...(bound && typeof bound === 'object' ? bound : {}), ...(o.params || {}) };
    const body = this.params.Body;
    // v2: a string (even '') is a body; any other falsy value is a missing one.
    if (typeof body !== 'string' && !body) throw validationError('MissingRequiredParameter', 'params.Body is required');
    this.body = body;
    // An in-memory body as a Buffer view (detached buffers refused, as putObject refuses them).
    const view = bodyView(body);
    this.buffer = view ? view.view : null;
    // Parts go out over time: a Buffer the caller changes after this call must not change them,
    // so it is copied now (unless the client promises not to, `zeroCopy`).
    if (this.buffer && !view.fresh && !(this.service.config && this.service.config.zeroCopy)) this.buffer = Buffer.from(this.buffer);
    if (this.buffer) this.totalBytes = this.buffer.length;
    else if (isReadable(body)) this.totalBytes = fileStreamLength(body);
    else if (isBlob(body)) this.totalBytes = body.size;
    else if (!isWebStream(body)) throw validationError('InvalidParameterType', 'params.Body must be a string, Buffer, typed array, Blob or stream');
    // v2: a known length that would need more than 10,000 parts grows the part size.
    if (this.totalBytes) this.partSize = Math.max(this.partSize, Math.ceil(this.totalBytes / MAX_PARTS));
    hidden(this, '_uploadId', null);
    hidden(this, '_loaded', 0);
    hidden(this, '_lastTotal', undefined);
  }

  /** CRC32 when the client calculates checksums WHEN_SUPPORTED (and the caller computed none). */
  async _defaultChecksum() {
    if (Object.keys(this.params).some((k) => k.startsWith('Checksum') && k !== 'ChecksumType' && this.params[k] !== undefined)) return undefined;
    const resolved = await this.service.resolvedConfig().catch(() => null);
    return resolved && resolved.requestChecksumCalculation === 'WHEN_SUPPORTED' ? 'CRC32' : undefined;
  }

  /**
   * A part whose body the connection has taken whole may still be stored by the server after
   * its request is cut, so after the upload was aborted: such parts are left to finish (they
   * are at their response), the others are cut and never complete.
   */
  _letFinish(req) {
    return req.operation === 'uploadPart' && req._bodySent();
  }

  /**
   * Aborts the multipart upload, then, as S3's documentation advises (a part in progress during
   * the abort may still succeed), lists its parts and aborts again while any remain (bounded).
   */
  async _abortUpload(base) {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      await this.service.abortMultipartUpload(paramsFor('AbortMultipartUpload', this.params, base)).promise().catch(() => {});
      const listed = await this.service
        .listParts(paramsFor('ListParts', this.params, base))
        .promise()
        .catch(() => null); // NoSuchUpload: gone with its parts
      if (!listed || !listed.Parts || listed.Parts.length === 0) return;
    }
  }

  _onFail() {
    if (this._source && typeof this._source.destroy === 'function') this._source.destroy();
  }

  _progress(loaded, part) {
    this._loaded = Math.max(this._loaded, loaded);
    this._lastTotal = this.totalBytes;
    this.emit('httpUploadProgress', { loaded: this._loaded, total: this.totalBytes, part, key: this.params.Key });
  }

  async _run() {
    if (this.buffer && this.buffer.length <= this.partSize) return this._single(this.buffer);
    if (this.totalBytes !== undefined && this.totalBytes <= this.partSize && isReadable(this.body)) {
      return this._single(this.body); // a small file stream: read natively by putObject
    }
    return this._multipart();
  }

  async _single(body) {
    const params = paramsFor('PutObject', this.params, { Body: body });
    if (this.tags) params.Tagging = this.tags.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(String(t.Value))}`).join('&');
    // An in-memory body here is this upload's own (a snapshot, a string's bytes, a part filled
    // from a stream) or one the client promised not to touch: sent without another copy.
    const data = await this._call(
      'putObject',
      params,
      (req) => {
        if (this.listenerCount('httpUploadProgress') > 0) req.on('httpUploadProgress', (p) => this._progress(p.loaded, 1));
      },
      { zeroCopy: true },
    );
    if (this.totalBytes === undefined) this.totalBytes = typeof body.length === 'number' ? body.length : undefined;
    const out = { ...data };
    const url = await this.service.getSignedUrlPromise('putObject', { Bucket: this.params.Bucket, Key: this.params.Key, Expires: 60 }).catch(() => null);
    if (url) out.Location = url.slice(0, url.indexOf('?') < 0 ? url.length : url.indexOf('?'));
    out.key = this.params.Key;
    out.Key = this.params.Key;
    out.Bucket = this.params.Bucket;
    for (const k of ['$response', '$metadata']) if (data[k] !== undefined) hidden(out, k, data[k]);
    return out;
  }

  /**
   * The body as part-sized Buffers, pulled one at a time; an unread file stream as part-sized
   * file streams, which uploadPart reads natively (no part passes through JS).
   */
  async *_parts() {
    if (this.buffer) {
      for (let pos = 0; pos < this.buffer.length; pos += this.partSize) yield this.buffer.subarray(pos, pos + this.partSize);
      return;
    }
    if (this.totalBytes !== undefined && isFileStream(this.body)) {
      const file = this.body;
      this._source = file; // not read: destroyed at the end, which releases its descriptor
      const start = Number.isInteger(file.start) ? file.start : 0;
      for (let pos = 0; pos < this.totalBytes; pos += this.partSize) {
        const length = Math.min(this.partSize, this.totalBytes - pos);
        const part = fs.createReadStream(file.path, { start: start + pos, end: start + pos + length - 1 });
        part.on('error', () => {}); // its problems are reported by the uploadPart that reads it
        yield Object.assign(part, { partLength: length });
      }
      return;
    }
    let src = this.body;
    if (isBlob(src)) src = Readable.fromWeb(src.stream());
    else if (isWebStream(src)) src = Readable.fromWeb(src);
    this._source = src;
    if (src.destroyed || src.readableEnded) throw validationError('InvalidParameterValue', 'params.Body is a stream that is already closed or ended');
    // The chunks are copied into native part buffers (one copy; src/parts.rs), reused once a
    // part has gone out: the upload's memory is its parts, not the stream's chunks.
    const parts = new NativeParts(this.partSize, this.queueSize + 1);
    try {
      for await (const chunk of src) {
        let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (!(buf instanceof Uint8Array)) throw new TypeError('params.Body stream produced a chunk that is not a string or Buffer');
        if (!Buffer.isBuffer(buf)) buf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
        let at = parts.write(buf, 0);
        while (at < buf.length || parts.filled === this.partSize) {
          if (parts.filled === this.partSize) yield parts.take();
          if (at < buf.length) at += parts.write(buf, at);
        }
      }
    } catch (err) {
      if (this._failure) throw this._failure;
      throw sourceError(err);
    }
    const last = parts.take();
    if (last) yield last;
  }

  async _multipart() {
    const iter = this._parts();
    // One part of look-ahead: a body that turns out to be one part is one PutObject (v2).
    let first = await iter.next();
    if (first.done) return this._single(Buffer.alloc(0));
    let second = await iter.next();
    if (second.done) {
      if (this.totalBytes === undefined) this.totalBytes = first.value.length;
      return this._single(isNativePart(first.value) ? first.value.toBuffer() : first.value);
    }
    if (this.params.ContentMD5 !== undefined) {
      throw new S3Error('InvalidDigest', 'The Content-MD5 you specified is invalid for multi-part uploads.', { retryable: false, $fault: 'client' });
    }
    // Each part carries a checksum the server verifies, and the parts' checksums go into
    // CompleteMultipartUpload so S3 composes the object's: the caller's ChecksumAlgorithm, else
    // (checksums WHEN_SUPPORTED, the default) CRC32, as v3's Upload does. WHEN_REQUIRED sends
    // none (for servers that refuse checksum headers).
    const algorithm = this.params.ChecksumAlgorithm !== undefined ? this.params.ChecksumAlgorithm : await this._defaultChecksum();
    const withChecksum = algorithm !== undefined ? { ChecksumAlgorithm: algorithm } : {};
    const created = await this._call('createMultipartUpload', paramsFor('CreateMultipartUpload', this.params, withChecksum));
    this._uploadId = created.UploadId;
    const base = { Bucket: this.params.Bucket, Key: this.params.Key, UploadId: this._uploadId };
    const partParams = paramsFor('UploadPart', this.params, { ...base, ...withChecksum });
    const done = [];
    const running = new Set();
    let number = 0;
    let chunked = 0;
    let uploaded = 0;
    const sending = new Map(); // PartNumber -> bytes of it the connection has taken so far
    const inFlight = () => {
      let n = 0;
      for (const v of sending.values()) n += v;
      return n;
    };
    const start = (buf) => {
      const size = buf.partLength !== undefined ? buf.partLength : buf.length;
      const PartNumber = ++number;
      if (PartNumber > MAX_PARTS) {
        throw new S3Error('MaxPartsExceeded', `The body needs more than ${MAX_PARTS} parts of ${this.partSize} bytes: set a larger partSize`, {
          retryable: false,
          $fault: 'client',
        });
      }
      chunked += size;
      // The part is this upload's own memory (a snapshot, a concatenation or a stream's chunk):
      // the binding sends it without another copy.
      // Progress within each part as it goes out, not only when it completes.
      // (Only when someone listens: counting costs a little per 256 KiB.)
      const watch = (req) => {
        if (this.listenerCount('httpUploadProgress') === 0) return;
        req.on('httpUploadProgress', (ev) => {
          sending.set(PartNumber, ev.loaded);
          this._progress(uploaded + inFlight(), PartNumber);
        });
      };
      const params = { ...partParams, PartNumber, Body: buf, ContentLength: size };
      const p = this._call('uploadPart', params, watch, { zeroCopy: true, countBody: true }).then((data) => {
        if (!data || !data.ETag) throw new S3Error('ETagMissing', 'No access to ETag property on response.', { retryable: false });
        const part = { ETag: data.ETag, PartNumber };
        if (algorithm !== undefined) for (const k of PART_CHECKSUMS) if (data[k]) part[k] = data[k];
        done.push(part);
        sending.delete(PartNumber);
        uploaded += size;
        this._progress(uploaded + inFlight(), PartNumber);
      });
      const tracked = p.finally(() => running.delete(tracked));
      running.add(tracked);
      // A failed part stops the rest at once (the failure is reported by the await below).
      tracked.catch((err) => this._fail(err));
    };
    try {
      start(first.value);
      let pending = second.value;
      first = second = null;
      while (pending) {
        while (running.size >= this.queueSize) await Promise.race(running).catch(() => {});
        if (this._failure) throw this._failure;
        start(pending);
        // The next part is read only once a slot is free: a stream's parts in memory are the
        // ones in flight plus the one being filled.
        while (running.size >= this.queueSize) await Promise.race(running).catch(() => {});
        if (this._failure) throw this._failure;
        const next = await iter.next();
        if (next.done && this.totalBytes === undefined) this.totalBytes = chunked; // the source ended: now known
        pending = next.done ? null : next.value;
      }
      await Promise.all(running);
      if (this._failure) throw this._failure;
      if (this._lastTotal === undefined) this._progress(uploaded, number); // the total became known after the last part

      done.sort((a, b) => a.PartNumber - b.PartNumber);
      const data = await this._call('completeMultipartUpload', paramsFor('CompleteMultipartUpload', this.params, { ...base, MultipartUpload: { Parts: done } }));
      if (data && typeof data.Location === 'string') data.Location = data.Location.replace(/%2F/g, '/');
      if (this.tags) {
        const TagSet = this.tags.map((t) => ({ Key: t.Key, Value: String(t.Value) }));
        await this._call('putObjectTagging', paramsFor('PutObjectTagging', this.params, { Bucket: this.params.Bucket, Key: this.params.Key, Tagging: { TagSet } }));
      }
      return data;
    } catch (err) {
      const failure = this._failure || err;
      this._fail(failure);
      await Promise.allSettled(running);
      if (this.leavePartsOnError || !this._uploadId) throw failure;
      // Nothing left behind: the parts go with the upload (abort() reaches here too).
      await this._abortUpload(base);
      throw failure;
    } finally {
      if (typeof iter.return === 'function') await iter.return().catch(() => {});
      if (this._source && typeof this._source.destroy === 'function' && !this._source.destroyed) this._source.destroy();
    }
  }
}

/** v2's `s3.upload(params[, options][, callback])`. */
function upload(service, params, options, callback) {
  if (typeof options === 'function' && callback === undefined) {
    callback = options;
    options = null;
  }
  const u = new ManagedUpload({ ...(options || {}), service, params });
  if (typeof callback === 'function') u.send(callback);
  return u;
}

module.exports = { ManagedUpload, upload };
