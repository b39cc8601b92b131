//! The waiting room as the API shows it (seed 000).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{DoctorUid, PatientProfileUid, QueueUid, VideoRoomId};
use crate::queue::QueueStatus;

/// A queue entry as the status endpoint shows it. The first six fields are
/// exactly seed 000's status response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    /// `null` unless waiting.
    pub position: Option<u32>,
    /// `null` unless waiting.
    pub estimated_wait_minutes: Option<u32>,
    pub video_room_id: Option<VideoRoomId>,
    /// `null` until allocated.
    #[serde(with = "super::rfc3339::option")]
    pub allocated_at: Option<DateTime<Utc>>,
    /// The video call to join, once allocated.
    pub join_url: Option<String>,
}

/// What a patient's watch socket is sent: the entry without the room's
/// name (a patient enters through their visit link, never by room name),
/// and, once allocated, that visit link as `join_url`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "entry")]
pub struct WatchedEntry {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    pub position: Option<u32>,
    pub estimated_wait_minutes: Option<u32>,
    #[serde(with = "super::rfc3339::option")]
    pub allocated_at: Option<DateTime<Utc>>,
    /// The patient's visit link, once a doctor has taken them.
    pub join_url: Option<String>,
    /// Present (and `true`) on the last message: the visit is over and the
    /// socket closes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub r#final: bool,
}

/// A new registration: where the patient stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    pub queue_uid: QueueUid,
    pub position: u32,
    pub estimated_wait_minutes: u32,
}

/// The signed links that let a patient follow one queue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchLinks {
    /// The link to send the patient: the wait page now, the video room
    /// once a doctor takes them.
    pub visit_url: String,
    /// The WebSocket that pushes the entry's changes.
    pub watch_url: String,
    /// The patient's wait page; its token rides in the fragment.
    pub wait_page_url: String,
    #[serde(with = "super::rfc3339")]
    pub watch_expires_at: DateTime<Utc>,
}

/// `POST /v1/waiting-room/register`'s answer. The links are in `watch`, as
/// in a check-in's answer; they are also at the top level, where clients
/// written before `watch` existed read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    #[serde(flatten)]
    pub registered: Registered,
    pub visit_url: String,
    pub watch_url: String,
    pub wait_page_url: String,
    #[serde(with = "super::rfc3339")]
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
pub struct Allocation {
    pub queue_uid: QueueUid,
    pub status: QueueStatus,
    pub patient_profile_uid: PatientProfileUid,
    pub visit_reason: Option<String>,
    pub doctor_uid: DoctorUid,
    pub video_room_id: Option<VideoRoomId>,
    #[serde(with = "super::rfc3339::option")]
    pub allocated_at: Option<DateTime<Utc>>,
}

/// `POST /v1/waiting-room/allocate`'s answer: the allocation, and the
/// doctor's own visit link, which opens the room as moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocated {
    #[serde(flatten)]
    pub allocation: Allocation,
    /// The doctor's visit link: it opens the room as moderator, with a
    /// Jitsi token when the deployment takes one.
    pub join_url: String,
}

/// A doctor's presence after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceView {
    pub doctor_uid: DoctorUid,
    pub online: bool,
    pub doctors_online: u32,
}

/// Seed 000's answer to a cancelled registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub message: String,
}
