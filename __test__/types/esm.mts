// ESM users (index.mjs) get the same types through package.json "exports" (types first):
// resolved here by the package's own name, as an installed package is.
import s3native, { S3, S3Error, putObject, getObject, type ListBucketsOutput, type PutObjectRequest } from 's3-native';

const s3 = new S3({ region: 'us-east-1' });
const params: PutObjectRequest = { Bucket: 'b', Key: 'k', Body: 'x' };
await putObject(params);
const g = await getObject({ Bucket: 'b', Key: 'k' });
const body: Buffer = g.Body;
// index.mjs names only the hand-written functions; the rest are on the default export.
const out: ListBucketsOutput = await s3native.listBuckets();
const page = await s3.listObjectsV2({ Bucket: 'b' });
console.log(body.length, out.Buckets?.length, page.Contents?.[0]?.LastModified?.getTime(), new s3native.S3() instanceof S3);
s3.headBucket({ Bucket: 'b' }).promise().catch((err: S3Error) => err.code);
// @ts-expect-error Bucket is required
await s3native.headBucket({});
// Presigning through the ESM named exports.
import { getSignedUrl, createPresignedPost } from 's3-native';
const signed: string = await getSignedUrl('getObject', { Bucket: 'b', Key: 'k', Expires: 60 });
const form = await createPresignedPost({ Bucket: 'b', Fields: { key: 'k' } });
console.log(signed, form.url, form.fields.Policy, s3.getSignedUrl('headObject', { Bucket: 'b', Key: 'k' }));
// The managed upload through the ESM named export.
import { upload, download } from 's3-native';
const uploaded = await upload({ Bucket: 'b', Key: 'k', Body: Buffer.from('x') }, { queueSize: 2 });
console.log(uploaded.ETag, uploaded.Location, s3.upload({ Bucket: 'b', Key: 'k', Body: 'x' }).partSize);
const fetched = await download({ Bucket: 'b', Key: 'k' }, { file: '/tmp/out' });
console.log(fetched.ContentLength);
