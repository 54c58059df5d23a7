'use strict';
// s3-native: a Node.js S3 client backed by the official AWS SDK for Rust.
//
//   const { putObject } = require('s3-native');
//   await putObject({ Bucket: 'bucket', Key: 'hello.txt', Body: 'Hello!' });
//
//   const AWS = require('s3-native');              // drop-in for aws-sdk v2's AWS.S3
//   const s3 = new AWS.S3({ apiVersion: '2006-03-01' });

const { S3, globalConfig, OPERATION_NAMES } = require('./lib/client');
const { S3Error, asS3Error } = require('./lib/errors');
const { Config } = require('./lib/config');

let defaultClient = null;

/** The client the module-level functions use, built once from the AWS environment. */
function defaultS3() {
  if (!defaultClient) defaultClient = new S3();
  return defaultClient;
}

const { Endpoint, Credentials, notInS3Native } = require('./lib/globals');

const api = { S3, S3Error, Config, config: globalConfig, Endpoint, Credentials };
for (const name of ['ManagedUpload', 'ManagedDownload']) {
  Object.defineProperty(api, name, { get: () => S3[name], enumerable: true, configurable: true });
}

// Module-level operations return a real Promise and use the default client. They never throw:
// a bad config (ConfigError) or bad arguments reject the promise.
for (const name of OPERATION_NAMES) {
  api[name] = function operation(params, options) {
    try {
      return defaultS3()[name](params, options).promise();
    } catch (err) {
      return Promise.reject(asS3Error(err));
    }
  };
}

// Presigning on the default client, as promises.
api.getSignedUrl = function getSignedUrl(operation, params) {
  try {
    return defaultS3().getSignedUrlPromise(operation, params);
  } catch (err) {
    return Promise.reject(asS3Error(err));
  }
};
api.getSignedUrlPromise = api.getSignedUrl;
api.createPresignedPost = function createPresignedPost(params) {
  return new Promise((resolve, reject) => {
    try {
      defaultS3().createPresignedPost(params, (err, data) => (err ? reject(err) : resolve(data)));
    } catch (err) {
      reject(asS3Error(err));
    }
  });
};

// A managed upload on the default client, as a promise; `.upload(params, options)` of an `S3`
// gives the ManagedUpload itself (progress events, abort()).
api.upload = function upload(params, options) {
  try {
    return defaultS3().upload(params, options).promise();
  } catch (err) {
    return Promise.reject(asS3Error(err));
  }
};

api.download = function download(params, options) {
  try {
    return defaultS3().download(params, options).promise();
  } catch (err) {
    return Promise.reject(asS3Error(err));
  }
};

// `AWS.DynamoDB` and the rest of v2's namespace: a constructor that throws a coded error naming
// what to use instead, rather than `TypeError: AWS.DynamoDB is not a constructor`. Only
// capitalised names (v2's classes and services); everything else reads as usual.
module.exports = new Proxy(api, {
  get(target, prop, receiver) {
    if (typeof prop === 'string' && /^[A-Z]/.test(prop) && !(prop in target)) return notInS3Native(prop);
    return Reflect.get(target, prop, receiver);
  },
});
