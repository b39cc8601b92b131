//! Part a: throughput and latency at 1 and at 32 concurrent clients, each
//! client sending its next request as soon as the last is answered.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use frontdesk_core::booking_token::{mint, Claims, AUDIENCE};
use frontdesk_tests::client::{Api, Clinic, Org, Reply, PROXY_RETRIES};
use reqwest::Method;
use serde_json::{json, Value};

use crate::stats::{ms, ratio, Sample, Table};
use crate::Settings;

/// What one closed-loop run measured, after its warm-up.
pub struct Load {
    pub clients: usize,
    pub requests: usize,
    pub elapsed: Duration,
    pub latency: Sample,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }
}

/// Runs `op` in a loop on `clients` tasks: `warm_up`, then `measure`.
/// Requests started during the warm-up are not counted; the run ends with
/// the last answer to a request started before the end (or each client's
/// first counted one, if that is later).
pub async fn run<F, Fut>(clients: usize, warm_up: Duration, measure: Duration, op: F) -> Load
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let from = Instant::now() + warm_up;
    let until = from + measure;
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let op = op.clone();
            tokio::spawn(async move {
                let (mut seen, mut last) = (Vec::new(), from);
                loop {
                    let started = Instant::now();
                    // Every client counts at least one request, however
                    // slow: a stalled run shows as such, not as no run.
                    if started >= until && !seen.is_empty() {
                        break;
                    }
                    op().await;
                    let done = Instant::now();
                    if started >= from {
                        seen.push(done - started);
                        last = done;
                    }
                }
                (seen, last)
            })
        })
        .collect();
    let (mut all, mut last) = (Vec::new(), from);
    for t in tasks {
        let (seen, done) = t.await.expect("a client failed");
        all.extend(seen);
        last = last.max(done);
    }
    Load {
        clients,
        requests: all.len(),
        elapsed: last - from,
        latency: Sample::new(all),
    }
}

/// The no-op Durable Object round trip at 1 and at 32 clients: the figure
/// every other is divided by.
pub struct Baseline {
    pub one: Load,
    pub many: Load,
}

impl Baseline {
    /// One no-op round trip's median at one client: the unit the timed
    /// figures of the other parts are counted in.
    pub fn round_trip(&self) -> Duration {
        self.one.latency.p50()
    }

    fn of(&self, clients: usize) -> &Load {
        if clients == 1 {
            &self.one
        } else {
            &self.many
        }
    }
}

pub const CONCURRENT: usize = 32;

async fn both<F, Fut>(name: &str, settings: &Settings, op: F) -> (Load, Load)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    crate::step(&format!("a: {name}"));
    let warm = Duration::from_secs(1);
    let one = run(1, warm, settings.seconds, op.clone()).await;
    crate::profile::start().await;
    let many = run(CONCURRENT, warm, settings.seconds, op).await;
    crate::profile::stop(&format!("a {name}, {CONCURRENT} clients")).await;
    (one, many)
}

pub async fn noop(api: &Api, settings: &Settings) -> Baseline {
    let api = api.clone();
    let (one, many) = both("the no-op object round trip", settings, move || {
        let api = api.clone();
        async move {
            let body = api
                .call(Method::GET, "/v1/bench/noop", None, None)
                .await
                .expect(200);
            assert_eq!(body["status"], "ok", "{body}");
        }
    })
    .await;
    Baseline { one, many }
}

/// A hold's slot, distinct for every `n`: doctors work 00:00-23:59 UTC
/// and the type lasts 5 minutes, so each doctor has 287 slots a day.
fn slot(clinic: &Clinic, n: u64) -> (usize, String) {
    const PER_DAY: u64 = 287;
    const DAYS: u64 = 28;
    let doctors = clinic.doctors.len() as u64;
    let (doctor, k) = (n % doctors, n / doctors);
    assert!(k < PER_DAY * DAYS, "the hold clinic ran out of free slots");
    let (day, minutes) = (2 + k / PER_DAY, (k % PER_DAY) * 5);
    let start = clinic.at(day as i64, (minutes / 60) as u32, (minutes % 60) as u32);
    (doctor as usize, start)
}

pub async fn run_all(base: &str, api: &Api, settings: &Settings, noop: &Baseline) {
    let mut rows: Vec<(String, Load, Load)> = Vec::new();

    let a = api.clone();
    let (one, many) = both("GET /v1/health", settings, move || {
        let api = a.clone();
        async move {
            api.call(Method::GET, "/v1/health", None, None)
                .await
                .expect(200);
        }
    })
    .await;
    rows.push(("`GET /v1/health` (no storage)".into(), one, many));

    // Register: a shop of its own, every request a new patient.
    let clinic = Clinic::new(base, "Bench register", 0, "UTC").await;
    let (org, shop_uid) = (clinic.org.clone(), clinic.shop.shop_uid.clone());
    let n = Arc::new(AtomicU64::new(0));
    let (one, many) = both("register", settings, move || {
        let (org, shop_uid, n) = (org.clone(), shop_uid.clone(), n.clone());
        async move {
            let i = n.fetch_add(1, Ordering::Relaxed);
            org.post_with_key(
                "/v1/management/waiting-room/register",
                json!({ "shop_uid": shop_uid, "patient_profile_uid": format!("pp-r{i}") }),
                &format!("register-{i}"),
            )
            .await
            .expect(201);
        }
    })
    .await;
    rows.push(("`POST …/waiting-room/register`".into(), one, many));

    // Status: 32 waiting patients, asked about in turn.
    let clinic = Clinic::new(base, "Bench status", 0, "UTC").await;
    let mut entries = Vec::new();
    for i in 0..CONCURRENT {
        let reg = clinic.org.register(&clinic.shop, &format!("pp-s{i}")).await;
        entries.push(reg["queue_uid"].as_str().unwrap().to_owned());
    }
    let (org, entries) = (clinic.org.clone(), Arc::new(entries));
    let n = Arc::new(AtomicU64::new(0));
    let (one, many) = both("status", settings, move || {
        let (org, entries, n) = (org.clone(), entries.clone(), n.clone());
        async move {
            let i = n.fetch_add(1, Ordering::Relaxed) as usize % entries.len();
            let body = org.status(&entries[i]).await;
            assert_eq!(body["status"], "waiting", "{body}");
        }
    })
    .await;
    rows.push(("`GET …/waiting-room/{uid}/status`".into(), one, many));

    // Hold + confirm: four doctors free all day for four weeks, a 5-minute
    // type, every pair a new slot and a new patient.
    let clinic = Clinic::new(base, "Bench holds", 4, "UTC").await;
    for d in 0..clinic.doctors.len() {
        clinic.set_hours(d, "00:00", "23:59").await;
    }
    let type_uid = clinic
        .create_type(json!({ "name": "Short", "duration_minutes": 5 }))
        .await;
    let clinic = Arc::new(clinic);
    let n = Arc::new(AtomicU64::new(0));
    let (one, many) = both("hold + confirm", settings, move || {
        let (clinic, type_uid, n) = (clinic.clone(), type_uid.clone(), n.clone());
        async move {
            let i = n.fetch_add(1, Ordering::Relaxed);
            let (doctor, start) = slot(&clinic, i);
            let body = clinic.booking(doctor, &type_uid, &start, &format!("pp-h{i}"));
            let held = clinic
                .org
                .post_with_key("/v1/management/appointments", body, &format!("hold-{i}"))
                .await
                .expect(201);
            assert_eq!(held["status"], "held", "{held}");
            let uid = held["appointment_uid"].as_str().unwrap();
            let confirmed = confirm(&clinic.org, uid).await;
            assert_eq!(confirmed["status"], "confirmed", "{confirmed}");
        }
    })
    .await;
    rows.push(("hold + confirm (two requests)".into(), one, many));

    // A partner's customer searches one day of one doctor's slots.
    let clinic = Clinic::new(base, "Bench search", 1, "UTC").await;
    let type_uid = clinic.consult_type().await;
    let path = format!(
        "{base}/v1/booking/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={}&end_date={}",
        clinic.shop.shop_uid,
        clinic.date(3),
        clinic.date(3)
    );
    let token = booking_token(&clinic.org).await;
    let http = api.http.clone();
    let (one, many) = both("booking-token slot search", settings, move || {
        let (http, path, token) = (http.clone(), path.clone(), token.clone());
        async move {
            let body = Api::reply(http.get(&path).bearer_auth(&token))
                .await
                .expect(200);
            assert_eq!(body["slots"].as_array().map(Vec::len), Some(16), "{body}");
        }
    })
    .await;
    rows.push((
        "`GET /v1/booking/slots` (token; 1 doctor, 1 day)".into(),
        one,
        many,
    ));

    let mut table = Table::new(&[
        "figure",
        "clients",
        "req/s",
        "req/s ÷ no-op",
        "p50 ms",
        "p50 ÷ no-op",
        "p99 ms",
        "p99 ÷ no-op",
    ]);
    let noop_row = (
        "no-op Durable Object round trip (`BENCH` only)".to_owned(),
        &noop.one,
        &noop.many,
    );
    let rows = std::iter::once(noop_row).chain(rows.iter().map(|(n, o, m)| (n.clone(), o, m)));
    for (name, one, many) in rows {
        for load in [one, many] {
            let base = noop.of(load.clients);
            table.row(vec![
                name.clone(),
                load.clients.to_string(),
                format!("{:.0}", load.per_second()),
                ratio(load.per_second(), base.per_second()),
                format!("{:.1}", ms(load.latency.p50())),
                ratio(ms(load.latency.p50()), ms(base.latency.p50())),
                format!("{:.1}", ms(load.latency.p99())),
                ratio(ms(load.latency.p99()), ms(base.latency.p99())),
            ]);
        }
    }
    table.print(&format!(
        "**a. Throughput and latency** ({:.0} s per row after a 1 s warm-up; each client sends its next request when the last is answered; registers and holds carry an `Idempotency-Key`)",
        settings.seconds.as_secs_f64()
    ));
}

/// Confirms a hold. If `wrangler dev`'s proxy loses the request (see
/// [`Org::post_with_key`]) it is sent again, and a second answer of
/// `invalid_transition` then counts if the appointment is confirmed.
pub async fn confirm(org: &Org, uid: &str) -> Value {
    let url = format!("{}/v1/management/appointments/{uid}/confirm", org.api.base);
    let mut retried = false;
    loop {
        let resp = org
            .api
            .http
            .post(&url)
            .header("X-API-Key", &org.key)
            .send()
            .await
            .expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("body read");
        if status.as_u16() == 503 && text.contains("restarted mid-request") {
            PROXY_RETRIES.fetch_add(1, Ordering::Relaxed);
            retried = true;
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        }
        let reply = Reply::parse(status, &text);
        if retried && status.as_u16() == 409 {
            reply.expect_error(409, "invalid_transition");
            return org
                .get(&format!("/v1/management/appointments/{uid}"))
                .await
                .expect(200);
        }
        return reply.expect(200);
    }
}

/// A booking token of a new booking secret of `org`'s default partner,
/// valid for the longest a token may live.
async fn booking_token(org: &Org) -> String {
    let secret = org
        .post(
            "/v1/management/booking-secrets",
            json!({ "name": "bench storefront" }),
        )
        .await
        .expect(201);
    let now = chrono::Utc::now().timestamp();
    let claims = Claims {
        sub: "bench-customer".into(),
        aud: AUDIENCE.into(),
        iat: now,
        exp: now + frontdesk_core::booking_token::MAX_LIFETIME_SECONDS,
        ..Claims::default()
    };
    mint(
        secret["key_id"].as_str().unwrap(),
        secret["secret"].as_str().unwrap().as_bytes(),
        &claims,
    )
}
