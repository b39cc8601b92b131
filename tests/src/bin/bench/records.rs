//! Part h: clinical records. Upload throughput (5 MiB PDFs, one at a time
//! and four at once, into R2 through the Worker) on the shared server,
//! and the visits CSV over 100,000 appointments on a server of its own
//! (its read model is written directly, with `wrangler d1 execute`).

use std::time::{Duration, Instant};

use frontdesk_tests::client::{Api, Clinic, Org};
use frontdesk_tests::server::Server;
use futures_util::future::join_all;

use crate::stats::{ms, ratio, Table};

const FILE: usize = 5 * 1024 * 1024;
const VISITS: i64 = 100_000;

async fn upload(org: &Org, appointment: &str, bytes: Vec<u8>) {
    let res = org
        .api
        .http
        .post(format!(
            "{}/v1/management/appointments/{appointment}/attachments?fileName=bench.pdf",
            org.api.base
        ))
        .header("X-API-Key", &org.key)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        201,
        "upload: {}",
        res.text().await.unwrap_or_default()
    );
}

pub async fn run(base: &str, round_trip: Duration) {
    crate::step("h: attachment uploads");
    let clinic = Clinic::new(base, "Bench records", 1, "UTC").await;
    let type_uid = clinic.consult_type().await;
    let visit = clinic
        .book(
            0,
            &type_uid,
            &clinic.at(2, 10, 0),
            "pp-bench-h",
            "confirmed",
        )
        .await["appointment_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(FILE, b'0');
    let mut table = Table::new(&[
        "figure",
        "files",
        "seconds",
        "MiB/s",
        "per file ms",
        "per file ÷ no-op",
    ]);
    for (label, files, concurrent) in [
        ("5 MiB PDFs, one at a time", 20usize, 1usize),
        ("5 MiB PDFs, 4 at once", 20, 4),
    ] {
        let started = Instant::now();
        for batch in (0..files).collect::<Vec<_>>().chunks(concurrent) {
            join_all(
                batch
                    .iter()
                    .map(|_| upload(&clinic.org, &visit, pdf.clone())),
            )
            .await;
        }
        let took = started.elapsed();
        let per_file = took / files as u32;
        table.row(vec![
            label.to_owned(),
            files.to_string(),
            format!("{:.2}", took.as_secs_f64()),
            format!(
                "{:.1}",
                (files * FILE) as f64 / 1_048_576.0 / took.as_secs_f64()
            ),
            format!("{:.1}", ms(per_file)),
            ratio(ms(per_file), ms(round_trip)),
        ]);
    }
    table.print("**h. Attachment uploads** (R2 through the Worker; the body read, its first bytes checked, put, listed in D1)");

    crate::step(&format!(
        "h: seeding {VISITS} visits on a server of its own"
    ));
    let state = tempfile::tempdir().unwrap();
    let mut own = Server::start(state.path(), &[]);
    let clinic = Clinic::new(&own.base, "Bench report", 1, "UTC").await;
    let type_uid = clinic.consult_type().await;
    let template = clinic
        .book(0, &type_uid, &clinic.at(1, 9, 0), "pp-report", "confirmed")
        .await;
    own.stop();
    let sql = frontdesk_tests::seed::visits_sql(&clinic, &template, VISITS, 1_772_323_200_000);
    let file = state.path().join("visits.sql");
    std::fs::write(&file, sql).unwrap();
    own.d1(Some(&file), None);
    own.resume();
    let org = Org {
        api: Api::new(&own.base),
        ..clinic.org
    };
    crate::step("h: the visits CSV");
    let mut table = Table::new(&["figure", "rows", "MB", "first byte ms", "whole s", "rows/s"]);
    for _ in 0..3 {
        let started = Instant::now();
        let mut res = org
            .api
            .http
            .get(format!(
                "{}/v1/management/reports/visits.csv?from=2026-03-01&to=2026-07-01",
                org.api.base
            ))
            .header("X-API-Key", &org.key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let mut first = None;
        let (mut bytes, mut lines) = (0usize, 0usize);
        while let Some(chunk) = res.chunk().await.unwrap() {
            first.get_or_insert_with(|| started.elapsed());
            bytes += chunk.len();
            lines += chunk.iter().filter(|b| **b == b'\n').count();
        }
        let took = started.elapsed();
        assert_eq!(lines as i64, VISITS + 1, "a header and every visit");
        table.row(vec![
            "visits CSV, 100,000 appointments".to_owned(),
            (lines - 1).to_string(),
            format!("{:.1}", bytes as f64 / 1e6),
            format!("{:.0}", ms(first.unwrap_or(took))),
            format!("{:.2}", took.as_secs_f64()),
            format!("{:.0}", (lines - 1) as f64 / took.as_secs_f64()),
        ]);
    }
    table.print("**h. Visits CSV** (streamed from the read model, 1,000 rows a page; three runs)");
    drop(own);
}
