//! Slot generation.
//!
//! Slots are laid out in local wall-clock time from each window's start, one
//! appointment duration apart, and only then turned into instants in the
//! shop's time zone. So a 09:00 window is 09:00 local on both sides of a DST
//! change. A local time that does not exist (the spring-forward gap) is
//! skipped; a local time that happens twice (the fall-back overlap) is
//! offered once, at its first occurrence.

use crate::zone::Zone as Tz;
use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use serde::Serialize;

use super::availability::Availability;

/// The longest range one slot search may cover, in days.
pub const MAX_SEARCH_DAYS: i64 = 31;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Slot {
    pub fn overlaps(&self, other: &Slot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Every slot the availability offers from `from` to `to` (inclusive local
/// dates, at most [`MAX_SEARCH_DAYS`] of them from `from`), busy or not, in
/// order. Arithmetic is checked throughout: dates and durations at chrono's
/// limits end the search instead of panicking. Durations under a minute
/// offer nothing (no appointment type is that short, and a microsecond
/// would lay out billions of slots a day).
pub fn offered(
    availability: &Availability,
    tz: Tz,
    from: NaiveDate,
    to: NaiveDate,
    duration: Duration,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    if duration < Duration::minutes(1) {
        return slots;
    }
    let days = from.iter_days().take_while(|d| *d <= to);
    for date in days.take(MAX_SEARCH_DAYS as usize) {
        for window in availability.windows_on(date) {
            let end = date.and_time(window.end);
            let mut local = date.and_time(window.start);
            while let Some(local_end) = local.checked_add_signed(duration) {
                if local_end > end {
                    break;
                }
                let start = tz
                    .from_local_datetime(&local)
                    .earliest()
                    .map(|t| t.with_timezone(&Utc));
                if let Some(slot) = start.and_then(|start| {
                    Some(Slot {
                        start,
                        end: start.checked_add_signed(duration)?,
                    })
                }) {
                    slots.push(slot);
                }
                local = local_end;
            }
        }
    }
    slots.sort();
    slots.dedup();
    slots
}

/// The offered slots that start no earlier than `not_before` and overlap no
/// busy interval.
pub fn free(offered: Vec<Slot>, busy: &[Slot], not_before: DateTime<Utc>) -> Vec<Slot> {
    offered
        .into_iter()
        .filter(|s| s.start >= not_before && !busy.iter().any(|b| b.overlaps(s)))
        .collect()
}

/// Whether `start` is the start of a slot the availability offers for an
/// appointment of `duration`: bookings must land on offered slots.
pub fn is_offered(
    availability: &Availability,
    tz: Tz,
    start: DateTime<Utc>,
    duration: Duration,
) -> Option<Slot> {
    // Not `with_timezone(..).date_naive()`: that panics when the offset
    // pushes an instant at chrono's edge out of range.
    let utc = start.naive_utc();
    let date = utc
        .checked_add_offset(tz.offset_from_utc_datetime(&utc).fix())?
        .date();
    offered(availability, tz, date, date, duration)
        .into_iter()
        .find(|s| s.start == start)
}

/// Whether one window of the availability holds `slot` whole, in the
/// shop's local time: a doctor whose hours cover a time can take a visit
/// then, whatever their own slot grid.
pub fn covers(availability: &Availability, tz: Tz, slot: Slot) -> bool {
    let utc = slot.start.naive_utc();
    let Some(start) = utc.checked_add_offset(tz.offset_from_utc_datetime(&utc).fix()) else {
        return false;
    };
    let Some(end) = start.checked_add_signed(slot.end - slot.start) else {
        return false;
    };
    let date = start.date();
    availability
        .windows_on(date)
        .iter()
        .any(|w| date.and_time(w.start) <= start && end <= date.and_time(w.end))
}

/// Whether the shop's pool is served at a time: each of its visits then
/// has a doctor free for the whole of it. A new pool visit is booked only
/// if the pool stays served with it, and a doctor's own booking only if it
/// stays served without that doctor.
pub fn pool_served(free_doctors: usize, pool_visits: usize) -> bool {
    pool_visits <= free_doctors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::availability::{hhmm, WeeklyWindow, Window};
    use crate::zone::Zone;
    use chrono::Weekday;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn every_day(start: &str, end: &str) -> Availability {
        let window = Window {
            start: hhmm::parse(start).unwrap(),
            end: hhmm::parse(end).unwrap(),
        };
        let weekly = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .map(|weekday| WeeklyWindow { weekday, window })
        .collect();
        Availability::new(weekly, vec![]).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn nine_oclock_stays_nine_oclock_across_new_york_spring_forward() {
        // DST starts 2026-03-08 in the US.
        let a = every_day("09:00", "09:30");
        let slots = offered(
            &a,
            zone("America/New_York"),
            d(2026, 3, 7),
            d(2026, 3, 9),
            Duration::minutes(30),
        );
        let starts: Vec<_> = slots.iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            vec![
                utc("2026-03-07T14:00:00Z"),
                utc("2026-03-08T13:00:00Z"),
                utc("2026-03-09T13:00:00Z")
            ]
        );
    }

    #[test]
    fn the_missing_hour_is_skipped_in_new_york() {
        let a = every_day("01:00", "04:00");
        let slots = offered(
            &a,
            zone("America/New_York"),
            d(2026, 3, 8),
            d(2026, 3, 8),
            Duration::minutes(30),
        );
        let local: Vec<_> = slots
            .iter()
            .map(|s| {
                s.start
                    .with_timezone(&zone("America/New_York"))
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(local, vec!["01:00", "01:30", "03:00", "03:30"]);
        for pair in slots.windows(2) {
            assert!(!pair[0].overlaps(&pair[1]));
        }
    }

    #[test]
    fn the_repeated_hour_is_offered_once_in_new_york() {
        // DST ends 2026-11-01 in the US: 01:00-02:00 happens twice.
        let a = every_day("00:00", "03:00");
        let slots = offered(
            &a,
            zone("America/New_York"),
            d(2026, 11, 1),
            d(2026, 11, 1),
            Duration::minutes(60),
        );
        let starts: Vec<_> = slots.iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            vec![
                utc("2026-11-01T04:00:00Z"), // 00:00 EDT
                utc("2026-11-01T05:00:00Z"), // 01:00 EDT, the first 01:00
                utc("2026-11-01T07:00:00Z"), // 02:00 EST
            ]
        );
    }

    #[test]
    fn berlin_both_changes() {
        // Europe switches 2026-03-29 (02:00 → 03:00) and 2026-10-25 (03:00 → 02:00).
        let a = every_day("09:00", "10:00");
        let spring = offered(
            &a,
            zone("Europe/Berlin"),
            d(2026, 3, 28),
            d(2026, 3, 29),
            Duration::minutes(60),
        );
        assert_eq!(
            spring.iter().map(|s| s.start).collect::<Vec<_>>(),
            vec![utc("2026-03-28T08:00:00Z"), utc("2026-03-29T07:00:00Z")]
        );
        let autumn = offered(
            &a,
            zone("Europe/Berlin"),
            d(2026, 10, 24),
            d(2026, 10, 25),
            Duration::minutes(60),
        );
        assert_eq!(
            autumn.iter().map(|s| s.start).collect::<Vec<_>>(),
            vec![utc("2026-10-24T07:00:00Z"), utc("2026-10-25T08:00:00Z")]
        );
        let gap = offered(
            &every_day("01:30", "03:30"),
            zone("Europe/Berlin"),
            d(2026, 3, 29),
            d(2026, 3, 29),
            Duration::minutes(30),
        );
        let local: Vec<_> = gap
            .iter()
            .map(|s| {
                s.start
                    .with_timezone(&zone("Europe/Berlin"))
                    .format("%H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(local, vec!["01:30", "03:00"]);
        let repeat = offered(
            &every_day("02:00", "03:00"),
            zone("Europe/Berlin"),
            d(2026, 10, 25),
            d(2026, 10, 25),
            Duration::minutes(30),
        );
        assert_eq!(
            repeat.iter().map(|s| s.start).collect::<Vec<_>>(),
            vec![utc("2026-10-25T00:00:00Z"), utc("2026-10-25T00:30:00Z")]
        );
    }

    #[test]
    fn free_slots_skip_busy_and_short_notice() {
        let a = every_day("09:00", "11:00");
        let all = offered(
            &a,
            zone("Europe/Berlin"),
            d(2026, 6, 1),
            d(2026, 6, 1),
            Duration::minutes(30),
        );
        assert_eq!(all.len(), 4);
        let busy = [Slot {
            start: utc("2026-06-01T07:15:00Z"),
            end: utc("2026-06-01T07:45:00Z"),
        }];
        let free = free(all, &busy, utc("2026-06-01T07:00:00Z"));
        // 09:00 and 09:30 local overlap the busy 09:15-09:45; 10:00 and 10:30 remain.
        assert_eq!(
            free.iter().map(|s| s.start).collect::<Vec<_>>(),
            vec![utc("2026-06-01T08:00:00Z"), utc("2026-06-01T08:30:00Z")]
        );
    }

    #[test]
    fn extreme_dates_and_durations_do_not_panic() {
        let a = every_day("00:00", "23:59");
        for tz in [
            zone("America/New_York"),
            zone("Europe/Berlin"),
            zone("Pacific/Kiritimati"),
            zone("Etc/GMT+12"),
        ] {
            for (from, to) in [
                (NaiveDate::MAX, NaiveDate::MAX),
                (NaiveDate::MAX - Duration::days(3), NaiveDate::MAX),
                (NaiveDate::MIN, NaiveDate::MIN),
                (NaiveDate::MIN, NaiveDate::MIN + Duration::days(3)),
                (NaiveDate::MIN, NaiveDate::MAX),
                (NaiveDate::MAX, NaiveDate::MIN),
                (d(2026, 6, 1), d(2026, 6, 1)),
            ] {
                for duration in [
                    Duration::minutes(30),
                    Duration::MAX,
                    Duration::MIN,
                    Duration::zero(),
                    Duration::nanoseconds(1000),
                    Duration::seconds(59),
                    Duration::minutes(1),
                ] {
                    let slots = offered(&a, tz, from, to, duration);
                    // At most MAX_SEARCH_DAYS days of one-minute slots.
                    assert!(slots.len() <= 24 * 60 * MAX_SEARCH_DAYS as usize);
                    if duration < Duration::minutes(1) {
                        assert!(slots.is_empty());
                    }
                }
            }
            // chrono's first and last instants: no panic, and a slot only
            // where one really starts (14:00 in Kiritimati is 00:00Z on
            // chrono's first day).
            for start in [DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MIN_UTC] {
                let found = is_offered(&a, tz, start, Duration::minutes(30));
                assert!(found.is_none_or(|s| s.start == start), "{found:?}");
                assert_eq!(is_offered(&a, tz, start, Duration::MAX), None);
            }
        }
        // The +262142 search that once crashed the Worker: nothing to offer
        // past the last representable date, and no panic.
        let last = offered(
            &a,
            zone("Europe/Berlin"),
            NaiveDate::from_ymd_opt(262142, 12, 1).unwrap(),
            NaiveDate::from_ymd_opt(262142, 12, 31).unwrap(),
            Duration::minutes(30),
        );
        assert!(last.len() <= 31 * 48);
    }

    #[test]
    fn bookings_must_land_on_offered_slots() {
        let a = every_day("09:00", "10:00");
        let dur = Duration::minutes(30);
        assert!(is_offered(&a, zone("Europe/Berlin"), utc("2026-06-01T07:30:00Z"), dur).is_some());
        assert!(is_offered(&a, zone("Europe/Berlin"), utc("2026-06-01T07:15:00Z"), dur).is_none());
        assert!(is_offered(&a, zone("Europe/Berlin"), utc("2026-06-01T08:00:00Z"), dur).is_none());
    }

    #[test]
    fn covers_is_any_window_holding_the_whole_slot() {
        let tz = zone("Europe/Berlin");
        let hours = every_day("09:00", "12:00");
        // 2026-12-02 is winter: Berlin is UTC+1.
        let at = |h: u32, m: u32, minutes: i64| {
            let start = Utc.with_ymd_and_hms(2026, 12, 2, h, m, 0).unwrap();
            Slot {
                start,
                end: start + Duration::minutes(minutes),
            }
        };
        assert!(covers(&hours, tz, at(8, 0, 60)), "09:00–10:00 local");
        assert!(covers(&hours, tz, at(8, 7, 13)), "off any grid");
        assert!(
            covers(&hours, tz, at(10, 0, 60)),
            "11:00–12:00 ends with the window"
        );
        assert!(!covers(&hours, tz, at(10, 30, 60)), "runs past 12:00");
        assert!(!covers(&hours, tz, at(7, 30, 60)), "starts before 09:00");
        let none = Availability::new(vec![], vec![]).unwrap();
        assert!(!covers(&none, tz, at(8, 0, 60)));
    }

    #[test]
    fn the_pool_needs_a_free_doctor_per_visit() {
        assert!(pool_served(0, 0));
        assert!(!pool_served(0, 1), "a visit with no doctor free");
        assert!(pool_served(1, 1));
        assert!(!pool_served(1, 2));
        assert!(pool_served(3, 2));
    }
}
