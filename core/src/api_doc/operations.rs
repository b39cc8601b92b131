//! What the document says about each route: summary, description,
//! parameters, request body and replies with their examples. Method, path
//! and access come from the route table; 401/403 by access, 413/415 for a
//! body, 429 and 500 are added by the generator where an entry gives none.

use super::*;
use crate::error_code::ErrorBody;
#[allow(unused_imports)]
use crate::ids::*;
use crate::routes::Route;
use crate::wire;

/// The document's entry for `route`; a new route does not compile without
/// one.
pub(super) fn operation(route: Route) -> Op {
    match route {
        Route::OpenApi => op("getOpenApi", "Meta", r#"This OpenAPI document"#)
            .describe(r#"The OpenAPI 3.1 description of every route served. Public."#)
            .reply(Reply::new("200", r#"This document."#)
                .json(inline(r#"{
  "type": "object"
}"#))),
        Route::Health => op("getHealth", "Meta", r#"Health check"#)
            .describe(r#"Answers `{"status": "ok"}` when the Worker is up. Public."#)
            .reply(Reply::new("200", r#"The Worker is up."#)
                .json(ty::<crate::view::Health>())
                .examples(r#"{
  "ok": {
    "value": {
      "status": "ok"
    }
  }
}"#)),
        Route::CreateOrganization => op("createOrganization", "Operator", r#"Create an organisation and its first admin key"#)
            .describe(r#"For the service operator only (`Authorization: Bearer <OPERATOR_TOKEN>`, a Worker secret). Creates the organisation (tenant) and, atomically with it, its first API key, named `Initial admin key`, carrying every scope. The full key is in the response and is never shown again.

`default_country` (ISO 3166-1 alpha-2, default `US`) is the country whose numbering plan reads patient phone numbers written without a country code; it is returned in the response."#)
            .body(
                Body::json(ty::<wire::CreateOrganization>())
                    .examples(r#"{
  "clinic": {
    "summary": "Default country US",
    "value": {
      "name": "Riverside Clinics"
    }
  },
  "clinic_de": {
    "summary": "Phone numbers read as German by default",
    "value": {
      "name": "Riverside Clinics",
      "default_country": "DE"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::directory::OrganizationCreated>())
                .examples(r#"{
  "created": {
    "value": {
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "name": "Riverside Clinics",
      "default_country": "US",
      "created_at": "2026-05-04T09:00:00.000Z",
      "api_key": "fdk_4e6g8i0k2m4o6q8s0u2a4c6e8g_0123456789abcdefghijklmnopqrstuv0123456789abcdefghij",
      "key_id": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "name_missing": {
    "summary": "`name` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` is required",
        "field": "name"
      }
    }
  },
  "bad_default_country": {
    "summary": "Not an ISO 3166 country code",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`default_country` must be an ISO 3166 country code such as US",
        "field": "default_country"
      }
    }
  }
}"#))
            .reply(Reply::new("401", r#"The operator token is missing or wrong (`error.code` `unauthorized`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "no_token": {
    "summary": "No operator token",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the operator token is required"
      }
    }
  }
}"#)),
        Route::CreateApiKey => op("createApiKey", "Directory", r#"Create an API key"#)
            .describe(r#"Mints a key for the caller's organisation with the given scopes, optionally bound to one doctor (`doctor_uid`), which is what lets a doctor manage their own availability. The full key (`api_key`) is in the response only; Frontdesk stores a hash of its secret."#)
            .body(
                Body::json(ty::<wire::CreateApiKey>())
                    .examples(r#"{
  "front_desk": {
    "summary": "A front-desk key",
    "value": {
      "name": "Front desk tablet",
      "scopes": [
        "waiting_room:read",
        "waiting_room:write",
        "appointments:read",
        "appointments:write"
      ]
    }
  },
  "doctor": {
    "summary": "A doctor's own key, bound to the doctor",
    "value": {
      "name": "Dr. Okafor's portal",
      "scopes": [
        "waiting_room:write",
        "appointments:read",
        "availability:write"
      ],
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::api_keys::ApiKeyCreated>())
                .examples(r#"{
  "created": {
    "summary": "An unbound key",
    "value": {
      "key_id": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
      "name": "Front desk tablet",
      "scopes": [
        "waiting_room:read",
        "waiting_room:write",
        "appointments:read",
        "appointments:write"
      ],
      "doctor_uid": null,
      "created_at": "2026-05-04T09:00:00.000Z",
      "api_key": "fdk_8h0j2l4n6p8r0t2v4b6d8f0h2j_abcdefghijklmnopqrstuv0123456789abcdefghijklmnopqrst"
    }
  },
  "doctor": {
    "summary": "A key bound to a doctor",
    "value": {
      "key_id": "key_2b4d6f8h0j2l4n6p8r0t2v4a6c",
      "name": "Dr. Okafor's portal",
      "scopes": [
        "waiting_room:write",
        "appointments:read",
        "availability:write"
      ],
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "created_at": "2026-05-04T09:00:00.000Z",
      "api_key": "fdk_2b4d6f8h0j2l4n6p8r0t2v4a6c_0123456789abcdefghijklmnopqrstuv0123456789abcdefghij"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "unknown_scope": {
    "summary": "`scopes` must list known scopes (waiting_room:read, waiting_room:write, appointments:read, appointments:write, availability:write, admin)",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`scopes` must list known scopes (waiting_room:read, waiting_room:write, appointments:read, appointments:write, availability:write, admin)",
        "field": "scopes"
      }
    }
  },
  "empty_scopes": {
    "summary": "`scopes` must be a non-empty array",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`scopes` must be a non-empty array",
        "field": "scopes"
      }
    }
  },
  "bad_doctor": {
    "summary": "`doctor_uid` is not a valid doctor uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`doctor_uid` is not a valid doctor uid",
        "field": "doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"`doctor_uid` is not a doctor of the caller's organisation (`error.code` `not_found`, `field` `doctor_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "doctor": {
    "summary": "No such doctor",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor not found",
        "field": "doctor_uid"
      }
    }
  }
}"#)),
        Route::ListApiKeys => op("listApiKeys", "Directory", r#"List API keys"#)
            .describe(r#"The organisation's keys, active and revoked, ordered by `key_id`, without their secrets."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of keys."#)
                .json(ty::<crate::view::Listing<crate::view::api_keys::ApiKey>>())
                .examples(r#"{
  "page": {
    "value": {
      "data": [
        {
          "key_id": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "name": "Initial admin key",
          "scopes": [
            "waiting_room:read",
            "waiting_room:write",
            "appointments:read",
            "appointments:write",
            "availability:write",
            "admin"
          ],
          "doctor_uid": null,
          "created_at": "2026-05-04T09:00:00.000Z",
          "revoked_at": null
        },
        {
          "key_id": "key_2b4d6f8h0j2l4n6p8r0t2v4a6c",
          "name": "Dr. Okafor's portal",
          "scopes": [
            "waiting_room:write",
            "appointments:read",
            "availability:write"
          ],
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "created_at": "2026-05-04T09:00:00.000Z",
          "revoked_at": null
        },
        {
          "key_id": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "name": "Front desk tablet",
          "scopes": [
            "waiting_room:read",
            "waiting_room:write"
          ],
          "doctor_uid": null,
          "created_at": "2026-05-04T09:00:00.000Z",
          "revoked_at": null
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is not 1 to 200 (`error.code` `invalid_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::RevokeApiKey => op("revokeApiKey", "Directory", r#"Revoke an API key"#)
            .describe(r#"Revokes a key of the caller's organisation; it stops authenticating at once. Revoking an already revoked key succeeds and keeps the first `revoked_at`. A key cannot revoke itself (409 `revoking_own_key`), so an organisation always keeps an admin key it can act with."#)
            .param(Param::Shared("KeyIdPath"))
            .reply(Reply::new("200", r#"Revoked."#)
                .json(ty::<crate::view::api_keys::ApiKeyRevoked>())
                .examples(r#"{
  "revoked": {
    "value": {
      "key_id": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
      "revoked": true
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such API key in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_found": {
    "summary": "No such API key",
    "value": {
      "error": {
        "code": "not_found",
        "message": "API key not found"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"The key named is the one making the request (`error.code` `revoking_own_key`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "own_key": {
    "summary": "Revoking the calling key",
    "value": {
      "error": {
        "code": "revoking_own_key",
        "message": "a key cannot revoke itself; use another admin key"
      }
    }
  }
}"#)),
        Route::CreateShop => op("createShop", "Directory", r#"Create a shop"#)
            .describe(r#"Creates a shop (one clinic location, with its own waiting room) in the caller's organisation."#)
            .body(
                Body::json(ty::<wire::CreateShop>())
                    .examples(r#"{
  "berlin": {
    "value": {
      "name": "Riverside Mitte",
      "address": "Invalidenstraße 1, 10115 Berlin",
      "time_zone": "Europe/Berlin"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::directory::Shop>())
                .examples(r#"{
  "created": {
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "name": "Riverside Mitte",
      "address": "Invalidenstraße 1, 10115 Berlin",
      "time_zone": "Europe/Berlin",
      "created_at": "2026-05-04T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "bad_time_zone": {
    "summary": "`time_zone` must be an IANA time zone such as Europe/Berlin",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`time_zone` must be an IANA time zone such as Europe/Berlin",
        "field": "time_zone"
      }
    }
  }
}"#)),
        Route::ListShops => op("listShops", "Directory", r#"List shops"#)
            .describe(r#"The organisation's shops, ordered by `shop_uid`."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of shops."#)
                .json(ty::<crate::view::Listing<crate::view::directory::Shop>>())
                .examples(r#"{
  "page": {
    "value": {
      "data": [
        {
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "name": "Riverside Mitte",
          "address": "Invalidenstraße 1, 10115 Berlin",
          "time_zone": "Europe/Berlin",
          "created_at": "2026-05-04T09:00:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is not 1 to 200 (`error.code` `invalid_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::GetShop => op("getShop", "Directory", r#"Get a shop"#)
            .param(Param::Shared("ShopUidPath"))
            .reply(Reply::new("200", r#"The shop."#)
                .json(ty::<crate::view::directory::Shop>()))
            .reply(Reply::new("404", r#"No such shop in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_found": {
    "summary": "No such shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found"
      }
    }
  }
}"#)),
        Route::CreateDoctor => op("createDoctor", "Directory", r#"Create a doctor"#)
            .describe(r#"Adds a doctor to a shop of the caller's organisation and mints the doctor's persistent video room, used for every consultation."#)
            .body(
                Body::json(ty::<wire::CreateDoctor>())
                    .examples(r#"{
  "doctor": {
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "name": "Dr. Amara Okafor"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::directory::Doctor>())
                .examples(r#"{
  "created": {
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "name": "Dr. Amara Okafor",
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "created_at": "2026-05-04T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "bad_shop": {
    "summary": "`shop_uid` is not a valid shop uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`shop_uid` is not a valid shop uid",
        "field": "shop_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The shop is not one of the caller's organisation (`error.code` `not_found`, `field` `shop_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_found": {
    "summary": "No such shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"`limit_reached`: the shop's cap (`MAX_DOCTORS_PER_SHOP`, 200)"#)
                .json(ty::<ErrorBody>())
                .example(r#"{
  "error": {
    "code": "limit_reached",
    "field": "shop_uid",
    "message": "a shop may have at most 200 doctors"
  }
}"#)),
        Route::ListDoctors => op("listDoctors", "Directory", r#"List doctors"#)
            .describe(r#"The organisation's doctors, ordered by `doctor_uid`, optionally only those of one shop."#)
            .param(Param::query("shop_uid", false)
                .describe(r#"Only doctors of this shop (400 with `field: shop_uid` if malformed or empty; a shop of another organisation lists nothing)."#)
                .schema(ty::<ShopUid>())
                .refuses_empty())
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of doctors."#)
                .json(ty::<crate::view::Listing<crate::view::directory::Doctor>>())
                .examples(r#"{
  "page": {
    "value": {
      "data": [
        {
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "name": "Dr. Amara Okafor",
          "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "created_at": "2026-05-04T09:00:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is not 1 to 200, or `shop_uid` is malformed (`error.code` `invalid_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "bad_limit": {
    "summary": "Bad limit",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`limit` must be 1 to 200",
        "field": "limit"
      }
    }
  },
  "bad_shop": {
    "summary": "Bad shop filter",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`shop_uid` is not a valid shop uid",
        "field": "shop_uid"
      }
    }
  }
}"#)),
        Route::GetDoctor => op("getDoctor", "Directory", r#"Get a doctor"#)
            .param(Param::Shared("DoctorUidPath"))
            .reply(Reply::new("200", r#"The doctor."#)
                .json(ty::<crate::view::directory::Doctor>()))
            .reply(Reply::new("404", r#"No such doctor in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::DOCTOR_NOT_FOUND)),
        Route::Register => op("registerPatient", "Waiting room", r#"Register Patient"#)
            .describe(r#"Register a patient for the waiting room in a specific shop.

The patient joins the end of the shop's queue (first come, first served, honouring `preferred_doctor_uid`). The response adds to the reference's `queue_uid`, `position` and `estimated_wait_minutes` a signed watch link: send `wait_page_url` to the patient, whose page then follows the entry live over `watch_url`. Send an `Idempotency-Key` header to make retries safe."#)
            .param(Param::Shared("IdempotencyKey"))
            .body(
                Body::json(ty::<wire::Register>())
                    .examples(r#"{
  "reference": {
    "summary": "Request Body (waiting-room reference)",
    "description": "The waiting-room reference's own example; its ids are illustrative. Frontdesk mints ids as `shop_…`, `doc_…` and `q_…_…` (see the schemas) and answers 400 for ids not in that form.",
    "value": {
      "shop_uid": "shop-abc123",
      "patient_profile_uid": "pp-xyz789",
      "preferred_doctor_uid": "doc-456",
      "visit_reason": "Follow-up consultation"
    }
  },
  "minted_ids": {
    "summary": "With ids in Frontdesk's form",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "patient_profile_uid": "pp-xyz789",
      "preferred_doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "visit_reason": "Follow-up consultation"
    }
  },
  "minimal": {
    "summary": "Only the required fields",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "patient_profile_uid": "pp-xyz789"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Response (201 Created). Also the answer to a repeated request with the same `Idempotency-Key`."#)
                .json(ty::<crate::view::queue::Registration>())
                .examples(r#"{
  "reference": {
    "summary": "Response (201 Created), reference values plus watch links",
    "description": "The waiting-room reference's own example; its ids are illustrative. Frontdesk mints ids as `shop_…`, `doc_…` and `q_…_…` (see the schemas) and answers 400 for ids not in that form.",
    "value": {
      "queue_uid": "q-abc123",
      "position": 3,
      "estimated_wait_minutes": 15,
      "watch_url": "ws://localhost:8787/v1/waiting-room/watch?token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "wait_page_url": "http://localhost:8787/wait#token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "watch_expires_at": "2026-05-04T13:00:00.000Z"
    }
  },
  "minted_ids": {
    "summary": "With ids in Frontdesk's form",
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "position": 3,
      "estimated_wait_minutes": 15,
      "watch_url": "ws://localhost:8787/v1/waiting-room/watch?token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "wait_page_url": "http://localhost:8787/wait#token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "watch_expires_at": "2026-05-04T13:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "shop_missing": {
    "summary": "`shop_uid` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`shop_uid` is required",
        "field": "shop_uid"
      }
    }
  },
  "bad_doctor": {
    "summary": "`preferred_doctor_uid` is not a valid doctor uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`preferred_doctor_uid` is not a valid doctor uid",
        "field": "preferred_doctor_uid"
      }
    }
  },
  "long_reason": {
    "summary": "`visit_reason` must be at most 500 characters",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`visit_reason` must be at most 500 characters",
        "field": "visit_reason"
      }
    }
  },
  "bad_idempotency_key": {
    "summary": "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
        "field": "Idempotency-Key"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The shop is not one of the caller's organisation, or the preferred doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "doctor": {
    "summary": "Preferred doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "preferred_doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"The `Idempotency-Key` was already used, within 24 hours in this shop, with a different request (`error.code` `idempotency_key_reused`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "reused": {
    "summary": "Idempotency-Key reused",
    "value": {
      "error": {
        "code": "idempotency_key_reused",
        "message": "this Idempotency-Key was used with a different request"
      }
    }
  }
}"#)),
        Route::Allocate => op("allocateNextPatient", "Doctors' side", r#"Take the next patient"#)
            .describe(r#"A doctor takes the next patient of the shop's queue.

Calling this marks the doctor online (taking a patient means being at the desk), even when nobody is waiting. The doctor gets the first waiting patient in registration order that they may take: a patient who asked for another doctor is skipped for 10 minutes after registering (`PREFERRED_DOCTOR_GRACE_MINUTES`) while that doctor is online. The entry becomes `allocated` with the doctor's persistent video room, every watcher is updated, and the patient's page shows `join_url`.

**204 No Content** when nobody is waiting whom this doctor may take. **409 `doctor_busy`** while the doctor still has an allocated patient: complete (or cancel) that consultation first."#)
            .body(
                Body::json(ty::<wire::Allocate>())
                    .examples(r#"{
  "next": {
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The patient allocated to this doctor."#)
                .json(ty::<crate::view::queue::Allocated>())
                .examples(r#"{
  "allocated": {
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "status": "allocated",
      "patient_profile_uid": "pp-xyz789",
      "visit_reason": "Follow-up consultation",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "allocated_at": "2026-05-04T09:12:00.000Z",
      "stage": "in progress.exam.progress",
      "call_status": "on call"
    }
  }
}"#))
            .reply(Reply::new("204", r#"Nobody is waiting whom this doctor may take. The doctor is now marked online all the same."#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "doctor_missing": {
    "summary": "`doctor_uid` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`doctor_uid` is required",
        "field": "doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The shop is not the caller's, or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::WAITING_ROOM_UNKNOWN_SHOP))
            .reply(Reply::new("409", r#"The doctor is still in a consultation (`error.code` `doctor_busy`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "busy": {
    "summary": "Doctor busy",
    "value": {
      "error": {
        "code": "doctor_busy",
        "message": "this doctor is still in consultation q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v; complete it first"
      }
    }
  }
}"#)),
        Route::SetPresence => op("setDoctorPresence", "Doctors' side", r#"Set a doctor online or offline"#)
            .describe(r#"Records whether a doctor is at the desk. Presence feeds the estimates (the queue is shared by the doctors online) and preferred-doctor reservations (a patient is held for their preferred doctor only while that doctor is online). Every watcher gets the updated estimates. Setting the current value again is harmless."#)
            .body(
                Body::json(ty::<wire::Presence>())
                    .examples(r#"{
  "online": {
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "online": true
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"Recorded."#)
                .json(ty::<crate::view::queue::PresenceView>())
                .examples(r#"{
  "online": {
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "online": true,
      "doctors_online": 2
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "online_not_bool": {
    "summary": "`online` must be true or false",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`online` must be true or false",
        "field": "online"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The shop is not the caller's, or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::WAITING_ROOM_UNKNOWN_SHOP)),
        Route::QueueStatus => op("getQueueStatus", "Waiting room", r#"Check Queue Status"#)
            .describe(r#"Get the current status of a queue entry, including position and estimated wait time.

When a patient is allocated, video_room_id and allocated_at will be populated. Frontdesk adds `join_url`, the video call to join while allocated."#)
            .param(Param::Shared("QueueUidPath"))
            .reply(Reply::new("200", r#"Response"#)
                .json(ty::<crate::view::queue::EntryView>())
                .examples(r#"{
  "reference": {
    "summary": "Response (waiting-room reference, plus join_url)",
    "description": "The waiting-room reference's own example; its ids are illustrative. Frontdesk mints ids as `shop_…`, `doc_…` and `q_…_…` (see the schemas) and answers 400 for ids not in that form.",
    "value": {
      "queue_uid": "q-abc123",
      "status": "waiting",
      "position": 2,
      "estimated_wait_minutes": 10,
      "video_room_id": null,
      "allocated_at": null,
      "join_url": null,
      "stage": "in progress.exam.ready",
      "call_status": "waiting",
      "waiting_for": "exam"
    }
  },
  "allocated": {
    "summary": "Allocated to a doctor",
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "status": "allocated",
      "position": null,
      "estimated_wait_minutes": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "allocated_at": "2026-05-04T09:12:00.000Z",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "stage": "in progress.exam.progress",
      "call_status": "on call",
      "waiting_for": null
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such queue entry in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND)),
        Route::CancelRegistration => op("cancelRegistration", "Waiting room", r#"Cancel Registration"#)
            .describe(r#"Cancel a queue registration.

A `waiting` or `allocated` entry (a patient who leaves before or during the call) becomes `cancelled`; the patients behind move up and every watcher is updated. A `completed` or already `cancelled` entry cannot be cancelled (409 `invalid_transition`)."#)
            .param(Param::path("queue_uid")
                .describe(r#"The queue entry UID to cancel. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v""#))
            .reply(Reply::new("200", r#"Response"#)
                .json(ty::<crate::view::queue::Message>())
                .examples(r#"{
  "reference": {
    "summary": "Response (waiting-room reference)",
    "value": {
      "message": "Registration cancelled"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such queue entry in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND))
            .reply(Reply::new("409", r#"The entry is already `completed` or `cancelled` (`error.code` `invalid_transition`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "completed": {
    "summary": "Already completed",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "a completed registration cannot be cancelled"
      }
    }
  },
  "cancelled": {
    "summary": "Already cancelled",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "a cancelled registration cannot be cancelled"
      }
    }
  }
}"#)),
        Route::CompleteConsultation => op("completeConsultation", "Doctors' side", r#"Complete a consultation"#)
            .describe(r#"The doctor finishes the consultation: an `allocated` entry becomes `completed`, freeing the doctor to take the next patient. Its length (allocated → completed) joins the shop's rolling average used for estimates. If the entry came from checking in an appointment, that appointment is completed in the same step (`APPOINTMENT_COMPLETED`, history actor `system`). No request body. Any other status is 409 `invalid_transition`."#)
            .param(Param::Shared("QueueUidPath"))
            .reply(Reply::new("200", r#"The completed entry."#)
                .json(ty::<crate::view::queue::EntryView>())
                .examples(r#"{
  "completed": {
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "status": "completed",
      "position": null,
      "estimated_wait_minutes": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "allocated_at": "2026-05-04T09:12:00.000Z",
      "join_url": null,
      "stage": "completed",
      "call_status": "complete",
      "waiting_for": null
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such queue entry in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND))
            .reply(Reply::new("409", r#"The entry is not `allocated` (`error.code` `invalid_transition`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "waiting": {
    "summary": "Still waiting",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "only an allocated registration can be completed; this one is waiting"
      }
    }
  }
}"#)),
        Route::WatchUrl => op("getWatchUrl", "Waiting room", r#"Get a fresh watch link"#)
            .describe(r#"Mints a new signed watch link for an existing entry, e.g. to send the patient again after the one from registration expired. Earlier links keep working until their own expiry."#)
            .param(Param::Shared("QueueUidPath"))
            .reply(Reply::new("200", r#"A fresh link."#)
                .json(ty::<crate::view::queue::WatchLinks>())
                .examples(r#"{
  "link": {
    "value": {
      "watch_url": "ws://localhost:8787/v1/waiting-room/watch?token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "wait_page_url": "http://localhost:8787/wait#token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
      "watch_expires_at": "2026-05-04T13:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such queue entry in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND)),
        Route::CreateEpisode => op("createEpisode", "Clinical records", r#"Create an episode of care"#)
            .describe(r#"Seed 002's **Create Episode**: a new episode of care for the patient. Published as `episode:created`; recorded in the audit log (`episode.created`)."#)
            .param(Param::Shared("PatientUidPath"))
            .body(Body::json(ty::<crate::records::episode::Episode>()).examples(examples::EPISODE_REQUEST))
            .reply(Reply::new("201", r#"The episode as stored."#)
                .json(ty::<crate::view::records::Episode>())
                .examples(examples::EPISODE))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, with the offending `field`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::EPISODE_INVALID))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND)),
        Route::ListEpisodes => op("listEpisodes", "Clinical records", r#"List a patient's episodes of care"#)
            .describe(r#"Seed 002's **Get list of Episodes for patient**: the patient's episodes, ordered by `episode_uid`, paged. Recorded in the audit log (`episode.read (list)`, target the patient)."#)
            .param(Param::Shared("PatientUidPath"))
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of episodes."#)
                .json(ty::<crate::view::Listing<crate::view::records::Episode>>()))
            .reply(Reply::new("400", r#"A paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND)),
        Route::GetEpisode => op("getEpisode", "Clinical records", r#"Get an episode of care"#)
            .describe(r#"Seed 002's **Get Episode**. Recorded in the audit log (`episode.read`)."#)
            .param(Param::Shared("EpisodeUidPath"))
            .reply(Reply::new("200", r#"The episode."#)
                .json(ty::<crate::view::records::Episode>())
                .examples(examples::EPISODE))
            .reply(Reply::new("404", r#"No such episode in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::EPISODE_NOT_FOUND)),
        Route::UpdateEpisode => op("updateEpisode", "Clinical records", r#"Replace an episode of care"#)
            .describe(r#"Seed 002's **Update Episode**: the body is the whole episode, checked as when created; its patient does not change. Published as `episode:updated`; recorded in the audit log (`episode.updated`)."#)
            .param(Param::Shared("EpisodeUidPath"))
            .body(Body::json(ty::<crate::records::episode::Episode>()).examples(examples::EPISODE_REQUEST))
            .reply(Reply::new("200", r#"The episode as now stored."#)
                .json(ty::<crate::view::records::Episode>())
                .examples(examples::EPISODE))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, with the offending `field`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::EPISODE_INVALID))
            .reply(Reply::new("404", r#"No such episode in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::EPISODE_NOT_FOUND)),
        Route::EpisodeAppointments => op("listEpisodeAppointments", "Clinical records", r#"List an episode's appointments"#)
            .describe(r#"Seed 002's **Get list of Appointments for an Episode**: the episode and the appointments assigned to it, earliest first (at most 500). Read from the appointment read model, which may briefly lag an appointment booked a moment ago. Recorded in the audit log (`episode.read (appointments)`)."#)
            .param(Param::Shared("EpisodeUidPath"))
            .reply(Reply::new("200", r#"The episode and its appointments."#)
                .json(ty::<crate::view::records::EpisodeAppointments>()))
            .reply(Reply::new("404", r#"No such episode in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::EPISODE_NOT_FOUND)),
        Route::AssignEpisode => op("assignEpisode", "Clinical records", r#"Assign an appointment to an episode"#)
            .describe(r#"Seed 002's **Reassign Episode to Appointment**: puts the appointment in the episode (out of any other), or with `"episode_uid": null` out of its episode. The episode must be of the appointment's own patient. Recorded in the audit log (`appointment.episode_assigned`, outcome `ok` or `not_found`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .body(Body::json(ty::<wire::records::AssignEpisode>()))
            .reply(Reply::new("200", r#"Where the appointment now belongs."#)
                .json(ty::<crate::view::records::AppointmentEpisode>()))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `episode_uid`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such appointment, or (`field` `episode_uid`) no such episode, in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The episode is another patient's (`error.code` `episode_of_another_patient`)."#)
                .json(ty::<ErrorBody>())),
        Route::CreateNoteTemplate => op("createNoteTemplate", "Clinical records", r#"Create a visit-note template"#)
            .describe(r#"A template of the organisation's visit notes (seed 002's `template`): a `name` and a `flow` of sections, each with its questions. `shop_uids` makes it available to those shops' visits only; without it, to every shop. Templates are not changed once made (a note keeps answering the questions it was written against). At most 200 per organisation. Recorded in the audit log (`note_template.created`)."#)
            .body(Body::json(ty::<wire::records::CreateNoteTemplate>()))
            .reply(Reply::new("201", r#"The template."#)
                .json(ty::<crate::view::records::NoteTemplate>()))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `name`, `flow` or `shop_uids`; the message says which section or question)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"A shop of `shop_uids` is not the organisation's (`error.code` `not_found`, `field` `shop_uids`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The organisation has 200 templates (`error.code` `limit_reached`)."#)
                .json(ty::<ErrorBody>())),
        Route::ListNoteTemplates => op("listNoteTemplates", "Clinical records", r#"List visit-note templates"#)
            .describe(r#"The organisation's templates, ordered by `template_uid`; with `shop_uid`, only those a visit of that shop may use."#)
            .param(Param::query("shop_uid", false)
                .describe(r#"Only the templates available to this shop."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .reply(Reply::new("200", r#"The templates."#)
                .json(ty::<crate::view::records::NoteTemplates>()))
            .reply(Reply::new("404", r#"`shop_uid` is not a shop of the organisation (`error.code` `not_found`, `field` `shop_uid`)."#)
                .json(ty::<ErrorBody>())),
        Route::GetVisitNote => op("getVisitNote", "Clinical records", r#"Get a visit's note"#)
            .describe(r#"Seed 002's **Get Visit Note**: the template it answers, the answers (`question` as `[section, question]`, `response[]`) and the comments, with the note's `version`, also sent as the `ETag` header (`"v{version}"`) for `If-Match`. An appointment with no note yet has version 0, no template and no answers. Recorded in the audit log (`visit_note.read`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The note; `ETag` carries its version."#)
                .json(ty::<crate::view::records::VisitNote>())
                .headers(r#"{
  "ETag": {
    "description": "The note's version, `\"v{version}\"`, to send as `If-Match`.",
    "schema": {
      "type": "string"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::ReplaceVisitNote => op("replaceVisitNote", "Clinical records", r#"Replace a visit's answers"#)
            .describe(r#"Seed 002's **Update Visit Note**: sets the note's template and replaces all of its answers. `If-Match` must carry the `ETag` of the version the change was made against (from `GET` or the previous `PUT`); when another write came first the answer is 412 and nothing changes, so no one's answers are lost silently. Comments are kept. Recorded in the audit log (`visit_note.updated`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .param(Param::header("If-Match", true)
                .describe(r#"The note's `ETag` as last read, e.g. `"v3"` (`"v0"` before the first write). A version that is no longer current is 412."#)
                .schema(inline(r#"{
  "type": "string",
  "pattern": "^(W/)?\"v[0-9]{1,15}\"$"
}"#)))
            .body(Body::json(ty::<wire::records::ReplaceNote>()))
            .reply(Reply::new("200", r#"The note as now stored; `ETag` carries its new version."#)
                .json(ty::<crate::view::records::VisitNote>())
                .headers(r#"{
  "ETag": {
    "description": "The note's version, `\"v{version}\"`, to send as `If-Match`.",
    "schema": {
      "type": "string"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `template_uid`, `answers` (the message names the answer) or `If-Match` (not an ETag of ours))."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such appointment, or (`field` `template_uid`) no such template, in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The template is not available to the appointment's shop (`error.code` `template_not_for_shop`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("412", r#"`If-Match` names a version that is no longer current (`error.code` `precondition_failed`). Read the note again."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("428", r#"`If-Match` is missing (`error.code` `precondition_required`)."#)
                .json(ty::<ErrorBody>())),
        Route::AddNoteComment => op("addNoteComment", "Clinical records", r#"Comment on a visit's note"#)
            .describe(r#"Adds a comment (seed 002's `comments[]`: author, time, message) to the note; the author is the caller's API key or staff user. Comments do not change the note's `version`. At most 500 per note. Recorded in the audit log (`visit_note.commented`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .body(Body::json(ty::<wire::records::AddComment>()))
            .reply(Reply::new("201", r#"The note with the new comment."#)
                .json(ty::<crate::view::records::VisitNote>())
                .headers(r#"{
  "ETag": {
    "description": "The note's version, `\"v{version}\"`, to send as `If-Match`.",
    "schema": {
      "type": "string"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `message`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The note has 500 comments (`error.code` `limit_reached`)."#)
                .json(ty::<ErrorBody>())),
        Route::UploadAttachment => op("uploadAttachment", "Clinical records", r#"Attach a file to a visit"#)
            .describe(r#"Seed 002's **Upload attachment to appointment**: the body is the file itself (any `Content-Type`), with its length in `Content-Length`; `fileName` names it (its directory part and control characters are dropped; at most 255 characters; `attachment.pdf` and the like when absent). A PDF, PNG or JPEG of at most 5 MiB (5,242,880 bytes) is taken. Its type is told by its first bytes, never by its name or `Content-Type`. At most 100 attachments per visit. Stored in R2; recorded in the audit log (`attachment.uploaded`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .param(Param::query("fileName", false)
                .describe(r#"The name shown for the file."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .body(Body::media("application/octet-stream", inline(r#"{
  "type": "string",
  "format": "binary"
}"#)).describe(r#"The file's bytes."#))
            .reply(Reply::new("201", r#"The attachment."#)
                .json(ty::<crate::view::records::Attachment>()))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The visit has 100 attachments (`error.code` `limit_reached`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("411", r#"No `Content-Length` (`error.code` `length_required`): R2 stores a known length."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("413", r#"More than 5 MiB, declared or sent (`error.code` `payload_too_large`). Nothing is stored."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("415", r#"Not a PDF, PNG or JPEG by its first bytes (`error.code` `unsupported_media_type`). Nothing is stored."#)
                .json(ty::<ErrorBody>())),
        Route::ListAttachments => op("listAttachments", "Clinical records", r#"List a visit's attachments"#)
            .describe(r#"Seed 002's **Get Appointment Attachments**, oldest first, deleted ones included (`deleted`). Recorded in the audit log (`attachment.listed`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The attachments."#)
                .json(ty::<crate::view::records::Attachments>()))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::DeleteAttachment => op("deleteAttachment", "Clinical records", r#"Delete a visit's attachment"#)
            .describe(r#"Seed 002's **Delete appointment attachment**: the attachment stays listed with `deleted` true and is no longer downloaded (links already made stop working). Recorded in the audit log (`attachment.deleted`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .param(Param::path("attachment_uid")
                .describe(r#"The attachment's `attachment_uid` (`att_...`). An unknown one, or one of another appointment, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""att_8j0l2n4p6r8t0v2b4d6f8h0k2m""#))
            .reply(Reply::new("204", r#"Deleted."#))
            .reply(Reply::new("404", r#"No such appointment or attachment, or the attachment is deleted already (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::AttachmentLink => op("attachmentLink", "Clinical records", r#"A download link for an attachment"#)
            .describe(r#"A link that downloads the file with no credential, signed by Frontdesk (HMAC) and valid for `ATTACHMENT_LINK_TTL_SECONDS` (5 minutes unless set). Recorded in the audit log (`attachment.link`), and each download again (`attachment.downloaded`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .param(Param::path("attachment_uid")
                .describe(r#"The attachment's `attachment_uid` (`att_...`). An unknown one, or one of another appointment, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""att_8j0l2n4p6r8t0v2b4d6f8h0k2m""#))
            .reply(Reply::new("200", r#"The link."#)
                .json(ty::<crate::view::records::DownloadLink>()))
            .reply(Reply::new("404", r#"No such appointment or attachment, or the attachment is deleted (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::DownloadAttachment => op("downloadAttachment", "Clinical records", r#"Download an attachment by its link"#)
            .describe(r#"What a download link serves: the file, with its type and `Content-Disposition: attachment` naming it. The link is the credential."#)
            .param(Param::path("token")
                .describe(r#"The signed link's token."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .reply(Reply::new("200", r#"The file."#)
                .media("application/octet-stream", inline(r#"{
  "type": "string",
  "format": "binary"
}"#)))
            .reply(Reply::new("404", r#"The link is not one of ours, or its attachment was deleted (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("410", r#"The link has expired (`error.code` `gone`): ask for a new one."#)
                .json(ty::<ErrorBody>())),
        Route::PatientAttachments => op("patientAttachments", "Patient booking", r#"My appointment's attachments (patient)"#)
            .describe(r#"The attachments of the token holder's own appointment, as staff list them. Recorded in the audit log (`attachment.listed`)."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .reply(Reply::new("200", r#"The attachments."#)
                .json(ty::<crate::view::records::Attachments>()))
            .reply(Reply::new("404", r#"No such appointment of the token's patient (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::PatientAttachmentLink => op("patientAttachmentLink", "Patient booking", r#"A download link for my attachment (patient)"#)
            .describe(r#"A short-lived download link for an attachment of the token holder's own appointment (see `attachmentLink`)."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .param(Param::path("attachment_uid")
                .describe(r#"The attachment's `attachment_uid` (`att_...`). An unknown one, or one of another appointment, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""att_8j0l2n4p6r8t0v2b4d6f8h0k2m""#))
            .reply(Reply::new("200", r#"The link."#)
                .json(ty::<crate::view::records::DownloadLink>()))
            .reply(Reply::new("404", r#"No such appointment of the token's patient, or no such attachment (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::CreatePatientDocument => op("createPatientDocument", "Clinical records", r#"Add a patient document"#)
            .describe(r#"Seed 002's **Add Patient Document**: a named, dated set of questions and answers, kept with the patient. `dateTime` is RFC 3339 or, as seed 002 sends it, Unix seconds (2000 to 2100); it is answered in RFC 3339. Recorded in the audit log (`patient_document.created`)."#)
            .param(Param::Shared("PatientUidPath"))
            .body(Body::json(ty::<wire::records::PatientDocument>()))
            .reply(Reply::new("201", r#"The document."#)
                .json(ty::<crate::view::records::PatientDocument>()))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `name`, `dateTime` or `responses`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::ListPatientDocuments => op("listPatientDocuments", "Clinical records", r#"List a patient's documents"#)
            .describe(r#"The patient's documents, oldest first (at most 500). Recorded in the audit log (`patient_document.read`)."#)
            .param(Param::Shared("PatientUidPath"))
            .reply(Reply::new("200", r#"The documents."#)
                .json(ty::<crate::view::records::PatientDocuments>()))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::VisitsReport => op("visitsReport", "Clinical records", r#"The visits of a date range as CSV"#)
            .describe(r#"Seed 002's **Get CSV report** (`csv-data-dump`): every appointment of the organisation starting from `from` 00:00 UTC to the end of `to` (at most 366 days), one line each, in start order, as RFC 4180 CSV with a header line: `appointment_uid`, `status`, `start`, `end`, `shop_uid`, `doctor_uid`, `patient_profile_uid`, `appointment_type_uid`, `payment_mode`, `checked_in_at`, `cancellation_reason`. Streamed as it is read (1,000 rows at a time, so a report of 100,000 rows holds one page in memory). A cell that would start a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'`. Read from the appointment read model, which may briefly lag. Recorded in the audit log (`report.visits_csv`)."#)
            .param(Param::query("from", true)
                .describe(r#"The first day, `YYYY-MM-DD`."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>()))
            .param(Param::query("to", true)
                .describe(r#"The last day, `YYYY-MM-DD`, not before `from`."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>()))
            .reply(Reply::new("200", r#"The report."#)
                .media("text/csv", ty::<String>())
                .example(r#""appointment_uid,status,start,end,shop_uid,doctor_uid,patient_profile_uid,appointment_type_uid,payment_mode,checked_in_at,cancellation_reason\r\n""#))
            .reply(Reply::new("400", r#"`from` or `to` is missing or wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())),
        Route::OrderEncounterReport => op("orderEncounterReport", "Clinical records", r#"Order an encounter report"#)
            .describe(r#"Seed 002's **Set encounter-report generation in create**: the visits starting in `[from, to)` (at most 366 days, at most 100,000 visits), as the visits CSV's columns, in a ZIP locked with `password` by WinZip AES-256 (AE-2; 7-Zip, WinZip and Python's pyzipper open it; Info-ZIP's `unzip` cannot). Answered at once with status `pending`; the report's own object makes it in the background (its alarm), then it is `completed` (or `failed`, with `error`), and can be downloaded for 24 hours (`ENCOUNTER_REPORT_TTL_SECONDS`), after which its archive is deleted. The password is sealed until the report is made, then forgotten. Recorded in the audit log (`report.encounters_ordered`)."#)
            .body(Body::json(ty::<crate::records::report::EncounterOrder>()))
            .reply(Reply::new("202", r#"Ordered."#)
                .json(ty::<crate::view::records::EncounterReport>()))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `from`, `to` or `password`; the password is never repeated)."#)
                .json(ty::<ErrorBody>())),
        Route::EncounterReportStatus => op("encounterReportStatus", "Clinical records", r#"An encounter report's status"#)
            .describe(r#"Seed 002's **Check report status**: `pending`, `completed` (with `rows`, `size` and `expires_at`) or `failed` (with `error`)."#)
            .param(Param::path("report_uid")
                .describe(r#"The report's `report_uid` (`rpt_...`). An unknown one, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .reply(Reply::new("200", r#"The report."#)
                .json(ty::<crate::view::records::EncounterReport>()))
            .reply(Reply::new("404", r#"No such report in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::DownloadEncounterReport => op("downloadEncounterReport", "Clinical records", r#"Download an encounter report"#)
            .describe(r#"Seed 002's **Encounter report Download**: the ZIP of a `completed` report, until its `expires_at`. Recorded in the audit log (`report.encounters_downloaded`)."#)
            .param(Param::path("report_uid")
                .describe(r#"The report's `report_uid` (`rpt_...`)."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .reply(Reply::new("200", r#"The archive."#)
                .media("application/zip", inline(r#"{
  "type": "string",
  "format": "binary"
}"#)))
            .reply(Reply::new("404", r#"No such report in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("409", r#"The report is `pending` or `failed` (`error.code` `report_not_ready`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("410", r#"The report has expired (`error.code` `gone`): order it again."#)
                .json(ty::<ErrorBody>())),
        Route::TakeIntake => op("takeIntake", "Waiting room", r#"Take the next patient for intake"#)
            .describe(r#"A medical assistant (a `medical_assistant` staff user, or any key with `waiting_room:write`) takes the patient who has waited longest for intake in a shop with an intake step (`PUT /v1/management/shops/{shop_uid}/workflow`). The visit moves from `in progress.intake.ready` to `in progress.intake.progress` (call `on call`), the entry becomes `allocated` in a room of the visit's own, every watcher is told, and `VISIT_STAGE_CHANGED` is published. The answer's `join_url` is the assistant's visit link (it opens the room as moderator); the patient's own visit link leads into the same room.

When intake is done, `POST /v1/management/waiting-room/{queue_uid}/step` with `finish_intake` hands the patient to the doctors' queue, at its end; a doctor then takes them with `POST /v1/management/waiting-room/allocate`.

**204 No Content** when nobody waits for intake. **409 `assistant_busy`** while the caller still has a patient in intake; **409 `no_intake_step`** when the shop has no intake step (and nobody is left in its intake queue)."#)
            .body(
                Body::json(ty::<wire::TakeIntake>())
                    .examples(r#"{
  "next": {
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0"
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The patient taken in for intake."#)
                .json(ty::<crate::view::queue::Intake>())
                .examples(r#"{
  "taken": {
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "status": "allocated",
      "stage": "in progress.intake.progress",
      "call_status": "on call",
      "patient_profile_uid": "pp-xyz789",
      "visit_reason": "Follow-up consultation",
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "allocated_at": "2026-05-04T09:05:00.000Z",
      "join_url": "https://frontdesk.example/v1/visit/eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM24"
    }
  }
}"#))
            .reply(Reply::new("204", r#"Nobody waits for intake."#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, with the offending `field`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"The shop is not the caller's (`error.code` `not_found`, `field` `shop_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::WAITING_ROOM_UNKNOWN_SHOP))
            .reply(Reply::new("409", r#"The caller still has a patient in intake (`assistant_busy`), or the shop has no intake step (`no_intake_step`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "busy": {
    "summary": "Assistant busy",
    "value": {
      "error": {
        "code": "assistant_busy",
        "message": "this assistant is still taking q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v in; hand them on first"
      }
    }
  },
  "no_intake": {
    "summary": "No intake step",
    "value": {
      "error": {
        "code": "no_intake_step",
        "message": "this shop has no intake step: its patients wait for a doctor directly"
      }
    }
  }
}"#)),
        Route::MoveVisit => op("moveVisit", "Waiting room", r#"Move a visit to its next stage"#)
            .describe(r#"Moves a visit in the clinical workflow by one step (see `VisitStepRequest`), by the rules in ARCHITECTURE.md, "The visit workflow": `finish_intake` hands a patient from intake to the doctors' queue (they join it at its end, and wait again: `status` `waiting`, no room until a doctor takes them); `hold` and `resume` pause and resume the call; `discharge` and `start_discharge` move a doctor's patient through discharge (still `allocated`; complete it with `POST /v1/management/waiting-room/{queue_uid}/complete`); `sign_off` signs a completed visit. Taking a patient, completing and cancelling keep their own routes.

Every move updates the watchers (their messages carry `stage`, `call_status` and `waiting_for`), publishes `VISIT_STAGE_CHANGED`, and is in the audit log as `visit.stage:{stage}`. Any move the workflow does not allow from where the visit stands is **409 `invalid_transition`**, and nothing changes."#)
            .param(Param::Shared("QueueUidPath"))
            .body(
                Body::json(ty::<wire::VisitStep>())
                    .examples(r#"{
  "hand_on": {
    "summary": "Intake is done",
    "value": { "step": "finish_intake" }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The entry after the move."#)
                .json(ty::<crate::view::queue::EntryView>())
                .examples(r#"{
  "handed_on": {
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "status": "waiting",
      "position": 2,
      "estimated_wait_minutes": 10,
      "video_room_id": null,
      "allocated_at": null,
      "join_url": null,
      "stage": "in progress.exam.ready",
      "call_status": "on hold",
      "waiting_for": "exam"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `step`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"No such queue entry in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND))
            .reply(Reply::new("409", r#"The workflow does not allow this move from the visit's stage (`error.code` `invalid_transition`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_in_intake": {
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "a visit that is in progress.exam.ready (call waiting) cannot finish intake"
      }
    }
  }
}"#)),
        Route::GetWorkflow => op("getShopWorkflow", "Directory", r#"Get a shop's workflow"#)
            .describe(r#"Whether the shop's patients go through a medical assistant's intake before a doctor."#)
            .param(Param::Shared("ShopUidPath"))
            .reply(Reply::new("200", r#"The shop's workflow."#)
                .json(ty::<crate::view::queue::WorkflowView>())
                .examples(r#"{
  "intake": {
    "value": { "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0", "intake_step": true, "free_duration": false }
  }
}"#))
            .reply(Reply::new("404", r#"The shop is not the caller's (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::SetWorkflow => op("setShopWorkflow", "Directory", r#"Set a shop's workflow: intake, free durations"#)
            .describe(r#"With `intake_step: true`, a patient who registers or checks in from now on waits for a medical assistant (`in progress.intake.ready`) before the doctors' queue; with `false` (every shop's default) they wait for a doctor directly (`in progress.exam.ready`), as before. With `free_duration: true` the clinic may book an appointment for a length of its own (`duration_minutes`). Patients already queued keep their stage: an intake queue left when the step is turned off can still be taken (`POST /v1/management/waiting-room/intake`). In the audit log as `shop.workflow.intake_on` / `shop.workflow.intake_off`."#)
            .param(Param::Shared("ShopUidPath"))
            .body(
                Body::json(ty::<wire::Workflow>())
                    .examples(r#"{
  "on": { "value": { "intake_step": true } }
}"#),
            )
            .reply(Reply::new("200", r#"The shop's workflow now."#)
                .json(ty::<crate::view::queue::WorkflowView>()))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `intake_step`)."#)
                .json(ty::<ErrorBody>()))
            .reply(Reply::new("404", r#"The shop is not the caller's (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())),
        Route::LiveQueue => op("watchLiveQueue", "Waiting room", r#"The shop's live queue for staff (WebSocket)"#)
            .describe(r#"The doctor portal opens this as a WebSocket, with the staff session's cookie (from Frontdesk's own page: the `Origin` must be the API's) or an `X-API-Key`. A doctor's session or key sees only their own doctor's shop (403 `not_this_doctor` for another).

**Server → client**: text frames, each a JSON `LiveQueue`: every waiting patient in order (position, registration time, visit reason, the doctor they asked for), then the patients with a doctor, and the doctors online. One is sent as soon as the socket opens and another after every change in the shop's waiting room, arrivals included. Messages carry the whole queue; a client keeps the latest.

**Client → server**: any text message triggers a resync. A shop keeps at most 50 staff sockets: a 51st closes the oldest with 4001.

```json
{"entries":[{"queue_uid":"q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v","status":"waiting","position":1,"registered_at":"2026-11-02T09:00:00.000Z","visit_reason":"Follow-up","preferred_doctor_uid":null,"doctor_uid":null,"allocated_at":null,"stage":"in progress.exam.ready","call_status":"waiting","waiting_for":"exam","assistant":null}],"doctors_online":["doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"]}
```"#)
            .param(Param::query("shop_uid", true)
                .describe(r#"The shop whose queue to watch (400 with `field: shop_uid` when malformed; 404 when not the organisation's)."#)
                .schema(ty::<crate::ids::ShopUid>())
                .example(r#""shop_7vq2k1m9d3f8h0j4n6p5r2t1s0""#)
                .refuses_empty())
            .reply(Reply::new("101", r#"Switching Protocols: the WebSocket is open; the server sends `LiveQueue` text frames. The request must be a whole WebSocket handshake (`Upgrade: websocket`, `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`), as a WebSocket client sends it."#))
            .reply(Reply::new("400", r#"Not a WebSocket upgrade (`websocket_expected`), or `shop_uid` is missing or malformed (`invalid_request`). A handshake without a `Sec-WebSocket-Key` or with a version other than 13 is refused by the runtime itself, in plain text."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "no_upgrade": {
    "summary": "Plain HTTP request",
    "value": {
      "error": {
        "code": "websocket_expected",
        "message": "this endpoint only accepts a WebSocket upgrade"
      }
    }
  }
}"#)
                .media("text/plain", ty::<String>()))
            .reply(Reply::new("404", r#"The shop is not the organisation's (`field` `shop_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "shop": {
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  }
}"#))
            .extensions(r##"{
  "x-websocket": {
    "serverMessages": {
      "$ref": "#/components/schemas/LiveQueue"
    },
    "clientMessages": {
      "type": "string",
      "description": "Any text; asks for the queue again."
    }
  }
}"##),
        Route::MyTurn => op("setMyTurnContact", "Waiting room", r#"Tell me when it's my turn"#)
            .describe(r#"The wait page's opt-in: the patient leaves a mobile number (written with its country code) or an email address, and gets one SMS or email when they become next in line and one when a doctor takes them, through the organisation's providers (the local outbox, `GET /v1/management/messages`, without one). Each message goes once per entry, however often the contact is set or replaced; a patient already first in line when they opt in is told at once. The contact is kept with the queue entry only and erased when the entry ends; the message log keeps it masked. `language` picks the messages' language (and the page's, for later visits of the page).

The watch token is the credential, as `Authorization: Bearer <token>`. The same field exists on `registerPatient` as `notify_contact`, for clinics that collect it at the desk."#)
            .body(
                Body::json(ty::<wire::MyTurn>())
                    .examples(r#"{
  "sms": {
    "summary": "By SMS, in German",
    "value": {
      "contact": "+49 151 23456789",
      "language": "de"
    }
  },
  "email": {
    "summary": "By email",
    "value": {
      "contact": "ana@example.org"
    }
  },
  "withdraw": {
    "summary": "No more messages",
    "value": {
      "contact": null
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The contact now kept, masked; `notify` is `null` once withdrawn."#)
                .json(ty::<crate::view::queue::MyTurnView>())
                .examples(r#"{
  "sms": {
    "summary": "Kept",
    "value": {
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "notify": {
        "channel": "sms",
        "masked": "+4915•••••789"
      }
    }
  }
}"#))
            .reply(Reply::new("400", r#"The body is not a JSON object (`malformed_json`), or `contact` is missing or neither a phone number with its country code nor an email address (`invalid_request`, `field` `contact`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "national_number": {
    "summary": "No country code",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`contact` must be a phone number written with its country code (+…) or an email address",
        "field": "contact"
      }
    }
  }
}"#))
            .reply(Reply::new("401", r#"The watch token is missing, not valid or expired (`error.code` `unauthorized`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing": {
    "summary": "No token",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "a watch token is required"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The token's entry does not exist (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND))
            .reply(Reply::new("410", r#"The entry has ended (completed or cancelled): there is no turn left to tell of (`error.code` `gone`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "ended": {
    "summary": "Visit over",
    "value": {
      "error": {
        "code": "gone",
        "message": "this visit has ended: nothing is left to tell"
      }
    }
  }
}"#)),
        Route::Watch => op("watchQueueEntry", "Waiting room", r#"Watch a queue entry live (WebSocket)"#)
            .describe(r#"The patient's wait page opens this as a WebSocket. The signed watch token is the only credential and grants nothing but watching its one entry; it is checked when the socket opens. Offer it as a subprotocol, `Sec-WebSocket-Protocol: frontdesk.watch, <token>` (the wait page does: `new WebSocket(url, ['frontdesk.watch', token])`), and the 101 echoes `frontdesk.watch`; the older `?token=` form of `watch_url` still works.

**Server → client**: text frames, each a JSON `WatchMessage`: the entry's view plus `"type": "entry"`, without `video_room_id`. One is sent as soon as the socket opens, and another after every change in the shop's waiting room (registrations, cancellations, allocations, completions, doctors going online or offline), so position, estimate and, once allocated, `join_url` (the patient's visit link, never the room itself) stay current. Messages carry the whole view; a client keeps the latest. When the entry ends (completed or cancelled) each socket gets a last message with `"final": true` and is closed with 1000; the token then opens nothing (410).

**Client → server**: any text message (its content is ignored) triggers a resync: the server answers with the entry's current view. Send one after reconnecting or waking up.

**Limits.** An entry keeps at most 3 sockets: a 4th closes the oldest with code 4001 (`replaced by a newer connection`). Each socket may send 10 messages at once and one more every 3 seconds; messages beyond that are dropped, and after 30 dropped the socket is closed with 1008 (policy violation).

```json
{"type":"entry","queue_uid":"q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v","status":"waiting","position":2,"estimated_wait_minutes":10,"allocated_at":null,"join_url":null,"stage":"in progress.exam.ready","call_status":"waiting","waiting_for":"exam"}
```"#)
            .param(Param::query("token", false)
                .describe(r#"The signed watch token, for links from before the subprotocol form; prefer `Sec-WebSocket-Protocol`, which keeps it out of URLs and logs."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg""#)
                .refuses_empty())
            .param(Param::header("Sec-WebSocket-Protocol", false)
                .describe(r#"`frontdesk.watch, <token>`: the watch token offered as a subprotocol. The 101 answers `Sec-WebSocket-Protocol: frontdesk.watch`."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""frontdesk.watch, eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg""#))
            .param(Param::header("Upgrade", true)
                .describe(r#"Must be `websocket` (with the usual `Connection: Upgrade`, `Sec-WebSocket-Key` and `Sec-WebSocket-Version` headers)."#)
                .schema(inline(r#"{
  "type": "string",
  "const": "websocket"
}"#)))
            .reply(Reply::new("101", r#"Switching Protocols: the WebSocket is open, with `Sec-WebSocket-Protocol: frontdesk.watch` when the token was offered as a subprotocol. The server sends `WatchMessage` text frames (see the operation description); any text message from the client triggers a resync."#)
                .headers(r#"{
  "Sec-WebSocket-Protocol": {
    "description": "`frontdesk.watch`, when the client offered it.",
    "schema": {
      "type": "string",
      "const": "frontdesk.watch"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is not a WebSocket upgrade (`error.code` `websocket_expected`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "no_upgrade": {
    "summary": "Plain HTTP request",
    "value": {
      "error": {
        "code": "websocket_expected",
        "message": "this endpoint only accepts a WebSocket upgrade"
      }
    }
  }
}"#))
            .reply(Reply::new("401", r#"The token is missing, not valid or expired (`error.code` `unauthorized`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing": {
    "summary": "No token",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "a watch token is required"
      }
    }
  },
  "invalid": {
    "summary": "Bad signature or malformed",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the watch link is not valid"
      }
    }
  },
  "expired": {
    "summary": "Expired",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the watch link has expired"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The token's entry does not exist (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REGISTRATION_NOT_FOUND))
            .reply(Reply::new("410", r#"The entry has ended (completed or cancelled): its watch token opens nothing any more (`error.code` `gone`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "ended": {
    "summary": "Visit over",
    "value": {
      "error": {
        "code": "gone",
        "message": "this visit has ended; its watch link no longer works"
      }
    }
  }
}"#))
            .extensions(r##"{
  "x-websocket": {
    "serverMessages": {
      "$ref": "#/components/schemas/WatchMessage"
    },
    "clientMessages": {
      "type": "string",
      "description": "Any text; asks for the entry's current view."
    }
  }
}"##),
        Route::Visit => op("openVisit", "Waiting room", r#"Follow a per-visit link"#)
            .describe(r#"The one link a patient needs (`visit_url` from registration, `/watch-url` or check-in), and the doctor's own (`join_url` of an allocation). The token in the path is signed, names one visit and whose link it is, and expires with the watch link. What it does depends on the visit's state when it is followed:

- **waiting** (patient): 303 to the wait page, `/wait#token=<fresh watch token>`, which updates live;
- **allocated**: 302 into the visit's room, `{JITSI_BASE_URL}/{room}`, with `?jwt=<token>` when `JITSI_AUTH` is `hs256` or `rs256`: a Jitsi token for that room only, valid one hour, `context.user.moderator` false for the patient and true for the doctor;
- **completed or cancelled**: 410 for the patient; the doctor's link always opens the visit's room, as moderator.

Redirects carry `Cache-Control: no-store` and `Referrer-Policy: no-referrer`. The room's name is never shown on a patient-facing surface other than the room itself."#)
            .param(Param::path("token")
                .describe(r#"The signed visit token."#)
                .schema(inline(r#"{
  "type": "string"
}"#)))
            .reply(Reply::new("302", r#"Into the room (allocated, or the doctor's link)."#)
                .headers(r#"{
  "Location": {
    "description": "`{JITSI_BASE_URL}/{room}`, with `?jwt=` when Jitsi token authentication is configured.",
    "schema": {
      "type": "string",
      "format": "uri"
    },
    "example": "https://meet.jit.si/fd-room-9k3m5p7r9t1v3b5d7f9h1k3m5p"
  }
}"#))
            .reply(Reply::new("303", r#"To the wait page (the patient is still waiting)."#)
                .headers(r#"{
  "Location": {
    "description": "`/wait#token=<watch token>`.",
    "schema": {
      "type": "string",
      "format": "uri"
    }
  }
}"#))
            .reply(Reply::new("401", r#"The link is malformed or its signature is not valid (`error.code` `unauthorized`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "bad": {
    "summary": "Tampered link",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the visit link is not valid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The visit does not exist (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing": {
    "summary": "Unknown visit",
    "value": {
      "error": {
        "code": "not_found",
        "message": "visit not found"
      }
    }
  }
}"#))
            .reply(Reply::new("410", r#"The visit has ended, or the link has expired (`error.code` `gone`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "ended": {
    "summary": "Visit over",
    "value": {
      "error": {
        "code": "gone",
        "message": "this visit has ended"
      }
    }
  },
  "expired": {
    "summary": "Link expired",
    "value": {
      "error": {
        "code": "gone",
        "message": "this visit link has expired"
      }
    }
  }
}"#)),
        Route::GetOrganizationSettings => op("getOrganizationSettings", "Directory", r#"Read the organisation's settings"#)
            .describe(r#"The organisation's meeting-room strategy."#)
            .reply(Reply::new("200", r#"The settings."#)
                .json(ty::<crate::visit::OrganizationSettings>())
                .example(r#"{
  "meeting_rooms": "persistent_per_provider"
}"#)),
        Route::UpdateOrganizationSettings => op("updateOrganizationSettings", "Directory", r#"Change the organisation's settings"#)
            .describe(r#"Sets the meeting-room strategy for visits allocated from now on; visits already allocated keep their room. The change is written to the audit log (`organization.settings.updated`)."#)
            .body(
                Body::json(ty::<crate::visit::OrganizationSettings>())
                    .example(examples::MEETING_ROOMS),
            )
            .reply(Reply::new("200", r#"The settings now in force."#)
                .json(ty::<crate::visit::OrganizationSettings>())
                .example(examples::MEETING_ROOMS))
            .reply(Reply::new("400", r#"`meeting_rooms` is missing or not a known strategy (`error.code` `invalid_request`, `field` `meeting_rooms`), or the body is not JSON (`malformed_json`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "unknown": {
    "summary": "Unknown strategy",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`meeting_rooms` must be one of persistent_per_provider, per_visit",
        "field": "meeting_rooms"
      }
    }
  }
}"#)),
        Route::CreateAppointmentType => op("createAppointmentType", "Calendar", r#"Create an appointment type"#)
            .describe(r#"Defines one kind of appointment: its duration (and the step between slots), how long a hold lasts, the minimum notice for booking, cancelling and rebooking, whether a rebooking may change doctor, the payment modes a booking may choose, and reminder rules (`reminders`: who is reminded how long before the start, and whether Frontdesk emails or texts them; see the tag Webhooks). Types cannot be changed afterwards; appointments keep the rules they were booked with."#)
            .body(
                Body::json(ty::<wire::CreateAppointmentType>())
                    .examples(r#"{
  "video": {
    "summary": "A video consultation",
    "value": {
      "name": "Video consultation",
      "duration_minutes": 30,
      "hold_ttl_seconds": 600,
      "min_booking_notice_minutes": 60,
      "min_cancel_notice_minutes": 1440,
      "min_rebook_notice_minutes": 120,
      "rebooking_mode": "any_doctor",
      "payment_modes": [
        "online",
        "insurance"
      ],
      "reminders": [
        {
          "recipient": "patient",
          "minutes_before": 1440,
          "send_email": true,
          "send_sms": false
        },
        {
          "recipient": "doctor",
          "minutes_before": 60,
          "send_email": false,
          "send_sms": true
        },
        {
          "recipient": "admin",
          "minutes_before": 15,
          "send_email": false,
          "send_sms": false
        }
      ]
    }
  },
  "minimal": {
    "summary": "Only the required fields (defaults for the rest)",
    "value": {
      "name": "Follow-up",
      "duration_minutes": 15
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::appointment_types::AppointmentType>())
                .examples(r#"{
  "created": {
    "summary": "The new type",
    "value": {
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "name": "Video consultation",
      "duration_minutes": 30,
      "hold_ttl_seconds": 600,
      "min_booking_notice_minutes": 60,
      "min_cancel_notice_minutes": 1440,
      "min_rebook_notice_minutes": 120,
      "rebooking_mode": "any_doctor",
      "payment_modes": [
        "online",
        "insurance"
      ],
      "reminders": [
        {
          "recipient": "patient",
          "minutes_before": 1440,
          "send_email": true,
          "send_sms": false
        },
        {
          "recipient": "doctor",
          "minutes_before": 60,
          "send_email": false,
          "send_sms": true
        },
        {
          "recipient": "admin",
          "minutes_before": 15,
          "send_email": false,
          "send_sms": false
        }
      ],
      "created_at": "2026-05-04T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "name_missing": {
    "summary": "`name` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` is required",
        "field": "name"
      }
    }
  },
  "duration": {
    "summary": "`duration_minutes` out of range",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`duration_minutes` must be a whole number from 5 to 480",
        "field": "duration_minutes"
      }
    }
  },
  "rebooking_mode": {
    "summary": "Unknown rebooking mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`rebooking_mode` must be same_doctor or any_doctor",
        "field": "rebooking_mode"
      }
    }
  },
  "payment_modes": {
    "summary": "Unknown payment mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`payment_modes` must list payment modes from online, at_clinic, insurance, free",
        "field": "payment_modes"
      }
    }
  },
  "payment_modes_empty": {
    "summary": "No payment mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`payment_modes` must list at least one payment mode",
        "field": "payment_modes"
      }
    }
  },
  "reminders_too_many": {
    "summary": "More than 20 reminder rules",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reminders` may hold at most 20 rules",
        "field": "reminders"
      }
    }
  },
  "reminders_recipient": {
    "summary": "A rule without a valid recipient",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reminders` each rule needs `recipient`: patient, doctor or admin",
        "field": "reminders"
      }
    }
  },
  "reminders_minutes": {
    "summary": "A rule without a valid `minutes_before`",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reminders` each rule needs `minutes_before`, a whole number of minutes",
        "field": "reminders"
      }
    }
  },
  "reminders_flags": {
    "summary": "A send flag that is not a boolean",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reminders` `send_email` and `send_sms` must be true or false",
        "field": "reminders"
      }
    }
  }
}"#)),
        Route::ListAppointmentTypes => op("listAppointmentTypes", "Calendar", r#"List appointment types"#)
            .describe(r#"The organisation's appointment types, ordered by `appointment_type_uid`."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of appointment types."#)
                .json(ty::<crate::view::Listing<crate::view::appointment_types::AppointmentType>>())
                .examples(r#"{
  "page": {
    "summary": "A page",
    "value": {
      "data": [
        {
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "name": "Video consultation",
          "duration_minutes": 30,
          "hold_ttl_seconds": 600,
          "min_booking_notice_minutes": 60,
          "min_cancel_notice_minutes": 1440,
          "min_rebook_notice_minutes": 120,
          "rebooking_mode": "any_doctor",
          "payment_modes": [
            "online",
            "insurance"
          ],
          "reminders": [
            {
              "recipient": "patient",
              "minutes_before": 1440,
              "send_email": true,
              "send_sms": false
            },
            {
              "recipient": "doctor",
              "minutes_before": 60,
              "send_email": false,
              "send_sms": true
            },
            {
              "recipient": "admin",
              "minutes_before": 15,
              "send_email": false,
              "send_sms": false
            }
          ],
          "created_at": "2026-05-04T09:00:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is not 1 to 200 (`error.code` `invalid_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::GetAppointmentType => op("getAppointmentType", "Calendar", r#"Get an appointment type"#)
            .describe(r#"One appointment type of the caller's organisation."#)
            .param(Param::Shared("AppointmentTypeUidPath"))
            .reply(Reply::new("200", r#"The appointment type."#)
                .json(ty::<crate::view::appointment_types::AppointmentType>())
                .examples(r#"{
  "type": {
    "summary": "A type",
    "value": {
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "name": "Video consultation",
      "duration_minutes": 30,
      "hold_ttl_seconds": 600,
      "min_booking_notice_minutes": 60,
      "min_cancel_notice_minutes": 1440,
      "min_rebook_notice_minutes": 120,
      "rebooking_mode": "any_doctor",
      "payment_modes": [
        "online",
        "insurance"
      ],
      "reminders": [
        {
          "recipient": "patient",
          "minutes_before": 1440,
          "send_email": true,
          "send_sms": false
        },
        {
          "recipient": "doctor",
          "minutes_before": 60,
          "send_email": false,
          "send_sms": true
        },
        {
          "recipient": "admin",
          "minutes_before": 15,
          "send_email": false,
          "send_sms": false
        }
      ],
      "created_at": "2026-05-04T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment type in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_found": {
    "summary": "No such appointment type",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment type not found"
      }
    }
  }
}"#)),
        Route::SetAvailability => op("setAvailability", "Calendar", r#"Set a doctor's availability"#)
            .describe(r#"Doctors manage their own bookable windows: replaces the doctor's whole availability, weekly recurring windows and date overrides at once, in the shop's local time (see the Calendar tag for how slots are laid out, including across daylight-saving changes). Only a key bound to this doctor (`doctor_uid` on the key) may do this, even with `availability:write`; admins read availability with `GET`.

Existing appointments are not touched: a new schedule changes only which slots are offered from now on."#)
            .param(Param::Shared("DoctorUidPath"))
            .body(
                Body::json(ty::<wire::calendar::body_schema::AvailabilityRequest>())
                    .examples(r#"{
  "week": {
    "summary": "A week with two overrides",
    "value": {
      "weekly": [
        {
          "weekday": "monday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "monday",
          "start": "13:00",
          "end": "17:00"
        },
        {
          "weekday": "wednesday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "friday",
          "start": "14:00",
          "end": "18:00"
        }
      ],
      "overrides": [
        {
          "date": "2026-12-24",
          "windows": [
            {
              "start": "09:00",
              "end": "11:00"
            }
          ]
        },
        {
          "date": "2026-12-25",
          "windows": []
        }
      ]
    }
  },
  "clear": {
    "summary": "No availability at all",
    "value": {
      "weekly": [],
      "overrides": []
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The availability as now stored."#)
                .json(ty::<crate::view::calendar::AvailabilityView>())
                .examples(r#"{
  "stored": {
    "summary": "Stored, sorted",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "weekly": [
        {
          "weekday": "monday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "monday",
          "start": "13:00",
          "end": "17:00"
        },
        {
          "weekday": "wednesday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "friday",
          "start": "14:00",
          "end": "18:00"
        }
      ],
      "overrides": [
        {
          "date": "2026-12-24",
          "windows": [
            {
              "start": "09:00",
              "end": "11:00"
            }
          ]
        },
        {
          "date": "2026-12-25",
          "windows": []
        }
      ]
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header). Window errors name `weekly` or `overrides`; the message says what is wrong and where."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "weekly_missing": {
    "summary": "`weekly` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`weekly` is required",
        "field": "weekly"
      }
    }
  },
  "bad_time": {
    "summary": "A time not as HH:MM",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`weekly` each window needs `start` as HH:MM",
        "field": "weekly"
      }
    }
  },
  "bad_weekday": {
    "summary": "Unknown weekday",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`weekly` each window needs `weekday`, e.g. monday",
        "field": "weekly"
      }
    }
  },
  "overlap": {
    "summary": "Overlapping windows",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`weekly` is not valid: windows overlap on monday: 09:00-12:00 and 11:00-13:00",
        "field": "weekly"
      }
    }
  },
  "inverted": {
    "summary": "A window that ends before it starts",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`weekly` is not valid: a window must start before it ends (monday 12:00-09:00)",
        "field": "weekly"
      }
    }
  },
  "bad_date": {
    "summary": "An override date not as YYYY-MM-DD",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`overrides` each override needs `date` as YYYY-MM-DD",
        "field": "overrides"
      }
    }
  },
  "duplicate_date": {
    "summary": "A date overridden twice",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`overrides` is not valid: 2026-12-25 is overridden twice",
        "field": "overrides"
      }
    }
  }
}"#))
            .reply(Reply::new("403", r#"The API key is valid but lacks the `availability:write` scope (`error.code` `missing_scope`). A key with the scope that is not bound to this doctor is refused with `not_this_doctor`, before the body is read."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing_scope": {
    "summary": "Scope missing",
    "value": {
      "error": {
        "code": "missing_scope",
        "message": "this API key lacks the `availability:write` scope"
      }
    }
  },
  "not_this_doctor": {
    "summary": "Not the doctor's own key",
    "value": {
      "error": {
        "code": "not_this_doctor",
        "message": "only the doctor's own key can change their availability"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such doctor in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::DOCTOR_NOT_FOUND)),
        Route::GetAvailability => op("getAvailability", "Calendar", r#"Get a doctor's availability"#)
            .describe(r#"The doctor's weekly windows and date overrides, in the shop's local time. Read-only for admins and front desks: useful when troubleshooting why patients see no slots."#)
            .param(Param::Shared("DoctorUidPath"))
            .reply(Reply::new("200", r#"The doctor's availability."#)
                .json(ty::<crate::view::calendar::AvailabilityView>())
                .examples(r#"{
  "availability": {
    "summary": "Weekly windows and overrides",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "weekly": [
        {
          "weekday": "monday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "monday",
          "start": "13:00",
          "end": "17:00"
        },
        {
          "weekday": "wednesday",
          "start": "09:00",
          "end": "12:00"
        },
        {
          "weekday": "friday",
          "start": "14:00",
          "end": "18:00"
        }
      ],
      "overrides": [
        {
          "date": "2026-12-24",
          "windows": [
            {
              "start": "09:00",
              "end": "11:00"
            }
          ]
        },
        {
          "date": "2026-12-25",
          "windows": []
        }
      ]
    }
  },
  "none": {
    "summary": "Never set",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "weekly": [],
      "overrides": []
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such doctor in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::DOCTOR_NOT_FOUND)),
        Route::SearchSlots => op("searchSlots", "Calendar", r#"Search available slots"#)
            .describe(r#"The free slots of one doctor, or of every doctor of the shop, for one appointment type between two local dates (inclusive, at most 31 days). A search that could lay out more slots than the server's `MAX_SLOT_SEARCH_SLOTS` (days × slots a day of the type × doctors searched; 20,000 by default) is 400 with `field: end_date`: search fewer days, or name a `doctor_uid`. The parameters' schemas cannot state this limit, as it depends on how many doctors the shop has.

Slots are laid out from each availability window's start, one `duration_minutes` apart, in the shop's local time (`time_zone` in the response), then turned into instants: 09:00 stays 09:00 local across daylight-saving changes, a local time in the spring-forward gap is skipped, and one in the fall-back overlap is offered once, at its first occurrence. A slot is listed when it starts at least the type's `min_booking_notice_minutes` from now and overlaps no `held` or `confirmed` appointment of its doctor (lapsed holds are expired first). Each slot's `start` is what booking takes."#)
            .param(Param::query("shop_uid", true)
                .describe(r#"The shop; a shop of the caller's organisation. Required."#)
                .schema(ty::<ShopUid>())
                .example(r#""shop_7vq2k1m9d3f8h0j4n6p5r2t1s0""#))
            .param(Param::query("appointment_type_uid", true)
                .describe(r#"The appointment type, whose duration and booking notice apply. Required."#)
                .schema(ty::<AppointmentTypeUid>())
                .example(r#""atype_6d8f0h2j4l6n8p0r2t4v6b8d0f""#))
            .param(Param::query("doctor_uid", false)
                .describe(r#"Only this doctor of the shop; absent for every doctor of the shop."#)
                .schema(ty::<DoctorUid>())
                .example(r#""doc_2c4e6g8i0k1m3o5q7s9u1a3b5d""#))
            .param(Param::query("start_date", true)
                .describe(r#"First local date, `YYYY-MM-DD`, in the shop's time zone. Required."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>())
                .example(r#""2026-12-07""#))
            .param(Param::query("end_date", true)
                .describe(r#"Last local date, inclusive, `YYYY-MM-DD`; not before `start_date`, and at most 30 days after it (31 days in all). Required."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>())
                .example(r#""2026-12-08""#))
            .reply(Reply::new("200", r#"The free slots."#)
                .json(ty::<crate::view::calendar::Slots>())
                .examples(examples::SLOTS))
            .reply(Reply::new("400", r#"A parameter is missing or wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SLOTS_START_MISSING))
            .reply(Reply::new("404", r#"The shop or the appointment type is not the caller's organisation's, or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "type": {
    "summary": "Unknown appointment type",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment type not found",
        "field": "appointment_type_uid"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "doctor_uid"
      }
    }
  }
}"#)),
        Route::Book => op("bookAppointment", "Appointments", r#"Hold or book an appointment"#)
            .describe(r#"Books a slot found by the slot search for a patient, with an appointment type and a payment mode the type accepts. By default this places a **hold** (`status: held`): the slot is reserved until `hold_expires_at` (now + the type's `hold_ttl_seconds`); confirm it before then, or it expires on its own and the time is free again. Send `"status": "confirmed"` to book confirmed at once. Without `doctor_uid` the appointment goes to the shop's pool (see `BookRequest`); seed 002's `reasons`, `external_id`, `account_number` and `episode_of_care_uid` are kept with it.

A shop's bookings are decided one at a time, so however many requests race for one slot, exactly one wins and the others get 409 `slot_taken`. Send an `Idempotency-Key` header to make retries safe."#)
            .param(Param::Shared("BookingIdempotencyKey"))
            .body(
                Body::json(ty::<wire::Book>())
                    .examples(r#"{
  "hold": {
    "summary": "Hold a slot",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "patient_profile_uid": "pp-xyz789",
      "start": "2026-12-07T08:00:00.000Z",
      "payment_mode": "online"
    }
  },
  "confirmed": {
    "summary": "Book confirmed at once, start with an offset",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "patient_profile_uid": "pp-xyz789",
      "start": "2026-12-07T09:00:00+01:00",
      "payment_mode": "insurance",
      "status": "confirmed"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The new appointment. Also the answer to a repeated request with the same `Idempotency-Key`."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "held": {
    "summary": "A hold",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "held",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": "2026-12-01T10:10:00.000Z",
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  },
  "confirmed": {
    "summary": "Booked confirmed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOK_MALFORMED_JSON))
            .reply(Reply::new("404", r#"The shop or the appointment type is not the caller's organisation's, or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOK_UNKNOWN_SHOP))
            .reply(Reply::new("409", r#"The slot cannot be had (`slot_unavailable`: `start` is not an offered slot of the doctor for this type; `notice_too_short`: it starts sooner than the type's `min_booking_notice_minutes`; `slot_taken`: a held or confirmed appointment of the doctor overlaps it, or the shop's pool needs the time), the `external_id` is another appointment's (`identifier_taken`), the episode is another patient's (`episode_of_another_patient`), a `duration_minutes` in a shop without free durations (`free_duration_off`), or the `Idempotency-Key` was already used with a different booking (`idempotency_key_reused`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SLOT_UNAVAILABLE)),
        Route::Overview => op("listAppointments", "Appointments", r#"Appointment overview"#)
            .describe(r#"The organisation-wide overview of appointments, for support and operations. Filter by shop, doctor, patient, status and date range.

**By default** (no `status` given) it shows future active appointments: `held` and `confirmed`, starting at or after now (or at or after `from`). With `status`, only those statuses are listed and there is no lower bound on `start` unless `from` is given.

Ordered by `start`, then `appointment_uid`; paged with `limit` and `cursor`. The overview is a read model updated right after each change (and retried until delivered), so it may very briefly lag `GET /v1/management/appointments/{appointment_uid}`, which is authoritative."#)
            .param(Param::query("shop_uid", false)
                .describe(r#"Only appointments of this shop (a shop of another organisation lists nothing)."#)
                .schema(ty::<ShopUid>()))
            .param(Param::query("doctor_uid", false)
                .describe(r#"Only appointments with this doctor."#)
                .schema(ty::<DoctorUid>()))
            .param(Param::query("patient_profile_uid", false)
                .describe(r#"Only this patient's appointments."#)
                .schema(ty::<PatientProfileUid>())
                .example(r#""pp-xyz789""#))
            .param(Param::query("status", false)
                .describe(r#"Comma-separated statuses, e.g. `held,confirmed` or `cancelled` (spaces around commas are ignored). Absent: `held,confirmed`, starting at or after now."#)
                .schema(inline(r#"{
  "type": "string",
  "pattern": "^ *(held|confirmed|cancelled|expired|completed|no_show) *(, *(held|confirmed|cancelled|expired|completed|no_show) *)*$"
}"#))
                .example(r#""confirmed,completed""#))
            .param(Param::query("from", false)
                .describe(r#"Only appointments starting at or after this instant, RFC 3339. Defaults to now when no `status` is given."#)
                .schema(ty::<crate::api_doc::schema::ScheduleInstant>())
                .example(r#""2026-12-01T00:00:00Z""#))
            .param(Param::query("to", false)
                .describe(r#"Only appointments starting before this instant, RFC 3339; after `from`."#)
                .schema(ty::<crate::api_doc::schema::ScheduleInstant>())
                .example(r#""2027-01-01T00:00:00Z""#))
            .param(Param::Shared("Limit"))
            .param(Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page (opaque; any other value is 400 with `field: cursor`)."#)
                .schema(ty::<crate::wire::page::query_schema::OverviewCursorParam>()))
            .reply(Reply::new("200", r#"A page of appointments."#)
                .json(ty::<crate::view::Listing<crate::view::calendar::AppointmentView>>())
                .examples(r#"{
  "page": {
    "summary": "Upcoming appointments",
    "value": {
      "data": [
        {
          "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
          "status": "confirmed",
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "patient_profile_uid": "pp-xyz789",
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "payment_mode": "online",
          "start": "2026-12-07T08:00:00.000Z",
          "end": "2026-12-07T08:30:00.000Z",
          "hold_expires_at": null,
          "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "previous_meeting_uid": null,
          "rebooked_to": null,
          "cancellation_reason": null,
          "checked_in_at": null,
          "queue_uid": null,
          "created_at": "2026-12-01T10:00:00.000Z",
          "updated_at": "2026-12-01T10:04:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"A filter or paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::OVERVIEW_BAD_STATUS)),
        Route::AppointmentByExternalId => op("getAppointmentByExternalId", "Appointments", r#"Get an appointment by its external id"#)
            .describe(r#"The appointment the organisation gave this `external_id` when booking it (seed 002's `externalId`), with its history, as `GET /v1/management/appointments/{appointment_uid}` answers. A rebooking carries the id over: it then names the appointment that replaced the first."#)
            .param(Param::path("external_id")
                .describe(r#"The appointment's external id: 1 to 128 letters, digits or `.` `_` `~` `:` `-`."#)
                .schema(ty::<String>())
                .example(r#""2e96ed0e-0f80-4dc3-b2c1-42e65b789e56""#))
            .reply(Reply::new("200", r#"The appointment."#)
                .json(ty::<crate::view::calendar::AppointmentDetail>()))
            .reply(Reply::new("404", r#"No appointment of the caller's organisation has this external id (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND)),
        Route::VisitLinks => op("getVisitLinks", "Appointments", r#"Get a visit's links"#)
            .describe(r#"The visit's per-visit links once the patient has checked in: the patient's, the doctor's (`provider_visit_url`) and the medical assistant's, each `/v1/visit/{token}`. Each follows the visit's stage: the patient's shows the wait page while they wait (for intake or for a doctor) and the room while an assistant or a doctor is with them; the clinicians' open the visit's room as moderator; all are 410 once the visit has ended. Before check-in the links are `null`. The links live `WATCH_TOKEN_TTL_SECONDS`; asking again mints fresh ones."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The links."#)
                .json(ty::<crate::view::calendar::VisitLinks>())
                .examples(r#"{
  "checked_in": {
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_8g0i2k4m6o8q0s2u4a6c8e0g2i",
      "external_id": "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56",
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "patient_visit_url": "https://frontdesk.example/v1/visit/eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM24",
      "provider_visit_url": "https://frontdesk.example/v1/visit/eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM2Q",
      "assistant_visit_url": "https://frontdesk.example/v1/visit/eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM2E"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND)),
        Route::VisitLinksByExternalId => op("getVisitLinksByExternalId", "Appointments", r#"Get a visit's links by the appointment's external id"#)
            .describe(r#"`GET /v1/management/appointments/{appointment_uid}/visit-links` for the appointment this external id names (seed 002's video-call links by external id)."#)
            .param(Param::path("external_id")
                .describe(r#"The appointment's external id."#)
                .schema(ty::<String>())
                .example(r#""2e96ed0e-0f80-4dc3-b2c1-42e65b789e56""#))
            .reply(Reply::new("200", r#"The links."#)
                .json(ty::<crate::view::calendar::VisitLinks>()))
            .reply(Reply::new("404", r#"No appointment of the caller's organisation has this external id (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND)),
        Route::GetAppointment => op("getAppointment", "Appointments", r#"Get an appointment"#)
            .describe(r#"One appointment with its full history (who did what, when) and, for a rebooked appointment, the chain of appointments it replaced (`previous_meetings`, following `previous_meeting_uid`)."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The appointment."#)
                .json(ty::<crate::view::calendar::AppointmentDetail>())
                .examples(r#"{
  "rebooked": {
    "summary": "A rebooking, linked to the original",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_8g0i2k4m6o8q0s2u4a6c8e0g2i",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_5h0k3n6q9t2v4b7e0g3j6m9p1s",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-09T08:30:00.000Z",
      "end": "2026-12-09T09:00:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-3a5c7e9g1i3k5m7o9q1s3u5v7b",
      "join_url": "https://meet.jit.si/fd-room-3a5c7e9g1i3k5m7o9q1s3u5v7b",
      "previous_meeting_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-03T15:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z",
      "history": [
        {
          "at": "2026-12-03T15:00:00.000Z",
          "action": "rebooked_from",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "detail": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e"
        }
      ],
      "previous_meetings": [
        "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e"
      ]
    }
  },
  "cancelled": {
    "summary": "An appointment held, confirmed, then cancelled by an admin",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "cancelled",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": "Doctor unavailable (conference)",
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z",
      "history": [
        {
          "at": "2026-12-01T10:00:00.000Z",
          "action": "held",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "detail": null
        },
        {
          "at": "2026-12-01T10:04:00.000Z",
          "action": "confirmed",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "detail": null
        },
        {
          "at": "2026-12-03T15:00:00.000Z",
          "action": "cancelled",
          "actor": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "detail": "Doctor unavailable (conference)"
        }
      ],
      "previous_meetings": []
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND)),
        Route::ConfirmAppointment => op("confirmAppointment", "Appointments", r#"Confirm a hold"#)
            .describe(r#"Turns a `held` appointment into `confirmed` before its `hold_expires_at` (`hold_expires_at` becomes `null`). Takes no body."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The confirmed appointment."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "confirmed": {
    "summary": "Confirmed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:04:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `held` (`invalid_transition`; a hold whose deadline has passed is `expired` by then, so confirming it is also `invalid_transition`), or the hold lapsed before it was confirmed (`hold_expired`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "expired": {
    "summary": "The hold already expired",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot confirm a expired appointment"
      }
    }
  },
  "confirmed": {
    "summary": "Already confirmed",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot confirm a confirmed appointment"
      }
    }
  },
  "hold_expired": {
    "summary": "Hold lapsed",
    "value": {
      "error": {
        "code": "hold_expired",
        "message": "the hold expired before it was confirmed"
      }
    }
  }
}"#)),
        Route::CancelAppointment => op("cancelAppointment", "Appointments", r#"Cancel an appointment"#)
            .describe(r#"An admin (operational) cancellation, on behalf of a patient or a doctor: any `held` or `confirmed` appointment becomes `cancelled` and its time is free again. A reason is required and stored as `cancellation_reason`. Admin cancellations are not limited by the type's minimum cancellation notice (patient and partner cancellation rules are separate).

A checked-in patient's waiting-room entry is not cancelled with it; cancel that with `DELETE /v1/management/waiting-room/{queue_uid}`."#)
            .param(Param::Shared("AppointmentUidPath"))
            .body(
                Body::json(ty::<wire::calendar::body_schema::CancelRequest>())
                    .examples(r#"{
  "reason": {
    "summary": "With a reason",
    "value": {
      "reason": "Doctor unavailable (conference)"
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The cancelled appointment."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "cancelled": {
    "summary": "Cancelled",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "cancelled",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": "Doctor unavailable (conference)",
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "reason_missing": {
    "summary": "`reason` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reason` is required",
        "field": "reason"
      }
    }
  },
  "reason_empty": {
    "summary": "`reason` is blank",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reason` must not be empty",
        "field": "reason"
      }
    }
  },
  "reason_long": {
    "summary": "`reason` too long",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reason` must be at most 500 characters",
        "field": "reason"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `held` or `confirmed` (`error.code` `invalid_transition`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "cancelled": {
    "summary": "Already cancelled",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot cancel a cancelled appointment"
      }
    }
  },
  "completed": {
    "summary": "Already completed",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot cancel a completed appointment"
      }
    }
  }
}"#)),
        Route::RebookAppointment => op("rebookAppointment", "Appointments", r#"Rebook an appointment"#)
            .describe(r#"Moves a `held` or `confirmed` appointment to a new slot, on behalf of a patient. The rebooking is recorded as a **new** appointment linked to the original by `previous_meeting_uid`; the original becomes `cancelled` with `cancellation_reason` `rebooked` and `rebooked_to` set to the new one. Both happen in one step, or neither does.

It honours the type's rules as they were when the appointment was booked: `rebooking_mode` (another `doctor_uid` only for `any_doctor`), `min_rebook_notice_minutes` before the appointment's current start, and for the new slot the same checks as booking (an offered slot of the doctor, `min_booking_notice_minutes` ahead, free; the appointment's own current time does not count as busy). The new appointment keeps the patient, type and payment mode, and the status: a confirmed appointment stays confirmed; a hold stays a hold, with a fresh `hold_expires_at`."#)
            .param(Param::Shared("AppointmentUidPath"))
            .body(
                Body::json(ty::<wire::Rebook>())
                    .examples(examples::REBOOK_SAME_DOCTOR),
            )
            .reply(Reply::new("201", r#"The new appointment (201)."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "rebooked": {
    "summary": "The new appointment",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_8g0i2k4m6o8q0s2u4a6c8e0g2i",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_5h0k3n6q9t2v4b7e0g3j6m9p1s",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-09T08:30:00.000Z",
      "end": "2026-12-09T09:00:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-3a5c7e9g1i3k5m7o9q1s3u5v7b",
      "join_url": "https://meet.jit.si/fd-room-3a5c7e9g1i3k5m7o9q1s3u5v7b",
      "previous_meeting_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-03T15:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_MALFORMED_JSON))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation, or `doctor_uid` is not a doctor of the appointment's shop (`error.code` `not_found`; `field` `doctor_uid` for the latter)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_NOT_FOUND))
            .reply(Reply::new("409", r#"The rebooking is refused: the appointment is not `held` or `confirmed` (`invalid_transition`), the type rebooks with the same doctor only (`rebooking_mode`), it is too late to rebook or the new slot starts too soon (`notice_too_short`), or the new slot is not offered (`slot_unavailable`) or not free (`slot_taken`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_INVALID_TRANSITION)),
        Route::CheckIn => op("checkInAppointment", "Appointments", r#"Check a patient in"#)
            .describe(r#"Checks in the patient of a `confirmed` appointment: the appointment gets `checked_in_at` and `queue_uid` (its status stays `confirmed`), and the patient joins the end of the shop's waiting room with the appointment's doctor as preferred doctor (visit reason `Scheduled appointment`), so scheduled and walk-in visits are one flow from here: the doctor takes them with `POST /v1/management/waiting-room/allocate`. The response adds the patient's `position` and a `watch` link like a registration's. Takes no body.

From then on the appointment and the queue entry end together, in one step: completing the consultation (`POST /v1/management/waiting-room/{queue_uid}/complete`) completes the appointment (history actor `system`, detail the `queue_uid`); cancelling, rebooking or completing the appointment while the patient is still `waiting` cancels the entry (`WAITING_ROOM_CANCELLED`, and the wait page shows it). A patient already with the doctor (`allocated`) is left to the doctor. A checked-in appointment cannot be marked a no-show."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The checked-in appointment, with the waiting-room position and watch link."#)
                .json(ty::<crate::view::calendar::CheckIn>())
                .examples(r#"{
  "checked_in": {
    "summary": "Checked in",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": "2026-12-07T07:55:00.000Z",
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-07T07:55:00.000Z",
      "position": 1,
      "watch": {
        "watch_url": "ws://localhost:8787/v1/waiting-room/watch?token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
        "wait_page_url": "http://localhost:8787/wait#token=eyJvcmciOiJvcmdfMWIzZDVmN2g5ajFsM241cDdyOXQxdjNhNWMiLCJxIjoiLi4uIiwiZXhwIjoxNzc3ODkxMjAwfQ.c2lnbmF0dXJlLW9mLXRoZS13YXRjaC10b2tlbg",
        "watch_expires_at": "2026-12-07T11:55:00.000Z"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `confirmed` (`invalid_transition`), or already checked in (`already_checked_in`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "held": {
    "summary": "Not confirmed yet",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot check in a held appointment"
      }
    }
  },
  "already": {
    "summary": "Already checked in",
    "value": {
      "error": {
        "code": "already_checked_in",
        "message": "the appointment is already checked in"
      }
    }
  }
}"#)),
        Route::CompleteAppointment => op("completeAppointment", "Appointments", r#"Complete an appointment"#)
            .describe(r#"Marks a `confirmed` appointment `completed` (checked in or not). This does not touch the waiting-room entry of a check-in, which the doctors' side completes separately. Takes no body."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The completed appointment."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "completed": {
    "summary": "Completed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "completed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": "2026-12-07T07:55:00.000Z",
      "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-07T08:31:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `confirmed` (`error.code` `invalid_transition`); or it has not started yet and the patient did not check in (`not_started`): a patient seen early is checked in first."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "held": {
    "summary": "Not confirmed",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot complete a held appointment"
      }
    }
  },
  "not_started": {
    "summary": "Before the start",
    "value": {
      "error": {
        "code": "not_started",
        "message": "the appointment has not started yet"
      }
    }
  }
}"#)),
        Route::NoShow => op("markAppointmentNoShow", "Appointments", r#"Mark an appointment as no-show"#)
            .describe(r#"Marks a `confirmed` appointment whose patient did not attend as `no_show`. A checked-in appointment cannot be a no-show. Takes no body."#)
            .param(Param::Shared("AppointmentUidPath"))
            .reply(Reply::new("200", r#"The appointment, now `no_show`."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "no_show": {
    "summary": "No-show",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "no_show",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-xyz789",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-07T08:40:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `confirmed`, or its patient checked in (`error.code` `invalid_transition`); or it has not started yet (`not_started`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "checked_in": {
    "summary": "Patient checked in",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot mark as no-show a confirmed appointment"
      }
    }
  },
  "completed": {
    "summary": "Already completed",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot mark as no-show a completed appointment"
      }
    }
  },
  "not_started": {
    "summary": "Before the start",
    "value": {
      "error": {
        "code": "not_started",
        "message": "the appointment has not started yet"
      }
    }
  }
}"#)),
        Route::CreateBookingSecret => op("createBookingSecret", "Booking secrets", r#"Create a booking secret"#)
            .describe(r#"Creates a secret for signing patient booking tokens. The response carries its `key_id`, which minters put in the JWT `kid` header, and its value (`secret`), which they sign with. The value is stored encrypted at rest and can be revealed again by an admin (`POST /v1/management/booking-secrets/{key_id}/reveal`). Several secrets may be active at once, which is what makes rotation seamless: create the new one for the same partner (`partner_id`), switch the minter to it, wait for old tokens to expire, revoke the old one. Each secret signs for one partner, whose customers (`sub`) keep their patients across its secrets; without `partner_id` that is the organisation's default partner, `ptn_default`.

The body may be `{}`; it must still be a JSON object sent as `application/json`. Recorded in the audit log. (`booking_secret.created`)."#)
            .body(
                Body::json(ty::<wire::CreateBookingSecret>())
                    .examples(r#"{
  "named": {
    "summary": "With a label",
    "value": {
      "name": "Shopify storefront"
    }
  },
  "default": {
    "summary": "Default label",
    "value": {}
  },
  "rotation": {
    "summary": "A new secret for an existing partner (rotation)",
    "value": {
      "name": "Acme storefront (2027)",
      "partner_id": "ptn_8c0e2g4i6k8m0o2q4s6u8a0c2e"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created. Store `secret` on the partner backend only."#)
                .json(ty::<crate::view::partners::BookingSecretCreated>())
                .examples(r#"{
  "created": {
    "summary": "A new secret",
    "value": {
      "key_id": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
      "name": "Shopify storefront",
      "partner_id": "ptn_default",
      "secret": "bks_qTmxeBAUJD1IqBrc-Kwwtj0eNZM_J_rGt70_1F6UkGk",
      "created_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "bad_name": {
    "summary": "`name` is not a string",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` must be a string",
        "field": "name"
      }
    }
  },
  "long_name": {
    "summary": "`name` too long",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` must be at most 200 characters",
        "field": "name"
      }
    }
  },
  "bad_partner": {
    "summary": "`partner_id` is not a partner id",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`partner_id` is not a valid partner uid",
        "field": "partner_id"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"`partner_id` names no partner of this organisation (`error.code` `not_found`, `field` `partner_id`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "unknown_partner": {
    "summary": "Unknown partner",
    "value": {
      "error": {
        "code": "not_found",
        "message": "partner not found",
        "field": "partner_id"
      }
    }
  }
}"#)),
        Route::ListBookingSecrets => op("listBookingSecrets", "Booking secrets", r#"List booking secrets"#)
            .describe(r#"The organisation's booking secrets, active and revoked, ordered by `key_id`, without their values. `last_used_at` shows whether a minter still uses a secret, e.g. before revoking it during a rotation."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of booking secrets."#)
                .json(ty::<crate::view::Listing<crate::view::partners::BookingSecret>>())
                .examples(r#"{
  "page": {
    "summary": "Two active secrets, mid-rotation",
    "value": {
      "data": [
        {
          "key_id": "bk_0c2e4g6i8k0m2o4q6s8u0a2c4e",
          "name": "Shopify storefront (2026)",
          "partner_id": "ptn_default",
          "created_at": "2026-12-01T09:00:00.000Z",
          "last_used_at": null,
          "revoked_at": null
        },
        {
          "key_id": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
          "name": "Shopify storefront",
          "partner_id": "ptn_default",
          "created_at": "2026-11-02T09:00:00.000Z",
          "last_used_at": "2026-12-01T10:00:00.000Z",
          "revoked_at": null
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"A paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::RevealBookingSecret => op("revealBookingSecret", "Booking secrets", r#"Reveal a booking secret"#)
            .describe(r#"Shows an active secret's value again, e.g. to paste it into a new minter without re-provisioning. A revoked secret cannot be revealed (409 `secret_revoked`). No body is needed (one sent is ignored).

Every reveal is recorded in the audit log (`booking_secret.revealed`), including a refused one (outcome `refused: revoked`)."#)
            .param(Param::Shared("BookingSecretKeyIdPath"))
            .reply(Reply::new("200", r#"The secret's value."#)
                .json(ty::<crate::view::partners::BookingSecretRevealed>())
                .examples(r#"{
  "revealed": {
    "summary": "The value",
    "value": {
      "key_id": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
      "name": "Shopify storefront",
      "partner_id": "ptn_default",
      "secret": "bks_qTmxeBAUJD1IqBrc-Kwwtj0eNZM_J_rGt70_1F6UkGk"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such booking secret in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOKING_SECRET_NOT_FOUND))
            .reply(Reply::new("409", r#"The secret is revoked (`error.code` `secret_revoked`); the attempt is recorded in the audit log."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "revoked": {
    "summary": "Revoked secret",
    "value": {
      "error": {
        "code": "secret_revoked",
        "message": "a revoked secret cannot be revealed"
      }
    }
  }
}"#)),
        Route::RevokeBookingSecret => op("revokeBookingSecret", "Booking secrets", r#"Revoke a booking secret"#)
            .describe(r#"Revokes a secret at once: the secret is looked up on every request, so the next request with a token signed by it gets 401, even if the token has not expired. Tokens signed with the organisation's other active secrets keep working. Revoking an already revoked secret succeeds and keeps the first `revoked_at`.

Recorded in the audit log. (`booking_secret.revoked`)."#)
            .param(Param::Shared("BookingSecretKeyIdPath"))
            .reply(Reply::new("200", r#"The revoked secret."#)
                .json(ty::<crate::view::partners::BookingSecret>())
                .examples(r#"{
  "revoked": {
    "summary": "Revoked",
    "value": {
      "key_id": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
      "name": "Shopify storefront",
      "created_at": "2026-11-02T09:00:00.000Z",
      "last_used_at": "2026-12-01T10:00:00.000Z",
      "revoked_at": "2026-12-01T10:30:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such booking secret in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOKING_SECRET_NOT_FOUND)),
        Route::CreatePartner => op("createPartner", "Booking secrets", r#"Create a partner"#)
            .describe(r#"Creates a partner: a named group of booking secrets (create them with `partner_id`). A token's `sub` is a customer id of the partner whose secret signed it, so the same `sub` from two partners is two patients, while every secret of one partner (a rotation) maps it to the same patient. Secrets created without a partner belong to the organisation's default partner, `ptn_default`, which needs no creating.

Recorded in the audit log (`partner.created`)."#)
            .body(
                Body::json(ty::<wire::CreatePartner>())
                    .examples(r#"{
  "named": {
    "summary": "A storefront",
    "value": {
      "name": "Acme storefront"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::partners::Partner>())
                .examples(r#"{
  "created": {
    "summary": "A new partner",
    "value": {
      "partner_id": "ptn_8c0e2g4i6k8m0o2q4s6u8a0c2e",
      "name": "Acme storefront",
      "created_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `name`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "name_missing": {
    "summary": "`name` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` is required",
        "field": "name"
      }
    }
  }
}"#)),
        Route::ListPartners => op("listPartners", "Booking secrets", r#"List partners"#)
            .describe(r#"The organisation's partners, ordered by `partner_id`. The default partner, `ptn_default`, is listed once a secret belongs to it. Which secrets belong to which partner is in `GET /v1/management/booking-secrets`."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of partners."#)
                .json(ty::<crate::view::Listing<crate::view::partners::Partner>>())
                .examples(r#"{
  "page": {
    "summary": "The default partner and a named one",
    "value": {
      "data": [
        {
          "partner_id": "ptn_8c0e2g4i6k8m0o2q4s6u8a0c2e",
          "name": "Acme storefront",
          "created_at": "2026-11-02T09:00:00.000Z"
        },
        {
          "partner_id": "ptn_default",
          "name": "Default partner",
          "created_at": "2026-10-01T09:00:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"A paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::AuditLog => op("listAuditLog", "Booking secrets", r#"Read the audit log"#)
            .describe(r#"Who did what to a sensitive object, when, and how it went: every creation, reveal and revocation of a booking secret, and every read and write of a patient record (`patient.created`, `patient.read`, `patient.read (search by phone|mrn|identifier)`, `patient.read (past appointments)`, `patient.updated`, `patient.deactivated`, with the outcome `ok` or `not_found`). Newest first. Entries are only ever appended by the service; the API offers no way to change or delete one.

Paged with `limit` and `cursor`; the cursor is the last entry's `id`."#)
            .param(Param::Shared("Limit"))
            .param(Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page: entries older than it (anything but a number is 400 with `field: cursor`)."#)
                .schema(ty::<crate::wire::page::query_schema::RowidCursor>())
                .example(r#""2""#))
            .reply(Reply::new("200", r#"A page of entries, newest first."#)
                .json(ty::<crate::view::Listing<crate::view::audit::AuditEntry>>())
                .examples(r#"{
  "page": {
    "summary": "A rotation",
    "value": {
      "data": [
        {
          "id": 4,
          "at": "2026-12-01T10:30:00.000Z",
          "actor": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "action": "booking_secret.revealed",
          "target": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
          "outcome": "refused: revoked"
        },
        {
          "id": 3,
          "at": "2026-12-01T10:29:00.000Z",
          "actor": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "action": "booking_secret.revoked",
          "target": "bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
          "outcome": "ok"
        },
        {
          "id": 2,
          "at": "2026-12-01T09:00:00.000Z",
          "actor": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "action": "booking_secret.created",
          "target": "bk_0c2e4g6i8k0m2o4q6s8u0a2c4e",
          "outcome": "ok"
        }
      ],
      "next_cursor": "2"
    }
  },
  "patients": {
    "summary": "A call-center agent finds, reads and updates a patient",
    "value": {
      "data": [
        {
          "id": 57,
          "at": "2026-12-01T10:03:00.000Z",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "action": "patient.updated",
          "target": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "outcome": "ok"
        },
        {
          "id": 56,
          "at": "2026-12-01T10:02:00.000Z",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "action": "patient.read (past appointments)",
          "target": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "outcome": "ok"
        },
        {
          "id": 55,
          "at": "2026-12-01T10:01:00.000Z",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "action": "patient.read (search by phone)",
          "target": "pp_3c5e7g9i1k3m5o7q9s1u3a5c7e",
          "outcome": "ok"
        },
        {
          "id": 54,
          "at": "2026-12-01T10:01:00.000Z",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "action": "patient.read (search by phone)",
          "target": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "outcome": "ok"
        },
        {
          "id": 53,
          "at": "2026-12-01T09:59:00.000Z",
          "actor": "key_8h0j2l4n6p8r0t2v4b6d8f0h2j",
          "action": "patient.read",
          "target": "pp_0000000000000000000000000a",
          "outcome": "not_found"
        }
      ],
      "next_cursor": "53"
    }
  }
}"#))
            .reply(Reply::new("400", r#"A paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "bad_limit": {
    "summary": "Bad limit",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`limit` must be 1 to 200",
        "field": "limit"
      }
    }
  },
  "bad_cursor": {
    "summary": "Unknown cursor",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`cursor` is not one this API returned",
        "field": "cursor"
      }
    }
  }
}"#)),
        Route::PatientSlots => op("patientSearchSlots", "Patient booking", r#"Search available slots (patient)"#)
            .describe(r#"The same slot search as `GET /v1/management/slots`, for a token's holder: the free slots of one doctor, or of every doctor of the shop, for one appointment type between two local dates (inclusive, at most 31 days). A token naming a `shop_uid` sees only that shop; any other shop is 404, as if it did not exist. A search that could lay out more slots than the server's `MAX_SLOT_SEARCH_SLOTS` (days × slots a day of the type × doctors searched; 20,000 by default) is 400 with `field: end_date`: search fewer days, or name a `doctor_uid`. The parameters' schemas cannot state this limit, as it depends on how many doctors the shop has.

Slots are laid out in the shop's local time (`time_zone` in the response) and listed when they start at least the type's `min_booking_notice_minutes` from now and overlap no `held` or `confirmed` appointment. Each slot's `start` is what booking takes."#)
            .param(Param::query("shop_uid", true)
                .describe(r#"The shop; a shop of the token's organisation, and the token's `shop_uid` if it names one. Required."#)
                .schema(ty::<ShopUid>())
                .example(r#""shop_7vq2k1m9d3f8h0j4n6p5r2t1s0""#))
            .param(Param::query("appointment_type_uid", true)
                .describe(r#"The appointment type, whose duration and booking notice apply. Required."#)
                .schema(ty::<AppointmentTypeUid>())
                .example(r#""atype_6d8f0h2j4l6n8p0r2t4v6b8d0f""#))
            .param(Param::query("doctor_uid", false)
                .describe(r#"Only this doctor of the shop; absent for every doctor of the shop."#)
                .schema(ty::<DoctorUid>())
                .example(r#""doc_2c4e6g8i0k1m3o5q7s9u1a3b5d""#))
            .param(Param::query("start_date", true)
                .describe(r#"First local date, `YYYY-MM-DD`, in the shop's time zone. Required."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>())
                .example(r#""2026-12-07""#))
            .param(Param::query("end_date", true)
                .describe(r#"Last local date, inclusive, `YYYY-MM-DD`; not before `start_date`, and at most 30 days after it (31 days in all). Required."#)
                .schema(ty::<crate::api_doc::schema::ScheduleDate>())
                .example(r#""2026-12-08""#))
            .reply(Reply::new("200", r#"The free slots."#)
                .json(ty::<crate::view::calendar::Slots>())
                .examples(examples::SLOTS))
            .reply(Reply::new("400", r#"A parameter is missing or wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SLOTS_START_MISSING))
            .reply(Reply::new("404", r#"The shop or the appointment type is not the token's organisation's, the token is restricted to another shop (`shop_uid` claim), or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "type": {
    "summary": "Unknown appointment type",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment type not found",
        "field": "appointment_type_uid"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "doctor_uid"
      }
    }
  },
  "other_shop": {
    "summary": "The token is restricted to another shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  }
}"#)),
        Route::PatientBook => op("patientBookAppointment", "Patient booking", r#"Hold or book an appointment (patient)"#)
            .describe(r#"Books a slot found by the slot search for the token's holder, like `POST /v1/management/appointments` but without `patient_profile_uid`: the patient is the token's (derived from its `sub`), whatever the body says. By default this places a **hold** (`status: held`) until `hold_expires_at`; send `"status": "confirmed"` to book confirmed at once. A token naming a `shop_uid` books only in that shop.

The token must carry a `jti` claim, and one `jti` books once: a second booking with the same token is 401, so a leaked token cannot be replayed to book again. The `jti` is spent once the body is valid and the shop allowed, before the slot is decided: after a 404 for the shop, doctor or type, or a 409, mint a fresh token to try again. To retry safely after a lost response, send an `Idempotency-Key`: the same key gets the first answer back.

A shop's bookings are decided one at a time, so however many requests race for one slot, exactly one wins and the others get 409 `slot_taken`. The history records the actor `partner:{key_id}`.

At the holder's first booking, the profile claims find or make their record in the patient directory: if exactly one active patient has both the token's `phone` (any format, normalised to E.164 with the organisation's `default_country`) and its `email` (compared without case), the holder is linked to that patient for good (their bookings, list and reads are that patient's from then on, including appointments the clinic booked for them); otherwise a record is created under the token's patient uid from `name` (then required: `family` the whole name, split into `firstName` and `lastName`), `email` and `phone` (as a mobile number), and published as `patient:created`. A phone alone never links (families share one), nor an email alone. Later bookings reuse the record, and a token never overwrites what the clinic keeps. A claim that does not parse makes a booking 400 with `field` `token.name`, `token.email` or `token.phone` (its value is not repeated), and nothing is booked. Both are in the audit log as `patient.created (booking token)` and `patient.linked (booking token)`, actor `partner:{key_id}`."#)
            .param(Param::Shared("PatientBookingIdempotencyKey"))
            .body(
                Body::json(ty::<wire::calendar::body_schema::PatientBookRequest>())
                    .examples(r#"{
  "hold": {
    "summary": "Hold a slot",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "start": "2026-12-07T08:00:00.000Z",
      "payment_mode": "at_clinic"
    }
  },
  "confirmed": {
    "summary": "Book confirmed at once",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "start": "2026-12-07T09:00:00+01:00",
      "payment_mode": "at_clinic",
      "status": "confirmed"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The new appointment. Also the answer to a repeated request with the same `Idempotency-Key`."#)
                .json(ty::<crate::view::calendar::PatientAppointment>())
                .examples(r#"{
  "held": {
    "summary": "A hold",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "held",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "at_clinic",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": "2026-12-01T10:10:00.000Z",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  },
  "confirmed": {
    "summary": "Booked confirmed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "at_clinic",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header, or `token.name`, `token.email`, `token.phone_number` or `token.phone` for a booking token's profile claim)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "start_missing": {
    "summary": "`start` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` is required",
        "field": "start"
      }
    }
  },
  "bad_start": {
    "summary": "`start` is not RFC 3339",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` must be an RFC 3339 time such as 2026-12-01T09:00:00Z",
        "field": "start"
      }
    }
  },
  "bad_payment_mode": {
    "summary": "Unknown payment mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`payment_mode` must be one of online, at_clinic, insurance, free",
        "field": "payment_mode"
      }
    }
  },
  "payment_mode_not_accepted": {
    "summary": "Payment mode not accepted by the type",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "this appointment type accepts online, insurance",
        "field": "payment_mode"
      }
    }
  },
  "bad_status": {
    "summary": "Unknown status",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`status` must be held or confirmed",
        "field": "status"
      }
    }
  },
  "bad_idempotency_key": {
    "summary": "Bad Idempotency-Key",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
        "field": "Idempotency-Key"
      }
    }
  },
  "bad_phone_claim": {
    "summary": "The token's `phone` claim is not a phone number",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the booking token's `phone` claim is not a phone number",
        "field": "token.phone"
      }
    }
  },
  "name_claim_needed": {
    "summary": "A new patient record needs the token's `name` claim",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the booking token needs a `name` claim to create the patient's record",
        "field": "token.name"
      }
    }
  },
  "conflicting_phone_claims": {
    "summary": "`phone_number` and `phone` disagree",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the booking token's `phone_number` claim differs from the `phone` claim",
        "field": "token.phone_number"
      }
    }
  }
}"#))
            .reply(Reply::new("401", r#"The booking token is missing or not valid (`error.code` `unauthorized`); the message says which check failed. A request without `Authorization: Bearer …` (an `X-API-Key` does not count) is refused the same way. Booking also needs a `jti` claim, and a `jti` books once: a second booking with the same token is refused (a retry with the same `Idempotency-Key` is answered with the first booking instead)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing": {
    "summary": "No bearer token (or an API key instead)",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "a booking token is required as `Authorization: Bearer <token>`"
      }
    }
  },
  "malformed": {
    "summary": "Not three base64url parts of JSON, a bad `typ`, `sub` or `shop_uid`",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token is malformed"
      }
    }
  },
  "algorithm": {
    "summary": "`alg` is not HS256 (`none` included)",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token must be signed with HS256"
      }
    }
  },
  "unknown_key": {
    "summary": "`kid` unknown or revoked",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token's key is unknown or revoked"
      }
    }
  },
  "signature": {
    "summary": "Bad signature",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token's signature is not valid"
      }
    }
  },
  "audience": {
    "summary": "`aud` is not frontdesk-booking",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token is for another audience"
      }
    }
  },
  "expired": {
    "summary": "Past `exp` (+60 s)",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token has expired"
      }
    }
  },
  "not_yet_valid": {
    "summary": "`iat` or `nbf` more than 60 s ahead",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token is not valid yet"
      }
    }
  },
  "too_long_lived": {
    "summary": "`exp` more than 900 s after `iat`",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token lives longer than 15 minutes"
      }
    }
  },
  "no_jti": {
    "summary": "No `jti` claim",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "a booking request needs a token with a `jti` claim"
      }
    }
  },
  "jti_used": {
    "summary": "The token already booked",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "this booking token was already used to book"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The shop or the appointment type is not the token's organisation's, the token is restricted to another shop (`shop_uid` claim), or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOK_UNKNOWN_SHOP))
            .reply(Reply::new("409", r#"The slot cannot be had (`slot_unavailable`: `start` is not an offered slot of the doctor for this type; `notice_too_short`: it starts sooner than the type's `min_booking_notice_minutes`; `slot_taken`: a held or confirmed appointment of the doctor overlaps it), or the `Idempotency-Key` was already used with a different booking (`idempotency_key_reused`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SLOT_UNAVAILABLE)),
        Route::PatientAppointments => op("patientListAppointments", "Patient booking", r#"List my appointments (patient)"#)
            .describe(r#"The token holder's own appointments, with the same filters and paging as the appointment overview (`GET /v1/management/appointments`) except `patient_profile_uid`, which is always the token's patient.

**By default** (no `status` given) it shows future active appointments: `held` and `confirmed`, starting at or after now (or at or after `from`). With `status`, only those statuses are listed and there is no lower bound on `start` unless `from` is given.

Ordered by `start`, then `appointment_uid`. The list is a read model updated right after each change, so it may very briefly lag `GET /v1/booking/appointments/{appointment_uid}`, which is authoritative."#)
            .param(Param::query("shop_uid", false)
                .describe(r#"Only appointments of this shop."#)
                .schema(ty::<ShopUid>()))
            .param(Param::query("doctor_uid", false)
                .describe(r#"Only appointments with this doctor."#)
                .schema(ty::<DoctorUid>()))
            .param(Param::query("status", false)
                .describe(r#"Comma-separated statuses, e.g. `held,confirmed` or `cancelled` (spaces around commas are ignored). Absent: `held,confirmed`, starting at or after now."#)
                .schema(inline(r#"{
  "type": "string",
  "pattern": "^ *(held|confirmed|cancelled|expired|completed|no_show) *(, *(held|confirmed|cancelled|expired|completed|no_show) *)*$"
}"#))
                .example(r#""confirmed,completed""#))
            .param(Param::query("from", false)
                .describe(r#"Only appointments starting at or after this instant, RFC 3339. Defaults to now when no `status` is given."#)
                .schema(ty::<crate::api_doc::schema::ScheduleInstant>())
                .example(r#""2026-12-01T00:00:00Z""#))
            .param(Param::query("to", false)
                .describe(r#"Only appointments starting before this instant, RFC 3339; after `from`."#)
                .schema(ty::<crate::api_doc::schema::ScheduleInstant>())
                .example(r#""2027-01-01T00:00:00Z""#))
            .param(Param::Shared("Limit"))
            .param(Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page (opaque; any other value is 400 with `field: cursor`)."#)
                .schema(ty::<crate::wire::page::query_schema::OverviewCursorParam>()))
            .reply(Reply::new("200", r#"A page of appointments."#)
                .json(ty::<crate::view::Listing<crate::view::calendar::PatientAppointment>>())
                .examples(r#"{
  "page": {
    "summary": "Upcoming appointments",
    "value": {
      "data": [
        {
          "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
          "status": "confirmed",
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "payment_mode": "online",
          "start": "2026-12-07T08:00:00.000Z",
          "end": "2026-12-07T08:30:00.000Z",
          "hold_expires_at": null,
          "previous_meeting_uid": null,
          "rebooked_to": null,
          "cancellation_reason": null,
          "checked_in_at": null,
          "queue_uid": null,
          "created_at": "2026-12-01T10:00:00.000Z",
          "updated_at": "2026-12-01T10:04:00.000Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"A filter or paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::OVERVIEW_BAD_STATUS)),
        Route::PatientAppointment => op("patientGetAppointment", "Patient booking", r#"Get my appointment (patient)"#)
            .describe(r#"One of the token holder's own appointments, with its history and, for a rebooked appointment, the chain of appointments it replaced (`previous_meetings`). Another patient's appointment is a plain 404, exactly like one that does not exist."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .reply(Reply::new("200", r#"The appointment."#)
                .json(ty::<crate::view::calendar::PatientAppointmentDetail>())
                .examples(r#"{
  "mine": {
    "summary": "Held by the patient, confirmed by the clinic",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "at_clinic",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:04:00.000Z",
      "history": [
        {
          "at": "2026-12-01T10:00:00.000Z",
          "action": "held",
          "actor": "partner:bk_5n7p9r1t3v5b7d9f1h3j5l7n9p",
          "detail": null
        },
        {
          "at": "2026-12-01T10:04:00.000Z",
          "action": "confirmed",
          "actor": "key_4e6g8i0k2m4o6q8s0u2a4c6e8g",
          "detail": null
        }
      ],
      "previous_meetings": []
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment of the token's patient: unknown, of another organisation, or another patient's (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_APPOINTMENT_NOT_FOUND)),
        Route::PatientCancel => op("patientCancelAppointment", "Patient booking", r#"Cancel my appointment (patient)"#)
            .describe(r#"Cancels one of the token holder's own `held` or `confirmed` appointments; its time is free again. A reason is optional (default `cancelled by the patient`) and is stored as `cancellation_reason`.

Unlike an admin cancellation, a patient's honours the appointment type's `min_cancel_notice_minutes`: less notice than that before the appointment starts is 409 `notice_too_short`. The body may be `{}`; it must still be a JSON object sent as `application/json`."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .body(
                Body::json(ty::<wire::calendar::body_schema::PatientCancelRequest>())
                    .examples(r#"{
  "reason": {
    "summary": "With a reason",
    "value": {
      "reason": "I cannot make it"
    }
  },
  "no_reason": {
    "summary": "Without a reason",
    "value": {}
  }
}"#),
            )
            .reply(Reply::new("200", r#"The cancelled appointment."#)
                .json(ty::<crate::view::calendar::PatientAppointment>())
                .examples(r#"{
  "cancelled": {
    "summary": "Cancelled",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "cancelled",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "at_clinic",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": "I cannot make it",
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "reason_long": {
    "summary": "`reason` too long",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reason` must be at most 500 characters",
        "field": "reason"
      }
    }
  },
  "reason_control": {
    "summary": "Control characters",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`reason` must not contain control characters",
        "field": "reason"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment of the token's patient: unknown, of another organisation, or another patient's (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The appointment is not `held` or `confirmed` (`invalid_transition`), or it starts sooner than the type's `min_cancel_notice_minutes` from now (`notice_too_short`; the clinic can still cancel it with `POST /v1/management/appointments/{appointment_uid}/cancel`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "notice_too_short": {
    "summary": "Too close to the appointment",
    "value": {
      "error": {
        "code": "notice_too_short",
        "message": "this needs at least 2880 minutes' notice before the appointment starts"
      }
    }
  },
  "cancelled": {
    "summary": "Already cancelled",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot cancel a cancelled appointment"
      }
    }
  }
}"#)),
        Route::PatientConfirm => op("patientConfirmAppointment", "Patient booking", r#"Confirm my held appointment (patient)"#)
            .describe(r#"Confirms one of the token holder's own `held` appointments before its hold lapses, optionally choosing the payment mode from the type's `payment_modes` (recorded only: Frontdesk takes no payment). The hold and its confirmation are one booking: the token's `jti` was spent on the hold, and confirming spends nothing, so the same token confirms what it held."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .body(
                Body::json(ty::<wire::ConfirmBooking>())
                    .examples(r#"{
  "online": {
    "summary": "Paying online",
    "value": {
      "payment_mode": "online"
    }
  },
  "as_held": {
    "summary": "The mode given when holding",
    "value": {}
  }
}"#),
            )
            .reply(Reply::new("200", r#"The confirmed appointment."#)
                .json(ty::<crate::view::calendar::PatientAppointment>())
                .examples(examples::PATIENT_APPOINTMENT_CONFIRMED))
            .reply(Reply::new("400", r#"The body is not a JSON object (`malformed_json`), or `payment_mode` is not one of the type's (`invalid_request`, `field` `payment_mode`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "payment_mode": {
    "summary": "Not offered by the type",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "this appointment type accepts at_clinic, online",
        "field": "payment_mode"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such appointment of the token's patient (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_APPOINTMENT_NOT_FOUND))
            .reply(Reply::new("409", r#"The hold has lapsed (`hold_expired`), or the appointment is not `held` (`invalid_transition`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "hold_expired": {
    "summary": "Too late",
    "value": {
      "error": {
        "code": "hold_expired",
        "message": "the hold on this slot expired; choose a slot again"
      }
    }
  }
}"#)),
        Route::PatientCalendar => op("patientAppointmentCalendar", "Patient booking", r#"My appointment as a calendar file (patient)"#)
            .describe(r#"The appointment as an iCalendar file (RFC 5545) for "Add to calendar": times in UTC; `UID` is the first appointment of the `previous_meeting_uid` chain (`{appointment_uid}@frontdesk`), so a calendar replaces the event when the appointment is rebooked; `SEQUENCE` counts the rebookings (plus one once cancelled); a cancelled appointment's file is `METHOD:CANCEL` with `STATUS:CANCELLED`. Served with `Content-Disposition: attachment`."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .reply(Reply::new("200", r#"The calendar file."#)
                .media("text/calendar", ty::<String>())
                .example(r#""BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Frontdesk//Booking//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\nUID:apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e@frontdesk\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261207T080000Z\r\nDTEND:20261207T083000Z\r\nSEQUENCE:0\r\nSTATUS:CONFIRMED\r\nSUMMARY:Consult · Harbour Clinic\r\nLOCATION:1 Harbour Road\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n""#))
            .reply(Reply::new("404", r#"No such appointment of the token's patient (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_APPOINTMENT_NOT_FOUND)),
        Route::BookingShops => op("bookingShops", "Patient booking", r#"Where I can book (patient)"#)
            .describe(r#"The shops the token holder may book in, each with its time zone and its doctors' names: the token's shop when it carries a `shop_uid` claim, otherwise the organisation's shops (at most 200), by name."#)
            .reply(Reply::new("200", r#"The shops."#)
                .json(ty::<crate::view::booking::BookingShops>())
                .examples(r#"{
  "one": {
    "summary": "A token for one shop",
    "value": {
      "data": [
        {
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "name": "Harbour Clinic",
          "address": "1 Harbour Road",
          "time_zone": "Europe/Berlin",
          "doctors": [
            { "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d", "name": "Dr. Lee" }
          ]
        }
      ]
    }
  }
}"#)),
        Route::BookingTypes => op("bookingAppointmentTypes", "Patient booking", r#"What I can book (patient)"#)
            .describe(r#"The organisation's appointment types (at most 200), by name, with what the booking page needs: length, hold time, the notice each change needs, the rebooking mode and the payment modes. Reminder rules are the clinic's and are not shown."#)
            .reply(Reply::new("200", r#"The types."#)
                .json(ty::<crate::view::booking::BookingTypes>())
                .examples(r#"{
  "types": {
    "summary": "One type",
    "value": {
      "data": [
        {
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "name": "Consult",
          "duration_minutes": 30,
          "hold_ttl_seconds": 600,
          "min_booking_notice_minutes": 0,
          "min_cancel_notice_minutes": 1440,
          "min_rebook_notice_minutes": 1440,
          "rebooking_mode": "same_doctor",
          "payment_modes": ["at_clinic", "online"]
        }
      ]
    }
  }
}"#)),
        Route::PatientRebook => op("patientRebookAppointment", "Patient booking", r#"Rebook my appointment (patient)"#)
            .describe(r#"Moves one of the token holder's own `held` or `confirmed` appointments to a new slot, exactly like `POST /v1/management/appointments/{appointment_uid}/rebook`: the rebooking is a **new** appointment linked to the original by `previous_meeting_uid`; the original becomes `cancelled` with `cancellation_reason` `rebooked` and `rebooked_to` set, in one step.

It honours the type's `rebooking_mode` (another `doctor_uid` only for `any_doctor`), `min_rebook_notice_minutes` before the current start, and for the new slot the same checks as booking. The new appointment keeps the patient, type, payment mode and status. No `jti` is needed or spent."#)
            .param(Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, one of another organisation, or another patient's appointment is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#))
            .body(
                Body::json(ty::<wire::Rebook>())
                    .examples(examples::REBOOK_SAME_DOCTOR),
            )
            .reply(Reply::new("201", r#"The new appointment (201)."#)
                .json(ty::<crate::view::calendar::PatientAppointment>())
                .examples(r#"{
  "rebooked": {
    "summary": "The new appointment",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_8g0i2k4m6o8q0s2u4a6c8e0g2i",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_5h0k3n6q9t2v4b7e0g3j6m9p1s",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-09T08:30:00.000Z",
      "end": "2026-12-09T09:00:00.000Z",
      "hold_expires_at": null,
      "previous_meeting_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-03T15:00:00.000Z",
      "updated_at": "2026-12-03T15:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_MALFORMED_JSON))
            .reply(Reply::new("404", r#"No such appointment of the token's patient (unknown, of another organisation, or another patient's), or `doctor_uid` is not a doctor of the appointment's shop (`error.code` `not_found`; `field` `doctor_uid` for the latter)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_NOT_FOUND))
            .reply(Reply::new("409", r#"The rebooking is refused: the appointment is not `held` or `confirmed` (`invalid_transition`), the type rebooks with the same doctor only (`rebooking_mode`), it is too late to rebook or the new slot starts too soon (`notice_too_short`), or the new slot is not offered (`slot_unavailable`) or not free (`slot_taken`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::REBOOK_INVALID_TRANSITION)),
        Route::CreatePatient => op("createPatient", "Patients", r#"Create a patient"#)
            .describe(r#"Creates a patient record with the Teladoc Health Solo demographics (`PatientDemographics`; only `name` is required). Phone numbers are normalised to E.164, numbers without a country code read as the organisation's `default_country`. `deceasedAt` is required when `deceased` is true and refused otherwise; `sharedEmailGroup` is required when `isLinkedByEmail` is true. Unknown fields are refused, and every 400 names the offending value by its JSON path (`field`, e.g. `telecom[0].value`).

The `mrn` and each external identifier (e.g. `SPID`, `HSID`) belong to one patient of the organisation: a second patient with the same one is 409. A phone number may be shared (a family), and so may an email address.

The response is the stored record with its new `patient_uid`, `created_at` and `updated_at`. Recorded in the audit log (`patient.created`)."#)
            .body(
                Body::json(ty::<crate::patient::Demographics>())
                    .examples(r#"{
  "full": {
    "summary": "Seed 002's demographics, with SPID and HSID",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "married",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+1 (111) 111-1111"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "(212) 555-0147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "firstName": "Anna",
              "lastName": "Shinoda"
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ]
    }
  },
  "minimal": {
    "summary": "Just a name and a number",
    "value": {
      "name": [
        {
          "firstName": "Mike",
          "lastName": "Shinoda"
        }
      ],
      "telecom": [
        {
          "system": "phone",
          "value": "111-111-1111"
        }
      ]
    }
  },
  "deceased": {
    "summary": "Deceased",
    "value": {
      "mrn": "MRN-77",
      "name": [
        {
          "firstName": "Ada",
          "lastName": "Example"
        }
      ],
      "deceased": true,
      "deceasedAt": "2020-03-31 10:12 AM"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The new record, as stored."#)
                .json(ty::<crate::view::patients::Patient>())
                .examples(r#"{
  "full": {
    "summary": "A full record",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "married",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+11111111111"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "+12125550147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Anna",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "deceasedAt": null,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-11-02T09:00:00.000Z"
    }
  },
  "minimal": {
    "summary": "Just a name and a number",
    "value": {
      "mrn": null,
      "name": [
        {
          "use": null,
          "family": null,
          "firstName": "Mike",
          "middleName": null,
          "lastName": "Shinoda",
          "alias": null
        }
      ],
      "birthDate": null,
      "gender": null,
      "maritalStatus": null,
      "telecom": [
        {
          "use": null,
          "system": "phone",
          "value": "+11111111111"
        }
      ],
      "contact": [],
      "preferredLanguage": null,
      "race": null,
      "ethnicity": null,
      "address": [],
      "active": true,
      "deceased": false,
      "deceasedAt": null,
      "isLinkedByEmail": false,
      "sharedEmailGroup": null,
      "identifiers": [],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The record is invalid (`error.code` `invalid_request`, or `malformed_json` when the body is not a JSON object). `error.field` is the JSON path of the offending value, e.g. `telecom[0].value`, `deceasedAt` or an unknown field's name."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_RECORD_ERRORS))
            .reply(Reply::new("409", r#"Another patient of the organisation already has this `mrn` (`mrn_taken`) or one of these identifiers (`identifier_taken`; the message names the system), or a concurrent request took it first (`patient_conflict`). Nothing was stored."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_CONFLICTS)),
        Route::FindPatients => op("findPatients", "Patients", r#"Find patients by mobile number, MRN or identifier"#)
            .describe(r#"Seed 004's **searchPatientByMobileNumber**, plus lookup by MRN and by external identifier. Give one of:

- `phone` (optionally with `country`): every patient whose own `telecom` has this number, in any format; normalised to E.164 exactly as stored numbers are, and looked up by index. A number a family shares returns every member, so the agent can ask which one is calling. At most 100.
- `mrn`: the patient with this medical record number.
- `identifier_system` and `identifier_value`: the patient with this external identifier, e.g. `identifier_system=SPID&identifier_value=12345` (Solo's "Get Patient with SPID") or `HSID`.

If several are given, `phone` wins, then `mrn`; an empty value counts as absent, and a request with none of the three is 400 with `field: phone` (a rule on which query parameters go together, which the parameters' schemas cannot state). Nothing found is `200` with an empty `data`; the call center then creates the patient (with the caller's consent) with `POST /v1/management/patients/with-appointment`. Inactive and deceased patients are found too (check `active` and `deceased`).

Each patient returned is recorded in the audit log (`patient.read (search by phone)`, `... mrn)` or `... identifier)`)."#)
            .param(Param::query("phone", false)
                .describe(r#"searchPatientByMobileNumber: a phone number in any usual format, normalised to E.164 like stored numbers, so `+1 (111) 111-1111`, `111-111-1111` and `+11111111111` find the same patients. Send `+` as `%2B` (a bare `+` in a query string is a space, and the number is then read as a national one). 400 with `field: phone` if it is not a plausible number."#)
                .schema(inline(r#"{
  "type": "string",
  "maxLength": 40,
  "format": "phone"
}"#))
                .example(r#""+1 (111) 111-1111""#))
            .param(Param::query("country", false)
                .describe(r#"With `phone`: the ISO 3166-1 alpha-2 country a number without country code is read as; default the organisation's `default_country`. 400 with `field: country` if unknown, with or without `phone`."#)
                .schema(ty::<crate::api_doc::schema::CountryCode>())
                .example(r#""US""#))
            .param(Param::query("mrn", false)
                .describe(r#"A medical record number, matched exactly (used when `phone` is not given)."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""MRN-123""#))
            .param(Param::query("identifier_system", false)
                .describe(r#"With `identifier_value`: an external identifier's system, e.g. `SPID` or `HSID` (used when neither `phone` nor `mrn` is given)."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""SPID""#))
            .param(Param::query("identifier_value", false)
                .describe(r#"With `identifier_system`: the identifier's value, matched exactly."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""12345""#))
            .reply(Reply::new("200", r#"The patients found, ordered by `patient_uid`."#)
                .json(ty::<crate::view::patients::PatientSearchResult>())
                .examples(examples::PATIENT_SEARCH_FAMILY))
            .reply(Reply::new("400", r#"No search criterion, or the number or country is not valid (`error.code` `invalid_request`; `field` is `phone` or `country`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_SEARCH_NO_CRITERION)),
        Route::CreatePatientWithAppointment => op("createPatientWithAppointment", "Patients", r#"Create a patient together with an appointment"#)
            .describe(r#"Seed 004's **postAppointment**: when searchPatientByMobileNumber found nobody, the call center creates the patient (with their consent) and books their appointment in one request: `{"patient": PatientDemographics, "appointment": {...}}`, the appointment as for `POST /v1/management/patients/{patient_uid}/appointments`.

Needs `patients:write` **and** `appointments:write` (403 `missing_scope` naming whichever the key lacks). Both parts are validated before anything is stored; an error's `field` is prefixed with the part, e.g. `patient.telecom[0].value` or `appointment.start`. The appointment is placed first and the patient stored only if it was: a taken slot (409 `slot_taken`) or any other refusal leaves no patient behind, and a retry creates no duplicate.

The response holds the stored patient (with its new `patient_uid`) and the appointment, whose `patient_profile_uid` is that `patient_uid`. Recorded in the audit log (`patient.created`) and in the appointment's history."#)
            .param(Param::header("Idempotency-Key", false)
                .describe(r#"1 to 255 visible ASCII characters (400 with `field: Idempotency-Key` otherwise), remembered for 24 hours per shop with the booking it placed. Every attempt mints a new `patient_uid`, which is part of the booking, so a repeated request with the same key is never booked twice but is answered 409 `idempotency_key_reused` rather than with the first response (and stores no second patient); after a lost response, find the patient with `GET /v1/management/patients?phone=...`."#)
                .schema(inline(r#"{
  "type": "string",
  "minLength": 1,
  "maxLength": 255,
  "pattern": "^[\\x21-\\x7e]{1,255}$"
}"#))
                .example(r#""7c0e8a52-3f4b-4d1e-9b6a-2d5f8c1e0a97""#))
            .body(
                Body::json(ty::<wire::calendar::body_schema::PatientWithAppointmentRequest>())
                    .examples(r#"{
  "confirmed": {
    "summary": "New caller, confirmed at once",
    "value": {
      "patient": {
        "name": [
          {
            "use": "usual",
            "firstName": "Rosa",
            "lastName": "Diaz"
          }
        ],
        "birthDate": "1990-06-01",
        "gender": "female",
        "telecom": [
          {
            "use": "mobile",
            "system": "phone",
            "value": "+1 (111) 222-3333"
          }
        ]
      },
      "appointment": {
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "start": "2026-12-07T08:00:00.000Z",
        "payment_mode": "insurance",
        "status": "confirmed"
      }
    }
  },
  "hold": {
    "summary": "New caller, hold the slot",
    "value": {
      "patient": {
        "name": [
          {
            "firstName": "Mike",
            "lastName": "Shinoda"
          }
        ],
        "telecom": [
          {
            "system": "phone",
            "value": "111-111-1111"
          }
        ]
      },
      "appointment": {
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "start": "2026-12-07T09:00:00+01:00",
        "payment_mode": "insurance"
      }
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The new patient and their appointment."#)
                .json(ty::<crate::view::patients::PatientWithAppointment>())
                .examples(r#"{
  "created": {
    "summary": "A new caller, booked confirmed",
    "value": {
      "patient": {
        "mrn": null,
        "name": [
          {
            "use": "usual",
            "family": null,
            "firstName": "Rosa",
            "middleName": null,
            "lastName": "Diaz",
            "alias": null
          }
        ],
        "birthDate": "1990-06-01",
        "gender": "female",
        "maritalStatus": null,
        "telecom": [
          {
            "use": "mobile",
            "system": "phone",
            "value": "+11112223333"
          }
        ],
        "contact": [],
        "preferredLanguage": null,
        "race": null,
        "ethnicity": null,
        "address": [],
        "active": true,
        "deceased": false,
        "deceasedAt": null,
        "isLinkedByEmail": false,
        "sharedEmailGroup": null,
        "identifiers": [],
        "patient_uid": "pp_1b3d5f7h9j1l3n5p7r9t1v3a5c",
        "created_at": "2026-12-01T10:00:00.000Z",
        "updated_at": "2026-12-01T10:00:00.000Z"
      },
      "appointment": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_5d7f9h1j3l5n7p9r1t3v5b7d9f",
        "status": "confirmed",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_1b3d5f7h9j1l3n5p7r9t1v3a5c",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "payment_mode": "insurance",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "hold_expires_at": null,
        "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
        "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "cancellation_reason": null,
        "checked_in_at": null,
        "queue_uid": null,
        "created_at": "2026-12-01T10:00:00.000Z",
        "updated_at": "2026-12-01T10:00:00.000Z"
      }
    }
  }
}"#))
            .reply(Reply::new("400", r#"Either part is invalid (`error.code` `invalid_request`, or `malformed_json` when the body is not a JSON object). `field` is the path of the offending value prefixed `patient.` or `appointment.`; a payment mode the type does not accept is reported as `payment_mode`, and a bad header as `Idempotency-Key`."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "patient_missing": {
    "summary": "`patient` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`patient` is required",
        "field": "patient"
      }
    }
  },
  "appointment_missing": {
    "summary": "`appointment` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`appointment` is required",
        "field": "appointment"
      }
    }
  },
  "appointment_not_object": {
    "summary": "`appointment` is not an object",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`appointment` must be an object",
        "field": "appointment"
      }
    }
  },
  "patient_no_name": {
    "summary": "No name",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`patient.name` needs at least one name",
        "field": "patient.name"
      }
    }
  },
  "patient_bad_phone": {
    "summary": "Not a phone number",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`patient.telecom[0].value` is not a phone number",
        "field": "patient.telecom[0].value"
      }
    }
  },
  "patient_deceased_at_missing": {
    "summary": "`deceased` without `deceasedAt`",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`patient.deceasedAt` is required when deceased is true",
        "field": "patient.deceasedAt"
      }
    }
  },
  "patient_unknown_field": {
    "summary": "Unknown field (here Solo's deprecated `accountNumber`)",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`patient.accountNumber` unknown field `accountNumber`, expected one of `mrn`, `name`, `birthDate`, `gender`, `maritalStatus`, `telecom`, `contact`, `preferredLanguage`, `race`, `ethnicity`, `address`, `active`, `deceased`, `deceasedAt`, `isLinkedByEmail`, `sharedEmailGroup`, `identifiers`",
        "field": "patient.accountNumber"
      }
    }
  },
  "appointment_start_missing": {
    "summary": "`appointment.start` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` is required",
        "field": "appointment.start"
      }
    }
  },
  "appointment_bad_payment_mode": {
    "summary": "Unknown payment mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`payment_mode` must be one of online, at_clinic, insurance, free",
        "field": "appointment.payment_mode"
      }
    }
  },
  "payment_mode_not_accepted": {
    "summary": "Payment mode not accepted by the type",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "this appointment type accepts online, insurance",
        "field": "payment_mode"
      }
    }
  },
  "bad_idempotency_key": {
    "summary": "Bad Idempotency-Key",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
        "field": "Idempotency-Key"
      }
    }
  }
}"#))
            .reply(Reply::new("403", r#"The API key is valid but lacks `patients:write` (the route's scope) or `appointments:write` (also needed, to book); the message names the missing one (`error.code` `missing_scope`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing_scope": {
    "summary": "Scope missing",
    "value": {
      "error": {
        "code": "missing_scope",
        "message": "this API key lacks the `patients:write` scope"
      }
    }
  },
  "missing_appointments_write": {
    "summary": "Has patients:write, lacks appointments:write",
    "value": {
      "error": {
        "code": "missing_scope",
        "message": "this API key lacks the `appointments:write` scope"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"The appointment's shop or appointment type is not the caller's organisation's, or its doctor is not a doctor of that shop (`error.code` `not_found`; `field` names which, without the `appointment.` prefix). No patient was stored."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOK_UNKNOWN_SHOP))
            .reply(Reply::new("409", r#"Nothing was created. The patient's `mrn` or an identifier belongs to another patient (`mrn_taken`, `identifier_taken`, or `patient_conflict` when a concurrent request took it first; in that last case the appointment, already placed, is cancelled again with the reason `the patient record could not be created`); or the slot cannot be had (`slot_taken`, `slot_unavailable`, `notice_too_short`) and no patient was stored; or the `Idempotency-Key` was already used (`idempotency_key_reused`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "mrn_taken": {
    "summary": "MRN used by another patient",
    "value": {
      "error": {
        "code": "mrn_taken",
        "message": "another patient has this MRN"
      }
    }
  },
  "identifier_taken": {
    "summary": "Identifier used by another patient",
    "value": {
      "error": {
        "code": "identifier_taken",
        "message": "another patient has this SPID identifier"
      }
    }
  },
  "patient_conflict": {
    "summary": "Lost a race for the MRN or an identifier",
    "value": {
      "error": {
        "code": "patient_conflict",
        "message": "another patient has this MRN or identifier"
      }
    }
  },
  "slot_taken": {
    "summary": "Slot taken: no patient is created",
    "value": {
      "error": {
        "code": "slot_taken",
        "message": "that time is no longer free"
      }
    }
  },
  "slot_unavailable": {
    "summary": "Not an offered slot",
    "value": {
      "error": {
        "code": "slot_unavailable",
        "message": "that start time is not one of the doctor's offered slots for this appointment type"
      }
    }
  },
  "notice_too_short": {
    "summary": "Too soon",
    "value": {
      "error": {
        "code": "notice_too_short",
        "message": "this appointment type must be booked at least 60 minutes ahead"
      }
    }
  },
  "reused": {
    "summary": "Idempotency-Key reused (also on a retry of this request)",
    "value": {
      "error": {
        "code": "idempotency_key_reused",
        "message": "this Idempotency-Key was used with a different request"
      }
    }
  }
}"#)),
        Route::GetPatient => op("getPatient", "Patients", r#"Get a patient"#)
            .describe(r#"One patient record, as stored (phone numbers in E.164; every field present). Recorded in the audit log (`patient.read`, outcome `ok`, or `not_found` for an unknown `patient_uid`)."#)
            .param(Param::Shared("PatientUidPath"))
            .reply(Reply::new("200", r#"The record."#)
                .json(ty::<crate::view::patients::Patient>())
                .examples(r#"{
  "patient": {
    "summary": "A patient",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "married",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+11111111111"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "+12125550147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Anna",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "deceasedAt": null,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND)),
        Route::ReplacePatient => op("replacePatient", "Patients", r#"Replace a patient"#)
            .describe(r#"Replaces the whole record, as Solo's "Update Patient": the body is a complete `PatientDemographics`, validated exactly like a new record, and fields left out take their defaults (`null`, `[]`, `active` true, `deceased` false). To change a few fields, use `PATCH`. `deceasedAt` is required when `deceased` is true, and an error when `deceased` is false or not given. `patient_uid` and `created_at` are kept.

Recorded in the audit log as `patient.updated`, or `patient.deactivated` when it sets `active` from true to false (outcome `not_found` for an unknown `patient_uid`)."#)
            .param(Param::Shared("PatientUidPath"))
            .body(
                Body::json(ty::<crate::patient::Demographics>())
                    .examples(r#"{
  "replace": {
    "summary": "The whole record",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "divorced",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+1 (111) 222-3333"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "(212) 555-0147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "firstName": "Anna",
              "lastName": "Shinoda"
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ]
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The record as now stored."#)
                .json(ty::<crate::view::patients::Patient>())
                .examples(r#"{
  "replaced": {
    "summary": "New number, new marital status",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "divorced",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+11112223333"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "+12125550147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Anna",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "deceasedAt": null,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-12-01T10:03:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The record is invalid (`error.code` `invalid_request`, or `malformed_json` when the body is not a JSON object). `error.field` is the JSON path of the offending value, e.g. `telecom[0].value`, `deceasedAt` or an unknown field's name."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_RECORD_ERRORS))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND))
            .reply(Reply::new("409", r#"Another patient of the organisation already has this `mrn` (`mrn_taken`) or one of these identifiers (`identifier_taken`; the message names the system), or a concurrent request took it first (`patient_conflict`). Nothing was stored."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_CONFLICTS)),
        Route::PatchPatient => op("patchPatient", "Patients", r#"Update part of a patient"#)
            .describe(r#"Applies a JSON merge patch (RFC 7396) to the stored record: members sent replace the stored ones, members set to `null` are removed (taking their defaults), members not sent are kept; lists are replaced whole, `sharedEmailGroup` is merged member by member. Send it as `application/merge-patch+json` or `application/json`.

The patched record is validated whole, exactly like a replacement, so a patch cannot leave a record a replacement would refuse: e.g. `{"deceased": true}` alone is 400 (`deceasedAt` is then required), `{"name": null}` is 400 (at least one name), and `{"deceased": false}` on a deceased record is 400 unless it also removes `deceasedAt` (`"deceasedAt": null`). `field` names the offending value of the patched record.

Recorded in the audit log as `patient.updated`, or `patient.deactivated` when it sets `active` from true to false (outcome `not_found` for an unknown `patient_uid`)."#)
            .param(Param::Shared("PatientUidPath"))
            .body(
                Body::media("application/merge-patch+json", ty::<crate::patient::schema::MergePatch>())
                    .examples(examples::PATIENT_PATCH_NEW_NUMBER)
                    .or("application/json", ty::<crate::patient::schema::MergePatch>())
                    .examples(examples::PATIENT_PATCH_NEW_NUMBER),
            )
            .reply(Reply::new("200", r#"The record as now stored."#)
                .json(ty::<crate::view::patients::Patient>())
                .examples(r#"{
  "new_number": {
    "summary": "New number, marital status removed",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": null,
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+11112223333"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "+12125550147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Anna",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": true,
      "deceased": false,
      "deceasedAt": null,
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-12-01T10:03:00.000Z"
    }
  },
  "deceased": {
    "summary": "Marked deceased and deactivated",
    "value": {
      "mrn": "MRN-123",
      "name": [
        {
          "use": "usual",
          "family": "Mike Shinoda",
          "firstName": "Mike",
          "middleName": "",
          "lastName": "Shinoda",
          "alias": ""
        }
      ],
      "birthDate": "1983-08-15",
      "gender": "male",
      "maritalStatus": "married",
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+11111111111"
        },
        {
          "use": "home",
          "system": "email",
          "value": "mike_zzzzzzz@company.com"
        }
      ],
      "contact": [
        {
          "telecom": [
            {
              "use": "home",
              "system": "phone",
              "value": "+12125550147"
            }
          ],
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Anna",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ]
        }
      ],
      "preferredLanguage": "English",
      "race": "White",
      "ethnicity": "not Hispanic or Latino",
      "address": [
        {
          "use": "home",
          "line": [
            "123 Main St",
            ""
          ],
          "apartment": "",
          "city": "New York",
          "state": "NY",
          "postalcode": "10019",
          "country": "USA"
        }
      ],
      "active": false,
      "deceased": true,
      "deceasedAt": "2020-03-31 10:12 AM",
      "isLinkedByEmail": true,
      "sharedEmailGroup": {
        "type": "family",
        "name": "Shinoda family"
      },
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ],
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-12-01T10:03:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The record is invalid (`error.code` `invalid_request`, or `malformed_json` when the body is not a JSON object). `error.field` is the JSON path of the offending value, e.g. `telecom[0].value`, `deceasedAt` or an unknown field's name."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_RECORD_ERRORS))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND))
            .reply(Reply::new("409", r#"Another patient of the organisation already has this `mrn` (`mrn_taken`) or one of these identifiers (`identifier_taken`; the message names the system), or a concurrent request took it first (`patient_conflict`). Nothing was stored."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_CONFLICTS))
            .reply(Reply::new("415", r#"The body was not sent as `Content-Type: application/merge-patch+json` or `application/json` (`error.code` `unsupported_media_type`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_json": {
    "summary": "Wrong content type",
    "value": {
      "error": {
        "code": "unsupported_media_type",
        "message": "the body must be sent as `Content-Type: application/json`"
      }
    }
  }
}"#)),
        Route::PastAppointments => op("listPastAppointments", "Patients", r#"List a patient's past completed appointments"#)
            .describe(r#"Seed 004's **getPatientPastCompletedAppointment**: the patient's `completed` appointments (checked out), newest first, each with what the call-center screen shows: the doctor (`doctor_uid`, `name`), the appointment type (`appointment_type_uid`, `name`) and the clinic (`shop_uid`, `name`, `address`). Cancelled, no-show and upcoming appointments are not listed (see `GET /v1/management/appointments?patient_profile_uid=...`).

At most `limit` (default 50, at most 200); not paged further. Read from the appointment read model, which may briefly lag a visit completed a moment ago. Recorded in the audit log (`patient.read (past appointments)`)."#)
            .param(Param::Shared("PatientUidPath"))
            .param(Param::Shared("Limit"))
            .reply(Reply::new("200", r#"Completed appointments, newest first."#)
                .json(ty::<crate::view::patients::PastAppointments>())
                .examples(r#"{
  "two_visits": {
    "summary": "Two past visits",
    "value": {
      "data": [
        {
          "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_9j1l3n5p7r9t1v3b5d7f9h1j3l",
          "status": "completed",
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "payment_mode": "insurance",
          "start": "2026-11-16T08:00:00.000Z",
          "end": "2026-11-16T08:30:00.000Z",
          "hold_expires_at": null,
          "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "previous_meeting_uid": null,
          "rebooked_to": null,
          "cancellation_reason": null,
          "checked_in_at": "2026-11-16T07:55:00.000Z",
          "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_6k8m0o2q4s6u8a0c2e4g6i8k0m",
          "created_at": "2026-09-01T10:00:00.000Z",
          "updated_at": "2026-11-16T08:31:00.000Z",
          "doctor": {
            "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
            "name": "Dr. Amara Okafor"
          },
          "appointment_type": {
            "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
            "name": "Video consultation"
          },
          "shop": {
            "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
            "name": "Riverside Mitte",
            "address": "Invalidenstraße 1, 10115 Berlin"
          }
        },
        {
          "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_2e4g6i8k0m2o4q6s8u0a2c4e6g",
          "status": "completed",
          "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
          "payment_mode": "insurance",
          "start": "2026-10-05T08:00:00.000Z",
          "end": "2026-10-05T08:30:00.000Z",
          "hold_expires_at": null,
          "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
          "previous_meeting_uid": null,
          "rebooked_to": null,
          "cancellation_reason": null,
          "checked_in_at": "2026-10-05T07:58:00.000Z",
          "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_4f6h8j0l2n4p6r8t0v2b4d6f8h",
          "created_at": "2026-09-01T10:00:00.000Z",
          "updated_at": "2026-10-05T08:29:00.000Z",
          "doctor": {
            "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
            "name": "Dr. Amara Okafor"
          },
          "appointment_type": {
            "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
            "name": "Video consultation"
          },
          "shop": {
            "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
            "name": "Riverside Mitte",
            "address": "Invalidenstraße 1, 10115 Berlin"
          }
        }
      ]
    }
  },
  "none": {
    "summary": "No completed visit yet",
    "value": {
      "data": []
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is wrong (`error.code` `invalid_request`, `field: limit`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_NOT_FOUND)),
        Route::BookForPatient => op("bookAppointmentForPatient", "Patients", r#"Book an appointment for a patient"#)
            .describe(r#"Seed 004's **postAppointmentByPatientID**: books a slot for a patient the call center found (searchPatientByMobileNumber), like `POST /v1/management/appointments` with `patient_profile_uid` taken from the path (one in the body is ignored). By default this places a **hold** (`status: held`) until `hold_expires_at`; send `"status": "confirmed"` to book confirmed at once.

An unknown `patient_uid` is 404. A shop's bookings are decided one at a time, so however many requests race for one slot, exactly one wins and the others get 409 `slot_taken`. Send an `Idempotency-Key` header to make retries safe. Needs `appointments:write` (not a `patients:` scope)."#)
            .param(Param::Shared("PatientUidPath"))
            .param(Param::Shared("BookingIdempotencyKey"))
            .body(
                Body::json(ty::<wire::calendar::body_schema::BookForPatientRequest>())
                    .examples(r#"{
  "confirmed": {
    "summary": "Book confirmed at once",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "start": "2026-12-07T08:00:00.000Z",
      "payment_mode": "insurance",
      "status": "confirmed"
    }
  },
  "hold": {
    "summary": "Hold a slot, start with an offset",
    "value": {
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "start": "2026-12-07T09:00:00+01:00",
      "payment_mode": "insurance"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The new appointment. Also the answer to a repeated request with the same `Idempotency-Key`."#)
                .json(ty::<crate::view::calendar::AppointmentView>())
                .examples(r#"{
  "held": {
    "summary": "A hold",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "held",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": "2026-12-01T10:10:00.000Z",
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  },
  "confirmed": {
    "summary": "Booked confirmed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "video_room_id": "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "join_url": "https://meet.jit.si/fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l",
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid. `error.code` is `malformed_json` when the body is not a JSON object, and `invalid_request` when a field is missing or wrong; `error.field` then names that field (a body field, query parameter or header)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BOOK_MALFORMED_JSON))
            .reply(Reply::new("404", r#"No such patient in the caller's organisation (no `field`), or the shop or the appointment type is not the caller's organisation's, or the doctor is not a doctor of this shop (`error.code` `not_found`; `field` names which)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "patient": {
    "summary": "Unknown patient",
    "value": {
      "error": {
        "code": "not_found",
        "message": "patient not found"
      }
    }
  },
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "doctor_uid"
      }
    }
  },
  "type": {
    "summary": "Unknown appointment type",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment type not found",
        "field": "appointment_type_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"The slot cannot be had (`slot_unavailable`: `start` is not an offered slot of the doctor for this type; `notice_too_short`: it starts sooner than the type's `min_booking_notice_minutes`; `slot_taken`: a held or confirmed appointment of the doctor overlaps it), or the `Idempotency-Key` was already used with a different booking (`idempotency_key_reused`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SLOT_UNAVAILABLE)),
        Route::CreateSubscription => op("createWebhookSubscription", "Webhooks", r#"Create a webhook subscription"#)
            .describe(r#"Subscribes an endpoint to event types. From now on, every event of those types is POSTed to `url`, signed with the subscription's secret (see the tag Webhooks for the headers, the signature and the retries).

The response holds the signing secret (`secret`, `whsec_...`): store it now, it is **shown only here** (Frontdesk keeps it sealed and never returns it again)."#)
            .body(
                Body::json(ty::<wire::WebhookSettings>())
                    .examples(r#"{
  "appointments": {
    "summary": "Appointment changes and reminders, with a custom header",
    "value": {
      "url": "https://hooks.example.com/frontdesk",
      "event_types": [
        "APPOINTMENT_CONFIRMED",
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_REBOOKED",
        "APPOINTMENT_REMINDER_DUE"
      ],
      "headers": {
        "X-Partner": "acme"
      }
    }
  },
  "waiting_room": {
    "summary": "The waiting room only",
    "value": {
      "url": "https://desk.example.com/hooks/frontdesk",
      "event_types": [
        "WAITING_ROOM_REGISTERED",
        "WAITING_ROOM_ALLOCATED",
        "WAITING_ROOM_COMPLETED",
        "WAITING_ROOM_CANCELLED"
      ]
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"The subscription, with its signing secret."#)
                .json(ty::<crate::view::webhooks::CreatedSubscription>())
                .examples(r#"{
  "created": {
    "summary": "Created, with its secret",
    "value": {
      "subscription_id": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h",
      "url": "https://hooks.example.com/frontdesk",
      "event_types": [
        "APPOINTMENT_CONFIRMED",
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_REBOOKED",
        "APPOINTMENT_REMINDER_DUE"
      ],
      "headers": {
        "X-Partner": "acme"
      },
      "enabled": true,
      "disabled_reason": null,
      "created_at": "2026-11-20T09:00:00.000Z",
      "updated_at": "2026-11-20T09:00:00.000Z",
      "secret": "whsec_X67ezBjRfe3SbWOIdUX26EnTQgn35kCS"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The body is invalid (`error.code` `invalid_request`, `field` naming `url`, `event_types`, `headers` or `enabled`; `malformed_json` when the body is not a JSON object)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_BODY_ERRORS))
            .reply(Reply::new("409", r#"`limit_reached`: the organisation's cap (`MAX_WEBHOOK_SUBSCRIPTIONS_PER_ORG`, 25)"#)
                .json(ty::<ErrorBody>())
                .example(r#"{
  "error": {
    "code": "limit_reached",
    "field": "url",
    "message": "an organisation may have at most 25 webhook subscriptions; delete one first"
  }
}"#)),
        Route::ListSubscriptions => op("listWebhookSubscriptions", "Webhooks", r#"List webhook subscriptions"#)
            .describe(r#"The organisation's subscriptions, ordered by `subscription_id`, without their secrets."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of subscriptions."#)
                .json(ty::<crate::view::Listing<crate::view::webhooks::Subscription>>())
                .examples(r#"{
  "page": {
    "summary": "One active, one disabled by a 410",
    "value": {
      "data": [
        {
          "subscription_id": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h",
          "url": "https://hooks.example.com/frontdesk",
          "event_types": [
            "APPOINTMENT_CONFIRMED",
            "APPOINTMENT_CANCELLED",
            "APPOINTMENT_REBOOKED",
            "APPOINTMENT_REMINDER_DUE"
          ],
          "headers": {
            "X-Partner": "acme"
          },
          "enabled": true,
          "disabled_reason": null,
          "created_at": "2026-11-20T09:00:00.000Z",
          "updated_at": "2026-11-20T09:00:00.000Z"
        },
        {
          "subscription_id": "whs_8a0c2e4g6i8k0m2o4q6s8u0a2c",
          "url": "https://old.example.org/hooks",
          "event_types": [
            "WAITING_ROOM_REGISTERED",
            "WAITING_ROOM_ALLOCATED"
          ],
          "headers": {},
          "enabled": false,
          "disabled_reason": "endpoint answered 410 Gone",
          "created_at": "2026-11-20T09:00:00.000Z",
          "updated_at": "2026-11-28T16:42:03.118Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is wrong (`error.code` `invalid_request`, `field: limit`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::GetSubscription => op("getWebhookSubscription", "Webhooks", r#"Get a webhook subscription"#)
            .describe(r#"One subscription, without its secret. `enabled` and `disabled_reason` show whether Frontdesk disabled it because the endpoint answered 410 Gone."#)
            .param(Param::Shared("SubscriptionIdPath"))
            .reply(Reply::new("200", r#"The subscription."#)
                .json(ty::<crate::view::webhooks::Subscription>())
                .examples(r#"{
  "active": {
    "summary": "Active",
    "value": {
      "subscription_id": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h",
      "url": "https://hooks.example.com/frontdesk",
      "event_types": [
        "APPOINTMENT_CONFIRMED",
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_REBOOKED",
        "APPOINTMENT_REMINDER_DUE"
      ],
      "headers": {
        "X-Partner": "acme"
      },
      "enabled": true,
      "disabled_reason": null,
      "created_at": "2026-11-20T09:00:00.000Z",
      "updated_at": "2026-11-20T09:00:00.000Z"
    }
  },
  "disabled": {
    "summary": "Disabled by a 410",
    "value": {
      "subscription_id": "whs_8a0c2e4g6i8k0m2o4q6s8u0a2c",
      "url": "https://old.example.org/hooks",
      "event_types": [
        "WAITING_ROOM_REGISTERED",
        "WAITING_ROOM_ALLOCATED"
      ],
      "headers": {},
      "enabled": false,
      "disabled_reason": "endpoint answered 410 Gone",
      "created_at": "2026-11-20T09:00:00.000Z",
      "updated_at": "2026-11-28T16:42:03.118Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such subscription in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_NOT_FOUND)),
        Route::UpdateSubscription => op("replaceWebhookSubscription", "Webhooks", r#"Replace a webhook subscription"#)
            .describe(r#"Replaces the subscription's `url`, `event_types`, `headers` and `enabled` at once, validated as on creation: a field left out takes its default (no custom headers, `enabled` true). The secret is kept.

Enabling a subscription clears its `disabled_reason`. Deliveries a 410 cancelled stay cancelled (redeliver them if needed); deliveries that were pending while it was disabled by `"enabled": false` resume. Events published while it was disabled are not delivered."#)
            .param(Param::Shared("SubscriptionIdPath"))
            .body(
                Body::json(ty::<wire::WebhookSettings>())
                    .examples(r#"{
  "reenable": {
    "summary": "Enable again (e.g. after a 410)",
    "value": {
      "url": "https://old.example.org/hooks",
      "event_types": [
        "WAITING_ROOM_REGISTERED",
        "WAITING_ROOM_ALLOCATED"
      ],
      "enabled": true
    }
  },
  "pause": {
    "summary": "Pause deliveries",
    "value": {
      "url": "https://hooks.example.com/frontdesk",
      "event_types": [
        "APPOINTMENT_CONFIRMED",
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_REBOOKED",
        "APPOINTMENT_REMINDER_DUE"
      ],
      "headers": {
        "X-Partner": "acme"
      },
      "enabled": false
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The subscription as now stored."#)
                .json(ty::<crate::view::webhooks::Subscription>())
                .examples(r#"{
  "reenabled": {
    "summary": "Enabled again after a 410",
    "value": {
      "subscription_id": "whs_8a0c2e4g6i8k0m2o4q6s8u0a2c",
      "url": "https://old.example.org/hooks",
      "event_types": [
        "WAITING_ROOM_REGISTERED",
        "WAITING_ROOM_ALLOCATED"
      ],
      "headers": {},
      "enabled": true,
      "disabled_reason": null,
      "created_at": "2026-11-20T09:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  },
  "paused": {
    "summary": "Paused",
    "value": {
      "subscription_id": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h",
      "url": "https://hooks.example.com/frontdesk",
      "event_types": [
        "APPOINTMENT_CONFIRMED",
        "APPOINTMENT_CANCELLED",
        "APPOINTMENT_REBOOKED",
        "APPOINTMENT_REMINDER_DUE"
      ],
      "headers": {
        "X-Partner": "acme"
      },
      "enabled": false,
      "disabled_reason": null,
      "created_at": "2026-11-20T09:00:00.000Z",
      "updated_at": "2026-12-01T10:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The body is invalid (`error.code` `invalid_request`, `field` naming `url`, `event_types`, `headers` or `enabled`; `malformed_json` when the body is not a JSON object)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_BODY_ERRORS))
            .reply(Reply::new("404", r#"No such subscription in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_NOT_FOUND)),
        Route::DeleteSubscription => op("deleteWebhookSubscription", "Webhooks", r#"Delete a webhook subscription"#)
            .describe(r#"Deletes the subscription and cancels its pending deliveries: nothing more is sent to its endpoint. Its delivery log is no longer readable."#)
            .param(Param::Shared("SubscriptionIdPath"))
            .reply(Reply::new("200", r#"Deleted."#)
                .json(ty::<crate::view::webhooks::SubscriptionDeleted>())
                .examples(r#"{
  "deleted": {
    "summary": "Deleted",
    "value": {
      "subscription_id": "whs_3f5h7j9l1n3p5r7t9v1b3d5f7h",
      "deleted": true
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such subscription in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_NOT_FOUND)),
        Route::ListDeliveries => op("listWebhookDeliveries", "Webhooks", r#"List a subscription's deliveries"#)
            .describe(r#"The subscription's delivery log: one entry per event delivered (or being delivered) to it, with its status, the next attempt's time while pending, and every attempt's time, HTTP status (or why there was none) and duration. Newest first, in the order the deliveries were made; follow `next_cursor` for older ones."#)
            .param(Param::Shared("SubscriptionIdPath"))
            .param(Param::Shared("Limit"))
            .param(Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page: entries older than it (anything but a number is 400 with `field: cursor`)."#)
                .schema(ty::<crate::wire::page::query_schema::RowidCursor>()))
            .reply(Reply::new("200", r#"A page of deliveries."#)
                .json(ty::<crate::view::Listing<crate::view::webhooks::Delivery>>())
                .examples(r#"{
  "page": {
    "summary": "Delivered on the third attempt; another one retrying",
    "value": {
      "data": [
        {
          "delivery_id": "msg_0p2r4t6v8b0d2f4h6j8l0n2q4s_3f5h7j9l1n3p5r7t9v1b3d5f7h",
          "event_id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
          "event_type": "APPOINTMENT_CONFIRMED",
          "status": "delivered",
          "attempt_count": 3,
          "next_attempt_at": null,
          "created_at": "2026-12-01T10:00:00.412Z",
          "attempts": [
            {
              "attempted_at": "2026-12-01T10:00:00.431Z",
              "status_code": 500,
              "duration_ms": 212,
              "error": null
            },
            {
              "attempted_at": "2026-12-01T10:00:05.860Z",
              "status_code": null,
              "duration_ms": 15001,
              "error": "no answer within 15 s"
            },
            {
              "attempted_at": "2026-12-01T10:05:21.094Z",
              "status_code": 200,
              "duration_ms": 87,
              "error": null
            }
          ]
        },
        {
          "delivery_id": "msg_4k6m8o0q2s4u6a8c0e2g4i6k8m_3f5h7j9l1n3p5r7t9v1b3d5f7h",
          "event_id": "evt_4k6m8o0q2s4u6a8c0e2g4i6k8m",
          "event_type": "APPOINTMENT_CANCELLED",
          "status": "pending",
          "attempt_count": 1,
          "next_attempt_at": "2026-12-02T15:00:06.140Z",
          "created_at": "2026-12-02T15:00:00.208Z",
          "attempts": [
            {
              "attempted_at": "2026-12-02T15:00:00.233Z",
              "status_code": 503,
              "duration_ms": 96,
              "error": null
            }
          ]
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is wrong (`error.code` `invalid_request`, `field: limit`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT))
            .reply(Reply::new("404", r#"No such subscription in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::SUBSCRIPTION_NOT_FOUND)),
        Route::Redeliver => op("redeliverWebhook", "Webhooks", r#"Redeliver a webhook"#)
            .describe(r#"Sends a delivery again, at once and with a fresh retry schedule: whatever its status (`delivered`, `failed`, `cancelled` or `pending`), it becomes `pending` with `attempt_count` 0 and the same `webhook-id` and body (the receiver can tell it has seen it), signed with a new timestamp. The attempts so far stay in the log. No body is needed (one sent is ignored).

The subscription must be enabled (409 `subscription_disabled`): enable it first with `PUT`."#)
            .param(Param::Shared("SubscriptionIdPath"))
            .param(Param::Shared("DeliveryIdPath"))
            .reply(Reply::new("202", r#"Queued for delivery."#)
                .json(ty::<crate::view::webhooks::RedeliveryAccepted>())
                .examples(r#"{
  "accepted": {
    "summary": "Queued",
    "value": {
      "delivery_id": "msg_0p2r4t6v8b0d2f4h6j8l0n2q4s_3f5h7j9l1n3p5r7t9v1b3d5f7h",
      "status": "pending"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such subscription in the caller's organisation, or no such delivery of it (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "subscription": {
    "summary": "No such subscription",
    "value": {
      "error": {
        "code": "not_found",
        "message": "subscription not found"
      }
    }
  },
  "delivery": {
    "summary": "No such delivery",
    "value": {
      "error": {
        "code": "not_found",
        "message": "delivery not found"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"The subscription is disabled (`error.code` `subscription_disabled`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "disabled": {
    "summary": "Subscription disabled",
    "value": {
      "error": {
        "code": "subscription_disabled",
        "message": "enable the subscription before redelivering"
      }
    }
  }
}"#)),
        Route::ListMessages => op("listMessages", "Webhooks", r#"List reminder messages"#)
            .describe(r#"The emails and SMS Frontdesk sends for reminder rules with `send_email` or `send_sms`: one message per `APPOINTMENT_REMINDER_DUE` event and channel, with the address it went to and what became of it. With no provider configured (as under `make dev`), this is the outbox to read them in (status `stored_locally`).

The address is looked up when the message is sent: for a patient, the first `email` (email) or `phone` (SMS) entry of `telecom` in the directory record whose `patient_uid` is the appointment's `patient_profile_uid` (a patient known only by an integrator's id has none); for a doctor, their mobile phone for SMS (`PUT /v1/management/doctors/{doctor_uid}/mobile-phone`) and nothing for email; for `admin`, nothing. No address gives status `no_address`. Messages are not retried.

Newest first, in the order the messages were queued; follow `next_cursor` for older ones."#)
            .param(Param::Shared("Limit"))
            .param(Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page: entries older than it (anything but a number is 400 with `field: cursor`)."#)
                .schema(ty::<crate::wire::page::query_schema::RowidCursor>()))
            .reply(Reply::new("200", r#"A page of messages."#)
                .json(ty::<crate::view::Listing<crate::view::messages::Message>>())
                .examples(r#"{
  "page": {
    "summary": "Sent, kept locally, and one without an address",
    "value": {
      "data": [
        {
          "message_id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s:email",
          "event_id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
          "channel": "email",
          "recipient": "patient:pp-xyz789",
          "address": null,
          "status": "no_address",
          "body": "Reminder: you have a telehealth appointment starting at 2026-12-07T08:00:00.000Z (UTC).",
          "created_at": "2026-12-06T08:00:12.611Z"
        },
        {
          "message_id": "evt_2h4j6l8n0p2r4t6v8b0d2f4h6j:sms",
          "event_id": "evt_2h4j6l8n0p2r4t6v8b0d2f4h6j",
          "channel": "sms",
          "recipient": "doctor:doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "address": "+4915123456789",
          "status": "stored_locally",
          "body": "Reminder: you have a telehealth appointment starting at 2026-12-07T08:00:00.000Z (UTC).",
          "created_at": "2026-12-07T07:00:09.702Z"
        },
        {
          "message_id": "evt_9e1g3i5k7m9o1q3s5u7a9c1e3g:email",
          "event_id": "evt_9e1g3i5k7m9o1q3s5u7a9c1e3g",
          "channel": "email",
          "recipient": "patient:pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "address": "mike_zzzzzzz@company.com",
          "status": "sent",
          "body": "Reminder: you have a telehealth appointment starting at 2026-12-07T08:00:00.000Z (UTC).",
          "created_at": "2026-12-06T08:00:12.530Z"
        }
      ],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"`limit` is wrong (`error.code` `invalid_request`, `field: limit`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::CreateStaff => op("createStaff", "Staff", r#"Invite a staff user"#)
            .describe(r#"Creates a staff user who signs in to the portals by a link sent to their email (`POST /v1/auth/sign-in`). An `admin` has every scope; a `doctor` is bound to one of the organisation's doctors and has the waiting room, appointments and availability for that doctor only. One account per email address in an organisation (409 `staff_email_taken`).

Recorded in the audit log (`staff.created`)."#)
            .body(
                Body::json(ty::<wire::CreateStaff>())
                    .examples(r#"{
  "doctor": {
    "summary": "A doctor",
    "value": {
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
    }
  },
  "admin": {
    "summary": "An admin",
    "value": {
      "email": "ops@clinic.example",
      "name": "Clinic operations",
      "role": "admin"
    }
  }
}"#),
            )
            .reply(Reply::new("201", r#"Created."#)
                .json(ty::<crate::view::staff::Staff>())
                .examples(r#"{
  "created": {
    "summary": "A new doctor",
    "value": {
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`; `field` names the field: `email`, `name`, `role`, `doctor_uid`, `active`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "doctor_without_doctor": {
    "summary": "A doctor needs their doctor",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "doctor_uid is required for a doctor: the doctor this user signs in as",
        "field": "doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"`doctor_uid` is not a doctor of the organisation (`field` `doctor_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "unknown_doctor": {
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor not found",
        "field": "doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"The organisation has a staff user with this email (`staff_email_taken`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "taken": {
    "value": {
      "error": {
        "code": "staff_email_taken",
        "message": "a staff user of the organisation has this email address"
      }
    }
  }
}"#)),
        Route::ListStaff => op("listStaff", "Staff", r#"List staff users"#)
            .describe(r#"The organisation's staff users, active and deactivated, ordered by `staff_uid`."#)
            .param(Param::Shared("Limit"))
            .param(Param::Shared("Cursor"))
            .reply(Reply::new("200", r#"A page of staff users."#)
                .json(ty::<crate::view::Listing<crate::view::staff::Staff>>())
                .examples(r#"{
  "page": {
    "value": {
      "data": [{
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    }],
      "next_cursor": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"A paging parameter is wrong (`error.code` `invalid_request`, `field` names it)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::BAD_LIMIT)),
        Route::GetStaff => op("getStaff", "Staff", r#"Get a staff user"#)
            .describe(r#"One staff user of the organisation."#)
            .param(Param::path("staff_uid")
                .describe(r#"The staff user. A malformed uid, or one of another organisation, is a plain 404."#)
                .schema(ty::<crate::ids::StaffUid>())
                .example(r#""stf_3e5g7i9k1m3o5q7s9u1a3c5e7g""#))
            .reply(Reply::new("200", r#"The staff user."#)
                .json(ty::<crate::view::staff::Staff>())
                .examples(r#"{
  "doctor": {
    "value": {
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such staff user in the organisation."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "unknown": {
    "value": {
      "error": {
        "code": "not_found",
        "message": "staff user not found"
      }
    }
  }
}"#)),
        Route::UpdateStaff => op("updateStaff", "Staff", r#"Edit or deactivate a staff user"#)
            .describe(r#"Changes the fields given; an absent field stays. `role` and `doctor_uid` change together. `active: false` deactivates the user: they can no longer sign in, and every session of theirs ends at once (the next request with it is 401). A user cannot deactivate themself (409 `deactivating_self`).

Recorded in the audit log (`staff.updated`, `staff.deactivated`)."#)
            .param(Param::path("staff_uid")
                .describe(r#"The staff user. A malformed uid, or one of another organisation, is a plain 404."#)
                .schema(ty::<crate::ids::StaffUid>())
                .example(r#""stf_3e5g7i9k1m3o5q7s9u1a3c5e7g""#))
            .body(
                Body::json(ty::<wire::UpdateStaff>())
                    .examples(r#"{
  "deactivate": {
    "summary": "Deactivate",
    "value": {
      "active": false
    }
  },
  "rename": {
    "summary": "Rename",
    "value": {
      "name": "Dr Ana Ruiz-Vega"
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The staff user as now stored."#)
                .json(ty::<crate::view::staff::Staff>())
                .examples(r#"{
  "doctor": {
    "value": {
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`; `field` names the field: `email`, `name`, `role`, `doctor_uid`, `active`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "doctor_without_doctor": {
    "summary": "A doctor needs their doctor",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "doctor_uid is required for a doctor: the doctor this user signs in as",
        "field": "doctor_uid"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such staff user in the organisation, or `doctor_uid` is not a doctor of it (`field` `doctor_uid`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "unknown": {
    "value": {
      "error": {
        "code": "not_found",
        "message": "staff user not found"
      }
    }
  }
}"#))
            .reply(Reply::new("409", r#"Deactivating the signed-in user themself (`deactivating_self`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "self": {
    "value": {
      "error": {
        "code": "deactivating_self",
        "message": "you cannot deactivate yourself; ask another admin"
      }
    }
  }
}"#)),
        Route::RequestSignIn => op("requestSignIn", "Staff", r#"Ask for a sign-in link"#)
            .describe(r#"Sends a one-time sign-in link to the address, for each organisation where it belongs to an active staff user: `{origin}/sign-in#token=…`. The link works once, for 15 minutes; its page exchanges the token for a session (`POST /v1/auth/session`). The email goes through the organisation's email provider (`EMAIL_API_URL`), or, without one, stays in the local outbox (`GET /v1/management/messages`).

The answer is the same whether or not the address belongs to anyone. Requests are limited per address and per client address (429 with `Retry-After`)."#)
            .body(
                Body::json(ty::<wire::RequestSignIn>())
                    .examples(r#"{
  "email": {
    "value": {
      "email": "ana@clinic.example"
    }
  }
}"#),
            )
            .reply(Reply::new("202", r#"Accepted: a link is on its way if the address belongs to a staff user."#)
                .json(ty::<crate::view::staff::SignInRequested>())
                .examples(r#"{
  "accepted": {
    "value": {
      "message": "If this address belongs to a staff account, a sign-in link is on its way. It works once, for 15 minutes."
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`error.code` `malformed_json` or `invalid_request`, `field` `email`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "not_an_email": {
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "email must be an email address such as ana@clinic.example",
        "field": "email"
      }
    }
  }
}"#)),
        Route::OpenSession => op("openSession", "Staff", r#"Sign in with a link's token"#)
            .describe(r#"Exchanges a sign-in link's token for a session: the answer sets the `fd_session` cookie (`HttpOnly`, `SameSite=Strict`, `Path=/`, `Secure` outside localhost). A token works once and for 15 minutes; a used, expired or unknown one, or one of a user deactivated since, is 401. The request must come from Frontdesk's own page (`Origin`, 403 `cross_site_request` otherwise).

Recorded in the audit log (`staff.signed_in`)."#)
            .body(
                Body::json(ty::<wire::OpenSession>())
                    .examples(r#"{
  "token": {
    "value": {
      "token": "fdl.org_1b3d5f7h9j1l3n5p7r9t1v3a5c.abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst"
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"Signed in; the cookie is set."#)
                .json(ty::<crate::view::staff::Session>())
                .examples(r#"{
  "doctor": {
    "value": {
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "staff": {
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    },
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "shop_time_zone": "Europe/Berlin",
      "mobile_phone": "+4915123456789",
      "idle_expires_at": "2026-11-02T21:00:00.000Z"
    }
  }
}"#))
            .reply(Reply::new("400", r#"The request is invalid (`field` `token`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing": {
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "token is required",
        "field": "token"
      }
    }
  }
}"#))
            .reply(Reply::new("401", r#"The link is used, expired or unknown."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "used": {
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "this sign-in link is used, expired or unknown; ask for a new one"
      }
    }
  }
}"#))
            .reply(Reply::new("403", r#"The request did not come from Frontdesk's own page (`cross_site_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::CROSS_SITE)),
        Route::CurrentSession => op("getSession", "Staff", r#"Who is signed in"#)
            .describe(r#"The session's user and when the session ends unless used. Using the session (any request with it) moves that time on, in steps of five minutes."#)
            .reply(Reply::new("200", r#"The session."#)
                .json(ty::<crate::view::staff::Session>())
                .examples(r#"{
  "doctor": {
    "value": {
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "staff": {
      "staff_uid": "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g",
      "email": "ana@clinic.example",
      "name": "Dr Ana Ruiz",
      "role": "doctor",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "active": true,
      "created_at": "2026-11-02T09:00:00.000Z"
    },
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "shop_time_zone": "Europe/Berlin",
      "mobile_phone": "+4915123456789",
      "idle_expires_at": "2026-11-02T21:00:00.000Z"
    }
  }
}"#)),
        Route::SignOut => op("signOut", "Staff", r#"Sign out"#)
            .describe(r#"Ends this session and clears the cookie. Recorded in the audit log (`staff.signed_out`)."#)
            .reply(Reply::new("200", r#"Signed out."#)
                .json(ty::<crate::view::staff::SignedOut>())
                .examples(r#"{
  "one": {
    "value": {
      "sessions_ended": 1
    }
  }
}"#))
            .reply(Reply::new("403", r#"Not from Frontdesk's own page (`cross_site_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::CROSS_SITE)),
        Route::SignOutEverywhere => op("signOutEverywhere", "Staff", r#"Sign out everywhere"#)
            .describe(r#"Ends every session of the signed-in user, on every device, and clears this cookie. Recorded in the audit log (`staff.signed_out_everywhere`)."#)
            .reply(Reply::new("200", r#"Signed out everywhere."#)
                .json(ty::<crate::view::staff::SignedOut>())
                .examples(r#"{
  "three": {
    "value": {
      "sessions_ended": 3
    }
  }
}"#))
            .reply(Reply::new("403", r#"Not from Frontdesk's own page (`cross_site_request`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::CROSS_SITE)),
        Route::SetDoctorMobilePhone => op("setDoctorMobilePhone", "Calendar", r#"Set a doctor's mobile phone"#)
            .describe(r#"Sets or removes the doctor's mobile number, where Frontdesk texts the doctor's reminders (rules with `recipient` `doctor` and `send_sms`). Body `{"mobile_phone": string | null}`: the number is normalised to E.164, a number without a country code read as one of the organisation's `default_country`; `null` (or leaving the field out) removes it.

A doctor sets their own number with their bound key (`doctor_uid`); a key with the `admin` scope may set any doctor's. Either needs the route's scope, `availability:write`, too (the organisation's initial key has every scope). The number is returned here only; it is not part of the `Doctor` object."#)
            .param(Param::Shared("DoctorUidPath"))
            .body(
                Body::json(ty::<crate::phone::MobilePhoneRequest>())
                    .examples(r#"{
  "international": {
    "summary": "With the country code",
    "value": {
      "mobile_phone": "+49 151 23456789"
    }
  },
  "national": {
    "summary": "Without a country code (the organisation's default country)",
    "value": {
      "mobile_phone": "(415) 555-0123"
    }
  },
  "remove": {
    "summary": "Remove the number",
    "value": {
      "mobile_phone": null
    }
  }
}"#),
            )
            .reply(Reply::new("200", r#"The number as now stored."#)
                .json(ty::<crate::view::directory::DoctorMobilePhone>())
                .examples(r#"{
  "set": {
    "summary": "Set",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "mobile_phone": "+4915123456789"
    }
  },
  "national": {
    "summary": "A national number, organisation in the US",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "mobile_phone": "+14155550123"
    }
  },
  "removed": {
    "summary": "Removed",
    "value": {
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "mobile_phone": null
    }
  }
}"#))
            .reply(Reply::new("400", r#"The number is not usable (`error.code` `invalid_request`, `field: mobile_phone`), or the body is not a JSON object (`malformed_json`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "unparseable": {
    "summary": "Not a phone number",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`mobile_phone` is not a phone number",
        "field": "mobile_phone"
      }
    }
  },
  "invalid": {
    "summary": "No such country code, or too short or long",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`mobile_phone` is not a valid phone number for its country",
        "field": "mobile_phone"
      }
    }
  },
  "type": {
    "summary": "Neither a string nor null",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`mobile_phone` must be a string or null",
        "field": "mobile_phone"
      }
    }
  }
}"#))
            .reply(Reply::new("403", r#"The API key is valid but lacks the `availability:write` scope (`error.code` `missing_scope`), or it has the scope but is neither bound to this doctor nor an `admin` key (`not_this_doctor`, checked after the doctor is found and before the body is read)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing_scope": {
    "summary": "Scope missing",
    "value": {
      "error": {
        "code": "missing_scope",
        "message": "this API key lacks the `availability:write` scope"
      }
    }
  },
  "not_this_doctor": {
    "summary": "Another doctor's key, without admin",
    "value": {
      "error": {
        "code": "not_this_doctor",
        "message": "only the doctor's own key or an admin key can change this number"
      }
    }
  }
}"#))
            .reply(Reply::new("404", r#"No such doctor in the caller's organisation (`error.code` `not_found`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::DOCTOR_NOT_FOUND)),
        Route::SearchPatients => op("searchPatients", "Patients", r#"Find patients by mobile number, MRN or identifier, with the terms in the body"#)
            .describe(r#"The same search as `GET /v1/management/patients`, with the same rules, results and audit entries, but the phone number or MRN travels in the JSON body, so it stays out of URLs, browser history and access logs. Prefer it; the GET stays for compatibility. A term that is `null` or `""` counts as absent; any other term that is not a string is a 400 naming it. Members other than the five terms are ignored."#)
            .body(
                Body::json(inline(r##"{
  "type": "object",
  "description": "One of `phone`, `mrn`, or `identifier_system` with `identifier_value`, each not empty (400 with `field: phone` otherwise).",
  "properties": {
    "phone": {
      "anyOf": [
        { "type": "string", "maxLength": 40, "format": "phone" },
        { "type": "string", "maxLength": 0 },
        { "type": "null" }
      ],
      "description": "searchPatientByMobileNumber: a phone number in any usual format, normalised to E.164 like stored numbers, so `+1 (111) 111-1111`, `111-111-1111` and `+11111111111` find the same patients. 400 with `field: phone` if it is not a plausible number."
    },
    "country": {
      "anyOf": [
        { "$ref": "#/components/schemas/CountryCode" },
        { "type": "string", "maxLength": 0 },
        { "type": "null" }
      ],
      "description": "With `phone`: the ISO 3166-1 alpha-2 country a number without country code is read as; default the organisation's `default_country`. 400 with `field: country` if unknown, with or without `phone`."
    },
    "mrn": {
      "type": ["string", "null"],
      "description": "A medical record number, matched exactly (used when `phone` is not given)."
    },
    "identifier_system": {
      "type": ["string", "null"],
      "description": "With `identifier_value`: an external identifier's system, e.g. `SPID` or `HSID` (used when neither `phone` nor `mrn` is given)."
    },
    "identifier_value": {
      "type": ["string", "null"],
      "description": "With `identifier_system`: the identifier's value, matched exactly."
    }
  },
  "anyOf": [
    { "required": ["phone"], "properties": { "phone": { "type": "string", "minLength": 1 } } },
    { "required": ["mrn"], "properties": { "mrn": { "type": "string", "minLength": 1 } } },
    {
      "required": ["identifier_system", "identifier_value"],
      "properties": {
        "identifier_system": { "type": "string", "minLength": 1 },
        "identifier_value": { "type": "string", "minLength": 1 }
      }
    }
  ]
}"##))
                    .example(r#"{
  "phone": "+1 (111) 111-1111"
}"#),
            )
            .reply(Reply::new("200", r#"The patients found, ordered by `patient_uid`."#)
                .json(ty::<crate::view::patients::PatientSearchResult>())
                .examples(examples::PATIENT_SEARCH_FAMILY))
            .reply(Reply::new("400", r#"No search criterion, or the number or country is not valid (`error.code` `invalid_request`; `field` is `phone` or `country`)."#)
                .json(ty::<ErrorBody>())
                .examples(examples::PATIENT_SEARCH_NO_CRITERION)),
    }
}
