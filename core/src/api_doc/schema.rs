//! Building blocks for the `JsonSchema` impls written by hand: strings
//! with a pattern, request bodies whose fields are read one by one by a
//! `parse` function (`crate::wire`), and the date and time windows.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// A string schema.
pub fn string(description: &str, pattern: Option<&str>, example: &str) -> Schema {
    let mut s = json_schema!({
        "type": "string",
        "description": description,
        "example": example,
    });
    if let Some(p) = pattern {
        s.insert("pattern".into(), json!(p));
    }
    s
}

/// The regular expression of a minted id: `prefix` + 26 base32 characters.
pub fn minted_pattern(prefix: &str) -> String {
    format!("^{prefix}[0-9a-v]{{{}}}$", crate::ids::RANDOM_LEN)
}

/// A request body as its `parse` reads it: an object whose listed fields
/// are checked, and whose other fields are ignored unless `closed`.
pub struct Object {
    properties: Map<String, Value>,
    required: Vec<&'static str>,
    extra: Map<String, Value>,
}

/// Text as `Body::text` reads it: trimmed, 1 to `max` characters, no
/// control characters. The length counts the trimmed text, so it is in
/// the pattern rather than `minLength`/`maxLength`, which would count the
/// white space around it.
pub fn text(max: usize, description: &str) -> Value {
    json!({
        "type": "string",
        "pattern": text_pattern(max, false),
        "description": description,
    })
}

/// Optional text as `Body::opt_text` reads it: empty (after trimming) and
/// `null` count as absent.
pub fn opt_text(max: usize, description: &str) -> Value {
    json!({
        "type": ["string", "null"],
        "pattern": text_pattern(max, true),
        "description": description,
    })
}

/// White space as `str::trim` removes it (`char::is_whitespace`).
const SPACE: &str = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters as `char::is_control` finds them.
const CONTROL: &str = r"\x00-\x1f\x7f-\x9f";

/// A country code as `phone::Region::parse` reads it: every two-letter
/// code it knows, in any case, with the white space it trims.
pub fn region_pattern() -> String {
    let codes: Vec<String> = crate::phone::Region::codes()
        .iter()
        .map(|c| {
            c.chars()
                .map(|ch| format!("[{}{}]", ch, ch.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    format!("^[{SPACE}]*(?:{})[{SPACE}]*$", codes.join("|"))
}

/// A valid calendar date from 1900-01-01 to 2100-12-31 (months of 28 to 31
/// days; 29 February in leap years only), for `deceasedAt`.
const LIFETIME_DATE: &str = "(?:(?:19[0-9]{2}|20[0-9]{2}|2100)-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26]))-02-29)";

/// `deceasedAt` as `patient::check_deceased_at` reads it: a date, a date
/// with `hh:mm AM` or `HH:MM`, or RFC 3339. Instants keep to 1901-2099,
/// so no offset moves their UTC date out of the window; what the parser
/// takes beyond this (lower-case `am`, one-digit hours) is left out.
/// `deceased_at_pattern_matches_the_parser` tries it.
pub fn deceased_at_pattern() -> String {
    let date = LIFETIME_DATE;
    let instant_date = LIFETIME_DATE.replacen(
        "(?:19[0-9]{2}|20[0-9]{2}|2100)",
        "(?:190[1-9]|19[1-9][0-9]|20[0-9]{2})",
        1,
    );
    format!(
        "^(?:{date}(?: (?:0[1-9]|1[0-2]):[0-5][0-9] (?:AM|PM)| (?:[01][0-9]|2[0-3]):[0-5][0-9])?|{instant_date}[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{{1,9}})?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]))$"
    )
}

/// White space around 1 to `max` characters without control characters
/// whose first and last are not white space; with `blank_ok`, the text may
/// also be nothing but white space.
pub fn text_pattern(max: usize, blank_ok: bool) -> String {
    let (w, c) = (SPACE, CONTROL);
    let inner = format!(
        "[^{w}{c}](?:[^{c}]{{0,{}}}[^{w}{c}])?",
        max.saturating_sub(2)
    );
    let inner = if blank_ok {
        format!("(?:{inner})?")
    } else {
        inner
    };
    format!("^[{w}]*{inner}[{w}]*$")
}

impl Object {
    pub fn new() -> Object {
        Object {
            properties: Map::new(),
            required: Vec::new(),
            extra: Map::new(),
        }
    }

    /// A required field.
    pub fn required(mut self, name: &'static str, schema: Value) -> Object {
        self.properties.insert(name.into(), schema);
        self.required.push(name);
        self
    }

    /// An optional field; `null` counts as absent.
    pub fn optional(mut self, name: &'static str, schema: Value) -> Object {
        self.properties.insert(name.into(), nullable(schema));
        self
    }

    /// A required field of type `T`, with its own description.
    pub fn field<T: JsonSchema>(
        self,
        g: &mut SchemaGenerator,
        name: &'static str,
        description: &str,
    ) -> Object {
        let s = described(g.subschema_for::<T>(), description);
        self.required(name, s)
    }

    /// An optional field of type `T`.
    pub fn opt_field<T: JsonSchema>(
        self,
        g: &mut SchemaGenerator,
        name: &'static str,
        description: &str,
    ) -> Object {
        let s = described(g.subschema_for::<T>(), description);
        self.optional(name, s)
    }

    /// Refuses fields it does not list (`additionalProperties: false`).
    pub fn closed(mut self) -> Object {
        self.extra
            .insert("additionalProperties".into(), json!(false));
        self
    }

    pub fn describe(mut self, description: &str) -> Object {
        self.extra.insert("description".into(), json!(description));
        self
    }

    /// Any other keyword (`dependentRequired`, `not`, `example`…).
    pub fn with(mut self, keyword: &str, value: Value) -> Object {
        self.extra.insert(keyword.into(), value);
        self
    }

    pub fn build(self) -> Schema {
        let mut m = Map::new();
        m.insert("type".into(), json!("object"));
        if !self.required.is_empty() {
            m.insert("required".into(), json!(self.required));
        }
        m.insert("properties".into(), Value::Object(self.properties));
        m.extend(self.extra);
        Schema::from(m)
    }
}

impl Default for Object {
    fn default() -> Self {
        Object::new()
    }
}

/// `schema` with a description; a `$ref` is wrapped in `allOf` so the
/// description does not replace the referenced one's.
pub fn described(schema: Schema, description: &str) -> Value {
    let v = schema.to_value();
    if v.get("$ref").is_some() {
        json!({ "allOf": [v], "description": description })
    } else {
        let mut v = v;
        v["description"] = json!(description);
        v
    }
}

/// `schema` or `null`.
pub fn nullable(schema: Value) -> Value {
    if schema.get("$ref").is_some() || schema.get("allOf").is_some() {
        let description = schema.get("description").cloned();
        let mut inner = schema;
        if let Some(m) = inner.as_object_mut() {
            m.remove("description");
        }
        let inner = match inner.get("allOf").and_then(|a| a.get(0)) {
            Some(r) if inner.as_object().is_some_and(|m| m.len() == 1) => r.clone(),
            _ => inner,
        };
        let mut out = json!({ "oneOf": [inner, { "type": "null" }] });
        if let Some(d) = description {
            out["description"] = d;
        }
        return out;
    }
    let mut schema = schema;
    match schema.get("type").cloned() {
        Some(Value::String(t)) => schema["type"] = json!([t, "null"]),
        Some(Value::Array(mut ts)) if !ts.contains(&json!("null")) => {
            ts.push(json!("null"));
            schema["type"] = Value::Array(ts);
        }
        _ => {}
    }
    if let Some(Value::Array(e)) = schema.get_mut("enum") {
        if !e.contains(&Value::Null) {
            e.push(Value::Null);
        }
    }
    schema
}

/// Declares a type that exists only to name a schema in the document.
macro_rules! schema_type {
    ($(#[$doc:meta])* $name:ident, $json:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $json
            }
        }
    };
}
pub(crate) use schema_type;

schema_type!(
    /// A country whose numbering plan reads national phone numbers.
    CountryCode,
    json_schema!({
        "type": "string",
        "pattern": region_pattern(),
        "description": "An ISO 3166-1 alpha-2 country code such as `US`, `DE` or `GB` (case-insensitive, trimmed).",
        "example": "US",
    })
);

schema_type!(
    /// An instant the server writes.
    Timestamp,
    json_schema!({
        "type": "string",
        "format": "date-time",
        "description": "RFC 3339, UTC, millisecond precision.",
        "example": "2026-05-04T09:00:00.000Z",
    })
);

/// Years 2000 to 2100, [`crate::time::SCHEDULE`]; a test checks the two agree.
const SCHEDULE_YEAR: &str = "(?:20[0-9]{2}|2100)";

/// RFC 3339 as `time::SCHEDULE.instant` reads it (`T`, `t` or a space
/// between date and time; `Z` or `z`), with the UTC date from
/// 2000-01-01 to 2100-12-31: years 2001 to 2099 with any offset; 2000 and
/// 2100 but for their first and last day; 2000-01-01 only with `Z`,
/// `±00:00` or a negative offset, 2100-12-31 only with `Z`, `±00:00` or a
/// positive one; seconds 00 to 59; any number of fraction digits.
/// `schedule_instant_pattern_matches_the_parser` tries it on the edges.
pub const SCHEDULE_INSTANT: &str = r"^(?:(?:200[1-9]|20[1-9][0-9])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])|2000-(?:(?:0[2-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])|01-(?:0[2-9]|[12][0-9]|3[01]))[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])|2000-01-01[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-]00:00|-(?:[01][0-9]|2[0-3]):[0-5][0-9])|2100-(?:(?:0[1-9]|1[01])-(?:0[1-9]|[12][0-9]|3[01])|12-(?:0[1-9]|[12][0-9]|30))[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])|2100-12-31[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:[Zz]|[+-]00:00|\+(?:[01][0-9]|2[0-3]):[0-5][0-9]))$";

schema_type!(
    /// A date of the schedule, as `crate::wire::parse_date` reads it.
    ScheduleDate,
    json_schema!({
        "type": "string",
        "format": "date",
        "pattern": format!("^{SCHEDULE_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"),
        "description": "A date, `YYYY-MM-DD`, from 2000-01-01 to 2100-12-31.",
        "example": "2026-12-07",
    })
);

schema_type!(
    /// An instant of the schedule, as `crate::wire::parse_instant` reads it.
    ScheduleInstant,
    json_schema!({
        "type": "string",
        "format": "date-time",
        "pattern": SCHEDULE_INSTANT,
        // The parser's own bound; the pattern allows any fraction digits.
        "maxLength": 40,
        // No example of its own: `from` and `to` would share it, and an
        // empty range is refused.
        "description": "An RFC 3339 time with its offset, from 2000-01-01T00:00:00Z to 2100-12-31T23:59:59Z.",
    })
);

schema_type!(
    /// An IANA time zone name, as `crate::zone` knows them.
    TimeZone,
    json_schema!({
        "type": "string",
        "enum": crate::zone::Zone::names().collect::<Vec<_>>(),
        "description": "An IANA time zone such as `Europe/Berlin`.",
        "example": "Europe/Berlin",
    })
);

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn matches(pattern: &str, s: &str) -> bool {
        regex::Regex::new(pattern).expect("pattern").is_match(s)
    }

    #[test]
    fn deceased_at_pattern_matches_the_parser() {
        let pattern = deceased_at_pattern();
        let accepted = |s: &str| {
            let mut v = serde_json::json!({"name": [{}], "deceased": true});
            v["deceasedAt"] = serde_json::json!(s);
            let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
            let region = crate::phone::Region::parse("US").unwrap();
            crate::patient::Demographics::parse(v, region, today).is_ok()
        };
        for s in [
            "2020-03-31 10:12 AM",
            "2020-03-31 12:59 PM",
            "2020-03-31 23:59",
            "1900-01-01",
            "2100-12-31",
            "2000-02-29",
            "1904-02-29 01:00 AM",
            "1901-01-01T00:00:00+14:00",
            "2099-12-31T23:59:59.123456789-14:00",
            "2020-03-31t10:12:00z",
            "2020-03-31 10:12:00Z",
        ] {
            assert!(matches(&pattern, s), "{s} should match");
            assert!(accepted(s), "{s} should be accepted");
        }
        for s in [
            "",
            "1900-02-29",
            "2100-02-29",
            "2021-02-29",
            "2021-04-31",
            "1899-12-31",
            "2020-03-31 13:00 PM",
            "2020-03-31 24:00",
            "2020-03-31T10:12:00",
            "2020-03-31T10:12:00.1234567890Z",
            "1900-01-01T00:30:00+01:00",
            "last Tuesday",
        ] {
            assert!(!matches(&pattern, s), "{s} should not match");
        }
    }

    #[test]
    fn region_pattern_matches_the_parser() {
        let pattern = region_pattern();
        for s in ["US", "de", " Gb\u{3000}", "\tfr\n"] {
            assert!(matches(&pattern, s), "{s:?}");
            assert!(crate::phone::Region::parse(s).is_ok(), "{s:?}");
        }
        for s in ["", "USA", "U S", "\u{1c}US", "ZZ"] {
            assert!(!matches(&pattern, s), "{s:?}");
        }
        for code in crate::phone::Region::codes() {
            assert!(crate::phone::Region::parse(&code).is_ok(), "{code}");
        }
    }

    #[test]
    fn schedule_instant_pattern_matches_the_parser() {
        for s in [
            "2026-12-07T08:00:00Z",
            "2026-12-07T08:00:00.123456789+05:30",
            "2000-01-01T00:00:00Z",
            "2000-01-01T00:30:00-01:00",
            "2000-01-01T00:30:00+01:00",
            "2000-01-02T00:30:00+01:00",
            "2100-12-31T23:59:59Z",
            "2100-12-31T23:30:00+01:00",
            "2100-12-31T23:30:00-01:00",
            "1999-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
            "2026-02-30T08:00:00Z",
            "2026-12-07T24:00:00Z",
            "2026-12-07T08:00:60Z",
            "2026-12-07T08:00:00.1234567890Z",
            "2026-12-07 08:00:00Z",
            "2026-12-07t08:00:00z",
            "2026-12-07T08:00Z",
            "2026-12-07T08:00:00+0100",
            "2026-12-07T08:00:00.12345678901234+05:30",
            "2026-12-07T08:00:00.123456789012345+05:30",
            "2044-10-31t20:20:12.419056016651894011306+00:20",
        ] {
            let parsed = crate::time::SCHEDULE.instant(s).is_ok();
            // The pattern leaves impossible days (Feb 30) to `format`, and
            // length to `maxLength`.
            if s != "2026-02-30T08:00:00Z" {
                let described = matches(SCHEDULE_INSTANT, s) && s.chars().count() <= 40;
                assert_eq!(described, parsed, "{s}");
            }
        }
    }

    #[test]
    fn text_patterns_match_the_parser() {
        let req = text_pattern(5, false);
        let opt = text_pattern(5, true);
        for s in [
            "a",
            " a ",
            "abcde",
            " abcde\t",
            "a b",
            "a\u{85}",
            "\u{3000}ab\u{3000}",
        ] {
            assert!(matches(&req, s), "{s:?}");
            assert!(matches(&opt, s), "{s:?}");
        }
        for s in ["abcdef", "a\u{7}b", "a\u{9f}"] {
            assert!(!matches(&req, s), "{s:?}");
            assert!(!matches(&opt, s), "{s:?}");
        }
        for s in ["", "  ", "\t"] {
            assert!(!matches(&req, s), "{s:?}");
            assert!(matches(&opt, s), "{s:?}");
        }
    }

    #[test]
    fn the_year_pattern_is_the_schedule() {
        assert_eq!(crate::time::SCHEDULE.earliest.year(), 2000);
        assert_eq!(crate::time::SCHEDULE.latest.year(), 2100);
        assert_eq!(
            (
                crate::time::SCHEDULE.latest.month(),
                crate::time::SCHEDULE.latest.day()
            ),
            (12, 31)
        );
    }
}
