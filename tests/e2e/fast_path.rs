//! The fast path: what keeps working while D1, the cross-organisation
//! database, is down. The trial locks the server's local D1 file with an
//! exclusive SQLite lock held by another process, as an outage would look
//! to the Worker, and drives every hot operation through it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use frontdesk_tests::client::{Clinic, Watcher};
use libtest_mimic::Trial;
use serde_json::json;

use crate::booking::{as_patient, claims, create_secret, token};
use crate::trial_on_own_server;

pub fn trials() -> Vec<Trial> {
    vec![trial_on_own_server(
        "fast_path_the_hot_path_keeps_working_while_d1_is_locked",
        d1_outage,
    )]
}

/// An exclusive lock on the D1 file, held by a Python process until
/// dropped.
struct Lock(Child);

impl Lock {
    fn hold(db: &Path) -> Lock {
        let mut child = Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys,time\n\
                 c=sqlite3.connect(sys.argv[1],timeout=30,isolation_level=None)\n\
                 c.execute('BEGIN EXCLUSIVE')\n\
                 print('locked',flush=True)\n\
                 sys.stdin.read()\n\
                 c.execute('ROLLBACK')",
            ])
            .arg(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "locked", "the D1 file was locked");
        Lock(child)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closing stdin ends the script, which rolls back and lets go.
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

async fn d1_outage(base: String, state: PathBuf) {
    let clinic = Clinic::new(&base, "Outage clinic", 2, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic.consult_type().await;
    let secret = create_secret(&clinic).await;
    let (doctor, _) = clinic.doctors[0].clone();
    let waiting = org.register(&clinic.shop, "pp-before-outage").await;
    let waiting_uid = waiting["queue_uid"].as_str().unwrap().to_owned();
    let mut watcher = Watcher::connect(waiting["watch_url"].as_str().unwrap()).await;
    watcher.next(Duration::from_secs(10)).await;

    let lock = Lock::hold(&crate::d1_file_in(&state));

    // Directory administration needs D1: a clear 503, and nothing made.
    let listed = org.get("/v1/management/shops").await;
    let error = listed.expect_error(503, "database_unavailable");
    assert!(
        error["message"].as_str().unwrap().contains("unavailable"),
        "{error}"
    );
    org.post(
        "/v1/management/shops",
        json!({ "name": "During", "address": "x", "time_zone": "Europe/Berlin" }),
    )
    .await
    .expect_error(503, "database_unavailable");

    // The waiting room.
    let registered = org.register(&clinic.shop, "pp-during-outage").await;
    let queue_uid = registered["queue_uid"].as_str().unwrap().to_owned();
    let status = org.status(&queue_uid).await;
    assert_eq!(status["position"], 2, "{status}");
    // A new watch socket opens and gets its entry.
    let mut second = Watcher::connect(registered["watch_url"].as_str().unwrap()).await;
    let first_message = second.next(Duration::from_secs(10)).await;
    assert_eq!(first_message["position"], 2, "{first_message}");
    org.delete(&format!("/v1/management/waiting-room/{queue_uid}"))
        .await
        .expect(200);
    org.presence(&clinic.shop, &doctor, true).await;
    let allocated = org.allocate(&clinic.shop, &doctor).await.expect(200);
    assert_eq!(allocated["queue_uid"], waiting_uid.as_str(), "{allocated}");
    let pushed = watcher
        .until(Duration::from_secs(10), |m| m["status"] == "allocated")
        .await;
    assert_eq!(
        pushed["status"], "allocated",
        "the watch socket still pushes"
    );
    org.complete(&waiting_uid).await.expect(200);

    // Holds, confirms, cancels and rebooks.
    let held = clinic
        .book(0, &type_uid, &clinic.at(3, 9, 0), "pp-hold", "held")
        .await;
    let held_uid = held["appointment_uid"].as_str().unwrap().to_owned();
    let confirmed = org
        .post(
            &format!("/v1/management/appointments/{held_uid}/confirm"),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(confirmed["status"], "confirmed");
    let moved = org
        .post(
            &format!("/v1/management/appointments/{held_uid}/rebook"),
            json!({ "start": clinic.at(3, 10, 0) }),
        )
        .await
        .expect(201);
    let moved_uid = moved["appointment_uid"].as_str().unwrap().to_owned();
    let cancelled = org
        .post(
            &format!("/v1/management/appointments/{moved_uid}/cancel"),
            json!({ "reason": "outage drill" }),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");

    // A partner's customer searches and books with a booking token.
    let customer = token(&secret, &claims("customer-during-outage"));
    let path = format!(
        "/v1/booking/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={}&end_date={}",
        clinic.shop.shop_uid,
        clinic.date(4),
        clinic.date(4)
    );
    let slots = as_patient(&clinic, &customer, reqwest::Method::GET, &path, None)
        .await
        .expect(200);
    let slot = slots["slots"][0].clone();
    assert!(slot.is_object(), "{slots}");
    let booking = json!({
        "shop_uid": clinic.shop.shop_uid,
        "doctor_uid": slot["doctor_uid"],
        "appointment_type_uid": type_uid,
        "start": slot["start"],
        "payment_mode": "at_clinic",
        "status": "confirmed",
    });
    let booked = as_patient(
        &clinic,
        &customer,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(booking.clone()),
    )
    .await
    .expect(201);
    let booked_uid = booked["appointment_uid"].as_str().unwrap().to_owned();
    // The spent `jti` lives where it runs too: the token books once.
    as_patient(
        &clinic,
        &customer,
        reqwest::Method::POST,
        "/v1/booking/appointments",
        Some(booking),
    )
    .await
    .expect_error(401, "unauthorized");

    drop(lock);

    // The read model catches up once D1 is back: the outbox is delivered
    // by each shop's alarm, which retries every few seconds.
    let overview = format!(
        "/v1/management/appointments?shop_uid={}&status=confirmed,cancelled",
        clinic.shop.shop_uid
    );
    let started = Instant::now();
    loop {
        let listed = org.get(&overview).await;
        if listed.status == 200 {
            let body = listed.body.clone();
            let seen: Vec<(String, String)> = body["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["appointment_uid"].as_str().unwrap().to_owned(),
                        a["status"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let has = |uid: &str, status: &str| seen.iter().any(|(u, s)| u == uid && s == status);
            if has(&moved_uid, "cancelled") && has(&booked_uid, "confirmed") {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the read model caught up within 30 s of D1's return: {}",
            listed.body
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // And directory administration works again.
    org.get("/v1/management/shops").await.expect(200);
}
