//! The storage interface, specified once and run against SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use portal_core::import::{import_people, ImportError, ImportOutcome};
use portal_core::seed::seed_demo;
use portal_domain::audit::{Actor, AuditEvent, ChainBreak, SubjectKind};
use portal_domain::clock::FixedClock;
use portal_domain::person::RegistrationNumber;
use portal_domain::staff::{NewStaff, StaffId, StaffRole};
use portal_storage::audit::ChainReport;
use portal_storage::{Pool, Store, StoreError};
use portal_testkit::on_both_backends;
use portal_testkit::{Backend, TestDatabase};

fn clock() -> FixedClock {
    FixedClock::new(
        DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    )
}

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

fn csv(rows: &[&str]) -> Vec<u8> {
    std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

async fn seeded(backend: Backend) -> (TestDatabase, Store) {
    let (db, store) = TestDatabase::store(backend).await;
    seed_demo(&store, &clock()).await.unwrap();
    (db, store)
}

async fn execute(store: &Store, sql: &str) {
    match store.pool() {
        Pool::Sqlite(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
        Pool::Postgres(pool) => {
            sqlx::query(sql).execute(pool).await.unwrap();
        }
    }
}

on_both_backends! {
    migrations_are_idempotent,
    demo_seed_is_realistic_and_idempotent,
    a_valid_file_is_imported_once,
    a_file_with_bad_rows_imports_nothing,
    import_refuses_numbers_already_registered,
    import_refuses_unknown_offices_and_principal_less_cases,
    members_can_join_an_existing_household,
    staff_emails_are_unique_ignoring_case,
    stored_people_read_back_faithfully,
    concurrent_audit_appends_never_fork_the_chain,
    audit_rows_cannot_be_updated_or_deleted,
    an_edited_audit_row_is_caught_by_verification,
    rows_cut_off_the_end_of_the_audit_trail_are_caught,
    people_are_found_by_number_prefix_or_any_part_of_a_name_in_any_script,
    a_persons_portal_language_is_a_preference_kept_beside_the_record_and_audited,
}

async fn a_persons_portal_language_is_a_preference_kept_beside_the_record_and_audited(
    backend: Backend,
) {
    use portal_domain::person::PersonId;
    use portal_i18n::Locale;

    let (_db, store) = seeded(backend).await;
    let person = |number: &'static str| {
        let store = store.clone();
        async move {
            store
                .person_by_registration_number(&RegistrationNumber::parse(number).unwrap())
                .await
                .unwrap()
                .unwrap()
        }
    };
    let amina = person("AMM-26-000001").await;
    let now = clock().now_for_test();
    let event = |id: PersonId| {
        AuditEvent::new(
            now,
            Actor::Person {
                id: id.0.to_string(),
            },
            "person.portal-language",
        )
        .about(SubjectKind::Person, id.0.to_string())
        .with_details(serde_json::json!({ "fields": ["portal_language"] }))
    };
    let audited = |id: PersonId| {
        let store = store.clone();
        async move {
            store
                .audit_for_subject(SubjectKind::Person, &id.0.to_string(), 100)
                .await
                .unwrap()
                .into_iter()
                .filter(|r| r.event.action == "person.portal-language")
                .collect::<Vec<_>>()
        }
    };

    assert_eq!(store.portal_language(amina.id).await.unwrap(), None);
    assert!(store
        .set_portal_language(amina.id, Locale::Fr, &event(amina.id))
        .await
        .unwrap());
    assert_eq!(
        store.portal_language(amina.id).await.unwrap(),
        Some(Locale::Fr)
    );
    assert!(
        !store
            .set_portal_language(amina.id, Locale::Fr, &event(amina.id))
            .await
            .unwrap(),
        "the same choice again changes nothing"
    );
    assert!(
        !store
            .set_portal_language_if_unset(amina.id, Locale::Ar, &event(amina.id))
            .await
            .unwrap(),
        "a stored choice is not replaced by a cookie at sign-in"
    );
    assert!(store
        .set_portal_language(amina.id, Locale::Prs, &event(amina.id))
        .await
        .unwrap());
    assert_eq!(
        store.portal_language(amina.id).await.unwrap(),
        Some(Locale::Prs)
    );
    let rows = audited(amina.id).await;
    assert_eq!(
        rows.len(),
        2,
        "one audit row per change, none for no change"
    );
    assert!(rows
        .iter()
        .all(|r| !r.event.details.to_string().contains("prs")
            && !r.event.details.to_string().contains("\"fr\"")));

    // A preference, not registration data: the record and its version stay as they were.
    let after = person("AMM-26-000001").await;
    assert_eq!(after.record_version, amina.record_version);
    assert_eq!(after.updated_at, amina.updated_at);
    assert_eq!(after.record, amina.record);
    let contact = store.mail_contact(amina.id).await.unwrap().unwrap();
    assert_eq!(contact.portal_language, Some(Locale::Prs));

    // Without a stored choice, the first sign-in keeps the language picked before it.
    let khaled = person("AMM-26-000002").await;
    assert!(store
        .set_portal_language_if_unset(khaled.id, Locale::Ar, &event(khaled.id))
        .await
        .unwrap());
    assert_eq!(
        store.portal_language(khaled.id).await.unwrap(),
        Some(Locale::Ar)
    );
    assert_eq!(audited(khaled.id).await.len(), 1);

    let nobody = PersonId(uuid::Uuid::new_v4());
    assert!(matches!(
        store.portal_language(nobody).await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .set_portal_language(nobody, Locale::En, &event(nobody))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(audited(nobody).await.is_empty());

    // The database itself refuses a language the portal does not speak.
    let refused = match store.pool() {
        Pool::Sqlite(pool) => sqlx::query("UPDATE people SET portal_language = 'de'")
            .execute(pool)
            .await
            .is_err(),
        Pool::Postgres(pool) => sqlx::query("UPDATE people SET portal_language = 'de'")
            .execute(pool)
            .await
            .is_err(),
    };
    assert!(refused, "CHECK constraint on people.portal_language");
    assert!(matches!(
        store.verify_audit_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

async fn people_are_found_by_number_prefix_or_any_part_of_a_name_in_any_script(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let names = |found: &[portal_storage::people::PersonSummary]| {
        found.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    let (found, total) = store.search_people("haddad", None, 50, 0).await.unwrap();
    assert_eq!(total, 4, "{:?}", names(&found));
    let (_, total) = store.search_people("حداد", None, 50, 0).await.unwrap();
    assert_eq!(total, 4, "original script");
    let (found, total) = store
        .search_people("amm-26-00000", None, 5, 5)
        .await
        .unwrap();
    assert_eq!((total, found.len()), (9, 4), "prefix, second page");
    let (_, total) = store
        .search_people("haddad", Some("KLA"), 50, 0)
        .await
        .unwrap();
    assert_eq!(total, 0, "other office");
    let (_, total) = store.search_people("%", None, 50, 0).await.unwrap();
    assert_eq!(total, 0, "wildcards are literal");
}

async fn migrations_are_idempotent(backend: Backend) {
    let (_db, store) = TestDatabase::store(backend).await;
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.backend_name(), backend.to_string());
}

async fn demo_seed_is_realistic_and_idempotent(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let again = seed_demo(&store, &clock()).await.unwrap();
    assert_eq!(again, Default::default(), "second run creates nothing");
    let (households, people) = store.registration_counts().await.unwrap();
    assert!(
        households >= 20 && people >= 60,
        "{households} households, {people} people"
    );
    assert_eq!(store.staff_count().await.unwrap(), 3);
    let amina = store
        .person_by_registration_number(&RegistrationNumber::parse("AMM-26-000001").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(amina.record.given_name_original.unwrap().as_str(), "أمينة");
    assert_eq!(
        store
            .household_members(amina.household_id)
            .await
            .unwrap()
            .len(),
        4
    );
}

async fn a_valid_file_is_imported_once(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let file = csv(&[
        "AMM-26-C00900,AMM-26-000900,principal,Rania,Khoury,رانيا,خوري,female,1991-01-15,no,SYR,SYR,ara,+962790000900,,Amman,active,",
        "AMM-26-C00900,AMM-26-000901,child,Sami,Khoury,سامي,خوري,male,2020-06-01,no,SYR,SYR,ara,,,Amman,active,",
    ]);
    let first = import_people(&store, &clock(), &file, Actor::System, "test")
        .await
        .unwrap();
    assert!(
        matches!(
            first,
            ImportOutcome::Imported {
                households: 1,
                people: 2,
                ..
            }
        ),
        "{first:?}"
    );
    let again = import_people(&store, &clock(), &file, Actor::System, "test")
        .await
        .unwrap();
    assert!(
        matches!(again, ImportOutcome::AlreadyImported { .. }),
        "{again:?}"
    );
    assert_eq!(store.registration_counts().await.unwrap(), (23, 69));
    assert!(matches!(
        store.verify_audit_chain().await.unwrap(),
        ChainReport::Intact { .. }
    ));
}

async fn a_file_with_bad_rows_imports_nothing(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let before = store.registration_counts().await.unwrap();
    let file = csv(&[
        "AMM-26-C00901,AMM-26-000910,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00901,AMM-26-000911,child,Sami,Khoury,,,male,2030-06-01,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00902,AMM-26-000912,principal,Rami,,,,male,1980-01-01,no,SYR,QQQ,ara,,,,active,",
    ]);
    let Err(ImportError::Rows(rows)) =
        import_people(&store, &clock(), &file, Actor::System, "test").await
    else {
        panic!("expected row errors");
    };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    assert!(rows[0].problems.iter().any(|p| p.contains("date_of_birth")));
    assert!(rows[1].problems.iter().any(|p| p.contains("family_name")));
    assert!(rows[1].problems.iter().any(|p| p.contains("nationality")));
    assert_eq!(
        store.registration_counts().await.unwrap(),
        before,
        "nothing imported"
    );
}

async fn import_refuses_numbers_already_registered(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let file = csv(&["AMM-26-C00903,AMM-26-000001,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,"]);
    let Err(ImportError::Rows(rows)) =
        import_people(&store, &clock(), &file, Actor::System, "test").await
    else {
        panic!("expected row errors");
    };
    assert!(
        rows[0].problems[0].contains("already registered"),
        "{rows:?}"
    );
}

async fn import_refuses_unknown_offices_and_principal_less_cases(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let file = csv(&[
        "XYZ-26-C00001,XYZ-26-000001,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00904,AMM-26-000920,child,Sami,Khoury,,,male,2020-06-01,no,SYR,SYR,ara,,,,active,",
    ]);
    let Err(ImportError::Rows(rows)) =
        import_people(&store, &clock(), &file, Actor::System, "test").await
    else {
        panic!("expected row errors");
    };
    let all = rows
        .iter()
        .flat_map(|r| r.problems.clone())
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(
        all.contains("not a known office")
            && all.contains("needs a row with relationship principal"),
        "{all}"
    );
}

async fn members_can_join_an_existing_household(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let newborn = csv(&["AMM-26-C00001,AMM-26-000950,child,Salma,Haddad,سلمى,حداد,female,2026-11-01,no,SYR,SYR,ara,,,,active,"]);
    import_people(&store, &clock(), &newborn, Actor::System, "test")
        .await
        .unwrap();
    let second_principal = csv(&["AMM-26-C00001,AMM-26-000951,principal,Kamal,Haddad,,,male,1960-01-01,yes,SYR,SYR,ara,,,,active,"]);
    let Err(ImportError::Rows(rows)) =
        import_people(&store, &clock(), &second_principal, Actor::System, "test").await
    else {
        panic!("expected row errors");
    };
    assert!(rows[0].problems[0].contains("already has a principal"));
    let amina = store
        .person_by_registration_number(&RegistrationNumber::parse("AMM-26-000001").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        store
            .household_members(amina.household_id)
            .await
            .unwrap()
            .len(),
        5
    );
}

async fn staff_emails_are_unique_ignoring_case(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let staff = NewStaff::parse(
        "FARIDA@agency.example.org",
        "Farida",
        &[StaffRole::Clerk],
        None,
    )
    .unwrap();
    let event = AuditEvent::new(clock().now_for_test(), Actor::System, "staff.create");
    let error = store
        .create_staff(StaffId::random(), &staff, clock().now_for_test(), &event)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Duplicate(_)), "{error:?}");
    let unknown_office = NewStaff::parse(
        "new@agency.example.org",
        "New",
        &[StaffRole::Clerk],
        Some("ZZZ"),
    )
    .unwrap();
    let error = store
        .create_staff(
            StaffId::random(),
            &unknown_office,
            clock().now_for_test(),
            &event,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::NotFound(_)), "{error:?}");
    let found = store.staff_by_email(&staff.email).await.unwrap().unwrap();
    assert_eq!(found.account.roles, [StaffRole::Clerk]);
}

async fn stored_people_read_back_faithfully(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let mahmoud = store
        .person_by_registration_number(&RegistrationNumber::parse("amm-26-000005").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(mahmoud.record.date_of_birth.estimated);
    assert_eq!(mahmoud.record.phone.unwrap().as_str(), "+962781110022");
    assert_eq!(mahmoud.record.specific_needs.len(), 1);
    assert_eq!(mahmoud.record.languages.len(), 1);
    assert_eq!(mahmoud.record_version, 1);
    let stateless = store
        .person_by_registration_number(&RegistrationNumber::parse("ATH-26-000011").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(stateless.record.nationality.is_stateless());
}

async fn concurrent_audit_appends_never_fork_the_chain(backend: Backend) {
    let (_db, store) = TestDatabase::store(backend).await;
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let event = AuditEvent::new(
                    clock().now_for_test(),
                    Actor::Staff {
                        id: format!("s{i}"),
                        role: "clerk".into(),
                    },
                    "person.view",
                )
                .about(SubjectKind::Person, format!("p{i}"));
                store.append_audit(&event).await.unwrap()
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for task in tasks {
        seqs.push(task.await.unwrap());
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=24).collect::<Vec<i64>>());
    assert_eq!(
        store.verify_audit_chain().await.unwrap(),
        ChainReport::Intact { rows: 24 }
    );
}

async fn audit_rows_cannot_be_updated_or_deleted(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let update = "UPDATE audit_events SET action = 'x' WHERE seq = 1";
    let delete = "DELETE FROM audit_events WHERE seq = 1";
    for sql in [update, delete] {
        let result = match store.pool() {
            Pool::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Pool::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        };
        let error = result.unwrap_err().to_string();
        assert!(error.contains("append-only"), "{sql}: {error}");
    }
}

async fn an_edited_audit_row_is_caught_by_verification(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    // An attacker with database access removes the guard and rewrites history.
    match backend {
        Backend::Sqlite => execute(&store, "DROP TRIGGER audit_events_no_update").await,
        Backend::Postgres => {
            execute(
                &store,
                "DROP TRIGGER audit_events_no_update ON audit_events",
            )
            .await
        }
    }
    execute(
        &store,
        "UPDATE audit_events SET source = 'elsewhere' WHERE seq = 5",
    )
    .await;
    assert_eq!(
        store.verify_audit_chain().await.unwrap(),
        ChainReport::Broken(ChainBreak::Tampered { seq: 5 })
    );
}

async fn rows_cut_off_the_end_of_the_audit_trail_are_caught(backend: Backend) {
    let (_db, store) = seeded(backend).await;
    let ChainReport::Intact { rows } = store.verify_audit_chain().await.unwrap() else {
        panic!("seeded chain must be intact");
    };
    match backend {
        Backend::Sqlite => execute(&store, "DROP TRIGGER audit_events_no_delete").await,
        Backend::Postgres => {
            execute(
                &store,
                "DROP TRIGGER audit_events_no_update ON audit_events",
            )
            .await
        }
    }
    execute(
        &store,
        &format!("DELETE FROM audit_events WHERE seq = {rows}"),
    )
    .await;
    assert_eq!(
        store.verify_audit_chain().await.unwrap(),
        ChainReport::Broken(ChainBreak::Truncated {
            last_seq: rows - 1,
            head_seq: rows
        })
    );
}

/// The fixed clock's time, for building events in tests.
trait NowForTest {
    fn now_for_test(&self) -> DateTime<Utc>;
}

impl NowForTest for FixedClock {
    fn now_for_test(&self) -> DateTime<Utc> {
        portal_domain::clock::Clock::now(self)
    }
}
