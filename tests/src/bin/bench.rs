//! `make bench`: how long one cron run takes with 1,000 upcoming
//! appointments across 10 shops, against a real `wrangler dev`, reported
//! next to a no-op round trip (`GET /v1/health`) measured in the same run.
//! It prints figures; it asserts nothing about speed.

use std::time::{Duration, Instant};

use frontdesk_tests::client::{Api, Clinic};
use frontdesk_tests::server::Server;
use serde_json::json;

const SHOPS: usize = 10;
const PER_SHOP: usize = 100;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn cron(base: &str) -> Duration {
    let started = Instant::now();
    let resp = reqwest::get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
        .await
        .unwrap();
    assert!(resp.status().is_success());
    started.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let state = tempfile::tempdir().unwrap();
    // A benchmark measures throughput, not the abuse limits: every
    // request-rate limit is raised far above what it sends.
    let server = Server::start_with_limits(
        state.path(),
        &[],
        &[
            ("RATE_LIMIT_AUTH_FAILURES", 1_000_000),
            ("RATE_LIMIT_API_KEY", 1_000_000),
            ("RATE_LIMIT_BOOKING_SUBJECT", 1_000_000),
            ("RATE_LIMIT_PARTNER", 1_000_000),
        ],
    );
    let base = server.base.clone();
    let api = Api::new(&base);

    // 10 shops, one doctor each, 100 confirmed appointments per shop over the
    // coming days; one type reminds 30 days ahead (due at once), the other
    // an hour ahead (not due yet).
    let setup = Instant::now();
    let mut tasks = Vec::new();
    for shop_index in 0..SHOPS {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let clinic =
                Clinic::new(&base, &format!("Bench {shop_index}"), 1, "Europe/Berlin").await;
            let due = clinic
                .create_type(json!({ "name": "Due", "duration_minutes": 30,
                    "reminders": [{ "recipient": "patient", "minutes_before": 43200 }] }))
                .await;
            let later = clinic
                .create_type(json!({ "name": "Later", "duration_minutes": 30,
                    "reminders": [{ "recipient": "patient", "minutes_before": 60 }] }))
                .await;
            for i in 0..PER_SHOP {
                let day = 1 + (i / 16) as i64;
                let slot = (i % 16) as u32;
                let type_uid = if shop_index % 2 == 0 { &due } else { &later };
                clinic
                    .book(
                        0,
                        type_uid,
                        &clinic.at(day, 9 + slot / 2, (slot % 2) * 30),
                        &format!("pp-{i}"),
                        "confirmed",
                    )
                    .await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    println!(
        "setup: {} appointments in {SHOPS} shops in {:.1} s",
        SHOPS * PER_SHOP,
        setup.elapsed().as_secs_f64()
    );

    let mut noop = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        api.call(reqwest::Method::GET, "/v1/health", None, None)
            .await
            .expect(200);
        noop.push(started.elapsed());
    }
    let noop = median(noop);

    // First run: the 500 reminders of the 5 "due" shops are published.
    let first = cron(&base).await;
    // Steady state: nothing due, the cron asks no shop.
    let mut steady = Vec::new();
    for _ in 0..10 {
        steady.push(cron(&base).await);
    }
    let steady = median(steady);
    println!(
        "no-op round trip (GET /v1/health), median of 20: {:.1} ms",
        ms(noop)
    );
    println!(
        "cron run publishing 500 due reminders from 5 of 10 shops (1,000 upcoming appointments): {:.1} ms ({:.0}x the no-op)",
        ms(first),
        ms(first) / ms(noop)
    );
    println!(
        "cron run with nothing due (1,000 upcoming appointments), median of 10: {:.1} ms ({:.1}x the no-op)",
        ms(steady),
        ms(steady) / ms(noop)
    );
    drop(server);
}
