-- Audit rows that a shop writes in its own storage reach D1 through its
-- outbox; `source_id` is the row's id there, so a replayed delivery is
-- stored once.
ALTER TABLE audit_log ADD COLUMN source_id TEXT;
CREATE UNIQUE INDEX audit_log_by_source ON audit_log (source_id) WHERE source_id IS NOT NULL;
