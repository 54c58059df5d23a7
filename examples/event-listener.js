// Request object event listeners (v2 guide: "Using a Request Object Event Listener").
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const request = s3.putObject({ Bucket: process.env.BUCKET || 'bucket', Key: 'example2.txt', Body: 'Uploaded text using events!' });

request
  .on('httpUploadProgress', function (progress) {
    console.log('Uploaded', progress.loaded, 'of', progress.total, 'bytes');
  })
  .on('success', function (response) {
    console.log('Success', response.data.ETag);
  })
  .on('error', function (err) {
    console.log('Error', err.code, err.message);
    process.exitCode = 1;
  })
  .on('complete', function (response) {
    console.log('Complete, request id', response.requestId);
  })
  .send();
