//! The typed client of the Shop object: each request is a type that names
//! its reply, so a caller gets the reply or an [`ApiError`], never a raw
//! response to branch on by status or edit by key.
//!
//! On the wire a request travels as [`crate::object`] says: the one way
//! the worker talks to its objects. The patient's watch socket is the one call that is not a
//! request: it is an upgrade, forwarded as it is ([`Client::watch`]).

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::availability::Availability;
use frontdesk_core::calendar::rules::TypeRules;
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};
use frontdesk_core::stage::Step;
use frontdesk_core::turn::{Language, TurnContact};
use frontdesk_core::view::calendar::{
    AppointmentDetail, AppointmentView, AvailabilityView, CheckedIn, RemindersRun, Slots,
};
use frontdesk_core::view::queue::{
    Allocation, EntryView, Intake, Message, MyTurnView, PresenceView, Registered, WorkflowView,
};
use frontdesk_core::wire::calendar::VisitDetails;
use serde::{Deserialize, Serialize};
use worker::{Env, Method, Request, RequestInit, Response};

use crate::error::{ApiError, ApiResult};
use crate::object::{self, ObjectRequest};

/// A request the Shop object answers with `Reply`.
pub trait ShopRequest: ObjectRequest<Op = Op> {}
impl<R: ObjectRequest<Op = Op>> ShopRequest for R {}

/// How the object runs a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Changes nothing: no transaction, no outbox delivery after.
    Read,
    /// Changes nothing but leaves an audit row, delivered by the alarm
    /// soon after, so the read never waits for D1.
    AuditedRead,
    /// One transaction; the alarm delivers the outbox after the answer.
    Change,
    /// One transaction per appointment, so one bad row holds up no other.
    Reminders,
}

// A slot search may expire lapsed holds, so it is a change.
crate::requests! {
    Register => Registered, Change;
    Status => EntryView, Read;
    CancelRegistration => Message, Change;
    CompleteConsultation => EntryView, Change;
    Allocate => Option<Allocation>, Change;
    Presence => PresenceView, Change;
    SetAvailability => AvailabilityView, Change;
    GetAvailability => AvailabilityView, Read;
    SlotSearch => Slots, Change;
    Book => AppointmentView, Change;
    GetAppointment => AppointmentDetail, AuditedRead;
    Confirm => AppointmentView, Change;
    Cancel => AppointmentView, Change;
    Rebook => AppointmentView, Change;
    CheckIn => CheckedIn, Change;
    CompleteAppointment => AppointmentView, Change;
    NoShow => AppointmentView, Change;
    RunReminders => RemindersRun, Reminders;
    SetTurnContact => MyTurnView, Change;
    TakeIntake => Option<Intake>, Change;
    MoveVisit => EntryView, Change;
    GetWorkflow => WorkflowView, Read;
    SetWorkflow => WorkflowView, Change;
}

/// On whose behalf an appointment is seen or changed. A patient sees and
/// changes only their own appointments (another's is not found), and their
/// cancellations and moves keep the type's notice; the clinic's do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Clinic,
    Patient(PatientProfileUid),
}

/// A walk-in joins the queue.
#[derive(Debug, Serialize, Deserialize)]
pub struct Register {
    pub shop_uid: ShopUid,
    pub patient_profile_uid: PatientProfileUid,
    pub preferred_doctor_uid: Option<DoctorUid>,
    pub visit_reason: Option<String>,
    pub idempotency_key: Option<String>,
    pub notify_contact: Option<TurnContact>,
    pub language: Option<Language>,
}

/// The patient leaves (or withdraws) a contact to be told of their turn.
#[derive(Debug, Serialize, Deserialize)]
pub struct SetTurnContact {
    pub queue_uid: QueueUid,
    pub contact: Option<TurnContact>,
    pub language: Option<Language>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Status {
    pub queue_uid: QueueUid,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CancelRegistration {
    pub queue_uid: QueueUid,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CompleteConsultation {
    pub queue_uid: QueueUid,
}

/// A doctor takes the next patient meant for them; `None` when nobody is.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocate {
    pub doctor_uid: DoctorUid,
    pub video_room_id: VideoRoomId,
    pub actor: String,
}

/// A medical assistant takes the next patient waiting for intake; `None`
/// when nobody is.
#[derive(Debug, Serialize, Deserialize)]
pub struct TakeIntake {
    pub video_room_id: VideoRoomId,
    pub actor: String,
}

/// Moves a visit by one of the workflow's steps.
#[derive(Debug, Serialize, Deserialize)]
pub struct MoveVisit {
    pub queue_uid: QueueUid,
    pub step: Step,
    pub actor: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GetWorkflow {
    pub shop_uid: ShopUid,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SetWorkflow {
    pub shop_uid: ShopUid,
    pub intake_step: bool,
    pub free_duration: bool,
    pub actor: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Presence {
    pub doctor_uid: DoctorUid,
    pub online: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SetAvailability {
    pub doctor_uid: DoctorUid,
    pub availability: Availability,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GetAvailability {
    pub doctor_uid: DoctorUid,
}

/// Free slots of `doctors` for one type, laid out in the shop's zone.
#[derive(Debug, Serialize, Deserialize)]
pub struct SlotSearch {
    pub doctors: Vec<DoctorUid>,
    pub rules: TypeRules,
    pub time_zone: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// Hold a slot, or book it outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    Hold,
    Confirm,
}

/// A hold or booking, with everything the shop needs to decide it.
#[derive(Debug, Serialize, Deserialize)]
pub struct Book {
    pub org_uid: OrgUid,
    pub shop_uid: ShopUid,
    /// `None`: the shop's pool.
    pub doctor_uid: Option<DoctorUid>,
    /// The doctor's room, or the visit's own for a pool appointment.
    pub video_room_id: VideoRoomId,
    pub appointment_type_uid: AppointmentTypeUid,
    pub patient_profile_uid: PatientProfileUid,
    pub payment_mode: PaymentMode,
    pub rules: TypeRules,
    pub time_zone: String,
    pub start: DateTime<Utc>,
    pub placement: Placement,
    pub idempotency_key: Option<String>,
    pub actor: String,
    /// Seed 002's fields, kept with the appointment.
    pub details: VisitDetails,
    /// A length of the clinic's own, where the shop allows it.
    pub duration_minutes: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GetAppointment {
    pub appointment_uid: AppointmentUid,
    pub party: Party,
    pub actor: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Confirm {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
    /// A patient confirms only their own hold.
    pub party: Party,
    /// The mode chosen on confirming, checked against the type by the
    /// caller; `None` keeps the one given with the hold.
    pub payment_mode: Option<PaymentMode>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Cancel {
    pub appointment_uid: AppointmentUid,
    pub reason: String,
    pub party: Party,
    pub actor: String,
}

/// Moves an appointment; the answer is the new appointment.
#[derive(Debug, Serialize, Deserialize)]
pub struct Rebook {
    pub appointment_uid: AppointmentUid,
    pub start: DateTime<Utc>,
    /// Another doctor of this shop and their room, or the same doctor.
    pub doctor: Option<(DoctorUid, VideoRoomId)>,
    pub time_zone: String,
    pub party: Party,
    pub actor: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CheckIn {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
    /// The patient record's language, for the wait page.
    pub language: Option<Language>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CompleteAppointment {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct NoShow {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}

/// The cron's call: publish the reminders that have fallen due.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunReminders {}

/// One shop of one organisation, as the worker reaches it.
pub struct Client<'a> {
    env: &'a Env,
    org: &'a OrgUid,
    shop: ShopUid,
}

impl<'a> Client<'a> {
    pub fn new(env: &'a Env, org: &'a OrgUid, shop: ShopUid) -> Self {
        Client { env, org, shop }
    }

    fn stub(&self) -> ApiResult<worker::Stub> {
        Ok(self
            .env
            .durable_object("SHOP")?
            .id_from_name(&format!("{}/{}", self.org, self.shop))?
            .get_stub()?)
    }

    /// Sends `request` and returns its reply, or the error the object
    /// decided.
    pub async fn send<R: ShopRequest>(&self, request: &R) -> ApiResult<R::Reply> {
        object::send(&self.stub()?, self.org, request).await
    }

    /// Forwards a patient's WebSocket upgrade for one queue entry. `origin`
    /// is where the patient reached us, for the visit link the socket will
    /// carry.
    /// Forwards a staff WebSocket upgrade to the shop's live queue; the
    /// caller has checked that the shop is the actor's.
    pub async fn live(&self, upgrade: &Request) -> ApiResult<Response> {
        let mut init = RequestInit::new();
        init.with_method(Method::Get)
            .with_headers(upgrade.headers().clone());
        let req = Request::new_with_init("https://shop/live", &init)?;
        Ok(self.stub()?.fetch_with_request(req).await?)
    }

    pub async fn watch(
        &self,
        queue_uid: &QueueUid,
        upgrade: &Request,
        origin: &str,
        clinic: Option<&str>,
    ) -> ApiResult<Response> {
        let mut init = RequestInit::new();
        init.with_method(Method::Get)
            .with_headers(upgrade.headers().clone());
        let mut url = worker::Url::parse("https://shop/watch")
            .map_err(|e| ApiError::Internal(format!("watch url: {e}")))?;
        url.query_pairs_mut()
            .append_pair("q", queue_uid.as_str())
            .append_pair("org", self.org.as_str())
            .append_pair("origin", origin);
        if let Some(clinic) = clinic {
            url.query_pairs_mut().append_pair("clinic", clinic);
        }
        let req = Request::new_with_init(url.as_str(), &init)?;
        Ok(self.stub()?.fetch_with_request(req).await?)
    }
}
