//! Who is signed in, as pages need to know it: a server function over the session cookie.
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
    },
}

/// The account of the request's live session, if any.
#[server(prefix = "/api", endpoint = "account")]
pub async fn current_account() -> Result<Option<Account>, ServerFnError> {
    use crate::server::request::{principal, refuse};
    use portal_domain::session::Principal;

    let (state, principal) = principal().await?;
    let unavailable = |_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let Some(principal) = principal else {
        return Ok(None);
    };
    Ok(match principal {
        Principal::Person(id) => state
            .store
            .person_by_id(id)
            .await
            .map_err(unavailable)?
            .map(|person| Account::Person {
                name: format!(
                    "{} {}",
                    person.record.given_name.as_str(),
                    person.record.family_name.as_str()
                ),
                registration_number: person.record.registration_number.as_str().to_owned(),
            }),
        Principal::Staff(id) => state
            .store
            .staff_by_id(id)
            .await
            .map_err(unavailable)?
            .filter(|staff| staff.active)
            .map(|staff| Account::Staff {
                name: staff.account.display_name,
            }),
    })
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
