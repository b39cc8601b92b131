//! `shops`: an organisation's clinic locations.

use frontdesk_core::ids::{OrgUid, ShopUid};
use frontdesk_core::view::{self, Listing};
use frontdesk_core::zone::Zone as Tz;
use serde::{Deserialize, Serialize};

use super::{column, opt, s, Db};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Row {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
    #[serde(
        deserialize_with = "column::time_zone",
        serialize_with = "column::time_zone_name"
    )]
    pub time_zone: Tz,
    pub created_at: String,
    #[serde(default)]
    pub service_line: Option<String>,
    #[serde(default)]
    pub service_type: Option<String>,
}

impl From<Row> for view::directory::Shop {
    fn from(r: Row) -> Self {
        view::directory::Shop {
            shop_uid: r.shop_uid,
            name: r.name,
            address: r.address,
            time_zone: r.time_zone.name().to_owned(),
            created_at: r.created_at,
            service_line: r.service_line,
            service_type: r.service_type,
        }
    }
}

const COLUMNS: &str = "shop_uid, name, address, time_zone, created_at, service_line, service_type";

pub async fn insert(db: &Db, org: &OrgUid, shop: &Row) -> ApiResult<()> {
    db.run(db.prepare(
        "INSERT INTO shops (shop_uid, org_uid, name, address, time_zone, created_at,
             service_line, service_type)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[
            s(shop.shop_uid.as_str()),
            s(org.as_str()),
            s(&shop.name),
            s(&shop.address),
            s(shop.time_zone.name()),
            s(&shop.created_at),
            opt(shop.service_line.as_deref()),
            opt(shop.service_type.as_deref()),
        ],
    )?)
    .await?;
    Ok(())
}

/// The organisation's shop, if it has one by that uid.
pub async fn find(db: &Db, org: &OrgUid, shop: &ShopUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM shops WHERE org_uid = ?1 AND shop_uid = ?2"),
        &[s(org.as_str()), s(shop.as_str())],
    )
    .await
}

pub async fn list(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<view::directory::Shop>> {
    let rows = db
        .page(
            &format!(
                "SELECT {COLUMNS} FROM shops
                 WHERE org_uid = ?1 AND shop_uid > ?2 ORDER BY shop_uid LIMIT ?3"
            ),
            vec![s(org.as_str())],
            page,
            |r: &Row| r.shop_uid.as_str(),
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// Every shop of the organisation, by name (seed 002's waiting-room list,
/// which has no paging). An organisation has at most a few hundred.
pub async fn all(db: &Db, org: &OrgUid) -> ApiResult<Vec<Row>> {
    db.all(
        &format!(
            "SELECT {COLUMNS} FROM shops WHERE org_uid = ?1 ORDER BY name, shop_uid LIMIT 1000"
        ),
        &[s(org.as_str())],
    )
    .await
}
