//! The document's head (info, servers, tags), its security schemes, and
//! the parameters and responses operations share.

use super::*;
use crate::error_code::ErrorBody;
#[allow(unused_imports)]
use crate::ids::*;

pub(super) fn head() -> Value {
    let mut head = lit(r#"{
  "openapi": "3.1.0",
  "servers": [
    {
      "url": "http://localhost:8787"
    }
  ]
}"#);
    head["info"] = json!({
        "title": r#"Frontdesk API"#,
        "version": r#"0.1.0"#,
        "summary": r#"A telehealth front desk: virtual waiting room, doctors' side, directory, a doctor calendar with appointments, partner-authorised patient booking, a patient directory with a call-center flow, and signed webhooks with reminders."#,
        "description": r#"Frontdesk runs on Cloudflare Workers. Its own routes are under `/v1`. Clinics that already integrate with the vendors behind seed 002 (Teladoc Health Solo) and seed 003 call the vendor-compatible surfaces instead, unchanged: `/qapi/v1` with the key in `Api-Key` and errors as `{"error": {"message"}}` (tag Seed 002 compatible), and `/dr/v1` with the key in `X-API-Key` and Frontdesk's own field names and errors (tag Seed 003 compatible). Both are adapters over the same services, keys, scopes, rate limits and audit log as `/v1`; README, "Vendor-compatible APIs", maps each to the `/v1` route it uses.

**Authentication.** Management routes take an API key in `X-API-Key` (`fdk_…`); each needs one scope, given per operation in `x-required-scope` (`waiting_room:read`, `waiting_room:write`, `appointments:read`, `appointments:write`, `availability:write`, `patients:read`, `patients:write` or `admin`; see the `Scope` schema; creating a patient together with an appointment also needs `appointments:write`). A missing, malformed, unknown or revoked key is 401 `unauthorized`; a valid key without the scope is 403 `missing_scope`. A key may be bound to one doctor (`doctor_uid`, set when the key is created): only such a key, with `availability:write`, may change that doctor's availability (403 `not_this_doctor` otherwise); a doctor's mobile phone may be set by their own key or by an `admin` key, either with `availability:write`. Creating an organisation needs the operator token (`Authorization: Bearer …`). The patient's watch socket is authorised by a signed token, offered as a WebSocket subprotocol next to `frontdesk.watch` (or, for older links, in its `token` query parameter). A patient's per-visit link (`GET /v1/visit/{token}`) carries its own signed token in the path. The patient-facing booking API (`/v1/booking/...`, tag Patient booking) takes no API key: it is authorised by a **booking token**, a short-lived JWT that the organisation's partner backend mints with a booking secret and the patient's browser sends as `Authorization: Bearer …` (security scheme `BookingToken`); any problem with the token is 401 `unauthorized`. Every organisation's shops, doctors, keys, booking secrets, audit log, queue entries, appointment types, appointments, patient records, webhook subscriptions, deliveries and messages are invisible to others: another tenant's object is a plain 404.

**Bodies.** Request bodies are JSON objects sent with `Content-Type: application/json` (a JSON merge patch for `PATCH` may also be sent as `application/merge-patch+json`; otherwise 415 `unsupported_media_type`), at most 64 KiB (otherwise 413 `payload_too_large`). Unknown fields are ignored; a `null` field counts as absent. Text fields are trimmed. Patient records (tag Patients) are stricter: they refuse unknown fields, keep their text as sent (apart from phone numbers, normalised to E.164, and trimmed email addresses), and a 400 names the offending field by its JSON path, such as `telecom[0].value`.

**Errors.** Every error is `{"error": {"code", "message", "field"?}}` (schema `Error`); `field` names the body field (in a patient record, its JSON path), query parameter or header at fault. A path that exists without the method used is 405 `method_not_allowed`; an unknown path is 404 `not_found`. `HEAD` is served as `GET`.

**Lists** are `{"data": [...], "next_cursor": ...}`, paged with `limit` (1–200, default 50) and `cursor`. **Times** are returned in RFC 3339, UTC, with milliseconds; times sent may carry any offset (in a query string, send `+` as `%2B`, or use `Z`).

The waiting-room routes (register, status, cancel) follow the RxScale management API's Waiting Room reference exactly (paths, bodies, status codes, statuses, scopes); Frontdesk adds watch links, `join_url`, and the doctors' side.

The calendar (tags Calendar and Appointments) follows the appointment management and Appointment API references: appointment types, doctors' weekly availability in the shop's local time, slot search, holds that expire on their own, booking with an appointment type and a payment mode, an organisation-wide overview, admin cancellation with a reason, rebooking linked by `previous_meeting_uid`, and check-in into the waiting room. A shop's bookings are decided one at a time, so one instant of a doctor's time is never held or confirmed by two appointments.

Partner booking (tags Booking secrets and Patient booking) follows the "Booking token secrets" section of the organisation settings guide: admins create, reveal and revoke the secrets partners sign booking tokens with (several may be active, so rotation needs no downtime; every creation, reveal and revocation is written to the audit log), and a token's holder, one patient, finds slots, books, and sees, cancels and rebooks only their own appointments. Patient cancellations honour the type's `min_cancel_notice_minutes`.

The patient directory (tag Patients) keeps the Teladoc Health Solo patient demographics (`mrn`, `name[]`, `birthDate`, `gender`, `telecom[]`, `address[]`, `deceased`/`deceasedAt`, `isLinkedByEmail`/`sharedEmailGroup`, typed `identifiers` such as SPID and HSID, ...) and serves the Convox call-center flow: **searchPatientByMobileNumber** (`GET /v1/management/patients?phone=...`), **getPatientPastCompletedAppointment** (`GET /v1/management/patients/{patient_uid}/past-appointments`), **postAppointmentByPatientID** (`POST /v1/management/patients/{patient_uid}/appointments`) and **postAppointment** (`POST /v1/management/patients/with-appointment`). Phone numbers are normalised to E.164, numbers without a country code read as the organisation's `default_country`. Every read and write of a patient record is written to the audit log.

Webhooks and reminders (tag Webhooks): every waiting-room and appointment change, and every reminder that falls due, is published as an event; admins subscribe HTTPS endpoints to event types and receive them signed as the Standard Webhooks specification has it (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried for about 42 hours until acknowledged, with a delivery log and redelivery. The event catalogue and each payload are in this document's `webhooks` section. Appointment types carry reminder rules (`reminders`), checked every minute by the cron trigger; Frontdesk can also send the reminder email or SMS itself, listed in `GET /v1/management/messages`."#,
    });
    head["tags"] = Value::Array(
        TAGS.iter()
            .map(|(name, description)| json!({ "name": name, "description": description }))
            .collect(),
    );
    head
}

/// Tags in the order readers meet them, with what each covers.
const TAGS: &[(&str, &str)] = &[
    (
        "Waiting room",
        r#"Register patients for the virtual waiting room, check their queue status, and cancel registrations. Patients follow their place live over a WebSocket. Registrations, allocations, completions and cancellations are published as `WAITING_ROOM_*` events (tag Webhooks)."#,
    ),
    (
        "Doctors' side",
        r#"Doctors go online or offline, take the next patient and complete consultations."#,
    ),
    (
        "Calendar",
        r#"Appointment types, doctors' availability and mobile phones, and slot search.

**Availability** is written in the shop's local wall-clock time (its IANA `time_zone`), the way doctors think about their week: weekly windows (`weekday`, `start`, `end` as `HH:MM`) plus date overrides, each of which replaces the weekly windows of one date (an empty `windows` list is a day off). Doctors manage their own windows: only a key bound to the doctor (`doctor_uid`) with `availability:write` changes them; admins read them.

**Slots** are laid out in local time from each window's start, one appointment duration apart, keeping only those that end within the window, and only then turned into instants in the shop's time zone. So 09:00 stays 09:00 local on both sides of a daylight-saving change. A local time that does not exist (the spring-forward gap) is skipped; a local time that happens twice (the fall-back overlap) is offered once, at its first occurrence. A booking or rebooking must start exactly on an offered slot.

**Reminders.** An appointment type's `reminders` say who is reminded (`patient`, `doctor`, `admin`) how many minutes before the start, and whether Frontdesk sends an email or SMS itself; each due reminder is published as `APPOINTMENT_REMINDER_DUE` (see the tag Webhooks). Doctors receive SMS reminders at the mobile phone set with `PUT /v1/management/doctors/{doctor_uid}/mobile-phone`."#,
    ),
    (
        "Appointments",
        r#"Book appointments (a temporary hold, or confirmed at once), review them across the organisation, and move them through their lifecycle: confirm, cancel, rebook, check in, complete, no-show.

```text
           confirm (before hold_expires_at)
  held ───────────────────────────────▶ confirmed ──▶ completed
   │ │                                   │   │
   │ └─ hold_expires_at passes ▶ expired │   └──────▶ no_show
   └──────── cancel / rebook ──────────▶ cancelled ◀┘ cancel / rebook
```

A hold expires at `hold_expires_at` on its own (the shop's alarm; no request needed) and its time is free again. Only `held` and `confirmed` appointments occupy a doctor's time. Check-in is not a status: a `confirmed` appointment gets `checked_in_at` and its patient joins the shop's waiting room. Admin cancellations ignore the notice period; rebooking honours the type's `rebooking_mode` and minimum rebooking notice. Every change is recorded in the appointment's `history`. Every change is also published as an `APPOINTMENT_*` event (tag Webhooks)."#,
    ),
    (
        "Patients",
        r#"The patient directory and the call-center flow.

**Records** follow the Teladoc Health Solo patient demographics (`PatientDemographics`, camelCase field names as in that API): `mrn`, `name[]` (`use`, `family`, `firstName`, `middleName`, `lastName`, `alias`; at least one), `birthDate`, `gender` (`male`, `female`, `other`, `unknown`), `maritalStatus`, `telecom[]` (`phone` or `email`), `contact[]`, `preferredLanguage`, `race`, `ethnicity`, `address[]`, `active`, `deceased` with `deceasedAt`, `isLinkedByEmail` with `sharedEmailGroup`, and typed external `identifiers` (`{system, value}`, e.g. the Solo Patient ID `SPID` or the Health System ID `HSID`, the EHR's patient id). As in that API, `deceasedAt` is required when `deceased` is true, and an error when `deceased` is false or not given. Solo's deprecated `accountNumber` and `familyMember` (and the flat `groupType`/`groupName`) are not accepted: unknown fields are refused, so a typo is never silently dropped. Each record gets a `patient_uid` (`pp_...`), which is also its `patient_profile_uid` in appointments.

**Phone numbers** are normalised to E.164 when stored and when searched (Google's libphonenumber rules), so `+1 (111) 111-1111`, `111-111-1111` and `+11111111111` are one number. A number written without a country code is read as a number of the organisation's `default_country` (set when the organisation is created; `US` unless given), or of the search's `country`.

**The call-center flow** (Convox with Clinicea's four calls):

| call | Frontdesk |
|---|---|
| searchPatientByMobileNumber | `GET /v1/management/patients?phone=...`: every patient with that number; a family sharing one phone returns all its members |
| getPatientPastCompletedAppointment | `GET /v1/management/patients/{patient_uid}/past-appointments`: completed visits, newest first, with the doctor, the appointment type and the clinic's name and address |
| postAppointmentByPatientID | `POST /v1/management/patients/{patient_uid}/appointments`: book a slot for the patient found |
| postAppointment | `POST /v1/management/patients/with-appointment`: no patient found, so create one (with the caller's consent) and book in one request; a taken slot leaves no patient behind |

**Scopes.** `patients:read` reads and searches records and past visits; `patients:write` creates and updates them. Booking for a patient needs `appointments:write`; creating a patient with an appointment needs both `patients:write` and `appointments:write`.

**Audit.** Every read and write of a record is recorded in the audit log (`GET /v1/management/audit-log`) with the API key that made it: `patient.created`, `patient.read`, `patient.read (search by phone|mrn|identifier)` (one entry per patient found), `patient.read (past appointments)`, `patient.updated` and `patient.deactivated`, and for the patient booking API `patient.created (booking token)` and `patient.linked (booking token)` (actor `partner:{key_id}`); the outcome is `ok`, or `not_found` for a read or update of an unknown `patient_uid`.

**Events.** Each successful create, update and deactivation is also published as `patient:created`, `patient:updated` or `patient:deactivated` (see the tag Webhooks), stored in the same D1 batch as the record itself; the payload is `{patient_uid, active}` (`PatientEventData`), never demographics."#,
    ),
    (
        "Clinical records",
        r#"Seed 002's clinical half of a visit.

**Episodes of care** group a patient's appointments under one objective: `name`, `type` (the clinic's own vocabulary), `from` and `to` (dates; `to` never before `from`), `status` (`PLANNING`, `WAITLIST`, `ACTIVE`, `ONHOLD`, `FINISHED` or `CANCELED`, taken in any letter case, answered in capitals; any status may follow any other, as seed 002 names no order), `objective` and `reasonIncomplete`. An episode belongs to one patient for good. An appointment belongs to at most one episode, of its own patient: `PUT /v1/management/appointments/{appointment_uid}/episode` assigns it or, with `null`, takes it out.

**Visit notes.** Admins make note templates (a `name` and a `flow` of sections and questions), for every shop or for the shops they name. A visit's note answers one template: `answers[]` of `question` (`[section, question]`) and `response[]`, replaced whole with `PUT`, guarded by `ETag`/`If-Match` (412 when another write came first), and `comments[]` (author, time, message) added one by one. An episode's appointments say whether their note has an answer or a comment (`hasNotes`).

**Scopes.** `records:read` reads episodes, their appointments, templates and notes; `records:write` creates and updates episodes, assigns appointments, and writes notes and comments; creating a template needs `admin`. Doctors' sessions carry both records scopes.

**Audit.** Every read and write is recorded in the audit log: `episode.created`, `episode.updated`, `episode.read`, `episode.read (list)` (target the patient), `episode.read (appointments)`, `appointment.episode_assigned`, `note_template.created`, `visit_note.read`, `visit_note.updated` and `visit_note.commented` (outcome `ok`, or `not_found`).

**Events.** Creating and updating an episode publish `episode:created` and `episode:updated` (`EpisodeEventData`: `{episode_uid, patient_uid, status}`) in the same D1 batch as the change."#,
    ),
    (
        "Patient booking",
        r#"The patient-facing booking API, for a partner's booking page. It takes no API key: every request carries a booking token (`Authorization: Bearer <JWT>`, see the `BookingToken` security scheme) that the partner's backend minted for one customer, and that customer is the patient.

A token's holder finds free slots, holds or books one, and lists, reads, cancels and rebooks **only their own** appointments: another patient's appointment is a plain 404. A token naming a `shop_uid` can search and book in that shop only. Booking needs a token with a `jti`, and one `jti` books once. Unlike an admin's, a patient's cancellation honours the type's `min_cancel_notice_minutes`.

**The patient record.** At the holder's first booking, the profile claims find or make their record in the patient directory: if the token vouches for both its `email` and its `phone_number` (`email_verified` and `phone_number_verified` both `true`, OpenID Connect's claims) and exactly one active patient the clinic keeps (not one a booking token made) has both that phone (any format, normalised to E.164 with the organisation's `default_country`) and that email (compared without case), the holder is linked to that patient for good (their bookings, list and reads are that patient's from then on, including appointments the clinic booked for them); otherwise a record is created under the token's patient uid from `name` (then required: `family` the whole name, split into `firstName` and `lastName`), `email` and `phone_number` (as a mobile number), and published as `patient:created`. A phone alone never links (families share one), nor an email alone, nor claims the partner has not verified: anyone can type someone else's phone and email into a storefront, so unverified claims make a record of the holder's own. Later bookings reuse the record, and a token never overwrites what the clinic keeps. A claim that does not parse makes a booking 400 with `field` `token.name`, `token.email`, `token.phone_number` or `token.phone` (its value is not repeated), and nothing is booked. Both are in the audit log as `patient.created (booking token)` and `patient.linked (booking token)`, actor `partner:{key_id}`.

Every change is recorded in the appointment's `history` with the actor `partner:{key_id}` (the booking secret the token was signed with).

Any problem with the token (malformed, longer than 4096 bytes, not HS256, a `crit` header, unknown or revoked `kid`, bad signature, wrong audience, expired, not yet valid, living longer than 15 minutes) is 401 `unauthorized` with one and the same body, never a 5xx, so the API tells no one which check a token failed; a missing token is 401 too."#,
    ),
    (
        "Directory",
        r#"The organisation's API keys, shops and doctors (scope `admin`)."#,
    ),
    (
        "Booking secrets",
        r#"The secrets a partner backend (for example a Shopify storefront) signs patient booking tokens with, and the audit log (scope `admin`).

- **Create** a secret: Frontdesk returns a `key_id` (the JWT `kid` header) and the secret value (`secret`, `bks_…`). The value is stored encrypted at rest (sealed with ChaCha20-Poly1305 under a Worker secret), never in plaintext.
- **Reveal** an active secret again at any time, so re-pasting it into a new minter doesn't require re-provisioning.
- **Revoke** a secret: revocation is immediate; any token signed with it is refused (401) on the very next call.

**Partners.** Each secret signs for one partner, a named group of secrets (`POST /v1/management/partners`). A token's `sub` is a customer id of its secret's partner: the same `sub` from two partners is two patients, and every secret of one partner maps it to the same patient. A secret created without `partner_id` belongs to the organisation's default partner, `ptn_default`, as every secret did before partners existed, so its customers keep their patients.

**Rotating a secret**

1. Create a new secret for the same partner (`partner_id`; none for the default partner). You now have two active secrets.
2. Update your minter to sign new tokens with the new `key_id`.
3. Wait for tokens signed with the old key to expire (a token lives at most 15 minutes, plus 60 seconds of clock-skew leeway).
4. Revoke the old secret.

Because each token is routed by its `kid` header, you can rotate without downtime.

Every creation, reveal (including a refused one) and revocation is recorded in the append-only **audit log**, which admins can read but nobody can change; so is every read and write of a patient record (tag Patients)."#,
    ),
    (
        "Webhooks",
        r#"Events, webhook subscriptions, reminders and the messages Frontdesk sends (scope `admin`).

Every change to a waiting-room entry, an appointment or a patient record, and every reminder that falls due, is published as an **event**, written in the same step as the change itself (an outbox), so no change goes unannounced. An admin subscribes an HTTPS endpoint to the event types it wants (`POST /v1/management/webhook-subscriptions`), and Frontdesk POSTs each event to it, signed as the [Standard Webhooks](https://www.standardwebhooks.com) specification has it, retrying until the endpoint acknowledges. Each subscription's **delivery log** shows every attempt, and any delivery can be sent again. Events reach only subscriptions that were enabled when the event was recorded; there is no replay of older events.

**Events.** Every event is `{id, type, occurred_at, organization_uid, data}`, for example:

```json
{
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
```

`id` (`evt_...`) names the event, `occurred_at` is when the change happened, and `data` depends on `type`. Payloads carry ids, times and statuses, never a patient's name, contact details or reason for visiting: read what else you need with your own API key. The catalogue (schema `WebhookEventType`; each type is also an entry of this document's `webhooks`, with its payload schema):

| type | published when | `data` |
|---|---|---|
| `WAITING_ROOM_REGISTERED` | A patient joined a shop's waiting room: a registration (`POST /v1/management/waiting-room/register`; not a replay with the same `Idempotency-Key`), or the check-in of an appointment (which also publishes `APPOINTMENT_CHECKED_IN`). `doctor_uid` is `null`. | `WaitingRoomEventData` |
| `WAITING_ROOM_ALLOCATED` | A doctor took the patient from the queue (`POST /v1/management/waiting-room/allocate`). `doctor_uid` is that doctor. | `WaitingRoomEventData` |
| `WAITING_ROOM_COMPLETED` | The doctor completed the consultation (`POST /v1/management/waiting-room/{queue_uid}/complete`). `doctor_uid` is the doctor who took the patient. | `WaitingRoomEventData` |
| `WAITING_ROOM_CANCELLED` | The registration was cancelled (`DELETE /v1/management/waiting-room/{queue_uid}`), or the checked-in appointment it was for was cancelled, rebooked or completed while the patient was still waiting. `doctor_uid` is `null`. | `WaitingRoomEventData` |
| `APPOINTMENT_HELD` | An appointment was placed as a hold (`status` `held`), by any booking route: `POST /v1/management/appointments`, the patient booking API, or the call-center routes. It expires on its own at the hold's end unless confirmed. | `AppointmentEventData` |
| `APPOINTMENT_CONFIRMED` | An appointment was booked confirmed at once (`"status": "confirmed"` on any booking route), or a hold was confirmed (`POST /v1/management/appointments/{appointment_uid}/confirm`). Its reminders are scheduled from now on. | `AppointmentEventData` |
| `APPOINTMENT_CANCELLED` | An admin or the patient cancelled the appointment (`status` `cancelled`). Moving it to another slot publishes `APPOINTMENT_REBOOKED` instead. | `AppointmentEventData` |
| `APPOINTMENT_EXPIRED` | A hold passed its `hold_expires_at` without being confirmed (`status` `expired`); published by the shop on its own, with no request. | `AppointmentEventData` |
| `APPOINTMENT_REBOOKED` | An appointment was rebooked to another slot (by an admin or the patient). The event describes the **old** appointment: `status` `cancelled`, its old `start` and `end`, and `rebooked_to`, the uid of the new appointment. The new appointment (linked back by its `previous_meeting_uid`, same status as the old one) is not announced by an event of its own; read it with `GET /v1/management/appointments/{rebooked_to}`. Reminders follow the new appointment's start. | `AppointmentEventData` |
| `APPOINTMENT_CHECKED_IN` | A confirmed appointment was checked in: its patient joined the shop's waiting room (`queue_uid`, also announced by `WAITING_ROOM_REGISTERED`). `status` stays `confirmed`. | `AppointmentEventData` |
| `APPOINTMENT_COMPLETED` | The appointment was completed (`status` `completed`): by `POST /v1/management/appointments/{appointment_uid}/complete`, or with the consultation it was checked in for (`POST /v1/management/waiting-room/{queue_uid}/complete`). | `AppointmentEventData` |
| `APPOINTMENT_NO_SHOW` | The appointment was marked as a no-show (`status` `no_show`). | `AppointmentEventData` |
| `APPOINTMENT_REMINDER_DUE` | A reminder rule of the appointment's type fell due for one recipient (see **Reminders** in the tag Webhooks): published once per appointment, rule and recipient, by the every-minute cron, for confirmed appointments that have not started. It is published whether or not the rule has Frontdesk send an email or SMS itself (`send_email`, `send_sms`); with both off, this event is the reminder, for your own system to send. | `ReminderDueEventData` |
| `patient:created` | A patient record was created: `POST /v1/management/patients`, `POST /v1/management/patients/with-appointment` once its appointment was placed, or a booking token's first booking (see the tag Patient booking) (a request refused with 4xx publishes nothing). | `PatientEventData` |
| `patient:updated` | A patient record was replaced or patched (`PUT` or `PATCH /v1/management/patients/{patient_uid}`) and stays active, or was reactivated, or was changed while inactive. Read the record to see what changed. | `PatientEventData` |
| `patient:deactivated` | An update set an active patient's `active` to `false` (published instead of `patient:updated` for that change). | `PatientEventData` |
| `episode:created` | An episode of care was created (`POST /v1/management/patients/{patient_uid}/episodes`). | `EpisodeEventData` |
| `episode:updated` | An episode of care was replaced (`PUT /v1/management/episodes/{episode_uid}`). | `EpisodeEventData` |
| `appointment:scheduled` | Seed 002's name for `APPOINTMENT_CONFIRMED`: an appointment was booked confirmed, or its hold was confirmed. Published beside it, with the same data. | `AppointmentEventData` |
| `appointment:rescheduled` | Seed 002's name for `APPOINTMENT_REBOOKED`, published beside it with the same data (the **old** appointment, `rebooked_to` naming the new one). | `AppointmentEventData` |
| `appointment:cancelled` | Seed 002's name for `APPOINTMENT_CANCELLED`, published beside it with the same data. | `AppointmentEventData` |
| `appointment:completed` | Seed 002's name for `APPOINTMENT_COMPLETED`, published beside it with the same data. | `AppointmentEventData` |
| `appointment:incompleted` | A checked-in appointment's registration was cancelled while a doctor had the patient (`DELETE /v1/management/waiting-room/{queue_uid}` of an `allocated` entry): seed 002's incomplete visit. The appointment's data as it stands. | `AppointmentEventData` |
| `appointment:no-show` | Seed 002's name for `APPOINTMENT_NO_SHOW`, published beside it with the same data. | `AppointmentEventData` |
| `appointment:lwbs` | A checked-in appointment's registration was cancelled while the patient was still waiting (`DELETE /v1/management/waiting-room/{queue_uid}` of a `waiting` entry): seed 002's LWBS. The appointment's data as it stands. | `AppointmentEventData` |
| `VISIT_STAGE_CHANGED` | A visit moved to another stage of the clinical workflow (intake, exam, discharge, completion, sign-off, hold, cancellation). | `VisitStageEventData` |

**Delivery.** `POST` to the subscription's `url`, body the event as JSON (`Content-Type: application/json`, `User-Agent: Frontdesk-Webhooks/1`), with the subscription's custom `headers` and:

| header | |
|---|---|
| `webhook-id` | The delivery's id (`msg_...`), the same on every retry and redelivery; use it to process each delivery once |
| `webhook-timestamp` | Seconds since the epoch when this attempt was signed |
| `webhook-signature` | `v1,` + base64(HMAC-SHA256(key, `{webhook-id}.{webhook-timestamp}.{body}`)), the key being the base64-decoded part of the secret after `whsec_` |

Verify the signature over the raw body bytes as received (the body's keys arrive in alphabetical order; never re-serialise before checking), for example with a Standard Webhooks library (`standardwebhooks` for Python and JavaScript, among others: `Webhook(secret).verify(body, headers)`), or by hand:

```python
import base64, hashlib, hmac, time

def verify(secret: str, headers, body: bytes) -> None:
    msg_id, ts = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(ts)) > 300:
        raise ValueError("timestamp outside the tolerance")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256)
    expected = base64.b64encode(mac.digest()).decode()
    for signature in headers["webhook-signature"].split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return
    raise ValueError("bad signature")
```

**Answers and retries.** An attempt ends after 15 seconds without an answer.

| endpoint answers | Frontdesk |
|---|---|
| 2xx | `delivered` |
| 410 Gone | `failed`, and the subscription is disabled (`disabled_reason` `endpoint answered 410 Gone`) with its other pending deliveries cancelled |
| 429 or 503 with `Retry-After` (seconds, or an HTTP date) | retried, not before the time asked if that is later than the schedule's (at most 24 hours) |
| anything else, a timeout or a connection error | retried |

Retries come 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 24 hours after the failed attempt (each spread ±20%, so that many deliveries do not retry in lockstep): eight attempts over about 42 hours, then the delivery is `failed`. Delivery is at least once and in no particular order: an event can arrive twice (keep the `webhook-id`s you have processed) and after a later one (compare `occurred_at`, or read the current state). Pending deliveries are kept in D1, not in memory, so a restart loses none.

**Reminders.** An appointment type may carry up to 20 reminder rules (`reminders`: `{recipient: patient|doctor|admin, minutes_before, send_email, send_sms}`; see `ReminderRule`). An appointment keeps the rules its type had when it was booked (a rebooking keeps the old appointment's). A rule falls due `minutes_before` minutes before the appointment's start and stays due until the start, so a run missed while the service was down catches up, and a rule whose time had already passed when the appointment was booked or confirmed fires on the next run; nothing is sent once the appointment has started. Each rule fires once per appointment and recipient, however often the cron runs. Only `confirmed` appointments are reminded: a held appointment is reminded once confirmed, and cancelled, expired and rebooked-away appointments never are (a rebooked appointment is reminded for its new start). When a rule falls due, `APPOINTMENT_REMINDER_DUE` is published for its recipient; with `send_email` or `send_sms`, Frontdesk also sends the message itself.

The Worker's cron trigger runs every minute (`* * * * *`): it asks only the shops that have a reminder due (the read model keeps each appointment's next due time), and wakes any organisation's notifier whose deliveries are overdue. Locally, run `wrangler dev --test-scheduled` and trigger a run with `GET /__scheduled?cron=*+*+*+*+*`.

**Messages.** Reminder emails and SMS are POSTed to the provider configured by the Worker variables `EMAIL_API_URL` and `SMS_API_URL` as `{"to", "subject": "Appointment reminder", "text"}` with `Authorization: Bearer` the secret `EMAIL_API_KEY` / `SMS_API_KEY`. Where no provider is configured (as under `make dev`), messages stay in the local outbox with status `stored_locally`. Either way, `GET /v1/management/messages` lists every message with its address and status. The text names the start time only.

**Local tests.** `ALLOW_PRIVATE_WEBHOOK_URLS = "true"` lets subscriptions point at `http://` and local addresses (refused otherwise), and `WEBHOOK_RETRY_SCHEDULE_SECONDS` (e.g. `"1,1,2"`) shortens the retry schedule."#,
    ),
    (
        "Operator",
        r#"For the service operator: creating organisations."#,
    ),
    (
        "Staff",
        r#"Staff users (admins, and doctors bound to their doctor) and how they sign in to the portals: a one-time link by email, then a session cookie. Every route that takes an API key also takes a session, with the scopes of the user's role."#,
    ),
    ("Meta", r#"This document and a health check."#),
];

pub(super) fn security_schemes() -> Value {
    let mut schemes = Map::new();
    let mut scheme = lit(r#"{
  "type": "apiKey",
  "in": "header",
  "name": "X-API-Key"
}"#);
    scheme["description"] = json!(
        r#"An organisation's API key, `fdk_{id}_{secret}`. Each operation's `x-required-scope` names the scope it needs."#
    );
    schemes.insert("ApiKey".into(), scheme);
    let mut scheme = lit(r#"{
  "type": "apiKey",
  "in": "cookie",
  "name": "fd_session"
}"#);
    scheme["description"] = json!(
        r#"A staff user's session, set by `POST /v1/auth/session` as an `HttpOnly`, `SameSite=Strict` cookie (`Secure` outside localhost), ended by 12 hours without use, by signing out, or by the user's deactivation. It carries the scopes of the user's role (`admin`: every scope; `doctor`: `waiting_room:read`, `waiting_room:write`, `appointments:read`, `appointments:write` and `availability:write`, for their own doctor only). A request with the cookie that changes something (any method but GET) must come from Frontdesk's own pages: its `Origin` must be the API's own, or it is refused with 403 `cross_site_request`. Integrations use API keys."#
    );
    schemes.insert("Session".into(), scheme);
    let mut scheme = lit(r#"{
  "type": "http",
  "scheme": "bearer"
}"#);
    scheme["description"] = json!(r#"The operator token, a Worker secret (`OPERATOR_TOKEN`)."#);
    schemes.insert("OperatorToken".into(), scheme);
    let mut scheme = lit(r#"{
  "type": "apiKey",
  "in": "query",
  "name": "token"
}"#);
    scheme["description"] = json!(
        r#"A signed, expiring watch token for one queue entry. The wait page offers it as a WebSocket subprotocol, `Sec-WebSocket-Protocol: frontdesk.watch, <token>`, so it never appears in a URL or an access log; the 101 answers `Sec-WebSocket-Protocol: frontdesk.watch`. The `token` query parameter of `watch_url` still works for older links, and a plain HTTP request may send it as `Authorization: Bearer <token>`."#
    );
    schemes.insert("WatchToken".into(), scheme);
    let mut scheme = lit(r#"{
  "type": "http",
  "scheme": "bearer",
  "bearerFormat": "JWT"
}"#);
    scheme["description"] = json!(
        r#"A patient booking token: a compact JWS (RFC 7519 JWT) that the organisation's partner backend mints for one customer with a booking secret (`POST /v1/management/booking-secrets`), sent as `Authorization: Bearer <token>`. Any standard JWT library can mint it.

```text
header  {"alg": "HS256", "typ": "JWT", "kid": "<key_id>"}
claims  {"sub": "<customer id>", "aud": "frontdesk-booking",
         "iat": <now>, "exp": <now + at most 900>, "nbf"?: <...>,
         "jti"?: "<unique>", "shop_uid"?: "<shop_...>",
         "name"?: "...", "email"?: "...", "email_verified"?: true,
         "phone_number"?: "...", "phone_number_verified"?: true}
```

**Header.** The whole token is at most 4096 bytes. `alg` must be exactly `HS256` (a token naming any other algorithm, `none` included, is refused before any key is looked at); `typ`, if present, must be `JWT`; a `crit` header is refused (Frontdesk implements no JWS extension, RFC 7515 §4.1.11); `kid` is the `key_id` of an active booking secret, which also tells Frontdesk the organisation.

**Signature.** HMAC-SHA256 over `base64url(header) + "." + base64url(claims)`, keyed with the UTF-8 bytes of the whole secret value as returned (`bks_…`, not decoded). All three parts are unpadded base64url.

**Claims.**

| claim | |
|---|---|
| `sub` | Required. The partner's id for the customer, 1 to 256 characters, no control characters. It names the patient: a `sub` that is already a patient profile uid starting with `pp-` or `pp_` (but not `pp-partner-`) is used as is; any other `sub` becomes `pp-partner-` + 26 characters derived (SHA-256) from the organisation, the partner of the secret that signed the token, and the `sub`, so the same customer is the same patient on every visit and across the partner's secret rotations, and customers of different partners or organisations never collide. For the default partner (`ptn_default`) the derivation leaves the partner out, exactly as before partners existed. |
| `aud` | Required; exactly `frontdesk-booking`. |
| `iat` | Required; seconds since the epoch. At most 60 seconds in the future. |
| `exp` | Required; at most 900 seconds (15 minutes) after `iat`. Refused from 60 seconds after `exp` (clock-skew leeway). |
| `nbf` | Optional; at most 60 seconds in the future. |
| `jti` | Optional for reading, required for booking (1 to 200 characters): one `jti` books once. Use a fresh random id per token. |
| `shop_uid` | Optional. Restricts slot search and booking to this shop (another shop is 404); a malformed one makes the token malformed. |
| `name`, `email`, `phone_number` | Optional profile of the customer (each at most 200 characters; `phone_number` in any format; `phone` is its older name, still accepted, and must agree with it when both are sent). Used at the customer's first booking to find or create their patient record; see the tag Patient booking. |
| `email_verified`, `phone_number_verified` | Optional booleans (OpenID Connect): `true` when your backend has verified that the customer controls that email or number. Only with both `true` can the customer be linked to a record the clinic already keeps; otherwise they get a record of their own. |

Mint tokens on your backend only, never in the browser, and keep them short-lived. For example, with PyJWT:

```python
jwt.encode({"sub": customer_id, "aud": "frontdesk-booking", "iat": now,
            "exp": now + 300, "jti": str(uuid.uuid4())},
           secret, algorithm="HS256", headers={"kid": key_id})
```

Any failure is 401 `unauthorized` with the same body whichever check failed, so the API is no oracle for forged tokens; `make mint-js`'s package checks a token as Frontdesk will and names what is wrong."#
    );
    schemes.insert("BookingToken".into(), scheme);
    Value::Object(schemes)
}

pub(super) fn parameters() -> Vec<(&'static str, Param)> {
    vec![
        (
            "QueueUidPath",
            Param::path("queue_uid")
                .describe(r#"The queue entry UID. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v""#),
        ),
        (
            "ShopUidPath",
            Param::path("shop_uid")
                .describe(r#"The shop UID. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""shop_7vq2k1m9d3f8h0j4n6p5r2t1s0""#),
        ),
        (
            "DoctorUidPath",
            Param::path("doctor_uid")
                .describe(r#"The doctor UID. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""doc_2c4e6g8i0k1m3o5q7s9u1a3b5d""#),
        ),
        (
            "KeyIdPath",
            Param::path("key_id")
                .describe(r#"The key's public id (`key_...`), as listed."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""key_8h0j2l4n6p8r0t2v4b6d8f0h2j""#),
        ),
        (
            "Limit",
            Param::query("limit", false)
                .describe(r#"Page size, 1 to 200 (400 with `field: limit` otherwise)."#)
                .schema(ty::<crate::wire::page::query_schema::Limit>()),
        ),
        (
            "Cursor",
            Param::query("cursor", false)
                .describe(r#"The `next_cursor` of the previous page. Items are ordered by uid."#)
                .schema(ty::<crate::wire::page::query_schema::UidCursor>()),
        ),
        (
            "IdempotencyKey",
            Param::header("Idempotency-Key", false)
                .describe(r#"Makes a retried registration safe. 1 to 255 visible ASCII characters (400 with `field: Idempotency-Key` otherwise). Remembered for 24 hours per shop: repeating the request with the same key and the same `patient_profile_uid`, `preferred_doctor_uid` and `visit_reason` returns 201 with the original registration's `queue_uid`, `position` and `estimated_wait_minutes` (as they were then) and fresh watch links, without registering again; the same key with a different request is 409 `idempotency_key_reused`."#)
                .schema(inline(r#"{
  "type": "string",
  "minLength": 1,
  "maxLength": 255,
  "pattern": "^[\\x21-\\x7e]{1,255}$"
}"#))
                .example(r#""4f1c2a9e-7b7d-4c55-9a43-1f0d3e6b8a21""#),
        ),
        (
            "AppointmentTypeUidPath",
            Param::path("appointment_type_uid")
                .describe(r#"The appointment type UID. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""atype_6d8f0h2j4l6n8p0r2t4v6b8d0f""#),
        ),
        (
            "AppointmentUidPath",
            Param::path("appointment_uid")
                .describe(r#"The appointment UID. A malformed UID, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e""#),
        ),
        (
            "BookingIdempotencyKey",
            Param::header("Idempotency-Key", false)
                .describe(r#"Makes a retried booking safe. 1 to 255 visible ASCII characters (400 with `field: Idempotency-Key` otherwise). Remembered for 24 hours per shop, apart from registration keys: repeating the booking with the same key and the same `doctor_uid`, `appointment_type_uid`, `patient_profile_uid`, `start`, `payment_mode` and `status` returns 201 with the appointment as it was first returned, without booking again; the same key with a different booking is 409 `idempotency_key_reused`."#)
                .schema(inline(r#"{
  "type": "string",
  "minLength": 1,
  "maxLength": 255,
  "pattern": "^[\\x21-\\x7e]{1,255}$"
}"#))
                .example(r#""7c0e8a52-3f4b-4d1e-9b6a-2d5f8c1e0a97""#),
        ),
        (
            "BookingSecretKeyIdPath",
            Param::path("key_id")
                .describe(r#"The booking secret's `key_id` (`bk_...`). One of another organisation is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""bk_5n7p9r1t3v5b7d9f1h3j5l7n9p""#),
        ),
        (
            "PatientBookingIdempotencyKey",
            Param::header("Idempotency-Key", false)
                .describe(r#"Makes a retried booking safe. 1 to 255 visible ASCII characters (400 with `field: Idempotency-Key` otherwise). Remembered for 24 hours per shop and per patient: repeating the booking with the same key and the same `doctor_uid`, `appointment_type_uid`, `start`, `payment_mode` and `status` returns 201 with the appointment as it was first returned, without booking again and without being refused as a second use of the token's `jti`; the same key with a different booking is 409 `idempotency_key_reused`."#)
                .schema(inline(r#"{
  "type": "string",
  "minLength": 1,
  "maxLength": 255,
  "pattern": "^[\\x21-\\x7e]{1,255}$"
}"#))
                .example(r#""7c0e8a52-3f4b-4d1e-9b6a-2d5f8c1e0a97""#),
        ),
        (
            "PatientUidPath",
            Param::path("patient_uid")
                .describe(r#"The patient's `patient_uid` (`pp_...`). An unknown one, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""pp_8m0p2r4t6v8b0d2f4h6j8l0n2q""#),
        ),
        (
            "EpisodeUidPath",
            Param::path("episode_uid")
                .describe(r#"The episode's `episode_uid` (`ep_...`). An unknown one, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""ep_4f6h8j0l2n4p6r8t0v2b4d6f8h""#),
        ),
        (
            "SubscriptionIdPath",
            Param::path("subscription_id")
                .describe(r#"The subscription's `subscription_id` (`whs_...`). An unknown one, or one of another organisation, is a plain 404."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""whs_3f5h7j9l1n3p5r7t9v1b3d5f7h""#),
        ),
        (
            "DeliveryIdPath",
            Param::path("delivery_id")
                .describe(r#"The delivery's `delivery_id` (`msg_...`, the `webhook-id` it was sent with), as listed in the subscription's delivery log."#)
                .schema(inline(r#"{
  "type": "string"
}"#))
                .example(r#""msg_0p2r4t6v8b0d2f4h6j8l0n2q4s_3f5h7j9l1n3p5r7t9v1b3d5f7h""#),
        ),
        (
            "WebhookIdHeader",
            Param::header("webhook-id", true)
                .describe(r#"The delivery's id (`msg_...`): the same on every retry and redelivery of this event to this endpoint, different for each subscription. Process each id once. The event itself is `id` in the body."#)
                .schema(ty::<crate::view::strings::WebhookDeliveryId>()),
        ),
        (
            "WebhookTimestampHeader",
            Param::header("webhook-timestamp", true)
                .describe(r#"When this attempt was signed, in whole seconds since the Unix epoch. Each retry is signed afresh, so refusing timestamps more than a few minutes from your clock (the specification suggests 5) protects against replays without refusing retries."#)
                .schema(inline(r#"{
  "type": "integer",
  "example": 1796551200
}"#)),
        ),
        (
            "WebhookSignatureHeader",
            Param::header("webhook-signature", true)
                .describe(r#"`v1,` + the standard base64 of HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` (the raw body bytes, as received), keyed with the base64-decoded part of the subscription's secret after `whsec_`. Frontdesk sends one signature; the specification allows several, space-separated, so check each `v1,` entry and accept a match (compare in constant time).

Test vector from the specification: secret `whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw`, `webhook-id` `msg_p5jXN8AQM9LWM0D4loKWxJek`, `webhook-timestamp` `1614265330`, body `{"test": 2432232314}` → `v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=`."#)
                .schema(inline(r#"{
  "type": "string",
  "pattern": "^v1,[A-Za-z0-9+/]{43}=$"
}"#)),
        ),
    ]
}

pub(super) fn responses() -> Vec<(&'static str, Reply)> {
    vec![
        (
            "Unauthorized",
            Reply::new("default", r#"The `X-API-Key` header is missing, malformed, unknown or revoked (`error.code` `unauthorized`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "missing_key": {
    "summary": "No valid API key",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "a valid `X-API-Key` header or a staff session is required"
      }
    }
  }
}"#),
        ),
        (
            "PayloadTooLarge",
            Reply::new("default", r#"The body is larger than 64 KiB (65536 bytes), by `Content-Length` or as received (`error.code` `payload_too_large`)."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "too_large": {
    "summary": "Body over 64 KiB",
    "value": {
      "error": {
        "code": "payload_too_large",
        "message": "the body must be at most 65536 bytes"
      }
    }
  }
}"#),
        ),
        (
            "UnsupportedMediaType",
            Reply::new("default", r#"The body was not sent as `Content-Type: application/json` (`error.code` `unsupported_media_type`)."#)
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
}"#),
        ),
        (
            "Internal",
            Reply::new("default", r#"Something on Frontdesk's side failed; the detail is logged, never returned (`error.code` `internal`). A deployment whose settings or secrets are wrong answers `misconfigured`, and its log names the setting. A shop whose storage could not be brought to the current schema answers `storage_migration_failed` to every request until it can, rather than act on a half-made schema; its log says which migration failed and why."#)
                .json(ty::<ErrorBody>())
                .examples(r#"{
  "internal": {
    "summary": "Internal error",
    "value": {
      "error": {
        "code": "internal",
        "message": "internal error"
      }
    }
  },
  "misconfigured": {
    "summary": "Misconfigured deployment",
    "value": {
      "error": {
        "code": "misconfigured",
        "message": "the service is misconfigured; its operator has been told in the log"
      }
    }
  },
  "storage_migration_failed": {
    "summary": "A shop's storage could not be updated",
    "value": {
      "error": {
        "code": "storage_migration_failed",
        "message": "this shop's storage could not be updated, so the shop is refusing requests; its operator has been told in the log"
      }
    }
  }
}"#),
        ),
        (
            "BookingTokenUnauthorized",
            Reply::new("default", r#"The booking token is missing or not valid (`error.code` `unauthorized`). Every invalid token gets the same body, whichever check failed (malformed, over 4096 bytes, not HS256, a `crit` header, unknown or revoked `kid`, bad signature, wrong audience, expired, not yet valid, too long-lived), so the answer is no oracle; mint with `make mint-js`'s package to be told the reason on your backend. A request without `Authorization: Bearer …` (an `X-API-Key` does not count) is refused as missing."#)
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
  "invalid": {
    "summary": "Any invalid token",
    "value": {
      "error": {
        "code": "unauthorized",
        "message": "the booking token is not valid"
      }
    }
  }
}"#),
        ),
        (
            "WebhookAcknowledged",
            Reply::new("default", r#"Any 2xx acknowledges the delivery (`delivered`); the body is ignored. Answer within 15 seconds: verify, store, answer, then process."#),
        ),
        (
            "WebhookGone",
            Reply::new("default", r#"410 Gone asks never to be called again: the delivery is `failed`, the subscription is disabled (`enabled: false`, `disabled_reason` `endpoint answered 410 Gone`) and its other pending deliveries are cancelled. Re-enable it with `PUT`; redeliver what was missed."#),
        ),
        (
            "WebhookRetryAfter",
            Reply::new("default", r#"Busy: retried like any failure, but not before the time `Retry-After` asks for if that is later than the schedule's next attempt (up to 24 hours)."#)
                .headers(r#"{
  "Retry-After": {
    "description": "When to try again: delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`); a date already past means at the schedule's time.",
    "schema": {
      "oneOf": [
        {
          "type": "integer",
          "minimum": 0,
          "maximum": 86400
        },
        {
          "type": "string",
          "description": "An HTTP date (RFC 9110 IMF-fixdate)."
        }
      ]
    }
  }
}"#),
        ),
        (
            "WebhookFailed",
            Reply::new("default", r#"Any other status, no answer within 15 seconds, or a connection error: retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h (each ±20%), then `failed`."#),
        ),
        (
            "TooManyRequests",
            Reply::new("default", r#"A limit of the API was reached (README, Limits): `rate_limited` for request rates (failed authentications per client address, requests per API key, per booking-token holder and per partner; `Retry-After: 60`), `too_many_holds` when a patient already holds the most appointments one shop allows (`Retry-After` until their first hold ends)."#)
                .json(ty::<ErrorBody>())
                .example(r#"{
  "error": {
    "code": "rate_limited",
    "message": "too many requests with this API key"
  }
}"#)
                .headers(r#"{
  "Retry-After": {
    "description": "Seconds to wait before retrying.",
    "schema": {
      "type": "integer",
      "minimum": 1
    }
  }
}"#),
        ),
    ]
}

/// Schemas published whatever the operations name: the error body, the
/// watch socket's messages, the union of all webhook events, and the value
/// types, which hand-kept schemas name.
pub(super) fn always() -> Vec<Ty> {
    use super::schema::{ScheduleDate, ScheduleInstant, TimeZone, Timestamp};
    use crate::calendar::appointment::{AppointmentStatus, PaymentMode};
    use crate::calendar::rules::{RebookingMode, RecipientGroup};
    vec![
        ty::<ErrorBody>(),
        ty::<crate::view::queue::WatchedEntry>(),
        ty::<crate::view::queue::LiveQueue>(),
        ty::<crate::view::events::ReminderDue>(),
        ty::<super::webhooks::WebhookEvent>(),
        ty::<super::webhooks::WebhookEventType>(),
        ty::<ShopUid>(),
        ty::<DoctorUid>(),
        ty::<AppointmentTypeUid>(),
        ty::<VideoRoomId>(),
        ty::<QueueUid>(),
        ty::<AppointmentUid>(),
        ty::<PatientProfileUid>(),
        ty::<crate::auth::Scope>(),
        ty::<crate::queue::QueueStatus>(),
        ty::<AppointmentStatus>(),
        ty::<PaymentMode>(),
        ty::<RebookingMode>(),
        ty::<RecipientGroup>(),
        ty::<crate::patient::Gender>(),
        ty::<Timestamp>(),
        ty::<ScheduleDate>(),
        ty::<ScheduleInstant>(),
        ty::<TimeZone>(),
    ]
}
