//! What the generated operations (src/generated.rs) are built from: JSON params -> SDK types
//! (`FromJs`), SDK types -> JSON with the model's member names (`IntoJs`), and the error and
//! body helpers. JS has validated the params against the same model first, so the errors here
//! are a backstop: a wrong value never becomes a half-formed request or a panic.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_types::error::operation::BuildError;
use aws_smithy_types::DateTime;
use bytes::Bytes;
use serde_json::{Map, Value};

use crate::config::Built;
use crate::error::NativeError;

/// What an operation hands back: its output as JSON, and the body of a blob-out operation.
pub(crate) struct Out {
  pub json: Value,
  pub body: Option<Bytes>,
}

pub(crate) type OpFuture = Pin<Box<dyn Future<Output = Result<Out, NativeError>> + Send>>;

pub(crate) fn invalid(ctx: &str, what: &str) -> NativeError {
  NativeError::new("InvalidParameterValue", format!("{ctx} {what}"), false)
}

pub(crate) fn obj<'a>(v: &'a Value, ctx: &str) -> Result<&'a Map<String, Value>, NativeError> {
  v.as_object().ok_or_else(|| invalid(ctx, "must be a structure"))
}

/// Member `k` of `m`, converted; absent and null are `None`.
pub(crate) fn get<T: FromJs>(m: &Map<String, Value>, k: &str) -> Result<Option<T>, NativeError> {
  match m.get(k) {
    None | Some(Value::Null) => Ok(None),
    Some(v) => T::from_js(v, k).map(Some),
  }
}

/// A union takes exactly one of its members.
pub(crate) fn one_of(m: &Map<String, Value>, ctx: &str, names: &[&str]) -> Result<(), NativeError> {
  let n = names
    .iter()
    .filter(|k| !matches!(m.get(**k), None | Some(Value::Null)))
    .count();
  if n == 1 {
    Ok(())
  } else {
    Err(invalid(ctx, "must have exactly one member"))
  }
}

/// Inserts member `k` unless its value is absent.
pub(crate) fn put<T: IntoJs>(m: &mut Map<String, Value>, k: &str, v: T) {
  let v = v.into_js();
  if !v.is_null() {
    m.insert(k.to_owned(), v);
  }
}

pub(crate) trait FromJs: Sized {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError>;
}

pub(crate) trait IntoJs {
  fn into_js(self) -> Value;
}

/// A nested builder's `build()` returns the value, or a `Result` when the shape has required
/// members: `.build().finish(ctx)` takes either.
pub(crate) trait Finish {
  type Out;
  fn finish(self, ctx: &str) -> Result<Self::Out, NativeError>;
}

impl<T> Finish for Result<T, BuildError> {
  type Out = T;
  fn finish(self, ctx: &str) -> Result<T, NativeError> {
    self.map_err(|e| invalid(ctx, &format!("is incomplete: {e}")))
  }
}

impl FromJs for String {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    match v {
      Value::String(s) => Ok(s.clone()),
      // v2's integer members that the crate types as strings (PartNumberMarker).
      Value::Number(n) => Ok(n.to_string()),
      _ => Err(invalid(ctx, "must be a string")),
    }
  }
}

impl FromJs for bool {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    v.as_bool().ok_or_else(|| invalid(ctx, "must be a boolean"))
  }
}

fn integer(v: &Value, ctx: &str, lo: f64, hi: f64) -> Result<i64, NativeError> {
  let n = match v {
    Value::Number(n) => n.as_f64(),
    Value::String(s) => s.parse::<f64>().ok(),
    _ => None,
  };
  match n {
    Some(n) if n.is_finite() && n.fract() == 0.0 && n >= lo && n <= hi => Ok(n as i64),
    _ => Err(invalid(ctx, "must be an integer in range")),
  }
}

impl FromJs for i32 {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    integer(v, ctx, i32::MIN as f64, i32::MAX as f64).map(|n| n as i32)
  }
}

impl FromJs for i64 {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    integer(v, ctx, -9_007_199_254_740_991.0, 9_007_199_254_740_991.0)
  }
}

impl FromJs for DateTime {
  /// Epoch seconds (JS converts Date and ISO strings), sent in whole seconds as v2 does.
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    const MIN: f64 = -62_135_596_800.0; // 0001-01-01T00:00:00Z
    const MAX: f64 = 253_402_300_799.0; // 9999-12-31T23:59:59Z
    match v.as_f64() {
      Some(s) if s.is_finite() => Ok(DateTime::from_secs(s.clamp(MIN, MAX).floor() as i64)),
      _ => Err(invalid(ctx, "must be a timestamp")),
    }
  }
}

impl<T: FromJs> FromJs for Vec<T> {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    let a = v.as_array().ok_or_else(|| invalid(ctx, "must be an Array"))?;
    a.iter().filter(|x| !x.is_null()).map(|x| T::from_js(x, ctx)).collect()
  }
}

impl<T: FromJs> FromJs for HashMap<String, T> {
  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {
    let m = obj(v, ctx)?;
    m.iter()
      .filter(|(_, x)| !x.is_null())
      .map(|(k, x)| Ok((k.clone(), T::from_js(x, ctx)?)))
      .collect()
  }
}

impl IntoJs for String {
  fn into_js(self) -> Value {
    Value::String(self)
  }
}

impl IntoJs for bool {
  fn into_js(self) -> Value {
    Value::Bool(self)
  }
}

impl IntoJs for i32 {
  fn into_js(self) -> Value {
    Value::from(self)
  }
}

impl IntoJs for i64 {
  fn into_js(self) -> Value {
    Value::from(self)
  }
}

impl IntoJs for DateTime {
  /// Epoch milliseconds; JS makes a `Date` of it (the model says which members are times).
  fn into_js(self) -> Value {
    let ms = self.secs() as f64 * 1000.0 + f64::from(self.subsec_nanos() / 1_000_000);
    Value::from(ms)
  }
}

impl<T: IntoJs> IntoJs for Option<T> {
  fn into_js(self) -> Value {
    self.map_or(Value::Null, IntoJs::into_js)
  }
}

impl<T: IntoJs> IntoJs for Vec<T> {
  fn into_js(self) -> Value {
    Value::Array(self.into_iter().map(IntoJs::into_js).collect())
  }
}

impl<T: IntoJs> IntoJs for HashMap<String, T> {
  fn into_js(self) -> Value {
    Value::Object(self.into_iter().map(|(k, v)| (k, v.into_js())).collect())
  }
}

/// `FromJs`/`IntoJs` for the model's enums: any string goes out as is (v2 does not check
/// enums); the crate's "no value was set" filler for a missing required member stays absent.
macro_rules! enums {
  ($($ty:path),* $(,)?) => {
    $(
      impl $crate::glue::FromJs for $ty {
        fn from_js(v: &::serde_json::Value, ctx: &str) -> Result<Self, $crate::error::NativeError> {
          match v {
            ::serde_json::Value::String(s) => Ok(<$ty>::from(s.as_str())),
            _ => Err($crate::glue::invalid(ctx, "must be a string")),
          }
        }
      }
      impl $crate::glue::IntoJs for $ty {
        fn into_js(self) -> ::serde_json::Value {
          match self.as_str() {
            "no value was set" => ::serde_json::Value::Null,
            s => ::serde_json::Value::String(s.to_owned()),
          }
        }
      }
    )*
  };
}
pub(crate) use enums;

/// A service or transport error of any operation, as the JS layer throws it.
pub(crate) fn sdk_err<E>(e: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>, built: &Built) -> NativeError
where
  E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
  NativeError::from_sdk(e, &crate::call::current_stats(), &built.resolved.region)
}

/// The per-request override for a call that names a `ChecksumAlgorithm`: the SDK honours it
/// only under WHEN_SUPPORTED (under WHEN_REQUIRED it sends the algorithm's name and no
/// checksum, which S3 refuses), so such a call calculates as under WHEN_SUPPORTED.
pub(crate) fn checksum_override() -> aws_sdk_s3::config::Builder {
  aws_sdk_s3::config::Builder::default()
    .request_checksum_calculation(aws_sdk_s3::config::RequestChecksumCalculation::WhenSupported)
}

/// In-memory bodies of at least this many bytes are sent with `UNSIGNED-PAYLOAD` when a checksum
/// already covers them: SHA-256 payload signing hashes the whole body before the first byte goes
/// out (about 45 ms of CPU per 64 MiB here), the SDK's CRC32 (SIMD) a few ms. Smaller bodies keep
/// the signed payload, which costs little and every S3-compatible server accepts.
pub(crate) const UNSIGNED_PAYLOAD_MIN: usize = 1 << 20;

/// Whether a blob-in operation's body goes with `UNSIGNED-PAYLOAD` (see `UNSIGNED_PAYLOAD_MIN`):
/// an in-memory body that large, and an integrity check besides the signature — the SDK's CRC32
/// (checksums `WHEN_SUPPORTED`), an algorithm the caller chose, or a checksum / MD5 they computed.
pub(crate) fn unsigned_payload(built: &Built, m: &Map<String, Value>, body: Option<&ByteStream>) -> bool {
  let len = body.and_then(|b| b.bytes()).map(|b| b.len());
  unsigned_payload_for(len, &built.resolved, || {
    m.iter()
      .any(|(k, v)| (k.starts_with("Checksum") && k != "ChecksumType" || k == "ContentMD5") && !v.is_null())
  })
}

/// The rule itself, for any form of the input (the generated operations' JSON params, PutObject's
/// typed input): an in-memory body of `in_memory` bytes, at least `UNSIGNED_PAYLOAD_MIN`, with
/// checksums `WHEN_SUPPORTED` or an integrity member the caller set (`has_integrity_member`: a
/// `ChecksumAlgorithm`, a checksum value or `ContentMD5`).
pub(crate) fn unsigned_payload_for(
  in_memory: Option<usize>,
  resolved: &crate::config::ResolvedConfig,
  has_integrity_member: impl FnOnce() -> bool,
) -> bool {
  in_memory.is_some_and(|n| n >= UNSIGNED_PAYLOAD_MIN)
    && (resolved.request_checksum_calculation == "WHEN_SUPPORTED" || has_integrity_member())
}

/// The request body of a blob-in operation (bytes JS snapshotted, or a file range; retryable).
pub(crate) fn stream_body(body: Option<ByteStream>) -> ByteStream {
  body.unwrap_or_default()
}

/// The whole body of a blob-out operation.
pub(crate) async fn collect_body(body: ByteStream) -> Result<Bytes, NativeError> {
  body.collect().await.map(|b| b.into_bytes()).map_err(|e| {
    NativeError::new(
      "NetworkingError",
      format!("reading the response body failed: {}", crate::error::chain_message(&e)),
      true,
    )
  })
}
