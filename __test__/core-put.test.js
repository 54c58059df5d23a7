'use strict';
// putObject end to end: params and output members round-trip (read back with
// @aws-sdk/client-s3), every Body type, and the output shape.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('crypto');
const h = require('./helpers');

let Bucket;
test.before(async () => {
  Bucket = await h.bucket('put');
});

function crc32(buf) {
  let c;
  const table = [];
  for (let n = 0; n < 256; n++) {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = 0xffffffff;
  for (const b of buf) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

test('module and client exports', () => {
  const m = h.s3native;
  for (const f of ['putObject', 'getObject', 'headObject', 'deleteObject']) assert.equal(typeof m[f], 'function');
  assert.equal(typeof m.S3, 'function');
  assert.equal(typeof m.S3Error, 'function');
});

test('headers and metadata round-trip', async () => {
  const s3 = h.client();
  const Key = h.key('meta');
  const Body = Buffer.from('hello metadata');
  const expires = new Date('2031-01-02T03:04:05Z');
  const out = await s3.putObject({
    Bucket,
    Key,
    Body,
    ContentType: 'text/plain; charset=utf-8',
    CacheControl: 'max-age=60',
    ContentDisposition: 'attachment; filename="x.txt"',
    ContentEncoding: 'identity',
    ContentLanguage: 'en-GB',
    Expires: expires,
    Metadata: { Color: 'blue', 'x-Mixed-Case': 'Value 1' },
    Tagging: 'a=1&b=2',
  });
  assert.equal(out.ETag, `"${h.md5(Body)}"`);
  assert.ok(Object.values(out).every((v) => v !== undefined), 'no undefined members');
  assert.equal(Object.keys(out).includes('$metadata'), false, '$metadata is not enumerable');
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.ok(out.$metadata.attempts >= 1);

  const { body, head } = await h.readBack(Bucket, Key);
  assert.deepEqual(body, Body);
  assert.equal(head.ContentType, 'text/plain; charset=utf-8');
  assert.equal(head.CacheControl, 'max-age=60');
  assert.equal(head.ContentDisposition, 'attachment; filename="x.txt"');
  assert.equal(head.ContentLanguage, 'en-GB');
  assert.equal(head.ContentEncoding, 'identity');
  assert.equal(head.Metadata.color, 'blue');
  assert.equal(head.Metadata['x-mixed-case'], 'Value 1');
  assert.equal(head.ETag, `"${h.md5(Body)}"`);
  assert.equal(new Date(head.ExpiresString || head.Expires).getTime(), expires.getTime());

  // The same object through s3-native's own getObject / headObject (v2 shapes).
  const got = await s3.getObject({ Bucket, Key });
  assert.ok(Buffer.isBuffer(got.Body));
  assert.deepEqual(got.Body, Body);
  assert.equal(got.ContentLength, Body.length);
  assert.ok(got.LastModified instanceof Date);
  assert.deepEqual(got.Metadata, { color: 'blue', 'x-mixed-case': 'Value 1' });
  assert.equal(got.ETag, `"${h.md5(Body)}"`);
  assert.ok(got.Expires instanceof Date);
  assert.equal(got.Expires.getTime(), expires.getTime());
  const hd = await s3.headObject({ Bucket, Key });
  assert.equal(hd.ContentLength, Body.length);
  assert.equal(hd.Body, undefined);
  assert.equal(hd.ContentType, 'text/plain; charset=utf-8');
});

test('Expires as ISO string and epoch seconds', async () => {
  const s3 = h.client();
  for (const [form, value] of [
    ['iso', '2032-05-06T07:08:09Z'],
    ['epoch', Date.parse('2032-05-06T07:08:09Z') / 1000],
  ]) {
    const Key = h.key(`exp-${form}`);
    await s3.putObject({ Bucket, Key, Body: 'x', Expires: value });
    const hd = await s3.headObject({ Bucket, Key });
    assert.equal(hd.Expires.getTime(), Date.parse('2032-05-06T07:08:09Z'), form);
  }
});

test('Metadata defaults to {} and Range returns a slice', async () => {
  const s3 = h.client();
  const Key = h.key('range');
  await s3.putObject({ Bucket, Key, Body: 'hello' });
  const got = await s3.getObject({ Bucket, Key, Range: 'bytes=1-2' });
  assert.equal(got.Body.toString(), 'el');
  assert.equal(got.ContentLength, 2);
  assert.equal(got.ContentRange, 'bytes 1-2/5');
  assert.deepEqual(got.Metadata, {});
});

test('ContentMD5: correct value accepted', async () => {
  const s3 = h.client();
  const Body = Buffer.from('md5 checked');
  const ContentMD5 = crypto.createHash('md5').update(Body).digest('base64');
  const Key = h.key('md5');
  const out = await s3.putObject({ Bucket, Key, Body, ContentMD5 });
  assert.equal(out.ETag, `"${h.md5(Body)}"`);
});

test('checksums: explicit algorithm sends a CRC32 the server stores and returns', async () => {
  const s3 = h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const Body = Buffer.from('checksum me please');
  const Key = h.key('crc');
  const out = await s3.putObject({ Bucket, Key, Body });
  assert.equal(out.ChecksumCRC32, crc32(Body));
  const { body } = await h.readBack(Bucket, Key);
  assert.deepEqual(body, Body);
  // An explicit (correct) checksum value is sent as given.
  const Key2 = h.key('crc2');
  const out2 = await h.client().putObject({ Bucket, Key: Key2, Body, ChecksumCRC32: crc32(Body) });
  // s3s-fs echoes the value; moto stores the object but echoes a checksum only
  // when x-amz-sdk-checksum-algorithm is sent too.
  if (h.server === 'moto') assert.equal(out2.ChecksumCRC32, undefined);
  else assert.equal(out2.ChecksumCRC32, crc32(Body));
  assert.deepEqual((await h.readBack(Bucket, Key2)).body, Body);
});

test('large in-memory bodies covered by a CRC32 skip the SHA-256 payload hash', async () => {
  // On the wire (a local HTTP listener that records headers): >= 1 MiB with checksums on is sent
  // UNSIGNED-PAYLOAD plus x-amz-checksum-crc32; small bodies and WHEN_REQUIRED keep the signed hash.
  const http = require('http');
  const seen = [];
  const srv = http.createServer((req, res) => {
    const hash = crypto.createHash('sha256');
    req.on('data', (c) => hash.update(c));
    req.on('end', () => {
      seen.push({ sha: req.headers['x-amz-content-sha256'], crc: req.headers['x-amz-checksum-crc32'], body: hash.digest('hex') });
      res.writeHead(200, { ETag: '"e"' });
      res.end();
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const endpoint = `http://127.0.0.1:${srv.address().port}`;
    const big = crypto.randomBytes(1 << 20);
    const small = crypto.randomBytes(1000);
    const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
    const on = h.client({ endpoint, requestChecksumCalculation: 'WHEN_SUPPORTED', maxAttempts: 1 });
    const off = h.client({ endpoint, maxAttempts: 1 });
    await on.putObject({ Bucket: 'b', Key: 'big', Body: big });
    await on.putObject({ Bucket: 'b', Key: 'small', Body: small });
    await off.putObject({ Bucket: 'b', Key: 'big', Body: big });
    await off.putObject({ Bucket: 'b', Key: 'md5', Body: big, ContentMD5: crypto.createHash('md5').update(big).digest('base64') });
    assert.deepEqual(seen, [
      { sha: 'UNSIGNED-PAYLOAD', crc: crc32(big), body: sha(big) },
      { sha: sha(small), crc: crc32(small), body: sha(small) },
      { sha: sha(big), crc: undefined, body: sha(big) },
      { sha: 'UNSIGNED-PAYLOAD', crc: undefined, body: sha(big) },
    ]);
  } finally {
    srv.close();
  }
  // And against the real server: the bytes and the CRC32 it stored are the caller's.
  const s3 = h.client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
  const Body = crypto.randomBytes((1 << 20) + 7);
  const Key = h.key('crc-big');
  const out = await s3.putObject({ Bucket, Key, Body });
  assert.equal(out.ChecksumCRC32, crc32(Body));
  assert.deepEqual((await h.readBack(Bucket, Key)).body, Body);
});

test('every Body type uploads its exact bytes', async () => {
  const s3 = h.client();
  const ab = new ArrayBuffer(16);
  new Uint8Array(ab).set(crypto.randomBytes(16));
  const sab = new SharedArrayBuffer(8);
  new Uint8Array(sab).set([1, 2, 3, 4, 5, 6, 7, 8]);
  const pooled = Buffer.from('abc'); // from Node's pool: byteOffset is usually not 0
  const u16 = new Uint16Array([1, 2, 0xffff]);
  const f64 = new Float64Array([Math.PI, -0]);
  const big = crypto.randomBytes(12 * 1024 * 1024);
  const cases = [
    ['Buffer', crypto.randomBytes(100), (b) => b],
    ['pooled Buffer', pooled, () => Buffer.from('abc')],
    ['Uint8Array', new Uint8Array([9, 8, 7]), () => Buffer.from([9, 8, 7])],
    ['Uint16Array', u16, () => Buffer.from(u16.buffer, u16.byteOffset, u16.byteLength)],
    ['Float64Array', f64, () => Buffer.from(f64.buffer)],
    ['DataView slice', new DataView(ab, 4, 8), () => Buffer.from(ab, 4, 8)],
    ['ArrayBuffer', ab, () => Buffer.from(ab)],
    ['SharedArrayBuffer', sab, () => Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])],
    ['string', 'héllo wörld ✓ 🚀', () => Buffer.from('héllo wörld ✓ 🚀', 'utf8')],
    ['empty string', '', () => Buffer.alloc(0)],
    ['absent', undefined, () => Buffer.alloc(0)],
    ['Blob', new Blob(['blob ', 'parts']), () => Buffer.from('blob parts')],
    ['12 MiB Buffer', big, (b) => b],
  ];
  for (const [name, Body, expected] of cases) {
    const Key = h.key('body');
    const params = { Bucket, Key };
    if (Body !== undefined) params.Body = Body;
    const out = await s3.putObject(params);
    const want = expected(Body);
    assert.equal(out.ETag, `"${h.md5(want)}"`, name);
    const { body } = await h.readBack(Bucket, Key);
    assert.equal(h.md5(body), h.md5(want), name);
  }
  const out = await s3.putObject({ Bucket, Key: h.key('none') });
  assert.equal(out.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
});

test('deleteObject: existing and missing keys', async () => {
  const s3 = h.client();
  const Key = h.key('del');
  await s3.putObject({ Bucket, Key, Body: 'x' });
  const out = await s3.deleteObject({ Bucket, Key });
  assert.equal(out.$metadata.httpStatusCode, 204);
  await assert.rejects(s3.headObject({ Bucket, Key }), (e) => e.code === 'NotFound' && e.statusCode === 404);
  const missing = await s3.deleteObject({ Bucket, Key: h.key('never') });
  assert.deepEqual({ ...missing }, {});
});

test('module-level putObject uses the AWS environment', async () => {
  const { execFileSync } = require('child_process');
  const Key = h.key('env');
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(require.resolve('..'))}).putObject({Bucket:${JSON.stringify(Bucket)},Key:${JSON.stringify(Key)},Body:'from env'}).then(r=>console.log(r.ETag))`,
    ],
    {
      env: h.awsEnv(),
    },
  ).toString();
  assert.equal(out.trim(), `"${h.md5(Buffer.from('from env'))}"`);
  const { body } = await h.readBack(Bucket, Key);
  assert.equal(body.toString(), 'from env');
});

test('ESM import works', async () => {
  const { execFileSync } = require('child_process');
  const url = require('url').pathToFileURL(require.resolve('../index.mjs')).href;
  const out = execFileSync(process.execPath, [
    '--input-type=module',
    '-e',
    `import { S3, putObject, S3Error } from ${JSON.stringify(url)}; import d from ${JSON.stringify(url)}; console.log(typeof S3, typeof putObject, typeof S3Error, typeof d.getObject)`,
  ]).toString();
  assert.equal(out.trim(), 'function function function function');
});
