//! Any path the site map does not know: a friendly page with a way back, answered with 404.

use leptos::prelude::*;

use crate::i18n::{t, Key};

/// The "page not found" page.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <section class="message" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t(Key::NotFoundTitle)}</h1>
            <p>{t(Key::NotFoundBody)}</p>
            <a class="button button--primary" href="/">
                {t(Key::BackToStart)}
            </a>
        </section>
    }
}
