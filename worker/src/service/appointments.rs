//! The calendar (seeds 001 and 003): availability, slot search, booking
//! and the appointment actions, for staff, doctors and patients alike.
//! What differs by actor is decided here and in [`Actor`]: a patient sees
//! and changes only their own appointments, with the type's notice rules,
//! and a token restricted to a shop sees no other.

use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::calendar::availability::Availability;
use frontdesk_core::ids::{AppointmentUid, DoctorUid, VideoRoomId};
use frontdesk_core::turn::Language;
use frontdesk_core::view::calendar::{
    AppointmentDetail, AppointmentView, AvailabilityView, CheckIn, Slots, VisitLinks,
};
use frontdesk_core::view::Listing;
use frontdesk_core::visit::Role;
use frontdesk_core::wire::{self, Overview, SlotSearch};

use super::{tenancy, visits, waiting_room, Actor};
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo::{
    appointment_types, appointments, audit, episodes, external_ids, messages, patients,
};
use crate::shop::{self, Client, Placement};
use data_encoding::BASE32_DNSSEC;

/// Only the doctor's own key changes their windows; the doctor is looked
/// up first, so another tenant's doctor is a 404, not a 403.
pub async fn set_availability(
    cx: &Ctx,
    actor: &Actor,
    doctor_uid: DoctorUid,
    availability: Availability,
) -> ApiResult<AvailabilityView> {
    let doctor = tenancy::doctor(cx, actor, &doctor_uid).await?;
    actor.is_doctor(&doctor_uid)?;
    let request = shop::SetAvailability {
        doctor_uid,
        availability,
    };
    Client::new(&cx.env, actor.org(), doctor.shop_uid)
        .send(&request)
        .await
}

pub async fn availability(
    cx: &Ctx,
    actor: &Actor,
    doctor_uid: DoctorUid,
) -> ApiResult<AvailabilityView> {
    let doctor = tenancy::doctor(cx, actor, &doctor_uid).await?;
    Client::new(&cx.env, actor.org(), doctor.shop_uid)
        .send(&shop::GetAvailability { doctor_uid })
        .await
}

/// Free slots of one doctor or of every doctor of a shop, for a type.
pub async fn slots(cx: &Ctx, actor: &Actor, search: SlotSearch) -> ApiResult<Slots> {
    slots_of_length(cx, actor, search, None).await
}

/// [`slots`], laid out for a length other than the type's (seed 002's
/// `duration`), where the caller has checked the shop allows it.
pub async fn slots_of_length(
    cx: &Ctx,
    actor: &Actor,
    search: SlotSearch,
    duration_minutes: Option<i64>,
) -> ApiResult<Slots> {
    let shop = tenancy::shop(cx, actor, &search.shop_uid).await?;
    let mut rules = tenancy::appointment_type(cx, actor, &search.appointment_type_uid)
        .await?
        .rules();
    if let Some(minutes) = duration_minutes {
        rules.duration_minutes = minutes;
    }
    let doctors = match &search.doctor_uid {
        Some(d) => {
            tenancy::shop_doctor(cx, actor, &search.shop_uid, d, "doctor_uid").await?;
            vec![d.clone()]
        }
        None => tenancy::doctors_of_shop(cx, actor, &search.shop_uid).await?,
    };
    // What one search may lay out, at most: every slot of every day of
    // every doctor. A wide search of a big shop is refused before the shop
    // does the work.
    let limit = cx.config.limits.slot_search_work;
    let days = (search.end_date - search.start_date)
        .num_days()
        .saturating_add(1);
    let per_day = (24 * 60) / rules.duration_minutes.max(1);
    let work = days
        .saturating_mul(per_day)
        .saturating_mul(i64::try_from(doctors.len()).unwrap_or(i64::MAX));
    if work > i64::from(limit) {
        return Err(ApiError::bad_field(
            "end_date",
            format!(
                "this search could lay out {work} slots, more than {limit}: search fewer days, or name a doctor_uid"
            ),
        ));
    }
    let request = shop::SlotSearch {
        doctors,
        rules,
        time_zone: shop.time_zone.name().to_owned(),
        start_date: search.start_date,
        end_date: search.end_date,
    };
    Client::new(&cx.env, actor.org(), search.shop_uid)
        .send(&request)
        .await
}

/// A payment mode the type offers, or a 400 listing the ones it does.
pub fn accepts(t: &appointment_types::Row, mode: PaymentMode) -> ApiResult<()> {
    if t.accepts(mode) {
        return Ok(());
    }
    Err(ApiError::bad_field(
        "payment_mode",
        format!(
            "this appointment type accepts {}",
            t.payment_modes
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

/// Checks a booking's shop, doctor, type, payment mode and episode against
/// the organisation, then asks the shop to hold or book the slot, and
/// records its external id and episode.
pub async fn place(
    cx: &Ctx,
    actor: &Actor,
    input: wire::Book,
    idempotency_key: Option<String>,
) -> ApiResult<AppointmentView> {
    let shop = tenancy::shop(cx, actor, &input.shop_uid).await?;
    // A pool appointment has a room of its own until a doctor takes it.
    let room = match &input.doctor_uid {
        Some(d) => {
            tenancy::shop_doctor(cx, actor, &input.shop_uid, d, "doctor_uid")
                .await?
                .video_room_id
        }
        None => VideoRoomId::new(&entropy()),
    };
    let t = tenancy::appointment_type(cx, actor, &input.appointment_type_uid).await?;
    accepts(&t, input.payment_mode)?;
    let org = actor.org();
    if let Some(episode) = &input.episode_of_care_uid {
        let found = episodes::find(&cx.db, org, episode).await?;
        let found = found.ok_or(ApiError::NotFound {
            what: "episode",
            field: Some("episode_of_care_uid"),
        })?;
        if found.patient_uid != input.patient_profile_uid {
            return Err(episode_of_another_patient());
        }
    }
    if let Some(id) = &input.details.external_id {
        if external_ids::find(&cx.db, org, id).await?.is_some() {
            return Err(external_id_taken());
        }
    }
    let external_id = input.details.external_id.clone();
    let episode = input.episode_of_care_uid.clone();
    let request = shop::Book {
        org_uid: org.clone(),
        shop_uid: input.shop_uid.clone(),
        video_room_id: room,
        doctor_uid: input.doctor_uid,
        appointment_type_uid: input.appointment_type_uid,
        patient_profile_uid: input.patient_profile_uid,
        payment_mode: input.payment_mode,
        rules: t.rules(),
        time_zone: shop.time_zone.name().to_owned(),
        start: input.start,
        placement: if input.confirm {
            Placement::Confirm
        } else {
            Placement::Hold
        },
        idempotency_key,
        actor: actor.label(),
        details: input.details,
        duration_minutes: input.duration_minutes,
    };
    let booked = Client::new(&cx.env, org, input.shop_uid)
        .send(&request)
        .await?;
    let uid = &booked.appointment_uid;
    if let Some(id) = &external_id {
        // Another booking took the id since the check: this one is undone.
        if !external_ids::claim(&cx.db, org, id, uid, cx.now).await? {
            let undo = shop::Cancel {
                appointment_uid: uid.clone(),
                reason: "its external_id was taken by another appointment".to_owned(),
                party: shop::Party::Clinic,
                actor: actor.label(),
            };
            client(cx, actor, uid).send(&undo).await?;
            return Err(external_id_taken());
        }
    }
    if let Some(episode) = &episode {
        let entry = audit::Entry {
            actor: &actor.label(),
            action: "appointment.episode_assigned",
            target: uid.as_str(),
            outcome: "ok",
        };
        cx.db
            .commit(vec![
                episodes::assign(&cx.db, org, uid, Some(episode), cx.now)?,
                audit::statement(&cx.db, org, entry, cx.now)?,
            ])
            .await?;
    }
    Ok(booked)
}

fn external_id_taken() -> ApiError {
    ApiError::conflict(
        ErrorCode::IdentifierTaken,
        "another appointment of this organisation has this external_id",
    )
}

pub(super) fn episode_of_another_patient() -> ApiError {
    ApiError::conflict(
        ErrorCode::EpisodeOfAnotherPatient,
        "the episode belongs to another patient than the appointment",
    )
}

/// The visit's per-visit links, once the patient has checked in.
pub async fn visit_links(
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
    origin: &str,
) -> ApiResult<VisitLinks> {
    let a = get(cx, actor, uid).await?.appointment;
    let link = |role| {
        a.queue_uid
            .as_ref()
            .map(|q| visits::link(&cx.config, origin, actor.org(), q, role, cx.now))
    };
    Ok(VisitLinks {
        patient_visit_url: link(Role::Patient),
        provider_visit_url: link(Role::Doctor),
        assistant_visit_url: link(Role::Assistant),
        appointment_uid: a.appointment_uid,
        external_id: a.external_id,
        queue_uid: a.queue_uid,
    })
}

/// The links of the visit an external id names.
pub async fn visit_links_by_external_id(
    cx: &Ctx,
    actor: &Actor,
    external_id: &str,
    origin: &str,
) -> ApiResult<VisitLinks> {
    let uid = external_ids::find(&cx.db, actor.org(), external_id)
        .await?
        .ok_or_else(|| ApiError::not_found("appointment"))?;
    visit_links(cx, actor, uid, origin).await
}

/// The appointment an external id names, with its history.
pub async fn by_external_id(
    cx: &Ctx,
    actor: &Actor,
    external_id: &str,
) -> ApiResult<AppointmentDetail> {
    let uid = external_ids::find(&cx.db, actor.org(), external_id)
        .await?
        .ok_or_else(|| ApiError::not_found("appointment"))?;
    get(cx, actor, uid).await
}

fn client<'a>(cx: &'a Ctx, actor: &'a Actor, uid: &AppointmentUid) -> Client<'a> {
    Client::new(&cx.env, actor.org(), uid.shop())
}

/// The appointment with its history; a patient's own only.
pub async fn get(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<AppointmentDetail> {
    tenancy::appointment(cx, actor, &uid).await?;
    let request = shop::GetAppointment {
        appointment_uid: uid.clone(),
        party: actor.party(),
        actor: actor.label(),
    };
    client(cx, actor, &uid).send(&request).await
}

/// Confirms a hold; a payment mode chosen now must be one the type offers.
pub async fn confirm(
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
    payment_mode: Option<PaymentMode>,
) -> ApiResult<AppointmentView> {
    tenancy::appointment(cx, actor, &uid).await?;
    if let Some(mode) = payment_mode {
        let held = get(cx, actor, uid.clone()).await?;
        let t =
            tenancy::appointment_type(cx, actor, &held.appointment.appointment_type_uid).await?;
        accepts(&t, mode)?;
    }
    let request = shop::Confirm {
        appointment_uid: uid.clone(),
        actor: actor.label(),
        party: actor.party(),
        payment_mode,
    };
    client(cx, actor, &uid).send(&request).await
}

pub async fn complete(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<AppointmentView> {
    tenancy::appointment(cx, actor, &uid).await?;
    let request = shop::CompleteAppointment {
        appointment_uid: uid.clone(),
        actor: actor.label(),
    };
    client(cx, actor, &uid).send(&request).await
}

pub async fn no_show(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<AppointmentView> {
    tenancy::appointment(cx, actor, &uid).await?;
    let request = shop::NoShow {
        appointment_uid: uid.clone(),
        actor: actor.label(),
    };
    client(cx, actor, &uid).send(&request).await
}

/// Cancels an appointment. A patient cancels only their own, and only
/// with the type's minimum notice; the clinic needs none.
pub async fn cancel(
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
    reason: String,
) -> ApiResult<AppointmentView> {
    tenancy::appointment(cx, actor, &uid).await?;
    let request = shop::Cancel {
        appointment_uid: uid.clone(),
        reason,
        party: actor.party(),
        actor: actor.label(),
    };
    client(cx, actor, &uid).send(&request).await
}

/// Moves an appointment, to another doctor of its shop if one is named;
/// the answer is the new appointment.
pub async fn rebook(
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
    input: wire::Rebook,
) -> ApiResult<AppointmentView> {
    let shop = tenancy::appointment(cx, actor, &uid).await?;
    let doctor = match &input.doctor_uid {
        None => None,
        Some(d) => {
            let doctor = tenancy::doctor_in_body(cx, actor, d, "doctor_uid").await?;
            if doctor.shop_uid != shop.shop_uid {
                return Err(ApiError::NotFound {
                    what: "doctor in this appointment's shop",
                    field: Some("doctor_uid"),
                });
            }
            Some((d.clone(), doctor.video_room_id))
        }
    };
    let request = shop::Rebook {
        appointment_uid: uid.clone(),
        start: input.start,
        doctor,
        time_zone: shop.time_zone.name().to_owned(),
        party: actor.party(),
        actor: actor.label(),
    };
    let moved = client(cx, actor, &uid).send(&request).await?;
    if let Some(id) = &moved.external_id {
        external_ids::moved(&cx.db, actor.org(), id, &uid, &moved.appointment_uid).await?;
    }
    Ok(moved)
}

/// Check-in puts the patient in the waiting room; the answer carries the
/// queue entry's links like a registration does.
pub async fn check_in(
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
    origin: &str,
) -> ApiResult<CheckIn> {
    tenancy::appointment(cx, actor, &uid).await?;
    let request = shop::CheckIn {
        appointment_uid: uid.clone(),
        actor: actor.label(),
        language: their_language(cx, actor, &uid).await,
    };
    let checked_in = client(cx, actor, &uid).send(&request).await?;
    let watch = match &checked_in.appointment.queue_uid {
        Some(queue_uid) => {
            let links = waiting_room::links(cx, actor.org(), queue_uid, origin);
            send_wait_page(cx, actor, &checked_in.appointment, &links.wait_page_url).await;
            links
        }
        None => return Err(ApiError::Internal("a check-in made no queue entry".into())),
    };
    Ok(CheckIn { checked_in, watch })
}

/// The checked-in patient is sent their wait page, by email and SMS where
/// their record has an address. Best effort: the check-in has happened,
/// and the clinic can always send the link from the answer.
async fn send_wait_page(cx: &Ctx, actor: &Actor, appointment: &AppointmentView, link: &str) {
    let event_id = format!("evt_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
    let recipient = format!("patient:{}", appointment.patient_profile_uid.as_str());
    let body = format!(
        "You are checked in. Follow your place in line and join the video call here: {link}"
    );
    let email = messages::NewMessage {
        event_id: &event_id,
        org: actor.org().as_str(),
        channel: "email",
        recipient: &recipient,
        subject: Some("You are checked in"),
        body: &body,
        attachments: None,
    };
    let sms = messages::NewMessage {
        channel: "sms",
        subject: None,
        ..email
    };
    // Only to a patient the clinic keeps a record of, on the channels it
    // has an address for (as the booking messages).
    let patient = appointment.patient_profile_uid.as_str();
    let mut statements = Vec::new();
    for (message, system) in [(&email, "email"), (&sms, "phone")] {
        match patients::contact(&cx.db, actor.org(), patient, system).await {
            Ok(Some(_)) => statements.push(messages::queue(&cx.db, message, cx.now)),
            Ok(None) => {}
            Err(e) => statements.push(Err(e)),
        }
    }
    if statements.is_empty() {
        return;
    }
    let queued = match statements.into_iter().collect::<ApiResult<Vec<_>>>() {
        Ok(statements) => cx.db.commit(statements).await,
        Err(e) => Err(e),
    };
    let sent = match queued {
        Ok(()) => crate::notifier::kick(&cx.env, actor.org()).await,
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        worker::console_warn!("check-in: the wait-page message was not queued: {e:?}");
    }
}

/// The language of the patient's record (its `preferredLanguage`, when the
/// wait page speaks it), for the wait page of a check-in. Best effort, and
/// read before the check-in so the shop stores it with the entry: the
/// appointment's patient from its shop (the read model may not have a
/// booking made a moment ago), their record from the directory; either
/// missing, the page follows the browser.
async fn their_language(cx: &Ctx, actor: &Actor, uid: &AppointmentUid) -> Option<Language> {
    let appointment = get(cx, actor, uid.clone()).await.ok()?.appointment;
    let record = patients::find(&cx.db, actor.org(), &appointment.patient_profile_uid)
        .await
        .ok()??;
    record
        .body
        .get("preferredLanguage")
        .and_then(|v| v.as_str())
        .and_then(Language::parse)
}

/// The organisation's appointments from the read model, each recorded as
/// read by the actor. A patient's listing is of their own only.
pub async fn overview(
    cx: &Ctx,
    actor: &Actor,
    mut filter: Overview,
    page: &Page,
) -> ApiResult<Listing<AppointmentView>> {
    if let Actor::Patient(p) = actor {
        filter.patient_profile_uid = Some(p.patient.clone());
    }
    let listing = appointments::overview(&cx.db, actor.org(), &filter, cx.now, page).await?;
    let uids: Vec<&str> = listing
        .data
        .iter()
        .map(|a| a.appointment_uid.as_str())
        .collect();
    audit::record_many(
        &cx.db,
        actor.org(),
        &actor.label(),
        "appointment.read (list)",
        &uids,
        cx.now,
    )
    .await?;
    Ok(listing)
}
