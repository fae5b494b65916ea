//! The `portal` command line as an operator uses it: exit codes and one-line reasons.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::{Command, Output};

use portal_server::on_both_backends;
use portal_server::testing::{Backend, TestDatabase};

fn portal(db: &TestDatabase, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .env_clear()
        .env("PORTAL_DATA_DIR", db.dir.path().join("data"))
        .env("PORTAL_DATABASE_URL", &db.url)
        .env("PORTAL_LOG", "warn")
        .current_dir(db.dir.path())
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

on_both_backends! {
    seed_demo_twice_succeeds_and_adds_nothing_the_second_time,
    bad_input_exits_2_with_one_line_reason,
    seed_demo_prints_ready_enrollment_links,
    import_reports_every_bad_row_and_imports_nothing,
    import_of_the_same_file_twice_is_a_no_op,
    audit_verify_reports_an_intact_trail,
    an_operator_sets_up_a_service_with_hours_and_a_holiday,
}

async fn seed_demo_twice_succeeds_and_adds_nothing_the_second_time(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let first = portal(&db, &["seed-demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("22 households, 67 people, 3 staff"),
        "{}",
        stdout(&first)
    );
    let second = portal(&db, &["seed-demo"]);
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("created now: 0 offices, 0 staff, 0 people"),
        "{}",
        stdout(&second)
    );
}

async fn seed_demo_prints_ready_enrollment_links(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let output = portal(&db, &["seed-demo"]);
    let out = stdout(&output);
    assert_eq!(
        out.matches("/enroll/").count(),
        5,
        "two people and three staff: {out}"
    );
    assert!(
        out.contains("Amina Haddad (AMM-26-000001, born 1992-03-14)"),
        "{out}"
    );
    let invite = portal(&db, &["invite", "--registration-number", "AMM-26-000001"]);
    assert!(invite.status.success(), "{}", stderr(&invite));
    assert!(stdout(&invite).contains("link: http://localhost:3000/enroll/"));
    let unknown = portal(&db, &["invite", "--registration-number", "AMM-26-999999"]);
    assert_eq!(unknown.status.code(), Some(2));
}

async fn bad_input_exits_2_with_one_line_reason(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let cases: [(&[&str], &str); 8] = [
        (&["frobnicate"], "unrecognized subcommand"),
        (
            &["staff", "add", "--email", "not-an-email", "--role", "clerk"],
            "email must be",
        ),
        (
            &[
                "staff",
                "add",
                "--email",
                "x@agency.example.org",
                "--role",
                "boss",
            ],
            "role must be one of",
        ),
        (
            &["staff", "add", "--email", "x@agency.example.org"],
            "--role",
        ),
        (
            &[
                "staff",
                "add",
                "--email",
                "farida@agency.example.org",
                "--role",
                "clerk",
            ],
            "already exists",
        ),
        (
            &[
                "office",
                "add",
                "--code",
                "AMM",
                "--name",
                "Again",
                "--time-zone",
                "Asia/Amman",
            ],
            "already exists",
        ),
        (
            &[
                "office",
                "add",
                "--code",
                "ZRQ",
                "--name",
                "Zarqa",
                "--time-zone",
                "Mars/Olympus",
            ],
            "time_zone",
        ),
        (&["import", "does-not-exist.csv"], "cannot read"),
    ];
    for (args, expected) in cases {
        let output = portal(&db, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(
            err.starts_with("portal: ") && err.contains(expected),
            "{args:?}: {err}"
        );
    }
}

async fn import_reports_every_bad_row_and_imports_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let file = db.dir.path().join("people.csv");
    std::fs::write(
        &file,
        "case_number,registration_number,relationship,given_name,family_name,sex,date_of_birth,country_of_origin,nationality,registration_status\n\
         AMM-26-C00500,AMM-26-000500,principal,Rania,Khoury,female,1991-01-15,SYR,SYR,active\n\
         AMM-26-C00500,AMM-26-000501,child,Sami,Khoury,male,1991-02-30,SYR,SYR,active\n\
         AMM-26-C00501,AMM-26-000502,principal,Rami,Haddad,x,1980-01-01,SYR,SYR,unknown\n",
    )
    .unwrap();
    let output = portal(&db, &["import", file.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].contains("2 row(s) have errors; nothing was imported"),
        "{err}"
    );
    assert!(lines[1].starts_with("  line 3: date_of_birth"), "{err}");
    assert!(
        lines[2].starts_with("  line 4: ")
            && lines[2].contains("sex")
            && lines[2].contains("registration_status"),
        "{err}"
    );
    let seed_again = portal(&db, &["seed-demo"]);
    assert!(
        stdout(&seed_again).contains("22 households, 67 people"),
        "nothing was imported"
    );
}

async fn import_of_the_same_file_twice_is_a_no_op(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let file = db.dir.path().join("people.csv");
    std::fs::write(
        &file,
        "case_number,registration_number,relationship,given_name,family_name,sex,date_of_birth,country_of_origin,nationality,registration_status\n\
         KLA-26-C00500,KLA-26-000500,principal,Achol,Mayen,female,1993-05-05,SSD,SSD,active\n",
    )
    .unwrap();
    let first = portal(&db, &["import", file.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("Imported 1 people (1 new households)"));
    let second = portal(&db, &["import", file.to_str().unwrap()]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).contains("already imported"),
        "{}",
        stdout(&second)
    );
}

async fn audit_verify_reports_an_intact_trail(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let output = portal(&db, &["audit", "verify"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // 3 offices + 3 staff + 1 import + 67 people + the demo's 5 enrollment invitations.
    assert_eq!(
        stdout(&output).trim(),
        "Audit trail intact: 79 rows checked."
    );
}

async fn an_operator_sets_up_a_service_with_hours_and_a_holiday(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let ok = |args: &[&str]| {
        let output = portal(&db, args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output)
    };
    ok(&[
        "office",
        "add",
        "--code",
        "GVA",
        "--name",
        "Geneva",
        "--time-zone",
        "Europe/Zurich",
    ]);
    ok(&[
        "appointments",
        "service",
        "--code",
        "interview",
        "--name",
        "en=Interview",
        "--name",
        "fr=Entretien",
        "--minutes",
        "60",
        "--per-household",
        "2",
    ]);
    ok(&[
        "appointments",
        "location",
        "--office",
        "GVA",
        "--name",
        "Main desk",
        "--address",
        "Rue 1, Geneva",
    ]);
    ok(&[
        "appointments",
        "hours",
        "--office",
        "GVA",
        "--location",
        "Main desk",
        "--service",
        "interview",
        "--day",
        "mon",
        "--day",
        "tue",
        "--day",
        "wed",
        "--day",
        "thu",
        "--day",
        "fri",
        "--opens",
        "09:00",
        "--closes",
        "12:00",
        "--capacity",
        "2",
    ]);
    let generated = ok(&["appointments", "generate", "--days", "14"]);
    let created: u64 = generated
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        created >= 27,
        "two working weeks of three slots a day: {generated}"
    );
    // A holiday on the next Monday: its free slots disappear.
    let today = chrono::Utc::now().date_naive();
    let monday = (1..=7)
        .map(|d| today + chrono::Duration::days(d))
        .find(|d| chrono::Datelike::weekday(d) == chrono::Weekday::Mon)
        .unwrap()
        .to_string();
    let closed = ok(&[
        "appointments",
        "closed",
        "--office",
        "GVA",
        "--location",
        "Main desk",
        "--date",
        &monday,
        "--note",
        "Holiday",
    ]);
    assert!(
        closed.contains("3 free slots of that day removed."),
        "{closed}"
    );
    // Bad input: exit 2 with a reason.
    for (args, reason) in [
        (
            vec![
                "appointments",
                "service",
                "--code",
                "x",
                "--name",
                "fr=Seulement",
                "--minutes",
                "30",
            ],
            "is required",
        ),
        (
            vec![
                "appointments",
                "hours",
                "--office",
                "GVA",
                "--location",
                "Nowhere",
                "--service",
                "interview",
                "--day",
                "mon",
                "--opens",
                "09:00",
                "--closes",
                "10:00",
            ],
            "no location",
        ),
        (
            vec![
                "appointments",
                "hours",
                "--office",
                "GVA",
                "--location",
                "Main desk",
                "--service",
                "interview",
                "--day",
                "funday",
                "--opens",
                "09:00",
                "--closes",
                "10:00",
            ],
            "weekday",
        ),
        (
            vec![
                "appointments",
                "closed",
                "--office",
                "GVA",
                "--location",
                "Main desk",
                "--date",
                "next monday",
            ],
            "YYYY-MM-DD",
        ),
    ] {
        let output = portal(&db, &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(reason),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
