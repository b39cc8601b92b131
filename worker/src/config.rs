//! Settings from `wrangler.toml` `[vars]` and Worker secrets, read per request
//! (the environment is per request on Workers) and parsed once here.

use chrono::Duration;
use frontdesk_core::queue::AllocationPolicy;
use worker::Env;

use crate::error::{ApiError, ApiResult};

pub struct Config {
    pub jitsi_base_url: String,
    pub default_consultation: Duration,
    pub policy: AllocationPolicy,
    pub watch_token_ttl: Duration,
}

fn var_or(env: &Env, name: &str, default: &str) -> String {
    env.var(name)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| default.to_owned())
}

fn minutes(env: &Env, name: &str, default: i64) -> Duration {
    let v = var_or(env, name, "");
    Duration::minutes(v.trim().parse().unwrap_or(default))
}

impl Config {
    pub fn from_env(env: &Env) -> Self {
        Config {
            jitsi_base_url: var_or(env, "JITSI_BASE_URL", "https://meet.jit.si")
                .trim_end_matches('/')
                .to_owned(),
            default_consultation: minutes(env, "DEFAULT_CONSULTATION_MINUTES", 5),
            policy: AllocationPolicy {
                preferred_doctor_grace: minutes(env, "PREFERRED_DOCTOR_GRACE_MINUTES", 10),
            },
            watch_token_ttl: minutes(env, "WATCH_TOKEN_TTL_MINUTES", 240),
        }
    }
}

/// A required Worker secret; a missing one is our misconfiguration.
pub fn secret(env: &Env, name: &str) -> ApiResult<String> {
    env.secret(name)
        .map(|s| s.to_string())
        .map_err(|_| ApiError::Internal(format!("the Worker secret {name} is not set")))
}
