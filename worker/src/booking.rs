//! The patient-facing booking API under `/v1/booking/`, authorised by a
//! partner-minted booking token alone (seed 001). A token's holder is one
//! patient of one organisation: they list slots, hold or book, and see,
//! cancel and rebook only their own appointments; another patient's
//! appointment is simply not found. Patient cancellations honour the type's
//! minimum notice, unlike an admin's.

use chrono::{DateTime, Utc};
use frontdesk_core::booking_token::{self, patient_for, shop_restriction, Claims};
use frontdesk_core::ids::{AppointmentUid, OrgUid, PartnerUid, PatientProfileUid, ShopUid};
use frontdesk_core::patient::Profile;
use frontdesk_core::wire::{parse_patient_cancel_reason, Book, Overview, Rebook, SlotSearch};
use worker::{Request, Response};

use crate::booking_secrets;
use crate::calendar::{cancel_appointment, move_appointment, own_appointment, place, slots_for};
use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body, query};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::patients::{self, TokenHolder};
use crate::repo::{appointments, organizations, token_ids, Db};
use crate::shop::{self, Command};

/// A verified booking token's holder.
pub struct Patient {
    pub org: OrgUid,
    /// The partner whose secret signed the token: the `sub` is one of its
    /// customers (and rate limits count per partner).
    pub partner: PartnerUid,
    /// Whose appointments these are: the token's own patient, or the
    /// record it was linked to at its first booking.
    pub patient: PatientProfileUid,
    /// The patient uid the token's `sub` names (see `patient_for`).
    pub token_patient: PatientProfileUid,
    /// The only shop the token may book in, if it names one.
    pub shop: Option<ShopUid>,
    pub claims: Claims,
    /// For the appointment history: which partner key acted.
    pub actor: String,
}

/// Every refused token gets this same answer, whatever failed, so the API
/// tells nobody which check a forged or guessed token got past. Partners
/// find the reason by minting with `make mint-js`'s package (or checking
/// with `frontdesk_core::booking_token`), which names it.
fn refuse() -> ApiError {
    ApiError::Unauthorized("the booking token is not valid")
}

/// Verifies `Authorization: Bearer <booking token>`. The secret is looked up
/// on every request, so a revocation takes effect on the very next call.
pub async fn authenticate(req: &Request, cx: &Ctx) -> ApiResult<Patient> {
    let Ctx { env, db, .. } = cx;
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .ok_or(ApiError::Unauthorized(
            "a booking token is required as `Authorization: Bearer <token>`",
        ))?
        .trim();
    let unverified = booking_token::parse(token).map_err(|_| refuse())?;
    let secret = booking_secrets::active(env, db, unverified.kid())
        .await?
        .ok_or_else(refuse)?;
    let claims = unverified
        .verify(&secret.value, cx.now)
        .map_err(|_| refuse())?;
    booking_secrets::mark_used(db, unverified.kid(), secret.last_used_at.as_deref(), cx.now)
        .await?;
    let shop = match shop_restriction(&claims) {
        None => None,
        Some(Ok(shop)) => Some(shop),
        Some(Err(())) => return Err(refuse()),
    };
    let token_patient = patient_for(secret.org.as_str(), &secret.partner, &claims.sub);
    let patient = patients::linked_patient(db, &secret.org, &token_patient)
        .await?
        .unwrap_or_else(|| token_patient.clone());
    Ok(Patient {
        patient,
        token_patient,
        actor: format!("partner:{}", unverified.kid()),
        org: secret.org,
        partner: secret.partner,
        shop,
        claims,
    })
}

impl Patient {
    /// A token restricted to one shop sees no other.
    fn check_shop(&self, shop: &ShopUid) -> ApiResult<()> {
        match &self.shop {
            Some(only) if only != shop => Err(ApiError::NotFound {
                what: "shop",
                field: Some("shop_uid"),
            }),
            _ => Ok(()),
        }
    }
}

pub async fn slots(req: &Request, cx: &Ctx, p: &Patient) -> ApiResult<Response> {
    let search = SlotSearch::parse(&query(req)?)?;
    p.check_shop(&search.shop_uid)?;
    slots_for(cx, &p.org, &search).await
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

pub async fn book(req: &mut Request, cx: &Ctx, p: &Patient) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let idempotency_key = idempotency_key(req)?;
    let body = json_body(req).await?;
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
    let input = Book::parse_for_patient(&body, patient)?;
    p.check_shop(&input.shop_uid)?;
    let jti = spend_jti(db, p, idempotency_key.as_deref(), cx.now).await?;
    let key = idempotency_key.map(|k| format!("{}:{k}", p.token_patient.as_str()));
    let outcome = place(cx, &p.org, input, key, &p.actor).await;
    if !matches!(&outcome, Ok(r) if r.status_code() == 201) {
        release_jti(db, p, &jti).await?;
        return outcome;
    }
    let settled =
        patients::settle_token_holder(cx, &p.org, &p.token_patient, holder, &p.actor).await;
    if settled.is_err() {
        // The booking stands; the holder's next booking tries again.
        worker::console_error!("booking: the token holder's patient record was not stored");
    }
    outcome
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

pub async fn mine(req: &Request, cx: &Ctx, p: &Patient) -> ApiResult<Response> {
    let mut filter = Overview::parse(&query(req)?)?;
    filter.patient_profile_uid = Some(p.patient.clone());
    let page = Page::from_query(&req.url()?)?;
    let listing = appointments::overview(&cx.db, &p.org, &filter, cx.now, &page).await?;
    crate::calendar::audit_listed(cx, &p.org, &p.actor, &listing).await?;
    json(200, &listing)
}

/// One of the token's organisation's appointments, in the token's shop.
async fn patient_appointment(
    db: &Db,
    p: &Patient,
    uid: AppointmentUid,
) -> ApiResult<AppointmentUid> {
    let (uid, _) = own_appointment(db, &p.org, uid).await?;
    if p.shop.as_ref().is_some_and(|only| *only != uid.shop()) {
        return Err(ApiError::not_found("appointment"));
    }
    Ok(uid)
}

pub async fn get(cx: &Ctx, p: &Patient, uid: AppointmentUid) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let uid = patient_appointment(db, p, uid).await?;
    let shop = uid.shop();
    let command = Command::GetAppointment {
        appointment_uid: uid,
        owner: Some(p.patient.clone()),
        actor: p.actor.clone(),
    };
    let mut resp = shop::send(env, &p.org, &shop, &command).await?;
    if resp.status_code() != 200 {
        return Ok(resp);
    }
    // The clinic's staff keys are the clinic's business: the patient sees
    // "clinic" as the actor instead of a key id.
    let mut body: serde_json::Value = resp.json().await?;
    if let Some(history) = body["history"].as_array_mut() {
        for entry in history {
            if entry["actor"]
                .as_str()
                .is_some_and(|a| a.starts_with("key_"))
            {
                entry["actor"] = "clinic".into();
            }
        }
    }
    json(200, &body)
}

pub async fn cancel(
    req: &mut Request,
    cx: &Ctx,
    p: &Patient,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let uid = patient_appointment(&cx.db, p, uid).await?;
    let reason = parse_patient_cancel_reason(&json_body(req).await?)?;
    cancel_appointment(cx, &p.org, uid, reason, Some(p.patient.clone()), &p.actor).await
}

pub async fn rebook(
    req: &mut Request,
    cx: &Ctx,
    p: &Patient,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let input = Rebook::parse(&json_body(req).await?)?;
    move_appointment(cx, &p.org, uid, input, Some(p.patient.clone()), &p.actor).await
}
