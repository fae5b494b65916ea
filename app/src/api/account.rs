//! Who is signed in, their passkeys, and their language choice.
//!
//! Owns: the signed-in account summary shown in the UI. Must never: return more than the page
//! shows (least data), or work without a live session.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in account, as much as the pages show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Account {
    /// A registered person.
    Person {
        /// Given and family name.
        name: String,
        /// Registration number.
        registration_number: String,
    },
    /// A staff member.
    Staff {
        /// Display name.
        name: String,
        /// Whether they administer accounts.
        admin: bool,
    },
}

/// One passkey as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyLine {
    /// Id (for removal).
    pub id: String,
    /// The owner's name for it.
    pub name: String,
    /// Added, `YYYY-MM-DD`.
    pub created: String,
    /// Last sign-in, `YYYY-MM-DD`.
    pub last_used: Option<String>,
}

/// The account of the request's live session, if any.
#[server(prefix = "/api", endpoint = "account")]
pub async fn current_account() -> Result<Option<Account>, ServerFnError> {
    use crate::server::request::{fail, principal, read};

    let Some(principal) = principal() else {
        return Ok(None);
    };
    let mut db = read().await?;
    let who = portal_core::auth::account::who(&mut db, principal)
        .await
        .map_err(fail)?;
    Ok(who.map(|who| match who {
        portal_core::auth::account::Who::Person {
            name,
            registration_number,
        } => Account::Person {
            name,
            registration_number,
        },
        portal_core::auth::account::Who::Staff { name, admin } => Account::Staff { name, admin },
    }))
}

/// The signed-in account's passkeys.
#[server(prefix = "/api", endpoint = "me/passkeys")]
pub async fn my_passkeys() -> Result<Vec<PasskeyLine>, ServerFnError> {
    use crate::server::request::{fail, principal, read};

    let principal = principal().ok_or_else(|| fail(portal_web::AppError::NotSignedIn))?;
    let mut db = read().await?;
    Ok(portal_core::auth::account::passkeys(&mut db, principal)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|p| PasskeyLine {
            id: p.id.to_string(),
            name: p.name,
            created: p.created_at.format("%Y-%m-%d").to_string(),
            last_used: p.last_used_at.map(|at| at.format("%Y-%m-%d").to_string()),
        })
        .collect())
}

/// Remembers the chosen language in a cookie (a year, whole site) and, when a person is signed
/// in, in their profile, so it follows them to another phone and into their mails. Staff and
/// visitors: the cookie only. A form posted without JavaScript names the page it was on
/// (`return_to`, a path on this site) and the browser is sent back there.
#[server(prefix = "/api", endpoint = "locale")]
pub async fn set_locale(locale: String, return_to: Option<String>) -> Result<(), ServerFnError> {
    use crate::server::request::{begin, call, fail, fail_on, principal, state};
    use portal_domain::session::Principal;

    let locale: portal_i18n::Locale = locale.parse().map_err(|_| {
        fail(portal_web::AppError::BadRequest(
            "unsupported language".into(),
        ))
    })?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = portal_web::language::set_cookie(locale, state()?.config.is_https());
    response.append_header(http::header::SET_COOKIE, cookie);
    // The redirect is set before the first await: the request's context is not kept across
    // awaits. A failed write below still answers its own error status.
    if let Some(page) = return_to.as_deref() {
        leptos_axum::redirect(portal_web::language::return_path(page).unwrap_or("/"));
    }
    if let Some(Principal::Person(person)) = principal() {
        let call = call()?;
        let mut tx = begin().await?;
        portal_core::people::remember_language(&mut tx, &call.ctx(), person, locale)
            .await
            .map_err(|e| fail_on(&response, e))?;
        tx.commit().await.map_err(|e| fail_on(&response, e))?;
    }
    Ok(())
}

/// Marks the response as personal: never stored by the browser or any cache.
pub fn personal_page() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
}
