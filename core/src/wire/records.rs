//! Clinical-record request bodies (seed 002): episodes of care and the
//! assignment of an appointment to one.

use serde_json::Value;

use super::{parse_date, Body, WireError, NAME_MAX};
use crate::ids::{EpisodeUid, NoteTemplateUid, ShopUid};
use crate::records::episode::{Episode, EpisodeStatus};
use crate::records::note::{Flow, COMMENT_MAX};

impl Episode {
    /// `POST /v1/management/patients/{patient_uid}/episodes`, and the `PUT`
    /// that replaces an episode: seed 002's fields, all of them each time.
    pub fn parse(body: &Body) -> Result<Episode, WireError> {
        let from = parse_date("from", body.str("from")?)?;
        let to = match body.opt_str("to")? {
            None => None,
            Some(s) => Some(parse_date("to", s)?),
        };
        if to.is_some_and(|to| to < from) {
            return Err(WireError::invalid("to", "must not be before `from`"));
        }
        let status = EpisodeStatus::parse(body.str("status")?).ok_or_else(|| {
            WireError::invalid(
                "status",
                "must be one of PLANNING, WAITLIST, ACTIVE, ONHOLD, FINISHED, CANCELED",
            )
        })?;
        Ok(Episode {
            name: body.text("name", Episode::NAME_MAX)?,
            kind: body.text("type", Episode::TYPE_MAX)?,
            from,
            to,
            status,
            objective: body.opt_text("objective", Episode::OBJECTIVE_MAX)?,
            reason_incomplete: body.opt_text("reasonIncomplete", Episode::REASON_MAX)?,
        })
    }
}

/// `PUT /v1/management/appointments/{appointment_uid}/episode`: the
/// episode the appointment belongs to, or `null` to take it out of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignEpisode {
    pub episode_uid: Option<EpisodeUid>,
}

impl AssignEpisode {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        // Absent is a mistake; `null` is the way to unassign.
        if body.raw("episode_uid").is_none() {
            return Err(WireError::Missing {
                field: "episode_uid",
            });
        }
        Ok(Self {
            episode_uid: body.opt_id("episode_uid", EpisodeUid::parse)?,
        })
    }
}

/// `POST /v1/management/note-templates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateNoteTemplate {
    pub name: String,
    pub flow: Flow,
    /// Empty: every shop.
    pub shop_uids: Vec<ShopUid>,
}

/// The most shops a template names.
pub const TEMPLATE_SHOPS_MAX: usize = 100;

impl CreateNoteTemplate {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let mut shop_uids = Vec::new();
        if let Some(items) = body.array("shop_uids")? {
            if items.len() > TEMPLATE_SHOPS_MAX {
                return Err(WireError::invalid(
                    "shop_uids",
                    format!("must list at most {TEMPLATE_SHOPS_MAX} shops"),
                ));
            }
            for item in items {
                let uid = item
                    .as_str()
                    .and_then(|s| ShopUid::parse(s).ok())
                    .ok_or_else(|| WireError::invalid("shop_uids", "must list shop uids"))?;
                if !shop_uids.contains(&uid) {
                    shop_uids.push(uid);
                }
            }
        }
        Ok(Self {
            name: body.text("name", NAME_MAX)?,
            flow: Flow::parse(body.raw("flow"))?,
            shop_uids,
        })
    }
}

/// `PUT /v1/management/appointments/{appointment_uid}/note`: the template
/// and the whole set of answers. The answers are checked against the
/// template once it is loaded ([`Flow::answers`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplaceNote {
    pub template_uid: NoteTemplateUid,
    pub answers: Value,
}

impl ReplaceNote {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            template_uid: body.id("template_uid", NoteTemplateUid::parse)?,
            answers: body
                .raw("answers")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or(Value::Array(Vec::new())),
        })
    }
}

/// `POST /v1/management/appointments/{appointment_uid}/note/comments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddComment {
    pub message: String,
}

impl AddComment {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            message: body.text("message", COMMENT_MAX)?,
        })
    }
}

/// `POST /v1/management/patients/{patient_uid}/documents`: seed 002's
/// structured patient document. `dateTime` is RFC 3339 or, as seed 002
/// writes it, Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatientDocument {
    pub name: String,
    pub date_time: chrono::DateTime<chrono::Utc>,
    pub responses: Vec<(String, String)>,
}

impl PatientDocument {
    pub const RESPONSES_MAX: usize = 500;
    pub const QUESTION_MAX: usize = 1000;
    pub const RESPONSE_MAX: usize = 10_000;

    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let date_time = match body.get("dateTime") {
            None => return Err(WireError::Missing { field: "dateTime" }),
            Some(Value::String(s)) => super::parse_instant("dateTime", s)?,
            Some(v) => super::whole_number(v)
                .and_then(|n| chrono::DateTime::from_timestamp(n, 0))
                .filter(|t| crate::time::SCHEDULE.contains(t.date_naive()))
                .ok_or_else(|| {
                    WireError::invalid(
                        "dateTime",
                        "must be an RFC 3339 time or Unix seconds from 2000 to 2100",
                    )
                })?,
        };
        let items = body
            .array("responses")?
            .ok_or(WireError::Missing { field: "responses" })?;
        if items.len() > Self::RESPONSES_MAX {
            return Err(WireError::invalid(
                "responses",
                format!("must list at most {} responses", Self::RESPONSES_MAX),
            ));
        }
        let mut responses = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let field = |key: &str, max: usize| {
                item.get(key)
                    .and_then(Value::as_str)
                    .filter(|s| s.chars().count() <= max)
                    .map(str::to_owned)
                    .ok_or_else(|| {
                        WireError::invalid(
                            "responses",
                            format!("[{i}].{key} must be text of at most {max} characters"),
                        )
                    })
            };
            responses.push((
                field("question", Self::QUESTION_MAX)?,
                field("response", Self::RESPONSE_MAX)?,
            ));
        }
        Ok(Self {
            name: body.text("name", NAME_MAX)?,
            date_time,
            responses,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: serde_json::Value) -> Body {
        Body::parse(v.to_string().as_bytes()).unwrap()
    }

    fn seed_example() -> serde_json::Value {
        json!({
            "name": "covid care",
            "type": "covid",
            "from": "2026-03-29",
            "to": "2026-04-29",
            "status": "PLANNING",
            "objective": "care covid patient",
            "reasonIncomplete": "unknown"
        })
    }

    #[test]
    fn seed_002s_episode_parses() {
        let e = Episode::parse(&body(seed_example())).unwrap();
        assert_eq!(e.name, "covid care");
        assert_eq!(e.kind, "covid");
        assert_eq!(e.status, EpisodeStatus::Planning);
        assert_eq!(e.to.unwrap().to_string(), "2026-04-29");
        assert_eq!(e.reason_incomplete.as_deref(), Some("unknown"));
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            ("name", json!(""), "name"),
            ("type", json!(null), "type"),
            ("from", json!("29/03/2026"), "from"),
            ("to", json!("2026-03-28"), "to"),
            ("status", json!("DONE"), "status"),
            ("status", json!(3), "status"),
            ("objective", json!("x".repeat(2001)), "objective"),
            ("reasonIncomplete", json!(["a"]), "reasonIncomplete"),
        ];
        for (field, value, named) in cases {
            let mut v = seed_example();
            v[field] = value;
            let err = Episode::parse(&body(v)).unwrap_err();
            assert_eq!(err.field(), Some(named), "{field}: {err}");
        }
    }

    #[test]
    fn optional_fields_may_be_left_out() {
        let e = Episode::parse(&body(json!({
            "name": "n", "type": "t", "from": "2026-01-01", "status": "active"
        })))
        .unwrap();
        assert_eq!((e.to, e.objective, e.reason_incomplete), (None, None, None));
    }

    #[test]
    fn seed_002s_patient_document_parses_and_bad_fields_are_named() {
        let seed = json!({
            "name": "document name",
            "dateTime": 1510367140,
            "responses": [{ "question": "question 1", "response": "response to question 1" }]
        });
        let d = PatientDocument::parse(&body(seed.clone())).unwrap();
        assert_eq!(d.date_time.timestamp(), 1510367140);
        assert_eq!(
            d.responses,
            vec![("question 1".into(), "response to question 1".into())]
        );
        let mut rfc = seed.clone();
        rfc["dateTime"] = json!("2026-11-02T09:00:00Z");
        assert_eq!(
            PatientDocument::parse(&body(rfc))
                .unwrap()
                .date_time
                .timestamp(),
            1_793_610_000
        );
        for (field, value) in [
            ("dateTime", json!(-5)),
            ("dateTime", json!("yesterday")),
            ("dateTime", json!(null)),
            ("responses", json!([{ "question": "q" }])),
            ("responses", json!("no")),
            ("name", json!("")),
        ] {
            let mut v = seed.clone();
            v[field] = value;
            let err = PatientDocument::parse(&body(v)).unwrap_err();
            assert_eq!(err.field(), Some(field), "{field}: {err}");
        }
    }

    #[test]
    fn assignment_needs_the_field_and_takes_null() {
        assert_eq!(
            AssignEpisode::parse(&body(json!({}))).unwrap_err().field(),
            Some("episode_uid")
        );
        assert_eq!(
            AssignEpisode::parse(&body(json!({ "episode_uid": null }))).unwrap(),
            AssignEpisode { episode_uid: None }
        );
        assert_eq!(
            AssignEpisode::parse(&body(json!({ "episode_uid": "pp_1" })))
                .unwrap_err()
                .field(),
            Some("episode_uid")
        );
        let uid = EpisodeUid::new(&[7; 16]);
        assert_eq!(
            AssignEpisode::parse(&body(json!({ "episode_uid": uid.as_str() })))
                .unwrap()
                .episode_uid,
            Some(uid)
        );
    }
}

#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::*;
    use crate::api_doc::schema::{opt_text, text, Object, ScheduleDate};

    impl JsonSchema for Episode {
        fn schema_name() -> Cow<'static, str> {
            "EpisodeRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let mut name = text(
                Episode::NAME_MAX,
                "The episode's name. Trimmed; 1 to 200 characters, no control characters.",
            );
            name["example"] = "covid care".into();
            let mut kind = text(Episode::TYPE_MAX, "The clinic's own episode type (seed 002's \"predefined string\"). Trimmed; 1 to 100 characters.");
            kind["example"] = "covid".into();
            Object::new()
                .required("name", name)
                .required("type", kind)
                .field::<ScheduleDate>(g, "from", "The day the episode starts.")
                .opt_field::<ScheduleDate>(
                    g,
                    "to",
                    "The day it ends, not before `from`; absent or `null` while open-ended.",
                )
                .field::<EpisodeStatus>(
                    g,
                    "status",
                    "Where the episode stands; seed 002's statuses, in any letter case.",
                )
                .optional(
                    "objective",
                    opt_text(
                        Episode::OBJECTIVE_MAX,
                        "The episode's goal. At most 2000 characters.",
                    ),
                )
                .optional(
                    "reasonIncomplete",
                    opt_text(
                        Episode::REASON_MAX,
                        "Why the episode did not finish. At most 1000 characters.",
                    ),
                )
                .build()
        }
    }

    impl JsonSchema for CreateNoteTemplate {
        fn schema_name() -> Cow<'static, str> {
            "CreateNoteTemplateRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let mut name = text(
                NAME_MAX,
                "The template's name. Trimmed; 1 to 200 characters.",
            );
            name["example"] = "Acute Neurology - Physician Services".into();
            Object::new()
                .required("name", name)
                .field::<Flow>(g, "flow", "Sections (1 to 50) of questions (1 to 100 each, 1 to 500 characters; a question written twice in a section is kept once).")
                .opt_field::<Vec<ShopUid>>(g, "shop_uids", "The shops whose visits may use the template (at most 100); absent, `null` or `[]` for every shop.")
                .build()
        }
    }

    impl JsonSchema for ReplaceNote {
        fn schema_name() -> Cow<'static, str> {
            "ReplaceVisitNoteRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<NoteTemplateUid>(g, "template_uid", "The template the note answers; one available to the appointment's shop.")
                .opt_field::<Vec<crate::records::note::Answer>>(g, "answers", "Every answer (at most 500), each to a question of the template (`question`: `[section, question]`), at most once; `response` lists at most 50 texts of at most 5000 characters. Absent or `null`: none.")
                .build()
        }
    }

    impl JsonSchema for AddComment {
        fn schema_name() -> Cow<'static, str> {
            "AddNoteCommentRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            let mut message = text(
                COMMENT_MAX,
                "The comment. Trimmed; 1 to 5000 characters, no control characters.",
            );
            message["example"] = "Patient asked for a follow-up call.".into();
            Object::new().required("message", message).build()
        }
    }

    impl JsonSchema for PatientDocument {
        fn schema_name() -> Cow<'static, str> {
            "PatientDocumentRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            let mut name = text(
                NAME_MAX,
                "The document's name. Trimmed; 1 to 200 characters.",
            );
            name["example"] = "document name".into();
            let mut o = Object::new().required("name", name).build();
            let date_time = schemars::json_schema!({
                "description": "When the document was written: RFC 3339 or Unix seconds, from 2000 to 2100.",
                "oneOf": [
                    { "type": "string", "pattern": crate::api_doc::schema::SCHEDULE_INSTANT },
                    { "type": "integer", "minimum": 946684800, "maximum": 4133980799i64 }
                ],
                "example": 1793610000,
            });
            let responses = schemars::json_schema!({
                "type": "array",
                "maxItems": PatientDocument::RESPONSES_MAX,
                "items": {
                    "type": "object",
                    "required": ["question", "response"],
                    "properties": {
                        "question": { "type": "string", "maxLength": PatientDocument::QUESTION_MAX },
                        "response": { "type": "string", "maxLength": PatientDocument::RESPONSE_MAX },
                    },
                },
            });
            o.insert("properties".into(), {
                let mut props = o.get("properties").cloned().unwrap_or_default();
                props["dateTime"] = date_time.to_value();
                props["responses"] = responses.to_value();
                props
            });
            o.insert(
                "required".into(),
                serde_json::json!(["name", "dateTime", "responses"]),
            );
            o
        }
    }

    impl JsonSchema for AssignEpisode {
        fn schema_name() -> Cow<'static, str> {
            "AssignEpisodeRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let uid = crate::api_doc::schema::nullable(g.subschema_for::<EpisodeUid>().to_value());
            Object::new().required("episode_uid", uid).build()
        }
    }
}
