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

/// One Tokio runtime for every call: `S3_NATIVE_WORKER_THREADS` workers, else half the cores
/// (at least 1, at most 4). On 2 cores one worker measured 17-20 % less client CPU per small GET
/// and HEAD than two (fewer cross-thread wake-ups; PUT and 64 MiB transfers unchanged; five
/// alternating `npm run bench` runs each, 2026-12-05); the JS thread needs a core of its own too.
#[napi_derive::module_init]
fn init() {
  static ONCE: std::sync::Once = std::sync::Once::new();
  ONCE.call_once(|| {
    let workers = std::env::var("S3_NATIVE_WORKER_THREADS")
      .ok()
      .and_then(|v| v.trim().parse::<usize>().ok())
      .filter(|n| *n > 0)
      .unwrap_or_else(default_workers);
    if let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
      .worker_threads(workers)
      .thread_name("s3-native")
      .enable_all()
      .build()
    {
      napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
  });
}

fn default_workers() -> usize {
  std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).clamp(1, 4))
}

// The SDK allocates heavily per request (config layers, headers, signing strings); mimalloc
// serves those small, short-lived allocations much faster than glibc's malloc across threads.
// Built with `no_thp`: mimalloc otherwise asks for transparent huge pages on its arenas, so the
// first allocation (at `require()`) faulted in and zeroed two 2 MiB pages — ~1.4 ms of a
// ~9 ms `require()` in `perf` and 4 MiB more RSS in every process that loads the addon, with no
// per-request difference measured (alternating HEAD / PUT loops, 2026-12-06).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
