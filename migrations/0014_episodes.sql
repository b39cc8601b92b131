-- Episodes of care (seed 002): a patient's appointments grouped under one
-- objective. Not on the hot path, so D1 alone keeps them.
CREATE TABLE episodes (
    episode_uid        TEXT PRIMARY KEY,
    org_uid            TEXT NOT NULL,
    patient_uid        TEXT NOT NULL,
    name               TEXT NOT NULL,
    type               TEXT NOT NULL,
    from_date          TEXT NOT NULL,
    to_date            TEXT,
    status             TEXT NOT NULL,
    objective          TEXT,
    reason_incomplete  TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX episodes_by_patient ON episodes (org_uid, patient_uid, episode_uid);

-- Which episode an appointment belongs to. Kept beside the calendar rather
-- than in it: the shop's object books and moves appointments without
-- needing to know, and an assignment never waits on the read model.
CREATE TABLE appointment_episodes (
    appointment_uid  TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL,
    episode_uid      TEXT NOT NULL,
    assigned_at      TEXT NOT NULL
);
CREATE INDEX appointment_episodes_by_episode ON appointment_episodes (org_uid, episode_uid, appointment_uid);
