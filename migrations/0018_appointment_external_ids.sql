-- Seed 002's appointment external ids: the integrator's own id for an
-- appointment, unique in the organisation, and how it is found again. The
-- shop keeps the id with the appointment; this table is the organisation's
-- index of them, and the uniqueness the shops cannot see across each other.
CREATE TABLE appointment_external_ids (
    org_uid          TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    appointment_uid  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (org_uid, external_id)
);
