'use strict';
// Writes lib/generated/types.d.ts: the TypeScript types of every operation in the model, in
// aws-sdk v2's names (`<Op>Request`, `<Op>Output`, nested shapes by model name), the
// `S3Operations` methods that index.d.ts merges into `S3`, and the module-level functions.
//
// Type rules (the run-time rules are lib/params.js on input, lib/operations.js on output):
// - input timestamps accept `Date | string | number`, outputs are `Date`; v2's type wins where
//   the two models differ (`Expires` is a timestamp, SSE-C keys are blobs, see codegen/model.js);
// - enums are string-literal unions plus `(string & {})`, so values newer than the model compile;
// - `?` unless the model requires the member, except two members the client always sets on
//   output: a header map (`Metadata`, `{}` when none) and a streamed payload (`Body`, a Buffer);
// - a nested shape whose input and output forms differ (it holds a timestamp) is emitted twice:
//   `Name` (output form, assignable to the input form) and `NameInput`;
// - no documentation is copied from the model: each operation links its API reference page.

const { lowerFirst } = require('./model');

const OUT_FILE = 'lib/generated/types.d.ts';
const API_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_';
const INPUT_SUFFIX = 'Input';

// Types the generated file takes from index.d.ts, and the globals it uses: no generated name may
// shadow them.
const IMPORTS = ['Body', 'CallOptionsWithSignal', 'Callback', 'Request', 'ResponseMetadata'];
const GLOBALS = ['Buffer', 'Date', 'Promise', 'Uint8Array'];

// Per direction: the types whose input (what lib/params.js accepts) and output differ.
const TS = {
  in: {
    timestamp: 'Date | string | number',
    sseKey: 'string | Buffer | Uint8Array', // v2 blob over a model string (SSE-C keys)
    blob: 'string | Buffer | Uint8Array',
    stream: 'Body', // a streamed payload: index.d.ts's Body (in-memory, Node or web stream, Blob)
    intString: 'number | string', // v2 integer over a model string
  },
  out: { timestamp: 'Date', sseKey: 'string', blob: 'Buffer', stream: 'Buffer', intString: 'number' },
};
const NUMBER = new Set(['integer', 'long', 'double', 'float']);
const CONTAINER = new Set(['structure', 'list', 'map']);

const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const prop = (name) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name));
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function generateDts(model, header) {
  const { shapes, operations } = model;
  const skip = (ms) => ms.eventStream; // SelectObjectContent's event stream: not supported

  // Nested shapes (reached through a member of an operation's input or output), per direction.
  // The roots themselves are written inline as <Op>Request / <Op>Output.
  const reach = { in: new Set(), out: new Set() };
  const visit = (dir, name) => {
    const s = shapes[name];
    if (!CONTAINER.has(s.type) || reach[dir].has(name)) return;
    reach[dir].add(name);
    if (s.type === 'structure') {
      for (const ms of Object.values(s.members)) if (!skip(ms)) visit(dir, ms.shape);
    } else if (s.type === 'list') visit(dir, s.member);
    else visit(dir, s.value);
  };
  for (const o of operations) {
    for (const [dir, root] of [['in', o.input], ['out', o.output]]) {
      if (root) for (const ms of Object.values(shapes[root].members)) if (!skip(ms)) visit(dir, ms.shape);
    }
  }

  // A structure whose input form differs from its output form (it holds a timestamp or a blob).
  const differsMemo = new Map();
  const differs = (name) => {
    if (differsMemo.has(name)) return differsMemo.get(name);
    differsMemo.set(name, false); // recursive shapes: assume not while walking
    const s = shapes[name];
    let d = false;
    if (s.type === 'structure') {
      d = Object.values(s.members).some((ms) => !skip(ms) && (directional(ms) || (CONTAINER.has(ms.type) && differs(ms.shape))));
    } else if (s.type === 'list') d = directionalShape(s.member) || differs(s.member);
    else if (s.type === 'map') d = directionalShape(s.value) || differs(s.value);
    differsMemo.set(name, d);
    return d;
  };
  const directionalShape = (name) => ['timestamp', 'blob'].includes(shapes[name].type);
  const directional = (ms) => Boolean(ms.v2Type) || ms.streaming || directionalShape(ms.shape);

  const both = (name) => reach.in.has(name) && reach.out.has(name);
  const structName = (name, dir) => (dir === 'in' && both(name) && differs(name) ? name + INPUT_SUFFIX : name);

  const enums = new Set(); // the enums the written types use

  /** The type of a shape (list element, map value, or a member without a v2 override). */
  const shapeType = (name, dir) => {
    const s = shapes[name];
    if (s.type === 'structure') return structName(name, dir);
    if (s.type === 'list') {
      const t = shapeType(s.member, dir);
      return /[ |]/.test(t) ? `(${t})[]` : `${t}[]`;
    }
    if (s.type === 'map') return `{ [key: string]: ${shapeType(s.value, dir)} }`;
    if (s.type === 'string') {
      if (!s.enum) return 'string';
      enums.add(name);
      return name;
    }
    if (s.type === 'boolean') return 'boolean';
    if (NUMBER.has(s.type)) return 'number';
    if (s.type === 'timestamp') return TS[dir].timestamp;
    if (s.type === 'blob') return TS[dir].blob;
    throw new Error(`codegen/dts: no TypeScript type for shape ${name} (${s.type})`);
  };

  const memberType = (ms, dir) => {
    if (ms.v2Type && ms.v2Type !== ms.type) {
      if (ms.v2Type === 'blob' && ms.type === 'string') return TS[dir].sseKey;
      if (ms.v2Type === 'timestamp') return TS[dir].timestamp;
      if (NUMBER.has(ms.v2Type) && ms.type === 'string') return TS[dir].intString;
      throw new Error(`codegen/dts: no rule for v2 type ${ms.v2Type} over ${ms.type} (${ms.shape})`);
    }
    if (ms.type === 'blob' && ms.streaming) return TS[dir].stream;
    return shapeType(ms.shape, dir);
  };

  /** Interface body lines for a structure's members. */
  const members = (s, dir, top) => {
    const lines = [];
    for (const [m, ms] of Object.entries(s.members)) {
      if (skip(ms)) continue;
      const always =
        dir === 'out' && top && ((ms.type === 'map' && ms.location === 'headers') || (ms.streaming && s.payload === m));
      const opt = s.required.includes(m) || always ? '' : '?';
      const dep = ms.deprecated ? '/** @deprecated */ ' : '';
      lines.push(`  ${dep}${prop(m)}${opt}: ${memberType(ms, dir)};`);
    }
    return lines;
  };

  // Names: each generated name once, none shadowing an import or a global used here.
  const names = new Map();
  const claim = (name, what) => {
    if (names.has(name)) throw new Error(`codegen/dts: ${name} is both ${names.get(name)} and ${what}`);
    if (IMPORTS.includes(name) || GLOBALS.includes(name)) throw new Error(`codegen/dts: ${what} ${name} shadows a type the file uses`);
    names.set(name, what);
  };
  claim('S3Operations', 'the operations interface');

  const L = [];
  L.push(`// ${header}`);
  L.push('// The types of every S3 operation; index.d.ts re-exports them. Written by codegen/dts.js.');
  L.push('');
  L.push(`import type { ${IMPORTS.join(', ')} } from '../../index';`);
  L.push('');

  // Per operation: <Op>Request and <Op>Output.
  const docLine = (o, indent) => {
    const page = `${API_PAGE}${o.name}.html`;
    if (o.replacement && /Lifecycle$/.test(o.name)) {
      return `${indent}/** @deprecated v2's old shape, sent as ${o.replacement} (the same resource): prefer that. ${page} */`;
    }
    if (o.replacement) {
      return `${indent}/** @deprecated s3-native rejects it (UnsupportedOperation): use ${o.replacement}. ${page} */`;
    }
    if (o.eventStream) return `${indent}/** Payload: an object-mode Readable of v2's events (Records, Stats, Progress, Cont, End). ${page} */`;
    if (o.deprecated) return `${indent}/** @deprecated ${page} */`;
    return `${indent}/** ${page} */`;
  };
  const ops = operations.slice().sort((a, b) => byName(a.name, b.name));
  const required = new Map(); // op name -> whether its input has a required member
  for (const o of ops) {
    const inShape = o.input ? shapes[o.input] : { members: {}, required: [] };
    const outShape = o.output ? shapes[o.output] : { members: {}, required: [] };
    required.set(o.name, inShape.required.length > 0);
    claim(`${o.name}Request`, `the input of ${o.name}`);
    claim(`${o.name}Output`, `the output of ${o.name}`);
    L.push(docLine(o, ''));
    const inLines = members(inShape, 'in', true);
    if (!inLines.length) inLines.push('  [key: string]: never;');
    L.push(`export interface ${o.name}Request {`, ...inLines, '}');
    L.push(docLine(o, ''));
    L.push(`export interface ${o.name}Output {`, ...members(outShape, 'out', true), '  readonly $metadata: ResponseMetadata;', '}');
  }
  L.push('');

  // Nested structures (per direction when their forms differ) and enums, by name.
  const decls = [];
  const structs = new Set([...reach.in, ...reach.out].filter((n) => shapes[n].type === 'structure'));
  for (const name of structs) {
    const dirs = both(name) && differs(name) ? ['out', 'in'] : [reach.out.has(name) ? 'out' : 'in'];
    for (const dir of dirs) {
      const n = structName(name, dir);
      claim(n, `shape ${name}`);
      const body = members(shapes[name], dir, false);
      // An empty structure: only `{}` (an empty interface would accept any value, even 42).
      if (!body.length) body.push('  [key: string]: never;');
      decls.push([n, [`export interface ${n} {`, ...body, '}']]);
    }
  }
  for (const name of enums) {
    // (every structure above is written, so `enums` is complete here)
    claim(name, `enum ${name}`);
    const values = [...shapes[name].enum.map(quote), '(string & {})'];
    const one = `export type ${name} = ${values.join(' | ')};`;
    decls.push([name, one.length <= 120 ? [one] : [`export type ${name} =`, ...values.map((v, i) => `  | ${v}${i === values.length - 1 ? ';' : ''}`)]]);
  }
  decls.sort((a, b) => byName(a[0], b[0]));
  for (const [, lines] of decls) L.push(...lines);
  L.push('');

  // The client methods (merged into `S3` by index.d.ts) and the module-level functions.
  L.push('/** Every operation as an `S3` method, in aws-sdk v2\'s calling styles. */');
  L.push('export interface S3Operations {');
  for (const o of ops) {
    const I = `${o.name}Request`;
    const O = `${o.name}Output`;
    const doc = docLine(o, '  ');
    L.push(doc, `  ${o.method}(params: ${I}, callback?: Callback<${O}>): Request<${O}>;`);
    L.push(doc, `  ${o.method}(params: ${I}, options: CallOptionsWithSignal, callback?: Callback<${O}>): Request<${O}>;`);
    L.push(doc, `  ${o.method}(callback?: Callback<${O}>): Request<${O}>;`);
  }
  L.push('}');
  L.push('');
  L.push('// Module-level operations: the default client (configured from the AWS environment), a real Promise.');
  for (const o of ops) {
    if (o.method !== lowerFirst(o.name)) throw new Error(`codegen/dts: ${o.name} has method ${o.method}`);
    const opt = required.get(o.name) ? '' : '?';
    L.push(docLine(o, ''));
    L.push(`export declare function ${o.method}(params${opt}: ${o.name}Request, options?: CallOptionsWithSignal): Promise<${o.name}Output>;`);
  }
  return { [OUT_FILE]: L.join('\n') + '\n' };
}

module.exports = { generateDts };
