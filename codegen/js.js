'use strict';
// Writes lib/generated/model.js: every operation and the shapes its input and output use, in
// the compact form lib/shapes.js links and lib/params.js validates with.
//
// A member is a scalar code or the name of a structure, list or map shape:
//   s string (enums too), i integer (32-bit), l long, b boolean, t timestamp, n double,
//   body a streaming blob (the payload), blob a blob, k an SSE-C key (v2: a blob, base64-encoded
//   on the wire; the crate: a string).

const SCALAR = { string: 's', integer: 'i', long: 'l', boolean: 'b', timestamp: 't', double: 'n', float: 'n' };

function memberCode(model, ms) {
  if (ms.v2Type === 'blob' && ms.type === 'string') return 'k';
  if (ms.v2Type && SCALAR[ms.v2Type]) return SCALAR[ms.v2Type];
  if (ms.type === 'blob') return ms.streaming ? 'body' : 'blob';
  if (SCALAR[ms.type]) return SCALAR[ms.type];
  return ms.shape;
}

function shapeCode(model, name) {
  const s = model.shapes[name];
  if (s.type === 'blob') return 'blob';
  return SCALAR[s.type] || name;
}

/**
 * An ESM entry over the CommonJS `./index.js` beside it: named exports must be listed statically
 * (Node's CommonJS lexer cannot see the ones a loop or a spread defines).
 */
function esmEntry(header, comment, local, exported) {
  return [
    `// ${header}`,
    `// ${comment}`,
    `import ${local} from './index.js';`,
    '',
    'export const {',
    ...exported.map((n) => `  ${n},`),
    `} = ${local};`,
    `export default ${local};`,
    '',
  ].join('\n');
}

function generateJs(model, header) {
  const roots = new Set();
  const ops = model.operations;
  for (const o of ops) {
    if (o.input) roots.add(o.input);
    if (o.output) roots.add(o.output);
  }
  const used = new Set();
  const visit = (name) => {
    const s = model.shapes[name];
    if (!s || used.has(name) || !['structure', 'list', 'map'].includes(s.type)) return;
    used.add(name);
    if (s.type === 'structure') for (const ms of Object.values(s.members)) if (!ms.eventStream) visit(ms.shape);
    if (s.type === 'list') visit(s.member);
    if (s.type === 'map') visit(s.value);
  };
  roots.forEach(visit);
  const q = JSON.stringify;
  const L = [];
  L.push(`// ${header}`);
  L.push("'use strict';");
  L.push('');
  L.push('/* eslint-disable */');
  L.push('const shapes = {');
  L.push('  __Empty: { required: [], members: {}, uri: [], query: [], headers: {} },');
  for (const name of [...used].sort()) {
    const s = model.shapes[name];
    if (s.type === 'list') {
      L.push(`  ${name}: { list: ${q(shapeCode(model, s.member))} },`);
      continue;
    }
    if (s.type === 'map') {
      L.push(`  ${name}: { map: ${q(shapeCode(model, s.value))} },`);
      continue;
    }
    const parts = [];
    parts.push(`required: ${q(s.required)}`);
    const members = Object.entries(s.members)
      .filter(([, ms]) => !ms.eventStream)
      .map(([m, ms]) => `${q(m)}: ${q(memberCode(model, ms))}`);
    parts.push(`members: { ${members.join(', ')} }`);
    // Members read from XML attributes (Grantee's xsi:type): v3 lists them first in its outputs.
    const attributes = Object.keys(s.members).filter((m) => s.members[m].xmlAttribute);
    if (attributes.length) parts.push(`attributes: ${q(attributes)}`);
    if (roots.has(name)) {
      const uri = [];
      const query = {};
      const headers = {};
      let status = null;
      for (const [m, ms] of Object.entries(s.members)) {
        if (ms.location === 'uri') uri.push(m);
        else if (ms.location === 'querystring') query[m] = ms.locationName;
        else if (ms.location === 'header' || ms.location === 'headers') headers[m] = ms.locationName;
        else if (ms.location === 'statusCode') status = m;
      }
      parts.push(`uri: ${q(uri)}`);
      parts.push(`query: ${q(Object.keys(query))}`);
      parts.push(`headers: ${q(headers)}`);
      if (status) parts.push(`status: ${q(status)}`);
      if (s.payload) parts.push(`payload: ${q(s.payload)}`);
    }
    if (s.union) parts.push('union: true');
    L.push(`  ${name}: { ${parts.join(', ')} },`);
  }
  L.push('};');
  L.push('');
  L.push('// The S3 API reference page of operation X is https://docs.aws.amazon.com/AmazonS3/latest/API/API_X.html');
  L.push('const operations = {');
  for (const o of ops) {
    const parts = [
      `method: ${q(o.method)}`,
      `http: ${q(o.http.method)}`,
      `input: ${q(o.input)}`,
      `output: ${q(o.output)}`,
    ];
    if (!o.inV2) parts.push('v2: false');
    if (!o.inCrate) parts.push(`replacement: ${q(o.replacement)}`);
    if (o.streamIn) parts.push('streamIn: true');
    if (o.streamOut) parts.push('streamOut: true');
    if (o.eventStream) parts.push('eventStream: true');
    if (o.checksumRequired) parts.push('checksumRequired: true');
    if (o.deprecated) parts.push('deprecated: true');
    if (o.paginator) {
      const g = o.paginator;
      const list = (v) => (v === undefined ? undefined : [].concat(v));
      const pg = { input: list(g.input_token), output: list(g.output_token), more: g.more_results, results: list(g.result_key), limit: g.limit_key };
      for (const k of Object.keys(pg)) if (pg[k] === undefined) delete pg[k];
      parts.push(`paginator: ${q(pg)}`);
    }
    L.push(`  ${o.name}: { ${parts.join(', ')} },`);
  }
  L.push('};');
  L.push('');
  L.push("// v2's waiters: state -> { operation, delay (s), maxAttempts, acceptors }.");
  L.push('const waiters = {');
  for (const [name, w] of Object.entries(model.waiters).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const acceptors = w.acceptors.map((a) => ({ matcher: a.matcher, expected: a.expected, state: a.state, ...(a.argument ? { argument: a.argument } : {}) }));
    L.push(`  ${name}: { operation: ${q(w.operation)}, delay: ${w.delay}, maxAttempts: ${w.maxAttempts}, acceptors: ${q(acceptors)} },`);
  }
  L.push('};');
  L.push('');
  L.push('module.exports = { shapes, operations, waiters };');
  // The ESM entry: named exports must be listed statically, one per operation.
  const helpers = ['Endpoint', 'Credentials', 'getSignedUrl', 'getSignedUrlPromise', 'createPresignedPost', 'upload', 'download', 'ManagedUpload', 'ManagedDownload'];
  const exported = ['S3', 'S3Error', 'Config', 'config', ...helpers, ...ops.map((o) => o.method)];
  const esm = esmEntry(header, 'ESM entry: re-exports the CommonJS module (every operation as a named export).', 's3native', exported);
  // The method names alone, for require() time; the model itself loads on the first call.
  const names = [
    `// ${header}`,
    "'use strict';",
    '',
    '// v2 method name -> the model\'s operation name (lib/generated/model.js has the rest).',
    'module.exports = {',
    ...ops.map((o) => `  ${o.method}: ${q(o.name)},`),
    '};',
    '',
  ].join('\n');
  return { 'lib/generated/model.js': L.join('\n') + '\n', 'lib/generated/operations.js': names, 'index.mjs': esm };
}

module.exports = { generateJs, esmEntry };
