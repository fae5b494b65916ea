//! How a person wants to be told of news, over HTTP (the form on "My messages").
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/me/channels` | person | keeps the choice (`mail`, `sms`: ticked or not) |
//!
//! Owns: reading that form. Must never: offer SMS where the portal has no gateway (the use case
//! drops it then).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_core::news;
use portal_storage::notifications::Channels;

use crate::error::AppError;
use crate::extract::{Call, Me};
use crate::forms::{fields, respond, ticked, Done, Fields};
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new().route("/api/me/channels", post(channels))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[("POST", "/api/me/channels")];

async fn channels(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let Me(person) = me?;
        let chosen = Channels {
            mail: ticked(&form, "mail"),
            sms: ticked(&form, "sms"),
        };
        let mut tx = state.store.begin().await?;
        news::choose(
            &mut tx,
            &call.ctx(),
            person,
            chosen,
            state.config.sms_url.is_some(),
        )
        .await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "mail": chosen.mail, "sms": chosen.sms && state.config.sms_url.is_some() }),
            "/me/messages?saved=1#channels",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/messages#channels")
}
