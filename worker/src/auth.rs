//! Who is calling: an API key (`X-API-Key`), the operator token, or nobody.
//! Scope checks happen here, before any handler runs, driven by the route
//! table in `frontdesk_core::routes`.

use frontdesk_core::auth::{operator_token_matches, PresentedKey, Scope};
use frontdesk_core::ids::{DoctorUid, OrgUid};
use worker::Request;

use crate::config::Config;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::repo::{self, Db};

/// An authenticated API-key holder.
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

impl Caller {
    /// A key bound to a doctor acts for that doctor only (403 otherwise);
    /// an unbound key may act for any doctor of its organisation.
    pub fn may_act_for(&self, doctor: &DoctorUid) -> ApiResult<()> {
        match &self.doctor {
            Some(own) if own != doctor => Err(ApiError::Forbidden {
                code: ErrorCode::NotThisDoctor,
                message: "this key is bound to another doctor",
            }),
            _ => Ok(()),
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
