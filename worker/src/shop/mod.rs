//! The Shop Durable Object: one per organisation and shop, named
//! `"{org_uid}/{shop_uid}"`, the source of truth for that shop's waiting room
//! and its doctors' calendars.
//!
//! The object serialises every change, so allocation and booking need no
//! locks: each handler decides and writes to its SQLite storage with no
//! `await` in between, which the runtime commits as one atomic unit. Only
//! after that does it talk to the outside (the D1 read model), and a failure
//! there loses nothing: changes leave through the outbox, written in the same
//! unit, and are retried by the alarm. The object keeps nothing in memory
//! that it cannot rebuild from storage, so it may be evicted at any moment;
//! patients' WebSockets use the hibernation API and carry their queue uid as
//! a tag, which survives eviction too.
//!
//! ## Layout
//! - this file: the object, the [`Command`]s the worker sends, idempotency,
//!   the alarm, and the functions that reach the object.
//! - `migrations.rs`: the storage schema, as numbered migrations.
//! - `queue.rs`: the waiting room and its watchers.
//! - `calendar.rs`: availability, slots and appointments.
//! - `events.rs`: the events the shop publishes, and reminders.
//! - `outbox.rs`: delivering projections and events to D1.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::availability::Availability;
use frontdesk_core::calendar::rules::TypeRules;
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::Cell;
use worker::wasm_bindgen::JsValue;
use worker::{
    durable_object, DurableObject, Env, Headers, Method, Request, RequestInit, Response, Result,
    SqlStorage, SqlStorageValue, State, WebSocket, WebSocketIncomingMessage,
};

use crate::ambient::now;
use crate::config::Config;
use crate::edge::json;
use crate::error::{ApiError, ApiResult, ErrorCode};

mod calendar;
mod events;
mod migrations;
mod outbox;
mod queue;
mod transaction;

/// What the worker asks of a shop. Values are already parsed and authorised;
/// `actor` is the acting API key's id, for the appointment history.
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
    CancelRegistration {
        queue_uid: QueueUid,
    },
    CompleteConsultation {
        queue_uid: QueueUid,
    },
    Allocate {
        doctor_uid: DoctorUid,
        video_room_id: VideoRoomId,
        actor: String,
    },
    Presence {
        doctor_uid: DoctorUid,
        online: bool,
    },
    SetAvailability {
        doctor_uid: DoctorUid,
        availability: Availability,
    },
    GetAvailability {
        doctor_uid: DoctorUid,
    },
    Slots {
        doctors: Vec<DoctorUid>,
        rules: TypeRules,
        time_zone: String,
        start_date: NaiveDate,
        end_date: NaiveDate,
    },
    Book(Box<Booking>),
    GetAppointment {
        appointment_uid: AppointmentUid,
        /// Set for a booking token's holder: other patients' are not found.
        owner: Option<PatientProfileUid>,
        actor: String,
    },
    Confirm {
        appointment_uid: AppointmentUid,
        actor: String,
    },
    Cancel {
        appointment_uid: AppointmentUid,
        reason: String,
        /// Patients and partners need the type's notice; admins do not.
        by_patient: bool,
        owner: Option<PatientProfileUid>,
        actor: String,
    },
    Rebook {
        appointment_uid: AppointmentUid,
        start: DateTime<Utc>,
        /// Another doctor of this shop and their room, or the same doctor.
        doctor: Option<(DoctorUid, VideoRoomId)>,
        time_zone: String,
        owner: Option<PatientProfileUid>,
        actor: String,
    },
    CheckIn {
        appointment_uid: AppointmentUid,
        actor: String,
    },
    CompleteAppointment {
        appointment_uid: AppointmentUid,
        actor: String,
    },
    NoShow {
        appointment_uid: AppointmentUid,
        actor: String,
    },
    /// The cron's call: publish the reminders that have fallen due.
    RunReminders,
}

/// A hold or booking, with everything the shop needs to decide it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Booking {
    pub org_uid: OrgUid,
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
    pub video_room_id: VideoRoomId,
    pub appointment_type_uid: AppointmentTypeUid,
    pub patient_profile_uid: PatientProfileUid,
    pub payment_mode: PaymentMode,
    pub rules: TypeRules,
    pub time_zone: String,
    pub start: DateTime<Utc>,
    pub confirm: bool,
    pub idempotency_key: Option<String>,
    pub actor: String,
}

impl Command {
    /// Reads change nothing and need no outbox flush afterwards.
    /// (A slot search may expire lapsed holds, so it is not one.)
    fn is_read(&self) -> bool {
        matches!(
            self,
            Command::Status { .. }
                | Command::GetAvailability { .. }
                | Command::GetAppointment { .. }
        )
    }

    /// Reads that leave an audit row in the outbox: the alarm delivers it
    /// soon after, so the read itself never waits for D1.
    fn is_audited_read(&self) -> bool {
        matches!(self, Command::GetAppointment { .. })
    }
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
    // The object learns its organisation from the worker, for its events.
    headers.set(ORG_HEADER, org.as_str())?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(command)?)));
    let req = Request::new_with_init("https://shop/command", &init)?;
    Ok(stub(env, org, shop)?.fetch_with_request(req).await?)
}

/// Forwards a patient's WebSocket upgrade for one queue entry. `origin` is
/// where the patient reached us, for the visit link the socket will carry.
pub async fn watch(
    env: &Env,
    org: &OrgUid,
    queue_uid: &QueueUid,
    upgrade: &Request,
    origin: &str,
) -> ApiResult<Response> {
    let mut init = RequestInit::new();
    init.with_method(Method::Get)
        .with_headers(upgrade.headers().clone());
    let mut url = worker::Url::parse("https://shop/watch")
        .map_err(|e| ApiError::Internal(format!("watch url: {e}")))?;
    url.query_pairs_mut()
        .append_pair("q", queue_uid.as_str())
        .append_pair("org", org.as_str())
        .append_pair("origin", origin);
    let req = Request::new_with_init(url.as_str(), &init)?;
    Ok(stub(env, org, &queue_uid.shop())?
        .fetch_with_request(req)
        .await?)
}

/// Carries the organisation's uid on every internal request.
pub(crate) const ORG_HEADER: &str = "X-Frontdesk-Org";

/// How long an `Idempotency-Key` is remembered.
const IDEMPOTENCY_WINDOW_HOURS: i64 = 24;

/// How soon a failed outbox delivery is retried.
const OUTBOX_RETRY_SECONDS: i64 = 5;

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

fn parse_tz(name: &str) -> ApiResult<Tz> {
    name.parse()
        .map_err(|_| ApiError::Internal("stored time zone is not an IANA zone".into()))
}

#[durable_object]
pub struct Shop {
    state: State,
    env: Env,
    sql: SqlStorage,
    /// This instance found its storage at the latest schema version. The
    /// one thing kept in memory, and only as a shortcut: a new instance
    /// checks again.
    migrated: Cell<bool>,
}

impl DurableObject for Shop {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Shop {
            state,
            env,
            sql,
            migrated: Cell::new(false),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        if let Err(e) = self.ready(now()) {
            return Ok(e.into_response());
        }
        let outcome = match req.path().as_str() {
            "/command" => {
                let command = match self.remember_org(&req) {
                    Ok(()) => req
                        .json::<Command>()
                        .await
                        .map_err(|e| ApiError::Internal(format!("bad internal command: {e}"))),
                    Err(e) => Err(e),
                };
                match command {
                    Ok(command) => {
                        let read = command.is_read();
                        let audited_read = command.is_audited_read();
                        let outcome = if read || matches!(command, Command::RunReminders) {
                            // (A reminder run makes one transaction per
                            // appointment, so one bad row holds up no other.)
                            let outcome = self.handle(command);
                            if audited_read {
                                if let Err(e) = self.schedule_alarm(false).await {
                                    worker::console_error!("scheduling the shop alarm: {e:?}");
                                }
                            }
                            outcome
                        } else {
                            transaction::all_or_nothing(&self.state.storage(), || {
                                self.handle(command)
                            })
                        };
                        if !read {
                            self.after_change().await;
                        }
                        outcome
                    }
                    Err(e) => Err(e),
                }
            }
            "/watch" => self.accept_watcher(&req),
            _ => Err(ApiError::not_found("route")),
        };
        Ok(outcome.unwrap_or_else(ApiError::into_response))
    }

    /// Expires holds whose time has come, delivers the outbox, and sets the
    /// next alarm. Holds expire here, on time, with no request involved.
    async fn alarm(&self) -> Result<Response> {
        if let Err(e) = self.ready(now()) {
            // Failing the alarm has the runtime retry it, with backoff.
            e.log();
            return Err(worker::Error::RustError(
                "shop storage is not migrated".into(),
            ));
        }
        let storage = self.state.storage();
        if let Err(e) = transaction::all_or_nothing(&storage, || self.expire_lapsed_holds(now())) {
            worker::console_error!("expiring holds: {e:?}");
        }
        self.after_change().await;
        Response::ok("done")
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        _message: WebSocketIncomingMessage,
    ) -> Result<()> {
        if let Err(e) = self.ready(now()) {
            e.log();
            self.close_watcher(
                &ws,
                frontdesk_core::watch::CLOSE_UNAVAILABLE,
                "storage unavailable",
            );
            return Ok(());
        }
        self.on_watcher_message(&ws);
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
    fn config(&self) -> ApiResult<std::rc::Rc<Config>> {
        Config::get(&self.env)
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
            Command::CancelRegistration { queue_uid } => self.cancel_registration(&queue_uid),
            Command::CompleteConsultation { queue_uid } => self.complete_consultation(&queue_uid),
            Command::Allocate {
                doctor_uid,
                video_room_id,
                actor,
            } => self.allocate(&doctor_uid, &video_room_id, &actor),
            Command::Presence { doctor_uid, online } => self.set_presence(&doctor_uid, online),
            Command::SetAvailability {
                doctor_uid,
                availability,
            } => self.set_availability(&doctor_uid, &availability),
            Command::GetAvailability { doctor_uid } => {
                json(200, &self.availability_view(&doctor_uid)?)
            }
            Command::Slots {
                doctors,
                rules,
                time_zone,
                start_date,
                end_date,
            } => self.slots(
                &doctors,
                &rules,
                parse_tz(&time_zone)?,
                start_date,
                end_date,
            ),
            Command::Book(booking) => self.book(&booking),
            Command::GetAppointment {
                appointment_uid,
                owner,
                actor,
            } => self.appointment_detail(&appointment_uid, owner.as_ref(), &actor),
            Command::Confirm {
                appointment_uid,
                actor,
            } => self.confirm(&appointment_uid, &actor),
            Command::Cancel {
                appointment_uid,
                reason,
                by_patient,
                owner,
                actor,
            } => self.cancel(
                &appointment_uid,
                &reason,
                by_patient,
                owner.as_ref(),
                &actor,
            ),
            Command::Rebook {
                appointment_uid,
                start,
                doctor,
                time_zone,
                owner,
                actor,
            } => self.rebook(
                &appointment_uid,
                start,
                doctor,
                parse_tz(&time_zone)?,
                owner.as_ref(),
                &actor,
            ),
            Command::CheckIn {
                appointment_uid,
                actor,
            } => self.check_in(&appointment_uid, &actor),
            Command::CompleteAppointment {
                appointment_uid,
                actor,
            } => self.finish(&appointment_uid, &actor, true),
            Command::NoShow {
                appointment_uid,
                actor,
            } => self.finish(&appointment_uid, &actor, false),
            Command::RunReminders => self.run_reminders(),
        }
    }

    /// The response first given for `key`, if this request was seen before;
    /// the same key with a different request is a conflict.
    fn remembered(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<Option<Value>> {
        self.sql.exec(
            "DELETE FROM idempotency WHERE created_at < ?",
            vec![ms(now - chrono::Duration::hours(IDEMPOTENCY_WINDOW_HOURS))],
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
        match seen.first() {
            None => Ok(None),
            Some(seen) if seen.fingerprint == fingerprint => {
                Ok(Some(serde_json::from_str(&seen.body)?))
            }
            Some(_) => Err(ApiError::conflict(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request",
            )),
        }
    }

    fn remember(
        &self,
        key: &str,
        fingerprint: &str,
        body: &Value,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO idempotency (key, fingerprint, body, created_at) VALUES (?, ?, ?, ?)",
            vec![
                text(key),
                text(fingerprint),
                text(&body.to_string()),
                ms(now),
            ],
        )?;
        Ok(())
    }

    /// After a change: deliver the outbox, then set the alarm for the next
    /// hold expiry, or for a retry if delivery failed.
    async fn after_change(&self) {
        let delivered = self.flush_outbox().await;
        if let Err(e) = self.schedule_alarm(delivered).await {
            worker::console_error!("scheduling the shop alarm: {e:?}");
        }
    }

    async fn schedule_alarm(&self, outbox_delivered: bool) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Next {
            at: Option<f64>,
        }
        let next: Vec<Next> = self
            .sql
            .exec(
                "SELECT MIN(hold_expires_at) AS at FROM appointments WHERE status = 'held'",
                None,
            )?
            .to_array()?;
        let mut at = next.first().and_then(|n| n.at).map(time);
        if !outbox_delivered {
            let retry = now() + chrono::Duration::seconds(OUTBOX_RETRY_SECONDS);
            at = Some(at.map_or(retry, |t| t.min(retry)));
        }
        if let Some(at) = at {
            self.state.storage().set_alarm(at).await?;
        }
        Ok(())
    }
}
