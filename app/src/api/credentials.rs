//! Server functions of "My credentials", the staff case view's credential list and the
//! verifier page's result.
//!
//! Owns: the data shapes of those pages. Must never: authorize by itself (the issuance service
//! and the policy do), hand a credential to a session that has not used its passkey within
//! the re-authentication window, or return more than the page shows.

use leptos::prelude::*;
use portal_types::{CredentialKind, StatusReason};
use serde::{Deserialize, Serialize};

/// One kind of credential on "My credentials".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLine {
    /// Which kind.
    pub kind: CredentialKind,
    /// Status of the newest one: `active`, `suspended`, `revoked`, `expired`, or none yet.
    pub status: Option<String>,
    /// Why, when not active.
    pub reason: Option<StatusReason>,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// What asking would do: `show`, `issue`, `suspended`, `office`, `inactive`.
    pub next: String,
}

/// "My credentials".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialsOverview {
    /// Whether the session used its passkey recently enough to show credentials.
    pub fresh: bool,
    /// The two kinds.
    pub cards: Vec<CardLine>,
}

/// One credential, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialDetail {
    /// Id.
    pub id: String,
    /// Which kind.
    pub kind: CredentialKind,
    /// Status now (`active`, `suspended`, `revoked`, `expired`).
    pub status: String,
    /// Issue date, `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// The holder's (or principal applicant's) name as in the credential.
    pub name: String,
    /// Registration or case number.
    pub number: String,
    /// The QR code, SVG.
    pub qr_svg: String,
    /// QR version reached (1–40), for the page's size hint and the tests.
    pub qr_version: i16,
    /// Characters of the QR payload.
    pub qr_chars: usize,
    /// The claims a share may disclose (SD-JWT VC claim names), in the order shown.
    pub shareable: Vec<String>,
    /// Whether presets apply (registration credentials).
    pub presets: bool,
    /// The share made for this page view.
    pub share: Option<ShareView>,
    /// A share was asked for and could not be made (an unknown or empty choice).
    pub share_failed: bool,
    /// The offer to a wallet app this browser made last, while its cookie lives.
    pub wallet: Option<WalletView>,
}

/// An offer of the credential to a wallet app (OpenID4VCI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    /// `open`, `redeemed`, `ended` (expired or replaced) or `locked` (too many wrong codes).
    pub state: String,
    /// The `openid-credential-offer://` link, while open.
    pub link: Option<String>,
    /// Its QR code, SVG, while open.
    pub qr_svg: Option<String>,
    /// The QR version reached.
    pub qr_version: i16,
    /// The transaction code as shown (`123 456`), while open.
    pub tx_code: Option<String>,
    /// Until when it may be used, `YYYY-MM-DD HH:MM` on the person's wall clock.
    pub expires: String,
}

/// A share that discloses only some claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareView {
    /// The preset chosen, or `custom`.
    pub preset: String,
    /// The claims it discloses.
    pub claims: Vec<String>,
    /// The QR code, SVG.
    pub qr_svg: String,
    /// The QR version reached.
    pub qr_version: i16,
    /// The SD-JWT VC presentation as text.
    pub sd_jwt: String,
}

/// A credential, or the request to use the passkey first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialPageData {
    /// Whether the session is fresh.
    pub fresh: bool,
    /// The credential, when fresh.
    pub detail: Option<CredentialDetail>,
}

/// A credential on the staff case view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCredentialLine {
    /// Id.
    pub id: String,
    /// Which kind.
    pub kind: CredentialKind,
    /// `active`, `suspended`, `revoked`, `expired`.
    pub status: String,
    /// Why.
    pub reason: Option<StatusReason>,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`.
    pub valid_until: Option<String>,
    /// For the compare-and-set of a status change.
    pub version: i64,
}

/// The staff view of a person's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffCredentials {
    /// Person id.
    pub person: String,
    /// Newest first.
    pub lines: Vec<StaffCredentialLine>,
    /// Whether this staff member may suspend.
    pub may_suspend: bool,
    /// Whether this staff member may unsuspend, revoke and issue.
    pub may_decide: bool,
}

/// A household member as a verifier sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberResult {
    /// Name.
    pub name: String,
    /// Original script.
    pub name_original: Option<String>,
    /// Relationship code.
    pub relationship: String,
    /// Birth date.
    pub birth_date: Option<String>,
}

/// The verifier page's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyResult {
    /// `genuine`, `expired`, `revoked`, `suspended`, `forged`, `unknown-issuer`,
    /// `not-yet-valid`, `status-unknown`, `unreadable`.
    pub outcome: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// Credential type.
    pub credential_type: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Name in original script.
    pub name_original: Option<String>,
    /// Birth date.
    pub birth_date: Option<String>,
    /// Registration or case number.
    pub registration_number: Option<String>,
    /// Issuing office.
    pub issuing_office: Option<String>,
    /// Registration status at issue, when shown.
    pub registration_status: Option<portal_types::RegistrationStatus>,
    /// Valid until (`YYYY-MM-DD`).
    pub valid_until: Option<String>,
    /// Members.
    pub members: Vec<MemberResult>,
    /// Photo (data URL), checked against the credential's digest.
    pub photo: Option<String>,
    /// A photo is referenced but could not be shown.
    pub photo_missing: bool,
    /// Minutes since the status lists were current.
    pub status_age_minutes: Option<i64>,
    /// The partner system a credential was issued through (its API token's label).
    pub issued_through: Option<String>,
    /// Why a revoked or suspended credential is so (the category told to verifiers).
    pub status_reason: Option<StatusReason>,
    /// Since when (`YYYY-MM-DD`).
    pub status_since: Option<String>,
    /// Whether the holder was 18 or older at issue, when disclosed.
    pub age_over_18: Option<bool>,
    /// Whether the holder was 65 or older at issue, when disclosed.
    pub age_over_65: Option<bool>,
    /// The holder chose what to disclose (an SD-JWT VC).
    pub selective: bool,
    /// Claims a provider asked a wallet for that its answer did not show (claim names).
    pub not_shown: Vec<String>,
}

/// A service provider's request to a wallet app (OpenID4VP), as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletAsk {
    /// `open` (waiting for the wallet), `answered` or `expired`.
    pub state: String,
    /// The verdict, once answered.
    pub result: Option<VerifyResult>,
    /// The `openid4vp://` link, while open.
    pub link: Option<String>,
    /// Its QR code (SVG), while open.
    pub qr_svg: Option<String>,
    /// The QR code's version.
    pub qr_version: i16,
    /// The claims asked for (claim names).
    pub claims: Vec<String>,
    /// How many more minutes the wallet may answer (rounded up).
    pub minutes_left: i64,
}

/// "My credentials": the two kinds and whether the passkey must be used first.
#[server(prefix = "/api", endpoint = "me/credentials/list")]
pub async fn my_credentials() -> Result<CredentialsOverview, ServerFnError> {
    use crate::server::request::{call, fail, fresh, me, read};

    let me = me()?;
    let call = call()?;
    let fresh = fresh();
    let mut db = read().await?;
    let cards = portal_core::credentials::cards(&mut db, &call.ctx(), me)
        .await
        .map_err(fail)?;
    Ok(CredentialsOverview {
        fresh,
        cards: cards.iter().map(|c| backend::card(c, call.now)).collect(),
    })
}

/// One of the person's credentials with its QR code (after a fresh passkey use).
#[server(prefix = "/api", endpoint = "me/credentials/one")]
pub async fn my_credential(
    id: String,
    #[server(default)] share: Option<String>,
    #[server(default)] claims: String,
) -> Result<CredentialPageData, ServerFnError> {
    use crate::server::request::{begin, call, commit, fail, fresh, me, parse_id, read, state};
    use portal_core::credentials::share::{self, Choice};

    let me = me()?;
    if !fresh() {
        return Ok(CredentialPageData {
            fresh: false,
            detail: None,
        });
    }
    let id = parse_id(&id)?;
    let now = call()?.now;
    let mut db = read().await?;
    let credential = portal_core::credentials::of_person(&mut db, me, id)
        .await
        .map_err(fail)?;
    let shown = portal_core::credentials::shown(&credential).map_err(fail)?;
    drop(db);
    let (shareable, presets) = match credential.kind {
        portal_domain::credential::CredentialKind::Household => {
            (portal_credentials::sd_jwt_vc::HOUSEHOLD_CLAIMS, false)
        }
        _ => (portal_credentials::sd_jwt_vc::REGISTRATION_CLAIMS, true),
    };
    let current = portal_core::credentials::status_at(&credential, now) == "active";
    let made = match share.filter(|_| current) {
        None => None,
        Some(preset) => {
            let picked: Vec<String> = claims
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
            let made = async {
                let choice = Choice::parse(credential.kind, &preset, &picked).map_err(fail)?;
                let issuer = state()?.issuer().await.map_err(fail)?;
                let mut tx = begin().await?;
                let shared = share::share(&mut tx, &call()?.ctx(), &issuer, me, id, &choice)
                    .await
                    .map_err(fail)?;
                commit(tx).await?;
                Ok::<_, ServerFnError>(ShareView {
                    preset: preset.clone(),
                    claims: shared.claims.iter().map(|c| (*c).to_owned()).collect(),
                    qr_svg: shared.qr_svg,
                    qr_version: shared.qr_version,
                    sd_jwt: shared.sd_jwt,
                })
            }
            .await;
            Some(made)
        }
    };
    let share_failed = matches!(made, Some(Err(_)));
    Ok(CredentialPageData {
        fresh: true,
        detail: Some(CredentialDetail {
            id: credential.id.to_string(),
            kind: credential.kind,
            status: portal_core::credentials::status_at(&credential, now).to_owned(),
            issued: credential.issued_at.format("%Y-%m-%d").to_string(),
            valid_until: credential
                .valid_until
                .map(|d| d.format("%Y-%m-%d").to_string()),
            name: shown.name,
            number: shown.number,
            qr_svg: shown.qr_svg,
            qr_version: shown.qr_version,
            qr_chars: shown.qr_chars,
            shareable: shareable.iter().map(|c| (*c).to_owned()).collect(),
            presets,
            share: made.and_then(Result::ok),
            share_failed,
            wallet: backend::wallet_view(me, &credential, now).await?,
        }),
    })
}

/// A person's credentials for the staff case view (audited as a read of personal data).
#[server(prefix = "/api", endpoint = "staff/people/credentials")]
pub async fn person_credentials(id: String) -> Result<StaffCredentials, ServerFnError> {
    use crate::server::request::{commit, desk, fail, parse_id};
    use portal_domain::credential::{may_change_status, StatusAction};
    use portal_domain::person::PersonId;

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let person = PersonId(parse_id(&id)?);
    let mut tx = desk.begin().await?;
    let history = portal_core::credentials::for_staff(&mut tx, &call.ctx(), staff, person)
        .await
        .map_err(fail)?;
    commit(tx).await?;
    Ok(StaffCredentials {
        person: person.0.to_string(),
        lines: history
            .iter()
            .map(|c| StaffCredentialLine {
                id: c.id.to_string(),
                kind: c.kind,
                status: portal_core::credentials::status_at(c, call.now).to_owned(),
                reason: c.status_reason,
                issued: c.issued_at.format("%Y-%m-%d").to_string(),
                valid_until: c.valid_until.map(|d| d.format("%Y-%m-%d").to_string()),
                version: c.row_version,
            })
            .collect(),
        may_suspend: may_change_status(staff, StatusAction::Suspend).is_ok(),
        may_decide: may_change_status(staff, StatusAction::Revoke).is_ok(),
    })
}

/// The verifier page's result under `token` (from the form post), if still kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierSources {
    /// The issuer's DID document (same origin).
    pub did_document: String,
    /// Every status list credential, both purposes.
    pub status_lists: Vec<String>,
}

/// The documents a verifier's phone caches to check credentials without a network (public:
/// the DID document and the status lists are published for anyone).
#[server(prefix = "/api", endpoint = "verify/sources")]
pub async fn offline_sources() -> Result<VerifierSources, ServerFnError> {
    use crate::server::request::{fail, read, state};

    let issuer = state()?.issuer().await.map_err(fail)?;
    let mut db = read().await?;
    let status_lists = portal_core::credentials::status::list_urls(&mut db, &issuer)
        .await
        .map_err(fail)?;
    Ok(VerifierSources {
        did_document: "/.well-known/did.json".to_owned(),
        status_lists,
    })
}

/// The verifier page's result under `token` (from the form post), if still kept.
#[server(prefix = "/api", endpoint = "verify/result")]
pub async fn verification_result(token: String) -> Result<Option<VerifyResult>, ServerFnError> {
    use crate::server::request::{call, fail, state};

    crate::api::account::personal_page();
    let token: String = token
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(32)
        .collect();
    let now = call()?.now;
    Ok(state()?
        .verify_results
        .get(&token, now)
        .await
        .map_err(fail)?
        .map(|view| backend::verify_result(view, now)))
}

/// The provider's request a `/verify?ask=…` link holds, and where it stands; `None` for a
/// link this portal did not make.
#[server(prefix = "/api", endpoint = "verify/ask")]
pub async fn wallet_request(ask: String) -> Result<Option<WalletAsk>, ServerFnError> {
    use crate::server::request::{call, fail, state};
    use portal_core::credentials::asking::{self, Standing};

    crate::api::account::personal_page();
    let now = call()?.now;
    let state = state()?;
    let issuer = state.issuer().await.map_err(fail)?;
    let Some(asked) = asking::open_page(&issuer, &ask).map_err(fail)? else {
        return Ok(None);
    };
    let mut view = WalletAsk {
        state: "open".to_owned(),
        result: None,
        link: None,
        qr_svg: None,
        qr_version: 0,
        claims: asked.claims().iter().map(|c| (*c).to_owned()).collect(),
        minutes_left: ((asked.expires() - now).num_seconds().max(0) + 59) / 60,
    };
    match asking::standing(&state.verify_results, &asked, now)
        .await
        .map_err(fail)?
    {
        Standing::Answered(result) => {
            view.state = "answered".to_owned();
            view.result = Some(backend::verify_result(*result, now));
        }
        Standing::Expired => view.state = "expired".to_owned(),
        Standing::Open => {
            let link = asking::request_link(&issuer, &asked).map_err(fail)?;
            let (svg, version) = portal_credentials::qr::render_link_svg(&link)
                .map_err(|e| fail(portal_core::CoreError::from(e)))?;
            view.link = Some(link);
            view.qr_svg = Some(svg);
            view.qr_version = version;
        }
    }
    Ok(Some(view))
}

#[cfg(feature = "ssr")]
mod backend {
    use chrono::{DateTime, Utc};
    use portal_core::credentials::results::VerifyView;
    use portal_core::credentials::Card;

    use super::{CardLine, MemberResult, VerifyResult, WalletView};
    use leptos::prelude::ServerFnError;

    /// The offer this browser's cookie names, when it is the person's and of this credential.
    pub async fn wallet_view(
        me: portal_domain::person::PersonId,
        credential: &portal_storage::credentials::StoredCredential,
        now: DateTime<Utc>,
    ) -> Result<Option<WalletView>, ServerFnError> {
        use crate::server::request::{fail, parts, read, state, zone_of};
        use portal_core::credentials::wallet;
        use portal_domain::wallet::OfferState;

        let state = state()?;
        let Ok(parts) = parts() else {
            return Ok(None);
        };
        let Some((id, code, tx_code)) =
            portal_web::oid4vci::offer_cookie(&parts.headers, state.web.config.is_https())
        else {
            return Ok(None);
        };
        let mut db = read().await?;
        let Some((offer, offer_state)) = wallet::offer_state(&mut db, me, id, now)
            .await
            .map_err(fail)?
            .filter(|(o, _)| o.credential == credential.id)
        else {
            return Ok(None);
        };
        let zone = zone_of(&mut db, me).await?;
        drop(db);
        let mut view = WalletView {
            state: match offer_state {
                OfferState::Open => "open",
                OfferState::Redeemed => "redeemed",
                OfferState::Locked => "locked",
                OfferState::Expired => "ended",
            }
            .to_owned(),
            link: None,
            qr_svg: None,
            qr_version: 0,
            tx_code: None,
            expires: crate::server::request::local_time(offer.expires_at, zone),
        };
        if offer_state == OfferState::Open {
            let issuer = state.web.issuer().await.map_err(fail)?;
            let locale = crate::server::locale::from_headers(&parts.headers);
            let link = wallet::offer_link(&issuer, credential.kind, &code, locale).map_err(fail)?;
            let (svg, version) = portal_credentials::qr::render_link_svg(&link)
                .map_err(|e| fail(portal_core::CoreError::from(e)))?;
            view.qr_svg = Some(svg);
            view.qr_version = version;
            view.link = Some(link);
            view.tx_code = Some(tx_code.display());
        }
        Ok(Some(view))
    }

    pub fn card(card: &Card, now: DateTime<Utc>) -> CardLine {
        use portal_domain::credential::IssueRefused;
        let latest = card.latest.as_ref();
        CardLine {
            kind: card.kind,
            status: latest.map(|c| portal_core::credentials::status_at(c, now).to_owned()),
            reason: latest.and_then(|c| c.status_reason),
            valid_until: latest
                .and_then(|c| c.valid_until)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            next: match card.next {
                Ok(false) => "show",
                Ok(true) => "issue",
                Err(IssueRefused::Suspended) => "suspended",
                Err(IssueRefused::OfficeMustIssue) => "office",
                Err(IssueRefused::RegistrationNotActive) => "inactive",
            }
            .to_owned(),
        }
    }

    pub fn verify_result(view: VerifyView, now: DateTime<Utc>) -> VerifyResult {
        VerifyResult {
            outcome: view.outcome.as_str().to_owned(),
            reasons: view.reasons,
            credential_type: view.credential_type,
            name: view.name,
            name_original: view.name_original,
            birth_date: view.birth_date,
            registration_number: view.registration_number,
            issuing_office: view.issuing_office,
            registration_status: view
                .registration_status
                .as_deref()
                .and_then(|s| portal_types::RegistrationStatus::parse(s).ok()),
            valid_until: view.valid_until.map(|v| v.chars().take(10).collect()),
            members: view
                .members
                .into_iter()
                .map(|m| MemberResult {
                    name: m.name,
                    name_original: m.name_original,
                    relationship: m.relationship,
                    birth_date: m.birth_date,
                })
                .collect(),
            photo: view.photo,
            photo_missing: view.photo_missing,
            age_over_18: view.age_over_18,
            age_over_65: view.age_over_65,
            selective: view.selective,
            issued_through: view.issued_through,
            status_reason: view
                .status_reason
                .as_deref()
                .and_then(|r| portal_types::StatusReason::parse(r).ok()),
            status_since: view
                .status_changed_at
                .map(|at| at.format("%Y-%m-%d").to_string()),
            status_age_minutes: view
                .status_checked_at
                .map(|at| (now - at).num_minutes().max(0)),
            not_shown: view.not_shown,
        }
    }
}
