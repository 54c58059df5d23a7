import { S3, putObject, S3Error, Endpoint } from '../../index';
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
// v2's s3.endpoint, read and assigned.
const host: string = s3.endpoint.host;
s3.endpoint = new Endpoint('http://127.0.0.1:9000');
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
// Managed uploads (issue 11): v2's s3.upload, S3.ManagedUpload and the module-level upload().
import { upload, ManagedUpload, type ManagedUploadOutput, type ManagedUploadProgress } from '../../index';
async function managed() {
  const u = s3.upload({ Bucket: 'b', Key: 'k', Body: createReadStream('/tmp/f'), ContentType: 'text/plain' }, { partSize: 10 * 1024 * 1024, queueSize: 2 });
  u.on('httpUploadProgress', (p: ManagedUploadProgress) => console.log(p.loaded, p.total, p.part, p.key));
  const out: ManagedUploadOutput = await u.promise();
  const where: string | undefined = out.Location;
  s3.upload({ Bucket: 'b', Key: 'k', Body: Buffer.alloc(1) }, (err, data) => {
    if (!err) console.log(data.ETag, data.key);
  });
  s3.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { tags: [{ Key: 't', Value: 'v' }], leavePartsOnError: true }, (err) => err && err.code).abort();
  s3.upload({ Bucket: 'b', Key: 'k', Body: Readable.from(['x']) }).send((err, data) => console.log(err?.code, data.Bucket));
  const viaClass = new S3.ManagedUpload({ params: { Bucket: 'b', Key: 'k', Body: new Blob(['x']) }, service: s3, queueSize: 1 });
  const viaImport: ManagedUpload = new ManagedUpload({ params: { Bucket: 'b', Key: 'k', Body: 'x' } });
  const size: number | undefined = viaClass.totalBytes;
  const viaModule: ManagedUploadOutput = await upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { partSize: 5 * 1024 * 1024 });
  // @ts-expect-error Body is required
  s3.upload({ Bucket: 'b', Key: 'k' });
  // @ts-expect-error tags are { Key, Value } objects, not a query string
  s3.upload({ Bucket: 'b', Key: 'k', Body: 'x' }, { tags: 'a=b' });
  // @ts-expect-error a number is not a Body
  s3.upload({ Bucket: 'b', Key: 'k', Body: 42 });
  // @ts-expect-error progress events are typed
  u.on('httpUploadProgress', (p: ManagedUploadProgress) => p.loaded.toUpperCase());
  return [where, size, viaImport, viaModule];
}
managed;
// Parallel downloads (beyond v2): s3.download into a file or a Writable, and the module-level download().
import { download, ManagedDownload, type DownloadResult, type DownloadProgress } from '../../index';
async function downloads() {
  const d: ManagedDownload = s3.download({ Bucket: 'b', Key: 'k', VersionId: 'v' }, { file: '/tmp/out', partSize: 16 * 1024 * 1024, queueSize: 8 });
  d.on('httpDownloadProgress', (p: DownloadProgress) => console.log(p.loaded, p.total, p.part, p.key));
  const out: DownloadResult = await d.promise();
  const size: number = out.ContentLength;
  s3.download({ Bucket: 'b', Key: 'k' }, { stream: process.stdout }, (err, data) => console.log(err?.code, data.ETag)).abort();
  const viaModule: DownloadResult = await download({ Bucket: 'b', Key: 'k' }, { file: 'out.bin' });
  // @ts-expect-error exactly one of file and stream
  s3.download({ Bucket: 'b', Key: 'k' }, { file: 'a', stream: process.stdout });
  // @ts-expect-error Range is getObject's, not download's
  s3.download({ Bucket: 'b', Key: 'k', Range: 'bytes=0-1' }, { file: 'a' });
  return [size, viaModule, S3.ManagedDownload];
}
downloads;
