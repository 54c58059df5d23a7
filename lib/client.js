'use strict';
// `S3`: the public client. One NativeS3Client (one SDK client) per instance, built on first use.
// Operation methods return a v2 request object (lazy; thenable) in every v2/v3 calling style.

// require() loads only what it needs: the addon (so a missing one throws here), the config and
// the operations' names. The rest loads on first use: operations, requests, node:stream and the
// parameter rules on the first call (makeRequest), paging on the first paginate(), the waiters
// on the first waitFor(), presigning, managed uploads and downloads on their first use.
const { NativeS3Client } = require('./native');
const { Config, toNative, asConfigError } = require('./config');
const { hidden } = require('./errors');

/**
 * The operation methods, in the order of lib/operations.js's OPERATIONS (its hand-written
 * operations first, then the generated ones), without loading it.
 */
const OPERATION_NAMES = [
  ...new Set(['putObject', 'getObject', 'headObject', 'deleteObject', ...Object.keys(require('./generated/operations'))]),
];

let OPERATIONS = null;
let Request = null;
/** lib/operations.js's OPERATIONS, loaded on first use. */
const operations = () => OPERATIONS || (OPERATIONS = require('./operations').OPERATIONS);
const requestClass = () => Request || (Request = require('./request').Request);
const pagingModule = () => require('./paginate');
const waiter = () => require('./waiter');
const presign = () => require('./presign');
const managed = () => require('./upload');
const downloads = () => require('./download');

/** `value` (an endpoint string, URL or Endpoint; none: S3's for the config's region) as an AWS.Endpoint. */
function endpointOf(config, value) {
  const { Endpoint } = require('./globals');
  if (value instanceof Endpoint) return value;
  if (value instanceof URL) return new Endpoint(value.href, config);
  if (value !== undefined && value !== null) return new Endpoint(typeof value === 'object' && value.href ? String(value.href) : value, config);
  const region = config.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
  const dual = config.useDualstackEndpoint || config.useDualstack ? 'dualstack.' : '';
  if (region === 'us-east-1' && !dual) return new Endpoint('s3.amazonaws.com', config);
  return new Endpoint(`s3.${dual}${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`, config);
}

/** The library-wide defaults (`AWS.config` in v2). */
const globalConfig = new Config({});

class S3 {
  /** @param {object} [options] v2 or v3 client options */
  constructor(options = {}) {
    if (options === null || typeof options !== 'object') options = {};
    // Validate now so a bad option throws from the constructor, as in v2; whatever goes wrong
    // reading the options (a throwing getter, a revoked Proxy) is a ConfigError too.
    const { config, nativeConfig } = asConfigError(() => {
      // v2: the global config, then the client's options over it.
      const cfg = new Config(globalConfig).update(options);
      cfg.setPromisesDependency(options._promise !== undefined ? options._promise : globalConfig._promise);
      return { config: cfg, nativeConfig: toNative(cfg) };
    });
    this.config = config;
    hidden(this, '_nativeConfig', nativeConfig);
    hidden(this, '_maxRetries', (nativeConfig.maxAttempts || 4) - 1);
    hidden(this, '_native', null);
  }

  /** @returns {NativeS3Client} */
  get native() {
    if (!this._native) this._native = new NativeS3Client(this._nativeConfig);
    return this._native;
  }

  /** Timeouts and region as the error builder needs them. */
  get _errorContext() {
    const c = this._nativeConfig;
    return {
      timeoutMs: c.timeoutMs === undefined ? 120000 : c.timeoutMs,
      operationTimeoutMs: c.operationTimeoutMs,
      region: c.region || null,
    };
  }

  /**
   * v2's `s3.endpoint`: an `AWS.Endpoint` of the configured endpoint, else of S3's for the
   * region (`s3.amazonaws.com` in us-east-1). Assigning one, as v2 code does after `new S3()`,
   * sends the client's later calls there.
   */
  get endpoint() {
    if (this._endpoint === undefined) hidden(this, '_endpoint', endpointOf(this.config, this.config.endpoint));
    return this._endpoint;
  }

  set endpoint(value) {
    const e = asConfigError(() => endpointOf(this.config, value));
    const nativeConfig = asConfigError(() => toNative({ ...this.config, endpoint: e.href }));
    hidden(this, '_nativeConfig', nativeConfig);
    hidden(this, '_native', null);
    hidden(this, '_endpoint', e);
  }

  /** The settings this client resolved to (region, endpoint, timeouts, checksums). */
  resolvedConfig() {
    return this.native.resolvedConfig();
  }

  /**
   * Pages through a pageable operation: `for await (const page of s3.paginate('listObjectsV2',
   * params, { pageSize, startingToken, abortSignal }))`. Each page is the operation's output;
   * tokens as v2's `nextPage()` sets them. Stops after the last page, or when a server repeats
   * a token (which would loop forever). Throws PaginationError for an operation that does not
   * page.
   */
  async *paginate(method, params = {}, options = {}) {
    const op = operations()[method];
    const pg = op && 'model' in op ? op.model.paginator : null;
    const paging = pagingModule();
    if (!pg) throw paging.noPaginator({ operation: method });
    const { pageSize, startingToken, abortSignal } = options || {};
    let next = { ...params };
    if (pageSize !== undefined && pg.limit) next[pg.limit] = pageSize;
    if (startingToken !== undefined) next[pg.input[0]] = startingToken;
    let last = null;
    for (;;) {
      const data = await this.makeRequest(method, next, abortSignal ? { abortSignal } : undefined).promise();
      yield data;
      const tokens = paging.nextPageTokens(data.$response);
      if (!tokens) return;
      const key = JSON.stringify(tokens);
      if (key === last) return;
      last = key;
      next = paging.nextPageParams(data.$response, tokens);
    }
  }

  /**
   * v2's `waitFor(state[, params][, callback])`: polls until the resource is in `state`
   * (bucketExists, bucketNotExists, objectExists, objectNotExists). Throws StateNotFoundError
   * for another state, synchronously, as v2.
   */
  waitFor(state, params, callback) {
    return waiter().waitFor(this, state, params, callback);
  }

  /**
   * v2's `getSignedUrl(operation, params[, callback])`: a presigned URL of any operation
   * (`params.Expires` seconds, default 900, at most a week). Returns it without a callback;
   * otherwise calls `callback(err, url)`.
   */
  getSignedUrl(operation, params, callback) {
    return presign().getSignedUrl(this, operation, params, callback);
  }

  /** v2's `getSignedUrlPromise(operation, params)`. */
  getSignedUrlPromise(operation, params) {
    return presign().getSignedUrlPromise(this, operation, params);
  }

  /**
   * v2's `createPresignedPost(params[, callback])`: `{ url, fields }` for a browser form upload
   * (`params.Fields`, `params.Conditions`, `params.Expires` seconds, default 3600).
   */
  createPresignedPost(params, callback) {
    return presign().createPresignedPost(this, params, callback);
  }

  /**
   * v2's `upload(params[, options][, callback])`: a managed upload (one PutObject, or a multipart
   * upload with `options.queueSize` parts of `options.partSize` bytes in flight). Returns the
   * `ManagedUpload`; with a callback it starts at once.
   */
  upload(params, options, callback) {
    return managed().upload(this, params, options, callback);
  }

  /**
   * A parallel ranged download (beyond v2): `download({ Bucket, Key, ... }, { file | stream,
   * partSize, queueSize }[, callback])`, every part pinned to the first part's ETag. Returns the
   * `ManagedDownload` (`promise()`, `send(cb)`, `abort()`, 'httpDownloadProgress' events).
   */
  download(params, options, callback) {
    return downloads().download(this, params, options, callback);
  }

  /**
   * Builds the request object for an operation. Never throws for bad arguments: a problem with
   * them is reported where the calling style reports errors.
   * Forms: op(), op(params), op(cb), op(params, cb), op(params, options), op(params, options, cb).
   */
  makeRequest(name, params, optionsOrCb, cb) {
    const op = (OPERATIONS || operations())[name];
    if (!op) throw new TypeError(`Unknown operation ${name}`);
    if (typeof params === 'function') {
      cb = params;
      params = {};
    }
    let options;
    if (typeof optionsOrCb === 'function') cb = optionsOrCb;
    else if (optionsOrCb !== null && typeof optionsOrCb === 'object') options = optionsOrCb;
    const req = new (Request || requestClass())(this, op, params, options);
    if (typeof cb === 'function') req.send(cb);
    return req;
  }
}

/** v2's `AWS.S3.ManagedUpload`, and the class of what `s3.download()` returns. */
Object.defineProperty(S3, 'ManagedUpload', { get: () => managed().ManagedUpload, enumerable: true, configurable: true });
Object.defineProperty(S3, 'ManagedDownload', { get: () => downloads().ManagedDownload, enumerable: true, configurable: true });

// Adding a property to a prototype in V8's fast mode copies its descriptors (quadratic in the
// ~120 methods: ~0.5 ms of require() time); one property added and deleted first puts it in
// dictionary mode, where each is a plain insert. V8 makes it fast again on first use; nothing
// else can tell (the deleted property never shows).
Object.defineProperty(S3.prototype, '_', { value: null, configurable: true }); // defined, so no setter runs
delete S3.prototype._;
for (const name of OPERATION_NAMES) {
  Object.defineProperty(S3.prototype, name, {
    value: function operation(params, optionsOrCb, cb) {
      return this.makeRequest(name, params, optionsOrCb, cb);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

module.exports = {
  S3,
  globalConfig,
  OPERATION_NAMES,
  /** Loads lib/operations.js: read it only where a call is made anyway. */
  get OPERATIONS() {
    return operations();
  },
};
