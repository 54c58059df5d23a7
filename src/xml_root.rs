//! Responses that are not what S3 sends, handled as aws-sdk v2 handles them.
//!
//! - A root element named differently than S3's (below).
//! - An empty 200 to CopyObject, UploadPartCopy or CompleteMultipartUpload: S3 sends its headers
//!   early and the result later, so an empty body means the request was cut off. v2 makes it
//!   `InternalError: S3 aborted request` (retried); so does this, by handing the SDK that error
//!   document inside the 200 (the SDK treats an error in a 200 as an error).
//! - A response body the SDK cannot parse (no error code): retried as v2 retries its
//!   XMLParserError (`UnparsableRetry`).
//!
//! The Rust SDK refuses a success response whose root element is not the one S3 sends (`invalid
//! root, expected ListPartsResult`); aws-sdk v2 and v3 never look at the root's name. moto, for
//! one, answers ListParts with `<ListPartsResponse>`, GetBucketVersioning with
//! `<GetBucketVersioningResponse>`. For the operations whose output the SDK checks by its root,
//! a root named `<Operation>Response` is renamed to S3's before the SDK parses the body.

use std::pin::Pin;
use std::task::{Context, Poll};

use aws_smithy_types::body::SdkBody;
use bytes::Bytes;

/// S3's root element for the operations whose output the SDK reads from the body's root (the
/// response syntax of each operation in the S3 API reference).
pub(crate) fn expected_root(operation: &str) -> Option<&'static str> {
  Some(match operation {
    "CompleteMultipartUpload" => "CompleteMultipartUploadResult",
    "CreateMultipartUpload" => "InitiateMultipartUploadResult",
    "DeleteObjects" => "DeleteResult",
    "GetBucketAccelerateConfiguration" => "AccelerateConfiguration",
    "GetBucketAcl" | "GetObjectAcl" => "AccessControlPolicy",
    "GetBucketCors" => "CORSConfiguration",
    "GetBucketLifecycleConfiguration" => "LifecycleConfiguration",
    "GetBucketLogging" => "BucketLoggingStatus",
    "GetBucketNotificationConfiguration" => "NotificationConfiguration",
    "GetBucketRequestPayment" => "RequestPaymentConfiguration",
    "GetBucketTagging" | "GetObjectTagging" => "Tagging",
    "GetBucketVersioning" => "VersioningConfiguration",
    "GetBucketWebsite" => "WebsiteConfiguration",
    "ListBucketAnalyticsConfigurations" => "ListBucketAnalyticsConfigurationResult",
    "ListBucketIntelligentTieringConfigurations" => "ListBucketIntelligentTieringConfigurationsOutput",
    "ListBucketInventoryConfigurations" => "ListInventoryConfigurationsResult",
    "ListBucketMetricsConfigurations" => "ListMetricsConfigurationsResult",
    "ListBuckets" => "ListAllMyBucketsResult",
    "ListMultipartUploads" => "ListMultipartUploadsResult",
    "ListObjectAnnotations" => "ListObjectAnnotationsOutput",
    "ListObjectVersions" => "ListVersionsResult",
    "ListObjects" | "ListObjectsV2" => "ListBucketResult",
    "ListParts" => "ListPartsResult",
    "PutObjectAnnotation" => "PutObjectAnnotationOutput",
    _ => return None,
  })
}

/// The operations whose 200 carries their result only at the end of a long request.
pub(crate) fn aborted_if_empty(operation: &str) -> bool {
  matches!(operation, "CopyObject" | "UploadPartCopy" | "CompleteMultipartUpload")
}

const ABORTED: &[u8] =
  b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>S3 aborted request</Message></Error>";

/// The body, whole, with its root element renamed when it is `<{operation}Response>`, or S3's
/// aborted-request error when it is empty and `aborted_if_empty`. The SDK reads these bodies
/// whole before parsing them anyway.
pub(crate) struct RootRename {
  inner: SdkBody,
  wrong: String,
  right: Option<&'static str>,
  aborted_if_empty: bool,
  buf: Vec<u8>,
  done: bool,
}

impl RootRename {
  pub(crate) fn new(inner: SdkBody, operation: &str, right: Option<&'static str>, aborted_if_empty: bool) -> Self {
    RootRename {
      inner,
      wrong: format!("{operation}Response"),
      right,
      aborted_if_empty,
      buf: Vec::new(),
      done: false,
    }
  }
}

/// `doc` with the root element `wrong` renamed to `right` (open and close tags), or None when
/// the root is named otherwise.
pub(crate) fn rename_root(doc: &[u8], wrong: &str, right: &str) -> Option<Vec<u8>> {
  // The root's start tag: the first `<` not opening a declaration, comment or instruction.
  let mut i = 0;
  let start = loop {
    let at = i + doc.get(i..)?.iter().position(|&b| b == b'<')?;
    match doc.get(at + 1) {
      Some(b'?') | Some(b'!') => i = at + 1,
      Some(_) => break at + 1,
      None => return None,
    }
  };
  let name_end = start
    + doc[start..]
      .iter()
      .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')?;
  if &doc[start..name_end] != wrong.as_bytes() {
    return None;
  }
  let close = format!("</{wrong}");
  let close_at = doc
    .windows(close.len())
    .rposition(|w| w == close.as_bytes())
    .filter(|&c| c > name_end);
  let mut out = Vec::with_capacity(doc.len() + 2 * right.len());
  out.extend_from_slice(&doc[..start]);
  out.extend_from_slice(right.as_bytes());
  match close_at {
    Some(c) => {
      out.extend_from_slice(&doc[name_end..c]);
      out.extend_from_slice(b"</");
      out.extend_from_slice(right.as_bytes());
      out.extend_from_slice(&doc[c + close.len()..]);
    }
    None => out.extend_from_slice(&doc[name_end..]),
  }
  Some(out)
}

impl http_body::Body for RootRename {
  type Data = Bytes;
  type Error = aws_smithy_types::body::Error;

  fn poll_frame(
    mut self: Pin<&mut Self>,
    cx: &mut Context<'_>,
  ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
    let this = &mut *self;
    if this.done {
      return Poll::Ready(None);
    }
    loop {
      match Pin::new(&mut this.inner).poll_frame(cx) {
        Poll::Pending => return Poll::Pending,
        Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
        Poll::Ready(Some(Ok(frame))) => {
          if let Ok(data) = frame.into_data() {
            this.buf.extend_from_slice(&data);
          }
        }
        Poll::Ready(None) => {
          this.done = true;
          let doc = std::mem::take(&mut this.buf);
          let out = if this.aborted_if_empty && doc.iter().all(u8::is_ascii_whitespace) {
            ABORTED.to_vec()
          } else {
            match this.right {
              Some(right) => rename_root(&doc, &this.wrong, right).unwrap_or(doc),
              None => doc,
            }
          };
          return Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(out)))));
        }
      }
    }
  }
}

/// Retries a response whose body the SDK could not parse — no error code in it — as v2 retries
/// its XMLParserError: a 2xx that is not the operation's output, or an error page that is not an
/// S3 error document (a proxy's HTML). A body-less error (a HEAD's 404) is not one.
#[derive(Debug)]
pub(crate) struct UnparsableRetry;

impl aws_smithy_runtime_api::client::retries::classifiers::ClassifyRetry for UnparsableRetry {
  fn classify_retry(
    &self,
    ctx: &aws_smithy_runtime_api::client::interceptors::context::InterceptorContext,
  ) -> aws_smithy_runtime_api::client::retries::classifiers::RetryAction {
    use aws_smithy_runtime_api::client::retries::classifiers::RetryAction;
    let (Some(Err(_)), Some(resp)) = (ctx.output_or_error(), ctx.response()) else {
      return RetryAction::NoActionIndicated;
    };
    if unparsable(resp.status().as_u16(), resp.body().bytes().unwrap_or_default()) {
      RetryAction::transient_error()
    } else {
      RetryAction::NoActionIndicated
    }
  }

  fn name(&self) -> &'static str {
    "S3NativeUnparsableResponse"
  }
}

/// A failed response whose body carries no S3 error code and is not XML: a 2xx (the SDK could
/// not parse its output), or any status with a body that is not a well-formed XML document (v2's
/// XMLParserError). A well-formed error document without a code gets the status as its code, as
/// in v2.
pub(crate) fn unparsable(status: u16, body: &[u8]) -> bool {
  if find(body, b"<Code>").is_some() {
    return false;
  }
  (200..300).contains(&status) || !(body.iter().all(u8::is_ascii_whitespace) || well_formed(body))
}

/// One root element, every element closed in order, and nothing the tokenizer refuses.
pub(crate) fn well_formed(body: &[u8]) -> bool {
  let Ok(text) = std::str::from_utf8(body) else {
    return false;
  };
  let mut open: Vec<(&str, &str)> = Vec::new();
  let mut roots = 0;
  for token in xmlparser::Tokenizer::from(text) {
    match token {
      Err(_) => return false,
      Ok(xmlparser::Token::ElementStart { prefix, local, .. }) => {
        if open.is_empty() {
          roots += 1;
        }
        open.push((prefix.as_str(), local.as_str()));
      }
      Ok(xmlparser::Token::ElementEnd { end, .. }) => match end {
        xmlparser::ElementEnd::Open => {}
        xmlparser::ElementEnd::Empty => {
          open.pop();
        }
        xmlparser::ElementEnd::Close(prefix, local) => {
          if open.pop() != Some((prefix.as_str(), local.as_str())) {
            return false;
          }
        }
      },
      Ok(_) => {}
    }
  }
  open.is_empty() && roots == 1
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
  hay.windows(needle.len()).position(|w| w == needle)
}

/// The text of the first `<name>...</name>` element of an error document.
pub(crate) fn element_text(body: &[u8], name: &str) -> Option<String> {
  let open = format!("<{name}>");
  let close = format!("</{name}>");
  let start = find(body, open.as_bytes())? + open.len();
  let len = find(&body[start..], close.as_bytes())?;
  let text = std::str::from_utf8(&body[start..start + len]).ok()?.trim();
  (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
  use super::rename_root;

  #[test]
  fn renames_only_the_operation_response_root() {
    let doc = br#"<?xml version="1.0"?><ListPartsResponse xmlns="x"><Bucket>b</Bucket></ListPartsResponse>"#;
    let out = rename_root(doc, "ListPartsResponse", "ListPartsResult").unwrap();
    assert_eq!(
      String::from_utf8(out).unwrap(),
      r#"<?xml version="1.0"?><ListPartsResult xmlns="x"><Bucket>b</Bucket></ListPartsResult>"#
    );
    let empty = br#"<?xml version="1.0"?><GetBucketVersioningResponse xmlns="x"/>"#;
    let out = rename_root(empty, "GetBucketVersioningResponse", "VersioningConfiguration").unwrap();
    assert_eq!(
      String::from_utf8(out).unwrap(),
      r#"<?xml version="1.0"?><VersioningConfiguration xmlns="x"/>"#
    );
    assert!(rename_root(b"<ListPartsResult/>", "ListPartsResponse", "ListPartsResult").is_none());
    assert!(rename_root(b"", "A", "B").is_none());
    assert!(rename_root(b"<", "A", "B").is_none());
  }

  #[test]
  fn well_formed_documents() {
    use super::well_formed;
    assert!(well_formed(
      b"<html><head><title>502 Bad Gateway</title></head><body><h1>x</h1></body></html>"
    ));
    assert!(well_formed(b"<?xml version=\"1.0\"?>\n<a/>"));
    assert!(!well_formed(
      b"<html><body><center>x</center><hr><center>nginx</center></body></html>"
    ));
    assert!(!well_formed(b"garbage"));
    assert!(!well_formed(b"<a></a><b></b>"));
  }
}
