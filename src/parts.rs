//! The part buffers of a managed upload from a stream. JS copies the stream's chunks straight
//! into native memory (`NativeParts.write`: one copy, no `Buffer.concat`, nothing left for the
//! garbage collector to free later), and a finished part (`NativePart`) goes to UploadPart
//! without another copy. A part's buffer is reused once the SDK has dropped every reference to
//! the request body (after its last retry), so an upload holds its parts in flight plus the one
//! being filled, whatever the object's size, and touches no new memory after its first parts.

use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use napi::bindgen_prelude::{Buffer, BufferSlice};
use napi::{Error, Result, Status};
use napi_derive::napi;

/// S3's largest part.
const MAX_PART: f64 = 5.0 * 1024.0 * 1024.0 * 1024.0;

type FreeList = Arc<Mutex<Vec<Vec<u8>>>>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
  m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A part's bytes; back on the free list when dropped (unless it already holds `keep` buffers).
struct PooledBuf {
  buf: Vec<u8>,
  free: FreeList,
  keep: usize,
}

impl AsRef<[u8]> for PooledBuf {
  fn as_ref(&self) -> &[u8] {
    &self.buf
  }
}

impl Drop for PooledBuf {
  fn drop(&mut self) {
    let mut buf = std::mem::take(&mut self.buf);
    if buf.capacity() == 0 {
      return; // handed to JS (toBuffer)
    }
    buf.clear();
    let mut free = lock(&self.free);
    if free.len() < self.keep {
      free.push(buf);
    }
  }
}

/// The part being filled and the buffers to reuse.
#[napi]
pub struct NativeParts {
  part_size: usize,
  keep: usize,
  free: FreeList,
  filling: Option<Vec<u8>>,
}

#[napi]
impl NativeParts {
  /// Parts of `partSize` bytes; at most `keep` spare buffers are kept for reuse.
  #[napi(constructor)]
  pub fn new(part_size: f64, keep: u32) -> Result<Self> {
    if !(1.0..=MAX_PART).contains(&part_size) {
      return Err(Error::new(
        Status::InvalidArg,
        format!("partSize must be between 1 and {MAX_PART} bytes, received {part_size}"),
      ));
    }
    Ok(NativeParts {
      part_size: part_size as usize,
      keep: keep.max(1) as usize,
      free: Arc::new(Mutex::new(Vec::new())),
      filling: None,
    })
  }

  /// Copies `chunk[offset..]` into the part being filled, as much as fits; returns how many bytes
  /// were taken (fewer than offered when the part is full: `take()` it, then write the rest).
  #[napi]
  pub fn write(&mut self, chunk: BufferSlice, offset: u32) -> u32 {
    let offset = (offset as usize).min(chunk.len());
    let part_size = self.part_size;
    let free = &self.free;
    let buf = self
      .filling
      .get_or_insert_with(|| lock(free).pop().unwrap_or_else(|| Vec::with_capacity(part_size)));
    let n = (part_size - buf.len()).min(chunk.len() - offset);
    buf.extend_from_slice(&chunk[offset..offset + n]);
    n as u32
  }

  /// Bytes in the part being filled.
  #[napi(getter)]
  pub fn filled(&self) -> f64 {
    self.filling.as_ref().map_or(0, |b| b.len()) as f64
  }

  /// Ends the part being filled and returns it (null when it is empty).
  #[napi]
  pub fn take(&mut self) -> Option<NativePart> {
    let buf = self.filling.take().filter(|b| !b.is_empty())?;
    let len = buf.len();
    Some(NativePart {
      buf: Mutex::new(Some(PooledBuf {
        buf,
        free: self.free.clone(),
        keep: self.keep,
      })),
      len,
    })
  }
}

/// One finished part: sent once (as the Body of an uploadPart call), or turned into a Buffer.
#[napi]
pub struct NativePart {
  buf: Mutex<Option<PooledBuf>>,
  len: usize,
}

#[napi]
impl NativePart {
  /// The part's size in bytes.
  #[napi(getter)]
  pub fn length(&self) -> f64 {
    self.len as f64
  }

  /// Whether the part was already sent or turned into a Buffer.
  #[napi(getter)]
  pub fn used(&self) -> bool {
    lock(&self.buf).is_none()
  }

  /// The part's bytes as a Buffer, without a copy (they leave the pool); once.
  #[napi]
  pub fn to_buffer(&self) -> Result<Buffer> {
    let mut pooled = lock(&self.buf).take().ok_or_else(used)?;
    Ok(Buffer::from(std::mem::take(&mut pooled.buf)))
  }
}

impl NativePart {
  /// The part's bytes as a request body, once; the buffer returns to the pool when the SDK
  /// drops the last clone of them.
  pub(crate) fn bytes(&self) -> Result<Bytes> {
    let pooled = lock(&self.buf).take().ok_or_else(used)?;
    Ok(Bytes::from_owner(pooled))
  }
}

fn used() -> Error {
  Error::new(Status::InvalidArg, "this upload part was already sent")
}
