-- Seed 001's meeting-room configuration, per organisation:
-- 'persistent_per_provider' (each doctor's one room, the default) or
-- 'per_visit' (a fresh, unguessable room for every visit).
ALTER TABLE organizations ADD COLUMN meeting_rooms TEXT NOT NULL DEFAULT 'persistent_per_provider'
    CHECK (meeting_rooms IN ('persistent_per_provider', 'per_visit'));
