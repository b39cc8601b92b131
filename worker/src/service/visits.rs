//! Per-visit links and the rooms visits take place in. A patient never
//! sees a room's name: they follow their visit link, which shows the wait
//! page until a doctor takes them and opens the room while the
//! consultation is on; the doctor's link opens it as moderator. Which room
//! a visit gets is the organisation's meeting-room setting.

use frontdesk_core::ids::{OrgUid, QueueUid, VideoRoomId};
use frontdesk_core::view::queue::EntryView;
use frontdesk_core::visit::{self, MeetingRooms, Role, VisitClaims};
use serde::Deserialize;

use crate::ambient::entropy;
use crate::config::Config;
use crate::context::Ctx;
use crate::directory::{s, Directory, Doctor};
use crate::error::{ApiError, ApiResult};
use crate::shop::{self, Client};

/// A visit link for `queue_uid` under `origin`, living the watch-link
/// lifetime from `from`.
pub fn link(
    config: &Config,
    origin: &str,
    org: &OrgUid,
    queue_uid: &QueueUid,
    role: Role,
    from: chrono::DateTime<chrono::Utc>,
) -> String {
    let claims = VisitClaims::new(
        org.clone(),
        queue_uid.clone(),
        role,
        from,
        config.watch_token_ttl,
    );
    visit::link(origin, &claims, config.watch_secret.as_bytes())
}

/// The entry a verified visit link is for. The signed claims are the
/// authority: they name the organisation and the entry.
pub async fn entry(cx: &Ctx, claims: &VisitClaims) -> ApiResult<EntryView> {
    let status = shop::Status {
        queue_uid: claims.q.clone(),
    };
    Client::new(&cx.env, &claims.org, claims.q.shop())
        .send(&status)
        .await
        .map_err(|_| ApiError::not_found("visit"))
}

/// The organisation's meeting-room strategy.
pub async fn meeting_rooms(dir: &Directory, org: &OrgUid) -> ApiResult<MeetingRooms> {
    #[derive(Deserialize)]
    struct Row {
        meeting_rooms: String,
    }
    let row: Option<Row> = dir
        .stmt(
            "SELECT meeting_rooms FROM organizations WHERE org_uid = ?1",
            &[s(org.as_str())],
        )?
        .first(None)
        .await?;
    match row {
        None => Ok(MeetingRooms::default()),
        Some(r) => MeetingRooms::parse(&r.meeting_rooms)
            .ok_or_else(|| ApiError::Internal("stored meeting-room strategy is unknown".into())),
    }
}

/// The room a visit with `doctor` starts in: the doctor's own, or a fresh
/// one, per the organisation's setting.
pub async fn room_for_visit(
    dir: &Directory,
    org: &OrgUid,
    doctor: &Doctor,
) -> ApiResult<VideoRoomId> {
    let persistent = VideoRoomId::parse(&doctor.video_room_id)
        .map_err(|_| ApiError::Internal("stored video room id is malformed".into()))?;
    Ok(visit::room_for_visit(
        meeting_rooms(dir, org).await?,
        &persistent,
        &entropy(),
    ))
}
