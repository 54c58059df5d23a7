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

/// A request body fed by JS through a bounded channel (backpressure: at most a few chunks wait).
pub struct ChannelBody {
  rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
  remaining: u64,
}

impl ChannelBody {
  pub fn new(rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>, len: u64) -> Self {
    ChannelBody { rx, remaining: len }
  }
}

impl http_body::Body for ChannelBody {
  type Data = Bytes;
  type Error = std::io::Error;

  fn poll_frame(
    mut self: std::pin::Pin<&mut Self>,
    cx: &mut std::task::Context<'_>,
  ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
    use std::task::Poll;
    match self.rx.poll_recv(cx) {
      Poll::Ready(Some(Ok(b))) => {
        let n = b.len() as u64;
        if n > self.remaining {
          return Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the stream produced more bytes than ContentLength",
          ))));
        }
        self.remaining -= n;
        Poll::Ready(Some(Ok(http_body::Frame::data(b))))
      }
      Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
      Poll::Ready(None) if self.remaining > 0 => Poll::Ready(Some(Err(std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        format!("the stream ended {} bytes short of ContentLength", self.remaining),
      )))),
      Poll::Ready(None) => Poll::Ready(None),
      Poll::Pending => Poll::Pending,
    }
  }

  fn size_hint(&self) -> http_body::SizeHint {
    http_body::SizeHint::with_exact(self.remaining)
  }
}
