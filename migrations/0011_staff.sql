-- Staff users who sign in to the portals (issue 13): admins, and doctors
-- bound to their doctor. One account per email address per organisation;
-- the Directory object keeps each user's copy for the hot path (sessions).
CREATE TABLE staff (
    staff_uid  TEXT PRIMARY KEY,
    org_uid    TEXT NOT NULL REFERENCES organizations (org_uid),
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('admin', 'doctor')),
    doctor_uid TEXT,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_uid, email)
);
-- A sign-in request looks an address up across organisations.
CREATE INDEX staff_by_email ON staff (email);

-- A message's subject line (sign-in links); NULL: an appointment reminder.
ALTER TABLE sent_messages ADD COLUMN subject TEXT;
