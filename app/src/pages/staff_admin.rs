//! `/staff/admin`: the admin console. Staff accounts (add one and mail its invitation; suspend,
//! reinstate, end; send a new invitation; their passkeys and last sign-in), and, for an admin
//! bound to no office, the partner systems' API tokens (revoke) and the signing keys (rotate).
//!
//! Thin: the server function lists, every change is a plain form posted to
//! `/api/staff/admin/…`, which comes back here with `done=` or `problem=` (a lean page: no
//! script needed).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::personal_page;
use crate::api::admin::{
    admin_console, AccountLine, AdminView, FailedLine, SigningKeyLine, TokenLine,
};
use crate::components::dates::{t_count, When};
use crate::i18n::{t, t_with, Key};

fn role_key(role: &str) -> Key {
    match role {
        "clerk" => Key::RoleClerk,
        "approver" => Key::RoleApprover,
        _ => Key::RoleAdmin,
    }
}

fn state_key(state: &str) -> Key {
    match state {
        "active" => Key::AdminStateActive,
        "suspended" => Key::AdminStateSuspended,
        _ => Key::AdminStateEnded,
    }
}

/// What the last change did, or why it did not happen, from the address's query.
fn banner(
    done: Option<String>,
    mail: Option<String>,
    problem: Option<String>,
    errors: bool,
) -> Option<AnyView> {
    let ok =
        |key: Key| view! { <p class="status status--ok" role="status">{t(key)}</p> }.into_any();
    let bad =
        |key: Key| view! { <p class="status status--error" role="alert">{t(key)}</p> }.into_any();
    if errors {
        return Some(bad(Key::AdminProblemForm));
    }
    if let Some(problem) = problem {
        return Some(bad(match problem.as_str() {
            "own-account" => Key::AdminProblemOwn,
            "account-ended" => Key::AdminProblemEnded,
            "account-suspended" => Key::AdminProblemSuspended,
            "account-unchanged" | "stale" => Key::AdminProblemStale,
            "conflict" => Key::AdminProblemExists,
            "not-found" => Key::AdminProblemNotFound,
            "refused" => Key::AdminProblemRefused,
            _ => Key::AdminProblemUnavailable,
        }));
    }
    let key = match done?.as_str() {
        "created" => Key::AdminDoneCreated,
        "invited" => Key::AdminDoneInvited,
        "suspended" => Key::AdminDoneSuspended,
        "active" => Key::AdminDoneActive,
        "ended" => Key::AdminDoneEnded,
        "token-revoked" => Key::AdminDoneTokenRevoked,
        "key-rotated" => Key::AdminDoneKeyRotated,
        "sent-back" => Key::AdminDoneSentBack,
        _ => return None,
    };
    let failed = mail.as_deref() == Some("failed");
    Some(
        view! {
            <div class="stack">
                {ok(key)}
                {failed.then(|| bad(Key::AdminMailFailed))}
            </div>
        }
        .into_any(),
    )
}

/// The console.
#[component]
pub fn StaffAdminPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let shown = move || {
        let q = query.read();
        banner(
            q.get("done"),
            q.get("mail"),
            q.get("problem"),
            q.get("errors").is_some(),
        )
    };
    let console = Resource::new(|| (), |()| admin_console());
    view! {
        <section class="stack" aria-labelledby="admin-title">
            <h1 id="admin-title">{t(Key::AdminTitle)}</h1>
            {shown}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match console.await {
                        Ok(Some(view)) => view! { <Console view=view /> }.into_any(),
                        Ok(None) => view! { <p class="status status--error" role="alert">{t(Key::AdminNotAdmin)}</p> }.into_any(),
                        Err(_) => view! { <p class="status status--error" role="alert">{t(Key::AdminProblemUnavailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/staff">{t(Key::StaffTitle)}</a></p>
        </section>
    }
}

#[component]
fn Console(view: AdminView) -> impl IntoView {
    let AdminView {
        office,
        accounts,
        offices,
        tokens,
        keys,
        failed,
        invitation_days,
    } = view;
    let lead = match &office {
        Some(_) => Key::AdminLeadOffice,
        None => Key::AdminLeadAll,
    };
    let whole = office.is_none();
    view! {
        <p class="muted">{t(lead)}</p>
        <section class="stack" id="accounts" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{t(Key::AdminAccounts)}</h2>
            <ul class="cards stack">
                {accounts.into_iter().map(|a| view! { <Account line=a /> }).collect_view()}
            </ul>
        </section>
        <section class="stack card" id="new-account" aria-labelledby="new-account-title">
            <h2 id="new-account-title">{t(Key::AdminNew)}</h2>
            <form method="post" action="/api/staff/admin/accounts" class="stack">
                <div class="field">
                    <label for="new-email">{t(Key::AdminEmail)}</label>
                    <input id="new-email" name="email" type="email" required maxlength="254" autocomplete="off" dir="ltr" />
                </div>
                <div class="field">
                    <label for="new-name">{t(Key::AdminName)}</label>
                    <input id="new-name" name="name" type="text" required maxlength="100" autocomplete="off" />
                </div>
                <fieldset>
                    <legend>{t(Key::AdminRoles)}</legend>
                    {["clerk", "approver"].into_iter().chain(whole.then_some("admin")).map(|role| {
                        let id = format!("new-role-{role}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=id.clone() name=format!("role_{role}") value="on" />
                                <label for=id>{t(role_key(role))}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="new-office">{t(Key::AdminOffice)}</label>
                    <select id="new-office" name="office">
                        {whole.then(|| view! { <option value="">{t(Key::AdminAllOffices)}</option> })}
                        {offices.into_iter().map(|o| view! {
                            <option value=o.code.clone()>{o.name} " (" <span dir="ltr">{o.code.clone()}</span> ")"</option>
                        }).collect_view()}
                    </select>
                </div>
                <p class="hint">{t_count(Key::AdminInviteNote, "days", invitation_days)}</p>
                <button type="submit" class="button button--primary">{t(Key::AdminCreate)}</button>
            </form>
        </section>
        {tokens.map(|tokens| view! { <Tokens tokens=tokens /> })}
        {keys.map(|keys| view! { <Keys keys=keys /> })}
        {failed.map(|failed| view! { <Failed failed=failed /> })}
    }
}

#[component]
fn Account(line: AccountLine) -> impl IntoView {
    let AccountLine {
        id,
        name,
        email,
        roles,
        office,
        state,
        created,
        passkeys,
        last_sign_in,
        own,
    } = line;
    let act = |what: &str| format!("/api/staff/admin/accounts/{id}/{what}");
    let (state_action, invite_action) = (act("state"), act("invite"));
    let roles = roles.iter().map(|r| t(role_key(r))).collect::<Vec<_>>();
    let live = state != "ended";
    let passkey_count = i64::try_from(passkeys.len()).unwrap_or(i64::MAX);
    let (state_attr, email_attr) = (state.clone(), email.clone());
    view! {
        <li class="card stack" data-state=state_attr data-email=email_attr>
            <h3 class="account__name">{name} " " <span class=format!("badge badge--{state}")>{t(state_key(&state))}</span></h3>
            <p class="account__email" dir="ltr">{email}</p>
            <p>
                {roles.into_iter().enumerate().map(|(i, role)| view! { {(i > 0).then_some(", ")} {role} }).collect_view()}
                " · "
                {match office {
                    Some(office) => view! { {office} }.into_any(),
                    None => view! { {t(Key::AdminAllOffices)} }.into_any(),
                }}
            </p>
            <p class="muted">{t(Key::AdminCreated)} " " <When iso=created /></p>
            <p>
                {t(Key::AdminLastSignIn)} " "
                {match last_sign_in {
                    Some(at) => view! { <When iso=at /> }.into_any(),
                    None => view! { {t(Key::AdminNeverSignedIn)} }.into_any(),
                }}
            </p>
            {live.then(|| view! {
                <details>
                    <summary>{t_count(Key::AdminPasskeys, "count", passkey_count)}</summary>
                    {if passkeys.is_empty() {
                        view! { <p class="muted">{t(Key::AdminNoPasskey)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="stack">
                                {passkeys.into_iter().map(|p| view! {
                                    <li>
                                        <strong>{p.name}</strong> " · " {t(Key::AdminPasskeyAdded)} " " <When iso=p.added />
                                        {p.last_used.map(|u| view! { " · " {t(Key::AdminPasskeyUsed)} " " <When iso=u /> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </details>
            })}
            {if own {
                view! { <p class="hint">{t(Key::AdminOwn)}</p> }.into_any()
            } else if live {
                view! {
                    <div class="actions">
                        <form method="post" action=state_action.clone() class="inline">
                            {if state == "active" {
                                view! { <button type="submit" name="state" value="suspended" class="button">{t(Key::AdminSuspend)}</button> }.into_any()
                            } else {
                                view! { <button type="submit" name="state" value="active" class="button">{t(Key::AdminReinstate)}</button> }.into_any()
                            }}
                        </form>
                        {(state == "active").then(|| view! {
                            <details class="confirm">
                                <summary class="button">{t(Key::AdminInvite)}</summary>
                                <form method="post" action=invite_action.clone() class="stack">
                                    <label class="check">
                                        <input type="checkbox" name="lost_phone" value="true" />
                                        " " {t(Key::AdminLostPhone)}
                                    </label>
                                    <button type="submit" class="button button--primary">{t(Key::AdminInviteSend)}</button>
                                </form>
                            </details>
                        })}
                        <details class="confirm">
                            <summary class="button button--danger">{t(Key::AdminEnd)}</summary>
                            <form method="post" action=state_action class="stack">
                                <p class="confirm__question">{t(Key::AdminEndExplain)}</p>
                                <button type="submit" name="state" value="ended" class="button button--danger">{t(Key::AdminEndConfirm)}</button>
                            </form>
                        </details>
                    </div>
                }.into_any()
            } else {
                ().into_any()
            }}
        </li>
    }
}

#[component]
fn Tokens(tokens: Vec<TokenLine>) -> impl IntoView {
    view! {
        <section class="stack" id="tokens" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{t(Key::AdminTokens)}</h2>
            <p class="muted">{t(Key::AdminTokensLead)}</p>
            {tokens.is_empty().then(|| view! { <p>{t(Key::AdminTokensNone)}</p> })}
            <ul class="cards stack">
                {tokens.into_iter().map(|token| {
                    let action = format!("/api/staff/admin/tokens/{}/revoke", token.id);
                    let scopes = token.scopes.iter().map(|s| t(if s == "issue" { Key::AdminScopeIssue } else { Key::AdminScopeStatus })).collect::<Vec<_>>();
                    let revoked = token.revoked.is_some();
                    view! {
                        <li class="card stack" data-token=token.id.clone() data-revoked=revoked.to_string()>
                            <h3>{token.label}</h3>
                            <p>{t(Key::AdminTokenScopes)} " " {scopes.into_iter().enumerate().map(|(i, s)| view! { {(i > 0).then_some(", ")} {s} }).collect_view()}</p>
                            {(!token.types.is_empty()).then(|| view! {
                                <p>{t(Key::AdminTokenTypes)} " " <span dir="ltr">{token.types.join(", ")}</span></p>
                            })}
                            <p class="muted">
                                {t(Key::AdminCreated)} " " <When iso=token.created /> " · " {t(Key::AdminTokenUsed)} " "
                                {match token.last_used {
                                    Some(at) => view! { <When iso=at /> }.into_any(),
                                    None => view! { {t(Key::AdminTokenNeverUsed)} }.into_any(),
                                }}
                            </p>
                            {match token.revoked {
                                Some(at) => view! { <p><span class="badge badge--ended">{t(Key::AdminTokenRevokedOn)}</span> " " <When iso=at /></p> }.into_any(),
                                None => view! {
                                    <details class="confirm">
                                        <summary class="button button--danger">{t(Key::AdminRevoke)}</summary>
                                        <form method="post" action=action class="stack">
                                            <p class="confirm__question">{t(Key::AdminRevokeExplain)}</p>
                                            <button type="submit" class="button button--danger">{t(Key::AdminRevokeConfirm)}</button>
                                        </form>
                                    </details>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Keys(keys: Vec<SigningKeyLine>) -> impl IntoView {
    view! {
        <section class="stack" id="keys" aria-labelledby="keys-title">
            <h2 id="keys-title">{t(Key::AdminKeys)}</h2>
            <ul class="cards stack">
                {keys.into_iter().rev().map(|key| { let kid = key.kid.clone(); view! {
                    <li class="card stack" data-kid=kid>
                        <h3 dir="ltr" class="kid">{key.kid}</h3>
                        <p>
                            {match (&key.retired, key.signs) {
                                (Some(_), _) => t(Key::AdminKeyRetired),
                                (None, true) => t(Key::AdminKeySigns),
                                (None, false) => t(Key::AdminKeyVerifies),
                            }}
                        </p>
                        <p class="muted">
                            {t(Key::AdminCreated)} " " <When iso=key.created />
                            {key.retired.map(|at| view! { " · " {t(Key::AdminKeyRetiredOn)} " " <When iso=at /> })}
                        </p>
                    </li>
                }}).collect_view()}
            </ul>
            <details class="confirm">
                <summary class="button">{t(Key::AdminRotate)}</summary>
                <form method="post" action="/api/staff/admin/keys/rotate" class="stack">
                    <p class="confirm__question">{t(Key::AdminRotateExplain)}</p>
                    <button type="submit" class="button button--primary">{t(Key::AdminRotateConfirm)}</button>
                </form>
            </details>
        </section>
    }
}

/// Why a delivery failed, in words: the key and the reply code from its reason token.
fn failure_words(reason: &str) -> (Key, Option<String>) {
    let (kind, code) = match reason.split_once(' ') {
        Some((kind, code)) if code.bytes().all(|b| b.is_ascii_digit()) => (kind, Some(code)),
        _ => (reason, None),
    };
    let key = match (kind, code.is_some()) {
        ("refused", true) => Key::AdminFailedRefused,
        ("deferred", true) => Key::AdminFailedDeferred,
        ("timeout", false) => Key::AdminFailedTimeout,
        ("tls", false) => Key::AdminFailedTls,
        ("unreachable", false) => Key::AdminFailedUnreachable,
        ("number", false) => Key::AdminFailedNumber,
        ("setup", false) => Key::AdminFailedSetup,
        _ => Key::AdminFailedUnknown,
    };
    (key, code.map(str::to_owned))
}

/// The dead-letter list: what failed for good, and a way to try each again.
#[component]
fn Failed(failed: Vec<FailedLine>) -> impl IntoView {
    let what = |line: &FailedLine| match (line.kind.as_str(), line.job.as_str()) {
        ("mail", _) => Key::AdminFailedMail,
        ("sms", _) => Key::AdminFailedSms,
        (_, "quality-check") => Key::AdminFailedQuality,
        _ => Key::AdminFailedRun,
    };
    view! {
        <section class="stack" id="failed" aria-labelledby="failed-title">
            <h2 id="failed-title">{t(Key::AdminFailed)}</h2>
            {if failed.is_empty() {
                view! { <p class="muted">{t(Key::AdminFailedNone)}</p> }.into_any()
            } else {
                view! {
                    <p>{t(Key::AdminFailedLead)}</p>
                    <ul class="cards stack">
                        {failed.into_iter().map(|line| { let key = what(&line); let kind = line.kind.clone(); view! {
                            <li class="card stack" data-failed=kind>
                                <h3>{t(key)}</h3>
                                <p class="muted">
                                    {line.since.map(|at| view! { {t(Key::AdminFailedSince)} " " <When iso=at /> " · " })}
                                    {t_count(Key::AdminFailedAttempts, "count", line.attempts)}
                                </p>
                                {line.reason.as_deref().map(failure_words).map(|(key, code)| view! {
                                    <p data-failure="">{t_with(key, vec![("code", code.unwrap_or_default())])}</p>
                                })}
                                <form method="post" action="/api/staff/admin/failed/send-back">
                                    <input type="hidden" name="kind" value=line.kind />
                                    <input type="hidden" name="id" value=line.id />
                                    <button type="submit" class="button">{t(Key::AdminSendBack)}</button>
                                </form>
                            </li>
                        }}).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
