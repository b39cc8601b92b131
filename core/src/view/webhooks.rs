//! Webhook subscriptions and their delivery log.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub subscription_id: String,
    pub url: String,
    pub event_types: Vec<String>,
    /// Extra headers sent with every delivery.
    pub headers: Map<String, Value>,
    pub enabled: bool,
    /// Why the service disabled it (an endpoint answering 410 Gone).
    pub disabled_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A subscription as created: the only time its signing secret is shown.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedSubscription {
    #[serde(flatten)]
    pub subscription: Subscription,
    pub secret: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub delivery_id: String,
    pub event_id: String,
    pub event_type: String,
    pub status: String,
    pub attempt_count: i64,
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub attempts: Vec<Attempt>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub attempted_at: String,
    /// None when no answer came (a timeout, a refused connection).
    pub status_code: Option<i64>,
    pub duration_ms: i64,
    pub error: Option<String>,
}
