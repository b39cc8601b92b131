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
use data_encoding::BASE64;
use frontdesk_core::calendar::appointment::AppointmentStatus;
use frontdesk_core::ics::{self, CalendarEvent};
use frontdesk_core::ids::{AppointmentUid, OrgUid};
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::view::events::{AppointmentData, Event};
use frontdesk_core::zone::Zone as Tz;

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
    let when = local_time(a.start, zone);
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
    // `[MessageAttachment]`, written as a JSON value: a serde impl of its
    // own would cost the Worker more (README, "Worker size").
    let attachments = serde_json::json!([{
        "filename": "appointment.ics",
        "content_type": format!(
            "text/calendar; method={}",
            if cancelled { "CANCEL" } else { "PUBLISH" }
        ),
        "content_base64": BASE64.encode(file.as_bytes()),
    }])
    .to_string();
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

/// `Thursday 3 December 2026, 14:00 (Europe/Berlin)`, spelt out by hand:
/// chrono's named-field formatting costs the Worker more than this does.
fn local_time(t: DateTime<Utc>, zone: Tz) -> String {
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let l = t.with_timezone(&zone);
    let day = DAYS[l.weekday().num_days_from_monday() as usize % 7];
    let month = MONTHS[l.month0() as usize % 12];
    format!(
        "{day} {} {month} {}, {:02}:{:02} ({})",
        l.day(),
        l.year(),
        l.hour(),
        l.minute(),
        zone.name()
    )
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
