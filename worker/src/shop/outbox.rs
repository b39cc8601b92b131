//! The outbox: every change writes what leaves the shop here, in the same
//! storage unit as the change: the appointment's new state for the D1 read
//! model, and the events for webhooks and reminders. Delivery to D1 is
//! retried (by the alarm) until it is acknowledged; the read model's version
//! check and the events' ids make replays harmless.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use data_encoding::BASE32_DNSSEC;

use super::turn::TurnMessage;
use super::{ms, text, Shop};
use crate::ambient::entropy;
use crate::error::ApiResult;
use crate::repo::appointments::{self, ProjectedAppointment};
use crate::repo::audit::{self, Deferred};
use crate::repo::{messages, Db};
use frontdesk_core::view::events::Event;

/// How many changes one delivery carries.
const BATCH: i64 = 50;

impl Shop {
    pub(super) fn enqueue_projection(
        &self,
        row: &ProjectedAppointment,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO outbox (kind, payload, created_at) VALUES ('appointment', ?, ?)",
            vec![text(&serde_json::to_string(row)?), ms(now)],
        )?;
        Ok(())
    }

    /// An audit row for an action of the shop's (an allocation, a read of
    /// an appointment), kept with the action and delivered to D1's audit
    /// log by the outbox, so the action never waits for D1.
    pub(super) fn audit(
        &self,
        actor: &str,
        action: &str,
        target: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let row = Deferred {
            source_id: format!("aud_{}", BASE32_DNSSEC.encode(&entropy::<16>())),
            org_uid: self.org()?.to_string(),
            at: frontdesk_core::time::timestamp(now),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.to_owned(),
            outcome: "ok".to_owned(),
        };
        self.sql.exec(
            "INSERT INTO outbox (kind, payload, created_at) VALUES ('audit', ?, ?)",
            vec![text(&serde_json::to_string(&row)?), ms(now)],
        )?;
        Ok(())
    }

    /// Delivers pending changes; true when the outbox is empty afterwards.
    pub(super) async fn flush_outbox(&self, now: DateTime<Utc>) -> bool {
        match self.deliver(now).await {
            Ok(empty) => empty,
            Err(e) => {
                worker::console_warn!("outbox delivery failed, will retry: {e:?}");
                false
            }
        }
    }

    /// "My turn" messages join the organisation's message log, addressed,
    /// and its notifier is woken to send them.
    async fn queue_turn_messages(
        &self,
        db: &Db,
        turns: &[TurnMessage],
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        if turns.is_empty() {
            return Ok(());
        }
        let statements = turns
            .iter()
            .map(|t| {
                messages::queue_addressed(
                    db,
                    &t.message_id,
                    &messages::NewMessage {
                        event_id: &t.event_id,
                        org: &t.org,
                        channel: &t.channel,
                        recipient: &t.recipient,
                        subject: Some(&t.subject),
                        body: &t.body,
                        attachments: None,
                    },
                    &t.address,
                    now,
                )
            })
            .collect::<ApiResult<Vec<_>>>()?;
        db.commit(statements).await?;
        crate::notifier::kick(&self.env, &self.org()?).await
    }

    async fn deliver(&self, now: DateTime<Utc>) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Pending {
            seq: f64,
            kind: String,
            payload: String,
        }
        loop {
            let pending: Vec<Pending> = self
                .sql
                .exec(
                    "SELECT seq, kind, payload FROM outbox ORDER BY seq LIMIT ?",
                    vec![BATCH.into()],
                )?
                .to_array()?;
            let Some(last) = pending.last().map(|p| p.seq) else {
                return Ok(true);
            };
            let mut projections = Vec::new();
            let mut events = Vec::new();
            let mut audits = Vec::new();
            let mut turns = Vec::new();
            for p in &pending {
                match p.kind.as_str() {
                    "appointment" => {
                        projections.push(serde_json::from_str::<ProjectedAppointment>(&p.payload)?)
                    }
                    "audit" => audits.push(serde_json::from_str::<Deferred>(&p.payload)?),
                    "message" => turns.push(serde_json::from_str::<TurnMessage>(&p.payload)?),
                    _ => events.push(serde_json::from_str::<Event>(&p.payload)?),
                }
            }
            let db = Db::new(&self.env)?;
            appointments::project(&db, &projections).await?;
            crate::publish::record(&self.env, &db, &events, now).await?;
            audit::record_deferred(&db, &audits).await?;
            self.queue_turn_messages(&db, &turns, now).await?;
            // Rows are read lowest first, so everything up to `last` was in
            // this batch; rows written meanwhile have higher numbers.
            self.sql.exec(
                "DELETE FROM outbox WHERE seq <= ?",
                vec![(last as i64).into()],
            )?;
        }
    }
}
