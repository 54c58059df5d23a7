'use strict';
// index.d.ts and the generated lib/generated/types.d.ts type-check the calling styles a
// TypeScript user writes (v2 and v3 forms), CommonJS and ESM, under --strict.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const h = require('./helpers');

const ROOT = path.join(__dirname, '..');
const TYPES = path.join(__dirname, 'types');

/**
 * Compiles `files` and returns the diagnostics of the package's own files: the test files and
 * the declaration files they load (index.d.ts, lib/generated/types.d.ts), which --skipLibCheck
 * would not check. Files under node_modules are not reported.
 */
function diagnostics(ts, files, options) {
  const program = ts.createProgram(files, { noEmit: true, strict: true, types: ['node'], ...options });
  const ours = program.getSourceFiles().filter((f) => !f.fileName.includes('/node_modules/'));
  const list = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const f of ours) list.push(...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f));
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
  return { text: ts.formatDiagnostics(list, host), files: ours.map((f) => path.relative(ROOT, f.fileName)) };
}

test('index.d.ts compiles against typical usage (tsc --strict)', (t) => {
  if (h.server !== 's3s') return t.skip('static check: once per test run');
  const ts = require('typescript');
  const { text, files } = diagnostics(ts, [path.join(TYPES, 'usage.ts'), path.join(TYPES, 'operations.ts')], {});
  assert.equal(text, '');
  // The declaration files were checked too, not only the usage.
  assert.ok(files.includes('index.d.ts') && files.includes(path.join('lib', 'generated', 'types.d.ts')), files.join(' '));
});

test('ESM users get the same types through package.json "exports" (module nodenext)', (t) => {
  if (h.server !== 's3s') return t.skip('static check: once per test run');
  const ts = require('typescript');
  const options = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
  const { text, files } = diagnostics(ts, [path.join(TYPES, 'esm.mts')], options);
  assert.equal(text, '');
  assert.ok(files.includes('index.d.ts'), files.join(' '));
});

test('the generated types declare exactly the operations the client has', (t) => {
  if (h.server !== 's3s') return t.skip('static check: once per test run');
  const ts = require('typescript');
  const file = path.join(ROOT, 'lib', 'generated', 'types.d.ts');
  const src = ts.createSourceFile(file, require('fs').readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const methods = new Set();
  const functions = new Set();
  for (const node of src.statements) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'S3Operations') {
      for (const m of node.members) methods.add(m.name.text);
    } else if (ts.isFunctionDeclaration(node)) functions.add(node.name.text);
  }
  const { OPERATIONS } = require('../lib/operations');
  const names = Object.keys(OPERATIONS).sort();
  assert.ok(names.length > 100, `${names.length} operations`);
  assert.deepEqual([...methods].sort(), names);
  assert.deepEqual([...functions].sort(), names);
  // Every module-level function index.js exports is declared.
  const api = require('..');
  assert.deepEqual(names.filter((n) => typeof api[n] !== 'function'), []);
});
