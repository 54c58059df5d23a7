//! SDK error -> `NativeError`, the one place error codes are decided. The JS layer turns a
//! `NativeError` into an `S3Error` with the v2 fields (`code`, `statusCode`, `retryable`, ...).

use std::error::Error as StdError;

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use napi_derive::napi;

use crate::call::CallStats;

/// A failed call, as a value. `code` follows aws-sdk v2 (`NoSuchBucket`, `NotFound`,
/// `TimeoutError`, `UnknownEndpoint`, ...).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct NativeError {
  pub code: String,
  pub message: Option<String>,
  pub status_code: Option<u32>,
  pub request_id: Option<String>,
  pub extended_request_id: Option<String>,
  pub retryable: bool,
  /// `client` or `server` (v3's `$fault`).
  pub fault: String,
  pub region: Option<String>,
  pub hostname: Option<String>,
  pub port: Option<u32>,
  /// For wrapped transport errors (v2 `originalError`): its code and message.
  pub original_code: Option<String>,
  pub original_message: Option<String>,
  /// The raw error document S3 sent (v2 shows it as `httpResponse.body` and `httpData`).
  pub body: Option<String>,
}

const THROTTLING: &[&str] = &[
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
];

/// Removes anything that looks like a credential or signature from a message.
pub fn redact(msg: &str) -> String {
  const KEYS: &[&str] = &[
    "X-Amz-Signature=",
    "X-Amz-Credential=",
    "X-Amz-Security-Token=",
    "Signature=",
    "Credential=",
    "AWSAccessKeyId=",
  ];
  let mut out = msg.to_string();
  for key in KEYS {
    let mut from = 0;
    while let Some(pos) = out[from..].find(key) {
      let start = from + pos + key.len();
      let end = out[start..]
        .find(|c: char| c == '&' || c == ',' || c == '"' || c == '\'' || c.is_whitespace())
        .map(|e| start + e)
        .unwrap_or(out.len());
      out.replace_range(start..end, "***");
      from = start + 3;
    }
  }
  out
}

/// `outer: cause: root cause`, each distinct Display in the `source()` chain once.
pub fn chain_message(err: &(dyn StdError + 'static)) -> String {
  let mut parts: Vec<String> = Vec::new();
  let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
  while let Some(e) = cur {
    let s = e.to_string();
    if !s.is_empty() && !parts.iter().any(|p| p.contains(&s)) {
      parts.push(s);
    }
    cur = e.source();
  }
  redact(&parts.join(": "))
}

fn chain_has_io_kind(err: &(dyn StdError + 'static), kind: std::io::ErrorKind) -> bool {
  let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
  while let Some(e) = cur {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
      if io.kind() == kind {
        return true;
      }
    }
    cur = e.source();
  }
  false
}

/// `EPIPE` or `ECONNRESET` when the connection was closed or reset by the other side while a
/// request was on it.
fn connection_dropped(err: &(dyn StdError + 'static), msg: &str) -> Option<&'static str> {
  use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
  if chain_has_io_kind(err, BrokenPipe) || msg.contains("Broken pipe") {
    return Some("EPIPE");
  }
  (chain_has_io_kind(err, ConnectionReset)
    || chain_has_io_kind(err, ConnectionAborted)
    || msg.contains("Connection reset by peer")
    || msg.contains("connection closed before message completed"))
  .then_some("ECONNRESET")
}

/// The provider chain's report starts with what it tried; a user first needs to know that nothing
/// was found and how to provide credentials.
fn credentials_message(chain: String) -> String {
  if chain.contains("no credentials found in chain") {
    format!(
      "Missing credentials: none were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, use a profile \
       (AWS_PROFILE, ~/.aws/credentials or ~/.aws/config), or pass `credentials: {{ accessKeyId, secretAccessKey }}` \
       to new S3(). What the provider chain tried: {chain}"
    )
  } else {
    chain
  }
}

fn empty_body_code(status: u16) -> String {
  match status {
    304 => "NotModified".into(),
    400 => "BadRequest".into(),
    403 => "Forbidden".into(),
    404 => "NotFound".into(),
    _ => status.to_string(),
  }
}

impl NativeError {
  pub fn new(code: &str, message: impl Into<String>, retryable: bool) -> Self {
    NativeError {
      code: code.to_string(),
      message: Some(message.into()),
      status_code: None,
      request_id: None,
      extended_request_id: None,
      retryable,
      fault: "client".into(),
      region: None,
      hostname: None,
      port: None,
      original_code: None,
      original_message: None,
      body: None,
    }
  }

  /// v2's `RequestAbortedError` ("Request aborted by user").
  pub fn aborted() -> Self {
    NativeError::new("RequestAbortedError", "Request aborted by user", false)
  }

  pub fn from_sdk<E>(err: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>, stats: &CallStats, region: &str) -> Self
  where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
  {
    match err {
      SdkError::ServiceError(ctx) => {
        let raw = ctx.raw();
        let status = raw.status().as_u16();
        let e = ctx.err();
        let known = e.code().filter(|c| !c.is_empty() && *c != "Unknown").map(str::to_owned);
        // No error code: the SDK could not parse the response — a success whose body is not this
        // operation's output (a server that lacks the operation, or names the XML root
        // differently), or an error whose body is not an S3 error document (an HTML page).
        // v2 reports both as XMLParserError, retryable.
        let body = raw.body().bytes().unwrap_or_default();
        let success = (200..300).contains(&status);
        let unparsable = known.is_none() && crate::xml_root::unparsable(status, body);
        let code = match known {
          Some(c) => c,
          None if unparsable => "XMLParserError".to_owned(),
          // v2: a well-formed document without <Code> has the status as its code.
          None if !body.iter().all(u8::is_ascii_whitespace) => status.to_string(),
          None => empty_body_code(status),
        };
        let message = if unparsable && success {
          Some(format!(
            "the {status} response could not be parsed as this operation's output: {}",
            chain_message(e)
          ))
        } else if unparsable {
          Some(format!(
            "the {status} error response is not an S3 error document (no error code in its body)"
          ))
        } else {
          e.message().filter(|m| !m.is_empty()).map(redact)
        };
        // v2 retries an error inside a 200 and an unparsable response; so does the SDK here
        // (its own classifiers and `UnparsableRetry`).
        let retryable = unparsable
          || success
          || status >= 500
          || status == 429
          || THROTTLING.contains(&code.as_str())
          || code == "RequestTimeout"
          || code == "RequestTimeoutException"
          || code == "ExpiredToken";
        let h = raw.headers();
        NativeError {
          code,
          message,
          status_code: Some(status.into()),
          request_id: h
            .get("x-amz-request-id")
            .map(str::to_owned)
            .or_else(|| stats.request_id.clone()),
          extended_request_id: h
            .get("x-amz-id-2")
            .map(str::to_owned)
            .or_else(|| stats.extended_request_id.clone()),
          retryable,
          fault: if status >= 500 { "server" } else { "client" }.into(),
          // v2: the header, else the error document's <Region> (AuthorizationHeaderMalformed,
          // PermanentRedirect).
          region: h
            .get("x-amz-bucket-region")
            .map(str::to_owned)
            .or_else(|| crate::xml_root::element_text(body, "Region")),
          hostname: stats.host.clone(),
          port: stats.port.map(u32::from),
          original_code: None,
          original_message: None,
          body: raw
            .body()
            .bytes()
            .filter(|b| !b.is_empty())
            .map(|b| redact(&String::from_utf8_lossy(b))),
        }
      }
      SdkError::TimeoutError(_) => {
        let mut ne = NativeError::new("TimeoutError", chain_message(err), true);
        ne.hostname = stats.host.clone();
        ne
      }
      SdkError::DispatchFailure(d) => {
        let msg = chain_message(err);
        let mut ne = if d.is_timeout() || chain_has_io_kind(err, std::io::ErrorKind::TimedOut) {
          NativeError::new("TimeoutError", msg, true)
        } else if msg.contains("credential") || msg.contains("Credential") {
          // Identity resolution failed before anything was sent.
          let mut c = NativeError::new("CredentialsError", credentials_message(msg), false);
          c.original_code = Some("CredentialsError".into());
          c
        } else if chain_has_io_kind(err, std::io::ErrorKind::ConnectionRefused)
          || msg.contains("Connection refused")
          || msg.contains("dns error")
          || msg.contains("failed to lookup address")
        {
          // v2 reports refused connections and DNS failures as UnknownEndpoint wrapping a
          // NetworkingError (v2:lib/event_listeners.js), and users branch on that code.
          let host = stats.host.clone().unwrap_or_default();
          let port = stats.port.map(|p| p.to_string()).unwrap_or_default();
          let mut u = NativeError::new(
            "UnknownEndpoint",
            format!(
              "Inaccessible host: `{host}' at port `{port}'. This service may not be available in the `{region}' region."
            ),
            true,
          );
          u.original_code = Some("NetworkingError".into());
          u.original_message = Some(msg);
          u
        } else if let Some(errno) = connection_dropped(err, &msg) {
          // v2 reports a connection reset or closed under a request (ECONNRESET, EPIPE) as a
          // TimeoutError (observed: aws-sdk-js-semantics.md 3.4), and users branch on that code;
          // the errno name stays as the original error's code (and keeps the message as it is).
          let mut t = NativeError::new("TimeoutError", msg.clone(), true);
          t.original_code = Some(errno.into());
          t.original_message = Some(msg);
          t
        } else {
          NativeError::new("NetworkingError", msg, true)
        };
        ne.hostname = stats.host.clone();
        ne.port = stats.port.map(u32::from);
        ne
      }
      SdkError::ResponseError(r) => {
        let status = r.raw().status().as_u16();
        let mut ne = NativeError::new("NetworkingError", chain_message(err), true);
        if status >= 300 {
          ne.code = empty_body_code(status);
        }
        ne.status_code = Some(status.into());
        ne
      }
      SdkError::ConstructionFailure(_) => {
        let msg = chain_message(err);
        if msg.contains("credential") || msg.contains("Credential") {
          NativeError::new("CredentialsError", credentials_message(msg), false)
        } else {
          NativeError::new("InvalidParameter", msg, false)
        }
      }
      _ => NativeError::new("UnknownError", chain_message(err), false),
    }
  }
}

#[cfg(test)]
mod tests {
  use super::redact;

  #[test]
  fn redacts_signatures() {
    let m = redact("GET /b/k?X-Amz-Credential=AKIA/2026&X-Amz-Signature=abcd failed, Signature=zz");
    assert!(!m.contains("AKIA"));
    assert!(!m.contains("abcd"));
    assert!(!m.contains("zz"));
  }
}
