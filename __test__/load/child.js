'use strict';
// Child process of __test__/load.test.js (run under `ulimit -n 1024`): issues every putObject call
// at once with one s3-native client and waits for all of them. Prints two JSON lines: first
// { baseline } (its socket fds before any call, which the parent's sampler does not count), last
// { n, ok, failed, codes, uncoded, messages, wallMs, peakRssMiB, openFileLimit }.
// Only s3-native is loaded here, so the peak RSS is the client's and Node's alone.
//
//   node child.js '{"Bucket":"b","prefix":"p","n":10000,"options":{...}}'
// The server comes from the S3_TEST_* variables that scripts/test.js sets.

const crypto = require('crypto');
const fs = require('fs');

/** The 1 KiB body of object `i`: distinct per key, so a read-back proves each key got its own bytes. */
function bodyFor(prefix, i) {
  const block = crypto.createHash('sha256').update(`${prefix}/${i}`).digest();
  return Buffer.concat(Array.from({ length: 32 }, () => block));
}

function keyFor(prefix, i) {
  return `${prefix}/${i}`;
}

/** Peak RSS (VmHWM) in MiB, read through a descriptor of /proc/self/status opened beforehand. */
function peakRssMiB(statusFd) {
  const buf = Buffer.alloc(8192);
  const text = buf.toString('latin1', 0, fs.readSync(statusFd, buf, 0, buf.length, 0));
  const m = /^VmHWM:\s+(\d+) kB/m.exec(text);
  return m ? Number(m[1]) / 1024 : null;
}

function socketLinks() {
  const out = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const link = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (link.startsWith('socket:')) out.push(link);
    } catch {
      // the fd of the directory listing itself
    }
  }
  return out;
}

function openFileLimit() {
  const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : null;
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const limit = openFileLimit();
  // Opened before the calls: once sockets take every descriptor, opening a file fails (EMFILE).
  const statusFd = fs.openSync('/proc/self/status', 'r');
  const { S3, S3Error } = require('../..');
  const env = process.env;
  const s3 = new S3({
    region: env.S3_TEST_REGION || 'us-east-1',
    endpoint: env.S3_TEST_ENDPOINT,
    credentials: { accessKeyId: env.S3_TEST_ACCESS_KEY_ID, secretAccessKey: env.S3_TEST_SECRET_ACCESS_KEY },
    forcePathStyle: true,
    ...spec.options,
  });
  // The sockets open before the first call (stdio, the addon's runtime): the parent does not count them.
  process.stdout.write(JSON.stringify({ baseline: socketLinks() }) + '\n');
  const bodies = Array.from({ length: spec.n }, (_, i) => bodyFor(spec.prefix, i));
  const codes = {};
  const messages = [];
  let ok = 0;
  let failed = 0;
  let uncoded = 0;
  const t0 = Date.now();
  // All issued in one synchronous loop; the client alone decides how many go out at a time.
  const calls = bodies.map((Body, i) =>
    s3
      .putObject({ Bucket: spec.Bucket, Key: keyFor(spec.prefix, i), Body })
      .promise()
      .then(
        () => {
          ok++;
        },
        (err) => {
          failed++;
          if (!(err instanceof S3Error) || typeof err.code !== 'string') uncoded++;
          const code = String((err && err.code) || (err && err.name) || 'Error');
          codes[code] = (codes[code] || 0) + 1;
          const msg = `${code}: ${err && err.message}`.slice(0, 300);
          if (messages.length < 5 && !messages.includes(msg)) messages.push(msg);
        },
      ),
  );
  await Promise.all(calls);
  const out = {
    n: spec.n,
    ok,
    failed,
    codes,
    uncoded,
    messages,
    wallMs: Date.now() - t0,
    peakRssMiB: peakRssMiB(statusFd),
    openFileLimit: limit,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

module.exports = { bodyFor, keyFor };

if (require.main === module) {
  main().catch((err) => {
    process.stdout.write(JSON.stringify({ error: String((err && err.stack) || err) }) + '\n');
    process.exitCode = 1;
  });
}
