'use strict';
// Input shapes of the operations s3-native implements, as aws-sdk v2's param validator sees
// them (`v2:apis/s3-2006-03-01.min.json`): member name -> type. `uri` members must be non-empty.
// Types: s string, i integer/long, b boolean, t timestamp, m map<string,string>, body blob/stream.

const S = 's';
const I = 'i';
const B = 'b';
const T = 't';
const M = 'm';

const SSE_C = { SSECustomerAlgorithm: S, SSECustomerKey: S, SSECustomerKeyMD5: S };

const PutObject = {
  required: ['Bucket', 'Key'],
  uri: ['Bucket', 'Key'],
  members: {
    ACL: S,
    Body: 'body',
    Bucket: S,
    CacheControl: S,
    ContentDisposition: S,
    ContentEncoding: S,
    ContentLanguage: S,
    ContentLength: I,
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
    WriteOffsetBytes: I,
    ExpectedBucketOwner: S,
  },
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

const GetObject = { required: ['Bucket', 'Key'], uri: ['Bucket', 'Key'], members: objectRead };
const HeadObject = { required: ['Bucket', 'Key'], uri: ['Bucket', 'Key'], members: objectRead };

const DeleteObject = {
  required: ['Bucket', 'Key'],
  uri: ['Bucket', 'Key'],
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
    IfMatchSize: I,
  },
};

module.exports = { PutObject, GetObject, HeadObject, DeleteObject };
