'use strict';
// Writes lib/generated/v3.js: what the v3 face (`s3-native/v3`, lib/v3/) builds its classes
// from: one `XCommand` per operation of the crate's model (the operations @aws-sdk/client-s3 has;
// v2's deprecated ones are not among them), the modelled exceptions with their members, and the
// paginators of the Smithy model.

// The Smithy `@paginated` traits of the S3 model (botocore's JSON format has no field for them;
// v3 and the Rust SDK generate one paginator for each of these and no other).
const PAGINATED = {
  ListBuckets: { inputToken: 'ContinuationToken', outputToken: 'ContinuationToken', pageSize: 'MaxBuckets' },
  ListDirectoryBuckets: { inputToken: 'ContinuationToken', outputToken: 'ContinuationToken', pageSize: 'MaxDirectoryBuckets' },
  ListObjectsV2: { inputToken: 'ContinuationToken', outputToken: 'NextContinuationToken', pageSize: 'MaxKeys' },
  ListParts: { inputToken: 'PartNumberMarker', outputToken: 'NextPartNumberMarker', pageSize: 'MaxParts' },
};

// Exceptions of the Smithy model that botocore's JSON does not declare (HeadObject / HeadBucket's
// body-less 404), with their members.
const SMITHY_EXCEPTIONS = { NotFound: [] };

// Enums whose constant names in the Smithy model are the values in upper snake case
// (`ObjectAttributes.OBJECT_PARTS`); every other enum's are its values with `*` dropped and
// anything else not a letter or digit as `_` (`ObjectCannedACL.public_read`,
// `Event.s3_ObjectCreated_`). Checked against @aws-sdk/client-s3 by __test__/v3-face.test.js.
const UPPER_SNAKE_ENUMS = new Set(['BucketNamespace', 'ObjectAttributes', 'OptionalObjectAttributes']);

function enumKey(shape, value) {
  if (UPPER_SNAKE_ENUMS.has(shape)) {
    return value
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
  }
  return value.replace(/\*/g, '').replace(/[^A-Za-z0-9]/g, '_');
}

/** The enum shapes the v3 face's operations reach (inputs and outputs, nested). */
function reachedEnums(model) {
  const seen = new Set();
  const enums = new Set();
  const visit = (name) => {
    const s = model.shapes[name];
    if (!s || seen.has(name)) return;
    seen.add(name);
    if (s.enum) enums.add(name);
    if (s.type === 'structure') for (const ms of Object.values(s.members)) visit(ms.shape);
    if (s.type === 'list') visit(s.member);
    if (s.type === 'map') visit(s.value);
  };
  for (const o of model.operations) {
    if (!o.inCrate) continue;
    if (o.input) visit(o.input);
    if (o.output) visit(o.output);
  }
  return [...enums].sort();
}

function generateV3(model, header) {
  const q = JSON.stringify;
  const commands = model.operations.filter((o) => o.inCrate).map((o) => o.name);
  const exceptions = Object.values(model.shapes)
    .filter((s) => s.exception)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const [name, p] of Object.entries(PAGINATED)) {
    const op = model.operations.find((o) => o.name === name);
    if (!op) throw new Error(`codegen: paginated operation ${name} is not in the model`);
    for (const [what, member] of [['input', p.inputToken], ['input', p.pageSize]]) {
      if (!model.shapes[op.input].members[member]) throw new Error(`codegen: ${name} ${what} has no member ${member}`);
    }
    if (!model.shapes[op.output].members[p.outputToken]) throw new Error(`codegen: ${name} output has no member ${p.outputToken}`);
  }
  const L = [`// ${header}`, "'use strict';", '', '/* eslint-disable */'];
  L.push('// The operations with a v3 `XCommand` (the crate\'s model).');
  L.push('const commands = [');
  for (const c of commands) L.push(`  ${q(c)},`);
  L.push('];');
  L.push('');
  L.push('// The modelled exceptions (`NoSuchKey`, ...): name -> their members besides `message`.');
  L.push('const exceptions = {');
  const all = exceptions.map((s) => [s.name, Object.keys(s.members).filter((m) => m !== 'Message')]);
  for (const [name, members] of Object.entries(SMITHY_EXCEPTIONS)) if (!all.some(([n]) => n === name)) all.push([name, members]);
  all.sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [name, members] of all) L.push(`  ${name}: ${q(members)},`);
  L.push('};');
  L.push('');
  L.push('// The paginated operations: the token members and the page size member.');
  L.push('const paginators = {');
  for (const [name, p] of Object.entries(PAGINATED)) L.push(`  ${name}: ${q(p)},`);
  L.push('};');
  L.push('');
  L.push("// The model's enums as v3 exports them: `ObjectCannedACL.public_read === 'public-read'`.");
  L.push('const enums = {');
  const enumNames = reachedEnums(model);
  for (const name of enumNames) {
    const entries = model.shapes[name].enum.map((v) => `${q(enumKey(name, v))}: ${q(v)}`);
    L.push(`  ${name}: { ${entries.join(', ')} },`);
  }
  L.push('};');
  L.push('');
  L.push('module.exports = { commands, exceptions, paginators, enums };');
  // The ESM entry of `s3-native/v3`: named exports must be listed statically.
  const waiters = ['BucketExists', 'BucketNotExists', 'ObjectExists', 'ObjectNotExists'];
  const exported = [
    'S3Client',
    'S3',
    'Command',
    ...commands.map((c) => `${c}Command`),
    'S3ServiceException',
    ...all.map(([name]) => name),
    ...Object.keys(PAGINATED).map((n) => `paginate${n}`),
    ...waiters.flatMap((w) => [`waitFor${w}`, `waitUntil${w}`]),
    'WaiterState',
    ...enumNames,
  ];
  const esm = require('./js').esmEntry(header, 'ESM entry of s3-native/v3: re-exports the CommonJS module (every command as a named export).', 'v3', exported);
  return { 'lib/generated/v3.js': L.join('\n') + '\n', 'v3/index.mjs': esm };
}

module.exports = { generateV3, PAGINATED, enumKey, reachedEnums };
