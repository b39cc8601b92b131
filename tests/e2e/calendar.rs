//! The doctor calendar of seeds 001 and 003: availability, slots, holds that
//! expire by themselves, strong consistency under contention, rebooking,
//! check-in into the waiting room, and the overview.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontdesk_tests::client::{settled, Api, Clinic, Watcher};
use frontdesk_tests::receiver::Receiver;
use libtest_mimic::Trial;
use reqwest::Method;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "availability_belongs_to_the_doctor",
            base,
            availability_belongs_to_the_doctor,
        ),
        trial(
            "hundred_concurrent_holds_one_winner",
            base,
            hundred_concurrent_holds,
        ),
        trial("overlapping_holds_one_winner", base, overlapping_holds),
        trial("hold_expires_by_itself", base, hold_expires_by_itself),
        trial(
            "confirm_cancel_and_illegal_transitions",
            base,
            confirm_cancel_and_transitions,
        ),
        trial("rebook_is_atomic_and_linked", base, rebook_is_atomic),
        trial(
            "overview_filters_and_pagination",
            base,
            overview_filters_and_pagination,
        ),
        trial(
            "check_in_joins_the_waiting_room",
            base,
            check_in_joins_the_waiting_room,
        ),
        trial(
            "a_checked_in_appointment_and_its_queue_entry_end_together",
            base,
            check_in_and_queue_end_together,
        ),
        trial("slots_keep_local_time_across_dst", base, slots_across_dst),
        trial(
            "appointments_of_other_tenants_are_404",
            base,
            other_tenants_are_404,
        ),
    ]
}

async fn availability_belongs_to_the_doctor(base: String) {
    let clinic = Clinic::new(&base, "Availability", 1, "Europe/Berlin").await;
    let (doctor, doctor_key) = &clinic.doctors[0];
    let path = format!("/v1/management/doctors/{doctor}/availability");
    let body = json!({ "weekly": [{ "weekday": "monday", "start": "09:00", "end": "12:00" }] });
    // The admin reads but cannot change (seed 001).
    let e = clinic
        .org
        .put(&path, body.clone())
        .await
        .expect_error(403, "not_this_doctor");
    assert!(e["message"].as_str().unwrap().contains("doctor"));
    let current = clinic.org.get(&path).await.expect(200);
    assert_eq!(current["weekly"].as_array().unwrap().len(), 7);

    let put = |b: Value| {
        clinic
            .org
            .api
            .call(Method::PUT, &path, Some(doctor_key), Some(b))
    };
    let e = put(json!({ "weekly": [{ "weekday": "monday", "start": "12:00", "end": "09:00" }] }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "weekly");
    let e = put(json!({ "weekly": [
        { "weekday": "monday", "start": "09:00", "end": "12:00" },
        { "weekday": "monday", "start": "11:30", "end": "13:00" }
    ] }))
    .await
    .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "weekly");
    // Refused edits changed nothing.
    assert_eq!(clinic.org.get(&path).await.expect(200), current);

    // A day off by override: no slots that day.
    let type_uid = clinic
        .create_type(json!({ "name": "Consult", "duration_minutes": 60 }))
        .await;
    let day = clinic.date(10);
    let before = clinic.slots(&type_uid, 10, 10).await.len();
    assert_eq!(before, 8);
    put(json!({
        "weekly": current["weekly"],
        "overrides": [{ "date": day, "windows": [] }]
    }))
    .await
    .expect(200);
    assert!(clinic.slots(&type_uid, 10, 10).await.is_empty());
    assert_eq!(clinic.slots(&type_uid, 11, 11).await.len(), 8);
}

/// Fires `bodies` at the booking endpoint all at once; returns the statuses.
async fn burst(clinic: &Clinic, bodies: Vec<Value>) -> (Vec<u16>, Duration) {
    let started = Instant::now();
    let tasks: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let org = clinic.org.clone();
            let key = format!("burst-{i}");
            tokio::spawn(async move {
                org.post_with_key("/v1/management/appointments", body, &key)
                    .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        let reply = t.await.unwrap();
        if reply.status.as_u16() == 409 {
            assert_eq!(reply.body["error"]["code"], "slot_taken", "{}", reply.body);
        }
        statuses.push(reply.status.as_u16());
    }
    (statuses, started.elapsed())
}

/// The shop's active appointments in the read model, once `ready` holds
/// of them (the read model trails the shop by a moment).
async fn active_appointments(clinic: &Clinic, ready: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let read = || async {
        clinic
            .org
            .get(&format!(
                "/v1/management/appointments?shop_uid={}&limit=200",
                clinic.shop.shop_uid
            ))
            .await
            .expect(200)["data"]
            .as_array()
            .unwrap()
            .clone()
    };
    settled(read, |list: &Vec<Value>| ready(list)).await
}

async fn hundred_concurrent_holds(base: String) {
    let clinic = Clinic::new(&base, "Contention", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let start = clinic.at(5, 10, 0);
    let bodies = (0..100)
        .map(|i| clinic.booking(0, &type_uid, &start, &format!("pp-{i}")))
        .collect();
    let (statuses, took) = burst(&clinic, bodies).await;
    let won = statuses.iter().filter(|s| **s == 201).count();
    let lost = statuses.iter().filter(|s| **s == 409).count();
    println!("100 concurrent holds of one slot: {won} × 201, {lost} × 409 in {took:?}");
    assert_eq!((won, lost), (1, 99));
    let stored = active_appointments(&clinic, |l| l.len() == 1).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0]["start"], start.as_str());
}

async fn overlapping_holds(base: String) {
    let clinic = Clinic::new(&base, "Overlap", 1, "Europe/Berlin").await;
    let half_hour = clinic
        .create_type(json!({ "name": "Short", "duration_minutes": 30 }))
        .await;
    let three_quarters = clinic
        .create_type(json!({ "name": "Long", "duration_minutes": 45 }))
        .await;
    // 09:30-10:00 and 09:45-10:30 overlap without being the same interval.
    let a = clinic.at(6, 9, 30);
    let b = clinic.at(6, 9, 45);
    let bodies = (0..100)
        .map(|i| {
            if i % 2 == 0 {
                clinic.booking(0, &half_hour, &a, &format!("pp-{i}"))
            } else {
                clinic.booking(0, &three_quarters, &b, &format!("pp-{i}"))
            }
        })
        .collect();
    let (statuses, took) = burst(&clinic, bodies).await;
    let won = statuses.iter().filter(|s| **s == 201).count();
    println!("100 concurrent overlapping holds: {won} × 201 in {took:?}");
    assert_eq!(won, 1);
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 99);
    assert_eq!(
        active_appointments(&clinic, |l| l.len() == 1).await.len(),
        1
    );
}

async fn hold_expires_by_itself(base: String) {
    let clinic = Clinic::new(&base, "Expiry", 1, "Europe/Berlin").await;
    let type_uid = clinic
        // Long enough that a loaded machine still searches before it ends.
        .create_type(json!({ "name": "Quick hold", "duration_minutes": 30, "hold_ttl_seconds": 6 }))
        .await;
    let start = clinic.at(7, 11, 0);
    let held = clinic.book(0, &type_uid, &start, "pp-1", "held").await;
    assert_eq!(held["status"], "held");
    assert!(held["hold_expires_at"].is_string());
    let offered = |slots: &[Value]| slots.iter().any(|s| s["start"] == start.as_str());
    assert!(!offered(&clinic.slots(&type_uid, 7, 7).await));

    // No request touches the shop while the hold runs out.
    tokio::time::sleep(Duration::from_millis(6500)).await;
    // The overview is the D1 read model: only the shop's alarm can have
    // expired the hold and delivered the change there (polled: delivery
    // follows the alarm by a moment).
    let mut expired = Value::Null;
    for _ in 0..50 {
        expired = clinic
            .org
            .get(&format!(
                "/v1/management/appointments?status=expired&shop_uid={}",
                clinic.shop.shop_uid
            ))
            .await
            .expect(200);
        if expired["data"][0]["appointment_uid"] == held["appointment_uid"] {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        expired["data"][0]["appointment_uid"], held["appointment_uid"],
        "{expired}"
    );
    assert!(offered(&clinic.slots(&type_uid, 7, 7).await));

    let detail = clinic
        .org
        .get(&format!(
            "/v1/management/appointments/{}",
            held["appointment_uid"].as_str().unwrap()
        ))
        .await
        .expect(200);
    let actions: Vec<_> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].clone())
        .collect();
    assert_eq!(actions, vec![json!("held"), json!("expired")]);
    assert_eq!(detail["history"][1]["actor"], "system");
    // An expired hold cannot be confirmed.
    clinic
        .org
        .post(
            &format!(
                "/v1/management/appointments/{}/confirm",
                held["appointment_uid"].as_str().unwrap()
            ),
            json!({}),
        )
        .await
        .expect_error(409, "invalid_transition");
}

async fn confirm_cancel_and_transitions(base: String) {
    let clinic = Clinic::new(&base, "Transitions", 1, "Europe/Berlin").await;
    let type_uid = clinic
        .create_type(json!({ "name": "Consult", "duration_minutes": 30, "payment_modes": ["online", "insurance"] }))
        .await;
    // The type's payment modes are enforced.
    let e = clinic
        .org
        .post(
            "/v1/management/appointments",
            clinic.booking(0, &type_uid, &clinic.at(3, 9, 0), "pp-1"),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "payment_mode");
    // Only offered slots can be booked.
    let mut off_grid = clinic.booking(0, &type_uid, &clinic.at(3, 9, 10), "pp-1");
    off_grid["payment_mode"] = json!("online");
    clinic
        .org
        .post("/v1/management/appointments", off_grid)
        .await
        .expect_error(409, "slot_unavailable");

    let mut body = clinic.booking(0, &type_uid, &clinic.at(3, 9, 0), "pp-1");
    body["payment_mode"] = json!("online");
    let held = clinic
        .org
        .post("/v1/management/appointments", body)
        .await
        .expect(201);
    let uid = held["appointment_uid"].as_str().unwrap();
    let act = |action: &str| {
        let (org, path) = (
            clinic.org.clone(),
            format!("/v1/management/appointments/{uid}/{action}"),
        );
        async move { org.post(&path, json!({})).await }
    };
    act("complete")
        .await
        .expect_error(409, "invalid_transition");
    act("check-in")
        .await
        .expect_error(409, "invalid_transition");
    assert_eq!(act("confirm").await.expect(200)["status"], "confirmed");
    act("confirm").await.expect_error(409, "invalid_transition");

    // An admin cancel needs a reason, and keeps it.
    let e = act("cancel").await.expect_error(400, "invalid_request");
    assert_eq!(e["field"], "reason");
    let cancelled = clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/cancel"),
            json!({ "reason": "Doctor unavailable" }),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancellation_reason"], "Doctor unavailable");
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/cancel"),
            json!({ "reason": "again" }),
        )
        .await
        .expect_error(409, "invalid_transition");
    for action in ["confirm", "complete", "no-show", "check-in"] {
        act(action).await.expect_error(409, "invalid_transition");
    }
    // Booking notice: a type that needs a day's notice refuses tomorrow morning.
    let notice = clinic
        .create_type(json!({ "name": "Planned", "duration_minutes": 30, "min_booking_notice_minutes": 2880 }))
        .await;
    clinic
        .org
        .post(
            "/v1/management/appointments",
            clinic.booking(0, &notice, &clinic.at(1, 9, 0), "pp-2"),
        )
        .await
        .expect_error(409, "notice_too_short");
}

async fn rebook_is_atomic(base: String) {
    let clinic = Clinic::new(&base, "Rebook", 2, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let original = clinic
        .book(0, &type_uid, &clinic.at(4, 9, 0), "pp-1", "confirmed")
        .await;
    let taken = clinic
        .book(0, &type_uid, &clinic.at(4, 10, 0), "pp-2", "confirmed")
        .await;
    let uid = original["appointment_uid"].as_str().unwrap();
    let rebook = |body: Value| {
        let (org, path) = (
            clinic.org.clone(),
            format!("/v1/management/appointments/{uid}/rebook"),
        );
        async move { org.post(&path, body).await }
    };

    // Onto a taken slot: refused, and nothing changed.
    rebook(json!({ "start": taken["start"] }))
        .await
        .expect_error(409, "slot_taken");
    // Same-doctor type: another doctor is refused.
    rebook(json!({ "start": clinic.at(4, 11, 0), "doctor_uid": clinic.doctors[1].0 }))
        .await
        .expect_error(409, "rebooking_mode");
    let unchanged = clinic
        .org
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect(200);
    assert_eq!(unchanged["status"], "confirmed");
    assert_eq!(
        active_appointments(&clinic, |l| l.len() == 2).await.len(),
        2
    );

    // Into its own neighbourhood: 09:15 is off-grid, 09:30 overlaps nothing else.
    let moved = rebook(json!({ "start": clinic.at(4, 9, 30) }))
        .await
        .expect(201);
    assert_eq!(moved["previous_meeting_uid"], uid);
    assert_eq!(moved["status"], "confirmed");
    assert_eq!(moved["video_room_id"], original["video_room_id"]);
    let old = clinic
        .org
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect(200);
    assert_eq!(old["status"], "cancelled");
    assert_eq!(old["cancellation_reason"], "rebooked");
    assert_eq!(old["rebooked_to"], moved["appointment_uid"]);
    let expected = HashSet::from([clinic.at(4, 9, 30), clinic.at(4, 10, 0)]);
    let starts_of = |list: &[Value]| -> HashSet<String> {
        list.iter()
            .map(|a| a["start"].as_str().unwrap().to_owned())
            .collect()
    };
    let starts = starts_of(&active_appointments(&clinic, |l| starts_of(l) == expected).await);
    assert_eq!(starts, expected);

    // Twice more: the chain is kept, newest first.
    let second = clinic
        .org
        .post(
            &format!(
                "/v1/management/appointments/{}/rebook",
                moved["appointment_uid"].as_str().unwrap()
            ),
            json!({ "start": clinic.at(4, 14, 0) }),
        )
        .await
        .expect(201);
    let detail = clinic
        .org
        .get(&format!(
            "/v1/management/appointments/{}",
            second["appointment_uid"].as_str().unwrap()
        ))
        .await
        .expect(200);
    assert_eq!(
        detail["previous_meetings"],
        json!([moved["appointment_uid"], uid])
    );
    // The old appointment's slot is free again.
    assert!(clinic
        .slots(&type_uid, 4, 4)
        .await
        .iter()
        .any(|s| s["start"] == clinic.at(4, 9, 0).as_str()));
}

async fn overview_filters_and_pagination(base: String) {
    let clinic = Clinic::new(&base, "Overview", 2, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let mut all = Vec::new();
    for i in 0..7 {
        let doctor = i % 2;
        let a = clinic
            .book(
                doctor,
                &type_uid,
                &clinic.at(2 + i as i64, 9, 0),
                &format!("pp-{}", i % 3),
                "confirmed",
            )
            .await;
        all.push(a);
    }
    let cancelled = all[6]["appointment_uid"].as_str().unwrap().to_owned();
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{cancelled}/cancel"),
            json!({ "reason": "test" }),
        )
        .await
        .expect(200);
    // The read model has every change once it has the last one.
    let cancelled_listed = format!(
        "/v1/management/appointments?shop_uid={}&status=cancelled",
        clinic.shop.shop_uid
    );
    settled(
        || async { clinic.org.get(&cancelled_listed).await.expect(200) },
        |v| v["data"][0]["appointment_uid"] == cancelled.as_str(),
    )
    .await;
    let list = |query: String| {
        let org = clinic.org.clone();
        async move {
            org.get(&format!("/v1/management/appointments?{query}"))
                .await
                .expect(200)
        }
    };
    let uids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["appointment_uid"].as_str().unwrap().to_owned())
            .collect()
    };
    // Default: future active ones, in start order.
    let default = list(format!("shop_uid={}", clinic.shop.shop_uid)).await;
    let expected: Vec<String> = all[..6]
        .iter()
        .map(|a| a["appointment_uid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(uids(&default), expected);
    // Several statuses at once.
    let both = list(format!(
        "shop_uid={}&status=confirmed,cancelled",
        clinic.shop.shop_uid
    ))
    .await;
    assert_eq!(both["data"].as_array().unwrap().len(), 7);
    let only_cancelled = list(format!(
        "shop_uid={}&status=cancelled",
        clinic.shop.shop_uid
    ))
    .await;
    assert_eq!(uids(&only_cancelled), vec![cancelled.clone()]);
    // By doctor, by patient, by date range.
    let doctor1 = list(format!("doctor_uid={}", clinic.doctors[1].0)).await;
    assert_eq!(doctor1["data"].as_array().unwrap().len(), 3);
    assert!(doctor1["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["doctor_uid"] == clinic.doctors[1].0.as_str()));
    let patient = list(format!(
        "shop_uid={}&patient_profile_uid=pp-1",
        clinic.shop.shop_uid
    ))
    .await;
    assert_eq!(patient["data"].as_array().unwrap().len(), 2);
    let window = list(format!(
        "shop_uid={}&from={}&to={}",
        clinic.shop.shop_uid,
        clinic.at(3, 0, 0),
        clinic.at(5, 0, 0)
    ))
    .await;
    assert_eq!(uids(&window), expected[1..3].to_vec());
    // Pages of 2 walk the same list without gaps or repeats.
    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = format!("shop_uid={}&limit=2", clinic.shop.shop_uid);
        if let Some(c) = &cursor {
            q.push_str(&format!("&cursor={c}"));
        }
        let page = list(q).await;
        assert!(page["data"].as_array().unwrap().len() <= 2);
        walked.extend(uids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(walked, expected);
    // Bad filters name their field.
    let e = clinic
        .org
        .get("/v1/management/appointments?status=lost")
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "status");
    let e = clinic
        .org
        .get("/v1/management/appointments?limit=1000")
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "limit");
}

async fn check_in_joins_the_waiting_room(base: String) {
    let clinic = Clinic::new(&base, "Check-in", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    // A walk-in is already waiting.
    let walk_in = clinic.org.register(&clinic.shop, "pp-walk-in").await;
    let a = clinic
        .book(0, &type_uid, &clinic.at(1, 9, 0), "pp-booked", "confirmed")
        .await;
    let uid = a["appointment_uid"].as_str().unwrap();
    let checked = clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/check-in"),
            json!({}),
        )
        .await
        .expect(200);
    assert!(checked["checked_in_at"].is_string());
    assert_eq!(checked["position"], 2);
    // A registration and a check-in carry the same `watch` object; a
    // registration also keeps its links at the top level, where clients
    // from before `watch` read them.
    let fields = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(
        fields(&walk_in["watch"]),
        [
            "visit_url",
            "wait_page_url",
            "watch_expires_at",
            "watch_url"
        ]
    );
    assert_eq!(fields(&checked["watch"]), fields(&walk_in["watch"]));
    for link in [
        "visit_url",
        "watch_url",
        "wait_page_url",
        "watch_expires_at",
    ] {
        assert_eq!(walk_in[link], walk_in["watch"][link], "{link}");
    }
    let queue_uid = checked["queue_uid"].as_str().unwrap();
    let mut watcher = Watcher::connect(checked["watch"]["watch_url"].as_str().unwrap()).await;
    let first = watcher.next(Duration::from_secs(5)).await;
    assert_eq!(first["queue_uid"], queue_uid);
    assert_eq!(first["position"], 2);
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/check-in"),
            json!({}),
        )
        .await
        .expect_error(409, "already_checked_in");
    let (doctor, room) = (&clinic.doctors[0].0, a["video_room_id"].as_str().unwrap());
    clinic.org.presence(&clinic.shop, doctor, true).await;
    let allocated = clinic.org.allocate(&clinic.shop, doctor).await.expect(200);
    // Walk-ins come first (FCFS); the booked patient is next and watches it.
    assert_eq!(allocated["patient_profile_uid"], "pp-walk-in");
    clinic
        .org
        .complete(allocated["queue_uid"].as_str().unwrap())
        .await
        .expect(200);
    watcher
        .until(Duration::from_secs(5), |m| m["position"] == 1)
        .await;
    let mine = clinic.org.allocate(&clinic.shop, doctor).await.expect(200);
    assert_eq!(mine["queue_uid"], queue_uid);
    assert_eq!(mine["video_room_id"], room);
    let seen = watcher
        .until(Duration::from_secs(5), |m| m["status"] == "allocated")
        .await;
    // The patient's socket names no room: it offers their visit link.
    assert_eq!(seen.get("video_room_id"), None);
    assert!(seen["join_url"].as_str().unwrap().contains("/v1/visit/"));
    let done = clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/complete"),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(done["status"], "completed");
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{uid}/no-show"),
            json!({}),
        )
        .await
        .expect_error(409, "invalid_transition");
}

/// A checked-in appointment and its queue entry end together: cancelling
/// or completing the appointment takes a waiting patient out of the queue
/// (their wait page sees it), and completing the consultation completes
/// the appointment.
async fn check_in_and_queue_end_together(base: String) {
    let clinic = Clinic::new(&base, "Linked", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let receiver = Receiver::start(vec![200]).await;
    clinic
        .org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": receiver.url, "event_types": ["WAITING_ROOM_CANCELLED", "WAITING_ROOM_COMPLETED", "APPOINTMENT_COMPLETED"] }),
        )
        .await
        .expect(201);
    let check_in = |hour: u32, patient: &'static str| {
        let clinic = &clinic;
        let type_uid = type_uid.clone();
        async move {
            let a = clinic
                .book(0, &type_uid, &clinic.at(1, hour, 0), patient, "confirmed")
                .await;
            let uid = a["appointment_uid"].as_str().unwrap().to_owned();
            let checked = clinic
                .org
                .post(
                    &format!("/v1/management/appointments/{uid}/check-in"),
                    json!({}),
                )
                .await
                .expect(200);
            (uid, checked)
        }
    };

    // Cancelled while waiting: the entry is cancelled, and the watcher sees it.
    let (cancelled, checked) = check_in(9, "pp-cancels").await;
    let mut watcher = Watcher::connect(checked["watch"]["watch_url"].as_str().unwrap()).await;
    assert_eq!(
        watcher.next(Duration::from_secs(5)).await["status"],
        "waiting"
    );
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{cancelled}/cancel"),
            json!({ "reason": "patient called" }),
        )
        .await
        .expect(200);
    watcher
        .until(Duration::from_secs(5), |m| m["status"] == "cancelled")
        .await;
    let entry = clinic
        .org
        .status(checked["queue_uid"].as_str().unwrap())
        .await;
    assert_eq!(entry["status"], "cancelled");

    // A checked-in patient cannot be a no-show; completed by hand (seen
    // outside the queue) while still waiting, they leave the queue too.
    let (by_hand, checked) = check_in(10, "pp-by-hand").await;
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{by_hand}/no-show"),
            json!({}),
        )
        .await
        .expect_error(409, "invalid_transition");
    clinic
        .org
        .post(
            &format!("/v1/management/appointments/{by_hand}/complete"),
            json!({}),
        )
        .await
        .expect(200);
    let entry = clinic
        .org
        .status(checked["queue_uid"].as_str().unwrap())
        .await;
    assert_eq!(entry["status"], "cancelled");

    // Seen by the doctor through the queue: completing the consultation
    // completes the appointment.
    let (seen, checked) = check_in(11, "pp-attends").await;
    let queue_uid = checked["queue_uid"].as_str().unwrap();
    let doctor = &clinic.doctors[0].0;
    clinic.org.presence(&clinic.shop, doctor, true).await;
    let allocated = clinic.org.allocate(&clinic.shop, doctor).await.expect(200);
    assert_eq!(allocated["queue_uid"], queue_uid);
    clinic.org.complete(queue_uid).await.expect(200);
    let appointment = clinic
        .org
        .get(&format!("/v1/management/appointments/{seen}"))
        .await
        .expect(200);
    assert_eq!(appointment["status"], "completed");
    let last = appointment["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (&last["action"], &last["actor"], &last["detail"]),
        (&json!("completed"), &json!("system"), &json!(queue_uid))
    );
    // The read model agrees, a moment later.
    let completed = format!(
        "/v1/management/appointments?status=completed&shop_uid={}",
        clinic.shop.shop_uid
    );
    let has_seen = |v: &Value| {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["appointment_uid"] == seen.as_str())
    };
    let overview = settled(
        || async { clinic.org.get(&completed).await.expect(200) },
        has_seen,
    )
    .await;
    assert!(overview["data"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["appointment_uid"] == seen.as_str()));

    // Each end is announced once; the completed consultation names its doctor.
    let events: Vec<Value> = receiver
        .wait_for(5, 30)
        .await
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    let count = |kind: &str| events.iter().filter(|e| e["type"] == kind).count();
    assert_eq!(
        (
            count("WAITING_ROOM_CANCELLED"),
            count("WAITING_ROOM_COMPLETED"),
            count("APPOINTMENT_COMPLETED")
        ),
        (2, 1, 2),
        "{events:?}"
    );
    let completed = events
        .iter()
        .find(|e| e["type"] == "WAITING_ROOM_COMPLETED")
        .unwrap();
    assert_eq!(completed["data"]["doctor_uid"], doctor.as_str());
}

async fn slots_across_dst(base: String) {
    let clinic = Clinic::new(&base, "DST", 1, "America/New_York").await;
    let type_uid = clinic
        .create_type(json!({ "name": "Hour", "duration_minutes": 60 }))
        .await;
    let slots = clinic.slots(&type_uid, 0, 30).await;
    assert!(!slots.is_empty());
    let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let mut days = HashSet::new();
    for s in &slots {
        let start: chrono::DateTime<chrono::Utc> = s["start"].as_str().unwrap().parse().unwrap();
        let local = start.with_timezone(&tz);
        // Every slot is on the local 09:00-17:00 grid, whatever the offset.
        assert!(
            (9..17).contains(&chrono::Timelike::hour(&local))
                && chrono::Timelike::minute(&local) == 0,
            "{local}"
        );
        days.insert(local.date_naive());
    }
    assert!(days.len() >= 29);
    let too_long = clinic
        .org
        .get(&format!(
            "/v1/management/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={}&end_date={}",
            clinic.shop.shop_uid,
            clinic.date(0),
            clinic.date(31)
        ))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(too_long["field"], "end_date");
}

async fn other_tenants_are_404(base: String) {
    let clinic = Clinic::new(&base, "Tenant C", 1, "Europe/Berlin").await;
    let type_uid = clinic.consult_type().await;
    let a = clinic
        .book(0, &type_uid, &clinic.at(2, 9, 0), "pp-1", "held")
        .await;
    let uid = a["appointment_uid"].as_str().unwrap();
    let other = Api::new(&base).create_org("Tenant D").await;
    other
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect_error(404, "not_found");
    other
        .post(
            &format!("/v1/management/appointments/{uid}/cancel"),
            json!({ "reason": "x" }),
        )
        .await
        .expect_error(404, "not_found");
    other
        .get(&format!("/v1/management/appointment-types/{type_uid}"))
        .await
        .expect_error(404, "not_found");
    other
        .get(&format!(
            "/v1/management/doctors/{}/availability",
            clinic.doctors[0].0
        ))
        .await
        .expect_error(404, "not_found");
    assert!(
        other.get("/v1/management/appointments").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A reader key cannot write.
    let reader = clinic.org.key_with(&["appointments:read"]).await;
    clinic
        .org
        .api
        .call(
            Method::POST,
            &format!("/v1/management/appointments/{uid}/confirm"),
            Some(&reader),
            Some(json!({})),
        )
        .await
        .expect_error(403, "missing_scope");
}
