//! Secrets at rest: partner booking secrets are stored sealed with
//! ChaCha20-Poly1305 under a master key that lives only in a Worker secret.
//!
//! The associated data binds each ciphertext to its organisation and key id,
//! so a sealed value copied onto another row does not open. The nonce is
//! 96 random bits supplied by the caller (core draws no randomness); with
//! one nonce per secret ever created, collisions are not a practical concern.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use data_encoding::{BASE64URL_NOPAD, HEXLOWER_PERMISSIVE};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SealError {
    #[error("the master key must be 64 hexadecimal characters (32 bytes)")]
    BadMasterKey,
    #[error("the sealed value is corrupt or was sealed under another key")]
    Open,
}

/// The master key, parsed from its hex form.
pub struct MasterKey(Key);

impl MasterKey {
    pub fn from_hex(hex: &str) -> Result<Self, SealError> {
        let bytes = HEXLOWER_PERMISSIVE
            .decode(hex.trim().as_bytes())
            .map_err(|_| SealError::BadMasterKey)?;
        if bytes.len() != 32 {
            return Err(SealError::BadMasterKey);
        }
        Ok(MasterKey(*Key::from_slice(&bytes)))
    }
}

/// Seals `plaintext`; the result is `base64url(nonce || ciphertext)`.
pub fn seal(key: &MasterKey, nonce: &[u8; 12], plaintext: &[u8], aad: &[u8]) -> String {
    let cipher = ChaCha20Poly1305::new(&key.0);
    let ct = cipher
        .encrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("ChaCha20-Poly1305 encryption does not fail for in-memory buffers");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&ct);
    BASE64URL_NOPAD.encode(&out)
}

pub fn open(key: &MasterKey, sealed: &str, aad: &[u8]) -> Result<Vec<u8>, SealError> {
    let raw = BASE64URL_NOPAD
        .decode(sealed.as_bytes())
        .map_err(|_| SealError::Open)?;
    if raw.len() < 12 + 16 {
        return Err(SealError::Open);
    }
    let (nonce, ct) = raw.split_at(12);
    ChaCha20Poly1305::new(&key.0)
        .decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad })
        .map_err(|_| SealError::Open)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: &str) -> MasterKey {
        MasterKey::from_hex(&byte.repeat(32)).unwrap()
    }

    #[test]
    fn round_trip_and_binding() {
        let sealed = seal(&key("ab"), &[7; 12], b"bks_secret", b"org_a/bk_1");
        assert!(!sealed.contains("bks_secret"));
        assert_eq!(
            open(&key("ab"), &sealed, b"org_a/bk_1").unwrap(),
            b"bks_secret"
        );
        assert_eq!(
            open(&key("cd"), &sealed, b"org_a/bk_1"),
            Err(SealError::Open)
        );
        assert_eq!(
            open(&key("ab"), &sealed, b"org_b/bk_1"),
            Err(SealError::Open)
        );
        assert_eq!(open(&key("ab"), "AAAA", b""), Err(SealError::Open));
    }

    #[test]
    fn master_key_must_be_32_bytes_of_hex() {
        assert!(MasterKey::from_hex("00").is_err());
        assert!(MasterKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(MasterKey::from_hex(&"0F".repeat(32)).is_ok());
    }
}
