//! Clinical records (seed 002): what a visit leaves behind beyond its
//! place in the calendar.
//!
//! ## Layout
//! - [`episode`]: episodes of care, a patient's visits grouped under one
//!   objective, with seed 002's statuses.
//! - [`attachment`]: which files a visit takes (by their first bytes),
//!   their names, and the signed download link.
//! - [`note`]: note templates, a visit's answers and comments, and the
//!   version that guards concurrent edits.
//! - [`report`]: CSV reports of visits, a line at a time, safe to open in
//!   a spreadsheet.
//! - [`zip`]: the encounter report's password-protected ZIP (WinZip AES).

pub mod attachment;
pub mod episode;
pub mod note;
pub mod report;
pub mod zip;
