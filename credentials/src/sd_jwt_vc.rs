//! The portal's SD-JWT VCs: the registration and household credentials with every claim
//! selectively disclosable, the age claims derived from the birth date, the presets a person
//! picks from, and the Token Status List token that carries their status.
//!
//! Owns: turning a portal W3C credential into SD-JWT VC claims (same content, snake_case
//! names, `vct` under the portal's public URL), the claim names and presets, reading the
//! verified claims back into a summary for the verifier, and signing and reading the status
//! list token (`statuslist+jwt`). Must never: put a claim in the clear that the person might
//! not want to show (everything about them is disclosable), or read the clock.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{json, Map, Value};

use crate::did::{resolve_assertion_key, DidResolver};
use crate::error::CredentialError;
use crate::jwt;
use crate::keys::{PublicJwk, Signer};
use crate::model::{parse_date_time_stamp, CredentialSummary};
use crate::sd_jwt::Claims;
use crate::status::{CachedTokenStatusList, TokenStatusList};

/// The `vct` path of the registration credential, under the portal's public URL.
pub const VCT_REGISTRATION_PATH: &str = "/vct/registration/v1";
/// The `vct` path of the household credential, under the portal's public URL.
pub const VCT_HOUSEHOLD_PATH: &str = "/vct/household/v1";
/// The `typ` of a status list token.
pub const TYP_STATUS_LIST: &str = "statuslist+jwt";

/// The holder's name, Latin script.
pub const NAME: &str = "name";
/// The holder's name in its original script.
pub const NAME_ORIGINAL: &str = "name_original_script";
/// Date of birth (`YYYY-MM-DD`).
pub const BIRTHDATE: &str = "birthdate";
/// Whether the holder was 18 or older when the credential was issued.
pub const AGE_OVER_18: &str = "age_over_18";
/// Whether the holder was 65 or older when the credential was issued.
pub const AGE_OVER_65: &str = "age_over_65";
/// Registration number.
pub const REGISTRATION_NUMBER: &str = "registration_number";
/// Registration status at issue.
pub const REGISTRATION_STATUS: &str = "registration_status";
/// The office that registered the holder.
pub const ISSUING_OFFICE: &str = "issuing_office";
/// The digest (`sha256-…`, SRI form) of the holder's photo.
pub const PHOTO_DIGEST: &str = "photo_digest";
/// The household's case number.
pub const HOUSEHOLD_ID: &str = "household_id";
/// The household's members.
pub const MEMBERS: &str = "members";

/// Every claim a registration SD-JWT VC can disclose, in the order shown.
pub const REGISTRATION_CLAIMS: &[&str] = &[
    NAME,
    NAME_ORIGINAL,
    BIRTHDATE,
    AGE_OVER_18,
    AGE_OVER_65,
    REGISTRATION_NUMBER,
    REGISTRATION_STATUS,
    ISSUING_OFFICE,
    PHOTO_DIGEST,
];

/// Every claim a household SD-JWT VC can disclose.
pub const HOUSEHOLD_CLAIMS: &[&str] = &[HOUSEHOLD_ID, MEMBERS, ISSUING_OFFICE];

/// What a person shows for a common purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// A clinic: who they are and their birth date, to find the right file.
    Clinic,
    /// A bank: registered and adult, with the name and number for the account; no birth date.
    Bank,
    /// A school: the child's name and birth date, registered.
    School,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 3] = [Preset::Clinic, Preset::Bank, Preset::School];

    /// Its name in URLs and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Clinic => "clinic",
            Preset::Bank => "bank",
            Preset::School => "school",
        }
    }

    /// The preset named `text`.
    pub fn parse(text: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The registration claims it discloses.
    pub fn claims(self) -> &'static [&'static str] {
        match self {
            Preset::Clinic => &[
                NAME,
                NAME_ORIGINAL,
                BIRTHDATE,
                REGISTRATION_NUMBER,
                PHOTO_DIGEST,
            ],
            Preset::Bank => &[
                NAME,
                AGE_OVER_18,
                REGISTRATION_NUMBER,
                REGISTRATION_STATUS,
                PHOTO_DIGEST,
            ],
            Preset::School => &[NAME, NAME_ORIGINAL, BIRTHDATE, REGISTRATION_STATUS],
        }
    }
}

fn invalid(field: &str, reason: &str) -> CredentialError {
    CredentialError::InvalidCredential {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Whole years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

fn original_script(subject: &Value) -> Option<Value> {
    subject
        .get("nameOriginalScript")
        .map(|n| n.get("@value").unwrap_or(n).clone())
        .filter(Value::is_string)
}

/// The SD-JWT VC claims of a portal credential (a `RefugeeRegistrationCredential` or a
/// `HouseholdCredential`, as the portal issues them): the same content, each claim
/// disclosable, the ages derived on `now`, `nbf`/`exp` from `validFrom`/`validUntil`. The
/// W3C credential's `id` is left out: a stable identifier would let verifiers link
/// presentations.
pub fn claims_of(
    credential: &Value,
    origin: &str,
    now: DateTime<Utc>,
    holder: Option<PublicJwk>,
    status: Option<Value>,
) -> Result<Claims, CredentialError> {
    let issuer = match credential.get("issuer") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| invalid("issuer", "has no id"))?,
        _ => return Err(invalid("issuer", "is missing")),
    };
    let types: Vec<&str> = credential
        .get("type")
        .and_then(Value::as_array)
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let subject = credential
        .get("credentialSubject")
        .ok_or_else(|| invalid("credentialSubject", "is missing"))?;
    let date = |name: &str| -> Result<Option<DateTime<Utc>>, CredentialError> {
        credential
            .get(name)
            .and_then(Value::as_str)
            .map(parse_date_time_stamp)
            .transpose()
    };
    let mut disclosable: Vec<(String, Value)> = Vec::new();
    let mut copy = |from: &str, to: &str| {
        if let Some(v) = subject.get(from).filter(|v| !v.is_null()) {
            disclosable.push((to.to_owned(), v.clone()));
        }
    };
    let vct = if types.contains(&"RefugeeRegistrationCredential") {
        copy("name", NAME);
        copy("birthDate", BIRTHDATE);
        copy("registrationNumber", REGISTRATION_NUMBER);
        copy("registrationStatus", REGISTRATION_STATUS);
        copy("issuingOffice", ISSUING_OFFICE);
        if let Some(original) = original_script(subject) {
            disclosable.push((NAME_ORIGINAL.into(), original));
        }
        if let Some(birth) = subject
            .get("birthDate")
            .and_then(Value::as_str)
            .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
        {
            let age = age_on(birth, now.date_naive());
            disclosable.push((AGE_OVER_18.into(), json!(age >= 18)));
            disclosable.push((AGE_OVER_65.into(), json!(age >= 65)));
        }
        let photo = credential
            .get("relatedResource")
            .and_then(Value::as_array)
            .and_then(|r| r.first())
            .and_then(|r| r.get("digestSRI"))
            .filter(|d| d.is_string());
        if let Some(photo) = photo {
            disclosable.push((PHOTO_DIGEST.into(), photo.clone()));
        }
        format!("{origin}{VCT_REGISTRATION_PATH}")
    } else if types.contains(&"HouseholdCredential") {
        copy("householdId", HOUSEHOLD_ID);
        copy("issuingOffice", ISSUING_OFFICE);
        if let Some(members) = subject.get("member").and_then(Value::as_array) {
            let members: Vec<Value> = members
                .iter()
                .map(|m| {
                    let mut out = Map::new();
                    for (from, to) in [
                        ("name", NAME),
                        ("relationship", "relationship"),
                        ("birthDate", BIRTHDATE),
                    ] {
                        if let Some(v) = m.get(from).filter(|v| !v.is_null()) {
                            out.insert(to.into(), v.clone());
                        }
                    }
                    if let Some(original) = original_script(m) {
                        out.insert(NAME_ORIGINAL.into(), original);
                    }
                    Value::Object(out)
                })
                .collect();
            disclosable.push((MEMBERS.into(), Value::Array(members)));
        }
        format!("{origin}{VCT_HOUSEHOLD_PATH}")
    } else {
        return Err(invalid("type", "is not a credential the portal issues"));
    };
    Ok(Claims {
        issuer,
        vct,
        issued_at: now,
        valid_from: date("validFrom")?,
        valid_until: date("validUntil")?,
        status,
        holder,
        always: Map::new(),
        disclosable,
    })
}

/// The `status` claim pointing at entry `index` of the token status list at `uri`.
pub fn status_claim(uri: &str, index: usize) -> Value {
    json!({ "status_list": { "idx": index, "uri": uri } })
}

/// Reads a `status` claim: the status list's URI and the entry.
pub fn status_reference(
    claims: &Map<String, Value>,
) -> Option<Result<(String, usize), CredentialError>> {
    let status = claims.get("status")?;
    let list = status.get("status_list");
    let uri = list.and_then(|l| l.get("uri")).and_then(Value::as_str);
    let idx = list
        .and_then(|l| l.get("idx"))
        .and_then(Value::as_u64)
        .and_then(|i| usize::try_from(i).ok());
    Some(match (uri, idx) {
        (Some(uri), Some(idx)) => Ok((uri.to_owned(), idx)),
        _ => Err(CredentialError::StatusList(
            "the status claim has no status_list with uri and idx".into(),
        )),
    })
}

/// The verifier's summary of verified SD-JWT VC claims: `iss`, `vct`, `nbf`, `exp`.
pub fn summary(claims: &Map<String, Value>) -> Result<CredentialSummary, CredentialError> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    let issuer = text("iss").ok_or_else(|| invalid("iss", "is missing"))?;
    let vct = text("vct").ok_or_else(|| invalid("vct", "is missing"))?;
    Ok(CredentialSummary {
        id: None,
        types: vec![vct.to_owned()],
        issuer: issuer.to_owned(),
        valid_from: jwt::date_claim(claims, "nbf")?,
        valid_until: jwt::date_claim(claims, "exp")?,
        statuses: Vec::new(),
    })
}

/// The W3C type name the verifier shows for a `vct` of the portal.
pub fn type_of_vct(vct: &str) -> Option<&'static str> {
    if vct.ends_with(VCT_REGISTRATION_PATH) {
        Some("RefugeeRegistrationCredential")
    } else if vct.ends_with(VCT_HOUSEHOLD_PATH) {
        Some("HouseholdCredential")
    } else {
        None
    }
}

/// Signs the status list token published at `uri`: `sub` = `uri`, `iat`, `exp`, `ttl` (how
/// long a verifier may keep it, in seconds).
pub fn status_list_token(
    uri: &str,
    list: &TokenStatusList,
    now: DateTime<Utc>,
    ttl_seconds: i64,
    signer: &Signer,
) -> Result<String, CredentialError> {
    let mut payload = Map::new();
    payload.insert("sub".into(), uri.into());
    payload.insert("iat".into(), now.timestamp().into());
    payload.insert("exp".into(), (now.timestamp() + ttl_seconds).into());
    payload.insert("ttl".into(), ttl_seconds.into());
    payload.insert("status_list".into(), list.to_claim()?);
    jwt::sign(
        TYP_STATUS_LIST,
        Some(signer.verification_method()),
        &payload,
        signer.signing_key(),
    )
}

/// Reads a status list token fetched from `uri` at `fetched_at`: its signature (by a key of
/// its `kid`'s DID, found through `resolver`), its `sub` (must be `uri`) and `exp`.
pub fn read_status_list_token(
    token: &str,
    uri: &str,
    resolver: &dyn DidResolver,
    fetched_at: DateTime<Utc>,
) -> Result<CachedTokenStatusList, CredentialError> {
    let parts = jwt::parse(token.trim(), &[TYP_STATUS_LIST], 4 * 1024 * 1024)?;
    let kid = parts.kid().ok_or_else(|| {
        CredentialError::InvalidProof("the status list token names no key".into())
    })?;
    let key = resolve_assertion_key(resolver, kid)?;
    parts.verify(&key.public)?;
    if parts.payload.get("sub").and_then(Value::as_str) != Some(uri) {
        return Err(CredentialError::StatusList(format!(
            "the status list token is not the one published at {uri}"
        )));
    }
    if parts.date("exp")?.is_some_and(|exp| exp < fetched_at) {
        return Err(CredentialError::StatusList(
            "the status list token has expired".into(),
        ));
    }
    let claim = parts
        .payload
        .get("status_list")
        .ok_or_else(|| CredentialError::StatusList("the token has no status_list".into()))?;
    Ok(CachedTokenStatusList {
        issuer: key.controller,
        list: TokenStatusList::from_claim(claim)?,
        fetched_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::did::{did_web_document, StaticResolver};
    use crate::keys::{signing_key_from_seed, IssuerKey, KeyStatus};
    use crate::model::tests::{registration, t};
    use crate::sd_jwt::{issue, verify, KeyBindingPolicy};
    use crate::status::{StatusList, TokenStatus, MIN_ENTRIES};
    use rand_core::OsRng;

    const ORIGIN: &str = "https://refugee-portal.example";

    fn signer() -> Signer {
        Signer::new(
            "did:web:refugee-portal.example#key-1",
            signing_key_from_seed(&[4; 32]),
        )
    }

    fn resolver() -> StaticResolver {
        let doc = did_web_document(
            "did:web:refugee-portal.example",
            &[IssuerKey {
                fragment: "key-1".into(),
                public: signer().verifying_key(),
                status: KeyStatus::Active,
            }],
        )
        .unwrap();
        StaticResolver::new().with_document(doc)
    }

    #[test]
    fn ages_count_whole_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(age_on(d(2008, 6, 2), d(2026, 6, 1)), 17);
        assert_eq!(age_on(d(2008, 6, 1), d(2026, 6, 1)), 18);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(1961, 1, 1), d(2026, 6, 1)), 65);
    }

    #[test]
    fn a_registration_credential_becomes_disclosable_claims_with_its_ages() {
        let vc = registration();
        let now = t(2026, 6, 1);
        let claims = claims_of(&vc, ORIGIN, now, None, None).unwrap();
        assert_eq!(claims.vct, format!("{ORIGIN}{VCT_REGISTRATION_PATH}"));
        assert_eq!(claims.issuer, "did:web:refugee-portal.example");
        assert!(claims.always.is_empty());
        let names: Vec<&str> = claims.disclosable.iter().map(|(n, _)| n.as_str()).collect();
        for expected in [
            NAME,
            BIRTHDATE,
            REGISTRATION_NUMBER,
            AGE_OVER_18,
            AGE_OVER_65,
        ] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        assert!(names.iter().all(|n| REGISTRATION_CLAIMS.contains(n)));
        let sd = issue(&claims, &signer(), &mut OsRng).unwrap();
        let shown = sd.present(Preset::Bank.claims());
        let v = verify(&shown, &resolver(), now, &KeyBindingPolicy::default()).unwrap();
        assert!(!v.claims.contains_key(BIRTHDATE));
        assert!(v.claims.contains_key(AGE_OVER_18));
        let s = summary(&v.claims).unwrap();
        assert_eq!(
            type_of_vct(&s.types[0]),
            Some("RefugeeRegistrationCredential")
        );
        assert_eq!(s.valid_until, claims.valid_until);
        assert!(claims_of(
            &serde_json::json!({"issuer": "x", "type": ["Other"], "credentialSubject": {}}),
            ORIGIN,
            now,
            None,
            None
        )
        .is_err());
    }

    #[test]
    fn a_status_list_token_reads_back_only_at_its_own_uri_and_with_its_key() {
        let mut revoked = StatusList::new(MIN_ENTRIES).unwrap();
        revoked.set(9, true).unwrap();
        let suspended = StatusList::new(MIN_ENTRIES).unwrap();
        let list = TokenStatusList::combine(&revoked, &suspended).unwrap();
        let uri = format!("{ORIGIN}/status/token/0");
        let now = t(2026, 6, 1);
        let token = status_list_token(&uri, &list, now, 300, &signer()).unwrap();
        let cached = read_status_list_token(&token, &uri, &resolver(), now).unwrap();
        assert_eq!(cached.issuer, "did:web:refugee-portal.example");
        assert_eq!(cached.list.get(9).unwrap(), TokenStatus::Invalid);
        assert!(read_status_list_token(
            &token,
            &format!("{ORIGIN}/status/token/1"),
            &resolver(),
            now
        )
        .is_err());
        let later = now + chrono::Duration::seconds(301);
        assert!(read_status_list_token(&token, &uri, &resolver(), later).is_err());
        let claim = status_claim(&uri, 9);
        let Value::Object(map) = json!({"status": claim}) else {
            unreachable!()
        };
        assert_eq!(status_reference(&map).unwrap().unwrap(), (uri, 9));
    }
}
