//! Sign/verify cost per format, raw Ed25519 verification as the baseline,
//! and the QR codec. Run with `cargo bench`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use ed25519_dalek::Signer as _;
use portal_credentials::did::{did_key_verification_method, StaticResolver};
use portal_credentials::keys::{signing_key_from_seed, Signer};
use portal_credentials::model::{
    portal_context_url, registration_credential, CredentialEnvelope, RegistrationNumber,
    RegistrationStatus, RegistrationSubject,
};
use portal_credentials::{jcs, qr};
use serde_json::Value;

/// The allocator the portal binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The deployment whose credentials are measured.
const ORIGIN: &str = "https://portal.help-jordan.org";

fn fixture() -> (Signer, Value) {
    let key = signing_key_from_seed(&[42; 32]);
    let vm = did_key_verification_method(&key.verifying_key());
    let issuer = vm.split('#').next().unwrap_or_default().to_string();
    let envelope = CredentialEnvelope {
        // What a deployment's credentials name: the context it serves.
        context: portal_context_url(ORIGIN),
        id: "urn:uuid:6f1c2b9e-0d5a-4b7c-9f4e-3a2b1c0d9e8f".into(),
        issuer,
        valid_from: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap(),
        valid_until: None,
        status: Vec::new(),
    };
    let subject = RegistrationSubject {
        id: None,
        name: "Amina Al-Hassan".into(),
        name_original_script: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1992, 3, 14).unwrap(),
        registration_number: RegistrationNumber::parse("JOR-AMM-2026-004512").unwrap(),
        registration_status: RegistrationStatus::Active,
        issuing_office: "Amman Registration Office".into(),
    };
    let vc = registration_credential(envelope, &subject, None).unwrap();
    (Signer::new(vm, key), vc)
}

/// A credential whose subject is a complete graph of `n` blank nodes (`knows` through the
/// examples context's `@vocab`): an RDFC-1.0 poison graph.
#[cfg(feature = "rdfc")]
fn poison_clique(n: usize) -> Value {
    let nodes: Vec<Value> = (0..n)
        .map(|i| {
            let others: Vec<Value> = (0..n)
                .filter(|&j| j != i)
                .map(|j| serde_json::json!({"id": format!("_:n{j}")}))
                .collect();
            serde_json::json!({"id": format!("_:n{i}"), "knows": others})
        })
        .collect();
    serde_json::json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "type": ["VerifiableCredential"],
        "issuer": "https://vc.example/issuers/5678",
        "credentialSubject": nodes
    })
}

fn benches(c: &mut Criterion) {
    let (signer, vc) = fixture();
    let resolver = StaticResolver::new();
    let created = Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap();

    let message = [7u8; 64];
    let signature = signer.signing_key().sign(&message);
    let public = signer.verifying_key();
    c.bench_function("baseline/ed25519-dalek verify_strict", |b| {
        b.iter(|| public.verify_strict(black_box(&message), &signature))
    });

    c.bench_function("jcs/sign", |b| {
        b.iter(|| jcs::sign(black_box(&vc), &signer, created))
    });
    let signed = jcs::sign(&vc, &signer, created).unwrap();
    c.bench_function("jcs/verify", |b| {
        b.iter(|| jcs::verify(black_box(&signed), &resolver))
    });

    #[cfg(feature = "jose")]
    {
        use portal_credentials::jose;
        c.bench_function("jose/sign", |b| {
            b.iter(|| jose::sign(black_box(&vc), &signer))
        });
        let compact = jose::sign(&vc, &signer).unwrap();
        c.bench_function("jose/verify", |b| {
            b.iter(|| jose::verify(black_box(&compact), &resolver))
        });
    }

    #[cfg(feature = "rdfc")]
    {
        use portal_credentials::rdfc;
        let contexts = rdfc::Contexts::portal().with_portal_context(portal_context_url(ORIGIN));
        c.bench_function("rdfc/sign", |b| {
            b.iter(|| rdfc::sign(black_box(&vc), &signer, created, &contexts))
        });
        let signed = rdfc::sign(&vc, &signer, created, &contexts).unwrap();
        c.bench_function("rdfc/verify", |b| {
            b.iter(|| rdfc::verify_with(black_box(&signed), &resolver, &contexts))
        });
        // A complete graph of 8 blank nodes: refused for its canonicalization work.
        let poison = poison_clique(8);
        c.bench_function("rdfc/refuse K8 poison", |b| {
            b.iter(|| {
                let refused = rdfc::canonical_nquads(black_box(&poison), &contexts);
                assert!(refused.is_err());
            })
        });
    }

    {
        // SD-JWT VC: issuing all claims disclosable, and verifying a bank share (five
        // disclosures) without and with a key binding.
        use portal_credentials::{sd_jwt, sd_jwt_vc};
        let holder = signing_key_from_seed(&[9; 32]);
        let claims = sd_jwt_vc::claims_of(
            &vc,
            "https://refugee-portal.example",
            created,
            Some(portal_credentials::keys::public_jwk(
                &holder.verifying_key(),
            )),
            None,
        )
        .unwrap();
        c.bench_function("sd-jwt/issue", |b| {
            b.iter(|| sd_jwt::issue(black_box(&claims), &signer, &mut rand_core::OsRng))
        });
        let shown = sd_jwt::issue(&claims, &signer, &mut rand_core::OsRng)
            .unwrap()
            .present(sd_jwt_vc::Preset::Bank.claims());
        let policy = sd_jwt::KeyBindingPolicy::default();
        c.bench_function("sd-jwt/verify bank share", |b| {
            b.iter(|| sd_jwt::verify(black_box(&shown), &resolver, created, &policy).unwrap())
        });
        let bound = sd_jwt::bind(&shown, &holder, "https://bank.example", "n-1", created).unwrap();
        let request = sd_jwt::KeyBindingPolicy::request("https://bank.example", "n-1");
        c.bench_function("sd-jwt/verify bank share with key binding", |b| {
            b.iter(|| sd_jwt::verify(black_box(&bound), &resolver, created, &request).unwrap())
        });
        let payload = qr::encode_payload(&shown).unwrap();
        c.bench_function("qr/decode RP2 (SD-JWT)", |b| {
            b.iter(|| qr::decode_payload(black_box(&payload)))
        });
    }

    let text = serde_json::to_string(&signed).unwrap();
    c.bench_function("qr/encode", |b| {
        b.iter(|| qr::encode_payload(black_box(&text)))
    });
    let payload = qr::encode_payload(&text).unwrap();
    c.bench_function("qr/decode", |b| {
        b.iter(|| qr::decode_payload(black_box(&payload)))
    });
    c.bench_function("qr/render_svg", |b| {
        b.iter(|| qr::render_svg(black_box(&payload)))
    });
}

criterion_group!(credentials, benches);
criterion_main!(credentials);
