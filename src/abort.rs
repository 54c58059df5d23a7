//! Cancellation: a `NativeAbort` handle the JS request object owns; aborting drops the SDK
//! future, which closes the connection, so S3 never completes a half-sent PUT.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use napi_derive::napi;
use tokio::sync::Notify;

#[derive(Default)]
pub struct AbortState {
  aborted: AtomicBool,
  notify: Notify,
}

/// A cancellation handle for one call.
///
/// ```js
/// const a = new NativeAbort(); const p = client.getObject(input, false, a); a.abort()
/// ```
#[napi]
pub struct NativeAbort {
  pub(crate) state: Arc<AbortState>,
}

#[napi]
impl NativeAbort {
  #[napi(constructor)]
  pub fn new() -> Self {
    NativeAbort {
      state: Arc::new(AbortState::default()),
    }
  }

  /// Cancels the call (idempotent).
  #[napi]
  pub fn abort(&self) {
    self.state.aborted.store(true, Ordering::SeqCst);
    self.state.notify.notify_waiters();
  }

  #[napi(getter)]
  pub fn aborted(&self) -> bool {
    self.state.aborted.load(Ordering::SeqCst)
  }

  /// Whether the handle can serve another call: never aborted, and no native call or body
  /// stream holds it any more (their futures are dropped before their promises settle).
  #[napi]
  pub fn reusable(&self) -> bool {
    !self.aborted() && Arc::strong_count(&self.state) == 1
  }
}

impl Default for NativeAbort {
  fn default() -> Self {
    Self::new()
  }
}

/// Runs `fut` unless / until `abort` fires; `None` means aborted.
pub async fn abortable<F: Future>(abort: Option<Arc<AbortState>>, fut: F) -> Option<F::Output> {
  let Some(state) = abort else {
    return Some(fut.await);
  };
  let notified = state.notify.notified();
  tokio::pin!(notified);
  notified.as_mut().enable();
  if state.aborted.load(Ordering::SeqCst) {
    return None;
  }
  tokio::select! {
    out = fut => Some(out),
    _ = notified => None,
  }
}
