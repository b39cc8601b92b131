-- Partners: a partner is a named group of booking secrets. A token's `sub`
-- is the partner's customer id, so it names a patient within its partner
-- (see `booking_token::patient_for`): two partners' customers never
-- collide, and a partner's customers keep their patients when it rotates
-- to a new secret of the same partner.
CREATE TABLE partners (
    org_uid     TEXT NOT NULL REFERENCES organizations (org_uid),
    partner_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (org_uid, partner_id)
) WITHOUT ROWID;

-- Every secret from before partners belongs to its organisation's default
-- partner, `ptn_default`, whose customers' patient uids are derived from
-- (organisation, sub) exactly as before, so token holders keep their
-- patients, records and `booking_patient_links`. So does every secret
-- created without naming a partner.
ALTER TABLE booking_secrets ADD COLUMN partner_id TEXT NOT NULL DEFAULT 'ptn_default';
CREATE INDEX booking_secrets_by_partner ON booking_secrets (org_uid, partner_id);
INSERT INTO partners (org_uid, partner_id, name, created_at)
    SELECT org_uid, 'ptn_default', 'Default partner', MIN(created_at)
    FROM booking_secrets GROUP BY org_uid;
