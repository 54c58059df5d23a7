//! Request bodies. The JS layer hands over either a view to snapshot (copied here, on the JS
//! thread, before the call returns) or a Buffer the caller promised not to touch (zero-copy).

use std::ffi::c_void;
use std::ptr;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use napi::bindgen_prelude::{sys, Buffer, BufferSlice, ToNapiValue, TypeName};
use napi::check_status;

/// Snapshot semantics: the bytes sent are the bytes at call time.
pub fn take(snapshot: Option<BufferSlice<'_>>, owned: Option<Buffer>) -> Bytes {
  match (owned, snapshot) {
    // Zero-copy: the JS Buffer stays referenced until the SDK drops the body.
    (Some(buf), _) => Bytes::from_owner(buf),
    (None, Some(view)) => Bytes::copy_from_slice(&view),
    (None, None) => Bytes::new(),
  }
}

/// A request body fed by JS through a bounded channel (backpressure: at most a few chunks wait).
///
/// The declared length is a promise the source must keep exactly. The last byte of it is held
/// back until the source has ended (JS closes the channel), so a source that turns out longer
/// fails the request before the server has the whole body; one that ends short fails it too.
/// Either way the server sees an incomplete request and stores nothing.
pub struct ChannelBody {
  rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
  /// Bytes of the declared length not yet received from JS.
  remaining: u64,
  held: Option<Bytes>,
  /// Set by the sink when the source failed; checked before the body may complete, since the
  /// failure message itself can be lost on a full channel.
  failed: Arc<OnceLock<String>>,
}

impl ChannelBody {
  pub fn new(rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>, len: u64, failed: Arc<OnceLock<String>>) -> Self {
    ChannelBody {
      rx,
      remaining: len,
      held: None,
      failed,
    }
  }
}

fn too_long() -> std::io::Error {
  std::io::Error::new(
    std::io::ErrorKind::InvalidData,
    "the stream produced more bytes than ContentLength",
  )
}

impl http_body::Body for ChannelBody {
  type Data = Bytes;
  type Error = std::io::Error;

  fn poll_frame(
    mut self: std::pin::Pin<&mut Self>,
    cx: &mut std::task::Context<'_>,
  ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
    use std::task::Poll;
    loop {
      match self.rx.poll_recv(cx) {
        Poll::Ready(Some(Ok(mut b))) => {
          if b.is_empty() {
            continue;
          }
          let n = b.len() as u64;
          if n > self.remaining {
            self.rx.close();
            return Poll::Ready(Some(Err(too_long())));
          }
          self.remaining -= n;
          if self.remaining == 0 {
            // The declared length is complete: keep its last byte until the source ends.
            self.held = Some(b.split_off(b.len() - 1));
            if b.is_empty() {
              continue;
            }
          }
          return Poll::Ready(Some(Ok(http_body::Frame::data(b))));
        }
        Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
        Poll::Ready(None) if self.remaining > 0 => {
          return Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("the stream ended {} bytes short of ContentLength", self.remaining),
          ))))
        }
        Poll::Ready(None) => {
          if let Some(reason) = self.failed.get() {
            return Poll::Ready(Some(Err(std::io::Error::other(reason.clone()))));
          }
          return Poll::Ready(self.held.take().map(|b| Ok(http_body::Frame::data(b))));
        }
        Poll::Pending => return Poll::Pending,
      }
    }
  }

  fn size_hint(&self) -> http_body::SizeHint {
    let held = self.held.as_ref().map_or(0, |b| b.len() as u64);
    http_body::SizeHint::with_exact(self.remaining + held)
  }
}

/// Bytes handed to JS as a `Buffer` without a copy, with their size reported to V8.
///
/// napi-rs's `Vec` -> `Buffer` does not call `napi_adjust_external_memory`, so V8 never learns
/// how much memory dropped chunks hold and collects them only when the (tiny) JS heap fills:
/// streaming 64 MiB in 256 KiB chunks raised peak RSS by ~85 MiB before this.
pub struct ExternalBytes(pub Vec<u8>);

unsafe extern "C" fn free_external(env: sys::napi_env, _data: *mut c_void, hint: *mut c_void) {
  // SAFETY: `hint` is the box leaked in `to_napi_value`; the finalizer runs once.
  let v = unsafe { Box::from_raw(hint as *mut Vec<u8>) };
  let cap = v.capacity() as i64;
  drop(v);
  let mut total = 0i64;
  // SAFETY: allowed in a finalizer (a "basic env" call); a failure only skews GC heuristics.
  unsafe { sys::napi_adjust_external_memory(env, -cap, &mut total) };
}

impl ToNapiValue for ExternalBytes {
  unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    let len = val.0.len();
    if len == 0 {
      let mut data = ptr::null_mut();
      // SAFETY: JS thread of `env`.
      check_status!(unsafe { sys::napi_create_buffer(env, 0, &mut data, &mut out) })?;
      return Ok(out);
    }
    let mut boxed = Box::new(val.0);
    let data = boxed.as_mut_ptr().cast::<c_void>();
    let cap = boxed.capacity() as i64;
    let hint = Box::into_raw(boxed);
    // SAFETY: `data` stays valid until `free_external` drops the box behind `hint`.
    let status =
      unsafe { sys::napi_create_external_buffer(env, len, data, Some(free_external), hint.cast(), &mut out) };
    if status != sys::Status::napi_ok {
      // SAFETY: the buffer was not created, so the box is still ours; copy instead (runtimes
      // without external buffers, e.g. Electron, refuse them).
      let v = unsafe { Box::from_raw(hint) };
      let mut copied = ptr::null_mut();
      check_status!(unsafe { sys::napi_create_buffer_copy(env, len, v.as_ptr().cast(), &mut copied, &mut out) })?;
      return Ok(out);
    }
    let mut total = 0i64;
    // SAFETY: JS thread of `env`.
    unsafe { sys::napi_adjust_external_memory(env, cap, &mut total) };
    Ok(out)
  }
}

impl TypeName for ExternalBytes {
  fn type_name() -> &'static str {
    "Buffer"
  }

  fn value_type() -> napi::ValueType {
    napi::ValueType::Object
  }
}
