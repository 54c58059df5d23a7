//! Transfer progress without a callback per chunk: the request body (or the collected response
//! body) counts its bytes into a `NativeProgress`, and JS waits for the count to pass the last
//! value it reported (`wait(after)`), one promise per step through the shared completion queue.
//! Request bodies are handed to the connection in frames of at most `STEP` bytes, so the count
//! follows what the connection has taken rather than jumping to the whole size at once.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_types::body::{Error as BodyError, SdkBody};
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use napi::bindgen_prelude::PromiseRaw;
use napi::{Env, Result};
use napi_derive::napi;
use tokio::sync::Notify;

/// The largest frame a counted request body hands to the connection.
const STEP: usize = 256 * 1024;

pub(crate) struct Counter {
  loaded: AtomicU64,
  /// The whole size when known (a response's Content-Length); `u64::MAX` until then.
  total: AtomicU64,
  closed: AtomicBool,
  notify: Notify,
}

impl Default for Counter {
  fn default() -> Self {
    Counter {
      loaded: AtomicU64::new(0),
      total: AtomicU64::new(u64::MAX),
      closed: AtomicBool::new(false),
      notify: Notify::new(),
    }
  }
}

impl Counter {
  pub(crate) fn set_total(&self, n: u64) {
    self.total.store(n, Ordering::Relaxed);
  }

  pub(crate) fn add(&self, n: usize) {
    self.loaded.fetch_add(n as u64, Ordering::Relaxed);
    self.notify.notify_waiters();
  }

  /// A new attempt of the request sends its body again from the start.
  fn restart(&self) {
    self.loaded.store(0, Ordering::Relaxed);
  }
}

/// The byte count of one call's body, shared with JS.
#[napi]
pub struct NativeProgress {
  pub(crate) counter: Arc<Counter>,
}

#[napi]
impl NativeProgress {
  #[napi(constructor)]
  #[allow(clippy::new_without_default)]
  pub fn new() -> Self {
    NativeProgress {
      counter: Arc::new(Counter::default()),
    }
  }

  /// Bytes counted so far (of the current attempt).
  #[napi(getter)]
  pub fn loaded(&self) -> f64 {
    self.counter.loaded.load(Ordering::Relaxed) as f64
  }

  /// The whole size when the native side knows it (a download's Content-Length), else null.
  #[napi(getter)]
  pub fn total(&self) -> Option<f64> {
    match self.counter.total.load(Ordering::Relaxed) {
      u64::MAX => None,
      n => Some(n as f64),
    }
  }

  /// Resolves with the count once it is above `after`, or once `close()` was called.
  ///
  /// ```js
  /// let last = 0; while (!done) last = await progress.wait(last)
  /// ```
  #[napi(catch_unwind, ts_return_type = "Promise<number>")]
  pub fn wait<'env>(&self, env: &'env Env, after: f64) -> Result<PromiseRaw<'env, f64>> {
    let c = self.counter.clone();
    crate::complete::spawn(env, move || async move {
      loop {
        // Registered before the check, so an add() between the check and the await is seen.
        let notified = c.notify.notified();
        let n = c.loaded.load(Ordering::Relaxed) as f64;
        if n > after || c.closed.load(Ordering::Relaxed) {
          return Ok(n);
        }
        notified.await;
      }
    })
  }

  /// Ends every wait (the call is over).
  #[napi]
  pub fn close(&self) {
    self.counter.closed.store(true, Ordering::Relaxed);
    self.counter.notify.notify_waiters();
  }
}

/// A request body that counts what the connection takes, in frames of at most `STEP` bytes.
struct Counted {
  inner: SdkBody,
  pending: Option<Bytes>,
  counter: Arc<Counter>,
}

impl Counted {
  fn emit(&mut self, mut data: Bytes) -> Frame<Bytes> {
    if data.len() > STEP {
      let rest = data.split_off(STEP);
      self.pending = Some(rest);
    }
    self.counter.add(data.len());
    Frame::data(data)
  }
}

impl http_body::Body for Counted {
  type Data = Bytes;
  type Error = BodyError;

  fn poll_frame(
    mut self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<std::result::Result<Frame<Bytes>, BodyError>>> {
    if let Some(data) = self.pending.take() {
      return Poll::Ready(Some(Ok(self.emit(data))));
    }
    match Pin::new(&mut self.inner).poll_frame(cx) {
      Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
        Ok(data) => Poll::Ready(Some(Ok(self.emit(data)))),
        Err(frame) => Poll::Ready(Some(Ok(frame))), // trailers
      },
      other => other,
    }
  }

  fn is_end_stream(&self) -> bool {
    self.pending.is_none() && self.inner.is_end_stream()
  }

  fn size_hint(&self) -> SizeHint {
    let inner = http_body::Body::size_hint(&self.inner);
    let extra = self.pending.as_ref().map_or(0, |p| p.len() as u64);
    match inner.exact() {
      Some(n) => SizeHint::with_exact(n + extra),
      None => {
        let mut h = SizeHint::new();
        h.set_lower(inner.lower() + extra);
        h
      }
    }
  }
}

/// `body`, counted into `progress` (each attempt from zero); the bytes themselves are unchanged,
/// so checksums and signing over an in-memory body still see them.
pub(crate) fn counted(body: ByteStream, progress: Option<Arc<Counter>>) -> ByteStream {
  let Some(counter) = progress else { return body };
  ByteStream::new(body.into_inner().map_preserve_contents(move |inner| {
    counter.restart();
    SdkBody::from_body_1_x(Counted {
      inner,
      pending: None,
      counter: counter.clone(),
    })
  }))
}
