'use strict';
// index.d.ts type-checks the calling styles a TypeScript user writes (v2 and v3 forms).

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { execFileSync } = require('child_process');
const h = require('./helpers');

test('index.d.ts compiles against typical usage (tsc --strict)', (t) => {
  if (h.server !== 's3s') return t.skip('static check: once per test run');
  const tsc = require.resolve('typescript/bin/tsc');
  const file = path.join(__dirname, 'types', 'usage.ts');
  let out = '';
  try {
    out = execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', file], { encoding: 'utf8' });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  assert.equal(out.trim(), '');
});
