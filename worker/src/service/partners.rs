//! Partners' booking secrets as token verification uses them: a secret
//! opened from its seal, and when it was last used. Looked up in the
//! organisation's Directory on every request, so a revocation takes effect
//! on the very next call.

use frontdesk_core::ids::OrgUid;
use frontdesk_core::sealed::open;
use frontdesk_core::time::timestamp;

use crate::config::Config;
use crate::context::Ctx;
use crate::directory::{self, SecretEntry};
use crate::error::{ApiError, ApiResult};
use crate::repo::partners;

/// Binds a sealed value to its row: it opens nowhere else.
pub fn aad(org: &str, key_id: &str) -> Vec<u8> {
    format!("{org}/{key_id}").into_bytes()
}

/// A secret from the Directory, opened for verifying a token.
pub fn open_secret(
    config: &Config,
    org: &OrgUid,
    key_id: &str,
    secret: &SecretEntry,
) -> ApiResult<Vec<u8>> {
    open(
        &config.master_key,
        &secret.sealed_value,
        &aad(org.as_str(), key_id),
    )
    .map_err(|e| ApiError::Internal(format!("booking secret {key_id}: {e}")))
}

/// Notes that a token signed with `key_id` verified. To the minute is
/// enough, and spares a write per request. It is bookkeeping for the
/// secrets listing: a failure (D1 down) is logged and the token still
/// counts.
pub async fn mark_used(cx: &Ctx, org: &OrgUid, key_id: &str, last_used_at: Option<&str>) {
    let now = cx.now;
    let stale = last_used_at
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_none_or(|t| now.signed_duration_since(t) > chrono::Duration::minutes(1));
    if !stale {
        return;
    }
    let marked = async {
        directory::Client::new(&cx.env, org)
            .send(&directory::SecretUsed {
                key_id: key_id.to_owned(),
                at: timestamp(now),
            })
            .await?;
        partners::mark_used(&cx.db, key_id, now).await
    };
    if let Err(e) = marked.await {
        worker::console_warn!("booking secret {key_id}: last use not recorded: {e:?}");
    }
}
