// Calling a service with async/await (AWS SDK for JavaScript v2 guide: "Using async/await"),
// with s3-native in place of aws-sdk. Configured from the AWS environment.
const { putObject } = require('s3-native');

// The guide's bucket is 'bucket'; `npm run demo` passes its own in DEMO_BUCKET.
const Bucket = process.env.DEMO_BUCKET || 'bucket';

async function run() {
  try {
    await putObject({ Bucket, Key: 'example3.txt', Body: 'Uploaded text using the async/await method!' });
    console.log('Success');
  } catch (err) {
    console.log('Error', err);
    process.exitCode = 1;
  }
}

run();
