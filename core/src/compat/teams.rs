//! Seed 002's MS Teams provider link: an online meeting made through
//! Microsoft Graph with the caller's own `Teams-Auth-Token`, one per
//! appointment. Graph's `createOrGet` keys the meeting by `externalId`
//! (the appointment uid), so a retry or a race gets the same meeting.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// The header seed 002 carries the caller's Graph token in.
pub const TOKEN_HEADER: &str = "Teams-Auth-Token";
/// Under the configured Graph base URL (`GRAPH_BASE_URL`).
pub const CREATE_OR_GET: &str = "/me/onlineMeetings/createOrGet";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRequest {
    pub external_id: String,
    pub start_date_time: String,
    pub end_date_time: String,
    pub subject: String,
}

impl MeetingRequest {
    pub fn new(appointment_uid: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        MeetingRequest {
            external_id: appointment_uid.to_owned(),
            start_date_time: start.to_rfc3339_opts(SecondsFormat::Secs, true),
            end_date_time: end.to_rfc3339_opts(SecondsFormat::Secs, true),
            // No patient data goes to Microsoft in the subject.
            subject: "Telehealth visit".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MeetingReply {
    join_web_url: String,
}

/// The meeting's join URL from Graph's answer, if it is an https URL.
pub fn join_url(reply: &[u8]) -> Option<String> {
    let r: MeetingReply = serde_json::from_slice(reply).ok()?;
    (r.join_web_url.starts_with("https://") && r.join_web_url.len() <= 4096)
        .then_some(r.join_web_url)
}

/// `{id, msTeamsProviderVisitUrl}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsLink {
    pub id: i64,
    pub ms_teams_provider_visit_url: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn requests_carry_no_patient_data_and_replies_need_an_https_url() {
        let t = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        let r = MeetingRequest::new("apt_x", t, t + chrono::Duration::minutes(30));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["externalId"], "apt_x");
        assert_eq!(v["startDateTime"], "2026-12-03T09:00:00Z");
        assert_eq!(v["endDateTime"], "2026-12-03T09:30:00Z");
        assert_eq!(
            join_url(br#"{"id": "m", "joinWebUrl": "https://teams.microsoft.com/l/x"}"#).as_deref(),
            Some("https://teams.microsoft.com/l/x")
        );
        assert_eq!(join_url(br#"{"joinWebUrl": "javascript:alert(1)"}"#), None);
        assert_eq!(join_url(b"nope"), None);
    }
}
