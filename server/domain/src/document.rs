//! Supporting documents: what a file is, judged by its bytes (never by its name or the type the
//! browser claims), and its content address.
//!
//! Owns: the accepted document types and the size rule. Must never: trust a file name, an
//! extension or a `Content-Type` header.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Field, Problem, ValidationError};

/// The kinds of file a person may attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MediaType {
    /// `image/jpeg`
    Jpeg,
    /// `image/png`
    Png,
    /// `image/webp`
    Webp,
    /// `application/pdf`
    Pdf,
}

impl MediaType {
    /// The MIME type served with the file.
    pub const fn mime(self) -> &'static str {
        match self {
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
            MediaType::Webp => "image/webp",
            MediaType::Pdf => "application/pdf",
        }
    }

    /// Parses a stored MIME type.
    pub fn from_mime(mime: &str) -> Option<Self> {
        [
            MediaType::Jpeg,
            MediaType::Png,
            MediaType::Webp,
            MediaType::Pdf,
        ]
        .into_iter()
        .find(|m| m.mime() == mime)
    }

    /// Recognises a file by its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(MediaType::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(MediaType::Pdf)
        } else {
            None
        }
    }
}

/// The SHA-256 of a document's bytes, in lower-case hex: its name in the document store.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContentAddress(String);

impl ContentAddress {
    /// The address of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex::encode(Sha256::digest(bytes)))
    }

    /// Parses an address from a URL or the database: exactly 64 lower-case hex digits, so it is
    /// safe as a file name.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == 64 && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Self(raw.to_owned()))
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A checked upload: its type and address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedDocument {
    /// Type, from the content.
    pub media_type: MediaType,
    /// Content address.
    pub address: ContentAddress,
    /// Size in bytes.
    pub size: u64,
}

/// Checks an uploaded file: not empty, not above `max_bytes`, and of an accepted type by content.
pub fn check(bytes: &[u8], max_bytes: u64) -> Result<CheckedDocument, ValidationError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size == 0 {
        return Err(ValidationError::new(Field::Documents, Problem::Required));
    }
    if size > max_bytes {
        return Err(ValidationError::new(
            Field::Documents,
            Problem::TooLarge { max_bytes },
        ));
    }
    let media_type = MediaType::sniff(bytes)
        .ok_or_else(|| ValidationError::new(Field::Documents, Problem::UnsupportedType))?;
    Ok(CheckedDocument {
        media_type,
        address: ContentAddress::of(bytes),
        size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_recognised_by_content_not_by_name() {
        assert_eq!(
            MediaType::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        assert_eq!(
            MediaType::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(MediaType::Webp)
        );
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n"), Some(MediaType::Pdf));
        assert_eq!(MediaType::sniff(b"<html><script>"), None);
        assert_eq!(MediaType::sniff(b"MZ\x90\0"), None, "a Windows program");
        assert_eq!(MediaType::sniff(b"RIFF\x24\0\0\0WAVE"), None);
        assert_eq!(MediaType::sniff(b""), None);
    }

    #[test]
    fn uploads_are_checked_for_size_and_type() {
        let pdf = b"%PDF-1.4\n%%EOF\n";
        let ok = check(pdf, 1024).unwrap();
        assert_eq!(ok.media_type, MediaType::Pdf);
        assert_eq!(ok.size, 15);
        assert_eq!(ok.address, ContentAddress::of(pdf));
        assert_eq!(
            check(pdf, 10).unwrap_err().problem,
            Problem::TooLarge { max_bytes: 10 }
        );
        assert_eq!(
            check(b"GIF89a", 1024).unwrap_err().problem,
            Problem::UnsupportedType
        );
        assert_eq!(check(b"", 1024).unwrap_err().problem, Problem::Required);
    }

    #[test]
    fn addresses_are_safe_file_names() {
        let a = ContentAddress::of(b"x");
        assert_eq!(ContentAddress::parse(a.as_str()), Some(a));
        assert_eq!(ContentAddress::parse("../../etc/passwd"), None);
        assert_eq!(ContentAddress::parse(&"A".repeat(64)), None);
        assert_eq!(ContentAddress::parse(&"a".repeat(63)), None);
        for m in [
            MediaType::Jpeg,
            MediaType::Png,
            MediaType::Webp,
            MediaType::Pdf,
        ] {
            assert_eq!(MediaType::from_mime(m.mime()), Some(m));
        }
    }
}
