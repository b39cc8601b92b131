//! Repositories: every D1 statement of the service, one module per group
//! of tables (see `migrations/`). Nothing outside this module prepares a
//! statement or touches the database binding; a test in `tests/src/lib.rs`
//! keeps it so.
//!
//! Rows deserialize straight into core ids and types (`column` holds the
//! few column formats that need a hand: space-separated words, JSON text,
//! 0/1 flags, zone names), so a malformed stored value is one logged
//! internal error where the row is read, not a re-parse at every use. Rows
//! are not responses: each row that the API shows has a `From` into its
//! view in `frontdesk_core::view`, next to the row.
//!
//! Every query of a tenant's objects filters by `org_uid`, so another
//! organisation's object is indistinguishable from a missing one (404).
//!
//! A change that must be made together with others (its audit row, the
//! events that announce it) is a [`Statement`] from a repository, run with
//! the others in one [`Db::commit`], which D1 runs as one transaction.

pub mod api_keys;
pub mod appointment_types;
pub mod appointments;
pub mod attachments;
pub mod audit;
mod column;
pub mod doctors;
pub mod episodes;
pub mod external_ids;
pub mod linking;
pub mod messages;
pub mod notes;
pub mod nursing;
pub mod organizations;
pub mod partners;
pub mod patients;
pub mod perfect_answer;
pub mod reports;
pub mod shops;
pub mod staff;
pub mod teams;
pub mod vendor_ids;
pub mod webhooks;

use frontdesk_core::view::Listing;
use serde::de::DeserializeOwned;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result, Env};

use crate::error::{ApiError, ApiResult};

/// A failure of D1 itself (unreachable, locked, overloaded), as opposed
/// to a statement of ours it refused. The D1 binding does not tell the two
/// apart, so every failed call is taken as D1 being unavailable: 503.
fn unavailable(e: worker::Error) -> ApiError {
    ApiError::DatabaseUnavailable(e.to_string())
}
use crate::paging::{listing_by, Page};

/// The D1 database, reached only through the repositories.
pub struct Db {
    d1: D1Database,
}

/// A prepared statement, to run with others in one [`Db::commit`].
pub struct Statement(D1PreparedStatement);

/// A text argument.
fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// A whole-number argument (D1 takes JavaScript numbers).
fn n(v: i64) -> JsValue {
    JsValue::from(v as f64)
}

/// An optional text argument (NULL for none).
fn opt(v: Option<&str>) -> JsValue {
    v.map_or(JsValue::NULL, s)
}

impl Db {
    pub fn new(env: &Env) -> ApiResult<Db> {
        Ok(Db { d1: env.d1("DB")? })
    }

    fn prepare(&self, sql: &str, args: &[JsValue]) -> ApiResult<Statement> {
        Ok(Statement(self.d1.prepare(sql).bind(args)?))
    }

    /// Runs statements as one atomic batch.
    pub async fn commit(&self, statements: Vec<Statement>) -> ApiResult<()> {
        self.commit_counted(statements).await.map(drop)
    }

    /// [`Db::commit`], answering how many rows each statement changed.
    pub async fn commit_counted(&self, statements: Vec<Statement>) -> ApiResult<Vec<usize>> {
        if statements.is_empty() {
            return Ok(Vec::new());
        }
        let results = self
            .d1
            .batch(statements.into_iter().map(|s| s.0).collect())
            .await
            .map_err(unavailable)?;
        results.iter().map(changes).collect()
    }

    /// Runs one statement on its own; the rows it changed.
    async fn run(&self, statement: Statement) -> ApiResult<usize> {
        changes(&statement.0.run().await.map_err(unavailable)?)
    }

    async fn first<T: DeserializeOwned>(
        &self,
        sql: &str,
        args: &[JsValue],
    ) -> ApiResult<Option<T>> {
        // Read as JSON first, so that a failure of D1 (503) and a stored
        // row that does not read (500, naming the format) stay apart.
        let row: Option<serde_json::Value> = self
            .prepare(sql, args)?
            .0
            .first(None)
            .await
            .map_err(unavailable)?;
        row.map(serde_json::from_value)
            .transpose()
            .map_err(|e| ApiError::Internal(format!("a stored row does not read: {e}")))
    }

    async fn all<T: DeserializeOwned>(&self, sql: &str, args: &[JsValue]) -> ApiResult<Vec<T>> {
        Ok(self
            .prepare(sql, args)?
            .0
            .all()
            .await
            .map_err(unavailable)?
            .results()?)
    }

    /// Runs a listing query ordered by uid whose last two placeholders are
    /// the uid to list after and the number of rows to fetch.
    async fn page<T: DeserializeOwned>(
        &self,
        sql: &str,
        mut args: Vec<JsValue>,
        page: &Page,
        uid: impl Fn(&T) -> &str,
    ) -> ApiResult<Listing<T>> {
        args.push(s(page.after_uid()));
        args.push(JsValue::from(page.fetch()));
        let rows = self.all(sql, &args).await?;
        Ok(listing_by(rows, page, |r| uid(r).to_owned()))
    }

    /// Runs a log query, newest first by insertion order, whose last two
    /// placeholders are the rowid to list below and the number of rows to
    /// fetch; `rowid` names a row's own rowid, which becomes the cursor.
    async fn newest_first<T: DeserializeOwned>(
        &self,
        sql: &str,
        mut args: Vec<JsValue>,
        page: &Page,
        rowid: impl Fn(&T) -> i64,
    ) -> ApiResult<Listing<T>> {
        args.push(n(page.before_rowid()?));
        args.push(JsValue::from(page.fetch()));
        let rows = self.all(sql, &args).await?;
        Ok(listing_by(rows, page, |r| rowid(r).to_string()))
    }
}

/// The rows a statement changed.
fn changes(result: &D1Result) -> ApiResult<usize> {
    Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0))
}
