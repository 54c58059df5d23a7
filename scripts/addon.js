'use strict';
// Whether the built addon can be reused: `npm run demo` and `npm test` build only when it is
// missing or older than a file the build reads. `napi build` recompiles the crate on every run
// (about 2 minutes with fat LTO), so without this a fresh clone built twice.

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const INPUTS = ['src', 'Cargo.toml', 'Cargo.lock', 'build.rs', 'package.json'];

/** Newest mtime (ms) of the files a build reads. */
function newestSource() {
  let newest = 0;
  const visit = (file) => {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const name of INPUTS) visit(path.join(ROOT, name));
  return newest;
}

/** True when a `*.node` exists and every one is newer than every build input. */
function addonIsFresh() {
  const addons = fs.readdirSync(ROOT).filter((name) => name.endsWith('.node'));
  if (addons.length === 0) return false;
  const built = Math.min(...addons.map((name) => fs.statSync(path.join(ROOT, name)).mtimeMs));
  return built > newestSource();
}

module.exports = { addonIsFresh, newestSource };
