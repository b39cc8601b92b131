//! Patient records (seeds 002, 003, 004): storing a record with its event
//! and audit row in one D1 commit, the uniqueness of MRNs and identifiers,
//! and what a booking token's holder becomes (a new record, or a link to
//! the clinic's existing one). The handlers in `patients.rs` and the
//! booking service call these.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{OrgUid, PatientProfileUid};
use frontdesk_core::patient::{Demographics, PatientError, Profile};
use frontdesk_core::phone::Region;
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use serde_json::json;
use worker::Env;

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::publish;
use crate::repo::audit::{self, Entry};
use crate::repo::{organizations, patients, Db};

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

pub(crate) async fn region(db: &Db, org: &OrgUid) -> ApiResult<Region> {
    organizations::default_region(db, org).await
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
    let data = json!({ "patient_uid": change.uid, "active": change.record.active });
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

pub(crate) async fn record_audit(
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
    audit::record(&cx.db, &caller.org, entry, cx.now).await
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

/// The patient a booking token's holder was linked to at their first
/// booking, if any.
pub async fn linked_patient(
    db: &Db,
    org: &OrgUid,
    token_patient: &PatientProfileUid,
) -> ApiResult<Option<PatientProfileUid>> {
    patients::linked(db, org, token_patient).await
}
