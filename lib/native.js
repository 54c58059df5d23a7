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

/**
 * The addon file next to the package that the generated loader (binding.js) would try first on
 * this machine, or null where that takes more than a cheap check (another platform, an override
 * in the environment, no /usr/bin/ldd to tell musl from glibc by): binding.js decides there.
 * Loading this file directly skips the loader's own cost (compiling it, its platform checks);
 * the addon is the same module either way (one entry in require.cache).
 */
function localAddon() {
  const env = process.env;
  if (env.NAPI_RS_NATIVE_LIBRARY_PATH || env.NAPI_RS_FORCE_WASI || env.NAPI_RS_WASI_FLAVOR) return null;
  const { platform, arch } = process;
  let tag = null;
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64')) {
    let ldd;
    try {
      ldd = require('fs').readFileSync('/usr/bin/ldd', 'utf-8'); // binding.js's first musl test
    } catch {
      return null;
    }
    tag = `linux-${arch}-${ldd.includes('musl') ? 'musl' : 'gnu'}`;
  } else if (platform === 'win32' && arch === 'x64') {
    const v = (process.config && process.config.variables) || {};
    if (v.shlib_suffix === 'dll.a' || v.node_target_type === 'shared_library') return null; // the -gnu build
    tag = 'win32-x64-msvc';
  } else if (platform === 'darwin') {
    tag = 'darwin-universal';
  }
  return tag && path.join(__dirname, '..', `s3-native.${tag}.node`);
}

function load() {
  const local = localAddon();
  if (local) {
    try {
      return require(local);
    } catch {} // missing or unloadable: binding.js tries it again and reports every cause
  }
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
