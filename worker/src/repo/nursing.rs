//! `care_locations` and `assistance_requests`: seed 002's virtual
//! nursing. Unique indexes keep one care location per place, per device
//! and per placed patient, and one open request per care location.

use chrono::{DateTime, Utc};
use frontdesk_core::compat::nursing::Place;
use frontdesk_core::ids::{OrgUid, PatientProfileUid, QueueUid, ShopUid};
use frontdesk_core::time::timestamp;
use serde::Deserialize;

use super::{opt, s, Db};
use crate::error::ApiResult;

#[derive(Debug, Clone, Deserialize)]
pub struct CareLocation {
    pub care_location_uid: String,
    pub name: String,
    pub building: Option<String>,
    pub floor: Option<String>,
    pub department: Option<String>,
    pub room: String,
    pub bed: Option<String>,
    pub shop_uid: ShopUid,
    pub device_serial: String,
    pub device_type: String,
    pub patient_uid: Option<PatientProfileUid>,
}

const COLUMNS: &str = "care_location_uid, name, building, floor, department, room, bed, shop_uid, device_serial, device_type, patient_uid";

/// A care location as it is written.
pub struct NewCareLocation<'a> {
    pub name: &'a str,
    pub place: &'a Place,
    pub shop: &'a ShopUid,
    pub device_serial: &'a str,
    pub device_type: &'a str,
    pub patient: Option<&'a PatientProfileUid>,
}

fn parts(place: &Place) -> [Option<&str>; 5] {
    match place {
        Place::Ward {
            building,
            floor,
            room,
            bed,
        } => [
            Some(building),
            Some(floor),
            None,
            Some(room),
            bed.as_deref(),
        ],
        Place::Department {
            department,
            room,
            bed,
        } => [None, None, Some(department), Some(room), bed.as_deref()],
    }
}

/// Inserts the care location; `false` when its place, device or patient
/// is another care location's (checked before, this catches a race).
pub async fn insert(
    db: &Db,
    org: &OrgUid,
    uid: &str,
    c: &NewCareLocation<'_>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    write(
        db,
        "INSERT INTO care_locations (care_location_uid, org_uid, name, building, floor, department,
             room, bed, place_key, room_key, shop_uid, device_serial, device_type, patient_uid,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)
         ON CONFLICT DO NOTHING",
        org,
        uid,
        c,
        now,
    )
    .await
}

/// Replaces the care location; `false` when it is gone or its new place,
/// device or patient is another's.
pub async fn replace(
    db: &Db,
    org: &OrgUid,
    uid: &str,
    c: &NewCareLocation<'_>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    write(
        db,
        "UPDATE OR IGNORE care_locations SET name = ?3, building = ?4, floor = ?5,
             department = ?6, room = ?7, bed = ?8, place_key = ?9, room_key = ?10,
             shop_uid = ?11, device_serial = ?12, device_type = ?13, patient_uid = ?14,
             updated_at = ?15
         WHERE org_uid = ?2 AND care_location_uid = ?1",
        org,
        uid,
        c,
        now,
    )
    .await
}

/// Runs `sql` over the care location's fields as ?1 to ?15; whether a row
/// changed.
async fn write(
    db: &Db,
    sql: &str,
    org: &OrgUid,
    uid: &str,
    c: &NewCareLocation<'_>,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let [building, floor, department, room, bed] = parts(c.place);
    let changed = db
        .run(db.prepare(
            sql,
            &[
                s(uid),
                s(org.as_str()),
                s(c.name),
                opt(building),
                opt(floor),
                opt(department),
                opt(room),
                opt(bed),
                s(&c.place.key()),
                s(&c.place.room_key()),
                s(c.shop.as_str()),
                s(c.device_serial),
                s(c.device_type),
                opt(c.patient.map(PatientProfileUid::as_str)),
                s(&timestamp(now)),
            ],
        )?)
        .await?;
    Ok(changed > 0)
}

pub async fn delete(db: &Db, org: &OrgUid, uid: &str) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "DELETE FROM care_locations WHERE org_uid = ?1 AND care_location_uid = ?2",
            &[s(org.as_str()), s(uid)],
        )?)
        .await?;
    Ok(changed > 0)
}

async fn one_where(
    db: &Db,
    org: &OrgUid,
    clause: &str,
    value: &str,
) -> ApiResult<Option<CareLocation>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM care_locations WHERE org_uid = ?1 AND {clause} = ?2"),
        &[s(org.as_str()), s(value)],
    )
    .await
}

pub async fn find(db: &Db, org: &OrgUid, uid: &str) -> ApiResult<Option<CareLocation>> {
    one_where(db, org, "care_location_uid", uid).await
}

pub async fn by_device(db: &Db, org: &OrgUid, serial: &str) -> ApiResult<Option<CareLocation>> {
    one_where(db, org, "device_serial", serial).await
}

pub async fn by_place(db: &Db, org: &OrgUid, place: &Place) -> ApiResult<Option<CareLocation>> {
    one_where(db, org, "place_key", &place.key()).await
}

pub async fn by_patient(
    db: &Db,
    org: &OrgUid,
    patient: &PatientProfileUid,
) -> ApiResult<Option<CareLocation>> {
    one_where(db, org, "patient_uid", patient.as_str()).await
}

/// The care locations of a room (a request that names no bed).
pub async fn in_room(db: &Db, org: &OrgUid, place: &Place) -> ApiResult<Vec<CareLocation>> {
    db.all(
        &format!(
            "SELECT {COLUMNS} FROM care_locations WHERE org_uid = ?1 AND room_key = ?2 LIMIT 2"
        ),
        &[s(org.as_str()), s(&place.room_key())],
    )
    .await
}

/// The organisation's care locations, by name (a hospital's beds: a few
/// thousand at most).
pub async fn all(db: &Db, org: &OrgUid) -> ApiResult<Vec<CareLocation>> {
    db.all(
        &format!(
            "SELECT {COLUMNS} FROM care_locations WHERE org_uid = ?1
             ORDER BY name, care_location_uid LIMIT 5000"
        ),
        &[s(org.as_str())],
    )
    .await
}

#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    pub request_uid: String,
    pub care_location_uid: String,
    pub shop_uid: ShopUid,
    pub queue_uid: Option<QueueUid>,
    pub device_serial: String,
    pub patient_uid: PatientProfileUid,
    pub created_at: String,
    pub finished_at: Option<String>,
}

const REQUEST_COLUMNS: &str = "request_uid, care_location_uid, shop_uid, queue_uid, device_serial, patient_uid, created_at, finished_at";

/// The care location's open request.
pub async fn open_request(
    db: &Db,
    org: &OrgUid,
    care_location: &str,
) -> ApiResult<Option<Request>> {
    db.first(
        &format!(
            "SELECT {REQUEST_COLUMNS} FROM assistance_requests
             WHERE org_uid = ?1 AND care_location_uid = ?2 AND open = 1"
        ),
        &[s(org.as_str()), s(care_location)],
    )
    .await
}

/// Opens a request; `false` when the care location has one open already.
pub async fn open(
    db: &Db,
    org: &OrgUid,
    request_uid: &str,
    location: &CareLocation,
    patient: &PatientProfileUid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "INSERT INTO assistance_requests (request_uid, org_uid, care_location_uid, shop_uid,
                 device_serial, patient_uid, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            &[
                s(request_uid),
                s(org.as_str()),
                s(&location.care_location_uid),
                s(location.shop_uid.as_str()),
                s(&location.device_serial),
                s(patient.as_str()),
                s(&timestamp(now)),
            ],
        )?)
        .await?;
    Ok(changed > 0)
}

/// The queue entry the request joined.
pub async fn joined(db: &Db, request_uid: &str, queue: &QueueUid) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE assistance_requests SET queue_uid = ?2 WHERE request_uid = ?1",
        &[s(request_uid), s(queue.as_str())],
    )?)
    .await?;
    Ok(())
}

/// Closes the request (done, cancelled, or never queued).
pub async fn close(db: &Db, request_uid: &str, now: DateTime<Utc>) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE assistance_requests SET open = 0, finished_at = COALESCE(finished_at, ?2)
         WHERE request_uid = ?1",
        &[s(request_uid), s(&timestamp(now))],
    )?)
    .await?;
    Ok(())
}
