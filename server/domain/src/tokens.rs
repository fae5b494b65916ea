//! Secrets handed to people (session cookies, enrollment links and codes) and their hashes.
//!
//! Only hashes are stored: a copy of the database does not let anyone sign in or enroll.
//! Owns: generation, parsing and hashing of tokens. Must never: print a token (`Debug` redacts).

use std::fmt;

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Crockford's base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A 256-bit random secret in URL-safe text (43 characters).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretToken(String);

impl SecretToken {
    /// Length of the text form.
    pub const LEN: usize = 43;

    /// A fresh token from the operating system's random source.
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let mut text = String::with_capacity(Self::LEN);
        let mut bits: u32 = 0;
        let mut count = 0;
        for byte in bytes {
            bits = (bits << 8) | u32::from(byte);
            count += 8;
            while count >= 6 {
                count -= 6;
                let index = ((bits >> count) & 0x3f) as usize;
                text.push(char::from(URL_SAFE.get(index).copied().unwrap_or(b'A')));
            }
        }
        if count > 0 {
            let index = ((bits << (6 - count)) & 0x3f) as usize;
            text.push(char::from(URL_SAFE.get(index).copied().unwrap_or(b'A')));
        }
        Self(text)
    }

    /// Accepts a token of the right shape; anything else is `None` (callers answer "not valid"
    /// without saying why).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (raw.len() == Self::LEN && raw.bytes().all(|b| URL_SAFE.contains(&b)))
            .then(|| Self(raw.to_owned()))
    }

    /// The token, to put into a cookie or a link. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The stored form.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(self.0.as_bytes())
    }
}

impl fmt::Debug for SecretToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretToken(<redacted>)")
    }
}

/// SHA-256 of a secret, in hex: what the database keeps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    /// Hashes `secret` with a domain-separation prefix.
    pub fn of(secret: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"refugee-portal/token/v1\n");
        hasher.update(secret);
        Self(hex::encode(hasher.finalize()))
    }

    /// Rebuilds a hash read from storage.
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    /// Hex text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short code printed on an enrollment slip, for people who cannot scan the QR code:
/// ten Crockford base32 characters (50 bits), shown as `ABCDE-FGHJK`.
#[derive(Clone, PartialEq, Eq)]
pub struct ShortCode(String);

impl ShortCode {
    /// A fresh code.
    pub fn generate() -> Self {
        let mut bytes = [0_u8; 10];
        OsRng.fill_bytes(&mut bytes);
        Self(
            bytes
                .iter()
                .map(|b| {
                    char::from(
                        CROCKFORD
                            .get(usize::from(b & 0x1f))
                            .copied()
                            .unwrap_or(b'0'),
                    )
                })
                .collect(),
        )
    }

    /// Parses a typed code: case, spaces and dashes are ignored; O reads as 0, I and L as 1.
    pub fn parse(raw: &str) -> Option<Self> {
        let normalised: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        (normalised.len() == 10 && normalised.bytes().all(|b| CROCKFORD.contains(&b)))
            .then_some(Self(normalised))
    }

    /// The code for print: `ABCDE-FGHJK`.
    pub fn display(&self) -> String {
        let (a, b) = self.0.split_at(5);
        format!("{a}-{b}")
    }

    /// The stored form.
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(self.0.as_bytes())
    }
}

impl fmt::Debug for ShortCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShortCode(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_unique_and_parse_back() {
        let a = SecretToken::generate();
        let b = SecretToken::generate();
        assert_ne!(a, b);
        assert_eq!(a.expose().len(), SecretToken::LEN);
        assert_eq!(SecretToken::parse(a.expose()), Some(a.clone()));
        assert_eq!(SecretToken::parse("short"), None);
        assert_eq!(SecretToken::parse(&"!".repeat(43)), None);
        assert_eq!(format!("{a:?}"), "SecretToken(<redacted>)");
    }

    #[test]
    fn hashes_are_stable_and_differ_per_secret() {
        let token = SecretToken::generate();
        assert_eq!(token.hash(), token.hash());
        assert_ne!(token.hash(), SecretToken::generate().hash());
        assert_eq!(token.hash().as_str().len(), 64);
    }

    #[test]
    fn short_codes_forgive_typing_mistakes() {
        let code = ShortCode::generate();
        let shown = code.display();
        assert_eq!(shown.len(), 11);
        assert_eq!(ShortCode::parse(&shown.to_lowercase()), Some(code.clone()));
        assert_eq!(
            ShortCode::parse(" o1l2i-3456 7"),
            ShortCode::parse("01121-34567")
        );
        assert_eq!(ShortCode::parse("ABCDE-FGHJ"), None);
        assert_eq!(
            ShortCode::parse("ABCDE-FGHJU"),
            None,
            "U is not in the alphabet"
        );
    }
}
