//! Clinical records (seed 002): episodes of care, their appointments,
//! their events and audit rows, and tenancy on every route.

use std::sync::Arc;

use frontdesk_tests::client::{settled, Clinic, Org};
use frontdesk_tests::receiver::Receiver;
use libtest_mimic::Trial;
use reqwest::Method;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "episodes_of_care_crud_assignment_and_events",
            base,
            episodes_of_care,
        ),
        trial("records_of_other_tenants_are_404", base, other_tenants),
        trial(
            "visit_notes_concurrent_edits_get_one_200_and_one_412",
            base,
            visit_notes,
        ),
        trial(
            "attachments_take_5_mib_pdfs_and_refuse_by_size_and_magic_bytes",
            base,
            attachments,
        ),
        trial("patient_documents_round_trip", base, patient_documents),
        trial(
            "encounter_report_goes_pending_to_completed_and_opens_with_its_password",
            base,
            encounter_report,
        ),
        trial(
            "appointment_changes_are_also_published_under_seed_002s_names",
            base,
            seed_002_events,
        ),
        trial(
            "a_pool_appointment_with_no_doctor_is_taken_by_the_first_doctor_to_allocate",
            base,
            pool_appointments,
        ),
        trial(
            "appointments_carry_seed_002s_fields_and_are_found_by_external_id",
            base,
            seed_002_fields,
        ),
    ]
}

fn patient(first: &str) -> Value {
    json!({
        "name": [{ "use": "usual", "firstName": first, "lastName": "Oswald", "family": format!("{first} Oswald") }],
        "birthDate": "1990-04-02",
        "gender": "female"
    })
}

/// A confirmed booking with doctor 0, `days` ahead at `hour`:00 local: its uid.
async fn booked(clinic: &Clinic, type_uid: &str, days: i64, hour: u32, patient: &str) -> String {
    clinic
        .book(0, type_uid, &clinic.at(days, hour, 0), patient, "confirmed")
        .await["appointment_uid"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn new_patient(org: &Org, first: &str) -> String {
    org.post("/v1/management/patients", patient(first))
        .await
        .expect(201)["patient_uid"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Seed 002's example body, with real dates.
fn seed_episode() -> Value {
    json!({
        "name": "covid care",
        "type": "covid",
        "from": "2026-03-29",
        "status": "planning",
        "objective": "care covid patient",
        "reasonIncomplete": "unknown"
    })
}

/// The actions of the organisation's latest 100 audit rows, of `target`
/// only when named.
async fn audit_actions(org: &Org, target: Option<&str>) -> Vec<String> {
    let audit = org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| target.is_none_or(|t| r["target"] == t))
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn put(org: &Org, path: &str, body: Value) -> frontdesk_tests::client::Reply {
    org.api
        .call(Method::PUT, path, Some(&org.key), Some(body))
        .await
}

async fn episodes_of(org: &Org, patient: &str, query: &str) -> Value {
    org.get(&format!(
        "/v1/management/patients/{patient}/episodes{query}"
    ))
    .await
    .expect(200)
}

async fn episodes_of_care(base: String) {
    let clinic = Clinic::new(&base, "Episodes", 1, "America/New_York").await;
    let org = &clinic.org;
    let receiver = Receiver::start(vec![200]).await;
    let sub = org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({ "url": receiver.url, "event_types": ["episode:created", "episode:updated"] }),
        )
        .await
        .expect(201);
    let secret = sub["secret"].as_str().unwrap().to_owned();
    let clara = new_patient(org, "Clara").await;
    let rory = new_patient(org, "Rory").await;

    // Created from seed 002's body; the status is answered in capitals.
    let path = format!("/v1/management/patients/{clara}/episodes");
    let created = org.post(&path, seed_episode()).await.expect(201);
    let episode = created["episode_uid"].as_str().unwrap().to_owned();
    assert!(episode.starts_with("ep_"), "{created}");
    assert_eq!(created["patient_uid"], json!(clara));
    assert_eq!(created["status"], "PLANNING");
    assert_eq!(created["type"], "covid");
    assert_eq!(created["from"], "2026-03-29");
    assert_eq!(created["to"], Value::Null);
    assert_eq!(created["reasonIncomplete"], "unknown");

    // Bad fields are named, and store nothing.
    for (field, value) in [
        ("status", json!("DONE")),
        ("to", json!("2026-03-28")),
        ("from", json!("March 29")),
        ("name", json!("")),
        ("type", json!(7)),
    ] {
        let mut body = seed_episode();
        body[field] = value;
        let err = org
            .post(&path, body)
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(err["field"], field, "{err}");
    }
    let listed = episodes_of(org, &clara, "").await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1, "{listed}");
    org.post("/v1/management/patients/pp_nobody/episodes", seed_episode())
        .await
        .expect_error(404, "not_found");

    // Read and replace; the patient stays.
    let got = org
        .get(&format!("/v1/management/episodes/{episode}"))
        .await
        .expect(200);
    assert_eq!(got, created);
    let mut next = seed_episode();
    next["status"] = json!("ACTIVE");
    next["to"] = json!("2026-05-01");
    next["objective"] = Value::Null;
    let updated = put(org, &format!("/v1/management/episodes/{episode}"), next)
        .await
        .expect(200);
    assert_eq!(updated["status"], "ACTIVE");
    assert_eq!(updated["to"], "2026-05-01");
    assert_eq!(updated["objective"], Value::Null);
    assert_eq!(updated["patient_uid"], json!(clara));
    assert_eq!(updated["created_at"], created["created_at"]);
    put(
        org,
        &format!("/v1/management/episodes/{episode}"),
        json!({ "name": "x" }),
    )
    .await
    .expect_error(400, "invalid_request");

    // A second episode pages the list.
    let mut second = seed_episode();
    second["name"] = json!("knee rehab");
    let second = org.post(&path, second).await.expect(201);
    let first_page = episodes_of(org, &clara, "?limit=1").await;
    let cursor = first_page["next_cursor"].as_str().expect("a second page");
    let second_page = episodes_of(org, &clara, &format!("?limit=1&cursor={cursor}")).await;
    let mut uids: Vec<Value> = [&first_page, &second_page]
        .iter()
        .map(|p| p["data"][0]["episode_uid"].clone())
        .collect();
    uids.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    let mut expected = vec![json!(episode), second["episode_uid"].clone()];
    expected.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    assert_eq!(uids, expected);
    assert!(episodes_of(org, &rory, "").await["data"]
        .as_array()
        .unwrap()
        .is_empty());

    // Appointments: Clara's joins her episode; Rory's may not.
    let type_uid = clinic.consult_type().await;
    let hers = booked(&clinic, &type_uid, 2, 10, &clara).await;
    let his = booked(&clinic, &type_uid, 2, 11, &rory).await;
    let assign = |appointment: &str| format!("/v1/management/appointments/{appointment}/episode");
    let answer = put(org, &assign(&hers), json!({ "episode_uid": episode }))
        .await
        .expect(200);
    assert_eq!(answer["episode_of_care_uid"], json!(episode));
    put(org, &assign(&his), json!({ "episode_uid": episode }))
        .await
        .expect_error(409, "episode_of_another_patient");
    let unknown = put(
        org,
        &assign(&hers),
        json!({ "episode_uid": "ep_00000000000000000000000000" }),
    )
    .await
    .expect_error(404, "not_found");
    assert_eq!(unknown["field"], "episode_uid");
    let missing = put(org, &assign(&hers), json!({}))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(missing["field"], "episode_uid");

    let of_episode = format!("/v1/management/episodes/{episode}/appointments");
    let listed = settled(
        || async { org.get(&of_episode).await.expect(200) },
        |v: &Value| v["appointments"].as_array().is_some_and(|a| a.len() == 1),
    )
    .await;
    assert_eq!(listed["episode"]["episode_uid"], json!(episode));
    let only = &listed["appointments"][0];
    assert_eq!(only["appointment_uid"], json!(hers));
    assert_eq!(only["status"], "confirmed");
    assert_eq!(only["episode_of_care_uid"], json!(episode));
    assert_eq!(only["doctor_uid"], json!(clinic.doctors[0].0));

    // Moved to her second episode, then out of any.
    let second_uid = second["episode_uid"].as_str().unwrap();
    put(org, &assign(&hers), json!({ "episode_uid": second_uid }))
        .await
        .expect(200);
    let moved = org.get(&of_episode).await.expect(200);
    assert!(
        moved["appointments"].as_array().unwrap().is_empty(),
        "{moved}"
    );
    let out = put(org, &assign(&hers), json!({ "episode_uid": null }))
        .await
        .expect(200);
    assert_eq!(out["episode_of_care_uid"], Value::Null);
    let emptied = org
        .get(&format!(
            "/v1/management/episodes/{second_uid}/appointments"
        ))
        .await
        .expect(200);
    assert!(emptied["appointments"].as_array().unwrap().is_empty());

    // Scopes: a key without `records:*` is refused; one with
    // `records:read` reads but does not write.
    let patients_only = org.key_with(&["patients:read", "patients:write"]).await;
    org.api
        .call(
            Method::GET,
            &format!("/v1/management/episodes/{episode}"),
            Some(&patients_only),
            None,
        )
        .await
        .expect_error(403, "missing_scope");
    let reader = org.key_with(&["records:read"]).await;
    org.api
        .call(Method::GET, &of_episode, Some(&reader), None)
        .await
        .expect(200);
    org.api
        .call(Method::POST, &path, Some(&reader), Some(seed_episode()))
        .await
        .expect_error(403, "missing_scope");

    // Two creations and one update were announced, signed, with no
    // clinical text in them.
    let got = receiver.wait_for(3, 30).await;
    let mut events: Vec<Value> = got
        .iter()
        .map(|r| {
            let ts: i64 = r.headers["webhook-timestamp"].parse().unwrap();
            let expected = frontdesk_core::webhook::sign(
                &secret,
                &r.headers["webhook-id"],
                ts,
                r.body.as_bytes(),
            )
            .unwrap();
            assert_eq!(r.headers["webhook-signature"], expected);
            serde_json::from_str(&r.body).unwrap()
        })
        .collect();
    events.sort_by(|a, b| a["occurred_at"].as_str().cmp(&b["occurred_at"].as_str()));
    let seen: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap(),
                e["data"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("episode:created", "PLANNING"),
            ("episode:updated", "ACTIVE"),
            ("episode:created", "PLANNING"),
        ]
    );
    assert_eq!(events[0]["data"]["episode_uid"], json!(episode));
    assert_eq!(events[0]["data"]["patient_uid"], json!(clara));
    assert!(!events[0]["data"].to_string().contains("covid"));

    // Every read and write is in the audit log.
    let audit = org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    let actions: Vec<(&str, &str, &str)> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
                r["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    for wanted in [
        ("episode.created", episode.as_str(), "ok"),
        ("episode.updated", episode.as_str(), "ok"),
        ("episode.read", episode.as_str(), "ok"),
        ("episode.read (list)", clara.as_str(), "ok"),
        ("episode.read (appointments)", episode.as_str(), "ok"),
        ("appointment.episode_assigned", hers.as_str(), "ok"),
        ("appointment.episode_assigned", hers.as_str(), "not_found"),
        ("episode.created", "pp_nobody", "not_found"),
    ] {
        assert!(actions.contains(&wanted), "{wanted:?} in {actions:?}");
    }
}

/// Another organisation's patient, episode and appointment are unknown
/// on every records route.
async fn other_tenants(base: String) {
    let clinic = Clinic::new(&base, "Records owner", 1, "Europe/London").await;
    let owner = &clinic.org;
    let clara = new_patient(owner, "Clara").await;
    let episode = owner
        .post(
            &format!("/v1/management/patients/{clara}/episodes"),
            seed_episode(),
        )
        .await
        .expect(201)["episode_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let type_uid = clinic.consult_type().await;
    let appointment = booked(&clinic, &type_uid, 3, 10, &clara).await;

    let other = Clinic::new(&base, "Records stranger", 0, "Europe/London")
        .await
        .org;
    let theirs = new_patient(&other, "Rose").await;
    let their_episode = other
        .post(
            &format!("/v1/management/patients/{theirs}/episodes"),
            seed_episode(),
        )
        .await
        .expect(201)["episode_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::POST,
            format!("/v1/management/patients/{clara}/episodes"),
            Some(seed_episode()),
        ),
        (
            Method::GET,
            format!("/v1/management/patients/{clara}/episodes"),
            None,
        ),
        (
            Method::GET,
            format!("/v1/management/episodes/{episode}"),
            None,
        ),
        (
            Method::PUT,
            format!("/v1/management/episodes/{episode}"),
            Some(seed_episode()),
        ),
        (
            Method::GET,
            format!("/v1/management/episodes/{episode}/appointments"),
            None,
        ),
        (
            Method::PUT,
            format!("/v1/management/appointments/{appointment}/episode"),
            Some(json!({ "episode_uid": their_episode })),
        ),
    ];
    for (method, path, body) in calls {
        other
            .api
            .call(method.clone(), &path, Some(&other.key), body)
            .await
            .expect_error(404, "not_found");
    }
    // And the owner cannot put their appointment in the stranger's episode.
    let refused = owner
        .api
        .call(
            Method::PUT,
            &format!("/v1/management/appointments/{appointment}/episode"),
            Some(&owner.key),
            Some(json!({ "episode_uid": their_episode })),
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(refused["field"], "episode_uid", "{refused}");
    // Nothing changed for the owner.
    let still = owner
        .get(&format!("/v1/management/episodes/{episode}"))
        .await
        .expect(200);
    assert_eq!(still["status"], "PLANNING");
}

async fn put_note(
    org: &Org,
    appointment: &str,
    if_match: Option<&str>,
    body: Value,
) -> (u16, Option<String>, Value) {
    let mut req = reqwest::Client::new()
        .put(format!(
            "{}/v1/management/appointments/{appointment}/note",
            org.api.base
        ))
        .header("X-API-Key", &org.key)
        .json(&body);
    if let Some(tag) = if_match {
        req = req.header("If-Match", tag);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, etag, res.json().await.unwrap_or(Value::Null))
}

async fn visit_notes(base: String) {
    let clinic = Clinic::new(&base, "Notes", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let clara = new_patient(org, "Clara").await;
    let template = org
        .post(
            "/v1/management/note-templates",
            json!({
                "name": "Acute Neurology",
                "flow": { "sections": [
                    { "name": "History", "questions": ["Onset", "Allergies"] },
                    { "name": "Exam", "questions": ["Gait"] }
                ] }
            }),
        )
        .await
        .expect(201);
    let template_uid = template["template_uid"].as_str().unwrap().to_owned();
    assert_eq!(template["shop_uids"], json!([]));
    // A template for another shop only, which this clinic's visits may
    // not use.
    let elsewhere = org
        .post(
            "/v1/management/shops",
            json!({ "name": "Elsewhere", "address": "2 Quay", "time_zone": "Europe/Berlin" }),
        )
        .await
        .expect(201)["shop_uid"]
        .clone();
    let other_shop_template = org
        .post(
            "/v1/management/note-templates",
            json!({ "name": "Elsewhere only", "shop_uids": [elsewhere],
                    "flow": { "sections": [{ "name": "A", "questions": ["B"] }] } }),
        )
        .await
        .expect(201)["template_uid"]
        .clone();
    let bad = org
        .post(
            "/v1/management/note-templates",
            json!({ "name": "x", "flow": { "sections": [{ "name": "A", "questions": [] }] } }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "flow");
    let ours = org
        .get(&format!(
            "/v1/management/note-templates?shop_uid={}",
            clinic.shop.shop_uid
        ))
        .await
        .expect(200);
    assert_eq!(ours["data"].as_array().unwrap().len(), 1, "{ours}");
    assert_eq!(ours["data"][0]["template_uid"], json!(template_uid));

    let type_uid = clinic.consult_type().await;
    let visit = booked(&clinic, &type_uid, 2, 10, &clara).await;
    let path = format!("/v1/management/appointments/{visit}/note");
    let empty = org.get(&path).await.expect(200);
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["template"], Value::Null);

    let answers = |onset: &str| {
        json!({
            "template_uid": template_uid,
            "answers": [{ "question": ["History", "Onset"], "response": [onset] }]
        })
    };
    // No If-Match: 428; a stranger's tag: 412.
    let (status, _, _) = put_note(org, &visit, None, answers("x")).await;
    assert_eq!(status, 428);
    let (status, _, _) = put_note(org, &visit, Some("\"v7\""), answers("x")).await;
    assert_eq!(status, 412);
    let (status, _, err) = put_note(org, &visit, Some("*"), answers("x")).await;
    assert_eq!((status, &err["error"]["field"]), (400, &json!("If-Match")));
    // A question the template does not ask, a template for another shop.
    let (status, _, err) = put_note(
        org,
        &visit,
        Some("\"v0\""),
        json!({ "template_uid": template_uid, "answers": [{ "question": ["Exam", "Onset"], "response": [] }] }),
    )
    .await;
    assert_eq!(
        (status, &err["error"]["field"]),
        (400, &json!("answers")),
        "{err}"
    );
    let (status, _, err) = put_note(
        org,
        &visit,
        Some("\"v0\""),
        json!({ "template_uid": other_shop_template, "answers": [] }),
    )
    .await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (409, &json!("template_not_for_shop"))
    );

    // Two clinicians write over the same version at once: one wins.
    let (a, b) = tokio::join!(
        put_note(org, &visit, Some("\"v0\""), answers("yesterday")),
        put_note(org, &visit, Some("\"v0\""), answers("last week")),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 412], "{a:?} {b:?}");
    let (winner, loser) = if a.0 == 200 { (a, b) } else { (b, a) };
    assert_eq!(loser.2["error"]["code"], "precondition_failed");
    assert_eq!(winner.1.as_deref(), Some("\"v1\""));
    let stored = org.get(&path).await.expect(200);
    assert_eq!(stored["version"], 1);
    assert_eq!(stored["answers"], winner.2["answers"]);
    assert_eq!(stored["template"]["name"], "Acute Neurology");

    // The loser reads again and reapplies over the new version.
    let (status, etag, again) = put_note(org, &visit, Some("\"v1\""), answers("last week")).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(etag.as_deref(), Some("\"v2\""));
    assert_eq!(again["answers"][0]["response"], json!(["last week"]));

    // Comments keep the version.
    let commented = org
        .post(
            &format!("{path}/comments"),
            json!({ "message": "Asked for a follow-up call." }),
        )
        .await
        .expect(201);
    assert_eq!(commented["version"], 2);
    assert_eq!(
        commented["comments"][0]["message"],
        "Asked for a follow-up call."
    );
    assert_eq!(
        commented["comments"][0]["author"],
        json!(org
            .key
            .split('_')
            .nth(1)
            .map(|id| format!("key_{id}"))
            .unwrap())
    );
    org.post(&format!("{path}/comments"), json!({ "message": " " }))
        .await
        .expect_error(400, "invalid_request");

    // The episode's list says the visit has notes.
    let episode = org
        .post(
            &format!("/v1/management/patients/{clara}/episodes"),
            seed_episode(),
        )
        .await
        .expect(201)["episode_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    put(
        org,
        &format!("/v1/management/appointments/{visit}/episode"),
        json!({ "episode_uid": episode }),
    )
    .await
    .expect(200);
    let listed = settled(
        || async {
            org.get(&format!("/v1/management/episodes/{episode}/appointments"))
                .await
                .expect(200)
        },
        |v: &Value| v["appointments"].as_array().is_some_and(|a| a.len() == 1),
    )
    .await;
    assert_eq!(listed["appointments"][0]["hasNotes"], true);

    // Every read and write is audited; another tenant sees nothing.
    let owned = audit_actions(org, Some(&visit)).await;
    let actions: Vec<&str> = owned.iter().map(String::as_str).collect();
    for wanted in [
        "visit_note.read",
        "visit_note.updated",
        "visit_note.commented",
    ] {
        assert!(actions.contains(&wanted), "{wanted} in {actions:?}");
    }
    let stranger = Clinic::new(&base, "Notes stranger", 0, "Europe/Berlin")
        .await
        .org;
    stranger.get(&path).await.expect_error(404, "not_found");
    let (status, _, _) = put_note(&stranger, &visit, Some("\"v2\""), answers("x")).await;
    assert_eq!(status, 404);
    stranger
        .post(&format!("{path}/comments"), json!({ "message": "hi" }))
        .await
        .expect_error(404, "not_found");
    let theirs = stranger
        .get("/v1/management/note-templates")
        .await
        .expect(200);
    assert!(theirs["data"].as_array().unwrap().is_empty());
    assert_eq!(org.get(&path).await.expect(200)["version"], 2);
}

const MAX: usize = 5 * 1024 * 1024;

/// A PDF of exactly `len` bytes.
fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(len, b'0');
    bytes
}

async fn upload(org: &Org, appointment: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
    let res = org
        .api
        .http
        .post(format!(
            "{}/v1/management/appointments/{appointment}/attachments?fileName={name}",
            org.api.base
        ))
        .header("X-API-Key", &org.key)
        .header("Content-Type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// A chunked upload, which declares no length: raw HTTP/1.1, as no client
/// here sends one otherwise.
async fn upload_chunked(org: &Org, appointment: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = reqwest::Url::parse(&org.api.base).unwrap();
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let mut tcp = tokio::net::TcpStream::connect(&host).await.unwrap();
    let chunk = b"%PDF-1.7\nhello";
    let request = format!(
        "POST /v1/management/appointments/{appointment}/attachments HTTP/1.1\r\nHost: {host}\r\nX-API-Key: {}\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n",
        org.key,
        chunk.len()
    );
    tcp.write_all(request.as_bytes()).await.unwrap();
    tcp.write_all(chunk).await.unwrap();
    tcp.write_all(b"\r\n0\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    tcp.read_to_end(&mut answer).await.unwrap();
    let text = String::from_utf8_lossy(&answer);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

async fn attachments(base: String) {
    let clinic = Clinic::new(&base, "Attachments", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic.consult_type().await;
    // The patient books with a booking token, so the appointment is theirs.
    let secret = crate::booking::create_secret(&clinic).await;
    let token = crate::booking::token(&secret, &crate::booking::claims("att-customer"));
    let visit = crate::booking::as_patient(
        &clinic,
        &token,
        Method::POST,
        "/v1/booking/appointments",
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
    .expect(201)["appointment_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/management/appointments/{visit}/attachments");

    // 5 MiB exactly is taken; one byte more is not.
    let (status, stored) = upload(org, &visit, "scan.pdf", pdf(MAX)).await;
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["size"], MAX);
    assert_eq!(stored["mime_type"], "application/pdf");
    assert_eq!(stored["title"], "scan.pdf");
    assert_eq!(stored["deleted"], false);
    let (status, err) = upload(org, &visit, "big.pdf", pdf(MAX + 1)).await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (413, &json!("payload_too_large"))
    );
    // An executable renamed `.pdf`, sent as a PDF, is refused by its bytes.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
    exe.resize(4096, 0);
    let (status, err) = upload(org, &visit, "invoice.pdf", exe).await;
    assert_eq!(
        (status, &err["error"]["code"]),
        (415, &json!("unsupported_media_type"))
    );
    assert_eq!(upload_chunked(org, &visit).await, 411);
    // A PNG whose name tries to climb out of its directory.
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend_from_slice(&[7; 100]);
    let (status, image) = upload(org, &visit, "..%2F..%2Fetc%2Fx.png", png.clone()).await;
    assert_eq!(status, 201, "{image}");
    assert_eq!(image["title"], "x.png");
    assert_eq!(image["mime_type"], "image/png");

    let listed = org.get(&path).await.expect(200);
    let titles: Vec<&str> = listed["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["scan.pdf", "x.png"], "only what was taken");

    // A link downloads the bytes with no credential.
    let image_uid = image["attachment_uid"].as_str().unwrap();
    let link = org
        .get(&format!("{path}/{image_uid}/link"))
        .await
        .expect(200);
    let url = link["url"].as_str().unwrap().to_owned();
    assert!(url.contains("/v1/attachments/"), "{link}");
    let got = reqwest::get(&url).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert!(got.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("x.png"));
    assert_eq!(got.bytes().await.unwrap().to_vec(), png);
    // A tampered link is nobody's.
    let tampered = format!("{}x", &url);
    assert_eq!(reqwest::get(&tampered).await.unwrap().status(), 404);

    // The patient lists and downloads their own visit's files.
    let mine = crate::booking::as_patient(
        &clinic,
        &token,
        Method::GET,
        &format!("/v1/booking/appointments/{visit}/attachments"),
        None,
    )
    .await
    .expect(200);
    assert_eq!(mine["attachments"].as_array().unwrap().len(), 2);
    let their_link = crate::booking::as_patient(
        &clinic,
        &token,
        Method::GET,
        &format!("/v1/booking/appointments/{visit}/attachments/{image_uid}/link"),
        None,
    )
    .await
    .expect(200);
    let got = reqwest::get(their_link["url"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    // But not another patient's.
    let other = booked(&clinic, &type_uid, 3, 11, "pp-someone-else").await;
    crate::booking::as_patient(
        &clinic,
        &token,
        Method::GET,
        &format!("/v1/booking/appointments/{other}/attachments"),
        None,
    )
    .await
    .expect_error(404, "not_found");

    // Deleting is soft: still listed, no longer served, even by old links.
    org.api
        .call(
            Method::DELETE,
            &format!("{path}/{image_uid}"),
            Some(&org.key),
            None,
        )
        .await
        .expect(204);
    let listed = org.get(&path).await.expect(200);
    assert_eq!(listed["attachments"][1]["deleted"], true);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 404);
    org.get(&format!("{path}/{image_uid}/link"))
        .await
        .expect_error(404, "not_found");

    // Reads are audited, downloads included.
    let owned = audit_actions(org, None).await;
    let actions: Vec<&str> = owned.iter().map(String::as_str).collect();
    for wanted in [
        "attachment.uploaded",
        "attachment.listed",
        "attachment.link",
        "attachment.downloaded",
        "attachment.deleted",
    ] {
        assert!(actions.contains(&wanted), "{wanted} in {actions:?}");
    }

    // Another organisation sees none of it.
    let stranger = Clinic::new(&base, "Attachments stranger", 0, "Europe/Berlin")
        .await
        .org;
    let scan = stored["attachment_uid"].as_str().unwrap();
    stranger.get(&path).await.expect_error(404, "not_found");
    stranger
        .get(&format!("{path}/{scan}/link"))
        .await
        .expect_error(404, "not_found");
    let (status, _) = upload(&stranger, &visit, "x.pdf", pdf(100)).await;
    assert_eq!(status, 404);
    let deleted = stranger
        .api
        .call(
            Method::DELETE,
            &format!("{path}/{scan}"),
            Some(&stranger.key),
            None,
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(deleted["code"], "not_found");
    assert_eq!(
        org.get(&path).await.expect(200)["attachments"][0]["deleted"],
        false
    );
}

async fn patient_documents(base: String) {
    let clinic = Clinic::new(&base, "Documents", 0, "Europe/Berlin").await;
    let org = &clinic.org;
    let clara = new_patient(org, "Clara").await;
    let path = format!("/v1/management/patients/{clara}/documents");
    // Seed 002's example, as written.
    let seed = json!({
        "name": "document name",
        "dateTime": 1510367140,
        "responses": [{ "question": "question 1", "response": "response to question 1" }]
    });
    let made = org.post(&path, seed).await.expect(201);
    assert!(made["document_uid"].as_str().unwrap().starts_with("pdoc_"));
    assert_eq!(made["dateTime"], "2017-11-11T02:25:40.000Z");
    let second = org
        .post(
            &path,
            json!({ "name": "intake", "dateTime": "2026-11-02T09:00:00Z", "responses": [] }),
        )
        .await
        .expect(201);
    let err = org
        .post(
            &path,
            json!({ "name": "x", "dateTime": "soon", "responses": [] }),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(err["field"], "dateTime");
    let listed = org.get(&path).await.expect(200);
    assert_eq!(listed["data"], json!([made, second]));
    org.get("/v1/management/patients/pp_nobody/documents")
        .await
        .expect_error(404, "not_found");
    let stranger = Clinic::new(&base, "Documents stranger", 0, "Europe/Berlin")
        .await
        .org;
    stranger.get(&path).await.expect_error(404, "not_found");
    stranger
        .post(
            &path,
            json!({ "name": "x", "dateTime": 1510367140, "responses": [] }),
        )
        .await
        .expect_error(404, "not_found");
    assert_eq!(
        org.get(&path).await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// On a server of its own whose download links last 2 seconds: a link
/// works, then is 410.
pub fn download_link_expires() -> Result<(), libtest_mimic::Failed> {
    let state = tempfile::tempdir().map_err(|e| libtest_mimic::Failed::from(e.to_string()))?;
    let mut server = frontdesk_tests::server::Server::start(
        state.path(),
        &[
            ("ATTACHMENT_LINK_TTL_SECONDS", "2"),
            ("ENCOUNTER_REPORT_TTL_SECONDS", "2"),
        ],
    );
    let base = server.base.clone();
    let r2 = state.path().join("v3/r2");
    crate::block_on(async move {
        let clinic = Clinic::new(&base, "Link expiry", 1, "Europe/Berlin").await;
        let org = &clinic.org;
        let type_uid = clinic.consult_type().await;
        let visit = booked(&clinic, &type_uid, 2, 10, "pp-expiry").await;
        let (status, stored) = upload(org, &visit, "a.pdf", pdf(1000)).await;
        assert_eq!(status, 201, "{stored}");
        let uid = stored["attachment_uid"].as_str().unwrap();
        let link = org
            .get(&format!(
                "/v1/management/appointments/{visit}/attachments/{uid}/link"
            ))
            .await
            .expect(200);
        let url = link["url"].as_str().unwrap();
        assert_eq!(reqwest::get(url).await.unwrap().status(), 200);
        tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
        let late = reqwest::get(url).await.unwrap();
        assert_eq!(late.status(), 410);
        let body: Value = late.json().await.unwrap();
        assert_eq!(body["error"]["code"], "gone");

        // An encounter report is served until it expires, and its archive
        // is then deleted from R2.
        let ordered = org
            .post(
                "/v1/management/reports/encounters",
                json!({ "from": clinic.at(2, 0, 0), "to": clinic.at(3, 0, 0), "password": "pw-£-123456" }),
            )
            .await
            .expect(202);
        let uid = ordered["report_uid"].as_str().unwrap().to_owned();
        let done = settled(
            || async {
                org.get(&format!("/v1/management/reports/encounters/{uid}"))
                    .await
                    .expect(200)
            },
            |v: &Value| v["status"] != "pending",
        )
        .await;
        assert_eq!(done["status"], "completed", "{done}");
        let key = format!("reports/{}/{uid}.zip", org.org_uid);
        assert_eq!(r2_keys(&r2, &key), 1, "the archive is in R2");
        tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
        let download = format!("/v1/management/reports/encounters/{uid}/download");
        org.get(&download).await.expect_error(410, "gone");
        let deleted = settled(|| async { r2_keys(&r2, &key) }, |n: &usize| *n == 0).await;
        assert_eq!(deleted, 0, "the expired archive was deleted from R2");
    });
    server.stop();
    Ok(())
}

/// How many objects named `key` the local R2 of a server's state holds
/// (miniflare keeps each bucket's objects in a SQLite file).
fn r2_keys(r2: &std::path::Path, key: &str) -> usize {
    let mut found = 0;
    let Ok(dirs) = std::fs::read_dir(r2) else {
        return 0;
    };
    for dir in dirs.flatten() {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".sqlite") || name == "metadata.sqlite" {
                continue;
            }
            let rows = crate::sqlite_rows(
                &path,
                &format!("SELECT COUNT(*) FROM _mf_objects WHERE key = '{key}'"),
            );
            found += rows.first().and_then(|r| r[0].as_u64()).unwrap_or(0) as usize;
        }
    }
    found
}

/// Splits RFC 4180 CSV into records of fields (quotes, doubled quotes,
/// CRLF inside quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last line ends with CRLF"
    );
    records
}

/// On a server of its own: 10,000 visits written straight into the read
/// model, then the report streamed and parsed back.
pub fn ten_thousand_visits_csv() -> Result<(), libtest_mimic::Failed> {
    let state = tempfile::tempdir().map_err(|e| libtest_mimic::Failed::from(e.to_string()))?;
    let mut server = frontdesk_tests::server::Server::start(state.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = server.base.clone();
    let (clinic, template) = rt.block_on(async {
        let clinic = Clinic::new(&base, "Report", 1, "UTC").await;
        let type_uid = clinic.consult_type().await;
        let booked = clinic
            .book(0, &type_uid, &clinic.at(1, 9, 0), "pp-report", "confirmed")
            .await;
        (clinic, booked)
    });
    server.stop();
    // One a minute from 2026-03-01; row 7 carries a formula and a comma.
    let sql = frontdesk_tests::seed::visits_sql(&clinic, &template, 10_000, 1_772_323_200_000);
    let file = state.path().join("visits.sql");
    std::fs::write(&file, sql).unwrap();
    server.d1(Some(&file), None);
    server.resume();
    let (first, last) = (
        frontdesk_tests::seed::visit_uid(&clinic, 0),
        frontdesk_tests::seed::visit_uid(&clinic, 9_999),
    );
    rt.block_on(async {
        let org = Org {
            api: frontdesk_tests::client::Api::new(&server.base),
            ..clinic.org
        };
        let res = org
            .api
            .http
            .get(format!(
                "{}/v1/management/reports/visits.csv?from=2026-03-01&to=2026-03-31",
                org.api.base
            ))
            .header("X-API-Key", &org.key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        // Streamed: no length known in advance.
        assert!(res.headers().get("content-length").is_none());
        let text = res.text().await.unwrap();
        let records = parse_csv(&text);
        assert_eq!(records.len(), 1 + 10_000, "a header and every visit");
        assert_eq!(records[0][0], "appointment_uid");
        assert_eq!(records[1][0], first);
        assert_eq!(records[10_000][0], last);
        assert!(records.iter().all(|r| r.len() == 11));
        // The formula arrives as text, its quotes and comma intact.
        assert_eq!(records[8][10], "'=HYPERLINK(\"http://x\"), said \"no\"");
        // A narrower range, and a wrong one.
        let one_day = org
            .api
            .http
            .get(format!(
                "{}/v1/management/reports/visits.csv?from=2026-03-02&to=2026-03-02",
                org.api.base
            ))
            .header("X-API-Key", &org.key)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(parse_csv(&one_day).len(), 1 + 24 * 60, "one a minute");
        org.get("/v1/management/reports/visits.csv?from=2026-03-02&to=2026-03-01")
            .await
            .expect_error(400, "invalid_request");
    });
    server.stop();
    Ok(())
}

/// Opens `zip` with pyzipper (the fuzzer's venv holds it), an AES-zip
/// reader independent of ours: its one file's text, or the error.
fn pyzipper_read(zip: &[u8], password: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.zip");
    std::fs::write(&path, zip).unwrap();
    let python = frontdesk_tests::server::repo_root().join(".venv-schemathesis/bin/python");
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(
            "import sys, pyzipper\n\
             with pyzipper.AESZipFile(sys.argv[1]) as z:\n\
             \x20   z.setpassword(sys.argv[2].encode('utf-8'))\n\
             \x20   names = z.namelist()\n\
             \x20   assert len(names) == 1, names\n\
             \x20   sys.stdout.write(z.read(names[0]).decode('utf-8'))\n",
        )
        .arg(&path)
        .arg(password)
        .output()
        .expect("run pyzipper (scripts/bootstrap.sh installs it)");
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

async fn encounter_report(base: String) {
    let clinic = Clinic::new(&base, "Encounters", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic.consult_type().await;
    let mut visits = Vec::new();
    for (i, hour) in [9u32, 10, 11].iter().enumerate() {
        visits.push(booked(&clinic, &type_uid, 2, *hour, &format!("pp-enc-{i}")).await);
    }
    // A reason a spreadsheet would run as a formula.
    org.post(
        &format!("/v1/management/appointments/{}/cancel", visits[1]),
        json!({ "reason": "=cmd|' /C calc'!A0" }),
    )
    .await
    .expect(200);
    let password = "IK5adv2N5V-gr£9v6";
    let order = json!({
        "from": clinic.at(2, 0, 0),
        "to": clinic.at(3, 0, 0),
        "presetId": "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469",
        "password": password
    });
    // The read model must have all three, the cancellation included.
    settled(
        || async {
            org.get(&format!(
                "/v1/management/appointments?shop_uid={}&status=confirmed,cancelled&from={}&to={}",
                clinic.shop.shop_uid,
                clinic.at(2, 0, 0),
                clinic.at(3, 0, 0)
            ))
            .await
            .expect(200)
        },
        |v: &Value| {
            v["data"].as_array().is_some_and(|a| {
                a.len() == 3 && a.iter().filter(|x| x["status"] == "cancelled").count() == 1
            })
        },
    )
    .await;
    let ordered = org
        .post("/v1/management/reports/encounters", order.clone())
        .await
        .expect(202);
    assert_eq!(ordered["status"], "pending");
    let uid = ordered["report_uid"].as_str().unwrap().to_owned();
    let status_path = format!("/v1/management/reports/encounters/{uid}");
    let download = format!(
        "{}/v1/management/reports/encounters/{uid}/download",
        org.api.base
    );
    let done = settled(
        || async { org.get(&status_path).await.expect(200) },
        |v: &Value| v["status"] != "pending",
    )
    .await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["rows"], 3);
    assert!(done["expires_at"].is_string());
    let res = org
        .api
        .http
        .get(&download)
        .header("X-API-Key", &org.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let zip = res.bytes().await.unwrap().to_vec();
    assert_eq!(zip.len() as u64, done["size"].as_u64().unwrap());
    // Nothing of the report is readable without the password.
    assert!(!String::from_utf8_lossy(&zip).contains("pp-enc-0"));
    let text = pyzipper_read(&zip, password).expect("pyzipper opens it with the password");
    let records = parse_csv(&text);
    assert_eq!(records.len(), 4, "{text}");
    assert_eq!(records[0][0], "appointment_uid");
    let uids: Vec<&str> = records[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(uids, visits.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(records[2][1], "cancelled");
    assert_eq!(
        records[2][10], "'=cmd|' /C calc'!A0",
        "a formula stays text"
    );
    let wrong = pyzipper_read(&zip, "IK5adv2N5V-gr9v6").unwrap_err();
    assert!(wrong.contains("password"), "{wrong}");

    // Bad orders name their field, and never echo the password.
    for (field, value) in [
        ("password", json!("short")),
        ("to", json!(clinic.at(1, 0, 0))),
    ] {
        let mut bad = order.clone();
        bad[field] = value;
        let err = org
            .post("/v1/management/reports/encounters", bad)
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(err["field"], field);
        assert!(!err.to_string().contains("IK5adv"));
    }
    // Another organisation sees none of it.
    let stranger = Clinic::new(&base, "Encounters stranger", 0, "Europe/Berlin")
        .await
        .org;
    stranger
        .get(&status_path)
        .await
        .expect_error(404, "not_found");
    let res = stranger
        .api
        .http
        .get(&download)
        .header("X-API-Key", &stranger.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Ordered and downloaded are in the audit log.
    let owned = audit_actions(org, Some(&uid)).await;
    let actions: Vec<&str> = owned.iter().map(String::as_str).collect();
    assert!(
        actions.contains(&"report.encounters_ordered"),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"report.encounters_downloaded"),
        "{actions:?}"
    );
}

async fn seed_002_events(base: String) {
    let clinic = Clinic::new(&base, "Seed 002 events", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let doctor = clinic.doctors[0].0.clone();
    let receiver = Receiver::start(vec![200]).await;
    org.post(
        "/v1/management/webhook-subscriptions",
        json!({ "url": receiver.url, "event_types": [
            "appointment:scheduled", "appointment:rescheduled", "appointment:cancelled",
            "appointment:completed", "appointment:incompleted", "appointment:no-show",
            "appointment:lwbs"
        ] }),
    )
    .await
    .expect(201);
    let type_uid = clinic.consult_type().await;
    let mut uids = Vec::new();
    for (i, hour) in [9u32, 10, 11, 12, 13].iter().enumerate() {
        uids.push(booked(&clinic, &type_uid, 1, *hour, &format!("pp-s2-{i}")).await);
    }
    let act = |uid: &str, action: &str| format!("/v1/management/appointments/{uid}/{action}");
    org.post(&act(&uids[1], "cancel"), json!({ "reason": "called off" }))
        .await
        .expect(200);
    org.post(
        &act(&uids[2], "rebook"),
        json!({ "start": clinic.at(2, 9, 0) }),
    )
    .await
    .expect(201);
    let check_in = |uid: String| async move {
        org.post(&act(&uid, "check-in"), json!({}))
            .await
            .expect(200)["queue_uid"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // Seen and completed.
    let seen = check_in(uids[0].clone()).await;
    org.presence(&clinic.shop, &doctor, true).await;
    let taken = org.allocate(&clinic.shop, &doctor).await.expect(200);
    assert_eq!(taken["queue_uid"], json!(seen));
    org.complete(&seen).await.expect(200);
    // Left while waiting: not seen.
    let left = check_in(uids[3].clone()).await;
    org.api
        .call(
            Method::DELETE,
            &format!("/v1/management/waiting-room/{left}"),
            Some(&org.key),
            None,
        )
        .await
        .expect(200);
    // Left while with the doctor: not finished.
    let cut_short = check_in(uids[4].clone()).await;
    org.allocate(&clinic.shop, &doctor).await.expect(200);
    org.api
        .call(
            Method::DELETE,
            &format!("/v1/management/waiting-room/{cut_short}"),
            Some(&org.key),
            None,
        )
        .await
        .expect(200);

    let got = receiver.wait_for(10, 30).await;
    let mut seen_events: Vec<(String, String)> = got
        .iter()
        .map(|r| {
            let e: Value = serde_json::from_str(&r.body).unwrap();
            (
                e["type"].as_str().unwrap().to_owned(),
                e["data"]["appointment_uid"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    seen_events.sort();
    let mut expected: Vec<(String, String)> = uids
        .iter()
        .map(|u| ("appointment:scheduled".to_owned(), u.clone()))
        .chain([
            ("appointment:cancelled".to_owned(), uids[1].clone()),
            ("appointment:rescheduled".to_owned(), uids[2].clone()),
            ("appointment:completed".to_owned(), uids[0].clone()),
            ("appointment:lwbs".to_owned(), uids[3].clone()),
            ("appointment:incompleted".to_owned(), uids[4].clone()),
        ])
        .collect();
    expected.sort();
    assert_eq!(seen_events, expected);
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(receiver.count(), 10, "nothing more");
}

/// A booking into the shop's pool: `body` without a doctor.
fn pool_booking(clinic: &Clinic, type_uid: &str, start: &str, patient: &str) -> Value {
    let mut body = clinic.booking(0, type_uid, start, patient);
    body.as_object_mut().unwrap().remove("doctor_uid");
    body["status"] = json!("confirmed");
    body
}

/// Pool appointments name no doctor; the pool holds as many visits at a
/// time as doctors are free then (doctors' own bookings count against it,
/// and racing bookings cannot overfill it); the checked-in patient goes to
/// the first doctor who allocates, and the appointment is theirs.
async fn pool_appointments(base: String) {
    let clinic = Clinic::new(&base, "Pool", 2, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic.consult_type().await;
    let book = |body: Value| async move { org.post("/v1/management/appointments", body).await };

    // Two doctors free at 10:00: two pool visits, not three; and no doctor
    // may now take 10:00 for themself.
    let ten = clinic.at(1, 10, 0);
    let first = book(pool_booking(&clinic, &type_uid, &ten, "pp-pool-1"))
        .await
        .expect(201);
    assert_eq!(first["doctor_uid"], Value::Null);
    assert_eq!(first["status"], "confirmed");
    book(pool_booking(&clinic, &type_uid, &ten, "pp-pool-2"))
        .await
        .expect(201);
    book(pool_booking(&clinic, &type_uid, &ten, "pp-pool-3"))
        .await
        .expect_error(409, "slot_taken");
    let mut own = clinic.booking(0, &type_uid, &ten, "pp-own");
    own["status"] = json!("confirmed");
    book(own).await.expect_error(409, "slot_taken");
    // At 10:30 a doctor's own booking leaves one doctor for the pool.
    clinic
        .book(0, &type_uid, &clinic.at(1, 10, 30), "pp-own", "confirmed")
        .await;
    let half_past = clinic.at(1, 10, 30);
    book(pool_booking(&clinic, &type_uid, &half_past, "pp-pool-4"))
        .await
        .expect(201);
    book(pool_booking(&clinic, &type_uid, &half_past, "pp-pool-5"))
        .await
        .expect_error(409, "slot_taken");
    // The slot search agrees: the pool has filled 10:00 and 10:30 for
    // both doctors, and left 11:00 to them.
    let when = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let offered: Vec<_> = clinic
        .slots(&type_uid, 1, 1)
        .await
        .iter()
        .map(|s| when(s["start"].as_str().unwrap()))
        .collect();
    assert!(!offered.contains(&when(&ten)), "{offered:?}");
    assert!(!offered.contains(&when(&half_past)), "{offered:?}");
    let eleven_count = offered
        .iter()
        .filter(|t| **t == when(&clinic.at(1, 11, 0)))
        .count();
    assert_eq!(eleven_count, 2, "{offered:?}");
    // Outside every doctor's hours.
    book(pool_booking(
        &clinic,
        &type_uid,
        &clinic.at(1, 20, 0),
        "pp-late",
    ))
    .await
    .expect_error(409, "slot_unavailable");

    // Five bookings race for 11:00: exactly two get it.
    let eleven = clinic.at(1, 11, 0);
    let racing = (0..5).map(|i| {
        let body = pool_booking(&clinic, &type_uid, &eleven, &format!("pp-race-{i}"));
        book(body)
    });
    let statuses: Vec<u16> = futures_util::future::join_all(racing)
        .await
        .into_iter()
        .map(|r| r.status.as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        3,
        "{statuses:?}"
    );

    // The first pool visit checks in, and waits for any doctor.
    let uid = first["appointment_uid"].as_str().unwrap().to_owned();
    let checked = org
        .post(
            &format!("/v1/management/appointments/{uid}/check-in"),
            json!({}),
        )
        .await
        .expect(200);
    let queue_uid = checked["queue_uid"].as_str().unwrap().to_owned();
    // Doctor 1 allocates first and takes them; doctor 0 then finds no one.
    let (doctor1, doctor0) = (&clinic.doctors[1].0, &clinic.doctors[0].0);
    let taken = org.allocate(&clinic.shop, doctor1).await.expect(200);
    assert_eq!(taken["queue_uid"], queue_uid.as_str());
    assert_eq!(taken["doctor_uid"], doctor1.as_str());
    org.allocate(&clinic.shop, doctor0).await.expect(204);
    let read = org
        .get(&format!("/v1/management/appointments/{uid}"))
        .await
        .expect(200);
    assert_eq!(read["doctor_uid"], doctor1.as_str());
    assert_eq!(read["video_room_id"], taken["video_room_id"]);
    let history: Vec<&str> = read["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["action"].as_str())
        .collect();
    assert!(history.contains(&"taken_from_pool"), "{history:?}");
    // The read model follows: the doctor's filter finds it.
    let listed = settled(
        || async {
            org.get(&format!(
                "/v1/management/appointments?doctor_uid={doctor1}&from={}&to={}",
                clinic.at(1, 0, 0),
                clinic.at(2, 0, 0)
            ))
            .await
            .expect(200)
        },
        |l: &Value| {
            l["data"]
                .as_array()
                .is_some_and(|d| d.iter().any(|a| a["appointment_uid"] == uid.as_str()))
        },
    )
    .await;
    assert!(
        listed["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["appointment_uid"] == uid.as_str()),
        "{listed}"
    );
}

/// Seed 002's appointment fields: reasons, an external id unique in the
/// organisation (looked up, racing bookings get one 201 and one 409 and the
/// loser's slot is free again, kept across a rebooking), an encounter id,
/// an episode of the patient's, a free duration where the shop allows it,
/// and the visit's links by external id, following the visit.
async fn seed_002_fields(base: String) {
    let clinic = Clinic::new(&base, "Seed 002 fields", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let type_uid = clinic.consult_type().await;
    let clara = new_patient(org, "Clara").await;
    let rory = new_patient(org, "Rory").await;
    let episode = org
        .post(
            &format!("/v1/management/patients/{clara}/episodes"),
            seed_episode(),
        )
        .await
        .expect(201)["episode_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let external = "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56";
    let body = |hour: u32, patient: &str, extra: Value| {
        let mut b = clinic.booking(0, &type_uid, &clinic.at(1, hour, 0), patient);
        b["status"] = json!("confirmed");
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let book = |b: Value| async move { org.post("/v1/management/appointments", b).await };

    // Bad fields are named, and nothing is booked.
    for (extra, field) in [
        (json!({ "external_id": "has spaces" }), "external_id"),
        (json!({ "external_id": "x".repeat(129) }), "external_id"),
        (json!({ "reasons": "vomit" }), "reasons"),
        (json!({ "reasons": [1] }), "reasons"),
        (json!({ "reasons": vec!["r"; 11] }), "reasons"),
        (
            json!({ "account_number": "a".repeat(65) }),
            "account_number",
        ),
        (
            json!({ "episode_of_care_uid": "nope" }),
            "episode_of_care_uid",
        ),
        (json!({ "duration_minutes": 2 }), "duration_minutes"),
    ] {
        let e = book(body(9, &clara, extra.clone()))
            .await
            .expect_error(400, "invalid_request");
        assert_eq!(e["field"], field, "{extra}");
    }
    // The shop does not allow free durations yet.
    book(body(9, &clara, json!({ "duration_minutes": 60 })))
        .await
        .expect_error(409, "free_duration_off");
    book(body(9, &rory, json!({ "episode_of_care_uid": episode })))
        .await
        .expect_error(409, "episode_of_another_patient");
    let unknown = "ep_0000000000000000000000000a";
    let e = book(body(9, &clara, json!({ "episode_of_care_uid": unknown })))
        .await
        .expect_error(404, "not_found");
    assert_eq!(e["field"], "episode_of_care_uid");

    // Booked with every field.
    let made = book(body(
        9,
        &clara,
        json!({
            "reasons": ["vomit", " headache "],
            "external_id": external,
            "account_number": "ABC123456789",
            "episode_of_care_uid": episode,
        }),
    ))
    .await
    .expect(201);
    let uid = made["appointment_uid"].as_str().unwrap().to_owned();
    assert_eq!(made["reasons"], json!(["vomit", "headache"]));
    assert_eq!(made["external_id"], external);
    assert_eq!(made["account_number"], "ABC123456789");
    let found = org
        .get(&format!(
            "/v1/management/appointments/by-external-id/{external}"
        ))
        .await
        .expect(200);
    assert_eq!(found["appointment_uid"], uid.as_str());
    assert_eq!(found["reasons"], json!(["vomit", "headache"]));
    org.get("/v1/management/appointments/by-external-id/unknown-id")
        .await
        .expect_error(404, "not_found");
    // In the episode.
    let in_episode = settled(
        || async {
            org.get(&format!("/v1/management/episodes/{episode}/appointments"))
                .await
                .expect(200)
        },
        |l: &Value| l["appointments"].as_array().is_some_and(|d| !d.is_empty()),
    )
    .await;
    assert_eq!(
        in_episode["appointments"][0]["appointment_uid"],
        uid.as_str()
    );

    // The id is taken; two bookings racing for a new one get one 201.
    book(body(10, &clara, json!({ "external_id": external })))
        .await
        .expect_error(409, "identifier_taken");
    let raced = "race-1";
    let (a, b) = tokio::join!(
        book(body(11, &clara, json!({ "external_id": raced }))),
        book(body(12, &rory, json!({ "external_id": raced })))
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
    // The loser's slot was given back: both hours are bookable again but
    // the winner's.
    let winner_hour = if a.status.as_u16() == 201 { 11 } else { 12 };
    let loser_hour = 23 - winner_hour;
    book(body(loser_hour, &rory, json!({}))).await.expect(201);
    book(body(winner_hour, &rory, json!({})))
        .await
        .expect_error(409, "slot_taken");

    // Free durations, once the shop allows them.
    let workflow = format!("/v1/management/shops/{}/workflow", clinic.shop.shop_uid);
    let set = put(
        org,
        &workflow,
        json!({ "intake_step": false, "free_duration": true }),
    )
    .await
    .expect(200);
    assert_eq!(set["free_duration"], true);
    let long = book(body(14, &rory, json!({ "duration_minutes": 60 })))
        .await
        .expect(201);
    let (start, end) = (
        chrono::DateTime::parse_from_rfc3339(long["start"].as_str().unwrap()).unwrap(),
        chrono::DateTime::parse_from_rfc3339(long["end"].as_str().unwrap()).unwrap(),
    );
    assert_eq!(end - start, chrono::Duration::minutes(60));
    // It holds the doctor for the whole hour.
    let mut half = clinic.booking(0, &type_uid, &clinic.at(1, 14, 30), &clara);
    half["status"] = json!("confirmed");
    book(half).await.expect_error(409, "slot_taken");

    // The visit's links: none before check-in, then each follows the visit.
    let links_path = format!("/v1/management/appointments/by-external-id/{external}/visit-links");
    let before = org.get(&links_path).await.expect(200);
    assert_eq!(before["appointment_uid"], uid.as_str());
    assert_eq!(before["patient_visit_url"], Value::Null);
    assert_eq!(before["provider_visit_url"], Value::Null);
    org.post(
        &format!("/v1/management/appointments/{uid}/check-in"),
        json!({}),
    )
    .await
    .expect(200);
    let links = org.get(&links_path).await.expect(200);
    let by_uid = org
        .get(&format!("/v1/management/appointments/{uid}/visit-links"))
        .await
        .expect(200);
    assert_eq!(links["queue_uid"], by_uid["queue_uid"]);
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let patient_link = links["patient_visit_url"].as_str().unwrap();
    let waiting = no_redirects.get(patient_link).send().await.unwrap();
    assert_eq!(
        waiting.status().as_u16(),
        303,
        "the wait page while waiting"
    );
    for clinician in ["provider_visit_url", "assistant_visit_url"] {
        let link = links[clinician].as_str().unwrap();
        assert!(link.starts_with(&format!("{base}/v1/visit/")), "{link}");
    }
    org.allocate(&clinic.shop, &clinic.doctors[0].0)
        .await
        .expect(200);
    let into = no_redirects.get(patient_link).send().await.unwrap();
    assert_eq!(
        into.status().as_u16(),
        302,
        "the room once a doctor has them"
    );

    // A rebooking keeps the id, which now names the new appointment.
    let other = book(body(15, &rory, json!({ "external_id": "moves" })))
        .await
        .expect(201);
    let moved = org
        .post(
            &format!(
                "/v1/management/appointments/{}/rebook",
                other["appointment_uid"].as_str().unwrap()
            ),
            json!({ "start": clinic.at(1, 16, 0) }),
        )
        .await
        .expect(201);
    assert_eq!(moved["external_id"], "moves");
    let now_named = org
        .get("/v1/management/appointments/by-external-id/moves")
        .await
        .expect(200);
    assert_eq!(now_named["appointment_uid"], moved["appointment_uid"]);

    // Another organisation finds none of it.
    let stranger = frontdesk_tests::client::Api::new(&base)
        .create_org("Stranger")
        .await;
    stranger
        .get(&format!(
            "/v1/management/appointments/by-external-id/{external}"
        ))
        .await
        .expect_error(404, "not_found");
    stranger
        .get(&links_path)
        .await
        .expect_error(404, "not_found");
    stranger
        .get(&format!("/v1/management/appointments/{uid}/visit-links"))
        .await
        .expect_error(404, "not_found");
}
