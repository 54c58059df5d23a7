// Public types of s3-native. The generated native binding's types are in binding.d.ts.

/// <reference types="node" />

export type ChecksumMode = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

/** Client options: aws-sdk v2 and @aws-sdk/client-s3 names are both accepted. */
export interface S3Config {
  /** Only `2006-03-01` (or `latest`) exists for S3. */
  apiVersion?: string;
  /** @default AWS_REGION / AWS_DEFAULT_REGION / profile, else `us-east-1` */
  region?: string;
  /** `http://host:port` or `host:port` (scheme from `sslEnabled`). @default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL / profile, else AWS */
  endpoint?: string | URL | { href: string };
  sslEnabled?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Shared config / credentials profile. @default AWS_PROFILE */
  profile?: string;
  /** @default false */
  forcePathStyle?: boolean;
  /** v2 name of `forcePathStyle`. */
  s3ForcePathStyle?: boolean;
  /** Attempts in total. @default 4 (v2's default of 3 retries) */
  maxAttempts?: number;
  /** v2: retries after the first attempt (`maxAttempts = maxRetries + 1`). */
  maxRetries?: number;
  /** v2: `base` is the first retry's delay bound in ms (full jitter, doubling). @default { base: 100 } */
  retryDelayOptions?: { base?: number };
  /** @default WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint (or AWS_REQUEST_CHECKSUM_CALCULATION) */
  requestChecksumCalculation?: ChecksumMode;
  /** @default WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint (or AWS_RESPONSE_CHECKSUM_VALIDATION) */
  responseChecksumValidation?: ChecksumMode;
  httpOptions?: {
    /** ms from the start of a request to the first byte of the response; 0 disables. @default 120000 */
    timeout?: number;
    /** @default 3100 */
    connectTimeout?: number;
  };
  /** v3 names of the same timeouts. */
  requestHandler?: { requestTimeout?: number; connectionTimeout?: number };
  /** Limit for a whole operation, retries included (ms). @default none */
  operationTimeout?: number;
  /** Send Buffer bodies without the snapshot copy; do not touch a Body until its call settles. @default false */
  zeroCopy?: boolean;
  [key: string]: unknown;
}

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  attempts: number;
  totalRetryDelay: number;
}

export type Body = string | Buffer | Uint8Array | ArrayBufferView | ArrayBuffer | Blob;

export interface PutObjectRequest {
  Bucket: string;
  Key: string;
  Body?: Body;
  ACL?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  ContentLength?: number;
  ContentMD5?: string;
  ContentType?: string;
  ChecksumAlgorithm?: 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256' | string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  Expires?: Date | string | number;
  IfMatch?: string;
  IfNoneMatch?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWriteACP?: string;
  Metadata?: Record<string, string>;
  ServerSideEncryption?: string;
  StorageClass?: string;
  WebsiteRedirectLocation?: string;
  SSECustomerAlgorithm?: string;
  SSECustomerKey?: string;
  SSECustomerKeyMD5?: string;
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
  RequestPayer?: string;
  Tagging?: string;
  ObjectLockMode?: string;
  ObjectLockRetainUntilDate?: Date | string | number;
  ObjectLockLegalHoldStatus?: string;
  ExpectedBucketOwner?: string;
}

export interface PutObjectOutput {
  ETag?: string;
  Expiration?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
  ChecksumType?: string;
  ServerSideEncryption?: string;
  VersionId?: string;
  SSECustomerAlgorithm?: string;
  SSECustomerKeyMD5?: string;
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
  Size?: number;
  RequestCharged?: string;
  /** Non-enumerable, as v3's. */
  readonly $metadata: ResponseMetadata;
}

export interface CallOptions {
  /** Send the Body without the snapshot copy; do not modify it until the call settles. */
  zeroCopy?: boolean;
}

/** Every error s3-native reports: v2 fields plus v3's `name`, `$fault`, `$metadata`. */
export declare class S3Error extends Error {
  /** e.g. `NoSuchBucket`, `NotFound`, `TimeoutError`, `UnknownEndpoint`, `MissingRequiredParameter`; a bare HTTP status number for a body-less 5xx. */
  code: string | number;
  message: string;
  statusCode?: number;
  requestId?: string | null;
  extendedRequestId?: string;
  cfId?: string;
  region?: string | null;
  time: Date;
  retryable?: boolean;
  hostname?: string;
  originalError?: S3Error;
  errors?: S3Error[];
  readonly $fault: 'client' | 'server';
  readonly $metadata: ResponseMetadata;
}

export interface ResolvedConfig {
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  maxAttempts: number;
  requestChecksumCalculation: ChecksumMode;
  responseChecksumValidation: ChecksumMode;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  operationTimeoutMs?: number;
}

export declare class Config {
  constructor(options?: S3Config);
  update(options: S3Config): this;
  setPromisesDependency(dep: PromiseConstructorLike | null): void;
  getPromisesDependency(): PromiseConstructorLike;
  [key: string]: unknown;
}

export declare class S3 {
  constructor(config?: S3Config);
  config: Config & S3Config;
  /** The settings the native client resolved to. */
  resolvedConfig(): Promise<ResolvedConfig>;
  putObject(params: PutObjectRequest, options?: CallOptions): Promise<PutObjectOutput>;
}

/** Uploads with the default client, configured from the AWS environment. */
export declare function putObject(params: PutObjectRequest, options?: CallOptions): Promise<PutObjectOutput>;

/** Library-wide defaults, as `AWS.config` in v2. */
export declare const config: Config;
