'use strict';
// s3-native: a Node.js S3 client backed by the official AWS SDK for Rust.
//
//   const { putObject } = require('s3-native');
//   await putObject({ Bucket: 'bucket', Key: 'hello.txt', Body: 'Hello!' });
//
//   const AWS = require('s3-native');              // drop-in for aws-sdk v2's AWS.S3
//   const s3 = new AWS.S3({ apiVersion: '2006-03-01' });

const { S3, globalConfig, OPERATIONS } = require('./lib/client');
const { S3Error, asS3Error } = require('./lib/errors');
const { Config } = require('./lib/config');

let defaultClient = null;

/** The client the module-level functions use, built once from the AWS environment. */
function defaultS3() {
  if (!defaultClient) defaultClient = new S3();
  return defaultClient;
}

const api = { S3, S3Error, Config, config: globalConfig };

// Module-level operations return a real Promise and use the default client. They never throw:
// a bad config (ConfigError) or bad arguments reject the promise.
for (const name of Object.keys(OPERATIONS)) {
  api[name] = function operation(params, options) {
    try {
      return defaultS3()[name](params, options).promise();
    } catch (err) {
      return Promise.reject(asS3Error(err));
    }
  };
}

module.exports = api;
