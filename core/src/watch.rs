//! Watch tokens: what a patient's wait page presents to open its WebSocket,
//! and the limits on those sockets.
//!
//! A token names one queue entry of one organisation and an expiry, signed
//! with HMAC-SHA256 under a Worker secret. It grants nothing but watching that
//! entry, so a link forwarded by mistake shows one position in one queue and
//! stops working when it expires. The format is `payload.signature`, both
//! base64url without padding; the payload is JSON.
//!
//! The page sends its token as a WebSocket subprotocol ([`PROTOCOL`] plus
//! the token), so it never appears in a URL and so never in an access log.
//! An entry keeps at most [`MAX_SOCKETS_PER_ENTRY`] sockets, and each socket
//! gets a small [`Allowance`] of inbound messages.

use chrono::{DateTime, Utc};
use data_encoding::BASE64URL_NOPAD;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use thiserror::Error;

use crate::ids::{OrgUid, QueueUid};

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchClaims {
    pub org: OrgUid,
    pub q: QueueUid,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WatchTokenError {
    #[error("the watch token is malformed")]
    Malformed,
    #[error("the watch token's signature is not valid")]
    BadSignature,
    #[error("the watch token has expired")]
    Expired,
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length; this cannot fail.
    HmacSha256::new_from_slice(secret).expect("HMAC takes any key length")
}

/// Why a signed token did not open, before its own claims are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unsealed {
    Malformed,
    BadSignature,
}

/// Signs `claims` as `payload.signature`. `domain` separates the kinds of
/// token signed under one secret: it is MACed before the payload, so a token
/// of one kind never verifies as another. Watch tokens predate the other
/// kinds and use the empty domain; a payload is base64url and never
/// contains the `\n` that ends every other domain.
pub(crate) fn seal<T: Serialize>(domain: &str, claims: &T, secret: &[u8]) -> String {
    let payload =
        BASE64URL_NOPAD.encode(&serde_json::to_vec(claims).expect("claims serialise to JSON"));
    let mut m = mac(secret);
    m.update(domain.as_bytes());
    m.update(payload.as_bytes());
    let sig = BASE64URL_NOPAD.encode(&m.finalize().into_bytes());
    format!("{payload}.{sig}")
}

/// Checks the signature first (constant time, inside `verify_slice`), then
/// parses, so an attacker learns nothing from forged payloads.
pub(crate) fn unseal<T: DeserializeOwned>(
    domain: &str,
    token: &str,
    secret: &[u8],
) -> Result<T, Unsealed> {
    let (payload, sig) = token.split_once('.').ok_or(Unsealed::Malformed)?;
    let sig = BASE64URL_NOPAD
        .decode(sig.as_bytes())
        .map_err(|_| Unsealed::Malformed)?;
    let mut m = mac(secret);
    m.update(domain.as_bytes());
    m.update(payload.as_bytes());
    m.verify_slice(&sig).map_err(|_| Unsealed::BadSignature)?;
    let json = BASE64URL_NOPAD
        .decode(payload.as_bytes())
        .map_err(|_| Unsealed::Malformed)?;
    serde_json::from_slice(&json).map_err(|_| Unsealed::Malformed)
}

pub fn sign(claims: &WatchClaims, secret: &[u8]) -> String {
    seal("", claims, secret)
}

/// Verifies the signature, then expiry.
pub fn verify(
    token: &str,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<WatchClaims, WatchTokenError> {
    let claims: WatchClaims = unseal("", token, secret).map_err(|e| match e {
        Unsealed::Malformed => WatchTokenError::Malformed,
        Unsealed::BadSignature => WatchTokenError::BadSignature,
    })?;
    if now.timestamp() >= claims.exp {
        return Err(WatchTokenError::Expired);
    }
    Ok(claims)
}

/// The subprotocol a wait page offers together with its token:
/// `Sec-WebSocket-Protocol: frontdesk.watch, <token>`. The server answers
/// with this one (a browser drops a socket whose answer names none it
/// offered), and the token stays out of the URL.
pub const PROTOCOL: &str = "frontdesk.watch";

/// The token offered next to [`PROTOCOL`] in a `Sec-WebSocket-Protocol`
/// header, if the header offers [`PROTOCOL`].
pub fn token_from_protocols(header: &str) -> Option<&str> {
    let mut offered = header.split(',').map(str::trim).filter(|p| !p.is_empty());
    let mut ours = false;
    let mut token = None;
    for p in offered.by_ref() {
        if p == PROTOCOL {
            ours = true;
        } else if token.is_none() {
            token = Some(p);
        }
    }
    token.filter(|_| ours)
}

/// Sockets one entry may hold open; a new one closes the oldest. A patient
/// has a phone and perhaps a laptop; forty tabs are a leak or an attack.
pub const MAX_SOCKETS_PER_ENTRY: usize = 3;

/// The close code a socket gets when a newer one for its entry replaced it.
pub const CLOSE_REPLACED: u16 = 4001;
/// The close code for a socket that keeps sending past its allowance
/// (RFC 6455's policy violation).
pub const CLOSE_POLICY: u16 = 1008;
/// The close code for a socket whose shop cannot be served (RFC 6455's
/// internal error): the page reconnects as after any drop, and is answered
/// once the shop's storage is repaired.
pub const CLOSE_UNAVAILABLE: u16 = 1011;

/// Inbound messages a socket may send at once. The wait page sends one on
/// opening, one per heartbeat (50 s) and one when it becomes visible.
pub const MESSAGE_BURST: u32 = 10;
/// One more message is allowed every this many milliseconds.
pub const MESSAGE_REFILL_MS: i64 = 3_000;
/// Messages dropped before the socket is closed with [`CLOSE_POLICY`].
pub const DROPPED_BEFORE_CLOSE: u32 = 30;

/// A token bucket of inbound messages, kept in the socket's attachment so
/// it survives hibernation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allowance {
    /// Messages still allowed, as of `at_ms`.
    pub left: u32,
    /// When `left` was last refilled, ms since the epoch.
    pub at_ms: i64,
    /// Messages dropped so far.
    pub dropped: u32,
}

/// What to do with one inbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Answer it.
    Answer,
    /// Ignore it.
    Drop,
    /// Close the socket with [`CLOSE_POLICY`].
    Close,
}

impl Allowance {
    pub fn full(now_ms: i64) -> Allowance {
        Allowance {
            left: MESSAGE_BURST,
            at_ms: now_ms,
            dropped: 0,
        }
    }

    pub fn admit(&mut self, now_ms: i64) -> Admit {
        let elapsed = now_ms.saturating_sub(self.at_ms).max(0);
        let earned = elapsed / MESSAGE_REFILL_MS;
        if earned > 0 {
            let earned = u32::try_from(earned).unwrap_or(u32::MAX);
            self.left = self.left.saturating_add(earned).min(MESSAGE_BURST);
            // Keep the remainder, so a steady sender is not short-changed.
            self.at_ms = if self.left == MESSAGE_BURST {
                now_ms
            } else {
                self.at_ms
                    .saturating_add(i64::from(earned).saturating_mul(MESSAGE_REFILL_MS))
            };
        }
        if self.left > 0 {
            self.left -= 1;
            Admit::Answer
        } else {
            self.dropped = self.dropped.saturating_add(1);
            if self.dropped >= DROPPED_BEFORE_CLOSE {
                Admit::Close
            } else {
                Admit::Drop
            }
        }
    }
}

/// Of an entry's open sockets, given as `(socket, opened_at)`, the ones to
/// close so that a new one fits: the oldest first.
pub fn to_replace<T>(mut open: Vec<(T, i64)>) -> Vec<T> {
    open.sort_by_key(|(_, opened)| *opened);
    let excess = (open.len() + 1).saturating_sub(MAX_SOCKETS_PER_ENTRY);
    open.into_iter().take(excess).map(|(s, _)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;
    use chrono::TimeZone;

    fn claims(exp: i64) -> WatchClaims {
        let shop = ShopUid::new(&[4; 16]);
        WatchClaims {
            org: OrgUid::new(&[5; 16]),
            q: QueueUid::new(&shop, &[6; 16]),
            exp,
        }
    }

    #[test]
    fn valid_until_expiry_and_not_after() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let c = claims(now.timestamp() + 60);
        let token = sign(&c, b"secret");
        assert_eq!(verify(&token, b"secret", now), Ok(c.clone()));
        let later = now + chrono::Duration::seconds(59);
        assert!(verify(&token, b"secret", later).is_ok());
        let at_exp = now + chrono::Duration::seconds(60);
        assert_eq!(
            verify(&token, b"secret", at_exp),
            Err(WatchTokenError::Expired)
        );
    }

    #[test]
    fn wrong_secret_or_tampered_payload_is_refused() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let token = sign(&claims(now.timestamp() + 60), b"secret");
        assert_eq!(
            verify(&token, b"other", now),
            Err(WatchTokenError::BadSignature)
        );

        let (_, sig) = token.split_once('.').unwrap();
        let forged_payload =
            BASE64URL_NOPAD.encode(&serde_json::to_vec(&claims(now.timestamp() + 9999)).unwrap());
        let forged = format!("{forged_payload}.{sig}");
        assert_eq!(
            verify(&forged, b"secret", now),
            Err(WatchTokenError::BadSignature)
        );
        assert_eq!(
            verify("nodot", b"secret", now),
            Err(WatchTokenError::Malformed)
        );
    }

    #[test]
    fn another_domain_does_not_verify_as_a_watch_token() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let c = claims(now.timestamp() + 60);
        let other = seal("visit\n", &c, b"secret");
        assert_eq!(
            verify(&other, b"secret", now),
            Err(WatchTokenError::BadSignature)
        );
    }

    #[test]
    fn token_rides_next_to_the_protocol() {
        assert_eq!(
            token_from_protocols("frontdesk.watch, abc.def"),
            Some("abc.def")
        );
        assert_eq!(
            token_from_protocols("abc.def,frontdesk.watch"),
            Some("abc.def")
        );
        assert_eq!(token_from_protocols("abc.def"), None);
        assert_eq!(token_from_protocols("frontdesk.watch"), None);
        assert_eq!(token_from_protocols(""), None);
        assert_eq!(token_from_protocols(" , frontdesk.watch ,, t "), Some("t"));
    }

    #[test]
    fn allowance_answers_a_burst_then_drops_then_closes() {
        let t0 = 1_000_000;
        let mut a = Allowance::full(t0);
        for _ in 0..MESSAGE_BURST {
            assert_eq!(a.admit(t0), Admit::Answer);
        }
        for _ in 1..DROPPED_BEFORE_CLOSE {
            assert_eq!(a.admit(t0), Admit::Drop);
        }
        assert_eq!(a.admit(t0), Admit::Close);
    }

    #[test]
    fn allowance_refills_over_time_up_to_the_burst() {
        let t0 = 1_000_000;
        let mut a = Allowance::full(t0);
        for _ in 0..MESSAGE_BURST {
            a.admit(t0);
        }
        assert_eq!(a.admit(t0 + MESSAGE_REFILL_MS - 1), Admit::Drop);
        assert_eq!(a.admit(t0 + MESSAGE_REFILL_MS), Admit::Answer);
        assert_eq!(a.admit(t0 + MESSAGE_REFILL_MS), Admit::Drop);
        // A long quiet spell gives back the burst, no more.
        let later = t0 + 1_000 * MESSAGE_REFILL_MS;
        for _ in 0..MESSAGE_BURST {
            assert_eq!(a.admit(later), Admit::Answer);
        }
        assert_eq!(a.admit(later), Admit::Drop);
        // A clock that goes backwards earns nothing and breaks nothing.
        assert_eq!(a.admit(0), Admit::Drop);
    }

    #[test]
    fn the_oldest_sockets_make_room() {
        let open = vec![("c", 30), ("a", 10), ("b", 20)];
        assert_eq!(to_replace(open), vec!["a"]);
        assert!(to_replace(vec![("a", 1), ("b", 2)]).is_empty());
        let many: Vec<_> = (0..10).map(|i| (i, 100 - i)).collect();
        assert_eq!(to_replace(many), vec![9, 8, 7, 6, 5, 4, 3, 2]);
    }
}
