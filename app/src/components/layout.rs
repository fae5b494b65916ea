//! The frame around every page: header with the portal's name, main links and the language
//! switch; footer. Owns: site-wide navigation. Must never: show personal data.

use leptos::prelude::*;

use crate::components::language::LanguageSwitch;
use crate::i18n::{t, Key};

/// The top of every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
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
                        <li>
                            <a href="/signin">{t(Key::NavSignIn)}</a>
                        </li>
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

/// The bottom of every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>{t(Key::FooterText)}</p>
        </footer>
    }
}
