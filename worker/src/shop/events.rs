//! The events a shop publishes, written to its outbox in the same storage
//! unit as the change they report, and the reminders that fall due.
//!
//! Every event is `{"id", "type", "occurred_at", "organization_uid",
//! "data"}`; `data` holds ids, times and statuses only, which is all a
//! receiver needs to look the rest up with its own credentials.

use chrono::{DateTime, Utc};
use frontdesk_core::calendar::appointment::AppointmentStatus;
use frontdesk_core::calendar::reminders::{due, next_due, Reminded};
use frontdesk_core::calendar::rules::ReminderRule;
use frontdesk_core::ids::OrgUid;
use frontdesk_core::view::calendar::RemindersRun;
use frontdesk_core::view::events::{ReminderDue, REMINDER_DUE};
use serde::Deserialize;
use serde_json::Value;
use worker::Request;

use super::calendar::Row;
use super::transaction::all_or_nothing;
use super::{ms, text, time, Shop};
use crate::error::{ApiError, ApiResult};
use crate::object::ORG_HEADER;

impl Shop {
    /// Keeps the organisation's uid, which every internal request carries.
    pub(super) fn remember_org(&self, req: &Request) -> ApiResult<()> {
        if self.org_stored.get() {
            return Ok(());
        }
        if let Some(org) = req.headers().get(ORG_HEADER)? {
            self.sql.exec(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('org_uid', ?)",
                vec![text(&org)],
            )?;
            self.org_stored.set(true);
        }
        Ok(())
    }

    pub(super) fn org(&self) -> ApiResult<OrgUid> {
        #[derive(Deserialize)]
        struct Meta {
            value: OrgUid,
        }
        let rows: Vec<Meta> = self
            .sql
            .exec("SELECT value FROM meta WHERE key = 'org_uid'", None)?
            .to_array()?;
        rows.into_iter()
            .next()
            .map(|m| m.value)
            .ok_or_else(|| ApiError::Internal("the shop does not know its organisation".into()))
    }

    /// Writes one event to the outbox.
    pub(super) fn emit(&self, kind: &str, data: Value, now: DateTime<Utc>) -> ApiResult<()> {
        let event = crate::publish::event(kind, &self.org()?, data, now);
        self.sql.exec(
            "INSERT INTO outbox (kind, payload, created_at) VALUES ('event', ?, ?)",
            vec![text(&serde_json::to_string(&event)?), ms(now)],
        )?;
        Ok(())
    }

    /// Reminders already published for one appointment.
    pub(super) fn reminders_sent(&self, appointment_uid: &str) -> ApiResult<Vec<(usize, String)>> {
        #[derive(Deserialize)]
        struct Sent {
            rule: f64,
            recipient: String,
        }
        let rows: Vec<Sent> = self
            .sql
            .exec(
                "SELECT rule, recipient FROM appointment_reminders_sent WHERE appointment_uid = ?",
                vec![text(appointment_uid)],
            )?
            .to_array()?;
        Ok(rows
            .into_iter()
            .map(|r| (r.rule as usize, r.recipient))
            .collect())
    }

    /// Keeps `appointment_next_reminder` equal to what
    /// [`Shop::next_reminder_at`] says, so the cron reads only due rows.
    pub(super) fn index_next_reminder(
        &self,
        uid: &str,
        due: Option<DateTime<Utc>>,
    ) -> ApiResult<()> {
        match due {
            Some(at) => self.sql.exec(
                "INSERT INTO appointment_next_reminder (appointment_uid, due_at) VALUES (?, ?)
                 ON CONFLICT (appointment_uid) DO UPDATE SET due_at = excluded.due_at",
                vec![text(uid), ms(at)],
            )?,
            None => self.sql.exec(
                "DELETE FROM appointment_next_reminder WHERE appointment_uid = ?",
                vec![text(uid)],
            )?,
        };
        Ok(())
    }

    /// Storage migration 2: shops that booked before the reminder index
    /// existed fill it from their upcoming confirmed appointments. Shops
    /// whose one-off backfill (kept behind a `meta` flag before migrations
    /// took over) already ran only drop the flag. Safe to run on a filled
    /// index anyway: it writes the value projecting would. An appointment
    /// whose stored row cannot be read is left out and logged: it could not
    /// be reminded anyway, and it must not keep the whole shop from being
    /// served.
    pub(super) fn index_upcoming_reminders(&self, now: DateTime<Utc>) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Flag {}
        let flagged: Vec<Flag> = self
            .sql
            .exec(
                "DELETE FROM meta WHERE key = 'reminder_index_v1' RETURNING key",
                None,
            )?
            .to_array()?;
        if !flagged.is_empty() {
            return Ok(());
        }
        #[derive(Deserialize)]
        struct Upcoming {
            appointment_uid: String,
        }
        let upcoming: Vec<Upcoming> = self
            .sql
            .exec(
                "SELECT appointment_uid FROM appointments WHERE status = 'confirmed' AND start_at > ?",
                vec![ms(now)],
            )?
            .to_array()?;
        for u in upcoming {
            let due = self.appointment_row(&u.appointment_uid).and_then(|row| {
                let a = Reminded {
                    status: row.status,
                    start: time(row.start_at),
                    patient: row.patient_profile_uid.as_str(),
                    doctor: row.doctor(),
                };
                self.next_reminder_at(&u.appointment_uid, &a, &row.rules()?.reminders, now)
            });
            match due {
                Ok(due) => self.index_next_reminder(&u.appointment_uid, due)?,
                Err(e) => {
                    worker::console_error!("reminder index for {}: {e:?}", u.appointment_uid)
                }
            }
        }
        Ok(())
    }

    /// When the appointment's next unsent reminder falls due.
    pub(super) fn next_reminder_at(
        &self,
        uid: &str,
        appointment: &Reminded<'_>,
        rules: &[ReminderRule],
        now: DateTime<Utc>,
    ) -> ApiResult<Option<DateTime<Utc>>> {
        if rules.is_empty() || appointment.status != AppointmentStatus::Confirmed {
            return Ok(None);
        }
        Ok(next_due(
            appointment,
            rules,
            &self.reminders_sent(uid)?,
            now,
        ))
    }

    /// Publishes every reminder that has fallen due and not been sent. The
    /// `appointment_reminders_sent` row, written with the event in one unit,
    /// makes each (appointment, rule, recipient) fire once however often
    /// the cron runs or retries.
    pub(super) fn run_reminders(&self, now: DateTime<Utc>) -> ApiResult<RemindersRun> {
        let storage = self.state.storage();
        // Appointments that started (or stopped being confirmed) with a
        // reminder still indexed can never be reminded: drop them, so the
        // scan reads due rows only.
        self.sql.exec(
            "DELETE FROM appointment_next_reminder WHERE due_at <= ? AND appointment_uid IN
                 (SELECT appointment_uid FROM appointments WHERE start_at <= ? OR status != 'confirmed')",
            vec![ms(now), ms(now)],
        )?;
        let mut published: u32 = 0;
        let mut failed: u32 = 0;
        for row in self.reminders_due(now)? {
            // Each appointment in its own transaction: a bad one is logged
            // and retried next run, and holds up no other.
            match all_or_nothing(&storage, || self.remind(&row, now)) {
                Ok(n) => published = published.saturating_add(u32::try_from(n).unwrap_or(u32::MAX)),
                Err(e) => {
                    failed = failed.saturating_add(1);
                    worker::console_error!("reminders for {}: {e:?}", row.appointment_uid);
                }
            }
        }
        Ok(RemindersRun { published, failed })
    }

    /// Publishes one appointment's due reminders; how many.
    fn remind(&self, row: &Row, now: DateTime<Utc>) -> ApiResult<usize> {
        let rules = row.rules()?.reminders;
        let a = Reminded {
            status: row.status,
            start: time(row.start_at),
            patient: row.patient_profile_uid.as_str(),
            doctor: row.doctor(),
        };
        let sent = self.reminders_sent(row.appointment_uid.as_str())?;
        let due_now = due(&a, &rules, &sent, now);
        for d in &due_now {
            let Some(rule) = rules.get(d.rule) else {
                continue;
            };
            self.sql.exec(
                "INSERT INTO appointment_reminders_sent (appointment_uid, rule, recipient, sent_at) VALUES (?, ?, ?, ?)",
                vec![text(row.appointment_uid.as_str()), (d.rule as i64).into(), text(&d.recipient), ms(now)],
            )?;
            let due = ReminderDue {
                appointment_uid: row.appointment_uid.clone(),
                shop_uid: row.shop_uid.clone(),
                doctor_uid: row.doctor_uid.clone(),
                patient_profile_uid: row.patient_profile_uid.clone(),
                start: time(row.start_at),
                rule: d.rule,
                recipient: d.recipient.clone(),
                recipient_group: rule.recipient,
                minutes_before: rule.minutes_before,
                send_email: rule.send_email,
                send_sms: rule.send_sms,
            };
            self.emit(REMINDER_DUE, serde_json::to_value(&due)?, now)?;
        }
        // Projecting also moves the index to the next reminder, or off it.
        self.project(row.appointment_uid.as_str(), now)?;
        Ok(due_now.len())
    }
}
