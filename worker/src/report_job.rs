//! The `Reports` Durable Object: one per encounter report, which makes it
//! in its alarm, after the order has been answered (202). It keeps only
//! the job (the range and the sealed password) until the archive is in R2
//! and D1 says `completed`, or `failed`; evicted before that, the alarm
//! runs again and starts over.
//!
//! The archive is built in memory (`records::zip` needs the whole file),
//! so a report holds at most `ENCOUNTER_MAX_ROWS` visits; more is a
//! `failed` report that says so.
//!
//! A made report is kept for `ENCOUNTER_REPORT_TTL_SECONDS`: the object
//! then keeps only where the archive is, and its alarm at the expiry
//! deletes it from R2 (downloads are 410 from then on in any case).

use frontdesk_core::ids::{OrgUid, ReportUid};
use frontdesk_core::records::report::{header, visit_line, ENCOUNTER_MAX_ROWS};
use frontdesk_core::records::zip;
use frontdesk_core::sealed;
use frontdesk_core::time::timestamp;
use serde::{Deserialize, Serialize};
use worker::{DurableObject, Env, Request, Response, Result, State};

use crate::ambient;
use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::repo::appointments;
use crate::repo::attachments::Files;
use crate::repo::reports;
use crate::repo::Db;

const JOB: &str = "job";
/// A made report's archive, to delete when it expires.
const ARCHIVE: &str = "archive";

/// Which archive to delete, and when.
#[derive(Serialize, Deserialize)]
struct Archive {
    org: OrgUid,
    report: ReportUid,
    expires_ms: i64,
}

/// What the order hands the object.
#[derive(Serialize, Deserialize)]
pub struct Job {
    pub org: OrgUid,
    pub report: ReportUid,
    pub start_ms: i64,
    pub end_ms: i64,
    /// The password, sealed under `SECRETS_MASTER_KEY` with the report's
    /// uid as associated data.
    pub sealed_password: String,
}

#[cfg_attr(feature = "entry", worker::durable_object)]
pub struct Reports {
    state: State,
    env: Env,
}

#[cfg(feature = "entry")]
impl DurableObject for Reports {
    fn new(state: State, env: Env) -> Self {
        Reports { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let job: Job = req.json().await?;
        self.state.storage().put(JOB, &job).await?;
        self.state
            .storage()
            .set_alarm(std::time::Duration::from_millis(10))
            .await?;
        Response::ok("queued")
    }

    async fn alarm(&self) -> Result<Response> {
        let now = ambient::now();
        let Some(job) = self.state.storage().get::<Job>(JOB).await? else {
            return self.expire(now).await;
        };
        let db = Db::new(&self.env).map_err(|e| worker::Error::RustError(format!("{e:?}")))?;
        let config =
            Config::get(&self.env).map_err(|e| worker::Error::RustError(format!("{e:?}")))?;
        match build(&self.env, &db, &job, now).await {
            Ok((rows, size)) => {
                let expires = now + config.encounter_report_ttl;
                if let Err(e) = reports::complete(
                    &db,
                    &job.org,
                    &job.report,
                    rows,
                    size,
                    &timestamp(now),
                    &timestamp(expires),
                )
                .await
                {
                    // D1 did not take it: try again in a while.
                    worker::console_error!("encounter report not recorded: {e:?}");
                    self.state
                        .storage()
                        .set_alarm(std::time::Duration::from_secs(30))
                        .await?;
                    return Response::ok("retry");
                }
                let archive = Archive {
                    org: job.org.clone(),
                    report: job.report.clone(),
                    expires_ms: expires.timestamp_millis(),
                };
                self.state.storage().put(ARCHIVE, &archive).await?;
                self.state.storage().set_alarm(expires).await?;
            }
            Err(Failure::Retry(e)) => {
                worker::console_error!("encounter report: {e:?}; retrying");
                self.state
                    .storage()
                    .set_alarm(std::time::Duration::from_secs(30))
                    .await?;
                return Response::ok("retry");
            }
            Err(Failure::Final(why)) => {
                if let Err(e) =
                    reports::fail(&db, &job.org, &job.report, why, &timestamp(now)).await
                {
                    worker::console_error!("encounter report failure not recorded: {e:?}");
                    self.state
                        .storage()
                        .set_alarm(std::time::Duration::from_secs(30))
                        .await?;
                    return Response::ok("retry");
                }
            }
        }
        self.state.storage().delete(JOB).await?;
        Response::ok("done")
    }
}

impl Reports {
    /// Deletes the archive once it has expired; a failed delete is tried
    /// again later.
    async fn expire(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Response> {
        let Some(archive) = self.state.storage().get::<Archive>(ARCHIVE).await? else {
            return Response::ok("nothing to do");
        };
        if now.timestamp_millis() < archive.expires_ms {
            return Response::ok("not yet");
        }
        let deleted = match Files::new(&self.env) {
            Ok(files) => files.delete_report(&archive.org, &archive.report).await,
            Err(e) => Err(e),
        };
        if let Err(e) = deleted {
            worker::console_error!("deleting an expired encounter report: {e:?}");
            self.state
                .storage()
                .set_alarm(std::time::Duration::from_secs(300))
                .await?;
            return Response::ok("retry");
        }
        self.state.storage().delete(ARCHIVE).await?;
        Response::ok("expired")
    }
}

enum Failure {
    /// D1 or R2 did not answer: the alarm tries again.
    Retry(ApiError),
    /// The report cannot be made; its reason is shown to the caller.
    Final(&'static str),
}

/// The CSV of the range, zipped and locked, put in R2: its rows and size.
async fn build(
    env: &Env,
    db: &Db,
    job: &Job,
    now: chrono::DateTime<chrono::Utc>,
) -> std::result::Result<(usize, usize), Failure> {
    let config = Config::get(env).map_err(Failure::Retry)?;
    let password = sealed::open(
        &config.master_key,
        &job.sealed_password,
        job.report.as_str().as_bytes(),
    )
    .map_err(|_| Failure::Final("the report's password could not be read"))?;
    let password = String::from_utf8(password)
        .map_err(|_| Failure::Final("the report's password could not be read"))?;
    let mut csv = header();
    let mut rows = 0usize;
    let mut after: Option<(i64, String)> = None;
    loop {
        let page =
            appointments::in_range(db, &job.org, job.start_ms, job.end_ms, after.as_ref(), 1000)
                .await
                .map_err(Failure::Retry)?;
        for (_, _, view) in &page {
            csv.push_str(&visit_line(view));
        }
        rows += page.len();
        if rows > ENCOUNTER_MAX_ROWS {
            return Err(Failure::Final(
                "the range holds more than 100,000 visits: order shorter ranges",
            ));
        }
        match page.last() {
            Some((ms, uid, _)) if page.len() == 1000 => after = Some((*ms, uid.clone())),
            _ => break,
        }
    }
    let salt: [u8; 16] = ambient::entropy::<16>();
    let archive = zip::encrypted(
        &format!("encounter-report-{}.csv", job.report),
        csv.as_bytes(),
        &password,
        &salt,
        zip::dos_time(now),
    );
    let size = archive.len();
    Files::new(env)
        .map_err(Failure::Retry)?
        .put_report(&job.org, &job.report, archive)
        .await
        .map_err(Failure::Retry)?;
    Ok((rows, size))
}

/// Hands the job to its report's object.
pub async fn start(env: &Env, job: &Job) -> ApiResult<()> {
    let stub = env
        .durable_object("REPORTS")?
        .id_from_name(job.report.as_str())?
        .get_stub()?;
    let mut init = worker::RequestInit::new();
    init.with_method(worker::Method::Post)
        .with_body(Some(serde_json::to_string(job)?.into()));
    let req = Request::new_with_init("https://reports/", &init)?;
    let res = stub.fetch_with_request(req).await?;
    if res.status_code() != 200 {
        return Err(ApiError::Internal(format!(
            "the report object answered {}",
            res.status_code()
        )));
    }
    Ok(())
}
