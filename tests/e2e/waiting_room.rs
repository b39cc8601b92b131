//! The waiting room of seed 000, its doctor side, tenancy, and live watching.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontdesk_tests::client::{Api, Org, Watcher};
use frontdesk_tests::receiver::Receiver;
use frontdesk_tests::server::{repo_root, Server};
use libtest_mimic::{Failed, Trial};
use reqwest::Method;
use serde_json::{json, Value};

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
        assert!(got["join_url"].as_str().unwrap().ends_with(&room_a));
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
    assert_eq!(allocated["video_room_id"], room.as_str());
    assert!(allocated["join_url"].as_str().unwrap().ends_with(&room));
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
    Api::reply(org.api.http.get(&bare))
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

async fn openapi_is_served(base: String) {
    let api = Api::new(&base);
    let doc = api
        .call(Method::GET, "/v1/openapi.json", None, None)
        .await
        .expect(200);
    let served = doc["paths"].as_object().unwrap();
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join("openapi.json")).unwrap())
            .unwrap();
    assert_eq!(
        &doc, &file,
        "the served document is the repository's openapi.json"
    );
    assert!(served.contains_key("/v1/management/waiting-room/register"));
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
    let out = std::process::Command::new("node")
        .arg("--test")
        .arg(repo_root().join("tests/browser/wait_page.mjs"))
        .current_dir(repo_root())
        .env("FRONTDESK_URL", base)
        .env("FRONTDESK_API_KEY", &org.key)
        .env("FRONTDESK_SHOP_UID", &shop.shop_uid)
        .output()
        .map_err(|e| Failed::from(format!("could not run node: {e}")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Failed::from(format!(
            "browser test failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )))
    }
}
