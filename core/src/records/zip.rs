//! A ZIP archive of one file, encrypted with a password the way WinZip's
//! AES does it (AE-2, AES-256): what 7-Zip, WinZip, macOS's Archive
//! Utility with a helper, and Python's pyzipper open. Info-ZIP's `unzip`
//! cannot read it; no ZIP encryption it can read is safe.
//!
//! The file is stored, not compressed, which keeps the Worker free of a
//! deflate engine; the encounter report is bounded by its row limit
//! instead ([`crate::records::report`]).
//!
//! Per WinZip's specification: a 16-byte salt (given, so core draws no
//! randomness), PBKDF2-HMAC-SHA1 with 1,000 iterations deriving 66 bytes
//! (the AES key, the HMAC key, a 2-byte password check), AES-256 in
//! counter mode with a little-endian counter from 1, and the first 10
//! bytes of HMAC-SHA1 over the ciphertext. AE-2 stores no CRC: the HMAC
//! is the integrity check.

use aes::cipher::{BlockEncrypt, KeyInit};
use aes::Aes256;
use hmac::{Hmac, Mac};
use sha1::Sha1;

const ITERATIONS: u32 = 1000;

/// `file_name` (UTF-8) holding `data`, encrypted under `password`.
/// `modified` is the MS-DOS (date, time) pair written in the headers.
pub fn encrypted(
    file_name: &str,
    data: &[u8],
    password: &str,
    salt: &[u8; 16],
    modified: (u16, u16),
) -> Vec<u8> {
    let mut derived = [0u8; 66];
    pbkdf2::pbkdf2_hmac::<Sha1>(password.as_bytes(), salt, ITERATIONS, &mut derived);
    let (key, rest) = derived.split_at(32);
    let (mac_key, check) = rest.split_at(32);

    let mut body = data.to_vec();
    let cipher = Aes256::new_from_slice(key).unwrap_or_else(|_| unreachable!("32-byte key"));
    let mut counter: u128 = 1;
    for chunk in body.chunks_mut(16) {
        let mut block = aes::Block::from(counter.to_le_bytes());
        cipher.encrypt_block(&mut block);
        for (b, k) in chunk.iter_mut().zip(block.iter()) {
            *b ^= k;
        }
        counter = counter.wrapping_add(1);
    }
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(mac_key).unwrap_or_else(|_| unreachable!("any key"));
    mac.update(&body);
    let tag = mac.finalize().into_bytes();

    let mut payload = Vec::with_capacity(16 + 2 + body.len() + 10);
    payload.extend_from_slice(salt);
    payload.extend_from_slice(check);
    payload.extend_from_slice(&body);
    payload.extend_from_slice(&tag[..10]);

    let name = file_name.as_bytes();
    // The AES extra field: AE-2, vendor "AE", AES-256, stored inside.
    let extra: [u8; 11] = [0x01, 0x99, 7, 0, 2, 0, b'A', b'E', 3, 0, 0];
    let header = |central: bool| {
        let mut h = Vec::new();
        if central {
            h.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            h.extend_from_slice(&51u16.to_le_bytes()); // made by: 5.1
        } else {
            h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        }
        h.extend_from_slice(&51u16.to_le_bytes()); // needed: 5.1 (AES)
        h.extend_from_slice(&(1u16 | 1 << 11).to_le_bytes()); // encrypted, UTF-8 name
        h.extend_from_slice(&99u16.to_le_bytes()); // method: AES
        h.extend_from_slice(&modified.1.to_le_bytes());
        h.extend_from_slice(&modified.0.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes()); // CRC: none in AE-2
        h.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        h.extend_from_slice(&(data.len() as u32).to_le_bytes());
        h.extend_from_slice(&(name.len() as u16).to_le_bytes());
        h.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        if central {
            h.extend_from_slice(&0u16.to_le_bytes()); // comment
            h.extend_from_slice(&0u16.to_le_bytes()); // disk
            h.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            h.extend_from_slice(&0u32.to_le_bytes()); // local header at 0
        }
        h.extend_from_slice(name);
        h.extend_from_slice(&extra);
        h
    };
    let mut out = header(false);
    out.extend_from_slice(&payload);
    let central_at = out.len() as u32;
    let central = header(true);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]); // this disk, the central directory's disk
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

/// MS-DOS date and time of a UTC instant (2-second steps, 1980 to 2107).
pub fn dos_time(t: chrono::DateTime<chrono::Utc>) -> (u16, u16) {
    use chrono::{Datelike, Timelike};
    let year = t.year().clamp(1980, 2107) as u16;
    let date = ((year - 1980) << 9) | ((t.month() as u16) << 5) | t.day() as u16;
    let time = ((t.hour() as u16) << 11) | ((t.minute() as u16) << 5) | (t.second() as u16 / 2);
    (date, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decrypts what [`encrypted`] wrote, by the specification, as a
    /// reader would: the password check, the HMAC, then the stream.
    fn open(zip: &[u8], password: &str) -> Result<Vec<u8>, &'static str> {
        let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
        let u32_at =
            |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
        assert_eq!(&zip[..4], b"PK\x03\x04");
        assert_eq!(u16_at(8), 99);
        let (size, name_len, extra_len) = (u32_at(18), u16_at(26), u16_at(28));
        let start = 30 + name_len + extra_len;
        let payload = &zip[start..start + size];
        let (salt, rest) = payload.split_at(16);
        let (check, rest) = rest.split_at(2);
        let (body, tag) = rest.split_at(rest.len() - 10);
        let mut derived = [0u8; 66];
        pbkdf2::pbkdf2_hmac::<Sha1>(password.as_bytes(), salt, ITERATIONS, &mut derived);
        if &derived[64..] != check {
            return Err("wrong password");
        }
        let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(&derived[32..64]).unwrap();
        mac.update(body);
        if &mac.finalize().into_bytes()[..10] != tag {
            return Err("tampered");
        }
        let cipher = Aes256::new_from_slice(&derived[..32]).unwrap();
        let mut out = body.to_vec();
        for (i, chunk) in out.chunks_mut(16).enumerate() {
            let mut block = aes::Block::from((i as u128 + 1).to_le_bytes());
            cipher.encrypt_block(&mut block);
            chunk
                .iter_mut()
                .zip(block.iter())
                .for_each(|(b, k)| *b ^= k);
        }
        Ok(out)
    }

    #[test]
    fn round_trips_with_a_non_ascii_password_and_refuses_others() {
        let data = b"appointment_uid,status\r\napt_1,completed\r\n".repeat(40);
        let zip = encrypted(
            "report.csv",
            &data,
            "IK5adv2N5V-gr£9v6",
            &[7; 16],
            (0x5b21, 0x6000),
        );
        assert_eq!(open(&zip, "IK5adv2N5V-gr£9v6").unwrap(), data);
        assert_eq!(open(&zip, "IK5adv2N5V-gr9v6"), Err("wrong password"));
        // The stream is not the data.
        assert!(!zip.windows(12).any(|w| w == b"apt_1,comple"));
        let mut flipped = zip.clone();
        let at = 30 + "report.csv".len() + 11 + 18 + 5;
        flipped[at] ^= 1;
        assert_eq!(open(&flipped, "IK5adv2N5V-gr£9v6"), Err("tampered"));
        // The end of central directory points at the central header.
        let eocd = zip.len() - 22;
        assert_eq!(&zip[eocd..eocd + 4], b"PK\x05\x06");
        let at = u32::from_le_bytes(zip[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
        assert_eq!(&zip[at..at + 4], b"PK\x01\x02");
    }

    #[test]
    fn dos_times() {
        use chrono::TimeZone;
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 12, 2, 9, 30, 41)
            .unwrap();
        let (date, time) = dos_time(t);
        assert_eq!(date >> 9, 46);
        assert_eq!((date >> 5) & 0xf, 12);
        assert_eq!(date & 0x1f, 2);
        assert_eq!(time >> 11, 9);
        assert_eq!((time >> 5) & 0x3f, 30);
        assert_eq!(time & 0x1f, 20);
    }
}
