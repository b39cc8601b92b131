//! Reports (seed 002): the CSV of visits for a date range, streamed as it
//! is read. One page of the read model (at most [`PAGE`] rows) is in
//! memory at a time, however long the report, and the first bytes leave
//! before the last row is read.

use frontdesk_core::ids::OrgUid;
use frontdesk_core::records::report::{header, visit_line, Range};
use futures_util::stream::{self, Stream};
use worker::Env;

use super::Actor;
use crate::context::Ctx;
use crate::error::ApiResult;
use crate::repo::appointments;
use crate::repo::audit::{self, Entry};
use crate::repo::Db;

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
