'use strict';
// Client configuration: v2 (`new AWS.S3({...})`, `AWS.config.update`) and v3 (`new S3Client`)
// option names, normalised for the binding. Unset options fall back to the AWS environment.
// Every value is checked here, so nothing the binding cannot represent reaches it (a 1e308 ms
// timeout, a region or credential with a control character, 1e10 retries): a bad option is a
// ConfigError from `new S3()`, as v2 throws config errors from its constructor.

const { S3Error, asError, messageOf } = require('./errors');
// lib/params.js (the parameter rules, and with them lib/body.js) loads on the first endpoint
// given as an option or the first call, not at require() time.
const isWellFormed = (s) => require('./params').isWellFormed(s);

const API_VERSIONS = new Set(['2006-03-01', 'latest']);
/** Timeouts are milliseconds up to what a signed 32-bit timer takes (~24.8 days), as Node's. */
const MAX_TIMEOUT_MS = 2147483647;
const MAX_ATTEMPTS = 100;
const MAX_CONNECTIONS = 65535;
// A region is one DNS-label-like token: it goes into the endpoint host and the signature scope.
const REGION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
// Access key ids and session tokens are sent in headers: printable ASCII without spaces.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

function configError(message) {
  return new S3Error('ConfigError', message, {});
}

function describe(v) {
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null) return 'null';
  return `a value of type ${typeof v}`;
}

/** A number given as a number or a numeric string; undefined when unset. */
function toNumber(name, v) {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw configError(`Expected config.${name} to be a number, but found ${describe(v)}`);
  return n;
}

/** Milliseconds: finite, >= 0, at most MAX_TIMEOUT_MS. */
function timeout(name, v) {
  const n = toNumber(name, v);
  if (n === undefined) return undefined;
  if (!Number.isFinite(n) || n < 0 || n > MAX_TIMEOUT_MS) {
    throw configError(`Expected config.${name} to be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}, but found ${describe(v)}`);
  }
  return n;
}

function integer(name, v, min, max) {
  const n = toNumber(name, v);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw configError(`Expected config.${name} to be an integer from ${min} to ${max}, but found ${describe(v)}`);
  }
  return n;
}

function optionalString(name, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw configError(`Expected config.${name} to be a string`);
  return v;
}

function region(v) {
  const s = optionalString('region', v);
  if (s === undefined || s === '') return undefined; // '' falls back to the environment, as v2's unset region
  if (!REGION.test(s)) throw configError(`Invalid region ${describe(s)}: expected letters, digits, '.', '_' or '-' (e.g. us-east-1)`);
  return s;
}

/** Never echoes the value: a session token is a secret. */
function headerToken(name, v) {
  const s = optionalString(name, v);
  if (s !== undefined && !HEADER_TOKEN.test(s)) {
    throw configError(`Expected config.${name} to be printable ASCII without spaces (0x21-0x7E)`);
  }
  return s;
}

/** An endpoint as an error may show it: without a `user:password@` part. */
function redact(s) {
  return s.replace(/^([^/]*\/\/)[^/@]*@/, '$1***@');
}

function endpointString(v, sslEnabled) {
  if (v === undefined || v === null || v === '') return undefined;
  let s;
  if (typeof v === 'string') s = v;
  else if (v instanceof URL) s = v.href;
  else if (typeof v === 'object' && typeof v.href === 'string') s = v.href; // AWS.Endpoint
  else if (typeof v === 'object' && typeof v.hostname === 'string') {
    // v3 EndpointV2-ish: { protocol, hostname, port, path }
    const proto = String(v.protocol || 'https:').replace(/:?$/, ':');
    s = `${proto}//${v.hostname}${v.port ? `:${v.port}` : ''}${v.path || ''}`;
  } else throw configError('Expected config.endpoint to be a string or URL');
  // The URL parser drops tabs and newlines silently; the native client would not.
  if (/[\x00-\x20\x7f]/.test(s) || !isWellFormed(s)) throw configError(`Invalid endpoint ${describe(redact(s))}: control characters or spaces`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `${sslEnabled === false ? 'http' : 'https'}://${s}`;
  try {
    new URL(s); // eslint-disable-line no-new
  } catch {
    throw configError(`Invalid endpoint: ${redact(s)}`);
  }
  return s.replace(/\/+$/, '');
}

function checksumMode(name, v) {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.toUpperCase().replace(/-/g, '_') : '';
  if (s !== 'WHEN_SUPPORTED' && s !== 'WHEN_REQUIRED') {
    throw configError(`Expected config.${name} to be WHEN_SUPPORTED or WHEN_REQUIRED`);
  }
  return s;
}

/**
 * `maxSockets` of an http(s).Agent or agent options. An Agent built without the option reports
 * Node's default, Infinity: that means "not chosen", so the client keeps its own default cap;
 * an explicit Infinity means no cap.
 */
function agentSockets(agent) {
  if (agent === undefined || agent === null || typeof agent !== 'object') return undefined;
  const n = agent.maxSockets;
  if (n === undefined || n === null) return undefined;
  if (n === Infinity && agent.options && typeof agent.options === 'object' && !agent.options.maxSockets) return undefined;
  return n;
}

/** Connections per client (v2 `httpOptions.agent.maxSockets`, v3 `requestHandler` forms); 0 = no cap. */
function maxConnections(http, handler, endpoint) {
  const httpsFirst = !endpoint || !/^http:/i.test(endpoint);
  const candidates = [
    ['requestHandler.maxSockets', handler.maxSockets],
    ...(httpsFirst
      ? [['requestHandler.httpsAgent.maxSockets', agentSockets(handler.httpsAgent)], ['requestHandler.httpAgent.maxSockets', agentSockets(handler.httpAgent)]]
      : [['requestHandler.httpAgent.maxSockets', agentSockets(handler.httpAgent)], ['requestHandler.httpsAgent.maxSockets', agentSockets(handler.httpsAgent)]]),
    ['httpOptions.agent.maxSockets', agentSockets(http.agent)],
  ];
  let chosen;
  for (const [name, v] of candidates) {
    if (v === undefined || v === null) continue;
    const n = v === Infinity ? 0 : integer(name, v, 1, MAX_CONNECTIONS); // every one is checked
    if (chosen === undefined) chosen = n;
  }
  return chosen;
}

function object(name, v) {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' && typeof v !== 'function') throw configError(`Expected config.${name} to be an object`);
  return v;
}

const either = (a, b) => (a !== undefined ? a : b);

/** Merged v2/v3 options -> NativeClientConfig (only the keys that are set). */
function toNative(o) {
  if (o.apiVersion !== undefined && o.apiVersion !== null && !API_VERSIONS.has(o.apiVersion)) {
    throw configError(`Could not find API configuration s3-${describe(o.apiVersion).replace(/^"|"$/g, '')}`);
  }
  const creds = o.credentials;
  if (typeof creds === 'function') {
    throw configError(
      'credential provider functions are not supported: pass { accessKeyId, secretAccessKey, sessionToken } or use the AWS environment',
    );
  }
  // Requests sign with `credentials` (as v2's do); flat keys count where it has none.
  const given = creds !== undefined && creds !== null && typeof creds === 'object' ? creds : {};
  const c = given.accessKeyId !== undefined && given.accessKeyId !== null ? given : { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, sessionToken: o.sessionToken };
  const http = object('httpOptions', o.httpOptions);
  const handler = object('requestHandler', o.requestHandler);
  const retry = object('retryDelayOptions', o.retryDelayOptions);
  const maxRetries = integer('maxRetries', o.maxRetries, 0, MAX_ATTEMPTS - 1);
  const maxAttempts = integer('maxAttempts', o.maxAttempts, 1, MAX_ATTEMPTS);
  const endpoint = endpointString(o.endpoint, o.sslEnabled);
  const out = {
    region: region(o.region),
    endpoint,
    accessKeyId: headerToken('accessKeyId', c.accessKeyId),
    secretAccessKey: optionalString('secretAccessKey', c.secretAccessKey),
    sessionToken: headerToken('sessionToken', c.sessionToken),
    profile: optionalString('profile', o.profile),
    forcePathStyle: o.forcePathStyle ?? o.s3ForcePathStyle,
    maxAttempts: maxAttempts !== undefined ? maxAttempts : maxRetries !== undefined ? maxRetries + 1 : undefined,
    retryBaseDelayMs: timeout('retryDelayOptions.base', retry.base),
    requestChecksumCalculation: checksumMode('requestChecksumCalculation', o.requestChecksumCalculation),
    responseChecksumValidation: checksumMode('responseChecksumValidation', o.responseChecksumValidation),
    // v2's name wins over v3's; both are checked.
    timeoutMs: either(timeout('httpOptions.timeout', http.timeout), timeout('requestHandler.requestTimeout', handler.requestTimeout)),
    connectTimeoutMs: either(
      timeout('httpOptions.connectTimeout', http.connectTimeout),
      timeout('requestHandler.connectionTimeout', handler.connectionTimeout),
    ),
    operationTimeoutMs: timeout('operationTimeout', o.operationTimeout),
    maxConnections: maxConnections(http, handler, endpoint),
  };
  if (out.forcePathStyle !== undefined) out.forcePathStyle = Boolean(out.forcePathStyle);
  // Endpoint variants (the same names in v2 and v3): FIPS, dual-stack (IPv6), Transfer Acceleration.
  // v2's S3-only `useDualstack` is the older name of `useDualstackEndpoint`.
  for (const [name, key] of [['useFipsEndpoint', 'useFips'], ['useDualstack', 'useDualStack'], ['useDualstackEndpoint', 'useDualStack'], ['useAccelerateEndpoint', 'accelerate']]) {
    const v = o[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') throw configError(`Expected config.${name} to be a boolean, but found ${describe(v)}`);
    out[key] = v;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * Runs `fn`; anything it throws that is not already a ConfigError (a throwing getter, a revoked
 * Proxy among the options) becomes one, so a bad config is always reported the same way.
 */
function asConfigError(fn) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof S3Error) throw err;
    const e = configError(`Invalid config: ${messageOf(err)}`);
    e.originalError = asError(err);
    throw e;
  }
}

/** A v2-style config object: plain fields plus `update()`. */
class Config {
  constructor(options = {}) {
    this.update(options);
  }

  /**
   * v2: copies the options' keys (a non-object is ignored, as v2 ignores it). Keys given flat
   * (`accessKeyId` and `secretAccessKey`) also become `credentials`, an `AWS.Credentials`, as
   * v2's `extractCredentials` makes them; requests sign with `credentials`.
   */
  update(options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) return this;
    asConfigError(() => {
      for (const k of Object.keys(options)) {
        if (k in Config.prototype) continue; // never shadow update() & co. nor set __proto__
        const v = options[k];
        if (v !== undefined) this[k] = v;
      }
      if (options.accessKeyId && options.secretAccessKey) {
        const { Credentials } = require('./globals');
        this.credentials = new Credentials(options.accessKeyId, options.secretAccessKey, options.sessionToken);
      }
    });
    return this;
  }

  /** v2's `getCredentials(cb)`: `cb(err)` with the credentials a call would use, where known. */
  getCredentials(callback) {
    require('./globals').getCredentials(this, callback);
  }

  /** v2: `AWS.config.setPromisesDependency(P)`; `null` (or anything but a constructor) restores the native Promise. */
  setPromisesDependency(dep) {
    Object.defineProperty(this, '_promise', { value: typeof dep === 'function' ? dep : null, enumerable: false, writable: true, configurable: true });
  }

  getPromisesDependency() {
    return typeof this._promise === 'function' ? this._promise : Promise;
  }
}

/**
 * A promise of the client's promise dependency (v2's `setPromisesDependency`) over `executor`;
 * the native Promise when that dependency cannot be constructed.
 */
function promiseFor(config, executor) {
  const P = config && typeof config.getPromisesDependency === 'function' ? config.getPromisesDependency() : Promise;
  try {
    return new P(executor);
  } catch {
    return new Promise(executor);
  }
}

module.exports = { Config, toNative, configError, asConfigError, promiseFor };
