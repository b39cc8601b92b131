//! Partner-minted booking tokens (seed 001, "Booking token secrets").
//!
//! A partner's backend signs a JWT with a secret the organisation created;
//! the customer's browser presents it as `Authorization: Bearer <token>` to
//! the patient-facing booking API. The format is plain RFC 7519 so that any
//! standard JWT library can mint it:
//!
//! ```text
//! header  {"alg": "HS256", "typ": "JWT", "kid": "<key_id>"}
//! claims  {"sub": "<customer id>", "aud": "frontdesk-booking",
//!          "iat": <now>, "exp": <now + at most 900>, "nbf"?: <...>,
//!          "jti"?: "<unique>", "shop_uid"?: "<shop_...>",
//!          "name"?: "...", "email"?: "...", "phone"?: "..."}
//! ```
//!
//! Verification pins HS256 (a token naming any other algorithm, `none`
//! included, is refused before any key is looked at), finds the secret by the
//! exact `kid`, compares the signature in constant time, then checks `aud`,
//! `exp`, `nbf` and `iat` with [`LEEWAY_SECONDS`] of clock skew and caps the
//! lifetime at [`MAX_LIFETIME_SECONDS`].

use chrono::{DateTime, Utc};
use data_encoding::{BASE32_DNSSEC, BASE64URL_NOPAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::ids::{PatientProfileUid, ShopUid};

type HmacSha256 = Hmac<Sha256>;

/// The audience every booking token must name.
pub const AUDIENCE: &str = "frontdesk-booking";
/// The longest lifetime (`exp - iat`) accepted.
pub const MAX_LIFETIME_SECONDS: i64 = 15 * 60;
/// Clock skew tolerated between the partner's clock and ours.
pub const LEEWAY_SECONDS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenError {
    #[error("the booking token is malformed")]
    Malformed,
    #[error("the booking token must be signed with HS256")]
    Algorithm,
    #[error("the booking token's key is unknown or revoked")]
    UnknownKey,
    #[error("the booking token's signature is not valid")]
    Signature,
    #[error("the booking token is for another audience")]
    Audience,
    #[error("the booking token has expired")]
    Expired,
    #[error("the booking token is not valid yet")]
    NotYetValid,
    #[error("the booking token lives longer than {MAX_LIFETIME_SECONDS} seconds")]
    TooLongLived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    pub kid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_uid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A token split into its parts, with the header parsed and HS256 checked,
/// but the signature not yet verified: the caller looks the secret up by
/// [`Unverified::kid`] and calls [`Unverified::verify`].
#[derive(Debug, Clone)]
pub struct Unverified<'t> {
    header: Header,
    signing_input: &'t str,
    payload: &'t str,
    signature: Vec<u8>,
}

/// Parses a token far enough to know which key to check it with.
pub fn parse(token: &str) -> Result<Unverified<'_>, TokenError> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let header_json = BASE64URL_NOPAD
        .decode(h.as_bytes())
        .map_err(|_| TokenError::Malformed)?;
    let raw: Value = serde_json::from_slice(&header_json).map_err(|_| TokenError::Malformed)?;
    // The algorithm is pinned before anything else is trusted.
    if raw.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(TokenError::Algorithm);
    }
    let header: Header = serde_json::from_value(raw).map_err(|_| TokenError::Malformed)?;
    if header
        .typ
        .as_deref()
        .is_some_and(|t| !t.eq_ignore_ascii_case("JWT"))
    {
        return Err(TokenError::Malformed);
    }
    let signature = BASE64URL_NOPAD
        .decode(s.as_bytes())
        .map_err(|_| TokenError::Malformed)?;
    Ok(Unverified {
        header,
        signing_input: &token[..h.len() + 1 + p.len()],
        payload: p,
        signature,
    })
}

impl Unverified<'_> {
    pub fn kid(&self) -> &str {
        &self.header.kid
    }

    /// Checks the signature with `secret`, then the claims at `now`.
    pub fn verify(&self, secret: &[u8], now: DateTime<Utc>) -> Result<Claims, TokenError> {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(self.signing_input.as_bytes());
        mac.verify_slice(&self.signature)
            .map_err(|_| TokenError::Signature)?;
        let payload = BASE64URL_NOPAD
            .decode(self.payload.as_bytes())
            .map_err(|_| TokenError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)?;
        check_claims(&claims, now.timestamp())?;
        Ok(claims)
    }
}

fn check_claims(c: &Claims, now: i64) -> Result<(), TokenError> {
    if c.aud != AUDIENCE {
        return Err(TokenError::Audience);
    }
    if now >= c.exp + LEEWAY_SECONDS {
        return Err(TokenError::Expired);
    }
    if c.iat > now + LEEWAY_SECONDS || c.nbf.is_some_and(|nbf| nbf > now + LEEWAY_SECONDS) {
        return Err(TokenError::NotYetValid);
    }
    if c.exp - c.iat > MAX_LIFETIME_SECONDS {
        return Err(TokenError::TooLongLived);
    }
    if c.sub.is_empty() || c.sub.len() > 256 {
        return Err(TokenError::Malformed);
    }
    Ok(())
}

/// Mints a token, as a partner's backend would. Used by the tests and by
/// partners who run Rust (or this crate compiled to Wasm).
pub fn mint(kid: &str, secret: &[u8], claims: &Claims) -> String {
    let header = Header {
        alg: "HS256".into(),
        typ: Some("JWT".into()),
        kid: kid.into(),
    };
    let h = BASE64URL_NOPAD.encode(&serde_json::to_vec(&header).expect("header serialises"));
    let p = BASE64URL_NOPAD.encode(&serde_json::to_vec(claims).expect("claims serialise"));
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("{h}.{p}").as_bytes());
    let s = BASE64URL_NOPAD.encode(&mac.finalize().into_bytes());
    format!("{h}.{p}.{s}")
}

/// The patient a token's holder is: the `sub` if it is already one of our
/// patient profile uids, otherwise a stable uid derived from the
/// organisation and the partner's customer id, so the same customer is the
/// same patient on every visit and customers of different organisations
/// never collide.
pub fn patient_for(org_uid: &str, sub: &str) -> PatientProfileUid {
    if let Ok(p) = PatientProfileUid::parse(sub) {
        if sub.starts_with("pp-") || sub.starts_with("pp_") {
            return p;
        }
    }
    let digest = Sha256::digest(format!("{org_uid}\u{0}{sub}").as_bytes());
    let id = BASE32_DNSSEC.encode(&digest[..16]);
    PatientProfileUid::parse(&format!("pp-partner-{id}")).expect("derived uid has a valid shape")
}

/// The shop a token is restricted to, if any (a malformed one restricts to
/// nothing that exists, which is the safe reading).
pub fn shop_restriction(claims: &Claims) -> Option<Result<ShopUid, ()>> {
    claims
        .shop_uid
        .as_deref()
        .map(|s| ShopUid::parse(s).map_err(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const SECRET: &[u8] = b"partner-secret-0123456789abcdef";

    fn now() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).unwrap()
    }

    fn claims(iat: i64, exp: i64) -> Claims {
        Claims {
            sub: "customer-42".into(),
            aud: AUDIENCE.into(),
            iat,
            exp,
            nbf: None,
            jti: Some("j-1".into()),
            shop_uid: None,
            name: None,
            email: None,
            phone: None,
        }
    }

    fn check(token: &str, at: DateTime<Utc>) -> Result<Claims, TokenError> {
        let u = parse(token)?;
        assert_eq!(u.kid(), "bk_1");
        u.verify(SECRET, at)
    }

    #[test]
    fn a_minted_token_verifies() {
        let t = now().timestamp();
        let c = claims(t, t + 300);
        assert_eq!(check(&mint("bk_1", SECRET, &c), now()), Ok(c));
    }

    #[test]
    fn expiry_and_leeway_edges() {
        let t = now().timestamp();
        let token = mint("bk_1", SECRET, &claims(t - 300, t));
        // Expired at `exp`, still accepted for 60 s of skew, refused at 60 s.
        assert!(check(&token, now() + chrono::Duration::seconds(59)).is_ok());
        assert_eq!(
            check(&token, now() + chrono::Duration::seconds(60)),
            Err(TokenError::Expired)
        );
        // Issued in the future: up to 60 s is skew, more is refused.
        let future = mint("bk_1", SECRET, &claims(t + 60, t + 360));
        assert!(check(&future, now()).is_ok());
        let far_future = mint("bk_1", SECRET, &claims(t + 61, t + 361));
        assert_eq!(check(&far_future, now()), Err(TokenError::NotYetValid));
        let mut not_before = claims(t, t + 300);
        not_before.nbf = Some(t + 120);
        assert_eq!(
            check(&mint("bk_1", SECRET, &not_before), now()),
            Err(TokenError::NotYetValid)
        );
    }

    #[test]
    fn lifetime_is_capped_at_fifteen_minutes() {
        let t = now().timestamp();
        assert!(check(&mint("bk_1", SECRET, &claims(t, t + 900)), now()).is_ok());
        assert_eq!(
            check(&mint("bk_1", SECRET, &claims(t, t + 901)), now()),
            Err(TokenError::TooLongLived)
        );
    }

    #[test]
    fn algorithm_confusion_is_refused() {
        let t = now().timestamp();
        let good = mint("bk_1", SECRET, &claims(t, t + 300));
        let (_, rest) = good.split_once('.').unwrap();
        let payload = rest.split('.').next().unwrap();
        for alg in ["none", "HS512", "RS256", "hs256"] {
            let h = BASE64URL_NOPAD
                .encode(format!(r#"{{"alg":"{alg}","typ":"JWT","kid":"bk_1"}}"#).as_bytes());
            let forged = format!("{h}.{payload}.");
            assert_eq!(parse(&forged).err(), Some(TokenError::Algorithm), "{alg}");
        }
        let no_alg = BASE64URL_NOPAD.encode(br#"{"kid":"bk_1"}"#);
        assert_eq!(
            parse(&format!("{no_alg}.{payload}.")).err(),
            Some(TokenError::Algorithm)
        );
        let bad_typ = BASE64URL_NOPAD.encode(br#"{"alg":"HS256","typ":"JWE","kid":"bk_1"}"#);
        assert_eq!(
            parse(&format!("{bad_typ}.{payload}.")).err(),
            Some(TokenError::Malformed)
        );
    }

    #[test]
    fn tampering_and_wrong_audience() {
        let t = now().timestamp();
        let good = mint("bk_1", SECRET, &claims(t, t + 300));
        let mut tampered = good.clone();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        assert_eq!(check(&tampered, now()), Err(TokenError::Signature));
        assert_eq!(
            parse(&good).unwrap().verify(b"other secret", now()),
            Err(TokenError::Signature)
        );
        let mut c = claims(t, t + 300);
        c.aud = "someone-else".into();
        assert_eq!(
            check(&mint("bk_1", SECRET, &c), now()),
            Err(TokenError::Audience)
        );
        assert_eq!(parse("a.b").err(), Some(TokenError::Malformed));
        assert_eq!(parse("a.b.c.d").err(), Some(TokenError::Malformed));
    }

    /// Tokens minted by PyJWT 2 (an independent implementation), committed
    /// as data by `tests/fixtures/make_booking_tokens.py`.
    #[test]
    fn known_answers_from_an_independent_implementation() {
        let fixture: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/booking_tokens.json"))
                .expect("fixture parses");
        let secret = fixture["secret"].as_str().unwrap().as_bytes();
        let at = Utc
            .timestamp_opt(fixture["now"].as_i64().unwrap(), 0)
            .unwrap();
        for case in fixture["cases"].as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let token = case["token"].as_str().unwrap();
            let outcome = parse(token).and_then(|u| {
                assert_eq!(u.kid(), fixture["kid"].as_str().unwrap(), "{name}");
                u.verify(secret, at)
            });
            match case["expect"].as_str().unwrap() {
                "ok" => {
                    let c = outcome.unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(c.sub, case["sub"].as_str().unwrap(), "{name}");
                }
                expected => {
                    let err = outcome.expect_err(name);
                    assert_eq!(format!("{err:?}"), expected, "{name}");
                }
            }
        }
    }

    #[test]
    fn patients_are_stable_per_organisation() {
        let a = patient_for("org_a", "customer-42");
        assert_eq!(a, patient_for("org_a", "customer-42"));
        assert_ne!(a, patient_for("org_b", "customer-42"));
        assert_eq!(patient_for("org_a", "pp-xyz789").as_str(), "pp-xyz789");
        assert!(patient_for("org_a", "weird sub/with spaces")
            .as_str()
            .starts_with("pp-partner-"));
    }
}
