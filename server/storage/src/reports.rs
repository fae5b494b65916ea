//! What reports count, read as bare dates and statuses, of one office or all: people and
//! their passkeys, update requests, appointments, credentials, and the verifier's counters.
//!
//! A period is the half-open range of instants `[from, until)`; the caller turns its days into
//! instants in the right time zone and buckets the dates it gets back.
//!
//! Owns: the `verification_counts` table and the report queries. Must never: return a name, a
//! number or an id of a person (only counts, instants and statuses).

use chrono::{DateTime, NaiveDate, Utc};

use crate::{query, Conn, StoreError, Tx};

/// The whole operation's counts an operator's monitoring reads (`GET /metrics`): mail by
/// delivery state (pending is the mail job's queue), credentials by status, verifications by
/// outcome since the start (as counted up to the verifier's last flush).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Operational {
    /// Mail by `mail_state` (`pending`, `sent`, `failed`, `no_address`).
    pub mail: Vec<(String, i64)>,
    /// SMS by `sms_state` (`none`, `pending`, `sent`, `failed`, `no_address`).
    pub sms: Vec<(String, i64)>,
    /// Scheduled runs by state (`running`, `done`, `failed`, `dead`).
    pub runs: Vec<(String, i64)>,
    /// Credentials by status (`active`, `suspended`, `revoked`).
    pub credentials: Vec<(String, i64)>,
    /// Verifications by outcome.
    pub verifications: Vec<(String, i64)>,
}

/// Reads [`Operational`].
pub async fn operational(db: &mut Conn) -> Result<Operational, StoreError> {
    Ok(Operational {
        mail: db
            .fetch_all(query(
                "SELECT mail_state, COUNT(*) FROM notifications GROUP BY mail_state ORDER BY mail_state",
            ))
            .await?,
        sms: db
            .fetch_all(query(
                "SELECT sms_state, COUNT(*) FROM notifications GROUP BY sms_state ORDER BY sms_state",
            ))
            .await?,
        runs: db
            .fetch_all(query(
                "SELECT state, COUNT(*) FROM job_runs GROUP BY state ORDER BY state",
            ))
            .await?,
        credentials: db
            .fetch_all(query(
                "SELECT status, COUNT(*) FROM credentials GROUP BY status ORDER BY status",
            ))
            .await?,
        verifications: db
            .fetch_all(query(
                "SELECT outcome, CAST(SUM(checks) AS BIGINT) FROM verification_counts GROUP BY outcome ORDER BY outcome",
            ))
            .await?,
    })
}

/// People of the office (or all): registered (every status) and active.
pub async fn people(db: &mut Conn, office: Option<&str>) -> Result<(i64, i64), StoreError> {
    db.fetch_one(
        query(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.registration_status = 'active' THEN 1 ELSE 0 END), 0) \
             FROM people p JOIN households h ON h.id = p.household_id \
             WHERE ($1 IS NULL OR h.office_code = $1)",
        )
        .bind(office),
    )
    .await
}

/// People of the office (or all) holding at least one passkey.
pub async fn enrolled(db: &mut Conn, office: Option<&str>) -> Result<i64, StoreError> {
    db.scalar(
        query(
            "SELECT COUNT(DISTINCT k.person_id) FROM passkeys k \
             JOIN people p ON p.id = k.person_id JOIN households h ON h.id = p.household_id \
             WHERE ($1 IS NULL OR h.office_code = $1)",
        )
        .bind(office),
    )
    .await
}

/// When each person of the office (or all) registered within the period was registered.
pub async fn registered_at(
    db: &mut Conn,
    office: Option<&str>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    db.scalars(
        query(
            "SELECT p.created_at FROM people p JOIN households h ON h.id = p.household_id \
             WHERE ($1 IS NULL OR h.office_code = $1) AND p.created_at >= $2 AND p.created_at < $3",
        )
        .bind(office)
        .bind(from)
        .bind(until),
    )
    .await
}

/// When each update request of the office (or all) that waits for staff or for the person
/// (submitted, under review, needs information) was made.
pub async fn pending_since(
    db: &mut Conn,
    office: Option<&str>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    db.scalars(
        query(
            "SELECT created_at FROM update_requests \
             WHERE status IN ('submitted', 'under_review', 'needs_info') \
             AND ($1 IS NULL OR office_code = $1)",
        )
        .bind(office),
    )
    .await
}

/// Each decision on an update request of the office (or all) within the period: when, and
/// its status (`approved`, `partly_approved`, `rejected`).
pub async fn decisions(
    db: &mut Conn,
    office: Option<&str>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
    db.fetch_all(
        query(
            "SELECT decided_at, status FROM update_requests \
             WHERE decided_at IS NOT NULL AND decided_at >= $2 AND decided_at < $3 \
             AND status IN ('approved', 'partly_approved', 'rejected') \
             AND ($1 IS NULL OR office_code = $1)",
        )
        .bind(office)
        .bind(from)
        .bind(until),
    )
    .await
}

/// Each appointment at the office's locations (or all) starting within the period: its start
/// and status (`booked`, `attended`, `no_show`, `cancelled`).
pub async fn appointments(
    db: &mut Conn,
    office: Option<&str>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(DateTime<Utc>, String)>, StoreError> {
    db.fetch_all(
        query(
            "SELECT s.starts_at, a.status FROM appointments a \
             JOIN slots s ON s.id = a.slot_id JOIN locations l ON l.id = s.location_id \
             WHERE s.starts_at >= $2 AND s.starts_at < $3 AND ($1 IS NULL OR l.office_code = $1)",
        )
        .bind(office)
        .bind(from)
        .bind(until),
    )
    .await
}

/// The household a credential is about (its own, or its person's): partners' credentials
/// have none and count for the whole operation only.
const CREDENTIAL_OFFICE: &str = "FROM credentials c \
     LEFT JOIN people p ON p.id = c.person_id \
     LEFT JOIN households h ON h.id = COALESCE(c.household_id, p.household_id) \
     WHERE ($1 IS NULL OR h.office_code = $1)";

/// When each credential about people of the office (or any) issued within the period was
/// issued.
pub async fn issued_at(
    db: &mut Conn,
    office: Option<&str>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    db.scalars(
        query(format!(
            "SELECT c.issued_at {CREDENTIAL_OFFICE} AND c.issued_at >= $2 AND c.issued_at < $3"
        ))
        .bind(office)
        .bind(from)
        .bind(until),
    )
    .await
}

/// When each credential about people of the office (or any) revoked within the period was
/// revoked.
pub async fn revoked_at(
    db: &mut Conn,
    office: Option<&str>,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    db.scalars(
        query(format!(
            "SELECT c.status_changed_at {CREDENTIAL_OFFICE} AND c.status = 'revoked' \
             AND c.status_changed_at >= $2 AND c.status_changed_at < $3"
        ))
        .bind(office)
        .bind(from)
        .bind(until),
    )
    .await
}

/// Adds `checks` checks with `outcome` on `day` (UTC) to the verifier's counters.
pub async fn add_verifications(
    tx: &mut Tx,
    day: NaiveDate,
    outcome: &str,
    checks: i64,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO verification_counts (day, outcome, checks) VALUES ($1, $2, $3) \
             ON CONFLICT (day, outcome) DO UPDATE SET checks = verification_counts.checks + excluded.checks",
        )
        .bind(day)
        .bind(outcome)
        .bind(checks),
    )
    .await?;
    Ok(())
}

/// The verifier's counters from `from` to `to` (UTC days, both included): day, outcome, checks.
pub async fn verifications(
    db: &mut Conn,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, String, i64)>, StoreError> {
    db.fetch_all(
        query(
            "SELECT day, outcome, checks FROM verification_counts \
             WHERE day >= $1 AND day <= $2 ORDER BY day, outcome",
        )
        .bind(from)
        .bind(to),
    )
    .await
}
