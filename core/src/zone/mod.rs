//! Time zones: every IANA zone's UTC offsets from 1999-12-01 to
//! 2101-01-01, the schedule's window (`time::SCHEDULE`) with a margin, in
//! a table of about 100 KB generated from chrono-tz (`make zones`).
//!
//! Why not chrono-tz itself: its tables carry every zone's history back
//! to the 19th century, and were the largest single part of the Worker
//! (about 120 KiB of its 1 MiB gzip budget). Dates outside the window are
//! refused at the edge, so that history was never read. The tests compare
//! this table with chrono-tz, instant by instant and around every one of
//! its transitions in the window, for every zone.
//!
//! A [`Zone`] is a `chrono::TimeZone`, so `with_timezone` and
//! `from_local_datetime` work as they did with `chrono_tz::Tz`, with the
//! same answers for gaps (none) and folds (both offsets, earlier first).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};

mod names;

use names::{DATASETS, NAMES};

static ZONES_BIN: &[u8] = include_bytes!("zones.bin");

/// Encoding shared with the generator (`src/bin/zonegen.rs`).
pub mod generate {
    /// The first and last instants (Unix seconds) the table covers.
    pub const WINDOW_START: i64 = 944_006_400; // 1999-12-01T00:00:00Z
    pub const WINDOW_END: i64 = 4_133_980_800; // 2101-01-01T00:00:00Z

    pub(super) fn put(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn zigzag(v: i64) -> u64 {
        ((v << 1) ^ (v >> 63)) as u64
    }

    /// One zone's data: the offset at the window's start, then each change
    /// as the seconds since the previous one (or the window's start) and
    /// the new offset.
    pub fn encode(initial: i32, changes: &[(i64, i32)]) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, zigzag(initial.into()));
        put(&mut out, changes.len() as u64);
        let mut last = WINDOW_START;
        for (at, offset) in changes {
            put(&mut out, (at - last) as u64);
            put(&mut out, zigzag((*offset).into()));
            last = *at;
        }
        out
    }
}

/// A zone's offsets: the one at the window's start, and each change.
struct Spans {
    initial: i32,
    changes: Box<[(i64, i32)]>,
}

fn get(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if shift < 64 {
            v |= u64::from(b & 0x7f) << shift;
        }
        shift += 7;
        if b < 0x80 {
            break;
        }
    }
    v
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn u32_at(bytes: &[u8], at: usize) -> usize {
    bytes
        .get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// The dataset's offsets, decoded once per isolate.
fn spans(dataset: usize) -> &'static Spans {
    static DECODED: [OnceLock<Spans>; DATASETS] = [const { OnceLock::new() }; DATASETS];
    DECODED[dataset % DATASETS].get_or_init(|| {
        let start = 4 + 4 * DATASETS + u32_at(ZONES_BIN, 4 + 4 * dataset);
        let mut at = start;
        let initial = unzigzag(get(ZONES_BIN, &mut at)) as i32;
        let n = get(ZONES_BIN, &mut at) as usize;
        let mut changes = Vec::with_capacity(n.min(4096));
        let mut t = generate::WINDOW_START;
        for _ in 0..n {
            t = t.saturating_add(get(ZONES_BIN, &mut at) as i64);
            changes.push((t, unzigzag(get(ZONES_BIN, &mut at)) as i32));
        }
        Spans {
            initial,
            changes: changes.into_boxed_slice(),
        }
    })
}

/// An IANA time zone, by its index among [`Zone::names`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(u16);

impl Zone {
    pub const UTC: Zone = Zone(utc_index());

    /// A zone by its IANA name, exactly as written (`Europe/Berlin`).
    pub fn parse(name: &str) -> Option<Zone> {
        NAMES
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(|i| Zone(i as u16))
    }

    pub fn name(self) -> &'static str {
        NAMES.get(usize::from(self.0)).map_or("UTC", |(n, _)| n)
    }

    /// Every zone name, sorted.
    pub fn names() -> impl Iterator<Item = &'static str> {
        NAMES.iter().map(|(n, _)| *n)
    }

    fn spans(self) -> &'static Spans {
        spans(
            NAMES
                .get(usize::from(self.0))
                .map_or(0, |(_, d)| usize::from(*d)),
        )
    }

    /// The UTC offset, in seconds, at `t` (Unix seconds).
    pub fn offset_at(self, t: i64) -> i32 {
        let s = self.spans();
        match s.changes.partition_point(|(at, _)| *at <= t) {
            0 => s.initial,
            i => s.changes[i - 1].1,
        }
    }

    fn offset(self, seconds: i32) -> ZoneOffset {
        ZoneOffset {
            zone: self,
            seconds,
        }
    }
}

const fn utc_index() -> u16 {
    let mut i = 0;
    while i < NAMES.len() {
        let n = NAMES[i].0.as_bytes();
        if n.len() == 3 && n[0] == b'U' && n[1] == b'T' && n[2] == b'C' {
            return i as u16;
        }
        i += 1;
    }
    0
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;
    fn from_str(s: &str) -> Result<Zone, UnknownZone> {
        Zone::parse(s).ok_or(UnknownZone)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownZone;

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an IANA time zone name")
    }
}

/// A zone's offset at some instant.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ZoneOffset {
    zone: Zone,
    seconds: i32,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        FixedOffset::east_opt(self.seconds).unwrap_or_else(|| chrono::Utc.fix())
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fix(), f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        // As chrono-tz: any offset the day had, preferring a single one.
        let first = self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN));
        let last = local
            .and_hms_opt(23, 59, 59)
            .map_or(LocalResult::None, |l| self.offset_from_local_datetime(&l));
        match (first, last) {
            (r @ LocalResult::Single(_), _) | (_, r @ LocalResult::Single(_)) => r,
            (LocalResult::Ambiguous(o, _), _) | (_, LocalResult::Ambiguous(o, _)) => {
                LocalResult::Single(o)
            }
            (LocalResult::None, LocalResult::None) => LocalResult::None,
        }
    }

    /// Every offset `o` the zone had at `local - o`: none in a gap, two in
    /// a fold (the earlier instant first).
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        let l = local.and_utc().timestamp();
        // Offsets are within ±26 hours, so the instants `local` may name
        // lie in this range; every offset in force there is a candidate.
        const REACH: i64 = 26 * 3600;
        let s = self.spans();
        let lo = l.saturating_sub(REACH);
        let hi = l.saturating_add(REACH);
        let mut candidates = vec![self.offset_at(lo)];
        let from = s.changes.partition_point(|(at, _)| *at <= lo);
        for (at, o) in s.changes.get(from..).unwrap_or_default() {
            if *at > hi {
                break;
            }
            if !candidates.contains(o) {
                candidates.push(*o);
            }
        }
        let mut found: Vec<(i64, i32)> = candidates
            .into_iter()
            .filter_map(|o| {
                let utc = l.checked_sub(i64::from(o))?;
                (self.offset_at(utc) == o).then_some((utc, o))
            })
            .collect();
        found.sort();
        match found[..] {
            [] => LocalResult::None,
            [(_, o)] => LocalResult::Single(self.offset(o)),
            [(_, a), .., (_, b)] => LocalResult::Ambiguous(self.offset(a), self.offset(b)),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset(self.offset_at(utc.and_utc().timestamp()))
    }
}

#[cfg(test)]
mod tests;
