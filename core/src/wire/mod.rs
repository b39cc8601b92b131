//! Request bodies as they arrive, parsed into domain values.
//!
//! Each `parse` takes the JSON body and returns a typed request or a
//! [`WireError`] naming the offending field, so the worker can answer 400
//! with that field and nothing past this module re-checks input. Bodies are
//! walked as `serde_json::Value` rather than derived, because serde's own
//! messages for a wrong type do not say which field was wrong.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::auth::Scope;
use crate::ids::{DoctorUid, IdError, PatientProfileUid, ShopUid};
use crate::phone::Region;
use crate::time;
use crate::turn::{Language, TurnContact};

pub mod calendar;
pub mod page;
pub mod webhook;
pub use calendar::*;
pub mod partners;
pub mod records;
pub mod staff;
pub use page::*;
pub use partners::*;
pub use records::*;
pub use staff::*;
pub use webhook::*;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WireError {
    #[error("the body is not valid JSON ({0})")]
    MalformedJson(String),
    #[error("the body must be a JSON object")]
    NotAnObject,
    #[error("`{field}` is required")]
    Missing { field: &'static str },
    #[error("`{field}` {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
}

impl WireError {
    /// The field at fault, for the error body.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            WireError::Missing { field } | WireError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn invalid(field: &'static str, problem: impl Into<String>) -> Self {
        WireError::Invalid {
            field,
            problem: problem.into(),
        }
    }
}

/// A date of the schedule (`YYYY-MM-DD` within [`time::SCHEDULE`]) from a
/// request, or an error naming `field`. Every date a request carries is
/// read here, so none escapes the window.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, WireError> {
    time::SCHEDULE
        .date(s)
        .map_err(|e| WireError::invalid(field, e.to_string()))
}

/// An RFC 3339 instant within [`time::SCHEDULE`] from a request, or an
/// error naming `field`.
pub fn parse_instant(field: &'static str, s: &str) -> Result<DateTime<Utc>, WireError> {
    time::SCHEDULE
        .instant(s)
        .map_err(|e| WireError::invalid(field, e.to_string()))
}

/// A JSON object body, with typed accessors that name the field on error.
pub struct Body(Map<String, Value>);

impl Body {
    pub fn parse(bytes: &[u8]) -> Result<Body, WireError> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| {
            // serde_json's message carries line and column, never the body.
            WireError::MalformedJson(e.to_string())
        })?;
        match value {
            Value::Object(map) => Ok(Body(map)),
            _ => Err(WireError::NotAnObject),
        }
    }

    /// A body that is part of a larger one (`{"appointment": {...}}`).
    pub fn from_value(field: &'static str, value: Option<&Value>) -> Result<Body, WireError> {
        match value {
            Some(Value::Object(map)) => Ok(Body(map.clone())),
            None | Some(Value::Null) => Err(WireError::Missing { field }),
            Some(_) => Err(WireError::invalid(field, "must be an object")),
        }
    }

    /// The raw value of a field, for parts parsed elsewhere.
    pub fn raw(&self, field: &str) -> Option<&Value> {
        self.0.get(field)
    }

    /// The whole body as JSON.
    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    fn get(&self, field: &'static str) -> Option<&Value> {
        self.0.get(field).filter(|v| !v.is_null())
    }

    fn opt_str(&self, field: &'static str) -> Result<Option<&str>, WireError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(WireError::invalid(field, "must be a string")),
        }
    }

    fn str(&self, field: &'static str) -> Result<&str, WireError> {
        self.opt_str(field)?.ok_or(WireError::Missing { field })
    }

    /// A required string of `1..=max` characters, trimmed.
    fn text(&self, field: &'static str, max: usize) -> Result<String, WireError> {
        let s = self.str(field)?.trim();
        check_text(field, s, max)
    }

    fn opt_text(&self, field: &'static str, max: usize) -> Result<Option<String>, WireError> {
        match self.opt_str(field)?.map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => check_text(field, s, max).map(Some),
        }
    }

    /// A phone number with its country code, or an email address.
    fn opt_contact(&self, field: &'static str) -> Result<Option<TurnContact>, WireError> {
        match self.opt_str(field)?.map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => TurnContact::parse(s)
                .map(Some)
                .map_err(|e| WireError::invalid(field, e.to_string())),
        }
    }

    /// A language by code or name; one the pages do not speak reads as
    /// none, so a record's `"French"` falls back to the browser's.
    fn language(&self, field: &'static str) -> Result<Option<Language>, WireError> {
        match self.opt_str(field)? {
            Some(s) if s.chars().count() > 64 => {
                Err(WireError::invalid(field, "must be at most 64 characters"))
            }
            Some(s) => Ok(Language::parse(s)),
            None => Ok(None),
        }
    }

    fn id<T>(
        &self,
        field: &'static str,
        parse: fn(&str) -> Result<T, IdError>,
    ) -> Result<T, WireError> {
        let s = self.str(field)?;
        parse(s).map_err(|e| WireError::invalid(field, format!("is {e}")))
    }

    fn opt_id<T>(
        &self,
        field: &'static str,
        parse: fn(&str) -> Result<T, IdError>,
    ) -> Result<Option<T>, WireError> {
        match self.opt_str(field)? {
            None => Ok(None),
            Some(s) => parse(s)
                .map(Some)
                .map_err(|e| WireError::invalid(field, format!("is {e}"))),
        }
    }

    /// An optional integer within `range`, or `default` when absent.
    fn int(
        &self,
        field: &'static str,
        range: std::ops::RangeInclusive<i64>,
        default: Option<i64>,
    ) -> Result<i64, WireError> {
        match self.get(field) {
            None => default.ok_or(WireError::Missing { field }),
            Some(v) => whole_number(v)
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    WireError::invalid(
                        field,
                        format!(
                            "must be a whole number from {} to {}",
                            range.start(),
                            range.end()
                        ),
                    )
                }),
        }
    }

    fn array(&self, field: &'static str) -> Result<Option<&Vec<Value>>, WireError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(WireError::invalid(field, "must be an array")),
        }
    }

    fn bool(&self, field: &'static str) -> Result<bool, WireError> {
        match self.get(field) {
            None => Err(WireError::Missing { field }),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(WireError::invalid(field, "must be true or false")),
        }
    }
}

/// A JSON number that is a whole number, written `30` or `30.0`: JSON has
/// one number type, and JSON Schema's `integer` admits both spellings.
pub(crate) fn whole_number(v: &Value) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    // Only where an f64 holds every whole number exactly (|n| < 2^53), so
    // the conversion below is exact and cannot saturate.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    v.as_f64()
        .filter(|f| f.fract() == 0.0 && f.abs() < EXACT)
        .map(|f| f as i64)
}

fn check_text(field: &'static str, s: &str, max: usize) -> Result<String, WireError> {
    if s.is_empty() {
        return Err(WireError::invalid(field, "must not be empty"));
    }
    if s.chars().count() > max {
        return Err(WireError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(WireError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(s.to_owned())
}

/// The longest name of an organisation, shop, doctor or key.
pub const NAME_MAX: usize = 200;
/// The longest postal address of a shop.
pub const ADDRESS_MAX: usize = 500;

/// `POST /v1/management/waiting-room/register` (seed 000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub shop_uid: ShopUid,
    pub patient_profile_uid: PatientProfileUid,
    pub preferred_doctor_uid: Option<DoctorUid>,
    pub visit_reason: Option<String>,
    /// Where to tell the patient when it is their turn.
    pub notify_contact: Option<TurnContact>,
    /// The patient's language, for the wait page and those messages.
    pub language: Option<Language>,
}

impl Register {
    pub const VISIT_REASON_MAX: usize = 500;

    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
            patient_profile_uid: body.id("patient_profile_uid", PatientProfileUid::parse)?,
            preferred_doctor_uid: body.opt_id("preferred_doctor_uid", DoctorUid::parse)?,
            visit_reason: body.opt_text("visit_reason", Self::VISIT_REASON_MAX)?,
            notify_contact: body.opt_contact("notify_contact")?,
            language: body.language("language")?,
        })
    }
}

/// `PUT /v1/waiting-room/my-turn`: the wait page leaves the patient's
/// contact (or withdraws it with `null`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyTurn {
    pub contact: Option<TurnContact>,
    pub language: Option<Language>,
}

impl MyTurn {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        if body.raw("contact").is_none() {
            return Err(WireError::Missing { field: "contact" });
        }
        Ok(Self {
            contact: body.opt_contact("contact")?,
            language: body.language("language")?,
        })
    }
}

/// `POST /v1/management/waiting-room/allocate`: a doctor takes the next patient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocate {
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
}

impl Allocate {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
            doctor_uid: body.id("doctor_uid", DoctorUid::parse)?,
        })
    }
}

/// `POST /v1/management/waiting-room/intake`: a medical assistant takes
/// the next patient waiting for intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakeIntake {
    pub shop_uid: ShopUid,
}

impl TakeIntake {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
        })
    }
}

/// `POST /v1/management/waiting-room/{queue_uid}/step`: moves a visit in
/// the clinical workflow. Taking a patient (intake, allocation),
/// completing and cancelling have their own routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitStep {
    FinishIntake,
    Hold,
    Resume,
    Discharge,
    StartDischarge,
    SignOff,
}

impl VisitStep {
    pub const ALL: [VisitStep; 6] = [
        VisitStep::FinishIntake,
        VisitStep::Hold,
        VisitStep::Resume,
        VisitStep::Discharge,
        VisitStep::StartDischarge,
        VisitStep::SignOff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VisitStep::FinishIntake => "finish_intake",
            VisitStep::Hold => "hold",
            VisitStep::Resume => "resume",
            VisitStep::Discharge => "discharge",
            VisitStep::StartDischarge => "start_discharge",
            VisitStep::SignOff => "sign_off",
        }
    }

    /// The workflow's step.
    pub fn step(self) -> crate::stage::Step {
        use crate::stage::Step;
        match self {
            VisitStep::FinishIntake => Step::FinishIntake,
            VisitStep::Hold => Step::Hold,
            VisitStep::Resume => Step::Resume,
            VisitStep::Discharge => Step::Discharge,
            VisitStep::StartDischarge => Step::StartDischarge,
            VisitStep::SignOff => Step::SignOff,
        }
    }

    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let given = body.str("step")?;
        VisitStep::ALL
            .into_iter()
            .find(|s| s.as_str() == given)
            .ok_or_else(|| {
                WireError::invalid(
                    "step",
                    "must be one of finish_intake, hold, resume, discharge, start_discharge, sign_off",
                )
            })
    }
}

/// `PUT /v1/management/shops/{shop_uid}/workflow`: whether the shop's
/// patients go through intake before a doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Workflow {
    pub intake_step: bool,
    /// Whether the clinic may book an appointment for a length other than
    /// its type's.
    pub free_duration: bool,
}

impl Workflow {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            intake_step: body.bool("intake_step")?,
            free_duration: match body.raw("free_duration") {
                None | Some(Value::Null) => false,
                Some(_) => body.bool("free_duration")?,
            },
        })
    }
}

/// `PUT /v1/management/waiting-room/presence`: a doctor goes online or offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
    pub online: bool,
}

impl Presence {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
            doctor_uid: body.id("doctor_uid", DoctorUid::parse)?,
            online: body.bool("online")?,
        })
    }
}

/// `POST /v1/operator/organizations`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateOrganization {
    pub name: String,
    /// Where phone numbers without a country code are read as local.
    pub default_country: Region,
    pub default_country_code: String,
    /// The first admin staff user, if named: their email and name.
    pub admin: Option<(crate::staff::Email, String)>,
}

impl CreateOrganization {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let code = body
            .opt_str("default_country")?
            .unwrap_or("US")
            .trim()
            .to_ascii_uppercase();
        Ok(Self {
            name: body.text("name", NAME_MAX)?,
            default_country: Region::parse(&code).map_err(|_| {
                WireError::invalid(
                    "default_country",
                    "must be an ISO 3166 country code such as US",
                )
            })?,
            default_country_code: code,
            admin: {
                let name = body.opt_text("admin_name", NAME_MAX)?;
                match body.opt_str("admin_email")? {
                    None => None,
                    Some(e) => Some((
                        crate::staff::Email::parse(e).ok_or_else(|| {
                            WireError::invalid("admin_email", "must be an email address")
                        })?,
                        name.unwrap_or_else(|| "Administrator".to_owned()),
                    )),
                }
            },
        })
    }
}

/// `POST /v1/management/shops`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateShop {
    pub name: String,
    pub address: String,
    pub time_zone: crate::zone::Zone,
    /// Seed 002's waiting-room classification, shown by its surface.
    pub service_line: Option<String>,
    pub service_type: Option<String>,
}

impl CreateShop {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let tz = body.str("time_zone")?;
        Ok(Self {
            name: body.text("name", NAME_MAX)?,
            address: body.text("address", ADDRESS_MAX)?,
            service_line: body.opt_text("service_line", NAME_MAX)?,
            service_type: body.opt_text("service_type", NAME_MAX)?,
            time_zone: tz.parse::<crate::zone::Zone>().map_err(|_| {
                WireError::invalid(
                    "time_zone",
                    "must be an IANA time zone such as Europe/Berlin",
                )
            })?,
        })
    }
}

/// `POST /v1/management/doctors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateDoctor {
    pub shop_uid: ShopUid,
    pub name: String,
}

impl CreateDoctor {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            shop_uid: body.id("shop_uid", ShopUid::parse)?,
            name: body.text("name", NAME_MAX)?,
        })
    }
}

/// `POST /v1/management/api-keys`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateApiKey {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Binds the key to one doctor: only such a key edits that doctor's
    /// availability (seed 001: doctors manage their own windows).
    pub doctor_uid: Option<DoctorUid>,
}

impl CreateApiKey {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let name = body.text("name", NAME_MAX)?;
        let scopes = match body.get("scopes") {
            None => return Err(WireError::Missing { field: "scopes" }),
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|v| {
                    v.as_str().and_then(Scope::parse).ok_or_else(|| {
                        WireError::invalid(
                            "scopes",
                            format!(
                                "must list known scopes ({})",
                                Scope::ALL.map(Scope::as_str).join(", ")
                            ),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(WireError::invalid("scopes", "must be a non-empty array")),
        };
        Ok(Self {
            name,
            scopes,
            doctor_uid: body.opt_id("doctor_uid", DoctorUid::parse)?,
        })
    }
}

/// What the document says of the bodies above: the fields each `parse`
/// reads, with the bounds it checks.
#[cfg(feature = "schema")]
mod body_schemas {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};
    use serde_json::json;

    use super::*;
    use crate::api_doc::schema::{opt_text, text, Object, TimeZone};

    const TRIMMED_NAME: &str = "Trimmed; 1 to 200 characters, no control characters.";

    impl JsonSchema for Register {
        fn schema_name() -> Cow<'static, str> {
            "RegisterRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ShopUid>(g, "shop_uid", "Shop UID where the patient is registering. Must be a shop of the caller's organisation (404 with `field: shop_uid` otherwise).")
                .field::<PatientProfileUid>(g, "patient_profile_uid", "Patient profile UID. An opaque reference chosen by the integrator: 1 to 128 letters, digits and `-_.:`.")
                .opt_field::<DoctorUid>(g, "preferred_doctor_uid", "Preferred doctor UID. Must be a doctor of this shop (404 with `field: preferred_doctor_uid` otherwise). For 10 minutes after registering (`PREFERRED_DOCTOR_GRACE_MINUTES`) the patient is reserved for that doctor while the doctor is online; afterwards, or while that doctor is offline, any doctor may take them.")
                .optional("visit_reason", opt_text(Register::VISIT_REASON_MAX, "Reason for the visit. Trimmed; at most 500 characters, no control characters; empty counts as absent. Never echoed in errors or logs."))
                .optional("notify_contact", contact_schema("Opt-in \"tell me when it's my turn\": a mobile number written with its country code (`+…`, told by SMS) or an email address. The patient gets one message when they become next in line and one when a doctor takes them. Kept with the queue entry only, and erased when it ends; the message log keeps it masked."))
                .optional("language", language_schema())
                .build()
        }
    }

    fn contact_schema(description: &str) -> Value {
        json!({
            "type": ["string", "null"],
            "format": "turn-contact",
            "maxLength": TurnContact::MAX,
            "examples": ["+447700900123", "ana@example.org"],
            "description": description,
        })
    }

    fn language_schema() -> Value {
        json!({
            "type": ["string", "null"],
            "maxLength": 64,
            "examples": ["de", "es-MX", "German"],
            "description": "The patient's language for the wait page and the turn messages: a code (`en`, `de`, `es`, with or without a region) or a name as seed 002's `preferredLanguage` stores it (`English`, `German`, `Deutsch`, `Spanish`, `Español`). A language the pages do not speak is accepted and ignored: the page then follows the browser's.",
        })
    }

    impl JsonSchema for MyTurn {
        fn schema_name() -> Cow<'static, str> {
            "MyTurnRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required("contact", contact_schema("A mobile number written with its country code (`+…`, told by SMS) or an email address; `null` withdraws the request. Replacing a contact keeps what was already sent: each message goes once per entry."))
                .optional("language", language_schema())
                .build()
        }
    }

    impl JsonSchema for Allocate {
        fn schema_name() -> Cow<'static, str> {
            "AllocateRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ShopUid>(g, "shop_uid", "A shop of the caller's organisation.")
                .field::<DoctorUid>(
                    g,
                    "doctor_uid",
                    "The doctor taking the next patient; a doctor of this shop.",
                )
                .build()
        }
    }

    impl JsonSchema for TakeIntake {
        fn schema_name() -> Cow<'static, str> {
            "TakeIntakeRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ShopUid>(
                    g,
                    "shop_uid",
                    "A shop of the caller's organisation with an intake step.",
                )
                .build()
        }
    }

    impl JsonSchema for VisitStep {
        fn schema_name() -> Cow<'static, str> {
            "VisitStepRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required(
                    "step",
                    json!({
                        "type": "string",
                        "enum": VisitStep::ALL.map(VisitStep::as_str),
                        "description": "`finish_intake`: the assistant hands the patient to the doctors' queue (`in progress.intake.progress` → `in progress.exam.ready`, call `on hold`). `hold` / `resume`: the call (`on call` ⇄ `on hold`) during intake or the exam. `discharge`: the exam ends and discharge begins (`discharge.ready`, call `finalizing`). `start_discharge`: `discharge.progress`. `sign_off`: a completed visit's record is signed (`sign off`). Any other move is 409 `invalid_transition`.",
                    }),
                )
                .build()
        }
    }

    impl JsonSchema for Workflow {
        fn schema_name() -> Cow<'static, str> {
            "WorkflowRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required(
                    "intake_step",
                    json!({ "type": "boolean", "description": "`true`: patients wait for a medical assistant's intake, then for a doctor. `false` (the default): they wait for a doctor only." }),
                )
                .optional(
                    "free_duration",
                    json!({ "type": ["boolean", "null"], "description": "`true`: the clinic may book appointments for a length other than their type's (`duration_minutes`). Absent, `null` or `false` (the default): every appointment lasts its type's duration. A `PUT` replaces the whole setting." }),
                )
                .build()
        }
    }

    impl JsonSchema for Presence {
        fn schema_name() -> Cow<'static, str> {
            "PresenceRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ShopUid>(g, "shop_uid", "A shop of the caller's organisation.")
                .field::<DoctorUid>(g, "doctor_uid", "A doctor of this shop.")
                .required(
                    "online",
                    json!({ "type": "boolean", "description": "`true` when at the desk." }),
                )
                .build()
        }
    }

    impl JsonSchema for CreateOrganization {
        fn schema_name() -> Cow<'static, str> {
            "CreateOrganizationRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required("name", text(NAME_MAX, TRIMMED_NAME))
                .optional(
                    "default_country",
                    json!({
                        "type": "string",
                        "pattern": crate::api_doc::schema::region_pattern(),
                        "default": "US",
                        "description": "Where phone numbers written without a country code are from: an ISO 3166-1 alpha-2 country code such as `US`, `DE` or `GB` (case-insensitive, trimmed; 400 with `field: default_country` for anything else). Absent or `null`: `US`. Patient phone numbers without `+` or `00` are read as this country's when stored and searched.",
                        "example": "US",
                    }),
                )
                .optional(
                    "admin_email",
                    super::staff::schema::email_schema("The first admin's email address: a staff user with role `admin` is created with the organisation, who signs in to the portals by a link sent there (`POST /v1/auth/sign-in`). Absent or `null`: no staff user; the initial API key can invite one (`POST /v1/management/staff`)."),
                )
                .optional("admin_name", opt_text(NAME_MAX, "The first admin's name, with `admin_email`. Absent: `Administrator`."))
                .build()
        }
    }

    impl JsonSchema for CreateShop {
        fn schema_name() -> Cow<'static, str> {
            "CreateShopRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required("name", text(NAME_MAX, TRIMMED_NAME))
                .required(
                    "address",
                    text(
                        ADDRESS_MAX,
                        "Trimmed; 1 to 500 characters, no control characters.",
                    ),
                )
                .field::<TimeZone>(g, "time_zone", "An IANA time zone such as `Europe/Berlin`.")
                .optional("service_line", opt_text(NAME_MAX, "Seed 002's waiting-room `serviceLine`, shown by `GET /qapi/v1/waiting-rooms`. Trimmed; at most 200 characters."))
                .optional("service_type", opt_text(NAME_MAX, "Seed 002's waiting-room `serviceType`. Trimmed; at most 200 characters."))
                .build()
        }
    }

    impl JsonSchema for CreateDoctor {
        fn schema_name() -> Cow<'static, str> {
            "CreateDoctorRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .field::<ShopUid>(g, "shop_uid", "The doctor's shop; a shop of the caller's organisation (404 with `field: shop_uid` otherwise).")
                .required("name", text(NAME_MAX, TRIMMED_NAME))
                .build()
        }
    }

    impl JsonSchema for CreateApiKey {
        fn schema_name() -> Cow<'static, str> {
            "CreateApiKeyRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let scope = g.subschema_for::<Scope>();
            Object::new()
                .required("name", text(NAME_MAX, TRIMMED_NAME))
                .required(
                    "scopes",
                    json!({
                        "type": "array",
                        "minItems": 1,
                        "items": scope,
                        "description": "Non-empty list of known scopes; duplicates are dropped. `availability:write` is useful only on a key with `doctor_uid`.",
                    }),
                )
                .opt_field::<DoctorUid>(g, "doctor_uid", "Binds the key to one doctor of the organisation (404 with `field: doctor_uid` otherwise). Doctors manage their own availability: only a key bound to a doctor, with `availability:write`, can change that doctor's windows. Binding changes nothing else the key may do. Optional; `null` or absent for an unbound key.")
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

    #[test]
    fn register_names_the_missing_field() {
        let shop = ShopUid::new(&[1; 16]);
        let e = Register::parse(&body(r#"{"patient_profile_uid":"pp-1"}"#)).unwrap_err();
        assert_eq!(e.field(), Some("shop_uid"));
        let e = Register::parse(&body(&format!(r#"{{"shop_uid":"{shop}"}}"#))).unwrap_err();
        assert_eq!(
            e,
            WireError::Missing {
                field: "patient_profile_uid"
            }
        );
        let e = Register::parse(&body(&format!(
            r#"{{"shop_uid":"{shop}","patient_profile_uid":"pp-1","preferred_doctor_uid":"doc-456"}}"#
        )))
        .unwrap_err();
        assert_eq!(e.field(), Some("preferred_doctor_uid"));
        let ok = Register::parse(&body(&format!(
            r#"{{"shop_uid":"{shop}","patient_profile_uid":"pp-xyz789","visit_reason":" Follow-up "}}"#
        )))
        .unwrap();
        assert_eq!(ok.visit_reason.as_deref(), Some("Follow-up"));
    }

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        for (json, want) in [
            ("30", Some(30)),
            ("30.0", Some(30)),
            ("-2.0", Some(-2)),
            ("30.5", None),
            ("1e300", None),
            ("\"30\"", None),
            ("18446744073709551615", None),
        ] {
            let v: Value = serde_json::from_str(json).unwrap();
            assert_eq!(whole_number(&v), want, "{json}");
        }
    }

    #[test]
    fn malformed_and_non_object_bodies() {
        assert!(matches!(
            Body::parse(b"{nope"),
            Err(WireError::MalformedJson(_))
        ));
        assert!(matches!(Body::parse(b"[1]"), Err(WireError::NotAnObject)));
        let e = Presence::parse(&body(r#"{"shop_uid":5}"#)).unwrap_err();
        assert_eq!(e.field(), Some("shop_uid"));
    }

    #[test]
    fn shop_time_zone_must_be_iana() {
        let e = CreateShop::parse(&body(
            r#"{"name":"A","address":"B","time_zone":"Mars/Olympus"}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("time_zone"));
        let ok = CreateShop::parse(&body(
            r#"{"name":"A","address":"B","time_zone":"America/New_York"}"#,
        ))
        .unwrap();
        assert_eq!(ok.time_zone.name(), "America/New_York");
    }

    #[test]
    fn api_key_scopes_must_be_known() {
        let e = CreateApiKey::parse(&body(
            r#"{"name":"k","scopes":["waiting_room:read","root"]}"#,
        ))
        .unwrap_err();
        assert_eq!(e.field(), Some("scopes"));
        assert!(CreateApiKey::parse(&body(r#"{"name":"k","scopes":[]}"#)).is_err());
        let ok =
            CreateApiKey::parse(&body(r#"{"name":"k","scopes":["waiting_room:read"]}"#)).unwrap();
        assert_eq!(ok.scopes, vec![Scope::WaitingRoomRead]);
    }
}
