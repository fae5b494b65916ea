//! Staff accounts, API tokens and signing keys over HTTP: the admin console's forms post here.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/staff/admin/accounts` | admin (their office's clerks and approvers; all when bound to none) | creates an account (`email`, `name`, `role_clerk`/`role_approver`/`role_admin`, `office`) and mails its enrollment invitation |
//! | `POST /api/staff/admin/accounts/{id}/state` | admin of the account | `state` = `suspended`, `active` or `ended` |
//! | `POST /api/staff/admin/accounts/{id}/invite` | admin of the account | a new invitation, mailed; `lost_phone` ends its passkeys too |
//! | `POST /api/staff/admin/tokens/{id}/revoke` | admin bound to no office | revokes an API token |
//! | `POST /api/staff/admin/keys/rotate` | admin bound to no office | a new signing key signs from now on |
//! | `POST /api/staff/admin/failed/send-back` | admin bound to no office | sends an entry of the failed work list (`kind` = `run`, `mail` or `sms`, and its `id`) back to be tried again |
//!
//! Browsers go back to `/staff/admin` (with `done=` or the problem's code); programs get JSON
//! or problem details. The invitation's link and code go only to the account's own address:
//! an admin never sees them (they could otherwise enroll a passkey as someone else).
//!
//! Owns: parsing the forms, and mailing after the commit. Must never: decide (the core does).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use portal_core::admin;
use portal_core::auth::invitations;
use portal_core::CoreError;
use portal_domain::invitation::IssuedInvitation;
use portal_domain::policy::admin_scope;
use portal_domain::session::Principal;
use portal_domain::staff::{NewStaff, Staff, StaffId, StaffRole, StaffState};
use portal_storage::jobs::FailedKind;

use crate::error::AppError;
use crate::extract::{Call, StaffMember};
use crate::forms::{fields, parse_id, respond, ticked, Done, Fields};
use crate::WebState;

/// Where browsers go back to.
const BACK: &str = "/staff/admin";

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/api/staff/admin/accounts", post(create))
        .route("/api/staff/admin/accounts/{id}/state", post(change))
        .route("/api/staff/admin/accounts/{id}/invite", post(invite))
        .route("/api/staff/admin/tokens/{id}/revoke", post(revoke_token))
        .route("/api/staff/admin/keys/rotate", post(rotate_key))
        .route("/api/staff/admin/failed/send-back", post(send_back))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/staff/admin/accounts"),
    ("POST", "/api/staff/admin/accounts/{id}/state"),
    ("POST", "/api/staff/admin/accounts/{id}/invite"),
    ("POST", "/api/staff/admin/tokens/{id}/revoke"),
    ("POST", "/api/staff/admin/keys/rotate"),
    ("POST", "/api/staff/admin/failed/send-back"),
];

/// Mails `invitation` to staff account `id`'s address. The account and its invitation are
/// committed already, so a failed mail is reported (`mail=failed`), not undone: the admin
/// sends a new one.
async fn mail(state: &WebState, call: &Call, id: StaffId, invitation: &IssuedInvitation) -> bool {
    let sent = async {
        let mailer = state
            .config
            .mailer()
            .map_err(|e| CoreError::Setup(e.to_string()))?;
        let mut db = state.store.read().await?;
        invitations::send_by_mail(
            &mut db,
            &call.ctx(),
            &mailer,
            Principal::Staff(id),
            invitation,
            &state.config.public_url,
        )
        .await
    }
    .await;
    match sent {
        Ok(to) => to.is_some(),
        Err(error) => {
            tracing::warn!(error = %error, "a staff invitation mail could not be sent; the invitation is valid");
            false
        }
    }
}

/// The signed-in staff member when they administer anything: refused before their input is
/// even read (a clerk learns nothing from a validation answer).
fn admin_of(staff: Result<StaffMember, AppError>) -> Result<Staff, AppError> {
    let StaffMember(staff) = staff?;
    match admin_scope(&staff) {
        Some(_) => Ok(staff),
        None => Err(CoreError::NotAllowed.into()),
    }
}

fn mailed(sent: bool) -> &'static str {
    if sent {
        "sent"
    } else {
        "failed"
    }
}

async fn create(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let admin = admin_of(staff)?;
        let roles: Vec<StaffRole> = [StaffRole::Clerk, StaffRole::Approver, StaffRole::Admin]
            .into_iter()
            .filter(|role| ticked(&form, &format!("role_{}", role.as_str())))
            .collect();
        let field = |name: &str| form.get(name).map_or("", String::as_str);
        let account = NewStaff::parse(field("email"), field("name"), &roles, Some(field("office")))
            .map_err(|e| CoreError::Invalid(vec![e]))?;
        let mut tx = state.store.begin().await?;
        let (id, invitation) = admin::create_staff(
            &mut tx,
            &call.ctx(),
            &admin,
            &account,
            state.config.invitation_lifetime(),
        )
        .await?;
        tx.commit().await?;
        let sent = mail(&state, &call, id, &invitation).await;
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({
                "id": id.0.to_string(),
                "invitation_expires_at": invitation.expires_at.to_rfc3339(),
                "mailed": sent,
            }),
            format!("{BACK}?done=created&mail={}#accounts", mailed(sent)),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#new-account"))
}

async fn change(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let admin = admin_of(staff)?;
        let id = StaffId(parse_id(&id)?);
        let to = StaffState::parse(form.get("state").map_or("", String::as_str))
            .map_err(|e| CoreError::Invalid(vec![e]))?;
        let mut tx = state.store.begin().await?;
        admin::change_staff(&mut tx, &call.ctx(), &admin, id, to).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "id": id.0.to_string(), "state": to.as_str() }),
            format!("{BACK}?done={}#accounts", to.as_str()),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#accounts"))
}

async fn invite(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let admin = admin_of(staff)?;
        let id = StaffId(parse_id(&id)?);
        let lost_phone = ticked(&form, "lost_phone");
        let mut tx = state.store.begin().await?;
        let invitation = admin::invite_staff(
            &mut tx,
            &call.ctx(),
            &admin,
            id,
            state.config.invitation_lifetime(),
            lost_phone,
        )
        .await?;
        tx.commit().await?;
        let sent = mail(&state, &call, id, &invitation).await;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({
                "id": id.0.to_string(),
                "invitation_expires_at": invitation.expires_at.to_rfc3339(),
                "mailed": sent,
                "passkeys_ended": lost_phone,
            }),
            format!("{BACK}?done=invited&mail={}#accounts", mailed(sent)),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#accounts"))
}

async fn revoke_token(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let outcome = async {
        let admin = admin_of(staff)?;
        let id = parse_id(&id)?;
        let mut tx = state.store.begin().await?;
        admin::revoke_token_by(&mut tx, &call.ctx(), &admin, id).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "token": id.to_string(), "revoked": true }),
            format!("{BACK}?done=token-revoked#tokens"),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#tokens"))
}

async fn rotate_key(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
) -> Response {
    let outcome = async {
        let admin = admin_of(staff)?;
        let mut tx = state.store.begin().await?;
        let kid = admin::rotate_key_by(&mut tx, &call.ctx(), &state.config, &admin).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({ "kid": kid }),
            format!("{BACK}?done=key-rotated#keys"),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#keys"))
}

async fn send_back(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let admin = admin_of(staff)?;
        let field = |name: &str| form.get(name).map_or("", String::as_str);
        let kind = FailedKind::parse(field("kind")).ok_or_else(|| {
            AppError::BadRequest("kind must be run, mail or sms.".into())
        })?;
        let id = field("id");
        if id.is_empty() || id.len() > 200 {
            return Err(AppError::BadRequest("id names the failed work to send back.".into()));
        }
        let mut tx = state.store.begin().await?;
        admin::send_back_by(&mut tx, &call.ctx(), &admin, kind, id).await?;
        tx.commit().await?;
        match kind {
            FailedKind::Mail | FailedKind::Sms => state.wake_mail(),
            FailedKind::Run => {
                let (store, now) = (state.store.clone(), call.now);
                tokio::spawn(async move {
                    if let Err(error) = portal_core::jobs::retry_due_runs(&store, now).await {
                        tracing::warn!(error = %portal_core::jobs::runs::error_kind(&error), "a run sent back failed to start; housekeeping retries");
                    }
                });
            }
        }
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "kind": kind.as_str(), "sentBack": true }),
            format!("{BACK}?done=sent-back#failed"),
        ))
    }
    .await;
    respond(&headers, outcome, &format!("{BACK}#failed"))
}
