//! DeleteObject.

use aws_sdk_s3::types::RequestPayer;
use napi::bindgen_prelude::PromiseRaw;
use napi::{Env, Result};
use napi_derive::napi;

use super::ts;
use crate::abort::NativeAbort;
use crate::call::{instrumented, queued, ResponseMeta};
use crate::client::NativeS3Client;
use crate::error::NativeError;

#[napi(object, object_from_js = false)]
pub struct DeleteObjectInput {
  #[napi(js_name = "Bucket")]
  pub bucket: String,
  #[napi(js_name = "Key")]
  pub key: String,
  #[napi(js_name = "MFA")]
  pub mfa: Option<String>,
  #[napi(js_name = "VersionId")]
  pub version_id: Option<String>,
  #[napi(js_name = "RequestPayer")]
  pub request_payer: Option<String>,
  #[napi(js_name = "BypassGovernanceRetention")]
  pub bypass_governance_retention: Option<bool>,
  #[napi(js_name = "ExpectedBucketOwner")]
  pub expected_bucket_owner: Option<String>,
  #[napi(js_name = "IfMatch")]
  pub if_match: Option<String>,
  /// Epoch seconds.
  #[napi(js_name = "IfMatchLastModifiedTime")]
  pub if_match_last_modified_time: Option<f64>,
  #[napi(js_name = "IfMatchSize")]
  pub if_match_size: Option<i64>,
}

crate::input::js_input!(DeleteObjectInput {
  "Bucket" => bucket,
  "Key" => key,
  "MFA" => mfa,
  "VersionId" => version_id,
  "RequestPayer" => request_payer,
  "BypassGovernanceRetention" => bypass_governance_retention,
  "ExpectedBucketOwner" => expected_bucket_owner,
  "IfMatch" => if_match,
  "IfMatchLastModifiedTime" => if_match_last_modified_time,
  "IfMatchSize" => if_match_size,
});

#[napi(object)]
pub struct DeleteObjectOutput {
  #[napi(js_name = "DeleteMarker")]
  pub delete_marker: Option<bool>,
  #[napi(js_name = "VersionId")]
  pub version_id: Option<String>,
  #[napi(js_name = "RequestCharged")]
  pub request_charged: Option<String>,
}

#[napi(object)]
pub struct DeleteObjectResult {
  pub output: Option<DeleteObjectOutput>,
  pub error: Option<NativeError>,
  pub meta: ResponseMeta,
}

crate::call::result_from_error!(DeleteObjectResult);

#[napi]
impl NativeS3Client {
  /// Deletes an object (a missing key is not an error).
  ///
  /// ```js
  /// const r = await client.deleteObject({ Bucket: 'b', Key: 'k' }, false, null)
  /// ```
  #[napi(catch_unwind, ts_return_type = "Promise<DeleteObjectResult>")]
  pub fn delete_object<'env>(
    &self,
    env: &'env Env,
    input: DeleteObjectInput,
    want_headers: Option<bool>,
    abort: Option<&NativeAbort>,
    headers: Option<Vec<String>>,
  ) -> Result<PromiseRaw<'env, DeleteObjectResult>> {
    let inner = self.inner.clone();
    let abort = abort.map(|a| a.state.clone());
    crate::complete::spawn(env, move || async move {
      Ok(
        queued(&inner, abort, headers, move |built, slot| async move {
          let _slot = slot;
          let i = input;
          let req = built
            .client
            .delete_object()
            .bucket(i.bucket)
            .key(i.key)
            .set_mfa(i.mfa)
            .set_version_id(i.version_id)
            .set_request_payer(i.request_payer.as_deref().map(RequestPayer::from))
            .set_bypass_governance_retention(i.bypass_governance_retention)
            .set_expected_bucket_owner(i.expected_bucket_owner)
            .set_if_match(i.if_match)
            .set_if_match_last_modified_time(ts(i.if_match_last_modified_time))
            .set_if_match_size(i.if_match_size);
          let (res, stats) = instrumented(want_headers.unwrap_or(false), Box::pin(req.send())).await;
          match res {
            Ok(o) => DeleteObjectResult {
              output: Some(DeleteObjectOutput {
                delete_marker: o.delete_marker(),
                version_id: o.version_id().map(str::to_owned),
                request_charged: o.request_charged().map(|v| v.as_str().to_owned()),
              }),
              error: None,
              meta: stats.into_meta(),
            },
            Err(e) => DeleteObjectResult {
              output: None,
              error: Some(NativeError::from_sdk(&e, &stats, &built.resolved.region)),
              meta: stats.into_meta(),
            },
          }
        })
        .await,
      )
    })
  }
}
