//! Clinical-record request bodies (seed 002): episodes of care and the
//! assignment of an appointment to one.

use super::{parse_date, Body, WireError};
use crate::ids::EpisodeUid;
use crate::records::episode::{Episode, EpisodeStatus};

impl Episode {
    /// `POST /v1/management/patients/{patient_uid}/episodes`, and the `PUT`
    /// that replaces an episode: seed 002's fields, all of them each time.
    pub fn parse(body: &Body) -> Result<Episode, WireError> {
        let from = parse_date("from", body.str("from")?)?;
        let to = match body.opt_str("to")? {
            None | Some("") => None,
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
                .opt_field::<ScheduleDate>(g, "to", "The day it ends, not before `from`; absent, `null` or `\"\"` while open-ended.")
                .field::<EpisodeStatus>(g, "status", "Where the episode stands; seed 002's statuses, in any letter case.")
                .optional("objective", opt_text(Episode::OBJECTIVE_MAX, "The episode's goal. At most 2000 characters."))
                .optional("reasonIncomplete", opt_text(Episode::REASON_MAX, "Why the episode did not finish. At most 1000 characters."))
                .build()
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
