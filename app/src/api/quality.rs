//! Server functions of the data-quality review list (`/staff/quality`).
//!
//! Owns: the lines the page shows. Must never: show a value of a record (a finding names
//! records by registration number only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One finding on the review list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingLine {
    /// Id (for the decision form).
    pub id: String,
    /// Rule code (`likely-duplicate`, …).
    pub rule: String,
    /// Registration numbers concerned.
    pub records: Vec<String>,
    /// Duplicate score, 0–100.
    pub score: Option<i64>,
    /// Found on, `YYYY-MM-DD HH:MM` in the staff member's office time (UTC without one).
    pub found: String,
    /// Whether it can still be decided (open or escalated).
    pub decidable: bool,
}

/// The findings of one status (`open`, `escalated`, `resolved`, `false_positive`; open when
/// unknown) the staff member may see.
#[server(prefix = "/api", endpoint = "staff/quality/list")]
pub async fn quality_findings(status: String) -> Result<Vec<FindingLine>, ServerFnError> {
    use crate::server::request::{desk, fail};
    use portal_storage::quality::FindingStatus;

    let desk = desk().await?;
    let staff = &desk.staff;
    let status = FindingStatus::parse(&status).unwrap_or(FindingStatus::Open);
    let mut db = desk.read().await?;
    let zone = match &staff.account.office_code {
        Some(code) => portal_storage::people::office(&mut db, code.as_str())
            .await
            .map_err(|e| fail(portal_core::CoreError::from(e)))?
            .map_or(chrono_tz::UTC, |o| o.zone()),
        None => chrono_tz::UTC,
    };
    let found = portal_core::quality::findings(&mut db, staff, status)
        .await
        .map_err(fail)?;
    Ok(found
        .into_iter()
        .map(|f| FindingLine {
            id: f.id.to_string(),
            rule: f.rule.as_str().to_owned(),
            records: f.records,
            score: f.score,
            found: crate::server::request::local_time(f.found_at, zone),
            decidable: matches!(f.status, FindingStatus::Open | FindingStatus::Escalated),
        })
        .collect())
}
