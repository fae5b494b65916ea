//! The refugee portal's web application: Leptos components rendered on the server and hydrated
//! in the browser, the server functions they call, and (feature `ssr`) the HTTP server and the
//! `portal` command line.
//!
//! Layers, lowest first (a module uses only those above it in this list):
//!
//! | module | owns |
//! |---|---|
//! | [`i18n`], [`labels`] | the locale in the UI, and which words name which code |
//! | `server` (ssr) | the bridge from server functions to `portal-web`: state, caller, errors |
//! | [`api`] | server functions and the data shapes of the pages |
//! | [`components`] | shared pieces of pages (layout, language switch, dates, forms) |
//! | [`pages`] | one module per page of the site map |
//! | [`app`] | the document shell and the routes |
//! | `host` (ssr) | the axum router, start-up, the `portal` command line |
//!
//! Must never: hold business rules or SQL (the `portal-core` use cases and `portal-storage`
//! do); pages parse input, call a server function, render.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod labels;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod host;
#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the wasm bundle: attaches the reactive app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A marker for end-to-end tests and for CSS that should only apply once interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
