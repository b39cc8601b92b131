//! "Tell me when it's my turn" in the shop: the contact a waiting patient
//! left, kept on their queue entry and erased when it ends, and the
//! messages they are owed, queued in the outbox with the change that made
//! them due. Which message is due is `frontdesk_core::turn::due`; the
//! `told_*` columns make each go once per entry, and the message id
//! (`turn:{queue_uid}:{event}`) makes a replayed delivery harmless.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::QueueUid;
use frontdesk_core::queue::QueueStatus;
use frontdesk_core::turn::{self, Language, Told, TurnContact, TurnEvent};
use frontdesk_core::view::queue::{MyTurnView, TurnContactView};
use serde::{Deserialize, Serialize};

use data_encoding::BASE32_DNSSEC;

use super::queue::{Snapshot, Standing};
use super::{ms, text, Shop};
use crate::ambient::entropy;
use crate::error::{ApiError, ApiResult};

/// A message for one patient, on its way to D1's `sent_messages` through
/// the outbox. It carries its address because the entry may end (and
/// forget the contact) before the notifier sends it.
#[derive(Serialize, Deserialize)]
pub(crate) struct TurnMessage {
    pub message_id: String,
    /// Minted for the message: no event stands behind it.
    pub event_id: String,
    pub org: String,
    pub channel: String,
    /// `queue:{queue_uid}`: who it was for, in the message log.
    pub recipient: String,
    pub address: String,
    pub subject: String,
    pub body: String,
}

#[derive(Deserialize)]
struct Contacted {
    queue_uid: QueueUid,
    status: QueueStatus,
    notify: String,
    language: Option<Language>,
    told_next: i64,
    told_ready: i64,
}

impl Shop {
    /// Keeps (or withdraws) a live entry's contact, and sends at once what
    /// is already due: a patient who opts in while first in line is told.
    pub(super) fn set_turn_contact(
        &self,
        queue_uid: &QueueUid,
        contact: Option<TurnContact>,
        language: Option<Language>,
        now: DateTime<Utc>,
    ) -> ApiResult<MyTurnView> {
        let row = self.entry(queue_uid)?;
        if !matches!(row.status, QueueStatus::Waiting | QueueStatus::Allocated) {
            return Err(ApiError::Gone(
                "this visit has ended: nothing is left to tell",
            ));
        }
        let stored = contact.as_ref().map(|c| c.address().to_owned());
        self.sql.exec(
            "UPDATE entries SET notify = ?, language = COALESCE(?, language) WHERE queue_uid = ?",
            vec![
                stored.into(),
                language.map(|l| l.code().to_owned()).into(),
                text(queue_uid.as_str()),
            ],
        )?;
        if contact.is_some() {
            // Next in line: nobody ahead of them in any queue.
            let position = self.place(queue_uid)?.map(Standing::doctors_position);
            self.tell_if_due(queue_uid, position, now)?;
        }
        Ok(MyTurnView {
            queue_uid: queue_uid.clone(),
            notify: contact.as_ref().map(TurnContactView::from),
        })
    }

    /// After a change that moved the queue: the patient now first in line
    /// and any patient just taken by a doctor are told, if they asked.
    pub(super) fn tell_turns(&self, snap: &Snapshot, now: DateTime<Utc>) -> ApiResult<()> {
        // Two indexed reads, never a scan of the entries' history: the
        // allocated entries still owed (by status), and the first waiting
        // one (by uid).
        let mut owed: Vec<Contacted> = self
            .sql
            .exec(
                "SELECT queue_uid, status, notify, language, told_next, told_ready FROM entries
                 WHERE status = 'allocated' AND told_ready = 0 AND notify IS NOT NULL",
                None,
            )?
            .to_array()?;
        if let Some(first) = snap.waiting.first() {
            let waiting: Vec<Contacted> = self
                .sql
                .exec(
                    "SELECT queue_uid, status, notify, language, told_next, told_ready FROM entries
                     WHERE queue_uid = ? AND status = 'waiting' AND told_next = 0 AND notify IS NOT NULL",
                    vec![text(first.queue_uid.as_str())],
                )?
                .to_array()?;
            owed.extend(waiting);
        }
        for row in owed {
            let position = snap
                .waiting
                .first()
                .and_then(|w| (w.queue_uid == row.queue_uid).then_some(1));
            self.tell(&row, position, now)?;
        }
        Ok(())
    }

    fn tell_if_due(
        &self,
        queue_uid: &QueueUid,
        position: Option<u32>,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let rows: Vec<Contacted> = self
            .sql
            .exec(
                "SELECT queue_uid, status, notify, language, told_next, told_ready FROM entries
                 WHERE queue_uid = ? AND notify IS NOT NULL",
                vec![text(queue_uid.as_str())],
            )?
            .to_array()?;
        for row in rows {
            self.tell(&row, position, now)?;
        }
        Ok(())
    }

    fn tell(&self, row: &Contacted, position: Option<u32>, now: DateTime<Utc>) -> ApiResult<()> {
        let told = Told {
            next_in_line: row.told_next != 0,
            doctor_ready: row.told_ready != 0,
        };
        let Some(event) = turn::due(row.status, position, told) else {
            return Ok(());
        };
        let contact = TurnContact::parse(&row.notify)
            .map_err(|_| ApiError::Internal("a stored contact does not read".into()))?;
        let column = match event {
            // Told the doctor is ready, a patient is past "next" too.
            TurnEvent::DoctorReady => "told_ready = 1, told_next = 1",
            TurnEvent::NextInLine => "told_next = 1",
        };
        self.sql.exec(
            &format!("UPDATE entries SET {column} WHERE queue_uid = ?"),
            vec![text(row.queue_uid.as_str())],
        )?;
        let (subject, body) = event.message(row.language.unwrap_or_default());
        let message = TurnMessage {
            message_id: format!("turn:{}:{}", row.queue_uid.as_str(), event.as_str()),
            event_id: format!("evt_{}", BASE32_DNSSEC.encode(&entropy::<16>())),
            org: self.org()?.to_string(),
            channel: contact.channel().to_owned(),
            recipient: format!("queue:{}", row.queue_uid.as_str()),
            address: contact.address().to_owned(),
            subject: subject.to_owned(),
            body: body.to_owned(),
        };
        self.sql.exec(
            "INSERT INTO outbox (kind, payload, created_at) VALUES ('message', ?, ?)",
            vec![text(&serde_json::to_string(&message)?), ms(now)],
        )?;
        Ok(())
    }
}
