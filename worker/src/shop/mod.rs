//! The Shop Durable Object: one per organisation and shop, named
//! `"{org_uid}/{shop_uid}"`, the source of truth for that shop's waiting room
//! and its doctors' calendars.
//!
//! The object serialises every change, so allocation and booking need no
//! locks: each handler decides and writes to its SQLite storage with no
//! `await` in between, which the runtime commits as one atomic unit. The
//! caller is answered as soon as that unit commits. What leaves the shop
//! (the D1 read model, the audit log, events for webhooks and reminders)
//! was written to the outbox in the same unit, and the object's alarm,
//! set for "now" by the change, delivers it afterwards in batches; a failed
//! delivery loses nothing and is retried by the alarm. The object keeps nothing in memory
//! that it cannot rebuild from storage, so it may be evicted at any moment;
//! patients' WebSockets use the hibernation API and carry their queue uid as
//! a tag, which survives eviction too.
//!
//! ## Layout
//! - this file: the object, its dispatch of requests, idempotency and the
//!   alarm.
//! - `client.rs`: the typed client: each request a type naming its reply,
//!   and [`Client`], which sends them.
//! - `migrations.rs`: the storage schema, as numbered migrations.
//! - `queue.rs`: the waiting room and its watchers.
//! - `calendar.rs`: availability, slots and appointments.
//! - `events.rs`: the events the shop publishes, and reminders.
//! - `outbox.rs`: delivering projections and events to D1.
//! - `turn.rs`: "tell me when it's my turn": the patients' contacts and
//!   the messages they are owed.

use chrono::{DateTime, TimeZone, Utc};
use frontdesk_core::zone::Zone as Tz;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use worker::{
    DurableObject, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State, WebSocket,
    WebSocketIncomingMessage,
};

use crate::ambient::now;
use crate::config::Config;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::object::{self, answer};

mod calendar;
mod client;
mod events;
mod migrations;
mod outbox;
mod queue;
mod transaction;
mod turn;

pub use client::{
    Allocate, Book, Cancel, CancelRegistration, CheckIn, Client, CompleteAppointment,
    CompleteConsultation, Confirm, GetAppointment, GetAvailability, GetWorkflow, MoveVisit, NoShow,
    Party, Placement, Presence, Rebook, Register, RunReminders, SetAvailability, SetTurnContact,
    SetWorkflow, ShopRequest, SlotSearch, Status, TakeIntake,
};
use client::{Kind, Op};

/// How long an `Idempotency-Key` is remembered.
const IDEMPOTENCY_WINDOW_HOURS: i64 = 24;

/// How soon a failed outbox delivery is retried.
const OUTBOX_RETRY_SECONDS: i64 = 5;

/// How long a change's outbox waits for the changes that follow it, so
/// that a busy shop delivers them to D1 in one batch rather than one by
/// one. It bounds how far the read model trails the shop (with the
/// delivery's own time).
const OUTBOX_GATHER_MS: i64 = 100;

/// When the alarm should next deliver the outbox, if it holds anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    /// Soon: a change has just committed ([`OUTBOX_GATHER_MS`]).
    Now,
    /// After [`OUTBOX_RETRY_SECONDS`]: delivery has just failed, and trying
    /// again at once would only fail again.
    Later,
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

fn parse_tz(name: &str) -> ApiResult<Tz> {
    name.parse()
        .map_err(|_| ApiError::Internal("stored time zone is not an IANA zone".into()))
}

#[cfg_attr(feature = "entry", worker::durable_object)]
pub struct Shop {
    state: State,
    env: Env,
    sql: SqlStorage,
    /// This instance found its storage at the latest schema version. The
    /// one thing kept in memory, and only as a shortcut: a new instance
    /// checks again.
    migrated: Cell<bool>,
    /// This instance has stored its organisation's uid: a shortcut that
    /// spares a write per request; a new instance stores it again.
    org_stored: Cell<bool>,
}

#[cfg(feature = "entry")]
impl DurableObject for Shop {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Shop {
            state,
            env,
            sql,
            migrated: Cell::new(false),
            org_stored: Cell::new(false),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        // The one reading of the clock this request makes.
        let now = now();
        let path = req.path();
        if path == "/watch" || path == "/live" {
            // A socket upgrade, forwarded as it is: answered in HTTP.
            let accepted = self.ready(now).and_then(|()| match path.as_str() {
                "/watch" => self.accept_watcher(&req, now),
                _ => self.accept_staff(&req, now),
            });
            return Ok(accepted.unwrap_or_else(ApiError::into_response));
        }
        let reply = match (self.ready(now), Op::from_path(&path)) {
            (Err(e), _) => Err(e),
            (Ok(()), None) => Err(ApiError::not_found("route")),
            (Ok(()), Some(op)) => match self.remember_org(&req) {
                Ok(()) => match req.text().await {
                    Ok(body) => self.run(op, &body, now).await,
                    Err(e) => Err(e.into()),
                },
                Err(e) => Err(e),
            },
        };
        object::reply(reply)
    }

    /// Expires holds whose time has come, delivers the outbox, and sets the
    /// next alarm. Holds expire here, on time, with no request involved.
    async fn alarm(&self) -> Result<Response> {
        let now = now();
        if let Err(e) = self.ready(now) {
            // Failing the alarm has the runtime retry it, with backoff.
            e.log();
            return Err(worker::Error::RustError(
                "shop storage is not migrated".into(),
            ));
        }
        let storage = self.state.storage();
        if let Err(e) = transaction::all_or_nothing(&storage, || self.expire_lapsed_holds(now)) {
            worker::console_error!("expiring holds: {e:?}");
        }
        let delivery = if self.flush_outbox(now).await {
            Delivery::Now
        } else {
            Delivery::Later
        };
        self.set_alarm_or_log(delivery, now).await;
        Response::ok("done")
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        _message: WebSocketIncomingMessage,
    ) -> Result<()> {
        let now = now();
        if let Err(e) = self.ready(now) {
            e.log();
            self.close_watcher(
                &ws,
                frontdesk_core::watch::CLOSE_UNAVAILABLE,
                "storage unavailable",
            );
            return Ok(());
        }
        self.on_watcher_message(&ws, now);
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

/// How an appointment that happened (or did not) ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    Attended,
    NoShow,
}

impl Shop {
    fn config(&self) -> ApiResult<std::rc::Rc<Config>> {
        Config::get(&self.env)
    }

    /// Runs one request as its kind asks and returns the reply as JSON.
    /// Whatever it left in the outbox is delivered by the alarm, after the
    /// answer: the caller never waits for D1.
    async fn run(&self, op: Op, body: &str, now: DateTime<Utc>) -> ApiResult<String> {
        let reply = match op.kind() {
            Kind::Read => return self.decide(op, body, now),
            Kind::AuditedRead | Kind::Reminders => self.decide(op, body, now),
            Kind::Change => {
                transaction::all_or_nothing(&self.state.storage(), || self.decide(op, body, now))
            }
        };
        self.set_alarm_or_log(Delivery::Now, now).await;
        reply
    }

    /// Parses the request `op` names, decides it, and serialises the reply.
    fn decide(&self, op: Op, body: &str, now: DateTime<Utc>) -> ApiResult<String> {
        match op {
            Op::Register => answer(op, body, |r: Register| self.register(r, now)),
            Op::Status => answer(op, body, |r: Status| {
                let row = self.entry(&r.queue_uid)?;
                self.view(&row, self.place(&r.queue_uid)?, &self.pace()?)
            }),
            Op::TakeIntake => answer(op, body, |r: TakeIntake| {
                self.take_intake(&r.video_room_id, &r.actor, now)
            }),
            Op::MoveVisit => answer(op, body, |r: MoveVisit| {
                self.visit_step(&r.queue_uid, r.step, &r.actor, now)
            }),
            Op::GetWorkflow => answer(op, body, |r: GetWorkflow| self.workflow(&r.shop_uid)),
            Op::SetWorkflow => answer(op, body, |r: SetWorkflow| {
                self.set_workflow(&r.shop_uid, r.intake_step, r.free_duration, &r.actor, now)
            }),
            Op::CancelRegistration => answer(op, body, |r: CancelRegistration| {
                self.cancel_registration(&r.queue_uid, now)
            }),
            Op::CompleteConsultation => answer(op, body, |r: CompleteConsultation| {
                self.complete_consultation(&r.queue_uid, now)
            }),
            Op::Allocate => answer(op, body, |r: Allocate| {
                self.allocate(&r.doctor_uid, &r.video_room_id, &r.actor, now)
            }),
            Op::Presence => answer(op, body, |r: Presence| {
                self.set_presence(&r.doctor_uid, r.online, now)
            }),
            Op::SetAvailability => answer(op, body, |r: SetAvailability| {
                self.set_availability(&r.doctor_uid, &r.availability, now)
            }),
            Op::GetAvailability => answer(op, body, |r: GetAvailability| {
                self.availability_view(&r.doctor_uid)
            }),
            Op::SlotSearch => answer(op, body, |r: SlotSearch| {
                self.slots(
                    &r.doctors,
                    &r.rules,
                    parse_tz(&r.time_zone)?,
                    r.start_date,
                    r.end_date,
                    now,
                )
            }),
            Op::Book => answer(op, body, |r: Book| self.book(&r, now)),
            Op::GetAppointment => answer(op, body, |r: GetAppointment| {
                self.appointment_detail(&r.appointment_uid, &r.party, &r.actor, now)
            }),
            Op::Confirm => answer(op, body, |r: Confirm| {
                self.confirm(&r.appointment_uid, &r.party, r.payment_mode, &r.actor, now)
            }),
            Op::Cancel => answer(op, body, |r: Cancel| {
                self.cancel(&r.appointment_uid, &r.reason, &r.party, &r.actor, now)
            }),
            Op::Rebook => answer(op, body, |r: Rebook| {
                let tz = parse_tz(&r.time_zone)?;
                self.rebook(
                    &r.appointment_uid,
                    r.start,
                    r.doctor,
                    tz,
                    &r.party,
                    &r.actor,
                    now,
                )
            }),
            Op::CheckIn => answer(op, body, |r: CheckIn| {
                self.check_in(&r.appointment_uid, &r.actor, r.language, now)
            }),
            Op::CompleteAppointment => answer(op, body, |r: CompleteAppointment| {
                self.finish(&r.appointment_uid, &r.actor, Ending::Attended, now)
            }),
            Op::NoShow => answer(op, body, |r: NoShow| {
                self.finish(&r.appointment_uid, &r.actor, Ending::NoShow, now)
            }),
            Op::RunReminders => answer(op, body, |_: RunReminders| self.run_reminders(now)),
            Op::SetTurnContact => answer(op, body, |r: SetTurnContact| {
                self.set_turn_contact(&r.queue_uid, r.contact, r.language, now)
            }),
        }
    }

    /// The response first given for `key`, if this request was seen before;
    /// the same key with a different request is a conflict.
    fn remembered<T: DeserializeOwned>(
        &self,
        key: &str,
        fingerprint: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<Option<T>> {
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

    fn remember<T: Serialize>(
        &self,
        key: &str,
        fingerprint: &str,
        body: &T,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO idempotency (key, fingerprint, body, created_at) VALUES (?, ?, ?, ?)",
            vec![
                text(key),
                text(fingerprint),
                text(&serde_json::to_string(body)?),
                ms(now),
            ],
        )?;
        Ok(())
    }

    async fn set_alarm_or_log(&self, delivery: Delivery, now: DateTime<Utc>) {
        if let Err(e) = self.schedule_alarm(delivery, now).await {
            worker::console_error!("scheduling the shop alarm: {e:?}");
        }
    }

    /// Sets the alarm for whichever comes first: the next hold expiry, or
    /// the outbox's delivery when it holds anything. Setting the alarm is a
    /// write to the object's own storage, not a network call.
    async fn schedule_alarm(&self, delivery: Delivery, now: DateTime<Utc>) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Next {
            hold: Option<f64>,
            pending: f64,
        }
        let next: Vec<Next> = self
            .sql
            .exec(
                "SELECT (SELECT MIN(hold_expires_at) FROM appointments WHERE status = 'held') \
                 AS hold, EXISTS (SELECT 1 FROM outbox) AS pending",
                None,
            )?
            .to_array()?;
        let Some(next) = next.first() else {
            return Ok(());
        };
        let mut at = next.hold.map(time);
        if next.pending > 0.0 {
            let deliver = match delivery {
                Delivery::Now => now + chrono::Duration::milliseconds(OUTBOX_GATHER_MS),
                Delivery::Later => now + chrono::Duration::seconds(OUTBOX_RETRY_SECONDS),
            };
            at = Some(at.map_or(deliver, |t| t.min(deliver)));
        }
        let Some(at) = at else {
            return Ok(());
        };
        // An alarm already due sooner stays: moving it later on every
        // change would hold a busy shop's deliveries back for as long as
        // the changes keep coming. It sets the next alarm when it runs.
        let storage = self.state.storage();
        let current = storage.get_alarm().await?;
        if current.is_none_or(|c| c > at.timestamp_millis()) {
            storage.set_alarm(at).await?;
        }
        Ok(())
    }
}
