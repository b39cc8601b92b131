//! `make bench`: every figure of issue 12 item 4, measured in one run
//! against a fresh `wrangler dev`, each next to a no-op Durable Object
//! round trip measured in that same run. It prints figures as Markdown
//! (stdout; progress goes to stderr) and asserts nothing about speed; it
//! fails loudly only when the product answers wrongly.
//!
//! Parts (all by default; `BENCH_ONLY=a,c` picks some):
//! - a. throughput and p50/p99 at 1 and 32 clients ([`load`]);
//! - b. watchers of a queue when its first entry cancels ([`watchers`]);
//! - c. concurrent holds of one slot, d. hold expiry lateness ([`holds`]);
//! - e. one cron run over 10,000 upcoming appointments ([`cron`]);
//! - f. the Worker's gzip size ([`size`]);
//! - g. how far the read model trails a change ([`lag`]);
//! - h. attachment upload throughput and the visits CSV over 100,000
//!   appointments ([`records`]).
//!
//! `BENCH_PROFILE=<dir>` (`make profile`) records a CPU profile of each
//! step as it runs ([`profile`]).
//!
//! `BENCH_SECONDS` (default 4) sets how long each row of part a measures;
//! `BENCH_WATCHERS` (default 1000) and `BENCH_WATCHERS_SPREAD` (default
//! 10000, over 10 shops) size part b. `BENCH_KEEP=1` keeps wrangler dev's
//! state directory and log, which a failed run always keeps.

mod cron;
mod holds;
mod lag;
mod load;
mod profile;
mod records;
mod size;
mod stats;
mod watchers;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use frontdesk_tests::client::Api;
use frontdesk_tests::server::{repo_root, Server};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// A progress line on stderr, with the seconds since the run began.
pub fn step(what: &str) {
    let since = STARTED.get_or_init(Instant::now).elapsed();
    eprintln!("[{:>6.1} s] {what}", since.as_secs_f64());
}

pub struct Settings {
    pub parts: Vec<char>,
    /// How long each row of part a measures, after its warm-up.
    pub seconds: Duration,
    pub watchers: usize,
    pub watchers_spread: usize,
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {v:?}")),
        Err(_) => default,
    }
}

impl Settings {
    fn from_env() -> Settings {
        let all = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
        let parts = match std::env::var("BENCH_ONLY") {
            Ok(only) if !only.trim().is_empty() => {
                let parts: Vec<char> = only
                    .split(',')
                    .map(|p| p.trim().to_ascii_lowercase())
                    .map(|p| match p.chars().collect::<Vec<_>>()[..] {
                        [c] if all.contains(&c) => c,
                        _ => panic!("BENCH_ONLY lists parts a to h, like a,c; not {p:?}"),
                    })
                    .collect();
                parts
            }
            _ => all.to_vec(),
        };
        Settings {
            parts,
            seconds: Duration::from_secs(env_number("BENCH_SECONDS", 4).max(1)),
            watchers: env_number("BENCH_WATCHERS", 1000) as usize,
            watchers_spread: env_number("BENCH_WATCHERS_SPREAD", 10_000) as usize,
        }
    }

    fn has(&self, part: char) -> bool {
        self.parts.contains(&part)
    }
}

/// The machine, for the figures' caption.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let wrangler = std::process::Command::new(repo_root().join("node_modules/.bin/wrangler"))
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cores} cores ({cpu}), wrangler {wrangler}")
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let settings = Settings::from_env();
    step("starting wrangler dev");
    // Kept when the run fails: wrangler dev's log is in it.
    let state = tempfile::Builder::new()
        .prefix("frontdesk-bench-")
        .tempdir()
        .unwrap()
        .keep();
    eprintln!(
        "wrangler dev's state and log: {} (removed after a run that succeeds, unless BENCH_KEEP is set)",
        state.display()
    );
    // A benchmark measures throughput, not the abuse limits: every
    // request-rate limit is raised far above what it sends. BENCH routes
    // the no-op object.
    let server = Server::start_with_limits(
        &state,
        &[("BENCH", "true")],
        &[
            ("RATE_LIMIT_AUTH_FAILURES", 1_000_000),
            ("RATE_LIMIT_API_KEY", 1_000_000),
            ("RATE_LIMIT_BOOKING_SUBJECT", 1_000_000),
            ("RATE_LIMIT_PARTNER", 1_000_000),
        ],
    );
    let base = server.base.clone();
    profile::attach(server.inspector).await;
    let api = Api::new(&base);
    let parts: String = settings.parts.iter().collect();
    println!(
        "`make bench` (parts {parts}), {}, on {}; a fresh `wrangler dev` (local mode). \
         \"÷ no-op\": the figure divided by the no-op Durable Object round trip's, \
         measured in this run at the same number of clients; a time with no client \
         count is divided by one no-op round trip at one client (p50).\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        machine()
    );

    // Every part's ratios need the no-op, so it is measured whatever runs.
    let noop = load::noop(&api, &settings).await;
    let round_trip = noop.round_trip();
    if settings.has('a') {
        load::run_all(&base, &api, &settings, &noop).await;
    } else {
        println!(
            "no-op round trip, 1 client: p50 {:.1} ms; {} clients: {:.0} req/s\n",
            stats::ms(round_trip),
            load::CONCURRENT,
            noop.many.per_second()
        );
    }
    if settings.has('b') {
        watchers::run(
            &base,
            round_trip,
            settings.watchers,
            settings.watchers_spread,
        )
        .await;
    }
    if settings.has('c') {
        holds::one_slot(&base, round_trip, 200).await;
    }
    if settings.has('d') {
        holds::expiry(&base, round_trip, 50).await;
    }
    if settings.has('e') {
        cron::run(&server, round_trip).await;
    }
    if settings.has('g') {
        lag::run(&base, round_trip, 50).await;
    }
    if settings.has('h') {
        records::run(&base, round_trip).await;
    }
    if settings.has('f') {
        size::run();
    }
    let lost = frontdesk_tests::client::PROXY_RETRIES.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "Requests `wrangler dev`'s proxy lost (a POST answered 503 \"restarted mid-request\" though nothing \
         restarted, or a GET never answered; workers-sdk#14641) and the bench sent again, safely (an \
         `Idempotency-Key`, a confirm checked after, a cron run): {lost}; the retries' time counts.\n"
    );
    drop(server);
    if std::env::var_os("BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&state);
    }
    step("done");
}
