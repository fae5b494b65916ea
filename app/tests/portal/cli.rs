//! The `portal` command line as an operator uses it: exit codes and one-line reasons.
use std::process::{Command, Output};

use portal_testkit::on_both_backends;
use portal_testkit::{Backend, TestDatabase};

use crate::support;

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
    quality_check_finds_stored_text_with_hidden_characters,
    seed_demo_twice_succeeds_and_adds_nothing_the_second_time,
    bad_input_exits_2_with_one_line_reason,
    seed_demo_prints_ready_enrollment_links,
    import_reports_every_bad_row_and_imports_nothing,
    import_of_the_same_file_twice_is_a_no_op,
    audit_verify_reports_an_intact_trail,
    an_operator_sets_up_a_service_with_hours_and_a_holiday,
    an_operator_manages_keys_and_api_tokens,
    portal_verify_checks_files_and_qr_images_offline,
    an_admin_exports_people_sealed_or_in_clear_and_the_csv_imports_back_unchanged,
    a_backup_taken_while_writes_go_on_restores_whole_and_its_credentials_verify,
    a_damaged_or_misdirected_backup_restores_nothing,
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
        "Audit trail intact: 79 rows checked, no signed checkpoint yet."
    );
    let taken = portal(&db, &["audit", "checkpoint"]);
    assert_eq!(
        stdout(&taken).trim(),
        "Checkpoint of row 79 signed and kept."
    );
    let again = portal(&db, &["audit", "checkpoint"]);
    assert_eq!(
        stdout(&again).trim(),
        "The last checkpoint records the current head already."
    );
    let output = portal(&db, &["audit", "verify"]);
    assert_eq!(
        stdout(&output).trim(),
        "Audit trail intact: 79 rows checked, 1 signed checkpoint."
    );
    // Someone with the database but not the data folder cuts the last rows off.
    let store = db.open().await;
    let mut conn = store.read().await.unwrap();
    for sql in [
        portal_storage::query_each(
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_events_no_update ON audit_events",
        ),
        portal_storage::query("DELETE FROM audit_events WHERE seq > 77"),
        portal_storage::query(
            "UPDATE audit_head SET last_seq = 77, \
             last_hash = (SELECT hash FROM audit_events WHERE seq = 77)",
        ),
    ] {
        conn.execute(sql).await.unwrap();
    }
    let output = portal(&db, &["audit", "verify"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(
        stderr(&output).trim(),
        "portal: audit trail broken: a signed checkpoint records row 79 but the audit trail ends at row 77: rows at the end were removed"
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

async fn an_operator_manages_keys_and_api_tokens(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let none = portal(&db, &["keys", "list"]);
    assert!(stdout(&none).contains("No keys yet"), "{}", stdout(&none));
    let first = portal(&db, &["keys", "rotate"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let kid = stdout(&first)
        .split_whitespace()
        .find(|w| w.starts_with("key-"))
        .unwrap()
        .to_owned();
    let key_file = db
        .dir
        .path()
        .join("data")
        .join("keys")
        .join(format!("{kid}.key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let only = portal(&db, &["keys", "retire", &kid]);
    assert_eq!(only.status.code(), Some(2));
    assert!(
        stderr(&only).contains("only active key"),
        "{}",
        stderr(&only)
    );
    assert!(portal(&db, &["keys", "rotate"]).status.success());
    let retired = portal(&db, &["keys", "retire", &kid]);
    assert!(retired.status.success(), "{}", stderr(&retired));
    let list = stdout(&portal(&db, &["keys", "list"]));
    assert!(
        list.contains(&format!("{kid}  created")) && list.contains("retired"),
        "{list}"
    );
    assert!(list.contains("signs new credentials"));
    assert!(
        list.starts_with("Issuer: did:web:localhost%3A3000"),
        "{list}"
    );
    // In did:key mode the list names each key's did:key, and the issuer is the active one's.
    let by_key = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["keys", "list"])
        .env_clear()
        .env("PORTAL_DATA_DIR", db.dir.path().join("data"))
        .env("PORTAL_DATABASE_URL", &db.url)
        .env("PORTAL_LOG", "warn")
        .env("PORTAL_DID_METHOD", "key")
        .current_dir(db.dir.path())
        .output()
        .unwrap();
    let by_key = stdout(&by_key);
    assert!(by_key.starts_with("Issuer: did:key:z6Mk"), "{by_key}");
    assert_eq!(
        by_key.matches("did:key:z6Mk").count(),
        3,
        "the issuer and two keys: {by_key}"
    );
    assert_eq!(
        portal(&db, &["keys", "retire", "key-nope"]).status.code(),
        Some(2)
    );

    let created = portal(
        &db,
        &[
            "api-token",
            "create",
            "--scope",
            "issue,status",
            "--types",
            "ClinicVisitCredential,VaccinationCertificate",
            "--label",
            "Clinic",
        ],
    );
    assert!(created.status.success(), "{}", stderr(&created));
    let out = stdout(&created);
    let token = out.lines().last().unwrap();
    assert_eq!(token.len(), 43, "the token alone on the last line: {out}");
    let listed = stdout(&portal(&db, &["api-token", "list"]));
    assert!(
        listed.contains("issue,status; may issue ClinicVisitCredential, VaccinationCertificate")
            && listed.contains("Clinic")
            && !listed.contains(token),
        "{listed}"
    );
    let id = listed.split_whitespace().next().unwrap().to_owned();
    assert!(portal(&db, &["api-token", "revoke", &id]).status.success());
    assert!(stdout(&portal(&db, &["api-token", "list"])).contains("revoked"));
    assert_eq!(
        portal(&db, &["api-token", "revoke", &id]).status.code(),
        Some(2)
    );
    assert_eq!(
        portal(&db, &["api-token", "create", "--scope", "everything"])
            .status
            .code(),
        Some(2)
    );
    // A token that issues names its types, and never the portal's own.
    for (types, says) in [
        (
            None,
            "--types: a token that issues names the credential types it may issue",
        ),
        (
            Some("RefugeeRegistrationCredential"),
            "--types: RefugeeRegistrationCredential is not for partners",
        ),
    ] {
        let mut args = vec!["api-token", "create", "--scope", "issue"];
        args.extend(types.iter().flat_map(|t| ["--types", *t]));
        let refused = portal(&db, &args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(stderr(&refused).contains(says), "{}", stderr(&refused));
    }
    assert_eq!(
        portal(&db, &["api-token", "revoke", "not-an-id"])
            .status
            .code(),
        Some(2)
    );
    // Neither the token nor the private key ever reaches the output of another command, or
    // the database.
    let audit = portal(&db, &["audit", "verify"]);
    assert!(audit.status.success());
    for secret in [token, secret.trim()] {
        assert!(!stdout(&audit).contains(secret) && !stderr(&audit).contains(secret));
    }
}

async fn portal_verify_checks_files_and_qr_images_offline(backend: Backend) {
    use portal_core::credentials::{self, issuer::Issuer, Issuing};
    use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    assert!(portal(&db, &["keys", "rotate"]).status.success());
    let config = portal_testkit::config_for(&db, &[]);
    let store = db.open().await;
    let ctx = portal_core::Ctx::at(chrono::Utc::now());
    let issuer = Issuer::load(&mut store.read().await.unwrap(), &config)
        .await
        .unwrap();
    let documents = portal_storage::documents::DocumentStore::under(&config.data_dir);
    let issuing = Issuing {
        issuer: &issuer,
        photos: &documents,
        valid_days: 365,
    };
    let cast = portal_testkit::Cast::load(&store).await;
    let obtain = |person: portal_domain::person::PersonId| {
        let (store, issuing) = (&store, &issuing);
        async move {
            let mut tx = store.begin().await.unwrap();
            let credential =
                credentials::obtain(&mut tx, &ctx, issuing, person, CredentialKind::Registration)
                    .await
                    .unwrap();
            tx.commit().await.unwrap();
            credential
        }
    };
    let amina = obtain(cast.amina.id).await;
    let khaled = obtain(cast.khaled.id).await;
    let dir = db.dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let jcs: serde_json::Value =
        serde_json::from_str(amina.document_jcs.as_deref().unwrap()).unwrap();
    let payload = portal_credentials::qr::encode_credential_json(&jcs).unwrap();
    let files = [
        write(
            "amina.json",
            amina.document_rdfc.as_deref().unwrap().as_bytes(),
        ),
        write(
            "amina.jwt",
            amina.document_jwt.as_deref().unwrap().as_bytes(),
        ),
        write("amina.txt", payload.as_bytes()),
        write("amina.png", &support::qr_png(&payload)),
        // A VC-API answer as a partner saved it, and an enveloped VC-JWT with a string context.
        write(
            "answer.json",
            serde_json::json!({ "verifiableCredential": serde_json::from_str::<serde_json::Value>(amina.document_rdfc.as_deref().unwrap()).unwrap() })
                .to_string()
                .as_bytes(),
        ),
        write(
            "enveloped.json",
            serde_json::json!({
                "@context": "https://www.w3.org/ns/credentials/v2",
                "type": "EnvelopedVerifiableCredential",
                "id": format!("data:application/vc+jwt,{}", amina.document_jwt.as_deref().unwrap()),
            })
            .to_string()
            .as_bytes(),
        ),
    ];
    for file in &files {
        let output = portal(&db, &["verify", file]);
        assert!(
            output.status.success(),
            "{file}: {}{}",
            stdout(&output),
            stderr(&output)
        );
        assert!(
            stdout(&output).starts_with("GENUINE"),
            "{}",
            stdout(&output)
        );
        assert!(stdout(&output).contains("AMM-26-000001"));
    }
    let mut tx = store.begin().await.unwrap();
    credentials::status::change(
        &mut tx,
        &ctx,
        &cast.jonas,
        amina.id,
        None,
        StatusAction::Revoke,
        StatusReason::RecordError,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let revoked = portal(&db, &["verify", &files[3]]);
    assert_eq!(revoked.status.code(), Some(1));
    assert!(
        stdout(&revoked).starts_with("REVOKED"),
        "{}",
        stdout(&revoked)
    );

    // Offline with cached copies of the DID document and the status lists, as a service
    // provider's laptop would hold them.
    let did = write(
        "did.json",
        &serde_json::to_vec(&issuer.web_document().unwrap()).unwrap(),
    );
    let mut lists = Vec::new();
    for purpose in [
        portal_credentials::status::StatusPurpose::Revocation,
        portal_credentials::status::StatusPurpose::Suspension,
    ] {
        let list = credentials::status::list_credential(
            &mut store.read().await.unwrap(),
            &ctx,
            &issuer,
            purpose,
            0,
        )
        .await
        .unwrap();
        lists.push(write(
            &format!("{}.json", purpose.as_str()),
            &serde_json::to_vec(&list).unwrap(),
        ));
    }
    let khaled_file = write(
        "khaled.jwt",
        khaled.document_jwt.as_deref().unwrap().as_bytes(),
    );
    let cached = |file: &str| {
        portal(
            &db,
            &[
                "verify",
                "--did-document",
                &did,
                "--status-list",
                &lists[0],
                "--status-list",
                &lists[1],
                file,
            ],
        )
    };
    let genuine = cached(&khaled_file);
    assert!(
        genuine.status.success(),
        "{}{}",
        stdout(&genuine),
        stderr(&genuine)
    );
    assert!(stdout(&genuine).contains("status as of"));
    assert!(stdout(&cached(&files[0])).starts_with("REVOKED"));
    // Without the status lists the status cannot be known: not accepted.
    let unknown = portal(&db, &["verify", "--did-document", &did, &khaled_file]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stdout(&unknown).contains("status-unavailable"),
        "{}",
        stdout(&unknown)
    );
    // A status list that was changed on the way is refused.
    let mut forged: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&lists[0]).unwrap()).unwrap();
    forged["validFrom"] = serde_json::json!("2020-01-01T00:00:00Z");
    let forged = write("forged.json", &serde_json::to_vec(&forged).unwrap());
    let refused = portal(
        &db,
        &[
            "verify",
            "--did-document",
            &did,
            "--status-list",
            &forged,
            &khaled_file,
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("does not verify"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        portal(&db, &["verify", "/nonexistent.json"]).status.code(),
        Some(2)
    );
    let garbage = write("garbage.json", b"{}");
    assert_eq!(portal(&db, &["verify", &garbage]).status.code(), Some(1));
}

/// A data folder and database left open to other users (an unpacked backup, a loose umask) are
/// named at start and made owner-only before the portal serves.
#[tokio::test]
async fn data_open_to_other_users_is_warned_about_and_made_owner_only_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDatabase::create(Backend::Sqlite).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let config = portal_testkit::config_for(&db, &[]);
    let mode = |path: &std::path::Path, bits| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).unwrap();
    };
    let database = db.dir.path().join("portal.db");
    let key = config.data_dir.join("audit.key");
    mode(&config.data_dir, 0o755);
    mode(&key, 0o644);
    mode(&database, 0o644);
    let mut open = app::host::serve::tighten_data(&config).unwrap();
    open.sort();
    let mut expected = vec![config.data_dir.clone(), key.clone(), database.clone()];
    expected.sort();
    assert_eq!(open, expected);
    let bits =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(bits(&config.data_dir), 0o700);
    assert_eq!(bits(&key), 0o600);
    assert_eq!(bits(&database), 0o600);
    assert!(app::host::serve::tighten_data(&config).unwrap().is_empty());
}

/// `portal quality check` counts findings per rule and ends with a total; text stored before
/// input refused hidden characters is found by record and field, never shown; the joiners
/// Dari and Persian need are not findings. A second run on unchanged data finds nothing new.
async fn quality_check_finds_stored_text_with_hidden_characters(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let clean = portal(&db, &["quality", "check"]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    let out = stdout(&clean);
    for rule in portal_domain::quality::Rule::ALL {
        assert!(out.contains(&format!("{}:", rule.as_str())), "{out}");
    }
    assert!(out.contains("hidden-characters:         0"), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("Findings: "), "one-line total: {out}");
    let again = stdout(&portal(&db, &["quality", "check"]));
    assert!(
        again.lines().last().unwrap().contains("(0 new or changed"),
        "{again}"
    );
    let store = db.open().await;
    let mut conn = store.read().await.unwrap();
    for sql in [
        "UPDATE people SET address = 'Camp 3 \u{202E}evil' WHERE registration_number = 'AMM-26-000001'",
        "UPDATE people SET given_name_original = 'مهر\u{200C}انگیز' WHERE registration_number = 'AMM-26-000002'",
        "UPDATE people SET family_name = 'Had\u{200B}dad' WHERE registration_number = 'AMM-26-000005'",
    ] {
        conn.execute(portal_storage::query(sql)).await.unwrap();
    }
    let found = portal(&db, &["quality", "check"]);
    assert!(found.status.success(), "{}", stderr(&found));
    let listed = stdout(&found);
    let lines: Vec<&str> = listed.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("hidden-characters:"))
        .unwrap();
    assert_eq!(lines[at], "hidden-characters:         2", "{listed}");
    assert_eq!(
        lines[at + 1..at + 3],
        ["  AMM-26-000001  address", "  AMM-26-000005  family_name"],
        "{listed}"
    );
    assert!(!listed.contains("evil") && !listed.contains("Camp"));
    assert!(listed.contains("correct hidden characters through a reviewed change"));
}

async fn an_admin_exports_people_sealed_or_in_clear_and_the_csv_imports_back_unchanged(
    backend: Backend,
) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let head = portal(
        &db,
        &[
            "staff",
            "add",
            "--email",
            "head@agency.example.org",
            "--role",
            "admin",
        ],
    );
    assert!(head.status.success(), "{}", stderr(&head));
    let dir = db.dir.path();
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let phrase = path("phrase.txt");
    std::fs::write(&phrase, "a long passphrase for the clinic\n").unwrap();
    std::fs::write(path("short.txt"), "short\n").unwrap();
    let export = |db: &TestDatabase, extra: &[&str]| {
        let mut args = vec!["export", "--purpose", "DSA-2026-014 (clinic referrals)"];
        args.extend_from_slice(extra);
        portal(db, &args)
    };

    // Refused, each with its reason, and no file left behind.
    for (args, reason) in [
        (
            vec!["--by", "farida@agency.example.org", "--out", &path("a.csv")],
            "only an active admin",
        ),
        (
            vec![
                "--by",
                "priya@agency.example.org",
                "--office",
                "KLA",
                "--out",
                &path("a.csv"),
            ],
            "only their office",
        ),
        (
            vec!["--by", "nobody@agency.example.org", "--out", &path("a.csv")],
            "no active staff account",
        ),
        (
            vec![
                "--by",
                "head@agency.example.org",
                "--format",
                "xml",
                "--out",
                &path("a.csv"),
            ],
            "must be one of csv, json",
        ),
        (
            vec![
                "--by",
                "head@agency.example.org",
                "--passphrase-file",
                &path("short.txt"),
                "--out",
                &path("a.csv"),
            ],
            "at least 12 characters",
        ),
        (
            vec!["--by", "head@agency.example.org", "--out", &phrase],
            "exists already",
        ),
    ] {
        let refused = export(&db, &args);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&refused)
        );
        assert!(
            stderr(&refused).contains(reason),
            "{args:?}: {}",
            stderr(&refused)
        );
        assert!(!dir.join("a.csv").exists() && !dir.join(".a.csv.partial").exists());
    }

    // An office's admin: her office, in clear, owner-only.
    let amman = export(
        &db,
        &[
            "--by",
            "priya@agency.example.org",
            "--out",
            &path("amman.csv"),
        ],
    );
    assert!(amman.status.success(), "{}", stderr(&amman));
    assert!(
        stdout(&amman).contains("NOT encrypted"),
        "{}",
        stdout(&amman)
    );
    let amman_csv = std::fs::read_to_string(dir.join("amman.csv")).unwrap();
    let rows: Vec<&str> = amman_csv.lines().skip(1).collect();
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.starts_with("AMM-")),
        "{amman_csv}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("amman.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The whole operation, sealed: no clear text inside; the wrong passphrase opens nothing.
    let sealed = export(
        &db,
        &[
            "--by",
            "head@agency.example.org",
            "--format",
            "json",
            "--passphrase-file",
            &phrase,
            "--out",
            &path("all.json.sealed"),
        ],
    );
    assert!(sealed.status.success(), "{}", stderr(&sealed));
    assert!(
        stdout(&sealed).contains("Exported 67 people in 22 households"),
        "{}",
        stdout(&sealed)
    );
    let bytes = std::fs::read(dir.join("all.json.sealed")).unwrap();
    assert!(bytes.starts_with(b"PORTAL-EXPORT-1\n"));
    assert!(!bytes.windows(13).any(|w| w == b"AMM-26-000001"));
    std::fs::write(path("wrong.txt"), "not the passphrase at all\n").unwrap();
    let wrong = portal(
        &db,
        &[
            "decrypt",
            &path("all.json.sealed"),
            "--out",
            &path("all.json"),
            "--passphrase-file",
            &path("wrong.txt"),
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("passphrase is wrong"),
        "{}",
        stderr(&wrong)
    );
    assert!(!dir.join("all.json").exists());
    let opened = portal(
        &db,
        &[
            "decrypt",
            &path("all.json.sealed"),
            "--out",
            &path("all.json"),
            "--passphrase-file",
            &phrase,
        ],
    );
    assert!(opened.status.success(), "{}", stderr(&opened));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("all.json")).unwrap()).unwrap();
    assert_eq!(json["format"], "portal-people-1");
    assert_eq!(json["purpose"], "DSA-2026-014 (clinic referrals)");
    assert_eq!(json["people"].as_array().unwrap().len(), 67);
    let amina = &json["people"][0];
    assert_eq!(amina["registration_number"], "AMM-26-000001");
    assert_eq!(amina["relationship"], "principal");

    // In clear as CSV, imported into another portal, exported again: the same bytes.
    let all = export(
        &db,
        &["--by", "head@agency.example.org", "--out", &path("all.csv")],
    );
    assert!(all.status.success(), "{}", stderr(&all));
    let all_csv = std::fs::read_to_string(dir.join("all.csv")).unwrap();
    let other = TestDatabase::create(backend).await;
    let mut offices: Vec<&str> = all_csv.lines().skip(1).map(|l| &l[..3]).collect();
    offices.sort_unstable();
    offices.dedup();
    for code in offices {
        let added = portal(
            &other,
            &[
                "office",
                "add",
                "--code",
                code,
                "--name",
                code,
                "--time-zone",
                "UTC",
            ],
        );
        assert!(added.status.success(), "{}", stderr(&added));
    }
    let imported = portal(&other, &["import", &path("all.csv")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(portal(
        &other,
        &[
            "staff",
            "add",
            "--email",
            "head@partner.example.org",
            "--role",
            "admin"
        ]
    )
    .status
    .success());
    let again = portal(
        &other,
        &[
            "export",
            "--purpose",
            "round trip",
            "--by",
            "head@partner.example.org",
            "--out",
            &path("again.csv"),
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(dir.join("again.csv")).unwrap(),
        all_csv
    );

    // Each export is in the audit trail with its purpose and the file's hash, never a record.
    let store = db.open().await;
    let rows: Vec<(String, String)> = store
        .read()
        .await
        .unwrap()
        .fetch_all(portal_storage::query(
            "SELECT actor_id, CAST(details AS TEXT) FROM audit_events \
             WHERE action = 'people.export' ORDER BY seq",
        ))
        .await
        .unwrap();
    assert_eq!(
        rows.len(),
        3,
        "one row per file written, none for a refusal"
    );
    let details: serde_json::Value = serde_json::from_str(&rows[1].1).unwrap();
    assert_eq!(details["purpose"], "DSA-2026-014 (clinic referrals)");
    assert_eq!(details["people"], 67);
    assert_eq!(details["sealed"], true);
    let hash = {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    assert_eq!(details["sha256"], hash);
    assert!(!rows
        .iter()
        .any(|(_, d)| d.contains("AMM-26-000001") || d.contains("Amina")));
    assert!(portal(&db, &["audit", "verify"]).status.success());
}

/// The `portal` binary against a given data folder and database, with `PATH` (for `pg_dump`
/// and `pg_restore`) and the extra variables given.
fn portal_in(data: &std::path::Path, url: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .args(args)
        .env_clear()
        .env("PORTAL_DATA_DIR", data)
        .env("PORTAL_DATABASE_URL", url)
        .env("PORTAL_LOG", "warn")
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(data.parent().unwrap());
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

async fn a_backup_taken_while_writes_go_on_restores_whole_and_its_credentials_verify(
    backend: Backend,
) {
    use portal_core::credentials::{self, issuer::Issuer, Issuing};
    use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    assert!(portal(&db, &["keys", "rotate"]).status.success());
    let config = portal_testkit::config_for(&db, &[]);
    let store = db.open().await;
    let ctx = portal_core::Ctx::at(chrono::Utc::now());
    let issuer = Issuer::load(&mut store.read().await.unwrap(), &config)
        .await
        .unwrap();
    let documents = portal_storage::documents::DocumentStore::under(&config.data_dir);
    let issuing = Issuing {
        issuer: &issuer,
        photos: &documents,
        valid_days: 365,
    };
    let cast = portal_testkit::Cast::load(&store).await;
    let mut issued = Vec::new();
    for person in [cast.amina.id, cast.khaled.id, cast.mahmoud.id] {
        let mut tx = store.begin().await.unwrap();
        let credential = credentials::obtain(
            &mut tx,
            &ctx,
            &issuing,
            person,
            CredentialKind::Registration,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        issued.push(credential);
    }
    let change = |id, action| {
        let (store, ctx, jonas) = (&store, &ctx, &cast.jonas);
        async move {
            let mut tx = store.begin().await.unwrap();
            credentials::status::change(
                &mut tx,
                ctx,
                jonas,
                id,
                None,
                action,
                StatusReason::RecordError,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
    };
    change(issued[1].id, StatusAction::Revoke).await;
    let dir = db.dir.path();
    std::fs::write(dir.join("phrase"), "a backup passphrase of the operator\n").unwrap();
    let phrase = dir.join("phrase").display().to_string();
    let file = dir.join("portal.backup").display().to_string();

    // The backup runs while a member of staff keeps suspending and reinstating a credential:
    // each change is a status-list write and an audit row.
    let (data, url, args) = (
        dir.join("data"),
        db.url.clone(),
        vec![
            "backup".to_owned(),
            file.clone(),
            "--passphrase-file".to_owned(),
            phrase.clone(),
        ],
    );
    let running = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        portal_in(&data, &url, &args, &[])
    });
    let mut writes = 0;
    while !running.is_finished() {
        change(issued[2].id, StatusAction::Suspend).await;
        change(issued[2].id, StatusAction::Unsuspend).await;
        writes += 2;
    }
    let output = running.await.unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(", sealed)")
            && stdout(&output).contains("Audit trail in the copy: intact"),
        "{}",
        stdout(&output)
    );
    assert!(writes > 0, "the backup ran while writes went on");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the backup is owner-only");
    }
    let sealed = std::fs::read(&file).unwrap();
    assert!(
        !sealed.windows(13).any(|w| w == b"AMM-26-000001"),
        "no clear text inside"
    );
    let again = portal(&db, &["backup", &file]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    // Into a new, empty place: the passphrase is needed, then everything verifies there.
    let target = TestDatabase::create(backend).await;
    let place = target.dir.path().join("data");
    let restore = |args: &[&str], env: &[(&str, &str)]| portal_in(&place, &target.url, args, env);
    let without = restore(&["restore", &file], &[]);
    assert_eq!(without.status.code(), Some(2));
    assert!(stderr(&without).contains("sealed"), "{}", stderr(&without));
    let wrong = restore(
        &["restore", &file],
        &[("PORTAL_BACKUP_PASSPHRASE", "not the passphrase at all")],
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(!place.join("audit.key").exists(), "nothing restored");
    let restored = restore(&["restore", &file, "--passphrase-file", &phrase], &[]);
    assert!(
        restored.status.success(),
        "{}{}",
        stdout(&restored),
        stderr(&restored)
    );
    assert!(
        stdout(&restored).contains("every count as recorded; audit trail intact"),
        "{}",
        stdout(&restored)
    );
    let twice = restore(&["restore", &file, "--passphrase-file", &phrase], &[]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("empty place"), "{}", stderr(&twice));

    let audit = restore(&["audit", "verify"], &[]);
    assert!(audit.status.success(), "{}", stderr(&audit));
    assert!(
        stdout(&audit).contains("Audit trail intact"),
        "{}",
        stdout(&audit)
    );
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let genuine = write("amina.json", issued[0].document_rdfc.as_deref().unwrap());
    let revoked = write("khaled.jwt", issued[1].document_jwt.as_deref().unwrap());
    let verified = restore(&["verify", &genuine], &[]);
    assert!(
        stdout(&verified).starts_with("GENUINE"),
        "{}{}",
        stdout(&verified),
        stderr(&verified)
    );
    let verified = restore(&["verify", &revoked], &[]);
    assert!(
        stdout(&verified).starts_with("REVOKED"),
        "{}",
        stdout(&verified)
    );
    // The restored portal signs with the restored key: a new credential verifies there too.
    let keys = restore(&["keys", "list"], &[]);
    assert!(keys.status.success(), "{}", stderr(&keys));
    assert!(
        stdout(&keys).contains(issuer.active_kid().unwrap_or_default()),
        "{}",
        stdout(&keys)
    );
}

async fn a_damaged_or_misdirected_backup_restores_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, &["seed-demo"]).status.success());
    let dir = db.dir.path();
    let file = dir.join("clear.backup").display().to_string();
    let output = portal_in(&dir.join("data"), &db.url, &["backup", &file], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("in clear"), "{}", stdout(&output));

    // A byte of the database changed: its digest no longer matches.
    let mut bytes = std::fs::read(&file).unwrap();
    // The database member's header (headers start every 512 bytes; the manifest before it
    // names the member too).
    let at = (0..bytes.len())
        .step_by(512)
        .find(|&i| {
            bytes[i..].starts_with(b"database.sqlite") || bytes[i..].starts_with(b"database.pgdump")
        })
        .unwrap();
    let body = at + 512 + 100;
    bytes[body] ^= 0x55;
    let damaged = dir.join("damaged.backup");
    std::fs::write(&damaged, &bytes).unwrap();
    let target = TestDatabase::create(backend).await;
    let place = target.dir.path().join("data");
    let output = portal_in(
        &place,
        &target.url,
        &["restore", &damaged.display().to_string()],
        &[],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is damaged (its digest differs)"),
        "{}",
        stderr(&output)
    );
    assert!(!place.join("audit.key").exists() && !place.join("portal.db").exists());

    // Truncated, and not a backup at all.
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).unwrap();
    let output = portal_in(
        &place,
        &target.url,
        &["restore", &damaged.display().to_string()],
        &[],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    std::fs::write(&damaged, b"hello").unwrap();
    let output = portal_in(
        &place,
        &target.url,
        &["restore", &damaged.display().to_string()],
        &[],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not a portal backup"),
        "{}",
        stderr(&output)
    );

    // Not into a place in use: the original's own data folder and database.
    let output = portal_in(&dir.join("data"), &db.url, &["restore", &file], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("empty place"),
        "{}",
        stderr(&output)
    );

    // Into the other kind of database.
    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let elsewhere = TestDatabase::create(other).await;
    let output = portal_in(
        &elsewhere.dir.path().join("data"),
        &elsewhere.url,
        &["restore", &file],
        &[],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("this is a backup of a"),
        "{}",
        stderr(&output)
    );

    // The clear backup restores whole.
    let output = portal_in(&place, &target.url, &["restore", &file], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
}
