//! The document shell (server only) and the root component with the site's routes.
//!
//! Owns: `<html>`/`<head>`, the layout around every page and the route table (paths follow the
//! site map in `shared/PRODUCT.md`). Must never: fetch data itself; pages do.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::i18n::{sync_document_language, t, use_locale, Key, Locale};
use crate::pages::appointments::{
    AppointmentPage, BookPage, MyAppointmentsPage, StaffAppointmentsPage,
};
use crate::pages::credentials::{CredentialPage, MyCredentialsPage, VerifyPage};
use crate::pages::enroll::EnrollPage;
use crate::pages::help::HelpPage;
use crate::pages::home::HomePage;
use crate::pages::me::MePage;
use crate::pages::my_data::MyDataPage;
use crate::pages::my_messages::MyMessagesPage;
use crate::pages::my_passkeys::MyPasskeysPage;
use crate::pages::my_requests::{AccessLogPage, MyRequestPage, MyRequestsPage, NewRequestPage};
use crate::pages::not_found::NotFound;
use crate::pages::signin::SignInPage;
use crate::pages::staff::{StaffFeedbackPage, StaffPage};
use crate::pages::staff_admin::StaffAdminPage;
use crate::pages::staff_people::{CasePage, PeoplePage};
use crate::pages::staff_quality::StaffQualityPage;
use crate::pages::staff_reports::StaffReportsPage;
use crate::pages::staff_requests::{ReviewPage, StaffRequestsPage};
use crate::pages::trusted::TrustedPage;

/// The portal's only stylesheet, inlined into every page's head (server side only).
#[cfg(feature = "ssr")]
const STYLE: &str = include_str!("../../style/main.css");
#[cfg(not(feature = "ssr"))]
const STYLE: &str = "";

/// Pages sent without the WebAssembly bundle: they are complete as server-rendered HTML with
/// plain forms (and, for passkeys and the verifier, small scripts of their own), and they are
/// the ones a person opens first on a cheap phone and a slow network, where the bundle would
/// cost more than everything else together. Every other page hydrates.
pub fn is_lean_page(path: &str) -> bool {
    const LEAN: [&str; 14] = [
        "/",
        "/help",
        "/signin",
        "/verify",
        "/me",
        "/me/credentials",
        "/me/appointments",
        "/me/requests",
        "/me/access-log",
        "/me/messages",
        "/me/data",
        "/me/trusted",
        "/staff/reports",
        "/staff/admin",
    ];
    let path = match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    };
    LEAN.contains(&path) || path.starts_with("/me/credentials/") || path.starts_with("/enroll")
}

/// The whole HTML document, rendered on the server for every page: language, direction,
/// inline style, and the hydration scripts unless the page is lean ([`is_lean_page`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = crate::i18n::provide_locale(request_locale());
    let hydrate = !is_lean_page(&request_path());
    #[cfg(feature = "ssr")]
    crate::server::security::content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.get_untracked().tag() dir=locale.get_untracked().direction().as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <meta name="theme-color" content="#0b5cab" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // The stylesheet is inline: on a slow network a separate file costs a whole
                // round trip (2 s on slow 3G) before anything is painted.
                <style nonce=leptos::nonce::use_nonce() inner_html=STYLE></style>
                {hydrate.then(|| view! { <HydrationScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The locale of the current request: the cookie set by the language switch, else the
/// browser's `Accept-Language`, else English.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        if let Some(parts) = use_context::<http::request::Parts>() {
            return crate::server::locale::from_headers(&parts.headers);
        }
    }
    Locale::En
}

/// The path of the current request (server side; empty in the browser).
fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        if let Some(parts) = use_context::<http::request::Parts>() {
            return parts.uri.path().to_owned();
        }
    }
    String::new()
}

/// The page title in the page's language. On the server it is plain text: the `<head>` is
/// written after the body, outside the request's reactive owner, where no signal may be read
/// (reading one there failed one `/me` in seventy under load). In the browser it follows the
/// language switch.
fn document_title(locale: RwSignal<Locale>) -> TextProp {
    #[cfg(feature = "ssr")]
    {
        TextProp::from(locale.get_untracked().text(Key::AppName))
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(move || locale.get().text(Key::AppName))
    }
}

/// The root component: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = use_locale();
    sync_document_language(locale);
    view! {
        <Title text=document_title(locale) />
        <Router>
            <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
            <SiteHeader />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/enroll") view=EnrollPage ssr=SsrMode::Async />
                    <Route path=path!("/enroll/:token") view=EnrollPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/verify") view=VerifyPage ssr=SsrMode::Async />
                    <Route path=path!("/help") view=HelpPage ssr=SsrMode::Async />
                    // Pages behind sign-in render completely before sending, so that a visitor
                    // without a session gets a real redirect instead of a half page.
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async />
                    <Route path=path!("/me/passkeys") view=MyPasskeysPage ssr=SsrMode::Async />
                    <Route path=path!("/me/messages") view=MyMessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/me/data") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/me/trusted") view=TrustedPage ssr=SsrMode::Async />
                    <Route path=path!("/me/requests") view=MyRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/me/requests/new") view=NewRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/me/requests/:id") view=MyRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/me/access-log") view=AccessLogPage ssr=SsrMode::Async />
                    <Route path=path!("/me/credentials") view=MyCredentialsPage ssr=SsrMode::Async />
                    <Route path=path!("/me/credentials/:id") view=CredentialPage ssr=SsrMode::Async />
                    <Route path=path!("/me/appointments") view=MyAppointmentsPage ssr=SsrMode::Async />
                    <Route path=path!("/me/appointments/book") view=BookPage ssr=SsrMode::Async />
                    <Route path=path!("/me/appointments/:id") view=AppointmentPage ssr=SsrMode::Async />
                    <Route path=path!("/staff") view=StaffPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/admin") view=StaffAdminPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/feedback") view=StaffFeedbackPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/people/:id") view=CasePage ssr=SsrMode::Async />
                    <Route path=path!("/staff/quality") view=StaffQualityPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/reports") view=StaffReportsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/requests") view=StaffRequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/requests/:id") view=ReviewPage ssr=SsrMode::Async />
                    <Route path=path!("/staff/appointments") view=StaffAppointmentsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::is_lean_page;

    #[test]
    fn first_pages_and_read_paths_are_lean_and_forms_hydrate() {
        for lean in [
            "/",
            "/signin",
            "/verify",
            "/me",
            "/me/",
            "/me/credentials",
            "/me/credentials/0b5c",
            "/enroll/abc",
            "/me/appointments",
            "/staff/reports",
        ] {
            assert!(is_lean_page(lean), "{lean}");
        }
        for hydrated in [
            "/staff",
            "/staff/people/1",
            "/me/requests/new",
            "/me/appointments/book",
            "/me/passkeys",
            "/verifyx",
        ] {
            assert!(!is_lean_page(hydrated), "{hydrated}");
        }
    }
}
