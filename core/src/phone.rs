//! Phone numbers, normalised to E.164 when stored and when searched, so
//! `+1 (111) 111-1111`, `111-111-1111` and `+11111111111` are one number
//! (seeds 002 and 004). Parsing is Google's libphonenumber rules, through
//! the `rlibphonenumber` crate, not hand-written patterns.

use std::fmt;

use rlibphonenumber::{PhoneNumberFormat, Region as Country, PHONE_NUMBER_UTIL as LIBPHONENUMBER};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("is not a phone number")]
    Unparseable,
    #[error("is not a valid phone number for its country")]
    Invalid,
    /// The code is kept for the caller; the message does not echo it.
    #[error("is not an ISO 3166 country code such as US or DE")]
    Country(String),
}

/// The longest phone number accepted as written (spaces and punctuation
/// included).
pub const MAX_INPUT_LEN: usize = 40;

/// A phone number in E.164 form (`+14155550123`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        transparent,
        extend("pattern" = "^\\+[1-9][0-9]{6,14}$", "example" = "+12125550100")
    )
)]
pub struct E164(String);

impl E164 {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A value [`normalize`] produced earlier and stored.
    pub(crate) fn stored(s: String) -> E164 {
        E164(s)
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A default region for numbers written without a country code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region(Country);

impl Region {
    pub fn parse(code: &str) -> Result<Region, PhoneError> {
        code.trim()
            .parse::<Country>()
            .ok()
            // The library names every pair of letters (and `001`, the
            // non-geographic numbers); only a country with a numbering
            // plan reads national numbers.
            .filter(|country| {
                LIBPHONENUMBER
                    .get_country_code_for_region(*country)
                    .is_some()
            })
            .map(Region)
            .ok_or_else(|| PhoneError::Country(code.to_owned()))
    }
}

impl Region {
    /// Every code [`Region::parse`] takes, upper case: the document lists
    /// them.
    #[cfg(feature = "schema")]
    pub fn codes() -> Vec<String> {
        let letters = 'A'..='Z';
        letters
            .flat_map(|a| ('A'..='Z').map(move |b| format!("{a}{b}")))
            .filter(|code| Region::parse(code).is_ok())
            .collect()
    }
}

/// Whether `input` is written with its country code (`+…` or `00…`).
pub fn written_internationally(input: &str) -> bool {
    let t = input.trim();
    t.starts_with('+') || t.starts_with("00")
}

/// A number that must carry its country code: for someone whose country
/// Frontdesk does not know (a staff user, a waiting patient's contact),
/// where reading a national number by a guessed country would reach a
/// stranger. A national number is refused as [`PhoneError::Unparseable`].
pub fn international(input: &str) -> Result<E164, PhoneError> {
    if !written_internationally(input) {
        return Err(PhoneError::Unparseable);
    }
    // The region reads national numbers only; this one is not.
    normalize(input, Region::parse("US")?)
}

/// Normalises `input`, reading a number without `+` as one of `region`.
///
/// A number written with its country code (`+…` or `00…`) keeps its digits;
/// the calling code must exist and the length fit E.164. A national number
/// is read by libphonenumber's rules for `region`; one it cannot place
/// (unassigned ranges, like the `111` numbers in the seeds' examples) is
/// still accepted when its shape is plausible, as the region's calling code
/// followed by the national digits without the trunk prefix, because a
/// directory must find what it stored.
pub fn normalize(input: &str, region: Region) -> Result<E164, PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.len() > MAX_INPUT_LEN {
        return Err(PhoneError::Unparseable);
    }
    if !trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return Err(PhoneError::Unparseable);
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let written_internationally = trimmed.starts_with('+') || digits.starts_with("00");
    if !written_internationally {
        // A national number: libphonenumber knows each country's trunk
        // prefixes and lengths. (Numbers written with their country code are
        // kept digit for digit below: reformatting gains nothing, and a
        // library has been seen to drop a digit of valid ones.)
        let number = LIBPHONENUMBER
            .parse(trimmed, Some(region.0))
            .map_err(|_| PhoneError::Unparseable)?;
        if LIBPHONENUMBER.is_valid_number(&number) {
            return Ok(E164(
                LIBPHONENUMBER
                    .format(&number, PhoneNumberFormat::E164)
                    .into_owned(),
            ));
        }
    }
    let international = if trimmed.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else {
        let code = LIBPHONENUMBER
            .get_country_code_for_region(region.0)
            .ok_or(PhoneError::Invalid)?;
        let national = if code == 1 && digits.len() == 11 {
            digits.strip_prefix('1').unwrap_or(&digits)
        } else {
            digits.strip_prefix('0').unwrap_or(&digits)
        };
        format!("{code}{national}")
    };
    // The calling code must exist and the whole number fit E.164.
    let known_code = (1..=3).any(|n| {
        international
            .get(..n)
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| {
                LIBPHONENUMBER
                    .get_regions_for_country_calling_code(c)
                    .is_some()
            })
    });
    if !known_code || !(8..=15).contains(&international.len()) {
        return Err(PhoneError::Invalid);
    }
    Ok(E164(format!("+{international}")))
}

/// `PUT /v1/management/doctors/{doctor_uid}/mobile-phone`'s body, as the
/// handler reads it with [`normalize`].
#[cfg(feature = "schema")]
pub struct MobilePhoneRequest;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for MobilePhoneRequest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DoctorMobilePhoneRequest".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "mobile_phone": {
                    "type": ["string", "null"],
                    "maxLength": MAX_INPUT_LEN,
                    "format": "phone",
                    "description": "The doctor's mobile number, digits with optional `+`, spaces, `-`, `(`, `)` and `.`; normalised to E.164, a number without a country code read as one of the organisation's `default_country`. `null` or absent removes the number.",
                    "example": "+49 151 23456789",
                },
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Region {
        Region::parse("US").unwrap()
    }

    #[test]
    fn international_numbers_only_where_no_country_is_known() {
        assert_eq!(
            international(" +49 151 23456789").unwrap().as_str(),
            "+4915123456789"
        );
        assert_eq!(
            international("0049 151 23456789").unwrap().as_str(),
            "+4915123456789"
        );
        assert_eq!(international("0151 23456789"), Err(PhoneError::Unparseable));
        assert!(international("+44 77x").is_err());
    }

    #[test]
    fn seed_formats_are_one_number() {
        for input in [
            "+1 (111) 111-1111",
            "111-111-1111",
            "+11111111111",
            "(111) 111 1111",
            "1-111-111-1111",
        ] {
            assert_eq!(
                normalize(input, us()).unwrap().as_str(),
                "+11111111111",
                "{input}"
            );
        }
    }

    #[test]
    fn international_numbers_keep_their_country() {
        let de = Region::parse("de").unwrap();
        assert_eq!(
            normalize("030 1234567", de).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            normalize("+49 30 1234567", us()).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            normalize("+44 20 7946 0958", us()).unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            normalize("00 44 20 7946 0958", de).unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(
            normalize("+49 151 23456789", us()).unwrap().as_str(),
            "+4915123456789"
        );
        assert_eq!(
            normalize("0151 23456789", de).unwrap().as_str(),
            "+4915123456789"
        );
    }

    #[test]
    fn junk_is_rejected() {
        for junk in [
            "",
            "phone",
            "12",
            "+",
            "abc-def-ghij",
            "+999 1234",
            &"9".repeat(41),
        ] {
            assert!(normalize(junk, us()).is_err(), "{junk:?}");
        }
        assert!(Region::parse("XX").is_err());
        // Names the library has that are no country's numbering plan.
        assert!(Region::parse("001").is_err());
        assert!(Region::parse("AA").is_err());
        assert!(Region::parse("").is_err());
        assert!(Region::parse("DEU").is_err());
    }

    /// Every country's example number, written nationally, comes back as the
    /// library's E.164 form: each country's patterns compile and match under
    /// regex-lite (a pattern that did not would panic inside the library).
    #[test]
    fn every_country_reads_its_own_numbers() {
        let (mut countries, mut examples) = (0, 0);
        for a in 'A'..='Z' {
            for b in 'A'..='Z' {
                let Ok(region) = Region::parse(&format!("{a}{b}")) else {
                    continue;
                };
                countries += 1;
                let Ok(example) = LIBPHONENUMBER.get_example_number(region.0) else {
                    continue;
                };
                examples += 1;
                let national = LIBPHONENUMBER.format(&example, PhoneNumberFormat::National);
                let e164 = LIBPHONENUMBER.format(&example, PhoneNumberFormat::E164);
                assert_eq!(
                    normalize(&national, region).map(|n| n.0),
                    Ok(e164.into_owned()),
                    "{a}{b} {national}"
                );
            }
        }
        assert_eq!(countries, 245);
        assert!(examples > 230, "{examples}");
    }
}
