//! The patient-facing booking of seed 001: what a partner-minted token's
//! holder books, and which patient record the booking is for.

use chrono::{DateTime, Utc};
use frontdesk_core::booking_token;
use frontdesk_core::patient::Profile;
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::wire::{Body, Book};

use super::patients::{self, TokenHolder};
use super::{appointments, Actor};
use crate::auth::Patient;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::repo::{organizations, token_ids, Db};

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
    let Ctx { db, .. } = cx;
    let holder = patients::token_holder(
        db,
        &p.org,
        &p.patient,
        profile(db, p).await?,
        p.claims.contact_verified(),
    )
    .await?;
    let patient = match &holder {
        TokenHolder::Link(existing) => existing.clone(),
        _ => p.patient.clone(),
    };
    let input = Book::parse_for_patient(body, patient)?;
    actor.sees_shop(&input.shop_uid, Some("shop_uid"))?;
    let jti = spend_jti(db, p, idempotency_key.as_deref(), cx.now).await?;
    let key = idempotency_key.map(|k| format!("{}:{k}", p.token_patient.as_str()));
    let placed = match appointments::place(cx, actor, input, key).await {
        Ok(placed) => placed,
        Err(e) => {
            release_jti(db, p, &jti).await?;
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

/// Records a token's `jti` as used for a booking, so a token books once.
/// A retry of the same request (same `Idempotency-Key`) may present it
/// again and gets the first answer from the shop.
async fn spend_jti(
    db: &Db,
    p: &Patient,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    let jti = p
        .claims
        .jti
        .as_deref()
        .filter(|j| !j.is_empty() && j.len() <= 200)
        .ok_or(ApiError::Unauthorized(
            "a booking request needs a token with a `jti` claim",
        ))?;
    token_ids::forget_expired(db, now).await?;
    let key = idempotency_key.unwrap_or("");
    // Kept until the token could no longer verify anyway.
    let expires_at = p.claims.exp.saturating_add(booking_token::LEEWAY_SECONDS);
    if !token_ids::spend(db, &p.org, jti, key, expires_at).await? {
        let used = token_ids::spent_with(db, &p.org, jti).await?;
        let retry = !key.is_empty() && used.is_some_and(|u| u == key);
        if !retry {
            return Err(ApiError::Unauthorized(
                "this booking token was already used to book",
            ));
        }
    }
    Ok(jti.to_owned())
}

/// Gives a `jti` back when its booking did not happen, so the patient can
/// try another slot with the same token.
async fn release_jti(db: &Db, p: &Patient, jti: &str) -> ApiResult<()> {
    token_ids::release(db, &p.org, jti).await
}

/// The token's profile claims, parsed; a bad one is refused by name
/// (`token.phone_number`), without repeating its value.
async fn profile(db: &Db, p: &Patient) -> ApiResult<Option<Profile>> {
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
    let region = organizations::default_region(db, &p.org).await?;
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
