//! JS config object -> `aws_sdk_s3::Config`. The JS layer maps v2 and v3 option names onto
//! `NativeClientConfig`; anything unset falls back to the standard AWS environment (aws-config).

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation};
use napi_derive::napi;

use crate::call::StatsInterceptor;

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
}

/// The configuration a client resolved to (for diagnostics and tests).
#[napi(object)]
#[derive(Clone)]
pub struct ResolvedConfig {
  pub region: String,
  pub endpoint: Option<String>,
  pub force_path_style: bool,
  pub max_attempts: u32,
  pub request_checksum_calculation: String,
  pub response_checksum_validation: String,
  pub timeout_ms: Option<f64>,
  pub connect_timeout_ms: Option<f64>,
  pub operation_timeout_ms: Option<f64>,
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

fn duration_ms(ms: f64) -> Option<Duration> {
  (ms.is_finite() && ms > 0.0).then(|| Duration::from_secs_f64(ms / 1000.0))
}

pub struct Built {
  pub client: aws_sdk_s3::Client,
  pub resolved: ResolvedConfig,
}

pub async fn build(cfg: NativeClientConfig) -> Built {
  let mut loader = aws_config::defaults(BehaviorVersion::latest());
  if let Some(p) = cfg.profile.as_deref().filter(|p| !p.is_empty()) {
    loader = loader.profile_name(p);
  }
  if let Some(r) = cfg.region.as_deref().filter(|r| !r.is_empty()) {
    loader = loader.region(Region::new(r.to_owned()));
  }
  if let (Some(ak), Some(sk)) = (&cfg.access_key_id, &cfg.secret_access_key) {
    loader = loader.credentials_provider(Credentials::new(
      ak.clone(),
      sk.clone(),
      cfg.session_token.clone(),
      None,
      "s3-native-static",
    ));
  }
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
  let sdk = loader.load().await;

  let mut b = aws_sdk_s3::config::Builder::from(&sdk);
  let region = match sdk.region() {
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

  let force_path_style = cfg.force_path_style.unwrap_or(false);
  b = b.force_path_style(force_path_style);

  // v2's defaults (v2:lib/services/s3.js defaultRetryCount 3; v2:lib/util.js base 100 ms): a
  // dead endpoint fails in well under a second instead of the Rust SDK's 1 s first backoff.
  let max_attempts = cfg.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS).max(1);
  let base = cfg
    .retry_base_delay_ms
    .and_then(duration_ms)
    .unwrap_or(Duration::from_millis(DEFAULT_RETRY_BASE_MS));
  b = b.retry_config(
    RetryConfig::standard()
      .with_max_attempts(max_attempts)
      .with_initial_backoff(base),
  );

  // Checksums: explicit config, then the environment / profile, then our
  // default: WHEN_SUPPORTED on AWS (the SDK's), WHEN_REQUIRED on a custom endpoint.
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
    .unwrap_or(!custom_endpoint);
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
  b = b.interceptor(StatsInterceptor);

  let mode = |m: bool| if m { "WHEN_SUPPORTED" } else { "WHEN_REQUIRED" }.to_string();
  let resolved = ResolvedConfig {
    region,
    endpoint,
    force_path_style,
    max_attempts,
    request_checksum_calculation: mode(req_mode),
    response_checksum_validation: mode(resp_mode),
    timeout_ms: duration_ms(timeout_ms).map(|_| timeout_ms),
    connect_timeout_ms: duration_ms(connect_ms).map(|_| connect_ms),
    operation_timeout_ms: cfg.operation_timeout_ms.filter(|v| duration_ms(*v).is_some()),
  };
  Built {
    client: aws_sdk_s3::Client::from_conf(b.build()),
    resolved,
  }
}
