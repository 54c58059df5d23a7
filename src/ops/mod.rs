//! One file per S3 operation: input, output, conversions and the `NativeS3Client` method.

pub mod delete_object;
pub mod get_object;
pub mod object_output;
pub mod put_object;

use aws_smithy_types::DateTime;

/// Epoch seconds (the JS layer converts Date / ISO string / number) -> SDK timestamp.
pub(crate) fn ts(v: Option<f64>) -> Option<DateTime> {
  v.filter(|s| s.is_finite()).map(DateTime::from_secs_f64)
}
