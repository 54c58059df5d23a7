'use strict';
// Writes src/generated.rs: per operation, JSON params -> the SDK's fluent builder (`<op>_req`),
// then send() -> the output as JSON with v2's member names, or a presigned URL (src/presign.rs);
// and the conversions of every nested shape.

const { pascal } = require('./model');

/** Shapes reachable from `roots` (shape names), through structure members, lists and maps. */
function reachable(model, roots, skipMember) {
  const seen = new Set();
  const nested = new Set(); // reached through a member, list or map (not only as a root)
  const visit = (name) => {
    if (!name || seen.has(name)) return;
    const s = model.shapes[name];
    seen.add(name);
    const child = (c) => {
      nested.add(c);
      visit(c);
    };
    if (s.type === 'structure') {
      for (const [m, ms] of Object.entries(s.members)) if (!skipMember(s, m, ms)) child(ms.shape);
    } else if (s.type === 'list') child(s.member);
    else if (s.type === 'map') child(s.value);
  };
  roots.forEach(visit);
  return nested;
}

const HAND_WRITTEN = ['PutObject', 'GetObject', 'HeadObject', 'DeleteObject'];
// The operations whose SDK builders offer `disable_payload_signing` (aws-sdk-s3's customize.rs).
const UNSIGNABLE = new Set(['PutObject', 'UploadPart']);

const skipStream = (s, m, ms) => ms.streaming || ms.eventStream;

function generateRust(model, header) {
  // Every operation can be presigned; the four with hand-written bindings (src/ops/) are not
  // generated again for sending.
  const all = model.operations.filter((o) => o.inCrate);
  const ops = all.filter((o) => !HAND_WRITTEN.includes(o.name));
  const inRoots = all.map((o) => o.input).filter(Boolean);
  const outRoots = ops.map((o) => o.output).filter(Boolean);
  const ins = reachable(model, inRoots, skipStream);
  const outs = reachable(model, outRoots, skipStream);
  const L = [];
  L.push(`// ${header}`);
  L.push('//! Every S3 operation: JSON params -> the SDK\'s fluent builder (`<op>_req`), then either');
  L.push('//! `send()` -> the output as JSON with the model\'s member names (all but the hand-written');
  L.push('//! streaming ones in src/ops/), or a presigned URL (src/presign.rs).');
  L.push('#![allow(deprecated, unused_mut, unused_variables, clippy::all)]');
  L.push('');
  L.push('use std::sync::Arc;');
  L.push('');
  L.push('use aws_sdk_s3::types as t;');
  L.push('use aws_sdk_s3::operation as op;');
  L.push('use aws_sdk_s3::primitives::ByteStream;');
  L.push('use serde_json::{Map, Value};');
  L.push('');
  L.push('use crate::config::Built;');
  L.push('use crate::error::NativeError;');
  L.push('use crate::glue::{checksum_override, collect_body, get, obj, one_of, put, sdk_err, stream_body, unsigned_payload, Finish, FromJs, IntoJs, OpFuture, Out};');
  L.push('use crate::presign::Presign;');
  L.push('');
  // Dispatch.
  L.push('/// The operation named `name` (the model\'s name), or None when there is no such operation.');
  L.push('pub(crate) fn dispatch(name: &str, built: Arc<Built>, input: Value, body: Option<ByteStream>) -> Option<OpFuture> {');
  L.push('  Some(match name {');
  for (const o of ops) L.push(`    "${o.name}" => Box::pin(${o.rust}(built, input, body)),`);
  L.push('    _ => return None,');
  L.push('  })');
  L.push('}');
  L.push('');
  L.push('/// The presigned URL of operation `name` with these params (`Out.json` is the URL string), or');
  L.push('/// None when there is no such operation.');
  L.push('pub(crate) fn presign(name: &str, built: Arc<Built>, input: Value, p: Presign) -> Option<OpFuture> {');
  L.push('  Some(match name {');
  for (const o of all) {
    L.push(`    "${o.name}" => Box::pin(async move {`);
    L.push('      let (i, c, url) = crate::presign::start(p);');
    L.push(`      let res = ${o.rust}_req(&built, obj(&input, "params")?, None)?.customize().interceptor(i).config_override(c).send().await;`);
    L.push('      crate::presign::finish(url, res.map(|_| ()), &built)');
    L.push('    }),');
  }
  L.push('    _ => return None,');
  L.push('  })');
  L.push('}');
  L.push('');
  for (const o of all) {
    L.push(`fn ${o.rust}_req(built: &Built, m: &Map<String, Value>, body: Option<ByteStream>) -> Result<op::${o.rust}::builders::${o.name}FluentBuilder, NativeError> {`);
    L.push(`  Ok(built.client.${o.rust}()`);
    if (o.input) {
      for (const [name, ms] of Object.entries(model.shapes[o.input].members)) {
        if (ms.streaming) L.push(`    .${ms.setter}(Some(stream_body(body)))`);
        else L.push(`    .${ms.setter}(get(m, "${name}")?)`);
      }
    }
    L.push('  )');
    L.push('}');
    L.push('');
  }
  for (const o of ops) {
    L.push(`async fn ${o.rust}(built: Arc<Built>, input: Value, body: Option<ByteStream>) -> Result<Out, NativeError> {`);
    L.push('  let m = obj(&input, "params")?;');
    // A large in-memory body that a checksum covers is not hashed for the signature (see glue),
    // where the SDK offers that (`disable_payload_signing`: PutObject and UploadPart).
    const unsignable = o.checksumAlgorithmMember && o.streamIn && UNSIGNABLE.has(o.name);
    if (unsignable) {
      L.push('  let unsigned = unsigned_payload(&built, m, body.as_ref());');
    }
    L.push(`  let req = ${o.rust}_req(&built, m, body)?;`);
    if (o.checksumAlgorithmMember) {
      // A caller's checksum algorithm is honoured under WHEN_REQUIRED too (see glue).
      L.push(`  let asked = m.get("${o.checksumAlgorithmMember}").is_some_and(|v| !v.is_null());`);
      if (unsignable) {
        L.push('  let res = if asked || unsigned {');
        L.push('    let mut c = req.customize();');
        L.push('    if asked {');
        L.push('      c = c.config_override(checksum_override());');
        L.push('    }');
        L.push('    if unsigned {');
        L.push('      c = c.disable_payload_signing();');
        L.push('    }');
        L.push('    c.send().await');
      } else {
        L.push('  let res = if asked {');
        L.push('    req.customize().config_override(checksum_override()).send().await');
      }
      L.push('  } else {');
      L.push('    req.send().await');
      L.push('  };');
      L.push(`  let mut o = res.map_err(|e| sdk_err(&e, &built))?;`);
    } else {
      L.push(`  let mut o = req.send().await.map_err(|e| sdk_err(&e, &built))?;`);
    }
    if (o.eventStream) {
      // The output is an event stream: read by the hand-written src/ops/select.rs.
      const [member] = Object.values(model.shapes[o.output].members).filter((ms) => ms.eventStream);
      L.push(`  crate::ops::select::events(o.${member.rust}).await`);
      L.push('}');
      L.push('');
      continue;
    }
    let streamMember = null;
    if (o.output) {
      for (const [name, ms] of Object.entries(model.shapes[o.output].members)) if (ms.streaming) streamMember = ms;
    }
    if (streamMember) {
      L.push(`  let bytes = collect_body(std::mem::take(&mut o.${streamMember.rust})).await?;`);
      L.push('  Ok(Out { json: o.into_js(), body: Some(bytes) })');
    } else {
      L.push('  Ok(Out { json: o.into_js(), body: None })');
    }
    L.push('}');
    L.push('');
  }
  // Operation outputs.
  for (const o of ops.filter((x) => !x.eventStream)) {
    const typ = `op::${o.rust}::${o.name}Output`;
    L.push(`impl IntoJs for ${typ} {`);
    L.push('  fn into_js(self) -> Value {');
    L.push('    let mut m = Map::new();');
    if (o.output) {
      for (const [name, ms] of Object.entries(model.shapes[o.output].members)) {
        if (ms.streaming || ms.eventStream) continue;
        L.push(`    put(&mut m, "${name}", self.${ms.rust});`);
      }
    }
    L.push('    Value::Object(m)');
    L.push('  }');
    L.push('}');
    L.push('');
  }
  // Enums (string shapes with an enum list) used on either side.
  const enums = [...new Set([...ins, ...outs])].filter((n) => model.shapes[n].type === 'string' && model.shapes[n].enum).sort();
  L.push('crate::glue::enums!(');
  for (const n of enums) L.push(`  t::${model.shapes[n].rust},`);
  L.push(');');
  L.push('');
  // Structures.
  const structs = (set) => [...set].filter((n) => model.shapes[n].type === 'structure').sort();
  for (const n of structs(ins)) {
    const s = model.shapes[n];
    L.push(`impl FromJs for t::${s.rust} {`);
    L.push('  fn from_js(v: &Value, ctx: &str) -> Result<Self, NativeError> {');
    L.push('    let m = obj(v, ctx)?;');
    if (s.union) {
      const names = Object.keys(s.members);
      L.push(`    one_of(m, ctx, &[${names.map((x) => `"${x}"`).join(', ')}])?;`);
      for (const [name] of Object.entries(s.members)) {
        L.push(`    if let Some(x) = get(m, "${name}")? {`);
        L.push(`      return Ok(Self::${pascal(name)}(x));`);
        L.push('    }');
      }
      L.push('    Err(crate::glue::invalid(ctx, "must have exactly one member"))');
    } else {
      L.push(`    t::${s.rust}::builder()`);
      for (const [name, ms] of Object.entries(s.members)) L.push(`      .${ms.setter}(get(m, "${name}")?)`);
      L.push('      .build()');
      L.push('      .finish(ctx)');
    }
    L.push('  }');
    L.push('}');
    L.push('');
    if (!s.union) L.push(`impl Finish for t::${s.rust} {\n  type Out = Self;\n  fn finish(self, _: &str) -> Result<Self, NativeError> {\n    Ok(self)\n  }\n}\n`);
  }
  for (const n of structs(outs)) {
    const s = model.shapes[n];
    L.push(`impl IntoJs for t::${s.rust} {`);
    L.push('  fn into_js(self) -> Value {');
    L.push('    let mut m = Map::new();');
    if (s.union) {
      L.push('    match self {');
      for (const [name] of Object.entries(s.members)) {
        L.push(`      Self::${pascal(name)}(x) => put(&mut m, "${name}", x),`);
      }
      L.push('      _ => {}');
      L.push('    }');
    } else {
      for (const [name, ms] of Object.entries(s.members)) L.push(`    put(&mut m, "${name}", self.${ms.rust});`);
    }
    L.push('    Value::Object(m)');
    L.push('  }');
    L.push('}');
    L.push('');
  }
  return L.join('\n');
}

module.exports = { generateRust, reachable };
