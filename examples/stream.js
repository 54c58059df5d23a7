// Requests with a Node.js stream object (v2 guide: "Requests With a Node.js Stream Object"):
// upload a file from an fs stream, then download it with createReadStream().pipe().
const fs = require('fs');
const os = require('os');
const path = require('path');
const AWS = require('s3-native');

const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const Bucket = process.env.BUCKET || 'bucket';
const Key = 'example5.txt';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-native-example-'));
const source = path.join(dir, 'upload.txt');
const target = path.join(dir, 'download.txt');
fs.writeFileSync(source, 'Uploaded from a file stream!\n'.repeat(1000));

s3.putObject({ Bucket, Key, Body: fs.createReadStream(source) }, function (err) {
  if (err) {
    console.log('Error', err);
    process.exitCode = 1;
    return;
  }
  const file = fs.createWriteStream(target);
  s3.getObject({ Bucket, Key })
    .createReadStream()
    .on('error', function (e) {
      console.log('Error', e);
      process.exitCode = 1;
    })
    .pipe(file)
    .on('finish', function () {
      console.log('Success', fs.statSync(target).size, 'bytes');
      fs.rmSync(dir, { recursive: true, force: true });
    });
});
