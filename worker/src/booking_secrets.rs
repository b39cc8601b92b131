//! Booking-token secrets (seed 001): created, listed, revealed and revoked by
//! admins; used to verify the booking tokens partners mint. Values are sealed
//! at rest under the `SECRETS_MASTER_KEY` Worker secret, and every reveal and
//! revocation is written to the audit log.
//!
//! Each secret signs for one partner, a named group of secrets that
//! outlives any one of them: a token's `sub` names a customer of its
//! secret's partner, so rotating to a new secret of the same partner keeps
//! every customer's patient. A secret created without a partner belongs to
//! the organisation's default partner (`ptn_default`), as every secret did
//! before partners existed.

use data_encoding::{BASE32_DNSSEC, BASE64URL_NOPAD};
use frontdesk_core::ids::PartnerUid;
use frontdesk_core::sealed::{open, seal};
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use frontdesk_core::view::partners::{BookingSecret, Partner};
use frontdesk_core::wire::{CreateBookingSecret, CreatePartner};
use worker::{Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::directory::{self, EntryKind, SecretEntry};
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo::audit::{self, Entry};
use crate::repo::partners::{self, NewSecret, SecretRow};
use crate::repo::Db;
use crate::service::partners::aad;

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let body = json_body(req).await?;
    let CreateBookingSecret { name, partner } = CreateBookingSecret::parse(&body)?;
    let now = cx.now;
    let mut statements = Vec::new();
    if partner.is_default() {
        statements.push(partners::ensure_default_partner(db, &caller.org, now)?);
    } else if partners::find_partner(db, &caller.org, &partner)
        .await?
        .is_none()
    {
        return Err(ApiError::NotFound {
            what: "partner",
            field: Some("partner_id"),
        });
    }
    let key_id = format!("bk_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
    let value = format!("bks_{}", BASE64URL_NOPAD.encode(&entropy::<32>()));
    let sealed = seal(
        &cx.config.master_key,
        &entropy::<12>(),
        value.as_bytes(),
        &aad(caller.org.as_str(), &key_id),
    );
    let secret = NewSecret {
        key_id: &key_id,
        partner: &partner,
        name: &name,
        sealed_value: &sealed,
    };
    statements.push(partners::insert_secret(db, &caller.org, &secret, now)?);
    let entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.created",
        target: &key_id,
        outcome: "ok",
    };
    // The audit row is in the change's own batch: no secret without it.
    statements.push(audit::statement(db, &caller.org, entry, now)?);
    let put = directory::PutSecret {
        key_id: key_id.clone(),
        entry: SecretEntry {
            partner: partner.clone(),
            sealed_value: sealed.clone(),
            last_used_at: None,
            revoked: false,
        },
    };
    directory::Client::new(&cx.env, &caller.org)
        .create(&put, EntryKind::Secret, &key_id, db.commit(statements))
        .await?;
    directory::remember_credential(&key_id, &caller.org);
    json(
        201,
        &view::partners::BookingSecretCreated {
            key_id,
            name,
            partner_id: partner,
            secret: value,
            created_at: timestamp(now),
        },
    )
}

pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &partners::list_secrets(&cx.db, &caller.org, &page).await?,
    )
}

async fn own(db: &Db, caller: &Caller, key_id: &str) -> ApiResult<(SecretRow, String)> {
    partners::find_secret(db, &caller.org, key_id)
        .await?
        .ok_or_else(|| ApiError::not_found("booking secret"))
}

/// Shows an active secret's value again, e.g. to paste into a new minter.
pub async fn reveal(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let (info, sealed) = own(db, caller, key_id).await?;
    let now = cx.now;
    let mut entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.revealed",
        target: key_id,
        outcome: "ok",
    };
    if info.revoked_at.is_some() {
        entry.outcome = "refused: revoked";
        audit::record(db, &caller.org, entry, now).await?;
        return Err(ApiError::conflict(
            ErrorCode::SecretRevoked,
            "a revoked secret cannot be revealed",
        ));
    }
    let value = open(
        &cx.config.master_key,
        &sealed,
        &aad(caller.org.as_str(), key_id),
    )
    .map_err(|e| ApiError::Internal(format!("booking secret {key_id}: {e}")))?;
    audit::record(db, &caller.org, entry, now).await?;
    json(
        200,
        &view::partners::BookingSecretRevealed {
            key_id: info.key_id,
            name: info.name,
            partner_id: info.partner_id,
            secret: String::from_utf8_lossy(&value).into_owned(),
        },
    )
}

/// Revokes at once: the next request with a token signed by it gets 401.
pub async fn revoke(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    own(db, caller, key_id).await?;
    // The Directory first: tokens it signed stop working on the next
    // request, whatever happens to the D1 write below.
    directory::Client::new(&cx.env, &caller.org)
        .send(&directory::RevokeSecret {
            key_id: key_id.to_owned(),
        })
        .await?;
    let now = cx.now;
    let entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.revoked",
        target: key_id,
        outcome: "ok",
    };
    db.commit(vec![
        partners::revoke_secret(db, &caller.org, key_id, now)?,
        audit::statement(db, &caller.org, entry, now)?,
    ])
    .await?;
    let (info, _) = own(db, caller, key_id).await?;
    json(200, &BookingSecret::from(info))
}

/// A new partner, to create its first secret for.
pub async fn create_partner(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let CreatePartner { name } = CreatePartner::parse(&json_body(req).await?)?;
    let partner = PartnerUid::new(&entropy::<16>());
    let now = cx.now;
    let entry = Entry {
        actor: &caller.key_id,
        action: "partner.created",
        target: partner.as_str(),
        outcome: "ok",
    };
    db.commit(vec![
        partners::insert_partner(db, &caller.org, &partner, &name, now)?,
        audit::statement(db, &caller.org, entry, now)?,
    ])
    .await?;
    let info = Partner {
        partner_id: partner,
        name,
        created_at: timestamp(now),
    };
    json(201, &info)
}

pub async fn list_partners(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &partners::list_partners(&cx.db, &caller.org, &page).await?,
    )
}
