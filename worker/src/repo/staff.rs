//! `staff`: the organisation's staff users. Their sessions and sign-in
//! links live in the organisation's Directory object, never here.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{DoctorUid, OrgUid, StaffUid};
use frontdesk_core::staff::{Email, Role};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::staff::Staff;
use frontdesk_core::view::Listing;
use serde::{Deserialize, Serialize};

use super::{column, opt, s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// A staff user as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub staff_uid: StaffUid,
    pub org_uid: OrgUid,
    pub email: Email,
    pub name: String,
    pub role: Role,
    pub doctor_uid: Option<DoctorUid>,
    #[serde(deserialize_with = "column::flag")]
    pub active: bool,
    #[serde(default)]
    pub mobile_phone: Option<String>,
    pub created_at: String,
}

impl From<Row> for Staff {
    fn from(r: Row) -> Self {
        Staff {
            staff_uid: r.staff_uid,
            email: r.email.as_str().to_owned(),
            name: r.name,
            role: r.role,
            doctor_uid: r.doctor_uid,
            active: r.active,
            mobile_phone: r.mobile_phone,
            created_at: r.created_at,
        }
    }
}

const COLUMNS: &str =
    "staff_uid, org_uid, email, name, role, doctor_uid, active, mobile_phone, created_at";

pub fn insert(db: &Db, row: &Row, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO staff (staff_uid, org_uid, email, name, role, doctor_uid, active, created_at, updated_at, mobile_phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)",
        &[
            s(row.staff_uid.as_str()),
            s(row.org_uid.as_str()),
            s(row.email.as_str()),
            s(&row.name),
            s(row.role.as_str()),
            opt(row.doctor_uid.as_ref().map(DoctorUid::as_str)),
            super::n(i64::from(row.active)),
            s(&timestamp(now)),
            opt(row.mobile_phone.as_deref()),
        ],
    )
}

/// Writes a user's changeable fields.
pub fn update(db: &Db, row: &Row, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE staff SET name = ?3, role = ?4, doctor_uid = ?5, active = ?6, updated_at = ?7, mobile_phone = ?8
         WHERE org_uid = ?1 AND staff_uid = ?2",
        &[
            s(row.org_uid.as_str()),
            s(row.staff_uid.as_str()),
            s(&row.name),
            s(row.role.as_str()),
            opt(row.doctor_uid.as_ref().map(DoctorUid::as_str)),
            super::n(i64::from(row.active)),
            s(&timestamp(now)),
            opt(row.mobile_phone.as_deref()),
        ],
    )
}

pub async fn get(db: &Db, org: &OrgUid, uid: &StaffUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM staff WHERE org_uid = ?1 AND staff_uid = ?2"),
        &[s(org.as_str()), s(uid.as_str())],
    )
    .await
}

pub async fn by_email(db: &Db, org: &OrgUid, email: &Email) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM staff WHERE org_uid = ?1 AND email = ?2"),
        &[s(org.as_str()), s(email.as_str())],
    )
    .await
}

/// The active users with this address, in every organisation: a sign-in
/// request is answered with a link for each.
pub async fn active_everywhere(db: &Db, email: &Email) -> ApiResult<Vec<Row>> {
    db.all(
        &format!("SELECT {COLUMNS} FROM staff WHERE email = ?1 AND active = 1 LIMIT 20"),
        &[s(email.as_str())],
    )
    .await
}

/// Where the organisation's `admin` reminders go: its active admins'
/// email addresses, or for SMS the mobile numbers of those who have one (at
/// most 50), in email order.
pub async fn admin_addresses(db: &Db, org: &OrgUid, channel: &str) -> ApiResult<Vec<String>> {
    #[derive(Deserialize)]
    struct Address {
        address: String,
    }
    let column = if channel == "email" {
        "email"
    } else {
        "mobile_phone"
    };
    let rows: Vec<Address> = db
        .all(
            &format!(
                "SELECT {column} AS address FROM staff
                 WHERE org_uid = ?1 AND role = 'admin' AND active = 1 AND {column} IS NOT NULL
                 ORDER BY email LIMIT 50"
            ),
            &[s(org.as_str())],
        )
        .await?;
    Ok(rows.into_iter().map(|a| a.address).collect())
}

/// A doctor's staff email, if the doctor has an active staff account.
pub async fn doctor_email(db: &Db, org: &OrgUid, doctor: &str) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Address {
        email: String,
    }
    let row: Option<Address> = db
        .first(
            "SELECT email FROM staff WHERE org_uid = ?1 AND doctor_uid = ?2 AND active = 1
             ORDER BY staff_uid LIMIT 1",
            &[s(org.as_str()), s(doctor)],
        )
        .await?;
    Ok(row.map(|a| a.email))
}

pub async fn list(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<Staff>> {
    let rows = db
        .page(
            &format!(
                "SELECT {COLUMNS} FROM staff WHERE org_uid = ?1 AND staff_uid > ?2
                 ORDER BY staff_uid LIMIT ?3"
            ),
            vec![s(org.as_str())],
            page,
            |r: &Row| r.staff_uid.as_str(),
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}
