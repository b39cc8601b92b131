//! Every `error.code` the API can answer, in one enum.
//!
//! The worker renders each error with one of these, and a test keeps the
//! OpenAPI document's list of codes equal to [`ErrorCode::ALL`], so a code
//! can be neither answered undocumented nor documented and never answered.

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A machine-readable error code, stable across releases.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    InvalidRequest => "invalid_request",
    MalformedJson => "malformed_json",
    WebsocketExpected => "websocket_expected",
    Unauthorized => "unauthorized",
    MissingScope => "missing_scope",
    NotThisDoctor => "not_this_doctor",
    CrossSiteRequest => "cross_site_request",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    Gone => "gone",
    InvalidTransition => "invalid_transition",
    DoctorBusy => "doctor_busy",
    AssistantBusy => "assistant_busy",
    NoIntakeStep => "no_intake_step",
    FreeDurationOff => "free_duration_off",
    IdempotencyKeyReused => "idempotency_key_reused",
    RevokingOwnKey => "revoking_own_key",
    SlotUnavailable => "slot_unavailable",
    SlotTaken => "slot_taken",
    NoticeTooShort => "notice_too_short",
    HoldExpired => "hold_expired",
    AlreadyCheckedIn => "already_checked_in",
    RebookingMode => "rebooking_mode",
    NotStarted => "not_started",
    SecretRevoked => "secret_revoked",
    MrnTaken => "mrn_taken",
    StaffEmailTaken => "staff_email_taken",
    DeactivatingSelf => "deactivating_self",
    IdentifierTaken => "identifier_taken",
    PatientConflict => "patient_conflict",
    EpisodeOfAnotherPatient => "episode_of_another_patient",
    TemplateNotForShop => "template_not_for_shop",
    PreconditionFailed => "precondition_failed",
    PreconditionRequired => "precondition_required",
    LengthRequired => "length_required",
    ReportNotReady => "report_not_ready",
    SubscriptionDisabled => "subscription_disabled",
    LimitReached => "limit_reached",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    RateLimited => "rate_limited",
    TooManyHolds => "too_many_holds",
    Internal => "internal",
    Misconfigured => "misconfigured",
    StorageMigrationFailed => "storage_migration_failed",
    DatabaseUnavailable => "database_unavailable",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }
    /// Written out inside `Error`, where readers look for the codes.
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": r#"Machine-readable; stable across releases.

| status | code |
|---|---|
| 400 | `invalid_request`, `malformed_json`, `websocket_expected` |
| 401 | `unauthorized` |
| 403 | `missing_scope`, `not_this_doctor` |
| 404 | `not_found` |
| 405 | `method_not_allowed` |
| 409 | `invalid_transition`, `doctor_busy`, `assistant_busy`, `no_intake_step`, `free_duration_off`, `idempotency_key_reused`, `revoking_own_key`, `slot_unavailable`, `slot_taken`, `notice_too_short`, `hold_expired`, `already_checked_in`, `rebooking_mode`, `not_started`, `limit_reached`, `secret_revoked`, `mrn_taken`, `identifier_taken`, `patient_conflict`, `subscription_disabled` |
| 410 | `gone` (an ended visit's link or watch socket) |
| 413 | `payload_too_large` |
| 415 | `unsupported_media_type` |
| 429 | `rate_limited`, `too_many_holds` (with `Retry-After`) |
| 500 | `internal`, `misconfigured`, `storage_migration_failed` |"#,
            "enum": ErrorCode::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        })
    }
}

/// The body of every error answer, `{"error": {"code", "message", "field"?}}`,
/// as the document shows it.
#[cfg(feature = "schema")]
pub struct ErrorBody;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorBody {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Error".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": r#"Every error has this body. Messages name fields, scopes and kinds of object, never values the caller sent."#,
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": {
                        "code": g.subschema_for::<ErrorCode>(),
                        "message": {
                            "type": "string",
                            "description": r#"Human-readable explanation."#,
                        },
                        "field": {
                            "type": "string",
                            "description": r#"The body field, query parameter or header at fault (in a patient record, the JSON path of the field, such as `telecom[0].value` or `identifiers[1].system`; in a combined request, prefixed `patient.` or `appointment.`), on 400 `invalid_request` and on a 404 caused by a body field or query parameter (e.g. `shop_uid`, `preferred_doctor_uid`, `doctor_uid`, `appointment_type_uid`). Absent when the path names the missing object."#,
                        },
                    },
                },
            },
            "example": {
                "error": {
                    "code": "invalid_request",
                    "message": "`shop_uid` is required",
                    "field": "shop_uid",
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The document lists exactly the codes the API can answer.
    #[test]
    fn openapi_lists_every_error_code() {
        let doc: serde_json::Value =
            serde_json::from_str(include_str!("../../web/v1/openapi.json"))
                .expect("web/v1/openapi.json parses");
        let listed: BTreeSet<&str> = doc["components"]["schemas"]["Error"]["properties"]["error"]
            ["properties"]["code"]["enum"]
            .as_array()
            .expect("the Error schema lists its codes")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let ours: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(listed, ours);
    }

    #[test]
    fn codes_are_unique_and_serialise_as_their_text() {
        let unique: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(unique.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }
}
