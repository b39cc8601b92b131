-- Keys bound to one doctor: only such a key edits that doctor's availability.
ALTER TABLE api_keys ADD COLUMN doctor_uid TEXT REFERENCES doctors (doctor_uid);

-- Appointment types (seed 001): duration, hold TTL, notices, rebooking mode,
-- and the payment modes accepted at booking (seed 003).
CREATE TABLE appointment_types (
    appointment_type_uid        TEXT PRIMARY KEY,
    org_uid                     TEXT NOT NULL REFERENCES organizations (org_uid),
    name                        TEXT NOT NULL,
    duration_minutes            INTEGER NOT NULL,
    hold_ttl_seconds            INTEGER NOT NULL,
    min_booking_notice_minutes  INTEGER NOT NULL,
    min_cancel_notice_minutes   INTEGER NOT NULL,
    min_rebook_notice_minutes   INTEGER NOT NULL,
    rebooking_mode              TEXT NOT NULL,
    payment_modes               TEXT NOT NULL,
    created_at                  TEXT NOT NULL
);
CREATE INDEX appointment_types_by_org ON appointment_types (org_uid, appointment_type_uid);

-- The read model of appointments, projected from each shop's outbox. The
-- shops' Durable Objects are the source of truth; `version` makes the
-- projection idempotent and order-independent.
CREATE TABLE appointments (
    appointment_uid       TEXT PRIMARY KEY,
    org_uid               TEXT NOT NULL,
    shop_uid              TEXT NOT NULL,
    doctor_uid            TEXT NOT NULL,
    patient_profile_uid   TEXT NOT NULL,
    appointment_type_uid  TEXT NOT NULL,
    status                TEXT NOT NULL,
    start_at              INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    body                  TEXT NOT NULL
);
CREATE INDEX appointments_by_start ON appointments (org_uid, start_at, appointment_uid);
CREATE INDEX appointments_by_doctor ON appointments (org_uid, doctor_uid, start_at, appointment_uid);
CREATE INDEX appointments_by_patient ON appointments (org_uid, patient_profile_uid, start_at, appointment_uid);
CREATE INDEX appointments_by_shop ON appointments (org_uid, shop_uid, start_at, appointment_uid);
