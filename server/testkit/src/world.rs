//! The demo world every use-case test starts from: a fresh database with the demo offices,
//! staff, people and appointment schedule, seeded at a fixed instant, and the cast a test
//! names by role.
//!
//! The clock stands still at [`WORLD_START`] until a test moves it ([`World::advance`]).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use portal_core::seed::seed_demo;
use portal_core::{admin, Config, Ctx};
use portal_domain::clock::{Clock, FixedClock};
use portal_domain::person::{Email, Person, RegistrationNumber};
use portal_domain::staff::{NewStaff, Staff, StaffRole};
use portal_storage::api_tokens::StoredToken;
use portal_storage::audit::ChainReport;
use portal_storage::documents::DocumentStore;
use portal_storage::{query, Conn, Store, Tx};

use crate::db::{Backend, TestDatabase};

/// The instant the world is seeded at: a Monday morning in Amman (UTC+3).
pub const WORLD_START: &str = "2026-11-30T09:00:00Z";

/// The request id use cases see in tests (it lands in the audit trail).
pub const TEST_REQUEST: &str = "test-request";

/// The people and staff of the demo a test acts as.
#[derive(Clone, Debug)]
pub struct Cast {
    /// Amina Haddad, AMM-26-000001: principal applicant of a family of four in Amman, with a
    /// phone and an email address.
    pub amina: Person,
    /// Khaled Haddad, AMM-26-000002: her husband, no email address.
    pub khaled: Person,
    /// Mahmoud Al-Masri, AMM-26-000005: principal applicant of another Amman household.
    pub mahmoud: Person,
    /// Selam Tesfaye, KLA-26-000001: principal applicant in Kampala (another office).
    pub selam: Person,
    /// Farida Nasser: clerk in Amman.
    pub farida: Staff,
    /// Jonas Berg: approver and clerk in Amman.
    pub jonas: Staff,
    /// Priya Raman: admin in Amman.
    pub priya: Staff,
}

impl Cast {
    /// The cast as stored in a database seeded with the demo data.
    ///
    /// # Panics
    /// When the demo data is not there.
    pub async fn load(store: &Store) -> Cast {
        let mut conn = store.read().await.unwrap();
        Cast {
            amina: person_in(&mut conn, "AMM-26-000001").await,
            khaled: person_in(&mut conn, "AMM-26-000002").await,
            mahmoud: person_in(&mut conn, "AMM-26-000005").await,
            selam: person_in(&mut conn, "KLA-26-000001").await,
            farida: staff_in(&mut conn, "farida@agency.example.org").await,
            jonas: staff_in(&mut conn, "jonas@agency.example.org").await,
            priya: staff_in(&mut conn, "priya@agency.example.org").await,
        }
    }
}

/// A seeded database, its clock, its document store and its cast.
pub struct World {
    /// The database (dropped with the world).
    pub db: TestDatabase,
    /// The store on it.
    pub store: Store,
    /// The world's clock.
    pub clock: FixedClock,
    /// Uploaded documents and photos, in the database's temporary folder.
    pub documents: DocumentStore,
    /// Who is who.
    pub cast: Cast,
}

/// The instant `rfc3339` names.
///
/// # Panics
/// When it is not an RFC 3339 date-time.
pub fn instant(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

impl World {
    /// The demo world on `backend`, seeded at [`WORLD_START`].
    ///
    /// # Panics
    /// When the database cannot be created or seeded: a test without its world must fail.
    pub async fn new(backend: Backend) -> World {
        let (db, store) = TestDatabase::store(backend).await;
        let clock = FixedClock::new(instant(WORLD_START));
        seed_demo(&store, &Ctx::at(clock.now())).await.unwrap();
        let documents = DocumentStore::under(&db.dir.path().join("documents"));
        let cast = Cast::load(&store).await;
        World {
            db,
            store,
            clock,
            documents,
            cast,
        }
    }

    /// The world's instant now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// A call at the world's instant, as part of the request [`TEST_REQUEST`].
    pub fn ctx(&self) -> Ctx<'static> {
        Ctx::in_request(self.now(), Some(TEST_REQUEST))
    }

    /// Moves the clock on.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// A connection for reading.
    pub async fn read(&self) -> Conn {
        self.store.read().await.unwrap()
    }

    /// A write transaction.
    pub async fn begin(&self) -> Tx {
        self.store.begin().await.unwrap()
    }

    /// Walks the audit chain against the key and the checkpoints of the data folder.
    pub async fn verify_audit(&self) -> ChainReport {
        admin::verify_audit(&self.store, &self.db.audit_files())
            .await
            .unwrap()
    }

    /// Signs the audit chain's head into the data folder's checkpoint log.
    pub async fn checkpoint_audit(&self) -> Option<i64> {
        admin::checkpoint_audit(&self.store, &self.db.audit_files(), self.now())
            .await
            .unwrap()
    }

    /// A partner's API token with `scopes`, granted `types` to issue.
    pub async fn api_token(&self, scopes: &[&str], types: &[&str]) -> StoredToken {
        let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let mut tx = self.begin().await;
        let (token, _) = admin::create_api_token(
            &mut tx,
            &self.ctx(),
            &owned(scopes),
            &owned(types),
            "test partner",
            "test",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        token
    }

    /// Runs raw SQL, as an attacker with database access or a test preparing a corner would.
    pub async fn execute(&self, sql: &str) -> u64 {
        let mut conn = self.read().await;
        conn.execute(query(sql.to_owned())).await.unwrap()
    }

    /// The person with this registration number, as stored now.
    pub async fn person(&self, number: &str) -> Person {
        person_in(&mut self.read().await, number).await
    }

    /// The staff member with this email, as stored now.
    pub async fn staff(&self, email: &str) -> Staff {
        staff_in(&mut self.read().await, email).await
    }

    /// A new staff account with `roles` at `office` (none: every office).
    pub async fn new_staff(&self, email: &str, roles: &[StaffRole], office: Option<&str>) -> Staff {
        let account = NewStaff::parse(email, "Test Staff", roles, office).unwrap();
        let mut tx = self.begin().await;
        let id = admin::add_staff(&mut tx, &self.ctx(), &account, "test")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        admin::staff_by_id(&mut self.read().await, id)
            .await
            .unwrap()
            .unwrap()
    }

    /// The configuration of a portal on this world's database, with its data folder in the
    /// database's temporary folder; `extra` sets further `PORTAL_*` variables.
    pub fn config(&self, extra: &[(&str, &str)]) -> Config {
        config_for(&self.db, extra)
    }
}

/// The configuration of a portal on `db`, listening on a random loopback port, with its data
/// folder in the database's temporary folder; `extra` sets further `PORTAL_*` variables.
///
/// # Panics
/// When the variables make no valid configuration.
pub fn config_for(db: &TestDatabase, extra: &[(&str, &str)]) -> Config {
    let data_dir = db.dir.path().join("data").display().to_string();
    let mut vars: Vec<(String, String)> = vec![
        ("PORTAL_ADDR".into(), "127.0.0.1:0".into()),
        ("PORTAL_DATA_DIR".into(), data_dir),
        ("PORTAL_DATABASE_URL".into(), db.url.clone()),
        ("PORTAL_DATABASE_MAX_CONNECTIONS".into(), "5".into()),
        ("PORTAL_LOG".into(), "warn".into()),
    ];
    for (name, value) in extra {
        vars.retain(|(n, _)| n != name);
        vars.push(((*name).to_owned(), (*value).to_owned()));
    }
    Config::from_sources(None, &|name| {
        vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    })
    .unwrap()
}

async fn person_in(conn: &mut Conn, number: &str) -> Person {
    let number = RegistrationNumber::parse(number).unwrap();
    portal_core::people::by_registration_number(conn, &number)
        .await
        .unwrap()
        .unwrap()
}

async fn staff_in(conn: &mut Conn, email: &str) -> Staff {
    admin::staff_by_email(conn, &Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap()
}
