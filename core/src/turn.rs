//! "Tell me when it's my turn": a waiting patient leaves a phone number
//! or an email address, and is sent one message when they become next in
//! line and one when a doctor takes them.
//!
//! The shop keeps the contact on the queue entry and forgets it when the
//! entry ends; which message is due is decided here, from the entry's
//! status, its position and what it was already sent, so "once per event"
//! is a property of a pure function the tests can drive.
//!
//! Also here: [`Language`], the languages the patient-facing pages and
//! these messages speak, parsed from codes (`de`, `es-MX`) or the names
//! seed 002's `preferredLanguage` stores (`"German"`, `"Español"`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::phone;
use crate::queue::QueueStatus;
use crate::staff::Email;

/// Where a patient asked to be told: by SMS or by email. Stored and sent
/// between the worker and the shop as its address alone (a phone in E.164
/// starts with `+`, an email has an `@`), read back through
/// [`TurnContact::parse`]: a tagged enum's serde code weighs on the
/// Worker's size (README, "Worker size").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum TurnContact {
    Sms(phone::E164),
    Email(Email),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TurnContactError {
    #[error("must be a phone number written with its country code (+…) or an email address")]
    Unrecognised,
    #[error("is not a phone number that can receive SMS")]
    BadPhone,
    #[error("is not a valid email address")]
    BadEmail,
}

impl From<TurnContact> for String {
    fn from(c: TurnContact) -> String {
        c.address().to_owned()
    }
}

impl TryFrom<String> for TurnContact {
    type Error = TurnContactError;
    fn try_from(s: String) -> Result<Self, TurnContactError> {
        TurnContact::parse(&s)
    }
}

impl TurnContact {
    /// Longest contact accepted, before any parsing.
    pub const MAX: usize = 254;

    /// A phone number must carry its country code: the wait page does not
    /// know the patient's country, and guessing one would text a stranger.
    pub fn parse(input: &str) -> Result<TurnContact, TurnContactError> {
        let s = input.trim();
        if s.is_empty() || s.chars().count() > Self::MAX {
            return Err(TurnContactError::Unrecognised);
        }
        if s.contains('@') {
            return Email::parse(s)
                .map(TurnContact::Email)
                .ok_or(TurnContactError::BadEmail);
        }
        if phone::written_internationally(s) {
            return phone::international(s)
                .map(TurnContact::Sms)
                .map_err(|_| TurnContactError::BadPhone);
        }
        Err(TurnContactError::Unrecognised)
    }

    /// `sms` or `email`, as the message log names channels.
    pub fn channel(&self) -> &'static str {
        match self {
            TurnContact::Sms(_) => "sms",
            TurnContact::Email(_) => "email",
        }
    }

    pub fn address(&self) -> &str {
        match self {
            TurnContact::Sms(p) => p.as_str(),
            TurnContact::Email(e) => e.as_str(),
        }
    }

    /// What the message log keeps once a message has gone: enough for staff
    /// to tell two contacts apart, not enough to reach the patient.
    pub fn masked(&self) -> String {
        mask(self.address())
    }
}

/// `+4477•••••123`, `j•••@example.org`.
pub fn mask(address: &str) -> String {
    if let Some((local, domain)) = address.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}•••@{domain}");
    }
    let chars: Vec<char> = address.chars().collect();
    let keep_head = chars.len().min(5);
    let keep_tail = chars.len().saturating_sub(keep_head).min(3);
    let hidden = chars.len().saturating_sub(keep_head + keep_tail);
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[chars.len() - keep_tail..].iter().collect();
    format!("{head}{}{tail}", "•".repeat(hidden))
}

/// The two moments a patient is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnEvent {
    /// They are first among the waiting patients.
    NextInLine,
    /// A doctor has taken them: the call is ready.
    DoctorReady,
}

impl TurnEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            TurnEvent::NextInLine => "next_in_line",
            TurnEvent::DoctorReady => "doctor_ready",
        }
    }

    /// The message's subject and text. No link: whoever reads the phone's
    /// lock screen must not get into the call; the wait page has the button.
    pub fn message(self, language: Language) -> (&'static str, &'static str) {
        use Language::*;
        use TurnEvent::*;
        match (self, language) {
            (NextInLine, En) => (
                "You are next in line",
                "You are next in line. Please have your wait page open: the video call starts there.",
            ),
            (NextInLine, De) => (
                "Sie sind als Nächstes dran",
                "Sie sind als Nächstes dran. Bitte halten Sie Ihre Warteseite geöffnet: dort beginnt der Videoanruf.",
            ),
            (NextInLine, Es) => (
                "Es su turno a continuación",
                "Es el siguiente en la fila. Tenga abierta su página de espera: la videollamada empieza allí.",
            ),
            (DoctorReady, En) => (
                "Your doctor is ready",
                "Your doctor is ready. Go to your wait page and press Join to start the video call.",
            ),
            (DoctorReady, De) => (
                "Ihre Ärztin oder Ihr Arzt ist bereit",
                "Ihre Ärztin oder Ihr Arzt ist bereit. Öffnen Sie Ihre Warteseite und tippen Sie auf Beitreten.",
            ),
            (DoctorReady, Es) => (
                "Su médico está listo",
                "Su médico está listo. Vuelva a su página de espera y pulse Unirse para empezar la videollamada.",
            ),
        }
    }
}

/// What an entry with a contact has been sent so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Told {
    pub next_in_line: bool,
    pub doctor_ready: bool,
}

/// The message an entry is owed now, if any. A patient taken straight
/// from second place is told only that the doctor is ready: "you are
/// next" would arrive after it and read as a step back.
pub fn due(status: QueueStatus, position: Option<u32>, told: Told) -> Option<TurnEvent> {
    match status {
        QueueStatus::Waiting if position == Some(1) && !told.next_in_line => {
            Some(TurnEvent::NextInLine)
        }
        QueueStatus::Allocated if !told.doctor_ready => Some(TurnEvent::DoctorReady),
        _ => None,
    }
}

/// A language the patient pages and messages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Language {
    #[default]
    En,
    De,
    Es,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::De, Language::Es];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Es => "es",
        }
    }

    /// A BCP 47 tag (`de`, `es-MX`, `en_GB`) or a language's name in
    /// English or in itself, any ASCII case. `None` for a language the
    /// pages do not speak, which then fall back to the browser's.
    pub fn parse(input: &str) -> Option<Language> {
        let s = input.trim();
        if s.is_empty() || s.len() > 64 {
            return None;
        }
        let lower = s.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or_default();
        let by_code = match primary {
            "en" | "eng" => Some(Language::En),
            "de" | "deu" | "ger" => Some(Language::De),
            "es" | "spa" => Some(Language::Es),
            _ => None,
        };
        by_code.or(match lower.as_str() {
            "english" => Some(Language::En),
            "german" | "deutsch" => Some(Language::De),
            "spanish" | "español" | "espanol" | "castellano" => Some(Language::Es),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn contacts_are_phones_with_country_codes_or_emails() {
        let sms = TurnContact::parse(" +44 7700 900123 ").unwrap();
        assert_eq!(sms.channel(), "sms");
        assert_eq!(sms.address(), "+447700900123");
        let email = TurnContact::parse("Ana@Example.org").unwrap();
        assert_eq!(email.channel(), "email");
        assert_eq!(email.address(), "ana@example.org");
        assert_eq!(
            TurnContact::parse("07700 900123"),
            Err(TurnContactError::Unrecognised)
        );
        assert_eq!(
            TurnContact::parse("+44 77x"),
            Err(TurnContactError::BadPhone)
        );
        assert_eq!(TurnContact::parse("a@b"), Err(TurnContactError::BadEmail));
        assert_eq!(TurnContact::parse(""), Err(TurnContactError::Unrecognised));
    }

    #[test]
    fn contacts_travel_as_their_address() {
        for input in ["+447700900123", "ana@example.org"] {
            let c = TurnContact::parse(input).unwrap();
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{input}\""));
            assert_eq!(serde_json::from_str::<TurnContact>(&json).unwrap(), c);
        }
        assert!(serde_json::from_str::<TurnContact>("\"07700\"").is_err());
    }

    #[test]
    fn masks_keep_little() {
        assert_eq!(mask("+447700900123"), "+4477•••••123");
        assert_eq!(mask("ana@example.org"), "a•••@example.org");
        assert_eq!(mask("+1"), "+1");
    }

    #[test]
    fn each_event_is_due_once() {
        use QueueStatus::*;
        let none = Told::default();
        assert_eq!(due(Waiting, Some(2), none), None);
        assert_eq!(due(Waiting, Some(1), none), Some(TurnEvent::NextInLine));
        let told_next = Told {
            next_in_line: true,
            ..none
        };
        assert_eq!(due(Waiting, Some(1), told_next), None);
        assert_eq!(
            due(Allocated, None, told_next),
            Some(TurnEvent::DoctorReady)
        );
        // Straight from second place: only the doctor's readiness.
        assert_eq!(due(Allocated, None, none), Some(TurnEvent::DoctorReady));
        let both = Told {
            next_in_line: true,
            doctor_ready: true,
        };
        assert_eq!(due(Allocated, None, both), None);
        assert_eq!(due(Completed, None, none), None);
        assert_eq!(due(Cancelled, None, none), None);
    }

    #[test]
    fn languages_by_code_or_name() {
        for (input, lang) in [
            ("English", Language::En),
            ("en-GB", Language::En),
            ("German", Language::De),
            ("Deutsch", Language::De),
            ("de_AT", Language::De),
            ("Spanish", Language::Es),
            ("Español", Language::Es),
            ("es-MX", Language::Es),
        ] {
            assert_eq!(Language::parse(input), Some(lang), "{input}");
        }
        assert_eq!(Language::parse("French"), None);
        assert_eq!(Language::parse(""), None);
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Some(lang));
            let (subject, body) = TurnEvent::DoctorReady.message(lang);
            assert!(!subject.is_empty() && !body.contains("http"));
        }
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,300}") {
            let _ = TurnContact::parse(&s);
            let _ = Language::parse(&s);
            let _ = mask(&s);
        }
    }
}
