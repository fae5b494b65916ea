//! The single verification entry point.
//!
//! Owns: recognising the input (JSON VC with a Data Integrity proof, compact
//! JWS, or `RP3:`/`RP1:` QR payload), running every check in a fixed order and
//! turning each failure into a machine-readable [`ReasonCode`] with an
//! English message. Must never: panic on any input, fetch anything (DID
//! documents and status lists come from the caller's resolver and provider),
//! or read the clock (`now` is passed in).

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::data_integrity::cryptosuite_of;
use crate::did::{DidResolver, ResolvedKey};
use crate::error::CredentialError;
use crate::keys::KeyStatus;
use crate::model::{validate_credential, CredentialSummary, ValidationPolicy};
use crate::rdf_canon::CanonicalizationLimits;
use crate::sd_jwt::{self, KeyBindingPolicy};
use crate::sd_jwt_vc;
use crate::status::{BitstringStatusListEntry, StatusListProvider, StatusPurpose, TokenStatus};
use crate::{jcs, qr};

/// The largest input accepted (bytes).
pub const MAX_INPUT_BYTES: usize = 128 * 1024;

/// How the credential was secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CredentialFormat {
    /// JSON with a `DataIntegrityProof`, cryptosuite `eddsa-jcs-2022`.
    #[serde(rename = "eddsa-jcs-2022")]
    DataIntegrityJcs,
    /// JSON with a `DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`.
    #[serde(rename = "eddsa-rdfc-2022")]
    DataIntegrityRdfc,
    /// Compact JWS, `typ` = `vc+jwt`.
    #[serde(rename = "vc+jwt")]
    Jose,
    /// SD-JWT VC (`typ` = `dc+sd-jwt`): the holder chose which claims to disclose.
    #[serde(rename = "dc+sd-jwt")]
    SdJwtVc,
}

/// Machine-readable reason codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// The signature does not match.
    SignatureInvalid,
    /// `validUntil` has passed.
    Expired,
    /// `validFrom` is in the future.
    NotYetValid,
    /// The revocation bit is set.
    Revoked,
    /// The suspension bit is set.
    Suspended,
    /// The issuer or its key is not known or not trusted.
    UnknownIssuer,
    /// The key was retired before this proof was made.
    KeyRetired,
    /// The input or credential is malformed.
    Malformed,
    /// A status list could not be consulted.
    StatusUnavailable,
    /// The proof uses an algorithm this verifier does not support.
    UnsupportedCryptosuite,
    /// The signing key belongs to someone other than the stated issuer.
    IssuerMismatch,
    /// RDF canonicalization (`eddsa-rdfc-2022`) went over its limits: too many quads or
    /// blank nodes, or a graph crafted to make canonicalization take too long.
    CanonicalizationLimit,
    /// An SD-JWT disclosure does not match what the issuer signed (changed, repeated or
    /// smuggled in).
    DisclosureInvalid,
    /// An SD-JWT presentation is not bound to this request: its key binding is missing,
    /// signed by another key, made for another verifier or nonce, or too old.
    KeyBindingInvalid,
}

impl ReasonCode {
    /// The kebab-case code, e.g. `signature-invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignatureInvalid => "signature-invalid",
            Self::Expired => "expired",
            Self::NotYetValid => "not-yet-valid",
            Self::Revoked => "revoked",
            Self::Suspended => "suspended",
            Self::UnknownIssuer => "unknown-issuer",
            Self::KeyRetired => "key-retired",
            Self::Malformed => "malformed",
            Self::StatusUnavailable => "status-unavailable",
            Self::UnsupportedCryptosuite => "unsupported-cryptosuite",
            Self::IssuerMismatch => "issuer-mismatch",
            Self::CanonicalizationLimit => "canonicalization-limit",
            Self::DisclosureInvalid => "disclosure-invalid",
            Self::KeyBindingInvalid => "key-binding-invalid",
        }
    }
}

/// A reason with its English message (for logs and as a fallback; user
/// interfaces translate by `code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Machine code.
    pub code: ReasonCode,
    /// English explanation.
    pub message: String,
}

impl Reason {
    fn new(code: ReasonCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The checks, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckName {
    /// Input recognised and decoded.
    Decode,
    /// Signature verified with the issuer's key.
    Signature,
    /// Signing key belongs to the (trusted) issuer.
    Issuer,
    /// Signing key active (or retired only after signing).
    KeyStatus,
    /// VC Data Model rules (2.0, or 1.1 where the policy accepts it).
    DataModel,
    /// `validFrom` / `validUntil` (1.1: `issuanceDate` / `expirationDate`) against `now`.
    ValidityPeriod,
    /// Revocation / suspension lists.
    Status,
}

/// Outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckOutcome {
    /// The check passed.
    Passed,
    /// The check failed (see `reasons`).
    Failed,
    /// The check could not run (an earlier one failed, or nothing to check).
    Skipped,
}

/// One check and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which check.
    pub name: CheckName,
    /// Its outcome.
    pub outcome: CheckOutcome,
}

/// Everything a verifier learned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerificationResult {
    /// True only if every check passed and `reasons` is empty.
    pub verified: bool,
    /// How the credential was secured, once recognised.
    pub format: Option<CredentialFormat>,
    /// Whether the input was a QR payload.
    pub via_qr: bool,
    /// The issuer, once the signature has verified.
    pub issuer: Option<String>,
    /// The credential, once the signature has verified.
    pub credential: Option<Value>,
    /// Each check and its outcome.
    pub checks: Vec<Check>,
    /// Why verification failed (empty when `verified`).
    pub reasons: Vec<Reason>,
    /// Worth showing but not failing (e.g. status unknown when not required).
    pub warnings: Vec<Reason>,
    /// When the oldest status list consulted was fetched.
    pub status_checked_at: Option<DateTime<Utc>>,
    /// When the proof says it was made (`created`, or a JWS's `iat` / `validFrom`).
    pub signed_at: Option<DateTime<Utc>>,
    /// For an SD-JWT VC: what the holder chose to disclose, and to whom it was bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selective: Option<Selective>,
}

/// What an SD-JWT VC presentation disclosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selective {
    /// The names of the disclosed claims.
    pub disclosed: Vec<String>,
    /// The verifier (`aud`) the holder bound the presentation to, if they did.
    pub bound_to: Option<String>,
}

/// Verifier settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Context allow-list for the data model check.
    pub policy: ValidationPolicy,
    /// If set, only these issuers are accepted (`unknown-issuer` otherwise).
    /// `did:key` issuers resolve for anyone, so set this in production.
    pub trusted_issuers: Option<Vec<String>>,
    /// With `trusted_issuers` set, also accept any `did:key` issuer (for conformance suites
    /// and partners without a domain).
    pub trust_any_did_key: bool,
    /// If true, a status list that cannot be consulted fails verification;
    /// if false it is a warning.
    pub require_status: bool,
    /// Status lists fetched longer ago than this count as unavailable.
    pub max_status_age: Option<Duration>,
    /// Tolerance for clocks that run behind, applied to `validFrom`.
    pub clock_skew: Duration,
    /// Work budget of RDF canonicalization for `eddsa-rdfc-2022` credentials.
    pub canonicalization_limits: CanonicalizationLimits,
    /// What an SD-JWT VC's key binding must show (a verifier that handed out a nonce requires
    /// it).
    pub key_binding: KeyBindingPolicy,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            policy: ValidationPolicy::portal(),
            trusted_issuers: None,
            trust_any_did_key: false,
            require_status: true,
            max_status_age: None,
            clock_skew: Duration::minutes(5),
            canonicalization_limits: CanonicalizationLimits::DEFAULT,
            key_binding: KeyBindingPolicy::default(),
        }
    }
}

struct Run {
    result: VerificationResult,
}

impl Run {
    fn check(&mut self, name: CheckName, outcome: CheckOutcome) {
        self.result.checks.push(Check { name, outcome });
    }

    fn fail(&mut self, name: CheckName, code: ReasonCode, message: impl Into<String>) {
        self.check(name, CheckOutcome::Failed);
        self.result.reasons.push(Reason::new(code, message));
    }

    fn skip_rest(&mut self, after: CheckName) {
        let all = [
            CheckName::Decode,
            CheckName::Signature,
            CheckName::Issuer,
            CheckName::KeyStatus,
            CheckName::DataModel,
            CheckName::ValidityPeriod,
            CheckName::Status,
        ];
        for name in all.into_iter().skip_while(|n| *n != after).skip(1) {
            self.check(name, CheckOutcome::Skipped);
        }
    }

    fn finish(mut self) -> VerificationResult {
        self.result.verified = self.result.reasons.is_empty()
            && self
                .result
                .checks
                .iter()
                .all(|c| c.outcome != CheckOutcome::Failed);
        self.result
    }
}

/// Maps a proof-verification error to a reason.
fn proof_reason(e: &CredentialError) -> (ReasonCode, String) {
    use CredentialError as E;
    match e {
        E::SignatureInvalid => (
            ReasonCode::SignatureInvalid,
            "The signature does not match the credential: it was changed or not signed by this issuer.".into(),
        ),
        E::DidNotFound(did) => (
            ReasonCode::UnknownIssuer,
            format!("The issuer {did} is not known to this verifier."),
        ),
        E::VerificationMethod(m) | E::Key(m) => (
            ReasonCode::UnknownIssuer,
            format!("The signing key is not an authorized key of the issuer ({m})."),
        ),
        E::UnsupportedCryptosuite(s) => (
            ReasonCode::UnsupportedCryptosuite,
            format!("The credential is secured with {s}, which this verifier does not support."),
        ),
        E::Disclosure(m) => (
            ReasonCode::DisclosureInvalid,
            format!("A disclosed claim is not what the issuer signed: {m}."),
        ),
        E::KeyBinding(m) => (
            ReasonCode::KeyBindingInvalid,
            format!("The presentation is not bound to this request: {m}."),
        ),
        E::CanonicalizationLimit { what, limit } => (
            ReasonCode::CanonicalizationLimit,
            format!(
                "The credential's linked data is too complex to check safely (more {what} than the limit of {limit})."
            ),
        ),
        other => (
            ReasonCode::Malformed,
            format!("The credential could not be read: {other}."),
        ),
    }
}

/// A proof that verified: the key and the time the signer claims it signed.
struct Proven {
    format: CredentialFormat,
    credential: Value,
    key: ResolvedKey,
    signed_at: Option<DateTime<Utc>>,
    selective: Option<Selective>,
}

fn verify_json(
    value: Value,
    resolver: &dyn DidResolver,
    options: &VerifyOptions,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    match cryptosuite_of(&value) {
        Some(jcs::CRYPTOSUITE) => {
            let format = Some(CredentialFormat::DataIntegrityJcs);
            let p = jcs::verify(&value, resolver).map_err(|e| (format, e))?;
            Ok(Proven {
                format: CredentialFormat::DataIntegrityJcs,
                credential: value,
                key: p.key,
                signed_at: p.created,
                selective: None,
            })
        }
        Some("eddsa-rdfc-2022") => verify_rdfc(value, resolver, options),
        Some(other) => Err((
            None,
            CredentialError::UnsupportedCryptosuite(other.to_string()),
        )),
        None if value.get("proof").is_some() => Err((
            None,
            CredentialError::UnsupportedCryptosuite("a proof without a cryptosuite".into()),
        )),
        None => Err((
            None,
            CredentialError::InvalidProof("the credential has no proof".into()),
        )),
    }
}

#[cfg(feature = "rdfc")]
fn verify_rdfc(
    value: Value,
    resolver: &dyn DidResolver,
    options: &VerifyOptions,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    let format = Some(CredentialFormat::DataIntegrityRdfc);
    let contexts = crate::rdfc::Contexts::portal()
        .with_limits(options.canonicalization_limits)
        .with_portal_contexts(options.policy.portal_context_aliases(&value));
    let p = crate::rdfc::verify_with(&value, resolver, &contexts).map_err(|e| (format, e))?;
    Ok(Proven {
        format: CredentialFormat::DataIntegrityRdfc,
        credential: value,
        key: p.key,
        signed_at: p.created,
        selective: None,
    })
}

#[cfg(not(feature = "rdfc"))]
fn verify_rdfc(
    _value: Value,
    _resolver: &dyn DidResolver,
    _options: &VerifyOptions,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    Err((
        Some(CredentialFormat::DataIntegrityRdfc),
        CredentialError::UnsupportedCryptosuite(
            "eddsa-rdfc-2022 (not built into this verifier)".into(),
        ),
    ))
}

pub use crate::jws_shape::looks_like_compact_jws;

#[cfg(not(feature = "jose"))]
fn verify_jws(
    _text: &str,
    _resolver: &dyn DidResolver,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    Err((
        Some(CredentialFormat::Jose),
        CredentialError::UnsupportedCryptosuite("vc+jwt (not built into this verifier)".into()),
    ))
}

#[cfg(feature = "jose")]
fn verify_jws(
    text: &str,
    resolver: &dyn DidResolver,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    let format = Some(CredentialFormat::Jose);
    let v = crate::jose::verify(text, resolver).map_err(|e| (format, e))?;
    // A JWS has no proof time of its own: use `iat` if the payload has one,
    // else `validFrom`.
    let signed_at = v
        .credential
        .get("iat")
        .and_then(Value::as_i64)
        .and_then(|s| DateTime::from_timestamp(s, 0))
        .or_else(|| {
            v.credential
                .get("validFrom")
                .and_then(Value::as_str)
                .and_then(|s| crate::model::parse_date_time_stamp(s).ok())
        });
    Ok(Proven {
        format: CredentialFormat::Jose,
        credential: v.credential,
        key: v.key,
        signed_at,
        selective: None,
    })
}

fn verify_sd_jwt(
    text: &str,
    resolver: &dyn DidResolver,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) -> Result<Proven, (Option<CredentialFormat>, CredentialError)> {
    let format = Some(CredentialFormat::SdJwtVc);
    let v = sd_jwt::verify(text, resolver, now, &options.key_binding).map_err(|e| (format, e))?;
    let signed_at = crate::jwt::date_claim(&v.claims, "iat").ok().flatten();
    Ok(Proven {
        format: CredentialFormat::SdJwtVc,
        selective: Some(Selective {
            disclosed: v.disclosed,
            bound_to: v.key_binding.map(|kb| kb.audience),
        }),
        credential: Value::Object(v.claims),
        key: v.key,
        signed_at,
    })
}

enum Decoded {
    Json(Value),
    Jws(String),
    SdJwt(String),
}

fn decode(input: &[u8], run: &mut Run) -> Option<Decoded> {
    if input.len() > MAX_INPUT_BYTES {
        run.fail(
            CheckName::Decode,
            ReasonCode::Malformed,
            "The input is too large to be a credential.",
        );
        return None;
    }
    let Ok(text) = std::str::from_utf8(input) else {
        run.fail(
            CheckName::Decode,
            ReasonCode::Malformed,
            "The input is not text.",
        );
        return None;
    };
    let mut text = text.trim_start().to_string();
    if qr::is_qr_payload(&text) {
        run.result.via_qr = true;
        match qr::decode_payload(&text) {
            Ok(inner) => text = inner,
            Err(e) => {
                run.fail(
                    CheckName::Decode,
                    ReasonCode::Malformed,
                    format!("The QR code could not be read: {e}."),
                );
                return None;
            }
        }
    }
    let text = text.trim();
    if text.starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(v) if v.is_object() => Some(Decoded::Json(v)),
            _ => {
                run.fail(
                    CheckName::Decode,
                    ReasonCode::Malformed,
                    "The input is not valid JSON.",
                );
                None
            }
        }
    } else if sd_jwt::looks_like_sd_jwt(text) {
        Some(Decoded::SdJwt(text.to_string()))
    } else if looks_like_compact_jws(text) {
        Some(Decoded::Jws(text.to_string()))
    } else {
        run.fail(
            CheckName::Decode,
            ReasonCode::Malformed,
            "The input is not a credential (expected JSON, a compact JWS, an SD-JWT or a portal QR code).",
        );
        None
    }
}

fn check_issuer(
    run: &mut Run,
    proven: &Proven,
    summary: Option<&CredentialSummary>,
    options: &VerifyOptions,
) -> bool {
    let claimed =
        summary
            .map(|s| s.issuer.clone())
            .or_else(|| match proven.credential.get("issuer") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(o)) => o.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            });
    let Some(issuer) = claimed else {
        run.fail(
            CheckName::Issuer,
            ReasonCode::Malformed,
            "The credential names no issuer.",
        );
        return false;
    };
    if issuer != proven.key.controller {
        run.fail(
            CheckName::Issuer,
            ReasonCode::IssuerMismatch,
            format!(
                "The credential claims issuer {issuer} but was signed by a key of {}.",
                proven.key.controller
            ),
        );
        return false;
    }
    if let Some(trusted) = &options.trusted_issuers {
        let did_key_ok = options.trust_any_did_key && issuer.starts_with("did:key:");
        if !trusted.contains(&issuer) && !did_key_ok {
            run.fail(
                CheckName::Issuer,
                ReasonCode::UnknownIssuer,
                format!("The issuer {issuer} is not a trusted issuer."),
            );
            return false;
        }
    }
    run.result.issuer = Some(issuer);
    run.check(CheckName::Issuer, CheckOutcome::Passed);
    true
}

fn check_key_status(run: &mut Run, proven: &Proven) {
    match proven.key.status {
        KeyStatus::Active => run.check(CheckName::KeyStatus, CheckOutcome::Passed),
        // Retiring a key is the issuer saying "stop accepting what this key signed": the
        // credentials it signed, whenever, must be replaced by ones signed with a newer key.
        KeyStatus::Retired { since } => run.fail(
            CheckName::KeyStatus,
            ReasonCode::KeyRetired,
            format!(
                "The signing key was retired on {since}; what it signed is no longer accepted."
            ),
        ),
    }
}

fn check_validity(
    run: &mut Run,
    summary: &CredentialSummary,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) {
    let mut ok = true;
    if let Some(from) = summary.valid_from {
        if now + options.clock_skew < from {
            ok = false;
            run.result.reasons.push(Reason::new(
                ReasonCode::NotYetValid,
                format!("The credential is valid only from {from}."),
            ));
        }
    }
    if let Some(until) = summary.valid_until {
        if now > until {
            ok = false;
            run.result.reasons.push(Reason::new(
                ReasonCode::Expired,
                format!("The credential expired on {until}."),
            ));
        }
    }
    run.check(
        CheckName::ValidityPeriod,
        if ok {
            CheckOutcome::Passed
        } else {
            CheckOutcome::Failed
        },
    );
}

fn check_status(
    run: &mut Run,
    summary: &CredentialSummary,
    statuses: &dyn StatusListProvider,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) {
    if summary.statuses.is_empty() {
        run.check(CheckName::Status, CheckOutcome::Skipped);
        return;
    }
    let mut failed = false;
    let mut unavailable = Vec::new();
    for raw in &summary.statuses {
        let entry = match BitstringStatusListEntry::from_value(raw) {
            Ok(e) => e,
            Err(e) => {
                unavailable.push(format!("A status entry cannot be used: {e}."));
                continue;
            }
        };
        let url = &entry.status_list_credential;
        let Some(cached) = statuses.status_list(url) else {
            unavailable.push(format!("The status list {url} is not available."));
            continue;
        };
        if Some(&cached.issuer) != run.result.issuer.as_ref() {
            unavailable.push(format!(
                "The status list {url} was issued by {}, not by the credential's issuer.",
                cached.issuer
            ));
            continue;
        }
        if cached.purpose != entry.status_purpose {
            unavailable.push(format!(
                "The status list {url} is for {}, not {}.",
                cached.purpose.as_str(),
                entry.status_purpose.as_str()
            ));
            continue;
        }
        if let Some(max) = options.max_status_age {
            if now - cached.fetched_at > max {
                unavailable.push(format!(
                    "The status list {url} was last fetched on {}, too long ago.",
                    cached.fetched_at
                ));
                continue;
            }
        }
        let bit = entry.index().and_then(|i| cached.list.get(i));
        match bit {
            Err(e) => unavailable.push(format!(
                "The status of this credential cannot be read: {e}."
            )),
            Ok(set) => {
                let checked = run
                    .result
                    .status_checked_at
                    .map_or(cached.fetched_at, |t| t.min(cached.fetched_at));
                run.result.status_checked_at = Some(checked);
                if set {
                    failed = true;
                    let (code, msg) = match entry.status_purpose {
                        StatusPurpose::Revocation => (
                            ReasonCode::Revoked,
                            "The issuer has revoked this credential.",
                        ),
                        StatusPurpose::Suspension => (
                            ReasonCode::Suspended,
                            "The issuer has suspended this credential.",
                        ),
                    };
                    run.result.reasons.push(Reason::new(code, msg));
                }
            }
        }
    }
    for message in unavailable {
        let reason = Reason::new(ReasonCode::StatusUnavailable, message);
        if options.require_status {
            failed = true;
            run.result.reasons.push(reason);
        } else {
            run.result.warnings.push(reason);
        }
    }
    run.check(
        CheckName::Status,
        if failed {
            CheckOutcome::Failed
        } else {
            CheckOutcome::Passed
        },
    );
}

/// The status of an SD-JWT VC, from the Token Status List its `status` claim points into.
fn check_token_status(
    run: &mut Run,
    statuses: &dyn StatusListProvider,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) {
    let reference = match run.result.credential.as_ref() {
        Some(Value::Object(claims)) => sd_jwt_vc::status_reference(claims),
        _ => None,
    };
    let Some(reference) = reference else {
        run.check(CheckName::Status, CheckOutcome::Skipped);
        return;
    };
    let problem = match reference {
        Err(e) => Some(format!("The status entry cannot be used: {e}.")),
        Ok((uri, index)) => match statuses.token_status_list(&uri) {
            None => Some(format!("The status list {uri} is not available.")),
            Some(cached) if Some(&cached.issuer) != run.result.issuer.as_ref() => Some(format!(
                "The status list {uri} was issued by {}, not by the credential's issuer.",
                cached.issuer
            )),
            Some(cached)
                if options
                    .max_status_age
                    .is_some_and(|max| now - cached.fetched_at > max) =>
            {
                Some(format!(
                    "The status list {uri} was last fetched on {}, too long ago.",
                    cached.fetched_at
                ))
            }
            Some(cached) => {
                run.result.status_checked_at = Some(cached.fetched_at);
                match cached.list.get(index) {
                    Err(e) => Some(format!(
                        "The status of this credential cannot be read: {e}."
                    )),
                    Ok(TokenStatus::Valid) => None,
                    Ok(status @ (TokenStatus::Invalid | TokenStatus::Suspended)) => {
                        let (code, message) = if status == TokenStatus::Invalid {
                            (
                                ReasonCode::Revoked,
                                "The issuer has revoked this credential.",
                            )
                        } else {
                            (
                                ReasonCode::Suspended,
                                "The issuer has suspended this credential.",
                            )
                        };
                        run.fail(CheckName::Status, code, message);
                        return;
                    }
                    Ok(TokenStatus::Other) => {
                        Some("The status list holds a value this verifier does not know.".into())
                    }
                }
            }
        },
    };
    match problem {
        None => run.check(CheckName::Status, CheckOutcome::Passed),
        Some(message) if options.require_status => {
            run.fail(CheckName::Status, ReasonCode::StatusUnavailable, message)
        }
        Some(message) => {
            run.result
                .warnings
                .push(Reason::new(ReasonCode::StatusUnavailable, message));
            run.check(CheckName::Status, CheckOutcome::Passed);
        }
    }
}

/// Verifies a credential given as bytes: a JSON VC with a Data Integrity
/// proof, a compact JWS, or a portal QR payload (`RP3:…`, or the older `RP1:…`) holding either.
///
/// Never panics; every problem becomes a [`Reason`].
pub fn verify(
    input: &[u8],
    resolver: &dyn DidResolver,
    statuses: &dyn StatusListProvider,
    now: DateTime<Utc>,
    options: &VerifyOptions,
) -> VerificationResult {
    let mut run = Run {
        result: VerificationResult {
            verified: false,
            format: None,
            via_qr: false,
            issuer: None,
            credential: None,
            checks: Vec::new(),
            reasons: Vec::new(),
            warnings: Vec::new(),
            status_checked_at: None,
            signed_at: None,
            selective: None,
        },
    };
    let Some(decoded) = decode(input, &mut run) else {
        run.skip_rest(CheckName::Decode);
        return run.finish();
    };
    run.check(CheckName::Decode, CheckOutcome::Passed);

    let proven = match decoded {
        Decoded::Json(v) => verify_json(v, resolver, options),
        Decoded::Jws(t) => verify_jws(&t, resolver),
        Decoded::SdJwt(t) => verify_sd_jwt(&t, resolver, now, options),
    };
    let proven = match proven {
        Ok(p) => p,
        Err((format, e)) => {
            run.result.format = format;
            let (code, message) = proof_reason(&e);
            run.fail(CheckName::Signature, code, message);
            run.skip_rest(CheckName::Signature);
            return run.finish();
        }
    };
    run.result.format = Some(proven.format);
    run.result.signed_at = proven.signed_at;
    run.result.selective = proven.selective.clone();
    run.check(CheckName::Signature, CheckOutcome::Passed);

    let sd_jwt = proven.format == CredentialFormat::SdJwtVc;
    let summary = match &proven.credential {
        Value::Object(claims) if sd_jwt => sd_jwt_vc::summary(claims),
        _ => validate_credential(&proven.credential, &options.policy),
    };
    let issuer_ok = check_issuer(&mut run, &proven, summary.as_ref().ok(), options);
    check_key_status(&mut run, &proven);
    let summary = match summary {
        Ok(s) => {
            run.check(CheckName::DataModel, CheckOutcome::Passed);
            s
        }
        Err(e) => {
            run.fail(
                CheckName::DataModel,
                ReasonCode::Malformed,
                format!("The credential breaks the data model: {e}."),
            );
            run.skip_rest(CheckName::DataModel);
            return run.finish();
        }
    };
    if issuer_ok {
        run.result.credential = Some(proven.credential);
    }
    check_validity(&mut run, &summary, now, options);
    if issuer_ok && sd_jwt {
        check_token_status(&mut run, statuses, now, options);
    } else if issuer_ok {
        check_status(&mut run, &summary, statuses, now, options);
    } else {
        run.check(CheckName::Status, CheckOutcome::Skipped);
    }
    run.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::{did_key_verification_method, did_web_document, StaticResolver};
    use crate::keys::{signing_key_from_seed, IssuerKey, Signer};
    use crate::model::tests::{registration, t};
    use crate::status::{CachedStatusList, NoStatusLists, StaticStatusLists, StatusList};
    use serde_json::json;

    const PORTAL: &str = "did:web:refugee-portal.example";
    const LIST: &str = "https://refugee-portal.example/status/1";

    fn key(n: u8) -> ed25519_dalek::SigningKey {
        signing_key_from_seed(&[n; 32])
    }

    fn resolver() -> StaticResolver {
        let doc = did_web_document(
            PORTAL,
            &[
                IssuerKey {
                    fragment: "key-1".into(),
                    public: key(1).verifying_key(),
                    status: KeyStatus::Retired {
                        since: t(2026, 3, 1),
                    },
                },
                IssuerKey {
                    fragment: "key-2".into(),
                    public: key(2).verifying_key(),
                    status: KeyStatus::Active,
                },
            ],
        )
        .unwrap();
        StaticResolver::new().with_document(doc)
    }

    fn signer() -> Signer {
        Signer::new(format!("{PORTAL}#key-2"), key(2))
    }

    fn lists(revoked: bool) -> StaticStatusLists {
        let mut list = StatusList::new(0).unwrap();
        list.set(94_567, revoked).unwrap();
        StaticStatusLists::new().with_list(
            LIST,
            CachedStatusList {
                issuer: PORTAL.into(),
                purpose: StatusPurpose::Revocation,
                list,
                fetched_at: t(2026, 6, 1),
            },
        )
    }

    fn now() -> DateTime<Utc> {
        t(2026, 6, 2)
    }

    fn jcs_signed() -> Value {
        jcs::sign(&registration(), &signer(), t(2026, 5, 1)).unwrap()
    }

    fn run(input: &[u8]) -> VerificationResult {
        verify(
            input,
            &resolver(),
            &lists(false),
            now(),
            &VerifyOptions::default(),
        )
    }

    fn codes(r: &VerificationResult) -> Vec<ReasonCode> {
        r.reasons.iter().map(|r| r.code).collect()
    }

    fn text(v: &Value) -> Vec<u8> {
        serde_json::to_vec(v).unwrap()
    }

    #[test]
    fn a_genuine_jcs_credential_verifies() {
        let r = run(&text(&jcs_signed()));
        assert!(r.verified, "{:?}", r.reasons);
        assert_eq!(r.format, Some(CredentialFormat::DataIntegrityJcs));
        assert_eq!(r.issuer.as_deref(), Some(PORTAL));
        assert_eq!(r.status_checked_at, Some(t(2026, 6, 1)));
        assert!(r.checks.iter().all(|c| c.outcome == CheckOutcome::Passed));
        assert_eq!(r.checks.len(), 7);
        assert_eq!(
            r.credential.unwrap()["credentialSubject"]["name"],
            "Amina Al-Hassan"
        );
    }

    const TOKEN_LIST: &str = "https://refugee-portal.example/status/token/0";

    fn sd_jwt_statuses(status: crate::status::TokenStatus) -> StaticStatusLists {
        use crate::status::{CachedTokenStatusList, TokenStatusList};
        let mut revoked = StatusList::new(0).unwrap();
        let mut suspended = StatusList::new(0).unwrap();
        match status {
            crate::status::TokenStatus::Invalid => revoked.set(77, true).unwrap(),
            crate::status::TokenStatus::Suspended => suspended.set(77, true).unwrap(),
            _ => {}
        }
        StaticStatusLists::new().with_token_list(
            TOKEN_LIST,
            CachedTokenStatusList {
                issuer: PORTAL.into(),
                list: TokenStatusList::combine(&revoked, &suspended).unwrap(),
                fetched_at: t(2026, 6, 1),
            },
        )
    }

    fn sd_jwt_issued() -> sd_jwt::SdJwt {
        let claims = sd_jwt_vc::claims_of(
            &registration(),
            "https://refugee-portal.example",
            t(2026, 5, 1),
            Some(crate::keys::public_jwk(&key(9).verifying_key())),
            Some(sd_jwt_vc::status_claim(TOKEN_LIST, 77)),
        )
        .unwrap();
        sd_jwt::issue(&claims, &signer(), &mut rand_core::OsRng).unwrap()
    }

    #[test]
    fn an_sd_jwt_vc_verifies_shows_only_what_is_disclosed_and_reads_its_token_status() {
        use crate::status::TokenStatus;
        use crate::verdict::{Outcome, VerifyView};
        let sd = sd_jwt_issued();
        let bank = sd.present(sd_jwt_vc::Preset::Bank.claims());
        let r = verify(
            bank.as_bytes(),
            &resolver(),
            &sd_jwt_statuses(TokenStatus::Valid),
            now(),
            &VerifyOptions::default(),
        );
        assert!(r.verified, "{:?}", r.reasons);
        assert_eq!(r.format, Some(CredentialFormat::SdJwtVc));
        assert_eq!(r.status_checked_at, Some(t(2026, 6, 1)));
        let view = VerifyView::of(&r);
        assert_eq!(view.outcome, Outcome::Genuine);
        assert_eq!(
            view.credential_type.as_deref(),
            Some("RefugeeRegistrationCredential")
        );
        assert_eq!(view.name.as_deref(), Some("Amina Al-Hassan"));
        assert_eq!(view.age_over_18, Some(true));
        assert_eq!(view.birth_date, None);
        assert!(view.selective);
        assert!(!serde_json::to_string(&r).unwrap().contains("birthdate"));

        for (status, code) in [
            (TokenStatus::Invalid, ReasonCode::Revoked),
            (TokenStatus::Suspended, ReasonCode::Suspended),
        ] {
            let r = verify(
                bank.as_bytes(),
                &resolver(),
                &sd_jwt_statuses(status),
                now(),
                &VerifyOptions::default(),
            );
            assert_eq!(codes(&r), vec![code]);
        }
        let r = verify(
            bank.as_bytes(),
            &resolver(),
            &NoStatusLists,
            now(),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::StatusUnavailable]);
        let later = t(2029, 1, 1);
        let r = verify(
            bank.as_bytes(),
            &resolver(),
            &sd_jwt_statuses(TokenStatus::Valid),
            later,
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::Expired]);
    }

    #[test]
    fn an_sd_jwt_vc_bound_to_a_request_verifies_once_and_fits_one_qr_code() {
        use crate::status::TokenStatus;
        let sd = sd_jwt_issued();
        let shown = sd.present(sd_jwt_vc::Preset::Bank.claims());
        let bound = sd_jwt::bind(&shown, &key(9), "https://bank.example", "n-1", now()).unwrap();
        let options = VerifyOptions {
            key_binding: KeyBindingPolicy::request("https://bank.example", "n-1"),
            ..VerifyOptions::default()
        };
        let statuses = sd_jwt_statuses(TokenStatus::Valid);
        let r = verify(bound.as_bytes(), &resolver(), &statuses, now(), &options);
        assert!(r.verified, "{:?}", r.reasons);
        assert_eq!(
            r.selective.as_ref().and_then(|s| s.bound_to.as_deref()),
            Some("https://bank.example")
        );
        let replay = VerifyOptions {
            key_binding: KeyBindingPolicy::request("https://bank.example", "n-2"),
            ..VerifyOptions::default()
        };
        let r = verify(bound.as_bytes(), &resolver(), &statuses, now(), &replay);
        assert_eq!(codes(&r), vec![ReasonCode::KeyBindingInvalid]);
        assert_eq!(
            crate::verdict::Outcome::of(&r),
            crate::verdict::Outcome::Forged
        );
        // Unbound, where the verifier asked for a binding.
        let r = verify(shown.as_bytes(), &resolver(), &statuses, now(), &replay);
        assert_eq!(codes(&r), vec![ReasonCode::KeyBindingInvalid]);

        // The portal's QR payload carries it; every preset fits one QR code.
        for preset in sd_jwt_vc::Preset::ALL {
            let shown = sd.present(preset.claims());
            let payload = qr::encode_payload(&shown).unwrap();
            let version = qr::qr_version(&payload).unwrap();
            println!(
                "SD-JWT VC, {} preset: {} chars, QR version {version}",
                preset.as_str(),
                shown.len()
            );
            assert!(run(payload.as_bytes()).format == Some(CredentialFormat::SdJwtVc));
        }
        let bound_payload = qr::encode_payload(&bound).unwrap();
        println!(
            "SD-JWT VC, bank preset with key binding: QR version {}",
            qr::qr_version(&bound_payload).unwrap()
        );
        let r = verify(
            bound_payload.as_bytes(),
            &resolver(),
            &statuses,
            now(),
            &options,
        );
        assert!(r.verified && r.via_qr, "{:?}", r.reasons);
    }

    #[test]
    fn a_genuine_qr_payload_verifies_and_fits_version_15() {
        let payload = qr::encode_credential_json(&jcs_signed()).unwrap();
        let version = qr::qr_version(&payload).unwrap();
        println!(
            "signed eddsa-jcs-2022 registration credential: {} chars, QR version {version}",
            payload.len()
        );
        assert!(version <= 15, "QR version {version}");
        let r = run(payload.as_bytes());
        assert!(r.verified, "{:?}", r.reasons);
        assert!(r.via_qr);
    }

    #[cfg(feature = "jose")]
    #[test]
    fn a_genuine_jws_verifies_also_through_qr() {
        use crate::jose;
        let jws = jose::sign(
            &registration(),
            &Signer::new(format!("{PORTAL}#key-2-jwk"), key(2)),
        )
        .unwrap();
        let r = run(jws.as_bytes());
        assert!(r.verified, "{:?}", r.reasons);
        assert_eq!(r.format, Some(CredentialFormat::Jose));
        let payload = qr::encode_payload(&jws).unwrap();
        println!(
            "signed vc+jwt registration credential: QR version {}",
            qr::qr_version(&payload).unwrap()
        );
        assert!(run(payload.as_bytes()).verified);
    }

    #[cfg(feature = "rdfc")]
    #[test]
    fn a_genuine_rdfc_credential_verifies() {
        let signed = crate::rdfc::sign(
            &registration(),
            &signer(),
            t(2026, 5, 1),
            &crate::rdfc::Contexts::portal(),
        )
        .unwrap();
        let r = run(&text(&signed));
        assert!(r.verified, "{:?}", r.reasons);
        assert_eq!(r.format, Some(CredentialFormat::DataIntegrityRdfc));
    }

    #[cfg(feature = "rdfc")]
    #[test]
    fn a_poison_rdfc_credential_fails_with_canonicalization_limit() {
        let signed = crate::rdfc::sign(
            &registration(),
            &signer(),
            t(2026, 5, 1),
            &crate::rdfc::Contexts::portal(),
        )
        .unwrap();
        let mut poison = crate::rdfc::tests::clique_credential(8);
        poison["proof"] = signed["proof"].clone();

        let r = run(&text(&poison));

        assert!(!r.verified);
        assert_eq!(r.format, Some(CredentialFormat::DataIntegrityRdfc));
        assert_eq!(codes(&r), vec![ReasonCode::CanonicalizationLimit]);
        assert_eq!(
            serde_json::to_value(&r.reasons[0]).unwrap()["code"],
            "canonicalization-limit"
        );
        assert_eq!(
            ReasonCode::CanonicalizationLimit.as_str(),
            "canonicalization-limit"
        );
    }

    #[cfg(feature = "rdfc")]
    #[test]
    fn the_canonicalization_limits_come_from_the_options() {
        let signed = crate::rdfc::sign(
            &registration(),
            &signer(),
            t(2026, 5, 1),
            &crate::rdfc::Contexts::portal(),
        )
        .unwrap();
        let tight = VerifyOptions {
            canonicalization_limits: CanonicalizationLimits {
                max_quads: 10,
                ..CanonicalizationLimits::DEFAULT
            },
            ..VerifyOptions::default()
        };

        let r = verify(&text(&signed), &resolver(), &lists(false), now(), &tight);

        assert_eq!(codes(&r), vec![ReasonCode::CanonicalizationLimit]);
    }

    /// A VC Data Model 1.1 credential as older wallets and the W3C DI test suite make them.
    fn vc_1_1(expires: &str) -> Value {
        json!({
            "@context": [
                "https://www.w3.org/2018/credentials/v1",
                "https://w3id.org/security/data-integrity/v2",
                "https://www.w3.org/2018/credentials/examples/v1"
            ],
            "id": "urn:uuid:5d1f7a0e-4c3b-4a8e-9f1d-2b6c7e8a9d01",
            "type": ["VerifiableCredential", "AlumniCredential"],
            "issuer": PORTAL,
            "issuanceDate": "2026-05-01T00:00:00Z",
            "expirationDate": expires,
            "credentialSubject": {
                "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                "alumniOf": "Example University"
            }
        })
    }

    fn verifier_options() -> VerifyOptions {
        VerifyOptions {
            policy: ValidationPolicy::verifier(),
            ..VerifyOptions::default()
        }
    }

    #[test]
    fn vc_1_1_credentials_verify_where_the_policy_accepts_them() {
        let mut signed = vec![(
            CredentialFormat::DataIntegrityJcs,
            jcs::sign(&vc_1_1("2027-05-01T00:00:00Z"), &signer(), t(2026, 5, 1)).unwrap(),
        )];
        #[cfg(feature = "rdfc")]
        signed.push((
            CredentialFormat::DataIntegrityRdfc,
            crate::rdfc::sign(
                &vc_1_1("2027-05-01T00:00:00Z"),
                &signer(),
                t(2026, 5, 1),
                &crate::rdfc::Contexts::portal(),
            )
            .unwrap(),
        ));
        for (format, vc) in signed {
            let r = verify(
                &text(&vc),
                &resolver(),
                &lists(false),
                now(),
                &verifier_options(),
            );
            assert!(r.verified, "{format:?}: {:?}", r.reasons);
            assert_eq!(r.format, Some(format));
            // The portal's own policy (issuing, its QR codes) stays 2.0 only.
            let r = run(&text(&vc));
            assert_eq!(codes(&r), vec![ReasonCode::Malformed], "{format:?}");
            assert!(r.reasons[0].message.contains("1.1"), "{:?}", r.reasons);
        }
        // Its expirationDate is its end of validity.
        let old = jcs::sign(&vc_1_1("2026-05-31T00:00:00Z"), &signer(), t(2026, 5, 1)).unwrap();
        let r = verify(
            &text(&old),
            &resolver(),
            &lists(false),
            now(),
            &verifier_options(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::Expired]);
        // A 1.1 credential with 2.0's validity terms is neither.
        let mut mixed = vc_1_1("2027-05-01T00:00:00Z");
        mixed["validFrom"] = json!("2026-05-01T00:00:00Z");
        let mixed = jcs::sign(&mixed, &signer(), t(2026, 5, 1)).unwrap();
        let r = verify(
            &text(&mixed),
            &resolver(),
            &lists(false),
            now(),
            &verifier_options(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::Malformed]);
        assert!(
            r.reasons[0].message.contains("validFrom"),
            "{:?}",
            r.reasons
        );
        // issuanceDate is required in 1.1.
        let mut undated = vc_1_1("2027-05-01T00:00:00Z");
        undated.as_object_mut().unwrap().remove("issuanceDate");
        let undated = jcs::sign(&undated, &signer(), t(2026, 5, 1)).unwrap();
        let r = verify(
            &text(&undated),
            &resolver(),
            &lists(false),
            now(),
            &verifier_options(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::Malformed]);
    }

    #[test]
    fn a_changed_credential_is_signature_invalid() {
        let mut vc = jcs_signed();
        vc["credentialSubject"]["name"] = json!("Someone Else");
        let r = run(&text(&vc));
        assert!(!r.verified);
        assert_eq!(codes(&r), vec![ReasonCode::SignatureInvalid]);
        assert!(r.credential.is_none() && r.issuer.is_none());
        assert_eq!(
            r.checks[1],
            Check {
                name: CheckName::Signature,
                outcome: CheckOutcome::Failed
            }
        );
        assert!(r.checks[2..]
            .iter()
            .all(|c| c.outcome == CheckOutcome::Skipped));
    }

    #[test]
    fn expired_and_not_yet_valid() {
        let signed = text(&jcs_signed());
        let late = verify(
            &signed,
            &resolver(),
            &lists(false),
            t(2028, 5, 2),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&late), vec![ReasonCode::Expired]);
        let early = verify(
            &signed,
            &resolver(),
            &lists(false),
            t(2026, 4, 30),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&early), vec![ReasonCode::NotYetValid]);
    }

    #[test]
    fn revoked_and_suspended() {
        let r = verify(
            &text(&jcs_signed()),
            &resolver(),
            &lists(true),
            now(),
            &VerifyOptions::default(),
        );
        assert!(!r.verified);
        assert_eq!(codes(&r), vec![ReasonCode::Revoked]);
        assert_eq!(r.status_checked_at, Some(t(2026, 6, 1)));

        let mut vc = registration();
        vc["credentialStatus"]["statusPurpose"] = json!("suspension");
        let signed = jcs::sign(&vc, &signer(), t(2026, 5, 1)).unwrap();
        let mut list = StatusList::new(0).unwrap();
        list.set(94_567, true).unwrap();
        let suspended = StaticStatusLists::new().with_list(
            LIST,
            CachedStatusList {
                issuer: PORTAL.into(),
                purpose: StatusPurpose::Suspension,
                list,
                fetched_at: t(2026, 6, 1),
            },
        );
        let r = verify(
            &text(&signed),
            &resolver(),
            &suspended,
            now(),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::Suspended]);
    }

    #[test]
    fn status_unavailable_fails_or_warns_by_option() {
        let signed = text(&jcs_signed());
        let r = verify(
            &signed,
            &resolver(),
            &NoStatusLists,
            now(),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::StatusUnavailable]);
        let lenient = VerifyOptions {
            require_status: false,
            ..VerifyOptions::default()
        };
        let r = verify(&signed, &resolver(), &NoStatusLists, now(), &lenient);
        assert!(r.verified);
        assert_eq!(r.warnings[0].code, ReasonCode::StatusUnavailable);
        let fresh_only = VerifyOptions {
            max_status_age: Some(Duration::hours(1)),
            ..VerifyOptions::default()
        };
        let r = verify(&signed, &resolver(), &lists(false), now(), &fresh_only);
        assert_eq!(codes(&r), vec![ReasonCode::StatusUnavailable]);
    }

    #[test]
    fn a_status_list_from_another_issuer_is_not_used() {
        let mut list = StatusList::new(0).unwrap();
        list.set(0, true).unwrap();
        let foreign = StaticStatusLists::new().with_list(
            LIST,
            CachedStatusList {
                issuer: "did:web:evil.example".into(),
                purpose: StatusPurpose::Revocation,
                list,
                fetched_at: t(2026, 6, 1),
            },
        );
        let r = verify(
            &text(&jcs_signed()),
            &resolver(),
            &foreign,
            now(),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::StatusUnavailable]);
    }

    #[test]
    fn unknown_issuer_and_untrusted_issuer() {
        let r = verify(
            &text(&jcs_signed()),
            &StaticResolver::new(),
            &lists(false),
            now(),
            &VerifyOptions::default(),
        );
        assert_eq!(codes(&r), vec![ReasonCode::UnknownIssuer]);

        let k = key(9);
        let mut vc = registration();
        let did = crate::did::did_key(&k.verifying_key());
        vc["issuer"] = json!(did);
        let signed = jcs::sign(
            &vc,
            &Signer::new(did_key_verification_method(&k.verifying_key()), k),
            t(2026, 5, 1),
        )
        .unwrap();
        let trusted = VerifyOptions {
            trusted_issuers: Some(vec![PORTAL.into()]),
            ..VerifyOptions::default()
        };
        let r = verify(&text(&signed), &resolver(), &lists(false), now(), &trusted);
        assert_eq!(codes(&r), vec![ReasonCode::UnknownIssuer]);
    }

    #[test]
    fn a_key_of_someone_else_is_an_issuer_mismatch() {
        let k = key(9);
        let signed = jcs::sign(
            &registration(),
            &Signer::new(did_key_verification_method(&k.verifying_key()), k),
            t(2026, 5, 1),
        )
        .unwrap();
        let r = run(&text(&signed));
        assert_eq!(codes(&r), vec![ReasonCode::IssuerMismatch]);
        assert!(r.credential.is_none());
    }

    #[test]
    fn a_retired_key_fails_whenever_it_signed() {
        let old = Signer::new(format!("{PORTAL}#key-1"), key(1));
        for signed_on in [t(2026, 5, 1), t(2026, 2, 1)] {
            let signed = jcs::sign(&registration(), &old, signed_on).unwrap();
            let r = run(&text(&signed));
            assert!(!r.verified);
            assert_eq!(codes(&r), vec![ReasonCode::KeyRetired]);
        }
    }

    #[test]
    fn a_signed_credential_that_breaks_the_data_model_is_malformed() {
        let mut vc = registration();
        vc["validUntil"] = json!("2020-01-01T00:00:00Z");
        let signed = jcs::sign(&vc, &signer(), t(2026, 5, 1)).unwrap();
        let r = run(&text(&signed));
        assert_eq!(codes(&r), vec![ReasonCode::Malformed]);
        assert!(r
            .checks
            .iter()
            .any(|c| c.name == CheckName::DataModel && c.outcome == CheckOutcome::Failed));
    }

    #[test]
    fn jws_shape_detection() {
        assert!(looks_like_compact_jws("a.b.c"));
        assert!(!looks_like_compact_jws("a.b.c.d"));
        assert!(!looks_like_compact_jws("a..c"));
        assert!(!looks_like_compact_jws("a.b.c="));
        assert!(!looks_like_compact_jws(""));
    }

    #[test]
    fn unsupported_cryptosuites_and_algorithms() {
        let mut vc = jcs_signed();
        vc["proof"]["cryptosuite"] = json!("ecdsa-rdfc-2019");
        assert_eq!(
            codes(&run(&text(&vc))),
            vec![ReasonCode::UnsupportedCryptosuite]
        );
        vc["proof"]["type"] = json!("Ed25519Signature2020");
        vc["proof"].as_object_mut().unwrap().remove("cryptosuite");
        assert_eq!(
            codes(&run(&text(&vc))),
            vec![ReasonCode::UnsupportedCryptosuite]
        );
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(
                br#"{"alg":"none","typ":"vc+jwt","kid":"did:web:refugee-portal.example#key-2"}"#
            ),
            URL_SAFE_NO_PAD.encode(text(&registration()))
        );
        // An empty signature part is not even a compact JWS shape.
        assert_eq!(codes(&run(none.as_bytes())), vec![ReasonCode::Malformed]);
        let none = format!("{none}c2ln");
        assert_eq!(
            codes(&run(none.as_bytes())),
            vec![ReasonCode::UnsupportedCryptosuite]
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for input in [
            &b""[..],
            b"   ",
            b"hello",
            b"{",
            b"[1,2]",
            b"{}",
            b"RP1:",
            b"RP1:abc",
            b"\xff\xfe",
            b"a.b",
        ] {
            let r = run(input);
            assert!(!r.verified);
            assert_eq!(codes(&r), vec![ReasonCode::Malformed], "{input:?}");
            assert_eq!(r.checks.len(), 7);
        }
        let big = vec![b' '; MAX_INPUT_BYTES + 1];
        assert_eq!(codes(&run(&big)), vec![ReasonCode::Malformed]);
    }

    #[test]
    fn reason_codes_serialize_as_kebab_case() {
        assert_eq!(
            serde_json::to_value(ReasonCode::KeyRetired).unwrap(),
            "key-retired"
        );
        assert_eq!(ReasonCode::StatusUnavailable.as_str(), "status-unavailable");
        let r = run(&text(&jcs_signed()));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["format"], "eddsa-jcs-2022");
        assert_eq!(json["checks"][0]["name"], "decode");
    }
}
