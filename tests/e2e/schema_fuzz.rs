//! The schema-conformance fuzzer: schemathesis (pinned in
//! tests/schemathesis/requirements.txt, installed by scripts/bootstrap.sh)
//! generates requests from the served `/v1/openapi.json`, valid and
//! invalid, and checks every answer against the document: no 5xx, only
//! documented statuses, content types and bodies, valid requests never
//! refused with 400 and invalid ones never accepted.
//!
//! It runs on its own server, so its thousands of requests neither wait
//! behind nor slow down the shared server's timing-sensitive trials, and
//! with the per-key and per-holder rate limits raised: one key and one
//! booking-token holder send every request. tests/schemathesis/hooks.py
//! makes the organisation, authenticates each operation and keeps webhook
//! URLs on loopback.

use std::process::Command;
use std::time::Instant;

use frontdesk_tests::server::{repo_root, Server, OPERATOR_TOKEN};
use libtest_mimic::Failed;

/// Cases per operation and phase. With three phases and 69 operations this
/// keeps the run near three minutes on a 2-core machine.
const MAX_EXAMPLES: &str = "10";
/// A fixed seed makes `make test` repeatable; `FUZZ_SEED` explores others.
const DEFAULT_SEED: &str = "20261201";

/// MAX_SLOT_SEARCH_SLOTS on the fuzz server: its ceiling.
const SLOT_SEARCH_WORK: &str = "1000000";

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_schema_conformance,negative_data_rejection,positive_data_acceptance";

pub fn schema_fuzz() -> Result<(), Failed> {
    let root = repo_root();
    let schemathesis = root.join(".venv-schemathesis/bin/schemathesis");
    if !schemathesis.exists() {
        return Err("schemathesis is not installed: run scripts/bootstrap.sh".into());
    }
    let state = tempfile::tempdir().unwrap();
    let limits = [
        ("RATE_LIMIT_AUTH_FAILURES", 1_000_000),
        ("RATE_LIMIT_API_KEY", 1_000_000),
        ("RATE_LIMIT_BOOKING_SUBJECT", 1_000_000),
        ("RATE_LIMIT_PARTNER", 1_000_000),
        ("RATE_LIMIT_SIGN_IN", 1_000_000),
    ];
    // The slot search's work limit counts the shop's doctors, which the
    // fuzzer adds to; at its ceiling no search of a shop's most doctors
    // reaches it, and hooks.py drops searches past it.
    let slot_work = ("MAX_SLOT_SEARCH_SLOTS", SLOT_SEARCH_WORK);
    let server = Server::start_with_limits(state.path(), &[slot_work], &limits);
    let seed = std::env::var("FUZZ_SEED").unwrap_or_else(|_| DEFAULT_SEED.to_owned());
    let examples = std::env::var("FUZZ_MAX_EXAMPLES").unwrap_or_else(|_| MAX_EXAMPLES.to_owned());
    let report = state.path().join("schemathesis");
    let started = Instant::now();
    let out = Command::new(&schemathesis)
        .arg("--config-file")
        .arg(root.join("tests/schemathesis/schemathesis.toml"))
        .arg("run")
        // The document as served, wherever it is kept in the repository.
        .arg(format!("{}/v1/openapi.json", server.base))
        .args(["--url", &server.base])
        .args(["--checks", CHECKS])
        // The vendor-compatible surfaces are documented in the same file
        // but fuzzed by none of this: their own trials (tests/e2e/vendor.rs)
        // send the seeds' bodies and every refusal they name.
        .args(["--exclude-path-regex", "^/(qapi|dr|integrations)/"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", &examples])
        .args(["--seed", &seed])
        .args(["--workers", "2"])
        // A visit link answers 302/303 into a video room or the wait page:
        // the answer to check is the redirect itself.
        .args(["--max-redirects", "0"])
        .args(["--request-timeout", "30"])
        .args(["--suppress-health-check", "all"])
        .args(["--no-color", "--output-truncate", "true"])
        .arg("--report-dir")
        .arg(&report)
        .args(["--report", "junit"])
        .env(
            "SCHEMATHESIS_HOOKS",
            root.join("tests/schemathesis/hooks.py"),
        )
        .env("FUZZ_BASE_URL", &server.base)
        .env("FUZZ_SLOT_SEARCH_WORK", SLOT_SEARCH_WORK)
        .env("FUZZ_OPERATOR_TOKEN", OPERATOR_TOKEN)
        .current_dir(state.path())
        .output()
        .expect("run schemathesis");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "schema fuzzer: seed {seed}, {examples} examples per operation, {:.0} s",
        started.elapsed().as_secs_f64()
    );
    if !out.status.success() {
        return Err(format!(
            "schemathesis found mismatches between openapi.json and the server \
             (rerun with FUZZ_SEED={seed}):\n{stdout}\n{stderr}"
        )
        .into());
    }
    // A run that tested nothing, or only some operations, also exits 0.
    let count = |label: &str| {
        stdout
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            // "Selected: 114/162" (selected of all), "Tested: 114".
            .and_then(|rest| rest.split('/').next())
            .and_then(|n| n.trim().parse::<usize>().ok())
    };
    let (tested, total) = (count("Tested:"), count("Selected:"));
    if tested.is_none() || tested != total {
        return Err(
            format!("schemathesis tested {tested:?} of {total:?} operations:\n{stdout}").into(),
        );
    }
    drop(server);
    Ok(())
}
