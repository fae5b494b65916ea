//! Authorization of the staff people pages, route by route: the right role of the right office
//! gets the record (and leaves an audit row), everybody else gets the same refusal.
use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::staff::StaffRole;
use portal_testkit::on_both_backends;
use portal_testkit::Backend;

use crate::support::{spawn_demo, TestApp};

struct Cast {
    farida: String,
    jonas: String,
    priya: String,
    approver_only: String,
    amina: String,
    amina_id: String,
    selam_id: String,
}

async fn cast(app: &TestApp, people: &portal_testkit::Cast) -> Cast {
    let approver = app
        .add_staff(
            "checker@agency.example.org",
            &[StaffRole::Approver],
            Some("AMM"),
        )
        .await;
    Cast {
        farida: app.staff_cookie(&people.farida).await,
        jonas: app.staff_cookie(&people.jonas).await,
        priya: app.staff_cookie(&people.priya).await,
        approver_only: app.staff_cookie(&approver).await,
        amina: app.person_cookie(&people.amina).await,
        amina_id: people.amina.id.0.to_string(),
        selam_id: people.selam.id.0.to_string(),
    }
}

const SEARCH: &str = "/api/staff/people/search";
const CASE: &str = "/api/staff/people/case";
const INVITE: &str = "/api/staff/people/invite";

on_both_backends! {
    a_clerk_finds_people_of_their_office_by_name_or_number,
    opening_a_case_is_audited,
    a_case_of_another_office_is_not_found,
    an_admin_does_not_read_records,
    a_person_cannot_use_staff_functions,
    nobody_signed_in_gets_nothing,
    only_clerks_create_enrollment_slips,
    contact_details_are_shown_when_asked_and_each_reading_is_audited,
    a_search_is_posted_and_kept_for_its_session_never_put_in_the_address,
    the_case_view_lists_the_households_requests_and_who_read_or_changed_the_record,
    a_quality_finding_is_decided_over_http_once_by_its_office,
    reports_are_read_by_office_downloaded_as_csv_and_the_download_audited,
}

async fn a_clerk_finds_people_of_their_office_by_name_or_number(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (status, body) = app.find(Some(&cast.farida), &[("q", "haddad")]).await;
    assert_eq!(status, 200, "{body}");
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["total"], 4);
    let (_, body) = app.find(Some(&cast.farida), &[("q", "Tesfaye")]).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"],
        0,
        "Kampala is not her office"
    );
}

async fn opening_a_case_is_audited(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (status, body) = app
        .call(CASE, Some(&cast.farida), &[("id", &cast.amina_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    let case: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(case["registration_number"], "AMM-26-000001");
    assert_eq!(case["household"].as_array().unwrap().len(), 4);
    let views: Vec<_> = portal_storage::audit::for_subject(
        &mut app.read().await,
        SubjectKind::Person,
        &cast.amina_id,
        50,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|r| r.event.action == "person.view")
    .collect();
    assert_eq!(views.len(), 1);
    assert!(matches!(&views[0].event.actor, Actor::Staff { role, .. } if role == "clerk"));
}

async fn a_case_of_another_office_is_not_found(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (other_office, _) = app
        .call(CASE, Some(&cast.farida), &[("id", &cast.selam_id)])
        .await;
    let (unknown, _) = app
        .call(
            CASE,
            Some(&cast.farida),
            &[("id", "6b1b6a47-1c47-4f8e-9a43-2b5a1f0c1111")],
        )
        .await;
    let (garbage, _) = app
        .call(CASE, Some(&cast.farida), &[("id", "../../etc/passwd")])
        .await;
    assert_eq!(
        (other_office, unknown, garbage),
        (404, 404, 404),
        "not yours looks exactly like not there"
    );
}

async fn an_admin_does_not_read_records(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    assert_eq!(app.find(Some(&cast.priya), &[("q", "haddad")]).await.0, 403);
    assert_eq!(
        app.call(CASE, Some(&cast.priya), &[("id", &cast.amina_id)])
            .await
            .0,
        404
    );
}

async fn a_person_cannot_use_staff_functions(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    assert_eq!(app.find(Some(&cast.amina), &[("q", "haddad")]).await.0, 403);
    assert_eq!(
        app.call(CASE, Some(&cast.amina), &[("id", &cast.amina_id)])
            .await
            .0,
        403,
        "not even her own case, through staff routes"
    );
    assert_eq!(
        app.call(INVITE, Some(&cast.amina), &[("id", &cast.amina_id)])
            .await
            .0,
        403
    );
    let page = app
        .client
        .get(app.url("/staff/people"))
        .header("cookie", &cast.amina)
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["location"], "/signin");
}

async fn nobody_signed_in_gets_nothing(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    for (endpoint, args) in [
        (SEARCH, vec![("page", "0")]),
        ("/api/staff/people/find", vec![("q", "haddad")]),
        (CASE, vec![("id", cast.amina_id.as_str())]),
        (INVITE, vec![("id", cast.amina_id.as_str())]),
    ] {
        // The gate in front of /api/staff answers before the function runs: not signed in.
        assert_eq!(app.call(endpoint, None, &args).await.0, 401, "{endpoint}");
    }
}

async fn only_clerks_create_enrollment_slips(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (status, body) = app
        .call(INVITE, Some(&cast.jonas), &[("id", &cast.amina_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    let slip: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(slip["link"].as_str().unwrap().contains("/enroll/"));
    assert!(slip["qr_svg"].as_str().unwrap().contains("<svg"));
    assert_eq!(slip["code"].as_str().unwrap().len(), 11);
    assert_eq!(
        app.call(INVITE, Some(&cast.approver_only), &[("id", &cast.amina_id)])
            .await
            .0,
        403
    );
    // Amina has an email: the slip also went to the outbox (no SMTP configured in tests).
    let outbox = app.db.dir.path().join("data").join("outbox");
    assert_eq!(std::fs::read_dir(outbox).unwrap().count(), 1);
}

async fn contact_details_are_shown_when_asked_and_each_reading_is_audited(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let readings = || async {
        portal_storage::audit::for_subject(
            &mut app.read().await,
            SubjectKind::Person,
            &cast.amina_id,
            50,
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.event.action == "person.contact-view")
        .count()
    };
    let page = |path: String| {
        let app = &app;
        let cookie = cast.farida.clone();
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
    // The case view leaves them out until asked.
    let case = page(format!("/staff/people/{}", cast.amina_id)).await;
    assert!(case.contains("Show phone, email and address"));
    assert!(!case.contains("+962791234567") && !case.contains("amina.haddad@example.org"));
    assert_eq!(readings().await, 0);
    let shown = page(format!("/staff/people/{}?contact=1", cast.amina_id)).await;
    assert!(shown.contains("+962791234567") && shown.contains("amina.haddad@example.org"));
    assert_eq!(readings().await, 1);
    // The server function: only with `contact=true`; the same rule for the admin (no records)
    // and another office.
    let (status, body) = app
        .call(CASE, Some(&cast.jonas), &[("id", &cast.amina_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains("+962791234567"), "{body}");
    assert_eq!(readings().await, 1);
    let (status, body) = app
        .call(
            CASE,
            Some(&cast.jonas),
            &[("id", &cast.amina_id), ("contact", "true")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("+962791234567"), "{body}");
    assert_eq!(readings().await, 2);
    for (cookie, id) in [
        (&cast.priya, &cast.amina_id),
        (&cast.farida, &cast.selam_id),
        (&cast.amina, &cast.amina_id),
    ] {
        let (status, body) = app
            .call(CASE, Some(cookie), &[("id", id), ("contact", "true")])
            .await;
        assert!(status == 404 || status == 403, "{status} {body}");
        assert!(
            !body.contains("+962") && !body.contains("@example.org"),
            "{body}"
        );
    }
    assert_eq!(readings().await, 2);
}

async fn a_search_is_posted_and_kept_for_its_session_never_put_in_the_address(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let posted = app
        .client
        .post(app.url("/api/staff/people/find"))
        .header("cookie", &cast.farida)
        .form(&[("q", "Hadad"), ("born_from", ""), ("born_to", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 303);
    assert_eq!(
        posted.headers()["location"],
        "/staff/people",
        "no search in the address"
    );
    let kept = posted.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        kept.contains("HttpOnly") && kept.contains("SameSite=Strict"),
        "{kept}"
    );
    let pair = kept.split(';').next().unwrap().to_owned();
    let page = |cookie: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/staff/people"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = page(format!("{}; {pair}", cast.farida)).await;
    assert!(
        html.contains("Amina Haddad"),
        "another spelling finds the Haddads"
    );
    assert!(
        html.contains("value=\"Hadad\""),
        "the form shows what was searched"
    );
    // Another session (a colleague at the same browser after sign-out) does not get it.
    let other = app.staff_cookie(&people.farida).await;
    let html = page(format!("{other}; {pair}")).await;
    assert!(!html.contains("Amina Haddad"));
    // A date that cannot be read is named, not ignored.
    let (status, body) = app
        .find(
            Some(&cast.farida),
            &[("q", "haddad"), ("born_from", "14/03/1992")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("date_of_birth"), "{body}");
    let refused = app
        .client
        .post(app.url("/api/staff/people/find"))
        .header("cookie", &cast.farida)
        .form(&[("q", "haddad"), ("born_from", "1992-13-45")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.headers()["location"],
        "/staff/people?errors=date_of_birth.format"
    );
    // Born on a day: the date range alone searches.
    let (status, body) = app
        .find(
            Some(&cast.farida),
            &[
                ("q", ""),
                ("born_from", "1992-03-14"),
                ("born_to", "1992-03-14"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        found["people"][0]["registration_number"], "AMM-26-000001",
        "{found}"
    );
}

async fn the_case_view_lists_the_households_requests_and_who_read_or_changed_the_record(
    backend: Backend,
) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    // Jonas reads her contact details, then Farida opens the case.
    let (status, _) = app
        .call(
            CASE,
            Some(&cast.jonas),
            &[("id", &cast.amina_id), ("contact", "true")],
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = app
        .call(CASE, Some(&cast.farida), &[("id", &cast.amina_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    let case: serde_json::Value = serde_json::from_str(&body).unwrap();
    let audit = case["audit"].as_array().unwrap();
    let staff_name =
        |line: &serde_json::Value| line["who"]["Staff"]["name"].as_str().map(str::to_owned);
    assert_eq!(
        audit[0]["action"], "person.view",
        "this opening, newest first"
    );
    assert_eq!(
        staff_name(&audit[0]).as_deref(),
        Some(people.farida.account.display_name.as_str())
    );
    assert!(
        audit.iter().any(|l| l["action"] == "person.contact-view"
            && staff_name(l).as_deref() == Some(people.jonas.account.display_name.as_str())),
        "{audit:?}"
    );
    assert!(
        audit.iter().all(|l| l["at"].as_str().unwrap().len() == 16),
        "local time, to the minute"
    );
    // Every request of the household, whichever member it is about.
    let requests = case["requests"].as_array().unwrap();
    let stored: i64 = app
        .count("SELECT COUNT(*) FROM update_requests WHERE household_id = (SELECT household_id FROM people WHERE registration_number = 'AMM-26-000001')")
        .await;
    assert_eq!(requests.len() as i64, stored.min(50));
    for r in requests {
        assert!(
            r["line"]["reference"].as_str().unwrap().starts_with("R-"),
            "{r}"
        );
        assert!(!r["about"].as_str().unwrap().is_empty());
    }
}

async fn a_quality_finding_is_decided_over_http_once_by_its_office(backend: Backend) {
    use portal_storage::quality::FindingStatus;

    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    // Amina's phone, also on a record of another household.
    app.read()
        .await
        .execute(portal_storage::query(
            "UPDATE people SET phone = '+962791234567' WHERE registration_number = \
             (SELECT MIN(p.registration_number) FROM people p JOIN households h ON h.id = p.household_id \
              WHERE h.office_code = 'AMM' AND p.household_id <> \
              (SELECT household_id FROM people WHERE registration_number = 'AMM-26-000001'))",
        ))
        .await
        .unwrap();
    portal_core::jobs::quality::run_once(&app.state.web.store, chrono::Utc::now())
        .await
        .unwrap();
    let open =
        portal_core::quality::findings(&mut app.read().await, &people.farida, FindingStatus::Open)
            .await
            .unwrap();
    let shared = open
        .iter()
        .find(|f| {
            f.rule == portal_domain::quality::Rule::SharedContact
                && f.records.contains(&"AMM-26-000001".to_owned())
        })
        .expect("the shared phone is found");
    let path = format!("/api/staff/quality/{}", shared.id);
    let post = |cookie: Option<String>, status: &'static str, json: bool| {
        let (app, path) = (&app, path.clone());
        async move {
            let mut request = app.client.post(app.url(&path)).form(&[("status", status)]);
            if json {
                request = request.header("accept", "application/json");
            }
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap()
        }
    };
    assert_eq!(post(None, "resolved", true).await.status(), 401);
    assert_eq!(
        post(Some(cast.amina.clone()), "resolved", true)
            .await
            .status(),
        403
    );
    let kampala = app
        .add_staff(
            "kla-clerk@agency.example.org",
            &[StaffRole::Clerk],
            Some("KLA"),
        )
        .await;
    let kampala = app.staff_cookie(&kampala).await;
    assert_eq!(
        post(Some(kampala), "resolved", true).await.status(),
        404,
        "not their office"
    );
    assert_eq!(
        post(Some(cast.farida.clone()), "open", true).await.status(),
        422
    );
    assert_eq!(
        post(Some(cast.farida.clone()), "maybe", true)
            .await
            .status(),
        422
    );
    let done = post(Some(cast.farida.clone()), "false_positive", false).await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        "/staff/quality?status=open&done=false_positive"
    );
    let again = post(Some(cast.jonas.clone()), "resolved", true).await;
    assert_eq!(again.status(), 409, "decided once");
    let page = app
        .client
        .get(app.url("/staff/quality?status=false_positive"))
        .header("cookie", &cast.farida)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("AMM-26-000001"), "the record is named");
    assert!(!page.contains("+962791234567"), "the value is not");
    let bad = app
        .client
        .post(app.url("/api/staff/quality/not-an-id"))
        .header("cookie", &cast.farida)
        .header("accept", "application/json")
        .form(&[("status", "resolved")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 404);
}

async fn reports_are_read_by_office_downloaded_as_csv_and_the_download_audited(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let get = |path: &'static str, cookie: Option<String>, accept: &'static str| {
        let app = &app;
        async move {
            let mut request = app.client.get(app.url(path)).header("accept", accept);
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap()
        }
    };
    const JSON: &str = "application/json";

    // Nobody signed in, and a person, get nothing.
    assert_eq!(get("/api/staff/reports", None, JSON).await.status(), 401);
    assert_eq!(
        get("/api/staff/reports", Some(cast.amina.clone()), JSON)
            .await
            .status(),
        403
    );

    // A clerk of AMM reads AMM (whatever she asks for "all"); another office is refused.
    let own = get(
        "/api/staff/reports?office=ALL",
        Some(cast.farida.clone()),
        JSON,
    )
    .await;
    assert_eq!(own.status(), 200);
    let own: serde_json::Value = own.json().await.unwrap();
    assert_eq!(own["office"], "AMM");
    assert_eq!(own["timeZone"], "Asia/Amman");
    assert!(own["people"]["registered"].as_u64().unwrap() > 0);
    assert_eq!(
        own["people"]["registeredPerDay"].as_array().unwrap().len(),
        28
    );
    let other = get(
        "/api/staff/reports?office=KLA",
        Some(cast.farida.clone()),
        JSON,
    )
    .await;
    assert_eq!(other.status(), 403);
    // An admin of no office reads every office, or one.
    let admin = app
        .add_staff(
            "reports-admin@agency.example.org",
            &[StaffRole::Admin],
            None,
        )
        .await;
    let admin = app.staff_cookie(&admin).await;
    let all: serde_json::Value = get("/api/staff/reports", Some(admin.clone()), JSON)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["office"], serde_json::Value::Null);
    assert!(all["people"]["registered"].as_u64() > own["people"]["registered"].as_u64());

    // Bad input: problem details naming the field, never the value.
    for (path, field) in [
        ("/api/staff/reports?from=2026-13-01", "from"),
        ("/api/staff/reports?from=2026-11-30&to=2026-11-01", "to"),
        ("/api/staff/reports?from=2024-01-01&to=2026-11-30", "to"),
        ("/api/staff/reports?office=%3Cscript%3E", "office_code"),
    ] {
        let answer = get(path, Some(admin.clone()), JSON).await;
        assert_eq!(answer.status(), 422, "{path}");
        let body = answer.text().await.unwrap();
        assert!(body.contains(field), "{path}: {body}");
        assert!(
            !body.contains("script") && !body.contains("2026-13"),
            "{body}"
        );
    }
    // A browser with a bad period goes to the page, which says what is wrong.
    let page = app
        .client
        .get(app.url("/api/staff/reports.csv?from=2026-11-30&to=2026-11-01"))
        .header("accept", "text/html")
        .header("cookie", cast.farida.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303);
    assert_eq!(
        page.headers()["location"],
        "/staff/reports?from=2026-11-30&to=2026-11-01"
    );

    // The CSV: a file, no person in it, and its download audited (with its office).
    const EXPORTS: &str = "SELECT COUNT(*) FROM audit_events WHERE action = 'report.export' \
                           AND actor_kind = 'staff' AND actor_role = 'clerk' AND office = 'AMM'";
    let before = app.count(EXPORTS).await;
    let file = get(
        "/api/staff/reports.csv?from=2026-11-01&to=2026-11-30",
        Some(cast.farida.clone()),
        "text/html",
    )
    .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"portal-report-AMM-2026-11-01-2026-11-30.csv\""
    );
    let text = file.text().await.unwrap();
    assert!(
        text.starts_with("measure,office,from,to,value\r\n"),
        "{text}"
    );
    assert!(
        !text.contains("AMM-26-") && !text.contains("Amina"),
        "{text}"
    );
    assert_eq!(app.count(EXPORTS).await, before + 1);

    // The page itself, for the clerk, in French.
    let page = app
        .client
        .get(app.url("/staff/reports"))
        .header("cookie", format!("{}; portal_lang=fr", cast.farida))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Rapports") && html.contains("<svg"), "{html}");
    assert!(
        html.contains("/api/staff/reports.csv?from="),
        "the CSV link"
    );
    assert!(
        !html.contains("AMM-26-"),
        "no registration number on the page"
    );
}
