//! Forms sent back with an error keep what they held: the browser gets a draft cookie (a random
//! secret; the database keeps its hash), and the form's page asks for the draft of its form.
//!
//! Owns: the draft cookie. Must never: log its value, or let keeping a draft turn a form's
//! error into a different one (keeping is best effort: the person still sees what went wrong).

use std::collections::BTreeMap;

use axum::http::{HeaderMap, HeaderValue};
use portal_core::drafts::{self, Holder};
use portal_core::requests::Upload;
use portal_domain::session::Principal;
use portal_domain::tokens::SecretToken;

use axum::response::Response;
use portal_core::CoreError;

use crate::error::AppError;
use crate::extract::Call;
use crate::forms::{respond, wants_json, Done};
use crate::session::{append_set_cookie, cookie_value};
use crate::WebState;

/// The cookie's name: `__Host-` prefixed on https.
fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-portal_draft"
    } else {
        "portal_draft"
    }
}

/// The holder of the request's drafts, if the browser has a draft cookie.
pub fn holder(headers: &HeaderMap, https: bool, principal: Option<Principal>) -> Option<Holder> {
    let token = cookie_value(headers, cookie_name(https)).and_then(SecretToken::parse)?;
    Some(Holder {
        browser: token.hash(),
        principal,
    })
}

/// `Set-Cookie` for a new draft cookie, living as long as a draft.
fn set_cookie(token: &SecretToken, https: bool) -> Option<HeaderValue> {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
        cookie_name(https),
        token.expose(),
        drafts::LIFETIME.num_seconds()
    ))
    .ok()
}

/// A form post: the fields and files it carried, and who sent it.
pub struct Sent<'a> {
    /// The form (`request:contact`, `help`, …).
    pub form: &'a str,
    /// Its text fields.
    pub fields: &'a BTreeMap<String, String>,
    /// Its files (with those kept from before).
    pub uploads: &'a [Upload],
    /// Signed in.
    pub principal: Option<Principal>,
}

/// Keeps what a form held after it failed; returns the `Set-Cookie` of a new draft cookie when
/// the browser had none. Failures are logged (without values) and otherwise ignored.
pub async fn keep(
    state: &WebState,
    call: &Call,
    headers: &HeaderMap,
    sent: Sent<'_>,
) -> Option<HeaderValue> {
    let https = state.config.is_https();
    let (holder, cookie) = match holder(headers, https, sent.principal) {
        Some(holder) => (holder, None),
        None => {
            let token = SecretToken::generate();
            let holder = Holder {
                browser: token.hash(),
                principal: sent.principal,
            };
            (holder, set_cookie(&token, https))
        }
    };
    let kept = async {
        let mut tx = state.store.begin().await?;
        let kept = drafts::keep(
            &mut tx,
            &call.ctx(),
            &holder,
            sent.form,
            sent.fields,
            sent.uploads,
            state.config.document_max_bytes(),
        )
        .await?;
        tx.commit().await?;
        Ok::<bool, AppError>(kept)
    }
    .await;
    match kept {
        Ok(true) => cookie,
        Ok(false) => {
            tracing::warn!("too many forms kept; this one was sent back without its values");
            None
        }
        Err(error) => {
            tracing::warn!(error = %error, "a form could not be kept");
            None
        }
    }
}

/// The files kept from the last send of this form that the person left ticked.
pub async fn kept_files(
    state: &WebState,
    call: &Call,
    headers: &HeaderMap,
    form: &str,
    fields: &BTreeMap<String, String>,
    principal: Principal,
) -> Result<Vec<Upload>, AppError> {
    let ticked = drafts::ticked(fields);
    let Some(holder) = holder(headers, state.config.is_https(), Some(principal)) else {
        return Ok(Vec::new());
    };
    if ticked.is_empty() {
        return Ok(Vec::new());
    }
    let mut db = state.store.read().await?;
    Ok(drafts::files(&mut db, &call.ctx(), &holder, form, &ticked).await?)
}

/// Forgets the draft of a form that was sent.
pub async fn forget(
    state: &WebState,
    headers: &HeaderMap,
    form: &str,
    principal: Option<Principal>,
) -> Result<(), AppError> {
    if let Some(holder) = holder(headers, state.config.is_https(), principal) {
        let mut db = state.store.read().await?;
        drafts::forget(&mut db, &holder, form).await?;
    }
    Ok(())
}

/// Whether a failure sends the browser back to the form (where the draft is shown again).
fn back_to_the_form(error: &AppError) -> bool {
    matches!(error, AppError::Core(CoreError::Busy { .. }))
        || (error.status().is_client_error() && !matches!(error, AppError::NotSignedIn))
}

/// Answers a form post whose values are kept on failure: a success forgets the form's draft, a
/// failure that goes back to the form keeps what it held (see [`respond`] for the rest).
pub async fn respond_keeping(
    state: &WebState,
    call: &Call,
    headers: &HeaderMap,
    sent: Sent<'_>,
    outcome: Result<Done, AppError>,
    back: &str,
) -> Response {
    let mut cookie = None;
    match &outcome {
        Ok(_) => {
            if let Err(error) = forget(state, headers, sent.form, sent.principal).await {
                tracing::warn!(error = %error, "a sent form's draft could not be forgotten");
            }
        }
        Err(error) if back_to_the_form(error) && !wants_json(headers) => {
            cookie = keep(state, call, headers, sent).await;
        }
        Err(_) => {}
    }
    let mut response = respond(headers, outcome, back);
    if let Some(cookie) = cookie {
        append_set_cookie(response.headers_mut(), cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_and_lives_as_long_as_a_draft() {
        let token = SecretToken::generate();
        let plain = set_cookie(&token, false).and_then(|v| v.to_str().ok().map(str::to_owned));
        let plain = plain.unwrap_or_default();
        assert!(plain.starts_with("portal_draft="));
        assert!(plain.contains("HttpOnly") && plain.contains("Max-Age=3600"));
        assert!(!plain.contains("Secure"));
        let secure = set_cookie(&token, true).and_then(|v| v.to_str().ok().map(str::to_owned));
        assert!(secure
            .unwrap_or_default()
            .starts_with("__Host-portal_draft="));
    }

    #[test]
    fn a_malformed_cookie_holds_nothing() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", HeaderValue::from_static("portal_draft=short"));
        assert!(holder(&headers, false, None).is_none());
    }
}
