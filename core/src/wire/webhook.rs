//! Webhook subscription bodies.

use serde_json::{Map, Value};

use super::{Body, WireError};
use crate::webhook::{Endpoint, EVENT_TYPES};

/// The most custom headers a subscription may send.
pub const MAX_CUSTOM_HEADERS: usize = 20;

/// `POST /v1/management/webhook-subscriptions` and its replacement by `PUT`.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSettings {
    /// Normalised by the WHATWG URL rules; see [`Endpoint::parse`].
    pub url: Endpoint,
    /// Known types, each once, in the order given.
    pub event_types: Vec<String>,
    /// Extra headers sent with every delivery.
    pub headers: Map<String, Value>,
    pub enabled: bool,
}

impl WebhookSettings {
    /// `allow_private` is the local-test setting of [`Endpoint::parse`].
    pub fn parse(body: &Body, allow_private: bool) -> Result<Self, WireError> {
        let url = Endpoint::parse(body.str("url")?.trim(), allow_private)
            .map_err(|e| WireError::invalid("url", e.to_string()))?;
        let event_types = match body.get("event_types") {
            Some(Value::Array(items)) if !items.is_empty() => {
                let mut types: Vec<String> = Vec::new();
                for item in items {
                    let t = item
                        .as_str()
                        .filter(|t| EVENT_TYPES.contains(t))
                        .ok_or_else(|| {
                            WireError::invalid(
                                "event_types",
                                format!("must list types from {}", EVENT_TYPES.join(", ")),
                            )
                        })?;
                    if !types.iter().any(|known| known == t) {
                        types.push(t.to_owned());
                    }
                }
                types
            }
            None => {
                return Err(WireError::Missing {
                    field: "event_types",
                })
            }
            Some(_) => {
                return Err(WireError::invalid(
                    "event_types",
                    "must be a non-empty array",
                ))
            }
        };
        let headers = match body.get("headers") {
            None => Map::new(),
            Some(Value::Object(map)) => {
                let ok = map.len() <= MAX_CUSTOM_HEADERS
                    && map.iter().all(|(name, value)| header_allowed(name, value));
                if !ok {
                    return Err(WireError::invalid(
                        "headers",
                        format!("must map up to {MAX_CUSTOM_HEADERS} header names to string values, and not set webhook-*, Content-Type or Host"),
                    ));
                }
                map.clone()
            }
            Some(_) => return Err(WireError::invalid("headers", "must be an object")),
        };
        let enabled = match body.get("enabled") {
            None => true,
            Some(_) => body.bool("enabled")?,
        };
        Ok(Self {
            url,
            event_types,
            headers,
            enabled,
        })
    }
}

/// A custom header: a token name of up to 64 characters that Frontdesk
/// does not set itself, and a single-line value of up to 1024 bytes.
fn header_allowed(name: &str, value: &Value) -> bool {
    let lower = name.to_ascii_lowercase();
    let reserved = lower.starts_with("webhook-")
        || ["content-type", "content-length", "host", "user-agent"].contains(&lower.as_str());
    let valid_name = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let valid_value = value
        .as_str()
        .is_some_and(|v| v.len() <= 1024 && !v.chars().any(|c| c.is_control() && c != '\t'));
    !reserved && valid_name && valid_value
}

/// What the document says of a subscription's settings.
#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};
    use serde_json::json;

    use super::*;
    use crate::api_doc::schema::Object;
    use crate::api_doc::webhooks::WebhookEventType;
    use crate::view::strings::WebhookHeaders;

    impl JsonSchema for WebhookSettings {
        fn schema_name() -> Cow<'static, str> {
            "WebhookSubscriptionRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let types = g.subschema_for::<WebhookEventType>();
            Object::new()
                .describe("A subscription's settings, as created or replaced (a `PUT` replaces all four: a field left out takes its default).")
                .required("url", json!({
                    "type": "string",
                    "format": "uri",
                    "maxLength": crate::webhook::MAX_URL_LEN,
                    // `https://` and a host, after the white space `trim` drops.
                    "pattern": r"^[\t\n\x0b\x0c\r ]*[Hh][Tt][Tt][Pp][Ss]://[^/?#\s]",
                    "description": "The endpoint deliveries are POSTed to (trimmed; at most 2000 characters). Must be `https://`. Refused with 400 `field: url`: other schemes (plain `http://` included), a URL without a host, and hosts the URL itself shows to be internal: `localhost` and names ending `.localhost`, `.local` or `.internal`, and private, loopback, link-local, unspecified, broadcast and shared (100.64.0.0/10) IPv4 literals and loopback, unspecified, unique-local (`fc00::/7`), link-local (`fe80::/10`) and IPv4-mapped private IPv6 literals. (Host names are not resolved.) Only where the Worker setting `ALLOW_PRIVATE_WEBHOOK_URLS` is `\"true\"`, as for local tests, are `http://` and those hosts accepted.",
                    "example": "https://hooks.example.com/frontdesk",
                }))
                .required("event_types", json!({
                    "type": "array",
                    "minItems": 1,
                    "items": types,
                    "description": "The event types to deliver; a non-empty list of types from the catalogue (400 `field: event_types` otherwise). Duplicates are dropped.",
                }))
                .opt_field::<WebhookHeaders>(g, "headers", "Custom headers for every delivery. Absent or `null`: none.")
                .optional("enabled", json!({
                    "type": "boolean",
                    "default": true,
                    "description": "Whether events are delivered; default `true` (also on `PUT`: leaving it out re-enables). While `false`, new events are not recorded for the subscription, and deliveries already pending wait and resume when it is enabled again.",
                }))
                .build()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str, allow_private: bool) -> Result<WebhookSettings, WireError> {
        WebhookSettings::parse(&Body::parse(json.as_bytes()).unwrap(), allow_private)
    }

    #[test]
    fn settings_parse_and_name_their_fields() {
        let ok = parse(
            r#"{"url":" https://Hooks.Example.com/x ","event_types":["APPOINTMENT_HELD","APPOINTMENT_HELD","patient:created"],"headers":{"X-Partner":"acme"}}"#,
            false,
        )
        .unwrap();
        assert_eq!(ok.url.as_str(), "https://hooks.example.com/x");
        assert_eq!(ok.event_types, vec!["APPOINTMENT_HELD", "patient:created"]);
        assert!(ok.enabled);
        for (json, field) in [
            (r#"{"event_types":["APPOINTMENT_HELD"]}"#, "url"),
            (r#"{"url":5,"event_types":["APPOINTMENT_HELD"]}"#, "url"),
            (
                r#"{"url":"ftp://x","event_types":["APPOINTMENT_HELD"]}"#,
                "url",
            ),
            (
                r#"{"url":"https://127.1/","event_types":["APPOINTMENT_HELD"]}"#,
                "url",
            ),
            (
                r#"{"url":"https://u:p@hooks.example.com/","event_types":["APPOINTMENT_HELD"]}"#,
                "url",
            ),
            (r#"{"url":"https://hooks.example.com/x"}"#, "event_types"),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":[]}"#,
                "event_types",
            ),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":["NOT_AN_EVENT"]}"#,
                "event_types",
            ),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":["APPOINTMENT_HELD"],"headers":{"webhook-id":"x"}}"#,
                "headers",
            ),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":["APPOINTMENT_HELD"],"headers":{"X-A":"a\nb"}}"#,
                "headers",
            ),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":["APPOINTMENT_HELD"],"headers":[]}"#,
                "headers",
            ),
            (
                r#"{"url":"https://hooks.example.com/x","event_types":["APPOINTMENT_HELD"],"enabled":"yes"}"#,
                "enabled",
            ),
        ] {
            assert_eq!(
                parse(json, false).unwrap_err().field(),
                Some(field),
                "{json}"
            );
        }
        let many: Map<String, Value> = (0..21)
            .map(|i| (format!("X-{i}"), Value::from("v")))
            .collect();
        let json = serde_json::json!({ "url": "https://hooks.example.com/x", "event_types": ["APPOINTMENT_HELD"], "headers": many }).to_string();
        assert_eq!(parse(&json, false).unwrap_err().field(), Some("headers"));
        assert!(parse(
            r#"{"url":"http://127.0.0.1:9000/hook","event_types":["APPOINTMENT_HELD"],"enabled":false}"#,
            true
        )
        .is_ok_and(|s| !s.enabled));
    }
}
