-- Visit notes (seed 002): the organisation's templates, and each visit's
-- answers (replaced whole, guarded by `version`) and comments.
CREATE TABLE note_templates (
    template_uid  TEXT PRIMARY KEY,
    org_uid       TEXT NOT NULL,
    name          TEXT NOT NULL,
    flow          TEXT NOT NULL,
    -- Space-separated shop uids; '' for every shop.
    shop_uids     TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX note_templates_by_org ON note_templates (org_uid, template_uid);

CREATE TABLE visit_notes (
    appointment_uid  TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL,
    template_uid     TEXT NOT NULL,
    answers          TEXT NOT NULL,
    has_answers      INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE note_comments (
    appointment_uid  TEXT NOT NULL,
    org_uid          TEXT NOT NULL,
    author           TEXT NOT NULL,
    message          TEXT NOT NULL,
    posted_at        TEXT NOT NULL
);
CREATE INDEX note_comments_by_appointment ON note_comments (org_uid, appointment_uid);
