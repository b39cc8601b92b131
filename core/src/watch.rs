//! Watch tokens: what a patient's wait page presents to open its WebSocket.
//!
//! A token names one queue entry of one organisation and an expiry, signed
//! with HMAC-SHA256 under a Worker secret. It grants nothing but watching that
//! entry, so a link forwarded by mistake shows one position in one queue and
//! stops working when it expires. The format is `payload.signature`, both
//! base64url without padding; the payload is JSON.

use chrono::{DateTime, Utc};
use data_encoding::BASE64URL_NOPAD;
use hmac::{Hmac, Mac};
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

pub fn sign(claims: &WatchClaims, secret: &[u8]) -> String {
    let payload =
        BASE64URL_NOPAD.encode(&serde_json::to_vec(claims).expect("claims serialise to JSON"));
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    let sig = BASE64URL_NOPAD.encode(&m.finalize().into_bytes());
    format!("{payload}.{sig}")
}

/// Verifies signature first (constant time, inside `verify_slice`), then
/// expiry, so an attacker learns nothing from forged payloads.
pub fn verify(
    token: &str,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<WatchClaims, WatchTokenError> {
    let (payload, sig) = token.split_once('.').ok_or(WatchTokenError::Malformed)?;
    let sig = BASE64URL_NOPAD
        .decode(sig.as_bytes())
        .map_err(|_| WatchTokenError::Malformed)?;
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    m.verify_slice(&sig)
        .map_err(|_| WatchTokenError::BadSignature)?;
    let json = BASE64URL_NOPAD
        .decode(payload.as_bytes())
        .map_err(|_| WatchTokenError::Malformed)?;
    let claims: WatchClaims =
        serde_json::from_slice(&json).map_err(|_| WatchTokenError::Malformed)?;
    if now.timestamp() >= claims.exp {
        return Err(WatchTokenError::Expired);
    }
    Ok(claims)
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
}
