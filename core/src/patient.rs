//! The patient directory's records (seed 002's demographics).
//!
//! A record arrives as JSON with seed 002's camelCase field names and is
//! parsed into [`Demographics`]; every error names the path of the offending
//! field (`telecom[1].value`). Phone numbers are normalised to E.164 on the
//! way in, so search by number finds them however they were written.
//! `deceasedAt` is required when `deceased` is true and refused otherwise,
//! exactly as seed 002 says. A partial update is a JSON merge patch
//! (RFC 7396) applied to the stored record and parsed again whole, so a
//! patch can never leave a record that a full update would refuse.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::phone::{normalize, Region, E164};
use crate::time::{TimeError, LIFETIME};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("`{path}` {problem}")]
pub struct PatientError {
    pub path: String,
    pub problem: String,
}

fn err(path: impl Into<String>, problem: impl Into<String>) -> PatientError {
    PatientError {
        path: path.into(),
        problem: problem.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HumanName {
    #[serde(default)]
    pub r#use: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub middle_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub alias: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TelecomSystem {
    Phone,
    Email,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Telecom {
    #[serde(default)]
    pub r#use: Option<String>,
    pub system: TelecomSystem,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub telecom: Vec<Telecom>,
    #[serde(default)]
    pub name: Vec<HumanName>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub r#use: Option<String>,
    #[serde(default)]
    pub line: Vec<String>,
    #[serde(default)]
    pub apartment: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub postalcode: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(description = r#"Administrative gender."#)
)]
pub enum Gender {
    Male,
    Female,
    Other,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailGroup {
    pub r#type: String,
    pub name: String,
}

/// A typed external identifier, such as seed 002's SPID and HSID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifier {
    pub system: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Demographics {
    #[serde(default)]
    pub mrn: Option<String>,
    #[serde(default)]
    pub name: Vec<HumanName>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub marital_status: Option<String>,
    #[serde(default)]
    pub telecom: Vec<Telecom>,
    #[serde(default)]
    pub contact: Vec<Contact>,
    #[serde(default)]
    pub preferred_language: Option<String>,
    #[serde(default)]
    pub race: Option<String>,
    #[serde(default)]
    pub ethnicity: Option<String>,
    #[serde(default)]
    pub address: Vec<Address>,
    #[serde(default = "active_by_default")]
    pub active: bool,
    #[serde(default)]
    pub deceased: bool,
    #[serde(default)]
    pub deceased_at: Option<String>,
    #[serde(default)]
    pub is_linked_by_email: bool,
    #[serde(default)]
    pub shared_email_group: Option<EmailGroup>,
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
    /// Seed 002's deprecated account number, kept as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
}

/// Which surface a record arrives through. Frontdesk's own `/v1` takes
/// only contact numbers it can dial and refuses seed 002's deprecated
/// `accountNumber`; seed 002's surface (`/qapi/v1`) keeps a contact's
/// placeholder such as the literal `"phone"` as written (never searched
/// by) and stores `accountNumber`. A `/v1` update carries a stored
/// `accountNumber` over (see the patients service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Frontdesk,
    Solo,
}

/// The phone values of a record's contacts, as sent or stored.
fn contact_phone_values(record: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    for c in record
        .get("contact")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for t in c
            .get("telecom")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if t.get("system").and_then(Value::as_str) == Some("phone") {
                if let Some(v) = t.get("value").and_then(Value::as_str) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The dialect a `/v1` update of `stored` is read in: a contact
/// placeholder seed 002's surface stored (`"phone"`) may stay, so a change
/// elsewhere in the record is not refused for it; a new one is refused.
pub fn update_dialect(next: &Value, stored: &Value, region: Region) -> Dialect {
    let kept = contact_phone_values(stored);
    let new_placeholder = contact_phone_values(next)
        .into_iter()
        .any(|v| !kept.contains(&v) && normalize(v, region).is_err());
    if new_placeholder || next.get("accountNumber").is_some() {
        Dialect::Frontdesk
    } else {
        Dialect::Solo
    }
}

fn active_by_default() -> bool {
    true
}

/// The longest free-text value accepted anywhere in a record.
const MAX_TEXT: usize = 200;

/// The most entries each list of a record may hold; a record is one
/// person, and a list past these is a mistake or an attack.
const MAX_NAMES: usize = 10;
const MAX_TELECOM: usize = 10;
const MAX_CONTACTS: usize = 10;
const MAX_ADDRESSES: usize = 10;
const MAX_ADDRESS_LINES: usize = 5;
const MAX_IDENTIFIERS: usize = 20;

fn cap<T>(path: impl Into<String>, items: &[T], max: usize) -> Result<(), PatientError> {
    if items.len() > max {
        return Err(err(path, format!("may hold at most {max} entries")));
    }
    Ok(())
}

/// `deceasedAt` in any of seed 002's forms (`2020-03-31 10:12 AM`, 24-hour
/// time, a bare date) or RFC 3339, within [`LIFETIME`]. It is stored as
/// written.
fn check_deceased_at(s: &str) -> Result<(), TimeError> {
    let attempts = [
        LIFETIME.instant(s).map(drop),
        LIFETIME
            .local(s, &["%Y-%m-%d %I:%M %p", "%Y-%m-%d %H:%M"])
            .map(drop),
        LIFETIME.date(s).map(drop),
    ];
    if attempts.iter().any(Result::is_ok) {
        return Ok(());
    }
    // A time in a known form but outside the window says so.
    attempts
        .into_iter()
        .find(|a| matches!(a, Err(TimeError::OutOfWindow(_))))
        .unwrap_or(Err(TimeError::InstantFormat))
}

/// An email address, trimmed; only its shape is checked (whether it
/// reaches anyone is the sender's concern).
fn parse_email(v: &str) -> Option<String> {
    let v = v.trim();
    let shaped = v.len() <= MAX_TEXT && v.contains('@') && !v.starts_with('@') && !v.ends_with('@');
    shaped.then(|| v.to_owned())
}

fn check_phones(
    path: &str,
    telecom: &mut [Telecom],
    region: Region,
    dialect: Dialect,
) -> Result<(), PatientError> {
    for (i, t) in telecom.iter_mut().enumerate() {
        match t.system {
            TelecomSystem::Phone => match (normalize(&t.value, region), dialect) {
                (Ok(e164), _) => t.value = e164.as_str().to_owned(),
                (Err(_), Dialect::Solo) => {}
                (Err(e), Dialect::Frontdesk) => {
                    return Err(err(format!("{path}[{i}].value"), e.to_string()))
                }
            },
            TelecomSystem::Email => {
                t.value = parse_email(&t.value)
                    .ok_or_else(|| err(format!("{path}[{i}].value"), "is not an email address"))?;
            }
        }
    }
    Ok(())
}

/// serde reads a struct from a JSON array too (its fields in order), so
/// `"name": [[null, null]]` would pass as a name with no parts; every
/// record inside the body must be a JSON object.
fn records_are_objects(body: &Value) -> Result<(), PatientError> {
    fn no_array(path: String, v: &Value) -> Result<(), PatientError> {
        match v {
            Value::Array(_) => Err(err(path, "must be a JSON object")),
            _ => Ok(()),
        }
    }
    fn each(
        path: &str,
        list: Option<&Value>,
        mut inner: impl FnMut(String, &Value) -> Result<(), PatientError>,
    ) -> Result<(), PatientError> {
        if let Some(Value::Array(items)) = list {
            for (i, item) in items.iter().enumerate() {
                let at = format!("{path}[{i}]");
                no_array(at.clone(), item)?;
                inner(at, item)?;
            }
        }
        Ok(())
    }
    if let Some(group) = body.get("sharedEmailGroup") {
        no_array("sharedEmailGroup".into(), group)?;
    }
    for list in ["name", "telecom", "address", "identifiers"] {
        each(list, body.get(list), |_, _| Ok(()))?;
    }
    each("contact", body.get("contact"), |at, contact| {
        each(&format!("{at}.name"), contact.get("name"), |_, _| Ok(()))?;
        each(&format!("{at}.telecom"), contact.get("telecom"), |_, _| {
            Ok(())
        })
    })
}

impl Demographics {
    /// Parses and validates a whole record; `today` bounds `birthDate`,
    /// `region` reads phone numbers written without a country code.
    pub fn parse(value: Value, region: Region, today: NaiveDate) -> Result<Self, PatientError> {
        Demographics::parse_with(value, region, today, Dialect::Frontdesk)
    }

    /// [`Demographics::parse`], with a choice of what contacts' phone
    /// entries may hold.
    pub fn parse_with(
        value: Value,
        region: Region,
        today: NaiveDate,
        dialect: Dialect,
    ) -> Result<Self, PatientError> {
        if !value.is_object() {
            return Err(err("(body)", "must be a JSON object"));
        }
        if dialect == Dialect::Frontdesk && value.get("accountNumber").is_some() {
            return Err(err("accountNumber", "unknown field `accountNumber`"));
        }
        // Dates are read by the time window's parser first; serde then
        // reads the same text.
        if let Some(Value::String(b)) = value.get("birthDate") {
            LIFETIME
                .date(b)
                .map_err(|e| err("birthDate", e.to_string()))?;
        }
        records_are_objects(&value)?;
        let mut d: Demographics = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            // serde's message ends with " at line L column C"; drop it.
            let problem = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
            err(if path == "." { "(body)".into() } else { path }, problem)
        })?;
        if d.name.is_empty() {
            return Err(err("name", "needs at least one name"));
        }
        cap("name", &d.name, MAX_NAMES)?;
        cap("telecom", &d.telecom, MAX_TELECOM)?;
        cap("contact", &d.contact, MAX_CONTACTS)?;
        cap("address", &d.address, MAX_ADDRESSES)?;
        cap("identifiers", &d.identifiers, MAX_IDENTIFIERS)?;
        for (i, c) in d.contact.iter().enumerate() {
            cap(format!("contact[{i}].telecom"), &c.telecom, MAX_TELECOM)?;
            cap(format!("contact[{i}].name"), &c.name, MAX_NAMES)?;
        }
        for (i, a) in d.address.iter().enumerate() {
            cap(format!("address[{i}].line"), &a.line, MAX_ADDRESS_LINES)?;
        }
        if d.birth_date.is_some_and(|b| b > today) {
            return Err(err("birthDate", "must not be in the future"));
        }
        match (d.deceased, &d.deceased_at) {
            (true, None) => return Err(err("deceasedAt", "is required when deceased is true")),
            (false, Some(_)) => {
                return Err(err(
                    "deceasedAt",
                    "must not be given unless deceased is true",
                ))
            }
            (true, Some(at)) => match check_deceased_at(at) {
                Ok(()) => {}
                Err(TimeError::OutOfWindow(w)) => {
                    return Err(err("deceasedAt", TimeError::OutOfWindow(w).to_string()))
                }
                Err(_) => {
                    return Err(err(
                        "deceasedAt",
                        "must be a time such as 2020-03-31 10:12 AM or RFC 3339",
                    ))
                }
            },
            _ => {}
        }
        if d.is_linked_by_email && d.shared_email_group.is_none() {
            return Err(err(
                "sharedEmailGroup",
                "is required when isLinkedByEmail is true",
            ));
        }
        if let Some(mrn) = &d.mrn {
            if mrn.trim().is_empty() || mrn.chars().count() > 64 {
                return Err(err("mrn", "must be 1 to 64 characters"));
            }
        }
        check_phones("telecom", &mut d.telecom, region, Dialect::Frontdesk)?;
        for (i, c) in d.contact.iter_mut().enumerate() {
            let path = format!("contact[{i}].telecom");
            check_phones(&path, &mut c.telecom, region, dialect)?;
        }
        if let Some(n) = &d.account_number {
            if n.trim().is_empty() || n.chars().count() > 64 {
                return Err(err("accountNumber", "must be 1 to 64 characters"));
            }
        }
        for (i, id) in d.identifiers.iter().enumerate() {
            let system_ok = (1..=32).contains(&id.system.len())
                && id
                    .system
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !system_ok {
                return Err(err(
                    format!("identifiers[{i}].system"),
                    "must be 1 to 32 letters, digits, - or _",
                ));
            }
            if !(1..=128).contains(&id.value.chars().count()) {
                return Err(err(
                    format!("identifiers[{i}].value"),
                    "must be 1 to 128 characters",
                ));
            }
            if d.identifiers.iter().take(i).any(|o| o.system == id.system) {
                return Err(err(format!("identifiers[{i}].system"), "appears twice"));
            }
        }
        let long = serde_json::to_value(&d)
            .ok()
            .and_then(|v| longest_string(&v, String::new()))
            .filter(|(_, len)| *len > MAX_TEXT);
        if let Some((path, _)) = long {
            return Err(err(path, format!("must be at most {MAX_TEXT} characters")));
        }
        // Dropped only after every string was checked, so a group sent
        // without `isLinkedByEmail` is refused for the same faults.
        if !d.is_linked_by_email {
            d.shared_email_group = None;
        }
        Ok(d)
    }

    /// The record's phone numbers (its own, not its contacts'), for search.
    pub fn phones(&self) -> Vec<E164> {
        let mut out: Vec<E164> = Vec::new();
        for t in &self.telecom {
            let e = E164::stored(t.value.clone());
            if t.system == TelecomSystem::Phone && !out.contains(&e) {
                out.push(e);
            }
        }
        out
    }
}

fn longest_string(v: &Value, path: String) -> Option<(String, usize)> {
    match v {
        Value::String(s) => Some((path, s.chars().count())),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, x)| longest_string(x, format!("{path}[{i}]")))
            .max_by_key(|(_, n)| *n),
        Value::Object(map) => map
            .iter()
            .filter_map(|(k, x)| {
                longest_string(
                    x,
                    if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    },
                )
            })
            .max_by_key(|(_, n)| *n),
        _ => None,
    }
}

/// The uid a patient created by a retried request gets: derived from the
/// organisation and the request's `Idempotency-Key`, so a retry names the
/// same patient (and its booking replays) instead of making a second one.
pub fn uid_for_retry(org_uid: &str, idempotency_key: &str) -> crate::ids::PatientProfileUid {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{org_uid}\u{0}{idempotency_key}").as_bytes());
    let id = data_encoding::BASE32_DNSSEC.encode(digest.get(..16).unwrap_or(&digest));
    crate::ids::PatientProfileUid::derived(format!("pp_{id}"))
}

/// What a partner's booking token says about its holder (its `name`,
/// `email` and `phone` claims), parsed. It creates the holder's record at
/// their first booking, or links them to a record that is unmistakably
/// theirs (see [`Profile::matches`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<E164>,
}

impl Profile {
    /// `None` when the token has no profile claim; an error's `path` is the
    /// claim's name, and never repeats its value.
    pub fn parse(
        name: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
        region: Region,
    ) -> Result<Option<Profile>, PatientError> {
        if name.is_none() && email.is_none() && phone.is_none() {
            return Ok(None);
        }
        let name = name
            .map(|n| {
                let n = n.trim();
                match n.chars().count() {
                    1..=MAX_TEXT => Ok(n.to_owned()),
                    _ => Err(err("name", format!("must be 1 to {MAX_TEXT} characters"))),
                }
            })
            .transpose()?;
        let email = email
            .map(|e| parse_email(e).ok_or_else(|| err("email", "is not an email address")))
            .transpose()?;
        let phone = phone
            .map(|p| normalize(p, region).map_err(|e| err("phone", e.to_string())))
            .transpose()?;
        Ok(Some(Profile { name, email, phone }))
    }

    /// The record for a holder no patient matched: the name as seed 002
    /// writes it (`family` the whole name, split into first and last), the
    /// phone as a mobile number. `None` without a name, which every record
    /// needs.
    pub fn record(&self) -> Option<Demographics> {
        let full = self.name.clone()?;
        let (first, last) = match full.rsplit_once(' ') {
            Some((first, last)) => (Some(first.trim().to_owned()), Some(last.to_owned())),
            None => (None, None),
        };
        let mut telecom = Vec::new();
        if let Some(phone) = &self.phone {
            telecom.push(Telecom {
                r#use: Some("mobile".into()),
                system: TelecomSystem::Phone,
                value: phone.as_str().to_owned(),
            });
        }
        if let Some(email) = &self.email {
            telecom.push(Telecom {
                r#use: Some("home".into()),
                system: TelecomSystem::Email,
                value: email.clone(),
            });
        }
        Some(Demographics {
            mrn: None,
            name: vec![HumanName {
                r#use: Some("usual".into()),
                family: Some(full),
                first_name: first,
                middle_name: None,
                last_name: last,
                alias: None,
            }],
            birth_date: None,
            gender: None,
            marital_status: None,
            telecom,
            contact: Vec::new(),
            preferred_language: None,
            race: None,
            ethnicity: None,
            address: Vec::new(),
            active: true,
            deceased: false,
            deceased_at: None,
            is_linked_by_email: false,
            shared_email_group: None,
            identifiers: Vec::new(),
            account_number: None,
        })
    }

    /// Whether an existing record is this holder's: it is active and has
    /// both the token's phone and its email (in any case). A phone alone is
    /// not enough (families share one), nor is an email alone; the caller
    /// links the holder only when exactly one record matches.
    pub fn matches(&self, d: &Demographics) -> bool {
        let (Some(phone), Some(email)) = (&self.phone, &self.email) else {
            return false;
        };
        d.active
            && !d.deceased
            && d.phones().contains(phone)
            && d.telecom
                .iter()
                .any(|t| t.system == TelecomSystem::Email && t.value.eq_ignore_ascii_case(email))
    }
}

/// Applies a JSON merge patch (RFC 7396) to `target`.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            if let Some(t) = target.as_object_mut() {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// What the document says of a record: the fields `Demographics::parse`
/// reads, with the caps, lengths and patterns it checks.
#[cfg(feature = "schema")]
pub mod schema {
    use std::borrow::Cow;

    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use serde_json::{json, Value};

    use super::*;
    use crate::api_doc::schema::schema_type;

    /// Optional free text: `null` counts as absent.
    fn text(description: &str, example: &str) -> Value {
        json!({
            "type": ["string", "null"],
            "maxLength": MAX_TEXT,
            "description": description,
            "example": example,
        })
    }

    /// A `YYYY-MM-DD` date within [`LIFETIME`] (1900 to 2100).
    fn lifetime_date() -> Value {
        json!({
            "type": ["string", "null"],
            "format": "date",
            "pattern": "^(?:19[0-9]{2}|20[0-9]{2}|2100)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
            "description": "`YYYY-MM-DD`, from 1900-01-01; not in the future.",
            "example": "1983-08-15",
        })
    }

    fn list<T: JsonSchema>(g: &mut SchemaGenerator, max: usize, description: &str) -> Value {
        json!({
            "type": "array",
            "items": g.subschema_for::<T>(),
            "default": [],
            "maxItems": max,
            "description": description,
        })
    }

    const MRN_PATTERN: &str = r"\S";

    impl JsonSchema for HumanName {
        fn schema_name() -> Cow<'static, str> {
            "HumanName".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": format!("One of the patient's names. Every part is optional free text (at most {MAX_TEXT} characters, kept as sent)."),
                "additionalProperties": false,
                "properties": {
                    "use": text("What the name is for, e.g. `usual`, `official`, `maiden`.", "usual"),
                    "family": text("The family or full name as the source system has it.", "Mike Shinoda"),
                    "firstName": text("Given name.", "Mike"),
                    "middleName": text("Middle name(s).", ""),
                    "lastName": text("Surname.", "Shinoda"),
                    "alias": text("Also known as.", ""),
                },
            })
        }
    }

    impl JsonSchema for Telecom {
        fn schema_name() -> Cow<'static, str> {
            "Telecom".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": "A phone number or an email address.",
                "additionalProperties": false,
                "required": ["system", "value"],
                "properties": {
                    "use": text("e.g. `home`, `work`, `mobile`.", "mobile"),
                    "system": { "type": "string", "enum": ["phone", "email"] },
                    "value": {
                        "type": "string",
                        "description": format!("For `phone`: a phone number in any usual format (digits, spaces, `+`, `-`, `(`, `)`, `.`; at most {} characters), stored and returned in E.164 (`+11111111111`). A number without `+` or `00` is read as one of the organisation's `default_country`; 400 with `field` naming this value (e.g. `telecom[0].value`) if it is not a plausible number. For `email`: trimmed, must contain an `@` that is neither first nor last, at most {MAX_TEXT} characters.", crate::phone::MAX_INPUT_LEN),
                    },
                },
                "example": { "use": "mobile", "system": "phone", "value": "+1 (111) 111-1111" },
                "oneOf": [
                    { "properties": {
                        "system": { "const": "phone" },
                        "value": { "format": "phone", "maxLength": crate::phone::MAX_INPUT_LEN },
                    }},
                    { "properties": {
                        "system": { "const": "email" },
                        "value": { "format": "email", "maxLength": MAX_TEXT },
                    }},
                ],
            })
        }
    }

    impl JsonSchema for Contact {
        fn schema_name() -> Cow<'static, str> {
            "PatientContact".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": "Someone to contact about the patient (a relative, a guardian). Their phone numbers are normalised like the patient's but are not searchable.",
                "additionalProperties": false,
                "properties": {
                    "telecom": list::<Telecom>(g, MAX_TELECOM, "Phone numbers and email addresses."),
                    "name": list::<HumanName>(g, MAX_NAMES, "Their names."),
                },
            })
        }
    }

    impl JsonSchema for Address {
        fn schema_name() -> Cow<'static, str> {
            "PatientAddress".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": format!("A postal address; every part is optional free text (at most {MAX_TEXT} characters, kept as sent)."),
                "additionalProperties": false,
                "properties": {
                    "use": text("e.g. `home`, `work`.", "home"),
                    "line": {
                        "type": "array",
                        "items": { "type": "string", "maxLength": MAX_TEXT },
                        "default": [],
                        "maxItems": MAX_ADDRESS_LINES,
                        "description": "Street lines.",
                        "example": ["123 Main St", ""],
                    },
                    "apartment": text("Apartment or suite.", ""),
                    "city": text("City.", "New York"),
                    "state": text("State, province or region.", "NY"),
                    "postalcode": text("Postal code.", "10019"),
                    "country": text("Country, as the source system writes it (free text, e.g. `USA`).", "USA"),
                },
            })
        }
    }

    impl JsonSchema for EmailGroup {
        fn schema_name() -> Cow<'static, str> {
            "SharedEmailGroup".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": "The group of patients (e.g. a family) that share one email address.",
                "additionalProperties": false,
                "required": ["type", "name"],
                "properties": {
                    "type": { "type": "string", "maxLength": MAX_TEXT, "example": "family" },
                    "name": { "type": "string", "maxLength": MAX_TEXT, "example": "Shinoda family" },
                },
            })
        }
    }

    impl JsonSchema for Identifier {
        fn schema_name() -> Cow<'static, str> {
            "PatientIdentifier".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "object",
                "description": "A typed external identifier, e.g. the Solo Patient ID (`SPID`) or the Health System ID (`HSID`, the EHR's patient id shared over HL7). A value of a system belongs to one patient of the organisation (409 `identifier_taken` otherwise), and a record has at most one identifier per system. Searchable with `identifier_system` and `identifier_value`.",
                "additionalProperties": false,
                "required": ["system", "value"],
                "properties": {
                    "system": {
                        "type": "string",
                        "pattern": "^[A-Za-z0-9_-]{1,32}$",
                        "description": "1 to 32 letters, digits, `-` or `_`; case-sensitive.",
                        "example": "SPID",
                    },
                    "value": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 128,
                        "description": "1 to 128 characters, matched exactly.",
                        "example": "12345",
                    },
                },
            })
        }
    }

    /// The fields of a record, as sent (`stored` false: lists may be
    /// absent) or as stored (every field present).
    fn fields(g: &mut SchemaGenerator) -> serde_json::Map<String, Value> {
        let gender = g.subschema_for::<Gender>().to_value();
        let group = g.subschema_for::<EmailGroup>().to_value();
        let props = json!({
            "mrn": {
                "type": ["string", "null"],
                "minLength": 1,
                "maxLength": 64,
                "pattern": MRN_PATTERN,
                "description": "Medical record number: 1 to 64 characters, not blank, kept as sent. Unique in the organisation (409 `mrn_taken`); searchable with `mrn`.",
                "example": "MRN-123",
            },
            "name": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_NAMES,
                "items": g.subschema_for::<HumanName>(),
                "description": "The patient's names; at least one (400 with `field: name` otherwise).",
            },
            "birthDate": lifetime_date(),
            "gender": { "oneOf": [gender, { "type": "null" }] },
            "maritalStatus": text("Free text, e.g. `married`.", "married"),
            "telecom": list::<Telecom>(g, MAX_TELECOM, "Phone numbers and email addresses. The patient's phone numbers (not its contacts') are what the search by `phone` finds; several patients may share one number."),
            "contact": list::<Contact>(g, MAX_CONTACTS, "People to contact about the patient."),
            "preferredLanguage": text("Free text.", "English"),
            "race": text("Free text.", "White"),
            "ethnicity": text("Free text.", "not Hispanic or Latino"),
            "address": list::<Address>(g, MAX_ADDRESSES, "Postal addresses."),
            "active": {
                "type": "boolean",
                "default": true,
                "description": "Whether the record is in use. Absent: `true` (so a replacement without it reactivates the record). Setting it from true to false is audited as `patient.deactivated`; inactive records are still found by searches.",
            },
            "deceased": { "type": "boolean", "default": false, "description": "Absent: `false`." },
            "deceasedAt": {
                "type": ["string", "null"],
                "pattern": crate::api_doc::schema::deceased_at_pattern(),
                "description": "When the patient died. Required when `deceased` is true (400 with `field: deceasedAt` if missing), and refused when `deceased` is false or not given. One of `YYYY-MM-DD hh:mm AM` (as in `2020-03-31 10:12 AM`), `YYYY-MM-DD HH:MM`, `YYYY-MM-DD` or RFC 3339, from 1900 to 2100; kept as sent.",
                "example": "2020-03-31 10:12 AM",
            },
            "isLinkedByEmail": {
                "type": "boolean",
                "default": false,
                "description": "Whether the patient shares an email address with a group of patients (e.g. a family). Absent: `false`.",
            },
            "sharedEmailGroup": {
                "oneOf": [group, { "type": "null" }],
                "description": "The group; required when `isLinkedByEmail` is true (400 with `field: sharedEmailGroup`). When it is false, a group is still checked, then dropped (stored as `null`).",
            },
            "identifiers": list::<Identifier>(g, MAX_IDENTIFIERS, "Typed external identifiers such as SPID and HSID; one per system."),
        });
        match props {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        }
    }

    impl JsonSchema for Demographics {
        fn schema_name() -> Cow<'static, str> {
            "PatientDemographics".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let group = g.subschema_for::<EmailGroup>();
            json_schema!({
                "type": "object",
                "description": format!("A patient record as sent, with the Teladoc Health Solo demographics' camelCase field names. Only `name` is required. Unknown fields are refused (400 with `field` naming the unknown field), Solo's deprecated `accountNumber` and `familyMember` included. A `null` optional text counts as absent; a list or a boolean must not be `null`. Free text is kept as sent, at most {MAX_TEXT} characters (400 with `field` naming the longest offending value). Every 400 names the offending value by its JSON path: `birthDate`, `telecom[0].value`, `name[1].firstName`, `identifiers[0].system`..."),
                "additionalProperties": false,
                "required": ["name"],
                "properties": fields(g),
                "allOf": [
                    {
                        "if": { "required": ["deceased"], "properties": { "deceased": { "const": true } } },
                        "then": { "required": ["deceasedAt"], "properties": { "deceasedAt": { "type": "string" } } },
                        "else": { "properties": { "deceasedAt": { "type": "null" } } },
                    },
                    {
                        "if": { "required": ["isLinkedByEmail"], "properties": { "isLinkedByEmail": { "const": true } } },
                        "then": { "required": ["sharedEmailGroup"], "properties": { "sharedEmailGroup": group } },
                    },
                ],
            })
        }
    }

    /// A merge patch of a record, as `PATCH` reads it.
    pub struct MergePatch;

    impl JsonSchema for MergePatch {
        fn schema_name() -> Cow<'static, str> {
            "PatientMergePatch".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            json_schema!({
            "type": "object",
            "description": "A JSON merge patch (RFC 7396) of a `PatientDemographics` record: a member that is present replaces the stored one, a member set to `null` removes it (so it takes its default: `null`, `[]`, `active` true, `deceased` false), members not mentioned are kept, and lists (`name`, `telecom`, `identifiers`...) are replaced whole. `sharedEmailGroup` is replaced whole too, as a group needs both `type` and `name`. The patched record is then validated whole, exactly like a replacement, so a patch can never leave a record a replacement would refuse (e.g. removing every name, or setting `deceased` without `deceasedAt`).",
            "additionalProperties": false,
            "properties": patch_fields(g),
            })
        }
    }

    /// The record's fields as a patch may send them: lists may be `null`
    /// (emptied), except `name`, which a record cannot lose.
    fn patch_fields(g: &mut SchemaGenerator) -> Value {
        let mut m = fields(g);
        for (k, v) in m.iter_mut() {
            if let Some(o) = v.as_object_mut() {
                o.remove("default");
                match o.get("type").cloned() {
                    Some(Value::String(t)) if k != "name" => {
                        o.insert("type".into(), json!([t, "null"]));
                    }
                    _ => {}
                }
            }
        }
        Value::Object(m)
    }

    /// A record as the API answers it.
    pub struct Stored;

    impl JsonSchema for Stored {
        fn schema_name() -> Cow<'static, str> {
            "PatientRecord".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let mut props = fields(g);
            for v in props.values_mut() {
                if let Some(o) = v.as_object_mut() {
                    for k in [
                        "default",
                        "example",
                        "minItems",
                        "maxItems",
                        "pattern",
                        "minLength",
                        "maxLength",
                    ] {
                        o.remove(k);
                    }
                }
            }
            let required: Vec<String> = props.keys().cloned().collect();
            json_schema!({
                "type": "object",
                "description": "A patient record as stored: every `PatientDemographics` field is present (absent optional values are `null`, absent lists `[]`), phone numbers are in E.164.",
                "required": required,
                "properties": props,
            })
        }
    }

    schema_type!(
        /// A record's uid, minted as `pp_{random}`.
        PatientUid,
        json_schema!({
            "type": "string",
            "pattern": crate::api_doc::schema::minted_pattern("pp_"),
            "description": "A patient record of the directory, minted by Frontdesk: `pp_` + 26 characters of lowercase base32 (`0-9`, `a-v`). It is a valid `PatientProfileUid`: the record's appointments carry it as `patient_profile_uid`.",
            "example": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        })
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PatientProfileUid;
    use serde_json::json;

    fn us() -> Region {
        Region::parse("US").unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn seed() -> Value {
        json!({
            "mrn": "MRN-123",
            "name": [{ "use": "usual", "family": "Mike Shinoda", "firstName": "Mike", "middleName": "", "lastName": "Shinoda", "alias": "" }],
            "birthDate": "1983-08-15",
            "gender": "male",
            "maritalStatus": "married",
            "telecom": [
                { "use": "home", "system": "phone", "value": "+1 (111) 111-1111" },
                { "use": "home", "system": "email", "value": "mike_zzzzzzz@company.com" }
            ],
            "preferredLanguage": "English",
            "race": "White",
            "ethnicity": "not Hispanic or Latino",
            "address": [{ "city": "New York", "use": "home", "apartment": "", "country": "USA", "state": "NY", "postalcode": "10019", "line": ["123 Main St", ""] }],
            "active": true,
            "deceased": true,
            "deceasedAt": "2020-03-31 10:12 AM",
            "isLinkedByEmail": false,
            "identifiers": [{ "system": "SPID", "value": "12345" }, { "system": "HSID", "value": "H-9" }]
        })
    }

    #[test]
    fn v1_updates_keep_stored_placeholders_and_refuse_new_ones() {
        let stored = json!({"contact": [{"telecom": [{"system": "phone", "value": "phone"}]}]});
        let same = json!({"name": [{}], "contact": [{"telecom": [{"system": "phone", "value": "phone"}]}]});
        assert_eq!(update_dialect(&same, &stored, us()), Dialect::Solo);
        let dialable =
            json!({"contact": [{"telecom": [{"system": "phone", "value": "+1 202 555 0150"}]}]});
        assert_eq!(update_dialect(&dialable, &stored, us()), Dialect::Solo);
        let new = json!({"contact": [{"telecom": [{"system": "phone", "value": "fax"}]}]});
        assert_eq!(update_dialect(&new, &stored, us()), Dialect::Frontdesk);
        let account = json!({"accountNumber": "A"});
        assert_eq!(update_dialect(&account, &stored, us()), Dialect::Frontdesk);
        let parsed = Demographics::parse_with(same, us(), today(), Dialect::Solo).unwrap();
        assert_eq!(parsed.contact[0].telecom[0].value, "phone");
        assert!(
            Demographics::parse(json!({"name": [{}], "accountNumber": "A"}), us(), today())
                .is_err()
        );
    }

    #[test]
    fn seed_002_record_parses_with_its_phone_normalised() {
        let d = Demographics::parse(seed(), us(), today()).unwrap();
        assert_eq!(d.telecom[0].value, "+11111111111");
        assert_eq!(d.phones().len(), 1);
        assert_eq!(d.identifiers.len(), 2);
    }

    #[test]
    fn token_profiles_parse_make_records_and_match_strictly() {
        assert_eq!(Profile::parse(None, None, None, us()), Ok(None));
        let bad_phone = Profile::parse(Some("Ann"), None, Some("12"), us()).unwrap_err();
        assert_eq!(bad_phone.path, "phone");
        assert!(!bad_phone.to_string().contains("12"), "{bad_phone}");
        let bad_email = Profile::parse(None, Some("ann@"), None, us()).unwrap_err();
        assert_eq!(bad_email.path, "email");
        let long = "x".repeat(201);
        assert_eq!(
            Profile::parse(Some(&long), None, None, us())
                .unwrap_err()
                .path,
            "name"
        );
        assert_eq!(
            Profile::parse(Some("  "), None, None, us())
                .unwrap_err()
                .path,
            "name"
        );

        let p = Profile::parse(
            Some(" Mike Shinoda "),
            Some("Mike_ZZZZZZZ@company.com"),
            Some("(111) 111-1111"),
            us(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.phone.as_ref().unwrap().as_str(), "+11111111111");
        let record = p.record().unwrap();
        assert_eq!(record.name[0].family.as_deref(), Some("Mike Shinoda"));
        assert_eq!(record.name[0].first_name.as_deref(), Some("Mike"));
        assert_eq!(record.name[0].last_name.as_deref(), Some("Shinoda"));
        // The made record is one the API itself would accept, unchanged.
        let again = Demographics::parse(serde_json::to_value(&record).unwrap(), us(), today());
        assert_eq!(again.as_ref(), Ok(&record));

        // Matching needs both the phone and the email, on a living, active record.
        let mut seeded = seed();
        seeded["deceased"] = json!(false);
        seeded.as_object_mut().unwrap().remove("deceasedAt");
        let d = Demographics::parse(seeded, us(), today()).unwrap();
        assert!(p.matches(&d));
        let phone_only = Profile {
            email: None,
            ..p.clone()
        };
        assert!(!phone_only.matches(&d));
        let other_email = Profile {
            email: Some("someone@else.com".into()),
            ..p.clone()
        };
        assert!(!other_email.matches(&d));
        let inactive = Demographics {
            active: false,
            ..d.clone()
        };
        assert!(!p.matches(&inactive));
        // No name: nothing to create a record from.
        assert_eq!(Profile { name: None, ..p }.record(), None);
    }

    #[test]
    fn an_unlinked_email_group_is_still_checked_then_dropped() {
        let mut v =
            json!({"name": [{}], "sharedEmailGroup": {"type": "family", "name": "x".repeat(201)}});
        assert_eq!(
            Demographics::parse(v.clone(), us(), today())
                .unwrap_err()
                .path,
            "sharedEmailGroup.name"
        );
        v["sharedEmailGroup"]["name"] = json!("Shinoda family");
        let d = Demographics::parse(v, us(), today()).unwrap();
        assert_eq!(d.shared_email_group, None);
    }

    #[test]
    fn records_given_as_arrays_are_refused() {
        let cases = [
            (json!({"name": [[null, null]]}), "name[0]"),
            (
                json!({"name": [{}], "telecom": [["phone", "+14155550123"]]}),
                "telecom[0]",
            ),
            (
                json!({"name": [{}], "identifiers": [["SPID", "1"]]}),
                "identifiers[0]",
            ),
            (json!({"name": [{}], "address": [[null]]}), "address[0]"),
            (json!({"name": [{}], "contact": [[[], []]]}), "contact[0]"),
            (
                json!({"name": [{}], "contact": [{"name": [[null]]}]}),
                "contact[0].name[0]",
            ),
            (
                json!({"name": [{}], "contact": [{"telecom": [["phone", "1"]]}]}),
                "contact[0].telecom[0]",
            ),
            (
                json!({"name": [{}], "isLinkedByEmail": true, "sharedEmailGroup": ["family", "x"]}),
                "sharedEmailGroup",
            ),
        ];
        for (body, path) in cases {
            let e = Demographics::parse(body.clone(), us(), today()).unwrap_err();
            assert_eq!(e.path, path, "{body}");
            assert_eq!(e.problem, "must be a JSON object");
        }
    }

    #[test]
    fn deceased_rules() {
        let mut v = seed();
        v.as_object_mut().unwrap().remove("deceasedAt");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "deceasedAt"
        );
        let mut v = seed();
        v["deceased"] = json!(false);
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "deceasedAt"
        );
        let mut v = seed();
        v.as_object_mut().unwrap().remove("deceased");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "deceasedAt"
        );
        let mut v = seed();
        v["deceased"] = json!(false);
        v.as_object_mut().unwrap().remove("deceasedAt");
        assert!(Demographics::parse(v, us(), today()).is_ok());
        let mut v = seed();
        v["deceasedAt"] = json!("last Tuesday");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "deceasedAt"
        );
    }

    #[test]
    fn errors_name_the_path() {
        let mut v = seed();
        v["telecom"][1]["system"] = json!("fax");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "telecom[1].system"
        );
        let mut v = seed();
        v["telecom"][0]["value"] = json!("call me maybe");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "telecom[0].value"
        );
        let mut v = seed();
        v["birthDate"] = json!("2030-01-01");
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "birthDate"
        );
        let mut v = seed();
        v["isLinkedByEmail"] = json!(true);
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "sharedEmailGroup"
        );
        let mut v = seed();
        v["race"] = json!("x".repeat(201));
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "race"
        );
        let mut v = seed();
        v["nickname"] = json!("Mikey");
        assert!(Demographics::parse(v, us(), today()).is_err());
    }

    #[test]
    fn every_list_is_capped_naming_its_path() {
        let phone = json!({ "system": "phone", "value": "+1 (111) 111-1111" });
        let name = json!({ "family": "Ann" });
        let cases = [
            ("identifiers", "identifiers", 21, json!([])),
            ("telecom", "telecom", 11, phone.clone()),
            ("name", "name", 11, name.clone()),
            ("contact", "contact", 11, json!({})),
            ("address", "address", 11, json!({ "city": "NY" })),
        ];
        for (key, path, n, item) in cases {
            let mut v = seed();
            v[key] = if key == "identifiers" {
                json!((0..n)
                    .map(|i| json!({ "system": format!("S{i}"), "value": "1" }))
                    .collect::<Vec<_>>())
            } else {
                json!(vec![item; n])
            };
            let e = Demographics::parse(v.clone(), us(), today()).unwrap_err();
            assert_eq!(e.path, path, "{key}");
            assert!(e.problem.contains("at most"), "{e}");
            // One fewer is fine.
            v[key].as_array_mut().unwrap().pop();
            assert!(Demographics::parse(v, us(), today()).is_ok(), "{key}");
        }
        let mut v = seed();
        v["identifiers"] = json!((0..500)
            .map(|i| json!({ "system": format!("S{i}"), "value": "1" }))
            .collect::<Vec<_>>());
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "identifiers"
        );
        let mut v = seed();
        v["contact"] = json!([{ "telecom": vec![phone; 11] }]);
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "contact[0].telecom"
        );
        let mut v = seed();
        v["contact"] = json!([{}, { "name": vec![name; 11] }]);
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "contact[1].name"
        );
        let mut v = seed();
        v["address"][0]["line"] = json!(vec!["x"; 6]);
        assert_eq!(
            Demographics::parse(v, us(), today()).unwrap_err().path,
            "address[0].line"
        );
    }

    #[test]
    fn extreme_birth_and_death_dates_are_refused() {
        for b in [
            "+262142-12-31",
            "-262143-01-01",
            "0000-01-01",
            "1899-12-31",
            "9999-12-31",
            "1983-8-15",
        ] {
            let mut v = seed();
            v["birthDate"] = json!(b);
            assert_eq!(
                Demographics::parse(v, us(), today()).unwrap_err().path,
                "birthDate",
                "{b}"
            );
        }
        let mut v = seed();
        v["birthDate"] = json!("1900-01-01");
        assert!(Demographics::parse(v, us(), today()).is_ok());
        for at in [
            "+262142-12-31",
            "-262143-01-01T00:00:00Z",
            "0000-01-01 10:12 AM",
            "9999-12-31T23:59:59Z",
            "1899-12-31 23:59",
        ] {
            let mut v = seed();
            v["deceasedAt"] = json!(at);
            let e = Demographics::parse(v, us(), today()).unwrap_err();
            assert_eq!(e.path, "deceasedAt", "{at}");
        }
        let mut v = seed();
        v["deceasedAt"] = json!("9999-12-31T23:59:59Z");
        let e = Demographics::parse(v, us(), today()).unwrap_err();
        assert!(e.problem.contains("1900-01-01"), "{e}");
        for ok in [
            "2020-03-31 10:12 AM",
            "2020-03-31 22:12",
            "2020-03-31",
            "2020-03-31T10:12:00Z",
        ] {
            let mut v = seed();
            v["deceasedAt"] = json!(ok);
            assert!(Demographics::parse(v, us(), today()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn retry_uids_are_valid_and_stable() {
        let a = uid_for_retry("org_1", "key-1");
        assert_eq!(PatientProfileUid::parse(a.as_str()), Ok(a.clone()));
        assert_eq!(uid_for_retry("org_1", "key-1"), a);
        assert_ne!(uid_for_retry("org_2", "key-1"), a);
    }

    #[test]
    fn merge_patch_follows_rfc_7396() {
        let mut t = json!({ "a": 1, "b": { "c": 2, "d": 3 } });
        merge_patch(&mut t, &json!({ "a": null, "b": { "c": 5 }, "e": [1] }));
        assert_eq!(t, json!({ "b": { "c": 5, "d": 3 }, "e": [1] }));
    }
}
