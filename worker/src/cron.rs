//! The cron trigger, every minute: asks the shops that have a reminder due
//! to publish it, and wakes the notifier of any organisation whose webhook
//! deliveries are overdue (a backstop for a lost alarm). It never scans all
//! appointments: the read model's indexed `next_reminder_at` says which
//! shops to ask.

use worker::Env;

use crate::ambient::now;
use crate::error::ApiResult;
use crate::notifier;
use crate::repo::{appointments, webhooks, Db};
use crate::shop::{Client, RunReminders};

pub async fn run(env: &Env) -> ApiResult<()> {
    let db = Db::new(env)?;
    let now = now();
    let shops = appointments::shops_with_reminders_due(&db, now).await?;
    // One failing shop or organisation must not stop the others: each
    // failure is logged (by uid) and counted, and the run goes on.
    let mut failures = 0usize;
    for s in &shops {
        let (org, shop) = match s {
            Ok(due) => (&due.org_uid, &due.shop_uid),
            Err(e) => {
                failures += 1;
                worker::console_error!("cron: {e}");
                continue;
            }
        };
        match Client::new(env, org, shop.clone())
            .send(&RunReminders {})
            .await
        {
            Ok(run) if run.failed == 0 => {}
            Ok(run) => {
                failures += 1;
                worker::console_error!(
                    "cron: shop {org}/{shop} failed {} of its reminders",
                    run.failed
                );
            }
            Err(e) => {
                failures += 1;
                worker::console_error!("cron: shop {org}/{shop} failed its reminder run: {e:?}");
            }
        }
    }
    // Overdue by more than a minute: a lost alarm, not one about to ring.
    let overdue =
        webhooks::orgs_with_overdue_deliveries(&db, now - chrono::Duration::minutes(1)).await?;
    for o in &overdue {
        let org = match o {
            Ok(org) => org,
            Err(e) => {
                failures += 1;
                worker::console_error!("cron: {e}");
                continue;
            }
        };
        if let Err(e) = notifier::kick(env, org).await {
            failures += 1;
            worker::console_error!("cron: waking the notifier of {org} failed: {e:?}");
        }
    }
    worker::console_log!(
        "cron: asked {} shops for reminders, woke {} notifiers, {failures} failed",
        shops.len(),
        overdue.len()
    );
    Ok(())
}
