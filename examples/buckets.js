// AWS's v2 S3 examples for buckets (s3_createbucket.js, s3_listbuckets.js, s3_listobjects.js,
// s3_deletebucket.js) in one script, in their callback style. Only the require line differs.
const AWS = require('s3-native');

AWS.config.update({ region: process.env.AWS_REGION || 'us-east-1' });
const s3 = new AWS.S3({ apiVersion: '2006-03-01' });
const Bucket = `${process.env.BUCKET || 'bucket'}-example-${Date.now()}`;

function fail(err) {
  console.log('Error', err.code, err.message);
  process.exitCode = 1;
}

s3.createBucket({ Bucket }, function (err, data) {
  if (err) return fail(err);
  console.log('Created', Bucket);
  s3.listBuckets(function (err, data) {
    if (err) return fail(err);
    console.log('Listed', data.Buckets.some((b) => b.Name === Bucket) ? 'with' : 'without', 'the new bucket');
    s3.putObject({ Bucket, Key: 'a/one.txt', Body: 'one' }, function (err) {
      if (err) return fail(err);
      s3.listObjects({ Bucket, Delimiter: '/' }, function (err, data) {
        if (err) return fail(err);
        console.log('Prefixes', data.CommonPrefixes.map((p) => p.Prefix).join(','));
        s3.deleteObjects({ Bucket, Delete: { Objects: [{ Key: 'a/one.txt' }] } }, function (err, data) {
          if (err) return fail(err);
          console.log('Deleted', data.Deleted.length);
          s3.deleteBucket({ Bucket }, function (err) {
            if (err) return fail(err);
            console.log('Success');
          });
        });
      });
    });
  });
});
