#!/usr/bin/env node
'use strict';
// `npm run bench`: s3-native and its peers side by side, each client in its own child process,
// against one local S3 server this script starts (s3s-fs by default, `--server moto`).
//
//   npm run bench                      # full sizes
//   npm run bench -- --quick           # tiny sizes (what `npm test` runs once)
//   npm run bench -- --clients s3-native,aws-sdk-v3 --scenarios put-small,get-small
//   npm run bench -- --n 2000 --concurrency 32 --large-size 16777216 --large-count 4
//   npm run bench -- --scenarios load --clients s3-native,aws-sdk-v3,aws-sdk-v2 --load-n 20000
//   npm run bench -- --scenarios upload-stream,download-file,transfer-shaped --transfer-mib 256
//   npm run bench -- --scenarios transfer-shaped --shaped-mib 128 --queue-sizes 1,4,16 --shape-mbps 20 --shape-latency-ms 20

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
// The JS SDKs' deprecation banners are noise in the tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
const servers = require(path.join(root, 'scripts', 'servers.js'));
const proc = require('./proc');
const transfer = require('./transfer');
const { startShaper } = require('./shaper');

const ALL_CLIENTS = ['s3-native', 's3-native-v3', 'aws-sdk-v3', 'aws-sdk-v2', 'opendal', 'minio', 'bun', 'floor'];
const ALL_SCENARIOS = [
  'put-small', 'get-small', 'head', 'put-large', 'get-large', 'get-large-stream',
  'upload-stream', 'download-file', 'transfer-shaped', 'require', 'load',
];
// Managed transfers (benchmark/transfer.js): one object of --transfer-mib (--shaped-mib through
// the shaping proxy) per client and job, from a generated Readable or into a file.
const TRANSFER_SCENARIOS = ['upload-stream', 'download-file', 'transfer-shaped'];
// Whose MB/s the transfer targets compare s3-native with (the floor has no transfers).
const isPeer = (c) => !['s3-native', 's3-native-v3', 's3-native-baseline', 'floor'].includes(c);
// `load` (every call at once, each client's default connection limits) compares the three clients
// a Node user migrates between; the others are skipped in it.
const LOAD_CLIENTS = ['s3-native', 'aws-sdk-v3', 'aws-sdk-v2'];
const REQUIRE_TARGET = {
  's3-native': root,
  's3-native-v3': path.join(root, 'v3'),
  'aws-sdk-v3': '@aws-sdk/client-s3',
  'aws-sdk-v2': 'aws-sdk',
  opendal: 'opendal',
  minio: 'minio',
};

function parseArgs(argv) {
  const a = {
    server: 's3s',
    clients: ALL_CLIENTS,
    scenarios: ALL_SCENARIOS,
    n: 5000,
    size: 1024,
    concurrency: 64,
    headN: 1000,
    largeSize: 64 * 1024 * 1024,
    largeCount: 8,
    requireRuns: 5,
    loadN: 10000,
    transferMiB: 1024,
    shapedMiB: undefined, // min(256, transferMiB)
    partMiB: 16,
    queueSize: 4,
    queueSizes: [1, 4, 16],
    shapeMiBps: 20,
    shapeLatencyMs: 20,
    json: path.join(__dirname, 'results', 'latest.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i];
    if (k === '--quick') {
      // Transfers: 3 parts of at most 5 MiB (S3's smallest part), so they are still multipart; with
      // 3 parts queueSize 16 is queueSize 4, so the shaped rows stop at 4.
      Object.assign(a, { n: 100, headN: 50, concurrency: 8, largeSize: 1 << 20, largeCount: 2, requireRuns: 1, loadN: 200 });
      Object.assign(a, { transferMiB: 11, partMiB: 5, queueSizes: [1, 4] });
    }
    else if (k === '--server') a.server = v();
    else if (k === '--clients') a.clients = v().split(',');
    else if (k === '--scenarios') a.scenarios = v().split(',');
    else if (k === '--n') a.n = Number(v());
    else if (k === '--size') a.size = Number(v());
    else if (k === '--concurrency') a.concurrency = Number(v());
    else if (k === '--head-n') a.headN = Number(v());
    else if (k === '--large-size') a.largeSize = Number(v());
    else if (k === '--large-count') a.largeCount = Number(v());
    else if (k === '--load-n') a.loadN = Number(v());
    else if (k === '--transfer-mib') a.transferMiB = Number(v());
    else if (k === '--shaped-mib') a.shapedMiB = Number(v());
    else if (k === '--part-mib') a.partMiB = Number(v());
    else if (k === '--queue-size') a.queueSize = Number(v());
    else if (k === '--queue-sizes') a.queueSizes = v().split(',').map(Number);
    else if (k === '--shape-mbps') a.shapeMiBps = Number(v());
    else if (k === '--shape-latency-ms') a.shapeLatencyMs = Number(v());
    else if (k === '--json') a.json = v();
    else if (k === '--baseline') a.baseline = path.resolve(v());
    else throw new Error(`unknown option ${k}`);
  }
  a.headN = Math.min(a.headN, a.n);
  if (a.shapedMiB === undefined) a.shapedMiB = Math.min(256, a.transferMiB);
  a.transferBytes = Math.round(a.transferMiB * 1048576);
  a.shapedBytes = Math.round(a.shapedMiB * 1048576);
  a.partSize = Math.round(a.partMiB * 1048576);
  for (const [name, v] of [['--transfer-mib', a.transferBytes], ['--shaped-mib', a.shapedBytes], ['--part-mib', a.partSize], ['--shape-mbps', a.shapeMiBps]]) {
    if (!(v > 0)) throw new Error(`${name} must be a positive number`);
  }
  for (const q of [a.queueSize, ...a.queueSizes]) if (!Number.isInteger(q) || q < 1) throw new Error(`queue sizes must be positive integers, got ${q}`);
  if (!(a.shapeLatencyMs >= 0)) throw new Error('--shape-latency-ms must be >= 0');
  for (const c of a.clients) if (!ALL_CLIENTS.includes(c)) throw new Error(`unknown client ${c}`);
  if (a.baseline) {
    // Another checkout of s3-native, measured beside this one in the same run.
    process.env.S3_NATIVE_BASELINE = a.baseline;
    REQUIRE_TARGET['s3-native-baseline'] = a.baseline;
    a.clients = ['s3-native', 's3-native-baseline', ...a.clients.filter((c) => c !== 's3-native')];
  }
  for (const s of a.scenarios) if (!ALL_SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}`);
  return a;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function ensureReady() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
    run('npm', ['install', '--no-audit', '--no-fund']); // follows the lock file
  }
  if (!fs.readdirSync(root).some((f) => f.endsWith('.node'))) run('npm', ['run', 'build']);
}

function bunBin() {
  const p = path.join(root, 'node_modules', '.bin', 'bun');
  return fs.existsSync(p) ? p : null;
}

/** Runs a child to its end; with `sockets`, samples its open sockets meanwhile (`peakSockets`). */
function child(cmd, args, env, { sockets = false } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = sockets && p.pid ? proc.sampleSockets(p.pid) : null;
    let based = false;
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
      // The worker reports its own sockets before its first call (see proc.sampleSockets).
      const m = sampler && !based && /^\{"baseline":.*\}\n/m.exec(out);
      if (m) {
        based = true;
        sampler.setBaseline(JSON.parse(m[0]).baseline);
      }
    });
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err, peakSockets: sampler ? sampler.stop().peak : undefined }));
  });
}

/** One worker run; `extra` adds to (and may override, e.g. `endpoint`) its spec. */
async function runWorker(a, srv, client, scenario, bucket, extra = {}) {
  const spec = {
    client,
    scenario,
    server: a.server,
    endpoint: srv.endpoint,
    region: srv.region,
    accessKeyId: srv.accessKeyId,
    secretAccessKey: srv.secretAccessKey,
    bucket,
    n: a.n,
    size: a.size,
    concurrency: a.concurrency,
    headN: a.headN,
    largeSize: a.largeSize,
    largeCount: a.largeCount,
    loadN: a.loadN,
    // `load` measures what a user gets without tuning: each client's default connection limits.
    defaultConnections: scenario === 'load',
    prefix: `bench-${client}-${Date.now()}`,
    ...extra,
  };
  const worker = path.join(__dirname, 'worker.js');
  const sockets = scenario === 'load';
  let r;
  if (client === 'bun') {
    const bun = bunBin();
    if (!bun) return { client, scenario, error: 'bun is not installed' };
    r = await child(bun, [worker, JSON.stringify(spec)], {}, { sockets });
  } else {
    r = await child(process.execPath, [worker, JSON.stringify(spec)], {}, { sockets });
  }
  const line = r.out.trim().split('\n').pop() || '{}';
  let res;
  try {
    res = JSON.parse(line);
  } catch {
    res = { error: `bad output: ${r.out.slice(-300)} ${r.err.slice(-300)}` };
  }
  if (res.error) res.error = String(res.error).split('\n')[0];
  if (r.peakSockets !== undefined) res.peakSockets = r.peakSockets;
  return { client, scenario, ...res };
}

function ramDir() {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return undefined;
  }
}

async function measureRequire(a, client) {
  if (client === 'bun' || client === 'floor') return { client, scenario: 'require', builtin: true };
  const target = REQUIRE_TARGET[client];
  const times = [];
  for (let i = 0; i < a.requireRuns; i++) {
    // The clock is read before process.stdout is touched: creating it (~5 ms) is not the package's.
    const code = `const t=process.hrtime.bigint();require(${JSON.stringify(target)});const ms=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(String(ms))`;
    const r = await child(process.execPath, ['-e', code], { AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' });
    if (r.code === 0) times.push(Number(r.out));
  }
  times.sort((x, y) => x - y);
  return { client, scenario: 'require', requireMs: times.length ? times[Math.floor(times.length / 2)] : null };
}

async function seed(a, srv, bucket) {
  const { S3 } = require(root);
  const s3 = new S3({
    region: srv.region,
    endpoint: srv.endpoint,
    credentials: { accessKeyId: srv.accessKeyId, secretAccessKey: srv.secretAccessKey },
    forcePathStyle: true,
  });
  const small = require('crypto').randomBytes(a.size);
  let i = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (i < a.n) {
        const k = i++;
        await s3.putObject({ Bucket: bucket, Key: `seed-small/${k}`, Body: small }).promise();
      }
    }),
  );
  const large = require('crypto').randomBytes(a.largeSize);
  for (let k = 0; k < a.largeCount; k++) {
    await s3.putObject({ Bucket: bucket, Key: `seed-large/${k}`, Body: large }, { zeroCopy: true }).promise();
  }
}

/** A transfer row that ran and passed its check. */
const ok = (r) => !r.error && !r.skipped;

/**
 * One managed-transfer scenario for one client: a worker per job (and, through the shaping proxy,
 * per queue size; a client that takes no queue size runs once), each transfer's bytes checked by
 * the parent, the uploaded object or the downloaded file deleted after it.
 */
async function runTransfers(a, srv, client, scenario, bucket, ctx) {
  const shaped = scenario === 'transfer-shaped';
  const jobs = scenario === 'upload-stream' ? ['upload'] : scenario === 'download-file' ? ['download'] : ['upload', 'download'];
  const total = shaped ? a.shapedBytes : a.transferBytes;
  const rows = [];
  for (const job of jobs) {
    for (const q of shaped ? a.queueSizes : [a.queueSize]) {
      const dir = job === 'download' ? fs.mkdtempSync(path.join(ctx.tmpRoot, 's3-native-bench-')) : null;
      const key = job === 'upload' ? `bench-${client}-${Date.now()}/${scenario}-q${q}` : ctx.seeds.get(total);
      const extra = { job, transferBytes: total, partSize: a.partSize, queueSize: q, key, file: dir ? path.join(dir, 'download.bin') : undefined };
      if (shaped) {
        extra.endpoint = ctx.proxy.endpoint;
        ctx.proxy.reset();
      }
      let r;
      try {
        r = await runWorker(a, srv, client, scenario, bucket, extra);
        if (shaped) {
          const s = ctx.proxy.stats();
          r.requests = s.requests;
          r.peakInFlight = s.peakInFlight;
        }
        r.job = job;
        if (!r.error && !r.skipped) {
          const problem = job === 'upload' ? await transfer.checkObject(srv, bucket, key, total) : await transfer.checkFile(extra.file, total);
          if (problem) r.error = `bytes check failed: ${problem}`;
          else r.verified = true;
        }
      } finally {
        if (job === 'upload') {
          for (const k of [key, `${key}.warm`]) await transfer.deleteObject(srv, bucket, k).catch(() => {});
        }
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      }
      rows.push(r);
      const what = `${scenario} ${client} ${job}${shaped && r.parallel ? ` q${q}` : ''}`;
      process.stderr.write(`  ${what}: ${r.error ? 'ERROR ' + r.error : r.skipped ? 'skipped' : 'ok'}\n`);
      if (!ok(r) || !r.parallel) break; // one row for a client without a queue size (or that failed)
    }
  }
  return rows;
}

const fmt = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '-' : v.toFixed(d));

function table(title, rows, cols) {
  const header = cols.map((c) => c.name);
  const body = rows.map((r) => cols.map((c) => c.get(r)));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/** A ratio to s3-native's row: 2 decimals, or 2 significant digits below 0.1 (50 vs 10,000 sockets). */
function ratio(r, base, get) {
  if (r.error || !base || !get(base)) return '';
  const v = get(r) / get(base);
  return v > 0 && v < 0.1 ? v.toPrecision(2) : fmt(v, 2);
}

function reportLoad(a, rows) {
  for (const r of rows) {
    if (r.error) continue;
    r.opsPerSec = r.ops / (r.wallMs / 1000);
    r.cpuUsPerOp = r.ops ? r.cpuUs / r.ops : null;
  }
  const base = rows.find((r) => r.client === 's3-native' && !r.error);
  const limit = proc.openFileLimit();
  table(`load (${a.loadN} x ${a.size} B PUTs issued at once, default connection limits; ulimit -n ${limit})`, rows, [
    { name: 'client', get: (r) => r.client },
    { name: 'ok', get: (r) => (r.error ? 'ERROR' : r.ops) },
    { name: 'failed', get: (r) => (r.error ? '' : r.failed) },
    { name: 'ops/s', get: (r) => (r.error ? '' : fmt(r.opsPerSec, 0)) },
    { name: 'p50 ms', get: (r) => (r.error ? '' : fmt(r.p50Ms, 0)) },
    { name: 'p99 ms', get: (r) => (r.error ? '' : fmt(r.p99Ms, 0)) },
    { name: 'peak sockets', get: (r) => (r.error ? '' : r.peakSockets) },
    { name: 'peak RSS MiB', get: (r) => (r.error ? '' : fmt(r.maxRssMiB, 0)) },
    { name: 'CPU us/op', get: (r) => (r.error ? '' : fmt(r.cpuUsPerOp, 0)) },
    { name: 'ops/s vs s3-native', get: (r) => ratio(r, base, (x) => x.opsPerSec) },
    { name: 'p99 vs s3-native', get: (r) => ratio(r, base, (x) => x.p99Ms) },
    { name: 'sockets vs s3-native', get: (r) => ratio(r, base, (x) => x.peakSockets) },
    { name: 'RSS vs s3-native', get: (r) => ratio(r, base, (x) => x.maxRssMiB) },
  ]);
  for (const r of rows) {
    if (r.error) console.log(`  ${r.client}: ${r.error}`);
    else if (r.failed) {
      const codes = Object.entries(r.codes || {}).sort((x, y) => y[1] - x[1]).map(([c, n]) => `${c} x ${n}`);
      console.log(`  ${r.client}: ${r.failed} failed: ${codes.join(', ')}`);
    }
  }
}

const met = (yes) => (yes ? 'met' : 'MISSED');

/** The targets of the transfer scenarios, judged on s3-native's row(s); also in the raw JSON. */
function transferTargets(a, scenario, rows) {
  const out = [];
  if (scenario === 'transfer-shaped') {
    // MB/s >= the best peer's at each queue size (a peer that takes none counts at every one).
    for (const job of ['upload', 'download']) {
      for (const q of a.queueSizes) {
        const me = rows.find((r) => r.client === 's3-native' && r.job === job && r.queueSize === q && ok(r));
        const peers = rows.filter((r) => isPeer(r.client) && r.job === job && ok(r) && (r.queueSize === q || !r.parallel));
        const best = peers.sort((x, y) => y.mbPerSec - x.mbPerSec)[0];
        if (!me || !best) continue;
        out.push({ target: `${job} queueSize ${q}: MB/s >= best peer's (${best.client} ${fmt(best.mbPerSec)})`, value: fmt(me.mbPerSec), met: me.mbPerSec >= best.mbPerSec });
      }
    }
    return out;
  }
  const me = rows.find((r) => r.client === 's3-native' && ok(r));
  if (!me) return out;
  const rssLimit = (2 * a.partSize * a.queueSize) / 1048576 + 50;
  out.push({ target: `peak RSS <= 2 x partSize x queueSize + 50 MiB = ${fmt(rssLimit, 0)} MiB`, value: fmt(me.maxRssMiB, 0), met: me.maxRssMiB <= rssLimit });
  const v3 = rows.find((r) => r.client === 'aws-sdk-v3' && ok(r));
  if (v3) out.push({ target: `CPU per GiB <= half of aws-sdk-v3's (${fmt(v3.cpuMsPerGiB, 0)} / 2 = ${fmt(v3.cpuMsPerGiB / 2, 0)} ms)`, value: fmt(me.cpuMsPerGiB, 0), met: me.cpuMsPerGiB <= v3.cpuMsPerGiB / 2 });
  const best = rows.filter((r) => isPeer(r.client) && ok(r)).sort((x, y) => y.mbPerSec - x.mbPerSec)[0];
  if (best) out.push({ target: `MB/s >= best peer's (${best.client} ${fmt(best.mbPerSec)})`, value: fmt(me.mbPerSec), met: me.mbPerSec >= best.mbPerSec });
  return out;
}

function reportTransfer(a, scenario, rows) {
  for (const r of rows) {
    if (!ok(r)) continue;
    r.mbPerSec = r.bytes / 1048576 / (r.wallMs / 1000);
    r.cpuMsPerGiB = r.cpuUs / 1000 / (r.bytes / 2 ** 30);
  }
  const settings = `partSize ${a.partMiB} MiB, queueSize ${a.queueSize} where the client takes them`;
  const status = (r) => (r.error ? 'ERROR' : r.skipped ? 'skipped' : null);
  if (scenario === 'transfer-shaped') {
    // Each row is compared with s3-native's at the same queue size; a client without one with
    // s3-native's at --queue-size.
    const baseOf = (r) => rows.find((b) => b.client === 's3-native' && ok(b) && b.job === r.job && b.queueSize === (r.parallel ? r.queueSize : a.queueSize));
    const firstOf = (r) => rows.find((b) => b.client === r.client && ok(b) && b.job === r.job && b.queueSize === a.queueSizes[0]);
    table(
      `transfer-shaped (${a.shapedMiB} MiB up from a generated Readable and down into a file, each through a shaping proxy: ` +
        `${a.shapeMiBps} MiB/s per connection each way, +${a.shapeLatencyMs} ms per request; partSize ${a.partMiB} MiB; queueSize ${a.queueSizes.join(', ')})`,
      rows,
      [
        { name: 'client', get: (r) => r.client },
        { name: 'job', get: (r) => r.job || '' },
        { name: 'queueSize', get: (r) => (ok(r) ? (r.parallel ? r.queueSize : '-') : '') },
        { name: 'parts', get: (r) => status(r) || r.how },
        { name: 'MB/s', get: (r) => (ok(r) ? fmt(r.mbPerSec, 1) : '') },
        { name: 'in flight', get: (r) => (ok(r) ? r.peakInFlight : '') },
        { name: 'CPU ms/GiB', get: (r) => (ok(r) ? fmt(r.cpuMsPerGiB, 0) : '') },
        { name: 'peak RSS MiB', get: (r) => (ok(r) ? fmt(r.maxRssMiB, 0) : '') },
        { name: `MB/s vs queueSize ${a.queueSizes[0]}`, get: (r) => (ok(r) && r.parallel ? ratio(r, firstOf(r), (x) => x.mbPerSec) : '') },
        { name: 'MB/s vs s3-native', get: (r) => (ok(r) ? ratio(r, baseOf(r), (x) => x.mbPerSec) : '') },
      ],
    );
  } else {
    const base = rows.find((r) => r.client === 's3-native' && ok(r));
    const what = scenario === 'upload-stream' ? 'uploaded from a generated Readable of unknown length' : 'downloaded into a file';
    table(`${scenario} (${a.transferMiB} MiB ${what}; ${settings})`, rows, [
      { name: 'client', get: (r) => r.client },
      { name: 'parts', get: (r) => status(r) || r.how },
      { name: 'MB/s', get: (r) => (ok(r) ? fmt(r.mbPerSec, 1) : '') },
      { name: 'CPU ms/GiB', get: (r) => (ok(r) ? fmt(r.cpuMsPerGiB, 0) : '') },
      { name: 'peak RSS MiB', get: (r) => (ok(r) ? fmt(r.maxRssMiB, 0) : '') },
      { name: 'MB/s vs s3-native', get: (r) => (r.skipped ? '' : ratio(r, base, (x) => x.mbPerSec)) },
      { name: 'CPU/GiB vs s3-native', get: (r) => (r.skipped ? '' : ratio(r, base, (x) => x.cpuMsPerGiB)) },
      { name: 'RSS vs s3-native', get: (r) => (r.skipped ? '' : ratio(r, base, (x) => x.maxRssMiB)) },
    ]);
  }
  const seen = new Set();
  for (const r of rows) {
    const line = r.error ? `  ${r.client} ${r.job || ''}: ${r.error}` : r.skipped ? `  ${r.client} ${r.job}: skipped: ${r.skipped}` : null;
    if (line && !seen.has(line)) console.log(line);
    if (line) seen.add(line);
  }
  const targets = transferTargets(a, scenario, rows);
  for (const t of targets) console.log(`  target (s3-native) ${t.target}: ${t.value}, ${met(t.met)}`);
  return targets;
}

function report(a, results) {
  const targets = {};
  for (const scenario of a.scenarios) {
    const rows = results.filter((r) => r.scenario === scenario);
    if (TRANSFER_SCENARIOS.includes(scenario)) {
      targets[scenario] = reportTransfer(a, scenario, rows);
      continue;
    }
    if (scenario === 'load') {
      reportLoad(a, rows);
      continue;
    }
    if (scenario === 'require') {
      const base = rows.find((r) => r.client === 's3-native');
      table('require() / import time (median of runs, ms)', rows, [
        { name: 'client', get: (r) => r.client },
        { name: 'ms', get: (r) => (r.builtin ? 'built in' : fmt(r.requireMs, 1)) },
        { name: 'x s3-native', get: (r) => (r.builtin || !base || !base.requireMs ? '-' : fmt(r.requireMs / base.requireMs, 2)) },
      ]);
      continue;
    }
    for (const r of rows) {
      if (r.error) continue;
      r.opsPerSec = r.ops / (r.wallMs / 1000);
      r.mbPerSec = r.bytes / 1048576 / (r.wallMs / 1000);
      r.cpuUsPerOp = r.cpuUs / r.ops;
    }
    const base = rows.find((r) => r.client === 's3-native' && !r.error);
    table(`${scenario}`, rows, [
      { name: 'client', get: (r) => r.client },
      { name: 'ops/s', get: (r) => (r.error ? 'ERROR' : fmt(r.opsPerSec, 0)) },
      { name: 'MB/s', get: (r) => (r.error ? '' : fmt(r.mbPerSec, 1)) },
      { name: 'CPU us/op', get: (r) => (r.error ? '' : fmt(r.cpuUsPerOp, 0)) },
      { name: 'peak RSS MiB', get: (r) => (r.error ? '' : fmt(r.maxRssMiB, 0)) },
      { name: 'ops/s vs s3-native', get: (r) => (r.error || !base ? '' : fmt(r.opsPerSec / base.opsPerSec, 2)) },
      { name: 'CPU/op vs s3-native', get: (r) => (r.error || !base ? '' : fmt(r.cpuUsPerOp / base.cpuUsPerOp, 2)) },
    ]);
    for (const r of rows) if (r.error) console.log(`  ${r.client}: ${r.error}`);
  }
  return targets;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  ensureReady();
  if (a.server === 's3s') await servers.ensureS3sFs();
  else await servers.ensureMoto();
  // Objects live in RAM when /dev/shm exists: on a disk, writeback from earlier clients' PUTs
  // slowed whichever client ran later (put-small ops/s moved 3x between runs).
  const dataRoot = a.server === 's3s' ? ramDir() : undefined;
  const srv = await servers.startServer(a.server, { dataRoot });
  const started = new Date();
  const results = [];
  const ctx = { tmpRoot: dataRoot || os.tmpdir(), seeds: new Map(), proxy: null };
  try {
    const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
    const bucket = `bench-${Date.now().toString(36)}`;
    await new S3Client({
      region: srv.region,
      endpoint: srv.endpoint,
      credentials: { accessKeyId: srv.accessKeyId, secretAccessKey: srv.secretAccessKey },
      forcePathStyle: true,
    }).send(new CreateBucketCommand({ Bucket: bucket }));
    const needSeed = a.scenarios.some((s) => s.startsWith('get') || s === 'head');
    if (needSeed) await seed(a, srv, bucket);
    // The objects the downloads read, written from the same generated bytes.
    for (const [s, total] of [['download-file', a.transferBytes], ['transfer-shaped', a.shapedBytes]]) {
      if (!a.scenarios.includes(s) || ctx.seeds.has(total)) continue;
      ctx.seeds.set(total, `seed-transfer/${total}`);
      await transfer.seedObject(srv, bucket, `seed-transfer/${total}`, total);
    }
    for (const scenario of a.scenarios) {
      if (scenario === 'transfer-shaped') {
        ctx.proxy = await startShaper(srv.endpoint, { bytesPerSec: a.shapeMiBps * 1048576, latencyMs: a.shapeLatencyMs });
      }
      for (const client of a.clients) {
        if (TRANSFER_SCENARIOS.includes(scenario)) {
          results.push(...(await runTransfers(a, srv, client, scenario, bucket, ctx)));
          continue;
        }
        if (scenario === 'load' && !LOAD_CLIENTS.includes(client)) continue;
        const r = scenario === 'require' ? await measureRequire(a, client) : await runWorker(a, srv, client, scenario, bucket);
        results.push(r);
        process.stderr.write(`  ${scenario} ${client}: ${r.error ? 'ERROR ' + r.error : 'ok'}\n`);
      }
      if (ctx.proxy) await ctx.proxy.close();
      ctx.proxy = null;
    }
  } finally {
    if (ctx.proxy) await ctx.proxy.close();
    await srv.stop();
  }
  console.log(`s3-native benchmark — ${started.toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0] && os.cpus()[0].model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `node ${process.version}, server ${a.server} on 127.0.0.1` + (dataRoot ? ` (objects in ${dataRoot})` : ''),
  );
  console.log(
    `sizes: ${a.n} x ${a.size} B at concurrency ${a.concurrency}; ${a.headN} heads; ${a.largeCount} x ${a.largeSize / 1048576} MiB sequential; ` +
      `load ${a.loadN} x ${a.size} B at once`,
  );
  if (a.scenarios.some((s) => TRANSFER_SCENARIOS.includes(s))) {
    console.log(
      `transfers: ${a.transferMiB} MiB (shaped: ${a.shapedMiB} MiB), partSize ${a.partMiB} MiB, queueSize ${a.queueSize} ` +
        `(shaped: ${a.queueSizes.join(', ')}); downloads into ${ctx.tmpRoot}; shaping ${a.shapeMiBps} MiB/s per connection each way, ` +
        `+${a.shapeLatencyMs} ms per request; every transfer's byte count and CRC32 checked`,
    );
  }
  const targets = report(a, results);
  const raw = { date: started.toISOString(), cores: os.cpus().length, node: process.version, server: a.server, options: a, results, targets };
  fs.mkdirSync(path.dirname(a.json), { recursive: true });
  fs.writeFileSync(a.json, JSON.stringify(raw, null, 2));
  console.log(`\nraw JSON: ${path.relative(process.cwd(), a.json)}`);
  console.log(JSON.stringify(raw));
  const failed = results.filter((r) => r.error && r.client === 's3-native');
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
