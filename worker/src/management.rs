//! Handlers for the organisation directory: organisations (operator only),
//! API keys, shops and doctors (admin scope).

use frontdesk_core::auth::{decode_scopes, encode_scopes, mint_key, Scope};
use frontdesk_core::ids::{DoctorUid, OrgUid, ShopUid, VideoRoomId};
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use frontdesk_core::wire::{
    CreateApiKey, CreateDoctor, CreateOrganization, CreateShop, CreateStaff, StaffRole,
};
use worker::{Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::directory::{self, EntryKind, KeyEntry};
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo::api_keys::{self, NewKey};
use crate::repo::audit::{self, Entry};
use crate::repo::{doctors, organizations, shops};

/// A new key as its organisation's Directory keeps it.
fn put_key(org: &OrgUid, key_id: &str, key: &NewKey<'_>) -> directory::PutKey {
    directory::PutKey {
        key_id: key_id.to_owned(),
        entry: KeyEntry {
            org: org.clone(),
            doctor: key.doctor.cloned(),
            secret_hash: key.minted.secret_hash.clone(),
            scopes: key.scopes.to_vec(),
            revoked: false,
        },
    }
}

pub async fn create_organization(req: &mut Request, cx: &Ctx) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let input = CreateOrganization::parse(&json_body(req).await?)?;
    let org = OrgUid::new(&entropy());
    let key = mint_key(&entropy(), &entropy());
    let now = cx.now;
    let first = NewKey {
        name: "Initial admin key",
        minted: &key,
        scopes: &Scope::ALL,
        doctor: None,
    };
    let d1 = db.commit(vec![
        organizations::insert(db, &org, &input.name, &input.default_country_code, now)?,
        api_keys::insert(db, &org, &first, now)?,
    ]);
    let directory = directory::Client::new(&cx.env, &org);
    let settings = organizations::Settings {
        default_country: input.default_country_code.clone(),
        meeting_rooms: Default::default(),
    };
    directory
        .send(&directory::NewOrganization { settings })
        .await?;
    let put = put_key(&org, &key.key_id, &first);
    directory
        .create(&put, EntryKind::Key, &key.key_id, d1)
        .await?;
    directory::remember_credential(&key.key_id, &org);
    if let Some((email, name)) = input.admin {
        let first_admin = CreateStaff {
            email,
            name,
            role: StaffRole::Admin,
            mobile_phone: None,
        };
        crate::service::staff::create(cx, &org, "operator", first_admin).await?;
    }
    json(
        201,
        &view::directory::OrganizationCreated {
            organization_uid: org,
            name: input.name,
            default_country: input.default_country_code,
            created_at: timestamp(now),
            api_key: key.full_key,
            key_id: key.key_id,
        },
    )
}

pub async fn create_api_key(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let input = CreateApiKey::parse(&json_body(req).await?)?;
    if let Some(doctor) = &input.doctor_uid {
        let found = directory::Client::new(&cx.env, &caller.org)
            .doctor(doctor)
            .await?;
        if found.is_none() {
            return Err(ApiError::NotFound {
                what: "doctor",
                field: Some("doctor_uid"),
            });
        }
    }
    let key = mint_key(&entropy(), &entropy());
    let now = cx.now;
    let new_key = NewKey {
        name: &input.name,
        minted: &key,
        scopes: &input.scopes,
        doctor: input.doctor_uid.as_ref(),
    };
    let entry = Entry {
        actor: &caller.key_id,
        action: "api_key.created",
        target: &key.key_id,
        outcome: "ok",
    };
    let d1 = db.commit(vec![
        api_keys::insert(db, &caller.org, &new_key, now)?,
        audit::statement(db, &caller.org, entry, now)?,
    ]);
    let put = put_key(&caller.org, &key.key_id, &new_key);
    directory::Client::new(&cx.env, &caller.org)
        .create(&put, EntryKind::Key, &key.key_id, d1)
        .await?;
    directory::remember_credential(&key.key_id, &caller.org);
    json(
        201,
        &view::api_keys::ApiKeyCreated {
            key_id: key.key_id,
            name: input.name,
            scopes: decode_scopes(&encode_scopes(&input.scopes)),
            doctor_uid: input.doctor_uid,
            created_at: timestamp(now),
            api_key: key.full_key,
        },
    )
}

pub async fn list_api_keys(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(200, &api_keys::list(&cx.db, &caller.org, &page).await?)
}

pub async fn revoke_api_key(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    if key_id == caller.key_id {
        return Err(ApiError::conflict(
            ErrorCode::RevokingOwnKey,
            "a key cannot revoke itself; use another admin key",
        ));
    }
    // The Directory first: the key stops working on the next request,
    // whatever happens to the D1 write below.
    let known = directory::Client::new(&cx.env, &caller.org)
        .send(&directory::RevokeKey {
            key_id: key_id.to_owned(),
        })
        .await?;
    if !known {
        return Err(ApiError::not_found("API key"));
    }
    let now = cx.now;
    let entry = Entry {
        actor: &caller.key_id,
        action: "api_key.revoked",
        target: key_id,
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            api_keys::revoke(db, &caller.org, key_id, now)?,
            audit::statement_if_changed(db, &caller.org, entry, now)?,
        ])
        .await?;
    if changed.first().copied().unwrap_or(0) == 0 {
        return Err(ApiError::not_found("API key"));
    }
    json(
        200,
        &view::api_keys::ApiKeyRevoked {
            key_id: key_id.to_owned(),
            revoked: true,
        },
    )
}

pub async fn create_shop(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let input = CreateShop::parse(&json_body(req).await?)?;
    let shop = shops::Row {
        shop_uid: ShopUid::new(&entropy()),
        name: input.name,
        address: input.address,
        time_zone: input.time_zone,
        created_at: timestamp(cx.now),
        service_line: input.service_line,
        service_type: input.service_type,
    };
    let put = directory::PutShop { row: shop.clone() };
    directory::Client::new(&cx.env, &caller.org)
        .create(
            &put,
            EntryKind::Shop,
            shop.shop_uid.as_str(),
            shops::insert(&cx.db, &caller.org, &shop),
        )
        .await?;
    json(201, &view::directory::Shop::from(shop))
}

pub async fn list_shops(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(200, &shops::list(&cx.db, &caller.org, &page).await?)
}

pub async fn get_shop(cx: &Ctx, caller: &Caller, shop: ShopUid) -> ApiResult<Response> {
    let shop = shops::find(&cx.db, &caller.org, &shop)
        .await?
        .ok_or_else(|| ApiError::not_found("shop"))?;
    json(200, &view::directory::Shop::from(shop))
}

pub async fn create_doctor(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let input = CreateDoctor::parse(&json_body(req).await?)?;
    let directory = directory::Client::new(&cx.env, &caller.org);
    if directory.shop(&input.shop_uid).await?.is_none() {
        return Err(ApiError::NotFound {
            what: "shop",
            field: Some("shop_uid"),
        });
    }
    let doctor = doctors::Row {
        doctor_uid: DoctorUid::new(&entropy()),
        shop_uid: input.shop_uid,
        name: input.name,
        // The doctor's persistent room, minted once.
        video_room_id: VideoRoomId::new(&entropy()),
        mobile_phone: None,
        created_at: timestamp(cx.now),
    };
    let limit = cx.config.limits.doctors_per_shop;
    // D1 counts the shop's doctors in the insert itself, so concurrent
    // additions cannot pass the limit together; a refused doctor is
    // forgotten by the Directory again.
    let d1 = async {
        if doctors::insert(db, &caller.org, &doctor, limit).await? {
            Ok(())
        } else {
            Err(ApiError::LimitReached {
                field: "shop_uid",
                message: format!("a shop may have at most {limit} doctors"),
            })
        }
    };
    let put = directory::PutDoctor {
        row: doctor.clone(),
    };
    directory
        .create(&put, EntryKind::Doctor, doctor.doctor_uid.as_str(), d1)
        .await?;
    json(201, &view::directory::Doctor::from(doctor))
}

pub async fn list_doctors(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let url = req.url()?;
    let page = Page::from_query(&url)?;
    let shop =
        match url.query_pairs().find(|(k, _)| k == "shop_uid") {
            None => None,
            Some((_, v)) => Some(ShopUid::parse(&v).map_err(|_| {
                ApiError::bad_field("shop_uid", "`shop_uid` is not a valid shop uid")
            })?),
        };
    json(
        200,
        &doctors::list(&cx.db, &caller.org, shop.as_ref(), &page).await?,
    )
}

pub async fn get_doctor(cx: &Ctx, caller: &Caller, doctor: DoctorUid) -> ApiResult<Response> {
    let doctor = doctors::find(&cx.db, &caller.org, &doctor)
        .await?
        .ok_or_else(|| ApiError::not_found("doctor"))?;
    json(200, &view::directory::Doctor::from(doctor))
}

/// A doctor's mobile number for SMS reminders (seed 001): the doctor sets
/// their own with their bound key; an admin key may set anyone's.
pub async fn set_mobile_phone(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    doctor: DoctorUid,
) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    if doctors::find(db, &caller.org, &doctor).await?.is_none() {
        return Err(ApiError::not_found("doctor"));
    }
    if caller.doctor.as_ref() != Some(&doctor)
        && caller.require(frontdesk_core::auth::Scope::Admin).is_err()
    {
        return Err(ApiError::Forbidden {
            code: ErrorCode::NotThisDoctor,
            message: "only the doctor's own key or an admin key can change this number",
        });
    }
    let body = json_body(req).await?;
    let phone = match body.raw("mobile_phone") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(p)) => Some(
            frontdesk_core::phone::normalize(
                p,
                crate::service::patients::region(&cx.env, &caller.org).await?,
            )
            .map_err(|e| ApiError::bad_field("mobile_phone", format!("`mobile_phone` {e}")))?,
        ),
        Some(_) => {
            return Err(ApiError::bad_field(
                "mobile_phone",
                "`mobile_phone` must be a string or null",
            ))
        }
    };
    doctors::set_mobile_phone(db, &caller.org, &doctor, phone.as_ref()).await?;
    json(
        200,
        &view::directory::DoctorMobilePhone {
            doctor_uid: doctor,
            mobile_phone: phone,
        },
    )
}
