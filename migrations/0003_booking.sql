-- Booking-token secrets (seed 001): the value is stored sealed with
-- ChaCha20-Poly1305 under the SECRETS_MASTER_KEY Worker secret, never in
-- plaintext. Several may be active at once, which makes rotation seamless.
CREATE TABLE booking_secrets (
    key_id        TEXT PRIMARY KEY,
    org_uid       TEXT NOT NULL REFERENCES organizations (org_uid),
    name          TEXT NOT NULL,
    sealed_value  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX booking_secrets_by_org ON booking_secrets (org_uid, key_id);

-- Token ids already used for a booking: a `jti` books once.
CREATE TABLE used_token_ids (
    org_uid          TEXT NOT NULL,
    jti              TEXT NOT NULL,
    -- A retry of the same request (same Idempotency-Key) may reuse the jti.
    idempotency_key  TEXT NOT NULL DEFAULT '',
    expires_at       INTEGER NOT NULL,
    PRIMARY KEY (org_uid, jti)
);
CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);

-- Who did what to sensitive objects. Written by the service only: the API
-- offers no way to change or delete an entry.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    org_uid   TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    outcome   TEXT NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log (org_uid, id);
