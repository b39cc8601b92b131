//! The vendor-compatible surfaces in the document, each under its own tag:
//! seed 002's `/qapi/v1` (Teladoc Health Solo's external API, with its
//! online check-in link) and seed 003's `/dr/v1`. Paths, methods and
//! scopes come from [`crate::compat::routes::COMPAT_ROUTES`]; this is a
//! `match` on its routes, so a new one does not compile without its entry.

use super::*;
use crate::compat::routes::CompatRoute as R;

pub const SOLO_TAG: &str = "Seed 002 compatible (/qapi/v1)";
pub const DR_TAG: &str = "Seed 003 compatible (/dr/v1)";

/// Seed 002's patient body (create and update).
const SOLO_PATIENT: &str = r#"{
  "type": "object",
  "description": "Seed 002's demographics: every field of `PatientDemographics` except `identifiers`, plus `id` (the client's own patient id: required on create, kept as the `EXTERNAL` identifier) and the deprecated `accountNumber` (kept), `familyMember`, `groupType` and `groupName` (`familyMember: true`, or `isLinkedByEmail: true` with a group, joins the shared email group named by `groupName`, else by the patient's last name; `groupType` defaults to `family`). A contact's phone value that is not a number (seed 002's example sends the literal `\"phone\"`) is kept as written. On update every field is optional and what the body names replaces the stored value.",
  "properties": {
    "id": {"type": ["string", "integer"], "description": "The client's patient id, 1 to 128 characters."},
    "accountNumber": {"type": ["string", "null"]},
    "familyMember": {"type": ["boolean", "null"]},
    "groupType": {"type": ["string", "null"]},
    "groupName": {"type": ["string", "null"]}
  }
}"#;

const SOLO_APPOINTMENT: &str = r#"{
  "type": "object",
  "additionalProperties": false,
  "required": ["waitingRoom"],
  "properties": {
    "date": {"type": "integer", "description": "Unix seconds; absent: the waiting room's first free time in the next two weeks."},
    "reasons": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
    "duration": {"type": "integer", "minimum": 1, "maximum": 86400, "description": "Seconds, a whole number of minutes; by default the waiting room's slot duration (its organisation's first appointment type's). Another length needs the shop's workflow `free_duration` (409 otherwise)."},
    "waitingRoom": {"type": "string", "description": "A shop's name (exact, else ignoring case if only one matches)."},
    "externalId": {"type": "string", "description": "Unique in the organisation (409 otherwise)."},
    "episodeOfCareId": {"type": "string", "description": "An episode of care of the patient (`ep_…`)."},
    "accountNumber": {"type": "string"}
  }
}"#;

const APPOINTMENT_REF: &str = r#"{
  "type": "object",
  "required": ["id", "visitUrl"],
  "properties": {
    "id": {"type": "integer", "description": "The SAID: the appointment's number in the organisation."},
    "visitUrl": {"type": "string", "description": "The patient's online check-in link (`/integrations/check-in/{token}`), valid until the visit's end."}
  }
}"#;

const LINKS: &str = r#"{
  "type": "object",
  "required": ["appointmentExternalId", "providerVisitUrl", "patientVisitUrl"],
  "properties": {
    "appointmentExternalId": {"type": ["string", "null"]},
    "providerVisitUrl": {"type": "string"},
    "patientVisitUrl": {"type": "string"}
  }
}"#;

const EPISODE_BODY: &str = r#"{
  "type": "object",
  "required": ["name", "type", "from", "status"],
  "properties": {
    "name": {"type": "string"},
    "type": {"type": "string"},
    "from": {"type": "string", "format": "date"},
    "to": {"type": ["string", "null"], "format": "date"},
    "status": {"type": "string"},
    "objective": {"type": ["string", "null"]},
    "reasonIncomplete": {"type": ["string", "null"]}
  }
}"#;

const PERFECT_ANSWER_BODY: &str = r#"{
  "type": "object",
  "additionalProperties": false,
  "required": ["firstName", "lastName", "dob", "locationId", "mrn", "requestingProvider", "consultType", "reason"],
  "properties": {
    "firstName": {"type": "string", "maxLength": 200},
    "lastName": {"type": "string", "maxLength": 200},
    "dob": {"type": "string", "format": "date"},
    "locationId": {"type": "string", "format": "uuid", "description": "The seed's \"Geolocation Id\": a perfect-answer location configured with `PUT /qapi/v1/perfect-answer/locations/{locationId}`."},
    "mrn": {"type": "string", "maxLength": 64, "description": "Finds the patient (their name and birth date are updated), or is the new patient's MRN."},
    "physicianCallbackNumber": {"type": "string"},
    "requestingProvider": {"type": "string"},
    "callCenterNotified": {"type": "string", "format": "date-time"},
    "physicianNotified": {"type": "string", "format": "date-time"},
    "patientLocation": {"type": "string"},
    "consultType": {"enum": ["new", "update"]},
    "reason": {"enum": ["Stroke", "EEG Stat", "EEG Routine"]},
    "caller": {"type": "string"}
  }
}"#;

const PERFECT_ANSWER_LOCATION: &str = r#"{
  "type": "object",
  "required": ["locationId", "waitingRoom", "templates"],
  "properties": {
    "locationId": {"type": "string", "format": "uuid"},
    "waitingRoom": {"type": "string", "description": "The waiting room (shop) the visits are booked in."},
    "templates": {"type": "object", "description": "The note template of each reason, by name.", "additionalProperties": {"type": "string"}}
  }
}"#;

const ASSISTANCE_BODY: &str = r#"{
  "type": "object",
  "description": "One of the seed's four forms, looked at in this order: `deviceSerialNumber`; `patientMrn` (the care location the patient is placed at); `building`, `floor`, `room` and optionally `bed`; `department`, `room` and optionally `bed`. Without a `bed`, a room with one care location names it. Values are compared ignoring case. The same fields may be sent as query parameters instead (a GET body is not carried by every client).",
  "properties": {
    "deviceSerialNumber": {"type": "string"},
    "patientMrn": {"type": "string"},
    "building": {"type": "string"},
    "floor": {"type": "string"},
    "department": {"type": "string"},
    "room": {"type": "string"},
    "bed": {"type": "string"}
  }
}"#;

const ASSISTANCE_OUT: &str = r#"{
  "type": "object",
  "description": "The seed's request. `status`: `incomplete` (waiting for a nurse), `in_progress` (a nurse took it), `completed` or `cancelled`: the queue entry's. `location` is the waiting room whose queue it joined; `practice` the organisation; `careLocation.availability` is always `offline` (Frontdesk does not watch devices); `assignedTo` is the nurse's `doctor_uid` once taken; `avSessions` holds the nurse's video room once taken.",
  "required": ["id", "device", "careLocation", "practice", "patient", "assignedTo", "room", "status", "createdAt", "finishedAt", "location", "avSessions", "createdFromExternalApi"],
  "properties": {
    "id": {"type": "string"},
    "device": {"type": "string"},
    "careLocation": {"type": "object"},
    "practice": {"type": "string"},
    "patient": {"type": ["object", "null"]},
    "assignedTo": {"type": ["string", "null"]},
    "room": {"type": "string"},
    "status": {"enum": ["incomplete", "in_progress", "completed", "cancelled"]},
    "createdAt": {"type": "string", "format": "date-time"},
    "finishedAt": {"type": ["string", "null"], "format": "date-time"},
    "location": {"type": "object"},
    "avSessions": {"type": "array"},
    "createdFromExternalApi": {"type": "boolean"}
  }
}"#;

const SOLO_MESSAGE: &str =
    r#"{"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}"#;

const CARE_LOCATION_BODY: &str = r#"{
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "room", "waitingRoom", "device"],
  "description": "A bed in a ward (`building`, `floor`, `room`, optional `bed`) or in a department (`department`, `room`, optional `bed`). Its place, its device and its patient are each unique in the organisation (409).",
  "properties": {
    "name": {"type": "string", "maxLength": 100},
    "building": {"type": "string", "maxLength": 100},
    "floor": {"type": "string", "maxLength": 100},
    "department": {"type": "string", "maxLength": 100},
    "room": {"type": "string", "maxLength": 100},
    "bed": {"type": "string", "maxLength": 100},
    "waitingRoom": {"type": "string", "description": "The waiting room (shop) whose queue its requests join: the nurses' station. Its doctors are the nurses."},
    "device": {"type": "object", "required": ["serialNumber"], "properties": {"serialNumber": {"type": "string"}, "type": {"type": "string", "default": "robot"}}},
    "patientMrn": {"type": ["string", "null"], "description": "The patient placed here; `null` or absent: nobody (a request then gets 409)."}
  }
}"#;

const CARE_LOCATION_OUT: &str = r#"{
  "type": "object",
  "required": ["id", "name", "room", "waitingRoom", "device", "patientId"],
  "properties": {
    "id": {"type": "string"},
    "name": {"type": "string"},
    "building": {"type": ["string", "null"]},
    "floor": {"type": ["string", "null"]},
    "department": {"type": ["string", "null"]},
    "room": {"type": "string"},
    "bed": {"type": ["string", "null"]},
    "waitingRoom": {"type": "string"},
    "device": {"type": "object"},
    "patientId": {"type": ["string", "null"]}
  }
}"#;

const SOLO_WEBHOOKS: &str = "Each delivery is a POST whose body (`text/plain`) is seed 002's payload, `{\"event\": {\"type\"}, \"data\": {\"patientId\" | \"appointmentId\"}}` with seed 002's integer ids (episode events: `episodeId`), encrypted with AES-256-CBC: key SHA-256(`encryptionKey` as its base64 text ‖ salt), body base64(salt, 8 bytes) ‖ base64(IV, 16 bytes) ‖ base64(ciphertext), as seed 002's PHP recipe reads it. CBC has no integrity, so each delivery also carries the Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`), the signing secret being `whsec_` + `encryptionKey`. Retries and the delivery log are `/v1`'s (`GET /v1/management/webhook-subscriptions/{id}/deliveries`).";

const WEBHOOK_BODY: &str = r#"{
  "type": "object",
  "required": ["endpoint", "events"],
  "properties": {
    "endpoint": {"type": "string", "description": "A public https URL."},
    "events": {"type": "array", "items": {"enum": ["patient:created", "patient:updated", "patient:deactivated", "appointment:scheduled", "appointment:rescheduled", "appointment:cancelled", "appointment:completed", "appointment:incompleted", "appointment:no-show", "appointment:lwbs", "episode:created", "episode:updated"]}}
  }
}"#;

const WEBHOOK_OUT: &str = r#"{
  "type": "object",
  "required": ["id", "endpoint", "events"],
  "properties": {
    "id": {"type": "string"},
    "endpoint": {"type": "string"},
    "events": {"type": "array", "items": {"type": "string"}},
    "encryptionKey": {"type": "string", "description": "16 random bytes in base64."}
  }
}"#;

const LINKING_SECRET: &str = r#"{
  "type": "object",
  "required": ["keyId", "createdAt", "revokedAt"],
  "properties": {
    "keyId": {"type": "string"},
    "secret": {"type": "string"},
    "createdAt": {"type": "string"},
    "revokedAt": {"type": ["string", "null"]}
  }
}"#;

fn solo(id: &'static str, summary: &'static str) -> Op {
    op(id, SOLO_TAG, summary)
}

fn dr(id: &'static str, summary: &'static str) -> Op {
    op(id, DR_TAG, summary)
}

/// Frontdesk's own error body, which seed 003's surface answers.
fn error(status: &'static str, description: &'static str) -> Reply {
    Reply::new(status, description).json(inline(r##"{"$ref": "#/components/schemas/Error"}"##))
}

fn solo_error(status: &'static str, description: &'static str) -> Reply {
    Reply::new(status, description).json(inline(r##"{"$ref": "#/components/schemas/SoloError"}"##))
}

pub fn operation(route: R) -> Op {
    match route {
        R::SoloCreatePatient => solo("soloCreatePatient", "Create a patient (seed 002)")
            .describe("Answers the patient's SPID, an integer numbered per organisation. Another patient with the same `id` is 409. `POST /v1/management/patients` underneath (audited, `patient:created`).")
            .body(Body::json(inline(SOLO_PATIENT)).example(r#"{"id": "patientId", "mrn": "MRN-123", "accountNumber": "A-123", "name": [{"use": "usual", "family": "Mike Shinoda", "firstName": "Mike", "lastName": "Shinoda"}], "birthDate": "1983-08-15", "gender": "male", "contact": [{"telecom": [{"use": "home", "system": "phone", "value": "phone"}], "name": []}], "familyMember": false}"#))
            .reply(Reply::new("201", "The new patient's SPID.").json(inline(r#"{"type": "integer"}"#)).example("1"))
            .reply(solo_error("400", "A field is wrong: `Bad parameters [field: problem]`."))
            .reply(solo_error("409", "Another patient has this `id` (or MRN).")),
        R::SoloGetPatient => solo("soloGetPatient", "Get a patient by id (seed 002)")
            .describe("`patient_id` is the client's `id`, or Frontdesk's `patient_uid`. The group renders as `sharedEmailGroup`. Audited (`patient.read`).")
            .param(Param::path("patient_id"))
            .reply(Reply::new("200", "Seed 002's demographics.").json(inline(r#"{"type": "object"}"#)))
            .reply(solo_error("404", "No such patient in the organisation.")),
        R::SoloUpdatePatient => solo("soloUpdatePatient", "Update a patient by id (seed 002)")
            .param(Param::path("patient_id"))
            .body(Body::json(inline(SOLO_PATIENT)))
            .reply(Reply::new("200", "Seed 002's empty answer.").json(inline(r#"{"type": "array", "maxItems": 0}"#)).example("[]"))
            .reply(solo_error("400", "A field is wrong; nothing changed."))
            .reply(solo_error("404", "No such patient.")),
        R::SoloGetPatientBySpid => solo("soloGetPatientBySpid", "Get a patient by SPID (seed 002)")
            .describe("The group renders as `groupType` and `groupName`.")
            .param(Param::path("spid").schema(inline(r#"{"type": "integer", "minimum": 1}"#)))
            .reply(Reply::new("200", "Seed 002's demographics.").json(inline(r#"{"type": "object"}"#)))
            .reply(solo_error("404", "No patient has this SPID.")),
        R::SoloUpdatePatientBySpid => solo("soloUpdatePatientBySpid", "Update a patient by SPID (seed 002)")
            .param(Param::path("spid").schema(inline(r#"{"type": "integer", "minimum": 1}"#)))
            .body(Body::json(inline(SOLO_PATIENT)))
            .reply(Reply::new("200", "Seed 002's empty answer.").json(inline(r#"{"type": "array", "maxItems": 0}"#)))
            .reply(solo_error("400", "A field is wrong; nothing changed."))
            .reply(solo_error("404", "No patient has this SPID.")),
        R::SoloCreateAppointment => solo("soloCreateAppointment", "Create an appointment (seed 002)")
            .describe("A pool appointment in the waiting room (shop) named, of the organisation's first appointment type, confirmed; the first doctor to allocate the checked-in patient takes it. `POST /v1/management/patients/{uid}/appointments` underneath.")
            .param(Param::path("patient_id"))
            .body(Body::json(inline(SOLO_APPOINTMENT)).example(r#"{"date": 1893492000, "reasons": ["headache"], "waitingRoom": "my waiting room", "externalId": "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56", "accountNumber": "ABC123456789"}"#))
            .reply(Reply::new("201", "The SAID and the patient's check-in link.").json(inline(APPOINTMENT_REF)))
            .reply(solo_error("400", "A field is wrong (`waitingRoom` names no room, …)."))
            .reply(solo_error("404", "No such patient or episode."))
            .reply(solo_error("409", "The time is not free, too soon, or the `externalId` is taken.")),
        R::SoloCreateAppointmentByHsid => solo("soloCreateAppointmentByHsid", "Create an appointment for a patient by HSID (seed 002)")
            .describe("The patient whose `HSID` identifier is `hsid`.")
            .param(Param::path("hsid"))
            .body(Body::json(inline(SOLO_APPOINTMENT)))
            .reply(Reply::new("201", "The SAID and the check-in link.").json(inline(APPOINTMENT_REF)))
            .reply(solo_error("400", "A field is wrong."))
            .reply(solo_error("404", "No patient has this HSID."))
            .reply(solo_error("409", "The time is not free.")),
        R::SoloCreateAppointmentBySpid => solo("soloCreateAppointmentBySpid", "Create an appointment for a patient by SPID (seed 002)")
            .param(Param::path("spid").schema(inline(r#"{"type": "integer", "minimum": 1}"#)))
            .body(Body::json(inline(SOLO_APPOINTMENT)))
            .reply(Reply::new("201", "The SAID and the check-in link.").json(inline(APPOINTMENT_REF)))
            .reply(solo_error("400", "A field is wrong."))
            .reply(solo_error("404", "No patient has this SPID."))
            .reply(solo_error("409", "The time is not free.")),
        R::SoloGetAppointment => solo("soloGetAppointment", "Get an appointment (seed 002)")
            .describe("`appointment_id` is the SAID, or Frontdesk's `appointment_uid`. `status` is seed 002's stage (`scheduled` … `not showed up`); `videoCall` is the waiting-room entry once checked in (`id`, `status`: `waiting`, `on call`, `on hold`, …); `providers` the doctor who has the visit.")
            .param(Param::path("appointment_id"))
            .reply(Reply::new("200", "The appointment with its patient.").json(inline(r#"{"type": "object", "required": ["id", "date", "duration", "reasons", "status", "videoCall", "externalId", "patient", "providers"]}"#)))
            .reply(solo_error("404", "No such appointment.")),
        R::SoloUpdateAppointment => solo("soloUpdateAppointment", "Update an appointment (seed 002)")
            .describe("`date` moves the visit (Frontdesk rebooks it; the SAID and `externalId` follow); `status: cancelled` cancels it. A `duration`, `reasons`, `externalId` or `accountNumber` other than the booked ones is 409 (cancel and book again).")
            .param(Param::path("appointment_id"))
            .body(Body::json(inline(r#"{"type": "object", "properties": {"date": {"type": "integer"}, "duration": {"type": "integer"}, "status": {"const": "cancelled"}, "externalId": {"type": "string"}, "reasons": {"type": "array", "items": {"type": "string"}}, "accountNumber": {"type": "string"}}}"#)))
            .reply(Reply::new("200", "The SAID and the check-in link.").json(inline(APPOINTMENT_REF)))
            .reply(solo_error("400", "A field is wrong (`status` other than `cancelled`, …)."))
            .reply(solo_error("404", "No such appointment."))
            .reply(solo_error("409", "The new time is not free, or the change is not possible.")),
        R::SoloProviderLink => solo("soloProviderLink", "The provider's link (seed 002)")
            .describe("The doctor's per-visit link (`/v1/visit/{token}`), once the patient has checked in (409 before).")
            .param(Param::path("appointment_id"))
            .reply(Reply::new("200", "`{id, providerVisitUrl}`.").json(inline(r#"{"type": "object", "required": ["id", "providerVisitUrl"], "properties": {"id": {"type": "integer"}, "providerVisitUrl": {"type": "string"}}}"#)))
            .reply(solo_error("404", "No such appointment."))
            .reply(solo_error("409", "The patient has not checked in yet.")),
        R::SoloMsTeamsProviderLink => solo("soloMsTeamsProviderLink", "The provider's MS Teams link (seed 002)")
            .describe("An online meeting made through Microsoft Graph (`POST {GRAPH_BASE_URL}/me/onlineMeetings/createOrGet`, keyed by the appointment) with the caller's `Teams-Auth-Token` as the bearer token; one per appointment, kept and answered again. `GRAPH_BASE_URL` is a setting, never taken from a request. The meeting's subject carries no patient data.")
            .param(Param::path("appointment_id"))
            .param(Param::header("Teams-Auth-Token", true))
            .reply(Reply::new("200", "`{id, msTeamsProviderVisitUrl}`.").json(inline(r#"{"type": "object", "required": ["id", "msTeamsProviderVisitUrl"], "properties": {"id": {"type": "integer"}, "msTeamsProviderVisitUrl": {"type": "string"}}}"#)))
            .reply(solo_error("400", "No `Teams-Auth-Token`, or Microsoft Graph refused it."))
            .reply(solo_error("404", "No such appointment."))
            .reply(solo_error("502", "Microsoft Graph failed or gave no meeting.")),
        R::SoloVideoCallLinks => solo("soloVideoCallLinks", "Both video-call links by external id (seed 002)")
            .param(Param::path("external_appointment_id"))
            .reply(Reply::new("200", "The provider's and the patient's per-visit links.").json(inline(LINKS)))
            .reply(solo_error("404", "No appointment has this external id."))
            .reply(solo_error("409", "The patient has not checked in yet.")),
        R::SoloVideoCallLinksBySaid => solo("soloVideoCallLinksBySaid", "Both video-call links by SAID (seed 002)")
            .param(Param::path("said").schema(inline(r#"{"type": "integer", "minimum": 1}"#)))
            .reply(Reply::new("200", "The provider's and the patient's per-visit links.").json(inline(LINKS)))
            .reply(solo_error("404", "No appointment has this SAID."))
            .reply(solo_error("409", "The patient has not checked in yet.")),
        R::SoloWaitingRooms => solo("soloWaitingRooms", "The waiting rooms (seed 002)")
            .describe("Every shop of the organisation: `id` is its `shop_uid`; `serviceLine` and `serviceType` are set when the shop is created (`service_line`, `service_type`).")
            .reply(Reply::new("200", "The waiting rooms.").json(inline(r#"{"type": "array", "items": {"type": "object", "required": ["id", "name", "serviceLine", "serviceType"]}}"#))),
        R::SoloSlots => solo("soloSlots", "Free slots of a waiting room (seed 002)")
            .describe("The room's free times between `after` and `before` (Unix seconds), each once however many doctors are free then, laid out for the organisation's first type (or `duration`, where the shop allows free durations: 409 otherwise).")
            .param(Param::query("after", true).schema(inline(r#"{"type": "integer", "minimum": 0}"#)))
            .param(Param::query("before", true).schema(inline(r#"{"type": "integer", "minimum": 0}"#)))
            .param(Param::query("waitingRoom", true))
            .param(Param::query("duration", false).schema(inline(r#"{"type": "integer", "minimum": 1, "maximum": 86400}"#)))
            .reply(Reply::new("200", "`[{date, duration}]`, Unix seconds and seconds.").json(inline(r#"{"type": "array", "items": {"type": "object", "required": ["date", "duration"], "properties": {"date": {"type": "integer"}, "duration": {"type": "integer"}}}}"#)))
            .reply(solo_error("400", "A parameter is missing or wrong."))
            .reply(solo_error("409", "Free durations are off in this room.")),
        R::SoloCheckIn => solo("soloCheckIn", "Online check-in (seed 002's visitUrl)")
            .describe("The link a seed 002 booking answers as `visitUrl`. Opening it checks the patient in (once) and redirects to their per-visit link: the wait page, then the call. Every invalid or expired link is the same 410.")
            .param(Param::path("token"))
            .reply(Reply::new("302", "To the patient's per-visit link.").headers(r#"{"Location": {"schema": {"type": "string"}}}"#))
            .reply(solo_error("409", "The appointment cannot be checked in (cancelled, …)."))
            .reply(solo_error("410", "The link is not valid or has expired.")),
        R::SoloGetVisitNote => solo("soloGetVisitNote", "The visit note (seed 002)")
            .describe("`GET /v1/management/appointments/{uid}/note` as seed 002's one-element list (`[]` before the note has a template): the template with each question's `id` (`q_` + 24 hex digits of SHA-256(section, line feed, question): stable while the template keeps the question), the comments (`author.id` is `null`: Frontdesk knows authors by label) and the answers. Audited.")
            .param(Param::path("appointment_id"))
            .reply(Reply::new("200", "The note.").json(inline(r#"{"type": "array"}"#)))
            .reply(solo_error("404", "No such appointment.")),
        R::SoloUpdateVisitNote => solo("soloUpdateVisitNote", "Update the visit note (seed 002)")
            .describe("`{name, questions: [{id, value}]}`: the template by its `name` (one serving the appointment's shop) and the answers by question id, replacing the note's answers (`PUT /v1/management/appointments/{uid}/note` over the version read just before: seed 002 sends no version, so the last writer wins).")
            .param(Param::path("appointment_id"))
            .body(Body::json(inline(r#"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "questions": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "value": {"type": "array", "items": {"type": "string"}}}}}}}"#)))
            .reply(Reply::new("200", "Seed 002's `[]`.").json(inline(r#"{"type": "array", "maxItems": 0}"#)))
            .reply(solo_error("400", "No template has this name for the shop, or a question id is not the template's."))
            .reply(solo_error("404", "No such appointment.")),
        R::SoloCreateEpisode => solo("soloCreateEpisode", "Create an episode of care (seed 002)")
            .describe("`POST /v1/management/patients/{uid}/episodes`, the same body. `status` is one of `PLANNING`, `WAITLIST`, `ACTIVE`, `ONHOLD`, `FINISHED`, `CANCELED` (either case).")
            .param(Param::path("patient_id"))
            .body(Body::json(inline(EPISODE_BODY)).example(r#"{"name": "covid care", "type": "covid", "from": "2026-03-29", "status": "PLANNING", "objective": "care covid patient"}"#))
            .reply(Reply::new("201", "`{episodeId}`.").json(inline(r#"{"type": "object", "required": ["episodeId"], "properties": {"episodeId": {"type": "string"}}}"#)))
            .reply(solo_error("400", "A field is wrong."))
            .reply(solo_error("404", "No such patient.")),
        R::SoloListEpisodes => solo("soloListEpisodes", "A patient's episodes (seed 002)")
            .param(Param::path("patient_id"))
            .reply(Reply::new("200", "`{episodes: [...]}`, each with `patientId`.").json(inline(r#"{"type": "object", "required": ["episodes"]}"#)))
            .reply(solo_error("404", "No such patient.")),
        R::SoloGetEpisode => solo("soloGetEpisode", "An episode (seed 002)")
            .describe("With the patient's `soloPatientId` (SPID) and `externalPatientId` (the client's id).")
            .param(Param::path("episode_id"))
            .reply(Reply::new("200", "The episode.").json(inline(r#"{"type": "object", "required": ["id", "name", "from", "type", "status"]}"#)))
            .reply(solo_error("404", "No such episode.")),
        R::SoloUpdateEpisode => solo("soloUpdateEpisode", "Update an episode (seed 002)")
            .param(Param::path("episode_id"))
            .body(Body::json(inline(EPISODE_BODY)))
            .reply(Reply::new("200", "The episode.").json(inline(r#"{"type": "object"}"#)))
            .reply(solo_error("400", "A field is wrong; nothing changed."))
            .reply(solo_error("404", "No such episode.")),
        R::SoloEpisodeAppointments => solo("soloEpisodeAppointments", "An episode's appointments (seed 002)")
            .param(Param::path("episode_id"))
            .reply(Reply::new("200", "`{episode, appointments: [{appointmentId, date, reasons, hasNotes, episodeOfCareId}]}`.").json(inline(r#"{"type": "object", "required": ["episode", "appointments"]}"#)))
            .reply(solo_error("404", "No such episode.")),
        R::SoloAssignEpisode => solo("soloAssignEpisode", "Assign an appointment to an episode (seed 002)")
            .describe("`{episodeId}` assigns; without it (or `null`) the appointment leaves its episode. The episode must be the appointment's patient's (409).")
            .param(Param::path("appointment_id"))
            .body(Body::json(inline(r#"{"type": "object", "properties": {"episodeId": {"type": ["string", "null"]}}}"#)))
            .reply(Reply::new("200", "`{appointmentId, episodeOfCareId}`.").json(inline(r#"{"type": "object"}"#)))
            .reply(solo_error("404", "No such appointment or episode."))
            .reply(solo_error("409", "The episode is another patient's.")),
        R::SoloUploadAttachment => solo("soloUploadAttachment", "Upload an attachment (seed 002)")
            .describe("The body is the file (at most 5 MiB, `Content-Length` required); `fileName` is shown in the portals. PDF, PNG and JPEG only, as seed 002 lists them.")
            .param(Param::path("appointment_id"))
            .param(Param::query("fileName", false))
            .body(Body::media("application/pdf", inline(r#"{"type": "string", "format": "binary"}"#)).or("image/png", inline(r#"{"type": "string", "format": "binary"}"#)).or("image/jpeg", inline(r#"{"type": "string", "format": "binary"}"#)))
            .reply(Reply::new("201", "The attachment.").json(inline(r#"{"type": "object", "required": ["id", "appointmentId", "title", "mimeType", "size", "uploadedAt", "deleted"]}"#)))
            .reply(solo_error("404", "No such appointment."))
            .reply(solo_error("411", "No `Content-Length`."))
            .reply(solo_error("415", "Another type: seed 002's message, `Mime type \"…\" not supported. Available file mime-types: …`.")),
        R::SoloListAttachments => solo("soloListAttachments", "An appointment's attachments (seed 002)")
            .param(Param::path("appointment_id"))
            .reply(Reply::new("200", "`{attachments: [...]}`.").json(inline(r#"{"type": "object", "required": ["attachments"]}"#)))
            .reply(solo_error("404", "No such appointment.")),
        R::SoloDeleteAttachment => solo("soloDeleteAttachment", "Delete an attachment (seed 002)")
            .param(Param::path("appointment_id"))
            .param(Param::path("attachment_id"))
            .reply(Reply::new("204", "Deleted (it lists as `deleted: true`)."))
            .reply(solo_error("404", "No such attachment.")),
        R::SoloAddDocument => solo("soloAddDocument", "Add a patient document (seed 002)")
            .describe("`POST /v1/management/patients/{uid}/documents`, the same body: `name`, `dateTime` (Unix seconds), `responses` `[{question, response}]`, all required.")
            .param(Param::path("patient_id"))
            .body(Body::json(inline(r#"{"type": "object", "required": ["name", "dateTime", "responses"]}"#)).example(r#"{"name": "document name", "dateTime": 1510367140, "responses": [{"question": "question 1", "response": "response to question 1"}]}"#))
            .reply(Reply::new("201", "Seed 002's `[]`.").json(inline(r#"{"type": "array", "maxItems": 0}"#)))
            .reply(solo_error("400", "A field is wrong."))
            .reply(solo_error("404", "No such patient.")),
        R::SoloCsvDump => solo("soloCsvDump", "The visits CSV (seed 002)")
            .describe("`GET /v1/management/reports/visits.csv`: `from` and `to` are dates (inclusive); the CSV streams as `application/octet-stream`.")
            .param(Param::query("from", true).schema(inline(r#"{"type": "string", "format": "date"}"#)))
            .param(Param::query("to", true).schema(inline(r#"{"type": "string", "format": "date"}"#)))
            .reply(Reply::new("200", "The CSV.").media("application/octet-stream", inline(r#"{"type": "string"}"#)))
            .reply(solo_error("400", "A date is missing or wrong.")),
        R::SoloOrderEncounterReport => solo("soloOrderEncounterReport", "Order an encounter report (seed 002)")
            .describe("`POST /v1/management/reports/encounters`: `from` and `to` (RFC 3339 / ATOM), `password` for the zip; `presetId` is accepted and unused (Frontdesk has one preset).")
            .body(Body::json(inline(r#"{"type": "object", "required": ["from", "to", "password"]}"#)))
            .reply(Reply::new("202", "`{id, status: \"pending\"}`.").json(inline(r#"{"type": "object", "required": ["id", "status"]}"#)))
            .reply(solo_error("400", "A field is wrong.")),
        R::SoloEncounterReportStatus => solo("soloEncounterReportStatus", "An encounter report's status (seed 002)")
            .param(Param::path("report_id"))
            .reply(Reply::new("200", "`{id, status}`: `pending`, `completed` or `failed`.").json(inline(r#"{"type": "object", "required": ["id", "status"]}"#)))
            .reply(solo_error("404", "No such report.")),
        R::SoloDownloadEncounterReport => solo("soloDownloadEncounterReport", "Download an encounter report (seed 002)")
            .param(Param::path("report_id"))
            .reply(Reply::new("200", "The zipped CSV (AES-256, the order's password).").media("application/octet-stream", inline(r#"{"type": "string", "format": "binary"}"#)))
            .reply(solo_error("404", "No such report."))
            .reply(solo_error("409", "Not made yet."))
            .reply(solo_error("410", "Expired and deleted.")),
        R::SoloCreateWebhook => solo("soloCreateWebhook", "Add a webhook (seed 002)")
            .describe(SOLO_WEBHOOKS)
            .body(Body::json(inline(WEBHOOK_BODY)).example(r#"{"endpoint": "https://webhook.site/example", "events": ["appointment:scheduled", "appointment:rescheduled"]}"#))
            .reply(Reply::new("201", "The webhook with its `encryptionKey`, which decrypts (and verifies) its deliveries.").json(inline(WEBHOOK_OUT)))
            .reply(solo_error("400", "`endpoint` is not a public https URL, or an event is not one of seed 002's."))
            .reply(solo_error("409", "The organisation has its most subscriptions.")),
        R::SoloListWebhooks => solo("soloListWebhooks", "The webhooks (seed 002)")
            .describe("The organisation's seed 002 webhooks (Frontdesk's own subscriptions are listed by `/v1`).")
            .reply(Reply::new("200", "`[{id, endpoint, events}]`.").json(inline(r#"{"type": "array"}"#))),
        R::SoloGetWebhook => solo("soloGetWebhook", "A webhook (seed 002)")
            .param(Param::path("webhook_id"))
            .reply(Reply::new("200", "The webhook with its `encryptionKey`.").json(inline(WEBHOOK_OUT)))
            .reply(solo_error("404", "No such webhook.")),
        R::SoloUpdateWebhook => solo("soloUpdateWebhook", "Update a webhook (seed 002)")
            .param(Param::path("webhook_id"))
            .body(Body::json(inline(WEBHOOK_BODY)))
            .reply(Reply::new("200", "`{id, endpoint, events}`.").json(inline(WEBHOOK_OUT)))
            .reply(solo_error("400", "A field is wrong; nothing changed."))
            .reply(solo_error("404", "No such webhook.")),
        R::SoloDeleteWebhook => solo("soloDeleteWebhook", "Delete a webhook (seed 002)")
            .describe("Its pending deliveries are cancelled.")
            .param(Param::path("webhook_id"))
            .reply(Reply::new("204", "Deleted."))
            .reply(solo_error("404", "No such webhook.")),
        R::SoloCreateLinkingSecret => solo("soloCreateLinkingSecret", "Create a linking secret (context-aware linking)")
            .describe("A Frontdesk addition to seed 002's surface: the organisation's secret for `GET /integrations/linking`. The answer shows the secret once (it is sealed at rest; `reveal` shows it again); `keyId` goes beside `arg` in every link.")
            .reply(Reply::new("201", "`{keyId, secret, createdAt, revokedAt}`.").json(inline(LINKING_SECRET)))
            .reply(solo_error("409", "The organisation has its most linking secrets (10 live).")),
        R::SoloListLinkingSecrets => solo("soloListLinkingSecrets", "The linking secrets")
            .reply(Reply::new("200", "Newest first, without the secrets.").json(inline(r#"{"type": "array"}"#))),
        R::SoloRevealLinkingSecret => solo("soloRevealLinkingSecret", "Reveal a linking secret")
            .describe("Audited (`linking_secret.revealed`).")
            .param(Param::path("key_id"))
            .reply(Reply::new("200", "With its `secret`.").json(inline(LINKING_SECRET)))
            .reply(solo_error("404", "No such secret.")),
        R::SoloRevokeLinkingSecret => solo("soloRevokeLinkingSecret", "Revoke a linking secret")
            .describe("Links made with it stop working at once.")
            .param(Param::path("key_id"))
            .reply(Reply::new("204", "Revoked."))
            .reply(solo_error("404", "No such live secret.")),
        R::SoloLinking => solo("soloLinking", "Connect (context-aware linking, seed 002)")
            .describe("`arg` is seed 002's encrypted JSON (`{user, type: patient|medicalAssistant|provider, visit, date, patient: {id, sex, dob, firstName, lastName}}`), URL-encoded: base64(salt) ‖ base64(IV) ‖ base64(AES-256-CBC ciphertext), key SHA-256(secret ‖ salt), as `openssl enc -aes-256-cbc -md sha256` makes it. `keyId` names the linking secret, and so the organisation. `visit` is the visit's SAID, external id or `appointment_uid`; `date` (UTC Unix seconds) must be within an hour before and four hours after now. The answer redirects to the visit's per-visit link for the `type`: a patient is checked in first if need be; a provider or medical assistant needs the patient checked in (409 before). Every other failure (a bad or revoked key id, bad base64, bad padding, the wrong key, JSON off the schema, a date out of window, a visit not of this organisation) is one and the same 400, so nothing tells them apart.")
            .param(Param::query("arg", true))
            .param(Param::query("keyId", true))
            .reply(Reply::new("302", "To the per-visit link.").headers(r#"{"Location": {"schema": {"type": "string"}}}"#))
            .reply(solo_error("400", "The link is not valid."))
            .reply(solo_error("409", "The patient has not checked in yet.")),
        R::SoloPerfectAnswer => solo("soloPerfectAnswer", "Perfect answer (seed 002)")
            .describe("Creates or updates the patient by `mrn`, books a visit at the first free time of the waiting room `locationId` is configured with, and fills the note template configured for `reason` (by default the seed's: \"Acute Neurology - Physician Services\" for `Stroke`, \"EEG - Physician Services\" for either EEG) from the request: a template question is tagged with the request field that answers it by ending in that field's name in brackets, e.g. `Call center notified [callCenterNotified]`. A second visit for the same patient within 24 hours of the first is refused (409, the seed's message), also when the two arrive at once. Needs `appointments:write` and `patients:write`.")
            .body(Body::json(inline(PERFECT_ANSWER_BODY)).example(r#"{"firstName": "John", "lastName": "Doe", "dob": "2001-01-20", "locationId": "ab25dda0-64e6-4666-8bfe-3277656a6405", "mrn": "AA-00000001", "physicianCallbackNumber": "+1-202-555-0150", "requestingProvider": "Bob Dylan", "callCenterNotified": "2019-12-03T14:32:12Z", "physicianNotified": "2019-12-03T14:32:12Z", "patientLocation": "Patient location", "consultType": "new", "reason": "EEG Stat", "caller": "Caller name"}"#))
            .reply(Reply::new("201", "`{patientId, encounterId}`: the patient's and the visit's uids.").json(inline(r#"{"type": "object", "required": ["patientId", "encounterId"], "properties": {"patientId": {"type": "string"}, "encounterId": {"type": "string"}}}"#)))
            .reply(solo_error("400", "A field is wrong, e.g. `Bad parameters [locationId: This is not a valid UUID.]` (the seed's own example sends `\"123\"`), or no location has this id."))
            .reply(solo_error("409", "`A visit has already been created for the patient within 24 hours`; or the waiting room has no template of that name, or no free time in two weeks.")),
        R::SoloListPerfectAnswerLocations => solo("soloListPerfectAnswerLocations", "Perfect-answer locations")
            .describe("A Frontdesk addition: the organisation's configuration for `POST /qapi/v1/perfect-answer` (the seed's geolocation ids and EHR mapping). Admin keys.")
            .reply(Reply::new("200", "By `locationId`.").json(inline(r#"{"type": "array"}"#))),
        R::SoloPutPerfectAnswerLocation => solo("soloPutPerfectAnswerLocation", "Configure a perfect-answer location")
            .describe("Maps a `locationId` to a waiting room and each `reason` to a note template by name (reasons left out keep the seed's templates). Creates or replaces; audited. Admin keys.")
            .param(Param::path("location_id"))
            .body(Body::json(inline(r#"{"type": "object", "required": ["waitingRoom"], "properties": {"waitingRoom": {"type": "string"}, "templates": {"type": "object", "properties": {"Stroke": {"type": "string"}, "EEG Stat": {"type": "string"}, "EEG Routine": {"type": "string"}}}}}"#)).example(r#"{"waitingRoom": "Neurology", "templates": {"Stroke": "Acute Neurology - Physician Services"}}"#))
            .reply(Reply::new("200", "The location.").json(inline(PERFECT_ANSWER_LOCATION)))
            .reply(solo_error("400", "Not a UUID, no waiting room of that name, or a reason that is not the seed's.")),
        R::SoloDeletePerfectAnswerLocation => solo("soloDeletePerfectAnswerLocation", "Remove a perfect-answer location")
            .param(Param::path("location_id"))
            .reply(Reply::new("204", "Removed."))
            .reply(solo_error("404", "No such location.")),
        R::SoloCreateAssistanceRequest => solo("soloCreateAssistanceRequest", "Create an assistance request (seed 002, virtual nursing)")
            .describe("Asks for a nurse at a care location: the request joins the queue of the care location's waiting room as the patient placed there, so nurses (that waiting room's doctors) see it live and take it as any patient (`/v1/management/waiting-room/live`, `…/allocate`, `…/complete`). A care location has at most one current request: asking again answers it (200).")
            .body(Body::json(inline(ASSISTANCE_BODY)).example(r#"{"building": "hospital", "floor": "floor 2", "room": "431", "bed": "bed 2"}"#))
            .reply(Reply::new("201", "The new request.").json(inline(ASSISTANCE_OUT)))
            .reply(Reply::new("200", "The care location's current request.").json(inline(ASSISTANCE_OUT)))
            .reply(Reply::new("400", "`{message}`: the seed's missing-parameters message.").json(inline(SOLO_MESSAGE)))
            .reply(Reply::new("404", "`{message}`: `Device could not be found from the data submitted`.").json(inline(SOLO_MESSAGE)))
            .reply(Reply::new("409", "`{message}`: nobody is placed at the care location.").json(inline(SOLO_MESSAGE))),
        R::SoloGetAssistanceRequest => solo("soloGetAssistanceRequest", "The current assistance request (seed 002)")
            .describe("The fields may be a JSON body, as the seed sends them, or query parameters.")
            .body(Body::json(inline(ASSISTANCE_BODY)).example(r#"{"deviceSerialNumber": "123457"}"#))
            .reply(Reply::new("200", "The care location's current request.").json(inline(ASSISTANCE_OUT)))
            .reply(Reply::new("400", "`{message}`: the seed's missing-parameters message.").json(inline(SOLO_MESSAGE)))
            .reply(Reply::new("404", "`{message}`: `Service Request Error: Request not found`, or no device matches.").json(inline(SOLO_MESSAGE))),
        R::SoloCancelAssistanceRequest => solo("soloCancelAssistanceRequest", "Cancel the current assistance request (seed 002)")
            .describe("Its queue entry leaves the nurses' queue. The fields may be a JSON body or query parameters.")
            .body(Body::json(inline(ASSISTANCE_BODY)).example(r#"{"patientMrn": "1234"}"#))
            .reply(Reply::new("200", "The request as it ends, `status: cancelled`.").json(inline(ASSISTANCE_OUT)))
            .reply(Reply::new("400", "`{message}`: the seed's missing-parameters message.").json(inline(SOLO_MESSAGE)))
            .reply(Reply::new("404", "`{message}`: `Service Request Error: Request not found`, or no device matches.").json(inline(SOLO_MESSAGE))),
        R::SoloCreateCareLocation => solo("soloCreateCareLocation", "Add a care location (virtual nursing)")
            .describe("A Frontdesk addition: the beds assistance requests name, with their device and placed patient. Audited; admin keys.")
            .body(Body::json(inline(CARE_LOCATION_BODY)).example(r#"{"name": "ICC-CL-01-02", "building": "hospital", "floor": "floor 2", "room": "431", "bed": "bed 2", "waitingRoom": "Nurses' station", "device": {"serialNumber": "123457", "type": "robot"}, "patientMrn": "1234"}"#))
            .reply(Reply::new("201", "The care location.").json(inline(CARE_LOCATION_OUT)))
            .reply(solo_error("400", "A field is wrong, no waiting room of that name, or no patient with that MRN."))
            .reply(solo_error("409", "Another care location has this place, device or patient.")),
        R::SoloListCareLocations => solo("soloListCareLocations", "The care locations")
            .reply(Reply::new("200", "By name.").json(inline(r#"{"type": "array"}"#))),
        R::SoloUpdateCareLocation => solo("soloUpdateCareLocation", "Replace a care location")
            .describe("The whole care location, as on create: e.g. to place another patient, or nobody (`patientMrn: null`). Audited.")
            .param(Param::path("care_location_id"))
            .body(Body::json(inline(CARE_LOCATION_BODY)))
            .reply(Reply::new("200", "The care location.").json(inline(CARE_LOCATION_OUT)))
            .reply(solo_error("404", "No such care location."))
            .reply(solo_error("409", "Another care location has this place, device or patient.")),
        R::SoloDeleteCareLocation => solo("soloDeleteCareLocation", "Remove a care location")
            .param(Param::path("care_location_id"))
            .reply(Reply::new("204", "Removed."))
            .reply(solo_error("404", "No such care location."))
            .reply(solo_error("409", "It has a current assistance request.")),
        R::DrAddPatient => dr("drAddPatient", "Add a patient to the business's directory (seed 003)")
            .describe("`POST /v1/management/patients`: the same body (`PatientDemographics`) and answer.")
            .body(Body::json(ty::<crate::patient::Demographics>()))
            .reply(Reply::new("201", "The stored record.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it.")),
        R::DrSlots => dr("drSlots", "A doctor's free slots at a clinic, D to D+1 (seed 003)")
            .describe("`GET /v1/management/slots` for one doctor of the clinic (a shop), `start_date` to `end_date` at most one day apart. `appointment_type_uid` defaults to the organisation's first type.")
            .param(Param::path("doctor_id"))
            .param(Param::path("clinic_id"))
            .param(Param::query("start_date", true).schema(inline(r#"{"type": "string", "format": "date"}"#)))
            .param(Param::query("end_date", true).schema(inline(r#"{"type": "string", "format": "date"}"#)))
            .param(Param::query("appointment_type_uid", false))
            .reply(Reply::new("200", "The slots.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it."))
            .reply(error("404", "Not found in the organisation.")),
        R::DrBook => dr("drBook", "Book a slot (seed 003)")
            .describe("`POST /v1/management/appointments`'s body with `doctor_uid` required and `status` defaulting to `confirmed`; `shop_uid` is the clinic. Instead of `patient_profile_uid`, a `patient` object (`PatientDemographics`) adds the patient to the directory in the same request.")
            .body(Body::json(inline(r#"{"type": "object", "required": ["shop_uid", "doctor_uid", "appointment_type_uid", "start", "payment_mode"]}"#)))
            .reply(Reply::new("201", "The appointment.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it."))
            .reply(error("404", "Not found in the organisation."))
            .reply(error("409", "The slot is taken or too soon.")),
        R::DrEdit => dr("drReschedule", "Reschedule an appointment (seed 003)")
            .describe("`{appointment_uid, start, doctor_uid?}`: `POST /v1/management/appointments/{uid}/rebook`; the answer is the new appointment, linked by `previous_meeting_uid`.")
            .body(Body::json(inline(r#"{"type": "object", "required": ["appointment_uid", "start"]}"#)))
            .reply(Reply::new("200", "The new appointment.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it."))
            .reply(error("404", "Not found in the organisation."))
            .reply(error("409", "The new slot is not free, or the type does not allow rebooking.")),
        R::DrCheckIn => dr("drCheckIn", "Check a patient in (seed 003)")
            .describe("`{appointment_uid}`: `POST /v1/management/appointments/{uid}/check-in`.")
            .body(Body::json(inline(r#"{"type": "object", "required": ["appointment_uid"]}"#)))
            .reply(Reply::new("200", "The check-in with the patient's links.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it."))
            .reply(error("404", "Not found in the organisation."))
            .reply(error("409", "Already checked in, or not confirmed.")),
        R::DrCancel => dr("drCancel", "Cancel an appointment (seed 003)")
            .describe("`{appointment_uid, reason}`: `POST /v1/management/appointments/{uid}/cancel`.")
            .body(Body::json(inline(r#"{"type": "object", "required": ["appointment_uid", "reason"]}"#)))
            .reply(Reply::new("200", "The cancelled appointment.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("400", "A field is wrong; `error.field` names it."))
            .reply(error("404", "Not found in the organisation."))
            .reply(error("409", "Already over.")),
        R::DrGetAppointment => dr("drGetAppointment", "Get an appointment's details (seed 003)")
            .describe("`GET /v1/management/appointments/{uid}`. The seed's `business_id`, if given, must be the key's organisation (404 otherwise).")
            .param(Param::path("appointment_id"))
            .param(Param::query("business_id", false))
            .reply(Reply::new("200", "The appointment with its history.").json(inline(r#"{"type": "object"}"#)))
            .reply(error("404", "Not found in the organisation.")),
    }
}

/// Seed 002's error body.
pub fn solo_error_schema() -> Value {
    lit(r#"{
  "type": "object",
  "description": "Seed 002's error body. A refusal naming a field reads `Bad parameters [field: problem]`, with the field as seed 002 names it.",
  "required": ["error"],
  "properties": {
    "error": {
      "type": "object",
      "required": ["message"],
      "properties": {"message": {"type": "string"}}
    }
  },
  "example": {"error": {"message": "Bad parameters [waitingRoom: This value should not be blank.]"}}
}"#)
}

/// Seed 002's key header.
pub fn solo_security_scheme() -> Value {
    lit(r#"{
  "type": "apiKey",
  "in": "header",
  "name": "Api-Key",
  "description": "Seed 002's surface (`/qapi/v1`): an organisation's API key (`fdk_…`), the same keys and scopes as `X-API-Key` on `/v1`."
}"#)
}
