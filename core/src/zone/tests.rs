//! The table against chrono-tz, which it was generated from.

use chrono::{DateTime, Datelike, LocalResult, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

use super::generate::{WINDOW_END, WINDOW_START};
use super::*;

fn theirs(tz: Tz, t: i64) -> i32 {
    let at = DateTime::from_timestamp(t, 0).unwrap().naive_utc();
    tz.offset_from_utc_datetime(&at).fix().local_minus_utc()
}

fn fixes<O: Offset>(r: LocalResult<O>) -> Vec<i32> {
    match r {
        LocalResult::None => vec![],
        LocalResult::Single(o) => vec![o.fix().local_minus_utc()],
        LocalResult::Ambiguous(a, b) => {
            vec![a.fix().local_minus_utc(), b.fix().local_minus_utc()]
        }
    }
}

/// A fixed sequence of instants across the window (a linear congruential
/// generator: the same every run).
fn instants(seed: u64, n: usize) -> impl Iterator<Item = i64> {
    let span = (WINDOW_END - WINDOW_START) as u64;
    let mut x = seed;
    (0..n).map(move |_| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WINDOW_START + ((x >> 11) % span) as i64
    })
}

#[test]
fn every_chrono_tz_zone_is_here_by_name() {
    assert_eq!(NAMES.len(), TZ_VARIANTS.len(), "run `make zones`");
    for tz in TZ_VARIANTS {
        let zone = Zone::parse(tz.name()).unwrap_or_else(|| panic!("{} missing", tz.name()));
        assert_eq!(zone.name(), tz.name());
        assert_eq!(tz.name().parse::<Zone>(), Ok(zone));
    }
    assert_eq!(Zone::UTC.name(), "UTC");
    assert_eq!(Zone::parse("europe/berlin"), None);
    assert_eq!(Zone::parse("Mars/Olympus_Mons"), None);
    assert_eq!(Zone::parse(""), None);
}

#[test]
fn offsets_agree_with_chrono_tz_across_the_window() {
    for (i, tz) in TZ_VARIANTS.iter().enumerate() {
        let zone = Zone::parse(tz.name()).unwrap();
        // Each change of the table is one of chrono-tz's.
        for (at, offset) in zone.spans().changes.iter() {
            assert_eq!(theirs(*tz, *at), *offset, "{} at {at}", tz.name());
            assert_ne!(theirs(*tz, at - 1), *offset, "{} before {at}", tz.name());
        }
        for t in instants(i as u64 + 1, 300) {
            assert_eq!(zone.offset_at(t), theirs(*tz, t), "{} at {t}", tz.name());
        }
    }
}

#[test]
fn local_times_resolve_as_chrono_tz_does_around_every_change() {
    for (i, tz) in TZ_VARIANTS.iter().enumerate() {
        let zone = Zone::parse(tz.name()).unwrap();
        let mut locals: Vec<i64> = Vec::new();
        for (at, offset) in zone.spans().changes.iter() {
            let before = zone.offset_at(at - 1);
            for o in [before, *offset] {
                for d in [-7200, -3600, -1800, -1, 0, 1, 1800, 3599, 3600, 7200] {
                    locals.push(at + i64::from(o) + d);
                }
            }
        }
        locals.extend(instants(i as u64 + 7, 50));
        for l in locals {
            let local = DateTime::from_timestamp(l, 0).unwrap().naive_utc();
            assert_eq!(
                fixes(zone.offset_from_local_datetime(&local)),
                fixes(tz.offset_from_local_datetime(&local)),
                "{} at local {local}",
                tz.name()
            );
        }
    }
}

#[test]
fn a_berlin_autumn_fold_and_spring_gap() {
    let berlin = Zone::parse("Europe/Berlin").unwrap();
    let fold = chrono::NaiveDate::from_ymd_opt(2026, 10, 25)
        .unwrap()
        .and_hms_opt(2, 30, 0)
        .unwrap();
    assert_eq!(
        fixes(berlin.offset_from_local_datetime(&fold)),
        vec![7200, 3600]
    );
    let gap = chrono::NaiveDate::from_ymd_opt(2026, 3, 29)
        .unwrap()
        .and_hms_opt(2, 30, 0)
        .unwrap();
    assert!(fixes(berlin.offset_from_local_datetime(&gap)).is_empty());
    let summer = berlin
        .from_local_datetime(&fold.with_month(7).unwrap())
        .single()
        .unwrap();
    assert_eq!(summer.to_rfc3339(), "2026-07-25T02:30:00+02:00");
}
