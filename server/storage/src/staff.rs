//! Staff accounts and their roles in the database.
//!
//! Owns: the `staff` and `staff_roles` tables. Must never: grant a role without an audit row.

use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, unique_as, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::office::OfficeCode;
use portal_domain::person::Email;
use portal_domain::staff::{NewStaff, Staff, StaffId, StaffRole};

type StaffRow = (Uuid, String, String, Option<String>, bool);

impl Store {
    /// Creates a staff account with its roles. A second account with the same email (ignoring
    /// case) is refused with [`StoreError::Duplicate`].
    pub async fn create_staff(
        &self,
        id: StaffId,
        staff: &NewStaff,
        now: chrono::DateTime<chrono::Utc>,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query("INSERT INTO staff (id, email, display_name, office_code, active, created_at) VALUES ($1, $2, $3, $4, TRUE, $5)")
                .bind(id.0)
                .bind(staff.email.as_str())
                .bind(&staff.display_name)
                .bind(staff.office_code.as_ref().map(OfficeCode::as_str))
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(|e| match e.as_database_error() {
                    Some(db) if db.is_foreign_key_violation() => StoreError::NotFound("the office"),
                    _ => unique_as("a staff account with this email")(e),
                })?;
            for role in &staff.roles {
                sqlx::query("INSERT INTO staff_roles (staff_id, role) VALUES ($1, $2)")
                    .bind(id.0)
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The staff account with this email (case-insensitive), with its roles.
    pub async fn staff_by_email(&self, email: &Email) -> Result<Option<Staff>, StoreError> {
        let row: Option<StaffRow> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, email, display_name, office_code, active FROM staff WHERE lower(email) = lower($1)")
                .bind(email.as_str())
                .fetch_optional(pool)
                .await?
        });
        self.staff_with_roles(row).await
    }

    /// The staff account with this id, with its roles.
    pub async fn staff_by_id(&self, id: StaffId) -> Result<Option<Staff>, StoreError> {
        let row: Option<StaffRow> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, email, display_name, office_code, active FROM staff WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        self.staff_with_roles(row).await
    }

    async fn staff_with_roles(&self, row: Option<StaffRow>) -> Result<Option<Staff>, StoreError> {
        let Some((id, email, display_name, office_code, active)) = row else {
            return Ok(None);
        };
        let roles: Vec<String> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT role FROM staff_roles WHERE staff_id = $1 ORDER BY role")
                .bind(id)
                .fetch_all(pool)
                .await?
        });
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
    pub async fn staff_count(&self) -> Result<i64, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM staff").fetch_one(pool).await?
        }))
    }
}
