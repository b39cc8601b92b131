//! Every public route: method, path template, and what authenticates it.
//!
//! The worker dispatches on [`Route`] and enforces [`Access`] before any
//! handler runs, so a route cannot forget its scope; the OpenAPI document is
//! tested against [`ROUTES`], so it cannot drift from what is served.

use crate::auth::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "GET" | "HEAD" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "PATCH" => Some(Method::Patch),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How a route's caller proves who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// `Authorization: Bearer <operator token>`, a Worker secret.
    Operator,
    /// `X-API-Key` carrying this scope.
    ApiKey(Scope),
    /// A signed watch token, offered as a WebSocket subprotocol
    /// (`frontdesk.watch` plus the token) or, for older links, in the
    /// `token` query parameter; on plain HTTP routes, as
    /// `Authorization: Bearer`.
    WatchToken,
    /// `Authorization: Bearer <booking token>`, minted by a partner.
    BookingToken,
    /// A staff user's session cookie (`fd_session`), for the session's
    /// own routes. Routes with `ApiKey` access take a session too.
    Session,
}

/// Declares [`Route`] and [`Route::ALL`] from one list, so `ALL` cannot
/// miss a variant and the table test below sees every route.
macro_rules! routes {
    ($($variant:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Route {
            $($variant),*
        }

        impl Route {
            pub const ALL: &'static [Route] = &[$(Route::$variant),*];
        }
    };
}

routes! {
    OpenApi,
    Health,
    CreateOrganization,
    CreateApiKey,
    ListApiKeys,
    RevokeApiKey,
    CreateShop,
    ListShops,
    GetShop,
    CreateDoctor,
    ListDoctors,
    GetDoctor,
    Register,
    Allocate,
    SetPresence,
    QueueStatus,
    CancelRegistration,
    CompleteConsultation,
    WatchUrl,
    Watch,
    MyTurn,
    Visit,
    GetOrganizationSettings,
    UpdateOrganizationSettings,
    CreateAppointmentType,
    ListAppointmentTypes,
    GetAppointmentType,
    SetAvailability,
    GetAvailability,
    SearchSlots,
    Book,
    Overview,
    GetAppointment,
    ConfirmAppointment,
    CancelAppointment,
    RebookAppointment,
    CheckIn,
    CompleteAppointment,
    NoShow,
    CreateBookingSecret,
    ListBookingSecrets,
    RevealBookingSecret,
    RevokeBookingSecret,
    CreatePartner,
    ListPartners,
    AuditLog,
    PatientSlots,
    PatientBook,
    PatientAppointments,
    PatientAppointment,
    PatientCancel,
    PatientRebook,
    PatientConfirm,
    PatientCalendar,
    BookingShops,
    BookingTypes,
    CreatePatient,
    FindPatients,
    GetPatient,
    ReplacePatient,
    PatchPatient,
    PastAppointments,
    BookForPatient,
    CreatePatientWithAppointment,
    CreateSubscription,
    ListSubscriptions,
    GetSubscription,
    UpdateSubscription,
    DeleteSubscription,
    ListDeliveries,
    Redeliver,
    ListMessages,
    SetDoctorMobilePhone,
    SearchPatients,
    CreateStaff,
    ListStaff,
    GetStaff,
    UpdateStaff,
    RequestSignIn,
    OpenSession,
    CurrentSession,
    SignOut,
    SignOutEverywhere,
    LiveQueue,
    TakeIntake,
    MoveVisit,
    AppointmentByExternalId,
    VisitLinks,
    VisitLinksByExternalId,
    GetWorkflow,
    SetWorkflow,
    CreateEpisode,
    ListEpisodes,
    GetEpisode,
    UpdateEpisode,
    EpisodeAppointments,
    AssignEpisode,
    CreateNoteTemplate,
    ListNoteTemplates,
    GetVisitNote,
    ReplaceVisitNote,
    AddNoteComment,
    UploadAttachment,
    ListAttachments,
    DeleteAttachment,
    AttachmentLink,
    DownloadAttachment,
    PatientAttachments,
    PatientAttachmentLink,
    CreatePatientDocument,
    ListPatientDocuments,
    VisitsReport,
    OrderEncounterReport,
    EncounterReportStatus,
    DownloadEncounterReport,
}

pub struct RouteSpec {
    pub route: Route,
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

const fn r(route: Route, method: Method, path: &'static str, access: Access) -> RouteSpec {
    RouteSpec {
        route,
        method,
        path,
        access,
    }
}

use Access::*;
use Method::*;
use Scope::*;

/// Literal paths come before templated ones that could also match them.
pub const ROUTES: &[RouteSpec] = &[
    r(Route::OpenApi, Get, "/v1/openapi.json", Public),
    r(Route::Health, Get, "/v1/health", Public),
    r(Route::RequestSignIn, Post, "/v1/auth/sign-in", Public),
    r(Route::OpenSession, Post, "/v1/auth/session", Public),
    r(Route::CurrentSession, Get, "/v1/auth/session", Session),
    r(Route::SignOut, Delete, "/v1/auth/session", Session),
    r(
        Route::SignOutEverywhere,
        Post,
        "/v1/auth/sign-out-everywhere",
        Session,
    ),
    r(
        Route::CreateStaff,
        Post,
        "/v1/management/staff",
        ApiKey(Admin),
    ),
    r(Route::ListStaff, Get, "/v1/management/staff", ApiKey(Admin)),
    r(
        Route::GetStaff,
        Get,
        "/v1/management/staff/{staff_uid}",
        ApiKey(Admin),
    ),
    r(
        Route::UpdateStaff,
        Patch,
        "/v1/management/staff/{staff_uid}",
        ApiKey(Admin),
    ),
    r(
        Route::CreateOrganization,
        Post,
        "/v1/operator/organizations",
        Operator,
    ),
    r(
        Route::CreateApiKey,
        Post,
        "/v1/management/api-keys",
        ApiKey(Admin),
    ),
    r(
        Route::ListApiKeys,
        Get,
        "/v1/management/api-keys",
        ApiKey(Admin),
    ),
    r(
        Route::RevokeApiKey,
        Delete,
        "/v1/management/api-keys/{key_id}",
        ApiKey(Admin),
    ),
    r(
        Route::CreateShop,
        Post,
        "/v1/management/shops",
        ApiKey(Admin),
    ),
    r(Route::ListShops, Get, "/v1/management/shops", ApiKey(Admin)),
    r(
        Route::GetShop,
        Get,
        "/v1/management/shops/{shop_uid}",
        ApiKey(Admin),
    ),
    r(
        Route::CreateDoctor,
        Post,
        "/v1/management/doctors",
        ApiKey(Admin),
    ),
    r(
        Route::ListDoctors,
        Get,
        "/v1/management/doctors",
        ApiKey(Admin),
    ),
    r(
        Route::GetDoctor,
        Get,
        "/v1/management/doctors/{doctor_uid}",
        ApiKey(Admin),
    ),
    r(
        Route::Register,
        Post,
        "/v1/management/waiting-room/register",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::Allocate,
        Post,
        "/v1/management/waiting-room/allocate",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::SetPresence,
        Put,
        "/v1/management/waiting-room/presence",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::QueueStatus,
        Get,
        "/v1/management/waiting-room/{queue_uid}/status",
        ApiKey(WaitingRoomRead),
    ),
    r(
        Route::CancelRegistration,
        Delete,
        "/v1/management/waiting-room/{queue_uid}",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::CompleteConsultation,
        Post,
        "/v1/management/waiting-room/{queue_uid}/complete",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::WatchUrl,
        Get,
        "/v1/management/waiting-room/{queue_uid}/watch-url",
        ApiKey(WaitingRoomRead),
    ),
    r(Route::Watch, Get, "/v1/waiting-room/watch", WatchToken),
    r(Route::MyTurn, Put, "/v1/waiting-room/my-turn", WatchToken),
    r(
        Route::LiveQueue,
        Get,
        "/v1/management/waiting-room/live",
        ApiKey(WaitingRoomRead),
    ),
    r(
        Route::TakeIntake,
        Post,
        "/v1/management/waiting-room/intake",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::MoveVisit,
        Post,
        "/v1/management/waiting-room/{queue_uid}/step",
        ApiKey(WaitingRoomWrite),
    ),
    r(
        Route::GetWorkflow,
        Get,
        "/v1/management/shops/{shop_uid}/workflow",
        ApiKey(WaitingRoomRead),
    ),
    r(
        Route::SetWorkflow,
        Put,
        "/v1/management/shops/{shop_uid}/workflow",
        ApiKey(Admin),
    ),
    // The visit link checks its own token: it is the path.
    r(Route::Visit, Get, "/v1/visit/{token}", Public),
    // So does an attachment's download link.
    r(
        Route::DownloadAttachment,
        Get,
        "/v1/attachments/{token}",
        Public,
    ),
    r(
        Route::GetOrganizationSettings,
        Get,
        "/v1/management/organization/settings",
        ApiKey(Admin),
    ),
    r(
        Route::UpdateOrganizationSettings,
        Put,
        "/v1/management/organization/settings",
        ApiKey(Admin),
    ),
    r(
        Route::CreateAppointmentType,
        Post,
        "/v1/management/appointment-types",
        ApiKey(Admin),
    ),
    r(
        Route::ListAppointmentTypes,
        Get,
        "/v1/management/appointment-types",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::GetAppointmentType,
        Get,
        "/v1/management/appointment-types/{appointment_type_uid}",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::SetAvailability,
        Put,
        "/v1/management/doctors/{doctor_uid}/availability",
        ApiKey(AvailabilityWrite),
    ),
    r(
        Route::GetAvailability,
        Get,
        "/v1/management/doctors/{doctor_uid}/availability",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::SearchSlots,
        Get,
        "/v1/management/slots",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::Book,
        Post,
        "/v1/management/appointments",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::Overview,
        Get,
        "/v1/management/appointments",
        ApiKey(AppointmentsRead),
    ),
    // Before `{appointment_uid}`'s routes, which would take
    // `by-external-id` for an appointment uid.
    r(
        Route::AppointmentByExternalId,
        Get,
        "/v1/management/appointments/by-external-id/{external_id}",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::VisitLinksByExternalId,
        Get,
        "/v1/management/appointments/by-external-id/{external_id}/visit-links",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::GetAppointment,
        Get,
        "/v1/management/appointments/{appointment_uid}",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::VisitLinks,
        Get,
        "/v1/management/appointments/{appointment_uid}/visit-links",
        ApiKey(AppointmentsRead),
    ),
    r(
        Route::ConfirmAppointment,
        Post,
        "/v1/management/appointments/{appointment_uid}/confirm",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::CancelAppointment,
        Post,
        "/v1/management/appointments/{appointment_uid}/cancel",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::RebookAppointment,
        Post,
        "/v1/management/appointments/{appointment_uid}/rebook",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::CheckIn,
        Post,
        "/v1/management/appointments/{appointment_uid}/check-in",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::CompleteAppointment,
        Post,
        "/v1/management/appointments/{appointment_uid}/complete",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::NoShow,
        Post,
        "/v1/management/appointments/{appointment_uid}/no-show",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::CreateBookingSecret,
        Post,
        "/v1/management/booking-secrets",
        ApiKey(Admin),
    ),
    r(
        Route::ListBookingSecrets,
        Get,
        "/v1/management/booking-secrets",
        ApiKey(Admin),
    ),
    r(
        Route::RevealBookingSecret,
        Post,
        "/v1/management/booking-secrets/{key_id}/reveal",
        ApiKey(Admin),
    ),
    r(
        Route::RevokeBookingSecret,
        Delete,
        "/v1/management/booking-secrets/{key_id}",
        ApiKey(Admin),
    ),
    r(
        Route::CreatePartner,
        Post,
        "/v1/management/partners",
        ApiKey(Admin),
    ),
    r(
        Route::ListPartners,
        Get,
        "/v1/management/partners",
        ApiKey(Admin),
    ),
    r(
        Route::AuditLog,
        Get,
        "/v1/management/audit-log",
        ApiKey(Admin),
    ),
    r(Route::PatientSlots, Get, "/v1/booking/slots", BookingToken),
    r(
        Route::PatientBook,
        Post,
        "/v1/booking/appointments",
        BookingToken,
    ),
    r(
        Route::PatientAppointments,
        Get,
        "/v1/booking/appointments",
        BookingToken,
    ),
    r(
        Route::PatientAppointment,
        Get,
        "/v1/booking/appointments/{appointment_uid}",
        BookingToken,
    ),
    r(
        Route::PatientCancel,
        Post,
        "/v1/booking/appointments/{appointment_uid}/cancel",
        BookingToken,
    ),
    r(
        Route::PatientRebook,
        Post,
        "/v1/booking/appointments/{appointment_uid}/rebook",
        BookingToken,
    ),
    r(
        Route::PatientConfirm,
        Post,
        "/v1/booking/appointments/{appointment_uid}/confirm",
        BookingToken,
    ),
    r(
        Route::PatientAttachments,
        Get,
        "/v1/booking/appointments/{appointment_uid}/attachments",
        BookingToken,
    ),
    r(
        Route::PatientAttachmentLink,
        Get,
        "/v1/booking/appointments/{appointment_uid}/attachments/{attachment_uid}/link",
        BookingToken,
    ),
    r(
        Route::PatientCalendar,
        Get,
        "/v1/booking/appointments/{appointment_uid}/calendar.ics",
        BookingToken,
    ),
    r(Route::BookingShops, Get, "/v1/booking/shops", BookingToken),
    r(
        Route::BookingTypes,
        Get,
        "/v1/booking/appointment-types",
        BookingToken,
    ),
    r(
        Route::CreatePatient,
        Post,
        "/v1/management/patients",
        ApiKey(PatientsWrite),
    ),
    r(
        Route::FindPatients,
        Get,
        "/v1/management/patients",
        ApiKey(PatientsRead),
    ),
    r(
        Route::CreatePatientWithAppointment,
        Post,
        "/v1/management/patients/with-appointment",
        ApiKey(PatientsWrite),
    ),
    r(
        Route::GetPatient,
        Get,
        "/v1/management/patients/{patient_uid}",
        ApiKey(PatientsRead),
    ),
    r(
        Route::ReplacePatient,
        Put,
        "/v1/management/patients/{patient_uid}",
        ApiKey(PatientsWrite),
    ),
    r(
        Route::PatchPatient,
        Patch,
        "/v1/management/patients/{patient_uid}",
        ApiKey(PatientsWrite),
    ),
    r(
        Route::PastAppointments,
        Get,
        "/v1/management/patients/{patient_uid}/past-appointments",
        ApiKey(PatientsRead),
    ),
    r(
        Route::BookForPatient,
        Post,
        "/v1/management/patients/{patient_uid}/appointments",
        ApiKey(AppointmentsWrite),
    ),
    r(
        Route::CreateEpisode,
        Post,
        "/v1/management/patients/{patient_uid}/episodes",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::ListEpisodes,
        Get,
        "/v1/management/patients/{patient_uid}/episodes",
        ApiKey(RecordsRead),
    ),
    r(
        Route::GetEpisode,
        Get,
        "/v1/management/episodes/{episode_uid}",
        ApiKey(RecordsRead),
    ),
    r(
        Route::UpdateEpisode,
        Put,
        "/v1/management/episodes/{episode_uid}",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::EpisodeAppointments,
        Get,
        "/v1/management/episodes/{episode_uid}/appointments",
        ApiKey(RecordsRead),
    ),
    r(
        Route::CreateNoteTemplate,
        Post,
        "/v1/management/note-templates",
        ApiKey(Admin),
    ),
    r(
        Route::ListNoteTemplates,
        Get,
        "/v1/management/note-templates",
        ApiKey(RecordsRead),
    ),
    r(
        Route::GetVisitNote,
        Get,
        "/v1/management/appointments/{appointment_uid}/note",
        ApiKey(RecordsRead),
    ),
    r(
        Route::ReplaceVisitNote,
        Put,
        "/v1/management/appointments/{appointment_uid}/note",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::AddNoteComment,
        Post,
        "/v1/management/appointments/{appointment_uid}/note/comments",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::UploadAttachment,
        Post,
        "/v1/management/appointments/{appointment_uid}/attachments",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::ListAttachments,
        Get,
        "/v1/management/appointments/{appointment_uid}/attachments",
        ApiKey(RecordsRead),
    ),
    r(
        Route::DeleteAttachment,
        Delete,
        "/v1/management/appointments/{appointment_uid}/attachments/{attachment_uid}",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::AttachmentLink,
        Get,
        "/v1/management/appointments/{appointment_uid}/attachments/{attachment_uid}/link",
        ApiKey(RecordsRead),
    ),
    r(
        Route::CreatePatientDocument,
        Post,
        "/v1/management/patients/{patient_uid}/documents",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::ListPatientDocuments,
        Get,
        "/v1/management/patients/{patient_uid}/documents",
        ApiKey(RecordsRead),
    ),
    r(
        Route::OrderEncounterReport,
        Post,
        "/v1/management/reports/encounters",
        ApiKey(RecordsRead),
    ),
    r(
        Route::EncounterReportStatus,
        Get,
        "/v1/management/reports/encounters/{report_uid}",
        ApiKey(RecordsRead),
    ),
    r(
        Route::DownloadEncounterReport,
        Get,
        "/v1/management/reports/encounters/{report_uid}/download",
        ApiKey(RecordsRead),
    ),
    r(
        Route::VisitsReport,
        Get,
        "/v1/management/reports/visits.csv",
        ApiKey(RecordsRead),
    ),
    r(
        Route::AssignEpisode,
        Put,
        "/v1/management/appointments/{appointment_uid}/episode",
        ApiKey(RecordsWrite),
    ),
    r(
        Route::CreateSubscription,
        Post,
        "/v1/management/webhook-subscriptions",
        ApiKey(Admin),
    ),
    r(
        Route::ListSubscriptions,
        Get,
        "/v1/management/webhook-subscriptions",
        ApiKey(Admin),
    ),
    r(
        Route::GetSubscription,
        Get,
        "/v1/management/webhook-subscriptions/{subscription_id}",
        ApiKey(Admin),
    ),
    r(
        Route::UpdateSubscription,
        Put,
        "/v1/management/webhook-subscriptions/{subscription_id}",
        ApiKey(Admin),
    ),
    r(
        Route::DeleteSubscription,
        Delete,
        "/v1/management/webhook-subscriptions/{subscription_id}",
        ApiKey(Admin),
    ),
    r(
        Route::ListDeliveries,
        Get,
        "/v1/management/webhook-subscriptions/{subscription_id}/deliveries",
        ApiKey(Admin),
    ),
    r(
        Route::Redeliver,
        Post,
        "/v1/management/webhook-subscriptions/{subscription_id}/deliveries/{delivery_id}/redeliver",
        ApiKey(Admin),
    ),
    r(
        Route::ListMessages,
        Get,
        "/v1/management/messages",
        ApiKey(Admin),
    ),
    r(
        Route::SetDoctorMobilePhone,
        Put,
        "/v1/management/doctors/{doctor_uid}/mobile-phone",
        ApiKey(AvailabilityWrite),
    ),
    // The same search as `GET /v1/management/patients`, with the phone
    // number or MRN in the body, out of URLs and access logs.
    r(
        Route::SearchPatients,
        Post,
        "/v1/management/patients/search",
        ApiKey(PatientsRead),
    ),
];

/// The outcome of matching a request line.
#[derive(Debug, PartialEq, Eq)]
pub enum Matched<'p> {
    Found {
        route: Route,
        access: Access,
        /// Values of the `{...}` segments, in order.
        params: Vec<&'p str>,
    },
    /// The path exists, but not for this method; carries the allowed ones.
    MethodNotAllowed(Vec<Method>),
    NotFound,
}

pub fn match_template<'p>(template: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let mut params = Vec::new();
    let mut t = template.split('/');
    let mut p = path.split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(params),
            (Some(ts), Some(ps)) if ts.starts_with('{') && !ps.is_empty() => params.push(ps),
            (Some(ts), Some(ps)) if ts == ps => {}
            _ => return None,
        }
    }
}

pub fn match_route(method: Method, path: &str) -> Matched<'_> {
    let mut allowed = Vec::new();
    for spec in ROUTES {
        if let Some(params) = match_template(spec.path, path) {
            if spec.method == method {
                return Matched::Found {
                    route: spec.route,
                    access: spec.access,
                    params,
                };
            }
            allowed.push(spec.method);
        }
    }
    if allowed.is_empty() {
        Matched::NotFound
    } else {
        Matched::MethodNotAllowed(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn literal_before_template_and_params_extracted() {
        assert!(matches!(
            match_route(Post, "/v1/management/waiting-room/register"),
            Matched::Found {
                route: Route::Register,
                ..
            }
        ));
        assert_eq!(
            match_route(Get, "/v1/management/waiting-room/q_x/status"),
            Matched::Found {
                route: Route::QueueStatus,
                access: ApiKey(WaitingRoomRead),
                params: vec!["q_x"]
            }
        );
        assert_eq!(
            match_route(Put, "/v1/management/waiting-room/q_x"),
            Matched::MethodNotAllowed(vec![Delete])
        );
        assert_eq!(
            match_route(Get, "/v1/management/waiting-room//status"),
            Matched::NotFound
        );
        assert_eq!(match_route(Get, "/v2/nothing"), Matched::NotFound);
    }

    /// Every route of the enum is reachable through the table.
    #[test]
    fn every_route_is_in_the_table() {
        let listed = |r: Route| ROUTES.iter().filter(|s| s.route == r).count();
        for spec in ROUTES {
            assert_eq!(listed(spec.route), 1, "{:?} is listed once", spec.route);
        }
        for route in Route::ALL {
            assert_eq!(listed(*route), 1, "{route:?} is in the table");
        }
        assert_eq!(ROUTES.len(), Route::ALL.len());
    }

    /// A scope a route needs can be granted: it is in `Scope::ALL`, so the
    /// operator's first key carries it and key creation accepts it.
    #[test]
    fn every_route_scope_can_be_granted() {
        for spec in ROUTES {
            if let ApiKey(scope) = spec.access {
                assert!(
                    Scope::ALL.contains(&scope),
                    "{} {}",
                    spec.method.as_str(),
                    spec.path
                );
                assert_eq!(Scope::parse(scope.as_str()), Some(scope));
            }
        }
    }

    /// The OpenAPI document lists exactly the routes served, each with the
    /// scope the router enforces.
    #[test]
    fn openapi_document_matches_the_route_table() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../web/v1/openapi.json"))
                .expect("web/v1/openapi.json parses");
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().unwrap() {
                let scope = op["x-required-scope"].as_str().map(str::to_owned);
                documented.insert((method.to_uppercase(), path.clone(), scope));
                assert!(
                    op["responses"].is_object(),
                    "{method} {path} documents responses"
                );
            }
        }
        let mut served: BTreeSet<_> = ROUTES
            .iter()
            .map(|s| {
                let scope = match s.access {
                    ApiKey(scope) => Some(scope.as_str().to_owned()),
                    _ => None,
                };
                (s.method.as_str().to_owned(), s.path.to_owned(), scope)
            })
            .collect();
        // The vendor Worker's routes, served behind this one.
        for s in crate::compat::routes::COMPAT_ROUTES {
            let scope = s.scope.map(|scope| scope.as_str().to_owned());
            served.insert((s.method.as_str().to_owned(), s.path.to_owned(), scope));
        }
        assert_eq!(documented, served);
    }
}
