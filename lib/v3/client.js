'use strict';
// The v3 face (`require('s3-native/v3')`): @aws-sdk/client-s3's S3Client, one `XCommand` class
// per operation, the aggregated `S3` class, v3's exceptions, paginators and waiters, over the
// same operations, validation and native calls as the v2 face (lib/client.js). Outputs and
// errors take v3's shapes (lib/v3/output.js, lib/v3/errors.js).

const { S3: InnerClient } = require('../client');
const { S3Error, asS3Error, asError, fromNative } = require('../errors');
const generated = require('../generated/v3');
const { S3ServiceException, CLASSES, toV3Error, known } = require('./errors');

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

// What a call needs, loaded on the first call (as the v2 face does).
let rt = null;
function runtime() {
  if (rt === null) {
    rt = {
      OPERATIONS: require('../operations').OPERATIONS,
      shapes: require('../shapes'),
      toV3Output: require('./output').toV3Output,
      abortPool: require('../abort-pool'),
    };
  }
  return rt;
}

/** Credentials are refreshed this long before they expire (v3's memoized providers: 5 min). */
const REFRESH_WINDOW_MS = 5 * 60 * 1000;

function abortError() {
  const e = new Error('Request aborted');
  e.name = 'AbortError';
  return e;
}

function configError(message) {
  return new S3Error('ConfigError', message, { $fault: 'client' });
}

/** A v3 provider (a value, or a function returning one or a promise of one), resolved. */
async function resolve(v) {
  return typeof v === 'function' ? v() : v;
}

/** v3's endpoint forms: string, URL, Endpoint ({ protocol, hostname, port, path }), EndpointV2 ({ url }). */
function endpointOf(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && !(v instanceof URL) && v.url !== undefined) return v.url instanceof URL ? v.url.href : String(v.url);
  return v;
}

/** The environment's checksum mode, else v3's default (WHEN_SUPPORTED, custom endpoints too). */
function checksumDefault(v, envName) {
  if (v !== undefined && v !== null) return v;
  const env = process.env[envName];
  return env && env.trim() ? env.trim() : 'WHEN_SUPPORTED';
}

const RETRY_MODES = new Set(['standard', 'adaptive', 'legacy']);

class S3Client {
  /** @param {object} [configuration] v3's client configuration */
  constructor(...[configuration]) {
    const cfg = configuration === undefined || configuration === null ? {} : configuration;
    if (typeof cfg !== 'object') throw configError('Expected the S3Client configuration to be an object');
    const input = { ...cfg };
    Object.defineProperty(this, '_input', { value: input, enumerable: false, writable: true });
    Object.defineProperty(this, '_inner', { value: null, enumerable: false, writable: true });
    Object.defineProperty(this, '_pending', { value: null, enumerable: false, writable: true });
    Object.defineProperty(this, '_expiresAt', { value: Infinity, enumerable: false, writable: true });
    // What the inner client was built from, and the clients of other regions (followRegionRedirects).
    Object.defineProperty(this, '_built', { value: null, enumerable: false, writable: true });
    Object.defineProperty(this, '_regions', { value: null, enumerable: false, writable: true });
    if (input.retryMode !== undefined && typeof input.retryMode !== 'function' && !RETRY_MODES.has(input.retryMode)) {
      throw configError(`Expected config.retryMode to be one of standard, adaptive, legacy, but found ${JSON.stringify(input.retryMode)}`);
    }
    /** v3's resolved config: providers as async functions. */
    this.config = {
      region: async () => (await this._s3()).resolvedConfig().then((c) => c.region),
      credentials: async () => this._credentials(),
      endpoint: input.endpoint === undefined ? undefined : async () => endpointParts((await this._s3()).config.endpoint),
      forcePathStyle: Boolean(input.forcePathStyle),
      maxAttempts: async () => (await this._s3())._maxRetries + 1,
      retryMode: async () => (await resolve(input.retryMode)) || 'standard',
      requestChecksumCalculation: async () => checksumDefault(await resolve(input.requestChecksumCalculation), 'AWS_REQUEST_CHECKSUM_CALCULATION'),
      responseChecksumValidation: async () => checksumDefault(await resolve(input.responseChecksumValidation), 'AWS_RESPONSE_CHECKSUM_VALIDATION'),
      followRegionRedirects: Boolean(input.followRegionRedirects),
    };
    // Options that need no provider call are checked now: a bad one throws here.
    if (!this._hasProviders()) this._inner = this._build(input, staticCredentials(input.credentials));
  }

  /**
   * The client for `region` (followRegionRedirects): the same options and credentials, signed
   * for the bucket's region. Built once per region.
   */
  _regional(region) {
    if (this._regions === null || this._regions.inner !== this._inner) this._regions = { inner: this._inner, byRegion: new Map() };
    let c = this._regions.byRegion.get(region);
    if (c === undefined) {
      c = this._build({ ...this._built.values, region }, this._built.credentials, false);
      this._regions.byRegion.set(region, c);
    }
    return c;
  }

  _hasProviders() {
    const i = this._input;
    return (
      ['region', 'endpoint', 'credentials', 'maxAttempts', 'requestChecksumCalculation', 'responseChecksumValidation'].some(
        (k) => typeof i[k] === 'function',
      ) || isHandlerInstance(i.requestHandler)
    );
  }

  /** The inner (v2 face) client for these options. */
  _build(values, credentials, main = true) {
    const i = this._input;
    if (main) this._built = { values, credentials };
    const options = {
      region: values.region,
      endpoint: endpointOf(values.endpoint),
      credentials,
      forcePathStyle: i.forcePathStyle,
      maxAttempts: values.maxAttempts === undefined || values.maxAttempts === null ? 3 : values.maxAttempts,
      requestHandler: values.requestHandler !== undefined ? values.requestHandler : isHandlerInstance(i.requestHandler) ? undefined : i.requestHandler,
      requestChecksumCalculation: checksumDefault(values.requestChecksumCalculation, 'AWS_REQUEST_CHECKSUM_CALCULATION'),
      responseChecksumValidation: checksumDefault(values.responseChecksumValidation, 'AWS_RESPONSE_CHECKSUM_VALIDATION'),
      profile: i.profile,
      useFipsEndpoint: i.useFipsEndpoint,
      useDualstackEndpoint: i.useDualstackEndpoint,
      useAccelerateEndpoint: i.useAccelerateEndpoint,
    };
    for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];
    return new InnerClient(options);
  }

  /**
   * The inner (v2 face) client, built once the providers among the options have answered, and
   * again when provided credentials come near their expiration.
   */
  _s3() {
    if (this._inner !== null && Date.now() < this._expiresAt) return Promise.resolve(this._inner);
    if (this._pending === null) {
      this._pending = this._resolveAll().then(
        (inner) => {
          this._pending = null;
          this._inner = inner;
          return inner;
        },
        (err) => {
          this._pending = null;
          throw err;
        },
      );
    }
    return this._pending;
  }

  async _resolveAll() {
    const i = this._input;
    const values = {};
    for (const k of ['region', 'endpoint', 'maxAttempts', 'requestChecksumCalculation', 'responseChecksumValidation']) {
      values[k] = await resolve(i[k]);
    }
    if (isHandlerInstance(i.requestHandler)) {
      // v3's NodeHttpHandler instance: its options resolve asynchronously (`configProvider`).
      const c = (await i.requestHandler.configProvider) || {};
      values.requestHandler = { requestTimeout: c.requestTimeout, connectionTimeout: c.connectionTimeout, httpAgent: c.httpAgent, httpsAgent: c.httpsAgent };
    }
    const credentials = await this._credentials();
    const exp = credentials && credentials.expiration;
    const at = exp instanceof Date ? exp.getTime() : typeof exp === 'number' ? exp : Infinity;
    this._expiresAt = Number.isFinite(at) ? at - REFRESH_WINDOW_MS : Infinity;
    return this._build(values, credentials);
  }

  /** The credentials the options give (a provider is called), or undefined for the environment's chain. */
  async _credentials() {
    const c = this._input.credentials;
    if (typeof c !== 'function') return staticCredentials(c);
    let got;
    try {
      got = await c();
    } catch (err) {
      const e = new S3Error('CredentialsProviderError', `The credentials provider failed: ${asError(err).message}`, { $fault: 'client' });
      e.originalError = asError(err);
      throw e;
    }
    if (!got || typeof got !== 'object' || typeof got.accessKeyId !== 'string' || typeof got.secretAccessKey !== 'string') {
      throw new S3Error('CredentialsProviderError', 'The credentials provider returned no accessKeyId / secretAccessKey', { $fault: 'client' });
    }
    return got;
  }

  /**
   * v3's `send(command[, options][, callback])`: a promise of the output, or with a callback
   * `callback(err)` / `callback(null, output)` and no return value (a throw inside the callback
   * is not reported, as in v3).
   */
  send(command, optionsOrCb, cb) {
    const options = typeof optionsOrCb === 'function' ? undefined : optionsOrCb;
    const callback = typeof optionsOrCb === 'function' ? optionsOrCb : cb;
    if (typeof callback === 'function') {
      this._send(command, options)
        .then(
          (out) => callback(null, out),
          (err) => callback(err),
        )
        .catch(() => {});
      return undefined;
    }
    return this._send(command, options);
  }

  async _send(command, options) {
    if (!(command instanceof Command)) {
      throw new S3Error('InvalidParameterType', 'send() expects a command (new XCommand(input)) of s3-native/v3', { $fault: 'client' });
    }
    const signal = options !== undefined && options !== null ? options.abortSignal : undefined;
    if (signal && signal.aborted) throw abortError();
    let s3 = this._inner !== null && Date.now() < this._expiresAt ? this._inner : await this._s3();
    const { OPERATIONS, shapes, toV3Output, abortPool } = rt || runtime();
    const op = OPERATIONS[command.constructor.method];
    if (op === undefined) {
      throw new S3Error('InvalidParameterType', 'send() expects the command of an operation (new XCommand(input)), not the Command base class', { $fault: 'client' });
    }
    const model = shapes.operation(op.nativeName);
    const stream = model.streamOut === true;
    const abort = abortPool.takeAbort();
    let onAbort = null;
    if (signal) {
      onAbort = () => abort.abort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const unwatch = () => {
      if (onAbort !== null) signal.removeEventListener('abort', onAbort);
      onAbort = null;
      abortPool.giveAbort(abort); // kept out of the pool while a streamed body still holds it
    };
    let res;
    try {
      const input = known(op.shape, command.input);
      let p = op.prepare(s3, input, undefined);
      res = await op.dispatch(s3, p, { wantHeaders: false, abort, stream });
      // v3's followRegionRedirects: a bucket in another region (301 PermanentRedirect, or 400 /
      // 403 naming its region in x-amz-bucket-region) is asked again, signed for that region;
      // once, and only with a body that can be sent again.
      const region = res.error && this._input.followRegionRedirects ? redirectRegion(res.error) : undefined;
      if (region !== undefined && !p.pending && !p.source && region !== regionOf(s3)) {
        s3 = this._regional(region);
        p = op.prepare(s3, input, undefined);
        res = await op.dispatch(s3, p, { wantHeaders: false, abort, stream });
      }
    } catch (e) {
      unwatch();
      throw toV3Error(e instanceof S3Error ? e : asS3Error(e));
    }
    if (res.streamError) {
      unwatch();
      throw toV3Error(res.streamError);
    }
    if (res.error) {
      unwatch();
      if (signal && signal.aborted) throw abortError();
      throw toV3Error(fromNative(res.error, res.meta, s3._errorContext));
    }
    const out = toV3Output(model, res, s3._errorContext);
    if (stream && onAbort !== null && out.Body) {
      // The body still streams: an abort now ends it with v3's AbortError.
      const body = out.Body;
      signal.removeEventListener('abort', onAbort);
      onAbort = () => body.destroy(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      body.once('close', unwatch);
    } else unwatch();
    return out;
  }

  /** v3: closes the client's connections. A later call opens new ones. */
  destroy() {
    if (this._inner !== null) this._inner._native = null;
    this._regions = null;
  }
}

/** The region an inner client signs for, as far as its options and the environment say. */
function regionOf(s3) {
  return s3._nativeConfig.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
}

/** The region a redirect names (x-amz-bucket-region of a 301, 400 or 403), if any. */
function redirectRegion(err) {
  const status = err.statusCode;
  if (status !== 301 && status !== 400 && status !== 403) return undefined;
  return typeof err.region === 'string' && err.region !== '' ? err.region : undefined;
}

/** A request handler instance of v3 (`new NodeHttpHandler({...})`): its options come from `configProvider`. */
function isHandlerInstance(h) {
  return h !== null && typeof h === 'object' && h.configProvider !== undefined && typeof h.configProvider.then === 'function';
}

/** Credentials given as an object ({ accessKeyId, secretAccessKey, sessionToken }). */
function staticCredentials(c) {
  if (c === undefined || c === null || typeof c === 'function') return undefined;
  return c;
}

/** An endpoint URL as v3's `Endpoint` ({ protocol, hostname, port, path }). */
function endpointParts(s) {
  if (!s) return undefined;
  const u = new URL(s);
  return { protocol: u.protocol, hostname: u.hostname, port: u.port ? Number(u.port) : undefined, path: u.pathname, query: {} };
}

/** v3's command: `new XCommand(input)`; `command.input` is what is sent. */
class Command {
  constructor(...[input]) {
    this.input = input === undefined ? {} : input;
  }
}

const COMMANDS = Object.create(null);
for (const name of generated.commands) {
  const cls = { [`${name}Command`]: class extends Command {} }[`${name}Command`];
  Object.defineProperty(cls, 'operation', { value: name });
  Object.defineProperty(cls, 'method', { value: lowerFirst(name) });
  COMMANDS[`${name}Command`] = cls;
}

/** v3's aggregated client: one method per command, `s3.listObjectsV2(input[, options][, cb])`. */
class S3 extends S3Client {}
for (const name of generated.commands) {
  const Cmd = COMMANDS[`${name}Command`];
  Object.defineProperty(S3.prototype, lowerFirst(name), {
    value: async function operation(args, optionsOrCb, cb) {
      const command = new Cmd(args);
      if (typeof optionsOrCb === 'function') {
        this.send(command, optionsOrCb);
      } else if (typeof cb === 'function') {
        if (typeof optionsOrCb !== 'object') throw new Error(`Expected http options but got ${typeof optionsOrCb}`);
        this.send(command, optionsOrCb || {}, cb);
      } else {
        return this.send(command, optionsOrCb);
      }
      return undefined;
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

// ---- paginators: paginateListObjectsV2({ client, pageSize, startingToken }, input) ----

function checkClient(config, what) {
  const client = config && config.client;
  if (!(client instanceof S3Client)) {
    throw new Error(`Invalid client, expected S3 | S3Client, but got: ${client === undefined ? 'undefined' : typeof client}${what ? ` (${what})` : ''}`);
  }
  return client;
}

const PAGINATORS = Object.create(null);
for (const [name, p] of Object.entries(generated.paginators)) {
  const Cmd = COMMANDS[`${name}Command`];
  PAGINATORS[`paginate${name}`] = async function* paginate(config, input, ...additionalArguments) {
    const client = checkClient(config);
    const params = { ...input };
    let token = config.startingToken || undefined;
    let more = true;
    while (more) {
      params[p.inputToken] = token;
      if (params[p.pageSize] === undefined && config.pageSize !== undefined) params[p.pageSize] = config.pageSize;
      const page = await client.send(new Cmd({ ...params }), ...additionalArguments);
      yield page;
      const previous = token;
      token = page[p.outputToken];
      more = Boolean(token && (!config.stopOnSameToken || token !== previous));
    }
    return undefined;
  };
}

// ---- waiters: waitUntilObjectExists({ client, maxWaitTime }, input) ----

const WaiterState = Object.freeze({ ABORTED: 'ABORTED', FAILURE: 'FAILURE', RETRY: 'RETRY', SUCCESS: 'SUCCESS', TIMEOUT: 'TIMEOUT' });

const WAITERS = {
  BucketExists: { command: 'HeadBucket', exists: true },
  BucketNotExists: { command: 'HeadBucket', exists: false },
  ObjectExists: { command: 'HeadObject', exists: true },
  ObjectNotExists: { command: 'HeadObject', exists: false },
};

/** One attempt's state (the model's acceptors: 200 is there, a 404 NotFound is not). */
async function attempt(client, w, input) {
  try {
    const out = await client.send(new COMMANDS[`${w.command}Command`](input));
    return { state: w.exists ? WaiterState.SUCCESS : WaiterState.RETRY, reason: out };
  } catch (err) {
    if (err && err.name === 'NotFound') return { state: w.exists ? WaiterState.RETRY : WaiterState.SUCCESS, reason: err };
    if (w.exists && err && err.name === 'NoSuchBucket') return { state: WaiterState.RETRY, reason: err };
    return { state: WaiterState.FAILURE, reason: err };
  }
}

function sleep(ms, signal) {
  return new Promise((resolveSleep) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      if (signal) signal.removeEventListener('abort', done);
      resolveSleep();
    }
    if (signal) signal.addEventListener('abort', done, { once: true });
  });
}

/** v3's waiter loop: exponential backoff with jitter from minDelay to maxDelay, within maxWaitTime. */
async function waitFor(config, input, w) {
  checkClient(config);
  const { maxWaitTime } = config;
  const minDelay = config.minDelay === undefined ? 5 : config.minDelay;
  const maxDelay = config.maxDelay === undefined ? 120 : config.maxDelay;
  if (!(maxWaitTime > 0)) throw new Error('WaiterConfiguration.maxWaitTime must be greater than 0');
  if (!(minDelay > 0)) throw new Error('WaiterConfiguration.minDelay must be greater than 0');
  if (!(maxDelay > 0)) throw new Error('WaiterConfiguration.maxDelay must be greater than 0');
  if (maxDelay < minDelay) throw new Error(`WaiterConfiguration.maxDelay [${maxDelay}] must be greater than WaiterConfiguration.minDelay [${minDelay}] for this waiter`);
  if (maxWaitTime <= minDelay) throw new Error(`WaiterConfiguration.maxWaitTime [${maxWaitTime}] must be greater than WaiterConfiguration.minDelay [${minDelay}] for this waiter`);
  const signal = config.abortSignal || (config.abortController && config.abortController.signal);
  const deadline = Date.now() + maxWaitTime * 1000;
  let last = await attempt(config.client, w, input);
  for (let n = 1; last.state === WaiterState.RETRY; n++) {
    if (signal && signal.aborted) return { state: WaiterState.ABORTED };
    // Attempt n waits up to minDelay * 2^(n-1), at most maxDelay, at least minDelay.
    const ceiling = Math.min(maxDelay, minDelay * 2 ** Math.min(n - 1, 30));
    const delay = minDelay + Math.random() * (ceiling - minDelay);
    if (Date.now() + delay * 1000 > deadline) return { state: WaiterState.TIMEOUT, observedResponses: undefined };
    await sleep(delay * 1000, signal);
    if (signal && signal.aborted) return { state: WaiterState.ABORTED };
    last = await attempt(config.client, w, input);
  }
  return last;
}

/** v3's `checkExceptions`: anything but SUCCESS is thrown. */
function checkResult(result) {
  if (result.state === WaiterState.SUCCESS) return result;
  const reason = result.state === WaiterState.ABORTED ? 'Request was aborted' : result.state === WaiterState.TIMEOUT ? 'Waiter has timed out' : undefined;
  const err = new Error(JSON.stringify(reason ? { ...result, reason } : result));
  if (result.state === WaiterState.ABORTED) err.name = 'AbortError';
  else if (result.state === WaiterState.TIMEOUT) err.name = 'TimeoutError';
  throw err;
}

const WAITER_FUNCTIONS = Object.create(null);
for (const [name, w] of Object.entries(WAITERS)) {
  WAITER_FUNCTIONS[`waitFor${name}`] = (config, input) => waitFor(config, input, w);
  WAITER_FUNCTIONS[`waitUntil${name}`] = async (config, input) => checkResult(await waitFor(config, input, w));
}

/**
 * v3's `middlewareStack`: there is none to add to, since a call never passes through JS middleware
 * (it is built, signed and sent natively). Each method says so with a coded error rather than the
 * middleware being silently skipped.
 */
function noMiddleware() {
  const refuse = () => {
    throw new S3Error(
      'UnsupportedOperation',
      's3-native/v3 has no middleware stack: requests are built, signed and sent natively. Use the client options for what the middleware did (endpoint, credentials, retries, timeouts, checksums)',
      { $fault: 'client' },
    );
  };
  return { add: refuse, addRelativeTo: refuse, use: refuse, remove: refuse, removeByTag: refuse, clone: refuse, concat: refuse, applyToStack: refuse, resolve: refuse, identify: () => [] };
}
Object.defineProperty(S3Client.prototype, 'middlewareStack', { get: noMiddleware, configurable: true });
Object.defineProperty(Command.prototype, 'middlewareStack', { get: noMiddleware, configurable: true });

// The aggregated client's paginators and waiters, as v3's: `s3.paginateListObjectsV2(input,
// { pageSize })`, `await s3.waitUntilObjectExists(input, { maxWaitTime })` (or a number of seconds).
for (const [name, fn] of Object.entries(PAGINATORS)) {
  Object.defineProperty(S3.prototype, name, {
    value: function paginator(input = {}, config, ...rest) {
      return fn({ ...config, client: this }, input, ...rest);
    },
    writable: true,
    configurable: true,
  });
}
for (const [name, fn] of Object.entries(WAITER_FUNCTIONS)) {
  if (!name.startsWith('waitUntil')) continue;
  Object.defineProperty(S3.prototype, name, {
    value: async function waiter(input = {}, config, ...rest) {
      const c = typeof config === 'number' ? { maxWaitTime: config } : config;
      return fn({ ...c, client: this }, input, ...rest);
    },
    writable: true,
    configurable: true,
  });
}

module.exports = {
  S3Client,
  S3,
  Command,
  ...COMMANDS,
  S3ServiceException,
  ...CLASSES,
  ...PAGINATORS,
  ...WAITER_FUNCTIONS,
  WaiterState,
  ...Object.fromEntries(Object.entries(generated.enums).map(([name, values]) => [name, Object.freeze(values)])),
};
