//! Request-rate limits, through the Workers Rate Limiting binding
//! (`[[ratelimits]]` in wrangler.toml; `wrangler dev` emulates it).
//!
//! Each [`Bucket`] is one binding, so each limit is a setting: its `limit`
//! and `period` live in wrangler.toml. The binding counts a call and says
//! whether the key is over its limit; it reports no remaining time, so the
//! `Retry-After` of a 429 is the whole period. Every binding uses the same
//! period, [`PERIOD_SECONDS`] (a test keeps wrangler.toml to it).
//!
//! Counting is per location and approximate, as the binding documents: a
//! limit stops abuse, it is not a quota to bill by.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use worker::{Env, Request};

use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};

/// The most blocked addresses one isolate remembers; past it, the expired
/// are dropped first, then the whole memory (the binding still counts).
const MAX_BLOCKED: usize = 10_000;

thread_local! {
    // Addresses this isolate saw go over their failed-authentication
    // limit, and until when. The binding cannot be asked without counting,
    // so this is how an address over its limit is refused *before* its
    // credentials are checked. It is a per-isolate cache of the binding's
    // verdict, not state the service depends on: an evicted isolate simply
    // learns it again at the address's next failure.
    static BLOCKED: RefCell<HashMap<String, DateTime<Utc>>> = RefCell::new(HashMap::new());
}

/// The period of every `[[ratelimits]]` binding, in seconds.
pub const PERIOD_SECONDS: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Failed authentications (bad API keys, booking tokens, operator
    /// tokens, watch links) per client address.
    AuthFailures,
    /// Requests per API key.
    ApiKey,
    /// Requests per booking-token holder (the `sub` as scoped to its
    /// partner).
    BookingSubject,
    /// Requests per partner, over all its customers' tokens.
    Partner,
    /// Sign-in link requests, per client address and per email address.
    SignIn,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::AuthFailures,
        Bucket::ApiKey,
        Bucket::BookingSubject,
        Bucket::Partner,
        Bucket::SignIn,
    ];

    /// The binding's name in wrangler.toml.
    pub fn binding(self) -> &'static str {
        match self {
            Bucket::AuthFailures => "RATE_LIMIT_AUTH_FAILURES",
            Bucket::ApiKey => "RATE_LIMIT_API_KEY",
            Bucket::BookingSubject => "RATE_LIMIT_BOOKING_SUBJECT",
            Bucket::Partner => "RATE_LIMIT_PARTNER",
            Bucket::SignIn => "RATE_LIMIT_SIGN_IN",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Bucket::AuthFailures => "too many failed authentications from this address",
            Bucket::ApiKey => "too many requests with this API key",
            Bucket::BookingSubject => "too many requests with this patient's booking tokens",
            Bucket::Partner => "too many requests with this partner's booking tokens",
            Bucket::SignIn => "too many sign-in requests; try again in a minute",
        }
    }
}

/// Counts one request against `key` in `bucket`; 429 when over the limit.
pub async fn check(env: &Env, bucket: Bucket, key: &str) -> ApiResult<()> {
    let limiter = env.rate_limiter(bucket.binding()).map_err(|_| {
        let why = format!("the rate-limit binding {} is missing", bucket.binding());
        worker::console_error!("misconfigured: {why}");
        ApiError::Misconfigured(why)
    })?;
    let outcome = limiter.limit(key.to_owned()).await?;
    if outcome.success {
        Ok(())
    } else {
        Err(too_many(bucket.message(), PERIOD_SECONDS))
    }
}

pub fn too_many(message: impl Into<String>, retry_after: u32) -> ApiError {
    ApiError::TooManyRequests {
        code: ErrorCode::RateLimited,
        message: message.into(),
        retry_after,
    }
}

/// The client's address as Cloudflare saw it. The header is set by the
/// edge (and by `wrangler dev`); a request without it shares one bucket.
pub fn client_address(req: &Request) -> String {
    req.headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .filter(|a| a.len() <= 64)
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Turns a failed authentication into a 429 once its address is over the
/// limit, and remembers the address as blocked for a period; other errors
/// pass through untouched.
pub async fn on_auth_failure(cx: &Ctx, req: &Request, e: ApiError) -> ApiError {
    if !matches!(e, ApiError::Unauthorized(_)) {
        return e;
    }
    let address = client_address(req);
    match check(&cx.env, Bucket::AuthFailures, &address).await {
        Ok(()) => e,
        Err(limited) => {
            let until = cx.now + Duration::seconds(i64::from(PERIOD_SECONDS));
            block(address, cx.now, until);
            limited
        }
    }
}

/// 429 for an address this isolate saw go over its limit of failed
/// authentications, until the period ends: its attempts are not checked
/// at all, right or wrong.
pub fn refuse_blocked_address(req: &Request, now: DateTime<Utc>) -> ApiResult<()> {
    let address = client_address(req);
    let until = BLOCKED.with(|b| b.borrow().get(&address).copied());
    match until {
        Some(until) if until > now => {
            let wait = (until - now)
                .num_seconds()
                .clamp(1, i64::from(PERIOD_SECONDS));
            Err(too_many(
                Bucket::AuthFailures.message(),
                u32::try_from(wait).unwrap_or(PERIOD_SECONDS),
            ))
        }
        _ => Ok(()),
    }
}

fn block(address: String, now: DateTime<Utc>, until: DateTime<Utc>) {
    BLOCKED.with(|b| {
        let mut blocked = b.borrow_mut();
        if blocked.len() >= MAX_BLOCKED {
            blocked.retain(|_, t| *t > now);
            if blocked.len() >= MAX_BLOCKED {
                blocked.clear();
            }
        }
        blocked.insert(address, until);
    });
}
