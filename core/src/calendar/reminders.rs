//! Appointment reminders (seed 001): rules on an appointment type say who
//! is reminded (`patient`, `doctor` or `admin`), how many minutes before the
//! start, and whether Frontdesk itself sends an email or SMS. Each rule fires
//! once per appointment and recipient; with both sends off the
//! `APPOINTMENT_REMINDER_DUE` event is still published.
//!
//! A reminder is due from `start - minutes_before` until the appointment
//! starts, so a run missed while the service was down catches up, and a
//! reminder is never sent for an appointment already under way. Only
//! confirmed appointments are reminded: cancelled, expired and rebooked-away
//! ones (cancelled with reason `rebooked`) never are, and a rebooked
//! appointment is a new one whose reminders follow its own start.

use super::appointment::AppointmentStatus;
use super::rules::{RecipientGroup, ReminderRule, TypeRules};
use crate::time;
use chrono::{DateTime, Utc};

/// One reminder to publish: rule `rule` (its index on the type) for
/// `recipient` (`patient:<uid>`, `doctor:<uid>` or `admin`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub rule: usize,
    pub recipient: String,
    pub due_at: DateTime<Utc>,
}

/// The appointment facts reminders depend on.
pub struct Reminded<'a> {
    pub status: AppointmentStatus,
    pub start: DateTime<Utc>,
    pub patient: &'a str,
    /// `None` for an appointment in the shop's pool: no doctor to remind
    /// yet.
    pub doctor: Option<&'a str>,
}

fn recipient(rule: &ReminderRule, a: &Reminded<'_>) -> Option<String> {
    Some(match rule.recipient {
        RecipientGroup::Patient => format!("patient:{}", a.patient),
        RecipientGroup::Doctor => format!("doctor:{}", a.doctor?),
        RecipientGroup::Admin => "admin".to_owned(),
    })
}

fn pending<'r>(
    a: &'r Reminded<'_>,
    rules: &'r [ReminderRule],
    sent: &'r [(usize, String)],
) -> impl Iterator<Item = Due> + 'r {
    rules
        .iter()
        .enumerate()
        .filter(move |_| a.status == AppointmentStatus::Confirmed)
        .filter_map(move |(i, r)| Some((i, r, recipient(r, a)?)))
        .map(move |(i, r, recipient)| Due {
            rule: i,
            recipient,
            // Stored rules are clamped to the notices the API accepts; one
            // reaching past chrono's earliest time is due at once.
            due_at: a
                .start
                .checked_sub_signed(time::minutes(r.minutes_before.clamp(
                    *TypeRules::NOTICE_MINUTES.start(),
                    *TypeRules::NOTICE_MINUTES.end(),
                )))
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
        })
        .filter(move |d| {
            !sent
                .iter()
                .any(|(rule, who)| *rule == d.rule && *who == d.recipient)
        })
}

/// The reminders due at `now` that have not been sent.
pub fn due(
    a: &Reminded<'_>,
    rules: &[ReminderRule],
    sent: &[(usize, String)],
    now: DateTime<Utc>,
) -> Vec<Due> {
    if now >= a.start {
        return vec![];
    }
    pending(a, rules, sent)
        .filter(|d| d.due_at <= now)
        .collect()
}

/// When the next unsent reminder falls due, for the cron to know which
/// shops to ask; `None` when there is nothing left to send.
pub fn next_due(
    a: &Reminded<'_>,
    rules: &[ReminderRule],
    sent: &[(usize, String)],
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if now >= a.start {
        return None;
    }
    pending(a, rules, sent).map(|d| d.due_at).min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::Zone;
    use chrono::TimeZone;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap()
    }

    fn rule(recipient: RecipientGroup, minutes_before: i64) -> ReminderRule {
        ReminderRule {
            recipient,
            minutes_before,
            send_email: true,
            send_sms: false,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn appt(start: DateTime<Utc>, status: AppointmentStatus) -> Reminded<'static> {
        Reminded {
            status,
            start,
            patient: "pp-1",
            doctor: Some("doc_1"),
        }
    }

    #[test]
    fn due_once_per_rule_and_recipient() {
        let a = appt(at("2026-06-01T10:00:00Z"), AppointmentStatus::Confirmed);
        let rules = [
            rule(RecipientGroup::Doctor, 24 * 60),
            rule(RecipientGroup::Doctor, 15),
            rule(RecipientGroup::Patient, 60),
        ];
        assert!(due(&a, &rules, &[], at("2026-05-31T09:59:00Z")).is_empty());
        let first = due(&a, &rules, &[], at("2026-05-31T10:00:00Z"));
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].recipient, "doctor:doc_1");
        let sent = vec![(0, "doctor:doc_1".to_owned())];
        assert!(due(&a, &rules, &sent, at("2026-05-31T12:00:00Z")).is_empty());
        assert_eq!(
            next_due(&a, &rules, &sent, at("2026-05-31T12:00:00Z")),
            Some(at("2026-06-01T09:00:00Z"))
        );
        let late = due(&a, &rules, &sent, at("2026-06-01T09:50:00Z"));
        assert_eq!(late.iter().map(|d| d.rule).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn missed_runs_catch_up_until_the_start_and_not_after() {
        let a = appt(at("2026-06-01T10:00:00Z"), AppointmentStatus::Confirmed);
        let rules = [rule(RecipientGroup::Patient, 60)];
        // The service was down from 08:30 to 09:59: the reminder still goes.
        assert_eq!(due(&a, &rules, &[], at("2026-06-01T09:59:00Z")).len(), 1);
        assert!(due(&a, &rules, &[], at("2026-06-01T10:00:00Z")).is_empty());
        assert_eq!(next_due(&a, &rules, &[], at("2026-06-01T10:00:00Z")), None);
    }

    #[test]
    fn only_confirmed_appointments_are_reminded() {
        let rules = [rule(RecipientGroup::Admin, 60)];
        for status in [
            AppointmentStatus::Held,
            AppointmentStatus::Cancelled,
            AppointmentStatus::Expired,
            AppointmentStatus::Completed,
            AppointmentStatus::NoShow,
        ] {
            let a = appt(at("2026-06-01T10:00:00Z"), status);
            assert!(
                due(&a, &rules, &[], at("2026-06-01T09:30:00Z")).is_empty(),
                "{status:?}"
            );
            assert_eq!(next_due(&a, &rules, &[], at("2026-06-01T08:00:00Z")), None);
        }
    }

    #[test]
    fn extreme_starts_and_notices_do_not_panic() {
        let rules = [
            rule(RecipientGroup::Patient, i64::MAX),
            rule(RecipientGroup::Doctor, i64::MIN),
            rule(RecipientGroup::Admin, 60),
        ];
        for start in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
            let a = appt(start, AppointmentStatus::Confirmed);
            for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                let _ = due(&a, &rules, &[], now);
                let _ = next_due(&a, &rules, &[], now);
            }
        }
        // A stored notice past the accepted year counts as a year.
        let a = appt(at("2026-06-01T10:00:00Z"), AppointmentStatus::Confirmed);
        assert_eq!(
            next_due(&a, &rules[..1], &[], at("2026-01-01T00:00:00Z")),
            Some(at("2025-05-31T10:00:00Z"))
        );
    }

    #[test]
    fn a_day_before_is_real_time_across_dst() {
        // Berlin falls back on 2026-10-25: 09:00 local on the 26th is 08:00Z,
        // and 24 hours earlier is 08:00Z on the 25th (09:00 CET, 10:00 CEST).
        let start = zone("Europe/Berlin")
            .with_ymd_and_hms(2026, 10, 26, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let a = appt(start, AppointmentStatus::Confirmed);
        let rules = [rule(RecipientGroup::Patient, 24 * 60)];
        assert_eq!(
            next_due(&a, &rules, &[], at("2026-10-24T00:00:00Z")),
            Some(at("2026-10-25T08:00:00Z"))
        );
        assert!(due(&a, &rules, &[], at("2026-10-25T07:59:59Z")).is_empty());
        assert_eq!(due(&a, &rules, &[], at("2026-10-25T08:00:00Z")).len(), 1);
    }
}
