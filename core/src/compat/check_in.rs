//! Seed 002's `visitUrl`: the patient's link to online check-in. Opening
//! it checks the patient in to their appointment and takes them to their
//! visit link (the wait page, then the call); after check-in it goes
//! straight there.
//!
//! The token is signed like a visit token (HMAC-SHA256, `payload.sig`,
//! under the watch secret) in a domain of its own, so no other kind of
//! token passes for it. It names the appointment and lives until the
//! appointment's end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AppointmentUid, OrgUid};
use crate::watch::{seal, unseal};

const DOMAIN: &str = "solo-check-in\n";

/// Where the link is served (the main Worker forwards `/integrations/` to
/// the vendor Worker).
pub const PATH: &str = "/integrations/check-in/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInClaims {
    pub org: OrgUid,
    pub a: AppointmentUid,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

/// The link for `claims` under `origin`.
pub fn link(origin: &str, claims: &CheckInClaims, secret: &[u8]) -> String {
    format!("{origin}{PATH}{}", seal(DOMAIN, claims, secret))
}

/// The claims of a link that is genuine and not expired; `None` otherwise
/// (the caller answers every failure alike).
pub fn verify(token: &str, secret: &[u8], now: DateTime<Utc>) -> Option<CheckInClaims> {
    let claims: CheckInClaims = unseal(DOMAIN, token, secret).ok()?;
    (now.timestamp() < claims.exp).then_some(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn links_verify_until_they_expire_and_only_under_their_secret() {
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let shop = crate::ids::ShopUid::new(&[1; 16]);
        let claims = CheckInClaims {
            org: OrgUid::new(&[3; 16]),
            a: AppointmentUid::new(&shop, &[2; 16]),
            exp: now.timestamp() + 60,
        };
        let url = link("https://fd.example", &claims, b"secret");
        let token = url
            .strip_prefix("https://fd.example/integrations/check-in/")
            .unwrap();
        assert_eq!(verify(token, b"secret", now), Some(claims.clone()));
        assert_eq!(verify(token, b"other", now), None);
        assert_eq!(
            verify(token, b"secret", now + chrono::Duration::seconds(60)),
            None
        );
        let mut tampered = token.to_owned();
        tampered.insert(3, 'x');
        assert_eq!(verify(&tampered, b"secret", now), None);
        // A visit token is not a check-in token.
        let visit = crate::visit::sign(
            &crate::visit::VisitClaims {
                org: claims.org.clone(),
                q: crate::ids::QueueUid::new(&shop, &[4; 16]),
                role: crate::visit::Role::Patient,
                exp: claims.exp,
            },
            b"secret",
        );
        assert_eq!(verify(&visit, b"secret", now), None);
    }
}
