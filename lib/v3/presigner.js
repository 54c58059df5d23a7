'use strict';
// `s3-native/v3/s3-request-presigner`: @aws-sdk/s3-request-presigner's `getSignedUrl(client,
// command, options)` for any command of the v3 face, signed by the v2 face's presigner
// (lib/presign.js: the operation's real request from the SDK for Rust, SigV4 query signing).
// Options: `expiresIn` (seconds, default 900, at most a week) and `signingDate` (a Date, or
// anything `new Date()` takes). The URL is shaped as v3's (the `x-amz-*` inputs in the query and
// signed there only, SSE headers and other headers signed as headers, Content-Type and
// Cache-Control left out, `x-id` and `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` kept). Deliberate
// differences:
// - no checksum parameters of an empty body (v3 with its default checksums bakes
//   `x-amz-checksum-crc32=AAAAAA==` and `x-amz-sdk-checksum-algorithm` into a PutObject URL and
//   `x-amz-checksum-mode=ENABLED` into a GetObject one; some servers refuse the former);
// - `signableHeaders` is refused when not empty (a URL that silently signed less than asked would
//   be weaker); `unsignableHeaders`, `hoistableHeaders`, `unhoistableHeaders`, `signingRegion`
//   and `signingService` are ignored.

const WEEK = 604800;

const presignError = (message) => new Error(message);

/** The signing time (ms) of `signingDate`, or undefined for "now". */
function signingTime(signingDate) {
  if (signingDate === undefined || signingDate === null) return undefined;
  const t = new Date(signingDate).getTime();
  if (!Number.isFinite(t)) throw presignError(`signingDate is not a valid date: ${String(signingDate)}`);
  return t;
}

/**
 * `await getSignedUrl(client, command, { expiresIn = 900, signingDate })`: a presigned URL of
 * the command (any operation), as a string.
 */
async function getSignedUrl(client, command, options = {}) {
  const { toV3Error, known } = require('./errors');
  if (!client || typeof client._s3 !== 'function') {
    throw new TypeError('getSignedUrl requires a client of s3-native/v3 (S3Client or S3)');
  }
  const operation = command && command.constructor && command.constructor.operation;
  if (typeof operation !== 'string') throw new TypeError('getSignedUrl requires a command of s3-native/v3 (e.g. new GetObjectCommand(input))');
  const opts = options || {};
  if (opts.signableHeaders && opts.signableHeaders.size > 0) {
    throw presignError(`signableHeaders is not supported: s3-native signs the host and the headers the input produces (asked: ${[...opts.signableHeaders].join(', ')})`);
  }
  const expiresIn = opts.expiresIn === undefined ? 900 : opts.expiresIn;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 1) {
    throw presignError(`expiresIn must be a number of seconds from 1 to ${WEEK}, received ${String(expiresIn)}`);
  }
  if (expiresIn > WEEK) {
    throw presignError('Signature version 4 presigned URLs must have an expiration date less than one week in the future');
  }
  const time = signingTime(opts.signingDate);
  const s3 = await client._s3();
  const method = operation[0].toLowerCase() + operation.slice(1);
  try {
    // v3 signs only its model's members and ignores the rest, as the v3 face sends them.
    const input = known(require('../operations').OPERATIONS[method].shape, command.input || {});
    return await require('../presign').signedUrlV3(s3, method, input, { expires: Math.floor(expiresIn), timeMs: time });
  } catch (err) {
    throw toV3Error(err);
  }
}

module.exports = { getSignedUrl };
