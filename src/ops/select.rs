//! SelectObjectContent's event stream (the one operation whose output is a stream of events):
//! read whole, as v2's Node client hands its events over — `{ Records: { Payload } }`,
//! `{ Stats: { Details } }`, `{ Progress: { Details } }`, `{ Cont: {} }`, `{ End: {} }` — with each
//! Records payload base64 in the JSON (the JS layer makes Buffers and an object-mode Readable).

use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::event_stream::EventReceiver;
use aws_sdk_s3::types::error::SelectObjectContentEventStreamError;
use aws_sdk_s3::types::{Progress, SelectObjectContentEventStream as Event, Stats};
use serde_json::{json, Map, Value};

use crate::error::NativeError;
use crate::glue::{put, Out};

fn details(scanned: Option<i64>, processed: Option<i64>, returned: Option<i64>) -> Value {
  let mut m = Map::new();
  put(&mut m, "BytesScanned", scanned);
  put(&mut m, "BytesProcessed", processed);
  put(&mut m, "BytesReturned", returned);
  Value::Object(m)
}

fn stats(s: Option<Stats>) -> Value {
  s.map_or_else(
    || json!({}),
    |s| json!({ "Details": details(s.bytes_scanned, s.bytes_processed, s.bytes_returned) }),
  )
}

fn progress(p: Option<Progress>) -> Value {
  p.map_or_else(
    || json!({}),
    |p| json!({ "Details": details(p.bytes_scanned, p.bytes_processed, p.bytes_returned) }),
  )
}

fn event(e: Event) -> Option<Value> {
  Some(match e {
    Event::Records(r) => {
      let payload = r.payload.map(|b| aws_smithy_types::base64::encode(b.as_ref()));
      json!({ "Records": { "Payload": payload.unwrap_or_default() } })
    }
    Event::Stats(s) => json!({ "Stats": stats(s.details) }),
    Event::Progress(p) => json!({ "Progress": progress(p.details) }),
    Event::Cont(_) => json!({ "Cont": {} }),
    Event::End(_) => json!({ "End": {} }),
    _ => return None,
  })
}

/// Every event of the stream, as `{ "Payload": [event, ...] }`.
pub(crate) async fn events(
  mut rx: EventReceiver<Event, SelectObjectContentEventStreamError>,
) -> Result<Out, NativeError> {
  let mut all = Vec::new();
  loop {
    match rx.recv().await {
      Ok(Some(e)) => all.extend(event(e)),
      Ok(None) => break,
      Err(err) => {
        let (code, message) = match err.as_service_error() {
          Some(e) => (
            e.code().unwrap_or("EventStreamError").to_owned(),
            e.message().unwrap_or_default().to_owned(),
          ),
          None => (
            "EventStreamError".to_owned(),
            format!("the event stream failed: {}", crate::error::chain_message(&err)),
          ),
        };
        return Err(NativeError::new(&code, message, false));
      }
    }
  }
  Ok(Out {
    json: json!({ "Payload": all }),
    body: None,
  })
}
