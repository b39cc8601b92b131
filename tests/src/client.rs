//! A small client of the public API, used by the tests and the benchmark.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::{tungstenite::Message, MaybeTlsStream, WebSocketStream};

use crate::server::OPERATOR_TOKEN;

/// How many requests [`Org::post_with_key`] has sent again after
/// `wrangler dev`'s proxy lost them (the benchmark reports it).
pub static PROXY_RETRIES: AtomicUsize = AtomicUsize::new(0);

#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
}

/// A response: status and JSON body (`Value::Null` when empty).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
}

impl Reply {
    pub fn parse(status: reqwest::StatusCode, text: &str) -> Reply {
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(text)
                .unwrap_or_else(|_| panic!("non-JSON body ({status}): {text}"))
        };
        Reply { status, body }
    }

    /// Asserts the status and returns the body.
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }

    /// Asserts an error reply of `status` with `code`, returning the error object.
    pub fn expect_error(self, status: u16, code: &str) -> Value {
        let body = self.expect(status);
        assert_eq!(body["error"]["code"], code, "error body: {body}");
        assert!(body["error"]["message"].is_string(), "error body: {body}");
        body["error"].clone()
    }
}

/// An organisation created for one test, with its admin key.
#[derive(Clone)]
pub struct Org {
    pub api: Api,
    pub org_uid: String,
    pub key: String,
}

pub struct Shop {
    pub shop_uid: String,
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api {
            base: base.to_owned(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .pool_max_idle_per_host(64)
                .build()
                .unwrap(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            req = req.header("X-API-Key", key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        Self::reply(req).await
    }

    pub async fn reply(req: reqwest::RequestBuilder) -> Reply {
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("body read");
        Reply::parse(status, &text)
    }

    /// A new organisation. Retried when `wrangler dev`'s proxy drops the
    /// request under the suite's opening burst (503 "restarted
    /// mid-request", answered by the proxy, not the Worker): a second
    /// organisation made by a retry is only an unused one.
    pub async fn create_org(&self, name: &str) -> Org {
        let mut attempt = 0;
        let body = loop {
            let resp = self
                .http
                .post(format!("{}/v1/operator/organizations", self.base))
                .bearer_auth(OPERATOR_TOKEN)
                .json(&json!({ "name": name }))
                .send()
                .await
                .expect("request sent");
            let status = resp.status();
            let text = resp.text().await.expect("body read");
            if status.as_u16() == 503 && text.contains("restarted mid-request") && attempt < 5 {
                attempt += 1;
                PROXY_RETRIES.fetch_add(1, Ordering::Relaxed);
                eprintln!(
                    "create_org: wrangler dev's proxy lost the request (503); retry {attempt}"
                );
                tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                continue;
            }
            break Reply::parse(status, &text).expect(201);
        };
        Org {
            api: self.clone(),
            org_uid: body["organization_uid"].as_str().unwrap().to_owned(),
            key: body["api_key"].as_str().unwrap().to_owned(),
        }
    }
}

impl Org {
    pub async fn get(&self, path: &str) -> Reply {
        self.api
            .call(Method::GET, path, Some(&self.key), None)
            .await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.api
            .call(Method::POST, path, Some(&self.key), Some(body))
            .await
    }

    /// A POST with an `Idempotency-Key`, retried as a careful client would
    /// retry it. Under a burst of a hundred requests on a 2-core machine,
    /// `wrangler dev`'s local proxy sometimes loses its connection to the
    /// runtime and answers 503 "Your worker restarted mid-request" without
    /// knowing whether the request ran; the key makes the retry safe (a
    /// request that did run gets its first answer back). Nothing else is
    /// retried.
    pub async fn post_with_key(&self, path: &str, body: Value, idempotency_key: &str) -> Reply {
        let mut attempt = 0;
        loop {
            let req = self
                .api
                .http
                .post(format!("{}{path}", self.api.base))
                .header("X-API-Key", &self.key)
                .header("Idempotency-Key", idempotency_key)
                .json(&body);
            // Under a burst the proxy may also reset the connection.
            let resp = match req.send().await {
                Err(e) if e.is_request() && attempt < 5 => {
                    attempt += 1;
                    PROXY_RETRIES.fetch_add(1, Ordering::Relaxed);
                    eprintln!("{path}: the connection failed ({e}); retry {attempt} with its Idempotency-Key");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                    continue;
                }
                sent => sent.expect("request sent"),
            };
            let status = resp.status();
            let text = resp.text().await.expect("body read");
            if status.as_u16() == 503 && text.contains("restarted mid-request") && attempt < 5 {
                attempt += 1;
                PROXY_RETRIES.fetch_add(1, Ordering::Relaxed);
                eprintln!("{path}: wrangler dev's proxy lost the request (503); retry {attempt} with its Idempotency-Key");
                tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                continue;
            }
            return Reply::parse(status, &text);
        }
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.api
            .call(Method::PUT, path, Some(&self.key), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.api
            .call(Method::DELETE, path, Some(&self.key), None)
            .await
    }

    pub async fn create_shop(&self, name: &str) -> Shop {
        let body = self
            .post(
                "/v1/management/shops",
                json!({ "name": name, "address": "1 Harbour Road", "time_zone": "Europe/Berlin" }),
            )
            .await
            .expect(201);
        Shop {
            shop_uid: body["shop_uid"].as_str().unwrap().to_owned(),
        }
    }

    /// Creates a doctor; returns the doctor's uid and video room id.
    pub async fn create_doctor(&self, shop: &Shop, name: &str) -> (String, String) {
        let body = self
            .post(
                "/v1/management/doctors",
                json!({ "shop_uid": shop.shop_uid, "name": name }),
            )
            .await
            .expect(201);
        (
            body["doctor_uid"].as_str().unwrap().to_owned(),
            body["video_room_id"].as_str().unwrap().to_owned(),
        )
    }

    /// A key of this organisation with only `scopes`.
    pub async fn key_with(&self, scopes: &[&str]) -> String {
        self.post(
            "/v1/management/api-keys",
            json!({ "name": "limited", "scopes": scopes }),
        )
        .await
        .expect(201)["api_key"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn register(&self, shop: &Shop, patient: &str) -> Value {
        self.post(
            "/v1/management/waiting-room/register",
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": patient }),
        )
        .await
        .expect(201)
    }

    /// A registration with an `Idempotency-Key`, for concurrent bursts.
    pub async fn register_with_key(&self, shop: &Shop, patient: &str, key: &str) -> Value {
        self.post_with_key(
            "/v1/management/waiting-room/register",
            json!({ "shop_uid": shop.shop_uid, "patient_profile_uid": patient }),
            key,
        )
        .await
        .expect(201)
    }

    pub async fn status(&self, queue_uid: &str) -> Value {
        self.get(&format!("/v1/management/waiting-room/{queue_uid}/status"))
            .await
            .expect(200)
    }

    pub async fn allocate(&self, shop: &Shop, doctor: &str) -> Reply {
        self.post(
            "/v1/management/waiting-room/allocate",
            json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor }),
        )
        .await
    }

    pub async fn complete(&self, queue_uid: &str) -> Reply {
        self.api
            .call(
                Method::POST,
                &format!("/v1/management/waiting-room/{queue_uid}/complete"),
                Some(&self.key),
                None,
            )
            .await
    }

    pub async fn presence(&self, shop: &Shop, doctor: &str, online: bool) -> Value {
        self.put(
            "/v1/management/waiting-room/presence",
            json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor, "online": online }),
        )
        .await
        .expect(200)
    }
}

/// A patient's watch socket.
pub struct Watcher {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Watcher {
    pub async fn connect(watch_url: &str) -> Watcher {
        let (ws, resp) = tokio_tungstenite::connect_async(watch_url)
            .await
            .expect("watch socket connects");
        assert_eq!(resp.status().as_u16(), 101);
        Watcher { ws }
    }

    /// The next entry message, waiting at most `within`.
    pub async fn next(&mut self, within: Duration) -> Value {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.ws.next())
                .await
                .expect("a watch message arrives in time")
                .expect("socket open")
                .expect("socket healthy");
            if let Message::Text(text) = msg {
                let v: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v["type"], "entry");
                return v;
            }
        }
    }

    /// Waits for a message satisfying `pred`, skipping others.
    pub async fn until(&mut self, within: Duration, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = self.next(left).await;
            if pred(&v) {
                return v;
            }
        }
    }

    pub async fn send(&mut self, text: &str) {
        self.ws.send(Message::Text(text.into())).await.unwrap();
    }
}

/// A shop with doctors who work every day 09:00-17:00 local, and a type.
pub struct Clinic {
    pub org: Org,
    pub shop: Shop,
    pub time_zone: chrono_tz::Tz,
    /// Doctor uids with keys bound to them.
    pub doctors: Vec<(String, String)>,
}

impl Clinic {
    pub async fn new(base: &str, name: &str, doctors: usize, time_zone: &str) -> Clinic {
        let org = Api::new(base).create_org(name).await;
        let shop = Shop {
            shop_uid: org
                .post(
                    "/v1/management/shops",
                    json!({ "name": name, "address": "1 Harbour Road", "time_zone": time_zone }),
                )
                .await
                .expect(201)["shop_uid"]
                .as_str()
                .unwrap()
                .to_owned(),
        };
        let mut list = Vec::new();
        for i in 0..doctors {
            let (doctor, _) = org.create_doctor(&shop, &format!("Dr. {i}")).await;
            let key = org
                .post(
                    "/v1/management/api-keys",
                    json!({ "name": "doctor", "scopes": ["availability:write"], "doctor_uid": doctor }),
                )
                .await
                .expect(201)["api_key"]
                .as_str()
                .unwrap()
                .to_owned();
            list.push((doctor, key));
        }
        let clinic = Clinic {
            org,
            shop,
            time_zone: time_zone.parse().unwrap(),
            doctors: list,
        };
        for i in 0..doctors {
            clinic.set_hours(i, "09:00", "17:00").await;
        }
        clinic
    }

    /// Doctor `doctor` works every day from `start` to `end` (`HH:MM`,
    /// local), set with the doctor's own key.
    pub async fn set_hours(&self, doctor: usize, start: &str, end: &str) {
        let days = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        let weekly: Vec<Value> = days
            .iter()
            .map(|d| json!({ "weekday": d, "start": start, "end": end }))
            .collect();
        let (uid, key) = &self.doctors[doctor];
        self.org
            .api
            .call(
                Method::PUT,
                &format!("/v1/management/doctors/{uid}/availability"),
                Some(key),
                Some(json!({ "weekly": weekly })),
            )
            .await
            .expect(200);
    }

    pub async fn create_type(&self, body: Value) -> String {
        self.org
            .post("/v1/management/appointment-types", body)
            .await
            .expect(201)["appointment_type_uid"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The plain appointment type most tests book: "Consult", 30 minutes.
    pub async fn consult_type(&self) -> String {
        self.create_type(json!({ "name": "Consult", "duration_minutes": 30 }))
            .await
    }

    /// `days_ahead` days from today at `hh:mm` local time, as RFC 3339 UTC.
    pub fn at(&self, days_ahead: i64, hh: u32, mm: u32) -> String {
        use chrono::{TimeZone, Utc};
        let date = (Utc::now().with_timezone(&self.time_zone) + chrono::Duration::days(days_ahead))
            .date_naive();
        let local = date.and_hms_opt(hh, mm, 0).unwrap();
        self.time_zone
            .from_local_datetime(&local)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    pub fn date(&self, days_ahead: i64) -> String {
        (chrono::Utc::now().with_timezone(&self.time_zone) + chrono::Duration::days(days_ahead))
            .date_naive()
            .to_string()
    }

    pub fn booking(&self, doctor: usize, type_uid: &str, start: &str, patient: &str) -> Value {
        json!({
            "shop_uid": self.shop.shop_uid,
            "doctor_uid": self.doctors[doctor].0,
            "appointment_type_uid": type_uid,
            "patient_profile_uid": patient,
            "start": start,
            "payment_mode": "at_clinic",
        })
    }

    pub async fn book(
        &self,
        doctor: usize,
        type_uid: &str,
        start: &str,
        patient: &str,
        status: &str,
    ) -> Value {
        let mut body = self.booking(doctor, type_uid, start, patient);
        body["status"] = json!(status);
        self.org
            .post("/v1/management/appointments", body)
            .await
            .expect(201)
    }

    pub async fn slots(&self, type_uid: &str, from_days: i64, to_days: i64) -> Vec<Value> {
        self.org
            .get(&format!(
                "/v1/management/slots?shop_uid={}&appointment_type_uid={type_uid}&start_date={}&end_date={}",
                self.shop.shop_uid,
                self.date(from_days),
                self.date(to_days)
            ))
            .await
            .expect(200)["slots"]
            .as_array()
            .unwrap()
            .clone()
    }
}

/// How long the tests let the read model (the appointment overview, the
/// audit log, deliveries and messages) trail a shop's change. Shops answer
/// once their own storage commits and deliver to D1 right after, normally
/// within a second; a loaded 2-core machine gets more room.
pub const READ_MODEL_BOUND: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads with `read` until `ready` holds of what it read, or until
/// [`READ_MODEL_BOUND`] passes, and returns the last value read: the
/// caller's assertions then say what was wrong.
pub async fn settled<T, F, Fut>(mut read: F, ready: impl Fn(&T) -> bool) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let deadline = tokio::time::Instant::now() + READ_MODEL_BOUND;
    loop {
        let value = read().await;
        if ready(&value) || tokio::time::Instant::now() >= deadline {
            return value;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Percent-encodes everything but unreserved characters, for query values.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
