//! Instants in views, written as [`crate::time::timestamp`] writes them
//! (RFC 3339 in UTC with milliseconds, `2026-12-01T09:30:00.000Z`), the one
//! format the API has always written. chrono's own serde format drops zero
//! fractions, so views name this module with `#[serde(with = ...)]`
//! instead.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serializer};

use crate::time::timestamp;

pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&timestamp(*t))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(serde::de::Error::custom)
}

/// The same, for an instant that may be absent (`null`).
pub mod option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&crate::time::timestamp(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(text) => DateTime::parse_from_rfc3339(&text)
                .map(|t| Some(t.with_timezone(&Utc)))
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct At {
        #[serde(with = "super")]
        at: DateTime<Utc>,
        #[serde(with = "super::option")]
        until: Option<DateTime<Utc>>,
    }

    #[test]
    fn whole_seconds_keep_their_milliseconds_and_read_back() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap();
        let at = At { at: t, until: None };
        let json = serde_json::to_string(&at).unwrap();
        assert_eq!(json, r#"{"at":"2026-12-01T09:30:00.000Z","until":null}"#);
        assert_eq!(serde_json::from_str::<At>(&json).unwrap(), at);
        assert!(serde_json::from_str::<At>(r#"{"at":"yesterday","until":null}"#).is_err());
    }
}
