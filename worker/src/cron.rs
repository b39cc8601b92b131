//! The cron trigger, every minute: asks the shops that have a reminder due
//! to publish it, and wakes the notifier of any organisation whose webhook
//! deliveries are overdue (a backstop for a lost alarm). It never scans all
//! appointments: the read model's indexed `next_reminder_at` says which
//! shops to ask.

use frontdesk_core::ids::{OrgUid, ShopUid};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::Env;

use crate::ambient::now;
use crate::directory::Directory;
use crate::error::ApiResult;
use crate::notifier;
use crate::shop::{Client, RunReminders};

pub async fn run(env: &Env) -> ApiResult<()> {
    let dir = Directory::new(env)?;
    let now_ms = now().timestamp_millis() as f64;
    #[derive(Deserialize)]
    struct DueShop {
        org_uid: String,
        shop_uid: String,
    }
    let shops: Vec<DueShop> = dir
        .stmt(
            "SELECT DISTINCT org_uid, shop_uid FROM appointments
             WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?1 AND start_at > ?1",
            &[JsValue::from(now_ms)],
        )?
        .all()
        .await?
        .results()?;
    // One failing shop or organisation must not stop the others: each
    // failure is logged (by uid) and counted, and the run goes on.
    let mut failures = 0usize;
    for s in &shops {
        let (Ok(org), Ok(shop)) = (OrgUid::parse(&s.org_uid), ShopUid::parse(&s.shop_uid)) else {
            failures += 1;
            worker::console_error!("cron: malformed shop in the read model");
            continue;
        };
        match Client::new(env, &org, shop.clone())
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
    #[derive(Deserialize)]
    struct Overdue {
        org_uid: String,
    }
    let overdue: Vec<Overdue> = dir
        .stmt(
            "SELECT DISTINCT d.org_uid FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
             WHERE d.status = 'pending' AND d.next_attempt_at <= ?1",
            &[JsValue::from(now_ms - 60_000.0)],
        )?
        .all()
        .await?
        .results()?;
    for o in &overdue {
        let Ok(org) = OrgUid::parse(&o.org_uid) else {
            failures += 1;
            continue;
        };
        if let Err(e) = notifier::kick(env, &org).await {
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
