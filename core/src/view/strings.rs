//! The shapes of strings that views carry as `String` (ids minted by the
//! worker, secrets shown once, statuses kept as text), named so the
//! document describes each once. Patterns come from the prefixes and
//! lengths the worker mints with.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::api_doc::schema::{minted_pattern, schema_type};
use crate::auth::KEY_PREFIX;
use crate::ids::RANDOM_LEN;

schema_type!(
    KeyId,
    json_schema!({
        "type": "string",
        "pattern": minted_pattern("key_"),
        "description": "An API key's public id; the full key embeds it (`fdk_{id}_{secret}` has id `key_{id}`).",
        "example": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g"
    })
);

schema_type!(
    ApiKeySecret,
    json_schema!({
        "type": "string",
        "pattern": format!("^{KEY_PREFIX}[0-9a-v]{{{RANDOM_LEN}}}_[0-9a-v]{{52}}$"),
        "description": "A full API key, to send in `X-API-Key`. Only a hash of it is stored, so it is shown once, when created.",
        "example": "fdk_4e6g8i0k2m4o6q8s0u2a4c6e8g_0123456789abcdefghijklmnopqrstuv0123456789abcdefghij"
    })
);

schema_type!(
    BookingSecretKeyId,
    json_schema!({
        "type": "string",
        "pattern": minted_pattern("bk_"),
        "description": "A booking secret's public id: the `kid` header of the tokens signed with it.",
        "example": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p"
    })
);

schema_type!(
    BookingSecretValue,
    json_schema!({
        "type": "string",
        "pattern": "^bks_[A-Za-z0-9_-]{43}$",
        "description": "The secret value: `bks_` + 32 random bytes in unpadded base64url. Sign booking tokens with its UTF-8 bytes, as is (HMAC-SHA256). Keep it on your backend.",
        "example": "bks_qTmxeBAUJD1IqBrc-Kwwtj0eNZM_J_rGt70_1F6UkGk"
    })
);

schema_type!(
    WebhookSubscriptionId,
    json_schema!({
        "type": "string",
        "pattern": minted_pattern("whs_"),
        "description": "A webhook subscription, minted by Frontdesk: `whs_` + 26 characters of lowercase base32 (`0-9`, `a-v`).",
        "example": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h"
    })
);

schema_type!(
    WebhookDeliveryId,
    json_schema!({
        "type": "string",
        "pattern": format!("^msg_[0-9a-v]{{{RANDOM_LEN}}}_[0-9a-v]{{{RANDOM_LEN}}}$"),
        "description": "One event's delivery to one subscription: `msg_{event random part}_{subscription random part}`. Sent as the `webhook-id` header, the same on every retry and redelivery, so a receiver processes each id once.",
        "example": "msg_0p2r4t6v8b0d2f4h6j8l0n2q4s_3f5h7j9l1n3p5r7t9v1b3d5f7h"
    })
);

schema_type!(
    WebhookSecret,
    json_schema!({
        "type": "string",
        "pattern": "^whsec_[A-Za-z0-9+/]{32}$",
        "description": "The subscription's signing secret, as the Standard Webhooks specification has it: `whsec_` + the standard base64 of 24 random bytes. The HMAC key is those 24 bytes (base64-decode what follows `whsec_`). Returned once, when the subscription is created; stored sealed (ChaCha20-Poly1305 under a Worker secret) and never shown again. To change it, create a new subscription and delete the old one.",
        "example": "whsec_X67ezBjRfe3SbWOIdUX26EnTQgn35kCS"
    })
);

schema_type!(
    EventId,
    json_schema!({
        "type": "string",
        "pattern": minted_pattern("evt_"),
        "description": "An event, minted by the shop that published it: `evt_` + 26 characters of lowercase base32 (`0-9`, `a-v`). One event has one id, whichever subscriptions it is delivered to.",
        "example": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s"
    })
);

schema_type!(
    WebhookHeaders,
    json_schema!({
        "type": "object",
        "maxProperties": crate::wire::webhook::MAX_CUSTOM_HEADERS,
        "propertyNames": {
            "pattern": "^[A-Za-z0-9_-]{1,64}$",
            // The names Frontdesk sets itself, in any case.
            "not": { "pattern": format!("^(?:{}-.*|{})$", any_case("webhook"), ["content-type", "content-length", "host", "user-agent"].map(any_case).join("|")) },
        },
        // One line: no control characters but tab.
        "additionalProperties": { "type": "string", "maxLength": 1024, "pattern": "^[^\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]*$" },
        "description": "Custom headers sent with every delivery, e.g. a token your endpoint checks: up to 20 names of 1 to 64 letters, digits, `-` and `_`, each mapped to a string of at most 1024 bytes without line breaks. Names starting with `webhook-` and `Content-Type`, `Content-Length`, `Host` and `User-Agent` (any case) are reserved. Anything else is 400 with `field: headers`.",
        "example": { "X-Partner": "acme" },
    })
);

/// `name` in either case, letter by letter (`[Hh][Oo][Ss][Tt]`), as JSON
/// Schema's patterns have no case-insensitive flag.
fn any_case(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

schema_type!(
    WebhookDeliveryStatus,
    json_schema!({
        "type": "string",
        "enum": [
            "pending",
            "delivered",
            "failed",
            "cancelled"
        ],
        "description": "| status | |\n|---|---|\n| `pending` | Not acknowledged yet; the next attempt is at `next_attempt_at` (while the subscription is disabled, it waits) |\n| `delivered` | The endpoint answered 2xx |\n| `failed` | Given up after the last retry, or the endpoint answered 410 Gone (which also disabled the subscription) |\n| `cancelled` | Not attempted again: the subscription was deleted, or disabled by a 410 while this delivery was pending |\n\nAny delivery can be sent again with `POST .../redeliver`."
    })
);

schema_type!(
    MessageStatus,
    json_schema!({
        "type": "string",
        "anyOf": [
            {
                "enum": [
                    "queued",
                    "sent",
                    "stored_locally",
                    "no_address",
                    "provider_unreachable",
                    "provider_misconfigured"
                ]
            },
            {
                "pattern": "^provider_error_[0-9]{3}$"
            }
        ],
        "description": "| status | |\n|---|---|\n| `queued` | Not handled yet (the organisation's notifier handles messages within moments) |\n| `sent` | The provider (`EMAIL_API_URL` / `SMS_API_URL`) answered 2xx |\n| `stored_locally` | No provider is configured for the channel (as under `make dev`): the message stays here, in the local outbox, as if sent |\n| `no_address` | The recipient has no address for the channel (see the operation) |\n| `provider_error_NNN` | The provider answered HTTP status NNN (e.g. `provider_error_500`) |\n| `provider_unreachable` | The provider could not be reached |\n| `provider_misconfigured` | The provider URL is not a valid URL |\n\nEvery status but `queued` is final: messages are not retried.",
        "example": "stored_locally"
    })
);
