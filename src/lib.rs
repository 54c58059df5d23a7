#![deny(clippy::all)]
// `NativeError` is the value a failed call hands to JS, built at most once per call: its size
// costs nothing on the success path, and boxing it would only add an allocation.
#![allow(clippy::result_large_err)]
//! s3-native: a Node.js S3 client whose engine is the official AWS SDK for Rust.
//!
//! Every network call runs on napi's one shared Tokio runtime. Service errors travel back to
//! JavaScript as values (`NativeError`) and the JS layer (`lib/`) throws one `S3Error` class.

mod abort;
mod body;
mod call;
mod client;
mod complete;
mod config;
mod error;
#[rustfmt::skip]
mod generated;
mod glue;
mod input;
mod ops;
mod parts;
mod presign;
mod progress;
mod xml_root;

pub use client::NativeS3Client;

/// napi's default runtime (one worker per core) unless `S3_NATIVE_WORKER_THREADS` says otherwise:
/// on this 2-core machine one worker measured 178 us of CPU per small PUT and 160 per HEAD, two
/// workers 166 and 120 (benchmark/run.js, same server, same run).
#[napi_derive::module_init]
fn init() {
  let Some(workers) = std::env::var("S3_NATIVE_WORKER_THREADS")
    .ok()
    .and_then(|v| v.parse::<usize>().ok())
    .filter(|n| *n > 0)
  else {
    return;
  };
  if let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
    .worker_threads(workers)
    .thread_name("s3-native")
    .enable_all()
    .build()
  {
    napi::bindgen_prelude::create_custom_tokio_runtime(rt);
  }
}

// The SDK allocates heavily per request (config layers, headers, signing strings); mimalloc
// serves those small, short-lived allocations much faster than glibc's malloc across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
