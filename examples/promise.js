// Promises (v2 guide: "Using JavaScript Promises").
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const params = { Bucket: process.env.BUCKET || 'bucket', Key: 'example4.txt', Body: 'Uploaded text using the promise method!' };

s3.putObject(params)
  .promise()
  .then(function (data) {
    console.log('Success', data.ETag);
    return s3.getObject({ Bucket: params.Bucket, Key: params.Key }).promise();
  })
  .then(function (data) {
    console.log('Read back:', data.Body.toString());
  })
  .catch(function (err) {
    console.log('Error', err);
    process.exitCode = 1;
  });
