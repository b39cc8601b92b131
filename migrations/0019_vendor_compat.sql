-- Seed 002's integer ids, numbered per organisation. A patient's SPID is
-- given when the record is created (patients written before this migration
-- are numbered here, oldest first). An appointment's SAID is given when
-- the read model first stores it, or when seed 002's surface books it,
-- whichever comes first; neither is on the booking's hot path.
ALTER TABLE patients ADD COLUMN spid INTEGER;
UPDATE patients SET spid = (
    SELECT COUNT(*) FROM patients p
    WHERE p.org_uid = patients.org_uid
      AND (p.created_at < patients.created_at
           OR (p.created_at = patients.created_at AND p.patient_uid <= patients.patient_uid))
);
CREATE UNIQUE INDEX patients_by_spid ON patients (org_uid, spid);

CREATE TABLE appointment_saids (
    org_uid          TEXT NOT NULL,
    appointment_uid  TEXT NOT NULL,
    said             INTEGER NOT NULL,
    PRIMARY KEY (org_uid, appointment_uid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX appointment_saids_by_said ON appointment_saids (org_uid, said);
INSERT INTO appointment_saids (org_uid, appointment_uid, said)
SELECT org_uid, appointment_uid,
       ROW_NUMBER() OVER (PARTITION BY org_uid ORDER BY start_at, appointment_uid)
FROM appointments;

-- Seed 002's waiting-room classification of a shop.
ALTER TABLE shops ADD COLUMN service_line TEXT;
ALTER TABLE shops ADD COLUMN service_type TEXT;
