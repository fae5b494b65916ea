//! VC Data Model 2.0: strict validation of the specification's MUSTs and
//! builders for the portal's two credential types.
//!
//! Owns: the `@context` allow-list, the portal's own JSON-LD context document
//! ([`PORTAL_CONTEXT_DOCUMENT`]), structural checks used on issue and on
//! verify, related-resource digests, and the builders for
//! `RefugeeRegistrationCredential` and `HouseholdCredential`. Must never:
//! fetch a context or related resource, embed a photo, or check signatures
//! (that is `jcs`/`jose`/`rdfc`'s job).

use base64::{
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
    Engine as _,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::error::CredentialError;

/// The VC Data Model 2.0 base context; always the first `@context` entry.
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The Data Integrity v2 context (its terms are already in the VC v2
/// context; listing it again is allowed).
pub const DATA_INTEGRITY_V2_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";

/// The W3C examples context, used by test suites and demos of partner systems.
pub const VC_EXAMPLES_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/examples/v2";

/// The VC Data Model 1.1 base context. Credentials of other issuers that follow 1.1 are
/// verified where the policy says so ([`ValidationPolicy::accept_v1_1`]); the portal issues 2.0.
pub const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// The W3C examples context of VC 1.1.
pub const VC_EXAMPLES_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/examples/v1";
/// The context of `StatusList2021Entry`, which VC 1.1 credentials name for their status.
pub const STATUS_LIST_2021_CONTEXT: &str = "https://w3id.org/vc/status-list/2021/v1";

/// Which version of the VC Data Model a credential follows (its first `@context`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataModel {
    /// VC Data Model 1.1 (`https://www.w3.org/2018/credentials/v1`): `issuanceDate`,
    /// `expirationDate`.
    V1_1,
    /// VC Data Model 2.0 (`https://www.w3.org/ns/credentials/v2`): `validFrom`, `validUntil`.
    V2_0,
}

/// Where a deployment serves [`PORTAL_CONTEXT_DOCUMENT`], under its public URL
/// (`https://portal.example.org/ns/credentials/v1`), as `application/ld+json`.
///
/// Credentials name that URL ([`portal_context_url`]), so a third party whose JSON-LD
/// processor fetches contexts can verify them with no portal code. Every deployment serves
/// the same bytes: the terms' IRIs ([`PORTAL_VOCAB`]) are shared, so the canonical form of a
/// credential does not depend on the URL that names the context. Changing the document's
/// meaning needs a new path (`…/v2`).
pub const PORTAL_CONTEXT_PATH: &str = "/ns/credentials/v1";

/// The placeholder URL credentials named before deployments served the context: on a domain
/// nobody serves. Credentials that name it still verify (verifiers use the built-in copy and
/// never fetch it); new credentials name [`portal_context_url`].
pub const LEGACY_PORTAL_CONTEXT_URL: &str = "https://refugee-portal.example/ns/credentials/v1";

/// The URL of the portal's context as served by the deployment at `origin` (its public URL,
/// e.g. `https://portal.example.org`; a trailing `/` is ignored).
pub fn portal_context_url(origin: &str) -> String {
    format!("{}{PORTAL_CONTEXT_PATH}", origin.trim_end_matches('/'))
}

/// The host (and `:port`) a `did:web` DID without a path names, as in a URL's authority:
/// `did:web:localhost%3A3000` → `localhost:3000`. `None` for other DIDs.
fn did_web_authority(did: &str) -> Option<String> {
    let rest = did.strip_prefix("did:web:")?;
    if rest.is_empty() || rest.contains(':') || rest.contains(['/', '?', '#']) {
        return None;
    }
    Some(rest.replacen("%3A", ":", 1).replacen("%3a", ":", 1))
}

/// The authority (`host[:port]`) of an `http(s)://authority/ns/credentials/v1` URL, if `url`
/// has exactly that shape (no user info, query or fragment).
fn portal_context_authority(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.strip_suffix(PORTAL_CONTEXT_PATH)?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!authority.is_empty() && authority.chars().all(plain)).then_some(authority)
}

/// Vocabulary namespace of the portal's terms.
pub const PORTAL_VOCAB: &str = "https://refugee-portal.example/ns/credentials#";

/// The portal's JSON-LD context document, served by each deployment at
/// [`PORTAL_CONTEXT_PATH`] and built into every verifier.
///
/// Terms already defined by the VC v2 context (`name`, `description`, `id`,
/// `type`) are not redefined: that context is protected.
pub const PORTAL_CONTEXT_DOCUMENT: &str = r#"{
  "@context": {
    "@version": 1.1,
    "@protected": true,
    "RefugeeRegistrationCredential": "https://refugee-portal.example/ns/credentials#RefugeeRegistrationCredential",
    "HouseholdCredential": "https://refugee-portal.example/ns/credentials#HouseholdCredential",
    "nameOriginalScript": "https://refugee-portal.example/ns/credentials#nameOriginalScript",
    "birthDate": {
      "@id": "https://schema.org/birthDate",
      "@type": "http://www.w3.org/2001/XMLSchema#date"
    },
    "registrationNumber": "https://refugee-portal.example/ns/credentials#registrationNumber",
    "registrationStatus": "https://refugee-portal.example/ns/credentials#registrationStatus",
    "issuingOffice": "https://refugee-portal.example/ns/credentials#issuingOffice",
    "householdId": "https://refugee-portal.example/ns/credentials#householdId",
    "member": {
      "@id": "https://refugee-portal.example/ns/credentials#member",
      "@container": "@set"
    },
    "relationship": "https://refugee-portal.example/ns/credentials#relationshipToPrincipalApplicant"
  }
}"#;

/// Credential type of a proof of registration.
pub const REGISTRATION_CREDENTIAL_TYPE: &str = "RefugeeRegistrationCredential";
/// Credential type of a household composition.
pub const HOUSEHOLD_CREDENTIAL_TYPE: &str = "HouseholdCredential";

/// Which contexts may follow the VC v2 context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationPolicy {
    /// Context URLs allowed after the first entry.
    pub allowed_contexts: Vec<String>,
    /// Whether inline context objects are allowed after the first entry
    /// (partner credentials; never for the portal's own).
    pub allow_inline_contexts: bool,
    /// Origins of deployments whose served portal context is accepted from any issuer (the
    /// verifying deployment's own public URL: its issuer may be a `did:key`).
    pub portal_origins: Vec<String>,
    /// Whether VC Data Model 1.1 credentials are accepted (verifying other issuers'
    /// credentials from older wallets; never when issuing). Their contexts after the first
    /// are checked like 2.0's, plus the 1.1 examples and `StatusList2021` contexts.
    pub accept_v1_1: bool,
}

impl Default for ValidationPolicy {
    fn default() -> Self {
        Self::portal()
    }
}

impl ValidationPolicy {
    /// The portal's policy: its own context and the Data Integrity context.
    ///
    /// The portal's context is accepted under [`LEGACY_PORTAL_CONTEXT_URL`], under the
    /// issuer's own origin (`http(s)://host/ns/credentials/v1` for `did:web:host`), and under
    /// each of [`ValidationPolicy::portal_origins`].
    pub fn portal() -> Self {
        Self {
            allowed_contexts: vec![
                LEGACY_PORTAL_CONTEXT_URL.into(),
                DATA_INTEGRITY_V2_CONTEXT.into(),
            ],
            allow_inline_contexts: false,
            portal_origins: Vec::new(),
            accept_v1_1: false,
        }
    }

    /// For credentials of partner systems (VC-API): the portal's contexts, the W3C examples
    /// context and inline context objects. JSON-LD processing of such credentials stays
    /// offline (built-in copies) and within the `rdfc` budget.
    pub fn partner() -> Self {
        let mut policy = Self::portal().with_context(VC_EXAMPLES_V2_CONTEXT);
        policy.allow_inline_contexts = true;
        policy
    }

    /// For verifying other issuers' credentials: [`ValidationPolicy::partner`], and VC Data
    /// Model 1.1 credentials as well (older wallets).
    pub fn verifier() -> Self {
        let mut policy = Self::partner();
        policy.accept_v1_1 = true;
        policy
    }

    /// Adds an allowed context URL.
    pub fn with_context(mut self, url: impl Into<String>) -> Self {
        self.allowed_contexts.push(url.into());
        self
    }

    /// Also accepts the portal context served by the deployment at `origin`, whoever issued.
    pub fn with_portal_origin(mut self, origin: &str) -> Self {
        self.portal_origins
            .push(origin.trim_end_matches('/').to_ascii_lowercase());
        self
    }

    /// Whether `url` names the portal's context in a credential of `issuer`: the legacy
    /// placeholder, the issuer's own served context (`did:web` issuers), or one served by an
    /// origin of [`ValidationPolicy::portal_origins`].
    pub fn is_portal_context(&self, url: &str, issuer: Option<&str>) -> bool {
        if url == LEGACY_PORTAL_CONTEXT_URL {
            return true;
        }
        let Some(authority) = portal_context_authority(url) else {
            return false;
        };
        let own = issuer
            .and_then(did_web_authority)
            .is_some_and(|did| did.eq_ignore_ascii_case(authority));
        own || self
            .portal_origins
            .iter()
            .any(|origin| url.eq_ignore_ascii_case(&portal_context_url(origin)))
    }

    /// The `@context` URLs of `document` that name the portal's context under another URL
    /// than [`LEGACY_PORTAL_CONTEXT_URL`] (what a JSON-LD processor with built-in contexts
    /// must read as that one).
    pub fn portal_context_aliases(&self, document: &Value) -> Vec<String> {
        let issuer = named_issuer(document.get("issuer"));
        let urls: Vec<&str> = match document.get("@context") {
            Some(Value::String(url)) => vec![url.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        urls.into_iter()
            .filter(|url| *url != LEGACY_PORTAL_CONTEXT_URL && self.is_portal_context(url, issuer))
            .map(str::to_owned)
            .collect()
    }
}

/// The facts a verifier needs from a structurally valid credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSummary {
    /// The credential's `id`, if any.
    pub id: Option<String>,
    /// Every `type`.
    pub types: Vec<String>,
    /// The issuer URL (from a string or the object's `id`).
    pub issuer: String,
    /// `validFrom`, if present.
    pub valid_from: Option<DateTime<Utc>>,
    /// `validUntil`, if present.
    pub valid_until: Option<DateTime<Utc>>,
    /// Each `credentialStatus` entry.
    pub statuses: Vec<Value>,
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> CredentialError {
    CredentialError::InvalidCredential {
        field: field.into(),
        reason: reason.into(),
    }
}

/// Whether `text` is an absolute URL (RFC 3986 scheme, then a non-empty
/// rest, no whitespace or control characters). DIDs and URNs qualify.
pub fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut sb = scheme.bytes();
    sb.next().is_some_and(|b| b.is_ascii_alphabetic())
        && sb.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Parses an XML Schema `dateTimeStamp` (a date-time with a mandatory time
/// zone), e.g. `2026-05-01T08:00:00Z` or `2026-05-01T10:00:00.5+02:00`.
pub fn parse_date_time_stamp(text: &str) -> Result<DateTime<Utc>, CredentialError> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|s| !s.is_empty() && s.iter().all(u8::is_ascii_digit))
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let mut ok = b.len() >= 20
        && digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    let mut i = 19;
    if ok && at(i, b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        ok = i > start;
    }
    let tz = b.get(i..).unwrap_or_default();
    ok = ok
        && (tz == b"Z"
            || (tz.len() == 6
                && matches!(tz.first(), Some(b'+' | b'-'))
                && digits(i + 1..i + 3)
                && at(i + 3, b':')
                && digits(i + 4..i + 6)));
    if !ok {
        return Err(invalid(
            "dateTime",
            format!("{text:?} is not an XML dateTimeStamp"),
        ));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| invalid("dateTime", format!("{text:?}: {e}")))
}

/// Formats a time as an XML `dateTimeStamp` in UTC, whole seconds.
pub fn format_date_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn one_or_many(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// The issuer a credential names (a URL, or an object's `id`), read leniently.
fn named_issuer(issuer: Option<&Value>) -> Option<&str> {
    issuer.and_then(|issuer| {
        issuer
            .as_str()
            .or_else(|| issuer.get("id").and_then(Value::as_str))
    })
}

fn check_contexts(
    doc: &Map<String, Value>,
    policy: &ValidationPolicy,
) -> Result<DataModel, CredentialError> {
    let contexts = doc
        .get("@context")
        .ok_or_else(|| invalid("@context", "is missing"))?
        .as_array()
        .ok_or_else(|| invalid("@context", "must be an array"))?;
    // Read leniently here: `check_issuer` reports a missing or malformed issuer.
    let issuer = named_issuer(doc.get("issuer"));
    let mut iter = contexts.iter();
    let model = match iter.next().and_then(Value::as_str) {
        Some(VC_V2_CONTEXT) => DataModel::V2_0,
        Some(VC_V1_CONTEXT) if policy.accept_v1_1 => DataModel::V1_1,
        Some(VC_V1_CONTEXT) => {
            return Err(invalid(
                "@context",
                format!(
                "this is a VC Data Model 1.1 credential; the first entry must be {VC_V2_CONTEXT}"
            ),
            ))
        }
        _ => {
            return Err(invalid(
                "@context",
                format!("first entry must be {VC_V2_CONTEXT}"),
            ))
        }
    };
    let v1_extra = |url: &str| {
        model == DataModel::V1_1 && matches!(url, VC_EXAMPLES_V1_CONTEXT | STATUS_LIST_2021_CONTEXT)
    };
    for ctx in iter {
        if ctx.is_object() && policy.allow_inline_contexts {
            continue;
        }
        let url = ctx
            .as_str()
            .ok_or_else(|| invalid("@context", "inline context objects are not allowed"))?;
        if !policy.allowed_contexts.iter().any(|a| a == url)
            && !policy.is_portal_context(url, issuer)
            && !v1_extra(url)
        {
            return Err(invalid("@context", format!("context {url} is not allowed")));
        }
    }
    Ok(model)
}

fn check_types(doc: &Map<String, Value>) -> Result<Vec<String>, CredentialError> {
    let types = doc
        .get("type")
        .ok_or_else(|| invalid("type", "is missing"))?;
    let types = one_or_many(types)
        .into_iter()
        .map(|t| t.as_str().map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| invalid("type", "entries must be strings"))?;
    if !types.iter().any(|t| t == "VerifiableCredential") {
        return Err(invalid("type", "must include VerifiableCredential"));
    }
    Ok(types)
}

fn check_issuer(doc: &Map<String, Value>) -> Result<String, CredentialError> {
    let issuer = match doc.get("issuer") {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) => o
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("issuer", "object must have an id"))?,
        Some(_) => return Err(invalid("issuer", "must be a URL or an object with an id")),
        None => return Err(invalid("issuer", "is missing")),
    };
    if !is_url(issuer) {
        return Err(invalid("issuer", "must be a URL"));
    }
    Ok(issuer.to_string())
}

/// Whether `value` is a language value object: `@value` text, optional `@language` (a BCP 47
/// tag's shape) and `@direction` (`ltr` or `rtl`), nothing else.
fn is_language_value(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    let tag = |t: &str| {
        !t.is_empty()
            && t.len() <= 35
            && t.split('-').all(|part| {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            })
    };
    object.get("@value").is_some_and(Value::is_string)
        && object.iter().all(|(key, inner)| match key.as_str() {
            "@value" => true,
            "@language" => inner.as_str().is_some_and(tag),
            "@direction" => matches!(inner.as_str(), Some("ltr" | "rtl")),
            _ => false,
        })
}

/// VC 2.0 §4.6: `name` and `description`, where present on the credential or its issuer, are
/// text or language value objects (one, or several for several languages).
fn check_names(doc: &Map<String, Value>) -> Result<(), CredentialError> {
    let issuer = doc.get("issuer").and_then(Value::as_object);
    let places = [(None, Some(doc)), (Some("issuer"), issuer)];
    for (prefix, object) in places {
        let Some(object) = object else { continue };
        for field in ["name", "description"] {
            let Some(value) = object.get(field) else {
                continue;
            };
            let valid = match value {
                Value::String(_) => true,
                Value::Array(items) => !items.is_empty() && items.iter().all(is_language_value),
                other => is_language_value(other),
            };
            if !valid {
                let path = prefix.map_or(field.to_owned(), |p| format!("{p}.{field}"));
                return Err(invalid(
                    &path,
                    "must be text or a language value object (@value with @language or @direction)",
                ));
            }
        }
    }
    Ok(())
}

fn check_subjects(doc: &Map<String, Value>) -> Result<(), CredentialError> {
    let subject = doc
        .get("credentialSubject")
        .ok_or_else(|| invalid("credentialSubject", "is missing"))?;
    let subjects = one_or_many(subject);
    if subjects.is_empty() {
        return Err(invalid("credentialSubject", "must not be empty"));
    }
    for s in subjects {
        let obj = s
            .as_object()
            .ok_or_else(|| invalid("credentialSubject", "entries must be objects"))?;
        if obj.is_empty() {
            return Err(invalid("credentialSubject", "entries must not be empty"));
        }
        if let Some(id) = obj.get("id") {
            if !id.as_str().is_some_and(is_url) {
                return Err(invalid("credentialSubject.id", "must be a URL"));
            }
        }
    }
    Ok(())
}

fn check_typed_entries(
    doc: &Map<String, Value>,
    field: &str,
) -> Result<Vec<Value>, CredentialError> {
    let Some(value) = doc.get(field) else {
        return Ok(Vec::new());
    };
    let entries = one_or_many(value);
    for entry in &entries {
        let obj = entry
            .as_object()
            .ok_or_else(|| invalid(field, "entries must be objects"))?;
        match obj.get("type") {
            Some(Value::String(_)) => {}
            Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_string) => {}
            _ => return Err(invalid(field, "every entry must have a type")),
        }
        if let Some(id) = obj.get("id") {
            if !id.as_str().is_some_and(is_url) {
                return Err(invalid(format!("{field}.id"), "must be a URL"));
            }
        }
        if field == "credentialSchema" && obj.get("id").is_none() {
            return Err(invalid(field, "every entry must have an id"));
        }
    }
    Ok(entries.into_iter().cloned().collect())
}

/// Checks the `relatedResource` entries' shape (VC 2.0 §5.3), and the digest of each resource
/// the verifier holds itself: the portal's context, under any name `policy` gives it for this
/// `issuer`. Nothing is fetched: another resource's digest stays for whoever can fetch it.
fn check_related_resources(
    doc: &Map<String, Value>,
    policy: &ValidationPolicy,
    issuer: &str,
) -> Result<(), CredentialError> {
    let Some(value) = doc.get("relatedResource") else {
        return Ok(());
    };
    let mut seen: Vec<&str> = Vec::new();
    for entry in one_or_many(value) {
        let obj = entry
            .as_object()
            .ok_or_else(|| invalid("relatedResource", "entries must be objects"))?;
        let Some(id) = obj
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| is_url(id))
        else {
            return Err(invalid("relatedResource.id", "must be a URL"));
        };
        // VC 2.0 §5.3: each id appears once (two digests for one resource cannot both hold).
        if seen.contains(&id) {
            return Err(invalid(
                "relatedResource.id",
                "each resource may be listed once",
            ));
        }
        seen.push(id);
        let sri = obj.get("digestSRI");
        let mb = obj.get("digestMultibase");
        if sri.is_none() && mb.is_none() {
            return Err(invalid(
                "relatedResource",
                "every entry needs digestSRI or digestMultibase",
            ));
        }
        if sri.is_some_and(|v| !v.is_string()) || mb.is_some_and(|v| !v.is_string()) {
            return Err(invalid("relatedResource", "digests must be strings"));
        }
        if policy.is_portal_context(id, Some(issuer)) {
            check_related_resource(entry, PORTAL_CONTEXT_DOCUMENT.as_bytes())?;
        }
    }
    Ok(())
}

/// `validFrom` and `validUntil`, each optional.
type ValidityPeriod = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn check_validity_period(
    doc: &Map<String, Value>,
    model: DataModel,
) -> Result<ValidityPeriod, CredentialError> {
    let get = |field: &str| -> Result<Option<DateTime<Utc>>, CredentialError> {
        match doc.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => parse_date_time_stamp(s)
                .map(Some)
                .map_err(|_| invalid(field, format!("{s:?} is not an XML dateTimeStamp"))),
            Some(_) => Err(invalid(field, "must be a string")),
        }
    };
    let (start, end) = match model {
        DataModel::V2_0 => ("validFrom", "validUntil"),
        DataModel::V1_1 => {
            // 1.1's context does not define 2.0's terms: a mix is neither.
            if let Some(field) = ["validFrom", "validUntil"]
                .into_iter()
                .find(|f| doc.contains_key(*f))
            {
                return Err(invalid(
                    field,
                    "is VC Data Model 2.0; a 1.1 credential has issuanceDate and expirationDate",
                ));
            }
            ("issuanceDate", "expirationDate")
        }
    };
    let from = get(start)?;
    let until = get(end)?;
    if model == DataModel::V1_1 && from.is_none() {
        return Err(invalid(
            "issuanceDate",
            "is missing (VC Data Model 1.1 requires it)",
        ));
    }
    if let (Some(f), Some(u)) = (from, until) {
        if u <= f {
            return Err(invalid(end, format!("must be later than {start}")));
        }
    }
    Ok((from, until))
}

/// Checks a credential (with or without `proof`) against the MUSTs of the
/// VC Data Model 2.0 (or 1.1, where the policy accepts it) and the context allow-list, and
/// returns its summary (a 1.1 credential's `issuanceDate` and `expirationDate` as its
/// validity period).
pub fn validate_credential(
    credential: &Value,
    policy: &ValidationPolicy,
) -> Result<CredentialSummary, CredentialError> {
    let doc = credential
        .as_object()
        .ok_or_else(|| invalid("credential", "must be a JSON object"))?;
    let model = check_contexts(doc, policy)?;
    let id = match doc.get("id") {
        None => None,
        Some(Value::String(s)) if is_url(s) => Some(s.clone()),
        Some(_) => return Err(invalid("id", "must be a URL")),
    };
    let types = check_types(doc)?;
    let issuer = check_issuer(doc)?;
    check_names(doc)?;
    check_subjects(doc)?;
    let (valid_from, valid_until) = check_validity_period(doc, model)?;
    let statuses = check_typed_entries(doc, "credentialStatus")?;
    for field in [
        "credentialSchema",
        "refreshService",
        "termsOfUse",
        "evidence",
    ] {
        check_typed_entries(doc, field)?;
    }
    check_related_resources(doc, policy, &issuer)?;
    Ok(CredentialSummary {
        id,
        types,
        issuer,
        valid_from,
        valid_until,
        statuses,
    })
}

/// The `digestSRI` (sha384) of some bytes: `sha384-` + base64.
pub fn digest_sri_sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", STANDARD.encode(Sha384::digest(bytes)))
}

/// The `digestSRI` (sha256) of some bytes: `sha256-` + base64. Used for the photo: 16 bytes
/// shorter than sha384 in every QR code; 128-bit collision resistance is ample to bind a photo.
pub fn digest_sri_sha256(bytes: &[u8]) -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(bytes)))
}

/// The `digestMultibase` of some bytes: base64url multibase (`u`) of a
/// sha2-256 multihash.
pub fn digest_multibase_sha256(bytes: &[u8]) -> String {
    let mut mh = vec![0x12, 0x20];
    mh.extend_from_slice(&Sha256::digest(bytes));
    format!("u{}", URL_SAFE_NO_PAD.encode(mh))
}

fn sri_matches(sri: &str, bytes: &[u8]) -> Result<bool, CredentialError> {
    // An SRI string may list several digests; all listed ones must match.
    let mut any = false;
    for token in sri.split_whitespace() {
        let (alg, b64) = token
            .split_once('-')
            .ok_or_else(|| invalid("digestSRI", "malformed"))?;
        let b64 = b64.split('?').next().unwrap_or_default();
        let expected = STANDARD
            .decode(b64)
            .map_err(|_| invalid("digestSRI", "not base64"))?;
        let actual: Vec<u8> = match alg {
            "sha256" => Sha256::digest(bytes).to_vec(),
            "sha384" => Sha384::digest(bytes).to_vec(),
            "sha512" => Sha512::digest(bytes).to_vec(),
            other => {
                return Err(invalid(
                    "digestSRI",
                    format!("unsupported algorithm {other}"),
                ))
            }
        };
        if actual != expected {
            return Ok(false);
        }
        any = true;
    }
    Ok(any)
}

fn multibase_matches(text: &str, bytes: &[u8]) -> Result<bool, CredentialError> {
    let mut chars = text.chars();
    let decoded = match chars.next() {
        Some('u') => URL_SAFE_NO_PAD
            .decode(chars.as_str())
            .map_err(|_| invalid("digestMultibase", "not base64url"))?,
        Some('z') => bs58::decode(chars.as_str())
            .into_vec()
            .map_err(|_| invalid("digestMultibase", "not base58btc"))?,
        _ => return Err(invalid("digestMultibase", "unsupported multibase")),
    };
    let (actual, rest): (Vec<u8>, &[u8]) = match decoded.as_slice() {
        [0x12, 0x20, rest @ ..] => (Sha256::digest(bytes).to_vec(), rest),
        [0x20, 0x30, rest @ ..] => (Sha384::digest(bytes).to_vec(), rest),
        [0x13, 0x40, rest @ ..] => (Sha512::digest(bytes).to_vec(), rest),
        _ => return Err(invalid("digestMultibase", "unsupported multihash")),
    };
    Ok(actual == rest)
}

/// Checks fetched bytes against a `relatedResource` entry's digests (every
/// digest present must match).
pub fn check_related_resource(entry: &Value, bytes: &[u8]) -> Result<(), CredentialError> {
    let id = entry
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("(no id)")
        .to_string();
    let sri = entry.get("digestSRI").and_then(Value::as_str);
    let mb = entry.get("digestMultibase").and_then(Value::as_str);
    if sri.is_none() && mb.is_none() {
        return Err(invalid("relatedResource", "entry has no digest"));
    }
    if let Some(s) = sri {
        if !sri_matches(s, bytes)? {
            return Err(CredentialError::DigestMismatch(id));
        }
    }
    if let Some(m) = mb {
        if !multibase_matches(m, bytes)? {
            return Err(CredentialError::DigestMismatch(id));
        }
    }
    Ok(())
}

/// A registration number as printed on the registration slip: 3 to 32
/// characters of `A-Z`, `0-9`, `-` and `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
    /// Parses and normalizes (upper case, trimmed) a registration number.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let t = text.trim().to_ascii_uppercase();
        let ok = (3..=32).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'/'));
        if ok {
            Ok(Self(t))
        } else {
            Err(invalid(
                "registrationNumber",
                "3-32 characters of A-Z, 0-9, - and /",
            ))
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegistrationNumber {
    type Error = CredentialError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<RegistrationNumber> for String {
    fn from(value: RegistrationNumber) -> Self {
        value.0
    }
}

/// State of a person's registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegistrationStatus {
    /// Registered and current.
    Active,
    /// Registration started, not yet confirmed.
    Pending,
    /// Temporarily inactive (e.g. not seen at verification).
    Inactive,
    /// Case closed.
    Closed,
}

/// A name in its original script with its BCP 47 language tag (serialized
/// as a JSON-LD value object, e.g. `{"@value": "أمينة", "@language": "ar"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageString {
    /// The text.
    #[serde(rename = "@value")]
    pub value: String,
    /// BCP 47 language tag.
    #[serde(rename = "@language")]
    pub language: String,
}

/// A photo kept outside the credential and bound to it by a sha-256 digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoReference {
    /// Where the photo can be fetched (by an authorized verifier).
    pub url: String,
    /// Its media type, e.g. `image/jpeg`.
    pub media_type: String,
    /// `sha256-…` SRI digest of the exact bytes.
    pub digest_sri: String,
}

impl PhotoReference {
    /// References a photo by URL, computing the digest from its bytes.
    pub fn from_bytes(url: impl Into<String>, media_type: impl Into<String>, bytes: &[u8]) -> Self {
        Self {
            url: url.into(),
            media_type: media_type.into(),
            digest_sri: digest_sri_sha256(bytes),
        }
    }

    fn to_related_resource(&self) -> Value {
        json!({ "id": self.url, "mediaType": self.media_type, "digestSRI": self.digest_sri })
    }
}

/// Properties every portal credential shares.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialEnvelope {
    /// The URL naming the portal's context: [`portal_context_url`] of the issuing deployment
    /// (or [`LEGACY_PORTAL_CONTEXT_URL`]).
    pub context: String,
    /// The credential's id (e.g. `urn:uuid:…`), chosen by the caller.
    pub id: String,
    /// Issuer DID (e.g. `did:web:refugee-portal.example`).
    pub issuer: String,
    /// Start of validity.
    pub valid_from: DateTime<Utc>,
    /// End of validity, if any.
    pub valid_until: Option<DateTime<Utc>>,
    /// `credentialStatus` entries (see `status::BitstringStatusListEntry`).
    pub status: Vec<Value>,
}

impl CredentialEnvelope {
    fn into_credential(
        self,
        kind: &str,
        subject: Value,
        related: Vec<Value>,
    ) -> Result<Value, CredentialError> {
        let policy = match self.context.strip_suffix(PORTAL_CONTEXT_PATH) {
            Some(origin) if portal_context_authority(&self.context).is_some() => {
                ValidationPolicy::portal().with_portal_origin(origin)
            }
            _ => ValidationPolicy::portal(),
        };
        let mut vc = Map::new();
        vc.insert("@context".into(), json!([VC_V2_CONTEXT, self.context]));
        vc.insert("id".into(), Value::String(self.id));
        vc.insert("type".into(), json!(["VerifiableCredential", kind]));
        vc.insert("issuer".into(), Value::String(self.issuer));
        vc.insert(
            "validFrom".into(),
            Value::String(format_date_time(self.valid_from)),
        );
        if let Some(until) = self.valid_until {
            vc.insert("validUntil".into(), Value::String(format_date_time(until)));
        }
        vc.insert("credentialSubject".into(), subject);
        match self.status.len() {
            0 => {}
            1 => {
                vc.insert(
                    "credentialStatus".into(),
                    self.status.into_iter().next().unwrap_or_default(),
                );
            }
            _ => {
                vc.insert("credentialStatus".into(), Value::Array(self.status));
            }
        }
        if !related.is_empty() {
            vc.insert("relatedResource".into(), Value::Array(related));
        }
        let vc = Value::Object(vc);
        validate_credential(&vc, &policy)?;
        Ok(vc)
    }
}

/// Subject of a `RefugeeRegistrationCredential` (proof of registration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationSubject {
    /// The holder's DID, if they have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name in Latin script, as registered.
    pub name: String,
    /// Name in its original script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_original_script: Option<LanguageString>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Registration number.
    pub registration_number: RegistrationNumber,
    /// Registration status at issuance.
    pub registration_status: RegistrationStatus,
    /// The office that registered the person.
    pub issuing_office: String,
}

/// Builds an unsigned `RefugeeRegistrationCredential`; the optional photo is
/// referenced as a `relatedResource` with a sha-256 `digestSRI`, never
/// embedded.
pub fn registration_credential(
    envelope: CredentialEnvelope,
    subject: &RegistrationSubject,
    photo: Option<&PhotoReference>,
) -> Result<Value, CredentialError> {
    if subject.name.trim().is_empty() || subject.issuing_office.trim().is_empty() {
        return Err(invalid(
            "credentialSubject",
            "name and issuingOffice are required",
        ));
    }
    let related = photo
        .map(PhotoReference::to_related_resource)
        .into_iter()
        .collect();
    envelope.into_credential(
        REGISTRATION_CREDENTIAL_TYPE,
        serde_json::to_value(subject)?,
        related,
    )
}

/// A household member's relationship to the principal applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// The principal applicant themself.
    PrincipalApplicant,
    /// Husband or wife.
    Spouse,
    /// Son or daughter.
    Child,
    /// Mother or father.
    Parent,
    /// Brother or sister.
    Sibling,
    /// Grandchild.
    Grandchild,
    /// Grandparent.
    Grandparent,
    /// Any other relative.
    OtherRelative,
    /// Not related (e.g. an unaccompanied minor in care).
    NotRelated,
}

/// One member of a household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdMember {
    /// Name in Latin script.
    pub name: String,
    /// Name in its original script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_original_script: Option<LanguageString>,
    /// Relationship to the principal applicant.
    pub relationship: Relationship,
    /// Date of birth, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Individual registration number, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<RegistrationNumber>,
}

/// Subject of a `HouseholdCredential`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdSubject {
    /// The principal applicant's DID, if they have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The household (case) number.
    pub household_id: RegistrationNumber,
    /// Every member, the principal applicant included exactly once.
    pub member: Vec<HouseholdMember>,
}

/// Builds an unsigned `HouseholdCredential`.
pub fn household_credential(
    envelope: CredentialEnvelope,
    subject: &HouseholdSubject,
) -> Result<Value, CredentialError> {
    let principals = subject
        .member
        .iter()
        .filter(|m| m.relationship == Relationship::PrincipalApplicant)
        .count();
    if principals != 1 {
        return Err(invalid(
            "credentialSubject.member",
            "exactly one principal applicant is required",
        ));
    }
    if subject.member.iter().any(|m| m.name.trim().is_empty()) {
        return Err(invalid(
            "credentialSubject.member",
            "every member needs a name",
        ));
    }
    envelope.into_credential(
        HOUSEHOLD_CREDENTIAL_TYPE,
        serde_json::to_value(subject)?,
        Vec::new(),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    pub(crate) fn envelope() -> CredentialEnvelope {
        CredentialEnvelope {
            context: portal_context_url("https://refugee-portal.example"),
            id: "urn:uuid:6f1c2b9e-0d5a-4b7c-9f4e-3a2b1c0d9e8f".into(),
            issuer: "did:web:refugee-portal.example".into(),
            valid_from: t(2026, 5, 1),
            valid_until: Some(t(2028, 5, 1)),
            status: vec![json!({
                "id": "https://refugee-portal.example/status/1#94567",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": "94567",
                "statusListCredential": "https://refugee-portal.example/status/1"
            })],
        }
    }

    pub(crate) fn amina() -> RegistrationSubject {
        RegistrationSubject {
            id: None,
            name: "Amina Al-Hassan".into(),
            name_original_script: Some(LanguageString {
                value: "أمينة الحسن".into(),
                language: "ar".into(),
            }),
            birth_date: NaiveDate::from_ymd_opt(1992, 3, 14).unwrap(),
            registration_number: RegistrationNumber::parse("JOR-AMM-2026-004512").unwrap(),
            registration_status: RegistrationStatus::Active,
            issuing_office: "Amman Registration Office".into(),
        }
    }

    pub(crate) fn registration() -> Value {
        let photo = PhotoReference::from_bytes(
            "https://refugee-portal.example/photos/6f1c2b9e.jpg",
            "image/jpeg",
            b"\xff\xd8\xff\xe0 fake jpeg",
        );
        registration_credential(envelope(), &amina(), Some(&photo)).unwrap()
    }

    fn policy() -> ValidationPolicy {
        ValidationPolicy::portal()
    }

    fn expect_invalid(vc: &Value, field: &str) {
        match validate_credential(vc, &policy()) {
            Err(CredentialError::InvalidCredential { field: f, .. }) => assert_eq!(f, field),
            other => panic!("expected invalid {field}, got {other:?}"),
        }
    }

    #[test]
    fn registration_credential_has_the_expected_shape() {
        let vc = registration();
        assert_eq!(
            vc["@context"],
            json!([
                VC_V2_CONTEXT,
                "https://refugee-portal.example/ns/credentials/v1"
            ])
        );
        assert_eq!(
            vc["type"],
            json!(["VerifiableCredential", "RefugeeRegistrationCredential"])
        );
        assert_eq!(vc["validFrom"], "2026-05-01T00:00:00Z");
        assert_eq!(vc["credentialSubject"]["birthDate"], "1992-03-14");
        assert_eq!(
            vc["credentialSubject"]["registrationNumber"],
            "JOR-AMM-2026-004512"
        );
        assert_eq!(vc["credentialSubject"]["registrationStatus"], "active");
        assert_eq!(
            vc["credentialSubject"]["nameOriginalScript"]["@language"],
            "ar"
        );
        assert!(vc["relatedResource"][0]["digestSRI"]
            .as_str()
            .unwrap()
            .starts_with("sha256-"));
        assert!(vc["credentialSubject"].get("photo").is_none());
        let summary = validate_credential(&vc, &policy()).unwrap();
        assert_eq!(summary.issuer, "did:web:refugee-portal.example");
        assert_eq!(summary.valid_until, Some(t(2028, 5, 1)));
        assert_eq!(summary.statuses.len(), 1);
    }

    #[test]
    fn household_credential_needs_exactly_one_principal() {
        let member = |name: &str, relationship| HouseholdMember {
            name: name.into(),
            name_original_script: None,
            relationship,
            birth_date: None,
            registration_number: None,
        };
        let mut subject = HouseholdSubject {
            id: None,
            household_id: RegistrationNumber::parse("HH-2026-0042").unwrap(),
            member: vec![
                member("Amina Al-Hassan", Relationship::PrincipalApplicant),
                member("Omar Al-Hassan", Relationship::Child),
            ],
        };
        let vc = household_credential(envelope(), &subject).unwrap();
        assert_eq!(
            vc["credentialSubject"]["member"][1]["relationship"],
            "child"
        );
        assert_eq!(vc["type"][1], "HouseholdCredential");
        subject
            .member
            .push(member("Sara", Relationship::PrincipalApplicant));
        assert!(household_credential(envelope(), &subject).is_err());
        subject.member.clear();
        assert!(household_credential(envelope(), &subject).is_err());
    }

    #[test]
    fn registration_numbers_parse_not_validate() {
        assert_eq!(
            RegistrationNumber::parse(" jor-1/2 ").unwrap().as_str(),
            "JOR-1/2"
        );
        assert!(RegistrationNumber::parse("ab").is_err());
        assert!(RegistrationNumber::parse("ABC DEF").is_err());
        assert!(serde_json::from_value::<RegistrationNumber>(json!("x")).is_err());
    }

    #[test]
    fn partner_credentials_may_use_the_examples_context_and_inline_contexts() {
        let mut vc = json!({
            "@context": [VC_V2_CONTEXT, VC_EXAMPLES_V2_CONTEXT, {"@vocab": "https://partner.example/#"}],
            "type": ["VerifiableCredential"],
            "issuer": "did:example:partner",
            "credentialSubject": { "id": "did:example:subject" }
        });
        assert!(validate_credential(&vc, &ValidationPolicy::partner()).is_ok());
        assert!(validate_credential(&vc, &ValidationPolicy::portal()).is_err());
        vc["@context"] = json!([{"@vocab": "x"}]);
        assert!(validate_credential(&vc, &ValidationPolicy::partner()).is_err());
    }

    #[test]
    fn context_must_start_with_vc_v2_and_use_allowed_contexts_only() {
        let mut vc = registration();
        vc["@context"] = json!([LEGACY_PORTAL_CONTEXT_URL, VC_V2_CONTEXT]);
        expect_invalid(&vc, "@context");
        vc["@context"] = json!(VC_V2_CONTEXT);
        expect_invalid(&vc, "@context");
        vc["@context"] = json!([VC_V2_CONTEXT, "https://evil.example/ctx"]);
        expect_invalid(&vc, "@context");
        vc["@context"] = json!([VC_V2_CONTEXT, {"@vocab": "https://evil.example#"}]);
        expect_invalid(&vc, "@context");
        vc["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
        expect_invalid(&vc, "@context");
        vc.as_object_mut().unwrap().remove("@context");
        expect_invalid(&vc, "@context");
        vc = registration();
        vc["@context"] = json!([VC_V2_CONTEXT, "https://evil.example/ctx"]);
        assert!(
            validate_credential(&vc, &policy().with_context("https://evil.example/ctx")).is_ok()
        );
    }

    /// A registration credential of the deployment at `origin` (issuer `did`), naming `context`.
    fn credential_of(did: &str, context: &str) -> Value {
        let mut vc = registration();
        vc["issuer"] = json!(did);
        vc["@context"] = json!([VC_V2_CONTEXT, context]);
        vc
    }

    #[test]
    fn a_deployment_names_the_context_it_serves() {
        let served = CredentialEnvelope {
            context: portal_context_url("https://portal.example.org/"),
            issuer: "did:web:portal.example.org".into(),
            ..envelope()
        };
        let vc = registration_credential(served, &amina(), None).unwrap();
        assert_eq!(
            vc["@context"],
            json!([
                VC_V2_CONTEXT,
                "https://portal.example.org/ns/credentials/v1"
            ])
        );
        // A local run on http, with a port: the DID encodes the port, the URL is the origin's.
        let local = CredentialEnvelope {
            context: portal_context_url("http://localhost:3000"),
            issuer: "did:web:localhost%3A3000".into(),
            ..envelope()
        };
        assert!(registration_credential(local, &amina(), None).is_ok());
        // A did:key deployment: the builder trusts the origin it was given.
        let keyed = CredentialEnvelope {
            context: portal_context_url("http://192.168.1.20:3000"),
            issuer: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into(),
            ..envelope()
        };
        assert!(registration_credential(keyed, &amina(), None).is_ok());
        // Anything else is not the portal's context.
        let other = CredentialEnvelope {
            context: "https://portal.example.org/contexts/mine".into(),
            ..envelope()
        };
        assert!(registration_credential(other, &amina(), None).is_err());
    }

    #[test]
    fn the_served_context_is_accepted_from_its_own_issuer_only() {
        let portal = ValidationPolicy::portal();
        let ok = |vc: &Value, policy: &ValidationPolicy| validate_credential(vc, policy).is_ok();
        let own = "https://portal.example.org/ns/credentials/v1";
        assert!(ok(
            &credential_of("did:web:portal.example.org", own),
            &portal
        ));
        assert!(ok(
            &credential_of("did:web:PORTAL.example.org", own),
            &portal
        ));
        assert!(ok(
            &credential_of(
                "did:web:localhost%3A3000",
                "http://localhost:3000/ns/credentials/v1"
            ),
            &portal
        ));
        // Old credentials name the placeholder: they still pass, whoever issued them.
        assert!(ok(
            &credential_of("did:web:portal.example.org", LEGACY_PORTAL_CONTEXT_URL),
            &portal
        ));
        // Another deployment's context in this issuer's credential: not the portal's.
        let theirs = credential_of(
            "did:web:portal.example.org",
            "https://other.example/ns/credentials/v1",
        );
        expect_invalid(&theirs, "@context");
        // ... unless the verifier names that deployment (its own, in did:key mode).
        assert!(ok(
            &theirs,
            &portal.clone().with_portal_origin("https://other.example/")
        ));
        let keyed = credential_of(
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            own,
        );
        expect_invalid(&keyed, "@context");
        assert!(ok(
            &keyed,
            &portal
                .clone()
                .with_portal_origin("https://portal.example.org")
        ));
        // Look-alikes of the path or the host.
        for url in [
            "https://portal.example.org/ns/credentials/v1?x=1",
            "https://portal.example.org/ns/credentials/v1#x",
            "https://portal.example.org/ns/credentials/v2",
            "https://portal.example.org/x/ns/credentials/v1",
            "https://evil@portal.example.org/ns/credentials/v1",
            "https://portal.example.org.evil.example/ns/credentials/v1",
            "ftp://portal.example.org/ns/credentials/v1",
        ] {
            expect_invalid(
                &credential_of("did:web:portal.example.org", url),
                "@context",
            );
        }
        // A did:web with a path names a document under that path, not an origin.
        expect_invalid(
            &credential_of("did:web:portal.example.org:people", own),
            "@context",
        );
    }

    #[test]
    fn vc_1_1_is_read_only_by_the_verifier_policy() {
        let vc = json!({
            "@context": [VC_V1_CONTEXT, VC_EXAMPLES_V1_CONTEXT, STATUS_LIST_2021_CONTEXT],
            "type": ["VerifiableCredential"],
            "issuer": { "id": "did:web:school.example", "name": "A school" },
            "issuanceDate": "2025-09-01T00:00:00Z",
            "expirationDate": "2026-09-01T00:00:00Z",
            "credentialSubject": { "id": "did:example:pupil" }
        });
        let summary = validate_credential(&vc, &ValidationPolicy::verifier()).unwrap();
        assert_eq!(
            summary.valid_from,
            Some(Utc.with_ymd_and_hms(2025, 9, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(
            summary.valid_until,
            Some(Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap())
        );
        for policy in [ValidationPolicy::portal(), ValidationPolicy::partner()] {
            assert!(validate_credential(&vc, &policy).is_err());
        }
        // 1.1's extra contexts do not open 2.0 credentials to them.
        let mut v2 = registration();
        v2["@context"] = json!([VC_V2_CONTEXT, STATUS_LIST_2021_CONTEXT]);
        assert!(validate_credential(&v2, &ValidationPolicy::verifier()).is_err());
        let field = |vc: &Value| match validate_credential(vc, &ValidationPolicy::verifier()) {
            Err(CredentialError::InvalidCredential { field, .. }) => field,
            other => panic!("expected invalid, got {other:?}"),
        };
        let mut backwards = vc.clone();
        backwards["expirationDate"] = json!("2025-08-01T00:00:00Z");
        assert_eq!(field(&backwards), "expirationDate");
        let mut undated = vc.clone();
        undated.as_object_mut().unwrap().remove("issuanceDate");
        assert_eq!(field(&undated), "issuanceDate");
        let mut mixed = vc.clone();
        mixed["validUntil"] = json!("2026-09-01T00:00:00Z");
        assert_eq!(field(&mixed), "validUntil");
        let mut local = vc;
        local["issuanceDate"] = json!("2025-09-01T00:00:00");
        assert_eq!(field(&local), "issuanceDate");
    }

    #[test]
    fn aliases_are_the_served_urls_a_built_in_copy_stands_for() {
        let policy = ValidationPolicy::portal();
        let own = "https://portal.example.org/ns/credentials/v1";
        let vc = credential_of("did:web:portal.example.org", own);
        assert_eq!(policy.portal_context_aliases(&vc), vec![own.to_owned()]);
        let legacy = credential_of("did:web:portal.example.org", LEGACY_PORTAL_CONTEXT_URL);
        assert!(policy.portal_context_aliases(&legacy).is_empty());
        let foreign = credential_of("did:web:other.example", own);
        assert!(policy.portal_context_aliases(&foreign).is_empty());
    }

    #[test]
    fn type_must_include_verifiable_credential() {
        let mut vc = registration();
        vc["type"] = json!(["RefugeeRegistrationCredential"]);
        expect_invalid(&vc, "type");
        vc["type"] = json!("VerifiableCredential");
        assert!(validate_credential(&vc, &policy()).is_ok());
        vc["type"] = json!(["VerifiableCredential", 3]);
        expect_invalid(&vc, "type");
    }

    #[test]
    fn issuer_must_be_a_url_or_an_object_with_an_id() {
        let mut vc = registration();
        vc["issuer"] = json!({"id": "did:web:refugee-portal.example", "name": "Portal"});
        assert!(validate_credential(&vc, &policy()).is_ok());
        vc["issuer"] = json!({"name": "Portal"});
        expect_invalid(&vc, "issuer");
        vc["issuer"] = json!("refugee portal");
        expect_invalid(&vc, "issuer");
        vc["issuer"] = json!(42);
        expect_invalid(&vc, "issuer");
    }

    #[test]
    fn names_and_descriptions_are_text_or_language_value_objects() {
        let mut vc = registration();
        for good in [
            json!("Proof of registration"),
            json!({"@value": "إثبات التسجيل", "@language": "ar", "@direction": "rtl"}),
            json!([{"@value": "Registration", "@language": "en"}, {"@value": "Enregistrement", "@language": "fr-CH"}]),
        ] {
            vc["name"] = good.clone();
            vc["description"] = good.clone();
            vc["issuer"] = json!({"id": "did:web:refugee-portal.example", "name": good});
            assert!(validate_credential(&vc, &policy()).is_ok());
        }
        for bad in [
            json!(42),
            json!({"en": "Registration"}),
            json!({"@value": 3}),
            json!({"@value": "x", "@language": "not a tag!"}),
            json!({"@value": "x", "@direction": "up"}),
            json!({"@value": "x", "extra": true}),
            json!([]),
            json!(["text in an array"]),
        ] {
            let mut vc = registration();
            vc["name"] = bad.clone();
            expect_invalid(&vc, "name");
            let mut vc = registration();
            vc["description"] = bad.clone();
            expect_invalid(&vc, "description");
            let mut vc = registration();
            vc["issuer"] = json!({"id": "did:web:refugee-portal.example", "name": bad});
            expect_invalid(&vc, "issuer.name");
        }
    }

    #[test]
    fn credential_subject_must_not_be_empty() {
        let mut vc = registration();
        vc["credentialSubject"] = json!({});
        expect_invalid(&vc, "credentialSubject");
        vc["credentialSubject"] = json!([]);
        expect_invalid(&vc, "credentialSubject");
        vc["credentialSubject"] = json!("x");
        expect_invalid(&vc, "credentialSubject");
        vc["credentialSubject"] = json!([{"name": "a"}, {"name": "b"}]);
        assert!(validate_credential(&vc, &policy()).is_ok());
    }

    #[test]
    fn validity_dates_must_be_date_time_stamps_in_order() {
        let mut vc = registration();
        vc["validFrom"] = json!("2026-05-01");
        expect_invalid(&vc, "validFrom");
        vc["validFrom"] = json!("2026-05-01T00:00:00");
        expect_invalid(&vc, "validFrom");
        vc["validFrom"] = json!("2026-05-01t00:00:00Z");
        expect_invalid(&vc, "validFrom");
        vc["validFrom"] = json!("2026-02-30T00:00:00Z");
        expect_invalid(&vc, "validFrom");
        vc["validFrom"] = json!("2028-05-01T02:00:00+02:00");
        expect_invalid(&vc, "validUntil");
        vc["validFrom"] = json!("2026-05-01T10:00:00.250-05:00");
        assert!(validate_credential(&vc, &policy()).is_ok());
    }

    #[test]
    fn date_time_stamp_parser() {
        assert_eq!(
            parse_date_time_stamp("2026-05-01T00:00:00Z").unwrap(),
            t(2026, 5, 1)
        );
        assert!(parse_date_time_stamp("2026-05-01T00:00:00.Z").is_err());
        assert!(parse_date_time_stamp("2026-05-01T00:00:00+0200").is_err());
        assert!(parse_date_time_stamp("2026-05-01 00:00:00Z").is_err());
        assert!(parse_date_time_stamp("").is_err());
        assert!(parse_date_time_stamp("2026-05-01T00:00:00Z ").is_err());
    }

    #[test]
    fn typed_entries_must_have_a_type() {
        for field in [
            "credentialStatus",
            "credentialSchema",
            "refreshService",
            "termsOfUse",
            "evidence",
        ] {
            let mut vc = registration();
            vc[field] = json!([{"id": "https://x.example/1"}]);
            expect_invalid(&vc, field);
            vc[field] = json!({"id": "https://x.example/1", "type": "Something"});
            assert!(validate_credential(&vc, &policy()).is_ok(), "{field}");
        }
        let mut vc = registration();
        vc["credentialSchema"] = json!({"type": "JsonSchema"});
        expect_invalid(&vc, "credentialSchema");
    }

    #[test]
    fn related_resources_need_an_id_and_a_digest() {
        let mut vc = registration();
        vc["relatedResource"] = json!([{"id": "https://x.example/a.jpg"}]);
        expect_invalid(&vc, "relatedResource");
        vc["relatedResource"] = json!([{"digestSRI": "sha384-abc"}]);
        expect_invalid(&vc, "relatedResource.id");
        vc["relatedResource"] = json!([
            {"id": "https://example.org/a.png", "digestSRI": "sha384-abc"},
            {"id": "https://example.org/a.png", "digestSRI": "sha384-def"}
        ]);
        expect_invalid(&vc, "relatedResource.id");
        vc["relatedResource"] =
            json!([{"id": "https://x.example/a.jpg", "digestMultibase": "uEiA"}]);
        assert!(validate_credential(&vc, &policy()).is_ok());
    }

    #[test]
    fn a_related_resource_the_verifier_holds_is_checked_and_no_other_is_fetched() {
        let context_url = "https://portal.example.org/ns/credentials/v1";
        let mut vc = credential_of("did:web:portal.example.org", context_url);
        let policy = ValidationPolicy::verifier();
        let entry = |digest: String| json!([{ "id": context_url, "digestSRI": digest }]);
        // The portal's context, under the name its issuer gives it: the bytes it serves.
        vc["relatedResource"] = entry(digest_sri_sha384(PORTAL_CONTEXT_DOCUMENT.as_bytes()));
        assert!(validate_credential(&vc, &policy).is_ok());
        vc["relatedResource"] = entry(digest_sri_sha384(b"another context"));
        assert!(matches!(
            validate_credential(&vc, &policy),
            Err(CredentialError::DigestMismatch(id)) if id == context_url
        ));
        // Under its old name too.
        vc["relatedResource"] = json!([{ "id": LEGACY_PORTAL_CONTEXT_URL,
            "digestSRI": digest_sri_sha384(b"another context") }]);
        assert!(validate_credential(&vc, &policy).is_err());
        // A third party's resource is not fetched: its digest stays for whoever fetches it.
        vc["relatedResource"] = json!([{ "id": "https://w3c.github.io/vc-data-model/related-resource.json",
            "digestSRI": digest_sri_sha384(b"whatever") }]);
        assert!(validate_credential(&vc, &policy).is_ok());
    }

    #[test]
    fn related_resource_digest_is_checked_against_fetched_bytes() {
        let photo = b"\xff\xd8\xff\xe0 fake jpeg";
        let vc = registration();
        let entry = &vc["relatedResource"][0];
        assert!(check_related_resource(entry, photo).is_ok());
        assert!(matches!(
            check_related_resource(entry, b"other bytes"),
            Err(CredentialError::DigestMismatch(_))
        ));
        let mb =
            json!({"id": "https://x.example/a", "digestMultibase": digest_multibase_sha256(photo)});
        assert!(check_related_resource(&mb, photo).is_ok());
        assert!(check_related_resource(&mb, b"x").is_err());
        let both = json!({"id": "https://x.example/a", "digestMultibase": digest_multibase_sha256(photo),
            "digestSRI": digest_sri_sha384(b"x")});
        assert!(check_related_resource(&both, photo).is_err());
    }

    #[test]
    fn known_sri_digest_value() {
        // sha384 of the empty string, well known.
        assert_eq!(
            digest_sri_sha384(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn portal_context_document_is_valid_json_with_the_used_terms() {
        let ctx: Value = serde_json::from_str(PORTAL_CONTEXT_DOCUMENT).unwrap();
        let terms = ctx["@context"].as_object().unwrap();
        for term in [
            "RefugeeRegistrationCredential",
            "HouseholdCredential",
            "nameOriginalScript",
            "birthDate",
            "registrationNumber",
            "registrationStatus",
            "issuingOffice",
            "householdId",
            "member",
            "relationship",
        ] {
            assert!(terms.contains_key(term), "{term}");
        }
        assert!(
            !terms.contains_key("name"),
            "name is protected by the VC v2 context"
        );
    }

    #[test]
    fn urls() {
        assert!(is_url("https://a.example/x"));
        assert!(is_url("did:web:a.example"));
        assert!(is_url("urn:uuid:1234"));
        assert!(!is_url("a.example"));
        assert!(!is_url("1http://x"));
        assert!(!is_url("https:"));
        assert!(!is_url("https://a b"));
    }

    #[test]
    fn realistic_signed_registration_credential_fits_qr_version_15() {
        let mut vc = registration();
        vc["proof"] = json!({
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2026-05-01T08:00:00Z",
            "verificationMethod": "did:web:refugee-portal.example#key-1",
            "proofPurpose": "assertionMethod",
            "proofValue": format!("z{}", bs58::encode([0x5au8; 64]).into_string()),
        });
        let text = String::from_utf8(crate::jcs::canonicalize(&vc).unwrap()).unwrap();
        let payload = crate::qr::encode_payload(&text).unwrap();
        let version = crate::qr::qr_version(&payload).unwrap();
        println!(
            "registration VC: {} bytes JSON -> {} chars payload -> QR version {version}",
            text.len(),
            payload.len()
        );
        assert!(version <= 15, "version {version}");
    }
}
