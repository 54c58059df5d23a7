'use strict';
// `s3-native/v3/s3-presigned-post`: @aws-sdk/s3-presigned-post's `createPresignedPost(client,
// { Bucket, Key, Conditions, Fields, Expires })` over the v3 face's client, signed by the v2
// face's POST policy signer (lib/presign.js). As v3: the policy holds the caller's conditions,
// one `{ field: value }` per field (the caller's, `bucket`, the X-Amz-* ones) and the key's
// condition (`{ key }`, or `["starts-with", "$key", prefix]` for a Key ending in `${filename}`);
// `fields` are v3's, in v3's order, with `key` before `Policy`. Difference: the URL is always
// the endpoint with the bucket as its path (v3: the PutObject endpoint, virtual-hosted unless
// `forcePathStyle`).

const FILENAME = '${filename}';

/**
 * `await createPresignedPost(client, { Bucket, Key, Conditions = [], Fields = {}, Expires = 3600 })`
 * → `{ url, fields }` for an HTML form (multipart/form-data POST) upload.
 */
async function createPresignedPost(client, { Bucket, Key, Conditions = [], Fields = {}, Expires = 3600 }) {
  const { toV3Error } = require('./errors');
  if (!client || typeof client._s3 !== 'function') {
    throw new TypeError('createPresignedPost requires a client of s3-native/v3 (S3Client or S3)');
  }
  const keyCondition = Key.endsWith(FILENAME) ? ['starts-with', '$key', Key.substring(0, Key.lastIndexOf(FILENAME))] : { key: Key };
  const s3 = await client._s3();
  let post;
  try {
    post = await new Promise((resolve, reject) => {
      s3.createPresignedPost({ Bucket, Fields, Conditions: [...Conditions, keyCondition], Expires }, (err, data) => (err ? reject(err) : resolve(data)));
    });
  } catch (err) {
    throw toV3Error(err);
  }
  const fields = {};
  for (const [k, v] of Object.entries(post.fields)) {
    if (k === 'Policy') fields.key = Key;
    fields[k] = v;
  }
  return { url: post.url, fields };
}

module.exports = { createPresignedPost };
