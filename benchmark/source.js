'use strict';
// The bytes of the managed-transfer scenarios (upload-stream, download-file, transfer-shaped):
// one deterministic stream, generated on the fly and never held whole in memory, the same for
// every client (under node and under bun) and for the parent's checks.
//
// Byte i of a transfer is PATTERN[i % PATTERN.length]: PATTERN is 1 MiB + 13 bytes from a fixed
// xorshift32 seed, so no part size (a whole number of KiB) is a multiple of its period and a part
// written at the wrong offset or twice changes the CRC32.

const zlib = require('zlib');
const { Readable } = require('stream');

const CHUNK = 64 * 1024;
const PATTERN = (() => {
  const b = Buffer.allocUnsafe((1 << 20) + 13);
  let x = 0x9e3779b9;
  for (let i = 0; i < b.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
})();

/** Fills `buf` with the transfer's bytes from offset `pos` on. */
function fill(buf, pos) {
  let off = 0;
  let at = pos % PATTERN.length;
  while (off < buf.length) {
    const n = PATTERN.copy(buf, off, at, Math.min(PATTERN.length, at + buf.length - off));
    off += n;
    at = 0;
  }
  return buf;
}

/**
 * A Readable of `total` bytes of unknown length (no `length`, not a file): 64 KiB chunks, each a
 * new Buffer (as a socket or a file stream hands out, so a client may keep a chunk it was given).
 * `produced` counts the bytes handed out.
 */
function source(total) {
  let pos = 0;
  const r = new Readable({
    highWaterMark: CHUNK,
    read() {
      const n = Math.min(CHUNK, total - pos);
      if (n <= 0) {
        this.push(null);
        return;
      }
      const buf = fill(Buffer.allocUnsafe(n), pos);
      pos += n;
      r.produced = pos;
      this.push(buf);
    },
  });
  r.produced = 0;
  return r;
}

/** CRC32 of a byte source, chunk by chunk (zlib.crc32: node >= 20.15 and bun). */
function crcUpdate(crc, chunk) {
  return zlib.crc32(chunk, crc);
}

/** The { bytes, crc32 } the transfer of `total` bytes must produce. */
function expected(total) {
  const buf = Buffer.allocUnsafe(1 << 20);
  let crc = 0;
  for (let pos = 0; pos < total; pos += buf.length) {
    const n = Math.min(buf.length, total - pos);
    crc = crcUpdate(crc, fill(buf.subarray(0, n), pos));
  }
  return { bytes: total, crc32: crc >>> 0 };
}

module.exports = { source, fill, expected, crcUpdate, CHUNK };
