//! Settings from `wrangler.toml` `[vars]` and Worker secrets, checked once
//! per isolate.
//!
//! Workers have no start hook, so the first request an isolate serves
//! reads and checks every setting; the result (good or bad) is kept for
//! the isolate's life. A bad setting is logged once, by name and never by
//! value, and every request then answers 500 `misconfigured`: an operator
//! sees the cause in the log at once, and no request runs half-configured
//! or panics on a setting it trusted.

use std::cell::OnceCell;
use std::rc::Rc;

use chrono::Duration;
use frontdesk_core::queue::AllocationPolicy;
use frontdesk_core::records::report::ENCOUNTER_TTL_HOURS;
use frontdesk_core::sealed::MasterKey;
use frontdesk_core::staff::SIGN_IN_LINK_TTL_MINUTES;
use frontdesk_core::visit::jitsi::{JitsiAuth, JitsiSettings};
use frontdesk_core::webhook::{parse_schedule, RETRY_SCHEDULE_SECONDS};
use worker::Env;

use crate::error::{ApiError, ApiResult};

/// Every setting, parsed.
pub struct Config {
    pub jitsi_base_url: String,
    /// Microsoft Graph, for seed 002's MS Teams provider link
    /// (`GRAPH_BASE_URL`): a setting only, never taken from a request.
    pub graph_base_url: String,
    pub default_consultation: Duration,
    pub policy: AllocationPolicy,
    pub watch_token_ttl: Duration,
    /// How long a staff sign-in link works (`SIGN_IN_LINK_TTL_SECONDS`,
    /// 15 minutes unless set; the end-to-end tests shorten it to see a link
    /// expire).
    pub sign_in_link_ttl: Duration,
    /// How long an attachment's download link works
    /// (`ATTACHMENT_LINK_TTL_SECONDS`, 5 minutes unless set, at most 1 hour).
    pub attachment_link_ttl: Duration,
    /// How long a made encounter report can be downloaded before it is
    /// deleted (`ENCOUNTER_REPORT_TTL_SECONDS`, 24 hours unless set, at
    /// most 7 days).
    pub encounter_report_ttl: Duration,
    /// Webhook endpoints on private or loopback addresses (local tests only).
    pub allow_private_webhook_urls: bool,
    pub webhook_retry_schedule: Vec<i64>,
    pub operator_token: String,
    pub watch_secret: String,
    pub master_key: MasterKey,
    /// Jitsi token authentication (`JITSI_AUTH`, `JITSI_APP_ID`,
    /// `JITSI_KID`; secrets `JITSI_APP_SECRET`, `JITSI_PRIVATE_KEY`),
    /// parsed once: an RSA key is costly to read per request.
    pub jitsi_auth: JitsiAuth,
    /// Where reminder emails go; `None` keeps them in the local outbox.
    pub email: Option<Provider>,
    /// Where reminder SMS go; `None` keeps them in the local outbox.
    pub sms: Option<Provider>,
    pub limits: Limits,
    /// `BENCH`: the benchmark's no-op round trip (`worker/src/noop.rs`)
    /// answers. Off everywhere but `make bench`.
    pub bench: bool,
}

/// A message provider: an HTTP endpoint called with a bearer key.
pub struct Provider {
    pub url: String,
    pub key: String,
}

/// The API's limits that are not request-rate limits (those are the
/// `[[ratelimits]]` bindings of wrangler.toml). Each is a `[vars]` setting.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Enabled or not, per organisation.
    pub webhook_subscriptions_per_org: u32,
    pub doctors_per_shop: u32,
    /// Held (unconfirmed) appointments one patient may have in one shop.
    pub holds_per_patient: u32,
    /// Slots one search may lay out (days × doctors × slots per day).
    pub slot_search_work: u32,
}

/// A setting that is wrong. Carries the setting's name and what is wrong
/// with it, never its value.
#[derive(Debug, Clone)]
pub struct Misconfigured(pub String);

thread_local! {
    // One isolate is one thread: settings are read once, on first use.
    static LOADED: OnceCell<Result<Rc<Config>, Misconfigured>> = const { OnceCell::new() };
}

impl Config {
    /// The isolate's settings, read and checked on first use.
    pub fn get(env: &Env) -> ApiResult<Rc<Config>> {
        LOADED.with(|cell| {
            cell.get_or_init(|| {
                let loaded = Config::read(env);
                if let Err(Misconfigured(why)) = &loaded {
                    worker::console_error!("misconfigured: {why}");
                }
                loaded.map(Rc::new)
            })
            .clone()
            .map_err(|Misconfigured(why)| ApiError::Misconfigured(why))
        })
    }

    fn read(env: &Env) -> Result<Config, Misconfigured> {
        let jitsi_base_url = var(env, "JITSI_BASE_URL", "https://meet.jit.si");
        let jitsi_base_url = jitsi_base_url.trim_end_matches('/').to_owned();
        if !(jitsi_base_url.starts_with("https://") || jitsi_base_url.starts_with("http://")) {
            return Err(bad("JITSI_BASE_URL", "must be an http(s) URL"));
        }
        let master_key = MasterKey::from_hex(&secret(env, "SECRETS_MASTER_KEY")?)
            .map_err(|_| bad("SECRETS_MASTER_KEY", "must be 64 hexadecimal characters"))?;
        let graph_base_url = var(env, "GRAPH_BASE_URL", "https://graph.microsoft.com/v1.0");
        let graph_base_url = graph_base_url.trim_end_matches('/').to_owned();
        if !(graph_base_url.starts_with("https://") || graph_base_url.starts_with("http://")) {
            return Err(bad("GRAPH_BASE_URL", "must be an http(s) URL"));
        }
        Ok(Config {
            graph_base_url,
            jitsi_auth: jitsi_auth(env)?,
            email: provider(env, "EMAIL_API_URL", "EMAIL_API_KEY")?,
            sms: provider(env, "SMS_API_URL", "SMS_API_KEY")?,
            jitsi_base_url,
            default_consultation: minutes(env, "DEFAULT_CONSULTATION_MINUTES", 5, 1..=240)?,
            policy: AllocationPolicy {
                preferred_doctor_grace: minutes(
                    env,
                    "PREFERRED_DOCTOR_GRACE_MINUTES",
                    10,
                    0..=240,
                )?,
            },
            watch_token_ttl: minutes(env, "WATCH_TOKEN_TTL_MINUTES", 240, 5..=1440)?,
            sign_in_link_ttl: number(
                env,
                "SIGN_IN_LINK_TTL_SECONDS",
                SIGN_IN_LINK_TTL_MINUTES * 60,
                1..=SIGN_IN_LINK_TTL_MINUTES * 60,
            )
            .map(|s| Duration::seconds(i64::from(s)))?,
            attachment_link_ttl: number(env, "ATTACHMENT_LINK_TTL_SECONDS", 300, 1..=3600)
                .map(|s| Duration::seconds(i64::from(s)))?,
            encounter_report_ttl: number(
                env,
                "ENCOUNTER_REPORT_TTL_SECONDS",
                ENCOUNTER_TTL_HOURS * 3600,
                1..=7 * 24 * 3600,
            )
            .map(|s| Duration::seconds(i64::from(s)))?,
            allow_private_webhook_urls: flag(env, "ALLOW_PRIVATE_WEBHOOK_URLS")?,
            webhook_retry_schedule: retry_schedule(env)?,
            operator_token: secret(env, "OPERATOR_TOKEN")?,
            watch_secret: secret(env, "WATCH_SECRET")?,
            master_key,
            limits: limits(env)?,
            bench: flag(env, "BENCH")?,
        })
    }
}

/// A secret that may be absent.
fn optional(env: &Env, name: &str) -> Option<String> {
    env.secret(name).ok().map(|v| v.to_string())
}

fn retry_schedule(env: &Env) -> Result<Vec<i64>, Misconfigured> {
    let schedule = var(env, "WEBHOOK_RETRY_SCHEDULE_SECONDS", "");
    if schedule.trim().is_empty() {
        return Ok(RETRY_SCHEDULE_SECONDS.to_vec());
    }
    parse_schedule(&schedule)
        .filter(|s| !s.is_empty() && s.len() <= 20 && s.iter().all(|d| (1..=604_800).contains(d)))
        .ok_or_else(|| {
            bad(
                "WEBHOOK_RETRY_SCHEDULE_SECONDS",
                "must list 1 to 20 delays of 1 to 604800 seconds",
            )
        })
}

fn jitsi_auth(env: &Env) -> Result<JitsiAuth, Misconfigured> {
    let (app_secret, pem) = (
        optional(env, "JITSI_APP_SECRET"),
        optional(env, "JITSI_PRIVATE_KEY"),
    );
    let (mode, app_id, kid) = (
        var(env, "JITSI_AUTH", "none"),
        var(env, "JITSI_APP_ID", ""),
        var(env, "JITSI_KID", ""),
    );
    if mode.trim().eq_ignore_ascii_case("hs256")
        && app_secret.as_deref().map_or(0, |v| v.trim().len()) < 32
    {
        // An HMAC key an attacker could guess would let anyone mint
        // their way into every room.
        return Err(bad(
            "JITSI_APP_SECRET",
            "must be at least 32 characters for hs256",
        ));
    }
    JitsiAuth::from_settings(JitsiSettings {
        mode: Some(mode.as_str()),
        app_id: Some(app_id.as_str()),
        app_secret: app_secret.as_deref(),
        private_key_pem: pem.as_deref(),
        kid: Some(kid.as_str()),
    })
    .map_err(|e| Misconfigured(format!("Jitsi token authentication: {e}")))
}

/// An email or SMS provider: its endpoint and key, or none (the local
/// outbox).
fn provider(env: &Env, url_var: &str, key_var: &str) -> Result<Option<Provider>, Misconfigured> {
    let url = var(env, url_var, "");
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    if !url.starts_with("https://") && !url.starts_with("http://") {
        return Err(bad(
            url_var,
            "must be an http(s) URL, or empty for the local outbox",
        ));
    }
    Ok(Some(Provider {
        url: url.to_owned(),
        key: optional(env, key_var).unwrap_or_default(),
    }))
}

fn limits(env: &Env) -> Result<Limits, Misconfigured> {
    Ok(Limits {
        webhook_subscriptions_per_org: number(
            env,
            "MAX_WEBHOOK_SUBSCRIPTIONS_PER_ORG",
            25,
            1..=1000,
        )?,
        doctors_per_shop: number(env, "MAX_DOCTORS_PER_SHOP", 200, 1..=5000)?,
        holds_per_patient: number(env, "MAX_HOLDS_PER_PATIENT", 3, 1..=100)?,
        slot_search_work: number(env, "MAX_SLOT_SEARCH_SLOTS", 20_000, 100..=1_000_000)?,
    })
}

fn bad(name: &str, problem: &str) -> Misconfigured {
    Misconfigured(format!("{name} {problem}"))
}

fn var(env: &Env, name: &str, default: &str) -> String {
    env.var(name)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| default.to_owned())
}

fn number(
    env: &Env,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, Misconfigured> {
    let v = var(env, name, "");
    if v.trim().is_empty() {
        return Ok(default);
    }
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            bad(
                name,
                &format!(
                    "must be a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

fn minutes(
    env: &Env,
    name: &str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<Duration, Misconfigured> {
    number(env, name, default, range).map(|m| Duration::minutes(i64::from(m)))
}

fn flag(env: &Env, name: &str) -> Result<bool, Misconfigured> {
    match var(env, name, "false").trim() {
        "true" => Ok(true),
        "false" | "" => Ok(false),
        _ => Err(bad(name, "must be true or false")),
    }
}

/// A required secret: set, and long enough to be one.
fn secret(env: &Env, name: &str) -> Result<String, Misconfigured> {
    let value = env.secret(name).map(|s| s.to_string()).map_err(|_| {
        bad(
            name,
            "is not set (wrangler secret put, or .dev.vars locally)",
        )
    })?;
    if value.trim().len() < 16 {
        return Err(bad(name, "must be at least 16 characters"));
    }
    Ok(value)
}
