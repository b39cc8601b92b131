//! The edge of a request: reading a bounded JSON body and writing JSON.

use frontdesk_core::wire::{Body, Query};
use futures_util::StreamExt;
use serde::Serialize;
use worker::{Request, Response};

use crate::error::{ApiError, ApiResult};

/// The largest body accepted. Every body of this API is a small JSON object.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Reads the request body as a JSON object, refusing oversized (413) and
/// non-JSON (415) bodies before parsing.
pub async fn json_body(req: &mut Request) -> ApiResult<Body> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    // PATCH bodies are JSON merge patches (RFC 7396), sent as either type.
    let json_like = essence.eq_ignore_ascii_case("application/json")
        || essence.eq_ignore_ascii_case("application/merge-patch+json");
    if !json_like {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("Content-Length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    Ok(Body::parse(&bounded_bytes(req).await?)?)
}

/// The body's bytes, counted as they arrive: a chunked body has no
/// Content-Length, so reading stops (413) at the first chunk past the
/// limit instead of buffering whatever was sent.
async fn bounded_bytes(req: &mut Request) -> ApiResult<Vec<u8>> {
    let Some(mut stream) = req.stream().ok() else {
        // No body at all.
        return Ok(Vec::new());
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if bytes.len().saturating_add(chunk.len()) > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

pub fn json<T: Serialize>(status: u16, value: &T) -> ApiResult<Response> {
    Ok(Response::from_json(value)?.with_status(status))
}

/// The optional `Idempotency-Key` header: a retried request with the same
/// key gets the first response and changes nothing.
pub fn idempotency_key(req: &Request) -> ApiResult<Option<String>> {
    match req.headers().get("Idempotency-Key")? {
        None => Ok(None),
        Some(k)
            if (1..=255).contains(&k.len()) && k.bytes().all(|b| (0x21..=0x7e).contains(&b)) =>
        {
            Ok(Some(k))
        }
        Some(_) => Err(ApiError::bad_field(
            "Idempotency-Key",
            "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
        )),
    }
}

/// The query string, as parameters that name themselves in errors.
pub fn query(req: &Request) -> ApiResult<Query> {
    let url = req.url()?;
    Ok(Query::new(
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    ))
}

/// Refuses anything but a whole WebSocket upgrade (RFC 6455: `Upgrade:
/// websocket`, a `Sec-WebSocket-Key`, version 13) with 400
/// `websocket_expected`, before an object accepts a socket the runtime
/// would then refuse in plain text.
pub fn websocket_upgrade(req: &Request) -> ApiResult<()> {
    let headers = req.headers();
    let upgrade = headers.get("Upgrade")?.unwrap_or_default();
    let key = headers.get("Sec-WebSocket-Key")?.unwrap_or_default();
    let version = headers.get("Sec-WebSocket-Version")?.unwrap_or_default();
    if upgrade.eq_ignore_ascii_case("websocket") && !key.trim().is_empty() && version.trim() == "13"
    {
        Ok(())
    } else {
        Err(ApiError::BadRequest {
            code: crate::error::ErrorCode::WebsocketExpected,
            field: None,
            message: "this endpoint only accepts a WebSocket upgrade".into(),
        })
    }
}

/// `http(s)://host[:port]` as the caller reached us, for links back to us.
pub fn origin(req: &Request) -> ApiResult<String> {
    let url = req.url()?;
    let host = url.host_str().unwrap_or("localhost");
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let scheme = if url.scheme() == "https" {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{authority}"))
}

/// An upload's declared length: required (R2 stores a known length; 411
/// otherwise) and at most `max` (413, before anything is read).
pub fn declared_length(req: &Request, max: u64) -> ApiResult<u64> {
    let declared = req
        .headers()
        .get("Content-Length")?
        .ok_or(ApiError::LengthRequired)?
        .trim()
        .parse::<u64>()
        .map_err(|_| ApiError::LengthRequired)?;
    if declared > max {
        return Err(ApiError::PayloadTooLarge(
            usize::try_from(max).unwrap_or(usize::MAX),
        ));
    }
    Ok(declared)
}

/// An upload's bytes, counted again while read, so a body longer than it
/// said stops at `max`.
pub async fn read_upload(req: &mut Request, declared: u64, max: u64) -> ApiResult<Vec<u8>> {
    let too_large = || ApiError::PayloadTooLarge(usize::try_from(max).unwrap_or(usize::MAX));
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(max)).unwrap_or(0));
    if let Ok(mut stream) = req.stream() {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            if u64::try_from(bytes.len() + chunk.len()).unwrap_or(u64::MAX) > max {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
    }
    Ok(bytes)
}
