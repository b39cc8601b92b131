//! The patient directory and the call-center flow (seeds 002, 003, 004):
//! records with seed 002's demographics, lookup by uid, MRN, external
//! identifier or mobile number (normalised to E.164 and indexed), past
//! completed visits with the clinic's address, booking for a found patient,
//! and creating a patient together with their appointment. Every read and
//! write of a record is written to the audit log.

use chrono::{DateTime, Utc};
use frontdesk_core::auth::Scope;
use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::ids::{OrgUid, PatientProfileUid};
use frontdesk_core::patient::{merge_patch, Demographics, PatientError, Profile};
use frontdesk_core::phone::{normalize, Region};
use frontdesk_core::wire::{Body, Book};
use serde::Deserialize;
use serde_json::{json, Value};
use worker::wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, Env, Request, Response};

use crate::ambient::entropy;
use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::context::Ctx;
use crate::directory::{s, timestamp, Directory, Page};
use crate::edge::{idempotency_key, json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::{appointments, Actor};
use crate::webhooks;

fn invalid(e: PatientError, prefix: &str) -> ApiError {
    let field = if prefix.is_empty() {
        e.path.clone()
    } else {
        format!("{prefix}.{}", e.path)
    };
    ApiError::BadRequest {
        code: ErrorCode::InvalidRequest,
        field: Some(field.clone()),
        message: format!("`{field}` {}", e.problem),
    }
}

async fn region(dir: &Directory, org: &OrgUid) -> ApiResult<Region> {
    dir.default_region(org).await
}

// Not input: a fixed prefix and base32 of random bytes always parse.
#[allow(clippy::expect_used)]
fn new_patient_uid() -> PatientProfileUid {
    let random = data_encoding::BASE32_DNSSEC.encode(&entropy::<16>());
    PatientProfileUid::parse(&format!("pp_{random}"))
        .expect("a minted patient uid has a valid shape")
}

struct Stored {
    body: Value,
    created_at: String,
    updated_at: String,
}

async fn load(dir: &Directory, org: &OrgUid, uid: &str) -> ApiResult<Option<Stored>> {
    #[derive(Deserialize)]
    struct Row {
        body: String,
        created_at: String,
        updated_at: String,
    }
    let row: Option<Row> = dir
        .stmt(
            "SELECT body, created_at, updated_at FROM patients WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?
        .first(None)
        .await?;
    row.map(|r| {
        Ok(Stored {
            body: serde_json::from_str(&r.body)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    })
    .transpose()
}

/// A record as just written, for the response.
async fn stored_view(dir: &Directory, org: &OrgUid, uid: &str) -> ApiResult<Value> {
    let stored = load(dir, org, uid)
        .await?
        .ok_or_else(|| ApiError::Internal("stored patient vanished".into()))?;
    Ok(view(uid, &stored))
}

fn view(uid: &str, stored: &Stored) -> Value {
    let mut v = stored.body.clone();
    v["patient_uid"] = json!(uid);
    v["created_at"] = json!(stored.created_at);
    v["updated_at"] = json!(stored.updated_at);
    v
}

/// Refuses an MRN or external identifier already used by another patient.
async fn check_unique(dir: &Directory, org: &OrgUid, uid: &str, d: &Demographics) -> ApiResult<()> {
    #[derive(Deserialize)]
    struct Hit {
        #[allow(dead_code)]
        patient_uid: String,
    }
    if let Some(mrn) = &d.mrn {
        let hit: Option<Hit> = dir
            .stmt(
                "SELECT patient_uid FROM patients WHERE org_uid = ?1 AND mrn = ?2 AND patient_uid != ?3",
                &[s(org.as_str()), s(mrn), s(uid)],
            )?
            .first(None)
            .await?;
        if hit.is_some() {
            return Err(ApiError::conflict(
                ErrorCode::MrnTaken,
                "another patient has this MRN",
            ));
        }
    }
    for id in &d.identifiers {
        let hit: Option<Hit> = dir
            .stmt(
                "SELECT patient_uid FROM patient_identifiers
                 WHERE org_uid = ?1 AND system = ?2 AND value = ?3 AND patient_uid != ?4",
                &[s(org.as_str()), s(&id.system), s(&id.value), s(uid)],
            )?
            .first(None)
            .await?;
        if hit.is_some() {
            return Err(ApiError::conflict(
                ErrorCode::IdentifierTaken,
                format!("another patient has this {} identifier", id.system),
            ));
        }
    }
    Ok(())
}

/// The statements that store a record and its search keys, as one batch.
fn writes(
    dir: &Directory,
    org: &OrgUid,
    uid: &str,
    d: &Demographics,
    created_at: &str,
    now: DateTime<Utc>,
) -> ApiResult<Vec<D1PreparedStatement>> {
    let body = serde_json::to_string(d)?;
    let mut stmts = vec![
        dir.stmt(
            "INSERT INTO patients (patient_uid, org_uid, mrn, active, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (patient_uid) DO UPDATE SET mrn = excluded.mrn, active = excluded.active,
                 body = excluded.body, updated_at = excluded.updated_at
             WHERE patients.org_uid = excluded.org_uid",
            &[
                s(uid),
                s(org.as_str()),
                d.mrn.as_deref().map_or(JsValue::NULL, s),
                JsValue::from(d.active as i32),
                s(&body),
                s(created_at),
                s(&timestamp(now)),
            ],
        )?,
        dir.stmt(
            "DELETE FROM patient_phones WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?,
        dir.stmt(
            "DELETE FROM patient_identifiers WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?,
    ];
    for phone in d.phones() {
        stmts.push(dir.stmt(
            "INSERT INTO patient_phones (org_uid, e164, patient_uid) VALUES (?1, ?2, ?3)",
            &[s(org.as_str()), s(phone.as_str()), s(uid)],
        )?);
    }
    for id in &d.identifiers {
        stmts.push(dir.stmt(
            "INSERT INTO patient_identifiers (org_uid, system, value, patient_uid) VALUES (?1, ?2, ?3, ?4)",
            &[s(org.as_str()), s(&id.system), s(&id.value), s(uid)],
        )?);
    }
    Ok(stmts)
}

/// One write of a patient's record, the event that announces it, and who
/// made it (for the audit log, written in the same batch).
struct Change<'a> {
    uid: &'a str,
    record: &'a Demographics,
    created_at: &'a str,
    event: PatientEvent,
    actor: &'a str,
    /// The audit log's action, when it is not the event's own name.
    action: Option<&'a str>,
}

#[derive(Clone, Copy)]
enum PatientEvent {
    Created,
    Updated,
    Deactivated,
}

impl PatientEvent {
    fn kind(self) -> &'static str {
        match self {
            PatientEvent::Created => "patient:created",
            PatientEvent::Updated => "patient:updated",
            PatientEvent::Deactivated => "patient:deactivated",
        }
    }

    /// The audit log's name for the same change.
    fn action(self) -> &'static str {
        match self {
            PatientEvent::Created => "patient.created",
            PatientEvent::Updated => "patient.updated",
            PatientEvent::Deactivated => "patient.deactivated",
        }
    }
}

/// Stores the record with its event and deliveries in one D1 batch, so the
/// change is never made unannounced, then wakes the notifier.
async fn store(
    env: &Env,
    dir: &Directory,
    org: &OrgUid,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if matches!(change.event, PatientEvent::Created) && load(dir, org, change.uid).await?.is_some()
    {
        // A replay (the same Idempotency-Key, a token holder's record made
        // a moment ago): the record is there, and was announced once.
        return Ok(());
    }
    check_unique(dir, org, change.uid, change.record).await?;
    let data = json!({ "patient_uid": change.uid, "active": change.record.active });
    let events = [webhooks::event(
        change.event.kind(),
        org.as_str(),
        data,
        now,
    )];
    let mut statements = writes(dir, org, change.uid, change.record, change.created_at, now)?;
    statements.extend(webhooks::event_statements(dir, &events, now)?);
    // In the same batch: a change whose audit row cannot be written is not
    // made.
    let entry = Entry {
        actor: change.actor,
        action: change.action.unwrap_or(change.event.action()),
        target: change.uid,
        outcome: "ok",
    };
    statements.push(audit::statement(dir, org, entry, now)?);
    dir.batch(statements).await.map_err(|e| match e {
        // Two requests raced past the check above: the index decides.
        ApiError::Internal(m) if m.contains("UNIQUE") => ApiError::conflict(
            ErrorCode::PatientConflict,
            "another patient has this MRN or identifier",
        ),
        other => other,
    })?;
    webhooks::wake(env, &events).await
}

async fn audit(
    cx: &Ctx,
    caller: &Caller,
    action: &str,
    target: &str,
    outcome: &str,
) -> ApiResult<()> {
    let entry = Entry {
        actor: &caller.key_id,
        action,
        target,
        outcome,
    };
    audit::record(&cx.dir, &caller.org, entry, cx.now).await
}

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
    let body = json_body(req).await?;
    let now = cx.now;
    let d = Demographics::parse(
        body.into_value(),
        region(dir, &caller.org).await?,
        now.date_naive(),
    )
    .map_err(|e| invalid(e, ""))?;
    let uid = new_patient_uid();
    let change = Change {
        uid: uid.as_str(),
        record: &d,
        created_at: &timestamp(now),
        event: PatientEvent::Created,
        actor: &caller.key_id,
        action: None,
    };
    store(env, dir, &caller.org, change, now).await?;
    json(201, &stored_view(dir, &caller.org, uid.as_str()).await?)
}

pub async fn get(cx: &Ctx, caller: &Caller, uid: &PatientProfileUid) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let uid = uid.as_str();
    match load(dir, &caller.org, uid).await? {
        Some(stored) => {
            audit(cx, caller, "patient.read", uid, "ok").await?;
            json(200, &view(uid, &stored))
        }
        None => {
            audit(cx, caller, "patient.read", uid, "not_found").await?;
            Err(ApiError::not_found("patient"))
        }
    }
}

/// `PUT` replaces the record; `PATCH` merges a JSON merge patch into it.
/// Either way the result is validated whole.
pub async fn update(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    uid: &PatientProfileUid,
    how: PatientUpdate,
) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
    let uid = uid.as_str();
    let body = json_body(req).await?.into_value();
    let Some(current) = load(dir, &caller.org, uid).await? else {
        audit(cx, caller, "patient.updated", uid, "not_found").await?;
        return Err(ApiError::not_found("patient"));
    };
    let next = match how {
        PatientUpdate::MergePatch => {
            let mut merged = current.body.clone();
            merge_patch(&mut merged, &body);
            merged
        }
        PatientUpdate::Replace => body,
    };
    let now = cx.now;
    let d = Demographics::parse(next, region(dir, &caller.org).await?, now.date_naive())
        .map_err(|e| invalid(e, ""))?;
    let event = if current.body["active"] != json!(false) && !d.active {
        PatientEvent::Deactivated
    } else {
        PatientEvent::Updated
    };
    let change = Change {
        uid,
        record: &d,
        created_at: &current.created_at,
        event,
        actor: &caller.key_id,
        action: None,
    };
    store(env, dir, &caller.org, change, now).await?;
    json(200, &stored_view(dir, &caller.org, uid).await?)
}

/// Lookup by one of: `phone` (any format; `country` overrides the
/// organisation's default), `mrn`, or `identifier_system` with
/// `identifier_value`. A shared number returns the whole family.
pub async fn find(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let url = req.url()?;
    let q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    search(cx, caller, &q).await
}

/// The fields a search may name, in the query string or the body.
const SEARCH_FIELDS: [&str; 5] = [
    "phone",
    "country",
    "mrn",
    "identifier_system",
    "identifier_value",
];

/// `POST /v1/management/patients/search`: [`find`] with the terms in a
/// JSON body, so phone numbers and MRNs stay out of URLs.
pub async fn find_by_body(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let body = json_body(req).await?;
    let mut terms = Vec::new();
    for field in SEARCH_FIELDS {
        match body.raw(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(v)) => terms.push((field.to_owned(), v.clone())),
            Some(_) => {
                return Err(ApiError::bad_field(
                    field,
                    format!("`{field}` must be a string"),
                ))
            }
        }
    }
    search(cx, caller, &terms).await
}

async fn search(cx: &Ctx, caller: &Caller, q: &[(String, String)]) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let param = |name: &str| {
        q.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    #[derive(Deserialize)]
    struct Row {
        patient_uid: String,
        body: String,
        created_at: String,
        updated_at: String,
    }
    let (sql, args, searched) = if let Some(phone) = param("phone") {
        let region = match param("country") {
            Some(c) => Region::parse(c)
                .map_err(|e| ApiError::bad_field("country", format!("`country`: {e}")))?,
            None => region(dir, &caller.org).await?,
        };
        let e164 = normalize(phone, region)
            .map_err(|e| ApiError::bad_field("phone", format!("`phone` {e}")))?;
        (
            "SELECT p.patient_uid, p.body, p.created_at, p.updated_at
             FROM patient_phones ph JOIN patients p ON p.patient_uid = ph.patient_uid
             WHERE ph.org_uid = ?1 AND ph.e164 = ?2 ORDER BY p.patient_uid LIMIT 100",
            vec![s(caller.org.as_str()), s(e164.as_str())],
            "phone",
        )
    } else if let Some(mrn) = param("mrn") {
        (
            "SELECT patient_uid, body, created_at, updated_at FROM patients WHERE org_uid = ?1 AND mrn = ?2",
            vec![s(caller.org.as_str()), s(mrn)],
            "mrn",
        )
    } else if let (Some(system), Some(value)) =
        (param("identifier_system"), param("identifier_value"))
    {
        (
            "SELECT p.patient_uid, p.body, p.created_at, p.updated_at
             FROM patient_identifiers i JOIN patients p ON p.patient_uid = i.patient_uid
             WHERE i.org_uid = ?1 AND i.system = ?2 AND i.value = ?3",
            vec![s(caller.org.as_str()), s(system), s(value)],
            "identifier",
        )
    } else {
        return Err(ApiError::bad_field(
            "phone",
            "search by `phone`, by `mrn`, or by `identifier_system` with `identifier_value`",
        ));
    };
    let rows: Vec<Row> = dir.stmt(sql, &args)?.all().await?.results()?;
    let mut data = Vec::new();
    let mut entries = Vec::new();
    for r in &rows {
        let stored = Stored {
            body: serde_json::from_str(&r.body)?,
            created_at: r.created_at.clone(),
            updated_at: r.updated_at.clone(),
        };
        data.push(view(&r.patient_uid, &stored));
        entries.push(r.patient_uid.as_str());
    }
    let action = format!("patient.read (search by {searched})");
    audit::record_many(dir, &caller.org, &caller.key_id, &action, &entries, cx.now).await?;
    json(200, &json!({ "data": data }))
}

/// Seed 004's getPatientPastCompletedAppointment: completed visits, newest
/// first, each with its doctor, appointment type and the clinic's address.
pub async fn past_appointments(
    req: &Request,
    cx: &Ctx,
    caller: &Caller,
    uid: &PatientProfileUid,
) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let uid = uid.as_str();
    if load(dir, &caller.org, uid).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let page = Page::from_query(&req.url()?)?;
    #[derive(Deserialize)]
    struct Row {
        body: String,
        doctor_name: Option<String>,
        type_name: Option<String>,
        shop_name: String,
        shop_address: String,
    }
    let rows: Vec<Row> = dir
        .stmt(
            "SELECT a.body, d.name AS doctor_name, t.name AS type_name, sh.name AS shop_name, sh.address AS shop_address
             FROM appointments a
             JOIN shops sh ON sh.shop_uid = a.shop_uid
             LEFT JOIN doctors d ON d.doctor_uid = a.doctor_uid
             LEFT JOIN appointment_types t ON t.appointment_type_uid = a.appointment_type_uid
             WHERE a.org_uid = ?1 AND a.patient_profile_uid = ?2 AND a.status = 'completed'
             ORDER BY a.start_at DESC LIMIT ?3",
            &[s(caller.org.as_str()), s(uid), JsValue::from(page.limit)],
        )?
        .all()
        .await?
        .results()?;
    let data = rows
        .into_iter()
        .map(|r| {
            let mut v: Value = serde_json::from_str(&r.body)?;
            v["doctor"] = json!({ "doctor_uid": v["doctor_uid"], "name": r.doctor_name });
            v["appointment_type"] = json!({ "appointment_type_uid": v["appointment_type_uid"], "name": r.type_name });
            v["shop"] = json!({ "shop_uid": v["shop_uid"], "name": r.shop_name, "address": r.shop_address });
            Ok(v)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    audit(cx, caller, "patient.read (past appointments)", uid, "ok").await?;
    json(200, &json!({ "data": data }))
}

/// Seed 004's postAppointmentByPatientID.
pub async fn book_for(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    patient: PatientProfileUid,
) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    if load(dir, &caller.org, patient.as_str()).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let input = Book::parse_for_patient(&body, patient)?;
    let actor = Actor::from(caller.clone());
    json(201, &appointments::place(cx, &actor, input, key).await?)
}

/// Seed 004's postAppointment: a new patient and their appointment, in one
/// request. The appointment is placed first; the patient is stored only if
/// it was, so a taken slot (409) leaves no patient behind.
pub async fn create_with_appointment(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
    caller.require(Scope::AppointmentsWrite)?;
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    let now = cx.now;
    let patient_json = body
        .raw("patient")
        .cloned()
        .ok_or(ApiError::bad_field("patient", "`patient` is required"))?;
    let d = Demographics::parse(
        patient_json,
        region(dir, &caller.org).await?,
        now.date_naive(),
    )
    .map_err(|e| invalid(e, "patient"))?;
    let uid = match &key {
        Some(k) => frontdesk_core::patient::uid_for_retry(caller.org.as_str(), k),
        None => new_patient_uid(),
    };
    let appointment = Body::from_value("appointment", body.raw("appointment"))?;
    let input = Book::parse_for_patient(&appointment, uid.clone()).map_err(|e| {
        let field = e.field().map(|f| format!("appointment.{f}"));
        ApiError::BadRequest {
            code: ErrorCode::InvalidRequest,
            field,
            message: e.to_string(),
        }
    })?;
    if key.is_some() {
        // The key covers the whole request: the shop compares the booking
        // half; the patient half is compared here, with the record the
        // first request stored.
        if let Some(stored) = load(dir, &caller.org, uid.as_str()).await? {
            if stored.body != serde_json::to_value(&d)? {
                return Err(ApiError::conflict(
                    ErrorCode::IdempotencyKeyReused,
                    "this Idempotency-Key was used with a different request",
                ));
            }
        }
    }
    check_unique(dir, &caller.org, uid.as_str(), &d).await?;
    let retried = key.is_some();
    let actor = Actor::from(caller.clone());
    let appointment = appointments::place(cx, &actor, input, key).await?;
    // A replay (the same Idempotency-Key) finds the patient stored and
    // announced by the first request: nothing more to write.
    let replayed = retried && load(dir, &caller.org, uid.as_str()).await?.is_some();
    if !replayed {
        let change = Change {
            uid: uid.as_str(),
            record: &d,
            created_at: &timestamp(now),
            event: PatientEvent::Created,
            actor: &caller.key_id,
            action: None,
        };
        if let Err(e) = store(env, dir, &caller.org, change, now).await {
            // Undo the booking so that nothing is left half-made.
            let booked = appointment.appointment_uid.clone();
            let reason = "the patient record could not be created".to_owned();
            appointments::cancel(cx, &actor, booked, reason).await?;
            return Err(e);
        }
    }
    json(
        201,
        &json!({ "patient": stored_view(dir, &caller.org, uid.as_str()).await?, "appointment": appointment }),
    )
}

/// What a booking token's first booking does with its profile claims.
pub enum TokenHolder {
    /// The holder already has a record, or the token has no profile.
    Known,
    /// Create this record, under the token's patient uid, once booked.
    Create(Demographics),
    /// The holder is this existing patient: book for them, and link the
    /// token's patient uid to them once booked.
    Link(PatientProfileUid),
}

/// Decides, before a booking token's booking is placed, whose it is: the
/// token's own patient if they have a record (in any organisation: a
/// `sub` naming another organisation's patient creates nothing here); else,
/// when the partner vouches for both (`verified`: `email_verified` and
/// `phone_number_verified`), the one active record the clinic made having
/// both the token's phone and email; else a new record made from the
/// claims, which then must include a name. Unverified claims never link:
/// anyone can type someone else's phone and email into a storefront. Nor
/// are records that tokens made candidates: a stranger's record with
/// someone's details must not stop that person from being linked.
pub async fn token_holder(
    dir: &Directory,
    org: &OrgUid,
    patient: &PatientProfileUid,
    profile: Option<Profile>,
    verified: bool,
) -> ApiResult<TokenHolder> {
    #[derive(Deserialize)]
    struct Existing {
        #[allow(dead_code)]
        org_uid: String,
    }
    let Some(profile) = profile else {
        return Ok(TokenHolder::Known);
    };
    let existing: Option<Existing> = dir
        .stmt(
            "SELECT org_uid FROM patients WHERE patient_uid = ?1",
            &[s(patient.as_str())],
        )?
        .first(None)
        .await?;
    if existing.is_some() {
        return Ok(TokenHolder::Known);
    }
    if let (true, Some(phone), Some(_)) = (verified, &profile.phone, &profile.email) {
        #[derive(Deserialize)]
        struct Candidate {
            patient_uid: String,
            body: String,
        }
        let candidates: Vec<Candidate> = dir
            .stmt(
                "SELECT p.patient_uid, p.body
                 FROM patient_phones ph JOIN patients p ON p.patient_uid = ph.patient_uid
                 WHERE ph.org_uid = ?1 AND ph.e164 = ?2 AND p.org_uid = ?1 LIMIT 100",
                &[s(org.as_str()), s(phone.as_str())],
            )?
            .all()
            .await?
            .results()?;
        let mut matched = Vec::new();
        for c in candidates {
            let made_by_a_token = PatientProfileUid::parse(&c.patient_uid)
                .is_ok_and(|uid| frontdesk_core::booking_token::is_derived(&uid));
            if made_by_a_token {
                continue;
            }
            let record: Demographics = serde_json::from_str(&c.body)?;
            if profile.matches(&record) {
                matched.push(c.patient_uid);
            }
        }
        if let [only] = matched.as_slice() {
            let uid = PatientProfileUid::parse(only)
                .map_err(|_| ApiError::Internal("stored patient uid is not valid".into()))?;
            return Ok(TokenHolder::Link(uid));
        }
    }
    profile
        .record()
        .map(TokenHolder::Create)
        .ok_or(ApiError::bad_field(
            "token.name",
            "the booking token needs a `name` claim to create the patient's record",
        ))
}

/// Makes what [`token_holder`] decided, once the booking is placed. The
/// booking stands even if this fails: the holder's next booking tries again.
pub async fn settle_token_holder(
    cx: &Ctx,
    org: &OrgUid,
    patient: &PatientProfileUid,
    holder: TokenHolder,
    actor: &str,
) -> ApiResult<()> {
    let Ctx { env, dir, .. } = cx;
    let now = cx.now;
    match holder {
        TokenHolder::Known => Ok(()),
        TokenHolder::Create(record) => {
            let change = Change {
                uid: patient.as_str(),
                record: &record,
                created_at: &timestamp(now),
                event: PatientEvent::Created,
                actor,
                action: Some("patient.created (booking token)"),
            };
            store(env, dir, org, change, now).await
        }
        TokenHolder::Link(existing) => {
            let link = dir.stmt(
                "INSERT OR IGNORE INTO booking_patient_links
                     (org_uid, token_patient_uid, patient_uid, key_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                &[
                    s(org.as_str()),
                    s(patient.as_str()),
                    s(existing.as_str()),
                    s(actor),
                    s(&timestamp(now)),
                ],
            )?;
            let entry = Entry {
                actor,
                action: "patient.linked (booking token)",
                target: existing.as_str(),
                outcome: "ok",
            };
            dir.batch(vec![link, audit::statement(dir, org, entry, now)?])
                .await
        }
    }
}

/// The patient a booking token's holder was linked to at their first
/// booking, if any.
pub async fn linked_patient(
    dir: &Directory,
    org: &OrgUid,
    token_patient: &PatientProfileUid,
) -> ApiResult<Option<PatientProfileUid>> {
    #[derive(Deserialize)]
    struct Row {
        patient_uid: String,
    }
    let row: Option<Row> = dir
        .stmt(
            "SELECT patient_uid FROM booking_patient_links WHERE org_uid = ?1 AND token_patient_uid = ?2",
            &[s(org.as_str()), s(token_patient.as_str())],
        )?
        .first(None)
        .await?;
    row.map(|r| {
        PatientProfileUid::parse(&r.patient_uid)
            .map_err(|_| ApiError::Internal("stored patient uid is not valid".into()))
    })
    .transpose()
}
