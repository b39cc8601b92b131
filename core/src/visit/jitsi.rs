//! Jitsi room URLs and the short-lived JWT a Jitsi deployment with token
//! authentication needs to let someone in.
//!
//! Two deployments take tokens:
//! - a self-hosted Jitsi Meet with Prosody token authentication, sharing an
//!   app id and secret with us: HS256, `iss` = the app id, `aud` = `jitsi`,
//!   `sub` = `*` (any of the deployment's domains);
//! - 8x8's Jitsi as a Service (JaaS), which holds our public key: RS256
//!   with the key's `kid` in the header, `iss` = `chat`, `aud` = `jitsi`,
//!   `sub` = the JaaS app id.
//!
//! Either way the token names one room, says who the participant is
//! (`context.user`: an opaque id and a role name, nothing personal, since it
//! reaches the video provider) and whether they are a moderator: the doctor
//! is, the patient is not. meet.jit.si takes no tokens at all.
//!
//! Core builds both tokens; an HS256 token it also signs, while an RS256
//! token leaves here as its signing input ([`Jwt::Rs256`]) for the Worker
//! to sign with the platform's WebCrypto. An RSA implementation in the
//! Worker's Wasm (big integers, ASN.1) cost about a twentieth of its
//! size budget (README, "Worker size"); WebCrypto's PKCS#1 v1.5 is
//! constant-time and deterministic all the same.

use chrono::{DateTime, Utc};
use data_encoding::{BASE64, BASE64URL_NOPAD};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use thiserror::Error;

/// How long a minted Jitsi token lets its holder (re)join the room.
pub const TOKEN_LIFETIME_SECONDS: i64 = 3600;
/// `nbf` is set this far in the past, for clocks a little behind ours.
pub const NOT_BEFORE_SKEW_SECONDS: i64 = 60;

/// How the configured Jitsi deployment authenticates participants.
pub enum JitsiAuth {
    /// Anyone with the room's URL gets in (meet.jit.si, or a deployment
    /// without token authentication).
    None,
    /// Prosody token authentication with a shared secret.
    Hs256 { app_id: String, secret: Vec<u8> },
    /// JaaS: RS256 under our private key, announced by `kid`.
    Rs256 {
        app_id: String,
        kid: String,
        /// The key as PKCS#8 DER, which WebCrypto imports.
        pkcs8_der: Vec<u8>,
    },
}

/// A minted token, or what remains to sign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jwt {
    Signed(String),
    /// `header.claims`, to be signed RSASSA-PKCS1-v1_5 with SHA-256 under
    /// [`JitsiAuth::Rs256`]'s key, then joined by [`Jwt::finish`].
    Rs256 {
        signing_input: String,
    },
}

impl Jwt {
    /// The token once `signature` (over the signing input) is known.
    pub fn finish(signing_input: &str, signature: &[u8]) -> String {
        format!("{signing_input}.{}", BASE64URL_NOPAD.encode(signature))
    }
}

/// The DER inside a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). Whether
/// it holds an RSA key is for the importer to say; this only refuses what
/// cannot be one: another label, bad base64, or no outer DER sequence.
fn pkcs8_der(pem: &str) -> Option<Vec<u8>> {
    const BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
    const END: &str = "-----END PRIVATE KEY-----";
    let body = pem.trim().strip_prefix(BEGIN)?.strip_suffix(END)?;
    let b64: String = body.split_ascii_whitespace().collect();
    let der = BASE64.decode(b64.as_bytes()).ok()?;
    (der.len() > 64 && der[0] == 0x30).then_some(der)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JitsiConfigError {
    #[error("JITSI_AUTH must be none, hs256 or rs256")]
    UnknownMode,
    #[error("{0} must be set for this JITSI_AUTH")]
    Missing(&'static str),
    #[error("JITSI_PRIVATE_KEY is not an RSA private key in PKCS#8 PEM")]
    BadPrivateKey,
}

/// The raw settings, as the Worker's vars and secrets hold them.
#[derive(Debug, Default, Clone, Copy)]
pub struct JitsiSettings<'a> {
    pub mode: Option<&'a str>,
    pub app_id: Option<&'a str>,
    pub app_secret: Option<&'a str>,
    pub private_key_pem: Option<&'a str>,
    pub kid: Option<&'a str>,
}

fn required<'a>(value: Option<&'a str>, name: &'static str) -> Result<&'a str, JitsiConfigError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(JitsiConfigError::Missing(name))
}

impl JitsiAuth {
    pub fn from_settings(s: JitsiSettings<'_>) -> Result<JitsiAuth, JitsiConfigError> {
        match s.mode.map(str::trim).unwrap_or("") {
            "" | "none" => Ok(JitsiAuth::None),
            "hs256" => Ok(JitsiAuth::Hs256 {
                app_id: required(s.app_id, "JITSI_APP_ID")?.to_owned(),
                secret: required(s.app_secret, "JITSI_APP_SECRET")?
                    .as_bytes()
                    .to_vec(),
            }),
            "rs256" => {
                let pem = required(s.private_key_pem, "JITSI_PRIVATE_KEY")?;
                // A PEM kept in a one-line variable often has its line
                // breaks written as `\n`.
                let pem = pem.replace("\\n", "\n");
                let pkcs8_der = pkcs8_der(&pem).ok_or(JitsiConfigError::BadPrivateKey)?;
                Ok(JitsiAuth::Rs256 {
                    app_id: required(s.app_id, "JITSI_APP_ID")?.to_owned(),
                    kid: required(s.kid, "JITSI_KID")?.to_owned(),
                    pkcs8_der,
                })
            }
            _ => Err(JitsiConfigError::UnknownMode),
        }
    }
}

/// Who is joining, as the video provider will see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participant<'a> {
    /// Opaque and stable for the visit.
    pub id: &'a str,
    /// Shown in the call.
    pub name: &'a str,
    pub moderator: bool,
}

fn encode(part: &Value) -> String {
    BASE64URL_NOPAD.encode(part.to_string().as_bytes())
}

/// A token for `room` (the room's name, not its URL), or `None` when the
/// deployment takes no tokens.
pub fn token(
    auth: &JitsiAuth,
    room: &str,
    who: Participant<'_>,
    now: DateTime<Utc>,
) -> Option<Jwt> {
    let iat = now.timestamp();
    let times = (
        iat,
        iat.saturating_sub(NOT_BEFORE_SKEW_SECONDS),
        iat.saturating_add(TOKEN_LIFETIME_SECONDS),
    );
    match auth {
        JitsiAuth::None => None,
        JitsiAuth::Hs256 { app_id, secret } => {
            let header = json!({ "alg": "HS256", "typ": "JWT" });
            let claims = json!({
                "aud": "jitsi",
                "iss": app_id,
                "sub": "*",
                "room": room,
                "iat": times.0,
                "nbf": times.1,
                "exp": times.2,
                "moderator": who.moderator,
                "context": { "user": {
                    "id": who.id,
                    "name": who.name,
                    "moderator": who.moderator,
                    "affiliation": if who.moderator { "owner" } else { "member" },
                } },
            });
            let signing_input = format!("{}.{}", encode(&header), encode(&claims));
            let mut mac =
                Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
            mac.update(signing_input.as_bytes());
            Some(Jwt::Signed(Jwt::finish(
                &signing_input,
                &mac.finalize().into_bytes(),
            )))
        }
        JitsiAuth::Rs256 { app_id, kid, .. } => {
            let header = json!({ "alg": "RS256", "typ": "JWT", "kid": kid });
            // JaaS documents `moderator` as the string "true" or "false".
            let claims = json!({
                "aud": "jitsi",
                "iss": "chat",
                "sub": app_id,
                "room": room,
                "iat": times.0,
                "nbf": times.1,
                "exp": times.2,
                "context": {
                    "user": {
                        "id": who.id,
                        "name": who.name,
                        "moderator": if who.moderator { "true" } else { "false" },
                    },
                    "features": {},
                },
            });
            let signing_input = format!("{}.{}", encode(&header), encode(&claims));
            Some(Jwt::Rs256 { signing_input })
        }
    }
}

/// The room's address under `base_url` (`https://meet.jit.si`, a
/// self-hosted host, or `https://8x8.vc/{app id}`), with the token as
/// `?jwt=` when there is one.
pub fn room_url(base_url: &str, room: &str, jwt: Option<&str>) -> String {
    let base = base_url.trim_end_matches('/');
    match jwt {
        // Tokens are base64url and dots: nothing to escape.
        Some(jwt) => format!("{base}/{room}?jwt={jwt}"),
        None => format!("{base}/{room}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::sha2::Sha256 as RsaSha256;
    use rsa::signature::{SignatureEncoding, Signer, Verifier};

    const TEST_KEY: &str = include_str!("../../../tests/fixtures/jitsi_test_key.pem");

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    fn parts(token: &str) -> (Value, Value, String, Vec<u8>) {
        let mut it = token.split('.');
        let (h, c, s) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
        assert!(it.next().is_none());
        let decode = |p: &str| -> Value {
            serde_json::from_slice(&BASE64URL_NOPAD.decode(p.as_bytes()).unwrap()).unwrap()
        };
        (
            decode(h),
            decode(c),
            format!("{h}.{c}"),
            BASE64URL_NOPAD.decode(s.as_bytes()).unwrap(),
        )
    }

    const DOCTOR: Participant<'static> = Participant {
        id: "doctor:q_1",
        name: "Doctor",
        moderator: true,
    };
    const PATIENT: Participant<'static> = Participant {
        id: "patient:q_1",
        name: "Patient",
        moderator: false,
    };

    #[test]
    fn hs256_token_verifies_with_the_shared_secret() {
        let auth = JitsiAuth::from_settings(JitsiSettings {
            mode: Some("hs256"),
            app_id: Some("frontdesk"),
            app_secret: Some("s3cret"),
            ..Default::default()
        })
        .unwrap();
        let Some(Jwt::Signed(token)) = token(&auth, "fd-room-abc", DOCTOR, now()) else {
            panic!("HS256 tokens are signed in core")
        };
        let (header, claims, input, sig) = parts(&token);
        assert_eq!(header, json!({ "alg": "HS256", "typ": "JWT" }));
        let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
        mac.update(input.as_bytes());
        mac.verify_slice(&sig).expect("signature verifies");
        let mut wrong = Hmac::<Sha256>::new_from_slice(b"other").unwrap();
        wrong.update(input.as_bytes());
        assert!(wrong.verify_slice(&sig).is_err());

        assert_eq!(claims["iss"], "frontdesk");
        assert_eq!(claims["aud"], "jitsi");
        assert_eq!(claims["sub"], "*");
        assert_eq!(claims["room"], "fd-room-abc");
        assert_eq!(claims["exp"], now().timestamp() + TOKEN_LIFETIME_SECONDS);
        assert_eq!(claims["nbf"], now().timestamp() - NOT_BEFORE_SKEW_SECONDS);
        assert_eq!(claims["context"]["user"]["moderator"], true);
        assert_eq!(claims["context"]["user"]["name"], "Doctor");

        let patient = token_claims(&auth, PATIENT);
        assert_eq!(patient["context"]["user"]["moderator"], false);
        assert_eq!(patient["moderator"], false);
    }

    /// The token as the Worker completes it: RS256 signed here with the
    /// `rsa` crate, as WebCrypto signs it there (PKCS#1 v1.5 is
    /// deterministic, so both give the same bytes).
    fn minted(auth: &JitsiAuth, who: Participant<'_>) -> String {
        match token(auth, "fd-room-abc", who, now()).unwrap() {
            Jwt::Signed(t) => t,
            Jwt::Rs256 { signing_input } => {
                let JitsiAuth::Rs256 { pkcs8_der, .. } = auth else {
                    panic!("an RS256 token from a non-RS256 setting")
                };
                let key = rsa::PrivateKey::from_pkcs8_der(pkcs8_der).unwrap();
                let sig = SigningKey::<RsaSha256>::new(key).sign(signing_input.as_bytes());
                Jwt::finish(&signing_input, &sig.to_bytes())
            }
        }
    }

    fn token_claims(auth: &JitsiAuth, who: Participant<'_>) -> Value {
        parts(&minted(auth, who)).1
    }

    #[test]
    fn rs256_token_verifies_with_the_public_key() {
        let auth = JitsiAuth::from_settings(JitsiSettings {
            mode: Some("rs256"),
            app_id: Some("vpaas-magic-cookie-0123"),
            private_key_pem: Some(TEST_KEY),
            kid: Some("vpaas-magic-cookie-0123/abcdef"),
            ..Default::default()
        })
        .unwrap();
        assert!(matches!(
            token(&auth, "fd-room-abc", PATIENT, now()),
            Some(Jwt::Rs256 { .. })
        ));
        let token = minted(&auth, PATIENT);
        let (header, claims, input, sig) = parts(&token);
        assert_eq!(
            header,
            json!({ "alg": "RS256", "typ": "JWT", "kid": "vpaas-magic-cookie-0123/abcdef" })
        );
        let public = rsa::PrivateKey::from_pkcs8_pem(TEST_KEY)
            .unwrap()
            .to_public_key();
        let verifier = VerifyingKey::<RsaSha256>::new(public);
        let signature = Signature::try_from(sig.as_slice()).unwrap();
        verifier
            .verify(input.as_bytes(), &signature)
            .expect("signature verifies with the public key");
        assert!(verifier.verify(b"something else", &signature).is_err());

        assert_eq!(claims["iss"], "chat");
        assert_eq!(claims["aud"], "jitsi");
        assert_eq!(claims["sub"], "vpaas-magic-cookie-0123");
        assert_eq!(claims["room"], "fd-room-abc");
        assert_eq!(claims["context"]["user"]["moderator"], "false");
        assert_eq!(
            token_claims(&auth, DOCTOR)["context"]["user"]["moderator"],
            "true"
        );
        // Deterministic: the same input signs the same.
        assert_eq!(token, minted(&auth, PATIENT));
    }

    #[test]
    fn a_pem_with_escaped_line_breaks_is_read() {
        let one_line = TEST_KEY.trim_end().replace('\n', "\\n");
        assert!(JitsiAuth::from_settings(JitsiSettings {
            mode: Some("rs256"),
            app_id: Some("a"),
            private_key_pem: Some(&one_line),
            kid: Some("a/b"),
            ..Default::default()
        })
        .is_ok());
    }

    #[test]
    fn settings_are_checked() {
        let s = |mode, secret, pem| JitsiSettings {
            mode,
            app_id: Some("app"),
            app_secret: secret,
            private_key_pem: pem,
            kid: Some("app/k"),
        };
        assert!(matches!(
            JitsiAuth::from_settings(s(None, None, None)),
            Ok(JitsiAuth::None)
        ));
        assert!(matches!(
            JitsiAuth::from_settings(s(Some("none"), None, None)),
            Ok(JitsiAuth::None)
        ));
        assert_eq!(
            JitsiAuth::from_settings(s(Some("HS512"), None, None)).err(),
            Some(JitsiConfigError::UnknownMode)
        );
        assert_eq!(
            JitsiAuth::from_settings(s(Some("hs256"), Some(" "), None)).err(),
            Some(JitsiConfigError::Missing("JITSI_APP_SECRET"))
        );
        for pem in [
            "not a key",
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
        ] {
            assert_eq!(
                JitsiAuth::from_settings(s(Some("rs256"), None, Some(pem))).err(),
                Some(JitsiConfigError::BadPrivateKey),
                "{pem}"
            );
        }
        assert!(token(&JitsiAuth::None, "r", PATIENT, now()).is_none());
    }

    #[test]
    fn room_urls() {
        assert_eq!(
            room_url("https://meet.jit.si/", "fd-room-a", None),
            "https://meet.jit.si/fd-room-a"
        );
        assert_eq!(
            room_url(
                "https://8x8.vc/vpaas-magic-cookie-1",
                "fd-room-a",
                Some("h.c.s")
            ),
            "https://8x8.vc/vpaas-magic-cookie-1/fd-room-a?jwt=h.c.s"
        );
    }
}
