//! Booking-token minting for a partner's JavaScript backend: the very
//! `frontdesk_core::booking_token::mint` the tests and the Worker's own
//! checks use, compiled to WebAssembly and wrapped by wasm-bindgen, so a
//! partner does not have to get a JWT library's options right.
//!
//! ```js
//! const { mintBookingToken } = require('./mint/pkg/frontdesk_mint.js');
//! const now = Math.floor(Date.now() / 1000);
//! const token = mintBookingToken(keyId, secret, {
//!   sub: 'customer-42', iat: now, exp: now + 300, jti: crypto.randomUUID(),
//! });
//! ```
//!
//! Before returning, the token is checked exactly as Frontdesk will check
//! it (against the clock of the machine minting it), so a claim Frontdesk
//! would refuse (a lifetime over 15 minutes, an expired `exp`) throws here,
//! on the partner's backend, instead of becoming a 401 in a customer's
//! browser.
//!
//! # Layout
//! - [`mint_booking_token`]: the one export, `mintBookingToken`.
//!
//! Build with `make mint-js` (output in `mint/pkg`, for Node.js).

use chrono::DateTime;
use frontdesk_core::booking_token::{mint, parse, Claims, AUDIENCE};
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// `mintBookingToken(keyId, secret, claims)`: `claims` as in the README's
/// partner section (`sub`, `iat`, `exp`, and optionally `jti`, `nbf`,
/// `shop_uid`, `name`, `email`, `email_verified`, `phone_number`,
/// `phone_number_verified`, `phone`); `aud` may be left out. Throws an
/// `Error` naming what is wrong, which the API itself never says (every
/// bad token gets the same 401 there).
#[wasm_bindgen(js_name = mintBookingToken)]
pub fn mint_booking_token(key_id: &str, secret: &str, claims: JsValue) -> Result<String, JsError> {
    let text: String = js_sys::JSON::stringify(&claims)
        .map_err(|_| JsError::new("claims must be a plain object"))?
        .into();
    let mut value: Value =
        serde_json::from_str(&text).map_err(|_| JsError::new("claims must be a plain object"))?;
    let Some(object) = value.as_object_mut() else {
        return Err(JsError::new("claims must be a plain object"));
    };
    object.entry("aud").or_insert_with(|| Value::from(AUDIENCE));
    let claims: Claims =
        serde_json::from_value(value).map_err(|e| JsError::new(&format!("claims: {e}")))?;
    if key_id.is_empty() || secret.is_empty() {
        return Err(JsError::new("keyId and secret are required"));
    }
    let token = mint(key_id, secret.as_bytes(), &claims);
    let now = DateTime::from_timestamp_millis(js_sys::Date::now() as i64)
        .ok_or_else(|| JsError::new("the clock is out of range"))?;
    parse(&token)
        .and_then(|t| t.verify(secret.as_bytes(), now))
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(token)
}
