'use strict';
// What a managed upload and a managed download share: v2's ManagedUpload calling styles
// (`send([cb])`, `promise()`, `abort()`, progress events) over requests made through the client,
// each tracked so that abort() or the first failure reaches every request still in flight.

const { EventEmitter } = require('events');
const { S3Error, asS3Error, hidden } = require('./errors');
const { promiseFor } = require('./config');

/** How long a failure waits for the requests it lets finish before cutting them too. */
const LET_FINISH_MS = 2000;

function abortedError() {
  return new S3Error('RequestAbortedError', 'Request aborted by user', { retryable: false, $fault: 'client' });
}

class Transfer extends EventEmitter {
  constructor(service) {
    super();
    this.service = service;
    hidden(this, '_state', 'new');
    hidden(this, '_callbacks', []);
    hidden(this, '_outcome', null);
    hidden(this, '_inFlight', new Set());
    hidden(this, '_failure', null);
  }

  /**
   * Starts the transfer (once); `callback(err, data)` when it ends. Without a callback an error
   * is kept for a later promise(), never thrown asynchronously.
   */
  send(callback) {
    if (typeof callback === 'function') this._callbacks.push(callback);
    if (this._outcome) return this._deliver();
    if (this._state !== 'new') return undefined;
    this._state = 'running';
    this._run().then(
      (data) => this._settle(null, data),
      (err) => this._settle(err, null),
    );
    return undefined;
  }

  /** The outcome as a promise (the client's promise dependency); starts the transfer. */
  promise() {
    return promiseFor(this.service.config, (resolve, reject) => this.send((err, data) => (err ? reject(err) : resolve(data))));
  }

  /** Stops the transfer: requests in flight are aborted; it ends with RequestAbortedError. */
  abort() {
    if (this._outcome || this._failure) return;
    this._fail(abortedError());
    if (this._state === 'new') {
      this._state = 'running';
      Promise.resolve(this._cleanUnstarted(this._failure))
        .catch(() => {})
        .finally(() => this._settle(this._failure, null));
    }
  }

  /** What an abort before send() releases (nothing by default). */
  _cleanUnstarted() {}

  /** A request in flight that a failure lets finish (for up to LET_FINISH_MS): none by default. */
  _letFinish() {
    return false;
  }

  /** Called once, at the first failure, after the requests in flight were aborted. */
  _onFail() {}

  _settle(err, data) {
    if (this._outcome) return;
    this._state = 'done';
    this._outcome = { err: err ? asS3Error(err) : null, data };
    this._deliver();
  }

  _deliver() {
    for (const cb of this._callbacks.splice(0)) process.nextTick(cb, this._outcome.err, this._outcome.err ? null : this._outcome.data);
  }

  /** Records the first failure and stops everything in flight. */
  _fail(err) {
    if (this._failure) return;
    this._failure = err;
    const abort = (req) => {
      try {
        req.abort();
      } catch {} // already finished
    };
    const kept = [];
    for (const req of this._inFlight) {
      if (this._letFinish(req)) kept.push(req);
      else abort(req);
    }
    if (kept.length > 0) {
      // Let finish, but not wait on a server that stalls: cut them after LET_FINISH_MS.
      const timer = setTimeout(() => kept.forEach(abort), LET_FINISH_MS);
      Promise.allSettled(kept.map((req) => req.promise())).then(() => clearTimeout(timer));
    }
    this._onFail();
  }

  /** One request through the client, tracked so that abort() reaches it. */
  async _call(method, params, onRequest, options) {
    if (this._failure) throw this._failure;
    const req = this.service[method](params, options);
    if (onRequest) onRequest(req);
    this._inFlight.add(req);
    try {
      return await req.promise();
    } finally {
      this._inFlight.delete(req);
    }
  }
}

module.exports = { Transfer };
