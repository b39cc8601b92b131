//! # frontdesk-worker
//!
//! The Cloudflare Workers shell around `frontdesk-core`. It parses requests
//! into core types at the edge, authenticates and authorises them, reads the
//! clock and draws randomness, and turns core's decisions into D1 queries,
//! Durable Object requests and WebSocket messages. The same build runs in
//! production and, unchanged, under `wrangler dev`.
//!
//! ## Request flow
//! `fetch` → [`frontdesk_core::routes::match_route`] → authenticate per the
//! route's access (API key and scope, operator token, or watch token) → the
//! handler. Directory work (organisations, keys, shops, doctors) goes to D1;
//! everything about a shop's queue goes to that shop's Durable Object.
//! Every error leaves through [`error::ApiError`].
//!
//! ## Layout
//! - [`error`]: the one error type and its mapping to status and JSON body.
//! - [`edge`]: bounded JSON bodies in, JSON out.
//! - [`auth`]: API keys, scopes and the operator token.
//! - [`booking`]: the patient-facing booking API and its token check.
//! - [`booking_secrets`]: partners' signing secrets, sealed at rest.
//! - [`audit`]: the append-only audit log.
//! - [`cron`]: the every-minute trigger: reminders, and overdue deliveries.
//! - [`config`]: `[vars]` and secrets.
//! - [`ambient`]: the clock and randomness, which core never touches.
//! - [`directory`]: D1 queries for the organisation directory.
//! - [`management`]: handlers for organisations, keys, shops and doctors.
//! - [`patients`]: the patient directory and the call-center flow.
//! - [`waiting_room`]: handlers for the waiting room, forwarding to the shop.
//! - [`visit`]: per-visit links into the video room, the meeting-room
//!   setting, and keeping room names out of patient-facing responses.
//! - [`calendar`]: handlers for appointment types, availability, slots and
//!   appointments, forwarding to the shop.
//! - [`webhooks`]: notification subscriptions and where events go.
//! - [`notifier`]: the Notifier Durable Object: webhook delivery with
//!   retries, reminder emails and SMS.
//! - [`shop`]: the Shop Durable Object and the functions that reach it.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

pub mod ambient;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod booking_secrets;
pub mod calendar;
pub mod config;
pub mod cron;
pub mod directory;
pub mod edge;
pub mod error;
pub mod management;
pub mod notifier;
pub mod patients;
pub mod rate_limit;
pub mod shop;
pub mod visit;
pub mod waiting_room;
pub mod webhooks;

use frontdesk_core::routes::{match_route, Access, Matched, Method, Route};
use worker::{event, Context, Env, Request, Response, Result};

use crate::ambient::now;
use crate::auth::Caller;
use crate::config::Config;
use crate::directory::Directory;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::Bucket;
use crate::shop::Command;

const OPENAPI: &str = include_str!("../../openapi.json");

#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(e) = cron::run(&env).await {
        worker::console_error!("cron run failed: {e:?}");
    }
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    // Partners' storefronts call the booking API from their customers'
    // browsers, on other origins; the token rides in a header, never in a
    // cookie, so any origin may call.
    let cross_origin = req.path().starts_with("/v1/booking/");
    if cross_origin && req.method() == worker::Method::Options {
        return finish(Response::empty()?.with_status(204), true);
    }
    let resp = route(req, env)
        .await
        .unwrap_or_else(ApiError::into_response);
    // Patients never see a room: the booking API's answers lose every
    // room id and raw join URL.
    let resp = if cross_origin {
        visit::without_rooms(resp).await?
    } else {
        resp
    };
    finish(resp, cross_origin)
}

/// The headers every API answer carries. Responses relayed from a Durable
/// Object have immutable headers, so they are copied rather than changed in
/// place; a WebSocket's 101 is passed on untouched.
fn finish(resp: Response, cross_origin: bool) -> Result<Response> {
    if resp.status_code() == 101 {
        return Ok(resp);
    }
    let headers = resp.headers().clone();
    // Answers carry patient data: no shared or browser cache keeps them.
    headers.set("Cache-Control", "no-store")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    if cross_origin {
        allow_cross_origin(&headers)?;
    }
    Ok(resp.with_headers(headers))
}

fn allow_cross_origin(headers: &worker::Headers) -> Result<()> {
    headers.set("Access-Control-Allow-Origin", "*")?;
    headers.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")?;
    headers.set(
        "Access-Control-Allow-Headers",
        "Authorization, Content-Type, Idempotency-Key",
    )?;
    headers.set("Access-Control-Max-Age", "86400")?;
    Ok(())
}

async fn route(req: Request, env: Env) -> ApiResult<Response> {
    let method = Method::parse(req.method().as_ref())
        .ok_or_else(|| ApiError::MethodNotAllowed("GET, POST, PUT, PATCH, DELETE".into()))?;
    let path = req.path();
    let (route, access, params) = match match_route(method, &path) {
        Matched::Found {
            route,
            access,
            params,
        } => (
            route,
            access,
            params.into_iter().map(str::to_owned).collect::<Vec<_>>(),
        ),
        Matched::MethodNotAllowed(allowed) => {
            let allowed: Vec<_> = allowed.iter().map(|m| m.as_str()).collect();
            return Err(ApiError::MethodNotAllowed(allowed.join(", ")));
        }
        Matched::NotFound => return Err(ApiError::not_found("route")),
    };
    let param = |i: usize| params.get(i).map(String::as_str).unwrap_or_default();

    let config = Config::get(&env)?;
    let dir = Directory::new(&env)?;
    // An address over its limit of failed authentications is refused
    // before any credential is checked, so guessing gets no answers.
    if access != Access::Public {
        rate_limit::refuse_blocked_address(&req, now())?;
    }
    let caller = match access {
        Access::ApiKey(scope) => {
            let caller = match auth::api_key(&req, &dir, scope).await {
                Ok(caller) => caller,
                Err(e) => return Err(rate_limit::on_auth_failure(&env, &req, e).await),
            };
            rate_limit::check(&env, Bucket::ApiKey, &caller.key_id).await?;
            Some(caller)
        }
        Access::Operator => {
            if let Err(e) = auth::operator(&req, &config) {
                return Err(rate_limit::on_auth_failure(&env, &req, e).await);
            }
            None
        }
        Access::Public | Access::WatchToken | Access::BookingToken => None,
    };
    let patient = match access {
        Access::BookingToken => {
            let patient = match booking::authenticate(&req, &env, &dir).await {
                Ok(patient) => patient,
                Err(e) => return Err(rate_limit::on_auth_failure(&env, &req, e).await),
            };
            rate_limit::check(&env, Bucket::BookingSubject, patient.token_patient.as_str()).await?;
            // Partners are per organisation, and the default partner's id
            // is the same in every one.
            let partner = format!("{}/{}", patient.org, patient.partner);
            rate_limit::check(&env, Bucket::Partner, &partner).await?;
            Some(patient)
        }
        _ => None,
    };
    // Only booking-token routes reach the arms that use `patient`.
    let patient = || -> ApiResult<&booking::Patient> {
        patient
            .as_ref()
            .ok_or_else(|| ApiError::Internal("route without a patient".into()))
    };
    // Only API-key routes reach the arms that use `caller`.
    let caller = || -> ApiResult<&Caller> {
        caller
            .as_ref()
            .ok_or_else(|| ApiError::Internal("route without a caller".into()))
    };

    let mut req = req;
    match route {
        Route::OpenApi => Ok(Response::ok(OPENAPI)?.with_headers({
            let h = worker::Headers::new();
            h.set("Content-Type", "application/json")?;
            h
        })),
        Route::Health => edge::json(200, &serde_json::json!({ "status": "ok" })),
        Route::CreateOrganization => management::create_organization(&mut req, &dir).await,
        Route::CreateApiKey => management::create_api_key(&mut req, &dir, caller()?).await,
        Route::ListApiKeys => management::list_api_keys(&req, &dir, caller()?).await,
        Route::RevokeApiKey => management::revoke_api_key(&dir, caller()?, param(0)).await,
        Route::CreateShop => management::create_shop(&mut req, &dir, caller()?).await,
        Route::ListShops => management::list_shops(&req, &dir, caller()?).await,
        Route::GetShop => management::get_shop(&dir, caller()?, param(0)).await,
        Route::CreateDoctor => management::create_doctor(&mut req, &env, &dir, caller()?).await,
        Route::ListDoctors => management::list_doctors(&req, &dir, caller()?).await,
        Route::GetDoctor => management::get_doctor(&dir, caller()?, param(0)).await,
        Route::Register => waiting_room::register(&mut req, &env, &dir, caller()?).await,
        Route::Allocate => waiting_room::allocate(&mut req, &env, &dir, caller()?).await,
        Route::SetPresence => waiting_room::set_presence(&mut req, &env, &dir, caller()?).await,
        Route::QueueStatus => {
            let command = |queue_uid| Command::Status { queue_uid };
            waiting_room::on_entry(&env, &dir, caller()?, param(0), command).await
        }
        Route::CancelRegistration => {
            let command = |queue_uid| Command::CancelRegistration { queue_uid };
            waiting_room::on_entry(&env, &dir, caller()?, param(0), command).await
        }
        Route::CompleteConsultation => {
            let command = |queue_uid| Command::CompleteConsultation { queue_uid };
            waiting_room::on_entry(&env, &dir, caller()?, param(0), command).await
        }
        Route::CreateAppointmentType => {
            calendar::create_appointment_type(&mut req, &dir, caller()?).await
        }
        Route::ListAppointmentTypes => {
            calendar::list_appointment_types(&req, &dir, caller()?).await
        }
        Route::GetAppointmentType => {
            calendar::get_appointment_type(&dir, caller()?, param(0)).await
        }
        Route::SetAvailability => {
            calendar::set_availability(&mut req, &env, &dir, caller()?, param(0)).await
        }
        Route::GetAvailability => calendar::get_availability(&env, &dir, caller()?, param(0)).await,
        Route::SearchSlots => calendar::search_slots(&req, &env, &dir, caller()?).await,
        Route::Book => calendar::book(&mut req, &env, &dir, caller()?).await,
        Route::Overview => calendar::overview(&req, &dir, caller()?).await,
        Route::GetAppointment => {
            let command = |appointment_uid, actor| Command::GetAppointment {
                appointment_uid,
                owner: None,
                actor,
            };
            calendar::on_appointment(&env, &dir, caller()?, param(0), command).await
        }
        Route::ConfirmAppointment => {
            let command = |appointment_uid, actor| Command::Confirm {
                appointment_uid,
                actor,
            };
            calendar::on_appointment(&env, &dir, caller()?, param(0), command).await
        }
        Route::CancelAppointment => {
            calendar::cancel(&mut req, &env, &dir, caller()?, param(0)).await
        }
        Route::RebookAppointment => {
            calendar::rebook(&mut req, &env, &dir, caller()?, param(0)).await
        }
        Route::CheckIn => calendar::check_in(&req, &env, &dir, caller()?, param(0)).await,
        Route::CompleteAppointment => {
            let command = |appointment_uid, actor| Command::CompleteAppointment {
                appointment_uid,
                actor,
            };
            calendar::on_appointment(&env, &dir, caller()?, param(0), command).await
        }
        Route::NoShow => {
            let command = |appointment_uid, actor| Command::NoShow {
                appointment_uid,
                actor,
            };
            calendar::on_appointment(&env, &dir, caller()?, param(0), command).await
        }
        Route::CreateBookingSecret => {
            booking_secrets::create(&mut req, &env, &dir, caller()?).await
        }
        Route::ListBookingSecrets => booking_secrets::list(&req, &dir, caller()?).await,
        Route::RevealBookingSecret => {
            booking_secrets::reveal(&env, &dir, caller()?, param(0)).await
        }
        Route::RevokeBookingSecret => booking_secrets::revoke(&dir, caller()?, param(0)).await,
        Route::CreatePartner => booking_secrets::create_partner(&mut req, &dir, caller()?).await,
        Route::ListPartners => booking_secrets::list_partners(&req, &dir, caller()?).await,
        Route::AuditLog => audit::list(&req, &dir, caller()?).await,
        Route::PatientSlots => booking::slots(&req, &env, &dir, patient()?).await,
        Route::PatientBook => booking::book(&mut req, &env, &dir, patient()?).await,
        Route::PatientAppointments => booking::mine(&req, &dir, patient()?).await,
        Route::PatientAppointment => booking::get(&env, &dir, patient()?, param(0)).await,
        Route::PatientCancel => booking::cancel(&mut req, &env, &dir, patient()?, param(0)).await,
        Route::PatientRebook => booking::rebook(&mut req, &env, &dir, patient()?, param(0)).await,
        Route::CreatePatient => patients::create(&mut req, &env, &dir, caller()?).await,
        Route::FindPatients => patients::find(&req, &dir, caller()?).await,
        Route::SearchPatients => patients::find_by_body(&mut req, &dir, caller()?).await,
        Route::GetPatient => patients::get(&dir, caller()?, param(0)).await,
        Route::ReplacePatient => {
            patients::update(&mut req, &env, &dir, caller()?, param(0), false).await
        }
        Route::PatchPatient => {
            patients::update(&mut req, &env, &dir, caller()?, param(0), true).await
        }
        Route::PastAppointments => {
            patients::past_appointments(&req, &dir, caller()?, param(0)).await
        }
        Route::BookForPatient => {
            patients::book_for(&mut req, &env, &dir, caller()?, param(0)).await
        }
        Route::CreatePatientWithAppointment => {
            patients::create_with_appointment(&mut req, &env, &dir, caller()?).await
        }
        Route::CreateSubscription => webhooks::create(&mut req, &env, &dir, caller()?).await,
        Route::ListSubscriptions => webhooks::list(&req, &dir, caller()?).await,
        Route::GetSubscription => webhooks::get(&dir, caller()?, param(0)).await,
        Route::UpdateSubscription => {
            webhooks::update(&mut req, &env, &dir, caller()?, param(0)).await
        }
        Route::DeleteSubscription => webhooks::delete(&dir, caller()?, param(0)).await,
        Route::ListDeliveries => webhooks::deliveries(&req, &dir, caller()?, param(0)).await,
        Route::Redeliver => webhooks::redeliver(&env, &dir, caller()?, param(0), param(1)).await,
        Route::ListMessages => webhooks::messages(&req, &dir, caller()?).await,
        Route::SetDoctorMobilePhone => {
            management::set_mobile_phone(&mut req, &dir, caller()?, param(0)).await
        }
        Route::WatchUrl => waiting_room::watch_url(&req, &env, &dir, caller()?, param(0)).await,
        Route::Watch => match waiting_room::watch(&req, &env).await {
            Err(e) => Err(rate_limit::on_auth_failure(&env, &req, e).await),
            ok => ok,
        },
        Route::Visit => match visit::open(&req, &env, param(0)).await {
            Err(e) => Err(rate_limit::on_auth_failure(&env, &req, e).await),
            ok => ok,
        },
        Route::GetOrganizationSettings => visit::get_settings(&dir, caller()?).await,
        Route::UpdateOrganizationSettings => visit::put_settings(&mut req, &dir, caller()?).await,
    }
}
