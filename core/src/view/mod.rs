//! What the API answers about stored resources: plain `Serialize` structs
//! with typed ids, one file per resource group. The worker's repositories
//! read D1 rows and turn each row into its view in one place; a view never
//! carries what the API must not show (secret hashes, sealed values).

pub mod api_keys;
pub mod appointment_types;
pub mod audit;
pub mod directory;
pub mod messages;
pub mod partners;
pub mod patients;
pub mod webhooks;

use serde::Serialize;

/// One page of a listing: the rows, and the cursor of the next page if
/// one follows.
#[derive(Debug, Clone, Serialize)]
pub struct Listing<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}
