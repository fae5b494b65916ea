//! Issuing a person's credential to their wallet app (OpenID4VCI 1.0, pre-authorized code
//! flow with a transaction code).
//!
//! 1. On the credential's page the person asks for an offer ([`offer`]): a QR code and link
//!    carrying the pre-authorized code, and a six-digit transaction code shown beside it.
//! 2. The wallet trades both for an access token ([`token`]) once; five wrong transaction
//!    codes spend the offer; it expires after ten minutes; a new offer ends the older ones.
//! 3. The wallet fetches a `c_nonce` ([`nonce`]), proves it holds a key, and asks for the
//!    credential in a format the offer names ([`credential`]): an SD-JWT VC bound to that key,
//!    or the W3C credential as the `.json` or `.jwt` download has it. Each format once.
//!
//! Every offer and every issue is audited about the person, and the person sees the issue
//! in their history. The credential a wallet gets is the credential on the page: same
//! content, same status entry, so a suspension or revocation reaches the wallet's copy too.
//!
//! Owns: the flow. Must never: issue to a request without a live token and, for a bound
//! format, a valid proof and nonce; issue a credential that is no longer current; keep a code.

use chrono::{DateTime, Utc};
use portal_credentials::oid4vci::{
    self, configuration, configurations_of, Configuration, Format, ProofCheck, Subject, TxCodeHint,
};
use portal_credentials::{sd_jwt, sd_jwt_vc};
use portal_domain::audit::{AuditAction, SubjectKind};
use portal_domain::credential::{CredentialKind, CredentialStatus};
use portal_domain::person::PersonId;
use portal_domain::tokens::SecretToken;
use portal_domain::wallet::{
    OfferId, OfferState, TxCode, WalletOffer, WalletRefused, OFFER_LIFETIME, TOKEN_LIFETIME,
};
use portal_i18n::{Key, Locale};
use portal_storage::credentials::StoredCredential;
use portal_storage::{audit, credentials as store, wallet_offers, Conn, Tx};
use rand_core::OsRng;
use serde_json::{json, Value};

use super::issuer::Issuer;
use super::status::LIST_ENTRIES;
use super::{form, of_person, Form};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// Where the token, nonce and credential endpoints are, under the public origin.
pub const TOKEN_PATH: &str = "/oid4vci/token";
/// The nonce endpoint.
pub const NONCE_PATH: &str = "/oid4vci/nonce";
/// The credential endpoint.
pub const CREDENTIAL_PATH: &str = "/oid4vci/credential";

/// An offer, as the person's page shows it (the codes are not stored: the page keeps them in
/// a short-lived cookie of its own to show them again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferMade {
    /// Id.
    pub id: OfferId,
    /// The pre-authorized code (43 URL-safe characters).
    pub code: SecretToken,
    /// The transaction code.
    pub tx_code: TxCode,
    /// Redeemable until.
    pub expires_at: DateTime<Utc>,
}

fn subject_of(kind: CredentialKind) -> CoreResult<Subject> {
    match kind {
        CredentialKind::Registration => Ok(Subject::Registration),
        CredentialKind::Household => Ok(Subject::Household),
        _ => Err(CoreError::NotFound),
    }
}

fn is_current(credential: &StoredCredential, now: DateTime<Utc>) -> bool {
    credential.status == CredentialStatus::Active
        && credential.valid_until.is_none_or(|until| until > now)
}

/// Makes an offer of the person's credential `id` for a wallet app (ending their earlier
/// offers nobody redeemed).
pub async fn offer(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    id: uuid::Uuid,
) -> CoreResult<OfferMade> {
    let credential = of_person(tx, person, id).await?;
    subject_of(credential.kind)?;
    if !is_current(&credential, ctx.now) {
        return Err(CoreError::Conflict("credential not current"));
    }
    wallet_offers::close_open_of(tx, person, ctx.now).await?;
    let made = OfferMade {
        id: OfferId(uuid::Uuid::new_v4()),
        code: SecretToken::generate(),
        tx_code: TxCode::generate(),
        expires_at: ctx.now + OFFER_LIFETIME,
    };
    let stored = WalletOffer {
        id: made.id,
        person,
        credential: credential.id,
        created_at: ctx.now,
        expires_at: made.expires_at,
        failed_attempts: 0,
        redeemed_at: None,
        token_expires_at: None,
        issued: vec![],
    };
    wallet_offers::insert(tx, &stored, &made.code.hash(), &made.tx_code.hash(made.id)).await?;
    let event = ctx
        .event(ctx.person_actor(person), AuditAction::CredentialOffer)
        .about(SubjectKind::Person, person.0.to_string())
        .with_details(json!({
            "credential": credential.id.to_string(),
            "offer": made.id.0.to_string(),
        }));
    audit::append(tx, &event).await?;
    Ok(made)
}

/// The offer's link (`openid-credential-offer://?credential_offer=…`) for a wallet, naming
/// every format of the credential's kind; the wallet's description of the transaction code
/// is in `language`.
pub fn offer_link(
    issuer: &Issuer,
    kind: CredentialKind,
    code: &SecretToken,
    language: Locale,
) -> CoreResult<String> {
    let ids: Vec<&str> = configurations_of(subject_of(kind)?).map(|c| c.id).collect();
    let offer = oid4vci::credential_offer(
        issuer.origin(),
        &ids,
        code.expose(),
        &TxCodeHint {
            length: portal_domain::wallet::TX_CODE_DIGITS,
            description: language.text(Key::WalletTxCodeHint).to_owned(),
        },
    );
    Ok(oid4vci::offer_link(&offer))
}

/// Where the person's offer `id` stands (for their page), or `None` when it is not theirs.
pub async fn offer_state(
    db: &mut Conn,
    person: PersonId,
    id: OfferId,
    now: DateTime<Utc>,
) -> CoreResult<Option<(WalletOffer, OfferState)>> {
    Ok(wallet_offers::by_id(db, id)
        .await?
        .filter(|o| o.person == person)
        .map(|o| {
            let state = o.state(now);
            (o, state)
        }))
}

/// A token request (form parameters of RFC 6749 §4.1.3 and OpenID4VCI §6.1).
#[derive(Clone, Debug, Default)]
pub struct TokenRequest {
    /// `grant_type`.
    pub grant_type: Option<String>,
    /// `pre-authorized_code`.
    pub pre_authorized_code: Option<String>,
    /// `tx_code`.
    pub tx_code: Option<String>,
}

/// An access token for the credential endpoint.
#[derive(Clone, Debug)]
pub struct TokenGranted {
    /// The token.
    pub access_token: SecretToken,
    /// Seconds it lives.
    pub expires_in: i64,
}

/// Trades a pre-authorized code and its transaction code for an access token (once).
///
/// Unknown, used, expired and spent codes and a wrong transaction code all answer
/// `invalid_grant`, so a caller learns nothing about which; a wrong transaction code counts
/// against the offer (the caller commits the transaction even on that error, so it sticks).
pub async fn token(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    request: &TokenRequest,
) -> CoreResult<Result<TokenGranted, WalletRefused>> {
    match request.grant_type.as_deref() {
        Some(oid4vci::PRE_AUTHORIZED_GRANT) => {}
        Some(_) => return Ok(Err(WalletRefused::UnsupportedGrantType)),
        None => return Ok(Err(WalletRefused::InvalidRequest)),
    }
    let Some(raw_code) = request.pre_authorized_code.as_deref() else {
        return Ok(Err(WalletRefused::InvalidRequest));
    };
    let Some(code) = SecretToken::parse(raw_code) else {
        return Ok(Err(WalletRefused::InvalidGrant));
    };
    let Some((offer, tx_hash)) = wallet_offers::by_code(tx, &code.hash()).await? else {
        return Ok(Err(WalletRefused::InvalidGrant));
    };
    if offer.state(ctx.now) != OfferState::Open {
        return Ok(Err(WalletRefused::InvalidGrant));
    }
    let typed = request.tx_code.as_deref().and_then(TxCode::parse);
    if typed.is_none_or(|t| t.hash(offer.id) != tx_hash) {
        wallet_offers::count_failure(tx, offer.id).await?;
        return Ok(Err(WalletRefused::InvalidGrant));
    }
    let access_token = SecretToken::generate();
    let until = ctx.now + TOKEN_LIFETIME;
    if !wallet_offers::redeem(tx, offer.id, &access_token.hash(), until, ctx.now).await? {
        return Ok(Err(WalletRefused::InvalidGrant));
    }
    Ok(Ok(TokenGranted {
        access_token,
        expires_in: TOKEN_LIFETIME.num_seconds(),
    }))
}

/// A fresh `c_nonce` for a proof of possession.
pub fn nonce(issuer: &Issuer, now: DateTime<Utc>) -> CoreResult<String> {
    Ok(issuer.nonce_key()?.make(now, &mut OsRng)?)
}

/// How long a `c_nonce` lives, in seconds.
pub fn nonce_lifetime_seconds() -> i64 {
    oid4vci::NONCE_LIFETIME.num_seconds()
}

/// What the credential endpoint answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    /// The credential response body (`{"credentials": [{"credential": …}]}`).
    pub body: Value,
}

/// The credential request's parts that matter here (OpenID4VCI §8.2).
fn read_request(body: &Value) -> Result<(Configuration, Option<String>), WalletRefused> {
    let object = body.as_object().ok_or(WalletRefused::InvalidRequest)?;
    if object.contains_key("credential_identifier") {
        // No authorization_details are granted, so no credential identifiers exist.
        return Err(WalletRefused::InvalidRequest);
    }
    let id = object
        .get("credential_configuration_id")
        .and_then(Value::as_str)
        .ok_or(WalletRefused::InvalidRequest)?;
    let chosen = configuration(id).ok_or(WalletRefused::UnknownConfiguration)?;
    let proof = match (object.get("proofs"), object.get("proof")) {
        (Some(_), Some(_)) => return Err(WalletRefused::InvalidRequest),
        (Some(proofs), None) => {
            let jwts = proofs
                .as_object()
                .filter(|p| p.len() == 1)
                .and_then(|p| p.get("jwt"))
                .and_then(Value::as_array)
                .ok_or(WalletRefused::InvalidProof)?;
            // Batch issuance is not offered: exactly one proof.
            match jwts.as_slice() {
                [Value::String(jwt)] => Some(jwt.clone()),
                _ => return Err(WalletRefused::InvalidProof),
            }
        }
        // The singular `proof` of earlier drafts, still sent by some wallets.
        (None, Some(proof)) => match (
            proof.get("proof_type").and_then(Value::as_str),
            proof.get("jwt").and_then(Value::as_str),
        ) {
            (Some("jwt"), Some(jwt)) => Some(jwt.to_owned()),
            _ => return Err(WalletRefused::InvalidProof),
        },
        (None, None) => None,
    };
    Ok((chosen, proof))
}

/// Issues the credential a wallet asks for with `access_token` (`Authorization: Bearer`),
/// each offered format once per token.
pub async fn credential(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    access_token: &str,
    body: &Value,
) -> CoreResult<Result<Issued, WalletRefused>> {
    let Some(token) = SecretToken::parse(access_token) else {
        return Ok(Err(WalletRefused::InvalidToken));
    };
    let Some(offer) = wallet_offers::by_token(tx, &token.hash()).await? else {
        return Ok(Err(WalletRefused::InvalidToken));
    };
    if !offer.token_live(ctx.now) {
        return Ok(Err(WalletRefused::InvalidToken));
    }
    let (chosen, proof) = match read_request(body) {
        Ok(parts) => parts,
        Err(why) => return Ok(Err(why)),
    };
    let Some(credential) = store::by_id(tx, offer.credential).await? else {
        return Ok(Err(WalletRefused::CredentialDenied));
    };
    if subject_of(credential.kind).ok() != Some(chosen.subject)
        || offer.issued.iter().any(|i| i == chosen.id)
    {
        return Ok(Err(WalletRefused::UnknownConfiguration));
    }
    if !is_current(&credential, ctx.now) {
        return Ok(Err(WalletRefused::CredentialDenied));
    }
    let holder = match (chosen.format.binds_holder(), proof) {
        (true, None) => return Ok(Err(WalletRefused::InvalidProof)),
        (_, Some(proof)) => {
            let check = ProofCheck {
                audience: issuer.origin(),
                now: ctx.now,
            };
            let Ok(proven) = oid4vci::verify_proof(&proof, check) else {
                return Ok(Err(WalletRefused::InvalidProof));
            };
            if !issuer.nonce_key()?.accepts(&proven.nonce, ctx.now) {
                return Ok(Err(WalletRefused::InvalidNonce));
            }
            Some(proven)
        }
        (false, None) => None,
    };
    let issued = match chosen.format {
        Format::SdJwtVc => Value::String(
            sd_jwt_of(
                issuer,
                ctx,
                &credential,
                holder.as_ref().map(|h| h.jwk.clone()),
            )?
            .serialize(),
        ),
        Format::LdpVc => {
            let text = form(&credential, Form::Json).ok_or(CoreError::NotFound)?;
            serde_json::from_str(text).map_err(|e| CoreError::Setup(e.to_string()))?
        }
        Format::JwtVcJson => Value::String(
            form(&credential, Form::Jwt)
                .ok_or(CoreError::NotFound)?
                .to_owned(),
        ),
    };
    if !wallet_offers::mark_issued(tx, &offer, chosen.id).await? {
        // Another request of the same token issued meanwhile: this one asks again.
        return Ok(Err(WalletRefused::UnknownConfiguration));
    }
    let person = offer.person;
    let event = ctx
        .event(ctx.person_actor(person), AuditAction::CredentialWalletIssue)
        .about(SubjectKind::Person, person.0.to_string())
        .with_details(json!({
            "credential": credential.id.to_string(),
            "offer": offer.id.0.to_string(),
            "configuration": chosen.id,
            "format": chosen.format.as_str(),
            "holder_key": holder.as_ref().map(|h| oid4vci::jwk_thumbprint(&h.jwk)),
        }));
    audit::append(tx, &event).await?;
    Ok(Ok(Issued {
        body: json!({ "credentials": [ { "credential": issued } ] }),
    }))
}

/// The SD-JWT VC of a stored credential, every claim disclosable, bound to `holder` when
/// given, with its entry in the Token Status List.
pub(crate) fn sd_jwt_of(
    issuer: &Issuer,
    ctx: &Ctx<'_>,
    credential: &StoredCredential,
    holder: Option<portal_credentials::keys::PublicJwk>,
) -> CoreResult<sd_jwt::SdJwt> {
    let text = form(credential, Form::Qr).ok_or(CoreError::NotFound)?;
    let w3c: Value = serde_json::from_str(text).map_err(|e| CoreError::Setup(e.to_string()))?;
    let list = credential.status_index / LIST_ENTRIES;
    let position = usize::try_from(credential.status_index % LIST_ENTRIES)
        .map_err(|_| CoreError::Unreadable("status index out of range".into()))?;
    let status = sd_jwt_vc::status_claim(&issuer.token_status_list_url(list), position);
    let claims = sd_jwt_vc::claims_of(&w3c, issuer.origin(), ctx.now, holder, Some(status))?;
    Ok(sd_jwt::issue(&claims, &issuer.signer()?, &mut OsRng)?)
}

/// The words of the metadata, in every language the portal speaks.
fn display(key: Key) -> Vec<Value> {
    Locale::ALL
        .iter()
        .map(|l| json!({ "name": l.text(key), "locale": l.tag() }))
        .collect()
}

/// [`display`] with the portal's logo on each entry.
fn display_with_logo(key: Key, origin: &str) -> Vec<Value> {
    let logo = json!({ "uri": format!("{origin}/favicon.svg"), "alt_text": "Refugee Portal" });
    display(key)
        .into_iter()
        .map(|mut d| {
            d["logo"] = logo.clone();
            d
        })
        .collect()
}

fn claim_key(claim: &str) -> Key {
    match claim {
        sd_jwt_vc::NAME => Key::ClaimName,
        sd_jwt_vc::NAME_ORIGINAL => Key::ClaimNameOriginalScript,
        sd_jwt_vc::BIRTHDATE => Key::ClaimBirthdate,
        sd_jwt_vc::AGE_OVER_18 => Key::ClaimAgeOver18,
        sd_jwt_vc::AGE_OVER_65 => Key::ClaimAgeOver65,
        sd_jwt_vc::REGISTRATION_NUMBER => Key::ClaimRegistrationNumber,
        sd_jwt_vc::REGISTRATION_STATUS => Key::ClaimRegistrationStatus,
        sd_jwt_vc::ISSUING_OFFICE => Key::ClaimIssuingOffice,
        sd_jwt_vc::PHOTO_DIGEST => Key::ClaimPhotoDigest,
        sd_jwt_vc::HOUSEHOLD_ID => Key::ClaimHouseholdId,
        _ => Key::ClaimMembers,
    }
}

/// The credential issuer metadata (`/.well-known/openid-credential-issuer`, OpenID4VCI
/// §12.2): the endpoints, the display in the four languages, and every configuration with its
/// claims' names.
pub fn issuer_metadata(issuer: &Issuer) -> Value {
    let origin = issuer.origin();
    let mut configurations = serde_json::Map::new();
    for c in oid4vci::CONFIGURATIONS {
        let (name, w3c_type, vct, claims) = match c.subject {
            Subject::Registration => (
                Key::CredentialsKindRegistration,
                "RefugeeRegistrationCredential",
                sd_jwt_vc::VCT_REGISTRATION_PATH,
                sd_jwt_vc::REGISTRATION_CLAIMS,
            ),
            Subject::Household => (
                Key::CredentialsKindHousehold,
                "HouseholdCredential",
                sd_jwt_vc::VCT_HOUSEHOLD_PATH,
                sd_jwt_vc::HOUSEHOLD_CLAIMS,
            ),
        };
        let credential_display: Vec<Value> = display_with_logo(name, origin)
            .into_iter()
            .map(|mut d| {
                d["background_color"] = json!("#0b5cad");
                d["text_color"] = json!("#ffffff");
                d
            })
            .collect();
        let mut entry = json!({
            "format": c.format.as_str(),
            "scope": c.id,
            "credential_signing_alg_values_supported": match c.format {
                Format::LdpVc => json!(["eddsa-rdfc-2022"]),
                _ => json!(["EdDSA"]),
            },
            "credential_metadata": { "display": credential_display },
        });
        match c.format {
            Format::SdJwtVc => {
                entry["vct"] = json!(format!("{origin}{vct}"));
                entry["cryptographic_binding_methods_supported"] = json!(["jwk", "did:key"]);
                entry["proof_types_supported"] =
                    json!({ "jwt": { "proof_signing_alg_values_supported": ["EdDSA"] } });
                entry["credential_metadata"]["claims"] = claims
                    .iter()
                    .map(|claim| json!({ "path": [claim], "display": display(claim_key(claim)) }))
                    .collect();
            }
            Format::LdpVc => {
                entry["credential_definition"] = json!({
                    "@context": [portal_credentials::model::VC_V2_CONTEXT, issuer.context_url()],
                    "type": ["VerifiableCredential", w3c_type],
                });
            }
            Format::JwtVcJson => {
                entry["credential_definition"] =
                    json!({ "type": ["VerifiableCredential", w3c_type] });
            }
        }
        configurations.insert(c.id.to_owned(), entry);
    }
    let issuer_display = display_with_logo(Key::AppName, origin);
    json!({
        "credential_issuer": origin,
        "credential_endpoint": format!("{origin}{CREDENTIAL_PATH}"),
        "nonce_endpoint": format!("{origin}{NONCE_PATH}"),
        "display": issuer_display,
        "credential_configurations_supported": configurations,
    })
}

/// The OAuth 2.0 authorization server metadata (RFC 8414) of the portal as its own
/// authorization server: the token endpoint and the pre-authorized code grant, with no client
/// authentication (a wallet is a public client).
pub fn authorization_server_metadata(issuer: &Issuer) -> Value {
    let origin = issuer.origin();
    json!({
        "issuer": origin,
        "token_endpoint": format!("{origin}{TOKEN_PATH}"),
        "grant_types_supported": [oid4vci::PRE_AUTHORIZED_GRANT],
        "pre-authorized_grant_anonymous_access_supported": true,
        "token_endpoint_auth_methods_supported": ["none"],
        "response_types_supported": [],
        "scopes_supported": oid4vci::CONFIGURATIONS.iter().map(|c| c.id).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_requests_are_read_strictly() {
        let ok = read_request(&json!({
            "credential_configuration_id": "registration_dc_sd_jwt",
            "proofs": { "jwt": ["a.b.c"] }
        }))
        .unwrap();
        assert_eq!(ok.0.id, "registration_dc_sd_jwt");
        assert_eq!(ok.1.as_deref(), Some("a.b.c"));
        let legacy = read_request(&json!({
            "credential_configuration_id": "household_ldp_vc",
            "proof": { "proof_type": "jwt", "jwt": "x.y.z" }
        }))
        .unwrap();
        assert_eq!(legacy.1.as_deref(), Some("x.y.z"));
        assert!(
            read_request(&json!({ "credential_configuration_id": "household_ldp_vc" }))
                .unwrap()
                .1
                .is_none()
        );
        let cases = [
            (json!([]), WalletRefused::InvalidRequest),
            (json!({}), WalletRefused::InvalidRequest),
            (
                json!({ "credential_identifier": "x", "credential_configuration_id": "registration_ldp_vc" }),
                WalletRefused::InvalidRequest,
            ),
            (
                json!({ "credential_configuration_id": "passport" }),
                WalletRefused::UnknownConfiguration,
            ),
            (
                json!({ "credential_configuration_id": "registration_dc_sd_jwt", "proofs": { "jwt": ["a", "b"] } }),
                WalletRefused::InvalidProof,
            ),
            (
                json!({ "credential_configuration_id": "registration_dc_sd_jwt", "proofs": { "jwt": [] } }),
                WalletRefused::InvalidProof,
            ),
            (
                json!({ "credential_configuration_id": "registration_dc_sd_jwt", "proofs": { "attestation": ["a"] } }),
                WalletRefused::InvalidProof,
            ),
            (
                json!({ "credential_configuration_id": "registration_dc_sd_jwt", "proofs": { "jwt": ["a"] }, "proof": { "proof_type": "jwt", "jwt": "a" } }),
                WalletRefused::InvalidRequest,
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(read_request(&body).unwrap_err(), expected, "{body}");
        }
    }
}
