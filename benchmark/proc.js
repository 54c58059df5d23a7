'use strict';
// Sockets and memory of another process, read from /proc (Linux). Used by the `load` scenario
// (benchmark/run.js) and by __test__/load.test.js: the parent samples its child, so the
// sampling never blocks the measured process's own event loop or adds to its CPU time.

const fs = require('fs');
const { performance } = require('perf_hooks');

/** The `socket:[inode]` links of a process's open fds (one per fd), or null once it is gone. */
function socketLinks(pid = 'self') {
  const dir = `/proc/${pid}/fd`;
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const out = [];
  for (const name of names) {
    try {
      const link = fs.readlinkSync(`${dir}/${name}`);
      if (link.startsWith('socket:')) out.push(link);
    } catch {
      // closed between readdir and readlink
    }
  }
  return out;
}

/**
 * Samples a child's open socket fds every `intervalMs` (15) until `stop()`, which returns
 * `{ peak, samples }`: the most socket fds the child had open at once, not counting its baseline.
 * The baseline is the sockets present at the first sample (the child's stdio, which libuv makes
 * from socket pairs) until the child reports its own with `setBaseline(links)`, which it does after
 * loading its client and before its first call: s3-native's runtime holds a Unix socket pair
 * (Tokio's signal driver) from load time, which is not a connection. Sampling before that report
 * is discarded. Counting reads every fd link (~4 µs per fd, ~40 ms with 10,000 sockets open), so
 * the next sample waits at least 5x as long as the last took: the sampler never takes more than a
 * sixth of a core, and with few sockets open it samples every 15 ms.
 */
function sampleSockets(pid, { intervalMs = 15 } = {}) {
  let baseline = null;
  let peak = 0;
  let samples = 0;
  let timer = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const t0 = performance.now();
    const links = socketLinks(pid);
    if (links) {
      if (baseline === null) baseline = new Set(links);
      let n = 0;
      for (const l of links) if (!baseline.has(l)) n++;
      if (n > peak) peak = n;
      samples++;
    }
    const took = performance.now() - t0;
    timer = setTimeout(tick, Math.max(intervalMs, 5 * took));
  };
  tick();
  return {
    /** The child's own list of socket links before its first call; restarts the count. */
    setBaseline(links) {
      baseline = new Set(links);
      peak = 0;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      return { peak, samples };
    },
  };
}

/** Peak RSS (VmHWM) of a process in MiB, null if it cannot be read. */
function peakRssMiB(pid = 'self') {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The soft open-file limit (`ulimit -n`) of a process, or null. */
function openFileLimit(pid = 'self') {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return m ? (m[1] === 'unlimited' ? Infinity : Number(m[1])) : null;
  } catch {
    return null;
  }
}

/** Latency percentile (nearest rank) of an ascending array, ms. */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

module.exports = { socketLinks, sampleSockets, peakRssMiB, openFileLimit, percentile };
