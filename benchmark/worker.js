'use strict';
// Runs one client through one scenario in its own process and prints one JSON line, so that the
// CPU time and peak RSS are that client's alone. Runs under node, or under bun for Bun's client.

const crypto = require('crypto');
const path = require('path');

const fs = require('fs');

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

async function main() {
  const o = JSON.parse(process.argv[2]);
  const create = require(path.join(__dirname, 'clients', `${o.client}.js`));
  const c = await create(o);
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
    default:
      throw new Error(`unknown scenario ${o.scenario}`);
  }
  if (c.prepare) {
    const methods = o.scenario.startsWith('put') ? ['PUT'] : o.scenario === 'head' ? ['HEAD'] : ['GET'];
    c.prepare([...warm, ...keys], methods, body ? body.length : undefined);
  }
  await pool(warm, concurrency, warmOp);
  if (global.gc) global.gc();

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
