//! Typed requests to Durable Objects: the one way the worker talks to the
//! Shop and the Directory, and the one way those objects answer.
//!
//! A request is a type that names its reply ([`ObjectRequest`]). On the
//! wire it is `POST https://{object}/{RequestName}` with the request as its
//! JSON body and the organisation in [`ORG_HEADER`]; the object answers
//! `{"Ok": reply}` or `{"Err": error}`, the error serialised as
//! [`ApiError`] and rendered to HTTP once, at the worker's edge.
//! [`requests!`](crate::requests) writes each object's list of requests.

use frontdesk_core::ids::OrgUid;
use serde::de::DeserializeOwned;
use serde::Serialize;
use worker::wasm_bindgen::JsValue;
use worker::{Headers, Method, Request, RequestInit, Response};

use crate::error::{ApiError, ApiResult};

/// Carries the organisation's uid on every internal request.
pub(crate) const ORG_HEADER: &str = "X-Frontdesk-Org";

/// A request an object answers with `Reply`; `Op` is the object's list of
/// requests, which its dispatch matches on.
pub trait ObjectRequest: Serialize + DeserializeOwned {
    type Reply: Serialize + DeserializeOwned;
    type Op: std::fmt::Debug + Copy + PartialEq;
    const OP: Self::Op;
    /// `/{RequestName}`.
    const PATH: &'static str;
}

/// One list of every request an object knows: its reply type and how the
/// object runs it. It makes the object's `Op` enum (the object's dispatch
/// matches on it, so a new request does not compile until the object
/// answers it), and each request's `impl ObjectRequest`. `Kind` is the
/// object's own enum of how it runs a request.
#[macro_export]
macro_rules! requests {
    ($($request:ident => $reply:ty, $kind:ident;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Op {
            $($request,)*
        }

        impl Op {
            pub const ALL: &'static [Op] = &[$(Op::$request,)*];

            /// The request's path on the object: `/Register`, ...
            pub fn path(self) -> &'static str {
                match self {
                    $(Op::$request => concat!("/", stringify!($request)),)*
                }
            }

            pub fn from_path(path: &str) -> Option<Op> {
                match path {
                    $(concat!("/", stringify!($request)) => Some(Op::$request),)*
                    _ => None,
                }
            }

            pub fn kind(self) -> Kind {
                match self {
                    $(Op::$request => Kind::$kind,)*
                }
            }
        }

        $(impl $crate::object::ObjectRequest for $request {
            type Reply = $reply;
            type Op = Op;
            const OP: Op = Op::$request;
            const PATH: &'static str = concat!("/", stringify!($request));
        })*
    };
}

/// Sends `request` to the object behind `stub` and returns its reply, or
/// the error the object decided.
pub async fn send<R: ObjectRequest>(
    stub: &worker::Stub,
    org: &OrgUid,
    request: &R,
) -> ApiResult<R::Reply> {
    let headers = Headers::new();
    headers.set("Content-Type", "application/json")?;
    headers.set(ORG_HEADER, org.as_str())?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&serde_json::to_string(request)?)));
    let url = format!("https://object{}", R::PATH);
    let req = Request::new_with_init(&url, &init)?;
    let mut resp = stub.fetch_with_request(req).await?;
    let text = resp.text().await?;
    let outcome: Result<R::Reply, ApiError> = serde_json::from_str(&text)
        .map_err(|e| ApiError::Internal(format!("object reply to {:?}: {e}", R::OP)))?;
    outcome
}

/// Parses a request of type `R`, lets `decide` answer it, and serialises
/// the reply. The type annotation on `decide`'s argument ties each `Op` to
/// its request type and, through it, to its reply type; an arm that named
/// the wrong type would be refused here rather than misread a body.
pub fn answer<R: ObjectRequest>(
    op: R::Op,
    body: &str,
    decide: impl FnOnce(R) -> ApiResult<R::Reply>,
) -> ApiResult<String> {
    Ok(serde_json::to_string(&decide(parse(op, body)?)?)?)
}

/// The request `op` names, read from `body`: [`answer`]'s first half, for
/// an object whose answer needs an `await`.
pub fn parse<R: ObjectRequest>(op: R::Op, body: &str) -> ApiResult<R> {
    if R::OP != op {
        return Err(ApiError::Internal(format!(
            "{op:?} was dispatched to the request type of {:?}",
            R::OP
        )));
    }
    serde_json::from_str(body)
        .map_err(|e| ApiError::Internal(format!("bad internal request {:?}: {e}", R::OP)))
}

/// The object's answer: `{"Ok": reply}`, or `{"Err": error}`. The error's
/// detail stays in the object's log; the worker renders what the caller
/// may see.
pub fn reply(outcome: ApiResult<String>) -> worker::Result<Response> {
    let body = match outcome {
        Ok(json) => format!("{{\"Ok\":{json}}}"),
        Err(e) => {
            e.log();
            serde_json::to_string(&Err::<(), _>(e))
                .map_err(|e| worker::Error::RustError(e.to_string()))?
        }
    };
    Response::ok(body)
}
