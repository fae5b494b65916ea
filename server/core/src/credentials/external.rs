//! Credentials partner systems issue through the VC-API (`POST /credentials/issue`): the
//! issuer must be absent or this portal; the portal adds its status entries and signs.
//!
//! Owns: checking a partner's unsigned credential and recording what was issued. Must never:
//! sign a credential that names another issuer.

use portal_credentials::model;
use portal_credentials::{jcs, jose, rdfc};
use portal_domain::audit::{Actor, AuditAction};
use portal_domain::credential::CredentialKind;
use portal_storage::api_tokens::StoredToken;
use portal_storage::credentials::{self as store, NewCredential};
use portal_storage::{audit, StoreError, Tx};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::issuer::{no_active_key, Issuer};
use super::{credential_urn, parse_credential_id, status, INDEX_DRAWS};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// What the VC-API issue endpoint should produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Securing {
    /// Data Integrity, `eddsa-rdfc-2022`.
    Rdfc,
    /// Data Integrity, `eddsa-jcs-2022`.
    Jcs,
    /// VC-JOSE compact JWS.
    Jwt,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::Unreadable(message.into())
}

/// The issuer the credential names, if any: a URL, or an object with a URL `id`.
fn named_issuer(document: &Map<String, Value>) -> CoreResult<Option<String>> {
    match document.get("issuer") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Object(o)) => o
            .get("id")
            .and_then(Value::as_str)
            .map(|id| Some(id.to_owned()))
            .ok_or_else(|| invalid("issuer must be a URL or an object with a URL id")),
        Some(_) => Err(invalid("issuer must be a URL or an object with a URL id")),
    }
}

/// The terms of the portal's own vocabulary (the types and properties of proofs of
/// registration and household credentials), read from its context document.
fn portal_terms() -> CoreResult<Vec<String>> {
    let context: Value = serde_json::from_str(model::PORTAL_CONTEXT_DOCUMENT)
        .map_err(|e| CoreError::Setup(format!("the portal's context does not parse: {e}")))?;
    let own = |definition: &Value| {
        let iri = definition
            .as_str()
            .or_else(|| definition.get("@id").and_then(Value::as_str));
        iri.is_some_and(|iri| iri.starts_with(model::PORTAL_VOCAB))
    };
    Ok(context["@context"]
        .as_object()
        .map(|terms| {
            terms
                .iter()
                .filter(|(_, definition)| own(definition))
                .map(|(term, _)| term.clone())
                .collect()
        })
        .unwrap_or_default())
}

/// Types no token is granted: the portal's own, and the data model's base types.
const BASE_TYPES: [&str; 3] = [
    "VerifiableCredential",
    "VerifiablePresentation",
    "EnvelopedVerifiableCredential",
];

/// Most characters of a credential type a token may be granted as a term.
const TYPE_CHARS: usize = 64;
/// Most characters of a credential type a token may be granted as a URL.
const TYPE_URL_CHARS: usize = 200;
/// Vocabularies whose types no partner issues under its own name: the W3C's (the base types'
/// IRIs) and the portal's own.
const RESERVED_VOCABULARIES: [&str; 2] = ["https://www.w3.org/", model::PORTAL_VOCAB];

/// Whether `term` is a JSON-LD term: a letter, then letters, digits, `_` or `-`.
fn is_type_term(term: &str) -> bool {
    term.len() <= TYPE_CHARS
        && term.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && term
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Whether `term` is a type written as an absolute `https:` or `http:` URL (VC 2.0 allows
/// both forms), printable ASCII without spaces.
fn is_type_url(term: &str) -> bool {
    term.len() <= TYPE_URL_CHARS
        && (term.starts_with("https://") || term.starts_with("http://"))
        && term.len() > "https://".len()
        && term.bytes().all(|b| b.is_ascii_graphic())
}

/// The credential types an operator grants a partner token, checked: JSON-LD terms (a letter,
/// then letters, digits, `_` or `-`) or absolute URLs, none of the portal's own or the base
/// types (by term or under their vocabularies' URLs), no repeats.
pub fn grantable_types(types: &[String]) -> CoreResult<Vec<String>> {
    let own = portal_terms()?;
    let mut granted: Vec<String> = Vec::new();
    for given in types {
        let term = given.trim();
        if !is_type_term(term) && !is_type_url(term) {
            return Err(invalid(format!(
                "--types: {term:?} is not a credential type (a letter, then letters, digits, _ or -, at most {TYPE_CHARS}; or an https URL of at most {TYPE_URL_CHARS})"
            )));
        }
        if BASE_TYPES.contains(&term)
            || own.iter().any(|t| t == term)
            || RESERVED_VOCABULARIES.iter().any(|v| term.starts_with(v))
        {
            return Err(invalid(format!(
                "--types: {term} is not for partners (the portal's own or a base type)"
            )));
        }
        if !granted.iter().any(|t| t == term) {
            granted.push(term.to_owned());
        }
    }
    Ok(granted)
}

/// Refuses a credential whose types are not all granted to `token` (besides the base type).
fn granted(document: &Map<String, Value>, token: &StoredToken) -> CoreResult<()> {
    let types: Vec<&str> = match document.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(refused) = types
        .iter()
        .find(|t| **t != "VerifiableCredential" && !token.credential_types.iter().any(|g| g == *t))
    {
        let allowed = if token.credential_types.is_empty() {
            "none".to_owned()
        } else {
            token.credential_types.join(", ")
        };
        return Err(CoreError::IssueRefused {
            member: "type",
            reason: format!(
                "this token may not issue {refused}; the types it may issue: {allowed}"
            ),
        });
    }
    Ok(())
}

/// The first key anywhere in `value` that is one of `terms`.
fn first_term<'a>(value: &'a Value, terms: &[String]) -> Option<&'a str> {
    match value {
        Value::Object(object) => object.iter().find_map(|(key, inner)| {
            if terms.iter().any(|t| t == key) {
                Some(key.as_str())
            } else {
                first_term(inner, terms)
            }
        }),
        Value::Array(items) => items.iter().find_map(|item| first_term(item, terms)),
        _ => None,
    }
}

/// Refuses what only the portal's own flows may vouch for: its credential types, its
/// vocabulary (a registration number, a household, an issuing office…), its context, and a
/// `credentialStatus` chosen by the caller (the portal allocates every status entry, so no
/// caller can point a credential at another one's bit).
fn vouchable(document: &Map<String, Value>, own_context: &str) -> CoreResult<()> {
    let refused =
        |member: &'static str, reason: String| Err(CoreError::IssueRefused { member, reason });
    if document.contains_key("credentialStatus") {
        return refused(
            "credentialStatus",
            "the portal sets credentialStatus itself: leave it out".to_owned(),
        );
    }
    let terms = portal_terms()?;
    let named = |value: Option<&Value>, wanted: &dyn Fn(&str) -> bool| match value {
        Some(Value::String(s)) => wanted(s),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(wanted),
        _ => false,
    };
    if named(document.get("@context"), &|c| {
        c == model::LEGACY_PORTAL_CONTEXT_URL || c == own_context
    }) {
        return refused(
            "@context",
            "the portal's own context is only for credentials the portal builds from its records"
                .to_owned(),
        );
    }
    if named(document.get("type"), &|t| {
        terms.iter().any(|term| term == t)
    }) {
        return refused(
            "type",
            "proofs of registration and household credentials come only from the portal's records"
                .to_owned(),
        );
    }
    if let Some(term) = document
        .get("credentialSubject")
        .and_then(|subject| first_term(subject, &terms))
    {
        return refused(
            "credentialSubject",
            format!("{term} is the portal's own term: only the portal's records may state it"),
        );
    }
    Ok(())
}

/// The partner's credential with this portal as its issuer and a `validFrom`.
fn prepared(
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    token: &StoredToken,
    credential: Value,
) -> CoreResult<Map<String, Value>> {
    let Value::Object(mut document) = credential else {
        return Err(invalid("the credential must be a JSON object"));
    };
    if document.contains_key("proof") {
        return Err(invalid("the credential already has a proof"));
    }
    vouchable(&document, &issuer.context_url())?;
    granted(&document, token)?;
    let did = issuer.did();
    match named_issuer(&document)? {
        None => {
            document.insert("issuer".into(), Value::String(did));
        }
        Some(named) if issuer.is_own(&named) && named == did => {}
        Some(_) => return Err(invalid(format!("issuer must be {did}"))),
    }
    if !document.contains_key("validFrom") {
        document.insert("validFrom".into(), model::format_date_time(ctx.now).into());
    }
    Ok(document)
}

/// The answer to the partner and the one stored signed form (rdfc, jcs or jwt).
type Secured = (Value, Option<String>, Option<String>, Option<String>);

fn secure(
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    unsigned: &Value,
    securing: Securing,
) -> CoreResult<Secured> {
    let signer = issuer.signer()?;
    Ok(match securing {
        Securing::Rdfc => {
            let v = rdfc::sign(unsigned, &signer, ctx.now, &issuer.contexts())
                .map_err(|e| invalid(e.to_string()))?;
            let text = v.to_string();
            (v, Some(text), None, None)
        }
        Securing::Jcs => {
            let v = jcs::sign(unsigned, &signer, ctx.now)?;
            let text = v.to_string();
            (v, None, Some(text), None)
        }
        Securing::Jwt => {
            let jwt = jose::sign(unsigned, &signer)?;
            let enveloped = serde_json::json!({
                "@context": [model::VC_V2_CONTEXT],
                "id": format!("data:application/vc+jwt,{jwt}"),
                "type": "EnvelopedVerifiableCredential",
            });
            (enveloped, None, None, Some(jwt))
        }
    })
}

/// Issues a credential a partner system (API token `token`) sent: only of the types the token
/// was granted, recorded as issued through it.
pub async fn issue(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    token: &StoredToken,
    credential: Value,
    securing: Securing,
) -> CoreResult<Value> {
    let document = prepared(ctx, issuer, token, credential)?;
    let kid = issuer.active_kid().ok_or_else(no_active_key)?.to_owned();
    // The record id is the credential's own `urn:uuid:` id when it has one (so status changes
    // can name it), else a new one that is written into the credential.
    let given_id = match document.get("id") {
        None => None,
        Some(Value::String(text)) => Some(parse_credential_id(text)),
        Some(_) => return Err(invalid("id must be a URL")),
    };
    for _ in 0..INDEX_DRAWS {
        let id = given_id.flatten().unwrap_or_else(Uuid::new_v4);
        let index = status::draw_index(tx).await?;
        let mut unsigned = document.clone();
        if given_id.is_none() {
            unsigned.insert("id".into(), Value::String(credential_urn(id)));
        }
        unsigned.insert(
            "credentialStatus".into(),
            Value::Array(status::entries(issuer, index)?),
        );
        let unsigned = Value::Object(unsigned);
        let summary = model::validate_credential(&unsigned, &model::ValidationPolicy::partner())
            .map_err(|e| invalid(e.to_string()))?;
        let (secured, rdfc_doc, jcs_doc, jwt_doc) = secure(ctx, issuer, &unsigned, securing)?;
        let new = NewCredential {
            id,
            kind: CredentialKind::External,
            person: None,
            household: None,
            record_version: None,
            status_index: index,
            issuer: issuer.did(),
            kid: kid.clone(),
            issued_at: ctx.now,
            valid_until: summary.valid_until,
            document_rdfc: rdfc_doc,
            document_jcs: jcs_doc,
            document_jwt: jwt_doc,
            issued_through: Some(token.id),
        };
        match store::insert(tx, &new).await {
            Ok(()) => {}
            Err(StoreError::Duplicate(_)) => continue,
            Err(e) => return Err(e.into()),
        }
        let event = ctx
            .event(
                Actor::ApiClient {
                    id: token.id.to_string(),
                },
                AuditAction::CredentialIssue,
            )
            .with_details(
                serde_json::json!({ "credential": id.to_string(), "kind": "external", "kid": kid }),
            );
        audit::append(tx, &event).await?;
        return Ok(secured);
    }
    Err(CoreError::Stale("status list"))
}
