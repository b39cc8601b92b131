//! Every object a request names must belong to the actor's organisation.
//! Another tenant's object is a plain 404, exactly like a malformed or
//! unknown id, so a stranger learns nothing from the answer. The answers
//! come from the organisation's Directory object, not D1: a uid is looked
//! up among the actor's own organisation's rows only.

use frontdesk_core::ids::{AppointmentTypeUid, AppointmentUid, DoctorUid, QueueUid, ShopUid};

use super::Actor;
use crate::context::Ctx;
use crate::directory::{self, Client};
use crate::error::{ApiError, ApiResult};
use crate::repo::{appointment_types, doctors, shops};

async fn find_shop(cx: &Ctx, actor: &Actor, shop: &ShopUid) -> ApiResult<Option<shops::Row>> {
    Client::new(&cx.env, actor.org()).shop(shop).await
}

async fn find_doctor(
    cx: &Ctx,
    actor: &Actor,
    doctor: &DoctorUid,
) -> ApiResult<Option<doctors::Row>> {
    Client::new(&cx.env, actor.org()).doctor(doctor).await
}

/// Every doctor of the actor's `shop`.
pub async fn doctors_of_shop(cx: &Ctx, actor: &Actor, shop: &ShopUid) -> ApiResult<Vec<DoctorUid>> {
    Client::new(&cx.env, actor.org())
        .send(&directory::ShopDoctors {
            shop_uid: shop.clone(),
        })
        .await
}

/// The actor's shop named in a body's `shop_uid`.
pub async fn shop(cx: &Ctx, actor: &Actor, shop: &ShopUid) -> ApiResult<shops::Row> {
    actor.sees_shop(shop, Some("shop_uid"))?;
    find_shop(cx, actor, shop).await?.ok_or(ApiError::NotFound {
        what: "shop",
        field: Some("shop_uid"),
    })
}

/// The organisation's doctor, if they work in `shop`; otherwise a 404 on
/// `field`.
pub async fn shop_doctor(
    cx: &Ctx,
    actor: &Actor,
    shop: &ShopUid,
    doctor: &DoctorUid,
    field: &'static str,
) -> ApiResult<doctors::Row> {
    match find_doctor(cx, actor, doctor).await? {
        Some(d) if d.shop_uid == *shop => Ok(d),
        _ => Err(ApiError::NotFound {
            what: "doctor in this shop",
            field: Some(field),
        }),
    }
}

/// The organisation's doctor named in a path.
pub async fn doctor(cx: &Ctx, actor: &Actor, doctor: &DoctorUid) -> ApiResult<doctors::Row> {
    find_doctor(cx, actor, doctor)
        .await?
        .ok_or_else(|| ApiError::not_found("doctor"))
}

/// The organisation's doctor named in a body's `field`.
pub async fn doctor_in_body(
    cx: &Ctx,
    actor: &Actor,
    doctor: &DoctorUid,
    field: &'static str,
) -> ApiResult<doctors::Row> {
    find_doctor(cx, actor, doctor)
        .await?
        .ok_or(ApiError::NotFound {
            what: "doctor",
            field: Some(field),
        })
}

pub async fn appointment_type(
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentTypeUid,
) -> ApiResult<appointment_types::Row> {
    Client::new(&cx.env, actor.org())
        .appointment_type(uid)
        .await?
        .ok_or(ApiError::NotFound {
            what: "appointment type",
            field: Some("appointment_type_uid"),
        })
}

/// The queue entry, if its shop is the actor's.
pub async fn entry(cx: &Ctx, actor: &Actor, queue_uid: &QueueUid) -> ApiResult<()> {
    match find_shop(cx, actor, &queue_uid.shop()).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_found("registration")),
    }
}

/// The appointment's shop, if it is the actor's (and, for a token
/// restricted to one shop, that shop).
pub async fn appointment(cx: &Ctx, actor: &Actor, uid: &AppointmentUid) -> ApiResult<shops::Row> {
    let shop = uid.shop();
    actor.sees_shop(&shop, None)?;
    find_shop(cx, actor, &shop)
        .await?
        .ok_or_else(|| ApiError::not_found("appointment"))
}
