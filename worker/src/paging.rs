//! Cursor paging for listings: the page a request asks for (`limit`,
//! `cursor`), and cutting the rows a repository fetched into one page of
//! [`Listing`]. Repositories fetch one row more than the limit, which is
//! how a page knows another follows.

use frontdesk_core::view::Listing;
use frontdesk_core::wire::{Cursor, PageQuery, Query};

use crate::error::ApiResult;

/// A page size and where the previous page ended.
pub struct Page {
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

impl Page {
    /// `limit` (1 to 200, default 50) and `cursor`, each a 400 naming
    /// itself when it is not one this API accepts.
    pub fn from_query(url: &worker::Url) -> ApiResult<Page> {
        let pairs = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let q = PageQuery::parse(&Query::new(pairs))?;
        Ok(Page {
            limit: q.limit,
            cursor: q.cursor,
        })
    }

    /// The first `limit` rows, for a service that reads a bounded list
    /// whole (the booking page's shops and types).
    pub fn first(limit: u32) -> Page {
        Page {
            limit,
            cursor: None,
        }
    }

    /// For listings ordered by uid: the uid to list after ('' first).
    pub fn after_uid(&self) -> &str {
        self.cursor.as_ref().map_or("", Cursor::uid)
    }

    /// For logs listed newest first by their insertion order (`rowid`):
    /// the rowid to list below.
    pub fn before_rowid(&self) -> ApiResult<i64> {
        match &self.cursor {
            None => Ok(i64::MAX),
            Some(c) => Ok(c.rowid()?),
        }
    }

    /// How many rows to fetch: one more than the page holds.
    pub fn fetch(&self) -> u32 {
        self.limit.saturating_add(1)
    }
}

/// One page of `rows` (fetched with [`Page::fetch`]), with the cursor of
/// its last row if another page follows.
pub fn listing_by<T>(mut rows: Vec<T>, page: &Page, cursor: impl Fn(&T) -> String) -> Listing<T> {
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = if more { rows.last().map(cursor) } else { None };
    Listing {
        data: rows,
        next_cursor,
    }
}

/// A listing's rows converted (row to view), keeping its cursor.
pub fn map_listing<R, V>(listing: Listing<R>, f: impl Fn(R) -> V) -> Listing<V> {
    Listing {
        data: listing.data.into_iter().map(f).collect(),
        next_cursor: listing.next_cursor,
    }
}
