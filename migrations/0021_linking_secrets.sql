-- Seed 002's context-aware linking: each organisation's secrets for the
-- encrypted `arg` of GET /integrations/linking. The key id travels beside
-- `arg` and names the organisation; the secret is sealed under
-- SECRETS_MASTER_KEY like booking secrets.
CREATE TABLE linking_secrets (
    key_id         TEXT PRIMARY KEY,
    org_uid        TEXT NOT NULL REFERENCES organizations (org_uid),
    sealed_secret  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    revoked_at     TEXT
);
CREATE INDEX linking_secrets_by_org ON linking_secrets (org_uid, created_at);
