//! Events, signed webhooks with retries, and reminders on the cron trigger
//! (seed 001), against a real `wrangler dev --test-scheduled`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use frontdesk_core::webhook::sign;
use frontdesk_tests::client::{settled, Api, Clinic, Org};
use frontdesk_tests::receiver::Receiver;
use libtest_mimic::Trial;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "webhooks_are_signed_and_retried_until_acknowledged",
            base,
            signed_and_retried,
        ),
        trial("a_410_disables_the_subscription", base, gone_disables),
        trial(
            "webhook_endpoints_and_bodies_are_checked",
            base,
            subscriptions_validate,
        ),
        trial(
            "reminders_fire_once_never_after_cancel_and_follow_a_rebook",
            base,
            reminders,
        ),
    ]
}

async fn subscribe(org: &Org, url: &str, types: &[&str]) -> (String, String) {
    let body = org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": url, "event_types": types, "headers": { "X-Partner": "acme" } }),
        )
        .await
        .expect(201);
    (
        body["subscription_id"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

async fn fire_cron(base: &str) {
    let resp = reqwest::get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
        .await
        .unwrap();
    assert!(resp.status().is_success(), "cron: {}", resp.status());
}

async fn signed_and_retried(base: String) {
    let org = Api::new(&base).create_org("Webhooks").await;
    let shop = org.create_shop("Hooked").await;
    let receiver = Receiver::start(vec![500, 500, 200]).await;
    let (sub, secret) = subscribe(&org, &receiver.url, &["WAITING_ROOM_REGISTERED"]).await;
    let reg = org.register(&shop, "pp-hook").await;

    let got = receiver.wait_for(3, 30).await;
    assert_eq!(got.len(), 3, "three attempts: 500, 500, 200");
    let ids: HashSet<_> = got
        .iter()
        .map(|r| r.headers["webhook-id"].clone())
        .collect();
    assert_eq!(ids.len(), 1, "the same webhook-id on every retry");
    let mut processed = HashSet::new();
    for r in &got {
        let id = &r.headers["webhook-id"];
        let ts: i64 = r.headers["webhook-timestamp"].parse().unwrap();
        let expected = sign(&secret, id, ts, r.body.as_bytes()).unwrap();
        assert_eq!(
            r.headers["webhook-signature"], expected,
            "signature verifies"
        );
        assert_eq!(r.headers["x-partner"], "acme", "custom header sent");
        assert_eq!(r.headers["content-type"], "application/json");
        // An idempotent consumer processes each webhook-id once.
        processed.insert(id.clone());
    }
    assert_eq!(processed.len(), 1);
    let event: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(event["type"], "WAITING_ROOM_REGISTERED");
    assert_eq!(event["data"]["queue_uid"], reg["queue_uid"]);
    assert!(event["data"].get("visit_reason").is_none());

    // The delivery log shows every attempt.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = org
        .get(&format!(
            "/v1/management/webhook-subscriptions/{sub}/deliveries"
        ))
        .await
        .expect(200);
    let delivery = &log["data"][0];
    assert_eq!(delivery["status"], "delivered");
    let codes: Vec<_> = delivery["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status_code"].clone())
        .collect();
    assert_eq!(codes, vec![json!(500), json!(500), json!(200)]);
    assert!(delivery["attempts"][0]["duration_ms"].is_number());

    // Redelivery sends it once more, with the same id.
    org.post(
        &format!(
            "/v1/management/webhook-subscriptions/{sub}/deliveries/{}/redeliver",
            delivery["delivery_id"].as_str().unwrap()
        ),
        json!({}),
    )
    .await
    .expect(202);
    let again = receiver.wait_for(4, 20).await;
    assert_eq!(again.len(), 4);
    assert_eq!(again[3].headers["webhook-id"], got[0].headers["webhook-id"]);
}

async fn gone_disables(base: String) {
    let org = Api::new(&base).create_org("Gone").await;
    let shop = org.create_shop("Gone").await;
    let receiver = Receiver::start(vec![410]).await;
    let (sub, _) = subscribe(
        &org,
        &receiver.url,
        &["WAITING_ROOM_REGISTERED", "WAITING_ROOM_CANCELLED"],
    )
    .await;
    let reg = org.register(&shop, "pp-1").await;
    receiver.wait_for(1, 20).await;
    let mut state = Value::Null;
    for _ in 0..50 {
        state = org
            .get(&format!("/v1/management/webhook-subscriptions/{sub}"))
            .await
            .expect(200);
        if state["enabled"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state["enabled"], false, "{state}");
    assert!(state["disabled_reason"].as_str().unwrap().contains("410"));
    // Nothing more is sent to it.
    org.delete(&format!(
        "/v1/management/waiting-room/{}",
        reg["queue_uid"].as_str().unwrap()
    ))
    .await
    .expect(200);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(receiver.count(), 1);
}

async fn subscriptions_validate(base: String) {
    let org = Api::new(&base).create_org("Validate hooks").await;
    let bad = |body: Value| org.post("/v1/management/webhook-subscriptions", body);
    let e = bad(json!({ "url": "ftp://x", "event_types": ["APPOINTMENT_HELD"] }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "url");
    let e = bad(json!({ "url": "https://hooks.example.com/x", "event_types": ["NOT_AN_EVENT"] }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "event_types");
    let e = bad(json!({ "url": "https://hooks.example.com/x", "event_types": ["APPOINTMENT_HELD"], "headers": { "webhook-id": "x" } }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "headers");
    let list = org
        .get("/v1/management/webhook-subscriptions")
        .await
        .expect(200);
    assert!(list["data"].as_array().unwrap().is_empty());
    // Another organisation's subscription is not found.
    let (sub, _) = subscribe(&org, "https://hooks.example.com/x", &["APPOINTMENT_HELD"]).await;
    let listed = org
        .get("/v1/management/webhook-subscriptions")
        .await
        .expect(200);
    assert!(
        listed["data"][0].get("secret").is_none(),
        "the secret is shown once"
    );
    let other = Api::new(&base).create_org("Other hooks").await;
    other
        .get(&format!("/v1/management/webhook-subscriptions/{sub}"))
        .await
        .expect_error(404, "not_found");
}

async fn reminders(base: String) {
    let clinic = Clinic::new(&base, "Reminders", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let (doctor, doctor_key) = clinic.doctors[0].clone();
    // The doctor sets their own mobile number; junk is refused.
    let phone = |value: Value| {
        let (api, key, doctor) = (org.api.clone(), doctor_key.clone(), doctor.clone());
        async move {
            api.call(
                reqwest::Method::PUT,
                &format!("/v1/management/doctors/{doctor}/mobile-phone"),
                Some(&key),
                Some(json!({ "mobile_phone": value })),
            )
            .await
        }
    };
    phone(json!("not a phone"))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(
        phone(json!("+49 151 23456789")).await.expect(200)["mobile_phone"],
        "+4915123456789"
    );

    // Two days before: due at once (a missed run catches up), and a rule
    // for a year before, which is due too; an hour before is not due yet.
    let type_uid = clinic
        .create_type(json!({
            "name": "Reminded",
            "duration_minutes": 30,
            "reminders": [
                { "recipient": "patient", "minutes_before": 2880, "send_email": true, "send_sms": false },
                { "recipient": "doctor", "minutes_before": 2880, "send_email": false, "send_sms": true },
                { "recipient": "admin", "minutes_before": 60, "send_email": false, "send_sms": false }
            ]
        }))
        .await;
    let receiver = Receiver::start(vec![200]).await;
    subscribe(org, &receiver.url, &["APPOINTMENT_REMINDER_DUE"]).await;
    let kept = clinic
        .book(0, &type_uid, &clinic.at(1, 10, 0), "pp-kept", "confirmed")
        .await;
    let cancelled = clinic
        .book(0, &type_uid, &clinic.at(1, 11, 0), "pp-gone", "confirmed")
        .await;
    let moved = clinic
        .book(0, &type_uid, &clinic.at(1, 12, 0), "pp-moved", "confirmed")
        .await;
    org.post(
        &format!(
            "/v1/management/appointments/{}/cancel",
            cancelled["appointment_uid"].as_str().unwrap()
        ),
        json!({ "reason": "patient called" }),
    )
    .await
    .expect(200);
    let rebooked = org
        .post(
            &format!(
                "/v1/management/appointments/{}/rebook",
                moved["appointment_uid"].as_str().unwrap()
            ),
            json!({ "start": clinic.at(1, 14, 0) }),
        )
        .await
        .expect(201);

    // The cron finds due reminders in D1's read model, which the shop's
    // outbox fills a moment after each answer: wait until the last change
    // is there (the outbox delivers in order, so every earlier one is too).
    let new_uid = rebooked["appointment_uid"].as_str().unwrap().to_owned();
    let listed = format!(
        "/v1/management/appointments?shop_uid={}&status=confirmed",
        clinic.shop.shop_uid
    );
    let overview = settled(
        || async { org.get(&listed).await.expect(200) },
        |v| {
            v["data"]
                .as_array()
                .is_some_and(|d| d.iter().any(|a| a["appointment_uid"] == new_uid.as_str()))
        },
    )
    .await;
    assert!(overview.to_string().contains(&new_uid), "{overview}");
    fire_cron(&base).await;
    let got = receiver.wait_for(4, 20).await;
    // Give a second run the chance to send anything twice.
    fire_cron(&base).await;
    fire_cron(&base).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got_after = receiver.all();
    assert_eq!(
        got.len(),
        got_after.len(),
        "repeated runs send nothing twice"
    );
    let events: Vec<Value> = got_after
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    let mut seen: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            assert_eq!(e["type"], "APPOINTMENT_REMINDER_DUE");
            (
                e["data"]["appointment_uid"].as_str().unwrap().to_owned(),
                e["data"]["recipient"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen.sort();
    let kept_uid = kept["appointment_uid"].as_str().unwrap().to_owned();
    let mut expected = vec![
        (kept_uid.clone(), "patient:pp-kept".to_owned()),
        (kept_uid.clone(), format!("doctor:{doctor}")),
        (new_uid.clone(), "patient:pp-moved".to_owned()),
        (new_uid.clone(), format!("doctor:{doctor}")),
    ];
    expected.sort();
    assert_eq!(
        seen, expected,
        "no reminder for the cancelled or the rebooked-away appointment"
    );
    let moved_event = events
        .iter()
        .find(|e| e["data"]["appointment_uid"] == new_uid.as_str())
        .unwrap();
    assert_eq!(
        moved_event["data"]["start"],
        clinic.at(1, 14, 0).as_str(),
        "follows the new time"
    );

    // Messages: the doctor's SMS went to their number (the local outbox, as
    // no provider is configured); the patient has no directory record, so
    // their email has no address. The admin rule sends nothing itself.
    let messages = settled(
        || async { org.get("/v1/management/messages").await.expect(200) },
        |m| m["data"].as_array().is_some_and(|d| d.len() >= 4),
    )
    .await;
    let msgs = messages["data"].as_array().unwrap();
    assert_eq!(msgs.len(), 4, "{messages}");
    for m in msgs {
        match m["channel"].as_str().unwrap() {
            "sms" => {
                assert_eq!(m["status"], "stored_locally");
                assert_eq!(m["address"], "+4915123456789");
            }
            "email" => assert_eq!(m["status"], "no_address"),
            other => panic!("unexpected channel {other}"),
        }
        assert!(
            !m["body"].as_str().unwrap().contains("pp-"),
            "no patient ids in the text"
        );
    }
}
