//! Operation inputs read by the keys the caller actually set.
//!
//! napi's derived `FromNapiValue` for an `#[napi(object)]` looks up every field by name: 55
//! `napi_get_named_property` calls (each one builds and internalises a V8 string) for a
//! PutObject that sets only `Bucket` and `Key`. `js_input!` instead enumerates the object's own
//! keys once and converts just those; the struct literal it builds names every field, so a field
//! missing from the list is a compile error.

use std::ptr;

use napi::bindgen_prelude::sys;
use napi::{Error, Result, Status};

use crate::complete::check;

/// How a field is finished when its key was absent (or `undefined`/`null`).
pub trait Field: Sized {
  fn finish(value: Option<Self>, key: &str, ty: &str) -> Result<Self>;
}

impl<T> Field for Option<T> {
  fn finish(value: Option<Self>, _key: &str, _ty: &str) -> Result<Self> {
    Ok(value.flatten())
  }
}

impl Field for String {
  fn finish(value: Option<Self>, key: &str, ty: &str) -> Result<Self> {
    value.ok_or_else(|| Error::new(Status::InvalidArg, format!("Missing field `{key}` in {ty}")))
  }
}

/// Calls `f(key, value)` for each own enumerable string key of `obj`.
///
/// # Safety
/// `env` and `obj` must be valid handles on the current JS thread.
pub unsafe fn for_each_key(
  env: sys::napi_env,
  obj: sys::napi_value,
  ty: &str,
  mut f: impl FnMut(&str, sys::napi_value) -> Result<()>,
) -> Result<()> {
  // SAFETY: plain N-API calls on the JS thread that owns `env`; every status is checked.
  unsafe {
    let mut kind = 0;
    check(sys::napi_typeof(env, obj, &mut kind))?;
    if kind != sys::ValueType::napi_object {
      return Err(Error::new(Status::InvalidArg, format!("{ty} must be an object")));
    }
    let mut keys = ptr::null_mut();
    check(sys::napi_get_all_property_names(
      env,
      obj,
      sys::KeyCollectionMode::own_only,
      sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
      sys::KeyConversion::numbers_to_strings,
      &mut keys,
    ))?;
    let mut len = 0u32;
    check(sys::napi_get_array_length(env, keys, &mut len))?;
    // Longer than any member name: such a key is not ours.
    let mut buf = [0u8; 64];
    for i in 0..len {
      let mut key = ptr::null_mut();
      check(sys::napi_get_element(env, keys, i, &mut key))?;
      let mut n = 0usize;
      check(sys::napi_get_value_string_utf8(
        env,
        key,
        buf.as_mut_ptr().cast(),
        buf.len(),
        &mut n,
      ))?;
      if n >= buf.len() - 1 {
        continue;
      }
      let Ok(name) = std::str::from_utf8(&buf[..n]) else {
        continue;
      };
      let mut value = ptr::null_mut();
      check(sys::napi_get_property(env, obj, key, &mut value))?;
      f(name, value)?;
    }
  }
  Ok(())
}

/// `impl FromNapiValue` for an input struct declared `#[napi(object, object_from_js = false)]`:
/// `js_input!(PutObjectInput { "Bucket" => bucket, "Key" => key, ... })`.
macro_rules! js_input {
  ($ty:ident { $($js:literal => $field:ident),+ $(,)? }) => {
    impl napi::bindgen_prelude::FromNapiValue for $ty {
      unsafe fn from_napi_value(
        env: napi::bindgen_prelude::sys::napi_env,
        value: napi::bindgen_prelude::sys::napi_value,
      ) -> napi::Result<Self> {
        $(let mut $field = None;)+
        // SAFETY: called by napi on the JS thread with a live `value`.
        unsafe {
          $crate::input::for_each_key(env, value, stringify!($ty), |name, v| {
            match name {
              $($js => {
                $field = Some(
                  napi::bindgen_prelude::FromNapiValue::from_napi_value(env, v).map_err(|e| {
                    napi::Error::new(e.status, format!("{}.{}: {}", stringify!($ty), $js, e.reason))
                  })?,
                )
              })+
              _ => {}
            }
            Ok(())
          })?;
        }
        Ok($ty {
          $($field: $crate::input::Field::finish($field, $js, stringify!($ty))?,)+
        })
      }
    }
  };
}
pub(crate) use js_input;
