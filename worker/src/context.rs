//! What every handler of one request shares, built once in `fetch`.

use std::rc::Rc;

use chrono::{DateTime, Utc};
use worker::Env;

use crate::config::Config;
use crate::error::ApiResult;
use crate::repo::Db;

/// The environment, its configuration, the D1 database, and the
/// request's one reading of the clock: every decision in a request sees
/// the same `now`. Who is calling travels beside it as an `Actor`
/// (`service::Actor`), typed by the route's access group, so no handler
/// holds an `Option` of a caller it is guaranteed to have.
pub struct Ctx {
    pub env: Env,
    pub config: Rc<Config>,
    pub db: Db,
    pub now: DateTime<Utc>,
}

impl Ctx {
    pub fn new(env: Env, now: DateTime<Utc>) -> ApiResult<Ctx> {
        Ok(Ctx {
            config: Config::get(&env)?,
            db: Db::new(&env)?,
            env,
            now,
        })
    }
}
