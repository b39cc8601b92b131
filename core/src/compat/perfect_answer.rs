//! Seed 002's perfect answer (`POST /qapi/v1/perfect-answer`): a call
//! centre's consult request becomes a patient (found or made by MRN), a
//! visit in the waiting room the request's `locationId` is mapped to, and
//! that visit's note, filled from the request.
//!
//! The seed leaves two things to the organisation's configuration, which
//! Frontdesk keeps as a *perfect-answer location*: which waiting room a
//! `locationId` (the seed's "Geolocation Id", a UUID) names, and which note
//! template each `reason` uses (the seed's EHR mapping; by default its own
//! two templates). A template's questions are "tagged" with the request
//! field that answers them by ending in the field's name in brackets, as
//! in `Call center notified [callCenterNotified]`.
//!
//! One visit per patient per [`WINDOW_SECONDS`]: the second is refused with
//! the seed's [`ALREADY_VISITED`].

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::solo::SoloError;
use crate::records::note::{Answer, Flow};

/// How long after a perfect-answer visit the patient may not have another.
pub const WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// The seed's refusal of a second visit within [`WINDOW_SECONDS`].
pub const ALREADY_VISITED: &str =
    "A visit has already been created for the patient within 24 hours";

/// The longest text field Frontdesk takes from the request.
pub const TEXT_MAX: usize = 200;

/// The seed's consult reasons (`reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Stroke,
    EegStat,
    EegRoutine,
}

impl Reason {
    pub const ALL: [Reason; 3] = [Reason::Stroke, Reason::EegStat, Reason::EegRoutine];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Stroke => "Stroke",
            Reason::EegStat => "EEG Stat",
            Reason::EegRoutine => "EEG Routine",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The seed's templates: "Acute Neurology - Physician Services" for a
    /// stroke, "EEG - Physician Services" for either EEG.
    pub fn default_template(self) -> &'static str {
        match self {
            Reason::Stroke => "Acute Neurology - Physician Services",
            Reason::EegStat | Reason::EegRoutine => "EEG - Physician Services",
        }
    }
}

/// The seed's `consultType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultType {
    New,
    Update,
}

impl ConsultType {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultType::New => "new",
            ConsultType::Update => "update",
        }
    }
}

/// A perfect-answer request, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct PerfectAnswer {
    pub first_name: String,
    pub last_name: String,
    pub dob: NaiveDate,
    /// Lower-case hyphenated UUID.
    pub location_id: String,
    pub mrn: String,
    pub physician_callback_number: Option<String>,
    pub requesting_provider: String,
    pub call_center_notified: Option<DateTime<Utc>>,
    pub physician_notified: Option<DateTime<Utc>>,
    pub patient_location: Option<String>,
    pub consult_type: ConsultType,
    pub reason: Reason,
    pub caller: Option<String>,
}

fn bad(field: &str, problem: &str) -> SoloError {
    SoloError {
        field: field.to_owned(),
        problem: problem.to_owned(),
    }
}

const FIELDS: [&str; 13] = [
    "firstName",
    "lastName",
    "dob",
    "locationId",
    "mrn",
    "physicianCallbackNumber",
    "requestingProvider",
    "callCenterNotified",
    "physicianNotified",
    "patientLocation",
    "consultType",
    "reason",
    "caller",
];

/// The request fields a template question may be tagged with.
pub const TAGS: &[&str] = &FIELDS;

fn text(
    body: &Map<String, Value>,
    field: &str,
    required: bool,
) -> Result<Option<String>, SoloError> {
    match body.get(field) {
        None | Some(Value::Null) if required => Err(bad(field, "This value should not be blank.")),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() {
                return if required {
                    Err(bad(field, "This value should not be blank."))
                } else {
                    Ok(None)
                };
            }
            if s.chars().count() > TEXT_MAX || s.chars().any(char::is_control) {
                return Err(bad(
                    field,
                    &format!("This value should be at most {TEXT_MAX} printable characters."),
                ));
            }
            Ok(Some(s.to_owned()))
        }
        Some(_) => Err(bad(field, "This value should be of type string.")),
    }
}

fn required(body: &Map<String, Value>, field: &str) -> Result<String, SoloError> {
    text(body, field, true)?.ok_or_else(|| bad(field, "This value should not be blank."))
}

/// A UUID as the seed's validator takes it: 8-4-4-4-12 hex digits.
pub fn uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    let shape = [8, 4, 4, 4, 12];
    let ok = groups.len() == shape.len()
        && groups
            .iter()
            .zip(shape)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
    ok.then(|| s.to_ascii_lowercase())
}

fn instant(body: &Map<String, Value>, field: &str) -> Result<Option<DateTime<Utc>>, SoloError> {
    match text(body, field, false)? {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(&s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| bad(field, "This value is not a valid datetime.")),
    }
}

/// Parses the request body; the first field in the seed's order that is
/// wrong is the one named.
pub fn perfect_answer_in(body: Value) -> Result<PerfectAnswer, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    if let Some(unknown) = body.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(bad(unknown, "This field was not expected."));
    }
    let first_name = required(&body, "firstName")?;
    let last_name = required(&body, "lastName")?;
    let dob = required(&body, "dob")?;
    let dob = NaiveDate::parse_from_str(&dob, "%Y-%m-%d")
        .map_err(|_| bad("dob", "This value is not a valid date."))?;
    let location_id = required(&body, "locationId")?;
    let location_id =
        uuid(&location_id).ok_or_else(|| bad("locationId", "This is not a valid UUID."))?;
    let mrn = required(&body, "mrn")?;
    if mrn.chars().count() > 64 {
        return Err(bad("mrn", "This value should be at most 64 characters."));
    }
    let physician_callback_number = text(&body, "physicianCallbackNumber", false)?;
    let requesting_provider = required(&body, "requestingProvider")?;
    let call_center_notified = instant(&body, "callCenterNotified")?;
    let physician_notified = instant(&body, "physicianNotified")?;
    let patient_location = text(&body, "patientLocation", false)?;
    let consult_type = match required(&body, "consultType")?.as_str() {
        "new" => ConsultType::New,
        "update" => ConsultType::Update,
        _ => {
            return Err(bad(
                "consultType",
                "The value you selected is not a valid choice.",
            ))
        }
    };
    let reason = Reason::parse(&required(&body, "reason")?)
        .ok_or_else(|| bad("reason", "The value you selected is not a valid choice."))?;
    let caller = text(&body, "caller", false)?;
    Ok(PerfectAnswer {
        first_name,
        last_name,
        dob,
        location_id,
        mrn,
        physician_callback_number,
        requesting_provider,
        call_center_notified,
        physician_notified,
        patient_location,
        consult_type,
        reason,
        caller,
    })
}

/// The tag a template question carries: the field name in brackets that
/// ends its text.
pub fn tag_of(question: &str) -> Option<&str> {
    let inner = question.trim_end().strip_suffix(']')?;
    let open = inner.rfind('[')?;
    let tag = &inner[open + 1..];
    TAGS.contains(&tag).then_some(tag)
}

impl PerfectAnswer {
    /// The request's value for a tag, as the note shows it.
    pub fn value_of(&self, tag: &str) -> Option<String> {
        let time = |t: &Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339());
        match tag {
            "firstName" => Some(self.first_name.clone()),
            "lastName" => Some(self.last_name.clone()),
            "dob" => Some(self.dob.to_string()),
            "locationId" => Some(self.location_id.clone()),
            "mrn" => Some(self.mrn.clone()),
            "physicianCallbackNumber" => self.physician_callback_number.clone(),
            "requestingProvider" => Some(self.requesting_provider.clone()),
            "callCenterNotified" => time(&self.call_center_notified),
            "physicianNotified" => time(&self.physician_notified),
            "patientLocation" => self.patient_location.clone(),
            "consultType" => Some(self.consult_type.as_str().to_owned()),
            "reason" => Some(self.reason.as_str().to_owned()),
            "caller" => self.caller.clone(),
            _ => None,
        }
    }

    /// The note's answers: every tagged question the request has a value
    /// for, once (a question asked twice in one section is one question).
    pub fn answers(&self, flow: &Flow) -> Vec<Answer> {
        let mut out: Vec<Answer> = Vec::new();
        for section in &flow.sections {
            for question in &section.questions {
                let Some(value) = tag_of(question).and_then(|tag| self.value_of(tag)) else {
                    continue;
                };
                let path = vec![section.name.clone(), question.clone()];
                if out.iter().all(|a| a.question != path) {
                    out.push(Answer {
                        question: path,
                        response: vec![value],
                    });
                }
            }
        }
        out
    }

    /// The patient record in `/v1`'s shape, for a new patient or to update
    /// a found one's name and birth date.
    pub fn demographics(&self) -> Value {
        serde_json::json!({
            "mrn": self.mrn,
            "name": [{
                "use": "usual",
                "firstName": self.first_name,
                "lastName": self.last_name,
                "family": self.last_name,
            }],
            "birthDate": self.dob.to_string(),
        })
    }
}

/// The answer: the patient's and the visit's ids.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PerfectAnswerOut {
    pub patient_id: String,
    pub encounter_id: String,
}

/// A perfect-answer location as the configuration endpoints take it:
/// `{"waitingRoom": name, "templates": {reason: template name}}`, reasons
/// not named keeping the seed's templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationIn {
    pub waiting_room: String,
    pub templates: BTreeMap<Reason, String>,
}

/// Parses a location's configuration body.
pub fn location_in(body: Value) -> Result<LocationIn, SoloError> {
    let Value::Object(body) = body else {
        return Err(bad("body", "This value should be a JSON object."));
    };
    if let Some(unknown) = body
        .keys()
        .find(|k| !["waitingRoom", "templates"].contains(&k.as_str()))
    {
        return Err(bad(unknown, "This field was not expected."));
    }
    let waiting_room = required(&body, "waitingRoom")?;
    let mut templates: BTreeMap<Reason, String> = Reason::ALL
        .into_iter()
        .map(|r| (r, r.default_template().to_owned()))
        .collect();
    match body.get("templates") {
        None | Some(Value::Null) => {}
        Some(Value::Object(named)) => {
            for (reason, template) in named {
                let field = format!("templates.{reason}");
                let r = Reason::parse(reason)
                    .ok_or_else(|| bad(&field, "The value you selected is not a valid choice."))?;
                let t = template
                    .as_str()
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && t.chars().count() <= TEXT_MAX)
                    .ok_or_else(|| bad(&field, "This value should be a template's name."))?;
                templates.insert(r, t.to_owned());
            }
        }
        Some(_) => return Err(bad("templates", "This value should be an object.")),
    }
    Ok(LocationIn {
        waiting_room,
        templates,
    })
}

/// A configured location, as the configuration endpoints answer it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationOut {
    pub location_id: String,
    pub waiting_room: String,
    pub templates: BTreeMap<&'static str, String>,
}

/// Stores a reason-to-template map as text (keys are the seed's reasons).
pub fn templates_text(templates: &BTreeMap<Reason, String>) -> String {
    let named: BTreeMap<&str, &String> = templates.iter().map(|(r, t)| (r.as_str(), t)).collect();
    serde_json::to_string(&named).unwrap_or_else(|_| "{}".to_owned())
}

/// Reads a stored map back; anything unreadable falls back to the seed's
/// templates.
pub fn templates_from_text(text: &str) -> BTreeMap<Reason, String> {
    let stored: BTreeMap<String, String> = serde_json::from_str(text).unwrap_or_default();
    Reason::ALL
        .into_iter()
        .map(|r| {
            let t = stored
                .get(r.as_str())
                .cloned()
                .unwrap_or_else(|| r.default_template().to_owned());
            (r, t)
        })
        .collect()
}

pub fn location_out(
    location_id: &str,
    waiting_room: &str,
    templates: &BTreeMap<Reason, String>,
) -> LocationOut {
    LocationOut {
        location_id: location_id.to_owned(),
        waiting_room: waiting_room.to_owned(),
        templates: templates
            .iter()
            .map(|(r, t)| (r.as_str(), t.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::note::Section;
    use serde_json::json;

    fn seed() -> Value {
        json!({
            "firstName": "John",
            "lastName": "Doe",
            "dob": "2001-01-20",
            "locationId": "123",
            "mrn": "AA-00000001",
            "physicianCallbackNumber": "+1-202-555-0150",
            "requestingProvider": "Bob Dylan",
            "callCenterNotified": "2019-12-03T14:32:12Z",
            "physicianNotified": "2019-12-03T14:32:12Z",
            "patientLocation": "Patient location",
            "consultType": "new",
            "reason": "EEG Stat",
            "caller": "Caller name"
        })
    }

    #[test]
    fn the_seeds_example_is_refused_for_its_location_id_as_the_seed_shows() {
        let e = perfect_answer_in(seed()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Bad parameters [locationId: This is not a valid UUID.]"
        );
    }

    #[test]
    fn with_a_uuid_the_seeds_example_parses() {
        let mut body = seed();
        body["locationId"] = json!("AB25DDA0-64e6-4666-8bfe-3277656a6405");
        let p = perfect_answer_in(body).unwrap();
        assert_eq!(p.location_id, "ab25dda0-64e6-4666-8bfe-3277656a6405");
        assert_eq!(p.reason, Reason::EegStat);
        assert_eq!(p.consult_type, ConsultType::New);
        assert_eq!(p.dob, NaiveDate::from_ymd_opt(2001, 1, 20).unwrap());
        assert_eq!(
            p.call_center_notified.unwrap().to_rfc3339(),
            "2019-12-03T14:32:12+00:00"
        );
    }

    #[test]
    fn each_wrong_field_is_named() {
        let cases = [
            ("firstName", json!(""), "This value should not be blank."),
            (
                "dob",
                json!("20/01/2001"),
                "This value is not a valid date.",
            ),
            (
                "reason",
                json!("Flu"),
                "The value you selected is not a valid choice.",
            ),
            (
                "consultType",
                json!("old"),
                "The value you selected is not a valid choice.",
            ),
            (
                "callCenterNotified",
                json!("yesterday"),
                "This value is not a valid datetime.",
            ),
            (
                "requestingProvider",
                json!(7),
                "This value should be of type string.",
            ),
            ("colour", json!("red"), "This field was not expected."),
        ];
        for (field, value, problem) in cases {
            let mut body = seed();
            body["locationId"] = json!("ab25dda0-64e6-4666-8bfe-3277656a6405");
            body[field] = value;
            let e = perfect_answer_in(body).unwrap_err();
            assert_eq!((e.field.as_str(), e.problem.as_str()), (field, problem));
        }
        let mut body = seed();
        body.as_object_mut().unwrap().remove("mrn");
        body["locationId"] = json!("ab25dda0-64e6-4666-8bfe-3277656a6405");
        assert_eq!(perfect_answer_in(body).unwrap_err().field, "mrn");
    }

    #[test]
    fn tagged_questions_get_the_requests_values() {
        let mut body = seed();
        body["locationId"] = json!("ab25dda0-64e6-4666-8bfe-3277656a6405");
        body.as_object_mut().unwrap().remove("caller");
        let p = perfect_answer_in(body).unwrap();
        let flow = Flow {
            sections: vec![Section {
                name: "Call".into(),
                questions: vec![
                    "Call center notified [callCenterNotified]".into(),
                    "Requested by [requestingProvider]".into(),
                    "Caller [caller]".into(),
                    "Untagged".into(),
                    "Odd [colour]".into(),
                ],
            }],
        };
        let answers = p.answers(&flow);
        assert_eq!(
            answers,
            vec![
                Answer {
                    question: vec![
                        "Call".into(),
                        "Call center notified [callCenterNotified]".into()
                    ],
                    response: vec!["2019-12-03T14:32:12+00:00".into()],
                },
                Answer {
                    question: vec!["Call".into(), "Requested by [requestingProvider]".into()],
                    response: vec!["Bob Dylan".into()],
                },
            ]
        );
        assert_eq!(tag_of("x [mrn] "), Some("mrn"));
        assert_eq!(tag_of("x mrn]"), None);
    }

    #[test]
    fn locations_default_to_the_seeds_templates() {
        let l = location_in(
            json!({"waitingRoom": "Neuro", "templates": {"EEG Routine": "Routine EEG"}}),
        )
        .unwrap();
        assert_eq!(
            l.templates[&Reason::Stroke],
            "Acute Neurology - Physician Services"
        );
        assert_eq!(l.templates[&Reason::EegStat], "EEG - Physician Services");
        assert_eq!(l.templates[&Reason::EegRoutine], "Routine EEG");
        assert_eq!(
            templates_from_text(&templates_text(&l.templates)),
            l.templates
        );
        let e =
            location_in(json!({"waitingRoom": "Neuro", "templates": {"Flu": "x"}})).unwrap_err();
        assert_eq!(e.field, "templates.Flu");
        assert_eq!(location_in(json!({})).unwrap_err().field, "waitingRoom");
    }
}
