'use strict';
// Load (issue 16, point 9): thousands of putObject calls issued at once from one process, under
// the common open-file limit of 1,024. Every call must succeed with its own bytes, the client must
// stay within its connection cap (default 64, or the v2 agent's maxSockets) and within 256 MiB
// of peak RSS. Never timed: the figures (sockets, memory) are read from /proc by this process
// while the child runs, so the sampling cannot slow or bloat the client it measures.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { spawn } = require('child_process');
const h = require('./helpers');
const { sampleSockets } = require('../benchmark/proc');
const { bodyFor, keyFor } = require('./load/child');

const CHILD = path.join(__dirname, 'load', 'child.js');
const FD_LIMIT = 1024;
const DEFAULT_CAP = 64;
const MAX_RSS_MIB = 256;
// moto is one Python process that closes the connection after each response (~200 PUT/s here):
// 10,000 calls would measure moto for a minute, so it gets 1,000; s3s-fs gets the full 10,000.
const N = h.server === 'moto' ? 1000 : 10000;
const N_SMALL_CAP = h.server === 'moto' ? 500 : 2000;
// Generous bounds so that the test can never hang; a healthy run takes seconds.
const CHILD_KILL_MS = 240000;
const TEST_TIMEOUT_MS = CHILD_KILL_MS + 60000;

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('load');
});

/**
 * Runs __test__/load/child.js under `ulimit -n 1024` while sampling its open sockets; resolves with
 * { summary, peakSockets, code, signal, stderr }. The child is killed after CHILD_KILL_MS.
 */
function runLoad(spec) {
  return new Promise((resolve) => {
    // "$0" "$@": node and its arguments pass through bash unquoted-safe.
    const p = spawn('bash', ['-c', `ulimit -n ${FD_LIMIT} && exec "$0" "$@"`, process.execPath, CHILD, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const sampler = sampleSockets(p.pid);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, CHILD_KILL_MS);
    let out = '';
    let stderr = '';
    let based = false;
    p.stdout.on('data', (d) => {
      out += d;
      const m = !based && /^\{"baseline":.*\}\n/m.exec(out);
      if (m) {
        based = true;
        sampler.setBaseline(JSON.parse(m[0]).baseline);
      }
    });
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code, signal) => {
      clearTimeout(killer);
      const { peak } = sampler.stop();
      let summary = null;
      try {
        summary = JSON.parse(out.trim().split('\n').pop());
      } catch {
        // reported below through `out`
      }
      resolve({ summary, peakSockets: peak, code, signal, timedOut, out: out.slice(-2000), stderr: stderr.slice(-2000) });
    });
  });
}

/** Reads a few of the objects back with @aws-sdk/client-s3 and compares their bytes. */
async function spotCheck(prefix, n) {
  const picks = new Set([0, 1, Math.floor(n / 2), n - 2, n - 1]);
  while (picks.size < 8) picks.add(Math.floor(Math.random() * n));
  for (const i of picks) {
    const { body } = await h.readBack(Bucket, keyFor(prefix, i));
    assert.ok(body.equals(bodyFor(prefix, i)), `object ${i}: read back ${body.length} bytes that differ from what was put`);
  }
}

async function check(t, { n, options, maxSockets }) {
  const prefix = `load-${h.rand(4)}`;
  const r = await runLoad({ Bucket, prefix, n, options });
  const report = JSON.stringify({ server: h.server, peakSockets: r.peakSockets, ...r.summary, code: r.code, signal: r.signal });
  t.diagnostic(report);
  assert.equal(r.timedOut, false, `the child did not finish within ${CHILD_KILL_MS} ms: ${report}`);
  assert.equal(r.code, 0, `child exited with ${r.code} ${r.signal || ''}: ${r.out} ${r.stderr}`);
  assert.ok(r.summary && !r.summary.error, `child failed: ${r.out} ${r.stderr}`);
  const s = r.summary;
  assert.equal(s.openFileLimit, FD_LIMIT, 'the child runs under ulimit -n 1024');
  assert.equal(s.uncoded, 0, `every rejection is a coded S3Error: ${report}`);
  assert.deepEqual({ ok: s.ok, failed: s.failed, codes: s.codes }, { ok: n, failed: 0, codes: {} }, `all ${n} calls succeed: ${report}`);
  await spotCheck(prefix, n);
  assert.ok(r.peakSockets > 0, `the sampler saw the child's sockets: ${report}`);
  assert.ok(r.peakSockets <= maxSockets, `peak sockets ${r.peakSockets} <= ${maxSockets}: ${report}`);
  assert.ok(s.peakRssMiB <= MAX_RSS_MIB, `peak RSS ${s.peakRssMiB.toFixed(0)} MiB <= ${MAX_RSS_MIB} MiB: ${report}`);
}

test(
  `${N} concurrent 1 KiB putObject calls under ulimit -n ${FD_LIMIT}: all ok, <= ${DEFAULT_CAP} sockets (the default cap), <= ${MAX_RSS_MIB} MiB` +
    (h.server === 'moto' ? ' (1,000 on moto: one Python process, a connection per request)' : ''),
  { timeout: TEST_TIMEOUT_MS },
  async (t) => {
    await check(t, { n: N, options: {}, maxSockets: DEFAULT_CAP });
  },
);

test(
  `httpOptions.agent.maxSockets 8 (v2): ${N_SMALL_CAP} concurrent calls use <= 8 sockets, all ok`,
  { timeout: TEST_TIMEOUT_MS },
  async (t) => {
    await check(t, { n: N_SMALL_CAP, options: { httpOptions: { agent: { maxSockets: 8 } } }, maxSockets: 8 });
  },
);
