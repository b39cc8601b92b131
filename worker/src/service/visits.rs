//! Per-visit links and the rooms visits take place in. A patient never
//! sees a room's name: they follow their visit link, which shows the wait
//! page until a doctor takes them and opens the room while the
//! consultation is on; the doctor's link opens it as moderator. Which room
//! a visit gets is the organisation's meeting-room setting.

use frontdesk_core::ids::{OrgUid, QueueUid, VideoRoomId};
use frontdesk_core::view::queue::EntryView;
use frontdesk_core::visit::{self, Role, VisitClaims};

use crate::ambient::entropy;
use crate::config::Config;
use crate::context::Ctx;
use crate::directory;
use crate::error::{ApiError, ApiResult};
use crate::repo::doctors;
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

/// The room a visit with `doctor` starts in: the doctor's own, or a fresh
/// one, per the organisation's setting.
pub async fn room_for_visit(
    cx: &Ctx,
    org: &OrgUid,
    doctor: &doctors::Row,
) -> ApiResult<VideoRoomId> {
    Ok(visit::room_for_visit(
        directory::Client::new(&cx.env, org)
            .send(&directory::GetSettings {})
            .await?
            .meeting_rooms,
        &doctor.video_room_id,
        &entropy(),
    ))
}
