//! Scopes and API keys.
//!
//! A key looks like `fdk_<26 chars>_<52 chars>`: the recognisable prefix lets
//! secret scanners and people spot a leaked key; the first part is the key's
//! public id, used to find its row; the second is the secret. Only a SHA-256
//! of the secret is stored. The secret carries 256 bits of entropy, so a
//! plain hash (not a slow password hash) is the right tool, and the stored
//! hash is compared in constant time so timing reveals nothing about it.

use std::fmt;

use data_encoding::{BASE32_DNSSEC, HEXLOWER};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use thiserror::Error;

/// What a key may do. Each route needs exactly one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Scope {
    /// Read waiting-room entries (seed 000).
    WaitingRoomRead,
    /// Register, cancel, allocate and complete waiting-room entries (seed 000).
    WaitingRoomWrite,
    /// Search slots, read appointments, availability and appointment types.
    AppointmentsRead,
    /// Hold, book, confirm, cancel, rebook, check in and complete appointments.
    AppointmentsWrite,
    /// Edit a doctor's own availability; only with a key bound to that doctor.
    AvailabilityWrite,
    /// Read patient records, search by phone, see past visits (audited).
    PatientsRead,
    /// Create and update patient records (audited).
    PatientsWrite,
    /// Read clinical records: episodes of care (seed 002), audited.
    RecordsRead,
    /// Create and change clinical records: episodes of care and their
    /// appointments, audited.
    RecordsWrite,
    /// Manage the organisation: API keys, shops, doctors, appointment types.
    Admin,
}

impl Scope {
    pub const ALL: [Scope; 10] = [
        Scope::WaitingRoomRead,
        Scope::WaitingRoomWrite,
        Scope::AppointmentsRead,
        Scope::AppointmentsWrite,
        Scope::AvailabilityWrite,
        Scope::PatientsRead,
        Scope::PatientsWrite,
        Scope::RecordsRead,
        Scope::RecordsWrite,
        Scope::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::WaitingRoomRead => "waiting_room:read",
            Scope::WaitingRoomWrite => "waiting_room:write",
            Scope::AppointmentsRead => "appointments:read",
            Scope::AppointmentsWrite => "appointments:write",
            Scope::AvailabilityWrite => "availability:write",
            Scope::PatientsRead => "patients:read",
            Scope::PatientsWrite => "patients:write",
            Scope::RecordsRead => "records:read",
            Scope::RecordsWrite => "records:write",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == s)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Scope {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Scope::parse(&s).ok_or_else(|| format!("unknown scope `{s}`"))
    }
}

impl From<Scope> for String {
    fn from(s: Scope) -> String {
        s.as_str().to_owned()
    }
}

/// Encodes a set of scopes for storage: space-separated, sorted, unique.
pub fn encode_scopes(scopes: &[Scope]) -> String {
    let mut v = scopes.to_vec();
    v.sort();
    v.dedup();
    v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")
}

/// Decodes what [`encode_scopes`] stored; unknown words are dropped, so a
/// scope retired in a later version simply stops granting anything.
pub fn decode_scopes(s: &str) -> Vec<Scope> {
    s.split_whitespace().filter_map(Scope::parse).collect()
}

pub const KEY_PREFIX: &str = "fdk_";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("the API key is malformed")]
    Malformed,
}

/// A freshly minted key: the full value is shown to its owner once.
#[derive(Debug, Clone)]
pub struct MintedKey {
    pub key_id: String,
    pub secret_hash: String,
    pub full_key: String,
}

/// Mints a key from caller-supplied entropy.
pub fn mint_key(id_entropy: &[u8; 16], secret_entropy: &[u8; 32]) -> MintedKey {
    let id = BASE32_DNSSEC.encode(id_entropy);
    let secret = BASE32_DNSSEC.encode(secret_entropy);
    MintedKey {
        key_id: format!("key_{id}"),
        secret_hash: hash_secret(&secret),
        full_key: format!("{KEY_PREFIX}{id}_{secret}"),
    }
}

/// A key as presented in `X-API-Key`, split into its id and secret.
#[derive(Clone, PartialEq, Eq)]
pub struct PresentedKey {
    pub key_id: String,
    secret: String,
}

// The secret must never reach a log line through `{:?}`.
impl fmt::Debug for PresentedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PresentedKey")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

impl PresentedKey {
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let rest = s.strip_prefix(KEY_PREFIX).ok_or(KeyError::Malformed)?;
        let (id, secret) = rest.split_once('_').ok_or(KeyError::Malformed)?;
        let well_formed = |part: &str, len: usize| {
            part.len() == len
                && part
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
        };
        if well_formed(id, 26) && well_formed(secret, 52) {
            Ok(Self {
                key_id: format!("key_{id}"),
                secret: secret.to_owned(),
            })
        } else {
            Err(KeyError::Malformed)
        }
    }

    /// Whether this key's secret hashes to `stored_hash`, compared in
    /// constant time.
    pub fn matches(&self, stored_hash: &str) -> bool {
        let Ok(stored) = HEXLOWER.decode(stored_hash.as_bytes()) else {
            return false;
        };
        let presented = Sha256::digest(self.secret.as_bytes());
        presented.as_slice().ct_eq(&stored).into()
    }
}

fn hash_secret(secret: &str) -> String {
    HEXLOWER.encode(&Sha256::digest(secret.as_bytes()))
}

/// Checks an operator token (a Worker secret) in constant time.
pub fn operator_token_matches(presented: &str, configured: &str) -> bool {
    // Hash both first so the comparison does not leak the configured length.
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(configured.as_bytes());
    !configured.is_empty() && bool::from(a.as_slice().ct_eq(b.as_slice()))
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Scope {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scope".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": Scope::ALL.map(Scope::as_str),
            "description": r#"What an API key may do; each route needs one (creating a patient with an appointment needs `patients:write` and `appointments:write`).

| scope | grants |
|---|---|
| `waiting_room:read` | queue status and watch links |
| `waiting_room:write` | register, cancel, allocate, complete, presence |
| `appointments:read` | appointment types, doctors' availability, slot search, the appointment overview and appointment details |
| `appointments:write` | hold, book, confirm, cancel, rebook, check in, complete and mark appointments as no-show; book for a patient of the directory |
| `availability:write` | change a doctor's availability, only with a key bound to that doctor (`doctor_uid`); set a doctor's mobile phone, with the doctor's own key or an `admin` key |
| `patients:read` | read patient records, search them by mobile number, MRN or external identifier, and list a patient's past completed appointments (every read is audited) |
| `patients:write` | create, replace and update patient records (audited); with `appointments:write`, create a patient together with an appointment |
| `records:read` | read clinical records: a patient's episodes of care and an episode's appointments (every read is audited) |
| `records:write` | create and update episodes of care, and assign appointments to them (audited) |
| `admin` | API keys, shops, doctors, creating appointment types, booking secrets, the audit log, webhook subscriptions with their delivery log, and the reminder messages |"#,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_key_verifies_and_a_changed_secret_does_not() {
        let key = mint_key(&[3; 16], &[9; 32]);
        assert!(key.full_key.starts_with("fdk_"));
        let presented = PresentedKey::parse(&key.full_key).unwrap();
        assert_eq!(presented.key_id, key.key_id);
        assert!(presented.matches(&key.secret_hash));

        let other = mint_key(&[3; 16], &[8; 32]);
        let forged = PresentedKey::parse(&other.full_key).unwrap();
        assert_eq!(forged.key_id, key.key_id);
        assert!(!forged.matches(&key.secret_hash));
    }

    #[test]
    fn malformed_keys_are_refused() {
        for bad in ["", "fdk_", "sk_live_abc", "fdk_abc_def"] {
            assert_eq!(PresentedKey::parse(bad), Err(KeyError::Malformed), "{bad}");
        }
        let key = mint_key(&[1; 16], &[2; 32]).full_key;
        assert!(PresentedKey::parse(&key[..key.len() - 1]).is_err());
        assert!(!format!("{:?}", PresentedKey::parse(&key).unwrap()).contains(&key[31..]));
    }

    #[test]
    fn scopes_encode_sorted_and_unique() {
        let s = encode_scopes(&[Scope::Admin, Scope::WaitingRoomRead, Scope::Admin]);
        assert_eq!(s, "waiting_room:read admin");
        assert_eq!(
            decode_scopes(&s),
            vec![Scope::WaitingRoomRead, Scope::Admin]
        );
        assert_eq!(decode_scopes("retired:scope admin"), vec![Scope::Admin]);
    }

    #[test]
    fn operator_token_needs_a_configured_value() {
        assert!(operator_token_matches("t0ken", "t0ken"));
        assert!(!operator_token_matches("t0ken", "t0ke"));
        assert!(!operator_token_matches("", ""));
    }
}
