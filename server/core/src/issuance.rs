//! Issuing, showing, suspending, revoking and verifying credentials: the service behind
//! `/me/credentials`, the staff case view, the VC-API and `/verify`.
//!
//! Credentials are built from the approved record only, signed three ways at issue (Data
//! Integrity `eddsa-rdfc-2022` for the `.json` file, `eddsa-jcs-2022` for the QR code, VC-JOSE
//! for the `.jwt` file) and recorded with a random position in the status lists.
//!
//! Owns: who may get, see and change which credential, and the audit rows for it.
//! Must never: put a value into an error or a log, or issue from data that is not approved.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use portal_credentials::model::{
    self, CredentialEnvelope, HouseholdMember, HouseholdSubject, LanguageString, PhotoReference,
    RegistrationSubject,
};
use portal_credentials::status::{
    self, BitstringStatusListEntry, CachedStatusList, StaticStatusLists, StatusList, StatusPurpose,
    MIN_ENTRIES,
};
use portal_credentials::verify::{self, VerificationResult, VerifyOptions};
use portal_credentials::{jcs, jose, rdfc, CredentialError};
use rand_core::{OsRng, RngCore};
use serde_json::Value;
use uuid::Uuid;

use crate::issuer::{Issuer, IssuerError};
use portal_domain::audit::{Actor, AuditEvent, SubjectKind};
use portal_domain::credential::{
    self as rules, CredentialKind, CredentialStatus, IssueRefused, Latest, StatusAction,
    StatusReason, StatusRefused,
};
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::{Person, PersonId, Relationship};
use portal_domain::staff::Staff;
use portal_storage::credentials::{NewCredential, StoredCredential};
use portal_storage::documents::DocumentStore;
use portal_storage::{Store, StoreError};

/// Entries per status list (the Bitstring Status List minimum, for herd privacy).
pub const LIST_ENTRIES: i64 = MIN_ENTRIES as i64;

/// Everything a credential action can fail with.
#[derive(Debug, thiserror::Error)]
pub enum IssuanceError {
    /// No such credential or person, or not one the caller may see.
    #[error("not found")]
    NotFound,
    /// A person cannot get this credential by themselves now.
    #[error(transparent)]
    Refused(#[from] IssueRefused),
    /// The status change is not allowed.
    #[error(transparent)]
    Status(#[from] StatusRefused),
    /// Someone else changed it first.
    #[error("{0} changed meanwhile")]
    Stale(&'static str),
    /// The input credential is not acceptable (VC-API issue).
    #[error("{0}")]
    Invalid(String),
    /// The issuer cannot sign (no key, unreadable key file).
    #[error(transparent)]
    Issuer(#[from] IssuerError),
    /// The credentials library failed on data the portal built (a bug).
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for IssuanceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Stale(what) => IssuanceError::Stale(what),
            StoreError::NotFound(_) => IssuanceError::NotFound,
            other => IssuanceError::Store(other),
        }
    }
}

/// The signed forms of a credential a holder may download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// JSON with an `eddsa-rdfc-2022` proof.
    Json,
    /// Compact JWS (`vc+jwt`).
    Jwt,
    /// JSON with an `eddsa-jcs-2022` proof, compressed into the QR payload.
    Qr,
}

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

/// The service, bound to the stores, the issuer as loaded, and the instant of the action.
#[derive(Clone, Copy)]
pub struct Issuance<'a> {
    /// The database.
    pub store: &'a Store,
    /// Photos.
    pub documents: &'a DocumentStore,
    /// The issuer.
    pub issuer: &'a Issuer,
    /// Now.
    pub now: DateTime<Utc>,
    /// Days a new credential stays valid.
    pub valid_days: u32,
    /// Whether credentials of any `did:key` issuer verify.
    pub trust_any_did_key: bool,
    /// The HTTP request id, for the audit trail.
    pub request_id: Option<&'a str>,
}

/// One kind of credential as its holder sees it.
#[derive(Clone, Debug)]
pub struct Card {
    /// Which kind.
    pub kind: CredentialKind,
    /// The newest credential of that kind, if any.
    pub latest: Option<StoredCredential>,
    /// What asking for it now would do: `Ok(true)` issue a new one, `Ok(false)` show the
    /// current one, or why not.
    pub next: Result<bool, IssueRefused>,
}

/// The credential's id as it appears in the credential.
pub fn credential_urn(id: Uuid) -> String {
    format!("urn:uuid:{id}")
}

/// The JSON-LD language tag for a person's original-script name, from their first language
/// (ISO 639-3 in the record); `und` when unknown.
fn language_tag(person: &Person) -> String {
    let code = person
        .record
        .languages
        .first()
        .map(|l| l.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    match code.as_str() {
        "ara" | "arb" | "apc" | "ajp" | "acm" => "ar",
        "prs" => "prs",
        "pus" | "pbt" => "ps",
        "fas" | "pes" => "fa",
        "kur" | "ckb" | "kmr" => "ku",
        "som" => "so",
        "tir" => "ti",
        "amh" => "am",
        "urd" => "ur",
        "eng" => "en",
        "fra" => "fr",
        "ukr" => "uk",
        "rus" => "ru",
        _ => "und",
    }
    .to_owned()
}

fn original_name(person: &Person) -> Option<LanguageString> {
    let parts: Vec<&str> = [
        person.record.given_name_original.as_ref(),
        person.record.family_name_original.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|n| n.as_str())
    .collect();
    (!parts.is_empty()).then(|| LanguageString {
        value: parts.join(" "),
        language: language_tag(person),
    })
}

fn latin_name(person: &Person) -> String {
    format!(
        "{} {}",
        person.record.given_name.as_str(),
        person.record.family_name.as_str()
    )
}

fn registration_status(
    status: portal_domain::person::RegistrationStatus,
) -> model::RegistrationStatus {
    use portal_domain::person::RegistrationStatus as R;
    match status {
        R::Active => model::RegistrationStatus::Active,
        R::Inactive => model::RegistrationStatus::Inactive,
        R::Closed => model::RegistrationStatus::Closed,
    }
}

fn relationship(value: Relationship) -> model::Relationship {
    use model::Relationship as M;
    match value {
        Relationship::Principal => M::PrincipalApplicant,
        Relationship::Spouse => M::Spouse,
        Relationship::Child => M::Child,
        Relationship::Parent => M::Parent,
        Relationship::Sibling => M::Sibling,
        Relationship::Grandchild => M::Grandchild,
        Relationship::Grandparent => M::Grandparent,
        Relationship::OtherRelative => M::OtherRelative,
        Relationship::NonRelative => M::NotRelated,
    }
}

/// The `credentialStatus` entries of the credential at `index`: one bit in the revocation
/// list and the same bit in the suspension list.
fn status_entries(issuer: &Issuer, index: i64) -> Result<Vec<Value>, IssuanceError> {
    let list = index / LIST_ENTRIES;
    let position = usize::try_from(index % LIST_ENTRIES)
        .map_err(|_| IssuanceError::Invalid("status index out of range".into()))?;
    Ok([StatusPurpose::Revocation, StatusPurpose::Suspension]
        .into_iter()
        .map(|purpose| {
            BitstringStatusListEntry::new(&issuer.status_list_url(purpose, list), purpose, position)
                .to_value()
        })
        .collect())
}

/// Reads `revocation` / `suspension`.
pub fn parse_purpose(text: &str) -> Option<StatusPurpose> {
    match text {
        "revocation" => Some(StatusPurpose::Revocation),
        "suspension" => Some(StatusPurpose::Suspension),
        _ => None,
    }
}

impl Issuance<'_> {
    /// The credential of `kind` that matters now: the current one (active or suspended; there
    /// is at most one), else the newest.
    fn latest_of(
        &self,
        credentials: &[StoredCredential],
        kind: CredentialKind,
    ) -> Option<StoredCredential> {
        let of_kind = || credentials.iter().filter(|c| c.kind == kind);
        of_kind()
            .find(|c| c.status != CredentialStatus::Revoked)
            .or_else(|| of_kind().max_by_key(|c| (c.issued_at, c.status_changed_at)))
            .cloned()
    }

    fn summary(&self, credential: &StoredCredential) -> Latest {
        Latest {
            status: credential.status,
            reason: credential.status_reason,
            expired: credential
                .valid_until
                .is_some_and(|until| until <= self.now),
        }
    }

    async fn person(&self, id: PersonId) -> Result<Person, IssuanceError> {
        self.store
            .person_by_id(id)
            .await?
            .ok_or(IssuanceError::NotFound)
    }

    /// A person's two kinds of credential with what asking for each would do.
    pub async fn cards(&self, person: PersonId) -> Result<Vec<Card>, IssuanceError> {
        let person = self.person(person).await?;
        let credentials = self
            .store
            .credentials_of_person(person.id, person.household_id)
            .await?;
        Ok([CredentialKind::Registration, CredentialKind::Household]
            .into_iter()
            .map(|kind| {
                let latest = self.latest_of(&credentials, kind);
                let next = rules::self_service(
                    person.record.registration_status,
                    latest.as_ref().map(|c| self.summary(c)),
                );
                Card { kind, latest, next }
            })
            .collect())
    }

    /// Every credential of a person (theirs and their household's), newest first.
    pub async fn history(&self, person: PersonId) -> Result<Vec<StoredCredential>, IssuanceError> {
        let person = self.person(person).await?;
        Ok(self
            .store
            .credentials_of_person(person.id, person.household_id)
            .await?)
    }

    /// The person's current credential of `kind`, issuing a new one when the rules say so.
    pub async fn obtain(
        &self,
        person: PersonId,
        kind: CredentialKind,
    ) -> Result<StoredCredential, IssuanceError> {
        let cards = self.cards(person).await?;
        let card = cards
            .into_iter()
            .find(|c| c.kind == kind)
            .ok_or(IssuanceError::NotFound)?;
        match (card.next?, card.latest) {
            (false, Some(current)) => Ok(current),
            _ => {
                let actor = Actor::Person {
                    id: person.0.to_string(),
                };
                self.issue_for(person, kind, actor).await
            }
        }
    }

    /// A staff member issues a new credential of `kind` for `person`, e.g. after a revocation
    /// that needed the office. Refused while one is active or suspended, so a person never has
    /// two current credentials of a kind. Approvers only (the same as revoking).
    pub async fn staff_issue(
        &self,
        staff: &Staff,
        role: &str,
        person: PersonId,
        kind: CredentialKind,
    ) -> Result<StoredCredential, IssuanceError> {
        rules::may_change_status(staff, StatusAction::Revoke)?;
        let target = self.person(person).await?;
        if target.record.registration_status != portal_domain::person::RegistrationStatus::Active {
            return Err(IssueRefused::RegistrationNotActive.into());
        }
        let credentials = self
            .store
            .credentials_of_person(target.id, target.household_id)
            .await?;
        if let Some(current) = self.latest_of(&credentials, kind) {
            let latest = self.summary(&current);
            if !latest.expired && latest.status != CredentialStatus::Revoked {
                return Err(StatusRefused::Transition(latest.status).into());
            }
        }
        let actor = Actor::Staff {
            id: staff.id.0.to_string(),
            role: role.to_owned(),
        };
        self.issue_for(person, kind, actor).await
    }

    async fn photo(&self, person: &Person, id: Uuid) -> Option<PhotoReference> {
        let address = ContentAddress::parse(person.photo_sha256.as_deref()?)?;
        // A photo that cannot be read is left out rather than blocking the credential.
        let bytes = self.documents.get(&address).ok()?;
        let media = MediaType::sniff(&bytes)?;
        Some(PhotoReference::from_bytes(
            format!("{}/credentials/{id}/photo", self.issuer.origin()),
            media.mime(),
            &bytes,
        ))
    }

    async fn unsigned_for(
        &self,
        person: &Person,
        kind: CredentialKind,
        id: Uuid,
        index: i64,
    ) -> Result<Value, IssuanceError> {
        let envelope = CredentialEnvelope {
            id: credential_urn(id),
            issuer: self.issuer.did(),
            valid_from: self.now,
            valid_until: Some(self.now + Duration::days(i64::from(self.valid_days))),
            status: status_entries(self.issuer, index)?,
        };
        let office_code = person.record.registration_number.office_code().to_owned();
        let office = self
            .store
            .offices()
            .await?
            .into_iter()
            .find(|o| o.code.as_str() == office_code)
            .map(|o| o.name)
            .unwrap_or(office_code);
        match kind {
            CredentialKind::Registration => {
                let subject = RegistrationSubject {
                    id: None,
                    name: latin_name(person),
                    name_original_script: original_name(person),
                    birth_date: person.record.date_of_birth.date,
                    registration_number: model::RegistrationNumber::parse(
                        person.record.registration_number.as_str(),
                    )?,
                    registration_status: registration_status(person.record.registration_status),
                    issuing_office: office,
                };
                let photo = self.photo(person, id).await;
                Ok(model::registration_credential(
                    envelope,
                    &subject,
                    photo.as_ref(),
                )?)
            }
            CredentialKind::Household => {
                let case = self
                    .store
                    .case_number_of(person.household_id)
                    .await?
                    .ok_or(IssuanceError::NotFound)?;
                let members = self.store.household_members(person.household_id).await?;
                let member = members
                    .iter()
                    .filter(|m| {
                        m.record.registration_status
                            == portal_domain::person::RegistrationStatus::Active
                    })
                    .map(|m| {
                        Ok(HouseholdMember {
                            name: latin_name(m),
                            name_original_script: original_name(m),
                            relationship: relationship(m.record.relationship),
                            birth_date: Some(m.record.date_of_birth.date),
                            registration_number: Some(model::RegistrationNumber::parse(
                                m.record.registration_number.as_str(),
                            )?),
                        })
                    })
                    .collect::<Result<Vec<_>, CredentialError>>()?;
                let subject = HouseholdSubject {
                    id: None,
                    household_id: model::RegistrationNumber::parse(&case)?,
                    member,
                };
                Ok(model::household_credential(envelope, &subject)?)
            }
            CredentialKind::External => Err(IssuanceError::NotFound),
        }
    }

    /// Draws a free random position in the status lists: one list per 65,536 credentials
    /// issued so far, so each list stays at most half full and positions say nothing.
    async fn draw_index(&self) -> Result<i64, IssuanceError> {
        let count = self.store.credential_count().await?;
        let lists = count / (LIST_ENTRIES / 2) + 1;
        Ok(
            i64::try_from(OsRng.next_u64() % u64::try_from(lists * LIST_ENTRIES).unwrap_or(1))
                .unwrap_or(0),
        )
    }

    fn sign_all(&self, unsigned: &Value) -> Result<(String, String, String), IssuanceError> {
        let signer = self.issuer.signer()?;
        let rdfc = rdfc::sign(unsigned, &signer, self.now, &rdfc::Contexts::portal())?;
        let jcs = jcs::sign(unsigned, &signer, self.now)?;
        let jwt = jose::sign(unsigned, &signer)?;
        Ok((rdfc.to_string(), jcs.to_string(), jwt))
    }

    async fn issue_for(
        &self,
        person_id: PersonId,
        kind: CredentialKind,
        actor: Actor,
    ) -> Result<StoredCredential, IssuanceError> {
        let person = self.person(person_id).await?;
        let kid = self
            .issuer
            .active_kid()
            .ok_or(IssuerError::NoActiveKey)?
            .to_owned();
        // A taken position is drawn again; a handful of tries is plenty at half-full lists.
        for _ in 0..8 {
            let id = Uuid::new_v4();
            let index = self.draw_index().await?;
            let unsigned = self.unsigned_for(&person, kind, id, index).await?;
            let (rdfc, jcs, jwt) = self.sign_all(&unsigned)?;
            let new = NewCredential {
                id,
                kind,
                person: Some(person.id),
                household: Some(person.household_id),
                record_version: Some(person.record_version),
                status_index: index,
                issuer: self.issuer.did(),
                kid: kid.clone(),
                issued_at: self.now,
                valid_until: Some(self.now + Duration::days(i64::from(self.valid_days))),
                document_rdfc: Some(rdfc),
                document_jcs: Some(jcs),
                document_jwt: Some(jwt),
            };
            let event = AuditEvent::new(self.now, actor.clone(), "credential.issue")
                .about(SubjectKind::Person, person.id.0.to_string())
                .with_details(serde_json::json!({
                    "credential": id.to_string(),
                    "kind": kind.as_str(),
                    "kid": kid,
                    "record_version": person.record_version,
                }));
            let event = match self.request_id {
                Some(r) => event.in_request(r),
                None => event,
            };
            match self.store.insert_credential(&new, &event).await {
                Ok(()) => {
                    return self
                        .store
                        .credential_by_id(id)
                        .await?
                        .ok_or(IssuanceError::NotFound)
                }
                Err(StoreError::Duplicate(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(IssuanceError::Stale("status list"))
    }

    /// A credential of `person` (theirs or their household's), for showing or download.
    pub async fn of_person(
        &self,
        person: PersonId,
        id: Uuid,
    ) -> Result<StoredCredential, IssuanceError> {
        self.history(person)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or(IssuanceError::NotFound)
    }

    /// Staff change a credential's status (suspend, unsuspend, revoke) with a reason.
    pub async fn change_status(
        &self,
        staff: &Staff,
        role: &str,
        id: Uuid,
        expected_version: Option<i64>,
        action: StatusAction,
        reason: StatusReason,
    ) -> Result<StoredCredential, IssuanceError> {
        rules::may_change_status(staff, action)?;
        let actor = Actor::Staff {
            id: staff.id.0.to_string(),
            role: role.to_owned(),
        };
        self.apply(id, expected_version, action, reason, actor)
            .await
    }

    /// A partner system (API token) changes the status of a credential it may manage.
    pub async fn change_status_as_client(
        &self,
        token: Uuid,
        id: Uuid,
        action: StatusAction,
        reason: StatusReason,
    ) -> Result<StoredCredential, IssuanceError> {
        let actor = Actor::ApiClient {
            id: token.to_string(),
        };
        self.apply(id, None, action, reason, actor).await
    }

    /// Moves credential `id` through the life cycle by `action` and records it.
    async fn apply(
        &self,
        id: Uuid,
        expected_version: Option<i64>,
        action: StatusAction,
        reason: StatusReason,
        actor: Actor,
    ) -> Result<StoredCredential, IssuanceError> {
        let credential = self
            .store
            .credential_by_id(id)
            .await?
            .ok_or(IssuanceError::NotFound)?;
        let status = rules::transition(credential.status, action)?;
        self.write_status(&credential, expected_version, status, reason, actor)
            .await
    }

    async fn write_status(
        &self,
        credential: &StoredCredential,
        expected_version: Option<i64>,
        status: CredentialStatus,
        reason: StatusReason,
        actor: Actor,
    ) -> Result<StoredCredential, IssuanceError> {
        let action = match status {
            CredentialStatus::Active => "credential.unsuspend",
            CredentialStatus::Suspended => "credential.suspend",
            CredentialStatus::Revoked => "credential.revoke",
        };
        let mut event = AuditEvent::new(self.now, actor, action).with_details(serde_json::json!({
            "credential": credential.id.to_string(),
            "kind": credential.kind.as_str(),
            "reason": reason.as_str(),
        }));
        if let Some(person) = credential.person {
            event = event.about(SubjectKind::Person, person.0.to_string());
        }
        if let Some(r) = self.request_id {
            event = event.in_request(r);
        }
        self.store
            .set_credential_status(
                credential.id,
                expected_version.unwrap_or(credential.row_version),
                status,
                reason,
                self.now,
                &event,
            )
            .await?;
        self.store
            .credential_by_id(credential.id)
            .await?
            .ok_or(IssuanceError::NotFound)
    }

    /// The URL of every status list this issuer publishes (both purposes), for verifiers that
    /// keep copies to check credentials without a network.
    pub async fn status_list_urls(&self) -> Result<Vec<String>, IssuanceError> {
        let highest = self.store.highest_status_index().await?.unwrap_or(0);
        Ok((0..=highest / LIST_ENTRIES)
            .flat_map(|list| {
                [StatusPurpose::Revocation, StatusPurpose::Suspension]
                    .map(|purpose| self.issuer.status_list_url(purpose, list))
            })
            .collect())
    }

    /// The bits of every status list of this issuer, as of now.
    pub async fn status_lists(
        &self,
    ) -> Result<HashMap<(StatusPurpose, i64), StatusList>, IssuanceError> {
        let highest = self.store.highest_status_index().await?.unwrap_or(0);
        let mut lists = HashMap::new();
        for list in 0..=highest / LIST_ENTRIES {
            for purpose in [StatusPurpose::Revocation, StatusPurpose::Suspension] {
                lists.insert((purpose, list), StatusList::new(MIN_ENTRIES)?);
            }
        }
        for (index, status) in self.store.credential_status_bits().await? {
            let purpose = match status {
                CredentialStatus::Revoked => StatusPurpose::Revocation,
                CredentialStatus::Suspended => StatusPurpose::Suspension,
                CredentialStatus::Active => continue,
            };
            let position = usize::try_from(index % LIST_ENTRIES).unwrap_or(0);
            if let Some(bits) = lists.get_mut(&(purpose, index / LIST_ENTRIES)) {
                bits.set(position, true)?;
            }
        }
        Ok(lists)
    }

    /// The signed `BitstringStatusListCredential` of list `list` for `purpose`, if it exists.
    pub async fn status_list_credential(
        &self,
        purpose: StatusPurpose,
        list: i64,
    ) -> Result<Value, IssuanceError> {
        let mut lists = self.status_lists().await?;
        let bits = lists
            .remove(&(purpose, list))
            .ok_or(IssuanceError::NotFound)?;
        let url = self.issuer.status_list_url(purpose, list);
        let unsigned = status::status_list_credential(
            &url,
            &self.issuer.did(),
            purpose,
            &bits,
            self.now,
            None,
        )?;
        Ok(jcs::sign(&unsigned, &self.issuer.signer()?, self.now)?)
    }

    /// Verifies a credential (JSON, JWS or QR payload) against this issuer's keys and its
    /// status lists as they are now.
    pub async fn verify(&self, input: &[u8]) -> Result<VerificationResult, IssuanceError> {
        let resolver = self.issuer.resolver()?;
        let mut statuses = StaticStatusLists::new();
        for ((purpose, list), bits) in self.status_lists().await? {
            statuses = statuses.with_list(
                self.issuer.status_list_url(purpose, list),
                CachedStatusList {
                    issuer: self.issuer.did(),
                    purpose,
                    list: bits,
                    fetched_at: self.now,
                },
            );
        }
        let options = VerifyOptions {
            // Partner credentials may use the examples context and inline contexts; trust
            // comes from the issuer and the signature, not from the context list.
            policy: model::ValidationPolicy::partner(),
            trusted_issuers: Some(self.issuer.own_dids()),
            trust_any_did_key: self.trust_any_did_key,
            ..VerifyOptions::default()
        };
        Ok(verify::verify(
            input, &resolver, &statuses, self.now, &options,
        ))
    }

    /// Issues a credential a partner system sent through the VC-API (`POST /credentials/issue`):
    /// the issuer must be absent or this portal; the portal adds its status entries and signs.
    pub async fn issue_external(
        &self,
        token: Uuid,
        credential: Value,
        securing: Securing,
    ) -> Result<Value, IssuanceError> {
        let Value::Object(mut document) = credential else {
            return Err(IssuanceError::Invalid(
                "the credential must be a JSON object".into(),
            ));
        };
        if document.contains_key("proof") {
            return Err(IssuanceError::Invalid(
                "the credential already has a proof".into(),
            ));
        }
        let did = self.issuer.did();
        let named = match document.get("issuer") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(o)) => match o.get("id").and_then(Value::as_str) {
                Some(id) => Some(id.to_owned()),
                None => {
                    return Err(IssuanceError::Invalid(
                        "issuer must be a URL or an object with a URL id".into(),
                    ))
                }
            },
            Some(_) => {
                return Err(IssuanceError::Invalid(
                    "issuer must be a URL or an object with a URL id".into(),
                ))
            }
        };
        match named {
            None => {
                document.insert("issuer".into(), Value::String(did.clone()));
            }
            Some(named) if self.issuer.is_own(&named) => {
                if named != did {
                    return Err(IssuanceError::Invalid(format!("issuer must be {did}")));
                }
            }
            Some(_) => return Err(IssuanceError::Invalid(format!("issuer must be {did}"))),
        }
        if !document.contains_key("validFrom") {
            document.insert("validFrom".into(), model::format_date_time(self.now).into());
        }
        let kid = self
            .issuer
            .active_kid()
            .ok_or(IssuerError::NoActiveKey)?
            .to_owned();
        let signer = self.issuer.signer()?;
        let has_status = document.contains_key("credentialStatus");
        // The record id is the credential's own `urn:uuid:` id when it has one (so status
        // changes can name it), else a new one that is written into the credential.
        let given_id = match document.get("id") {
            None => None,
            Some(Value::String(text)) => Some(Self::parse_credential_id(text)),
            Some(_) => return Err(IssuanceError::Invalid("id must be a URL".into())),
        };
        for _ in 0..8 {
            let id = given_id.flatten().unwrap_or_else(Uuid::new_v4);
            let index = self.draw_index().await?;
            let mut unsigned = document.clone();
            if given_id.is_none() {
                unsigned.insert("id".into(), Value::String(credential_urn(id)));
            }
            if !has_status {
                unsigned.insert(
                    "credentialStatus".into(),
                    Value::Array(status_entries(self.issuer, index)?),
                );
            }
            let unsigned = Value::Object(unsigned);
            let summary =
                model::validate_credential(&unsigned, &model::ValidationPolicy::partner())
                    .map_err(|e| IssuanceError::Invalid(e.to_string()))?;
            // The answer, and the one stored form (rdfc, jcs, jwt).
            let (secured, rdfc_doc, jcs_doc, jwt_doc) = match securing {
                Securing::Rdfc => {
                    let v = rdfc::sign(&unsigned, &signer, self.now, &rdfc::Contexts::portal())
                        .map_err(|e| IssuanceError::Invalid(e.to_string()))?;
                    let text = v.to_string();
                    (v, Some(text), None, None)
                }
                Securing::Jcs => {
                    let v = jcs::sign(&unsigned, &signer, self.now)?;
                    let text = v.to_string();
                    (v, None, Some(text), None)
                }
                Securing::Jwt => {
                    let jwt = jose::sign(&unsigned, &signer)?;
                    let enveloped = serde_json::json!({
                        "@context": [model::VC_V2_CONTEXT],
                        "id": format!("data:application/vc+jwt,{jwt}"),
                        "type": "EnvelopedVerifiableCredential",
                    });
                    (enveloped, None, None, Some(jwt))
                }
            };
            let new = NewCredential {
                id,
                kind: CredentialKind::External,
                person: None,
                household: None,
                record_version: None,
                status_index: index,
                issuer: did.clone(),
                kid: kid.clone(),
                issued_at: self.now,
                valid_until: summary.valid_until,
                document_rdfc: rdfc_doc,
                document_jcs: jcs_doc,
                document_jwt: jwt_doc,
            };
            let mut event = AuditEvent::new(
                self.now,
                Actor::ApiClient {
                    id: token.to_string(),
                },
                "credential.issue",
            )
            .with_details(serde_json::json!({
                "credential": id.to_string(),
                "kind": "external",
                "kid": kid,
            }));
            if let Some(r) = self.request_id {
                event = event.in_request(r);
            }
            match self.store.insert_credential(&new, &event).await {
                Ok(()) => return Ok(secured),
                Err(StoreError::Duplicate(_)) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(IssuanceError::Stale("status list"))
    }

    /// The credential a status change through the VC-API names: by our record id, or by the
    /// `id` inside a credential we issued (`urn:uuid:…`).
    pub fn parse_credential_id(text: &str) -> Option<Uuid> {
        let text = text.trim();
        Uuid::parse_str(text.strip_prefix("urn:uuid:").unwrap_or(text)).ok()
    }

    /// The signed form of a credential for download.
    pub fn form(credential: &StoredCredential, form: Form) -> Option<&str> {
        match form {
            Form::Json => credential.document_rdfc.as_deref(),
            Form::Jwt => credential.document_jwt.as_deref(),
            Form::Qr => credential.document_jcs.as_deref(),
        }
    }
}
