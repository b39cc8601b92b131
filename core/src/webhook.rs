//! Webhooks, as the Standard Webhooks specification has them: each delivery
//! carries `webhook-id` (the same on every retry), `webhook-timestamp` and
//! `webhook-signature` = `v1,` + base64(HMAC-SHA256(secret, "id.timestamp.body")),
//! with a `whsec_`-prefixed base64 secret. Also here: the event catalogue,
//! the retry schedule, and which endpoint URLs are acceptable.

use std::net::IpAddr;

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
    "episode:created",
    "episode:updated",
    "appointment:scheduled",
    "appointment:rescheduled",
    "appointment:cancelled",
    "appointment:completed",
    "appointment:incompleted",
    "appointment:no-show",
    "appointment:lwbs",
    "VISIT_STAGE_CHANGED",
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
    #[error("must not point at a special-purpose address ({0})")]
    SpecialAddress(&'static str),
    #[error("must name its host: IP addresses are refused")]
    IpLiteral,
    #[error("must not name a local or reserved host ({0})")]
    LocalName(&'static str),
    #[error("must not carry a user name or password")]
    Userinfo,
    #[error("must be at most {MAX_URL_LEN} characters")]
    TooLong,
    #[error("is not a URL")]
    Unparseable,
}

/// The longest endpoint URL accepted.
pub const MAX_URL_LEN: usize = 2000;

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
    // HMAC takes keys of any length; the error arm is never taken.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&key(secret)?).map_err(|_| WebhookError::BadSecret)?;
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

/// An endpoint URL that passed [`Endpoint::parse`], in the WHATWG URL
/// standard's serialisation: the form `fetch` itself reads, so what was
/// checked is what gets called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// Parses an endpoint URL with the WHATWG rules (the `url` crate, as
    /// `fetch` does) and checks what the URL itself reveals, since Workers
    /// cannot resolve a name before fetching it:
    ///
    /// - https only;
    /// - no user name or password;
    /// - no IP-address host in any spelling (`127.1`, `2130706433`,
    ///   `0x7f.1` and `0177.0.0.1` all parse to an IPv4 host), public or
    ///   not, and special-purpose ranges are named in the refusal;
    /// - no `localhost`, `*.localhost`, single-label or reserved names
    ///   (`.local`, `.internal`, `.home.arpa`, `.test`, ...), with or without
    ///   a trailing dot.
    ///
    /// `allow_private` (a setting for local tests) lets plain http and any
    /// host through; user names and passwords are refused even then.
    pub fn parse(raw: &str, allow_private: bool) -> Result<Endpoint, WebhookError> {
        if raw.len() > MAX_URL_LEN {
            return Err(WebhookError::TooLong);
        }
        // The URL parser silently drops tabs and newlines and trims spaces;
        // a URL that needed that is refused rather than reinterpreted.
        if raw.is_empty() || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebhookError::Unparseable);
        }
        let url = url::Url::parse(raw).map_err(|_| WebhookError::Unparseable)?;
        match url.scheme() {
            "https" => {}
            "http" if allow_private => {}
            _ => return Err(WebhookError::Scheme),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(WebhookError::Userinfo);
        }
        let host = url.host().ok_or(WebhookError::Unparseable)?;
        if !allow_private {
            match host {
                url::Host::Ipv4(ip) => {
                    return Err(special_purpose(IpAddr::V4(ip))
                        .map_or(WebhookError::IpLiteral, WebhookError::SpecialAddress))
                }
                url::Host::Ipv6(ip) => {
                    return Err(special_purpose(IpAddr::V6(ip))
                        .map_or(WebhookError::IpLiteral, WebhookError::SpecialAddress))
                }
                url::Host::Domain(name) => check_name(name)?,
            }
        }
        let serialised = String::from(url);
        if serialised.len() > MAX_URL_LEN {
            return Err(WebhookError::TooLong);
        }
        Ok(Endpoint(serialised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Endpoint> for String {
    fn from(e: Endpoint) -> String {
        e.0
    }
}

/// [`Endpoint::parse`], for callers that keep the URL as given.
pub fn check_endpoint(url: &str, allow_private: bool) -> Result<(), WebhookError> {
    Endpoint::parse(url, allow_private).map(drop)
}

/// Names that never reach a public receiver: the local host, mDNS, private
/// DNS conventions and the TLDs RFC 2606 and RFC 6761 reserve.
const RESERVED_SUFFIXES: &[&str] = &[
    "localhost",
    "local",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home.arpa",
    "test",
    "invalid",
    "example",
];

fn check_name(name: &str) -> Result<(), WebhookError> {
    // Special-scheme hosts come lowercased and IDNA-mapped from the parser.
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.contains("..") || name.ends_with('.') {
        return Err(WebhookError::Unparseable);
    }
    for suffix in RESERVED_SUFFIXES {
        let dotted_match = name
            .strip_suffix(suffix)
            .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'));
        if dotted_match {
            return Err(WebhookError::LocalName(suffix));
        }
    }
    if !name.contains('.') {
        return Err(WebhookError::LocalName("a single-label name"));
    }
    Ok(())
}

/// The IANA special-purpose (or multicast) range `ip` falls in, if any;
/// the most specific one, so `64:ff9b::a00:1` is NAT64 rather than `::/8`.
pub fn special_purpose(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let n = u32::from(v4);
            SPECIAL_V4
                .iter()
                .filter(|(net, len, _)| n.checked_shr(32 - len) == net.checked_shr(32 - len))
                .max_by_key(|(_, len, _)| *len)
                .map(|(_, _, name)| *name)
        }
        IpAddr::V6(v6) => {
            let n = u128::from(v6);
            SPECIAL_V6
                .iter()
                .filter(|(net, len, _)| n.checked_shr(128 - len) == net.checked_shr(128 - len))
                .max_by_key(|(_, len, _)| *len)
                .map(|(_, _, name)| *name)
        }
    }
}

/// (network, prefix length, name); prefix lengths are 1 to 32.
const SPECIAL_V4: &[(u32, u32, &str)] = &[
    (0x0000_0000, 8, "0.0.0.0/8, this network"),
    (0x0a00_0000, 8, "10.0.0.0/8, private"),
    (0x6440_0000, 10, "100.64.0.0/10, shared address space"),
    (0x7f00_0000, 8, "127.0.0.0/8, loopback"),
    (0xa9fe_0000, 16, "169.254.0.0/16, link-local"),
    (0xac10_0000, 12, "172.16.0.0/12, private"),
    (0xc000_0000, 24, "192.0.0.0/24, IETF protocol assignments"),
    (0xc000_0200, 24, "192.0.2.0/24, documentation"),
    (0xc01f_c400, 24, "192.31.196.0/24, AS112"),
    (0xc034_c100, 24, "192.52.193.0/24, AMT"),
    (0xc058_6300, 24, "192.88.99.0/24, 6to4 relay"),
    (0xc0a8_0000, 16, "192.168.0.0/16, private"),
    (0xc0af_3000, 24, "192.175.48.0/24, AS112"),
    (0xc612_0000, 15, "198.18.0.0/15, benchmarking"),
    (0xc633_6400, 24, "198.51.100.0/24, documentation"),
    (0xcb00_7100, 24, "203.0.113.0/24, documentation"),
    (0xe000_0000, 4, "224.0.0.0/4, multicast"),
    (
        0xf000_0000,
        4,
        "240.0.0.0/4, reserved, with 255.255.255.255 broadcast",
    ),
];

/// (network, prefix length, name); prefix lengths are 1 to 128. `::/8`
/// covers `::`, `::1`, IPv4-compatible and IPv4-mapped (`::ffff:0:0/96`)
/// addresses.
const SPECIAL_V6: &[(u128, u32, &str)] = &[
    (0, 8, "::/8, unspecified, loopback and IPv4-mapped"),
    (
        0x0064_ff9b_0000_0000_0000_0000_0000_0000,
        96,
        "64:ff9b::/96, NAT64",
    ),
    (
        0x0064_ff9b_0001_0000_0000_0000_0000_0000,
        48,
        "64:ff9b:1::/48, local NAT64",
    ),
    (
        0x0100_0000_0000_0000_0000_0000_0000_0000,
        64,
        "100::/64, discard-only",
    ),
    (
        0x2001_0000_0000_0000_0000_0000_0000_0000,
        23,
        "2001::/23, IETF protocol assignments",
    ),
    (
        0x2001_0db8_0000_0000_0000_0000_0000_0000,
        32,
        "2001:db8::/32, documentation",
    ),
    (
        0x2002_0000_0000_0000_0000_0000_0000_0000,
        16,
        "2002::/16, 6to4",
    ),
    (
        0x2620_004f_8000_0000_0000_0000_0000_0000,
        48,
        "2620:4f:8000::/48, AS112",
    ),
    (
        0x3fff_0000_0000_0000_0000_0000_0000_0000,
        20,
        "3fff::/20, documentation",
    ),
    (
        0x5f00_0000_0000_0000_0000_0000_0000_0000,
        16,
        "5f00::/16, segment routing",
    ),
    (
        0xfc00_0000_0000_0000_0000_0000_0000_0000,
        7,
        "fc00::/7, unique local",
    ),
    (
        0xfe80_0000_0000_0000_0000_0000_0000_0000,
        10,
        "fe80::/10, link-local",
    ),
    (
        0xfec0_0000_0000_0000_0000_0000_0000_0000,
        10,
        "fec0::/10, site-local",
    ),
    (
        0xff00_0000_0000_0000_0000_0000_0000_0000,
        8,
        "ff00::/8, multicast",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    /// The published catalogue (schema, webhooks entries, discriminator)
    /// names exactly the types a subscription may ask for.
    #[test]
    fn openapi_catalogue_matches_the_event_types() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../web/v1/openapi.json"))
                .expect("web/v1/openapi.json parses");
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
    fn every_dangerous_endpoint_form_is_refused() {
        use WebhookError::*;
        let special = |name: &'static str| SpecialAddress(name);
        let cases: &[(&str, WebhookError)] = &[
            ("http://example.com/hook", Scheme),
            ("ftp://example.com", Scheme),
            ("file:///etc/passwd", Scheme),
            ("javascript:alert(1)", Scheme),
            ("https://", Unparseable),
            ("https:// example.com/", Unparseable),
            ("https://exa\tmple.com/", Unparseable),
            (" https://example.com/", Unparseable),
            ("https://example.com/\n", Unparseable),
            ("https://user:pass@hooks.example.com/", Userinfo),
            ("https://user@hooks.example.com/", Userinfo),
            ("https://:pass@hooks.example.com/", Userinfo),
            ("https://localhost/hook", LocalName("localhost")),
            ("https://LOCALHOST./hook", LocalName("localhost")),
            ("https://localhost./hook", LocalName("localhost")),
            ("https://api.localhost/hook", LocalName("localhost")),
            ("https://api.localhost./hook", LocalName("localhost")),
            ("https://printer.local/", LocalName("local")),
            ("https://metadata.google.internal/", LocalName("internal")),
            ("https://router.home.arpa/", LocalName("home.arpa")),
            ("https://hooks/", LocalName("a single-label name")),
            ("https://intranet/", LocalName("intranet")),
            ("https://hooks.test/", LocalName("test")),
            // Every numeric spelling of loopback parses to 127.0.0.1.
            ("https://127.0.0.1/hook", special("127.0.0.0/8, loopback")),
            ("https://2130706433/", special("127.0.0.0/8, loopback")),
            ("https://0177.0.0.1/", special("127.0.0.0/8, loopback")),
            ("https://0x7f.1/", special("127.0.0.0/8, loopback")),
            ("https://0x7f000001/", special("127.0.0.0/8, loopback")),
            ("https://127.1/", special("127.0.0.0/8, loopback")),
            ("https://127.0.0.1./", special("127.0.0.0/8, loopback")),
            ("https://%31%32%37.0.0.1/", special("127.0.0.0/8, loopback")),
            ("https://0.0.0.0/", special("0.0.0.0/8, this network")),
            ("https://0/", special("0.0.0.0/8, this network")),
            ("https://10.1.2.3/hook", special("10.0.0.0/8, private")),
            (
                "https://100.64.0.1/",
                special("100.64.0.0/10, shared address space"),
            ),
            (
                "https://169.254.169.254/latest",
                special("169.254.0.0/16, link-local"),
            ),
            ("https://172.16.0.1/", special("172.16.0.0/12, private")),
            ("https://172.31.255.255/", special("172.16.0.0/12, private")),
            (
                "https://192.0.0.8/",
                special("192.0.0.0/24, IETF protocol assignments"),
            ),
            ("https://192.0.2.1/", special("192.0.2.0/24, documentation")),
            (
                "https://192.88.99.1/",
                special("192.88.99.0/24, 6to4 relay"),
            ),
            (
                "https://192.168.0.9:8443/hook",
                special("192.168.0.0/16, private"),
            ),
            (
                "https://198.18.0.1/",
                special("198.18.0.0/15, benchmarking"),
            ),
            (
                "https://198.19.255.1/",
                special("198.18.0.0/15, benchmarking"),
            ),
            (
                "https://198.51.100.7/",
                special("198.51.100.0/24, documentation"),
            ),
            (
                "https://203.0.113.9/",
                special("203.0.113.0/24, documentation"),
            ),
            ("https://224.0.0.1/", special("224.0.0.0/4, multicast")),
            (
                "https://239.255.255.250/",
                special("224.0.0.0/4, multicast"),
            ),
            (
                "https://240.0.0.1/",
                special("240.0.0.0/4, reserved, with 255.255.255.255 broadcast"),
            ),
            (
                "https://255.255.255.255/",
                special("240.0.0.0/4, reserved, with 255.255.255.255 broadcast"),
            ),
            (
                "https://[::]/",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[::1]/hook",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[::ffff:127.0.0.1]/",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[::ffff:7f00:1]/",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[::ffff:10.0.0.1]/",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[::127.0.0.1]/",
                special("::/8, unspecified, loopback and IPv4-mapped"),
            ),
            (
                "https://[64:ff9b::10.0.0.1]/",
                special("64:ff9b::/96, NAT64"),
            ),
            ("https://[64:ff9b::7f00:1]/", special("64:ff9b::/96, NAT64")),
            (
                "https://[64:ff9b:1::a00:1]/",
                special("64:ff9b:1::/48, local NAT64"),
            ),
            ("https://[100::1]/", special("100::/64, discard-only")),
            (
                "https://[2001::1]/",
                special("2001::/23, IETF protocol assignments"),
            ),
            (
                "https://[2001:db8::1]/",
                special("2001:db8::/32, documentation"),
            ),
            ("https://[2002:7f00:1::]/", special("2002::/16, 6to4")),
            ("https://[fd00::1]/hook", special("fc00::/7, unique local")),
            ("https://[fc00::1]/", special("fc00::/7, unique local")),
            ("https://[fe80::1]/", special("fe80::/10, link-local")),
            ("https://[fe80::1%25eth0]/", Unparseable),
            ("https://[fec0::1]/", special("fec0::/10, site-local")),
            ("https://[ff02::1]/", special("ff00::/8, multicast")),
            // Public addresses are refused too: a receiver has a name.
            ("https://8.8.8.8/hook", IpLiteral),
            ("https://134744072/hook", IpLiteral),
            ("https://[2606:4700:4700::1111]/", IpLiteral),
        ];
        for (url, expected) in cases {
            let got = check_endpoint(url, false);
            assert_eq!(got.as_ref().err(), Some(expected), "{url}");
            // Read as the worker answers it: `url` then the reason.
            let message = format!("`url` {}", expected);
            assert!(!message.ends_with(' '), "{message}");
        }
        assert_eq!(
            check_endpoint(
                &format!("https://hooks.example.com/{}", "a".repeat(2000)),
                false
            ),
            Err(TooLong)
        );
    }

    #[test]
    fn public_names_pass_and_are_normalised() {
        for (url, normal) in [
            (
                "https://hooks.example.com/frontdesk?x=1",
                "https://hooks.example.com/frontdesk?x=1",
            ),
            (
                "HTTPS://Hooks.Example.COM:443/a",
                "https://hooks.example.com/a",
            ),
            (
                "https://hooks.example.com./a",
                "https://hooks.example.com./a",
            ),
            (
                "https://bücher.example/x",
                "https://xn--bcher-kva.example/x",
            ),
            (
                "https://api.partner.io:8443/h#f",
                "https://api.partner.io:8443/h#f",
            ),
        ] {
            let got = Endpoint::parse(url, false);
            if url.contains(".example/") {
                assert_eq!(got, Err(WebhookError::LocalName("example")), "{url}");
                continue;
            }
            assert_eq!(got.map(String::from).as_deref(), Ok(normal), "{url}");
        }
    }

    #[test]
    fn the_local_test_setting_allows_http_and_private_hosts_but_not_userinfo() {
        for ok in [
            "http://127.0.0.1:9000/hook",
            "http://localhost:9000/hook",
            "https://[::1]:9000/",
            "https://10.0.0.1/",
        ] {
            assert!(check_endpoint(ok, true).is_ok(), "{ok}");
        }
        assert_eq!(
            check_endpoint("http://user:pw@127.0.0.1:9000/", true),
            Err(WebhookError::Userinfo)
        );
        assert_eq!(
            check_endpoint("ftp://127.0.0.1/", true),
            Err(WebhookError::Scheme)
        );
    }

    #[test]
    fn special_purpose_table_is_well_formed() {
        for (net, len, name) in SPECIAL_V4 {
            assert!((1..=32).contains(len), "{name}");
            assert_eq!(net & (u32::MAX >> len), 0, "{name}: host bits set");
        }
        for (net, len, name) in SPECIAL_V6 {
            assert!((1..=128).contains(len), "{name}");
            assert_eq!(net & (u128::MAX >> len), 0, "{name}: host bits set");
        }
        assert_eq!(special_purpose("1.1.1.1".parse().unwrap()), None);
        assert_eq!(special_purpose("172.32.0.1".parse().unwrap()), None);
        assert_eq!(special_purpose("2606:4700::1".parse().unwrap()), None);
    }
}
