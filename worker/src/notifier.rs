//! The Notifier Durable Object: one per organisation, named by its uid. It
//! delivers the organisation's webhooks and reminder messages, and keeps the
//! retry schedule with its alarm.
//!
//! The object holds no delivery state of its own: pending deliveries live in
//! D1 (`webhook_deliveries`), so a restart, an eviction or a crash in the
//! middle of a delivery loses nothing; the delivery is still pending and is
//! tried again. The alarm is set for the earliest `next_attempt_at`, and the
//! cron kicks any organisation whose deliveries are overdue as a backstop.

use chrono::DateTime;
use frontdesk_core::ids::OrgUid;
use frontdesk_core::sealed::open;
use frontdesk_core::webhook::{after_attempt, parse_retry_after, sign, Next, TIMEOUT_SECONDS};
use futures_util::future::{select, Either};
use serde::Deserialize;
use serde_json::Value;
use worker::wasm_bindgen::JsValue;
use worker::{
    durable_object, AbortController, Delay, DurableObject, Env, Fetch, Headers, Method, Request,
    RequestInit, RequestRedirect, Response, Result, State,
};

use crate::ambient::{entropy, now};
use crate::config::{Config, Provider};
use crate::directory::{s, timestamp, Directory};
use crate::error::{ApiError, ApiResult};

const ORG_KEY: &str = "org_uid";
/// Deliveries handled per alarm; the alarm comes back at once for more.
const BATCH: u32 = 25;

/// Asks the organisation's notifier to deliver what is pending.
pub async fn kick(env: &Env, org: &OrgUid) -> ApiResult<()> {
    let stub = env
        .durable_object("NOTIFIER")?
        .id_from_name(org.as_str())?
        .get_stub()?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post);
    let req = Request::new_with_init(&format!("https://notifier/kick?org={org}"), &init)?;
    stub.fetch_with_request(req).await?;
    Ok(())
}

/// POSTs with the specification's 15-second limit: the status code and
/// `Retry-After`, or what went wrong.
async fn post_with_timeout(req: Request) -> (Option<u16>, Option<i64>, Option<String>) {
    let controller = AbortController::default();
    let signal = controller.signal();
    let fetch = Fetch::Request(req);
    let outcome = {
        let sending = fetch.send_with_signal(&signal);
        let timeout = Delay::from(std::time::Duration::from_secs(TIMEOUT_SECONDS));
        futures_util::pin_mut!(sending, timeout);
        match select(sending, timeout).await {
            Either::Left((result, _)) => Some(result),
            Either::Right(_) => None,
        }
    };
    match outcome {
        Some(Ok(resp)) => {
            let retry_after = resp
                .headers()
                .get("Retry-After")
                .ok()
                .flatten()
                .and_then(|v| parse_retry_after(&v, now()));
            (Some(resp.status_code()), retry_after, None)
        }
        // The runtime's words about the connection; no payload in them.
        Some(Err(e)) => (None, None, Some(format!("{e}").chars().take(200).collect())),
        None => {
            controller.abort();
            (
                None,
                None,
                Some(format!("no answer within {TIMEOUT_SECONDS} s")),
            )
        }
    }
}

#[durable_object]
pub struct Notifier {
    state: State,
    env: Env,
}

impl DurableObject for Notifier {
    fn new(state: State, env: Env) -> Self {
        Notifier { state, env }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        let url = req.url()?;
        if let Some((_, org)) = url.query_pairs().find(|(k, _)| k == "org") {
            self.state.storage().put(ORG_KEY, org.to_string()).await?;
        }
        // Deliver soon, but after this request: the caller is mid-change.
        self.state
            .storage()
            .set_alarm(std::time::Duration::from_millis(10))
            .await?;
        Response::ok("kicked")
    }

    async fn alarm(&self) -> Result<Response> {
        let org: Option<String> = self.state.storage().get(ORG_KEY).await?;
        let Some(org) = org else {
            return Response::ok("no organisation");
        };
        if let Err(e) = self.work(&org).await {
            worker::console_error!("notifier: {e:?}");
            self.state
                .storage()
                .set_alarm(std::time::Duration::from_secs(30))
                .await?;
        }
        Response::ok("done")
    }
}

#[derive(Deserialize)]
struct Due {
    delivery_id: String,
    subscription_id: String,
    attempts: f64,
    url: String,
    headers: String,
    sealed_secret: String,
    payload: String,
}

impl Notifier {
    async fn work(&self, org: &str) -> ApiResult<()> {
        let dir = Directory::new(&self.env)?;
        let now = now();
        let due: Vec<Due> = dir
            .stmt(
                "SELECT d.delivery_id, d.subscription_id, d.attempts, s.url, s.headers, s.sealed_secret, e.payload
                 FROM webhook_deliveries d
                 JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
                 JOIN events e ON e.event_id = d.event_id
                 WHERE d.org_uid = ?1 AND d.status = 'pending' AND d.next_attempt_at <= ?2
                 ORDER BY d.next_attempt_at LIMIT ?3",
                &[s(org), JsValue::from(now.timestamp_millis() as f64), JsValue::from(BATCH)],
            )?
            .all()
            .await?
            .results()?;
        for d in &due {
            self.attempt(&dir, org, d).await?;
        }
        self.send_messages(&dir, org).await?;
        // Next: at once if a full batch was due, else the earliest pending.
        #[derive(Deserialize)]
        struct Next {
            at: Option<f64>,
        }
        let next: Option<Next> = dir
            .stmt(
                "SELECT MIN(d.next_attempt_at) AS at FROM webhook_deliveries d
                 JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
                 WHERE d.org_uid = ?1 AND d.status = 'pending'",
                &[s(org)],
            )?
            .first(None)
            .await?;
        if let Some(at) = next.and_then(|n| n.at) {
            let at = DateTime::from_timestamp_millis(at as i64)
                .unwrap_or(now)
                .max(now);
            self.state.storage().set_alarm(at).await?;
        }
        Ok(())
    }

    /// One attempt of one delivery, following the Standard Webhooks
    /// specification, and what it decides.
    async fn attempt(&self, dir: &Directory, org: &str, d: &Due) -> ApiResult<()> {
        let secret = open(
            &Config::get(&self.env)?.master_key,
            &d.sealed_secret,
            format!("{org}/{}", d.subscription_id).as_bytes(),
        )
        .map_err(|e| ApiError::Internal(format!("subscription secret: {e}")))?;
        let secret = String::from_utf8_lossy(&secret).into_owned();
        let started = now();
        let timestamp_s = started.timestamp();
        let signature = sign(&secret, &d.delivery_id, timestamp_s, d.payload.as_bytes())
            .map_err(|e| ApiError::Internal(format!("signing: {e}")))?;

        let headers = Headers::new();
        if let Ok(Value::Object(custom)) = serde_json::from_str::<Value>(&d.headers) {
            for (name, value) in custom {
                if let Some(v) = value.as_str() {
                    headers.set(&name, v)?;
                }
            }
        }
        headers.set("Content-Type", "application/json")?;
        headers.set("User-Agent", "Frontdesk-Webhooks/1")?;
        headers.set("webhook-id", &d.delivery_id)?;
        headers.set("webhook-timestamp", &timestamp_s.to_string())?;
        headers.set("webhook-signature", &signature)?;
        let mut init = RequestInit::new();
        // A redirect is an answer, not a new address: following one would
        // let a checked public endpoint send the payload somewhere private.
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_redirect(RequestRedirect::Manual)
            .with_body(Some(JsValue::from_str(&d.payload)));

        let (status, retry_after, error) = match Request::new_with_init(&d.url, &init) {
            Err(_) => (None, None, Some("the endpoint URL is not valid".to_owned())),
            Ok(req) => post_with_timeout(req).await,
        };
        let finished = now();
        let attempt = d.attempts as usize + 1;
        let jitter = f64::from(entropy::<1>()[0]) / 255.0;
        let schedule = &Config::get(&self.env)?.webhook_retry_schedule;
        let next = after_attempt(attempt, status, retry_after, finished, jitter, schedule);
        let (state, next_at) = match next {
            Next::Delivered => ("delivered", None),
            Next::DisableSubscription => ("failed", None),
            Next::GiveUp => ("failed", None),
            Next::RetryAt(at) => ("pending", Some(at.timestamp_millis())),
        };
        let mut statements = vec![
            dir.stmt(
                "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                &[
                    s(&d.delivery_id),
                    s(&timestamp(started)),
                    status.map_or(JsValue::NULL, JsValue::from),
                    JsValue::from((finished - started).num_milliseconds() as f64),
                    error.as_deref().map_or(JsValue::NULL, s),
                ],
            )?,
            dir.stmt(
                "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4 WHERE delivery_id = ?1",
                &[
                    s(&d.delivery_id),
                    s(state),
                    JsValue::from(attempt as f64),
                    next_at.map_or(JsValue::NULL, |t| JsValue::from(t as f64)),
                ],
            )?,
        ];
        if next == Next::DisableSubscription {
            // 410 Gone: the receiver asked to be forgotten.
            statements.push(dir.stmt(
                "UPDATE webhook_subscriptions SET enabled = 0, disabled_reason = 'endpoint answered 410 Gone', updated_at = ?2
                 WHERE subscription_id = ?1",
                &[s(&d.subscription_id), s(&timestamp(finished))],
            )?);
            statements.push(dir.stmt(
                "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
                 WHERE subscription_id = ?1 AND status = 'pending'",
                &[s(&d.subscription_id)],
            )?);
        }
        dir.batch(statements).await
    }

    /// Reminder emails and SMS. With a provider configured (`EMAIL_API_URL`,
    /// `SMS_API_URL`) they are posted there; otherwise they stay in
    /// `sent_messages` as the local outbox, readable through the API.
    async fn send_messages(&self, dir: &Directory, org: &str) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Queued {
            message_id: String,
            channel: String,
            recipient: String,
            body: String,
        }
        let queued: Vec<Queued> = dir
            .stmt(
                "SELECT message_id, channel, recipient, body FROM sent_messages
                 WHERE org_uid = ?1 AND status = 'queued' ORDER BY created_at LIMIT ?2",
                &[s(org), JsValue::from(BATCH)],
            )?
            .all()
            .await?
            .results()?;
        for m in queued {
            let address = self.address(dir, org, &m.recipient, &m.channel).await?;
            let status = match &address {
                None => "no_address".to_owned(),
                Some(to) => self.dispatch(&m.channel, to, &m.body).await,
            };
            dir.stmt(
                "UPDATE sent_messages SET status = ?2, address = ?3 WHERE message_id = ?1",
                &[
                    s(&m.message_id),
                    s(&status),
                    address.as_deref().map_or(JsValue::NULL, s),
                ],
            )?
            .run()
            .await?;
        }
        Ok(())
    }

    /// Where a recipient is reached: a patient's record, a doctor's mobile.
    async fn address(
        &self,
        dir: &Directory,
        org: &str,
        recipient: &str,
        channel: &str,
    ) -> ApiResult<Option<String>> {
        if let Some(doctor) = recipient.strip_prefix("doctor:") {
            #[derive(Deserialize)]
            struct Row {
                mobile_phone: Option<String>,
            }
            if channel != "sms" {
                return Ok(None);
            }
            let row: Option<Row> = dir
                .stmt(
                    "SELECT mobile_phone FROM doctors WHERE org_uid = ?1 AND doctor_uid = ?2",
                    &[s(org), s(doctor)],
                )?
                .first(None)
                .await?;
            return Ok(row.and_then(|r| r.mobile_phone));
        }
        if let Some(patient) = recipient.strip_prefix("patient:") {
            #[derive(Deserialize)]
            struct Row {
                body: String,
            }
            let row: Option<Row> = dir
                .stmt(
                    "SELECT body FROM patients WHERE org_uid = ?1 AND patient_uid = ?2",
                    &[s(org), s(patient)],
                )?
                .first(None)
                .await?;
            let system = if channel == "sms" { "phone" } else { "email" };
            return Ok(row.and_then(|r| {
                let body: Value = serde_json::from_str(&r.body).ok()?;
                body["telecom"]
                    .as_array()?
                    .iter()
                    .find(|t| t["system"] == system)
                    .and_then(|t| t["value"].as_str().map(str::to_owned))
            }));
        }
        Ok(None)
    }

    async fn dispatch(&self, channel: &str, to: &str, text: &str) -> String {
        let Ok(config) = Config::get(&self.env) else {
            return "provider_misconfigured".to_owned();
        };
        let provider = if channel == "sms" {
            config.sms.as_ref()
        } else {
            config.email.as_ref()
        };
        let Some(Provider { url, key }) = provider else {
            return "stored_locally".to_owned();
        };
        let body = serde_json::json!({ "to": to, "subject": "Appointment reminder", "text": text });
        let headers = Headers::new();
        let _ = headers.set("Content-Type", "application/json");
        let _ = headers.set("Authorization", &format!("Bearer {key}"));
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_headers(headers)
            .with_redirect(RequestRedirect::Manual)
            .with_body(Some(JsValue::from_str(&body.to_string())));
        match Request::new_with_init(url, &init) {
            Ok(req) => match Fetch::Request(req).send().await {
                Ok(resp) if (200..300).contains(&resp.status_code()) => "sent".to_owned(),
                Ok(resp) => format!("provider_error_{}", resp.status_code()),
                Err(_) => "provider_unreachable".to_owned(),
            },
            Err(_) => "provider_misconfigured".to_owned(),
        }
    }
}
