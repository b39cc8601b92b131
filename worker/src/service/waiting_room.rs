//! The waiting room (seed 000) and its doctor side. Each operation checks
//! that what it names is the actor's, then asks the shop's object.

use frontdesk_core::ids::{OrgUid, QueueUid, ShopUid, VideoRoomId};
use frontdesk_core::view::queue::{
    Allocated, EntryView, Intake, Message, MyTurnView, PresenceView, Registration, WatchLinks,
    WorkflowView,
};
use frontdesk_core::visit::Role;
use frontdesk_core::watch::{self, WatchClaims};
use frontdesk_core::wire;

use super::visits;
use super::{tenancy, Actor};
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::directory;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::shop::{self, Client};

fn client<'a>(cx: &'a Ctx, org: &'a OrgUid, queue_uid: &QueueUid) -> Client<'a> {
    Client::new(&cx.env, org, queue_uid.shop())
}

/// Signed links for one entry: the patient's visit link (the one to send
/// them), the WebSocket and the wait page, under `origin`.
pub fn links(cx: &Ctx, org: &OrgUid, queue_uid: &QueueUid, origin: &str) -> WatchLinks {
    let expires = cx.now + cx.config.watch_token_ttl;
    let token = watch::sign(
        &WatchClaims {
            org: org.clone(),
            q: queue_uid.clone(),
            exp: expires.timestamp(),
        },
        cx.config.watch_secret.as_bytes(),
    );
    let ws = origin.replacen("http", "ws", 1);
    WatchLinks {
        visit_url: visits::link(&cx.config, origin, org, queue_uid, Role::Patient, cx.now),
        watch_url: format!("{ws}/v1/waiting-room/watch?token={token}"),
        // The token rides in the fragment, which browsers never send to a
        // server.
        wait_page_url: format!("{origin}/wait#token={token}"),
        watch_expires_at: expires,
    }
}

pub async fn register(
    cx: &Ctx,
    actor: &Actor,
    input: wire::Register,
    idempotency_key: Option<String>,
    origin: &str,
) -> ApiResult<Registration> {
    tenancy::shop(cx, actor, &input.shop_uid).await?;
    if let Some(doctor) = &input.preferred_doctor_uid {
        tenancy::shop_doctor(cx, actor, &input.shop_uid, doctor, "preferred_doctor_uid").await?;
    }
    let org = actor.org();
    let request = shop::Register {
        shop_uid: input.shop_uid.clone(),
        patient_profile_uid: input.patient_profile_uid,
        preferred_doctor_uid: input.preferred_doctor_uid,
        visit_reason: input.visit_reason,
        idempotency_key,
        notify_contact: input.notify_contact,
        language: input.language,
    };
    let registered = Client::new(&cx.env, org, input.shop_uid)
        .send(&request)
        .await?;
    let links = links(cx, org, &registered.queue_uid, origin);
    Ok(Registration::new(registered, links))
}

/// The doctor takes the next patient meant for them; `None` when nobody
/// is waiting for them.
pub async fn allocate(
    cx: &Ctx,
    actor: &Actor,
    input: wire::Allocate,
    origin: &str,
) -> ApiResult<Option<Allocated>> {
    actor.may_act_for(&input.doctor_uid)?;
    tenancy::shop(cx, actor, &input.shop_uid).await?;
    let doctor =
        tenancy::shop_doctor(cx, actor, &input.shop_uid, &input.doctor_uid, "doctor_uid").await?;
    let org = actor.org();
    let request = shop::Allocate {
        doctor_uid: input.doctor_uid,
        video_room_id: visits::room_for_visit(cx, org, &doctor).await?,
        actor: actor.label(),
    };
    let allocation = Client::new(&cx.env, org, input.shop_uid)
        .send(&request)
        .await?;
    // The doctor joins through their own visit link: it opens the room as
    // moderator, with a Jitsi token when the deployment takes one.
    Ok(allocation.map(|allocation| {
        let join_url = visits::link(
            &cx.config,
            origin,
            org,
            &allocation.queue_uid,
            Role::Doctor,
            cx.now,
        );
        Allocated {
            allocation,
            join_url,
        }
    }))
}

/// A medical assistant takes the patient who has waited longest for
/// intake, in a fresh room of the visit's own; `None` when nobody waits
/// for intake. The answer carries the assistant's visit link.
pub async fn take_intake(
    cx: &Ctx,
    actor: &Actor,
    input: wire::TakeIntake,
    origin: &str,
) -> ApiResult<Option<Intake>> {
    tenancy::shop(cx, actor, &input.shop_uid).await?;
    let org = actor.org();
    let request = shop::TakeIntake {
        // Intake has no doctor, so no persistent room: the visit's own.
        video_room_id: VideoRoomId::new(&entropy()),
        actor: actor.label(),
    };
    let taken = Client::new(&cx.env, org, input.shop_uid)
        .send(&request)
        .await?;
    Ok(taken.map(|mut taken| {
        taken.join_url = visits::link(
            &cx.config,
            origin,
            org,
            &taken.queue_uid,
            Role::Assistant,
            cx.now,
        );
        taken
    }))
}

/// Moves a visit by one of the workflow's steps (a hand-off, a hold,
/// discharge, sign-off).
pub async fn move_visit(
    cx: &Ctx,
    actor: &Actor,
    queue_uid: QueueUid,
    step: wire::VisitStep,
) -> ApiResult<EntryView> {
    tenancy::entry(cx, actor, &queue_uid).await?;
    let request = shop::MoveVisit {
        queue_uid: queue_uid.clone(),
        step: step.step(),
        actor: actor.label(),
    };
    client(cx, actor.org(), &queue_uid).send(&request).await
}

pub async fn workflow(cx: &Ctx, actor: &Actor, shop_uid: ShopUid) -> ApiResult<WorkflowView> {
    tenancy::shop(cx, actor, &shop_uid).await?;
    Client::new(&cx.env, actor.org(), shop_uid.clone())
        .send(&shop::GetWorkflow { shop_uid })
        .await
}

pub async fn set_workflow(
    cx: &Ctx,
    actor: &Actor,
    shop_uid: ShopUid,
    input: wire::Workflow,
) -> ApiResult<WorkflowView> {
    tenancy::shop(cx, actor, &shop_uid).await?;
    let request = shop::SetWorkflow {
        shop_uid: shop_uid.clone(),
        intake_step: input.intake_step,
        free_duration: input.free_duration,
        actor: actor.label(),
    };
    Client::new(&cx.env, actor.org(), shop_uid)
        .send(&request)
        .await
}

pub async fn set_presence(
    cx: &Ctx,
    actor: &Actor,
    input: wire::Presence,
) -> ApiResult<PresenceView> {
    actor.may_act_for(&input.doctor_uid)?;
    tenancy::shop(cx, actor, &input.shop_uid).await?;
    tenancy::shop_doctor(cx, actor, &input.shop_uid, &input.doctor_uid, "doctor_uid").await?;
    let request = shop::Presence {
        doctor_uid: input.doctor_uid,
        online: input.online,
    };
    Client::new(&cx.env, actor.org(), input.shop_uid)
        .send(&request)
        .await
}

pub async fn status(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<EntryView> {
    tenancy::entry(cx, actor, &queue_uid).await?;
    client(cx, actor.org(), &queue_uid)
        .send(&shop::Status { queue_uid })
        .await
}

pub async fn cancel(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<Message> {
    tenancy::entry(cx, actor, &queue_uid).await?;
    client(cx, actor.org(), &queue_uid)
        .send(&shop::CancelRegistration { queue_uid })
        .await
}

pub async fn complete(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<EntryView> {
    tenancy::entry(cx, actor, &queue_uid).await?;
    client(cx, actor.org(), &queue_uid)
        .send(&shop::CompleteConsultation { queue_uid })
        .await
}

/// Fresh links for an existing entry, e.g. to send the patient again. Only
/// an entry the shop really has gets them.
pub async fn watch_links(
    cx: &Ctx,
    actor: &Actor,
    queue_uid: QueueUid,
    origin: &str,
) -> ApiResult<WatchLinks> {
    let entry = status(cx, actor, queue_uid).await?;
    Ok(links(cx, actor.org(), &entry.queue_uid, origin))
}

/// Forwards a staff WebSocket upgrade to the shop's live queue, once the
/// shop is the actor's; a doctor sees only their own shop.
pub async fn live(
    cx: &Ctx,
    actor: &Actor,
    shop: &ShopUid,
    upgrade: &worker::Request,
) -> ApiResult<worker::Response> {
    tenancy::shop(cx, actor, shop).await?;
    if let Actor::Doctor(_, doctor) = actor {
        if tenancy::doctor(cx, actor, doctor).await?.shop_uid != *shop {
            return Err(ApiError::Forbidden {
                code: ErrorCode::NotThisDoctor,
                message: "a doctor sees only their own shop's queue",
            });
        }
    }
    Client::new(&cx.env, actor.org(), shop.clone())
        .live(upgrade)
        .await
}

/// Forwards a patient's WebSocket upgrade to the shop. The verified watch
/// token is the authority: it names the organisation and the entry.
/// The patient, by their watch token, asks to be told of their turn (or
/// withdraws the request).
pub async fn my_turn(cx: &Ctx, claims: &WatchClaims, input: wire::MyTurn) -> ApiResult<MyTurnView> {
    let request = shop::SetTurnContact {
        queue_uid: claims.q.clone(),
        contact: input.contact,
        language: input.language,
    };
    client(cx, &claims.org, &claims.q).send(&request).await
}

pub async fn watch(
    cx: &Ctx,
    claims: &WatchClaims,
    upgrade: &worker::Request,
    origin: &str,
) -> ApiResult<worker::Response> {
    // The clinic's name for the page: the shop row never changes, so this
    // isolate usually has it without asking.
    let shop = directory::Client::new(&cx.env, &claims.org)
        .shop(&claims.q.shop())
        .await?;
    client(cx, &claims.org, &claims.q)
        .watch(
            &claims.q,
            upgrade,
            origin,
            shop.as_ref().map(|s| s.name.as_str()),
        )
        .await
}
