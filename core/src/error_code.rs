//! Every `error.code` the API can answer, in one enum.
//!
//! The worker renders each error with one of these, and a test keeps the
//! OpenAPI document's list of codes equal to [`ErrorCode::ALL`], so a code
//! can be neither answered undocumented nor documented and never answered.

use serde::Serialize;

macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A machine-readable error code, stable across releases.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    Gone => "gone",
    InvalidTransition => "invalid_transition",
    DoctorBusy => "doctor_busy",
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
    IdentifierTaken => "identifier_taken",
    PatientConflict => "patient_conflict",
    SubscriptionDisabled => "subscription_disabled",
    LimitReached => "limit_reached",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    RateLimited => "rate_limited",
    TooManyHolds => "too_many_holds",
    Internal => "internal",
    Misconfigured => "misconfigured",
    StorageMigrationFailed => "storage_migration_failed",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
