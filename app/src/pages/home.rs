//! `/`: what the portal is, for each kind of visitor, with the one next step for each.
//! Shows no personal data.

use leptos::prelude::*;

use crate::i18n::{t, Key};

/// The landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{t(Key::HomeTitle)}</h1>
            <p class="lead">{t(Key::HomeLead)}</p>
        </section>
        <ul class="audiences">
            <li class="card card--person">
                <h2>{t(Key::HomePersonTitle)}</h2>
                <p>{t(Key::HomePersonBody)}</p>
                <a class="button button--primary" href="/signin">
                    {t(Key::HomePersonAction)}
                </a>
                <p class="hint">{t(Key::HomePersonFirstTime)}</p>
            </li>
            <li class="card card--provider">
                <h2>{t(Key::HomeProviderTitle)}</h2>
                <p>{t(Key::HomeProviderBody)}</p>
                <a class="button" href="/verify">
                    {t(Key::HomeProviderAction)}
                </a>
            </li>
            <li class="card card--staff">
                <h2>{t(Key::HomeStaffTitle)}</h2>
                <p>{t(Key::HomeStaffBody)}</p>
                <a class="button" href="/signin">
                    {t(Key::HomeStaffAction)}
                </a>
            </li>
        </ul>
        <section class="privacy" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{t(Key::HomePrivacyTitle)}</h2>
            <p>{t(Key::HomePrivacyBody)}</p>
        </section>
    }
}
