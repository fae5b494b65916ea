//! Data-quality findings, and the records the checks read.
//!
//! Owns: the `quality_findings` table. Must never: store a value of a record (findings name
//! records by registration number only).

use chrono::{DateTime, NaiveDate, Utc};
use portal_domain::person::Relationship;
use portal_domain::quality::{Finding, Record, Rule};
use portal_domain::staff::StaffId;
use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};

/// What staff decided about a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindingStatus {
    /// Not looked at yet.
    Open,
    /// Corrected (through the usual reviewed change).
    Resolved,
    /// Not a problem (two people who do share a name and a birthday).
    FalsePositive,
    /// Passed on to a supervisor or the protection team.
    Escalated,
}

impl FindingStatus {
    /// The stored code.
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Resolved => "resolved",
            FindingStatus::FalsePositive => "false_positive",
            FindingStatus::Escalated => "escalated",
        }
    }

    /// The status of a stored code.
    pub fn parse(code: &str) -> Option<FindingStatus> {
        [
            FindingStatus::Open,
            FindingStatus::Resolved,
            FindingStatus::FalsePositive,
            FindingStatus::Escalated,
        ]
        .into_iter()
        .find(|s| s.as_str() == code)
    }
}

/// A finding as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFinding {
    /// Id.
    pub id: Uuid,
    /// The rule.
    pub rule: Rule,
    /// The registration numbers concerned.
    pub records: Vec<String>,
    /// The office of the first record's case.
    pub office_code: String,
    /// Fingerprint of the data it was made from.
    pub fingerprint: String,
    /// Duplicate score.
    pub score: Option<i64>,
    /// Status.
    pub status: FindingStatus,
    /// When it was (last) found.
    pub found_at: DateTime<Utc>,
}

type FindingRow = (
    Uuid,
    String,
    String,
    String,
    String,
    Option<i64>,
    String,
    DateTime<Utc>,
);

fn finding(row: FindingRow) -> Result<StoredFinding, StoreError> {
    let (id, rule, subject, office_code, fingerprint, score, status, found_at) = row;
    Ok(StoredFinding {
        id,
        rule: Rule::parse(&rule).ok_or_else(|| StoreError::Corrupt(format!("rule {rule}")))?,
        records: subject.split(' ').map(str::to_owned).collect(),
        office_code,
        fingerprint,
        score,
        status: FindingStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("finding status {status}")))?,
        found_at,
    })
}

const SELECT: &str = "SELECT id, rule, subject, office_code, fingerprint, score, status, found_at FROM quality_findings";

/// What the checks read of `limit` records from position `offset` (registration number
/// order), with the office of each one's case.
pub async fn records(
    db: &mut Conn,
    offset: i64,
    limit: i64,
) -> Result<Vec<(Record, String)>, StoreError> {
    type Row = (
        String,
        Uuid,
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        NaiveDate,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT p.registration_number, p.household_id, p.record_version, p.relationship, \
                 p.given_name, p.family_name, p.given_name_original, p.family_name_original, p.sex, \
                 p.date_of_birth, p.phone, p.email, h.office_code \
                 FROM people p JOIN households h ON h.id = p.household_id \
                 ORDER BY p.registration_number LIMIT $1 OFFSET $2",
            )
            .bind(limit)
            .bind(offset),
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let (
                number,
                household,
                version,
                relationship,
                given,
                family,
                given_o,
                family_o,
                sex,
                born,
                phone,
                email,
                office,
            ) = row;
            Ok((
                Record {
                    registration_number: number,
                    household: household.to_string(),
                    version,
                    relationship: Relationship::parse(&relationship)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    given_name: given,
                    family_name: family,
                    given_name_original: given_o,
                    family_name_original: family_o,
                    sex,
                    born,
                    phone,
                    email,
                },
                office,
            ))
        })
        .collect()
}

/// Every stored finding.
pub async fn all(db: &mut Conn) -> Result<Vec<StoredFinding>, StoreError> {
    let rows: Vec<FindingRow> = db.fetch_all(query(SELECT)).await?;
    rows.into_iter().map(finding).collect()
}

/// Findings of `status`, of one office or all, oldest first, at most `limit`.
pub async fn list(
    db: &mut Conn,
    office: Option<&str>,
    status: FindingStatus,
    limit: i64,
) -> Result<Vec<StoredFinding>, StoreError> {
    let rows: Vec<FindingRow> = db
        .fetch_all(
            query(format!(
                "{SELECT} WHERE status = $1 AND ($2 IS NULL OR office_code = $2) \
                 ORDER BY rule, found_at, subject LIMIT $3"
            ))
            .bind(status.as_str())
            .bind(office)
            .bind(limit),
        )
        .await?;
    rows.into_iter().map(finding).collect()
}

/// One finding.
pub async fn by_id(db: &mut Conn, id: Uuid) -> Result<Option<StoredFinding>, StoreError> {
    let row: Option<FindingRow> = db
        .fetch_optional(query(format!("{SELECT} WHERE id = $1")).bind(id))
        .await?;
    row.map(finding).transpose()
}

/// Records a new finding, open.
pub async fn insert(
    tx: &mut Tx,
    found: &Finding,
    office: &str,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::new_v4();
    tx.execute(
        query(
            "INSERT INTO quality_findings (id, rule, subject, office_code, fingerprint, score, status, found_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)",
        )
        .bind(id)
        .bind(found.rule.as_str())
        .bind(found.subject())
        .bind(office)
        .bind(&found.fingerprint)
        .bind(found.score.map(i64::from))
        .bind(now),
    )
    .await?;
    Ok(id)
}

/// Opens a finding again on new data (the decision about the old data stands in the audit
/// trail).
pub async fn reopen(
    tx: &mut Tx,
    id: Uuid,
    found: &Finding,
    office: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "UPDATE quality_findings SET fingerprint = $1, score = $2, office_code = $3, status = 'open', \
             found_at = $4, decided_at = NULL, decided_by = NULL WHERE id = $5",
        )
        .bind(&found.fingerprint)
        .bind(found.score.map(i64::from))
        .bind(office)
        .bind(now)
        .bind(id),
    )
    .await?;
    Ok(())
}

/// Forgets an open finding the checks no longer make (the data was corrected).
pub async fn delete_open(tx: &mut Tx, id: Uuid) -> Result<(), StoreError> {
    tx.execute(query("DELETE FROM quality_findings WHERE id = $1 AND status = 'open'").bind(id))
        .await?;
    Ok(())
}

/// Records a decision on a finding that is open or escalated; returns whether it was
/// (false: decided meanwhile, or closed).
pub async fn decide(
    tx: &mut Tx,
    id: Uuid,
    status: FindingStatus,
    by: StaffId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE quality_findings SET status = $1, decided_at = $2, decided_by = $3 \
                 WHERE id = $4 AND status IN ('open', 'escalated')",
            )
            .bind(status.as_str())
            .bind(now)
            .bind(by.0)
            .bind(id),
        )
        .await?;
    Ok(changed == 1)
}
