//! Weekly recurring windows and date overrides.
//!
//! An override replaces the weekly windows of one date: an empty list is a
//! day off, a list with more or other hours is extra or changed hours. One
//! rule for both keeps "what are my hours on the 24th?" answerable by looking
//! at one place.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The most windows one weekday or one override may hold.
pub const MAX_WINDOWS_PER_DAY: usize = 12;
/// The most date overrides kept per doctor.
pub const MAX_OVERRIDES: usize = 366;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AvailabilityError {
    #[error("a window must start before it ends ({0})")]
    Inverted(String),
    #[error("windows overlap on {0}")]
    Overlap(String),
    #[error("at most {MAX_WINDOWS_PER_DAY} windows a day")]
    TooManyWindows,
    #[error("at most {MAX_OVERRIDES} date overrides")]
    TooManyOverrides,
    #[error("{0} is overridden twice")]
    DuplicateOverride(NaiveDate),
}

/// A window of local time within one day, `[start, end)`: `start` must be
/// before `end`; windows do not cross midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "TimeWindow"))]
pub struct Window {
    #[serde(with = "hhmm")]
    #[cfg_attr(feature = "schema", schemars(with = "schema::LocalTime"))]
    pub start: NaiveTime,
    // Its own example, so that the document's examples are not empty
    // windows (which are refused).
    #[serde(with = "hhmm")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "schema::LocalTime", extend("example" = "17:00"))
    )]
    pub end: NaiveTime,
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// Times as `HH:MM`, the way people write opening hours.
pub mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| serde::de::Error::custom("expected HH:MM"))
    }

    /// `HH:MM` from 00:00 to 23:59. Windows do not cross midnight.
    pub fn parse(s: &str) -> Option<NaiveTime> {
        if s.len() != 5 {
            return None;
        }
        NaiveTime::parse_from_str(s, "%H:%M").ok()
    }
}

/// A window that recurs every week on `weekday`, in the shop's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeeklyWindow {
    #[serde(with = "weekday")]
    #[cfg_attr(feature = "schema", schemars(with = "schema::WeekdayName"))]
    pub weekday: Weekday,
    #[serde(flatten)]
    pub window: Window,
}

/// Weekdays as lowercase English names (`monday`).
pub mod weekday {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serializer};

    pub const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];

    const DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn name(d: Weekday) -> &'static str {
        match d {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        }
    }

    pub fn parse(s: &str) -> Option<Weekday> {
        DAYS.into_iter().find(|d| name(*d) == s)
    }

    pub fn serialize<S: Serializer>(d: &Weekday, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).ok_or_else(|| serde::de::Error::custom("expected a weekday such as monday"))
    }
}

/// Replaces the weekly windows of one local date: an empty `windows` list
/// is a day off; other windows are changed or extra hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DateOverride {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::ScheduleDate")
    )]
    pub date: NaiveDate,
    /// At most 12, none overlapping; empty for a day off.
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_WINDOWS_PER_DAY)))]
    pub windows: Vec<Window>,
}

/// A doctor's validated availability.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub weekly: Vec<WeeklyWindow>,
    pub overrides: Vec<DateOverride>,
}

fn check_day(label: &str, windows: &mut [Window]) -> Result<(), AvailabilityError> {
    if windows.len() > MAX_WINDOWS_PER_DAY {
        return Err(AvailabilityError::TooManyWindows);
    }
    windows.sort();
    for w in windows.iter() {
        if w.start >= w.end {
            return Err(AvailabilityError::Inverted(format!("{label} {w}")));
        }
    }
    for (earlier, later) in windows.iter().zip(windows.iter().skip(1)) {
        if later.start < earlier.end {
            return Err(AvailabilityError::Overlap(format!(
                "{label}: {earlier} and {later}"
            )));
        }
    }
    Ok(())
}

impl Availability {
    /// Validates and normalises (sorts) windows: none inverted, none
    /// overlapping on the same day, each date overridden at most once.
    pub fn new(
        mut weekly: Vec<WeeklyWindow>,
        mut overrides: Vec<DateOverride>,
    ) -> Result<Self, AvailabilityError> {
        let mut by_day: BTreeMap<u32, (Weekday, Vec<Window>)> = BTreeMap::new();
        for w in &weekly {
            by_day
                .entry(w.weekday.num_days_from_monday())
                .or_insert_with(|| (w.weekday, Vec::new()))
                .1
                .push(w.window);
        }
        for (day, windows) in by_day.values_mut() {
            check_day(weekday::name(*day), windows)?;
        }
        if overrides.len() > MAX_OVERRIDES {
            return Err(AvailabilityError::TooManyOverrides);
        }
        overrides.sort_by_key(|o| o.date);
        for (earlier, later) in overrides.iter().zip(overrides.iter().skip(1)) {
            if earlier.date == later.date {
                return Err(AvailabilityError::DuplicateOverride(earlier.date));
            }
        }
        for o in overrides.iter_mut() {
            check_day(&o.date.to_string(), &mut o.windows)?;
        }
        weekly.sort_by_key(|w| (w.weekday.num_days_from_monday(), w.window));
        Ok(Availability { weekly, overrides })
    }

    /// The local windows of one date, overrides first.
    pub fn windows_on(&self, date: NaiveDate) -> Vec<Window> {
        if let Some(o) = self.overrides.iter().find(|o| o.date == date) {
            return o.windows.clone();
        }
        use chrono::Datelike;
        self.weekly
            .iter()
            .filter(|w| w.weekday == date.weekday())
            .map(|w| w.window)
            .collect()
    }
}

/// The schemas of the two strings a window is made of.
#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    /// `HH:MM` as [`super::hhmm::parse`] reads it.
    pub struct LocalTime;

    impl JsonSchema for LocalTime {
        fn schema_name() -> Cow<'static, str> {
            "LocalTime".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                "description": "A local wall-clock time in the shop's time zone, `HH:MM` from `00:00` to `23:59` (two digits each).",
                "example": "09:00",
            })
        }
    }

    /// A weekday as [`super::weekday::parse`] reads it.
    pub struct WeekdayName;

    impl JsonSchema for WeekdayName {
        fn schema_name() -> Cow<'static, str> {
            "Weekday".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "enum": super::weekday::NAMES,
                "description": "Lowercase English name.",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(day: Weekday, start: &str, end: &str) -> WeeklyWindow {
        WeeklyWindow {
            weekday: day,
            window: Window {
                start: hhmm::parse(start).unwrap(),
                end: hhmm::parse(end).unwrap(),
            },
        }
    }

    #[test]
    fn inverted_and_overlapping_windows_are_refused() {
        assert!(matches!(
            Availability::new(vec![w(Weekday::Mon, "12:00", "09:00")], vec![]),
            Err(AvailabilityError::Inverted(_))
        ));
        assert!(matches!(
            Availability::new(
                vec![
                    w(Weekday::Mon, "09:00", "12:00"),
                    w(Weekday::Mon, "11:00", "13:00")
                ],
                vec![]
            ),
            Err(AvailabilityError::Overlap(_))
        ));
        // Touching windows and the same hours on different days are fine.
        assert!(Availability::new(
            vec![
                w(Weekday::Mon, "09:00", "12:00"),
                w(Weekday::Mon, "12:00", "13:00"),
                w(Weekday::Tue, "09:00", "12:00")
            ],
            vec![]
        )
        .is_ok());
    }

    #[test]
    fn an_override_replaces_the_weekly_hours_of_its_date() {
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let a = Availability::new(
            vec![w(Weekday::Mon, "09:00", "12:00")],
            vec![DateOverride {
                date: monday,
                windows: vec![],
            }],
        )
        .unwrap();
        assert!(a.windows_on(monday).is_empty());
        assert_eq!(a.windows_on(monday + chrono::Duration::days(7)).len(), 1);
        let dup = Availability::new(
            vec![],
            vec![
                DateOverride {
                    date: monday,
                    windows: vec![],
                },
                DateOverride {
                    date: monday,
                    windows: vec![],
                },
            ],
        );
        assert_eq!(dup, Err(AvailabilityError::DuplicateOverride(monday)));
    }

    #[test]
    fn hhmm_rejects_junk() {
        assert!(hhmm::parse("23:59").is_some());
        assert!(hhmm::parse("24:00").is_none());
        assert!(hhmm::parse("9:00").is_none());
        assert!(hhmm::parse("25:00").is_none());
        assert_eq!(weekday::parse("sunday"), Some(Weekday::Sun));
        assert_eq!(weekday::parse("Sun"), None);
    }
}
