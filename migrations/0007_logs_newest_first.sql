-- The delivery log and the messages list are read newest first, in the
-- order rows were written (rowid): these indexes hold that order per
-- subscription and per organisation.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id);
CREATE INDEX sent_messages_log ON sent_messages (org_uid);
