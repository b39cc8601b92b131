//! Seed 002's context-aware linking: an EHR passes a user into a visit
//! with one link, `GET /integrations/linking?arg=…&keyId=…`, whose `arg` is
//! JSON encrypted under the organisation's linking secret
//! ([`super::solo_crypto`]). This module checks the decrypted JSON against
//! the seed's schema and the link's time window; the vendor Worker finds
//! the visit and redirects through its per-visit link.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Who follows the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LinkRole {
    Patient,
    MedicalAssistant,
    Provider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
    Other,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkPatient {
    pub id: String,
    pub sex: Sex,
    pub dob: NaiveDate,
    pub first_name: String,
    pub last_name: String,
}

/// The seed's JSON schema: `user`, `type`, `visit`, `date` (UTC Unix
/// seconds, a number) and `patient` are required.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LinkClaims {
    pub user: String,
    #[serde(rename = "type")]
    pub role: LinkRole,
    /// The visit: its SAID, its external id, or Frontdesk's uid.
    pub visit: String,
    pub date: f64,
    pub patient: LinkPatient,
}

/// How long before the visit's `date` a link opens, and how long after it
/// still does, in seconds: an hour early, four hours late.
pub const OPENS_BEFORE: i64 = 3600;
pub const CLOSES_AFTER: i64 = 4 * 3600;

/// The claims of decrypted JSON that keeps to the seed's schema and whose
/// visit is now within its window; `None` otherwise (every failure is
/// answered alike).
pub fn claims(plaintext: &[u8], now: DateTime<Utc>) -> Option<LinkClaims> {
    let c: LinkClaims = serde_json::from_slice(plaintext).ok()?;
    if !c.date.is_finite() || c.visit.is_empty() || c.visit.len() > 128 {
        return None;
    }
    // Whole seconds; a date beyond any real visit is simply out of window.
    let date = c.date.clamp(-1e15, 1e15).trunc() as i64;
    let now = now.timestamp();
    let opens = date.checked_sub(OPENS_BEFORE)?;
    let closes = date.checked_add(CLOSES_AFTER)?;
    (opens..=closes).contains(&now).then_some(c)
}

/// A linking secret as its API shows it; `secret` on creation and reveal.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkingSecret {
    pub key_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn body(date: i64) -> Vec<u8> {
        serde_json::json!({
            "user": "u1", "type": "provider", "visit": "12", "date": date,
            "patient": {"id": "p1", "sex": "female", "dob": "1990-02-03", "firstName": "A", "lastName": "B"},
            "extra": true
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn the_schema_and_the_window_decide() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
        let t = now.timestamp();
        let c = claims(&body(t), now).unwrap();
        assert_eq!((c.role, c.visit.as_str()), (LinkRole::Provider, "12"));
        assert!(claims(&body(t + OPENS_BEFORE), now).is_some());
        assert!(claims(&body(t + OPENS_BEFORE + 1), now).is_none());
        assert!(claims(&body(t - CLOSES_AFTER), now).is_some());
        assert!(claims(&body(t - CLOSES_AFTER - 1), now).is_none());
        for broken in [
            r#"{"user": "u", "type": "nurse", "visit": "1", "date": 0, "patient": {}}"#,
            r#"{"type": "patient", "visit": "1", "date": 0}"#,
            r#"not json"#,
        ] {
            assert!(claims(broken.as_bytes(), now).is_none(), "{broken}");
        }
        let mut bad_sex: serde_json::Value = serde_json::from_slice(&body(t)).unwrap();
        bad_sex["patient"]["sex"] = "x".into();
        assert!(claims(bad_sex.to_string().as_bytes(), now).is_none());
        let mut huge: serde_json::Value = serde_json::from_slice(&body(t)).unwrap();
        huge["date"] = serde_json::json!(1e300);
        assert!(claims(huge.to_string().as_bytes(), now).is_none());
    }
}
