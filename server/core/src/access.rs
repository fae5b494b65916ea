//! Which person a staff member may read: the one check every staff read of personal data
//! starts with, below the use cases that read people, requests and credentials.
//!
//! Owns: the answer "not found" for both "does not exist" and "not yours". Must never: write
//! anything (the use cases audit the reads they make).

use portal_domain::person::{Person, PersonId};
use portal_domain::policy::may_view_person;
use portal_domain::staff::Staff;
use portal_storage::{people, Conn};

use crate::error::{CoreError, CoreResult};

/// The person `id` and their office, if this staff member may view them; "not found"
/// otherwise, either way.
pub async fn viewable(db: &mut Conn, staff: &Staff, id: PersonId) -> CoreResult<(Person, String)> {
    let office = people::office_of(db, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if !may_view_person(staff, &office) {
        return Err(CoreError::NotFound);
    }
    let person = people::by_id(db, id).await?.ok_or(CoreError::NotFound)?;
    Ok((person, office))
}
