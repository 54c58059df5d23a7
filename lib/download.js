'use strict';
// Beyond v2 and v3: a parallel ranged download, `s3.download(params, { file | stream, partSize,
// queueSize })`. The first part is a ranged GET read as a stream: its response headers fix the
// object (Content-Range gives the size, ETag the version), and the other parts start at once,
// while the first part's body is still arriving. Every other part is fetched with `Range` and
// `If-Match` on that ETag, and its response's ETag is checked as well (for servers that ignore
// If-Match), so an object overwritten mid-download fails loudly (`PreconditionFailed`) instead
// of mixing two versions. At most `queueSize` parts are in flight (the first one included), and
// with a stream a part is only started when it is within `queueSize` parts of the next one to be
// written, so memory stays near partSize x queueSize whatever the object size. The first part's
// bytes are written as they arrive (it is always the next one to write), except into a stream
// when that response is the whole object: it is kept until the SDK has verified its checksum.
//
// - `file`: written to a temporary file beside it, renamed over `file` only once every byte is
//   there; on any failure the temporary file is removed and `file` is untouched.
// - `stream`: a Writable, written in order with backpressure, ended when done and destroyed
//   with the error on failure (as `stream.pipeline` does).

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { S3Error, validationError, hidden } = require('./errors');
const { Transfer } = require('./transfer');

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 1024 * 1024;

class ManagedDownload extends Transfer {
  constructor(service, params, options) {
    super(service);
    const o = options || {};
    if (params === null || typeof params !== 'object') throw validationError('InvalidParameterType', 'params must be an object with Bucket and Key');
    if (params.Range !== undefined || params.PartNumber !== undefined) {
      throw validationError('InvalidParameterValue', 'download() fetches the whole object in ranges: use getObject for Range or PartNumber');
    }
    const hasFile = o.file !== undefined && o.file !== null;
    const hasStream = o.stream !== undefined && o.stream !== null;
    if (hasFile === hasStream) throw validationError('InvalidParameterValue', 'download() needs exactly one of options.file (a path) or options.stream (a Writable)');
    if (hasFile && typeof o.file !== 'string') throw validationError('InvalidParameterType', 'options.file must be a path string');
    if (hasStream && (typeof o.stream.write !== 'function' || typeof o.stream.end !== 'function')) {
      throw validationError('InvalidParameterType', 'options.stream must be a Writable');
    }
    this.partSize = o.partSize === undefined ? DEFAULT_PART_SIZE : Number(o.partSize);
    this.queueSize = o.queueSize === undefined ? 4 : Number(o.queueSize);
    if (!Number.isFinite(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw validationError('InvalidParameterValue', `partSize must be at least ${MIN_PART_SIZE}, received ${String(o.partSize)}`);
    }
    if (!Number.isInteger(this.queueSize) || this.queueSize < 1) {
      throw validationError('InvalidParameterValue', `queueSize must be a positive integer, received ${String(o.queueSize)}`);
    }
    this.partSize = Math.floor(this.partSize);
    this.params = { ...params };
    this.file = hasFile ? o.file : undefined;
    this.stream = hasStream ? o.stream : undefined;
    this.totalBytes = undefined;
    hidden(this, '_loaded', 0);
    hidden(this, '_received', 0);
    hidden(this, '_receiving', new Map());
    hidden(this, '_wakers', new Set());
  }

  _cleanUnstarted(err) {
    return this._cleanupTarget(err);
  }

  /**
   * Part `part` (1-based) has `bytes` received so far (`done`: all of it, and written). Reported
   * at each part's end and, in between, whenever the bytes received grow.
   */
  _progress(bytes, part, done = true) {
    if (done) {
      this._receiving.delete(part);
      this._received += bytes;
    } else this._receiving.set(part, bytes);
    let loaded = this._received;
    for (const v of this._receiving.values()) loaded += v;
    // Within a part only once the whole size is known (from the first response's headers).
    if (!done && (loaded <= this._loaded || this.totalBytes === undefined)) return;
    this._loaded = Math.max(this._loaded, loaded);
    this.emit('httpDownloadProgress', { loaded: this._loaded, total: this.totalBytes, part, key: this.params.Key });
  }

  /**
   * A ranged GET of part `part`, its progress reported as its bytes arrive. `file`: its body is
   * written natively into that range of the temporary file as it arrives (never held whole, never
   * through JS); else it is the result's Body.
   */
  _get(params, part, file) {
    // (Only when someone listens: counting costs a little per chunk.)
    const watch = (req) => {
      if (this.listenerCount('httpDownloadProgress') > 0) req.on('httpDownloadProgress', (ev) => this._progress(ev.loaded, part, false));
    };
    return this._call('getObject', params, watch, file ? { file } : undefined);
  }

  async _openTarget() {
    if (this.stream) return this._watchStream();
    const dir = path.dirname(path.resolve(this.file));
    this._temp = path.join(dir, `.${path.basename(this.file)}.${crypto.randomBytes(6).toString('hex')}.s3-native-download`);
    try {
      this._fh = await fs.promises.open(this._temp, 'wx');
    } catch (err) {
      this._temp = null;
      throw targetError(err, `options.file ${this.file}`);
    }
    return undefined;
  }

  /** Writes `buf` at `offset` of the temporary file. */
  async _writeAt(offset, buf) {
    let done = 0;
    try {
      while (done < buf.length) {
        const { bytesWritten } = await this._fh.write(buf, done, buf.length - done, offset + done);
        done += bytesWritten;
      }
    } catch (err) {
      throw targetError(err, `options.file ${this.file}`);
    }
  }

  /** Hands `chunk` to the Writable (the next bytes in order), waiting for 'drain' when it asks. */
  async _writeOut(chunk) {
    if (this._failure) throw this._failure;
    if (this.stream.destroyed || this.stream.writableEnded) {
      throw new S3Error('WritableClosed', 'options.stream was closed before the download finished', { retryable: false, $fault: 'client' });
    }
    if (chunk.length && !this.stream.write(chunk)) await this._drain();
  }

  /** Writes part `index` (its bytes start at `offset`). File: at its offset; stream: in order. */
  async _write(index, offset, buf) {
    if (this._fh) return this._writeAt(offset, buf);
    this._ready.set(index, buf);
    return this._flush();
  }

  /** Writes the parts that are next in order (stream). */
  async _flush() {
    while (this._ready.has(this._next)) {
      const chunk = this._ready.get(this._next);
      this._ready.delete(this._next);
      this._next++;
      await this._writeOut(chunk);
    }
  }

  /**
   * Sends the first GET, its body as a stream. Resolves once its response headers are in (its
   * body not read yet) with `{ status, headers, body, result }` (`result`: the request's output,
   * without Body, once the body has been read to its end); rejects with the request's error.
   */
  _open(params) {
    if (this._failure) return Promise.reject(this._failure);
    const req = this.service.getObject(params);
    this._inFlight.add(req);
    const body = req.createReadStream();
    // Its errors are the request's (reported through `result` and the reads): never uncaught.
    body.on('error', () => {});
    const result = req.promise();
    result.then(
      () => this._inFlight.delete(req),
      () => this._inFlight.delete(req),
    );
    return new Promise((resolve, reject) => {
      req.on('httpHeaders', (status, headers) => {
        if (status >= 200 && status < 300) resolve({ status, headers: headers || {}, body, result });
      });
      result.catch(reject);
    });
  }

  /**
   * Reads the first part's body to its end, writing each chunk as it arrives (the first part is
   * always the next one to write), and resolves with the request's output. Into a stream, a
   * first response that is the whole object (of at most a part) is kept until its end instead:
   * that is when the SDK verifies its checksum, and a Writable cannot take bytes back.
   */
  async _pumpFirst(first, expected, whole) {
    let received = 0;
    const keep = !this._fh && whole && expected <= this.partSize ? [] : null;
    const watched = this.listenerCount('httpDownloadProgress') > 0;
    try {
      for await (const chunk of first.body) {
        if (this._failure) throw this._failure;
        if (received + chunk.length > expected) {
          throw new S3Error('InvalidRange', `part 1: expected ${expected} bytes, received more`, { retryable: false });
        }
        if (keep) keep.push(chunk);
        else if (this._fh) await this._writeAt(received, chunk);
        else await this._writeOut(chunk);
        received += chunk.length;
        if (watched && received < expected) this._progress(received, 1, false);
      }
    } finally {
      if (!first.body.destroyed && !first.body.readableEnded) first.body.destroy();
    }
    const data = await first.result;
    if (received !== expected) {
      throw new S3Error('InvalidRange', `part 1: expected ${expected} bytes, received ${received}`, { retryable: false });
    }
    if (keep) for (const chunk of keep) await this._writeOut(chunk);
    if (!this._fh) {
      this._next = 1;
      await this._flush();
    }
    this._progress(received, 1);
    return data;
  }

  /**
   * Watches the Writable for the whole download: its 'error' (any time, also between writes)
   * and a 'close' before the download ended it fail the download instead of crashing or hanging.
   */
  _watchStream() {
    const s = this.stream;
    const onError = (err) => this._fail(targetError(err, 'options.stream'));
    const onClose = () => {
      if (!this._ended) this._fail(new S3Error('WritableClosed', 'options.stream was closed before the download finished', { retryable: false, $fault: 'client' }));
    };
    s.on('error', onError);
    s.on('close', onClose);
    this._unwatch = () => {
      s.off('error', onError);
      s.off('close', onClose);
    };
  }

  /** Waits for 'drain', or for the failure that ends the download. */
  _drain() {
    return new Promise((resolve, reject) => {
      if (this._failure) return reject(this._failure);
      const done = () => {
        this.stream.off('drain', done);
        this._wakers.delete(done);
        if (this._failure) reject(this._failure);
        else resolve();
      };
      // A set: the first part's writer and a part being flushed may both be waiting.
      this._wakers.add(done);
      this.stream.on('drain', done);
      return undefined;
    });
  }

  _onFail() {
    for (const wake of [...this._wakers]) wake();
  }

  async _finishTarget() {
    if (this._fh) {
      await this._fh.close();
      this._fh = null;
      await fs.promises.rename(this._temp, this.file);
      this._temp = null;
      return;
    }
    this._ended = true;
    await new Promise((resolve, reject) => {
      if (this._failure) return reject(this._failure);
      const wake = () => reject(this._failure);
      this._wakers.add(wake);
      this.stream.end(() => {
        this._wakers.delete(wake);
        if (this._failure) reject(this._failure);
        else resolve();
      });
      return undefined;
    });
    this._unwatch();
  }

  async _cleanupTarget(err) {
    if (this._unwatch) this._unwatch();
    if (this._fh) await this._fh.close().catch(() => {});
    this._fh = null;
    if (this._temp) await fs.promises.unlink(this._temp).catch(() => {});
    this._temp = null;
    if (this.stream && typeof this.stream.destroy === 'function' && !this.stream.destroyed) {
      // The error is reported by this download; the stream's own 'error' must not crash the process.
      this.stream.once('error', () => {});
      this.stream.destroy(err);
    }
  }

  /**
   * The first response's size and the object's: `{ total, length, whole }`. A 206 must be the
   * first part (Content-Range `bytes 0-<min(partSize, total) - 1>/<total>`); a 200 is the whole
   * object (the plain GET of an empty object, or a server that ignored the Range).
   */
  _sizes(first) {
    const h = first.headers;
    if (first.status === 206) {
      const m = /^bytes\s+(\d+)-(\d+)\/(\d+)\s*$/.exec(h['content-range'] || '');
      const [from, to, total] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
      if (!m || from !== 0 || to !== Math.min(this.partSize, total) - 1) {
        throw new S3Error('InvalidRange', `the server answered Content-Range ${JSON.stringify(h['content-range'])} for the first ${this.partSize} bytes`, { retryable: false });
      }
      return { total, length: to + 1, whole: to + 1 === total };
    }
    const n = Number(h['content-length']);
    if (h['content-length'] === undefined || !Number.isSafeInteger(n) || n < 0) {
      throw new S3Error('InvalidRange', `the server answered the whole object without a Content-Length (${JSON.stringify(h['content-length'])})`, { retryable: false });
    }
    return { total: n, length: n, whole: true };
  }

  /**
   * queueSize 1 into a file: nothing runs in parallel, so one GET of the whole object (no
   * per-part round trips), written natively into the temporary file as it arrives; resumed after
   * a broken connection, pinned to its ETag, and checked against the object's checksum when the
   * server sends one.
   */
  async _whole(params) {
    const file = { path: this._temp, offset: 0, length: Number.MAX_SAFE_INTEGER };
    const watch = (req) => {
      if (this.listenerCount('httpDownloadProgress') === 0) return;
      req.on('httpDownloadProgress', (ev) => {
        // (getObject's progress total is a string, as v2's: the Content-Length header.)
        const total = ev.total === undefined || ev.total === null ? NaN : Number(ev.total);
        if (this.totalBytes === undefined && Number.isSafeInteger(total)) this.totalBytes = total;
        this._progress(ev.loaded, 1, false);
      });
    };
    const data = await this._call('getObject', params, watch, { file });
    this.totalBytes = data.ContentLength;
    await this._finishTarget();
    this._progress(data.ContentLength, 1);
    return this._result(data, data.ContentLength);
  }

  /**
   * What the download resolves to: the (first) GetObject output as the whole object's, with
   * Bucket and Key, without what belonged to one response (its body, range, AcceptRanges).
   */
  _result(data, length) {
    const out = { ...data, Bucket: this.params.Bucket, Key: this.params.Key, ContentLength: length };
    delete out.Body;
    delete out.ContentRange;
    delete out.AcceptRanges;
    return out;
  }

  async _run() {
    const running = new Set();
    this._ready = new Map();
    this._next = 0;
    this._ended = false;
    let first = null;
    const track = (p) => {
      const tracked = p.finally(() => running.delete(tracked));
      running.add(tracked);
      tracked.catch((err) => this._fail(err));
      return tracked;
    };
    try {
      await this._openTarget();
      // The GETs that may carry the whole object ask for its checksum, which the SDK then
      // verifies (whatever responseChecksumValidation says; a ChecksumMode given is kept).
      const checked = (p) => (p.ChecksumMode === undefined ? { ...p, ChecksumMode: 'ENABLED' } : p);
      if (this._fh && this.queueSize === 1) return await this._whole(checked({ ...this.params }));
      try {
        first = await this._open(checked({ ...this.params, Range: `bytes=0-${this.partSize - 1}` }));
      } catch (err) {
        // An empty object has no byte 0: S3 answers 416. Fetch it whole (it is empty or tiny).
        if (err && err.statusCode === 416 && !this._failure) first = await this._open(checked({ ...this.params }));
        else throw err;
      }
      if (this._failure) throw this._failure;
      // The headers are in, the body not read yet: the size and the version are known.
      const { total, length, whole } = this._sizes(first);
      this.totalBytes = total;
      const ETag = first.headers.etag;
      const firstDone = track(this._pumpFirst(first, length, whole));
      const parts = whole ? 1 : Math.ceil(total / this.partSize);
      const pinned = { ...this.params };
      if (ETag) pinned.IfMatch = ETag;
      const start = (i) => {
        const from = i * this.partSize;
        const to = Math.min(total, from + this.partSize) - 1;
        const length = to - from + 1;
        // Into a file, the part goes natively to its range of the temporary file.
        const file = this._fh ? { path: this._temp, offset: from, length } : null;
        const p = this._get({ ...pinned, Range: `bytes=${from}-${to}` }, i + 1, file).then(async (data) => {
          // Checked here too: a server that ignores If-Match (s3s-fs does) must not mix versions.
          // (A file part of another version is already written: the whole download fails, and
          // its temporary file goes with it.)
          if (ETag && data.ETag && data.ETag !== ETag) {
            throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { statusCode: 412, retryable: false });
          }
          const received = file ? data.ContentLength : (data.Body || Buffer.alloc(0)).length;
          if (received !== length) {
            throw new S3Error('InvalidRange', `part ${i + 1}: expected ${length} bytes, received ${received}`, { retryable: false });
          }
          if (!file) await this._write(i, from, data.Body);
          this._progress(length, i + 1);
        });
        track(p);
      };
      let index = 1;
      while (index < parts) {
        // At most queueSize parts in flight (the first one included), and with a stream a part
        // starts only within queueSize parts of the next one to write (the memory bound).
        while (running.size >= this.queueSize || (this.stream && index >= this._next + this.queueSize)) {
          await Promise.race(running).catch(() => {});
          if (this._failure) throw this._failure;
        }
        if (this._failure) throw this._failure;
        start(index++);
      }
      await Promise.all(running);
      const data = await firstDone;
      if (this._failure) throw this._failure;
      await this._finishTarget();
      return this._result(data, total);
    } catch (err) {
      let failure = this._failure || (err instanceof S3Error ? err : targetError(err, this.file !== undefined ? `options.file ${this.file}` : 'options.stream'));
      if (failure && failure.code === 'PreconditionFailed') {
        failure = new S3Error('PreconditionFailed', `${objectName(this.params)} changed during the download (its ETag no longer matches the first part's); nothing of the newer version was written`, {
          statusCode: failure.statusCode,
          requestId: failure.requestId,
          retryable: false,
        });
      }
      this._fail(failure);
      // The first part's body, if it was never read (a failure right after its headers).
      if (first && !first.body.destroyed) first.body.destroy();
      await Promise.allSettled(running);
      await this._cleanupTarget(failure);
      throw failure;
    }
  }
}

const objectName = (p) => `s3://${p.Bucket}/${p.Key}`;

/**
 * The error of the download's target (a file that cannot be written, a Writable that failed):
 * coded with its own string `code` (`ENOSPC`, `ENOENT`, ...) or `DownloadTargetError`, the
 * original as `cause`.
 */
function targetError(err, what) {
  if (err instanceof S3Error) return err;
  let code = 'DownloadTargetError';
  let message;
  try {
    if (err && typeof err.code === 'string' && err.code !== '') code = err.code;
    message = String((err && err.message) || err);
  } catch {
    message = 'unreadable error';
  }
  const out = new S3Error(code, `${what} failed: ${message}; the download was stopped`, { retryable: false, $fault: 'client' });
  return hidden(out, 'cause', err);
}

/** `s3.download(params, { file | stream, partSize, queueSize }[, callback])`. */
function download(service, params, options, callback) {
  const d = new ManagedDownload(service, params, options);
  if (typeof callback === 'function') d.send(callback);
  return d;
}

module.exports = { ManagedDownload, download };
