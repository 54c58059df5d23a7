'use strict';
// Writes the v3 face's declaration files from the model:
// - v3/index.d.ts: `s3-native/v3`, in @aws-sdk/client-s3's public names: S3Client and its config,
//   the aggregated S3 class, per operation (of the crate's model, lib/generated/v3.js `commands`)
//   the `XCommand` class, `XCommandInput` / `XCommandOutput` and the model's `XRequest` /
//   `XOutput` and nested shapes, the modelled exceptions, paginators and waiters;
// - v3/lib-storage.d.ts, v3/s3-request-presigner.d.ts, v3/s3-presigned-post.d.ts: the companion
//   subpaths (`Upload`, `getSignedUrl`, `createPresignedPost`), typed from v3/index.d.ts.
//
// Type rules (v3's, so that a program written for @aws-sdk/client-s3 compiles unchanged):
// - one type per shape for both directions: timestamps `Date`, integers and longs `number`,
//   blobs `Uint8Array`, maps `Record<string, T>`;
// - every member is `T | undefined`; a member the model requires is not optional (`Bucket:
//   string | undefined`, as v3 writes it: the client checks presence at run time);
// - enums are the union of their values (v3's closed unions);
// - a streamed payload is `StreamingBlobTypes` in the model's shapes; the command's input widens
//   it to anything a body can be, the command's output narrows it to a Readable with v3's
//   `transformTo*` helpers; an event stream is an AsyncIterable of its union;
// - a union shape (AnalyticsFilter, ...) is one variant per member, the others `?: never`;
// - the shapes named `Object` and `Error` are `_Object` and `_Error` (v3 names them so);
// - `Expires` is a `Date` (botocore's string is the exception: v3's Smithy model and v2's agree),
//   and where the client returns it, `ExpiresString` the raw header; `PartNumberMarker` and
//   `NextPartNumberMarker` are strings (botocore: integers).
// No documentation is copied from the model: each operation links its API reference page.

const { lowerFirst } = require('./model');
const { PAGINATED, enumKey } = require('./v3');

const API_PAGE = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_';
const NUMBER = new Set(['integer', 'long', 'double', 'float']);
// Integer shapes of botocore that the Smithy model (v3's, and the crate's) types as strings.
const SMITHY_STRINGS = new Set(['PartNumberMarker', 'NextPartNumberMarker']);
// Members of the Smithy model that botocore does not have, and the client returns: shape -> member -> type.
const SMITHY_MEMBERS = {
  GetObjectOutput: { ExpiresString: 'string' },
  HeadObjectOutput: { ExpiresString: 'string' },
};
// Shape names v3 prefixes with `_` (they would shadow a global).
const RENAMED = { Object: '_Object', Error: '_Error' };

// The waiters (v3's names); the acceptors live in lib/v3/.
const WAITERS = [
  ['BucketExists', 'HeadBucket'],
  ['BucketNotExists', 'HeadBucket'],
  ['ObjectExists', 'HeadObject'],
  ['ObjectNotExists', 'HeadObject'],
];

// Smithy exceptions that botocore's JSON does not declare (must match codegen/v3.js).
const EXTRA_EXCEPTIONS = ['NotFound'];

const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const prop = (name) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name));
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Wraps `type X = a | b | ...` over several lines when it is long. */
function unionDecl(name, values) {
  const one = `export type ${name} = ${values.join(' | ')};`;
  if (one.length <= 120) return [one];
  return [`export type ${name} =`, ...values.map((v, i) => `  | ${v}${i === values.length - 1 ? ';' : ''}`)];
}

function generateIndex(model, header) {
  const { shapes } = model;
  const ops = model.operations.filter((o) => o.inCrate).sort((a, b) => byName(a.name, b.name));
  const typeName = (name) => RENAMED[name] || name;

  // The shapes reached from the operations' inputs and outputs.
  const reached = new Set();
  const visit = (name) => {
    const s = shapes[name];
    if (reached.has(name)) return;
    if (s.type === 'structure' || s.type === 'list' || s.type === 'map' || s.enum) reached.add(name);
    if (s.type === 'structure') for (const ms of Object.values(s.members)) visit(ms.shape);
    else if (s.type === 'list') visit(s.member);
    else if (s.type === 'map') visit(s.value);
  };
  for (const o of ops) for (const root of [o.input, o.output]) if (root) visit(root);

  const shapeType = (name) => {
    const s = shapes[name];
    if (s.type === 'structure') return typeName(name);
    if (s.type === 'list') {
      const t = shapeType(s.member);
      return /[ |]/.test(t) ? `(${t})[]` : `${t}[]`;
    }
    if (s.type === 'map') return `Record<string, ${shapeType(s.value)}>`;
    if (s.type === 'string' || SMITHY_STRINGS.has(name)) return s.enum ? name : 'string';
    if (s.type === 'boolean') return 'boolean';
    if (NUMBER.has(s.type)) return 'number';
    if (s.type === 'timestamp') return 'Date';
    if (s.type === 'blob') return 'Uint8Array';
    throw new Error(`codegen/dts-v3: no TypeScript type for shape ${name} (${s.type})`);
  };
  const memberType = (ms) => {
    if (ms.eventStream) return `AsyncIterable<${shapeType(ms.shape)}>`;
    if (ms.streaming) return 'StreamingBlobTypes';
    // \`Expires\`: a string in botocore, a timestamp in the Smithy model v3 is built from (and
    // in v2's model, whose rules the client applies).
    if (ms.v2Type === 'timestamp') return 'Date';
    return shapeType(ms.shape);
  };
  const memberLines = (s, omit = []) => {
    const lines = [];
    const extra = SMITHY_MEMBERS[s.name] || {};
    for (const [m, ms] of Object.entries(s.members)) {
      if (omit.includes(m)) continue;
      const opt = s.required.includes(m) ? '' : '?';
      const dep = ms.deprecated ? '/** @deprecated */ ' : '';
      lines.push(`  ${dep}${prop(m)}${opt}: ${memberType(ms)} | undefined;`);
      if (extra[m + 'String']) lines.push(`  ${prop(m + 'String')}?: ${extra[m + 'String']} | undefined;`);
    }
    for (const m of Object.keys(extra)) {
      if (s.members[m]) throw new Error(`codegen/dts-v3: ${s.name}.${m} is in the model now: drop it from SMITHY_MEMBERS`);
      if (!s.members[m.replace(/String$/, '')]) throw new Error(`codegen/dts-v3: SMITHY_MEMBERS ${s.name}.${m} follows no member`);
    }
    return lines;
  };

  // Names: each declared once.
  const names = new Map();
  const claim = (name, what) => {
    if (names.has(name)) throw new Error(`codegen/dts-v3: ${name} is both ${names.get(name)} and ${what}`);
    names.set(name, what);
  };

  const L = [];
  const { exceptions, paginators } = { exceptions: exceptionList(model), paginators: Object.keys(PAGINATED) };
  L.push(`// ${header}`);
  L.push('// The types of `s3-native/v3`, in @aws-sdk/client-s3\'s names. Written by codegen/dts-v3.js.');
  L.push('');
  L.push('/// <reference types="node" />');
  L.push('');
  L.push("import type { Readable } from 'stream';");
  L.push("import type { Agent as HttpAgent } from 'http';");
  L.push("import type { Agent as HttpsAgent } from 'https';");
  L.push('');

  // ---- Common types.
  const common = `
/** A value, or an async function that resolves it (v3's \`Provider\`). */
export type Provider<T> = () => Promise<T>;

/** What every output and every service error carries. */
export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}
export interface MetadataBearer {
  $metadata: ResponseMetadata;
}

/** A streamed payload as the model's shapes hold it. */
export type StreamingBlobTypes = Readable | ReadableStream | Blob;
/** What a streamed input member (\`Body\`) accepts. */
export type StreamingBlobPayloadInputTypes =
  | string
  | Uint8Array
  | Buffer
  | Readable
  | ReadableStream
  | import('stream/web').ReadableStream
  | Blob;
/** The helpers of a streamed output (GetObject's \`Body\`); each consumes the stream once. */
export interface SdkStreamMixin {
  transformToByteArray(): Promise<Uint8Array>;
  transformToString(encoding?: string): Promise<string>;
  transformToWebStream(): ReadableStream;
}
export type SdkStream<BaseStream> = BaseStream & SdkStreamMixin;
/** A streamed output member: a Node Readable with v3's helpers. */
export type StreamingBlobPayloadOutputTypes = SdkStream<Readable>;

/** Credentials, or an async function that resolves them (called again when they expire). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  credentialScope?: string;
  accountId?: string;
  expiration?: Date;
}
/** v3's resolved endpoint form. */
export interface EndpointV2 {
  url: URL;
  properties?: Record<string, unknown>;
  headers?: Record<string, string[]>;
}
export type AwsCredentialIdentityProvider = (props?: Record<string, any>) => Promise<AwsCredentialIdentity>;

export type RequestChecksumCalculation = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
export type ResponseChecksumValidation = 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';

/** v3's request handler options (a plain object; timeouts in ms). */
export interface NodeHttpHandlerOptions {
  requestTimeout?: number;
  connectionTimeout?: number;
  /** Only the agents' \`maxSockets\` is used: the cap on connections in flight. */
  httpAgent?: HttpAgent | { maxSockets?: number };
  httpsAgent?: HttpsAgent | { maxSockets?: number };
  throwOnRequestTimeout?: boolean;
}

export interface S3ClientConfig {
  /** @default AWS_REGION / profile */
  region?: string | Provider<string>;
  /** \`http://host:port\`; path-style is usual for a custom endpoint (\`forcePathStyle\`). */
  endpoint?: string | URL | EndpointV2 | Provider<string | URL | EndpointV2>;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Shared config / credentials profile. @default AWS_PROFILE */
  profile?: string;
  forcePathStyle?: boolean;
  /** Attempts in total. @default 3 */
  maxAttempts?: number | Provider<number>;
  retryMode?: string | Provider<string>;
  requestHandler?: NodeHttpHandlerOptions;
  requestChecksumCalculation?: RequestChecksumCalculation | Provider<RequestChecksumCalculation>;
  responseChecksumValidation?: ResponseChecksumValidation | Provider<ResponseChecksumValidation>;
  followRegionRedirects?: boolean;
  /** FIPS endpoints. @default AWS_USE_FIPS_ENDPOINT / profile, else false */
  useFipsEndpoint?: boolean;
  /** Dual-stack (IPv6) endpoints. @default AWS_USE_DUALSTACK_ENDPOINT / profile, else false */
  useDualstackEndpoint?: boolean;
  /** S3 Transfer Acceleration endpoints. @default false */
  useAccelerateEndpoint?: boolean;
  /** Accepted; the client does not log. */
  logger?: { debug?(...args: any[]): void; info?(...args: any[]): void; warn?(...args: any[]): void; error?(...args: any[]): void };
}

/** The client's configuration with defaults resolved; the providers are async, as v3's. */
export interface S3ClientResolvedConfig {
  region: Provider<string>;
  credentials: AwsCredentialIdentityProvider;
  /** Set when the configuration gives an endpoint. */
  endpoint?: Provider<{ protocol: string; hostname: string; port?: number; path: string; query: Record<string, string> }>;
  forcePathStyle: boolean;
  maxAttempts: Provider<number>;
  retryMode: Provider<string>;
  requestChecksumCalculation: Provider<RequestChecksumCalculation>;
  responseChecksumValidation: Provider<ResponseChecksumValidation>;
  followRegionRedirects: boolean;
}

/** The per-call options of \`send\` and of the \`S3\` methods. */
export interface HttpHandlerOptions {
  abortSignal?: AbortSignal;
  requestTimeout?: number;
}
export type S3RequestOptions = HttpHandlerOptions;

/** The base of every \`XCommand\`: what \`send\` accepts (its input, and its output in the types). */
export declare class Command<Input extends object, Output extends MetadataBearer> {
  #private;
  protected constructor(input?: Input);
  readonly input: Input;
  /** Type-only: never set at run time. */
  readonly __outputType?: Output;
}

export declare class S3Client {
  constructor(configuration?: S3ClientConfig);
  readonly config: S3ClientResolvedConfig;
  send<Input extends object, Output extends MetadataBearer>(command: Command<Input, Output>, options?: HttpHandlerOptions): Promise<Output>;
  send<Input extends object, Output extends MetadataBearer>(command: Command<Input, Output>, cb: (err: any, data?: Output) => void): void;
  send<Input extends object, Output extends MetadataBearer>(
    command: Command<Input, Output>,
    options: HttpHandlerOptions,
    cb: (err: any, data?: Output) => void,
  ): void;
  /** Closes the client's connections. */
  destroy(): void;
}

/** The base of every service error (\`err instanceof S3ServiceException\`). */
export declare class S3ServiceException extends Error {
  constructor(options: { name: string; $fault: 'client' | 'server'; $metadata: ResponseMetadata; message?: string; $retryable?: { throttling?: boolean } });
  name: string;
  $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  $retryable?: { throttling?: boolean };
  $response?: { statusCode: number; headers: Record<string, string>; body?: any };
}
/** The options a modelled exception is built from. */
export type ExceptionOptionType<E> = Omit<E, Exclude<keyof S3ServiceException, '$metadata' | 'message'>>;
`;
  L.push(...common.trim().split('\n'));
  for (const n of ['Provider', 'ResponseMetadata', 'MetadataBearer', 'StreamingBlobTypes', 'StreamingBlobPayloadInputTypes', 'SdkStreamMixin', 'SdkStream',
    'StreamingBlobPayloadOutputTypes', 'AwsCredentialIdentity', 'AwsCredentialIdentityProvider', 'RequestChecksumCalculation',
    'ResponseChecksumValidation', 'NodeHttpHandlerOptions', 'S3ClientConfig', 'S3ClientResolvedConfig', 'HttpHandlerOptions', 'S3RequestOptions',
    'Command', 'EndpointV2', 'S3Client', 'S3ServiceException', 'ExceptionOptionType', 'S3', 'S3PaginationConfiguration', 'Paginator',
    'WaiterConfiguration', 'WaiterResult', 'WaiterState', 'ServiceInputTypes', 'ServiceOutputTypes']) claim(n, 'a common type');
  L.push('');

  // ---- Modelled exceptions.
  L.push('// The modelled exceptions: `err instanceof NoSuchKey` (or `err.name === \'NoSuchKey\'`).');
  for (const [name, members] of exceptions) {
    claim(name, `exception ${name}`);
    L.push(`export declare class ${name} extends S3ServiceException {`);
    L.push(`  readonly name: ${quote(name)};`);
    L.push("  readonly $fault: 'client';");
    for (const [m, ms] of members) L.push(`  ${prop(m)}?: ${memberType(ms)} | undefined;`);
    L.push(`  constructor(opts: ExceptionOptionType<${name}>);`);
    L.push('}');
  }
  L.push('');

  // ---- Per operation: command, its input and output.
  const hasRequired = new Map();
  for (const o of ops) {
    const page = `/** ${API_PAGE}${o.name}.html */`;
    const inShape = shapes[o.input];
    const outShape = o.output ? shapes[o.output] : null;
    const streamIn = Object.entries(inShape.members).filter(([, ms]) => ms.streaming && !ms.eventStream).map(([m]) => m);
    const streamOut = outShape ? Object.entries(outShape.members).filter(([, ms]) => ms.streaming && !ms.eventStream).map(([m]) => m) : [];
    hasRequired.set(o.name, inShape.required.length > 0);
    const C = `${o.name}Command`;
    claim(C, `the command of ${o.name}`);
    claim(`${C}Input`, `the input of ${o.name}`);
    claim(`${C}Output`, `the output of ${o.name}`);
    const inBase = streamIn.length ? `Omit<${typeName(o.input)}, ${streamIn.map(quote).join(' | ')}>` : typeName(o.input);
    L.push(page);
    L.push(`export interface ${C}Input extends ${inBase} {`);
    for (const m of streamIn) L.push(`  ${prop(m)}${inShape.required.includes(m) ? '' : '?'}: StreamingBlobPayloadInputTypes | undefined;`);
    L.push('}');
    const outBase = outShape ? (streamOut.length ? `Omit<${typeName(o.output)}, ${streamOut.map(quote).join(' | ')}>, ` : `${typeName(o.output)}, `) : '';
    L.push(page);
    L.push(`export interface ${C}Output extends ${outBase}MetadataBearer {`);
    for (const m of streamOut) L.push(`  ${prop(m)}?: StreamingBlobPayloadOutputTypes | undefined;`);
    L.push('}');
    L.push(page);
    L.push(`export declare class ${C} extends Command<${C}Input, ${C}Output> {`);
    L.push(`  constructor(input${hasRequired.get(o.name) ? '' : '?'}: ${C}Input);`);
    L.push(`  /** The model's operation name. */`);
    L.push(`  static readonly operation: ${quote(o.name)};`);
    L.push('}');
  }
  L.push('');
  L.push(...unionDecl('ServiceInputTypes', ops.map((o) => `${o.name}CommandInput`)));
  L.push(...unionDecl('ServiceOutputTypes', ops.map((o) => `${o.name}CommandOutput`)));
  L.push('');

  // ---- The model's shapes: structures, unions, enums (by name).
  const decls = [];
  for (const name of reached) {
    const s = shapes[name];
    const n = typeName(name);
    if (s.type === 'structure' && s.exception) continue; // declared as a class above
    if (s.type === 'structure' && s.union) {
      claim(n, `union ${name}`);
      const members = Object.keys(s.members);
      const lines = [];
      const variants = [];
      for (const m of [...members, '$unknown']) {
        const v = m === '$unknown' ? '$UnknownMember' : `${m}Member`;
        variants.push(`${n}.${v}`);
        lines.push(`  interface ${v} {`);
        for (const k of members) lines.push(k === m ? `    ${prop(k)}: ${memberType(s.members[k])};` : `    ${prop(k)}?: never;`);
        lines.push(m === '$unknown' ? '    $unknown: [string, any];' : '    $unknown?: never;');
        lines.push('  }');
      }
      decls.push([n, [...unionDecl(n, variants), `export declare namespace ${n} {`, ...lines, '}']]);
    } else if (s.type === 'structure') {
      claim(n, `shape ${name}`);
      const body = memberLines(s);
      decls.push([n, body.length ? [`export interface ${n} {`, ...body, '}'] : [`export interface ${n} {}`]]);
    } else if (s.enum) {
      claim(n, `enum ${name}`);
      // The runtime's constant object (lib/generated/v3.js `enums`) and the union of its values.
      const keys = s.enum.map((v) => `  readonly ${prop(enumKey(name, v))}: ${quote(v)};`);
      decls.push([n, [`export declare const ${n}: {`, ...keys, '};', ...unionDecl(n, s.enum.map(quote))]]);
    }
  }
  decls.sort((a, b) => byName(a[0], b[0]));
  for (const [, lines] of decls) L.push(...lines);
  L.push('');

  // ---- The aggregated client.
  const method = (o) => lowerFirst(o.name);
  L.push('/** Every command as a method: `await s3.putObject(input)` or `s3.putObject(input, (err, data) => ...)`. */');
  L.push('export declare class S3 extends S3Client {');
  for (const o of ops) {
    const I = `${o.name}CommandInput`;
    const O = `${o.name}CommandOutput`;
    const m = method(o);
    if (!hasRequired.get(o.name)) L.push(`  ${m}(): Promise<${O}>;`);
    L.push(`  ${m}(args: ${I}, options?: S3RequestOptions): Promise<${O}>;`);
    L.push(`  ${m}(args: ${I}, cb: (err: any, data?: ${O}) => void): void;`);
    L.push(`  ${m}(args: ${I}, options: S3RequestOptions, cb: (err: any, data?: ${O}) => void): void;`);
  }
  L.push('}');
  L.push('');

  // ---- Paginators.
  L.push(...`
/** An async generator of pages. */
export type Paginator<T> = AsyncGenerator<T, undefined, unknown>;
export interface S3PaginationConfiguration {
  client: S3Client;
  /** The page size member (\`MaxKeys\`, ...) of each request. */
  pageSize?: number;
  /** The first request's continuation token. */
  startingToken?: any;
  /** Stop when a page returns the token it was sent with. */
  stopOnSameToken?: boolean;
}`.trim().split('\n'));
  for (const name of paginators) {
    const o = ops.find((x) => x.name === name);
    if (!o) throw new Error(`codegen/dts-v3: paginated operation ${name} has no command`);
    claim(`paginate${name}`, `the paginator of ${name}`);
    L.push(`export declare function paginate${name}(config: S3PaginationConfiguration, input: ${name}CommandInput, ...additionalArguments: any[]): Paginator<${name}CommandOutput>;`);
  }
  L.push('');

  // ---- Waiters.
  L.push(...`
export interface WaiterConfiguration<Client> {
  client: Client;
  /** Seconds to wait in total. */
  maxWaitTime: number;
  /** Seconds between attempts, at least. */
  minDelay?: number;
  /** Seconds between attempts, at most. */
  maxDelay?: number;
  abortController?: { readonly signal: AbortSignal; abort(): void };
  abortSignal?: AbortSignal;
}
export declare const WaiterState: {
  readonly ABORTED: 'ABORTED';
  readonly FAILURE: 'FAILURE';
  readonly SUCCESS: 'SUCCESS';
  readonly RETRY: 'RETRY';
  readonly TIMEOUT: 'TIMEOUT';
};
export type WaiterState = (typeof WaiterState)[keyof typeof WaiterState];
export interface WaiterResult<R = any> {
  state: WaiterState;
  /** The last response or error. */
  reason?: any;
  observedResponses?: Record<string, number>;
}`.trim().split('\n'));
  for (const [name, opName] of WAITERS) {
    const I = `${opName}CommandInput`;
    claim(`waitUntil${name}`, `waiter ${name}`);
    claim(`waitFor${name}`, `waiter ${name}`);
    L.push(`/** Resolves when the waiter succeeds; rejects (with the result's JSON as message) otherwise. */`);
    L.push(`export declare function waitUntil${name}(params: WaiterConfiguration<S3Client>, input: ${I}): Promise<WaiterResult>;`);
    L.push(`/** @deprecated Use waitUntil${name}: this one resolves with the failure too. */`);
    L.push(`export declare function waitFor${name}(params: WaiterConfiguration<S3Client>, input: ${I}): Promise<WaiterResult>;`);
  }
  return L.join('\n') + '\n';
}

/** [name, [[member, memberShape]...]] of every modelled exception, as lib/generated/v3.js lists them. */
function exceptionList(model) {
  const list = Object.values(model.shapes)
    .filter((s) => s.exception)
    .map((s) => [s.name, Object.entries(s.members).filter(([m]) => m !== 'Message')]);
  for (const name of EXTRA_EXCEPTIONS) if (!list.some(([n]) => n === name)) list.push([name, []]);
  return list.sort(([a], [b]) => byName(a, b));
}

function generateCompanions(header) {
  const head = (what) => [`// ${header}`, `// ${what} Written by codegen/dts-v3.js.`, '', '/// <reference types="node" />', ''];
  const storage = [
    ...head('`s3-native/v3/lib-storage`: @aws-sdk/lib-storage\'s `Upload`.'),
    "import { EventEmitter } from 'events';",
    "import type { S3Client, PutObjectCommandInput, CreateMultipartUploadCommandInput, UploadPartCommandInput, CompleteMultipartUploadCommandInput, CompleteMultipartUploadCommandOutput, Tag } from './index';",
    '',
    'export interface Progress {',
    '  loaded?: number;',
    '  total?: number;',
    '  part?: number;',
    '  Key?: string;',
    '  Bucket?: string;',
    '}',
    "export type BodyDataTypes = PutObjectCommandInput['Body'];",
    'export interface Configuration {',
    '  /** Parts in flight at once. @default 4 */',
    '  queueSize: number;',
    '  /** Bytes per part, at least 5 MiB. @default 5 MiB */',
    '  partSize: number;',
    '  /** Keep the uploaded parts when the upload fails (no AbortMultipartUpload). @default false */',
    '  leavePartsOnError: boolean;',
    '  /** Set on the object once uploaded. */',
    '  tags: Tag[];',
    '  abortController?: { readonly signal: AbortSignal; abort(): void };',
    '}',
    'export interface Options extends Partial<Configuration> {',
    '  params: PutObjectCommandInput & Partial<CreateMultipartUploadCommandInput & UploadPartCommandInput & CompleteMultipartUploadCommandInput>;',
    '  client: S3Client;',
    '}',
    '/** Uploads a body of any size: one PutObject when it fits one part, else a multipart upload. */',
    'export declare class Upload extends EventEmitter {',
    '  constructor(options: Options);',
    '  uploadId?: string;',
    '  /** Stops the upload; `done()` rejects with an `AbortError`. */',
    '  abort(): Promise<void>;',
    '  done(): Promise<CompleteMultipartUploadCommandOutput>;',
    "  on(event: 'httpUploadProgress', listener: (progress: Progress) => void): this;",
    '  on(event: string | symbol, listener: (...args: any[]) => void): this;',
    '}',
  ];
  const presigner = [
    ...head('`s3-native/v3/s3-request-presigner`: @aws-sdk/s3-request-presigner\'s `getSignedUrl`.'),
    "import type { S3Client, Command, MetadataBearer } from './index';",
    '',
    'export interface RequestPresigningArguments {',
    '  /** Seconds the URL is valid for, at most 604800 (7 days). @default 900 */',
    '  expiresIn?: number;',
    '  /** Not supported when not empty (rejects): the host and the headers the input produces are signed. */',
    '  signableHeaders?: Set<string>;',
    '  /** Accepted; no header is signed beyond those the input produces. */',
    '  unsignableHeaders?: Set<string>;',
    '  /** The signing time. @default now */',
    '  signingDate?: Date;',
    '}',
    '/** A presigned URL for the command (its method and input), signed with the client\'s credentials. */',
    'export declare function getSignedUrl<Input extends object, Output extends MetadataBearer>(',
    '  client: S3Client,',
    '  command: Command<Input, Output>,',
    '  options?: RequestPresigningArguments,',
    '): Promise<string>;',
  ];
  const post = [
    ...head('`s3-native/v3/s3-presigned-post`: @aws-sdk/s3-presigned-post\'s `createPresignedPost`.'),
    "import type { S3Client } from './index';",
    '',
    '/** A POST policy condition: `{ field: value }` or `[op, field, value]` / `[\'content-length-range\', min, max]`. */',
    'export type Conditions = Record<string, string> | [string, string, string] | [string, number, number];',
    'export interface PresignedPostOptions {',
    '  Bucket: string;',
    '  /** May end in `${filename}`. */',
    '  Key: string;',
    '  Conditions?: Conditions[];',
    '  /** Form fields to include (and sign). */',
    '  Fields?: Record<string, string>;',
    '  /** Seconds the policy is valid for. @default 3600 */',
    '  Expires?: number;',
    '}',
    'export interface PresignedPost {',
    '  url: string;',
    '  fields: Record<string, string>;',
    '}',
    'export declare function createPresignedPost(client: S3Client, options: PresignedPostOptions): Promise<PresignedPost>;',
  ];
  return {
    'v3/lib-storage.d.ts': storage.join('\n') + '\n',
    'v3/s3-request-presigner.d.ts': presigner.join('\n') + '\n',
    'v3/s3-presigned-post.d.ts': post.join('\n') + '\n',
  };
}

function generateDtsV3(model, header) {
  return { 'v3/index.d.ts': generateIndex(model, header), ...generateCompanions(header) };
}

module.exports = { generateDtsV3 };
