'use strict';
// Every file in examples/ runs against the test server, configured only through the standard
// AWS environment variables, and leaves its object behind (buckets.js, nothing).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { execFile } = require('child_process');
const { CreateBucketCommand } = require('@aws-sdk/client-s3');
const h = require('./helpers');

const dir = path.join(__dirname, '..', 'examples');

function run(file, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(dir, file)], { env, timeout: 60000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, stdout, stderr }),
    );
  });
}

let Bucket;
let env;
test.before(async () => {
  Bucket = await h.bucket('ex');
  // async-await.js is the seed example verbatim: it writes to the bucket named `bucket`.
  await h.v3().send(new CreateBucketCommand({ Bucket: 'bucket' })).catch((e) => {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(e.name)) throw e;
  });
  env = h.awsEnv({ AWS_EC2_METADATA_DISABLED: 'true', BUCKET: Bucket });
});

const expectations = {
  'async-await.js': { out: /^Success$/m, bucket: 'bucket', key: 'example3.txt', body: 'Uploaded text using the async/await method!' },
  // Leaves nothing behind: it creates its own bucket and deletes it.
  'buckets.js': { out: /Created .*\nListed with the new bucket\nPrefixes a\/\nDeleted 1\nSuccess/ },
  'callback.js': { out: /^Success "[0-9a-f]{32}" status 200$/m, key: 'example1.txt', body: 'Uploaded text using the callback method!' },
  'event-listener.js': { out: /Uploaded 27 of 27 bytes\nSuccess "[0-9a-f]{32}"\nComplete/, key: 'example2.txt', body: 'Uploaded text using events!' },
  'promise.js': { out: /Read back: Uploaded text using the promise method!/, key: 'example4.txt', body: 'Uploaded text using the promise method!' },
  'stream.js': { out: /^Success 29000 bytes$/m, key: 'example5.txt', body: 'Uploaded from a file stream!\n'.repeat(1000) },
  'presigned-url.js': { out: /^Read back: Uploaded through a presigned URL!$/m, key: 'example6.txt', body: 'Uploaded through a presigned URL!' },
  'managed-upload.js': {
    out: /^Uploaded example7\.bin in parts: true progress events: true$/m,
    key: 'example7.bin',
    body: Array.from({ length: 192 }, (_, i) => String.fromCharCode(65 + (i % 26)).repeat(65536)).join(''),
  },
};

test('every example has an expectation', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
  assert.deepEqual(files, Object.keys(expectations).sort());
});

for (const [file, want] of Object.entries(expectations)) {
  test(`examples/${file}`, async () => {
    const r = await run(file, env);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, want.out);
    if (!want.key) return;
    const { body } = await h.readBack(want.bucket || Bucket, want.key);
    assert.equal(body.toString(), want.body);
  });
}
