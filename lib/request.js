'use strict';
// aws-sdk v2's request object (`AWS.Request`) and response object (`AWS.Response`), over one
// native call per request. Nothing is sent until send(), promise(), createReadStream() or then().
// Events fire in v2's order with v2's arguments; see the README for which ones are synthesised.

const { Readable } = require('stream');
const { NativeProgress } = require('./native');
const { takeAbort, giveAbort } = require('./abort-pool');
const { S3Error, fromNative, asS3Error, asError, messageOf, validationError } = require('./errors');
const { settle, hidden } = require('./operations');
const paging = require('./paginate');

const TERMINAL = new Set(['success', 'error', 'complete']);

class Response {
  constructor(request) {
    this.request = request;
    this.data = null;
    this.error = null;
    this.retryCount = 0;
    this.redirectCount = 0;
    this.maxRetries = request.service._maxRetries;
    this.maxRedirects = 10;
    this.httpResponse = { statusCode: undefined, statusMessage: undefined, headers: {}, body: undefined, stream: null };
    this.requestId = undefined;
    this.extendedRequestId = undefined;
    this.cfId = undefined;
  }

  /**
   * v2: true when the operation pages and this page says there is another; false when it is the
   * last (or failed); undefined for an operation that does not page.
   */
  hasNextPage() {
    if (!hasOwn(this, 'nextPageTokens')) this.nextPageTokens = paging.nextPageTokens(this);
    if (this.nextPageTokens) return true;
    return this.nextPageTokens === undefined ? undefined : false;
  }

  /**
   * v2: the request for the next page — unsent without a callback, sent with one — or null (and
   * `cb(err, null)`) after the last page. Throws for an operation that does not page.
   */
  nextPage(cb) {
    if (!paging.paginatorOf(this.request)) {
      const err = paging.noPaginator(this.request);
      if (cb) {
        cb(err, null);
        return null;
      }
      throw err;
    }
    if (!this.hasNextPage()) {
      if (cb) cb(this.error, null);
      else if (this.error) throw this.error;
      return null;
    }
    const params = paging.nextPageParams(this, this.nextPageTokens);
    return this.request.service.makeRequest(this.request.operation, params, this.request._options, cb);
  }
}

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function abortedError(byUser) {
  return byUser
    ? new S3Error('RequestAbortedError', 'Request aborted by user', { retryable: false })
    : new S3Error('AbortError', 'Request aborted', { retryable: false });
}

/** An AbortSignal, or an object that behaves as one (another realm's, a polyfill's). */
function isAbortSignal(v) {
  if (typeof AbortSignal === 'function' && v instanceof AbortSignal) return true;
  return v !== null && typeof v === 'object' && typeof v.addEventListener === 'function' && 'aborted' in v;
}

/** Anything a call throws before reaching S3, as a coded S3Error. */
function callError(err) {
  const e = asError(err);
  return e instanceof S3Error ? e : asS3Error(e);
}

// Headers every request gets from the SDK itself (signing, framing): a listener cannot set them.
const RESERVED_HEADERS = new Set([
  'host', 'content-length', 'authorization', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token',
  'transfer-encoding', 'connection', 'expect',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * What v2 code put on `req.httpRequest.headers` (typically in a `build` or `sign` listener), as
 * `[name, value, ...]` for the native call, which adds them to every attempt before signing;
 * undefined when there are none. A name or value that HTTP cannot carry, or a header the SDK
 * computes, is a coded error before anything is sent.
 */
function extraHeaders(headers) {
  if (headers === null || typeof headers !== 'object') return undefined;
  let any = false;
  for (const _ in headers) {
    any = true;
    break;
  }
  if (!any) return undefined; // the common case, on every call: no allocation
  let out;
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (v === undefined || v === null) continue;
    if (!HEADER_NAME.test(k)) throw validationError('InvalidParameterValue', `Invalid header name in httpRequest.headers: ${JSON.stringify(k)}`);
    if (RESERVED_HEADERS.has(k.toLowerCase())) {
      throw validationError('InvalidParameterValue', `httpRequest.headers['${k}'] cannot be set: s3-native computes it for every request`);
    }
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
    if (s === null || !HEADER_VALUE.test(s)) {
      throw validationError('InvalidParameterValue', `Invalid value for header '${k}' in httpRequest.headers: expected printable ASCII text`);
    }
    (out || (out = [])).push(k, s);
  }
  return out;
}

/** A problem with the call's options, reported like a params problem (never thrown). */
function optionsError(err) {
  if (err instanceof S3Error) return err;
  const original = asError(err);
  const e = validationError('InvalidParameterValue', `Invalid options: ${messageOf(original)}`);
  e.originalError = original;
  return e;
}

const STATE = Symbol('s3-native request state');

class Request {
  constructor(service, op, params, options) {
    this.service = service;
    this.operation = op.name;
    this.params = params || {}; // v2: a falsy params is {}
    this.startTime = new Date();
    this.httpRequest = { method: op.httpMethod, path: undefined, headers: {}, body: undefined, endpoint: service.config.endpoint };
    this.response = new Response(this);
    // The request's own state, under a symbol (invisible to Object.keys, JSON and for-in, as v2's
    // request shows only its public fields) and read through the accessors below: one plain
    // object instead of a non-enumerable property each (issue 14: ~2 µs per call).
    this[STATE] = {
      _op: op,
      _options: options || {},
      _listeners: Object.create(null),
      _state: 'new', // new | sent | done
      _abort: null,
      _aborted: null, // 'user' | 'signal'
      _promise: null,
      _finished: false, // the terminal events ran (or are running)
      _optionsError: null, // reported when the request is sent, never thrown here
      _unwatch: null,
      _fastPath: false,
      _readStream: null,
      _streamData: undefined,
      _sent: null, // { progress, prepared }: the body's count, with options.countBody
    };
    try {
      this._watch(this._options.abortSignal);
    } catch (err) {
      this._optionsError = optionsError(err);
    }
  }

  /** v3's `{ abortSignal }`: aborts the call when the signal fires. */
  _watch(signal) {
    if (signal === undefined || signal === null) return;
    if (!isAbortSignal(signal)) {
      throw validationError('InvalidParameterType', 'Expected options.abortSignal to be an AbortSignal');
    }
    if (signal.aborted) {
      this._aborted = 'signal';
      return;
    }
    const onAbort = () => this._doAbort('signal');
    signal.addEventListener('abort', onAbort, { once: true });
    // Released when the request ends: a long-lived signal must not keep every request alive.
    this._unwatch = () => {
      try {
        signal.removeEventListener('abort', onAbort);
      } catch {}
    };
  }

  /** The request is over: release what it held. */
  _release() {
    this._state = 'done';
    if (this._abort) {
      // Settled: abort() is a no-op from here on, and the handle can serve another call (unless
      // a native call or body stream still holds it: then it is not reused).
      giveAbort(this._abort);
      this._abort = null;
    }
    if (this._unwatch) {
      const unwatch = this._unwatch;
      this._unwatch = null;
      unwatch();
    }
  }

  // ---- listeners (v2 SequentialExecutor semantics) ----

  on(event, listener, toHead) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const list = this._listeners[event] || (this._listeners[event] = []);
    if (toHead === true) list.unshift(listener);
    else list.push(listener);
    return this;
  }

  addListener(event, listener, toHead) {
    return this.on(event, listener, toHead);
  }

  /** The listener gets a trailing `done(err?)` and the request waits for it. */
  onAsync(event, listener, toHead) {
    const wrapped = listener;
    hidden(wrapped, '_isAsync', true);
    return this.on(event, wrapped, toHead);
  }

  once(event, listener) {
    const self = this;
    function one(...args) {
      self.removeListener(event, one);
      return listener.apply(this, args);
    }
    return this.on(event, one);
  }

  removeListener(event, listener) {
    const list = this._listeners[event];
    if (list) {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  off(event, listener) {
    return this.removeListener(event, listener);
  }

  removeAllListeners(event) {
    if (event === undefined) this._listeners = Object.create(null);
    else delete this._listeners[event];
    return this;
  }

  listeners(event) {
    return (this._listeners[event] || []).slice();
  }

  _has(event) {
    const l = this._listeners[event];
    return l !== undefined && l.length > 0;
  }

  _hasAny() {
    for (const k in this._listeners) if (this._listeners[k].length > 0) return true;
    return false;
  }

  /**
   * Runs the listeners of a non-terminal event in order; a throw (or `done(err)` from an async
   * listener) stops the rest and is passed to `next(err)`.
   */
  _emit(event, args, next) {
    const list = this._listeners[event];
    if (list === undefined || list.length === 0) return next(null);
    const copy = list.slice();
    let i = 0;
    const step = (err) => {
      if (err) return next(err);
      if (i >= copy.length) return next(null);
      const fn = copy[i++];
      if (fn._isAsync) {
        let called = false;
        const done = (e) => {
          if (called) return;
          called = true;
          step(e || null);
        };
        try {
          fn.call(this, ...args, done);
        } catch (e) {
          done(e);
        }
        return undefined;
      }
      try {
        fn.apply(this, args);
      } catch (e) {
        return next(e);
      }
      return step(null);
    };
    return step(null);
  }

  /** Terminal events: a throwing listener propagates (v2 re-throws from terminal states). */
  _emitTerminal(event, args) {
    const list = this._listeners[event];
    if (list === undefined || list.length === 0) return;
    for (const fn of list.slice()) fn.apply(this, args);
  }

  // ---- sending ----

  send(callback) {
    if (typeof callback === 'function') {
      const resp = this.response;
      const later = (err, data) => process.nextTick(() => callback.call(resp, err, data));
      if (this._finished) {
        // Already over: report that outcome once, as a callback would have seen it.
        later(resp.error, resp.error ? null : resp.data);
      } else if (this._fastPath) {
        // In flight through promise()'s fast path, which fires no events: follow its promise.
        this._promise.then((data) => later(null, data), (err) => later(err, null));
      } else {
        this.on('complete', function onComplete(r) {
          callback.call(r, r.error, r.data);
        });
      }
    }
    this._start(false);
    return this.response;
  }

  promise() {
    if (this._promise) return this._promise;
    const P = this.service.config.getPromisesDependency();
    // Fast path: nobody listens, so no event needs to fire.
    if (this._state === 'new' && !this._hasAny() && P === Promise && !this._readStream) {
      this._state = 'sent';
      this._fastPath = true;
      this._promise = this._fast();
      return this._promise;
    }
    const resp = this.response;
    const settled = (Ctor) =>
      resp.error ? Ctor.reject(resp.error) : Ctor.resolve(hidden(resp.data, '$response', resp));
    if (this._state === 'done') {
      // Already settled (e.g. sent with a callback): report that outcome.
      try {
        this._promise = settled(P);
      } catch {
        this._promise = settled(Promise);
      }
      return this._promise;
    }
    let started = false;
    const executor = (resolve, reject) => {
      started = true;
      this.on('complete', (r) => {
        if (r.error) reject(r.error);
        else resolve(hidden(r.data, '$response', r));
      });
      this._start(false);
    };
    try {
      this._promise = new P(executor);
    } catch {
      // A promise dependency that throws: fall back to the native Promise rather than throw.
      if (!started) this._promise = new Promise(executor);
      else if (this._state === 'done') this._promise = settled(Promise);
      else {
        this._promise = new Promise((resolve, reject) => {
          this.on('complete', (r) => (r.error ? reject(r.error) : resolve(hidden(r.data, '$response', r))));
        });
      }
    }
    return this._promise;
  }

  then(onFulfilled, onRejected) {
    return this.promise().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.promise().catch(onRejected);
  }

  finally(onFinally) {
    return this.promise().finally(onFinally);
  }

  /**
   * v2's `eachPage`: `cb(err, data[, done])` per page with `this` = the page's response, then
   * `cb(null, null)` after the last. A callback taking 3 arguments continues with `done()` and
   * stops with `done(false)`; otherwise returning `false` stops.
   */
  eachPage(callback) {
    const cb =
      typeof callback === 'function' && callback.length >= 3
        ? callback
        : (err, data, done) => done(typeof callback === 'function' ? callback(err, data) : undefined);
    const onPage = (response) => {
      cb.call(response, response.error, response.data, (result) => {
        if (result === false) return;
        if (response.hasNextPage()) response.nextPage().on('complete', onPage).send();
        else cb.call(response, null, null, () => {});
      });
    };
    this.on('complete', onPage).send();
  }

  /** v2's `eachItem`: `cb(err, item)` for each item of the first result key, `false` stops. */
  eachItem(callback) {
    const request = this;
    this.eachPage((err, data) => {
      if (err) return callback(err, null);
      if (data === null) return callback(null, null);
      let go = true;
      for (const item of paging.itemsOf(request, data)) {
        go = callback(null, item);
        if (go === false) break;
      }
      return go;
    });
  }

  abort() {
    this._doAbort('user');
    return this;
  }

  _doAbort(kind) {
    if (this._state === 'done') return;
    if (!this._aborted) this._aborted = kind;
    if (this._abort) this._abort.abort();
    // The call already answered and its body is streaming: stop the stream too.
    const rs = this._readStream;
    if (rs && rs.attached && !rs.stream.destroyed) rs.stream.destroy(abortedError(this._aborted === 'user'));
  }

  _ctx(extra) {
    if (!this._abort) this._abort = takeAbort();
    return { wantHeaders: true, abort: this._abort, ...extra };
  }

  async _fast() {
    const service = this.service;
    const op = this._op;
    let res;
    try {
      if (this._optionsError) throw this._optionsError;
      if (this._aborted) throw abortedError(this._aborted === 'user');
      // abort() may come at any time while the call is in flight.
      this._abort = takeAbort();
      const p = op.prepare(service, this.params, this._options);
      const ctx = { wantHeaders: false, abort: this._abort, headers: extraHeaders(this.httpRequest.headers) };
      if (this._options.countBody) ctx.progress = this._countBody(p);
      res = await op.dispatch(service, p, ctx);
    } catch (e) {
      const err = callError(e);
      this.response.error = err;
      throw err;
    } finally {
      this._release();
    }
    const out = settle(service, op, res);
    if (res.meta && res.meta.httpStatusCode != null) this.response.httpResponse.statusCode = res.meta.httpStatusCode;
    if (out.error) {
      const err = out.error.code === 'RequestAbortedError' && this._aborted ? abortedError(this._aborted === 'user') : out.error;
      this.response.error = err;
      throw err;
    }
    this.response.data = out.data;
    this.response.retryCount = Math.max(0, ((res.meta && res.meta.attempts) || 1) - 1);
    this.response.requestId = res.meta && res.meta.requestId;
    return hidden(out.data, '$response', this.response);
  }

  _start(stream) {
    if (this._state !== 'new') return;
    // send()/promise() after createReadStream() (before its tick): the body still goes to the stream.
    if (this._readStream) stream = true;
    this._state = 'sent';
    const resp = this.response;
    let prepared;
    try {
      if (this._optionsError) throw this._optionsError;
      if (this._aborted) throw abortedError(this._aborted === 'user');
      prepared = this._op.prepare(this.service, this.params, this._options);
    } catch (e) {
      const err = callError(e);
      // v2 runs validation synchronously: its user 'validate' listeners still fire, then error
      // and complete, all before the method returns (observed on aws-sdk 2.1693.0).
      return this._emit('validate', [this], () => this._finishError(err, false));
    }
    this._emit('validate', [this], (err) => {
      if (err) return this._finishError(err, false);
      this._emit('build', [this], (err2) => {
        if (err2) return this._finishError(err2, false);
        this._emit('afterBuild', [this], (err3) => {
          if (err3) return this._finishError(err3, false);
          this._emit('sign', [this], (err4) => {
            if (err4) return this._finishError(err4, false);
            this._dispatch(prepared, stream);
          });
        });
      });
    });
    return undefined;
  }

  _dispatch(prepared, stream) {
    const resp = this.response;
    let headers;
    try {
      headers = extraHeaders(this.httpRequest.headers);
    } catch (err) {
      return this._finishError(callError(err), false);
    }
    const ctx = this._ctx({ stream: Boolean(stream), headers });
    if (this._has('httpUploadProgress') && prepared.op.name === 'putObject') {
      ctx.onProgress = (loaded, total) => {
        hidden(ctx, 'streamed', true);
        this._emit('httpUploadProgress', [{ loaded, total }, resp], () => {});
      };
    }
    this._watchProgress(prepared, ctx, Boolean(stream));
    let pending;
    try {
      pending = prepared.op.dispatch(this.service, prepared, ctx);
    } catch (err) {
      if (ctx.progress) {
        ctx.progressDone = true;
        ctx.progress.close();
      }
      return this._finishError(callError(err), false);
    }
    if (ctx.progress) {
      const progress = ctx.progress;
      pending = pending.finally(() => {
        ctx.progressDone = true;
        progress.close();
      });
    }
    pending.then(
      (res) => process.nextTick(() => this._onResult(prepared, ctx, res, stream)),
      (err) => process.nextTick(() => this._finishError(callError(err), false)),
    );
    return undefined;
  }

  /**
   * Progress during the call (beyond v2's one event at the end for a Buffer): with a listener,
   * the native side counts the request body as the connection takes it (putObject from a Buffer
   * or a file, a blob-in operation such as uploadPart) or the response body as it arrives
   * (buffered getObject), and each step past the last reported count becomes an event. The
   * events in flight stay below the total: the last one, loaded === total, comes with the result.
   */
  _watchProgress(prepared, ctx, stream) {
    const op = prepared.op;
    const sends = op.name === 'putObject' || Boolean(op.model && op.model.streamIn);
    const up = this._has('httpUploadProgress') && sends;
    const down = !up && !stream && this._has('httpDownloadProgress') && op.name === 'getObject';
    if (!up && !down) {
      if (sends && this._options.countBody) ctx.progress = this._countBody(prepared);
      return;
    }
    const progress = up && this._options.countBody ? this._countBody(prepared) : new NativeProgress();
    ctx.progress = progress;
    const resp = this.response;
    let last = 0;
    const step = () =>
      progress.wait(last).then(
        (n) => {
          if (ctx.progressDone) return;
          if (n <= last) return undefined; // only a closed count resolves without passing `last`
          last = n; // waits for more than this, even when it is not reported
          const total = up ? prepared.length : progress.total;
          if (typeof total === 'number' && n < total) {
            // A download's total is the Content-Length header's text, as on v2's own events.
            this._emit(up ? 'httpUploadProgress' : 'httpDownloadProgress', [{ loaded: n, total: up ? total : String(total) }, resp], () => {});
          }
          return step();
        },
        () => {},
      );
    step();
  }

  /** `options.countBody`: the native side counts the body as the connection takes it. */
  _countBody(prepared) {
    const progress = new NativeProgress();
    this._sent = { progress, prepared };
    return progress;
  }

  /**
   * Whether the connection has taken the whole body (with `options.countBody`): the server may
   * complete such a request even if it is cut now, so a managed upload lets it finish.
   */
  _bodySent() {
    const s = this._sent;
    return Boolean(s) && typeof s.prepared.length === 'number' && s.progress.loaded >= s.prepared.length;
  }

  _onResult(prepared, ctx, res, stream) {
    const resp = this.response;
    const meta = res.meta || {};
    resp.retryCount = Math.max(0, (meta.attempts || 1) - 1);
    const status = meta.httpStatusCode;
    if (status === undefined || res.streamError) {
      // No HTTP response: transport failure, abort, or the Body stream failed.
      const out = settle(this.service, prepared.op, res);
      let err = out.error;
      if (err && err.code === 'RequestAbortedError' && this._aborted) err = abortedError(this._aborted === 'user');
      // v2: httpError, send, retry, afterRetry per attempt (re-signing before each retry), then
      // error. The SDK retried inside one native call, so earlier attempts are replayed with the
      // final error.
      const steps = [];
      const attempts = Math.max(1, meta.attempts || 1);
      for (let i = 0; i < attempts; i++) {
        if (i > 0) steps.push(['sign', [this]]);
        steps.push(['httpError', [err, resp]], ['send', [resp]]);
        if (i < attempts - 1) steps.push(['retry', [resp]], ['afterRetry', [resp]]);
      }
      return this._runSteps(steps, () => this._finishError(err, true));
    }
    const headers = meta.headers || {};
    resp.httpResponse.statusCode = status;
    resp.httpResponse.headers = headers;
    resp.requestId = meta.requestId || headers['x-amz-request-id'];
    resp.extendedRequestId = meta.extendedRequestId || headers['x-amz-id-2'];
    resp.cfId = headers['x-amz-cf-id'];
    const out = settle(this.service, prepared.op, res);
    const headersStep = ['httpHeaders', [status, headers, resp, undefined]];
    if (stream) {
      // createReadStream: the body flows through the stream, not through events.
      return this._runSteps([headersStep], (err) => {
        if (err || out.error) return this._finishError(err || out.error, true);
        return this._streamReady(res, out);
      });
    }
    const steps = [];
    const bodyOut = prepared.op.name === 'putObject' ? !ctx.streamed : Boolean(prepared.op.model && prepared.op.model.streamIn);
    if (bodyOut) {
      // The body has gone out: v2 reports its end with loaded === total (an empty one as 0 of 0).
      const n = prepared.length || 0;
      steps.push(['httpUploadProgress', [{ loaded: n, total: n }, resp]]);
    }
    steps.push(headersStep);
    if (res.body && res.body.length > 0) {
      resp.httpResponse.body = res.body;
      steps.push(['httpDownloadProgress', [{ loaded: res.body.length, total: headers['content-length'] }, resp]]);
      steps.push(['httpData', [res.body, resp]]);
    }
    if (out.error && res.error && res.error.body) {
      // v2 streams the error document through the same data events.
      const doc = Buffer.from(res.error.body);
      resp.httpResponse.body = doc;
      steps.push(['httpDownloadProgress', [{ loaded: doc.length, total: headers['content-length'] }, resp]]);
      steps.push(['httpData', [doc, resp]]);
    }
    steps.push(['httpDone', [resp]], ['send', [resp]], ['validateResponse', [resp]]);
    if (out.error) {
      steps.push(['extractError', [resp]]);
      return this._runSteps(steps, (err) => this._finishError(err || out.error, true));
    }
    steps.push(['extractData', [resp]]);
    return this._runSteps(steps, (err) => {
      if (err) return this._finishError(err, true);
      return this._finishSuccess(out.data);
    });
  }

  /** The success path's terminal events (once). */
  _finishSuccess(data) {
    if (this._finished) return;
    this._finished = true;
    const resp = this.response;
    resp.data = data;
    resp.error = null;
    this._release();
    this._emitTerminal('success', [resp]);
    this._emitTerminal('complete', [resp]);
  }

  _runSteps(steps, done) {
    let i = 0;
    const next = (err) => {
      if (err) return done(err);
      if (i >= steps.length) return done(null);
      const [event, args] = steps[i++];
      return this._emit(event, args, next);
    };
    next(null);
  }

  /** The error path (once): (retry, afterRetry when something was attempted), error, complete. */
  _finishError(err, attempted) {
    if (this._finished) return undefined;
    this._finished = true;
    const resp = this.response;
    if (!(err instanceof Error)) err = new S3Error('Error', String(err), {});
    resp.error = err;
    resp.data = null;
    const terminal = () => {
      this._release();
      this._emitTerminal('error', [err, resp]);
      this._emitTerminal('complete', [resp]);
    };
    if (!attempted) return terminal();
    return this._runSteps([['retry', [resp]], ['afterRetry', [resp]]], () => terminal());
  }

  // ---- streams ----

  /**
   * A Readable of the object's body (getObject); errors arrive as its 'error' event. The request
   * still ends with v2's events: httpHeaders, httpDone, success, complete (or error, complete),
   * so promise() or a callback on the same request settle when the stream does.
   */
  createReadStream() {
    const req = this;
    if (this._state !== 'new' || this._readStream) {
      // The body was already claimed (buffered by send()/promise(), or by another stream):
      // never hand out an empty or partial stream as if it were the object.
      const late = new Readable({ read() {} });
      const err = new S3Error(
        'RequestAlreadySentError',
        'createReadStream(): this request was already sent; make a new request for another stream',
        { retryable: false, $fault: 'client' },
      );
      process.nextTick(() => late.destroy(err));
      return late;
    }
    let source = null;
    let ended = false;
    const stream = new Readable({
      highWaterMark: 64 * 1024,
      read() {
        if (source) req._pull(stream, source);
      },
      destroy(err, cb) {
        if (source) {
          source.cancel();
          // Destroyed by its consumer before the end: the request ends as aborted.
          if (!ended) req._finishError(err || abortedError(true), false);
        } else req._doAbort('user');
        cb(err);
      },
    });
    this._readStream = {
      stream,
      attached: false,
      attach(s) {
        source = s;
        this.attached = true;
        req._pull(stream, s);
      },
      end() {
        ended = true;
        stream.push(null);
        req._runSteps([['httpDone', [req.response]]], (err) => {
          if (err) return req._finishError(err, true);
          return req._finishSuccess(req._streamData);
        });
      },
    };
    this.on('error', function onStreamError(err) {
      if (!stream.destroyed) stream.destroy(err);
    });
    process.nextTick(() => this._start(true));
    return stream;
  }

  _streamReady(res, out) {
    const rs = this._readStream;
    this._streamData = out.data;
    if (!res.stream) {
      // A small body comes whole with the headers (or there is none).
      if (res.body && res.body.length > 0 && !rs.stream.destroyed) rs.stream.push(res.body);
      // The body went to the stream, as a streamed one does, not into the data.
      if (out.data && out.data.Body === res.body) delete out.data.Body;
      return rs.end();
    }
    return rs.attach(res.stream);
  }

  _pull(stream, source) {
    if (stream._s3Reading) return;
    stream._s3Reading = true;
    const failed = (err) => {
      this._finishError(err, true); // first: the destroy below then finds the request finished
      if (!stream.destroyed) stream.destroy(err);
    };
    source.read().then(
      (r) => {
        stream._s3Reading = false;
        if (stream.destroyed) return;
        if (r.error) return failed(fromNative(r.error, {}, this.service._errorContext));
        if (!r.chunk) return this._readStream.end();
        if (stream.push(r.chunk)) this._pull(stream, source);
        return undefined;
      },
      (err) => {
        stream._s3Reading = false;
        if (!stream.destroyed) failed(callError(err));
      },
    );
  }
}

// The state's accessors (non-enumerable, on the prototype).
for (const name of ['_op', '_options', '_listeners', '_state', '_abort', '_aborted', '_promise', '_finished', '_optionsError', '_unwatch', '_fastPath', '_readStream', '_streamData', '_sent']) {
  Object.defineProperty(Request.prototype, name, {
    get() {
      return this[STATE][name];
    },
    set(v) {
      this[STATE][name] = v;
    },
    enumerable: false,
    configurable: true,
  });
}

module.exports = { Request, Response };
