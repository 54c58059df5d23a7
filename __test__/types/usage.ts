import { S3, putObject, S3Error } from '../../index';
const s3 = new S3({ region: 'us-east-1', maxRetries: 2, httpOptions: { timeout: 1000 } });
async function f() {
  const a = await s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x' });
  const e: string | undefined = a.ETag;
  const g = await s3.getObject({ Bucket: 'b', Key: 'k' }).promise();
  const body: Buffer = g.Body;
  s3.headObject({ Bucket: 'b', Key: 'k' }, function (err, data) { if (err instanceof S3Error) console.log(err.code, this.requestId); else console.log(data && data.ContentLength); });
  s3.putObject({ Bucket: 'b', Key: 'k' }).on('httpUploadProgress', (p) => p.loaded).on('success', (r) => r.data).send();
  await putObject({ Bucket: 'b', Key: 'k' }, { zeroCopy: true });
  return [e, body];
}
f;

// Issue 13, point 3: what the types accept and refuse.
import { createReadStream } from 'fs';
import { Readable } from 'stream';
async function bodies() {
  await s3.putObject({ Bucket: 'b', Key: 'k', Body: createReadStream('/tmp/f') });
  await s3.putObject({ Bucket: 'b', Key: 'k', Body: Readable.from(['x']), ContentLength: 1 });
  const web = new (await import('stream/web')).ReadableStream<Uint8Array>();
  await s3.putObject({ Bucket: 'b', Key: 'k', Body: web, ContentLength: 0 });
  await s3.putObject({ Bucket: 'b', Key: 'k', Body: new Blob(['x']) });
  // @ts-expect-error a number is not a Body
  await s3.putObject({ Bucket: 'b', Key: 'k', Body: 42 });
}
bodies;
// A callback's data is the output when err is null: no null check needed.
s3.headObject({ Bucket: 'b', Key: 'k' }, (err, data) => {
  if (!err) console.log(data.ContentLength);
});
// v2 options compile unchanged; a misspelled one does not.
new S3({ signatureVersion: 'v4', s3ForcePathStyle: true, params: { Bucket: 'b' }, logger: console });
// @ts-expect-error misspelled option name
new S3({ regoin: 'us-east-1' });
// Listeners are typed per event, never `any`.
const req = s3.getObject({ Bucket: 'b', Key: 'k' });
req.once('complete', (resp) => resp.retryCount);
req.off('complete', () => undefined);
// @ts-expect-error not an event of a request
req.off('bogus', () => undefined);
// @ts-expect-error a listener must be a function
req.once('success', 42);
const first = req.listeners('success')[0];
// @ts-expect-error a stored listener is not callable with made-up arguments without a cast
first(1, 2, 3);
// err.code is a string, as v2's AWSError.code.
s3.headObject({ Bucket: 'b', Key: 'k' }).promise().catch((err: S3Error) => {
  const code: string = err.code;
  // @ts-expect-error not a number in the types
  const n: number = err.code;
  return [code, n];
});
// Presigning (issue 10): v2's calls, typed per operation.
import { getSignedUrl, createPresignedPost, type PresignedPost } from '../../index';
const url: string = s3.getSignedUrl('getObject', { Bucket: 'b', Key: 'k', Expires: 60, ResponseContentType: 'text/plain' });
s3.getSignedUrl('putObject', { Bucket: 'b', Key: 'k', ContentType: 'text/plain', Metadata: { a: 'b' } }, (err, u) => {
  if (!err) console.log(u.length);
});
const viaPromise: Promise<string> = s3.getSignedUrlPromise('listObjectsV2', { Bucket: 'b', Prefix: 'p/' });
const post: PresignedPost = s3.createPresignedPost({
  Bucket: 'b',
  Fields: { key: 'uploads/a.txt' },
  Conditions: [['content-length-range', 1, 1048576], ['starts-with', '$key', 'uploads/'], { acl: 'private' }],
  Expires: 600,
});
const policy: string = post.fields.Policy;
s3.createPresignedPost({ Bucket: 'b' }, (err, data) => {
  if (!err) console.log(data.url, data.fields['X-Amz-Signature']);
});
async function presignModule() {
  const u: string = await getSignedUrl('headObject', { Bucket: 'b', Key: 'k' });
  const p: PresignedPost = await createPresignedPost({ Bucket: 'b', Fields: { key: 'k' } });
  return [u, p.url];
}
presignModule;
// @ts-expect-error not an operation
s3.getSignedUrl('getObjects', { Bucket: 'b', Key: 'k' });
// @ts-expect-error Expires is the URL's lifetime in seconds, not a Date
s3.getSignedUrl('getObject', { Bucket: 'b', Key: 'k', Expires: new Date() });
// @ts-expect-error ContentLength cannot be presigned
s3.getSignedUrl('putObject', { Bucket: 'b', Key: 'k', ContentLength: 5 });
// @ts-expect-error Key is required for getObject
s3.getSignedUrl('getObject', { Bucket: 'b' });
// @ts-expect-error a synchronous URL is a string, not a promise
const notAPromise: Promise<string> = s3.getSignedUrl('getObject', { Bucket: 'b', Key: 'k' });
console.log(url, viaPromise, policy, notAPromise);
s3.getSignedUrl('listBuckets', { MaxBuckets: 10 });
// @ts-expect-error an operation whose params are all optional still has typed members
s3.getSignedUrl('listBuckets', { MaxBucket: 10 });
