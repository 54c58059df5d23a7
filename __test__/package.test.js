'use strict';
// The package as users get it: `npm pack` of the main package and of this platform's package
// (npm/linux-x64-gnu with the built addon, as `napi artifacts` arranges it before publishing),
// installed from the tarballs into an empty project with no Rust on the PATH, then used from
// CommonJS and ESM against the test server.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const h = require('./helpers');

const ROOT = path.join(__dirname, '..');
const TAG = 'linux-x64-gnu';

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('pkg');
});

/** `npm pack` in `dir` into `dest`; returns the tarball's path. */
function pack(dir, dest) {
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
  const name = out.trim().split('\n').pop();
  return path.join(dest, name);
}

test('npm pack: the tarballs install without Rust and upload from CommonJS and ESM', { timeout: 120000 }, async (t) => {
  if (h.server !== 's3s') return t.skip('packs and installs once per test run');
  if (`${process.platform}-${process.arch}` !== 'linux-x64') return t.skip('this machine builds linux-x64-gnu only');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 's3n-pack-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const main = pack(ROOT, tmp);
  const platformDir = path.join(tmp, TAG);
  fs.cpSync(path.join(ROOT, 'npm', TAG), platformDir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, `s3-native.${TAG}.node`), path.join(platformDir, `s3-native.${TAG}.node`));
  const platform = pack(platformDir, tmp);

  const project = path.join(tmp, 'consumer');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  // No registry: both tarballs are local and the package has no dependencies.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', main, platform], { cwd: project });

  const installed = path.join(project, 'node_modules');
  const mainFiles = fs.readdirSync(path.join(installed, 's3-native'));
  assert.ok(mainFiles.includes('LICENSE'), mainFiles.join(' '));
  assert.ok(!mainFiles.some((f) => f.endsWith('.node')), 'the main package carries no binary');
  assert.ok(fs.existsSync(path.join(installed, `s3-native-${TAG}`, `s3-native.${TAG}.node`)));

  // No Rust: nothing may try to build.
  const PATH = process.env.PATH.split(path.delimiter).filter((d) => !/cargo|rustup/.test(d)).join(path.delimiter);
  const env = { ...process.env, PATH };
  const config = JSON.stringify(h.config());
  const cjs = `const { S3 } = require('s3-native');
    new S3(${config}).putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'from-cjs', Body: 'cjs' }).promise()
      .then((d) => console.log(d.ETag), (e) => { console.error(e); process.exitCode = 1; });`;
  const esm = `import s3native, { S3 } from 's3-native';
    if (s3native.S3 !== S3) throw new Error('default and named exports differ');
    const d = await new S3(${config}).putObject({ Bucket: ${JSON.stringify(Bucket)}, Key: 'from-esm', Body: 'esm' }).promise();
    console.log(d.ETag);`;
  fs.writeFileSync(path.join(project, 'cjs.js'), cjs);
  fs.writeFileSync(path.join(project, 'esm.mjs'), esm);
  for (const [file, Key, body] of [['cjs.js', 'from-cjs', 'cjs'], ['esm.mjs', 'from-esm', 'esm']]) {
    const out = execFileSync(process.execPath, [file], { cwd: project, env, encoding: 'utf8' }).trim();
    assert.equal(out, `"${h.md5(Buffer.from(body))}"`, file);
    assert.equal((await h.readBack(Bucket, Key)).body.toString(), body);
  }
});
