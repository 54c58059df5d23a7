'use strict';
// s3-native's v3 face (`require('s3-native/v3')`), driven call for call as
// benchmark/clients/aws-sdk-v3.js drives @aws-sdk/client-s3, with the checksum settings of the
// s3-native row (CRC32 on uploads): its CPU per call is compared with the v2 face's in one run.
const { drive, serverOptions } = require('./aws-sdk-v3');

module.exports = async function create(o) {
  const m = require('../../v3');
  const s3 = new m.S3Client({ ...serverOptions(o), requestChecksumCalculation: 'WHEN_SUPPORTED' });
  return drive(m, require('../../v3/lib-storage').Upload, s3, o.bucket);
};
