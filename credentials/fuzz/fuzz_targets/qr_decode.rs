//! Fuzzes the QR payload decoder: it must never panic, and whatever it
//! decodes must re-encode and decode to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal_credentials::qr;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Try both the raw text and the text behind the expected prefix, so the
    // fuzzer does not have to discover `RP1:` first.
    for candidate in [text.to_string(), format!("{}{text}", qr::QR_PREFIX)] {
        if let Ok(bytes) = qr::decode_payload_bytes(&candidate) {
            let again = qr::encode_payload_bytes(&bytes).expect("decoded payload re-encodes");
            assert_eq!(qr::decode_payload_bytes(&again).expect("round trip"), bytes);
        }
    }
});
