-- How a subscription's deliveries are written: 'standard' (Frontdesk's
-- own: the event as JSON, Standard Webhooks signatures) or 'solo' (seed
-- 002's: `{"event": {"type"}, "data": {...}}` encrypted with AES-256-CBC
-- under the subscription's encryption key, also signed).
ALTER TABLE webhook_subscriptions ADD COLUMN format TEXT NOT NULL DEFAULT 'standard';
