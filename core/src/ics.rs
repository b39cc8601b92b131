//! iCalendar files (RFC 5545) for a patient's appointment: the booking
//! page's "Add to calendar" and the confirmation email's attachment.
//!
//! A calendar matches a new file to the event it already holds by `UID`
//! and keeps the one with the higher `SEQUENCE`. So the `UID` is the first
//! appointment of the `previous_meeting_uid` chain (a rebooked appointment
//! is a new appointment, but the same event to the patient), `SEQUENCE` is
//! how many times the chain was rebooked (plus one once it is cancelled),
//! and a cancellation is `METHOD:CANCEL` with `STATUS:CANCELLED`. Times are
//! in UTC, so no `VTIMEZONE` is needed.

use chrono::{DateTime, Utc};

/// What one appointment's calendar file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent<'a> {
    /// The first appointment of the rebooking chain.
    pub chain_root: &'a str,
    /// How many times the chain was rebooked before this appointment.
    pub rebooks: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: &'a str,
    pub location: Option<&'a str>,
    pub description: Option<&'a str>,
    pub cancelled: bool,
}

/// The `.ics` text, lines ending in CRLF and folded at 75 octets.
pub fn calendar(e: &CalendarEvent<'_>, now: DateTime<Utc>) -> String {
    let sequence = e.rebooks.saturating_add(u32::from(e.cancelled));
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Frontdesk//Booking//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        format!("METHOD:{}", if e.cancelled { "CANCEL" } else { "PUBLISH" }),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@frontdesk", text(e.chain_root)),
        format!("DTSTAMP:{}", utc(now)),
        format!("DTSTART:{}", utc(e.start)),
        format!("DTEND:{}", utc(e.end)),
        format!("SEQUENCE:{sequence}"),
        format!(
            "STATUS:{}",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        format!("SUMMARY:{}", text(e.summary)),
    ];
    if let Some(location) = e.location {
        lines.push(format!("LOCATION:{}", text(location)));
    }
    if let Some(description) = e.description {
        lines.push(format!("DESCRIPTION:{}", text(description)));
    }
    lines.push("END:VEVENT".to_owned());
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// `20261205T090000Z`, written out by hand (no strftime in the Worker).
fn utc(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A TEXT value: backslash, semicolon and comma escaped, line breaks as
/// `\n`, other control characters dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded as RFC 5545 §3.1 says: at most 75 octets a line,
/// continuation lines starting with a space, never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0).unwrap()
    }

    fn event(summary: &str) -> CalendarEvent<'_> {
        CalendarEvent {
            chain_root: "apt_first",
            rebooks: 0,
            start: at(9, 0),
            end: at(9, 30),
            summary,
            location: Some("1 Harbour Road, Bay"),
            description: None,
            cancelled: false,
        }
    }

    #[test]
    fn an_event_in_utc_with_the_chain_as_uid() {
        let ics = calendar(&event("Consult; Dr. Lee"), at(8, 0));
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        for line in [
            "METHOD:PUBLISH",
            "UID:apt_first@frontdesk",
            "DTSTAMP:20261205T080000Z",
            "DTSTART:20261205T090000Z",
            "DTEND:20261205T093000Z",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            "SUMMARY:Consult\\; Dr. Lee",
            "LOCATION:1 Harbour Road\\, Bay",
        ] {
            assert!(ics.contains(&format!("{line}\r\n")), "{line} in {ics}");
        }
    }

    #[test]
    fn rebooks_raise_the_sequence_and_a_cancellation_cancels() {
        let mut e = event("Consult");
        e.rebooks = 2;
        assert!(calendar(&e, at(8, 0)).contains("SEQUENCE:2\r\n"));
        e.cancelled = true;
        let ics = calendar(&e, at(8, 0));
        assert!(ics.contains("METHOD:CANCEL\r\n"));
        assert!(ics.contains("STATUS:CANCELLED\r\n"));
        assert!(ics.contains("SEQUENCE:3\r\n"));
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let summary = "é".repeat(100);
        let ics = calendar(&event(&summary), at(8, 0));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{summary}\r\n")));
    }

    proptest! {
        #[test]
        fn any_text_makes_a_well_formed_file(s in "\\PC{0,300}", d in "[\\s\\S]{0,200}") {
            let mut e = event(&s);
            e.description = Some(&d);
            let ics = calendar(&e, at(8, 0));
            for line in ics.split("\r\n") {
                prop_assert!(line.len() <= 75);
                prop_assert!(!line.contains('\n') && !line.contains('\r'));
            }
        }
    }
}
