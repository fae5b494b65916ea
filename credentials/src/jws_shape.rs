//! The shape of a compact JWS, shared by the `jose` and `verify` modules.
//!
//! Owns: telling a compact JWS (three non-empty base64url parts) from other text without
//! decoding it. Must never: decode, parse headers or verify anything (`jose` does).

/// Whether a text has the shape of a compact JWS (three non-empty base64url
/// parts). Says nothing about validity.
pub fn looks_like_compact_jws(text: &str) -> bool {
    let mut parts = 0;
    for part in text.split('.') {
        parts += 1;
        let ok = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok || parts > 3 {
            return false;
        }
    }
    parts == 3
}
