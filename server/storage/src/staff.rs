//! Staff accounts and their roles in the database.
//!
//! Owns: the `staff` and `staff_roles` tables. Must never: grant a role outside the
//! transaction that records who granted it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{query, unique_as, Conn, StoreError, Tx};
use portal_domain::household::HouseholdId;
use portal_domain::office::OfficeCode;
use portal_domain::person::{Email, PersonId};
use portal_domain::staff::{NewStaff, Staff, StaffId, StaffRole};

type StaffRow = (Uuid, String, String, Option<String>, bool);

/// Creates a staff account with its roles. A second account with the same email (ignoring
/// case) is refused with [`StoreError::Duplicate`], an unknown office with `NotFound`.
pub async fn insert(
    tx: &mut Tx,
    id: StaffId,
    staff: &NewStaff,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO staff (id, email, display_name, office_code, active, created_at) \
             VALUES ($1, $2, $3, $4, TRUE, $5)",
        )
        .bind(id.0)
        .bind(staff.email.as_str())
        .bind(&staff.display_name)
        .bind(staff.office_code.as_ref().map(OfficeCode::as_str))
        .bind(now),
    )
    .await
    .map_err(|e| {
        if e.is_foreign_key_violation() {
            StoreError::NotFound("the office")
        } else {
            unique_as("a staff account with this email")(e)
        }
    })?;
    for role in &staff.roles {
        tx.execute(
            query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
                .bind(id.0)
                .bind(role.as_str()),
        )
        .await?;
    }
    Ok(())
}

/// The staff account with this email (case-insensitive), with its roles.
pub async fn by_email(db: &mut Conn, email: &Email) -> Result<Option<Staff>, StoreError> {
    let row: Option<StaffRow> = db
        .fetch_optional(
            query(
                "SELECT id, email, display_name, office_code, active FROM staff \
                 WHERE lower(email) = lower($1)",
            )
            .bind(email.as_str()),
        )
        .await?;
    with_roles(db, row).await
}

/// The staff account with this id, with its roles.
pub async fn by_id(db: &mut Conn, id: StaffId) -> Result<Option<Staff>, StoreError> {
    let row: Option<StaffRow> = db
        .fetch_optional(
            query("SELECT id, email, display_name, office_code, active FROM staff WHERE id = $1")
                .bind(id.0),
        )
        .await?;
    with_roles(db, row).await
}

async fn with_roles(db: &mut Conn, row: Option<StaffRow>) -> Result<Option<Staff>, StoreError> {
    let Some((id, email, display_name, office_code, active)) = row else {
        return Ok(None);
    };
    let roles: Vec<String> = db
        .scalars(query("SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role").bind(id))
        .await?;
    let roles = roles
        .iter()
        .map(|r| StaffRole::parse(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let account = NewStaff::parse(&email, &display_name, &roles, office_code.as_deref())
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(Staff {
        id: StaffId(id),
        account,
        active,
    }))
}

/// Number of staff accounts.
pub async fn count(db: &mut Conn) -> Result<i64, StoreError> {
    db.scalar(query("SELECT COUNT(*) FROM staff")).await
}

/// The household of the person a staff account belongs to, if the staff member is registered.
pub async fn household_of(db: &mut Conn, id: StaffId) -> Result<Option<HouseholdId>, StoreError> {
    let household: Option<Option<Uuid>> = db
        .scalar_optional(
            query(
                "SELECT p.household_id FROM staff s LEFT JOIN people p ON p.id = s.person_id \
                 WHERE s.id = $1",
            )
            .bind(id.0),
        )
        .await?;
    Ok(household.flatten().map(HouseholdId))
}

/// Links a staff account to the person record of the same human.
pub async fn link_person(tx: &mut Tx, staff: StaffId, person: PersonId) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            query("UPDATE staff SET person_id = $1 WHERE id = $2")
                .bind(person.0)
                .bind(staff.0),
        )
        .await?;
    if rows != 1 {
        return Err(StoreError::NotFound("staff"));
    }
    Ok(())
}
