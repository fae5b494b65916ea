//! The storage interface, specified once and run against SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portal_core::import::{import_people, ImportError, ImportOutcome};
use portal_core::seed::seed_demo;
use portal_core::{admin, CoreError};
use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::staff::{NewStaff, StaffRole};
use portal_storage::audit::{self, ChainReport};
use portal_storage::{people, query, StoreError};
use portal_testkit::{on_both_backends, Backend, TestDatabase, World};

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

fn csv(rows: &[&str]) -> Vec<u8> {
    std::iter::once(HEADER)
        .chain(rows.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

/// Imports `file` as the operator would: one transaction, committed only when it imports.
async fn import(w: &World, file: &[u8]) -> Result<ImportOutcome, ImportError> {
    let mut tx = w.begin().await;
    match import_people(&mut tx, &w.ctx(), file, Actor::System, "test").await {
        Ok(outcome) => {
            tx.commit().await.unwrap();
            Ok(outcome)
        }
        Err(CoreError::Import(error)) => Err(error),
        Err(other) => panic!("{other:?}"),
    }
}

async fn counts(w: &World) -> (i64, i64) {
    people::registration_counts(&mut w.read().await)
        .await
        .unwrap()
}

async fn chain(w: &World) -> ChainReport {
    w.verify_audit().await
}

on_both_backends! {
    the_sqlite_files_are_owner_only,
    ended_sessions_and_spent_ceremonies_are_purged,
    migrations_are_idempotent,
    a_caller_waits_for_a_connection_only_as_long_as_configured,
    demo_seed_is_realistic_and_idempotent,
    a_valid_file_is_imported_once,
    a_file_with_bad_rows_imports_nothing,
    import_refuses_numbers_already_registered,
    import_refuses_unknown_offices_and_principal_less_cases,
    members_can_join_an_existing_household,
    staff_emails_are_unique_ignoring_case,
    stored_people_read_back_faithfully,
    people_are_found_by_any_spelling_number_phone_or_birth_range,
    a_persons_portal_language_is_a_preference_kept_beside_the_record_and_audited,
    a_generated_crowd_is_registered_once,
}

async fn a_generated_crowd_is_registered_once(backend: Backend) {
    use portal_core::seed::crowd::seed_crowd;

    let w = World::new(backend).await;
    let (_, before) = counts(&w).await;
    let heard = std::sync::Mutex::new(Vec::new());
    let added = seed_crowd(&w.store, &w.ctx(), 4010, |done| {
        heard.lock().unwrap().push(done)
    })
    .await
    .unwrap();
    assert_eq!(added, 4010);
    assert_eq!(
        *heard.lock().unwrap(),
        [4000, 4010],
        "progress after each chunk"
    );
    let (_, after) = counts(&w).await;
    assert_eq!(after, before + 4010);
    let again = seed_crowd(&w.store, &w.ctx(), 4010, |_| {}).await.unwrap();
    assert_eq!(again, 0, "the same people, registered once");
    assert_eq!(counts(&w).await.1, after);
    let more = seed_crowd(&w.store, &w.ctx(), 4013, |_| {}).await.unwrap();
    assert_eq!(more, 3, "a larger crowd adds only who is missing");
    assert_eq!(counts(&w).await.1, after + 3);
    assert!(matches!(chain(&w).await, ChainReport::Intact { .. }));
}

async fn a_persons_portal_language_is_a_preference_kept_beside_the_record_and_audited(
    backend: Backend,
) {
    use portal_core::people::{language_at_sign_in, remember_language};
    use portal_domain::person::PersonId;
    use portal_i18n::Locale;

    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let audited = |id: PersonId| {
        let w = &w;
        async move {
            audit::for_subject(
                &mut w.read().await,
                SubjectKind::Person,
                &id.0.to_string(),
                100,
            )
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.event.action == "person.portal-language")
            .collect::<Vec<_>>()
        }
    };
    let stored = |id: PersonId| {
        let w = &w;
        async move { people::portal_language(&mut w.read().await, id).await }
    };
    let remember = |id: PersonId, locale: Locale| {
        let w = &w;
        async move {
            let mut tx = w.begin().await;
            let changed = remember_language(&mut tx, &w.ctx(), id, locale).await;
            if changed.is_ok() {
                tx.commit().await.unwrap();
            }
            changed
        }
    };
    let sign_in = |id: PersonId, picked: Locale| {
        let w = &w;
        async move {
            let mut tx = w.begin().await;
            let kept = language_at_sign_in(&mut tx, &w.ctx(), id, Some(picked)).await;
            tx.commit().await.unwrap();
            kept.unwrap()
        }
    };

    assert_eq!(stored(amina.id).await.unwrap(), None);
    assert!(remember(amina.id, Locale::Fr).await.unwrap());
    assert_eq!(stored(amina.id).await.unwrap(), Some(Locale::Fr));
    assert!(
        !remember(amina.id, Locale::Fr).await.unwrap(),
        "the same choice again changes nothing"
    );
    assert_eq!(
        sign_in(amina.id, Locale::Ar).await,
        Some(Locale::Fr),
        "a stored choice is not replaced by a cookie at sign-in"
    );
    assert_eq!(stored(amina.id).await.unwrap(), Some(Locale::Fr));
    assert!(remember(amina.id, Locale::Prs).await.unwrap());
    assert_eq!(stored(amina.id).await.unwrap(), Some(Locale::Prs));
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
    let after = w.person("AMM-26-000001").await;
    assert_eq!(after.record_version, amina.record_version);
    assert_eq!(after.updated_at, amina.updated_at);
    assert_eq!(after.record, amina.record);
    let contact = portal_storage::notifications::mail_contact(&mut w.read().await, amina.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(contact.portal_language, Some(Locale::Prs));

    // Without a stored choice, the first sign-in keeps the language picked before it.
    let khaled = w.person("AMM-26-000002").await;
    assert_eq!(sign_in(khaled.id, Locale::Ar).await, None);
    assert_eq!(stored(khaled.id).await.unwrap(), Some(Locale::Ar));
    assert_eq!(audited(khaled.id).await.len(), 1);

    let nobody = PersonId(uuid::Uuid::new_v4());
    assert!(matches!(stored(nobody).await, Err(StoreError::NotFound(_))));
    assert!(matches!(
        remember(nobody, Locale::En).await,
        Err(CoreError::Missing(_))
    ));
    assert!(audited(nobody).await.is_empty());

    // The database itself refuses a language the portal does not speak.
    let refused = w
        .read()
        .await
        .execute(query("UPDATE people SET portal_language = 'de'"))
        .await
        .is_err();
    assert!(refused, "CHECK constraint on people.portal_language");
    assert!(matches!(chain(&w).await, ChainReport::Intact { .. }));
}

async fn people_are_found_by_any_spelling_number_phone_or_birth_range(backend: Backend) {
    let w = World::new(backend).await;
    let find = |text: &str,
                office: Option<&'static str>,
                born: (Option<&str>, Option<&str>),
                page: (i64, i64)| {
        let query = portal_domain::search::Query::parse(text);
        let date =
            |d: Option<&str>| d.map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        let (from, to) = (date(born.0), date(born.1));
        let w = &w;
        async move {
            let filter = people::SearchFilter {
                query: &query,
                office,
                born_from: from,
                born_to: to,
            };
            people::search(&mut w.read().await, &filter, page.0, page.1)
                .await
                .unwrap()
        }
    };
    let names = |found: &[portal_storage::people::PersonSummary]| {
        found.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    let (found, total) = find("haddad", None, (None, None), (50, 0)).await;
    assert_eq!(total, 4, "{:?}", names(&found));
    assert_eq!(
        find("Hadad", None, (None, None), (50, 0)).await.1,
        4,
        "another spelling"
    );
    assert_eq!(
        find("حداد", None, (None, None), (50, 0)).await.1,
        4,
        "original script"
    );
    let (found, total) = find("amm-26-00000", None, (None, None), (5, 5)).await;
    assert_eq!((total, found.len()), (9, 4), "number prefix, second page");
    let (found, _) = find("000001", None, (None, None), (5, 0)).await;
    assert!(
        found
            .iter()
            .any(|p| p.registration_number == "AMM-26-000001"),
        "from its end"
    );
    assert_eq!(
        find("haddad", Some("KLA"), (None, None), (50, 0)).await.1,
        0,
        "other office"
    );
    assert_eq!(
        find("%", None, (None, None), (50, 0)).await.1,
        0,
        "wildcards are literal"
    );
    assert_eq!(find("h%", None, (None, None), (50, 0)).await.1, 0);
    let amina = w.person("AMM-26-000001").await;
    let born = amina.record.date_of_birth.date.to_string();
    let (found, _) = find("haddad", None, (Some(&born), Some(&born)), (50, 0)).await;
    assert!(found
        .iter()
        .all(|p| p.date_of_birth == amina.record.date_of_birth.date));
    assert!(
        found.iter().any(|p| p.id == amina.id),
        "a one-day range holds its day"
    );
    let (_, all) = find("", None, (Some("1900-01-01"), Some("2100-01-01")), (1, 0)).await;
    assert!(all >= 9, "a date range alone searches");
    if let Some(phone) = amina.record.phone.as_ref() {
        let digits: String = phone
            .as_str()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let last = &digits[digits.len() - 8..];
        let (found, _) = find(&format!("0{last}"), None, (None, None), (50, 0)).await;
        assert!(
            found.iter().any(|p| p.id == amina.id),
            "a local number finds the international one"
        );
    }
}

async fn migrations_are_idempotent(backend: Backend) {
    let (_db, store) = TestDatabase::store(backend).await;
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.backend_name(), backend.to_string());
}

/// With every pooled connection busy, the next caller waits the configured time
/// (`database.acquire_timeout_seconds`) and fails as "unavailable" (answered 503), rather than
/// hanging; once a connection is free it gets one.
async fn a_caller_waits_for_a_connection_only_as_long_as_configured(backend: Backend) {
    let (db, _) = TestDatabase::store(backend).await;
    let pool = portal_storage::PoolOptions::new(1).waiting(std::time::Duration::from_millis(200));
    let store = db.open_with(pool).await;
    let busy = store.begin().await.unwrap();
    let waited = store.read().await.err().expect("no connection was free");
    assert!(waited.is_unavailable(), "{waited:?}");
    drop(busy);
    store.ping().await.unwrap();
}

async fn demo_seed_is_realistic_and_idempotent(backend: Backend) {
    let w = World::new(backend).await;
    let again = seed_demo(&w.store, &w.ctx()).await.unwrap();
    assert_eq!(again, Default::default(), "second run creates nothing");
    let (households, people) = counts(&w).await;
    assert!(
        households >= 20 && people >= 60,
        "{households} households, {people} people"
    );
    assert_eq!(admin::counts(&mut w.read().await).await.unwrap().0, 3);
    let amina = w.person("AMM-26-000001").await;
    assert_eq!(amina.record.given_name_original.unwrap().as_str(), "أمينة");
    assert_eq!(
        people::household_members(&mut w.read().await, amina.household_id)
            .await
            .unwrap()
            .len(),
        4
    );
}

async fn a_valid_file_is_imported_once(backend: Backend) {
    let w = World::new(backend).await;
    let file = csv(&[
        "AMM-26-C00900,AMM-26-000900,principal,Rania,Khoury,رانيا,خوري,female,1991-01-15,no,SYR,SYR,ara,+962790000900,,Amman,active,",
        "AMM-26-C00900,AMM-26-000901,child,Sami,Khoury,سامي,خوري,male,2020-06-01,no,SYR,SYR,ara,,,Amman,active,",
    ]);
    let first = import(&w, &file).await.unwrap();
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
    let again = import(&w, &file).await.unwrap();
    assert!(
        matches!(again, ImportOutcome::AlreadyImported { .. }),
        "{again:?}"
    );
    assert_eq!(counts(&w).await, (23, 69));
    assert!(matches!(chain(&w).await, ChainReport::Intact { .. }));
}

async fn a_file_with_bad_rows_imports_nothing(backend: Backend) {
    let w = World::new(backend).await;
    let before = counts(&w).await;
    let file = csv(&[
        "AMM-26-C00901,AMM-26-000910,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00901,AMM-26-000911,child,Sami,Khoury,,,male,2030-06-01,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00902,AMM-26-000912,principal,Rami,,,,male,1980-01-01,no,SYR,QQQ,ara,,,,active,",
    ]);
    let Err(ImportError::Rows(rows)) = import(&w, &file).await else {
        panic!("expected row errors");
    };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    assert!(rows[0].problems.iter().any(|p| p.contains("date_of_birth")));
    assert!(rows[1].problems.iter().any(|p| p.contains("family_name")));
    assert!(rows[1].problems.iter().any(|p| p.contains("nationality")));
    assert_eq!(counts(&w).await, before, "nothing imported");
}

async fn import_refuses_numbers_already_registered(backend: Backend) {
    let w = World::new(backend).await;
    let file = csv(&["AMM-26-C00903,AMM-26-000001,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,"]);
    let Err(ImportError::Rows(rows)) = import(&w, &file).await else {
        panic!("expected row errors");
    };
    assert!(
        rows[0].problems[0].contains("already registered"),
        "{rows:?}"
    );
}

async fn import_refuses_unknown_offices_and_principal_less_cases(backend: Backend) {
    let w = World::new(backend).await;
    let file = csv(&[
        "XYZ-26-C00001,XYZ-26-000001,principal,Rania,Khoury,,,female,1991-01-15,no,SYR,SYR,ara,,,,active,",
        "AMM-26-C00904,AMM-26-000920,child,Sami,Khoury,,,male,2020-06-01,no,SYR,SYR,ara,,,,active,",
    ]);
    let Err(ImportError::Rows(rows)) = import(&w, &file).await else {
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
    let w = World::new(backend).await;
    let newborn = csv(&["AMM-26-C00001,AMM-26-000950,child,Salma,Haddad,سلمى,حداد,female,2026-11-01,no,SYR,SYR,ara,,,,active,"]);
    import(&w, &newborn).await.unwrap();
    let second_principal = csv(&["AMM-26-C00001,AMM-26-000951,principal,Kamal,Haddad,,,male,1960-01-01,yes,SYR,SYR,ara,,,,active,"]);
    let Err(ImportError::Rows(rows)) = import(&w, &second_principal).await else {
        panic!("expected row errors");
    };
    assert!(rows[0].problems[0].contains("already has a principal"));
    let amina = w.person("AMM-26-000001").await;
    assert_eq!(
        people::household_members(&mut w.read().await, amina.household_id)
            .await
            .unwrap()
            .len(),
        5
    );
}

async fn staff_emails_are_unique_ignoring_case(backend: Backend) {
    let w = World::new(backend).await;
    let add = |account: NewStaff| {
        let w = &w;
        async move {
            let mut tx = w.begin().await;
            admin::add_staff(&mut tx, &w.ctx(), &account, "test").await
        }
    };
    let staff = NewStaff::parse(
        "FARIDA@agency.example.org",
        "Farida",
        &[StaffRole::Clerk],
        None,
    )
    .unwrap();
    let error = add(staff.clone()).await.unwrap_err();
    assert!(matches!(error, CoreError::Conflict(_)), "{error:?}");
    let unknown_office = NewStaff::parse(
        "new@agency.example.org",
        "New",
        &[StaffRole::Clerk],
        Some("ZZZ"),
    )
    .unwrap();
    let error = add(unknown_office).await.unwrap_err();
    assert!(matches!(error, CoreError::Missing(_)), "{error:?}");
    let found = admin::staff_by_email(&mut w.read().await, &staff.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.account.roles, [StaffRole::Clerk]);
}

async fn stored_people_read_back_faithfully(backend: Backend) {
    let w = World::new(backend).await;
    let mahmoud = w.person("amm-26-000005").await;
    assert!(mahmoud.record.date_of_birth.estimated);
    assert_eq!(mahmoud.record.phone.unwrap().as_str(), "+962781110022");
    assert_eq!(mahmoud.record.specific_needs.len(), 1);
    assert_eq!(mahmoud.record.languages.len(), 1);
    assert_eq!(mahmoud.record_version, 1);
    let stateless = w.person("ATH-26-000011").await;
    assert!(stateless.record.nationality.is_stateless());
}

/// The housekeeping job deletes ended sessions (past their deadline or idle too long,
/// anonymous ones too) and clears ceremonies past their deadline; it keeps sessions in use.
async fn ended_sessions_and_spent_ceremonies_are_purged(backend: Backend) {
    use chrono::Duration;
    use portal_core::auth::sessions::{sign_in, start_anonymous};
    use portal_core::jobs::housekeeping::purge_once;
    use portal_domain::session::{Principal, SessionPolicy};

    let w = World::new(backend).await;
    let policy = SessionPolicy::with_lifetimes(30, 12, 8);
    let t0 = w.now();
    let mut tx = w.begin().await;
    let (_, left) = start_anonymous(&mut tx, &policy, t0).await.unwrap();
    let (_, browser) = start_anonymous(&mut tx, &policy, t0).await.unwrap();
    let (amina, _) = sign_in(
        &mut tx,
        &policy,
        &browser.hash,
        Principal::Person(w.cast.amina.id),
        t0,
    )
    .await
    .unwrap();
    let later = t0 + Duration::minutes(25);
    let (_, waiting) = start_anonymous(&mut tx, &policy, later).await.unwrap();
    tx.commit().await.unwrap();
    let mut db = w.read().await;
    portal_storage::sessions::touch(&mut db, &amina.hash(), later)
        .await
        .unwrap();
    db.execute(
        query("UPDATE sessions SET ceremony = '{}', ceremony_expires_at = $1 WHERE id_hash = $2")
            .bind(later + Duration::minutes(2))
            .bind(waiting.hash.as_str().to_owned()),
    )
    .await
    .unwrap();
    drop(db);

    // Anonymous sessions live as long as a ceremony: the first one ended at t0 + 5 minutes;
    // the waiting one's ceremony ended at t0 + 27.
    let now = t0 + Duration::minutes(28);
    let (ended, spent) = purge_once(&w.store, now, Duration::minutes(30))
        .await
        .unwrap();

    assert_eq!((ended, spent), (1, 1));
    let mut db = w.read().await;
    let gone = portal_storage::sessions::by_hash(&mut db, &left.hash)
        .await
        .unwrap();
    assert!(gone.is_none(), "the anonymous session that ended");
    let kept = portal_storage::sessions::by_hash(&mut db, &amina.hash())
        .await
        .unwrap();
    assert!(kept.is_some(), "Amina's session, used 3 minutes ago");
    drop(db);
    let (again_ended, again_spent) = purge_once(&w.store, now, Duration::minutes(30))
        .await
        .unwrap();
    assert_eq!((again_ended, again_spent), (0, 0), "nothing left to purge");
    // Later the waiting session has ended too; Amina's, idle 20 minutes of 30, stays.
    let later_still = t0 + Duration::minutes(45);
    let purged = purge_once(&w.store, later_still, Duration::minutes(30))
        .await
        .unwrap();
    assert_eq!(purged, (1, 0));
    let mut db = w.read().await;
    let kept = portal_storage::sessions::by_hash(&mut db, &amina.hash())
        .await
        .unwrap();
    assert!(kept.is_some(), "Amina's session, idle 20 minutes");
}

/// The SQLite database, its WAL and shared memory hold personal data: owner-only (0600), whatever
/// the umask. (PostgreSQL keeps its own files.)
async fn the_sqlite_files_are_owner_only(backend: Backend) {
    use std::os::unix::fs::PermissionsExt;
    if backend != Backend::Sqlite {
        return;
    }
    let w = World::new(backend).await;
    let database = w.db.dir.path().join("portal.db");
    let mut checked = 0;
    for suffix in ["", "-wal", "-shm"] {
        let file = std::path::PathBuf::from(format!("{}{suffix}", database.display()));
        if let Ok(meta) = std::fs::metadata(&file) {
            assert_eq!(
                meta.permissions().mode() & 0o777,
                0o600,
                "{}",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 2, "the database and its WAL exist");
}
