//! The patient-facing booking of seed 001: what a partner-minted token's
//! holder books, and which patient record the booking is for.

use frontdesk_core::booking_token;
use frontdesk_core::calendar::appointment::AppointmentStatus;
use frontdesk_core::ics::{self, CalendarEvent};
use frontdesk_core::ids::{AppointmentUid, ShopUid};
use frontdesk_core::patient::Profile;
use frontdesk_core::view::booking::{
    BookingDoctor, BookingShop, BookingShops, BookingType, BookingTypes,
};
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::wire::{Body, Book};

use super::patients::{self, TokenHolder};
use super::{appointments, tenancy, Actor};
use crate::auth::Patient;
use crate::context::Ctx;
use crate::directory::{self, Spent};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo;

/// A booking token's booking: the holder's record decided (made or linked
/// once the booking stands), the token's `jti` spent (given back if the
/// shop refuses), and the slot held or booked. A token books once.
pub async fn book(
    cx: &Ctx,
    actor: &Actor,
    body: &Body,
    idempotency_key: Option<String>,
) -> ApiResult<AppointmentView> {
    let Actor::Patient(p) = actor else {
        // The router sends only booking tokens' holders here.
        return Err(ApiError::Internal(
            "a booking by someone not a patient".into(),
        ));
    };
    let holder = holder(cx, p).await?;
    let patient = match &holder {
        TokenHolder::Link(existing) => existing.clone(),
        _ => p.patient.clone(),
    };
    let input = Book::parse_for_token_holder(body, patient)?;
    actor.sees_shop(&input.shop_uid, Some("shop_uid"))?;
    let jti = spend_jti(cx, p, idempotency_key.as_deref()).await?;
    let key = idempotency_key.map(|k| format!("{}:{k}", p.token_patient.as_str()));
    let placed = match appointments::place(cx, actor, input, key).await {
        Ok(placed) => placed,
        Err(e) => {
            release_jti(cx, p, &jti).await?;
            return Err(e);
        }
    };
    let settled =
        patients::settle_token_holder(cx, &p.org, &p.token_patient, holder, &p.actor).await;
    if settled.is_err() {
        // The booking stands; the holder's next booking tries again.
        worker::console_error!("booking: the token holder's patient record was not stored");
    }
    Ok(placed)
}

/// Whose booking this is ([`patients::token_holder`]). That decision
/// reads the patient directory in D1; while D1 is down the booking goes
/// ahead under the token's own patient, and the holder's next booking
/// settles the record. A bad claim is still refused.
async fn holder(cx: &Ctx, p: &Patient) -> ApiResult<TokenHolder> {
    let profile = profile(cx, p).await?;
    if profile.is_none() || p.patient != p.token_patient {
        // Nothing to make, or already linked: no D1 read needed.
        return Ok(TokenHolder::Known);
    }
    match patients::token_holder(
        &cx.db,
        &p.org,
        &p.patient,
        profile,
        p.claims.contact_verified(),
    )
    .await
    {
        Err(ApiError::DatabaseUnavailable(_)) => {
            worker::console_warn!(
                "booking: the patient directory is unavailable; booking under the token's patient"
            );
            Ok(TokenHolder::Known)
        }
        other => other,
    }
}

/// Records a token's `jti` as used for a booking, so a token books once.
/// A retry of the same request (same `Idempotency-Key`) may present it
/// again and gets the first answer from the shop. Spent ids live in the
/// organisation's Directory object.
async fn spend_jti(cx: &Ctx, p: &Patient, idempotency_key: Option<&str>) -> ApiResult<String> {
    let jti = p
        .claims
        .jti
        .as_deref()
        .filter(|j| !j.is_empty() && j.len() <= 200)
        .ok_or(ApiError::Unauthorized(
            "a booking request needs a token with a `jti` claim",
        ))?;
    let spend = directory::SpendJti {
        jti: jti.to_owned(),
        idempotency_key: idempotency_key.unwrap_or("").to_owned(),
        // Kept until the token could no longer verify anyway.
        expires_at: p.claims.exp.saturating_add(booking_token::LEEWAY_SECONDS),
        now: cx.now.timestamp(),
    };
    match directory::Client::new(&cx.env, &p.org).send(&spend).await? {
        Spent::Fresh | Spent::Retry => Ok(jti.to_owned()),
        Spent::Used => Err(ApiError::Unauthorized(
            "this booking token was already used to book",
        )),
    }
}

/// Gives a `jti` back when its booking did not happen, so the patient can
/// try another slot with the same token.
async fn release_jti(cx: &Ctx, p: &Patient, jti: &str) -> ApiResult<()> {
    directory::Client::new(&cx.env, &p.org)
        .send(&directory::ReleaseJti {
            jti: jti.to_owned(),
        })
        .await
}

/// The token's profile claims, parsed; a bad one is refused by name
/// (`token.phone_number`), without repeating its value.
async fn profile(cx: &Ctx, p: &Patient) -> ApiResult<Option<Profile>> {
    let c = &p.claims;
    let bad_claim = |claim: &str, problem: &str| ApiError::BadRequest {
        code: ErrorCode::InvalidRequest,
        field: Some(format!("token.{claim}")),
        message: format!("the booking token's `{claim}` claim {problem}"),
    };
    let phone = c.phone().map_err(|e| bad_claim(e.claim, e.problem))?;
    if c.name.is_none() && c.email.is_none() && phone.is_none() {
        // Spares the region lookup on every booking without a profile.
        return Ok(None);
    }
    let region = patients::region(&cx.env, &p.org).await?;
    Profile::parse(
        c.name.as_deref(),
        c.email.as_deref(),
        phone.map(|(_, number)| number),
        region,
    )
    .map_err(|e| {
        // `Profile` calls the number `phone`, whichever claim held it.
        let claim = match (e.path.as_str(), phone) {
            ("phone", Some((claim, _))) => claim,
            (path, _) => path,
        };
        bad_claim(claim, &e.problem)
    })
}

/// The shops the holder may book in, with their doctors by name: the
/// token's own shop, or the organisation's (at most 200).
pub async fn shops(cx: &Ctx, actor: &Actor) -> ApiResult<BookingShops> {
    let Actor::Patient(p) = actor else {
        return Err(ApiError::Internal(
            "shops asked by someone not a patient".into(),
        ));
    };
    let rows: Vec<(ShopUid, String, String, String)> = match &p.shop {
        Some(only) => {
            let shop = tenancy::shop(cx, actor, only).await?;
            vec![(
                shop.shop_uid,
                shop.name,
                shop.address,
                shop.time_zone.name().to_owned(),
            )]
        }
        None => {
            let listed = repo::shops::list(&cx.db, &p.org, &Page::first(200)).await?;
            listed
                .data
                .into_iter()
                .map(|s| (s.shop_uid, s.name, s.address, s.time_zone))
                .collect()
        }
    };
    let mut data = Vec::with_capacity(rows.len());
    for (shop_uid, name, address, time_zone) in rows {
        let mut doctors: Vec<BookingDoctor> =
            repo::doctors::rows_of_shop(&cx.db, &p.org, &shop_uid)
                .await?
                .into_iter()
                .map(|d| BookingDoctor {
                    doctor_uid: d.doctor_uid,
                    name: d.name,
                })
                .collect();
        doctors.sort_by(|a, b| a.name.cmp(&b.name));
        data.push(BookingShop {
            shop_uid,
            name,
            address,
            time_zone,
            doctors,
        });
    }
    data.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(BookingShops { data })
}

/// The organisation's appointment types as the holder may book them.
pub async fn types(cx: &Ctx, actor: &Actor) -> ApiResult<BookingTypes> {
    let listed = repo::appointment_types::list(&cx.db, actor.org(), &Page::first(200)).await?;
    let mut data: Vec<BookingType> = listed
        .data
        .into_iter()
        .map(|t| BookingType {
            appointment_type_uid: t.appointment_type_uid,
            name: t.name,
            duration_minutes: t.duration_minutes,
            hold_ttl_seconds: t.hold_ttl_seconds,
            min_booking_notice_minutes: t.min_booking_notice_minutes,
            min_cancel_notice_minutes: t.min_cancel_notice_minutes,
            min_rebook_notice_minutes: t.min_rebook_notice_minutes,
            rebooking_mode: t.rebooking_mode,
            payment_modes: t.payment_modes,
        })
        .collect();
    data.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(BookingTypes { data })
}

/// The holder's appointment as an iCalendar file: the chain's first
/// appointment names the event, and each rebooking raises its sequence.
pub async fn calendar(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<String> {
    let detail = appointments::get(cx, actor, uid).await?;
    let a = &detail.appointment;
    let t = tenancy::appointment_type(cx, actor, &a.appointment_type_uid).await?;
    let shop = tenancy::shop(cx, actor, &a.shop_uid).await?;
    let root = detail
        .previous_meetings
        .last()
        .unwrap_or(&a.appointment_uid);
    let summary = format!("{} · {}", t.name, shop.name);
    let event = CalendarEvent {
        chain_root: root.as_str(),
        rebooks: u32::try_from(detail.previous_meetings.len()).unwrap_or(u32::MAX),
        start: a.start,
        end: a.end,
        summary: &summary,
        location: Some(&shop.address),
        description: None,
        cancelled: a.status == AppointmentStatus::Cancelled && a.rebooked_to.is_none(),
    };
    Ok(ics::calendar(&event, cx.now))
}
