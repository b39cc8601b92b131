-- Seed 002's MS Teams provider link: the one online meeting each
-- appointment has, made through Microsoft Graph's createOrGet (keyed by
-- the appointment uid, so Graph too keeps one).
CREATE TABLE teams_meetings (
    org_uid          TEXT NOT NULL,
    appointment_uid  TEXT NOT NULL,
    join_url         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (org_uid, appointment_uid)
) WITHOUT ROWID;
