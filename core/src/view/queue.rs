//! The waiting room as the API shows it (seed 000).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{DoctorUid, PatientProfileUid, QueueUid, VideoRoomId};
use crate::queue::QueueStatus;
use crate::stage::{CallStatus, Queue, Stage};

/// A queue entry as the status endpoint shows it. The first six fields are
/// exactly seed 000's status response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "EntryView",
        description = r#"A queue entry as the status endpoint and the watch socket show it. The first six fields are exactly the waiting-room reference's status response; `join_url` is Frontdesk's addition.

When a patient is allocated, video_room_id and allocated_at will be populated.

`estimated_wait_minutes` = ceil(position × average consultation ÷ max(doctors online, 1)) (while waiting for intake, position counts everyone waiting for a doctor too), where the average is the mean of the shop's last 10 consultations (allocated → completed, each clamped to 1–120 minutes), or 5 minutes before there is any history."#
    )
)]
pub struct EntryView {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    /// `null` unless waiting.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"1-based place among waiting patients, in registration order; gapless and only ever decreasing. In a shop with an intake step it counts within the visit's queue (`waiting_for`), and a patient handed on from intake joins the doctors' queue at its end. `null` unless `waiting`."#
        )
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub position: Option<u32>,
    /// `null` unless waiting.
    #[cfg_attr(
        feature = "schema",
        schemars(description = r#"Estimated wait in whole minutes. `null` unless `waiting`."#)
    )]
    pub estimated_wait_minutes: Option<u32>,
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The visit's video room (the doctor's persistent room, or the visit's own under `per_visit`); `null` until allocated, kept afterwards. Shown to integrators (status), never on the patient's socket."#
        )
    )]
    pub video_room_id: Option<VideoRoomId>,
    /// `null` until allocated.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(description = r#"When the entry was allocated; `null` until allocated."#)
    )]
    pub allocated_at: Option<DateTime<Utc>>,
    /// The doctor who took the patient, once allocated.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The doctor who took the patient; `null` until allocated, kept afterwards."#
        )
    )]
    pub doctor_uid: Option<DoctorUid>,
    /// The video call to join, once allocated.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The video call to join (`{JITSI_BASE_URL}/{video_room_id}`); set only while `allocated`."#
        )
    )]
    pub join_url: Option<String>,
    /// Where the visit stands in seed 002's workflow.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Where the visit stands in the clinical workflow (seed 002's appointment `status`); `status` is its waiting-room summary (ARCHITECTURE.md, "The visit workflow")."#
        )
    )]
    pub stage: Stage,
    /// Where its video call stands.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Where the visit's video call stands (seed 002's `videoCall.status`)."#
        )
    )]
    pub call_status: CallStatus,
    /// Which queue `position` counts in while waiting.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"While `waiting`: the queue `position` counts in, `intake` (for a medical assistant) or `exam` (for a doctor); `null` otherwise."#
        )
    )]
    pub waiting_for: Option<Queue>,
}

/// What a patient's watch socket is sent: the entry without the room's
/// name (a patient enters through their visit link, never by room name),
/// and, once allocated, that visit link as `join_url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "entry")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "WatchMessage",
        description = r#"What the watch socket sends, as a text frame: the entry's view (`EntryView` without `video_room_id`) plus `"type": "entry"`. While allocated, `join_url` is the patient's visit link (`/v1/visit/{token}`), never the room. An entry's last message has `"final": true`."#
    )
)]
pub struct WatchedEntry {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    /// 1-based place among waiting patients; `null` unless `waiting`.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub position: Option<u32>,
    /// Estimated wait in whole minutes; `null` unless `waiting`.
    pub estimated_wait_minutes: Option<u32>,
    /// When the entry was allocated; `null` until allocated.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub allocated_at: Option<DateTime<Utc>>,
    /// While allocated: the patient's visit link, which redirects into the
    /// room. `null` otherwise.
    pub join_url: Option<String>,
    /// The clinic (shop) the patient waits for, shown on the wait page;
    /// `null` if unknown.
    #[serde(default)]
    pub clinic_name: Option<String>,
    /// The patient's language when the clinic knows it (from the
    /// registration's `language`, or the patient record's
    /// `preferredLanguage` on check-in); the page speaks it unless the
    /// patient chose another. `null`: the browser's.
    #[serde(default)]
    pub language: Option<crate::turn::Language>,
    /// Where the patient asked to be told of their turn, masked; `null`
    /// when they did not.
    #[serde(default)]
    pub notify: Option<TurnContactView>,
    /// The visit's stage and its call's state, as on `EntryView`.
    pub stage: Stage,
    pub call_status: CallStatus,
    /// While waiting: `intake` or `exam`.
    pub waiting_for: Option<Queue>,
    /// Present (and `true`) on the last message, when the entry is completed
    /// or cancelled; the socket is closed right after.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "schema", schemars(extend("const" = true)))]
    pub r#final: bool,
}

/// A "tell me when it's my turn" contact as it is shown back: its
/// channel and a masked address, never the address itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TurnContactView {
    /// `sms` or `email`.
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["sms", "email"])))]
    pub channel: String,
    /// The address with most of it hidden: `+4477•••••123`, `a•••@example.org`.
    pub masked: String,
}

impl From<&crate::turn::TurnContact> for TurnContactView {
    fn from(c: &crate::turn::TurnContact) -> Self {
        TurnContactView {
            channel: c.channel().to_owned(),
            masked: c.masked(),
        }
    }
}

/// The answer to `PUT /v1/waiting-room/my-turn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MyTurnView {
    pub queue_uid: QueueUid,
    /// The contact now kept; `null` once withdrawn.
    pub notify: Option<TurnContactView>,
}

/// A new registration: where the patient stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Registered {
    pub queue_uid: QueueUid,
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub position: u32,
    pub estimated_wait_minutes: u32,
}

/// The signed links that let a patient follow one queue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "WatchLinks",
        description = r#"A signed link to watch one queue entry. The token grants nothing but watching that entry and expires after `WATCH_TOKEN_TTL_MINUTES` (240 by default)."#
    )
)]
pub struct WatchLinks {
    /// The link to send the patient: the wait page now, the video room
    /// once a doctor takes them.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Frontdesk's addition: the patient's per-visit link, `/v1/visit/{token}`. Send this link to the patient: it shows the wait page until a doctor takes them, leads into the video room while the consultation is on, and answers 410 afterwards. Valid for `WATCH_TOKEN_TTL_MINUTES`."#
        )
    )]
    pub visit_url: String,
    /// The WebSocket that pushes the entry's changes.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The WebSocket URL (`ws://` or `wss://`, same host as the request) of `GET /v1/waiting-room/watch` with the token in `token`. New clients should send the token as a subprotocol instead (see that operation)."#
        )
    )]
    pub watch_url: String,
    /// The patient's wait page; its token rides in the fragment.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The patient's wait page (`/wait`, served from web/wait.html) with the token in the URL fragment, which browsers never send to a server. `visit_url` leads here until the patient is allocated."#
        )
    )]
    pub wait_page_url: String,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(description = r#"When the token stops opening new sockets."#)
    )]
    pub watch_expires_at: DateTime<Utc>,
}

/// `POST /v1/waiting-room/register`'s answer. The links are in `watch`, as
/// in a check-in's answer; they are also at the top level, where clients
/// written before `watch` existed read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "RegisterResponse",
        description = r#"The reference's `{queue_uid, position, estimated_wait_minutes}` plus Frontdesk's watch links."#
    )
)]
pub struct Registration {
    #[serde(flatten)]
    pub registered: Registered,
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Frontdesk's addition: the patient's per-visit link, `/v1/visit/{token}`. Send this link to the patient: it shows the wait page until a doctor takes them, leads into the video room while the consultation is on, and answers 410 afterwards. Valid for `WATCH_TOKEN_TTL_MINUTES`."#
        )
    )]
    pub visit_url: String,
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Frontdesk's addition: the WebSocket URL the patient's page watches."#
        )
    )]
    pub watch_url: String,
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Frontdesk's addition: the patient's wait page, token in the fragment. `visit_url` leads here too, and is the one link a patient needs."#
        )
    )]
    pub wait_page_url: String,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"Frontdesk's addition: when the watch token expires (240 minutes by default); `GET /v1/management/waiting-room/{queue_uid}/watch-url` mints a fresh one."#
        )
    )]
    pub watch_expires_at: DateTime<Utc>,
    pub watch: WatchLinks,
}

impl Registration {
    pub fn new(registered: Registered, watch: WatchLinks) -> Self {
        Registration {
            registered,
            visit_url: watch.visit_url.clone(),
            watch_url: watch.watch_url.clone(),
            wait_page_url: watch.wait_page_url.clone(),
            watch_expires_at: watch.watch_expires_at,
            watch,
        }
    }
}

/// The patient a doctor has just taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Allocation {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    pub stage: Stage,
    pub call_status: CallStatus,
    pub patient_profile_uid: PatientProfileUid,
    pub visit_reason: Option<String>,
    pub doctor_uid: DoctorUid,
    pub video_room_id: Option<VideoRoomId>,
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub allocated_at: Option<DateTime<Utc>>,
}

/// `POST /v1/waiting-room/allocate`'s answer: the allocation, and the
/// doctor's own visit link, which opens the room as moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        rename = "Allocation",
        description = r#"The patient the doctor has just taken."#
    )
)]
pub struct Allocated {
    #[serde(flatten)]
    pub allocation: Allocation,
    /// The doctor's visit link: it opens the room as moderator, with a
    /// Jitsi token when the deployment takes one.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = r#"The doctor's visit link, `/v1/visit/{token}`: it always opens this visit's room as moderator (with a Jitsi token when `JITSI_AUTH` is set)."#
        )
    )]
    pub join_url: String,
}

/// A doctor's presence after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PresenceResponse"))]
pub struct PresenceView {
    pub doctor_uid: DoctorUid,
    pub online: bool,
    #[cfg_attr(
        feature = "schema",
        schemars(description = r#"Doctors of this shop now online."#)
    )]
    pub doctors_online: u32,
}

/// Seed 000's answer to a cancelled registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CancelResponse"))]
pub struct Message {
    pub message: String,
}

/// One entry of the shop's live queue, as staff see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiveEntry {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    pub stage: Stage,
    pub call_status: CallStatus,
    /// 1-based place in its queue (`waiting_for`); `null` once taken.
    pub position: Option<u32>,
    /// While waiting: `intake` or `exam`.
    pub waiting_for: Option<Queue>,
    /// The medical assistant's key or user who took the patient in, once
    /// intake started.
    pub assistant: Option<String>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub registered_at: DateTime<Utc>,
    pub visit_reason: Option<String>,
    /// The doctor the patient asked for, if any.
    pub preferred_doctor_uid: Option<DoctorUid>,
    /// The doctor with the patient, once allocated.
    pub doctor_uid: Option<DoctorUid>,
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub allocated_at: Option<DateTime<Utc>>,
}

/// The shop's whole live queue: what a staff socket is sent after every
/// change (`GET /v1/management/waiting-room/live`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiveQueue {
    /// Waiting patients in order, then those with a doctor.
    pub entries: Vec<LiveEntry>,
    pub doctors_online: Vec<DoctorUid>,
}

/// `POST /v1/management/waiting-room/intake`'s answer: the patient the
/// medical assistant has just taken in, and the assistant's visit link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Intake {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    pub stage: Stage,
    pub call_status: CallStatus,
    pub patient_profile_uid: PatientProfileUid,
    pub visit_reason: Option<String>,
    /// The intake's own room; the doctor's allocation gives the visit its
    /// exam room.
    pub video_room_id: Option<VideoRoomId>,
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub allocated_at: Option<DateTime<Utc>>,
    /// The assistant's visit link, `/v1/visit/{token}`: it opens the
    /// visit's room as moderator. Filled in by the worker.
    #[serde(default)]
    pub join_url: String,
}

/// A shop's workflow setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WorkflowView {
    pub shop_uid: crate::ids::ShopUid,
    /// Whether patients wait for a medical assistant's intake before a
    /// doctor.
    pub intake_step: bool,
    /// Whether the clinic may book appointments for a length other than
    /// their type's.
    pub free_duration: bool,
}
