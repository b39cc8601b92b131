//! The patient directory and the call-center flow (seeds 002, 003, 004):
//! records with seed 002's demographics, lookup by uid, MRN, external
//! identifier or mobile number (normalised to E.164 and indexed), past
//! completed visits with the clinic's address, booking for a found patient,
//! and creating a patient together with their appointment. Every read and
//! write of a record is in the audit log; a record is stored with its event
//! and audit row in one D1 commit. Also what a booking token's holder
//! becomes (a new record, or a link to the clinic's existing one), for the
//! booking service.

use chrono::{DateTime, Utc};
use frontdesk_core::auth::Scope;
use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::ids::{OrgUid, PatientProfileUid};
use frontdesk_core::patient::{
    merge_patch, update_dialect, Demographics, Dialect, PatientError, Profile,
};
use frontdesk_core::phone::{normalize, Region};
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::wire::{Body, Book};
use serde_json::{json, Value};
use worker::Env;

use super::Actor;
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::directory;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::publish;
use crate::repo::audit::{self, Entry};
use crate::repo::{appointments, patients, Db};

pub(crate) fn invalid(e: PatientError, prefix: &str) -> ApiError {
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

/// The organisation's country for numbers written without a code, from
/// its Directory.
pub(crate) async fn region(env: &worker::Env, org: &OrgUid) -> ApiResult<Region> {
    directory::Client::new(env, org)
        .send(&directory::GetSettings {})
        .await?
        .region()
}

// Not input: a fixed prefix and base32 of random bytes always parse.
#[allow(clippy::expect_used)]
pub(crate) fn new_patient_uid() -> PatientProfileUid {
    let random = data_encoding::BASE32_DNSSEC.encode(&entropy::<16>());
    PatientProfileUid::parse(&format!("pp_{random}"))
        .expect("a minted patient uid has a valid shape")
}

pub(crate) async fn load(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
) -> ApiResult<Option<patients::Row>> {
    patients::find(db, org, uid).await
}

/// A record as just written, for the response.
pub(crate) async fn stored_view(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
) -> ApiResult<view::patients::Patient> {
    let stored = load(db, org, uid)
        .await?
        .ok_or_else(|| ApiError::Internal("stored patient vanished".into()))?;
    Ok(stored.into())
}

/// Refuses an MRN or external identifier already used by another patient.
pub(crate) async fn check_unique(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
    d: &Demographics,
) -> ApiResult<()> {
    if let Some(mrn) = &d.mrn {
        if patients::mrn_taken(db, org, uid, mrn).await? {
            return Err(ApiError::conflict(
                ErrorCode::MrnTaken,
                "another patient has this MRN",
            ));
        }
    }
    for id in &d.identifiers {
        if patients::identifier_taken(db, org, uid, &id.system, &id.value).await? {
            return Err(ApiError::conflict(
                ErrorCode::IdentifierTaken,
                format!("another patient has this {} identifier", id.system),
            ));
        }
    }
    Ok(())
}

/// One write of a patient's record, the event that announces it, and who
/// made it (for the audit log, written in the same batch).
pub(crate) struct Change<'a> {
    pub(crate) uid: &'a PatientProfileUid,
    pub(crate) record: &'a Demographics,
    pub(crate) created_at: &'a str,
    pub(crate) event: PatientEvent,
    pub(crate) actor: &'a str,
    /// The audit log's action, when it is not the event's own name.
    pub(crate) action: Option<&'a str>,
}

#[derive(Clone, Copy)]
pub(crate) enum PatientEvent {
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
pub(crate) async fn store(
    env: &Env,
    db: &Db,
    org: &OrgUid,
    change: Change<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if matches!(change.event, PatientEvent::Created) && load(db, org, change.uid).await?.is_some() {
        // A replay (the same Idempotency-Key, a token holder's record made
        // a moment ago): the record is there, and was announced once.
        return Ok(());
    }
    check_unique(db, org, change.uid, change.record).await?;
    let data = serde_json::to_value(view::events::PatientData {
        patient_uid: change.uid.clone(),
        active: change.record.active,
    })?;
    let events = [publish::event(change.event.kind(), org, data, now)];
    let mut statements =
        patients::writes(db, org, change.uid, change.record, change.created_at, now)?;
    statements.extend(publish::statements(db, &events, now)?);
    // In the same batch: a change whose audit row cannot be written is not
    // made.
    let entry = Entry {
        actor: change.actor,
        action: change.action.unwrap_or(change.event.action()),
        target: change.uid.as_str(),
        outcome: "ok",
    };
    statements.push(audit::statement(db, org, entry, now)?);
    db.commit(statements).await.map_err(|e| match e {
        // Two requests raced past the check above: the index decides.
        ApiError::Internal(m) if m.contains("UNIQUE") => ApiError::conflict(
            ErrorCode::PatientConflict,
            "another patient has this MRN or identifier",
        ),
        other => other,
    })?;
    publish::wake(env, &events).await
}

async fn record_audit(
    cx: &Ctx,
    actor: &Actor,
    action: &str,
    target: &str,
    outcome: &str,
) -> ApiResult<()> {
    let entry = Entry {
        actor: &actor.label(),
        action,
        target,
        outcome,
    };
    audit::record(&cx.db, actor.org(), entry, cx.now).await
}

/// A new patient record, from seed 002's demographics.
pub async fn create(cx: &Ctx, actor: &Actor, body: Value) -> ApiResult<view::patients::Patient> {
    create_with(cx, actor, body, Dialect::Frontdesk).await
}

/// [`create`], choosing what contacts' phone entries may hold (seed
/// 002's surface keeps placeholders as written).
pub async fn create_with(
    cx: &Ctx,
    actor: &Actor,
    body: Value,
    dialect: Dialect,
) -> ApiResult<view::patients::Patient> {
    let Ctx { env, db, .. } = cx;
    let now = cx.now;
    let region = region(env, actor.org()).await?;
    let d = Demographics::parse_with(body, region, now.date_naive(), dialect)
        .map_err(|e| invalid(e, ""))?;
    let uid = new_patient_uid();
    let change = Change {
        uid: &uid,
        record: &d,
        created_at: &timestamp(now),
        event: PatientEvent::Created,
        actor: &actor.label(),
        action: None,
    };
    store(env, db, actor.org(), change, now).await?;
    stored_view(db, actor.org(), &uid).await
}

/// One record; every read, found or not, is in the audit log.
pub async fn get(
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
) -> ApiResult<view::patients::Patient> {
    match load(&cx.db, actor.org(), uid).await? {
        Some(stored) => {
            record_audit(cx, actor, "patient.read", uid.as_str(), "ok").await?;
            Ok(stored.into())
        }
        None => {
            record_audit(cx, actor, "patient.read", uid.as_str(), "not_found").await?;
            Err(ApiError::not_found("patient"))
        }
    }
}

/// `PUT` replaces the record; `PATCH` merges a JSON merge patch into it.
/// Either way the result is validated whole.
pub async fn update(
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
    body: Value,
    how: PatientUpdate,
) -> ApiResult<view::patients::Patient> {
    update_with(cx, actor, uid, body, how, Dialect::Frontdesk).await
}

/// [`update`], choosing what contacts' phone entries may hold.
pub async fn update_with(
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
    body: Value,
    how: PatientUpdate,
    dialect: Dialect,
) -> ApiResult<view::patients::Patient> {
    let Ctx { env, db, .. } = cx;
    let Some(current) = load(db, actor.org(), uid).await? else {
        record_audit(cx, actor, "patient.updated", uid.as_str(), "not_found").await?;
        return Err(ApiError::not_found("patient"));
    };
    // `/v1` does not take seed 002's `accountNumber`, and keeps one that
    // seed 002's surface stored.
    let refused = dialect == Dialect::Frontdesk && body.get("accountNumber").is_some();
    let mut next = match how {
        PatientUpdate::MergePatch => {
            let mut merged = Value::Object(current.body.clone());
            merge_patch(&mut merged, &body);
            merged
        }
        PatientUpdate::Replace => body,
    };
    let carried = match (dialect, next.as_object_mut()) {
        (Dialect::Frontdesk, Some(fields)) if !refused => {
            fields.remove("accountNumber");
            current.body.get("accountNumber").and_then(Value::as_str)
        }
        _ => None,
    };
    let now = cx.now;
    let region = region(env, actor.org()).await?;
    let dialect = match dialect {
        // Placeholders seed 002's surface stored may stay.
        Dialect::Frontdesk if !refused => {
            update_dialect(&next, &Value::Object(current.body.clone()), region)
        }
        other => other,
    };
    let mut d = Demographics::parse_with(next, region, now.date_naive(), dialect)
        .map_err(|e| invalid(e, ""))?;
    if let Some(n) = carried {
        d.account_number = Some(n.to_owned());
    }
    let event = if current.body.get("active") != Some(&json!(false)) && !d.active {
        PatientEvent::Deactivated
    } else {
        PatientEvent::Updated
    };
    let change = Change {
        uid,
        record: &d,
        created_at: &current.created_at,
        event,
        actor: &actor.label(),
        action: None,
    };
    store(env, db, actor.org(), change, now).await?;
    stored_view(db, actor.org(), uid).await
}

/// Lookup by one of: `phone` (any format; `country` overrides the
/// organisation's default), `mrn`, or `identifier_system` with
/// `identifier_value`. A shared number returns the whole family. Each
/// record found is in the audit log.
pub async fn search(
    cx: &Ctx,
    actor: &Actor,
    q: &[(String, String)],
) -> ApiResult<Vec<view::patients::Patient>> {
    let Ctx { db, .. } = cx;
    let param = |name: &str| {
        q.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    // A bad `country` is refused even when no `phone` would use it: the
    // document promises a country code, whatever else is searched by.
    let country = param("country")
        .map(|c| {
            Region::parse(c).map_err(|e| ApiError::bad_field("country", format!("`country`: {e}")))
        })
        .transpose()?;
    let (rows, searched) = if let Some(phone) = param("phone") {
        let region = match country {
            Some(c) => c,
            None => region(&cx.env, actor.org()).await?,
        };
        let e164 = normalize(phone, region)
            .map_err(|e| ApiError::bad_field("phone", format!("`phone` {e}")))?;
        (patients::by_phone(db, actor.org(), &e164).await?, "phone")
    } else if let Some(mrn) = param("mrn") {
        (patients::by_mrn(db, actor.org(), mrn).await?, "mrn")
    } else if let (Some(system), Some(value)) =
        (param("identifier_system"), param("identifier_value"))
    {
        let rows = patients::by_identifier(db, actor.org(), system, value).await?;
        (rows, "identifier")
    } else {
        return Err(ApiError::bad_field(
            "phone",
            "search by `phone`, by `mrn`, or by `identifier_system` with `identifier_value`",
        ));
    };
    let data: Vec<view::patients::Patient> = rows.into_iter().map(Into::into).collect();
    let entries: Vec<&str> = data.iter().map(|p| p.patient_uid.as_str()).collect();
    let action = format!("patient.read (search by {searched})");
    let label = actor.label();
    audit::record_many(db, actor.org(), &label, &action, &entries, cx.now).await?;
    Ok(data)
}

/// Seed 004's getPatientPastCompletedAppointment: completed visits, newest
/// first, each with its doctor, appointment type and the clinic's address.
pub async fn past_appointments(
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
    page: &Page,
) -> ApiResult<Vec<view::patients::PastAppointment>> {
    let Ctx { db, .. } = cx;
    if load(db, actor.org(), uid).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let data = appointments::past_completed(db, actor.org(), uid, page.limit).await?;
    record_audit(
        cx,
        actor,
        "patient.read (past appointments)",
        uid.as_str(),
        "ok",
    )
    .await?;
    Ok(data)
}

/// Seed 004's postAppointmentByPatientID.
pub async fn book_for(
    cx: &Ctx,
    actor: &Actor,
    patient: PatientProfileUid,
    body: &Body,
    key: Option<String>,
) -> ApiResult<AppointmentView> {
    if load(&cx.db, actor.org(), &patient).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let input = Book::parse_for_patient(body, patient)?;
    super::appointments::place(cx, actor, input, key).await
}

/// Seed 004's postAppointment: a new patient and their appointment, in one
/// request. The appointment is placed first; the patient is stored only if
/// it was, so a taken slot (409) leaves no patient behind.
pub async fn create_with_appointment(
    cx: &Ctx,
    actor: &Actor,
    body: &Body,
    key: Option<String>,
) -> ApiResult<(view::patients::Patient, AppointmentView)> {
    let Ctx { env, db, .. } = cx;
    actor.require(Scope::AppointmentsWrite)?;
    let now = cx.now;
    let patient_json = body
        .raw("patient")
        .cloned()
        .ok_or(ApiError::bad_field("patient", "`patient` is required"))?;
    let d = Demographics::parse(
        patient_json,
        region(env, actor.org()).await?,
        now.date_naive(),
    )
    .map_err(|e| invalid(e, "patient"))?;
    let uid = match &key {
        Some(k) => frontdesk_core::patient::uid_for_retry(actor.org().as_str(), k),
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
        if let Some(stored) = load(db, actor.org(), &uid).await? {
            if Value::Object(stored.body) != serde_json::to_value(&d)? {
                return Err(ApiError::conflict(
                    ErrorCode::IdempotencyKeyReused,
                    "this Idempotency-Key was used with a different request",
                ));
            }
        }
    }
    check_unique(db, actor.org(), &uid, &d).await?;
    let retried = key.is_some();
    let appointment = super::appointments::place(cx, actor, input, key).await?;
    // A replay (the same Idempotency-Key) finds the patient stored and
    // announced by the first request: nothing more to write.
    let replayed = retried && load(db, actor.org(), &uid).await?.is_some();
    if !replayed {
        let change = Change {
            uid: &uid,
            record: &d,
            created_at: &timestamp(now),
            event: PatientEvent::Created,
            actor: &actor.label(),
            action: None,
        };
        if let Err(e) = store(env, db, actor.org(), change, now).await {
            // Undo the booking so that nothing is left half-made.
            let booked = appointment.appointment_uid.clone();
            let reason = "the patient record could not be created".to_owned();
            super::appointments::cancel(cx, actor, booked, reason).await?;
            return Err(e);
        }
    }
    Ok((stored_view(db, actor.org(), &uid).await?, appointment))
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
    db: &Db,
    org: &OrgUid,
    patient: &PatientProfileUid,
    profile: Option<Profile>,
    verified: bool,
) -> ApiResult<TokenHolder> {
    let Some(profile) = profile else {
        return Ok(TokenHolder::Known);
    };
    if patients::exists_anywhere(db, patient).await? {
        return Ok(TokenHolder::Known);
    }
    if let (true, Some(phone), Some(_)) = (verified, &profile.phone, &profile.email) {
        let mut matched = Vec::new();
        for c in patients::candidates_by_phone(db, org, phone).await? {
            let made_by_a_token = frontdesk_core::booking_token::is_derived(&c.patient_uid);
            if !made_by_a_token && profile.matches(&c.record) {
                matched.push(c.patient_uid);
            }
        }
        if let [only] = matched.as_slice() {
            return Ok(TokenHolder::Link(only.clone()));
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
    let Ctx { env, db, .. } = cx;
    let now = cx.now;
    match holder {
        TokenHolder::Known => Ok(()),
        TokenHolder::Create(record) => {
            let change = Change {
                uid: patient,
                record: &record,
                created_at: &timestamp(now),
                event: PatientEvent::Created,
                actor,
                action: Some("patient.created (booking token)"),
            };
            store(env, db, org, change, now).await
        }
        TokenHolder::Link(existing) => {
            // The Directory, where bookings look links up, first.
            directory::Client::new(env, org)
                .send(&directory::PutLink {
                    token_patient: patient.clone(),
                    patient: existing.clone(),
                })
                .await?;
            let link = patients::link(db, org, patient, &existing, actor, now)?;
            let entry = Entry {
                actor,
                action: "patient.linked (booking token)",
                target: existing.as_str(),
                outcome: "ok",
            };
            db.commit(vec![link, audit::statement(db, org, entry, now)?])
                .await
        }
    }
}
