//! `/me/credentials` (the person's credentials, after a fresh passkey use),
//! `/me/credentials/{id}` (the QR code, downloads, a printable page), `/verify` (the public
//! verifier page) and the credentials part of the staff case view.
//!
//! Everything renders on the server. Getting a credential and every staff change are plain
//! form posts; the passkey confirmation and the camera scanner are small scripts
//! (`/passkeys.js`, `/verify.js`) whose every word comes from `data-*` attributes here.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::personal_page;
use crate::api::credentials::{
    my_credential, my_credentials, offline_sources, person_credentials, verification_result,
    wallet_request, CardLine, CredentialDetail, StaffCredentialLine, VerifyResult, WalletAsk,
};
use crate::components::dates::{t_count, t_when, When};
use crate::i18n::{l, t, t_with, Key};
use portal_types::StatusReason;

fn status_key(status: Option<&str>) -> Key {
    match status {
        Some("active") => Key::CredentialsStatusActive,
        Some("suspended") => Key::CredentialsStatusSuspended,
        Some("revoked") => Key::CredentialsStatusRevoked,
        Some("expired") => Key::CredentialsStatusExpired,
        _ => Key::CredentialsStatusNone,
    }
}

/// The box that asks for the passkey before credentials are shown (`/passkeys.js` runs it).
#[component]
fn ConfirmWithPasskey() -> impl IntoView {
    view! {
        <div
            class="card stack"
            data-reauth-root=""
            data-msg-working=t(Key::CredentialsReauthWorking)
            data-msg-cancelled=t(Key::CredentialsReauthCancelled)
            data-msg-refused=t(Key::CredentialsReauthCancelled)
            data-msg-unsupported=t(Key::PasskeyUnsupported)
        >
            <p>{t(Key::CredentialsReauth)}</p>
            <p class="status" data-status="" role="status" aria-live="polite"></p>
            <button type="button" class="button button--primary" data-reauth="">{t(Key::CredentialsReauthButton)}</button>
        </div>
        <script type="module" src="/passkeys.js"></script>
    }
}

/// "My credentials".
#[component]
pub fn MyCredentialsPage() -> impl IntoView {
    personal_page();
    let data = Resource::new(|| (), |()| my_credentials());
    view! {
        <section class="stack narrow" aria-labelledby="credentials-title">
            <h1 id="credentials-title">{t(Key::CredentialsTitle)}</h1>
            <p class="lead">{t(Key::CredentialsLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => {
                            let fresh = data.fresh;
                            view! {
                                {(!fresh).then(|| view! { <ConfirmWithPasskey /> })}
                                <ul class="cards">
                                    {data.cards.into_iter().map(|card| view! { <Card card fresh /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(_) => view! { <p class="status status--error">{t(Key::StaffCaseNotAvailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::MeTitle)}</a></p>
        </section>
    }
}

#[component]
fn Card(card: CardLine, fresh: bool) -> impl IntoView {
    let status = card.status.clone();
    let badge = status.clone().unwrap_or_else(|| "none".to_owned());
    let action = format!("/api/me/credentials/{}", card.kind.as_str());
    let title_id = format!("card-{}", card.kind.as_str());
    let labelled_by = title_id.clone();
    let next = card.next.clone();
    view! {
        <li class="card stack" aria-labelledby=labelled_by>
            <h2 id=title_id>{l(card.kind)}</h2>
            <p>
                <span class=format!("badge badge--{badge}")>{t(status_key(status.as_deref()))}</span>
                {card.valid_until.clone().filter(|_| status.as_deref() == Some("active")).map(|d| view! {
                    " " <span>{t_when(Key::CredentialsValidUntil, "date", d)}</span>
                })}
            </p>
            {card.reason.filter(|_| status.as_deref() != Some("active")).map(|r| view! {
                <p class="muted">{l(r)}</p>
            })}
            {match next.as_str() {
                "show" | "issue" => {
                    let label = if next == "show" { Key::CredentialsShow } else { Key::CredentialsGet };
                    view! {
                        <form method="post" action=action class="card__actions">
                            <button type="submit" class="button button--primary" disabled=!fresh>{t(label)}</button>
                            <button type="submit" class="button" name="then" value="wallet" disabled=!fresh>{t(Key::WalletTitle)}</button>
                        </form>
                    }.into_any()
                }
                "suspended" => view! { <p class="status status--warning">{t(Key::CredentialsNextSuspended)}</p> }.into_any(),
                "office" => view! { <p class="status status--warning">{t(Key::CredentialsNextOffice)}</p> }.into_any(),
                _ => view! { <p class="status status--warning">{t(Key::CredentialsNextInactive)}</p> }.into_any(),
            }}
        </li>
    }
}

/// One credential: QR code, downloads, print.
#[component]
pub fn CredentialPage() -> impl IntoView {
    personal_page();
    let params = use_params_map();
    let query = use_query_map();
    let source = move || {
        let q = query.read();
        (
            params.read().get("id").unwrap_or_default(),
            q.get("share"),
            q.get_all("claim").unwrap_or_default().join(","),
        )
    };
    let data = Resource::new(source, |(id, share, claims)| {
        my_credential(id, share, claims)
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => match data.detail {
                        Some(detail) => view! { <Detail detail /> }.into_any(),
                        None => view! {
                            <section class="stack narrow" aria-labelledby="credential-title">
                                <h1 id="credential-title">{t(Key::CredentialsTitle)}</h1>
                                <ConfirmWithPasskey />
                                <p><a href="/me/credentials">{t(Key::CredentialsBack)}</a></p>
                            </section>
                        }.into_any(),
                    },
                    Err(_) => view! {
                        <section class="stack">
                            <h1>{t(Key::NotFoundTitle)}</h1>
                            <p><a href="/me/credentials">{t(Key::CredentialsBack)}</a></p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(detail: CredentialDetail) -> impl IntoView {
    let base = format!("/api/me/credentials/{}", detail.id);
    let current = detail.status == "active";
    view! {
        <section class="stack narrow credential" aria-labelledby="credential-title">
            <h1 id="credential-title">{l(detail.kind)}</h1>
            <p><span class=format!("badge badge--{}", detail.status)>{t(status_key(Some(detail.status.as_str())))}</span></p>
            {(!current).then(|| view! { <p class="status status--warning" role="status">{t(Key::CredentialsNotCurrent)}</p> })}
            <dl class="facts">
                <dt>{t(Key::CredentialsName)}</dt>
                <dd dir="auto">{detail.name.clone()}</dd>
                <dt>{t(Key::CredentialsNumber)}</dt>
                <dd dir="ltr" class="registration-number">{detail.number.clone()}</dd>
                <dt>{t(Key::CredentialsIssued)}</dt>
                <dd><When iso=detail.issued.clone() /></dd>
                {detail.valid_until.clone().map(|d| view! {
                    <dt>{t(Key::VerifyValidUntil)}</dt>
                    <dd><When iso=d /></dd>
                })}
            </dl>
            {current.then(|| view! {
                <figure class="credential-qr" data-qr-version=detail.qr_version.to_string()>
                    <figcaption><strong>{t(Key::CredentialsQrTitle)}</strong></figcaption>
                    <div class="credential-qr__code" inner_html=detail.qr_svg.clone()></div>
                    <p class="muted">{t(Key::CredentialsQrTip)}</p>
                </figure>
                <section class="stack no-print" aria-labelledby="downloads-title">
                    <h2 id="downloads-title">{t(Key::CredentialsDownloadTitle)}</h2>
                    <ul class="links">
                        <li><a href=format!("{base}/credential.json") download="credential.json">{t(Key::CredentialsDownloadJson)}</a></li>
                        <li><a href=format!("{base}/credential.jwt") download="credential.jwt">{t(Key::CredentialsDownloadJwt)}</a></li>
                        <li><a href=format!("{base}/qr.svg") download="credential-qr.svg">{t(Key::CredentialsDownloadSvg)}</a></li>
                    </ul>
                    <p><button type="button" class="button" data-print="">{t(Key::CredentialsPrint)}</button></p>
                </section>
                <Share detail=detail.clone() />
                <Wallet detail=detail.clone() />
                <script type="module" src="/passkeys.js"></script>
            })}
            <p class="no-print"><a href="/me/credentials">{t(Key::CredentialsBack)}</a></p>
        </section>
    }
}

/// The words naming an SD-JWT VC claim.
pub(crate) fn claim_key(claim: &str) -> Key {
    match claim {
        "name" => Key::ClaimName,
        "name_original_script" => Key::ClaimNameOriginalScript,
        "birthdate" => Key::ClaimBirthdate,
        "age_over_18" => Key::ClaimAgeOver18,
        "age_over_65" => Key::ClaimAgeOver65,
        "registration_number" => Key::ClaimRegistrationNumber,
        "registration_status" => Key::ClaimRegistrationStatus,
        "issuing_office" => Key::ClaimIssuingOffice,
        "photo_digest" => Key::ClaimPhotoDigest,
        "household_id" => Key::ClaimHouseholdId,
        _ => Key::ClaimMembers,
    }
}

/// "Show only some details": presets or a choice of claims, then the share's QR code and text.
#[component]
fn Share(detail: CredentialDetail) -> AnyView {
    let action = format!("/me/credentials/{}#share", detail.id);
    let made = detail.share.clone();
    let failed = detail.share_failed;
    let chosen = made.as_ref().map(|s| s.preset.clone()).unwrap_or_default();
    let picked = made.as_ref().map(|s| s.claims.clone()).unwrap_or_default();
    let presets: &[(&str, Key)] = if detail.presets {
        &[
            ("clinic", Key::CredentialsSharePresetClinic),
            ("bank", Key::CredentialsSharePresetBank),
            ("school", Key::CredentialsSharePresetSchool),
        ]
    } else {
        &[]
    };
    let custom_checked = chosen == "custom" || !detail.presets;
    view! {
        <section id="share" class="stack no-print share" aria-labelledby="share-title">
            <h2 id="share-title">{t(Key::CredentialsShareTitle)}</h2>
            <p>{t(Key::CredentialsShareIntro)}</p>
            {failed.then(|| view! { <p class="status status--error" role="alert">{t(Key::CredentialsShareFailed)}</p> })}
            <form method="get" action=action class="stack">
                <fieldset class="stack">
                    <legend>{t(Key::FieldShare)}</legend>
                    {presets.iter().map(|(value, key)| view! {
                        <label class="choice-line">
                            <input type="radio" name="share" value=*value checked=chosen == *value />
                            {t(*key)}
                        </label>
                    }).collect_view()}
                    <label class="choice-line">
                        <input type="radio" name="share" value="custom" checked=custom_checked />
                        {t(Key::CredentialsSharePresetCustom)}
                    </label>
                    <div class="stack share__claims">
                        {detail.shareable.iter().map(|claim| {
                            let on = chosen == "custom" && picked.contains(claim);
                            view! {
                                <label class="choice-line">
                                    <input type="checkbox" name="claim" value=claim.clone() checked=on />
                                    {t(claim_key(claim))}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <p><button type="submit" class="button">{t(Key::CredentialsShareMake)}</button></p>
            </form>
            {made.map(|share| view! {
                <figure class="credential-qr" data-qr-version=share.qr_version.to_string() data-share=share.preset.clone()>
                    <figcaption><strong>{t(Key::CredentialsShareShows)}</strong></figcaption>
                    <ul class="share__shown">
                        {share.claims.iter().map(|c| view! { <li data-claim=c.clone()>{t(claim_key(c))}</li> }).collect_view()}
                    </ul>
                    <div class="credential-qr__code" inner_html=share.qr_svg.clone()></div>
                </figure>
                <label class="stack">
                    <span>{t(Key::CredentialsShareText)}</span>
                    <textarea class="share__text" readonly=true rows="4" dir="ltr" spellcheck="false">{share.sd_jwt.clone()}</textarea>
                </label>
            })}
        </section>
    }
    .into_any()
}

/// "Add to a wallet app": the offer's QR code and link, and the transaction code beside it
/// (OpenID4VCI), or the button that makes one.
#[component]
fn Wallet(detail: CredentialDetail) -> AnyView {
    let action = format!("/api/me/credentials/{}/wallet", detail.id);
    let wallet = detail.wallet.clone();
    let open = wallet.as_ref().is_some_and(|w| w.state == "open");
    view! {
        <section id="wallet" class="stack no-print wallet" aria-labelledby="wallet-title">
            <h2 id="wallet-title">{t(Key::WalletTitle)}</h2>
            <p>{t(Key::WalletIntro)}</p>
            {wallet.map(|w| match w.state.as_str() {
                "open" => view! {
                    <figure class="credential-qr" data-qr-version=w.qr_version.to_string() data-wallet-offer="">
                        <figcaption><strong>{t(Key::WalletMadeTitle)}</strong></figcaption>
                        <div class="credential-qr__code" inner_html=w.qr_svg.clone().unwrap_or_default()></div>
                    </figure>
                    <p><a class="button" href=w.link.clone().unwrap_or_default() data-wallet-link="">{t(Key::WalletOpen)}</a></p>
                    <p><strong>{t(Key::WalletCodeLabel)}</strong></p>
                    <p class="wallet__code"><bdi dir="ltr" data-tx-code="">{w.tx_code.clone().unwrap_or_default()}</bdi></p>
                    <p class="muted">{t(Key::WalletCodeTip)}</p>
                    <p>{t_when(Key::WalletExpires, "time", w.expires.clone())}</p>
                }.into_any(),
                "redeemed" => view! { <p class="status status--ok" role="status" data-wallet-state="redeemed">{t(Key::WalletRedeemed)}</p> }.into_any(),
                "locked" => view! { <p class="status status--warning" role="status" data-wallet-state="locked">{t(Key::WalletLocked)}</p> }.into_any(),
                _ => view! { <p class="status status--warning" role="status" data-wallet-state="ended">{t(Key::WalletEnded)}</p> }.into_any(),
            })}
            {(!open).then(|| view! {
                <form method="post" action=action>
                    <button type="submit" class="button">{t(Key::WalletMake)}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The words of a verification outcome code.
pub(crate) fn outcome_key(outcome: &str) -> Key {
    match outcome {
        "genuine" => Key::VerifyOutcomeGenuine,
        "expired" => Key::VerifyOutcomeExpired,
        "not-yet-valid" => Key::VerifyOutcomeNotYetValid,
        "revoked" => Key::VerifyOutcomeRevoked,
        "suspended" => Key::VerifyOutcomeSuspended,
        "forged" => Key::VerifyOutcomeForged,
        "unknown-issuer" => Key::VerifyOutcomeUnknownIssuer,
        "status-unknown" => Key::VerifyOutcomeStatusUnknown,
        _ => Key::VerifyOutcomeUnreadable,
    }
}

fn input_reason_key(reason: &str) -> Option<Key> {
    match reason {
        "no-qr-code" => Some(Key::VerifyReasonNoQrCode),
        "empty" => Some(Key::VerifyReasonEmpty),
        "not-an-image" => Some(Key::VerifyReasonNotAnImage),
        "image-too-large" => Some(Key::VerifyReasonImageTooLarge),
        "busy" => Some(Key::VerifyReasonBusy),
        "declined" => Some(Key::VerifyReasonDeclined),
        _ => None,
    }
}

/// The public verifier page. It is also an installable web app (`/verify.webmanifest`,
/// service worker `/verify-sw.js`): after one visit online, `/verify.js` checks QR codes on the
/// phone itself with the issuer's DID document and status lists it saved (the offline
/// verifier, a WebAssembly build of the same credentials library the server uses).
#[component]
pub fn VerifyPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("result").unwrap_or_default();
    let result = Resource::new(token, |token| async move {
        if token.is_empty() {
            Ok(None)
        } else {
            verification_result(token).await.map(Some)
        }
    });
    let ask = move || query.read().get("ask").unwrap_or_default();
    let asked = Resource::new(ask, |ask| async move {
        if ask.is_empty() {
            Ok(None)
        } else {
            wallet_request(ask.clone())
                .await
                .map(|found| Some((ask, found)))
        }
    });
    let ask_problem = move || query.read().get("ask_problem").is_some();
    let sources = Resource::new(|| (), |_| offline_sources());
    view! {
        <leptos_meta::Link rel="manifest" href="/verify.webmanifest" />
        <section class="stack narrow verifier" aria-labelledby="verify-title">
            <h1 id="verify-title">{t(Key::VerifyTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(Some(Some(result))) => view! { <Outcome result /> }.into_any(),
                        Ok(Some(None)) => view! { <p class="status status--warning" role="status">{t(Key::VerifyResultGone)}</p> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match asked.await {
                        Ok(Some((token, Some(asked)))) => view! { <WalletAnswer token asked /> }.into_any(),
                        Ok(Some((_, None))) => view! { <p class="status status--warning" role="status">{t(Key::VerifyAskUnknown)}</p> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <div class="stack" data-offline-result="" tabindex="-1"></div>
            <p class="lead">{t(Key::VerifyLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let sources = sources.await.ok();
                    let did_document = sources.as_ref().map(|s| s.did_document.clone()).unwrap_or_default();
                    let status_lists = sources.map(|s| s.status_lists.join(" ")).unwrap_or_default();
                    view! { <VerifyForm did_document status_lists /> }
                })}
            </Suspense>
            <p class="status muted" data-offline-status="" role="status" aria-live="polite"></p>
            <AskWallet problem=ask_problem />
            <script type="module" src="/verify.js"></script>
        </section>
    }
}

/// The claims a provider may ask a wallet for: the registration SD-JWT VC's, in its order (the
/// browser build carries no credentials library; a test holds the two lists equal).
const ASKABLE: [&str; 9] = [
    "name",
    "name_original_script",
    "birthdate",
    "age_over_18",
    "age_over_65",
    "registration_number",
    "registration_status",
    "issuing_office",
    "photo_digest",
];

/// Ticked at first: "registered, adult, photo", what most providers need.
const ASKED_AT_FIRST: [&str; 3] = ["age_over_18", "registration_status", "photo_digest"];

/// "Ask for a proof from a wallet app" (OpenID4VP): a plain form post that makes the request.
#[component]
fn AskWallet(problem: impl Fn() -> bool + Send + Sync + 'static) -> impl IntoView {
    view! {
        <section id="wallet" class="stack wallet-ask" aria-labelledby="ask-title">
            <h2 id="ask-title">{t(Key::VerifyAskTitle)}</h2>
            <p>{t(Key::VerifyAskIntro)}</p>
            {move || problem().then(|| view! { <p class="status status--error" role="alert">{t(Key::VerifyAskProblem)}</p> })}
            <form method="post" action="/verify/wallet" class="stack" data-ask-form="">
                <fieldset class="stack">
                    <legend>{t(Key::VerifyAskNeed)}</legend>
                    {ASKABLE.iter().map(|claim| view! {
                        <label class="choice-line">
                            <input type="checkbox" name="claim" value=*claim checked=ASKED_AT_FIRST.contains(claim) />
                            {t(claim_key(claim))}
                        </label>
                    }).collect_view()}
                </fieldset>
                <p><button type="submit" class="button">{t(Key::VerifyAskMake)}</button></p>
            </form>
        </section>
    }
}

/// A request to a wallet app: its QR code while it waits, then the verdict.
#[component]
fn WalletAnswer(token: String, asked: WalletAsk) -> AnyView {
    match asked.state.as_str() {
        "answered" => {
            let Some(result) = asked.result else {
                return ().into_any();
            };
            let not_shown = result.not_shown.clone();
            let locale = crate::i18n::use_locale();
            let missing = move || {
                let locale = locale.get();
                let names: Vec<&str> = not_shown
                    .iter()
                    .map(|c| locale.text(claim_key(c)))
                    .collect();
                locale.format(Key::VerifyAskNotShown, &[("claims", &names.join(", "))])
            };
            let incomplete = !result.not_shown.is_empty();
            let outcome = result.outcome.clone();
            view! {
                <div class="stack" id="wallet-answer" data-wallet-answer=outcome>
                    {incomplete.then(|| view! { <p class="status status--warning" role="alert" data-not-shown="">{missing}</p> })}
                    <Outcome result />
                </div>
            }
            .into_any()
        }
        "expired" => view! {
            <section class="stack card" data-wallet-ask="expired">
                <p class="status status--warning" role="status">{t(Key::VerifyAskExpired)}</p>
                <p><a class="button" href="/verify#wallet">{t(Key::VerifyAskAgain)}</a></p>
            </section>
        }
        .into_any(),
        _ => {
            let answered = format!("/verify/wallet/answered?ask={token}");
            let check = format!("/verify?ask={token}#wallet-wait");
            view! {
                <section id="wallet-wait" class="stack card wallet-ask" data-wallet-ask="open" data-answered-url=answered aria-labelledby="ask-wait-title">
                    <h2 id="ask-wait-title">{t(Key::VerifyAskWaitTitle)}</h2>
                    <p>{t(Key::VerifyAskAsked)}</p>
                    <ul class="share__shown">
                        {asked.claims.iter().map(|c| view! { <li data-claim=c.clone()>{t(claim_key(c))}</li> }).collect_view()}
                    </ul>
                    <figure class="credential-qr" data-qr-version=asked.qr_version.to_string()>
                        <figcaption class="visually-hidden">{t(Key::VerifyAskWaitTitle)}</figcaption>
                        <div class="credential-qr__code" inner_html=asked.qr_svg.clone().unwrap_or_default()></div>
                    </figure>
                    <p><a class="button" href=asked.link.clone().unwrap_or_default() data-wallet-request="">{t(Key::VerifyAskOpen)}</a></p>
                    <p class="status" role="status" aria-live="polite" data-wallet-waiting="">{t(Key::VerifyAskWaiting)}</p>
                    <p class="muted">{t_count(Key::VerifyAskExpires, "minutes", asked.minutes_left)}</p>
                    <p><a href=check>{t(Key::VerifyAskCheck)}</a></p>
                </section>
            }
            .into_any()
        }
    }
}

/// Every word the offline verifier (`/verify.js`) may show, by the name the script uses.
const OFFLINE_WORDS: [(&str, Key); 30] = [
    ("offline-ready", Key::VerifyOfflineReady),
    ("offline-not-ready", Key::VerifyOfflineNotReady),
    ("offline-checked", Key::VerifyOfflineChecked),
    ("offline-photo", Key::VerifyOfflinePhoto),
    (
        "offline-needs-connection",
        Key::VerifyOfflineNeedsConnection,
    ),
    ("status-as-of", Key::VerifyStatusAsOf),
    ("no-qr-code", Key::VerifyReasonNoQrCode),
    ("empty", Key::VerifyReasonEmpty),
    ("not-an-image", Key::VerifyReasonNotAnImage),
    ("compare", Key::VerifyCompare),
    ("name", Key::CredentialsName),
    ("born", Key::VerifyBorn),
    ("number", Key::CredentialsNumber),
    ("office", Key::VerifyOffice),
    ("valid-until", Key::VerifyValidUntil),
    ("members", Key::VerifyMembers),
    ("again", Key::VerifyAgain),
    ("outcome-genuine", Key::VerifyOutcomeGenuine),
    ("outcome-expired", Key::VerifyOutcomeExpired),
    ("outcome-not-yet-valid", Key::VerifyOutcomeNotYetValid),
    ("outcome-revoked", Key::VerifyOutcomeRevoked),
    ("outcome-suspended", Key::VerifyOutcomeSuspended),
    ("outcome-forged", Key::VerifyOutcomeForged),
    ("outcome-unknown-issuer", Key::VerifyOutcomeUnknownIssuer),
    ("outcome-status-unknown", Key::VerifyOutcomeStatusUnknown),
    ("age-over-18", Key::ClaimAgeOver18),
    ("age-over-65", Key::ClaimAgeOver65),
    ("yes", Key::VerifyYes),
    ("no", Key::VerifyNo),
    ("selective", Key::VerifySelective),
];

/// The verifier's form (a plain post to the server) with what the offline verifier needs:
/// where to fetch the documents it keeps (`data-*` attributes) and, hidden beside it, every
/// word it shows, in the page's language.
#[component]
fn VerifyForm(did_document: String, status_lists: String) -> impl IntoView {
    view! {
        <form
            method="post"
            action="/verify"
            enctype="multipart/form-data"
            class="stack"
            data-verify-form=""
            data-did-document=did_document
            data-status-lists=status_lists
            data-msg-camera-unavailable=t(Key::VerifyCameraUnavailable)
        >
            <div class="scanner" data-scanner="" hidden>
                <button type="button" class="button button--primary" data-scan="">{t(Key::VerifyScan)}</button>
                <button type="button" class="button" data-scan-stop="" hidden>{t(Key::VerifyScanStop)}</button>
                <video data-video="" playsinline="" muted="" hidden></video>
                <p class="status" data-status="" role="status" aria-live="polite"></p>
            </div>
            <label for="verify-image">{t(Key::VerifyPhoto)}</label>
            <input id="verify-image" name="image" type="file" accept="image/png,image/jpeg" capture="environment" />
            <label for="verify-text">{t(Key::VerifyPaste)}</label>
            <textarea id="verify-text" name="credential" rows="4" dir="ltr" spellcheck="false" autocomplete="off"></textarea>
            <button type="submit" class="button button--primary">{t(Key::VerifySubmit)}</button>
        </form>
        <div hidden data-words="">
            {OFFLINE_WORDS
                .into_iter()
                .map(|(name, key)| view! { <span data-word=name>{t(key)}</span> })
                .collect_view()}
            <span data-word="outcome-unreadable">{t(Key::VerifyOutcomeUnreadable)}</span>
        </div>
    }
}

#[component]
fn Outcome(result: VerifyResult) -> AnyView {
    let genuine = result.outcome == "genuine";
    let class = if genuine {
        "verdict verdict--ok"
    } else {
        "verdict verdict--bad"
    };
    let input_problem = result.reasons.iter().find_map(|r| input_reason_key(r));
    // Whatever the holder showed, even without a name (a bank's "18 or older").
    let has_holder = result.name.is_some()
        || !result.members.is_empty()
        || result.birth_date.is_some()
        || result.registration_number.is_some()
        || result.registration_status.is_some()
        || result.age_over_18.is_some()
        || result.age_over_65.is_some();
    view! {
        <section class=class role="status" aria-live="polite" data-outcome=result.outcome.clone()>
            <p class="verdict__title">
                <span class="verdict__icon" aria-hidden="true">{if genuine { "✔" } else { "✖" }}</span>
                " "
                {t(outcome_key(&result.outcome))}
            </p>
            {input_problem.map(|k| view! { <p>{t(k)}</p> })}
            {result.status_reason.map(|reason| {
                let word = l(reason);
                let locale = crate::i18n::use_locale();
                view! {
                    <p class="verdict__reason">{move || locale.get().format(Key::VerifyStatusReason, &[("reason", word())])}</p>
                }
            })}
            {result.status_since.clone().map(|since| view! {
                <p>{t(Key::VerifyStatusSince)} " " <When iso=since /></p>
            })}
            {result.issued_through.clone().map(|partner| view! {
                <p class="verdict__partner">{t_with(Key::VerifyIssuedThrough, vec![("partner", partner)])}</p>
            })}
            {result.status_age_minutes.map(|m| view! {
                <p class="muted">{t_count(Key::VerifyStatusAge, "minutes", m)}</p>
            })}
        </section>
        {has_holder.then(|| view! {
            <section class="card stack holder" aria-label=t(Key::VerifyCompare)>
                <p><strong>{if result.photo.is_some() || result.photo_missing { t(Key::VerifyCompare)() } else if result.birth_date.is_none() { t(Key::VerifyCompareNameOnly)() } else { t(Key::VerifyCompareNoPhoto)() }}</strong></p>
                {result.photo.clone().map(|src| view! { <img class="holder__photo" src=src alt=t(Key::VerifyPhotoAlt) /> })}
                {result.photo_missing.then(|| view! { <p class="muted">{t(Key::VerifyPhotoMissing)}</p> })}
                {result.selective.then(|| view! { <p class="muted" data-selective="">{t(Key::VerifySelective)}</p> })}
                <dl class="facts">
                    {result.name.clone().map(|n| view! { <dt>{t(Key::CredentialsName)}</dt><dd class="holder__name" dir="auto">{n}</dd> })}
                    {result.name_original.clone().map(|n| view! { <dt>{t(Key::CredentialsName)}</dt><dd dir="auto">{n}</dd> })}
                    {result.birth_date.clone().map(|d| view! { <dt>{t(Key::VerifyBorn)}</dt><dd><When iso=d /></dd> })}
                    {result.registration_number.clone().map(|n| view! { <dt>{t(Key::CredentialsNumber)}</dt><dd dir="ltr" class="registration-number">{n}</dd> })}
                    {result.issuing_office.clone().map(|o| view! { <dt>{t(Key::VerifyOffice)}</dt><dd dir="auto">{o}</dd> })}
                    {result.registration_status.map(|s| view! { <dt>{t(Key::ClaimRegistrationStatus)}</dt><dd data-claim="registration_status">{l(s)}</dd> })}
                    {result.age_over_18.map(|yes| view! { <dt>{t(Key::ClaimAgeOver18)}</dt><dd data-claim="age_over_18">{t(if yes { Key::VerifyYes } else { Key::VerifyNo })}</dd> })}
                    {result.age_over_65.map(|yes| view! { <dt>{t(Key::ClaimAgeOver65)}</dt><dd data-claim="age_over_65">{t(if yes { Key::VerifyYes } else { Key::VerifyNo })}</dd> })}
                    {result.valid_until.clone().map(|d| view! { <dt>{t(Key::VerifyValidUntil)}</dt><dd><When iso=d /></dd> })}
                </dl>
                {(!result.members.is_empty()).then(|| view! {
                    <h2>{t(Key::VerifyMembers)}</h2>
                    <ul>
                        {result.members.iter().map(|m| view! {
                            <li><span dir="auto">{m.name.clone()}</span>
                                {m.name_original.clone().map(|n| view! { " · " <span dir="auto">{n}</span> })}
                                {m.birth_date.clone().map(|d| view! { " · " <When iso=d /> })}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
            </section>
        })}
        <p><a href="/verify">{t(Key::VerifyAgain)}</a></p>
    }
    // Erased: the verdict sits inside other views (the wallet's answer), and its full type is
    // deeper than the compiler's limit for the browser build.
    .into_any()
}

/// The credentials part of the staff case view.
#[component]
pub fn StaffCredentialsSection(id: String) -> impl IntoView {
    let data = Resource::new(move || id.clone(), person_credentials);
    let query = use_query_map();
    let refused = move || query.read().get("problem").is_some();
    view! {
        <section class="stack card" id="credentials" aria-labelledby="staff-credentials-title">
            <h2 id="staff-credentials-title">{t(Key::StaffCredentialsTitle)}</h2>
            {move || refused().then(|| view! { <p class="status status--error" role="alert">{t(Key::StaffCredentialsRefused)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => {
                            let person = data.person.clone();
                            let (may_suspend, may_decide) = (data.may_suspend, data.may_decide);
                            view! {
                                {data.lines.is_empty().then(|| view! { <p>{t(Key::StaffCredentialsNone)}</p> })}
                                <ul class="stack">
                                    {data.lines.into_iter().map(|line| view! { <StaffLine line may_suspend may_decide /> }).collect_view()}
                                </ul>
                                {may_decide.then(|| {
                                    let action = format!("/api/staff/people/{person}/credentials");
                                    view! {
                                        <form method="post" action=action.clone() class="actions">
                                            <input type="hidden" name="kind" value="registration" />
                                            <button type="submit" class="button">{t(Key::StaffCredentialsIssueRegistration)}</button>
                                        </form>
                                        <form method="post" action=action class="actions">
                                            <input type="hidden" name="kind" value="household" />
                                            <button type="submit" class="button">{t(Key::StaffCredentialsIssueHousehold)}</button>
                                        </form>
                                    }
                                })}
                            }.into_any()
                        }
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StaffLine(line: StaffCredentialLine, may_suspend: bool, may_decide: bool) -> impl IntoView {
    let actions: Vec<(&'static str, Key)> = match line.status.as_str() {
        "active" => {
            let mut a = Vec::new();
            if may_suspend {
                a.push(("suspend", Key::StaffCredentialsSuspend));
            }
            if may_decide {
                a.push(("revoke", Key::StaffCredentialsRevoke));
            }
            a
        }
        "suspended" if may_decide => vec![
            ("unsuspend", Key::StaffCredentialsUnsuspend),
            ("revoke", Key::StaffCredentialsRevoke),
        ],
        _ => Vec::new(),
    };
    let action = format!("/api/staff/credentials/{}/status", line.id);
    let reason_id = format!("reason-{}", line.id);
    view! {
        <li class="stack" data-credential=line.id.clone()>
            <p>
                <strong>{l(line.kind)}</strong>
                " · " <span class=format!("badge badge--{}", line.status)>{t(status_key(Some(line.status.as_str())))}</span>
                " · " <When iso=line.issued.clone() />
                {line.valid_until.clone().map(|d| view! { " – " <When iso=d /> })}
                {line.reason.filter(|_| line.status != "active").map(|r| view! { " · " <span class="muted">{l(r)}</span> })}
            </p>
            {(!actions.is_empty()).then(|| view! {
                <details class="confirm">
                <summary class="button">{t(Key::StaffCredentialsChange)}</summary>
                <form method="post" action=action class="inline-form">
                    <p class="confirm__question">{t(Key::StaffCredentialsChangeLead)}</p>
                    <input type="hidden" name="version" value=line.version.to_string() />
                    <label for=reason_id.clone()>{t(Key::StaffCredentialsReason)}</label>
                    <select id=reason_id name="reason" required>
                        {StatusReason::CHOOSABLE
                            .iter()
                            .map(|r| view! { <option value=r.as_str()>{l(*r)}</option> })
                            .collect_view()}
                    </select>
                    {actions.into_iter().map(|(value, key)| view! {
                        <button type="submit" class=if value == "unsuspend" { "button" } else { "button button--danger" } name="action" value=value>{t(key)}</button>
                    }).collect_view()}
                </form>
                </details>
            })}
        </li>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn the_ask_form_offers_exactly_the_registration_credentials_claims() {
        assert_eq!(
            super::ASKABLE,
            portal_credentials::sd_jwt_vc::REGISTRATION_CLAIMS
        );
    }
}
