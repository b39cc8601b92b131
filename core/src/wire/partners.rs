//! Partners and their booking secrets: `POST /v1/management/partners` and
//! `POST /v1/management/booking-secrets`.

use super::{Body, WireError};
use crate::ids::PartnerUid;

/// `POST /v1/management/partners`: a partner is named when created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatePartner {
    pub name: String,
}

impl CreatePartner {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            name: body.text("name", super::NAME_MAX)?,
        })
    }
}

/// `POST /v1/management/booking-secrets`: an optional label, and the
/// partner the secret signs for. Without one, the organisation's default
/// partner; naming the partner of an older secret is a rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBookingSecret {
    pub name: String,
    pub partner: PartnerUid,
}

impl CreateBookingSecret {
    pub fn parse(body: &Body) -> Result<Self, WireError> {
        Ok(Self {
            name: body
                .opt_text("name", super::NAME_MAX)?
                .unwrap_or_else(|| "Booking secret".to_owned()),
            partner: body
                .opt_id("partner_id", PartnerUid::parse)?
                .unwrap_or_else(PartnerUid::default_partner),
        })
    }
}

/// What the document says of the two bodies.
#[cfg(feature = "schema")]
mod schema {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator};

    use super::*;
    use crate::api_doc::schema::{opt_text, text, Object};
    use crate::wire::NAME_MAX;

    impl JsonSchema for CreatePartner {
        fn schema_name() -> Cow<'static, str> {
            "CreatePartnerRequest".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            let mut name = text(NAME_MAX, "Who the partner is, e.g. the storefront. Trimmed; 1 to 200 characters, no control characters.");
            name["example"] = "Acme storefront".into();
            Object::new().required("name", name).build()
        }
    }

    impl JsonSchema for CreateBookingSecret {
        fn schema_name() -> Cow<'static, str> {
            "CreateBookingSecretRequest".into()
        }
        fn json_schema(g: &mut SchemaGenerator) -> Schema {
            let mut name = opt_text(NAME_MAX, "A label, e.g. which minter uses it. Trimmed; at most 200 characters, no control characters. Absent, `null` or blank: `Booking secret`.");
            name["default"] = "Booking secret".into();
            name["example"] = "Shopify storefront".into();
            Object::new()
                .optional("name", name)
                .opt_field::<PartnerUid>(g, "partner_id", "The partner the secret signs for (`POST /v1/management/partners` makes one). To rotate, name the partner of the secret being replaced. Absent or `null`: the organisation's default partner, `ptn_default`. An unknown partner is 404 with `field` `partner_id`.")
                .build()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(json: &str) -> Body {
        Body::parse(json.as_bytes()).unwrap()
    }

    #[test]
    fn a_secret_without_a_partner_is_the_default_partners() {
        let s = CreateBookingSecret::parse(&body("{}")).unwrap();
        assert_eq!(s.name, "Booking secret");
        assert!(s.partner.is_default());
        let named = PartnerUid::new(&[9; 16]);
        let s = CreateBookingSecret::parse(&body(&format!(
            r#"{{"name": "storefront", "partner_id": "{named}"}}"#
        )))
        .unwrap();
        assert_eq!((s.name.as_str(), s.partner), ("storefront", named));
        let bad = CreateBookingSecret::parse(&body(r#"{"partner_id": "acme"}"#)).unwrap_err();
        assert_eq!(bad.field(), Some("partner_id"));
        let bad = CreateBookingSecret::parse(&body(r#"{"partner_id": 7}"#)).unwrap_err();
        assert_eq!(bad.field(), Some("partner_id"));
    }

    #[test]
    fn a_partner_needs_a_name() {
        assert_eq!(
            CreatePartner::parse(&body(r#"{"name": " Acme shop "}"#))
                .unwrap()
                .name,
            "Acme shop"
        );
        for bad in ["{}", r#"{"name": ""}"#, r#"{"name": 3}"#] {
            assert_eq!(
                CreatePartner::parse(&body(bad)).unwrap_err().field(),
                Some("name"),
                "{bad}"
            );
        }
    }
}
