//! The typed client of the Shop object: each request is a type that names
//! its reply, so a caller gets the reply or an [`ApiError`], never a raw
//! response to branch on by status or edit by key.
//!
//! On the wire a request is `POST https://shop/{op}` with the request as
//! its JSON body; the object answers `{"Ok": reply}` or `{"Err": error}`,
//! the error serialised as [`ApiError`] and rendered to HTTP once, at the
//! worker's edge. The patient's watch socket is the one call that is not a
//! request: it is an upgrade, forwarded as it is ([`Client::watch`]).

use chrono::{DateTime, NaiveDate, Utc};
use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::availability::Availability;
use frontdesk_core::calendar::rules::TypeRules;
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};
use frontdesk_core::view::calendar::{
    AppointmentDetail, AppointmentView, AvailabilityView, CheckedIn, RemindersRun, Slots,
};
use frontdesk_core::view::queue::{Allocation, EntryView, Message, PresenceView, Registered};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{Env, Headers, Method, Request, RequestInit, Response};

use crate::error::{ApiError, ApiResult};

/// A request the Shop object answers with `Reply`.
pub trait ShopRequest: Serialize + DeserializeOwned {
    type Reply: Serialize + DeserializeOwned;
    const OP: Op;
}

/// Every request the object knows; the object's dispatch matches on it, so
/// a new request does not compile until the object answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Register,
    Status,
    CancelRegistration,
    CompleteConsultation,
    Allocate,
    Presence,
    SetAvailability,
    GetAvailability,
    Slots,
    Book,
    GetAppointment,
    Confirm,
    Cancel,
    Rebook,
    CheckIn,
    CompleteAppointment,
    NoShow,
    RunReminders,
}

/// How the object runs a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Changes nothing: no transaction, no outbox delivery after.
    Read,
    /// Changes nothing but leaves an audit row, delivered by the alarm
    /// soon after, so the read never waits for D1.
    AuditedRead,
    /// One transaction, then the outbox is delivered.
    Change,
    /// One transaction per appointment, so one bad row holds up no other.
    Reminders,
}

impl Op {
    pub const ALL: [Op; 18] = [
        Op::Register,
        Op::Status,
        Op::CancelRegistration,
        Op::CompleteConsultation,
        Op::Allocate,
        Op::Presence,
        Op::SetAvailability,
        Op::GetAvailability,
        Op::Slots,
        Op::Book,
        Op::GetAppointment,
        Op::Confirm,
        Op::Cancel,
        Op::Rebook,
        Op::CheckIn,
        Op::CompleteAppointment,
        Op::NoShow,
        Op::RunReminders,
    ];

    pub fn kind(self) -> Kind {
        match self {
            Op::Status | Op::GetAvailability => Kind::Read,
            Op::GetAppointment => Kind::AuditedRead,
            Op::RunReminders => Kind::Reminders,
            // A slot search may expire lapsed holds, so it is a change.
            Op::Register
            | Op::CancelRegistration
            | Op::CompleteConsultation
            | Op::Allocate
            | Op::Presence
            | Op::SetAvailability
            | Op::Slots
            | Op::Book
            | Op::Confirm
            | Op::Cancel
            | Op::Rebook
            | Op::CheckIn
            | Op::CompleteAppointment
            | Op::NoShow => Kind::Change,
        }
    }

    pub fn path(self) -> String {
        // An `Op` serialises as its snake_case name and nothing else.
        let name = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        format!("/{name}")
    }

    pub fn from_path(path: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.path() == path)
    }
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
}
impl ShopRequest for Register {
    type Reply = Registered;
    const OP: Op = Op::Register;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Status {
    pub queue_uid: QueueUid,
}
impl ShopRequest for Status {
    type Reply = EntryView;
    const OP: Op = Op::Status;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CancelRegistration {
    pub queue_uid: QueueUid,
}
impl ShopRequest for CancelRegistration {
    type Reply = Message;
    const OP: Op = Op::CancelRegistration;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CompleteConsultation {
    pub queue_uid: QueueUid,
}
impl ShopRequest for CompleteConsultation {
    type Reply = EntryView;
    const OP: Op = Op::CompleteConsultation;
}

/// A doctor takes the next patient meant for them; `None` when nobody is.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocate {
    pub doctor_uid: DoctorUid,
    pub video_room_id: VideoRoomId,
    pub actor: String,
}
impl ShopRequest for Allocate {
    type Reply = Option<Allocation>;
    const OP: Op = Op::Allocate;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Presence {
    pub doctor_uid: DoctorUid,
    pub online: bool,
}
impl ShopRequest for Presence {
    type Reply = PresenceView;
    const OP: Op = Op::Presence;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct SetAvailability {
    pub doctor_uid: DoctorUid,
    pub availability: Availability,
}
impl ShopRequest for SetAvailability {
    type Reply = AvailabilityView;
    const OP: Op = Op::SetAvailability;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GetAvailability {
    pub doctor_uid: DoctorUid,
}
impl ShopRequest for GetAvailability {
    type Reply = AvailabilityView;
    const OP: Op = Op::GetAvailability;
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
impl ShopRequest for SlotSearch {
    type Reply = Slots;
    const OP: Op = Op::Slots;
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
    pub doctor_uid: DoctorUid,
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
}
impl ShopRequest for Book {
    type Reply = AppointmentView;
    const OP: Op = Op::Book;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct GetAppointment {
    pub appointment_uid: AppointmentUid,
    pub party: Party,
    pub actor: String,
}
impl ShopRequest for GetAppointment {
    type Reply = AppointmentDetail;
    const OP: Op = Op::GetAppointment;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Confirm {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}
impl ShopRequest for Confirm {
    type Reply = AppointmentView;
    const OP: Op = Op::Confirm;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Cancel {
    pub appointment_uid: AppointmentUid,
    pub reason: String,
    pub party: Party,
    pub actor: String,
}
impl ShopRequest for Cancel {
    type Reply = AppointmentView;
    const OP: Op = Op::Cancel;
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
impl ShopRequest for Rebook {
    type Reply = AppointmentView;
    const OP: Op = Op::Rebook;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CheckIn {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}
impl ShopRequest for CheckIn {
    type Reply = CheckedIn;
    const OP: Op = Op::CheckIn;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CompleteAppointment {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}
impl ShopRequest for CompleteAppointment {
    type Reply = AppointmentView;
    const OP: Op = Op::CompleteAppointment;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct NoShow {
    pub appointment_uid: AppointmentUid,
    pub actor: String,
}
impl ShopRequest for NoShow {
    type Reply = AppointmentView;
    const OP: Op = Op::NoShow;
}

/// The cron's call: publish the reminders that have fallen due.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunReminders {}
impl ShopRequest for RunReminders {
    type Reply = RemindersRun;
    const OP: Op = Op::RunReminders;
}

/// Carries the organisation's uid on every internal request.
pub(crate) const ORG_HEADER: &str = "X-Frontdesk-Org";

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
        let headers = Headers::new();
        headers.set("Content-Type", "application/json")?;
        // The object learns its organisation from the worker, for its events.
        headers.set(ORG_HEADER, self.org.as_str())?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_body(Some(JsValue::from_str(&serde_json::to_string(request)?)));
        let url = format!("https://shop{}", R::OP.path());
        let req = Request::new_with_init(&url, &init)?;
        let mut resp = self.stub()?.fetch_with_request(req).await?;
        let text = resp.text().await?;
        let outcome: Result<R::Reply, ApiError> = serde_json::from_str(&text)
            .map_err(|e| ApiError::Internal(format!("shop reply to {:?}: {e}", R::OP)))?;
        outcome
    }

    /// Forwards a patient's WebSocket upgrade for one queue entry. `origin`
    /// is where the patient reached us, for the visit link the socket will
    /// carry.
    pub async fn watch(
        &self,
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
            .append_pair("org", self.org.as_str())
            .append_pair("origin", origin);
        let req = Request::new_with_init(url.as_str(), &init)?;
        Ok(self.stub()?.fetch_with_request(req).await?)
    }
}
