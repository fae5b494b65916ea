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
use portal_domain::staff::{NewStaff, Staff, StaffId, StaffRole, StaffState};

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

/// A passkey of a staff account, as its admin sees it (never the key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeySeen {
    /// The name its owner gave it.
    pub name: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last signed in.
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A staff account as the admin console lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    /// The account.
    pub staff: Staff,
    /// Active, suspended or ended.
    pub state: StaffState,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Its passkeys, oldest first.
    pub passkeys: Vec<PasskeySeen>,
}

impl StaffAccount {
    /// The last time it signed in: a passkey's last use, or its creation (enrolling a passkey
    /// signs the account in).
    pub fn last_sign_in(&self) -> Option<DateTime<Utc>> {
        self.passkeys
            .iter()
            .map(|p| p.last_used_at.unwrap_or(p.created_at))
            .max()
    }
}

/// Owner, name, added, last used.
type PasskeyRow = (Uuid, String, DateTime<Utc>, Option<DateTime<Utc>>);

type AccountRow = (
    Uuid,
    String,
    String,
    Option<String>,
    bool,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
);

/// Every staff account working at `office` (every account when `None`), active ones first,
/// then by name, with their passkeys. Three queries whatever the number of accounts.
pub async fn accounts(
    db: &mut Conn,
    office: Option<&OfficeCode>,
) -> Result<Vec<StaffAccount>, StoreError> {
    const SELECT: &str =
        "SELECT id, email, display_name, office_code, active, ended_at, created_at \
                          FROM staff";
    const ORDER: &str = " ORDER BY ended_at IS NOT NULL, active DESC, lower(display_name), id";
    let rows: Vec<AccountRow> = match office {
        Some(code) => {
            db.fetch_all(
                query(format!("{SELECT} WHERE office_code = $1{ORDER}")).bind(code.as_str()),
            )
            .await?
        }
        None => db.fetch_all(query(format!("{SELECT}{ORDER}"))).await?,
    };
    let roles: Vec<(Uuid, String)> = db
        .fetch_all(query(
            "SELECT staff_id, role FROM staff_roles ORDER BY role",
        ))
        .await?;
    let keys: Vec<PasskeyRow> = db
        .fetch_all(query(
            "SELECT staff_id, name, created_at, last_used_at FROM passkeys \
             WHERE staff_id IS NOT NULL ORDER BY created_at, id",
        ))
        .await?;
    let mut roles_of: std::collections::HashMap<Uuid, Vec<StaffRole>> = Default::default();
    for (id, role) in roles {
        let role = StaffRole::parse(&role).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        roles_of.entry(id).or_default().push(role);
    }
    let mut keys_of: std::collections::HashMap<Uuid, Vec<PasskeySeen>> = Default::default();
    for (id, name, created_at, last_used_at) in keys {
        keys_of.entry(id).or_default().push(PasskeySeen {
            name,
            created_at,
            last_used_at,
        });
    }
    rows.into_iter()
        .map(
            |(id, email, name, office_code, active, ended_at, created_at)| {
                let roles = roles_of.remove(&id).unwrap_or_default();
                let account = NewStaff::parse(&email, &name, &roles, office_code.as_deref())
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(StaffAccount {
                    staff: Staff {
                        id: StaffId(id),
                        account,
                        active,
                    },
                    state: StaffState::of(active, ended_at.is_some()),
                    created_at,
                    passkeys: keys_of.remove(&id).unwrap_or_default(),
                })
            },
        )
        .collect()
}

/// The state of account `id`, if there is one.
pub async fn state_of(db: &mut Conn, id: StaffId) -> Result<Option<StaffState>, StoreError> {
    let row: Option<(bool, Option<DateTime<Utc>>)> = db
        .fetch_optional(query("SELECT active, ended_at FROM staff WHERE id = $1").bind(id.0))
        .await?;
    Ok(row.map(|(active, ended_at)| StaffState::of(active, ended_at.is_some())))
}

/// Moves account `id` from state `from` to `to` (the caller checked the move is allowed). If
/// the account is no longer in `from` (another admin acted first), nothing changes and
/// [`StoreError::Stale`] says so.
pub async fn set_state(
    tx: &mut Tx,
    id: StaffId,
    from: StaffState,
    to: StaffState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let ended_at = (to == StaffState::Ended).then_some(now);
    let rows = tx
        .execute(
            query(
                "UPDATE staff SET active = $1, ended_at = $2, changed_at = $3 \
                 WHERE id = $4 AND active = $5 AND ended_at IS NULL",
            )
            .bind(to == StaffState::Active)
            .bind(ended_at)
            .bind(now)
            .bind(id.0)
            .bind(from == StaffState::Active),
        )
        .await?;
    if rows != 1 || from == StaffState::Ended {
        return Err(StoreError::Stale("the staff account"));
    }
    Ok(())
}
