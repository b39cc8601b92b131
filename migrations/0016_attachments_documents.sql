-- Visit attachments (seed 002): the bytes are in R2 (binding ATTACHMENTS,
-- key `{org_uid}/{appointment_uid}/{attachment_uid}`); what the API lists
-- is here. Deleting is soft, as seed 002's `deleted` flag says: the row
-- stays listed and the bytes are no longer served.
CREATE TABLE attachments (
    attachment_uid   TEXT PRIMARY KEY,
    org_uid          TEXT NOT NULL,
    appointment_uid  TEXT NOT NULL,
    title            TEXT NOT NULL,
    mime_type        TEXT NOT NULL,
    size             INTEGER NOT NULL,
    uploaded_at      TEXT NOT NULL,
    deleted          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attachments_by_appointment ON attachments (org_uid, appointment_uid, uploaded_at);

-- Patient documents (seed 002): a named, dated set of answers.
CREATE TABLE patient_documents (
    document_uid  TEXT PRIMARY KEY,
    org_uid       TEXT NOT NULL,
    patient_uid   TEXT NOT NULL,
    name          TEXT NOT NULL,
    date_time     TEXT NOT NULL,
    responses     TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX patient_documents_by_patient ON patient_documents (org_uid, patient_uid, created_at);
