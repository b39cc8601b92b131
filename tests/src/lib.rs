//! # frontdesk-tests
//!
//! End-to-end tests and the benchmark: they start a real `wrangler dev` on a
//! free port with a fresh state directory and drive the public API over HTTP
//! (reqwest) and WebSocket (tokio-tungstenite), as a client would.
//!
//! ## Layout
//! - [`server`]: starting, stopping and restarting `wrangler dev`.
//! - [`client`]: a small API client: organisations, shops, doctors, the
//!   waiting room and watch sockets.
//! - [`receiver`]: a scripted webhook receiver on loopback.
//! - [`seed`]: rows written straight into the local D1 database.
//! - [`browser`]: runs a browser test (tests/browser/*.mjs) against a server.
//! - `e2e/`: the test binary (libtest-mimic), one trial per scenario.

pub mod browser;
pub mod client;
pub mod receiver;
pub mod seed;
pub mod server;

/// Checks on the worker's source that its own build cannot make: it only
/// compiles for wasm32, where no test runs.
#[cfg(test)]
mod worker_source {
    use std::path::Path;

    /// Where the worker may read the clock: `fetch`, once per request
    /// (handlers take `cx.now`), and code the Durable Objects and the cron
    /// trigger run outside any request.
    #[test]
    fn requests_read_the_clock_once() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/src");
        let allowed = [("lib.rs", 1)];
        let outside_requests = ["ambient.rs", "cron.rs", "notifier.rs", "report_job.rs"];
        // The Shop object reads the clock once per request, alarm and
        // socket message, at the top of each, and passes `now` down.
        let shop = src.join("shop");
        for entry in std::fs::read_dir(&shop).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let reads = std::fs::read_to_string(&path)
                .unwrap()
                .matches("now()")
                .count();
            let limit = if name == "mod.rs" { 3 } else { 0 };
            assert_eq!(
                reads, limit,
                "worker/src/shop/{name} reads the clock {reads} times"
            );
        }
        let mut checked = 0;
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".rs") || outside_requests.contains(&name.as_str()) {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let reads = source.matches("now()").count();
            let limit = allowed
                .iter()
                .find(|(file, _)| *file == name)
                .map_or(0, |(_, n)| *n);
            assert_eq!(
                reads, limit,
                "worker/src/{name} reads the clock {reads} times"
            );
            checked += 1;
        }
        assert!(checked > 10, "the worker's sources were found");
    }

    /// Settings and secrets are read in one place, `worker/src/config.rs`,
    /// once per isolate, and checked there.
    #[test]
    fn only_the_settings_read_the_environment() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // The vendor Worker runs on the same settings.
        let mut stack = vec![root.join("../worker/src"), root.join("../vendor/src")];
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("config.rs") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                for needle in [".var(", ".secret("] {
                    assert!(
                        !source.contains(needle),
                        "{} reads the environment ({needle}); read it in config.rs",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 10, "the worker's sources were found");
    }

    /// Every D1 statement lives in a repository (`worker/src/repo/`):
    /// nothing else prepares a statement, runs a batch or holds the
    /// binding. The Shop object's own SQLite storage (`sql.exec` in
    /// `worker/src/shop/`) is not D1 and is not matched.
    #[test]
    fn only_the_repositories_reach_d1() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/src");
        let repo = src.join("repo");
        let needles = [
            ".prepare(",
            "stmt(",
            "batch(",
            ".d1(",
            "D1Database",
            "D1PreparedStatement",
            "D1Result",
        ];
        // The vendor Worker reaches D1 only through these repositories too.
        let vendor = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vendor/src");
        let mut stack = vec![src.clone(), vendor];
        let (mut outside, mut inside) = (0, 0);
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                if path.starts_with(&repo) {
                    inside += needles.iter().filter(|n| source.contains(*n)).count();
                    continue;
                }
                for needle in needles {
                    assert!(
                        !source.contains(needle),
                        "{} reaches D1 directly ({needle}); add the statement to a repository in worker/src/repo/",
                        path.display()
                    );
                }
                outside += 1;
            }
        }
        assert!(outside > 10, "the worker's sources were found");
        // The needles still name how the repositories reach D1, so a
        // renamed binding cannot make this test pass vacuously.
        assert!(
            inside >= 3,
            "the repositories reach D1 through {inside} of the needles"
        );
    }

    /// The worker's layers (ARCHITECTURE.md, "Layers"): the router calls
    /// handlers, handlers call services, services call the stores, and
    /// objects answer. Each names only layers below it: no handler names
    /// another handler, no service names a handler, and no Durable Object
    /// names a handler or a service.
    #[test]
    fn layers_point_down() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/src");
        let handlers = [
            "booking",
            "booking_secrets",
            "calendar",
            "management",
            "patients",
            "visit",
            "waiting_room",
            "webhooks",
        ];
        // What each kind of module may not name.
        let handler_rule = |own: &str, named: &str| handlers.contains(&named) && named != own;
        let service_rule = |named: &str| handlers.contains(&named);
        let object_rule = |named: &str| handlers.contains(&named) || named == "service";
        let below_rule =
            |named: &str| handlers.contains(&named) || named == "service" || named == "shop";
        // Modules under every layer: they serve all and call none above.
        // (`publish` stores events and wakes notifiers: the shops and the
        // patient service both publish.)
        let below = [
            "ambient", "config", "context", "edge", "error", "paging", "publish", "repo",
        ];
        let mut checked = 0;
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let relative = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let module = relative.split(['/', '.']).next().unwrap().to_owned();
                let source = std::fs::read_to_string(&path).unwrap();
                for named in named_modules(&source) {
                    let up = if handlers.contains(&module.as_str()) {
                        handler_rule(&module, &named)
                    } else if module == "service" {
                        service_rule(&named)
                    } else if module == "shop" || module == "notifier" {
                        object_rule(&named)
                    } else if below.contains(&module.as_str()) {
                        below_rule(&named)
                    } else {
                        false
                    };
                    assert!(
                        !up,
                        "worker/src/{relative} names crate::{named}, which is not below it"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "the worker's sources were found");
    }

    /// The first segment of every `crate::` path in `source`.
    fn named_modules(source: &str) -> Vec<String> {
        source
            .match_indices("crate::")
            .map(|(i, _)| {
                source[i + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .filter(|m| !m.is_empty())
            .collect()
    }

    #[test]
    fn named_modules_reads_use_and_paths() {
        let source = "use crate::service::{a, b};\nlet x = crate::shop::Client::new();";
        assert_eq!(named_modules(source), ["service", "shop"]);
    }
}
