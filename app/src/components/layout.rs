//! The frame around every page: header with the portal's name, who is signed in (with their
//! unread messages and "Sign out"), main links and the language switch; footer.
//!
//! Owns: site-wide navigation. Must never: show personal data on the verifier's pages, which
//! its service worker keeps for use offline (a stored page would name whoever was signed in
//! on that phone), or anyone's data but the signed-in account's own name.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::messages::{header_account, SignedInAs};
use crate::components::language::LanguageSwitch;
use crate::i18n::{t, t_with, use_locale, Key};

/// Whether `path` is one of the verifier's pages, kept for use offline.
fn kept_offline(path: &str) -> bool {
    path == "/verify" || path.starts_with("/verify/")
}

/// The top of every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let location = use_location();
    // Asked again on every navigation, so the unread count follows what was read.
    let account = Resource::new(
        move || location.pathname.get(),
        |path| async move {
            if kept_offline(&path) {
                return None;
            }
            header_account().await.ok().flatten()
        },
    );
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <a class="brand" href="/">
                    <svg class="brand__mark" viewBox="0 0 24 24" aria-hidden="true" width="28" height="28">
                        <path d="M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z" fill="currentColor" />
                    </svg>
                    <span>{t(Key::AppName)}</span>
                </a>
                <nav aria-label=t(Key::AppName)>
                    <ul class="site-nav">
                        <Transition fallback=|| view! { <SignInLink /> }>
                            {move || Suspend::new(async move {
                                match account.await {
                                    Some(who) => view! { <SignedIn who=who /> }.into_any(),
                                    None => view! { <SignInLink /> }.into_any(),
                                }
                            })}
                        </Transition>
                        <li>
                            <a href="/verify">{t(Key::NavVerify)}</a>
                        </li>
                    </ul>
                </nav>
            </div>
            <LanguageSwitch />
        </header>
    }
}

#[component]
fn SignInLink() -> impl IntoView {
    view! {
        <li>
            <a href="/signin">{t(Key::NavSignIn)}</a>
        </li>
    }
}

/// The signed-in account's name (to their home page), their messages and "Sign out".
#[component]
fn SignedIn(who: SignedInAs) -> impl IntoView {
    let locale = use_locale();
    let messages = who.unread.map(|n| {
        let words = move || {
            let locale = locale.get();
            if n > 0 {
                locale.format(Key::HeaderMessagesUnread, &[("count", &locale.number(n))])
            } else {
                locale.text(Key::NavMessages).to_owned()
            }
        };
        view! {
            <li>
                <a href="/me/messages" data-unread=n.to_string()>{words}</a>
            </li>
        }
    });
    view! {
        <li>
            <a href=who.home class="site-nav__account">
                <span class="visually-hidden">{t(Key::HeaderAccount)} ": "</span>
                <bdi>{who.name}</bdi>
            </a>
        </li>
        {messages}
        {who.acting_for.map(|name| view! {
            <li class="site-nav__acting">
                <span role="status">{t_with(Key::TrustedActing, vec![("name", name)])}</span>
                " "
                <form method="post" action="/api/me/trusted/stop" class="site-nav__signout">
                    <button type="submit" class="link-button">{t(Key::TrustedStop)}</button>
                </form>
            </li>
        })}
        <li>
            <form method="post" action="/auth/signout" class="site-nav__signout">
                <button type="submit" class="link-button">{t(Key::Signout)}</button>
            </form>
        </li>
    }
}

/// The bottom of every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p><a href="/help">{t(Key::NavHelp)}</a></p>
            <p>{t(Key::FooterText)}</p>
        </footer>
    }
}
