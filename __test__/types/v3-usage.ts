// A program written for @aws-sdk/client-s3 (and lib-storage, s3-request-presigner,
// s3-presigned-post): only the four import lines name s3-native. __test__/v3-types.test.js
// compiles it as is, and again with the imports pointed back at the real v3 packages, so that
// it stays a v3 program and not one written to fit our declarations.

import {
  S3Client,
  S3,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectsCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
  GetObjectTaggingCommand,
  S3ServiceException,
  NoSuchKey,
  NotFound,
  paginateListObjectsV2,
  waitUntilObjectExists,
  waitUntilBucketExists,
  type S3ClientConfig,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type GetObjectCommandOutput,
  type ListObjectsV2CommandOutput,
  type CompletedPart,
  type Tag,
  type _Object,
  type StorageClass,
} from '../../v3';
import { Upload, type Progress } from '../../v3/lib-storage';
import { getSignedUrl } from '../../v3/s3-request-presigner';
import { createPresignedPost, type PresignedPost } from '../../v3/s3-presigned-post';
import { Readable } from 'stream';
import { createReadStream } from 'fs';

const config: S3ClientConfig = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:9000',
  forcePathStyle: true,
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  maxAttempts: 5,
  retryMode: 'standard',
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  requestHandler: { requestTimeout: 30_000, connectionTimeout: 3_000 },
  followRegionRedirects: true,
};
const client = new S3Client(config);
const refreshing = new S3Client({
  region: async () => 'eu-west-1',
  credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date(Date.now() + 3600_000) }),
});

export async function objects(Bucket: string): Promise<string> {
  await client.send(new CreateBucketCommand({ Bucket }));
  await waitUntilBucketExists({ client, maxWaitTime: 30 }, { Bucket });

  const input: PutObjectCommandInput = {
    Bucket,
    Key: 'hello.txt',
    Body: 'hello world',
    ContentType: 'text/plain',
    Metadata: { owner: 'me' },
    StorageClass: 'STANDARD',
  };
  const put: PutObjectCommandOutput = await client.send(new PutObjectCommand(input));
  const etag: string | undefined = put.ETag;
  const status: number | undefined = put.$metadata.httpStatusCode;
  const requestId: string | undefined = put.$metadata.requestId;
  console.log(etag, status, requestId, put.VersionId);

  await client.send(new PutObjectCommand({ Bucket, Key: 'bytes', Body: new Uint8Array([1, 2, 3]) }));
  await client.send(new PutObjectCommand({ Bucket, Key: 'buffer', Body: Buffer.from('x'), ContentLength: 1 }));
  await client.send(new PutObjectCommand({ Bucket, Key: 'stream', Body: Readable.from(['a', 'b']), ContentLength: 2 }));
  await client.send(new PutObjectCommand({ Bucket, Key: 'file', Body: createReadStream(__filename) }));

  const got: GetObjectCommandOutput = await client.send(new GetObjectCommand({ Bucket, Key: 'hello.txt', Range: 'bytes=0-4' }));
  const text: string = (await got.Body?.transformToString('utf-8')) ?? '';
  const modified: Date | undefined = got.LastModified;
  const length: number | undefined = got.ContentLength;
  const meta: Record<string, string> | undefined = got.Metadata;
  const again = await client.send(new GetObjectCommand({ Bucket, Key: 'bytes' }));
  if (again.Body) {
    const bytes: Uint8Array = await again.Body.transformToByteArray();
    console.log(bytes.length);
  }
  const web = await client.send(new GetObjectCommand({ Bucket, Key: 'stream' }));
  const reader = web.Body?.transformToWebStream().getReader();
  console.log(modified?.toISOString(), length, meta?.owner, reader);

  const head = await client.send(new HeadObjectCommand({ Bucket, Key: 'hello.txt' }));
  console.log(head.ContentType, head.ETag, head.LastModified?.getTime());

  await client.send(new CopyObjectCommand({ Bucket, Key: 'copy.txt', CopySource: `${Bucket}/hello.txt`, MetadataDirective: 'REPLACE' }));

  const tags = await client.send(new GetObjectTaggingCommand({ Bucket, Key: 'hello.txt' }));
  const tagList: Tag[] = tags.TagSet ?? [];
  console.log(tagList.map((t) => `${t.Key}=${t.Value}`));

  const list: ListObjectsV2CommandOutput = await client.send(new ListObjectsV2Command({ Bucket, Prefix: '', MaxKeys: 100 }));
  const contents: _Object[] = list.Contents ?? [];
  for (const o of contents) {
    const cls: StorageClass | string | undefined = o.StorageClass;
    console.log(o.Key, o.Size, o.LastModified, o.ETag, cls);
  }
  console.log(list.KeyCount, list.IsTruncated, list.NextContinuationToken, list.CommonPrefixes?.map((p) => p.Prefix));

  const deleted = await client.send(
    new DeleteObjectsCommand({ Bucket, Delete: { Objects: contents.map((o) => ({ Key: o.Key })), Quiet: false } }),
  );
  for (const e of deleted.Errors ?? []) console.log(e.Key, e.Code, e.Message);
  console.log(deleted.Deleted?.length);
  await client.send(new DeleteObjectCommand({ Bucket, Key: 'copy.txt' }));
  return text;
}

export async function multipart(Bucket: string, Key: string, parts: Buffer[]): Promise<string | undefined> {
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream' }));
  const UploadId = created.UploadId;
  const done: CompletedPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const up = await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body: parts[i] }));
    done.push({ ETag: up.ETag, PartNumber: i + 1 });
  }
  const complete = await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: done } }));
  return complete.Location;
}

export async function errors(Bucket: string): Promise<void> {
  try {
    await client.send(new GetObjectCommand({ Bucket, Key: 'missing' }));
  } catch (err) {
    if (err instanceof NoSuchKey) {
      const name: string = err.name;
      console.log(name, err.message, err.$metadata.httpStatusCode, err.$fault);
    } else if (err instanceof S3ServiceException) {
      console.log(err.name, err.$metadata.requestId, err.$retryable?.throttling);
    } else throw err;
  }
  try {
    await client.send(new HeadObjectCommand({ Bucket, Key: 'missing' }));
  } catch (err: any) {
    if (err instanceof NotFound || err.name === 'NotFound') console.log(err.$metadata?.httpStatusCode);
  }
  const controller = new AbortController();
  const pending = client.send(new GetObjectCommand({ Bucket, Key: 'k' }), { abortSignal: controller.signal });
  controller.abort();
  await pending.catch((e: Error) => e.name === 'AbortError');
}

export async function aggregated(Bucket: string): Promise<void> {
  const s3 = new S3({ region: 'us-east-1', forcePathStyle: true });
  await s3.putObject({ Bucket, Key: 'a', Body: 'x' });
  const out = await s3.getObject({ Bucket, Key: 'a' });
  console.log(await out.Body?.transformToString());
  const buckets = await s3.listBuckets({});
  console.log(buckets.Buckets?.map((b) => b.Name), buckets.Owner?.ID);
  s3.headObject({ Bucket, Key: 'a' }, (err, data) => {
    if (err) console.log(err.name);
    else console.log(data?.ContentLength);
  });
  s3.listObjectsV2({ Bucket }, { abortSignal: new AbortController().signal }, (err, data) => console.log(err, data?.Contents));
  await s3.send(new DeleteObjectCommand({ Bucket, Key: 'a' }));
  client.send(new HeadObjectCommand({ Bucket, Key: 'a' }), (err, data) => console.log(err, data?.ETag));
  s3.destroy();
}

export async function listAll(Bucket: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket, Prefix: 'logs/' })) {
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
  }
  await waitUntilObjectExists({ client, maxWaitTime: 60, minDelay: 1 }, { Bucket, Key: 'a' });
  return keys;
}

export async function managed(Bucket: string, body: Readable): Promise<void> {
  const upload = new Upload({
    client,
    params: { Bucket, Key: 'big.bin', Body: body, ContentType: 'application/octet-stream' },
    queueSize: 4,
    partSize: 8 * 1024 * 1024,
    leavePartsOnError: false,
    tags: [{ Key: 'project', Value: 's3' }],
  });
  upload.on('httpUploadProgress', (p: Progress) => console.log(p.loaded, p.total, p.part, p.Key));
  const result = await upload.done();
  console.log(result.Location, result.ETag, result.$metadata.httpStatusCode);
  await new Upload({ client: refreshing, params: { Bucket, Key: 'k', Body: 'x' } }).abort();
}

export async function presign(Bucket: string): Promise<[string, PresignedPost]> {
  const url: string = await getSignedUrl(client, new GetObjectCommand({ Bucket, Key: 'a' }), { expiresIn: 3600 });
  await getSignedUrl(client, new PutObjectCommand({ Bucket, Key: 'b', ContentType: 'text/plain' }), { expiresIn: 60, signingDate: new Date() });
  const post = await createPresignedPost(client, {
    Bucket,
    Key: 'uploads/${filename}',
    Conditions: [['content-length-range', 0, 1048576], ['starts-with', '$Content-Type', 'image/'], { acl: 'private' }],
    Fields: { acl: 'private' },
    Expires: 600,
  });
  console.log(post.url, post.fields.key);
  return [url, post];
}
