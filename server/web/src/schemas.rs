//! Schemas of the machine-facing wire formats, for the OpenAPI document ([`crate::openapi`]):
//! problem details, verification answers, and the VC-API's request bodies with examples.
//!
//! The handlers parse leniently (to answer every malformed body with a specific problem), so
//! these types describe what a partner should send and will receive; they are never built.
//!
//! Owns: the documented shapes. Must never: be used to parse or answer a request.

use utoipa::{IntoResponses, ToSchema};

/// RFC 9457 problem details: the body of every error (`application/problem+json`).
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "type": "/problems/invalid-token",
    "title": "A valid API token is required",
    "status": 401,
    "detail": "Send Authorization: Bearer <token> with a token an administrator created."
}))]
pub struct ProblemDetails {
    /// The problem type, a path under `/problems/` (e.g. `/problems/issue-refused`).
    #[schema(rename = "type")]
    kind: String,
    /// A short summary that does not change between occurrences.
    title: String,
    /// The HTTP status code.
    status: u16,
    /// What happened this time, in a sentence.
    detail: Option<String>,
    /// For `validation` (422): each field, its problem code and a sentence.
    errors: Option<Vec<serde_json::Value>>,
    /// For `issue-refused`: the member of the credential the portal does not vouch for.
    member: Option<String>,
}

/// Why a credential did not verify.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Reason {
    /// One of `signature-invalid`, `expired`, `not-yet-valid`, `revoked`, `suspended`,
    /// `unknown-issuer`, `issuer-mismatch`, `key-retired`, `malformed`, `status-unavailable`,
    /// `unsupported-cryptosuite`, `canonicalization-limit`, `disclosure-invalid`,
    /// `key-binding-invalid`.
    code: String,
    /// The same in a sentence.
    message: String,
}

/// One check of a verification and its outcome.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Check {
    /// In the order they run: `decode`, `signature`, `issuer`, `key-status`, `data-model`,
    /// `validity-period`, `status`.
    name: String,
    /// `passed`, `failed` or `skipped`.
    outcome: String,
}

/// A credential or presentation that verified.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase")]
pub struct Verified {
    /// Always true: a credential that did not verify is answered 400 or 422.
    verified: bool,
    /// Every check and its outcome.
    checks: Vec<Check>,
    /// What the verifier should know but did not fail on.
    warnings: Vec<String>,
    /// The issuer's DID.
    issuer: Option<String>,
    /// When the status list consulted was current.
    status_checked_at: Option<String>,
}

/// A credential that cannot be read (400) or did not verify (422): problem details with the
/// reasons and checks.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "type": "/problems/credential-not-verified",
    "title": "The credential did not verify",
    "status": 422,
    "detail": "The credential was revoked.",
    "verified": false,
    "reasons": [{ "code": "revoked", "message": "The credential was revoked." }],
    "checks": [{ "name": "signature", "outcome": "passed" }, { "name": "status", "outcome": "failed" }]
}))]
pub struct NotVerified {
    /// `/problems/malformed-credential` (400) or `/problems/credential-not-verified` (422).
    #[schema(rename = "type")]
    kind: String,
    /// A short summary.
    title: String,
    /// 400 or 422.
    status: u16,
    /// The reasons in sentences.
    detail: Option<String>,
    /// Always false.
    verified: bool,
    /// Why, as codes a program can act on.
    reasons: Vec<Reason>,
    /// Every check and its outcome (absent when nothing could be read).
    checks: Option<Vec<Check>>,
}

/// A VC-API issue request.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "credential": {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "ClinicVisitCredential"],
        "credentialSubject": { "id": "did:example:patient" }
    },
    "options": { "cryptosuite": "eddsa-jcs-2022" }
}))]
pub struct IssueRequest {
    /// An unsecured VC Data Model 2.0 credential of a type the token may issue. The portal sets
    /// `issuer` (or checks it is the portal's), `validFrom` when absent, an `id` when absent,
    /// and `credentialStatus` (never the caller).
    credential: serde_json::Value,
    /// How to secure it.
    options: Option<IssueOptions>,
}

/// How to secure an issued credential.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase")]
pub struct IssueOptions {
    /// `eddsa-rdfc-2022` (the default) or `eddsa-jcs-2022`.
    cryptosuite: Option<String>,
    /// `vc+jwt` for an enveloped VC-JWT instead of a Data Integrity proof.
    format: Option<String>,
    /// The VC-API's way to ask for a status entry: `{"type": "BitstringStatusListEntry"}`
    /// (every credential gets a revocation and a suspension entry anyway).
    credential_status: Option<serde_json::Value>,
}

/// An issued credential.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase")]
pub struct Issued {
    /// The secured credential (or an `EnvelopedVerifiableCredential` holding the VC-JWT).
    verifiable_credential: serde_json::Value,
}

/// A status change, in the VC-API's form or the portal's.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase", example = json!({
    "credentialId": "urn:uuid:3f6b1c2e-8d4a-4f0b-9c1d-2e7a5b6c8d90",
    "credentialStatus": { "type": "BitstringStatusListEntry", "statusPurpose": "revocation" }
}))]
pub struct StatusChange {
    /// The credential's `id` (`urn:uuid:…`), issued through a VC-API token.
    credential_id: String,
    /// The VC-API's form (sets that purpose's bit), or the portal's
    /// `[{"status": "revoked" | "suspended" | "active"}]`.
    credential_status: Option<VcApiStatus>,
    /// The short form: `revoked`, `suspended` or `active`.
    status: Option<String>,
    /// Why (a reason code of the portal's list), for the audit trail.
    reason: Option<String>,
}

/// The VC-API's status body.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase")]
pub struct VcApiStatus {
    /// `BitstringStatusListEntry`.
    #[schema(rename = "type")]
    kind: String,
    /// `revocation` or `suspension`.
    status_purpose: String,
    /// False, `"0"` or `"active"` lifts a suspension.
    status: Option<serde_json::Value>,
}

/// A VC-API verification request.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase", example = json!({
    "verifiableCredential": {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://portal.example.org/ns/credentials/v1"],
        "type": ["VerifiableCredential", "RefugeeRegistrationCredential"],
        "issuer": "did:web:portal.example.org",
        "proof": { "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022" }
    }
}))]
pub struct VerifyRequest {
    /// A secured credential (VC 2.0, or VC 1.1 of another issuer), an
    /// `EnvelopedVerifiableCredential` (`data:application/vc+jwt,…`), or a string: a VC-JWT,
    /// an SD-JWT VC presentation, or the text of the portal's QR code.
    verifiable_credential: serde_json::Value,
}

/// A VC-API presentation verification request.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "camelCase")]
pub struct VerifyPresentationRequest {
    /// The presentation, with its own proof (holder binding) or without.
    verifiable_presentation: serde_json::Value,
    /// `{"challenge": "…"}` when the verifier gave the holder one.
    options: Option<serde_json::Value>,
}

/// Bytes of a file (an image), not JSON.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(value_type = String, format = Binary)]
pub struct Binary(Vec<u8>);

/// A wallet's answer to a presentation request (OpenID4VP 1.0 `direct_post`): `state` and
/// either `vp_token` or `error`.
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "state": "…",
    "vp_token": "{\"registration\":[\"eyJhbGciOiJFZERTQSIsInR5cCI6ImRjK3NkLWp3dCJ9…~WyJ…~eyJ0eXAiOiJrYitqd3Qi…\"]}"
}))]
pub struct PresentationResponseForm {
    /// The request's `state`, as the request gave it.
    state: String,
    /// JSON: under the credential query's id (`registration`), a list of one SD-JWT VC
    /// presentation with a key binding (`aud`: the request's `client_id`; `nonce`: its nonce).
    vp_token: Option<String>,
    /// An OAuth error code instead of a presentation (`access_denied`: the person declined).
    error: Option<String>,
    /// Words about the error, for people; not shown to the provider.
    error_description: Option<String>,
}

/// The OpenID4VCI token request (RFC 6749 §4.1.3 with the pre-authorized code grant).
#[derive(ToSchema)]
#[allow(dead_code)]
#[schema(example = json!({
    "grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
    "pre-authorized_code": "…",
    "tx_code": "493817"
}))]
pub struct TokenRequestForm {
    /// `urn:ietf:params:oauth:grant-type:pre-authorized_code`.
    grant_type: String,
    /// The code of the credential offer.
    #[schema(rename = "pre-authorized_code")]
    pre_authorized_code: String,
    /// The six-digit transaction code the person's page showed apart from the offer.
    tx_code: String,
}

/// The answers of `POST /credentials/verify` and `POST /presentations/verify`.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum VerifyAnswers {
    /// Verified
    #[response(status = 200)]
    Verified(Verified),
    /// Cannot be read
    #[response(status = 400, content_type = "application/problem+json")]
    Unreadable(NotVerified),
    /// Did not verify: `reasons` say why
    #[response(status = 422, content_type = "application/problem+json")]
    NotVerified(NotVerified),
    /// Past this client's budget (`Retry-After`)
    #[response(status = 429, content_type = "application/problem+json")]
    TooMany(ProblemDetails),
    /// Every verification thread is busy (`Retry-After`)
    #[response(status = 503, content_type = "application/problem+json")]
    Busy(ProblemDetails),
}
