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
