//! The people search's form. A search names people (their names, numbers, phone), so it is
//! posted and kept in a short-lived cookie that only the signed-in session that made it can
//! use, never put in a URL (where logs, history and referrers would keep it).
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/staff/people/find` | clerk/approver | keeps the search (`q`, `born_from`, `born_to`) for `/staff/people`; programs get the first page as JSON |
//!
//! Owns: the cookie and reading the form. Must never: write a search into a URL or a log.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use base64::Engine as _;
use chrono::NaiveDate;
use portal_core::people::{self, SearchAsk};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::extract::StaffMember;
use crate::forms::{fields, respond, Done, Fields};
use crate::session;
use crate::WebState;

/// How long a search is kept: a desk's working session on one question.
const LIFETIME_SECONDS: i64 = 30 * 60;
/// Most characters of the words kept.
const MAX_TEXT_CHARS: usize = 100;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new().route("/api/staff/people/find", post(find))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[("POST", "/api/staff/people/find")];

/// The cookie's name: `__Host-` prefixed on https.
fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-portal_search"
    } else {
        "portal_search"
    }
}

/// What the cookie holds: the search, and which session made it.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// The first characters of the session token's hash (the cookie is ignored under any
    /// other session: signing out forgets it).
    s: String,
    q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<NaiveDate>,
}

fn session_mark(headers: &HeaderMap, https: bool) -> Option<String> {
    let token = session::token_from(headers, https)?;
    Some(token.hash().as_str().chars().take(16).collect())
}

/// The search the signed-in session kept, if any.
pub fn kept(headers: &HeaderMap, https: bool) -> Option<SearchAsk> {
    let mark = session_mark(headers, https)?;
    let value = session::cookie_value(headers, cookie_name(https))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value)
        .ok()?;
    let kept: Kept = serde_json::from_slice(&bytes).ok()?;
    (kept.s == mark).then(|| SearchAsk {
        text: kept.q.chars().take(MAX_TEXT_CHARS).collect(),
        born_from: kept.from,
        born_to: kept.to,
    })
}

fn set_cookie(ask: &SearchAsk, mark: String, https: bool) -> Option<HeaderValue> {
    let kept = Kept {
        s: mark,
        q: ask.text.clone(),
        from: ask.born_from,
        to: ask.born_to,
    };
    let json = serde_json::to_vec(&kept).ok()?;
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={value}; Path=/; Max-Age={LIFETIME_SECONDS}; HttpOnly; SameSite=Strict{secure}",
        cookie_name(https)
    ))
    .ok()
}

/// A date field: empty is none; anything else must be a date (`YYYY-MM-DD`, as date inputs
/// send it).
fn date(
    form: &std::collections::BTreeMap<String, String>,
    name: &str,
) -> Result<Option<NaiveDate>, AppError> {
    match form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                AppError::Core(portal_core::CoreError::Invalid(vec![
                    portal_domain::ValidationError::new(
                        portal_domain::Field::DateOfBirth,
                        portal_domain::Problem::Format("YYYY-MM-DD"),
                    ),
                ]))
            }),
    }
}

async fn find(
    State(state): State<WebState>,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let https = state.config.is_https();
    let form = fields(form);
    let mut cookie = None;
    let outcome = async {
        let StaffMember(staff) = staff?;
        let ask = SearchAsk {
            text: form
                .get("q")
                .map(|q| q.trim().chars().take(MAX_TEXT_CHARS).collect())
                .unwrap_or_default(),
            born_from: date(&form, "born_from")?,
            born_to: date(&form, "born_to")?,
        };
        let mut db = state.store.read().await?;
        let found = people::search(&mut db, &staff, &ask, 0).await?;
        cookie = session_mark(&headers, https).and_then(|mark| set_cookie(&ask, mark, https));
        let lines: Vec<serde_json::Value> = found
            .people
            .iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id.0,
                    "registration_number": p.registration_number,
                    "name": p.name,
                    "original_name": p.original_name,
                    "date_of_birth": p.date_of_birth,
                    "case_number": p.case_number,
                    "office": p.office_code,
                })
            })
            .collect();
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "total": found.total, "people": lines }),
            "/staff/people",
        ))
    }
    .await;
    let mut response = respond(&headers, outcome, "/staff/people");
    if let Some(cookie) = cookie {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookies: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_str(cookies).unwrap(),
        );
        h
    }

    #[test]
    fn a_kept_search_is_read_back_only_under_the_session_that_made_it() {
        let ask = SearchAsk {
            text: "Mohammed Haddad".into(),
            born_from: NaiveDate::from_ymd_opt(1980, 1, 1),
            born_to: None,
        };
        let token = "a".repeat(43);
        let session = format!("portal_session={token}");
        let Some(mark) = session_mark(&headers(&session), false) else {
            panic!("the session token is read");
        };
        let set = set_cookie(&ask, mark, false).unwrap();
        let set = set.to_str().unwrap();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
        let pair = set.split(';').next().unwrap();
        assert_eq!(
            kept(&headers(&format!("{session}; {pair}")), false),
            Some(ask)
        );
        let other = format!("portal_session={}", "b".repeat(43));
        assert_eq!(kept(&headers(&format!("{other}; {pair}")), false), None);
        assert_eq!(kept(&headers(pair), false), None, "signed out");
        assert_eq!(
            kept(&headers(&format!("{session}; portal_search=%%%")), false),
            None
        );
    }
}
