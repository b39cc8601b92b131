//! The estimated wait, in whole minutes.
//!
//! ```text
//! average  = mean of the shop's last 10 consultation durations
//!            (allocated → completed), each clamped to 1..=120 minutes,
//!            or the configured default (5 minutes) before there is history
//! estimate = ceil(position × average / max(doctors online, 1))
//! ```
//!
//! Each patient up to and including this one needs one average consultation,
//! and the doctors online work through the queue in parallel. The patient's
//! own turn counts because the doctors are usually busy when someone joins:
//! a patient at position 1 waits for the first doctor to free up. With no
//! doctor online we still divide by one, so the figure stays a useful
//! lower bound rather than "infinite". Clamping stops a consultation that
//! somebody forgot to complete from dominating the average.

use chrono::Duration;

/// How many recent consultations the rolling average covers.
pub const ROLLING_WINDOW: usize = 10;

/// The rolling average consultation length.
pub fn average_consultation(recent: &[Duration], default: Duration) -> Duration {
    let recent = recent.get(..ROLLING_WINDOW).unwrap_or(recent);
    if recent.is_empty() {
        return default;
    }
    // At most ten values of at most two hours each: the sum cannot overflow.
    let total_ms: i64 = recent
        .iter()
        .map(|d| {
            d.num_milliseconds()
                .clamp(MIN_CONSULTATION_MS, MAX_CONSULTATION_MS)
        })
        .sum();
    Duration::milliseconds(total_ms / recent.len().max(1) as i64)
}

const MIN_CONSULTATION_MS: i64 = 60 * 1000;
const MAX_CONSULTATION_MS: i64 = 120 * 60 * 1000;

/// Saturates rather than overflowing for an absurd position or average.
pub fn estimated_wait_minutes(position: u32, doctors_online: usize, average: Duration) -> u32 {
    let doctors = u64::try_from(doctors_online.max(1)).unwrap_or(u64::MAX);
    let average_ms = u64::try_from(average.num_milliseconds()).unwrap_or(0);
    let per_doctor_ms = u64::from(position)
        .saturating_mul(average_ms)
        .div_ceil(doctors);
    u32::try_from(per_doctor_ms.div_ceil(60_000)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_before_history_matches_seed_example() {
        // Seed 000: position 3 → 15 minutes, position 2 → 10 minutes.
        let avg = average_consultation(&[], Duration::minutes(5));
        assert_eq!(estimated_wait_minutes(3, 1, avg), 15);
        assert_eq!(estimated_wait_minutes(2, 1, avg), 10);
    }

    #[test]
    fn doctors_share_the_queue_and_zero_doctors_counts_as_one() {
        let avg = Duration::minutes(6);
        assert_eq!(estimated_wait_minutes(4, 2, avg), 12);
        assert_eq!(estimated_wait_minutes(4, 3, avg), 8);
        assert_eq!(estimated_wait_minutes(4, 0, avg), 24);
        assert_eq!(estimated_wait_minutes(1, 4, avg), 2); // 1.5 rounds up
    }

    #[test]
    fn rolling_average_uses_recent_history_clamped() {
        let recent = [Duration::minutes(8), Duration::minutes(12)];
        assert_eq!(
            average_consultation(&recent, Duration::minutes(5)),
            Duration::minutes(10)
        );
        // A forgotten consultation counts as 120 minutes, a 10 s one as 1.
        let recent = [Duration::hours(30), Duration::seconds(10)];
        assert_eq!(
            average_consultation(&recent, Duration::minutes(5)),
            Duration::seconds((120 * 60 + 60) / 2)
        );
        // Only the newest ROLLING_WINDOW count (callers pass newest first).
        let mut many = vec![Duration::minutes(2); ROLLING_WINDOW];
        many.push(Duration::minutes(100));
        assert_eq!(
            average_consultation(&many, Duration::minutes(5)),
            Duration::minutes(2)
        );
    }

    #[test]
    fn absurd_inputs_saturate() {
        assert_eq!(estimated_wait_minutes(u32::MAX, 0, Duration::MAX), u32::MAX);
        assert_eq!(estimated_wait_minutes(5, 1, Duration::MIN), 0);
        assert_eq!(
            average_consultation(&[Duration::MAX, Duration::MIN], Duration::zero()),
            Duration::milliseconds((MIN_CONSULTATION_MS + MAX_CONSULTATION_MS) / 2)
        );
    }

    proptest! {
        #[test]
        fn estimate_never_decreases_with_position(
            pos in 1u32..500, doctors in 0usize..20, avg_s in 60i64..7200
        ) {
            let avg = Duration::seconds(avg_s);
            prop_assert!(estimated_wait_minutes(pos + 1, doctors, avg) >= estimated_wait_minutes(pos, doctors, avg));
            prop_assert!(estimated_wait_minutes(pos, doctors, avg) >= 1);
        }
    }
}
