//! The organisation directory in D1: organisations, API keys, shops and
//! doctors. Every query of a tenant's objects filters by `org_uid`, so another
//! organisation's object is indistinguishable from a missing one (404).

use chrono::{DateTime, SecondsFormat, Utc};
use frontdesk_core::auth::{decode_scopes, encode_scopes, MintedKey, Scope};
use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::rules::{RebookingMode, TypeRules};
use frontdesk_core::ids::{AppointmentTypeUid, DoctorUid, OrgUid, ShopUid, VideoRoomId};
use frontdesk_core::wire::{Cursor, Overview, PageQuery, Query};
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result, Env};

use crate::error::{ApiError, ApiResult};

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// Cursor pagination: a page size and where the previous page ended.
pub struct Page {
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

impl Page {
    /// `limit` (1 to 200, default 50) and `cursor`, each a 400 naming
    /// itself when it is not one this API accepts.
    pub fn from_query(url: &worker::Url) -> ApiResult<Page> {
        let pairs = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let q = PageQuery::parse(&Query::new(pairs))?;
        Ok(Page {
            limit: q.limit,
            cursor: q.cursor,
        })
    }

    /// For listings ordered by uid: the uid to list after ('' first).
    fn after_uid(&self) -> &str {
        self.cursor.as_ref().map_or("", Cursor::uid)
    }

    /// For logs listed newest first by their insertion order (`rowid`):
    /// the rowid to list below.
    fn before_rowid(&self) -> ApiResult<i64> {
        match &self.cursor {
            None => Ok(i64::MAX),
            Some(c) => Ok(c.rowid()?),
        }
    }
}

#[derive(Serialize)]
pub struct Listing<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}

pub(crate) trait HasUid {
    fn uid(&self) -> &str;
}

pub(crate) fn listing<T: HasUid>(rows: Vec<T>, page: &Page) -> Listing<T> {
    listing_by(rows, page, |r| r.uid().to_owned())
}

/// One page of `rows` (fetched with one row more than the limit), with the
/// cursor of its last row if another page follows.
pub(crate) fn listing_by<T>(
    mut rows: Vec<T>,
    page: &Page,
    cursor: impl Fn(&T) -> String,
) -> Listing<T> {
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = if more { rows.last().map(cursor) } else { None };
    Listing {
        data: rows,
        next_cursor,
    }
}

#[derive(Deserialize)]
pub struct KeyRow {
    pub org_uid: String,
    pub doctor_uid: Option<String>,
    pub secret_hash: String,
    pub scopes: String,
    pub revoked_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct KeyInfo {
    pub key_id: String,
    pub name: String,
    pub doctor_uid: Option<String>,
    #[serde(serialize_with = "scopes_as_list")]
    pub scopes: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// Stored space-separated; shown as a list, as `create` shows them.
fn scopes_as_list<S: serde::Serializer>(scopes: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(decode_scopes(scopes))
}

impl HasUid for KeyInfo {
    fn uid(&self) -> &str {
        &self.key_id
    }
}

#[derive(Serialize, Deserialize)]
pub struct Shop {
    pub shop_uid: String,
    pub name: String,
    pub address: String,
    pub time_zone: String,
    pub created_at: String,
}

impl HasUid for Shop {
    fn uid(&self) -> &str {
        &self.shop_uid
    }
}

#[derive(Serialize, Deserialize)]
pub struct Doctor {
    pub doctor_uid: String,
    pub shop_uid: String,
    pub name: String,
    pub video_room_id: String,
    /// For SMS reminders (seed 001); staff data, shown to admins.
    pub mobile_phone: Option<String>,
    pub created_at: String,
}

impl HasUid for Doctor {
    fn uid(&self) -> &str {
        &self.doctor_uid
    }
}

/// A key about to be stored.
pub struct NewKey<'a> {
    pub name: &'a str,
    pub minted: &'a MintedKey,
    pub scopes: &'a [Scope],
    pub doctor: Option<&'a DoctorUid>,
}

#[derive(Serialize, Deserialize)]
pub struct AppointmentType {
    pub appointment_type_uid: String,
    pub name: String,
    pub duration_minutes: i64,
    pub hold_ttl_seconds: i64,
    pub min_booking_notice_minutes: i64,
    pub min_cancel_notice_minutes: i64,
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    #[serde(serialize_with = "payment_modes_as_list")]
    pub payment_modes: String,
    /// Reminder rules, stored as JSON.
    #[serde(serialize_with = "json_text")]
    pub reminders: String,
    pub created_at: String,
}

fn json_text<S: serde::Serializer>(text: &str, ser: S) -> Result<S::Ok, S::Error> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(serde::ser::Error::custom)?;
    value.serialize(ser)
}

fn payment_modes_as_list<S: serde::Serializer>(modes: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(modes.split_whitespace())
}

impl AppointmentType {
    pub fn rules(&self) -> TypeRules {
        TypeRules {
            duration_minutes: self.duration_minutes,
            hold_ttl_seconds: self.hold_ttl_seconds,
            min_booking_notice_minutes: self.min_booking_notice_minutes,
            min_cancel_notice_minutes: self.min_cancel_notice_minutes,
            min_rebook_notice_minutes: self.min_rebook_notice_minutes,
            rebooking_mode: self.rebooking_mode,
            reminders: serde_json::from_str(&self.reminders).unwrap_or_default(),
        }
    }

    pub fn accepts(&self, mode: PaymentMode) -> bool {
        self.payment_modes
            .split_whitespace()
            .any(|m| m == mode.as_str())
    }
}

impl HasUid for AppointmentType {
    fn uid(&self) -> &str {
        &self.appointment_type_uid
    }
}

const TYPE_COLUMNS: &str = "appointment_type_uid, name, duration_minutes, hold_ttl_seconds, \
     min_booking_notice_minutes, min_cancel_notice_minutes, min_rebook_notice_minutes, \
     rebooking_mode, payment_modes, reminders, created_at";

/// One appointment as the read model stores it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ProjectedAppointment {
    pub appointment_uid: String,
    pub org_uid: String,
    pub shop_uid: String,
    pub doctor_uid: String,
    pub patient_profile_uid: String,
    pub appointment_type_uid: String,
    pub status: String,
    pub start_at: i64,
    /// When the next unsent reminder falls due, for the cron.
    pub next_reminder_at: Option<i64>,
    pub version: i64,
    /// The appointment's JSON view, served as is by the overview.
    pub body: String,
}

pub struct Directory {
    db: D1Database,
}

impl Directory {
    pub fn new(env: &Env) -> ApiResult<Self> {
        Ok(Directory { db: env.d1("DB")? })
    }

    pub(crate) fn stmt(&self, sql: &str, args: &[JsValue]) -> ApiResult<D1PreparedStatement> {
        Ok(self.db.prepare(sql).bind(args)?)
    }

    /// Runs statements as one atomic batch.
    pub(crate) async fn batch(&self, statements: Vec<D1PreparedStatement>) -> ApiResult<()> {
        self.db.batch(statements).await?;
        Ok(())
    }

    /// [`Directory::batch`], with each statement's result (see [`changes`]).
    pub(crate) async fn batch_results(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> ApiResult<Vec<D1Result>> {
        Ok(self.db.batch(statements).await?)
    }

    /// Runs a listing query whose last two placeholders are the cursor and
    /// the limit, fetching one extra row to know whether a next page exists.
    pub(crate) async fn page<T>(
        &self,
        sql: &str,
        mut args: Vec<JsValue>,
        page: &Page,
    ) -> ApiResult<Listing<T>>
    where
        T: HasUid + for<'de> Deserialize<'de>,
    {
        args.push(s(page.after_uid()));
        args.push(JsValue::from(page.limit + 1));
        let rows = self.stmt(sql, &args)?.all().await?.results()?;
        Ok(listing(rows, page))
    }

    /// Runs a log query, newest first by insertion order, whose last two
    /// placeholders are the rowid to list below and the limit; `rowid`
    /// names a row's own rowid, which becomes the cursor.
    pub(crate) async fn newest_first<T>(
        &self,
        sql: &str,
        mut args: Vec<JsValue>,
        page: &Page,
        rowid: impl Fn(&T) -> i64,
    ) -> ApiResult<Listing<T>>
    where
        T: for<'de> Deserialize<'de>,
    {
        args.push(JsValue::from(page.before_rowid()? as f64));
        args.push(JsValue::from(page.limit + 1));
        let rows = self.stmt(sql, &args)?.all().await?.results()?;
        Ok(listing_by(rows, page, |r| rowid(r).to_string()))
    }

    pub(crate) fn insert_key(
        &self,
        org: &OrgUid,
        key: &NewKey<'_>,
        now: DateTime<Utc>,
    ) -> ApiResult<D1PreparedStatement> {
        self.stmt(
            "INSERT INTO api_keys (key_id, org_uid, name, secret_hash, scopes, doctor_uid, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[
                s(&key.minted.key_id),
                s(org.as_str()),
                s(key.name),
                s(&key.minted.secret_hash),
                s(&encode_scopes(key.scopes)),
                key.doctor.map_or(JsValue::NULL, |d| s(d.as_str())),
                s(&timestamp(now)),
            ],
        )
    }

    pub async fn key(&self, key_id: &str) -> ApiResult<Option<KeyRow>> {
        Ok(self
            .stmt(
                "SELECT org_uid, doctor_uid, secret_hash, scopes, revoked_at FROM api_keys WHERE key_id = ?1",
                &[s(key_id)],
            )?
            .first(None)
            .await?)
    }

    /// Creates an organisation and its first key in one atomic batch.
    pub async fn create_organization(
        &self,
        org: &OrgUid,
        name: &str,
        default_country: &str,
        key: &MintedKey,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let org_stmt = self.stmt(
            "INSERT INTO organizations (org_uid, name, default_country, created_at) VALUES (?1, ?2, ?3, ?4)",
            &[s(org.as_str()), s(name), s(default_country), s(&timestamp(now))],
        )?;
        let first = NewKey {
            name: "Initial admin key",
            minted: key,
            scopes: &Scope::ALL,
            doctor: None,
        };
        let key_stmt = self.insert_key(org, &first, now)?;
        self.db.batch(vec![org_stmt, key_stmt]).await?;
        Ok(())
    }

    pub async fn list_keys(&self, org: &OrgUid, page: &Page) -> ApiResult<Listing<KeyInfo>> {
        self.page(
            "SELECT key_id, name, doctor_uid, scopes, created_at, revoked_at FROM api_keys
             WHERE org_uid = ?1 AND key_id > ?2 ORDER BY key_id LIMIT ?3",
            vec![s(org.as_str())],
            page,
        )
        .await
    }

    /// Revokes a key of `org` (a no-op on a revoked one).
    pub(crate) fn revoke_key(
        &self,
        org: &OrgUid,
        key_id: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<D1PreparedStatement> {
        self.stmt(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?3)
             WHERE org_uid = ?1 AND key_id = ?2",
            &[s(org.as_str()), s(key_id), s(&timestamp(now))],
        )
    }

    pub async fn create_shop(&self, org: &OrgUid, shop: &Shop) -> ApiResult<()> {
        self.stmt(
            "INSERT INTO shops (shop_uid, org_uid, name, address, time_zone, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                s(&shop.shop_uid),
                s(org.as_str()),
                s(&shop.name),
                s(&shop.address),
                s(&shop.time_zone),
                s(&shop.created_at),
            ],
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn shop(&self, org: &OrgUid, shop: &ShopUid) -> ApiResult<Option<Shop>> {
        Ok(self
            .stmt(
                "SELECT shop_uid, name, address, time_zone, created_at FROM shops
                 WHERE org_uid = ?1 AND shop_uid = ?2",
                &[s(org.as_str()), s(shop.as_str())],
            )?
            .first(None)
            .await?)
    }

    pub async fn list_shops(&self, org: &OrgUid, page: &Page) -> ApiResult<Listing<Shop>> {
        self.page(
            "SELECT shop_uid, name, address, time_zone, created_at FROM shops
             WHERE org_uid = ?1 AND shop_uid > ?2 ORDER BY shop_uid LIMIT ?3",
            vec![s(org.as_str())],
            page,
        )
        .await
    }

    /// Adds a doctor unless the shop has `limit` already; false if it has.
    /// The insert checks the count itself, so concurrent additions cannot
    /// pass the limit together.
    pub async fn create_doctor(
        &self,
        org: &OrgUid,
        doctor: &Doctor,
        limit: u32,
    ) -> ApiResult<bool> {
        let result = self
            .stmt(
                "INSERT INTO doctors (doctor_uid, org_uid, shop_uid, name, video_room_id, created_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6
                 WHERE (SELECT COUNT(*) FROM doctors WHERE org_uid = ?2 AND shop_uid = ?3) < ?7",
                &[
                    s(&doctor.doctor_uid),
                    s(org.as_str()),
                    s(&doctor.shop_uid),
                    s(&doctor.name),
                    s(&doctor.video_room_id),
                    s(&doctor.created_at),
                    JsValue::from(limit),
                ],
            )?
            .run()
            .await?;
        Ok(result.meta()?.and_then(|m| m.changes).unwrap_or(0) > 0)
    }

    pub async fn doctor(&self, org: &OrgUid, doctor: &DoctorUid) -> ApiResult<Option<Doctor>> {
        Ok(self
            .stmt(
                "SELECT doctor_uid, shop_uid, name, video_room_id, mobile_phone, created_at FROM doctors
                 WHERE org_uid = ?1 AND doctor_uid = ?2",
                &[s(org.as_str()), s(doctor.as_str())],
            )?
            .first(None)
            .await?)
    }

    pub async fn list_doctors(
        &self,
        org: &OrgUid,
        shop: Option<&ShopUid>,
        page: &Page,
    ) -> ApiResult<Listing<Doctor>> {
        self.page(
            "SELECT doctor_uid, shop_uid, name, video_room_id, mobile_phone, created_at FROM doctors
             WHERE org_uid = ?1 AND (?2 = '' OR shop_uid = ?2) AND doctor_uid > ?3
             ORDER BY doctor_uid LIMIT ?4",
            vec![s(org.as_str()), s(shop.map(ShopUid::as_str).unwrap_or(""))],
            page,
        )
        .await
    }

    pub async fn create_appointment_type(
        &self,
        org: &OrgUid,
        t: &AppointmentType,
    ) -> ApiResult<()> {
        self.stmt(
            &format!("INSERT INTO appointment_types (org_uid, {TYPE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
            &[
                s(org.as_str()),
                s(&t.appointment_type_uid),
                s(&t.name),
                JsValue::from(t.duration_minutes as f64),
                JsValue::from(t.hold_ttl_seconds as f64),
                JsValue::from(t.min_booking_notice_minutes as f64),
                JsValue::from(t.min_cancel_notice_minutes as f64),
                JsValue::from(t.min_rebook_notice_minutes as f64),
                s(match t.rebooking_mode {
                    RebookingMode::SameDoctor => "same_doctor",
                    RebookingMode::AnyDoctor => "any_doctor",
                }),
                s(&t.payment_modes),
                s(&t.reminders),
                s(&t.created_at),
            ],
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn appointment_type(
        &self,
        org: &OrgUid,
        uid: &AppointmentTypeUid,
    ) -> ApiResult<Option<AppointmentType>> {
        Ok(self
            .stmt(
                &format!("SELECT {TYPE_COLUMNS} FROM appointment_types WHERE org_uid = ?1 AND appointment_type_uid = ?2"),
                &[s(org.as_str()), s(uid.as_str())],
            )?
            .first(None)
            .await?)
    }

    pub async fn list_appointment_types(
        &self,
        org: &OrgUid,
        page: &Page,
    ) -> ApiResult<Listing<AppointmentType>> {
        self.page(
            &format!(
                "SELECT {TYPE_COLUMNS} FROM appointment_types
                 WHERE org_uid = ?1 AND appointment_type_uid > ?2 ORDER BY appointment_type_uid LIMIT ?3"
            ),
            vec![s(org.as_str())],
            page,
        )
        .await
    }

    pub async fn set_mobile_phone(
        &self,
        org: &OrgUid,
        doctor: &DoctorUid,
        phone: Option<&str>,
    ) -> ApiResult<()> {
        self.stmt(
            "UPDATE doctors SET mobile_phone = ?3 WHERE org_uid = ?1 AND doctor_uid = ?2",
            &[
                s(org.as_str()),
                s(doctor.as_str()),
                phone.map_or(JsValue::NULL, s),
            ],
        )?
        .run()
        .await?;
        Ok(())
    }

    /// The organisation's country for numbers written without a code.
    pub async fn default_region(&self, org: &OrgUid) -> ApiResult<frontdesk_core::phone::Region> {
        #[derive(Deserialize)]
        struct Row {
            default_country: String,
        }
        let row: Option<Row> = self
            .stmt(
                "SELECT default_country FROM organizations WHERE org_uid = ?1",
                &[s(org.as_str())],
            )?
            .first(None)
            .await?;
        let code = row
            .map(|r| r.default_country)
            .unwrap_or_else(|| "US".into());
        frontdesk_core::phone::Region::parse(&code)
            .map_err(|_| ApiError::Internal("stored default country is not valid".into()))
    }

    /// Every doctor of one shop, for a search across the shop's doctors.
    pub async fn doctors_of_shop(&self, org: &OrgUid, shop: &ShopUid) -> ApiResult<Vec<DoctorUid>> {
        #[derive(Deserialize)]
        struct Row {
            doctor_uid: String,
        }
        let rows: Vec<Row> = self
            .stmt(
                "SELECT doctor_uid FROM doctors WHERE org_uid = ?1 AND shop_uid = ?2 ORDER BY doctor_uid",
                &[s(org.as_str()), s(shop.as_str())],
            )?
            .all()
            .await?
            .results()?;
        Ok(rows
            .iter()
            .filter_map(|r| DoctorUid::parse(&r.doctor_uid).ok())
            .collect())
    }

    /// The organisation-wide appointment overview, from the read model.
    /// Ordered by start time then uid; the cursor is the last row's pair.
    pub async fn overview(
        &self,
        org: &OrgUid,
        filter: &Overview,
        now: DateTime<Utc>,
        page: &Page,
    ) -> ApiResult<Listing<serde_json::Value>> {
        let mut sql = String::from(
            "SELECT appointment_uid, start_at, body FROM appointments WHERE org_uid = ?",
        );
        let mut args = vec![s(org.as_str())];
        let mut eq = |column: &str, value: Option<&str>, sql: &mut String| {
            if let Some(v) = value {
                sql.push_str(&format!(" AND {column} = ?"));
                args.push(s(v));
            }
        };
        eq(
            "shop_uid",
            filter.shop_uid.as_ref().map(ShopUid::as_str),
            &mut sql,
        );
        eq(
            "doctor_uid",
            filter.doctor_uid.as_ref().map(DoctorUid::as_str),
            &mut sql,
        );
        eq(
            "patient_profile_uid",
            filter.patient_profile_uid.as_ref().map(|p| p.as_str()),
            &mut sql,
        );
        let statuses: Vec<&str> = if filter.statuses.is_empty() {
            vec!["held", "confirmed"]
        } else {
            filter.statuses.iter().map(|st| st.as_str()).collect()
        };
        sql.push_str(&format!(
            " AND status IN ({})",
            vec!["?"; statuses.len()].join(", ")
        ));
        args.extend(statuses.iter().map(|st| s(st)));
        // By default the overview shows what is still to come (seed 001).
        let from = filter.from.or(if filter.statuses.is_empty() {
            Some(now)
        } else {
            None
        });
        if let Some(from) = from {
            sql.push_str(" AND start_at >= ?");
            args.push(JsValue::from(from.timestamp_millis() as f64));
        }
        if let Some(to) = filter.to {
            sql.push_str(" AND start_at < ?");
            args.push(JsValue::from(to.timestamp_millis() as f64));
        }
        if let Some(cursor) = &page.cursor {
            let c = cursor.overview()?;
            let start = c.start_ms as f64;
            sql.push_str(" AND (start_at > ? OR (start_at = ? AND appointment_uid > ?))");
            args.extend([
                JsValue::from(start),
                JsValue::from(start),
                s(c.appointment_uid.as_str()),
            ]);
        }
        sql.push_str(" ORDER BY start_at, appointment_uid LIMIT ?");
        args.push(JsValue::from(page.limit + 1));

        #[derive(Deserialize)]
        struct Row {
            appointment_uid: String,
            start_at: f64,
            body: String,
        }
        let mut rows: Vec<Row> = self.stmt(&sql, &args)?.all().await?.results()?;
        let more = rows.len() > page.limit as usize;
        rows.truncate(page.limit as usize);
        let next_cursor = if more {
            rows.last()
                .map(|r| format!("{}.{}", r.start_at as i64, r.appointment_uid))
        } else {
            None
        };
        let data = rows
            .iter()
            .map(|r| serde_json::from_str(&r.body))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Listing { data, next_cursor })
    }

    /// Upserts projected appointments; an older version never overwrites a
    /// newer one, so replays and out-of-order deliveries are harmless.
    pub async fn project_appointments(&self, rows: &[ProjectedAppointment]) -> ApiResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let statements = rows
            .iter()
            .map(|r| {
                self.stmt(
                    "INSERT INTO appointments (appointment_uid, org_uid, shop_uid, doctor_uid, patient_profile_uid,
                         appointment_type_uid, status, start_at, version, body, next_reminder_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                     ON CONFLICT (appointment_uid) DO UPDATE SET
                         doctor_uid = excluded.doctor_uid, status = excluded.status, start_at = excluded.start_at,
                         version = excluded.version, body = excluded.body,
                         next_reminder_at = excluded.next_reminder_at
                     WHERE excluded.version > appointments.version",
                    &[
                        s(&r.appointment_uid),
                        s(&r.org_uid),
                        s(&r.shop_uid),
                        s(&r.doctor_uid),
                        s(&r.patient_profile_uid),
                        s(&r.appointment_type_uid),
                        s(&r.status),
                        JsValue::from(r.start_at as f64),
                        JsValue::from(r.version as f64),
                        s(&r.body),
                        r.next_reminder_at.map_or(JsValue::NULL, |t| JsValue::from(t as f64)),
                    ],
                )
            })
            .collect::<ApiResult<Vec<_>>>()?;
        self.db.batch(statements).await?;
        Ok(())
    }
}

/// A doctor's persistent room, minted once when the doctor is created.
pub fn new_video_room() -> VideoRoomId {
    VideoRoomId::new(&crate::ambient::entropy())
}

/// The rows a statement of a batch changed (0 for a missing result).
pub(crate) fn changes(result: Option<&D1Result>) -> ApiResult<usize> {
    Ok(match result {
        Some(r) => r.meta()?.and_then(|m| m.changes).unwrap_or(0),
        None => 0,
    })
}
