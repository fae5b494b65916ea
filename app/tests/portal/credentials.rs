//! Credentials over HTTP against the real server, on SQLite and PostgreSQL: the VC-API's
//! status codes and problem details, API tokens, the holder's downloads behind a fresh passkey
//! use, staff status changes by form, the verifier page's form (pasted text and a photo of the
//! QR code), and the routes' gates.
use chrono::{Duration, Utc};
use portal_domain::session::Principal;
use portal_domain::staff::StaffRole;
use portal_domain::tokens::SecretToken;
use portal_testkit::on_both_backends;
use portal_testkit::Backend;
use serde_json::{json, Value};

use crate::support::{qr_png, spawn_demo, TestApp};

pub(crate) struct Cast {
    pub(crate) amina_id: String,
    pub(crate) amina: String,
    pub(crate) khaled: String,
    pub(crate) jonas: String,
    pub(crate) kampala: String,
}

pub(crate) async fn cast(app: &TestApp, people: &portal_testkit::Cast) -> Cast {
    let kampala = app
        .add_staff(
            "kla@agency.example.org",
            &[StaffRole::Clerk, StaffRole::Approver],
            Some("KLA"),
        )
        .await;
    Cast {
        amina_id: people.amina.id.0.to_string(),
        amina: app.person_cookie(&people.amina).await,
        khaled: app.person_cookie(&people.khaled).await,
        jonas: app.staff_cookie(&people.jonas).await,
        kampala: app.staff_cookie(&kampala).await,
    }
}

/// A session that signed in 10 minutes ago and has been used since (not fresh).
pub(crate) async fn stale_cookie(app: &TestApp, principal: Principal) -> String {
    app.session_cookie_at(principal, Utc::now() - Duration::minutes(10))
        .await
}

async fn api_token(app: &TestApp, scopes: &[&str]) -> String {
    app.api_token(scopes).await
}

pub(crate) async fn post_json(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (u16, String, Value) {
    let mut request = app.client.post(app.url(path)).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.json().await.unwrap_or(Value::Null),
    )
}

pub(crate) async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    json_please: bool,
) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).form(fields);
    if json_please {
        request = request.header("accept", "application/json");
    }
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

pub(crate) async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// Amina's registration credential id, obtained as she would (fresh session).
pub(crate) async fn obtain(app: &TestApp, cast: &Cast) -> String {
    let response = post_form(
        app,
        "/api/me/credentials/registration",
        Some(&cast.amina),
        &[],
        true,
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_owned()
}

/// The `eddsa-jcs-2022` form of credential `id` as stored (the one its QR code carries).
pub(crate) async fn stored_jcs(app: &TestApp, id: &str) -> Value {
    let id = uuid::Uuid::parse_str(id).unwrap();
    let stored = portal_storage::credentials::by_id(&mut app.read().await, id)
        .await
        .unwrap()
        .unwrap();
    serde_json::from_str(stored.document_jcs.as_deref().unwrap()).unwrap()
}

async fn download(app: &TestApp, cast: &Cast, id: &str, file: &str) -> String {
    let response = get(
        app,
        &format!("/api/me/credentials/{id}/{file}"),
        Some(&cast.amina),
    )
    .await;
    assert_eq!(response.status().as_u16(), 200, "{file}");
    response.text().await.unwrap()
}

on_both_backends! {
    the_vc_api_answers_with_status_codes_and_problem_details,
    a_person_gets_their_credential_only_after_a_fresh_passkey_use,
    staff_change_a_status_by_form_and_the_verifier_page_shows_it,
    every_credential_route_is_behind_its_gate,
    the_photo_is_referenced_by_digest_and_shown_to_the_verifier,
    the_verifier_page_is_an_offline_app_whose_copies_verify,
    a_suspension_is_news_in_the_header_and_on_my_messages,
    a_share_discloses_only_what_was_chosen_and_its_token_status_list_follows_a_revocation,
    in_did_key_mode_the_served_document_names_the_did_key_issuer,
    the_portal_serves_the_context_its_credentials_name,
    an_older_wallets_vc_1_1_credential_is_verified,
}

/// A VC Data Model 1.1 credential from another issuer (a `did:key`, trusted as conformance
/// suites need) verifies on the VC-API in both Data Integrity suites; the portal still issues
/// 2.0 only.
async fn an_older_wallets_vc_1_1_credential_is_verified(backend: Backend) {
    use portal_credentials::did::did_key_verification_method;
    use portal_credentials::keys::{signing_key_from_seed, Signer};
    let app = crate::support::spawn_with(backend, &[("PORTAL_TRUST_ANY_DID_KEY", "true")]).await;
    let key = signing_key_from_seed(&[7; 32]);
    let method = did_key_verification_method(&key.verifying_key());
    let did = method.split('#').next().unwrap().to_owned();
    let signer = Signer::new(method, key);
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://www.w3.org/2018/credentials/examples/v1"
        ],
        "type": ["VerifiableCredential", "AlumniCredential"],
        "issuer": did,
        "issuanceDate": "2025-09-01T00:00:00Z",
        "credentialSubject": { "id": "did:example:graduate", "alumniOf": "Example University" }
    });
    let now = Utc::now();
    for signed in [
        portal_credentials::rdfc::sign(
            &unsigned,
            &signer,
            now,
            &portal_credentials::rdfc::Contexts::portal(),
        )
        .unwrap(),
        portal_credentials::jcs::sign(&unsigned, &signer, now).unwrap(),
    ] {
        let (status, _, verified) = post_json(
            &app,
            "/credentials/verify",
            None,
            &json!({ "verifiableCredential": signed }),
        )
        .await;
        assert_eq!(status, 200, "{verified}");
        assert_eq!(verified["verified"], true);
    }
    // Issuing stays VC 2.0.
    let token = app
        .api_token_for(&["issue"], &["AlumniCredential"], "School")
        .await;
    let mut request = unsigned.clone();
    request.as_object_mut().unwrap().remove("issuer");
    let (status, _, refused) = post_json(
        &app,
        "/credentials/issue",
        Some(&token),
        &json!({ "credential": request }),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["detail"].as_str().unwrap().contains("1.1"),
        "{refused}"
    );
}

/// `GET /ns/credentials/v1` is the portal's JSON-LD context, for anyone's JSON-LD processor
/// (cacheable, any origin), and a person's downloaded credential names exactly that URL.
async fn the_portal_serves_the_context_its_credentials_name(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let response = get(&app, "/ns/credentials/v1", None).await;
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/ld+json");
    assert_eq!(headers["cache-control"], "public, max-age=604800");
    assert_eq!(headers["access-control-allow-origin"], "*");
    let served: Value = response.json().await.unwrap();
    let built_in: Value =
        serde_json::from_str(portal_credentials::model::PORTAL_CONTEXT_DOCUMENT).unwrap();
    assert_eq!(served, built_in);
    // Only that version exists; the path is not a prefix.
    for other in [
        "/ns/credentials/v2",
        "/ns/credentials/v1/x",
        "/ns/credentials",
    ] {
        assert_eq!(
            get(&app, other, None).await.status().as_u16(),
            404,
            "{other}"
        );
    }

    let id = obtain(&app, &cast).await;
    let text = download(&app, &cast, &id, "credential.json").await;
    let credential: Value = serde_json::from_str(&text).unwrap();
    // The test server's public URL is the default one.
    assert_eq!(
        credential["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "http://localhost:3000/ns/credentials/v1"
        ])
    );
    let (status, _, verified) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": credential }),
    )
    .await;
    assert_eq!(status, 200, "{verified}");
}

/// With `PORTAL_DID_METHOD=key` the credentials name the active key's `did:key`, and
/// `/.well-known/did.json` serves that DID's document (not a `did:web` document nobody names).
async fn in_did_key_mode_the_served_document_names_the_did_key_issuer(backend: Backend) {
    let app = crate::support::spawn_with(backend, &[("PORTAL_DID_METHOD", "key")]).await;
    let token = app
        .api_token_for(&["issue"], &["ClinicVisitCredential"], "Clinic")
        .await;
    let response = get(&app, "/.well-known/did.json", None).await;
    assert_eq!(response.status().as_u16(), 200);
    let document: Value = response.json().await.unwrap();
    let did = document["id"].as_str().unwrap().to_owned();
    assert!(did.starts_with("did:key:z6Mk"), "{document}");
    assert_eq!(
        document["assertionMethod"][0],
        format!("{did}#{}", &did["did:key:".len()..])
    );
    let (status, _, issued) = post_json(
        &app,
        "/credentials/issue",
        Some(&token),
        &json!({ "credential": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential", "ClinicVisitCredential"],
            "credentialSubject": { "id": "did:example:visitor" }
        }, "options": { "cryptosuite": "eddsa-jcs-2022" } }),
    )
    .await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["verifiableCredential"]["issuer"], did);
}

/// The SD-JWT text of the share on a credential page.
fn share_text(html: &str) -> String {
    let start = html
        .find("class=\"share__text\"")
        .expect("a share on the page");
    let open = start + html[start..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</textarea>").unwrap();
    html[open..close].trim().to_owned()
}

/// Amina shows a bank only her name, number, status, photo check and "18 or older": the page
/// makes the SD-JWT VC share; the VC-API verifies it with no birth date in sight; an unknown
/// claim or preset is refused in words; the share is audited with claim names only; the Token
/// Status List token is published signed and follows a revocation, so the same share then
/// reads "revoked".
async fn a_share_discloses_only_what_was_chosen_and_its_token_status_list_follows_a_revocation(
    backend: Backend,
) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    let page = |query: &str| format!("/me/credentials/{id}?{query}");
    let html = get(&app, &page("share=bank"), Some(&cast.amina))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-share="bank""#), "{html}");
    let sd_jwt = share_text(&html);
    assert!(
        portal_credentials::sd_jwt::looks_like_sd_jwt(&sd_jwt),
        "{sd_jwt}"
    );

    let verify = |text: String| {
        let app = &app;
        async move {
            post_json(
                app,
                "/credentials/verify",
                None,
                &json!({ "verifiableCredential": text }),
            )
            .await
        }
    };
    let (status, _, body) = verify(sd_jwt.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["verified"], true);
    let page_of = |text: String| {
        let app = &app;
        async move {
            app.verify_page(reqwest::multipart::Form::new().text("credential", text))
                .await
        }
    };
    let shown = page_of(sd_jwt.clone()).await;
    assert!(shown.contains(r#"data-outcome="genuine""#), "{shown}");
    assert!(shown.contains(r#"data-claim="age_over_18""#), "{shown}");
    assert!(
        shown.contains("Amina") && shown.contains("data-selective"),
        "{shown}"
    );
    assert!(!shown.contains("1992"), "no birth date: {shown}");

    // Not the holder, not fresh, an unknown claim or preset: no share.
    let other = get(&app, &page("share=bank"), Some(&cast.khaled))
        .await
        .text()
        .await
        .unwrap();
    assert!(!other.contains(r#"class="share__text""#));
    for query in ["share=custom&claim=iss", "share=custom", "share=police"] {
        let html = get(&app, &page(query), Some(&cast.amina))
            .await
            .text()
            .await
            .unwrap();
        assert!(!html.contains(r#"class="share__text""#), "{query}");
        assert!(html.contains("This QR code could not be made"), "{query}");
    }
    let custom = get(
        &app,
        &page("share=custom&claim=age_over_18"),
        Some(&cast.amina),
    )
    .await;
    let custom = share_text(&custom.text().await.unwrap());
    let shown = page_of(custom).await;
    assert!(shown.contains(r#"data-outcome="genuine""#), "{shown}");
    assert!(!shown.contains("Amina"), "only the age was chosen: {shown}");
    // Shown without a name too (it was hidden with the holder's section once).
    assert!(shown.contains(r#"data-claim="age_over_18">Yes"#), "{shown}");

    // Audited with the names of the claims, never their values.
    let shares: Vec<_> = portal_storage::audit::for_subject(
        &mut app.read().await,
        portal_domain::audit::SubjectKind::Person,
        &cast.amina_id,
        50,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|r| r.event.action == "credential.present")
    .collect();
    assert_eq!(shares.len(), 2);
    let bank = json!([
        "name",
        "age_over_18",
        "registration_number",
        "registration_status",
        "photo_digest"
    ]);
    assert!(
        shares.iter().any(|r| r.event.details["claims"] == bank),
        "{shares:?}"
    );
    assert!(!shares
        .iter()
        .any(|r| r.event.details.to_string().contains("Amina")));

    // The token status list, signed and public; revoking flips the share to "revoked".
    let signed = sd_jwt.split('~').next().unwrap();
    let claims = portal_credentials::jwt::parse(signed, &["dc+sd-jwt"], 65_536)
        .unwrap()
        .payload;
    let uri = claims["status"]["status_list"]["uri"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = get(&app, &path_of(&uri), None).await;
    assert_eq!(token.status().as_u16(), 200);
    assert_eq!(
        token.headers()["content-type"],
        "application/statuslist+jwt"
    );
    let revoked = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "revoke"), ("reason", "lost_or_stolen")],
        true,
    )
    .await;
    assert_eq!(revoked.status().as_u16(), 200);
    let (status, _, body) = verify(sd_jwt).await;
    assert_ne!(status, 200);
    assert!(body.to_string().contains("revoked"), "{body}");
    // A revoked credential is not shared again.
    let html = get(&app, &page("share=bank"), Some(&cast.amina))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains(r#"class="share__text""#));
}

/// The header names who is signed in, with the unread count and "Sign out", on every page but
/// the verifier's (its service worker keeps that page for use offline: a stored copy must name
/// nobody). A suspension is a message for the holder, in her language, with a reason that does
/// not voice a suspicion; reading "My messages" clears the count.
async fn a_suspension_is_news_in_the_header_and_on_my_messages(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let page = |path: &'static str, language: &'static str| {
        let request = app
            .client
            .get(app.url(path))
            .header("cookie", &cast.amina)
            .header("accept-language", language);
        // Without the isolation marks that keep each filled-in value in its own direction.
        async move {
            let html = request.send().await.unwrap().text().await.unwrap();
            html.replace(['\u{2068}', '\u{2069}'], "")
        }
    };
    let unread = |html: &str| -> Option<i64> {
        let at = html.find("data-unread=\"")? + "data-unread=\"".len();
        html[at..].split('"').next()?.parse().ok()
    };

    let me = page("/me", "en").await;
    assert!(me.contains("site-nav__account"), "{me}");
    assert!(me.contains("Amina Haddad"));
    assert!(me.contains("action=\"/auth/signout\""));
    let before = unread(&me).expect("the header counts her messages");
    let verify = page("/verify", "en").await;
    for private in ["Amina", "Haddad", "data-unread", "/auth/signout"] {
        assert!(
            !verify.contains(private),
            "the verifier page shows {private}"
        );
    }

    let id = obtain(&app, &cast).await;
    let suspended = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "suspend"), ("reason", "fraud_suspected")],
        true,
    )
    .await;
    assert_eq!(suspended.status().as_u16(), 200);
    let me = page("/me", "fr").await;
    assert_eq!(unread(&me), Some(before + 1));
    assert!(
        me.contains(&format!("Messages (non lus : {})", before + 1)),
        "{me}"
    );

    let messages = page("/me/messages", "fr").await;
    assert!(
        messages.contains("Preuve d&#x27;enregistrement : suspension. Motif : Autre motif")
            || messages.contains("Preuve d'enregistrement : suspension. Motif : Autre motif"),
        "{messages}"
    );
    assert!(messages.contains("class=\"message message--new\""));
    assert!(messages.contains("href=\"/me/credentials\""));
    for code in ["credential.suspended", "fraud_suspected", "registration"] {
        assert!(
            !messages.contains(&format!(">{code}")),
            "{code} shown as a code"
        );
    }
    let me = page("/me", "ar").await;
    assert_eq!(unread(&me), Some(0), "reading My messages clears the count");
    let again = page("/me/messages", "ar").await;
    assert!(
        !again.contains("class=\"message message--new\"") && again.contains("class=\"message\"")
    );
    // Staff see their own name and no count of a person's messages.
    let staff = app
        .client
        .get(app.url("/staff"))
        .header("cookie", &cast.jonas)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(staff.contains("site-nav__account") && !staff.contains("data-unread"));
}

async fn the_vc_api_answers_with_status_codes_and_problem_details(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let _cast = cast(&app, &people).await;
    let did = get(&app, "/.well-known/did.json", None).await;
    assert_eq!(did.status().as_u16(), 200);
    assert_eq!(did.headers()["cache-control"], "public, max-age=300");
    let did: Value = did.json().await.unwrap();
    assert_eq!(did["id"], "did:web:localhost%3A3000");
    let methods = did["verificationMethod"].as_array().unwrap();
    assert!(methods.iter().any(|m| m["type"] == "Multikey"));
    assert!(methods.iter().any(|m| m["type"] == "JsonWebKey"));

    let unsigned = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "credentialSubject": { "id": "did:example:patient" }
    });
    let body = json!({ "credential": unsigned, "options": { "cryptosuite": "eddsa-jcs-2022" } });
    let (status, content_type, problem) = post_json(&app, "/credentials/issue", None, &body).await;
    assert_eq!(status, 401);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["type"], "/problems/invalid-token");
    let (status, _, _) = post_json(
        &app,
        "/credentials/issue",
        Some(SecretToken::generate().expose()),
        &body,
    )
    .await;
    assert_eq!(status, 401);
    let status_only = api_token(&app, &["status"]).await;
    let (status, _, _) = post_json(&app, "/credentials/issue", Some(&status_only), &body).await;
    assert_eq!(status, 403);
    let issuer = api_token(&app, &["issue"]).await;
    let (status, _, issued) = post_json(&app, "/credentials/issue", Some(&issuer), &body).await;
    assert_eq!(status, 201, "{issued}");
    let credential = issued["verifiableCredential"].clone();
    assert_eq!(credential["proof"]["cryptosuite"], "eddsa-jcs-2022");
    let (status, _, bad) = post_json(
        &app,
        "/credentials/issue",
        Some(&issuer),
        &json!({ "credential": { "type": [] } }),
    )
    .await;
    assert_eq!(status, 400, "{bad}");
    assert!(bad["detail"].as_str().unwrap().len() > 5);

    let (status, _, verified) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": credential }),
    )
    .await;
    assert_eq!(status, 200, "{verified}");
    assert_eq!(verified["verified"], true);
    let mut tampered = credential.clone();
    tampered["credentialSubject"]["id"] = json!("did:example:someone-else");
    let (status, content_type, problem) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": tampered }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(problem["verified"], false);
    assert_eq!(problem["reasons"][0]["code"], "signature-invalid");
    for garbage in [
        json!({ "verifiableCredential": 5 }),
        json!({ "nothing": true }),
        json!("text"),
    ] {
        let (status, _, problem) = post_json(&app, "/credentials/verify", None, &garbage).await;
        assert_eq!(status, 400, "{garbage}");
        assert_eq!(problem["reasons"][0]["code"], "malformed");
    }
    let raw = app
        .client
        .post(app.url("/credentials/verify"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);

    // An enveloped VC-JWT.
    let jwt_body = json!({ "credential": unsigned, "options": { "format": "vc+jwt" } });
    let (status, _, enveloped) =
        post_json(&app, "/credentials/issue", Some(&issuer), &jwt_body).await;
    assert_eq!(status, 201);
    let (status, _, _) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": enveloped["verifiableCredential"] }),
    )
    .await;
    assert_eq!(status, 200);
    // An envelope that is not a VC 2.0 document, or not of a VC-JWT, is not read.
    for broken in [
        json!({ "@context": [], "type": "EnvelopedVerifiableCredential", "id": enveloped["verifiableCredential"]["id"] }),
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": "EnvelopedVerifiableCredential",
            "id": enveloped["verifiableCredential"]["id"].as_str().unwrap().replace("application/vc+jwt", "text/plain")
        }),
    ] {
        let (status, _, problem) = post_json(
            &app,
            "/credentials/verify",
            None,
            &json!({ "verifiableCredential": broken }),
        )
        .await;
        assert_eq!(status, 400, "{problem}");
    }

    // A presentation holding the credential.
    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential]
    });
    let (status, _, answer) = post_json(
        &app,
        "/presentations/verify",
        None,
        &json!({ "verifiablePresentation": presentation }),
    )
    .await;
    assert_eq!(status, 200, "{answer}");

    // A partner's own vocabulary: the W3C examples context and an inline context.
    let partner = json!({
        "credential": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2",
                { "clinic": "https://clinic.example/vocab#" }
            ],
            "type": ["VerifiableCredential", "ExampleAlumniCredential"],
            "credentialSubject": { "id": "did:example:patient", "clinic:visits": 3 }
        }
    });
    let (status, _, issued_partner) =
        post_json(&app, "/credentials/issue", Some(&issuer), &partner).await;
    assert_eq!(status, 201, "{issued_partner}");
    let (status, _, body) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": issued_partner["verifiableCredential"] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // A holder's presentation, signed for the verifier's challenge.
    let holder = portal_credentials::keys::signing_key_from_seed(&[5; 32]);
    let holder = portal_credentials::keys::Signer::new(
        portal_credentials::did::did_key_verification_method(&holder.verifying_key()),
        holder,
    );
    let signed_vp = portal_credentials::jcs::sign_presentation(
        &presentation,
        &holder,
        Utc::now(),
        Some("nonce-1"),
    )
    .unwrap();
    for (challenge, expected) in [("nonce-1", 200), ("nonce-2", 422)] {
        let (status, _, body) = post_json(
            &app,
            "/presentations/verify",
            None,
            &json!({ "verifiablePresentation": signed_vp, "options": { "challenge": challenge } }),
        )
        .await;
        assert_eq!(status, expected, "{challenge}: {body}");
    }

    // Status changes need the status scope; then verification says revoked.
    let id = credential["id"].as_str().unwrap();
    let change = json!({ "credentialId": id, "credentialStatus": [{ "type": "BitstringStatusListCredential", "status": "revoked" }] });
    let (status, _, _) = post_json(&app, "/credentials/status", Some(&issuer), &change).await;
    assert_eq!(status, 403);
    // The VC-API's form names the purpose whose bit to set: a suspension, lifted again.
    for (entry, expected) in [
        (
            json!({ "type": "BitstringStatusListEntry", "statusPurpose": "suspension" }),
            "suspended",
        ),
        (
            json!({ "type": "BitstringStatusListEntry", "statusPurpose": "suspension", "status": false }),
            "active",
        ),
    ] {
        let body = json!({ "credentialId": id, "credentialStatus": entry });
        let (status, _, changed) =
            post_json(&app, "/credentials/status", Some(&status_only), &body).await;
        assert_eq!(
            (status, changed["status"].as_str()),
            (200, Some(expected)),
            "{changed}"
        );
    }
    let (status, _, problem) = post_json(
        &app,
        "/credentials/status",
        Some(&status_only),
        &json!({ "credentialId": id, "credentialStatus": { "type": "BitstringStatusListEntry", "statusPurpose": "message" } }),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    let (status, _, changed) =
        post_json(&app, "/credentials/status", Some(&status_only), &change).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["status"], "revoked");
    let (status, _, problem) = post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": credential }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(problem["reasons"][0]["code"], "revoked");
    let (status, _, _) = post_json(
        &app,
        "/presentations/verify",
        None,
        &json!({ "verifiablePresentation": presentation }),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _, _) = post_json(&app, "/credentials/status", Some(&status_only), &json!({ "credentialId": "urn:uuid:00000000-0000-4000-8000-000000000000", "status": "revoked" })).await;
    assert_eq!(status, 404);

    let list = get(&app, "/status/revocation/0", None).await;
    assert_eq!(list.status().as_u16(), 200);
    assert_eq!(list.headers()["cache-control"], "public, max-age=60");
    let list: Value = list.json().await.unwrap();
    assert_eq!(list["type"][1], "BitstringStatusListCredential");
    assert!(list["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap()
        .starts_with('u'));
    for missing in [
        "/status/revocation/9",
        "/status/other/0",
        "/status/revocation/x",
    ] {
        assert_eq!(
            get(&app, missing, None).await.status().as_u16(),
            404,
            "{missing}"
        );
    }
}

async fn a_person_gets_their_credential_only_after_a_fresh_passkey_use(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    let json_file = get(
        &app,
        &format!("/api/me/credentials/{id}/credential.json"),
        Some(&cast.amina),
    )
    .await;
    assert_eq!(json_file.status().as_u16(), 200);
    assert_eq!(json_file.headers()["cache-control"], "private, no-store");
    assert!(json_file.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let credential: Value = json_file.json().await.unwrap();
    assert_eq!(credential["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    let jwt = download(&app, &cast, &id, "credential.jwt").await;
    assert_eq!(jwt.split('.').count(), 3);
    let svg = download(&app, &cast, &id, "qr.svg").await;
    assert!(svg.contains("<svg"));
    // Both downloads verify at the VC-API.
    for input in [credential.clone(), Value::String(jwt)] {
        let (status, _, body) = post_json(
            &app,
            "/credentials/verify",
            None,
            &json!({ "verifiableCredential": input }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    // The pages render on the server.
    let page = get(&app, "/me/credentials", Some(&cast.amina))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Proof of registration"), "{page}");
    assert!(!page.contains("data-reauth-root"));
    let page = get(&app, &format!("/me/credentials/{id}"), Some(&cast.amina))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<svg") && page.contains("data-qr-version"),
        "{page}"
    );

    // Not fresh: nothing until the passkey is used again.
    let stale = stale_cookie(&app, Principal::Person(people.amina.id)).await;
    let refused = post_form(
        &app,
        "/api/me/credentials/registration",
        Some(&stale),
        &[],
        true,
    )
    .await;
    assert_eq!(refused.status().as_u16(), 403);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/reauthentication-required");
    let refused = get(
        &app,
        &format!("/api/me/credentials/{id}/credential.json"),
        Some(&stale),
    )
    .await;
    assert_eq!(refused.status().as_u16(), 403);
    let page = get(&app, &format!("/me/credentials/{id}"), Some(&stale))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-reauth-root") && !page.contains("data-qr-version"));
    let browser = post_form(
        &app,
        "/api/me/credentials/registration",
        Some(&stale),
        &[],
        false,
    )
    .await;
    assert_eq!(browser.status().as_u16(), 303);
    assert_eq!(
        browser.headers()["location"],
        "/me/credentials?problem=refused"
    );

    // Someone else's credential does not exist for them.
    for file in ["credential.json", "credential.jwt", "qr.svg"] {
        let response = get(
            &app,
            &format!("/api/me/credentials/{id}/{file}"),
            Some(&cast.khaled),
        )
        .await;
        assert_eq!(response.status().as_u16(), 404, "{file}");
    }
    let (status, body) = app
        .call(
            "/api/me/credentials/one",
            Some(&cast.khaled),
            &[("id", &id)],
        )
        .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(
        get(
            &app,
            &format!("/api/me/credentials/{id}/other.txt"),
            Some(&cast.amina)
        )
        .await
        .status()
        .as_u16(),
        404
    );
    assert_eq!(
        post_form(
            &app,
            "/api/me/credentials/external",
            Some(&cast.amina),
            &[],
            true
        )
        .await
        .status()
        .as_u16(),
        404
    );
}

async fn staff_change_a_status_by_form_and_the_verifier_page_shows_it(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    let jcs = stored_jcs(&app, &id).await;
    let payload = portal_credentials::qr::encode_credential_json(&jcs).unwrap();

    // Genuine, from pasted QR text and from a photo of the QR code.
    let html = app
        .verify_page(reqwest::multipart::Form::new().text("credential", payload.clone()))
        .await;
    assert!(html.contains(r#"data-outcome="genuine""#), "{html}");
    assert!(html.contains("Amina"));
    assert!(
        !html.contains("Issued through the portal by the partner"),
        "the portal's own credential names no partner"
    );
    let photo = reqwest::multipart::Part::bytes(qr_png(&payload))
        .file_name("qr.png")
        .mime_str("image/png")
        .unwrap();
    let html = app
        .verify_page(reqwest::multipart::Form::new().part("image", photo))
        .await;
    assert!(html.contains(r#"data-outcome="genuine""#), "{html}");

    // Staff of another office cannot touch it; the person's office can.
    let other = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.kampala),
        &[("action", "revoke"), ("reason", "lost_or_stolen")],
        true,
    )
    .await;
    assert_eq!(other.status().as_u16(), 404);
    let bad_reason = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "revoke"), ("reason", "record_changed")],
        true,
    )
    .await;
    assert_eq!(bad_reason.status().as_u16(), 422);
    let revoked = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "revoke"), ("reason", "lost_or_stolen")],
        false,
    )
    .await;
    assert_eq!(revoked.status().as_u16(), 303);
    assert_eq!(
        revoked.headers()["location"],
        format!("/staff/people/{}#credentials", cast.amina_id).as_str()
    );
    let again = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "suspend"), ("reason", "other")],
        true,
    )
    .await;
    assert_eq!(again.status().as_u16(), 403);

    let html = app
        .verify_page(reqwest::multipart::Form::new().text("credential", payload.clone()))
        .await;
    assert!(html.contains(r#"data-outcome="revoked""#), "{html}");
    // The verifier is told why (the category) and since when.
    assert!(html.contains("Reason: "), "{html}");
    assert!(html.contains("Lost or stolen"), "{html}");
    assert!(html.contains("Since"), "{html}");
    // Nothing readable: a clear answer, not an error page.
    let html = app
        .verify_page(reqwest::multipart::Form::new().text("credential", ""))
        .await;
    assert!(html.contains(r#"data-outcome="unreadable""#));
    let blank = reqwest::multipart::Part::bytes(b"not a picture".to_vec()).file_name("x.png");
    let html = app
        .verify_page(reqwest::multipart::Form::new().part("image", blank))
        .await;
    assert!(html.contains(r#"data-outcome="unreadable""#));
    // An unknown or expired result token says so.
    let gone = get(
        &app,
        "/verify?result=00000000000000000000000000000000",
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(gone.contains("no longer available"), "{gone}");

    // The staff case view lists it (audited), and the approver can issue a new one.
    let (status, body) = app
        .call(
            "/api/staff/people/credentials",
            Some(&cast.jonas),
            &[("id", &cast.amina_id)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("revoked") && body.contains("lost_or_stolen"));
    let (status, _) = app
        .call(
            "/api/staff/people/credentials",
            Some(&cast.kampala),
            &[("id", &cast.amina_id)],
        )
        .await;
    assert_eq!(status, 404);
    let issued = post_form(
        &app,
        &format!("/api/staff/people/{}/credentials", cast.amina_id),
        Some(&cast.jonas),
        &[("kind", "registration")],
        true,
    )
    .await;
    assert_eq!(issued.status().as_u16(), 201);
}

async fn every_credential_route_is_behind_its_gate(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    for (method, template) in portal_web::credentials::ROUTES {
        assert!(portal_web::gate::area_of(template).is_some(), "{template}");
        let path = template
            .replace(
                "{id}",
                if template.contains("/people/") {
                    &cast.amina_id
                } else {
                    &id
                },
            )
            .replace("{kind}", "registration")
            .replace("{file}", "credential.json");
        let wrong = if template.starts_with("/api/me") {
            &cast.jonas
        } else {
            &cast.amina
        };
        for (cookie, expected) in [(None, 401), (Some(wrong.as_str()), 403)] {
            let status = if *method == "GET" {
                get(&app, &path, cookie).await.status().as_u16()
            } else {
                post_form(
                    &app,
                    &path,
                    cookie,
                    &[
                        ("action", "revoke"),
                        ("reason", "other"),
                        ("kind", "registration"),
                    ],
                    true,
                )
                .await
                .status()
                .as_u16()
            };
            assert_eq!(status, expected, "{method} {path} {cookie:?}");
        }
    }
    for endpoint in [
        "/api/me/credentials/list",
        "/api/me/credentials/one",
        "/api/staff/people/credentials",
    ] {
        let (status, _) = app.call(endpoint, None, &[]).await;
        assert_eq!(status, 401, "{endpoint}");
    }
    for page in ["/me/credentials", &format!("/me/credentials/{id}")] {
        let response = get(&app, page, None).await;
        assert_eq!(response.status().as_u16(), 303, "{page}");
    }
}

async fn the_photo_is_referenced_by_digest_and_shown_to_the_verifier(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    // A registration photo, stored as the enrollment desk would.
    let photo = qr_png("a face would be here");
    let checked = portal_domain::document::check(&photo, 1 << 20).unwrap();
    app.state.documents.put(&checked, &photo).unwrap();
    let person = uuid::Uuid::parse_str(&cast.amina_id).unwrap();
    let sql = "UPDATE people SET photo_sha256 = $1 WHERE id = $2";
    app.read()
        .await
        .execute(
            portal_storage::query(sql)
                .bind(checked.address.as_str())
                .bind(person),
        )
        .await
        .unwrap();
    let id = obtain(&app, &cast).await;
    let jcs = stored_jcs(&app, &id).await;
    let resource = &jcs["relatedResource"][0];
    assert_eq!(
        resource["id"],
        format!("http://localhost:3000/credentials/{id}/photo")
    );
    assert_eq!(resource["mediaType"], "image/png");
    assert!(resource["digestSRI"]
        .as_str()
        .unwrap()
        .starts_with("sha256-"));
    // Never embedded: the QR form stays small.
    let payload = portal_credentials::qr::encode_credential_json(&jcs).unwrap();
    let version = portal_credentials::qr::qr_version(&payload).unwrap();
    println!(
        "with a photo reference: {} characters, QR version {version} (level M)",
        payload.len()
    );
    assert!(version <= 15, "QR version {version}");
    assert!(!jcs.to_string().contains("iVBOR"));

    let served = get(&app, &format!("/credentials/{id}/photo"), None).await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["cache-control"], "no-store");
    assert_eq!(served.bytes().await.unwrap().as_ref(), photo.as_slice());
    let html = app
        .verify_page(reqwest::multipart::Form::new().text("credential", payload.clone()))
        .await;
    assert!(html.contains(r#"data-outcome="genuine""#));
    assert!(html.contains(r#"class="holder__photo""#), "{html}");
    assert!(html.contains(r#"src="data:image/png;base64,"#), "{html}");

    // Revoked: the photo is no longer handed out.
    let revoked = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "revoke"), ("reason", "record_error")],
        true,
    )
    .await;
    assert_eq!(revoked.status().as_u16(), 200);
    assert_eq!(
        get(&app, &format!("/credentials/{id}/photo"), None)
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        get(&app, "/credentials/not-a-uuid/photo", None)
            .await
            .status()
            .as_u16(),
        404
    );
}

/// The path part of a same-origin URL the page points at.
fn path_of(url: &str) -> String {
    url::Url::parse(url)
        .map(|u| u.path().to_owned())
        .unwrap_or_else(|_| url.to_owned())
}

async fn the_verifier_page_is_an_offline_app_whose_copies_verify(backend: Backend) {
    use portal_credentials::offline::OfflineCache;
    use portal_credentials::verdict::{Outcome, VerifyView};

    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    let jcs = stored_jcs(&app, &id).await;
    let payload = portal_credentials::qr::encode_credential_json(&jcs).unwrap();

    // The page: lean (no WebAssembly bundle), installable, and it says what to keep.
    let html = get(&app, "/verify", None).await.text().await.unwrap();
    assert!(!html.contains("/pkg/"), "the verifier page loads no bundle");
    assert!(html.contains(r#"rel="manifest""#) && html.contains(r#"href="/verify.webmanifest""#));
    assert!(html.contains(r#"src="/verify.js""#));
    assert!(html.contains(r#"data-did-document="/.well-known/did.json""#));
    let lists: Vec<String> = html
        .split(r#"data-status-lists=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .split(' ')
        .map(str::to_owned)
        .collect();
    assert_eq!(
        lists.iter().map(|u| path_of(u)).collect::<Vec<_>>(),
        [
            "/status/revocation/0",
            "/status/suspension/0",
            "/status/token/0"
        ]
    );
    for word in [
        r#"data-word="offline-ready">Ready to check proofs without a connection."#,
        r#"data-word="outcome-revoked">"#,
        r#"data-word="status-as-of">Status as of {age}"#,
    ] {
        assert!(html.contains(word), "{word}");
    }

    // The service worker may fetch from this origin only.
    let worker = get(&app, "/verify-sw.js", None).await;
    assert_eq!(
        worker.headers()["content-security-policy"],
        "default-src 'none'; connect-src 'self'"
    );

    // The manifest, in the visitor's language.
    let manifest = app
        .client
        .get(app.url("/verify.webmanifest"))
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap();
    assert_eq!(manifest.status().as_u16(), 200);
    assert_eq!(
        manifest.headers()["content-type"],
        "application/manifest+json"
    );
    let manifest: Value = manifest.json().await.unwrap();
    assert_eq!(manifest["lang"], "ar");
    assert_eq!(manifest["dir"], "rtl");
    assert_eq!(manifest["start_url"], "/verify");
    assert_eq!(manifest["scope"], "/verify");
    assert!(manifest["name"]
        .as_str()
        .unwrap()
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)));

    // What the phone keeps verifies the credential as the server does, before and after a
    // revocation (a copy fetched before it still says genuine: hence "status as of").
    let keep = |app: &TestApp| {
        let lists = lists.clone();
        let did = app.url("/.well-known/did.json");
        let client = app.client.clone();
        let base = app.url("");
        async move {
            let did = client.get(did).send().await.unwrap().bytes().await.unwrap();
            let mut cache = OfflineCache::new(&did).unwrap();
            for list in &lists {
                let url = format!("{}{}", base.trim_end_matches('/'), path_of(list));
                let body = client.get(url).send().await.unwrap().bytes().await.unwrap();
                cache.add_status_list(&body, Utc::now()).unwrap();
            }
            cache
        }
    };
    let before = keep(&app).await;
    let view = VerifyView::of(&before.verify(payload.as_bytes(), Utc::now(), false));
    assert_eq!(view.outcome, Outcome::Genuine, "{view:?}");
    assert!(view.status_checked_at.is_some());
    assert_eq!(view.registration_number.as_deref(), Some("AMM-26-000001"));

    let revoked = post_form(
        &app,
        &format!("/api/staff/credentials/{id}/status"),
        Some(&cast.jonas),
        &[("action", "revoke"), ("reason", "lost_or_stolen")],
        false,
    )
    .await;
    assert_eq!(revoked.status().as_u16(), 303);
    let after = keep(&app).await;
    let view = VerifyView::of(&after.verify(payload.as_bytes(), Utc::now(), false));
    assert_eq!(view.outcome, Outcome::Revoked);
    let stale = VerifyView::of(&before.verify(payload.as_bytes(), Utc::now(), false));
    assert_eq!(stale.outcome, Outcome::Genuine);
}
