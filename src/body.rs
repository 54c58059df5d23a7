//! Request bodies. The JS layer hands over either a view to snapshot (copied here, on the JS
//! thread, before the call returns) or a Buffer the caller promised not to touch (zero-copy).

use bytes::Bytes;
use napi::bindgen_prelude::{Buffer, BufferSlice};

/// Snapshot semantics: the bytes sent are the bytes at call time.
pub fn take(snapshot: Option<BufferSlice<'_>>, owned: Option<Buffer>) -> Bytes {
  match (owned, snapshot) {
    // Zero-copy: the JS Buffer stays referenced until the SDK drops the body.
    (Some(buf), _) => Bytes::from_owner(buf),
    (None, Some(view)) => Bytes::copy_from_slice(&view),
    (None, None) => Bytes::new(),
  }
}
