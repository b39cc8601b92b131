//! Webhook subscriptions and their delivery log.

use serde::Serialize;
use serde_json::{Map, Value};

/// A webhook subscription. Its signing secret is returned only when it is
/// created.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WebhookSubscription"))]
pub struct Subscription {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookSubscriptionId")
    )]
    pub subscription_id: String,
    #[cfg_attr(feature = "schema", schemars(url))]
    pub url: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::api_doc::webhooks::WebhookEventType>")
    )]
    pub event_types: Vec<String>,
    /// Extra headers sent with every delivery.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookHeaders")
    )]
    pub headers: Map<String, Value>,
    pub enabled: bool,
    /// Why Frontdesk disabled the subscription: `endpoint answered 410 Gone`.
    /// `null` otherwise, and cleared when it is enabled again.
    pub disabled_reason: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// Last replaced, or disabled by a 410.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub updated_at: String,
}

/// The new subscription and its signing secret, shown only here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WebhookSubscriptionCreated"))]
pub struct CreatedSubscription {
    #[serde(flatten)]
    pub subscription: Subscription,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookSecret")
    )]
    pub secret: String,
}

/// One event's delivery to one subscription, with every attempt.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WebhookDelivery"))]
pub struct Delivery {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookDeliveryId")
    )]
    pub delivery_id: String,
    #[cfg_attr(feature = "schema", schemars(with = "crate::view::strings::EventId"))]
    pub event_id: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::webhooks::WebhookEventType")
    )]
    pub event_type: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookDeliveryStatus")
    )]
    pub status: String,
    /// Attempts since the delivery was created or last redelivered (a
    /// redelivery starts a fresh retry schedule at 0; `attempts` keeps every
    /// attempt).
    #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
    pub attempt_count: i64,
    /// When the next attempt is due, for a `pending` delivery; `null` once
    /// delivered, failed or cancelled.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub next_attempt_at: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// Every attempt, oldest first.
    pub attempts: Vec<Attempt>,
}

/// One attempt to deliver.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WebhookAttempt"))]
pub struct Attempt {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub attempted_at: String,
    /// The endpoint's HTTP status; `null` when it gave no answer (see `error`).
    pub status_code: Option<i64>,
    /// How long the attempt took, in milliseconds.
    #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
    pub duration_ms: i64,
    /// Why there was no answer: `no answer within 15 s`, `the endpoint URL is
    /// not valid`, or the runtime's connection error (at most 200 characters,
    /// never payload data). `null` when the endpoint answered.
    pub error: Option<String>,
}

/// A deleted subscription.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WebhookSubscriptionDeleted"))]
pub struct SubscriptionDeleted {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookSubscriptionId")
    )]
    pub subscription_id: String,
    /// Always `true`.
    #[cfg_attr(feature = "schema", schemars(extend("const" = true)))]
    pub deleted: bool,
}

/// A delivery queued to be sent again.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RedeliveryAccepted {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::WebhookDeliveryId")
    )]
    pub delivery_id: String,
    /// Always `pending`.
    #[cfg_attr(feature = "schema", schemars(extend("const" = "pending")))]
    pub status: &'static str,
}
