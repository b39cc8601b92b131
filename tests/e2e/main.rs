//! End-to-end tests against a real `wrangler dev`. One server is shared by
//! the trials (each creates its own organisation, so they cannot see each
//! other); the restart trial runs its own server on its own state directory.

mod booking;
mod booking_page;
mod calendar;
mod fast_path;
mod hardening;
mod my_turn;
mod notifications;
mod patients;
mod records;
mod schema_fuzz;
mod shop_storage;
mod staff;
mod vendor;
mod vendor_care;
mod waiting_room;

use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use frontdesk_tests::server::Server;
use libtest_mimic::{Arguments, Failed, Trial};

/// The shared server's state directory, for tests that inspect what is
/// stored at rest.
pub(crate) static STATE_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Runs an async scenario on a server of its own, given its base URL and
/// state directory. For scenarios that write the local D1 file from
/// outside (as a corrupt row would get there): SQLite's lock would make a
/// concurrent D1 query of another trial fail as busy on a shared server.
pub(crate) fn trial_on_own_server<F, Fut>(name: &str, f: F) -> Trial
where
    F: FnOnce(String, PathBuf) -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
    Trial::test(name, move || {
        let state = tempfile::tempdir().map_err(|e| Failed::from(e.to_string()))?;
        let mut server = frontdesk_tests::server::Server::start(state.path(), &[]);
        block_on(f(server.base.clone(), state.path().to_owned()));
        server.stop();
        Ok::<(), Failed>(())
    })
}

/// Runs an async scenario on its own runtime, as one trial.
pub(crate) fn trial<F, Fut>(name: &str, base: &Arc<String>, f: F) -> Trial
where
    F: FnOnce(String) -> Fut + Send + 'static,
    Fut: Future<Output = ()>,
{
    let base = base.to_string();
    Trial::test(name, move || {
        block_on(f(base));
        Ok::<(), Failed>(())
    })
}

/// The local D1 database file of the server whose state is in `state`.
pub(crate) fn d1_file_in(state: &std::path::Path) -> PathBuf {
    let dir = state.join("v3/d1");
    let mut found = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "sqlite")
                && !path.ends_with("metadata.sqlite")
            {
                found.push(path);
            }
        }
    }
    assert_eq!(found.len(), 1, "one local D1 database: {found:?}");
    found.remove(0)
}

/// Runs SQL on a SQLite file beside a server (as an operator's mistake or
/// a corrupt row would get there) and returns the last statement's rows,
/// each a JSON array. Python's sqlite3 is on every machine the tests run on.
pub(crate) fn sqlite_rows(db: &std::path::Path, sql: &str) -> Vec<serde_json::Value> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys,json\n\
             c=sqlite3.connect(sys.argv[1],timeout=10)\n\
             *head,last=[s for s in sys.argv[2].split(';') if s.strip()]\n\
             [c.execute(s) for s in head]\n\
             rows=c.execute(last).fetchall()\n\
             c.commit()\n\
             print(json.dumps(rows))",
        ])
        .arg(db)
        .arg(sql)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "sqlite: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Runs one changing statement and returns the rows it changed.
pub(crate) fn sqlite(db: &std::path::Path, sql: &str) -> usize {
    let rows = sqlite_rows(db, &format!("{sql}; SELECT changes()"));
    rows.first()
        .and_then(|r| r[0].as_u64())
        .map_or(0, |n| n as usize)
}

/// Runs an async scenario to its end on a runtime of its own.
pub(crate) fn block_on<Fut: Future<Output = ()>>(f: Fut) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f);
}

fn main() {
    let args = Arguments::from_args();
    let state = tempfile::tempdir().expect("temp state dir");
    let server = Server::start(state.path(), &[]);
    STATE_DIR.set(state.path().to_path_buf()).unwrap();
    let base = Arc::new(server.base.clone());

    let mut trials = waiting_room::trials(&base);
    trials.extend(calendar::trials(&base));
    trials.extend(booking::trials(&base));
    trials.extend(patients::trials(&base));
    trials.extend(records::trials(&base));
    trials.extend(notifications::trials(&base));
    trials.extend(hardening::trials(&base));
    trials.extend(vendor::trials(&base));
    trials.extend(vendor_care::trials(&base));
    trials.extend(staff::trials(&base));
    trials.extend(my_turn::trials(&base));
    trials.extend(fast_path::trials());
    trials.push(Trial::test(
        "ten_thousand_patients_phone_search_uses_the_index",
        patients::ten_thousand_patients,
    ));
    trials.push(Trial::test(
        "restart_keeps_the_queue_and_pending_webhooks",
        waiting_room::restart_keeps_the_queue,
    ));
    trials.push(Trial::test(
        "shop_storage_upgrades_an_object_from_before_versioning",
        shop_storage::upgrades_an_object_from_before_versioning,
    ));
    trials.push(Trial::test(
        "shop_storage_refuses_requests_while_a_migration_fails",
        shop_storage::refuses_requests_while_a_migration_fails,
    ));
    trials.push(Trial::test(
        "ten_thousand_visits_stream_as_csv",
        records::ten_thousand_visits_csv,
    ));
    trials.push(Trial::test(
        "schema_fuzz_finds_no_mismatch_with_openapi",
        schema_fuzz::schema_fuzz,
    ));
    // On a server of its own, like the trials above: started with the
    // suite's last trials rather than its first, when the shared server's
    // start-up is long past.
    trials.push(Trial::test(
        "staff_sign_in_link_expires",
        staff::expired_link,
    ));
    trials.push(Trial::test(
        "attachment_links_and_encounter_reports_expire",
        records::download_link_expires,
    ));
    trials.push(Trial::test(
        "jitsi_tokens_on_visit_redirects",
        waiting_room::jitsi_tokens_on_visit_redirects,
    ));
    trials.push(Trial::test("browser_booking_page_journeys", {
        let base = base.to_string();
        move || booking_page::browser_booking_page(&base)
    }));
    trials.push(Trial::test("browser_wait_page_updates_live", {
        let base = base.to_string();
        move || waiting_room::browser_wait_page(&base)
    }));

    let conclusion = libtest_mimic::run(&args, trials);
    if conclusion.has_failed() {
        // What the shared server saw, minus the request lines.
        let log = server.log();
        let notable: Vec<&str> = log
            .lines()
            .filter(|l| {
                let request = ["GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "OPTIONS "]
                    .iter()
                    .any(|m| l.starts_with(&format!("[wrangler:info] {m}")));
                !request || l.contains(" 503 ")
            })
            .filter(|l| !l.starts_with("shop storage migrated"))
            .collect();
        let tail = &notable[notable.len().saturating_sub(120)..];
        eprintln!(
            "shared wrangler dev log (request lines left out):\n{}",
            tail.join("\n")
        );
    }
    drop(server);
    conclusion.exit();
}
