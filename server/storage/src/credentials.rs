//! Issued credentials with their status.
//!
//! Every status change is a compare-and-set on the credential's `row_version`.
//!
//! Owns: the `credentials` table. Must never: decide who may change a status (the use cases
//! do), or keep a credential's signed form anywhere else.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{query, unique_as, Conn, StoreError, Tx};
use portal_domain::credential::{CredentialKind, CredentialStatus, StatusReason};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;

/// A credential to record, already signed.
#[derive(Clone, Debug)]
pub struct NewCredential {
    /// Its id (`urn:uuid:{id}` in the credential).
    pub id: Uuid,
    /// What it proves.
    pub kind: CredentialKind,
    /// Whose record, for portal credentials.
    pub person: Option<PersonId>,
    /// The household, for household credentials (and registration ones, for revocation).
    pub household: Option<HouseholdId>,
    /// The record version it was made from.
    pub record_version: Option<i64>,
    /// Position in the status lists.
    pub status_index: i64,
    /// Issuer DID.
    pub issuer: String,
    /// Signing key id.
    pub kid: String,
    /// `validFrom`.
    pub issued_at: DateTime<Utc>,
    /// `validUntil`.
    pub valid_until: Option<DateTime<Utc>>,
    /// Signed with `eddsa-rdfc-2022`.
    pub document_rdfc: Option<String>,
    /// Signed with `eddsa-jcs-2022` (the QR code's form).
    pub document_jcs: Option<String>,
    /// As a VC-JOSE compact JWS.
    pub document_jwt: Option<String>,
    /// The partner's API token it was issued through (`None`: the portal's own flows).
    pub issued_through: Option<Uuid>,
}

/// A recorded credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCredential {
    /// Its id.
    pub id: Uuid,
    /// What it proves.
    pub kind: CredentialKind,
    /// Whose record.
    pub person: Option<PersonId>,
    /// Which household.
    pub household: Option<HouseholdId>,
    /// Position in the status lists.
    pub status_index: i64,
    /// Signing key id.
    pub kid: String,
    /// `validFrom`.
    pub issued_at: DateTime<Utc>,
    /// `validUntil`.
    pub valid_until: Option<DateTime<Utc>>,
    /// Status now.
    pub status: CredentialStatus,
    /// Why, when not active or after a change.
    pub status_reason: Option<StatusReason>,
    /// When the status last changed.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// Signed forms.
    pub document_rdfc: Option<String>,
    /// Signed forms.
    pub document_jcs: Option<String>,
    /// Signed forms.
    pub document_jwt: Option<String>,
    /// Incremented by each status change (compare-and-set).
    pub row_version: i64,
}

type CredentialRow = (
    Uuid,
    String,
    Option<Uuid>,
    Option<Uuid>,
    i64,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

const SELECT_CREDENTIALS: &str = "SELECT id, kind, person_id, household_id, status_index, kid, issued_at, valid_until, \
     status, status_reason, status_changed_at, document_rdfc, document_jcs, document_jwt, row_version FROM credentials";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn credential_from(row: CredentialRow) -> Result<StoredCredential, StoreError> {
    let (
        id,
        kind,
        person,
        household,
        status_index,
        kid,
        issued_at,
        valid_until,
        status,
        reason,
        changed_at,
        rdfc,
        jcs,
        jwt,
        row_version,
    ) = row;
    Ok(StoredCredential {
        id,
        kind: CredentialKind::parse(&kind).map_err(corrupt)?,
        person: person.map(PersonId),
        household: household.map(HouseholdId),
        status_index,
        kid,
        issued_at,
        valid_until,
        status: CredentialStatus::parse(&status).map_err(corrupt)?,
        status_reason: reason
            .as_deref()
            .map(StatusReason::parse)
            .transpose()
            .map_err(corrupt)?,
        status_changed_at: changed_at,
        document_rdfc: rdfc,
        document_jcs: jcs,
        document_jwt: jwt,
        row_version,
    })
}

/// Records an issued credential. A taken `status_index` is [`StoreError::Duplicate`] (the
/// caller draws another).
pub async fn insert(tx: &mut Tx, credential: &NewCredential) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO credentials (id, kind, person_id, household_id, record_version, status_index, issuer, kid, \
             issued_at, valid_until, status, document_rdfc, document_jcs, document_jwt, issued_through) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $13, $14)",
        )
        .bind(credential.id)
        .bind(credential.kind.as_str())
        .bind(credential.person.map(|p| p.0))
        .bind(credential.household.map(|h| h.0))
        .bind(credential.record_version)
        .bind(credential.status_index)
        .bind(&credential.issuer)
        .bind(&credential.kid)
        .bind(credential.issued_at)
        .bind(credential.valid_until)
        .bind(credential.document_rdfc.as_ref())
        .bind(credential.document_jcs.as_ref())
        .bind(credential.document_jwt.as_ref())
        .bind(credential.issued_through),
    )
    .await
    .map_err(unique_as("status index"))?;
    Ok(())
}

/// The label of the partner token credential `id` was issued through, if it was.
pub async fn issued_through(db: &mut Conn, id: Uuid) -> Result<Option<String>, StoreError> {
    db.scalar_optional(
        query(
            "SELECT t.label FROM credentials c JOIN api_tokens t ON t.id = c.issued_through \
             WHERE c.id = $1",
        )
        .bind(id),
    )
    .await
}

/// One credential.
pub async fn by_id(db: &mut Conn, id: Uuid) -> Result<Option<StoredCredential>, StoreError> {
    let row: Option<CredentialRow> = db
        .fetch_optional(query(format!("{SELECT_CREDENTIALS} WHERE id = $1")).bind(id))
        .await?;
    row.map(credential_from).transpose()
}

/// A person's credentials (their registration credentials and their household's household
/// credentials), newest first.
pub async fn of_person(
    db: &mut Conn,
    person: PersonId,
    household: HouseholdId,
) -> Result<Vec<StoredCredential>, StoreError> {
    let rows: Vec<CredentialRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_CREDENTIALS} WHERE (person_id = $1 AND kind = 'registration') \
                 OR (household_id = $2 AND kind = 'household') ORDER BY issued_at DESC, id"
            ))
            .bind(person.0)
            .bind(household.0),
        )
        .await?;
    rows.into_iter().map(credential_from).collect()
}

/// Changes a credential's status if its `row_version` is still `expected`; `Stale` when
/// someone changed it meanwhile.
pub async fn set_status(
    tx: &mut Tx,
    id: Uuid,
    expected: i64,
    status: CredentialStatus,
    reason: StatusReason,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE credentials SET status = $1, status_reason = $2, status_changed_at = $3, \
                 row_version = row_version + 1 WHERE id = $4 AND row_version = $5",
            )
            .bind(status.as_str())
            .bind(reason.as_str())
            .bind(now)
            .bind(id)
            .bind(expected),
        )
        .await?;
    if changed != 1 {
        return Err(StoreError::Stale("credential"));
    }
    Ok(())
}

/// Revokes the active or suspended registration credentials of `person` for `reason`; returns
/// the ids revoked.
pub async fn revoke_registration_of(
    tx: &mut Tx,
    person: PersonId,
    reason: StatusReason,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, StoreError> {
    tx.scalars(
        query(
            "UPDATE credentials SET status = 'revoked', status_reason = $1, status_changed_at = $2, \
             row_version = row_version + 1 \
             WHERE person_id = $3 AND kind = 'registration' AND status <> 'revoked' RETURNING id",
        )
        .bind(reason.as_str())
        .bind(now)
        .bind(person.0),
    )
    .await
}

/// Revokes the active or suspended household credentials of `household` for `reason`; returns
/// the ids revoked with the person each names, if any.
pub async fn revoke_household_of(
    tx: &mut Tx,
    household: HouseholdId,
    reason: StatusReason,
    now: DateTime<Utc>,
) -> Result<Vec<(Uuid, Option<Uuid>)>, StoreError> {
    tx.fetch_all(
        query(
            "UPDATE credentials SET status = 'revoked', status_reason = $1, status_changed_at = $2, \
             row_version = row_version + 1 \
             WHERE household_id = $3 AND kind = 'household' AND status <> 'revoked' RETURNING id, person_id",
        )
        .bind(reason.as_str())
        .bind(now)
        .bind(household.0),
    )
    .await
}

/// Status indexes of every credential that is not active, with their status.
pub async fn status_bits(db: &mut Conn) -> Result<Vec<(i64, CredentialStatus)>, StoreError> {
    let rows: Vec<(i64, String)> = db
        .fetch_all(query(
            "SELECT status_index, status FROM credentials WHERE status <> 'active'",
        ))
        .await?;
    rows.into_iter()
        .map(|(index, status)| Ok((index, CredentialStatus::parse(&status).map_err(corrupt)?)))
        .collect()
}

/// How many credentials exist (sizes the status index space).
pub async fn count(db: &mut Conn) -> Result<i64, StoreError> {
    db.scalar(query("SELECT COUNT(*) FROM credentials")).await
}

/// The highest status index in use, if any (tells how many status lists exist).
pub async fn highest_status_index(db: &mut Conn) -> Result<Option<i64>, StoreError> {
    db.scalar(query("SELECT MAX(status_index) FROM credentials"))
        .await
}
