'use strict';
// The release workflow (.github/workflows/release.yml) cannot run here; this checks that it parses
// and stays in step with package.json: one build per napi target, one npm/<platform> package per
// target, and the publish job after every build.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml'); // @napi-rs/cli's dependency, pinned by the lock file
const h = require('./helpers');

const ROOT = path.join(__dirname, '..');

test('the release workflow builds every napi target and publishes after all of them', (t) => {
  if (h.server !== 's3s') return t.skip('static check: once per test run');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const wf = yaml.load(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8'));
  const targets = wf.jobs.build.strategy.matrix.include.map((m) => m.target);
  assert.deepEqual([...targets].sort(), [...pkg.napi.targets].sort());
  for (const m of wf.jobs.build.strategy.matrix.include) {
    assert.ok(m.host && m.build.includes(`--target ${m.target}`), JSON.stringify(m));
  }
  assert.equal(wf.jobs.publish.needs, 'build');
  assert.equal(pkg.scripts.prepublishOnly, 'napi pre-publish -t npm');
  // `napi create-npm-dirs` made one package per target; each names its binary.
  const dirs = fs.readdirSync(path.join(ROOT, 'npm')).sort();
  assert.equal(dirs.length, pkg.napi.targets.length);
  for (const dir of dirs) {
    const p = JSON.parse(fs.readFileSync(path.join(ROOT, 'npm', dir, 'package.json'), 'utf8'));
    assert.equal(p.name, `s3-native-${dir}`);
    assert.equal(p.version, pkg.version);
    assert.deepEqual(p.files, [`s3-native.${dir}.node`]);
  }
});
