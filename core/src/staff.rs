//! Staff accounts and how they sign in, as rules with no IO: a role and
//! the scopes it grants, an email address as an account's name, and the
//! two credentials a person holds, the one-time sign-in link and the
//! session.
//!
//! Both credentials are opaque strings that name their organisation
//! (`fdl.{org_uid}.{secret}` for a link, `fds.{org_uid}.{secret}` for a
//! session): the worker finds the organisation's Directory object from the
//! value itself, with no D1 round trip, as it does for an API key. Only the
//! SHA-256 of the whole value is stored. The secret carries 256 bits of
//! entropy, so a plain hash is the right tool, and looking a hash up by
//! equality reveals nothing useful through timing.

use chrono::{DateTime, Duration, Utc};
use data_encoding::{BASE32_NOPAD, HEXLOWER};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::Scope;
use crate::ids::OrgUid;

/// How long a sign-in link works, once.
pub const SIGN_IN_LINK_TTL_MINUTES: u32 = 15;
/// A session ends after this long without use.
pub const SESSION_IDLE_HOURS: i64 = 12;
/// A session's last use is written at most this often, so its idle clock
/// moves in steps and most requests do not write.
pub const SESSION_TOUCH_MINUTES: i64 = 5;
/// The longest email address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// [`Email::parse`]'s rule as a JSON Schema (ECMA-262) pattern, for the
/// API document: no whitespace or control character, one `@`, a domain
/// with a dot inside it.
pub const EMAIL_PATTERN: &str = "^[^\\s@\\u0000-\\u001f\\u007f-\\u009f]+@[^\\s@.\\u0000-\\u001f\\u007f-\\u009f][^\\s@\\u0000-\\u001f\\u007f-\\u009f]*\\.[^\\s@\\u0000-\\u001f\\u007f-\\u009f]*[^\\s@.\\u0000-\\u001f\\u007f-\\u009f]$";

/// What a staff user is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the organisation: every scope.
    Admin,
    /// A doctor, bound to one `doctor_uid`: the waiting room, appointments
    /// and their own availability, for themself only.
    Doctor,
    /// A medical assistant: takes patients in for intake and hands them
    /// to the doctors' queue (seed 002's `medicalAssistant`); reads
    /// appointments and writes visit records, bound to no doctor.
    MedicalAssistant,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Doctor, Role::MedicalAssistant];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Doctor => "doctor",
            Role::MedicalAssistant => "medical_assistant",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The scopes a session of this role carries. A doctor's session is
    /// bound to their doctor, as a doctor-bound API key is, so it acts for
    /// that doctor only.
    pub fn scopes(self) -> &'static [Scope] {
        match self {
            Role::Admin => &[Scope::Admin],
            Role::Doctor => &[
                Scope::WaitingRoomRead,
                Scope::WaitingRoomWrite,
                Scope::AppointmentsRead,
                Scope::AppointmentsWrite,
                Scope::AvailabilityWrite,
                Scope::RecordsRead,
                Scope::RecordsWrite,
            ],
            Role::MedicalAssistant => &[
                Scope::WaitingRoomRead,
                Scope::WaitingRoomWrite,
                Scope::AppointmentsRead,
                Scope::RecordsRead,
                Scope::RecordsWrite,
            ],
        }
    }
}

/// An email address as an account's name, with ASCII letters lower-cased,
/// so `Ana@Clinic.example` and `ana@clinic.example` are one account. Only its
/// shape is checked (one `@`, a dotted domain, no whitespace or control
/// characters: [`EMAIL_PATTERN`] says the same); whether it reaches anyone
/// is the sender's concern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Option<Email> {
        let (local, domain) = s.split_once('@')?;
        let shaped = s.chars().count() <= EMAIL_MAX
            && !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '\u{feff}');
        // ASCII case only: Unicode's case tables would add tens of KB to
        // the Worker (README, "Worker size"), and addresses differing in
        // non-ASCII case are rare enough to stay two accounts.
        shaped.then(|| Email(s.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Email::parse(&s).ok_or_else(|| "not an email address".to_owned())
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// Which of the two credentials a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    SignInLink,
    Session,
}

impl CredentialKind {
    fn prefix(self) -> &'static str {
        match self {
            CredentialKind::SignInLink => "fdl",
            CredentialKind::Session => "fds",
        }
    }
}

/// A sign-in link's token or a session's: its organisation and a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub kind: CredentialKind,
    pub org: OrgUid,
    secret: String,
}

/// The longest credential value parsed; anything longer is refused unread.
const CREDENTIAL_MAX: usize = 160;

impl Credential {
    pub fn new(kind: CredentialKind, org: OrgUid, entropy: &[u8; 32]) -> Credential {
        Credential {
            kind,
            org,
            secret: BASE32_NOPAD.encode(entropy).to_ascii_lowercase(),
        }
    }

    /// Parses a presented value of `kind`; `None` for anything else.
    pub fn parse(kind: CredentialKind, s: &str) -> Option<Credential> {
        if s.len() > CREDENTIAL_MAX {
            return None;
        }
        let mut parts = s.split('.');
        let (prefix, org, secret) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || prefix != kind.prefix() {
            return None;
        }
        let secret_shaped = secret.len() == 52
            && secret
                .bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
        if !secret_shaped {
            return None;
        }
        Some(Credential {
            kind,
            org: OrgUid::parse(org).ok()?,
            secret: secret.to_owned(),
        })
    }

    /// The value given to its holder.
    pub fn reveal(&self) -> String {
        format!("{}.{}.{}", self.kind.prefix(), self.org, self.secret)
    }

    /// What is stored: the SHA-256 of the whole value, in hex.
    pub fn hash(&self) -> String {
        HEXLOWER.encode(&Sha256::digest(self.reveal().as_bytes()))
    }
}

/// A sign-in link's lifetime unless the deployment shortens it.
pub fn default_link_ttl() -> Duration {
    Duration::minutes(i64::from(SIGN_IN_LINK_TTL_MINUTES))
}

/// When a sign-in link issued at `issued` stops working: `ttl` later, and
/// never later than [`default_link_ttl`] allows.
pub fn link_expires(issued: DateTime<Utc>, ttl: Duration) -> DateTime<Utc> {
    issued + ttl.min(default_link_ttl())
}

/// Whether a session last used at `last_seen` is still alive at `now`.
pub fn session_alive(last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < last_seen + Duration::hours(SESSION_IDLE_HOURS)
}

/// Whether a use at `now` should be written as the session's last use.
pub fn session_needs_touch(last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= last_seen + Duration::minutes(SESSION_TOUCH_MINUTES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn org() -> OrgUid {
        OrgUid::new(&[7; 16])
    }

    #[test]
    fn credentials_round_trip_and_refuse_the_other_kind() {
        let link = Credential::new(CredentialKind::SignInLink, org(), &[9; 32]);
        let shown = link.reveal();
        assert!(shown.starts_with("fdl.org_"), "{shown}");
        assert_eq!(
            Credential::parse(CredentialKind::SignInLink, &shown),
            Some(link.clone())
        );
        assert_eq!(Credential::parse(CredentialKind::Session, &shown), None);
        let session = Credential::new(CredentialKind::Session, org(), &[9; 32]);
        assert_ne!(session.hash(), link.hash(), "the kind is part of the hash");
        assert_eq!(session.hash().len(), 64);
    }

    #[test]
    fn malformed_credentials_are_refused() {
        let good = Credential::new(CredentialKind::Session, org(), &[1; 32]).reveal();
        let cases = [
            String::new(),
            "fds".into(),
            "fds..".into(),
            format!("{good}.x"),
            good.replace("fds.", "fdk."),
            good.to_uppercase(),
            format!("{good}a"),
            good[..good.len() - 1].to_owned(),
            "fds.org_x.".to_owned() + &"a".repeat(52),
            "x".repeat(10_000),
        ];
        for bad in cases {
            assert_eq!(
                Credential::parse(CredentialKind::Session, &bad),
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn emails_are_one_account_whatever_their_case() {
        assert_eq!(
            Email::parse("Ana@Clinic.Example"),
            Email::parse("ana@clinic.example")
        );
        for bad in [
            "",
            "ana",
            "@clinic.example",
            "ana@",
            "ana@clinic",
            "ana@.example",
            "ana @clinic.example",
            " ana@clinic.example",
            "ana@clinic.example.",
            "a@b@clinic.example",
            "ana@cli\u{0005}nic.example",
            "ana\u{feff}@clinic.example",
        ] {
            assert_eq!(Email::parse(bad), None, "{bad}");
        }
        let long = format!("{}@clinic.example", "a".repeat(EMAIL_MAX));
        assert_eq!(Email::parse(&long), None);
    }

    /// The document's pattern accepts exactly what the parser does.
    #[test]
    fn the_email_pattern_is_the_parsers_rule() {
        let pattern = regex::Regex::new(
            &EMAIL_PATTERN
                .replace("\\u0000", "\\x{0}")
                .replace("\\u001f", "\\x{1f}")
                .replace("\\u007f", "\\x{7f}")
                .replace("\\u009f", "\\x{9f}")
                .replace("\\s", "\\s\\x{feff}"),
        )
        .unwrap();
        for sample in [
            "ana@clinic.example",
            "Ana.Ruiz+x@mail.clinic.example",
            "a@b.c",
            "a@b..c",
            "ü@ß.de",
            "",
            "ana",
            "@b.c",
            "a@",
            "a@b",
            "a@.b",
            "a@b.",
            "a@b@c.d",
            " a@b.c",
            "a@b.c ",
            "a\u{2003}@b.c",
            "a\u{0085}@b.c",
            "a\u{feff}@b.c",
            "\r\u{e}@$,x.\u{5}y",
            "a@b\u{7f}.c",
        ] {
            assert_eq!(
                pattern.is_match(sample),
                Email::parse(sample).is_some(),
                "{sample:?}"
            );
        }
    }

    #[test]
    fn roles_grant_their_scopes() {
        assert_eq!(Role::Admin.scopes(), &[Scope::Admin]);
        assert!(!Role::Doctor.scopes().contains(&Scope::Admin));
        assert!(!Role::Doctor.scopes().contains(&Scope::PatientsRead));
        assert!(Role::Doctor.scopes().contains(&Scope::AvailabilityWrite));
        let assistant = Role::MedicalAssistant.scopes();
        assert!(assistant.contains(&Scope::WaitingRoomWrite));
        assert!(!assistant.contains(&Scope::AppointmentsWrite));
        assert!(!assistant.contains(&Scope::AvailabilityWrite));
        assert_eq!(
            Role::parse("medical_assistant"),
            Some(Role::MedicalAssistant)
        );
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn links_last_fifteen_minutes_and_sessions_twelve_idle_hours() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        assert_eq!(
            link_expires(t, default_link_ttl()),
            t + Duration::minutes(15)
        );
        assert_eq!(
            link_expires(t, Duration::hours(2)),
            t + Duration::minutes(15)
        );
        assert_eq!(
            link_expires(t, Duration::seconds(2)),
            t + Duration::seconds(2)
        );
        assert!(session_alive(
            t,
            t + Duration::hours(12) - Duration::seconds(1)
        ));
        assert!(!session_alive(t, t + Duration::hours(12)));
        assert!(!session_needs_touch(t, t + Duration::minutes(4)));
        assert!(session_needs_touch(t, t + Duration::minutes(5)));
    }
}
