//! Complaints and feedback from `/help`, by anyone, signed in or not.
//!
//! | route | does |
//! |---|---|
//! | `POST /help/feedback` | keeps a complaint or feedback; back to `/help` with its reference |
//!
//! Owns: the feedback form over HTTP. Must never: echo what was sent in a URL (only codes and
//! the reference), or accept more than the per-client budget (the router puts it in front).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_core::help::{self, FeedbackForm};

use crate::drafts::{respond_keeping, Sent};
use crate::error::AppError;
use crate::extract::{Call, Me, SignedIn};
use crate::forms::{fields, Done, Fields};

/// The form's name for its kept values.
pub const FORM: &str = "help";
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new().route("/help/feedback", post(feedback))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[("POST", "/help/feedback")];

async fn feedback(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    signed_in: Result<SignedIn, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let principal = signed_in.ok().map(|s| s.principal);
    let field = |name: &str| form.get(name).map_or("", String::as_str);
    let outcome = async {
        let mut tx = state.store.begin().await?;
        let reference = help::send(
            &mut tx,
            &call.ctx(),
            FeedbackForm {
                kind: field("kind"),
                office: field("office"),
                message: field("message"),
                contact: field("contact"),
            },
            me.ok().map(|Me(person)| person),
        )
        .await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({ "reference": reference }),
            format!("/help?sent={reference}#feedback"),
        ))
    }
    .await;
    let sent = Sent {
        form: FORM,
        fields: &form,
        uploads: &[],
        principal,
    };
    respond_keeping(&state, &call, &headers, sent, outcome, "/help").await
}
