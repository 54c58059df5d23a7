//! Promise completion without a threadsafe function per call.
//!
//! napi's `spawn_future` creates (and tears down) a threadsafe function for every promise. Here
//! each JS thread (main thread or worker) has one threadsafe function and a queue: a finished
//! call pushes its resolver, and only the push that finds the queue empty wakes the JS thread,
//! which then settles every finished call in one batch. The threadsafe function is ref'd only
//! while calls are in flight, so a pending call keeps Node alive and an idle client does not.

use std::cell::RefCell;
use std::ffi::c_void;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use napi::bindgen_prelude::{PromiseRaw, ToNapiValue};
use napi::{sys, Env, Error, JsError, Result, Status};

type Resolver = Box<dyn FnOnce(sys::napi_env) -> Result<sys::napi_value> + Send>;

struct Completion {
  deferred: usize, // napi_deferred, only used on the JS thread that created it
  resolver: Resolver,
}

struct State {
  pending: Vec<Completion>,
  closed: bool,
}

struct Queue {
  tsfn: AtomicUsize, // napi_threadsafe_function, set once right after creation
  state: Mutex<State>,
}

impl Queue {
  fn tsfn(&self) -> sys::napi_threadsafe_function {
    self.tsfn.load(Ordering::Acquire) as sys::napi_threadsafe_function
  }

  fn push(&self, c: Completion) {
    let Ok(mut st) = self.state.lock() else { return };
    if st.closed {
      // The environment is gone; nothing is left to settle.
      return;
    }
    let wake = st.pending.is_empty();
    st.pending.push(c);
    if wake {
      // SAFETY: `closed` is false under the lock, so the cleanup hook has not released the
      // threadsafe function yet (it sets `closed` under the same lock before releasing).
      unsafe {
        sys::napi_call_threadsafe_function(
          self.tsfn(),
          ptr::null_mut(),
          sys::ThreadsafeFunctionCallMode::nonblocking,
        );
      }
    }
  }
}

struct Local {
  env: sys::napi_env,
  queue: Arc<Queue>,
  in_flight: usize,
}

thread_local! {
  static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

unsafe extern "C" fn drain(env: sys::napi_env, _js_cb: sys::napi_value, context: *mut c_void, _data: *mut c_void) {
  if env.is_null() {
    return;
  }
  // SAFETY: `context` is the `Arc<Queue>` leaked in `create`, alive until `finalize`.
  let queue = unsafe { &*(context as *const Queue) };
  let items = match queue.state.lock() {
    Ok(mut st) => std::mem::take(&mut st.pending),
    Err(_) => return,
  };
  let n = items.len();
  for c in items {
    let deferred = c.deferred as sys::napi_deferred;
    let settled = catch_unwind(AssertUnwindSafe(|| (c.resolver)(env))).unwrap_or_else(|_| {
      Err(Error::new(
        Status::GenericFailure,
        "s3-native: panic while converting a result",
      ))
    });
    // SAFETY: each deferred was created on this thread by `spawn` and is settled exactly once.
    unsafe {
      match settled {
        Ok(v) => {
          sys::napi_resolve_deferred(env, deferred, v);
        }
        Err(e) => {
          let err = JsError::from(e).into_value(env);
          sys::napi_reject_deferred(env, deferred, err);
        }
      }
    }
  }
  LOCAL.with(|l| {
    if let Some(local) = l.borrow_mut().as_mut() {
      if local.env == env {
        local.in_flight = local.in_flight.saturating_sub(n);
        if local.in_flight == 0 {
          // SAFETY: called on the thread that owns `env`.
          unsafe { sys::napi_unref_threadsafe_function(env, local.queue.tsfn()) };
        }
      }
    }
  });
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
  // SAFETY: `data` is the pointer from `Arc::into_raw` in `create`; this runs once.
  drop(unsafe { Arc::from_raw(data as *const Queue) });
}

unsafe extern "C" fn cleanup(arg: *mut c_void) {
  // SAFETY: `arg` is a second `Arc::into_raw` reference taken in `create` for this hook.
  let queue = unsafe { Arc::from_raw(arg as *const Queue) };
  if let Ok(mut st) = queue.state.lock() {
    st.closed = true;
    st.pending.clear();
  }
  // SAFETY: no producer can call the function any more (`closed` is set under the lock).
  unsafe {
    sys::napi_release_threadsafe_function(queue.tsfn(), sys::ThreadsafeFunctionReleaseMode::abort);
  }
  LOCAL.with(|l| {
    let mut l = l.borrow_mut();
    if l.as_ref().is_some_and(|x| Arc::ptr_eq(&x.queue, &queue)) {
      *l = None;
    }
  });
}

fn create(env: sys::napi_env) -> Result<Arc<Queue>> {
  let queue = Arc::new(Queue {
    tsfn: AtomicUsize::new(0),
    state: Mutex::new(State {
      pending: Vec::new(),
      closed: false,
    }),
  });
  let label = "s3-native";
  // SAFETY: plain N-API calls on the JS thread that owns `env`; every status is checked.
  unsafe {
    let mut name = ptr::null_mut();
    check(sys::napi_create_string_utf8(
      env,
      label.as_ptr().cast(),
      label.len() as isize,
      &mut name,
    ))?;
    // One reference is owned by the threadsafe function (released in `finalize`).
    let for_tsfn = Arc::into_raw(queue.clone()) as *mut c_void;
    let mut tsfn = ptr::null_mut();
    let status = sys::napi_create_threadsafe_function(
      env,
      ptr::null_mut(),
      ptr::null_mut(),
      name,
      0,
      1,
      for_tsfn,
      Some(finalize),
      for_tsfn,
      Some(drain),
      &mut tsfn,
    );
    if status != sys::Status::napi_ok {
      drop(Arc::from_raw(for_tsfn as *const Queue));
      return Err(Error::new(
        Status::GenericFailure,
        "s3-native: cannot create the completion queue",
      ));
    }
    // No other thread has the queue yet: the handle is stored before the first push.
    queue.tsfn.store(tsfn as usize, Ordering::Release);
    check(sys::napi_unref_threadsafe_function(env, tsfn))?;
    // Another reference is owned by the env cleanup hook.
    let for_hook = Arc::into_raw(queue.clone()) as *mut c_void;
    check(sys::napi_add_env_cleanup_hook(env, Some(cleanup), for_hook))?;
  }
  Ok(queue)
}

/// An N-API status as a `Result`.
pub(crate) fn check(status: sys::napi_status) -> Result<()> {
  if status == sys::Status::napi_ok {
    Ok(())
  } else {
    Err(Error::new(
      Status::GenericFailure,
      format!("s3-native: N-API call failed ({status})"),
    ))
  }
}

/// Polls the inner future, turning a panic into an error instead of a lost promise.
struct CatchUnwind<F>(F);

impl<F: Future> Future for CatchUnwind<F> {
  type Output = std::result::Result<F::Output, ()>;
  fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
    // SAFETY: structural pinning of the only field.
    let inner = unsafe { self.map_unchecked_mut(|s| &mut s.0) };
    match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
      Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
      Ok(Poll::Pending) => Poll::Pending,
      Err(_) => Poll::Ready(Err(())),
    }
  }
}

/// Runs the future `make()` builds on the shared Tokio runtime and returns a promise of its output.
///
/// The future is built on the runtime thread and boxed there: SDK futures are tens of KB, and
/// building them here would copy them on the JS thread at every move.
pub fn spawn<'env, T, M, F>(env: &'env Env, make: M) -> Result<PromiseRaw<'env, T>>
where
  T: ToNapiValue + Send + 'static,
  M: FnOnce() -> F + Send + 'static,
  F: Future<Output = Result<T>> + Send + 'static,
{
  let raw_env = env.raw();
  let queue = LOCAL.with(|l| -> Result<Arc<Queue>> {
    let mut l = l.borrow_mut();
    if let Some(local) = l.as_mut() {
      if local.env == raw_env {
        local.in_flight += 1;
        if local.in_flight == 1 {
          // SAFETY: JS thread of `raw_env`.
          unsafe { sys::napi_ref_threadsafe_function(raw_env, local.queue.tsfn()) };
        }
        return Ok(local.queue.clone());
      }
    }
    let queue = create(raw_env)?;
    // SAFETY: JS thread of `raw_env`.
    unsafe { sys::napi_ref_threadsafe_function(raw_env, queue.tsfn()) };
    *l = Some(Local {
      env: raw_env,
      queue: queue.clone(),
      in_flight: 1,
    });
    Ok(queue)
  })?;
  let mut deferred = ptr::null_mut();
  let mut promise = ptr::null_mut();
  // SAFETY: JS thread of `raw_env`.
  check(unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut promise) })?;
  let deferred = deferred as usize;
  napi::bindgen_prelude::spawn(async move {
    let resolver: Resolver = match CatchUnwind(Box::pin(make())).await {
      // SAFETY (inside): `to_napi_value` runs on the JS thread, in `drain`.
      Ok(Ok(v)) => Box::new(move |env| unsafe { T::to_napi_value(env, v) }),
      Ok(Err(e)) => Box::new(move |_| Err(e)),
      Err(()) => Box::new(|_| Err(Error::new(Status::GenericFailure, "s3-native: panic in a native call"))),
    };
    queue.push(Completion { deferred, resolver });
  });
  Ok(PromiseRaw::new(raw_env, promise))
}
