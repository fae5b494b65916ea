//! Property tests: signing then verifying always succeeds, and flipping any
//! byte of the signed payload or proof always makes verification fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};
use portal_credentials::did::{did_key_verification_method, StaticResolver};
use portal_credentials::jcs;
#[cfg(feature = "jose")]
use portal_credentials::jose;
use portal_credentials::keys::{signing_key_from_seed, Signer};
use portal_credentials::model::{
    registration_credential, CredentialEnvelope, LanguageString, RegistrationNumber,
    RegistrationStatus, RegistrationSubject, LEGACY_PORTAL_CONTEXT_URL,
};
use proptest::prelude::*;
use serde_json::Value;

fn signer(seed: [u8; 32]) -> Signer {
    let key = signing_key_from_seed(&seed);
    Signer::new(did_key_verification_method(&key.verifying_key()), key)
}

fn credential(issuer: &str, name: &str, original: &str, number: &str, day: u32) -> Value {
    let envelope = CredentialEnvelope {
        context: LEGACY_PORTAL_CONTEXT_URL.into(),
        id: format!("urn:uuid:00000000-0000-4000-8000-{day:012}"),
        issuer: issuer.into(),
        valid_from: Utc.with_ymd_and_hms(2026, 5, day, 0, 0, 0).unwrap(),
        valid_until: None,
        status: Vec::new(),
    };
    let subject = RegistrationSubject {
        id: None,
        name: name.into(),
        name_original_script: Some(LanguageString {
            value: original.into(),
            language: "ar".into(),
        }),
        birth_date: chrono::NaiveDate::from_ymd_opt(1990, 1, day).unwrap(),
        registration_number: RegistrationNumber::parse(number).unwrap(),
        registration_status: RegistrationStatus::Active,
        issuing_office: "Amman".into(),
    };
    registration_credential(envelope, &subject, None).unwrap()
}

fn issuer_of(s: &Signer) -> String {
    s.verification_method()
        .split('#')
        .next()
        .unwrap()
        .to_string()
}

prop_compose! {
    fn inputs()(
        seed in any::<[u8; 32]>(),
        name in "[A-Za-z][A-Za-z '-]{0,30}",
        original in "[\u{0621}-\u{064A} ]{1,20}",
        number in "[A-Z]{3}-[0-9]{4,8}",
        day in 1u32..28,
    ) -> ([u8; 32], String, String, String, u32) {
        (seed, name, original, number, day)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn jcs_sign_then_verify_succeeds((seed, name, original, number, day) in inputs()) {
        let s = signer(seed);
        let vc = credential(&issuer_of(&s), &name, &original, &number, day);
        let created = Utc.with_ymd_and_hms(2026, 5, day, 8, 0, 0).unwrap();
        let signed = jcs::sign(&vc, &s, created).unwrap();
        prop_assert!(jcs::verify(&signed, &StaticResolver::new()).is_ok());
    }

    #[test]
    fn jcs_flipping_any_byte_of_payload_or_proof_fails(
        (seed, name, original, number, day) in inputs(),
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let s = signer(seed);
        let vc = credential(&issuer_of(&s), &name, &original, &number, day);
        let created = Utc.with_ymd_and_hms(2026, 5, day, 8, 0, 0).unwrap();
        let signed = jcs::sign(&vc, &s, created).unwrap();
        // The canonical (RFC 8785) bytes: no insignificant whitespace, so every
        // byte is part of the payload or the proof.
        let mut bytes = jcs::canonicalize(&signed).unwrap();
        let i = position.index(bytes.len());
        bytes[i] ^= flip;
        if let Ok(mutated) = serde_json::from_slice::<Value>(&bytes) {
            prop_assert!(
                jcs::verify(&mutated, &StaticResolver::new()).is_err(),
                "flip at {} still verified", i
            );
        }
    }

    #[cfg(feature = "jose")]
    #[test]
    fn jose_sign_then_verify_succeeds((seed, name, original, number, day) in inputs()) {
        let s = signer(seed);
        let vc = credential(&issuer_of(&s), &name, &original, &number, day);
        let compact = jose::sign(&vc, &s).unwrap();
        let verified = jose::verify(&compact, &StaticResolver::new()).unwrap();
        prop_assert_eq!(verified.credential, vc);
    }

    #[cfg(feature = "jose")]
    #[test]
    fn jose_flipping_any_byte_of_header_payload_or_signature_fails(
        (seed, name, original, number, day) in inputs(),
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let s = signer(seed);
        let vc = credential(&issuer_of(&s), &name, &original, &number, day);
        let mut bytes = jose::sign(&vc, &s).unwrap().into_bytes();
        let i = position.index(bytes.len());
        bytes[i] ^= flip;
        if let Ok(text) = String::from_utf8(bytes) {
            prop_assert!(
                jose::verify(&text, &StaticResolver::new()).is_err(),
                "flip at {} still verified", i
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn jcs_flipping_any_bit_of_the_signature_fails(
        seed in any::<[u8; 32]>(),
        byte in 0usize..64,
        bit in 0u8..8,
    ) {
        let s = signer(seed);
        let vc = credential(&issuer_of(&s), "Amina", "أمينة", "ABC-1234", 3);
        let created = Utc.with_ymd_and_hms(2026, 5, 3, 8, 0, 0).unwrap();
        let mut signed = jcs::sign(&vc, &s, created).unwrap();
        let value = signed["proof"]["proofValue"].as_str().unwrap();
        let mut sig = bs58_decode(&value[1..]);
        sig[byte] ^= 1 << bit;
        signed["proof"]["proofValue"] = Value::String(format!("z{}", bs58_encode(&sig)));
        prop_assert!(jcs::verify(&signed, &StaticResolver::new()).is_err());
    }

    #[test]
    fn verify_never_panics_on_arbitrary_bytes(input in prop::collection::vec(any::<u8>(), 0..2048)) {
        let r = portal_credentials::verify::verify(
            &input,
            &StaticResolver::new(),
            &portal_credentials::status::NoStatusLists,
            Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
            &Default::default(),
        );
        prop_assert!(!r.verified);
        prop_assert!(!r.reasons.is_empty());
    }

    #[test]
    fn qr_decoder_never_panics_on_arbitrary_text(body in "[0-9A-Z $%*+./:-]{0,600}") {
        let _ = portal_credentials::qr::decode_payload(&format!("RP1:{body}"));
    }
}

fn bs58_decode(text: &str) -> Vec<u8> {
    bs58::decode(text).into_vec().unwrap()
}

fn bs58_encode(bytes: &[u8]) -> String {
    bs58::encode(bytes).into_string()
}
