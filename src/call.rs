//! Per-call bookkeeping: attempts, HTTP status, response headers, the endpoint host.
//!
//! The SDK runs its interceptors inline on the task that awaits `send()`, so a task-local
//! `CallStats` collects what the orchestrator saw without a per-call interceptor registration.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use aws_sdk_s3::config::interceptors::{
  BeforeDeserializationInterceptorContextMut, BeforeDeserializationInterceptorContextRef,
  BeforeTransmitInterceptorContextRef,
};
use aws_sdk_s3::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_s3::error::BoxError;
use napi_derive::napi;

use crate::abort::{abortable, AbortState};
use crate::client::Inner;
use crate::config::Built;
use crate::error::NativeError;

tokio::task_local! {
  static CALL: RefCell<CallStats>;
  /// Headers a v2 `build`/`sign` listener set on `req.httpRequest.headers` (name, value pairs,
  /// checked in JS): added to every attempt before signing, so they are signed and sent.
  static EXTRA_HEADERS: Vec<(String, String)>;
}

/// `[name, value, name, value, ...]` as pairs; None when there are none.
fn header_pairs(flat: Option<Vec<String>>) -> Option<Vec<(String, String)>> {
  let flat = flat.filter(|f| f.len() >= 2)?;
  let mut it = flat.into_iter();
  let mut out = Vec::new();
  while let (Some(k), Some(v)) = (it.next(), it.next()) {
    out.push((k, v));
  }
  Some(out)
}

#[derive(Default, Debug)]
pub struct CallStats {
  pub attempts: u32,
  pub status: Option<u16>,
  pub request_id: Option<String>,
  pub extended_request_id: Option<String>,
  pub want_headers: bool,
  pub headers: Option<HashMap<String, String>>,
  pub host: Option<String>,
  pub port: Option<u16>,
}

/// What JS receives as `$metadata` (plus the raw headers when the request object asks for them).
#[napi(object)]
pub struct ResponseMeta {
  pub http_status_code: Option<u32>,
  pub request_id: Option<String>,
  pub extended_request_id: Option<String>,
  pub attempts: u32,
  pub headers: Option<HashMap<String, String>>,
}

impl ResponseMeta {
  /// The metadata of a call that never reached a response (aborted, failed before sending).
  pub fn none() -> Self {
    CallStats::default().into_meta()
  }
}

impl CallStats {
  pub fn into_meta(self) -> ResponseMeta {
    ResponseMeta {
      http_status_code: self.status.map(u32::from),
      request_id: self.request_id,
      extended_request_id: self.extended_request_id,
      attempts: self.attempts,
      headers: self.headers,
    }
  }
}

/// Runs `fut` with a fresh `CallStats` and returns its output with what the interceptor recorded.
///
/// Callers pass the SDK future boxed (`Box::pin(req.send())`): it is several KB, and unboxed it is
/// copied at every layer it moves through (memmove was 6.6 % of a small-PUT profile).
pub async fn instrumented<F: Future>(want_headers: bool, fut: F) -> (F::Output, CallStats) {
  let stats = RefCell::new(CallStats {
    want_headers,
    ..CallStats::default()
  });
  CALL
    .scope(stats, async move {
      let out = fut.await;
      let stats = CALL.with(|c| c.take());
      (out, stats)
    })
    .await
}

/// What the current call has recorded so far, without the response headers (an empty record
/// outside a call).
pub fn current_stats() -> CallStats {
  CALL
    .try_with(|c| {
      let c = c.borrow();
      CallStats {
        attempts: c.attempts,
        status: c.status,
        request_id: c.request_id.clone(),
        extended_request_id: c.extended_request_id.clone(),
        want_headers: false,
        headers: None,
        host: c.host.clone(),
        port: c.port,
      }
    })
    .unwrap_or_default()
}

/// The shared path of every operation: the built client (or its configuration error), then a
/// free connection slot (`maxConnections`), then the operation. The operation's future is made
/// and boxed only once the slot is free, so a call waiting in the queue holds its input and
/// little else; `abort()` ends the wait as well as the request. The slot is the operation's to
/// hold until its response body is consumed.
pub async fn queued<T, F, Fut>(inner: &Inner, abort: Option<Arc<AbortState>>, headers: Option<Vec<String>>, op: F) -> T
where
  T: From<NativeError>,
  F: FnOnce(Arc<Built>, Option<crate::config::Slot>) -> Fut,
  Fut: Future<Output = T> + Send + 'static,
{
  let built = match inner.get().await {
    Ok(b) => b,
    Err(e) => return e.into(),
  };
  let Some(slot) = abortable(abort.clone(), built.slot()).await else {
    return NativeError::aborted().into();
  };
  let fut: Pin<Box<dyn Future<Output = T> + Send>> = match header_pairs(headers) {
    Some(pairs) => Box::pin(EXTRA_HEADERS.scope(pairs, op(built, slot))),
    None => Box::pin(op(built, slot)),
  };
  abortable(abort, fut)
    .await
    .unwrap_or_else(|| NativeError::aborted().into())
}

/// `impl From<NativeError>` for an operation's result: a call that failed without a response.
/// Fields besides `output`, `error` and `meta` follow the name:
/// `result_from_error!(GetObjectResult { body: None, stream: None })`.
macro_rules! result_from_error {
  ($ty:ident $({ $($field:ident: $value:expr),* $(,)? })?) => {
    impl From<$crate::error::NativeError> for $ty {
      fn from(e: $crate::error::NativeError) -> Self {
        $ty {
          output: None,
          error: Some(e),
          meta: $crate::call::ResponseMeta::none(),
          $($($field: $value,)*)?
        }
      }
    }
  };
}
pub(crate) use result_from_error;

fn split_authority(uri: &str) -> (Option<String>, Option<u16>) {
  let (scheme, rest) = match uri.split_once("://") {
    Some((s, r)) => (s, r),
    None => ("https", uri),
  };
  let authority = rest.split(['/', '?']).next().unwrap_or("");
  let authority = authority.rsplit('@').next().unwrap_or(authority);
  let default_port = if scheme.eq_ignore_ascii_case("http") { 80 } else { 443 };
  if let Some(stripped) = authority.strip_prefix('[') {
    // IPv6 literal: [::1]:port
    let (host, after) = stripped.split_once(']').unwrap_or((stripped, ""));
    let port = after
      .strip_prefix(':')
      .and_then(|p| p.parse().ok())
      .unwrap_or(default_port);
    return (Some(host.to_string()), Some(port));
  }
  match authority.rsplit_once(':') {
    Some((h, p)) => (Some(h.to_string()), p.parse().ok().or(Some(default_port))),
    None => (Some(authority.to_string()), Some(default_port)),
  }
}

/// The one client-level interceptor: counts attempts and records the response status line; and
/// turns off, per request, the SDK's interceptors whose work s3-native does not need (issue 14:
/// each builds or parses a header on every request).
#[derive(Debug)]
pub struct StatsInterceptor {
  /// Also turn off the clock-skew correction (on a custom endpoint; v2's `correctClockSkew` is
  /// off by default).
  pub no_clock_skew: bool,
}

/// What s3-native sends as its User-Agent (instead of the SDK's, built per request).
const USER_AGENT: &str = concat!("s3-native/", env!("CARGO_PKG_VERSION"), " aws-sdk-rust");

impl Intercept for StatsInterceptor {
  fn name(&self) -> &'static str {
    "S3NativeStats"
  }

  /// The first hook of a request: the interceptors below are skipped from here on (the SDK checks
  /// for a `DisableInterceptor<T>` in the config bag before each of their hooks). What they did:
  /// the `amz-sdk-invocation-id` (a UUID per operation) and `amz-sdk-request` (attempt numbers)
  /// headers, the SDK's `User-Agent` / `x-amz-user-agent` (formatted per request; a fixed one is
  /// set in `modify_before_signing`), and the `Date` header parsed for clock-skew correction.
  fn read_before_execution(
    &self,
    _context: &aws_sdk_s3::config::interceptors::BeforeSerializationInterceptorContextRef<'_>,
    cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    use aws_smithy_runtime_api::client::interceptors::disable_interceptor;
    let state = cfg.interceptor_state();
    state.store_put(disable_interceptor::<aws_runtime::invocation_id::InvocationIdInterceptor>("s3-native"));
    state.store_put(disable_interceptor::<aws_runtime::request_info::RequestInfoInterceptor>("s3-native"));
    state.store_put(disable_interceptor::<aws_runtime::user_agent::UserAgentInterceptor>(
      "s3-native",
    ));
    if self.no_clock_skew {
      state.store_put(disable_interceptor::<
        aws_runtime::service_clock_skew::ServiceClockSkewInterceptor,
      >("s3-native"));
    }
    Ok(())
  }

  fn modify_before_signing(
    &self,
    context: &mut aws_sdk_s3::config::interceptors::BeforeTransmitInterceptorContextMut<'_>,
    _rc: &RuntimeComponents,
    _cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    let headers = context.request_mut().headers_mut();
    headers.insert("user-agent", USER_AGENT);
    if let Ok(Err(e)) = EXTRA_HEADERS.try_with(|extra| {
      for (k, v) in extra {
        headers.try_insert(k.clone(), v.clone())?;
      }
      Ok::<(), aws_smithy_runtime_api::http::HttpError>(())
    }) {
      return Err(Box::new(e));
    }
    Ok(())
  }

  fn read_before_transmit(
    &self,
    context: &BeforeTransmitInterceptorContextRef<'_>,
    _rc: &RuntimeComponents,
    _cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    let _ = CALL.try_with(|c| {
      let mut c = c.borrow_mut();
      c.attempts += 1;
      if c.host.is_none() {
        let (host, port) = split_authority(context.request().uri());
        c.host = host;
        c.port = port;
      }
    });
    Ok(())
  }

  /// A server that names a response's XML root differently than S3: see `xml_root`. And one
  /// that sends `Last-Modified` as an ISO 8601 date (moto's GetObjectAttributes), which the SDK
  /// rejects: rewritten as the HTTP date S3 sends, as v2 reads either.
  fn modify_before_deserialization(
    &self,
    context: &mut BeforeDeserializationInterceptorContextMut<'_>,
    _rc: &RuntimeComponents,
    cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    if !context.response().status().is_success() {
      return Ok(());
    }
    if let Some(date) = context
      .response()
      .headers()
      .get("last-modified")
      .and_then(iso_as_http_date)
    {
      let _ = context.response_mut().headers_mut().try_insert("last-modified", date);
    }
    let Some(meta) = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>() else {
      return Ok(());
    };
    let root = crate::xml_root::expected_root(meta.name());
    let aborted_if_empty = crate::xml_root::aborted_if_empty(meta.name());
    if root.is_none() && !aborted_if_empty {
      return Ok(());
    }
    let body = context.response_mut().take_body();
    let rename = crate::xml_root::RootRename::new(body, meta.name(), root, aborted_if_empty);
    *context.response_mut().body_mut() = aws_smithy_types::body::SdkBody::from_body_1_x(rename);
    Ok(())
  }

  fn read_before_deserialization(
    &self,
    context: &BeforeDeserializationInterceptorContextRef<'_>,
    _rc: &RuntimeComponents,
    _cfg: &mut ConfigBag,
  ) -> Result<(), BoxError> {
    let _ = CALL.try_with(|c| {
      let mut c = c.borrow_mut();
      let resp = context.response();
      c.status = Some(resp.status().as_u16());
      let h = resp.headers();
      c.request_id = h
        .get("x-amz-request-id")
        .or_else(|| h.get("x-amzn-requestid"))
        .map(str::to_owned);
      c.extended_request_id = h.get("x-amz-id-2").map(str::to_owned);
      if c.want_headers {
        let mut map = HashMap::new();
        for (k, v) in h.iter() {
          map
            .entry(k.to_ascii_lowercase())
            .and_modify(|e: &mut String| {
              e.push_str(", ");
              e.push_str(v);
            })
            .or_insert_with(|| v.to_string());
        }
        c.headers = Some(map);
      }
    });
    Ok(())
  }
}

/// An ISO 8601 date (`2026-12-06T00:03:14.000Z`) as an HTTP date; None for anything else (an
/// HTTP date starts with the day's name, never a digit).
fn iso_as_http_date(v: &str) -> Option<String> {
  use aws_smithy_types::date_time::{DateTime, Format};
  if !v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
    return None;
  }
  DateTime::from_str(v.trim(), Format::DateTime)
    .ok()?
    .fmt(Format::HttpDate)
    .ok()
}

#[cfg(test)]
mod tests {
  use super::{iso_as_http_date, split_authority};

  #[test]
  fn iso_last_modified() {
    assert_eq!(
      iso_as_http_date("2026-12-06T00:03:14.000Z").as_deref(),
      Some("Sun, 06 Dec 2026 00:03:14 GMT")
    );
    assert_eq!(iso_as_http_date("Sun, 06 Dec 2026 00:03:14 GMT"), None);
    assert_eq!(iso_as_http_date("2026-13-99"), None);
  }

  #[test]
  fn authority() {
    assert_eq!(
      split_authority("http://127.0.0.1:9000/b/k"),
      (Some("127.0.0.1".into()), Some(9000))
    );
    assert_eq!(
      split_authority("https://b.s3.us-east-1.amazonaws.com/k?x=1"),
      (Some("b.s3.us-east-1.amazonaws.com".into()), Some(443))
    );
    assert_eq!(split_authority("http://[::1]:81/"), (Some("::1".into()), Some(81)));
  }
}
