//! Demo data: a small but realistic operation for trying the portal and for end-to-end tests.
//!
//! Three offices (Amman, Kampala, Athens), 22 households with 67 people whose names are written
//! in Latin and in Arabic, Dari, Pashto, Tigrinya and Cyrillic scripts, and three staff members
//! (clerk, approver, admin). Idempotent: running it again adds nothing.
//!
//! Owns: the demo data set (`seed/demo-people.csv`, imported through the normal import path).
//! Must never: run against a production database by accident; it is an explicit command.

use crate::clock::Clock;
use crate::domain::audit::{Actor, AuditEvent, SubjectKind};
use crate::domain::office::Office;
use crate::domain::staff::{NewStaff, StaffId, StaffRole};
use crate::import::{import_people, ImportError, ImportOutcome};
use crate::storage::{Store, StoreError};

/// The demo people, as a CSV export of the kind `portal import` reads.
pub const DEMO_PEOPLE_CSV: &[u8] = include_bytes!("seed/demo-people.csv");

/// The demo offices: code, name, IANA time zone.
pub const DEMO_OFFICES: [(&str, &str, &str); 3] = [
    ("AMM", "Amman registration centre", "Asia/Amman"),
    ("KLA", "Kampala field office", "Africa/Kampala"),
    ("ATH", "Athens registration office", "Europe/Athens"),
];

/// The demo staff: email, display name, roles, office.
pub const DEMO_STAFF: [(&str, &str, &[StaffRole], &str); 3] = [
    (
        "farida@agency.example.org",
        "Farida Nasser",
        &[StaffRole::Clerk],
        "AMM",
    ),
    (
        "jonas@agency.example.org",
        "Jonas Berg",
        &[StaffRole::Approver, StaffRole::Clerk],
        "AMM",
    ),
    (
        "priya@agency.example.org",
        "Priya Raman",
        &[StaffRole::Admin],
        "AMM",
    ),
];

/// What seeding did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Offices created now.
    pub offices_created: usize,
    /// Staff accounts created now.
    pub staff_created: usize,
    /// People created now.
    pub people_created: usize,
    /// Households created now.
    pub households_created: usize,
}

/// Why seeding failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The demo file did not import (e.g. its numbers are taken by other data).
    #[error("the demo people could not be imported: {0}")]
    Import(#[from] ImportError),
    /// Demo data is not valid (a bug in this module).
    #[error("the demo data is not valid: {0}")]
    Invalid(String),
}

/// Creates whatever part of the demo data is missing.
pub async fn seed_demo(store: &Store, clock: &dyn Clock) -> Result<SeedReport, SeedError> {
    let mut report = SeedReport::default();
    for (code, name, zone) in DEMO_OFFICES {
        let office =
            Office::parse(code, name, zone).map_err(|e| SeedError::Invalid(e.to_string()))?;
        let event = AuditEvent::new(clock.now(), Actor::System, "office.create")
            .about(SubjectKind::Office, code)
            .from_source("seed-demo");
        if store.ensure_office(&office, clock.now(), &event).await? {
            report.offices_created += 1;
        }
    }
    for (email, name, roles, office) in DEMO_STAFF {
        let staff = NewStaff::parse(email, name, roles, Some(office))
            .map_err(|e| SeedError::Invalid(e.to_string()))?;
        if store.staff_by_email(&staff.email).await?.is_some() {
            continue;
        }
        let id = StaffId::random();
        let event = AuditEvent::new(clock.now(), Actor::System, "staff.create")
            .about(SubjectKind::Staff, id.0.to_string())
            .from_source("seed-demo")
            .with_details(serde_json::json!({ "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }));
        store.create_staff(id, &staff, clock.now(), &event).await?;
        report.staff_created += 1;
    }
    if let ImportOutcome::Imported {
        households, people, ..
    } = import_people(store, clock, DEMO_PEOPLE_CSV, Actor::System, "seed-demo").await?
    {
        report.people_created = people;
        report.households_created = households;
    }
    Ok(report)
}
