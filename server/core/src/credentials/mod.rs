//! Credentials: issuing them from approved records, showing them to their holder, their status
//! life cycle, partner credentials through the VC-API, and verifying any of them.
//!
//! Credentials are built from the approved record only, signed three ways at issue (Data
//! Integrity `eddsa-rdfc-2022` for the `.json` file, `eddsa-jcs-2022` for the QR code,
//! VC-JOSE for the `.jwt` file) and recorded with a random position in the status lists.
//!
//! | module | owns |
//! |---|---|
//! | this one | a person's credentials: what they may get, issuing, downloads |
//! | [`issuer`] | the issuer's DID, key files, rotation and retirement |
//! | [`status`] | suspensions and revocations, and the status lists they publish |
//! | [`external`] | credentials partner systems issue through the VC-API |
//! | [`verification`] | checking a credential against this issuer's keys and lists |
//! | [`results`], [`photo`] | the verifier page's short-lived results, QR codes in photos |
//! | [`asking`] | a service provider's request to a wallet app (OpenID4VP) and its answer |
//! | [`counters`] | how many checks had each outcome (no personal data) |
//!
//! Must never: put a value into an error or a log, or issue from data that is not approved.

pub mod asking;
pub mod counters;
pub mod external;
pub mod issuer;
pub mod photo;
pub mod results;
pub mod share;
pub mod status;
pub mod verification;
pub mod wallet;

use chrono::Duration;
use portal_credentials::model::{
    self, CredentialEnvelope, HouseholdMember, HouseholdSubject, LanguageString, PhotoReference,
    RegistrationSubject,
};
use portal_credentials::{jcs, jose, rdfc, CredentialError};
use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::credential::{
    self as rules, CredentialKind, CredentialNews, CredentialStatus, IssueRefused, Latest,
    StatusAction, StatusRefused,
};
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::{Person, PersonId, RegistrationStatus, Relationship};
use portal_domain::policy::{desk_role, reviewing_role};
use portal_domain::staff::Staff;
use portal_storage::credentials::{self as store, NewCredential, StoredCredential};
use portal_storage::documents::DocumentStore;
use portal_storage::notifications::About;
use portal_storage::{audit, people, Conn, StoreError, Tx};
use serde_json::Value;
use uuid::Uuid;

use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};
use issuer::Issuer;

/// How many times a taken status position is drawn again before giving up (at half-full
/// lists, a handful of tries is plenty).
const INDEX_DRAWS: usize = 8;

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

/// What issuing needs besides the database: who signs, where photos are, how long a new
/// credential is valid.
#[derive(Clone, Copy, Debug)]
pub struct Issuing<'a> {
    /// The issuer as currently loaded.
    pub issuer: &'a Issuer,
    /// Photos (by content address).
    pub photos: &'a DocumentStore,
    /// Days a new credential stays valid.
    pub valid_days: u32,
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

/// The credential a status change through the VC-API names: by our record id, or by the `id`
/// inside a credential we issued (`urn:uuid:…`).
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

/// The QR code of a credential (its `eddsa-jcs-2022` form in the `RP3:` payload), as SVG.
pub fn qr_svg(credential: &StoredCredential) -> CoreResult<String> {
    Ok(shown(credential)?.qr_svg)
}

/// What a credential shows on the holder's phone: the name and number as signed, and its QR
/// code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The holder's name (the principal applicant's for a household credential).
    pub name: String,
    /// Registration number, or the household's case number.
    pub number: String,
    /// The QR code, SVG.
    pub qr_svg: String,
    /// The QR version reached (1 to 40).
    pub qr_version: i16,
    /// Characters of the QR payload.
    pub qr_chars: usize,
}

/// The name and number a credential carries, and its QR code.
pub fn shown(credential: &StoredCredential) -> CoreResult<Shown> {
    use portal_credentials::qr;
    let text = form(credential, Form::Qr).ok_or(CoreError::NotFound)?;
    let value: Value = serde_json::from_str(text).map_err(|e| CoreError::Setup(e.to_string()))?;
    let payload = qr::encode_credential_json(&value)?;
    let subject = value.get("credentialSubject");
    let text_of = |v: Option<&Value>, key: &str| {
        v.and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let principal = subject
        .and_then(|s| s.get("member"))
        .and_then(Value::as_array)
        .and_then(|members| {
            members.iter().find(|m| {
                m.get("relationship").and_then(Value::as_str) == Some("principal-applicant")
            })
        });
    Ok(Shown {
        name: text_of(subject, "name")
            .or_else(|| text_of(principal, "name"))
            .unwrap_or_default(),
        number: text_of(subject, "registrationNumber")
            .or_else(|| text_of(subject, "householdId"))
            .unwrap_or_default(),
        qr_svg: qr::render_svg(&payload)?,
        qr_version: qr::qr_version(&payload)?,
        qr_chars: payload.len(),
    })
}

/// The status a credential has at `now`: its recorded status, or expired once an active one
/// is past its end of validity.
pub fn status_at(
    credential: &StoredCredential,
    now: chrono::DateTime<chrono::Utc>,
) -> &'static str {
    match credential.status {
        CredentialStatus::Active if credential.valid_until.is_some_and(|u| u <= now) => "expired",
        status => status.as_str(),
    }
}

/// The credential of `kind` that matters now: the current one (active or suspended; there is
/// at most one), else the newest.
fn latest_of(credentials: &[StoredCredential], kind: CredentialKind) -> Option<StoredCredential> {
    let of_kind = || credentials.iter().filter(|c| c.kind == kind);
    of_kind()
        .find(|c| c.status != CredentialStatus::Revoked)
        .or_else(|| of_kind().max_by_key(|c| (c.issued_at, c.status_changed_at)))
        .cloned()
}

fn summary(ctx: &Ctx<'_>, credential: &StoredCredential) -> Latest {
    Latest {
        status: credential.status,
        reason: credential.status_reason,
        expired: credential.valid_until.is_some_and(|until| until <= ctx.now),
    }
}

async fn person(db: &mut Conn, id: PersonId) -> CoreResult<Person> {
    people::by_id(db, id).await?.ok_or(CoreError::NotFound)
}

/// A person's two kinds of credential with what asking for each would do.
pub async fn cards(db: &mut Conn, ctx: &Ctx<'_>, person_id: PersonId) -> CoreResult<Vec<Card>> {
    let person = person(db, person_id).await?;
    let credentials = store::of_person(db, person.id, person.household_id).await?;
    Ok([CredentialKind::Registration, CredentialKind::Household]
        .into_iter()
        .map(|kind| {
            let latest = latest_of(&credentials, kind);
            let next = rules::self_service(
                person.record.registration_status,
                latest.as_ref().map(|c| summary(ctx, c)),
            );
            Card { kind, latest, next }
        })
        .collect())
}

/// Every credential of a person (theirs and their household's), newest first.
pub async fn history(db: &mut Conn, person_id: PersonId) -> CoreResult<Vec<StoredCredential>> {
    let person = person(db, person_id).await?;
    Ok(store::of_person(db, person.id, person.household_id).await?)
}

/// A person's credentials for the staff case view, audited as a read of personal data (with
/// the office it was done from).
pub async fn for_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    person_id: PersonId,
) -> CoreResult<Vec<StoredCredential>> {
    let (person, office) = crate::access::viewable(tx, staff, person_id).await?;
    let credentials = store::of_person(tx, person.id, person.household_id).await?;
    let details = serde_json::json!({ "count": credentials.len(), "person_office": office });
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::CredentialList,
        person.id,
        details,
    );
    audit::append(tx, &event).await?;
    Ok(credentials)
}

/// A credential of `person` (theirs or their household's), for showing or download.
pub async fn of_person(db: &mut Conn, person: PersonId, id: Uuid) -> CoreResult<StoredCredential> {
    history(db, person)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(CoreError::NotFound)
}

/// The photo a credential references, while it is not revoked (anyone holding the credential
/// may fetch it: the verifier page and partner verifiers do).
pub async fn photo_of(
    db: &mut Conn,
    photos: &DocumentStore,
    id: Uuid,
) -> CoreResult<(MediaType, Vec<u8>)> {
    let credential = store::by_id(db, id)
        .await?
        .filter(|c| c.status != CredentialStatus::Revoked)
        .ok_or(CoreError::NotFound)?;
    let person = person(db, credential.person.ok_or(CoreError::NotFound)?).await?;
    let address = person
        .photo_sha256
        .as_deref()
        .and_then(ContentAddress::parse)
        .ok_or(CoreError::NotFound)?;
    let bytes = photos.get(&address)?;
    let media = MediaType::sniff(&bytes).ok_or(CoreError::NotFound)?;
    Ok((media, bytes))
}

/// The person's current credential of `kind`, issuing a new one when the rules say so.
pub async fn obtain(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuing: &Issuing<'_>,
    person: PersonId,
    kind: CredentialKind,
) -> CoreResult<StoredCredential> {
    let card = cards(tx, ctx, person)
        .await?
        .into_iter()
        .find(|c| c.kind == kind)
        .ok_or(CoreError::NotFound)?;
    match (card.next?, card.latest) {
        (false, Some(current)) => Ok(current),
        _ => issue_for(tx, ctx, issuing, person, kind, ctx.person_actor(person)).await,
    }
}

/// A staff member issues a new credential of `kind` for `person`, e.g. after a revocation that
/// needed the office. Refused while one is active or suspended, so a person never has two
/// current credentials of a kind. Approvers only (the same as revoking).
pub async fn staff_issue(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuing: &Issuing<'_>,
    staff: &Staff,
    person_id: PersonId,
    kind: CredentialKind,
) -> CoreResult<StoredCredential> {
    crate::access::viewable(tx, staff, person_id).await?;
    rules::may_change_status(staff, StatusAction::Revoke)?;
    let target = person(tx, person_id).await?;
    if target.record.registration_status != RegistrationStatus::Active {
        return Err(IssueRefused::RegistrationNotActive.into());
    }
    let credentials = store::of_person(tx, target.id, target.household_id).await?;
    if let Some(current) = latest_of(&credentials, kind) {
        let latest = summary(ctx, &current);
        if !latest.expired && latest.status != CredentialStatus::Revoked {
            return Err(StatusRefused::Transition(latest.status).into());
        }
    }
    let actor = staff_actor(staff, reviewing_role(staff));
    let issued = issue_for(tx, ctx, issuing, person_id, kind, actor).await?;
    let about = About::Credential(issued.id);
    let news = CredentialNews::Issued.as_str();
    crate::news::leave(tx, ctx, person_id, about, news, None).await?;
    Ok(issued)
}

/// Signs and records a credential of `kind` for `person`, at a free random status position.
async fn issue_for(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuing: &Issuing<'_>,
    person_id: PersonId,
    kind: CredentialKind,
    actor: Actor,
) -> CoreResult<StoredCredential> {
    let person = person(tx, person_id).await?;
    let issuer = issuing.issuer;
    let kid = issuer
        .active_kid()
        .ok_or_else(issuer::no_active_key)?
        .to_owned();
    let valid_until = ctx.now + Duration::days(i64::from(issuing.valid_days));
    for _ in 0..INDEX_DRAWS {
        let id = Uuid::new_v4();
        let index = status::draw_index(tx).await?;
        let envelope = CredentialEnvelope {
            context: issuer.context_url(),
            id: credential_urn(id),
            issuer: issuer.did(),
            valid_from: ctx.now,
            valid_until: Some(valid_until),
            status: status::entries(issuer, index)?,
        };
        let unsigned = unsigned_for(tx, issuing, &person, kind, id, envelope).await?;
        let signer = issuer.signer()?;
        let new = NewCredential {
            id,
            kind,
            person: Some(person.id),
            household: Some(person.household_id),
            record_version: Some(person.record_version),
            status_index: index,
            issuer: issuer.did(),
            kid: kid.clone(),
            issued_at: ctx.now,
            valid_until: Some(valid_until),
            document_rdfc: Some(
                rdfc::sign(&unsigned, &signer, ctx.now, &issuer.contexts())?.to_string(),
            ),
            document_jcs: Some(jcs::sign(&unsigned, &signer, ctx.now)?.to_string()),
            document_jwt: Some(jose::sign(&unsigned, &signer)?),
            issued_through: None,
        };
        match store::insert(tx, &new).await {
            Ok(()) => {}
            Err(StoreError::Duplicate(_)) => continue,
            Err(e) => return Err(e.into()),
        }
        let event = ctx
            .event(actor.clone(), AuditAction::CredentialIssue)
            .about(SubjectKind::Person, person.id.0.to_string())
            .with_details(serde_json::json!({
                "credential": id.to_string(),
                "kind": kind.as_str(),
                "kid": kid,
                "record_version": person.record_version,
            }));
        audit::append(tx, &event).await?;
        return store::by_id(tx, id).await?.ok_or(CoreError::NotFound);
    }
    Err(CoreError::Stale("status list"))
}

/// The photo reference of a credential: the person's photo, served at the credential's photo
/// URL, with its digest. A photo that cannot be read is left out rather than blocking the
/// credential.
fn photo(issuing: &Issuing<'_>, person: &Person, id: Uuid) -> Option<PhotoReference> {
    let address = ContentAddress::parse(person.photo_sha256.as_deref()?)?;
    let bytes = issuing.photos.get(&address).ok()?;
    let media = MediaType::sniff(&bytes)?;
    Some(PhotoReference::from_bytes(
        format!("{}/credentials/{id}/photo", issuing.issuer.origin()),
        media.mime(),
        &bytes,
    ))
}

/// The unsigned credential of `kind` about `person`, from their approved record.
async fn unsigned_for(
    db: &mut Conn,
    issuing: &Issuing<'_>,
    person: &Person,
    kind: CredentialKind,
    id: Uuid,
    envelope: CredentialEnvelope,
) -> CoreResult<Value> {
    match kind {
        CredentialKind::Registration => {
            let office_code = person.record.registration_number.office_code().to_owned();
            let office = people::office(db, &office_code)
                .await?
                .map_or(office_code, |o| o.name);
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
            let photo = photo(issuing, person, id);
            Ok(model::registration_credential(
                envelope,
                &subject,
                photo.as_ref(),
            )?)
        }
        CredentialKind::Household => {
            let case = people::case_number_of(db, person.household_id)
                .await?
                .ok_or(CoreError::NotFound)?;
            let member = people::household_members(db, person.household_id)
                .await?
                .iter()
                .filter(|m| m.record.registration_status == RegistrationStatus::Active)
                .map(household_member)
                .collect::<Result<Vec<_>, CredentialError>>()?;
            let subject = HouseholdSubject {
                id: None,
                household_id: model::RegistrationNumber::parse(&case)?,
                member,
            };
            Ok(model::household_credential(envelope, &subject)?)
        }
        CredentialKind::External => Err(CoreError::NotFound),
    }
}

fn household_member(m: &Person) -> Result<HouseholdMember, CredentialError> {
    Ok(HouseholdMember {
        name: latin_name(m),
        name_original_script: original_name(m),
        relationship: relationship(m.record.relationship),
        birth_date: Some(m.record.date_of_birth.date),
        registration_number: Some(model::RegistrationNumber::parse(
            m.record.registration_number.as_str(),
        )?),
    })
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

fn registration_status(status: RegistrationStatus) -> model::RegistrationStatus {
    match status {
        RegistrationStatus::Active => model::RegistrationStatus::Active,
        RegistrationStatus::Inactive => model::RegistrationStatus::Inactive,
        RegistrationStatus::Closed => model::RegistrationStatus::Closed,
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
