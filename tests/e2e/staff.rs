//! Staff users and signing in (issue 13, items 1 to 3): a link from the
//! local outbox, the session cookie, what each role may do, the origin
//! check on writes, deactivation ending sessions at once, signing out.

use std::sync::Arc;

use frontdesk_tests::client::{settled, Api, Clinic, Org, Reply};
use frontdesk_tests::server::OPERATOR_TOKEN;
use libtest_mimic::{Failed, Trial};
use reqwest::Method;
use serde_json::{json, Value};

use crate::trial;

pub fn trials(base: &Arc<String>) -> Vec<Trial> {
    let b = base.to_string();
    vec![
        trial(
            "staff_sign_in_by_link_sessions_roles_and_sign_out",
            base,
            journey,
        ),
        Trial::test("browser_doctor_portal_journey", move || doctor_portal(&b)),
        {
            let b = base.to_string();
            Trial::test("browser_admin_portal_journey", move || admin_portal(&b))
        },
        trial(
            "staff_reminders_reach_the_admins_and_the_doctors_email",
            base,
            reminders_reach_staff,
        ),
    ]
}

/// A link past its lifetime opens no session, and a fresh one still does;
/// asking too often is refused. On a server of its own whose links last 2
/// seconds (`SIGN_IN_LINK_TTL_SECONDS`), so the test need not wait 15
/// minutes, and which allows 3 link requests a minute.
pub fn expired_link() -> Result<(), Failed> {
    let state = tempfile::tempdir().map_err(|e| Failed::from(e.to_string()))?;
    let mut server = frontdesk_tests::server::Server::start_with_limits(
        state.path(),
        &[("SIGN_IN_LINK_TTL_SECONDS", "2")],
        &[
            ("RATE_LIMIT_AUTH_FAILURES", 100_000),
            ("RATE_LIMIT_SIGN_IN", 3),
        ],
    );
    let base = server.base.clone();
    crate::block_on(async move {
        let api = Api::new(&base);
        let created = Api::reply(
            api.http
                .post(format!("{base}/v1/operator/organizations"))
                .bearer_auth(OPERATOR_TOKEN)
                .json(&json!({ "name": "Expiry clinic", "admin_email": "late@expiry.example" })),
        )
        .await
        .expect(201);
        let org = Org {
            api: api.clone(),
            org_uid: created["organization_uid"].as_str().unwrap().to_owned(),
            key: created["api_key"].as_str().unwrap().to_owned(),
        };
        let staff = org.get("/v1/management/staff").await.expect(200);
        let uid = staff["data"][0]["staff_uid"].as_str().unwrap().to_owned();
        let token = link_for(&org, "late@expiry.example", &uid).await;
        tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
        let late = api
            .http
            .post(format!("{base}/v1/auth/session"))
            .header("Origin", &base)
            .json(&json!({ "token": token }));
        let e = Api::reply(late).await.expect_error(401, "unauthorized");
        assert!(
            e["message"].as_str().unwrap().contains("expired")
                || e["message"].as_str().unwrap().contains("not valid"),
            "{e}"
        );
        // The same address asks again and signs in at once.
        let mut fresh = link_for(&org, "late@expiry.example", &uid).await;
        for _ in 0..100 {
            if fresh != token {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            fresh = newest_link(&org, &uid).await;
        }
        assert_ne!(fresh, token, "a second link arrived");
        let browser = sign_in(&api, &fresh).await;
        browser.get("/v1/auth/session").await.expect(200);

        // Two links asked for; the third is answered, the fourth is not.
        let ask = || async {
            api.http
                .post(format!("{base}/v1/auth/sign-in"))
                .json(&json!({ "email": "late@expiry.example" }))
                .send()
                .await
                .unwrap()
        };
        assert_eq!(ask().await.status().as_u16(), 202);
        let refused = ask().await;
        assert_eq!(refused.status().as_u16(), 429);
        assert_eq!(refused.headers()["retry-after"], "60");
    });
    server.stop();
    Ok(())
}

/// The doctor portal in headless Chromium (tests/browser/doctor_portal.mjs):
/// a doctor of a fresh organisation, invited as staff.
fn doctor_portal(base: &str) -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (org, shop, doctor, staff_uid) = rt.block_on(async {
        let org = Api::new(base).create_org("Portal clinic").await;
        let shop = org.create_shop("Portal shop").await;
        let (doctor, _) = org.create_doctor(&shop, "Dr Portal").await;
        let staff = org
            .api
            .call(
                Method::POST,
                "/v1/management/staff",
                Some(&org.key),
                Some(json!({ "email": "portal@doctor.example", "name": "Dr Portal", "role": "doctor", "doctor_uid": doctor })),
            )
            .await
            .expect(201);
        let uid = staff["staff_uid"].as_str().unwrap().to_owned();
        (org, shop, doctor, uid)
    });
    frontdesk_tests::browser::run(
        "doctor_portal.mjs",
        &[
            ("FRONTDESK_URL", base),
            ("FRONTDESK_API_KEY", &org.key),
            ("FRONTDESK_SHOP_UID", &shop.shop_uid),
            ("FRONTDESK_DOCTOR_UID", &doctor),
            ("FRONTDESK_DOCTOR_EMAIL", "portal@doctor.example"),
            ("FRONTDESK_STAFF_UID", &staff_uid),
        ],
    )
    .map_err(Failed::from)
}

/// A browser-like client of one staff user: the session cookie, sent with
/// the API's own `Origin` unless a test says otherwise.
struct Browser {
    api: Api,
    cookie: String,
}

impl Browser {
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        origin: Option<&str>,
    ) -> Reply {
        let mut req = self
            .api
            .http
            .request(method, format!("{}{path}", self.api.base))
            .header("Cookie", &self.cookie);
        if let Some(origin) = origin {
            req = req.header("Origin", origin);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        Api::reply(req).await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None, None).await
    }

    /// A change from Frontdesk's own page.
    async fn change(&self, method: Method, path: &str, body: Value) -> Reply {
        let origin = self.api.base.clone();
        self.send(method, path, Some(body), Some(&origin)).await
    }
}

/// Asks for a link for `email` and takes its token from the local outbox.
async fn link_for(org: &Org, email: &str, staff_uid: &str) -> String {
    org.api
        .call(
            Method::POST,
            "/v1/auth/sign-in",
            None,
            Some(json!({ "email": email })),
        )
        .await
        .expect(202);
    let recipient = format!("staff:{staff_uid}");
    let messages =
        settled(
            || async { org.get("/v1/management/messages").await.expect(200) },
            |m| {
                m["data"].as_array().unwrap().iter().any(|x| {
                    x["recipient"] == recipient.as_str() && x["status"] == "stored_locally"
                })
            },
        )
        .await;
    let message = messages["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["recipient"] == recipient.as_str() && x["status"] == "stored_locally")
        .unwrap()
        .clone();
    assert_eq!(message["address"], email.to_lowercase(), "{message}");
    assert_eq!(message["channel"], "email");
    let body = message["body"].as_str().unwrap();
    let token = body
        .split("/sign-in#token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no link in {body}"));
    token.to_owned()
}

/// The token of the newest sign-in link in the local outbox for `staff_uid`.
async fn newest_link(org: &Org, staff_uid: &str) -> String {
    let recipient = format!("staff:{staff_uid}");
    let messages = org.get("/v1/management/messages").await.expect(200);
    let body = messages["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["recipient"] == recipient.as_str() && x["status"] == "stored_locally")
        .and_then(|m| m["body"].as_str())
        .unwrap_or_default()
        .to_owned();
    body.split("/sign-in#token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default()
        .to_owned()
}

/// Exchanges a link's token for a session, from the API's own origin.
async fn sign_in(api: &Api, token: &str) -> Browser {
    let resp = api
        .http
        .post(format!("{}/v1/auth/session", api.base))
        .header("Origin", &api.base)
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let set_cookie = resp
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP on localhost: {set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    assert!(cookie.starts_with("fd_session=fds."), "{cookie}");
    Browser {
        api: api.clone(),
        cookie,
    }
}

async fn journey(base: String) {
    let api = Api::new(&base);
    // The operator names the first admin.
    let created = Api::reply(
        api.http
            .post(format!("{base}/v1/operator/organizations"))
            .bearer_auth(OPERATOR_TOKEN)
            .json(&json!({ "name": "Staff clinic", "admin_email": "Admin@Staff.example", "admin_name": "Ada Admin" })),
    )
    .await
    .expect(201);
    let org = Org {
        api: api.clone(),
        org_uid: created["organization_uid"].as_str().unwrap().to_owned(),
        key: created["api_key"].as_str().unwrap().to_owned(),
    };
    let staff = org.get("/v1/management/staff").await.expect(200);
    let admins = staff["data"].as_array().unwrap();
    assert_eq!(admins.len(), 1, "{staff}");
    assert_eq!(admins[0]["email"], "admin@staff.example");
    assert_eq!(admins[0]["role"], "admin");
    assert_eq!(admins[0]["active"], true);
    let admin_uid = admins[0]["staff_uid"].as_str().unwrap().to_owned();

    // Inviting a doctor: checked field by field.
    let shop = org.create_shop("Staff shop").await;
    let (doctor, _) = org.create_doctor(&shop, "Dr Staff").await;
    let (other_doctor, _) = org.create_doctor(&shop, "Dr Other").await;
    let invite = |body: Value| {
        let org = org.clone();
        async move {
            org.api
                .call(
                    Method::POST,
                    "/v1/management/staff",
                    Some(&org.key),
                    Some(body),
                )
                .await
        }
    };
    let bad = invite(json!({ "email": "doc@staff.example", "name": "Dr Staff", "role": "doctor" }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "doctor_uid");
    let bad = invite(json!({ "email": "not an email", "name": "Dr Staff", "role": "doctor", "doctor_uid": doctor }))
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "email");
    let unknown = invite(json!({ "email": "doc@staff.example", "name": "Dr Staff", "role": "doctor", "doctor_uid": "doc_0000000000000000000000000a" }))
        .await
        .expect_error(404, "not_found");
    assert_eq!(unknown["field"], "doctor_uid");
    let doc = invite(json!({ "email": "Doc@Staff.example", "name": "Dr Staff", "role": "doctor", "doctor_uid": doctor }))
        .await
        .expect(201);
    assert_eq!(doc["email"], "doc@staff.example");
    assert_eq!(doc["doctor_uid"], doctor.as_str());
    let doc_uid = doc["staff_uid"].as_str().unwrap().to_owned();
    invite(json!({ "email": "doc@STAFF.example", "name": "Again", "role": "admin" }))
        .await
        .expect_error(409, "staff_email_taken");

    // The same answer for a stranger, and no message for them.
    let stranger = api
        .call(
            Method::POST,
            "/v1/auth/sign-in",
            None,
            Some(json!({ "email": "nobody@staff.example" })),
        )
        .await
        .expect(202);
    let known = api
        .call(
            Method::POST,
            "/v1/auth/sign-in",
            None,
            Some(json!({ "email": "doc@staff.example" })),
        )
        .await
        .expect(202);
    assert_eq!(stranger, known, "the same answer, known or not");
    let token = link_for(&org, "doc@staff.example", &doc_uid).await;
    assert!(token.starts_with("fdl."), "{token}");

    // Another site cannot spend the link (a cross-site form post).
    let cross = api
        .http
        .post(format!("{base}/v1/auth/session"))
        .header("Origin", "https://evil.example")
        .json(&json!({ "token": token }));
    Api::reply(cross)
        .await
        .expect_error(403, "cross_site_request");
    let doctor_browser = sign_in(&api, &token).await;
    // Used once.
    let again = api
        .http
        .post(format!("{base}/v1/auth/session"))
        .header("Origin", &base)
        .json(&json!({ "token": token }));
    Api::reply(again).await.expect_error(401, "unauthorized");

    let me = doctor_browser.get("/v1/auth/session").await.expect(200);
    assert_eq!(me["staff"]["staff_uid"], doc_uid.as_str());
    assert_eq!(me["staff"]["role"], "doctor");
    assert_eq!(me["organization_uid"], org.org_uid.as_str());

    // A doctor's session: the waiting room for their own doctor only, no
    // admin route, and no write without the API's own origin.
    doctor_browser
        .get("/v1/management/shops")
        .await
        .expect_error(403, "missing_scope");
    doctor_browser
        .get("/v1/management/staff")
        .await
        .expect_error(403, "missing_scope");
    let presence = json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor, "online": true });
    doctor_browser
        .send(
            Method::PUT,
            "/v1/management/waiting-room/presence",
            Some(presence.clone()),
            None,
        )
        .await
        .expect_error(403, "cross_site_request");
    doctor_browser
        .send(
            Method::PUT,
            "/v1/management/waiting-room/presence",
            Some(presence.clone()),
            Some("https://evil.example"),
        )
        .await
        .expect_error(403, "cross_site_request");
    doctor_browser
        .change(
            Method::PUT,
            "/v1/management/waiting-room/presence",
            presence,
        )
        .await
        .expect(200);
    let others = json!({ "shop_uid": shop.shop_uid, "doctor_uid": other_doctor, "online": true });
    doctor_browser
        .change(Method::PUT, "/v1/management/waiting-room/presence", others)
        .await
        .expect_error(403, "not_this_doctor");
    let reg = org.register(&shop, "pp-staff-1").await;
    let taken = doctor_browser
        .change(
            Method::POST,
            "/v1/management/waiting-room/allocate",
            json!({ "shop_uid": shop.shop_uid, "doctor_uid": doctor }),
        )
        .await
        .expect(200);
    assert_eq!(taken["queue_uid"], reg["queue_uid"], "{taken}");

    // The admin signs in too, and may do what an admin key does.
    let admin_browser = sign_in(
        &api,
        &link_for(&org, "admin@staff.example", &admin_uid).await,
    )
    .await;
    admin_browser.get("/v1/management/shops").await.expect(200);
    admin_browser
        .change(
            Method::PATCH,
            &format!("/v1/management/staff/{admin_uid}"),
            json!({ "active": false }),
        )
        .await
        .expect_error(409, "deactivating_self");
    // Deactivating the doctor ends their session at once.
    let off = admin_browser
        .change(
            Method::PATCH,
            &format!("/v1/management/staff/{doc_uid}"),
            json!({ "active": false }),
        )
        .await
        .expect(200);
    assert_eq!(off["active"], false);
    doctor_browser
        .get("/v1/auth/session")
        .await
        .expect_error(401, "unauthorized");
    // And a deactivated user gets no new link.
    let before = org.get("/v1/management/messages").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .len();
    api.call(
        Method::POST,
        "/v1/auth/sign-in",
        None,
        Some(json!({ "email": "doc@staff.example" })),
    )
    .await
    .expect(202);
    let after = org.get("/v1/management/messages").await.expect(200)["data"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after, "no link for a deactivated user");

    // Every sign-in is audited.
    let audit = org.get("/v1/management/audit-log").await.expect(200);
    let signed_in = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "staff.signed_in")
        .count();
    assert_eq!(signed_in, 2, "{audit}");

    // Signing out everywhere ends the admin's session and clears the cookie.
    let resp = admin_browser
        .api
        .http
        .post(format!("{base}/v1/auth/sign-out-everywhere"))
        .header("Cookie", &admin_browser.cookie)
        .header("Origin", &base)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let cleared = resp
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let ended: Value = resp.json().await.unwrap();
    assert_eq!(ended["sessions_ended"], 1);
    admin_browser
        .get("/v1/management/shops")
        .await
        .expect_error(401, "unauthorized");
    let audit = org.get("/v1/management/audit-log").await.expect(200);
    assert!(
        audit["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "staff.signed_out_everywhere"
                && e["actor"] == format!("staff:{admin_uid}")),
        "{audit}"
    );
}

/// Seed 001's `admin` and doctor reminders reach staff (issue 13 item 4):
/// the admin group's email goes to every active admin, a doctor's email to
/// their staff account. Both end in the local outbox.
async fn reminders_reach_staff(base: String) {
    let clinic = Clinic::new(&base, "Staff reminders", 1, "Europe/Berlin").await;
    let org = &clinic.org;
    let doctor = clinic.doctors[0].0.clone();
    let invite = |body: Value| async move {
        org.api
            .call(
                Method::POST,
                "/v1/management/staff",
                Some(&org.key),
                Some(body),
            )
            .await
            .expect(201)
    };
    // Admin SMS go to the admins with a mobile number, written with its
    // country code.
    let bad = org
        .api
        .call(
            Method::POST,
            "/v1/management/staff",
            Some(&org.key),
            Some(json!({ "email": "one@admins.example", "name": "One", "role": "admin", "mobile_phone": "0151 23456789" })),
        )
        .await
        .expect_error(400, "invalid_request");
    assert_eq!(bad["field"], "mobile_phone");
    let one = invite(json!({ "email": "one@admins.example", "name": "One", "role": "admin", "mobile_phone": "+49 151 23456789" })).await;
    assert_eq!(one["mobile_phone"], "+4915123456789");
    let two = invite(json!({ "email": "two@admins.example", "name": "Two", "role": "admin", "mobile_phone": "+44 7700 900123" })).await;
    let two_uid = two["staff_uid"].as_str().unwrap();
    let cleared = org
        .api
        .call(
            Method::PATCH,
            &format!("/v1/management/staff/{two_uid}"),
            Some(&org.key),
            Some(json!({ "mobile_phone": null })),
        )
        .await
        .expect(200);
    assert_eq!(cleared["mobile_phone"], Value::Null);
    let gone =
        invite(json!({ "email": "gone@admins.example", "name": "Gone", "role": "admin" })).await;
    org.api
        .call(
            Method::PATCH,
            &format!(
                "/v1/management/staff/{}",
                gone["staff_uid"].as_str().unwrap()
            ),
            Some(&org.key),
            Some(json!({ "active": false })),
        )
        .await
        .expect(200);
    invite(json!({ "email": "doc@reminded.example", "name": "Dr R", "role": "doctor", "doctor_uid": doctor })).await;
    let type_uid = clinic
        .create_type(json!({
            "name": "Reminded staff",
            "duration_minutes": 30,
            "reminders": [
                { "recipient": "doctor", "minutes_before": 2880, "send_email": true, "send_sms": false },
                { "recipient": "admin", "minutes_before": 2880, "send_email": true, "send_sms": true }
            ]
        }))
        .await;
    let booked = clinic
        .book(
            0,
            &type_uid,
            &clinic.at(1, 10, 0),
            "pp-staff-reminded",
            "confirmed",
        )
        .await;
    let uid = booked["appointment_uid"].as_str().unwrap().to_owned();
    let listed = format!(
        "/v1/management/appointments?shop_uid={}&status=confirmed",
        clinic.shop.shop_uid
    );
    settled(
        || async { org.get(&listed).await.expect(200) },
        |v: &Value| v.to_string().contains(&uid),
    )
    .await;
    let resp = reqwest::get(format!("{base}/__scheduled?cron=*+*+*+*+*"))
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let messages = settled(
        || async { org.get("/v1/management/messages").await.expect(200) },
        |m: &Value| {
            m["data"]
                .as_array()
                .is_some_and(|d| d.len() >= 3 && d.iter().all(|x| x["status"] != "queued"))
        },
    )
    .await;
    let msgs = messages["data"].as_array().unwrap();
    assert_eq!(msgs.len(), 3, "{messages}");
    let of = |recipient: &str, channel: &str| {
        msgs.iter()
            .find(|m| m["recipient"] == recipient && m["channel"] == channel)
            .unwrap_or_else(|| panic!("no {channel} for {recipient}: {messages}"))
            .clone()
    };
    let admins = of("admin", "email");
    assert_eq!(admins["status"], "stored_locally", "{admins}");
    assert_eq!(admins["address"], "one@admins.example, two@admins.example");
    let admin_sms = of("admin", "sms");
    assert_eq!(admin_sms["status"], "stored_locally", "{admin_sms}");
    assert_eq!(
        admin_sms["address"], "+4915123456789",
        "the admin without a number gets none"
    );
    let doc = of(&format!("doctor:{doctor}"), "email");
    assert_eq!(doc["status"], "stored_locally", "{doc}");
    assert_eq!(doc["address"], "doc@reminded.example");
}

/// The admin portal in headless Chromium (tests/browser/admin_portal.mjs):
/// an admin of a clinic with two confirmed appointments.
fn admin_portal(base: &str) -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (clinic, staff_uid, appointments) = rt.block_on(async {
        let clinic = Clinic::new(base, "Admin portal", 1, "UTC").await;
        let type_uid = clinic.consult_type().await;
        let mut appointments = Vec::new();
        for hour in [10, 11] {
            let booked = clinic
                .book(0, &type_uid, &clinic.at(2, hour, 0), &format!("pp-admin-{hour}"), "confirmed")
                .await;
            appointments.push(booked["appointment_uid"].as_str().unwrap().to_owned());
        }
        let org = &clinic.org;
        let staff = org
            .api
            .call(
                Method::POST,
                "/v1/management/staff",
                Some(&org.key),
                Some(json!({ "email": "admin@portal.example", "name": "Ada Admin", "role": "admin" })),
            )
            .await
            .expect(201);
        // The overview reads the read model: wait until it has both.
        let listed = format!("/v1/management/appointments?shop_uid={}", clinic.shop.shop_uid);
        settled(
            || async { org.get(&listed).await.expect(200) },
            |v: &Value| appointments.iter().all(|a| v.to_string().contains(a.as_str())),
        )
        .await;
        let uid = staff["staff_uid"].as_str().unwrap().to_owned();
        (clinic, uid, appointments)
    });
    frontdesk_tests::browser::run(
        "admin_portal.mjs",
        &[
            ("FRONTDESK_URL", base),
            ("FRONTDESK_API_KEY", &clinic.org.key),
            ("FRONTDESK_ADMIN_EMAIL", "admin@portal.example"),
            ("FRONTDESK_STAFF_UID", &staff_uid),
            ("FRONTDESK_DOCTOR_UID", &clinic.doctors[0].0),
            ("FRONTDESK_APPOINTMENTS", &appointments.join(",")),
        ],
    )
    .map_err(Failed::from)
}
