//! The Notifier Durable Object: one per organisation, named by its uid. It
//! delivers the organisation's webhooks and reminder messages, and keeps the
//! retry schedule with its alarm.
//!
//! The object holds no delivery state of its own: pending deliveries live in
//! D1 (`webhook_deliveries`), so a restart, an eviction or a crash in the
//! middle of a delivery loses nothing; the delivery is still pending and is
//! tried again. The alarm is set for the earliest `next_attempt_at`, and the
//! cron kicks any organisation whose deliveries are overdue as a backstop.

use frontdesk_core::compat::solo::{WebhookData, WebhookEvent, WebhookPayload};
use frontdesk_core::compat::solo_crypto;
use frontdesk_core::ids::{AppointmentUid, OrgUid, PatientProfileUid};
use frontdesk_core::sealed::open;
use frontdesk_core::turn;
use frontdesk_core::webhook::{after_attempt, parse_retry_after, sign, Next, TIMEOUT_SECONDS};
use futures_util::future::{select, Either};
use worker::wasm_bindgen::JsValue;
use worker::{
    AbortController, Delay, DurableObject, Env, Fetch, Headers, Method, Request, RequestInit,
    RequestRedirect, Response, Result, State,
};

use crate::ambient::{entropy, now};
use crate::config::{Config, Provider};
use crate::error::{ApiError, ApiResult};
use crate::repo::webhooks::{AttemptRecord, Due};
use crate::repo::{doctors, messages, patients, staff, vendor_ids, webhooks, Db};

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

/// A stored event as seed 002's webhook payload: its ids become seed
/// 002's integers (numbered now if the read model has not yet).
async fn solo_payload(db: &Db, org: &OrgUid, payload: &str) -> ApiResult<WebhookPayload> {
    let event: serde_json::Value = serde_json::from_str(payload)?;
    let kind = event["type"].as_str().unwrap_or_default().to_owned();
    let text = |field: &str| event["data"][field].as_str().map(str::to_owned);
    let mut data = WebhookData::default();
    if let Some(uid) = text("appointment_uid").and_then(|u| AppointmentUid::parse(&u).ok()) {
        data.appointment_id = Some(vendor_ids::said(db, org, &uid).await?);
    }
    if let Some(uid) = text("patient_uid").and_then(|u| PatientProfileUid::parse(&u).ok()) {
        data.patient_id = patients::spid(db, org, &uid).await?;
    }
    data.episode_id = text("episode_uid");
    Ok(WebhookPayload {
        event: WebhookEvent { kind },
        data,
    })
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

#[cfg_attr(feature = "entry", worker::durable_object)]
pub struct Notifier {
    state: State,
    env: Env,
}

#[cfg(feature = "entry")]
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
        let Ok(org) = OrgUid::parse(&org) else {
            worker::console_error!("notifier: its stored organisation uid is malformed");
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

impl Notifier {
    async fn work(&self, org: &OrgUid) -> ApiResult<()> {
        let db = Db::new(&self.env)?;
        let now = now();
        let due = webhooks::due(&db, org, now, BATCH).await?;
        for d in &due {
            self.attempt(&db, org, d).await?;
        }
        self.send_messages(&db, org).await?;
        // Next: at once if a full batch was due, else the earliest pending.
        if let Some(at) = webhooks::next_due(&db, org).await? {
            self.state.storage().set_alarm(at.max(now)).await?;
        }
        Ok(())
    }

    /// One attempt of one delivery, following the Standard Webhooks
    /// specification, and what it decides.
    async fn attempt(&self, db: &Db, org: &OrgUid, d: &Due) -> ApiResult<()> {
        let secret = open(
            &Config::get(&self.env)?.master_key,
            &d.sealed_secret,
            format!("{org}/{}", d.subscription_id).as_bytes(),
        )
        .map_err(|e| ApiError::Internal(format!("subscription secret: {e}")))?;
        let secret = String::from_utf8_lossy(&secret).into_owned();
        // Seed 002's subscriptions get its encrypted payload, signed like
        // every delivery with their encryption key (CBC alone has no
        // integrity).
        let (body, content_type, signing_key) = match d.format.as_str() {
            "solo" => {
                let plain = serde_json::to_vec(&solo_payload(db, org, &d.payload).await?)?;
                let text = solo_crypto::encrypt(secret.as_bytes(), &entropy(), &entropy(), &plain);
                (text, "text/plain", format!("whsec_{secret}"))
            }
            _ => (d.payload.clone(), "application/json", secret),
        };
        let started = now();
        let timestamp_s = started.timestamp();
        let signature = sign(&signing_key, &d.delivery_id, timestamp_s, body.as_bytes())
            .map_err(|e| ApiError::Internal(format!("signing: {e}")))?;

        let headers = Headers::new();
        for (name, value) in &d.headers {
            if let Some(v) = value.as_str() {
                headers.set(name, v)?;
            }
        }
        headers.set("Content-Type", content_type)?;
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
            .with_body(Some(JsValue::from_str(&body)));

        let (status, retry_after, error) = match Request::new_with_init(&d.url, &init) {
            Err(_) => (None, None, Some("the endpoint URL is not valid".to_owned())),
            Ok(req) => post_with_timeout(req).await,
        };
        let finished = now();
        let attempt = d.attempts.saturating_add(1);
        let jitter = f64::from(entropy::<1>()[0]) / 255.0;
        let schedule = &Config::get(&self.env)?.webhook_retry_schedule;
        let next = after_attempt(
            usize::try_from(attempt).unwrap_or(usize::MAX),
            status,
            retry_after,
            finished,
            jitter,
            schedule,
        );
        let (state, next_attempt_at) = match next {
            Next::Delivered => ("delivered", None),
            Next::DisableSubscription => ("failed", None),
            Next::GiveUp => ("failed", None),
            Next::RetryAt(at) => ("pending", Some(at)),
        };
        let record = AttemptRecord {
            delivery_id: &d.delivery_id,
            subscription_id: &d.subscription_id,
            started,
            finished,
            status_code: status,
            error: error.as_deref(),
            attempts: attempt,
            state,
            next_attempt_at,
            // 410 Gone: the receiver asked to be forgotten.
            disable: next == Next::DisableSubscription,
        };
        webhooks::record_attempt(db, &record).await
    }

    /// Reminder emails and SMS. With a provider configured (`EMAIL_API_URL`,
    /// `SMS_API_URL`) they are posted there; otherwise they stay in
    /// `sent_messages` as the local outbox, readable through the API.
    async fn send_messages(&self, db: &Db, org: &OrgUid) -> ApiResult<()> {
        for m in messages::queued(db, org, BATCH).await? {
            // A message that came with its address (a waiting patient's
            // "my turn" contact) goes there, and the log keeps it masked:
            // the contact lives only as long as the queue entry.
            if let Some(to) = m
                .address
                .as_deref()
                .filter(|_| m.recipient.starts_with("queue:"))
            {
                let subject = m.subject.as_deref().unwrap_or_default();
                let status = self.dispatch(&m.channel, to, subject, &m.body, None).await;
                messages::settle(db, &m.message_id, &status, Some(&turn::mask(to))).await?;
                continue;
            }
            let addresses = self.addresses(db, org, &m.recipient, &m.channel).await?;
            let subject = m.subject.as_deref().unwrap_or("Appointment reminder");
            // One message, one status: a group's worst (the first that
            // did not go), so a failure is never hidden behind a success.
            let mut status = "no_address".to_owned();
            for (i, to) in addresses.iter().enumerate() {
                let sent = self
                    .dispatch(&m.channel, to, subject, &m.body, m.attachments.as_deref())
                    .await;
                if i == 0 || !matches!(sent.as_str(), "sent" | "stored_locally") {
                    status = sent;
                }
            }
            let address = (!addresses.is_empty()).then(|| addresses.join(", "));
            messages::settle(db, &m.message_id, &status, address.as_deref()).await?;
        }
        Ok(())
    }

    /// Where a recipient is reached: a patient's record; a doctor's mobile
    /// for SMS and their staff account's email; the organisation's active
    /// admins' emails, or for SMS their mobile numbers, for `admin`; a
    /// staff user's email or mobile number.
    async fn addresses(
        &self,
        db: &Db,
        org: &OrgUid,
        recipient: &str,
        channel: &str,
    ) -> ApiResult<Vec<String>> {
        if recipient == "admin" {
            return staff::admin_addresses(db, org, channel).await;
        }
        Ok(self
            .address(db, org, recipient, channel)
            .await?
            .into_iter()
            .collect())
    }

    async fn address(
        &self,
        db: &Db,
        org: &OrgUid,
        recipient: &str,
        channel: &str,
    ) -> ApiResult<Option<String>> {
        if let Some(doctor) = recipient.strip_prefix("doctor:") {
            if channel == "email" {
                return staff::doctor_email(db, org, doctor).await;
            }
            let phone = doctors::mobile_phone(db, org, doctor).await?;
            return Ok(phone.map(|p| p.as_str().to_owned()));
        }
        if let Some(uid) = recipient.strip_prefix("staff:") {
            let Ok(uid) = frontdesk_core::ids::StaffUid::parse(uid) else {
                return Ok(None);
            };
            let user = staff::get(db, org, &uid).await?.filter(|u| u.active);
            return Ok(match channel {
                "email" => user.map(|u| u.email.as_str().to_owned()),
                _ => user.and_then(|u| u.mobile_phone),
            });
        }
        if let Some(patient) = recipient.strip_prefix("patient:") {
            let system = if channel == "sms" { "phone" } else { "email" };
            return patients::contact(db, org, patient, system).await;
        }
        Ok(None)
    }

    /// Posts one message to its provider. An email's `attachments` (the
    /// stored JSON of `[MessageAttachment]`) go with it as they are:
    /// `{"filename", "content_type", "content_base64"}` each.
    async fn dispatch(
        &self,
        channel: &str,
        to: &str,
        subject: &str,
        text: &str,
        attachments: Option<&str>,
    ) -> String {
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
        let files: serde_json::Value = attachments
            .filter(|_| channel == "email")
            .and_then(|a| serde_json::from_str(a).ok())
            .unwrap_or_else(|| serde_json::json!([]));
        let body =
            serde_json::json!({ "to": to, "subject": subject, "text": text, "attachments": files });
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
