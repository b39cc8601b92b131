//! Partner booking tokens and the patient-facing booking API (seed 001,
//! "Booking token secrets"): rotation without downtime, immediate
//! revocation, every kind of bad token refused with one and the same 401,
//! patients isolated from each other, partners' customer ids scoped per
//! partner, unverified claims never linked to someone else's record, the
//! patient notice rule, and secrets sealed at rest.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use data_encoding::BASE64URL_NOPAD;
use frontdesk_core::booking_token::{mint, Claims, AUDIENCE};
use frontdesk_tests::client::{settled, Api, Clinic, Reply};
use frontdesk_tests::receiver::Receiver;
use frontdesk_tests::server::{repo_root, Server};
use hmac::{Hmac, Mac};
use libtest_mimic::Trial;
use serde_json::{json, Value};
use sha2::Digest;

use crate::{trial, STATE_DIR};

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "booking_secret_rotation_and_revocation",
            base,
            rotation_and_revocation,
        ),
        trial("bad_booking_tokens_get_401_never_5xx", base, bad_tokens),
        trial(
            "patients_see_only_their_own_appointments",
            base,
            patients_are_isolated,
        ),
        trial(
            "patient_cancel_honours_notice_admin_cancel_does_not",
            base,
            patient_notice,
        ),
        trial(
            "booking_secrets_are_sealed_at_rest_and_audited",
            base,
            sealed_and_audited,
        ),
        trial(
            "partner_minting_example_books",
            base,
            partner_minting_example,
        ),
        trial(
            "token_profile_claims_create_or_match_the_patient",
            base,
            profile_claims,
        ),
        trial(
            "wasm_minting_package_matches_core_and_books",
            base,
            wasm_minting_package,
        ),
        trial(
            "unverified_token_claims_never_link_to_an_existing_patient",
            base,
            unverified_claims,
        ),
        trial(
            "partners_scope_token_subjects_and_keep_them_across_rotation",
            base,
            partners,
        ),
        Trial::test(
            "migration_0008_keeps_token_holders_patients",
            migration_keeps_token_holders,
        ),
    ]
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub(crate) fn claims(sub: &str) -> Claims {
    let now = unix_now();
    Claims {
        sub: sub.into(),
        aud: AUDIENCE.into(),
        iat: now,
        exp: now + 300,
        nbf: None,
        jti: Some(format!(
            "{sub}-{}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        )),
        ..Claims::default()
    }
}

/// The claims with the partner vouching for the email and phone number.
fn verified(c: Claims) -> Claims {
    Claims {
        email_verified: Some(true),
        phone_number_verified: Some(true),
        ..c
    }
}

pub(crate) struct Secret {
    pub(crate) key_id: String,
    value: String,
}

pub(crate) async fn create_secret(clinic: &Clinic) -> Secret {
    secret_for(clinic, None).await
}

/// A secret of `partner`, or of the default partner.
async fn secret_for(clinic: &Clinic, partner: Option<&str>) -> Secret {
    let body = clinic
        .org
        .post(
            "/v1/management/booking-secrets",
            json!({ "name": "storefront", "partner_id": partner }),
        )
        .await
        .expect(201);
    assert_eq!(
        body["partner_id"],
        partner.unwrap_or("ptn_default"),
        "{body}"
    );
    Secret {
        key_id: body["key_id"].as_str().unwrap().to_owned(),
        value: body["secret"].as_str().unwrap().to_owned(),
    }
}

pub(crate) fn token(secret: &Secret, claims: &Claims) -> String {
    mint(&secret.key_id, secret.value.as_bytes(), claims)
}

pub(crate) async fn as_patient(
    clinic: &Clinic,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut req = clinic
        .org
        .api
        .http
        .request(method, format!("{}{path}", clinic.org.api.base))
        .bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    Api::reply(req).await
}

fn slots_path(clinic: &Clinic, type_uid: &str) -> String {
    format!(
        "/v1/booking/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={}&end_date={}",
        clinic.shop.shop_uid,
        clinic.date(3),
        clinic.date(3)
    )
}

fn patient_booking(clinic: &Clinic, type_uid: &str, start: &str) -> Value {
    json!({
        "shop_uid": clinic.shop.shop_uid,
        "doctor_uid": clinic.doctors[0].0,
        "appointment_type_uid": type_uid,
        "start": start,
        "payment_mode": "at_clinic",
        "status": "confirmed",
    })
}

async fn rotation_and_revocation(base: String) {
    let clinic = Clinic::new(&base, "Rotation", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let a = create_secret(&clinic).await;
    let booked = as_patient(
        &clinic,
        &token(&a, &claims("customer-1")),
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(&clinic, &type_uid, &clinic.at(3, 9, 0))),
    )
    .await
    .expect(201);
    assert_eq!(booked["status"], "confirmed");
    assert!(booked["patient_profile_uid"]
        .as_str()
        .unwrap()
        .starts_with("pp-partner-"));

    // A second active secret: tokens of both work.
    let b = create_secret(&clinic).await;
    let path = slots_path(&clinic, &type_uid);
    let token_a = token(&a, &claims("customer-1"));
    let token_b = token(&b, &claims("customer-1"));
    as_patient(&clinic, &token_a, reqwest::Method::GET, &path, None)
        .await
        .expect(200);
    as_patient(&clinic, &token_b, reqwest::Method::GET, &path, None)
        .await
        .expect(200);

    // Revoking A takes effect on the very next call, with the same token.
    clinic
        .org
        .delete(&format!("/v1/management/booking-secrets/{}", a.key_id))
        .await
        .expect(200);
    as_patient(&clinic, &token_a, reqwest::Method::GET, &path, None)
        .await
        .expect_error(401, "unauthorized");
    as_patient(&clinic, &token_b, reqwest::Method::GET, &path, None)
        .await
        .expect(200);
    // B's holder is the same customer: they still see their appointment,
    // once the read model has it.
    let mine = settled(
        || async {
            as_patient(
                &clinic,
                &token_b,
                reqwest::Method::GET,
                "/v1/booking/appointments",
                None,
            )
            .await
            .expect(200)
        },
        |m: &Value| m["data"][0]["appointment_uid"].is_string(),
    )
    .await;
    assert_eq!(
        mine["data"][0]["appointment_uid"],
        booked["appointment_uid"]
    );

    // A token's jti books once.
    let once = token(&b, &claims("customer-2"));
    let body = patient_booking(&clinic, &type_uid, &clinic.at(3, 10, 0));
    as_patient(
        &clinic,
        &once,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(body.clone()),
    )
    .await
    .expect(201);
    let mut again = body;
    again["start"] = json!(clinic.at(3, 11, 0));
    as_patient(
        &clinic,
        &once,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(again),
    )
    .await
    .expect_error(401, "unauthorized");

    // A booking that fails gives the jti back: the same token tries again.
    let retry = token(&b, &claims("customer-3"));
    let taken = patient_booking(&clinic, &type_uid, &clinic.at(3, 10, 0));
    as_patient(
        &clinic,
        &retry,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(taken),
    )
    .await
    .expect_error(409, "slot_taken");
    let free = patient_booking(&clinic, &type_uid, &clinic.at(3, 13, 0));
    let send = || {
        clinic
            .org
            .api
            .http
            .post(format!("{}/v1/booking/appointments", clinic.org.api.base))
            .bearer_auth(&retry)
            .header("Idempotency-Key", "checkout-77")
            .json(&free)
    };
    let first = Api::reply(send()).await.expect(201);
    // The same request retried with its Idempotency-Key gets the same answer.
    let replay = Api::reply(send()).await.expect(201);
    assert_eq!(first["appointment_uid"], replay["appointment_uid"]);

    // Browsers on a partner's origin may call: the preflight is answered,
    // and so are relayed responses.
    let preflight = clinic
        .org
        .api
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/v1/booking/appointments", clinic.org.api.base),
        )
        .header("Origin", "https://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    assert!(preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("Authorization"));
    let relayed = clinic
        .org
        .api
        .http
        .get(format!("{}/v1/booking/appointments", clinic.org.api.base))
        .bearer_auth(token(&b, &claims("customer-3")))
        .send()
        .await
        .unwrap();
    assert_eq!(relayed.status().as_u16(), 200);
    assert_eq!(relayed.headers()["access-control-allow-origin"], "*");
}

fn sign(alg_header: &Value, claims: &Value, secret: &[u8], hs512: bool) -> String {
    let h = BASE64URL_NOPAD.encode(alg_header.to_string().as_bytes());
    let p = BASE64URL_NOPAD.encode(claims.to_string().as_bytes());
    let input = format!("{h}.{p}");
    let sig = if hs512 {
        let mut m = Hmac::<sha2::Sha512>::new_from_slice(secret).unwrap();
        m.update(input.as_bytes());
        m.finalize().into_bytes().to_vec()
    } else {
        let mut m = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
        m.update(input.as_bytes());
        m.finalize().into_bytes().to_vec()
    };
    format!("{input}.{}", BASE64URL_NOPAD.encode(&sig))
}

async fn bad_tokens(base: String) {
    let clinic = Clinic::new(&base, "Bad tokens", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let path = slots_path(&clinic, &type_uid);
    let now = unix_now();
    let good = claims("customer-1");
    let claims_json = |c: &Claims| serde_json::to_value(c).unwrap();
    let key = secret.value.as_bytes();

    let mut tampered = token(&secret, &good);
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let none = format!(
        "{}.{}.",
        BASE64URL_NOPAD.encode(
            json!({ "alg": "none", "kid": secret.key_id })
                .to_string()
                .as_bytes()
        ),
        BASE64URL_NOPAD.encode(claims_json(&good).to_string().as_bytes())
    );
    let hs512 = sign(
        &json!({ "alg": "HS512", "typ": "JWT", "kid": secret.key_id }),
        &claims_json(&good),
        key,
        true,
    );
    let expired = token(
        &secret,
        &Claims {
            iat: now - 900,
            exp: now - 120,
            ..good.clone()
        },
    );
    let not_yet = token(
        &secret,
        &Claims {
            nbf: Some(now + 600),
            ..good.clone()
        },
    );
    let too_long = token(
        &secret,
        &Claims {
            exp: now + 3600,
            ..good.clone()
        },
    );
    let unknown_kid = mint("bk_doesnotexist", key, &good);
    let wrong_aud = token(
        &secret,
        &Claims {
            aud: "another-api".into(),
            ..good.clone()
        },
    );
    let wrong_typ = sign(
        &json!({ "alg": "HS256", "typ": "JWE", "kid": secret.key_id }),
        &claims_json(&good),
        key,
        false,
    );
    let other_secret = mint(&secret.key_id, b"not the secret", &good);
    // Signed with the right secret, but naming an extension we do not know.
    let crit = sign(
        &json!({ "alg": "HS256", "typ": "JWT", "kid": secret.key_id, "crit": ["exp"] }),
        &claims_json(&good),
        key,
        false,
    );
    // Valid in every other way, but over 4 KiB.
    let oversized = token(
        &secret,
        &Claims {
            name: Some("x".repeat(4096)),
            ..good.clone()
        },
    );

    let cases = [
        ("tampered signature", tampered),
        ("alg none", none),
        ("HS512", hs512),
        ("expired", expired),
        ("not yet valid", not_yet),
        ("too long lived", too_long),
        ("unknown kid", unknown_kid),
        ("wrong audience", wrong_aud),
        ("wrong typ", wrong_typ),
        ("signed with another secret", other_secret),
        ("garbage", "not.a.jwt".to_owned()),
        ("unknown crit header", crit),
        ("over 4 KiB", oversized),
    ];
    // Every refusal is the same 401, word for word, whatever failed: the
    // answer tells a forger nothing.
    let bad_signature = mint(&secret.key_id, b"a secret nobody has", &good);
    let refused = as_patient(&clinic, &bad_signature, reqwest::Method::GET, &path, None)
        .await
        .expect_error(401, "unauthorized");
    assert_eq!(refused["message"], "the booking token is not valid");
    for (name, t) in &cases {
        let reply = as_patient(&clinic, t, reqwest::Method::GET, &path, None).await;
        assert_eq!(reply.status.as_u16(), 401, "{name}: {}", reply.body);
        assert_eq!(reply.body["error"], refused, "{name}");
    }
    // No token at all, and an API key where a token belongs.
    Api::reply(clinic.org.api.http.get(format!("{}{path}", base)))
        .await
        .expect_error(401, "unauthorized");
    Api::reply(
        clinic
            .org
            .api
            .http
            .get(format!("{}{path}", base))
            .header("X-API-Key", &clinic.org.key),
    )
    .await
    .expect_error(401, "unauthorized");
    // The good token works, so the refusals above were about the tokens.
    as_patient(
        &clinic,
        &token(&secret, &good),
        reqwest::Method::GET,
        &path,
        None,
    )
    .await
    .expect(200);
    // A token restricted to one shop sees no other.
    let other_shop = clinic.org.create_shop("Elsewhere").await;
    let restricted = token(
        &secret,
        &Claims {
            shop_uid: Some(other_shop.shop_uid),
            ..good.clone()
        },
    );
    as_patient(&clinic, &restricted, reqwest::Method::GET, &path, None)
        .await
        .expect_error(404, "not_found");
}

async fn patients_are_isolated(base: String) {
    let clinic = Clinic::new(&base, "Isolation", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let x = token(&secret, &claims("customer-x"));
    let y = token(&secret, &claims("customer-y"));
    let x_appt = as_patient(
        &clinic,
        &x,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(&clinic, &type_uid, &clinic.at(3, 9, 0))),
    )
    .await
    .expect(201);
    let uid = x_appt["appointment_uid"].as_str().unwrap();
    let y2 = token(&secret, &claims("customer-y"));
    as_patient(
        &clinic,
        &y2,
        reqwest::Method::GET,
        &format!("/v1/booking/appointments/{uid}"),
        None,
    )
    .await
    .expect_error(404, "not_found");
    as_patient(
        &clinic,
        &y2,
        reqwest::Method::POST,
        &format!("/v1/booking/appointments/{uid}/cancel"),
        Some(json!({})),
    )
    .await
    .expect_error(404, "not_found");
    as_patient(
        &clinic,
        &y,
        reqwest::Method::POST,
        &format!("/v1/booking/appointments/{uid}/rebook"),
        Some(json!({ "start": clinic.at(3, 12, 0) })),
    )
    .await
    .expect_error(404, "not_found");
    let ys = as_patient(
        &clinic,
        &y2,
        reqwest::Method::GET,
        "/v1/booking/appointments",
        None,
    )
    .await
    .expect(200);
    assert!(ys["data"].as_array().unwrap().is_empty());
    // X sees and rebooks their own; the body cannot name another patient.
    let x2 = token(&secret, &claims("customer-x"));
    let mine = as_patient(
        &clinic,
        &x2,
        reqwest::Method::GET,
        &format!("/v1/booking/appointments/{uid}"),
        None,
    )
    .await
    .expect(200);
    assert_eq!(mine["status"], "confirmed");
    let moved = as_patient(
        &clinic,
        &x2,
        reqwest::Method::POST,
        &format!("/v1/booking/appointments/{uid}/rebook"),
        Some(json!({ "start": clinic.at(3, 12, 0) })),
    )
    .await
    .expect(201);
    assert_eq!(moved["previous_meeting_uid"], uid);
    assert_eq!(moved["patient_profile_uid"], x_appt["patient_profile_uid"]);
    // Still untouched by Y, and still unchanged for the admin view.
    let admin_view = clinic
        .org
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect(200);
    assert_eq!(admin_view["status"], "cancelled");
    assert_eq!(admin_view["cancellation_reason"], "rebooked");
}

async fn patient_notice(base: String) {
    let clinic = Clinic::new(&base, "Notice", 1, "Europe/Berlin").await;
    // 48 hours' notice to cancel; the appointment is about a day away.
    let type_uid = clinic
        .create_type(
            json!({ "name": "Consult", "duration_minutes": 30, "min_cancel_notice_minutes": 2880 }),
        )
        .await;
    let secret = create_secret(&clinic).await;
    let booked = as_patient(
        &clinic,
        &token(&secret, &claims("customer-n")),
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(&clinic, &type_uid, &clinic.at(1, 16, 0))),
    )
    .await
    .expect(201);
    let uid = booked["appointment_uid"].as_str().unwrap();
    as_patient(
        &clinic,
        &token(&secret, &claims("customer-n")),
        reqwest::Method::POST,
        &format!("/v1/booking/appointments/{uid}/cancel"),
        Some(json!({ "reason": "cannot make it" })),
    )
    .await
    .expect_error(409, "notice_too_short");
    let cancelled = clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/cancel"),
            json!({ "reason": "Patient called the clinic" }),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(
        cancelled["cancellation_reason"],
        "Patient called the clinic"
    );
}

fn contains(dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(contains(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                found.push(path);
            }
        }
    }
    found
}

async fn sealed_and_audited(base: String) {
    let clinic = Clinic::new(&base, "Sealed", 1, "Europe/Berlin").await;
    let secret = create_secret(&clinic).await;
    // The list shows metadata only.
    let list = clinic
        .org
        .get("/v1/management/booking-secrets")
        .await
        .expect(200);
    let row = &list["data"][0];
    assert_eq!(row["key_id"], secret.key_id.as_str());
    assert!(
        row.get("secret").is_none() && row.get("sealed_value").is_none(),
        "{row}"
    );
    // Admins can reveal it again.
    let revealed = clinic
        .org
        .post(
            &format!("/v1/management/booking-secrets/{}/reveal", secret.key_id),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(revealed["secret"], secret.value.as_str());
    // Give SQLite a moment to write, then search every file of the state
    // directory for the plaintext value.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let state = STATE_DIR.get().expect("state dir");
    let leaks = contains(state, secret.value.as_bytes());
    assert!(leaks.is_empty(), "plaintext secret found in {leaks:?}");
    assert!(
        !contains(state, secret.key_id.as_bytes()).is_empty(),
        "the search does look at the stored rows"
    );

    clinic
        .org
        .delete(&format!("/v1/management/booking-secrets/{}", secret.key_id))
        .await
        .expect(200);
    clinic
        .org
        .post(
            &format!("/v1/management/booking-secrets/{}/reveal", secret.key_id),
            json!({}),
        )
        .await
        .expect_error(409, "secret_revoked");
    let audit = clinic.org.get("/v1/management/audit-log").await.expect(200);
    let entries: Vec<(String, String, String)> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("booking_secret."))
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let k = secret.key_id.clone();
    assert_eq!(
        entries,
        vec![
            (
                "booking_secret.revealed".into(),
                k.clone(),
                "refused: revoked".into()
            ),
            ("booking_secret.revoked".into(), k.clone(), "ok".into()),
            ("booking_secret.revealed".into(), k.clone(), "ok".into()),
            ("booking_secret.created".into(), k, "ok".into()),
        ]
    );
    assert!(audit["data"][0]["actor"]
        .as_str()
        .unwrap()
        .starts_with("key_"));
    assert!(audit["data"][0]["at"].is_string());
}

/// The README's partner flow: the JavaScript minting example's token books.
async fn partner_minting_example(base: String) {
    let clinic = Clinic::new(&base, "Partner example", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let mint = || {
        let out = std::process::Command::new("node")
            .arg(frontdesk_tests::server::repo_root().join("examples/mint-booking-token.mjs"))
            .arg("shopify-customer-7")
            .arg(&clinic.shop.shop_uid)
            .env("FRONTDESK_KEY_ID", &secret.key_id)
            .env("FRONTDESK_SECRET", &secret.value)
            .output()
            .expect("node runs the example");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let slots = as_patient(
        &clinic,
        &mint(),
        reqwest::Method::GET,
        &slots_path(&clinic, &type_uid),
        None,
    )
    .await
    .expect(200);
    let first = slots["slots"][0]["start"].as_str().unwrap().to_owned();
    let booked = as_patient(
        &clinic,
        &mint(),
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(&clinic, &type_uid, &first)),
    )
    .await
    .expect(201);
    assert_eq!(booked["start"], first.as_str());
}

fn with_profile(sub: &str, name: Option<&str>, email: Option<&str>, phone: Option<&str>) -> Claims {
    Claims {
        name: name.map(str::to_owned),
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        ..claims(sub)
    }
}

async fn patients_with_phone(clinic: &Clinic, e164: &str) -> Vec<Value> {
    clinic
        .org
        .get(&format!("/v1/management/patients?phone=%2B{}", &e164[1..]))
        .await
        .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

/// Profile claims (name, email, phone) make the holder's patient record at
/// their first booking, or link them to the one record with both their
/// verified phone and email; later bookings reuse it; bad claims are
/// refused by name and book nothing.
async fn profile_claims(base: String) {
    let clinic = Clinic::new(&base, "Profiles", 1, "America/New_York").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let receiver = Receiver::start(vec![200]).await;
    clinic
        .org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": receiver.url, "event_types": ["patient:created"] }),
        )
        .await
        .expect(201);
    let book = |claims: Claims, hour: u32| {
        let token = token(&secret, &claims);
        let body = patient_booking(&clinic, &type_uid, &clinic.at(3, hour, 0));
        let clinic = &clinic;
        async move {
            as_patient(
                clinic,
                &token,
                reqwest::Method::POST,
                "/v1/booking/appointments",
                Some(body),
            )
            .await
        }
    };

    // Bad claims: refused by name, value not repeated, nothing booked.
    let bad = book(
        with_profile("shopper-1", Some("Rosa Diaz"), None, Some("12")),
        9,
    )
    .await
    .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "token.phone");
    assert!(!bad.to_string().contains("\"12\""), "{bad}");
    let nameless = book(
        with_profile("shopper-1", None, Some("rosa@example.com"), None),
        9,
    )
    .await
    .expect_error(400, "invalid_request");
    assert_eq!(nameless["field"], "token.name");

    // First booking creates the record (the 9:00 slot was still free).
    let rosa = Some("rosa@example.com");
    let first = book(
        with_profile("shopper-1", Some("Rosa Diaz"), rosa, Some("(212) 555-0199")),
        9,
    )
    .await
    .expect(201);
    let uid = first["patient_profile_uid"].as_str().unwrap().to_owned();
    let record = clinic
        .org
        .get(&format!("/v1/management/patients/{uid}"))
        .await
        .expect(200);
    assert_eq!(record["name"][0]["family"], "Rosa Diaz");
    assert_eq!(record["name"][0]["firstName"], "Rosa");
    let telecom: Vec<&str> = record["telecom"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["value"].as_str().unwrap())
        .collect();
    assert_eq!(telecom, vec!["+12125550199", "rosa@example.com"]);
    // Her next booking, with other claims, is hers again: no second record,
    // and the directory's record is not overwritten by a token.
    let second = book(
        with_profile("shopper-1", Some("R. Diaz"), rosa, Some("+1 212 555 0199")),
        10,
    )
    .await
    .expect(201);
    assert_eq!(second["patient_profile_uid"], uid.as_str());
    let found = patients_with_phone(&clinic, "+12125550199").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["name"][0]["family"], "Rosa Diaz");

    // A patient the call center already knows is matched by phone and email.
    let jake = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({
                "name": [{ "family": "Jake Peralta" }],
                "telecom": [
                    { "system": "phone", "value": "212-555-0123" },
                    { "system": "email", "value": "jake@nine-nine.example" }
                ]
            }),
        )
        .await
        .expect(201)["patient_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let phoned = clinic
        .org
        .post(
            &format!("/v1/management/patients/{jake}/appointments"),
            json!({
                "shop_uid": clinic.shop.shop_uid,
                "doctor_uid": clinic.doctors[0].0,
                "appointment_type_uid": type_uid,
                "start": clinic.at(4, 9, 0),
                "payment_mode": "at_clinic",
                "status": "confirmed"
            }),
        )
        .await
        .expect(201);
    // The partner vouches for both (`email_verified`,
    // `phone_number_verified`); without that nobody is linked (see
    // `unverified_claims`).
    let jakes = |n: u32| {
        verified(with_profile(
            "shopper-2",
            Some("Jake P"),
            Some("JAKE@nine-nine.example"),
            Some(&format!("+1 (212) 555-012{n}")),
        ))
    };
    let online = book(jakes(3), 11).await.expect(201);
    assert_eq!(online["patient_profile_uid"], jake.as_str());
    assert_eq!(patients_with_phone(&clinic, "+12125550123").await.len(), 1);
    // From now on the token's holder is Jake: both appointments are theirs.
    assert_listed(
        &clinic,
        &token(&secret, &jakes(3)),
        uids(&[&phoned, &online]),
    )
    .await;

    // A phone shared by a family with one email matches nobody uniquely:
    // the holder gets a record of their own.
    for first in ["Amy", "Charles"] {
        clinic
            .org
            .post(
                "/v1/management/patients",
                json!({
                    "name": [{ "family": format!("{first} Santiago") }],
                    "telecom": [
                        { "system": "phone", "value": "212-555-0150" },
                        { "system": "email", "value": "family@santiago.example" }
                    ]
                }),
            )
            .await
            .expect(201);
    }
    let family = verified(with_profile(
        "shopper-3",
        Some("Gina Santiago"),
        Some("family@santiago.example"),
        Some("212 555 0150"),
    ));
    let gina = book(family, 12).await.expect(201);
    let household = patients_with_phone(&clinic, "+12125550150").await;
    assert_eq!(household.len(), 3);
    assert!(household
        .iter()
        .any(|p| p["patient_uid"] == gina["patient_profile_uid"]));

    // A token without profile claims books without making a record.
    let plain = book(claims("shopper-4"), 13).await.expect(201);
    clinic
        .org
        .get(&format!(
            "/v1/management/patients/{}",
            plain["patient_profile_uid"].as_str().unwrap()
        ))
        .await
        .expect_error(404, "not_found");

    // Records made from tokens are announced like any other: Rosa's and
    // Gina's, beside the three the clinic created; a link makes none.
    let created: Vec<Value> = receiver
        .wait_for(5, 30)
        .await
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap()["data"]["patient_uid"].clone())
        .collect();
    assert_eq!(created.len(), 5, "{created:?}");
    assert!(created.contains(&json!(uid)) && created.contains(&gina["patient_profile_uid"]));
    assert!(created.contains(&json!(jake)));
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(receiver.count(), 5, "nothing more arrives");

    // The audit log says who made and who linked each record.
    let audit = clinic
        .org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    let by_token: Vec<(&str, &str, &str)> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().ends_with("(booking token)"))
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["actor"].as_str().unwrap(),
            )
        })
        .collect();
    let actor = format!("partner:{}", secret.key_id);
    assert_eq!(
        by_token,
        vec![
            (
                "patient.created (booking token)",
                gina["patient_profile_uid"].as_str().unwrap(),
                actor.as_str()
            ),
            (
                "patient.linked (booking token)",
                jake.as_str(),
                actor.as_str()
            ),
            (
                "patient.created (booking token)",
                uid.as_str(),
                actor.as_str()
            ),
        ]
    );
}

/// Runs the wasm-bindgen minting package (`make mint-js`) in Node.js.
fn mint_with_package(secret: &Secret, claims: &Value) -> Result<String, String> {
    let package = frontdesk_tests::server::repo_root().join("mint/pkg/frontdesk_mint.js");
    assert!(
        package.exists(),
        "{} is missing: `make test` (or `make mint-js`) builds it",
        package.display()
    );
    let script = "const { mintBookingToken } = require(process.argv[1]);\n\
        const [keyId, secret, claims] = process.argv.slice(2);\n\
        try { console.log(mintBookingToken(keyId, secret, JSON.parse(claims))); }\n\
        catch (e) { console.error(e.message); process.exit(1); }";
    let out = std::process::Command::new("node")
        .args(["-e", script])
        .arg(&package)
        .args([&secret.key_id, &secret.value, &claims.to_string()])
        .output()
        .expect("node runs the minting package");
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap().trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The JavaScript package mints exactly what `core` mints, books with it,
/// and refuses claims Frontdesk would refuse before a customer sees a 401.
async fn wasm_minting_package(base: String) {
    let clinic = Clinic::new(&base, "Wasm minting", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let expected = claims("wasm-customer");
    let mut from_js = serde_json::to_value(&expected).unwrap();
    from_js.as_object_mut().unwrap().remove("aud");
    let minted = mint_with_package(&secret, &from_js).expect("minted");
    assert_eq!(minted, token(&secret, &expected), "the same token as core");
    let booked = as_patient(
        &clinic,
        &minted,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(&clinic, &type_uid, &clinic.at(3, 9, 0))),
    )
    .await
    .expect(201);
    assert_eq!(booked["status"], "confirmed");

    let now = unix_now();
    let too_long = json!({ "sub": "c", "iat": now, "exp": now + 1000 });
    let err = mint_with_package(&secret, &too_long).unwrap_err();
    assert!(err.contains("longer than 900 seconds"), "{err}");
    let expired = json!({ "sub": "c", "iat": now - 900, "exp": now - 300 });
    assert!(mint_with_package(&secret, &expired)
        .unwrap_err()
        .contains("expired"));
    let no_sub = json!({ "iat": now, "exp": now + 60 });
    assert!(mint_with_package(&secret, &no_sub)
        .unwrap_err()
        .contains("`sub`"));
}

/// Asserts that a token's holder lists exactly `expected` (sorted uids),
/// once the read model has caught up with the bookings.
async fn assert_listed(clinic: &Clinic, token: &str, expected: Vec<String>) {
    let seen = settled(|| listed(clinic, token), |l| *l == expected).await;
    assert_eq!(seen, expected);
}

/// The appointment uids a token's holder lists, sorted.
async fn listed(clinic: &Clinic, token: &str) -> Vec<String> {
    let mine = as_patient(
        clinic,
        token,
        reqwest::Method::GET,
        "/v1/booking/appointments",
        None,
    )
    .await
    .expect(200);
    let mut uids: Vec<String> = mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["appointment_uid"].as_str().unwrap().to_owned())
        .collect();
    uids.sort();
    uids
}

fn uids(of: &[&Value]) -> Vec<String> {
    let mut uids: Vec<String> = of
        .iter()
        .map(|a| a["appointment_uid"].as_str().unwrap().to_owned())
        .collect();
    uids.sort();
    uids
}

pub(crate) async fn book_as(
    clinic: &Clinic,
    type_uid: &str,
    token: &str,
    day: i64,
    hour: u32,
) -> Reply {
    as_patient(
        clinic,
        token,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(patient_booking(clinic, type_uid, &clinic.at(day, hour, 0))),
    )
    .await
}

/// A patient the clinic keeps, with a phone, an email and an appointment
/// the clinic booked for them: (patient uid, appointment).
async fn known_patient(
    clinic: &Clinic,
    type_uid: &str,
    name: &str,
    phone: &str,
    email: &str,
) -> (String, Value) {
    let uid = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({
                "name": [{ "family": name }],
                "telecom": [
                    { "system": "phone", "value": phone },
                    { "system": "email", "value": email }
                ]
            }),
        )
        .await
        .expect(201)["patient_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let appointment = clinic
        .org
        .post(
            &format!("/v1/management/patients/{uid}/appointments"),
            json!({
                "shop_uid": clinic.shop.shop_uid,
                "doctor_uid": clinic.doctors[0].0,
                "appointment_type_uid": type_uid,
                "start": clinic.at(4, 9, 0),
                "payment_mode": "at_clinic",
                "status": "confirmed"
            }),
        )
        .await
        .expect(201);
    (uid, appointment)
}

/// Anyone can type someone else's phone and email into a storefront. A
/// token that does not vouch for both (`email_verified` and
/// `phone_number_verified` true) gets a record of its own, and sees none of
/// the other person's appointments; a token that vouches for both is linked
/// to the record and sees them.
async fn unverified_claims(base: String) {
    let clinic = Clinic::new(&base, "Unverified claims", 1, "America/New_York").await;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let email = "captain@nine-nine.example";
    let (holt, phoned) =
        known_patient(&clinic, &type_uid, "Raymond Holt", "212-555-0177", email).await;
    let as_holt = |sub: &str, name: &str| Claims {
        name: Some(name.into()),
        email: Some(email.into()),
        phone_number: Some("+1 212 555 0177".into()),
        ..claims(sub)
    };

    // No flags at all: a record of the stranger's own.
    let stranger = as_holt("stranger-1", "Not Holt");
    let booked = book_as(&clinic, &type_uid, &token(&secret, &stranger), 3, 9)
        .await
        .expect(201);
    assert_ne!(booked["patient_profile_uid"], holt.as_str());
    assert_listed(&clinic, &token(&secret, &stranger), uids(&[&booked])).await;
    // The email vouched for, the phone not: still their own.
    let half = Claims {
        email_verified: Some(true),
        phone_number_verified: Some(false),
        ..as_holt("stranger-2", "Also not Holt")
    };
    let half_booked = book_as(&clinic, &type_uid, &token(&secret, &half), 3, 10)
        .await
        .expect(201);
    assert_ne!(half_booked["patient_profile_uid"], holt.as_str());
    assert_ne!(
        half_booked["patient_profile_uid"],
        booked["patient_profile_uid"]
    );
    assert_listed(&clinic, &token(&secret, &half), uids(&[&half_booked])).await;
    // Holt's record is untouched; the strangers' records stand beside it.
    let record = clinic
        .org
        .get(&format!("/v1/management/patients/{holt}"))
        .await
        .expect(200);
    assert_eq!(record["name"][0]["family"], "Raymond Holt");
    assert_eq!(patients_with_phone(&clinic, "+12125550177").await.len(), 3);

    // Both vouched for: Holt himself, linked, sees the clinic's booking too.
    // The strangers' records, with his very details, do not stand in the
    // way: only records the clinic made are candidates.
    let real = verified(as_holt("holt-1", "Raymond Holt"));
    let his = book_as(&clinic, &type_uid, &token(&secret, &real), 3, 11)
        .await
        .expect(201);
    assert_eq!(his["patient_profile_uid"], holt.as_str());
    assert_listed(&clinic, &token(&secret, &real), uids(&[&phoned, &his])).await;
    // And the first stranger, back with a fresh token, still sees only theirs.
    assert_listed(
        &clinic,
        &token(&secret, &as_holt("stranger-1", "Not Holt")),
        uids(&[&booked]),
    )
    .await;

    // `phone_number` and the older `phone` must agree; the 400 names the
    // claim and repeats neither number.
    let mixed = Claims {
        phone: Some("+1 212 555 0100".into()),
        ..as_holt("stranger-3", "Mixed")
    };
    let bad = book_as(&clinic, &type_uid, &token(&secret, &mixed), 3, 12)
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "token.phone_number");
    assert!(!bad.to_string().contains("555"), "{bad}");
}

/// The patient uid every token derived before partners existed: SHA-256 of
/// `org NUL sub`, its first 16 bytes in base32hex, computed here without
/// Frontdesk's code.
fn derived_before_partners(org: &str, sub: &str) -> String {
    let digest = sha2::Sha256::digest(format!("{org}\u{0}{sub}").as_bytes());
    format!(
        "pp-partner-{}",
        data_encoding::BASE32_DNSSEC.encode(&digest[..16])
    )
}

/// A partner is a named group of booking secrets. Its customers' ids name
/// patients within it: two partners' `customer-1` are two patients, and a
/// new secret of the same partner (a rotation) keeps every customer's
/// patient. A secret created without a partner belongs to the default
/// partner, whose customers are the patients they were before partners.
async fn partners(base: String) {
    let clinic = Clinic::new(&base, "Partners", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let create = |name: &str| {
        clinic
            .org
            .post("/v1/management/partners", json!({ "name": name }))
    };
    let acme = create("Acme").await.expect(201);
    let acme_id = acme["partner_id"].as_str().unwrap().to_owned();
    assert!(acme_id.starts_with("ptn_") && acme_id.len() == 30, "{acme}");
    assert_eq!(acme["name"], "Acme");
    let globex = create("Globex").await.expect(201);
    let globex_id = globex["partner_id"].as_str().unwrap().to_owned();

    // Bad input is refused by name and makes nothing.
    let nameless = clinic
        .org
        .post("/v1/management/partners", json!({}))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(nameless["field"], "name");
    let bad = clinic
        .org
        .post(
            "/v1/management/booking-secrets",
            json!({ "partner_id": "acme" }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "partner_id");
    let unknown = clinic
        .org
        .post(
            "/v1/management/booking-secrets",
            json!({ "partner_id": format!("ptn_{}", "0".repeat(26)) }),
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(unknown["field"], "partner_id");

    let default = create_secret(&clinic).await;
    let acme_1 = secret_for(&clinic, Some(&acme_id)).await;
    let globex_1 = secret_for(&clinic, Some(&globex_id)).await;
    let book = |secret: &Secret, sub: &str, hour: u32| {
        let token = token(secret, &claims(sub));
        let clinic = &clinic;
        let type_uid = type_uid.clone();
        async move {
            book_as(clinic, &type_uid, &token, 3, hour)
                .await
                .expect(201)
        }
    };
    let by_default = book(&default, "customer-1", 9).await;
    let by_acme = book(&acme_1, "customer-1", 10).await;
    let by_globex = book(&globex_1, "customer-1", 11).await;
    // The default partner derives exactly as before partners existed.
    assert_eq!(
        by_default["patient_profile_uid"],
        derived_before_partners(&clinic.org.org_uid, "customer-1")
    );
    let patients = [&by_default, &by_acme, &by_globex].map(|b| b["patient_profile_uid"].clone());
    assert!(
        patients[0] != patients[1] && patients[1] != patients[2] && patients[0] != patients[2],
        "{patients:?}"
    );
    // Each partner's customer-1 sees only their own appointment.
    let listed_by = |secret: &Secret, sub: &str| {
        let token = token(secret, &claims(sub));
        let clinic = &clinic;
        async move { listed(clinic, &token).await }
    };
    let customer_1 = |secret: &Secret| token(secret, &claims("customer-1"));
    assert_listed(&clinic, &customer_1(&acme_1), uids(&[&by_acme])).await;
    assert_listed(&clinic, &customer_1(&globex_1), uids(&[&by_globex])).await;
    assert_listed(&clinic, &customer_1(&default), uids(&[&by_default])).await;
    // Naming Acme's customer by their derived patient uid is no way in.
    let acme_patient = by_acme["patient_profile_uid"].as_str().unwrap();
    assert!(listed_by(&globex_1, acme_patient).await.is_empty());
    assert!(listed_by(&default, acme_patient).await.is_empty());

    // Rotation within Acme: a second secret, the first revoked; customer-1
    // is still the same patient, with the same appointments.
    let acme_2 = secret_for(&clinic, Some(&acme_id)).await;
    clinic
        .org
        .delete(&format!("/v1/management/booking-secrets/{}", acme_1.key_id))
        .await
        .expect(200);
    assert_listed(&clinic, &customer_1(&acme_2), uids(&[&by_acme])).await;
    let again = book(&acme_2, "customer-1", 12).await;
    assert_eq!(again["patient_profile_uid"], by_acme["patient_profile_uid"]);

    // The partners and which secret signs for which.
    let listing = clinic.org.get("/v1/management/partners").await.expect(200);
    let mut listed_partners: Vec<(String, String)> = listing["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["partner_id"].as_str().unwrap().to_owned(),
                p["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    listed_partners.sort();
    let mut expected = vec![
        (acme_id.clone(), "Acme".to_owned()),
        (globex_id.clone(), "Globex".to_owned()),
        ("ptn_default".to_owned(), "Default partner".to_owned()),
    ];
    expected.sort();
    assert_eq!(listed_partners, expected);
    let secrets = clinic
        .org
        .get("/v1/management/booking-secrets")
        .await
        .expect(200);
    let partner_of = |key_id: &str| {
        secrets["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key_id"] == key_id)
            .map(|s| s["partner_id"].as_str().unwrap().to_owned())
    };
    assert_eq!(partner_of(&default.key_id).as_deref(), Some("ptn_default"));
    assert_eq!(partner_of(&acme_1.key_id), Some(acme_id.clone()));
    assert_eq!(partner_of(&acme_2.key_id), Some(acme_id.clone()));
    assert_eq!(partner_of(&globex_1.key_id), Some(globex_id.clone()));
    let audit = clinic
        .org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    let created: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "partner.created")
        .map(|e| e["target"].as_str().unwrap())
        .collect();
    assert_eq!(created, vec![globex_id.as_str(), acme_id.as_str()]);
}

/// Token holders from before partners keep their patients through
/// migration 0008: customers book (one linked to a record the clinic
/// keeps), the database is taken back to how it was before 0008, the
/// migrations are applied again, and the same customers' new tokens are
/// the same patients with the same appointments.
fn migration_keeps_token_holders() -> Result<(), libtest_mimic::Failed> {
    let state = tempfile::tempdir().unwrap();
    let mut server = Server::start(state.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (mut clinic, secret, type_uid, plain, linked, phoned) = rt.block_on(async {
        let clinic = Clinic::new(&server.base, "Before partners", 1, "America/New_York").await;
        let type_uid = clinic.consult_type().await;
        let secret = create_secret(&clinic).await;
        let (_, phoned) = known_patient(
            &clinic,
            &type_uid,
            "Terry Jeffords",
            "212-555-0166",
            "terry@nine-nine.example",
        )
        .await;
        let plain = book_as(
            &clinic,
            &type_uid,
            &token(&secret, &claims("customer-1")),
            3,
            9,
        )
        .await
        .expect(201);
        let linked = book_as(&clinic, &type_uid, &token(&secret, &terry()), 3, 10)
            .await
            .expect(201);
        (clinic, secret, type_uid, plain, linked, phoned)
    });
    server.stop();
    let undo = state.path().join("undo-0008.sql");
    std::fs::write(
        &undo,
        "DROP INDEX booking_secrets_by_partner;
         ALTER TABLE booking_secrets DROP COLUMN partner_id;
         DROP TABLE partners;
         DELETE FROM d1_migrations WHERE name = '0008_partners.sql';",
    )
    .unwrap();
    server.d1(Some(&undo), None);
    let columns = server.d1(
        None,
        Some("SELECT name FROM pragma_table_info('booking_secrets')"),
    );
    assert!(
        !columns.to_string().contains("partner_id"),
        "back to before 0008: {columns}"
    );
    let status = std::process::Command::new(repo_root().join("node_modules/.bin/wrangler"))
        .args(["d1", "migrations", "apply", "DB", "--local", "--persist-to"])
        .arg(state.path())
        .current_dir(repo_root())
        .env("CI", "true")
        .output()
        .expect("run wrangler d1 migrations apply");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    server.resume();
    rt.block_on(async {
        clinic.org.api = Api::new(&server.base);
        let fresh = token(&secret, &claims("customer-1"));
        assert_listed(&clinic, &fresh, uids(&[&plain])).await;
        let next = book_as(&clinic, &type_uid, &fresh, 3, 11).await.expect(201);
        assert_eq!(next["patient_profile_uid"], plain["patient_profile_uid"]);
        // The linked holder is still the clinic's patient.
        assert_listed(
            &clinic,
            &token(&secret, &terry()),
            uids(&[&phoned, &linked]),
        )
        .await;
        let partners = clinic.org.get("/v1/management/partners").await.expect(200);
        assert_eq!(partners["data"][0]["partner_id"], "ptn_default");
        let secrets = clinic
            .org
            .get("/v1/management/booking-secrets")
            .await
            .expect(200);
        assert_eq!(secrets["data"][0]["partner_id"], "ptn_default");
    });
    Ok(())
}

/// A holder vouched for as Terry Jeffords, the clinic's patient.
fn terry() -> Claims {
    verified(Claims {
        name: Some("Terry Jeffords".into()),
        email: Some("terry@nine-nine.example".into()),
        phone_number: Some("+1 212 555 0166".into()),
        ..claims("terry-online")
    })
}
