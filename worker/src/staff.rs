//! Handlers for staff users (admin scope) and for signing in: the link
//! request, the session it opens (the `fd_session` cookie), who is
//! signed in, and signing out.

use frontdesk_core::ids::StaffUid;
use frontdesk_core::staff::Credential;
use frontdesk_core::wire::{CreateStaff, OpenSession, RequestSignIn, UpdateStaff};
use worker::{Request, Response};

use crate::auth::{self, Caller, StaffSession, SESSION_COOKIE};
use crate::context::Ctx;
use crate::edge::{json, json_body, origin};
use crate::error::ApiResult;
use crate::paging::Page;
use crate::rate_limit::{self, Bucket};
use crate::repo::staff as repo;
use crate::service::staff;

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = CreateStaff::parse(&json_body(req).await?)?;
    json(
        201,
        &staff::create(cx, &caller.org, &caller.key_id, input).await?,
    )
}

pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(200, &repo::list(&cx.db, &caller.org, &page).await?)
}

pub async fn get(cx: &Ctx, caller: &Caller, uid: &StaffUid) -> ApiResult<Response> {
    let row = staff::get(cx, &caller.org, uid).await?;
    json(200, &frontdesk_core::view::staff::Staff::from(row))
}

pub async fn update(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    uid: &StaffUid,
) -> ApiResult<Response> {
    let input = UpdateStaff::parse(&json_body(req).await?)?;
    json(200, &staff::update(cx, caller, uid, input).await?)
}

/// `POST /v1/auth/sign-in`: limited per client address and per email,
/// answered the same whoever the address is.
pub async fn request_sign_in(req: &mut Request, cx: &Ctx) -> ApiResult<Response> {
    let input = RequestSignIn::parse(&json_body(req).await?)?;
    let address = rate_limit::client_address(req);
    rate_limit::check(&cx.env, Bucket::SignIn, &format!("address:{address}")).await?;
    rate_limit::check(
        &cx.env,
        Bucket::SignIn,
        &format!("email:{}", input.email.as_str()),
    )
    .await?;
    staff::request_sign_in(cx, &input.email, &origin(req)?).await?;
    json(202, &staff::SIGN_IN_REQUESTED)
}

/// `POST /v1/auth/session`: from Frontdesk's own sign-in page only, so
/// another site cannot sign a browser in as someone else.
pub async fn open_session(req: &mut Request, cx: &Ctx) -> ApiResult<Response> {
    auth::same_origin(req)?;
    let input = OpenSession::parse(&json_body(req).await?)?;
    let (credential, session) = staff::open_session(cx, input).await?;
    let mut resp = json(200, &session)?;
    resp.headers_mut()
        .set("Set-Cookie", &session_cookie(req, Some(&credential))?)?;
    Ok(resp)
}

pub async fn current(cx: &Ctx, session: &StaffSession) -> ApiResult<Response> {
    json(200, &staff::current(cx, session).await?)
}

pub async fn sign_out(
    req: &Request,
    cx: &Ctx,
    session: &StaffSession,
    everywhere: bool,
) -> ApiResult<Response> {
    let ended = staff::sign_out(cx, session, everywhere).await?;
    let mut resp = json(200, &ended)?;
    resp.headers_mut()
        .set("Set-Cookie", &session_cookie(req, None)?)?;
    Ok(resp)
}

/// The `Set-Cookie` value that sets the session (or, with `None`, clears
/// it). No `Max-Age`: the server ends a session after 12 idle hours, and
/// the browser forgets it when it closes. `Secure` everywhere but on
/// localhost, where `wrangler dev` serves plain HTTP.
fn session_cookie(req: &Request, credential: Option<&Credential>) -> ApiResult<String> {
    let url = req.url()?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let secure = if local { "" } else { "; Secure" };
    Ok(match credential {
        Some(c) => format!(
            "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
            c.reveal()
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    })
}
