//! The one error type of the worker, mapped once to a status and a JSON body:
//! `{"error": {"code": "...", "message": "...", "field": "..."}}`.
//!
//! Messages name fields, scopes and kinds of object, never values: nothing a
//! caller sent (a key, a patient's reason for visiting) is echoed back or
//! logged.

use frontdesk_core::auth::Scope;
pub use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::queue::QueueError;
use frontdesk_core::stage::StageError;
use frontdesk_core::watch::WatchTokenError;
use frontdesk_core::wire::WireError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::json;
use worker::{console_error, Response};

#[derive(Debug)]
pub enum ApiError {
    BadRequest {
        code: ErrorCode,
        /// The offending field, or its path inside the body.
        field: Option<String>,
        message: String,
    },
    Unauthorized(&'static str),
    MissingScope(Scope),
    /// Authenticated and scoped, but not allowed this particular object.
    Forbidden {
        code: ErrorCode,
        message: &'static str,
    },
    NotFound {
        what: &'static str,
        field: Option<&'static str>,
    },
    MethodNotAllowed(String),
    Conflict {
        code: ErrorCode,
        message: String,
    },
    /// A documented limit of the API (subscriptions per organisation,
    /// doctors per shop) would be passed: 409 `limit_reached`, naming the
    /// field of the request that would pass it.
    LimitReached {
        field: &'static str,
        message: String,
    },
    PayloadTooLarge(usize),
    UnsupportedMediaType,
    /// An upload without `Content-Length`: 411.
    LengthRequired,
    /// An upload whose first bytes are none of the types taken: 415.
    UnsupportedFileType,
    /// `If-Match` names a version that is no longer current: 412.
    PreconditionFailed(&'static str),
    /// A replace that must say which version it replaces did not: 428.
    PreconditionRequired(&'static str),
    /// A limit of the API was reached; `retry_after` is in seconds.
    TooManyRequests {
        code: ErrorCode,
        message: String,
        retry_after: u32,
    },
    /// Existed, but is over for good (an ended visit's link).
    Gone(&'static str),
    /// Something of ours failed; the detail goes to the log only.
    Internal(String),
    /// A setting or secret is missing or wrong; logged once by
    /// [`crate::config`], by name, never by value.
    Misconfigured(String),
    /// A shop's storage could not be brought to the schema version this
    /// code expects, so the shop refuses to serve rather than act on a
    /// half-made schema; the detail goes to the log only.
    StorageMigrationFailed(String),
    /// D1, the cross-organisation database, did not answer: 503 with a
    /// `Retry-After`. The hot path does not read D1, so this reaches only
    /// directory administration, listings and search.
    DatabaseUnavailable(String),
    /// An error a Durable Object decided, as it crossed the boundary: the
    /// object logged its detail, and this side renders it.
    Relayed(Relayed),
}

/// An [`ApiError`] as it crosses from a Durable Object to the worker: what
/// the response will say, and nothing the log alone may see.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Relayed {
    status: u16,
    code: ErrorCode,
    message: String,
    field: Option<String>,
    retry_after: Option<u32>,
}

impl Serialize for ApiError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (status, code, message, field) = self.parts();
        Relayed {
            status,
            code,
            message,
            field,
            retry_after: self.retry_after(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for ApiError {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Relayed::deserialize(d).map(ApiError::Relayed)
    }
}

impl ApiError {
    pub fn not_found(what: &'static str) -> Self {
        ApiError::NotFound { what, field: None }
    }

    pub fn bad_field(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code: ErrorCode::InvalidRequest,
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn parts(&self) -> (u16, ErrorCode, String, Option<String>) {
        match self {
            ApiError::BadRequest {
                code,
                field,
                message,
            } => (400, *code, message.clone(), field.clone()),
            ApiError::Unauthorized(m) => (401, ErrorCode::Unauthorized, (*m).to_owned(), None),
            ApiError::PreconditionFailed(m) => {
                (412, ErrorCode::PreconditionFailed, (*m).to_owned(), None)
            }
            ApiError::PreconditionRequired(m) => {
                (428, ErrorCode::PreconditionRequired, (*m).to_owned(), None)
            }
            ApiError::MissingScope(s) => (
                403,
                ErrorCode::MissingScope,
                format!("this API key lacks the `{s}` scope"),
                None,
            ),
            ApiError::Forbidden { code, message } => (403, *code, (*message).to_owned(), None),
            ApiError::NotFound { what, field } => (
                404,
                ErrorCode::NotFound,
                format!("{what} not found"),
                field.map(str::to_owned),
            ),
            ApiError::MethodNotAllowed(allowed) => (
                405,
                ErrorCode::MethodNotAllowed,
                format!("this path allows {allowed}"),
                None,
            ),
            ApiError::Conflict { code, message } => (409, *code, message.clone(), None),
            ApiError::LimitReached { field, message } => (
                409,
                ErrorCode::LimitReached,
                message.clone(),
                Some((*field).to_owned()),
            ),
            ApiError::PayloadTooLarge(limit) => (
                413,
                ErrorCode::PayloadTooLarge,
                format!("the body must be at most {limit} bytes"),
                None,
            ),
            ApiError::LengthRequired => (
                411,
                ErrorCode::LengthRequired,
                "send the file with a `Content-Length` header".to_owned(),
                None,
            ),
            ApiError::UnsupportedFileType => (
                415,
                ErrorCode::UnsupportedMediaType,
                "the file is not a PDF, PNG or JPEG (told by its first bytes, whatever its name): available file types are application/pdf, image/png and image/jpeg".to_owned(),
                None,
            ),
            ApiError::UnsupportedMediaType => (
                415,
                ErrorCode::UnsupportedMediaType,
                "the body must be sent as `Content-Type: application/json`".to_owned(),
                None,
            ),
            ApiError::TooManyRequests { code, message, .. } => (429, *code, message.clone(), None),
            ApiError::Gone(m) => (410, ErrorCode::Gone, (*m).to_owned(), None),
            ApiError::Internal(_) => (500, ErrorCode::Internal, "internal error".to_owned(), None),
            ApiError::Misconfigured(_) => (
                500,
                ErrorCode::Misconfigured,
                "the service is misconfigured; its operator has been told in the log".to_owned(),
                None,
            ),
            ApiError::Relayed(r) => (r.status, r.code, r.message.clone(), r.field.clone()),
            ApiError::DatabaseUnavailable(_) => (
                503,
                ErrorCode::DatabaseUnavailable,
                "the organisation database is unavailable; try again shortly".to_owned(),
                None,
            ),
            ApiError::StorageMigrationFailed(_) => (
                500,
                ErrorCode::StorageMigrationFailed,
                "this shop's storage could not be updated, so the shop is refusing requests; \
                 its operator has been told in the log"
                    .to_owned(),
                None,
            ),
        }
    }

    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            ApiError::Relayed(r) => r.retry_after,
            ApiError::DatabaseUnavailable(_) => Some(DATABASE_RETRY_SECONDS),
            _ => None,
        }
    }

    /// Logs the detail that the response leaves out, for the errors that
    /// have one.
    pub fn log(&self) {
        match self {
            ApiError::Internal(detail) => console_error!("internal error: {detail}"),
            ApiError::StorageMigrationFailed(detail) => {
                console_error!("shop storage migration failed: {detail}")
            }
            ApiError::DatabaseUnavailable(detail) => console_error!("D1 unavailable: {detail}"),
            _ => {}
        }
    }

    pub fn into_response(self) -> Response {
        self.log();
        let (status, code, message, field) = self.parts();
        let mut error = json!({ "code": code, "message": message });
        if let Some(field) = field {
            error["field"] = json!(field);
        }
        let retry_after = self.retry_after();
        let resp = Response::from_json(&json!({ "error": error }))
            .map(|r| r.with_status(status))
            .and_then(|r| {
                if let Some(seconds) = retry_after {
                    r.headers().set("Retry-After", &seconds.to_string())?;
                }
                Ok(r)
            });
        // Serialising a small JSON value does not fail in practice; if it
        // ever does, an empty 500 still answers the request.
        resp.unwrap_or_else(|_| Response::builder().with_status(500).empty())
    }
}

/// The `Retry-After` of a 503 `database_unavailable`, in seconds.
pub const DATABASE_RETRY_SECONDS: u32 = 5;

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::Internal(format!("JSON: {e}"))
    }
}

impl From<WireError> for ApiError {
    fn from(e: WireError) -> Self {
        let code = match e {
            WireError::MalformedJson(_) | WireError::NotAnObject => ErrorCode::MalformedJson,
            _ => ErrorCode::InvalidRequest,
        };
        ApiError::BadRequest {
            code,
            field: e.field().map(str::to_owned),
            message: e.to_string(),
        }
    }
}

impl From<QueueError> for ApiError {
    fn from(e: QueueError) -> Self {
        ApiError::conflict(ErrorCode::InvalidTransition, e.to_string())
    }
}

impl From<StageError> for ApiError {
    fn from(e: StageError) -> Self {
        ApiError::conflict(ErrorCode::InvalidTransition, e.to_string())
    }
}

impl From<WatchTokenError> for ApiError {
    fn from(e: WatchTokenError) -> Self {
        ApiError::Unauthorized(match e {
            WatchTokenError::Expired => "the watch link has expired",
            _ => "the watch link is not valid",
        })
    }
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;
