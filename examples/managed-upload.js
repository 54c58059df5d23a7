// AWS's v2 managed-upload example (s3_upload.js: "Uploading an arbitrarily sized stream"): s3.upload()
// with a stream of unknown length, in parts, with progress. Only the require line differs from v2.
const { Readable } = require('stream');
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const Bucket = process.env.BUCKET || 'bucket';
const Key = 'example7.bin';

// 12 MiB from a generator: more than two 5 MiB parts, and its length is not known in advance.
function* chunks() {
  for (let i = 0; i < 192; i++) yield Buffer.alloc(65536, 65 + (i % 26)); // A..Z
}
const Body = Readable.from(chunks(), { objectMode: false });

const upload = s3.upload({ Bucket, Key, Body }, { partSize: 5 * 1024 * 1024, queueSize: 2 });
let events = 0;
upload.on('httpUploadProgress', function () {
  events++;
});
upload.send(function (err, data) {
  if (err) {
    console.log('Error', err.code, err.message);
    process.exitCode = 1;
    return;
  }
  console.log('Uploaded', data.Key, 'in parts:', /-3"$/.test(data.ETag), 'progress events:', events > 0);
});
