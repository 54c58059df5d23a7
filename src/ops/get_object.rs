//! GetObject (whole body as a Buffer, or a pull stream) and HeadObject.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ChecksumMode, RequestPayer};
use napi::bindgen_prelude::PromiseRaw;
use napi::{Env, Result};
use napi_derive::napi;

use super::generic::FileBody;
use super::get_body::{ResumableBody, Resume};
use super::object_output::{object_output, ObjectOutput};
use super::ts;
use crate::abort::{abortable, AbortState, NativeAbort};
use crate::body::ExternalBytes;
use crate::call::{instrumented, queued, ResponseMeta};
use crate::client::NativeS3Client;
use crate::error::NativeError;

/// GetObject / HeadObject input under the AWS names; timestamps in epoch seconds.
#[napi(object, object_from_js = false)]
pub struct ObjectReadInput {
  #[napi(js_name = "Bucket")]
  pub bucket: String,
  #[napi(js_name = "Key")]
  pub key: String,
  #[napi(js_name = "IfMatch")]
  pub if_match: Option<String>,
  #[napi(js_name = "IfModifiedSince")]
  pub if_modified_since: Option<f64>,
  #[napi(js_name = "IfNoneMatch")]
  pub if_none_match: Option<String>,
  #[napi(js_name = "IfUnmodifiedSince")]
  pub if_unmodified_since: Option<f64>,
  #[napi(js_name = "Range")]
  pub range: Option<String>,
  #[napi(js_name = "ResponseCacheControl")]
  pub response_cache_control: Option<String>,
  #[napi(js_name = "ResponseContentDisposition")]
  pub response_content_disposition: Option<String>,
  #[napi(js_name = "ResponseContentEncoding")]
  pub response_content_encoding: Option<String>,
  #[napi(js_name = "ResponseContentLanguage")]
  pub response_content_language: Option<String>,
  #[napi(js_name = "ResponseContentType")]
  pub response_content_type: Option<String>,
  #[napi(js_name = "ResponseExpires")]
  pub response_expires: Option<f64>,
  #[napi(js_name = "VersionId")]
  pub version_id: Option<String>,
  #[napi(js_name = "SSECustomerAlgorithm")]
  pub sse_customer_algorithm: Option<String>,
  #[napi(js_name = "SSECustomerKey")]
  pub sse_customer_key: Option<String>,
  #[napi(js_name = "SSECustomerKeyMD5")]
  pub sse_customer_key_md5: Option<String>,
  #[napi(js_name = "RequestPayer")]
  pub request_payer: Option<String>,
  #[napi(js_name = "PartNumber")]
  pub part_number: Option<i32>,
  #[napi(js_name = "ExpectedBucketOwner")]
  pub expected_bucket_owner: Option<String>,
  #[napi(js_name = "ChecksumMode")]
  pub checksum_mode: Option<String>,
}

crate::input::js_input!(ObjectReadInput {
  "Bucket" => bucket,
  "Key" => key,
  "IfMatch" => if_match,
  "IfModifiedSince" => if_modified_since,
  "IfNoneMatch" => if_none_match,
  "IfUnmodifiedSince" => if_unmodified_since,
  "Range" => range,
  "ResponseCacheControl" => response_cache_control,
  "ResponseContentDisposition" => response_content_disposition,
  "ResponseContentEncoding" => response_content_encoding,
  "ResponseContentLanguage" => response_content_language,
  "ResponseContentType" => response_content_type,
  "ResponseExpires" => response_expires,
  "VersionId" => version_id,
  "SSECustomerAlgorithm" => sse_customer_algorithm,
  "SSECustomerKey" => sse_customer_key,
  "SSECustomerKeyMD5" => sse_customer_key_md5,
  "RequestPayer" => request_payer,
  "PartNumber" => part_number,
  "ExpectedBucketOwner" => expected_bucket_owner,
  "ChecksumMode" => checksum_mode,
});

/// Sets the shared members on a GetObject or HeadObject fluent builder.
macro_rules! read_request {
  ($b:expr, $i:expr) => {{
    let i = $i;
    $b.bucket(i.bucket)
      .key(i.key)
      .set_if_match(i.if_match)
      .set_if_modified_since(ts(i.if_modified_since))
      .set_if_none_match(i.if_none_match)
      .set_if_unmodified_since(ts(i.if_unmodified_since))
      .set_range(i.range)
      .set_response_cache_control(i.response_cache_control)
      .set_response_content_disposition(i.response_content_disposition)
      .set_response_content_encoding(i.response_content_encoding)
      .set_response_content_language(i.response_content_language)
      .set_response_content_type(i.response_content_type)
      .set_response_expires(ts(i.response_expires))
      .set_version_id(i.version_id)
      .set_sse_customer_algorithm(i.sse_customer_algorithm)
      .set_sse_customer_key(i.sse_customer_key)
      .set_sse_customer_key_md5(i.sse_customer_key_md5)
      .set_request_payer(i.request_payer.as_deref().map(RequestPayer::from))
      .set_part_number(i.part_number)
      .set_expected_bucket_owner(i.expected_bucket_owner)
      .set_checksum_mode(i.checksum_mode.as_deref().map(ChecksumMode::from))
  }};
}

/// Either `output` (with `body` or `stream` for GetObject) or `error`, and always `meta`.
#[napi(object, object_from_js = false)]
pub struct GetObjectResult {
  pub output: Option<ObjectOutput>,
  #[napi(ts_type = "Buffer")]
  pub body: Option<ExternalBytes>,
  pub stream: Option<NativeBodyStream>,
  pub error: Option<NativeError>,
  pub meta: ResponseMeta,
}

#[napi(object)]
pub struct HeadObjectResult {
  pub output: Option<ObjectOutput>,
  pub error: Option<NativeError>,
  pub meta: ResponseMeta,
}

/// One `read()` of a body stream: a chunk, the end (neither set), or an error.
#[napi(object, object_from_js = false)]
pub struct BodyChunk {
  #[napi(ts_type = "Buffer")]
  pub chunk: Option<ExternalBytes>,
  pub error: Option<NativeError>,
}

struct BodyState {
  body: ResumableBody,
  /// Bytes read past the end of the previous run (they did not fit its buffer).
  carry: Option<bytes::Bytes>,
}

/// A GetObject body, pulled chunk by chunk by the JS Readable (backpressure: nothing is read
/// from the socket until JS asks).
#[napi]
pub struct NativeBodyStream {
  state: Arc<tokio::sync::Mutex<BodyState>>,
  abort: Arc<AbortState>,
}

/// A streaming GetObject of at most this many bytes (Content-Length) returns its body whole.
const SMALL_BODY: i64 = 64 * 1024;
/// Chunks smaller than this are coalesced (when more is already available) to cut per-call cost.
const MIN_CHUNK: usize = 256 * 1024;
/// How long a read waits for more bytes to fill a MIN_CHUNK run before handing over what it has.
const COALESCE_WINDOW: Duration = Duration::from_millis(2);

impl BodyState {
  /// Next run of bytes (at least MIN_CHUNK unless the body ends), `None` at the end.
  async fn read(&mut self) -> std::result::Result<Option<Vec<u8>>, NativeError> {
    let mut out: Vec<u8> = Vec::new();
    let mut deadline = None;
    loop {
      let first = out.is_empty();
      // Bytes left over from the previous run come first.
      let chunk = if let Some(c) = self.carry.take() {
        Some(c)
      } else if first {
        self.body.next().await?
      } else {
        // Wait a little for more (a short window from the first byte of this run): one JS
        // round trip per ~MIN_CHUNK instead of per socket read. `next()` is cancel-safe.
        let until = *deadline.get_or_insert_with(|| tokio::time::Instant::now() + COALESCE_WINDOW);
        match tokio::time::timeout_at(until, self.body.next()).await {
          Err(_) => break,
          // The stream fails as a whole: the bytes of this run would not help the reader.
          Ok(Err(e)) => return Err(e),
          Ok(Ok(c)) => c,
        }
      };
      let Some(mut b) = chunk else { break };
      if first && b.len() >= MIN_CHUNK {
        return Ok(Some(Vec::from(b)));
      }
      if out.capacity() == 0 {
        // Sized once and never grown: growing would copy the run, and a Vec grown by
        // doubling holds up to twice the bytes its Buffer reports to V8.
        out.reserve_exact(MIN_CHUNK + b.len());
      }
      let room = out.capacity() - out.len();
      if b.len() > room {
        self.carry = Some(b.split_off(room));
        out.extend_from_slice(&b);
        break;
      }
      out.extend_from_slice(&b);
      if out.len() >= MIN_CHUNK {
        break;
      }
    }
    if out.capacity() > 2 * out.len() {
      // A short run (a small body, the end of one): its Buffer reports only its length to V8,
      // so a MIN_CHUNK allocation behind it would hold ~256 KiB per chunk until a collection.
      out.shrink_to_fit();
    }
    Ok(if out.is_empty() { None } else { Some(out) })
  }
}

#[napi]
impl NativeBodyStream {
  /// The next chunk; `{}` (no chunk, no error) at the end.
  #[napi(catch_unwind, ts_return_type = "Promise<BodyChunk>")]
  pub fn read<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, BodyChunk>> {
    let state = self.state.clone();
    let abort = self.abort.clone();
    crate::complete::spawn(env, move || async move {
      let r = abortable(Some(abort), async move { state.lock().await.read().await }).await;
      Ok(chunk_result(r))
    })
  }

  /// The rest of the body as one chunk (the v3 face's `transformToByteArray()`): read natively in
  /// one round trip, into one buffer of `expected` bytes (the Content-Length) when known.
  #[napi(catch_unwind, ts_return_type = "Promise<BodyChunk>")]
  pub fn read_all<'env>(&self, env: &'env Env, expected: Option<f64>) -> Result<PromiseRaw<'env, BodyChunk>> {
    let state = self.state.clone();
    let abort = self.abort.clone();
    let expected = expected.filter(|n| n.is_finite() && *n >= 0.0).map(|n| n as i64);
    crate::complete::spawn(env, move || async move {
      let r = abortable(Some(abort), async move {
        let mut s = state.lock().await;
        let carry = s.carry.take();
        let mut v = collect(&mut s.body, expected, None).await?;
        if let Some(c) = carry {
          v.splice(0..0, c.iter().copied());
        }
        Ok(Some(v))
      })
      .await;
      Ok(chunk_result(r))
    })
  }

  /// Stops reading and closes the connection.
  #[napi]
  pub fn cancel(&self) {
    NativeAbort {
      state: self.abort.clone(),
    }
    .abort();
    let state = self.state.clone();
    // A read in progress holds the lock until the abort above ends it; release the connection
    // and its slot as soon as it does.
    napi::bindgen_prelude::spawn(async move {
      let mut s = state.lock().await;
      s.body.close();
      s.carry = None;
    });
  }
}

fn chunk_result(r: Option<std::result::Result<Option<Vec<u8>>, NativeError>>) -> BodyChunk {
  match r {
    Some(Ok(Some(v))) => BodyChunk {
      chunk: Some(ExternalBytes(v)),
      error: None,
    },
    Some(Ok(None)) => BodyChunk {
      chunk: None,
      error: None,
    },
    Some(Err(e)) => BodyChunk {
      chunk: None,
      error: Some(e),
    },
    None => BodyChunk {
      chunk: None,
      error: Some(NativeError::aborted()),
    },
  }
}

/// The whole body in one buffer, sized from Content-Length up front.
async fn collect(
  body: &mut ResumableBody,
  expected: Option<i64>,
  progress: Option<&crate::progress::Counter>,
) -> std::result::Result<Vec<u8>, NativeError> {
  let cap = expected.unwrap_or(0).clamp(0, 1 << 31) as usize;
  let mut v = Vec::with_capacity(cap);
  while let Some(b) = body.next().await? {
    v.extend_from_slice(&b);
    if let Some(p) = progress {
      p.add(b.len());
    }
  }
  Ok(v)
}

/// Bytes gathered before one write to the file (one blocking-pool hop per batch).
const WRITE_BATCH: usize = 1 << 20;

/// A file-system error as a coded NativeError: the errno name where there is a common one (as
/// Node's fs errors have), else `DownloadTargetError`.
fn file_error(e: &std::io::Error, path: &str) -> NativeError {
  use std::io::ErrorKind;
  let code = match e.kind() {
    ErrorKind::NotFound => "ENOENT",
    ErrorKind::PermissionDenied => "EACCES",
    ErrorKind::StorageFull => "ENOSPC",
    ErrorKind::IsADirectory => "EISDIR",
    ErrorKind::ReadOnlyFilesystem => "EROFS",
    _ => "DownloadTargetError",
  };
  NativeError::new(code, format!("writing {path} failed: {e}"), false)
}

/// Writes `bufs` one after another into `file` from byte `at`.
fn write_at(file: &std::fs::File, bufs: &[bytes::Bytes], mut at: u64) -> std::io::Result<()> {
  for b in bufs {
    #[cfg(unix)]
    std::os::unix::fs::FileExt::write_all_at(file, b, at)?;
    #[cfg(windows)]
    {
      let mut done = 0;
      while done < b.len() {
        let n = std::os::windows::fs::FileExt::seek_write(file, &b[done..], at + done as u64)?;
        if n == 0 {
          return Err(std::io::ErrorKind::WriteZero.into());
        }
        done += n;
      }
    }
    at += b.len() as u64;
  }
  Ok(())
}

/// Writes the body into an existing file at `f.offset` (at most `f.length` bytes) as it arrives,
/// in batches on the blocking pool: nothing of it is held whole, nothing passes through JS.
async fn write_file(
  body: &mut ResumableBody,
  f: FileBody,
  progress: Option<&crate::progress::Counter>,
) -> std::result::Result<(), NativeError> {
  let path = f.path.clone();
  let opened = tokio::task::spawn_blocking(move || std::fs::OpenOptions::new().write(true).open(&f.path))
    .await
    .map_err(|e| NativeError::new("DownloadTargetError", format!("opening {path} failed: {e}"), false))?;
  let file = Arc::new(opened.map_err(|e| file_error(&e, &path))?);
  let mut pos = f.offset.max(0) as u64;
  let end = pos + f.length.max(0) as u64;
  let mut batch: Vec<bytes::Bytes> = Vec::new();
  let mut batched = 0usize;
  loop {
    let next = body.next().await?;
    let done = next.is_none();
    if let Some(b) = next {
      if let Some(p) = progress {
        p.add(b.len());
      }
      batched += b.len();
      batch.push(b);
    }
    if batched >= WRITE_BATCH || (done && batched > 0) {
      if pos + batched as u64 > end {
        return Err(NativeError::new(
          "InvalidRange",
          format!("the response is longer than the {} bytes expected", f.length),
          false,
        ));
      }
      let (fh, bufs, at) = (file.clone(), std::mem::take(&mut batch), pos);
      tokio::task::spawn_blocking(move || write_at(&fh, &bufs, at))
        .await
        .map_err(|e| NativeError::new("DownloadTargetError", format!("writing {path} failed: {e}"), false))?
        .map_err(|e| file_error(&e, &path))?;
      pos += batched as u64;
      batched = 0;
    }
    if done {
      return Ok(());
    }
  }
}

crate::call::result_from_error!(GetObjectResult {
  body: None,
  stream: None
});
crate::call::result_from_error!(HeadObjectResult);

#[napi]
impl NativeS3Client {
  /// Downloads an object: the whole body as a Buffer, or (`stream: true`) a `NativeBodyStream`
  /// (a body of at most 64 KiB comes whole as `body` even then), or (`file`) written into an existing file at `file.offset` (at most `file.length` bytes; no
  /// body in the result). A body cut short is resumed (see `get_body.rs`). `progress` counts the
  /// bytes received.
  ///
  /// ```js
  /// const r = await client.getObject({ Bucket: 'b', Key: 'k' }, false, false, null)
  /// r.body // Buffer
  /// ```
  // The binding's positional arguments mirror the JS call site.
  #[allow(clippy::too_many_arguments)]
  #[napi(catch_unwind, ts_return_type = "Promise<GetObjectResult>")]
  pub fn get_object<'env>(
    &self,
    env: &'env Env,
    input: ObjectReadInput,
    stream: bool,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    progress: Option<&crate::progress::NativeProgress>,
    file: Option<FileBody>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, GetObjectResult>> {
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    let progress = progress.map(|p| p.counter.clone());
    crate::complete::spawn(env, move || async move {
      let abort2 = abort.clone();
      Ok(
        queued(&inner, abort, headers, move |built, slot| async move {
          let resolved = &built.resolved;
          let idle = resolved.timeout_ms.and_then(crate::config::duration_ms);
          let req = read_request!(built.client.get_object(), input);
          let (res, stats) = instrumented(want_headers.unwrap_or(false), Box::pin(req.clone().send())).await;
          let mut o = match res {
            Ok(o) => o,
            Err(e) => {
              let err = NativeError::from_sdk(&e, &stats, &resolved.region);
              return GetObjectResult {
                meta: stats.into_meta(),
                ..err.into()
              };
            }
          };
          let output = object_output!(&o);
          let body = std::mem::replace(&mut o.body, ByteStream::new(aws_smithy_types::body::SdkBody::empty()));
          let base_delay = resolved
            .retry_base_delay_ms
            .and_then(crate::config::duration_ms)
            .unwrap_or_default();
          let resume = Resume::new(req, &output, stats.attempts, resolved.max_attempts, base_delay);
          let mut body = ResumableBody::new(body, &output, resume, idle, slot);
          // A small body is read whole before a streaming call returns: the reader gets one
          // Buffer with the headers instead of a stream it needs two or more round trips to drain.
          let small = output.content_length.is_some_and(|n| (0..=SMALL_BODY).contains(&n));
          if stream && !small {
            return GetObjectResult {
              output: Some(output),
              body: None,
              stream: Some(NativeBodyStream {
                state: Arc::new(tokio::sync::Mutex::new(BodyState { body, carry: None })),
                abort: abort2.unwrap_or_default(),
              }),
              error: None,
              meta: stats.into_meta(),
            };
          }
          if let (Some(p), Some(len)) = (&progress, output.content_length) {
            p.set_total(len.max(0) as u64);
          }
          if let Some(f) = file {
            let written = write_file(&mut body, f, progress.as_deref()).await;
            let mut meta = stats.into_meta();
            meta.attempts += body.resumes;
            return match written {
              Ok(()) => GetObjectResult {
                output: Some(output),
                body: None,
                stream: None,
                error: None,
                meta,
              },
              Err(e) => GetObjectResult { meta, ..e.into() },
            };
          }
          let collected = collect(&mut body, output.content_length, progress.as_deref()).await;
          let mut meta = stats.into_meta();
          meta.attempts += body.resumes;
          match collected {
            Ok(v) => GetObjectResult {
              output: Some(output),
              body: Some(ExternalBytes(v)),
              stream: None,
              error: None,
              meta,
            },
            Err(e) => GetObjectResult { meta, ..e.into() },
          }
        })
        .await,
      )
    })
  }

  /// Reads an object's metadata.
  ///
  /// ```js
  /// const r = await client.headObject({ Bucket: 'b', Key: 'k' }, false, null)
  /// ```
  #[napi(catch_unwind, ts_return_type = "Promise<HeadObjectResult>")]
  pub fn head_object<'env>(
    &self,
    env: &'env Env,
    input: ObjectReadInput,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, HeadObjectResult>> {
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    crate::complete::spawn(env, move || async move {
      Ok(
        queued(&inner, abort, headers, move |built, slot| async move {
          let _slot = slot;
          let req = read_request!(built.client.head_object(), input);
          let (res, stats) = instrumented(want_headers.unwrap_or(false), Box::pin(req.send())).await;
          match res {
            Ok(o) => {
              let mut output = object_output!(&o);
              output.archive_status = o.archive_status().map(|v| v.as_str().to_owned());
              HeadObjectResult {
                output: Some(output),
                error: None,
                meta: stats.into_meta(),
              }
            }
            Err(e) => HeadObjectResult {
              output: None,
              error: Some(NativeError::from_sdk(&e, &stats, &built.resolved.region)),
              meta: stats.into_meta(),
            },
          }
        })
        .await,
      )
    })
  }
}
