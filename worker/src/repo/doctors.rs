//! `doctors`: each works in one shop and keeps one video room.

use frontdesk_core::ids::{DoctorUid, OrgUid, ShopUid, VideoRoomId};
use frontdesk_core::phone::E164;
use frontdesk_core::view::{self, Listing};
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;

use super::{opt, s, Db};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Row {
    pub doctor_uid: DoctorUid,
    pub shop_uid: ShopUid,
    pub name: String,
    pub video_room_id: VideoRoomId,
    pub mobile_phone: Option<E164>,
    pub created_at: String,
}

impl From<Row> for view::directory::Doctor {
    fn from(r: Row) -> Self {
        view::directory::Doctor {
            doctor_uid: r.doctor_uid,
            shop_uid: r.shop_uid,
            name: r.name,
            video_room_id: r.video_room_id,
            mobile_phone: r.mobile_phone,
            created_at: r.created_at,
        }
    }
}

const COLUMNS: &str = "doctor_uid, shop_uid, name, video_room_id, mobile_phone, created_at";

/// Adds a doctor unless the shop has `limit` already; false if it has.
/// The insert checks the count itself, so concurrent additions cannot
/// pass the limit together.
pub async fn insert(db: &Db, org: &OrgUid, doctor: &Row, limit: u32) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "INSERT INTO doctors (doctor_uid, org_uid, shop_uid, name, video_room_id, created_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6
             WHERE (SELECT COUNT(*) FROM doctors WHERE org_uid = ?2 AND shop_uid = ?3) < ?7",
            &[
                s(doctor.doctor_uid.as_str()),
                s(org.as_str()),
                s(doctor.shop_uid.as_str()),
                s(&doctor.name),
                s(doctor.video_room_id.as_str()),
                s(&doctor.created_at),
                JsValue::from(limit),
            ],
        )?)
        .await?;
    Ok(changed > 0)
}

/// The organisation's doctor, if it has one by that uid.
pub async fn find(db: &Db, org: &OrgUid, doctor: &DoctorUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM doctors WHERE org_uid = ?1 AND doctor_uid = ?2"),
        &[s(org.as_str()), s(doctor.as_str())],
    )
    .await
}

/// The organisation's doctors, of one shop or of all.
pub async fn list(
    db: &Db,
    org: &OrgUid,
    shop: Option<&ShopUid>,
    page: &Page,
) -> ApiResult<Listing<view::directory::Doctor>> {
    let rows = db
        .page(
            &format!(
                "SELECT {COLUMNS} FROM doctors
                 WHERE org_uid = ?1 AND (?2 = '' OR shop_uid = ?2) AND doctor_uid > ?3
                 ORDER BY doctor_uid LIMIT ?4"
            ),
            vec![s(org.as_str()), s(shop.map(ShopUid::as_str).unwrap_or(""))],
            page,
            |r: &Row| r.doctor_uid.as_str(),
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// Every doctor of one shop, whole: what the Directory object loads once.
pub async fn rows_of_shop(db: &Db, org: &OrgUid, shop: &ShopUid) -> ApiResult<Vec<Row>> {
    db.all(
        &format!("SELECT {COLUMNS} FROM doctors WHERE org_uid = ?1 AND shop_uid = ?2"),
        &[s(org.as_str()), s(shop.as_str())],
    )
    .await
}

pub async fn set_mobile_phone(
    db: &Db,
    org: &OrgUid,
    doctor: &DoctorUid,
    phone: Option<&E164>,
) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE doctors SET mobile_phone = ?3 WHERE org_uid = ?1 AND doctor_uid = ?2",
        &[
            s(org.as_str()),
            s(doctor.as_str()),
            opt(phone.map(E164::as_str)),
        ],
    )?)
    .await?;
    Ok(())
}

/// Where a doctor's SMS reminders go, if they gave a number.
pub async fn mobile_phone(db: &Db, org: &OrgUid, doctor: &str) -> ApiResult<Option<E164>> {
    #[derive(Deserialize)]
    struct Row {
        mobile_phone: Option<E164>,
    }
    let row: Option<Row> = db
        .first(
            "SELECT mobile_phone FROM doctors WHERE org_uid = ?1 AND doctor_uid = ?2",
            &[s(org.as_str()), s(doctor)],
        )
        .await?;
    Ok(row.and_then(|r| r.mobile_phone))
}
