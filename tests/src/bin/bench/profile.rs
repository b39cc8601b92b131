//! `make profile` (`BENCH_PROFILE=<dir>`): a CPU profile of each measured
//! step, recorded through `wrangler dev`'s inspector with the Chrome
//! DevTools protocol's `Profiler` domain. Locally the Worker and its
//! Durable Objects share one isolate, so one profile holds the front
//! Worker's and the objects' work alike.
//!
//! Each step writes `<dir>/<step>.cpuprofile` (open it in Chrome DevTools'
//! Performance panel) and prints two tables: where the busy time went
//! (self time, by function) and which of Frontdesk's own functions it was
//! spent under (inclusive time). Function names need the wasm's name
//! section, which wasm-opt drops: `make profile` builds without wasm-opt,
//! so its figures are of a slightly slower Worker than `make bench`'s.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::stats::Table;

/// Microseconds between samples: fine enough for requests of a few
/// milliseconds, coarse enough not to slow them much.
const SAMPLING_INTERVAL_US: u64 = 200;
/// Rows of each table.
const TOP: usize = 14;

struct Session {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    dir: PathBuf,
}

static SESSION: OnceLock<Mutex<Session>> = OnceLock::new();

/// Connects to the inspector when `BENCH_PROFILE` names a directory;
/// without it every other function here does nothing.
pub async fn attach(inspector_port: u16) {
    let Some(dir) = std::env::var_os("BENCH_PROFILE").filter(|d| !d.is_empty()) else {
        return;
    };
    let stamp = frontdesk_tests::server::repo_root().join("worker/build/wasm-opt.stamp");
    assert!(
        !stamp.exists(),
        "BENCH_PROFILE needs function names, which wasm-opt drops: build with \
         `FRONTDESK_WASM_OPT=0 sh scripts/build-worker.sh` (`make profile` does)"
    );
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create the BENCH_PROFILE directory");
    let targets: Value = reqwest::get(format!("http://127.0.0.1:{inspector_port}/json"))
        .await
        .and_then(|r| r.error_for_status())
        .expect("wrangler dev's inspector lists its targets")
        .json()
        .await
        .expect("the inspector's target list is JSON");
    let url = targets[0]["webSocketDebuggerUrl"]
        .as_str()
        .unwrap_or_else(|| panic!("no inspector target in {targets}"))
        .to_owned();
    let (socket, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect to the inspector");
    let mut session = Session {
        socket,
        next_id: 0,
        dir: dir.clone(),
    };
    session.call("Profiler.enable", json!({})).await;
    session
        .call(
            "Profiler.setSamplingInterval",
            json!({ "interval": SAMPLING_INTERVAL_US }),
        )
        .await;
    let _ = SESSION.set(Mutex::new(session));
    crate::step(&format!("profiling each step into {}", dir.display()));
}

impl Session {
    /// Sends one command and waits for its answer: the message with its
    /// `id` (events have none). wrangler's inspector proxy adds the
    /// command's `method` to the answer, and leaves out an empty
    /// `result`.
    async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(Message::text(command.to_string()))
            .await
            .expect("send to the inspector");
        loop {
            let next = tokio::time::timeout(Duration::from_secs(60), self.socket.next()).await;
            let message = match next {
                Err(_) => panic!("the inspector did not answer {method}"),
                Ok(None) => panic!("the inspector closed during {method}"),
                Ok(Some(read)) => read.expect("read from the inspector"),
            };
            let Message::Text(text) = message else {
                continue;
            };
            let reply: Value = serde_json::from_str(&text).expect("the inspector sends JSON");
            if reply["id"] != id {
                continue;
            }
            if let Some(error) = reply.get("error") {
                panic!("the inspector refused {method}: {error}");
            }
            return reply.get("result").cloned().unwrap_or(Value::Null);
        }
    }
}

/// Starts recording, if profiling.
pub async fn start() {
    if let Some(session) = SESSION.get() {
        session.lock().await.call("Profiler.start", json!({})).await;
    }
}

/// Stops recording, writes the profile as `<step>.cpuprofile` and prints
/// its summary, if profiling.
pub async fn stop(step: &str) {
    let Some(session) = SESSION.get() else {
        return;
    };
    let mut session = session.lock().await;
    let result = session.call("Profiler.stop", json!({})).await;
    let profile = &result["profile"];
    let file: String = step
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let path = session.dir.join(format!("{file}.cpuprofile"));
    std::fs::write(&path, profile.to_string()).expect("write the profile");
    Summary::of(profile).print(step, &path);
}

/// A profile's samples as time per function.
struct Summary {
    /// Time with something running (all but `(idle)`), in µs.
    busy: u64,
    /// By function: time at the top of the stack.
    own: HashMap<String, u64>,
    /// By Frontdesk function: time with it anywhere on the stack.
    under: HashMap<String, u64>,
}

impl Summary {
    fn of(profile: &Value) -> Summary {
        let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
        let mut name = HashMap::new();
        let mut parent = HashMap::new();
        for node in &nodes {
            let id = node["id"].as_u64().unwrap_or(0);
            name.insert(id, function_name(&node["callFrame"]));
            for child in node["children"].as_array().into_iter().flatten() {
                parent.insert(child.as_u64().unwrap_or(0), id);
            }
        }
        let samples: Vec<u64> = json_numbers(&profile["samples"]);
        // A sample's time is the gap until the next one.
        let deltas: Vec<u64> = json_numbers(&profile["timeDeltas"]);
        let mut summary = Summary {
            busy: 0,
            own: HashMap::new(),
            under: HashMap::new(),
        };
        for (i, node) in samples.iter().enumerate() {
            let time = deltas.get(i + 1).copied().unwrap_or(0);
            let own = name.get(node).cloned().unwrap_or_default();
            if own == "(idle)" {
                continue;
            }
            summary.busy += time;
            *summary.own.entry(own).or_default() += time;
            // A recursive function counts once per sample.
            let mut seen = HashSet::new();
            let mut at = Some(*node);
            while let Some(id) = at {
                if let Some(n) = name.get(&id) {
                    if n.starts_with("frontdesk_") && seen.insert(n.clone()) {
                        *summary.under.entry(n.clone()).or_default() += time;
                    }
                }
                at = parent.get(&id).copied();
            }
        }
        summary
    }

    fn print(&self, step: &str, path: &std::path::Path) {
        let busy = self.busy.max(1);
        let table = |by: &HashMap<String, u64>, title: &str, header: &str| {
            let mut rows: Vec<_> = by.iter().collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let mut table = Table::new(&[header, "ms", "% of busy"]);
            for (function, us) in rows.into_iter().take(TOP) {
                table.row(vec![
                    format!("`{}`", function.replace('`', "'")),
                    format!("{:.1}", *us as f64 / 1000.0),
                    format!("{:.1}", *us as f64 * 100.0 / busy as f64),
                ]);
            }
            table.print(title);
        };
        table(
            &self.own,
            &format!(
                "**Profile of {step}**: {:.0} ms busy; self time by function ({})",
                self.busy as f64 / 1000.0,
                path.display()
            ),
            "function (self)",
        );
        table(
            &self.under,
            &format!("**Profile of {step}**: inclusive time by Frontdesk function"),
            "function (inclusive)",
        );
    }
}

fn json_numbers(v: &Value) -> Vec<u64> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            n.as_u64()
                .or_else(|| n.as_i64().map(|i| i.max(0) as u64))
                .unwrap_or(0)
        })
        .collect()
}

/// A frame's function without Rust's symbol hash (`::h0123…`), or, for an
/// anonymous JavaScript function, where it is.
fn function_name(frame: &Value) -> String {
    let name = frame["functionName"].as_str().unwrap_or_default();
    if name.is_empty() {
        let url = frame["url"].as_str().unwrap_or_default();
        let file = url.rsplit('/').next().unwrap_or(url);
        return match file {
            "" => "(anonymous)".to_owned(),
            file => format!("(anonymous) {file}:{}", frame["lineNumber"]),
        };
    }
    match name.rsplit_once("::h") {
        Some((base, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            base.to_owned()
        }
        _ => name.to_owned(),
    }
}
