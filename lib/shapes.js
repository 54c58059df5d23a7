'use strict';
// Input shapes of the operations s3-native implements, as the S3 model describes them
// (`v2:apis/s3-2006-03-01.min.json`, plus the members newer models added): member name -> type,
// and where each member goes on the wire. lib/params.js validates every operation from these
// tables alone, so a generated operation only needs its table.
//
// Types: s string, i 32-bit integer, l long (a safe integer), b boolean, t timestamp,
// m map<string,string>, body blob/stream.
// Locations: `uri` members are path labels (non-empty, percent-encoded into the request URI),
// `query` members go in the query string, `headers` maps a member to its header name (a map
// member to its header prefix); the Body is the payload. `min` holds lower bounds for integers.

const S = 's';
const I = 'i';
const L = 'l';
const B = 'b';
const T = 't';
const M = 'm';

const SSE_C = { SSECustomerAlgorithm: S, SSECustomerKey: S, SSECustomerKeyMD5: S };
const SSE_C_HEADERS = {
  SSECustomerAlgorithm: 'x-amz-server-side-encryption-customer-algorithm',
  SSECustomerKey: 'x-amz-server-side-encryption-customer-key',
  SSECustomerKeyMD5: 'x-amz-server-side-encryption-customer-key-MD5',
};

const PutObject = {
  required: ['Bucket', 'Key'],
  uri: ['Bucket', 'Key'],
  query: [],
  members: {
    ACL: S,
    Body: 'body',
    Bucket: S,
    CacheControl: S,
    ContentDisposition: S,
    ContentEncoding: S,
    ContentLanguage: S,
    ContentLength: L,
    ContentMD5: S,
    ContentType: S,
    ChecksumAlgorithm: S,
    ChecksumCRC32: S,
    ChecksumCRC32C: S,
    ChecksumCRC64NVME: S,
    ChecksumSHA1: S,
    ChecksumSHA256: S,
    ChecksumSHA512: S,
    ChecksumMD5: S,
    ChecksumXXHASH64: S,
    ChecksumXXHASH3: S,
    ChecksumXXHASH128: S,
    Expires: T,
    IfMatch: S,
    IfNoneMatch: S,
    GrantFullControl: S,
    GrantRead: S,
    GrantReadACP: S,
    GrantWriteACP: S,
    Key: S,
    Metadata: M,
    ServerSideEncryption: S,
    StorageClass: S,
    WebsiteRedirectLocation: S,
    ...SSE_C,
    SSEKMSKeyId: S,
    SSEKMSEncryptionContext: S,
    BucketKeyEnabled: B,
    RequestPayer: S,
    Tagging: S,
    ObjectLockMode: S,
    ObjectLockRetainUntilDate: T,
    ObjectLockLegalHoldStatus: S,
    ObjectLockEventHold: S,
    ObjectLockEventHoldDurationDays: I,
    ObjectLockEventHoldDurationYears: I,
    WriteOffsetBytes: L,
    ExpectedBucketOwner: S,
  },
  headers: {
    ACL: 'x-amz-acl',
    CacheControl: 'Cache-Control',
    ContentDisposition: 'Content-Disposition',
    ContentEncoding: 'Content-Encoding',
    ContentLanguage: 'Content-Language',
    ContentLength: 'Content-Length',
    ContentMD5: 'Content-MD5',
    ContentType: 'Content-Type',
    ChecksumAlgorithm: 'x-amz-sdk-checksum-algorithm',
    ChecksumCRC32: 'x-amz-checksum-crc32',
    ChecksumCRC32C: 'x-amz-checksum-crc32c',
    ChecksumCRC64NVME: 'x-amz-checksum-crc64nvme',
    ChecksumSHA1: 'x-amz-checksum-sha1',
    ChecksumSHA256: 'x-amz-checksum-sha256',
    ChecksumSHA512: 'x-amz-checksum-sha512',
    ChecksumMD5: 'x-amz-checksum-md5',
    ChecksumXXHASH64: 'x-amz-checksum-xxhash64',
    ChecksumXXHASH3: 'x-amz-checksum-xxhash3',
    ChecksumXXHASH128: 'x-amz-checksum-xxhash128',
    Expires: 'Expires',
    IfMatch: 'If-Match',
    IfNoneMatch: 'If-None-Match',
    GrantFullControl: 'x-amz-grant-full-control',
    GrantRead: 'x-amz-grant-read',
    GrantReadACP: 'x-amz-grant-read-acp',
    GrantWriteACP: 'x-amz-grant-write-acp',
    WriteOffsetBytes: 'x-amz-write-offset-bytes',
    Metadata: 'x-amz-meta-',
    ServerSideEncryption: 'x-amz-server-side-encryption',
    StorageClass: 'x-amz-storage-class',
    WebsiteRedirectLocation: 'x-amz-website-redirect-location',
    ...SSE_C_HEADERS,
    SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
    SSEKMSEncryptionContext: 'x-amz-server-side-encryption-context',
    BucketKeyEnabled: 'x-amz-server-side-encryption-bucket-key-enabled',
    RequestPayer: 'x-amz-request-payer',
    Tagging: 'x-amz-tagging',
    ObjectLockMode: 'x-amz-object-lock-mode',
    ObjectLockRetainUntilDate: 'x-amz-object-lock-retain-until-date',
    ObjectLockLegalHoldStatus: 'x-amz-object-lock-legal-hold',
    ObjectLockEventHold: 'x-amz-object-lock-event-hold',
    ObjectLockEventHoldDurationDays: 'x-amz-object-lock-event-hold-duration-days',
    ObjectLockEventHoldDurationYears: 'x-amz-object-lock-event-hold-duration-years',
    ExpectedBucketOwner: 'x-amz-expected-bucket-owner',
  },
  // A negative length would be sent as some other length (the stream Body then stored short).
  min: { ContentLength: 0 },
};

const objectRead = {
  Bucket: S,
  Key: S,
  IfMatch: S,
  IfModifiedSince: T,
  IfNoneMatch: S,
  IfUnmodifiedSince: T,
  Range: S,
  ResponseCacheControl: S,
  ResponseContentDisposition: S,
  ResponseContentEncoding: S,
  ResponseContentLanguage: S,
  ResponseContentType: S,
  ResponseExpires: T,
  VersionId: S,
  ...SSE_C,
  RequestPayer: S,
  PartNumber: I,
  ExpectedBucketOwner: S,
  ChecksumMode: S,
};

const objectReadQuery = [
  'ResponseCacheControl',
  'ResponseContentDisposition',
  'ResponseContentEncoding',
  'ResponseContentLanguage',
  'ResponseContentType',
  'ResponseExpires',
  'VersionId',
  'PartNumber',
];

const objectReadHeaders = {
  IfMatch: 'If-Match',
  IfModifiedSince: 'If-Modified-Since',
  IfNoneMatch: 'If-None-Match',
  IfUnmodifiedSince: 'If-Unmodified-Since',
  Range: 'Range',
  ...SSE_C_HEADERS,
  RequestPayer: 'x-amz-request-payer',
  ExpectedBucketOwner: 'x-amz-expected-bucket-owner',
  ChecksumMode: 'x-amz-checksum-mode',
};

const GetObject = {
  required: ['Bucket', 'Key'],
  uri: ['Bucket', 'Key'],
  query: objectReadQuery,
  members: objectRead,
  headers: objectReadHeaders,
};
// HeadObject takes exactly GetObject's input.
const HeadObject = { ...GetObject };

const DeleteObject = {
  required: ['Bucket', 'Key'],
  uri: ['Bucket', 'Key'],
  query: ['VersionId'],
  members: {
    Bucket: S,
    Key: S,
    MFA: S,
    VersionId: S,
    RequestPayer: S,
    BypassGovernanceRetention: B,
    ExpectedBucketOwner: S,
    IfMatch: S,
    IfMatchLastModifiedTime: T,
    IfMatchSize: L,
  },
  headers: {
    MFA: 'x-amz-mfa',
    RequestPayer: 'x-amz-request-payer',
    BypassGovernanceRetention: 'x-amz-bypass-governance-retention',
    ExpectedBucketOwner: 'x-amz-expected-bucket-owner',
    IfMatch: 'If-Match',
    IfMatchLastModifiedTime: 'x-amz-if-match-last-modified-time',
    IfMatchSize: 'x-amz-if-match-size',
  },
};

module.exports = { PutObject, GetObject, HeadObject, DeleteObject };
