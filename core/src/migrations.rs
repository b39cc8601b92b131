//! Versioned storage migrations: which steps of a numbered list a store
//! still needs, given the version it records.
//!
//! A list is numbered 1, 2, 3… in order, like the D1 migrations, and a
//! store's version is the number of the last step it applied (0 for none).
//! A step is never renumbered or edited once released: objects that applied
//! it will not run it again, so a change is always a new step at the end.

use thiserror::Error;

/// A migration's number; also a store's recorded version.
pub type Version = u32;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MigrationError {
    /// The list itself is wrong: a gap, a repeat or a step out of order.
    #[error("migration {found} is listed where {expected} belongs; migrations are numbered 1, 2, 3… in order")]
    Misnumbered { expected: Version, found: Version },
    /// The store was migrated by newer code than this (a rolled-back
    /// deploy): its schema may hold what this code does not understand.
    #[error("the store is at version {stored}, newer than the latest migration this code knows ({latest})")]
    NewerThanCode { stored: Version, latest: Version },
}

/// The steps of `list` (numbered by `version`) that a store at `stored`
/// has not applied yet, in the order they must run.
pub fn pending<T>(
    list: &[T],
    version: impl Fn(&T) -> Version,
    stored: Version,
) -> Result<&[T], MigrationError> {
    let mut expected: Version = 1;
    for step in list {
        let found = version(step);
        if found != expected {
            return Err(MigrationError::Misnumbered { expected, found });
        }
        expected = expected.saturating_add(1);
    }
    let latest = Version::try_from(list.len()).unwrap_or(Version::MAX);
    if stored > latest {
        return Err(MigrationError::NewerThanCode { stored, latest });
    }
    // Numbered 1..=latest, so the steps after `stored` start at its index.
    let first = usize::try_from(stored).unwrap_or(usize::MAX);
    Ok(list.get(first..).unwrap_or_default())
}

/// The version a store reaches after applying `list`.
pub fn latest<T>(list: &[T]) -> Version {
    Version::try_from(list.len()).unwrap_or(Version::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(list: &[u32], stored: Version) -> Result<Vec<u32>, MigrationError> {
        pending(list, |v| *v, stored).map(<[u32]>::to_vec)
    }

    #[test]
    fn a_new_store_applies_every_step() {
        assert_eq!(numbers(&[1, 2, 3], 0), Ok(vec![1, 2, 3]));
    }

    #[test]
    fn a_store_part_way_applies_the_rest_in_order() {
        assert_eq!(numbers(&[1, 2, 3], 1), Ok(vec![2, 3]));
        assert_eq!(numbers(&[1, 2, 3], 2), Ok(vec![3]));
    }

    #[test]
    fn an_up_to_date_store_applies_nothing() {
        assert_eq!(numbers(&[1, 2, 3], 3), Ok(vec![]));
        assert_eq!(numbers(&[], 0), Ok(vec![]));
    }

    #[test]
    fn a_store_newer_than_the_code_is_refused() {
        assert_eq!(
            numbers(&[1, 2], 3),
            Err(MigrationError::NewerThanCode {
                stored: 3,
                latest: 2
            })
        );
        assert_eq!(
            numbers(&[], 1),
            Err(MigrationError::NewerThanCode {
                stored: 1,
                latest: 0
            })
        );
    }

    #[test]
    fn a_misnumbered_list_is_refused_whatever_the_store() {
        let gap = Err(MigrationError::Misnumbered {
            expected: 2,
            found: 3,
        });
        assert_eq!(numbers(&[1, 3], 0), gap);
        // Even a store past the gap: the list is wrong, not the store.
        assert_eq!(numbers(&[1, 3], 2), gap);
        assert_eq!(
            numbers(&[1, 1], 0),
            Err(MigrationError::Misnumbered {
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            numbers(&[2, 1], 0),
            Err(MigrationError::Misnumbered {
                expected: 1,
                found: 2
            })
        );
        assert_eq!(
            numbers(&[0], 0),
            Err(MigrationError::Misnumbered {
                expected: 1,
                found: 0
            })
        );
    }

    #[test]
    fn latest_is_the_last_number() {
        assert_eq!(latest(&[1, 2, 3]), 3);
        assert_eq!(latest::<u32>(&[]), 0);
    }
}
