//! The doctor calendar: weekly availability, slot generation across time
//! zones and DST, and the appointment lifecycle of seed 001.
//!
//! Everything here takes `now` and the shop's IANA time zone as arguments.
//! Availability is written in the shop's local wall-clock time, because that
//! is how doctors think about their week ("Mondays 09:00 to 12:00"); a slot
//! becomes an instant only when it is generated for a concrete date.
//!
//! The modules depend on each other one way only, so each can be read and
//! changed knowing just what lies below it (the test below keeps it so):
//!
//! ```text
//! reminders ──▶ appointment ──▶ rules
//!     └──────────────────────────▲
//! slots ──▶ availability
//! ```

pub mod appointment;
pub mod availability;
pub mod reminders;
pub mod rules;
pub mod slots;

#[cfg(test)]
mod tests {
    /// Each module, its source, and the sibling modules it may name.
    const LAYERS: [(&str, &str, &[&str]); 5] = [
        ("rules", include_str!("rules.rs"), &[]),
        ("availability", include_str!("availability.rs"), &[]),
        ("appointment", include_str!("appointment.rs"), &["rules"]),
        ("slots", include_str!("slots.rs"), &["availability"]),
        (
            "reminders",
            include_str!("reminders.rs"),
            &["appointment", "rules"],
        ),
    ];

    #[test]
    fn calendar_modules_depend_one_way() {
        let names: Vec<&str> = LAYERS.iter().map(|(name, _, _)| *name).collect();
        for (module, source, allowed) in LAYERS {
            for other in &names {
                let named = [format!("super::{other}"), format!("calendar::{other}")]
                    .iter()
                    .any(|path| source.contains(path.as_str()));
                assert!(
                    !named || *other == module || allowed.contains(other),
                    "calendar::{module} names calendar::{other}, which would turn the \
                     dependencies back on themselves; allowed: {allowed:?}"
                );
            }
        }
    }
}
