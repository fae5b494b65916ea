//! Server functions of the staff people pages: search, open a case (audited), issue an
//! enrollment slip. Each asks the policy (`portal_domain::policy`) with the record in hand.
//!
//! Owns: the staff-facing summaries of people. Must never: answer differently for "does not
//! exist" and "not yours" (no enumeration), or return fields the page does not show.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Results per page.
pub const PAGE_SIZE: i64 = 20;

/// One person in a search result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLine {
    /// Internal id (for the case link).
    pub id: String,
    /// Registration number.
    pub registration_number: String,
    /// Latin-script name.
    pub name: String,
    /// Original-script name.
    pub original_name: Option<String>,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    /// The people.
    pub people: Vec<PersonLine>,
    /// All matches.
    pub total: i64,
}

/// A household member on the case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Registration number.
    pub registration_number: String,
    /// Name.
    pub name: String,
    /// Relationship code.
    pub relationship: String,
    /// Date of birth.
    pub born: String,
}

/// The case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Person id.
    pub id: String,
    /// Registration number.
    pub registration_number: String,
    /// Name.
    pub name: String,
    /// Name in original script.
    pub original_name: Option<String>,
    /// Date of birth (with "estimated" as a suffix when so).
    pub born: String,
    /// Household members, principal first.
    pub household: Vec<Member>,
}

/// A freshly issued enrollment slip. The link and code are shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slip {
    /// The enrollment link.
    pub link: String,
    /// The short code.
    pub code: String,
    /// Deadline, UTC.
    pub expires: String,
    /// The link as an SVG QR code.
    pub qr_svg: String,
}

#[cfg(feature = "ssr")]
mod backend {
    use leptos::prelude::*;
    use portal_domain::session::Principal;
    use portal_domain::staff::Staff;

    use crate::server::state::AppState;

    pub use crate::server::request::refuse;

    /// The signed-in, active staff member of this request.
    pub async fn staff() -> Result<(AppState, Staff), ServerFnError> {
        let (state, principal) = crate::server::request::principal().await?;
        let Some(Principal::Staff(id)) = principal else {
            return Err(refuse(http::StatusCode::FORBIDDEN, "forbidden"));
        };
        let staff = state
            .store
            .staff_by_id(id)
            .await
            .map_err(|_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?
            .filter(|s| s.active)
            .ok_or_else(|| refuse(http::StatusCode::FORBIDDEN, "forbidden"))?;
        Ok((state, staff))
    }

    /// The role a staff member acts in when reading records.
    pub fn reading_role(staff: &Staff) -> &'static str {
        use portal_domain::staff::StaffRole;
        if staff.account.roles.contains(&StaffRole::Clerk) {
            "clerk"
        } else {
            "approver"
        }
    }

    /// The person `id` if this staff member may view them; "not found" otherwise, either way.
    pub async fn viewable_person(
        state: &AppState,
        staff: &Staff,
        id: &str,
    ) -> Result<(portal_domain::person::Person, String), ServerFnError> {
        let not_found = || refuse(http::StatusCode::NOT_FOUND, "not-found");
        let id = uuid::Uuid::parse_str(id).map_err(|_| not_found())?;
        let id = portal_domain::person::PersonId(id);
        let unavailable = |_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        let office = state
            .store
            .office_of_person(id)
            .await
            .map_err(unavailable)?
            .ok_or_else(not_found)?;
        if !portal_domain::policy::may_view_person(staff, &office) {
            return Err(not_found());
        }
        let person = state
            .store
            .person_by_id(id)
            .await
            .map_err(unavailable)?
            .ok_or_else(not_found)?;
        Ok((person, office))
    }
}

/// The signed-in, active staff member of this request (or 403).
#[cfg(feature = "ssr")]
pub use backend::staff as staff_member;

/// The role a staff member reads records in.
#[cfg(feature = "ssr")]
pub use backend::reading_role as reading_role_of;

/// The person a staff member asks for, if they may view them (else "not found").
#[cfg(feature = "ssr")]
pub use backend::viewable_person as viewable;

/// Searches people the signed-in staff member may see.
#[server(prefix = "/api", endpoint = "staff/people/search")]
pub async fn search_people(query: String, page: u32) -> Result<PeoplePage, ServerFnError> {
    use backend::{refuse, staff};
    use portal_domain::staff::StaffRole;

    let (state, staff) = staff().await?;
    if !staff
        .account
        .roles
        .iter()
        .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver))
    {
        return Err(refuse(http::StatusCode::FORBIDDEN, "forbidden"));
    }
    let query: String = query.trim().chars().take(100).collect();
    if query.is_empty() {
        return Ok(PeoplePage {
            people: Vec::new(),
            total: 0,
        });
    }
    let office = staff
        .account
        .office_code
        .as_ref()
        .map(|o| o.as_str().to_owned());
    let (found, total) = state
        .store
        .search_people(
            &query,
            office.as_deref(),
            PAGE_SIZE,
            i64::from(page.min(10_000)) * PAGE_SIZE,
        )
        .await
        .map_err(|_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?;
    let people = found
        .into_iter()
        .map(|p| PersonLine {
            id: p.id.0.to_string(),
            registration_number: p.registration_number,
            name: p.name,
            original_name: p.original_name,
        })
        .collect();
    Ok(PeoplePage { people, total })
}

/// Opens a case. Every opening is written to the audit trail before anything is returned.
#[server(prefix = "/api", endpoint = "staff/people/case")]
pub async fn open_case(id: String) -> Result<Case, ServerFnError> {
    use backend::{reading_role, refuse, staff, viewable_person};
    use portal_domain::audit::{Actor, AuditEvent, SubjectKind};

    let (state, staff) = staff().await?;
    let (person, _office) = viewable_person(&state, &staff, &id).await?;
    let unavailable = |_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let event = AuditEvent::new(
        state.clock.now(),
        Actor::Staff {
            id: staff.id.0.to_string(),
            role: reading_role(&staff).to_owned(),
        },
        "person.view",
    )
    .about(SubjectKind::Person, person.id.0.to_string());
    state
        .store
        .append_audit(&event)
        .await
        .map_err(unavailable)?;
    let members = state
        .store
        .household_members(person.household_id)
        .await
        .map_err(unavailable)?;
    let born = |p: &portal_domain::person::Person| {
        let date = p.record.date_of_birth.date.to_string();
        if p.record.date_of_birth.estimated {
            format!("{date} (~)")
        } else {
            date
        }
    };
    let name = |p: &portal_domain::person::Person| {
        format!(
            "{} {}",
            p.record.given_name.as_str(),
            p.record.family_name.as_str()
        )
    };
    Ok(Case {
        id: person.id.0.to_string(),
        registration_number: person.record.registration_number.as_str().to_owned(),
        name: name(&person),
        original_name: match (
            &person.record.given_name_original,
            &person.record.family_name_original,
        ) {
            (Some(g), Some(f)) => Some(format!("{} {}", g.as_str(), f.as_str())),
            _ => None,
        },
        born: born(&person),
        household: members
            .iter()
            .map(|m| Member {
                registration_number: m.record.registration_number.as_str().to_owned(),
                name: name(m),
                relationship: m.record.relationship.as_str().to_owned(),
                born: born(m),
            })
            .collect(),
    })
}

/// Issues an enrollment slip for a person (clerks of the person's office), mailing it too when
/// the person has an address.
#[server(prefix = "/api", endpoint = "staff/people/invite")]
pub async fn invite_person(
    id: String,
    revoke_existing: Option<String>,
) -> Result<Slip, ServerFnError> {
    use backend::{refuse, staff, viewable_person};
    use portal_core::auth::invitations::{issue, send_by_mail};
    use portal_domain::audit::Actor;
    use portal_domain::session::Principal;

    let (state, staff) = staff().await?;
    let (person, office) = viewable_person(&state, &staff, &id).await?;
    if !portal_domain::policy::may_invite(&staff, &office) {
        return Err(refuse(http::StatusCode::FORBIDDEN, "forbidden"));
    }
    let unavailable = |_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let actor = Actor::Staff {
        id: staff.id.0.to_string(),
        role: "clerk".to_owned(),
    };
    let principal = Principal::Person(person.id);
    let revoke = revoke_existing.is_some_and(|v| !v.is_empty() && v != "false");
    let invitation = issue(
        &state.store,
        principal,
        state.clock.now(),
        state.config.invitation_lifetime(),
        revoke,
        actor,
    )
    .await
    .map_err(unavailable)?;
    let link = invitation.link(&state.config.public_url);
    if let Ok(mailer) = state.config.mailer() {
        if let Err(error) = send_by_mail(
            &state.store,
            &mailer,
            principal,
            &invitation,
            &state.config.public_url,
            state.clock.now(),
        )
        .await
        {
            tracing::warn!(error = %error, "the enrollment mail could not be sent; the slip is still valid");
        }
    }
    let qr_svg = portal_core::auth::slip::qr_svg(&link)
        .map_err(|_| refuse(http::StatusCode::INTERNAL_SERVER_ERROR, "qr"))?;
    Ok(Slip {
        link,
        code: invitation.code.display(),
        expires: invitation
            .expires_at
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        qr_svg,
    })
}
