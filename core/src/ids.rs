//! Typed identifiers.
//!
//! Every id the service mints is a prefix plus 26 characters of lowercase
//! base32 (128 bits of entropy supplied by the caller), so ids are unguessable
//! and a stray id of the wrong kind is refused at the edge. A queue uid embeds
//! its shop's id, and so does an appointment uid:
//! `GET /v1/management/waiting-room/{queue_uid}/status` names no shop, and this
//! is how the worker finds the shop's Durable Object without a second index
//! that could drift from the object's own storage.

use std::fmt;

use data_encoding::BASE32_DNSSEC;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Length of the random part of a minted id.
pub const RANDOM_LEN: usize = 26;

/// 16 bytes of caller-supplied entropy for a new id.
pub type Entropy = [u8; 16];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a valid {kind}")]
pub struct IdError {
    pub kind: &'static str,
}

fn random_part(entropy: &Entropy) -> String {
    BASE32_DNSSEC.encode(entropy)
}

fn is_random_part(s: &str) -> bool {
    s.len() == RANDOM_LEN
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
}

/// The conversions every id has: from and into `String`, and `Display`.
macro_rules! string_id_conversions {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

macro_rules! minted_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn new(entropy: &Entropy) -> Self {
                Self(format!("{}{}", $prefix, random_part(entropy)))
            }

            pub fn parse(s: &str) -> Result<Self, IdError> {
                match s.strip_prefix($prefix) {
                    Some(rest) if is_random_part(rest) => Ok(Self(s.to_owned())),
                    _ => Err(IdError { kind: $kind }),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The random part, without the prefix.
            pub fn random(&self) -> &str {
                self.0.get($prefix.len()..).unwrap_or_default()
            }
        }

        string_id_conversions!($name);
    };
}

minted_id!(
    /// An organisation (tenant).
    OrgUid, "org_", "organisation uid"
);
minted_id!(
    /// A shop: one clinic location with its own waiting room and calendar.
    ShopUid, "shop_", "shop uid"
);
minted_id!(
    /// A doctor, who belongs to exactly one shop.
    DoctorUid, "doc_", "doctor uid"
);
minted_id!(
    /// An appointment type of an organisation (duration, hold TTL, notices).
    AppointmentTypeUid, "atype_", "appointment type uid"
);
minted_id!(
    /// A staff user of an organisation: an admin, or a doctor bound to a
    /// `doctor_uid`, who signs in to the portals.
    StaffUid, "stf_", "staff uid"
);
minted_id!(
    /// An episode of care of one patient (seed 002): the visits that serve
    /// one objective.
    EpisodeUid, "ep_", "episode uid"
);
minted_id!(
    /// A visit-note template of an organisation (seed 002).
    NoteTemplateUid, "ntpl_", "note template uid"
);
minted_id!(
    /// A file attached to a visit (seed 002).
    AttachmentUid, "att_", "attachment uid"
);
minted_id!(
    /// A patient document (seed 002).
    DocumentUid, "pdoc_", "patient document uid"
);
minted_id!(
    /// An encounter report (seed 002), made in the background.
    ReportUid, "rpt_", "report uid"
);
minted_id!(
    /// A doctor's persistent video room (seed 001's `persistent_per_provider`):
    /// one per doctor, unguessable, the same for every consultation.
    VideoRoomId, "fd-room-", "video room id"
);

/// A partner: a named group of booking secrets whose customers keep their
/// patients across secret rotation (a token's `sub` is scoped by it).
/// Minted as `ptn_{random}`; `ptn_default` is every organisation's default
/// partner, which secrets created without a partner belong to, and whose
/// customers map to patients exactly as before partners existed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartnerUid(String);

impl PartnerUid {
    pub const PREFIX: &'static str = "ptn_";
    pub const DEFAULT: &'static str = "ptn_default";

    pub fn new(entropy: &Entropy) -> Self {
        Self(format!("{}{}", Self::PREFIX, random_part(entropy)))
    }

    pub fn default_partner() -> Self {
        Self(Self::DEFAULT.to_owned())
    }

    pub fn parse(s: &str) -> Result<Self, IdError> {
        match s.strip_prefix(Self::PREFIX) {
            Some(rest) if s == Self::DEFAULT || is_random_part(rest) => Ok(Self(s.to_owned())),
            _ => Err(IdError {
                kind: "partner uid",
            }),
        }
    }

    pub fn is_default(&self) -> bool {
        self.0 == Self::DEFAULT
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_id_conversions!(PartnerUid);

/// Ids of objects that live in one shop's Durable Object carry that shop's
/// random part: `{prefix}{shop random}_{own random}`.
macro_rules! shop_scoped_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn new(shop: &ShopUid, entropy: &Entropy) -> Self {
                Self(format!("{}{}_{}", $prefix, shop.random(), random_part(entropy)))
            }

            pub fn parse(s: &str) -> Result<Self, IdError> {
                let err = IdError { kind: $kind };
                let rest = s.strip_prefix($prefix).ok_or(err.clone())?;
                let (shop, own) = rest.split_once('_').ok_or(err.clone())?;
                if is_random_part(shop) && is_random_part(own) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(err)
                }
            }

            /// The shop whose Durable Object holds this object.
            pub fn shop(&self) -> ShopUid {
                let start = $prefix.len();
                let shop = self.0.get(start..start + RANDOM_LEN).unwrap_or_default();
                ShopUid(format!("{}{}", ShopUid::PREFIX, shop))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        string_id_conversions!($name);
    };
}

shop_scoped_id!(
    /// A waiting-room entry: `q_{shop random}_{entry random}`.
    QueueUid, "q_", "queue uid"
);
shop_scoped_id!(
    /// An appointment: `apt_{shop random}_{appointment random}`.
    AppointmentUid, "apt_", "appointment uid"
);

/// A patient profile as the caller names it (seed 000's `pp-xyz789`).
///
/// Until the patient directory exists this is an opaque reference chosen by
/// the integrator, so it is only checked for shape: 1 to 128 characters of
/// letters, digits and `-_.:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PatientProfileUid(String);

impl PatientProfileUid {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let ok = (1..=128).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(IdError {
                kind: "patient profile uid",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A uid core derived itself (letters, digits and `_`, under 128
    /// characters), which needs no check.
    pub(crate) fn derived(s: String) -> Self {
        Self(s)
    }
}

impl TryFrom<String> for PatientProfileUid {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        Self::parse(&s)
    }
}

impl From<PatientProfileUid> for String {
    fn from(id: PatientProfileUid) -> String {
        id.0
    }
}

/// The ids' schemas: the patterns follow the prefixes and [`RANDOM_LEN`]
/// that `parse` checks.
#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::*;
    use crate::api_doc::schema::{minted_pattern, string};

    macro_rules! id_schema {
        ($name:ident, $pattern:expr, $description:expr, $example:literal) => {
            impl JsonSchema for $name {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($name).into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    string(&$description, Some(&$pattern), $example)
                }
            }
        };
    }

    fn minted(what: &str, prefix: &str) -> String {
        format!("{what}: `{prefix}` + {RANDOM_LEN} characters of lowercase base32 (`0-9`, `a-v`).")
    }

    fn scoped(prefix: &str) -> String {
        format!("^{prefix}[0-9a-v]{{{RANDOM_LEN}}}_[0-9a-v]{{{RANDOM_LEN}}}$")
    }

    id_schema!(
        OrgUid,
        minted_pattern(OrgUid::PREFIX),
        minted("An organisation, minted by Frontdesk", OrgUid::PREFIX),
        "org_1b3d5f7h9j1l3n5p7r9t1v3a5c"
    );
    id_schema!(
        ShopUid,
        minted_pattern(ShopUid::PREFIX),
        minted("A shop, minted by Frontdesk", ShopUid::PREFIX),
        "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0"
    );
    id_schema!(
        DoctorUid,
        minted_pattern(DoctorUid::PREFIX),
        minted("A doctor, minted by Frontdesk", DoctorUid::PREFIX),
        "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d"
    );
    id_schema!(
        AppointmentTypeUid,
        minted_pattern(AppointmentTypeUid::PREFIX),
        minted(
            "An appointment type, minted by Frontdesk",
            AppointmentTypeUid::PREFIX
        ),
        "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f"
    );
    id_schema!(
        StaffUid,
        minted_pattern(StaffUid::PREFIX),
        minted("A staff user, minted by Frontdesk", StaffUid::PREFIX),
        "stf_3e5g7i9k1m3o5q7s9u1a3c5e7g"
    );
    id_schema!(
        EpisodeUid,
        minted_pattern(EpisodeUid::PREFIX),
        minted(
            "An episode of care, minted by Frontdesk",
            EpisodeUid::PREFIX
        ),
        "ep_4f6h8j0l2n4p6r8t0v2b4d6f8h"
    );
    id_schema!(
        NoteTemplateUid,
        minted_pattern(NoteTemplateUid::PREFIX),
        minted(
            "A visit-note template, minted by Frontdesk",
            NoteTemplateUid::PREFIX
        ),
        "ntpl_6h8j0l2n4p6r8t0v2b4d6f8h0k"
    );
    id_schema!(
        AttachmentUid,
        minted_pattern(AttachmentUid::PREFIX),
        minted("An attachment, minted by Frontdesk", AttachmentUid::PREFIX),
        "att_8j0l2n4p6r8t0v2b4d6f8h0k2m"
    );
    id_schema!(
        DocumentUid,
        minted_pattern(DocumentUid::PREFIX),
        minted(
            "A patient document, minted by Frontdesk",
            DocumentUid::PREFIX
        ),
        "pdoc_0l2n4p6r8t0v2b4d6f8h0k2m4o"
    );
    id_schema!(
        ReportUid,
        minted_pattern(ReportUid::PREFIX),
        minted(
            "An encounter report, minted by Frontdesk",
            ReportUid::PREFIX
        ),
        "rpt_2n4p6r8t0v2b4d6f8h0k2m4o6q"
    );
    id_schema!(
        VideoRoomId,
        minted_pattern(VideoRoomId::PREFIX),
        minted(
            "A doctor's persistent video room, the same for every consultation",
            VideoRoomId::PREFIX
        ),
        "fd-room-9f3k5m7p1r3t5v7b9d1f3h5j7l"
    );
    id_schema!(
        QueueUid,
        scoped("q_"),
        "A waiting-room entry, minted by Frontdesk: `q_{shop random part}_{entry random part}`, lowercase base32 (`0-9`, `a-v`).",
        "q_7vq2k1m9d3f8h0j4n6p5r2t1s0_0a2b4c6d8f1h3j5l7n9p1r3t5v"
    );
    id_schema!(
        AppointmentUid,
        scoped("apt_"),
        "An appointment, minted by Frontdesk: `apt_{shop random part}_{appointment random part}`, lowercase base32 (`0-9`, `a-v`).",
        "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e"
    );
    impl JsonSchema for PartnerUid {
        fn schema_name() -> Cow<'static, str> {
            "PartnerId".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            string(
                "A partner: a named group of booking secrets that outlives any one of them. A token's `sub` names a customer of the partner whose secret signed it, so two partners' customer ids never collide, and a new secret of the same partner (a rotation) keeps every customer's patient. `ptn_default` is the organisation's default partner: every secret created without `partner_id` (and every secret from before partners existed) belongs to it, and its customers keep the patients they always had.",
                Some(&format!(
                    "^{}(default|[0-9a-v]{{{RANDOM_LEN}}})$",
                    PartnerUid::PREFIX
                )),
                "ptn_8c0e2g4i6k8m0o2q4s6u8a0c2e",
            )
        }
    }
    id_schema!(
        PatientProfileUid,
        "^[A-Za-z0-9._:-]{1,128}$",
        "Patient profile UID. An opaque reference chosen by the integrator: 1 to 128 letters, digits and `-_.:`.",
        "pp-xyz789"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minted_ids_round_trip_and_reject_other_kinds() {
        let shop = ShopUid::new(&[7; 16]);
        assert_eq!(shop.as_str().len(), 5 + RANDOM_LEN);
        assert_eq!(ShopUid::parse(shop.as_str()).unwrap(), shop);
        assert!(DoctorUid::parse(shop.as_str()).is_err());
        assert!(ShopUid::parse("shop_abc").is_err());
        assert!(ShopUid::parse(&shop.as_str().to_uppercase()).is_err());
    }

    #[test]
    fn queue_uid_names_its_shop() {
        let shop = ShopUid::new(&[1; 16]);
        let q = QueueUid::new(&shop, &[2; 16]);
        assert_eq!(QueueUid::parse(q.as_str()).unwrap().shop(), shop);
        assert!(QueueUid::parse("q-abc123").is_err());
        assert!(QueueUid::parse(&format!("{}x", q.as_str())).is_err());
    }

    #[test]
    fn appointment_uid_names_its_shop() {
        let shop = ShopUid::new(&[1; 16]);
        let a = AppointmentUid::new(&shop, &[2; 16]);
        assert_eq!(AppointmentUid::parse(a.as_str()).unwrap().shop(), shop);
        assert!(QueueUid::parse(a.as_str()).is_err());
    }

    #[test]
    fn partner_uids_are_minted_or_the_default() {
        let partner = PartnerUid::new(&[3; 16]);
        assert_eq!(PartnerUid::parse(partner.as_str()).unwrap(), partner);
        assert!(!partner.is_default());
        assert!(PartnerUid::parse("ptn_default").unwrap().is_default());
        assert!(PartnerUid::parse("ptn_other").is_err());
        assert!(PartnerUid::parse("default").is_err());
    }

    #[test]
    fn patient_profile_uid_shape() {
        assert!(PatientProfileUid::parse("pp-xyz789").is_ok());
        assert!(PatientProfileUid::parse("").is_err());
        assert!(PatientProfileUid::parse("pp xyz").is_err());
        assert!(PatientProfileUid::parse(&"a".repeat(129)).is_err());
    }
}
