//! A GetObject body that survives a broken connection.
//!
//! When the body of a GetObject fails part-way (a reset, an early FIN, a chunked body cut short, a
//! stall past the idle timeout), the rest is asked for with `Range` from the next byte plus
//! `If-Match` with the first response's ETag, so an object overwritten in between fails the call
//! (412, `PreconditionFailed`) instead of mixing two versions. Each resume is one request of the
//! call's attempt budget (`maxAttempts`, first response included). The buffered and the streamed
//! GET both read through `ResumableBody`.

use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::operation::get_object::builders::GetObjectFluentBuilder;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_checksums::http::HttpChecksum;
use bytes::Bytes;

use super::object_output::ObjectOutput;
use crate::error::{chain_message, NativeError};

/// The longest wait between two resumes.
const MAX_BACKOFF: Duration = Duration::from_secs(20);

fn mismatch(received: u64, expected: u64) -> NativeError {
  NativeError::new(
    "StreamContentLengthMismatch",
    format!("Stream content length mismatch. Received {received} of {expected} bytes."),
    true,
  )
}

fn classify(msg: String, received: u64, expected: Option<u64>) -> NativeError {
  if msg.to_ascii_lowercase().contains("checksum") {
    return NativeError::new("ChecksumMismatch", msg, false);
  }
  match expected {
    Some(exp) if received < exp => {
      let mut m = mismatch(received, exp);
      m.original_code = Some("NetworkingError".into());
      m.original_message = Some(msg);
      m
    }
    _ => NativeError::new("NetworkingError", msg, true),
  }
}

fn changed(received: u64, etag: &str) -> NativeError {
  let mut err = NativeError::new(
    "PreconditionFailed",
    format!(
      "The object changed while it was being downloaded: the connection broke after {received} bytes and the \
       rest no longer matches ETag {etag}, so the download stopped instead of mixing two versions"
    ),
    false,
  );
  err.status_code = Some(412);
  err
}

/// `bytes a-b/total` -> (a, b).
fn parse_content_range(v: &str) -> Option<(u64, u64)> {
  let rest = v.trim().strip_prefix("bytes")?.trim_start();
  let (range, _total) = rest.split_once('/')?;
  let (a, b) = range.split_once('-')?;
  Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// What a resume needs from the first response and the call's settings.
pub struct Resume {
  pub req: GetObjectFluentBuilder,
  pub etag: String,
  /// Absolute offsets of the first response's first and last body bytes (the last when known).
  pub start: u64,
  pub end: Option<u64>,
  /// Requests the call may still make.
  pub attempts_left: u32,
  pub base_delay: Duration,
  pub tries: u32,
}

impl Resume {
  /// `None` when the response cannot be resumed safely (no ETag to pin it to).
  pub fn new(
    req: GetObjectFluentBuilder,
    out: &ObjectOutput,
    attempts_used: u32,
    max_attempts: u32,
    base_delay: Duration,
  ) -> Option<Self> {
    let etag = out.e_tag.clone().filter(|e| !e.is_empty())?;
    let (start, end) = match out.content_range.as_deref().and_then(parse_content_range) {
      Some((a, b)) => (a, Some(b)),
      None => (0, out.content_length.filter(|n| *n > 0).map(|n| n as u64 - 1)),
    };
    Some(Resume {
      req,
      etag,
      start,
      end,
      attempts_left: max_attempts.saturating_sub(attempts_used.max(1)),
      base_delay,
      tries: 0,
    })
  }
}

/// Our own check of the whole body against the first response's full-object checksum. The SDK
/// validates the first response's body, but a resumed (ranged) response carries no checksum of
/// the object, so once a resume happened this is what proves the bytes.
struct WholeCheck {
  hasher: Box<dyn HttpChecksum>,
  expected: String,
  name: &'static str,
}

impl WholeCheck {
  fn new(out: &ObjectOutput) -> Option<Self> {
    if out.checksum_type.as_deref() == Some("COMPOSITE") {
      return None;
    }
    let candidates = [
      ("crc64nvme", &out.checksum_crc64_nvme),
      ("crc32c", &out.checksum_crc32_c),
      ("crc32", &out.checksum_crc32),
      ("sha1", &out.checksum_sha1),
      ("sha256", &out.checksum_sha256),
    ];
    candidates.into_iter().find_map(|(name, v)| {
      // A value with `-N` is a checksum of part checksums, not of the bytes.
      let v = v.as_deref().filter(|v| !v.contains('-'))?;
      let algo: aws_smithy_checksums::ChecksumAlgorithm = name.parse().ok()?;
      Some(WholeCheck {
        hasher: algo.into_impl(),
        expected: v.to_owned(),
        name,
      })
    })
  }
}

/// A body read chunk by chunk that resumes after a broken connection. Cancel-safe: dropping a
/// `next()` future part-way leaves a state the next call continues from.
pub struct ResumableBody {
  body: Option<ByteStream>,
  /// The failure that a resume is still to repair.
  broken: Option<NativeError>,
  resume: Option<Resume>,
  received: u64,
  expected: Option<u64>,
  idle: Option<Duration>,
  check: Option<WholeCheck>,
  resumed: bool,
  /// Resume requests made.
  pub resumes: u32,
  /// The connection slot of the call: released when the body ends.
  slot: Option<crate::config::Slot>,
}

impl ResumableBody {
  pub fn new(
    body: ByteStream,
    out: &ObjectOutput,
    resume: Option<Resume>,
    idle: Option<Duration>,
    slot: Option<crate::config::Slot>,
  ) -> Self {
    let check = resume.as_ref().and_then(|_| WholeCheck::new(out));
    ResumableBody {
      body: Some(body),
      broken: None,
      resume,
      received: 0,
      expected: out.content_length.map(|n| n.max(0) as u64),
      idle,
      check,
      resumed: false,
      resumes: 0,
      slot,
    }
  }

  /// Drops the connection and the slot (cancel / abort).
  pub fn close(&mut self) {
    self.body = None;
    self.broken = None;
    self.resume = None;
    self.slot = None;
  }

  fn done(&mut self) {
    self.body = None;
    self.slot = None;
  }

  /// The next bytes, `None` at the end of the body.
  pub async fn next(&mut self) -> Result<Option<Bytes>, NativeError> {
    loop {
      if let Some(err) = self.broken.take() {
        // Put it back first: if this future is dropped mid-resume, the next call retries.
        self.broken = Some(err.clone());
        match self.try_resume().await {
          Ok(true) => {
            self.broken = None;
            continue;
          }
          Ok(false) => {
            self.done();
            self.broken = None;
            return Err(err);
          }
          Err(e) => {
            self.done();
            self.broken = None;
            return Err(e);
          }
        }
      }
      let Some(body) = self.body.as_mut() else {
        return Ok(None);
      };
      let read = match self.idle {
        Some(d) => match tokio::time::timeout(d, body.try_next()).await {
          Ok(r) => r.map_err(|e| classify(chain_message(&e), self.received, self.expected)),
          Err(_) => Err(NativeError::new(
            "TimeoutError",
            format!("no data received for {} ms while reading the body", d.as_millis()),
            true,
          )),
        },
        None => body
          .try_next()
          .await
          .map_err(|e| classify(chain_message(&e), self.received, self.expected)),
      };
      match read {
        Ok(Some(b)) => {
          if b.is_empty() {
            continue;
          }
          self.received += b.len() as u64;
          if let Some(c) = self.check.as_mut() {
            c.hasher.update(&b);
          }
          return Ok(Some(b));
        }
        Ok(None) => {
          if let Some(exp) = self.expected.filter(|e| self.received < *e) {
            // A clean end short of Content-Length: the same as a broken connection.
            self.body = None;
            self.broken = Some(mismatch(self.received, exp));
            continue;
          }
          self.done();
          self.verify()?;
          return Ok(None);
        }
        Err(e) => {
          self.body = None;
          if e.code == "ChecksumMismatch" {
            self.done();
            return Err(e);
          }
          if self.expected.is_some_and(|exp| self.received >= exp) {
            // Every byte arrived; only the connection's ending failed.
            self.done();
            self.verify()?;
            return Ok(None);
          }
          self.broken = Some(e);
        }
      }
    }
  }

  /// After a resume, the whole body against the first response's checksum.
  fn verify(&mut self) -> Result<(), NativeError> {
    if !self.resumed {
      return Ok(());
    }
    let Some(c) = self.check.take() else { return Ok(()) };
    let got = aws_smithy_types::base64::encode(&c.hasher.finalize()[..]);
    if got != c.expected {
      return Err(NativeError::new(
        "ChecksumMismatch",
        format!(
          "Checksum mismatch: the {} of the downloaded bytes is {got}, S3 reported {}",
          c.name, c.expected
        ),
        false,
      ));
    }
    Ok(())
  }

  /// One resume, retried within the budget; `Ok(false)` when none is possible (the caller
  /// reports the original failure).
  async fn try_resume(&mut self) -> Result<bool, NativeError> {
    let Some(r) = self.resume.as_mut() else {
      return Ok(false);
    };
    let from = r.start + self.received;
    if r.end.is_some_and(|end| from > end) {
      return Ok(false);
    }
    while r.attempts_left > 0 {
      r.attempts_left -= 1;
      // Full jitter, doubling per try, as the SDK's standard retry strategy does.
      let cap = r.base_delay.saturating_mul(1u32 << r.tries.min(16)).min(MAX_BACKOFF);
      r.tries += 1;
      tokio::time::sleep(cap.mul_f64(fastrand::f64())).await;
      self.resumes += 1;
      let range = match r.end {
        Some(end) => format!("bytes={from}-{end}"),
        None => format!("bytes={from}-"),
      };
      let send = r
        .req
        .clone()
        .range(range)
        .if_match(r.etag.clone())
        .set_if_none_match(None)
        .set_if_modified_since(None)
        .set_if_unmodified_since(None)
        .set_part_number(None)
        .customize()
        // Our loop is the retry loop: one request per try.
        .config_override(
          aws_sdk_s3::config::Builder::default().retry_config(RetryConfig::standard().with_max_attempts(1)),
        )
        .send();
      match Box::pin(send).await {
        Ok(mut o) => {
          if o.e_tag() != Some(r.etag.as_str()) {
            // A server that ignored If-Match (s3s-fs 0.14 does) still names the version it sent.
            return Err(changed(self.received, &r.etag));
          }
          let starts_at = o.content_range().and_then(parse_content_range).map(|(a, _)| a);
          if starts_at != Some(from) {
            // A server that ignored the Range: its bytes would not continue ours.
            return Ok(false);
          }
          let body = std::mem::replace(&mut o.body, ByteStream::new(aws_smithy_types::body::SdkBody::empty()));
          self.body = Some(body);
          self.resumed = true;
          return Ok(true);
        }
        Err(e) => {
          let status = e.raw_response().map(|r| r.status().as_u16());
          if status == Some(412) {
            return Err(changed(self.received, &r.etag));
          }
          let retryable = status.is_none_or(|s| s >= 500 || s == 429);
          if !retryable {
            return Ok(false);
          }
        }
      }
    }
    Ok(false)
  }
}

#[cfg(test)]
mod tests {
  use super::parse_content_range;

  #[test]
  fn content_range() {
    assert_eq!(parse_content_range("bytes 0-9/10"), Some((0, 9)));
    assert_eq!(parse_content_range("bytes 100-199/*"), Some((100, 199)));
    assert_eq!(parse_content_range("bytes */10"), None);
  }
}
