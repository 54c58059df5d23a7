//! JS config object -> `aws_sdk_s3::Config`. The JS layer maps v2 and v3 option names onto
//! `NativeClientConfig`; anything unset falls back to the standard AWS environment (aws-config).

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{Credentials, IdentityCache, Region, RequestChecksumCalculation, ResponseChecksumValidation};
use aws_smithy_http_client::tls;
use napi_derive::napi;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::call::StatsInterceptor;
use crate::error::NativeError;

/// Default read timeout: v2's `httpOptions.timeout` default (`v2:lib/config.js`, 120000 ms).
pub const DEFAULT_TIMEOUT_MS: f64 = 120_000.0;
/// Default connect timeout: the Rust SDK's own default for `BehaviorVersion::latest()`.
pub const DEFAULT_CONNECT_TIMEOUT_MS: f64 = 3_100.0;
/// v2's S3 default: 3 retries, so 4 attempts (`v2:lib/services/s3.js` defaultRetryCount).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// v2's `retryDelayOptions.base` default.
pub const DEFAULT_RETRY_BASE_MS: u64 = 100;
/// S3 in v2 falls back to us-east-1 when no region is configured (`v2:lib/services/s3.js`).
pub const FALLBACK_REGION: &str = "us-east-1";
/// At most this many requests of one client are in flight (each holds one connection); calls
/// beyond it wait in a queue. v2's and v3's default agents allow 50 sockets per host.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 64;
/// Attempts above this are refused: the SDK's retry and identity-cache code do work per allowed
/// attempt, and no real retry policy needs more.
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;
/// The largest timeout accepted, in ms (setTimeout's limit, about 24.8 days).
pub const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
/// How long resolving credentials may take before a call fails (set explicitly: left unset, the
/// SDK derives it from the retry settings, looping once per allowed attempt on every call).
const IDENTITY_LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// Client options, already normalised by the JS layer.
///
/// ```js
/// new NativeS3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true })
/// ```
#[napi(object)]
#[derive(Clone, Default)]
pub struct NativeClientConfig {
  /// @default from AWS_REGION / AWS_DEFAULT_REGION / the profile, else `us-east-1`
  pub region: Option<String>,
  /// @default from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL / the profile, else AWS
  pub endpoint: Option<String>,
  pub access_key_id: Option<String>,
  pub secret_access_key: Option<String>,
  pub session_token: Option<String>,
  /// Shared-config profile name. @default AWS_PROFILE, else `default`
  pub profile: Option<String>,
  /// @default false
  pub force_path_style: Option<bool>,
  /// FIPS endpoints (v2/v3 `useFipsEndpoint`). @default from AWS_USE_FIPS_ENDPOINT / the profile, else false
  pub use_fips: Option<bool>,
  /// Dual-stack (IPv6) endpoints (`useDualstackEndpoint`). @default from AWS_USE_DUALSTACK_ENDPOINT / the profile, else false
  pub use_dual_stack: Option<bool>,
  /// S3 Transfer Acceleration endpoints (`useAccelerateEndpoint`). @default false
  pub accelerate: Option<bool>,
  /// Total attempts, first one included. @default 4 (aws-sdk v2: `maxRetries` 3)
  pub max_attempts: Option<u32>,
  /// First retry delay bound in ms (full jitter, doubling). @default 100 (v2 `retryDelayOptions.base`)
  pub retry_base_delay_ms: Option<f64>,
  /// `WHEN_SUPPORTED` or `WHEN_REQUIRED`. @default WHEN_SUPPORTED on AWS, WHEN_REQUIRED on a custom endpoint
  pub request_checksum_calculation: Option<String>,
  /// `WHEN_SUPPORTED` or `WHEN_REQUIRED`. @default as `requestChecksumCalculation`
  pub response_checksum_validation: Option<String>,
  /// Milliseconds from the start of a request to the first byte of its response; 0 disables.
  /// @default 120000
  pub timeout_ms: Option<f64>,
  /// @default 3100
  pub connect_timeout_ms: Option<f64>,
  /// Whole-operation limit, retries included; 0 or unset means none.
  pub operation_timeout_ms: Option<f64>,
  /// Requests (and so connections) in flight at once; later calls queue. 0 means no limit.
  /// @default 64
  pub max_connections: Option<u32>,
}

/// The configuration a client resolved to (for diagnostics and tests).
#[napi(object)]
#[derive(Clone)]
pub struct ResolvedConfig {
  pub region: String,
  pub endpoint: Option<String>,
  pub force_path_style: bool,
  pub max_attempts: u32,
  /// First retry delay bound in ms.
  pub retry_base_delay_ms: Option<f64>,
  pub request_checksum_calculation: String,
  pub response_checksum_validation: String,
  pub timeout_ms: Option<f64>,
  pub connect_timeout_ms: Option<f64>,
  pub operation_timeout_ms: Option<f64>,
  /// 0 when unlimited.
  pub max_connections: u32,
}

fn env_nonempty(name: &str) -> Option<String> {
  std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn checksum_mode(s: &str) -> Option<bool> {
  // Some(true) = WHEN_SUPPORTED, Some(false) = WHEN_REQUIRED
  match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
    "when_supported" => Some(true),
    "when_required" => Some(false),
    _ => None,
  }
}

/// A positive, finite timeout in ms as a Duration; `None` for 0 / unset (disabled). Values the JS
/// layer should have refused already are clamped, never passed to a panicking conversion.
pub fn duration_ms(ms: f64) -> Option<Duration> {
  if !(ms.is_finite() && ms > 0.0) {
    return None;
  }
  Duration::try_from_secs_f64(ms.min(MAX_TIMEOUT_MS) / 1000.0).ok()
}

fn config_error(message: String) -> NativeError {
  NativeError::new("ConfigError", message, false)
}

fn check_timeout(name: &str, v: Option<f64>) -> Result<(), NativeError> {
  match v {
    Some(ms) if !(ms.is_finite() && (0.0..=MAX_TIMEOUT_MS).contains(&ms)) => Err(config_error(format!(
      "Expected config.{name} to be a number of milliseconds from 0 to {MAX_TIMEOUT_MS}"
    ))),
    _ => Ok(()),
  }
}

/// A region goes into the signature's credential scope (a header) and often the host name.
pub fn valid_region(r: &str) -> bool {
  let b = r.as_bytes();
  !b.is_empty()
    && b.len() <= 63
    && b[0].is_ascii_alphanumeric()
    && b
      .iter()
      .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
}

/// Access key ids and session tokens travel in headers: printable ASCII only.
fn valid_header_token(s: &str) -> bool {
  s.bytes().all(|c| (0x21..=0x7e).contains(&c))
}

/// The checks the JS layer makes first (`lib/config.js`), repeated here so that a value that
/// reaches the native side by another path (the environment, a profile) is refused with a
/// coded error instead of a panic deep in the SDK.
fn check(cfg: &NativeClientConfig) -> Result<(), NativeError> {
  check_timeout("timeout", cfg.timeout_ms)?;
  check_timeout("connectTimeout", cfg.connect_timeout_ms)?;
  check_timeout("operationTimeout", cfg.operation_timeout_ms)?;
  check_timeout("retryDelayOptions.base", cfg.retry_base_delay_ms)?;
  if let Some(n) = cfg.max_attempts {
    if !(1..=MAX_ATTEMPTS_LIMIT).contains(&n) {
      return Err(config_error(format!(
        "Expected config.maxAttempts to be an integer from 1 to {MAX_ATTEMPTS_LIMIT} (maxRetries 0 to {})",
        MAX_ATTEMPTS_LIMIT - 1
      )));
    }
  }
  if let Some(r) = cfg.region.as_deref().filter(|r| !r.is_empty()) {
    if !valid_region(r) {
      return Err(config_error(format!(
        "Invalid region {:?}: expected letters, digits, '-', '.' or '_'",
        r
      )));
    }
  }
  for (name, v) in [
    ("accessKeyId", &cfg.access_key_id),
    ("sessionToken", &cfg.session_token),
  ] {
    if v.as_deref().is_some_and(|v| !valid_header_token(v)) {
      return Err(config_error(format!(
        "Expected config.credentials.{name} to contain only printable ASCII characters"
      )));
    }
  }
  Ok(())
}

pub struct Built {
  pub client: aws_sdk_s3::Client,
  pub resolved: ResolvedConfig,
  /// The credential provider the client signs with (presigned POST signs with it directly).
  pub credentials: Option<aws_sdk_s3::config::SharedCredentialsProvider>,
  /// One permit per request in flight; `None` when unlimited.
  slots: Option<std::sync::Arc<Semaphore>>,
}

impl Built {
  /// Waits for a free connection slot; hold it until the response body is consumed.
  pub async fn slot(&self) -> Option<Slot> {
    match &self.slots {
      // The semaphore is never closed, so acquiring only fails if it were.
      Some(s) => s.clone().acquire_owned().await.ok(),
      None => None,
    }
  }
}

/// One request's right to a connection (see `Built::slot`).
pub type Slot = OwnedSemaphorePermit;

pub async fn build(cfg: NativeClientConfig) -> Result<Built, NativeError> {
  check(&cfg)?;
  let mut loader = aws_config::defaults(BehaviorVersion::latest());
  if let Some(p) = cfg.profile.as_deref().filter(|p| !p.is_empty()) {
    loader = loader.profile_name(p);
  }
  if let Some(r) = cfg.region.as_deref().filter(|r| !r.is_empty()) {
    loader = loader.region(Region::new(r.to_owned()));
  }
  let static_credentials = cfg.access_key_id.is_some() && cfg.secret_access_key.is_some();
  if let (Some(ak), Some(sk)) = (&cfg.access_key_id, &cfg.secret_access_key) {
    loader = loader.credentials_provider(Credentials::new(
      ak.clone(),
      sk.clone(),
      cfg.session_token.clone(),
      None,
      "s3-native-static",
    ));
  }
  // An explicit identity cache: static keys need none, and a chain gets a fixed load timeout
  // (see IDENTITY_LOAD_TIMEOUT).
  loader = loader.identity_cache(if static_credentials {
    IdentityCache::no_cache()
  } else {
    IdentityCache::lazy().load_timeout(IDENTITY_LOAD_TIMEOUT).build()
  });
  if let Some(ep) = cfg.endpoint.as_deref().filter(|e| !e.is_empty()) {
    loader = loader.endpoint_url(ep);
  }
  let timeout_ms = cfg.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
  let connect_ms = cfg.connect_timeout_ms.unwrap_or(DEFAULT_CONNECT_TIMEOUT_MS);
  let mut timeouts = TimeoutConfig::builder();
  match duration_ms(connect_ms) {
    Some(d) => timeouts = timeouts.connect_timeout(d),
    None => timeouts = timeouts.disable_connect_timeout(),
  }
  match duration_ms(timeout_ms) {
    Some(d) => timeouts = timeouts.read_timeout(d),
    None => timeouts = timeouts.disable_read_timeout(),
  }
  if let Some(d) = cfg.operation_timeout_ms.and_then(duration_ms) {
    timeouts = timeouts.operation_timeout(d);
  }
  loader = loader.timeout_config(timeouts.build());
  // The SDK's own connection pool, with the same per-host bound as our queue of calls: hyper's
  // legacy pool returns an HTTP/1 connection a moment after its response completes, so a queued
  // call let in at that moment opened one connection more than the cap. This pool counts
  // establishing, idle and active connections against the bound, so the cap is exact.
  let max_connections = cfg.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS);
  let mut pool = aws_smithy_http_client::pool::ConnectionPool::builder();
  if max_connections > 0 {
    pool = pool.max_connections_per_host(max_connections as usize);
  }
  let pool = pool
    .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::AwsLc))
    .build_https()
    .map_err(|e| config_error(format!("cannot build the HTTP client: {e}")))?;
  let http = aws_smithy_http_client::pool::Client::new(&pool)
    .map_err(|e| config_error(format!("cannot build the HTTP client: {e}")))?;
  loader = loader.http_client(http);
  let sdk = loader.load().await;

  let mut b = aws_sdk_s3::config::Builder::from(&sdk);
  let region = match sdk.region() {
    // From the environment or a profile: the same check as an explicit region.
    Some(r) if !valid_region(r.as_ref()) => {
      return Err(config_error(format!(
        "Invalid region {:?} (from the environment or profile): expected letters, digits, '-', '.' or '_'",
        r.as_ref()
      )))
    }
    Some(r) => r.to_string(),
    None => {
      b = b.region(Region::new(FALLBACK_REGION));
      FALLBACK_REGION.to_string()
    }
  };
  // A custom endpoint is one the caller or the environment configured, not AWS's own.
  let endpoint = cfg
    .endpoint
    .clone()
    .filter(|e| !e.is_empty())
    .or_else(|| env_nonempty("AWS_ENDPOINT_URL_S3"))
    .or_else(|| sdk.endpoint_url().map(str::to_owned));
  let custom_endpoint = endpoint.is_some();
  // S3_NATIVE_ENDPOINT_CACHE=0 resolves every request's endpoint afresh (for the test that pins
  // that the cache changes no endpoint).
  let cache = env_nonempty("S3_NATIVE_ENDPOINT_CACHE").as_deref() != Some("0");
  b = match (custom_endpoint, cache) {
    (true, true) => b.endpoint_resolver(CachedResolver::new(CustomEndpointResolver::default())),
    (true, false) => b.endpoint_resolver(CustomEndpointResolver::default()),
    (false, true) => b.endpoint_resolver(CachedResolver::new(aws_sdk_s3::config::endpoint::DefaultResolver::new())),
    (false, false) => b,
  };

  let force_path_style = cfg.force_path_style.unwrap_or(false);
  b = b.force_path_style(force_path_style);
  // Explicit options win over the environment and profile, which aws-config already applied.
  if let Some(v) = cfg.use_fips {
    b = b.use_fips(v);
  }
  if let Some(v) = cfg.use_dual_stack {
    b = b.use_dual_stack(v);
  }
  if let Some(v) = cfg.accelerate {
    b = b.accelerate(v);
  }

  // v2's defaults (v2:lib/services/s3.js defaultRetryCount 3; v2:lib/util.js base 100 ms): a
  // dead endpoint fails in well under a second instead of the Rust SDK's 1 s first backoff.
  let max_attempts = cfg
    .max_attempts
    .unwrap_or(DEFAULT_MAX_ATTEMPTS)
    .clamp(1, MAX_ATTEMPTS_LIMIT);
  let base = cfg
    .retry_base_delay_ms
    .and_then(duration_ms)
    .unwrap_or(Duration::from_millis(DEFAULT_RETRY_BASE_MS));
  b = b.retry_config(
    RetryConfig::standard()
      .with_max_attempts(max_attempts)
      .with_initial_backoff(base),
  );

  // Checksums: explicit config, then the environment / profile, then our defaults. Requests:
  // WHEN_SUPPORTED on AWS (the SDK's), WHEN_REQUIRED on a custom endpoint (not every
  // S3-compatible server takes checksum headers). Responses: WHEN_SUPPORTED everywhere, since
  // validation only adds `x-amz-checksum-mode: ENABLED`, which servers without checksums ignore,
  // and without it a corrupted download goes unnoticed.
  let req_mode = cfg
    .request_checksum_calculation
    .as_deref()
    .and_then(checksum_mode)
    .or_else(|| {
      env_nonempty("AWS_REQUEST_CHECKSUM_CALCULATION")
        .as_deref()
        .and_then(checksum_mode)
    })
    // aws-config reports WHEN_SUPPORTED when nothing is set, so only WHEN_REQUIRED proves a
    // profile setting.
    .or_else(|| {
      matches!(
        sdk.request_checksum_calculation(),
        Some(RequestChecksumCalculation::WhenRequired)
      )
      .then_some(false)
    })
    .unwrap_or(!custom_endpoint);
  let resp_mode = cfg
    .response_checksum_validation
    .as_deref()
    .and_then(checksum_mode)
    .or_else(|| {
      env_nonempty("AWS_RESPONSE_CHECKSUM_VALIDATION")
        .as_deref()
        .and_then(checksum_mode)
    })
    .or_else(|| {
      matches!(
        sdk.response_checksum_validation(),
        Some(ResponseChecksumValidation::WhenRequired)
      )
      .then_some(false)
    })
    .unwrap_or(true);
  b = b.request_checksum_calculation(if req_mode {
    RequestChecksumCalculation::WhenSupported
  } else {
    RequestChecksumCalculation::WhenRequired
  });
  b = b.response_checksum_validation(if resp_mode {
    ResponseChecksumValidation::WhenSupported
  } else {
    ResponseChecksumValidation::WhenRequired
  });
  // Stalls are bounded by our own timeouts (read timeout, per-chunk idle timeout on downloads,
  // operation timeout). The SDK's stalled-stream protection wraps every body in a throughput
  // monitor with timers: 3.8 % of the client's CPU in a small-PUT profile.
  b = b.stalled_stream_protection(aws_sdk_s3::config::StalledStreamProtectionConfig::disabled());
  // The SDK shares one retry quota (token bucket) among every client of the process by default:
  // one client retrying against a failing server would stop another's retries. Each client
  // gets its own, as each v2 client decides its retries alone.
  b = b.retry_partition(
    aws_sdk_s3::config::retry::RetryPartition::custom("s3-native")
      .token_bucket(aws_sdk_s3::config::retry::TokenBucket::default())
      .build(),
  );
  b = b.interceptor(StatsInterceptor {
    no_clock_skew: custom_endpoint,
  });
  b = b.retry_classifier(crate::xml_root::UnparsableRetry);

  let mode = |m: bool| if m { "WHEN_SUPPORTED" } else { "WHEN_REQUIRED" }.to_string();
  let resolved = ResolvedConfig {
    region,
    endpoint,
    force_path_style,
    max_attempts,
    retry_base_delay_ms: Some(base.as_secs_f64() * 1000.0),
    request_checksum_calculation: mode(req_mode),
    response_checksum_validation: mode(resp_mode),
    timeout_ms: duration_ms(timeout_ms).map(|_| timeout_ms),
    connect_timeout_ms: duration_ms(connect_ms).map(|_| connect_ms),
    operation_timeout_ms: cfg.operation_timeout_ms.filter(|v| duration_ms(*v).is_some()),
    max_connections,
  };
  Ok(Built {
    client: aws_sdk_s3::Client::from_conf(b.build()),
    credentials: sdk.credentials_provider(),
    resolved,
    slots: (max_connections > 0).then(|| std::sync::Arc::new(Semaphore::new(max_connections as usize))),
  })
}

/// The last endpoint resolved, reused while the parameters the rules read stay the same (issue 14).
/// S3's endpoint parameters include `Key`, `Prefix` and `CopySource`, which the rules of
/// aws-sdk-s3 1.157 bind and never read; the SDK's own single-entry cache compares them too, so
/// with a new key per call it never hits. This one compares every other parameter.
/// __test__/core-runtime.test.js pins that no URL changes with it (S3_NATIVE_ENDPOINT_CACHE=0).
#[derive(Debug)]
struct CachedResolver<R> {
  inner: R,
  last: std::sync::Mutex<
    Option<(
      aws_sdk_s3::config::endpoint::Params,
      aws_smithy_types::endpoint::Endpoint,
    )>,
  >,
}

impl<R> CachedResolver<R> {
  fn new(inner: R) -> Self {
    CachedResolver {
      inner,
      last: std::sync::Mutex::new(None),
    }
  }
}

/// The endpoint parameters equal but for `Key`, `Prefix` and `CopySource`.
fn same_endpoint(a: &aws_sdk_s3::config::endpoint::Params, b: &aws_sdk_s3::config::endpoint::Params) -> bool {
  a.bucket() == b.bucket()
    && a.region() == b.region()
    && a.endpoint() == b.endpoint()
    && a.use_fips() == b.use_fips()
    && a.use_dual_stack() == b.use_dual_stack()
    && a.force_path_style() == b.force_path_style()
    && a.accelerate() == b.accelerate()
    && a.use_global_endpoint() == b.use_global_endpoint()
    && a.use_object_lambda_endpoint() == b.use_object_lambda_endpoint()
    && a.disable_access_points() == b.disable_access_points()
    && a.disable_multi_region_access_points() == b.disable_multi_region_access_points()
    && a.use_arn_region() == b.use_arn_region()
    && a.use_s3_express_control_endpoint() == b.use_s3_express_control_endpoint()
    && a.disable_s3_express_session_auth() == b.disable_s3_express_session_auth()
}

impl<R> aws_sdk_s3::config::endpoint::ResolveEndpoint for CachedResolver<R>
where
  R: aws_sdk_s3::config::endpoint::ResolveEndpoint,
{
  fn resolve_endpoint<'a>(
    &'a self,
    params: &'a aws_sdk_s3::config::endpoint::Params,
  ) -> aws_smithy_runtime_api::client::endpoint::EndpointFuture<'a> {
    use aws_smithy_runtime_api::client::endpoint::EndpointFuture;
    if let Ok(last) = self.last.lock() {
      if let Some((p, e)) = last.as_ref() {
        if same_endpoint(p, params) {
          return EndpointFuture::ready(Ok(e.clone()));
        }
      }
    }
    let resolving = self.inner.resolve_endpoint(params);
    EndpointFuture::new(async move {
      let endpoint = resolving.await?;
      if let Ok(mut last) = self.last.lock() {
        *last = Some((params.clone(), endpoint.clone()));
      }
      Ok(endpoint)
    })
  }
}

/// The SDK's endpoint rules, plus one case they get wrong on a custom endpoint: the S3 Express
/// control-plane operation without a bucket (ListDirectoryBuckets fails with "A bucket was not
/// set in endpoint params"). v2 sends it to the endpoint as configured, signed for s3; so does
/// this.
#[derive(Debug, Default)]
struct CustomEndpointResolver {
  inner: aws_sdk_s3::config::endpoint::DefaultResolver,
}

impl aws_sdk_s3::config::endpoint::ResolveEndpoint for CustomEndpointResolver {
  fn resolve_endpoint<'a>(
    &'a self,
    params: &'a aws_sdk_s3::config::endpoint::Params,
  ) -> aws_smithy_runtime_api::client::endpoint::EndpointFuture<'a> {
    use aws_sdk_s3::config::endpoint::ResolveEndpoint;
    // The control-plane case without a bucket: the rules resolve an S3 Express endpoint whose
    // identity provider then fails for want of a bucket. v2 sends it to the endpoint as is.
    let express_without_bucket = params.use_s3_express_control_endpoint() == Some(true) && params.bucket().is_none();
    match params.endpoint().filter(|_| express_without_bucket) {
      Some(url) => aws_smithy_runtime_api::client::endpoint::EndpointFuture::ready(Ok(
        aws_smithy_types::endpoint::Endpoint::builder()
          .url(url.to_owned())
          .build(),
      )),
      None => ResolveEndpoint::resolve_endpoint(&self.inner, params),
    }
  }
}
