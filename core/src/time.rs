//! Dates and times from outside, and the window they must fall in.
//!
//! chrono represents years from -262143 to +262142, and arithmetic near
//! those edges panics or overflows (a slot search ending on +262142-12-31
//! crashed the Worker). No appointment, override or reminder of a telehealth
//! front desk lies outside this century, so every date and instant parsed
//! from a request goes through this module and is refused unless it falls in
//! [`SCHEDULE`] (2000-01-01 to 2100-12-31, UTC). Birth and death dates of
//! patients use [`LIFETIME`], which starts in 1900 so that the oldest living
//! patients and historical records fit. Parsers elsewhere call
//! [`Window::date`] and [`Window::instant`] rather than chrono, so a new
//! parser cannot forget the bound.
//!
//! Also here: durations built from stored or configured numbers, which
//! saturate instead of panicking when a number is out of chrono's range.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Timelike, Utc};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TimeError {
    #[error("must be a date as YYYY-MM-DD")]
    DateFormat,
    #[error("must be an RFC 3339 time such as 2026-12-01T09:00:00Z")]
    InstantFormat,
    #[error("must be between {} and {} (UTC)", .0.earliest, .0.latest)]
    OutOfWindow(Window),
}

/// An inclusive range of UTC dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

/// Built in const context; the fallback is never taken (a unit test checks
/// the windows), and it keeps a panic out of the code.
const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// Appointments, availability overrides, slot searches and listing ranges:
/// 2000-01-01T00:00:00Z up to 2100-12-31T23:59:59.999…Z.
pub const SCHEDULE: Window = Window {
    earliest: ymd(2000, 1, 1),
    latest: ymd(2100, 12, 31),
};

/// A patient's `birthDate` and `deceasedAt`: from 1900-01-01, since people
/// born before 2000 are most patients.
pub const LIFETIME: Window = Window {
    earliest: ymd(1900, 1, 1),
    latest: ymd(2100, 12, 31),
};

impl Window {
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.earliest..=self.latest).contains(&date)
    }

    fn check(&self, date: NaiveDate) -> Result<(), TimeError> {
        if self.contains(date) {
            Ok(())
        } else {
            Err(TimeError::OutOfWindow(*self))
        }
    }

    /// A calendar date written exactly `YYYY-MM-DD` (four-digit year, no
    /// sign), within the window.
    pub fn date(&self, s: &str) -> Result<NaiveDate, TimeError> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if !shaped {
            return Err(TimeError::DateFormat);
        }
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| TimeError::DateFormat)?;
        self.check(date)?;
        Ok(date)
    }

    /// An RFC 3339 instant whose UTC date is within the window. Leap
    /// seconds (`23:59:60`) are refused: nothing is scheduled on one.
    pub fn instant(&self, s: &str) -> Result<DateTime<Utc>, TimeError> {
        if s.len() > 40 {
            return Err(TimeError::InstantFormat);
        }
        let t = DateTime::parse_from_rfc3339(s)
            .map_err(|_| TimeError::InstantFormat)?
            .with_timezone(&Utc);
        if t.nanosecond() >= 1_000_000_000 {
            return Err(TimeError::InstantFormat);
        }
        self.check(t.date_naive())?;
        Ok(t)
    }

    /// A local date and time without a zone, in one of `formats` (chrono
    /// syntax), within the window.
    pub fn local(&self, s: &str, formats: &[&str]) -> Result<NaiveDateTime, TimeError> {
        if s.len() > 40 {
            return Err(TimeError::InstantFormat);
        }
        let t = formats
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .ok_or(TimeError::InstantFormat)?;
        self.check(t.date())?;
        Ok(t)
    }
}

/// `minutes` as a duration, saturating at chrono's limits rather than
/// panicking for a number no request could have produced.
pub fn minutes(minutes: i64) -> Duration {
    Duration::try_minutes(minutes).unwrap_or(if minutes < 0 {
        Duration::MIN
    } else {
        Duration::MAX
    })
}

/// How every time the API answers is written: RFC 3339 in UTC with
/// milliseconds (`2026-03-01T09:30:00.000Z`). Stored times are written the
/// same way, so they are shown as stored.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `seconds` as a duration, saturating like [`minutes`].
pub fn seconds(seconds: i64) -> Duration {
    Duration::try_seconds(seconds).unwrap_or(if seconds < 0 {
        Duration::MIN
    } else {
        Duration::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let t = DateTime::from_timestamp_millis(1_772_357_400_123).unwrap();
        assert_eq!(timestamp(t), "2026-03-01T09:30:00.123Z");
    }

    #[test]
    fn windows_are_what_they_say() {
        assert_eq!(SCHEDULE.earliest.to_string(), "2000-01-01");
        assert_eq!(SCHEDULE.latest.to_string(), "2100-12-31");
        assert_eq!(LIFETIME.earliest.to_string(), "1900-01-01");
        assert_eq!(LIFETIME.latest, SCHEDULE.latest);
    }

    #[test]
    fn extreme_dates_are_refused() {
        for s in [
            "+262142-12-31",
            "-262143-01-01",
            "0000-01-01",
            "9999-12-31",
            "1999-12-31",
            "2101-01-01",
            "+2026-12-01",
            "2026-1-01",
            "2026-02-30",
            "2026-12-01 ",
            "２０２６-12-01",
        ] {
            assert!(SCHEDULE.date(s).is_err(), "{s}");
        }
        assert_eq!(
            SCHEDULE.date("2101-01-01"),
            Err(TimeError::OutOfWindow(SCHEDULE))
        );
        assert_eq!(SCHEDULE.date("+262142-12-31"), Err(TimeError::DateFormat));
        assert!(SCHEDULE.date("2000-01-01").is_ok());
        assert!(SCHEDULE.date("2100-12-31").is_ok());
        assert!(LIFETIME.date("1900-01-01").is_ok());
        assert!(LIFETIME.date("1899-12-31").is_err());
    }

    #[test]
    fn extreme_instants_are_refused() {
        for s in [
            "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "+262142-12-31T00:00:00Z",
            "-262143-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2101-01-01T00:00:00Z",
            // In UTC this is already 2101.
            "2100-12-31T23:00:00-01:00",
            "2026-06-30T23:59:60Z",
            "tomorrow",
        ] {
            assert!(SCHEDULE.instant(s).is_err(), "{s}");
        }
        assert_eq!(
            SCHEDULE.instant("9999-12-31T23:59:59Z"),
            Err(TimeError::OutOfWindow(SCHEDULE))
        );
        assert!(SCHEDULE.instant("2000-01-01T00:00:00Z").is_ok());
        assert!(SCHEDULE.instant("2100-12-31T23:59:59Z").is_ok());
        assert!(SCHEDULE.instant("2026-12-01T10:00:00+01:00").is_ok());
    }

    #[test]
    fn durations_saturate() {
        assert_eq!(minutes(30), Duration::minutes(30));
        assert_eq!(minutes(i64::MAX), Duration::MAX);
        assert_eq!(minutes(i64::MIN), Duration::MIN);
        assert_eq!(seconds(i64::MAX), Duration::MAX);
        assert_eq!(seconds(-5), Duration::seconds(-5));
    }
}
