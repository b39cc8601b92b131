//! Staff accounts and signing in: `POST /v1/management/staff`, `PATCH
//! /v1/management/staff/{staff_uid}`, `POST /v1/auth/sign-in` and `POST
//! /v1/auth/session`.

use serde_json::Value;

use super::{Body, WireError, NAME_MAX};
use crate::ids::DoctorUid;
use crate::phone::{self, E164};
use crate::staff::{Email, Role};

/// A staff user's mobile number: written with its country code, since a
/// user belongs to no country the way a patient record does. `None`: the
/// field is absent; `Some(None)`: `null`, no number.
fn mobile_phone(body: &Body) -> Result<Option<Option<E164>>, WireError> {
    let field = "mobile_phone";
    match body.raw(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) => phone::international(s).map(|e| Some(Some(e))).map_err(|_| {
            WireError::invalid(
                field,
                "must be a mobile number written with its country code, such as +49 151 23456789",
            )
        }),
        Some(_) => Err(WireError::invalid(field, "must be a string or null")),
    }
}

fn email(body: &Body, field: &'static str) -> Result<Email, WireError> {
    Email::parse(body.str(field)?).ok_or_else(|| {
        WireError::invalid(field, "must be an email address such as ana@clinic.example")
    })
}

fn role(body: &Body) -> Result<Option<Role>, WireError> {
    match body.opt_str("role")? {
        None => Ok(None),
        Some(r) => Role::parse(r).map(Some).ok_or_else(|| {
            WireError::invalid("role", "must be `admin`, `doctor` or `medical_assistant`")
        }),
    }
}

/// A role with the doctor it is bound to: a `doctor` names one, an
/// `admin` none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffRole {
    Admin,
    Doctor(DoctorUid),
    MedicalAssistant,
}

impl StaffRole {
    pub fn role(&self) -> Role {
        match self {
            StaffRole::Admin => Role::Admin,
            StaffRole::Doctor(_) => Role::Doctor,
            StaffRole::MedicalAssistant => Role::MedicalAssistant,
        }
    }

    pub fn doctor(&self) -> Option<&DoctorUid> {
        match self {
            StaffRole::Admin | StaffRole::MedicalAssistant => None,
            StaffRole::Doctor(d) => Some(d),
        }
    }

    fn of(role: Role, doctor: Option<DoctorUid>) -> Result<StaffRole, WireError> {
        match (role, doctor) {
            (Role::Admin, None) => Ok(StaffRole::Admin),
            (Role::Doctor, Some(d)) => Ok(StaffRole::Doctor(d)),
            (Role::MedicalAssistant, None) => Ok(StaffRole::MedicalAssistant),
            (Role::Admin | Role::MedicalAssistant, Some(_)) => Err(WireError::invalid(
                "doctor_uid",
                "must be absent unless the role is `doctor` (only a doctor is bound to a doctor)",
            )),
            (Role::Doctor, None) => Err(WireError::invalid(
                "doctor_uid",
                "is required for a doctor: the doctor this user signs in as",
            )),
        }
    }
}

/// `POST /v1/management/staff`: invite a staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateStaff {
    pub email: Email,
    pub name: String,
    pub role: StaffRole,
    /// For SMS reminders to the user (an admin gets the `admin` ones).
    pub mobile_phone: Option<E164>,
}

impl CreateStaff {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let email = email(body, "email")?;
        let name = body.text("name", NAME_MAX)?;
        let role = role(body)?.ok_or(WireError::Missing { field: "role" })?;
        let doctor = body.opt_id("doctor_uid", DoctorUid::parse)?;
        Ok(Self {
            email,
            name,
            role: StaffRole::of(role, doctor)?,
            mobile_phone: mobile_phone(body)?.flatten(),
        })
    }
}

/// `PATCH /v1/management/staff/{staff_uid}`: what to change; an absent
/// field stays. `role` and `doctor_uid` change together (a doctor needs
/// one, an admin has none); `active: false` deactivates the user and ends
/// their sessions at once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateStaff {
    pub name: Option<String>,
    pub role: Option<StaffRole>,
    pub active: Option<bool>,
    /// `Some(None)` removes the number.
    pub mobile_phone: Option<Option<E164>>,
}

impl UpdateStaff {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let name = body.opt_text("name", NAME_MAX)?;
        let doctor = body.opt_id("doctor_uid", DoctorUid::parse)?;
        let role = match (role(body)?, doctor) {
            (Some(role), doctor) => Some(StaffRole::of(role, doctor)?),
            (None, Some(_)) => {
                return Err(WireError::invalid(
                    "doctor_uid",
                    "changes only with `role` (`doctor` and the doctor together)",
                ))
            }
            (None, None) => None,
        };
        let active = match body.raw("active") {
            None | Some(Value::Null) => None,
            Some(_) => Some(body.bool("active")?),
        };
        Ok(Self {
            name,
            role,
            active,
            mobile_phone: mobile_phone(body)?,
        })
    }
}

/// `POST /v1/auth/sign-in`: where to send a sign-in link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSignIn {
    pub email: Email,
}

impl RequestSignIn {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            email: email(body, "email")?,
        })
    }
}

/// `POST /v1/auth/session`: the token of a sign-in link, exchanged once
/// for a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSession {
    pub token: String,
}

impl OpenSession {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        let token = body.str("token")?.trim();
        if token.is_empty() || token.len() > 200 {
            return Err(WireError::invalid(
                "token",
                "must be the token of a sign-in link",
            ));
        }
        Ok(Self {
            token: token.to_owned(),
        })
    }
}

/// What the document says of the bodies.
#[cfg(feature = "schema")]
pub(crate) mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};
    use serde_json::json;

    use super::*;
    use crate::api_doc::schema::{opt_text, text, Object};
    use crate::staff::{EMAIL_MAX, EMAIL_PATTERN};

    /// An email address as [`Email::parse`] takes it.
    pub(crate) fn email_schema(description: &str) -> Value {
        json!({
            "type": "string",
            "maxLength": EMAIL_MAX,
            "pattern": EMAIL_PATTERN,
            "description": description,
            "example": "ana@clinic.example"
        })
    }

    fn email() -> Value {
        email_schema("An email address, compared without regard to case: one `@`, a domain with a dot, no spaces or control characters.")
    }

    /// A `doctor` names their doctor; an `admin` names none.
    fn role_rules() -> Value {
        json!([
            {
                "if": { "required": ["role"], "properties": { "role": { "const": "doctor" } } },
                "then": { "required": ["doctor_uid"], "properties": { "doctor_uid": { "type": "string" } } }
            },
            {
                "if": { "required": ["role"], "properties": { "role": { "enum": ["admin", "medical_assistant"] } } },
                "then": { "properties": { "doctor_uid": { "type": "null" } } }
            }
        ])
    }

    fn role() -> Value {
        json!({
            "type": "string",
            "enum": ["admin", "doctor", "medical_assistant"],
            "description": "`admin`: every scope. `doctor`: the waiting room, appointments and availability, for `doctor_uid` only. `medical_assistant`: the waiting room (intake), appointments to read, visit records."
        })
    }

    fn mobile_schema(description: &str) -> Value {
        json!({
            "type": ["string", "null"],
            "format": "phone",
            "maxLength": crate::phone::MAX_INPUT_LEN,
            "description": description,
        })
    }

    impl JsonSchema for CreateStaff {
        fn schema_name() -> Cow<'static, str> {
            "CreateStaffRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required("email", email())
                .required("name", text(NAME_MAX, "The user's name. Trimmed; 1 to 200 characters, no control characters."))
                .required("role", role())
                .opt_field::<DoctorUid>(g, "doctor_uid", "Required with role `doctor`, absent for `admin` and `medical_assistant`: the organisation's doctor this user is (404 with `field` `doctor_uid` if it is not the organisation's).")
                .optional("mobile_phone", mobile_schema("The user's mobile number for SMS, written with its country code; stored in E.164. An admin's gets the organisation's `admin` SMS reminders. Absent, `null` or blank: none."))
                .with("allOf", role_rules())
                .build()
        }
    }

    impl JsonSchema for UpdateStaff {
        fn schema_name() -> Cow<'static, str> {
            "UpdateStaffRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            Object::new()
                .optional("name", opt_text(NAME_MAX, "The user's name. Trimmed; at most 200 characters, no control characters. Absent, `null` or blank: unchanged."))
                .optional("role", {
                    let mut r = role();
                    r["type"] = json!(["string", "null"]);
                    r["enum"] = json!(["admin", "doctor", "medical_assistant", null]);
                    r
                })
                .opt_field::<DoctorUid>(g, "doctor_uid", "With `role` only: required for `doctor`, absent for `admin` and `medical_assistant`.")
                .optional("active", json!({"type": ["boolean", "null"], "description": "`false` deactivates the user and ends their sessions at once; `true` reactivates. `null`: unchanged."}))
                .optional("mobile_phone", mobile_schema("The user's mobile number for SMS, written with its country code. Absent: unchanged; `null` or blank: removed."))
                .with("allOf", {
                    let mut rules = role_rules();
                    // Without a role, no doctor.
                    if let Value::Array(list) = &mut rules {
                        list.push(json!({
                            "if": { "not": { "required": ["role"], "properties": { "role": { "type": "string" } } } },
                            "then": { "properties": { "doctor_uid": { "type": "null" } } }
                        }));
                    }
                    rules
                })
                .build()
        }
    }

    impl JsonSchema for RequestSignIn {
        fn schema_name() -> Cow<'static, str> {
            "SignInRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new().required("email", email()).build()
        }
    }

    impl JsonSchema for OpenSession {
        fn schema_name() -> Cow<'static, str> {
            "OpenSessionRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            Object::new()
                .required(
                    "token",
                    json!({
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 200,
                        "description": "The token from the sign-in link's fragment (`/sign-in#token=…`)."
                    }),
                )
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
    fn a_doctor_names_their_doctor_and_an_admin_none() {
        let doctor = DoctorUid::new(&[3; 16]);
        let s = CreateStaff::parse(&body(&format!(
            r#"{{"email": "Ana@Clinic.example", "name": " Ana ", "role": "doctor", "doctor_uid": "{doctor}"}}"#
        )))
        .unwrap();
        assert_eq!(s.email.as_str(), "ana@clinic.example");
        assert_eq!(s.name, "Ana");
        assert_eq!(s.role, StaffRole::Doctor(doctor.clone()));
        let admin = CreateStaff::parse(&body(
            r#"{"email": "b@c.de", "name": "B", "role": "admin"}"#,
        ))
        .unwrap();
        assert_eq!(admin.role, StaffRole::Admin);
        let assistant = CreateStaff::parse(&body(
            r#"{"email": "m@c.de", "name": "M", "role": "medical_assistant"}"#,
        ))
        .unwrap();
        assert_eq!(assistant.role, StaffRole::MedicalAssistant);
        assert_eq!(assistant.role.doctor(), None);
        let cases = [
            (r#"{"name": "B", "role": "admin"}"#.to_owned(), "email"),
            (
                r#"{"email": "nope", "name": "B", "role": "admin"}"#.to_owned(),
                "email",
            ),
            (r#"{"email": "b@c.de", "role": "admin"}"#.to_owned(), "name"),
            (r#"{"email": "b@c.de", "name": "B"}"#.to_owned(), "role"),
            (
                r#"{"email": "b@c.de", "name": "B", "role": "owner"}"#.to_owned(),
                "role",
            ),
            (
                r#"{"email": "b@c.de", "name": "B", "role": "doctor"}"#.to_owned(),
                "doctor_uid",
            ),
            (
                format!(
                    r#"{{"email": "b@c.de", "name": "B", "role": "admin", "doctor_uid": "{doctor}"}}"#
                ),
                "doctor_uid",
            ),
        ];
        for (json, field) in cases {
            assert_eq!(
                CreateStaff::parse(&body(&json)).unwrap_err().field(),
                Some(field),
                "{json}"
            );
        }
    }

    #[test]
    fn an_update_changes_only_what_it_names() {
        assert_eq!(
            UpdateStaff::parse(&body("{}")).unwrap(),
            UpdateStaff::default()
        );
        let off = UpdateStaff::parse(&body(r#"{"active": false}"#)).unwrap();
        assert_eq!(off.active, Some(false));
        assert_eq!(
            UpdateStaff::parse(&body(r#"{"active": "no"}"#))
                .unwrap_err()
                .field(),
            Some("active")
        );
        let doctor = DoctorUid::new(&[3; 16]);
        assert_eq!(
            UpdateStaff::parse(&body(&format!(r#"{{"doctor_uid": "{doctor}"}}"#)))
                .unwrap_err()
                .field(),
            Some("doctor_uid")
        );
        assert_eq!(
            UpdateStaff::parse(&body(r#"{"name": " "}"#)).unwrap().name,
            None
        );
        assert_eq!(
            UpdateStaff::parse(&body(r#"{"name": 5}"#))
                .unwrap_err()
                .field(),
            Some("name")
        );
    }

    #[test]
    fn sign_in_needs_an_email_and_a_session_a_token() {
        assert!(RequestSignIn::parse(&body(r#"{"email": "a@b.co"}"#)).is_ok());
        assert_eq!(
            RequestSignIn::parse(&body(r#"{"email": 3}"#))
                .unwrap_err()
                .field(),
            Some("email")
        );
        assert_eq!(
            OpenSession::parse(&body(r#"{"token": " "}"#))
                .unwrap_err()
                .field(),
            Some("token")
        );
    }
}
