//! The Shop object's versioned storage: objects from before versioning are
//! brought up to date once, with their data; a migration that fails
//! refuses every request instead of serving on a half-made schema.
//!
//! Each trial runs its own server on its own state directory, stops it to
//! change the object's SQLite file as an older release (or a damaged disk)
//! would have left it, and starts it again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use frontdesk_tests::client::{Api, Clinic, Org};
use frontdesk_tests::server::Server;
use libtest_mimic::Failed;
use serde_json::json;

/// The migrations this code has, as the ledger records them.
const LATEST: &[(u64, &str)] = &[
    (1, "initial schema"),
    (2, "reminder index backfill"),
    (3, "turn contacts and languages"),
    (4, "visit stages and intake"),
    (5, "seed 002 appointment fields"),
];

/// The one Shop object's SQLite file in a server's state directory.
fn shop_file(state: &Path) -> PathBuf {
    // `v3/do/{worker name}-Shop`: each test server has its own name.
    let dir = std::fs::read_dir(state.join("v3/do"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("-Shop"))
        .expect("a Shop namespace in the state directory");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite") && !p.ends_with("metadata.sqlite"))
        .collect();
    assert_eq!(found.len(), 1, "one shop object: {found:?}");
    found[0].clone()
}

/// The ledger of applied migrations: (version, name, applied_at).
fn ledger(db: &Path) -> Vec<(u64, String, i64)> {
    crate::sqlite_rows(
        db,
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version",
    )
    .into_iter()
    .map(|r| {
        (
            r[0].as_u64().unwrap(),
            r[1].as_str().unwrap().to_owned(),
            r[2].as_i64().unwrap(),
        )
    })
    .collect()
}

fn versions(ledger: &[(u64, String, i64)]) -> Vec<(u64, &str)> {
    ledger.iter().map(|(v, n, _)| (*v, n.as_str())).collect()
}

fn rebased(org: &Org, server: &Server) -> Org {
    Org {
        api: Api::new(&server.base),
        ..org.clone()
    }
}

/// Whether the server's log satisfies `seen` within a few seconds (its
/// output reaches the file a moment after the response).
fn logged(server: &Server, seen: impl Fn(&str) -> bool) -> bool {
    for _ in 0..50 {
        if seen(&server.log()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

async fn fire_cron(base: &str) {
    let resp = reqwest::get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
        .await
        .unwrap();
    assert!(resp.status().is_success());
}

/// A shop made before its storage was versioned, and before the reminder
/// index (its tables, no ledger, the index empty) keeps its queue
/// and appointments after an upgrade, is migrated once (the backfill
/// refills the index, so a due reminder goes out), and is not migrated
/// again on later starts.
pub fn upgrades_an_object_from_before_versioning() -> Result<(), Failed> {
    let state = tempfile::tempdir().unwrap();
    let mut server = Server::start(state.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (org, shop, queued, booked) = rt.block_on(async {
        let clinic = Clinic::new(&server.base, "Before versioning", 1, "Europe/Berlin").await;
        // Due a week before, for an appointment in two days: due at once,
        // and sent only when the cron runs.
        let type_uid = clinic
            .create_type(json!({
                "name": "Reminded", "duration_minutes": 30,
                "reminders": [{ "recipient": "patient", "minutes_before": 10080, "send_email": true }],
            }))
            .await;
        let booked = clinic
            .book(0, &type_uid, &clinic.at(2, 10, 0), "pp-upgrade", "confirmed")
            .await;
        let queued = clinic.org.register(&clinic.shop, "pp-waiting").await;
        (clinic.org, clinic.shop, queued, booked)
    });
    server.stop();
    let db = shop_file(state.path());
    // A new object starts at the latest version.
    assert_eq!(versions(&ledger(&db)), LATEST);

    // Back to how an object from before versioning looks.
    crate::sqlite_rows(
        &db,
        "DROP TABLE schema_migrations;
         DELETE FROM appointment_next_reminder;
         UPDATE entries SET stage = NULL, call_status = NULL, stage_at = NULL;
         SELECT 1",
    );
    server.resume();
    rt.block_on(async {
        let org = rebased(&org, &server);
        // Its data is all there; the waiting entry waits for a doctor (no
        // shop had intake before stages).
        let status = org.status(queued["queue_uid"].as_str().unwrap()).await;
        assert_eq!(status["position"], 1);
        assert_eq!(status["status"], "waiting");
        assert_eq!(status["stage"], "in progress.exam.ready");
        assert_eq!(status["call_status"], "waiting");
        assert_eq!(status["waiting_for"], "exam");
        let apt = booked["appointment_uid"].as_str().unwrap();
        let read = org
            .get(&format!("/v1/management/appointments/{apt}"))
            .await
            .expect(200);
        assert_eq!(read["status"], "confirmed");
        assert_eq!(read["patient_profile_uid"], "pp-upgrade");
        // The backfill refilled the reminder index: the cron's run finds
        // the due reminder there (once the shop's outbox has delivered it,
        // a moment after the wake, so the cron may need a second run), and
        // publishes it once.
        let mut messages = Vec::new();
        for attempt in 0..100 {
            if attempt % 10 == 0 {
                fire_cron(&server.base).await;
            }
            let listed = org.get("/v1/management/messages").await.expect(200);
            messages = listed["data"].as_array().cloned().unwrap_or_default();
            if !messages.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(messages.len(), 1, "the reminder went out: {messages:?}");
        // And the shop takes new work.
        let next = org.register(&shop, "pp-after").await;
        assert_eq!(
            org.status(next["queue_uid"].as_str().unwrap()).await["position"],
            2
        );
    });
    server.stop();
    let migrated = ledger(&db);
    assert_eq!(versions(&migrated), LATEST);

    // Applied once: a later start finds the object up to date and records
    // nothing new.
    server.resume();
    rt.block_on(async {
        let org = rebased(&org, &server);
        assert_eq!(
            org.status(queued["queue_uid"].as_str().unwrap()).await["position"],
            1
        );
    });
    server.stop();
    assert_eq!(ledger(&db), migrated, "nothing was applied again");
    Ok(())
}

/// A migration that cannot be applied leaves nothing half-made and every
/// request refused with 500 `storage_migration_failed`, and the log says
/// why; once the storage is repaired the shop serves again with its data.
/// A store migrated by newer code than this is refused the same way.
pub fn refuses_requests_while_a_migration_fails() -> Result<(), Failed> {
    let state = tempfile::tempdir().unwrap();
    let mut server = Server::start(state.path(), &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (org, shop, queued) = rt.block_on(async {
        let org = Api::new(&server.base).create_org("Failing migration").await;
        let shop = org.create_shop("Main Street Clinic").await;
        let queued = org.register(&shop, "pp-1").await;
        (org, shop, queued)
    });
    let queue_uid = queued["queue_uid"].as_str().unwrap().to_owned();
    server.stop();
    let db = shop_file(state.path());

    // An object from before versioning whose schema migration 1 cannot
    // complete: a table stands where one of its indexes belongs.
    crate::sqlite_rows(
        &db,
        "DROP TABLE schema_migrations;
         DROP INDEX entries_by_status;
         CREATE TABLE entries_by_status (x INTEGER);
         SELECT 1",
    );
    server.resume();
    rt.block_on(async {
        let org = rebased(&org, &server);
        let refused = org
            .get(&format!("/v1/management/waiting-room/{queue_uid}/status"))
            .await
            .expect_error(500, "storage_migration_failed");
        // The cause is for the operator's log, not the caller.
        assert!(!refused["message"]
            .as_str()
            .unwrap()
            .contains("entries_by_status"));
        // Writes are refused too, before they touch anything.
        org.post(
            "/v1/management/waiting-room/register",
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": "pp-2" }),
        )
        .await
        .expect_error(500, "storage_migration_failed");
        // So is a watcher, before the object reads anything (the wait
        // page's plain-HTTP check of its link shows the same error).
        let watch = queued["watch_url"].as_str().unwrap();
        let watch = format!("{}{}", server.base, &watch[watch.find("/v1/").unwrap()..]);
        Api::reply(org.api.http.get(watch))
            .await
            .expect_error(500, "storage_migration_failed");
    });
    assert!(
        logged(&server, |log| {
            log.contains("shop storage migration failed: migration 1 (initial schema)")
                && log.contains("entries_by_status")
        }),
        "the log names the migration and the cause"
    );
    server.stop();
    // Nothing of the attempt was kept: no ledger, no new entry.
    assert!(
        crate::sqlite_rows(
            &db,
            "SELECT name FROM sqlite_master WHERE name = 'schema_migrations'"
        )
        .is_empty(),
        "the failed attempt left no ledger"
    );
    assert_eq!(
        crate::sqlite_rows(&db, "SELECT COUNT(*) FROM entries"),
        vec![json!([1])]
    );

    // Repaired, it migrates and serves. (It also carries the flag of the
    // one-off reminder backfill that migration 2 replaced, as shops that
    // ran that backfill do: migration 2 drops it.)
    crate::sqlite_rows(
        &db,
        "DROP TABLE entries_by_status;
         INSERT INTO meta (key, value) VALUES ('reminder_index_v1', 'done');
         SELECT 1",
    );
    server.resume();
    rt.block_on(async {
        let org = rebased(&org, &server);
        assert_eq!(org.status(&queue_uid).await["position"], 1);
        let second = org.register(&shop, "pp-2").await;
        assert_eq!(
            org.status(second["queue_uid"].as_str().unwrap()).await["position"],
            2
        );
    });
    server.stop();
    assert_eq!(versions(&ledger(&db)), LATEST);
    assert!(
        crate::sqlite_rows(&db, "SELECT key FROM meta WHERE key = 'reminder_index_v1'").is_empty(),
        "the old one-off flag is gone"
    );

    // Storage from a newer release (a rolled-back deploy) is not served by
    // code that does not know its schema.
    crate::sqlite_rows(
        &db,
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', 0);
         SELECT 1",
    );
    server.resume();
    rt.block_on(async {
        let org = rebased(&org, &server);
        org.get(&format!("/v1/management/waiting-room/{queue_uid}/status"))
            .await
            .expect_error(500, "storage_migration_failed");
    });
    assert!(
        logged(&server, |log| log.contains(&format!(
            "the store is at version 99, newer than the latest migration this code knows ({})",
            LATEST.len()
        ))),
        "the log says the storage is newer than the code"
    );
    Ok(())
}
