'use strict';
// Client configuration: v2 (`new AWS.S3({...})`, `AWS.config.update`) and v3 (`new S3Client`)
// option names, normalised for the binding. Unset options fall back to the AWS environment.

const { S3Error } = require('./errors');

const API_VERSIONS = new Set(['2006-03-01', 'latest']);

function configError(message) {
  return new S3Error('ConfigError', message, {});
}

function optionalNumber(name, v) {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw configError(`Expected config.${name} to be a non-negative number`);
  }
  return n;
}

function optionalString(name, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw configError(`Expected config.${name} to be a string`);
  return v;
}

function endpointString(v, sslEnabled) {
  if (v === undefined || v === null || v === '') return undefined;
  let s;
  if (typeof v === 'string') s = v;
  else if (v instanceof URL) s = v.href;
  else if (typeof v === 'object' && typeof v.href === 'string') s = v.href; // AWS.Endpoint
  else if (typeof v === 'object' && typeof v.hostname === 'string') {
    // v3 EndpointV2-ish: { protocol, hostname, port, path }
    const proto = (v.protocol || 'https:').replace(/:?$/, ':');
    s = `${proto}//${v.hostname}${v.port ? `:${v.port}` : ''}${v.path || ''}`;
  } else throw configError('Expected config.endpoint to be a string or URL');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `${sslEnabled === false ? 'http' : 'https'}://${s}`;
  try {
    new URL(s); // eslint-disable-line no-new
  } catch {
    throw configError(`Invalid endpoint: ${s}`);
  }
  return s.replace(/\/+$/, '');
}

function checksumMode(name, v) {
  if (v === undefined || v === null) return undefined;
  const s = String(v).toUpperCase().replace(/-/g, '_');
  if (s !== 'WHEN_SUPPORTED' && s !== 'WHEN_REQUIRED') {
    throw configError(`Expected config.${name} to be WHEN_SUPPORTED or WHEN_REQUIRED`);
  }
  return s;
}

/** Merged v2/v3 options -> NativeClientConfig (only the keys that are set). */
function toNative(o) {
  if (o.apiVersion !== undefined && o.apiVersion !== null && !API_VERSIONS.has(o.apiVersion)) {
    throw configError(`Could not find API configuration s3-${o.apiVersion}`);
  }
  const creds = o.credentials;
  if (typeof creds === 'function') {
    throw configError(
      'credential provider functions are not supported: pass { accessKeyId, secretAccessKey, sessionToken } or use the AWS environment',
    );
  }
  const http = o.httpOptions || {};
  const handler = o.requestHandler || {};
  const maxRetries = optionalNumber('maxRetries', o.maxRetries);
  const maxAttempts = optionalNumber('maxAttempts', o.maxAttempts);
  const out = {
    region: optionalString('region', o.region),
    endpoint: endpointString(o.endpoint, o.sslEnabled),
    accessKeyId: optionalString('accessKeyId', o.accessKeyId ?? (creds && creds.accessKeyId)),
    secretAccessKey: optionalString('secretAccessKey', o.secretAccessKey ?? (creds && creds.secretAccessKey)),
    sessionToken: optionalString('sessionToken', o.sessionToken ?? (creds && creds.sessionToken)),
    profile: optionalString('profile', o.profile),
    forcePathStyle: o.forcePathStyle ?? o.s3ForcePathStyle,
    maxAttempts: maxAttempts !== undefined ? Math.max(1, Math.floor(maxAttempts)) : maxRetries !== undefined ? Math.floor(maxRetries) + 1 : undefined,
    retryBaseDelayMs: optionalNumber('retryDelayOptions.base', o.retryDelayOptions && o.retryDelayOptions.base),
    requestChecksumCalculation: checksumMode('requestChecksumCalculation', o.requestChecksumCalculation),
    responseChecksumValidation: checksumMode('responseChecksumValidation', o.responseChecksumValidation),
    timeoutMs: optionalNumber('httpOptions.timeout', http.timeout ?? handler.requestTimeout),
    connectTimeoutMs: optionalNumber('httpOptions.connectTimeout', http.connectTimeout ?? handler.connectionTimeout),
    operationTimeoutMs: optionalNumber('operationTimeout', o.operationTimeout),
  };
  if (out.forcePathStyle !== undefined) out.forcePathStyle = Boolean(out.forcePathStyle);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** A v2-style config object: plain fields plus `update()`. */
class Config {
  constructor(options = {}) {
    this.update(options);
  }

  update(options = {}) {
    if (options === null || typeof options !== 'object') throw configError('Expected config to be an object');
    for (const k of Object.keys(options)) {
      if (options[k] !== undefined) this[k] = options[k];
    }
    return this;
  }

  /** v2: `AWS.config.setPromisesDependency(P)`; `null` restores the native Promise. */
  setPromisesDependency(dep) {
    Object.defineProperty(this, '_promise', { value: dep || null, enumerable: false, writable: true, configurable: true });
  }

  getPromisesDependency() {
    return this._promise || Promise;
  }
}

module.exports = { Config, toNative, configError };
