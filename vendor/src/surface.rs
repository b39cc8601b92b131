//! Routing, authentication and error shapes for both vendor surfaces.
//!
//! The main Worker forwards a vendor request here once it has checked the
//! key in the header its vendor names (seed 002's `Api-Key`, seed 003's
//! `X-API-Key`) as it checks its own `X-API-Key`: failed attempts count
//! against the address, each key's requests against its rate limit. It
//! names the key's holder in `X-Frontdesk-Caller`. Here a request is
//! matched against `frontdesk_core::compat::routes` and its scope checked;
//! every error leaves in its vendor's shape.

use chrono::{DateTime, Utc};
use frontdesk_core::compat::routes::{match_compat, CompatMatch, CompatRoute as R, Surface};
use frontdesk_core::routes::Method;
use frontdesk_worker::auth::{self, Caller};
use frontdesk_worker::context::Ctx;
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::service::Actor;
use worker::{Env, Request, Response};

use crate::{dr, solo};

pub async fn route(req: Request, env: Env, now: DateTime<Utc>) -> Response {
    let surface = if req.path().starts_with("/dr/") {
        Surface::Dr
    } else {
        Surface::Solo
    };
    match dispatch(req, env, now).await {
        Ok(resp) => resp,
        Err(e) => render(surface, e),
    }
}

/// Seed 002 answers errors as `{"error": {"message"}}`; seed 003 defines
/// none, so its surface answers Frontdesk's own error body.
pub fn render(surface: Surface, e: ApiError) -> Response {
    match surface {
        Surface::Dr => e.into_response(),
        Surface::Solo => frontdesk_worker::solo_error(e),
    }
}

async fn dispatch(req: Request, env: Env, now: DateTime<Utc>) -> ApiResult<Response> {
    // A GET with a body arrives as a POST naming its method (the main
    // Worker strips the header from every client request).
    let named = req.headers().get(auth::FORWARDED_METHOD)?;
    let method = Method::parse(named.as_deref().unwrap_or(req.method().as_ref()))
        .ok_or_else(|| ApiError::MethodNotAllowed("GET, POST, PUT, DELETE".into()))?;
    let path = req.path();
    let (spec, params) = match match_compat(method, &path) {
        CompatMatch::Found { spec, params } => (spec, params),
        CompatMatch::MethodNotAllowed(allowed) => {
            let allowed: Vec<_> = allowed.iter().map(|m| m.as_str()).collect();
            return Err(ApiError::MethodNotAllowed(allowed.join(", ")));
        }
        CompatMatch::NotFound => return Err(ApiError::not_found("route")),
    };
    let params: Vec<String> = params.into_iter().map(str::to_owned).collect();
    let cx = Ctx::new(env, now)?;
    let p = |i: usize| params.get(i).map(String::as_str).unwrap_or("");
    let mut req = req;
    let req = &mut req;
    let Some(scope) = spec.scope else {
        return match spec.route {
            R::SoloCheckIn => solo::check_in::open(req, &cx, p(0)).await,
            R::SoloLinking => solo::linking::connect(req, &cx).await,
            other => Err(ApiError::Internal(format!(
                "{other:?} has no public handler"
            ))),
        };
    };
    // The main Worker checked the key (and counted it against its rate
    // limit) before forwarding; the route's scope is checked here.
    let caller = req
        .headers()
        .get(auth::FORWARDED_CALLER)?
        .and_then(|text| Caller::from_forwarded(&text))
        .ok_or(ApiError::Unauthorized("a valid API key is required"))?;
    caller.require(scope)?;
    let actor = Actor::from(caller.clone());
    match spec.route {
        R::SoloCreatePatient => solo::patients::create(req, &cx, &actor).await,
        R::SoloGetPatient => solo::patients::get(&cx, &actor, p(0)).await,
        R::SoloUpdatePatient => solo::patients::update(req, &cx, &actor, p(0)).await,
        R::SoloGetPatientBySpid => solo::patients::get_by_spid(&cx, &actor, p(0)).await,
        R::SoloUpdatePatientBySpid => solo::patients::update_by_spid(req, &cx, &actor, p(0)).await,
        R::SoloWaitingRooms => solo::rooms::list(&cx, &caller).await,
        R::SoloCreateAppointment => solo::appointments::create(req, &cx, &actor, p(0)).await,
        R::SoloCreateAppointmentBySpid => {
            solo::appointments::create_by_spid(req, &cx, &actor, p(0)).await
        }
        R::SoloCreateAppointmentByHsid => {
            solo::appointments::create_by_hsid(req, &cx, &actor, p(0)).await
        }
        R::SoloGetAppointment => solo::appointments::get(&cx, &actor, p(0)).await,
        R::SoloUpdateAppointment => solo::appointments::update(req, &cx, &actor, p(0)).await,
        R::SoloProviderLink => solo::appointments::provider_link(req, &cx, &actor, p(0)).await,
        R::SoloMsTeamsProviderLink => solo::teams::provider_link(req, &cx, &actor, p(0)).await,
        R::SoloVideoCallLinks => solo::appointments::video_call_links(req, &cx, &actor, p(0)).await,
        R::SoloVideoCallLinksBySaid => {
            solo::appointments::video_call_links_by_said(req, &cx, &actor, p(0)).await
        }
        R::SoloSlots => solo::appointments::slots(req, &cx, &actor).await,
        R::SoloGetVisitNote => solo::notes::get(&cx, &actor, p(0)).await,
        R::SoloUpdateVisitNote => solo::notes::update(req, &cx, &actor, p(0)).await,
        R::SoloCreateEpisode => solo::records::create_episode(req, &cx, &actor, p(0)).await,
        R::SoloListEpisodes => solo::records::list_episodes(&cx, &actor, p(0)).await,
        R::SoloGetEpisode => solo::records::get_episode(&cx, &actor, p(0)).await,
        R::SoloUpdateEpisode => solo::records::update_episode(req, &cx, &actor, p(0)).await,
        R::SoloEpisodeAppointments => solo::records::episode_appointments(&cx, &actor, p(0)).await,
        R::SoloAssignEpisode => solo::records::assign_episode(req, &cx, &actor, p(0)).await,
        R::SoloUploadAttachment => solo::records::upload_attachment(req, &cx, &actor, p(0)).await,
        R::SoloListAttachments => solo::records::list_attachments(&cx, &actor, p(0)).await,
        R::SoloDeleteAttachment => solo::records::delete_attachment(&cx, &actor, p(0), p(1)).await,
        R::SoloAddDocument => solo::records::add_document(req, &cx, &actor, p(0)).await,
        R::SoloCsvDump => solo::records::csv_dump(req, &cx, &actor).await,
        R::SoloCreateWebhook => solo::webhooks::create(req, &cx, &caller).await,
        R::SoloListWebhooks => solo::webhooks::list(&cx, &caller).await,
        R::SoloGetWebhook => solo::webhooks::get(&cx, &caller, p(0)).await,
        R::SoloUpdateWebhook => solo::webhooks::update(req, &cx, &caller, p(0)).await,
        R::SoloDeleteWebhook => solo::webhooks::delete(&cx, &caller, p(0)).await,
        R::SoloCreateLinkingSecret => solo::linking::create(&cx, &caller).await,
        R::SoloListLinkingSecrets => solo::linking::list(&cx, &caller).await,
        R::SoloRevealLinkingSecret => solo::linking::reveal(&cx, &caller, p(0)).await,
        R::SoloRevokeLinkingSecret => solo::linking::revoke(&cx, &caller, p(0)).await,
        R::SoloOrderEncounterReport => {
            solo::records::order_encounter_report(req, &cx, &actor).await
        }
        R::SoloEncounterReportStatus => {
            solo::records::encounter_report_status(&cx, &actor, p(0)).await
        }
        R::SoloDownloadEncounterReport => {
            solo::records::download_encounter_report(&cx, &actor, p(0)).await
        }
        R::SoloPerfectAnswer => solo::perfect_answer::create(req, &cx, &caller, &actor).await,
        R::SoloListPerfectAnswerLocations => {
            solo::perfect_answer::list_locations(&cx, &caller).await
        }
        R::SoloPutPerfectAnswerLocation => {
            solo::perfect_answer::put_location(req, &cx, &caller, &actor, p(0)).await
        }
        R::SoloDeletePerfectAnswerLocation => {
            solo::perfect_answer::delete_location(&cx, &caller, p(0)).await
        }
        R::SoloCreateAssistanceRequest => solo::nursing::create(req, &cx, &actor).await,
        R::SoloGetAssistanceRequest => solo::nursing::get(req, &cx, &actor).await,
        R::SoloCancelAssistanceRequest => solo::nursing::cancel(req, &cx, &actor).await,
        R::SoloCreateCareLocation => {
            solo::nursing::create_location(req, &cx, &caller, &actor).await
        }
        R::SoloListCareLocations => solo::nursing::list_locations(&cx, &caller).await,
        R::SoloUpdateCareLocation => {
            solo::nursing::update_location(req, &cx, &caller, &actor, p(0)).await
        }
        R::SoloDeleteCareLocation => {
            solo::nursing::delete_location(&cx, &caller, &actor, p(0)).await
        }
        R::DrAddPatient => dr::add_patient(req, &cx, &actor).await,
        R::DrSlots => dr::slots(req, &cx, &actor, p(0), p(1)).await,
        R::DrBook => dr::book(req, &cx, &actor).await,
        R::DrEdit => dr::reschedule(req, &cx, &actor).await,
        R::DrCheckIn => dr::check_in(req, &cx, &actor).await,
        R::DrCancel => dr::cancel(req, &cx, &actor).await,
        R::DrGetAppointment => dr::get(req, &cx, &actor, p(0)).await,
        R::SoloCheckIn | R::SoloLinking => {
            Err(ApiError::Internal(format!("{:?} is public", spec.route)))
        }
    }
}
