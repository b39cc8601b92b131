//! The patient's confirmation and change messages (issue 16): an email
//! with the appointment's `.ics` and an SMS, once for each booking,
//! rebooking and cancellation. They are made where the events are stored
//! (the shop's outbox delivery, off the request's path) and queued like
//! reminders, under `{event_id}:{channel}`, so a replayed delivery stores
//! them once. Only patients with a directory record are told, on the
//! channels their record has an address for: a patient the clinic keeps
//! no record of has nowhere to be told, and the log would fill with
//! `no_address` rows.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use data_encoding::BASE64;
use frontdesk_core::calendar::appointment::AppointmentStatus;
use frontdesk_core::ics::{self, CalendarEvent};
use frontdesk_core::ids::{AppointmentUid, OrgUid};
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::view::events::{AppointmentData, Event};
use frontdesk_core::view::messages::MessageAttachment;

use crate::error::ApiResult;
use crate::repo::{self, messages, Db, Statement};

/// What changed, for the wording.
#[derive(Clone, Copy)]
enum Change {
    Booked,
    Moved,
    Cancelled,
}

/// The statements queueing the messages `events` owe their patients.
pub async fn statements(
    db: &Db,
    events: &[Event],
    now: DateTime<Utc>,
) -> ApiResult<Vec<Statement>> {
    let mut out = Vec::new();
    for e in events {
        let change = match e.kind.as_str() {
            "APPOINTMENT_CONFIRMED" => Change::Booked,
            "APPOINTMENT_REBOOKED" => Change::Moved,
            "APPOINTMENT_CANCELLED" => Change::Cancelled,
            _ => continue,
        };
        let Ok(data) = serde_json::from_value::<AppointmentData>(e.data.clone()) else {
            continue;
        };
        let org = &e.organization_uid;
        // A rebooking is told about its new appointment, delivered to the
        // read model in the same batch, before the events.
        let appointment = match change {
            Change::Moved => match &data.rebooked_to {
                Some(new) => repo::appointments::view(db, org, new).await?,
                None => None,
            },
            _ => repo::appointments::view(db, org, &data.appointment_uid).await?,
        };
        let Some(a) = appointment else {
            worker::console_warn!("booking message: {} is not in the read model", e.id);
            continue;
        };
        out.extend(queue(db, org, e, change, &a, now).await?);
    }
    Ok(out)
}

async fn queue(
    db: &Db,
    org: &OrgUid,
    e: &Event,
    change: Change,
    a: &AppointmentView,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Statement>> {
    let patient = a.patient_profile_uid.as_str();
    let email_to = repo::patients::contact(db, org, patient, "email").await?;
    let sms_to = repo::patients::contact(db, org, patient, "phone").await?;
    if email_to.is_none() && sms_to.is_none() {
        return Ok(Vec::new());
    }
    let shop = repo::shops::find(db, org, &a.shop_uid).await?;
    let kind = repo::appointment_types::find(db, org, &a.appointment_type_uid).await?;
    let (clinic, address, zone) = match &shop {
        Some(s) => (s.name.as_str(), s.address.as_str(), s.time_zone),
        None => ("the clinic", "", Tz::UTC),
    };
    let type_name = kind.as_ref().map_or("Appointment", |t| t.name.as_str());
    let local = a.start.with_timezone(&zone);
    let when = format!("{} ({})", local.format("%A %-d %B %Y, %H:%M"), zone.name());
    let (subject, text) = match change {
        Change::Booked => (
            format!("Booked: {type_name} at {clinic}"),
            format!("Your appointment at {clinic} is booked for {when}. The attached file adds it to your calendar."),
        ),
        Change::Moved => (
            format!("Moved: {type_name} at {clinic}"),
            format!("Your appointment at {clinic} is moved to {when}. The attached file updates your calendar."),
        ),
        Change::Cancelled => (
            format!("Cancelled: {type_name} at {clinic}"),
            format!("Your appointment at {clinic} on {when} is cancelled. The attached file removes it from your calendar."),
        ),
    };
    let chain = chain_root(db, org, a).await?;
    let summary = format!("{type_name} · {clinic}");
    let cancelled = matches!(change, Change::Cancelled) && a.status == AppointmentStatus::Cancelled;
    let file = ics::calendar(
        &CalendarEvent {
            chain_root: chain.0.as_str(),
            rebooks: chain.1,
            start: a.start,
            end: a.end,
            summary: &summary,
            location: (!address.is_empty()).then_some(address),
            description: None,
            cancelled,
        },
        now,
    );
    let attachment = MessageAttachment {
        filename: "appointment.ics".to_owned(),
        content_type: format!(
            "text/calendar; method={}",
            if cancelled { "CANCEL" } else { "PUBLISH" }
        ),
        content_base64: BASE64.encode(file.as_bytes()),
    };
    let attachments = serde_json::to_string(&[attachment])?;
    let recipient = format!("patient:{}", a.patient_profile_uid.as_str());
    let email = messages::NewMessage {
        event_id: &e.id,
        org: org.as_str(),
        channel: "email",
        recipient: &recipient,
        subject: Some(&subject),
        body: &text,
        attachments: Some(&attachments),
    };
    let sms = messages::NewMessage {
        channel: "sms",
        subject: None,
        attachments: None,
        ..email
    };
    let mut out = Vec::new();
    if email_to.is_some() {
        out.push(messages::queue(db, &email, now)?);
    }
    if sms_to.is_some() {
        out.push(messages::queue(db, &sms, now)?);
    }
    Ok(out)
}

/// The first appointment of the rebooking chain and how many rebookings
/// led here (at most 100 are followed).
async fn chain_root(
    db: &Db,
    org: &OrgUid,
    a: &AppointmentView,
) -> ApiResult<(AppointmentUid, u32)> {
    let mut root = a.appointment_uid.clone();
    let mut previous = a.previous_meeting_uid.clone();
    let mut rebooks = 0u32;
    while let Some(p) = previous.take() {
        if rebooks >= 100 {
            break;
        }
        rebooks += 1;
        root = p.clone();
        previous = repo::appointments::view(db, org, &p)
            .await?
            .and_then(|v| v.previous_meeting_uid);
    }
    Ok((root, rebooks))
}
