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
use crate::ids::{AppointmentTypeUid, DoctorUid, PatientProfileUid, ShopUid};

/// `POST /v1/management/appointment-types`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAppointmentType {
    pub name: String,
    /// What the shop decides bookings by.
    pub rules: TypeRules,
    pub payment_modes: Vec<PaymentMode>,
}

fn parse_reminders(body: &Body) -> Result<Vec<ReminderRule>, WireError> {
    let bad = |problem: &str| WireError::invalid("reminders", problem.to_owned());
    let Some(items) = body.array("reminders")? else {
        return Ok(vec![]);
    };
    if items.len() > 20 {
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
    pub doctor_uid: DoctorUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub patient_profile_uid: PatientProfileUid,
    pub start: DateTime<Utc>,
    pub payment_mode: PaymentMode,
    /// `true` books confirmed at once; `false` (the default) places a hold.
    pub confirm: bool,
}

impl Book {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Self::parse_with(body, None)
    }

    /// For a booking token's holder: the patient is the token's, never the
    /// body's.
    pub fn parse_for_patient(body: &Body, patient: PatientProfileUid) -> Result<Self, WireError> {
        Self::parse_with(body, Some(patient))
    }

    fn parse_with(body: &Body, patient: Option<PatientProfileUid>) -> Result<Self, WireError> {
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
            doctor_uid: body.id("doctor_uid", DoctorUid::parse)?,
            appointment_type_uid: body.id("appointment_type_uid", AppointmentTypeUid::parse)?,
            patient_profile_uid: match patient {
                Some(p) => p,
                None => body.id("patient_profile_uid", PatientProfileUid::parse)?,
            },
            start: parse_instant("start", body.str("start")?)?,
            payment_mode: payment_mode(body)?,
            confirm,
        })
    }
}

/// `POST /v1/management/appointments/{uid}/cancel`: the reason is required.
pub fn parse_cancel_reason(body: &Body) -> Result<String, WireError> {
    body.text("reason", 500)
}

/// `POST /v1/booking/appointments/{uid}/cancel`: a patient may say why.
pub fn parse_patient_cancel_reason(body: &Body) -> Result<String, WireError> {
    Ok(body
        .opt_text("reason", 500)?
        .unwrap_or_else(|| "cancelled by the patient".to_owned()))
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

impl Query {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Query(pairs)
    }

    pub(super) fn opt(&self, field: &'static str) -> Option<&str> {
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
