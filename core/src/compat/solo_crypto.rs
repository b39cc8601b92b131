//! Seed 002's encryption, for webhook payloads and context-aware links:
//! AES-256-CBC with PKCS#7 padding, the key SHA-256(secret ‖ salt), sent
//! as base64(salt, 8 bytes) ‖ base64(IV, 16 bytes) ‖ base64(ciphertext),
//! i.e. 12 + 24 characters and the rest. The secret is hashed as the text
//! it is given in (a webhook's `encryptionKey` as its base64 text, which
//! is what seed 002's PHP recipe does).
//!
//! CBC has no integrity: the webhook deliveries also carry Standard
//! Webhooks signatures, and a failed decryption is one answer whatever
//! went wrong (no padding oracle).

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use aes::{Aes256, Block};
use data_encoding::BASE64;
use sha2::{Digest, Sha256};

fn key(secret: &[u8], salt: &[u8; 8]) -> Aes256 {
    let mut h = Sha256::new();
    h.update(secret);
    h.update(salt);
    let digest: [u8; 32] = h.finalize().into();
    Aes256::new(&digest.into())
}

/// Encrypts `plaintext` under `secret` with the caller's random salt and
/// IV (core draws no randomness).
pub fn encrypt(secret: &[u8], salt: &[u8; 8], iv: &[u8; 16], plaintext: &[u8]) -> String {
    let cipher = key(secret, salt);
    let pad = 16 - plaintext.len() % 16;
    let mut data = plaintext.to_vec();
    data.extend(std::iter::repeat_n(u8::try_from(pad).unwrap_or(16), pad));
    let mut previous = *iv;
    for chunk in data.chunks_exact_mut(16) {
        for (b, p) in chunk.iter_mut().zip(previous.iter()) {
            *b ^= p;
        }
        let block = Block::from_mut_slice(chunk);
        cipher.encrypt_block(block);
        previous.copy_from_slice(chunk);
    }
    format!(
        "{}{}{}",
        BASE64.encode(salt),
        BASE64.encode(iv),
        BASE64.encode(&data)
    )
}

/// The plaintext of seed 002's text, or `None` for anything else: wrong
/// lengths, bad base64, bad padding, the wrong key, all alike.
pub fn decrypt(secret: &[u8], text: &str) -> Option<Vec<u8>> {
    let salt = BASE64.decode(text.get(..12)?.as_bytes()).ok()?;
    let iv = BASE64.decode(text.get(12..36)?.as_bytes()).ok()?;
    let mut data = BASE64.decode(text.get(36..)?.as_bytes()).ok()?;
    let salt: [u8; 8] = salt.try_into().ok()?;
    let iv: [u8; 16] = iv.try_into().ok()?;
    if data.is_empty() || data.len() % 16 != 0 || data.len() > 64 * 1024 {
        return None;
    }
    let cipher = key(secret, &salt);
    let mut previous = iv;
    for chunk in data.chunks_exact_mut(16) {
        let mut this = [0u8; 16];
        this.copy_from_slice(chunk);
        cipher.decrypt_block(Block::from_mut_slice(chunk));
        for (b, p) in chunk.iter_mut().zip(previous.iter()) {
            *b ^= p;
        }
        previous = this;
    }
    let pad = usize::from(*data.last()?);
    if !(1..=16).contains(&pad) || pad > data.len() {
        return None;
    }
    let (body, padding) = data.split_at(data.len() - pad);
    if padding.iter().any(|b| usize::from(*b) != pad) {
        return None;
    }
    Some(body.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: [u8; 8] = [0x7a, 0xdd, 0x84, 0x6a, 0x66, 0xf2, 0x59, 0x16];
    const IV: [u8; 16] = [
        0xbd, 0xe1, 0x3f, 0x63, 0x61, 0x59, 0x3c, 0xc1, 0xd7, 0x18, 0x1b, 0x40, 0xe5, 0xe0, 0x60,
        0x2b,
    ];

    /// Seed 002's example (secret `some secret`, its salt and IV), checked
    /// against `openssl enc -aes-256-cbc -K <SHA-256(secret ‖ salt)> -iv …`.
    #[test]
    fn matches_openssl_for_the_seeds_example() {
        let text = encrypt(
            b"some secret",
            &SALT,
            &IV,
            br#"{"visit":"12345","user":"1234"}"#,
        );
        assert_eq!(
            text,
            "et2EambyWRY=veE/Y2FZPMHXGBtA5eBgKw==yggnLre57S3A8mzc/rzcxnC3HQqUQyMylpL+wu2iNhA="
        );
        assert_eq!(
            decrypt(b"some secret", &text).as_deref(),
            Some(br#"{"visit":"12345","user":"1234"}"#.as_slice())
        );
    }

    #[test]
    fn every_failure_is_none() {
        let text = encrypt(b"k", &SALT, &IV, b"exactly sixteen!");
        assert_eq!(text.len(), 12 + 24 + 44);
        assert_eq!(
            decrypt(b"k", &text).as_deref(),
            Some(b"exactly sixteen!".as_slice())
        );
        assert_eq!(decrypt(b"other", &text), None);
        for bad in [
            "",
            "short",
            &text[..40],
            &format!("{text}x"),
            &text.replace('A', "*"),
        ] {
            assert_eq!(decrypt(b"k", bad), None, "{bad}");
        }
        // A flipped bit in the last block breaks the padding, or not: CBC
        // has no integrity, so what comes out is garbage either way.
        let mut raw = BASE64.decode(&text.as_bytes()[36..]).unwrap();
        raw[0] ^= 1;
        let tampered = format!("{}{}", &text[..36], BASE64.encode(&raw));
        assert_ne!(
            decrypt(b"k", &tampered).as_deref(),
            Some(b"exactly sixteen!".as_slice())
        );
    }
}
