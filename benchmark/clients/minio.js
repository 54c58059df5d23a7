'use strict';
const Minio = require('minio');

/**
 * Three shims that let minio-js 8.0.7's putObject of a stream complete against s3s-fs (not
 * applied with --server moto), none of which changes the work the client does (the parent checks
 * the stored bytes after every upload):
 * - it first looks for an unfinished upload of the key to resume (ListMultipartUploads), which
 *   s3s-fs does not implement ("not implemented yet"): then it starts a new one, as it does when
 *   there is none;
 * - it numbers the parts from 2 (it counts before it sends): AWS accepts the gap, s3s-fs wants
 *   1, 2, 3, ... ("invalid part order"): the part numbers go out one lower;
 * - s3s-fs's CompleteMultipartUpload answer (200) has no Location, which minio-js requires
 *   ("BUG: failed to parse server response"): that error is taken as the success it was.
 */
function shimForS3sFs(mc) {
  const findUploadId = mc.findUploadId.bind(mc);
  mc.findUploadId = async (bucket, key) => {
    try {
      return await findUploadId(bucket, key);
    } catch (err) {
      if (err && /not implemented/i.test(String(err.message))) return undefined;
      throw err;
    }
  };
  const omit = mc.makeRequestAsyncOmit.bind(mc);
  mc.makeRequestAsyncOmit = (options, ...rest) => {
    if (options && options.method === 'PUT' && typeof options.query === 'string' && /(^|&)uploadId=/.test(options.query)) {
      options = { ...options, query: options.query.replace(/(^|&)partNumber=(\d+)/, (_m, p, n) => `${p}partNumber=${Number(n) - 1}`) };
    }
    return omit(options, ...rest);
  };
  const complete = mc.completeMultipartUpload.bind(mc);
  mc.completeMultipartUpload = async (bucket, key, uploadId, etags) => {
    try {
      return await complete(bucket, key, uploadId, etags.map((e) => ({ ...e, part: e.part - 1 })));
    } catch (err) {
      if (err && /failed to parse server response/.test(String(err.message))) return {};
      throw err;
    }
  };
}

module.exports = async function create(o) {
  const u = new URL(o.endpoint);
  const mc = new Minio.Client({
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: u.protocol === 'https:',
    accessKey: o.accessKeyId,
    secretKey: o.secretAccessKey,
    region: o.region,
    pathStyle: true,
    // Transfer scenarios: the part size of putObject's multipart upload (its default, 64 MiB, grows
    // to ~528 MiB for a stream of unknown length, which it sizes for 5 TiB).
    ...(o.partSize ? { partSize: o.partSize } : {}),
  });
  if (o.server === 's3s') shimForS3sFs(mc);
  const Bucket = o.bucket;
  const drain = async (stream) => {
    let n = 0;
    for await (const c of stream) n += c.length;
    return n;
  };
  return {
    put: (Key, Body) => mc.putObject(Bucket, Key, Body, Body.length),
    get: async (Key) => {
      const chunks = [];
      for await (const c of await mc.getObject(Bucket, Key)) chunks.push(c);
      return Buffer.concat(chunks).length;
    },
    getStream: async (Key) => drain(await mc.getObject(Bucket, Key)),
    head: (Key) => mc.statObject(Bucket, Key),
    jobs: {
      // Parts one at a time (no queue size), each with its MD5 and the SHA-256 of its signature.
      upload: { partSize: true, run: (Key, Body) => mc.putObject(Bucket, Key, Body) },
      // statObject, then one GET streamed to `<file>.<etag>.part.minio`, renamed to the file.
      download: { run: (Key, file) => mc.fGetObject(Bucket, Key, file) },
    },
  };
};
