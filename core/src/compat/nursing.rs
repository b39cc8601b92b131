//! Seed 002's virtual nursing: a bedside device (or a call centre) asks for
//! a nurse at a care location, and the request joins a live queue nurses
//! take as doctors take a waiting room's patients.
//!
//! A *care location* is a bed in a ward (building, floor, room, bed) or in
//! a department (department, room, bed), with its video device (a serial
//! number), the waiting room whose queue its requests join, and the
//! patient placed there. Admins manage them; a request names one by its
//! device, by its patient's MRN, or by its place, and at most one request
//! per care location is current (waiting for or with a nurse).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::solo::SoloError;
use crate::queue::QueueStatus;

/// The seed's answer when a request names no care location at all.
pub const MISSING_PARAMETERS: &str = "Service Request Error: Missing Required Parameters. Please include either Device ID, Patient ID, or a combination of Building, Floor, Room, and Bed (opt.), or Department, Room, and Bed (opt.) to proceed";
/// The seed's answer when what a request names matches no device.
pub const NO_DEVICE: &str = "Device could not be found from the data submitted";
/// The seed's answer when the care location has no current request.
pub const NO_REQUEST: &str = "Service Request Error: Request not found";
/// Frontdesk's answer when the care location has nobody placed in it: the
/// nurses' queue is a queue of patients.
pub const NO_PATIENT: &str = "Service Request Error: No patient is placed at this care location";

/// The longest name, place part or serial number.
pub const TEXT_MAX: usize = 100;

/// Where a care location is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Ward {
        building: String,
        floor: String,
        room: String,
        bed: Option<String>,
    },
    Department {
        department: String,
        room: String,
        bed: Option<String>,
    },
}

impl Place {
    /// The place compared case-insensitively: what makes two care
    /// locations the same bed.
    pub fn key(&self) -> String {
        let norm = |s: &str| s.trim().to_lowercase();
        let bed = |b: &Option<String>| b.as_deref().map(norm).unwrap_or_default();
        match self {
            Place::Ward {
                building,
                floor,
                room,
                bed: b,
            } => format!(
                "ward\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
                norm(building),
                norm(floor),
                norm(room),
                bed(b)
            ),
            Place::Department {
                department,
                room,
                bed: b,
            } => format!(
                "dept\u{1f}{}\u{1f}{}\u{1f}{}",
                norm(department),
                norm(room),
                bed(b)
            ),
        }
    }

    /// The key without its bed: a request that names no bed finds the
    /// room's only care location.
    pub fn room_key(&self) -> String {
        let key = self.key();
        match key.rfind('\u{1f}') {
            Some(i) => key[..=i].to_owned(),
            None => key,
        }
    }

    pub fn bed(&self) -> Option<&str> {
        match self {
            Place::Ward { bed, .. } | Place::Department { bed, .. } => bed.as_deref(),
        }
    }

    pub fn room(&self) -> &str {
        match self {
            Place::Ward { room, .. } | Place::Department { room, .. } => room,
        }
    }
}

/// What an assistance request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Device(String),
    PatientMrn(String),
    Place(Place),
}

/// A field as a request may give it: text, or a number written as text.
fn part(fields: &Map<String, Value>, name: &str) -> Option<String> {
    let s = match fields.get(name)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty() && s.chars().count() <= TEXT_MAX && !s.chars().any(char::is_control))
        .then_some(s)
}

/// What a request body (or query) names, in the seed's order: a device,
/// a patient, a ward bed, a department bed. `None`: nothing usable, the
/// seed's missing-parameters answer.
pub fn selector(fields: &Map<String, Value>) -> Option<Selector> {
    if let Some(serial) = part(fields, "deviceSerialNumber") {
        return Some(Selector::Device(serial));
    }
    if let Some(mrn) = part(fields, "patientMrn") {
        return Some(Selector::PatientMrn(mrn));
    }
    let bed = part(fields, "bed");
    if let (Some(building), Some(floor), Some(room)) = (
        part(fields, "building"),
        part(fields, "floor"),
        part(fields, "room"),
    ) {
        return Some(Selector::Place(Place::Ward {
            building,
            floor,
            room,
            bed,
        }));
    }
    if let (Some(department), Some(room)) = (part(fields, "department"), part(fields, "room")) {
        return Some(Selector::Place(Place::Department {
            department,
            room,
            bed,
        }));
    }
    None
}

/// A care location as admins write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareLocationIn {
    pub name: String,
    pub place: Place,
    pub waiting_room: String,
    pub device_serial: String,
    pub device_type: String,
    /// The patient placed there, by MRN; `None`: nobody.
    pub patient_mrn: Option<String>,
}

fn bad(field: &str, problem: &str) -> SoloError {
    SoloError {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

fn text_field(
    fields: &Map<String, Value>,
    name: &str,
    required: bool,
) -> Result<Option<String>, SoloError> {
    match fields.get(name) {
        None | Some(Value::Null) if !required => Ok(None),
        None | Some(Value::Null) => Err(bad(name, "This value should not be blank.")),
        Some(Value::String(_) | Value::Number(_)) => match part(fields, name) {
            Some(s) => Ok(Some(s)),
            None => Err(bad(
                name,
                &format!("This value should be 1 to {TEXT_MAX} printable characters."),
            )),
        },
        Some(_) => Err(bad(name, "This value should be of type string.")),
    }
}

/// Parses a care location body: `name`, either `building`, `floor` and
/// `room` or `department` and `room`, an optional `bed`, `waitingRoom`,
/// `device: {serialNumber, type}` and an optional `patientMrn`.
pub fn care_location_in(body: Value) -> Result<CareLocationIn, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    let known = [
        "name",
        "building",
        "floor",
        "department",
        "room",
        "bed",
        "waitingRoom",
        "device",
        "patientMrn",
    ];
    if let Some(unknown) = body.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(unknown, "This field was not expected."));
    }
    let name = text_field(&body, "name", true)?.unwrap_or_default();
    let building = text_field(&body, "building", false)?;
    let floor = text_field(&body, "floor", false)?;
    let department = text_field(&body, "department", false)?;
    let room = text_field(&body, "room", true)?.unwrap_or_default();
    let bed = text_field(&body, "bed", false)?;
    let place = match (building, floor, department) {
        (Some(building), Some(floor), None) => Place::Ward {
            building,
            floor,
            room,
            bed,
        },
        (None, None, Some(department)) => Place::Department {
            department,
            room,
            bed,
        },
        (Some(_), None, None) => return Err(bad("floor", "This value should not be blank.")),
        (None, Some(_), None) => return Err(bad("building", "This value should not be blank.")),
        (None, None, None) => {
            return Err(bad(
                "department",
                "Give either building and floor, or department.",
            ))
        }
        _ => {
            return Err(bad(
                "department",
                "Give either building and floor, or department, not both.",
            ))
        }
    };
    let waiting_room = text_field(&body, "waitingRoom", true)?.unwrap_or_default();
    let Some(Value::Object(device)) = body.get("device") else {
        return Err(bad(
            "device",
            "This value should be an object with serialNumber and type.",
        ));
    };
    if let Some(unknown) = device
        .keys()
        .find(|k| !["serialNumber", "type"].contains(&k.as_str()))
    {
        return Err(bad(
            &format!("device.{unknown}"),
            "This field was not expected.",
        ));
    }
    let device_serial = part(device, "serialNumber").ok_or_else(|| {
        bad(
            "device.serialNumber",
            &format!("This value should be 1 to {TEXT_MAX} printable characters."),
        )
    })?;
    let device_type = match device.get("type") {
        None | Some(Value::Null) => "robot".to_owned(),
        Some(_) => part(device, "type").ok_or_else(|| {
            bad(
                "device.type",
                &format!("This value should be 1 to {TEXT_MAX} printable characters."),
            )
        })?,
    };
    let patient_mrn = text_field(&body, "patientMrn", false)?;
    Ok(CareLocationIn {
        name,
        place,
        waiting_room,
        device_serial,
        device_type,
        patient_mrn,
    })
}

/// Seed 002's request status for a queue entry's.
pub fn status(s: QueueStatus) -> &'static str {
    match s {
        QueueStatus::Waiting => "incomplete",
        QueueStatus::Allocated => "in_progress",
        QueueStatus::Completed => "completed",
        QueueStatus::Cancelled => "cancelled",
    }
}

/// Whole years from `dob` to `today` (0 for a birth date in the future).
pub fn age(dob: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - dob.year();
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The seed's `careLocation.video`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Video {
    pub r#type: String,
    pub client_id: Option<String>,
    pub serial_number: String,
    pub care_location_id: String,
    pub skip_activation: bool,
}

/// The seed's `careLocation`. Frontdesk does not watch devices, so
/// `availability` is always the seed's `"offline"`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CareLocationRef {
    pub availability: &'static str,
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub video: Video,
}

/// The seed's `patient`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatientOut {
    pub age: u32,
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub middle_name: String,
    pub dob: Option<String>,
    pub mrn: Option<String>,
}

/// The seed's `location`: the waiting room whose queue the request joins.
#[derive(Debug, Clone, Serialize)]
pub struct LocationRef {
    pub id: String,
    pub name: String,
}

/// A nurse's video session, once one has taken the request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AvSession {
    pub id: String,
    #[serde(with = "crate::view::rfc3339::option")]
    pub started_at: Option<DateTime<Utc>>,
}

/// An assistance request, in the seed's shape.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssistanceOut {
    pub id: String,
    pub device: String,
    pub care_location: CareLocationRef,
    pub practice: String,
    pub patient: Option<PatientOut>,
    pub assigned_to: Option<String>,
    pub room: String,
    pub status: &'static str,
    pub created_at: String,
    pub finished_at: Option<String>,
    pub location: LocationRef,
    pub av_sessions: Vec<AvSession>,
    pub created_from_external_api: bool,
}

/// A care location as the admin endpoints answer it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CareLocationOut {
    pub id: String,
    pub name: String,
    pub building: Option<String>,
    pub floor: Option<String>,
    pub department: Option<String>,
    pub room: String,
    pub bed: Option<String>,
    pub waiting_room: String,
    pub device: DeviceOut,
    /// The placed patient's uid, if anyone is placed.
    pub patient_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceOut {
    pub serial_number: String,
    pub r#type: String,
}

/// The seed's `patient` from a stored record (`/v1`'s demographics).
pub fn patient_out(id: &str, record: &Map<String, Value>, today: NaiveDate) -> PatientOut {
    let name = record
        .get("name")
        .and_then(Value::as_array)
        .and_then(|n| n.first())
        .and_then(Value::as_object);
    let part = |key: &str| {
        name.and_then(|n| n.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let last = match part("lastName") {
        l if l.is_empty() => part("family"),
        l => l,
    };
    let dob = record
        .get("birthDate")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let age = dob
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(0, |d| age(d, today));
    PatientOut {
        age,
        id: id.to_owned(),
        first_name: part("firstName"),
        last_name: last,
        middle_name: part("middleName"),
        dob,
        mrn: record.get("mrn").and_then(Value::as_str).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn the_seeds_four_bodies_name_what_they_should() {
        assert_eq!(
            selector(&fields(
                json!({"building": "hospital", "floor": "floor 2", "room": "431", "bed": "bed 2"})
            )),
            Some(Selector::Place(Place::Ward {
                building: "hospital".into(),
                floor: "floor 2".into(),
                room: "431".into(),
                bed: Some("bed 2".into()),
            }))
        );
        assert_eq!(
            selector(&fields(
                json!({"department": "emergency department", "room": "431", "bed": "bed 2"})
            )),
            Some(Selector::Place(Place::Department {
                department: "emergency department".into(),
                room: "431".into(),
                bed: Some("bed 2".into()),
            }))
        );
        assert_eq!(
            selector(&fields(json!({"patientMrn": "1234"}))),
            Some(Selector::PatientMrn("1234".into()))
        );
        assert_eq!(
            selector(&fields(json!({"deviceSerialNumber": 123457}))),
            Some(Selector::Device("123457".into()))
        );
    }

    #[test]
    fn incomplete_places_name_nothing() {
        for body in [
            json!({}),
            json!({"building": "hospital", "room": "431"}),
            json!({"department": "ed"}),
            json!({"room": "431", "bed": "1"}),
            json!({"deviceSerialNumber": "  "}),
            json!({"patientMrn": {"x": 1}}),
            json!({"deviceSerialNumber": "x".repeat(TEXT_MAX + 1)}),
        ] {
            assert_eq!(selector(&fields(body.clone())), None, "{body}");
        }
    }

    #[test]
    fn places_match_ignoring_case_and_a_missing_bed_keeps_the_room() {
        let a = Place::Ward {
            building: "Hospital".into(),
            floor: "Floor 2".into(),
            room: "431".into(),
            bed: Some("Bed 2".into()),
        };
        let b = Place::Ward {
            building: " hospital".into(),
            floor: "floor 2".into(),
            room: "431".into(),
            bed: Some("bed 2".into()),
        };
        assert_eq!(a.key(), b.key());
        let no_bed = Place::Ward {
            building: "hospital".into(),
            floor: "floor 2".into(),
            room: "431".into(),
            bed: None,
        };
        assert_eq!(a.room_key(), no_bed.room_key());
        assert_ne!(a.key(), no_bed.key());
        let dept = Place::Department {
            department: "hospital".into(),
            room: "431".into(),
            bed: None,
        };
        assert_ne!(dept.room_key(), no_bed.room_key());
    }

    #[test]
    fn care_locations_parse_and_name_their_wrong_field() {
        let ok = care_location_in(json!({
            "name": "ICC-CL-01-02", "building": "hospital", "floor": "floor 2", "room": "431",
            "waitingRoom": "Nurses", "device": {"serialNumber": "123457"}
        }))
        .unwrap();
        assert_eq!(ok.device_type, "robot");
        assert_eq!(ok.place.bed(), None);
        let cases = [
            (
                json!({"name": "n", "room": "1", "waitingRoom": "w", "device": {"serialNumber": "1"}}),
                "department",
            ),
            (
                json!({"name": "n", "building": "b", "room": "1", "waitingRoom": "w", "device": {"serialNumber": "1"}}),
                "floor",
            ),
            (
                json!({"name": "n", "department": "d", "building": "b", "floor": "f", "room": "1", "waitingRoom": "w", "device": {"serialNumber": "1"}}),
                "department",
            ),
            (
                json!({"name": "n", "department": "d", "room": "1", "waitingRoom": "w"}),
                "device",
            ),
            (
                json!({"name": "n", "department": "d", "room": "1", "waitingRoom": "w", "device": {"serialNumber": ""}}),
                "device.serialNumber",
            ),
            (
                json!({"department": "d", "room": "1", "waitingRoom": "w", "device": {"serialNumber": "1"}}),
                "name",
            ),
            (
                json!({"name": "n", "department": "d", "room": "1", "waitingRoom": "w", "device": {"serialNumber": "1"}, "wing": "x"}),
                "wing",
            ),
        ];
        for (body, field) in cases {
            assert_eq!(
                care_location_in(body.clone()).unwrap_err().field,
                field,
                "{body}"
            );
        }
    }

    #[test]
    fn ages_count_whole_years() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(age(d(2001, 1, 20), d(2026, 1, 19)), 24);
        assert_eq!(age(d(2001, 1, 20), d(2026, 1, 20)), 25);
        assert_eq!(age(d(2030, 1, 1), d(2026, 1, 1)), 0);
    }
}
