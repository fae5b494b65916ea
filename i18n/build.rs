//! Compiles `locales/*.ftl` (Fluent syntax) into typed Rust tables.
//!
//! The build fails, naming file and key, when a locale misses a key that English has, has a key
//! English lacks, or uses different `{ $variables }` than English: a missing translation can
//! never reach a user. Only the Fluent subset the portal needs is accepted (text and variable
//! placeables); anything else is a build error rather than a silently dropped string.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};

/// Locale tags in catalogue order; `en` is the reference every other file is checked against.
const LOCALES: [&str; 4] = ["en", "fr", "ar", "prs"];

type Catalogue = BTreeMap<String, Message>;

struct Message {
    pattern: String,
    variables: BTreeSet<String>,
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut catalogues = Vec::new();
    for tag in LOCALES {
        let path = manifest.join("locales").join(format!("{tag}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
        catalogues.push(parse_catalogue(tag, &source));
    }
    check_consistency(&catalogues);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("catalogue.rs");
    std::fs::write(&out, generate(&catalogues))
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("i18n catalogue error: {message}");
    std::process::exit(1);
}

fn parse_catalogue(tag: &str, source: &str) -> Catalogue {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| fail(&format!("{tag}.ftl does not parse: {errors:?}")));
    let mut catalogue = Catalogue::new();
    for entry in resource.body {
        match entry {
            Entry::Message(message) => {
                let id = message.id.name.to_string();
                let value = message
                    .value
                    .unwrap_or_else(|| fail(&format!("{tag}.ftl: `{id}` has no value")));
                if !message.attributes.is_empty() {
                    fail(&format!(
                        "{tag}.ftl: `{id}` uses attributes, which the portal does not support"
                    ));
                }
                let mut pattern = String::new();
                let mut variables = BTreeSet::new();
                for element in value.elements {
                    match element {
                        PatternElement::TextElement { value } => pattern.push_str(value),
                        PatternElement::Placeable {
                            expression: Expression::Inline(InlineExpression::VariableReference { id }),
                        } => {
                            pattern.push('{');
                            pattern.push_str(id.name);
                            pattern.push('}');
                            variables.insert(id.name.to_string());
                        }
                        PatternElement::Placeable { .. } => fail(&format!(
                            "{tag}.ftl: `{id}` uses a placeable other than a plain `{{ $variable }}`"
                        )),
                    }
                }
                if pattern.trim().is_empty() {
                    fail(&format!("{tag}.ftl: `{id}` is empty"));
                }
                if catalogue
                    .insert(id.clone(), Message { pattern, variables })
                    .is_some()
                {
                    fail(&format!("{tag}.ftl: `{id}` is defined twice"));
                }
            }
            Entry::Term(term) => fail(&format!(
                "{tag}.ftl: terms (-{}) are not supported",
                term.id.name
            )),
            Entry::Junk { content } => {
                fail(&format!("{tag}.ftl: cannot parse `{}`", content.trim()))
            }
            Entry::Comment(_) | Entry::GroupComment(_) | Entry::ResourceComment(_) => {}
        }
    }
    catalogue
}

fn check_consistency(catalogues: &[Catalogue]) {
    let Some((reference, others)) = catalogues.split_first() else {
        fail("no catalogues");
    };
    for (tag, catalogue) in LOCALES.iter().skip(1).zip(others) {
        for (id, message) in reference {
            match catalogue.get(id) {
                None => fail(&format!("{tag}.ftl is missing `{id}`")),
                Some(translated) if translated.variables != message.variables => fail(&format!(
                    "{tag}.ftl: `{id}` uses variables {:?}, English uses {:?}",
                    translated.variables, message.variables
                )),
                Some(_) => {}
            }
        }
        for id in catalogue.keys() {
            if !reference.contains_key(id) {
                fail(&format!(
                    "{tag}.ftl has `{id}`, which en.ftl does not define"
                ));
            }
        }
    }
}

fn variant_name(id: &str) -> String {
    id.split(['-', '_'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn generate(catalogues: &[Catalogue]) -> String {
    let mut out = String::new();
    let reference = catalogues.first().unwrap_or_else(|| fail("no catalogues"));
    out.push_str("/// Every message of the catalogue, named after its Fluent id.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("#[allow(missing_docs)]\npub enum Key {\n");
    for id in reference.keys() {
        let _ = writeln!(out, "    {},", variant_name(id));
    }
    out.push_str("}\n\nimpl Key {\n    /// Every key, in catalogue order.\n");
    let _ = writeln!(out, "    pub const ALL: [Key; {}] = [", reference.len());
    for id in reference.keys() {
        let _ = writeln!(out, "        Key::{},", variant_name(id));
    }
    out.push_str("    ];\n\n    /// The Fluent id of this key, as written in the `.ftl` files.\n");
    out.push_str("    pub const fn id(self) -> &'static str {\n        match self {\n");
    for id in reference.keys() {
        let _ = writeln!(out, "            Key::{} => {:?},", variant_name(id), id);
    }
    out.push_str("        }\n    }\n}\n\n");
    for (tag, catalogue) in LOCALES.iter().zip(catalogues) {
        let _ = writeln!(
            out,
            "static {}: [&str; {}] = [",
            tag.to_ascii_uppercase(),
            reference.len()
        );
        for id in reference.keys() {
            let pattern = catalogue
                .get(id)
                .map(|m| m.pattern.as_str())
                .unwrap_or_default();
            let _ = writeln!(out, "    {pattern:?},");
        }
        out.push_str("];\n\n");
    }
    out
}
