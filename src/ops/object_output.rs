//! The output members GetObject and HeadObject share (everything but the Body).

use std::collections::HashMap;

use aws_smithy_types::DateTime;
use napi_derive::napi;

/// GetObject / HeadObject output without `Body`; timestamps in epoch milliseconds.
#[napi(object)]
#[derive(Default)]
pub struct ObjectOutput {
  #[napi(js_name = "DeleteMarker")]
  pub delete_marker: Option<bool>,
  #[napi(js_name = "AcceptRanges")]
  pub accept_ranges: Option<String>,
  #[napi(js_name = "Expiration")]
  pub expiration: Option<String>,
  #[napi(js_name = "Restore")]
  pub restore: Option<String>,
  #[napi(js_name = "ArchiveStatus")]
  pub archive_status: Option<String>,
  #[napi(js_name = "LastModified")]
  pub last_modified: Option<f64>,
  #[napi(js_name = "ContentLength")]
  pub content_length: Option<i64>,
  #[napi(js_name = "ETag")]
  pub e_tag: Option<String>,
  #[napi(js_name = "ChecksumCRC32")]
  pub checksum_crc32: Option<String>,
  #[napi(js_name = "ChecksumCRC32C")]
  pub checksum_crc32_c: Option<String>,
  #[napi(js_name = "ChecksumCRC64NVME")]
  pub checksum_crc64_nvme: Option<String>,
  #[napi(js_name = "ChecksumSHA1")]
  pub checksum_sha1: Option<String>,
  #[napi(js_name = "ChecksumSHA256")]
  pub checksum_sha256: Option<String>,
  #[napi(js_name = "ChecksumType")]
  pub checksum_type: Option<String>,
  #[napi(js_name = "MissingMeta")]
  pub missing_meta: Option<i32>,
  #[napi(js_name = "VersionId")]
  pub version_id: Option<String>,
  #[napi(js_name = "CacheControl")]
  pub cache_control: Option<String>,
  #[napi(js_name = "ContentDisposition")]
  pub content_disposition: Option<String>,
  #[napi(js_name = "ContentEncoding")]
  pub content_encoding: Option<String>,
  #[napi(js_name = "ContentLanguage")]
  pub content_language: Option<String>,
  #[napi(js_name = "ContentRange")]
  pub content_range: Option<String>,
  #[napi(js_name = "ContentType")]
  pub content_type: Option<String>,
  #[napi(js_name = "Expires")]
  pub expires: Option<f64>,
  #[napi(js_name = "ExpiresString")]
  pub expires_string: Option<String>,
  #[napi(js_name = "WebsiteRedirectLocation")]
  pub website_redirect_location: Option<String>,
  #[napi(js_name = "ServerSideEncryption")]
  pub server_side_encryption: Option<String>,
  #[napi(js_name = "Metadata")]
  pub metadata: Option<HashMap<String, String>>,
  #[napi(js_name = "SSECustomerAlgorithm")]
  pub sse_customer_algorithm: Option<String>,
  #[napi(js_name = "SSECustomerKeyMD5")]
  pub sse_customer_key_md5: Option<String>,
  #[napi(js_name = "SSEKMSKeyId")]
  pub ssekms_key_id: Option<String>,
  #[napi(js_name = "BucketKeyEnabled")]
  pub bucket_key_enabled: Option<bool>,
  #[napi(js_name = "StorageClass")]
  pub storage_class: Option<String>,
  #[napi(js_name = "RequestCharged")]
  pub request_charged: Option<String>,
  #[napi(js_name = "ReplicationStatus")]
  pub replication_status: Option<String>,
  #[napi(js_name = "PartsCount")]
  pub parts_count: Option<i32>,
  #[napi(js_name = "TagCount")]
  pub tag_count: Option<i32>,
  #[napi(js_name = "ObjectLockMode")]
  pub object_lock_mode: Option<String>,
  #[napi(js_name = "ObjectLockRetainUntilDate")]
  pub object_lock_retain_until_date: Option<f64>,
  #[napi(js_name = "ObjectLockLegalHoldStatus")]
  pub object_lock_legal_hold_status: Option<String>,
}

pub(crate) fn millis(t: Option<&DateTime>) -> Option<f64> {
  t.map(|t| t.secs() as f64 * 1000.0 + f64::from(t.subsec_nanos()) / 1_000_000.0)
}

/// Fills an `ObjectOutput` from a GetObject or HeadObject output (same accessor names).
macro_rules! object_output {
  ($o:expr) => {{
    let o = $o;
    let st = |v: Option<&str>| v.map(str::to_owned);
    $crate::ops::object_output::ObjectOutput {
      delete_marker: o.delete_marker(),
      accept_ranges: st(o.accept_ranges()),
      expiration: st(o.expiration()),
      restore: st(o.restore()),
      last_modified: $crate::ops::object_output::millis(o.last_modified()),
      content_length: o.content_length(),
      e_tag: st(o.e_tag()),
      checksum_crc32: st(o.checksum_crc32()),
      checksum_crc32_c: st(o.checksum_crc32_c()),
      checksum_crc64_nvme: st(o.checksum_crc64_nvme()),
      checksum_sha1: st(o.checksum_sha1()),
      checksum_sha256: st(o.checksum_sha256()),
      checksum_type: o.checksum_type().map(|v| v.as_str().to_owned()),
      missing_meta: o.missing_meta(),
      version_id: st(o.version_id()),
      cache_control: st(o.cache_control()),
      content_disposition: st(o.content_disposition()),
      content_encoding: st(o.content_encoding()),
      content_language: st(o.content_language()),
      content_range: st(o.content_range()),
      content_type: st(o.content_type()),
      // v2 returns `Expires` as a Date beside the raw `ExpiresString`.
      #[allow(deprecated)]
      expires: $crate::ops::object_output::millis(o.expires()),
      expires_string: st(o.expires_string()),
      website_redirect_location: st(o.website_redirect_location()),
      server_side_encryption: o.server_side_encryption().map(|v| v.as_str().to_owned()),
      metadata: o.metadata().cloned(),
      sse_customer_algorithm: st(o.sse_customer_algorithm()),
      sse_customer_key_md5: st(o.sse_customer_key_md5()),
      ssekms_key_id: st(o.ssekms_key_id()),
      bucket_key_enabled: o.bucket_key_enabled(),
      storage_class: o.storage_class().map(|v| v.as_str().to_owned()),
      request_charged: o.request_charged().map(|v| v.as_str().to_owned()),
      replication_status: o.replication_status().map(|v| v.as_str().to_owned()),
      parts_count: o.parts_count(),
      object_lock_mode: o.object_lock_mode().map(|v| v.as_str().to_owned()),
      object_lock_retain_until_date: $crate::ops::object_output::millis(o.object_lock_retain_until_date()),
      object_lock_legal_hold_status: o.object_lock_legal_hold_status().map(|v| v.as_str().to_owned()),
      ..Default::default()
    }
  }};
}
pub(crate) use object_output;
