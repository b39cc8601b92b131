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
//! route's access (API key and scope, operator token, or watch token) →
//! [`frontdesk_core::endpoint::Endpoint::parse`] (path ids become core ids)
//! → the handler, given the request's [`context::Ctx`] and the
//! [`service::Actor`] → a service, which checks what the actor may do and
//! asks the stores: D1 through [`repo`], a shop's queue and calendar
//! through its Durable Object's typed client ([`shop::Client`]). Each
//! layer names only layers below it (ARCHITECTURE.md, "Layers"). Every
//! error leaves through [`error::ApiError`].
//!
//! ## Layout
//! - [`error`]: the one error type and its mapping to status and JSON body.
//! - [`edge`]: bounded JSON bodies in, JSON out.
//! - [`auth`]: API keys, scopes, booking tokens and the operator token.
//! - [`service`]: what the API does for an actor (waiting room,
//!   appointments, booking, patients, records, partners, visits, tenancy).
//! - [`publish`]: where events go: stored with their deliveries, and the
//!   notifiers woken.
//! - [`booking`]: handlers for the patient-facing booking API.
//! - [`booking_secrets`]: partners' signing secrets, sealed at rest.
//! - [`audit`]: the append-only audit log.
//! - [`cron`]: the every-minute trigger: reminders, and overdue deliveries.
//! - [`config`]: `[vars]` and secrets.
//! - [`context`]: what a request's handlers share, built once in `fetch`.
//! - [`ambient`]: the clock and randomness, which core never touches.
//! - [`repo`]: the repositories, one per group of D1 tables: every SQL
//!   statement the Worker sends to D1.
//! - [`paging`]: cursor paging for listings.
//! - [`management`]: handlers for organisations, keys, shops and doctors.
//! - [`patients`]: the patient directory and the call-center flow.
//! - [`records`]: clinical records (seed 002): episodes of care, visit
//!   notes, attachments, patient documents, reports.
//! - [`report_job`]: the `Reports` object, which makes an encounter
//!   report in its alarm.
//! - [`waiting_room`]: handlers for the waiting room, forwarding to the shop.
//! - [`visit`]: handlers for per-visit links and the meeting-room setting.
//! - [`calendar`]: handlers for appointment types, availability, slots and
//!   appointments, forwarding to the shop.
//! - [`webhooks`]: handlers for notification subscriptions and deliveries.
//! - [`notifier`]: the Notifier Durable Object: webhook delivery with
//!   retries, reminder emails and SMS.
//! - [`shop`]: the Shop Durable Object and its typed client.
//! - [`staff`]: handlers for staff users and for signing in (the
//!   sign-in link, the session cookie, signing out).
//! - [`directory`]: the Directory Durable Object, one per organisation:
//!   keys, secrets, shops, doctors, types and settings for the hot path,
//!   with no D1 round trip.
//! - [`object`]: typed requests to Durable Objects, the one way the
//!   worker talks to them.
//! - [`noop`]: the benchmark's no-op Durable Object, routed only while the
//!   `BENCH` setting is on.

// Without its entry points (the vendor Worker's build), the objects'
// handlers have no caller here.
#![cfg_attr(not(feature = "entry"), allow(dead_code, unused_imports))]
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
mod booking_messages;
pub mod booking_secrets;
pub mod calendar;
pub mod config;
pub mod context;
pub mod cron;
pub mod directory;
pub mod edge;
pub mod error;
pub mod management;
pub mod noop;
pub mod notifier;
pub mod object;
pub mod paging;
pub mod patients;
pub mod publish;
pub mod rate_limit;
pub mod records;
pub mod repo;
pub mod report_job;
pub mod service;
pub mod shop;
pub mod staff;
pub mod visit;
pub mod waiting_room;
pub mod webcrypto;
pub mod webhooks;

use chrono::{DateTime, Utc};
use frontdesk_core::endpoint::{
    ApiKeyRoute, BookingRoute, Endpoint, OperatorRoute, PublicRoute, SessionRoute, WatcherRoute,
};
use frontdesk_core::routes::{match_route, Access, Matched, Method};
use worker::{Env, Request, Response, Result};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::Bucket;
use crate::service::Actor;

#[cfg(feature = "entry")]
#[worker::event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(e) = cron::run(&env).await {
        worker::console_error!("cron run failed: {e:?}");
    }
}

#[cfg(feature = "entry")]
#[worker::event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: worker::Context) -> Result<Response> {
    // Partners' storefronts call the booking API from their customers'
    // browsers, on other origins; the token rides in a header, never in a
    // cookie, so any origin may call.
    let cross_origin = req.path().starts_with("/v1/booking/");
    if cross_origin && req.method() == worker::Method::Options {
        return finish(Response::empty()?.with_status(204), true);
    }
    // The one reading of the clock this request makes.
    let now = ambient::now();
    let resp = route(req, env, now)
        .await
        .unwrap_or_else(ApiError::into_response);
    finish(resp, cross_origin)
}

/// The headers every API answer carries. Responses relayed from a Durable
/// Object have immutable headers, so they are copied rather than changed in
/// place; a WebSocket's 101 is passed on untouched.
pub fn finish(resp: Response, cross_origin: bool) -> Result<Response> {
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

async fn route(req: Request, env: Env, now: DateTime<Utc>) -> ApiResult<Response> {
    if vendor_path(&req.path()) {
        return forward_to_vendor(req, env, now).await;
    }
    let method = Method::parse(req.method().as_ref())
        .ok_or_else(|| ApiError::MethodNotAllowed("GET, POST, PUT, PATCH, DELETE".into()))?;
    let path = req.path();
    // Outside the route table on purpose: with the setting off (or the
    // settings unreadable) the path falls through to a plain 404.
    if method == Method::Get && path == noop::PATH && bench_enabled(&env) {
        return noop::round_trip(&env).await;
    }
    let (route, access, params) = match match_route(method, &path) {
        Matched::Found {
            route,
            access,
            params,
        } => (route, access, params),
        Matched::MethodNotAllowed(allowed) => {
            let allowed: Vec<_> = allowed.iter().map(|m| m.as_str()).collect();
            return Err(ApiError::MethodNotAllowed(allowed.join(", ")));
        }
        Matched::NotFound => return Err(ApiError::not_found("route")),
    };
    let cx = Ctx::new(env, now)?;
    let principal = authenticate(&req, &cx, access).await?;
    // Ids are parsed after authentication, so an unauthenticated caller
    // learns nothing from a 404.
    let endpoint =
        Endpoint::parse(route, &params).map_err(|unknown| ApiError::not_found(unknown.what))?;
    match (endpoint, principal) {
        (Endpoint::Public(route), Principal::Anonymous) => public(req, &cx, route).await,
        (Endpoint::Operator(OperatorRoute::CreateOrganization), Principal::Operator) => {
            let mut req = req;
            management::create_organization(&mut req, &cx).await
        }
        (Endpoint::ApiKey(route), Principal::Key(caller)) => {
            api_key(req, &cx, &caller, route).await
        }
        (Endpoint::Session(route), Principal::Staff(session)) => {
            let everywhere = match route {
                SessionRoute::Current => return staff::current(&cx, &session).await,
                SessionRoute::SignOut => false,
                SessionRoute::SignOutEverywhere => true,
            };
            staff::sign_out(&req, &cx, &session, everywhere).await
        }
        (Endpoint::Booking(route), Principal::Patient(patient)) => {
            booking_route(req, &cx, &Actor::Patient(patient), route).await
        }
        (Endpoint::Watcher(route), Principal::Anonymous) => {
            let mut req = req;
            let answer = match route {
                WatcherRoute::Watch => waiting_room::watch(&req, &cx).await,
                WatcherRoute::MyTurn => waiting_room::my_turn(&mut req, &cx).await,
            };
            match answer {
                Err(e) => Err(rate_limit::on_auth_failure(&cx, &req, e).await),
                ok => ok,
            }
        }
        // The table's access and the endpoint's group are kept equal by
        // frontdesk-core's endpoint tests.
        _ => Err(ApiError::Internal(format!(
            "{route:?} is grouped apart from its access"
        ))),
    }
}

/// The vendor-compatible surfaces (seed 002's `/qapi/v1` with its linking
/// endpoint, seed 003's `/dr/v1`) are a Worker of their own, `vendor/`, so
/// that this one stays within its size budget; it shares this Worker's
/// Durable Objects and D1 database.
pub fn vendor_path(path: &str) -> bool {
    path.starts_with("/qapi/") || path.starts_with("/dr/") || path.starts_with("/integrations/")
}

/// Authenticates a vendor request's key here, with this Worker's own
/// failure counting and per-key rate limit, and forwards the request with
/// the key holder named in [`auth::FORWARDED_CALLER`]. (`wrangler dev`
/// gives rate-limit bindings only to the first Worker it runs, and one
/// place that checks keys is one place to get right.) The vendor Worker
/// checks each route's scope and renders every error in its vendor's
/// shape; an authentication failure is rendered here, in the same shape.
async fn forward_to_vendor(req: Request, env: Env, now: DateTime<Utc>) -> ApiResult<Response> {
    let path = req.path();
    let header = if path.starts_with("/qapi/") {
        Some("Api-Key")
    } else if path.starts_with("/dr/") {
        Some("X-API-Key")
    } else {
        None
    };
    let caller = match header {
        None => None,
        Some(header) => match vendor_caller(&req, env.clone(), now, header).await {
            Ok(caller) => Some(caller),
            Err(e) if path.starts_with("/qapi/") => return Ok(solo_error(e)),
            Err(e) => return Err(e),
        },
    };
    let headers = worker::Headers::new();
    for (name, value) in req.headers().entries() {
        if !name.eq_ignore_ascii_case(auth::FORWARDED_CALLER)
            && !name.eq_ignore_ascii_case(auth::FORWARDED_METHOD)
        {
            headers.append(&name, &value)?;
        }
    }
    if let Some(caller) = caller {
        headers.set(auth::FORWARDED_CALLER, &caller.forwarded())?;
    }
    let mut init = worker::RequestInit::new();
    let body = req.inner().body();
    let method = match req.method() {
        worker::Method::Get if body.is_some() => {
            headers.set(auth::FORWARDED_METHOD, "GET")?;
            worker::Method::Post
        }
        other => other,
    };
    // The vendor Worker's redirects (a check-in link's) are the client's
    // to follow, not this Worker's.
    init.with_method(method)
        .with_headers(headers)
        .with_redirect(worker::RequestRedirect::Manual);
    if let Some(body) = body {
        init.with_body(Some(body.into()));
    }
    let forwarded = Request::new_with_init(req.url()?.as_str(), &init)?;
    let vendor = env.service("VENDOR").map_err(|_| vendor_missing())?;
    vendor
        .fetch_request(forwarded)
        .await
        .map_err(|_| vendor_missing())
}

fn vendor_missing() -> ApiError {
    ApiError::Misconfigured(
        "VENDOR: the vendor Worker (vendor/wrangler.toml) is not bound or not running".into(),
    )
}

async fn vendor_caller(
    req: &Request,
    env: Env,
    now: DateTime<Utc>,
    header: &str,
) -> ApiResult<Caller> {
    let cx = Ctx::new(env, now)?;
    rate_limit::refuse_blocked_address(req, now)?;
    let checked = match req.headers().get(header)? {
        Some(key) => auth::key_holder(&cx, &key).await,
        None => Err(ApiError::Unauthorized("a valid API key is required")),
    };
    let caller = match checked {
        Ok(caller) => caller,
        Err(e) => return Err(rate_limit::on_auth_failure(&cx, req, e).await),
    };
    rate_limit::check(&cx.env, Bucket::ApiKey, &caller.key_id).await?;
    Ok(caller)
}

/// Seed 002's error body, `{"error": {"message"}}`; a refusal naming a
/// field reads as seed 002's own do: `Bad parameters [field: problem]`,
/// with the field as seed 002 names it.
pub fn solo_error(e: ApiError) -> Response {
    e.log();
    let (status, _, message, field) = e.parts();
    let message = match field {
        Some(field) => format!(
            "Bad parameters [{}: {message}]",
            frontdesk_core::compat::solo::field_name(&field)
        ),
        None => message,
    };
    let body = serde_json::json!({ "error": { "message": message } });
    let retry_after = e.retry_after();
    match Response::from_json(&body) {
        Ok(resp) => {
            let resp = resp.with_status(status);
            if let Some(secs) = retry_after {
                let _ = resp.headers().set("Retry-After", &secs.to_string());
            }
            resp
        }
        Err(_) => e.into_response(),
    }
}

fn bench_enabled(env: &Env) -> bool {
    config::Config::get(env).is_ok_and(|c| c.bench)
}

/// Who a route's access proved the caller to be.
enum Principal {
    Anonymous,
    Operator,
    Key(Caller),
    Patient(auth::Patient),
    Staff(auth::StaffSession),
}

async fn authenticate(req: &Request, cx: &Ctx, access: Access) -> ApiResult<Principal> {
    // An address over its limit of failed authentications is refused
    // before any credential is checked, so guessing gets no answers.
    if access != Access::Public {
        rate_limit::refuse_blocked_address(req, cx.now)?;
    }
    let env = &cx.env;
    match access {
        Access::ApiKey(scope) => {
            let caller = match auth::api_key(req, cx, scope).await {
                Ok(caller) => caller,
                Err(e) => return Err(rate_limit::on_auth_failure(cx, req, e).await),
            };
            rate_limit::check(env, Bucket::ApiKey, &caller.key_id).await?;
            Ok(Principal::Key(caller))
        }
        Access::Operator => {
            if let Err(e) = auth::operator(req, &cx.config) {
                return Err(rate_limit::on_auth_failure(cx, req, e).await);
            }
            Ok(Principal::Operator)
        }
        Access::BookingToken => {
            let patient = match auth::booking_token(req, cx).await {
                Ok(patient) => patient,
                Err(e) => return Err(rate_limit::on_auth_failure(cx, req, e).await),
            };
            rate_limit::check(env, Bucket::BookingSubject, patient.token_patient.as_str()).await?;
            // Partners are per organisation, and the default partner's id
            // is the same in every one.
            let partner = format!("{}/{}", patient.org, patient.partner);
            rate_limit::check(env, Bucket::Partner, &partner).await?;
            Ok(Principal::Patient(patient))
        }
        Access::Session => match auth::session(req, cx).await {
            Ok(Some(session)) => Ok(Principal::Staff(session)),
            Ok(None) => Err(rate_limit::on_auth_failure(
                cx,
                req,
                ApiError::Unauthorized("a staff session is required: sign in first"),
            )
            .await),
            Err(e) => Err(rate_limit::on_auth_failure(cx, req, e).await),
        },
        Access::Public | Access::WatchToken => Ok(Principal::Anonymous),
    }
}

async fn public(mut req: Request, cx: &Ctx, route: PublicRoute) -> ApiResult<Response> {
    match route {
        PublicRoute::RequestSignIn => staff::request_sign_in(&mut req, cx).await,
        PublicRoute::OpenSession => match staff::open_session(&mut req, cx).await {
            Err(e) => Err(rate_limit::on_auth_failure(cx, &req, e).await),
            ok => ok,
        },
        // Static Assets serve `web/v1/openapi.json` before the Worker runs;
        // a GET reaches here only if the file is missing from the upload,
        // and the assets binding then answers as the asset layer would.
        PublicRoute::OpenApi => Ok(cx.env.assets("ASSETS")?.fetch_request(req).await?),
        PublicRoute::Health => edge::json(200, &frontdesk_core::view::Health { status: "ok" }),
        PublicRoute::DownloadAttachment { token } => match records::download(cx, &token).await {
            Err(e) => Err(rate_limit::on_auth_failure(cx, &req, e).await),
            ok => ok,
        },
        PublicRoute::Visit { token } => match visit::open(&req, cx, &token).await {
            Err(e) => Err(rate_limit::on_auth_failure(cx, &req, e).await),
            ok => ok,
        },
    }
}

async fn booking_route(
    mut req: Request,
    cx: &Ctx,
    p: &Actor,
    route: BookingRoute,
) -> ApiResult<Response> {
    let req = &mut req;
    match route {
        BookingRoute::Slots => booking::slots(req, cx, p).await,
        BookingRoute::Book => booking::book(req, cx, p).await,
        BookingRoute::Appointments => booking::mine(req, cx, p).await,
        BookingRoute::Appointment(uid) => booking::get(cx, p, uid).await,
        BookingRoute::Cancel(uid) => booking::cancel(req, cx, p, uid).await,
        BookingRoute::Rebook(uid) => booking::rebook(req, cx, p, uid).await,
        BookingRoute::Confirm(uid) => booking::confirm(req, cx, p, uid).await,
        BookingRoute::Calendar(uid) => booking::calendar(cx, p, uid).await,
        BookingRoute::Attachments(uid) => records::list_attachments(cx, p, &uid).await,
        BookingRoute::AttachmentLink(uid, att) => {
            records::attachment_link(req, cx, p, &uid, &att).await
        }
        BookingRoute::Shops => booking::shops(cx, p).await,
        BookingRoute::Types => booking::types(cx, p).await,
    }
}

async fn api_key(
    mut req: Request,
    cx: &Ctx,
    caller: &Caller,
    route: ApiKeyRoute,
) -> ApiResult<Response> {
    use ApiKeyRoute as K;
    let req = &mut req;
    let actor = &Actor::from(caller.clone());
    match route {
        K::CreateApiKey => management::create_api_key(req, cx, caller).await,
        K::ListApiKeys => management::list_api_keys(req, cx, caller).await,
        K::RevokeApiKey { key_id } => management::revoke_api_key(cx, caller, &key_id).await,
        K::CreateStaff => staff::create(req, cx, caller).await,
        K::ListStaff => staff::list(req, cx, caller).await,
        K::GetStaff(uid) => staff::get(cx, caller, &uid).await,
        K::UpdateStaff(uid) => staff::update(req, cx, caller, &uid).await,
        K::CreateShop => management::create_shop(req, cx, caller).await,
        K::ListShops => management::list_shops(req, cx, caller).await,
        K::GetShop(shop) => management::get_shop(cx, caller, shop).await,
        K::CreateDoctor => management::create_doctor(req, cx, caller).await,
        K::ListDoctors => management::list_doctors(req, cx, caller).await,
        K::GetDoctor(doctor) => management::get_doctor(cx, caller, doctor).await,
        K::SetDoctorMobilePhone(doctor) => {
            management::set_mobile_phone(req, cx, caller, doctor).await
        }
        K::Register => waiting_room::register(req, cx, actor).await,
        K::Allocate => waiting_room::allocate(req, cx, actor).await,
        K::SetPresence => waiting_room::set_presence(req, cx, actor).await,
        K::QueueStatus(queue_uid) => waiting_room::status(cx, actor, queue_uid).await,
        K::CancelRegistration(queue_uid) => waiting_room::cancel(cx, actor, queue_uid).await,
        K::CompleteConsultation(queue_uid) => waiting_room::complete(cx, actor, queue_uid).await,
        K::WatchUrl(queue_uid) => waiting_room::watch_url(req, cx, actor, queue_uid).await,
        K::LiveQueue => waiting_room::live(req, cx, actor).await,
        K::TakeIntake => waiting_room::take_intake(req, cx, actor).await,
        K::MoveVisit(queue_uid) => waiting_room::move_visit(req, cx, actor, queue_uid).await,
        K::GetWorkflow(shop) => waiting_room::workflow(cx, actor, shop).await,
        K::SetWorkflow(shop) => waiting_room::set_workflow(req, cx, actor, shop).await,
        K::GetOrganizationSettings => visit::get_settings(cx, caller).await,
        K::UpdateOrganizationSettings => visit::put_settings(req, cx, caller).await,
        K::CreateAppointmentType => calendar::create_appointment_type(req, cx, caller).await,
        K::ListAppointmentTypes => calendar::list_appointment_types(req, cx, caller).await,
        K::GetAppointmentType(uid) => calendar::get_appointment_type(cx, caller, uid).await,
        K::SetAvailability(doctor) => calendar::set_availability(req, cx, actor, doctor).await,
        K::GetAvailability(doctor) => calendar::get_availability(cx, actor, doctor).await,
        K::SearchSlots => calendar::search_slots(req, cx, actor).await,
        K::Book => calendar::book(req, cx, actor).await,
        K::Overview => calendar::overview(req, cx, actor).await,
        K::GetAppointment(uid) => calendar::get(cx, actor, uid).await,
        K::AppointmentByExternalId(id) => calendar::by_external_id(cx, actor, &id).await,
        K::VisitLinks(uid) => calendar::visit_links(req, cx, actor, uid).await,
        K::VisitLinksByExternalId(id) => {
            calendar::visit_links_by_external_id(req, cx, actor, &id).await
        }
        K::ConfirmAppointment(uid) => calendar::confirm(cx, actor, uid).await,
        K::CancelAppointment(uid) => calendar::cancel(req, cx, actor, uid).await,
        K::RebookAppointment(uid) => calendar::rebook(req, cx, actor, uid).await,
        K::CheckIn(uid) => calendar::check_in(req, cx, actor, uid).await,
        K::CompleteAppointment(uid) => calendar::complete(cx, actor, uid).await,
        K::NoShow(uid) => calendar::no_show(cx, actor, uid).await,
        K::CreateBookingSecret => booking_secrets::create(req, cx, caller).await,
        K::ListBookingSecrets => booking_secrets::list(req, cx, caller).await,
        K::RevealBookingSecret { key_id } => booking_secrets::reveal(cx, caller, &key_id).await,
        K::RevokeBookingSecret { key_id } => booking_secrets::revoke(cx, caller, &key_id).await,
        K::CreatePartner => booking_secrets::create_partner(req, cx, caller).await,
        K::ListPartners => booking_secrets::list_partners(req, cx, caller).await,
        K::AuditLog => audit::list(req, cx, caller).await,
        K::CreatePatient => patients::create(req, cx, actor).await,
        K::FindPatients => patients::find(req, cx, actor).await,
        K::SearchPatients => patients::find_by_body(req, cx, actor).await,
        K::CreatePatientWithAppointment => patients::create_with_appointment(req, cx, actor).await,
        K::GetPatient(uid) => patients::get(cx, actor, &uid).await,
        K::UpdatePatient(uid, how) => patients::update(req, cx, actor, &uid, how).await,
        K::PastAppointments(uid) => patients::past_appointments(req, cx, actor, &uid).await,
        K::BookForPatient(uid) => patients::book_for(req, cx, actor, uid).await,
        K::CreateEpisode(uid) => records::create_episode(req, cx, actor, &uid).await,
        K::ListEpisodes(uid) => records::list_episodes(req, cx, actor, &uid).await,
        K::GetEpisode(uid) => records::get_episode(cx, actor, &uid).await,
        K::UpdateEpisode(uid) => records::update_episode(req, cx, actor, &uid).await,
        K::EpisodeAppointments(uid) => records::episode_appointments(cx, actor, &uid).await,
        K::AssignEpisode(uid) => records::assign_episode(req, cx, actor, uid).await,
        K::CreateNoteTemplate => records::create_template(req, cx, actor).await,
        K::ListNoteTemplates => records::list_templates(req, cx, actor).await,
        K::GetVisitNote(uid) => records::get_note(cx, actor, &uid).await,
        K::ReplaceVisitNote(uid) => records::replace_note(req, cx, actor, &uid).await,
        K::AddNoteComment(uid) => records::add_comment(req, cx, actor, &uid).await,
        K::UploadAttachment(uid) => records::upload_attachment(req, cx, actor, &uid).await,
        K::ListAttachments(uid) => records::list_attachments(cx, actor, &uid).await,
        K::DeleteAttachment(uid, att) => records::delete_attachment(cx, actor, &uid, &att).await,
        K::AttachmentLink(uid, att) => records::attachment_link(req, cx, actor, &uid, &att).await,
        K::CreatePatientDocument(uid) => records::create_document(req, cx, actor, &uid).await,
        K::ListPatientDocuments(uid) => records::list_documents(cx, actor, &uid).await,
        K::VisitsReport => records::visits_report(req, cx, actor).await,
        K::OrderEncounterReport => records::order_encounters(req, cx, actor).await,
        K::EncounterReportStatus(uid) => records::encounter_status(cx, actor, &uid).await,
        K::DownloadEncounterReport(uid) => records::encounter_download(cx, actor, &uid).await,
        K::CreateSubscription => webhooks::create(req, cx, caller).await,
        K::ListSubscriptions => webhooks::list(req, cx, caller).await,
        K::GetSubscription { subscription_id } => webhooks::get(cx, caller, &subscription_id).await,
        K::UpdateSubscription { subscription_id } => {
            webhooks::update(req, cx, caller, &subscription_id).await
        }
        K::DeleteSubscription { subscription_id } => {
            webhooks::delete(cx, caller, &subscription_id).await
        }
        K::ListDeliveries { subscription_id } => {
            webhooks::deliveries(req, cx, caller, &subscription_id).await
        }
        K::Redeliver {
            subscription_id,
            delivery_id,
        } => webhooks::redeliver(cx, caller, &subscription_id, &delivery_id).await,
        K::ListMessages => webhooks::messages(req, cx, caller).await,
    }
}
