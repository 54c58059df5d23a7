//! The one binding method of every generated operation (src/generated.rs): params as JSON in,
//! output as JSON out, through the same shared path (`queued`) as the hand-written ones.

use aws_sdk_s3::primitives::ByteStream;
use napi::bindgen_prelude::{Buffer, BufferSlice, PromiseRaw};
use napi::{Env, Result};
use napi_derive::napi;

use crate::abort::NativeAbort;
use crate::call::{instrumented, queued, ResponseMeta};
use crate::client::NativeS3Client;
use crate::error::NativeError;
use crate::parts::NativePart;
use crate::progress::{counted, NativeProgress};

#[napi(object)]
pub struct CallResult {
  /// The output as JSON (timestamps as epoch milliseconds).
  pub output: Option<String>,
  /// The body of an operation whose output is a blob (GetObjectTorrent).
  pub body: Option<Buffer>,
  pub error: Option<NativeError>,
  pub meta: ResponseMeta,
}

crate::call::result_from_error!(CallResult { body: None });

/// A file range, `length` bytes from `offset`: a body read natively from it, or (getObject) the
/// place a body is written to.
#[napi(object)]
pub struct FileBody {
  pub path: String,
  pub offset: i64,
  pub length: i64,
}

/// The file range as a (retryable: re-opened per attempt) request body.
pub(crate) async fn file_stream(f: FileBody) -> std::result::Result<ByteStream, NativeError> {
  ByteStream::read_from()
    .path(&f.path)
    .offset(f.offset.max(0) as u64)
    .length(aws_smithy_types::byte_stream::Length::Exact(f.length.max(0) as u64))
    .build()
    .await
    .map_err(|e| NativeError::new("NetworkingError", crate::error::chain_message(&e), false))
}

#[napi]
impl NativeS3Client {
  /// Calls the operation `name` (the model's name, e.g. `ListObjectsV2`) with validated params
  /// as JSON and, for an operation whose input is a blob, its bytes: `body` is copied before this
  /// returns; `ownedBody` is sent without a copy and must not be touched until the call settles;
  /// `file` is read natively from a file; `part` is an upload part filled natively (sent without
  /// a copy, once); `progress` counts the body's bytes as they go out.
  ///
  /// ```js
  /// const r = await client.call('ListObjectsV2', '{"Bucket":"b"}', null, null, false, null)
  /// ```
  // The binding's positional arguments mirror the JS call site.
  #[allow(clippy::too_many_arguments)]
  #[napi(catch_unwind, ts_return_type = "Promise<CallResult>")]
  pub fn call<'env>(
    &self,
    env: &'env Env,
    name: String,
    params: String,
    body: Option<BufferSlice<'_>>,
    owned_body: Option<Buffer>,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    file: Option<FileBody>,
    progress: Option<&NativeProgress>,
    part: Option<&NativePart>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, CallResult>> {
    let progress = progress.map(|p| p.counter.clone());
    let bytes = match part {
      Some(p) => Some(p.bytes()?),
      None => (body.is_some() || owned_body.is_some()).then(|| crate::body::take(body, owned_body)),
    };
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    crate::complete::spawn(env, move || async move {
      let input: serde_json::Value = match serde_json::from_str(&params) {
        Ok(v) => v,
        Err(e) => {
          return Ok(NativeError::new("InvalidParameterValue", format!("params are not JSON: {e}"), false).into())
        }
      };
      let body = match file {
        Some(f) => match file_stream(f).await {
          Ok(b) => Some(b),
          Err(e) => return Ok(e.into()),
        },
        None => bytes.map(ByteStream::from),
      }
      .map(|b| counted(b, progress));
      Ok(
        queued(&inner, abort, headers, move |built, slot| async move {
          let _slot = slot;
          let Some(fut) = crate::generated::dispatch(&name, built, input, body) else {
            return NativeError::new("UnknownOperation", format!("s3-native has no operation {name}"), false).into();
          };
          let (res, stats) = instrumented(want_headers.unwrap_or(false), fut).await;
          match res {
            Ok(out) => CallResult {
              output: Some(out.json.to_string()),
              body: out.body.map(|b| Buffer::from(b.to_vec())),
              error: None,
              meta: stats.into_meta(),
            },
            Err(e) => CallResult {
              output: None,
              body: None,
              error: Some(e),
              meta: stats.into_meta(),
            },
          }
        })
        .await,
      )
    })
  }
}
