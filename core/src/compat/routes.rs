//! The vendor routes. They are a table of their own, apart from
//! [`crate::routes::ROUTES`]: the vendor Worker (`vendor/`) serves them,
//! and Frontdesk's own Worker forwards their paths to it unmatched.

use crate::auth::Scope;
use crate::routes::{match_template, Method};

/// Which vendor a route imitates; each has its own key header and error
/// shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Seed 002: `Api-Key`, errors `{"error": {"message"}}`.
    Solo,
    /// Seed 003: `X-API-Key`, Frontdesk's own error body.
    Dr,
}

macro_rules! compat_routes {
    ($($variant:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum CompatRoute {
            $($variant),*
        }

        impl CompatRoute {
            pub const ALL: &'static [CompatRoute] = &[$(CompatRoute::$variant),*];
        }
    };
}

compat_routes! {
    SoloCreatePatient,
    SoloGetPatient,
    SoloUpdatePatient,
    SoloGetPatientBySpid,
    SoloUpdatePatientBySpid,
    SoloCreateAppointment,
    SoloCreateAppointmentByHsid,
    SoloCreateAppointmentBySpid,
    SoloGetAppointment,
    SoloUpdateAppointment,
    SoloProviderLink,
    SoloMsTeamsProviderLink,
    SoloVideoCallLinks,
    SoloVideoCallLinksBySaid,
    SoloWaitingRooms,
    SoloSlots,
    SoloCheckIn,
    SoloGetVisitNote,
    SoloUpdateVisitNote,
    SoloCreateEpisode,
    SoloListEpisodes,
    SoloGetEpisode,
    SoloUpdateEpisode,
    SoloEpisodeAppointments,
    SoloAssignEpisode,
    SoloUploadAttachment,
    SoloListAttachments,
    SoloDeleteAttachment,
    SoloAddDocument,
    SoloCsvDump,
    SoloOrderEncounterReport,
    SoloEncounterReportStatus,
    SoloDownloadEncounterReport,
    SoloCreateWebhook,
    SoloListWebhooks,
    SoloGetWebhook,
    SoloUpdateWebhook,
    SoloDeleteWebhook,
    SoloCreateLinkingSecret,
    SoloListLinkingSecrets,
    SoloRevealLinkingSecret,
    SoloRevokeLinkingSecret,
    SoloLinking,
    SoloPerfectAnswer,
    SoloListPerfectAnswerLocations,
    SoloPutPerfectAnswerLocation,
    SoloDeletePerfectAnswerLocation,
    SoloCreateAssistanceRequest,
    SoloGetAssistanceRequest,
    SoloCancelAssistanceRequest,
    SoloCreateCareLocation,
    SoloListCareLocations,
    SoloUpdateCareLocation,
    SoloDeleteCareLocation,
    DrAddPatient,
    DrSlots,
    DrBook,
    DrCheckIn,
    DrGetAppointment,
    DrCancel,
    DrEdit,
}

pub struct CompatSpec {
    pub method: Method,
    pub path: &'static str,
    pub route: CompatRoute,
    pub surface: Surface,
    /// `None`: public (a link a patient follows).
    pub scope: Option<Scope>,
}

use CompatRoute as R;
use Method::{Delete, Get, Post, Put};
use Scope::*;
use Surface::{Dr, Solo};

const fn spec(
    method: Method,
    path: &'static str,
    route: CompatRoute,
    surface: Surface,
    scope: Scope,
) -> CompatSpec {
    CompatSpec {
        method,
        path,
        route,
        surface,
        scope: Some(scope),
    }
}

/// Literal paths before templates that would also match them, as in
/// Frontdesk's own table.
pub const COMPAT_ROUTES: &[CompatSpec] = &[
    spec(
        Post,
        "/qapi/v1/patients",
        R::SoloCreatePatient,
        Solo,
        PatientsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/patients/id/type/SPID/value/{spid}",
        R::SoloGetPatientBySpid,
        Solo,
        PatientsRead,
    ),
    spec(
        Put,
        "/qapi/v1/patients/id/type/SPID/value/{spid}",
        R::SoloUpdatePatientBySpid,
        Solo,
        PatientsWrite,
    ),
    spec(
        Post,
        "/qapi/v1/patients/id/type/SPID/value/{spid}/appointments",
        R::SoloCreateAppointmentBySpid,
        Solo,
        AppointmentsWrite,
    ),
    spec(
        Post,
        "/qapi/v1/patients/HSID/{hsid}/appointments",
        R::SoloCreateAppointmentByHsid,
        Solo,
        AppointmentsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/patients/{patient_id}",
        R::SoloGetPatient,
        Solo,
        PatientsRead,
    ),
    spec(
        Put,
        "/qapi/v1/patients/{patient_id}",
        R::SoloUpdatePatient,
        Solo,
        PatientsWrite,
    ),
    spec(
        Post,
        "/qapi/v1/patients/{patient_id}/appointments",
        R::SoloCreateAppointment,
        Solo,
        AppointmentsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/id/type/SAID/value/{said}/video-call-links",
        R::SoloVideoCallLinksBySaid,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{appointment_id}",
        R::SoloGetAppointment,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Put,
        "/qapi/v1/appointments/{appointment_id}",
        R::SoloUpdateAppointment,
        Solo,
        AppointmentsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{appointment_id}/provider-link",
        R::SoloProviderLink,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{external_appointment_id}/video-call-links",
        R::SoloVideoCallLinks,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{appointment_id}/visit-note",
        R::SoloGetVisitNote,
        Solo,
        RecordsRead,
    ),
    spec(
        Put,
        "/qapi/v1/appointments/{appointment_id}/visit-note",
        R::SoloUpdateVisitNote,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{appointment_id}/msteams-provider-link",
        R::SoloMsTeamsProviderLink,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Get,
        "/qapi/v1/waiting-rooms",
        R::SoloWaitingRooms,
        Solo,
        AppointmentsRead,
    ),
    spec(
        Post,
        "/qapi/v1/patients/{patient_id}/episodes",
        R::SoloCreateEpisode,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/patients/{patient_id}/episodes",
        R::SoloListEpisodes,
        Solo,
        RecordsRead,
    ),
    spec(
        Post,
        "/qapi/v1/patients/{patient_id}/documents",
        R::SoloAddDocument,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/episodes/{episode_id}",
        R::SoloGetEpisode,
        Solo,
        RecordsRead,
    ),
    spec(
        Put,
        "/qapi/v1/episodes/{episode_id}",
        R::SoloUpdateEpisode,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/episodes/{episode_id}/appointments",
        R::SoloEpisodeAppointments,
        Solo,
        RecordsRead,
    ),
    spec(
        Put,
        "/qapi/v1/appointments/{appointment_id}/episode/assign",
        R::SoloAssignEpisode,
        Solo,
        RecordsWrite,
    ),
    spec(
        Post,
        "/qapi/v1/appointments/{appointment_id}/attachments",
        R::SoloUploadAttachment,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/appointments/{appointment_id}/attachments",
        R::SoloListAttachments,
        Solo,
        RecordsRead,
    ),
    spec(
        Delete,
        "/qapi/v1/appointments/{appointment_id}/attachments/{attachment_id}",
        R::SoloDeleteAttachment,
        Solo,
        RecordsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/reports/csv-data-dump",
        R::SoloCsvDump,
        Solo,
        RecordsRead,
    ),
    spec(
        Post,
        "/qapi/v1/encounter-report/create",
        R::SoloOrderEncounterReport,
        Solo,
        RecordsRead,
    ),
    spec(
        Get,
        "/qapi/v1/encounter-report/status/{report_id}",
        R::SoloEncounterReportStatus,
        Solo,
        RecordsRead,
    ),
    spec(
        Get,
        "/qapi/v1/encounter-report/download/{report_id}",
        R::SoloDownloadEncounterReport,
        Solo,
        RecordsRead,
    ),
    spec(
        Get,
        "/qapi/v1/appointment-slots",
        R::SoloSlots,
        Solo,
        AppointmentsRead,
    ),
    spec(Post, "/qapi/v1/webhooks", R::SoloCreateWebhook, Solo, Admin),
    spec(Get, "/qapi/v1/webhooks", R::SoloListWebhooks, Solo, Admin),
    spec(
        Get,
        "/qapi/v1/webhooks/{webhook_id}",
        R::SoloGetWebhook,
        Solo,
        Admin,
    ),
    spec(
        Put,
        "/qapi/v1/webhooks/{webhook_id}",
        R::SoloUpdateWebhook,
        Solo,
        Admin,
    ),
    spec(
        Delete,
        "/qapi/v1/webhooks/{webhook_id}",
        R::SoloDeleteWebhook,
        Solo,
        Admin,
    ),
    spec(
        Post,
        "/qapi/v1/linking-secrets",
        R::SoloCreateLinkingSecret,
        Solo,
        Admin,
    ),
    spec(
        Get,
        "/qapi/v1/linking-secrets",
        R::SoloListLinkingSecrets,
        Solo,
        Admin,
    ),
    spec(
        Get,
        "/qapi/v1/linking-secrets/{key_id}/reveal",
        R::SoloRevealLinkingSecret,
        Solo,
        Admin,
    ),
    spec(
        Delete,
        "/qapi/v1/linking-secrets/{key_id}",
        R::SoloRevokeLinkingSecret,
        Solo,
        Admin,
    ),
    CompatSpec {
        method: Get,
        path: "/integrations/linking",
        route: R::SoloLinking,
        surface: Solo,
        scope: None,
    },
    CompatSpec {
        method: Get,
        path: "/integrations/check-in/{token}",
        route: R::SoloCheckIn,
        surface: Solo,
        scope: None,
    },
    spec(
        Post,
        "/qapi/v1/perfect-answer",
        R::SoloPerfectAnswer,
        Solo,
        AppointmentsWrite,
    ),
    spec(
        Get,
        "/qapi/v1/perfect-answer/locations",
        R::SoloListPerfectAnswerLocations,
        Solo,
        Admin,
    ),
    spec(
        Put,
        "/qapi/v1/perfect-answer/locations/{location_id}",
        R::SoloPutPerfectAnswerLocation,
        Solo,
        Admin,
    ),
    spec(
        Delete,
        "/qapi/v1/perfect-answer/locations/{location_id}",
        R::SoloDeletePerfectAnswerLocation,
        Solo,
        Admin,
    ),
    spec(
        Post,
        "/qapi/v1/request-assistance",
        R::SoloCreateAssistanceRequest,
        Solo,
        WaitingRoomWrite,
    ),
    spec(
        Get,
        "/qapi/v1/request-assistance",
        R::SoloGetAssistanceRequest,
        Solo,
        WaitingRoomRead,
    ),
    spec(
        Delete,
        "/qapi/v1/request-assistance",
        R::SoloCancelAssistanceRequest,
        Solo,
        WaitingRoomWrite,
    ),
    spec(
        Post,
        "/qapi/v1/care-locations",
        R::SoloCreateCareLocation,
        Solo,
        Admin,
    ),
    spec(
        Get,
        "/qapi/v1/care-locations",
        R::SoloListCareLocations,
        Solo,
        Admin,
    ),
    spec(
        Put,
        "/qapi/v1/care-locations/{care_location_id}",
        R::SoloUpdateCareLocation,
        Solo,
        Admin,
    ),
    spec(
        Delete,
        "/qapi/v1/care-locations/{care_location_id}",
        R::SoloDeleteCareLocation,
        Solo,
        Admin,
    ),
    spec(Post, "/dr/v1/patient", R::DrAddPatient, Dr, PatientsWrite),
    spec(
        Get,
        "/dr/v1/business/doctor/{doctor_id}/clinic/{clinic_id}/appointments/slots",
        R::DrSlots,
        Dr,
        AppointmentsRead,
    ),
    spec(
        Post,
        "/dr/v1/business/doctor/appointments/slots/book",
        R::DrBook,
        Dr,
        AppointmentsWrite,
    ),
    spec(
        Put,
        "/dr/v1/business/doctor/appointments/slots/book",
        R::DrEdit,
        Dr,
        AppointmentsWrite,
    ),
    spec(
        Put,
        "/dr/v1/business/appointments/check-in",
        R::DrCheckIn,
        Dr,
        AppointmentsWrite,
    ),
    spec(
        Put,
        "/dr/v1/business/appointments/cancel",
        R::DrCancel,
        Dr,
        AppointmentsWrite,
    ),
    spec(
        Get,
        "/dr/v1/business/appointments/{appointment_id}",
        R::DrGetAppointment,
        Dr,
        AppointmentsRead,
    ),
];

pub enum CompatMatch<'p> {
    Found {
        spec: &'static CompatSpec,
        params: Vec<&'p str>,
    },
    MethodNotAllowed(Vec<Method>),
    NotFound,
}

pub fn match_compat(method: Method, path: &str) -> CompatMatch<'_> {
    let mut allowed = Vec::new();
    for spec in COMPAT_ROUTES {
        if let Some(params) = match_template(spec.path, path) {
            if spec.method == method {
                return CompatMatch::Found { spec, params };
            }
            allowed.push(spec.method);
        }
    }
    if allowed.is_empty() {
        CompatMatch::NotFound
    } else {
        CompatMatch::MethodNotAllowed(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_route_is_in_the_table_once_and_reachable() {
        let listed: Vec<_> = COMPAT_ROUTES.iter().map(|s| s.route).collect();
        assert_eq!(listed.len(), CompatRoute::ALL.len());
        for route in CompatRoute::ALL {
            assert_eq!(
                listed.iter().filter(|r| *r == route).count(),
                1,
                "{route:?}"
            );
        }
        let mut seen = BTreeSet::new();
        for spec in COMPAT_ROUTES {
            assert!(
                seen.insert((spec.method.as_str(), spec.path)),
                "{}",
                spec.path
            );
            // A sample path made from the template reaches this route and
            // not an earlier one.
            let sample = spec
                .path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "42" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            match match_compat(spec.method, &sample) {
                CompatMatch::Found { spec: found, .. } => {
                    assert_eq!(found.route, spec.route, "{sample}")
                }
                _ => panic!("{sample} does not match"),
            }
            let surface = if !spec.path.starts_with("/dr/v1/") {
                Surface::Solo
            } else {
                Surface::Dr
            };
            assert_eq!(spec.surface, surface, "{}", spec.path);
        }
    }

    #[test]
    fn spid_paths_are_not_taken_for_patient_ids() {
        assert!(matches!(
            match_compat(Get, "/qapi/v1/patients/id/type/SPID/value/7"),
            CompatMatch::Found { spec, params } if spec.route == R::SoloGetPatientBySpid && params == ["7"]
        ));
        assert!(matches!(
            match_compat(Delete, "/qapi/v1/patients/p1"),
            CompatMatch::MethodNotAllowed(_)
        ));
    }
}
