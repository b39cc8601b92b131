//! The shop's storage schema, as numbered migrations applied once.
//!
//! Each object records the migrations it has applied in its own
//! `schema_migrations` table. On waking, before it serves anything (a
//! command, a watcher, an alarm, a socket message), it applies the ones
//! it lacks, all in one storage transaction: either the object reaches the
//! version this code expects, or nothing of the attempt is kept and every
//! request is refused with 500 `storage_migration_failed` (and the failure
//! logged) until a later wake succeeds. The object never serves on a
//! half-made schema. A success is remembered in memory for the life of the
//! instance; an evicted object checks its version again when it wakes,
//! which costs one read.
//!
//! Adding a migration: append a step numbered one past the last, never
//! edit or renumber a released one (objects that applied it will not run
//! it again). See ARCHITECTURE.md, "Shop storage migrations".

use chrono::{DateTime, Utc};
use frontdesk_core::migrations::{pending, Version};
use serde::Deserialize;

use super::transaction::all_or_nothing;
use super::{ms, text, Shop};
use crate::error::{ApiError, ApiResult};

/// What one migration does.
enum Step {
    /// Statements run as they are.
    Sql(&'static str),
    /// Code, for a change SQL alone cannot make (a backfill computed by the
    /// shop's own rules). It runs in the same transaction as the rest.
    Run(fn(&Shop, DateTime<Utc>) -> ApiResult<()>),
}

struct Migration {
    version: Version,
    /// For the ledger and the log.
    name: &'static str,
    step: Step,
}

/// Every migration, in order. Append only.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial schema",
        step: Step::Sql(V1_SCHEMA),
    },
    Migration {
        version: 2,
        name: "reminder index backfill",
        step: Step::Run(Shop::index_upcoming_reminders),
    },
    Migration {
        version: 3,
        name: "turn contacts and languages",
        step: Step::Run(Shop::add_turn_columns),
    },
    Migration {
        version: 4,
        name: "visit stages and intake",
        step: Step::Run(Shop::add_stage_columns),
    },
    Migration {
        version: 5,
        name: "seed 002 appointment fields",
        step: Step::Run(Shop::add_appointment_fields),
    },
];

/// Seed 002's fields of an appointment: its reasons (a JSON array), the
/// integrator's external id and the encounter id. A pool appointment is
/// one whose `doctor_uid` is `''` (the column is `NOT NULL`, and SQLite
/// cannot drop that without rebuilding the table); rows read it as no
/// doctor.
const V5_APPOINTMENT_COLUMNS: &[(&str, &str)] = &[
    ("reasons", "TEXT"),
    ("external_id", "TEXT"),
    ("account_number", "TEXT"),
];

/// A waiting patient's contact for "tell me when it's my turn" (a phone in
/// E.164 or an email address, erased when the entry ends), what they were sent, and
/// their language.
const V3_TURN_COLUMNS: &[(&str, &str)] = &[
    ("notify", "TEXT"),
    ("told_next", "INTEGER NOT NULL DEFAULT 0"),
    ("told_ready", "INTEGER NOT NULL DEFAULT 0"),
    ("language", "TEXT"),
];

/// Seed 002's workflow on each entry: the visit's stage and its call's
/// state, when it reached that stage (the queues' order), and who took it
/// in for intake.
const V4_STAGE_COLUMNS: &[(&str, &str)] = &[
    ("stage", "TEXT"),
    ("call_status", "TEXT"),
    ("stage_at", "INTEGER"),
    ("assistant", "TEXT"),
];

/// Entries from before stages get the stage their status maps to: no
/// shop had an intake step, so a waiting entry waits for a doctor since
/// it registered, and an allocated one is in its exam since allocation.
const V4_BACKFILL: &str = "
UPDATE entries SET
    stage = CASE status
        WHEN 'waiting' THEN 'in progress.exam.ready'
        WHEN 'allocated' THEN 'in progress.exam.progress'
        WHEN 'completed' THEN 'completed'
        ELSE 'cancelled' END,
    call_status = CASE status
        WHEN 'waiting' THEN 'waiting'
        WHEN 'allocated' THEN 'on call'
        WHEN 'completed' THEN 'complete'
        ELSE CASE WHEN allocated_at IS NULL THEN 'LWBS' ELSE 'incomplete' END END,
    stage_at = COALESCE(completed_at, cancelled_at, allocated_at, registered_at)
WHERE stage IS NULL;
CREATE INDEX IF NOT EXISTS entries_queued ON entries (stage, stage_at, seq) WHERE status = 'waiting';
";

impl Shop {
    fn add_turn_columns(&self, _now: DateTime<Utc>) -> ApiResult<()> {
        self.add_columns("entries", V3_TURN_COLUMNS)
    }

    fn add_stage_columns(&self, _now: DateTime<Utc>) -> ApiResult<()> {
        self.add_columns("entries", V4_STAGE_COLUMNS)?;
        self.sql.exec(V4_BACKFILL, None)?;
        Ok(())
    }

    fn add_appointment_fields(&self, _now: DateTime<Utc>) -> ApiResult<()> {
        self.add_columns("appointments", V5_APPOINTMENT_COLUMNS)?;
        self.sql.exec(
            "CREATE INDEX IF NOT EXISTS appointments_pool ON appointments (start_at)
             WHERE doctor_uid = '' AND status IN ('held', 'confirmed')",
            None,
        )?;
        Ok(())
    }

    /// Adds each column `table` lacks: SQLite has no `ADD COLUMN IF NOT
    /// EXISTS`, and a store whose ledger was lost may have them already.
    fn add_columns(&self, table: &str, columns: &[(&str, &str)]) -> ApiResult<()> {
        #[derive(Deserialize)]
        struct Column {
            name: String,
        }
        let have: Vec<Column> = self
            .sql
            .exec(
                &format!("SELECT name FROM pragma_table_info('{table}')"),
                None,
            )?
            .to_array()?;
        for (name, definition) in columns {
            if !have.iter().any(|c| c.name == *name) {
                self.sql.exec(
                    &format!("ALTER TABLE {table} ADD COLUMN {name} {definition}"),
                    None,
                )?;
            }
        }
        Ok(())
    }
}

/// The ledger. Made outside the numbered list, since the list's position
/// is read from it.
const LEDGER: &str = "
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  INTEGER NOT NULL
);
";

/// The schema as it stood when versioning began. `IF NOT EXISTS`
/// throughout because objects from before then already have these tables
/// and no ledger: for them, this step records version 1 and changes
/// nothing. Later migrations need no such care.
const V1_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    seq                  INTEGER PRIMARY KEY AUTOINCREMENT,
    queue_uid            TEXT NOT NULL UNIQUE,
    patient_profile_uid  TEXT NOT NULL,
    preferred_doctor_uid TEXT,
    visit_reason         TEXT,
    status               TEXT NOT NULL,
    registered_at        INTEGER NOT NULL,
    doctor_uid           TEXT,
    video_room_id        TEXT,
    allocated_at         INTEGER,
    completed_at         INTEGER,
    cancelled_at         INTEGER
);
CREATE INDEX IF NOT EXISTS entries_by_status ON entries (status, seq);
CREATE INDEX IF NOT EXISTS entries_by_completion ON entries (completed_at) WHERE completed_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS presence (
    doctor_uid  TEXT PRIMARY KEY,
    online      INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key          TEXT PRIMARY KEY,
    fingerprint  TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS availability (
    doctor_uid  TEXT PRIMARY KEY,
    body        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS appointments (
    appointment_uid       TEXT PRIMARY KEY,
    org_uid               TEXT NOT NULL,
    shop_uid              TEXT NOT NULL,
    doctor_uid            TEXT NOT NULL,
    patient_profile_uid   TEXT NOT NULL,
    appointment_type_uid  TEXT NOT NULL,
    payment_mode          TEXT NOT NULL,
    rules                 TEXT NOT NULL,
    status                TEXT NOT NULL,
    start_at              INTEGER NOT NULL,
    end_at                INTEGER NOT NULL,
    hold_expires_at       INTEGER,
    video_room_id         TEXT NOT NULL,
    previous_meeting_uid  TEXT,
    rebooked_to           TEXT,
    cancellation_reason   TEXT,
    checked_in_at         INTEGER,
    queue_uid             TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS appointments_by_doctor ON appointments (doctor_uid, start_at);
CREATE INDEX IF NOT EXISTS appointments_holds ON appointments (hold_expires_at) WHERE status = 'held';
CREATE INDEX IF NOT EXISTS appointments_by_queue_entry ON appointments (queue_uid) WHERE queue_uid IS NOT NULL;
CREATE TABLE IF NOT EXISTS appointment_history (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_uid  TEXT NOT NULL,
    at               INTEGER NOT NULL,
    action           TEXT NOT NULL,
    actor            TEXT NOT NULL,
    detail           TEXT
);
CREATE INDEX IF NOT EXISTS appointment_history_by_uid ON appointment_history (appointment_uid, id);
CREATE TABLE IF NOT EXISTS meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS appointment_reminders_sent (
    appointment_uid  TEXT NOT NULL,
    rule             INTEGER NOT NULL,
    recipient        TEXT NOT NULL,
    sent_at          INTEGER NOT NULL,
    PRIMARY KEY (appointment_uid, rule, recipient)
);
CREATE INDEX IF NOT EXISTS appointments_upcoming ON appointments (status, start_at);
CREATE TABLE IF NOT EXISTS appointment_next_reminder (
    appointment_uid  TEXT PRIMARY KEY,
    due_at           INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS appointment_next_reminder_by_due ON appointment_next_reminder (due_at);
CREATE TABLE IF NOT EXISTS outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
";

impl Shop {
    /// Brings this object's storage to the latest version, once per
    /// instance; an `Err` means it must not be served.
    pub(super) fn ready(&self, now: DateTime<Utc>) -> ApiResult<()> {
        if self.migrated.get() {
            return Ok(());
        }
        self.migrate(now).map_err(|e| match e {
            ApiError::StorageMigrationFailed(_) => e,
            // A refusal of the transaction itself.
            other => ApiError::StorageMigrationFailed(format!("{other:?}")),
        })?;
        self.migrated.set(true);
        Ok(())
    }

    fn migrate(&self, now: DateTime<Utc>) -> ApiResult<()> {
        all_or_nothing(&self.state.storage(), || {
            self.sql.exec(LEDGER, None).map_err(|e| {
                ApiError::StorageMigrationFailed(format!("creating the ledger: {e}"))
            })?;
            let stored = self.schema_version()?;
            let steps = pending(MIGRATIONS, |m| m.version, stored)
                .map_err(|e| ApiError::StorageMigrationFailed(e.to_string()))?;
            for m in steps {
                self.apply(m, now).map_err(|e| {
                    let cause = match e {
                        ApiError::Internal(detail) => detail,
                        other => format!("{other:?}"),
                    };
                    ApiError::StorageMigrationFailed(format!(
                        "migration {} ({}): {cause}",
                        m.version, m.name
                    ))
                })?;
            }
            if !steps.is_empty() {
                worker::console_log!(
                    "shop storage migrated from version {stored} to {}",
                    frontdesk_core::migrations::latest(MIGRATIONS)
                );
            }
            Ok(())
        })
    }

    fn apply(&self, m: &Migration, now: DateTime<Utc>) -> ApiResult<()> {
        match m.step {
            Step::Sql(sql) => {
                self.sql.exec(sql, None)?;
            }
            Step::Run(run) => run(self, now)?,
        }
        self.sql.exec(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            vec![i64::from(m.version).into(), text(m.name), ms(now)],
        )?;
        Ok(())
    }

    /// The last migration this object applied; 0 for none.
    fn schema_version(&self) -> ApiResult<Version> {
        #[derive(Deserialize)]
        struct Latest {
            version: Option<f64>,
        }
        let rows: Vec<Latest> = self
            .sql
            .exec(
                "SELECT MAX(version) AS version FROM schema_migrations",
                None,
            )?
            .to_array()?;
        let version = rows.first().and_then(|r| r.version).unwrap_or(0.0);
        // Written only by `apply`, from a `Version`; anything else was put
        // there by hand, and is no version this code can trust.
        if version.fract() != 0.0 || !(0.0..=f64::from(Version::MAX)).contains(&version) {
            return Err(ApiError::StorageMigrationFailed(
                "the recorded schema version is not a version number".into(),
            ));
        }
        Ok(version as Version)
    }
}
