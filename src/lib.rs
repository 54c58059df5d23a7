#![deny(clippy::all)]
//! s3-native: a Node.js S3 client whose engine is the official AWS SDK for Rust.
//!
//! Every network call runs on napi's one shared Tokio runtime. Service errors travel back to
//! JavaScript as values (`NativeError`) and the JS layer (`lib/`) throws one `S3Error` class.

mod abort;
mod body;
mod call;
mod client;
mod config;
mod error;
mod ops;

pub use client::NativeS3Client;
