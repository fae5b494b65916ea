//! Issuer keys (public halves), issued credentials with their status, and API tokens.
//!
//! Owns: the `issuer_keys`, `credentials` and `api_tokens` tables. Must never: store a private
//! key or a clear API token, or change a status without its audit row.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, unique_as, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::credential::{CredentialKind, CredentialStatus, StatusReason};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;

/// The public half of an issuer key and its life cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredKey {
    /// Key id: the fragment of its verification method.
    pub kid: String,
    /// Multibase (`z6Mk…`) Ed25519 public key.
    pub public_key: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stopped signing, if it did.
    pub retired_at: Option<DateTime<Utc>>,
}

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

/// An API token's record (never the token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredToken {
    /// Id, shown to admins and in the audit trail.
    pub id: Uuid,
    /// Scopes, e.g. `["issue"]`.
    pub scopes: Vec<String>,
    /// What it is for.
    pub label: String,
    /// When made.
    pub created_at: DateTime<Utc>,
    /// When last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
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

type TokenRow = (
    Uuid,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

fn token_from(row: TokenRow) -> StoredToken {
    let (id, scopes, label, created_at, last_used_at, revoked_at) = row;
    StoredToken {
        id,
        scopes: scopes.split_whitespace().map(str::to_owned).collect(),
        label,
        created_at,
        last_used_at,
        revoked_at,
    }
}

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

/// Revokes, inside a decision's transaction, the credentials whose content the decision made
/// untrue: the registration credentials of `$people` (a `&[PersonId]`) and, when `$household`
/// is `Some`, the household's household credentials. Adds one audit row per revoked
/// credential.
macro_rules! revoke_for_record_change {
    ($tx:expr, $people:expr, $household:expr, $now:expr, $actor:expr, $request_id:expr) => {{
        let people: &[portal_domain::person::PersonId] = $people;
        let household: Option<portal_domain::household::HouseholdId> = $household;
        let mut revoked: Vec<(uuid::Uuid, Option<uuid::Uuid>)> = Vec::new();
        for person in people {
            let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
                "UPDATE credentials SET status = 'revoked', status_reason = 'record_changed', \
                 status_changed_at = $1, row_version = row_version + 1 \
                 WHERE person_id = $2 AND kind = 'registration' AND status <> 'revoked' RETURNING id",
            )
            .bind($now)
            .bind(person.0)
            .fetch_all(&mut *$tx)
            .await?;
            revoked.extend(ids.into_iter().map(|id| (id, Some(person.0))));
        }
        if let Some(household) = household {
            let rows: Vec<(uuid::Uuid, Option<uuid::Uuid>)> = sqlx::query_as(
                "UPDATE credentials SET status = 'revoked', status_reason = 'record_changed', \
                 status_changed_at = $1, row_version = row_version + 1 \
                 WHERE household_id = $2 AND kind = 'household' AND status <> 'revoked' RETURNING id, person_id",
            )
            .bind($now)
            .bind(household.0)
            .fetch_all(&mut *$tx)
            .await?;
            revoked.extend(rows);
        }
        for (id, person) in &revoked {
            let event = portal_domain::audit::AuditEvent::new($now, $actor.clone(), "credential.revoke")
                .with_details(serde_json::json!({ "credential": id.to_string(), "reason": "record_changed" }));
            let event = match person {
                Some(p) => event.about(portal_domain::audit::SubjectKind::Person, p.to_string()),
                None => event,
            };
            let event = match $request_id { Some(r) => event.in_request(r), None => event };
            append_audit!($tx, &event);
        }
        revoked.len()
    }};
}
pub(crate) use revoke_for_record_change;

impl Store {
    /// Every issuer key, oldest first.
    pub async fn issuer_keys(&self) -> Result<Vec<StoredKey>, StoreError> {
        type Row = (String, String, DateTime<Utc>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as("SELECT kid, public_key, created_at, retired_at FROM issuer_keys ORDER BY created_at, kid")
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|(kid, public_key, created_at, retired_at)| StoredKey {
                kid,
                public_key,
                created_at,
                retired_at,
            })
            .collect())
    }

    /// Records a new issuer key with its audit row.
    pub async fn insert_issuer_key(
        &self,
        key: &StoredKey,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("INSERT INTO issuer_keys (kid, public_key, created_at, retired_at) VALUES ($1, $2, $3, $4)")
                .bind(&key.kid)
                .bind(&key.public_key)
                .bind(key.created_at)
                .bind(key.retired_at)
                .execute(&mut *tx)
                .await
                .map_err(unique_as("an issuer key with this id"))?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Retires key `kid` at `now`, unless it is the last active key (new credentials need
    /// one: rotate first) or already retired.
    pub async fn retire_issuer_key(
        &self,
        kid: &str,
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let active: Vec<String> = sqlx::query_scalar("SELECT kid FROM issuer_keys WHERE retired_at IS NULL")
                .fetch_all(&mut *tx)
                .await?;
            if !active.iter().any(|k| k == kid) {
                let exists: Option<String> = sqlx::query_scalar("SELECT kid FROM issuer_keys WHERE kid = $1")
                    .bind(kid)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Err(match exists {
                    Some(_) => StoreError::Stale("the key (already retired)"),
                    None => StoreError::NotFound("the key"),
                });
            }
            if active.len() < 2 {
                return Err(StoreError::Stale("the key (it is the only active key: rotate first)"));
            }
            sqlx::query("UPDATE issuer_keys SET retired_at = $1 WHERE kid = $2")
                .bind(now)
                .bind(kid)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Records an issued credential with its audit row. A taken `status_index` is
    /// [`StoreError::Duplicate`] (the caller draws another).
    pub async fn insert_credential(
        &self,
        credential: &NewCredential,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO credentials (id, kind, person_id, household_id, record_version, status_index, issuer, kid, \
                 issued_at, valid_until, status, document_rdfc, document_jcs, document_jwt) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $13)",
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
            .bind(&credential.document_rdfc)
            .bind(&credential.document_jcs)
            .bind(&credential.document_jwt)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("status index"))?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// One credential.
    pub async fn credential_by_id(&self, id: Uuid) -> Result<Option<StoredCredential>, StoreError> {
        let row: Option<CredentialRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT_CREDENTIALS} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(credential_from).transpose()
    }

    /// A person's credentials (their registration credentials and their household's household
    /// credentials), newest first.
    pub async fn credentials_of_person(
        &self,
        person: PersonId,
        household: HouseholdId,
    ) -> Result<Vec<StoredCredential>, StoreError> {
        let rows: Vec<CredentialRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!(
                "{SELECT_CREDENTIALS} WHERE (person_id = $1 AND kind = 'registration') \
                 OR (household_id = $2 AND kind = 'household') ORDER BY issued_at DESC, id"
            ))
            .bind(person.0)
            .bind(household.0)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(credential_from).collect()
    }

    /// Changes a credential's status if its `row_version` is still `expected`, with the audit
    /// row. [`StoreError::Stale`] when someone changed it meanwhile.
    pub async fn set_credential_status(
        &self,
        id: Uuid,
        expected: i64,
        status: CredentialStatus,
        reason: StatusReason,
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(
                "UPDATE credentials SET status = $1, status_reason = $2, status_changed_at = $3, \
                 row_version = row_version + 1 WHERE id = $4 AND row_version = $5",
            )
            .bind(status.as_str())
            .bind(reason.as_str())
            .bind(now)
            .bind(id)
            .bind(expected)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(StoreError::Stale("credential"));
            }
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Status indexes of every credential that is not active, with their status.
    pub async fn credential_status_bits(&self) -> Result<Vec<(i64, CredentialStatus)>, StoreError> {
        let rows: Vec<(i64, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT status_index, status FROM credentials WHERE status <> 'active'")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(index, status)| Ok((index, CredentialStatus::parse(&status).map_err(corrupt)?)))
            .collect()
    }

    /// How many credentials exist (sizes the status index space).
    pub async fn credential_count(&self) -> Result<i64, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM credentials").fetch_one(pool).await?
        }))
    }

    /// The highest status index in use, if any (tells how many status lists exist).
    pub async fn highest_status_index(&self) -> Result<Option<i64>, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT MAX(status_index) FROM credentials").fetch_one(pool).await?
        }))
    }

    /// Records an API token's hash with its audit row.
    pub async fn insert_api_token(
        &self,
        token: &StoredToken,
        hash: &str,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        let scopes = token.scopes.join(" ");
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("INSERT INTO api_tokens (id, token_hash, scopes, label, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(token.id)
                .bind(hash)
                .bind(&scopes)
                .bind(&token.label)
                .bind(token.created_at)
                .execute(&mut *tx)
                .await
                .map_err(unique_as("api token"))?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The unrevoked token with this hash, marking it used at `now`.
    pub async fn use_api_token(
        &self,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StoredToken>, StoreError> {
        let row: Option<TokenRow> = dispatch!(self, pool => {
            sqlx::query_as(
                "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL \
                 RETURNING id, scopes, label, created_at, last_used_at, revoked_at",
            )
            .bind(now)
            .bind(hash)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(token_from))
    }

    /// Every API token, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<StoredToken>, StoreError> {
        let rows: Vec<TokenRow> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, scopes, label, created_at, last_used_at, revoked_at FROM api_tokens ORDER BY created_at DESC")
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(token_from).collect())
    }

    /// Revokes token `id` with its audit row; [`StoreError::NotFound`] if there is no such
    /// unrevoked token.
    pub async fn revoke_api_token(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Err(StoreError::NotFound("api token"));
            }
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }
}
