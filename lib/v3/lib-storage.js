'use strict';
// `s3-native/v3/lib-storage`: @aws-sdk/lib-storage's `Upload` over the v3 face's client. The
// transfer is the v2 face's ManagedUpload (lib/upload.js: one PutObject, or a multipart upload
// with `queueSize` parts in flight, aborted on failure unless `leavePartsOnError`); this file
// gives it v3's options, events, outputs and errors:
// - progress `{ loaded, total, part, Key, Bucket }`, the last one with `loaded === total`;
// - `done()` resolves to the PutObject output plus `Bucket`, `Key`, `Location`, or to the
//   CompleteMultipartUpload output, `$metadata` enumerable, as v3's;
// - `tags` are sent with PutObjectTagging once the object exists (v3: for single and multipart);
// - `abort()` (or the caller's `abortController`) makes `done()` reject with `AbortError`
//   `Upload aborted.`, and only once the requests in flight were stopped and the multipart upload
//   was aborted (v3 rejects at once and cleans up in the background), so nothing is left behind
//   when it rejects.
// Beyond v3: progress while each part goes out (v3 in Node: one event per completed part), a
// stream's `total` once it has ended (v3: undefined throughout).

const { EventEmitter } = require('events');

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10000;

/** v3's guess of the body's size: what `partSize` defaults from. */
function byteLength(body) {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (typeof body.byteLength === 'number') return body.byteLength;
  if (typeof body.length === 'number') return body.length;
  if (typeof body.size === 'number') return body.size;
  return undefined;
}

function abortError() {
  const err = new Error('Upload aborted.');
  err.name = 'AbortError';
  return err;
}

/** A v2-face output as v3 gives it: the same members, `$metadata` enumerable and last. */
function v3Output(data) {
  const out = {};
  for (const k of Object.keys(data || {})) if (data[k] !== undefined && data[k] !== null) out[k] = data[k];
  out.$metadata = data && data.$metadata ? data.$metadata : { attempts: 1, totalRetryDelay: 0 };
  return out;
}

class Upload extends EventEmitter {
  /**
   * `new Upload({ client, params, queueSize = 4, partSize, leavePartsOnError = false, tags = [],
   * abortController })`. Throws as v3's constructor does for missing params or client, a part
   * size under 5 MiB or a queue size under 1.
   */
  constructor(options) {
    super();
    this.queueSize = options.queueSize || 4;
    this.leavePartsOnError = options.leavePartsOnError || false;
    this.tags = options.tags || [];
    this.client = options.client;
    this.params = options.params;
    if (!this.params) throw new Error('InputError: Upload requires params to be passed to upload.');
    this.totalBytes = this.params.ContentLength ?? byteLength(this.params.Body);
    this.abortController = options.abortController ?? new AbortController();
    this.partSize = options.partSize || Math.max(MIN_PART_SIZE, Math.ceil((this.totalBytes || 0) / MAX_PARTS));
    if (!this.client) throw new Error('InputError: Upload requires a AWS client to do uploads with.');
    if (typeof this.client._s3 !== 'function') {
      throw new TypeError('InputError: Upload requires a client of s3-native/v3 (S3Client or S3); a client of another package cannot carry it');
    }
    if (this.partSize < MIN_PART_SIZE) {
      throw new Error(`EntityTooSmall: Your proposed upload part size [${this.partSize}] is smaller than the minimum allowed size [${MIN_PART_SIZE}] (5MB)`);
    }
    if (this.queueSize < 1) throw new Error('Queue size: Must have at least one uploading queue.');
    Object.defineProperty(this, '_sent', { value: false, writable: true });
    Object.defineProperty(this, '_managed', { value: null, writable: true });
  }

  /** The multipart upload's id once it is created (v3's `uploadId`). */
  get uploadId() {
    return (this._managed && this._managed._uploadId) || undefined;
  }

  /** Stops the upload: `done()` rejects with AbortError once everything in flight has stopped. */
  async abort() {
    this.abortController.abort();
  }

  /**
   * Runs the upload (once): the PutObject output plus `Bucket`, `Key` and `Location`, or the
   * CompleteMultipartUpload output. A second call rejects, as v3's.
   */
  async done() {
    if (this._sent) throw new Error('@aws-sdk/lib-storage: this instance of Upload has already executed .done(). Create a new instance.');
    this._sent = true;
    const signal = this.abortController.signal;
    if (signal.aborted) throw abortError();
    const onAbort = () => {
      if (this._managed) this._managed.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const { toV3Error } = require('./errors');
    try {
      let s3;
      try {
        s3 = await this.client._s3();
      } catch (err) {
        throw toV3Error(err);
      }
      if (signal.aborted) throw abortError();
      const { Key, Bucket } = this.params;
      let last = null;
      const emit = (loaded, total, part) => {
        last = { loaded, total, part, Key, Bucket };
        this.emit('httpUploadProgress', last);
      };
      let data;
      let newListener = null;
      try {
        // Tags go with PutObjectTagging afterwards (as v3), never in a Tagging header.
        this._managed = s3.upload(this.params, { queueSize: this.queueSize, partSize: this.partSize, leavePartsOnError: this.leavePartsOnError });
        // Progress is counted (natively, per part) only once somebody listens.
        let watching = false;
        const watch = () => {
          if (watching) return;
          watching = true;
          this._managed.on('httpUploadProgress', (p) => emit(p.loaded, p.total !== undefined ? p.total : this.totalBytes, p.part));
        };
        if (this.listenerCount('httpUploadProgress') > 0) watch();
        else {
          newListener = (event) => {
            if (event === 'httpUploadProgress') watch();
          };
          this.on('newListener', newListener);
        }
        data = await this._managed.promise();
      } catch (err) {
        throw signal.aborted ? abortError() : toV3Error(err);
      } finally {
        if (newListener !== null) this.removeListener('newListener', newListener);
      }
      const managed = this._managed;
      const multipart = Boolean(managed._uploadId);
      const total = managed.totalBytes !== undefined ? managed.totalBytes : this.totalBytes;
      if (!last || last.loaded !== total || last.total !== total) emit(total, total, last ? last.part : 1);
      let out;
      if (multipart) out = v3Output(data);
      else {
        const { key: _lower, ...rest } = data;
        out = v3Output({ ...rest, Bucket, Key, $metadata: data.$metadata });
      }
      if (this.tags.length) {
        const tagging = require('../shapes').operation('PutObjectTagging').input.members;
        const params = {};
        for (const k of Object.keys(this.params)) if (tagging[k] !== undefined && this.params[k] !== undefined) params[k] = this.params[k];
        params.Tagging = { TagSet: this.tags };
        try {
          await s3.putObjectTagging(params).promise();
        } catch (err) {
          throw toV3Error(err);
        }
      }
      if (signal.aborted) throw abortError();
      return out;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

module.exports = { Upload };
