//! Who is calling: an API key (`X-API-Key`), a partner-minted booking
//! token (`Authorization: Bearer`), the operator token, or nobody.
//! Scope checks happen here, before any handler runs, driven by the route
//! table in `frontdesk_core::routes`.

use frontdesk_core::auth::{operator_token_matches, PresentedKey, Scope};
use frontdesk_core::booking_token::{self, patient_for, shop_restriction, Claims};
use frontdesk_core::ids::{DoctorUid, OrgUid, PartnerUid, PatientProfileUid, ShopUid};
use worker::Request;

use crate::config::Config;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::repo::{self, Db};
use crate::service;

/// An authenticated API-key holder.
#[derive(Clone)]
pub struct Caller {
    pub org: OrgUid,
    pub key_id: String,
    /// Set for keys bound to one doctor.
    pub doctor: Option<DoctorUid>,
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// For the rare route that needs a second scope besides its own.
    pub fn require(&self, scope: Scope) -> ApiResult<()> {
        if grants(&self.scopes, scope) {
            Ok(())
        } else {
            Err(ApiError::MissingScope(scope))
        }
    }
}

/// Whether a key with `scopes` may use a route needing `scope`. `admin`
/// is every scope: an administrator may do whatever a narrower key may
/// (set a doctor's mobile number, read the waiting room).
fn grants(scopes: &[Scope], scope: Scope) -> bool {
    scopes.contains(&scope) || scopes.contains(&Scope::Admin)
}

/// Authenticates `X-API-Key` and checks that it carries `scope`.
pub async fn api_key(req: &Request, db: &Db, scope: Scope) -> ApiResult<Caller> {
    let unauthorized = || ApiError::Unauthorized("a valid `X-API-Key` header is required");
    let header = req.headers().get("X-API-Key")?.ok_or_else(unauthorized)?;
    let presented = PresentedKey::parse(header.trim()).map_err(|_| unauthorized())?;
    let row = repo::api_keys::credential(db, &presented.key_id)
        .await?
        .ok_or_else(unauthorized)?;
    if !presented.matches(&row.secret_hash) || row.revoked_at.is_some() {
        return Err(unauthorized());
    }
    if !grants(&row.scopes, scope) {
        return Err(ApiError::MissingScope(scope));
    }
    Ok(Caller {
        org: row.org_uid,
        key_id: presented.key_id,
        doctor: row.doctor_uid,
        scopes: row.scopes,
    })
}

/// Checks `Authorization: Bearer <OPERATOR_TOKEN>`.
pub fn operator(req: &Request, config: &Config) -> ApiResult<()> {
    let configured = &config.operator_token;
    let presented = req.headers().get("Authorization")?.unwrap_or_default();
    let token = presented.strip_prefix("Bearer ").unwrap_or("");
    if operator_token_matches(token.trim(), configured) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized("the operator token is required"))
    }
}

/// A verified booking token's holder.
pub struct Patient {
    pub org: OrgUid,
    /// The partner whose secret signed the token: the `sub` is one of its
    /// customers (and rate limits count per partner).
    pub partner: PartnerUid,
    /// Whose appointments these are: the token's own patient, or the
    /// record it was linked to at its first booking.
    pub patient: PatientProfileUid,
    /// The patient uid the token's `sub` names (see `patient_for`).
    pub token_patient: PatientProfileUid,
    /// The only shop the token may book in, if it names one.
    pub shop: Option<ShopUid>,
    pub claims: Claims,
    /// For the appointment history: which partner key acted.
    pub actor: String,
}

/// Every refused token gets this same answer, whatever failed, so the API
/// tells nobody which check a forged or guessed token got past. Partners
/// find the reason by minting with `make mint-js`'s package (or checking
/// with `frontdesk_core::booking_token`), which names it.
fn refuse() -> ApiError {
    ApiError::Unauthorized("the booking token is not valid")
}

/// Verifies `Authorization: Bearer <booking token>`. The secret is looked up
/// on every request, so a revocation takes effect on the very next call.
pub async fn booking_token(req: &Request, cx: &Ctx) -> ApiResult<Patient> {
    let Ctx { env, db, .. } = cx;
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .ok_or(ApiError::Unauthorized(
            "a booking token is required as `Authorization: Bearer <token>`",
        ))?
        .trim();
    let unverified = booking_token::parse(token).map_err(|_| refuse())?;
    let secret = service::partners::active(env, db, unverified.kid())
        .await?
        .ok_or_else(refuse)?;
    let claims = unverified
        .verify(&secret.value, cx.now)
        .map_err(|_| refuse())?;
    service::partners::mark_used(db, unverified.kid(), secret.last_used_at.as_deref(), cx.now)
        .await?;
    let shop = match shop_restriction(&claims) {
        None => None,
        Some(Ok(shop)) => Some(shop),
        Some(Err(())) => return Err(refuse()),
    };
    let token_patient = patient_for(secret.org.as_str(), &secret.partner, &claims.sub);
    let patient = crate::service::patients::linked_patient(db, &secret.org, &token_patient)
        .await?
        .unwrap_or_else(|| token_patient.clone());
    Ok(Patient {
        patient,
        token_patient,
        actor: format!("partner:{}", unverified.kid()),
        org: secret.org,
        partner: secret.partner,
        shop,
        claims,
    })
}
