//! The hardening trials: input that must not crash a shop, limits that
//! abuse meets, rules that must hold, and settings checked once. Each
//! names the issue item it proves.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use frontdesk_tests::client::{Api, Clinic, Org};
use frontdesk_tests::receiver::Receiver;
use frontdesk_tests::server::Server;
use libtest_mimic::{Failed, Trial};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{block_on, trial, trial_on_own_server};

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "item1_extreme_dates_are_a_400_and_the_shop_lives_on",
            base,
            extreme_dates,
        ),
        trial(
            "item2_item3_overview_status_lists_and_cursors_are_bounded",
            base,
            overview_bounds,
        ),
        trial(
            "item6_doctor_bound_keys_act_for_their_own_doctor",
            base,
            doctor_bound_keys,
        ),
        trial(
            "item9_concurrent_subscriptions_stop_at_the_cap",
            base,
            subscription_cap,
        ),
        trial("item9_slot_search_work_is_capped", base, slot_search_work),
        trial("item11_webhooks_never_follow_redirects", base, no_redirects),
        trial(
            "item12_no_store_headers_search_by_post_and_audit",
            base,
            data_handling,
        ),
        trial_on_own_server("item13_the_cron_goes_on_past_a_failing_shop", cron_goes_on),
        trial(
            "issue12_the_bench_noop_route_is_a_plain_404_with_bench_off",
            base,
            bench_route_off,
        ),
        trial("item14_appointment_rules_hold", base, appointment_rules),
        trial(
            "item15_an_admin_key_sets_a_doctor_mobile_phone",
            base,
            admin_sets_mobile_phone,
        ),
        trial_on_own_server(
            "calendar_a_corrupt_stored_reminder_list_is_a_logged_error",
            corrupt_reminder_list,
        ),
        Trial::test(
            "item8_item9_item10_item11_limits_bodies_and_endpoint_rules",
            limits_server,
        ),
        Trial::test(
            "item15_a_bad_secret_is_a_500_misconfigured",
            misconfigured_server,
        ),
    ]
}

async fn extreme_dates(base: String) {
    let clinic = Clinic::new(&base, "Extremes", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let search = |from: &str, to: &str| {
        format!(
            "/v1/management/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={from}&end_date={to}",
            clinic.shop.shop_uid
        )
    };
    for (from, to, field) in [
        ("%2B262142-12-01", "%2B262142-12-31", "start_date"),
        ("-262143-01-01", "-262143-01-02", "start_date"),
        ("0000-01-01", "0000-01-02", "start_date"),
        ("2026-12-01", "%2B262142-12-31", "end_date"),
    ] {
        let err = clinic
            .org
            .get(&search(from, to))
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(err["field"], field, "{from}..{to}: {err}");
    }
    // Booking with an instant far away is refused by name, too.
    let mut body = clinic.booking(0, &type_uid, "+262142-01-01T09:00:00Z", "pp-far");
    body["status"] = json!("held");
    let err = clinic
        .org
        .post("/v1/management/appointments", body)
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "start");
    // The shop answered every one, and still works.
    assert!(!clinic.slots(&type_uid, 1, 2).await.is_empty());
}

async fn overview_bounds(base: String) {
    let org = Api::new(&base).create_org("Overview bounds").await;
    let many = vec!["held"; 500].join(",");
    let err = org
        .get(&format!("/v1/management/appointments?status={many}"))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "status");
    // Repeats of known values are one value.
    org.get("/v1/management/appointments?status=held,held,confirmed,held")
        .await
        .expect(200);
    let err = org
        .get("/v1/management/appointments?status=held,unknown")
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "status");
    for cursor in ["NaN", "inf", "-inf", "1e400", "abc"] {
        let err = org
            .get(&format!("/v1/management/appointments?cursor={cursor}"))
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(err["field"], "cursor", "cursor {cursor}: {err}");
    }
}

async fn doctor_bound_keys(base: String) {
    let org = Api::new(&base).create_org("Bound keys").await;
    let shop = org.create_shop("Bound").await;
    let (mine, _) = org.create_doctor(&shop, "Dr. Mine").await;
    let (other, _) = org.create_doctor(&shop, "Dr. Other").await;
    let key = org
        .post(
            "/v1/management/api-keys",
            json!({ "name": "doctor", "scopes": ["waiting_room:write"], "doctor_uid": mine }),
        )
        .await
        .expect(201)["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let call = |path: &'static str, method: Method, doctor: String| {
        let api = org.api.clone();
        let key = key.clone();
        let shop = shop.shop_uid.clone();
        async move {
            let body = json!({ "shop_uid": shop, "doctor_uid": doctor, "online": true });
            api.call(method, path, Some(&key), Some(body)).await
        }
    };
    let presence = "/v1/management/waiting-room/presence";
    let allocate = "/v1/management/waiting-room/allocate";
    call(presence, Method::PUT, other.clone())
        .await
        .expect_error(403, "not_this_doctor");
    call(allocate, Method::POST, other.clone())
        .await
        .expect_error(403, "not_this_doctor");
    // The other doctor was not set online by the refused call.
    let status = org
        .put(
            presence,
            json!({ "shop_uid": shop.shop_uid, "doctor_uid": other, "online": false }),
        )
        .await
        .expect(200);
    assert_eq!(status["doctors_online"], 0);
    // Their own doctor works.
    call(presence, Method::PUT, mine.clone()).await.expect(200);
    assert_eq!(call(allocate, Method::POST, mine).await.status, 204);
}

async fn subscription_cap(base: String) {
    // The shared server allows 25 subscriptions per organisation.
    let org = Api::new(&base).create_org("Subscription cap").await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let org = org.clone();
        tasks.push(tokio::spawn(async move {
            org.post(
                "/v1/management/webhook-subscriptions",
                json!({ "url": format!("http://127.0.0.1:9/hook/{i}"), "event_types": ["APPOINTMENT_HELD"] }),
            )
            .await
        }));
    }
    let mut created = 0;
    for t in tasks {
        let reply = t.await.unwrap();
        match reply.status.as_u16() {
            201 => created += 1,
            409 => {
                let err = reply.expect_error(409, "limit_reached");
                assert_eq!(err["field"], "url");
            }
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert_eq!(created, 25, "exactly the cap is created");
    let listed = org
        .get("/v1/management/webhook-subscriptions?limit=100")
        .await
        .expect(200);
    assert_eq!(listed["data"].as_array().unwrap().len(), 25);
    // The audit log has one row per subscription made, none for refusals.
    let audit = all_audit(&org).await;
    let made = audit
        .iter()
        .filter(|e| e["action"] == "webhook_subscription.created")
        .count();
    assert_eq!(made, 25);
}

async fn slot_search_work(base: String) {
    let clinic = Clinic::new(&base, "Wide search", 1, "Europe/Berlin").await;
    // 31 days of 5-minute slots for 1 doctor is 8,928: allowed.
    let small = clinic
        .create_type(json!({ "name": "Quick", "duration_minutes": 5 }))
        .await;
    clinic
        .org
        .get(&format!(
            "/v1/management/slots?shop_uid={}&appointment_type_uid={small}&start_date={}&end_date={}",
            clinic.shop.shop_uid,
            clinic.date(1),
            clinic.date(31)
        ))
        .await
        .expect(200);
    // Three doctors make it 26,784, over the default 20,000.
    clinic.org.create_doctor(&clinic.shop, "Dr. B").await;
    clinic.org.create_doctor(&clinic.shop, "Dr. C").await;
    let err = clinic
        .org
        .get(&format!(
            "/v1/management/slots?shop_uid={}&appointment_type_uid={small}&start_date={}&end_date={}",
            clinic.shop.shop_uid,
            clinic.date(1),
            clinic.date(31)
        ))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "end_date");
}

/// Runs on the limits server, not the shared one: wrangler dev's local
/// proxy can drop another request in flight when a Worker answers before
/// reading the body it is being sent.
async fn chunked_body(base: &str) {
    let org = Api::new(base).create_org("Chunked").await;
    let addr = base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /v1/management/shops HTTP/1.1\r\nHost: {addr}\r\nX-API-Key: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        org.key
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    // 8 KiB chunks, up to 1 MiB, sent without a Content-Length. The server
    // may stop reading at the limit, so write errors end the sending.
    let chunk = format!("{:x}\r\n{}\r\n", 8192, "a".repeat(8192));
    for _ in 0..128 {
        if socket.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), socket.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server answered the chunked body");
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "expected 413, got: {}",
        answer.lines().next().unwrap_or("")
    );
    assert!(answer.contains("payload_too_large"));
    // Nothing was created.
    let shops = org.get("/v1/management/shops").await.expect(200);
    assert_eq!(shops["data"].as_array().unwrap().len(), 0);
}

async fn no_redirects(base: String) {
    let target = Receiver::start(vec![200]).await;
    let redirector = Receiver::redirecting_to(&target.url).await;
    let org = Api::new(&base).create_org("Redirects").await;
    let clinic_shop = org.create_shop("Hooked").await;
    let sub = org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": redirector.url, "event_types": ["WAITING_ROOM_REGISTERED"] }),
        )
        .await
        .expect(201);
    let sub_id = sub["subscription_id"].as_str().unwrap().to_owned();
    org.post_with_key(
        "/v1/management/waiting-room/register",
        json!({ "shop_uid": clinic_shop.shop_uid, "patient_profile_uid": "pp-redirect" }),
        "redirect-registration",
    )
    .await
    .expect(201);
    redirector.wait_for(1, 20).await;
    // The delivery log records the 307 as a failed attempt ...
    let mut attempt = Value::Null;
    for _ in 0..100 {
        let log = org
            .get(&format!(
                "/v1/management/webhook-subscriptions/{sub_id}/deliveries"
            ))
            .await
            .expect(200);
        if let Some(a) = log["data"][0]["attempts"]
            .as_array()
            .and_then(|a| a.first())
        {
            attempt = a.clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(attempt["status_code"], 307, "attempt: {attempt}");
    // ... and the redirect's target never hears of it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(target.count(), 0, "a redirect was followed");
}

async fn all_audit(org: &Org) -> Vec<Value> {
    org.get("/v1/management/audit-log?limit=100")
        .await
        .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

/// Polls the audit log until an entry with `action` and `target` is there
/// (shop actions arrive through the outbox, a moment after the answer).
async fn audited(org: &Org, action: &str, target: &str) -> Value {
    for _ in 0..100 {
        if let Some(e) = all_audit(org)
            .await
            .into_iter()
            .find(|e| e["action"] == action && e["target"] == target)
        {
            return e;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no audit entry {action} on {target}");
}

/// `make bench`'s no-op round trip exists only with `BENCH` on: on the
/// test server (off, as in wrangler.toml) it answers exactly as an unknown
/// route does.
async fn bench_route_off(base: String) {
    let api = Api::new(&base);
    let noop = api
        .call(Method::GET, "/v1/bench/noop", None, None)
        .await
        .expect_error(404, "not_found");
    let unknown = api
        .call(Method::GET, "/v1/bench/unknown", None, None)
        .await
        .expect_error(404, "not_found");
    assert_eq!(noop, unknown);
    // Nor is it in the API document.
    let doc = api
        .call(Method::GET, "/v1/openapi.json", None, None)
        .await
        .expect(200);
    assert!(
        doc["paths"].get("/v1/bench/noop").is_none(),
        "the bench route is not an API route"
    );
}

async fn data_handling(base: String) {
    let clinic = Clinic::new(&base, "Data handling", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let http = reqwest::Client::new();

    // API answers are not cached; pages carry a CSP and a referrer policy.
    let resp = http
        .get(format!("{base}/v1/management/shops"))
        .header("X-API-Key", &org.key)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let resp = http.get(format!("{base}/wait.html")).send().await.unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(resp.headers()["referrer-policy"], "no-referrer");

    // Search by POST: the number stays out of the URL.
    let patient = org
        .post(
            "/v1/management/patients",
            json!({
                "name": [{ "family": "Body", "firstName": "Search" }],
                "telecom": [{ "system": "phone", "value": "+1 212 555 0142" }],
            }),
        )
        .await
        .expect(201);
    let uid = patient["patient_uid"].as_str().unwrap().to_owned();
    let found = org
        .post(
            "/v1/management/patients/search",
            json!({ "phone": "+1 (212) 555-0142" }),
        )
        .await
        .expect(200);
    assert_eq!(found["data"][0]["patient_uid"], uid);
    let err = org
        .post(
            "/v1/management/patients/search",
            json!({ "phone": 2125550142u64 }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "phone");
    audited(org, "patient.read (search by phone)", &uid).await;
    audited(org, "patient.created", &uid).await;

    // Key and webhook changes, and message reads, are audited.
    let key = org
        .post(
            "/v1/management/api-keys",
            json!({ "name": "audited", "scopes": ["waiting_room:read"] }),
        )
        .await
        .expect(201);
    let key_id = key["key_id"].as_str().unwrap().to_owned();
    audited(org, "api_key.created", &key_id).await;
    org.delete(&format!("/v1/management/api-keys/{key_id}"))
        .await
        .expect(200);
    audited(org, "api_key.revoked", &key_id).await;
    org.delete("/v1/management/api-keys/key_unknown")
        .await
        .expect_error(404, "not_found");
    assert!(!all_audit(org)
        .await
        .iter()
        .any(|e| e["target"] == "key_unknown"));
    let sub = org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": "http://127.0.0.1:9/hook", "event_types": ["APPOINTMENT_HELD"] }),
        )
        .await
        .expect(201);
    let sub_id = sub["subscription_id"].as_str().unwrap().to_owned();
    org.delete(&format!("/v1/management/webhook-subscriptions/{sub_id}"))
        .await
        .expect(200);
    audited(org, "webhook_subscription.deleted", &sub_id).await;
    org.get("/v1/management/messages").await.expect(200);
    audited(org, "messages.read", "sent_messages").await;

    // The shop's own actions: an allocation and an appointment read.
    let queued = org.register(&clinic.shop, "pp-audited").await;
    let queue_uid = queued["queue_uid"].as_str().unwrap().to_owned();
    org.allocate(&clinic.shop, &clinic.doctors[0].0)
        .await
        .expect(200);
    audited(org, "waiting_room.allocated", &queue_uid).await;
    let type_uid = clinic.consult_type().await;
    let booked = clinic
        .book(
            0,
            &type_uid,
            &clinic.at(2, 10, 0),
            "pp-audited",
            "confirmed",
        )
        .await;
    let apt = booked["appointment_uid"].as_str().unwrap().to_owned();
    org.get(&format!("/v1/management/appointments/{apt}"))
        .await
        .expect(200);
    audited(org, "appointment.read", &apt).await;
    // Every change of an appointment is audited too.
    audited(org, "appointment.booked", &apt).await;

    // A booking token's holder reading their appointment is audited, with
    // the partner's key as the actor.
    let secret = crate::booking::create_secret(&clinic).await;
    let token = crate::booking::token(&secret, &crate::booking::claims("audited-customer"));
    let mine = crate::booking::book_as(&clinic, &type_uid, &token, 3, 11)
        .await
        .expect(201);
    let theirs = mine["appointment_uid"].as_str().unwrap().to_owned();
    let token = crate::booking::token(&secret, &crate::booking::claims("audited-customer"));
    crate::booking::as_patient(
        &clinic,
        &token,
        Method::GET,
        &format!("/v1/booking/appointments/{theirs}"),
        None,
    )
    .await
    .expect(200);
    let read = audited(org, "appointment.read", &theirs).await;
    assert_eq!(read["actor"], format!("partner:{}", secret.key_id));

    // Patient records' lists are capped, naming the list.
    let identifiers: Vec<Value> = (0..21)
        .map(|i| json!({ "system": "SPID", "value": format!("{i}") }))
        .collect();
    let telecom: Vec<Value> = (0..11)
        .map(|i| json!({ "system": "phone", "value": format!("+1 212 555 01{i:02}") }))
        .collect();
    for (list, items) in [("identifiers", identifiers), ("telecom", telecom)] {
        let mut patient = json!({ "name": [{ "family": "Many", "firstName": "Items" }] });
        patient[list] = json!(items);
        let err = org
            .post("/v1/management/patients", patient)
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(err["field"], list);
    }
}

async fn cron_goes_on(base: String, state: PathBuf) {
    // A shop has a reminder due. A broken row in the read model (a shop uid
    // that is not one) comes first; the cron must still reach the real
    // shop.
    let clinic = Clinic::new(&base, "Cron resilience", 1, "Europe/Berlin").await;
    let type_uid = clinic
        .create_type(json!({
            "name": "Reminded", "duration_minutes": 30,
            "reminders": [{ "recipient": "patient", "minutes_before": 10080, "send_email": true }],
        }))
        .await;
    let booked = clinic
        .book(0, &type_uid, &clinic.at(2, 11, 0), "pp-cron", "confirmed")
        .await;
    let apt = booked["appointment_uid"].as_str().unwrap().to_owned();
    let db = crate::d1_file_in(&state);
    let sql = format!(
        "INSERT INTO appointments (appointment_uid, org_uid, shop_uid, doctor_uid, patient_profile_uid, appointment_type_uid, status, start_at, version, body, next_reminder_at)
         SELECT 'apt_broken_' || hex(randomblob(4)), org_uid, 'not a shop', doctor_uid, patient_profile_uid, appointment_type_uid, status, start_at, version, body, 0
         FROM appointments WHERE appointment_uid = '{apt}'"
    );
    // The read model row may take a moment to arrive.
    let mut inserted = false;
    for _ in 0..50 {
        if crate::sqlite(&db, &sql) > 0 {
            inserted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(inserted, "the read model row arrived");
    let resp = reqwest::get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
        .await
        .unwrap();
    assert!(resp.status().is_success());
    // The real shop's reminder was published despite the broken row.
    let mut sent = false;
    for _ in 0..100 {
        let messages = clinic.org.get("/v1/management/messages").await.expect(200);
        if messages["data"].as_array().is_some_and(|m| !m.is_empty()) {
            sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(sent, "the reminder went out past the failing shop");
}

async fn appointment_rules(base: String) {
    let clinic = Clinic::new(&base, "Rules", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic
        .create_type(json!({ "name": "Consult", "duration_minutes": 30, "hold_ttl_seconds": 600 }))
        .await;
    // Before it starts, an appointment is neither completed nor missed.
    let booked = clinic
        .book(0, &type_uid, &clinic.at(3, 9, 0), "pp-rules", "confirmed")
        .await;
    let uid = booked["appointment_uid"].as_str().unwrap();
    for action in ["no-show", "complete"] {
        org.post(
            &format!("/v1/management/appointments/{uid}/{action}"),
            json!({}),
        )
        .await
        .expect_error(409, "not_started");
    }
    let after = org
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect(200);
    assert_eq!(after["status"], "confirmed");

    // A rebooked hold keeps its deadline, however often it moves.
    let held = clinic
        .book(0, &type_uid, &clinic.at(4, 9, 0), "pp-rebook", "held")
        .await;
    let deadline = held["hold_expires_at"].as_str().unwrap().to_owned();
    let mut current = held["appointment_uid"].as_str().unwrap().to_owned();
    for hour in [10, 11, 12] {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let moved = org
            .post(
                &format!("/v1/management/appointments/{current}/rebook"),
                json!({ "start": clinic.at(4, hour, 0) }),
            )
            .await
            .expect(201);
        assert_eq!(moved["status"], "held");
        assert_eq!(moved["hold_expires_at"], deadline.as_str());
        current = moved["appointment_uid"].as_str().unwrap().to_owned();
    }

    // Holds per patient per shop are capped (3 by default): the fourth is
    // a 429 until one ends.
    for hour in [13, 14] {
        clinic
            .book(0, &type_uid, &clinic.at(4, hour, 0), "pp-rebook", "held")
            .await;
    }
    let mut body = clinic.booking(0, &type_uid, &clinic.at(4, 15, 0), "pp-rebook");
    body["status"] = json!("held");
    let reply = org
        .api
        .http
        .post(format!("{}/v1/management/appointments", org.api.base))
        .header("X-API-Key", &org.key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 429);
    let retry: u64 = reply.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "Retry-After {retry}");
    let err: Value = reply.json().await.unwrap();
    assert_eq!(err["error"]["code"], "too_many_holds");
    // Confirming one frees a place.
    org.post(
        &format!("/v1/management/appointments/{current}/confirm"),
        json!({}),
    )
    .await
    .expect(200);
    org.post("/v1/management/appointments", body)
        .await
        .expect(201);

    // One Idempotency-Key covers the whole create-with-appointment body:
    // the same key with another patient is refused, changing nothing.
    let request = |family: &str| {
        json!({
            "patient": { "name": [{ "family": family, "firstName": "Ida" }] },
            "appointment": {
                "shop_uid": clinic.shop.shop_uid,
                "doctor_uid": clinic.doctors[0].0,
                "appointment_type_uid": type_uid,
                "start": clinic.at(5, 9, 0),
                "payment_mode": "at_clinic",
                "status": "confirmed",
            },
        })
    };
    let first = org
        .post_with_key(
            "/v1/management/patients/with-appointment",
            request("Original"),
            "idem-whole-body",
        )
        .await
        .expect(201);
    org.post_with_key(
        "/v1/management/patients/with-appointment",
        request("Original"),
        "idem-whole-body",
    )
    .await
    .expect(201);
    org.post_with_key(
        "/v1/management/patients/with-appointment",
        request("Someone Else"),
        "idem-whole-body",
    )
    .await
    .expect_error(409, "idempotency_key_reused");
    let stored = org
        .get(&format!(
            "/v1/management/patients/{}",
            first["patient"]["patient_uid"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(stored["name"][0]["family"], "Original");
}

async fn admin_sets_mobile_phone(base: String) {
    let org = Api::new(&base).create_org("Mobile phones").await;
    let shop = org.create_shop("Phones").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr. Phone").await;
    let admin = org.key_with(&["admin"]).await;
    org.api
        .call(
            Method::PUT,
            &format!("/v1/management/doctors/{doctor}/mobile-phone"),
            Some(&admin),
            Some(json!({ "mobile_phone": "+1 212 555 0100" })),
        )
        .await
        .expect(200);
    let shown = org
        .get(&format!("/v1/management/doctors/{doctor}"))
        .await
        .expect(200);
    assert_eq!(shown["mobile_phone"], "+12125550100");
}

/// A server of its own with low limits (5 failed authentications and 40
/// requests per key a minute, 3 doctors per shop) and production's rule
/// for webhook endpoints.
fn limits_server() -> Result<(), Failed> {
    let state = tempfile::tempdir().unwrap();
    let server = Server::start_with_limits(
        state.path(),
        &[
            ("MAX_DOCTORS_PER_SHOP", "3"),
            // As in production: endpoints must be public names.
            ("ALLOW_PRIVATE_WEBHOOK_URLS", "false"),
        ],
        &[
            ("RATE_LIMIT_AUTH_FAILURES", 5),
            ("RATE_LIMIT_API_KEY", 40),
            ("RATE_LIMIT_BOOKING_SUBJECT", 10),
            ("RATE_LIMIT_PARTNER", 15),
        ],
    );
    block_on(async {
        // Item 10 first, while nothing else runs on this server.
        chunked_body(&server.base).await;
        let api = Api::new(&server.base);
        let org = api.create_org("Limited").await;

        // Doctors per shop: three of ten concurrent additions succeed.
        let shop = org.create_shop("Small").await;
        let mut tasks = Vec::new();
        for i in 0..10 {
            let org = org.clone();
            let shop = shop.shop_uid.clone();
            tasks.push(tokio::spawn(async move {
                org.post(
                    "/v1/management/doctors",
                    json!({ "shop_uid": shop, "name": format!("Dr. {i}") }),
                )
                .await
            }));
        }
        let mut made = 0;
        for t in tasks {
            let reply = t.await.unwrap();
            if reply.status.as_u16() == 201 {
                made += 1;
            } else {
                assert_eq!(
                    reply.expect_error(409, "limit_reached")["field"],
                    "shop_uid"
                );
            }
        }
        assert_eq!(made, 3);

        // Webhook endpoints: every numeric, private, local or userinfo form
        // is refused by name, and nothing is stored.
        for url in [
            "https://127.0.0.1/hook",
            "https://2130706433/hook",
            "https://0177.0.0.1/hook",
            "https://0x7f.1/hook",
            "https://127.1/hook",
            "https://[::1]/hook",
            "https://[::ffff:127.0.0.1]/hook",
            "https://[64:ff9b::a00:1]/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.1/hook",
            "https://localhost./hook",
            "https://api.localhost/hook",
            "https://user:pass@example.com/hook",
            "http://example.com/hook",
            "https://8.8.8.8/hook",
        ] {
            let err = org
                .post(
                    "/v1/management/webhook-subscriptions",
                    json!({ "url": url, "event_types": ["APPOINTMENT_HELD"] }),
                )
                .await
                .expect_error(400, "invalid_request");
            assert_eq!(err["field"], "url", "{url}: {err}");
        }
        org.post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": "https://hooks.example.com/frontdesk", "event_types": ["APPOINTMENT_HELD"] }),
        )
        .await
        .expect(201);
        let listed = org
            .get("/v1/management/webhook-subscriptions")
            .await
            .expect(200);
        assert_eq!(listed["data"].as_array().unwrap().len(), 1);

        // Requests per key: the 41st within the minute is a 429.
        let key = org.key_with(&["admin"]).await;
        let mut limited = None;
        for _ in 0..45 {
            let resp = api
                .http
                .get(format!("{}/v1/management/shops", api.base))
                .header("X-API-Key", &key)
                .send()
                .await
                .unwrap();
            if resp.status().as_u16() == 429 {
                limited = Some(resp);
                break;
            }
            assert_eq!(resp.status().as_u16(), 200);
        }
        let limited = limited.expect("a 429 for the busy key");
        assert_eq!(limited.headers()["retry-after"], "60");
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited");
        // Another key of the same organisation is not affected.
        org.get("/v1/management/shops").await.expect(200);

        // Booking tokens: per holder (10 a minute here), then per partner
        // (15 a minute over all its customers).
        let clinic = Clinic::new(&server.base, "Booked", 1, "Europe/Berlin").await;
        let secret = crate::booking::create_secret(&clinic).await;
        let mine = |sub: &'static str| {
            let clinic = &clinic;
            let token = crate::booking::token(&secret, &crate::booking::claims(sub));
            async move {
                crate::booking::as_patient(
                    clinic,
                    &token,
                    Method::GET,
                    "/v1/booking/appointments",
                    None,
                )
                .await
            }
        };
        for _ in 0..10 {
            mine("customer-a").await.expect(200);
        }
        let err = mine("customer-a").await.expect_error(429, "rate_limited");
        assert!(
            err["message"].as_str().unwrap().contains("patient"),
            "{err}"
        );
        for _ in 0..5 {
            mine("customer-b").await.expect(200);
        }
        let err = mine("customer-b").await.expect_error(429, "rate_limited");
        assert!(
            err["message"].as_str().unwrap().contains("partner"),
            "{err}"
        );

        // Failed authentications per address: 401s, then 429s.
        let bad = |n: usize| {
            let api = api.clone();
            async move {
                api.call(
                    Method::GET,
                    "/v1/management/shops",
                    Some(&format!("fd_nope_{n}")),
                    None,
                )
                .await
            }
        };
        let mut statuses = Vec::new();
        for n in 0..8 {
            statuses.push(bad(n).await.status.as_u16());
        }
        assert_eq!(&statuses[..5], &[401; 5], "{statuses:?}");
        assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
        // From then on the address's attempts are not checked at all: a
        // right key is refused too, so guessing learns nothing.
        org.get("/v1/management/shops")
            .await
            .expect_error(429, "rate_limited");

        // Recovery: within a period or so, a bad key is a plain 401 again.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(130);
        loop {
            let status = bad(100).await.status.as_u16();
            if status == 401 {
                org.get("/v1/management/shops").await.expect(200);
                break;
            }
            assert_eq!(status, 429);
            assert!(
                tokio::time::Instant::now() < deadline,
                "still limited after two periods"
            );
            // Under wrangler dev's 5 s keep-alive timeout: a pooled
            // connection is never reused just as the server closes it.
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    drop(server);
    Ok(())
}

/// A server whose watch secret is too short: every request is a clean
/// 500 `misconfigured` naming nothing secret, and the log names the setting.
fn misconfigured_server() -> Result<(), Failed> {
    let state = tempfile::tempdir().unwrap();
    let server = Server::start(state.path(), &[("WATCH_SECRET", "short")]);
    block_on(async {
        let api = Api::new(&server.base);
        for _ in 0..3 {
            let reply = api.call(Method::GET, "/v1/health", None, None).await;
            let err = reply.expect_error(500, "misconfigured");
            assert!(!err["message"].as_str().unwrap().contains("short"));
        }
    });
    // wrangler writes the Worker's console a moment after the answer.
    let mut log = server.log();
    for _ in 0..50 {
        if log.contains("misconfigured: WATCH_SECRET") {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        log = server.log();
    }
    assert!(
        log.contains("misconfigured: WATCH_SECRET"),
        "the log names the setting; it says:\n{log}"
    );
    assert!(!log.contains("Rust panic"), "no panic");
    drop(server);
    Ok(())
}

async fn corrupt_reminder_list(base: String, state: PathBuf) {
    // A type's reminder rules are stored as JSON text. One that does not
    // read must not pass for "no reminders": the type is refused with a
    // 500 (and the log says why). Bookings read the type from the
    // organisation's Directory object, not from D1, so they go on with the
    // rules as they were created.
    let clinic = Clinic::new(&base, "Corrupt reminders", 1, "Europe/Berlin").await;
    let type_uid = clinic
        .create_type(json!({
            "name": "Reminded", "duration_minutes": 30,
            "reminders": [{ "recipient": "patient", "minutes_before": 60, "send_email": true }],
        }))
        .await;
    let path = format!("/v1/management/appointment-types/{type_uid}");
    let stored = clinic.org.get(&path).await.expect(200);
    assert_eq!(stored["reminders"][0]["minutes_before"], 60);
    let db = crate::d1_file_in(&state);
    let changed = crate::sqlite(
        &db,
        &format!(
            "UPDATE appointment_types SET reminders = '[{{\"recipient\": \"patient\"' WHERE appointment_type_uid = '{type_uid}'"
        ),
    );
    assert_eq!(changed, 1);
    clinic.org.get(&path).await.expect_error(500, "internal");
    let booking = clinic.booking(0, &type_uid, &clinic.at(2, 11, 0), "pp-corrupt");
    let booked = clinic
        .org
        .post("/v1/management/appointments", booking)
        .await
        .expect(201);
    assert_eq!(booked["appointment_type_uid"], type_uid.as_str());
    let log_path = state.join("wrangler-dev.log");
    let mut logged = false;
    for _ in 0..50 {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        if log.contains("internal error") && log.contains("stored JSON does not fit") {
            logged = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(logged, "the unreadable reminder list was logged");
}
