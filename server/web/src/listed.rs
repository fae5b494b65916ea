//! A router that lists its routes: the machine-facing modules build their routes through it,
//! so the OpenAPI document ([`crate::openapi`]) can be checked against what is really served.
//!
//! Each route is added as part of the partner API ([`Listed::get`], [`Listed::post`]: the
//! OpenAPI document must describe it) or as a route of the portal's own pages
//! ([`Listed::page`]: a form post, a session API), so none is added without saying which.
//!
//! Owns: recording (method, path) beside the axum router. Must never: add a route it does not
//! record.

use axum::handler::Handler;
use axum::routing::MethodRouter;
use axum::Router;

/// An axum router and the routes it serves.
pub struct Listed<S> {
    router: Router<S>,
    api: Vec<(&'static str, &'static str)>,
    pages: Vec<&'static str>,
}

impl<S: Clone + Send + Sync + 'static> Default for Listed<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> Listed<S> {
    /// No routes yet.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            api: Vec::new(),
            pages: Vec::new(),
        }
    }

    /// A `GET` route of the API.
    pub fn get<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::get(handler));
        self.api.push(("GET", path));
        self
    }

    /// A `POST` route of the API.
    pub fn post<H, T>(mut self, path: &'static str, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::post(handler));
        self.api.push(("POST", path));
        self
    }

    /// A route of the portal's own pages, not part of the API.
    pub fn page(mut self, path: &'static str, route: MethodRouter<S>) -> Self {
        self.router = self.router.route(path, route);
        self.pages.push(path);
        self
    }

    /// The same routes behind `wrap` (a layer, a budget): what they serve is unchanged.
    pub fn wrap(mut self, wrap: impl FnOnce(Router<S>) -> Router<S>) -> Self {
        self.router = wrap(self.router);
        self
    }

    /// Both sets of routes.
    pub fn merge(mut self, other: Listed<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.api.extend(other.api);
        self.pages.extend(other.pages);
        self
    }

    /// The API's routes as (method, path template), in the order they were added.
    pub fn api(&self) -> &[(&'static str, &'static str)] {
        &self.api
    }

    /// The page routes' paths.
    pub fn pages(&self) -> &[&'static str] {
        &self.pages
    }

    /// The axum router.
    pub fn into_router(self) -> Router<S> {
        self.router
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_recorded_as_api_or_page() {
        let listed: Listed<()> = Listed::new()
            .get("/a", || async { "a" })
            .wrap(|r| r.layer(axum::extract::DefaultBodyLimit::max(10)))
            .merge(
                Listed::new()
                    .post("/b", || async { "b" })
                    .page("/c", axum::routing::post(|| async { "c" })),
            );
        assert_eq!(listed.api(), [("GET", "/a"), ("POST", "/b")]);
        assert_eq!(listed.pages(), ["/c"]);
    }
}
