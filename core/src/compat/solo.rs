//! Seed 002's wire shapes (Teladoc Health Solo's external API), parsed into
//! what Frontdesk's services take and rendered from what they answer.
//!
//! Frontdesk's own patient record already is seed 002's demographics, so a
//! patient crosses with a few renames: the client's `id` becomes the
//! identifier [`EXTERNAL_ID`], and the deprecated family fields
//! (`familyMember`, `groupType`, `groupName`) become the record's shared
//! email group.

use serde::Serialize;

use crate::calendar::appointment::AppointmentStatus;
use crate::stage::Stage;
use serde_json::{json, Map, Value};
use thiserror::Error;

/// The identifier system under which the client's own patient id (seed
/// 002's `id`, its episodes' `externalPatientId`) is kept.
pub const EXTERNAL_ID: &str = "EXTERNAL";
/// Seed 002's Health System ID: the EHR's patient id.
pub const HSID: &str = "HSID";

/// A seed 002 body that cannot become a Frontdesk one; rendered as
/// `{"error": {"message": "Bad parameters [field: problem]"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Bad parameters [{field}: {problem}]")]
pub struct SoloError {
    pub field: String,
    pub problem: String,
}

fn bad(field: &str, problem: &str) -> SoloError {
    SoloError {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

/// Which of seed 002's two renderings of the shared email group a reply
/// uses: `sharedEmailGroup` (get by id) or `groupType`/`groupName` (get by
/// SPID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupForm {
    Object,
    Flat,
}

/// What a create or update body holds besides the record: the client's
/// patient id (required on create).
#[derive(Debug)]
pub struct PatientIn {
    pub id: Option<String>,
    /// The record in Frontdesk's `/v1` shape, for the patients service.
    pub record: Value,
}

fn optional_string(
    body: &mut Map<String, Value>,
    field: &str,
) -> Result<Option<String>, SoloError> {
    match body.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(field, "This value should be of type string.")),
    }
}

/// A seed 002 patient body. `existing` is the stored record on an update,
/// whose identifiers (the client's id among them) the body cannot name and
/// so keeps.
pub fn patient_in(
    body: Value,
    existing: Option<&Map<String, Value>>,
) -> Result<PatientIn, SoloError> {
    let Value::Object(mut body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    let id = match body.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if (1..=128).contains(&s.chars().count()) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            return Err(bad(
                "id",
                "This value should be a string of 1 to 128 characters.",
            ))
        }
    };
    let family_member = match body.remove("familyMember") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(_) => return Err(bad("familyMember", "This value should be of type bool.")),
    };
    let group_type = optional_string(&mut body, "groupType")?;
    let group_name = optional_string(&mut body, "groupName")?;
    let linked = body.get("isLinkedByEmail").and_then(Value::as_bool) == Some(true);
    let has_group = !matches!(body.get("sharedEmailGroup"), None | Some(Value::Null));
    if !has_group && (family_member || (linked && (group_type.is_some() || group_name.is_some()))) {
        // Joining a family: the group named, or else the patient's family
        // name's, so relatives sent one by one land in one group.
        let name = group_name.or_else(|| family_name(&body)).ok_or_else(|| {
            bad(
                "groupName",
                "This value should not be blank when familyMember is true.",
            )
        })?;
        body.insert("isLinkedByEmail".into(), Value::Bool(true));
        body.insert(
            "sharedEmailGroup".into(),
            json!({ "type": group_type.unwrap_or_else(|| "family".into()), "name": name }),
        );
    }
    let mut identifiers: Vec<Value> = existing
        .and_then(|e| e.get("identifiers"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(id) = &id {
        identifiers.retain(|i| i.get("system").and_then(Value::as_str) != Some(EXTERNAL_ID));
        identifiers.push(json!({ "system": EXTERNAL_ID, "value": id }));
    }
    if body.contains_key("identifiers") {
        return Err(bad("identifiers", "This field was not expected."));
    }
    body.insert("identifiers".into(), Value::Array(identifiers));
    Ok(PatientIn {
        id,
        record: Value::Object(body),
    })
}

fn family_name(body: &Map<String, Value>) -> Option<String> {
    let name = body.get("name")?.as_array()?.first()?;
    ["lastName", "family"]
        .iter()
        .find_map(|k| {
            name.get(*k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .map(str::to_owned)
}

/// The identifier `system`'s value in a stored record.
pub fn identifier<'a>(record: &'a Map<String, Value>, system: &str) -> Option<&'a str> {
    record
        .get("identifiers")?
        .as_array()?
        .iter()
        .find(|i| i.get("system").and_then(Value::as_str) == Some(system))?
        .get("value")?
        .as_str()
}

/// A stored record as seed 002 shows it.
pub fn patient_out(record: &Map<String, Value>, form: GroupForm) -> Value {
    let mut out = Map::new();
    for key in [
        "mrn",
        "accountNumber",
        "name",
        "birthDate",
        "gender",
        "maritalStatus",
        "telecom",
        "contact",
        "preferredLanguage",
        "race",
        "ethnicity",
        "address",
        "active",
        "deceased",
        "deceasedAt",
    ] {
        out.insert(key.into(), record.get(key).cloned().unwrap_or(Value::Null));
    }
    let group = record
        .get("sharedEmailGroup")
        .filter(|g| g.is_object())
        .cloned();
    let linked = record
        .get("isLinkedByEmail")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let family = group
        .as_ref()
        .and_then(|g| g.get("type"))
        .and_then(Value::as_str)
        == Some("family");
    out.insert("familyMember".into(), Value::Bool(linked && family));
    out.insert("isLinkedByEmail".into(), Value::Bool(linked));
    match form {
        GroupForm::Object => {
            out.insert("sharedEmailGroup".into(), group.unwrap_or(Value::Null));
        }
        GroupForm::Flat => {
            let field = |k: &str| {
                group
                    .as_ref()
                    .and_then(|g| g.get(k))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            out.insert("groupType".into(), field("type"));
            out.insert("groupName".into(), field("name"));
        }
    }
    Value::Object(out)
}

/// Frontdesk's name for a field, as seed 002 names it, so that a refusal
/// from a shared service names what the client sent.
pub fn field_name(frontdesk: &str) -> &str {
    match frontdesk {
        "start" => "date",
        "shop_uid" => "waitingRoom",
        "duration_minutes" => "duration",
        "external_id" => "externalId",
        "episode_of_care_uid" => "episodeOfCareId",
        "account_number" => "accountNumber",
        "url" => "endpoint",
        "event_types" => "events",
        "start_date" => "after",
        "end_date" => "before",
        other => other,
    }
}

/// The longest a seed 002 visit may be, in seconds ([1, 86400]).
pub const MAX_DURATION_SECONDS: i64 = 86_400;

/// Seed 002's appointment body (create), before its waiting room is
/// looked up. Fields Frontdesk's booking checks itself (`reasons`,
/// `externalId`, `accountNumber`, `episodeOfCareId`) pass through to it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentIn {
    /// Unix seconds; `None`: the room's first free time.
    pub date: Option<i64>,
    /// Whole minutes, from `duration` in seconds.
    pub duration_minutes: Option<i64>,
    pub waiting_room: Option<String>,
    /// The rest, under Frontdesk's `/v1` names.
    pub details: Map<String, Value>,
}

fn unix_seconds(body: &Map<String, Value>, field: &str) -> Result<Option<i64>, SoloError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .filter(|t| (0..=253_402_300_799).contains(t))
            .map(Some)
            .ok_or_else(|| bad(field, "This value should be a Unix timestamp in seconds.")),
        Some(_) => Err(bad(field, "This value should be of type int.")),
    }
}

fn duration_minutes(body: &Map<String, Value>) -> Result<Option<i64>, SoloError> {
    match body.get("duration") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let secs = n
                .as_i64()
                .filter(|s| (1..=MAX_DURATION_SECONDS).contains(s))
                .ok_or_else(|| bad("duration", "This value should be between 1 and 86400."))?;
            if secs % 60 != 0 {
                return Err(bad(
                    "duration",
                    "This value should be a whole number of minutes (a multiple of 60).",
                ));
            }
            Ok(Some(secs / 60))
        }
        Some(_) => Err(bad("duration", "This value should be of type int.")),
    }
}

/// Parses a create body; `waitingRoom` is required there.
pub fn appointment_in(body: Value) -> Result<AppointmentIn, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    let known = [
        "date",
        "reasons",
        "duration",
        "waitingRoom",
        "externalId",
        "episodeOfCareId",
        "accountNumber",
    ];
    if let Some(unknown) = body.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(unknown, "This field was not expected."));
    }
    let waiting_room = match body.get("waitingRoom") {
        Some(Value::String(name)) if !name.trim().is_empty() => Some(name.trim().to_owned()),
        None | Some(Value::Null) => None,
        Some(Value::String(_)) => {
            return Err(bad("waitingRoom", "This value should not be blank."))
        }
        Some(_) => return Err(bad("waitingRoom", "This value should be of type string.")),
    };
    let mut details = Map::new();
    for (from, to) in [
        ("reasons", "reasons"),
        ("externalId", "external_id"),
        ("episodeOfCareId", "episode_of_care_uid"),
        ("accountNumber", "account_number"),
    ] {
        if let Some(v) = body.get(from).filter(|v| !v.is_null()) {
            details.insert(to.into(), v.clone());
        }
    }
    Ok(AppointmentIn {
        date: unix_seconds(&body, "date")?,
        duration_minutes: duration_minutes(&body)?,
        waiting_room,
        details,
    })
}

/// Seed 002's status of an appointment nobody has checked in: the
/// calendar's status says it (once checked in, the queue entry's stage
/// does).
pub fn stage_before_check_in(status: AppointmentStatus) -> Stage {
    match status {
        AppointmentStatus::Held | AppointmentStatus::Confirmed => Stage::Scheduled,
        AppointmentStatus::Cancelled | AppointmentStatus::Expired => Stage::Cancelled,
        AppointmentStatus::Completed => Stage::Completed,
        AppointmentStatus::NoShow => Stage::NotShowedUp,
    }
}

/// A doctor's name as seed 002's provider parts: the first word, the
/// last, and what lies between.
pub fn name_parts(name: &str) -> (String, String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => (String::new(), String::new(), String::new()),
        [only] => ((*only).to_owned(), String::new(), String::new()),
        [first, middle @ .., last] => ((*first).to_owned(), middle.join(" "), (*last).to_owned()),
    }
}

/// `{id, visitUrl}`: a created or updated appointment.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentRef {
    /// The SAID.
    pub id: i64,
    /// The patient's online check-in link.
    pub visit_url: String,
}

/// `GET /qapi/v1/appointments/{appointment_id}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentOut {
    pub id: i64,
    /// Unix seconds.
    pub date: i64,
    /// Seconds.
    pub duration: i64,
    pub reasons: Vec<String>,
    pub status: &'static str,
    pub video_call: Option<VideoCall>,
    pub external_id: Option<String>,
    pub patient: PatientRef,
    pub providers: Vec<Provider>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VideoCall {
    /// The visit's waiting-room entry.
    pub id: String,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PatientRef {
    /// The client's own id, or Frontdesk's uid for a patient it never named.
    pub id: String,
    pub demographics: Value,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    pub id: String,
    pub email: Option<String>,
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
}

/// `{appointmentExternalId, providerVisitUrl, patientVisitUrl}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoCallLinks {
    pub appointment_external_id: Option<String>,
    pub provider_visit_url: String,
    pub patient_visit_url: String,
}

/// `{id, providerVisitUrl}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderLink {
    pub id: i64,
    pub provider_visit_url: String,
}

/// One of seed 002's slots: `{date, duration}`, Unix seconds and seconds.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    pub date: i64,
    pub duration: i64,
}

/// What `PUT /qapi/v1/appointments/{id}` may change.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentUpdate {
    pub date: Option<i64>,
    pub duration_minutes: Option<i64>,
    pub cancel: bool,
    /// Seed 002's fields of the visit under Frontdesk's `/v1` names.
    pub details: Map<String, Value>,
}

/// Parses an update body: `status` may only be `cancelled`.
pub fn appointment_update(body: Value) -> Result<AppointmentUpdate, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    let known = [
        "date",
        "duration",
        "status",
        "externalId",
        "reasons",
        "accountNumber",
    ];
    if let Some(unknown) = body.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(unknown, "This field was not expected."));
    }
    let cancel = match body.get("status") {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) if s == "cancelled" => true,
        Some(_) => return Err(bad("status", "Only \"cancelled\" is allowed.")),
    };
    let mut details = Map::new();
    for (from, to) in [
        ("reasons", "reasons"),
        ("externalId", "external_id"),
        ("accountNumber", "account_number"),
    ] {
        if let Some(v) = body.get(from) {
            details.insert(to.into(), v.clone());
        }
    }
    Ok(AppointmentUpdate {
        date: unix_seconds(&body, "date")?,
        duration_minutes: duration_minutes(&body)?,
        cancel,
        details,
    })
}

/// What a seed 002 webhook delivery says, before it is encrypted:
/// `{"event": {"type"}, "data": {"patientId" | "appointmentId"}}`, the ids
/// seed 002's integers (episodes, whose payload the seed does not give,
/// carry `episodeId` and their patient's `patientId`).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookPayload {
    pub event: WebhookEvent,
    pub data: WebhookData,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebhookEvent {
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookData {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode_id: Option<String>,
}

/// A seed 002 webhook as its API shows it; `encryptionKey` on create and
/// get, not in the list or on update.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookOut {
    pub id: String,
    pub endpoint: String,
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
}

/// A seed 002 webhook body (`endpoint`, `events`) under Frontdesk's names
/// (`url`, `event_types`), for `WebhookSettings`; `events` must be seed
/// 002's event names.
pub fn webhook_in(body: Value) -> Result<Value, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    let known = ["endpoint", "events"];
    if let Some(unknown) = body.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(unknown, "This field was not expected."));
    }
    let events = match body.get("events") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Err(bad("events", "This value should not be blank.")),
        Some(_) => return Err(bad("events", "This value should be of type array.")),
    };
    for e in events {
        if !e.as_str().is_some_and(is_solo_event) {
            return Err(bad(
                "events",
                "The value you selected is not a valid choice.",
            ));
        }
    }
    Ok(json!({
        "url": body.get("endpoint").cloned().unwrap_or(Value::Null),
        "event_types": events,
    }))
}

/// Whether `kind` is one of seed 002's event names (`appointment:…`,
/// `patient:…`, `episode:…`), the only ones its webhooks take.
pub fn is_solo_event(kind: &str) -> bool {
    crate::webhook::EVENT_TYPES.contains(&kind) && kind.contains(':')
}

/// One of seed 002's waiting rooms: a Frontdesk shop.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitingRoom {
    pub id: String,
    pub name: String,
    pub service_line: Option<String>,
    pub service_type: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_fields_become_the_shared_group_and_id_an_identifier() {
        let body = json!({
            "id": "patientId",
            "name": [{"family": "Mike Shinoda", "lastName": "Shinoda"}],
            "familyMember": true,
            "isLinkedByEmail": false,
            "groupType": "family",
            "groupName": "Family Name"
        });
        let p = patient_in(body, None).unwrap();
        assert_eq!(p.id.as_deref(), Some("patientId"));
        assert_eq!(p.record["isLinkedByEmail"], json!(true));
        assert_eq!(
            p.record["sharedEmailGroup"],
            json!({"type": "family", "name": "Family Name"})
        );
        assert_eq!(
            p.record["identifiers"],
            json!([{"system": EXTERNAL_ID, "value": "patientId"}])
        );
        assert!(p.record.get("familyMember").is_none());
        assert!(p.record.get("groupName").is_none());
    }

    #[test]
    fn a_family_member_without_a_group_name_joins_their_family_names_group() {
        let body = json!({"name": [{"lastName": "Shinoda"}], "familyMember": true});
        let p = patient_in(body, None).unwrap();
        assert_eq!(
            p.record["sharedEmailGroup"],
            json!({"type": "family", "name": "Shinoda"})
        );
        let unnamed = patient_in(json!({"name": [{}], "familyMember": true}), None).unwrap_err();
        assert_eq!(unnamed.field, "groupName");
    }

    #[test]
    fn not_a_family_member_leaves_the_group_alone_and_bad_types_are_named() {
        let p = patient_in(json!({"name": [{}], "familyMember": false}), None).unwrap();
        assert!(p.record.get("sharedEmailGroup").is_none());
        assert_eq!(
            patient_in(json!({"familyMember": "yes"}), None)
                .unwrap_err()
                .field,
            "familyMember"
        );
        assert_eq!(
            patient_in(json!({"groupName": 3}), None).unwrap_err().field,
            "groupName"
        );
        assert_eq!(patient_in(json!([]), None).unwrap_err().field, "body");
        assert_eq!(
            patient_in(json!({"identifiers": []}), None)
                .unwrap_err()
                .to_string(),
            "Bad parameters [identifiers: This field was not expected.]"
        );
    }

    #[test]
    fn an_update_keeps_the_stored_identifiers() {
        let stored = json!({"identifiers": [{"system": "HSID", "value": "H1"}, {"system": EXTERNAL_ID, "value": "p1"}]});
        let p = patient_in(json!({"name": [{}]}), stored.as_object()).unwrap();
        assert_eq!(p.record["identifiers"], stored["identifiers"]);
        assert_eq!(
            identifier(p.record.as_object().unwrap(), "HSID"),
            Some("H1")
        );
    }

    #[test]
    fn appointment_bodies_map_to_frontdesk_names_and_bad_ones_are_named() {
        let a = appointment_in(json!({
            "date": 1499441179, "reasons": ["headache"], "duration": 900,
            "waitingRoom": " my waiting room ", "externalId": "x-1",
            "episodeOfCareId": "ep_1", "accountNumber": "ABC"
        }))
        .unwrap();
        assert_eq!(a.date, Some(1499441179));
        assert_eq!(a.duration_minutes, Some(15));
        assert_eq!(a.waiting_room.as_deref(), Some("my waiting room"));
        assert_eq!(a.details["external_id"], "x-1");
        assert_eq!(a.details["episode_of_care_uid"], "ep_1");
        assert_eq!(a.details["account_number"], "ABC");
        assert_eq!(a.details["reasons"], json!(["headache"]));
        for (body, field) in [
            (json!({"duration": 0}), "duration"),
            (json!({"duration": 86_401}), "duration"),
            (json!({"duration": 90}), "duration"),
            (json!({"duration": "900"}), "duration"),
            (json!({"date": -1}), "date"),
            (json!({"date": 1.5}), "date"),
            (json!({"waitingRoom": ""}), "waitingRoom"),
            (json!({"waitingRoom": 1}), "waitingRoom"),
            (json!({"doctor": "x"}), "doctor"),
        ] {
            assert_eq!(
                appointment_in(body.clone()).unwrap_err().field,
                field,
                "{body}"
            );
        }
        assert_eq!(appointment_in(json!({})).unwrap().waiting_room, None);
        assert_eq!(field_name("start"), "date");
        assert_eq!(field_name("patient"), "patient");
    }

    #[test]
    fn updates_take_only_cancelled_and_names_split_into_parts() {
        let u = appointment_update(
            json!({"status": "cancelled", "reasons": ["vomit"], "date": 1, "duration": 600}),
        )
        .unwrap();
        assert!(u.cancel);
        assert_eq!((u.date, u.duration_minutes), (Some(1), Some(10)));
        assert_eq!(u.details["reasons"], json!(["vomit"]));
        assert_eq!(
            appointment_update(json!({"status": "completed"}))
                .unwrap_err()
                .field,
            "status"
        );
        assert_eq!(
            appointment_update(json!({"waitingRoom": "x"}))
                .unwrap_err()
                .field,
            "waitingRoom"
        );
        assert_eq!(
            name_parts("Clara Oswin Oswald"),
            ("Clara".into(), "Oswin".into(), "Oswald".into())
        );
        assert_eq!(
            name_parts("Dr"),
            ("Dr".into(), String::new(), String::new())
        );
        assert_eq!(
            stage_before_check_in(AppointmentStatus::NoShow).as_str(),
            "not showed up"
        );
        assert_eq!(
            stage_before_check_in(AppointmentStatus::Held).as_str(),
            "scheduled"
        );
    }

    #[test]
    fn webhook_bodies_take_only_seed_002s_event_names() {
        let b = webhook_in(
            json!({"endpoint": "https://x.example/h", "events": ["appointment:scheduled"]}),
        )
        .unwrap();
        assert_eq!(b["url"], "https://x.example/h");
        assert_eq!(b["event_types"], json!(["appointment:scheduled"]));
        for bad_body in [
            json!({"endpoint": "https://x", "events": ["APPOINTMENT_CONFIRMED"]}),
            json!({"endpoint": "https://x", "events": "appointment:scheduled"}),
            json!({"endpoint": "https://x"}),
        ] {
            assert_eq!(webhook_in(bad_body).unwrap_err().field, "events");
        }
        assert!(is_solo_event("episode:updated") && !is_solo_event("appointment:nope"));
    }

    #[test]
    fn replies_use_the_seeds_two_group_forms() {
        let stored = json!({
            "name": [{"lastName": "S"}], "isLinkedByEmail": true,
            "sharedEmailGroup": {"type": "family", "name": "F"}, "identifiers": []
        });
        let o = patient_out(stored.as_object().unwrap(), GroupForm::Object);
        assert_eq!(o["sharedEmailGroup"]["name"], "F");
        assert_eq!(o["familyMember"], true);
        assert!(o.get("identifiers").is_none() && o.get("groupName").is_none());
        let f = patient_out(stored.as_object().unwrap(), GroupForm::Flat);
        assert_eq!(
            (f["groupType"].as_str(), f["groupName"].as_str()),
            (Some("family"), Some("F"))
        );
        assert!(f.get("sharedEmailGroup").is_none());
    }
}
