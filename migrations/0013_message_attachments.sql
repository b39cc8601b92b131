-- Files sent with an email (issue 16: the booking's .ics), as a JSON array
-- of {filename, content_type, content_base64}; NULL: none.
ALTER TABLE sent_messages ADD COLUMN attachments TEXT;
