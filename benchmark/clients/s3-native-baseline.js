'use strict';
// `npm run bench -- --baseline <dir>`: the same client over another checkout of s3-native (with
// its own built addon), to compare two versions in one run against the same server.
const dir = process.env.S3_NATIVE_BASELINE;
if (!dir) throw new Error('S3_NATIVE_BASELINE is not set (use --baseline <dir>)');
module.exports = require('./s3-native').factory(require(dir).S3);
