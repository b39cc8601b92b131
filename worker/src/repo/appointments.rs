//! `appointments`: the read model of every shop's appointments, written
//! only by the shops' outboxes, read by the overview, the patients' past
//! visits and the reminder cron.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, ShopUid,
};
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::view::patients::{Clinic, NamedType, PastAppointment, PastDoctor};
use frontdesk_core::view::Listing;
use frontdesk_core::wire::Overview;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use worker::wasm_bindgen::JsValue;

use super::{column, n, s, Db};
use crate::error::ApiResult;
use crate::paging::Page;

/// One appointment as a shop delivers it to the read model (through its
/// outbox, as JSON).
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

/// Upserts projected appointments; an older version never overwrites a
/// newer one, so replays and out-of-order deliveries are harmless.
pub async fn project(db: &Db, rows: &[ProjectedAppointment]) -> ApiResult<()> {
    let statements = rows
        .iter()
        .map(|r| {
            db.prepare(
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
                    n(r.start_at),
                    n(r.version),
                    s(&r.body),
                    r.next_reminder_at.map_or(JsValue::NULL, n),
                ],
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let saids = rows
        .iter()
        .map(|r| super::vendor_ids::assign_said(db, &r.org_uid, &r.appointment_uid))
        .collect::<ApiResult<Vec<_>>>()?;
    db.commit(statements.into_iter().chain(saids).collect())
        .await
}

/// The organisation-wide appointment overview. Ordered by start time then
/// uid; the cursor is the last row's pair.
pub async fn overview(
    db: &Db,
    org: &OrgUid,
    filter: &Overview,
    now: DateTime<Utc>,
    page: &Page,
) -> ApiResult<Listing<AppointmentView>> {
    let mut sql =
        String::from("SELECT appointment_uid, start_at, body FROM appointments WHERE org_uid = ?");
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
        filter
            .patient_profile_uid
            .as_ref()
            .map(PatientProfileUid::as_str),
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
        args.push(n(from.timestamp_millis()));
    }
    if let Some(to) = filter.to {
        sql.push_str(" AND start_at < ?");
        args.push(n(to.timestamp_millis()));
    }
    if let Some(cursor) = &page.cursor {
        let c = cursor.overview()?;
        sql.push_str(" AND (start_at > ? OR (start_at = ? AND appointment_uid > ?))");
        args.extend([n(c.start_ms), n(c.start_ms), s(c.appointment_uid.as_str())]);
    }
    sql.push_str(" ORDER BY start_at, appointment_uid LIMIT ?");
    args.push(JsValue::from(page.fetch()));

    #[derive(Deserialize)]
    struct Row {
        appointment_uid: AppointmentUid,
        start_at: i64,
        #[serde(deserialize_with = "column::json")]
        body: AppointmentView,
    }
    let rows: Vec<Row> = db.all(&sql, &args).await?;
    let listing = crate::paging::listing_by(rows, page, |r| {
        format!("{}.{}", r.start_at, r.appointment_uid)
    });
    Ok(crate::paging::map_listing(listing, |r| r.body))
}

/// One appointment of the read model, as staff see it.
pub async fn view(
    db: &Db,
    org: &OrgUid,
    uid: &AppointmentUid,
) -> ApiResult<Option<AppointmentView>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "column::json")]
        body: AppointmentView,
    }
    let row: Option<Row> = db
        .first(
            "SELECT body FROM appointments WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(uid.as_str())],
        )
        .await?;
    Ok(row.map(|r| r.body))
}

/// Seed 004's completed visits of one patient, newest first, each with its
/// doctor's and type's names and the clinic's address.
pub async fn past_completed(
    db: &Db,
    org: &OrgUid,
    patient: &PatientProfileUid,
    limit: u32,
) -> ApiResult<Vec<PastAppointment>> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "column::json")]
        body: Map<String, Value>,
        shop_uid: ShopUid,
        /// `''` for a pool appointment no doctor took.
        doctor_uid: String,
        appointment_type_uid: AppointmentTypeUid,
        doctor_name: Option<String>,
        type_name: Option<String>,
        shop_name: String,
        shop_address: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT a.body, a.shop_uid, a.doctor_uid, a.appointment_type_uid,
                    d.name AS doctor_name, t.name AS type_name, sh.name AS shop_name, sh.address AS shop_address
             FROM appointments a
             JOIN shops sh ON sh.shop_uid = a.shop_uid
             LEFT JOIN doctors d ON d.doctor_uid = a.doctor_uid
             LEFT JOIN appointment_types t ON t.appointment_type_uid = a.appointment_type_uid
             WHERE a.org_uid = ?1 AND a.patient_profile_uid = ?2 AND a.status = 'completed'
             ORDER BY a.start_at DESC LIMIT ?3",
            &[s(org.as_str()), s(patient.as_str()), JsValue::from(limit)],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PastAppointment {
            appointment: r.body,
            doctor: DoctorUid::parse(&r.doctor_uid)
                .ok()
                .map(|doctor_uid| PastDoctor {
                    doctor_uid,
                    name: r.doctor_name,
                }),
            appointment_type: NamedType {
                appointment_type_uid: r.appointment_type_uid,
                name: r.type_name,
            },
            shop: Clinic {
                shop_uid: r.shop_uid,
                name: r.shop_name,
                address: r.shop_address,
            },
        })
        .collect())
}

/// A shop with a reminder due (the cron asks each).
pub struct DueShop {
    pub org_uid: OrgUid,
    pub shop_uid: ShopUid,
}

/// The shops with a reminder due: one indexed query, never a scan of
/// every appointment. Each row is read on its own, so one malformed row
/// is one `Err` and the cron still asks every other shop.
pub async fn shops_with_reminders_due(
    db: &Db,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Result<DueShop, String>>> {
    #[derive(Deserialize)]
    struct Row {
        org_uid: String,
        shop_uid: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT DISTINCT org_uid, shop_uid FROM appointments
             WHERE next_reminder_at IS NOT NULL AND next_reminder_at <= ?1 AND start_at > ?1",
            &[n(now.timestamp_millis())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |r| match (OrgUid::parse(&r.org_uid), ShopUid::parse(&r.shop_uid)) {
                (Ok(org_uid), Ok(shop_uid)) => Ok(DueShop { org_uid, shop_uid }),
                _ => Err("a shop in the read model has a malformed uid".to_owned()),
            },
        )
        .collect())
}

/// One page of a report: the appointments starting in `[start_ms,
/// end_ms)` after `after` (a row's start and uid), in start order.
pub async fn in_range(
    db: &Db,
    org: &OrgUid,
    start_ms: i64,
    end_ms: i64,
    after: Option<&(i64, String)>,
    limit: u32,
) -> ApiResult<Vec<(i64, String, AppointmentView)>> {
    #[derive(Deserialize)]
    struct Row {
        appointment_uid: String,
        start_at: i64,
        #[serde(deserialize_with = "column::json")]
        body: AppointmentView,
    }
    let (after_ms, after_uid) = after.map_or((i64::MIN / 2, ""), |(ms, uid)| (*ms, uid.as_str()));
    let rows: Vec<Row> = db
        .all(
            "SELECT appointment_uid, start_at, body FROM appointments \
             WHERE org_uid = ?1 AND start_at >= ?2 AND start_at < ?3 \
             AND (start_at > ?4 OR (start_at = ?4 AND appointment_uid > ?5)) \
             ORDER BY start_at, appointment_uid LIMIT ?6",
            &[
                s(org.as_str()),
                n(start_ms),
                n(end_ms),
                n(after_ms),
                s(after_uid),
                JsValue::from(limit),
            ],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.start_at, r.appointment_uid, r.body))
        .collect())
}
