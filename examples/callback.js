// Calling a service with an anonymous callback (v2 guide: "Using an Anonymous Callback Function").
// Only the require line differs from the aws-sdk v2 example.
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const params = { Bucket: process.env.BUCKET || 'bucket', Key: 'example1.txt', Body: 'Uploaded text using the callback method!' };

s3.putObject(params, function (err, data) {
  if (err) {
    console.log('Error', err);
    process.exitCode = 1;
  } else {
    // `this` is the response object, as in v2.
    console.log('Success', data.ETag, 'status', this.httpResponse.statusCode);
  }
});
