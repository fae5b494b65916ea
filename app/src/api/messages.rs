//! "My messages" and the header: the person's news, and who is signed in with how many
//! messages they have not read.
//!
//! Owns: the shapes of a message line and of the header's account. Must never: send more than
//! the page shows (a message names a reference and a kind, not the record), or tell the header
//! anything on a page that may be stored for offline use.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use portal_types::{CredentialKind, CredentialNews, RequestStatus, StatusReason};

/// What a message is about, with what its sentence needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageAbout {
    /// A request: `request.decided` (with the status) or `request.needs_info`.
    Request {
        /// Id, for the link.
        id: String,
        /// Reference.
        reference: String,
        /// Whether the office asks a question (else: decided).
        question: bool,
        /// The status it was decided with.
        status: Option<RequestStatus>,
    },
    /// An appointment booked, moved or cancelled.
    Appointment {
        /// Id, for the link.
        id: String,
        /// Reference.
        reference: String,
        /// `appointment.booked`, `appointment.changed`, `appointment.cancelled`.
        kind: String,
    },
    /// A credential issued, suspended, reinstated or revoked.
    Credential {
        /// What happened.
        news: CredentialNews,
        /// Which credential.
        kind: CredentialKind,
        /// Why (as the holder is told), for a suspension or a revocation.
        reason: Option<StatusReason>,
    },
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLine {
    /// What it is about.
    pub about: MessageAbout,
    /// When, `YYYY-MM-DD HH:MM` at the person's office.
    pub at: String,
    /// Unread before this visit.
    pub new: bool,
}

/// How the person is told of news besides this page, and what they can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelsView {
    /// Mail chosen.
    pub mail: bool,
    /// SMS chosen.
    pub sms: bool,
    /// An email address is on the record (else mail cannot be chosen).
    pub has_email: bool,
    /// A phone number is on the record (else SMS cannot be chosen).
    pub has_phone: bool,
    /// The portal can send SMS at all.
    pub sms_offered: bool,
}

/// The signed-in account as the header shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInAs {
    /// The name shown (given and family name, or a staff member's display name).
    pub name: String,
    /// Where "your account" leads: `/me` or `/staff`.
    pub home: String,
    /// Unread messages, for a person (none for staff).
    pub unread: Option<i64>,
    /// The person this helper's session acts for, by name.
    pub acting_for: Option<String>,
}

/// The header's account: none when signed out or when the account is gone.
#[server(prefix = "/api", endpoint = "header")]
pub async fn header_account() -> Result<Option<SignedInAs>, ServerFnError> {
    use crate::server::request::{acting, fail, principal, read};
    use portal_core::auth::account::{who, Who};
    use portal_domain::session::Principal;

    let Some(principal) = principal() else {
        return Ok(None);
    };
    // Read from the request before the first await (the context may be gone after).
    let acting = acting();
    let mut db = read().await?;
    let Some(who) = who(&mut db, principal).await.map_err(fail)? else {
        return Ok(None);
    };
    let acting_for = match acting {
        Some(acting) => Some(
            portal_core::trusted::name_of(&mut db, acting.person)
                .await
                .map_err(fail)?,
        ),
        None => None,
    };
    Ok(Some(match (who, principal) {
        (Who::Person { name, .. }, Principal::Person(id)) => SignedInAs {
            name,
            home: "/me".to_owned(),
            unread: Some(portal_core::news::unread(&mut db, id).await.map_err(fail)?),
            acting_for,
        },
        (Who::Person { name, .. } | Who::Staff { name, .. }, _) => SignedInAs {
            name,
            home: "/staff".to_owned(),
            unread: None,
            acting_for: None,
        },
    }))
}

/// "My messages", newest first; opening them marks them read.
#[server(prefix = "/api", endpoint = "me/messages")]
pub async fn my_messages() -> Result<Vec<MessageLine>, ServerFnError> {
    use crate::server::request::{begin, call, commit, fail, local_time, me, zone_of};

    let me = me()?;
    let call = call()?;
    let mut tx = begin().await?;
    let messages = portal_core::news::mine(&mut tx, &call.ctx(), me)
        .await
        .map_err(fail)?;
    let zone = zone_of(&mut tx, me).await?;
    commit(tx).await?;
    Ok(messages
        .into_iter()
        .filter_map(|m| {
            let about = about(&m)?;
            Some(MessageLine {
                about,
                at: local_time(m.created_at, zone),
                new: !m.read,
            })
        })
        .collect())
}

/// What a stored notification is about; none for one the page cannot put into words (a kind
/// from a newer release), rather than a raw code.
#[cfg(feature = "ssr")]
fn about(m: &portal_storage::notifications::Notification) -> Option<MessageAbout> {
    if let Some(id) = m.request_id {
        return Some(MessageAbout::Request {
            id: id.0.to_string(),
            reference: id.reference(),
            question: m.kind == "request.needs_info",
            status: m
                .status
                .as_deref()
                .and_then(|s| RequestStatus::parse(s).ok()),
        });
    }
    if let Some(id) = m.appointment_id {
        return Some(MessageAbout::Appointment {
            id: id.0.to_string(),
            reference: id.reference(),
            kind: m.kind.clone(),
        });
    }
    Some(MessageAbout::Credential {
        news: CredentialNews::parse(&m.kind)?,
        kind: CredentialKind::parse(m.credential_kind.as_deref()?).ok()?,
        reason: m
            .status
            .as_deref()
            .and_then(|r| StatusReason::parse(r).ok())
            .map(StatusReason::for_verifier),
    })
}

/// How the person chose to be told of news.
#[server(prefix = "/api", endpoint = "me/channels-choice")]
pub async fn my_channels() -> Result<ChannelsView, ServerFnError> {
    use crate::server::request::{fail, me, read, state};

    let me = me()?;
    let sms_offered = state()?.web.config.sms_url.is_some();
    let mut db = read().await?;
    let reach = portal_core::news::reach(&mut db, me).await.map_err(fail)?;
    Ok(ChannelsView {
        mail: reach.chosen.mail,
        sms: reach.chosen.sms && sms_offered,
        has_email: reach.has_email,
        has_phone: reach.has_phone,
        sms_offered,
    })
}
