'use strict';
// Native abort handles, reused once their call is over: constructing a native object for every
// call (and finalizing it after GC) was ~2 % of a small request's client CPU (issue 14). A
// handle goes back only if it was not aborted and no native call holds it any more (a streamed
// body keeps its own), so a reused handle can never cancel someone else's call.

const { NativeAbort } = require('./native');

const MAX = 128;
const pool = [];

/** A fresh (or reusable) handle for one call. */
function takeAbort() {
  return pool.length > 0 ? pool.pop() : new NativeAbort();
}

/** Returns `abort` for reuse, once the call it was given to has settled. */
function giveAbort(abort) {
  if (abort && pool.length < MAX && abort.reusable() && !pool.includes(abort)) pool.push(abort);
}

module.exports = { takeAbort, giveAbort };
