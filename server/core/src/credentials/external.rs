//! Credentials partner systems issue through the VC-API (`POST /credentials/issue`): the
//! issuer must be absent or this portal; the portal adds its status entries and signs.
//!
//! Owns: checking a partner's unsigned credential and recording what was issued. Must never:
//! sign a credential that names another issuer.

use portal_credentials::model;
use portal_credentials::{jcs, jose, rdfc};
use portal_domain::audit::{Actor, AuditAction};
use portal_domain::credential::CredentialKind;
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

/// The partner's credential with this portal as its issuer and a `validFrom`.
fn prepared(ctx: &Ctx<'_>, issuer: &Issuer, credential: Value) -> CoreResult<Map<String, Value>> {
    let Value::Object(mut document) = credential else {
        return Err(invalid("the credential must be a JSON object"));
    };
    if document.contains_key("proof") {
        return Err(invalid("the credential already has a proof"));
    }
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
            let v = rdfc::sign(unsigned, &signer, ctx.now, &rdfc::Contexts::portal())
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

/// Issues a credential a partner system (API token `token`) sent.
pub async fn issue(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    token: Uuid,
    credential: Value,
    securing: Securing,
) -> CoreResult<Value> {
    let document = prepared(ctx, issuer, credential)?;
    let kid = issuer.active_kid().ok_or_else(no_active_key)?.to_owned();
    let has_status = document.contains_key("credentialStatus");
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
        if !has_status {
            unsigned.insert(
                "credentialStatus".into(),
                Value::Array(status::entries(issuer, index)?),
            );
        }
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
        };
        match store::insert(tx, &new).await {
            Ok(()) => {}
            Err(StoreError::Duplicate(_)) => continue,
            Err(e) => return Err(e.into()),
        }
        let event = ctx
            .event(
                Actor::ApiClient {
                    id: token.to_string(),
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
