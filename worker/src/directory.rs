//! The organisation directory in D1: organisations, API keys, shops and
//! doctors. Every query of a tenant's objects filters by `org_uid`, so another
//! organisation's object is indistinguishable from a missing one (404).

use chrono::{DateTime, SecondsFormat, Utc};
use frontdesk_core::auth::{decode_scopes, encode_scopes, MintedKey, Scope};
use frontdesk_core::ids::{DoctorUid, OrgUid, ShopUid, VideoRoomId};
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Env};

use crate::error::{ApiError, ApiResult};

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// Cursor pagination over a uid-ordered list.
pub struct Page {
    pub limit: u32,
    pub after: Option<String>,
}

impl Page {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 200;

    pub fn from_query(url: &worker::Url) -> ApiResult<Page> {
        let mut page = Page {
            limit: Self::DEFAULT_LIMIT,
            after: None,
        };
        for (k, v) in url.query_pairs() {
            match &*k {
                "limit" => {
                    page.limit = v
                        .parse()
                        .ok()
                        .filter(|n| (1..=Self::MAX_LIMIT).contains(n))
                        .ok_or_else(|| {
                            ApiError::bad_field(
                                "limit",
                                format!("`limit` must be 1 to {}", Self::MAX_LIMIT),
                            )
                        })?
                }
                "cursor" => page.after = Some(v.into_owned()),
                _ => {}
            }
        }
        Ok(page)
    }
}

#[derive(Serialize)]
pub struct Listing<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}

trait HasUid {
    fn uid(&self) -> &str;
}

fn listing<T: HasUid>(mut rows: Vec<T>, page: &Page) -> Listing<T> {
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| r.uid().to_owned())
    } else {
        None
    };
    Listing {
        data: rows,
        next_cursor,
    }
}

#[derive(Deserialize)]
pub struct KeyRow {
    pub org_uid: String,
    pub secret_hash: String,
    pub scopes: String,
    pub revoked_at: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct KeyInfo {
    pub key_id: String,
    pub name: String,
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
    pub created_at: String,
}

impl HasUid for Doctor {
    fn uid(&self) -> &str {
        &self.doctor_uid
    }
}

pub struct Directory {
    db: D1Database,
}

impl Directory {
    pub fn new(env: &Env) -> ApiResult<Self> {
        Ok(Directory { db: env.d1("DB")? })
    }

    fn stmt(&self, sql: &str, args: &[JsValue]) -> ApiResult<D1PreparedStatement> {
        Ok(self.db.prepare(sql).bind(args)?)
    }

    /// Runs a listing query whose last two placeholders are the cursor and
    /// the limit, fetching one extra row to know whether a next page exists.
    async fn page<T>(&self, sql: &str, mut args: Vec<JsValue>, page: &Page) -> ApiResult<Listing<T>>
    where
        T: HasUid + for<'de> Deserialize<'de>,
    {
        args.push(s(page.after.as_deref().unwrap_or("")));
        args.push(JsValue::from(page.limit + 1));
        let rows = self.stmt(sql, &args)?.all().await?.results()?;
        Ok(listing(rows, page))
    }

    fn insert_key(
        &self,
        org: &OrgUid,
        name: &str,
        key: &MintedKey,
        scopes: &[Scope],
        now: DateTime<Utc>,
    ) -> ApiResult<D1PreparedStatement> {
        self.stmt(
            "INSERT INTO api_keys (key_id, org_uid, name, secret_hash, scopes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                s(&key.key_id),
                s(org.as_str()),
                s(name),
                s(&key.secret_hash),
                s(&encode_scopes(scopes)),
                s(&timestamp(now)),
            ],
        )
    }

    pub async fn key(&self, key_id: &str) -> ApiResult<Option<KeyRow>> {
        Ok(self
            .stmt(
                "SELECT org_uid, secret_hash, scopes, revoked_at FROM api_keys WHERE key_id = ?1",
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
        key: &MintedKey,
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        let org_stmt = self.stmt(
            "INSERT INTO organizations (org_uid, name, created_at) VALUES (?1, ?2, ?3)",
            &[s(org.as_str()), s(name), s(&timestamp(now))],
        )?;
        let key_stmt = self.insert_key(org, "Initial admin key", key, &Scope::ALL, now)?;
        self.db.batch(vec![org_stmt, key_stmt]).await?;
        Ok(())
    }

    pub async fn create_key(
        &self,
        org: &OrgUid,
        name: &str,
        key: &MintedKey,
        scopes: &[Scope],
        now: DateTime<Utc>,
    ) -> ApiResult<()> {
        self.insert_key(org, name, key, scopes, now)?.run().await?;
        Ok(())
    }

    pub async fn list_keys(&self, org: &OrgUid, page: &Page) -> ApiResult<Listing<KeyInfo>> {
        self.page(
            "SELECT key_id, name, scopes, created_at, revoked_at FROM api_keys
             WHERE org_uid = ?1 AND key_id > ?2 ORDER BY key_id LIMIT ?3",
            vec![s(org.as_str())],
            page,
        )
        .await
    }

    /// Revokes a key of `org`; false if there is no such key.
    pub async fn revoke_key(
        &self,
        org: &OrgUid,
        key_id: &str,
        now: DateTime<Utc>,
    ) -> ApiResult<bool> {
        let result = self
            .stmt(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?3)
                 WHERE org_uid = ?1 AND key_id = ?2",
                &[s(org.as_str()), s(key_id), s(&timestamp(now))],
            )?
            .run()
            .await?;
        let changed = result.meta()?.and_then(|m| m.changes).unwrap_or(0);
        Ok(changed > 0)
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

    pub async fn create_doctor(&self, org: &OrgUid, doctor: &Doctor) -> ApiResult<()> {
        self.stmt(
            "INSERT INTO doctors (doctor_uid, org_uid, shop_uid, name, video_room_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                s(&doctor.doctor_uid),
                s(org.as_str()),
                s(&doctor.shop_uid),
                s(&doctor.name),
                s(&doctor.video_room_id),
                s(&doctor.created_at),
            ],
        )?
        .run()
        .await?;
        Ok(())
    }

    pub async fn doctor(&self, org: &OrgUid, doctor: &DoctorUid) -> ApiResult<Option<Doctor>> {
        Ok(self
            .stmt(
                "SELECT doctor_uid, shop_uid, name, video_room_id, created_at FROM doctors
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
            "SELECT doctor_uid, shop_uid, name, video_room_id, created_at FROM doctors
             WHERE org_uid = ?1 AND (?2 = '' OR shop_uid = ?2) AND doctor_uid > ?3
             ORDER BY doctor_uid LIMIT ?4",
            vec![s(org.as_str()), s(shop.map(ShopUid::as_str).unwrap_or(""))],
            page,
        )
        .await
    }
}

/// A doctor's persistent room, minted once when the doctor is created.
pub fn new_video_room() -> VideoRoomId {
    VideoRoomId::new(&crate::ambient::entropy())
}
