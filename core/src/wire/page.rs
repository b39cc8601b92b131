//! Listing pages: `limit` and `cursor` from the query string.
//!
//! A cursor is whatever the previous page's `next_cursor` said, and each
//! listing has its own kind: the last uid seen, a log's rowid, or the
//! overview's start time and uid. The raw cursor is checked for shape when
//! the query is read and for its kind where the listing uses it, and every
//! refusal names `cursor`: the values reach SQL placeholders, where a NaN,
//! an infinity or a megabyte of text would otherwise answer 500.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{Query, WireError};
use crate::ids::AppointmentUid;
use crate::time::SCHEDULE;

/// `limit` and `cursor` of a listing request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

impl PageQuery {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 200;

    pub fn parse(q: &Query) -> Result<Self, WireError> {
        Ok(Self {
            limit: q.limit(Self::DEFAULT_LIMIT, Self::MAX_LIMIT)?,
            cursor: q.cursor()?,
        })
    }
}

/// The longest cursor this API hands out, with room to spare.
const MAX_CURSOR_LEN: usize = 200;

fn not_ours() -> WireError {
    WireError::invalid("cursor", "is not one this API returned")
}

/// A cursor as presented: 1 to 200 characters of letters, digits and
/// `-_.:`, which every cursor this API returns is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(String);

impl Cursor {
    pub fn parse(s: &str) -> Result<Self, WireError> {
        let ok = (1..=MAX_CURSOR_LEN).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
        if ok {
            Ok(Cursor(s.to_owned()))
        } else {
            Err(not_ours())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For listings ordered by uid: the last uid seen.
    pub fn uid(&self) -> &str {
        &self.0
    }

    /// For logs listed newest first by insertion order: the rowid to
    /// continue below, a positive whole number.
    pub fn rowid(&self) -> Result<i64, WireError> {
        if !self.0.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_ours());
        }
        self.0
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(not_ours)
    }

    /// For the appointment overview.
    pub fn overview(&self) -> Result<OverviewCursor, WireError> {
        OverviewCursor::parse(&self.0)
    }
}

/// The overview's position: the start (milliseconds since the epoch, within
/// [`SCHEDULE`]) and uid of the last appointment seen, written
/// `{start_ms}.{appointment_uid}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewCursor {
    pub start_ms: i64,
    pub appointment_uid: AppointmentUid,
}

impl OverviewCursor {
    pub fn new(start: DateTime<Utc>, appointment_uid: AppointmentUid) -> Self {
        Self {
            start_ms: start.timestamp_millis(),
            appointment_uid,
        }
    }

    /// The start as an instant.
    pub fn start(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.start_ms)
    }

    pub fn parse(s: &str) -> Result<Self, WireError> {
        let (ms, uid) = s.split_once('.').ok_or_else(not_ours)?;
        // Digits only: refuses NaN, inf, signs, exponents and fractions.
        if ms.is_empty() || ms.len() > 15 || !ms.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_ours());
        }
        let start_ms = ms.parse::<i64>().map_err(|_| not_ours())?;
        let in_window = DateTime::from_timestamp_millis(start_ms)
            .is_some_and(|t| SCHEDULE.contains(t.date_naive()));
        if !in_window {
            return Err(not_ours());
        }
        Ok(Self {
            start_ms,
            appointment_uid: AppointmentUid::parse(uid).map_err(|_| not_ours())?,
        })
    }
}

impl fmt::Display for OverviewCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.start_ms, self.appointment_uid)
    }
}

impl Query {
    /// `limit`: a whole number from 1 to `max`, or `default` when absent.
    pub fn limit(&self, default: u32, max: u32) -> Result<u32, WireError> {
        match self.opt("limit") {
            None => Ok(default),
            Some(s) => s
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<u32>().ok())
                .flatten()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    WireError::invalid("limit", format!("must be a whole number from 1 to {max}"))
                }),
        }
    }

    /// `cursor`, checked for shape; its kind is checked by the listing.
    pub fn cursor(&self) -> Result<Option<Cursor>, WireError> {
        self.opt("cursor").map(Cursor::parse).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;

    fn query(pairs: &[(&str, &str)]) -> Query {
        Query::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn limit_is_a_bounded_whole_number() {
        assert_eq!(PageQuery::parse(&query(&[])).unwrap().limit, 50);
        assert_eq!(
            PageQuery::parse(&query(&[("limit", "200")])).unwrap().limit,
            200
        );
        for bad in [
            "0", "201", "-1", "+5", "1.5", "NaN", "inf", "1e2", "ten", " 5",
        ] {
            let e = PageQuery::parse(&query(&[("limit", bad)])).unwrap_err();
            assert_eq!(e.field(), Some("limit"), "{bad}");
        }
    }

    #[test]
    fn cursors_refuse_nan_infinity_and_garbage() {
        let apt = AppointmentUid::new(&ShopUid::new(&[1; 16]), &[2; 16]);
        let start: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        let issued = OverviewCursor::new(start, apt.clone()).to_string();
        // The form the worker has always written: the f64 millis, then the uid.
        assert_eq!(issued, format!("{}.{apt}", 1_796_115_600_000f64));
        let back = Cursor::parse(&issued).unwrap().overview().unwrap();
        assert_eq!(back.appointment_uid, apt);
        assert_eq!(back.start(), Some(start));
        for bad in [
            format!("NaN.{apt}"),
            format!("inf.{apt}"),
            format!("-inf.{apt}"),
            format!("-1.{apt}"),
            format!("1e12.{apt}"),
            format!("1796115600000.5.{apt}"),
            format!("99999999999999.{apt}"),
            format!("0.{apt}"),
            "1796115600000.apt_x".to_owned(),
            "1796115600000".to_owned(),
        ] {
            let e = Cursor::parse(&bad).and_then(|c| c.overview()).unwrap_err();
            assert_eq!(e.field(), Some("cursor"), "{bad}");
        }
        for bad in ["NaN", "inf", "-3", "0", "1.5", "99999999999999999999", "x"] {
            let e = Cursor::parse(bad).and_then(|c| c.rowid()).unwrap_err();
            assert_eq!(e.field(), Some("cursor"), "{bad}");
        }
        assert_eq!(Cursor::parse("42").unwrap().rowid(), Ok(42));
        for bad in ["a b", "x'--", &"a".repeat(201), "ü"] {
            let e = query(&[("cursor", bad)]).cursor().unwrap_err();
            assert_eq!(e.field(), Some("cursor"), "{bad}");
        }
        assert_eq!(
            query(&[("cursor", "whs_abc")])
                .cursor()
                .unwrap()
                .unwrap()
                .uid(),
            "whs_abc"
        );
    }
}
