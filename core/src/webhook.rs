//! Webhooks, as the Standard Webhooks specification has them: each delivery
//! carries `webhook-id` (the same on every retry), `webhook-timestamp` and
//! `webhook-signature` = `v1,` + base64(HMAC-SHA256(secret, "id.timestamp.body")),
//! with a `whsec_`-prefixed base64 secret. Also here: the event catalogue,
//! the retry schedule, and which endpoint URLs are acceptable.

use chrono::{DateTime, Utc};
use data_encoding::BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use thiserror::Error;

use crate::time;

/// Every event type a subscription can ask for. Payloads carry ids, times
/// and statuses, never a patient's name, contact or reason for visiting.
pub const EVENT_TYPES: &[&str] = &[
    "WAITING_ROOM_REGISTERED",
    "WAITING_ROOM_ALLOCATED",
    "WAITING_ROOM_COMPLETED",
    "WAITING_ROOM_CANCELLED",
    "APPOINTMENT_HELD",
    "APPOINTMENT_CONFIRMED",
    "APPOINTMENT_CANCELLED",
    "APPOINTMENT_EXPIRED",
    "APPOINTMENT_REBOOKED",
    "APPOINTMENT_CHECKED_IN",
    "APPOINTMENT_COMPLETED",
    "APPOINTMENT_NO_SHOW",
    "APPOINTMENT_REMINDER_DUE",
    "patient:created",
    "patient:updated",
    "patient:deactivated",
];

/// Delays before each retry after a failed attempt: five seconds to a day,
/// about 42 hours in all before a delivery is given up.
pub const RETRY_SCHEDULE_SECONDS: &[i64] =
    &[5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 24 * 3600];

/// The longest an endpoint may take to answer.
pub const TIMEOUT_SECONDS: u64 = 15;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WebhookError {
    #[error("a signing secret is `whsec_` followed by base64")]
    BadSecret,
    #[error("must be an https URL (or http on a local test setup)")]
    Scheme,
    #[error("must not point at a private, loopback or link-local address")]
    PrivateAddress,
    #[error("is not a URL")]
    Unparseable,
}

/// A new signing secret from 24 bytes of caller-supplied entropy.
pub fn new_secret(entropy: &[u8; 24]) -> String {
    format!("whsec_{}", BASE64.encode(entropy))
}

fn key(secret: &str) -> Result<Vec<u8>, WebhookError> {
    BASE64
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret).as_bytes())
        .map_err(|_| WebhookError::BadSecret)
}

pub fn sign(
    secret: &str,
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, WebhookError> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key(secret)?).expect("HMAC takes any key length");
    mac.update(format!("{msg_id}.{timestamp}.").as_bytes());
    mac.update(body);
    Ok(format!(
        "v1,{}",
        BASE64.encode(&mac.finalize().into_bytes())
    ))
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Delivered,
    /// 410 Gone: the receiver asks never to be called again.
    DisableSubscription,
    RetryAt(DateTime<Utc>),
    GiveUp,
}

/// Parses a schedule override such as `"1,1,2"` (seconds), for tests that
/// cannot wait five minutes; `None` keeps the standard schedule.
/// Each delay must be 1 second to a week, and there may be at most 50.
pub fn parse_schedule(s: &str) -> Option<Vec<i64>> {
    if s.len() > 1000 {
        return None;
    }
    let parsed: Option<Vec<i64>> = s
        .split(',')
        .map(|p| {
            p.trim()
                .parse()
                .ok()
                .filter(|n| (1..=MAX_RETRY_DELAY_SECONDS).contains(n))
        })
        .collect();
    parsed.filter(|v| !v.is_empty() && v.len() <= 50)
}

/// The longest delay a schedule may ask for between two attempts.
const MAX_RETRY_DELAY_SECONDS: i64 = 7 * 24 * 3600;

/// Reads a `Retry-After` header as seconds from `now`: either
/// delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`,
/// RFC 9110); a date already past asks for no wait at all.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<i64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<i64>() {
        return (seconds >= 0).then_some(seconds);
    }
    if value.len() > 64 {
        return None;
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        at.with_timezone(&Utc)
            .signed_duration_since(now)
            .num_seconds()
            .max(0),
    )
}

/// Decides after attempt number `attempt` (1-based) ended with `status`
/// (`None`: no answer, a timeout or a network error). `jitter` in `0..1`
/// spreads retries ±20% so that many deliveries do not retry in lockstep;
/// `retry_after` is the receiver's `Retry-After` in seconds, honoured for
/// 429 and 503 when it asks for more time than the schedule would give.
pub fn after_attempt(
    attempt: usize,
    status: Option<u16>,
    retry_after: Option<i64>,
    now: DateTime<Utc>,
    jitter: f64,
    schedule: &[i64],
) -> Next {
    match status {
        Some(200..=299) => return Next::Delivered,
        Some(410) => return Next::DisableSubscription,
        _ => {}
    }
    let Some(base) = schedule.get(attempt.saturating_sub(1)) else {
        return Next::GiveUp;
    };
    // A NaN jitter counts as none; delays stay within a week whatever the
    // schedule says, so the arithmetic below cannot overflow.
    let jitter = if jitter.is_finite() { jitter } else { 0.5 };
    let spread = (jitter.clamp(0.0, 1.0) * 0.4) - 0.2;
    let base = (*base).clamp(1, MAX_RETRY_DELAY_SECONDS);
    let mut delay = (base as f64 * (1.0 + spread)).round() as i64;
    if matches!(status, Some(429) | Some(503)) {
        if let Some(asked) = retry_after.filter(|s| (0..=24 * 3600).contains(s)) {
            delay = delay.max(asked);
        }
    }
    match now.checked_add_signed(time::seconds(delay.max(1))) {
        Some(at) => Next::RetryAt(at),
        None => Next::GiveUp,
    }
}

/// Checks an endpoint URL. Workers cannot resolve names before fetching, so
/// this refuses what the URL itself reveals: private, loopback and
/// link-local IP literals and `localhost` names. `allow_private` (a setting
/// for local tests) lets them, and plain http, through.
pub fn check_endpoint(url: &str, allow_private: bool) -> Result<(), WebhookError> {
    let rest = if let Some(r) = url.strip_prefix("https://") {
        r
    } else if let Some(r) = url.strip_prefix("http://") {
        if !allow_private {
            return Err(WebhookError::Scheme);
        }
        r
    } else {
        return Err(WebhookError::Scheme);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() || url.len() > 2000 {
        return Err(WebhookError::Unparseable);
    }
    if allow_private {
        return Ok(());
    }
    let lower = host.to_ascii_lowercase();
    if lower == "localhost"
        || lower.ends_with(".localhost")
        || lower.ends_with(".local")
        || lower.ends_with(".internal")
    {
        return Err(WebhookError::PrivateAddress);
    }
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        let private = match ip {
            std::net::IpAddr::V4(v4) => {
                v4.is_private()
                    || v4.is_loopback()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1])
            }
            std::net::IpAddr::V6(v6) => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || (v6.segments()[0] & 0xfe00) == 0xfc00
                    || (v6.segments()[0] & 0xffc0) == 0xfe80
                    || v6
                        .to_ipv4_mapped()
                        .is_some_and(|v4| v4.is_private() || v4.is_loopback())
            }
        };
        if private {
            return Err(WebhookError::PrivateAddress);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    /// The published catalogue (schema, webhooks entries, discriminator)
    /// names exactly the types a subscription may ask for.
    #[test]
    fn openapi_catalogue_matches_the_event_types() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../openapi.json")).expect("openapi.json parses");
        let listed = |v: &serde_json::Value| -> Vec<String> {
            match v {
                serde_json::Value::Array(a) => {
                    a.iter().map(|t| t.as_str().unwrap().to_owned()).collect()
                }
                serde_json::Value::Object(o) => o.keys().cloned().collect(),
                _ => panic!("not a list: {v}"),
            }
        };
        let mut types: Vec<String> = EVENT_TYPES.iter().map(|t| t.to_string()).collect();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(listed(&schemas["WebhookEventType"]["enum"]), types);
        types.sort();
        let mut hooks = listed(&doc["webhooks"]);
        hooks.sort();
        assert_eq!(hooks, types);
        let mut mapped = listed(&schemas["WebhookEvent"]["discriminator"]["mapping"]);
        mapped.sort();
        assert_eq!(mapped, types);
    }

    /// The Standard Webhooks specification's published test vector.
    #[test]
    fn signature_matches_the_specification_vector() {
        assert_eq!(
            sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            )
            .unwrap(),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert!(sign("whsec_not base64!", "m", 1, b"").is_err());
        assert!(new_secret(&[1; 24]).starts_with("whsec_"));
    }

    #[test]
    fn retries_follow_the_schedule_then_give_up() {
        let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        // jitter 0.5 means no spread.
        assert_eq!(
            after_attempt(1, Some(500), None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(5))
        );
        assert_eq!(
            after_attempt(2, None, None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::minutes(5))
        );
        assert_eq!(
            after_attempt(7, Some(500), None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::hours(24))
        );
        assert_eq!(
            after_attempt(8, Some(500), None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::GiveUp
        );
        let total: i64 = RETRY_SCHEDULE_SECONDS.iter().sum();
        assert!(total >= 24 * 3600);
        assert_eq!(
            after_attempt(3, Some(204), None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::Delivered
        );
        assert_eq!(
            after_attempt(1, Some(410), None, now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::DisableSubscription
        );
    }

    #[test]
    fn jitter_spreads_twenty_percent_and_retry_after_is_honoured() {
        let now: DateTime<Utc> = "2026-06-01T00:00:00Z".parse().unwrap();
        assert_eq!(
            after_attempt(2, Some(500), None, now, 0.0, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(240))
        );
        assert_eq!(
            after_attempt(2, Some(500), None, now, 1.0, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(360))
        );
        assert_eq!(
            after_attempt(1, Some(429), Some(120), now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(120))
        );
        assert_eq!(
            after_attempt(1, Some(503), Some(60), now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(60))
        );
        // Retry-After only counts for 429 and 503, and never shortens.
        assert_eq!(
            after_attempt(1, Some(500), Some(120), now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(5))
        );
        assert_eq!(
            after_attempt(2, Some(429), Some(1), now, 0.5, RETRY_SCHEDULE_SECONDS),
            Next::RetryAt(now + Duration::seconds(300))
        );
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now: DateTime<Utc> = "2026-10-21T07:26:00Z".parse().unwrap();
        assert_eq!(parse_retry_after("120", now), Some(120));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now),
            Some(120)
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2026 07:00:00 GMT", now),
            Some(0)
        );
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }

    #[test]
    fn private_endpoints_are_refused_unless_allowed() {
        for bad in [
            "http://example.com/hook",
            "https://localhost/hook",
            "https://127.0.0.1/hook",
            "https://10.1.2.3/hook",
            "https://192.168.0.9:8443/hook",
            "https://172.16.0.1/",
            "https://169.254.169.254/latest",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "ftp://example.com",
            "https://",
        ] {
            assert!(check_endpoint(bad, false).is_err(), "{bad}");
        }
        assert!(check_endpoint("https://hooks.example.com/frontdesk?x=1", false).is_ok());
        assert!(check_endpoint("https://8.8.8.8/hook", false).is_ok());
        assert!(check_endpoint("http://127.0.0.1:9000/hook", true).is_ok());
    }
}
