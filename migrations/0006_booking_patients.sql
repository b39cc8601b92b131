-- Booking-token holders linked to an existing patient record at their first
-- booking (their profile claims matched exactly one record's phone and
-- email). `token_patient_uid` is the uid derived from the organisation and
-- the token's `sub`, so the partner's customer id itself is not stored.
CREATE TABLE booking_patient_links (
    org_uid            TEXT NOT NULL,
    token_patient_uid  TEXT NOT NULL,
    patient_uid        TEXT NOT NULL,
    key_id             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    PRIMARY KEY (org_uid, token_patient_uid)
) WITHOUT ROWID;
