// The generated operation types (lib/generated/types.d.ts through index.d.ts): a dozen operations
// in the callback, promise and await styles, and what the types refuse.
import {
  S3,
  S3Error,
  Endpoint,
  Credentials,
  headBucket,
  listBuckets,
  type CompletedPart,
  type CORSConfiguration,
  type ListObjectsV2Output,
  type ObjectIdentifier,
  type Tag,
} from '../../index';

const s3 = new S3({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', s3ForcePathStyle: true });
const Bucket = 'b';

async function awaitStyle(): Promise<void> {
  // listObjectsV2: Contents[] of Object, with Date outputs.
  const page: ListObjectsV2Output = await s3.listObjectsV2({ Bucket, Prefix: 'p/', MaxKeys: 10 });
  for (const o of page.Contents ?? []) {
    const key: string | undefined = o.Key;
    const when: Date | undefined = o.LastModified;
    const size: number | undefined = o.Size;
    const cls: string | undefined = o.StorageClass;
    console.log(key, when?.toISOString(), size, cls);
  }
  if (page.IsTruncated) await s3.listObjectsV2({ Bucket, ContinuationToken: page.NextContinuationToken });
  // v2's pagination.
  s3.listObjectsV2({ Bucket }).eachPage(function (err, data) {
    if (err) return false;
    if (data) for (const o of data.Contents ?? []) o.Key?.toUpperCase();
    return this.hasNextPage() !== false;
  });
  s3.listObjectsV2({ Bucket }).eachItem((err, item) => item !== null);
  for await (const p of s3.paginate('listObjectsV2', { Bucket }, { pageSize: 100 })) p.Contents?.map((o) => o.Size);
  const viaGlobals = new S3({ endpoint: new Endpoint("localhost:9000", { sslEnabled: false }), credentials: new Credentials("AK", "SK") });
  viaGlobals.config.region?.toUpperCase();
  await s3.waitFor('objectExists', { Bucket, Key: 'k', $waiter: { delay: 1, maxAttempts: 3 } }).promise();
  // @ts-expect-error: not a waiter state
  s3.waitFor('objectGone', { Bucket });

  await s3.createBucket({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
  await s3.headBucket({ Bucket });
  await s3.putBucketVersioning({ Bucket, VersioningConfiguration: { Status: 'Enabled', MFADelete: 'Disabled' } });

  const Objects: ObjectIdentifier[] = [{ Key: 'a' }, { Key: 'b', VersionId: 'v1' }];
  const deleted = await s3.deleteObjects({ Bucket, Delete: { Objects, Quiet: true } });
  for (const d of deleted.Deleted ?? []) console.log(d.Key, d.DeleteMarker);
  for (const e of deleted.Errors ?? []) console.log(e.Key, e.Code, e.Message);

  const copied = await s3.copyObject({ Bucket, Key: 'dst', CopySource: `${Bucket}/src`, MetadataDirective: 'REPLACE', Metadata: { a: '1' } });
  const copiedAt: Date | undefined = copied.CopyObjectResult?.LastModified;
  const etag: string | undefined = copied.CopyObjectResult?.ETag;
  console.log(copiedAt, etag, copied.$metadata.httpStatusCode);

  // Multipart upload: the three calls, with a Buffer body and a timestamp accepted as a string.
  const mpu = await s3.createMultipartUpload({ Bucket, Key: 'big', ContentType: 'text/plain', Expires: '2030-01-01T00:00:00Z' });
  const UploadId = mpu.UploadId!;
  const Parts: CompletedPart[] = [];
  for (const PartNumber of [1, 2]) {
    const part = await s3.uploadPart({ Bucket, Key: 'big', UploadId, PartNumber, Body: Buffer.alloc(5 << 20) });
    Parts.push({ ETag: part.ETag, PartNumber });
  }
  const done = await s3.completeMultipartUpload({ Bucket, Key: 'big', UploadId, MultipartUpload: { Parts } });
  console.log(done.Location, done.ETag, done.VersionId);

  // The hand-written object operations keep their extras: Metadata always set, Expires a Date
  // beside v2's raw ExpiresString (merged into the generated HeadObjectOutput by index.d.ts).
  const head = await s3.headObject({ Bucket, Key: 'big', SSECustomerKey: Buffer.alloc(32), SSECustomerAlgorithm: 'AES256' });
  const meta: { [key: string]: string } = head.Metadata;
  const expires: Date | undefined = head.Expires;
  const rawExpires: string | undefined = head.ExpiresString;
  console.log(meta, expires, rawExpires);

  // Module level, with the default client: a real Promise; listBuckets needs no params.
  const { Buckets, Owner } = await listBuckets();
  for (const b of Buckets ?? []) console.log(b.Name, b.CreationDate?.getTime(), Owner?.ID);
  await listBuckets({ MaxBuckets: 5 }, { abortSignal: AbortSignal.timeout(1000) });
}

function promiseStyle(): Promise<unknown> {
  const CORSConfiguration: CORSConfiguration = {
    CORSRules: [{ AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }],
  };
  return s3
    .putBucketCors({ Bucket, CORSConfiguration })
    .promise()
    .then(() => s3.getBucketPolicy({ Bucket }).promise())
    .then((out) => {
      const policy: string | undefined = out.Policy;
      const requestId: string | undefined = out.$response.requestId;
      return [policy && JSON.parse(policy), requestId];
    })
    .catch((err: S3Error) => err.code === 'NoSuchBucketPolicy');
}

function callbackStyle(): void {
  s3.getBucketTagging({ Bucket }, function (err, data) {
    if (err) return console.log(err.code, err.statusCode, this.retryCount);
    // TagSet is required in the model: no undefined check.
    const tags: Tag[] = data.TagSet;
    console.log(tags.map((t) => `${t.Key}=${t.Value}`));
  });
  s3.headBucket({ Bucket }, (err, data) => {
    if (!err) console.log(data.BucketRegion, data.$metadata.attempts);
  });
  // v2's bound params: the callback-only form.
  new S3({ params: { Bucket } }).listObjectsV2((err, data) => console.log(err?.code, data?.KeyCount));
  // Options (v3 cancellation) between params and callback.
  s3.listObjectsV2({ Bucket }, { abortSignal: new AbortController().signal }, (err) => console.log(err?.code));
  s3.putBucketVersioning({ Bucket, VersioningConfiguration: { Status: 'Suspended' } })
    .on('success', (resp) => resp.data?.$metadata.requestId)
    .send();
}
awaitStyle;
promiseStyle;
callbackStyle;

// What the types refuse.
async function refused(): Promise<void> {
  // @ts-expect-error Bucket is required
  await s3.listObjectsV2({ Prefix: 'p/' });
  // @ts-expect-error Bucket is required (module level too)
  await headBucket({});
  // @ts-expect-error a number where a string is required
  await s3.createBucket({ Bucket: 42 });
  // @ts-expect-error MaxKeys is a number
  await s3.listObjectsV2({ Bucket, MaxKeys: '10' });
  // @ts-expect-error an unknown member
  await s3.headBucket({ Bucket, Bogus: true });
  // @ts-expect-error an unknown member in a nested structure (VersionId misspelled)
  await s3.deleteObjects({ Bucket, Delete: { Objects: [{ Key: 'a', Versionid: 'v' }] } });
  // @ts-expect-error Delete.Objects is required
  await s3.deleteObjects({ Bucket, Delete: { Quiet: true } });
  // @ts-expect-error a CORS rule needs AllowedMethods and AllowedOrigins
  await s3.putBucketCors({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedHeaders: ['*'] }] } });
  // @ts-expect-error a number is not a Body
  await s3.uploadPart({ Bucket, Key: 'k', UploadId: 'u', PartNumber: 1, Body: 42 });
  // @ts-expect-error a PartNumber is a number
  await s3.uploadPart({ Bucket, Key: 'k', UploadId: 'u', PartNumber: '1' });
  const out = await s3.listObjectsV2({ Bucket });
  // @ts-expect-error LastModified is a Date on output, not a string
  const s: string | undefined = out.Contents?.[0]?.LastModified;
  // @ts-expect-error no such operation
  s3.listObjectz({ Bucket });
  // @ts-expect-error an empty structure accepts only {}
  await s3.putBucketNotificationConfiguration({ Bucket, NotificationConfiguration: { EventBridgeConfiguration: 42 } });
  // Enums accept values newer than the model, and still offer the known ones.
  await s3.putObject({ Bucket, Key: 'k', StorageClass: 'SOME_FUTURE_CLASS' });
  // @ts-expect-error ...but not a non-string
  await s3.putObject({ Bucket, Key: 'k', StorageClass: 1 });
  console.log(s);
}
refused;
