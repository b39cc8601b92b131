//! Part g: how far the read model trails a shop. A shop answers a change
//! once its own storage has it and delivers to D1 afterwards (its alarm);
//! this measures, for changes made one at a time, the time from a
//! confirm's answer until the overview lists the appointment as
//! confirmed. It is the bound ARCHITECTURE.md and README state.

use std::time::{Duration, Instant};

use frontdesk_tests::client::Clinic;
use serde_json::json;

use crate::stats::{ms, ratio, Sample, Table};

pub async fn run(base: &str, round_trip: Duration, changes: usize) {
    crate::step(&format!("g: read-model lag over {changes} confirms"));
    let clinic = Clinic::new(base, "Bench lag", 1, "UTC").await;
    clinic.set_hours(0, "00:00", "23:59").await;
    let type_uid = clinic.consult_type().await;
    let mut lags = Vec::new();
    for i in 0..changes {
        // 40 half-hour slots a day, 02:00 to 22:00, from the day after tomorrow.
        let (day, slot) = (2 + (i / 40) as i64, (i % 40) as u32);
        let start = clinic.at(day, 2 + slot / 2, (slot % 2) * 30);
        let held = clinic
            .org
            .post_with_key(
                "/v1/management/appointments",
                clinic.booking(0, &type_uid, &start, &format!("pp-g{i}")),
                &format!("lag-{i}"),
            )
            .await
            .expect(201);
        let uid = held["appointment_uid"].as_str().unwrap().to_owned();
        clinic
            .org
            .post(
                &format!("/v1/management/appointments/{uid}/confirm"),
                json!({}),
            )
            .await
            .expect(200);
        let answered = Instant::now();
        let listed = format!(
            "/v1/management/appointments?shop_uid={}&status=confirmed&from={}&to={}",
            clinic.shop.shop_uid,
            start,
            clinic.at(day, 23, 59)
        );
        loop {
            let page = clinic.org.get(&listed).await.expect(200);
            if page["data"][0]["appointment_uid"] == uid.as_str() {
                lags.push(answered.elapsed());
                break;
            }
            assert!(
                answered.elapsed() < Duration::from_secs(60),
                "the read model never showed {uid}"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let lags = Sample::new(lags);
    let mut table = Table::new(&[
        "figure",
        "changes",
        "p50 ms",
        "p99 ms",
        "max ms",
        "p99 ÷ no-op",
    ]);
    table.row(vec![
        "confirm answered → listed as confirmed in the overview".to_owned(),
        lags.len().to_string(),
        format!("{:.1}", ms(lags.p50())),
        format!("{:.1}", ms(lags.p99())),
        format!("{:.1}", ms(lags.max())),
        ratio(ms(lags.p99()), ms(round_trip)),
    ]);
    table.print(
        "**g. Read-model lag** (one change at a time; the overview polled every 5 ms after the confirm's answer)",
    );
}
