//! Staff users and signing in: inviting and editing users (an admin's
//! work), sending a one-time sign-in link, and exchanging it for a
//! session. Users are written to the organisation's Directory first, so a
//! deactivation ends the user's sessions before D1 hears of it.

use data_encoding::BASE32_DNSSEC;
use frontdesk_core::ids::{OrgUid, StaffUid};
use frontdesk_core::staff::{link_expires, Credential, CredentialKind, Email, SESSION_IDLE_HOURS};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::staff::{Session, SignInRequested, SignedOut, Staff};
use frontdesk_core::wire::{CreateStaff, OpenSession, UpdateStaff};

use crate::ambient::entropy;
use crate::auth::{staff_label, Caller, StaffSession};
use crate::context::Ctx;
use crate::directory::{self, EntryKind, StaffEntry};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::notifier;
use crate::repo::audit::{self, Entry};
use crate::repo::doctors;
use crate::repo::messages::{self, NewMessage};
use crate::repo::staff::{self, Row};

/// What every sign-in request is answered, whoever the address is.
pub const SIGN_IN_REQUESTED: SignInRequested = SignInRequested {
    message: "If this address belongs to a staff account, a sign-in link is on its way. It works once, for 15 minutes.",
};

fn entry(row: &Row) -> StaffEntry {
    StaffEntry {
        staff_uid: row.staff_uid.clone(),
        role: row.role,
        doctor: row.doctor_uid.clone(),
        active: row.active,
    }
}

/// Adds a staff user to `org`, the Directory first. `actor` is who did
/// it, for the audit log.
pub async fn create(cx: &Ctx, org: &OrgUid, actor: &str, input: CreateStaff) -> ApiResult<Staff> {
    let db = &cx.db;
    let directory = directory::Client::new(&cx.env, org);
    if let Some(doctor) = input.role.doctor() {
        if directory.doctor(doctor).await?.is_none() {
            return Err(ApiError::NotFound {
                what: "doctor",
                field: Some("doctor_uid"),
            });
        }
    }
    if staff::by_email(db, org, &input.email).await?.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::StaffEmailTaken,
            "a staff user of the organisation has this email address",
        ));
    }
    let row = Row {
        staff_uid: StaffUid::new(&entropy()),
        org_uid: org.clone(),
        email: input.email,
        name: input.name,
        role: input.role.role(),
        doctor_uid: input.role.doctor().cloned(),
        active: true,
        mobile_phone: input.mobile_phone.map(|p| p.as_str().to_owned()),
        created_at: timestamp(cx.now),
    };
    let audited = Entry {
        actor,
        action: "staff.created",
        target: row.staff_uid.as_str(),
        outcome: "ok",
    };
    let d1 = db.commit(vec![
        staff::insert(db, &row, cx.now)?,
        audit::statement(db, org, audited, cx.now)?,
    ]);
    let put = directory::PutStaff { entry: entry(&row) };
    directory
        .create(&put, EntryKind::Staff, row.staff_uid.as_str(), d1)
        .await?;
    Ok(row.into())
}

pub async fn get(cx: &Ctx, org: &OrgUid, uid: &StaffUid) -> ApiResult<Row> {
    staff::get(&cx.db, org, uid)
        .await?
        .ok_or(ApiError::NotFound {
            what: "staff user",
            field: None,
        })
}

/// Edits a staff user. Deactivation reaches the Directory first, which
/// ends the user's sessions at once.
pub async fn update(
    cx: &Ctx,
    caller: &Caller,
    uid: &StaffUid,
    input: UpdateStaff,
) -> ApiResult<Staff> {
    let db = &cx.db;
    let org = &caller.org;
    let mut row = get(cx, org, uid).await?;
    if input.active == Some(false) && caller.key_id == staff_label(uid) {
        return Err(ApiError::conflict(
            ErrorCode::DeactivatingSelf,
            "you cannot deactivate yourself; ask another admin",
        ));
    }
    let directory = directory::Client::new(&cx.env, org);
    if let Some(role) = &input.role {
        if let Some(doctor) = role.doctor() {
            if directory.doctor(doctor).await?.is_none() {
                return Err(ApiError::NotFound {
                    what: "doctor",
                    field: Some("doctor_uid"),
                });
            }
        }
        row.role = role.role();
        row.doctor_uid = role.doctor().cloned();
    }
    if let Some(phone) = input.mobile_phone {
        row.mobile_phone = phone.map(|p| p.as_str().to_owned());
    }
    if let Some(name) = input.name {
        row.name = name;
    }
    let deactivated = input.active == Some(false) && row.active;
    if let Some(active) = input.active {
        row.active = active;
    }
    directory
        .send(&directory::PutStaff { entry: entry(&row) })
        .await?;
    let audited = Entry {
        actor: &caller.key_id,
        action: if deactivated {
            "staff.deactivated"
        } else {
            "staff.updated"
        },
        target: uid.as_str(),
        outcome: "ok",
    };
    db.commit(vec![
        staff::update(db, &row, cx.now)?,
        audit::statement(db, org, audited, cx.now)?,
    ])
    .await?;
    Ok(row.into())
}

/// Queues a sign-in link to each active user with this address (one per
/// organisation) and wakes the organisations' notifiers. Nothing tells
/// the caller whether there was anyone.
pub async fn request_sign_in(cx: &Ctx, email: &Email, origin: &str) -> ApiResult<()> {
    for user in staff::active_everywhere(&cx.db, email).await? {
        let link = Credential::new(CredentialKind::SignInLink, user.org_uid.clone(), &entropy());
        directory::Client::new(&cx.env, &user.org_uid)
            .send(&directory::IssueLink {
                hash: link.hash(),
                staff_uid: user.staff_uid.clone(),
                expires_at: link_expires(cx.now, cx.config.sign_in_link_ttl).timestamp(),
                now: cx.now.timestamp(),
            })
            .await?;
        let body = format!(
            "Sign in to Frontdesk: {origin}/sign-in#token={}\n\nThe link works once, for 15 minutes. If you did not ask for it, ignore this email.",
            link.reveal()
        );
        let event_id = format!("evt_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
        let recipient = staff_label(&user.staff_uid);
        let message = NewMessage {
            event_id: &event_id,
            org: user.org_uid.as_str(),
            channel: "email",
            recipient: &recipient,
            subject: Some("Your Frontdesk sign-in link"),
            body: &body,
            attachments: None,
        };
        let db = &cx.db;
        db.commit(vec![messages::queue(db, &message, cx.now)?])
            .await?;
        if let Err(e) = notifier::kick(&cx.env, &user.org_uid).await {
            worker::console_warn!("sign-in link queued; the notifier was not woken: {e:?}");
        }
    }
    Ok(())
}

/// Spends a sign-in link's token and opens a session: the new session's
/// credential (for the cookie) and what it is.
pub async fn open_session(cx: &Ctx, input: OpenSession) -> ApiResult<(Credential, Session)> {
    let refused = || {
        ApiError::Unauthorized("this sign-in link is used, expired or unknown; ask for a new one")
    };
    let link = Credential::parse(CredentialKind::SignInLink, &input.token).ok_or_else(refused)?;
    let org = link.org.clone();
    let session = Credential::new(CredentialKind::Session, org.clone(), &entropy());
    let staff = directory::Client::new(&cx.env, &org)
        .send(&directory::RedeemLink {
            hash: link.hash(),
            session_hash: session.hash(),
            now: cx.now.timestamp(),
        })
        .await?
        .ok_or_else(refused)?;
    let actor = staff_label(&staff.staff_uid);
    let audited = Entry {
        actor: &actor,
        action: "staff.signed_in",
        target: staff.staff_uid.as_str(),
        outcome: "ok",
    };
    audit::record(&cx.db, &org, audited, cx.now).await?;
    let idle_expires_at = cx.now + chrono::Duration::hours(SESSION_IDLE_HOURS);
    let view = describe(cx, &org, &staff, idle_expires_at).await?;
    Ok((session, view))
}

pub async fn current(cx: &Ctx, session: &StaffSession) -> ApiResult<Session> {
    describe(cx, &session.org, &session.staff, session.idle_expires_at).await
}

/// A session's user as the portals need them: their record, and a
/// doctor's shop.
async fn describe(
    cx: &Ctx,
    org: &OrgUid,
    staff: &StaffEntry,
    idle_expires_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Session> {
    let row = get(cx, org, &staff.staff_uid).await?;
    let directory = directory::Client::new(&cx.env, org);
    let (mut shop_uid, mut shop_time_zone, mut mobile_phone) = (None, None, None);
    if let Some(doctor) = &staff.doctor {
        if let Some(d) = directory.doctor(doctor).await? {
            shop_time_zone = directory
                .shop(&d.shop_uid)
                .await?
                .map(|s| s.time_zone.name().to_owned());
            shop_uid = Some(d.shop_uid);
        }
        mobile_phone = doctors::mobile_phone(&cx.db, org, doctor.as_str())
            .await?
            .map(|p| p.as_str().to_owned());
    }
    Ok(Session {
        organization_uid: org.clone(),
        staff: row.into(),
        shop_uid,
        shop_time_zone,
        mobile_phone,
        idle_expires_at: timestamp(idle_expires_at),
    })
}

/// Ends this session, or every session of its user.
pub async fn sign_out(cx: &Ctx, session: &StaffSession, everywhere: bool) -> ApiResult<SignedOut> {
    let directory = directory::Client::new(&cx.env, &session.org);
    let (ended, action) = if everywhere {
        let r = directory::CloseSessions {
            staff_uid: session.staff.staff_uid.clone(),
        };
        (directory.send(&r).await?, "staff.signed_out_everywhere")
    } else {
        let r = directory::CloseSession {
            hash: session.credential.hash(),
        };
        (directory.send(&r).await?, "staff.signed_out")
    };
    let actor = staff_label(&session.staff.staff_uid);
    let audited = Entry {
        actor: &actor,
        action,
        target: session.staff.staff_uid.as_str(),
        outcome: "ok",
    };
    audit::record(&cx.db, &session.org, audited, cx.now).await?;
    Ok(SignedOut {
        sessions_ended: ended,
    })
}
