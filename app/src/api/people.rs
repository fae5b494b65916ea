//! Server functions of the staff people pages: search, open a case (audited), issue an
//! enrollment slip.
//!
//! Owns: the staff-facing summaries of people. Must never: answer differently for "does not
//! exist" and "not yours" (no enumeration), or return fields the page does not show.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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
    /// Date of birth, `YYYY-MM-DD`.
    pub born: String,
    /// The household's case number.
    pub case_number: String,
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    /// The people.
    pub people: Vec<PersonLine>,
    /// All matches.
    pub total: i64,
    /// Results per page.
    pub page_size: i64,
    /// The words searched for (shown back in the form).
    pub text: String,
    /// Born on or after, `YYYY-MM-DD`.
    pub born_from: Option<String>,
    /// Born on or before.
    pub born_to: Option<String>,
}

/// A household member on the case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Registration number.
    pub registration_number: String,
    /// Name.
    pub name: String,
    /// Relationship to the principal applicant.
    pub relationship: portal_types::Relationship,
    /// Date of birth.
    pub born: String,
}

/// How to reach a person (shown on the case view when asked, audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactLine {
    /// Phone.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// The case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Phone, email and address, only when asked for (each reading audited).
    pub contact: Option<ContactLine>,
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
    /// Requests about the household, newest first.
    pub requests: Vec<CaseRequest>,
    /// Who read or changed the record, newest first (this opening included).
    pub audit: Vec<AuditLine>,
}

/// A request on the case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRequest {
    /// The request.
    pub line: crate::api::requests::RequestLine,
    /// The member it is about.
    pub about: String,
}

/// Who did it, on a line of the case's audit history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditWho {
    /// A staff member.
    Staff {
        /// Name.
        name: String,
        /// Role.
        role: Option<portal_types::StaffRole>,
        /// Office.
        office: Option<String>,
    },
    /// The person.
    ThePerson,
    /// Someone of the household, or a trusted helper.
    Relative,
    /// A partner system.
    Partner,
    /// The portal.
    System,
}

/// A line of the case's audit history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// `YYYY-MM-DD HH:MM` in the office's time.
    pub at: String,
    /// Action code.
    pub action: String,
    /// Who.
    pub who: AuditWho,
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

/// The page's words for a person's date of birth: the date, with "(~)" when estimated.
#[cfg(feature = "ssr")]
fn born(p: &portal_domain::person::Person) -> String {
    let date = p.record.date_of_birth.date.to_string();
    if p.record.date_of_birth.estimated {
        format!("{date} (~)")
    } else {
        date
    }
}

/// Given and family name.
#[cfg(feature = "ssr")]
pub fn name_of(p: &portal_domain::person::Person) -> String {
    format!(
        "{} {}",
        p.record.given_name.as_str(),
        p.record.family_name.as_str()
    )
}

/// A page of the search the signed-in staff member's session kept (posted, never in the
/// address), among the people they may see.
#[server(prefix = "/api", endpoint = "staff/people/search")]
pub async fn search_people(page: u32) -> Result<PeoplePage, ServerFnError> {
    use crate::server::request::{desk, fail, kept_search};

    let ask = kept_search().unwrap_or_default();
    let desk = desk().await?;
    let staff = &desk.staff;
    let mut db = desk.read().await?;
    let found = portal_core::people::search(&mut db, staff, &ask, page)
        .await
        .map_err(fail)?;
    let people = found
        .people
        .into_iter()
        .map(|p| PersonLine {
            id: p.id.0.to_string(),
            registration_number: p.registration_number,
            name: p.name,
            original_name: p.original_name,
            born: p.date_of_birth.to_string(),
            case_number: p.case_number,
        })
        .collect();
    Ok(PeoplePage {
        people,
        total: found.total,
        page_size: portal_core::people::SEARCH_PAGE_SIZE,
        text: ask.text,
        born_from: ask.born_from.map(|d| d.to_string()),
        born_to: ask.born_to.map(|d| d.to_string()),
    })
}

/// Opens a case, with the person's phone, email and address when `contact` is true. Every
/// opening, and every reading of the contact details, is written to the audit trail (in the
/// same transaction) before anything is returned.
#[server(prefix = "/api", endpoint = "staff/people/case")]
pub async fn open_case(id: String, contact: Option<bool>) -> Result<Case, ServerFnError> {
    use crate::server::request::{commit, desk, fail, parse_id};
    use portal_domain::person::PersonId;

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let id = PersonId(parse_id(&id)?);
    let mut tx = desk.begin().await?;
    let (person, members) = portal_core::people::open_case(&mut tx, &call.ctx(), staff, id)
        .await
        .map_err(fail)?;
    let contact = match contact {
        Some(true) => {
            let c = portal_core::people::contact(&mut tx, &call.ctx(), staff, id)
                .await
                .map_err(fail)?;
            Some(ContactLine {
                phone: c.phone,
                email: c.email,
                address: c.address,
            })
        }
        _ => None,
    };
    let history = portal_core::people::case_history(&mut tx, staff, id)
        .await
        .map_err(fail)?;
    let requests = portal_core::people::case_requests(&mut tx, staff, id)
        .await
        .map_err(fail)?;
    let zone = crate::server::request::zone_of(&mut tx, id).await?;
    commit(tx).await?;
    let name_in = |person: portal_domain::person::PersonId| {
        members
            .iter()
            .find(|m| m.id == person)
            .map(name_of)
            .unwrap_or_default()
    };
    let requests = requests
        .iter()
        .map(|r| CaseRequest {
            line: crate::api::requests::backend::line(r),
            about: name_in(r.person_id),
        })
        .collect();
    let audit = history
        .into_iter()
        .map(|e| {
            use portal_core::people::Who;
            AuditLine {
                at: crate::server::request::local_time(e.at, zone),
                action: e.action,
                who: match e.who {
                    Who::Staff { name, role, office } => AuditWho::Staff {
                        name,
                        role: portal_types::StaffRole::parse(&role).ok(),
                        office,
                    },
                    Who::ThePerson => AuditWho::ThePerson,
                    Who::Relative => AuditWho::Relative,
                    Who::Partner => AuditWho::Partner,
                    Who::System => AuditWho::System,
                },
            }
        })
        .collect();
    Ok(Case {
        requests,
        audit,
        id: person.id.0.to_string(),
        registration_number: person.record.registration_number.as_str().to_owned(),
        name: name_of(&person),
        original_name: match (
            &person.record.given_name_original,
            &person.record.family_name_original,
        ) {
            (Some(g), Some(f)) => Some(format!("{} {}", g.as_str(), f.as_str())),
            _ => None,
        },
        born: born(&person),
        contact,
        household: members
            .iter()
            .map(|m| Member {
                registration_number: m.record.registration_number.as_str().to_owned(),
                name: name_of(m),
                relationship: m.record.relationship,
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
    use crate::server::request::{commit, desk, fail, parse_id};
    use portal_core::auth::invitations;
    use portal_domain::person::PersonId;
    use portal_domain::session::Principal;

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let state = &desk.state;
    let person = PersonId(parse_id(&id)?);
    let revoke = revoke_existing.is_some_and(|v| !v.is_empty() && v != "false");
    let mut tx = desk.begin().await?;
    let invitation = invitations::invite_person(
        &mut tx,
        &call.ctx(),
        staff,
        person,
        state.config.invitation_lifetime(),
        revoke,
    )
    .await
    .map_err(fail)?;
    commit(tx).await?;
    let link = invitation.link(&state.config.public_url);
    if let Ok(mailer) = state.config.mailer() {
        let mut db = desk.read().await?;
        let sent = invitations::send_by_mail(
            &mut db,
            &call.ctx(),
            &mailer,
            Principal::Person(person),
            &invitation,
            &state.config.public_url,
        )
        .await;
        if let Err(error) = sent {
            tracing::warn!(error = %error, "the enrollment mail could not be sent; the slip is still valid");
        }
    }
    Ok(Slip {
        qr_svg: portal_core::auth::slip::qr_svg(&link).map_err(fail)?,
        link,
        code: invitation.code.display(),
        expires: invitation
            .expires_at
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
    })
}
