//! Complaints and feedback sent from `/help`, in the database.
//!
//! Owns: the `feedback` table. Must never: change or drop what was sent (there is no update or
//! delete here: a complaint is evidence).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{query, Conn, StoreError, Tx};
use portal_domain::person::PersonId;

/// Feedback as it is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    /// Id.
    pub id: Uuid,
    /// What the sender keeps to refer to it (`FB-…`).
    pub reference: String,
    /// `complaint` or `feedback`.
    pub kind: String,
    /// The office it is about, if the sender chose one.
    pub office_code: Option<String>,
    /// What they wrote.
    pub body: String,
    /// How to reach them, if they want an answer.
    pub contact: Option<String>,
    /// The signed-in person who sent it (none: anonymous).
    pub person_id: Option<PersonId>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Keeps `feedback` (its reference is unique: a second one with the same reference fails).
pub async fn insert(tx: &mut Tx, feedback: &Feedback) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO feedback (id, reference, kind, office_code, body, contact, person_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(feedback.id)
        .bind(&feedback.reference)
        .bind(&feedback.kind)
        .bind(feedback.office_code.as_deref())
        .bind(&feedback.body)
        .bind(feedback.contact.as_deref())
        .bind(feedback.person_id.map(|p| p.0))
        .bind(feedback.created_at),
    )
    .await?;
    Ok(())
}

/// The newest `limit` items about `office` and those about no office in particular; every
/// office's when `office` is `None` (staff of the whole agency).
pub async fn recent(
    db: &mut Conn,
    office: Option<&str>,
    limit: i64,
) -> Result<Vec<Feedback>, StoreError> {
    type Row = (
        Uuid,
        String,
        String,
        Option<String>,
        String,
        Option<String>,
        Option<Uuid>,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT id, reference, kind, office_code, body, contact, person_id, created_at FROM feedback \
                 WHERE $1 IS NULL OR office_code IS NULL OR office_code = $1 \
                 ORDER BY created_at DESC, id LIMIT $2",
            )
            .bind(office)
            .bind(limit),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, reference, kind, office_code, body, contact, person, created_at)| Feedback {
                id,
                reference,
                kind,
                office_code,
                body,
                contact,
                person_id: person.map(PersonId),
                created_at,
            },
        )
        .collect())
}

/// How many were sent since `since` (all senders): the bound on what anonymous senders may
/// add to the table in a day.
pub async fn count_since(db: &mut Conn, since: DateTime<Utc>) -> Result<i64, StoreError> {
    db.scalar(query("SELECT COUNT(*) FROM feedback WHERE created_at >= $1").bind(since))
        .await
}
