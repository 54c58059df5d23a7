'use strict';
// `s3.waitFor(state, params[, callback])` with aws-sdk v2's semantics (v2 lib/resource_waiter.js):
// the model's waiters (v2's waiters2.json: bucketExists, bucketNotExists, objectExists,
// objectNotExists), acceptors checked in order on each response (first match wins; an error no
// acceptor matches fails at once), a fixed delay between attempts, `maxAttempts` retries after
// the first request (so maxAttempts + 1 requests, as in v2), and v2's ResourceNotReady error.
// Beyond v2: `$waiter.abortSignal` and `request.abort()` end the wait.

const { S3Error, validationError } = require('./errors');

function waitersOf() {
  return require('./generated/model').waiters;
}

/** The acceptor state for one attempt: 'success', 'retry' or 'failure'. */
function stateOf(acceptors, status, err, data) {
  for (const a of acceptors) {
    let match = false;
    if (a.matcher === 'status') match = typeof status === 'number' && status === a.expected;
    else if (a.matcher === 'error') match = typeof a.expected === 'string' ? Boolean(err && err.code === a.expected) : a.expected === Boolean(err);
    else if (a.matcher === 'path' && data) match = data[a.argument] === a.expected;
    if (match) return a.state;
  }
  return err ? 'failure' : 'retry';
}

function notReady(state, cause, status, retryable, delayMs) {
  const err = new S3Error('ResourceNotReady', `Resource is not in the state ${state}`, {
    retryable,
    statusCode: status,
    requestId: cause && cause.requestId,
    extendedRequestId: cause && cause.extendedRequestId,
  });
  err.retryDelay = delayMs;
  if (cause) err.originalError = cause;
  return err;
}

class WaiterRequest {
  constructor(service, state, params) {
    const all = waitersOf();
    if (!Object.prototype.hasOwnProperty.call(all, state)) {
      throw validationError('StateNotFoundError', `State ${state} not found.`);
    }
    this.service = service;
    this.state = state;
    this.config = { ...all[state] };
    let p = params && typeof params === 'object' ? params : {};
    let signal;
    if (p.$waiter && typeof p.$waiter === 'object') {
      const w = p.$waiter;
      if (typeof w.delay === 'number' && Number.isFinite(w.delay) && w.delay >= 0) this.config.delay = w.delay;
      if (typeof w.maxAttempts === 'number' && Number.isInteger(w.maxAttempts) && w.maxAttempts >= 0) this.config.maxAttempts = w.maxAttempts;
      signal = w.abortSignal;
      p = { ...p };
      delete p.$waiter;
    }
    this.params = p;
    this.operation = this.config.operation.charAt(0).toLowerCase() + this.config.operation.slice(1);
    this.response = { request: this, data: null, error: null, retryCount: 0, httpResponse: { statusCode: undefined } };
    this._signal = signal;
    this._aborted = false;
    this._current = null;
    this._timer = null;
    this._wake = null;
    this._promise = null;
  }

  _run() {
    if (!this._promise) this._promise = this._loop();
    return this._promise;
  }

  async _loop() {
    const { delay, maxAttempts, acceptors } = this.config;
    const delayMs = delay * 1000;
    // No return value: EventTarget treats a returned thenable (this request) as a promise.
    const onAbort = () => {
      this.abort();
    };
    if (this._signal && typeof this._signal.addEventListener === 'function') {
      if (this._signal.aborted) this._aborted = true;
      else this._signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      for (let attempt = 0; ; attempt++) {
        if (this._aborted) throw new S3Error('RequestAbortedError', 'Request aborted by user', { retryable: false });
        let data = null;
        let err = null;
        this._current = this.service.makeRequest(this.operation, this.params);
        try {
          data = await this._current.promise();
        } catch (e) {
          err = e;
        } finally {
          this._current = null; // settled: abort() now only ends the delay
        }
        if (this._aborted && err && err.code === 'RequestAbortedError') throw err;
        const resp = err ? err.$response || null : data.$response;
        const status = err ? err.statusCode : resp && resp.httpResponse.statusCode;
        this.response.retryCount = attempt;
        this.response.httpResponse.statusCode = status;
        const state = stateOf(acceptors, status, err, data);
        if (state === 'success') {
          this.response.data = data || {};
          this.response.error = null;
          return this.response.data;
        }
        if (state === 'failure') throw notReady(this.state, err, status, false, delayMs);
        if (attempt >= maxAttempts) throw notReady(this.state, err, status, true, delayMs);
        await new Promise((resolve) => {
          this._wake = resolve;
          this._timer = setTimeout(resolve, delayMs);
        });
        this._timer = null;
      }
    } catch (e) {
      this.response.error = e;
      this.response.data = null;
      throw e;
    } finally {
      if (this._signal && typeof this._signal.removeEventListener === 'function') this._signal.removeEventListener('abort', onAbort);
    }
  }

  /** Sends the wait; `callback(err, data)` with `this` = the response. */
  send(callback) {
    this._run().then(
      (data) => typeof callback === 'function' && callback.call(this.response, null, data),
      (err) => typeof callback === 'function' && callback.call(this.response, err, null),
    );
    return this.response;
  }

  promise() {
    return this._run();
  }

  then(onFulfilled, onRejected) {
    return this._run().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this._run().catch(onRejected);
  }

  finally(onFinally) {
    return this._run().finally(onFinally);
  }

  /** Ends the wait now: the current request is aborted and the wait rejects RequestAbortedError. */
  abort() {
    this._aborted = true;
    if (this._current) this._current.abort();
    if (this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
      if (this._wake) this._wake();
    }
    return this;
  }
}

/** v2's `waitFor(state[, params][, callback])`. */
function waitFor(service, state, params, callback) {
  if (typeof params === 'function') {
    callback = params;
    params = undefined;
  }
  const req = new WaiterRequest(service, state, params);
  if (typeof callback === 'function') req.send(callback);
  return req;
}

module.exports = { waitFor, WaiterRequest };
