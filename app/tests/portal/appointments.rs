//! Appointments over HTTP against the real server, on SQLite and PostgreSQL: every route and
//! server function called by the owner, another person, staff of another office, the wrong
//! kind of account and nobody; the pages render without JavaScript.
use chrono::Utc;
use portal_domain::staff::StaffRole;
use portal_testkit::on_both_backends;
use portal_testkit::Backend;

use crate::support::{spawn_demo, TestApp};

struct Cast {
    amina: String,
    khaled: String,
    jonas: String,
    kampala: String,
    location: String,
    slots: Vec<String>,
}

async fn cast(app: &TestApp, people: &portal_testkit::Cast) -> Cast {
    let kampala = app
        .add_staff(
            "kla@agency.example.org",
            &[StaffRole::Clerk, StaffRole::Approver],
            Some("KLA"),
        )
        .await;
    let mut db = app.read().await;
    let location = portal_core::booking::locations_for_person(&mut db, people.amina.id)
        .await
        .unwrap()
        .remove(0);
    let slots = portal_core::booking::free_slots(
        &mut db,
        &app.ctx(),
        people.amina.id,
        location.id,
        "document-renewal",
        28,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|s| s.starts_at > Utc::now() + chrono::Duration::days(2))
    .map(|s| s.id.to_string())
    .collect();
    Cast {
        amina: app.person_cookie(&people.amina).await,
        khaled: app.person_cookie(&people.khaled).await,
        jonas: app.staff_cookie(&people.jonas).await,
        kampala: app.staff_cookie(&kampala).await,
        location: location.id.to_string(),
        slots,
    }
}

async fn post(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .form(fields);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn book(app: &TestApp, cast: &Cast) -> String {
    let (status, body) = post(
        app,
        "/api/me/appointments",
        Some(&cast.amina),
        &[("slot", &cast.slots[0])],
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_str().unwrap().to_owned()
}

on_both_backends! {
    every_appointment_route_is_behind_the_gate,
    another_person_and_another_office_get_nothing,
    booking_answers_with_clear_problems,
    the_appointment_pages_render_without_javascript,
    the_desk_finds_a_booking_from_any_code_a_person_carries,
    a_visit_is_marked_only_once_it_starts_or_ends,
}

async fn every_appointment_route_is_behind_the_gate(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = book(&app, &cast).await;
    for (method, template) in portal_web::appointments::ROUTES {
        assert!(portal_web::gate::area_of(template).is_some(), "{template}");
        let path = template.replace("{id}", &id);
        let wrong = if template.starts_with("/api/me") {
            &cast.jonas
        } else {
            &cast.amina
        };
        for (cookie, expected) in [(None, 401), (Some(wrong.as_str()), 403)] {
            let status = if *method == "GET" {
                get(&app, &path, cookie).await.0
            } else {
                post(&app, &path, cookie, &[("slot", &cast.slots[1])])
                    .await
                    .0
            };
            assert_eq!(status, expected, "{method} {path} {cookie:?}");
        }
    }
    for endpoint in [
        "/api/me/appointments/list",
        "/api/me/appointments/options",
        "/api/me/appointments/one",
        "/api/staff/appointments/agenda",
    ] {
        let (status, _) = app.call(endpoint, None, &[]).await;
        assert_eq!(status, 401, "{endpoint}");
    }
}

async fn another_person_and_another_office_get_nothing(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = book(&app, &cast).await;
    let (status, _) = app
        .call(
            "/api/me/appointments/one",
            Some(&cast.khaled),
            &[("id", &id)],
        )
        .await;
    assert_eq!(status, 404);
    let (_, list) = app
        .call("/api/me/appointments/list", Some(&cast.khaled), &[])
        .await;
    assert!(!list.contains(&id));
    assert_eq!(
        get(
            &app,
            &format!("/api/me/appointments/{id}/calendar.ics"),
            Some(&cast.khaled)
        )
        .await
        .0,
        404
    );
    for action in ["cancel", "reschedule"] {
        let (status, _) = post(
            &app,
            &format!("/api/me/appointments/{id}/{action}"),
            Some(&cast.khaled),
            &[("slot", &cast.slots[1])],
        )
        .await;
        assert_eq!(status, 404, "{action}");
    }
    for action in ["mark", "cancel", "move"] {
        let (status, _) = post(
            &app,
            &format!("/api/staff/appointments/{id}/{action}"),
            Some(&cast.kampala),
            &[
                ("status", "attended"),
                ("reason", "x"),
                ("slot", &cast.slots[1]),
            ],
        )
        .await;
        assert_eq!(status, 404, "{action}");
    }
    let (status, body) = app
        .call(
            "/api/staff/appointments/agenda",
            Some(&cast.kampala),
            &[
                ("location", &cast.location),
                ("date", ""),
                ("week", "true"),
                ("find", ""),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(!body.contains(&id), "the Kampala agenda shows Kampala only");
    // The owner and the Amman staff see it.
    let (status, ics) = get(
        &app,
        &format!("/api/me/appointments/{id}/calendar.ics"),
        Some(&cast.amina),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ics.contains("BEGIN:VCALENDAR") && ics.contains("TZID=Asia/Amman"));
    let (status, body) = app
        .call(
            "/api/staff/appointments/agenda",
            Some(&cast.jonas),
            &[
                ("location", &cast.location),
                ("date", ""),
                ("week", "false"),
                ("find", ""),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn booking_answers_with_clear_problems(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    book(&app, &cast).await;
    // The household limit of this service is one booking.
    let (status, problem) = post(
        &app,
        "/api/me/appointments",
        Some(&cast.khaled),
        &[("slot", &cast.slots[1])],
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    assert!(
        problem["type"].as_str().unwrap().ends_with("limit-reached"),
        "{problem}"
    );
    let (status, _) = post(
        &app,
        "/api/me/appointments",
        Some(&cast.amina),
        &[("slot", "not-a-slot")],
    )
    .await;
    assert_eq!(status, 404);
    // A browser gets the form back with a code.
    let response = app
        .client
        .post(app.url("/api/me/appointments"))
        .header("cookie", &cast.khaled)
        .form(&[
            ("slot", cast.slots[1].as_str()),
            ("service", "document-renewal"),
            ("location", cast.location.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.ends_with("problem=limit-reached"), "{location}");
    let (status, _) = post(
        &app,
        "/api/me/appointments/ask",
        Some(&cast.amina),
        &[
            ("service", "document-renewal"),
            ("location", &cast.location),
            ("preferred", "   "),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &app,
        "/api/me/appointments/ask",
        Some(&cast.amina),
        &[
            ("service", "document-renewal"),
            ("location", &cast.location),
            ("preferred", "Sunday mornings"),
        ],
    )
    .await;
    assert_eq!(status, 201);
}

async fn the_appointment_pages_render_without_javascript(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = book(&app, &cast).await;
    let page = |path: String, cookie: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(app.url(&path))
                .header("cookie", cookie)
                .header("accept-language", "en")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path}");
            response.text().await.unwrap()
        }
    };
    let list = page("/me/appointments".into(), cast.amina.clone()).await;
    assert!(list.contains("Coming up") && list.contains("Renew a document"));
    let book = page(
        format!(
            "/me/appointments/book?service=protection-consultation&location={}",
            cast.location
        ),
        cast.amina.clone(),
    )
    .await;
    assert!(book.contains("name=\"slot\"") && book.contains("No time fits?"));
    let detail = page(format!("/me/appointments/{id}"), cast.amina.clone()).await;
    assert!(detail.contains("<svg") && detail.contains("Show this code at the gate."));
    let agenda = page("/staff/appointments?span=week".into(), cast.jonas.clone()).await;
    assert!(agenda.contains("Amina Haddad") || agenda.contains("No appointments."));
}

/// What `POST /api/staff/appointments/scan` found for `code`, as JSON.
async fn scan(app: &TestApp, cookie: &str, code: &str) -> serde_json::Value {
    let (status, body) = post(
        app,
        "/api/staff/appointments/scan",
        Some(cookie),
        &[("code", code)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn the_desk_finds_a_booking_from_any_code_a_person_carries(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = book(&app, &cast).await;
    let reference =
        portal_domain::appointments::AppointmentId(uuid::Uuid::parse_str(&id).unwrap()).reference();
    let found = |body: &serde_json::Value| body["found"].as_str().unwrap_or_default().to_owned();

    // The reference read from the confirmation's QR code (any case), on whatever day it is.
    for code in [
        reference.clone(),
        reference.to_lowercase(),
        format!("  {reference} "),
    ] {
        let body = scan(&app, &cast.jonas, &code).await;
        assert_eq!(found(&body), "booking", "{code}");
        assert_eq!(body["reference"], reference.as_str());
        assert_eq!(body["location"], cast.location.as_str());
    }
    // The registration number, the enrollment slip's link, and the credential's QR code.
    let body = scan(&app, &cast.jonas, "amm-26-000001").await;
    assert_eq!(body["reference"], reference.as_str(), "{body}");
    let invitation = app
        .invite(portal_domain::session::Principal::Person(people.amina.id))
        .await;
    let link = invitation.link(&app.state.config.public_url);
    let body = scan(&app, &cast.jonas, &link).await;
    assert_eq!(body["reference"], reference.as_str(), "{body}");
    let response = app
        .client
        .post(app.url("/api/me/credentials/registration"))
        .header("accept", "application/json")
        .header("cookie", &cast.amina)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let credential: serde_json::Value = response.json().await.unwrap();
    let credential = uuid::Uuid::parse_str(credential["id"].as_str().unwrap()).unwrap();
    let stored = portal_storage::credentials::by_id(&mut app.read().await, credential)
        .await
        .unwrap()
        .unwrap();
    let mut jcs: serde_json::Value =
        serde_json::from_str(stored.document_jcs.as_deref().unwrap()).unwrap();
    let payload = portal_credentials::qr::encode_credential_json(&jcs).unwrap();
    let body = scan(&app, &cast.jonas, &payload).await;
    assert_eq!(body["reference"], reference.as_str(), "{body}");
    // An altered credential is not genuine: it names nobody, whoever it claims to be.
    jcs["credentialSubject"]["givenName"] = serde_json::json!("Someone Else");
    let forged = portal_credentials::qr::encode_credential_json(&jcs).unwrap();
    assert_eq!(
        found(&scan(&app, &cast.jonas, &forged).await),
        "not-genuine"
    );

    // Nothing, or too much, or a number nobody has: nothing found.
    for code in [
        String::new(),
        "hello".into(),
        "A-ZZZZZZZZ".into(),
        "AMM-26-999999".into(),
        "x".repeat(9000),
        format!("{}/enroll/{}", app.state.config.public_url, "a".repeat(43)),
    ] {
        assert_eq!(found(&scan(&app, &cast.jonas, &code).await), "unknown");
    }
    // Kampala's clerk finds none of Amman's bookings or people, by any code.
    for code in [
        reference.as_str(),
        "AMM-26-000001",
        link.as_str(),
        payload.as_str(),
    ] {
        assert_eq!(
            found(&scan(&app, &cast.kampala, code).await),
            "unknown",
            "{code}"
        );
    }
    // Her husband, with no booking of his own, is shown the household's; someone of another
    // household of the office has none.
    let body = scan(&app, &cast.jonas, "AMM-26-000002").await;
    assert_eq!(body["reference"], reference.as_str(), "{body}");
    assert_eq!(
        found(&scan(&app, &cast.jonas, "AMM-26-000005").await),
        "no-booking"
    );
    // Only staff: a person and nobody are refused.
    assert_eq!(
        post(
            &app,
            "/api/staff/appointments/scan",
            Some(&cast.amina),
            &[("code", &reference)]
        )
        .await
        .0,
        403
    );
    assert_eq!(
        post(
            &app,
            "/api/staff/appointments/scan",
            None,
            &[("code", &reference)]
        )
        .await
        .0,
        401
    );

    // A browser is sent to the booking's day with the reference only: never the number, the
    // link's secret or the credential in the address.
    for code in ["AMM-26-000001", link.as_str(), payload.as_str()] {
        let response = app
            .client
            .post(app.url("/api/staff/appointments/scan"))
            .header("cookie", &cast.jonas)
            .form(&[("code", code)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("/staff/appointments?location="),
            "{location}"
        );
        assert!(
            location.ends_with(&format!("&find={reference}")),
            "{location}"
        );
        assert!(
            !location.contains("AMM") && !location.contains("enroll"),
            "{location}"
        );
    }
    // The agenda shows that booking alone, on its day, from the reference.
    let (_, page) = get(
        &app,
        &format!("/staff/appointments?find={}", reference.to_lowercase()),
        Some(&cast.jonas),
    )
    .await;
    assert!(page.contains(&format!("data-reference=\"{reference}\"")));
    assert_eq!(page.matches("data-reference=").count(), 1);
    assert!(page.contains("It can be marked once it starts."));
    let (_, page) = get(
        &app,
        "/staff/appointments?find=A-00000000",
        Some(&cast.jonas),
    )
    .await;
    assert!(page.contains("No appointment has this reference at your locations."));
}

async fn a_visit_is_marked_only_once_it_starts_or_ends(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let id = book(&app, &cast).await;
    let path = format!("/api/staff/appointments/{id}/mark");
    for (status, code) in [("attended", "not-started"), ("no_show", "not-over")] {
        let (answer, body) = post(&app, &path, Some(&cast.jonas), &[("status", status)]).await;
        assert_eq!(answer, 409, "{body}");
        assert!(body["type"].as_str().unwrap().ends_with(code), "{body}");
    }
    // A browser comes back to the same agenda with the reason.
    let response = app
        .client
        .post(app.url(&path))
        .header("cookie", &cast.jonas)
        .form(&[
            ("status", "attended"),
            ("return_location", cast.location.as_str()),
            ("return_date", "2030-01-02"),
        ])
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains(&format!("location={}", cast.location))
            && location.contains("date=2030-01-02")
            && location.ends_with("problem=not-started"),
        "{location}"
    );
    let (_, page) = get(&app, &location, Some(&cast.jonas)).await;
    assert!(page.contains("This appointment has not started yet."));
    let mut db = app.read().await;
    let stored = portal_storage::appointments::by_id(
        &mut db,
        portal_domain::appointments::AppointmentId(uuid::Uuid::parse_str(&id).unwrap()),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        stored.status,
        portal_domain::appointments::AppointmentStatus::Booked
    );
}
