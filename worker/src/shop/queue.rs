//! The waiting room in the shop: registration, allocation, completion,
//! presence, and the patients' watch sockets.

use chrono::{DateTime, Duration, Utc};
use frontdesk_core::estimate::{average_consultation, estimated_wait_minutes, ROLLING_WINDOW};
use frontdesk_core::ids::{
    AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid, VideoRoomId,
};
use frontdesk_core::queue::{next_for_doctor, QueueStatus, Waiting};
use frontdesk_core::stage::{self, CallStatus, Place, Queue, Queued, Stage, Step, Visit};
use frontdesk_core::turn::{Language, TurnContact};
use frontdesk_core::view::events::{VisitStageData, WaitingRoomData};
use frontdesk_core::view::queue::TurnContactView;
use frontdesk_core::view::queue::{
    Allocation, EntryView, Intake, LiveEntry, LiveQueue, Message, PresenceView, Registered,
    WatchedEntry, WorkflowView,
};
use frontdesk_core::visit::{self, Role, VisitClaims};
use frontdesk_core::watch::{self, Admit, Allowance};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use worker::{Headers, Request, Response, SqlStorageValue, WebSocket, WebSocketPair};

use super::{ms, text, time, Register, Shop};
use crate::ambient::entropy;
use crate::error::{ApiError, ApiResult, ErrorCode};

/// The tag of staff sockets on the live queue; a patient's socket is
/// tagged with its entry's uid.
const STAFF_TAG: &str = "staff";
/// Staff sockets a shop keeps open at once.
const MAX_STAFF_SOCKETS: usize = 50;

const ENTRY_COLUMNS: &str =
    "seq, queue_uid, patient_profile_uid, preferred_doctor_uid, visit_reason, status, \
     registered_at, video_room_id, allocated_at, doctor_uid, notify, language, \
     stage, call_status, stage_at, assistant";

/// The `meta` keys of the shop's workflow settings.
const INTAKE_STEP: &str = "intake_step";
const FREE_DURATION: &str = "free_duration";

/// A queue entry as this object stores it, ids and status parsed as the
/// row is read.
#[derive(Clone, Deserialize)]
pub(super) struct EntryRow {
    seq: i64,
    queue_uid: QueueUid,
    patient_profile_uid: PatientProfileUid,
    preferred_doctor_uid: Option<DoctorUid>,
    visit_reason: Option<String>,
    pub(super) status: QueueStatus,
    registered_at: f64,
    video_room_id: Option<VideoRoomId>,
    allocated_at: Option<f64>,
    /// Who took the patient, once allocated.
    doctor_uid: Option<DoctorUid>,
    /// The "my turn" contact (its address), while the entry lives.
    notify: Option<String>,
    language: Option<Language>,
    pub(super) stage: Stage,
    pub(super) call_status: CallStatus,
    /// When it reached its stage: the queues' order.
    stage_at: f64,
    /// Who took the patient in for intake.
    assistant: Option<String>,
}

impl EntryRow {
    fn visit(&self) -> Visit {
        Visit {
            stage: self.stage,
            call: self.call_status,
        }
    }

    fn queued(&self) -> Queued {
        Queued {
            queue_uid: self.queue_uid.clone(),
            stage: self.stage,
            since: time(self.stage_at),
            seq: self.seq,
        }
    }

    fn notify_view(&self) -> Option<TurnContactView> {
        let contact = TurnContact::parse(self.notify.as_deref()?).ok()?;
        Some(TurnContactView::from(&contact))
    }
}

/// What a wait estimate depends on besides the entry's position.
pub(super) struct Pace {
    pub(super) online: Vec<DoctorUid>,
    pub(super) average: Duration,
}

impl Pace {
    fn estimate(&self, standing: Standing) -> u32 {
        estimated_wait_minutes(standing.doctors_position(), self.online.len(), self.average)
    }
}

/// Where a waiting entry stands: its queue and place in it, and how many
/// wait for a doctor (those a patient waiting for intake has ahead too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Standing {
    pub(super) place: Place,
    exam_waiting: u32,
}

impl Standing {
    /// How many a doctor sees before this patient, this one included.
    pub(super) fn doctors_position(self) -> u32 {
        self.place.doctors_position(self.exam_waiting)
    }
}

/// The whole waiting queue, read in one go: for changes that move other
/// entries (and so are pushed to every watcher) or choose among them.
/// One entry's view needs only [`Shop::place`] and [`Shop::pace`].
pub(super) struct Snapshot {
    /// Those waiting for a doctor, in the order they reached that queue.
    pub(super) waiting: Vec<Waiting>,
    /// Each waiting entry's queue and position (core's
    /// [`frontdesk_core::stage::positions`]): looked up once per watcher
    /// when a change is pushed to every socket.
    places: HashMap<QueueUid, Place>,
    exam_waiting: u32,
    pub(super) pace: Pace,
}

impl Snapshot {
    fn standing(&self, uid: &QueueUid) -> Option<Standing> {
        self.places.get(uid).map(|&place| Standing {
            place,
            exam_waiting: self.exam_waiting,
        })
    }
}

impl Shop {
    pub(super) fn register(&self, r: Register, now: DateTime<Utc>) -> ApiResult<Registered> {
        let (shop, patient) = (&r.shop_uid, &r.patient_profile_uid);
        let preferred = r.preferred_doctor_uid.as_ref();
        let reason = r.visit_reason.as_deref();
        let idempotency_key = r.idempotency_key.as_deref();
        let fingerprint = json!([
            "register",
            patient.as_str(),
            preferred.map(DoctorUid::as_str),
            reason
        ])
        .to_string();
        if let Some(key) = idempotency_key {
            if let Some(first) = self.remembered(key, &fingerprint, now)? {
                return Ok(first);
            }
        }
        let queue_uid =
            self.insert_entry(shop, patient, preferred, reason, r.language, None, now)?;
        if let Some(contact) = r.notify_contact {
            self.set_turn_contact(&queue_uid, Some(contact), None, now)?;
        }
        let standing = self
            .place(&queue_uid)?
            .ok_or_else(|| ApiError::Internal("new entry is not waiting".into()))?;
        let registered = Registered {
            estimated_wait_minutes: self.pace()?.estimate(standing),
            queue_uid,
            position: standing.place.position,
        };
        if let Some(key) = idempotency_key {
            self.remember(key, &fingerprint, &registered, now)?;
        }
        // No patient's watcher is told: an arrival joins at the end, so no
        // other entry's position changes, nor its estimate (position,
        // doctors online, average consultation). Reading and pushing the
        // whole queue here made each registration cost as much as the
        // queue is long (`make profile`). Staff watching the queue see the
        // arrival.
        self.tell_staff(None);
        Ok(registered)
    }

    /// Adds a waiting patient at the end of the shop's first queue: intake
    /// when the shop has that step, the doctors' otherwise. Watchers are
    /// told by the caller, once its whole change is written.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn insert_entry(
        &self,
        shop: &ShopUid,
        patient: &PatientProfileUid,
        preferred: Option<&DoctorUid>,
        reason: Option<&str>,
        language: Option<Language>,
        appointment: Option<&AppointmentUid>,
        now: DateTime<Utc>,
    ) -> ApiResult<QueueUid> {
        let queue_uid = QueueUid::new(shop, &entropy());
        let arrived = stage::apply(Visit::SCHEDULED, Step::Arrive)?;
        let queued = stage::apply(
            arrived,
            Step::Queue {
                intake: self.intake_step()?,
            },
        )?;
        self.sql.exec(
            "INSERT INTO entries (queue_uid, patient_profile_uid, preferred_doctor_uid, visit_reason, status, registered_at, language, stage, call_status, stage_at)
             VALUES (?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
            vec![
                text(queue_uid.as_str()),
                text(patient.as_str()),
                preferred.map(|d| d.as_str().to_owned()).into(),
                reason.map(str::to_owned).into(),
                ms(now),
                language.map(|l| l.code().to_owned()).into(),
                text(queued.stage.as_str()),
                text(queued.call.as_str()),
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
        let change = StageChange {
            queue_uid: &queue_uid,
            patient: patient.as_str(),
            appointment: appointment.cloned(),
            from: arrived.stage,
            to: queued,
        };
        self.emit_stage(change, now)?;
        Ok(queue_uid)
    }

    /// Moves an entry's visit by `step`, by core's rules (409
    /// `invalid_transition` for any other move), keeping its waiting-room
    /// status in step, and publishes the change. A new stage puts the entry
    /// at the end of that stage's queue.
    pub(super) fn move_visit(
        &self,
        row: &EntryRow,
        step: Step,
        now: DateTime<Utc>,
    ) -> ApiResult<Visit> {
        let from = row.visit();
        let to = stage::apply(from, step)?;
        let status = to
            .stage
            .queue_status()
            .ok_or_else(|| ApiError::Internal("a queued visit left the queue's stages".into()))?;
        let stage_at = if to.stage == from.stage {
            SqlStorageValue::from(row.stage_at as i64)
        } else {
            ms(now)
        };
        self.sql.exec(
            "UPDATE entries SET status = ?, stage = ?, call_status = ?, stage_at = ? WHERE queue_uid = ?",
            vec![
                text(status.as_str()),
                text(to.stage.as_str()),
                text(to.call.as_str()),
                stage_at,
                text(row.queue_uid.as_str()),
            ],
        )?;
        let change = StageChange {
            queue_uid: &row.queue_uid,
            patient: row.patient_profile_uid.as_str(),
            appointment: self.appointment_of(&row.queue_uid)?,
            from: from.stage,
            to,
        };
        self.emit_stage(change, now)?;
        Ok(to)
    }

    /// Publishes `VISIT_STAGE_CHANGED`.
    fn emit_stage(&self, change: StageChange, now: DateTime<Utc>) -> ApiResult<()> {
        self.emit(
            "VISIT_STAGE_CHANGED",
            serde_json::to_value(VisitStageData {
                queue_uid: change.queue_uid.clone(),
                shop_uid: change.queue_uid.shop(),
                patient_profile_uid: change.patient.to_owned(),
                appointment_uid: change.appointment,
                from_stage: change.from,
                stage: change.to.stage,
                call_status: change.to.call,
            })?,
            now,
        )
    }

    /// The checked-in appointment an entry is for, if any.
    fn appointment_of(&self, queue_uid: &QueueUid) -> ApiResult<Option<AppointmentUid>> {
        #[derive(Deserialize)]
        struct Found {
            appointment_uid: AppointmentUid,
        }
        let found: Vec<Found> = self
            .sql
            .exec(
                "SELECT appointment_uid FROM appointments WHERE queue_uid = ? LIMIT 1",
                vec![text(queue_uid.as_str())],
            )?
            .to_array()?;
        Ok(found.into_iter().next().map(|f| f.appointment_uid))
    }

    /// Whether this shop's patients go through intake first.
    pub(super) fn intake_step(&self) -> ApiResult<bool> {
        self.setting(INTAKE_STEP)
    }

    /// Whether the clinic may book appointments for a length of its own.
    pub(super) fn free_duration(&self) -> ApiResult<bool> {
        self.setting(FREE_DURATION)
    }

    fn setting(&self, key: &str) -> ApiResult<bool> {
        #[derive(Deserialize)]
        struct Value {
            value: String,
        }
        let found: Vec<Value> = self
            .sql
            .exec("SELECT value FROM meta WHERE key = ?", vec![text(key)])?
            .to_array()?;
        Ok(found.first().is_some_and(|v| v.value == "1"))
    }

    pub(super) fn workflow(&self, shop: &ShopUid) -> ApiResult<WorkflowView> {
        Ok(WorkflowView {
            shop_uid: shop.clone(),
            intake_step: self.intake_step()?,
            free_duration: self.free_duration()?,
        })
    }

    /// Turns the intake step on or off for visits that join from now on;
    /// those already queued keep their stage.
    pub(super) fn set_workflow(
        &self,
        shop: &ShopUid,
        intake_step: bool,
        free_duration: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<WorkflowView> {
        for (key, on) in [(INTAKE_STEP, intake_step), (FREE_DURATION, free_duration)] {
            self.sql.exec(
                "INSERT INTO meta (key, value) VALUES (?, ?)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                vec![text(key), text(if on { "1" } else { "0" })],
            )?;
        }
        let action = format!(
            "shop.workflow.updated:intake_step={intake_step},free_duration={free_duration}"
        );
        self.audit(actor, &action, shop.as_str(), now)?;
        self.workflow(shop)
    }

    /// A medical assistant takes the patient who has waited longest for
    /// intake; `None` when nobody does. An assistant takes one at a time.
    pub(super) fn take_intake(
        &self,
        room: &VideoRoomId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<Option<Intake>> {
        if !self.intake_step()? && self.queued_in(Stage::IntakeReady)?.is_none() {
            return Err(ApiError::conflict(
                ErrorCode::NoIntakeStep,
                "this shop has no intake step: its patients wait for a doctor directly",
            ));
        }
        let busy: Vec<EntryRow> = self
            .sql
            .exec(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE stage = ? AND assistant = ? LIMIT 1"
                ),
                vec![text(Stage::IntakeProgress.as_str()), text(actor)],
            )?
            .to_array()?;
        if let Some(busy) = busy.first() {
            return Err(ApiError::conflict(
                ErrorCode::AssistantBusy,
                format!(
                    "this assistant is still taking {} in; hand them on first",
                    busy.queue_uid
                ),
            ));
        }
        let Some(row) = self.queued_in(Stage::IntakeReady)? else {
            return Ok(None);
        };
        let to = self.move_visit(&row, Step::StartIntake, now)?;
        self.sql.exec(
            "UPDATE entries SET assistant = ?, video_room_id = ?, allocated_at = ? WHERE queue_uid = ?",
            vec![text(actor), text(room.as_str()), ms(now), text(row.queue_uid.as_str())],
        )?;
        self.broadcast(&self.snapshot()?, now);
        self.audit(
            actor,
            "waiting_room.intake_started",
            row.queue_uid.as_str(),
            now,
        )?;
        Ok(Some(Intake {
            queue_uid: row.queue_uid,
            status: QueueStatus::Allocated,
            stage: to.stage,
            call_status: to.call,
            patient_profile_uid: row.patient_profile_uid,
            visit_reason: row.visit_reason,
            video_room_id: Some(room.clone()),
            allocated_at: Some(now),
            join_url: String::new(),
        }))
    }

    /// The entry first in `stage`'s queue.
    fn queued_in(&self, stage: Stage) -> ApiResult<Option<EntryRow>> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE status = 'waiting' AND stage = ?
                     ORDER BY stage_at, seq LIMIT 1"
                ),
                vec![text(stage.as_str())],
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Moves a visit by one of the workflow's own steps (a hand-off, a
    /// hold, discharge, sign-off) and tells everyone watching.
    pub(super) fn visit_step(
        &self,
        queue_uid: &QueueUid,
        step: Step,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<EntryView> {
        let row = self.entry(queue_uid)?;
        let to = self.move_visit(&row, step, now)?;
        if step == Step::FinishIntake {
            // Waiting again, for a doctor: no room until one takes them.
            self.sql.exec(
                "UPDATE entries SET video_room_id = NULL, allocated_at = NULL WHERE queue_uid = ?",
                vec![text(queue_uid.as_str())],
            )?;
        }
        let action = format!("visit.stage:{}", to.stage.as_str());
        self.audit(actor, &action, queue_uid.as_str(), now)?;
        let snap = self.snapshot()?;
        self.broadcast(&snap, now);
        self.view(
            &self.entry(queue_uid)?,
            snap.standing(queue_uid),
            &snap.pace,
        )
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
            serde_json::to_value(WaitingRoomData {
                queue_uid: queue_uid.clone(),
                shop_uid: queue_uid.shop(),
                patient_profile_uid: patient.to_owned(),
                doctor_uid: doctor.map(str::to_owned),
            })?,
            now,
        )
    }

    pub(super) fn cancel_registration(
        &self,
        queue_uid: &QueueUid,
        now: DateTime<Utc>,
    ) -> ApiResult<Message> {
        let row = self.entry(queue_uid)?;
        let ended = self.cancel_entry(queue_uid, &row, now)?;
        // The patient left: a checked-in appointment's visit ends unseen,
        // or unfinished.
        self.left_the_queue(queue_uid, ended.call == CallStatus::Lwbs, now)?;
        self.broadcast(&self.snapshot()?, now);
        Ok(Message {
            message: "Registration cancelled".to_owned(),
        })
    }

    /// Cancels an entry and announces it; the caller broadcasts. The
    /// answer says how the visit ended: unseen (`LWBS`) or unfinished.
    pub(super) fn cancel_entry(
        &self,
        queue_uid: &QueueUid,
        row: &EntryRow,
        now: DateTime<Utc>,
    ) -> ApiResult<Visit> {
        row.status.cancel()?;
        let ended = self.move_visit(row, Step::Cancel, now)?;
        self.sql.exec(
            "UPDATE entries SET cancelled_at = ?, notify = NULL WHERE queue_uid = ?",
            vec![ms(now), text(queue_uid.as_str())],
        )?;
        self.emit_entry(
            "WAITING_ROOM_CANCELLED",
            queue_uid,
            row.patient_profile_uid.as_str(),
            None,
            now,
        )?;
        Ok(ended)
    }

    /// Ends a consultation; a checked-in appointment it was for is
    /// completed with it, in the same step.
    pub(super) fn complete_consultation(
        &self,
        queue_uid: &QueueUid,
        now: DateTime<Utc>,
    ) -> ApiResult<EntryView> {
        let row = self.entry(queue_uid)?;
        row.status.complete()?;
        self.move_visit(&row, Step::Complete, now)?;
        self.sql.exec(
            "UPDATE entries SET completed_at = ?, notify = NULL WHERE queue_uid = ?",
            vec![ms(now), text(queue_uid.as_str())],
        )?;
        self.emit_entry(
            "WAITING_ROOM_COMPLETED",
            queue_uid,
            row.patient_profile_uid.as_str(),
            row.doctor_uid.as_ref().map(DoctorUid::as_str),
            now,
        )?;
        self.complete_checked_in(queue_uid, now)?;
        let snap = self.snapshot()?;
        self.broadcast(&snap, now);
        self.view(
            &self.entry(queue_uid)?,
            snap.standing(queue_uid),
            &snap.pace,
        )
    }

    pub(super) fn allocate(
        &self,
        doctor: &DoctorUid,
        room: &VideoRoomId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<Option<Allocation>> {
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
                ErrorCode::DoctorBusy,
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
        let Some(next) = next_for_doctor(&snap.waiting, doctor, &snap.pace.online, &policy, now)
        else {
            return Ok(None);
        };
        let queue_uid = next.queue_uid.clone();
        let taken = self.move_visit(&self.entry(&queue_uid)?, Step::StartExam, now)?;
        self.sql.exec(
            "UPDATE entries SET doctor_uid = ?, video_room_id = ?, allocated_at = ? WHERE queue_uid = ?",
            vec![text(doctor.as_str()), text(room.as_str()), ms(now), text(queue_uid.as_str())],
        )?;
        // A pool appointment's patient: the appointment is this doctor's now.
        self.take_from_pool(&queue_uid, doctor, room, actor, now)?;
        let snap = self.snapshot()?;
        self.broadcast(&snap, now);
        let row = self.entry(&queue_uid)?;
        self.emit_entry(
            "WAITING_ROOM_ALLOCATED",
            &queue_uid,
            row.patient_profile_uid.as_str(),
            Some(doctor.as_str()),
            now,
        )?;
        self.audit(actor, "waiting_room.allocated", queue_uid.as_str(), now)?;
        let view = self.view(&row, snap.standing(&queue_uid), &snap.pace)?;
        Ok(Some(Allocation {
            queue_uid: view.queue_uid,
            status: view.status,
            stage: taken.stage,
            call_status: taken.call,
            patient_profile_uid: row.patient_profile_uid.clone(),
            visit_reason: row.visit_reason,
            doctor_uid: doctor.clone(),
            video_room_id: view.video_room_id,
            allocated_at: view.allocated_at,
        }))
    }

    pub(super) fn set_presence(
        &self,
        doctor: &DoctorUid,
        online: bool,
        now: DateTime<Utc>,
    ) -> ApiResult<PresenceView> {
        self.upsert_presence(doctor, online, now)?;
        let snap = self.snapshot()?;
        self.broadcast(&snap, now);
        Ok(PresenceView {
            doctor_uid: doctor.clone(),
            online,
            doctors_online: u32::try_from(snap.pace.online.len()).unwrap_or(u32::MAX),
        })
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
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE status = 'waiting'
                     ORDER BY stage_at, seq"
                ),
                None,
            )?
            .to_array()?;
        let queued: Vec<Queued> = rows.iter().map(EntryRow::queued).collect();
        let places = stage::positions(&queued);
        let waiting: Vec<Waiting> = rows
            .into_iter()
            .filter(|r| r.stage.queue() == Some(Queue::Exam))
            .map(|r| Waiting {
                queue_uid: r.queue_uid,
                preferred_doctor: r.preferred_doctor_uid,
                registered_at: time(r.registered_at),
            })
            .collect();
        Ok(Snapshot {
            exam_waiting: u32::try_from(waiting.len()).unwrap_or(u32::MAX),
            waiting,
            places,
            pace: self.pace()?,
        })
    }

    /// A waiting entry's standing, counted in storage (the `entries_queued`
    /// index) rather than by reading the queue, in core's order (the time
    /// each reached its stage, then registration); `None` once it is not
    /// waiting.
    pub(super) fn place(&self, queue_uid: &QueueUid) -> ApiResult<Option<Standing>> {
        #[derive(Deserialize)]
        struct Counted {
            stage: Stage,
            n: u32,
            exam: u32,
        }
        let counted: Vec<Counted> = self
            .sql
            .exec(
                "SELECT me.stage AS stage,
                   (SELECT COUNT(*) FROM entries e WHERE e.status = 'waiting' AND e.stage = me.stage
                      AND (e.stage_at < me.stage_at OR (e.stage_at = me.stage_at AND e.seq <= me.seq))) AS n,
                   (SELECT COUNT(*) FROM entries e WHERE e.status = 'waiting' AND e.stage = ?) AS exam
                 FROM entries me WHERE me.queue_uid = ? AND me.status = 'waiting'",
                vec![text(Stage::ExamReady.as_str()), text(queue_uid.as_str())],
            )?
            .to_array()?;
        Ok(counted.first().and_then(|c| {
            Some(Standing {
                place: Place {
                    queue: c.stage.queue()?,
                    position: c.n,
                },
                exam_waiting: c.exam,
            })
        }))
    }

    /// The doctors online and the recent consultations' average.
    pub(super) fn pace(&self) -> ApiResult<Pace> {
        #[derive(Deserialize)]
        struct Online {
            doctor_uid: DoctorUid,
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
        Ok(Pace {
            online: online.into_iter().map(|o| o.doctor_uid).collect(),
            average: average_consultation(&recent, self.config()?.default_consultation),
        })
    }

    /// One entry's view: `standing` is where it stands if it is waiting.
    pub(super) fn view(
        &self,
        row: &EntryRow,
        standing: Option<Standing>,
        pace: &Pace,
    ) -> ApiResult<EntryView> {
        let queue_uid = row.queue_uid.clone();
        let status = row.status;
        let standing = match status {
            QueueStatus::Waiting => standing,
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
            position: standing.map(|s| s.place.position),
            estimated_wait_minutes: standing.map(|s| pace.estimate(s)),
            video_room_id: row.video_room_id.clone(),
            allocated_at: row.allocated_at.map(time),
            doctor_uid: row.doctor_uid.clone(),
            join_url,
            stage: row.stage,
            call_status: row.call_status,
            waiting_for: standing.map(|s| s.place.queue),
        })
    }

    /// Accepts a patient's watch socket for a live entry. An entry that has
    /// ended refuses it (410); an entry with its fill of sockets closes the
    /// oldest to make room.
    pub(super) fn accept_watcher(&self, req: &Request, now: DateTime<Utc>) -> ApiResult<Response> {
        let url = req.url()?;
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let queue_uid = param("q")
            .and_then(|v| QueueUid::parse(&v).ok())
            .ok_or_else(|| ApiError::not_found("registration"))?;
        // Refuse watchers of entries this shop never had, or that are over.
        if is_final(self.entry(&queue_uid)?.status) {
            return Err(ApiError::Gone(
                "this visit has ended; its watch link no longer works",
            ));
        }
        expect_upgrade(req)?;
        let open: Vec<(WebSocket, i64)> = self
            .state
            .get_websockets_with_tag(queue_uid.as_str())
            .into_iter()
            .filter_map(|ws| {
                let state = watcher_state(&ws, now);
                (!state.closing).then_some((ws, state.opened_at))
            })
            .collect();
        for ws in watch::to_replace(open) {
            self.close_watcher(&ws, watch::CLOSE_REPLACED, "replaced by a newer connection");
        }
        let now_ms = now.timestamp_millis();
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[queue_uid.as_str()]);
        pair.server.serialize_attachment(WatcherState {
            org: param("org").and_then(|o| OrgUid::parse(&o).ok()),
            origin: param("origin"),
            clinic: param("clinic"),
            opened_at: now_ms,
            allowance: Allowance::full(now_ms),
            closing: false,
        })?;
        self.push_to(&pair.server, now)?;
        let resp = Response::from_websocket(pair.client)?;
        let offered = req.headers().get("Sec-WebSocket-Protocol")?;
        if offered.is_some_and(|o| watch::token_from_protocols(&o).is_some()) {
            // A browser drops a socket whose answer names no protocol it offered.
            let headers = Headers::new();
            headers.set("Sec-WebSocket-Protocol", watch::PROTOCOL)?;
            return Ok(resp.with_headers(headers));
        }
        Ok(resp)
    }

    /// A message from a watcher asks for a resync: the page sends one after
    /// it reconnects or wakes up. Each socket has an allowance; messages
    /// beyond it are dropped, and a socket that keeps on is closed.
    pub(super) fn on_watcher_message(&self, ws: &WebSocket, now: DateTime<Utc>) {
        let mut state = watcher_state(ws, now);
        if state.closing {
            return;
        }
        let verdict = state.allowance.admit(now.timestamp_millis());
        if let Err(e) = ws.serialize_attachment(&state) {
            worker::console_error!("watch allowance: {e:?}");
        }
        match verdict {
            Admit::Answer if self.state.get_tags(ws).iter().any(|t| t == STAFF_TAG) => {
                self.tell_staff(Some(ws));
            }
            Admit::Answer => {
                if let Err(e) = self.push_to(ws, now) {
                    worker::console_error!("watch resync: {e:?}");
                }
            }
            Admit::Drop => {}
            Admit::Close => self.close_watcher(ws, watch::CLOSE_POLICY, "too many messages"),
        }
    }

    /// Closes a watcher, remembering that it is closing: it may stay in the
    /// object's list until the client answers, and must not count or be
    /// written to meanwhile.
    pub(super) fn close_watcher(&self, ws: &WebSocket, code: u16, reason: &str) {
        let mut state = watcher_state(ws, DateTime::<Utc>::MIN_UTC);
        state.closing = true;
        if let Err(e) = ws.serialize_attachment(&state) {
            worker::console_error!("closing a watcher: {e:?}");
        }
        // The socket may already be gone; nothing else to do then.
        let _ = ws.close(Some(code), Some(reason));
    }

    /// What a watcher is sent: the entry without the room's name, and once
    /// allocated, the patient's visit link as `join_url`.
    fn watch_message(
        &self,
        row: &EntryRow,
        standing: Option<Standing>,
        pace: &Pace,
        state: &WatcherState,
        now: DateTime<Utc>,
    ) -> ApiResult<WatchedEntry> {
        let view = self.view(row, standing, pace)?;
        let join_url = match (view.status, &state.org) {
            (QueueStatus::Allocated, Some(org)) => {
                // Signed from the allocation time, so every message carries
                // the same link.
                let from = view.allocated_at.unwrap_or(now);
                let config = self.config()?;
                let claims = VisitClaims::new(
                    org.clone(),
                    view.queue_uid.clone(),
                    Role::Patient,
                    from,
                    config.watch_token_ttl,
                );
                let origin = state.origin.as_deref().unwrap_or("");
                Some(visit::link(origin, &claims, config.watch_secret.as_bytes()))
            }
            _ => None,
        };
        Ok(WatchedEntry {
            r#final: is_final(view.status),
            queue_uid: view.queue_uid,
            status: view.status,
            position: view.position,
            estimated_wait_minutes: view.estimated_wait_minutes,
            allocated_at: view.allocated_at,
            join_url,
            clinic_name: state.clinic.clone(),
            language: row.language,
            notify: row.notify_view(),
            stage: view.stage,
            call_status: view.call_status,
            waiting_for: view.waiting_for,
        })
    }

    /// Sends one watcher (a new or resyncing socket) its entry's current
    /// view, read for that entry alone.
    pub(super) fn push_to(&self, ws: &WebSocket, now: DateTime<Utc>) -> ApiResult<()> {
        let Some((state, uid)) = self.watched(ws, now) else {
            return Ok(());
        };
        let row = self.entry(&uid)?;
        let standing = self.place(&uid)?;
        self.send_watch(ws, &row, standing, &self.pace()?, &state, now)
    }

    /// [`Shop::push_to`] during a broadcast: positions from the snapshot,
    /// the entry from `live` (read once for all sockets) before storage.
    fn push_with(
        &self,
        ws: &WebSocket,
        snap: &Snapshot,
        live: &HashMap<QueueUid, EntryRow>,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let Some((state, uid)) = self.watched(ws, now) else {
            return Ok(());
        };
        let stored;
        let row = match live.get(&uid) {
            Some(row) => row,
            None => {
                stored = self.entry(&uid)?;
                &stored
            }
        };
        self.send_watch(ws, row, snap.standing(&uid), &snap.pace, &state, now)
    }

    /// A patient socket's state and the entry it watches; `None` for a
    /// staff socket, or one that is closing.
    fn watched(&self, ws: &WebSocket, now: DateTime<Utc>) -> Option<(WatcherState, QueueUid)> {
        let tags = self.state.get_tags(ws);
        let uid = tags.first().and_then(|t| QueueUid::parse(t).ok())?;
        let state = watcher_state(ws, now);
        if state.closing {
            return None;
        }
        Some((state, uid))
    }

    /// Accepts a staff socket on the shop's live queue (the worker has
    /// checked who it is). A shop keeps at most [`MAX_STAFF_SOCKETS`]; one
    /// more closes the oldest.
    pub(super) fn accept_staff(&self, req: &Request, now: DateTime<Utc>) -> ApiResult<Response> {
        expect_upgrade(req)?;
        let mut open: Vec<(WebSocket, i64)> = self
            .state
            .get_websockets_with_tag(STAFF_TAG)
            .into_iter()
            .map(|ws| {
                let state = watcher_state(&ws, now);
                (ws, state)
            })
            .filter(|(_, state)| !state.closing)
            .map(|(ws, state)| (ws, state.opened_at))
            .collect();
        open.sort_by_key(|(_, opened)| *opened);
        let excess = (open.len() + 1).saturating_sub(MAX_STAFF_SOCKETS);
        for (ws, _) in open.into_iter().take(excess) {
            self.close_watcher(&ws, watch::CLOSE_REPLACED, "replaced by a newer connection");
        }
        let now_ms = now.timestamp_millis();
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[STAFF_TAG]);
        pair.server.serialize_attachment(WatcherState {
            org: None,
            origin: None,
            clinic: None,
            opened_at: now_ms,
            allowance: Allowance::full(now_ms),
            closing: false,
        })?;
        self.tell_staff(Some(&pair.server));
        Ok(Response::from_websocket(pair.client)?)
    }

    /// The shop's live queue as staff see it: the waiting in the order
    /// they reached their queue, then those taken in, and the doctors
    /// online.
    fn live_queue(&self) -> ApiResult<LiveQueue> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE status IN ('waiting', 'allocated')
                     ORDER BY status = 'allocated', stage_at, seq"
                ),
                None,
            )?
            .to_array()?;
        let queued: Vec<Queued> = rows
            .iter()
            .filter(|r| r.status == QueueStatus::Waiting)
            .map(EntryRow::queued)
            .collect();
        let places = stage::positions(&queued);
        let entries = rows
            .into_iter()
            .map(|r| {
                let place = places.get(&r.queue_uid).copied();
                LiveEntry {
                    queue_uid: r.queue_uid,
                    status: r.status,
                    stage: r.stage,
                    call_status: r.call_status,
                    position: place.map(|p| p.position),
                    waiting_for: place.map(|p| p.queue),
                    assistant: r.assistant,
                    registered_at: time(r.registered_at),
                    visit_reason: r.visit_reason,
                    preferred_doctor_uid: r.preferred_doctor_uid,
                    doctor_uid: r.doctor_uid,
                    allocated_at: r.allocated_at.map(time),
                }
            })
            .collect();
        Ok(LiveQueue {
            entries,
            doctors_online: self.pace()?.online,
        })
    }

    /// Sends the live queue to `only` that staff socket, or to every one.
    /// The queue is read only when someone is watching.
    pub(super) fn tell_staff(&self, only: Option<&WebSocket>) {
        let sockets = match only {
            Some(ws) => vec![ws.clone()],
            None => self.state.get_websockets_with_tag(STAFF_TAG),
        };
        if sockets.is_empty() {
            return;
        }
        let text = match self
            .live_queue()
            .and_then(|q| Ok(serde_json::to_string(&q)?))
        {
            Ok(text) => text,
            Err(e) => {
                worker::console_warn!("reading the live queue for staff: {e:?}");
                return;
            }
        };
        let epoch = DateTime::<Utc>::MIN_UTC;
        for ws in sockets {
            if watcher_state(&ws, epoch).closing {
                continue;
            }
            // A failed send means that socket is closing.
            let _ = ws.send_with_str(&text);
        }
    }

    /// Sends the entry's view; at the entry's end, the last view, then
    /// closes the socket.
    fn send_watch(
        &self,
        ws: &WebSocket,
        row: &EntryRow,
        standing: Option<Standing>,
        pace: &Pace,
        state: &WatcherState,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let message = self.watch_message(row, standing, pace, state, now)?;
        ws.send_with_str(serde_json::to_string(&message)?)?;
        if is_final(row.status) {
            self.close_watcher(ws, 1000, "the visit has ended");
        }
        Ok(())
    }

    /// Pushes every watcher its entry's view after a change. A failed send
    /// means that socket is closing; the others still get theirs.
    /// The live entries are read in one query rather than one per socket.
    pub(super) fn broadcast(&self, snap: &Snapshot, now: DateTime<Utc>) {
        // Within the change's transaction: a message owed is queued with it.
        if let Err(e) = self.tell_turns(snap, now) {
            worker::console_error!("turn messages: {e:?}");
        }
        self.tell_staff(None);
        let sockets = self.state.get_websockets();
        if sockets.is_empty() {
            return;
        }
        let live = self.live_entries().unwrap_or_else(|e| {
            worker::console_warn!("reading live entries for watchers: {e:?}");
            HashMap::new()
        });
        for ws in sockets {
            if let Err(e) = self.push_with(&ws, snap, &live, now) {
                worker::console_warn!("watch push failed: {e:?}");
            }
        }
    }

    /// Every entry still waiting or with a doctor, by uid.
    fn live_entries(&self) -> ApiResult<HashMap<QueueUid, EntryRow>> {
        let rows: Vec<EntryRow> = self
            .sql
            .exec(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM entries WHERE status IN ('waiting', 'allocated')"
                ),
                None,
            )?
            .to_array()?;
        Ok(rows.into_iter().map(|r| (r.queue_uid.clone(), r)).collect())
    }
}

/// 400 `websocket_expected` for a request that is not a WebSocket upgrade.
fn expect_upgrade(req: &Request) -> ApiResult<()> {
    let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
    if upgrade.eq_ignore_ascii_case("websocket") {
        return Ok(());
    }
    Err(ApiError::BadRequest {
        code: ErrorCode::WebsocketExpected,
        field: None,
        message: "this endpoint only accepts a WebSocket upgrade".into(),
    })
}

fn is_final(status: QueueStatus) -> bool {
    matches!(status, QueueStatus::Completed | QueueStatus::Cancelled)
}

/// One move of a visit, as `VISIT_STAGE_CHANGED` tells it.
struct StageChange<'a> {
    queue_uid: &'a QueueUid,
    patient: &'a str,
    appointment: Option<AppointmentUid>,
    from: Stage,
    to: Visit,
}

/// What a watch socket carries across hibernation, in its attachment.
#[derive(Serialize, Deserialize)]
struct WatcherState {
    /// The entry's organisation, to sign the visit link with.
    org: Option<OrgUid>,
    /// `http(s)://host` the patient reached us at; links are relative
    /// without it.
    origin: Option<String>,
    /// The clinic's name, shown on the wait page.
    #[serde(default)]
    clinic: Option<String>,
    /// Milliseconds since the epoch; the oldest socket makes room first.
    opened_at: i64,
    allowance: Allowance,
    /// Closed by us; it may stay listed until the client answers.
    closing: bool,
}

/// A socket's state; sockets accepted before attachments existed count as
/// the oldest, with a fresh allowance.
fn watcher_state(ws: &WebSocket, now: DateTime<Utc>) -> WatcherState {
    ws.deserialize_attachment()
        .ok()
        .flatten()
        .unwrap_or_else(|| WatcherState {
            org: None,
            origin: None,
            clinic: None,
            opened_at: 0,
            allowance: Allowance::full(now.timestamp_millis()),
            closing: false,
        })
}
