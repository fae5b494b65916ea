//! `/me/trusted`: the helpers a person let act for them, the people they help, and, for a
//! helper's session acting for someone, only that.
//!
//! Owns: the shapes of the trusted helpers page. Must never: answer for the person a session
//! acts for (this page is always about the account holder), or send a code other than the one
//! this browser just made.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One delegation as a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationLine {
    /// Id, for the forms.
    pub id: String,
    /// The other side: the helper as the person named them, or the helped person's name.
    pub name: String,
    /// May book.
    pub may_book: bool,
    /// May ask for changes.
    pub may_request: bool,
    /// Last day, `YYYY-MM-DD` (at the person's office).
    pub until: String,
    /// `invited`, `active`, `unclaimed`, `expired`, `ended`.
    pub standing: String,
}

#[cfg(feature = "ssr")]
impl DelegationLine {
    /// The line of `d`, the other side named `name`, its last day on the clock of `zone`.
    fn of(
        d: &portal_domain::delegation::Delegation,
        name: String,
        now: chrono::DateTime<chrono::Utc>,
        zone: chrono_tz::Tz,
    ) -> DelegationLine {
        DelegationLine {
            id: d.id.0.to_string(),
            name,
            may_book: d.limits.may_book,
            may_request: d.limits.may_request,
            until: d
                .expires_at
                .with_timezone(&zone)
                .format("%Y-%m-%d")
                .to_string(),
            standing: d.standing(now).as_str().to_owned(),
        }
    }
}

/// What `/me/trusted` shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedView {
    /// The session acts for this person (then nothing else is shown).
    pub acting_for: Option<String>,
    /// The code this browser just made, to show once.
    pub fresh_code: Option<String>,
    /// Who may act for me.
    pub granted: Vec<DelegationLine>,
    /// Whom I help.
    pub helping: Vec<DelegationLine>,
}

/// The trusted helpers page of the signed-in account.
#[server(prefix = "/api", endpoint = "me/trusted-page")]
pub async fn trusted_page() -> Result<TrustedView, ServerFnError> {
    use crate::server::request::{acting, cookie, fail, https, principal, read, zone_of};
    use portal_domain::delegation::Delegation;
    use portal_domain::session::Principal;

    // Everything read from the request before the first await (the context may be gone after).
    let Some(Principal::Person(me)) = principal() else {
        return Err(fail(portal_web::AppError::NotSignedIn));
    };
    let acting = acting();
    let now = crate::server::request::call()?.now;
    let fresh_code = cookie(portal_web::trusted::code_cookie(https()))
        .and_then(|c| portal_core::trusted::normalise_code(&c).map(|_| c));
    let mut db = read().await?;
    if let Some(acting) = acting {
        let name = portal_core::trusted::name_of(&mut db, acting.person)
            .await
            .map_err(fail)?;
        return Ok(TrustedView {
            acting_for: Some(name),
            ..TrustedView::default()
        });
    }
    let zone = zone_of(&mut db, me).await?;
    let line = |d: &Delegation, name: String| DelegationLine::of(d, name, now, zone);
    let mine = portal_core::trusted::mine(&mut db, me)
        .await
        .map_err(fail)?;
    Ok(TrustedView {
        acting_for: None,
        fresh_code,
        granted: mine
            .granted
            .iter()
            .map(|d| line(d, d.label.clone()))
            .collect(),
        helping: mine
            .helping
            .iter()
            .map(|(d, name)| line(d, name.clone()))
            .collect(),
    })
}

/// A delegation on the staff's person page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDelegationLine {
    /// The line as the person sees it (the other side's name, limits, until, standing).
    pub line: DelegationLine,
    /// Whether this person granted it (someone helps them) rather than helps someone.
    pub granted: bool,
}

/// The trusted helpers of a person and the people they help, for staff who may see them.
#[server(prefix = "/api", endpoint = "staff/people/helpers")]
pub async fn staff_person_helpers(id: String) -> Result<Vec<StaffDelegationLine>, ServerFnError> {
    use crate::server::request::{desk, fail, parse_id};
    use portal_domain::person::PersonId;

    let person = PersonId(parse_id(&id)?);
    let desk = desk().await?;
    let (staff, now) = (&desk.staff, desk.call.now);
    let mut db = desk.read().await?;
    let mine = portal_core::trusted::for_staff(&mut db, staff, person)
        .await
        .map_err(fail)?;
    // The last day on the clock of the person's office, as the person sees it.
    let zone = crate::server::request::zone_of(&mut db, person).await?;
    let line = |d: &portal_domain::delegation::Delegation, name: String, granted: bool| {
        StaffDelegationLine {
            line: DelegationLine::of(d, name, now, zone),
            granted,
        }
    };
    Ok(mine
        .granted
        .iter()
        .map(|d| line(d, d.label.clone(), true))
        .chain(
            mine.helping
                .iter()
                .map(|(d, name)| line(d, name.clone(), false)),
        )
        .collect())
}
