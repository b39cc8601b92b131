//! The outbox: every appointment change writes the appointment's new state
//! here, in the same storage unit as the change, and it is delivered to the
//! D1 read model afterwards. Delivery is retried (by the alarm) until D1
//! acknowledges it; the read model's version check makes replays harmless.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{ms, text, Shop};
use crate::directory::{Directory, ProjectedAppointment};
use crate::error::ApiResult;

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

    /// Delivers pending changes; true when the outbox is empty afterwards.
    pub(super) async fn flush_outbox(&self) -> bool {
        match self.deliver().await {
            Ok(empty) => empty,
            Err(e) => {
                worker::console_warn!("outbox delivery failed, will retry: {e:?}");
                false
            }
        }
    }

    async fn deliver(&self) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Pending {
            seq: f64,
            payload: String,
        }
        loop {
            let pending: Vec<Pending> = self
                .sql
                .exec(
                    "SELECT seq, payload FROM outbox ORDER BY seq LIMIT ?",
                    vec![BATCH.into()],
                )?
                .to_array()?;
            let Some(last) = pending.last().map(|p| p.seq) else {
                return Ok(true);
            };
            let rows = pending
                .iter()
                .map(|p| serde_json::from_str(&p.payload))
                .collect::<Result<Vec<ProjectedAppointment>, _>>()?;
            Directory::new(&self.env)?
                .project_appointments(&rows)
                .await?;
            // Rows are read lowest first, so everything up to `last` was in
            // this batch; rows written meanwhile have higher numbers.
            self.sql.exec(
                "DELETE FROM outbox WHERE seq <= ?",
                vec![(last as i64).into()],
            )?;
        }
    }
}
