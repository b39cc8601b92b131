//! The Shop Durable Object: one per organisation and shop, named
//! `"{org_uid}/{shop_uid}"`, the source of truth for that shop's waiting room.
//!
//! The object serialises every change to its queue, so allocation needs no
//! locks: each handler reads and writes its SQLite storage with no `await`
//! in between, which the runtime commits as one atomic unit. It keeps nothing
//! in memory that it cannot rebuild from storage, so it may be evicted at any
//! moment; patients' WebSockets use the hibernation API and carry their queue
//! uid as a tag, which survives eviction too.
//!
//! The worker talks to it with internal requests (`POST /command` with a
//! [`Command`], `GET /watch` to upgrade) that carry identities already
//! checked at the edge; the object is unreachable from outside.

use chrono::{DateTime, Duration, TimeZone, Utc};
use frontdesk_core::estimate::{average_consultation, estimated_wait_minutes, ROLLING_WINDOW};
use frontdesk_core::ids::{DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid, VideoRoomId};
use frontdesk_core::queue::{next_for_doctor, position, QueueStatus, Waiting};
use frontdesk_core::wire::EntryView;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::wasm_bindgen::JsValue;
use worker::{
    durable_object, DurableObject, Env, Headers, Method, Request, RequestInit, Response, Result,
    SqlStorage, SqlStorageValue, State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
};

use crate::ambient::{entropy, now};
use crate::config::Config;
use crate::directory::timestamp;
use crate::edge::json;
use crate::error::{ApiError, ApiResult};

/// What the worker asks of a shop. Values are already parsed and authorised.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    Register {
        shop_uid: ShopUid,
        patient_profile_uid: PatientProfileUid,
        preferred_doctor_uid: Option<DoctorUid>,
        visit_reason: Option<String>,
        idempotency_key: Option<String>,
    },
    Status {
        queue_uid: QueueUid,
    },
    Cancel {
        queue_uid: QueueUid,
    },
    Complete {
        queue_uid: QueueUid,
    },
    Allocate {
        doctor_uid: DoctorUid,
        video_room_id: VideoRoomId,
    },
    Presence {
        doctor_uid: DoctorUid,
        online: bool,
    },
}

fn stub(env: &Env, org: &OrgUid, shop: &ShopUid) -> Result<worker::Stub> {
    env.durable_object("SHOP")?
        .id_from_name(&format!("{org}/{shop}"))?
        .get_stub()
}

/// Sends a command to the shop's object and returns its response as is.
pub async fn send(
    env: &Env,
    org: &OrgUid,
    shop: &ShopUid,
    command: &Command,
) -> ApiResult<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(command)?)));
    let req = Request::new_with_init("https://shop/command", &init)?;
    Ok(stub(env, org, shop)?.fetch_with_request(req).await?)
}

/// Forwards a patient's WebSocket upgrade for one queue entry.
pub async fn watch(
    env: &Env,
    org: &OrgUid,
    queue_uid: &QueueUid,
    upgrade: &Request,
) -> ApiResult<Response> {
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_headers(upgrade.headers().clone());
    let url = format!("https://shop/watch?q={queue_uid}");
    let req = Request::new_with_init(&url, &init)?;
    Ok(stub(env, org, &queue_uid.shop())?
        .fetch_with_request(req)
        .await?)
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_uid            TEXT NOT NULL UNIQUE,
    patient_profile_uid  TEXT NOT NULL,
    preferred_doctor_uid TEXT,
    visit_reason         TEXT,
    status               TEXT NOT NULL,
    registered_at        INTEGER NOT NULL,
    doctor_uid           TEXT,
    video_room_id        TEXT,
    allocated_at         INTEGER,
    completed_at         INTEGER,
    cancelled_at         INTEGER
);
CREATE INDEX IF NOT EXISTS entries_by_status ON entries (status, seq);
CREATE INDEX IF NOT EXISTS entries_by_completion ON entries (completed_at) WHERE completed_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS presence (
    doctor_uid  TEXT PRIMARY KEY,
    online      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key          TEXT PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
";

/// How long an `Idempotency-Key` is remembered.
const IDEMPOTENCY_WINDOW_HOURS: i64 = 24;

const ENTRY_COLUMNS: &str =
    "queue_uid, patient_profile_uid, preferred_doctor_uid, visit_reason, status, \
     registered_at, video_room_id, allocated_at";

#[derive(Deserialize)]
struct EntryRow {
    queue_uid: String,
    patient_profile_uid: String,
    preferred_doctor_uid: Option<String>,
    visit_reason: Option<String>,
    status: String,
    registered_at: f64,
    video_room_id: Option<String>,
    allocated_at: Option<f64>,
}

impl EntryRow {
    fn status(&self) -> ApiResult<QueueStatus> {
        QueueStatus::parse(&self.status)
            .ok_or_else(|| ApiError::Internal("stored status is unknown".into()))
    }
}

fn time(ms: f64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms as i64)
        .single()
        .unwrap_or_default()
}

fn ms(t: DateTime<Utc>) -> SqlStorageValue {
    SqlStorageValue::from(t.timestamp_millis())
}

fn text(s: &str) -> SqlStorageValue {
    SqlStorageValue::from(s)
}

/// Everything a position or estimate depends on, read in one go.
struct Snapshot {
    waiting: Vec<Waiting>,
    online: Vec<DoctorUid>,
    average: Duration,
}

#[durable_object]
pub struct Shop {
    state: State,
    env: Env,
    sql: SqlStorage,
}

impl DurableObject for Shop {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        if let Err(e) = sql.exec(SCHEMA, None) {
            worker::console_error!("shop schema: {e}");
        }
        Shop { state, env, sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let outcome = match req.path().as_str() {
            "/command" => match req.json::<Command>().await {
                Ok(command) => self.handle(command),
                Err(e) => Err(ApiError::Internal(format!("bad internal command: {e}"))),
            },
            "/watch" => self.accept_watcher(&req),
            _ => Err(ApiError::not_found("route")),
        };
        Ok(outcome.unwrap_or_else(ApiError::into_response))
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        _message: WebSocketIncomingMessage,
    ) -> Result<()> {
        // Any message is a request to resync: the page sends one after it
        // reconnects or wakes up, and gets its entry's current view.
        if let Err(e) = self.snapshot().and_then(|snap| self.push_to(&ws, &snap)) {
            worker::console_error!("watch resync: {e:?}");
        }
        Ok(())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        // Completing the closing handshake; the socket may already be gone.
        let _ = ws.close(Some(1000), Some("closed"));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }
}

impl Shop {
    fn config(&self) -> Config {
        Config::from_env(&self.env)
    }

    fn handle(&self, command: Command) -> ApiResult<Response> {
        match command {
            Command::Register {
                shop_uid,
                patient_profile_uid,
                preferred_doctor_uid,
                visit_reason,
                idempotency_key,
            } => self.register(
                &shop_uid,
                &patient_profile_uid,
                preferred_doctor_uid.as_ref(),
                visit_reason.as_deref(),
                idempotency_key.as_deref(),
            ),
            Command::Status { queue_uid } => {
                let row = self.entry(&queue_uid)?;
                json(200, &self.view(&row, &self.snapshot()?)?)
            }
            Command::Cancel { queue_uid } => self.cancel(&queue_uid),
            Command::Complete { queue_uid } => self.complete(&queue_uid),
            Command::Allocate {
                doctor_uid,
                video_room_id,
            } => self.allocate(&doctor_uid, &video_room_id),
            Command::Presence { doctor_uid, online } => self.set_presence(&doctor_uid, online),
        }
    }

    fn register(
        &self,
        shop: &ShopUid,
        patient: &PatientProfileUid,
        preferred: Option<&DoctorUid>,
        reason: Option<&str>,
        idempotency_key: Option<&str>,
    ) -> ApiResult<Response> {
        let now = now();
        let fingerprint =
            json!([patient.as_str(), preferred.map(DoctorUid::as_str), reason]).to_string();
        if let Some(key) = idempotency_key {
            self.sql.exec(
                "DELETE FROM idempotency WHERE created_at < ?",
                vec![ms(now - Duration::hours(IDEMPOTENCY_WINDOW_HOURS))],
            )?;
            #[derive(Deserialize)]
            struct Remembered {
                fingerprint: String,
                body: String,
            }
            let seen: Vec<Remembered> = self
                .sql
                .exec(
                    "SELECT fingerprint, body FROM idempotency WHERE key = ?",
                    vec![text(key)],
                )?
                .to_array()?;
            if let Some(seen) = seen.first() {
                if seen.fingerprint != fingerprint {
                    return Err(ApiError::conflict(
                        "idempotency_key_reused",
                        "this Idempotency-Key was used with a different request",
                    ));
                }
                let body: serde_json::Value = serde_json::from_str(&seen.body)?;
                return json(201, &body);
            }
        }

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
        let snap = self.snapshot()?;
        let position = position(&snap.waiting, &queue_uid)
            .ok_or_else(|| ApiError::Internal("new entry is not waiting".into()))?;
        let body = json!({
            "queue_uid": queue_uid,
            "position": position,
            "estimated_wait_minutes": estimated_wait_minutes(position, snap.online.len(), snap.average),
        });
        if let Some(key) = idempotency_key {
            self.sql.exec(
                "INSERT INTO idempotency (key, fingerprint, body, created_at) VALUES (?, ?, ?, ?)",
                vec![
                    text(key),
                    text(&fingerprint),
                    text(&body.to_string()),
                    ms(now),
                ],
            )?;
        }
        self.broadcast(&snap);
        json(201, &body)
    }

    fn cancel(&self, queue_uid: &QueueUid) -> ApiResult<Response> {
        let row = self.entry(queue_uid)?;
        let next = row.status()?.cancel()?;
        self.sql.exec(
            "UPDATE entries SET status = ?, cancelled_at = ? WHERE queue_uid = ?",
            vec![text(next.as_str()), ms(now()), text(queue_uid.as_str())],
        )?;
        self.broadcast(&self.snapshot()?);
        json(200, &json!({ "message": "Registration cancelled" }))
    }

    fn complete(&self, queue_uid: &QueueUid) -> ApiResult<Response> {
        let row = self.entry(queue_uid)?;
        let next = row.status()?.complete()?;
        self.sql.exec(
            "UPDATE entries SET status = ?, completed_at = ? WHERE queue_uid = ?",
            vec![text(next.as_str()), ms(now()), text(queue_uid.as_str())],
        )?;
        let snap = self.snapshot()?;
        self.broadcast(&snap);
        json(200, &self.view(&self.entry(queue_uid)?, &snap)?)
    }

    fn allocate(&self, doctor: &DoctorUid, room: &VideoRoomId) -> ApiResult<Response> {
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
        let policy = self.config().policy;
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

    fn set_presence(&self, doctor: &DoctorUid, online: bool) -> ApiResult<Response> {
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

    fn entry(&self, queue_uid: &QueueUid) -> ApiResult<EntryRow> {
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

    fn snapshot(&self) -> ApiResult<Snapshot> {
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
            average: average_consultation(&recent, self.config().default_consultation),
        })
    }

    fn view(&self, row: &EntryRow, snap: &Snapshot) -> ApiResult<EntryView> {
        let queue_uid = QueueUid::parse(&row.queue_uid)
            .map_err(|_| ApiError::Internal("stored queue uid is malformed".into()))?;
        let status = row.status()?;
        let position = match status {
            QueueStatus::Waiting => position(&snap.waiting, &queue_uid),
            _ => None,
        };
        let join_url = match (status, &row.video_room_id) {
            (QueueStatus::Allocated, Some(room)) => {
                Some(format!("{}/{room}", self.config().jitsi_base_url))
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

    fn accept_watcher(&self, req: &Request) -> ApiResult<Response> {
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
    fn push_to(&self, ws: &WebSocket, snap: &Snapshot) -> ApiResult<()> {
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
    fn broadcast(&self, snap: &Snapshot) {
        for ws in self.state.get_websockets() {
            if let Err(e) = self.push_to(&ws, snap) {
                worker::console_warn!("watch push failed: {e:?}");
            }
        }
    }
}
