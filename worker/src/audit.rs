//! The audit log: who did what to a sensitive object, when, and how it went.
//! Entries are only ever appended by the service (`repo::audit`); the API
//! can list them (admin scope) but offers no way to change or delete one.

use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::edge::json;
use crate::error::ApiResult;
use crate::paging::Page;
use crate::repo;

/// `GET /v1/management/audit-log`: newest first.
pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(200, &repo::audit::list(&cx.db, &caller.org, &page).await?)
}
