-- Reminder rules per appointment type (seed 001), as JSON.
ALTER TABLE appointment_types ADD COLUMN reminders TEXT NOT NULL DEFAULT '[]';

-- When the appointment's next unsent reminder falls due; the cron asks only
-- the shops that have one due.
ALTER TABLE appointments ADD COLUMN next_reminder_at INTEGER;
CREATE INDEX appointments_reminders_due ON appointments (next_reminder_at) WHERE next_reminder_at IS NOT NULL;

-- A doctor's mobile number for SMS reminders (E.164), separate from any
-- prescription phone (seed 001).
ALTER TABLE doctors ADD COLUMN mobile_phone TEXT;

-- Every event the shops published, once (the outbox may deliver twice).
CREATE TABLE events (
    event_id     TEXT PRIMARY KEY,
    org_uid      TEXT NOT NULL,
    type         TEXT NOT NULL,
    occurred_at  TEXT NOT NULL,
    payload      TEXT NOT NULL
);

-- Webhook subscriptions: the signing secret is sealed like booking secrets.
CREATE TABLE webhook_subscriptions (
    subscription_id  TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL REFERENCES organizations (org_uid),
    url              TEXT NOT NULL,
    event_types      TEXT NOT NULL,
    headers          TEXT NOT NULL,
    sealed_secret    TEXT NOT NULL,
    enabled          INTEGER NOT NULL,
    disabled_reason  TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_by_org ON webhook_subscriptions (org_uid, subscription_id);

-- One delivery per event and subscription; `delivery_id` is the
-- `webhook-id`, the same on every retry.
CREATE TABLE webhook_deliveries (
    delivery_id      TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL,
    subscription_id  TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  INTEGER,
    created_at       TEXT NOT NULL,
    UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (org_uid, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at);

CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   TEXT NOT NULL,
    attempted_at  TEXT NOT NULL,
    status_code   INTEGER,
    duration_ms   INTEGER NOT NULL,
    error         TEXT
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, id);

-- Email and SMS sent for reminders. With no provider configured (as under
-- `make dev`) this table is the provider: a local outbox read through the API.
CREATE TABLE sent_messages (
    message_id   TEXT PRIMARY KEY,
    org_uid      TEXT NOT NULL,
    event_id     TEXT NOT NULL,
    channel      TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    address      TEXT,
    status       TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (event_id, channel)
);
CREATE INDEX sent_messages_by_org ON sent_messages (org_uid, created_at);
