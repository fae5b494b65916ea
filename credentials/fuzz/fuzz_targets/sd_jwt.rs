//! Fuzzes SD-JWT reading: arbitrary text as an SD-JWT presentation (split, disclosures,
//! reveal, key binding) and arbitrary bytes as an `RP2:` QR payload. Neither may panic, and
//! nothing without a key the resolver knows may verify.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use portal_credentials::did::StaticResolver;
use portal_credentials::{qr, sd_jwt};

fuzz_target!(|data: &[u8]| {
    let now = Utc
        .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    if let Ok(text) = std::str::from_utf8(data) {
        let policy = sd_jwt::KeyBindingPolicy::default();
        assert!(sd_jwt::verify(text, &StaticResolver::new(), now, &policy).is_err());
        let _ = sd_jwt::SdJwt::parse(text);
        let _ = qr::decode_payload(text);
    }
    let payload = format!(
        "{}{}",
        qr::QR_PREFIX_SD_JWT,
        portal_credentials::base45::encode(data)
    );
    let _ = qr::decode_payload(&payload);
});
