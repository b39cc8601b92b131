//! All or nothing: a command's writes commit together or not at all.
//!
//! The runtime already commits a handler's synchronous writes as one unit,
//! but only when the handler returns normally: an error after the first
//! write (a refusal found late, a malformed stored row) would leave the
//! earlier writes in place. `storage.transactionSync` rolls back when its
//! callback throws, and workers-rs 0.8.7 binds only the asynchronous
//! `transaction`, so this is the small binding that the synchronous one
//! needs. The callback is a stack closure: it borrows the shop and runs
//! before `transactionSync` returns.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use worker::Storage;

use crate::error::{ApiError, ApiResult};

#[wasm_bindgen]
extern "C" {
    /// The `DurableObjectStorage` JS object, seen for this one method.
    type SyncStorage;

    #[wasm_bindgen(method, catch, js_name = transactionSync)]
    fn transaction_sync(
        this: &SyncStorage,
        run: &mut dyn FnMut() -> Result<(), JsValue>,
    ) -> Result<JsValue, JsValue>;
}

/// Runs `f` in a storage transaction: an `Err` from `f` rolls back every
/// write `f` made, and is returned as it was.
pub(super) fn all_or_nothing<T>(
    storage: &Storage,
    f: impl FnOnce() -> ApiResult<T>,
) -> ApiResult<T> {
    let mut f = Some(f);
    let mut outcome: Option<ApiResult<T>> = None;
    let raw: &SyncStorage = storage.as_raw().unchecked_ref();
    let mut run = || -> Result<(), JsValue> {
        let Some(f) = f.take() else {
            return Ok(());
        };
        let result = f();
        let failed = result.is_err();
        outcome = Some(result);
        if failed {
            // Throwing is how the callback asks for a rollback.
            Err(JsValue::from_str("rolled back"))
        } else {
            Ok(())
        }
    };
    let thrown = raw.transaction_sync(&mut run).err();
    match (outcome, thrown) {
        (Some(result), _) => result,
        // The runtime refused before or after running `f` (a storage
        // failure): nothing of `f` was kept.
        (None, Some(e)) => Err(ApiError::Internal(format!(
            "storage transaction failed: {}",
            e.as_string().unwrap_or_default()
        ))),
        (None, None) => Err(ApiError::Internal(
            "storage transaction did not run its callback".into(),
        )),
    }
}
