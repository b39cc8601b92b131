//! Column formats that do not map onto a type by themselves, for
//! `#[serde(deserialize_with = …)]` on rows. A bad stored value fails the
//! row's read with a message that names the format, never the value.

use frontdesk_core::zone::Zone as Tz;
use serde::de::{DeserializeOwned, Error, IntoDeserializer};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Space-separated words, each one `T` (payment modes, event types).
pub fn words<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let text = String::deserialize(d)?;
    text.split_whitespace()
        .map(|word| {
            T::deserialize(word.into_deserializer())
                .map_err(|_: serde::de::value::Error| D::Error::custom("a stored word is unknown"))
        })
        .collect()
}

/// Space-separated scopes. Unknown words are dropped, not refused: a scope
/// retired in a later version simply stops granting anything.
pub fn scopes<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<frontdesk_core::auth::Scope>, D::Error> {
    Ok(frontdesk_core::auth::decode_scopes(&String::deserialize(
        d,
    )?))
}

/// A JSON document stored as text.
pub fn json<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    serde_json::from_str(&text).map_err(|e| {
        D::Error::custom(format!(
            "stored JSON does not fit ({:?} at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        ))
    })
}

/// SQLite's 0 and 1.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(f64::deserialize(d)? != 0.0)
}

/// An IANA time zone name.
pub fn time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    String::deserialize(d)?
        .parse()
        .map_err(|_| D::Error::custom("stored time zone is not an IANA zone"))
}

// The same formats written back, so a row that travels as JSON (to the
// Directory object, which keeps hot rows) reads again with the functions
// above.

/// Space-separated words, as [`words`] reads them.
pub fn words_text<S: Serializer, T: Serialize>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
    let mut text = Vec::with_capacity(v.len());
    for word in v {
        match serde_json::to_value(word).map_err(serde::ser::Error::custom)? {
            serde_json::Value::String(w) => text.push(w),
            _ => return Err(serde::ser::Error::custom("a word is not a string")),
        }
    }
    s.serialize_str(&text.join(" "))
}

/// A JSON document as text, as [`json`] reads it.
pub fn json_text<S: Serializer, T: Serialize>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&serde_json::to_string(v).map_err(serde::ser::Error::custom)?)
}

/// An IANA time zone name, as [`time_zone`] reads it.
pub fn time_zone_name<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}
