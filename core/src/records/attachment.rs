//! Visit attachments (seed 002): which files are taken, how big, under
//! which name, and the short-lived signed link that downloads one.
//!
//! A file's type is what its first bytes say, never its name or the
//! request's `Content-Type`: an executable renamed `scan.pdf` is still an
//! executable. Downloads go through a Frontdesk link signed with HMAC
//! (R2's own presigned URLs need S3 credentials the Worker does not hold),
//! valid for minutes, so a link that leaks from a browser history or a log
//! stops working soon after.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{AppointmentUid, AttachmentUid, OrgUid};
use crate::watch::{seal, unseal};

/// The largest file taken: seed 002's "5Mb", read as 5 MiB.
pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
/// The longest file name kept.
pub const NAME_MAX: usize = 255;
/// The most attachments one visit keeps, deleted ones included.
pub const PER_VISIT_MAX: u32 = 100;

/// A type seed 002 allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    /// The type the file's first bytes announce, if it is one we take.
    pub fn sniff(head: &[u8]) -> Option<FileType> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if head.starts_with(b"\xff\xd8\xff") {
            Some(FileType::Jpeg)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }
}

/// The name shown for a file: the caller's `fileName` without any
/// directory part or control characters, at most [`NAME_MAX`]
/// characters; `attachment.{ext}` when none is left.
pub fn file_name(given: Option<&str>, kind: FileType) -> String {
    let base = given
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_MAX)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        format!("attachment.{}", kind.extension())
    } else {
        clean.to_owned()
    }
}

/// What a download link grants: one attachment of one visit, until `exp`
/// (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    pub org: OrgUid,
    pub apt: AppointmentUid,
    pub att: AttachmentUid,
    pub exp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("the download link is not valid")]
    Invalid,
    #[error("the download link has expired")]
    Expired,
}

const DOMAIN: &str = "attachment\n";

pub fn sign_link(claims: &LinkClaims, secret: &[u8]) -> String {
    seal(DOMAIN, claims, secret)
}

pub fn verify_link(
    token: &str,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<LinkClaims, LinkError> {
    if token.len() > 1024 {
        return Err(LinkError::Invalid);
    }
    let claims: LinkClaims = unseal(DOMAIN, token, secret).map_err(|_| LinkError::Invalid)?;
    if now.timestamp() >= claims.exp {
        return Err(LinkError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;
    use chrono::TimeZone;

    #[test]
    fn types_come_from_the_first_bytes() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Some(FileType::Jpeg)
        );
        // An executable, whatever it is called.
        assert_eq!(FileType::sniff(b"MZ\x90\0\x03\0\0\0"), None);
        assert_eq!(FileType::sniff(b"\x7fELF\x02\x01\x01"), None);
        assert_eq!(FileType::sniff(b"hello"), None);
        assert_eq!(FileType::sniff(b""), None);
        assert_eq!(FileType::sniff(b"%PDF"), None);
    }

    #[test]
    fn names_lose_directories_and_control_characters() {
        assert_eq!(file_name(Some("scan.pdf"), FileType::Pdf), "scan.pdf");
        assert_eq!(file_name(Some("../../etc/passwd"), FileType::Pdf), "passwd");
        assert_eq!(
            file_name(Some("C:\\Users\\x\\a.png"), FileType::Png),
            "a.png"
        );
        assert_eq!(file_name(Some("a\u{0}b\nc.jpg"), FileType::Jpeg), "abc.jpg");
        assert_eq!(file_name(None, FileType::Jpeg), "attachment.jpg");
        assert_eq!(file_name(Some(" .. "), FileType::Pdf), "attachment.pdf");
        assert_eq!(file_name(Some("dir/"), FileType::Png), "attachment.png");
        assert_eq!(
            file_name(Some(&"x".repeat(1000)), FileType::Pdf)
                .chars()
                .count(),
            NAME_MAX
        );
    }

    #[test]
    fn links_verify_until_they_expire_and_only_as_links() {
        let shop = ShopUid::new(&[1; 16]);
        let claims = LinkClaims {
            org: OrgUid::new(&[2; 16]),
            apt: AppointmentUid::new(&shop, &[3; 16]),
            att: AttachmentUid::new(&[5; 16]),
            exp: 1_800_000_000,
        };
        let token = sign_link(&claims, b"secret");
        let before = Utc.timestamp_opt(1_799_999_999, 0).unwrap();
        let at = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        assert_eq!(verify_link(&token, b"secret", before), Ok(claims.clone()));
        assert_eq!(verify_link(&token, b"secret", at), Err(LinkError::Expired));
        assert_eq!(
            verify_link(&token, b"other", before),
            Err(LinkError::Invalid)
        );
        // A watch token under the same secret is not a link.
        let watch = crate::watch::sign(
            &crate::watch::WatchClaims {
                org: claims.org.clone(),
                q: crate::ids::QueueUid::new(&shop, &[4; 16]),
                exp: claims.exp,
            },
            b"secret",
        );
        assert_eq!(
            verify_link(&watch, b"secret", before),
            Err(LinkError::Invalid)
        );
        assert_eq!(verify_link("x", b"secret", before), Err(LinkError::Invalid));
    }
}
