'use strict';
// The parts of aws-sdk v2's global `AWS` namespace that S3 scripts touch: `AWS.Endpoint`,
// `AWS.Credentials`, `AWS.config.getCredentials(cb)`. Anything else (`AWS.DynamoDB`, ...) is
// not part of s3-native: using it says so, with a code (see index.js).

const { S3Error, validationError } = require('./errors');

/** v2's `AWS.Endpoint(endpoint[, config])`: href, protocol, host, hostname, port, path. */
class Endpoint {
  constructor(endpoint, config) {
    if (endpoint === undefined || endpoint === null) throw validationError('ConfigError', 'Invalid endpoint: ' + endpoint);
    if (typeof endpoint !== 'string') {
      Object.assign(this, endpoint);
      return;
    }
    let s = endpoint;
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
      const ssl = !(config && config.sslEnabled === false);
      s = `${ssl ? 'https' : 'http'}://${s}`;
    }
    let url;
    try {
      url = new URL(s);
    } catch {
      throw validationError('ConfigError', `Invalid endpoint: ${endpoint}`);
    }
    // v2's keys, in v2's order; `search` is there but hidden, as v2 hides it.
    Object.defineProperty(this, 'search', { value: url.search, enumerable: false, writable: true, configurable: true });
    this.protocol = url.protocol;
    this.host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
    this.port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    this.hostname = url.hostname;
    this.pathname = url.pathname;
    this.path = `${url.pathname}${url.search}`;
    this.href = `${url.protocol}//${this.host}${this.path}`;
  }
}

/**
 * v2's `AWS.Credentials`: `(accessKeyId, secretAccessKey[, sessionToken])`, `({ accessKeyId,
 * secretAccessKey, sessionToken })` or `({ credentials: {...} })`. Static: never expires, so
 * `get`/`refresh` call back at once. The secret is not enumerable (kept out of logs and
 * `util.inspect`), as v2 hides it.
 */
class Credentials {
  constructor(accessKeyId, secretAccessKey, sessionToken) {
    let o = { accessKeyId, secretAccessKey, sessionToken };
    if (accessKeyId !== null && typeof accessKeyId === 'object') {
      o = accessKeyId.credentials && typeof accessKeyId.credentials === 'object' ? accessKeyId.credentials : accessKeyId;
    }
    this.expired = false;
    this.expireTime = null;
    this.refreshCallbacks = [];
    this.accessKeyId = o.accessKeyId;
    Object.defineProperty(this, 'secretAccessKey', { value: o.secretAccessKey, writable: true, enumerable: false, configurable: true });
    this.sessionToken = o.sessionToken;
    this.expiryWindow = 15;
  }

  needsRefresh() {
    return false;
  }

  get(callback) {
    if (typeof callback === 'function') callback(null);
  }

  getPromise() {
    return Promise.resolve();
  }

  refresh(callback) {
    this.expired = false;
    if (typeof callback === 'function') callback(null);
  }

  refreshPromise() {
    return Promise.resolve();
  }
}

/**
 * v2's `AWS.config.getCredentials(cb)` for `config`: the configured credentials, else the
 * environment's keys. The rest of the chain (profiles, SSO, IMDS, ...) is resolved natively
 * when a call is made, so here it reports that it cannot tell instead of guessing.
 */
function getCredentials(config, callback) {
  const cb = typeof callback === 'function' ? callback : () => {};
  const c = config.credentials;
  if (c && typeof c === 'object' && c.accessKeyId) return cb(null, c);
  if (config.accessKeyId && config.secretAccessKey) {
    return cb(null, new Credentials(config.accessKeyId, config.secretAccessKey, config.sessionToken));
  }
  const env = process.env;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return cb(null, new Credentials(env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN));
  }
  return cb(
    new S3Error(
      'CredentialsError',
      'Missing credentials in config: none are set and none are in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. ' +
        'A call still resolves profiles, SSO, web identity and instance credentials natively (AWS_PROFILE, ~/.aws/config).',
      { retryable: false },
    ),
  );
}

/** What `AWS.X` gives for an X that is not part of s3-native: a constructor that says so. */
function notInS3Native(name) {
  const message =
    `AWS.${name} is not part of s3-native, an S3 client: use aws-sdk (v2) or @aws-sdk/client-* (v3) for it, ` +
    "beside s3-native's AWS.S3";
  function NotInS3Native() {
    throw new S3Error('NotSupportedError', message, { retryable: false });
  }
  Object.defineProperty(NotInS3Native, 'name', { value: name });
  return NotInS3Native;
}

module.exports = { Endpoint, Credentials, getCredentials, notInS3Native };
