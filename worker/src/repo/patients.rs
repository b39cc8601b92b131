//! `patients` with their search keys (`patient_phones`, in E.164, and
//! `patient_identifiers`), and `booking_patient_links` (a booking token's
//! patient linked to an existing record). A record and its search keys are
//! always written together ([`writes`]).

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{OrgUid, PatientProfileUid};
use frontdesk_core::patient::Demographics;
use frontdesk_core::phone::E164;
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use serde::Deserialize;
use serde_json::{Map, Value};
use worker::wasm_bindgen::JsValue;

use super::{column, opt, s, Db, Statement};
use crate::error::ApiResult;

/// A stored record: the demographics as JSON (validated by
/// [`Demographics`] when written), and its times.
#[derive(Deserialize)]
pub struct Row {
    pub patient_uid: PatientProfileUid,
    #[serde(deserialize_with = "column::json")]
    pub body: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Row> for view::patients::Patient {
    fn from(r: Row) -> Self {
        view::patients::Patient {
            patient_uid: r.patient_uid,
            record: r.body,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The organisation's patient, if it has one by that uid.
pub async fn find(db: &Db, org: &OrgUid, uid: &PatientProfileUid) -> ApiResult<Option<Row>> {
    db.first(
        "SELECT patient_uid, body, created_at, updated_at FROM patients WHERE org_uid = ?1 AND patient_uid = ?2",
        &[s(org.as_str()), s(uid.as_str())],
    )
    .await
}

/// Whether any organisation has a patient by this uid (a booking token's
/// `sub` naming another organisation's patient must create nothing).
pub async fn exists_anywhere(db: &Db, uid: &PatientProfileUid) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Existing {}
    let existing: Option<Existing> = db
        .first(
            "SELECT org_uid FROM patients WHERE patient_uid = ?1",
            &[s(uid.as_str())],
        )
        .await?;
    Ok(existing.is_some())
}

/// Whether another patient than `uid` has this MRN.
pub async fn mrn_taken(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
    mrn: &str,
) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Hit {}
    let hit: Option<Hit> = db
        .first(
            "SELECT patient_uid FROM patients WHERE org_uid = ?1 AND mrn = ?2 AND patient_uid != ?3",
            &[s(org.as_str()), s(mrn), s(uid.as_str())],
        )
        .await?;
    Ok(hit.is_some())
}

/// Whether another patient than `uid` has this external identifier.
pub async fn identifier_taken(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
    system: &str,
    value: &str,
) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Hit {}
    let hit: Option<Hit> = db
        .first(
            "SELECT patient_uid FROM patient_identifiers
             WHERE org_uid = ?1 AND system = ?2 AND value = ?3 AND patient_uid != ?4",
            &[s(org.as_str()), s(system), s(value), s(uid.as_str())],
        )
        .await?;
    Ok(hit.is_some())
}

/// The statements that store a record and its search keys, for one commit.
pub fn writes(
    db: &Db,
    org: &OrgUid,
    uid: &PatientProfileUid,
    d: &Demographics,
    created_at: &str,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Statement>> {
    let uid = uid.as_str();
    let body = serde_json::to_string(d)?;
    let mut statements = vec![
        db.prepare(
            "INSERT INTO patients (patient_uid, org_uid, mrn, active, body, created_at, updated_at, spid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                 (SELECT COALESCE(MAX(spid), 0) + 1 FROM patients WHERE org_uid = ?2))
             ON CONFLICT (patient_uid) DO UPDATE SET mrn = excluded.mrn, active = excluded.active,
                 body = excluded.body, updated_at = excluded.updated_at
             WHERE patients.org_uid = excluded.org_uid",
            &[
                s(uid),
                s(org.as_str()),
                opt(d.mrn.as_deref()),
                JsValue::from(d.active as i32),
                s(&body),
                s(created_at),
                s(&timestamp(now)),
            ],
        )?,
        db.prepare(
            "DELETE FROM patient_phones WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?,
        db.prepare(
            "DELETE FROM patient_identifiers WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?,
    ];
    for phone in d.phones() {
        statements.push(db.prepare(
            "INSERT INTO patient_phones (org_uid, e164, patient_uid) VALUES (?1, ?2, ?3)",
            &[s(org.as_str()), s(phone.as_str()), s(uid)],
        )?);
    }
    for id in &d.identifiers {
        statements.push(db.prepare(
            "INSERT INTO patient_identifiers (org_uid, system, value, patient_uid) VALUES (?1, ?2, ?3, ?4)",
            &[s(org.as_str()), s(&id.system), s(&id.value), s(uid)],
        )?);
    }
    Ok(statements)
}

/// The patient's SPID (seed 002's integer id, per organisation).
pub async fn spid(db: &Db, org: &OrgUid, uid: &PatientProfileUid) -> ApiResult<Option<i64>> {
    #[derive(Deserialize)]
    struct Hit {
        spid: Option<i64>,
    }
    let hit: Option<Hit> = db
        .first(
            "SELECT spid FROM patients WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(uid.as_str())],
        )
        .await?;
    Ok(hit.and_then(|h| h.spid))
}

/// The record with this SPID.
pub async fn by_spid(db: &Db, org: &OrgUid, spid: i64) -> ApiResult<Option<Row>> {
    db.first(
        "SELECT patient_uid, body, created_at, updated_at FROM patients WHERE org_uid = ?1 AND spid = ?2",
        &[s(org.as_str()), super::n(spid)],
    )
    .await
}

/// Records with this number (a shared number finds the whole family), at
/// most 100.
pub async fn by_phone(db: &Db, org: &OrgUid, e164: &E164) -> ApiResult<Vec<Row>> {
    db.all(
        "SELECT p.patient_uid, p.body, p.created_at, p.updated_at
         FROM patient_phones ph JOIN patients p ON p.patient_uid = ph.patient_uid
         WHERE ph.org_uid = ?1 AND ph.e164 = ?2 ORDER BY p.patient_uid LIMIT 100",
        &[s(org.as_str()), s(e164.as_str())],
    )
    .await
}

pub async fn by_mrn(db: &Db, org: &OrgUid, mrn: &str) -> ApiResult<Vec<Row>> {
    db.all(
        "SELECT patient_uid, body, created_at, updated_at FROM patients WHERE org_uid = ?1 AND mrn = ?2",
        &[s(org.as_str()), s(mrn)],
    )
    .await
}

pub async fn by_identifier(
    db: &Db,
    org: &OrgUid,
    system: &str,
    value: &str,
) -> ApiResult<Vec<Row>> {
    db.all(
        "SELECT p.patient_uid, p.body, p.created_at, p.updated_at
         FROM patient_identifiers i JOIN patients p ON p.patient_uid = i.patient_uid
         WHERE i.org_uid = ?1 AND i.system = ?2 AND i.value = ?3",
        &[s(org.as_str()), s(system), s(value)],
    )
    .await
}

/// A record that may be a booking token holder's, found by phone.
#[derive(Deserialize)]
pub struct Candidate {
    pub patient_uid: PatientProfileUid,
    #[serde(deserialize_with = "column::json")]
    pub record: Demographics,
}

/// The organisation's records with this number, at most 100, as
/// demographics to compare with a token's claims.
pub async fn candidates_by_phone(db: &Db, org: &OrgUid, e164: &E164) -> ApiResult<Vec<Candidate>> {
    db.all(
        "SELECT p.patient_uid, p.body AS record
         FROM patient_phones ph JOIN patients p ON p.patient_uid = ph.patient_uid
         WHERE ph.org_uid = ?1 AND ph.e164 = ?2 AND p.org_uid = ?1 LIMIT 100",
        &[s(org.as_str()), s(e164.as_str())],
    )
    .await
}

/// Where a patient's reminders of `system` (`phone` or `email`) go: the
/// first such contact on their record.
pub async fn contact(
    db: &Db,
    org: &OrgUid,
    patient: &str,
    system: &str,
) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "column::json")]
        body: Value,
    }
    let row: Option<Row> = db
        .first(
            "SELECT body FROM patients WHERE org_uid = ?1 AND patient_uid = ?2",
            &[s(org.as_str()), s(patient)],
        )
        .await?;
    Ok(row.and_then(|r| {
        r.body["telecom"]
            .as_array()?
            .iter()
            .find(|t| t["system"] == system)
            .and_then(|t| t["value"].as_str().map(str::to_owned))
    }))
}

/// Links a booking token's patient to an existing record (once).
pub fn link(
    db: &Db,
    org: &OrgUid,
    token_patient: &PatientProfileUid,
    patient: &PatientProfileUid,
    key_id: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT OR IGNORE INTO booking_patient_links
             (org_uid, token_patient_uid, patient_uid, key_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        &[
            s(org.as_str()),
            s(token_patient.as_str()),
            s(patient.as_str()),
            s(key_id),
            s(&timestamp(now)),
        ],
    )
}

/// Every link of the organisation: what the Directory object loads once.
pub async fn all_links(
    db: &Db,
    org: &OrgUid,
) -> ApiResult<Vec<(PatientProfileUid, PatientProfileUid)>> {
    #[derive(Deserialize)]
    struct Row {
        token_patient_uid: PatientProfileUid,
        patient_uid: PatientProfileUid,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT token_patient_uid, patient_uid FROM booking_patient_links WHERE org_uid = ?1",
            &[s(org.as_str())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.token_patient_uid, r.patient_uid))
        .collect())
}
