'use strict';
// The native addon, loaded once for the whole JS layer. When no binary fits this machine the
// generated loader's error suggests an npm bug; this one names the platform, what was looked for
// and the fix, and keeps the loader's error (with the real cause, e.g. a missing GLIBC version) as
// `cause`.

const path = require('path');

/** The napi-rs platform tag of this process, e.g. `linux-x64-gnu`. */
function platformTag() {
  let tag = `${process.platform}-${process.arch}`;
  if (process.platform === 'linux') {
    let glibc = null;
    try {
      glibc = process.report.getReport().header.glibcVersionRuntime;
    } catch {} // no report support: assume glibc, the common case
    tag += glibc === undefined ? '-musl' : '-gnu';
  } else if (process.platform === 'win32') {
    tag += '-msvc';
  }
  return tag;
}

/** The innermost messages of an error's cause chain (the loader nests one error per attempt). */
function causes(err) {
  const out = [];
  const seen = new Set();
  const visit = (e, depth) => {
    if (!e || seen.has(e) || depth > 8) return;
    seen.add(e);
    if (Array.isArray(e.errors)) for (const x of e.errors) visit(x, depth + 1);
    if (e.cause) visit(e.cause, depth + 1);
    else if (e.message) out.push(String(e.message).split('\n')[0]);
  };
  visit(err, 0);
  return out;
}

function load() {
  try {
    return require('../binding');
  } catch (err) {
    const tag = platformTag();
    const file = path.join(__dirname, '..', `s3-native.${tag}.node`);
    const why = causes(err);
    const e = new Error(
      `s3-native: no native addon could be loaded for ${tag} (Node ${process.version}). ` +
        `Looked for ${file} and the package s3-native-${tag}. ` +
        'Fix: in a clone of the repository run `npm run build` (needs Rust), or install s3-native on a platform ' +
        'it ships a binary for. ' +
        (why.length ? `Cause: ${why.join('; ')}` : ''),
    );
    e.code = 'NativeAddonNotFound';
    e.cause = err;
    throw e;
  }
}

module.exports = load();
