//! The two things `frontdesk-core` never touches: the clock and randomness.
//! Everything that needs either gets it from here and passes it into core.

use chrono::{DateTime, TimeZone, Utc};

// The runtime's clock and CSPRNG are not input: if either failed, nothing
// could be answered correctly, so these two may stop the request.
#[allow(clippy::expect_used)]
pub fn now() -> DateTime<Utc> {
    let ms = worker::Date::now().as_millis() as i64;
    Utc.timestamp_millis_opt(ms)
        .single()
        .expect("the runtime clock is a valid timestamp")
}

/// Fresh bytes from the runtime's CSPRNG (`crypto.getRandomValues`).
#[allow(clippy::expect_used)]
pub fn entropy<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the runtime provides crypto.getRandomValues");
    bytes
}
