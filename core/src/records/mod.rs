//! Clinical records (seed 002): what a visit leaves behind beyond its
//! place in the calendar.
//!
//! ## Layout
//! - [`episode`]: episodes of care, a patient's visits grouped under one
//!   objective, with seed 002's statuses.

pub mod episode;
