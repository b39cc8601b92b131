//! Part e: one cron run with 10,000 upcoming appointments across 50 shops.
//! Half the shops' appointments have a reminder due at once (30 days
//! ahead), the other half one not due yet (an hour ahead), so the first
//! run publishes 5,000 reminders from 25 shops and asks no other shop.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use frontdesk_tests::client::{Clinic, PROXY_RETRIES};
use frontdesk_tests::server::Server;
use futures_util::future::join_all;
use serde_json::json;

use crate::stats::{ms, ratio, Sample, Table};

const SHOPS: usize = 50;
const PER_SHOP: usize = 200;

/// Fires the cron and times it. `wrangler dev`'s proxy re-queues a GET it
/// lost (workers-sdk#14641) until the runtime reloads, which may be never:
/// after a minute the run is sent again (the cron may run twice; a second
/// run finds what the first did not finish) and the retry's time counts.
async fn fire(base: &str) -> Duration {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    loop {
        let started = Instant::now();
        match http
            .get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
            .send()
            .await
        {
            Ok(resp) => {
                assert!(
                    resp.status().is_success(),
                    "the cron run: {}",
                    resp.status()
                );
                return started.elapsed();
            }
            Err(e) if e.is_timeout() => {
                PROXY_RETRIES.fetch_add(1, Ordering::Relaxed);
                crate::step("e: the cron request got no answer in a minute; sent again");
            }
            Err(e) => panic!("the cron request failed: {e}"),
        }
    }
}

/// The shops the last cron run asked for reminders, from its log line.
async fn shops_asked(server: &Server, runs_before: usize) -> usize {
    for _ in 0..50 {
        let log = server.log();
        let lines: Vec<&str> = log.lines().filter(|l| l.contains("cron: asked ")).collect();
        if lines.len() > runs_before {
            let line = lines[lines.len() - 1];
            assert!(line.contains(", 0 failed"), "a cron run failed: {line}");
            let n = line.split("cron: asked ").nth(1).unwrap();
            return n.split(' ').next().unwrap().parse().unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the cron run logged nothing");
}

fn runs_logged(server: &Server) -> usize {
    server.log().matches("cron: asked ").count()
}

pub async fn run(server: &Server, round_trip: Duration) {
    let base = server.base.clone();
    crate::step(&format!(
        "e: booking {} appointments in {SHOPS} shops",
        SHOPS * PER_SHOP
    ));
    let setup = Instant::now();
    // The shops one after another (their setup requests cannot be safely
    // sent again if wrangler dev's proxy loses one in a burst), then every
    // shop's bookings at once, each with an Idempotency-Key.
    let mut clinics = Vec::new();
    for s in 0..SHOPS {
        let clinic = Clinic::new(&base, &format!("Bench cron {s}"), 1, "UTC").await;
        let minutes_before = if s % 2 == 0 { 43_200 } else { 60 };
        let type_uid = clinic
            .create_type(json!({ "name": "Reminded", "duration_minutes": 30,
                "reminders": [{ "recipient": "patient", "minutes_before": minutes_before }] }))
            .await;
        clinics.push((clinic, type_uid));
    }
    join_all(
        clinics
            .iter()
            .enumerate()
            .map(|(s, (clinic, type_uid))| async move {
                for i in 0..PER_SHOP {
                    // 16 slots a day from tomorrow, 09:00-17:00.
                    let (day, slot) = (1 + (i / 16) as i64, (i % 16) as u32);
                    let start = clinic.at(day, 9 + slot / 2, (slot % 2) * 30);
                    let mut body = clinic.booking(0, type_uid, &start, &format!("pp-e{i}"));
                    body["status"] = json!("confirmed");
                    clinic
                        .org
                        .post_with_key(
                            "/v1/management/appointments",
                            body,
                            &format!("cron-{s}-{i}"),
                        )
                        .await
                        .expect(201);
                }
            }),
    )
    .await;
    let setup = setup.elapsed();
    // The cron reads D1's read model: wait until it holds every
    // appointment (it may lag the shops' answers).
    for (clinic, _) in &clinics {
        let path = format!(
            "/v1/management/appointments?shop_uid={}&limit={PER_SHOP}",
            clinic.shop.shop_uid
        );
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let page = clinic.org.get(&path).await.expect(200);
            if page["data"].as_array().map(Vec::len) == Some(PER_SHOP) {
                break;
            }
            assert!(Instant::now() < deadline, "the read model never caught up");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    crate::step("e: cron runs");
    let before = runs_logged(server);
    let first = fire(&base).await;
    let asked = shops_asked(server, before).await;
    assert_eq!(
        asked,
        SHOPS / 2,
        "the first run asks the shops with reminders due"
    );
    // The shops answer the cron before their reminder index reaches D1
    // (their outbox delivers it a moment later), so a run right after the
    // first may ask the same shops again, and they find nothing due. Wait
    // for a run that asks nobody before timing the steady state.
    let mut settled = false;
    for _ in 0..50 {
        let before = runs_logged(server);
        fire(&base).await;
        if shops_asked(server, before).await == 0 {
            settled = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(settled, "the reminder index in D1 caught up with the shops");
    let mut steady = Vec::new();
    for _ in 0..5 {
        let before = runs_logged(server);
        steady.push(fire(&base).await);
        assert_eq!(
            shops_asked(server, before).await,
            0,
            "nothing is due any more"
        );
    }
    let steady = Sample::new(steady);

    let mut table = Table::new(&["figure", "ms", "÷ no-op"]);
    table.row(vec![
        format!(
            "cron run publishing {} due reminders from {} of {SHOPS} shops ({} upcoming appointments)",
            SHOPS / 2 * PER_SHOP,
            SHOPS / 2,
            SHOPS * PER_SHOP
        ),
        format!("{:.0}", ms(first)),
        ratio(ms(first), ms(round_trip)),
    ]);
    table.row(vec![
        "cron run with nothing due, median of 5".into(),
        format!("{:.1}", ms(steady.p50())),
        ratio(ms(steady.p50()), ms(round_trip)),
    ]);
    table.print(&format!(
        "**e. Cron** (setup: {} appointments booked through the API, {SHOPS} shops at once, in {:.0} s)",
        SHOPS * PER_SHOP,
        setup.as_secs_f64()
    ));
}
