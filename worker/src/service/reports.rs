//! Reports (seed 002): the CSV of visits for a date range, streamed as it
//! is read; and the encounter report, ordered, made in the background by
//! its `Reports` object, and downloaded as a password-locked ZIP.
//!
//! One page of the read model (at most [`PAGE`] rows) is in
//! memory at a time, however long the report, and the first bytes leave
//! before the last row is read.

use frontdesk_core::ids::{OrgUid, ReportUid};
use frontdesk_core::records::report::{header, visit_line, EncounterOrder, Range};
use frontdesk_core::sealed;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::records::{EncounterReport, ReportStatus};
use futures_util::stream::{self, Stream};
use worker::Env;

use super::Actor;
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::repo::appointments;
use crate::repo::attachments::Files;
use crate::repo::audit::{self, Entry};
use crate::repo::reports;
use crate::repo::Db;
use crate::report_job::{self, Job};

/// Rows read from D1 per step.
pub const PAGE: u32 = 1000;

enum Step {
    Header,
    After(Option<(i64, String)>),
    Done,
}

/// The report's bytes, a page at a time. Audited once, when ordered.
pub async fn visits_csv(
    cx: &Ctx,
    actor: &Actor,
    range: Range,
) -> ApiResult<impl Stream<Item = Result<Vec<u8>, worker::Error>> + 'static> {
    let target = format!(
        "{}..{}",
        frontdesk_core::time::timestamp(range.start),
        frontdesk_core::time::timestamp(range.end)
    );
    let entry = Entry {
        actor: &actor.label(),
        action: "report.visits_csv",
        target: &target,
        outcome: "ok",
    };
    audit::record(&cx.db, actor.org(), entry, cx.now).await?;
    let env: Env = cx.env.clone();
    let org: OrgUid = actor.org().clone();
    let (start_ms, end_ms) = (range.start.timestamp_millis(), range.end.timestamp_millis());
    Ok(stream::unfold(Step::Header, move |step| {
        let (env, org) = (env.clone(), org.clone());
        async move {
            match step {
                Step::Header => Some((Ok(header().into_bytes()), Step::After(None))),
                Step::After(after) => {
                    let page = match Db::new(&env) {
                        Ok(db) => {
                            appointments::in_range(
                                &db,
                                &org,
                                start_ms,
                                end_ms,
                                after.as_ref(),
                                PAGE,
                            )
                            .await
                        }
                        Err(e) => Err(e),
                    };
                    let rows = match page {
                        Ok(rows) => rows,
                        Err(e) => {
                            // The status line is gone; the log says why the
                            // body stopped short.
                            worker::console_error!("visits report stopped: {e:?}");
                            return Some((
                                Err(worker::Error::RustError("report failed".into())),
                                Step::Done,
                            ));
                        }
                    };
                    if rows.is_empty() {
                        return None;
                    }
                    let mut out = String::new();
                    for (_, _, view) in &rows {
                        out.push_str(&visit_line(view));
                    }
                    let next = if rows.len() < PAGE as usize {
                        Step::Done
                    } else {
                        rows.last().map_or(Step::Done, |(ms, uid, _)| {
                            Step::After(Some((*ms, uid.clone())))
                        })
                    };
                    Some((Ok(out.into_bytes()), next))
                }
                Step::Done => None,
            }
        }
    }))
}

/// Orders an encounter report: a `pending` row now, the archive from the
/// report's own object in the background.
pub async fn order_encounters(
    cx: &Ctx,
    actor: &Actor,
    order: EncounterOrder,
) -> ApiResult<EncounterReport> {
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let report = EncounterReport {
        report_uid: ReportUid::new(&entropy::<16>()),
        status: ReportStatus::Pending,
        from: timestamp(order.range.start),
        to: timestamp(order.range.end),
        rows: None,
        size: None,
        error: None,
        created_at: timestamp(now),
        completed_at: None,
        expires_at: None,
    };
    let entry = Entry {
        actor: &actor.label(),
        action: "report.encounters_ordered",
        target: report.report_uid.as_str(),
        outcome: "ok",
    };
    db.commit(vec![
        reports::insert(db, org, &report)?,
        audit::statement(db, org, entry, now)?,
    ])
    .await?;
    let job = Job {
        org: org.clone(),
        report: report.report_uid.clone(),
        start_ms: order.range.start.timestamp_millis(),
        end_ms: order.range.end.timestamp_millis(),
        sealed_password: sealed::seal(
            &cx.config.master_key,
            &entropy::<12>(),
            order.password.as_bytes(),
            report.report_uid.as_str().as_bytes(),
        ),
    };
    report_job::start(&cx.env, &job).await?;
    Ok(report)
}

pub async fn encounter_status(
    cx: &Ctx,
    actor: &Actor,
    uid: &ReportUid,
) -> ApiResult<EncounterReport> {
    reports::find(&cx.db, actor.org(), uid)
        .await?
        .ok_or_else(|| ApiError::not_found("report"))
}

/// The archive of a completed report, until it expires. Audited.
pub async fn encounter_archive(
    cx: &Ctx,
    actor: &Actor,
    uid: &ReportUid,
) -> ApiResult<worker::ResponseBody> {
    let report = encounter_status(cx, actor, uid).await?;
    match report.status {
        ReportStatus::Pending => {
            return Err(ApiError::conflict(
                ErrorCode::ReportNotReady,
                "the report is still being made: check its status again shortly",
            ))
        }
        ReportStatus::Failed => {
            return Err(ApiError::conflict(
                ErrorCode::ReportNotReady,
                "the report failed: see its status for why, and order it again",
            ))
        }
        ReportStatus::Completed => {}
    }
    let expired = report
        .expires_at
        .as_deref()
        .is_none_or(|at| at <= timestamp(cx.now).as_str());
    if expired {
        return Err(ApiError::Gone("the report has expired: order it again"));
    }
    let body = Files::new(&cx.env)?
        .get_report(actor.org(), uid)
        .await?
        .ok_or(ApiError::Gone("the report has expired: order it again"))?;
    let entry = Entry {
        actor: &actor.label(),
        action: "report.encounters_downloaded",
        target: uid.as_str(),
        outcome: "ok",
    };
    audit::record(&cx.db, actor.org(), entry, cx.now).await?;
    Ok(body)
}
