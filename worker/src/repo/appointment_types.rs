//! `appointment_types`: durations, notices, rebooking, payment modes and
//! reminder rules, per organisation.

use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::rules::{RebookingMode, ReminderRule, TypeRules};
use frontdesk_core::ids::{AppointmentTypeUid, OrgUid};
use frontdesk_core::view::{self, Listing};
use serde::{Deserialize, Serialize};

use super::{column, n, s, Db};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Row {
    pub appointment_type_uid: AppointmentTypeUid,
    pub name: String,
    pub duration_minutes: i64,
    pub hold_ttl_seconds: i64,
    pub min_booking_notice_minutes: i64,
    pub min_cancel_notice_minutes: i64,
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    #[serde(
        deserialize_with = "column::words",
        serialize_with = "column::words_text"
    )]
    pub payment_modes: Vec<PaymentMode>,
    /// Stored as JSON; a list that does not read is an error, not "none".
    #[serde(
        deserialize_with = "column::json",
        serialize_with = "column::json_text"
    )]
    pub reminders: Vec<ReminderRule>,
    pub created_at: String,
}

impl Row {
    /// A new type with `rules`, as it will be stored.
    pub fn new(
        uid: AppointmentTypeUid,
        name: String,
        rules: TypeRules,
        payment_modes: Vec<PaymentMode>,
        created_at: String,
    ) -> Row {
        Row {
            appointment_type_uid: uid,
            name,
            duration_minutes: rules.duration_minutes,
            hold_ttl_seconds: rules.hold_ttl_seconds,
            min_booking_notice_minutes: rules.min_booking_notice_minutes,
            min_cancel_notice_minutes: rules.min_cancel_notice_minutes,
            min_rebook_notice_minutes: rules.min_rebook_notice_minutes,
            rebooking_mode: rules.rebooking_mode,
            payment_modes,
            reminders: rules.reminders,
            created_at,
        }
    }

    pub fn rules(&self) -> TypeRules {
        TypeRules {
            duration_minutes: self.duration_minutes,
            hold_ttl_seconds: self.hold_ttl_seconds,
            min_booking_notice_minutes: self.min_booking_notice_minutes,
            min_cancel_notice_minutes: self.min_cancel_notice_minutes,
            min_rebook_notice_minutes: self.min_rebook_notice_minutes,
            rebooking_mode: self.rebooking_mode,
            reminders: self.reminders.clone(),
        }
    }

    pub fn accepts(&self, mode: PaymentMode) -> bool {
        self.payment_modes.contains(&mode)
    }
}

impl From<Row> for view::appointment_types::AppointmentType {
    fn from(r: Row) -> Self {
        view::appointment_types::AppointmentType {
            appointment_type_uid: r.appointment_type_uid,
            name: r.name,
            duration_minutes: r.duration_minutes,
            hold_ttl_seconds: r.hold_ttl_seconds,
            min_booking_notice_minutes: r.min_booking_notice_minutes,
            min_cancel_notice_minutes: r.min_cancel_notice_minutes,
            min_rebook_notice_minutes: r.min_rebook_notice_minutes,
            rebooking_mode: r.rebooking_mode,
            payment_modes: r.payment_modes,
            reminders: r.reminders,
            created_at: r.created_at,
        }
    }
}

const COLUMNS: &str = "appointment_type_uid, name, duration_minutes, hold_ttl_seconds, \
     min_booking_notice_minutes, min_cancel_notice_minutes, min_rebook_notice_minutes, \
     rebooking_mode, payment_modes, reminders, created_at";

pub async fn insert(db: &Db, org: &OrgUid, t: &Row) -> ApiResult<()> {
    let payment_modes = t
        .payment_modes
        .iter()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    db.run(db.prepare(
        &format!("INSERT INTO appointment_types (org_uid, {COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        &[
            s(org.as_str()),
            s(t.appointment_type_uid.as_str()),
            s(&t.name),
            n(t.duration_minutes),
            n(t.hold_ttl_seconds),
            n(t.min_booking_notice_minutes),
            n(t.min_cancel_notice_minutes),
            n(t.min_rebook_notice_minutes),
            s(match t.rebooking_mode {
                RebookingMode::SameDoctor => "same_doctor",
                RebookingMode::AnyDoctor => "any_doctor",
            }),
            s(&payment_modes),
            s(&serde_json::to_string(&t.reminders)?),
            s(&t.created_at),
        ],
    )?)
    .await?;
    Ok(())
}

/// The organisation's type, if it has one by that uid.
pub async fn find(db: &Db, org: &OrgUid, uid: &AppointmentTypeUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM appointment_types WHERE org_uid = ?1 AND appointment_type_uid = ?2"),
        &[s(org.as_str()), s(uid.as_str())],
    )
    .await
}

pub async fn list(
    db: &Db,
    org: &OrgUid,
    page: &Page,
) -> ApiResult<Listing<view::appointment_types::AppointmentType>> {
    let rows = db
        .page(
            &format!(
                "SELECT {COLUMNS} FROM appointment_types
                 WHERE org_uid = ?1 AND appointment_type_uid > ?2 ORDER BY appointment_type_uid LIMIT ?3"
            ),
            vec![s(org.as_str())],
            page,
            |r: &Row| r.appointment_type_uid.as_str(),
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// The organisation's first type, which bookings that name none (seed
/// 002's, seed 003's without `appointment_type_uid`) use.
pub async fn earliest(db: &Db, org: &OrgUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!(
            "SELECT {COLUMNS} FROM appointment_types WHERE org_uid = ?1
             ORDER BY created_at, appointment_type_uid LIMIT 1"
        ),
        &[s(org.as_str())],
    )
    .await
}
