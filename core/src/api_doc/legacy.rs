//! Schemas still written by hand: the shapes of answers that are not yet
//! Rust types (built with `json!` in the worker). Each moves out of
//! `legacy_schemas.json` when its value gets a type deriving `JsonSchema`;
//! `no_legacy_schema_shadows_a_type` keeps the two sets apart.

use serde_json::{Map, Value};

pub(super) fn schemas() -> Map<String, Value> {
    match super::lit(include_str!("legacy_schemas.json")) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
