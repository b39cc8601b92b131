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

/// What the document says of `limit` and the three kinds of `cursor`,
/// from the bounds their parsers check.
#[cfg(feature = "schema")]
pub mod query_schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

    use super::*;

    /// `limit` as [`Query::limit`] reads it.
    pub struct Limit;

    impl JsonSchema for Limit {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            "Limit".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "integer",
                "minimum": 1,
                "maximum": PageQuery::MAX_LIMIT,
                "default": PageQuery::DEFAULT_LIMIT,
            })
        }
    }

    /// A cursor of a listing ordered by uid, as [`Cursor::parse`] reads it.
    pub struct UidCursor;

    impl JsonSchema for UidCursor {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            "UidCursor".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": format!("^[A-Za-z0-9._:-]{{1,{MAX_CURSOR_LEN}}}$"),
                "maxLength": MAX_CURSOR_LEN,
            })
        }
    }

    /// A log's cursor, as [`Cursor::rowid`] reads it: a positive `i64`
    /// written in at most [`MAX_CURSOR_LEN`] digits.
    pub struct RowidCursor;

    impl JsonSchema for RowidCursor {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            "RowidCursor".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            // Leading zeros, then at most 18 significant digits: every such
            // number fits an i64 (19 digits may not).
            let significant = 18;
            json_schema!({
                "type": "string",
                "maxLength": MAX_CURSOR_LEN,
                "pattern": format!("^0{{0,{}}}[1-9][0-9]{{0,{}}}$", MAX_CURSOR_LEN - significant, significant - 1),
            })
        }
    }

    /// The milliseconds of [`SCHEDULE`]'s first and last instants, which
    /// [`OVERVIEW_CURSOR_PATTERN`] spells out digit by digit.
    pub const OVERVIEW_CURSOR_MS: (i64, i64) = (946_684_800_000, 4_133_980_799_999);

    /// `{start ms}.{appointment uid}` with the milliseconds within
    /// [`SCHEDULE`] (`OVERVIEW_CURSOR_MS`, up to 15 digits with leading
    /// zeros), as [`OverviewCursor::parse`] reads it.
    pub const OVERVIEW_CURSOR_PATTERN: &str = r"^(?:0{0,3}(?:946684[89][0-9]{5}|94668[5-9][0-9]{6}|94669[0-9]{7}|946[7-9][0-9]{8}|94[7-9][0-9]{9}|9[5-9][0-9]{10})|0{0,2}(?:[1-3][0-9]{12}|40[0-9]{11}|41[0-2][0-9]{10}|413[0-2][0-9]{9}|4133[0-8][0-9]{8}|41339[0-7][0-9]{7}|4133980[0-7][0-9]{5}))\.apt_[0-9a-v]{26}_[0-9a-v]{26}$";

    /// The overview's cursor.
    pub struct OverviewCursorParam;

    impl JsonSchema for OverviewCursorParam {
        fn inline_schema() -> bool {
            true
        }
        fn schema_name() -> Cow<'static, str> {
            "OverviewCursor".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "maxLength": MAX_CURSOR_LEN,
                "pattern": OVERVIEW_CURSOR_PATTERN,
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The pattern's digits are the schedule's bounds.
        #[test]
        fn the_overview_cursor_pattern_is_the_schedule() {
            let ms = |d: chrono::NaiveDate, end: bool| {
                let t = if end {
                    d.and_hms_milli_opt(23, 59, 59, 999)
                } else {
                    d.and_hms_opt(0, 0, 0)
                };
                t.map(|t| t.and_utc().timestamp_millis())
            };
            assert_eq!(ms(SCHEDULE.earliest, false), Some(OVERVIEW_CURSOR_MS.0));
            assert_eq!(ms(SCHEDULE.latest, true), Some(OVERVIEW_CURSOR_MS.1));
            assert!(OVERVIEW_CURSOR_PATTERN.contains("946684[89][0-9]{5}"));
            assert!(OVERVIEW_CURSOR_PATTERN.contains("4133980[0-7][0-9]{5}"));
            assert_eq!(crate::ids::RANDOM_LEN, 26);
        }
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
