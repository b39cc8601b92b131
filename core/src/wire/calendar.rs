//! Calendar requests: appointment types, availability, slot search, booking
//! and the appointment actions, including query strings.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::{parse_date, parse_instant, Body, WireError};
use crate::calendar::appointment::{AppointmentStatus, PaymentMode};
use crate::calendar::availability::{
    hhmm, weekday, Availability, DateOverride, WeeklyWindow, Window,
};
use crate::calendar::rules::{RebookingMode, RecipientGroup, ReminderRule, TypeRules};
use crate::calendar::slots::MAX_SEARCH_DAYS;
use crate::ids::{AppointmentTypeUid, DoctorUid, EpisodeUid, PatientProfileUid, ShopUid};

/// `POST /v1/management/appointment-types`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAppointmentType {
    pub name: String,
    /// What the shop decides bookings by.
    pub rules: TypeRules,
    pub payment_modes: Vec<PaymentMode>,
}

/// The most reminder rules a type may have.
pub const MAX_REMINDERS: usize = 20;
/// The longest cancellation reason.
pub const CANCEL_REASON_MAX: usize = 500;
/// Seed 002's `reasons`: at most this many, each at most [`REASON_MAX`]
/// characters.
pub const REASONS_MAX: usize = 10;
pub const REASON_MAX: usize = 200;
/// The longest `external_id` and `account_number`.
pub const EXTERNAL_ID_MAX: usize = 128;
pub const ACCOUNT_NUMBER_MAX: usize = 64;
/// A free duration's bounds, in minutes.
pub const FREE_DURATION_MINUTES: std::ops::RangeInclusive<i64> = 5..=480;

/// Seed 002's fields of an appointment that the clinic gives when booking
/// and the shop keeps with it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct VisitDetails {
    pub reasons: Vec<String>,
    /// Unique in the organisation; letters, digits and `.` `_` `~` `:` `-`,
    /// so it can name the appointment in a path.
    pub external_id: Option<String>,
    pub account_number: Option<String>,
}

impl VisitDetails {
    fn parse(body: &Body) -> Result<Self, WireError> {
        let reasons = match body.array("reasons")? {
            None => vec![],
            Some(items) if items.len() > REASONS_MAX => {
                return Err(WireError::invalid("reasons", "may hold at most 10 reasons"))
            }
            Some(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(r) => super::check_text("reasons", r.trim(), REASON_MAX),
                    _ => Err(WireError::invalid("reasons", "must be an array of strings")),
                })
                .collect::<Result<_, _>>()?,
        };
        let external_id = match body.opt_str("external_id")? {
            None => None,
            Some(id) => Some(external_id(id).ok_or_else(|| {
                WireError::invalid(
                    "external_id",
                    "must be 1 to 128 letters, digits or . _ ~ : -",
                )
            })?),
        };
        Ok(VisitDetails {
            reasons,
            external_id,
            account_number: body.opt_text("account_number", ACCOUNT_NUMBER_MAX)?,
        })
    }
}

/// An appointment's external id as it may be written: 1 to 128 of
/// `A-Z a-z 0-9 . _ ~ : -`, so it names the appointment in a path as it is.
pub fn external_id(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id.len() <= EXTERNAL_ID_MAX
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._~:-".contains(&b));
    ok.then(|| id.to_owned())
}

fn parse_reminders(body: &Body) -> Result<Vec<ReminderRule>, WireError> {
    let bad = |problem: &str| WireError::invalid("reminders", problem.to_owned());
    let Some(items) = body.array("reminders")? else {
        return Ok(vec![]);
    };
    if items.len() > MAX_REMINDERS {
        return Err(bad("may hold at most 20 rules"));
    }
    items
        .iter()
        .map(|v| {
            let recipient = v
                .get("recipient")
                .and_then(Value::as_str)
                .and_then(RecipientGroup::parse)
                .ok_or_else(|| bad("each rule needs `recipient`: patient, doctor or admin"))?;
            let minutes_before = v
                .get("minutes_before")
                .and_then(super::whole_number)
                .filter(|m| TypeRules::NOTICE_MINUTES.contains(m))
                .ok_or_else(|| {
                    bad("each rule needs `minutes_before`, a whole number of minutes")
                })?;
            let flag = |name: &str| match v.get(name) {
                None => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(_) => Err(bad("`send_email` and `send_sms` must be true or false")),
            };
            Ok(ReminderRule {
                recipient,
                minutes_before,
                send_email: flag("send_email")?,
                send_sms: flag("send_sms")?,
            })
        })
        .collect()
}

impl CreateAppointmentType {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let rebooking_mode = match body.opt_str("rebooking_mode")? {
            None => RebookingMode::SameDoctor,
            Some(s) => RebookingMode::parse(s).ok_or_else(|| {
                WireError::invalid("rebooking_mode", "must be same_doctor or any_doctor")
            })?,
        };
        let payment_modes = match body.array("payment_modes")? {
            None => vec![PaymentMode::AtClinic],
            Some(items) if items.is_empty() => {
                return Err(WireError::invalid(
                    "payment_modes",
                    "must list at least one payment mode",
                ))
            }
            Some(items) => {
                let mut modes = items
                    .iter()
                    .map(|v| {
                        v.as_str().and_then(PaymentMode::parse).ok_or_else(|| {
                            WireError::invalid(
                                "payment_modes",
                                format!(
                                    "must list payment modes from {}",
                                    PaymentMode::ALL.map(PaymentMode::as_str).join(", ")
                                ),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let mut unique = Vec::new();
                for m in modes.drain(..) {
                    if !unique.contains(&m) {
                        unique.push(m);
                    }
                }
                unique
            }
        };
        let rules = TypeRules {
            duration_minutes: body.int("duration_minutes", TypeRules::DURATION_MINUTES, None)?,
            hold_ttl_seconds: body.int(
                "hold_ttl_seconds",
                TypeRules::HOLD_TTL_SECONDS,
                Some(600),
            )?,
            min_booking_notice_minutes: body.int(
                "min_booking_notice_minutes",
                TypeRules::NOTICE_MINUTES,
                Some(0),
            )?,
            min_cancel_notice_minutes: body.int(
                "min_cancel_notice_minutes",
                TypeRules::NOTICE_MINUTES,
                Some(0),
            )?,
            min_rebook_notice_minutes: body.int(
                "min_rebook_notice_minutes",
                TypeRules::NOTICE_MINUTES,
                Some(0),
            )?,
            rebooking_mode,
            reminders: parse_reminders(body)?,
        };
        Ok(Self {
            name: body.text("name", 200)?,
            rules,
            payment_modes,
        })
    }
}

fn window(field: &'static str, v: &Value) -> Result<Window, WireError> {
    let time = |key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .and_then(hhmm::parse)
            .ok_or_else(|| WireError::invalid(field, format!("each window needs `{key}` as HH:MM")))
    };
    Ok(Window {
        start: time("start")?,
        end: time("end")?,
    })
}

/// `PUT /v1/management/doctors/{doctor_uid}/availability`: the whole weekly
/// schedule and its date overrides, replaced at once.
pub fn parse_availability(body: &Body) -> Result<Availability, WireError> {
    let weekly = body
        .array("weekly")?
        .ok_or(WireError::Missing { field: "weekly" })?
        .iter()
        .map(|v| {
            let day = v
                .get("weekday")
                .and_then(Value::as_str)
                .and_then(weekday::parse)
                .ok_or_else(|| {
                    WireError::invalid("weekly", "each window needs `weekday`, e.g. monday")
                })?;
            Ok(WeeklyWindow {
                weekday: day,
                window: window("weekly", v)?,
            })
        })
        .collect::<Result<Vec<_>, WireError>>()?;
    let overrides = body
        .array("overrides")?
        .map(|items| {
            items
                .iter()
                .map(|v| {
                    let date = v
                        .get("date")
                        .and_then(Value::as_str)
                        .ok_or_else(|| {
                            WireError::invalid(
                                "overrides",
                                "each override needs `date` as YYYY-MM-DD",
                            )
                        })
                        .and_then(|d| {
                            crate::time::SCHEDULE.date(d).map_err(|e| {
                                WireError::invalid(
                                    "overrides",
                                    format!("each override's `date` {e}"),
                                )
                            })
                        })?;
                    let windows = v
                        .get("windows")
                        .and_then(Value::as_array)
                        .ok_or_else(|| {
                            WireError::invalid(
                                "overrides",
                                "each override needs `windows` (empty for a day off)",
                            )
                        })?
                        .iter()
                        .map(|w| window("overrides", w))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(DateOverride { date, windows })
                })
                .collect::<Result<Vec<_>, WireError>>()
        })
        .transpose()?
        .unwrap_or_default();
    // Weekly windows are checked alone first, so each error names the part
    // of the body it is about.
    Availability::new(weekly.clone(), vec![])
        .map_err(|e| WireError::invalid("weekly", format!("is not valid: {e}")))?;
    Availability::new(weekly, overrides)
        .map_err(|e| WireError::invalid("overrides", format!("is not valid: {e}")))
}

/// `POST /v1/management/appointments`: hold a slot, or book it confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub shop_uid: ShopUid,
    /// `None`: the shop's pool; whichever doctor takes the checked-in
    /// patient has the appointment.
    pub doctor_uid: Option<DoctorUid>,
    pub appointment_type_uid: AppointmentTypeUid,
    pub patient_profile_uid: PatientProfileUid,
    pub start: DateTime<Utc>,
    pub payment_mode: PaymentMode,
    /// `true` books confirmed at once; `false` (the default) places a hold.
    pub confirm: bool,
    /// The clinic's (not a booking token's): seed 002's fields.
    pub details: VisitDetails,
    pub episode_of_care_uid: Option<EpisodeUid>,
    /// A length other than the type's, where the shop allows it.
    pub duration_minutes: Option<i64>,
}

impl Book {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Self::parse_with(body, None, true)
    }

    /// For a patient of the directory: the patient is the path's, never
    /// the body's.
    pub fn parse_for_patient(body: &Body, patient: PatientProfileUid) -> Result<Self, WireError> {
        Self::parse_with(body, Some(patient), true)
    }

    /// For a booking token's holder: the patient is the token's, and the
    /// clinic's own fields (seed 002's, a free duration) are not theirs to
    /// set: they are ignored.
    pub fn parse_for_token_holder(
        body: &Body,
        patient: PatientProfileUid,
    ) -> Result<Self, WireError> {
        Self::parse_with(body, Some(patient), false)
    }

    fn parse_with(
        body: &Body,
        patient: Option<PatientProfileUid>,
        clinic: bool,
    ) -> Result<Self, WireError> {
        let confirm = match body.opt_str("status")? {
            None | Some("held") => false,
            Some("confirmed") => true,
            Some(_) => return Err(WireError::invalid("status", "must be held or confirmed")),
        };
        let payment_mode = |body: &Body| -> Result<PaymentMode, WireError> {
            PaymentMode::parse(body.str("payment_mode")?).ok_or_else(|| {
                WireError::invalid(
                    "payment_mode",
                    format!(
                        "must be one of {}",
                        PaymentMode::ALL.map(PaymentMode::as_str).join(", ")
                    ),
                )
            })
        };
        // Fields are checked in the order a form lists them.
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
            doctor_uid: body.opt_id("doctor_uid", DoctorUid::parse)?,
            appointment_type_uid: body.id("appointment_type_uid", AppointmentTypeUid::parse)?,
            patient_profile_uid: match patient {
                Some(p) => p,
                None => body.id("patient_profile_uid", PatientProfileUid::parse)?,
            },
            start: parse_instant("start", body.str("start")?)?,
            payment_mode: payment_mode(body)?,
            confirm,
            details: if clinic {
                VisitDetails::parse(body)?
            } else {
                VisitDetails::default()
            },
            episode_of_care_uid: if clinic {
                body.opt_id("episode_of_care_uid", EpisodeUid::parse)?
            } else {
                None
            },
            duration_minutes: match (clinic, body.raw("duration_minutes")) {
                (true, Some(v)) if !v.is_null() => {
                    Some(body.int("duration_minutes", FREE_DURATION_MINUTES, None)?)
                }
                _ => None,
            },
        })
    }
}

/// `POST /v1/management/appointments/{uid}/cancel`: the reason is required.
pub fn parse_cancel_reason(body: &Body) -> Result<String, WireError> {
    body.text("reason", CANCEL_REASON_MAX)
}

/// `POST /v1/booking/appointments/{uid}/cancel`: a patient may say why.
pub fn parse_patient_cancel_reason(body: &Body) -> Result<String, WireError> {
    Ok(body
        .opt_text("reason", CANCEL_REASON_MAX)?
        .unwrap_or_else(|| "cancelled by the patient".to_owned()))
}

/// `POST /v1/booking/appointments/{uid}/confirm`: the holder confirms
/// their hold, choosing how they will pay (recorded only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmBooking {
    /// `None`: the mode chosen when the slot was held.
    pub payment_mode: Option<PaymentMode>,
}

impl ConfirmBooking {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let payment_mode = match body.opt_str("payment_mode")? {
            None => None,
            Some(s) => Some(PaymentMode::parse(s).ok_or_else(|| {
                WireError::invalid(
                    "payment_mode",
                    format!(
                        "must be one of {}",
                        PaymentMode::ALL.map(PaymentMode::as_str).join(", ")
                    ),
                )
            })?),
        };
        Ok(Self { payment_mode })
    }
}

/// `POST /v1/management/appointments/{uid}/rebook`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebook {
    pub start: DateTime<Utc>,
    /// Another doctor of the same shop, where the type allows it.
    pub doctor_uid: Option<DoctorUid>,
}

impl Rebook {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            start: parse_instant("start", body.str("start")?)?,
            doctor_uid: body.opt_id("doctor_uid", DoctorUid::parse)?,
        })
    }
}

/// Query-string parameters, with the same field-naming errors as bodies.
#[derive(Debug, Clone)]
pub struct Query(Vec<(String, String)>);

/// `GET /v1/management/waiting-room/live?shop_uid=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveQueueQuery {
    pub shop_uid: ShopUid,
}

impl LiveQueueQuery {
    pub fn parse(q: &Query) -> Result<Self, WireError> {
        let shop = q.req("shop_uid")?;
        Ok(Self {
            shop_uid: ShopUid::parse(shop)
                .map_err(|e| WireError::invalid("shop_uid", format!("is {e}")))?,
        })
    }
}

impl Query {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Query(pairs)
    }

    pub fn opt(&self, field: &'static str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn req(&self, field: &'static str) -> Result<&str, WireError> {
        self.opt(field).ok_or(WireError::Missing { field })
    }

    fn date(&self, field: &'static str) -> Result<NaiveDate, WireError> {
        parse_date(field, self.req(field)?)
    }

    fn opt_id<T>(
        &self,
        field: &'static str,
        parse: fn(&str) -> Result<T, crate::ids::IdError>,
    ) -> Result<Option<T>, WireError> {
        self.opt(field)
            .map(|s| parse(s).map_err(|e| WireError::invalid(field, format!("is {e}"))))
            .transpose()
    }

    fn opt_instant(&self, field: &'static str) -> Result<Option<DateTime<Utc>>, WireError> {
        self.opt(field).map(|s| parse_instant(field, s)).transpose()
    }
}

/// `GET /v1/management/slots`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSearch {
    pub shop_uid: ShopUid,
    pub appointment_type_uid: AppointmentTypeUid,
    /// One doctor, or every doctor of the shop.
    pub doctor_uid: Option<DoctorUid>,
    pub start_date: NaiveDate,
    /// Inclusive.
    pub end_date: NaiveDate,
}

impl SlotSearch {
    pub fn parse(q: &Query) -> Result<Self, WireError> {
        let start_date = q.date("start_date")?;
        let end_date = q.date("end_date")?;
        if end_date < start_date {
            return Err(WireError::invalid(
                "end_date",
                "must not be before start_date",
            ));
        }
        if (end_date - start_date).num_days() >= MAX_SEARCH_DAYS {
            return Err(WireError::invalid(
                "end_date",
                format!("the range may cover at most {MAX_SEARCH_DAYS} days"),
            ));
        }
        Ok(Self {
            shop_uid: q
                .opt_id("shop_uid", ShopUid::parse)?
                .ok_or(WireError::Missing { field: "shop_uid" })?,
            appointment_type_uid: q
                .opt_id("appointment_type_uid", AppointmentTypeUid::parse)?
                .ok_or(WireError::Missing {
                    field: "appointment_type_uid",
                })?,
            doctor_uid: q.opt_id("doctor_uid", DoctorUid::parse)?,
            start_date,
            end_date,
        })
    }
}

/// The most entries a `status` list may have before duplicates are dropped.
const MAX_STATUS_ITEMS: usize = 20;

/// A comma-separated `status` list: known statuses only, each kept once
/// (in the order first given), so the list is never longer than
/// [`AppointmentStatus::ALL`] however many entries were sent.
fn parse_statuses(list: &str) -> Result<Vec<AppointmentStatus>, WireError> {
    let items: Vec<&str> = list.split(',').map(str::trim).collect();
    if items.len() > MAX_STATUS_ITEMS {
        return Err(WireError::invalid(
            "status",
            format!("may list at most {MAX_STATUS_ITEMS} statuses"),
        ));
    }
    let mut statuses = Vec::new();
    for item in items {
        let status = AppointmentStatus::parse(item).ok_or_else(|| {
            WireError::invalid(
                "status",
                format!(
                    "must list statuses from {}",
                    AppointmentStatus::ALL
                        .map(AppointmentStatus::as_str)
                        .join(", ")
                ),
            )
        })?;
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    Ok(statuses)
}

/// `GET /v1/management/appointments`: the organisation-wide overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub shop_uid: Option<ShopUid>,
    pub doctor_uid: Option<DoctorUid>,
    pub patient_profile_uid: Option<PatientProfileUid>,
    /// Empty means the default: held and confirmed.
    pub statuses: Vec<AppointmentStatus>,
    /// Appointments starting at or after; defaults to now.
    pub from: Option<DateTime<Utc>>,
    /// Appointments starting before.
    pub to: Option<DateTime<Utc>>,
}

impl Overview {
    pub fn parse(q: &Query) -> Result<Self, WireError> {
        let statuses = match q.opt("status") {
            None => vec![],
            Some(list) => parse_statuses(list)?,
        };
        let from = q.opt_instant("from")?;
        let to = q.opt_instant("to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if t <= f {
                return Err(WireError::invalid("to", "must be after from"));
            }
        }
        Ok(Self {
            shop_uid: q.opt_id("shop_uid", ShopUid::parse)?,
            doctor_uid: q.opt_id("doctor_uid", DoctorUid::parse)?,
            patient_profile_uid: q.opt_id("patient_profile_uid", PatientProfileUid::parse)?,
            statuses,
            from,
            to,
        })
    }
}

/// What the document says of the calendar's bodies: the fields each
/// parser above reads, with the bounds it checks.
#[cfg(feature = "schema")]
pub mod body_schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};
    use serde_json::json;

    use super::*;
    use crate::api_doc::schema::{described, opt_text, text, Object, ScheduleInstant};
    use crate::calendar::availability::MAX_OVERRIDES;

    /// A whole number in `range`; `null` is absent (the default applies).
    fn int(range: &std::ops::RangeInclusive<i64>, description: &str) -> serde_json::Value {
        json!({
            "type": "integer",
            "minimum": range.start(),
            "maximum": range.end(),
            "description": description,
        })
    }

    /// A rule as [`parse_reminders`] reads it: the flags may be left out
    /// (`false`), unlike in the rules a type answers with.
    fn reminder_rule(g: &mut SchemaGenerator) -> serde_json::Value {
        json!({
            "type": "object",
            "required": ["recipient", "minutes_before"],
            "properties": {
                "recipient": g.subschema_for::<RecipientGroup>(),
                "minutes_before": int(&TypeRules::NOTICE_MINUTES, "Whole minutes before the start, 0 to 527040 (a year). Real time: a day before is 1440 minutes before, across daylight-saving changes too."),
                "send_email": { "type": "boolean", "default": false, "description": "Frontdesk emails the recipient. Default `false`." },
                "send_sms": { "type": "boolean", "default": false, "description": "Frontdesk texts the recipient. Default `false`." },
            },
            "description": "One reminder: who is reminded, how long before the start, and whether Frontdesk itself sends an email and/or an SMS. Whatever the flags, an `APPOINTMENT_REMINDER_DUE` event is published when it falls due.",
        })
    }

    impl JsonSchema for CreateAppointmentType {
        fn schema_name() -> Cow<'static, str> {
            "CreateAppointmentTypeRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let notice = &TypeRules::NOTICE_MINUTES;
            let mut hold = int(&TypeRules::HOLD_TTL_SECONDS, "How long a hold lasts before it expires on its own; 1 to 86400 seconds, default 600.");
            hold["default"] = json!(600);
            let with_default = |mut v: serde_json::Value| {
                v["default"] = json!(0);
                v
            };
            let mut rebooking =
                described(g.subschema_for::<RebookingMode>(), "Default `same_doctor`.");
            rebooking["default"] = json!("same_doctor");
            Object::new()
                .required("name", text(200, "Trimmed; 1 to 200 characters, no control characters."))
                .required("duration_minutes", int(&TypeRules::DURATION_MINUTES, "Length of one appointment, and the step between slots; whole minutes, 5 to 480 (`30.0` counts as 30)."))
                .optional("hold_ttl_seconds", hold)
                .optional("min_booking_notice_minutes", with_default(int(notice, "How far ahead a slot must start to be offered, held, booked or rebooked to (409 `notice_too_short` otherwise). Default 0. Whole minutes, 0 to 527040 (a year).")))
                .optional("min_cancel_notice_minutes", with_default(int(notice, "The minimum notice for patient and partner cancellations. Admin cancellations (`POST .../cancel`, the only cancellation this API offers) are not limited by it. Default 0. Whole minutes, 0 to 527040 (a year).")))
                .optional("min_rebook_notice_minutes", with_default(int(notice, "How long before the appointment's current start it may still be rebooked (409 `notice_too_short` otherwise). Default 0. Whole minutes, 0 to 527040 (a year).")))
                .optional("rebooking_mode", rebooking)
                .optional("payment_modes", json!({
                    "type": "array",
                    "minItems": 1,
                    "items": g.subschema_for::<PaymentMode>(),
                    "default": ["at_clinic"],
                    "description": "The payment modes a booking of this type may choose; non-empty. Default `[\"at_clinic\"]`.",
                }))
                .optional("reminders", json!({
                    "type": "array",
                    "maxItems": MAX_REMINDERS,
                    "items": reminder_rule(g),
                    "default": [],
                    "description": "Reminder rules, up to 20 (default none): each publishes an `APPOINTMENT_REMINDER_DUE` event `minutes_before` the start of every confirmed appointment of this type, once per recipient, and may have Frontdesk email or text the recipient (see **Reminders** in the tag Webhooks). An appointment keeps the rules it was booked with.",
                }))
                .build()
        }
    }

    /// `PUT /v1/management/doctors/{doctor_uid}/availability`, as
    /// [`parse_availability`] reads it.
    pub struct AvailabilityRequest;

    impl JsonSchema for AvailabilityRequest {
        fn schema_name() -> Cow<'static, str> {
            "AvailabilityRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .describe("A doctor's whole availability, replacing what was there. Per weekday and per override at most 12 windows, none inverted and none overlapping (touching windows such as 09:00–12:00 and 12:00–13:00 are fine); at most 366 overrides, each date at most once. Windows are sorted on the way in. Errors name `weekly` or `overrides`.")
                .required("weekly", json!({
                    "type": "array",
                    "items": g.subschema_for::<WeeklyWindow>(),
                    "description": "The weekly recurring windows; `[]` for none.",
                }))
                .optional("overrides", json!({
                    "type": "array",
                    "maxItems": MAX_OVERRIDES,
                    "items": g.subschema_for::<DateOverride>(),
                    "description": "Date overrides; absent counts as none.",
                }))
                .build()
        }
    }

    /// Whose booking a body is: the patient in the body (staff), the
    /// token's (a patient), or the one in the path (the directory).
    #[derive(Clone, Copy)]
    enum Booker {
        Staff,
        TokenHolder,
        Directory,
    }

    fn book(g: &mut SchemaGenerator, who: Booker) -> Schema {
        let org = match who {
            Booker::TokenHolder => "the token's organisation",
            _ => "the caller's organisation",
        };
        let mut o = Object::new()
            .field::<ShopUid>(g, "shop_uid", &match who {
                Booker::TokenHolder => format!("A shop of {org} (404 with `field: shop_uid` otherwise); the token's `shop_uid`, if it names one."),
                _ => format!("A shop of {org} (404 with `field: shop_uid` otherwise)."),
            })
            .opt_field::<DoctorUid>(g, "doctor_uid", "A doctor of this shop (404 with `field: doctor_uid` otherwise). Absent or `null`: the shop's pool, an appointment with no doctor yet: it may be booked when more of the shop's doctors are free for the whole of that time (their hours cover it and no appointment of theirs overlaps it) than pool appointments overlap it (409 `slot_taken` otherwise; 409 `slot_unavailable` when no doctor's hours cover it), and it goes to whichever doctor takes the checked-in patient (`POST /v1/management/waiting-room/allocate`). A doctor's own booking is refused (409 `slot_taken`) when it would leave the pool fewer free doctors than it has appointments then.")
            .field::<AppointmentTypeUid>(g, "appointment_type_uid", &format!("An appointment type of {org} (404 with `field: appointment_type_uid` otherwise)."));
        o = match who {
            Booker::Staff => o.field::<PatientProfileUid>(g, "patient_profile_uid", "The patient; an opaque reference chosen by the integrator, as in the waiting room."),
            Booker::TokenHolder => o.describe("A booking by a token's holder: like `BookRequest`, without `patient_profile_uid`; the patient is the token's (a `patient_profile_uid` in the body is ignored)."),
            Booker::Directory => o.describe("A booking for a patient of the directory: like `BookRequest`, without `patient_profile_uid`; the patient is the one in the path (a `patient_profile_uid` in the body is ignored)."),
        };
        if !matches!(who, Booker::TokenHolder) {
            o = o
                .optional("reasons", json!({
                    "type": ["array", "null"],
                    "maxItems": REASONS_MAX,
                    "items": { "type": "string", "minLength": 1, "maxLength": REASON_MAX, "pattern": "\\S" },
                    "description": "Seed 002's reasons for the visit, each trimmed, 1 to 200 characters; at most 10.",
                }))
                .optional("external_id", json!({
                    "type": ["string", "null"],
                    "pattern": "^[A-Za-z0-9._~:-]{1,128}$",
                    "description": "The integrator's own id for the appointment: unique in the organisation (409 `identifier_taken` when another appointment has it), found again with `GET /v1/management/appointments/by-external-id/{external_id}`.",
                }))
                .optional("account_number", opt_text(ACCOUNT_NUMBER_MAX, "The encounter id (seed 002's `accountNumber`). Trimmed; at most 64 characters."))
                .opt_field::<EpisodeUid>(g, "episode_of_care_uid", "An episode of care of this patient (404 with `field: episode_of_care_uid` when it is not the organisation's; 409 `episode_of_another_patient` when it is another patient's): the appointment is assigned to it.")
                .optional("duration_minutes", json!({
                    "type": ["integer", "null"],
                    "minimum": FREE_DURATION_MINUTES.start(),
                    "maximum": FREE_DURATION_MINUTES.end(),
                    "description": "A length other than the type's, in minutes, where the shop allows free durations (`PUT /v1/management/shops/{shop_uid}/workflow`, `free_duration`; 409 `free_duration_off` otherwise). The slot then runs from `start` for that long, on the grid of that length from the start of the doctor's hours.",
                }));
        }
        o.field::<ScheduleInstant>(g, "start", "RFC 3339, any offset. Must be exactly the start of a slot the doctor's availability offers for this type (409 `slot_unavailable`), at least `min_booking_notice_minutes` ahead (409 `notice_too_short`) and free (409 `slot_taken`); take it from the slot search.")
            .field::<PaymentMode>(g, "payment_mode", "One of the type's `payment_modes` (400 with `field: payment_mode` otherwise).")
            .optional("status", json!({
                "type": "string",
                "enum": ["held", "confirmed"],
                "default": "held",
                "description": "`held` (the default) places a hold that expires after the type's `hold_ttl_seconds` unless confirmed; `confirmed` books at once.",
            }))
            .build()
    }

    impl JsonSchema for Book {
        fn schema_name() -> Cow<'static, str> {
            "BookRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            book(g, Booker::Staff)
        }
    }

    /// [`Book::parse_for_patient`] for a booking token's holder.
    pub struct PatientBookRequest;

    impl JsonSchema for PatientBookRequest {
        fn schema_name() -> Cow<'static, str> {
            "PatientBookRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            book(g, Booker::TokenHolder)
        }
    }

    /// [`Book::parse_for_patient`] for a patient of the directory.
    pub struct BookForPatientRequest;

    impl JsonSchema for BookForPatientRequest {
        fn schema_name() -> Cow<'static, str> {
            "BookForPatientRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            book(g, Booker::Directory)
        }
    }

    /// [`parse_cancel_reason`]'s body.
    pub struct CancelRequest;

    impl JsonSchema for CancelRequest {
        fn schema_name() -> Cow<'static, str> {
            "CancelAppointmentRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required("reason", text(CANCEL_REASON_MAX, "Why the appointment is cancelled; required. Trimmed; 1 to 500 characters, no control characters. Stored as `cancellation_reason` and in the history."))
                .build()
        }
    }

    /// [`parse_patient_cancel_reason`]'s body.
    pub struct PatientCancelRequest;

    impl JsonSchema for PatientCancelRequest {
        fn schema_name() -> Cow<'static, str> {
            "PatientCancelRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            let mut reason = opt_text(CANCEL_REASON_MAX, "Why, if the patient wants to say. Trimmed; at most 500 characters, no control characters. Absent, `null` or blank: `cancelled by the patient`. Stored as `cancellation_reason` and in the history.");
            reason["default"] = json!("cancelled by the patient");
            reason["example"] = json!("I cannot make it");
            Object::new().optional("reason", reason).build()
        }
    }

    impl JsonSchema for ConfirmBooking {
        fn schema_name() -> Cow<'static, str> {
            "ConfirmBookingRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .opt_field::<PaymentMode>(g, "payment_mode", "How the patient will pay, one of the type's `payment_modes` (400 with `field: payment_mode` otherwise); recorded only, Frontdesk takes no payment. Absent or `null`: the mode given when the slot was held.")
                .build()
        }
    }

    impl JsonSchema for Rebook {
        fn schema_name() -> Cow<'static, str> {
            "RebookRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ScheduleInstant>(g, "start", "The new start, RFC 3339, any offset: an offered, free slot of the (new) doctor, at least the type's `min_booking_notice_minutes` ahead. The appointment's own current time does not count as busy.")
                .opt_field::<DoctorUid>(g, "doctor_uid", "Another doctor of the appointment's shop (404 with `field: doctor_uid` otherwise), if the type's `rebooking_mode` is `any_doctor` (409 `rebooking_mode` otherwise). Absent or `null`: the same doctor.")
                .build()
        }
    }

    /// `POST /v1/management/patients/with-appointment`: a record and a
    /// booking for it.
    pub struct PatientWithAppointmentRequest;

    impl JsonSchema for PatientWithAppointmentRequest {
        fn schema_name() -> Cow<'static, str> {
            "CreatePatientWithAppointmentRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let booking = g.subschema_for::<BookForPatientRequest>();
            Object::new()
                .describe("A new patient and their appointment. Errors in either part name the field with the prefix `patient.` or `appointment.`.")
                .field::<crate::patient::Demographics>(g, "patient", "The new record.")
                .required("appointment", described(booking, "The booking, as for `POST /v1/management/patients/{patient_uid}/appointments`; its patient is the new record."))
                .build()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Body {
        Body::parse(json.as_bytes()).unwrap()
    }

    fn query(pairs: &[(&str, &str)]) -> Query {
        Query::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn appointment_type_defaults_and_limits() {
        let t = CreateAppointmentType::parse(&body(r#"{"name":"Consult","duration_minutes":30}"#))
            .unwrap();
        assert_eq!(t.rules.hold_ttl_seconds, 600);
        assert_eq!(t.rules.rebooking_mode, RebookingMode::SameDoctor);
        assert_eq!(t.payment_modes, vec![PaymentMode::AtClinic]);
        let e = CreateAppointmentType::parse(&body(r#"{"name":"X","duration_minutes":2}"#))
            .unwrap_err();
        assert_eq!(e.field(), Some("duration_minutes"));
        let e = CreateAppointmentType::parse(&body(
            r#"{"name":"X","duration_minutes":30,"payment_modes":["bitcoin"]}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("payment_modes"));
    }

    #[test]
    fn availability_errors_name_their_field() {
        let e = parse_availability(&body(
            r#"{"weekly":[{"weekday":"monday","start":"12:00","end":"09:00"}]}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("weekly"));
        let e = parse_availability(&body(
            r#"{"weekly":[{"weekday":"monday","start":"09:00","end":"12:00"},{"weekday":"monday","start":"11:00","end":"13:00"}]}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("weekly"));
        let e = parse_availability(&body(
            r#"{"weekly":[],"overrides":[{"date":"2026-13-01","windows":[]}]}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("overrides"));
        let ok = parse_availability(&body(
            r#"{"weekly":[{"weekday":"friday","start":"09:00","end":"12:00"}],"overrides":[{"date":"2026-12-25","windows":[]}]}"#,
        ))
        .unwrap();
        assert_eq!(ok.weekly.len(), 1);
    }

    #[test]
    fn slot_search_range_is_capped() {
        let shop = ShopUid::new(&[1; 16]);
        let ty = AppointmentTypeUid::new(&[2; 16]);
        let ok = SlotSearch::parse(&query(&[
            ("shop_uid", shop.as_str()),
            ("appointment_type_uid", ty.as_str()),
            ("start_date", "2026-12-01"),
            ("end_date", "2026-12-31"),
        ]));
        assert!(ok.is_ok());
        let too_long = SlotSearch::parse(&query(&[
            ("shop_uid", shop.as_str()),
            ("appointment_type_uid", ty.as_str()),
            ("start_date", "2026-12-01"),
            ("end_date", "2027-01-01"),
        ]))
        .unwrap_err();
        assert_eq!(too_long.field(), Some("end_date"));
    }

    #[test]
    fn overview_statuses_are_checked() {
        let e = Overview::parse(&query(&[("status", "held,lost")])).unwrap_err();
        assert_eq!(e.field(), Some("status"));
        let ok = Overview::parse(&query(&[("status", "held, cancelled")])).unwrap();
        assert_eq!(
            ok.statuses,
            vec![AppointmentStatus::Held, AppointmentStatus::Cancelled]
        );
    }

    #[test]
    fn overview_status_lists_are_deduplicated_and_capped() {
        let repeated = vec!["held"; 20].join(",");
        let ok = Overview::parse(&query(&[("status", &repeated)])).unwrap();
        assert_eq!(ok.statuses, vec![AppointmentStatus::Held]);
        let every = format!(
            "{},{}",
            AppointmentStatus::ALL
                .map(AppointmentStatus::as_str)
                .join(","),
            AppointmentStatus::ALL
                .map(AppointmentStatus::as_str)
                .join(",")
        );
        let ok = Overview::parse(&query(&[("status", &every)])).unwrap();
        assert_eq!(ok.statuses, AppointmentStatus::ALL.to_vec());
        let five_hundred = vec!["held"; 500].join(",");
        let e = Overview::parse(&query(&[("status", &five_hundred)])).unwrap_err();
        assert_eq!(e.field(), Some("status"));
        for bad in ["", ",", "held,", "HELD", "held;confirmed"] {
            let e = Overview::parse(&query(&[("status", &format!("{bad},x"))])).unwrap_err();
            assert_eq!(e.field(), Some("status"), "{bad}");
        }
    }

    #[test]
    fn extreme_dates_name_their_field() {
        let shop = ShopUid::new(&[1; 16]);
        let ty = AppointmentTypeUid::new(&[2; 16]);
        for (start, end, field) in [
            ("+262142-12-01", "+262142-12-31", "start_date"),
            ("2026-12-01", "+262142-12-31", "end_date"),
            ("-262143-01-01", "2026-12-01", "start_date"),
            ("0000-01-01", "0000-01-02", "start_date"),
            ("9999-12-01", "9999-12-31", "start_date"),
            ("2100-12-31", "2101-01-01", "end_date"),
        ] {
            let e = SlotSearch::parse(&query(&[
                ("shop_uid", shop.as_str()),
                ("appointment_type_uid", ty.as_str()),
                ("start_date", start),
                ("end_date", end),
            ]))
            .unwrap_err();
            assert_eq!(e.field(), Some(field), "{start}..{end}");
        }
        for field in ["from", "to"] {
            for t in [
                "9999-12-31T23:59:59Z",
                "+262142-12-31T00:00:00Z",
                "0000-01-01T00:00:00Z",
            ] {
                let e = Overview::parse(&query(&[(field, t)])).unwrap_err();
                assert_eq!(e.field(), Some(field), "{field}={t}");
            }
        }
        let book = |start: &str| {
            format!(
                r#"{{"shop_uid":"{shop}","doctor_uid":"{}","appointment_type_uid":"{ty}","patient_profile_uid":"pp-1","start":"{start}","payment_mode":"free"}}"#,
                DoctorUid::new(&[3; 16])
            )
        };
        assert!(Book::parse(&body(&book("2026-12-01T09:00:00Z"))).is_ok());
        for t in [
            "9999-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
        ] {
            let e = Book::parse(&body(&book(t))).unwrap_err();
            assert_eq!(e.field(), Some("start"), "{t}");
            let e = Rebook::parse(&body(&format!(r#"{{"start":"{t}"}}"#))).unwrap_err();
            assert_eq!(e.field(), Some("start"), "{t}");
        }
        for d in ["+262142-12-31", "-262143-01-01", "0000-01-01", "9999-12-31"] {
            let e = parse_availability(&body(&format!(
                r#"{{"weekly":[],"overrides":[{{"date":"{d}","windows":[]}}]}}"#
            )))
            .unwrap_err();
            assert_eq!(e.field(), Some("overrides"), "{d}");
        }
    }
}
