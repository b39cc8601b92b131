-- Encounter reports (seed 002): ordered, made in the background by a
-- `Reports` object's alarm, kept in R2 under `reports/{org}/{uid}.zip`
-- until `expires_at`.
CREATE TABLE encounter_reports (
    report_uid    TEXT PRIMARY KEY,
    org_uid       TEXT NOT NULL,
    status        TEXT NOT NULL,
    range_from    TEXT NOT NULL,
    range_to      TEXT NOT NULL,
    rows          INTEGER,
    size          INTEGER,
    error         TEXT,
    created_at    TEXT NOT NULL,
    completed_at  TEXT,
    expires_at    TEXT
);
CREATE INDEX encounter_reports_by_org ON encounter_reports (org_uid, created_at);
