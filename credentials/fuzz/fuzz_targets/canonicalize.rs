//! Fuzzes RDF canonicalization with small limits: N-Quads (first byte even) or a JSON-LD
//! document (first byte odd). It must never panic or overrun its budget, and what it
//! canonicalizes must canonicalize the same way again, whatever the input's order and
//! labels.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal_credentials::rdf_canon::{canonicalize, parse_nquads, CanonicalizationLimits};
use portal_credentials::rdfc::{canonical_nquads, Contexts};

const LIMITS: CanonicalizationLimits = CanonicalizationLimits {
    max_quads: 64,
    max_blank_nodes: 12,
    max_ndegree_work: 2_000,
};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if mode % 2 == 1 {
        if let Ok(document) = serde_json::from_str::<serde_json::Value>(text) {
            let _ = canonical_nquads(&document, &Contexts::portal().with_limits(LIMITS));
        }
        return;
    }
    let Ok(quads) = parse_nquads(text) else {
        return;
    };
    let Ok(canonical) = canonicalize(&quads, &LIMITS) else {
        return;
    };
    // The canonical form is N-Quads that reads back as an isomorphic dataset: its own
    // canonical form is itself.
    let relabelled = parse_nquads(&canonical).expect("canonical N-Quads parse");
    if let Ok(again) = canonicalize(&relabelled, &LIMITS) {
        assert_eq!(again, canonical, "canonical form is not a fixed point");
    }
    // The order of the input quads does not matter.
    let mut reversed = quads;
    reversed.reverse();
    if let Ok(other) = canonicalize(&reversed, &LIMITS) {
        assert_eq!(other, canonical, "input order changed the canonical form");
    }
});
