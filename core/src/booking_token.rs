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
//!          "name"?: "...", "email"?: "...", "email_verified"?: true,
//!          "phone_number"?: "...", "phone_number_verified"?: true}
//! ```
//!
//! Verification refuses a token over [`MAX_TOKEN_BYTES`] before reading
//! it, pins HS256 (a token naming any other algorithm, `none` included, is
//! refused before any key is looked at), refuses any `crit` header (we
//! understand no JWS extension, RFC 7515 §4.1.11), finds the secret by the
//! exact `kid`, compares the signature in constant time, then checks `aud`,
//! `iat`, `nbf`, the lifetime cap [`MAX_LIFETIME_SECONDS`] and `exp`, with
//! [`LEEWAY_SECONDS`] of clock skew, in checked arithmetic.
//!
//! [`TokenError`] says exactly what failed, for tests and the minting
//! package; the API answers every one of them with the same 401, so it
//! tells a forger nothing.

use chrono::{DateTime, Utc};
use data_encoding::{BASE32_DNSSEC, BASE64URL_NOPAD};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::ids::{PartnerUid, PatientProfileUid, ShopUid};

type HmacSha256 = Hmac<Sha256>;

/// The audience every booking token must name.
pub const AUDIENCE: &str = "frontdesk-booking";
/// The longest lifetime (`exp - iat`) accepted.
pub const MAX_LIFETIME_SECONDS: i64 = 15 * 60;
/// Clock skew tolerated between the partner's clock and ours.
pub const LEEWAY_SECONDS: i64 = 60;
/// The longest token read at all; real ones are a few hundred bytes.
pub const MAX_TOKEN_BYTES: usize = 4096;
/// The prefix of patient uids derived from a partner's customer id. A `sub`
/// that looks like one is derived again, never taken as it is, so no
/// partner can name another partner's customer.
const DERIVED_PREFIX: &str = "pp-partner-";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TokenError {
    #[error("the booking token is longer than {MAX_TOKEN_BYTES} bytes")]
    TooLarge,
    #[error("the booking token is malformed")]
    Malformed,
    #[error("the booking token must be signed with HS256")]
    Algorithm,
    #[error("the booking token names a critical header extension (`crit`)")]
    Critical,
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

/// The claims. Profile claims use OpenID Connect's names (`email`,
/// `email_verified`, `phone_number`, `phone_number_verified`); `phone` is
/// this API's older name for `phone_number`, still accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A profile claim the holder's record cannot be made from.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the booking token's `{claim}` claim {problem}")]
pub struct ClaimError {
    pub claim: &'static str,
    pub problem: &'static str,
}

impl Claims {
    /// The holder's phone number and the claim it came from: OIDC's
    /// `phone_number`, or the older `phone`. Both at once must agree.
    pub fn phone(&self) -> Result<Option<(&'static str, &str)>, ClaimError> {
        match (self.phone_number.as_deref(), self.phone.as_deref()) {
            (Some(a), Some(b)) if a != b => Err(ClaimError {
                claim: "phone_number",
                problem: "differs from the `phone` claim",
            }),
            (Some(number), _) => Ok(Some(("phone_number", number))),
            (None, Some(phone)) => Ok(Some(("phone", phone))),
            (None, None) => Ok(None),
        }
    }

    /// Whether the partner vouches that the holder controls both the email
    /// and the phone number (`email_verified` and `phone_number_verified`
    /// both `true`): only then may they be matched to a record the clinic
    /// already keeps.
    pub fn contact_verified(&self) -> bool {
        self.email_verified == Some(true) && self.phone_number_verified == Some(true)
    }
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
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::TooLarge);
    }
    let (signing_input, s) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
    let (h, p) = signing_input.split_once('.').ok_or(TokenError::Malformed)?;
    if p.contains('.') {
        return Err(TokenError::Malformed);
    }
    let header_json = BASE64URL_NOPAD
        .decode(h.as_bytes())
        .map_err(|_| TokenError::Malformed)?;
    let raw: Value = serde_json::from_slice(&header_json).map_err(|_| TokenError::Malformed)?;
    // The algorithm is pinned before anything else is trusted.
    if raw.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(TokenError::Algorithm);
    }
    // We implement no JWS extension, so any `crit` names one we would
    // otherwise ignore; RFC 7515 §4.1.11 says to refuse the token.
    if raw.get("crit").is_some() {
        return Err(TokenError::Critical);
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
        signing_input,
        payload: p,
        signature,
    })
}

impl Unverified<'_> {
    pub fn kid(&self) -> &str {
        &self.header.kid
    }

    /// The `sub` the payload claims, before the signature is checked: a
    /// key to look things up by (the holder's record link), never a fact
    /// to decide on. [`Unverified::verify`] returns the checked one.
    pub fn claimed_sub(&self) -> Option<String> {
        #[derive(Deserialize)]
        struct Sub {
            sub: String,
        }
        let payload = BASE64URL_NOPAD.decode(self.payload.as_bytes()).ok()?;
        serde_json::from_slice::<Sub>(&payload).ok().map(|s| s.sub)
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

/// The time checks, in an order that needs no unchecked sum: once `iat`
/// is at most a minute ahead and the lifetime at most 15 minutes, `exp`
/// is near `now` and adding the leeway cannot overflow (it is checked
/// anyway).
fn check_claims(c: &Claims, now: i64) -> Result<(), TokenError> {
    if c.aud != AUDIENCE {
        return Err(TokenError::Audience);
    }
    let latest_start = now
        .checked_add(LEEWAY_SECONDS)
        .ok_or(TokenError::Malformed)?;
    if c.iat > latest_start || c.nbf.is_some_and(|nbf| nbf > latest_start) {
        return Err(TokenError::NotYetValid);
    }
    match c.exp.checked_sub(c.iat) {
        Some(lifetime) if lifetime < 0 => return Err(TokenError::Malformed),
        Some(lifetime) if lifetime <= MAX_LIFETIME_SECONDS => {}
        _ => return Err(TokenError::TooLongLived),
    }
    match c.exp.checked_add(LEEWAY_SECONDS) {
        Some(end) if now < end => {}
        _ => return Err(TokenError::Expired),
    }
    // No control characters: the patient derivation separates its inputs
    // with NUL, so a `sub` must not contain one.
    if c.sub.is_empty() || c.sub.len() > 256 || c.sub.chars().any(char::is_control) {
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

/// The patient a token's holder is. A `sub` that is one of the clinic's
/// own patient uids (`pp_…`, or an integrator's `pp-…`) names that patient,
/// which lets a partner book for someone the clinic gave them. Any other
/// `sub` is the partner's customer id, and becomes a stable uid derived
/// from the organisation, the partner and that id: the same customer is
/// the same patient on every visit and across the partner's secret
/// rotations, and customers of different partners or organisations never
/// collide. The default partner's derivation leaves the partner out, which
/// is exactly how every uid was derived before partners existed, so
/// existing holders keep their patients.
pub fn patient_for(org_uid: &str, partner: &PartnerUid, sub: &str) -> PatientProfileUid {
    let clinic_uid =
        (sub.starts_with("pp-") || sub.starts_with("pp_")) && !sub.starts_with(DERIVED_PREFIX);
    if clinic_uid {
        if let Ok(p) = PatientProfileUid::parse(sub) {
            return p;
        }
    }
    let input = if partner.is_default() {
        format!("{org_uid}\u{0}{sub}")
    } else {
        format!("{org_uid}\u{0}{partner}\u{0}{sub}")
    };
    let digest = Sha256::digest(input.as_bytes());
    let id = BASE32_DNSSEC.encode(&digest[..16]);
    PatientProfileUid::parse(&format!("{DERIVED_PREFIX}{id}"))
        .expect("derived uid has a valid shape")
}

/// Whether a patient uid is one [`patient_for`] derived from a partner's
/// customer id, i.e. a patient a booking token made rather than the clinic.
pub fn is_derived(patient: &PatientProfileUid) -> bool {
    patient.as_str().starts_with(DERIVED_PREFIX)
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
            jti: Some("j-1".into()),
            ..Claims::default()
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
                    if let Some(verified) = case.get("contact_verified") {
                        assert_eq!(Some(c.contact_verified()), verified.as_bool(), "{name}");
                    }
                }
                expected => {
                    let err = outcome.expect_err(name);
                    assert_eq!(format!("{err:?}"), expected, "{name}");
                }
            }
        }
    }

    #[test]
    fn patients_are_stable_per_organisation_and_partner() {
        let default = PartnerUid::default_partner();
        let a = patient_for("org_a", &default, "customer-42");
        assert_eq!(a, patient_for("org_a", &default, "customer-42"));
        assert_ne!(a, patient_for("org_b", &default, "customer-42"));
        assert_eq!(
            patient_for("org_a", &default, "pp-xyz789").as_str(),
            "pp-xyz789"
        );
        assert!(patient_for("org_a", &default, "weird sub/with spaces")
            .as_str()
            .starts_with("pp-partner-"));
    }

    /// The default partner derives exactly what every token derived before
    /// partners existed: SHA-256 of `org NUL sub`, its first 16 bytes in
    /// lowercase base32hex (the value computed independently, in Python).
    #[test]
    fn the_default_partner_keeps_the_derivation_from_before_partners() {
        let default = PartnerUid::default_partner();
        assert_eq!(
            patient_for("org_a", &default, "customer-42").as_str(),
            "pp-partner-pb89bhqpas0tkrqfitatm4ge9g"
        );
    }

    #[test]
    fn partners_scope_their_customer_ids() {
        let default = PartnerUid::default_partner();
        let one = PartnerUid::new(&[1; 16]);
        let two = PartnerUid::new(&[2; 16]);
        let p1 = patient_for("org_a", &one, "customer-42");
        assert_eq!(p1, patient_for("org_a", &one, "customer-42"));
        assert_ne!(p1, patient_for("org_a", &two, "customer-42"));
        assert_ne!(p1, patient_for("org_a", &default, "customer-42"));
        assert_ne!(p1, patient_for("org_b", &one, "customer-42"));
        assert!(p1.as_str().starts_with("pp-partner-"));
        assert!(is_derived(&p1));
        assert!(!is_derived(&PatientProfileUid::parse("pp_abc").unwrap()));
        // A derived uid as `sub` is derived again: a partner cannot name
        // another partner's customer by their patient uid.
        let other = patient_for("org_a", &two, p1.as_str());
        assert_ne!(other, p1);
        assert_ne!(patient_for("org_a", &default, p1.as_str()), p1);
        // The clinic's own uids still name their patient, for any partner.
        assert_eq!(
            patient_for("org_a", &one, "pp_abc").as_str(),
            patient_for("org_a", &two, "pp_abc").as_str()
        );
    }

    #[test]
    fn a_sub_with_control_characters_is_refused() {
        let t = now().timestamp();
        let mut c = claims(t, t + 300);
        c.sub = format!("{}\u{0}customer-42", PartnerUid::new(&[1; 16]));
        assert_eq!(
            check(&mint("bk_1", SECRET, &c), now()),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn crit_headers_are_refused() {
        let t = now().timestamp();
        let payload = BASE64URL_NOPAD.encode(&serde_json::to_vec(&claims(t, t + 300)).unwrap());
        for crit in [r#"["exp"]"#, r#"["b64"]"#, "[]", r#""exp""#, "null"] {
            let h = BASE64URL_NOPAD.encode(
                format!(r#"{{"alg":"HS256","typ":"JWT","kid":"bk_1","crit":{crit}}}"#).as_bytes(),
            );
            let mut mac = HmacSha256::new_from_slice(SECRET).unwrap();
            mac.update(format!("{h}.{payload}").as_bytes());
            let sig = BASE64URL_NOPAD.encode(&mac.finalize().into_bytes());
            let token = format!("{h}.{payload}.{sig}");
            assert_eq!(parse(&token).err(), Some(TokenError::Critical), "{crit}");
        }
    }

    #[test]
    fn tokens_over_four_kib_are_refused_unread() {
        let t = now().timestamp();
        let mut c = claims(t, t + 300);
        c.name = Some("x".repeat(MAX_TOKEN_BYTES));
        let big = mint("bk_1", SECRET, &c);
        assert!(big.len() > MAX_TOKEN_BYTES);
        assert_eq!(parse(&big).err(), Some(TokenError::TooLarge));
        // Refused by length alone, even when it is not a token at all.
        let junk = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(parse(&junk).err(), Some(TokenError::TooLarge));
        // Right at the limit it is read (and verifies).
        let base = mint("bk_1", SECRET, &claims(t, t + 300)).len();
        c.name = Some(String::new());
        let empty_name = mint("bk_1", SECRET, &c).len();
        let mut fill = MAX_TOKEN_BYTES - empty_name;
        // Base64 grows 4 chars per 3 bytes: find the longest name that fits.
        loop {
            c.name = Some("x".repeat(fill));
            if mint("bk_1", SECRET, &c).len() <= MAX_TOKEN_BYTES {
                break;
            }
            fill -= 1;
        }
        let at_limit = mint("bk_1", SECRET, &c);
        assert!(at_limit.len() > MAX_TOKEN_BYTES - 4 && base < at_limit.len());
        assert!(check(&at_limit, now()).is_ok());
    }

    #[test]
    fn extreme_times_are_refused_without_overflow() {
        let extremes = [
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            i64::MAX - 61,
            i64::MAX - 1,
            i64::MAX,
        ];
        let t = now().timestamp();
        for iat in extremes.iter().copied().chain([t]) {
            for exp in extremes.iter().copied().chain([t + 300]) {
                for nbf in [None, Some(i64::MIN), Some(i64::MAX)] {
                    let mut c = claims(iat, exp);
                    c.nbf = nbf;
                    let outcome = check(&mint("bk_1", SECRET, &c), now());
                    let sane = iat == t && exp == t + 300 && nbf != Some(i64::MAX);
                    assert_eq!(outcome.is_ok(), sane, "iat {iat} exp {exp} nbf {nbf:?}");
                }
            }
        }
        // And at the ends of time itself.
        let c = claims(t, t + 300);
        let token = mint("bk_1", SECRET, &c);
        assert_eq!(
            check(&token, DateTime::<Utc>::MAX_UTC),
            Err(TokenError::Expired)
        );
        assert_eq!(
            check(&token, DateTime::<Utc>::MIN_UTC),
            Err(TokenError::NotYetValid)
        );
        // `exp` before `iat` is no lifetime at all.
        assert_eq!(
            check(&mint("bk_1", SECRET, &claims(t + 30, t + 10)), now()),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn verified_flags_are_parsed() {
        let t = now().timestamp();
        let mut c = claims(t, t + 300);
        c.email = Some("ann@example.com".into());
        c.phone_number = Some("+12125550199".into());
        let parsed = check(&mint("bk_1", SECRET, &c), now()).unwrap();
        assert!(!parsed.contact_verified(), "no flags, nothing verified");
        c.email_verified = Some(true);
        let parsed = check(&mint("bk_1", SECRET, &c), now()).unwrap();
        assert!(!parsed.contact_verified(), "the email alone is not enough");
        c.phone_number_verified = Some(true);
        let parsed = check(&mint("bk_1", SECRET, &c), now()).unwrap();
        assert_eq!(parsed.email_verified, Some(true));
        assert_eq!(parsed.phone_number_verified, Some(true));
        assert!(parsed.contact_verified());
        c.email_verified = Some(false);
        assert!(!check(&mint("bk_1", SECRET, &c), now())
            .unwrap()
            .contact_verified());
        // The claim names are OIDC's, on the wire.
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["phone_number_verified"], true);
        assert_eq!(json["email_verified"], false);
        // A flag that is not a boolean makes the claims unreadable.
        let mut raw = serde_json::to_value(claims(t, t + 300)).unwrap();
        raw["email_verified"] = "true".into();
        let h = BASE64URL_NOPAD.encode(br#"{"alg":"HS256","typ":"JWT","kid":"bk_1"}"#);
        let p = BASE64URL_NOPAD.encode(raw.to_string().as_bytes());
        let mut mac = HmacSha256::new_from_slice(SECRET).unwrap();
        mac.update(format!("{h}.{p}").as_bytes());
        let sig = BASE64URL_NOPAD.encode(&mac.finalize().into_bytes());
        assert_eq!(
            check(&format!("{h}.{p}.{sig}"), now()),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn the_phone_is_phone_number_or_the_older_phone() {
        let mut c = Claims::default();
        assert_eq!(c.phone(), Ok(None));
        c.phone = Some("+1 212 555 0199".into());
        assert_eq!(c.phone(), Ok(Some(("phone", "+1 212 555 0199"))));
        c.phone_number = Some("+1 212 555 0199".into());
        assert_eq!(c.phone(), Ok(Some(("phone_number", "+1 212 555 0199"))));
        c.phone = None;
        assert_eq!(c.phone(), Ok(Some(("phone_number", "+1 212 555 0199"))));
        c.phone = Some("+1 212 555 0100".into());
        let err = c.phone().unwrap_err();
        assert_eq!(err.claim, "phone_number");
        assert!(!err.to_string().contains("555"), "{err}");
    }
}
