'use strict';
// The S3 model (lib/generated/model.js, written by codegen/ from botocore's and aws-sdk v2's
// models), linked once at load: a member is a scalar code or the shape object it refers to.
//
// Scalar codes: s string, i 32-bit integer, l long (a safe integer), b boolean, t timestamp,
// n double, body a streaming blob (the payload), blob a blob, k an SSE-C key.
// Structure: { kind: 'structure', name, required, members, [uri, query, headers, payload] }
// (operation inputs and outputs carry where each member goes on the wire: `uri` path labels,
// `query` members, `headers` member -> header name or, for a map, header prefix);
// list: { kind: 'list', member }; map: { kind: 'map', value }.

// The model is loaded and linked on the first call of an operation, not at require() time.
let loaded = null;
const model = () => loaded || (loaded = require('./generated/model'));

// Lower bounds v2 does not check but the wire needs: a negative length would be sent as some
// other length (a stream Body then stored short).
const MIN = { ContentLength: 0 };

const linked = Object.create(null);

function link(ref) {
  if (typeof ref !== 'string' || !/^[A-Z]/.test(ref)) return ref; // a scalar code
  if (linked[ref]) return linked[ref];
  const raw = model().shapes[ref];
  if (!raw) throw new Error(`s3-native: the model has no shape ${ref}`);
  if (raw.list !== undefined) {
    const s = (linked[ref] = { kind: 'list', name: ref, member: null });
    s.member = link(raw.list);
    return s;
  }
  if (raw.map !== undefined) {
    const s = (linked[ref] = { kind: 'map', name: ref, value: null });
    s.value = link(raw.map);
    return s;
  }
  const s = (linked[ref] = {
    kind: 'structure',
    name: ref,
    required: raw.required,
    members: Object.create(null),
    uri: raw.uri || [],
    query: raw.query || [],
    headers: raw.headers || {},
    payload: raw.payload,
    attributes: raw.attributes || [],
    union: Boolean(raw.union),
    min: null,
  });
  for (const [m, r] of Object.entries(raw.members)) s.members[m] = link(r);
  if (raw.uri) {
    for (const m of Object.keys(MIN)) if (s.members[m] === 'l' || s.members[m] === 'i') (s.min || (s.min = {}))[m] = MIN[m];
  }
  return s;
}

/** Operation name (`ListObjectsV2`) -> { name, method, http, input, output, ... }, linked once. */
const linkedOps = Object.create(null);

function operation(name) {
  let op = linkedOps[name];
  if (op === undefined) {
    const o = model().operations[name];
    if (!o) throw new Error(`s3-native: the model has no operation ${name}`);
    op = linkedOps[name] = {
      ...o,
      name,
      input: link(o.input || '__Empty'),
      output: o.output ? link(o.output) : null,
    };
  }
  return op;
}

module.exports = { operation, link };
// Every operation, linked (for tests and tools; the client links one operation at a time).
Object.defineProperty(module.exports, 'operations', {
  enumerable: true,
  get() {
    const all = Object.create(null);
    for (const name of Object.keys(model().operations)) all[name] = operation(name);
    return all;
  },
});
for (const name of ['PutObject', 'GetObject', 'HeadObject', 'DeleteObject']) {
  Object.defineProperty(module.exports, name, { enumerable: true, get: () => operation(name).input });
}
