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

const model = require('./generated/model');

// Lower bounds v2 does not check but the wire needs: a negative length would be sent as some
// other length (a stream Body then stored short).
const MIN = { ContentLength: 0 };

const linked = Object.create(null);

function link(ref) {
  if (typeof ref !== 'string' || !/^[A-Z]/.test(ref)) return ref; // a scalar code
  if (linked[ref]) return linked[ref];
  const raw = model.shapes[ref];
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
    union: Boolean(raw.union),
    min: null,
  });
  for (const [m, r] of Object.entries(raw.members)) s.members[m] = link(r);
  if (raw.uri) {
    for (const m of Object.keys(MIN)) if (s.members[m] === 'l' || s.members[m] === 'i') (s.min || (s.min = {}))[m] = MIN[m];
  }
  return s;
}

const EMPTY = link('__Empty');

/** Operation name (`ListObjectsV2`) -> { name, method, http, input, output, ... } */
const operations = Object.create(null);
for (const [name, o] of Object.entries(model.operations)) {
  operations[name] = {
    ...o,
    name,
    input: o.input ? link(o.input) : EMPTY,
    output: o.output ? link(o.output) : null,
  };
}

const byName = (name) => operations[name].input;

module.exports = {
  operations,
  link,
  PutObject: byName('PutObject'),
  GetObject: byName('GetObject'),
  HeadObject: byName('HeadObject'),
  DeleteObject: byName('DeleteObject'),
};
