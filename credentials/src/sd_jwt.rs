//! SD-JWT (RFC 9901) as used by SD-JWT VC: a signed JWT whose chosen claims are replaced by
//! digests, the claims themselves travelling beside it as *disclosures* that the holder may
//! leave out, and an optional key-binding JWT by which the holder signs one presentation for
//! one verifier.
//!
//! Owns: issuing (`_sd_alg` = `sha-256`, 128-bit salts, digests sorted so their order tells
//! nothing), presenting a subset of the disclosures, binding a presentation to a verifier's
//! `aud` and `nonce` with the holder's key (`cnf.jwk`), and verifying all of it: the issuer's
//! signature, every disclosure against the signed digests, and the key binding against the
//! request. Must never: accept a disclosure that no digest names, that two digests name, that
//! appears twice, or whose name would overwrite a signed claim; accept a key-binding JWT whose
//! `sd_hash` does not cover exactly the disclosures presented; read the clock or the system's
//! randomness (both are passed in); decide what a claim means (`sd_jwt_vc` does).

use std::collections::{HashMap, HashSet};

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::SigningKey;
use rand_core::CryptoRngCore;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::did::{resolve_assertion_key, DidResolver, ResolvedKey};
use crate::error::CredentialError;
use crate::jwt;
use crate::keys::{verifying_key_from_jwk, PublicJwk, Signer};

/// The `typ` of an SD-JWT VC.
pub const TYP: &str = "dc+sd-jwt";
/// The `typ` earlier drafts of SD-JWT VC used; still accepted when verifying.
pub const TYP_LEGACY: &str = "vc+sd-jwt";
/// The `typ` of a key-binding JWT.
pub const TYP_KB: &str = "kb+jwt";
/// The only digest algorithm issued and accepted.
pub const SD_ALG: &str = "sha-256";
/// The largest SD-JWT (with its disclosures and key binding) accepted for verification.
pub const MAX_BYTES: usize = 64 * 1024;
/// The most disclosures accepted in one SD-JWT.
pub const MAX_DISCLOSURES: usize = 100;
/// How deep disclosed claims may nest.
const MAX_DEPTH: usize = 16;
/// Claims that must stay in the clear (SD-JWT VC §3.2.2): never made disclosable.
pub const RESERVED: &[&str] = &[
    "iss",
    "iat",
    "nbf",
    "exp",
    "cnf",
    "vct",
    "vct#integrity",
    "status",
    "sub",
    "_sd",
    "_sd_alg",
    "...",
];

/// One disclosure: a claim the holder may show or leave out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// The claim's name (`None` for an array element).
    pub name: Option<String>,
    /// The claim's value.
    pub value: Value,
    /// Its encoded form, as it travels.
    pub encoded: String,
    /// `base64url(sha-256(encoded))`, as it appears in the signed claims.
    pub digest: String,
}

fn digest_of(encoded: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(encoded.as_bytes()))
}

fn refuse(message: impl Into<String>) -> CredentialError {
    CredentialError::Disclosure(message.into())
}

impl Disclosure {
    /// A new disclosure of `name` = `value` with a fresh 128-bit salt.
    pub fn new(
        name: &str,
        value: Value,
        rng: &mut dyn CryptoRngCore,
    ) -> Result<Self, CredentialError> {
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut salt);
        let salt = URL_SAFE_NO_PAD.encode(salt);
        let array = Value::Array(vec![salt.into(), name.into(), value.clone()]);
        let encoded = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&array)?);
        Ok(Self {
            name: Some(name.to_owned()),
            value,
            digest: digest_of(&encoded),
            encoded,
        })
    }

    /// Decodes a disclosure as it travels.
    pub fn decode(encoded: &str) -> Result<Self, CredentialError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| refuse("a disclosure is not base64url"))?;
        let Ok(Value::Array(mut items)) = serde_json::from_slice::<Value>(&bytes) else {
            return Err(refuse("a disclosure is not a JSON array"));
        };
        let (name, value) = match items.len() {
            3 => {
                let value = items.pop().unwrap_or(Value::Null);
                let name = match items.pop() {
                    Some(Value::String(name)) => name,
                    _ => return Err(refuse("a disclosure's claim name is not a string")),
                };
                if name == "_sd" || name == "..." {
                    return Err(refuse(format!("a disclosure may not be named {name}")));
                }
                (Some(name), value)
            }
            2 => (None, items.pop().unwrap_or(Value::Null)),
            _ => return Err(refuse("a disclosure must have two or three elements")),
        };
        if !items.first().is_some_and(Value::is_string) {
            return Err(refuse("a disclosure's salt is not a string"));
        }
        Ok(Self {
            name,
            value,
            encoded: encoded.to_owned(),
            digest: digest_of(encoded),
        })
    }
}

/// What an issuer puts in an SD-JWT VC.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// `iss`: the issuer's DID.
    pub issuer: String,
    /// `vct`: the credential type.
    pub vct: String,
    /// `iat`.
    pub issued_at: DateTime<Utc>,
    /// `nbf`.
    pub valid_from: Option<DateTime<Utc>>,
    /// `exp`.
    pub valid_until: Option<DateTime<Utc>>,
    /// `status`, as it goes into the credential.
    pub status: Option<Value>,
    /// `cnf.jwk`: the holder's key, which must sign any key-binding JWT.
    pub holder: Option<PublicJwk>,
    /// Claims every presentation shows.
    pub always: Map<String, Value>,
    /// Claims the holder may show or leave out, each on its own.
    pub disclosable: Vec<(String, Value)>,
}

/// An issued SD-JWT: the signed JWT and every disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdJwt {
    /// The issuer-signed JWT.
    pub jwt: String,
    /// The disclosures, in the order issued.
    pub disclosures: Vec<Disclosure>,
}

impl SdJwt {
    /// The whole SD-JWT, every disclosure included: `jwt~d1~…~dn~`.
    pub fn serialize(&self) -> String {
        self.keep(|_| true)
    }

    /// A presentation keeping only the named top-level claims: `jwt~kept~`.
    pub fn present(&self, names: &[&str]) -> String {
        self.keep(|d| d.name.as_deref().is_some_and(|n| names.contains(&n)))
    }

    fn keep(&self, keep: impl Fn(&Disclosure) -> bool) -> String {
        let mut out = self.jwt.clone();
        out.push('~');
        for d in self.disclosures.iter().filter(|d| keep(d)) {
            out.push_str(&d.encoded);
            out.push('~');
        }
        out
    }

    /// Reads an SD-JWT as it travels (no key binding), without verifying it: a holder uses
    /// this to choose what to present.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let split = Split::of(text.trim())?;
        if split.key_binding.is_some() {
            return Err(refuse("this SD-JWT already carries a key binding"));
        }
        Ok(Self {
            jwt: split.jwt.to_owned(),
            disclosures: split
                .disclosures
                .iter()
                .map(|d| Disclosure::decode(d))
                .collect::<Result<_, _>>()?,
        })
    }
}

fn check_name(name: &str) -> Result<(), CredentialError> {
    if RESERVED.contains(&name) {
        return Err(CredentialError::InvalidCredential {
            field: name.to_owned(),
            reason: "this claim must stay in the clear".into(),
        });
    }
    Ok(())
}

/// Issues an SD-JWT VC: each claim of `claims.disclosable` becomes a disclosure, `always` and
/// the registered claims stay in the clear. Signed with `signer` (its verification method is
/// the `kid`).
pub fn issue(
    claims: &Claims,
    signer: &Signer,
    rng: &mut dyn CryptoRngCore,
) -> Result<SdJwt, CredentialError> {
    let mut payload = Map::new();
    payload.insert("iss".into(), claims.issuer.clone().into());
    payload.insert("iat".into(), claims.issued_at.timestamp().into());
    if let Some(from) = claims.valid_from {
        payload.insert("nbf".into(), from.timestamp().into());
    }
    if let Some(until) = claims.valid_until {
        payload.insert("exp".into(), until.timestamp().into());
    }
    payload.insert("vct".into(), claims.vct.clone().into());
    if let Some(holder) = &claims.holder {
        payload.insert(
            "cnf".into(),
            serde_json::json!({ "jwk": serde_json::to_value(holder)? }),
        );
    }
    if let Some(status) = &claims.status {
        payload.insert("status".into(), status.clone());
    }
    for (name, value) in &claims.always {
        check_name(name)?;
        payload.insert(name.clone(), value.clone());
    }
    let mut disclosures = Vec::with_capacity(claims.disclosable.len());
    let mut names = HashSet::new();
    for (name, value) in &claims.disclosable {
        check_name(name)?;
        if payload.contains_key(name) || !names.insert(name.as_str()) {
            return Err(CredentialError::InvalidCredential {
                field: name.clone(),
                reason: "the claim is given twice".into(),
            });
        }
        disclosures.push(Disclosure::new(name, value.clone(), rng)?);
    }
    let mut digests: Vec<Value> = disclosures
        .iter()
        .map(|d| d.digest.clone().into())
        .collect();
    digests.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    payload.insert("_sd".into(), Value::Array(digests));
    payload.insert("_sd_alg".into(), SD_ALG.into());
    let jwt = jwt::sign(
        TYP,
        Some(signer.verification_method()),
        &payload,
        signer.signing_key(),
    )?;
    Ok(SdJwt { jwt, disclosures })
}

/// Adds a key-binding JWT to `presentation` (`jwt~d1~…~`): the holder's signature over the
/// verifier's `audience` and `nonce`, the time, and the hash of exactly what is presented.
pub fn bind(
    presentation: &str,
    holder: &SigningKey,
    audience: &str,
    nonce: &str,
    issued_at: DateTime<Utc>,
) -> Result<String, CredentialError> {
    let split = Split::of(presentation)?;
    if split.key_binding.is_some() {
        return Err(CredentialError::KeyBinding(
            "the presentation is already bound".into(),
        ));
    }
    let mut claims = Map::new();
    claims.insert("iat".into(), issued_at.timestamp().into());
    claims.insert("aud".into(), audience.into());
    claims.insert("nonce".into(), nonce.into());
    claims.insert("sd_hash".into(), digest_of(split.hashed).into());
    let kb = jwt::sign(TYP_KB, None, &claims, holder)?;
    Ok(format!("{}{kb}", split.hashed))
}

/// An SD-JWT taken apart at its `~`s.
struct Split<'a> {
    jwt: &'a str,
    disclosures: Vec<&'a str>,
    key_binding: Option<&'a str>,
    /// Everything up to and including the last `~`: what `sd_hash` covers.
    hashed: &'a str,
}

impl<'a> Split<'a> {
    fn of(text: &'a str) -> Result<Self, CredentialError> {
        if text.len() > MAX_BYTES {
            return Err(CredentialError::TooLarge {
                what: "SD-JWT",
                limit: MAX_BYTES,
            });
        }
        let Some(last) = text.rfind('~') else {
            return Err(refuse("an SD-JWT ends its parts with ~"));
        };
        let (hashed, kb) = text.split_at(last + 1);
        let mut parts = hashed.split('~');
        let jwt = parts.next().unwrap_or_default();
        let disclosures: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
        if hashed.matches('~').count() != disclosures.len() + 1 {
            return Err(refuse("an SD-JWT has an empty part"));
        }
        if disclosures.len() > MAX_DISCLOSURES {
            return Err(CredentialError::TooLarge {
                what: "disclosures",
                limit: MAX_DISCLOSURES,
            });
        }
        Ok(Self {
            jwt,
            disclosures,
            key_binding: (!kb.is_empty()).then_some(kb),
            hashed,
        })
    }
}

/// Whether `text` has the shape of an SD-JWT (a compact JWS, then `~`-separated parts).
/// Says nothing about validity.
pub fn looks_like_sd_jwt(text: &str) -> bool {
    text.split_once('~')
        .is_some_and(|(jwt, _)| crate::jws_shape::looks_like_compact_jws(jwt))
}

/// What a verifier asks of the key binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBindingPolicy {
    /// Refuse a presentation that has no key-binding JWT.
    pub required: bool,
    /// The `aud` the verifier expects (its own identifier), if it gave one.
    pub audience: Option<String>,
    /// The `nonce` the verifier handed out for this presentation, if it did.
    pub nonce: Option<String>,
    /// How old a key-binding JWT may be.
    pub max_age: Duration,
    /// Tolerance for a holder clock that runs ahead.
    pub clock_skew: Duration,
}

impl Default for KeyBindingPolicy {
    fn default() -> Self {
        Self {
            required: false,
            audience: None,
            nonce: None,
            max_age: Duration::minutes(10),
            clock_skew: Duration::minutes(5),
        }
    }
}

impl KeyBindingPolicy {
    /// A verifier that handed out `nonce` as `audience`: a key binding is required and must
    /// carry both.
    pub fn request(audience: impl Into<String>, nonce: impl Into<String>) -> Self {
        Self {
            required: true,
            audience: Some(audience.into()),
            nonce: Some(nonce.into()),
            ..Self::default()
        }
    }
}

/// A key binding that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    /// The verifier it was made for.
    pub audience: String,
    /// The verifier's nonce.
    pub nonce: String,
    /// When the holder made it.
    pub issued_at: DateTime<Utc>,
}

/// What a verified SD-JWT established.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The issuer's key that signed.
    pub key: ResolvedKey,
    /// The signed claims with the presented disclosures put in place (`_sd` and `_sd_alg`
    /// taken out): what the holder chose to show, and nothing else.
    pub claims: Map<String, Value>,
    /// The names of the disclosed claims, in the order presented.
    pub disclosed: Vec<String>,
    /// The key binding, when the presentation had one.
    pub key_binding: Option<KeyBinding>,
}

/// Verifies an SD-JWT presentation: the issuer's signature (key found through `resolver`
/// from the header's `kid`), each disclosure against the signed digests, and the key binding
/// against `policy`. Validity dates and status are the caller's to check on the result.
pub fn verify(
    text: &str,
    resolver: &dyn DidResolver,
    now: DateTime<Utc>,
    policy: &KeyBindingPolicy,
) -> Result<Verified, CredentialError> {
    let split = Split::of(text.trim())?;
    let parts = jwt::parse(split.jwt, &[TYP, TYP_LEGACY], MAX_BYTES)?;
    let kid = parts
        .kid()
        .ok_or_else(|| CredentialError::InvalidProof("the SD-JWT names no key (kid)".into()))?;
    let kid = match (kid.strip_prefix('#'), parts.payload.get("iss")) {
        (Some(_), Some(Value::String(iss))) => format!("{iss}{kid}"),
        _ => kid.to_owned(),
    };
    let key = resolve_assertion_key(resolver, &kid)?;
    parts.verify(&key.public)?;

    let mut payload = parts.payload;
    match payload.remove("_sd_alg") {
        None => {}
        Some(Value::String(alg)) if alg == SD_ALG => {}
        Some(other) => {
            return Err(CredentialError::UnsupportedCryptosuite(format!(
                "SD-JWT digest algorithm {other}"
            )))
        }
    }
    let mut pending: HashMap<String, Disclosure> = HashMap::new();
    let mut disclosed = Vec::new();
    for encoded in &split.disclosures {
        let d = Disclosure::decode(encoded)?;
        disclosed.extend(d.name.clone());
        if pending.insert(d.digest.clone(), d).is_some() {
            return Err(refuse("a disclosure is presented twice"));
        }
    }
    let mut reveal = Reveal {
        pending,
        seen: HashSet::new(),
    };
    let mut claims = Value::Object(payload);
    reveal.value(&mut claims, 0)?;
    if !reveal.pending.is_empty() {
        return Err(refuse(
            "a disclosure is not among the signed claims: it was changed or belongs elsewhere",
        ));
    }
    let Value::Object(claims) = claims else {
        return Err(refuse("the SD-JWT claims are not an object"));
    };

    let key_binding =
        match split.key_binding {
            Some(kb) => Some(check_key_binding(kb, split.hashed, &claims, now, policy)?),
            None if policy.required => return Err(CredentialError::KeyBinding(
                "the verifier asked for a presentation bound to its request, and this one is not"
                    .into(),
            )),
            None => None,
        };
    Ok(Verified {
        key,
        claims,
        disclosed,
        key_binding,
    })
}

struct Reveal {
    pending: HashMap<String, Disclosure>,
    seen: HashSet<String>,
}

impl Reveal {
    fn take(&mut self, digest: &str) -> Result<Option<Disclosure>, CredentialError> {
        if !self.seen.insert(digest.to_owned()) {
            return Err(refuse("a digest appears twice in the signed claims"));
        }
        Ok(self.pending.remove(digest))
    }

    fn value(&mut self, value: &mut Value, depth: usize) -> Result<(), CredentialError> {
        if depth > MAX_DEPTH {
            return Err(refuse("the claims nest too deeply"));
        }
        match value {
            Value::Object(map) => self.object(map, depth),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for mut item in std::mem::take(items) {
                    let digest = match &item {
                        Value::Object(m) if m.len() == 1 && m.contains_key("...") => {
                            match m.get("...") {
                                Some(Value::String(d)) => Some(d.clone()),
                                _ => return Err(refuse("an array digest is not a string")),
                            }
                        }
                        _ => None,
                    };
                    match digest {
                        Some(digest) => {
                            if let Some(d) = self.take(&digest)? {
                                if d.name.is_some() {
                                    return Err(refuse(
                                        "a claim disclosure is named where an array element is",
                                    ));
                                }
                                let mut element = d.value;
                                self.value(&mut element, depth + 1)?;
                                out.push(element);
                            }
                        }
                        None => {
                            self.value(&mut item, depth + 1)?;
                            out.push(item);
                        }
                    }
                }
                *items = out;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn object(
        &mut self,
        map: &mut Map<String, Value>,
        depth: usize,
    ) -> Result<(), CredentialError> {
        let digests = match map.remove("_sd") {
            None => Vec::new(),
            Some(Value::Array(digests)) => digests,
            Some(_) => return Err(refuse("_sd is not an array")),
        };
        for value in map.values_mut() {
            self.value(value, depth + 1)?;
        }
        for digest in digests {
            let Value::String(digest) = digest else {
                return Err(refuse("an _sd digest is not a string"));
            };
            let Some(d) = self.take(&digest)? else {
                continue;
            };
            let Some(name) = d.name else {
                return Err(refuse(
                    "an array element disclosure is named where a claim is",
                ));
            };
            if map.contains_key(&name) {
                return Err(refuse(format!(
                    "the disclosure of {name} would overwrite a signed claim"
                )));
            }
            let mut value = d.value;
            self.value(&mut value, depth + 1)?;
            map.insert(name, value);
        }
        Ok(())
    }
}

fn check_key_binding(
    kb: &str,
    hashed: &str,
    claims: &Map<String, Value>,
    now: DateTime<Utc>,
    policy: &KeyBindingPolicy,
) -> Result<KeyBinding, CredentialError> {
    let fail = |m: &str| CredentialError::KeyBinding(m.to_owned());
    let parts = jwt::parse(kb, &[TYP_KB], MAX_BYTES)
        .map_err(|e| CredentialError::KeyBinding(e.to_string()))?;
    let jwk = claims
        .get("cnf")
        .and_then(|c| c.get("jwk"))
        .cloned()
        .ok_or_else(|| fail("the credential names no holder key, so nothing can be bound to it"))?;
    let jwk: PublicJwk =
        serde_json::from_value(jwk).map_err(|_| fail("the holder key is not an Ed25519 JWK"))?;
    let holder = verifying_key_from_jwk(&jwk).map_err(|e| fail(&e.to_string()))?;
    parts
        .verify(&holder)
        .map_err(|_| fail("the key binding is not signed by the holder's key"))?;
    let text = |name: &str| parts.payload.get(name).and_then(Value::as_str);
    if text("sd_hash") != Some(digest_of(hashed).as_str()) {
        return Err(fail(
            "the key binding was made for other disclosures than those presented",
        ));
    }
    let issued_at = parts
        .date("iat")
        .ok()
        .flatten()
        .ok_or_else(|| fail("the key binding has no time (iat)"))?;
    if issued_at > now + policy.clock_skew {
        return Err(fail("the key binding is dated in the future"));
    }
    if now - issued_at > policy.max_age {
        return Err(fail("the key binding is too old: it may be a replay"));
    }
    let (Some(audience), Some(nonce)) = (text("aud"), text("nonce")) else {
        return Err(fail("the key binding names no verifier (aud) or nonce"));
    };
    if policy.audience.as_deref().is_some_and(|a| a != audience) {
        return Err(fail("the key binding was made for another verifier"));
    }
    if policy.nonce.as_deref().is_some_and(|n| n != nonce) {
        return Err(fail(
            "the key binding answers another request (wrong nonce): it may be a replay",
        ));
    }
    Ok(KeyBinding {
        audience: audience.to_owned(),
        nonce: nonce.to_owned(),
        issued_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::{did_web_document, StaticResolver};
    use crate::keys::{public_jwk, signing_key_from_seed, IssuerKey, KeyStatus};
    use chrono::TimeZone;
    use rand_core::OsRng;
    use serde_json::json;

    const ISSUER: &str = "did:web:refugee-portal.example";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap()
    }

    fn issuer_key() -> SigningKey {
        signing_key_from_seed(&[7; 32])
    }

    fn holder_key() -> SigningKey {
        signing_key_from_seed(&[9; 32])
    }

    fn resolver() -> StaticResolver {
        let doc = did_web_document(
            ISSUER,
            &[IssuerKey {
                fragment: "key-1".into(),
                public: issuer_key().verifying_key(),
                status: KeyStatus::Active,
            }],
        )
        .unwrap();
        StaticResolver::new().with_document(doc)
    }

    fn claims() -> Claims {
        let mut always = Map::new();
        always.insert("registration_status".into(), "active".into());
        Claims {
            issuer: ISSUER.into(),
            vct: "https://refugee-portal.example/vct/registration".into(),
            issued_at: now(),
            valid_from: Some(now()),
            valid_until: Some(now() + Duration::days(365)),
            status: None,
            holder: Some(public_jwk(&holder_key().verifying_key())),
            always,
            disclosable: vec![
                ("name".into(), json!("Amina Yusuf")),
                ("birthdate".into(), json!("1990-04-02")),
                ("age_over_18".into(), json!(true)),
                (
                    "address".into(),
                    json!({"locality": "Amman", "country": "JO"}),
                ),
            ],
        }
    }

    fn issued() -> SdJwt {
        let signer = Signer::new(format!("{ISSUER}#key-1"), issuer_key());
        issue(&claims(), &signer, &mut OsRng).unwrap()
    }

    #[test]
    fn everything_disclosed_verifies_and_reveals_every_claim() {
        let sd = issued();
        let v = verify(
            &sd.serialize(),
            &resolver(),
            now(),
            &KeyBindingPolicy::default(),
        )
        .unwrap();
        assert_eq!(v.claims["name"], "Amina Yusuf");
        assert_eq!(v.claims["birthdate"], "1990-04-02");
        assert_eq!(v.claims["address"]["locality"], "Amman");
        assert_eq!(v.claims["registration_status"], "active");
        assert!(!v.claims.contains_key("_sd") && !v.claims.contains_key("_sd_alg"));
        assert_eq!(v.disclosed.len(), 4);
        assert_eq!(v.key.controller, ISSUER);
        assert_eq!(v.key_binding, None);
    }

    #[test]
    fn a_presentation_that_hides_the_birth_date_shows_no_birth_date() {
        let sd = issued();
        let shown = sd.present(&["age_over_18"]);
        assert!(!shown.contains(&sd.disclosures[1].encoded));
        let v = verify(&shown, &resolver(), now(), &KeyBindingPolicy::default()).unwrap();
        assert_eq!(v.claims["age_over_18"], true);
        assert!(!v.claims.contains_key("birthdate"));
        assert!(!v.claims.contains_key("name"));
        assert_eq!(v.disclosed, vec!["age_over_18".to_owned()]);
        // Nothing of the birth date is left in the signed part either: only digests.
        assert!(!shown.contains("1990"));
        let signed = URL_SAFE_NO_PAD
            .decode(shown.split('.').nth(1).unwrap())
            .unwrap();
        assert!(!String::from_utf8(signed).unwrap().contains("1990"));
    }

    #[test]
    fn a_tampered_disclosure_is_refused() {
        let sd = issued();
        let forged = Disclosure::new("birthdate", json!("2010-04-02"), &mut OsRng).unwrap();
        let text = format!("{}~{}~", sd.jwt, forged.encoded);
        assert!(matches!(
            verify(&text, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::Disclosure(_))
        ));
        // The same salt with another value has another digest.
        let original = &sd.disclosures[1];
        let bytes = URL_SAFE_NO_PAD.decode(&original.encoded).unwrap();
        let changed = String::from_utf8(bytes).unwrap().replace("1990", "2010");
        let changed = URL_SAFE_NO_PAD.encode(changed);
        let text = format!("{}~{changed}~", sd.jwt);
        assert!(matches!(
            verify(&text, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::Disclosure(_))
        ));
        // A disclosure twice, or garbage, is refused.
        let twice = format!("{}~{}~{}~", sd.jwt, original.encoded, original.encoded);
        assert!(verify(&twice, &resolver(), now(), &KeyBindingPolicy::default()).is_err());
        let junk = format!("{}~not-base64!~", sd.jwt);
        assert!(verify(&junk, &resolver(), now(), &KeyBindingPolicy::default()).is_err());
        let empty = format!("{}~~{}~", sd.jwt, original.encoded);
        assert!(verify(&empty, &resolver(), now(), &KeyBindingPolicy::default()).is_err());
    }

    #[test]
    fn a_changed_signed_part_is_refused() {
        let sd = issued();
        let mut parts: Vec<String> = sd.jwt.split('.').map(str::to_owned).collect();
        let payload = URL_SAFE_NO_PAD.decode(&parts[1]).unwrap();
        let payload = String::from_utf8(payload)
            .unwrap()
            .replace("\"active\"", "\"closed\"");
        parts[1] = URL_SAFE_NO_PAD.encode(payload);
        let text = format!("{}~", parts.join("."));
        assert_eq!(
            verify(&text, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::SignatureInvalid)
        );
    }

    #[test]
    fn a_key_binding_holds_only_for_its_verifier_nonce_and_disclosures() {
        let sd = issued();
        let shown = sd.present(&["age_over_18", "name"]);
        let bound = bind(
            &shown,
            &holder_key(),
            "https://bank.example",
            "n-123",
            now(),
        )
        .unwrap();
        let policy = KeyBindingPolicy::request("https://bank.example", "n-123");
        let v = verify(&bound, &resolver(), now(), &policy).unwrap();
        let kb = v.key_binding.unwrap();
        assert_eq!(kb.nonce, "n-123");
        assert_eq!(kb.audience, "https://bank.example");

        // Replayed to a request with another nonce, or to another verifier.
        let other_nonce = KeyBindingPolicy::request("https://bank.example", "n-456");
        assert!(matches!(
            verify(&bound, &resolver(), now(), &other_nonce),
            Err(CredentialError::KeyBinding(_))
        ));
        let other_verifier = KeyBindingPolicy::request("https://clinic.example", "n-123");
        assert!(verify(&bound, &resolver(), now(), &other_verifier).is_err());
        // Replayed an hour later.
        let later = now() + Duration::hours(1);
        assert!(verify(&bound, &resolver(), later, &policy).is_err());
        // Disclosures added to or taken from a bound presentation.
        let (_, kb_jwt) = bound.rsplit_once('~').unwrap();
        let more = format!("{}{}~{kb_jwt}", shown, sd.disclosures[1].encoded);
        assert!(matches!(
            verify(&more, &resolver(), now(), &policy),
            Err(CredentialError::KeyBinding(_))
        ));
        // Signed by someone else's key.
        let thief = bind(
            &shown,
            &issuer_key(),
            "https://bank.example",
            "n-123",
            now(),
        )
        .unwrap();
        assert!(verify(&thief, &resolver(), now(), &policy).is_err());
        // Asked for and missing.
        assert!(matches!(
            verify(&shown, &resolver(), now(), &policy),
            Err(CredentialError::KeyBinding(_))
        ));
        // A presentation cannot be bound twice.
        assert!(bind(&bound, &holder_key(), "a", "b", now()).is_err());
    }

    #[test]
    fn reserved_and_repeated_claims_are_not_made_disclosable() {
        let signer = Signer::new(format!("{ISSUER}#key-1"), issuer_key());
        let mut c = claims();
        c.disclosable.push(("exp".into(), json!(1)));
        assert!(issue(&c, &signer, &mut OsRng).is_err());
        let mut c = claims();
        c.disclosable.push(("name".into(), json!("Other")));
        assert!(issue(&c, &signer, &mut OsRng).is_err());
        let mut c = claims();
        c.disclosable
            .push(("registration_status".into(), json!("closed")));
        assert!(issue(&c, &signer, &mut OsRng).is_err());
    }

    #[test]
    fn nested_and_array_disclosures_reveal_in_place_and_a_disclosure_cannot_overwrite() {
        // Built by hand: an array element and a nested claim, each selectively disclosable.
        let mut rng = OsRng;
        let child = Disclosure::new("name", json!("Sara"), &mut rng).unwrap();
        let salt = URL_SAFE_NO_PAD.encode([3u8; 16]);
        let element_encoded =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&json!([salt, "AM-1"])).unwrap());
        let element = Disclosure::decode(&element_encoded).unwrap();
        let clash = Disclosure::new("iss", json!("did:web:evil.example"), &mut rng).unwrap();
        let payload = json!({
            "iss": ISSUER,
            "iat": now().timestamp(),
            "vct": "x",
            "member": {"_sd": [child.digest]},
            "cases": [{"...": element.digest}, "open"],
            "_sd": [clash.digest],
            "_sd_alg": "sha-256",
        });
        let Value::Object(payload) = payload else {
            unreachable!()
        };
        let jwt = jwt::sign(
            TYP,
            Some(&format!("{ISSUER}#key-1")),
            &payload,
            &issuer_key(),
        )
        .unwrap();
        let all = format!("{jwt}~{}~{}~", child.encoded, element.encoded);
        let v = verify(&all, &resolver(), now(), &KeyBindingPolicy::default()).unwrap();
        assert_eq!(v.claims["member"]["name"], "Sara");
        assert_eq!(v.claims["cases"], json!(["AM-1", "open"]));
        let none = format!("{jwt}~");
        let v = verify(&none, &resolver(), now(), &KeyBindingPolicy::default()).unwrap();
        assert_eq!(v.claims["member"], json!({}));
        assert_eq!(v.claims["cases"], json!(["open"]));
        let overwrite = format!("{jwt}~{}~", clash.encoded);
        assert!(matches!(
            verify(&overwrite, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::Disclosure(_))
        ));
    }

    #[test]
    fn a_holder_can_read_back_what_it_holds() {
        let sd = issued();
        assert_eq!(SdJwt::parse(&sd.serialize()).unwrap(), sd);
        assert!(looks_like_sd_jwt(&sd.serialize()));
        assert!(!looks_like_sd_jwt("a~b"));
        assert!(!looks_like_sd_jwt(&sd.jwt));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever is appended as disclosures to a genuine SD-JWT, or put in place of its
        /// signed part, verification answers without panicking and never accepts a disclosure
        /// the issuer did not sign.
        #[test]
        fn arbitrary_parts_never_panic_or_verify(
            extra in proptest::collection::vec("[A-Za-z0-9_-]{1,80}", 1..8),
            jwt in "[A-Za-z0-9_.~-]{0,200}",
        ) {
            let sd = issued();
            let text = format!("{}~{}~", sd.jwt, extra.join("~"));
            proptest::prop_assert!(verify(&text, &resolver(), now(), &KeyBindingPolicy::default()).is_err());
            let _ = verify(&jwt, &resolver(), now(), &KeyBindingPolicy::default());
            let _ = SdJwt::parse(&jwt);
        }
    }

    #[test]
    fn oversized_input_is_refused_before_work() {
        let big = format!("{}~{}~", issued().jwt, "A".repeat(MAX_BYTES));
        assert!(matches!(
            verify(&big, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::TooLarge { .. })
        ));
        let many = format!("{}~{}", issued().jwt, "AAAA~".repeat(MAX_DISCLOSURES + 1));
        assert!(matches!(
            verify(&many, &resolver(), now(), &KeyBindingPolicy::default()),
            Err(CredentialError::TooLarge { .. })
        ));
    }
}
