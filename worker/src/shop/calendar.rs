//! The doctors' calendars in the shop: availability, slot search and the
//! appointment lifecycle. Every decision here is made against this object's
//! own storage in one synchronous step, so any instant of a doctor's time is
//! held or confirmed by at most one appointment, however many requests race.

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_core::calendar::appointment::{
    AppointmentError, AppointmentStatus, Lifecycle, PaymentMode,
};
use frontdesk_core::calendar::availability::Availability;
use frontdesk_core::calendar::rules::TypeRules;
use frontdesk_core::calendar::slots::{covers, free, is_offered, offered, pool_served, Slot};
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};
use frontdesk_core::queue::QueueStatus;
use frontdesk_core::turn::Language;
use frontdesk_core::view::calendar::{
    AppointmentDetail, AppointmentView, AvailabilityView, CheckedIn, HistoryEntry, SlotView, Slots,
};
use frontdesk_core::view::events::AppointmentData;
use frontdesk_core::wire::calendar::VisitDetails;
use frontdesk_core::zone::Zone as Tz;
use serde::Deserialize;
use serde_json::json;

use super::{ms, text, time, Book, Ending, Party, Placement, Shop};
use crate::ambient::entropy;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::repo::appointments::ProjectedAppointment;

/// Who acts when the shop itself changes an appointment (hold expiry).
const SYSTEM: &str = "system";

const COLUMNS: &str = "appointment_uid, org_uid, shop_uid, doctor_uid, patient_profile_uid, \
     appointment_type_uid, payment_mode, rules, status, start_at, end_at, hold_expires_at, \
     video_room_id, previous_meeting_uid, rebooked_to, cancellation_reason, checked_in_at, \
     queue_uid, created_at, updated_at, version, reasons, external_id, account_number";

/// `doctor_uid` of an appointment in the shop's pool (shop migration 5).
const POOL: &str = "";

/// A stored `doctor_uid`: the pool's `''` reads as no doctor.
fn pool_or_doctor<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<DoctorUid>, D::Error> {
    let stored = String::deserialize(d)?;
    if stored == POOL {
        return Ok(None);
    }
    DoctorUid::parse(&stored)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// An appointment as this object stores it. Ids and statuses are parsed as
/// the row is read, so a corrupt value is one error here, not a re-parse at
/// every use.
#[derive(Deserialize)]
pub(super) struct Row {
    pub(super) appointment_uid: AppointmentUid,
    pub(super) org_uid: OrgUid,
    pub(super) shop_uid: ShopUid,
    /// `None` while in the shop's pool.
    #[serde(deserialize_with = "pool_or_doctor")]
    pub(super) doctor_uid: Option<DoctorUid>,
    pub(super) patient_profile_uid: PatientProfileUid,
    pub(super) appointment_type_uid: AppointmentTypeUid,
    pub(super) payment_mode: PaymentMode,
    /// The type's rules as they were at booking, as JSON.
    pub(super) rules: String,
    pub(super) status: AppointmentStatus,
    pub(super) start_at: f64,
    pub(super) end_at: f64,
    pub(super) hold_expires_at: Option<f64>,
    pub(super) video_room_id: VideoRoomId,
    pub(super) previous_meeting_uid: Option<AppointmentUid>,
    pub(super) rebooked_to: Option<AppointmentUid>,
    pub(super) cancellation_reason: Option<String>,
    pub(super) checked_in_at: Option<f64>,
    pub(super) queue_uid: Option<QueueUid>,
    pub(super) created_at: f64,
    pub(super) updated_at: f64,
    pub(super) version: f64,
    /// Seed 002's reasons, as a JSON array.
    reasons: Option<String>,
    external_id: Option<String>,
    account_number: Option<String>,
}

impl Row {
    pub(super) fn rules(&self) -> ApiResult<TypeRules> {
        Ok(serde_json::from_str(&self.rules)?)
    }

    fn reasons(&self) -> ApiResult<Vec<String>> {
        match &self.reasons {
            Some(json) => Ok(serde_json::from_str(json)?),
            None => Ok(vec![]),
        }
    }

    pub(super) fn doctor(&self) -> Option<&str> {
        self.doctor_uid.as_ref().map(DoctorUid::as_str)
    }

    fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.status,
            start: time(self.start_at),
            hold_expires_at: self.hold_expires_at.map(time),
            checked_in: self.checked_in_at.is_some(),
        }
    }
}

/// How a new appointment is placed.
#[derive(Debug, Clone, Copy)]
enum Placed {
    Confirmed,
    /// A hold, released at this instant unless confirmed first.
    HeldUntil(DateTime<Utc>),
}

impl From<AppointmentError> for ApiError {
    fn from(e: AppointmentError) -> Self {
        let code = match e {
            AppointmentError::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            AppointmentError::HoldExpired => ErrorCode::HoldExpired,
            AppointmentError::AlreadyCheckedIn => ErrorCode::AlreadyCheckedIn,
            AppointmentError::NoticeTooShort { .. } => ErrorCode::NoticeTooShort,
            AppointmentError::SameDoctorOnly => ErrorCode::RebookingMode,
            AppointmentError::NotStarted => ErrorCode::NotStarted,
        };
        ApiError::conflict(code, e.to_string())
    }
}

fn slot_unavailable() -> ApiError {
    ApiError::conflict(
        ErrorCode::SlotUnavailable,
        "that start time is not one of the doctor's offered slots for this appointment type",
    )
}

fn slot_taken() -> ApiError {
    ApiError::conflict(ErrorCode::SlotTaken, "that time is no longer free")
}

impl Shop {
    fn appointment_view(&self, r: &Row) -> ApiResult<AppointmentView> {
        Ok(AppointmentView {
            appointment_uid: r.appointment_uid.clone(),
            status: r.status,
            shop_uid: r.shop_uid.clone(),
            doctor_uid: r.doctor_uid.clone(),
            patient_profile_uid: r.patient_profile_uid.clone(),
            appointment_type_uid: r.appointment_type_uid.clone(),
            payment_mode: r.payment_mode,
            start: time(r.start_at),
            end: time(r.end_at),
            hold_expires_at: r.hold_expires_at.map(time),
            video_room_id: r.video_room_id.clone(),
            join_url: format!("{}/{}", self.config()?.jitsi_base_url, r.video_room_id),
            previous_meeting_uid: r.previous_meeting_uid.clone(),
            rebooked_to: r.rebooked_to.clone(),
            cancellation_reason: r.cancellation_reason.clone(),
            checked_in_at: r.checked_in_at.map(time),
            queue_uid: r.queue_uid.clone(),
            created_at: time(r.created_at),
            updated_at: time(r.updated_at),
            reasons: r.reasons()?,
            external_id: r.external_id.clone(),
            account_number: r.account_number.clone(),
        })
    }

    /// An appointment as `party` may see it: another patient's is not
    /// found.
    fn owned(&self, uid: &str, party: &Party) -> ApiResult<Row> {
        let row = self.appointment(uid)?;
        match party {
            Party::Patient(p) if *p != row.patient_profile_uid => {
                Err(ApiError::not_found("appointment"))
            }
            _ => Ok(row),
        }
    }

    fn appointment(&self, uid: &str) -> ApiResult<Row> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                &format!("SELECT {COLUMNS} FROM appointments WHERE appointment_uid = ?"),
                vec![text(uid)],
            )?
            .to_array()?;
        rows.into_iter()
            .next()
            .ok_or_else(|| ApiError::not_found("appointment"))
    }

    /// Records what happened, bumps the version and queues the projection,
    /// all in the caller's storage unit.
    /// Records what happened in the history, publishes the matching event
    /// and queues the new state for the read model, all in the caller's
    /// storage unit.
    fn record(
        &self,
        uid: &str,
        action: &str,
        actor: &str,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> ApiResult<Row> {
        self.sql.exec(
            "INSERT INTO appointment_history (appointment_uid, at, action, actor, detail) VALUES (?, ?, ?, ?, ?)",
            vec![
                text(uid),
                ms(now),
                text(action),
                text(actor),
                detail.map(str::to_owned).into(),
            ],
        )?;
        // Every change of an appointment is in the audit log too, by way of
        // the outbox.
        self.audit(actor, &format!("appointment.{action}"), uid, now)?;
        let row = self.project(uid, now)?;
        // Each change under Frontdesk's name and, where seed 002 has one,
        // under seed 002's too (the same data), for its integrations.
        let (event, seed_002) = match action {
            "held" => (Some("APPOINTMENT_HELD"), None),
            "booked" | "confirmed" => {
                (Some("APPOINTMENT_CONFIRMED"), Some("appointment:scheduled"))
            }
            "cancelled" => (Some("APPOINTMENT_CANCELLED"), Some("appointment:cancelled")),
            "expired" => (Some("APPOINTMENT_EXPIRED"), None),
            "rebooked" => (
                Some("APPOINTMENT_REBOOKED"),
                Some("appointment:rescheduled"),
            ),
            "checked_in" => (Some("APPOINTMENT_CHECKED_IN"), None),
            "completed" => (Some("APPOINTMENT_COMPLETED"), Some("appointment:completed")),
            "no_show" => (Some("APPOINTMENT_NO_SHOW"), Some("appointment:no-show")),
            // The new half of a rebooking is announced by APPOINTMENT_REBOOKED.
            _ => (None, None),
        };
        for kind in [event, seed_002].into_iter().flatten() {
            self.emit(kind, serde_json::to_value(appointment_data(&row))?, now)?;
        }
        Ok(row)
    }

    /// A checked-in appointment's patient left the queue: seed 002's
    /// `appointment:lwbs` when nobody had seen them yet (left without
    /// being seen), `appointment:incompleted` once an assistant or a doctor
    /// had.
    pub(super) fn left_the_queue(
        &self,
        queue_uid: &QueueUid,
        lwbs: bool,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                &format!("SELECT {COLUMNS} FROM appointments WHERE queue_uid = ?"),
                vec![text(queue_uid.as_str())],
            )?
            .to_array()?;
        let kind = if lwbs {
            "appointment:lwbs"
        } else {
            "appointment:incompleted"
        };
        for row in rows {
            self.emit(kind, serde_json::to_value(appointment_data(&row))?, now)?;
        }
        Ok(())
    }

    /// Bumps the version and queues the appointment's state for the read
    /// model, with when its next reminder falls due.
    pub(super) fn project(&self, uid: &str, now: DateTime<Utc>) -> ApiResult<Row> {
        self.sql.exec(
            "UPDATE appointments SET version = version + 1, updated_at = ? WHERE appointment_uid = ?",
            vec![ms(now), text(uid)],
        )?;
        let row = self.appointment(uid)?;
        let reminded = frontdesk_core::calendar::reminders::Reminded {
            status: row.status,
            start: time(row.start_at),
            patient: row.patient_profile_uid.as_str(),
            doctor: row.doctor(),
        };
        let next_reminder_at =
            self.next_reminder_at(uid, &reminded, &row.rules()?.reminders, now)?;
        self.index_next_reminder(uid, next_reminder_at)?;
        let projected = ProjectedAppointment {
            appointment_uid: row.appointment_uid.as_str().to_owned(),
            org_uid: row.org_uid.as_str().to_owned(),
            shop_uid: row.shop_uid.as_str().to_owned(),
            doctor_uid: row.doctor().unwrap_or(POOL).to_owned(),
            patient_profile_uid: row.patient_profile_uid.as_str().to_owned(),
            appointment_type_uid: row.appointment_type_uid.as_str().to_owned(),
            status: row.status.as_str().to_owned(),
            start_at: row.start_at as i64,
            next_reminder_at: next_reminder_at.map(|t| t.timestamp_millis()),
            version: row.version as i64,
            body: serde_json::to_string(&self.appointment_view(&row)?)?,
        };
        self.enqueue_projection(&projected, now)?;
        Ok(row)
    }

    pub(super) fn appointment_row(&self, uid: &str) -> ApiResult<Row> {
        self.appointment(uid)
    }

    /// Confirmed, upcoming appointments whose next reminder is due by
    /// `now`: one query on the `appointment_next_reminder` index.
    pub(super) fn reminders_due(&self, now: DateTime<Utc>) -> ApiResult<Vec<Row>> {
        let columns = COLUMNS
            .split(", ")
            .map(|c| format!("a.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(self
            .sql
            .exec(
                &format!(
                    "SELECT {columns} FROM appointment_next_reminder n
                     JOIN appointments a ON a.appointment_uid = n.appointment_uid
                     WHERE n.due_at <= ? AND a.status = 'confirmed' AND a.start_at > ?"
                ),
                vec![ms(now), ms(now)],
            )?
            .to_array()?)
    }

    fn set_status(&self, uid: &str, status: AppointmentStatus) -> ApiResult<()> {
        self.sql.exec(
            "UPDATE appointments SET status = ? WHERE appointment_uid = ?",
            vec![text(status.as_str()), text(uid)],
        )?;
        Ok(())
    }

    /// Expires every hold whose deadline has passed. The alarm calls this at
    /// the deadline; commands call it first so that their decisions never
    /// count a lapsed hold as busy, even if the alarm is a moment late.
    pub(super) fn expire_lapsed_holds(&self, now: DateTime<Utc>) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Lapsed {
            appointment_uid: String,
        }
        let lapsed: Vec<Lapsed> = self
            .sql
            .exec(
                "SELECT appointment_uid FROM appointments WHERE status = 'held' AND hold_expires_at <= ?",
                vec![ms(now)],
            )?
            .to_array()?;
        for l in lapsed {
            let row = self.appointment(&l.appointment_uid)?;
            let next = row.lifecycle().expire(now)?;
            self.set_status(&l.appointment_uid, next)?;
            self.record(&l.appointment_uid, "expired", SYSTEM, None, now)?;
        }
        Ok(())
    }

    fn stored_availability(&self, doctor: &DoctorUid) -> ApiResult<Availability> {
        #[derive(Deserialize)]
        struct Stored {
            body: String,
        }
        let rows: Vec<Stored> = self
            .sql
            .exec(
                "SELECT body FROM availability WHERE doctor_uid = ?",
                vec![text(doctor.as_str())],
            )?
            .to_array()?;
        match rows.first() {
            Some(r) => Ok(serde_json::from_str(&r.body)?),
            None => Ok(Availability::default()),
        }
    }

    pub(super) fn availability_view(&self, doctor: &DoctorUid) -> ApiResult<AvailabilityView> {
        let a = self.stored_availability(doctor)?;
        Ok(AvailabilityView {
            doctor_uid: doctor.clone(),
            weekly: a.weekly,
            overrides: a.overrides,
        })
    }

    pub(super) fn set_availability(
        &self,
        doctor: &DoctorUid,
        availability: &Availability,
        now: DateTime<Utc>,
    ) -> ApiResult<AvailabilityView> {
        self.sql.exec(
            "INSERT INTO availability (doctor_uid, body, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (doctor_uid) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            vec![
                text(doctor.as_str()),
                text(&serde_json::to_string(availability)?),
                ms(now),
            ],
        )?;
        self.availability_view(doctor)
    }

    /// The doctor's held and confirmed time overlapping `[from, to)`,
    /// ignoring `except` (the appointment being rebooked).
    fn busy(
        &self,
        doctor: &DoctorUid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except: Option<&str>,
    ) -> ApiResult<Vec<Slot>> {
        self.booked(doctor.as_str(), from, to, except)
    }

    /// Held or confirmed appointments of `owner` (a doctor's uid, or
    /// [`POOL`]) overlapping `from`..`to`, but `except`.
    fn booked(
        &self,
        owner: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        except: Option<&str>,
    ) -> ApiResult<Vec<Slot>> {
        #[derive(Deserialize)]
        struct Busy {
            start_at: f64,
            end_at: f64,
        }
        let rows: Vec<Busy> = self
            .sql
            .exec(
                "SELECT start_at, end_at FROM appointments
                 WHERE doctor_uid = ? AND status IN ('held', 'confirmed')
                   AND start_at < ? AND end_at > ? AND appointment_uid != ?",
                vec![text(owner), ms(to), ms(from), text(except.unwrap_or(""))],
            )?
            .to_array()?;
        Ok(rows
            .iter()
            .map(|b| Slot {
                start: time(b.start_at),
                end: time(b.end_at),
            })
            .collect())
    }

    pub(super) fn slots(
        &self,
        doctors: &[DoctorUid],
        rules: &TypeRules,
        tz: Tz,
        start_date: NaiveDate,
        end_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> ApiResult<Slots> {
        self.expire_lapsed_holds(now)?;
        let not_before = now + rules.booking_notice();
        let mut out = Vec::new();
        for doctor in doctors {
            let all = offered(
                &self.stored_availability(doctor)?,
                tz,
                start_date,
                end_date,
                rules.duration(),
            );
            let (Some(first), Some(last)) = (all.first(), all.last()) else {
                continue;
            };
            let busy = self.busy(doctor, first.start, last.end, None)?;
            out.extend(
                free(all, &busy, not_before)
                    .into_iter()
                    .map(|s| (s, doctor)),
            );
        }
        // Pool visits take doctors too: a time they fill is no doctor's
        // slot and no pool slot (the booking would be refused).
        if let (Some(first), Some(last)) = (
            out.iter().map(|(s, _)| s.start).min(),
            out.iter().map(|(s, _)| s.end).max(),
        ) {
            let pool = self.booked(POOL, first, last, None)?;
            if !pool.is_empty() {
                let mut kept = Vec::with_capacity(out.len());
                for (slot, doctor) in out {
                    let overlaps = pool
                        .iter()
                        .any(|p| p.start < slot.end && p.end > slot.start);
                    if !overlaps || self.pool_left_served(tz, slot, doctor)? {
                        kept.push((slot, doctor));
                    }
                }
                out = kept;
            }
        }
        out.sort_by(|a, b| (a.0.start, a.1).cmp(&(b.0.start, b.1)));
        Ok(Slots {
            time_zone: tz.name().to_owned(),
            slots: out
                .into_iter()
                .map(|(s, d)| SlotView {
                    doctor_uid: d.clone(),
                    start: s.start,
                    end: s.end,
                })
                .collect(),
        })
    }

    /// Checks that `start` is a free, offered slot of `doctor` far enough
    /// ahead, and returns it.
    fn claimable(
        &self,
        doctor: &DoctorUid,
        rules: &TypeRules,
        tz: Tz,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        except: Option<&str>,
    ) -> ApiResult<Slot> {
        let slot = is_offered(
            &self.stored_availability(doctor)?,
            tz,
            start,
            rules.duration(),
        )
        .ok_or_else(slot_unavailable)?;
        check_notice(rules, slot, now)?;
        if !self.busy(doctor, slot.start, slot.end, except)?.is_empty() {
            return Err(slot_taken());
        }
        Ok(slot)
    }

    /// Whether the other doctors free at `slot` serve every pool visit
    /// then, so that `doctor` may take it (or the pool one more visit).
    fn pool_left_served(&self, tz: Tz, slot: Slot, doctor: &DoctorUid) -> ApiResult<bool> {
        let pool = self.pool_visits(slot, None)?;
        if pool == 0 {
            return Ok(true);
        }
        let (_, others) = self.doctors_free(tz, slot, Some(doctor), None)?;
        Ok(pool_served(others, pool))
    }

    /// A doctor's booking at `slot`, checked already against their own
    /// calendar, must also leave every pool visit then a doctor.
    fn keep_pool_served(
        &self,
        tz: Tz,
        slot: Slot,
        doctor: &DoctorUid,
        except: Option<&str>,
    ) -> ApiResult<()> {
        let pool = self.pool_visits(slot, except)?;
        if pool == 0 {
            return Ok(());
        }
        let (_, others) = self.doctors_free(tz, slot, Some(doctor), except)?;
        if !pool_served(others, pool) {
            return Err(ApiError::conflict(
                ErrorCode::SlotTaken,
                "that time is kept for the shop's pool: the other doctors free then have its appointments",
            ));
        }
        Ok(())
    }

    /// `start` as a pool appointment's slot: some doctor's hours cover it,
    /// and the pool stays served with one more visit.
    fn pool_slot(
        &self,
        rules: &TypeRules,
        tz: Tz,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
        except: Option<&str>,
    ) -> ApiResult<Slot> {
        let end = start
            .checked_add_signed(rules.duration())
            .ok_or_else(slot_unavailable)?;
        let slot = Slot { start, end };
        check_notice(rules, slot, now)?;
        let (covering, free) = self.doctors_free(tz, slot, None, except)?;
        if covering == 0 {
            return Err(ApiError::conflict(
                ErrorCode::SlotUnavailable,
                "no doctor of this shop has hours covering that time",
            ));
        }
        let pool = self.pool_visits(slot, except)?;
        if !pool_served(free, pool.saturating_add(1)) {
            return Err(ApiError::conflict(
                ErrorCode::SlotTaken,
                "the shop's pool is full then: every doctor free at that time has a visit",
            ));
        }
        Ok(slot)
    }

    /// The doctors whose hours cover `slot`, and how many of those have
    /// nothing booked in it; `excluding` one doctor.
    fn doctors_free(
        &self,
        tz: Tz,
        slot: Slot,
        excluding: Option<&DoctorUid>,
        except: Option<&str>,
    ) -> ApiResult<(usize, usize)> {
        #[derive(Deserialize)]
        struct Hours {
            doctor_uid: DoctorUid,
        }
        let doctors: Vec<Hours> = self
            .sql
            .exec("SELECT doctor_uid FROM availability", None)?
            .to_array()?;
        let (mut covering, mut free) = (0usize, 0usize);
        for d in doctors {
            if Some(&d.doctor_uid) == excluding {
                continue;
            }
            if !covers(&self.stored_availability(&d.doctor_uid)?, tz, slot) {
                continue;
            }
            covering += 1;
            if self
                .busy(&d.doctor_uid, slot.start, slot.end, except)?
                .is_empty()
            {
                free += 1;
            }
        }
        Ok((covering, free))
    }

    /// Pool appointments held or confirmed overlapping `slot`.
    fn pool_visits(&self, slot: Slot, except: Option<&str>) -> ApiResult<usize> {
        #[derive(Deserialize)]
        struct Count {
            n: u32,
        }
        let counted: Vec<Count> = self
            .sql
            .exec(
                "SELECT COUNT(*) AS n FROM appointments
                 WHERE doctor_uid = ? AND status IN ('held', 'confirmed')
                   AND start_at < ? AND end_at > ? AND appointment_uid != ?",
                vec![
                    text(POOL),
                    ms(slot.end),
                    ms(slot.start),
                    text(except.unwrap_or("")),
                ],
            )?
            .to_array()?;
        Ok(counted.first().map_or(0, |c| c.n as usize))
    }

    /// The rules a booking is decided and kept by: its type's, with the
    /// clinic's own length where the shop allows one.
    fn booked_rules(&self, b: &Book) -> ApiResult<TypeRules> {
        let mut rules = b.rules.clone();
        if let Some(minutes) = b.duration_minutes {
            if !self.free_duration()? {
                return Err(ApiError::conflict(
                    ErrorCode::FreeDurationOff,
                    "this shop books every appointment for its type's duration (see its workflow's free_duration)",
                ));
            }
            rules.duration_minutes = minutes;
        }
        Ok(rules)
    }

    /// A doctor took a checked-in pool appointment's patient: the
    /// appointment is theirs from now on, in the room of the visit.
    pub(super) fn take_from_pool(
        &self,
        queue_uid: &QueueUid,
        doctor: &DoctorUid,
        room: &VideoRoomId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                &format!(
                    "SELECT {COLUMNS} FROM appointments WHERE queue_uid = ? AND doctor_uid = ?"
                ),
                vec![text(queue_uid.as_str()), text(POOL)],
            )?
            .to_array()?;
        for row in rows {
            let uid = row.appointment_uid.as_str();
            self.sql.exec(
                "UPDATE appointments SET doctor_uid = ?, video_room_id = ? WHERE appointment_uid = ?",
                vec![text(doctor.as_str()), text(room.as_str()), text(uid)],
            )?;
            self.record(uid, "taken_from_pool", actor, Some(doctor.as_str()), now)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_appointment(
        &self,
        b: &Book,
        doctor: Option<&DoctorUid>,
        room: &VideoRoomId,
        rules: &TypeRules,
        slot: Slot,
        placed: Placed,
        previous: Option<&str>,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentUid> {
        let uid = AppointmentUid::new(&b.shop_uid, &entropy());
        let (status, hold_expires_at) = match placed {
            Placed::Confirmed => (AppointmentStatus::Confirmed, None),
            Placed::HeldUntil(at) => (AppointmentStatus::Held, Some(at)),
        };
        let details = &b.details;
        let reasons = match details.reasons.is_empty() {
            true => None,
            false => Some(serde_json::to_string(&details.reasons)?),
        };
        self.sql.exec(
            "INSERT INTO appointments (appointment_uid, org_uid, shop_uid, doctor_uid, patient_profile_uid,
                 appointment_type_uid, payment_mode, rules, status, start_at, end_at, hold_expires_at,
                 video_room_id, previous_meeting_uid, created_at, updated_at, version,
                 reasons, external_id, account_number)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            vec![
                text(uid.as_str()),
                text(b.org_uid.as_str()),
                text(b.shop_uid.as_str()),
                text(doctor.map_or(POOL, DoctorUid::as_str)),
                text(b.patient_profile_uid.as_str()),
                text(b.appointment_type_uid.as_str()),
                text(b.payment_mode.as_str()),
                text(&serde_json::to_string(rules)?),
                text(status.as_str()),
                ms(slot.start),
                ms(slot.end),
                hold_expires_at.map(|t| t.timestamp_millis()).into(),
                text(room.as_str()),
                previous.map(str::to_owned).into(),
                ms(now),
                ms(now),
                reasons.into(),
                details.external_id.clone().into(),
                details.account_number.clone().into(),
            ],
        )?;
        Ok(uid)
    }

    /// One patient may hold only a few slots of this shop at once; past
    /// that, 429 until the earliest of their holds ends.
    fn check_hold_limit(&self, patient: &PatientProfileUid, now: DateTime<Utc>) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Holds {
            n: f64,
            first_expiry: Option<f64>,
        }
        let limit = self.config()?.limits.holds_per_patient;
        let holds: Vec<Holds> = self
            .sql
            .exec(
                "SELECT COUNT(*) AS n, MIN(hold_expires_at) AS first_expiry FROM appointments
                 WHERE status = 'held' AND patient_profile_uid = ?",
                vec![text(patient.as_str())],
            )?
            .to_array()?;
        let Some(holds) = holds.first() else {
            return Ok(());
        };
        if holds.n < f64::from(limit) {
            return Ok(());
        }
        let wait = holds
            .first_expiry
            .map(|t| (time(t) - now).num_seconds().clamp(1, 86_400))
            .unwrap_or(60);
        Err(ApiError::TooManyRequests {
            code: ErrorCode::TooManyHolds,
            message: format!(
                "a patient may hold at most {limit} appointments in a shop at once; confirm or cancel one"
            ),
            retry_after: u32::try_from(wait).unwrap_or(60),
        })
    }

    pub(super) fn book(&self, b: &Book, now: DateTime<Utc>) -> ApiResult<AppointmentView> {
        let confirm = b.placement == Placement::Confirm;
        let fingerprint = json!([
            "book",
            b.doctor_uid,
            b.appointment_type_uid,
            b.patient_profile_uid,
            b.start,
            b.payment_mode,
            confirm,
            b.details,
            b.duration_minutes
        ])
        .to_string();
        let key = b.idempotency_key.as_ref().map(|k| format!("book:{k}"));
        if let Some(key) = &key {
            if let Some(first) = self.remembered(key, &fingerprint, now)? {
                return Ok(first);
            }
        }
        self.expire_lapsed_holds(now)?;
        let placed = if confirm {
            Placed::Confirmed
        } else {
            self.check_hold_limit(&b.patient_profile_uid, now)?;
            let until = now
                .checked_add_signed(b.rules.hold_ttl())
                .ok_or_else(|| ApiError::Internal("hold expiry out of range".into()))?;
            Placed::HeldUntil(until)
        };
        let tz = super::parse_tz(&b.time_zone)?;
        let rules = self.booked_rules(b)?;
        let slot = match &b.doctor_uid {
            Some(doctor) => {
                let slot = self.claimable(doctor, &rules, tz, b.start, now, None)?;
                self.keep_pool_served(tz, slot, doctor, None)?;
                slot
            }
            None => self.pool_slot(&rules, tz, b.start, now, None)?,
        };
        let doctor = b.doctor_uid.as_ref();
        let room = &b.video_room_id;
        let uid = self.insert_appointment(b, doctor, room, &rules, slot, placed, None, now)?;
        let action = if confirm { "booked" } else { "held" };
        let row = self.record(uid.as_str(), action, &b.actor, None, now)?;
        let view = self.appointment_view(&row)?;
        if let Some(key) = &key {
            self.remember(key, &fingerprint, &view, now)?;
        }
        Ok(view)
    }

    pub(super) fn appointment_detail(
        &self,
        uid: &AppointmentUid,
        party: &Party,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentDetail> {
        let row = self.owned(uid.as_str(), party)?;
        self.audit(actor, "appointment.read", uid.as_str(), now)?;
        #[derive(Deserialize)]
        struct Event {
            at: f64,
            action: String,
            actor: String,
            detail: Option<String>,
        }
        let events: Vec<Event> = self
            .sql
            .exec(
                "SELECT at, action, actor, detail FROM appointment_history WHERE appointment_uid = ? ORDER BY id",
                vec![text(uid.as_str())],
            )?
            .to_array()?;
        // The chain of appointments this one replaced, newest first.
        let mut chain = Vec::new();
        let mut previous = row.previous_meeting_uid.clone();
        while let Some(p) = previous.take() {
            if chain.contains(&p) || chain.len() >= 100 {
                break;
            }
            previous = self
                .appointment(p.as_str())
                .ok()
                .and_then(|r| r.previous_meeting_uid);
            chain.push(p);
        }
        Ok(AppointmentDetail {
            appointment: self.appointment_view(&row)?,
            history: events
                .into_iter()
                .map(|e| HistoryEntry {
                    at: time(e.at),
                    action: e.action,
                    actor: e.actor,
                    detail: e.detail,
                })
                .collect(),
            previous_meetings: chain,
        })
    }

    pub(super) fn confirm(
        &self,
        uid: &AppointmentUid,
        party: &Party,
        payment_mode: Option<PaymentMode>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentView> {
        let row = self.owned(uid.as_str(), party)?;
        // Decide on the row as it stands, so a lapsed hold is reported as
        // such (`hold_expired`) even if the alarm has not run yet. (A
        // refusal rolls the expiry below back; the alarm expires the hold.)
        let decision = row.lifecycle().confirm(now);
        self.expire_lapsed_holds(now)?;
        let next = decision?;
        self.set_status(uid.as_str(), next)?;
        self.sql.exec(
            "UPDATE appointments SET hold_expires_at = NULL, payment_mode = COALESCE(?, payment_mode)
             WHERE appointment_uid = ?",
            vec![
                payment_mode.map(|m| m.as_str().to_owned()).into(),
                text(uid.as_str()),
            ],
        )?;
        let row = self.record(uid.as_str(), "confirmed", actor, None, now)?;
        self.appointment_view(&row)
    }

    pub(super) fn cancel(
        &self,
        uid: &AppointmentUid,
        reason: &str,
        party: &Party,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentView> {
        self.expire_lapsed_holds(now)?;
        let row = self.owned(uid.as_str(), party)?;
        let life = row.lifecycle();
        let next = match party {
            Party::Patient(_) => life.cancel_as_patient(now, row.rules()?.cancel_notice())?,
            Party::Clinic => life.cancel_as_admin()?,
        };
        self.set_status(uid.as_str(), next)?;
        self.sql.exec(
            "UPDATE appointments SET cancellation_reason = ? WHERE appointment_uid = ?",
            vec![text(reason), text(uid.as_str())],
        )?;
        self.release_waiting_entry(row.queue_uid.as_ref(), now)?;
        let row = self.record(uid.as_str(), "cancelled", actor, Some(reason), now)?;
        self.appointment_view(&row)
    }

    /// Moves an appointment: the old one is cancelled with reason `rebooked`
    /// and a new one, linked by `previous_meeting_uid`, takes the new slot.
    /// Both writes happen in this one synchronous step, or neither does.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn rebook(
        &self,
        uid: &AppointmentUid,
        start: DateTime<Utc>,
        doctor: Option<(DoctorUid, VideoRoomId)>,
        tz: Tz,
        party: &Party,
        actor: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentView> {
        self.expire_lapsed_holds(now)?;
        let old = self.owned(uid.as_str(), party)?;
        let rules = old.rules()?;
        let (doctor, room) = match doctor {
            Some((doctor, room)) => (Some(doctor), room),
            None => (old.doctor_uid.clone(), old.video_room_id.clone()),
        };
        let next = old
            .lifecycle()
            .rebook(now, &rules.rebook_policy(), doctor == old.doctor_uid)?;
        // The old appointment's own time does not block its move.
        let except = Some(uid.as_str());
        let slot = match &doctor {
            Some(d) => {
                let slot = self.claimable(d, &rules, tz, start, now, except)?;
                self.keep_pool_served(tz, slot, d, except)?;
                slot
            }
            None => self.pool_slot(&rules, tz, start, now, except)?,
        };
        let confirmed = old.status == AppointmentStatus::Confirmed;
        let booking = Book {
            org_uid: old.org_uid.clone(),
            shop_uid: uid.shop(),
            doctor_uid: doctor.clone(),
            video_room_id: room.clone(),
            appointment_type_uid: old.appointment_type_uid.clone(),
            patient_profile_uid: old.patient_profile_uid.clone(),
            payment_mode: old.payment_mode,
            rules,
            time_zone: tz.name().to_owned(),
            start,
            placement: if confirmed {
                Placement::Confirm
            } else {
                Placement::Hold
            },
            idempotency_key: None,
            actor: actor.to_owned(),
            details: VisitDetails {
                reasons: old.reasons()?,
                external_id: old.external_id.clone(),
                account_number: old.account_number.clone(),
            },
            duration_minutes: None,
        };
        // A moved hold keeps its deadline: rebooking again and again must
        // not hold a slot for ever.
        let placed = match old.hold_expires_at {
            Some(deadline) if !confirmed => Placed::HeldUntil(time(deadline)),
            _ => Placed::Confirmed,
        };
        let new_uid = self.insert_appointment(
            &booking,
            doctor.as_ref(),
            &room,
            &booking.rules,
            slot,
            placed,
            Some(uid.as_str()),
            now,
        )?;
        self.set_status(uid.as_str(), next)?;
        self.sql.exec(
            "UPDATE appointments SET cancellation_reason = 'rebooked', rebooked_to = ? WHERE appointment_uid = ?",
            vec![text(new_uid.as_str()), text(uid.as_str())],
        )?;
        self.release_waiting_entry(old.queue_uid.as_ref(), now)?;
        self.record(uid.as_str(), "rebooked", actor, Some(new_uid.as_str()), now)?;
        let row = self.record(
            new_uid.as_str(),
            "rebooked_from",
            actor,
            Some(uid.as_str()),
            now,
        )?;
        self.appointment_view(&row)
    }

    /// Checks a confirmed patient in: they join the waiting room with the
    /// appointment's doctor preferred, so scheduled and walk-in visits are
    /// one flow from here on.
    pub(super) fn check_in(
        &self,
        uid: &AppointmentUid,
        actor: &str,
        language: Option<Language>,
        now: DateTime<Utc>,
    ) -> ApiResult<CheckedIn> {
        let row = self.appointment(uid.as_str())?;
        row.lifecycle().check_in()?;
        let queue_uid = self.insert_entry(
            &row.shop_uid,
            &row.patient_profile_uid,
            row.doctor_uid.as_ref(),
            Some("Scheduled appointment"),
            language,
            Some(uid),
            now,
        )?;
        self.sql.exec(
            "UPDATE appointments SET checked_in_at = ?, queue_uid = ? WHERE appointment_uid = ?",
            vec![ms(now), text(queue_uid.as_str()), text(uid.as_str())],
        )?;
        let row = self.record(
            uid.as_str(),
            "checked_in",
            actor,
            Some(queue_uid.as_str()),
            now,
        )?;
        // Like a registration, a check-in joins the queue at the end and
        // moves no one: no patient's watcher is told; staff see it.
        self.tell_staff(None);
        Ok(CheckedIn {
            appointment: self.appointment_view(&row)?,
            position: self.place(&queue_uid)?.map(|s| s.place.position),
        })
    }

    /// Completes the appointment, or marks it a no-show.
    pub(super) fn finish(
        &self,
        uid: &AppointmentUid,
        actor: &str,
        ending: Ending,
        now: DateTime<Utc>,
    ) -> ApiResult<AppointmentView> {
        let row = self.appointment(uid.as_str())?;
        let life = row.lifecycle();
        let (next, action) = match ending {
            Ending::Attended => (life.complete(now)?, "completed"),
            Ending::NoShow => (life.no_show(now)?, "no_show"),
        };
        self.set_status(uid.as_str(), next)?;
        self.release_waiting_entry(row.queue_uid.as_ref(), now)?;
        let row = self.record(uid.as_str(), action, actor, None, now)?;
        self.appointment_view(&row)
    }

    /// A patient still waiting in the queue for an appointment that has
    /// ended (cancelled, moved, or completed without the queue)
    /// leaves the queue, and the watchers see it. A patient already with
    /// the doctor is left to the doctor.
    fn release_waiting_entry(
        &self,
        queue_uid: Option<&QueueUid>,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let Some(queue_uid) = queue_uid else {
            return Ok(());
        };
        let entry = self.entry(queue_uid)?;
        if entry.status != QueueStatus::Waiting {
            return Ok(());
        }
        self.cancel_entry(queue_uid, &entry, now)?;
        self.broadcast(&self.snapshot()?, now);
        Ok(())
    }

    /// The consultation a checked-in appointment joined the queue for has
    /// been completed: so is the appointment (actor `system`, the queue
    /// entry as detail).
    pub(super) fn complete_checked_in(
        &self,
        queue_uid: &QueueUid,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                &format!("SELECT {COLUMNS} FROM appointments WHERE queue_uid = ?"),
                vec![text(queue_uid.as_str())],
            )?
            .to_array()?;
        for row in rows {
            // Already completed, cancelled or missed by hand: nothing to do.
            let Ok(next) = row.lifecycle().complete(now) else {
                continue;
            };
            self.set_status(row.appointment_uid.as_str(), next)?;
            self.record(
                row.appointment_uid.as_str(),
                "completed",
                SYSTEM,
                Some(queue_uid.as_str()),
                now,
            )?;
        }
        Ok(())
    }
}

/// 409 `notice_too_short` for a slot sooner than the type allows.
fn check_notice(rules: &TypeRules, slot: Slot, now: DateTime<Utc>) -> ApiResult<()> {
    if slot.start < now + rules.booking_notice() {
        return Err(ApiError::conflict(
            ErrorCode::NoticeTooShort,
            format!(
                "this appointment type must be booked at least {} minutes ahead",
                rules.min_booking_notice_minutes
            ),
        ));
    }
    Ok(())
}

/// The data every appointment event carries.
fn appointment_data(row: &Row) -> AppointmentData {
    AppointmentData {
        appointment_uid: row.appointment_uid.clone(),
        shop_uid: row.shop_uid.clone(),
        doctor_uid: row.doctor_uid.clone(),
        patient_profile_uid: row.patient_profile_uid.clone(),
        appointment_type_uid: row.appointment_type_uid.clone(),
        status: row.status,
        start: time(row.start_at),
        end: time(row.end_at),
        previous_meeting_uid: row.previous_meeting_uid.clone(),
        rebooked_to: row.rebooked_to.clone(),
        queue_uid: row.queue_uid.clone(),
    }
}
