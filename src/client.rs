//! `NativeS3Client`: one SDK client per JS `S3` instance, built lazily (aws-config's loading is
//! async) on the first call and reused by every call after it.

use std::sync::Arc;

use napi_derive::napi;
use tokio::sync::OnceCell;

use crate::config::{self, Built, NativeClientConfig, ResolvedConfig};
use crate::error::NativeError;

pub(crate) struct Inner {
  cfg: NativeClientConfig,
  /// Built once; a configuration error is kept and reported by every call.
  built: OnceCell<Result<Arc<Built>, NativeError>>,
}

impl Inner {
  pub(crate) async fn get(&self) -> Result<Arc<Built>, NativeError> {
    if let Some(b) = self.built.get() {
      return b.clone();
    }
    // Boxed: the loader's future is large (~20 KB) and, inline, it would be part of the state of
    // every call's future, queued ones included.
    let init = || Box::pin(async { config::build(self.cfg.clone()).await.map(Arc::new) });
    self.built.get_or_init(init).await.clone()
  }
}

/// The native half of `S3`. Use `new S3(config)` from `s3-native` instead.
///
/// ```js
/// const { NativeS3Client } = require('./binding')
/// const c = new NativeS3Client({ region: 'us-east-1' })
/// ```
#[napi]
pub struct NativeS3Client {
  pub(crate) inner: Arc<Inner>,
}

#[napi]
impl NativeS3Client {
  #[napi(constructor)]
  pub fn new(config: Option<NativeClientConfig>) -> Self {
    NativeS3Client {
      inner: Arc::new(Inner {
        cfg: config.unwrap_or_default(),
        built: OnceCell::new(),
      }),
    }
  }

  /// The region, endpoint, timeouts, retry and checksum settings this client resolved to.
  ///
  /// ```js
  /// const { region, timeoutMs } = await client.resolvedConfig()
  /// ```
  #[napi]
  pub async fn resolved_config(&self) -> napi::Result<ResolvedConfig> {
    match self.inner.get().await {
      Ok(b) => Ok(b.resolved.clone()),
      Err(e) => Err(napi::Error::from_reason(format!(
        "{}: {}",
        e.code,
        e.message.as_deref().unwrap_or("")
      ))),
    }
  }
}
