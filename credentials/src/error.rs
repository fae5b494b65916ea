//! The crate's single error type.
//!
//! Owns: every failure the library can report, with an English message for
//! logs. Must never: carry secrets (key bytes) or whole payloads in a message.

use thiserror::Error;

/// Every error this crate returns.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CredentialError {
    /// The QR payload does not start with the expected prefix.
    #[error("QR payload does not start with the prefix `{expected}`")]
    QrBadPrefix {
        /// The prefix this version of the codec expects.
        expected: &'static str,
    },
    /// The text is not valid base45 (RFC 9285).
    #[error("invalid base45 text: {0}")]
    Base45(String),
    /// The zlib stream is damaged or truncated.
    #[error("payload could not be decompressed: {0}")]
    Decompress(String),
    /// An input or decoded size went over a fixed limit.
    #[error("{what} is too large: more than {limit} bytes")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// The payload does not fit in any QR code version.
    #[error("payload does not fit in a QR code: {0}")]
    QrCapacity(String),
    /// Bytes are not valid UTF-8 text where text was expected.
    #[error("payload is not UTF-8 text")]
    NotUtf8,
    /// A key could not be decoded or is of the wrong kind.
    #[error("key error: {0}")]
    Key(String),
    /// A DID or DID URL is malformed or of an unsupported method.
    #[error("invalid DID or DID URL: {0}")]
    Did(String),
    /// The resolver does not know this DID.
    #[error("DID could not be resolved: {0}")]
    DidNotFound(String),
    /// The DID document has no usable verification method with this id.
    #[error("verification method not usable: {0}")]
    VerificationMethod(String),
    /// The credential breaks a rule of the VC data model 2.0.
    #[error("credential is not valid: {field}: {reason}")]
    InvalidCredential {
        /// The property (JSON path-like) at fault.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Input is not the JSON that was expected.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// JSON canonicalization (RFC 8785) failed.
    #[error("canonicalization failed: {0}")]
    Canonicalization(String),
    /// The proof uses a cryptosuite or algorithm this crate does not verify.
    #[error("unsupported cryptosuite or algorithm: {0}")]
    UnsupportedCryptosuite(String),
    /// The proof or JWS header is missing or malformed.
    #[error("invalid proof: {0}")]
    InvalidProof(String),
    /// The signature does not match the signed data and key.
    #[error("signature verification failed")]
    SignatureInvalid,
    /// An error from the JOSE library.
    #[error("JOSE error: {0}")]
    Jose(String),
    /// A status list is malformed, too large, or an index is out of range.
    #[error("status list error: {0}")]
    StatusList(String),
    /// A related resource's bytes do not match its published digest.
    #[error("digest mismatch for related resource {0}")]
    DigestMismatch(String),
    /// An SD-JWT disclosure is malformed, repeated, not referenced by the signed claims, or
    /// would overwrite a signed claim: what was disclosed is not what the issuer signed.
    #[error("disclosure refused: {0}")]
    Disclosure(String),
    /// An SD-JWT key-binding JWT is missing where required, or its holder signature,
    /// `sd_hash`, `aud`, `nonce` or `iat` do not match the presentation and the request.
    #[error("key binding refused: {0}")]
    KeyBinding(String),
    /// An OpenID4VCI proof of possession is malformed, signed by another key than it names,
    /// meant for another issuer, too old, or without a nonce.
    #[error("holder proof refused: {0}")]
    HolderProof(String),
    /// JSON-LD processing (expansion or RDF canonicalization) failed.
    #[error("JSON-LD processing failed: {0}")]
    JsonLd(String),
    /// RDF canonicalization was refused because the dataset goes over a limit of
    /// `rdf_canon::CanonicalizationLimits` (too many quads or blank nodes, or more Hash
    /// N-Degree Quads work than allowed: a "poison" graph).
    #[error("RDF canonicalization refused: more {what} than the limit of {limit}")]
    CanonicalizationLimit {
        /// What went over the limit: `quads`, `blank nodes` or `Hash N-Degree Quads work`.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
}

impl From<serde_json::Error> for CredentialError {
    fn from(e: serde_json::Error) -> Self {
        CredentialError::Json(e.to_string())
    }
}
