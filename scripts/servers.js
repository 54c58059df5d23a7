'use strict';
// Local S3-compatible servers for tests and the demo.
//
//   const { startServer } = require('./scripts/servers');
//   const server = await startServer('s3s');   // or 'moto'
//   ... use server.endpoint / server.accessKeyId / server.secretAccessKey ...
//   await server.stop();
//
// CLI: `node scripts/servers.js s3s|moto|hang` starts one server, prints a JSON
// line describing it and stays up until SIGINT/SIGTERM.
//
// Servers always bind 127.0.0.1. Their output goes to a log file under
// <repo>/.tmp/ so test output stays clean.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TMP_DIR = path.join(ROOT, '.tmp');
const S3S_VERSION = '0.14.1';
const S3S_ROOT = path.join(ROOT, '.tools', 's3s-fs');
const S3S_BIN = path.join(S3S_ROOT, 'bin', process.platform === 'win32' ? 's3s-fs.exe' : 's3s-fs');

const ACCESS_KEY_ID = 'AKIDS3NATIVETEST';
const SECRET_ACCESS_KEY = 's3native/test/secret';
const REGION = 'us-east-1';

const STARTUP_TIMEOUT_MS = 30000;
const POLL_INTERVAL_MS = 100;
const KILL_GRACE_MS = 2000;

// Children still running, killed synchronously if the process exits with them.
const live = new Set(); // of { child, dataDir }

process.on('exit', () => {
  for (const entry of live) {
    try { entry.child.kill('SIGKILL'); } catch { /* already gone */ }
    if (entry.dataDir) {
      try { fs.rmSync(entry.dataDir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  }
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion; resolves with its exit code (never rejects on non-zero). */
function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code === null ? 128 + (os.constants.signals[signal] || 0) : code));
  });
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

let s3sPromise = null;

/** Path of the s3s-fs binary, installed into <repo>/.tools/s3s-fs with cargo if missing. */
function ensureS3sFs() {
  if (!s3sPromise) {
    s3sPromise = (async () => {
      if (isExecutable(S3S_BIN)) return S3S_BIN;
      process.stderr.write(`s3s-fs not found at ${path.relative(ROOT, S3S_BIN)}: installing s3s-fs ${S3S_VERSION} with cargo (takes a few minutes)...\n`);
      const args = ['install', 's3s-fs', '--version', S3S_VERSION, '--features', 'binary', '--locked', '--root', S3S_ROOT];
      // Send cargo's stdout to our stderr too, so callers' stdout stays machine-readable.
      const code = await run('cargo', args, { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
      if (code !== 0 || !isExecutable(S3S_BIN)) {
        throw new Error(`cargo install s3s-fs failed (exit ${code}); is a Rust toolchain installed?`);
      }
      return S3S_BIN;
    })();
    s3sPromise.catch(() => { s3sPromise = null; }); // allow a retry after a failure
  }
  return s3sPromise;
}

let motoPromise = null;
const MOTO_VERSION = '5.2.1';
const MOTO_VENV = path.join(ROOT, '.tools', 'moto-venv');

/**
 * The Python that runs `-m moto.server`: python3 when it already imports moto's server, else a
 * virtualenv in .tools/ with moto[server] pinned (a Debian-style "externally managed" Python
 * refuses a plain `pip install`). S3_TEST_MOTO_VENV=1 always uses the virtualenv.
 */
function ensureMoto() {
  if (!motoPromise) {
    motoPromise = (async () => {
      const importable = (python) =>
        run(python, ['-c', 'import moto.server, flask'], { stdio: 'ignore' }).then((c) => c === 0, () => false);
      if (process.env.S3_TEST_MOTO_VENV !== '1' && (await importable('python3'))) return 'python3';
      const python = path.join(MOTO_VENV, 'bin', 'python');
      if (await importable(python)) return python;
      process.stderr.write(`moto server not importable: installing moto[server]==${MOTO_VERSION} into ${path.relative(ROOT, MOTO_VENV)}...\n`);
      const loud = { stdio: ['ignore', process.stderr, process.stderr] };
      let code = await run('python3', ['-m', 'venv', MOTO_VENV], loud).catch(() => -1);
      if (code === 0) code = await run(python, ['-m', 'pip', 'install', '--quiet', `moto[server]==${MOTO_VERSION}`], loud).catch(() => -1);
      if (code !== 0 || !(await importable(python))) {
        throw new Error(`could not install moto[server]==${MOTO_VERSION} into a virtualenv (needs python3 with the venv module, e.g. Debian's python3-venv)`);
      }
      return python;
    })();
    motoPromise.catch(() => { motoPromise = null; });
  }
  return motoPromise;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves true once anything answers HTTP on GET / (whatever the status). */
function probe(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

function logTail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Kills a child (SIGTERM, SIGKILL after a grace period) and waits for it to exit. */
function killChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts a local S3-compatible server on 127.0.0.1 and waits until it answers HTTP.
 * @param {'s3s'|'moto'} kind
 * @param {{ startupTimeoutMs?: number, dataRoot?: string }} [opts] dataRoot: where s3s-fs keeps objects (default: the OS temp dir)
 */
async function startServer(kind, opts = {}) {
  const timeoutMs = opts.startupTimeoutMs || STARTUP_TIMEOUT_MS;
  const port = await freePort();
  let cmd;
  let args;
  let dataDir = null;
  const env = { PATH: process.env.PATH || '', HOME: process.env.HOME || os.homedir() };
  // Pass through only what interpreters need to find themselves; no AWS_* settings.
  for (const name of ['SYSTEMROOT', 'TMPDIR', 'LANG', 'PYTHONPATH', 'VIRTUAL_ENV']) {
    if (process.env[name]) env[name] = process.env[name];
  }

  if (kind === 's3s') {
    cmd = await ensureS3sFs();
    dataDir = fs.mkdtempSync(path.join(opts.dataRoot || os.tmpdir(), 's3-native-s3s-'));
    args = ['--host', '127.0.0.1', '--port', String(port),
      '--access-key', ACCESS_KEY_ID, '--secret-key', SECRET_ACCESS_KEY, dataDir];
    env.RUST_LOG = 'warn';
  } else if (kind === 'moto') {
    cmd = await ensureMoto();
    args = ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)];
    env.PYTHONUNBUFFERED = '1';
  } else {
    throw new Error(`unknown server kind ${JSON.stringify(kind)} (expected 's3s' or 'moto')`);
  }

  fs.mkdirSync(TMP_DIR, { recursive: true });
  const logFile = path.join(TMP_DIR, `${kind}-${port}.log`);
  const logFd = fs.openSync(logFile, 'w');
  let child;
  try {
    child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  } finally {
    fs.closeSync(logFd);
  }
  const entry = { child, dataDir };
  live.add(entry);

  let exited = null;
  let spawnError = null;
  child.once('error', (err) => { spawnError = err; });
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    live.delete(entry);
  });

  let stopping = null;
  const stop = () => {
    if (!stopping) {
      stopping = killChild(child).then(() => {
        live.delete(entry);
        if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      });
    }
    return stopping;
  };

  // Poll until it answers, it dies, or we give up.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || exited) {
      const why = spawnError ? spawnError.message : `exited with ${exited.signal || `code ${exited.code}`}`;
      await stop();
      process.stderr.write(`--- ${path.relative(ROOT, logFile)} (tail) ---\n${logTail(logFile)}\n---\n`);
      throw new Error(`${kind} server failed to start: ${why}`);
    }
    if (await probe(port)) break;
    if (Date.now() > deadline) {
      await stop();
      process.stderr.write(`--- ${path.relative(ROOT, logFile)} (tail) ---\n${logTail(logFile)}\n---\n`);
      throw new Error(`${kind} server did not answer on port ${port} within ${timeoutMs} ms`);
    }
    await sleep(POLL_INTERVAL_MS);
  }

  return {
    kind,
    endpoint: `http://127.0.0.1:${port}`,
    port,
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
    region: REGION,
    dataDir,
    logFile,
    pid: child.pid,
    stop,
  };
}

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers, for timeout tests.
 * connections() counts every connection accepted so far; openConnections() those still open.
 */
function startHangServer() {
  return new Promise((resolve, reject) => {
    const sockets = new Set();
    let accepted = 0;
    const server = net.createServer((socket) => {
      accepted += 1;
      sockets.add(socket);
      socket.on('error', () => {}); // client resets are expected
      socket.on('close', () => sockets.delete(socket));
      // Read and discard whatever arrives; never write back.
      socket.resume();
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      let stopping = null;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        port,
        connections: () => accepted,
        openConnections: () => sockets.size,
        stop: () => {
          if (!stopping) {
            stopping = new Promise((done) => {
              server.close(() => done());
              for (const socket of sockets) socket.destroy();
            });
          }
          return stopping;
        },
      });
    });
  });
}

module.exports = {
  ensureS3sFs,
  ensureMoto,
  startServer,
  startHangServer,
  ACCESS_KEY_ID,
  SECRET_ACCESS_KEY,
  REGION,
};

// CLI: node scripts/servers.js s3s|moto|hang
if (require.main === module) {
  const kind = process.argv[2];
  if (!['s3s', 'moto', 'hang'].includes(kind)) {
    process.stderr.write('usage: node scripts/servers.js s3s|moto|hang\n');
    process.exit(2);
  }
  (async () => {
    const server = kind === 'hang' ? await startHangServer() : await startServer(kind);
    const { stop, ...info } = server;
    for (const key of Object.keys(info)) if (typeof info[key] === 'function') delete info[key];
    process.stdout.write(`${JSON.stringify({ kind, ...info })}\n`);
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      await stop();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  })().catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
