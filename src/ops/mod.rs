//! One file per S3 operation: input, output, conversions and the `NativeS3Client` method.

pub mod delete_object;
pub mod generic;
pub mod get_body;
pub mod get_object;
pub mod object_output;
pub mod put_object;
pub mod select;

use aws_smithy_types::DateTime;

/// Epoch seconds (the JS layer converts Date / ISO string / number) -> SDK timestamp, in whole seconds. The JS
/// layer refuses times outside years 1-9999 (what HTTP dates and ISO 8601 can carry); here they
/// are clamped so that no value reaches a formatter that could fail.
pub(crate) fn ts(v: Option<f64>) -> Option<DateTime> {
  const MIN: f64 = -62_135_596_800.0; // 0001-01-01T00:00:00Z
  const MAX: f64 = 253_402_300_799.0; // 9999-12-31T23:59:59Z
                                      // Whole seconds, as v2 sends them (HTTP dates have no fraction; v2 drops it from ISO 8601 too).
  v.filter(|s| s.is_finite())
    .map(|s| DateTime::from_secs(s.clamp(MIN, MAX).floor() as i64))
}
