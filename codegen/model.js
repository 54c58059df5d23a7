'use strict';
// Loads the two S3 models and merges them into the one model the generator writes from.
//
// - botocore's `service-2.json` (pinned in codegen/models.json) is the base: it has the shape
//   names, enums and the members and operations of the aws-sdk-s3 crate in Cargo.lock (checked
//   with `npm run codegen -- --check-crate`).
// - aws-sdk v2's `apis/s3-2006-03-01.min.json` (the pinned devDependency) says which operations
//   v2 has, and its member types win where the two differ (SSECustomerKey is a blob in v2, a
//   string in botocore; Expires a timestamp in v2), since v2 callers pass v2's types.

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const PINS = require('./models.json');

/** smithy-rs's snake case, which for every S3 name equals this regex pair. */
function snake(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
const pascal = (name) =>
  snake(name)
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/** The botocore model file, downloaded from PyPI once into .tools/ (a pinned wheel). */
function botocorePath() {
  const dir = path.join(ROOT, '.tools', `botocore-${PINS.botocore}`);
  const file = path.join(dir, 'service-2.json.gz');
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  // The system python3's pip, else the one in the virtualenv the test runner makes for moto
  // (Debian's python3 may have no pip module).
  const venv = path.join(ROOT, '.tools', 'moto-venv', 'bin', 'python');
  const candidates = [process.env.PYTHON || 'python3', venv];
  const args = ['-m', 'pip', 'download', '--quiet', '--no-deps', '--disable-pip-version-check', `botocore==${PINS.botocore}`, '-d', dir];
  let py = null;
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, args, { stdio: 'inherit' });
      py = candidate;
      break;
    } catch (err) {
      if (candidate === candidates[candidates.length - 1]) {
        throw new Error(`codegen: could not download botocore ${PINS.botocore} from PyPI with pip (${err.message})`);
      }
    }
  }
  const wheel = fs.readdirSync(dir).find((f) => f.endsWith('.whl'));
  execFileSync(py, [
    '-c',
    'import sys,zipfile;open(sys.argv[3],"wb").write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))',
    path.join(dir, wheel),
    'botocore/data/s3/2006-03-01/service-2.json.gz',
    file + '.tmp',
  ]);
  fs.renameSync(file + '.tmp', file);
  fs.rmSync(path.join(dir, wheel));
  return file;
}

function loadV2() {
  const pkg = require(path.join(ROOT, 'node_modules', 'aws-sdk', 'package.json'));
  if (pkg.version !== PINS['aws-sdk']) {
    throw new Error(`codegen: aws-sdk ${pkg.version} is installed, codegen/models.json pins ${PINS['aws-sdk']}`);
  }
  return require(path.join(ROOT, 'node_modules', 'aws-sdk', 'apis', 's3-2006-03-01.min.json'));
}

/** v2's waiters (`apis/s3-2006-03-01.waiters2.json`): name (v2's lowerFirst) -> definition. */
function loadV2Waiters() {
  const raw = require(path.join(ROOT, 'node_modules', 'aws-sdk', 'apis', 's3-2006-03-01.waiters2.json')).waiters;
  const out = {};
  for (const [name, w] of Object.entries(raw)) out[lowerFirst(name)] = w;
  return out;
}

/** v2's paginators (`apis/s3-2006-03-01.paginators.json`): the semantics v2 code pages with. */
function loadV2Paginators() {
  return require(path.join(ROOT, 'node_modules', 'aws-sdk', 'apis', 's3-2006-03-01.paginators.json')).pagination;
}

// Structures that the crate models as unions (one member set; smithy `@union`, which the
// botocore JSON format has no field for).
const UNIONS = new Set(['AnalyticsFilter', 'MetricsFilter', 'ObjectEncryption', 'SelectObjectContentEventStream']);

/** v2's type name of a min.json shape (a missing type is a string, v2 `Shape.create`). */
function v2Type(v2, s) {
  if (s.shape) s = v2.shapes[s.shape];
  if (s.type) return s.type;
  if (s.members) return 'structure';
  if (s.member) return 'list';
  if (s.key) return 'map';
  return 'string';
}

/**
 * Walks an operation's input/output in both models side by side and records, per botocore
 * (shape, member), the v2 type where it differs. Returns Map<"Shape.Member", v2type>.
 */
function v2Overrides(v2, boto) {
  const over = new Map();
  const walk = (vs, bname, seen) => {
    if (vs.shape) vs = v2.shapes[vs.shape];
    const bs = boto.shapes[bname];
    if (!bs || seen.has(bname)) return;
    seen.add(bname);
    if (bs.type === 'structure') {
      for (const [k, vm] of Object.entries(vs.members || {})) {
        const bm = bs.members[k];
        if (!bm) continue;
        const tv = v2Type(v2, vm);
        const tb = boto.shapes[bm.shape].type;
        if (tv !== tb) over.set(`${bname}.${k}`, tv);
        else walk(vm, bm.shape, seen);
      }
    } else if (bs.type === 'list') walk(vs.member, bs.member.shape, seen);
    else if (bs.type === 'map') walk(vs.value, bs.value.shape, seen);
  };
  for (const [name, op] of Object.entries(v2.operations)) {
    const bo = boto.operations[name];
    if (!bo) continue;
    if (op.input && bo.input) walk(op.input, bo.input.shape, new Set());
    if (op.output && bo.output) walk(op.output, bo.output.shape, new Set());
  }
  return over;
}

// Operations the crate does not have (v2's deprecated ones, and botocore's newer ones): the
// generator writes no Rust for them. Checked against the crate by --check-crate.
const NOT_IN_CRATE = new Set(['GetBucketLifecycle', 'PutBucketLifecycle', 'GetBucketNotification', 'PutBucketNotification']);

/**
 * The merged model:
 *   operations: [{ name, method, rust, http: {method, uri}, input, output, inV2, inCrate,
 *                  streamIn, streamOut, eventStream, checksumRequired, deprecated, replacement,
 *                  paginator: v2's { input_token, output_token, more_results, result_key, limit_key } }]
 *   shapes: { Name: { type, rust, members: { M: { shape, type, location, locationName,
 *                  xmlAttribute, rust, v2Type } }, required, member, key, value, enum, payload, union } }
 */
function load() {
  const boto = JSON.parse(zlib.gunzipSync(fs.readFileSync(botocorePath())));
  const v2 = loadV2();
  const over = v2Overrides(v2, boto);
  const paginators = loadV2Paginators();
  const shapes = {};
  for (const [name, s] of Object.entries(boto.shapes)) {
    const out = { name, type: s.type, rust: pascal(name) };
    if (s.type === 'structure') {
      out.members = {};
      out.required = (s.required || []).slice();
      if (s.payload) out.payload = s.payload;
      if (UNIONS.has(name)) out.union = true;
      if (s.exception) out.exception = true;
      for (const [m, ms] of Object.entries(s.members)) {
        const target = boto.shapes[ms.shape];
        out.members[m] = {
          shape: ms.shape,
          type: target.type,
          v2Type: over.get(`${name}.${m}`) || null,
          location: ms.location || null,
          locationName: ms.locationName || null,
          streaming: Boolean(target.streaming || ms.streaming),
          eventStream: Boolean(target.eventstream),
          deprecated: Boolean(ms.deprecated),
          xmlAttribute: Boolean(ms.xmlAttribute),
          rust: snake(m) === 'type' ? 'r#type' : snake(m),
          setter: `set_${snake(m)}`,
        };
      }
    } else if (s.type === 'list') out.member = s.member.shape;
    else if (s.type === 'map') {
      out.key = s.key.shape;
      out.value = s.value.shape;
    }
    if (s.enum) out.enum = s.enum.slice();
    shapes[name] = out;
  }
  const operations = [];
  for (const [name, op] of Object.entries(boto.operations)) {
    const input = op.input ? op.input.shape : null;
    const output = op.output ? op.output.shape : null;
    const inMembers = input ? Object.values(shapes[input].members) : [];
    const outMembers = output ? Object.values(shapes[output].members) : [];
    const replacement = NOT_IN_CRATE.has(name) ? `${lowerFirst(name)}Configuration` : null;
    operations.push({
      name,
      method: lowerFirst(name),
      rust: snake(name),
      http: { method: op.http.method, uri: op.http.requestUri },
      input,
      output,
      inV2: Boolean(v2.operations[name]),
      inCrate: !NOT_IN_CRATE.has(name),
      streamIn: inMembers.some((m) => m.streaming),
      streamOut: outMembers.some((m) => m.streaming && !m.eventStream),
      eventStream: outMembers.some((m) => m.eventStream),
      checksumRequired: Boolean(op.httpChecksum && op.httpChecksum.requestChecksumRequired),
      checksumAlgorithmMember: (op.httpChecksum && op.httpChecksum.requestAlgorithmMember) || null,
      deprecated: Boolean(op.deprecated),
      replacement,
      paginator: paginators[name] || null,
    });
  }
  // Only the operations the pinned crate has or v2 has are part of the surface.
  const surface = operations.filter((o) => o.inCrate || o.inV2);
  surface.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { operations: surface, shapes, waiters: loadV2Waiters(), pins: PINS };
}

module.exports = { load, snake, pascal, lowerFirst, UNIONS };
