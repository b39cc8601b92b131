//! The webhook catalogue: what Frontdesk sends for each event type
//! (`crate::webhook::EVENT_TYPES`), and what it expects back.

use super::*;
#[allow(unused_imports)]
use crate::ids::*;
use crate::webhook::EVENT_TYPES;

/// Every event type with its entry, in the catalogue's order.
pub(super) fn events() -> Vec<(&'static str, Op)> {
    EVENT_TYPES.iter().map(|t| (*t, event(t))).collect()
}

/// A subscription's event type: one of [`EVENT_TYPES`], with the table of
/// what each means taken from the entries' summaries.
pub struct WebhookEventType;

impl JsonSchema for WebhookEventType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WebhookEventType".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut table = String::from(
            "An event type of the catalogue (see the tag Webhooks):\n\n| type | published when |\n|---|---|",
        );
        for (t, op) in events() {
            let when = op.summary.split_once(": ").map_or(op.summary, |(_, w)| w);
            table.push_str(&format!("\n| `{t}` | {when} |"));
        }
        schemars::json_schema!({
            "type": "string",
            "enum": EVENT_TYPES,
            "description": table,
        })
    }
}

fn event(event_type: &str) -> Op {
    match event_type {
        "WAITING_ROOM_REGISTERED" => op("onWaitingRoomRegistered", "Webhooks", r#"WAITING_ROOM_REGISTERED: A patient joined the waiting room"#)
            .describe(r#"A patient joined a shop's waiting room: a registration (`POST /v1/management/waiting-room/register`; not a replay with the same `Idempotency-Key`), or the check-in of an appointment (which also publishes `APPOINTMENT_CHECKED_IN`). `doctor_uid` is `null`.

Sent to every enabled subscription whose `event_types` include `WAITING_ROOM_REGISTERED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "registered": {
    "summary": "A registration",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "WAITING_ROOM_REGISTERED",
      "occurred_at": "2026-12-07T07:55:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "doctor_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `WAITING_ROOM_REGISTERED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "WAITING_ROOM_ALLOCATED" => op("onWaitingRoomAllocated", "Webhooks", r#"WAITING_ROOM_ALLOCATED: A doctor took a patient"#)
            .describe(r#"A doctor took the patient from the queue (`POST /v1/management/waiting-room/allocate`). `doctor_uid` is that doctor.

Sent to every enabled subscription whose `event_types` include `WAITING_ROOM_ALLOCATED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "allocated": {
    "summary": "Allocated to a doctor",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "WAITING_ROOM_ALLOCATED",
      "occurred_at": "2026-12-07T08:01:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
      }
    }
  }
}"#)
                    .describe(r#"The `WAITING_ROOM_ALLOCATED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "WAITING_ROOM_COMPLETED" => op("onWaitingRoomCompleted", "Webhooks", r#"WAITING_ROOM_COMPLETED: A consultation was completed"#)
            .describe(r#"The doctor completed the consultation (`POST /v1/management/waiting-room/{queue_uid}/complete`). `doctor_uid` is the doctor who took the patient.

Sent to every enabled subscription whose `event_types` include `WAITING_ROOM_COMPLETED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "completed": {
    "summary": "Consultation completed",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "WAITING_ROOM_COMPLETED",
      "occurred_at": "2026-12-07T08:24:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
      }
    }
  }
}"#)
                    .describe(r#"The `WAITING_ROOM_COMPLETED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "WAITING_ROOM_CANCELLED" => op("onWaitingRoomCancelled", "Webhooks", r#"WAITING_ROOM_CANCELLED: A registration was cancelled"#)
            .describe(r#"The registration was cancelled (`DELETE /v1/management/waiting-room/{queue_uid}`), or the checked-in appointment it was for was cancelled, rebooked or completed while the patient was still waiting. `doctor_uid` is `null`.

Sent to every enabled subscription whose `event_types` include `WAITING_ROOM_CANCELLED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "cancelled": {
    "summary": "Registration cancelled",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "WAITING_ROOM_CANCELLED",
      "occurred_at": "2026-12-07T07:58:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "doctor_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `WAITING_ROOM_CANCELLED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_HELD" => op("onAppointmentHeld", "Webhooks", r#"APPOINTMENT_HELD: A slot was held"#)
            .describe(r#"An appointment was placed as a hold (`status` `held`), by any booking route: `POST /v1/management/appointments`, the patient booking API, or the call-center routes. It expires on its own at the hold's end unless confirmed.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_HELD`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "held": {
    "summary": "A hold",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_HELD",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "held",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_HELD` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_CONFIRMED" => op("onAppointmentConfirmed", "Webhooks", r#"APPOINTMENT_CONFIRMED: An appointment was confirmed"#)
            .describe(r#"An appointment was booked confirmed at once (`"status": "confirmed"` on any booking route), or a hold was confirmed (`POST /v1/management/appointments/{appointment_uid}/confirm`). Its reminders are scheduled from now on.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_CONFIRMED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "confirmed": {
    "summary": "Booked confirmed",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_CONFIRMED",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "confirmed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_CONFIRMED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_CANCELLED" => op("onAppointmentCancelled", "Webhooks", r#"APPOINTMENT_CANCELLED: An appointment was cancelled"#)
            .describe(r#"An admin or the patient cancelled the appointment (`status` `cancelled`). Moving it to another slot publishes `APPOINTMENT_REBOOKED` instead.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_CANCELLED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "cancelled": {
    "summary": "Cancelled",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_CANCELLED",
      "occurred_at": "2026-12-02T15:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "cancelled",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_CANCELLED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_EXPIRED" => op("onAppointmentExpired", "Webhooks", r#"APPOINTMENT_EXPIRED: A hold expired"#)
            .describe(r#"A hold passed its `hold_expires_at` without being confirmed (`status` `expired`); published by the shop on its own, with no request.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_EXPIRED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "expired": {
    "summary": "Hold expired",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_EXPIRED",
      "occurred_at": "2026-12-01T10:10:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "expired",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_EXPIRED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_REBOOKED" => op("onAppointmentRebooked", "Webhooks", r#"APPOINTMENT_REBOOKED: An appointment was moved"#)
            .describe(r#"An appointment was rebooked to another slot (by an admin or the patient). The event describes the **old** appointment: `status` `cancelled`, its old `start` and `end`, and `rebooked_to`, the uid of the new appointment. The new appointment (linked back by its `previous_meeting_uid`, same status as the old one) is not announced by an event of its own; read it with `GET /v1/management/appointments/{rebooked_to}`. Reminders follow the new appointment's start.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_REBOOKED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "rebooked": {
    "summary": "Moved to the next day",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_REBOOKED",
      "occurred_at": "2026-12-03T11:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "cancelled",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_5d7f9h1j3l5n7p9r1t3v5b7d9f",
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_REBOOKED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_CHECKED_IN" => op("onAppointmentCheckedIn", "Webhooks", r#"APPOINTMENT_CHECKED_IN: A patient checked in"#)
            .describe(r#"A confirmed appointment was checked in: its patient joined the shop's waiting room (`queue_uid`, also announced by `WAITING_ROOM_REGISTERED`). `status` stays `confirmed`.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_CHECKED_IN`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "checked_in": {
    "summary": "Checked in",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_CHECKED_IN",
      "occurred_at": "2026-12-07T07:55:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "confirmed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v"
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_CHECKED_IN` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_COMPLETED" => op("onAppointmentCompleted", "Webhooks", r#"APPOINTMENT_COMPLETED: An appointment was completed"#)
            .describe(r#"The appointment was completed (`status` `completed`): by `POST /v1/management/appointments/{appointment_uid}/complete`, or with the consultation it was checked in for (`POST /v1/management/waiting-room/{queue_uid}/complete`).

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_COMPLETED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "completed": {
    "summary": "Completed",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_COMPLETED",
      "occurred_at": "2026-12-07T08:31:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "completed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v"
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_COMPLETED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_NO_SHOW" => op("onAppointmentNoShow", "Webhooks", r#"APPOINTMENT_NO_SHOW: A patient did not attend"#)
            .describe(r#"The appointment was marked as a no-show (`status` `no_show`).

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_NO_SHOW`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "no_show": {
    "summary": "No-show",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_NO_SHOW",
      "occurred_at": "2026-12-07T08:40:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "no_show",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_NO_SHOW` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "APPOINTMENT_REMINDER_DUE" => op("onAppointmentReminderDue", "Webhooks", r#"APPOINTMENT_REMINDER_DUE: A reminder fell due"#)
            .describe(r#"A reminder rule of the appointment's type fell due for one recipient (see **Reminders** in the tag Webhooks): published once per appointment, rule and recipient, by the every-minute cron, for confirmed appointments that have not started. It is published whether or not the rule has Frontdesk send an email or SMS itself (`send_email`, `send_sms`); with both off, this event is the reminder, for your own system to send.

Sent to every enabled subscription whose `event_types` include `APPOINTMENT_REMINDER_DUE`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "patient_email": {
    "summary": "A day before, to the patient, by email",
    "value": {
      "id": "evt_9e1g3i5k7m9o1q3s5u7a9c1e3g",
      "type": "APPOINTMENT_REMINDER_DUE",
      "occurred_at": "2026-12-06T08:00:12.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "start": "2026-12-07T08:00:00.000Z",
        "rule": 0,
        "recipient": "patient:pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "recipient_group": "patient",
        "minutes_before": 1440,
        "send_email": true,
        "send_sms": false
      }
    }
  },
  "doctor_sms": {
    "summary": "An hour before, to the doctor, by SMS",
    "value": {
      "id": "evt_2h4j6l8n0p2r4t6v8b0d2f4h6j",
      "type": "APPOINTMENT_REMINDER_DUE",
      "occurred_at": "2026-12-07T07:00:09.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "start": "2026-12-07T08:00:00.000Z",
        "rule": 1,
        "recipient": "doctor:doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "recipient_group": "doctor",
        "minutes_before": 60,
        "send_email": false,
        "send_sms": true
      }
    }
  },
  "admin": {
    "summary": "Fifteen minutes before, for the front desk (nothing sent by Frontdesk)",
    "value": {
      "id": "evt_0p2r4t6v8b0d2f4h6j8l0n2q4s",
      "type": "APPOINTMENT_REMINDER_DUE",
      "occurred_at": "2026-12-07T07:45:05.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "start": "2026-12-07T08:00:00.000Z",
        "rule": 2,
        "recipient": "admin",
        "recipient_group": "admin",
        "minutes_before": 15,
        "send_email": false,
        "send_sms": false
      }
    }
  }
}"#)
                    .describe(r#"The `APPOINTMENT_REMINDER_DUE` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "patient:created" => op("onPatientCreated", "Webhooks", r#"patient:created: A patient record was created"#)
            .describe(r#"A patient record was created: `POST /v1/management/patients`, `POST /v1/management/patients/with-appointment` once its appointment was placed, or a booking token's first booking (see the tag Patient booking) (a request refused with 4xx publishes nothing).

Sent to every enabled subscription whose `event_types` include `patient:created`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "created": {
    "summary": "A patient record was created",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "patient:created",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "active": true
      }
    }
  }
}"#)
                    .describe(r#"The `patient:created` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "patient:updated" => op("onPatientUpdated", "Webhooks", r#"patient:updated: A patient record was changed"#)
            .describe(r#"A patient record was replaced or patched (`PUT` or `PATCH /v1/management/patients/{patient_uid}`) and stays active, or was reactivated, or was changed while inactive. Read the record to see what changed.

Sent to every enabled subscription whose `event_types` include `patient:updated`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "updated": {
    "summary": "A patient record was changed",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "patient:updated",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "active": true
      }
    }
  }
}"#)
                    .describe(r#"The `patient:updated` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "patient:deactivated" => op("onPatientDeactivated", "Webhooks", r#"patient:deactivated: A patient record was deactivated"#)
            .describe(r#"An update set an active patient's `active` to `false` (published instead of `patient:updated` for that change).

Sent to every enabled subscription whose `event_types` include `patient:deactivated`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "deactivated": {
    "summary": "A patient record was deactivated",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "patient:deactivated",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "active": false
      }
    }
  }
}"#)
                    .describe(r#"The `patient:deactivated` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "episode:created" => op("onEpisodeCreated", "Webhooks", r#"episode:created: An episode of care was created"#)
            .describe(r#"An episode of care was created (`POST /v1/management/patients/{patient_uid}/episodes`).

Sent to every enabled subscription whose `event_types` include `episode:created`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "created": {
    "summary": "An episode of care was created",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "episode:created",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "episode_uid": "ep_4f6h8j0l2n4p6r8t0v2b4d6f8h",
        "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "status": "PLANNING"
      }
    }
  }
}"#)
                    .describe(r#"The `episode:created` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "episode:updated" => op("onEpisodeUpdated", "Webhooks", r#"episode:updated: An episode of care was changed"#)
            .describe(r#"An episode of care was replaced (`PUT /v1/management/episodes/{episode_uid}`). Read the episode to see what changed.

Sent to every enabled subscription whose `event_types` include `episode:updated`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "updated": {
    "summary": "An episode of care was changed",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "episode:updated",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "episode_uid": "ep_4f6h8j0l2n4p6r8t0v2b4d6f8h",
        "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "status": "ACTIVE"
      }
    }
  }
}"#)
                    .describe(r#"The `episode:updated` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:scheduled" => op("onSeedAppointmentScheduled", "Webhooks", r#"appointment:scheduled: An appointment was scheduled"#)
            .describe(r#"Seed 002's name for `APPOINTMENT_CONFIRMED`: an appointment was booked confirmed, or its hold was confirmed. Published beside it, with the same data.

Sent to every enabled subscription whose `event_types` include `appointment:scheduled`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "scheduled": {
    "summary": "An appointment was scheduled",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:scheduled",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "confirmed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:scheduled` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:rescheduled" => op("onSeedAppointmentRescheduled", "Webhooks", r#"appointment:rescheduled: An appointment was rescheduled"#)
            .describe(r#"Seed 002's name for `APPOINTMENT_REBOOKED`, published beside it with the same data (the **old** appointment, `rebooked_to` naming the new one).

Sent to every enabled subscription whose `event_types` include `appointment:rescheduled`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "rescheduled": {
    "summary": "An appointment was rescheduled",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:rescheduled",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "cancelled",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:rescheduled` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:cancelled" => op("onSeedAppointmentCancelled", "Webhooks", r#"appointment:cancelled: An appointment was cancelled"#)
            .describe(r#"Seed 002's name for `APPOINTMENT_CANCELLED`, published beside it with the same data.

Sent to every enabled subscription whose `event_types` include `appointment:cancelled`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "cancelled": {
    "summary": "An appointment was cancelled",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:cancelled",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "cancelled",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:cancelled` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:completed" => op("onSeedAppointmentCompleted", "Webhooks", r#"appointment:completed: An appointment was completed"#)
            .describe(r#"Seed 002's name for `APPOINTMENT_COMPLETED`, published beside it with the same data.

Sent to every enabled subscription whose `event_types` include `appointment:completed`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "completed": {
    "summary": "An appointment was completed",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:completed",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "completed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:completed` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:incompleted" => op("onSeedAppointmentIncompleted", "Webhooks", r#"appointment:incompleted: A visit ended unfinished"#)
            .describe(r#"A checked-in appointment's registration was cancelled while a doctor had the patient (`DELETE /v1/management/waiting-room/{queue_uid}` of an `allocated` entry): seed 002's incomplete visit. The appointment's data as it stands.

Sent to every enabled subscription whose `event_types` include `appointment:incompleted`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "incompleted": {
    "summary": "A visit ended unfinished",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:incompleted",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "confirmed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:incompleted` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:no-show" => op("onSeedAppointmentNoShow", "Webhooks", r#"appointment:no-show: A patient did not show up"#)
            .describe(r#"Seed 002's name for `APPOINTMENT_NO_SHOW`, published beside it with the same data.

Sent to every enabled subscription whose `event_types` include `appointment:no-show`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "no_show": {
    "summary": "A patient did not show up",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:no-show",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "no_show",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:no-show` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "appointment:lwbs" => op("onSeedAppointmentLwbs", "Webhooks", r#"appointment:lwbs: A patient left without being seen"#)
            .describe(r#"A checked-in appointment's registration was cancelled while the patient was still waiting (`DELETE /v1/management/waiting-room/{queue_uid}` of a `waiting` entry): seed 002's LWBS. The appointment's data as it stands.

Sent to every enabled subscription whose `event_types` include `appointment:lwbs`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "lwbs": {
    "summary": "A patient left without being seen",
    "value": {
      "id": "evt_3b5d7f9h1k3m5p7r9t1v3b5d7f",
      "type": "appointment:lwbs",
      "occurred_at": "2026-12-01T10:00:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
        "status": "confirmed",
        "start": "2026-12-07T08:00:00.000Z",
        "end": "2026-12-07T08:30:00.000Z",
        "previous_meeting_uid": null,
        "rebooked_to": null,
        "queue_uid": null
      }
    }
  }
}"#)
                    .describe(r#"The `appointment:lwbs` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        "VISIT_STAGE_CHANGED" => op("onVisitStageChanged", "Webhooks", r#"VISIT_STAGE_CHANGED: A visit moved to another stage"#)
            .describe(r#"A visit moved in the clinical workflow: it joined a queue (intake or exam), a medical assistant took it in or handed it on, a doctor took it, it was put on hold or resumed, moved to discharge, completed, signed off or cancelled. `from_stage` and `stage` are seed 002's appointment statuses, `call_status` its `videoCall.status` (ARCHITECTURE.md, "The visit workflow").

Sent to every enabled subscription whose `event_types` include `VISIT_STAGE_CHANGED`, as `POST {url}` with the event as JSON, the subscription's custom headers, and the Standard Webhooks headers below. Verify the signature over the raw body before trusting it, process each `webhook-id` once, and answer 2xx within 15 seconds."#)
            .param(Param::Shared("WebhookIdHeader"))
            .param(Param::Shared("WebhookTimestampHeader"))
            .param(Param::Shared("WebhookSignatureHeader"))
            .body(
                Body::json(payload(event_type))
                    .examples(r#"{
  "handed_on": {
    "summary": "Intake finished: the patient waits for a doctor",
    "value": {
      "id": "evt_5d7f9h1k3m5p7r9t1v3b5d7f9h",
      "type": "VISIT_STAGE_CHANGED",
      "occurred_at": "2026-12-07T08:10:00.000Z",
      "organization_uid": "org_1b3d5f7h9j1l3n5p7r9t1v3a5c",
      "data": {
        "queue_uid": "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v",
        "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
        "patient_profile_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
        "appointment_uid": null,
        "from_stage": "in progress.intake.progress",
        "stage": "in progress.exam.ready",
        "call_status": "on hold"
      }
    }
  }
}"#)
                    .describe(r#"The `VISIT_STAGE_CHANGED` event. Its keys arrive in alphabetical order."#),
            )
            .reply(Reply::shared("2XX", "WebhookAcknowledged"))
            .reply(Reply::shared("410", "WebhookGone"))
            .reply(Reply::shared("429", "WebhookRetryAfter"))
            .reply(Reply::shared("503", "WebhookRetryAfter"))
            .reply(Reply::shared("default", "WebhookFailed")),
        other => panic!("no webhook entry for {other}"),
    }
}

/// One event type's payload, `EVENT_TYPES[N]`: the envelope every event
/// shares (`view::events::Event`) with that type's `data`.
pub struct EventOf<const N: usize>;

/// The name of an event type's payload schema: `WAITING_ROOM_REGISTERED`
/// is `WaitingRoomRegisteredEvent`, `patient:created` `PatientCreatedEvent`.
fn payload_name(event_type: &str) -> String {
    let mut name = String::new();
    for word in event_type.split(['_', ':']) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    name + "Event"
}

/// The schema of an event type's `data`.
fn data_schema(g: &mut SchemaGenerator, event_type: &str) -> Schema {
    use crate::view::events::{
        AppointmentData, EpisodeData, PatientData, ReminderDue, VisitStageData, WaitingRoomData,
    };
    if event_type == crate::view::events::REMINDER_DUE {
        g.subschema_for::<ReminderDue>()
    } else if event_type.starts_with("WAITING_ROOM_") {
        g.subschema_for::<WaitingRoomData>()
    } else if event_type.starts_with("APPOINTMENT_") || event_type.starts_with("appointment:") {
        g.subschema_for::<AppointmentData>()
    } else if event_type.starts_with("episode:") {
        g.subschema_for::<EpisodeData>()
    } else if event_type.starts_with("VISIT_") {
        g.subschema_for::<VisitStageData>()
    } else {
        g.subschema_for::<PatientData>()
    }
}

impl<const N: usize> JsonSchema for EventOf<N> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        payload_name(EVENT_TYPES.get(N).copied().unwrap_or_default()).into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let event_type = EVENT_TYPES.get(N).copied().unwrap_or_default();
        let op = event(event_type);
        let when = op.description.unwrap_or_default();
        let when = when.split("\n\n").next().unwrap_or_default();
        let id = g.subschema_for::<crate::view::strings::EventId>();
        let at = g.subschema_for::<schema::Timestamp>();
        let org = g.subschema_for::<OrgUid>();
        let data = data_schema(g, event_type);
        schemars::json_schema!({
            "type": "object",
            "description": format!("`{event_type}`: {when}"),
            "required": ["id", "type", "occurred_at", "organization_uid", "data"],
            "properties": {
                "id": id,
                "type": { "const": event_type },
                "occurred_at": { "allOf": [at], "description": "When the change happened." },
                "organization_uid": { "allOf": [org], "description": "The organisation the event belongs to." },
                "data": data,
            },
        })
    }
}

/// Every event type's payload schema, in the catalogue's order.
const PAYLOADS: [fn(&mut SchemaGenerator) -> Schema; 26] = [
    subschema::<EventOf<0>>,
    subschema::<EventOf<1>>,
    subschema::<EventOf<2>>,
    subschema::<EventOf<3>>,
    subschema::<EventOf<4>>,
    subschema::<EventOf<5>>,
    subschema::<EventOf<6>>,
    subschema::<EventOf<7>>,
    subschema::<EventOf<8>>,
    subschema::<EventOf<9>>,
    subschema::<EventOf<10>>,
    subschema::<EventOf<11>>,
    subschema::<EventOf<12>>,
    subschema::<EventOf<13>>,
    subschema::<EventOf<14>>,
    subschema::<EventOf<15>>,
    subschema::<EventOf<16>>,
    subschema::<EventOf<17>>,
    subschema::<EventOf<18>>,
    subschema::<EventOf<19>>,
    subschema::<EventOf<20>>,
    subschema::<EventOf<21>>,
    subschema::<EventOf<22>>,
    subschema::<EventOf<23>>,
    subschema::<EventOf<24>>,
    subschema::<EventOf<25>>,
];

/// The payload of `event_type`, as a request body of the catalogue.
fn payload(event_type: &str) -> Ty {
    let index = EVENT_TYPES.iter().position(|t| *t == event_type);
    match index.and_then(|i| PAYLOADS.get(i)) {
        Some(f) => Ty::Rust(*f),
        None => panic!("{event_type} is not in EVENT_TYPES"),
    }
}

/// Any event, as POSTed to a webhook endpoint.
pub struct WebhookEvent;

impl JsonSchema for WebhookEvent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WebhookEvent".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one_of: Vec<Schema> = PAYLOADS.iter().map(|f| f(g)).collect();
        let mapping: serde_json::Map<String, serde_json::Value> = EVENT_TYPES
            .iter()
            .map(|t| {
                let target = format!("#/components/schemas/{}", payload_name(t));
                (t.to_string(), serde_json::Value::String(target))
            })
            .collect();
        schemars::json_schema!({
            "description": "Any event, as POSTed to a webhook endpoint: `{id, type, occurred_at, organization_uid, data}`, with `data` depending on `type`.",
            "oneOf": one_of,
            "discriminator": { "propertyName": "type", "mapping": mapping },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `PAYLOADS` covers the catalogue exactly.
    #[test]
    fn every_event_type_has_its_payload() {
        assert_eq!(PAYLOADS.len(), EVENT_TYPES.len());
        assert_eq!(
            payload_name("WAITING_ROOM_REGISTERED"),
            "WaitingRoomRegisteredEvent"
        );
        assert_eq!(
            payload_name("patient:deactivated"),
            "PatientDeactivatedEvent"
        );
    }
}
