//! PutObject.

use std::collections::HashMap;

use aws_sdk_s3::config::RequestChecksumCalculation;
use aws_sdk_s3::operation::put_object::builders::PutObjectFluentBuilder;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ObjectLockEventHold;
use aws_sdk_s3::types::{
  ChecksumAlgorithm, ObjectCannedAcl, ObjectLockLegalHoldStatus, ObjectLockMode, RequestPayer, ServerSideEncryption,
  StorageClass,
};
use bytes::Bytes;
use napi::bindgen_prelude::{Buffer, BufferSlice, PromiseRaw};
use napi::{Env, Result};
use napi_derive::napi;
use tokio::sync::{mpsc, oneshot, Mutex};

use super::ts;
use crate::abort::{AbortState, NativeAbort};
use crate::body::ChannelBody;
use crate::call::{instrumented, queued, ResponseMeta};
use crate::client::{Inner, NativeS3Client};
use crate::config::ResolvedConfig;
use crate::error::NativeError;
use crate::progress::{counted, NativeProgress};
use std::sync::Arc;

/// PutObject input under the AWS names. `Body` travels separately (see `putObject`).
#[napi(object, object_from_js = false)]
pub struct PutObjectInput {
  #[napi(js_name = "Bucket")]
  pub bucket: String,
  #[napi(js_name = "Key")]
  pub key: String,
  #[napi(js_name = "ACL")]
  pub acl: Option<String>,
  #[napi(js_name = "CacheControl")]
  pub cache_control: Option<String>,
  #[napi(js_name = "ContentDisposition")]
  pub content_disposition: Option<String>,
  #[napi(js_name = "ContentEncoding")]
  pub content_encoding: Option<String>,
  #[napi(js_name = "ContentLanguage")]
  pub content_language: Option<String>,
  #[napi(js_name = "ContentLength")]
  pub content_length: Option<i64>,
  #[napi(js_name = "ContentMD5")]
  pub content_md5: Option<String>,
  #[napi(js_name = "ContentType")]
  pub content_type: Option<String>,
  #[napi(js_name = "ChecksumAlgorithm")]
  pub checksum_algorithm: Option<String>,
  #[napi(js_name = "ChecksumCRC32")]
  pub checksum_crc32: Option<String>,
  #[napi(js_name = "ChecksumCRC32C")]
  pub checksum_crc32_c: Option<String>,
  #[napi(js_name = "ChecksumCRC64NVME")]
  pub checksum_crc64_nvme: Option<String>,
  #[napi(js_name = "ChecksumSHA1")]
  pub checksum_sha1: Option<String>,
  #[napi(js_name = "ChecksumSHA256")]
  pub checksum_sha256: Option<String>,
  #[napi(js_name = "ChecksumSHA512")]
  pub checksum_sha512: Option<String>,
  #[napi(js_name = "ChecksumMD5")]
  pub checksum_md5: Option<String>,
  #[napi(js_name = "ChecksumXXHASH64")]
  pub checksum_xxhash64: Option<String>,
  #[napi(js_name = "ChecksumXXHASH3")]
  pub checksum_xxhash3: Option<String>,
  #[napi(js_name = "ChecksumXXHASH128")]
  pub checksum_xxhash128: Option<String>,
  /// Epoch seconds.
  #[napi(js_name = "Expires")]
  pub expires: Option<f64>,
  #[napi(js_name = "IfMatch")]
  pub if_match: Option<String>,
  #[napi(js_name = "IfNoneMatch")]
  pub if_none_match: Option<String>,
  #[napi(js_name = "GrantFullControl")]
  pub grant_full_control: Option<String>,
  #[napi(js_name = "GrantRead")]
  pub grant_read: Option<String>,
  #[napi(js_name = "GrantReadACP")]
  pub grant_read_acp: Option<String>,
  #[napi(js_name = "GrantWriteACP")]
  pub grant_write_acp: Option<String>,
  #[napi(js_name = "Metadata")]
  pub metadata: Option<HashMap<String, String>>,
  #[napi(js_name = "ServerSideEncryption")]
  pub server_side_encryption: Option<String>,
  #[napi(js_name = "StorageClass")]
  pub storage_class: Option<String>,
  #[napi(js_name = "WebsiteRedirectLocation")]
  pub website_redirect_location: Option<String>,
  #[napi(js_name = "SSECustomerAlgorithm")]
  pub sse_customer_algorithm: Option<String>,
  #[napi(js_name = "SSECustomerKey")]
  pub sse_customer_key: Option<String>,
  #[napi(js_name = "SSECustomerKeyMD5")]
  pub sse_customer_key_md5: Option<String>,
  #[napi(js_name = "SSEKMSKeyId")]
  pub ssekms_key_id: Option<String>,
  #[napi(js_name = "SSEKMSEncryptionContext")]
  pub ssekms_encryption_context: Option<String>,
  #[napi(js_name = "BucketKeyEnabled")]
  pub bucket_key_enabled: Option<bool>,
  #[napi(js_name = "RequestPayer")]
  pub request_payer: Option<String>,
  #[napi(js_name = "Tagging")]
  pub tagging: Option<String>,
  #[napi(js_name = "ObjectLockMode")]
  pub object_lock_mode: Option<String>,
  /// Epoch seconds.
  #[napi(js_name = "ObjectLockRetainUntilDate")]
  pub object_lock_retain_until_date: Option<f64>,
  #[napi(js_name = "ObjectLockLegalHoldStatus")]
  pub object_lock_legal_hold_status: Option<String>,
  #[napi(js_name = "ObjectLockEventHold")]
  pub object_lock_event_hold: Option<String>,
  #[napi(js_name = "ObjectLockEventHoldDurationDays")]
  pub object_lock_event_hold_duration_days: Option<i32>,
  #[napi(js_name = "ObjectLockEventHoldDurationYears")]
  pub object_lock_event_hold_duration_years: Option<i32>,
  #[napi(js_name = "WriteOffsetBytes")]
  pub write_offset_bytes: Option<i64>,
  #[napi(js_name = "ExpectedBucketOwner")]
  pub expected_bucket_owner: Option<String>,
}

crate::input::js_input!(PutObjectInput {
  "Bucket" => bucket,
  "Key" => key,
  "ACL" => acl,
  "CacheControl" => cache_control,
  "ContentDisposition" => content_disposition,
  "ContentEncoding" => content_encoding,
  "ContentLanguage" => content_language,
  "ContentLength" => content_length,
  "ContentMD5" => content_md5,
  "ContentType" => content_type,
  "ChecksumAlgorithm" => checksum_algorithm,
  "ChecksumCRC32" => checksum_crc32,
  "ChecksumCRC32C" => checksum_crc32_c,
  "ChecksumCRC64NVME" => checksum_crc64_nvme,
  "ChecksumSHA1" => checksum_sha1,
  "ChecksumSHA256" => checksum_sha256,
  "ChecksumSHA512" => checksum_sha512,
  "ChecksumMD5" => checksum_md5,
  "ChecksumXXHASH64" => checksum_xxhash64,
  "ChecksumXXHASH3" => checksum_xxhash3,
  "ChecksumXXHASH128" => checksum_xxhash128,
  "Expires" => expires,
  "IfMatch" => if_match,
  "IfNoneMatch" => if_none_match,
  "GrantFullControl" => grant_full_control,
  "GrantRead" => grant_read,
  "GrantReadACP" => grant_read_acp,
  "GrantWriteACP" => grant_write_acp,
  "Metadata" => metadata,
  "ServerSideEncryption" => server_side_encryption,
  "StorageClass" => storage_class,
  "WebsiteRedirectLocation" => website_redirect_location,
  "SSECustomerAlgorithm" => sse_customer_algorithm,
  "SSECustomerKey" => sse_customer_key,
  "SSECustomerKeyMD5" => sse_customer_key_md5,
  "SSEKMSKeyId" => ssekms_key_id,
  "SSEKMSEncryptionContext" => ssekms_encryption_context,
  "BucketKeyEnabled" => bucket_key_enabled,
  "RequestPayer" => request_payer,
  "Tagging" => tagging,
  "ObjectLockMode" => object_lock_mode,
  "ObjectLockRetainUntilDate" => object_lock_retain_until_date,
  "ObjectLockLegalHoldStatus" => object_lock_legal_hold_status,
  "ObjectLockEventHold" => object_lock_event_hold,
  "ObjectLockEventHoldDurationDays" => object_lock_event_hold_duration_days,
  "ObjectLockEventHoldDurationYears" => object_lock_event_hold_duration_years,
  "WriteOffsetBytes" => write_offset_bytes,
  "ExpectedBucketOwner" => expected_bucket_owner,
});

/// PutObject output: only the members S3 returned.
#[napi(object)]
pub struct PutObjectOutput {
  #[napi(js_name = "Expiration")]
  pub expiration: Option<String>,
  #[napi(js_name = "ETag")]
  pub e_tag: Option<String>,
  #[napi(js_name = "ChecksumCRC32")]
  pub checksum_crc32: Option<String>,
  #[napi(js_name = "ChecksumCRC32C")]
  pub checksum_crc32_c: Option<String>,
  #[napi(js_name = "ChecksumCRC64NVME")]
  pub checksum_crc64_nvme: Option<String>,
  #[napi(js_name = "ChecksumSHA1")]
  pub checksum_sha1: Option<String>,
  #[napi(js_name = "ChecksumSHA256")]
  pub checksum_sha256: Option<String>,
  #[napi(js_name = "ChecksumSHA512")]
  pub checksum_sha512: Option<String>,
  #[napi(js_name = "ChecksumMD5")]
  pub checksum_md5: Option<String>,
  #[napi(js_name = "ChecksumXXHASH64")]
  pub checksum_xxhash64: Option<String>,
  #[napi(js_name = "ChecksumXXHASH3")]
  pub checksum_xxhash3: Option<String>,
  #[napi(js_name = "ChecksumXXHASH128")]
  pub checksum_xxhash128: Option<String>,
  #[napi(js_name = "ChecksumType")]
  pub checksum_type: Option<String>,
  #[napi(js_name = "ServerSideEncryption")]
  pub server_side_encryption: Option<String>,
  #[napi(js_name = "VersionId")]
  pub version_id: Option<String>,
  #[napi(js_name = "SSECustomerAlgorithm")]
  pub sse_customer_algorithm: Option<String>,
  #[napi(js_name = "SSECustomerKeyMD5")]
  pub sse_customer_key_md5: Option<String>,
  #[napi(js_name = "SSEKMSKeyId")]
  pub ssekms_key_id: Option<String>,
  #[napi(js_name = "SSEKMSEncryptionContext")]
  pub ssekms_encryption_context: Option<String>,
  #[napi(js_name = "BucketKeyEnabled")]
  pub bucket_key_enabled: Option<bool>,
  #[napi(js_name = "Size")]
  pub size: Option<i64>,
  #[napi(js_name = "RequestCharged")]
  pub request_charged: Option<String>,
}

/// Either `output` or `error`, and always `meta`.
#[napi(object)]
pub struct PutObjectResult {
  pub output: Option<PutObjectOutput>,
  pub error: Option<NativeError>,
  pub meta: ResponseMeta,
}

fn s(v: Option<&str>) -> Option<String> {
  v.map(str::to_owned)
}

fn request(client: &aws_sdk_s3::Client, i: PutObjectInput) -> PutObjectFluentBuilder {
  client
    .put_object()
    .bucket(i.bucket)
    .key(i.key)
    .set_acl(i.acl.as_deref().map(ObjectCannedAcl::from))
    .set_cache_control(i.cache_control)
    .set_content_disposition(i.content_disposition)
    .set_content_encoding(i.content_encoding)
    .set_content_language(i.content_language)
    .set_content_length(i.content_length)
    .set_content_md5(i.content_md5)
    .set_content_type(i.content_type)
    .set_checksum_algorithm(i.checksum_algorithm.as_deref().map(ChecksumAlgorithm::from))
    .set_checksum_crc32(i.checksum_crc32)
    .set_checksum_crc32_c(i.checksum_crc32_c)
    .set_checksum_crc64_nvme(i.checksum_crc64_nvme)
    .set_checksum_sha1(i.checksum_sha1)
    .set_checksum_sha256(i.checksum_sha256)
    .set_checksum_sha512(i.checksum_sha512)
    .set_checksum_md5(i.checksum_md5)
    .set_checksum_xxhash64(i.checksum_xxhash64)
    .set_checksum_xxhash3(i.checksum_xxhash3)
    .set_checksum_xxhash128(i.checksum_xxhash128)
    .set_expires(ts(i.expires))
    .set_if_match(i.if_match)
    .set_if_none_match(i.if_none_match)
    .set_grant_full_control(i.grant_full_control)
    .set_grant_read(i.grant_read)
    .set_grant_read_acp(i.grant_read_acp)
    .set_grant_write_acp(i.grant_write_acp)
    .set_metadata(i.metadata)
    .set_server_side_encryption(i.server_side_encryption.as_deref().map(ServerSideEncryption::from))
    .set_storage_class(i.storage_class.as_deref().map(StorageClass::from))
    .set_website_redirect_location(i.website_redirect_location)
    .set_sse_customer_algorithm(i.sse_customer_algorithm)
    .set_sse_customer_key(i.sse_customer_key)
    .set_sse_customer_key_md5(i.sse_customer_key_md5)
    .set_ssekms_key_id(i.ssekms_key_id)
    .set_ssekms_encryption_context(i.ssekms_encryption_context)
    .set_bucket_key_enabled(i.bucket_key_enabled)
    .set_request_payer(i.request_payer.as_deref().map(RequestPayer::from))
    .set_tagging(i.tagging)
    .set_object_lock_mode(i.object_lock_mode.as_deref().map(ObjectLockMode::from))
    .set_object_lock_retain_until_date(ts(i.object_lock_retain_until_date))
    .set_object_lock_legal_hold_status(
      i.object_lock_legal_hold_status
        .as_deref()
        .map(ObjectLockLegalHoldStatus::from),
    )
    .set_object_lock_event_hold(i.object_lock_event_hold.as_deref().map(ObjectLockEventHold::from))
    .set_object_lock_event_hold_duration_days(i.object_lock_event_hold_duration_days)
    .set_object_lock_event_hold_duration_years(i.object_lock_event_hold_duration_years)
    .set_write_offset_bytes(i.write_offset_bytes)
    .set_expected_bucket_owner(i.expected_bucket_owner)
}

/// The checksum values a caller may compute and pass themselves.
fn checksum_values(i: &PutObjectInput) -> [&Option<String>; 10] {
  [
    &i.checksum_crc32,
    &i.checksum_crc32_c,
    &i.checksum_crc64_nvme,
    &i.checksum_sha1,
    &i.checksum_sha256,
    &i.checksum_sha512,
    &i.checksum_md5,
    &i.checksum_xxhash64,
    &i.checksum_xxhash3,
    &i.checksum_xxhash128,
  ]
}

/// Whether the request carries an integrity check besides the payload signature: the SDK's CRC32
/// (checksums `WHEN_SUPPORTED`), an algorithm the caller chose, or a checksum / MD5 they computed.
/// An integrity member the caller set (for `glue::unsigned_payload_for`).
fn has_integrity_member(i: &PutObjectInput) -> bool {
  i.checksum_algorithm.is_some() || i.content_md5.is_some() || checksum_values(i).iter().any(|c| c.is_some())
}

/// A ChecksumAlgorithm the caller chose, with no checksum value of their own, under
/// WHEN_REQUIRED (see `run`).
fn asks_for_checksum(i: &PutObjectInput, resolved: &ResolvedConfig) -> bool {
  i.checksum_algorithm.is_some()
    && resolved.request_checksum_calculation != "WHEN_SUPPORTED"
    && checksum_values(i).iter().all(|c| c.is_none())
}

/// Sends one PutObject and turns the outcome into a `PutObjectResult`. `in_memory` is the body
/// length when the body is a buffer (streamed bodies are never hashed up front).
async fn run(
  inner: Arc<Inner>,
  input: PutObjectInput,
  body: impl std::future::Future<Output = std::result::Result<ByteStream, NativeError>> + Send + 'static,
  in_memory: Option<usize>,
  want_headers: bool,
  abort: Option<Arc<AbortState>>,
  headers: Option<Vec<String>>,
) -> PutObjectResult {
  queued(&inner, abort, headers, move |built, slot| async move {
    let _slot = slot;
    let body = match body.await {
      Ok(b) => b,
      Err(e) => return e.into(),
    };
    let unsigned = crate::glue::unsigned_payload_for(in_memory, &built.resolved, || has_integrity_member(&input));
    let asked = asks_for_checksum(&input, &built.resolved);
    let req = request(&built.client, input).body(body);
    let (res, stats) = if unsigned || asked {
      let mut c = req.customize();
      if asked {
        // The SDK honours a caller's ChecksumAlgorithm only under WHEN_SUPPORTED: under
        // WHEN_REQUIRED it sends the algorithm's name and no checksum, so this one request
        // calculates as under WHEN_SUPPORTED.
        c = c.config_override(
          aws_sdk_s3::config::Builder::default()
            .request_checksum_calculation(RequestChecksumCalculation::WhenSupported),
        );
      }
      if unsigned {
        c = c.disable_payload_signing();
      }
      instrumented(want_headers, Box::pin(c.send())).await
    } else {
      instrumented(want_headers, Box::pin(req.send())).await
    };
    match res {
      Ok(o) => PutObjectResult {
        output: Some(PutObjectOutput {
          expiration: s(o.expiration()),
          e_tag: s(o.e_tag()),
          checksum_crc32: s(o.checksum_crc32()),
          checksum_crc32_c: s(o.checksum_crc32_c()),
          checksum_crc64_nvme: s(o.checksum_crc64_nvme()),
          checksum_sha1: s(o.checksum_sha1()),
          checksum_sha256: s(o.checksum_sha256()),
          checksum_sha512: s(o.checksum_sha512()),
          checksum_md5: s(o.checksum_md5()),
          checksum_xxhash64: s(o.checksum_xxhash64()),
          checksum_xxhash3: s(o.checksum_xxhash3()),
          checksum_xxhash128: s(o.checksum_xxhash128()),
          checksum_type: o.checksum_type().map(|v| v.as_str().to_owned()),
          server_side_encryption: o.server_side_encryption().map(|v| v.as_str().to_owned()),
          version_id: s(o.version_id()),
          sse_customer_algorithm: s(o.sse_customer_algorithm()),
          sse_customer_key_md5: s(o.sse_customer_key_md5()),
          ssekms_key_id: s(o.ssekms_key_id()),
          ssekms_encryption_context: s(o.ssekms_encryption_context()),
          bucket_key_enabled: o.bucket_key_enabled(),
          size: o.size(),
          request_charged: o.request_charged().map(|v| v.as_str().to_owned()),
        }),
        error: None,
        meta: stats.into_meta(),
      },
      Err(e) => PutObjectResult {
        output: None,
        error: Some(NativeError::from_sdk(&e, &stats, &built.resolved.region)),
        meta: stats.into_meta(),
      },
    }
  })
  .await
}

crate::call::result_from_error!(PutObjectResult);

async fn ready(b: ByteStream) -> std::result::Result<ByteStream, NativeError> {
  Ok(b)
}

/// The upload side of a streamed PutObject: JS writes chunks, the SDK sends them.
#[napi]
pub struct NativeUploadSink {
  tx: std::sync::Mutex<Option<mpsc::Sender<std::io::Result<Bytes>>>>,
  failed: Arc<std::sync::OnceLock<String>>,
  result: Mutex<Option<oneshot::Receiver<PutObjectResult>>>,
}

#[napi]
impl NativeUploadSink {
  /// Queues a chunk (copied now); resolves `true` once the upload has room for more, `false`
  /// when the upload already ended (its result says why).
  #[napi(catch_unwind, ts_return_type = "Promise<boolean>")]
  pub fn write<'env>(&self, env: &'env Env, chunk: BufferSlice<'_>) -> Result<PromiseRaw<'env, bool>> {
    let bytes = Bytes::copy_from_slice(&chunk);
    let tx = self.tx.lock().map(|g| g.clone()).unwrap_or(None);
    crate::complete::spawn(env, move || async move {
      Ok(match tx {
        Some(tx) => tx.send(Ok(bytes)).await.is_ok(),
        None => false,
      })
    })
  }

  /// Ends the body: no more chunks.
  #[napi(catch_unwind)]
  pub fn end(&self) {
    if let Ok(mut g) = self.tx.lock() {
      g.take();
    }
  }

  /// Fails the upload (the source stream errored); S3 never sees a complete body.
  #[napi(catch_unwind)]
  pub fn fail(&self, reason: String) {
    let _ = self.failed.set(reason.clone());
    let tx = self.tx.lock().ok().and_then(|mut g| g.take());
    if let Some(tx) = tx {
      let _ = tx.try_send(Err(std::io::Error::other(reason)));
    }
  }

  /// The outcome of the upload.
  #[napi]
  pub async fn result(&self) -> PutObjectResult {
    let rx = self.result.lock().await.take();
    match rx {
      Some(rx) => rx.await.unwrap_or_else(|_| PutObjectResult {
        output: None,
        error: Some(NativeError::new(
          "InternalError",
          "upload task ended without a result",
          false,
        )),
        meta: ResponseMeta::none(),
      }),
      None => PutObjectResult {
        output: None,
        error: Some(NativeError::new("InternalError", "result() was already taken", false)),
        meta: ResponseMeta::none(),
      },
    }
  }
}

#[napi]
impl NativeS3Client {
  /// Uploads one object from memory. `body` is copied before this returns (the bytes sent are
  /// the bytes at call time); `ownedBody` is sent without a copy and must not be touched until
  /// the promise settles.
  ///
  /// ```js
  /// const r = await client.putObject({ Bucket: 'b', Key: 'k' }, Buffer.from('hi'), null, false, null)
  /// ```
  // The binding's positional arguments mirror the JS call site.
  #[allow(clippy::too_many_arguments)]
  #[napi(catch_unwind, ts_return_type = "Promise<PutObjectResult>")]
  pub fn put_object<'env>(
    &self,
    env: &'env Env,
    input: PutObjectInput,
    body: Option<BufferSlice<'_>>,
    owned_body: Option<Buffer>,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    progress: Option<&NativeProgress>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, PutObjectResult>> {
    let bytes = crate::body::take(body, owned_body);
    let len = bytes.len();
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    let progress = progress.map(|p| p.counter.clone());
    crate::complete::spawn(env, move || async move {
      Ok(
        run(
          inner,
          input,
          ready(counted(ByteStream::from(bytes), progress)),
          Some(len),
          want_headers.unwrap_or(false),
          abort,
          headers,
        )
        .await,
      )
    })
  }

  /// Uploads `length` bytes of the file at `path` from `offset`, read natively (retryable).
  ///
  /// ```js
  /// const r = await client.putObjectFile({ Bucket: 'b', Key: 'k' }, '/tmp/f', 0, 1024, false, null)
  /// ```
  // The binding's positional arguments mirror the JS call site.
  #[allow(clippy::too_many_arguments)]
  #[napi(catch_unwind, ts_return_type = "Promise<PutObjectResult>")]
  pub fn put_object_file<'env>(
    &self,
    env: &'env Env,
    input: PutObjectInput,
    path: String,
    offset: i64,
    length: i64,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    progress: Option<&NativeProgress>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, PutObjectResult>> {
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    let progress = progress.map(|p| p.counter.clone());
    crate::complete::spawn(env, move || async move {
      let body = async move {
        let file = crate::ops::generic::FileBody { path, offset, length };
        crate::ops::generic::file_stream(file)
          .await
          .map(|b| counted(b, progress))
      };
      Ok(run(inner, input, body, None, want_headers.unwrap_or(false), abort, headers).await)
    })
  }

  /// Starts a PutObject whose body JS streams in through the returned sink; `input.ContentLength`
  /// is required.
  ///
  /// ```js
  /// const sink = client.putObjectStream({ Bucket: 'b', Key: 'k', ContentLength: 3 }, false, null)
  /// await sink.write(Buffer.from('abc')); sink.end(); const r = await sink.result()
  /// ```
  #[napi(catch_unwind)]
  pub fn put_object_stream(
    &self,
    input: PutObjectInput,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    headers: Option<Vec<String>>,
  ) -> NativeUploadSink {
    let (tx, rx) = mpsc::channel(4);
    let (done_tx, done_rx) = oneshot::channel();
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    let len = input.content_length.unwrap_or(0).max(0) as u64;
    let failed = Arc::new(std::sync::OnceLock::new());
    let body_failed = failed.clone();
    napi::bindgen_prelude::spawn(async move {
      let body = ChannelBody::new(rx, len, body_failed);
      let r = run(
        inner,
        input,
        ready(ByteStream::from_body_1_x(body)),
        None,
        want_headers.unwrap_or(false),
        abort,
        headers,
      )
      .await;
      let _ = done_tx.send(r);
    });
    NativeUploadSink {
      tx: std::sync::Mutex::new(Some(tx)),
      failed,
      result: Mutex::new(Some(done_rx)),
    }
  }
}
