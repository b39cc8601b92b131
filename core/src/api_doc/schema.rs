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
/// control characters. The pattern asks for one character that is not
/// white space, as an empty string after trimming is refused.
pub fn text(max: usize, description: &str) -> Value {
    json!({
        "type": "string",
        "minLength": 1,
        "maxLength": max,
        "pattern": TEXT_PATTERN,
        "description": description,
    })
}

/// Optional text as `Body::opt_text` reads it: empty (after trimming) and
/// `null` count as absent.
pub fn opt_text(max: usize, description: &str) -> Value {
    json!({
        "type": ["string", "null"],
        "maxLength": max,
        "pattern": OPT_TEXT_PATTERN,
        "description": description,
    })
}

/// No control characters (C0, DEL, C1), and something besides white space.
const TEXT_PATTERN: &str = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$";
const OPT_TEXT_PATTERN: &str = r"^[^\u0000-\u001f\u007f-\u009f]*$";

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
const SCHEDULE_YEAR: &str = "(20[0-9]{2}|2100)";

schema_type!(
    /// A date of the schedule, as `crate::wire::parse_date` reads it.
    ScheduleDate,
    json_schema!({
        "type": "string",
        "format": "date",
        "pattern": format!("^{SCHEDULE_YEAR}-[0-9]{{2}}-[0-9]{{2}}$"),
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
        "pattern": format!("^{SCHEDULE_YEAR}-"),
        "description": "An RFC 3339 time with its offset, from 2000-01-01T00:00:00Z to 2100-12-31T23:59:59Z.",
        "example": "2026-12-07T08:00:00.000Z",
    })
);

schema_type!(
    /// An IANA time zone name, as `chrono_tz` knows them.
    TimeZone,
    json_schema!({
        "type": "string",
        "enum": chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect::<Vec<_>>(),
        "description": "An IANA time zone such as `Europe/Berlin`.",
        "example": "Europe/Berlin",
    })
);

#[cfg(test)]
mod tests {
    use chrono::Datelike;

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
