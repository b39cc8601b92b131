//! A real `wrangler dev`, started on free ports with its own state directory.
//!
//! The Worker is built once by `make test` before the tests run, so each start
//! passes `FRONTDESK_SKIP_BUILD=1` and takes seconds. The process runs in its
//! own process group so that stopping it also stops `workerd`.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The secrets the test server runs with.
pub const OPERATOR_TOKEN: &str = "test-operator-token-0123456789";
const WATCH_SECRET: &str = "test-watch-secret-0123456789abcdef";
/// 32 bytes of hex: the key booking secrets are sealed under.
const SECRETS_MASTER_KEY: &str = "7e57000000000000000000000000000000000000000000000000000000007e57";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Server {
    child: Option<Child>,
    pub base: String,
    /// wrangler dev's inspector (Chrome DevTools protocol) port: `make
    /// profile` records the Worker's CPU profile through it.
    pub inspector: u16,
    state_dir: PathBuf,
    log_path: PathBuf,
    extra_vars: Vec<(String, String)>,
    /// wrangler.toml with the test's rate limits, beside it in the repo root
    /// (its paths are relative to where it is).
    config_path: PathBuf,
    /// vendor/wrangler.toml for this server: the vendor Worker, bound to
    /// this server's main Worker by name, with the same settings.
    vendor_config_path: PathBuf,
}

/// Rate limits the end-to-end server runs with: every trial comes from
/// 127.0.0.1, so the per-address limits on failed authentications and on
/// sign-in link requests (the portals' journeys each sign in a few times)
/// are raised far above what the suite sends; `rate_limit` trials lower
/// them again.
pub const E2E_RATE_LIMITS: &[(&str, u32)] = &[
    ("RATE_LIMIT_AUTH_FAILURES", 100_000),
    ("RATE_LIMIT_SIGN_IN", 1_000),
];

/// wrangler.toml for a test server: the `limit` of the named
/// `[[ratelimits]]` bindings replaced, and no `[build]` section. The tests
/// run the Worker `make test` built; with `[build]`, wrangler also watches
/// the sources and restarts the runtime when its watcher thinks they
/// changed, dropping the requests in flight (seen as connection resets and
/// 503 "Your worker restarted mid-request").
pub fn config_with_rate_limits(toml: &str, limits: &[(&str, u32)]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    let mut in_build = false;
    for line in toml.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_build = trimmed == "[build]";
        }
        if in_build {
            continue;
        }
        if let Some(name) = trimmed
            .strip_prefix("name = \"")
            .and_then(|n| n.strip_suffix('"'))
        {
            current = limits.iter().map(|(n, _)| *n).find(|n| *n == name);
        }
        match (current, trimmed.starts_with("simple = {")) {
            (Some(name), true) => {
                let limit = limits.iter().find(|(n, _)| *n == name).map(|(_, l)| *l);
                let limit = limit.unwrap_or_default();
                out.push_str(&format!("simple = {{ limit = {limit}, period = 60 }}\n"));
                current = None;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

impl Server {
    /// Applies the D1 migrations to `state_dir` and starts `wrangler dev`.
    pub fn start(state_dir: &Path, extra_vars: &[(&str, &str)]) -> Server {
        Server::start_with_limits(state_dir, extra_vars, E2E_RATE_LIMITS)
    }

    /// [`Server::start`] with the given `[[ratelimits]]` limits.
    pub fn start_with_limits(
        state_dir: &Path,
        extra_vars: &[(&str, &str)],
        rate_limits: &[(&str, u32)],
    ) -> Server {
        let wrangler = repo_root().join("node_modules/.bin/wrangler");
        let status = Command::new(&wrangler)
            .args(["d1", "migrations", "apply", "DB", "--local", "--persist-to"])
            .arg(state_dir)
            .current_dir(repo_root())
            .env("CI", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run wrangler d1 migrations apply");
        assert!(status.success(), "D1 migrations apply failed");
        let toml = std::fs::read_to_string(repo_root().join("wrangler.toml")).unwrap();
        // Each server is its own Worker by name: wrangler dev keeps a
        // registry of running Workers by name, and servers sharing one
        // reload each other when one of them stops.
        static SERVERS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SERVERS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let name = format!("frontdesk-e2e-{}-{n}", std::process::id());
        let config_path =
            repo_root().join(format!(".wrangler.e2e-{}-{n}.toml", std::process::id()));
        let config = config_with_rate_limits(&toml, rate_limits).replacen(
            "name = \"frontdesk\"\n",
            &format!("name = \"{name}\"\n"),
            1,
        );
        assert!(
            config.contains(&name),
            "wrangler.toml names the Worker `frontdesk`"
        );
        let vendor_name = format!("{name}-vendor");
        let config = config.replacen(
            "service = \"frontdesk-vendor\"",
            &format!("service = \"{vendor_name}\""),
            1,
        );
        std::fs::write(&config_path, config).unwrap();
        // Beside no `.dev.vars`: wrangler reads one beside a config and lets
        // it override `[vars]`, and the repo root's holds `make dev`'s
        // secrets, not the test's.
        let vendor_config_path = state_dir.join(format!("vendor-wrangler-{n}.toml"));
        let mut vars: Vec<(String, String)> = [
            ("ALLOW_PRIVATE_WEBHOOK_URLS", "true"),
            ("WEBHOOK_RETRY_SCHEDULE_SECONDS", "1,1,1,1,1,1,1"),
            ("OPERATOR_TOKEN", OPERATOR_TOKEN),
            ("WATCH_SECRET", WATCH_SECRET),
            ("SECRETS_MASTER_KEY", SECRETS_MASTER_KEY),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        vars.extend(
            extra_vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let vendor_toml =
            std::fs::read_to_string(repo_root().join("vendor/wrangler.toml")).unwrap();
        std::fs::write(
            &vendor_config_path,
            vendor_config(
                &vendor_toml,
                &name,
                &repo_root().join("vendor/build/index.js"),
                rate_limits,
                &vars,
            ),
        )
        .unwrap();
        let mut server = Server {
            child: None,
            base: String::new(),
            inspector: 0,
            config_path,
            vendor_config_path,
            state_dir: state_dir.to_path_buf(),
            log_path: state_dir.join("wrangler-dev.log"),
            extra_vars: extra_vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        server.spawn();
        server
    }

    fn spawn(&mut self) {
        let port = free_port();
        let inspector = free_port();
        let log = std::fs::File::create(&self.log_path).unwrap();
        let mut cmd = Command::new(repo_root().join("node_modules/.bin/wrangler"));
        cmd.arg("dev")
            .arg("--config")
            .arg(&self.config_path)
            // The vendor Worker runs beside it; the main one forwards
            // `/qapi/`, `/dr/` and `/integrations/linking` to it.
            .arg("--config")
            .arg(&self.vendor_config_path)
            .args(["--ip", "127.0.0.1", "--port", &port.to_string()])
            .args(["--inspector-port", &inspector.to_string()])
            .arg("--persist-to")
            .arg(&self.state_dir)
            .args(["--log-level", "log", "--show-interactive-dev-session=false"])
            // Lets the tests fire the cron with GET /__scheduled.
            .arg("--test-scheduled")
            // The tests' webhook receivers listen on loopback.
            .args(["--var", "ALLOW_PRIVATE_WEBHOOK_URLS:true"])
            // Retries a second apart, so a test sees three attempts quickly.
            .args(["--var", "WEBHOOK_RETRY_SCHEDULE_SECONDS:1,1,1,1,1,1,1"])
            .args(["--var", &format!("OPERATOR_TOKEN:{OPERATOR_TOKEN}")])
            .args(["--var", &format!("WATCH_SECRET:{WATCH_SECRET}")])
            .args(["--var", &format!("SECRETS_MASTER_KEY:{SECRETS_MASTER_KEY}")]);
        for (k, v) in &self.extra_vars {
            cmd.args(["--var", &format!("{k}:{v}")]);
        }
        let child = cmd
            .current_dir(repo_root())
            .env("FRONTDESK_SKIP_BUILD", "1")
            .env("CI", "true")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("spawn wrangler dev");
        self.child = Some(child);
        self.base = format!("http://127.0.0.1:{port}");
        self.inspector = inspector;
        self.wait_ready();
    }

    /// Waits until the Worker answers at all (a misconfigured one answers
    /// 500, which is an answer).
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(90);
        let url = format!("{}/v1/health", self.base);
        while Instant::now() < deadline {
            let code = std::process::Command::new("curl")
                .args([
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "--max-time",
                    "2",
                    &url,
                ])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
                .unwrap_or_default();
            if code == "200" || code == "500" {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        panic!("wrangler dev did not become ready; its log:\n{log}");
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pgid = child.id().to_string();
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{pgid}")])
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .status();
            let _ = child.wait();
        }
    }

    /// Stops `wrangler dev` and starts it again on the same state directory.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// What `wrangler dev` has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Stops `wrangler dev`, keeping the state directory for [`Server::resume`].
    pub fn stop(&mut self) {
        self.kill();
    }

    pub fn resume(&mut self) {
        self.spawn();
    }

    /// Runs SQL against the local D1 database with `wrangler d1 execute`
    /// (while the server is stopped) and returns its JSON output.
    pub fn d1(&self, sql_file: Option<&Path>, command: Option<&str>) -> serde_json::Value {
        let mut cmd = Command::new(repo_root().join("node_modules/.bin/wrangler"));
        cmd.args(["d1", "execute", "DB", "--local", "--json", "--persist-to"])
            .arg(&self.state_dir)
            .current_dir(repo_root())
            .env("CI", "true");
        if let Some(file) = sql_file {
            cmd.arg("--file").arg(file);
        }
        if let Some(command) = command {
            cmd.args(["--command", command]);
        }
        let out = cmd.output().expect("run wrangler d1 execute");
        assert!(
            out.status.success(),
            "d1 execute failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failing trial shows what the server saw.
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(80).collect();
            eprintln!(
                "wrangler dev log, last lines:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        self.kill();
        let _ = std::fs::remove_file(&self.config_path);
        let _ = std::fs::remove_file(&self.vendor_config_path);
    }
}

/// vendor/wrangler.toml for a test server, written in its state directory
/// (with absolute paths): named after the server's main Worker, bound to its
/// objects, with its rate limits and its settings (`wrangler dev --var`
/// reaches only the first Worker, so they are written into `[vars]`).
pub fn vendor_config(
    toml: &str,
    main_name: &str,
    script: &Path,
    limits: &[(&str, u32)],
    vars: &[(String, String)],
) -> String {
    let toml = config_with_rate_limits(toml, limits)
        .replacen(
            "name = \"frontdesk-vendor\"\n",
            &format!("name = \"{main_name}-vendor\"\n"),
            1,
        )
        .replace(
            "script_name = \"frontdesk\"",
            &format!("script_name = \"{main_name}\""),
        )
        .replacen(
            "main = \"build/index.js\"",
            &format!("main = {:?}", script.display().to_string()),
            1,
        )
        .replacen(
            "\"../migrations\"",
            &format!("{:?}", repo_root().join("migrations").display().to_string()),
            1,
        );
    // A later value of a name replaces an earlier one (a test's own vars
    // after the defaults), as `--var` does.
    let mut vars_once: Vec<(String, String)> = Vec::new();
    for (k, v) in vars {
        vars_once.retain(|(seen, _)| seen != k);
        vars_once.push((k.clone(), v.clone()));
    }
    let vars = &vars_once;
    let mut out = String::new();
    let mut in_vars = false;
    for line in toml.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_vars = trimmed == "[vars]";
            out.push_str(line);
            out.push('\n');
            if in_vars {
                for (k, v) in vars {
                    out.push_str(&format!("{k} = {v:?}\n"));
                }
            }
            continue;
        }
        let overridden = in_vars
            && vars
                .iter()
                .any(|(k, _)| trimmed.starts_with(&format!("{k} =")));
        if !overridden {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// worker/src/rate_limit.rs answers `Retry-After: 60` for every binding
    /// and knows them by these names: wrangler.toml must agree.
    #[test]
    fn every_rate_limit_binding_has_a_sixty_second_period() {
        let toml = std::fs::read_to_string(repo_root().join("wrangler.toml")).unwrap();
        let simple: Vec<&str> = toml
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("simple = {"))
            .collect();
        assert_eq!(simple.len(), 5, "{simple:?}");
        assert!(
            simple.iter().all(|l| l.contains("period = 60 }")),
            "{simple:?}"
        );
        for name in [
            "RATE_LIMIT_AUTH_FAILURES",
            "RATE_LIMIT_API_KEY",
            "RATE_LIMIT_BOOKING_SUBJECT",
            "RATE_LIMIT_PARTNER",
            "RATE_LIMIT_SIGN_IN",
        ] {
            assert!(toml.contains(&format!("name = \"{name}\"")), "{name}");
        }
    }

    /// The lines of `toml` from `header` to the next section.
    fn section<'a>(toml: &'a str, header: &str) -> Vec<&'a str> {
        toml.lines()
            .skip_while(|l| l.trim() != header)
            .skip(1)
            .take_while(|l| !l.trim().starts_with('['))
            .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
            .collect()
    }

    /// The vendor Worker runs the main Worker's code on the main Worker's
    /// storage: its settings, database and bucket must be the same.
    #[test]
    fn the_vendor_config_keeps_the_main_ones_settings_and_storage() {
        let main = std::fs::read_to_string(repo_root().join("wrangler.toml")).unwrap();
        let vendor = std::fs::read_to_string(repo_root().join("vendor/wrangler.toml")).unwrap();
        assert_eq!(section(&vendor, "[vars]"), section(&main, "[vars]"));
        assert!(!section(&main, "[vars]").is_empty());
        for line in [
            "database_id = \"00000000-0000-4000-8000-000000000001\"",
            "bucket_name = \"frontdesk-attachments\"",
            "compatibility_date = \"2026-04-20\"",
        ] {
            assert!(main.contains(line) && vendor.contains(line), "{line}");
        }
        for class in ["Shop", "Notifier", "Directory", "Reports"] {
            let binding = format!("class_name = \"{class}\"\nscript_name = \"frontdesk\"");
            assert!(vendor.contains(&binding), "{class}");
            assert!(
                main.contains(&format!("class_name = \"{class}\"")),
                "{class}"
            );
        }
        assert!(
            main.contains("service = \"frontdesk-vendor\"")
                && vendor.contains("name = \"frontdesk-vendor\"")
        );
        // What a test server writes: bound to its own main Worker by name,
        // with the test's settings in [vars] and no duplicate keys.
        let vars = vec![("WATCH_SECRET".to_owned(), "w".to_owned())];
        let out = vendor_config(
            &vendor,
            "fd-e2e-1",
            Path::new("/r/vendor/build/index.js"),
            &[],
            &vars,
        );
        assert!(
            out.contains("name = \"fd-e2e-1-vendor\"")
                && out.contains("script_name = \"fd-e2e-1\"")
        );
        assert!(!out.contains("script_name = \"frontdesk\"") && !out.contains("[build]"));
        assert!(out.contains("main = \"/r/vendor/build/index.js\""));
        assert_eq!(out.matches("WATCH_SECRET =").count(), 1);
        // A test's own value of a name wins, written once.
        let twice = vec![
            ("WATCH_SECRET".to_owned(), "w".to_owned()),
            ("WATCH_SECRET".to_owned(), "short".to_owned()),
        ];
        let out2 = vendor_config(&vendor, "fd-e2e-1", Path::new("/r/x.js"), &[], &twice);
        assert_eq!(out2.matches("WATCH_SECRET =").count(), 1);
        assert!(out2.contains("WATCH_SECRET = \"short\""));
        assert_eq!(out.matches("JITSI_AUTH =").count(), 1);
    }

    #[test]
    fn test_configs_replace_only_the_named_limits() {
        let toml = std::fs::read_to_string(repo_root().join("wrangler.toml")).unwrap();
        let out = config_with_rate_limits(&toml, &[("RATE_LIMIT_API_KEY", 7)]);
        assert!(out.contains("simple = { limit = 7, period = 60 }"));
        assert!(out.contains("simple = { limit = 20, period = 60 }"));
        assert!(!out.contains("[build]") && !out.contains("watch_dir"));
        assert!(out.contains("[[durable_objects.bindings]]"));
    }
}
