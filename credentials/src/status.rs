//! Bitstring Status List v1.0: revocation and suspension bits.
//!
//! Owns: the bitstring (at least 131,072 entries, index 0 = most significant
//! bit of the first byte), its `encodedList` form (gzip, then multibase
//! base64url without padding, `u` prefix), the `BitstringStatusListEntry`
//! put into credentials, the unsigned `BitstringStatusListCredential`, and
//! the [`StatusListProvider`] trait through which a verifier is handed lists
//! it already has. Must never: fetch a list, read the clock, or sign (the
//! caller signs the list credential with `jcs` or `jose`).

use std::collections::HashMap;
use std::io::{Read, Write};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, Utc};
use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::CredentialError;
use crate::model::{format_date_time, is_url, VC_V2_CONTEXT};

/// The smallest list allowed (for herd privacy): 131,072 entries (16 KiB).
pub const MIN_ENTRIES: usize = 131_072;
/// The largest decoded list accepted: 2 MiB (16,777,216 entries).
pub const MAX_LIST_BYTES: usize = 2 * 1024 * 1024;
/// The largest `encodedList` text accepted for decoding.
pub const MAX_ENCODED_CHARS: usize = 1024 * 1024;

fn err(msg: impl Into<String>) -> CredentialError {
    CredentialError::StatusList(msg.into())
}

/// What a status list's bits mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusPurpose {
    /// A set bit means revoked, for good.
    Revocation,
    /// A set bit means suspended, possibly temporarily.
    Suspension,
}

impl StatusPurpose {
    /// The spec's name (`revocation` / `suspension`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revocation => "revocation",
            Self::Suspension => "suspension",
        }
    }

    fn parse(text: &str) -> Result<Self, CredentialError> {
        match text {
            "revocation" => Ok(Self::Revocation),
            "suspension" => Ok(Self::Suspension),
            other => Err(err(format!("unsupported statusPurpose {other}"))),
        }
    }
}

/// A bitstring of status bits.
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusList")
            .field("entries", &self.len())
            .field(
                "set",
                &self.bytes.iter().map(|b| b.count_ones()).sum::<u32>(),
            )
            .finish()
    }
}

impl StatusList {
    /// A list of all-zero bits with room for at least `entries` entries (and
    /// never fewer than [`MIN_ENTRIES`]).
    pub fn new(entries: usize) -> Result<Self, CredentialError> {
        let bytes = entries.max(MIN_ENTRIES).div_ceil(8);
        if bytes > MAX_LIST_BYTES {
            return Err(err("status list too large"));
        }
        Ok(Self {
            bytes: vec![0; bytes],
        })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Never true: a list has at least [`MIN_ENTRIES`] entries.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn locate(&self, index: usize) -> Result<(usize, u8), CredentialError> {
        if index >= self.len() {
            return Err(err(format!(
                "index {index} is outside the list ({} entries)",
                self.len()
            )));
        }
        Ok((index / 8, 0x80 >> (index % 8)))
    }

    /// The bit at `index`.
    pub fn get(&self, index: usize) -> Result<bool, CredentialError> {
        let (byte, mask) = self.locate(index)?;
        Ok(self.bytes.get(byte).is_some_and(|b| b & mask != 0))
    }

    /// Sets or clears the bit at `index`.
    pub fn set(&mut self, index: usize, value: bool) -> Result<(), CredentialError> {
        let (byte, mask) = self.locate(index)?;
        let b = self
            .bytes
            .get_mut(byte)
            .ok_or_else(|| err("index outside the list"))?;
        if value {
            *b |= mask;
        } else {
            *b &= !mask;
        }
        Ok(())
    }

    /// The `encodedList` form: `u` + base64url-no-pad(gzip(bits)).
    pub fn encode(&self) -> Result<String, CredentialError> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&self.bytes)
            .map_err(|e| err(format!("gzip failed: {e}")))?;
        let zipped = gz.finish().map_err(|e| err(format!("gzip failed: {e}")))?;
        Ok(format!("u{}", URL_SAFE_NO_PAD.encode(zipped)))
    }

    /// Decodes an `encodedList`, with size limits before and after gunzip.
    pub fn decode(encoded: &str) -> Result<Self, CredentialError> {
        if encoded.len() > MAX_ENCODED_CHARS {
            return Err(CredentialError::TooLarge {
                what: "encodedList",
                limit: MAX_ENCODED_CHARS,
            });
        }
        let body = encoded
            .strip_prefix('u')
            .ok_or_else(|| err("encodedList must be multibase base64url (`u…`)"))?;
        let zipped = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| err("encodedList is not base64url without padding"))?;
        let mut bytes = Vec::new();
        let limit = u64::try_from(MAX_LIST_BYTES).unwrap_or(u64::MAX);
        GzDecoder::new(zipped.as_slice())
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| err(format!("encodedList is not gzip: {e}")))?;
        if bytes.len() > MAX_LIST_BYTES {
            return Err(CredentialError::TooLarge {
                what: "decoded status list",
                limit: MAX_LIST_BYTES,
            });
        }
        if bytes.len() * 8 < MIN_ENTRIES {
            return Err(err(format!(
                "status list has fewer than {MIN_ENTRIES} entries"
            )));
        }
        Ok(Self { bytes })
    }
}

/// The `credentialStatus` entry that points into a status list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BitstringStatusListEntry {
    /// `{statusListCredential}#{index}`.
    pub id: String,
    /// Always `BitstringStatusListEntry`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What the bit means.
    pub status_purpose: StatusPurpose,
    /// The bit's index, as a decimal string.
    pub status_list_index: String,
    /// URL of the `BitstringStatusListCredential`.
    pub status_list_credential: String,
}

impl BitstringStatusListEntry {
    /// Points at bit `index` of the list published at `list_credential_url`.
    pub fn new(list_credential_url: &str, purpose: StatusPurpose, index: usize) -> Self {
        Self {
            id: format!("{list_credential_url}#{index}"),
            kind: "BitstringStatusListEntry".into(),
            status_purpose: purpose,
            status_list_index: index.to_string(),
            status_list_credential: list_credential_url.to_string(),
        }
    }

    /// Reads an entry from a credential's `credentialStatus` JSON.
    pub fn from_value(value: &Value) -> Result<Self, CredentialError> {
        let entry: Self = serde_json::from_value(value.clone())
            .map_err(|e| err(format!("malformed BitstringStatusListEntry: {e}")))?;
        if entry.kind != "BitstringStatusListEntry" {
            return Err(err(format!("unsupported status type {}", entry.kind)));
        }
        if !is_url(&entry.status_list_credential) {
            return Err(err("statusListCredential must be a URL"));
        }
        entry.index()?;
        Ok(entry)
    }

    /// The index as a number.
    pub fn index(&self) -> Result<usize, CredentialError> {
        let s = &self.status_list_index;
        if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("statusListIndex must be a decimal string"));
        }
        s.parse().map_err(|_| err("statusListIndex out of range"))
    }

    /// As JSON, for a credential's `credentialStatus`.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Builds the unsigned `BitstringStatusListCredential` published at `id`.
pub fn status_list_credential(
    id: &str,
    issuer: &str,
    purpose: StatusPurpose,
    list: &StatusList,
    valid_from: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
) -> Result<Value, CredentialError> {
    if !is_url(id) || !is_url(issuer) {
        return Err(err("status list credential id and issuer must be URLs"));
    }
    let mut vc = json!({
        "@context": [VC_V2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_date_time(valid_from),
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.as_str(),
            "encodedList": list.encode()?,
        }
    });
    if let (Some(until), Some(obj)) = (valid_until, vc.as_object_mut()) {
        obj.insert("validUntil".into(), format_date_time(until).into());
    }
    Ok(vc)
}

/// Reads purpose and bits from a (verified) `BitstringStatusListCredential`.
pub fn read_status_list_credential(
    credential: &Value,
) -> Result<(StatusPurpose, StatusList), CredentialError> {
    let is_list_vc = credential
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|t| t == "BitstringStatusListCredential"));
    if !is_list_vc {
        return Err(err("not a BitstringStatusListCredential"));
    }
    let subject = credential
        .get("credentialSubject")
        .ok_or_else(|| err("credentialSubject is missing"))?;
    if subject.get("type").and_then(Value::as_str) != Some("BitstringStatusList") {
        return Err(err("credentialSubject.type must be BitstringStatusList"));
    }
    let purpose = StatusPurpose::parse(
        subject
            .get("statusPurpose")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )?;
    let encoded = subject
        .get("encodedList")
        .and_then(Value::as_str)
        .ok_or_else(|| err("encodedList is missing"))?;
    Ok((purpose, StatusList::decode(encoded)?))
}

/// A status list in the form of the IETF Token Status List (draft-ietf-oauth-status-list),
/// which SD-JWT VC wallets and verifiers read: two bits per credential, least significant
/// first within each byte, `0` valid, `1` invalid (revoked), `2` suspended.
///
/// The portal derives it from the same revocation and suspension bitstrings that its W3C
/// credentials point into, so one status change reaches both forms at once.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenStatusList {
    bytes: Vec<u8>,
}

impl std::fmt::Debug for TokenStatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStatusList")
            .field("entries", &(self.bytes.len() * 4))
            .finish()
    }
}

/// A credential's state in a [`TokenStatusList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenStatus {
    /// `0x00`: valid.
    Valid,
    /// `0x01`: invalid (revoked for good).
    Invalid,
    /// `0x02`: suspended.
    Suspended,
    /// `0x03`: a value this portal never sets.
    Other,
}

impl TokenStatusList {
    /// Bits per entry.
    pub const BITS: u8 = 2;

    /// The list of `revocation` and `suspension` combined (a revoked credential is invalid,
    /// whatever its suspension bit).
    pub fn combine(
        revocation: &StatusList,
        suspension: &StatusList,
    ) -> Result<Self, CredentialError> {
        let entries = revocation.len().max(suspension.len());
        let mut bytes = vec![0u8; entries.div_ceil(4)];
        // Lists are mostly zeros (and built on every verification): only bytes with a bit set
        // are looked at.
        let byte = |list: &StatusList, i: usize| list.bytes.get(i).copied().unwrap_or(0);
        for i in 0..entries.div_ceil(8) {
            let (revoked, suspended) = (byte(revocation, i), byte(suspension, i));
            if revoked | suspended == 0 {
                continue;
            }
            for bit in 0..8 {
                let mask = 0x80u8 >> bit;
                let value: u8 = if revoked & mask != 0 {
                    1
                } else if suspended & mask != 0 {
                    2
                } else {
                    continue;
                };
                let index = i * 8 + bit;
                if let Some(b) = bytes.get_mut(index / 4) {
                    *b |= value << ((index % 4) * 2);
                }
            }
        }
        Ok(Self { bytes })
    }

    /// The state of entry `index`.
    pub fn get(&self, index: usize) -> Result<TokenStatus, CredentialError> {
        let byte = self
            .bytes
            .get(index / 4)
            .ok_or_else(|| err(format!("index {index} is outside the token status list")))?;
        Ok(match (byte >> ((index % 4) * 2)) & 0b11 {
            0 => TokenStatus::Valid,
            1 => TokenStatus::Invalid,
            2 => TokenStatus::Suspended,
            _ => TokenStatus::Other,
        })
    }

    /// The `status_list` claim: `{"bits": 2, "lst": base64url(zlib(bytes))}`.
    pub fn to_claim(&self) -> Result<Value, CredentialError> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Compression::best());
        z.write_all(&self.bytes)
            .map_err(|e| err(format!("zlib failed: {e}")))?;
        let zipped = z.finish().map_err(|e| err(format!("zlib failed: {e}")))?;
        Ok(json!({ "bits": Self::BITS, "lst": URL_SAFE_NO_PAD.encode(zipped) }))
    }

    /// Reads a `status_list` claim, with size limits before and after inflating.
    pub fn from_claim(claim: &Value) -> Result<Self, CredentialError> {
        if claim.get("bits").and_then(Value::as_u64) != Some(u64::from(Self::BITS)) {
            return Err(err("only two-bit token status lists are read"));
        }
        let lst = claim
            .get("lst")
            .and_then(Value::as_str)
            .ok_or_else(|| err("the token status list has no lst"))?;
        if lst.len() > MAX_ENCODED_CHARS {
            return Err(CredentialError::TooLarge {
                what: "lst",
                limit: MAX_ENCODED_CHARS,
            });
        }
        let zipped = URL_SAFE_NO_PAD
            .decode(lst)
            .map_err(|_| err("lst is not base64url without padding"))?;
        let mut bytes = Vec::new();
        let limit = u64::try_from(MAX_LIST_BYTES).unwrap_or(u64::MAX);
        flate2::read::ZlibDecoder::new(zipped.as_slice())
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| err(format!("lst is not zlib: {e}")))?;
        if bytes.len() > MAX_LIST_BYTES {
            return Err(CredentialError::TooLarge {
                what: "decoded token status list",
                limit: MAX_LIST_BYTES,
            });
        }
        Ok(Self { bytes })
    }
}

/// A token status list the caller fetched, verified and cached earlier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedTokenStatusList {
    /// Who signed the status list token (must be the credential's issuer).
    pub issuer: String,
    /// The entries.
    pub list: TokenStatusList,
    /// When the caller fetched it.
    pub fetched_at: DateTime<Utc>,
}

/// A status list the caller fetched, verified and cached earlier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedStatusList {
    /// Issuer of the status list credential (must match the credential's).
    pub issuer: String,
    /// What the bits mean.
    pub purpose: StatusPurpose,
    /// The bits.
    pub list: StatusList,
    /// When the caller fetched it (shown as "status last checked").
    pub fetched_at: DateTime<Utc>,
}

/// Hands the verifier status lists the caller already holds. Implementations
/// must only return lists whose credential they verified (signature and
/// issuer) with this crate; the verifier checks the issuer matches.
pub trait StatusListProvider {
    /// The cached list published at `url`, if any.
    fn status_list(&self, url: &str) -> Option<CachedStatusList>;

    /// The cached token status list published at `uri`, if any (for SD-JWT VCs).
    fn token_status_list(&self, _uri: &str) -> Option<CachedTokenStatusList> {
        None
    }
}

/// A provider for callers that have no status lists (everything is
/// `status-unavailable`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStatusLists;

impl StatusListProvider for NoStatusLists {
    fn status_list(&self, _url: &str) -> Option<CachedStatusList> {
        None
    }
}

/// An in-memory provider keyed by status list credential URL.
#[derive(Debug, Clone, Default)]
pub struct StaticStatusLists {
    lists: HashMap<String, CachedStatusList>,
    tokens: HashMap<String, CachedTokenStatusList>,
}

impl StaticStatusLists {
    /// An empty provider.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the list published at `url`.
    pub fn with_list(mut self, url: impl Into<String>, list: CachedStatusList) -> Self {
        self.lists.insert(url.into(), list);
        self
    }

    /// Adds (or replaces) the token status list published at `uri`.
    pub fn with_token_list(mut self, uri: impl Into<String>, list: CachedTokenStatusList) -> Self {
        self.tokens.insert(uri.into(), list);
        self
    }
}

impl StatusListProvider for StaticStatusLists {
    fn status_list(&self, url: &str) -> Option<CachedStatusList> {
        self.lists.get(url).cloned()
    }

    fn token_status_list(&self, uri: &str) -> Option<CachedTokenStatusList> {
        self.tokens.get(uri).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{validate_credential, ValidationPolicy};
    use chrono::TimeZone;

    #[test]
    fn the_token_status_list_carries_both_bitstrings_and_survives_its_encoding() {
        let mut revoked = StatusList::new(MIN_ENTRIES).unwrap();
        let mut suspended = StatusList::new(MIN_ENTRIES).unwrap();
        revoked.set(5, true).unwrap();
        suspended.set(5, true).unwrap();
        suspended.set(6, true).unwrap();
        revoked.set(MIN_ENTRIES - 1, true).unwrap();
        let list = TokenStatusList::combine(&revoked, &suspended).unwrap();
        let claim = list.to_claim().unwrap();
        assert_eq!(claim["bits"], 2);
        let back = TokenStatusList::from_claim(&claim).unwrap();
        assert_eq!(back, list);
        assert_eq!(back.get(4).unwrap(), TokenStatus::Valid);
        assert_eq!(back.get(5).unwrap(), TokenStatus::Invalid);
        assert_eq!(back.get(6).unwrap(), TokenStatus::Suspended);
        assert_eq!(back.get(MIN_ENTRIES - 1).unwrap(), TokenStatus::Invalid);
        assert!(back.get(MIN_ENTRIES).is_err());
        // Two bits per entry, least significant first: 0b10_11_10_01 holds 1, 2, 3, 2.
        let example = TokenStatusList {
            bytes: vec![0b1011_1001],
        };
        assert_eq!(example.get(0).unwrap(), TokenStatus::Invalid);
        assert_eq!(example.get(1).unwrap(), TokenStatus::Suspended);
        assert_eq!(example.get(2).unwrap(), TokenStatus::Other);
        assert_eq!(example.get(3).unwrap(), TokenStatus::Suspended);
    }

    #[test]
    fn a_token_status_list_that_inflates_too_far_is_refused() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Compression::best());
        z.write_all(&vec![0u8; MAX_LIST_BYTES + 1]).unwrap();
        let bomb = json!({"bits": 2, "lst": URL_SAFE_NO_PAD.encode(z.finish().unwrap())});
        assert!(matches!(
            TokenStatusList::from_claim(&bomb),
            Err(CredentialError::TooLarge { .. })
        ));
        assert!(TokenStatusList::from_claim(&json!({"bits": 1, "lst": ""})).is_err());
        assert!(TokenStatusList::from_claim(&json!({"bits": 2, "lst": "!"})).is_err());
    }

    #[test]
    fn new_lists_have_at_least_131072_entries() {
        assert_eq!(StatusList::new(10).unwrap().len(), MIN_ENTRIES);
        assert_eq!(
            StatusList::new(MIN_ENTRIES + 1).unwrap().len(),
            MIN_ENTRIES + 8
        );
        assert!(StatusList::new(MAX_LIST_BYTES * 8 + 8).is_err());
    }

    #[test]
    fn bits_are_set_cleared_and_msb_first() {
        let mut list = StatusList::new(0).unwrap();
        list.set(0, true).unwrap();
        list.set(9, true).unwrap();
        list.set(MIN_ENTRIES - 1, true).unwrap();
        assert!(list.get(0).unwrap() && list.get(9).unwrap());
        assert!(!list.get(1).unwrap());
        assert_eq!(list.bytes[0], 0x80);
        assert_eq!(list.bytes[1], 0x40);
        list.set(9, false).unwrap();
        assert!(!list.get(9).unwrap());
        assert!(list.get(MIN_ENTRIES).is_err());
        assert!(list.set(MIN_ENTRIES, true).is_err());
    }

    #[test]
    fn encode_decode_round_trip() {
        let mut list = StatusList::new(0).unwrap();
        for i in [3, 94_567, 131_071] {
            list.set(i, true).unwrap();
        }
        let encoded = list.encode().unwrap();
        assert!(encoded.starts_with("uH4sI"), "gzip magic in base64url");
        assert!(!encoded.contains('='));
        assert!(encoded.len() < 400, "an almost empty list compresses well");
        assert_eq!(StatusList::decode(&encoded).unwrap(), list);
    }

    #[test]
    fn decode_rejects_bad_input() {
        assert!(StatusList::decode("H4sI").is_err());
        assert!(StatusList::decode("u!!!").is_err());
        assert!(StatusList::decode(&format!("u{}", URL_SAFE_NO_PAD.encode(b"not gzip"))).is_err());
        // A valid gzip stream of a too-short list.
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&[0u8; 100]).unwrap();
        let short = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
        assert!(StatusList::decode(&short).is_err());
        // A gzip bomb beyond the cap.
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![0u8; MAX_LIST_BYTES + 1024]).unwrap();
        let bomb = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
        assert!(matches!(
            StatusList::decode(&bomb),
            Err(CredentialError::TooLarge { .. })
        ));
        assert!(matches!(
            StatusList::decode(&"u".repeat(MAX_ENCODED_CHARS + 1)),
            Err(CredentialError::TooLarge { .. })
        ));
    }

    #[test]
    fn entry_serializes_per_spec_and_parses_back() {
        let url = "https://refugee-portal.example/status/3";
        let entry = BitstringStatusListEntry::new(url, StatusPurpose::Suspension, 94_567);
        let v = entry.to_value();
        assert_eq!(
            v,
            json!({
                "id": "https://refugee-portal.example/status/3#94567",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "suspension",
                "statusListIndex": "94567",
                "statusListCredential": url
            })
        );
        assert_eq!(BitstringStatusListEntry::from_value(&v).unwrap(), entry);
        let mut bad = v.clone();
        bad["statusListIndex"] = json!(94567);
        assert!(BitstringStatusListEntry::from_value(&bad).is_err());
        bad["statusListIndex"] = json!("-1");
        assert!(BitstringStatusListEntry::from_value(&bad).is_err());
        bad = v.clone();
        bad["statusPurpose"] = json!("message");
        assert!(BitstringStatusListEntry::from_value(&bad).is_err());
        bad = v;
        bad["type"] = json!("StatusList2021Entry");
        assert!(BitstringStatusListEntry::from_value(&bad).is_err());
    }

    #[test]
    fn status_list_credential_is_a_valid_vc_and_reads_back() {
        let mut list = StatusList::new(0).unwrap();
        list.set(42, true).unwrap();
        let from = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
        let vc = status_list_credential(
            "https://refugee-portal.example/status/1",
            "did:web:refugee-portal.example",
            StatusPurpose::Revocation,
            &list,
            from,
            Some(from + chrono::Duration::days(1)),
        )
        .unwrap();
        assert_eq!(vc["credentialSubject"]["type"], "BitstringStatusList");
        assert_eq!(
            vc["credentialSubject"]["id"],
            "https://refugee-portal.example/status/1#list"
        );
        assert!(validate_credential(&vc, &ValidationPolicy::portal()).is_ok());
        let (purpose, decoded) = read_status_list_credential(&vc).unwrap();
        assert_eq!(purpose, StatusPurpose::Revocation);
        assert!(decoded.get(42).unwrap());
        assert!(read_status_list_credential(&json!({"type": ["VerifiableCredential"]})).is_err());
    }

    #[test]
    fn static_provider_returns_what_it_was_given() {
        let cached = CachedStatusList {
            issuer: "did:web:refugee-portal.example".into(),
            purpose: StatusPurpose::Revocation,
            list: StatusList::new(0).unwrap(),
            fetched_at: Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap(),
        };
        let p = StaticStatusLists::new().with_list("https://x.example/1", cached.clone());
        assert_eq!(p.status_list("https://x.example/1"), Some(cached));
        assert_eq!(p.status_list("https://x.example/2"), None);
        assert_eq!(NoStatusLists.status_list("https://x.example/1"), None);
    }
}
