//! The waiting room of seed 000, its doctor side, tenancy, and live watching.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontdesk_tests::client::{settled, Api, Clinic, Org, Watcher};
use frontdesk_tests::receiver::Receiver;
use frontdesk_tests::server::{repo_root, Server};
use hmac::{Hmac, Mac};
use libtest_mimic::{Failed, Trial};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial("seed_000_flow", base, seed_000_flow),
        trial("auth_401_403_and_tenant_404", base, auth_and_tenancy),
        trial("bad_input_is_refused_with_the_field", base, bad_input),
        trial("idempotent_registration", base, idempotent_registration),
        trial(
            "concurrent_registrations_get_gapless_positions",
            base,
            concurrent_registrations,
        ),
        trial(
            "concurrent_doctors_never_share_a_patient",
            base,
            concurrent_doctors,
        ),
        trial(
            "preferred_doctor_is_honoured_then_lapses",
            base,
            preferred_doctor,
        ),
        trial(
            "estimate_uses_doctors_online",
            base,
            estimate_uses_doctors_online,
        ),
        trial(
            "watcher_sees_cancellation_and_allocation",
            base,
            watcher_live_updates,
        ),
        trial(
            "watch_token_is_required_and_checked",
            base,
            watch_token_checked,
        ),
        trial("openapi_is_served", base, openapi_is_served),
        trial(
            "visit_link_shows_wait_page_then_room_then_410",
            base,
            visit_link_follows_the_visit,
        ),
        trial(
            "patient_surfaces_never_name_a_room",
            base,
            patient_surfaces_never_name_a_room,
        ),
        trial(
            "per_visit_rooms_differ_per_visit",
            base,
            per_visit_rooms_differ,
        ),
        trial(
            "watch_sockets_per_entry_are_capped_oldest_closed",
            base,
            sockets_per_entry_are_capped,
        ),
        trial(
            "watch_socket_message_flood_is_limited",
            base,
            message_flood_is_limited,
        ),
        trial(
            "visit_end_sends_final_message_closes_and_refuses_410",
            base,
            visit_end_closes_sockets,
        ),
        trial(
            "watch_token_in_websocket_protocol_header",
            base,
            token_in_protocol_header,
        ),
        trial(
            "a_visit_goes_through_intake_and_exam_with_two_staff_keys",
            base,
            intake_then_exam,
        ),
    ]
}

async fn org_with_shop(base: &str, name: &str) -> (Org, frontdesk_tests::client::Shop) {
    let org = Api::new(base).create_org(name).await;
    let shop = org.create_shop("Main Street Clinic").await;
    (org, shop)
}

/// Seed 000, step by step, with its exact fields.
async fn seed_000_flow(base: String) {
    let (org, shop) = org_with_shop(&base, "Seed 000").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr. Who").await;
    let reg = org
        .post(
            "/v1/management/waiting-room/register",
            json!({
                "shop_uid": shop.shop_uid,
                "patient_profile_uid": "pp-xyz789",
                "preferred_doctor_uid": doctor,
                "visit_reason": "Follow-up consultation"
            }),
        )
        .await
        .expect(201);
    let queue_uid = reg["queue_uid"].as_str().unwrap();
    assert_eq!(reg["position"], 1);
    assert_eq!(reg["estimated_wait_minutes"], 5);
    assert!(reg["watch_url"].as_str().unwrap().starts_with("ws://"));

    let status = org.status(queue_uid).await;
    let keys: HashSet<_> = status.as_object().unwrap().keys().cloned().collect();
    for k in [
        "queue_uid",
        "status",
        "position",
        "estimated_wait_minutes",
        "video_room_id",
        "allocated_at",
    ] {
        assert!(keys.contains(k), "status has {k}: {status}");
    }
    assert_eq!(status["status"], "waiting");
    assert_eq!(status["video_room_id"], Value::Null);
    assert_eq!(status["allocated_at"], Value::Null);

    let cancelled = org
        .delete(&format!("/v1/management/waiting-room/{queue_uid}"))
        .await
        .expect(200);
    assert_eq!(cancelled, json!({ "message": "Registration cancelled" }));
    assert_eq!(org.status(queue_uid).await["status"], "cancelled");
}

async fn auth_and_tenancy(base: String) {
    let (org, shop) = org_with_shop(&base, "Tenant A").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr. A").await;
    let queue_uid = org.register(&shop, "pp-a").await["queue_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let api = &org.api;
    let status_path = format!("/v1/management/waiting-room/{queue_uid}/status");

    // 401: no key, a malformed key, a well-formed but unknown key.
    api.call(Method::GET, &status_path, None, None)
        .await
        .expect_error(401, "unauthorized");
    api.call(Method::GET, &status_path, Some("nope"), None)
        .await
        .expect_error(401, "unauthorized");
    let mut forged = org.key.clone();
    forged.pop();
    forged.push(if org.key.ends_with('a') { 'b' } else { 'a' });
    api.call(Method::GET, &status_path, Some(&forged), None)
        .await
        .expect_error(401, "unauthorized");

    // 403 names the missing scope; the read key still reads.
    let reader = org.key_with(&["waiting_room:read"]).await;
    let err = api
        .call(
            Method::POST,
            "/v1/management/waiting-room/register",
            Some(&reader),
            Some(json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": "pp-b" })),
        )
        .await
        .expect_error(403, "missing_scope");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("waiting_room:write"));
    api.call(Method::GET, &status_path, Some(&reader), None)
        .await
        .expect(200);
    api.call(Method::GET, "/v1/management/shops", Some(&reader), None)
        .await
        .expect_error(403, "missing_scope");

    // A revoked key stops working at once.
    let key_id = org.get("/v1/management/api-keys").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["scopes"] == json!(["waiting_room:read"]))
        .unwrap()["key_id"]
        .as_str()
        .unwrap()
        .to_owned();
    org.delete(&format!("/v1/management/api-keys/{key_id}"))
        .await
        .expect(200);
    api.call(Method::GET, &status_path, Some(&reader), None)
        .await
        .expect_error(401, "unauthorized");

    // Another organisation sees none of A's objects: 404, never 403.
    let other = api.create_org("Tenant B").await;
    other.get(&status_path).await.expect_error(404, "not_found");
    other
        .delete(&format!("/v1/management/waiting-room/{queue_uid}"))
        .await
        .expect_error(404, "not_found");
    other
        .get(&format!("/v1/management/shops/{}", shop.shop_uid))
        .await
        .expect_error(404, "not_found");
    other
        .get(&format!("/v1/management/doctors/{doctor}"))
        .await
        .expect_error(404, "not_found");
    other
        .post(
            "/v1/management/waiting-room/register",
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": "pp-b" }),
        )
        .await
        .expect_error(404, "not_found");
    other
        .allocate(&shop, &doctor)
        .await
        .expect_error(404, "not_found");
    assert_eq!(org.status(&queue_uid).await["status"], "waiting");
    assert!(other.get("/v1/management/shops").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .is_empty());
}

async fn bad_input(base: String) {
    let (org, shop) = org_with_shop(&base, "Bad input").await;
    let register = "/v1/management/waiting-room/register";
    let e = org
        .post(register, json!({ "patient_profile_uid": "pp-1" }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "shop_uid");
    let e = org
        .post(register, json!({ "shop_uid": shop.shop_uid }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "patient_profile_uid");
    let e = org
        .post(
            register,
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": "pp-1", "visit_reason": 7 }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "visit_reason");

    // Unknown shop (well-formed, nobody's): 404.
    let unknown = "shop_00000000000000000000000000";
    let e = org
        .post(
            register,
            json!({ "shop_uid": unknown, "patient_profile_uid": "pp-1" }),
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(e["field"], "shop_uid");

    let url = format!("{}{register}", org.api.base);
    let send = |body: Vec<u8>, content_type: &'static str| {
        org.api
            .http
            .post(&url)
            .header("X-API-Key", &org.key)
            .header("Content-Type", content_type)
            .body(body)
    };
    Api::reply(send(b"{not json".to_vec(), "application/json"))
        .await
        .expect_error(400, "malformed_json");
    Api::reply(send(b"{}".to_vec(), "text/plain"))
        .await
        .expect_error(415, "unsupported_media_type");
    let big = format!(
        r#"{{"shop_uid":"{}","patient_profile_uid":"pp-1","visit_reason":"{}"}}"#,
        shop.shop_uid,
        "x".repeat(70 * 1024)
    );
    Api::reply(send(big.into_bytes(), "application/json"))
        .await
        .expect_error(413, "payload_too_large");

    // None of that created an entry: the next patient is first in line.
    assert_eq!(org.register(&shop, "pp-1").await["position"], 1);

    // Cancelling a completed entry is a conflict.
    let (doctor, _) = org.create_doctor(&shop, "Dr. Done").await;
    let q = org.allocate(&shop, &doctor).await.expect(200)["queue_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    org.complete(&q).await.expect(200);
    org.delete(&format!("/v1/management/waiting-room/{q}"))
        .await
        .expect_error(409, "invalid_transition");
    org.complete(&q)
        .await
        .expect_error(409, "invalid_transition");
    org.get("/v1/management/waiting-room/q-abc123/status")
        .await
        .expect_error(404, "not_found");
}

async fn idempotent_registration(base: String) {
    let (org, shop) = org_with_shop(&base, "Idempotency").await;
    let send = |patient: &'static str| {
        org.api
            .http
            .post(format!(
                "{}/v1/management/waiting-room/register",
                org.api.base
            ))
            .header("X-API-Key", &org.key)
            .header("Idempotency-Key", "retry-123")
            .json(&json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": patient }))
    };
    let first = Api::reply(send("pp-1")).await.expect(201);
    let second = Api::reply(send("pp-1")).await.expect(201);
    assert_eq!(first["queue_uid"], second["queue_uid"]);
    assert_eq!(first["position"], second["position"]);
    Api::reply(send("pp-2"))
        .await
        .expect_error(409, "idempotency_key_reused");
    // Only one entry exists: a new patient is second in line.
    assert_eq!(org.register(&shop, "pp-3").await["position"], 2);
}

async fn concurrent_registrations(base: String) {
    let (org, shop) = org_with_shop(&base, "Fifty").await;
    let shop = Arc::new(shop);
    let tasks: Vec<_> = (0..50)
        .map(|i| {
            let org = org.clone();
            let shop = shop.clone();
            tokio::spawn(async move {
                org.register_with_key(&shop, &format!("pp-{i}"), &format!("join-{i}"))
                    .await
            })
        })
        .collect();
    let mut positions = Vec::new();
    let mut uids = HashSet::new();
    for t in tasks {
        let body = t.await.unwrap();
        positions.push(body["position"].as_u64().unwrap());
        uids.insert(body["queue_uid"].as_str().unwrap().to_owned());
    }
    positions.sort();
    assert_eq!(positions, (1..=50).collect::<Vec<u64>>());
    assert_eq!(uids.len(), 50);
}

async fn concurrent_doctors(base: String) {
    let (org, shop) = org_with_shop(&base, "Two doctors").await;
    let shop = Arc::new(shop);
    let mut all = HashSet::new();
    for i in 0..20 {
        all.insert(
            org.register(&shop, &format!("pp-{i}")).await["queue_uid"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let (a, _) = org.create_doctor(&shop, "Dr. A").await;
    let (b, _) = org.create_doctor(&shop, "Dr. B").await;
    let work = |doctor: String| {
        let org = org.clone();
        let shop = shop.clone();
        tokio::spawn(async move {
            let mut taken = Vec::new();
            loop {
                let reply = org.allocate(&shop, &doctor).await;
                if reply.status.as_u16() == 204 {
                    return taken;
                }
                let q = reply.expect(200)["queue_uid"].as_str().unwrap().to_owned();
                org.complete(&q).await.expect(200);
                taken.push(q);
            }
        })
    };
    let (ta, tb) = (work(a), work(b));
    let (ta, tb) = (ta.await.unwrap(), tb.await.unwrap());
    let mut seen = HashSet::new();
    for q in ta.iter().chain(tb.iter()) {
        assert!(seen.insert(q.clone()), "{q} allocated twice");
    }
    assert_eq!(seen, all, "every patient was seen exactly once");
    assert!(
        !ta.is_empty() && !tb.is_empty(),
        "both doctors worked: {} and {}",
        ta.len(),
        tb.len()
    );
}

async fn preferred_doctor(base: String) {
    let (org, shop) = org_with_shop(&base, "Preferred").await;
    let (a, room_a) = org.create_doctor(&shop, "Dr. A").await;
    let (b, _) = org.create_doctor(&shop, "Dr. B").await;
    org.presence(&shop, &a, true).await;
    let reg = org
        .post(
            "/v1/management/waiting-room/register",
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": "pp-1", "preferred_doctor_uid": a }),
        )
        .await
        .expect(201);
    // B may not take A's patient while A is online and within the grace period.
    assert_eq!(org.allocate(&shop, &b).await.status.as_u16(), 204);
    // Once A goes offline, the preference no longer holds the patient back.
    org.presence(&shop, &a, false).await;
    let taken = org.allocate(&shop, &b).await.expect(200);
    assert_eq!(taken["queue_uid"], reg["queue_uid"]);
    org.complete(taken["queue_uid"].as_str().unwrap())
        .await
        .expect(200);

    // A's room is the same for every consultation of A.
    org.presence(&shop, &a, true).await;
    let mut rooms = HashSet::new();
    for i in 0..2 {
        org.register(&shop, &format!("pp-a{i}")).await;
        let got = org.allocate(&shop, &a).await.expect(200);
        assert_eq!(got["video_room_id"], room_a.as_str());
        assert!(got["join_url"].as_str().unwrap().contains("/v1/visit/"));
        rooms.insert(got["video_room_id"].as_str().unwrap().to_owned());
        // A is busy until the consultation is completed.
        org.allocate(&shop, &a)
            .await
            .expect_error(409, "doctor_busy");
        org.complete(got["queue_uid"].as_str().unwrap())
            .await
            .expect(200);
    }
    assert_eq!(rooms.len(), 1);
}

async fn estimate_uses_doctors_online(base: String) {
    let (org, shop) = org_with_shop(&base, "Estimate").await;
    let (a, _) = org.create_doctor(&shop, "Dr. A").await;
    let (b, _) = org.create_doctor(&shop, "Dr. B").await;
    for i in 0..2 {
        org.register(&shop, &format!("pp-{i}")).await;
    }
    // No history, one doctor counted: 3 × 5 minutes.
    let third = org.register(&shop, "pp-2").await;
    assert_eq!(third["estimated_wait_minutes"], 15);
    org.presence(&shop, &a, true).await;
    org.presence(&shop, &b, true).await;
    // Two doctors share the queue: ceil(3 × 5 / 2).
    let status = org.status(third["queue_uid"].as_str().unwrap()).await;
    assert_eq!(status["position"], 3);
    assert_eq!(status["estimated_wait_minutes"], 8);
}

async fn watcher_live_updates(base: String) {
    let (org, shop) = org_with_shop(&base, "Watcher").await;
    let ahead = org.register(&shop, "pp-ahead").await;
    let me = org.register(&shop, "pp-me").await;
    let mut watcher = Watcher::connect(me["watch_url"].as_str().unwrap()).await;
    let first = watcher.next(Duration::from_secs(5)).await;
    assert_eq!(first["queue_uid"], me["queue_uid"]);
    assert_eq!(first["position"], 2);

    let cancelled_at = Instant::now();
    org.delete(&format!(
        "/v1/management/waiting-room/{}",
        ahead["queue_uid"].as_str().unwrap()
    ))
    .await
    .expect(200);
    let moved = watcher
        .until(Duration::from_secs(1), |m| m["position"] == 1)
        .await;
    let latency = cancelled_at.elapsed();
    assert_eq!(moved["status"], "waiting");
    assert!(latency < Duration::from_secs(1), "{latency:?}");

    // A resync request gets the current view.
    watcher.send("sync").await;
    assert_eq!(watcher.next(Duration::from_secs(5)).await["position"], 1);

    let (doctor, room) = org.create_doctor(&shop, "Dr. Live").await;
    org.allocate(&shop, &doctor).await.expect(200);
    let allocated = watcher
        .until(Duration::from_secs(5), |m| m["status"] == "allocated")
        .await;
    // The socket names no room; its join link is the patient's visit link,
    // which leads into the doctor's room.
    assert_eq!(allocated.get("video_room_id"), None);
    let join = allocated["join_url"].as_str().unwrap();
    assert!(join.starts_with(&format!("{base}/v1/visit/")), "{join}");
    let into = no_redirects().get(join).send().await.unwrap();
    assert_eq!(into.status().as_u16(), 302);
    assert_eq!(location(&into), format!("https://meet.jit.si/{room}"));
    assert!(allocated["allocated_at"].is_string());
    assert_eq!(allocated["position"], Value::Null);
}

async fn watch_token_checked(base: String) {
    let (org, shop) = org_with_shop(&base, "Tokens").await;
    let me = org.register(&shop, "pp-me").await;
    let url = me["watch_url"].as_str().unwrap().to_owned();
    let http_url = url.replacen("ws://", "http://", 1);
    // Without the token, or with a tampered one: 401, and no upgrade.
    let bare = http_url.split('?').next().unwrap().to_owned();
    Api::reply(org.api.http.get(bare.replacen("ws://", "http://", 1)))
        .await
        .expect_error(401, "unauthorized");
    let mut tampered = url.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    assert!(tokio_tungstenite::connect_async(&tampered).await.is_err());
    // The same token works, and a fresh link can be minted for the entry.
    Watcher::connect(&url).await;
    let links = org
        .get(&format!(
            "/v1/management/waiting-room/{}/watch-url",
            me["queue_uid"].as_str().unwrap()
        ))
        .await
        .expect(200);
    let mut again = Watcher::connect(links["watch_url"].as_str().unwrap()).await;
    assert_eq!(
        again.next(Duration::from_secs(5)).await["queue_uid"],
        me["queue_uid"]
    );
    assert!(links["wait_page_url"]
        .as_str()
        .unwrap()
        .contains("/wait#token="));
}

/// The generated document is a static asset, served as JSON at the path
/// the route table gives it.
async fn openapi_is_served(base: String) {
    let resp = reqwest::get(format!("{base}/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "served as {content_type}"
    );
    let doc: Value = resp.json().await.unwrap();
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("web/v1/openapi.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        &doc, &file,
        "the served document is the repository's web/v1/openapi.json"
    );
    assert!(doc["paths"]
        .as_object()
        .unwrap()
        .contains_key("/v1/management/waiting-room/register"));
}

/// State survives a restart of `wrangler dev` on the same state directory.
pub fn restart_keeps_the_queue() -> Result<(), Failed> {
    let state = tempfile::tempdir().unwrap();
    let mut server = Server::start(state.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (org, shop, first, second) = rt.block_on(async {
        let (org, shop) = org_with_shop(&server.base, "Restart").await;
        let first = org.register(&shop, "pp-1").await;
        let second = org.register(&shop, "pp-2").await;
        (org, shop, first, second)
    });
    server.restart();
    rt.block_on(async {
        let org = Org {
            api: Api::new(&server.base),
            ..org.clone()
        };
        assert_eq!(
            org.status(first["queue_uid"].as_str().unwrap()).await["position"],
            1
        );
        assert_eq!(
            org.status(second["queue_uid"].as_str().unwrap()).await["position"],
            2
        );
        let watch = second["watch_url"].as_str().unwrap();
        let port_free_url = watch.replace(
            &watch[..watch.find("/v1/").unwrap()],
            &server.base.replacen("http://", "ws://", 1),
        );
        let mut w = Watcher::connect(&port_free_url).await;
        assert_eq!(w.next(Duration::from_secs(5)).await["position"], 2);
    });

    // A restart in the middle of a webhook delivery loses nothing: the
    // endpoint never answers the first attempt, wrangler dev is killed
    // while it is in flight, and after the restart the cron (which runs
    // every minute in production) wakes the notifier, which delivers both
    // pending events from D1.
    let receiver = rt.block_on(Receiver::start(vec![0, 200]));
    let (org, sub) = rt.block_on(async {
        let org = Org {
            api: Api::new(&server.base),
            ..org
        };
        let sub = org
            .post(
                "/v1/management/webhook-subscriptions",
                json!({ "url": receiver.url, "event_types": ["WAITING_ROOM_REGISTERED"] }),
            )
            .await
            .expect(201)["subscription_id"]
            .as_str()
            .unwrap()
            .to_owned();
        org.register(&shop, "pp-3").await;
        org.register(&shop, "pp-4").await;
        assert_eq!(
            receiver.wait_for(1, 20).await.len(),
            1,
            "first attempt sent"
        );
        (org, sub)
    });
    let in_flight = receiver.all()[0].headers["webhook-id"].clone();
    server.restart();
    rt.block_on(async {
        let org = Org {
            api: Api::new(&server.base),
            ..org
        };
        let cron = reqwest::get(format!("{}/__scheduled?cron=*+*+*+*+*", server.base))
            .await
            .unwrap();
        assert!(cron.status().is_success());
        let log = format!("/v1/management/webhook-subscriptions/{sub}/deliveries");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        let statuses = loop {
            let listed = org.get(&log).await.expect(200);
            let statuses: Vec<String> = listed["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["status"].as_str().unwrap().to_owned())
                .collect();
            if statuses.iter().all(|s| s == "delivered") || tokio::time::Instant::now() > deadline {
                break statuses;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        assert_eq!(statuses, vec!["delivered", "delivered"]);
        let got = receiver.all();
        assert!(
            got[1..]
                .iter()
                .any(|r| r.headers["webhook-id"] == in_flight),
            "the interrupted delivery was sent again after the restart"
        );
    });
    Ok(())
}

/// The wait page in headless Chromium (tests/browser/wait_page.mjs).
pub fn browser_wait_page(base: &str) -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (org, shop) = rt.block_on(org_with_shop(base, "Browser"));
    frontdesk_tests::browser::run(
        "wait_page.mjs",
        &[
            ("FRONTDESK_URL", base),
            ("FRONTDESK_API_KEY", &org.key),
            ("FRONTDESK_SHOP_UID", &shop.shop_uid),
        ],
    )
    .map_err(Failed::from)
}

// ---------------------------------------------------------------------------
// Visit links, rooms and watch sockets (hardening items 4 and 7).

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// An HTTP client that shows redirects instead of following them.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()["location"].to_str().unwrap().to_owned()
}

/// The bare socket URL and the token of a registration's `watch_url`.
fn split_watch_url(reg: &Value) -> (String, String) {
    let url = reg["watch_url"].as_str().unwrap();
    let (bare, token) = url.split_once("?token=").unwrap();
    (bare.to_owned(), token.to_owned())
}

/// Opens a watch socket with the token as a subprotocol, as the wait page
/// does; returns the socket and the protocol the server chose.
async fn open_with_protocol(
    bare_url: &str,
    token: &str,
) -> Result<(Socket, Option<String>), tokio_tungstenite::tungstenite::Error> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;
    let mut req = bare_url.into_client_request().unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        HeaderValue::from_str(&format!("frontdesk.watch, {token}")).unwrap(),
    );
    let (ws, resp) = tokio_tungstenite::connect_async(req).await?;
    assert_eq!(resp.status().as_u16(), 101);
    let chosen = resp
        .headers()
        .get("Sec-WebSocket-Protocol")
        .map(|v| v.to_str().unwrap().to_owned());
    Ok((ws, chosen))
}

/// The HTTP status a refused upgrade was answered with.
fn refused_status(e: tokio_tungstenite::tungstenite::Error) -> u16 {
    match e {
        tokio_tungstenite::tungstenite::Error::Http(resp) => resp.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other:?}"),
    }
}

/// What a socket receives until it is closed: its entry messages and the
/// close code. Panics if it stays open past `within`.
async fn until_closed(ws: &mut Socket, within: Duration) -> (Vec<Value>, u16) {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + within;
    let mut messages = Vec::new();
    loop {
        let next = tokio::time::timeout_at(deadline, ws.next())
            .await
            .expect("the socket is closed in time");
        match next {
            Some(Ok(Message::Text(text))) => messages.push(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Close(frame))) => {
                return (messages, frame.map(|f| u16::from(f.code)).unwrap_or(1005))
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("socket error before a close frame: {e}"),
            None => panic!("socket ended without a close frame"),
        }
    }
}

/// The next text message, or `None` if nothing comes within `within`.
async fn next_message(ws: &mut Socket, within: Duration) -> Option<Value> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return None,
            Ok(Some(Ok(Message::Text(text)))) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

async fn send_text(ws: &mut Socket, text: &str) {
    use futures_util::SinkExt;
    // A socket the server has closed may refuse; that is for the caller to see.
    let _ = ws
        .send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
        .await;
}

/// Before allocation the visit link shows the wait page (which works live),
/// while allocated it leads into the room, and afterwards it is gone. The
/// doctor's link always opens the room.
async fn visit_link_follows_the_visit(base: String) {
    let (org, shop) = org_with_shop(&base, "Visit links").await;
    let (doctor, room) = org.create_doctor(&shop, "Dr. Visit").await;
    let me = org.register(&shop, "pp-visit").await;
    let visit_url = me["visit_url"].as_str().unwrap().to_owned();
    assert!(
        visit_url.starts_with(&format!("{base}/v1/visit/")),
        "{visit_url}"
    );
    let http = no_redirects();

    // Waiting: the wait page, with a token that opens a live socket.
    let r = http.get(&visit_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let wait_page = location(&r);
    let (page, token) = wait_page.split_once("#token=").unwrap();
    assert_eq!(page, format!("{base}/wait"));
    let html = reqwest::get(page).await.unwrap();
    assert_eq!(html.status().as_u16(), 200);
    let (bare, _) = split_watch_url(&me);
    let (mut ws, _) = open_with_protocol(&bare, token).await.unwrap();
    let first = next_message(&mut ws, Duration::from_secs(5)).await.unwrap();
    assert_eq!(first["status"], "waiting");
    assert_eq!(first["queue_uid"], me["queue_uid"]);

    // Allocated: the patient's link leads into the doctor's room; the
    // integrator's status still names the room (seed 000).
    let allocated = org.allocate(&shop, &doctor).await.expect(200);
    assert_eq!(allocated["video_room_id"], room.as_str());
    let doctor_url = allocated["join_url"].as_str().unwrap().to_owned();
    assert!(
        doctor_url.starts_with(&format!("{base}/v1/visit/")),
        "{doctor_url}"
    );
    assert_ne!(doctor_url, visit_url);
    let r = http.get(&visit_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    assert_eq!(location(&r), format!("https://meet.jit.si/{room}"));
    let r = http.get(&doctor_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    assert_eq!(location(&r), format!("https://meet.jit.si/{room}"));
    let live = loop {
        let m = next_message(&mut ws, Duration::from_secs(5)).await.unwrap();
        if m["status"] == "allocated" {
            break m;
        }
    };
    assert_eq!(live.get("video_room_id"), None);
    assert!(
        !live.to_string().contains(&room),
        "the socket names the room: {live}"
    );
    let status = org.status(me["queue_uid"].as_str().unwrap()).await;
    assert_eq!(status["video_room_id"], room.as_str());

    // Completed: the patient's link is gone; the doctor's still opens the room.
    org.complete(me["queue_uid"].as_str().unwrap())
        .await
        .expect(200);
    let gone = Api::reply(http.get(&visit_url))
        .await
        .expect_error(410, "gone");
    assert!(gone["message"].as_str().unwrap().contains("ended"));
    let r = http.get(&doctor_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 302);
    assert_eq!(location(&r), format!("https://meet.jit.si/{room}"));

    // A tampered link is refused.
    let mut tampered = visit_url.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    Api::reply(http.get(&tampered))
        .await
        .expect_error(401, "unauthorized");
}

fn booking_claims(sub: &str) -> frontdesk_core::booking_token::Claims {
    let now = chrono::Utc::now().timestamp();
    frontdesk_core::booking_token::Claims {
        sub: sub.into(),
        aud: frontdesk_core::booking_token::AUDIENCE.into(),
        iat: now,
        exp: now + 300,
        nbf: None,
        jti: Some(format!(
            "{sub}-{}",
            chrono::Utc::now().timestamp_nanos_opt().unwrap()
        )),
        ..Default::default()
    }
}

/// The booking API's responses and the watch socket never carry a room's
/// name or address; the management view of the same appointment does.
async fn patient_surfaces_never_name_a_room(base: String) {
    let clinic = Clinic::new(&base, "No rooms for patients", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let secret = clinic
        .org
        .post("/v1/management/booking-secrets", json!({ "name": "shop" }))
        .await
        .expect(201);
    let (key_id, value) = (
        secret["key_id"].as_str().unwrap().to_owned(),
        secret["secret"].as_str().unwrap().to_owned(),
    );
    let as_patient = |method: Method, path: String, body: Option<Value>| {
        let token = frontdesk_core::booking_token::mint(
            &key_id,
            value.as_bytes(),
            &booking_claims("customer-rooms"),
        );
        let mut req = clinic
            .org
            .api
            .http
            .request(method, format!("{base}{path}"))
            .bearer_auth(token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        Api::reply(req)
    };
    let assert_no_room = |what: &str, body: &Value| {
        let text = body.to_string();
        for needle in ["video_room_id", "join_url", "fd-room-", "meet.jit.si"] {
            assert!(!text.contains(needle), "{what} shows {needle}: {text}");
        }
    };
    let booked = as_patient(
        Method::POST,
        "/v1/booking/appointments".into(),
        Some(json!({
            "shop_uid": clinic.shop.shop_uid,
            "doctor_uid": clinic.doctors[0].0,
            "appointment_type_uid": type_uid,
            "start": clinic.at(3, 9, 0),
            "payment_mode": "at_clinic",
            "status": "confirmed",
        })),
    )
    .await
    .expect(201);
    assert_no_room("booking", &booked);
    let uid = booked["appointment_uid"].as_str().unwrap().to_owned();
    let one = as_patient(Method::GET, format!("/v1/booking/appointments/{uid}"), None)
        .await
        .expect(200);
    assert_eq!(one["status"], "confirmed");
    assert_no_room("one appointment", &one);
    // The listing is the read model, a moment behind the booking.
    let mine = settled(
        || async {
            as_patient(Method::GET, "/v1/booking/appointments".into(), None)
                .await
                .expect(200)
        },
        |m| m["data"].as_array().is_some_and(|d| d.len() == 1),
    )
    .await;
    assert_eq!(mine["data"].as_array().unwrap().len(), 1);
    assert_no_room("my appointments", &mine);
    let moved = as_patient(
        Method::POST,
        format!("/v1/booking/appointments/{uid}/rebook"),
        Some(json!({ "start": clinic.at(4, 10, 0) })),
    )
    .await
    .expect(201);
    assert_no_room("rebooking", &moved);
    let moved_uid = moved["appointment_uid"].as_str().unwrap().to_owned();
    let cancelled = as_patient(
        Method::POST,
        format!("/v1/booking/appointments/{moved_uid}/cancel"),
        Some(json!({ "reason": "cannot make it" })),
    )
    .await
    .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert_no_room("cancellation", &cancelled);
    // Error bodies pass through untouched.
    as_patient(
        Method::GET,
        "/v1/booking/appointments/apt_nope".into(),
        None,
    )
    .await
    .expect_error(404, "not_found");
    // The clinic's own view keeps the room (integrator-facing).
    let admin = clinic
        .org
        .get(&format!("/v1/management/appointments/{moved_uid}"))
        .await
        .expect(200);
    assert!(admin["video_room_id"]
        .as_str()
        .unwrap()
        .starts_with("fd-room-"));
}

/// `per_visit` gives every visit a room of its own; the setting is an
/// admin's, checked and audited.
async fn per_visit_rooms_differ(base: String) {
    let (org, shop) = org_with_shop(&base, "Per-visit rooms").await;
    let (doctor, persistent) = org.create_doctor(&shop, "Dr. Fresh").await;
    let settings = "/v1/management/organization/settings";
    assert_eq!(
        org.get(settings).await.expect(200),
        json!({ "meeting_rooms": "persistent_per_provider" })
    );
    let e = org
        .put(settings, json!({ "meeting_rooms": "shared" }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "meeting_rooms");
    org.put(settings, json!({}))
        .await
        .expect_error(400, "invalid_request");
    let limited = org.key_with(&["waiting_room:write"]).await;
    org.api
        .call(
            Method::PUT,
            settings,
            Some(&limited),
            Some(json!({ "meeting_rooms": "per_visit" })),
        )
        .await
        .expect_error(403, "missing_scope");
    assert_eq!(
        org.get(settings).await.expect(200)["meeting_rooms"],
        "persistent_per_provider",
        "refused requests changed nothing"
    );
    assert_eq!(
        org.put(settings, json!({ "meeting_rooms": "per_visit" }))
            .await
            .expect(200),
        json!({ "meeting_rooms": "per_visit" })
    );
    let audit = org.get("/v1/management/audit-log").await.expect(200);
    assert!(
        audit["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "organization.settings.updated"),
        "{audit}"
    );

    let http = no_redirects();
    let mut rooms = HashSet::new();
    for i in 0..2 {
        let reg = org.register(&shop, &format!("pp-fresh-{i}")).await;
        let got = org.allocate(&shop, &doctor).await.expect(200);
        assert_eq!(got["queue_uid"], reg["queue_uid"]);
        let room = got["video_room_id"].as_str().unwrap().to_owned();
        assert!(room.starts_with("fd-room-"));
        assert_ne!(room, persistent, "a per-visit room is not the doctor's");
        let r = http
            .get(reg["visit_url"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), format!("https://meet.jit.si/{room}"));
        org.complete(got["queue_uid"].as_str().unwrap())
            .await
            .expect(200);
        rooms.insert(room);
    }
    assert_eq!(rooms.len(), 2, "each visit had its own room");
}

/// Forty sockets on one entry: only the newest few stay open, and the
/// older ones are closed with 4001.
async fn sockets_per_entry_are_capped(base: String) {
    let (org, shop) = org_with_shop(&base, "Socket cap").await;
    let me = org.register(&shop, "pp-tabs").await;
    let (bare, token) = split_watch_url(&me);
    let mut sockets = Vec::new();
    for _ in 0..40 {
        let (ws, _) = open_with_protocol(&bare, &token).await.unwrap();
        sockets.push(ws);
    }
    let keep = frontdesk_core::watch::MAX_SOCKETS_PER_ENTRY;
    let (old, newest) = sockets.split_at_mut(40 - keep);
    for ws in old.iter_mut() {
        let (_, code) = until_closed(ws, Duration::from_secs(10)).await;
        assert_eq!(code, frontdesk_core::watch::CLOSE_REPLACED);
    }
    for ws in newest.iter_mut() {
        // Its first view, then an answer to a resync: it is open.
        assert!(next_message(ws, Duration::from_secs(5)).await.is_some());
        send_text(ws, "sync").await;
        let answer = next_message(ws, Duration::from_secs(5)).await;
        assert_eq!(answer.unwrap()["queue_uid"], me["queue_uid"]);
    }
}

/// A socket that floods gets a handful of answers, then is closed with a
/// policy violation; the entry can still be watched.
async fn message_flood_is_limited(base: String) {
    let (org, shop) = org_with_shop(&base, "Flood").await;
    let me = org.register(&shop, "pp-flood").await;
    let (bare, token) = split_watch_url(&me);
    let (mut ws, _) = open_with_protocol(&bare, &token).await.unwrap();
    assert!(next_message(&mut ws, Duration::from_secs(5))
        .await
        .is_some());
    for _ in 0..200 {
        send_text(&mut ws, "sync").await;
    }
    let (answers, code) = until_closed(&mut ws, Duration::from_secs(20)).await;
    assert_eq!(code, frontdesk_core::watch::CLOSE_POLICY);
    let burst = frontdesk_core::watch::MESSAGE_BURST as usize;
    assert!(
        answers.len() <= burst + 2,
        "{} answers to a flood of 200",
        answers.len()
    );
    assert!(answers.len() >= burst.min(5), "the first few were answered");
    let (mut again, _) = open_with_protocol(&bare, &token).await.unwrap();
    assert!(next_message(&mut again, Duration::from_secs(5))
        .await
        .is_some());
}

/// Completion and cancellation send each socket a final view and close it
/// (1000); the token then opens nothing (410).
async fn visit_end_closes_sockets(base: String) {
    let (org, shop) = org_with_shop(&base, "Visit end").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr. End").await;
    let done = org.register(&shop, "pp-done").await;
    let left = org.register(&shop, "pp-left").await;
    let (bare, done_token) = split_watch_url(&done);
    let (_, left_token) = split_watch_url(&left);
    let mut done_sockets = Vec::new();
    for _ in 0..2 {
        let (mut ws, _) = open_with_protocol(&bare, &done_token).await.unwrap();
        next_message(&mut ws, Duration::from_secs(5)).await.unwrap();
        done_sockets.push(ws);
    }
    let (mut left_ws, _) = open_with_protocol(&bare, &left_token).await.unwrap();
    next_message(&mut left_ws, Duration::from_secs(5))
        .await
        .unwrap();

    let q = org.allocate(&shop, &doctor).await.expect(200)["queue_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(q, done["queue_uid"].as_str().unwrap());
    org.complete(&q).await.expect(200);
    for ws in done_sockets.iter_mut() {
        let (messages, code) = until_closed(ws, Duration::from_secs(10)).await;
        let last = messages.last().expect("a final message before the close");
        assert_eq!(last["status"], "completed");
        assert_eq!(last["final"], true);
        assert_eq!(code, 1000);
    }
    let refused = open_with_protocol(&bare, &done_token).await.err().unwrap();
    assert_eq!(refused_status(refused), 410);
    let refused = tokio_tungstenite::connect_async(done["watch_url"].as_str().unwrap())
        .await
        .err()
        .unwrap();
    assert_eq!(refused_status(refused), 410, "the query form too");
    // The wait page's plain-HTTP check of a refused link sees 410 too.
    Api::reply(
        org.api
            .http
            .get(bare.replacen("ws://", "http://", 1))
            .bearer_auth(&done_token),
    )
    .await
    .expect_error(410, "gone");

    org.delete(&format!(
        "/v1/management/waiting-room/{}",
        left["queue_uid"].as_str().unwrap()
    ))
    .await
    .expect(200);
    let (messages, code) = until_closed(&mut left_ws, Duration::from_secs(10)).await;
    assert_eq!(messages.last().unwrap()["status"], "cancelled");
    assert_eq!(messages.last().unwrap()["final"], true);
    assert_eq!(code, 1000);
    let refused = open_with_protocol(&bare, &left_token).await.err().unwrap();
    assert_eq!(refused_status(refused), 410);
}

/// The token rides in `Sec-WebSocket-Protocol`; the 101 echoes
/// `frontdesk.watch`. The old query form still works.
async fn token_in_protocol_header(base: String) {
    let (org, shop) = org_with_shop(&base, "Subprotocol").await;
    let me = org.register(&shop, "pp-proto").await;
    let (bare, token) = split_watch_url(&me);
    let (mut ws, chosen) = open_with_protocol(&bare, &token).await.unwrap();
    assert_eq!(chosen.as_deref(), Some("frontdesk.watch"));
    let first = next_message(&mut ws, Duration::from_secs(5)).await.unwrap();
    assert_eq!(first["queue_uid"], me["queue_uid"]);
    assert_eq!(first["position"], 1);

    let mut tampered = token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let refused = open_with_protocol(&bare, &tampered).await.err().unwrap();
    assert_eq!(refused_status(refused), 401);
    let refused = tokio_tungstenite::connect_async(bare.as_str())
        .await
        .err()
        .unwrap();
    assert_eq!(refused_status(refused), 401, "no token at all");

    let (old, resp) = tokio_tungstenite::connect_async(me["watch_url"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 101);
    assert!(resp.headers().get("Sec-WebSocket-Protocol").is_none());
    drop(old);
    // A bearer token on plain HTTP is checked like the others.
    Api::reply(
        org.api
            .http
            .get(bare.replacen("ws://", "http://", 1))
            .bearer_auth(&token),
    )
    .await
    .expect_error(400, "websocket_expected");
    Api::reply(
        org.api
            .http
            .get(bare.replacen("ws://", "http://", 1))
            .bearer_auth(&tampered),
    )
    .await
    .expect_error(401, "unauthorized");
}

/// Decodes a JWT's header and claims, and returns its signing input and
/// signature too.
fn jwt_parts(jwt: &str) -> (Value, Value, String, Vec<u8>) {
    use data_encoding::BASE64URL_NOPAD;
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    let decode = |p: &str| -> Value {
        serde_json::from_slice(&BASE64URL_NOPAD.decode(p.as_bytes()).unwrap()).unwrap()
    };
    (
        decode(parts[0]),
        decode(parts[1]),
        format!("{}.{}", parts[0], parts[1]),
        BASE64URL_NOPAD.decode(parts[2].as_bytes()).unwrap(),
    )
}

/// Registers and allocates one visit on `server`; returns the room and the
/// redirects of the patient's and the doctor's links.
async fn allocated_visit(base: &str) -> (String, String, String) {
    let (org, shop) = org_with_shop(base, "Jitsi tokens").await;
    let (doctor, room) = org.create_doctor(&shop, "Dr. Token").await;
    let reg = org.register(&shop, "pp-jwt").await;
    let allocated = org.allocate(&shop, &doctor).await.expect(200);
    let http = no_redirects();
    let mut follow = Vec::new();
    for link in [
        reg["visit_url"].as_str().unwrap(),
        allocated["join_url"].as_str().unwrap(),
    ] {
        let r = http.get(link).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 302);
        follow.push(location(&r));
    }
    (room, follow.remove(0), follow.remove(0))
}

/// With Jitsi token authentication configured, the visit redirect carries a
/// short-lived room-scoped JWT: HS256 for a self-hosted Jitsi (checked with
/// the shared secret), RS256 for JaaS (checked with the public key).
pub fn jitsi_tokens_on_visit_redirects() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let now = chrono::Utc::now().timestamp();

    let state = tempfile::tempdir().unwrap();
    let server = Server::start(
        state.path(),
        &[
            ("JITSI_BASE_URL", "https://meet.example.test"),
            ("JITSI_AUTH", "hs256"),
            ("JITSI_APP_ID", "frontdesk-test"),
            ("JITSI_APP_SECRET", "jitsi-test-secret-0123456789abcdef"),
        ],
    );
    let (room, patient, doctor) = rt.block_on(allocated_visit(&server.base));
    drop(server);
    for (url, moderator) in [(patient, false), (doctor, true)] {
        let (at, jwt) = url.split_once("?jwt=").expect("a jwt on the redirect");
        assert_eq!(at, format!("https://meet.example.test/{room}"));
        let (header, claims, input, sig) = jwt_parts(jwt);
        assert_eq!(header["alg"], "HS256");
        let mut mac =
            Hmac::<Sha256>::new_from_slice(b"jitsi-test-secret-0123456789abcdef").unwrap();
        mac.update(input.as_bytes());
        mac.verify_slice(&sig).map_err(|_| "HS256 signature")?;
        assert_eq!(claims["iss"], "frontdesk-test");
        assert_eq!(claims["aud"], "jitsi");
        assert_eq!(claims["room"], room.as_str());
        assert_eq!(claims["context"]["user"]["moderator"], moderator);
        let exp = claims["exp"].as_i64().unwrap();
        assert!(
            exp > now && exp <= now + 3600 + 120,
            "short-lived: {claims}"
        );
    }

    let state = tempfile::tempdir().unwrap();
    let pem =
        std::fs::read_to_string(repo_root().join("tests/fixtures/jitsi_test_key.pem")).unwrap();
    // Line breaks written as `\n`, as a one-line secret store keeps them.
    let one_line = pem.trim_end().replace('\n', "\\n");
    let server = Server::start(
        state.path(),
        &[
            ("JITSI_BASE_URL", "https://8x8.vc/vpaas-magic-cookie-test"),
            ("JITSI_AUTH", "rs256"),
            ("JITSI_APP_ID", "vpaas-magic-cookie-test"),
            ("JITSI_KID", "vpaas-magic-cookie-test/k1"),
            ("JITSI_PRIVATE_KEY", &one_line),
        ],
    );
    let (room, patient, doctor) = rt.block_on(allocated_visit(&server.base));
    drop(server);
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::signature::Verifier;
    let public = rsa::PrivateKey::from_pkcs8_pem(&pem)
        .unwrap()
        .to_public_key();
    let verifier = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(public);
    for (url, moderator) in [(patient, "false"), (doctor, "true")] {
        let (at, jwt) = url.split_once("?jwt=").expect("a jwt on the redirect");
        assert_eq!(at, format!("https://8x8.vc/vpaas-magic-cookie-test/{room}"));
        let (header, claims, input, sig) = jwt_parts(jwt);
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], "vpaas-magic-cookie-test/k1");
        let sig = rsa::pkcs1v15::Signature::try_from(sig.as_slice()).unwrap();
        verifier
            .verify(input.as_bytes(), &sig)
            .map_err(|_| "RS256 signature")?;
        assert_eq!(claims["sub"], "vpaas-magic-cookie-test");
        assert_eq!(claims["room"], room.as_str());
        assert_eq!(claims["context"]["user"]["moderator"], moderator);
    }
    Ok(())
}

/// Seed 002's workflow in a shop with an intake step: a medical assistant's
/// key takes the patient in and hands them on, a doctor's key takes them
/// for the exam, and the patient's watcher sees every stage. Moves the
/// workflow does not allow are 409 and change nothing.
async fn intake_then_exam(base: String) {
    let (org, shop) = org_with_shop(&base, "Intake").await;
    let (doctor, room) = org.create_doctor(&shop, "Dr. Exam").await;
    let workflow = format!("/v1/management/shops/{}/workflow", shop.shop_uid);
    assert_eq!(org.get(&workflow).await.expect(200)["intake_step"], false);
    // Without the step there is nothing to take in.
    let assistant = org
        .key_with(&["waiting_room:read", "waiting_room:write"])
        .await;
    let take = json!({ "shop_uid": shop.shop_uid });
    let intake = || {
        org.api.call(
            Method::POST,
            "/v1/management/waiting-room/intake",
            Some(&assistant),
            Some(take.clone()),
        )
    };
    intake().await.expect_error(409, "no_intake_step");
    // Only an admin turns it on.
    org.api
        .call(
            Method::PUT,
            &workflow,
            Some(&assistant),
            Some(json!({ "intake_step": true })),
        )
        .await
        .expect_error(403, "missing_scope");
    org.put(&workflow, json!({ "intake_step": "yes" }))
        .await
        .expect_error(400, "invalid_request");
    let on = org
        .put(&workflow, json!({ "intake_step": true }))
        .await
        .expect(200);
    let receiver = Receiver::start(vec![200]).await;
    org.post(
        "/v1/management/webhook-subscriptions",
        json!({ "url": receiver.url, "event_types": ["VISIT_STAGE_CHANGED"] }),
    )
    .await
    .expect(201);
    assert_eq!(
        on,
        json!({ "shop_uid": shop.shop_uid, "intake_step": true, "free_duration": false })
    );

    let doctor_key: String = org
        .post(
            "/v1/management/api-keys",
            json!({ "name": "doctor", "scopes": ["waiting_room:write"], "doctor_uid": doctor }),
        )
        .await
        .expect(201)["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = org.register(&shop, "pp-first").await;
    let me = org.register(&shop, "pp-me").await;
    let me_uid = me["queue_uid"].as_str().unwrap().to_owned();
    assert_eq!(me["position"], 2);
    let mut watcher = Watcher::connect(me["watch_url"].as_str().unwrap()).await;
    let seen = watcher.next(Duration::from_secs(5)).await;
    assert_eq!(seen["stage"], "in progress.intake.ready");
    assert_eq!(seen["call_status"], "waiting");
    assert_eq!(seen["waiting_for"], "intake");
    assert_eq!(seen["position"], 2);

    // A doctor cannot take a patient who still waits for intake.
    org.api
        .call(
            Method::POST,
            "/v1/management/waiting-room/allocate",
            Some(&doctor_key),
            Some(json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor })),
        )
        .await
        .expect(204);
    // Nor can intake be finished before it started.
    let step = |uid: &str| format!("/v1/management/waiting-room/{uid}/step");
    let my_step = step(&me_uid);
    step_by(&org, &assistant, &my_step, "finish_intake")
        .await
        .expect_error(409, "invalid_transition");
    step_by(&org, &assistant, &my_step, "teleport")
        .await
        .expect_error(400, "invalid_request");

    // The assistant takes the first patient; the watcher moves up.
    let taken = intake().await.expect(200);
    assert_eq!(taken["queue_uid"], first["queue_uid"]);
    assert_eq!(taken["stage"], "in progress.intake.progress");
    assert_eq!(taken["call_status"], "on call");
    // One at a time.
    intake().await.expect_error(409, "assistant_busy");
    let moved = watcher
        .until(Duration::from_secs(5), |m| m["position"] == 1)
        .await;
    assert_eq!(moved["stage"], "in progress.intake.ready");
    // The first patient leaves during intake: seen, not finished.
    org.delete(&format!(
        "/v1/management/waiting-room/{}",
        first["queue_uid"].as_str().unwrap()
    ))
    .await
    .expect(200);
    let first_status = org.status(first["queue_uid"].as_str().unwrap()).await;
    assert_eq!(first_status["stage"], "cancelled");
    assert_eq!(first_status["call_status"], "incomplete");

    // Now me: intake, in a room the assistant's link and mine both open.
    let taken = intake().await.expect(200);
    assert_eq!(taken["queue_uid"], me_uid.as_str());
    let intake_room = taken["video_room_id"].as_str().unwrap().to_owned();
    assert_ne!(intake_room, room, "intake is not in the doctor's room");
    let in_intake = watcher
        .until(Duration::from_secs(5), |m| {
            m["stage"] == "in progress.intake.progress"
        })
        .await;
    assert_eq!(in_intake["status"], "allocated");
    assert_eq!(in_intake["call_status"], "on call");
    let patient_link = in_intake["join_url"].as_str().unwrap().to_owned();
    for link in [patient_link.as_str(), taken["join_url"].as_str().unwrap()] {
        let into = no_redirects().get(link).send().await.unwrap();
        assert_eq!(into.status().as_u16(), 302, "{link}");
        assert_eq!(
            location(&into),
            format!("https://meet.jit.si/{intake_room}")
        );
    }
    // The assistant cannot complete the visit: that is the doctor's.
    org.complete(&me_uid)
        .await
        .expect_error(409, "invalid_transition");
    let held = step_by(&org, &assistant, &my_step, "hold")
        .await
        .expect(200);
    assert_eq!(held["call_status"], "on hold");
    watcher
        .until(Duration::from_secs(5), |m| m["call_status"] == "on hold")
        .await;

    // Handed on: waiting for a doctor, behind nobody.
    let handed = step_by(&org, &assistant, &my_step, "finish_intake")
        .await
        .expect(200);
    assert_eq!(handed["stage"], "in progress.exam.ready");
    assert_eq!(handed["status"], "waiting");
    assert_eq!(handed["waiting_for"], "exam");
    assert_eq!(handed["position"], 1);
    assert_eq!(handed["video_room_id"], Value::Null);
    let waiting = watcher
        .until(Duration::from_secs(5), |m| {
            m["stage"] == "in progress.exam.ready"
        })
        .await;
    assert_eq!(waiting["waiting_for"], "exam");
    assert_eq!(waiting["position"], 1);
    assert_eq!(waiting["join_url"], Value::Null);
    let wait_page = no_redirects().get(&patient_link).send().await.unwrap();
    assert_eq!(
        wait_page.status().as_u16(),
        303,
        "waiting again: the wait page"
    );

    // The doctor's key takes them for the exam, in the doctor's room.
    let exam = org
        .api
        .call(
            Method::POST,
            "/v1/management/waiting-room/allocate",
            Some(&doctor_key),
            Some(json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor })),
        )
        .await
        .expect(200);
    assert_eq!(exam["queue_uid"], me_uid.as_str());
    assert_eq!(exam["stage"], "in progress.exam.progress");
    let in_exam = watcher
        .until(Duration::from_secs(5), |m| {
            m["stage"] == "in progress.exam.progress"
        })
        .await;
    assert_eq!(in_exam["call_status"], "on call");
    let into = no_redirects().get(&patient_link).send().await.unwrap();
    assert_eq!(location(&into), format!("https://meet.jit.si/{room}"));

    // Discharge, then completion: the socket's last message.
    for (step_name, stage) in [
        ("discharge", "discharge.ready"),
        ("start_discharge", "discharge.progress"),
    ] {
        let moved = step_by(&org, &doctor_key, &my_step, step_name)
            .await
            .expect(200);
        assert_eq!(moved["stage"], stage);
        assert_eq!(moved["call_status"], "finalizing");
        watcher
            .until(Duration::from_secs(5), |m| m["stage"] == stage)
            .await;
    }
    org.api
        .call(
            Method::POST,
            &format!("/v1/management/waiting-room/{me_uid}/complete"),
            Some(&doctor_key),
            None,
        )
        .await
        .expect(200);
    let last = watcher
        .until(Duration::from_secs(5), |m| m["stage"] == "completed")
        .await;
    assert_eq!(last["call_status"], "complete");
    assert_eq!(last["final"], true);
    let signed = org
        .post(&step(&me_uid), json!({ "step": "sign_off" }))
        .await
        .expect(200);
    assert_eq!(signed["stage"], "sign off");
    assert_eq!(signed["status"], "completed");
    // Signed once.
    org.post(&step(&me_uid), json!({ "step": "sign_off" }))
        .await
        .expect_error(409, "invalid_transition");

    // Each move was published, in order, and audited.
    let stages = settled(
        || async {
            org.get("/v1/management/audit-log?limit=100")
                .await
                .expect(200)["data"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["target"] == me_uid.as_str())
                .filter_map(|e| e["action"].as_str().map(str::to_owned))
                .collect::<Vec<_>>()
        },
        |actions: &Vec<String>| actions.iter().any(|a| a == "visit.stage:sign off"),
    )
    .await;
    for action in [
        "waiting_room.intake_started",
        "visit.stage:in progress.intake.progress",
        "visit.stage:in progress.exam.ready",
        "waiting_room.allocated",
        "visit.stage:discharge.ready",
        "visit.stage:sign off",
    ] {
        assert!(stages.iter().any(|a| a == action), "{action} in {stages:?}");
    }

    // One VISIT_STAGE_CHANGED per move, from each stage to the next.
    let expected = [
        ("arrived", "in progress.intake.ready", "waiting"),
        (
            "in progress.intake.ready",
            "in progress.intake.progress",
            "on call",
        ),
        (
            "in progress.intake.progress",
            "in progress.intake.progress",
            "on hold",
        ),
        (
            "in progress.intake.progress",
            "in progress.exam.ready",
            "on hold",
        ),
        (
            "in progress.exam.ready",
            "in progress.exam.progress",
            "on call",
        ),
        ("in progress.exam.progress", "discharge.ready", "finalizing"),
        ("discharge.ready", "discharge.progress", "finalizing"),
        ("discharge.progress", "completed", "complete"),
        ("completed", "sign off", "complete"),
    ];
    // The first patient's three moves come too (queued, taken in, left).
    let got = receiver.wait_for(expected.len() + 3, 30).await;
    assert_eq!(got.len(), expected.len() + 3);
    let mut mine: Vec<(i64, (String, String, String))> = got
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap())
        .filter(|e| e["data"]["queue_uid"] == me_uid.as_str())
        .map(|e| {
            let d = &e["data"];
            let at = chrono::DateTime::parse_from_rfc3339(e["occurred_at"].as_str().unwrap())
                .unwrap()
                .timestamp_millis();
            let text = |k: &str| d[k].as_str().unwrap().to_owned();
            (at, (text("from_stage"), text("stage"), text("call_status")))
        })
        .collect();
    mine.sort_by_key(|(at, _)| *at);
    let mine: Vec<(String, String, String)> = mine.into_iter().map(|(_, m)| m).collect();
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(mine, expected);

    // Another organisation sees none of it.
    let other = Api::new(&base).create_org("Other intake").await;
    other
        .post(&step(&me_uid), json!({ "step": "sign_off" }))
        .await
        .expect_error(404, "not_found");
    other.get(&workflow).await.expect_error(404, "not_found");
    other
        .post("/v1/management/waiting-room/intake", take)
        .await
        .expect_error(404, "not_found");
}

/// Moves a visit by the workflow step `name`, with `key`.
async fn step_by(org: &Org, key: &str, path: &str, name: &str) -> frontdesk_tests::client::Reply {
    org.api
        .call(Method::POST, path, Some(key), Some(json!({ "step": name })))
        .await
}
