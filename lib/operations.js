'use strict';
// One entry per S3 operation: how to validate its params, call the binding once per call (the
// SDK retries inside that call), and shape the output as aws-sdk v2 does.

const fs = require('fs');
const { validate } = require('./params');
const { Readable } = require('stream');
const { bodyView, fromBlob, isBlob, isNativePart, isReadable, isWebStream } = require('./body');
const { S3Error, fromNative, metadataOf, validationError, asError, messageOf, hidden } = require('./errors');
const shapes = require('./shapes');

/** What a native upload part is validated as (its bytes are in the part, not in params). */
const EMPTY = Buffer.alloc(0);

/** v2 fills bound `params` (`new S3({params: {Bucket}})`) into calls that omit them. */
function withBound(shape, params, bound) {
  if (!bound || typeof bound !== 'object') return params;
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) return params;
  let merged = null;
  for (const k of Object.keys(bound)) {
    if (shape.members[k] === undefined) continue;
    if (params[k] === undefined || params[k] === null) {
      if (!merged) merged = { ...params };
      merged[k] = bound[k];
    }
  }
  return merged || params;
}

function dates(out, keys) {
  for (const k of keys) if (typeof out[k] === 'number') out[k] = new Date(out[k]);
  return out;
}

const OBJECT_DATES = ['LastModified', 'Expires', 'ObjectLockRetainUntilDate'];

function objectOutput(out) {
  dates(out, OBJECT_DATES);
  if (out.Metadata === undefined) out.Metadata = {};
  return out;
}

/**
 * v2 (`validateScheme`): an SSE-C key is never sent over plain http. The endpoint is the
 * client's, else the environment's (AWS endpoints are https).
 */
function checkSseScheme(client, input) {
  if (input.SSECustomerKey === undefined && input.CopySourceSSECustomerKey === undefined) return;
  const endpoint = client._nativeConfig.endpoint || process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || '';
  if (/^http:/i.test(endpoint)) {
    throw validationError('ConfigError', "Cannot send SSE keys over HTTP. Set 'sslEnabled'to 'true' in your configuration");
  }
}

/** A prepared call: validated native input plus what the dispatcher needs. */
class Prepared {
  constructor(op, input, extra) {
    this.op = op;
    this.input = input;
    Object.assign(this, extra);
  }
}

/** An `fs.createReadStream` nothing has read from yet: its file range can be read natively. */
function isFileStream(stream) {
  return stream instanceof fs.ReadStream && typeof stream.path === 'string' && !stream.bytesRead;
}

async function bodyFromStream(input, stream) {
  if (stream.destroyed || stream.readableEnded || stream.closed) {
    throw validationError('InvalidParameterValue', 'params.Body is a stream that is already closed or ended');
  }
  // A file stream is read natively from its path (retryable, no JS in the data path).
  if (isFileStream(stream)) {
    // The call owns this stream now (the file is read by path): its own open error must not
    // become an uncaught 'error' event; the stat below reports the same problem, coded.
    stream.on('error', () => {});
    let st;
    try {
      st = await fs.promises.stat(stream.path);
    } catch (err) {
      throw sourceError(err);
    }
    if (!st.isFile()) {
      // What reading it would report (a directory: EISDIR), before anything is sent.
      const err = new Error(`${st.isDirectory() ? 'EISDIR: illegal operation on a directory' : 'not a regular file'}, read '${stream.path}'`);
      if (st.isDirectory()) err.code = 'EISDIR';
      throw sourceError(err);
    }
    const start = Number.isInteger(stream.start) ? stream.start : 0;
    const end = Number.isFinite(stream.end) ? Math.min(stream.end, st.size - 1) : st.size - 1;
    const length = Math.max(0, end - start + 1);
    // A start past the end reads nothing, as the stream itself would (an empty object).
    return { kind: 'file', path: stream.path, offset: length === 0 ? 0 : start, length };
  }
  if (input.ContentLength === undefined) {
    throw validationError(
      'MissingContentLength',
      'Cannot determine length of [object Object]: set params.ContentLength for a stream Body, ' +
        'or use a managed (multipart) upload for streams of unknown length',
    );
  }
  return { kind: 'stream', stream, length: input.ContentLength };
}

const putObject = {
  name: 'putObject',
  nativeName: 'PutObject',
  get shape() {
    return shapes.operation('PutObject').input;
  },
  httpMethod: 'PUT',
  /** Synchronous part: validation and, for in-memory bodies, the snapshot. */
  prepare(client, params, options) {
    const { input, body } = validate(this.shape, withBound(this.shape, params, client.config.params));
    checkSseScheme(client, input);
    if (isWebStream(body)) {
      // Read as a Node stream: the same ContentLength rules and backpressure.
      const node = Readable.fromWeb(body);
      return new Prepared(this, input, { pending: bodyFromStream(input, node), source: node });
    }
    if (isReadable(body)) return new Prepared(this, input, { pending: bodyFromStream(input, body), source: body });
    if (isBlob(body)) return new Prepared(this, input, { pending: fromBlob(body) });
    const v = bodyView(body);
    return new Prepared(this, input, { body: v, length: v.view ? v.view.length : 0, zeroCopy: zeroCopyOf(client, options) });
  },
  /**
   * Sends the call. `ctx`: { wantHeaders, abort, onProgress(loaded, total) }.
   * Returns the native result. For in-memory bodies the binding copies the bytes before this
   * returns, so it must be called in the same tick as `prepare` (it is).
   */
  dispatch(client, p, ctx) {
    const native = client.native;
    if (p.pending) return p.pending.then((b) => dispatchBody(native, p, b, ctx));
    return dispatchBody(native, p, p.body, ctx);
  },
  output(out) {
    return out;
  },
};

function zeroCopyOf(client, options) {
  return Boolean((options && options.zeroCopy) || client.config.zeroCopy);
}

function checkLength(input, len) {
  if (input.ContentLength !== undefined && input.ContentLength !== len) {
    throw validationError(
      'InvalidParameterValue',
      `params.ContentLength (${input.ContentLength}) does not match the length of params.Body (${len})`,
    );
  }
}

function dispatchBody(native, p, b, ctx) {
  const input = p.input;
  if (b.kind === 'file') {
    checkLength(input, b.length);
    p.length = b.length;
    input.ContentLength = b.length;
    const done = native.putObjectFile(input, b.path, b.offset, b.length, ctx.wantHeaders, ctx.abort, ctx.progress, ctx.headers);
    // We read the file by path: release the caller's stream and its descriptor.
    if (p.source && typeof p.source.destroy === 'function') done.finally(() => p.source.destroy()).catch(() => {});
    return done;
  }
  if (b.kind === 'stream') {
    p.length = b.length;
    return pumpStream(native, input, b.stream, ctx);
  }
  const len = b.view ? b.view.length : 0;
  checkLength(input, len);
  p.length = len;
  const owned = b.fresh || p.zeroCopy;
  return native.putObject(input, owned ? null : b.view, owned ? b.view : null, ctx.wantHeaders, ctx.abort, ctx.progress, ctx.headers);
}

function lengthMismatch(loaded, total, more) {
  const what = more ? `more than params.ContentLength (${total}) bytes` : `${loaded} of params.ContentLength (${total}) bytes`;
  return new S3Error('StreamContentLengthMismatch', `Stream content length mismatch: params.Body produced ${what}; nothing was stored`, {
    retryable: false,
    $fault: 'client',
  });
}

/**
 * The error of a Body stream that failed mid-upload: coded with the source's own string `code`
 * (`ENOENT`, `ERR_STREAM_PREMATURE_CLOSE`, ...) or `BodyStreamError`, the source error as `cause`.
 */
function sourceError(err) {
  if (err instanceof S3Error) return err;
  let code = 'BodyStreamError';
  try {
    if (err && typeof err.code === 'string' && err.code !== '') code = err.code;
  } catch {} // a getter that throws: keep the stable code
  const out = new S3Error(code, `params.Body stream failed: ${messageOf(err)}; nothing was stored`, {
    retryable: false,
    originalError: asError(err), // `cause` keeps the value itself
    $fault: 'client',
  });
  return hidden(out, 'cause', err);
}

/**
 * Streams a Node Readable into the native upload with backpressure. The source must produce
 * exactly `ContentLength` bytes: natively the last byte is held back until `end()`, so a longer
 * or shorter source fails the upload (`fail()`) before the server has a complete body.
 */
function pumpStream(native, input, stream, ctx) {
  const total = input.ContentLength;
  const sink = native.putObjectStream(input, ctx.wantHeaders, ctx.abort, ctx.headers);
  let loaded = 0;
  let streamError = null;
  let settled = false;
  let pumped = false;
  const fail = (err) => {
    if (settled) return; // the upload already ended: its own result stands
    streamError = err;
    sink.fail(err.message == null ? String(err.code) : String(err.message));
  };
  const pump = (async () => {
    try {
      for await (const chunk of stream) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (!(buf instanceof Uint8Array)) throw new TypeError('params.Body stream produced a chunk that is not a string or Buffer');
        if (loaded + buf.length > total) {
          fail(lengthMismatch(loaded + buf.length, total, true));
          return; // leaving the loop destroys the source
        }
        if (!(await sink.write(buf))) return; // the upload already ended; its result says why
        loaded += buf.length;
        if (ctx.onProgress) ctx.onProgress(loaded, total);
      }
      if (loaded < total) fail(lengthMismatch(loaded, total, false));
      else sink.end();
    } catch (err) {
      fail(sourceError(err));
    } finally {
      pumped = true;
    }
  })();
  const result = sink.result().then((res) => {
    settled = true;
    // The upload is over (stored, timed out, aborted): a source still being read would keep the
    // call pending for as long as it stalls. Release it.
    if (!pumped && typeof stream.destroy === 'function') stream.destroy();
    return res;
  });
  return Promise.all([result, pump]).then(([res]) => {
    if (streamError) res.streamError = streamError;
    return res;
  });
}

/** prepare() of the operations without a request body: validated input only. */
function prepareInput(client, params) {
  const { input } = validate(this.shape, withBound(this.shape, params, client.config.params));
  checkSseScheme(client, input);
  return new Prepared(this, input, {});
}

const getObject = {
  name: 'getObject',
  nativeName: 'GetObject',
  get shape() {
    return shapes.operation('GetObject').input;
  },
  httpMethod: 'GET',
  prepare(client, params, options) {
    const p = prepareInput.call(this, client, params);
    // s3.download()'s parts (lib/download.js): the body written natively into its file range.
    if (options && options.file) p.file = options.file;
    return p;
  },
  dispatch(client, p, ctx) {
    return client.native.getObject(p.input, Boolean(ctx.stream), ctx.wantHeaders, ctx.abort, ctx.progress, p.file || null, ctx.headers);
  },
  output(out, res) {
    objectOutput(out);
    if (res.body !== undefined) out.Body = res.body;
    else if (!res.stream) out.Body = Buffer.alloc(0);
    return out;
  },
};

const headObject = {
  name: 'headObject',
  nativeName: 'HeadObject',
  get shape() {
    return shapes.operation('HeadObject').input;
  },
  httpMethod: 'HEAD',
  prepare: prepareInput,
  dispatch(client, p, ctx) {
    return client.native.headObject(p.input, ctx.wantHeaders, ctx.abort, ctx.headers);
  },
  output(out) {
    return objectOutput(out);
  },
};

const deleteObject = {
  name: 'deleteObject',
  nativeName: 'DeleteObject',
  get shape() {
    return shapes.operation('DeleteObject').input;
  },
  httpMethod: 'DELETE',
  prepare: prepareInput,
  dispatch(client, p, ctx) {
    return client.native.deleteObject(p.input, ctx.wantHeaders, ctx.abort, ctx.headers);
  },
  output(out) {
    return out;
  },
};

// ---------------------------------------------------------------------------------------------
// Every other operation: generated from the model (lib/generated/model.js), one native call
// (`call`) with the validated params as JSON, the output shaped as v2 shapes it.

/**
 * A model output value -> its JS value: Date for timestamps, numbers for numeric strings. `v3`:
 * the v3 face's shapes (absent lists stay absent).
 */
function outputValue(type, v, v3) {
  if (v === null || v === undefined) return v;
  if (typeof type === 'object') {
    if (type.kind === 'structure') return typeof v === 'object' ? outputStructure(type, v, true, v3) : v;
    if (type.kind === 'list') {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = outputValue(type.member, v[i], v3);
      return v;
    }
    if (type.kind === 'map') {
      if (typeof v === 'object') for (const k of Object.keys(v)) v[k] = outputValue(type.value, v[k], v3);
      return v;
    }
    return v;
  }
  switch (type) {
    case 't':
      return typeof v === 'number' ? new Date(v) : v;
    case 'i':
    case 'l':
    case 'n':
      // The crate types a few of v2's integers as strings (PartNumberMarker); v3 keeps them strings.
      return !v3 && typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    default:
      return v;
  }
}

/**
 * v2's output rules: every list of a parsed body is present (`[]` when absent), header maps
 * (`Metadata`) are `{}` when absent, and the members of a payload structure are also on the
 * output, non-enumerable. v3 (`v3`): header maps are `{}` too, absent lists stay absent.
 *
 * v2's key order, which `console.log` and `JSON.stringify` show: the header members in model
 * order (v2 reads the headers first), then the body's members in model order, and in nested
 * structures model order. The native side sends keys in any order, so v2's is rebuilt here.
 */
function outputStructure(shape, out, parsed, v3) {
  // v3's plan has no list fills (absent lists stay absent), and v3 leaves null members out too.
  const { keys, types, fill } = v3 ? planV3Of(shape) : planOf(shape);
  const res = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = out[k];
    if (v !== undefined && !(v3 && v === null)) res[k] = outputValue(types[i], v, v3);
    else if (fill[i] === FILL_MAP) res[k] = {};
    else if (fill[i] === FILL_LIST && parsed) res[k] = [];
  }
  return res;
}

const FILL_MAP = 1;
const FILL_LIST = 2;
const plans = new WeakMap();

/**
 * A structure's members in v2's output order (header members, then the others, each in model
 * order), their types, and what an absent one becomes (a header map {}, a body list []); built
 * once per shape.
 */
function planOf(shape) {
  let plan = plans.get(shape);
  if (plan) return plan;
  plan = { keys: [], types: [], fill: [] };
  const add = (k, fill) => {
    plan.keys.push(k);
    plan.types.push(shape.members[k]);
    plan.fill.push(fill);
  };
  for (const k in shape.headers) {
    const t = shape.members[k];
    if (t !== undefined) add(k, typeof t === 'object' && t.kind === 'map' ? FILL_MAP : 0);
  }
  for (const k in shape.members) {
    const t = shape.members[k];
    if (shape.headers[k] === undefined) add(k, typeof t === 'object' && t.kind === 'list' ? FILL_LIST : 0);
  }
  plans.set(shape, plan);
  return plan;
}

const plansV3 = new WeakMap();

/**
 * v3's member order (@aws-sdk/client-s3 3.1175 against s3s-fs and moto): the header members,
 * then the body's XML attributes (Grantee's `Type`), then its other members in model order.
 * v3 keeps the headers in the order the response sent them, which the native result does not
 * carry: they come in model order here.
 */
function planV3Of(shape) {
  let plan = plansV3.get(shape);
  if (plan) return plan;
  const v2 = planOf(shape);
  plan = { keys: [], types: [], fill: [] };
  const pass = (want) => {
    for (let i = 0; i < v2.keys.length; i++) {
      const k = v2.keys[i];
      const kind = shape.headers[k] !== undefined ? 0 : shape.attributes.includes(k) ? 1 : 2;
      if (kind !== want) continue;
      plan.keys.push(k);
      plan.types.push(v2.types[i]);
      plan.fill.push(v2.fill[i] === FILL_MAP ? FILL_MAP : 0);
    }
  };
  pass(0);
  pass(1);
  pass(2);
  plansV3.set(shape, plan);
  return plan;
}

function bodyParsed(shape) {
  for (const k in shape.members) if (shape.headers[k] === undefined && shape.members[k] !== 'body') return true;
  return false;
}

function genericOutput(model) {
  const shape = model.output;
  const parsed = shape ? bodyParsed(shape) : false;
  return function output(json, res) {
    const raw = typeof json === 'string' ? JSON.parse(json) : {};
    if (!shape) return raw;
    if (shape.payload !== undefined && typeof shape.members[shape.payload] === 'object') {
      const p = shape.payload;
      if (raw[p] === undefined || raw[p] === null) raw[p] = {};
    }
    const out = outputStructure(shape, raw, parsed);
    if (shape.payload !== undefined) {
      const p = shape.payload;
      const t = shape.members[p];
      if (t === 'body') out[p] = res && res.body ? res.body : Buffer.alloc(0);
      else if (typeof t === 'object' && t.kind === 'structure' && out[p] && typeof out[p] === 'object') {
        // v2 (`hoistPayloadMember`): the payload's members also sit on the output, hidden.
        for (const k of Object.keys(out[p])) if (!(k in out)) hidden(out, k, out[p][k]);
      }
    }
    return out;
  };
}

async function bufferStream(stream) {
  const chunks = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  } catch (err) {
    throw sourceError(err);
  }
  return { view: Buffer.concat(chunks), fresh: true };
}

/** v2 (`createBucket`): outside us-east-1 a bucket is created in the client's region. */
function clientSide(model, client, input) {
  if (model.name === 'CreateBucket' && input.CreateBucketConfiguration === undefined) {
    const region = client._nativeConfig.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (region && region !== 'us-east-1') input.CreateBucketConfiguration = { LocationConstraint: region };
  }
  return input;
}

/**
 * SelectObjectContent: v2 (Node) gives `Payload` as an object-mode Readable of events,
 * `{ Records: { Payload: Buffer } }`, `{ Stats: { Details } }`, `{ Progress: { Details } }`,
 * `{ Cont: {} }`, `{ End: {} }`. The events were read whole natively.
 */
function eventStreamOutput(json) {
  const out = typeof json === 'string' ? JSON.parse(json) : {};
  const events = Array.isArray(out.Payload) ? out.Payload : [];
  for (const e of events) {
    if (e.Records && typeof e.Records.Payload === 'string') e.Records.Payload = Buffer.from(e.Records.Payload, 'base64');
  }
  out.Payload = Readable.from(events, { objectMode: true });
  return out;
}

function unsupported(model) {
  if (model.replacement) {
    return validationError(
      'UnsupportedOperation',
      `${model.method} is deprecated and has no equivalent in the AWS SDK for Rust; use ${model.replacement} (the same S3 resource, with the current shapes)`,
    );
  }
  return validationError('UnsupportedOperation', `s3-native does not implement ${model.method}`);
}

const defined = (o) => {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
};
const first = (list) => (Array.isArray(list) && list.length ? list[0] : undefined);

/**
 * v2's deprecated lifecycle operations, which the Rust SDK no longer has, carried by their
 * replacements on the same S3 resource (`?lifecycle`): a v2 `Rule` is a `LifecycleRule` with its
 * (deprecated) rule-level Prefix and one-element transition lists, the same XML on the wire.
 */
const DEPRECATED = {
  PutBucketLifecycle: {
    to: 'PutBucketLifecycleConfiguration',
    input: (p) => {
      const { LifecycleConfiguration: cfg, ContentMD5, ...rest } = p; // ContentMD5: the SDK's checksum replaces it
      if (!cfg) return rest;
      const Rules = (cfg.Rules || []).map((r) =>
        defined({
          ID: r.ID,
          Prefix: r.Prefix,
          Status: r.Status,
          Expiration: r.Expiration,
          Transitions: r.Transition ? [r.Transition] : undefined,
          NoncurrentVersionTransitions: r.NoncurrentVersionTransition ? [r.NoncurrentVersionTransition] : undefined,
          NoncurrentVersionExpiration: r.NoncurrentVersionExpiration,
          AbortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload,
        }),
      );
      return { ...rest, LifecycleConfiguration: { Rules } };
    },
    output: () => ({}),
  },
  GetBucketLifecycle: {
    to: 'GetBucketLifecycleConfiguration',
    input: (p) => p,
    output: (out) => ({
      Rules: (out.Rules || []).map((r) =>
        defined({
          Expiration: r.Expiration,
          ID: r.ID,
          Prefix: r.Prefix !== undefined ? r.Prefix : r.Filter && r.Filter.Prefix,
          Status: r.Status,
          Transition: first(r.Transitions),
          NoncurrentVersionTransition: first(r.NoncurrentVersionTransitions),
          NoncurrentVersionExpiration: r.NoncurrentVersionExpiration,
          AbortIncompleteMultipartUpload: r.AbortIncompleteMultipartUpload,
        }),
      ),
    }),
  },
};

/** The operation `name` of the model, linked on its first call. */
function generic(method, name) {
  let model = null;
  let output = null;
  const mapped = DEPRECATED[name];
  const load = () => {
    if (model === null) {
      model = shapes.operation(name);
      if (mapped) {
        const shaped = genericOutput(shapes.operation(mapped.to));
        output = (json, res) => mapped.output(shaped(json, res));
      } else output = model.eventStream ? eventStreamOutput : genericOutput(model);
    }
    return model;
  };
  return {
    name: method,
    /** The operation the binding runs (a deprecated one's replacement). */
    nativeName: mapped ? mapped.to : name,
    get model() {
      return load();
    },
    get shape() {
      return load().input;
    },
    get httpMethod() {
      return load().http;
    },
    prepare(client, params, options) {
      const m = load();
      // A part of a managed upload (lib/upload.js), filled natively: validated as an empty body.
      const part = m.streamIn && params !== null && typeof params === 'object' && isNativePart(params.Body) ? params.Body : null;
      const { input, body } = validate(m.input, withBound(m.input, part ? { ...params, Body: EMPTY } : params, client.config.params));
      checkSseScheme(client, input);
      if (m.replacement && !mapped) throw unsupported(m);
      clientSide(m, client, input);
      if (mapped) return new Prepared(this, mapped.input(input), { body: null });
      if (part) return new Prepared(this, input, { part });
      if (!m.streamIn || body === undefined) return new Prepared(this, input, { body: null });
      if (isWebStream(body)) return new Prepared(this, input, { pending: bufferStream(Readable.fromWeb(body)) });
      if (isReadable(body)) {
        if (body.destroyed || body.readableEnded) {
          throw validationError('InvalidParameterValue', 'params.Body is a stream that is already closed or ended');
        }
        // A file stream (an uploadPart of a file range) is read natively, never through JS.
        if (isFileStream(body)) return new Prepared(this, input, { pending: bodyFromStream(input, body), source: body });
        return new Prepared(this, input, { pending: bufferStream(body) });
      }
      if (isBlob(body)) return new Prepared(this, input, { pending: fromBlob(body) });
      return new Prepared(this, input, { body: bodyView(body), zeroCopy: zeroCopyOf(client, options) });
    },
    dispatch(client, p, ctx) {
      if (p.part) {
        checkLength(p.input, p.part.length);
        p.length = p.part.length;
        return client.native.call(mapped ? mapped.to : name, JSON.stringify(p.input), null, null, ctx.wantHeaders, ctx.abort, null, ctx.progress, p.part, ctx.headers);
      }
      const send = (b) => {
        if (b && b.kind === 'file') {
          checkLength(p.input, b.length);
          p.length = b.length;
          const file = { path: b.path, offset: b.offset, length: b.length };
          const done = client.native.call(mapped ? mapped.to : name, JSON.stringify(p.input), null, null, ctx.wantHeaders, ctx.abort, file, ctx.progress, null, ctx.headers);
          // The file is read by path: release the caller's stream and its descriptor.
          done.finally(() => p.source.destroy()).catch(() => {});
          return done;
        }
        const view = b && b.view ? b.view : null;
        if (view) checkLength(p.input, view.length);
        p.length = view ? view.length : 0;
        // A body made for this call (a string's bytes, a read stream) or one the caller will not
        // touch (zeroCopy) is sent without a copy.
        const owned = view && (b.fresh || p.zeroCopy) ? view : null;
        return client.native.call(mapped ? mapped.to : name, JSON.stringify(p.input), owned ? null : view, owned, ctx.wantHeaders, ctx.abort, null, ctx.progress, null, ctx.headers);
      };
      if (p.pending) return p.pending.then(send);
      return send(p.body);
    },
    output(json, res) {
      load();
      return output(json, res);
    },
  };
}

const OPERATIONS = { putObject, getObject, headObject, deleteObject };
for (const [method, name] of Object.entries(require('./generated/operations'))) {
  if (OPERATIONS[method] === undefined) OPERATIONS[method] = generic(method, name);
}

/**
 * v2 (`RETRY_CHECK`): an S3 error that ended a call with retries left (one S3 does not retry, such
 * as NoSuchKey) carries `retryDelay`, the full-jitter delay v2 would have waited before the next
 * attempt; one that used up the retries has none.
 */
function withRetryDelay(client, err, meta) {
  if (typeof err.statusCode !== 'number') return err;
  const retryCount = Math.max(0, ((meta && meta.attempts) || 1) - 1);
  if (retryCount >= client._maxRetries) return err;
  const base = client._nativeConfig.retryBaseDelayMs === undefined ? 100 : client._nativeConfig.retryBaseDelayMs;
  err.retryDelay = Math.random() * 2 ** retryCount * base;
  return err;
}

/**
 * Native result -> `{ data }` or `{ error }`, in v2's shapes. `data.$metadata` is v3's
 * (non-enumerable).
 */
function settle(client, op, res) {
  if (res.streamError) return { error: res.streamError };
  if (res.error) return { error: withRetryDelay(client, fromNative(res.error, res.meta, client._errorContext), res.meta) };
  const data = op.output(res.output || {}, res);
  hidden(data, '$metadata', metadataOf(res.meta));
  return { data };
}

module.exports = { OPERATIONS, settle, hidden, isFileStream, sourceError, outputValue, outputStructure };
