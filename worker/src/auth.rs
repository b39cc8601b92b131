//! Who is calling: an API key (`X-API-Key`) or a staff user's session
//! (the `fd_session` cookie), a partner-minted booking token
//! (`Authorization: Bearer`), the operator token, or nobody.
//! Scope checks happen here, before any handler runs, driven by the route
//! table in `frontdesk_core::routes`.

use frontdesk_core::auth::{operator_token_matches, PresentedKey, Scope};
use frontdesk_core::booking_token::{self, shop_restriction, Claims};
use frontdesk_core::ids::{DoctorUid, OrgUid, PartnerUid, PatientProfileUid, ShopUid};
use frontdesk_core::staff::{Credential, CredentialKind, SESSION_IDLE_HOURS};
use worker::Request;

use crate::config::Config;
use crate::context::Ctx;
use crate::directory;
use crate::error::{ApiError, ApiResult};
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

/// The header on a request the main Worker forwards to the vendor Worker,
/// naming the key it authenticated (see [`Caller::forwarded`]). The vendor
/// Worker has no route of its own, so only the main Worker reaches it, and
/// the main Worker never passes a client's value of this header on.
pub const FORWARDED_CALLER: &str = "X-Frontdesk-Caller";
/// The method of a `GET` with a body (seed 002 sends them), which the
/// forward to the vendor Worker carries as a `POST`: a fetch `Request`
/// cannot be a `GET` with a body. Set only by the main Worker.
pub const FORWARDED_METHOD: &str = "X-Frontdesk-Method";

impl Caller {
    /// This caller as [`FORWARDED_CALLER`]'s value: organisation, key id,
    /// doctor (or `-`) and scopes, space-separated.
    pub fn forwarded(&self) -> String {
        let doctor = self.doctor.as_ref().map_or("-", |d| d.as_str());
        let scopes: Vec<&str> = self.scopes.iter().map(|s| s.as_str()).collect();
        format!("{} {} {doctor} {}", self.org, self.key_id, scopes.join(","))
    }

    /// Reads [`Caller::forwarded`]'s text back.
    pub fn from_forwarded(text: &str) -> Option<Caller> {
        let mut parts = text.split(' ');
        let org = OrgUid::parse(parts.next()?).ok()?;
        let key_id = parts.next()?.to_owned();
        let doctor = match parts.next()? {
            "-" => None,
            d => Some(DoctorUid::parse(d).ok()?),
        };
        let scopes = parts
            .next()?
            .split(',')
            .filter(|s| !s.is_empty())
            .map(Scope::parse)
            .collect::<Option<Vec<_>>>()?;
        Some(Caller {
            org,
            key_id,
            doctor,
            scopes,
        })
    }

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

/// How a staff user is named as an actor (histories, the audit log, rate
/// limits) and as a message recipient: `staff:{staff_uid}`.
pub fn staff_label(uid: &frontdesk_core::ids::StaffUid) -> String {
    format!("staff:{uid}")
}

/// The cookie that carries a staff user's session.
pub const SESSION_COOKIE: &str = "fd_session";

/// A staff user's live session.
pub struct StaffSession {
    pub org: OrgUid,
    pub credential: Credential,
    pub staff: directory::StaffEntry,
    /// When the session ends unless used again.
    pub idle_expires_at: chrono::DateTime<chrono::Utc>,
}

impl StaffSession {
    /// The session as a clinic credential: the scopes of the user's role,
    /// bound to their doctor as a doctor's key is.
    pub fn caller(&self) -> Caller {
        Caller {
            org: self.org.clone(),
            key_id: staff_label(&self.staff.staff_uid),
            doctor: self.staff.doctor.clone(),
            scopes: self.staff.role.scopes().to_vec(),
        }
    }
}

/// The value of the session cookie, if the request carries one.
fn session_cookie(req: &Request) -> ApiResult<Option<String>> {
    let Some(header) = req.headers().get("Cookie")? else {
        return Ok(None);
    };
    Ok(header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == SESSION_COOKIE).then(|| value.trim().to_owned())
    }))
}

/// Authenticates the session cookie: `None` without one, 401 for one that
/// is not (or no longer) a live session. A request that changes anything
/// must come from Frontdesk's own pages (see [`same_origin`]).
pub async fn session(req: &Request, cx: &Ctx) -> ApiResult<Option<StaffSession>> {
    let Some(value) = session_cookie(req)? else {
        return Ok(None);
    };
    let ended = || ApiError::Unauthorized("the session has ended; sign in again");
    let credential = Credential::parse(CredentialKind::Session, &value).ok_or_else(ended)?;
    let org = credential.org.clone();
    let live = directory::Client::new(&cx.env, &org)
        .send(&directory::SessionOf {
            hash: credential.hash(),
            now: cx.now.timestamp(),
        })
        .await?
        .ok_or_else(ended)?;
    // A browser sends a cookie with another site's WebSocket too, so an
    // upgrade is checked like a write.
    let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
    if req.method() != worker::Method::Get || upgrade.eq_ignore_ascii_case("websocket") {
        same_origin(req)?;
    }
    let last_seen = chrono::DateTime::from_timestamp(live.last_seen, 0).unwrap_or(cx.now);
    Ok(Some(StaffSession {
        org,
        credential,
        staff: live.staff,
        idle_expires_at: last_seen + chrono::Duration::hours(SESSION_IDLE_HOURS),
    }))
}

/// Refuses a request from another site: its `Origin` must be the API's
/// own, or, without one, the browser must say it is same-origin. The
/// cookie is `SameSite=Strict` too; this is the second lock, for a
/// browser that ignores it and for a site under the same registrable
/// domain. A client that sends neither header (not a browser) is refused:
/// integrations use API keys.
pub fn same_origin(req: &Request) -> ApiResult<()> {
    let refused = ApiError::Forbidden {
        code: crate::error::ErrorCode::CrossSiteRequest,
        message: "a request with a session must come from Frontdesk's own pages",
    };
    let url = req.url()?;
    let own = url.origin().ascii_serialization();
    let headers = req.headers();
    match (headers.get("Origin")?, headers.get("Sec-Fetch-Site")?) {
        (Some(origin), _) if origin == own => Ok(()),
        (None, Some(site)) if site == "same-origin" => Ok(()),
        _ => Err(refused),
    }
}

/// Authenticates `X-API-Key`, or else a staff session, and checks that it
/// carries `scope`. The key is read from its organisation's Directory
/// object, not D1, and its revocation is seen there on the very next
/// request; a session is checked there the same way.
pub async fn api_key(req: &Request, cx: &Ctx, scope: Scope) -> ApiResult<Caller> {
    let unauthorized =
        || ApiError::Unauthorized("a valid `X-API-Key` header or a staff session is required");
    let Some(header) = req.headers().get("X-API-Key")? else {
        let session = session(req, cx).await?.ok_or_else(unauthorized)?;
        let caller = session.caller();
        if !grants(&caller.scopes, scope) {
            return Err(ApiError::MissingScope(scope));
        }
        return Ok(caller);
    };
    key(cx, &header, scope).await.map_err(|e| match e {
        ApiError::Unauthorized(_) => unauthorized(),
        other => other,
    })
}

/// An API key as presented in whichever header its surface names
/// (`X-API-Key` here, `Api-Key` on seed 002's `/qapi/v1`), checked against
/// the directory and the route's scope.
pub async fn key(cx: &Ctx, presented: &str, scope: Scope) -> ApiResult<Caller> {
    let caller = key_holder(cx, presented).await?;
    caller.require(scope)?;
    Ok(caller)
}

/// [`key`] without a scope: the vendor Worker checks each of its routes'
/// scopes itself.
pub async fn key_holder(cx: &Ctx, presented: &str) -> ApiResult<Caller> {
    let unauthorized = || ApiError::Unauthorized("a valid API key is required");
    let presented = PresentedKey::parse(presented.trim()).map_err(|_| unauthorized())?;
    let org = directory::key_org(&cx.db, &presented.key_id)
        .await?
        .ok_or_else(unauthorized)?;
    let entry = directory::Client::new(&cx.env, &org)
        .send(&directory::Key {
            key_id: presented.key_id.clone(),
        })
        .await?
        .ok_or_else(unauthorized)?;
    if !presented.matches(&entry.secret_hash) || entry.revoked {
        return Err(unauthorized());
    }
    Ok(Caller {
        org: entry.org,
        key_id: presented.key_id,
        doctor: entry.doctor,
        scopes: entry.scopes,
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

/// Verifies `Authorization: Bearer <booking token>`. The secret is read
/// from its organisation's Directory object on every request, so a
/// revocation takes effect on the very next call.
pub async fn booking_token(req: &Request, cx: &Ctx) -> ApiResult<Patient> {
    let header = req.headers().get("Authorization")?.unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .ok_or(ApiError::Unauthorized(
            "a booking token is required as `Authorization: Bearer <token>`",
        ))?
        .trim();
    let unverified = booking_token::parse(token).map_err(|_| refuse())?;
    let kid = unverified.kid();
    let org = directory::secret_org(&cx.db, kid)
        .await?
        .ok_or_else(refuse)?;
    // The `sub` is read before verifying only to find the link in the
    // same round trip; nothing is decided on it until the signature holds.
    let sub = unverified.claimed_sub().ok_or_else(refuse)?;
    let found = directory::Client::new(&cx.env, &org)
        .send(&directory::Booking {
            key_id: kid.to_owned(),
            sub: sub.clone(),
        })
        .await?
        .ok_or_else(refuse)?;
    if found.secret.revoked {
        return Err(refuse());
    }
    let secret = service::partners::open_secret(&cx.config, &org, kid, &found.secret)?;
    let claims = unverified.verify(&secret, cx.now).map_err(|_| refuse())?;
    if claims.sub != sub {
        return Err(refuse());
    }
    service::partners::mark_used(cx, &org, kid, found.secret.last_used_at.as_deref()).await;
    let shop = match shop_restriction(&claims) {
        None => None,
        Some(Ok(shop)) => Some(shop),
        Some(Err(())) => return Err(refuse()),
    };
    Ok(Patient {
        patient: found.linked.unwrap_or_else(|| found.token_patient.clone()),
        token_patient: found.token_patient,
        actor: format!("partner:{kid}"),
        org,
        partner: found.secret.partner,
        shop,
        claims,
    })
}
