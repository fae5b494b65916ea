//! The refugee portal's web application: Leptos components rendered on the server and hydrated
//! in the browser, the server functions they call, and (feature `ssr`) the HTTP server and the
//! `portal` command line.
//!
//! Owns: pages, components, translations in use, the router. Must never: hold business rules or
//! SQL (those live in `portal-server`); pages parse input, ask the domain, render.

pub mod account;
pub mod app;
pub mod appointments;
pub mod components;
pub mod credentials;
pub mod i18n;
pub mod labels;
pub mod pages;
pub mod requests;
pub mod staff_people;

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
