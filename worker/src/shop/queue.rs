//! The waiting room in the shop: registration, allocation, completion,
//! presence, and the patients' watch sockets.

use chrono::{DateTime, Duration, Utc};
use frontdesk_core::estimate::{average_consultation, estimated_wait_minutes, ROLLING_WINDOW};
use frontdesk_core::ids::{DoctorUid, PatientProfileUid, QueueUid, ShopUid, VideoRoomId};
use frontdesk_core::queue::{next_for_doctor, position, QueueStatus, Waiting};
use frontdesk_core::wire::EntryView;
use serde::Deserialize;
use serde_json::json;
use worker::{Request, Response, SqlStorageValue, WebSocket, WebSocketPair};

use super::{ms, text, time, Shop};
use crate::ambient::{entropy, now};
use crate::directory::timestamp;
use crate::edge::json;
use crate::error::{ApiError, ApiResult};

const ENTRY_COLUMNS: &str =
    "queue_uid, patient_profile_uid, preferred_doctor_uid, visit_reason, status, \
     registered_at, video_room_id, allocated_at, doctor_uid";

#[derive(Deserialize)]
pub(super) struct EntryRow {
    queue_uid: String,
    patient_profile_uid: String,
    preferred_doctor_uid: Option<String>,
    visit_reason: Option<String>,
    status: String,
    registered_at: f64,
    video_room_id: Option<String>,
    allocated_at: Option<f64>,
    /// Who took the patient, once allocated.
    doctor_uid: Option<String>,
}

impl EntryRow {
    pub(super) fn status(&self) -> ApiResult<QueueStatus> {
        QueueStatus::parse(&self.status)
            .ok_or_else(|| ApiError::Internal("stored status is unknown".into()))
    }
}

/// Everything a position or estimate depends on, read in one go.
pub(super) struct Snapshot {
    pub(super) waiting: Vec<Waiting>,
    pub(super) online: Vec<DoctorUid>,
    pub(super) average: Duration,
}

impl Shop {
    pub(super) fn register(
        &self,
        shop: &ShopUid,
        patient: &PatientProfileUid,
        preferred: Option<&DoctorUid>,
        reason: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> ApiResult<Response> {
        let now = now();
        let fingerprint = json!([
            "register",
            patient.as_str(),
            preferred.map(DoctorUid::as_str),
            reason
        ])
        .to_string();
        if let Some(key) = idempotency_key {
            if let Some(body) = self.remembered(key, &fingerprint, now)? {
                return json(201, &body);
            }
        }
        let queue_uid = self.insert_entry(shop, patient, preferred, reason, now)?;
        let snap = self.snapshot()?;
        let position = position(&snap.waiting, &queue_uid)
            .ok_or_else(|| ApiError::Internal("new entry is not waiting".into()))?;
        let body = json!({
            "queue_uid": queue_uid,
            "position": position,
            "estimated_wait_minutes": estimated_wait_minutes(position, snap.online.len(), snap.average),
        });
        if let Some(key) = idempotency_key {
            self.remember(key, &fingerprint, &body, now)?;
        }
        self.broadcast(&snap);
        json(201, &body)
    }

    /// Adds a waiting patient at the end of the queue. Watchers are told by
    /// the caller, once its whole change is written.
    pub(super) fn insert_entry(
        &self,
        shop: &ShopUid,
        patient: &PatientProfileUid,
        preferred: Option<&DoctorUid>,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> ApiResult<QueueUid> {
        let queue_uid = QueueUid::new(shop, &entropy());
        self.sql.exec(
            "INSERT INTO entries (queue_uid, patient_profile_uid, preferred_doctor_uid, visit_reason, status, registered_at)
             VALUES (?, ?, ?, ?, 'waiting', ?)",
            vec![
                text(queue_uid.as_str()),
                text(patient.as_str()),
                preferred.map(|d| d.as_str().to_owned()).into(),
                reason.map(str::to_owned).into(),
                ms(now),
            ],
        )?;
        self.emit_entry(
            "WAITING_ROOM_REGISTERED",
            &queue_uid,
            patient.as_str(),
            None,
            now,
        )?;
        Ok(queue_uid)
    }

    /// Publishes a waiting-room event: ids and times, no visit reason.
    fn emit_entry(
        &self,
        kind: &str,
        queue_uid: &QueueUid,
        patient: &str,
        doctor: Option<&str>,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.emit(
            kind,
            json!({
                "queue_uid": queue_uid,
                "shop_uid": queue_uid.shop(),
                "patient_profile_uid": patient,
                "doctor_uid": doctor,
            }),
            now,
        )
    }

    pub(super) fn cancel_registration(&self, queue_uid: &QueueUid) -> ApiResult<Response> {
        let row = self.entry(queue_uid)?;
        self.cancel_entry(queue_uid, &row, now())?;
        self.broadcast(&self.snapshot()?);
        json(200, &json!({ "message": "Registration cancelled" }))
    }

    /// Cancels an entry and announces it; the caller broadcasts.
    pub(super) fn cancel_entry(
        &self,
        queue_uid: &QueueUid,
        row: &EntryRow,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let next = row.status()?.cancel()?;
        self.sql.exec(
            "UPDATE entries SET status = ?, cancelled_at = ? WHERE queue_uid = ?",
            vec![text(next.as_str()), ms(now), text(queue_uid.as_str())],
        )?;
        self.emit_entry(
            "WAITING_ROOM_CANCELLED",
            queue_uid,
            &row.patient_profile_uid,
            None,
            now,
        )
    }

    /// Ends a consultation; a checked-in appointment it was for is
    /// completed with it, in the same step.
    pub(super) fn complete_consultation(&self, queue_uid: &QueueUid) -> ApiResult<Response> {
        let row = self.entry(queue_uid)?;
        let next = row.status()?.complete()?;
        let now = now();
        self.sql.exec(
            "UPDATE entries SET status = ?, completed_at = ? WHERE queue_uid = ?",
            vec![text(next.as_str()), ms(now), text(queue_uid.as_str())],
        )?;
        self.emit_entry(
            "WAITING_ROOM_COMPLETED",
            queue_uid,
            &row.patient_profile_uid,
            row.doctor_uid.as_deref(),
            now,
        )?;
        self.complete_checked_in(queue_uid, now)?;
        let snap = self.snapshot()?;
        self.broadcast(&snap);
        json(200, &self.view(&self.entry(queue_uid)?, &snap)?)
    }

    pub(super) fn allocate(
        &self,
        doctor: &DoctorUid,
        room: &VideoRoomId,
        actor: &str,
    ) -> ApiResult<Response> {
        let now = now();
        #[derive(Deserialize)]
        struct Busy {
            queue_uid: String,
        }
        let busy: Vec<Busy> = self
            .sql
            .exec(
                "SELECT queue_uid FROM entries WHERE status = 'allocated' AND doctor_uid = ? LIMIT 1",
                vec![text(doctor.as_str())],
            )?
            .to_array()?;
        if let Some(busy) = busy.first() {
            return Err(ApiError::conflict(
                "doctor_busy",
                format!(
                    "this doctor is still in consultation {}; complete it first",
                    busy.queue_uid
                ),
            ));
        }
        // Taking a patient means being at the desk.
        self.upsert_presence(doctor, true, now)?;
        let snap = self.snapshot()?;
        let policy = self.config()?.policy;
        let Some(next) = next_for_doctor(&snap.waiting, doctor, &snap.online, &policy, now) else {
            return Ok(Response::empty()?.with_status(204));
        };
        let queue_uid = next.queue_uid.clone();
        self.sql.exec(
            "UPDATE entries SET status = 'allocated', doctor_uid = ?, video_room_id = ?, allocated_at = ?
             WHERE queue_uid = ? AND status = 'waiting'",
            vec![text(doctor.as_str()), text(room.as_str()), ms(now), text(queue_uid.as_str())],
        )?;
        let snap = self.snapshot()?;
        self.broadcast(&snap);
        let row = self.entry(&queue_uid)?;
        self.emit_entry(
            "WAITING_ROOM_ALLOCATED",
            &queue_uid,
            &row.patient_profile_uid,
            Some(doctor.as_str()),
            now,
        )?;
        self.audit(actor, "waiting_room.allocated", queue_uid.as_str(), now)?;
        let view = self.view(&row, &snap)?;
        json(
            200,
            &json!({
                "queue_uid": view.queue_uid,
                "status": view.status,
                "patient_profile_uid": row.patient_profile_uid,
                "visit_reason": row.visit_reason,
                "doctor_uid": doctor,
                "video_room_id": view.video_room_id,
                "join_url": view.join_url,
                "allocated_at": view.allocated_at,
            }),
        )
    }

    pub(super) fn set_presence(&self, doctor: &DoctorUid, online: bool) -> ApiResult<Response> {
        self.upsert_presence(doctor, online, now())?;
        let snap = self.snapshot()?;
        self.broadcast(&snap);
        json(
            200,
            &json!({ "doctor_uid": doctor, "online": online, "doctors_online": snap.online.len() }),
        )
    }

    fn upsert_presence(
        &self,
        doctor: &DoctorUid,
        online: bool,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO presence (doctor_uid, online, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (doctor_uid) DO UPDATE SET online = excluded.online, updated_at = excluded.updated_at",
            vec![text(doctor.as_str()), SqlStorageValue::from(online as i64), ms(now)],
        )?;
        Ok(())
    }

    pub(super) fn entry(&self, queue_uid: &QueueUid) -> ApiResult<EntryRow> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                &format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE queue_uid = ?"),
                vec![text(queue_uid.as_str())],
            )?
            .to_array()?;
        rows.into_iter()
            .next()
            .ok_or_else(|| ApiError::not_found("registration"))
    }

    pub(super) fn snapshot(&self) -> ApiResult<Snapshot> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE status = 'waiting' ORDER BY seq"
                ),
                None,
            )?
            .to_array()?;
        let waiting = rows
            .into_iter()
            .filter_map(|r| {
                Some(Waiting {
                    queue_uid: QueueUid::parse(&r.queue_uid).ok()?,
                    preferred_doctor: r
                        .preferred_doctor_uid
                        .and_then(|d| DoctorUid::parse(&d).ok()),
                    registered_at: time(r.registered_at),
                })
            })
            .collect();
        #[derive(Deserialize)]
        struct Online {
            doctor_uid: String,
        }
        let online: Vec<Online> = self
            .sql
            .exec("SELECT doctor_uid FROM presence WHERE online = 1", None)?
            .to_array()?;
        #[derive(Deserialize)]
        struct Consultation {
            minutes_ms: f64,
        }
        let recent: Vec<Consultation> = self
            .sql
            .exec(
                "SELECT completed_at - allocated_at AS minutes_ms FROM entries
                 WHERE completed_at IS NOT NULL ORDER BY completed_at DESC LIMIT ?",
                vec![SqlStorageValue::from(ROLLING_WINDOW as i64)],
            )?
            .to_array()?;
        let recent: Vec<Duration> = recent
            .iter()
            .map(|c| Duration::milliseconds(c.minutes_ms as i64))
            .collect();
        Ok(Snapshot {
            waiting,
            online: online
                .into_iter()
                .filter_map(|o| DoctorUid::parse(&o.doctor_uid).ok())
                .collect(),
            average: average_consultation(&recent, self.config()?.default_consultation),
        })
    }

    pub(super) fn view(&self, row: &EntryRow, snap: &Snapshot) -> ApiResult<EntryView> {
        let queue_uid = QueueUid::parse(&row.queue_uid)
            .map_err(|_| ApiError::Internal("stored queue uid is malformed".into()))?;
        let status = row.status()?;
        let position = match status {
            QueueStatus::Waiting => position(&snap.waiting, &queue_uid),
            _ => None,
        };
        let join_url = match (status, &row.video_room_id) {
            (QueueStatus::Allocated, Some(room)) => {
                Some(format!("{}/{room}", self.config()?.jitsi_base_url))
            }
            _ => None,
        };
        Ok(EntryView {
            queue_uid,
            status,
            position,
            estimated_wait_minutes: position
                .map(|p| estimated_wait_minutes(p, snap.online.len(), snap.average)),
            video_room_id: row.video_room_id.clone(),
            allocated_at: row.allocated_at.map(|t| timestamp(time(t))),
            join_url,
        })
    }

    pub(super) fn accept_watcher(&self, req: &Request) -> ApiResult<Response> {
        let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
        if !upgrade.eq_ignore_ascii_case("websocket") {
            return Err(ApiError::BadRequest {
                code: "websocket_expected",
                field: None,
                message: "this endpoint only accepts a WebSocket upgrade".into(),
            });
        }
        let url = req.url()?;
        let queue_uid = url
            .query_pairs()
            .find(|(k, _)| k == "q")
            .and_then(|(_, v)| QueueUid::parse(&v).ok())
            .ok_or_else(|| ApiError::not_found("registration"))?;
        // Refuse watchers of entries this shop never had.
        self.entry(&queue_uid)?;
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[queue_uid.as_str()]);
        self.push_to(&pair.server, &self.snapshot()?)?;
        Ok(Response::from_websocket(pair.client)?)
    }

    /// Sends one watcher its entry's current view.
    pub(super) fn push_to(&self, ws: &WebSocket, snap: &Snapshot) -> ApiResult<()> {
        let tags = self.state.get_tags(ws);
        let Some(uid) = tags.first().and_then(|t| QueueUid::parse(t).ok()) else {
            return Ok(());
        };
        let view = self.view(&self.entry(&uid)?, snap)?;
        let mut message = serde_json::to_value(&view)?;
        message["type"] = json!("entry");
        ws.send_with_str(message.to_string())?;
        Ok(())
    }

    /// Pushes every watcher its entry's view after a change. A failed send
    /// means that socket is closing; the others still get theirs.
    pub(super) fn broadcast(&self, snap: &Snapshot) {
        for ws in self.state.get_websockets() {
            if let Err(e) = self.push_to(&ws, snap) {
                worker::console_warn!("watch push failed: {e:?}");
            }
        }
    }
}
