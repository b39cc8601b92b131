-- The organisation directory. Timestamps are RFC 3339 UTC text.
CREATE TABLE organizations (
    org_uid     TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Only a SHA-256 of each key's secret is stored; the key itself is shown once.
CREATE TABLE api_keys (
    key_id       TEXT PRIMARY KEY,
    org_uid      TEXT NOT NULL REFERENCES organizations (org_uid),
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX api_keys_by_org ON api_keys (org_uid, key_id);

CREATE TABLE shops (
    shop_uid    TEXT PRIMARY KEY,
    org_uid     TEXT NOT NULL REFERENCES organizations (org_uid),
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX shops_by_org ON shops (org_uid, shop_uid);

CREATE TABLE doctors (
    doctor_uid     TEXT PRIMARY KEY,
    org_uid        TEXT NOT NULL REFERENCES organizations (org_uid),
    shop_uid       TEXT NOT NULL REFERENCES shops (shop_uid),
    name           TEXT NOT NULL,
    video_room_id  TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL
);
CREATE INDEX doctors_by_org ON doctors (org_uid, doctor_uid);
CREATE INDEX doctors_by_shop ON doctors (org_uid, shop_uid, doctor_uid);
