-- Seed 002's perfect answer: which waiting room and note templates a
-- call centre's `locationId` (the seed's "Geolocation Id") maps to, and
-- the visits it made, for its one-visit-per-24-hours rule.
CREATE TABLE perfect_answer_locations (
    org_uid      TEXT NOT NULL,
    location_id  TEXT NOT NULL,
    shop_uid     TEXT NOT NULL,
    templates    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (org_uid, location_id)
) WITHOUT ROWID;

-- A row is claimed before the visit is booked (and removed again if the
-- booking fails): the claim is one INSERT … WHERE NOT EXISTS, so two
-- requests at once for one patient cannot both pass the rule.
CREATE TABLE perfect_answer_visits (
    claim_id         TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL,
    patient_uid      TEXT NOT NULL,
    appointment_uid  TEXT,
    created_at       INTEGER NOT NULL
);
CREATE INDEX perfect_answer_visits_patient
    ON perfect_answer_visits (org_uid, patient_uid, created_at);

-- Seed 002's virtual nursing: care locations (a bed in a ward or a
-- department) with their video device and placed patient, and the
-- assistance requests that join a waiting room's queue.
CREATE TABLE care_locations (
    care_location_uid  TEXT PRIMARY KEY,
    org_uid            TEXT NOT NULL,
    name               TEXT NOT NULL,
    building           TEXT,
    floor              TEXT,
    department         TEXT,
    room               TEXT NOT NULL,
    bed                TEXT,
    place_key          TEXT NOT NULL,
    room_key           TEXT NOT NULL,
    shop_uid           TEXT NOT NULL,
    device_serial      TEXT NOT NULL,
    device_type        TEXT NOT NULL,
    patient_uid        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX care_locations_place ON care_locations (org_uid, place_key);
CREATE UNIQUE INDEX care_locations_device ON care_locations (org_uid, device_serial);
CREATE UNIQUE INDEX care_locations_patient ON care_locations (org_uid, patient_uid)
    WHERE patient_uid IS NOT NULL;
CREATE INDEX care_locations_room ON care_locations (org_uid, room_key);

-- At most one open request per care location (the partial unique index):
-- two presses of a call button at once make one request.
CREATE TABLE assistance_requests (
    request_uid        TEXT PRIMARY KEY,
    org_uid            TEXT NOT NULL,
    care_location_uid  TEXT NOT NULL,
    shop_uid           TEXT NOT NULL,
    queue_uid          TEXT,
    device_serial      TEXT NOT NULL,
    patient_uid        TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    finished_at        TEXT,
    open               INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX assistance_requests_open
    ON assistance_requests (org_uid, care_location_uid) WHERE open = 1;
