//! Base45 text encoding (RFC 9285).
//!
//! Owns: turning bytes into the 45-character QR alphanumeric alphabet and
//! back, byte-exact. Must never: accept non-canonical input (values over the
//! allowed range, stray characters) or panic on any input.

use crate::error::CredentialError;

/// The RFC 9285 alphabet, in value order.
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

fn char_for(value: u32) -> char {
    ALPHABET
        .get(value as usize % 45)
        .map_or('0', |&b| char::from(b))
}

fn value_of(c: u8) -> Result<u32, CredentialError> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u32::try_from(p).ok())
        .ok_or_else(|| {
            CredentialError::Base45(format!(
                "character {:?} is not in the alphabet",
                char::from(c)
            ))
        })
}

/// Encodes bytes as base45 text.
pub fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(2) * 3);
    for chunk in input.chunks(2) {
        match *chunk {
            [a, b] => {
                let n = u32::from(a) * 256 + u32::from(b);
                out.push(char_for(n % 45));
                out.push(char_for((n / 45) % 45));
                out.push(char_for(n / 2025));
            }
            [a] => {
                let n = u32::from(a);
                out.push(char_for(n % 45));
                out.push(char_for(n / 45));
            }
            _ => {}
        }
    }
    out
}

/// Decodes base45 text into bytes, rejecting any malformed input.
pub fn decode(input: &str) -> Result<Vec<u8>, CredentialError> {
    let bytes = input.as_bytes();
    if bytes.len() % 3 == 1 {
        return Err(CredentialError::Base45(
            "length leaves a single dangling character".into(),
        ));
    }
    let mut out = Vec::with_capacity(bytes.len() / 3 * 2 + 1);
    for chunk in bytes.chunks(3) {
        match *chunk {
            [c, d, e] => {
                let n = value_of(c)? + value_of(d)? * 45 + value_of(e)? * 2025;
                let pair = u16::try_from(n).map_err(|_| {
                    CredentialError::Base45("a three-character group is above 65535".into())
                })?;
                out.extend_from_slice(&pair.to_be_bytes());
            }
            [c, d] => {
                let n = value_of(c)? + value_of(d)? * 45;
                let byte = u8::try_from(n).map_err(|_| {
                    CredentialError::Base45("a two-character group is above 255".into())
                })?;
                out.push(byte);
            }
            _ => {
                return Err(CredentialError::Base45(
                    "length leaves a single dangling character".into(),
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9285_vectors_encode() {
        assert_eq!(encode(b"AB"), "BB8");
        assert_eq!(encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(encode(b"ietf!"), "QED8WEX0");
    }

    #[test]
    fn rfc_9285_vectors_decode() {
        assert_eq!(decode("BB8").unwrap(), b"AB");
        assert_eq!(decode("%69 VD92EX0").unwrap(), b"Hello!!");
        assert_eq!(decode("UJCLQE7W581").unwrap(), b"base-45");
        assert_eq!(decode("QED8WEX0").unwrap(), b"ietf!");
    }

    #[test]
    fn empty_input_round_trips() {
        assert_eq!(encode(b""), "");
        assert_eq!(decode("").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn all_byte_values_round_trip() {
        let data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        assert_eq!(decode(&encode(&data)).unwrap(), data);
        assert_eq!(decode(&encode(&data[1..])).unwrap(), &data[1..]);
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        assert!(matches!(decode("bb8"), Err(CredentialError::Base45(_))));
        assert!(matches!(
            decode("BB\u{e9}"),
            Err(CredentialError::Base45(_))
        ));
    }

    #[test]
    fn rejects_dangling_character() {
        assert!(matches!(decode("BB8B"), Err(CredentialError::Base45(_))));
    }

    #[test]
    fn rejects_out_of_range_groups() {
        // ":::" = 44 + 44*45 + 44*2025 = 91124 > 65535 (RFC 9285 section 4.2).
        assert!(matches!(decode(":::"), Err(CredentialError::Base45(_))));
        // "::" = 44 + 44*45 = 2024 > 255.
        assert!(matches!(decode("::"), Err(CredentialError::Base45(_))));
        // "GGW" = 16 + 16*45 + 32*2025 = 65536: one above the maximum.
        assert!(matches!(decode("GGW"), Err(CredentialError::Base45(_))));
        assert_eq!(decode("FGW").unwrap(), vec![0xff, 0xff]);
    }
}
