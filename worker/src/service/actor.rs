//! Who acts. A route's access proves a principal (an API key, a booking
//! token); the services see it as an [`Actor`], and every rule that depends
//! on who acts is a method here, not a flag passed down.

use frontdesk_core::auth::Scope;
use frontdesk_core::ids::{DoctorUid, OrgUid, ShopUid};

use crate::auth::{Caller, Patient};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::shop::Party;

pub enum Actor {
    /// A clinic's API key bound to no doctor: an administrator's or an
    /// integration's.
    Staff(Caller),
    /// A clinic's API key bound to one doctor, who acts for themself only.
    Doctor(Caller, DoctorUid),
    /// A booking token's holder: one patient of a partner's storefront.
    Patient(Patient),
    /// Frontdesk itself (the cron), for one organisation.
    System(OrgUid),
}

impl From<Caller> for Actor {
    fn from(caller: Caller) -> Self {
        match caller.doctor.clone() {
            Some(doctor) => Actor::Doctor(caller, doctor),
            None => Actor::Staff(caller),
        }
    }
}

impl Actor {
    pub fn org(&self) -> &OrgUid {
        match self {
            Actor::Staff(c) | Actor::Doctor(c, _) => &c.org,
            Actor::Patient(p) => &p.org,
            Actor::System(org) => org,
        }
    }

    /// How the actor is named in appointment histories and the audit log:
    /// an API key's id, `partner:{kid}` for a booking token, or `system`.
    pub fn label(&self) -> String {
        match self {
            Actor::Staff(c) | Actor::Doctor(c, _) => c.key_id.clone(),
            Actor::Patient(p) => p.actor.clone(),
            Actor::System(_) => "system".to_owned(),
        }
    }

    /// On whose behalf an appointment is seen or changed: a patient only
    /// ever their own, with the type's notice rules.
    pub fn party(&self) -> Party {
        match self {
            Actor::Patient(p) => Party::Patient(p.patient.clone()),
            Actor::Staff(_) | Actor::Doctor(..) | Actor::System(_) => Party::Clinic,
        }
    }

    /// For the rare operation that needs a second scope besides its
    /// route's. Only API keys carry scopes.
    pub fn require(&self, scope: Scope) -> ApiResult<()> {
        match self {
            Actor::Staff(c) | Actor::Doctor(c, _) => c.require(scope),
            Actor::Patient(_) | Actor::System(_) => Err(ApiError::MissingScope(scope)),
        }
    }

    /// A doctor's key acts for that doctor only (403 otherwise); staff may
    /// act for any doctor of the organisation.
    pub fn may_act_for(&self, doctor: &DoctorUid) -> ApiResult<()> {
        match self {
            Actor::Doctor(_, own) if own != doctor => Err(ApiError::Forbidden {
                code: ErrorCode::NotThisDoctor,
                message: "this key is bound to another doctor",
            }),
            Actor::Patient(_) => Err(ApiError::Forbidden {
                code: ErrorCode::NotThisDoctor,
                message: "a patient cannot act for a doctor",
            }),
            _ => Ok(()),
        }
    }

    /// Doctors manage their own windows (seed 001): only the doctor's own
    /// key may change them.
    pub fn is_doctor(&self, doctor: &DoctorUid) -> ApiResult<()> {
        match self {
            Actor::Doctor(_, own) if own == doctor => Ok(()),
            _ => Err(ApiError::Forbidden {
                code: ErrorCode::NotThisDoctor,
                message: "only the doctor's own key can change their availability",
            }),
        }
    }

    /// A token restricted to one shop sees no other; the clinic sees all
    /// of its own.
    pub fn sees_shop(&self, shop: &ShopUid, field: Option<&'static str>) -> ApiResult<()> {
        match self {
            Actor::Patient(p) if p.shop.as_ref().is_some_and(|only| only != shop) => {
                Err(ApiError::NotFound {
                    what: if field.is_some() {
                        "shop"
                    } else {
                        "appointment"
                    },
                    field,
                })
            }
            _ => Ok(()),
        }
    }
}
