//! Seed 002's perfect answer and virtual nursing, through the vendor
//! Worker: the seed's example bodies as printed (comments removed), the
//! configuration they need, and the rules they keep under concurrency.

use std::sync::Arc;
use std::time::Duration;

use frontdesk_tests::client::{Clinic, Reply};
use libtest_mimic::Trial;
use reqwest::Method;
use serde_json::{json, Value};

use crate::trial;
use crate::vendor::{uncommented, Solo};

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "seed_002_perfect_answer_books_one_visit_a_day_and_fills_the_note",
            base,
            perfect_answer,
        ),
        trial(
            "seed_002_request_assistance_joins_the_nurses_live_queue",
            base,
            request_assistance,
        ),
    ]
}

/// Seed 002's perfect-answer body, as printed.
const PERFECT_ANSWER: &str = r#"{
"firstName": "John",
"lastName": "Doe",
"dob": "2001-01-20", // (string) - Date of birth in ISO 8601 format
"locationId": "123", // (string) - ID of geolocation in FMS
"mrn": "AA-00000001",
"physicianCallbackNumber": "+1-202-555-0150", // (optional)
"requestingProvider": "Bob Dylan",
"callCenterNotified": "2019-12-03T14:32:12Z", // (string, optional) - Date and time in ISO format. Will be used to prefil form question.
"physicianNotified": "2019-12-03T14:32:12Z", // (string, optional) - Date and time in ISO format. Will be used to prefil form question.
"patientLocation": "Patient location", // (optional)
"consultType": "new", // (enum) [ new, update ]
"reason": "EEG Stat", // (enum) [ Stroke, EEG Stat, EEG Routine ]
"caller": "Caller name" // (optional)
}"#;

const LOCATION: &str = "ab25dda0-64e6-4666-8bfe-3277656a6405";
const ALREADY: &str = "A visit has already been created for the patient within 24 hours";

/// The seed's message of a `{"message"}` body, checking its shape.
fn message(reply: Reply, status: u16) -> String {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    let keys: Vec<_> = reply.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["message"], "{}", reply.body);
    reply.body["message"].as_str().unwrap().to_owned()
}

fn error_message(reply: Reply, status: u16) -> String {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    reply.body["error"]["message"].as_str().unwrap().to_owned()
}

fn with_location(body: &str, mrn: &str) -> String {
    uncommented(body)
        .replace("\"123\"", &format!("\"{LOCATION}\""))
        .replace("AA-00000001", mrn)
}

async fn perfect_answer(base: String) {
    let clinic = Clinic::new(&base, "Neurology", 1, "Europe/Berlin").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    // The seed's example as printed: its locationId is not a UUID, and the
    // seed's own error says so.
    assert_eq!(
        error_message(
            solo.post("/qapi/v1/perfect-answer", &uncommented(PERFECT_ANSWER))
                .await,
            400
        ),
        "Bad parameters [locationId: This is not a valid UUID.]"
    );
    let body = with_location(PERFECT_ANSWER, "AA-00000001");
    let unknown = error_message(solo.post("/qapi/v1/perfect-answer", &body).await, 400);
    assert!(
        unknown.starts_with("Bad parameters [locationId:"),
        "{unknown}"
    );
    // Configuration: admin keys only, the seed's templates by default.
    let path = format!("/qapi/v1/perfect-answer/locations/{LOCATION}");
    let booker = clinic
        .org
        .key_with(&["appointments:write", "patients:write"])
        .await;
    let narrow = frontdesk_tests::client::Org {
        api: clinic.org.api.clone(),
        org_uid: clinic.org.org_uid.clone(),
        key: booker,
    };
    let narrow_solo = Solo { org: &narrow };
    error_message(
        narrow_solo
            .put(&path, r#"{"waitingRoom": "Neurology"}"#)
            .await,
        403,
    );
    let saved = solo
        .put(&path, r#"{"waitingRoom": "Neurology"}"#)
        .await
        .expect(200);
    assert_eq!(saved["locationId"], LOCATION);
    assert_eq!(saved["waitingRoom"], "Neurology");
    assert_eq!(saved["templates"]["EEG Stat"], "EEG - Physician Services");
    assert_eq!(
        saved["templates"]["Stroke"],
        "Acute Neurology - Physician Services"
    );
    assert_eq!(
        solo.get("/qapi/v1/perfect-answer/locations")
            .await
            .expect(200),
        json!([saved])
    );
    // Without the reason's template nothing is made, the patient included.
    let missing = error_message(
        narrow_solo.post("/qapi/v1/perfect-answer", &body).await,
        409,
    );
    assert!(missing.contains("EEG - Physician Services"), "{missing}");
    clinic
        .org
        .get("/v1/management/patients/search?mrn=AA-00000001")
        .await
        .expect(404);
    clinic
        .org
        .post(
            "/v1/management/note-templates",
            json!({"name": "EEG - Physician Services", "flow": {"sections": [
                {"name": "Call", "questions": [
                    "Call center notified [callCenterNotified]",
                    "Requesting provider [requestingProvider]",
                    "Callback [physicianCallbackNumber]",
                    "Findings"
                ]}
            ]}}),
        )
        .await
        .expect(201);
    // Two requests for one patient at once: one visit.
    let (a, b) = tokio::join!(
        narrow_solo.post("/qapi/v1/perfect-answer", &body),
        narrow_solo.post("/qapi/v1/perfect-answer", &body)
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{} / {}", a.body, b.body);
    let (made, refused) = if a.status.as_u16() == 201 {
        (a, b)
    } else {
        (b, a)
    };
    assert_eq!(error_message(refused, 409), ALREADY);
    let made = made.body;
    let patient = made["patientId"].as_str().unwrap();
    let visit = made["encounterId"].as_str().unwrap();
    let record = clinic
        .org
        .get(&format!("/v1/management/patients/{patient}"))
        .await
        .expect(200);
    assert_eq!(record["mrn"], "AA-00000001", "{record}");
    assert_eq!(record["birthDate"], "2001-01-20", "{record}");
    let appointment = clinic
        .org
        .get(&format!("/v1/management/appointments/{visit}"))
        .await
        .expect(200);
    assert_eq!(appointment["patient_profile_uid"], patient, "{appointment}");
    assert_eq!(appointment["shop_uid"], clinic.shop.shop_uid.as_str());
    assert_eq!(appointment["reasons"], json!(["EEG Stat"]));
    let note = clinic
        .org
        .get(&format!("/v1/management/appointments/{visit}/note"))
        .await
        .expect(200);
    assert_eq!(
        note["answers"],
        json!([
            {"question": ["Call", "Call center notified [callCenterNotified]"], "response": ["2019-12-03T14:32:12+00:00"]},
            {"question": ["Call", "Requesting provider [requestingProvider]"], "response": ["Bob Dylan"]},
            {"question": ["Call", "Callback [physicianCallbackNumber]"], "response": ["+1-202-555-0150"]}
        ]),
        "{note}"
    );
    // Later the same day, and for another reason: still refused.
    let stroke = body.replace("EEG Stat", "Stroke");
    assert_eq!(
        error_message(
            narrow_solo.post("/qapi/v1/perfect-answer", &stroke).await,
            409
        ),
        ALREADY
    );
    // A patient already on file is found by MRN and brought up to date.
    let existing = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({"mrn": "BB-2", "name": [{"firstName": "Jon", "lastName": "Do"}], "birthDate": "2001-01-02"}),
        )
        .await
        .expect(201)["patient_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = narrow_solo
        .post(
            "/qapi/v1/perfect-answer",
            &with_location(PERFECT_ANSWER, "BB-2"),
        )
        .await
        .expect(201);
    assert_eq!(second["patientId"], existing.as_str());
    let updated = clinic
        .org
        .get(&format!("/v1/management/patients/{existing}"))
        .await
        .expect(200);
    assert_eq!(updated["name"][0]["firstName"], "John");
    assert_eq!(updated["birthDate"], "2001-01-20");
    assert_ne!(second["encounterId"], made["encounterId"]);
    // Another organisation's location ids are its own.
    let other = Clinic::new(&base, "Neurology elsewhere", 1, "Europe/Berlin").await;
    let unknown = error_message(
        Solo { org: &other.org }
            .post("/qapi/v1/perfect-answer", &body)
            .await,
        400,
    );
    assert!(
        unknown.starts_with("Bad parameters [locationId:"),
        "{unknown}"
    );
    solo.call(Method::DELETE, &path, None).await.expect(204);
    error_message(solo.call(Method::DELETE, &path, None).await, 404);
}

/// Seed 002's four request bodies, as printed.
const WARD: &str = r#"{
"building": "hospital", // [string] (required) building name
"floor": "floor 2", // [string] (required) floor number
"room": "431", // [string] (required) room number
"bed": "bed 2" // [string] (optional) bed number
}"#;
const DEPARTMENT: &str = r#"{
"department": "emergency department", // [string] (required) department name
"room": "431", // [string] (required) room number
"bed": "bed 2" // [string] (optional) bed number
}"#;
const BY_MRN: &str = r#"{
"patientMrn": "1234" // [string] (required) patient MRN
}"#;
const BY_DEVICE: &str = r#"{
"deviceSerialNumber": "123457" // [string] (required) serial number of FMS device
}"#;

const MISSING: &str = "Service Request Error: Missing Required Parameters. Please include either Device ID, Patient ID, or a combination of Building, Floor, Room, and Bed (opt.), or Department, Room, and Bed (opt.) to proceed";
const NO_DEVICE: &str = "Device could not be found from the data submitted";
const NOT_FOUND: &str = "Service Request Error: Request not found";

async fn request_assistance(base: String) {
    let clinic = Clinic::new(&base, "Nurses station", 1, "Europe/Berlin").await;
    let solo = Solo { org: &clinic.org };
    const PATH: &str = "/qapi/v1/request-assistance";
    // Nothing configured: every seed body names no device.
    for body in [WARD, DEPARTMENT, BY_MRN, BY_DEVICE] {
        assert_eq!(
            message(solo.post(PATH, &uncommented(body)).await, 404),
            NO_DEVICE
        );
        assert_eq!(
            message(
                solo.call(Method::DELETE, PATH, Some(&uncommented(body)))
                    .await,
                404
            ),
            NO_DEVICE
        );
    }
    for body in [
        "{}",
        r#"{"building": "hospital", "room": "431"}"#,
        r#"{"deviceSerialNumber": ""}"#,
    ] {
        assert_eq!(message(solo.post(PATH, body).await, 400), MISSING);
    }
    assert_eq!(message(solo.get(PATH).await, 400), MISSING);
    // An admin places the patient in a bed with its device.
    let patient = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({"mrn": "1234", "name": [{"firstName": "Yura", "middleName": "A", "lastName": "Lukashik"}], "birthDate": "2024-03-28"}),
        )
        .await
        .expect(201)["patient_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    let bed = json!({"name": "ICC-CL-01-02", "building": "Hospital", "floor": "Floor 2", "room": "431",
                     "bed": "Bed 2", "waitingRoom": "Nurses station",
                     "device": {"serialNumber": "123457", "type": "robot"}, "patientMrn": "1234"});
    let location = solo
        .post("/qapi/v1/care-locations", &bed.to_string())
        .await
        .expect(201);
    assert_eq!(location["patientId"], patient.as_str());
    assert_eq!(
        location["device"],
        json!({"serialNumber": "123457", "type": "robot"})
    );
    let mut same_device = bed.clone();
    same_device["bed"] = json!("Bed 3");
    same_device["patientMrn"] = Value::Null;
    error_message(
        solo.post("/qapi/v1/care-locations", &same_device.to_string())
            .await,
        409,
    );
    let mut no_patient = bed.clone();
    no_patient["patientMrn"] = json!("nobody");
    let refused = error_message(
        solo.post("/qapi/v1/care-locations", &no_patient.to_string())
            .await,
        400,
    );
    assert!(
        refused.starts_with("Bad parameters [patientMrn:"),
        "{refused}"
    );
    // The nurses' live queue, as the doctor portal opens it.
    let mut live = staff_socket(&base, &clinic.org.key, &clinic.shop.shop_uid).await;
    // The seed's ward body (case aside) creates the request.
    let made = solo.post(PATH, &uncommented(WARD)).await.expect(201);
    assert_eq!(made["status"], "incomplete", "{made}");
    assert_eq!(made["device"], "123457");
    assert_eq!(made["careLocation"]["name"], "ICC-CL-01-02");
    assert_eq!(made["careLocation"]["video"]["serialNumber"], "123457");
    assert_eq!(
        made["careLocation"]["video"]["careLocationId"],
        location["id"]
    );
    assert_eq!(made["patient"]["mrn"], "1234");
    assert_eq!(made["patient"]["firstName"], "Yura");
    assert_eq!(made["patient"]["middleName"], "A");
    assert_eq!(made["patient"]["id"], patient.as_str());
    assert_eq!(made["room"], "431");
    assert_eq!(made["location"]["name"], "Nurses station");
    assert_eq!(made["practice"], clinic.org.org_uid.as_str());
    assert_eq!(made["createdFromExternalApi"], true);
    assert_eq!(made["avSessions"], json!([]));
    assert!(made["finishedAt"].is_null());
    let queued = until(&mut live, |q| {
        q["entries"].as_array().is_some_and(|e| {
            e.iter()
                .any(|e| e["visit_reason"] == "Assistance requested at ICC-CL-01-02")
        })
    })
    .await;
    assert!(
        queued.is_some(),
        "the nurses' queue never showed the request"
    );
    // Pressing again, by any of the four names, is the same request.
    let id = made["id"].clone();
    for body in [BY_DEVICE, BY_MRN] {
        assert_eq!(
            solo.post(PATH, &uncommented(body)).await.expect(200)["id"],
            id
        );
    }
    assert_eq!(
        solo.get(&format!("{PATH}?patientMrn=1234"))
            .await
            .expect(200)["id"],
        id
    );
    assert_eq!(
        solo.call(Method::GET, PATH, Some(&uncommented(BY_DEVICE)))
            .await
            .expect(200)["id"],
        id
    );
    // A nurse takes it as a doctor takes a patient, and completes it.
    let nurse = clinic.doctors[0].0.clone();
    clinic.org.allocate(&clinic.shop, &nurse).await.expect(200);
    let taken = solo
        .get(&format!("{PATH}?deviceSerialNumber=123457"))
        .await
        .expect(200);
    assert_eq!(taken["status"], "in_progress", "{taken}");
    assert_eq!(
        taken["avSessions"].as_array().map(Vec::len),
        Some(1),
        "{taken}"
    );
    let queue_uid = queued.unwrap()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["visit_reason"] == "Assistance requested at ICC-CL-01-02")
        .unwrap()["queue_uid"]
        .as_str()
        .unwrap()
        .to_owned();
    clinic.org.complete(&queue_uid).await.expect(200);
    assert_eq!(
        message(
            solo.get(&format!("{PATH}?deviceSerialNumber=123457")).await,
            404
        ),
        NOT_FOUND
    );
    // A department bed; two presses at once make one request, then the
    // seed's DELETE cancels it.
    let ed = json!({"name": "ED-431-2", "department": "Emergency Department", "room": "431", "bed": "bed 2",
                    "waitingRoom": "Nurses station", "device": {"serialNumber": "777"}, "patientMrn": "1234"});
    error_message(
        solo.post("/qapi/v1/care-locations", &ed.to_string()).await,
        409,
    );
    let mut ed = ed;
    ed["patientMrn"] = Value::Null;
    let ed_location = solo
        .post("/qapi/v1/care-locations", &ed.to_string())
        .await
        .expect(201);
    assert_eq!(
        message(solo.post(PATH, &uncommented(DEPARTMENT)).await, 409),
        "Service Request Error: No patient is placed at this care location"
    );
    let mut moved = bed.clone();
    moved["patientMrn"] = Value::Null;
    solo.put(
        &format!(
            "/qapi/v1/care-locations/{}",
            location["id"].as_str().unwrap()
        ),
        &moved.to_string(),
    )
    .await
    .expect(200);
    ed["patientMrn"] = json!("1234");
    let ed_path = format!(
        "/qapi/v1/care-locations/{}",
        ed_location["id"].as_str().unwrap()
    );
    solo.put(&ed_path, &ed.to_string()).await.expect(200);
    let dept = uncommented(DEPARTMENT);
    let (a, b) = tokio::join!(solo.post(PATH, &dept), solo.post(PATH, &dept));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 201], "{} / {}", a.body, b.body);
    assert_eq!(a.body["id"], b.body["id"]);
    error_message(solo.call(Method::DELETE, &ed_path, None).await, 409);
    let cancelled = solo
        .call(Method::DELETE, PATH, Some(&dept))
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["finishedAt"].is_string());
    assert_eq!(
        message(solo.call(Method::GET, PATH, Some(&dept)).await, 404),
        NOT_FOUND
    );
    assert_eq!(
        message(solo.call(Method::DELETE, PATH, Some(&dept)).await, 404),
        NOT_FOUND
    );
    // Other organisations see none of it; the audit log has the admin's changes.
    let other = Clinic::new(&base, "Nurses elsewhere", 1, "Europe/Berlin").await;
    let elsewhere = Solo { org: &other.org };
    assert_eq!(
        message(elsewhere.post(PATH, &uncommented(BY_DEVICE)).await, 404),
        NO_DEVICE
    );
    assert_eq!(
        elsewhere.get("/qapi/v1/care-locations").await.expect(200),
        json!([])
    );
    let audit = clinic
        .org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"care_location.created"), "{actions:?}");
    assert!(actions.contains(&"care_location.updated"), "{actions:?}");
    solo.call(Method::DELETE, &ed_path, None).await.expect(204);
    assert_eq!(
        solo.get("/qapi/v1/care-locations")
            .await
            .expect(200)
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The shop's live queue for staff, opened with an API key.
async fn staff_socket(base: &str, key: &str, shop: &str) -> Socket {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::http::HeaderValue;
    let url = format!(
        "{}/v1/management/waiting-room/live?shop_uid={shop}",
        base.replacen("http", "ws", 1)
    );
    let mut req = url.into_client_request().unwrap();
    req.headers_mut()
        .insert("X-API-Key", HeaderValue::from_str(key).unwrap());
    let (ws, resp) = tokio_tungstenite::connect_async(req)
        .await
        .expect("the live queue opens");
    assert_eq!(resp.status().as_u16(), 101);
    ws
}

/// The first message that satisfies `pred` within 20 seconds.
async fn until(ws: &mut Socket, pred: impl Fn(&Value) -> bool) -> Option<Value> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => {
                let v: Value = serde_json::from_str(&text).unwrap();
                if pred(&v) {
                    return Some(v);
                }
            }
            Ok(Some(Ok(_))) => {}
            _ => return None,
        }
    }
}
