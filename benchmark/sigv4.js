'use strict';
// Minimal SigV4 header signing (UNSIGNED-PAYLOAD) for the floor client: requests are signed
// before the timed section, so the floor measures the transport and the server alone.

const crypto = require('crypto');

const hmac = (key, s) => crypto.createHmac('sha256', key).update(s).digest();
const sha256hex = (s) => crypto.createHash('sha256').update(s).digest('hex');

function encodePath(p) {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()))
    .join('/');
}

/** Headers for `method /bucket/key` on `host`, valid for 15 minutes. */
function sign({ method, host, path, region, accessKeyId, secretAccessKey, extraHeaders = {} }) {
  const now = new Date();
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers = { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-date': amzDate };
  for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = String(v);
  const names = Object.keys(headers).sort();
  const canonical = [
    method,
    encodePath(path),
    '',
    names.map((n) => `${n}:${headers[n]}`).join('\n') + '\n',
    names.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
  const kDate = hmac('AWS4' + secretAccessKey, date);
  const kSigning = hmac(hmac(hmac(kDate, region), 's3'), 'aws4_request');
  const signature = crypto.createHmac('sha256', kSigning).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

module.exports = { sign, encodePath };
