//! The booking-token verifier reads what anyone on the internet sends, so
//! no input may panic it: arbitrary strings, arbitrary JSON in the header
//! and the claims (signed with the right secret, so the claims are really
//! read), and arbitrary times.

use chrono::{DateTime, Utc};
use data_encoding::BASE64URL_NOPAD;
use frontdesk_core::booking_token::{parse, patient_for, TokenError, MAX_TOKEN_BYTES};
use frontdesk_core::ids::PartnerUid;
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use serde_json::{Map, Value};

const SECRET: &[u8] = b"partner-secret-0123456789abcdef";

fn sign(header: &str, claims: &str) -> String {
    let h = BASE64URL_NOPAD.encode(header.as_bytes());
    let p = BASE64URL_NOPAD.encode(claims.as_bytes());
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET).unwrap();
    mac.update(format!("{h}.{p}").as_bytes());
    let s = BASE64URL_NOPAD.encode(&mac.finalize().into_bytes());
    format!("{h}.{p}.{s}")
}

/// Any JSON value, a few levels deep.
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A claims object with the real claim names, each holding any JSON value
/// (extreme integers included), plus anything else.
fn claims() -> impl Strategy<Value = Value> {
    let names = [
        "sub",
        "aud",
        "iat",
        "exp",
        "nbf",
        "jti",
        "shop_uid",
        "name",
        "email",
        "email_verified",
        "phone_number",
        "phone_number_verified",
        "phone",
    ];
    let time = prop_oneof![
        any::<i64>().prop_map(Value::from),
        Just(Value::from(i64::MAX)),
        Just(Value::from(i64::MIN)),
        (1_799_999_000i64..1_800_001_000).prop_map(Value::from),
    ];
    (
        prop::collection::vec(prop::option::of(json()), names.len()),
        time.clone(),
        time.clone(),
        time,
        any::<bool>(),
        json(),
    )
        .prop_map(move |(values, iat, exp, nbf, plausible, extra)| {
            let mut m = Map::new();
            for (name, v) in names.iter().zip(values) {
                if let Some(v) = v {
                    m.insert((*name).to_owned(), v);
                }
            }
            if plausible {
                m.insert("sub".into(), "customer".into());
                m.insert("aud".into(), "frontdesk-booking".into());
                m.insert("iat".into(), iat);
                m.insert("exp".into(), exp);
                m.insert("nbf".into(), nbf);
            }
            m.insert("extra".into(), extra);
            Value::Object(m)
        })
}

fn header() -> impl Strategy<Value = Value> {
    (json(), prop::option::of(json()), any::<bool>()).prop_map(|(kid, crit, hs256)| {
        let mut m = Map::new();
        if hs256 {
            m.insert("alg".into(), "HS256".into());
        }
        m.insert("kid".into(), kid);
        if let Some(crit) = crit {
            m.insert("crit".into(), crit);
        }
        Value::Object(m)
    })
}

fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// The whole path a request takes: parse, verify, derive the patient.
fn verify(token: &str, now: DateTime<Utc>) -> Result<(), TokenError> {
    let unverified = parse(token)?;
    let _ = unverified.kid();
    let claims = unverified.verify(SECRET, now)?;
    let _ = claims.phone();
    let _ = claims.contact_verified();
    let _ = patient_for("org_a", &PartnerUid::default_partner(), &claims.sub);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_strings_never_panic(token in ".{0,600}", now in any::<i64>()) {
        let _ = verify(&token, at(now));
    }

    #[test]
    fn arbitrary_dotted_parts_never_panic(
        parts in prop::collection::vec("[A-Za-z0-9_=+/-]{0,80}", 0..5),
        now in any::<i64>(),
    ) {
        let _ = verify(&parts.join("."), at(now));
    }

    #[test]
    fn arbitrary_header_and_claims_json_never_panic(
        header in header(),
        claims in claims(),
        now in prop_oneof![any::<i64>(), 1_799_999_000i64..1_800_001_000],
    ) {
        let token = sign(&header.to_string(), &claims.to_string());
        let outcome = verify(&token, at(now));
        if token.len() > MAX_TOKEN_BYTES {
            prop_assert_eq!(outcome, Err(TokenError::TooLarge));
        } else if header.get("crit").is_some() && header["alg"] == "HS256" {
            prop_assert_eq!(outcome, Err(TokenError::Critical));
        }
    }
}
