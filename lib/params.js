'use strict';
// Client-side parameter validation with aws-sdk v2's codes and messages
// (`v2:lib/param_validator.js`), then conversion to what the binding takes.

const { validationError } = require('./errors');

const TYPE_NAME = { s: 'a string', i: 'a number', b: 'a boolean', m: 'a map' };
const TS_MESSAGE = 'to be a Date object, ISO-8601 string, or a UNIX timestamp';
const BODY_MESSAGE = 'to be a string, Buffer, Stream, Blob, or typed array object';

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isBodyValue(v) {
  return (
    typeof v === 'string' ||
    ArrayBuffer.isView(v) ||
    v instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer) ||
    (typeof Blob !== 'undefined' && v instanceof Blob) ||
    (v !== null && typeof v === 'object' && typeof v.pipe === 'function' && typeof v.on === 'function')
  );
}

/** Timestamp -> epoch seconds, or undefined when the value is not a timestamp. */
function toEpochSeconds(v) {
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v !== '') {
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    const t = Date.parse(v);
    return Number.isFinite(t) ? t / 1000 : undefined;
  }
  return undefined;
}

function checkMember(type, value, context, errors) {
  switch (type) {
    case 's':
      if (typeof value !== 'string') errors.push(['InvalidParameterType', `Expected ${context} to be a string`]);
      return value;
    case 'i': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      // v2 accepts numeric strings when parseFloat(v).toString() === v.
      if (typeof value === 'string' && parseFloat(value).toString() === value) return Number(value);
      errors.push(['InvalidParameterType', `Expected ${context} to be a number`]);
      return value;
    }
    case 'b':
      if (typeof value !== 'boolean') errors.push(['InvalidParameterType', `Expected ${context} to be a boolean`]);
      return value;
    case 't': {
      const secs = toEpochSeconds(value);
      if (secs === undefined) errors.push(['InvalidParameterType', `Expected ${context} ${TS_MESSAGE}`]);
      return secs;
    }
    case 'm': {
      if (!isPlainObject(value)) {
        errors.push(['InvalidParameterType', `Expected ${context} to be a map`]);
        return value;
      }
      for (const k of Object.keys(value)) {
        const v = value[k];
        if (v === undefined || v === null) continue;
        if (typeof v !== 'string') errors.push(['InvalidParameterType', `Expected ${context}['${k}'] to be a string`]);
      }
      return value;
    }
    case 'body':
      if (!isBodyValue(value)) errors.push(['InvalidParameterType', `Expected ${context} ${BODY_MESSAGE}`]);
      return value;
    default:
      return value;
  }
}

/**
 * Validates `params` against `shape`; returns `{ input, body }` (input without Body, timestamps
 * as epoch seconds, null/undefined members dropped) or throws an S3Error.
 */
function validate(shape, params) {
  if (params === undefined || params === null) params = {};
  if (!isPlainObject(params)) {
    throw validationError('InvalidParameterType', 'Expected params to be a structure');
  }
  const errors = [];
  for (const name of shape.required) {
    const v = params[name];
    if (v === undefined || v === null) errors.push(['MissingRequiredParameter', `Missing required key '${name}' in params`]);
  }
  const input = {};
  let body;
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    const type = shape.members[key];
    if (type === undefined) {
      errors.push(['UnexpectedParameter', `Unexpected key '${key}' found in params`]);
      continue;
    }
    const converted = checkMember(type, value, `params.${key}`, errors);
    if (type === 'body') body = value;
    else input[key] = converted;
  }
  for (const name of shape.uri) {
    if (params[name] === '') {
      errors.push(['UriParameterError', `Expected uri parameter to have length >= 1, but found "" for params.${name}`]);
    }
  }
  if (errors.length === 1) throw validationError(errors[0][0], errors[0][1]);
  if (errors.length > 1) {
    const list = errors.map(([c, m]) => validationError(c, m));
    const msg = `There were ${errors.length} validation errors:\n` + errors.map(([c, m]) => `* ${c}: ${m}`).join('\n');
    const err = validationError('MultipleValidationErrors', msg);
    err.errors = list;
    throw err;
  }
  return { input, body };
}

module.exports = { validate, toEpochSeconds, isPlainObject };
