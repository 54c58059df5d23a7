'use strict';
// `npm run bench` works: one tiny run with every client against its own server. Speed is never
// asserted here; this only proves the benchmark runs and reports every client.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');
const h = require('./helpers');

test('npm run bench -- --quick reports every client and scenario', async (t) => {
  if (h.server !== 's3s') return t.skip('the benchmark starts its own s3s-fs; run once per test run');
  const json = path.join(os.tmpdir(), `s3n-bench-${h.rand()}.json`);
  const root = path.join(__dirname, '..');
  const r = await new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'benchmark', 'run.js'), '--quick', '--json', json], { cwd: root, timeout: 240000, maxBuffer: 1 << 24 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, stdout, stderr }),
    );
  });
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  const raw = JSON.parse(fs.readFileSync(json, 'utf8'));
  fs.rmSync(json, { force: true });
  assert.equal(raw.cores, os.cpus().length);
  const clients = ['s3-native', 's3-native-v3', 'aws-sdk-v3', 'aws-sdk-v2', 'opendal', 'minio', 'bun', 'floor'];
  for (const scenario of ['put-small', 'get-small', 'head', 'put-large', 'get-large', 'get-large-stream']) {
    for (const client of clients) {
      const row = raw.results.find((x) => x.client === client && x.scenario === scenario);
      assert.ok(row, `${client} ${scenario}`);
      assert.equal(row.error, undefined, `${client} ${scenario}: ${row.error}`);
      assert.ok(row.ops > 0 && row.wallMs > 0, `${client} ${scenario}`);
    }
    assert.match(r.stdout, new RegExp(`^${scenario}$`, 'm'));
  }
  // The load scenario: every call issued at once, for s3-native and both AWS SDKs.
  for (const client of ['s3-native', 'aws-sdk-v3', 'aws-sdk-v2']) {
    const row = raw.results.find((x) => x.client === client && x.scenario === 'load');
    assert.ok(row, `${client} load`);
    assert.equal(row.error, undefined, `${client} load: ${row.error}`);
    assert.ok(row.ops > 0 && row.peakSockets > 0 && row.maxRssMiB > 0, `${client} load: ${JSON.stringify(row)}`);
  }
  // The managed transfers: a row per client and job (the floor skips them, with its reason), and
  // every transfer that ran had its bytes checked by the parent.
  for (const scenario of ['upload-stream', 'download-file', 'transfer-shaped']) {
    for (const client of clients) {
      const rows = raw.results.filter((x) => x.client === client && x.scenario === scenario);
      assert.ok(rows.length > 0, `${client} ${scenario}`);
      for (const row of rows) {
        if (row.skipped) {
          assert.equal(client, 'floor', `${client} ${scenario} ${row.job} skipped: ${row.skipped}`);
          continue;
        }
        assert.equal(row.error, undefined, `${client} ${scenario} ${row.job}: ${row.error}`);
        assert.equal(row.verified, true, `${client} ${scenario} ${row.job}`);
        assert.ok(row.bytes > 0 && row.wallMs > 0 && row.maxRssMiB > 0, `${client} ${scenario}: ${JSON.stringify(row)}`);
      }
    }
    assert.match(r.stdout, new RegExp(`^${scenario} \\(`, 'm'));
  }
  // Through the shaping proxy, s3-native has a row per job and queue size, with parts in flight at once.
  for (const job of ['upload', 'download']) {
    for (const q of raw.options.queueSizes) {
      const row = raw.results.find((x) => x.client === 's3-native' && x.scenario === 'transfer-shaped' && x.job === job && x.queueSize === q);
      assert.ok(row, `s3-native transfer-shaped ${job} queueSize ${q}`);
      if (q > 1) assert.ok(row.peakInFlight > 1, `s3-native transfer-shaped ${job} queueSize ${q}: ${JSON.stringify(row)}`);
    }
  }
  const load = raw.results.find((x) => x.client === 's3-native' && x.scenario === 'load');
  assert.equal(load.failed, 0, JSON.stringify(load.codes));
  assert.ok(load.peakSockets <= 64, `s3-native load used ${load.peakSockets} sockets`);
  assert.match(r.stdout, /^load \(/m);
  assert.match(r.stdout, /machine: \d+ cores/);
  assert.match(r.stdout, /CPU\/op vs s3-native/);
});
