//! Fuzzes the verification entry point with arbitrary input bytes: it must
//! never panic and never call garbage verified.
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use portal_credentials::did::StaticResolver;
use portal_credentials::status::NoStatusLists;
use portal_credentials::verify::{verify, VerifyOptions};

fuzz_target!(|data: &[u8]| {
    let now = Utc
        .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    let result = verify(
        data,
        &StaticResolver::new(),
        &NoStatusLists,
        now,
        &VerifyOptions::default(),
    );
    // With no status lists every credential that carries a status fails, and
    // random bytes never carry a valid signature.
    if result.verified {
        assert!(result.credential.is_some());
    }
});
