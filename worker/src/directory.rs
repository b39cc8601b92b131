//! The Directory Durable Object: one per organisation, named by its uid.
//! It keeps what every hot request needs before it reaches a shop: API
//! keys and booking secrets (with their revocation), shops, doctors,
//! appointment types, the settings, the links from booking-token patients
//! to clinic records, and the spent `jti`s of booking tokens. With it, a
//! register, a hold or a token's booking decides with no D1 round trip,
//! and keeps working while D1 is down. D1 stays the cross-organisation
//! read model: listings, the audit log, search.
//!
//! ## Consistency
//! - The object is the authority for revocations, meeting rooms, links and
//!   spent `jti`s: they are written here first, then to D1 for listings.
//!   A revocation here takes effect on the very next request, whatever D1
//!   says meanwhile.
//! - Everything else it keeps never changes once created (a shop's zone, a
//!   doctor's shop and room, a type's rules, a key's hash and scopes).
//!   A creation is written here first and then to D1; if D1 refuses, the
//!   row is forgotten here again. The caller learns a new uid only after
//!   both, so a row left here alone by a double failure is one nobody can
//!   name (and a doctor without availability offers no slot).
//! - Rows made before this object existed are read from D1 on their first
//!   use and kept ("read through"); a shop's doctor list, and the
//!   organisation's links, are loaded whole once, merged with what was
//!   already written here. A new organisation or shop has nothing in D1 to
//!   load, and says so when it is created, so its hot path never reads D1.
//! - Staff users are written here first on every change, with their
//!   sign-in links and sessions (only hashes), so checking a session is
//!   one round trip here, and a deactivation ends the user's sessions at
//!   once.
//! - The object keeps nothing in memory but a flag that its schema exists:
//!   it may be evicted at any time.
//!
//! ## Layout
//! - the entry types the object keeps, and its requests (the list in
//!   `requests!`);
//! - [`Client`], which sends them, and the per-isolate map from a
//!   credential's id to its organisation;
//! - the object: storage, read-through, dispatch.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use frontdesk_core::auth::Scope;
use frontdesk_core::booking_token::patient_for;
use frontdesk_core::ids::{
    AppointmentTypeUid, DoctorUid, OrgUid, PartnerUid, PatientProfileUid, ShopUid, StaffUid,
};
use frontdesk_core::staff::{session_alive, session_needs_touch, Role};
use frontdesk_core::visit::MeetingRooms;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use worker::{DurableObject, Env, Request, Response, SqlStorage, State};

use crate::error::{ApiError, ApiResult};
use crate::object::{self, parse, ORG_HEADER};
use crate::repo::organizations::Settings;
use crate::repo::{
    api_keys, appointment_types, doctors, organizations, partners, patients, shops, Db,
};

/// An API key as authentication needs it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyEntry {
    pub org: OrgUid,
    pub doctor: Option<DoctorUid>,
    pub secret_hash: String,
    pub scopes: Vec<Scope>,
    pub revoked: bool,
}

/// A partner's booking secret, still sealed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecretEntry {
    pub partner: PartnerUid,
    pub sealed_value: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

/// What verifying a booking token needs: its secret, and whose
/// appointments its holder's are.
#[derive(Debug, Serialize, Deserialize)]
pub struct BookingCredential {
    pub secret: SecretEntry,
    /// The patient uid the token's `sub` names (`patient_for`).
    pub token_patient: PatientProfileUid,
    /// The clinic record it was linked to at its first booking, if any.
    pub linked: Option<PatientProfileUid>,
}

/// A staff user as signing in and sessions need them. Written here first
/// on every change, so a deactivation ends the user's sessions before
/// D1 hears of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StaffEntry {
    pub staff_uid: StaffUid,
    pub role: Role,
    pub doctor: Option<DoctorUid>,
    pub active: bool,
}

/// A live session: whose, and when it was last used (Unix seconds).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LiveSession {
    pub staff: StaffEntry,
    pub last_seen: i64,
}

/// How spending a token's `jti` went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Spent {
    /// First use: the token may book.
    Fresh,
    /// The same request again (same `Idempotency-Key`): it gets the first
    /// answer from the shop.
    Retry,
    /// Already used for another booking.
    Used,
}

/// How the object runs a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// May read D1 once, for a row made before this object kept it.
    ReadThrough,
    /// Writes here only.
    Write,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Key {
    pub key_id: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutKey {
    pub key_id: String,
    pub entry: KeyEntry,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct RevokeKey {
    pub key_id: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct Booking {
    pub key_id: String,
    pub sub: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutSecret {
    pub key_id: String,
    pub entry: SecretEntry,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct RevokeSecret {
    pub key_id: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct SecretUsed {
    pub key_id: String,
    pub at: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct Shop {
    pub shop_uid: ShopUid,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutShop {
    pub row: shops::Row,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct Doctor {
    pub doctor_uid: DoctorUid,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutDoctor {
    pub row: doctors::Row,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct ShopDoctors {
    pub shop_uid: ShopUid,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct AppointmentType {
    pub uid: AppointmentTypeUid,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutAppointmentType {
    pub row: appointment_types::Row,
}
/// Undoes a creation D1 refused.
#[derive(Debug, Serialize, Deserialize)]
pub struct Forget {
    pub entry: EntryKind,
    pub id: String,
}
/// A new organisation: its settings, and nothing to read from D1 later
/// (no links made before this object existed).
#[derive(Debug, Serialize, Deserialize)]
pub struct NewOrganization {
    pub settings: Settings,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct GetSettings {}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutMeetingRooms {
    pub meeting_rooms: MeetingRooms,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct PutLink {
    pub token_patient: PatientProfileUid,
    pub patient: PatientProfileUid,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct SpendJti {
    pub jti: String,
    pub idempotency_key: String,
    /// Unix seconds: kept until the token could no longer verify anyway.
    pub expires_at: i64,
    /// Unix seconds.
    pub now: i64,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct ReleaseJti {
    pub jti: String,
}
/// Creates or changes a staff user; an inactive one's sessions end.
#[derive(Debug, Serialize, Deserialize)]
pub struct PutStaff {
    pub entry: StaffEntry,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct GetStaff {
    pub staff_uid: StaffUid,
}
/// Keeps a sign-in link's hash until it expires or is used.
#[derive(Debug, Serialize, Deserialize)]
pub struct IssueLink {
    pub hash: String,
    pub staff_uid: StaffUid,
    /// Unix seconds.
    pub expires_at: i64,
    pub now: i64,
}
/// Spends a sign-in link and opens a session with `session_hash`, in one
/// step: `None` if the link is unknown, used, expired, or its user is no
/// longer active.
#[derive(Debug, Serialize, Deserialize)]
pub struct RedeemLink {
    pub hash: String,
    pub session_hash: String,
    pub now: i64,
}
/// A session by its hash, if alive; its last use is moved on.
#[derive(Debug, Serialize, Deserialize)]
pub struct SessionOf {
    pub hash: String,
    pub now: i64,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct CloseSession {
    pub hash: String,
}
#[derive(Debug, Serialize, Deserialize)]
pub struct CloseSessions {
    pub staff_uid: StaffUid,
}

crate::requests! {
    Key => Option<KeyEntry>, ReadThrough;
    PutKey => (), Write;
    RevokeKey => bool, ReadThrough;
    Booking => Option<BookingCredential>, ReadThrough;
    PutSecret => (), Write;
    RevokeSecret => bool, ReadThrough;
    SecretUsed => (), Write;
    Shop => Option<shops::Row>, ReadThrough;
    PutShop => (), Write;
    Doctor => Option<doctors::Row>, ReadThrough;
    PutDoctor => (), Write;
    ShopDoctors => Vec<DoctorUid>, ReadThrough;
    AppointmentType => Option<appointment_types::Row>, ReadThrough;
    PutAppointmentType => (), Write;
    Forget => (), Write;
    NewOrganization => (), Write;
    GetSettings => Settings, ReadThrough;
    PutMeetingRooms => Settings, ReadThrough;
    PutLink => (), Write;
    SpendJti => Spent, Write;
    ReleaseJti => (), Write;
    PutStaff => (), Write;
    GetStaff => Option<StaffEntry>, Write;
    IssueLink => (), Write;
    RedeemLink => Option<StaffEntry>, Write;
    SessionOf => Option<LiveSession>, Write;
    CloseSession => u32, Write;
    CloseSessions => u32, Write;
}

/// The kinds of row the object keeps, one table for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Key,
    Secret,
    Shop,
    Doctor,
    AppointmentType,
    Link,
    Settings,
    Staff,
    /// A fact about what this object holds (`links_loaded`).
    Marker,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            EntryKind::Key => "key",
            EntryKind::Secret => "secret",
            EntryKind::Shop => "shop",
            EntryKind::Doctor => "doctor",
            EntryKind::AppointmentType => "appointment_type",
            EntryKind::Link => "link",
            EntryKind::Settings => "settings",
            EntryKind::Staff => "staff",
            EntryKind::Marker => "marker",
        }
    }
}

/// The marker that the links made before this object existed are loaded.
const LINKS_LOADED: &str = "links_loaded";

/// The most credential ids one isolate maps to their organisation; past
/// it the map starts again (the next use of each reads D1 once more).
const MAX_CREDENTIALS: usize = 10_000;

thread_local! {
    // Which organisation a key id or a booking secret's `kid` belongs to.
    // A credential never changes organisation, so this per-isolate memory
    // is never wrong, only missing; everything that can change (the
    // revocation) is asked of the organisation's Directory each time.
    static CREDENTIAL_ORG: RefCell<HashMap<String, OrgUid>> = RefCell::new(HashMap::new());
}

/// Remembers that `id` (an API key or a booking secret) is `org`'s.
pub fn remember_credential(id: &str, org: &OrgUid) {
    CREDENTIAL_ORG.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MAX_CREDENTIALS {
            m.clear();
        }
        m.insert(id.to_owned(), org.clone());
    });
}

/// The organisation of an API key, from this isolate's memory or, the
/// first time, from D1. `None` for an unknown key.
pub async fn key_org(db: &Db, key_id: &str) -> ApiResult<Option<OrgUid>> {
    if let Some(org) = CREDENTIAL_ORG.with(|m| m.borrow().get(key_id).cloned()) {
        return Ok(Some(org));
    }
    let Some(row) = api_keys::credential(db, key_id).await? else {
        return Ok(None);
    };
    remember_credential(key_id, &row.org_uid);
    Ok(Some(row.org_uid))
}

/// The organisation of a booking secret's `kid`, as [`key_org`] finds a
/// key's. A revoked secret is unknown here.
pub async fn secret_org(db: &Db, key_id: &str) -> ApiResult<Option<OrgUid>> {
    if let Some(org) = CREDENTIAL_ORG.with(|m| m.borrow().get(key_id).cloned()) {
        return Ok(Some(org));
    }
    let Some(row) = partners::active_secret(db, key_id).await? else {
        return Ok(None);
    };
    remember_credential(key_id, &row.org_uid);
    Ok(Some(row.org_uid))
}

/// Rows that never change once created, kept per isolate by
/// organisation and uid: a shop, a doctor (without their mobile number),
/// an appointment type. Kept rows are never wrong, only missing; past
/// [`MAX_CREDENTIALS`] rows a map starts again.
struct Kept<T> {
    rows: RefCell<HashMap<String, T>>,
}

impl<T: Clone> Kept<T> {
    fn new() -> Self {
        Kept {
            rows: RefCell::new(HashMap::new()),
        }
    }

    fn get(&self, key: &str) -> Option<T> {
        self.rows.borrow().get(key).cloned()
    }

    fn keep(&self, key: String, row: &T) {
        let mut rows = self.rows.borrow_mut();
        if rows.len() >= MAX_CREDENTIALS {
            rows.clear();
        }
        rows.insert(key, row.clone());
    }
}

thread_local! {
    static SHOPS: Kept<shops::Row> = Kept::new();
    static DOCTORS: Kept<doctors::Row> = Kept::new();
    static APPOINTMENT_TYPES: Kept<appointment_types::Row> = Kept::new();
}

/// One organisation's Directory, as the worker reaches it.
pub struct Client<'a> {
    env: &'a Env,
    org: &'a OrgUid,
}

impl<'a> Client<'a> {
    pub fn new(env: &'a Env, org: &'a OrgUid) -> Self {
        Client { env, org }
    }

    pub async fn send<R: object::ObjectRequest<Op = Op>>(
        &self,
        request: &R,
    ) -> ApiResult<R::Reply> {
        let stub = self
            .env
            .durable_object("DIRECTORY")?
            .id_from_name(self.org.as_str())?
            .get_stub()?;
        object::send(&stub, self.org, request).await
    }

    fn kept_key(&self, uid: &str) -> String {
        format!("{}/{uid}", self.org)
    }

    /// The organisation's shop: from this isolate's memory, or asked once.
    pub async fn shop(&self, uid: &ShopUid) -> ApiResult<Option<shops::Row>> {
        let key = self.kept_key(uid.as_str());
        if let Some(row) = SHOPS.with(|k| k.get(&key)) {
            return Ok(Some(row));
        }
        let found = self
            .send(&Shop {
                shop_uid: uid.clone(),
            })
            .await?;
        if let Some(row) = &found {
            SHOPS.with(|k| k.keep(key, row));
        }
        Ok(found)
    }

    /// The organisation's doctor, as [`Client::shop`] finds a shop.
    pub async fn doctor(&self, uid: &DoctorUid) -> ApiResult<Option<doctors::Row>> {
        let key = self.kept_key(uid.as_str());
        if let Some(row) = DOCTORS.with(|k| k.get(&key)) {
            return Ok(Some(row));
        }
        let found = self
            .send(&Doctor {
                doctor_uid: uid.clone(),
            })
            .await?;
        if let Some(row) = &found {
            DOCTORS.with(|k| k.keep(key, row));
        }
        Ok(found)
    }

    /// The organisation's appointment type, as [`Client::shop`] finds a
    /// shop.
    pub async fn appointment_type(
        &self,
        uid: &AppointmentTypeUid,
    ) -> ApiResult<Option<appointment_types::Row>> {
        let key = self.kept_key(uid.as_str());
        if let Some(row) = APPOINTMENT_TYPES.with(|k| k.get(&key)) {
            return Ok(Some(row));
        }
        let found = self.send(&AppointmentType { uid: uid.clone() }).await?;
        if let Some(row) = &found {
            APPOINTMENT_TYPES.with(|k| k.keep(key, row));
        }
        Ok(found)
    }

    /// A creation: writes the new row here with `put`, then runs `d1`, the
    /// same row's D1 write. If D1 refuses, the row is forgotten here again,
    /// and D1's error is the answer.
    pub async fn create<R, T>(
        &self,
        put: &R,
        kind: EntryKind,
        id: &str,
        d1: impl std::future::Future<Output = ApiResult<T>>,
    ) -> ApiResult<T>
    where
        R: object::ObjectRequest<Op = Op, Reply = ()>,
    {
        self.send(put).await?;
        let written = d1.await;
        if written.is_err() {
            let forget = Forget {
                entry: kind,
                id: id.to_owned(),
            };
            if let Err(e) = self.send(&forget).await {
                worker::console_error!("directory: a refused {kind:?} was not forgotten: {e:?}");
            }
        }
        written
    }
}

#[cfg_attr(feature = "entry", worker::durable_object)]
pub struct Directory {
    env: Env,
    sql: SqlStorage,
    /// The tables exist. A shortcut only: a new instance checks again.
    ready: Cell<bool>,
}

/// The object's storage. Every statement is idempotent, so it runs again
/// harmlessly on a new instance. When it changes shape, give it numbered
/// migrations as the Shop has.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entries (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    shop TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS entries_by_shop ON entries (kind, shop);
CREATE TABLE IF NOT EXISTS loaded_doctor_lists (shop TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS spent_jtis (
    jti             TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS spent_jtis_by_expiry ON spent_jtis (expires_at);
CREATE TABLE IF NOT EXISTS sign_in_links (
    hash       TEXT PRIMARY KEY,
    staff_uid  TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    hash      TEXT PRIMARY KEY,
    staff_uid TEXT NOT NULL,
    last_seen INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_staff ON sessions (staff_uid);
";

#[cfg(feature = "entry")]
impl DurableObject for Directory {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        Directory {
            env,
            sql,
            ready: Cell::new(false),
        }
    }

    async fn fetch(&self, mut req: Request) -> worker::Result<Response> {
        let outcome = match (Op::from_path(&req.path()), req.headers().get(ORG_HEADER)?) {
            (None, _) => Err(ApiError::not_found("route")),
            (_, None) => Err(ApiError::Internal(
                "a directory request without its org".into(),
            )),
            (Some(op), Some(org)) => match (OrgUid::parse(&org), req.text().await) {
                (Ok(org), Ok(body)) => self.run(op, &org, &body).await,
                (Err(_), _) => Err(ApiError::Internal("a directory request's org".into())),
                (_, Err(e)) => Err(e.into()),
            },
        };
        object::reply(outcome)
    }
}

/// Unix seconds as an instant (the epoch for one out of range).
fn seconds(s: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(s, 0).unwrap_or_default()
}

fn json<T: Serialize>(value: &T) -> ApiResult<String> {
    Ok(serde_json::to_string(value)?)
}

impl Directory {
    fn ensure_schema(&self) -> ApiResult<()> {
        if !self.ready.get() {
            self.sql.exec(SCHEMA, None)?;
            self.ready.set(true);
        }
        Ok(())
    }

    async fn run(&self, op: Op, org: &OrgUid, body: &str) -> ApiResult<String> {
        self.ensure_schema()?;
        match op {
            Op::Key => {
                let r: Key = parse(op, body)?;
                json(&self.key(org, &r.key_id).await?)
            }
            Op::PutKey => {
                let r: PutKey = parse(op, body)?;
                json(&self.put(EntryKind::Key, &r.key_id, None, &r.entry)?)
            }
            Op::RevokeKey => {
                let r: RevokeKey = parse(op, body)?;
                let Some(mut entry) = self.key(org, &r.key_id).await? else {
                    return json(&false);
                };
                entry.revoked = true;
                self.put(EntryKind::Key, &r.key_id, None, &entry)?;
                json(&true)
            }
            Op::Booking => {
                let r: Booking = parse(op, body)?;
                let Some(secret) = self.booking_secret(org, &r.key_id).await? else {
                    return json(&None::<BookingCredential>);
                };
                let token_patient = patient_for(org.as_str(), &secret.partner, &r.sub);
                let linked = self.link(org, &token_patient).await?;
                json(&Some(BookingCredential {
                    secret,
                    token_patient,
                    linked,
                }))
            }
            Op::PutSecret => {
                let r: PutSecret = parse(op, body)?;
                json(&self.put(EntryKind::Secret, &r.key_id, None, &r.entry)?)
            }
            Op::RevokeSecret => {
                let r: RevokeSecret = parse(op, body)?;
                let Some(mut entry) = self.booking_secret(org, &r.key_id).await? else {
                    return json(&false);
                };
                entry.revoked = true;
                self.put(EntryKind::Secret, &r.key_id, None, &entry)?;
                json(&true)
            }
            Op::SecretUsed => {
                let r: SecretUsed = parse(op, body)?;
                if let Some(mut entry) = self.get::<SecretEntry>(EntryKind::Secret, &r.key_id)? {
                    entry.last_used_at = Some(r.at);
                    self.put(EntryKind::Secret, &r.key_id, None, &entry)?;
                }
                json(&())
            }
            Op::Shop => {
                let r: Shop = parse(op, body)?;
                let id = r.shop_uid.as_str();
                let db = self.db()?;
                let load = shops::find(&db, org, &r.shop_uid);
                let keep = |row: &shops::Row| self.put(EntryKind::Shop, id, None, row);
                json(&self.read_through(EntryKind::Shop, id, load, keep).await?)
            }
            Op::PutShop => {
                let r: PutShop = parse(op, body)?;
                let id = r.row.shop_uid.as_str().to_owned();
                self.put(EntryKind::Shop, &id, None, &r.row)?;
                // A new shop's doctors are all written here as they come.
                self.mark_doctor_list_loaded(&r.row.shop_uid)?;
                json(&())
            }
            Op::Doctor => {
                let r: Doctor = parse(op, body)?;
                let id = r.doctor_uid.as_str();
                let db = self.db()?;
                let load = doctors::find(&db, org, &r.doctor_uid);
                let keep = |row: &doctors::Row| self.put_doctor(row);
                json(&self.read_through(EntryKind::Doctor, id, load, keep).await?)
            }
            Op::PutDoctor => {
                let r: PutDoctor = parse(op, body)?;
                json(&self.put_doctor(&r.row)?)
            }
            Op::ShopDoctors => {
                let r: ShopDoctors = parse(op, body)?;
                json(&self.shop_doctors(org, &r.shop_uid).await?)
            }
            Op::AppointmentType => {
                let r: AppointmentType = parse(op, body)?;
                let id = r.uid.as_str();
                let db = self.db()?;
                let load = appointment_types::find(&db, org, &r.uid);
                let kind = EntryKind::AppointmentType;
                let keep = |row: &appointment_types::Row| self.put(kind, id, None, row);
                json(&self.read_through(kind, id, load, keep).await?)
            }
            Op::PutAppointmentType => {
                let r: PutAppointmentType = parse(op, body)?;
                let id = r.row.appointment_type_uid.as_str().to_owned();
                json(&self.put(EntryKind::AppointmentType, &id, None, &r.row)?)
            }
            Op::Forget => {
                let r: Forget = parse(op, body)?;
                self.sql.exec(
                    "DELETE FROM entries WHERE kind = ? AND id = ?",
                    vec![r.entry.as_str().into(), r.id.into()],
                )?;
                json(&())
            }
            Op::NewOrganization => {
                let r: NewOrganization = parse(op, body)?;
                self.put(EntryKind::Settings, "", None, &r.settings)?;
                self.put(EntryKind::Marker, LINKS_LOADED, None, &true)?;
                json(&())
            }
            Op::GetSettings => {
                let _: GetSettings = parse(op, body)?;
                json(&self.settings(org).await?)
            }
            Op::PutMeetingRooms => {
                let r: PutMeetingRooms = parse(op, body)?;
                let mut settings = self.settings(org).await?;
                settings.meeting_rooms = r.meeting_rooms;
                self.put(EntryKind::Settings, "", None, &settings)?;
                json(&settings)
            }
            Op::PutLink => {
                let r: PutLink = parse(op, body)?;
                let id = r.token_patient.as_str().to_owned();
                json(&self.put(EntryKind::Link, &id, None, &r.patient)?)
            }
            Op::SpendJti => {
                let r: SpendJti = parse(op, body)?;
                json(&self.spend_jti(&r)?)
            }
            Op::ReleaseJti => {
                let r: ReleaseJti = parse(op, body)?;
                self.sql
                    .exec("DELETE FROM spent_jtis WHERE jti = ?", vec![r.jti.into()])?;
                json(&())
            }
            Op::PutStaff => {
                let r: PutStaff = parse(op, body)?;
                let id = r.entry.staff_uid.as_str().to_owned();
                self.put(EntryKind::Staff, &id, None, &r.entry)?;
                if !r.entry.active {
                    self.close_sessions(&r.entry.staff_uid)?;
                }
                json(&())
            }
            Op::GetStaff => {
                let r: GetStaff = parse(op, body)?;
                json(&self.get::<StaffEntry>(EntryKind::Staff, r.staff_uid.as_str())?)
            }
            Op::IssueLink => {
                let r: IssueLink = parse(op, body)?;
                self.sql.exec(
                    "DELETE FROM sign_in_links WHERE expires_at <= ?",
                    vec![(r.now as f64).into()],
                )?;
                self.sql.exec(
                    "INSERT INTO sign_in_links (hash, staff_uid, expires_at) VALUES (?, ?, ?)",
                    vec![
                        r.hash.into(),
                        r.staff_uid.as_str().into(),
                        (r.expires_at as f64).into(),
                    ],
                )?;
                json(&())
            }
            Op::RedeemLink => {
                let r: RedeemLink = parse(op, body)?;
                json(&self.redeem_link(&r)?)
            }
            Op::SessionOf => {
                let r: SessionOf = parse(op, body)?;
                json(&self.session_of(&r)?)
            }
            Op::CloseSession => {
                let r: CloseSession = parse(op, body)?;
                self.sql
                    .exec("DELETE FROM sessions WHERE hash = ?", vec![r.hash.into()])?;
                json(&self.sql_changes())
            }
            Op::CloseSessions => {
                let r: CloseSessions = parse(op, body)?;
                json(&self.close_sessions(&r.staff_uid)?)
            }
        }
    }

    /// The number of rows the last statement changed.
    fn sql_changes(&self) -> u32 {
        #[derive(Deserialize)]
        struct Changed {
            n: f64,
        }
        self.sql
            .exec("SELECT changes() AS n", None)
            .and_then(|c| c.to_array::<Changed>())
            .ok()
            .and_then(|rows| rows.first().map(|c| c.n as u32))
            .unwrap_or(0)
    }

    fn close_sessions(&self, staff: &StaffUid) -> ApiResult<u32> {
        self.sql.exec(
            "DELETE FROM sessions WHERE staff_uid = ?",
            vec![staff.as_str().into()],
        )?;
        Ok(self.sql_changes())
    }

    /// The active user a live session belongs to. A dead session (idle
    /// too long, or its user deactivated) is deleted on sight.
    fn session_of(&self, r: &SessionOf) -> ApiResult<Option<LiveSession>> {
        #[derive(Deserialize)]
        struct Row {
            staff_uid: String,
            last_seen: f64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT staff_uid, last_seen FROM sessions WHERE hash = ?",
                vec![r.hash.clone().into()],
            )?
            .to_array()?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let staff = self
            .get::<StaffEntry>(EntryKind::Staff, &row.staff_uid)?
            .filter(|s| s.active);
        let (last_seen, now) = (seconds(row.last_seen as i64), seconds(r.now));
        let Some(staff) = staff.filter(|_| session_alive(last_seen, now)) else {
            self.sql.exec(
                "DELETE FROM sessions WHERE hash = ?",
                vec![r.hash.clone().into()],
            )?;
            return Ok(None);
        };
        let mut seen = row.last_seen as i64;
        if session_needs_touch(last_seen, now) {
            self.sql.exec(
                "UPDATE sessions SET last_seen = ? WHERE hash = ?",
                vec![(r.now as f64).into(), r.hash.clone().into()],
            )?;
            seen = r.now;
        }
        Ok(Some(LiveSession {
            staff,
            last_seen: seen,
        }))
    }

    fn redeem_link(&self, r: &RedeemLink) -> ApiResult<Option<StaffEntry>> {
        #[derive(Deserialize)]
        struct Row {
            staff_uid: String,
            expires_at: f64,
        }
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT staff_uid, expires_at FROM sign_in_links WHERE hash = ?",
                vec![r.hash.clone().into()],
            )?
            .to_array()?;
        // Used once, whatever comes of it.
        self.sql.exec(
            "DELETE FROM sign_in_links WHERE hash = ?",
            vec![r.hash.clone().into()],
        )?;
        let Some(link) = rows.into_iter().next() else {
            return Ok(None);
        };
        if (link.expires_at as i64) <= r.now {
            return Ok(None);
        }
        let Some(staff) = self
            .get::<StaffEntry>(EntryKind::Staff, &link.staff_uid)?
            .filter(|s| s.active)
        else {
            return Ok(None);
        };
        // The user's dead sessions go as a new one opens.
        let idle_before = r.now - frontdesk_core::staff::SESSION_IDLE_HOURS * 3600;
        self.sql.exec(
            "DELETE FROM sessions WHERE staff_uid = ? AND last_seen <= ?",
            vec![link.staff_uid.clone().into(), (idle_before as f64).into()],
        )?;
        self.sql.exec(
            "INSERT INTO sessions (hash, staff_uid, last_seen) VALUES (?, ?, ?)",
            vec![
                r.session_hash.clone().into(),
                link.staff_uid.into(),
                (r.now as f64).into(),
            ],
        )?;
        Ok(Some(staff))
    }

    fn db(&self) -> ApiResult<Db> {
        Db::new(&self.env)
    }

    fn get<T: DeserializeOwned>(&self, kind: EntryKind, id: &str) -> ApiResult<Option<T>> {
        #[derive(Deserialize)]
        struct Body {
            body: String,
        }
        let rows: Vec<Body> = self
            .sql
            .exec(
                "SELECT body FROM entries WHERE kind = ? AND id = ?",
                vec![kind.as_str().into(), id.into()],
            )?
            .to_array()?;
        match rows.into_iter().next() {
            None => Ok(None),
            Some(b) => Ok(Some(serde_json::from_str(&b.body).map_err(|e| {
                ApiError::Internal(format!("directory {}: {e}", kind.as_str()))
            })?)),
        }
    }

    fn put<T: Serialize>(
        &self,
        kind: EntryKind,
        id: &str,
        shop: Option<&ShopUid>,
        body: &T,
    ) -> ApiResult<()> {
        self.sql.exec(
            "INSERT INTO entries (kind, id, shop, body) VALUES (?, ?, ?, ?)
             ON CONFLICT (kind, id) DO UPDATE SET shop = excluded.shop, body = excluded.body",
            vec![
                kind.as_str().into(),
                id.into(),
                shop.map(|s| s.as_str().into())
                    .unwrap_or(worker::SqlStorageValue::Null),
                serde_json::to_string(body)?.into(),
            ],
        )?;
        Ok(())
    }

    /// A doctor as the hot path needs them. Their mobile number changes
    /// and is read from D1 where it is used (reminders), so it is not kept.
    fn put_doctor(&self, row: &doctors::Row) -> ApiResult<()> {
        let row = doctors::Row {
            mobile_phone: None,
            ..row.clone()
        };
        self.put(
            EntryKind::Doctor,
            row.doctor_uid.as_str(),
            Some(&row.shop_uid),
            &row,
        )
    }

    /// The row `id` of `kind` kept here; the first time, what `load` reads
    /// from D1, kept by `keep`. A row written here while D1 was being read
    /// (a revocation) wins over D1's.
    async fn read_through<T: DeserializeOwned>(
        &self,
        kind: EntryKind,
        id: &str,
        load: impl std::future::Future<Output = ApiResult<Option<T>>>,
        keep: impl FnOnce(&T) -> ApiResult<()>,
    ) -> ApiResult<Option<T>> {
        if let Some(kept) = self.get::<T>(kind, id)? {
            return Ok(Some(kept));
        }
        let Some(loaded) = load.await? else {
            return Ok(None);
        };
        if let Some(written) = self.get::<T>(kind, id)? {
            return Ok(Some(written));
        }
        keep(&loaded)?;
        Ok(Some(loaded))
    }

    async fn key(&self, org: &OrgUid, key_id: &str) -> ApiResult<Option<KeyEntry>> {
        let db = self.db()?;
        let load = async {
            Ok(api_keys::credential(&db, key_id)
                .await?
                // Another organisation's key is unknown here.
                .filter(|row| row.org_uid == *org)
                .map(|row| KeyEntry {
                    org: row.org_uid,
                    doctor: row.doctor_uid,
                    secret_hash: row.secret_hash,
                    scopes: row.scopes,
                    revoked: row.revoked_at.is_some(),
                }))
        };
        let keep = |entry: &KeyEntry| self.put(EntryKind::Key, key_id, None, entry);
        self.read_through(EntryKind::Key, key_id, load, keep).await
    }

    async fn booking_secret(&self, org: &OrgUid, key_id: &str) -> ApiResult<Option<SecretEntry>> {
        let db = self.db()?;
        let load = async {
            Ok(partners::find_secret(&db, org, key_id)
                .await?
                .map(|(row, sealed_value)| SecretEntry {
                    partner: row.partner_id,
                    sealed_value,
                    last_used_at: row.last_used_at,
                    revoked: row.revoked_at.is_some(),
                }))
        };
        let keep = |entry: &SecretEntry| self.put(EntryKind::Secret, key_id, None, entry);
        self.read_through(EntryKind::Secret, key_id, load, keep)
            .await
    }

    /// The link of a token's patient, if it has one. Every link since
    /// this object exists is written here first; the links made before are
    /// loaded from D1 once, all together, so a token patient without a link
    /// (the common case) costs no D1 read.
    async fn link(
        &self,
        org: &OrgUid,
        token_patient: &PatientProfileUid,
    ) -> ApiResult<Option<PatientProfileUid>> {
        if self.get::<bool>(EntryKind::Marker, LINKS_LOADED)?.is_none() {
            let links = patients::all_links(&self.db()?, org).await?;
            for (token_patient, patient) in links {
                let id = token_patient.as_str();
                if self
                    .get::<PatientProfileUid>(EntryKind::Link, id)?
                    .is_none()
                {
                    self.put(EntryKind::Link, id, None, &patient)?;
                }
            }
            self.put(EntryKind::Marker, LINKS_LOADED, None, &true)?;
        }
        self.get::<PatientProfileUid>(EntryKind::Link, token_patient.as_str())
    }

    async fn settings(&self, org: &OrgUid) -> ApiResult<Settings> {
        let db = self.db()?;
        let load = async { Ok(Some(organizations::settings(&db, org).await?)) };
        let keep = |settings: &Settings| self.put(EntryKind::Settings, "", None, settings);
        self.read_through(EntryKind::Settings, "", load, keep)
            .await?
            .ok_or_else(|| ApiError::Internal("the organisation's settings".into()))
    }

    async fn shop_doctors(&self, org: &OrgUid, shop: &ShopUid) -> ApiResult<Vec<DoctorUid>> {
        #[derive(Deserialize)]
        struct Loaded {
            n: f64,
        }
        let loaded: Vec<Loaded> = self
            .sql
            .exec(
                "SELECT COUNT(*) AS n FROM loaded_doctor_lists WHERE shop = ?",
                vec![shop.as_str().into()],
            )?
            .to_array()?;
        if loaded.first().is_none_or(|l| l.n == 0.0) {
            let rows = doctors::rows_of_shop(&self.db()?, org, shop).await?;
            for row in &rows {
                // Doctors written here meanwhile stay: nothing is removed.
                if self
                    .get::<doctors::Row>(EntryKind::Doctor, row.doctor_uid.as_str())?
                    .is_none()
                {
                    self.put_doctor(row)?;
                }
            }
            self.mark_doctor_list_loaded(shop)?;
        }
        #[derive(Deserialize)]
        struct Id {
            id: DoctorUid,
        }
        let ids: Vec<Id> = self
            .sql
            .exec(
                "SELECT id FROM entries WHERE kind = 'doctor' AND shop = ? ORDER BY id",
                vec![shop.as_str().into()],
            )?
            .to_array()?;
        Ok(ids.into_iter().map(|i| i.id).collect())
    }

    fn mark_doctor_list_loaded(&self, shop: &ShopUid) -> ApiResult<()> {
        self.sql.exec(
            "INSERT OR IGNORE INTO loaded_doctor_lists (shop) VALUES (?)",
            vec![shop.as_str().into()],
        )?;
        Ok(())
    }

    fn spend_jti(&self, r: &SpendJti) -> ApiResult<Spent> {
        self.sql.exec(
            "DELETE FROM spent_jtis WHERE expires_at < ?",
            vec![r.now.into()],
        )?;
        #[derive(Deserialize)]
        struct Used {
            idempotency_key: String,
        }
        let used: Vec<Used> = self
            .sql
            .exec(
                "SELECT idempotency_key FROM spent_jtis WHERE jti = ?",
                vec![r.jti.as_str().into()],
            )?
            .to_array()?;
        match used.first() {
            Some(u) if !r.idempotency_key.is_empty() && u.idempotency_key == r.idempotency_key => {
                Ok(Spent::Retry)
            }
            Some(_) => Ok(Spent::Used),
            None => {
                self.sql.exec(
                    "INSERT INTO spent_jtis (jti, idempotency_key, expires_at) VALUES (?, ?, ?)",
                    vec![
                        r.jti.as_str().into(),
                        r.idempotency_key.as_str().into(),
                        r.expires_at.into(),
                    ],
                )?;
                Ok(Spent::Fresh)
            }
        }
    }
}
