'use strict';
// Runs one client through one scenario in its own process and prints one JSON line, so that the
// CPU time and peak RSS are that client's alone. Runs under node, or under bun for Bun's client.

const crypto = require('crypto');
const path = require('path');

const fs = require('fs');
const { performance } = require('perf_hooks');
const { percentile, socketLinks } = require('./proc');
const { source } = require('./source');

const TRANSFER_SCENARIOS = ['upload-stream', 'download-file', 'transfer-shaped'];

/** Process CPU (all threads) in µs from /proc (same source for node and bun), else cpuUsage. */
function cpuNowUs() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) are at 11 and 12 after the command name
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100;
  } catch {
    const u = process.cpuUsage();
    return u.user + u.system;
  }
}

/** Peak RSS in MiB (VmHWM), else resourceUsage. */
function peakRssMiB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  const ru = process.resourceUsage ? process.resourceUsage() : {};
  return ru.maxRSS ? ru.maxRSS / 1024 : process.memoryUsage().rss / 1048576;
}

async function pool(items, concurrency, fn) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
}

/**
 * The `load` scenario's timed section: every call issued in one synchronous loop, none awaited
 * before the last is issued. Failures are counted by code, not thrown: how many calls a client
 * survives is part of the result. Latency is issue → settle per successful call.
 */
async function load(o, keys, op, bytesPerOp) {
  const lat = [];
  const codes = {};
  let failed = 0;
  const fail = (err) => {
    failed++;
    const code = String((err && (err.code || err.name)) || 'Error');
    codes[code] = (codes[code] || 0) + 1;
  };
  const cpu0 = cpuNowUs();
  const t0 = performance.now();
  const all = keys.map((k) => {
    const start = performance.now();
    let p;
    try {
      p = Promise.resolve(op(k));
    } catch (err) {
      p = Promise.reject(err);
    }
    return p.then(() => {
      lat.push(performance.now() - start);
    }, fail);
  });
  await Promise.all(all);
  const wallMs = performance.now() - t0;
  const cpuUs = cpuNowUs() - cpu0;
  lat.sort((x, y) => x - y);
  const out = {
    client: o.client,
    scenario: o.scenario,
    ops: lat.length,
    failed,
    codes,
    bytes: lat.length * bytesPerOp,
    wallMs,
    cpuUs,
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    maxRssMiB: peakRssMiB(),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

/**
 * The managed-transfer scenarios: one transfer of `o.transferBytes`, `o.job` 'upload' (from a
 * generated Readable of unknown length, benchmark/source.js, to `o.key`) or 'download' (`o.key`
 * into the file `o.file`), with the client's `jobs[o.job]` (see benchmark/clients/*.js) at
 * `o.partSize` and `o.queueSize` where the client takes them. The parent checks the bytes
 * (benchmark/transfer.js): the object after an upload, the file after a download.
 */
async function transfer(o, c) {
  const job = c.jobs && c.jobs[o.job];
  if (!job || job.skip) {
    process.stdout.write(JSON.stringify({ client: o.client, scenario: o.scenario, job: o.job, skipped: (job && job.skip) || 'no managed transfers' }) + '\n');
    process.exit(0);
  }
  // Warm-up (connection set-up, JIT): one small request of the same direction.
  if (o.job === 'upload') await c.put(`${o.key}.warm`, Buffer.alloc(1024));
  else await c.head(o.key);
  if (global.gc) global.gc();
  const body = o.job === 'upload' ? source(o.transferBytes) : null;
  const cpu0 = cpuNowUs();
  const t0 = process.hrtime.bigint();
  await job.run(o.key, body || o.file, o);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpuUs = cpuNowUs() - cpu0;
  const maxRssMiB = peakRssMiB();
  if (body && body.produced !== o.transferBytes) throw new Error(`the client read ${body.produced} of the source's ${o.transferBytes} bytes`);
  const mib = (n) => `${+(n / 1048576).toFixed(2)} MiB`;
  let how;
  if (job.parallel) how = `${mib(o.partSize)} x ${o.queueSize}`;
  else if (job.partSize) how = `${mib(o.partSize)} x 1 (fixed)`;
  else how = o.job === 'download' ? 'one GET' : 'one PUT';
  const out = {
    client: o.client,
    scenario: o.scenario,
    job: o.job,
    how,
    parallel: Boolean(job.parallel),
    queueSize: job.parallel ? o.queueSize : null,
    partSize: job.partSize ? o.partSize : null,
    ops: 1,
    bytes: o.transferBytes,
    wallMs,
    cpuUs,
    maxRssMiB,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

async function main() {
  const o = JSON.parse(process.argv[2]);
  const create = require(path.join(__dirname, 'clients', `${o.client}.js`));
  const c = await create(o);
  if (TRANSFER_SCENARIOS.includes(o.scenario)) return transfer(o, c);
  const small = Array.from({ length: o.n }, (_, i) => `seed-small/${i}`);
  const large = Array.from({ length: o.largeCount }, (_, i) => `seed-large/${i}`);
  const own = (p, n) => Array.from({ length: n }, (_, i) => `${o.prefix}/${p}/${i}`);

  let keys;
  let op;
  let concurrency = o.concurrency;
  let bytesPerOp = 0;
  let body = null;
  let warm = [];
  let warmOp = null;
  switch (o.scenario) {
    case 'put-small':
      body = crypto.randomBytes(o.size);
      keys = own('put', o.n);
      warm = own('warm', Math.min(200, o.n));
      op = warmOp = (k) => c.put(k, body);
      bytesPerOp = o.size;
      break;
    case 'get-small':
      keys = small;
      warm = small.slice(0, Math.min(200, o.n));
      op = warmOp = (k) => c.get(k);
      bytesPerOp = o.size;
      break;
    case 'head':
      keys = small.slice(0, o.headN);
      warm = small.slice(0, Math.min(100, o.headN));
      op = warmOp = (k) => c.head(k);
      break;
    case 'put-large':
      body = crypto.randomBytes(o.largeSize);
      keys = own('large', o.largeCount);
      warm = own('warm-large', 1);
      op = warmOp = (k) => c.put(k, body);
      concurrency = 1;
      bytesPerOp = o.largeSize;
      break;
    case 'get-large':
      keys = large;
      warm = large.slice(0, 1);
      op = warmOp = (k) => c.get(k);
      concurrency = 1;
      bytesPerOp = o.largeSize;
      break;
    case 'get-large-stream':
      keys = large;
      warm = large.slice(0, 1);
      op = warmOp = (k) => c.getStream(k);
      concurrency = 1;
      bytesPerOp = o.largeSize;
      break;
    case 'load':
      // Every call issued at once (no pool): the client's own connection limits decide.
      body = crypto.randomBytes(o.size);
      keys = own('load', o.loadN);
      warm = own('warm', Math.min(200, o.loadN));
      op = warmOp = (k) => c.put(k, body);
      bytesPerOp = o.size;
      break;
    default:
      throw new Error(`unknown scenario ${o.scenario}`);
  }
  // For the load scenario's socket count (benchmark/proc.js): what is open before any call.
  if (o.scenario === 'load') process.stdout.write(JSON.stringify({ baseline: socketLinks() || [] }) + '\n');
  if (c.prepare) {
    const methods = o.scenario.startsWith('put') ? ['PUT'] : o.scenario === 'head' ? ['HEAD'] : ['GET'];
    c.prepare([...warm, ...keys], methods, body ? body.length : undefined);
  }
  await pool(warm, concurrency, warmOp);
  if (global.gc) global.gc();

  if (o.scenario === 'load') return load(o, keys, op, bytesPerOp);

  const cpu0 = cpuNowUs();
  const t0 = process.hrtime.bigint();
  let checked = 0;
  await pool(keys, concurrency, async (k) => {
    const r = await op(k);
    if (typeof r === 'number' && r !== bytesPerOp) throw new Error(`${k}: got ${r} bytes, expected ${bytesPerOp}`);
    checked++;
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpuUs = cpuNowUs() - cpu0;
  const out = {
    client: o.client,
    scenario: o.scenario,
    ops: checked,
    bytes: checked * bytesPerOp,
    wallMs,
    cpuUs,
    maxRssMiB: peakRssMiB(),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String((err && err.stack) || err) }) + '\n');
  process.exit(1);
});
