// AWS's v2 presigned-URL examples (s3_getsignedurl: "Creating a Presigned URL" for PUT and GET, and
// getSignedUrlPromise), then each URL used with plain fetch, as a browser or another program would.
// Only the require line differs from v2.
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01', signatureVersion: 'v4' });
const Bucket = process.env.BUCKET || 'bucket';
const Key = 'example6.txt';

// Synchronous, as in v2 (static credentials): a URL to upload with.
const putUrl = s3.getSignedUrl('putObject', { Bucket, Key, Expires: 60 });

fetch(putUrl, { method: 'PUT', body: 'Uploaded through a presigned URL!' })
  .then((res) => {
    if (!res.ok) throw new Error(`PUT ${res.status}`);
    // The promise form: a URL to download with.
    return s3.getSignedUrlPromise('getObject', { Bucket, Key, Expires: 60 });
  })
  .then((getUrl) => fetch(getUrl))
  .then((res) => res.text())
  .then((text) => console.log('Read back:', text))
  .catch((err) => {
    console.log('Error', err.code || err.message);
    process.exitCode = 1;
  });
