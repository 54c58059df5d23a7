// Public types of s3-native. The generated native binding's types are in binding.d.ts.
// Every operation's params, output, `S3` method and module-level function is generated from the
// model into lib/generated/types.d.ts (`npm run codegen`) and re-exported here.

/// <reference types="node" />

import type { S3Operations, PutObjectRequest, PutObjectOutput, CompleteMultipartUploadOutput, Tag, GetObjectRequest, GetObjectOutput } from './lib/generated/types';
import type { EventEmitter } from 'events';
import type * as Generated from './lib/generated/types';
export * from './lib/generated/types';

export type ChecksumMode = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

/** Client options: aws-sdk v2 and @aws-sdk/client-s3 names are both accepted. */
export interface S3Config {
  /** Only `2006-03-01` (or `latest`) exists for S3. */
  apiVersion?: string;
  /** Letters, digits, `.`, `_`, `-` (else `ConfigError`); `''` is unset. @default AWS_REGION / AWS_DEFAULT_REGION / profile, else `us-east-1` */
  region?: string;
  /** `http://host:port` or `host:port` (scheme from `sslEnabled`). @default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL / profile, else AWS */
  endpoint?: string | URL | { href: string };
  sslEnabled?: boolean;
  /** `accessKeyId` and `sessionToken` are printable ASCII without spaces (else `ConfigError`). */
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
  /** Attempts in total: an integer from 1 to 100 (else `ConfigError`). @default 4 (v2's default of 3 retries) */
  maxAttempts?: number;
  /** v2: retries after the first attempt (`maxAttempts = maxRetries + 1`): an integer from 0 to 99. */
  maxRetries?: number;
  /** v2: `base` is the first retry's delay bound in ms (full jitter, doubling), 0 to 2147483647. @default { base: 100 } */
  retryDelayOptions?: { base?: number };
  /** @default WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint (or AWS_REQUEST_CHECKSUM_CALCULATION) */
  requestChecksumCalculation?: ChecksumMode;
  /** @default WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint (or AWS_RESPONSE_CHECKSUM_VALIDATION) */
  responseChecksumValidation?: ChecksumMode;
  /** Timeouts are milliseconds from 0 to 2147483647 (else `ConfigError`). */
  httpOptions?: {
    /** ms from the start of a request to the first byte of the response; 0 disables. @default 120000 */
    timeout?: number;
    /** @default 3100 */
    connectTimeout?: number;
    /**
     * v2: an `http.Agent` / `https.Agent`; only its `maxSockets` is used, as the client's connection
     * cap (an integer from 1 to 65535, or `Infinity` given explicitly for no cap). An Agent built
     * without `maxSockets` reports Node's default, Infinity, which keeps the client's own cap.
     */
    agent?: { maxSockets?: number };
  };
  /** v3 names: the same timeouts, and the connection cap (see `httpOptions.agent`). */
  requestHandler?: {
    requestTimeout?: number;
    connectionTimeout?: number;
    /** Requests (connections) in flight at once per client; later calls queue. @default 64 */
    maxSockets?: number;
    httpsAgent?: { maxSockets?: number };
    httpAgent?: { maxSockets?: number };
  };
  /** Limit for a whole operation, retries included (ms). @default none */
  operationTimeout?: number;
  /** Send Buffer bodies without the snapshot copy; do not touch a Body until its call settles. @default false */
  zeroCopy?: boolean;
  /** v2: params bound to every call that omits them, e.g. `{ Bucket }`. */
  params?: Record<string, unknown>;
  // Accepted so that v2 and v3 configurations compile unchanged; they do not change behaviour
  // (SigV4 is always used, validation always runs, the client never logs).
  signatureVersion?: string;
  signatureCache?: boolean;
  s3DisableBodySigning?: boolean;
  s3UsEast1RegionalEndpoint?: 'legacy' | 'regional';
  computeChecksums?: boolean;
  convertResponseTypes?: boolean;
  correctClockSkew?: boolean;
  paramValidation?: boolean | { min?: boolean; max?: boolean; pattern?: boolean; enum?: boolean };
  logger?: { log?(...messages: unknown[]): void; write?(chunk: string): void } | null;
  systemClockOffset?: number;
  customUserAgent?: string | null;
  retryMode?: string;
  followRegionRedirects?: boolean;
}

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  attempts: number;
  totalRetryDelay: number;
}

/**
 * In-memory bodies are copied at call time (see `zeroCopy`); a stream (a Node `Readable`, including
 * `fs.createReadStream`, or a web `ReadableStream` such as `fetch().body`) needs `ContentLength`
 * unless it is a file stream, and must yield exactly that many bytes.
 */
export type Body =
  | string
  | Buffer
  | Uint8Array
  | ArrayBufferView
  | ArrayBuffer
  | Blob
  | import('stream').Readable
  | import('stream/web').ReadableStream;

export interface CallOptions {
  /** Send the Body without the snapshot copy; do not modify it until the call settles. */
  zeroCopy?: boolean;
}

/** Every error s3-native reports: v2 fields plus v3's `name`, `$fault`, `$metadata`. */
export declare class S3Error extends Error {
  /**
   * e.g. `NoSuchBucket`, `NotFound`, `TimeoutError`, `UnknownEndpoint`, `MissingRequiredParameter`.
   * Typed as aws-sdk v2's `AWSError.code`; as in v2, a body-less 5xx carries the bare HTTP status
   * number at run time (compare with `String(err.code)` if that case matters).
   */
  code: string;
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
  /** Requests in flight at once per client; 0 when unlimited. */
  maxConnections: number;
}

export declare class Config {
  constructor(options?: S3Config);
  update(options: S3Config): this;
  setPromisesDependency(dep: PromiseConstructorLike | null): void;
  /** v2: `cb(null)` with the configured (or environment) credentials, else a CredentialsError. */
  getCredentials(callback: (err: S3Error | null, credentials?: Credentials) => void): void;
  credentials?: Credentials | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  getPromisesDependency(): PromiseConstructorLike;
  [key: string]: unknown;
}

/** The events of a request, in v2's names. */
export type RequestEvent =
  | 'validate'
  | 'build'
  | 'afterBuild'
  | 'sign'
  | 'restart'
  | 'send'
  | 'httpHeaders'
  | 'httpData'
  | 'httpUploadProgress'
  | 'httpDownloadProgress'
  | 'httpError'
  | 'httpDone'
  | 'retry'
  | 'afterRetry'
  | 'validateResponse'
  | 'extractData'
  | 'extractError'
  | 'success'
  | 'error'
  | 'complete';

/** aws-sdk v2's `AWS.Response`: `this` inside callbacks. */
export interface Response<D> {
  request: Request<D>;
  data: D | null;
  error: S3Error | null;
  retryCount: number;
  redirectCount: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  httpResponse: { statusCode?: number; statusMessage?: string; headers: Record<string, string>; body?: Buffer };
  hasNextPage(): boolean | undefined;
  nextPage(cb?: (err: S3Error | null, data: D | null) => void): Request<D> | null;
}

/** As v2's typings: `data` is the output when `err` is null (it is null when `err` is set). */
export type Callback<D> = (this: Response<D>, err: S3Error | null, data: D) => void;

/**
 * aws-sdk v2's `AWS.Request`: nothing is sent until send(), promise(), createReadStream() or
 * then() (it is thenable, so `await s3.putObject(p)` works).
 */
export interface Request<D> extends PromiseLike<D> {
  readonly params: Record<string, unknown>;
  readonly operation: string;
  readonly response: Response<D>;
  send(callback?: Callback<D>): Response<D>;
  promise(): Promise<D & { readonly $response: Response<D> }>;
  abort(): this;
  createReadStream(): import('stream').Readable;
  /**
   * v2's pagination: `callback(err, data)` per page with `this` = its response, then
   * `(null, null)`; return `false` (or, with a third `done` parameter, call `done(false)`) to stop.
   */
  eachPage(callback: (this: Response<D>, err: S3Error | null, data: D | null, done: (more?: boolean) => void) => boolean | void): void;
  /** Each item of the operation's first result key (e.g. `Contents`), then `(null, null)`. */
  eachItem(callback: (err: S3Error | null, item: any) => boolean | void): void;
  on(event: 'validate' | 'build' | 'afterBuild' | 'sign' | 'restart', listener: (this: this, request: this) => void, toHead?: boolean): this;
  on(event: 'httpHeaders', listener: (this: this, statusCode: number, headers: Record<string, string>, response: Response<D>, statusMessage?: string) => void, toHead?: boolean): this;
  on(event: 'httpData', listener: (this: this, chunk: Buffer, response: Response<D>) => void, toHead?: boolean): this;
  on(event: 'httpUploadProgress' | 'httpDownloadProgress', listener: (this: this, progress: { loaded: number; total?: number | string }, response: Response<D>) => void, toHead?: boolean): this;
  on(event: 'error' | 'httpError', listener: (this: this, err: S3Error, response: Response<D>) => void, toHead?: boolean): this;
  on(event: 'success' | 'complete' | 'send' | 'httpDone' | 'retry' | 'afterRetry' | 'validateResponse' | 'extractData' | 'extractError', listener: (this: this, response: Response<D>) => void, toHead?: boolean): this;
  addListener: Request<D>['on'];
  once: Request<D>['on'];
  /** The listener gets the event's arguments and a trailing `done(err?)`; the request waits for it. */
  onAsync(event: RequestEvent, listener: (this: this, ...args: never[]) => void, toHead?: boolean): this;
  removeListener(event: RequestEvent, listener: (...args: never[]) => unknown): this;
  off(event: RequestEvent, listener: (...args: never[]) => unknown): this;
  removeAllListeners(event?: RequestEvent): this;
  listeners(event: RequestEvent): Array<(...args: never[]) => unknown>;
  catch<T = never>(onRejected?: (reason: S3Error) => T | PromiseLike<T>): Promise<D | T>;
  finally(onFinally?: () => void): Promise<D>;
}

export interface CallOptionsWithSignal extends CallOptions {
  /**
   * v3 style cancellation: rejects with `AbortError` ("Request aborted"). Anything but an
   * AbortSignal (or an object that behaves as one) rejects with `InvalidParameterType`.
   */
  abortSignal?: AbortSignal;
}

/** The params of operation `M` (a v2 method name such as `'getObject'`), as its method takes them. */
export type OperationParams<M extends keyof S3Operations> = M extends keyof typeof Generated
  ? (typeof Generated)[M] extends (params: infer P, ...rest: any[]) => any
    ? NonNullable<P>
    : never
  : never;

/**
 * The params of a presigned URL: the operation's, where `Expires` is the URL's lifetime in
 * seconds (default 900, at most 604800; not the object's `Expires` header, which cannot be
 * presigned) and `ContentLength` is refused (`UnexpectedParameter`).
 */
export type PresignParams<M extends keyof S3Operations> = Omit<OperationParams<M>, 'Expires' | 'ContentLength'> & {
  Expires?: number;
};

/** `createPresignedPost` params (aws-sdk v2's `S3.PresignedPost.Params`). */
export interface PresignedPostParams {
  /** The bucket the form uploads to (or the client's bound `params.Bucket`). */
  Bucket?: string;
  /** Form fields, each also signed as an exact-match condition (e.g. `{ key: 'uploads/a.txt' }`). */
  Fields?: Record<string, string>;
  /** Policy conditions: `['content-length-range', 1, 1048576]`, `['starts-with', '$key', 'uploads/']`, `{ acl: 'private' }`. */
  Conditions?: Array<Record<string, unknown> | [string, unknown, unknown]>;
  /** Seconds the policy stays valid. @default 3600 */
  Expires?: number;
}

/** The fields of a presigned POST form: the given Fields, `bucket`, the SigV4 fields, `Policy`, `X-Amz-Signature`. */
export interface PresignedPostFields {
  Policy: string;
  'X-Amz-Signature': string;
  [field: string]: string;
}

/** What `createPresignedPost` gives: the form's action URL (path style) and its hidden fields. */
export interface PresignedPost {
  url: string;
  fields: PresignedPostFields;
}

/** Options of a managed upload (`s3.upload(params, options)`, `new S3.ManagedUpload(options)`), as aws-sdk v2's. */
export interface ManagedUploadOptions {
  /**
   * Bytes per part, at least 5 MiB (5242880, the default; less throws `InvalidParameterValue`). When the
   * size is known (Buffer, string, typed array, Blob, `fs.createReadStream`) it grows to
   * `ceil(size / 10000)` if that is larger, as S3 takes at most 10,000 parts.
   */
  partSize?: number;
  /** Parts in flight at once. @default 4 */
  queueSize?: number;
  /** Keep the multipart upload and its parts when the upload fails (by default it is aborted). */
  leavePartsOnError?: boolean;
  /** Object tags: the `Tagging` header of a single PUT, or `putObjectTagging` after a multipart upload. */
  tags?: Tag[];
}

/** `putObject`'s params; `Body` is required and may be a stream of unknown length. */
export type ManagedUploadParams = Omit<PutObjectRequest, 'Body'> & { Body: Body };

/**
 * What a managed upload resolves with: `putObject`'s output plus `Location`, `Bucket`, `Key` (and v2's
 * lower-case `key`) after a single PUT, `completeMultipartUpload`'s output after a multipart upload.
 */
export interface ManagedUploadOutput extends PutObjectOutput, CompleteMultipartUploadOutput {
  Location?: string;
  Bucket?: string;
  Key?: string;
  /** aws-sdk v2's undocumented lower-case key, set after a single PUT only. */
  key?: string;
}

/** An `httpUploadProgress` event of a managed upload. */
export interface ManagedUploadProgress {
  /** Bytes of the parts completed so far (a single PUT: bytes sent). */
  loaded: number;
  /** The body's size; undefined for a stream until it has ended. */
  total?: number;
  /** The part that completed (1 for a single PUT). */
  part: number;
  key: string;
}

export type ManagedUploadCallback = (err: S3Error | null, data: ManagedUploadOutput) => void;

/**
 * aws-sdk v2's `AWS.S3.ManagedUpload`: one PutObject when the body fits in a part, else a multipart
 * upload with `queueSize` parts in flight, reading the body only as parts go out. A failure, a body
 * stream error or `abort()` aborts the multipart upload (unless `leavePartsOnError`).
 */
export declare class ManagedUpload extends EventEmitter {
  /** Throws (coded) for a bad option or a missing or unsupported Body. `service` defaults to `new S3()`. */
  constructor(options: ManagedUploadOptions & { params: ManagedUploadParams; service?: S3 });
  /** Starts the upload (once; later calls add a callback); `callback(err, data)` when it ends. */
  send(callback?: ManagedUploadCallback): void;
  /** Starts the upload (once) and resolves with its outcome, as a promise of the client's promise dependency. */
  promise(): Promise<ManagedUploadOutput>;
  /** Stops the upload: in-flight requests are aborted, so is the multipart upload; it fails with `RequestAbortedError`. */
  abort(): void;
  on(event: 'httpUploadProgress', listener: (progress: ManagedUploadProgress) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'httpUploadProgress', listener: (progress: ManagedUploadProgress) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
  readonly partSize: number;
  readonly queueSize: number;
  readonly leavePartsOnError: boolean;
  readonly tags?: Tag[];
  /** The body's size when known (from the start for in-memory bodies, Blobs and file streams). */
  readonly totalBytes?: number;
  readonly params: ManagedUploadParams;
  readonly service: S3;
}

/** `s3.download()` params: getObject's, sent with every part; `Range` and `PartNumber` are refused. */
export type DownloadParams = Omit<GetObjectRequest, 'Range' | 'PartNumber'>;

interface DownloadOptionsBase {
  /** Bytes per ranged GET, at least 1 MiB (1048576). @default 8388608 (8 MiB) */
  partSize?: number;
  /** Parts in flight at once, the first one included (a positive integer). Memory is about partSize × queueSize. @default 4 */
  queueSize?: number;
}

/**
 * Where `s3.download()` writes: exactly one of `file` (written to a temporary file beside it, renamed over it on
 * success; on failure removed, an existing `file` untouched) or `stream` (written in order with backpressure,
 * ended on success, destroyed with the error on failure).
 */
export type DownloadOptions =
  | (DownloadOptionsBase & { file: string; stream?: undefined })
  | (DownloadOptionsBase & { stream: NodeJS.WritableStream; file?: undefined });

/** What a download resolves to: the first response's output, ContentLength the whole size, plus Bucket and Key. */
export type DownloadResult = Omit<GetObjectOutput, 'Body' | 'ContentRange' | 'AcceptRanges' | 'ContentLength'> & {
  /** The object's whole size in bytes. */
  ContentLength: number;
  Bucket: string;
  Key: string;
};

/** An `'httpDownloadProgress'` event: as the bytes of each part arrive, and when each part is done. */
export interface DownloadProgress {
  /** Bytes received so far (only grows; the last event has loaded === total). */
  loaded: number;
  /** The object's size (known from the first response's headers on). */
  total: number;
  /** The part this event is about (1-based). */
  part: number;
  key: string;
}

/**
 * A parallel ranged download (`s3.download()`), every part pinned to the first part's ETag. Starts on `send()` or
 * `promise()` (or at once when `download()` was given a callback); the outcome is kept: later `send()` /
 * `promise()` calls get the same result or error.
 */
export declare class ManagedDownload extends EventEmitter {
  /** Starts the download (once); `callback(err, data)` is called asynchronously. */
  send(callback?: (err: S3Error | null, data: DownloadResult) => void): void;
  /** Starts the download (once); a promise of the client's promise dependency. */
  promise(): Promise<DownloadResult>;
  /** Stops the download: in-flight parts aborted, the temporary file removed, `RequestAbortedError`. */
  abort(): void;
  on(event: 'httpDownloadProgress', listener: (progress: DownloadProgress) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'httpDownloadProgress', listener: (progress: DownloadProgress) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
  readonly partSize: number;
  readonly queueSize: number;
  /** The object's size, once the first response's headers have arrived. */
  readonly totalBytes: number | undefined;
}

export declare class S3 {
  constructor(config?: S3Config);
  config: Config & S3Config;
  /**
   * v2's `s3.endpoint`: the configured endpoint, else S3's for the region. Assigning one sends
   * the client's later calls there.
   */
  endpoint: Endpoint;
  /** The settings the native client resolved to. */
  resolvedConfig(): Promise<ResolvedConfig>;
  /**
   * The pages of a pageable operation (listObjectsV2, listObjects, listObjectVersions,
   * listMultipartUploads, listParts, listBuckets, listDirectoryBuckets), as v2's nextPage() follows them.
   */
  /**
   * v2's waiters: polls (HEAD) until the bucket or object is in `state`; `params.$waiter`
   * `{ delay (s), maxAttempts, abortSignal }` (defaults 5 s and 20). Rejects with
   * `ResourceNotReady`; an unknown state throws `StateNotFoundError`.
   */
  waitFor(
    state: 'bucketExists' | 'bucketNotExists' | 'objectExists' | 'objectNotExists',
    params: { Bucket: string; Key?: string; $waiter?: { delay?: number; maxAttempts?: number; abortSignal?: AbortSignal }; [member: string]: unknown },
    callback?: (this: { data: unknown; error: S3Error | null; retryCount: number }, err: S3Error | null, data: any) => void,
  ): { promise(): Promise<any>; send(callback?: (err: S3Error | null, data: any) => void): unknown; abort(): unknown } & PromiseLike<any>;
  /**
   * aws-sdk v2's presigned URL for any operation, always signed with SigV4 (query parameters).
   * Without a callback the URL is returned synchronously and bad input throws a coded `S3Error`
   * (`UnknownOperation`, `InvalidExpiryTime`, `InvalidParameterException`, `UnexpectedParameter`,
   * `MissingRequiredParameter`, ...); with one, `callback(err, url)` is called asynchronously.
   * Headers other than Content-Type (`x-amz-*`, Content-MD5, Cache-Control, Range, ...) are signed:
   * the caller sends them with the request.
   */
  getSignedUrl<M extends keyof S3Operations>(operation: M, params: PresignParams<M>): string;
  getSignedUrl<M extends keyof S3Operations>(operation: M, params: PresignParams<M>, callback: (err: S3Error | null, url: string) => void): void;
  /** `getSignedUrl` as a promise (of the client's promise dependency). */
  getSignedUrlPromise<M extends keyof S3Operations>(operation: M, params: PresignParams<M>): Promise<string>;
  /**
   * aws-sdk v2's browser-form upload: `{ url, fields }` for a multipart/form-data POST (the file
   * field last), signed with SigV4. Without a callback the result is returned synchronously.
   */
  createPresignedPost(params: PresignedPostParams): PresignedPost;
  createPresignedPost(params: PresignedPostParams, callback: (err: S3Error | null, data: PresignedPost) => void): void;
  /**
   * aws-sdk v2's managed upload (any size, a stream of unknown length too): returns the
   * `ManagedUpload` (`send`, `promise`, `abort`, `httpUploadProgress` events); with a callback it
   * starts at once. Bad options or a missing Body throw.
   */
  upload(params: ManagedUploadParams, callback?: ManagedUploadCallback): ManagedUpload;
  upload(params: ManagedUploadParams, options?: ManagedUploadOptions | null, callback?: ManagedUploadCallback): ManagedUpload;
  /** `AWS.S3.ManagedUpload`. */
  static ManagedUpload: typeof ManagedUpload;
  /**
   * A parallel ranged download into `options.file` or `options.stream` (beyond aws-sdk v2): at most
   * `options.queueSize` GETs of `options.partSize` bytes in flight, every part after the first pinned with
   * `If-Match` to its ETag (an object changed mid-download: `PreconditionFailed`). Bad params or options throw a
   * coded `S3Error` (`InvalidParameterValue`, `InvalidParameterType`). With a callback it starts at once.
   */
  download(params: DownloadParams, options: DownloadOptions): ManagedDownload;
  download(params: DownloadParams, options: DownloadOptions, callback: (err: S3Error | null, data: DownloadResult) => void): ManagedDownload;
  /** The class of what `download()` returns. */
  static ManagedDownload: typeof ManagedDownload;
  paginate<M extends keyof S3Operations>(
    method: M,
    params?: object,
    options?: { pageSize?: number; startingToken?: string; abortSignal?: AbortSignal },
  ): AsyncIterableIterator<S3Operations[M] extends (params: any, ...rest: any[]) => Request<infer D> ? D : never>;
}
/** Every operation's method (generated from the model: lib/generated/types.d.ts). */
export interface S3 extends S3Operations {}

// Members the client returns beyond the model (codegen/model.js reads botocore's members; these
// are aws-sdk v2's own, set by the hand-written object operations in src/ops/object_output.rs).
declare module './lib/generated/types' {
  interface GetObjectOutput {
    /** The raw `Expires` header, as in v2 (`Expires` is its Date). */
    ExpiresString?: string;
  }
  interface HeadObjectOutput {
    /** The raw `Expires` header, as in v2 (`Expires` is its Date). */
    ExpiresString?: string;
  }
}

/** `s3.getSignedUrlPromise` on the default client (built from the AWS environment). */
export declare function getSignedUrl<M extends keyof S3Operations>(operation: M, params: PresignParams<M>): Promise<string>;
/** The same as the module-level `getSignedUrl`. */
export declare function getSignedUrlPromise<M extends keyof S3Operations>(operation: M, params: PresignParams<M>): Promise<string>;
/** `s3.createPresignedPost` on the default client, as a promise. */
export declare function createPresignedPost(params: PresignedPostParams): Promise<PresignedPost>;

/** A managed upload (`s3.upload`) on the default client, as a promise; bad options reject. */
export declare function upload(params: ManagedUploadParams, options?: ManagedUploadOptions): Promise<ManagedUploadOutput>;
/** `s3.download(params, options).promise()` on the default client (built from the AWS environment); bad input rejects. */
export declare function download(params: DownloadParams, options: DownloadOptions): Promise<DownloadResult>;

/** Library-wide defaults, as `AWS.config` in v2. */
export declare const config: Config;

/** v2's `AWS.Endpoint`: the scheme from `sslEnabled` (https) when the string has none. */
export declare class Endpoint {
  constructor(endpoint: string, config?: { sslEnabled?: boolean });
  href: string;
  protocol: string;
  host: string;
  hostname: string;
  port: number;
  pathname: string;
  path: string;
}

/** v2's `AWS.Credentials` (static: never expires). */
export declare class Credentials {
  constructor(accessKeyId: string, secretAccessKey: string, sessionToken?: string);
  constructor(options: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | { credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } });
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expired: boolean;
  expireTime: Date | null;
  expiryWindow: number;
  needsRefresh(): boolean;
  get(callback: (err: S3Error | null) => void): void;
  getPromise(): Promise<void>;
  refresh(callback: (err: S3Error | null) => void): void;
  refreshPromise(): Promise<void>;
}
