//! "Tell me when it's my turn" (issue 13, item 17) and the patient's
//! language on the wait page (item 16), against a real `wrangler dev`:
//! the messages land in the local outbox (`GET /v1/management/messages`).

use std::sync::Arc;
use std::time::Duration;

use frontdesk_tests::client::{settled, Api, Clinic, Org, Reply, Shop, Watcher};
use libtest_mimic::Trial;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "my_turn_messages_go_once_per_event_and_the_contact_ends_with_the_entry",
            base,
            messages_once_per_event,
        ),
        trial(
            "my_turn_refuses_bad_contacts_and_tokens",
            base,
            refuses_bad_input,
        ),
        trial(
            "my_turn_page_language_from_registration_and_the_patient_record",
            base,
            language_reaches_the_page,
        ),
    ]
}

const WITHIN: Duration = Duration::from_secs(5);

fn watch_token(entry: &Value) -> String {
    let page = entry["wait_page_url"].as_str().unwrap();
    page.split_once("#token=").unwrap().1.to_owned()
}

async fn my_turn(api: &Api, token: &str, body: Value) -> Reply {
    Api::reply(
        api.http
            .put(format!("{}/v1/waiting-room/my-turn", api.base))
            .bearer_auth(token)
            .json(&body),
    )
    .await
}

/// The organisation's messages to `recipient`, newest first.
async fn messages_to(org: &Org, recipient: &str) -> Vec<Value> {
    let listed = org
        .get("/v1/management/messages?limit=200")
        .await
        .expect(200);
    listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == recipient)
        .cloned()
        .collect()
}

/// The organisation's "my turn" messages for one entry.
async fn turn_messages(org: &Org, queue_uid: &str) -> Vec<Value> {
    messages_to(org, &format!("queue:{queue_uid}")).await
}

/// At least `n` messages, each past `queued` (the notifier has sent it).
fn sent(n: usize) -> impl Fn(&Vec<Value>) -> bool {
    move |m| m.len() >= n && m.iter().all(|x| x["status"] != "queued")
}

/// Allocates with `doctor` until `queue_uid` is taken, completing whoever
/// comes before it.
async fn allocate_until(org: &Org, shop: &Shop, doctor: &str, queue_uid: &str) {
    for _ in 0..20 {
        let taken = org.allocate(shop, doctor).await.expect(200);
        let uid = taken["queue_uid"].as_str().unwrap().to_owned();
        if uid == queue_uid {
            return;
        }
        org.complete(&uid).await.expect(200);
    }
    panic!("{queue_uid} was never allocated");
}

async fn messages_once_per_event(base: String) {
    let org = Api::new(&base).create_org("My turn").await;
    let shop = org.create_shop("My turn clinic").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr. Turn").await;

    let first = org.register(&shop, "pp-turn-first").await;
    let b = org
        .post(
            "/v1/management/waiting-room/register",
            json!({
                "shop_uid": shop.shop_uid,
                "patient_profile_uid": "pp-turn-b",
                "notify_contact": "+44 7700 900123",
                "language": "German",
            }),
        )
        .await
        .expect(201);
    let b_uid = b["queue_uid"].as_str().unwrap().to_owned();
    assert_eq!(b["position"], 2);

    // The page sees the contact masked, never whole, and the language.
    let mut watcher = Watcher::connect(b["watch_url"].as_str().unwrap()).await;
    let seen = watcher.next(WITHIN).await;
    assert_eq!(seen["language"], "de", "{seen}");
    assert_eq!(
        seen["notify"],
        json!({ "channel": "sms", "masked": "+4477•••••123" })
    );
    assert!(!seen.to_string().contains("7700900123"));

    // Second in line: nothing is owed yet.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(turn_messages(&org, &b_uid).await.is_empty());

    // The doctor takes the first patient: B is next in line.
    allocate_until(&org, &shop, &doctor, first["queue_uid"].as_str().unwrap()).await;
    let told = settled(|| turn_messages(&org, &b_uid), sent(1)).await;
    assert_eq!(told.len(), 1, "{told:?}");
    let next = &told[0];
    assert_eq!(
        next["message_id"],
        format!("turn:{b_uid}:next_in_line"),
        "{next}"
    );
    assert_eq!(next["channel"], "sms");
    assert_eq!(next["status"], "stored_locally");
    // The log keeps the address masked: the contact lives with the entry.
    assert_eq!(next["address"], "+4477•••••123");
    assert!(
        next["body"].as_str().unwrap().contains("als Nächstes"),
        "in German: {next}"
    );
    assert!(!next["body"].as_str().unwrap().contains("http"));

    // Setting the contact again, and more changes while B stays first,
    // send nothing more.
    let again = my_turn(
        &org.api,
        &watch_token(&b),
        json!({ "contact": "+447700900123" }),
    )
    .await
    .expect(200);
    assert_eq!(again["notify"]["masked"], "+4477•••••123");
    org.register(&shop, "pp-turn-behind").await;
    org.presence(&shop, &doctor, true).await;

    // The doctor completes and takes B: the doctor is ready.
    org.complete(first["queue_uid"].as_str().unwrap())
        .await
        .expect(200);
    allocate_until(&org, &shop, &doctor, &b_uid).await;
    let told = settled(|| turn_messages(&org, &b_uid), sent(2)).await;
    let mut ids: Vec<&str> = told
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            format!("turn:{b_uid}:doctor_ready"),
            format!("turn:{b_uid}:next_in_line"),
        ],
        "once per event: {told:?}"
    );
    watcher.until(WITHIN, |v| v["status"] == "allocated").await;

    // Once the visit ends the contact is gone, and cannot be left again.
    org.complete(&b_uid).await.expect(200);
    let last = watcher.until(WITHIN, |v| v["final"] == true).await;
    assert_eq!(last["notify"], Value::Null, "{last}");
    my_turn(
        &org.api,
        &watch_token(&b),
        json!({ "contact": "+447700900123" }),
    )
    .await
    .expect_error(410, "gone");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(turn_messages(&org, &b_uid).await.len(), 2);

    // A patient first in line who opts in on the page is told at once,
    // by email; withdrawing keeps what was sent and sends no more.
    let shop2 = org.create_shop("My turn, empty").await;
    let c = org.register(&shop2, "pp-turn-c").await;
    let c_uid = c["queue_uid"].as_str().unwrap().to_owned();
    let set = my_turn(
        &org.api,
        &watch_token(&c),
        json!({ "contact": "Ana@Example.org", "language": "es" }),
    )
    .await
    .expect(200);
    assert_eq!(
        set,
        json!({ "queue_uid": c_uid, "notify": { "channel": "email", "masked": "a•••@example.org" } })
    );
    let told = settled(|| turn_messages(&org, &c_uid), sent(1)).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["channel"], "email");
    assert_eq!(told[0]["address"], "a•••@example.org");
    assert!(told[0]["body"].as_str().unwrap().contains("siguiente"));
    let withdrawn = my_turn(&org.api, &watch_token(&c), json!({ "contact": null }))
        .await
        .expect(200);
    assert_eq!(withdrawn["notify"], Value::Null);
    let (doctor2, _) = org.create_doctor(&shop2, "Dr. Two").await;
    org.allocate(&shop2, &doctor2).await.expect(200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(turn_messages(&org, &c_uid).await.len(), 1, "withdrawn");
}

async fn refuses_bad_input(base: String) {
    let org = Api::new(&base).create_org("My turn, refusals").await;
    let shop = org.create_shop("Refusals").await;
    let entry = org.register(&shop, "pp-turn-bad").await;
    let token = watch_token(&entry);

    for (body, field) in [
        (json!({ "contact": "07700 900123" }), "contact"),
        (json!({ "contact": "+44 77x" }), "contact"),
        (json!({ "contact": "not@an" }), "contact"),
        (json!({ "contact": 447700900123u64 }), "contact"),
        (json!({}), "contact"),
        (
            json!({ "contact": "+447700900123", "language": 7 }),
            "language",
        ),
    ] {
        let e = my_turn(&org.api, &token, body.clone())
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(e["field"], field, "{body}: {e}");
        // The refused contact is not echoed back.
        assert!(!e.to_string().contains("7700"), "{e}");
    }
    // Nothing was kept.
    let status = org.status(entry["queue_uid"].as_str().unwrap()).await;
    assert_eq!(status["status"], "waiting");
    let mut watcher = Watcher::connect(entry["watch_url"].as_str().unwrap()).await;
    assert_eq!(watcher.next(WITHIN).await["notify"], Value::Null);

    // The token is the credential.
    let api = &org.api;
    Api::reply(
        api.http
            .put(format!("{}/v1/waiting-room/my-turn", api.base))
            .json(&json!({ "contact": "+447700900123" })),
    )
    .await
    .expect_error(401, "unauthorized");
    let mut forged = token.clone();
    forged.push('x');
    my_turn(api, &forged, json!({ "contact": "+447700900123" }))
        .await
        .expect_error(401, "unauthorized");

    // At registration the field is checked the same way.
    let e = org
        .post(
            "/v1/management/waiting-room/register",
            json!({
                "shop_uid": shop.shop_uid,
                "patient_profile_uid": "pp-turn-bad-2",
                "notify_contact": "07700 900123",
            }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "notify_contact");
}

async fn language_reaches_the_page(base: String) {
    let clinic = Clinic::new(&base, "Languages", 1, "Europe/Madrid").await;
    // A language the page does not speak is no error: the browser decides.
    let french = clinic
        .org
        .post(
            "/v1/management/waiting-room/register",
            json!({
                "shop_uid": clinic.shop.shop_uid,
                "patient_profile_uid": "pp-lang-fr",
                "language": "French",
            }),
        )
        .await
        .expect(201);
    let mut w = Watcher::connect(french["watch_url"].as_str().unwrap()).await;
    assert_eq!(w.next(WITHIN).await["language"], Value::Null);

    // A checked-in patient whose record prefers Spanish gets Spanish.
    let record = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({
                "name": [{ "firstName": "Lucía", "lastName": "García" }],
                "preferredLanguage": "Spanish",
                "telecom": [{ "system": "email", "value": "lucia@example.org" }],
            }),
        )
        .await
        .expect(201);
    let patient = record["patient_uid"].as_str().unwrap();
    let type_uid = clinic.consult_type().await;
    let booked = clinic
        .book(0, &type_uid, &clinic.at(1, 10, 0), patient, "confirmed")
        .await;
    let uid = booked["appointment_uid"].as_str().unwrap();
    let checked = clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/check-in"),
            json!({}),
        )
        .await
        .expect(200);
    let mut w = Watcher::connect(checked["watch"]["watch_url"].as_str().unwrap()).await;
    assert_eq!(w.next(WITHIN).await["language"], "es");

    // The checked-in patient is sent their wait page, once.
    let link = checked["watch"]["wait_page_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let recipient = format!("patient:{patient}");
    let sent = settled(
        || async {
            let mut sent = messages_to(&clinic.org, &recipient).await;
            sent.retain(|m| m["body"].as_str().is_some_and(|b| b.contains(&link)));
            sent
        },
        |m: &Vec<Value>| {
            m.iter()
                .any(|x| x["channel"] == "email" && x["status"] != "queued")
        },
    )
    .await;
    let emails: Vec<&Value> = sent.iter().filter(|m| m["channel"] == "email").collect();
    assert_eq!(emails.len(), 1, "{sent:?}");
    assert_eq!(emails[0]["address"], "lucia@example.org");
    assert_eq!(emails[0]["status"], "stored_locally");
}
