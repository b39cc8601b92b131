//! The platform's WebCrypto, for the one signature the Worker does not
//! compute in Wasm: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) for JaaS's
//! Jitsi tokens. Carrying RSA in the Wasm cost about 50 KiB of the gzip
//! budget (README, "Worker size"); `crypto.subtle` has it for free.
//!
//! Called through `Reflect` rather than web-sys's typed bindings, whose
//! features would add glue for the two calls made here.

use worker::js_sys::{self, Array, Function, Object, Promise, Reflect, Uint8Array};
use worker::wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;

fn method(target: &JsValue, name: &str) -> Result<Function, JsValue> {
    Reflect::get(target, &name.into())?.dyn_into::<Function>()
}

async fn call(target: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let promise = method(target, name)?.apply(target, args)?;
    JsFuture::from(promise.unchecked_into::<Promise>()).await
}

/// The RSASSA-PKCS1-v1_5 / SHA-256 signature of `input` under the
/// PKCS#8 DER private key. Fails when the platform refuses the key (not
/// RSA, or malformed).
pub async fn sign_rs256(pkcs8_der: &[u8], input: &[u8]) -> Result<Vec<u8>, JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into())?;
    let subtle = Reflect::get(&crypto, &"subtle".into())?;
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"RSASSA-PKCS1-v1_5".into())?;
    Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into())?;
    let import = Array::of5(
        &"pkcs8".into(),
        &Uint8Array::from(pkcs8_der).into(),
        &algorithm,
        &JsValue::FALSE,
        &Array::of1(&"sign".into()),
    );
    let key = call(&subtle, "importKey", &import).await?;
    let sign = Array::of3(&algorithm, &key, &Uint8Array::from(input).into());
    let signature = call(&subtle, "sign", &sign).await?;
    Ok(Uint8Array::new(&signature).to_vec())
}
