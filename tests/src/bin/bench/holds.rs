//! Parts c and d: many holds of one slot at once, and holds expiring by
//! the shop's alarm.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use frontdesk_tests::client::{Api, Clinic, Org};
use futures_util::future::join_all;
use futures_util::stream::{self, StreamExt};
use reqwest::Method;
use serde_json::{json, Value};

use crate::stats::{ms, ratio, Sample, Table};

/// Part c: `holds` requests for one slot, sent at once over connections
/// opened beforehand. Exactly one may win.
pub async fn one_slot(base: &str, round_trip: Duration, holds: usize) {
    crate::step(&format!("c: {holds} concurrent holds of one slot"));
    let clinic = Clinic::new(base, "Bench one slot", 1, "UTC").await;
    let type_uid = clinic.consult_type().await;
    // A client with a connection per request, opened before the burst, so
    // the burst times the holds and not TCP handshakes.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(holds)
        .build()
        .unwrap();
    let org = Org {
        api: Api {
            base: base.to_owned(),
            http,
        },
        ..clinic.org.clone()
    };
    join_all((0..holds).map(|_| org.api.call(Method::GET, "/v1/health", None, None))).await;

    let start = clinic.at(3, 10, 0);
    crate::profile::start().await;
    let sent = Instant::now();
    let answers = join_all((0..holds).map(|i| {
        let (org, body) = (
            org.clone(),
            clinic.booking(0, &type_uid, &start, &format!("pp-c{i}")),
        );
        async move {
            let reply = org
                .post_with_key(
                    "/v1/management/appointments",
                    body,
                    &format!("one-slot-{i}"),
                )
                .await;
            (reply, sent.elapsed())
        }
    }))
    .await;
    crate::profile::stop(&format!("c {holds} holds of one slot")).await;
    let mut winners = 0;
    let mut times = Vec::new();
    for (reply, at) in answers {
        times.push(at);
        match reply.status.as_u16() {
            201 => winners += 1,
            _ => {
                reply.expect_error(409, "slot_taken");
            }
        }
    }
    let times = Sample::new(times);
    assert_eq!(winners, 1, "exactly one hold of the slot wins");
    let mut table = Table::new(&[
        "figure",
        "winners",
        "p50 answer ms",
        "last answer ms",
        "last ÷ no-op",
    ]);
    table.row(vec![
        format!("{holds} concurrent holds of one slot"),
        winners.to_string(),
        format!("{:.1}", ms(times.p50())),
        format!("{:.1}", ms(times.max())),
        ratio(ms(times.max()), ms(round_trip)),
    ]);
    table.print("**c. One slot, many holds** (times from sending the burst; the others get 409 `slot_taken`)");
}

fn instant(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}

/// Part d: `holds` holds of `ttl_seconds`, placed at once in a shop no
/// request touches again until all have lapsed, so each is expired by
/// the shop's alarm. The shop records when it expired each one (the
/// `expired` entry of its history, written in the same step as the
/// status); lateness is that instant minus `hold_expires_at`.
pub async fn expiry(base: &str, round_trip: Duration, holds: usize) {
    const TTL_SECONDS: i64 = 10;
    crate::step(&format!("d: {holds} holds expiring"));
    let clinic = Clinic::new(base, "Bench expiry", 2, "UTC").await;
    for d in 0..clinic.doctors.len() {
        clinic.set_hours(d, "00:00", "23:59").await;
    }
    let type_uid = clinic
        .create_type(
            json!({ "name": "Brief hold", "duration_minutes": 30, "hold_ttl_seconds": TTL_SECONDS }),
        )
        .await;
    let placed: Vec<(String, DateTime<Utc>)> = stream::iter(0..holds)
        .map(|i| {
            // Two doctors, a hold on every hour of a day each, then the next day.
            let start = clinic.at(2 + (i / 48) as i64, ((i % 48) / 2) as u32, 0);
            let body = clinic.booking(i % 2, &type_uid, &start, &format!("pp-d{i}"));
            let org = clinic.org.clone();
            async move {
                let held = org
                    .post_with_key("/v1/management/appointments", body, &format!("expiry-{i}"))
                    .await
                    .expect(201);
                assert_eq!(held["status"], "held", "{held}");
                (
                    held["appointment_uid"].as_str().unwrap().to_owned(),
                    instant(&held["hold_expires_at"]),
                )
            }
        })
        .buffer_unordered(holds)
        .collect()
        .await;
    let placed_by = Utc::now();
    let first = placed.iter().map(|p| p.1).min().unwrap();
    let last = placed.iter().map(|p| p.1).max().unwrap();
    assert!(
        placed_by < first,
        "the holds took longer than their {TTL_SECONDS} s to place; a booking may have expired some"
    );
    let wait = (last - Utc::now()).to_std().unwrap_or_default() + Duration::from_secs(3);
    tokio::time::sleep(wait).await;

    let mut lateness = Vec::new();
    for (uid, expires) in &placed {
        let detail = clinic
            .org
            .get(&format!("/v1/management/appointments/{uid}"))
            .await
            .expect(200);
        assert_eq!(detail["status"], "expired", "{detail}");
        let expired = detail["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["action"] == "expired")
            .unwrap_or_else(|| panic!("no expiry in the history: {detail}"));
        assert_eq!(expired["actor"], "system", "{detail}");
        let late = instant(&expired["at"]) - *expires;
        lateness.push(
            late.to_std()
                .unwrap_or_else(|_| panic!("expired early: {detail}")),
        );
    }
    let lateness = Sample::new(lateness);
    let mut table = Table::new(&["figure", "holds", "p50 ms", "max ms", "max ÷ no-op"]);
    table.row(vec![
        format!("hold expiry lateness (hold {TTL_SECONDS} s)"),
        lateness.len().to_string(),
        format!("{:.1}", ms(lateness.p50())),
        format!("{:.1}", ms(lateness.max())),
        ratio(ms(lateness.max()), ms(round_trip)),
    ]);
    table.print(&format!(
        "**d. Hold expiry by the shop's alarm**: the shop's recorded expiry minus `hold_expires_at`; the holds were placed within {:.0} ms of each other and expire as far apart",
        (last - first).num_milliseconds()
    ));
}
