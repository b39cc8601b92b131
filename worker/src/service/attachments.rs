//! Visit attachments (seed 002): files kept in R2 with their metadata in
//! D1, listed, soft-deleted, and downloaded through short-lived signed
//! links. Staff read and write them; a booking token's holder lists and
//! downloads those of their own appointments. Every read is audited.

use frontdesk_core::ids::{AppointmentUid, AttachmentUid};
use frontdesk_core::records::attachment::{
    file_name, sign_link, verify_link, FileType, LinkClaims, LinkError,
};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::records::{Attachment, Attachments, DownloadLink};

use super::records::{audited, visible};
use super::Actor;
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::repo::attachments::{self, Files};
use crate::repo::audit::{self, Entry};

/// Stores a file of a known type, at most `MAX_BYTES`, read by the
/// handler.
pub async fn upload(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    given_name: Option<&str>,
    bytes: Vec<u8>,
) -> ApiResult<Attachment> {
    let kind = FileType::sniff(&bytes).ok_or(ApiError::UnsupportedFileType)?;
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let attachment = Attachment {
        attachment_uid: AttachmentUid::new(&entropy::<16>()),
        appointment_uid: appointment.clone(),
        title: file_name(given_name, kind),
        mime_type: kind.mime().to_owned(),
        size: bytes.len() as u64,
        uploaded_at: timestamp(now),
        deleted: false,
    };
    let files = Files::new(&cx.env)?;
    files
        .put(org, appointment, &attachment.attachment_uid, bytes)
        .await?;
    let entry = Entry {
        actor: &actor.label(),
        action: "attachment.uploaded",
        target: attachment.attachment_uid.as_str(),
        outcome: "ok",
    };
    let stored = db
        .commit_counted(vec![
            attachments::insert(db, org, &attachment)?,
            audit::statement_if_changed(db, org, entry, now)?,
        ])
        .await;
    let refused = match &stored {
        Ok(changed) => changed.first() != Some(&1),
        Err(_) => true,
    };
    if refused {
        // Not listed, so not kept: the bytes go too.
        files
            .delete(org, appointment, &attachment.attachment_uid)
            .await?;
        stored?;
        return Err(ApiError::LimitReached {
            field: "file",
            message: format!(
                "a visit keeps at most {} attachments",
                frontdesk_core::records::attachment::PER_VISIT_MAX
            ),
        });
    }
    Ok(attachment)
}

pub async fn list(cx: &Ctx, actor: &Actor, appointment: &AppointmentUid) -> ApiResult<Attachments> {
    let action = "attachment.listed";
    visible(cx, actor, appointment, action).await?;
    let attachments = attachments::list(&cx.db, actor.org(), appointment).await?;
    audited(cx, actor, action, appointment.as_str(), true).await?;
    Ok(Attachments { attachments })
}

async fn live(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    uid: &AttachmentUid,
    action: &str,
) -> ApiResult<Attachment> {
    match attachments::find(&cx.db, actor.org(), appointment, uid).await? {
        Some(a) if !a.deleted => Ok(a),
        _ => {
            audited(cx, actor, action, uid.as_str(), false).await?;
            Err(ApiError::not_found("attachment"))
        }
    }
}

/// Marks it deleted: still listed, no longer served.
pub async fn delete(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    uid: &AttachmentUid,
) -> ApiResult<()> {
    let action = "attachment.deleted";
    visible(cx, actor, appointment, action).await?;
    live(cx, actor, appointment, uid, action).await?;
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let entry = Entry {
        actor: &actor.label(),
        action,
        target: uid.as_str(),
        outcome: "ok",
    };
    db.commit(vec![
        attachments::soft_delete(db, org, appointment, uid)?,
        audit::statement_if_changed(db, org, entry, now)?,
    ])
    .await
}

/// A link that downloads the attachment, with no credential, until it
/// expires.
pub async fn link(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    uid: &AttachmentUid,
    origin: &str,
) -> ApiResult<DownloadLink> {
    let action = "attachment.link";
    visible(cx, actor, appointment, action).await?;
    live(cx, actor, appointment, uid, action).await?;
    let expires = cx.now + cx.config.attachment_link_ttl;
    let token = sign_link(
        &LinkClaims {
            org: actor.org().clone(),
            apt: appointment.clone(),
            att: uid.clone(),
            exp: expires.timestamp(),
        },
        cx.config.watch_secret.as_bytes(),
    );
    audited(cx, actor, action, uid.as_str(), true).await?;
    Ok(DownloadLink {
        url: format!("{origin}/v1/attachments/{token}"),
        expires_at: timestamp(expires),
    })
}

/// What a download link serves: the attachment's metadata and bytes.
pub struct Download {
    pub attachment: Attachment,
    pub body: worker::ResponseBody,
}

/// Opens a download link: the signature, then its expiry, then the
/// attachment (not deleted since the link was made). Each download is in
/// the audit log, by the link's holder.
pub async fn download(cx: &Ctx, token: &str) -> ApiResult<Download> {
    let claims =
        verify_link(token, cx.config.watch_secret.as_bytes(), cx.now).map_err(|e| match e {
            LinkError::Expired => ApiError::Gone("this download link has expired"),
            LinkError::Invalid => ApiError::not_found("download link"),
        })?;
    let (db, org) = (&cx.db, &claims.org);
    let attachment = match attachments::find(db, org, &claims.apt, &claims.att).await? {
        Some(a) if !a.deleted => a,
        _ => return Err(ApiError::not_found("attachment")),
    };
    let Some(body) = Files::new(&cx.env)?
        .get(org, &claims.apt, &claims.att)
        .await?
    else {
        return Err(ApiError::Internal(
            "an attachment's bytes are missing".into(),
        ));
    };
    let entry = Entry {
        actor: "download-link",
        action: "attachment.downloaded",
        target: claims.att.as_str(),
        outcome: "ok",
    };
    audit::record(db, org, entry, cx.now).await?;
    Ok(Download { attachment, body })
}
