//! Reports of visits (seed 002's CSV data dump): RFC 4180 CSV, one line
//! per appointment, written a line at a time so a report of any length
//! streams in bounded memory.
//!
//! Every cell that a spreadsheet would read as a formula (it starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`:
//! a clinic's export is opened in Excel, and a patient-chosen text must
//! not run there (OWASP's "CSV injection").

use std::borrow::Cow;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::time::timestamp;
use crate::view::calendar::AppointmentView;
use crate::wire::{parse_date, WireError};

/// The longest range one report covers.
pub const MAX_RANGE_DAYS: i64 = 366;

/// The columns of a visits report, in order.
pub const VISIT_COLUMNS: [&str; 11] = [
    "appointment_uid",
    "status",
    "start",
    "end",
    "shop_uid",
    "doctor_uid",
    "patient_profile_uid",
    "appointment_type_uid",
    "payment_mode",
    "checked_in_at",
    "cancellation_reason",
];

/// A report's days, `from` to `to` inclusive, as UTC instants
/// `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Range {
    /// `from` and `to` as `YYYY-MM-DD`, `to` not before `from`, at most
    /// [`MAX_RANGE_DAYS`] days.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Range, WireError> {
        let from = parse_date("from", from.ok_or(WireError::Missing { field: "from" })?)?;
        let to: NaiveDate = parse_date("to", to.ok_or(WireError::Missing { field: "to" })?)?;
        let days = (to - from).num_days() + 1;
        if days < 1 {
            return Err(WireError::Invalid {
                field: "to",
                problem: "must not be before `from`".into(),
            });
        }
        if days > MAX_RANGE_DAYS {
            return Err(WireError::Invalid {
                field: "to",
                problem: format!("must be at most {MAX_RANGE_DAYS} days after `from`"),
            });
        }
        let start = from.and_time(chrono::NaiveTime::MIN).and_utc();
        Ok(Range {
            start,
            end: start + Duration::days(days),
        })
    }
}

/// One cell, safe for a spreadsheet and quoted as RFC 4180 wants.
pub fn cell(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = s.contains([',', '"', '\n', '\r']);
    match (risky, quote) {
        (false, false) => Cow::Borrowed(s),
        (risky, _) => {
            let body = if risky { format!("'{s}") } else { s.to_owned() };
            if body.contains([',', '"', '\n', '\r']) {
                Cow::Owned(format!("\"{}\"", body.replace('"', "\"\"")))
            } else {
                Cow::Owned(body)
            }
        }
    }
}

/// One CSV line, CRLF-terminated.
pub fn line<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
    out
}

/// The header line.
pub fn header() -> String {
    line(VISIT_COLUMNS)
}

/// An appointment's line.
pub fn visit_line(a: &AppointmentView) -> String {
    let checked_in = a.checked_in_at.map(timestamp).unwrap_or_default();
    line([
        a.appointment_uid.as_str(),
        a.status.as_str(),
        &timestamp(a.start),
        &timestamp(a.end),
        a.shop_uid.as_str(),
        a.doctor_uid
            .as_ref()
            .map_or("", crate::ids::DoctorUid::as_str),
        a.patient_profile_uid.as_str(),
        a.appointment_type_uid.as_str(),
        a.payment_mode.as_str(),
        &checked_in,
        a.cancellation_reason.as_deref().unwrap_or_default(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(line(["a", "b,c", ""]), "a,\"b,c\",\r\n");
    }

    #[test]
    fn formulas_never_reach_a_spreadsheet() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            let c = cell(risky);
            assert!(
                c.trim_start_matches('"').starts_with('\''),
                "{risky:?} -> {c}"
            );
        }
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn ranges_are_whole_days_within_a_year() {
        let r = Range::parse(Some("2026-02-10"), Some("2026-02-11")).unwrap();
        assert_eq!(timestamp(r.start), "2026-02-10T00:00:00.000Z");
        assert_eq!(timestamp(r.end), "2026-02-12T00:00:00.000Z");
        assert_eq!(
            Range::parse(None, Some("2026-02-11")).unwrap_err().field(),
            Some("from")
        );
        assert_eq!(
            Range::parse(Some("2026-02-11"), Some("2026-02-10"))
                .unwrap_err()
                .field(),
            Some("to")
        );
        assert_eq!(
            Range::parse(Some("2026-01-01"), Some("2027-01-02"))
                .unwrap_err()
                .field(),
            Some("to")
        );
        assert!(Range::parse(Some("2026-01-01"), Some("2027-01-01")).is_ok());
        assert_eq!(
            Range::parse(Some("10/02/2026"), Some("2026-02-11"))
                .unwrap_err()
                .field(),
            Some("from")
        );
    }
}

/// The most visits an encounter report holds: its archive is built in the
/// memory of one Durable Object (about 24 MB of CSV at this size).
pub const ENCOUNTER_MAX_ROWS: usize = 100_000;
/// How long a finished encounter report can be downloaded.
pub const ENCOUNTER_TTL_HOURS: u32 = 24;
/// A report password's length, in characters.
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 128;

/// `POST /v1/management/reports/encounters`: a range of instants (RFC
/// 3339, as seed 002's ATOM times are), and the password the archive is
/// locked with.
#[derive(Clone, PartialEq, Eq)]
pub struct EncounterOrder {
    pub range: Range,
    pub password: String,
}

// The password must never reach a log line through `{:?}`.
impl std::fmt::Debug for EncounterOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncounterOrder")
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

impl EncounterOrder {
    pub fn parse(body: &crate::wire::Body) -> Result<EncounterOrder, WireError> {
        let instant = |field: &'static str| -> Result<DateTime<Utc>, WireError> {
            match body.raw(field) {
                None | Some(serde_json::Value::Null) => Err(WireError::Missing { field }),
                Some(serde_json::Value::String(s)) => crate::wire::parse_instant(field, s),
                Some(_) => Err(WireError::Invalid {
                    field,
                    problem: "must be an RFC 3339 time".into(),
                }),
            }
        };
        let (start, end) = (instant("from")?, instant("to")?);
        if end <= start {
            return Err(WireError::Invalid {
                field: "to",
                problem: "must be after `from`".into(),
            });
        }
        if end - start > Duration::days(MAX_RANGE_DAYS) {
            return Err(WireError::Invalid {
                field: "to",
                problem: format!("must be at most {MAX_RANGE_DAYS} days after `from`"),
            });
        }
        let password = match body.raw("password") {
            None | Some(serde_json::Value::Null) => {
                return Err(WireError::Missing { field: "password" })
            }
            Some(serde_json::Value::String(p)) => p,
            Some(_) => {
                return Err(WireError::Invalid {
                    field: "password",
                    problem: "must be a string".into(),
                })
            }
        };
        let n = password.chars().count();
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&n) || password.chars().any(char::is_control) {
            return Err(WireError::Invalid {
                field: "password",
                problem: format!(
                    "must be {PASSWORD_MIN} to {PASSWORD_MAX} characters, none of them control characters"
                ),
            });
        }
        Ok(EncounterOrder {
            range: Range { start, end },
            password: password.clone(),
        })
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use serde_json::json;

    fn body(v: serde_json::Value) -> crate::wire::Body {
        crate::wire::Body::parse(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn seed_002s_order_parses_and_bad_fields_are_named() {
        let seed = json!({
            "from": "2024-08-15T15:52:01+00:00",
            "to": "2024-08-16T15:52:01+00:00",
            "presetId": "a2c6e3fc-c2f7-4a24-a0d6-eb2343a15469",
            "password": "IK5adv2N5V-gr£9v6"
        });
        let o = EncounterOrder::parse(&body(seed.clone())).unwrap();
        assert_eq!(o.password, "IK5adv2N5V-gr£9v6");
        assert!(!format!("{o:?}").contains("IK5adv"));
        for (field, value) in [
            ("from", json!("2024-08-15")),
            ("to", json!("2024-08-15T15:52:01+00:00")),
            ("to", json!("2026-08-15T15:52:01+00:00")),
            ("password", json!("short")),
            ("password", json!(null)),
            ("password", json!("tab\there1")),
        ] {
            let mut v = seed.clone();
            v[field] = value;
            let err = EncounterOrder::parse(&body(v)).unwrap_err();
            assert_eq!(err.field(), Some(field), "{field}: {err}");
        }
    }
}

#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    use super::*;

    impl JsonSchema for EncounterOrder {
        fn schema_name() -> Cow<'static, str> {
            "EncounterReportRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let instant = g.subschema_for::<crate::api_doc::schema::ScheduleInstant>();
            json_schema!({
                "type": "object",
                "required": ["from", "to", "password"],
                "properties": {
                    "from": { "allOf": [instant], "description": "The first instant (RFC 3339; seed 002's ATOM times are RFC 3339)." },
                    "to": { "allOf": [instant], "description": "The end, after `from` and at most 366 days later." },
                    "password": {
                        "type": "string",
                        "minLength": PASSWORD_MIN,
                        "maxLength": PASSWORD_MAX,
                        "pattern": "^[^\\u0000-\\u001f\\u007f-\\u009f]*$",
                        "description": "Locks the archive (UTF-8; 8 to 128 characters, no control characters). Kept sealed until the report is made, then forgotten.",
                        "example": "IK5adv2N5V-gr£9v6",
                    },
                    "presetId": { "type": "string", "description": "Seed 002's report preset; accepted and ignored: every report has the columns of the visits CSV." },
                },
            })
        }
    }
}
