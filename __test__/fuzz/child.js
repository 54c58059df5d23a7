'use strict';
// The body of __test__/fuzz.test.js, run in its own process so that a crash, an abort or a hang
// of Node is seen from outside. Deterministic: one seeded PRNG draws every call (which style,
// operation, params, options and client); only timings (abort delays) vary between runs.
//
// Prints `FUZZ-RESULT <json>` as its last stdout line: counts per outcome and the failures.
// Env: S3_TEST_* (from scripts/test.js) and, for the module-level functions, the AWS_* variables
// the default client reads (set by the parent). S3_FUZZ_SEED, S3_FUZZ_CALLS override the defaults.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Readable } = require('stream');
const { ListObjectsV2Command } = require('@aws-sdk/client-s3');
const h = require('../helpers');

const api = h.s3native; // require('..'): the module-level functions use the default client
const { S3, S3Error } = api;

const SEED = Number(process.env.S3_FUZZ_SEED || 20261205);
const CALLS = Number(process.env.S3_FUZZ_CALLS || 2400); // random calls, after the catalogue
const CONCURRENCY = 32;
const CALL_BOUND_MS = 30000; // a call that has not settled by then is a hang
const WATCHDOG_MS = Number(process.env.S3_FUZZ_WATCHDOG_MS || 150000);
const FUZZ_SECRET = 'FuzzSecret/zz9PluralZAlpha';
const SECRETS = [h.credentials.secretAccessKey, FUZZ_SECRET];
const SIGNATURE = /Signature=[0-9a-f]{16}|X-Amz-Signature=[0-9a-f]|Signature: ?[0-9a-f]{32}/i;

const rnd = h.prng(SEED);
const int = (n) => Math.floor(rnd() * n);
const chance = (p) => rnd() < p;
const pick = (list) => list[int(list.length)];

// ---- results ----

const outcomes = {}; // "style op -> code" counts
const codes = {};
const failures = [];
const counters = { calls: 0, ok: 0, rejected: 0, syncThrows: 0, uncoded: 0, secrets: 0, panics: 0, hangs: 0, badEvents: 0, wrongBytes: 0, ctorOk: 0, ctorConfigError: 0, ctorBadThrow: 0, uncaught: 0 };
const started = Date.now();

function fail(kind, detail) {
  counters[kind] = (counters[kind] || 0) + 1;
  if (failures.length < 60) failures.push({ kind, ...detail });
}

function safeText(fn) {
  try {
    return String(fn());
  } catch (e) {
    return `<unreadable: ${e && e.message}>`;
  }
}

/** Every text an error shows a log: message, JSON, stack, nested errors. */
function errorTexts(err, depth = 0) {
  if (err === null || err === undefined || depth > 3) return [];
  const out = [safeText(() => err.message), safeText(() => err.stack), safeText(() => JSON.stringify(err))];
  if (typeof err === 'object') {
    out.push(...errorTexts(err.originalError, depth + 1), ...errorTexts(err.cause, depth + 1));
    if (Array.isArray(err.errors)) for (const e of err.errors) out.push(...errorTexts(e, depth + 1));
  }
  return out;
}

/** Checks one error as a caller receives it; returns its code for the counts. */
function checkError(err, where) {
  if (!(err instanceof S3Error) || !(typeof err.code === 'string' || typeof err.code === 'number')) {
    fail('uncoded', { ...where, error: safeText(() => (err && err.stack) || err).slice(0, 500) });
    return `uncoded:${safeText(() => err && err.name)}`;
  }
  if (samples[err.code] === undefined) samples[err.code] = `${where.style} ${where.op} (${where.params}): ${safeText(() => err.message).slice(0, 160)}`;
  if (!(err.message === null || typeof err.message === 'string')) fail('uncoded', { ...where, error: 'message is not a string' });
  let json;
  try {
    json = JSON.stringify(err);
  } catch (e) {
    fail('unserializable', { ...where, code: err.code, error: String(e.message) });
  }
  const texts = errorTexts(err);
  if (json) texts.push(json);
  const all = texts.join('\n');
  if (SECRETS.some((s) => all.includes(s)) || SIGNATURE.test(all)) fail('secrets', { ...where, code: err.code, text: all.slice(0, 300) });
  if (/panic/i.test(all)) fail('panics', { ...where, code: err.code, message: safeText(() => err.message).slice(0, 300) });
  return String(err.code);
}

const samples = {}; // code -> the first message seen, for the summary
const pendingChecks = []; // run once every call has settled

function record(where, code) {
  const k = `${where.style} ${where.op} -> ${code}`;
  outcomes[k] = (outcomes[k] || 0) + 1;
  codes[code] = (codes[code] || 0) + 1;
  if (code === 'ok') counters.ok++;
  else counters.rejected++;
}

process.on('uncaughtException', (err) => {
  counters.uncaught++;
  if (failures.length < 60) failures.push({ kind: 'uncaughtException', error: safeText(() => err && err.stack).slice(0, 600) });
});
process.on('unhandledRejection', (err) => {
  counters.uncaught++;
  if (failures.length < 60) failures.push({ kind: 'unhandledRejection', error: safeText(() => err && err.stack).slice(0, 600) });
});

// ---- junk ----

let Bucket;
const KNOWN = Object.create(null); // key -> md5 of objects no fuzzed call may change
const isKnown = (k) => typeof k === 'string' && KNOWN[k] !== undefined;

function revoked() {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

function throwing(what) {
  const values = [new Error(`fuzz ${what}`), 'a string', 42, undefined, Symbol('fuzz'), 10n, { code: 'EFUZZ' }, null];
  const v = values[int(values.length)];
  return () => {
    throw v;
  };
}

function trapsProxy(target) {
  const thrower = throwing('trap');
  return new Proxy(target, { get: thrower, ownKeys: thrower, getOwnPropertyDescriptor: thrower, has: thrower, getPrototypeOf: thrower });
}

function detached(kind) {
  const ab = new ArrayBuffer(8);
  const views = { ab, u8: new Uint8Array(ab), dv: new DataView(ab), buf: Buffer.from(ab) };
  structuredClone(ab, { transfer: [ab] });
  return views[kind];
}

let stallsAllowed = true;

function stream(kind) {
  switch (kind) {
    case 'destroyed': {
      const r = Readable.from([Buffer.from('x')]);
      r.destroy();
      return r;
    }
    case 'errored': {
      const r = new Readable({ read() {} });
      r.destroy(new Error('already failed'));
      r.on('error', () => {});
      return r;
    }
    case 'fails mid-way':
      return new Readable({
        read() {
          this.push(Buffer.from('ab'));
          const e = chance(0.5) ? Object.assign(new Error('disk on fire'), { code: 'EFUZZ' }) : new Error('no code');
          setImmediate(() => this.destroy(e));
        },
      });
    case 'fails with a BigInt':
    case 'fails with a string':
      // Streams may be destroyed with anything; the S3Error must still serialise.
      return new Readable({
        read() {
          if (this.sent) return;
          this.sent = true;
          this.push(Buffer.from('ab'));
          setImmediate(() => this.destroy(kind === 'fails with a BigInt' ? 10n : 'a string'));
        },
      });
    case 'object mode numbers':
      return Readable.from([1, 2, 3]);
    case 'strings':
      return Readable.from(['ab', 'cd']);
    case 'short':
      return Readable.from([Buffer.alloc(3)]);
    case 'long':
      return Readable.from([Buffer.alloc(64), Buffer.alloc(64)]);
    case 'empty':
      return Readable.from([]);
    case 'fake':
      return { pipe() {}, on() {} };
    case 'missing file':
      // The stream's own open error is the caller's until a call takes the stream over (a call
      // that fails validation never does); fuzz.test.js checks a call that does.
      return fs.createReadStream(path.join(os.tmpdir(), `s3-native-fuzz-missing-${SEED}`)).on('error', () => {});
    case 'directory':
      return fs.createReadStream(os.tmpdir());
    case 'start past the end':
      return fs.createReadStream(__filename, { start: 1e9, end: 1e9 + 10 });
    case 'dev null':
      return fs.createReadStream('/dev/null');
    case 'stalls':
      // The default client (module-level calls) waits its full 120 s: only with the fuzz clients.
      if (!stallsAllowed) return Readable.from([Buffer.from('ok')]);
      // Yields a little, then neither data nor end: the call's timeout must still end it.
      return new Readable({
        read() {
          if (!this.sent) this.push(Buffer.from('abc'));
          this.sent = true;
        },
      });
    default:
      return Readable.from([Buffer.from('ok')]);
  }
}

const STREAM_KINDS = ['destroyed', 'errored', 'fails mid-way', 'fails with a BigInt', 'fails with a string', 'object mode numbers', 'strings', 'short', 'long', 'empty', 'fake', 'missing file', 'directory', 'start past the end', 'dev null', 'stalls', 'ok'];

const BIG = 'x'.repeat(1 << 20);
const STRINGS = [
  ['empty', () => ''],
  ['space', () => ' '],
  ['lone high surrogate', () => 'a/\uD800'],
  ['lone low surrogate', () => '\uDC00z'],
  ['reversed pair', () => '\uDE00\uD83D'],
  ['NUL', () => 'a\u0000b'],
  ['CRLF injection', () => 'v\r\nX-Injected: 1'],
  ['tab', () => 'a\tb'],
  ['DEL', () => '\x7f'],
  ['unicode', () => 'ünïcødé/日本語/😀'],
  ['emoji x20000', () => '😀'.repeat(20000)],
  ['70,000 chars', () => 'k'.repeat(70000)],
  ['59,000 chars', () => 'k'.repeat(59000)],
  ['1 MiB', () => BIG],
  ['reserved chars', () => '?a=b&c#d%zz+ ;'],
  ['traversal', () => '../../etc/passwd'],
  ['slashes', () => '////'],
  ['numeric', () => '123'],
  ['float', () => '1.5'],
  ['ISO date', () => '2026-01-01T00:00:00Z'],
  ['upper bucket', () => 'UPPER_bucket'],
  ['ok', () => 'ok'],
];
const VALUES = [
  ...STRINGS,
  ['undefined', () => undefined],
  ['null', () => null],
  ['0', () => 0],
  ['-0', () => -0],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-1', () => -1],
  ['2**53', () => 2 ** 53],
  ['2**64', () => 2 ** 64],
  ['1.5', () => 1.5],
  ['1e308', () => 1e308],
  ['bigint', () => 10n],
  ['symbol', () => Symbol('s')],
  ['function', () => () => 1],
  ['{}', () => ({})],
  ['[]', () => []],
  ['array', () => [1, 'a', null]],
  ['Date', () => new Date(1767225600000)],
  ['invalid Date', () => new Date('nope')],
  ['Date at the end of time', () => new Date(8.64e15)],
  ['Buffer', () => Buffer.from('abc')],
  ['Uint8Array', () => new Uint8Array(3)],
  ['Float64Array', () => new Float64Array(2)],
  ['DataView', () => new DataView(new ArrayBuffer(4))],
  ['ArrayBuffer', () => new ArrayBuffer(2)],
  ['SharedArrayBuffer', () => new SharedArrayBuffer(4)],
  ['detached ArrayBuffer', () => detached('ab')],
  ['detached Uint8Array', () => detached('u8')],
  ['detached DataView', () => detached('dv')],
  ['Blob', () => new Blob(['blob body'])],
  ['Map', () => new Map([['a', 'b']])],
  ['Set', () => new Set([1])],
  ['true', () => true],
  ['false', () => false],
  ['throwing getter', () => Object.defineProperty({}, 'x', { enumerable: true, get: throwing('getter') })],
  ['throwing toString', () => ({ toString: throwing('toString') })],
  ['throwing valueOf', () => ({ valueOf: throwing('valueOf') })],
  ['throwing toPrimitive', () => ({ [Symbol.toPrimitive]: throwing('toPrimitive') })],
  ['proxy with throwing traps', () => trapsProxy({})],
  ['revoked proxy', () => revoked()],
  ['nested junk', () => ({ a: { b: [{ c: revoked() }] }, d: BIG })],
  ['frozen', () => Object.freeze({ a: 'b' })],
  ['null prototype', () => Object.assign(Object.create(null), { a: 'b' })],
  ['__proto__ key', () => JSON.parse('{"__proto__": {"polluted": true}, "a": "b"}')],
  ['String object', () => new String('abc')], // eslint-disable-line no-new-wrappers
  ['Number object', () => new Number(3)], // eslint-disable-line no-new-wrappers
  ['Promise', () => Promise.resolve('x')],
  ['Error', () => new Error('e')],
  ['stream', () => stream(pick(STREAM_KINDS))],
];

const METADATA = [
  ['lone surrogate value', () => ({ a: 'v\uD800' })],
  ['lone surrogate key', () => ({ ['k\uDC00']: 'v' })],
  ['bad header name', () => ({ 'bad key\n': 'v' })],
  ['CRLF value', () => ({ a: 'v\r\nX-Injected: 1' })],
  ['1 MiB value', () => ({ big: BIG })],
  ['100 keys', () => Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, `v${i}`]))],
  ['non-string value', () => ({ a: 1 })],
  ['null value', () => ({ a: null, b: 'ok' })],
  ['__proto__ key', () => JSON.parse('{"__proto__": "x"}')],
  ['unicode', () => ({ note: 'ünïcødé' })],
  ['getter that changes', () => {
    let n = 0;
    return Object.defineProperty({}, 'flip', { enumerable: true, get: () => (n++ === 0 ? 'fine' : '\uD800') });
  }],
  ['ok', () => ({ fuzz: 'yes' })],
];

const BODIES = [
  ['string', () => 'fuzz body'],
  ['lone surrogate string', () => 'x\uD800y'],
  ['Buffer', () => Buffer.from('fuzz buffer')],
  ['empty Buffer', () => Buffer.alloc(0)],
  ['8 MiB Buffer', () => Buffer.alloc(8 << 20, 1)],
  ['Uint16Array', () => new Uint16Array([1, 2, 3])],
  ['DataView', () => new DataView(new ArrayBuffer(5))],
  ['ArrayBuffer', () => new ArrayBuffer(7)],
  ['SharedArrayBuffer', () => new SharedArrayBuffer(6)],
  ['Blob', () => new Blob(['blob'])],
  ['detached Buffer', () => detached('buf')],
  ['detached DataView', () => detached('dv')],
  ...STREAM_KINDS.map((k) => [`stream: ${k}`, () => stream(k)]),
];

function genString() {
  const [name, make] = pick(STRINGS);
  return [name, make()];
}

function genValue(type) {
  if (type === 'm' && chance(0.7)) {
    const [name, make] = pick(METADATA);
    return [`map: ${name}`, make()];
  }
  if (type === 'body' && chance(0.7)) {
    const [name, make] = pick(BODIES);
    return [`body: ${name}`, make()];
  }
  if (type === 's' && chance(0.6)) return genString();
  const [name, make] = pick(VALUES);
  return [name, make()];
}

const SHAPES = require('../../lib/shapes');
const OPS = { putObject: SHAPES.PutObject, getObject: SHAPES.GetObject, headObject: SHAPES.HeadObject, deleteObject: SHAPES.DeleteObject };

/** Params for one call: valid ones about a third of the time, junk of every kind otherwise. */
function genParams(op, i) {
  const desc = [];
  if (chance(0.04)) {
    const [name, v] = genValue('?');
    return [v, `params = ${name}`];
  }
  const known = Object.keys(KNOWN);
  const p = { Bucket };
  if (op === 'putObject') {
    p.Key = `fz/${i}`;
    if (chance(0.8)) p.Body = chance(0.5) ? `body ${i}` : Buffer.from(`buffer ${i}`);
  } else p.Key = op === 'deleteObject' ? `fz/${int(i + 1)}` : chance(0.6) ? pick(known) : `fz/${int(i + 1)}`;
  if (op === 'putObject' && chance(0.25)) {
    // Bodies of every kind, half of them with a ContentLength (right, wrong or junk).
    const [name, make] = chance(0.5) ? pick(BODIES) : ((k) => [`stream: ${k}`, () => stream(k)])(pick(STREAM_KINDS));
    p.Body = make();
    desc.push(`Body=${name}`);
    if (chance(0.6)) {
      p.ContentLength = pick([0, 2, 3, 3, 4, 4, 11, 128, -1, 1.5, 2 ** 53]);
      desc.push(`ContentLength=${p.ContentLength}`);
    }
  }
  const mutations = chance(0.45) ? 0 : 1 + int(3);
  const shape = OPS[op];
  const members = Object.keys(shape.members);
  for (let m = 0; m < mutations; m++) {
    const r = rnd();
    if (r < 0.75) {
      const member = pick(members);
      if (isKnown(p.Key) && op !== 'getObject' && op !== 'headObject') p.Key = `fz/${i}`;
      const [name, v] = genValue(shape.members[member]);
      p[member] = v;
      desc.push(`${member}=${name}`);
      if (shape.members[member] === 'body' && chance(0.6)) {
        p.ContentLength = pick([0, 2, 3, 4, 11, 128, -1, 1.5]);
        desc.push(`ContentLength=${p.ContentLength}`);
      }
    } else if (r < 0.85) {
      const k = pick(['Foo', 'constructor', 'toString', '', '💥', 'bucket']);
      p[k] = 1;
      desc.push(`unexpected ${k}`);
    } else {
      const k = pick(['Bucket', 'Key']);
      delete p[k];
      desc.push(`no ${k}`);
    }
  }
  // Keep the objects the checks read back out of reach of writes and deletes.
  if ((op === 'putObject' || op === 'deleteObject') && isKnown(p.Key)) p.Key = `fz/${i}`;
  const wrap = rnd();
  if (wrap < 0.03) return [trapsProxy(p), `proxy(${desc.join(', ')})`];
  if (wrap < 0.05) return [revoked(), 'revoked proxy'];
  if (wrap < 0.08) {
    // Getters: one that throws, or one that answers differently on each read.
    const g = { ...p };
    const member = pick(['Bucket', 'Key', 'ContentType']);
    let n = 0;
    Object.defineProperty(g, member, {
      enumerable: true,
      get: chance(0.5) ? throwing('getter') : () => (n++ === 0 ? 'ok-value' : 'a\uD800'),
    });
    return [g, `getter ${member} (${desc.join(', ')})`];
  }
  return [p, desc.join(', ') || 'valid'];
}

const OPTIONS = [
  ['none', () => undefined],
  ['{}', () => ({})],
  ['zeroCopy', () => ({ zeroCopy: true })],
  ['signal, aborted later', () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), int(15));
    return { abortSignal: ac.signal };
  }],
  ['signal, aborted before', () => {
    const ac = new AbortController();
    ac.abort();
    return { abortSignal: ac.signal };
  }],
  ['AbortSignal.timeout', () => ({ abortSignal: AbortSignal.timeout(1 + int(20)) })],
  ['abortSignal: 5', () => ({ abortSignal: 5 })],
  ['abortSignal: string', () => ({ abortSignal: 'abort' })],
  ['abortSignal: {aborted}', () => ({ abortSignal: { aborted: false } })],
  ['abortSignal: true', () => ({ abortSignal: true })],
  ['abortSignal: throwing addEventListener', () => ({ abortSignal: { aborted: false, addEventListener: throwing('addEventListener') } })],
  ['abortSignal: throwing aborted', () => ({ abortSignal: Object.defineProperty({ addEventListener() {} }, 'aborted', { get: throwing('aborted') }) })],
  ['abortSignal: revoked proxy', () => ({ abortSignal: revoked() })],
  ['throwing getter', () => Object.defineProperty({}, 'abortSignal', { enumerable: true, get: throwing('options getter') })],
  ['throwing zeroCopy getter', () => Object.defineProperty({}, 'zeroCopy', { enumerable: true, get: throwing('zeroCopy getter') })],
  ['revoked proxy', () => revoked()],
  ['proxy with throwing traps', () => trapsProxy({})],
  ['string', () => 'options'],
  ['number', () => 42],
  ['array', () => []],
  ['function (a callback)', () => () => {}],
];

function genOptions() {
  if (chance(0.65)) return [undefined, 'none'];
  const [name, make] = pick(OPTIONS);
  return [make(), name];
}

// ---- configs ----

function baseConfig() {
  return { ...h.config(), maxAttempts: 2, httpOptions: { timeout: 8000, connectTimeout: 3000 }, retryDelayOptions: { base: 5 } };
}

const CONFIG_JUNK = [
  ['maxRetries', [1e10, -1, 1.5, NaN, Infinity, '3', 'x', 99, 100, 0]],
  ['maxAttempts', [0, 101, 1e10, 2 ** 32 + 1, -1, 2.5, '2', null, 1]],
  ['httpOptions', [{ timeout: 1e308 }, { timeout: -1 }, { timeout: NaN }, { connectTimeout: 1e308 }, { timeout: 2147483648 }, { timeout: 1 }, { timeout: '100' }, { agent: { maxSockets: 0 } }, { agent: { maxSockets: 70000 } }, { agent: { maxSockets: Infinity } }, { agent: { maxSockets: 2 } }, 'junk', 5]],
  ['requestHandler', [{ requestTimeout: 1e308 }, { connectionTimeout: -5 }, { maxSockets: Infinity }, { maxSockets: 1.5 }, { maxSockets: 3 }, { httpsAgent: { maxSockets: 4 } }, { httpAgent: { maxSockets: -1 } }]],
  ['operationTimeout', [1e308, -1, 0, 1, 50, NaN, 'soon']],
  ['retryDelayOptions', [{ base: 1e308 }, { base: -1 }, { base: 0 }, 'x']],
  ['region', ['us-east-1\n', 'a\r\nX-Injected: 1', '', ' ', 'x'.repeat(200), 'mars-1', 'us-east-1', '\uD800', 5, {}]],
  ['credentials', [
    { accessKeyId: 'AKID\r\nX-Injected: 1', secretAccessKey: FUZZ_SECRET },
    { accessKeyId: 'AKIDFUZZ', secretAccessKey: FUZZ_SECRET, sessionToken: 'tok\nen' },
    { accessKeyId: 'AKIDFUZZ', secretAccessKey: FUZZ_SECRET },
    { accessKeyId: '', secretAccessKey: '' },
    { accessKeyId: 5, secretAccessKey: {} },
    async () => ({}),
    'creds',
  ]],
  ['endpoint', ['http://127.0.0.1:1', 'http://12\n7.0.0.1:1', 'not a url at all', 'ftp://x', '', 5, { href: 5 }, new URL('http://127.0.0.1:1')]],
  ['apiVersion', ['2006-03-01', '2007-01-01', 5, Symbol('v')]],
  ['requestChecksumCalculation', ['WHEN_SUPPORTED', 'when-required', 'sometimes', 5, Symbol('c')]],
  ['responseChecksumValidation', ['WHEN_SUPPORTED', 'WHEN_REQUIRED', 'never']],
  ['params', [{ Bucket: 5 }, revoked(), 'junk', { Key: '\uD800' }]],
  ['forcePathStyle', ['yes', 0, null]],
  ['zeroCopy', [true, 'no']],
];

/** A config that is the test server's, with one to three options replaced by junk. */
function genConfig() {
  const cfg = baseConfig();
  const desc = [];
  const n = 1 + int(3);
  for (let i = 0; i < n; i++) {
    const [name, values] = pick(CONFIG_JUNK);
    const v = pick(values);
    cfg[name] = v;
    desc.push(`${name}=${safeText(() => (typeof v === 'string' ? JSON.stringify(v).slice(0, 30) : typeof v === 'object' && v ? JSON.stringify(v).slice(0, 60) : String(v)))}`);
  }
  if (chance(0.1)) {
    const thrower = throwing('config getter');
    Object.defineProperty(cfg, 'region', { enumerable: true, get: thrower });
    desc.push('region getter throws');
  }
  if (chance(0.05)) return [revoked(), 'revoked proxy'];
  // Never a long retry budget against a dead port: that is a slow call, not a hang.
  if (cfg.endpoint === 'http://127.0.0.1:1' || cfg.endpoint instanceof URL) cfg.maxAttempts = 1;
  return [cfg, desc.join(', ')];
}

// ---- calling styles ----

function bounded(promise, where) {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(() => {
        fail('hangs', where);
        resolve('hang');
      }, CALL_BOUND_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function outcomeOf(promise, where) {
  return promise.then(
    (data) => {
      checkData(data, where);
      return 'ok';
    },
    (err) => checkError(err, where),
  );
}

function checkData(data, where) {
  if (where.op !== 'getObject' || !data || !isKnown(where.key) || !Buffer.isBuffer(data.Body)) return;
  if (where.range || where.partNumber !== undefined) return;
  const md5 = crypto.createHash('md5').update(data.Body).digest('hex');
  if (md5 !== KNOWN[where.key]) fail('wrongBytes', { ...where, got: md5, want: KNOWN[where.key] });
}

/** Runs one call in one style; resolves with its outcome code ('ok' or the error code). */
function runStyle(style, client, op, params, options, where) {
  const invoke = (fn) => {
    try {
      return { value: fn() };
    } catch (err) {
      fail('syncThrows', { ...where, error: safeText(() => (err && err.stack) || err).slice(0, 400) });
      return { threw: true };
    }
  };
  switch (style) {
    case 'await': {
      const r = invoke(() => client[op](params, options));
      if (r.threw) return Promise.resolve('syncThrow');
      return outcomeOf((async () => r.value)(), where); // an async function resolves a thenable as await does
    }
    case 'then': {
      const r = invoke(() => client[op](params, options));
      if (r.threw) return Promise.resolve('syncThrow');
      return outcomeOf(new Promise((resolve, reject) => {
        const t = invoke(() => r.value.then(resolve, reject));
        if (t.threw) reject(new Error('then() threw'));
      }), where);
    }
    case 'promise': {
      const r = invoke(() => client[op](params, options).promise());
      if (r.threw) return Promise.resolve('syncThrow');
      return outcomeOf(r.value, where);
    }
    case 'callback': {
      let calls = 0;
      return outcomeOf(new Promise((resolve, reject) => {
        const cb = function (err, data) {
          calls++;
          if (calls > 1) fail('badEvents', { ...where, error: 'callback called twice' });
          if (err) reject(err);
          else resolve(data);
        };
        // A function in the options slot is the callback (v2's op(params, cb) form): leave it out.
        const r = invoke(() => (options === undefined || typeof options === 'function' ? client[op](params, cb) : client[op](params, options, cb)));
        if (r.threw) reject(new Error('method threw'));
      }), where);
    }
    case 'events': {
      return outcomeOf(new Promise((resolve, reject) => {
        const r = invoke(() => client[op](params, options));
        if (r.threw) return reject(new Error('method threw'));
        const req = r.value;
        const seen = [];
        const l = invoke(() => {
          req.on('success', (resp) => seen.push(['success', resp]));
          req.on('error', (err) => seen.push(['error', err]));
          req.on('complete', (resp) => {
            seen.push(['complete', resp]);
            const names = seen.map((s) => s[0]).join(',');
            if (names !== 'success,complete' && names !== 'error,complete') fail('badEvents', { ...where, events: names });
            if (resp.error) reject(resp.error);
            else resolve(resp.data);
          });
          req.send();
        });
        if (l.threw) reject(new Error('send threw'));
        return undefined;
      }), where);
    }
    case 'stream':
    case 'stream-destroy':
    case 'mixed': {
      return new Promise((resolve) => {
        const r = invoke(() => client[op](params, options));
        if (r.threw) return resolve('syncThrow');
        const req = r.value;
        let completed = false;
        let streamDone = null;
        const chunks = [];
        const finish = () => {
          if (!completed || streamDone === null) return;
          if (streamDone === 'ok' && where.op === 'getObject') checkData({ Body: Buffer.concat(chunks) }, where);
          resolve(streamDone);
        };
        const c = invoke(() => req.on('complete', () => {
          completed = true;
          finish();
        }));
        if (c.threw) return resolve('syncThrow');
        const s = invoke(() => req.createReadStream());
        if (s.threw) return resolve('syncThrow');
        const st = s.value;
        st.on('data', (chunk) => {
          chunks.push(chunk);
          if (style === 'stream-destroy') st.destroy();
        });
        st.on('error', (err) => {
          streamDone = checkError(err, where);
          finish();
        });
        st.on('end', () => {
          streamDone = 'ok';
          finish();
        });
        st.on('close', () => {
          if (streamDone === null) streamDone = 'destroyed';
          finish();
        });
        if (style === 'mixed') {
          // promise() and send(cb) on the streamed request settle with the stream; a second
          // stream is refused.
          const p = invoke(() => req.promise());
          if (!p.threw) p.value.catch(() => {});
          let calls = 0;
          invoke(() => req.send(() => {
            if (++calls > 1) fail('badEvents', { ...where, error: 'send(cb) callback called twice' });
          }));
          pendingChecks.push(() => {
            if (calls !== 1) fail('badEvents', { ...where, error: `send(cb) after createReadStream: callback called ${calls} times` });
          });
          const again = invoke(() => req.createReadStream());
          if (!again.threw) {
            again.value.on('error', (err) => {
              if (err.code !== 'RequestAlreadySentError') fail('badEvents', { ...where, error: `second stream: ${err.code}` });
            });
            again.value.resume();
          }
        }
        return undefined;
      });
    }
    case 'abort': {
      const r = invoke(() => client[op](params, options));
      if (r.threw) return Promise.resolve('syncThrow');
      const req = r.value;
      const when = int(3);
      if (when === 0) invoke(() => req.abort());
      const p = invoke(() => req.promise());
      if (p.threw) return Promise.resolve('syncThrow');
      if (when === 1) invoke(() => req.abort());
      else setTimeout(() => invoke(() => req.abort()), int(10));
      // A callback added after promise() still hears the outcome, once.
      let calls = 0;
      invoke(() => req.send(() => calls++));
      pendingChecks.push(() => {
        if (calls !== 1) fail('badEvents', { ...where, error: `send(cb) after promise(): callback called ${calls} times` });
      });
      return outcomeOf(p.value, where);
    }
    case 'module': {
      const r = invoke(() => api[op](params, options));
      if (r.threw) return Promise.resolve('syncThrow');
      if (!(r.value instanceof Promise)) fail('uncoded', { ...where, error: 'module-level call did not return a Promise' });
      return outcomeOf(Promise.resolve(r.value), where);
    }
    default:
      throw new Error(`unknown style ${style}`);
  }
}

const STYLES = ['await', 'then', 'promise', 'callback', 'events', 'stream', 'stream-destroy', 'mixed', 'abort', 'module'];

// ---- phases ----

async function setup() {
  Bucket = await h.bucket('fuzz');
  const s3 = new S3(baseConfig());
  const objects = { 'known/small': Buffer.from('the known small object'), 'known/empty': Buffer.alloc(0), 'known/1mib': crypto.randomBytes(1 << 20) };
  for (const [Key, Body] of Object.entries(objects)) {
    await s3.putObject({ Bucket, Key, Body }).promise();
    KNOWN[Key] = crypto.createHash('md5').update(Body).digest('hex');
  }
}

/** `config.update(...)` then a call: each bad value is a ConfigError from every path. */
async function globalConfigPhase() {
  const bad = [{ maxRetries: 1e10 }, { region: 'us-east-1\n' }, { httpOptions: { timeout: 1e308 } }, { accessKeyId: 'a\r\nX: b' }, { maxAttempts: 0 }, { requestHandler: { maxSockets: 0 } }];
  for (const update of bad) {
    const key = Object.keys(update)[0];
    api.config.update(update);
    try {
      const where = { style: 'config.update', op: 'putObject', params: key };
      counters.calls++;
      const code = await bounded(outcomeOf(api.putObject({ Bucket, Key: 'cfg', Body: 'x' }), where), where);
      record(where, code);
      if (code !== 'ConfigError') fail('badConfig', { ...where, got: code });
      counters.calls++;
      const w2 = { style: 'config.update', op: 'new S3', params: key };
      try {
        new S3({}); // eslint-disable-line no-new
        record(w2, 'ok');
        fail('badConfig', { ...w2, got: 'constructed' });
      } catch (err) {
        record(w2, checkError(err, w2));
      }
    } finally {
      delete api.config[key];
    }
  }
}

async function main() {
  const watchdog = setTimeout(() => {
    fail('hangs', { kind: 'watchdog', after: WATCHDOG_MS });
    report(3);
  }, WATCHDOG_MS);
  await setup();
  await globalConfigPhase();

  // Clients: valid ones, and the junk configs that construct.
  const good = [new S3(baseConfig()), new S3({ ...baseConfig(), zeroCopy: true }), new S3({ ...baseConfig(), params: { Bucket } })];
  const clients = [];
  for (let i = 0; i < 120; i++) {
    const [cfg, desc] = genConfig();
    const where = { style: 'new S3', op: 'config', params: desc };
    counters.calls++;
    try {
      clients.push([new S3(cfg), desc]);
      counters.ctorOk++;
      record(where, 'ok');
    } catch (err) {
      if (err instanceof S3Error && err.code === 'ConfigError') counters.ctorConfigError++;
      else counters.ctorBadThrow++;
      record(where, checkError(err, where));
      if (!(err instanceof S3Error && err.code === 'ConfigError')) fail('badConfig', { ...where, got: safeText(() => err.code || err) });
    }
  }

  const pickClient = (style) => {
    if (style === 'module') return [undefined, 'default'];
    if (clients.length && chance(0.15)) return pick(clients);
    return [pick(good), 'good'];
  };

  /**
   * The calls, drawn lazily (workers pull them in turn, so the i-th call is the same in every
   * run): first a catalogue that gives every junk value of each kind to the members where it
   * matters, in rotating styles; then random calls.
   */
  function* calls() {
    let i = 0;
    let rot = 0;
    const nextStyle = () => STYLES[rot++ % STYLES.length];
    const task = (style, op, make) => {
      stallsAllowed = style !== 'module';
      const [params, desc] = make(i);
      const [client, clientDesc] = pickClient(style);
      return { i: i++, style, op, params, desc, options: undefined, optDesc: 'none', client, clientDesc };
    };
    const base = (op, n) => (op === 'putObject' ? { Bucket, Key: `fz/c${n}`, Body: 'x' } : { Bucket, Key: op === 'deleteObject' ? `fz/c${n}` : 'known/small' });
    for (const [name, make] of [...BODIES, ...STREAM_KINDS.map((k) => [`stream: ${k}`, () => stream(k)])]) {
      for (const ContentLength of [undefined, 3, 11]) {
        yield task(nextStyle(), 'putObject', (n) => [{ Bucket, Key: `fz/c${n}`, Body: make(), ContentLength }, `Body=${name}, ContentLength=${ContentLength}`]);
      }
    }
    const stringTargets = [
      ['putObject', 'Key'], ['getObject', 'Bucket'], ['getObject', 'VersionId'], ['headObject', 'ResponseContentType'],
      ['putObject', 'ContentType'], ['getObject', 'Range'], ['deleteObject', 'VersionId'], ['putObject', 'SSECustomerKey'],
      ['putObject', 'Metadata value'], ['putObject', 'Metadata key'],
    ];
    for (const [name, make] of STRINGS) {
      for (const [op, member] of stringTargets) {
        yield task(nextStyle(), op, (n) => {
          const p = base(op, n);
          const v = make();
          if (member === 'Metadata value') p.Metadata = { m: v };
          else if (member === 'Metadata key') p.Metadata = { [v]: 'v' };
          else p[member] = v;
          return [p, `${member}=${name}`];
        });
      }
    }
    const valueTargets = [['putObject', 'Key'], ['putObject', 'ContentLength'], ['putObject', 'Expires'], ['getObject', 'PartNumber'], ['putObject', 'Metadata'], ['putObject', 'Body'], ['deleteObject', 'BypassGovernanceRetention'], ['getObject', 'IfModifiedSince']];
    for (const [name, make] of VALUES) {
      for (const [op, member] of valueTargets) {
        yield task(nextStyle(), op, (n) => {
          const p = base(op, n);
          p[member] = make();
          return [p, `${member}=${name}`];
        });
      }
    }
    for (const [name, make] of OPTIONS) {
      for (const op of Object.keys(OPS)) {
        const style = nextStyle();
        const t = task(style, op, (n) => [base(op, n), 'valid']);
        const options = make();
        // A function in the options slot is the callback: only the promise styles expect that.
        if (typeof options === 'function' && !['await', 'then', 'promise', 'module', 'callback'].includes(style)) continue;
        yield { ...t, options, optDesc: name };
      }
    }
    for (const [name, make] of METADATA) {
      yield task(nextStyle(), 'putObject', (n) => [{ ...base('putObject', n), Metadata: make() }, `Metadata=${name}`]);
    }
    const catalogue = i;
    while (i < catalogue + CALLS) {
      const style = pick(STYLES);
      const op = style.startsWith('stream') || style === 'mixed' ? (chance(0.8) ? 'getObject' : pick(Object.keys(OPS))) : pick(Object.keys(OPS));
      stallsAllowed = style !== 'module';
      const [params, desc] = genParams(op, i);
      let [options, optDesc] = genOptions();
      // A function in the options slot is a callback: the request is sent at once, which only
      // the promise styles expect (the others attach their listeners afterwards).
      if (typeof options === 'function' && !['await', 'then', 'promise', 'module', 'callback'].includes(style)) {
        [options, optDesc] = [undefined, 'none'];
      }
      const [client, clientDesc] = pickClient(style);
      yield { i: i++, style, op, params, desc, options, optDesc, client, clientDesc };
    }
  }

  const source = calls();
  const worker = async () => {
    for (let t = source.next(); !t.done; t = source.next()) {
      const { i, style, op, params, desc, options, optDesc, client, clientDesc } = t.value;
      const where = { i, style, op, params: desc.slice(0, 200), options: optDesc, client: clientDesc.slice(0, 200) };
      let key;
      try {
        key = params && typeof params === 'object' && !desc.startsWith('proxy') && !desc.startsWith('getter') && desc !== 'revoked proxy' ? params.Key : undefined;
      } catch {}
      where.key = typeof key === 'string' ? key : undefined;
      if (desc.includes('Range=') || desc.includes('PartNumber=')) where.range = true;
      counters.calls++;
      const code = await bounded(runStyle(style, client, op, params, options, where), where);
      record(where, code);
      if (process.env.S3_FUZZ_TRACE) process.stderr.write(`TRACE ${JSON.stringify(where)} -> ${code}\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // Nothing stored under a mangled key, and the known objects are intact.
  const listed = await h.v3().send(new ListObjectsV2Command({ Bucket, MaxKeys: 1000 }));
  const mangled = (listed.Contents || []).map((o) => o.Key).filter((k) => k.includes('\uFFFD'));
  if (mangled.length) fail('wrongBytes', { kind: 'surrogate key stored as U+FFFD', keys: mangled.slice(0, 5) });
  const check = new S3(baseConfig());
  for (const [Key, md5] of Object.entries(KNOWN)) {
    const got = await check.getObject({ Bucket, Key }).promise();
    if (crypto.createHash('md5').update(got.Body).digest('hex') !== md5) fail('wrongBytes', { kind: 'known object changed', Key });
  }
  clearTimeout(watchdog);
  // Let late events (a second callback, an unhandled rejection) surface before reporting.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const check of pendingChecks) check();
  report(0);
}

function report(exitCode) {
  const summary = { seed: SEED, ms: Date.now() - started, counters, codes, samples, outcomes, failures };
  process.stdout.write(`FUZZ-RESULT ${JSON.stringify(summary)}\n`, () => process.exit(exitCode));
}

main().catch((err) => {
  fail('harness', { error: safeText(() => err.stack) });
  report(2);
});
