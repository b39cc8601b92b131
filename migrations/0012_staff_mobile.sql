-- A staff user's mobile number (E.164) for SMS: the `admin` recipient of
-- reminders reaches the active admins who have one (issue 13, item 4).
ALTER TABLE staff ADD COLUMN mobile_phone TEXT;
