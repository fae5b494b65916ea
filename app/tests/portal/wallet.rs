//! Issuing to a wallet app (OpenID4VCI pre-authorized code flow) over HTTP against the real
//! server, on SQLite and PostgreSQL: the person's offer behind a fresh passkey use, the
//! metadata, the token endpoint's single use and its attempt budget, the nonce, the holder's
//! proof, each format once, the audit trail and the person's history. Then the other way
//! (OpenID4VP): a service provider asks a wallet for a proof on `/verify` and sees the answer.
use ed25519_dalek::SigningKey;
use portal_credentials::did::did_key_verification_method;
use portal_credentials::oid4vci::{PRE_AUTHORIZED_GRANT, PROOF_TYP};
use portal_testkit::on_both_backends;
use portal_testkit::Backend;
use rand_core::OsRng;
use serde_json::{json, Map, Value};

use crate::credentials::{cast, get, obtain, post_form, Cast};
use crate::support::{spawn_demo, TestApp};

on_both_backends! {
    a_wallet_gets_the_credential_once_with_the_code_and_a_proof_of_its_key,
    an_offer_is_spent_by_wrong_codes_ends_with_time_and_stays_with_its_person,
    a_provider_asks_a_wallet_for_a_proof_and_sees_only_what_it_shows,
}

/// Amina's offer: made by form post (JSON answer) with her fresh session; returns the offer
/// cookie (`name=value`).
async fn make_offer(app: &TestApp, cookie: &str, id: &str) -> String {
    let response = post_form(
        app,
        &format!("/api/me/credentials/{id}/wallet"),
        Some(cookie),
        &[],
        true,
    )
    .await;
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    set.split(';').next().unwrap().to_owned()
}

/// The offer link and the transaction code as the credential page shows them.
async fn offer_on_page(app: &TestApp, cookies: &str, id: &str) -> (Value, String, String) {
    let html = get(app, &format!("/me/credentials/{id}"), Some(cookies))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-wallet-offer"), "{html}");
    let link = between(&html, "data-wallet-link=\"\" href=\"", "\"")
        .or_else(|| {
            between(&html, "href=\"openid-credential-offer", "\"")
                .map(|rest| format!("openid-credential-offer{rest}"))
        })
        .expect("the offer link");
    let tx_code = between(&html, "data-tx-code", "</bdi>")
        .map(|t| t.rsplit('>').next().unwrap().to_owned())
        .unwrap_or_else(|| panic!("the transaction code: {html}"));
    let offer = portal_credentials::oid4vci::offer_of_link(&link).expect("an offer by value");
    (offer, tx_code, html)
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = from + text[from..].find(end)?;
    Some(text[from..to].to_owned())
}

async fn token(app: &TestApp, code: &str, tx_code: &str) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/oid4vci/token"))
        .form(&[
            ("grant_type", PRE_AUTHORIZED_GRANT),
            ("pre-authorized_code", code),
            ("tx_code", tx_code),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["cache-control"], "no-store");
    (status, response.json().await.unwrap())
}

async fn nonce(app: &TestApp) -> String {
    let response = app
        .client
        .post(app.url("/oid4vci/nonce"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    body["c_nonce"].as_str().unwrap().to_owned()
}

fn proof(holder: &SigningKey, audience: &str, nonce: &str) -> String {
    let mut claims = Map::new();
    claims.insert("aud".into(), audience.into());
    claims.insert("iat".into(), chrono::Utc::now().timestamp().into());
    claims.insert("nonce".into(), nonce.into());
    portal_credentials::jwt::sign(
        PROOF_TYP,
        Some(&did_key_verification_method(&holder.verifying_key())),
        &claims,
        holder,
    )
    .unwrap()
}

async fn credential(
    app: &TestApp,
    access_token: Option<&str>,
    body: &Value,
) -> (u16, Value, String) {
    let mut request = app.client.post(app.url("/oid4vci/credential")).json(body);
    if let Some(token) = access_token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        response.json().await.unwrap_or(Value::Null),
        challenge,
    )
}

fn pre_authorized_code(offer: &Value) -> String {
    offer["grants"][PRE_AUTHORIZED_GRANT]["pre-authorized_code"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Runs one change on the database, as time passing or an office would make it.
async fn change(app: &TestApp, query: portal_storage::Query) {
    let mut tx = app.state.web.store.begin().await.unwrap();
    tx.execute(query).await.unwrap();
    tx.commit().await.unwrap();
}

async fn person_events(app: &TestApp, cast: &Cast, action: &str) -> Vec<Value> {
    portal_storage::audit::for_subject(
        &mut app.read().await,
        portal_domain::audit::SubjectKind::Person,
        &cast.amina_id,
        100,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|r| r.event.action == action)
    .map(|r| r.event.details)
    .collect()
}

/// Amina adds her proof of registration to a wallet: the page shows the offer (QR code and
/// link) and a six-digit code apart; the wallet reads the metadata, trades code and
/// transaction code for a token once, proves its key over a fresh nonce, and gets an SD-JWT
/// VC bound to that key (which it can present with a key binding, and nothing else can), then
/// the `.json` form; each format only once; every refusal says why in OAuth's words.
async fn a_wallet_gets_the_credential_once_with_the_code_and_a_proof_of_its_key(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;
    let offer_cookie = make_offer(&app, &cast.amina, &id).await;
    let cookies = format!("{}; {offer_cookie}", cast.amina);
    let (offer, tx_code, _) = offer_on_page(&app, &cookies, &id).await;
    assert_eq!(tx_code.len(), 7, "shown as 123 456: {tx_code}");
    assert_eq!(
        offer["credential_configuration_ids"],
        json!([
            "registration_dc_sd_jwt",
            "registration_ldp_vc",
            "registration_jwt_vc_json"
        ])
    );
    let code = pre_authorized_code(&offer);

    // The metadata names the endpoints under the issuer, in the four languages.
    let metadata: Value = app
        .get("/.well-known/openid-credential-issuer")
        .await
        .json()
        .await
        .unwrap();
    let issuer = metadata["credential_issuer"].as_str().unwrap().to_owned();
    assert_eq!(offer["credential_issuer"], issuer);
    assert_eq!(
        metadata["nonce_endpoint"],
        format!("{issuer}/oid4vci/nonce")
    );
    let locales: Vec<&str> = metadata["display"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["locale"].as_str().unwrap())
        .collect();
    assert_eq!(locales, ["en", "fr", "ar", "prs"]);
    let sd = &metadata["credential_configurations_supported"]["registration_dc_sd_jwt"];
    assert_eq!(sd["format"], "dc+sd-jwt");
    assert_eq!(sd["vct"], format!("{issuer}/vct/registration/v1"));
    let as_metadata: Value = app
        .get("/.well-known/oauth-authorization-server")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        as_metadata["token_endpoint"],
        format!("{issuer}/oid4vci/token")
    );

    // A wrong transaction code, a wrong grant type, no code: refused, nothing issued.
    let (status, body) = token(&app, &code, "000000").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    assert_eq!(body["status"], 400, "a problem details document: {body}");
    let wrong_grant = app
        .client
        .post(app.url("/oid4vci/token"))
        .form(&[("grant_type", "authorization_code"), ("code", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_grant.status().as_u16(), 400);
    let body: Value = wrong_grant.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");
    let not_a_form = app
        .client
        .post(app.url("/oid4vci/token"))
        .body("{}")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_a_form.status().as_u16(), 400);

    // The right codes: a token, once.
    let (status, granted) = token(&app, &code, &tx_code).await;
    assert_eq!(status, 200, "{granted}");
    assert_eq!(granted["token_type"], "Bearer");
    let access = granted["access_token"].as_str().unwrap().to_owned();
    let (status, again) = token(&app, &code, &tx_code).await;
    assert_eq!(
        (status, again["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // The credential endpoint refuses what does not hold, in OAuth's words.
    let holder = SigningKey::generate(&mut OsRng);
    let sd_request = |proof: String| json!({ "credential_configuration_id": "registration_dc_sd_jwt", "proofs": { "jwt": [proof] } });
    let (status, body, challenge) = credential(&app, None, &sd_request("x".into())).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token"))
    );
    assert!(challenge.contains("invalid_token"), "{challenge}");
    let (status, body, _) = credential(&app, Some("not-a-token"), &sd_request("x".into())).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token"))
    );
    let refusals = [
        (
            json!({ "credential_configuration_id": "registration_dc_sd_jwt" }),
            "invalid_proof",
        ),
        (
            sd_request(proof(&holder, "https://evil.example", &nonce(&app).await)),
            "invalid_proof",
        ),
        (
            sd_request(proof(&holder, &issuer, "made-up-nonce")),
            "invalid_nonce",
        ),
        (
            json!({ "credential_configuration_id": "household_dc_sd_jwt" }),
            "unknown_credential_configuration",
        ),
        (
            json!({ "credential_configuration_id": "passport" }),
            "unknown_credential_configuration",
        ),
        (json!({ "format": "dc+sd-jwt" }), "invalid_request"),
    ];
    for (request, expected) in refusals {
        let (status, body, _) = credential(&app, Some(&access), &request).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some(expected)),
            "{request}"
        );
    }

    // The SD-JWT VC, bound to the holder's key.
    let (status, issued, _) = credential(
        &app,
        Some(&access),
        &sd_request(proof(&holder, &issuer, &nonce(&app).await)),
    )
    .await;
    assert_eq!(status, 200, "{issued}");
    let sd_jwt = issued["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, body) = crate::credentials::post_json(
        &app,
        "/credentials/verify",
        None,
        &json!({ "verifiableCredential": sd_jwt }),
    )
    .await;
    assert_eq!((status, &body["verified"]), (200, &json!(true)), "{body}");
    let resolver = app.state.web.issuer().await.unwrap().resolver();
    let parsed = portal_credentials::sd_jwt::SdJwt::parse(&sd_jwt).unwrap();
    let shown = parsed.present(&["name", "age_over_18"]);
    let bound = portal_credentials::sd_jwt::bind(
        &shown,
        &holder,
        "https://bank.example",
        "n-42",
        chrono::Utc::now(),
    )
    .unwrap();
    let policy =
        portal_credentials::sd_jwt::KeyBindingPolicy::request("https://bank.example", "n-42");
    let verified =
        portal_credentials::sd_jwt::verify(&bound, &*resolver, chrono::Utc::now(), &policy)
            .unwrap();
    assert_eq!(verified.disclosed, ["name", "age_over_18"]);
    assert!(!verified.claims.contains_key("birthdate"));
    let replayed =
        portal_credentials::sd_jwt::KeyBindingPolicy::request("https://bank.example", "n-43");
    assert!(
        portal_credentials::sd_jwt::verify(&bound, &*resolver, chrono::Utc::now(), &replayed)
            .is_err()
    );
    let thief = SigningKey::generate(&mut OsRng);
    let stolen = portal_credentials::sd_jwt::bind(
        &shown,
        &thief,
        "https://bank.example",
        "n-42",
        chrono::Utc::now(),
    )
    .unwrap();
    assert!(
        portal_credentials::sd_jwt::verify(&stolen, &*resolver, chrono::Utc::now(), &policy)
            .is_err(),
        "another key cannot present it"
    );

    // Each format once; the .json form needs no proof and is the stored credential.
    let (status, body, _) = credential(
        &app,
        Some(&access),
        &sd_request(proof(&holder, &issuer, &nonce(&app).await)),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unknown_credential_configuration"))
    );
    let (status, ldp, _) = credential(
        &app,
        Some(&access),
        &json!({ "credential_configuration_id": "registration_ldp_vc" }),
    )
    .await;
    assert_eq!(status, 200, "{ldp}");
    let stored = portal_storage::credentials::by_id(
        &mut app.read().await,
        uuid::Uuid::parse_str(&id).unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let rdfc: Value = serde_json::from_str(stored.document_rdfc.as_deref().unwrap()).unwrap();
    assert_eq!(ldp["credentials"][0]["credential"], rdfc);

    // The page says the wallet has it; the audit trail and Amina's history say so too, with
    // the holder key's thumbprint and never a code or the credential.
    let html = get(&app, &format!("/me/credentials/{id}"), Some(&cookies))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-wallet-state="redeemed""#), "{html}");
    assert!(!html.contains("data-tx-code"));
    let offers = person_events(&app, &cast, "credential.offer").await;
    assert_eq!(offers.len(), 1);
    let issues = person_events(&app, &cast, "credential.wallet-issue").await;
    assert_eq!(issues.len(), 2);
    let formats: Vec<&str> = issues
        .iter()
        .map(|d| d["format"].as_str().unwrap())
        .collect();
    assert!(formats.contains(&"dc+sd-jwt") && formats.contains(&"ldp_vc"));
    let sd_issue = issues.iter().find(|d| d["format"] == "dc+sd-jwt").unwrap();
    assert_eq!(
        sd_issue["holder_key"],
        portal_credentials::oid4vci::jwk_thumbprint(&portal_credentials::keys::public_jwk(
            &holder.verifying_key()
        ))
    );
    let trail = serde_json::to_string(&issues).unwrap() + &serde_json::to_string(&offers).unwrap();
    assert!(!trail.contains(&code) && !trail.contains(&access) && !trail.contains("Amina"));
    let history = get(&app, "/me/access-log", Some(&cast.amina))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("A wallet app received a credential"),
        "{history}"
    );
    assert!(
        history.contains("Made a QR code for a wallet app"),
        "{history}"
    );
}

/// An offer needs a fresh passkey use and is Amina's only: Khaled's session sees nothing of
/// it; five wrong transaction codes spend it (the right one then fails too); a new offer ends
/// the older one; an offer past its ten minutes and a token past its five are refused; a
/// revoked credential is no longer issued.
async fn an_offer_is_spent_by_wrong_codes_ends_with_time_and_stays_with_its_person(
    backend: Backend,
) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = obtain(&app, &cast).await;

    // The card's "Add to a wallet app" gets the credential and goes to its wallet section.
    let response = post_form(
        &app,
        "/api/me/credentials/registration",
        Some(&cast.amina),
        &[("then", "wallet")],
        false,
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/me/credentials/{id}#wallet")
    );

    // Not fresh, not hers, not a credential: no offer.
    let stale = crate::credentials::stale_cookie(
        &app,
        portal_domain::session::Principal::Person(people.amina.id),
    )
    .await;
    let response = post_form(
        &app,
        &format!("/api/me/credentials/{id}/wallet"),
        Some(&stale),
        &[],
        true,
    )
    .await;
    assert_eq!(response.status().as_u16(), 403);
    let response = post_form(
        &app,
        &format!("/api/me/credentials/{id}/wallet"),
        Some(&cast.khaled),
        &[],
        true,
    )
    .await;
    assert_eq!(response.status().as_u16(), 404);
    let response = post_form(
        &app,
        "/api/me/credentials/not-an-id/wallet",
        Some(&cast.amina),
        &[],
        true,
    )
    .await;
    assert!(response.status().is_client_error());

    // Five wrong codes spend the offer.
    let first = make_offer(&app, &cast.amina, &id).await;
    let (offer, tx_code, _) = offer_on_page(&app, &format!("{}; {first}", cast.amina), &id).await;
    let code = pre_authorized_code(&offer);
    for wrong in ["111111", "222222", "333333", "444444", "555555"] {
        let wrong = if wrong == tx_code.replace(' ', "") {
            "666666"
        } else {
            wrong
        };
        assert_eq!(token(&app, &code, wrong).await.0, 400);
    }
    assert_eq!(token(&app, &code, &tx_code).await.0, 400, "spent");
    let html = get(
        &app,
        &format!("/me/credentials/{id}"),
        Some(&format!("{}; {first}", cast.amina)),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(html.contains(r#"data-wallet-state="locked""#), "{html}");

    // Khaled's session with Amina's offer cookie sees nothing of it.
    let html = get(
        &app,
        &format!("/me/credentials/{id}"),
        Some(&format!("{}; {first}", cast.khaled)),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(!html.contains("data-wallet"), "{html}");

    // A new offer ends the one before.
    let second = make_offer(&app, &cast.amina, &id).await;
    let (offer2, tx2, _) = offer_on_page(&app, &format!("{}; {second}", cast.amina), &id).await;
    let third = make_offer(&app, &cast.amina, &id).await;
    assert_eq!(
        token(&app, &pre_authorized_code(&offer2), &tx2).await.0,
        400,
        "replaced"
    );
    let (offer3, tx3, _) = offer_on_page(&app, &format!("{}; {third}", cast.amina), &id).await;

    // Past its ten minutes: refused.
    change(
        &app,
        portal_storage::query("UPDATE wallet_offers SET expires_at = $1 WHERE redeemed_at IS NULL")
            .bind(chrono::Utc::now() - chrono::Duration::seconds(1)),
    )
    .await;
    assert_eq!(
        token(&app, &pre_authorized_code(&offer3), &tx3).await.0,
        400,
        "expired"
    );

    // A token past its five minutes, and a credential revoked after the token: refused.
    let fourth = make_offer(&app, &cast.amina, &id).await;
    let (offer4, tx4, _) = offer_on_page(&app, &format!("{}; {fourth}", cast.amina), &id).await;
    let (status, granted) = token(&app, &pre_authorized_code(&offer4), &tx4).await;
    assert_eq!(status, 200);
    let access = granted["access_token"].as_str().unwrap().to_owned();
    let ldp = json!({ "credential_configuration_id": "registration_ldp_vc" });
    let token_until = |at: chrono::DateTime<chrono::Utc>| {
        portal_storage::query(
            "UPDATE wallet_offers SET token_expires_at = $1 WHERE token_hash IS NOT NULL",
        )
        .bind(at)
    };
    change(
        &app,
        token_until(chrono::Utc::now() - chrono::Duration::seconds(1)),
    )
    .await;
    let (status, body, _) = credential(&app, Some(&access), &ldp).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_token"))
    );
    change(
        &app,
        token_until(chrono::Utc::now() + chrono::Duration::minutes(5)),
    )
    .await;
    change(
        &app,
        portal_storage::query("UPDATE credentials SET status = 'revoked' WHERE id = $1")
            .bind(uuid::Uuid::parse_str(&id).unwrap()),
    )
    .await;
    let (status, body, _) = credential(&app, Some(&access), &ldp).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("credential_request_denied"))
    );
    assert!(person_events(&app, &cast, "credential.wallet-issue")
        .await
        .is_empty());
}

/// The SD-JWT VC Amina's wallet holds, bound to the wallet's key, through the whole
/// pre-authorized flow.
async fn wallet_sd_jwt(app: &TestApp, cast: &Cast) -> (SigningKey, String) {
    let id = obtain(app, cast).await;
    let offer_cookie = make_offer(app, &cast.amina, &id).await;
    let cookies = format!("{}; {offer_cookie}", cast.amina);
    let (offer, tx_code, _) = offer_on_page(app, &cookies, &id).await;
    let issuer = offer["credential_issuer"].as_str().unwrap().to_owned();
    let (status, granted) = token(app, &pre_authorized_code(&offer), &tx_code).await;
    assert_eq!(status, 200, "{granted}");
    let access = granted["access_token"].as_str().unwrap().to_owned();
    let holder = SigningKey::generate(&mut OsRng);
    let request = json!({
        "credential_configuration_id": "registration_dc_sd_jwt",
        "proofs": { "jwt": [proof(&holder, &issuer, &nonce(app).await)] },
    });
    let (status, issued, _) = credential(app, Some(&access), &request).await;
    assert_eq!(status, 200, "{issued}");
    let sd_jwt = issued["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_owned();
    (holder, sd_jwt)
}

/// A provider's request as its page shows it: the page's `ask` token and the request link.
async fn ask_wallet(app: &TestApp, claims: &[&str]) -> (String, String) {
    let fields: Vec<(&str, &str)> = claims.iter().map(|c| ("claim", *c)).collect();
    let response = post_form(app, "/verify/wallet", None, &fields, false).await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let token = between(&location, "/verify?ask=", "#")
        .unwrap_or_else(|| panic!("a request page: {location}"));
    let html = get(app, &format!("/verify?ask={token}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-wallet-ask="open""#), "{html}");
    let link = between(&html, r#"href="openid4vp://"#, "\"")
        .map(|rest| format!("openid4vp://{rest}").replace("&amp;", "&"))
        .unwrap_or_else(|| panic!("the request link: {html}"));
    (token, link)
}

async fn answered(app: &TestApp, token: &str) -> String {
    let response = get(app, &format!("/verify/wallet/answered?ask={token}"), None).await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    body["state"].as_str().unwrap().to_owned()
}

/// What a wallet posts; the status and the problem's `type` name when refused.
async fn answer(app: &TestApp, fields: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/oid4vp/response"))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    if status == 200 {
        assert_eq!(body, json!({}));
        return (status, String::new());
    }
    assert_eq!(body["error"], "invalid_request", "{body}");
    let kind = body["type"].as_str().unwrap().rsplit('/').next().unwrap();
    (status, kind.to_owned())
}

/// A service provider on `/verify` asks for "registered, 18 or older, photo check"; the page
/// shows an OpenID4VP request (by value: `redirect_uri:` client id, `direct_post`, a DCQL query
/// for the registration SD-JWT VC, holder binding required). Amina's wallet answers with a key
/// binding to that client id and nonce, showing less than asked: the provider's page shows
/// "genuine", "18 or older: Yes", names what was not shown, and nothing else of her. Refused
/// answers keep nothing: no state, a state not made here, a broken form, a presentation that
/// is not an SD-JWT VC, a second answer. A presentation made for one request and sent to
/// another (a replayed key binding, the wrong nonce) is "not genuine"; a wallet that declines
/// is shown as declined.
async fn a_provider_asks_a_wallet_for_a_proof_and_sees_only_what_it_shows(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (holder, sd_jwt) = wallet_sd_jwt(&app, &cast).await;

    // Nothing ticked, or a claim the credential does not have: the page says so.
    for fields in [vec![], vec![("claim", "members")]] {
        let response = post_form(&app, "/verify/wallet", None, &fields, false).await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(
            response.headers()["location"],
            "/verify?ask_problem=claims#wallet"
        );
    }
    let html = get(&app, "/verify?ask_problem=claims", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Tick at least one detail."), "{html}");

    let (token, link) = ask_wallet(
        &app,
        &["registration_status", "age_over_18", "photo_digest"],
    )
    .await;
    assert_eq!(answered(&app, &token).await, "open");
    let request = portal_credentials::oid4vp::parameters_of_link(&link).unwrap();
    let origin = app.state.web.issuer().await.unwrap().origin().to_owned();
    let response_uri = format!("{origin}/oid4vp/response");
    assert_eq!(request["response_uri"], response_uri.as_str());
    assert_eq!(
        request["client_id"],
        format!("redirect_uri:{response_uri}").as_str()
    );
    assert_eq!(request["response_mode"], "direct_post");
    let dcql: Value = serde_json::from_str(request["dcql_query"].as_str().unwrap()).unwrap();
    assert_eq!(
        dcql["credentials"][0]["meta"]["vct_values"][0],
        format!("{origin}/vct/registration/v1").as_str()
    );
    let client_id = request["client_id"].as_str().unwrap().to_owned();
    let nonce = request["nonce"].as_str().unwrap().to_owned();
    let state = request["state"].as_str().unwrap().to_owned();
    // The state opens no page: only the provider's link does.
    assert_eq!(
        get(&app, &format!("/verify/wallet/answered?ask={state}"), None)
            .await
            .status()
            .as_u16(),
        404
    );

    let parsed = portal_credentials::sd_jwt::SdJwt::parse(&sd_jwt).unwrap();
    let shown = parsed.present(&["registration_status", "age_over_18"]);
    let bound =
        portal_credentials::sd_jwt::bind(&shown, &holder, &client_id, &nonce, chrono::Utc::now())
            .unwrap();
    let vp_token = json!({ "registration": [bound] }).to_string();

    // Refused, keeping nothing.
    let forged_state = "A".repeat(state.len());
    for (fields, expected) in [
        (
            vec![("vp_token", vp_token.as_str())],
            "presentation-request-unknown",
        ),
        (
            vec![("state", forged_state.as_str()), ("vp_token", &vp_token)],
            "presentation-request-unknown",
        ),
        (
            vec![("state", &state), ("vp_token", "not json")],
            "presentation-malformed",
        ),
        (vec![("state", &state)], "presentation-malformed"),
        (
            vec![
                ("state", &state),
                ("state", &state),
                ("vp_token", &vp_token),
            ],
            "presentation-malformed",
        ),
        (
            vec![
                ("state", &state),
                ("vp_token", r#"{"registration":["not a presentation"]}"#),
            ],
            "presentation-format",
        ),
    ] {
        assert_eq!(
            answer(&app, &fields).await,
            (400, expected.to_owned()),
            "{fields:?}"
        );
    }
    assert_eq!(answered(&app, &token).await, "open");

    // The answer, once.
    let fields = [("state", state.as_str()), ("vp_token", vp_token.as_str())];
    assert_eq!(answer(&app, &fields).await, (200, String::new()));
    assert_eq!(
        answer(&app, &fields).await,
        (400, "presentation-request-answered".to_owned())
    );
    assert_eq!(answered(&app, &token).await, "answered");
    let html = get(&app, &format!("/verify?ask={token}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-wallet-answer="genuine""#), "{html}");
    assert!(html.contains(r#"data-claim="age_over_18">Yes"#), "{html}");
    assert!(html.contains("data-not-shown"), "{html}");
    assert!(html.contains("Missing: \u{2068}Photo check"), "{html}");
    assert!(!html.contains("Amina"), "the name was not shown: {html}");
    assert!(!html.contains("data-wallet-request"), "the request is over");

    // The same presentation sent to another request: its key binding names the first nonce.
    let (second, link) = ask_wallet(&app, &["age_over_18"]).await;
    let other = portal_credentials::oid4vp::parameters_of_link(&link).unwrap();
    let other_state = other["state"].as_str().unwrap();
    assert_ne!(other["nonce"].as_str().unwrap(), nonce);
    assert_eq!(
        answer(&app, &[("state", other_state), ("vp_token", &vp_token)]).await,
        (200, String::new())
    );
    let html = get(&app, &format!("/verify?ask={second}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"data-wallet-answer="forged""#), "{html}");

    // A wallet whose person declines.
    let (third, link) = ask_wallet(&app, &["birthdate"]).await;
    let third_request = portal_credentials::oid4vp::parameters_of_link(&link).unwrap();
    assert_eq!(
        answer(
            &app,
            &[
                ("state", third_request["state"].as_str().unwrap()),
                ("error", "access_denied"),
                ("error_description", "The person said no"),
            ]
        )
        .await,
        (200, String::new())
    );
    let html = get(&app, &format!("/verify?ask={third}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("The person declined in their wallet app"),
        "{html}"
    );

    // A page link this portal did not make.
    let html = get(&app, &format!("/verify?ask={}", "B".repeat(95)), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("This request is not known here."), "{html}");
}
