-- Numbers written without a country code are read as this country's.
ALTER TABLE organizations ADD COLUMN default_country TEXT NOT NULL DEFAULT 'US';

-- The patient directory (seed 002's demographics, as JSON in `body`).
CREATE TABLE patients (
    patient_uid  TEXT PRIMARY KEY,
    org_uid      TEXT NOT NULL REFERENCES organizations (org_uid),
    mrn          TEXT,
    active       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX patients_by_mrn ON patients (org_uid, mrn) WHERE mrn IS NOT NULL;

-- Search by mobile number (seed 004): every number in E.164, indexed, so a
-- lookup is one index seek however many patients there are. A family may
-- share one number, so the key includes the patient.
CREATE TABLE patient_phones (
    org_uid      TEXT NOT NULL,
    e164         TEXT NOT NULL,
    patient_uid  TEXT NOT NULL,
    PRIMARY KEY (org_uid, e164, patient_uid)
) WITHOUT ROWID;
CREATE INDEX patient_phones_by_patient ON patient_phones (patient_uid);

-- Typed external identifiers (seed 002's SPID, HSID): one patient per value.
CREATE TABLE patient_identifiers (
    org_uid      TEXT NOT NULL,
    system       TEXT NOT NULL,
    value        TEXT NOT NULL,
    patient_uid  TEXT NOT NULL,
    PRIMARY KEY (org_uid, system, value)
) WITHOUT ROWID;
CREATE INDEX patient_identifiers_by_patient ON patient_identifiers (patient_uid);
