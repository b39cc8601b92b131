//! The vendor-compatible surfaces: seed 002's `/qapi/v1` and seed 003's
//! `/dr/v1`, served by the vendor Worker behind the main one. Seed 002's
//! example bodies are sent as the seed prints them, with only their `//`
//! comments removed.

use std::sync::Arc;

use frontdesk_tests::client::{settled, url_encode, Api, Clinic, Org, Reply};
use libtest_mimic::Trial;
use reqwest::Method;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    vec![
        trial(
            "seed_002_patients_by_id_and_spid_with_the_seeds_bodies",
            base,
            solo_patients,
        ),
        trial(
            "seed_002_keys_errors_and_tenancy",
            base,
            solo_keys_and_tenancy,
        ),
        trial(
            "seed_002_appointments_slots_links_and_online_check_in",
            base,
            solo_appointments,
        ),
        trial("seed_003_workflow_through_dr_v1", base, dr_workflow),
        trial(
            "seed_002_episodes_documents_attachments_and_reports",
            base,
            solo_records,
        ),
        trial("seed_002_visit_note_by_question_id", base, solo_visit_note),
        trial(
            "seed_002_webhooks_deliver_its_encrypted_payload",
            base,
            solo_webhooks,
        ),
        trial(
            "seed_002_context_links_made_with_openssl_redirect",
            base,
            solo_linking,
        ),
        Trial::test("seed_002_ms_teams_link_through_a_local_graph", || {
            crate::block_on(solo_teams());
            Ok(())
        }),
    ]
}

/// A seed 002 client: its key in `Api-Key`, bodies sent as text.
pub struct Solo<'a> {
    pub org: &'a Org,
}

impl Solo<'_> {
    pub async fn call(&self, method: Method, path: &str, body: Option<&str>) -> Reply {
        let mut req = self
            .org
            .api
            .http
            .request(method, format!("{}{path}", self.org.api.base))
            .header("Api-Key", &self.org.key);
        if let Some(body) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(body.to_owned());
        }
        Api::reply(req).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &str) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &str) -> Reply {
        self.call(Method::PUT, path, Some(body)).await
    }

    /// Books the seed's patient (`patientId`) into `room` at `date` (Unix
    /// seconds): seed 002's `{id, visitUrl}`.
    pub async fn visit_at(&self, room: &str, date: i64) -> Value {
        let body = json!({ "waitingRoom": room, "date": date });
        self.post(
            "/qapi/v1/patients/patientId/appointments",
            &body.to_string(),
        )
        .await
        .expect(201)
    }
}

/// A seed example as printed, minus its `//` comments (outside strings).
pub fn uncommented(example: &str) -> String {
    example
        .lines()
        .map(|line| {
            let mut in_string = false;
            let mut prev = ' ';
            for (i, c) in line.char_indices() {
                match c {
                    '"' if prev != '\\' => in_string = !in_string,
                    '/' if !in_string && line[i..].starts_with("//") => return &line[..i],
                    _ => {}
                }
                prev = c;
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The message of seed 002's error body, checking its shape.
fn solo_error(reply: Reply, status: u16) -> String {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    let keys: Vec<_> = reply.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["error"], "{}", reply.body);
    let error = reply.body["error"].as_object().unwrap();
    assert_eq!(error.len(), 1, "{}", reply.body);
    error["message"].as_str().unwrap().to_owned()
}

/// Seed 002's "Create Patient" body (its "Patients Collection" example).
const CREATE_PATIENT: &str = r#"{
"id": "patientId",
"mrn": "MRN-123",
"accountNumber": "A-123", // [DEPRECATED]
"name": [
{
"use": "usual",
"family": "Mike Shinoda",
"firstName": "Mike",
"middleName": "",
"lastName": "Shinoda",
"alias": ""
}
],
"birthDate": "1983-08-15",
"gender": "male",
"maritalStatus": "married",
"telecom": [
{
"use": "home",
"system": "phone",
"value": "+1 (111) 111-1111"
},
{
"use": "home",
"system": "email",
"value": "mike_zzzzzzz@company.com"
}
],
"contact": [
{
"telecom": [
{
"use": "home",
"system": "phone",
"value": "phone"
},
{
"use": "home",
"system": "email",
"value": "someemail@email.email"
}
],
"name": []
}
],
"preferredLanguage": "English",
"race": "White",
"ethnicity": "not Hispanic or Latino",
"address": [
{
"city": "New York",
"use": "home",
"apartment": "",
"country": "USA",
"state": "NY",
"postalcode": "10019",
"line": [
"123 Main St",
""
]
}
],
"active": true,
"deceased": true,
"deceasedAt": "2020-03-31 10:12 AM",
"familyMember": false, // deprecated
"isLinkedByEmail": false,
"groupType": "family", // [string] (only needed if isLinkedByEmail is true)
"groupName": "Family Name" // [string] (only needed if isLinkedByEmail is true)
}"#;

/// Seed 002's "Update Patient" body: its "Create Patient" body without
/// `id`, as the seed prints it.
fn update_patient() -> String {
    CREATE_PATIENT.replacen("\"id\": \"patientId\",\n", "", 1)
}

/// Create, get and update by id and by SPID, with the seed's own bodies:
/// the SPIDs are 1, 2, … per organisation, the deprecated fields are
/// kept, the contact's placeholder phone comes back as written, and a
/// family member joins a group.
async fn solo_patients(base: String) {
    let clinic = Clinic::new(&base, "Solo patients", 1, "America/New_York").await;
    let solo = Solo { org: &clinic.org };

    let spid = solo
        .post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
        .await
        .expect(201);
    assert_eq!(spid, json!(1));
    // The same client id again: refused, nothing created.
    let again = solo
        .post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
        .await;
    assert!(solo_error(again, 409).contains("already exists"));
    // Without `id`: the seed says it is required.
    let no_id = uncommented(CREATE_PATIENT).replacen("\"id\": \"patientId\",", "", 1);
    let message = solo_error(solo.post("/qapi/v1/patients", &no_id).await, 400);
    assert_eq!(
        message,
        "Bad parameters [id: This value should not be blank.]"
    );
    // Deceased without a time: the seed's rule, named.
    let alive_at = uncommented(CREATE_PATIENT)
        .replacen("patientId", "p-2", 1)
        .replacen("\"deceased\": true", "\"deceased\": false", 1);
    let message = solo_error(solo.post("/qapi/v1/patients", &alive_at).await, 400);
    assert!(
        message.starts_with("Bad parameters [deceasedAt:"),
        "{message}"
    );

    let got = solo.get("/qapi/v1/patients/patientId").await.expect(200);
    assert_eq!(got["accountNumber"], "A-123");
    assert_eq!(got["mrn"], "MRN-123");
    assert_eq!(got["telecom"][0]["value"], "+11111111111");
    assert_eq!(got["contact"][0]["telecom"][0]["value"], "phone");
    assert_eq!(
        got["contact"][0]["telecom"][1]["value"],
        "someemail@email.email"
    );
    assert_eq!(got["deceasedAt"], "2020-03-31 10:12 AM");
    assert_eq!(got["familyMember"], false);
    assert_eq!(got["isLinkedByEmail"], false);
    assert_eq!(got["sharedEmailGroup"], Value::Null);
    for absent in ["id", "identifiers", "groupType", "patient_uid"] {
        assert!(got.get(absent).is_none(), "{absent} in {got}");
    }
    let by_spid = solo
        .get("/qapi/v1/patients/id/type/SPID/value/1")
        .await
        .expect(200);
    assert_eq!(by_spid["name"], got["name"]);
    assert!(by_spid.get("sharedEmailGroup").is_none());
    assert_eq!(by_spid["groupType"], Value::Null);

    // A family member: the seed's update body, with the flag set, joins
    // the group it names; the update answers `[]`.
    let join = uncommented(&update_patient()).replacen(
        "\"familyMember\": false",
        "\"familyMember\": true",
        1,
    );
    let done = solo
        .put("/qapi/v1/patients/patientId", &join)
        .await
        .expect(200);
    assert_eq!(done, json!([]));
    let got = solo
        .get("/qapi/v1/patients/id/type/SPID/value/1")
        .await
        .expect(200);
    assert_eq!(got["familyMember"], true);
    assert_eq!(got["isLinkedByEmail"], true);
    assert_eq!(
        (got["groupType"].as_str(), got["groupName"].as_str()),
        (Some("family"), Some("Family Name"))
    );
    // Updating by SPID changes only what the body names.
    let done = solo
        .put(
            "/qapi/v1/patients/id/type/SPID/value/1",
            r#"{"preferredLanguage": "Spanish"}"#,
        )
        .await
        .expect(200);
    assert_eq!(done, json!([]));
    let got = solo.get("/qapi/v1/patients/patientId").await.expect(200);
    assert_eq!(got["preferredLanguage"], "Spanish");
    assert_eq!(got["accountNumber"], "A-123");
    assert_eq!(
        got["sharedEmailGroup"],
        json!({"type": "family", "name": "Family Name"})
    );
    // A bad field changes nothing.
    let message = solo_error(
        solo.put(
            "/qapi/v1/patients/patientId",
            r#"{"birthDate": "tomorrow"}"#,
        )
        .await,
        400,
    );
    assert!(
        message.starts_with("Bad parameters [birthDate:"),
        "{message}"
    );
    assert_eq!(
        solo.get("/qapi/v1/patients/patientId").await.expect(200)["birthDate"],
        "1983-08-15"
    );

    // Frontdesk's own /v1 does not take the deprecated field, and keeps
    // the stored one when it changes the record.
    let v1 = clinic
        .org
        .get("/v1/management/patients?identifier_system=EXTERNAL&identifier_value=patientId")
        .await
        .expect(200);
    let uid = v1["data"][0]["patient_uid"].as_str().unwrap().to_owned();
    let e = clinic
        .org
        .api
        .call(
            Method::PATCH,
            &format!("/v1/management/patients/{uid}"),
            Some(&clinic.org.key),
            Some(json!({"accountNumber": "B-9"})),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "accountNumber");
    let patched = clinic
        .org
        .api
        .call(
            Method::PATCH,
            &format!("/v1/management/patients/{uid}"),
            Some(&clinic.org.key),
            Some(json!({"race": "Asian"})),
        )
        .await;
    // The contact's placeholder, stored through seed 002, may stay.
    assert_eq!(patched.expect(200)["race"], "Asian");
    assert_eq!(
        solo.get("/qapi/v1/patients/patientId").await.expect(200)["accountNumber"],
        "A-123"
    );

    // A second patient is SPID 2; one made through Frontdesk's own /v1
    // gets the next, and is reachable by its Frontdesk uid.
    let second = uncommented(CREATE_PATIENT)
        .replacen("patientId", "p-2", 1)
        .replacen("MRN-123", "MRN-2", 1);
    assert_eq!(
        solo.post("/qapi/v1/patients", &second).await.expect(201),
        json!(2)
    );
    let own = clinic
        .org
        .post(
            "/v1/management/patients",
            json!({"name": [{"firstName": "Own", "lastName": "Record"}]}),
        )
        .await
        .expect(201);
    let uid = own["patient_uid"].as_str().unwrap();
    let via_uid = solo
        .get(&format!("/qapi/v1/patients/{uid}"))
        .await
        .expect(200);
    assert_eq!(via_uid["name"][0]["firstName"], "Own");
    let via_spid = solo
        .get("/qapi/v1/patients/id/type/SPID/value/3")
        .await
        .expect(200);
    assert_eq!(via_spid["name"][0]["firstName"], "Own");
    // Unknown ids and SPIDs are 404 in seed 002's shape.
    for path in [
        "/qapi/v1/patients/nobody",
        "/qapi/v1/patients/id/type/SPID/value/99",
        "/qapi/v1/patients/id/type/SPID/value/x",
    ] {
        solo_error(solo.get(path).await, 404);
    }
    // Every read of a record is audited, as on /v1.
    let audit = clinic
        .org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    let reads = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "patient.read")
        .count();
    assert!(reads >= 6, "{audit}");
}

/// The key goes in `Api-Key`; a missing, wrong or under-scoped key and an
/// unknown path answer in seed 002's error shape, and one organisation's
/// patients are another's 404.
async fn solo_keys_and_tenancy(base: String) {
    let clinic = Clinic::new(&base, "Solo keys", 1, "Europe/Berlin").await;
    let other = Clinic::new(&base, "Solo other", 1, "Europe/Berlin").await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );

    let rooms = solo.get("/qapi/v1/waiting-rooms").await.expect(200);
    let rooms = rooms.as_array().unwrap();
    assert_eq!(rooms.len(), 1, "{rooms:?}");
    assert_eq!(rooms[0]["id"], clinic.shop.shop_uid.as_str());
    assert_eq!(rooms[0]["name"], "Solo keys");
    for key in ["serviceLine", "serviceType"] {
        assert!(rooms[0].get(key).is_some(), "{key}");
    }
    // A shop made with seed 002's classification shows it.
    clinic
        .org
        .post(
            "/v1/management/shops",
            json!({"name": "Neurology", "address": "1 Main St", "time_zone": "Europe/Berlin",
                   "service_line": "Demo", "service_type": "Other"}),
        )
        .await
        .expect(201);
    let rooms = solo.get("/qapi/v1/waiting-rooms").await.expect(200);
    let neuro = rooms
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Neurology")
        .unwrap();
    assert_eq!(
        (neuro["serviceLine"].as_str(), neuro["serviceType"].as_str()),
        (Some("Demo"), Some("Other"))
    );

    let http = &clinic.org.api.http;
    let url = format!("{base}/qapi/v1/patients/patientId");
    let none = Api::reply(http.get(&url)).await;
    solo_error(none, 401);
    // Frontdesk's own header is not seed 002's.
    let wrong_header = Api::reply(http.get(&url).header("X-API-Key", &clinic.org.key)).await;
    solo_error(wrong_header, 401);
    let bad = Api::reply(http.get(&url).header("Api-Key", "fdk_nope")).await;
    solo_error(bad, 401);
    let read_only = clinic.org.key_with(&["appointments:read"]).await;
    let scoped = Api::reply(http.get(&url).header("Api-Key", &read_only)).await;
    assert!(solo_error(scoped, 403).contains("patients:read"));

    let other_solo = Solo { org: &other.org };
    solo_error(other_solo.get("/qapi/v1/patients/patientId").await, 404);
    solo_error(
        other_solo
            .get("/qapi/v1/patients/id/type/SPID/value/1")
            .await,
        404,
    );
    // The other organisation numbers its own patients from 1.
    assert_eq!(
        other_solo
            .post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );

    solo_error(solo.get("/qapi/v1/no-such-thing").await, 404);
    solo_error(
        solo.call(Method::DELETE, "/qapi/v1/patients/patientId", None)
            .await,
        405,
    );
    let not_json = solo.post("/qapi/v1/patients", "{\"id\": ").await;
    solo_error(not_json, 400);
}

/// Seed 002's "Create Appointment" body.
const CREATE_APPOINTMENT: &str = r#"{
"date": 1499441179, // [timestamp] (optional) appointment date
"reasons": ["headache"], // [list of strings] (optional) appointment reasons
"duration": 900, // [int] (optional), should be in range [1, 86400], by default waiting room slot duration is used
"waitingRoom": "my waiting room", // [string] (required) waiting room name
"externalId": "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56", // [string] (optional) appointment external id
"episodeOfCareId": "4e96ed0e-0f80-4dc3-b2c1-42e65b789e56", // [string] (optional) Episode of Care id
"accountNumber": "ABC123456789" // [string] (optional) Encounter id
}"#;

/// Seed 002's "Update Appointment" body: as printed, a comma is missing
/// after `"status": "cancelled"`, so it is not JSON (README lists it).
const UPDATE_APPOINTMENT: &str = r#"{
"date": 1499441179, // [timestamp] (optional) appointment date
"duration": 900, // [int] (optional) appointment duration
"status": "cancelled" // [string] (optional) only cancelled is allowed
"externalId": "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56", // [string] (optional) appointment external id
"reasons": ["vomit"], // [list of strings] (optional) appointment reasons
"accountNumber": "ABC123456789" // [string] (optional) Encounter id
}"#;

fn unix(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp()
}

/// Seed 002's appointments end to end: booked by patient id, SPID and
/// HSID into a waiting room by name; read back with the patient and the
/// status; moved and cancelled; the slot search; the provider's and the
/// video-call links, which exist once the patient has checked in through
/// the `visitUrl` the booking answered.
async fn solo_appointments(base: String) {
    let clinic = Clinic::new(&base, "my waiting room", 2, "America/New_York").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );

    // The seed's body as printed: its episode id is not one of this
    // organisation's episodes (nor a Frontdesk id), and its date is in
    // 2017; each is refused by name and nothing is booked.
    let message = solo_error(
        solo.post(
            "/qapi/v1/patients/patientId/appointments",
            &uncommented(CREATE_APPOINTMENT),
        )
        .await,
        400,
    );
    assert!(
        message.starts_with("Bad parameters [episodeOfCareId:"),
        "{message}"
    );
    let no_episode = uncommented(CREATE_APPOINTMENT).replacen(
        "\"episodeOfCareId\": \"4e96ed0e-0f80-4dc3-b2c1-42e65b789e56\",",
        "",
        1,
    );
    // Without it: 900 s is not this room's 30-minute slot, and its shop
    // has free durations off.
    let odd = solo
        .post("/qapi/v1/patients/patientId/appointments", &no_episode)
        .await;
    assert!(solo_error(odd, 409).contains("free_duration"));
    let past_body = no_episode.replacen("\"duration\": 900", "\"duration\": 1800", 1);
    let past = solo
        .post("/qapi/v1/patients/patientId/appointments", &past_body)
        .await;
    assert!(solo_error(past, 409).contains("ahead"));

    // With a date tomorrow at 10:00 and the waiting room's own 30-minute
    // slot (900 s would need free durations): booked, SAID 1.
    let ten = unix(&clinic.at(1, 10, 0));
    let body = no_episode
        .replacen("1499441179", &ten.to_string(), 1)
        .replacen("\"duration\": 900", "\"duration\": 1800", 1);
    let created = solo
        .post("/qapi/v1/patients/patientId/appointments", &body)
        .await
        .expect(201);
    assert_eq!(created["id"], 1);
    let visit_url = created["visitUrl"].as_str().unwrap().to_owned();
    assert!(visit_url.contains("/integrations/check-in/"), "{visit_url}");

    let got = solo.get("/qapi/v1/appointments/1").await.expect(200);
    assert_eq!(got["id"], 1);
    assert_eq!(got["date"], ten);
    assert_eq!(got["duration"], 1800);
    assert_eq!(got["reasons"], json!(["headache"]));
    assert_eq!(got["status"], "scheduled");
    assert_eq!(got["videoCall"], Value::Null);
    assert_eq!(got["externalId"], "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56");
    assert_eq!(got["patient"]["id"], "patientId");
    assert_eq!(got["patient"]["demographics"]["mrn"], "MRN-123");
    assert_eq!(got["providers"], json!([]));

    // By SPID without a date: the room's first free time; by HSID.
    let by_spid = solo
        .post(
            "/qapi/v1/patients/id/type/SPID/value/1/appointments",
            r#"{"waitingRoom": "My Waiting Room", "reasons": ["follow-up"]}"#,
        )
        .await
        .expect(201);
    assert_eq!(by_spid["id"], 2);
    let second = solo.get("/qapi/v1/appointments/2").await.expect(200);
    assert!(second["date"].as_i64().unwrap() > chrono::Utc::now().timestamp());
    clinic
        .org
        .post(
            "/v1/management/patients",
            json!({"name": [{"firstName": "Hal", "lastName": "Seven"}], "identifiers": [{"system": "HSID", "value": "12345"}]}),
        )
        .await
        .expect(201);
    let eleven = unix(&clinic.at(1, 11, 0));
    let by_hsid = solo
        .post(
            "/qapi/v1/patients/HSID/12345/appointments",
            &format!(r#"{{"waitingRoom": "my waiting room", "date": {eleven}}}"#),
        )
        .await
        .expect(201);
    assert_eq!(by_hsid["id"], 3);
    assert_eq!(
        solo.get("/qapi/v1/appointments/3").await.expect(200)["patient"]["demographics"]["name"][0]
            ["firstName"],
        "Hal"
    );
    // Refusals name seed 002's fields.
    for (body, field) in [
        (r#"{"reasons": []}"#, "waitingRoom"),
        (r#"{"waitingRoom": "nowhere"}"#, "waitingRoom"),
        (
            r#"{"waitingRoom": "my waiting room", "duration": 0}"#,
            "duration",
        ),
        (
            r#"{"waitingRoom": "my waiting room", "externalId": "has space"}"#,
            "externalId",
        ),
        (
            r#"{"waitingRoom": "my waiting room", "date": "soon"}"#,
            "date",
        ),
    ] {
        let message = solo_error(
            solo.post("/qapi/v1/patients/patientId/appointments", body)
                .await,
            400,
        );
        assert!(
            message.starts_with(&format!("Bad parameters [{field}:")),
            "{body}: {message}"
        );
    }
    solo_error(
        solo.post(
            "/qapi/v1/patients/HSID/nobody/appointments",
            r#"{"waitingRoom": "my waiting room"}"#,
        )
        .await,
        404,
    );

    // The slot search: the room's free times in the range, once each.
    let after = unix(&clinic.at(1, 9, 0));
    let before = unix(&clinic.at(1, 12, 0));
    let slots = solo
        .get(&format!("/qapi/v1/appointment-slots?after={after}&before={before}&waitingRoom=my%20waiting%20room"))
        .await
        .expect(200);
    let dates: Vec<i64> = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_i64().unwrap())
        .collect();
    assert!(
        slots
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["duration"] == 1800),
        "{slots}"
    );
    assert_eq!(dates.first(), Some(&after), "{slots}");
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{slots}");
    // 10:00 and 11:00 each have one doctor left of two.
    assert!(dates.contains(&ten) && dates.contains(&eleven), "{slots}");
    assert!(dates.iter().all(|d| *d + 1800 <= before), "{slots}");
    let refused = solo
        .get(&format!("/qapi/v1/appointment-slots?after={after}&before={before}&waitingRoom=my%20waiting%20room&duration=900"))
        .await;
    assert!(solo_error(refused, 409).contains("free_duration"));
    for (query, field) in [
        (format!("before={before}&waitingRoom=x"), "after"),
        (format!("after={after}&waitingRoom=x"), "before"),
        (
            format!("after={before}&before={after}&waitingRoom=x"),
            "before",
        ),
        (format!("after={after}&before={before}"), "waitingRoom"),
    ] {
        let message = solo_error(
            solo.get(&format!("/qapi/v1/appointment-slots?{query}"))
                .await,
            400,
        );
        assert!(
            message.starts_with(&format!("Bad parameters [{field}:")),
            "{query}: {message}"
        );
    }

    // No links before check-in; the patient's visitUrl checks them in and
    // takes them to their visit link; then every link exists.
    let early = solo.get("/qapi/v1/appointments/1/provider-link").await;
    assert!(solo_error(early, 409).contains("checked in"));
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let opened = no_redirect.get(&visit_url).send().await.unwrap();
    if opened.status().as_u16() != 302 {
        panic!(
            "{visit_url} {} {}",
            opened.status(),
            opened.text().await.unwrap()
        );
    }
    let location = opened.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("/v1/visit/"), "{location}");
    // The main Worker honours the link the vendor Worker signed: the same
    // secret signs both (the wait page, while the patient waits).
    let followed = no_redirect.get(&location).send().await.unwrap();
    assert!(
        followed.status().is_redirection() || followed.status().is_success(),
        "{}",
        followed.status()
    );
    // Opened again (a second tap): the same visit, not a second check-in.
    let again = no_redirect.get(&visit_url).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 302);
    let got = solo.get("/qapi/v1/appointments/1").await.expect(200);
    assert_eq!(got["videoCall"]["status"], "waiting");
    assert_ne!(got["status"], "scheduled");
    let provider = solo
        .get("/qapi/v1/appointments/1/provider-link")
        .await
        .expect(200);
    assert_eq!(provider["id"], 1);
    assert!(provider["providerVisitUrl"]
        .as_str()
        .unwrap()
        .contains("/v1/visit/"));
    let links = solo
        .get("/qapi/v1/appointments/2e96ed0e-0f80-4dc3-b2c1-42e65b789e56/video-call-links")
        .await
        .expect(200);
    assert_eq!(
        links["appointmentExternalId"],
        "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56"
    );
    assert!(links["patientVisitUrl"]
        .as_str()
        .unwrap()
        .contains("/v1/visit/"));
    assert_ne!(links["patientVisitUrl"], links["providerVisitUrl"]);
    let by_said = solo
        .get("/qapi/v1/appointments/id/type/SAID/value/1/video-call-links")
        .await
        .expect(200);
    assert_eq!(
        by_said["appointmentExternalId"],
        links["appointmentExternalId"]
    );
    let tampered = format!("{}x", visit_url);
    assert_eq!(
        no_redirect
            .get(&tampered)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        410
    );

    // Update: the seed's body as printed is not JSON; a new date moves the
    // visit (its SAID stays), `cancelled` cancels it.
    solo_error(
        solo.put("/qapi/v1/appointments/2", &uncommented(UPDATE_APPOINTMENT))
            .await,
        400,
    );
    let two_pm = unix(&clinic.at(2, 14, 0));
    let moved = solo
        .put(
            "/qapi/v1/appointments/2",
            &format!(r#"{{"date": {two_pm}}}"#),
        )
        .await
        .expect(200);
    assert_eq!(moved["id"], 2);
    assert_eq!(
        solo.get("/qapi/v1/appointments/2").await.expect(200)["date"],
        two_pm
    );
    let message = solo_error(
        solo.put("/qapi/v1/appointments/2", r#"{"status": "completed"}"#)
            .await,
        400,
    );
    assert!(message.starts_with("Bad parameters [status:"), "{message}");
    solo.put("/qapi/v1/appointments/2", r#"{"status": "cancelled"}"#)
        .await
        .expect(200);
    assert_eq!(
        solo.get("/qapi/v1/appointments/2").await.expect(200)["status"],
        "cancelled"
    );
    solo_error(solo.get("/qapi/v1/appointments/99").await, 404);
    let other = Clinic::new(&base, "Solo appointments other", 1, "America/New_York").await;
    solo_error(
        Solo { org: &other.org }
            .get("/qapi/v1/appointments/1")
            .await,
        404,
    );
}

/// Seed 003's workflow, in its order, through `/dr/v1` with `X-API-Key`:
/// add the patient to the business's directory, search the doctor's slots
/// at the clinic for D to D+1, book with appointment type and payment
/// mode, get the details, reschedule, check in, and cancel (another
/// booking, made for a patient not yet in the directory).
async fn dr_workflow(base: String) {
    let clinic = Clinic::new(&base, "Seed 003 clinic", 2, "Asia/Kolkata").await;
    let type_uid = clinic.consult_type().await;
    let org = &clinic.org;
    let (doctor, _) = &clinic.doctors[0];
    let shop = &clinic.shop.shop_uid;

    // 1. Add the patient to the business's directory.
    let patient = org
        .post(
            "/dr/v1/patient",
            json!({"name": [{"firstName": "Asha", "lastName": "Rao"}],
                   "telecom": [{"system": "phone", "value": "+91 98765 43210"}]}),
        )
        .await
        .expect(201);
    let patient_uid = patient["patient_uid"].as_str().unwrap().to_owned();
    assert_eq!(patient["telecom"][0]["value"], "+919876543210");

    // 2. The doctor's slots at the clinic, D to D+1 (tomorrow and the day
    // after); a wider range is refused.
    let slots_path = |from: i64, to: i64, with_type: bool| {
        let t = if with_type {
            format!("&appointment_type_uid={type_uid}")
        } else {
            String::new()
        };
        format!(
            "/dr/v1/business/doctor/{doctor}/clinic/{shop}/appointments/slots?start_date={}&end_date={}{t}",
            clinic.date(from),
            clinic.date(to)
        )
    };
    let found = org.get(&slots_path(1, 2, true)).await.expect(200);
    let slots = found["slots"].as_array().unwrap().clone();
    assert_eq!(
        slots.len(),
        2 * 16,
        "two days of 09:00-17:00 in 30 minutes: {found}"
    );
    assert!(slots.iter().all(|s| s["doctor_uid"] == doctor.as_str()));
    // Without a type: the organisation's first, the same slots.
    assert_eq!(
        org.get(&slots_path(1, 2, false)).await.expect(200)["slots"],
        found["slots"]
    );
    let wide = org
        .get(&slots_path(1, 3, true))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(wide["field"], "end_date");
    let other_shop = org.create_shop("Elsewhere").await;
    org.get(&format!(
        "/dr/v1/business/doctor/{doctor}/clinic/{}/appointments/slots?start_date={}&end_date={}",
        other_shop.shop_uid,
        clinic.date(1),
        clinic.date(1)
    ))
    .await
    .expect(404);

    // 3. Book the first slot, with its type and payment mode: confirmed.
    let book = |start: &Value, patient: Value| {
        let mut body = json!({
            "shop_uid": shop,
            "doctor_uid": doctor,
            "appointment_type_uid": type_uid,
            "start": start,
            "payment_mode": "at_clinic",
        });
        body.as_object_mut()
            .unwrap()
            .extend(patient.as_object().unwrap().clone());
        body
    };
    let booked = org
        .post(
            "/dr/v1/business/doctor/appointments/slots/book",
            book(
                &slots[0]["start"],
                json!({"patient_profile_uid": patient_uid}),
            ),
        )
        .await
        .expect(201);
    assert_eq!(booked["status"], "confirmed");
    assert_eq!(booked["payment_mode"], "at_clinic");
    let first_uid = booked["appointment_uid"].as_str().unwrap().to_owned();
    // The same slot again: taken. No doctor: refused by name.
    org.post(
        "/dr/v1/business/doctor/appointments/slots/book",
        book(
            &slots[0]["start"],
            json!({"patient_profile_uid": patient_uid}),
        ),
    )
    .await
    .expect(409);
    let mut no_doctor = book(
        &slots[1]["start"],
        json!({"patient_profile_uid": patient_uid}),
    );
    no_doctor.as_object_mut().unwrap().remove("doctor_uid");
    let e = org
        .post("/dr/v1/business/doctor/appointments/slots/book", no_doctor)
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "doctor_uid");

    // 4. The details, by id (and the seed's business_id, which must be
    // the key's own organisation).
    let path = format!("/dr/v1/business/appointments/{first_uid}");
    let details = org.get(&path).await.expect(200);
    assert_eq!(details["patient_profile_uid"], patient_uid.as_str());
    assert!(!details["history"].as_array().unwrap().is_empty());
    org.get(&format!("{path}?business_id={}", org.org_uid))
        .await
        .expect(200);
    org.get(&format!("{path}?business_id=org_someoneelse"))
        .await
        .expect(404);

    // 5. Reschedule to the next slot: a new appointment replaces it.
    let moved = org
        .put(
            "/dr/v1/business/doctor/appointments/slots/book",
            json!({"appointment_uid": first_uid, "start": slots[1]["start"]}),
        )
        .await
        .expect(200);
    let moved_uid = moved["appointment_uid"].as_str().unwrap().to_owned();
    assert_ne!(moved_uid, first_uid);
    assert_eq!(moved["start"], slots[1]["start"]);
    assert_eq!(moved["previous_meeting_uid"], first_uid.as_str());
    let e = org
        .put(
            "/dr/v1/business/doctor/appointments/slots/book",
            json!({"start": slots[2]["start"]}),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "appointment_uid");

    // 6. Check in (the id in the body, PUT).
    let checked = org
        .put(
            "/dr/v1/business/appointments/check-in",
            json!({"appointment_uid": moved_uid}),
        )
        .await
        .expect(200);
    assert!(
        checked["appointment"]["queue_uid"].is_string() || checked["queue_uid"].is_string(),
        "{checked}"
    );
    org.put(
        "/dr/v1/business/appointments/check-in",
        json!({"appointment_uid": moved_uid}),
    )
    .await
    .expect(409);

    // 7. A booking for a patient not yet in the directory adds them; then
    // it is cancelled, with a reason.
    let walk_in = org
        .post(
            "/dr/v1/business/doctor/appointments/slots/book",
            book(
                &slots[3]["start"],
                json!({"patient": {"name": [{"firstName": "Ravi", "lastName": "K"}]}}),
            ),
        )
        .await
        .expect(201);
    let walk_in_uid = walk_in["appointment_uid"].as_str().unwrap().to_owned();
    let new_patient = walk_in["patient_profile_uid"].as_str().unwrap();
    org.get(&format!("/v1/management/patients/{new_patient}"))
        .await
        .expect(200);
    let e = org
        .put(
            "/dr/v1/business/appointments/cancel",
            json!({"appointment_uid": walk_in_uid}),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(e["field"], "reason");
    let cancelled = org
        .put(
            "/dr/v1/business/appointments/cancel",
            json!({"appointment_uid": walk_in_uid, "reason": "patient called"}),
        )
        .await
        .expect(200);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(
        org.get(&format!("/dr/v1/business/appointments/{walk_in_uid}"))
            .await
            .expect(200)["status"],
        "cancelled"
    );

    // Keys: seed 003's surface takes X-API-Key, not seed 002's Api-Key;
    // another business sees none of it; a read-only key books nothing.
    let http = &org.api.http;
    let url = format!("{base}{path}");
    Api::reply(http.get(&url)).await.expect(401);
    Api::reply(http.get(&url).header("Api-Key", &org.key))
        .await
        .expect(401);
    let other = Api::new(&base).create_org("Seed 003 other").await;
    other.get(&path).await.expect(404);
    let reader = org.key_with(&["appointments:read"]).await;
    let refused = org
        .api
        .call(
            Method::POST,
            "/dr/v1/business/doctor/appointments/slots/book",
            Some(&reader),
            Some(book(
                &slots[5]["start"],
                json!({"patient_profile_uid": patient_uid}),
            )),
        )
        .await;
    refused.expect_error(403, "missing_scope");
    // The audit log has the directory change, as on /v1.
    let audit = org
        .get("/v1/management/audit-log?limit=100")
        .await
        .expect(200);
    assert!(
        audit["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["target"] == patient_uid.as_str()),
        "{audit}"
    );
}

/// Seed 002's "Create Episode" body.
const CREATE_EPISODE: &str = r#"{
"name": "covid care", // [string] (required) episode name
"type": "covid", // [string] (required) predefined string, episode type
"from": "YYYY-MM-DD", // [string] (required) start date for episode
"to": "YYYY-MM-DD", // [string] (optional) end date for episode
"status": "string" // [string] (required) [PLANNING, WAITLIST, ACTIVE, ONHOLD, FINISHED, CANCELED]
"objective": "care covid patient" // [string] (optional)
"reasonIncomplete": "unknown" // [string] (optional) reason if the episode status is incomplete
}"#;

/// Seed 002's "Add Patient Document" body.
const ADD_DOCUMENT: &str = r#"{
"name": "document name", // [string]
"dateTime": 1510367140, // [unix timestamp]
"responses": [
{
"question": "question 1", // [string]
"response": "response to question 1" // [string]
}
]
}"#;

/// Seed 002's "Generate report for visits" body.
const ENCOUNTER_REPORT: &str = r#"{
"from": "2024-08-15T15:52:01+00:00", // [DateTime] (ATOM format - "Y-m-d\\TH:i:sP")
"to": "2024-08-15T15:52:01+00:00", // [DateTime] (ATOM format - "Y-m-d\\TH:i:sP")
"presetId": "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469", // [string]
"password": "IK5adv2N5V-gr£9v6" // [string]
}"#;

/// Episodes (create, list, get, update, their appointments, assign), a
/// patient document, attachments (upload, list, delete; another type
/// refused with seed 002's words) and the reports, through `/qapi/v1`.
async fn solo_records(base: String) {
    let clinic = Clinic::new(&base, "Records room", 1, "Europe/Berlin").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );

    // The seed's episode body as printed is not JSON (commas are missing
    // after "status" and "objective"), and its dates are placeholders.
    solo_error(
        solo.post(
            "/qapi/v1/patients/patientId/episodes",
            &uncommented(CREATE_EPISODE),
        )
        .await,
        400,
    );
    let fixed = uncommented(CREATE_EPISODE)
        .replacen("\"status\": \"string\"", "\"status\": \"PLANNING\",", 1)
        .replacen(
            "\"objective\": \"care covid patient\"",
            "\"objective\": \"care covid patient\",",
            1,
        );
    let message = solo_error(
        solo.post("/qapi/v1/patients/patientId/episodes", &fixed)
            .await,
        400,
    );
    assert!(message.starts_with("Bad parameters [from:"), "{message}");
    let body =
        fixed
            .replacen("YYYY-MM-DD", "2026-03-29", 1)
            .replacen("YYYY-MM-DD", "2026-04-29", 1);
    let created = solo
        .post("/qapi/v1/patients/patientId/episodes", &body)
        .await
        .expect(201);
    let episode = created["episodeId"].as_str().unwrap().to_owned();
    let listed = solo
        .get("/qapi/v1/patients/patientId/episodes")
        .await
        .expect(200);
    let first = &listed["episodes"][0];
    assert_eq!(first["id"], episode.as_str());
    assert_eq!(first["patientId"], "patientId");
    assert_eq!(first["type"], "covid");
    assert_eq!(first["status"], "planning");
    assert_eq!(first["reasonIncomplete"], "unknown");
    let alone = solo
        .get(&format!("/qapi/v1/episodes/{episode}"))
        .await
        .expect(200);
    assert_eq!(alone["soloPatientId"], 1);
    assert_eq!(alone["externalPatientId"], "patientId");
    assert!(alone.get("patientId").is_none());
    let updated = solo
        .put(
            &format!("/qapi/v1/episodes/{episode}"),
            &body.replacen("PLANNING", "ACTIVE", 1),
        )
        .await
        .expect(200);
    assert_eq!(updated["status"], "active");

    // An appointment in the episode, then reassigned out of it and back.
    let ten = unix(&clinic.at(1, 10, 0));
    let booked = solo
        .post(
            "/qapi/v1/patients/patientId/appointments",
            &format!(r#"{{"waitingRoom": "Records room", "date": {ten}, "reasons": ["cough"], "episodeOfCareId": "{episode}"}}"#),
        )
        .await
        .expect(201);
    let said = booked["id"].as_i64().unwrap();
    // The episode's appointments are read from the read model.
    let of_episode = settled(
        || async {
            solo.get(&format!("/qapi/v1/episodes/{episode}/appointments"))
                .await
                .expect(200)
        },
        |v: &Value| v["appointments"].as_array().is_some_and(|a| !a.is_empty()),
    )
    .await;
    assert_eq!(of_episode["episode"]["id"], episode.as_str());
    assert_eq!(of_episode["appointments"][0]["appointmentId"], said);
    assert_eq!(of_episode["appointments"][0]["date"], ten);
    assert_eq!(of_episode["appointments"][0]["reasons"], json!(["cough"]));
    assert_eq!(of_episode["appointments"][0]["hasNotes"], false);
    let out = solo
        .put(
            &format!("/qapi/v1/appointments/{said}/episode/assign"),
            "{}",
        )
        .await
        .expect(200);
    assert_eq!(out["episodeOfCareId"], Value::Null);
    let back = solo
        .put(
            &format!("/qapi/v1/appointments/{said}/episode/assign"),
            &format!(r#"{{"episodeId": "{episode}"}}"#),
        )
        .await
        .expect(200);
    assert_eq!(back["episodeOfCareId"], episode.as_str());
    solo_error(solo.get("/qapi/v1/episodes/ep_nothing").await, 404);

    // A patient document, the seed's body as printed.
    assert_eq!(
        solo.post(
            "/qapi/v1/patients/patientId/documents",
            &uncommented(ADD_DOCUMENT)
        )
        .await
        .expect(201),
        json!([])
    );
    let message = solo_error(
        solo.post("/qapi/v1/patients/patientId/documents", r#"{"name": "x"}"#)
            .await,
        400,
    );
    assert!(
        message.starts_with("Bad parameters [dateTime:"),
        "{message}"
    );

    // Attachments: a PDF with its file name, listed, deleted.
    let http = &clinic.org.api.http;
    let upload = |content_type: &str, bytes: Vec<u8>| {
        http.post(format!(
            "{base}/qapi/v1/appointments/{said}/attachments?fileName=UploadedPDF.pdf"
        ))
        .header("Api-Key", &clinic.org.key)
        .header("Content-Type", content_type)
        .body(bytes)
    };
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'x', 9_499));
    let stored = Api::reply(upload("application/pdf", pdf)).await.expect(201);
    assert_eq!(stored["title"], "UploadedPDF.pdf");
    assert_eq!(stored["mimeType"], "application/pdf");
    assert_eq!(stored["size"], 9508);
    assert_eq!(stored["deleted"], false);
    let refused = Api::reply(upload("text/plain", b"hello".to_vec())).await;
    assert_eq!(
        solo_error(refused, 415),
        "Mime type \"text/plain\" not supported. Available file mime-types: \"application/pdf\", \"application/x-pdf\", \"image/pdf\", \"image/png\", \"image/jpeg\""
    );
    let listed = solo
        .get(&format!("/qapi/v1/appointments/{said}/attachments"))
        .await
        .expect(200);
    assert_eq!(listed["attachments"].as_array().unwrap().len(), 1);
    let attachment = stored["id"].as_str().unwrap();
    let deleted = solo
        .call(
            Method::DELETE,
            &format!("/qapi/v1/appointments/{said}/attachments/{attachment}"),
            None,
        )
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    let listed = solo
        .get(&format!("/qapi/v1/appointments/{said}/attachments"))
        .await
        .expect(200);
    assert!(
        listed["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["deleted"] == true),
        "{listed}"
    );

    // The visits CSV over tomorrow, once the read model has the visit.
    let tomorrow = clinic.date(1);
    let csv = settled(
        || async {
            let res = http
                .get(format!(
                    "{base}/qapi/v1/reports/csv-data-dump?from={tomorrow}&to={tomorrow}"
                ))
                .header("Api-Key", &clinic.org.key)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 200);
            assert_eq!(res.headers()["content-type"], "application/octet-stream");
            res.text().await.unwrap()
        },
        |text: &String| text.lines().count() >= 2,
    )
    .await;
    assert!(
        csv.lines().next().unwrap().starts_with("appointment_uid"),
        "{csv}"
    );
    solo_error(
        solo.get("/qapi/v1/reports/csv-data-dump?from=2026-01-01")
            .await,
        400,
    );

    // The encounter report: the seed's body names an empty range (its
    // `from` is its `to`); over tomorrow it is made and downloaded.
    let message = solo_error(
        solo.post(
            "/qapi/v1/encounter-report/create",
            &uncommented(ENCOUNTER_REPORT),
        )
        .await,
        400,
    );
    assert!(message.starts_with("Bad parameters [to:"), "{message}");
    let order = uncommented(ENCOUNTER_REPORT)
        .replacen("2024-08-15T15:52:01+00:00", &clinic.at(1, 0, 0), 1)
        .replacen("2024-08-15T15:52:01+00:00", &clinic.at(2, 0, 0), 1);
    let ordered = solo
        .post("/qapi/v1/encounter-report/create", &order)
        .await
        .expect(202);
    assert_eq!(ordered["status"], "pending");
    let id = ordered["id"].as_str().unwrap().to_owned();
    let done = settled(
        || async {
            solo.get(&format!("/qapi/v1/encounter-report/status/{id}"))
                .await
                .expect(200)
        },
        |v: &Value| v["status"] != "pending",
    )
    .await;
    if done["status"] != "completed" {
        let v1 = clinic
            .org
            .get(&format!("/v1/management/reports/encounters/{id}"))
            .await;
        panic!("{}", v1.body);
    }
    assert_eq!(done, json!({"id": id, "status": "completed"}));
    let zip = http
        .get(format!("{base}/qapi/v1/encounter-report/download/{id}"))
        .header("Api-Key", &clinic.org.key)
        .send()
        .await
        .unwrap();
    assert_eq!(zip.status().as_u16(), 200);
    assert_eq!(zip.headers()["content-type"], "application/octet-stream");
    assert_eq!(&zip.bytes().await.unwrap()[..2], b"PK");
    solo_error(solo.get("/qapi/v1/encounter-report/status/nope").await, 404);
    // Another organisation sees none of it.
    let other = Clinic::new(&base, "Records other", 1, "Europe/Berlin").await;
    let other = Solo { org: &other.org };
    solo_error(
        other.get(&format!("/qapi/v1/episodes/{episode}")).await,
        404,
    );
    solo_error(
        other
            .get(&format!("/qapi/v1/encounter-report/status/{id}"))
            .await,
        404,
    );
}

/// Decrypts a seed 002 delivery as its PHP recipe does, with OpenSSL's own
/// AES (`openssl enc -d -aes-256-cbc`), not Frontdesk's code:
/// salt = base64_decode(substr(s, 0, 12)), iv = base64_decode(substr(s,
/// 12, 24)), data = base64_decode(substr(s, 36)), key =
/// hash('SHA256', $decryptionKey . $salt, true).
fn php_recipe_decrypt(encryption_key: &str, body: &str) -> Value {
    use data_encoding::{BASE64, HEXLOWER};
    use sha2::Digest;
    let salt = BASE64.decode(&body.as_bytes()[..12]).unwrap();
    let iv = BASE64.decode(&body.as_bytes()[12..36]).unwrap();
    let data = BASE64.decode(&body.as_bytes()[36..]).unwrap();
    let mut h = sha2::Sha256::new();
    h.update(encryption_key.as_bytes());
    h.update(&salt);
    let key = h.finalize();
    let mut child = std::process::Command::new("openssl")
        .args([
            "enc",
            "-d",
            "-aes-256-cbc",
            "-K",
            &HEXLOWER.encode(&key),
            "-iv",
            &HEXLOWER.encode(&iv),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&data).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl could not decrypt");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Seed 002's "Add Webhook" body (its `...` taken out: not JSON).
const ADD_WEBHOOK: &str = r#"{
"endpoint": "https://webhook.site/...", // [string]
"events": [
"appointment:scheduled",
"appointment:rescheduled"
]
}"#;

/// Webhooks in seed 002's format: created with an `encryptionKey`; a
/// booking's `appointment:scheduled` and a new patient's
/// `patient:created` arrive encrypted as the seed specifies (decrypted
/// here by OpenSSL following the seed's PHP recipe) and signed with
/// Standard Webhooks headers; list, get, update, delete.
async fn solo_webhooks(base: String) {
    use data_encoding::BASE64;
    use hmac::Mac;
    let clinic = Clinic::new(&base, "Hooks room", 1, "Europe/Berlin").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    let receiver = frontdesk_tests::receiver::Receiver::start(vec![200]).await;

    // The seed's body: a public https endpoint is taken as is (nothing is
    // delivered there in this trial: it subscribes to nothing that happens).
    let seeds = solo
        .post("/qapi/v1/webhooks", &uncommented(ADD_WEBHOOK))
        .await
        .expect(201);
    assert_eq!(seeds["endpoint"], "https://webhook.site/...");
    assert_eq!(
        seeds["events"],
        json!(["appointment:scheduled", "appointment:rescheduled"])
    );
    let body =
        json!({"endpoint": receiver.url, "events": ["appointment:scheduled", "patient:created"]});
    let created = solo
        .post("/qapi/v1/webhooks", &body.to_string())
        .await
        .expect(201);
    let id = created["id"].as_str().unwrap().to_owned();
    let key = created["encryptionKey"].as_str().unwrap().to_owned();
    assert_eq!(BASE64.decode(key.as_bytes()).unwrap().len(), 16, "{key}");
    for (bad, field) in [
        (
            json!({"endpoint": receiver.url, "events": ["APPOINTMENT_CONFIRMED"]}),
            "events",
        ),
        (
            json!({"endpoint": "not a url", "events": ["patient:created"]}),
            "endpoint",
        ),
    ] {
        let message = solo_error(solo.post("/qapi/v1/webhooks", &bad.to_string()).await, 400);
        assert!(
            message.starts_with(&format!("Bad parameters [{field}:")),
            "{message}"
        );
    }

    // A patient, then a booking: two deliveries.
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );
    let ten = unix(&clinic.at(1, 10, 0));
    let booked = solo.visit_at("Hooks room", ten).await;
    let got = receiver.wait_for(2, 20).await;
    assert!(got.len() >= 2, "{got:?}");
    let mut seen = Vec::new();
    for d in &got {
        assert_eq!(d.headers["content-type"], "text/plain");
        let payload = php_recipe_decrypt(&key, &d.body);
        // Standard Webhooks: HMAC-SHA256 over "{id}.{timestamp}.{body}",
        // keyed with the encryption key's bytes.
        let mut mac =
            hmac::Hmac::<sha2::Sha256>::new_from_slice(&BASE64.decode(key.as_bytes()).unwrap())
                .unwrap();
        mac.update(
            format!(
                "{}.{}.{}",
                d.headers["webhook-id"], d.headers["webhook-timestamp"], d.body
            )
            .as_bytes(),
        );
        let expected = format!("v1,{}", BASE64.encode(&mac.finalize().into_bytes()));
        assert_eq!(d.headers["webhook-signature"], expected);
        seen.push(payload);
    }
    assert!(
        seen.contains(&json!({"event": {"type": "patient:created"}, "data": {"patientId": 1}})),
        "{seen:?}"
    );
    assert!(
        seen.contains(&json!({"event": {"type": "appointment:scheduled"}, "data": {"appointmentId": booked["id"]}})),
        "{seen:?}"
    );
    // The payload is not readable without the key.
    assert!(got.iter().all(|d| !d.body.contains("patient")));

    // Get shows the key again; the list does not; update; delete.
    let one = solo
        .get(&format!("/qapi/v1/webhooks/{id}"))
        .await
        .expect(200);
    assert_eq!(one["encryptionKey"], key.as_str());
    let listed = solo.get("/qapi/v1/webhooks").await.expect(200);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|w| w.get("encryptionKey").is_none()));
    let updated = solo
        .put(
            &format!("/qapi/v1/webhooks/{id}"),
            &json!({"endpoint": receiver.url, "events": ["appointment:cancelled"]}).to_string(),
        )
        .await
        .expect(200);
    assert_eq!(updated["events"], json!(["appointment:cancelled"]));
    // The delivery log is /v1's.
    let log = clinic
        .org
        .get(&format!(
            "/v1/management/webhook-subscriptions/{id}/deliveries"
        ))
        .await
        .expect(200);
    assert!(log["data"].as_array().unwrap().len() >= 2, "{log}");
    let deleted = solo
        .call(Method::DELETE, &format!("/qapi/v1/webhooks/{id}"), None)
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    solo_error(solo.get(&format!("/qapi/v1/webhooks/{id}")).await, 404);
    // Frontdesk's own subscriptions are not seed 002's.
    let own = clinic
        .org
        .post(
            "/v1/management/webhook-subscriptions",
            json!({"url": receiver.url, "event_types": ["APPOINTMENT_CONFIRMED"]}),
        )
        .await
        .expect(201);
    solo_error(
        solo.get(&format!(
            "/qapi/v1/webhooks/{}",
            own["subscription_id"].as_str().unwrap()
        ))
        .await,
        404,
    );
    // Only an admin key manages webhooks.
    let reader = clinic.org.key_with(&["appointments:read"]).await;
    let refused = Api::reply(
        clinic
            .org
            .api
            .http
            .get(format!("{base}/qapi/v1/webhooks"))
            .header("Api-Key", &reader),
    )
    .await;
    solo_error(refused, 403);
}

/// A context link's `arg` as `openssl enc -aes-256-cbc -md sha256` makes it
/// with a random salt: OpenSSL derives the key (SHA-256 of secret ‖ salt,
/// which `-P` prints) and an IV; the ciphertext is OpenSSL's too.
fn openssl_link_arg(secret: &str, json: &Value) -> String {
    use data_encoding::{BASE64, HEXUPPER};
    let salt: [u8; 8] = rand_bytes();
    let printed = std::process::Command::new("openssl")
        .args([
            "enc",
            "-aes-256-cbc",
            "-md",
            "sha256",
            "-k",
            secret,
            "-S",
            &HEXUPPER.encode(&salt),
            "-P",
        ])
        .output()
        .expect("openssl");
    let printed = String::from_utf8(printed.stdout).unwrap();
    let field = |name: &str| {
        printed
            .lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .map(|v| v.trim_start_matches(['=', ' ']).trim().to_owned())
            })
            .unwrap()
    };
    let (key, iv) = (field("key"), field("iv"));
    let mut child = std::process::Command::new("openssl")
        .args(["enc", "-aes-256-cbc", "-K", &key, "-iv", &iv])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(json.to_string().as_bytes())
        .unwrap();
    let ciphertext = child.wait_with_output().unwrap().stdout;
    let text = format!(
        "{}{}{}",
        BASE64.encode(&salt),
        BASE64.encode(&HEXUPPER.decode(iv.to_uppercase().as_bytes()).unwrap()),
        BASE64.encode(&ciphertext)
    );
    url_encode(&text)
}

fn rand_bytes<const N: usize>() -> [u8; N] {
    let out = std::process::Command::new("openssl")
        .args(["rand", &N.to_string()])
        .output()
        .unwrap()
        .stdout;
    out.try_into().unwrap()
}

/// Context-aware linking: a link made with OpenSSL under the
/// organisation's linking secret redirects a patient (checking them in), a
/// provider and a medical assistant to their per-visit links; a tampered,
/// expired, foreign or revoked link gets one and the same 400.
async fn solo_linking(base: String) {
    let clinic = Clinic::new(&base, "Linking room", 1, "America/Chicago").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );
    let ten = unix(&clinic.at(1, 10, 0));
    let booked = solo
        .post(
            "/qapi/v1/patients/patientId/appointments",
            &format!(
                r#"{{"waitingRoom": "Linking room", "date": {ten}, "externalId": "visit-77"}}"#
            ),
        )
        .await
        .expect(201);
    let made = solo
        .post("/qapi/v1/linking-secrets", "{}")
        .await
        .expect(201);
    let (key_id, secret) = (
        made["keyId"].as_str().unwrap().to_owned(),
        made["secret"].as_str().unwrap().to_owned(),
    );
    let listed = solo.get("/qapi/v1/linking-secrets").await.expect(200);
    assert!(
        listed[0].get("secret").is_none() && listed[0]["keyId"] == key_id.as_str(),
        "{listed}"
    );
    let revealed = solo
        .get(&format!("/qapi/v1/linking-secrets/{key_id}/reveal"))
        .await
        .expect(200);
    assert_eq!(revealed["secret"], secret.as_str());

    let now = chrono::Utc::now().timestamp();
    let claims = |role: &str, visit: &str, date: i64| {
        json!({
            "user": "ehr-user-1", "type": role, "visit": visit, "date": date,
            "patient": {"id": "patientId", "sex": "male", "dob": "1983-08-15", "firstName": "Mike", "lastName": "Shinoda"}
        })
    };
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let open = |arg: String, kid: String| {
        let url = format!("{base}/integrations/linking?arg={arg}&keyId={kid}");
        let client = no_redirect.clone();
        async move {
            let res = client.get(url).send().await.unwrap();
            let status = res.status().as_u16();
            let location = res
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            (status, location, res.text().await.unwrap())
        }
    };
    let said = booked["id"].to_string();
    // A provider before the patient has checked in: not yet.
    let (status, _, _) = open(
        openssl_link_arg(&secret, &claims("provider", &said, now)),
        key_id.clone(),
    )
    .await;
    assert_eq!(status, 409);
    // The patient, by SAID: checked in and sent to their visit link.
    let (status, patient_link, _) = open(
        openssl_link_arg(&secret, &claims("patient", &said, now)),
        key_id.clone(),
    )
    .await;
    assert_eq!(status, 302);
    let patient_link = patient_link.unwrap();
    assert!(patient_link.contains("/v1/visit/"), "{patient_link}");
    // The provider by external id, the assistant by SAID: their own links.
    let (status, provider_link, _) = open(
        openssl_link_arg(&secret, &claims("provider", "visit-77", now)),
        key_id.clone(),
    )
    .await;
    assert_eq!(status, 302);
    let provider_link = provider_link.unwrap();
    assert!(provider_link.contains("/v1/visit/") && provider_link != patient_link);
    let (status, assistant_link, _) = open(
        openssl_link_arg(&secret, &claims("medicalAssistant", &said, now)),
        key_id.clone(),
    )
    .await;
    assert_eq!(status, 302);
    assert!(assistant_link.unwrap().contains("/v1/visit/"));
    assert_eq!(
        solo.get(&format!("/qapi/v1/appointments/{said}"))
            .await
            .expect(200)["videoCall"]["status"],
        "waiting"
    );

    // Every failure is the same 400, whatever failed.
    let good = openssl_link_arg(&secret, &claims("provider", &said, now));
    let mut tampered = good.clone();
    let at = tampered.len() - 10;
    let flipped = if &tampered[at..at + 1] == "A" {
        "B"
    } else {
        "A"
    };
    tampered.replace_range(at..at + 1, flipped);
    let other = Clinic::new(&base, "Linking other", 1, "America/Chicago").await;
    let other_solo = Solo { org: &other.org };
    let other_secret = other_solo
        .post("/qapi/v1/linking-secrets", "{}")
        .await
        .expect(201);
    let failures = [
        (tampered, key_id.clone()),
        (good.clone(), "lk_nothing".to_owned()),
        (
            openssl_link_arg("not the secret", &claims("provider", &said, now)),
            key_id.clone(),
        ),
        (
            openssl_link_arg(&secret, &claims("provider", &said, now - 5 * 3600)),
            key_id.clone(),
        ),
        (
            openssl_link_arg(&secret, &claims("nurse", &said, now)),
            key_id.clone(),
        ),
        (
            // The seed's own example data, which its schema refuses.
            openssl_link_arg(&secret, &json!({"visit": said, "user": "1234"})),
            key_id.clone(),
        ),
        // The other organisation's key, for this one's visit uid.
        (
            openssl_link_arg(
                other_secret["secret"].as_str().unwrap(),
                &claims("provider", "visit-77", now),
            ),
            other_secret["keyId"].as_str().unwrap().to_owned(),
        ),
        ("x".repeat(40), key_id.clone()),
    ];
    let mut bodies = std::collections::BTreeSet::new();
    for (arg, kid) in failures {
        let (status, location, body) = open(arg, kid).await;
        assert_eq!((status, location), (400, None), "{body}");
        bodies.insert(body);
    }
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_eq!(
        bodies.first().unwrap(),
        r#"{"error":{"message":"Bad parameters [arg: The link is not valid.]"}}"#
    );

    // Revoked: the good link stops working.
    let revoked = solo
        .call(
            Method::DELETE,
            &format!("/qapi/v1/linking-secrets/{key_id}"),
            None,
        )
        .await;
    assert_eq!(revoked.status.as_u16(), 204);
    let (status, _, _) = open(good, key_id.clone()).await;
    assert_eq!(status, 400);
    solo_error(
        other_solo
            .get(&format!("/qapi/v1/linking-secrets/{key_id}/reveal"))
            .await,
        404,
    );
}

/// The MS Teams provider link against a local fake of Microsoft Graph,
/// which this trial starts and names in `GRAPH_BASE_URL` (its own server:
/// the setting is the server's): the caller's token is Graph's bearer
/// token, the meeting is made once per appointment (`createOrGet`, keyed
/// by the appointment), and no header is a clear 400.
async fn solo_teams() {
    let graph = frontdesk_tests::receiver::Receiver::answering_json(
        vec![201],
        r#"{"id": "meeting-1", "joinWebUrl": "https://teams.microsoft.com/l/meetup-join/fake-1"}"#,
    )
    .await;
    let graph_base = graph.url.trim_end_matches("/hook").to_owned() + "/v1.0";
    let state = tempfile::tempdir().unwrap();
    let state_path = state.path().to_owned();
    let graph_var = graph_base.clone();
    let mut server = tokio::task::spawn_blocking(move || {
        frontdesk_tests::server::Server::start(
            &state_path,
            &[("GRAPH_BASE_URL", graph_var.as_str())],
        )
    })
    .await
    .unwrap();
    let base = server.base.clone();
    let clinic = Clinic::new(&base, "Teams room", 1, "Europe/London").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );
    let ten = unix(&clinic.at(1, 10, 0));
    let booked = solo.visit_at("Teams room", ten).await;
    let said = booked["id"].as_i64().unwrap();
    let path = format!("/qapi/v1/appointments/{said}/msteams-provider-link");
    let http = &clinic.org.api.http;
    let message = solo_error(solo.get(&path).await, 400);
    assert_eq!(
        message,
        "Bad parameters [Teams-Auth-Token: This header is required.]"
    );
    assert_eq!(graph.count(), 0);
    let ask = |token: &str| {
        http.get(format!("{base}{path}"))
            .header("Api-Key", &clinic.org.key)
            .header("Teams-Auth-Token", token)
    };
    let link = Api::reply(ask("graph-token-1")).await.expect(200);
    assert_eq!(
        link,
        json!({"id": said, "msTeamsProviderVisitUrl": "https://teams.microsoft.com/l/meetup-join/fake-1"})
    );
    let sent = graph.all();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, "/v1.0/me/onlineMeetings/createOrGet");
    assert_eq!(sent[0].headers["authorization"], "Bearer graph-token-1");
    let meeting: Value = serde_json::from_str(&sent[0].body).unwrap();
    let uid = solo
        .get(&format!("/qapi/v1/appointments/{said}"))
        .await
        .expect(200);
    assert!(
        meeting["externalId"].as_str().unwrap().starts_with("apt_"),
        "{meeting}"
    );
    assert_eq!(
        meeting["startDateTime"].as_str().unwrap(),
        chrono::DateTime::from_timestamp(ten, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    );
    // No patient data goes to Microsoft.
    assert!(
        !sent[0].body.contains("Shinoda") && !sent[0].body.contains("MRN"),
        "{}",
        sent[0].body
    );
    assert_eq!(uid["id"], said);
    // Asked again: the same meeting, Graph not called again.
    let again = Api::reply(ask("graph-token-2")).await.expect(200);
    assert_eq!(again, link);
    assert_eq!(graph.count(), 1);
    // Another tenant's key finds no such appointment.
    let other = Clinic::new(&base, "Teams other", 1, "Europe/London").await;
    let refused = Api::reply(
        http.get(format!("{base}{path}"))
            .header("Api-Key", &other.org.key)
            .header("Teams-Auth-Token", "t"),
    )
    .await;
    solo_error(refused, 404);
    tokio::task::spawn_blocking(move || server.stop())
        .await
        .unwrap();
    drop(state);
}

/// Seed 002's "Update Visit Note" body.
const UPDATE_VISIT_NOTE: &str = r#"{
"name": "Acute Neurology - Physician Services",
"questions": [
{
"id": "923c5621-66a1-49a3-aa7b-a7753cbfd139",
"value": [
"Male"
]
}
]
}"#;

/// The id seed 002's surface gives a question: `q_` and 24 hex digits of
/// SHA-256(section, line feed, question), computed here independently.
fn question_id(section: &str, question: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{section}\n{question}").as_bytes());
    format!("q_{}", &data_encoding::HEXLOWER.encode(&digest)[..24])
}

/// The visit note: `[]` before it has a template; an update names the
/// template and answers by question id (the seed's own body names a
/// question id no Frontdesk template has: 400 naming `questions`); then
/// the note shows the template's questions with their ids, and the answers.
async fn solo_visit_note(base: String) {
    let clinic = Clinic::new(&base, "Notes room", 1, "Europe/Berlin").await;
    clinic.consult_type().await;
    let solo = Solo { org: &clinic.org };
    assert_eq!(
        solo.post("/qapi/v1/patients", &uncommented(CREATE_PATIENT))
            .await
            .expect(201),
        json!(1)
    );
    clinic
        .org
        .post(
            "/v1/management/note-templates",
            json!({"name": "Acute Neurology - Physician Services",
                   "flow": {"sections": [{"name": "Patient", "questions": ["Sex", "Onset"]}]}}),
        )
        .await
        .expect(201);
    let ten = unix(&clinic.at(1, 10, 0));
    let booked = solo.visit_at("Notes room", ten).await;
    let path = format!("/qapi/v1/appointments/{}/visit-note", booked["id"]);
    assert_eq!(solo.get(&path).await.expect(200), json!([]));
    let message = solo_error(solo.put(&path, UPDATE_VISIT_NOTE).await, 400);
    assert!(
        message.starts_with("Bad parameters [questions:"),
        "{message}"
    );
    let sex = question_id("Patient", "Sex");
    let body = UPDATE_VISIT_NOTE.replacen("923c5621-66a1-49a3-aa7b-a7753cbfd139", &sex, 1);
    assert_eq!(solo.put(&path, &body).await.expect(200), json!([]));
    let note = solo.get(&path).await.expect(200);
    let note = &note[0];
    assert_eq!(
        note["template"]["name"],
        "Acute Neurology - Physician Services"
    );
    assert_eq!(
        note["template"]["flow"]["sections"][0]["questions"][0],
        json!({"id": sex, "text": "Sex"})
    );
    assert_eq!(
        note["template"]["flow"]["sections"][0]["questions"][1]["id"],
        question_id("Patient", "Onset")
    );
    assert_eq!(
        note["responses"],
        json!([{"question": ["Patient", "Sex"], "response": ["Male"]}])
    );
    // Another update replaces the answers (seed 002 sends no version).
    let onset = question_id("Patient", "Onset");
    let again = format!(
        r#"{{"name": "Acute Neurology - Physician Services", "questions": [{{"id": "{onset}", "value": ["sudden"]}}]}}"#
    );
    solo.put(&path, &again).await.expect(200);
    assert_eq!(
        solo.get(&path).await.expect(200)[0]["responses"],
        json!([{"question": ["Patient", "Onset"], "response": ["sudden"]}])
    );
    let message = solo_error(
        solo.put(&path, r#"{"name": "No such template"}"#).await,
        400,
    );
    assert!(message.starts_with("Bad parameters [name:"), "{message}");
    let other = Clinic::new(&base, "Notes other", 1, "Europe/Berlin").await;
    solo_error(Solo { org: &other.org }.get(&path).await, 404);
}
