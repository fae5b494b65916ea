//! Background work in the database: scheduled runs claimed once across every instance, and
//! the dead-letter list (runs out of attempts, mail and SMS given up on) administrators see.
//!
//! Owns: the `job_runs` table, and the failed states of `notifications`' deliveries as one
//! list. Must never: let two instances hold the same run at once (every claim is a
//! compare-and-set), or keep personal data in a run's error.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{query, Conn, StoreError};

/// Claims the run of `job` for `slot` (a date, say) until `until`, if nobody holds it: a new
/// run, a `failed` one whose time to try again has come, or a `running` one whose holder's
/// claim ran out (it stopped mid-run). Returns the attempt it is (1 for the first); `None`
/// when it is done, dead, held by another instance, or not yet due again.
pub async fn claim_run(
    db: &mut Conn,
    job: &str,
    slot: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    db.scalar_optional(
        query(
            "INSERT INTO job_runs (job, slot, state, attempts, claimed_until) \
             VALUES ($1, $2, 'running', 1, $3) \
             ON CONFLICT (job, slot) DO UPDATE SET state = 'running', \
             attempts = job_runs.attempts + 1, claimed_until = excluded.claimed_until, \
             next_at = NULL \
             WHERE (job_runs.state = 'running' AND job_runs.claimed_until <= $4) \
             OR (job_runs.state = 'failed' AND job_runs.next_at <= $4) \
             RETURNING attempts",
        )
        .bind(job)
        .bind(slot)
        .bind(until)
        .bind(now),
    )
    .await
}

/// The slots of `job` to try again at `now`: failed and due (an admin's send-back makes them
/// due at once), or running past their claim (the instance stopped mid-run).
pub async fn due_runs(
    db: &mut Conn,
    job: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    db.scalars(
        query(
            "SELECT slot FROM job_runs WHERE job = $1 AND ((state = 'failed' AND next_at <= $2) \
             OR (state = 'running' AND claimed_until <= $2)) ORDER BY slot",
        )
        .bind(job)
        .bind(now),
    )
    .await
}

/// Marks the run done.
pub async fn finish_run(
    db: &mut Conn,
    job: &str,
    slot: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.execute(
        query(
            "UPDATE job_runs SET state = 'done', finished_at = $3, last_error = NULL \
             WHERE job = $1 AND slot = $2",
        )
        .bind(job)
        .bind(slot)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// Marks the run failed with `error` (words without personal data): to try again at
/// `retry_at`, or, with `None`, dead (on the dead-letter list).
pub async fn fail_run(
    db: &mut Conn,
    job: &str,
    slot: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let state = if retry_at.is_some() { "failed" } else { "dead" };
    db.execute(
        query(
            "UPDATE job_runs SET state = $3, next_at = $4, last_error = $5 \
             WHERE job = $1 AND slot = $2",
        )
        .bind(job)
        .bind(slot)
        .bind(state)
        .bind(retry_at)
        .bind(error),
    )
    .await?;
    Ok(())
}

/// What kind of work failed for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailedKind {
    /// A scheduled run (its job's name in [`FailedWork::what`]).
    Run,
    /// A notification's mail (its notification kind in `what`).
    Mail,
    /// A notification's SMS (its notification kind in `what`).
    Sms,
}

impl FailedKind {
    /// `run`, `mail` or `sms`.
    pub const fn as_str(self) -> &'static str {
        match self {
            FailedKind::Run => "run",
            FailedKind::Mail => "mail",
            FailedKind::Sms => "sms",
        }
    }

    /// The kind named `text`.
    pub fn parse(text: &str) -> Option<Self> {
        [FailedKind::Run, FailedKind::Mail, FailedKind::Sms]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// One entry of the dead-letter list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedWork {
    /// What it is.
    pub kind: FailedKind,
    /// A run: `job/slot`; a delivery: the notification's id.
    pub id: String,
    /// A run: the job's name; a delivery: the notification's kind.
    pub what: String,
    /// A run: its slot (a date); a delivery: empty.
    pub slot: String,
    /// A delivery: when its notification was made (a run: its slot says when).
    pub since: Option<DateTime<Utc>>,
    /// Attempts made.
    pub attempts: i64,
    /// Why it last failed: a run's error, or a delivery's reason token (`refused 550`,
    /// `timeout`, …); never personal data, never a server's reply text.
    pub error: Option<String>,
}

/// Most entries the dead-letter list shows.
pub const DEAD_LETTERS_SHOWN: i64 = 200;

/// A dead run: job, slot, attempts, its error.
type RunRow = (String, String, i64, Option<String>);

/// A delivery given up on: notification, kind, since, attempts, its reason.
type DeliveryRow = (Uuid, String, DateTime<Utc>, i64, Option<String>);

/// The dead-letter list: dead runs, then mail and SMS given up on, newest first in each.
pub async fn dead_letters(db: &mut Conn) -> Result<Vec<FailedWork>, StoreError> {
    let runs: Vec<RunRow> = db
        .fetch_all(
            query(
                "SELECT job, slot, attempts, last_error FROM job_runs \
                 WHERE state = 'dead' ORDER BY claimed_until DESC LIMIT $1",
            )
            .bind(DEAD_LETTERS_SHOWN),
        )
        .await?;
    let mut list: Vec<FailedWork> = runs
        .into_iter()
        .map(|(job, slot, attempts, error)| FailedWork {
            kind: FailedKind::Run,
            id: format!("{job}/{slot}"),
            what: job,
            slot,
            since: None,
            attempts,
            error,
        })
        .collect();
    for kind in [FailedKind::Mail, FailedKind::Sms] {
        let c = kind.as_str();
        let rows: Vec<DeliveryRow> = db
            .fetch_all(
                query(format!(
                    "SELECT id, kind, created_at, {c}_attempts, {c}_last_error FROM notifications \
                     WHERE {c}_state = 'failed' ORDER BY created_at DESC LIMIT $1"
                ))
                .bind(DEAD_LETTERS_SHOWN),
            )
            .await?;
        list.extend(
            rows.into_iter()
                .map(|(id, what, since, attempts, error)| FailedWork {
                    kind,
                    id: id.to_string(),
                    what,
                    slot: String::new(),
                    since: Some(since),
                    attempts,
                    error,
                }),
        );
    }
    Ok(list)
}

/// Sends a dead entry back to work, due at `now` with its attempts counted afresh; `false`
/// when there is no such dead entry (sent back already, or never dead).
pub async fn send_back(
    db: &mut Conn,
    kind: FailedKind,
    id: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = match kind {
        FailedKind::Run => {
            let Some((job, slot)) = id.split_once('/') else {
                return Ok(false);
            };
            db.execute(
                query(
                    "UPDATE job_runs SET state = 'failed', attempts = 0, next_at = $3 \
                     WHERE job = $1 AND slot = $2 AND state = 'dead'",
                )
                .bind(job)
                .bind(slot)
                .bind(now),
            )
            .await?
        }
        FailedKind::Mail | FailedKind::Sms => {
            let Ok(id) = Uuid::parse_str(id) else {
                return Ok(false);
            };
            let c = kind.as_str();
            db.execute(
                query(format!(
                    "UPDATE notifications SET {c}_state = 'pending', {c}_attempts = 0, \
                     {c}_next_at = NULL WHERE id = $1 AND {c}_state = 'failed'"
                ))
                .bind(id),
            )
            .await?
        }
    };
    Ok(changed == 1)
}
