//! A matched [`Route`] with its path ids parsed into core ids, grouped by
//! who may call it.
//!
//! [`crate::routes::ROUTES`] stays the one list of method, path and access;
//! [`Endpoint::parse`] is the one place a path segment becomes an id. A new
//! `Route` variant does not compile until it is given a group here, and
//! then until the worker's dispatch for that group has a handler for it.
//! A test keeps each route's group equal to the access the table gives it.

use crate::ids::{
    AppointmentTypeUid, AppointmentUid, AttachmentUid, DoctorUid, EpisodeUid, PatientProfileUid,
    QueueUid, ReportUid, ShopUid, StaffUid,
};
use crate::routes::Route;

/// A path id that names nothing: the worker answers 404 for `what`, as it
/// would for a well-formed id that is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownId {
    pub what: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Public(PublicRoute),
    Operator(OperatorRoute),
    ApiKey(ApiKeyRoute),
    Booking(BookingRoute),
    /// The patient's own routes, authorised by their watch token, which
    /// the handler checks.
    Watcher(WatcherRoute),
    Session(SessionRoute),
}

/// What a watch token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatcherRoute {
    /// The wait page's WebSocket.
    Watch,
    /// "Tell me when it's my turn": leave or withdraw a contact.
    MyTurn,
}

/// A staff user's own session (the `fd_session` cookie).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRoute {
    Current,
    SignOut,
    SignOutEverywhere,
}

/// No credential, or one the handler checks itself (the visit link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicRoute {
    OpenApi,
    Health,
    Visit { token: String },
    DownloadAttachment { token: String },
    RequestSignIn,
    OpenSession,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorRoute {
    CreateOrganization,
}

/// Routes of the patient-facing booking API (a partner's booking token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingRoute {
    Slots,
    Book,
    Appointments,
    Appointment(AppointmentUid),
    Cancel(AppointmentUid),
    Rebook(AppointmentUid),
    /// The holder confirms their own hold (the hold and its confirmation
    /// are one booking: the token was spent on the hold).
    Confirm(AppointmentUid),
    /// The appointment as an iCalendar file.
    Calendar(AppointmentUid),
    /// The appointment's attachments, and a download link for one.
    Attachments(AppointmentUid),
    AttachmentLink(AppointmentUid, AttachmentUid),
    /// The shops the token may book in, with their doctors.
    Shops,
    /// The appointment types the token may book.
    Types,
}

/// Whether a patient update replaces the record or merges into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientUpdate {
    /// `PUT`: the body is the whole record.
    Replace,
    /// `PATCH`: the body is a JSON merge patch (RFC 7396).
    MergePatch,
}

/// Routes authenticated by an API key; the scope is the table's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKeyRoute {
    CreateApiKey,
    ListApiKeys,
    RevokeApiKey {
        key_id: String,
    },
    /// The shop's live queue over a WebSocket, for staff.
    LiveQueue,
    TakeIntake,
    MoveVisit(QueueUid),
    AppointmentByExternalId(String),
    VisitLinks(AppointmentUid),
    VisitLinksByExternalId(String),
    GetWorkflow(ShopUid),
    SetWorkflow(ShopUid),
    CreateStaff,
    ListStaff,
    GetStaff(StaffUid),
    UpdateStaff(StaffUid),
    CreateShop,
    ListShops,
    GetShop(ShopUid),
    CreateDoctor,
    ListDoctors,
    GetDoctor(DoctorUid),
    SetDoctorMobilePhone(DoctorUid),
    Register,
    Allocate,
    SetPresence,
    QueueStatus(QueueUid),
    CancelRegistration(QueueUid),
    CompleteConsultation(QueueUid),
    WatchUrl(QueueUid),
    GetOrganizationSettings,
    UpdateOrganizationSettings,
    CreateAppointmentType,
    ListAppointmentTypes,
    GetAppointmentType(AppointmentTypeUid),
    SetAvailability(DoctorUid),
    GetAvailability(DoctorUid),
    SearchSlots,
    Book,
    Overview,
    GetAppointment(AppointmentUid),
    ConfirmAppointment(AppointmentUid),
    CancelAppointment(AppointmentUid),
    RebookAppointment(AppointmentUid),
    CheckIn(AppointmentUid),
    CompleteAppointment(AppointmentUid),
    NoShow(AppointmentUid),
    CreateBookingSecret,
    ListBookingSecrets,
    RevealBookingSecret {
        key_id: String,
    },
    RevokeBookingSecret {
        key_id: String,
    },
    CreatePartner,
    ListPartners,
    AuditLog,
    CreatePatient,
    FindPatients,
    SearchPatients,
    CreatePatientWithAppointment,
    GetPatient(PatientProfileUid),
    UpdatePatient(PatientProfileUid, PatientUpdate),
    PastAppointments(PatientProfileUid),
    BookForPatient(PatientProfileUid),
    CreateEpisode(PatientProfileUid),
    ListEpisodes(PatientProfileUid),
    GetEpisode(EpisodeUid),
    UpdateEpisode(EpisodeUid),
    EpisodeAppointments(EpisodeUid),
    AssignEpisode(AppointmentUid),
    CreateNoteTemplate,
    ListNoteTemplates,
    GetVisitNote(AppointmentUid),
    ReplaceVisitNote(AppointmentUid),
    AddNoteComment(AppointmentUid),
    UploadAttachment(AppointmentUid),
    ListAttachments(AppointmentUid),
    DeleteAttachment(AppointmentUid, AttachmentUid),
    AttachmentLink(AppointmentUid, AttachmentUid),
    CreatePatientDocument(PatientProfileUid),
    ListPatientDocuments(PatientProfileUid),
    VisitsReport,
    OrderEncounterReport,
    EncounterReportStatus(ReportUid),
    DownloadEncounterReport(ReportUid),
    CreateSubscription,
    ListSubscriptions,
    GetSubscription {
        subscription_id: String,
    },
    UpdateSubscription {
        subscription_id: String,
    },
    DeleteSubscription {
        subscription_id: String,
    },
    ListDeliveries {
        subscription_id: String,
    },
    Redeliver {
        subscription_id: String,
        delivery_id: String,
    },
    ListMessages,
}

/// The `i`th `{...}` segment. The matcher yields one per placeholder, so
/// a missing one means the path matched nothing.
fn segment<'p>(params: &[&'p str], i: usize) -> Result<&'p str, UnknownId> {
    params.get(i).copied().ok_or(UnknownId { what: "route" })
}

fn id<T, E>(
    params: &[&str],
    i: usize,
    what: &'static str,
    parse: fn(&str) -> Result<T, E>,
) -> Result<T, UnknownId> {
    parse(segment(params, i)?).map_err(|_| UnknownId { what })
}

fn text(params: &[&str], i: usize) -> Result<String, UnknownId> {
    segment(params, i).map(str::to_owned)
}

fn shop(params: &[&str]) -> Result<ShopUid, UnknownId> {
    id(params, 0, "shop", ShopUid::parse)
}

fn doctor(params: &[&str]) -> Result<DoctorUid, UnknownId> {
    id(params, 0, "doctor", DoctorUid::parse)
}

fn entry(params: &[&str]) -> Result<QueueUid, UnknownId> {
    id(params, 0, "registration", QueueUid::parse)
}

fn appointment(params: &[&str]) -> Result<AppointmentUid, UnknownId> {
    id(params, 0, "appointment", AppointmentUid::parse)
}

/// An appointment's external id: one that could not have been given names
/// no appointment.
fn external(params: &[&str]) -> Result<String, UnknownId> {
    crate::wire::calendar::external_id(segment(params, 0)?).ok_or(UnknownId {
        what: "appointment",
    })
}

fn staff(params: &[&str]) -> Result<StaffUid, UnknownId> {
    id(params, 0, "staff user", StaffUid::parse)
}

fn patient(params: &[&str]) -> Result<PatientProfileUid, UnknownId> {
    id(params, 0, "patient", PatientProfileUid::parse)
}

/// The second `{...}` of `/appointments/{appointment_uid}/attachments/{attachment_uid}`.
fn attachment(params: &[&str]) -> Result<AttachmentUid, UnknownId> {
    id(params, 1, "attachment", AttachmentUid::parse)
}

fn report(params: &[&str]) -> Result<ReportUid, UnknownId> {
    id(params, 0, "report", ReportUid::parse)
}

fn episode(params: &[&str]) -> Result<EpisodeUid, UnknownId> {
    id(params, 0, "episode", EpisodeUid::parse)
}

impl Endpoint {
    /// Parses the values of a route's `{...}` segments, in table order.
    pub fn parse(route: Route, params: &[&str]) -> Result<Endpoint, UnknownId> {
        use ApiKeyRoute as K;
        use BookingRoute as B;
        let p = params;
        let key = |r: ApiKeyRoute| Ok(Endpoint::ApiKey(r));
        let booking = |r: BookingRoute| Ok(Endpoint::Booking(r));
        match route {
            Route::OpenApi => Ok(Endpoint::Public(PublicRoute::OpenApi)),
            Route::Health => Ok(Endpoint::Public(PublicRoute::Health)),
            Route::Visit => Ok(Endpoint::Public(PublicRoute::Visit { token: text(p, 0)? })),
            Route::CreateOrganization => Ok(Endpoint::Operator(OperatorRoute::CreateOrganization)),
            Route::Watch => Ok(Endpoint::Watcher(WatcherRoute::Watch)),
            Route::MyTurn => Ok(Endpoint::Watcher(WatcherRoute::MyTurn)),
            Route::RequestSignIn => Ok(Endpoint::Public(PublicRoute::RequestSignIn)),
            Route::OpenSession => Ok(Endpoint::Public(PublicRoute::OpenSession)),
            Route::CurrentSession => Ok(Endpoint::Session(SessionRoute::Current)),
            Route::SignOut => Ok(Endpoint::Session(SessionRoute::SignOut)),
            Route::SignOutEverywhere => Ok(Endpoint::Session(SessionRoute::SignOutEverywhere)),
            Route::LiveQueue => key(K::LiveQueue),
            Route::TakeIntake => key(K::TakeIntake),
            Route::MoveVisit => key(K::MoveVisit(entry(p)?)),
            Route::AppointmentByExternalId => key(K::AppointmentByExternalId(external(p)?)),
            Route::VisitLinks => key(K::VisitLinks(appointment(p)?)),
            Route::VisitLinksByExternalId => key(K::VisitLinksByExternalId(external(p)?)),
            Route::GetWorkflow => key(K::GetWorkflow(shop(p)?)),
            Route::SetWorkflow => key(K::SetWorkflow(shop(p)?)),
            Route::CreateStaff => key(K::CreateStaff),
            Route::ListStaff => key(K::ListStaff),
            Route::GetStaff => key(K::GetStaff(staff(p)?)),
            Route::UpdateStaff => key(K::UpdateStaff(staff(p)?)),
            Route::CreateApiKey => key(K::CreateApiKey),
            Route::ListApiKeys => key(K::ListApiKeys),
            Route::RevokeApiKey => key(K::RevokeApiKey {
                key_id: text(p, 0)?,
            }),
            Route::CreateShop => key(K::CreateShop),
            Route::ListShops => key(K::ListShops),
            Route::GetShop => key(K::GetShop(shop(p)?)),
            Route::CreateDoctor => key(K::CreateDoctor),
            Route::ListDoctors => key(K::ListDoctors),
            Route::GetDoctor => key(K::GetDoctor(doctor(p)?)),
            Route::SetDoctorMobilePhone => key(K::SetDoctorMobilePhone(doctor(p)?)),
            Route::Register => key(K::Register),
            Route::Allocate => key(K::Allocate),
            Route::SetPresence => key(K::SetPresence),
            Route::QueueStatus => key(K::QueueStatus(entry(p)?)),
            Route::CancelRegistration => key(K::CancelRegistration(entry(p)?)),
            Route::CompleteConsultation => key(K::CompleteConsultation(entry(p)?)),
            Route::WatchUrl => key(K::WatchUrl(entry(p)?)),
            Route::GetOrganizationSettings => key(K::GetOrganizationSettings),
            Route::UpdateOrganizationSettings => key(K::UpdateOrganizationSettings),
            Route::CreateAppointmentType => key(K::CreateAppointmentType),
            Route::ListAppointmentTypes => key(K::ListAppointmentTypes),
            Route::GetAppointmentType => key(K::GetAppointmentType(id(
                p,
                0,
                "appointment type",
                AppointmentTypeUid::parse,
            )?)),
            Route::SetAvailability => key(K::SetAvailability(doctor(p)?)),
            Route::GetAvailability => key(K::GetAvailability(doctor(p)?)),
            Route::SearchSlots => key(K::SearchSlots),
            Route::Book => key(K::Book),
            Route::Overview => key(K::Overview),
            Route::GetAppointment => key(K::GetAppointment(appointment(p)?)),
            Route::ConfirmAppointment => key(K::ConfirmAppointment(appointment(p)?)),
            Route::CancelAppointment => key(K::CancelAppointment(appointment(p)?)),
            Route::RebookAppointment => key(K::RebookAppointment(appointment(p)?)),
            Route::CheckIn => key(K::CheckIn(appointment(p)?)),
            Route::CompleteAppointment => key(K::CompleteAppointment(appointment(p)?)),
            Route::NoShow => key(K::NoShow(appointment(p)?)),
            Route::CreateBookingSecret => key(K::CreateBookingSecret),
            Route::ListBookingSecrets => key(K::ListBookingSecrets),
            Route::RevealBookingSecret => key(K::RevealBookingSecret {
                key_id: text(p, 0)?,
            }),
            Route::RevokeBookingSecret => key(K::RevokeBookingSecret {
                key_id: text(p, 0)?,
            }),
            Route::CreatePartner => key(K::CreatePartner),
            Route::ListPartners => key(K::ListPartners),
            Route::AuditLog => key(K::AuditLog),
            Route::CreatePatient => key(K::CreatePatient),
            Route::FindPatients => key(K::FindPatients),
            Route::SearchPatients => key(K::SearchPatients),
            Route::CreatePatientWithAppointment => key(K::CreatePatientWithAppointment),
            Route::GetPatient => key(K::GetPatient(patient(p)?)),
            Route::ReplacePatient => key(K::UpdatePatient(patient(p)?, PatientUpdate::Replace)),
            Route::PatchPatient => key(K::UpdatePatient(patient(p)?, PatientUpdate::MergePatch)),
            Route::PastAppointments => key(K::PastAppointments(patient(p)?)),
            Route::BookForPatient => key(K::BookForPatient(patient(p)?)),
            Route::CreateEpisode => key(K::CreateEpisode(patient(p)?)),
            Route::ListEpisodes => key(K::ListEpisodes(patient(p)?)),
            Route::GetEpisode => key(K::GetEpisode(episode(p)?)),
            Route::UpdateEpisode => key(K::UpdateEpisode(episode(p)?)),
            Route::EpisodeAppointments => key(K::EpisodeAppointments(episode(p)?)),
            Route::AssignEpisode => key(K::AssignEpisode(appointment(p)?)),
            Route::CreateNoteTemplate => key(K::CreateNoteTemplate),
            Route::ListNoteTemplates => key(K::ListNoteTemplates),
            Route::GetVisitNote => key(K::GetVisitNote(appointment(p)?)),
            Route::ReplaceVisitNote => key(K::ReplaceVisitNote(appointment(p)?)),
            Route::AddNoteComment => key(K::AddNoteComment(appointment(p)?)),
            Route::UploadAttachment => key(K::UploadAttachment(appointment(p)?)),
            Route::ListAttachments => key(K::ListAttachments(appointment(p)?)),
            Route::DeleteAttachment => key(K::DeleteAttachment(appointment(p)?, attachment(p)?)),
            Route::AttachmentLink => key(K::AttachmentLink(appointment(p)?, attachment(p)?)),
            Route::CreatePatientDocument => key(K::CreatePatientDocument(patient(p)?)),
            Route::ListPatientDocuments => key(K::ListPatientDocuments(patient(p)?)),
            Route::VisitsReport => key(K::VisitsReport),
            Route::OrderEncounterReport => key(K::OrderEncounterReport),
            Route::EncounterReportStatus => key(K::EncounterReportStatus(report(p)?)),
            Route::DownloadEncounterReport => key(K::DownloadEncounterReport(report(p)?)),
            Route::PatientAttachments => booking(B::Attachments(appointment(p)?)),
            Route::PatientAttachmentLink => {
                booking(B::AttachmentLink(appointment(p)?, attachment(p)?))
            }
            Route::DownloadAttachment => Ok(Endpoint::Public(PublicRoute::DownloadAttachment {
                token: text(p, 0)?,
            })),
            Route::CreateSubscription => key(K::CreateSubscription),
            Route::ListSubscriptions => key(K::ListSubscriptions),
            Route::GetSubscription => key(K::GetSubscription {
                subscription_id: text(p, 0)?,
            }),
            Route::UpdateSubscription => key(K::UpdateSubscription {
                subscription_id: text(p, 0)?,
            }),
            Route::DeleteSubscription => key(K::DeleteSubscription {
                subscription_id: text(p, 0)?,
            }),
            Route::ListDeliveries => key(K::ListDeliveries {
                subscription_id: text(p, 0)?,
            }),
            Route::Redeliver => key(K::Redeliver {
                subscription_id: text(p, 0)?,
                delivery_id: text(p, 1)?,
            }),
            Route::ListMessages => key(K::ListMessages),
            Route::PatientSlots => booking(B::Slots),
            Route::PatientBook => booking(B::Book),
            Route::PatientAppointments => booking(B::Appointments),
            Route::PatientAppointment => booking(B::Appointment(appointment(p)?)),
            Route::PatientCancel => booking(B::Cancel(appointment(p)?)),
            Route::PatientRebook => booking(B::Rebook(appointment(p)?)),
            Route::PatientConfirm => booking(B::Confirm(appointment(p)?)),
            Route::PatientCalendar => booking(B::Calendar(appointment(p)?)),
            Route::BookingShops => booking(B::Shops),
            Route::BookingTypes => booking(B::Types),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::{Access, ROUTES};

    /// A well-formed value for each placeholder the table uses.
    fn sample(placeholder: &str) -> String {
        let shop = ShopUid::new(&[1; 16]);
        match placeholder {
            "{shop_uid}" => shop.as_str().to_owned(),
            "{doctor_uid}" => DoctorUid::new(&[2; 16]).as_str().to_owned(),
            "{queue_uid}" => QueueUid::new(&shop, &[3; 16]).as_str().to_owned(),
            "{appointment_uid}" => AppointmentUid::new(&shop, &[4; 16]).as_str().to_owned(),
            "{appointment_type_uid}" => AppointmentTypeUid::new(&[5; 16]).as_str().to_owned(),
            "{patient_uid}" => "pp-xyz789".to_owned(),
            "{staff_uid}" => StaffUid::new(&[6; 16]).as_str().to_owned(),
            "{episode_uid}" => EpisodeUid::new(&[7; 16]).as_str().to_owned(),
            "{attachment_uid}" => AttachmentUid::new(&[8; 16]).as_str().to_owned(),
            "{report_uid}" => ReportUid::new(&[9; 16]).as_str().to_owned(),
            "{external_id}" => "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56".to_owned(),
            "{key_id}" | "{subscription_id}" | "{delivery_id}" | "{token}" => "x".to_owned(),
            other => panic!("no sample for {other}"),
        }
    }

    fn samples(path: &str) -> Vec<String> {
        path.split('/')
            .filter(|s| s.starts_with('{'))
            .map(sample)
            .collect()
    }

    /// Each route lands in the group its table access names, so the worker
    /// authenticates a route the way its handler expects.
    #[test]
    fn every_route_parses_into_the_group_of_its_access() {
        for spec in ROUTES {
            let values = samples(spec.path);
            let params: Vec<&str> = values.iter().map(String::as_str).collect();
            let endpoint = Endpoint::parse(spec.route, &params)
                .unwrap_or_else(|e| panic!("{} {}: {e:?}", spec.method.as_str(), spec.path));
            let agrees = matches!(
                (&endpoint, spec.access),
                (Endpoint::Public(_), Access::Public)
                    | (Endpoint::Operator(_), Access::Operator)
                    | (Endpoint::ApiKey(_), Access::ApiKey(_))
                    | (Endpoint::Booking(_), Access::BookingToken)
                    | (Endpoint::Watcher(_), Access::WatchToken)
                    | (Endpoint::Session(_), Access::Session)
            );
            assert!(agrees, "{:?} is grouped as {:?}", spec.route, spec.access);
        }
    }

    /// A malformed id is a 404 naming what the path would have named.
    #[test]
    fn malformed_ids_are_unknown_of_their_kind() {
        let cases = [
            (Route::GetShop, "shop"),
            (Route::GetDoctor, "doctor"),
            (Route::SetAvailability, "doctor"),
            (Route::QueueStatus, "registration"),
            (Route::MoveVisit, "registration"),
            (Route::AppointmentByExternalId, "appointment"),
            (Route::VisitLinks, "appointment"),
            (Route::SetWorkflow, "shop"),
            (Route::WatchUrl, "registration"),
            (Route::GetAppointmentType, "appointment type"),
            (Route::GetAppointment, "appointment"),
            (Route::PatientCancel, "appointment"),
            (Route::GetPatient, "patient"),
            (Route::GetEpisode, "episode"),
            (Route::AssignEpisode, "appointment"),
        ];
        for (route, what) in cases {
            assert_eq!(
                Endpoint::parse(route, &["not an id"]),
                Err(UnknownId { what }),
                "{route:?}"
            );
        }
        // A queue uid is not an appointment uid.
        let shop = ShopUid::new(&[1; 16]);
        let queue = QueueUid::new(&shop, &[3; 16]);
        assert_eq!(
            Endpoint::parse(Route::CheckIn, &[queue.as_str()]),
            Err(UnknownId {
                what: "appointment"
            })
        );
    }

    #[test]
    fn put_replaces_and_patch_merges() {
        let put = Endpoint::parse(Route::ReplacePatient, &["pp-1"]);
        let patch = Endpoint::parse(Route::PatchPatient, &["pp-1"]);
        let uid = PatientProfileUid::parse("pp-1").ok();
        assert_eq!(
            put.ok(),
            uid.clone()
                .map(|u| Endpoint::ApiKey(ApiKeyRoute::UpdatePatient(u, PatientUpdate::Replace)))
        );
        assert_eq!(
            patch.ok(),
            uid.map(|u| Endpoint::ApiKey(ApiKeyRoute::UpdatePatient(u, PatientUpdate::MergePatch)))
        );
    }
}
