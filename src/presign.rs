//! Presigned URLs for every operation, signed by the SDK's own SigV4 signer, and the POST
//! policy signature of presigned POST forms (the SDK has no POST signer; `aws-sigv4` gives the
//! signing key).
//!
//! A URL is the operation's real request: the generated builder (src/generated.rs, the same
//! code that sends the operation) runs through the SDK's orchestrator with a per-request
//! interceptor that does what the crate's own `.presigned()` does (which only 6 operations
//! have): query-parameter signing, an expiry, `UNSIGNED-PAYLOAD`, a fixed clock, no retries. It
//! also shapes the request as aws-sdk v2's `getSignedUrl` does: only the headers the caller's
//! params produce, `Content-Type`/`Content-MD5`/`Cache-Control`/`x-amz-*` copied into the query
//! (`x-amz-meta-*` lower-cased), `Content-Type` unsigned, no `x-id`. The request stops right
//! after signing: nothing is sent.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_runtime::auth::{HttpSignatureType, SigV4OperationSigningConfig};
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::config::{Intercept, RequestChecksumCalculation, ResponseChecksumValidation, RuntimeComponents};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sigv4::http_request::SignableBody;
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
  BeforeTransmitInterceptorContextMut, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::retry::RetryConfig;

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;

use crate::client::{Inner, NativeS3Client};
use crate::config::Built;
use crate::error::NativeError;
use crate::glue::{sdk_err, Out};

/// What a presigned URL is signed with, besides the operation's params.
#[derive(Clone, Debug)]
pub(crate) struct Presign {
  pub expires: Duration,
  /// The signing time (JS's clock at the call, as v2 reads it).
  pub time: SystemTime,
  /// The headers the caller's params produce, spelled as the model spells them.
  pub headers: Vec<String>,
  /// SHA-256 (hex) of a body given with the params: signed, as v2 signs it.
  pub body_sha256: Option<String>,
  /// A bucket-level operation: path style is `/bucket` as v2 writes it (the SDK: `/bucket/`).
  pub bucket_only: bool,
  /// Shape the URL as v3's `getSignedUrl` does instead of v2's (see `modify_before_signing`).
  pub v3: bool,
}

/// The marker of the deliberate stop after signing.
const STOPPED: &str = "s3-native presign: signed, not sent";

#[derive(Debug)]
struct PresignInterceptor {
  p: Presign,
  url: Arc<Mutex<Option<String>>>,
}

/// RFC 3986 unreserved characters stay, everything else is %XX (what v2's `uriEscape` and
/// SigV4's canonical query agree on).
fn encode(s: &str, out: &mut String) {
  for b in s.bytes() {
    if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
      out.push(b as char);
    } else {
      let _ = write!(out, "%{b:02X}");
    }
  }
}

/// The query name v2 gives a header copied into a presigned URL, or None for one it leaves alone.
fn hoisted(name: &str) -> Option<String> {
  let lower = name.to_ascii_lowercase();
  if lower.starts_with("x-amz-meta-") {
    Some(lower)
  } else if lower.starts_with("x-amz-") || matches!(lower.as_str(), "content-type" | "content-md5" | "cache-control") {
    Some(name.to_owned())
  } else {
    None
  }
}

/// `scheme://host/bucket/` -> `scheme://host/bucket`; any other URL as it is.
fn trim_bucket_slash(base: &str) -> &str {
  let path_start = base
    .find("://")
    .map(|i| i + 3)
    .and_then(|i| base[i..].find('/').map(|j| i + j));
  match path_start {
    Some(p) => {
      let path = &base[p..];
      if path.len() > 2 && path.ends_with('/') && !path[1..path.len() - 1].contains('/') {
        &base[..base.len() - 1]
      } else {
        base
      }
    }
    None => base,
  }
}

impl Intercept for PresignInterceptor {
  fn name(&self) -> &'static str {
    "S3NativePresign"
  }

  fn modify_before_signing(
    &self,
    ctx: &mut BeforeTransmitInterceptorContextMut<'_>,
    _rc: &RuntimeComponents,
    cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    let req = ctx.request_mut();
    // Only the caller's headers: not the SDK's own (user agent, checksums of an empty body,
    // content length, the default content type), which v2 does not sign either.
    let keep: Vec<String> = self.p.headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    let names: Vec<String> = req.headers().iter().map(|(k, _)| k.to_owned()).collect();
    for n in names {
      if !keep.contains(&n.to_ascii_lowercase()) {
        req.headers_mut().remove(&n);
      }
    }
    let mut extra: Vec<(String, String)> = Vec::new();
    let v3 = self.p.v3;
    for h in &self.p.headers {
      if v3 {
        // v3 (@aws-sdk/s3-request-presigner) moves the `x-amz-*` headers into the query and signs
        // them there only, except the SSE ones, which stay signed headers; Content-Type and
        // Cache-Control are neither signed nor in the URL; other headers stay signed headers.
        let lower = h.to_ascii_lowercase();
        if lower.starts_with("x-amz-") && !lower.starts_with("x-amz-server-side-encryption") {
          if let Some(v) = req.headers().get(h.as_str()).map(str::to_owned) {
            extra.push((lower, v));
          }
          req.headers_mut().remove(h.as_str());
        }
      } else if let (Some(q), Some(v)) = (hoisted(h), req.headers().get(h.as_str())) {
        extra.push((q, v.to_owned()));
      }
    }
    if let Some(sha) = &self.p.body_sha256 {
      req.headers_mut().insert("x-amz-content-sha256", sha.clone());
      extra.push(("X-Amz-Content-Sha256".to_owned(), sha.clone()));
    } else if v3 {
      extra.push(("X-Amz-Content-Sha256".to_owned(), "UNSIGNED-PAYLOAD".to_owned()));
    }
    // v2 copies Content-Type into the query and does not sign the header; v3 drops it.
    req.headers_mut().remove("content-type");
    if v3 {
      req.headers_mut().remove("cache-control");
    }

    let uri = req.uri().to_owned();
    let (base, query) = match uri.split_once('?') {
      Some((b, q)) => (b, q),
      None => (uri.as_str(), ""),
    };
    let mut q = String::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
      if !v3 && (pair == "x-id" || pair.starts_with("x-id=")) {
        continue; // the SDK's operation marker; v2 has none (v3 keeps it)
      }
      if !q.is_empty() {
        q.push('&');
      }
      q.push_str(pair);
    }
    for (k, v) in &extra {
      if !q.is_empty() {
        q.push('&');
      }
      encode(k, &mut q);
      q.push('=');
      encode(v, &mut q);
    }
    let base = if self.p.bucket_only && !v3 {
      trim_bucket_slash(base)
    } else {
      base
    };
    let new_uri = if q.is_empty() {
      base.to_owned()
    } else {
      format!("{base}?{q}")
    };
    req.set_uri(new_uri)?;

    let mut config = cfg
      .load::<SigV4OperationSigningConfig>()
      .cloned()
      .ok_or("presigning needs SigV4 signing, which this request does not use")?;
    config.signing_options.expires_in = Some(self.p.expires);
    config.signing_options.signature_type = HttpSignatureType::HttpRequestQueryParams;
    config.signing_options.payload_override = Some(match &self.p.body_sha256 {
      Some(sha) => SignableBody::Precomputed(sha.clone()),
      None => SignableBody::UnsignedPayload,
    });
    cfg.interceptor_state().store_put(config);
    Ok(())
  }

  fn read_after_signing(
    &self,
    ctx: &BeforeTransmitInterceptorContextRef<'_>,
    _rc: &RuntimeComponents,
    _cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    if let Ok(mut url) = self.url.lock() {
      *url = Some(ctx.request().uri().to_owned());
    }
    Err(STOPPED.into())
  }
}

/// Where the signed URL lands.
pub(crate) type Captured = Arc<Mutex<Option<String>>>;

/// The per-request interceptor and config override that make an operation's `send()` sign a
/// URL and stop (the generated code applies them: `.customize().interceptor(i).config_override(c)`).
pub(crate) fn start(p: Presign) -> (impl Intercept + 'static, aws_sdk_s3::config::Builder, Captured) {
  let captured: Captured = Arc::new(Mutex::new(None));
  let config = aws_sdk_s3::config::Builder::default()
    .time_source(StaticTimeSource::new(p.time))
    .retry_config(RetryConfig::disabled())
    .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
    .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
  (
    PresignInterceptor {
      p,
      url: captured.clone(),
    },
    config,
    captured,
  )
}

/// The signed URL (as `Out.json`), or the error that came before signing (credentials, endpoint).
pub(crate) fn finish<E>(
  captured: Captured,
  res: Result<(), SdkError<E, HttpResponse>>,
  built: &Built,
) -> Result<Out, NativeError>
where
  E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
  let url = captured.lock().ok().and_then(|mut s| s.take());
  match (url, res) {
    (Some(u), _) => Ok(Out {
      json: serde_json::Value::String(u),
      body: None,
    }),
    (None, Err(e)) => Err(sdk_err(&e, built)),
    (None, Ok(())) => Err(NativeError::new(
      "PresignError",
      "the request was not signed (s3-native bug: please report)",
      false,
    )),
  }
}

// ---------------------------------------------------------------------------------------------
// Bindings.

/// A presigned URL or presigned POST signature, or why there is none.
#[napi(object)]
pub struct PresignResult {
  /// The URL (`presign`), or the POST form as JSON `{url, fields}` (`presignPost`).
  pub value: Option<String>,
  pub error: Option<NativeError>,
}

impl From<Result<String, NativeError>> for PresignResult {
  fn from(r: Result<String, NativeError>) -> Self {
    match r {
      Ok(v) => PresignResult {
        value: Some(v),
        error: None,
      },
      Err(e) => PresignResult {
        value: None,
        error: Some(e),
      },
    }
  }
}

/// What JS passes for one presigned URL.
#[napi(object)]
pub struct PresignInput {
  /// The model's operation name (`GetObject`).
  pub operation: String,
  /// The validated params as JSON.
  pub params: String,
  /// Seconds, 1..=604800 (JS applies v2's rules first).
  pub expires: u32,
  /// The signing time, epoch milliseconds.
  pub time_ms: f64,
  /// The headers the params produce, as the model spells them.
  pub headers: Vec<String>,
  pub body_sha256: Option<String>,
  /// The params name a bucket and no key.
  pub bucket_only: Option<bool>,
  /// Shape the URL as v3's `getSignedUrl` does (x-amz-* headers only in the query, `x-id` kept).
  pub v3: Option<bool>,
}

/// A synchronous signature waits this long at most for credentials (a provider that needs the
/// network); the callback and promise forms wait as long as the provider takes.
const SYNC_WAIT: Duration = Duration::from_secs(10);

fn signing_time(ms: f64) -> SystemTime {
  if ms.is_finite() && ms >= 0.0 {
    SystemTime::UNIX_EPOCH + Duration::from_millis(ms as u64)
  } else {
    SystemTime::now()
  }
}

async fn presign_url(inner: Arc<Inner>, input: PresignInput) -> Result<String, NativeError> {
  let PresignInput {
    operation,
    params,
    expires,
    time_ms,
    headers,
    body_sha256,
    bucket_only,
    v3,
  } = input;
  if !(1..=604_800).contains(&expires) {
    return Err(NativeError::new(
      "InvalidExpiryTime",
      "Presigning needs an expiry between 1 second and a week with SigV4 signing.",
      false,
    ));
  }
  let params: serde_json::Value = serde_json::from_str(&params)
    .map_err(|e| NativeError::new("InvalidParameterValue", format!("params are not JSON: {e}"), false))?;
  let built = inner.get().await?;
  let p = Presign {
    expires: Duration::from_secs(expires.into()),
    time: signing_time(time_ms),
    headers,
    body_sha256,
    bucket_only: bucket_only.unwrap_or(false),
    v3: v3.unwrap_or(false),
  };
  let Some(fut) = crate::generated::presign(&operation, built, params, p) else {
    return Err(NativeError::new(
      "UnknownOperation",
      format!("s3-native has no operation {operation}"),
      false,
    ));
  };
  match fut.await?.json {
    serde_json::Value::String(u) => Ok(u),
    _ => Err(NativeError::new("PresignError", "no URL was signed", false)),
  }
}

/// What JS passes for a presigned POST form.
#[napi(object)]
pub struct PresignPostInput {
  pub bucket: String,
  /// The caller's fields plus `bucket`, in v2's order, as `[name, value]` pairs.
  pub fields: Vec<Vec<String>>,
  /// The caller's conditions, each as JSON (v2 serialises them as given).
  pub conditions: Vec<String>,
  /// The policy's `expiration`, ISO 8601 without milliseconds.
  pub expiration: String,
  /// The signing time, epoch milliseconds.
  pub time_ms: f64,
}

/// A presigned POST form as JSON `{"url", "fields": [[name, value], ...]}`. The URL is the
/// endpoint with the bucket as its path (v2: always path style). The fields: the caller's, then
/// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `[X-Amz-Security-Token]`, `Policy`
/// (base64 of `{"expiration":…,"conditions":[…caller's, {field: value} for each field]}`) and
/// `X-Amz-Signature` (the policy signed with the SigV4 key of the date, region and `s3`).
async fn presign_post(inner: Arc<Inner>, input: PresignPostInput) -> Result<String, NativeError> {
  use aws_sdk_s3::config::ProvideCredentials;
  let built = inner.get().await?;
  let region = Some(built.resolved.region.clone()).filter(|r| !r.is_empty());
  let (Some(region), Some(provider)) = (region, built.credentials.as_ref()) else {
    return Err(no_post_policy());
  };
  let creds = provider.provide_credentials().await.map_err(|e| {
    NativeError::new(
      "CredentialsError",
      format!(
        "Missing credentials for the POST policy: {}",
        crate::error::chain_message(&e)
      ),
      false,
    )
  })?;
  let time = signing_time(input.time_ms);
  let stamp = aws_smithy_types::DateTime::from(time);
  let secs = stamp.secs();
  let date_time = format_amz_date(secs);
  let date = &date_time[..8];
  let mut fields: Vec<(String, String)> = Vec::new();
  // v2 assigns into one object: a name the caller already used keeps its place.
  let set = |fields: &mut Vec<(String, String)>, k: &str, v: String| match fields.iter_mut().find(|(n, _)| n == k) {
    Some(slot) => slot.1 = v,
    None => fields.push((k.to_owned(), v)),
  };
  for pair in input.fields {
    if let [k, v] = pair.as_slice() {
      set(&mut fields, k, v.clone());
    }
  }
  set(&mut fields, "X-Amz-Algorithm", "AWS4-HMAC-SHA256".into());
  set(
    &mut fields,
    "X-Amz-Credential",
    format!("{}/{date}/{region}/s3/aws4_request", creds.access_key_id()),
  );
  set(&mut fields, "X-Amz-Date", date_time.clone());
  if let Some(token) = creds.session_token() {
    set(&mut fields, "X-Amz-Security-Token", token.to_owned());
  }
  let mut policy = String::from("{\"expiration\":");
  policy.push_str(&serde_json::Value::String(input.expiration).to_string());
  policy.push_str(",\"conditions\":[");
  let mut first = true;
  for c in &input.conditions {
    // Each is JSON.stringify output; checked so a malformed one cannot corrupt the policy.
    if serde_json::from_str::<serde_json::Value>(c).is_err() {
      return Err(NativeError::new(
        "InvalidParameterValue",
        "params.Conditions must be JSON values",
        false,
      ));
    }
    if !first {
      policy.push(',');
    }
    first = false;
    policy.push_str(c);
  }
  for (k, v) in &fields {
    if !first {
      policy.push(',');
    }
    first = false;
    let mut one = serde_json::Map::new();
    one.insert(k.clone(), serde_json::Value::String(v.clone()));
    policy.push_str(&serde_json::Value::Object(one).to_string());
  }
  policy.push_str("]}");
  let policy_b64 = aws_smithy_types::base64::encode(policy.as_bytes());
  let key = aws_sigv4::sign::v4::generate_signing_key(creds.secret_access_key(), time, &region, "s3");
  let signature = aws_sigv4::sign::v4::calculate_signature(key, policy_b64.as_bytes());
  set(&mut fields, "Policy", policy_b64);
  set(&mut fields, "X-Amz-Signature", signature);
  let out: Vec<serde_json::Value> = fields
    .into_iter()
    .map(|(k, v)| serde_json::Value::Array(vec![k.into(), v.into()]))
    .collect();
  let url = match &built.resolved.endpoint {
    Some(e) => format!("{}/{}", e.trim_end_matches('/'), input.bucket),
    None if region == "us-east-1" => format!("https://s3.amazonaws.com/{}", input.bucket),
    None => format!("https://s3.{region}.amazonaws.com/{}", input.bucket),
  };
  Ok(serde_json::json!({ "url": url, "fields": out }).to_string())
}

fn no_post_policy() -> NativeError {
  NativeError::new(
    "CredentialsError",
    "Unable to create a POST object policy without a bucket, region, and credentials",
    false,
  )
}

/// `YYYYMMDDTHHMMSSZ` of epoch seconds.
fn format_amz_date(secs: i64) -> String {
  let days = secs.div_euclid(86_400);
  let rem = secs.rem_euclid(86_400);
  // Civil from days (Howard Hinnant's algorithm).
  let z = days + 719_468;
  let era = z.div_euclid(146_097);
  let doe = z.rem_euclid(146_097);
  let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let d = doy - (153 * mp + 2) / 5 + 1;
  let m = if mp < 10 { mp + 3 } else { mp - 9 };
  let y = yoe + era * 400 + i64::from(m <= 2);
  format!(
    "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
    rem / 3600,
    (rem % 3600) / 60,
    rem % 60
  )
}

/// Runs a signing future on the JS thread: synchronous, as v2's `getSignedUrl` without a
/// callback. Bounded: credentials that need the network longer than `SYNC_WAIT` are an error
/// that names the asynchronous forms.
fn blocking(fut: impl std::future::Future<Output = Result<String, NativeError>>) -> PresignResult {
  napi::bindgen_prelude::block_on(async {
    match tokio::time::timeout(SYNC_WAIT, fut).await {
      Ok(r) => r,
      Err(_) => Err(NativeError::new(
        "CredentialsError",
        "credentials were not ready within 10 s for a synchronous signature; pass a callback or use the promise form",
        false,
      )),
    }
  })
  .into()
}

#[napi]
impl NativeS3Client {
  /// A presigned URL of an operation, synchronously (the JS thread waits for credentials).
  ///
  /// ```js
  /// const { value } = client.presignSync({ operation: 'GetObject', params: '{"Bucket":"b","Key":"k"}', expires: 900, timeMs: Date.now(), headers: [] })
  /// ```
  #[napi(catch_unwind)]
  pub fn presign_sync(&self, input: PresignInput) -> PresignResult {
    blocking(presign_url(self.inner.clone(), input))
  }

  /// A presigned URL of an operation.
  #[napi(catch_unwind, ts_return_type = "Promise<PresignResult>")]
  pub fn presign<'env>(&self, env: &'env Env, input: PresignInput) -> napi::Result<PromiseRaw<'env, PresignResult>> {
    let inner = self.inner.clone();
    crate::complete::spawn(env, move || async move {
      Ok(PresignResult::from(presign_url(inner, input).await))
    })
  }

  /// A presigned POST form, synchronously.
  #[napi(catch_unwind)]
  pub fn presign_post_sync(&self, input: PresignPostInput) -> PresignResult {
    blocking(presign_post(self.inner.clone(), input))
  }

  /// A presigned POST form.
  #[napi(catch_unwind, ts_return_type = "Promise<PresignResult>")]
  pub fn presign_post<'env>(
    &self,
    env: &'env Env,
    input: PresignPostInput,
  ) -> napi::Result<PromiseRaw<'env, PresignResult>> {
    let inner = self.inner.clone();
    crate::complete::spawn(env, move || async move {
      Ok(PresignResult::from(presign_post(inner, input).await))
    })
  }
}
