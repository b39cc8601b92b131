//! Per-visit links: the one link a patient (or the doctor) follows into a
//! consultation, and the meeting-room strategy behind it.
//!
//! A doctor's persistent room is shared by every visit, so handing a
//! patient its name lets them walk into later consultations. Patients get
//! a signed visit link instead (`GET /v1/visit/{token}`): what it does
//! depends on the visit's state at the moment it is followed ([`resolve`]),
//! so it works only while the visit can be joined. Doctors get their own
//! link to the same room, as moderator.
//!
//! A visit token is signed like a watch token (HMAC-SHA256, `payload.sig`)
//! under the same secret but in its own domain, so neither kind of token
//! passes for the other.

pub mod jitsi;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

use crate::ids::{OrgUid, QueueUid, VideoRoomId};
use crate::queue::QueueStatus;
use crate::watch::{seal, unseal, Unsealed};
use crate::wire::{Body, WireError};

const DOMAIN: &str = "visit\n";

/// Who a visit link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Doctor,
    /// The medical assistant who takes the patient in for intake.
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitClaims {
    pub org: OrgUid,
    pub q: QueueUid,
    pub role: Role,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VisitTokenError {
    #[error("the visit link is malformed")]
    Malformed,
    #[error("the visit link's signature is not valid")]
    BadSignature,
    #[error("the visit link has expired")]
    Expired,
}

impl VisitClaims {
    /// Claims for a link to `q` that lives `ttl` from `from`.
    pub fn new(org: OrgUid, q: QueueUid, role: Role, from: DateTime<Utc>, ttl: Duration) -> Self {
        VisitClaims {
            org,
            q,
            role,
            exp: from
                .checked_add_signed(ttl)
                .map_or(i64::MAX, |t| t.timestamp()),
        }
    }
}

pub fn sign(claims: &VisitClaims, secret: &[u8]) -> String {
    seal(DOMAIN, claims, secret)
}

/// The visit link for `claims` under `origin` (`http(s)://host`; empty for
/// a link relative to the host that serves it).
pub fn link(origin: &str, claims: &VisitClaims, secret: &[u8]) -> String {
    format!("{origin}/v1/visit/{}", sign(claims, secret))
}

pub fn verify(
    token: &str,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<VisitClaims, VisitTokenError> {
    let claims: VisitClaims = unseal(DOMAIN, token, secret).map_err(|e| match e {
        Unsealed::Malformed => VisitTokenError::Malformed,
        Unsealed::BadSignature => VisitTokenError::BadSignature,
    })?;
    if now.timestamp() >= claims.exp {
        return Err(VisitTokenError::Expired);
    }
    Ok(claims)
}

/// Seed 001's meeting-room strategies, one per organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum MeetingRooms {
    /// Each doctor has one room for every visit (seed 001's default).
    #[default]
    PersistentPerProvider,
    /// Every visit gets a fresh, unguessable room of its own.
    PerVisit,
}

impl MeetingRooms {
    pub const ALL: [MeetingRooms; 2] =
        [MeetingRooms::PersistentPerProvider, MeetingRooms::PerVisit];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingRooms::PersistentPerProvider => "persistent_per_provider",
            MeetingRooms::PerVisit => "per_visit",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingRooms> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// An organisation's settings, as `PUT /v1/management/organization/settings`
/// takes and returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrganizationSettings {
    /// Seed 001's meeting-room strategy. `persistent_per_provider` (the
    /// default): each doctor's one persistent room hosts every visit with
    /// them. `per_visit`: every allocation gets a fresh, unguessable room of
    /// its own. Either way patients only ever get their visit link.
    pub meeting_rooms: MeetingRooms,
}

impl OrganizationSettings {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        const FIELD: &str = "meeting_rooms";
        let meeting_rooms = match body.raw(FIELD) {
            None | Some(Value::Null) => return Err(WireError::Missing { field: FIELD }),
            Some(Value::String(s)) => MeetingRooms::parse(s),
            Some(_) => None,
        }
        .ok_or_else(|| WireError::Invalid {
            field: FIELD,
            problem: format!(
                "must be one of {}",
                MeetingRooms::ALL.map(MeetingRooms::as_str).join(", ")
            ),
        })?;
        Ok(OrganizationSettings { meeting_rooms })
    }
}

/// The room a new visit with a doctor takes place in.
pub fn room_for_visit(
    strategy: MeetingRooms,
    doctors_room: &VideoRoomId,
    entropy: &crate::ids::Entropy,
) -> VideoRoomId {
    match strategy {
        MeetingRooms::PersistentPerProvider => doctors_room.clone(),
        MeetingRooms::PerVisit => VideoRoomId::new(entropy),
    }
}

/// What following a visit link does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitAction {
    /// Not allocated yet: the wait page, which updates live.
    WaitPage,
    /// Into the visit's room.
    Room { room: VideoRoomId, moderator: bool },
    /// Nothing to join any more (410).
    Ended,
}

/// Decides a visit link from the visit's state when it is followed. A
/// patient's link leads into the room only while the visit is allocated
/// (with the assistant during intake, with the doctor during the exam);
/// the doctor's and the assistant's always open the visit's room, as
/// moderator.
pub fn resolve(role: Role, status: QueueStatus, room: Option<VideoRoomId>) -> VisitAction {
    match (role, status, room) {
        (Role::Patient, QueueStatus::Waiting, _) => VisitAction::WaitPage,
        (Role::Patient, QueueStatus::Allocated, Some(room)) => VisitAction::Room {
            room,
            moderator: false,
        },
        (Role::Patient, _, _) => VisitAction::Ended,
        (Role::Doctor | Role::Assistant, _, Some(room)) => VisitAction::Room {
            room,
            moderator: true,
        },
        (Role::Doctor | Role::Assistant, _, None) => VisitAction::Ended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;
    use crate::watch::{self, WatchClaims};
    use chrono::TimeZone;

    fn claims(role: Role, exp: i64) -> VisitClaims {
        VisitClaims {
            org: OrgUid::new(&[1; 16]),
            q: QueueUid::new(&ShopUid::new(&[2; 16]), &[3; 16]),
            role,
            exp,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn signed_visit_token_verifies_until_expiry() {
        let c = claims(Role::Doctor, now().timestamp() + 600);
        let token = sign(&c, b"secret");
        assert_eq!(verify(&token, b"secret", now()), Ok(c));
        let at_exp = now() + chrono::Duration::seconds(600);
        assert_eq!(
            verify(&token, b"secret", at_exp),
            Err(VisitTokenError::Expired)
        );
        assert_eq!(
            verify(&token, b"other", now()),
            Err(VisitTokenError::BadSignature)
        );
        assert_eq!(
            verify("x", b"secret", now()),
            Err(VisitTokenError::Malformed)
        );
    }

    #[test]
    fn a_patient_cannot_make_their_link_a_doctors() {
        let token = sign(&claims(Role::Patient, now().timestamp() + 600), b"secret");
        let (_, sig) = token.split_once('.').unwrap();
        let doctor = sign(&claims(Role::Doctor, now().timestamp() + 600), b"secret");
        let (payload, _) = doctor.split_once('.').unwrap();
        assert_eq!(
            verify(&format!("{payload}.{sig}"), b"secret", now()),
            Err(VisitTokenError::BadSignature)
        );
    }

    #[test]
    fn watch_and_visit_tokens_do_not_pass_for_each_other() {
        let c = claims(Role::Patient, now().timestamp() + 600);
        let watch_token = watch::sign(
            &WatchClaims {
                org: c.org.clone(),
                q: c.q.clone(),
                exp: c.exp,
            },
            b"secret",
        );
        assert_eq!(
            verify(&watch_token, b"secret", now()),
            Err(VisitTokenError::BadSignature)
        );
        assert!(watch::verify(&sign(&c, b"secret"), b"secret", now()).is_err());
    }

    #[test]
    fn the_link_follows_the_visit() {
        let room = VideoRoomId::new(&[9; 16]);
        let r = || Some(room.clone());
        use QueueStatus::*;
        assert_eq!(resolve(Role::Patient, Waiting, None), VisitAction::WaitPage);
        assert_eq!(
            resolve(Role::Patient, Allocated, r()),
            VisitAction::Room {
                room: room.clone(),
                moderator: false
            }
        );
        assert_eq!(resolve(Role::Patient, Completed, r()), VisitAction::Ended);
        assert_eq!(resolve(Role::Patient, Cancelled, r()), VisitAction::Ended);
        assert_eq!(resolve(Role::Patient, Cancelled, None), VisitAction::Ended);
        assert_eq!(resolve(Role::Patient, Allocated, None), VisitAction::Ended);
        for (role, status) in [Role::Doctor, Role::Assistant]
            .into_iter()
            .flat_map(|role| [Allocated, Completed, Cancelled].map(|s| (role, s)))
        {
            assert_eq!(
                resolve(role, status, r()),
                VisitAction::Room {
                    room: room.clone(),
                    moderator: true
                }
            );
        }
        assert_eq!(resolve(Role::Doctor, Waiting, None), VisitAction::Ended);
        assert_eq!(resolve(Role::Assistant, Waiting, None), VisitAction::Ended);
    }

    #[test]
    fn per_visit_rooms_are_fresh_and_persistent_ones_are_the_doctors() {
        let doctors = VideoRoomId::new(&[7; 16]);
        assert_eq!(
            room_for_visit(MeetingRooms::PersistentPerProvider, &doctors, &[1; 16]),
            doctors
        );
        let a = room_for_visit(MeetingRooms::PerVisit, &doctors, &[1; 16]);
        let b = room_for_visit(MeetingRooms::PerVisit, &doctors, &[2; 16]);
        assert_ne!(a, doctors);
        assert_ne!(a, b);
    }

    #[test]
    fn settings_parse_names_the_field() {
        let parse =
            |json: &str| OrganizationSettings::parse(&Body::parse(json.as_bytes()).unwrap());
        assert_eq!(
            parse(r#"{"meeting_rooms":"per_visit"}"#),
            Ok(OrganizationSettings {
                meeting_rooms: MeetingRooms::PerVisit
            })
        );
        assert_eq!(
            parse("{}"),
            Err(WireError::Missing {
                field: "meeting_rooms"
            })
        );
        for bad in [r#"{"meeting_rooms":"shared"}"#, r#"{"meeting_rooms":3}"#] {
            assert_eq!(parse(bad).unwrap_err().field(), Some("meeting_rooms"));
        }
    }
}
