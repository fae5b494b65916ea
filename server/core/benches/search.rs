//! People search on 100,000 people, on SQLite and PostgreSQL: the latency of each kind of
//! search a desk makes (p50, p95, max), measured through `portal_core::people::search` as a
//! clerk of the office calls it (office filter, count and first page).
//!
//! Run: `cargo bench -p portal-core --bench search` (scripts/bench.sh runs it). PostgreSQL is
//! the one `PORTAL_TEST_POSTGRES_URL` names (default 127.0.0.1:5432). `SEARCH_PEOPLE` and
//! `SEARCH_ROUNDS` change the size and the number of searches of each kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use portal_core::import::import_people;
use portal_core::people::{search, SearchAsk};
use portal_domain::audit::Actor;
use portal_testkit::{Backend, World};

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

/// Given names: Latin spellings and the Arabic script. Mohammed's family is drawn more
/// often, as it is in registration data.
const GIVEN: &[(&[&str], &str)] = &[
    (&["Mohammed", "Muhammad", "Mohamad", "Mohamed"], "محمد"),
    (&["Ahmed", "Ahmad"], "أحمد"),
    (&["Hussein", "Husain"], "حسين"),
    (&["Yousef", "Yusuf"], "يوسف"),
    (&["Omar", "Umar"], "عمر"),
    (&["Fatima", "Fatma"], "فاطمة"),
    (&["Khaled", "Khalid"], "خالد"),
    (&["Ibrahim", "Ebrahim"], "إبراهيم"),
    (&["Mariam", "Maryam"], "مريم"),
    (&["Zainab", "Zeinab"], "زينب"),
    (&["Layla", "Leila"], "ليلى"),
    (&["Amina", "Ameena"], "أمينة"),
    (&["Karim", "Kareem"], "كريم"),
    (&["Samir", "Sameer"], "سمير"),
    (&["Rania", "Raniya"], "رانيا"),
    (&["Tariq", "Tarek"], "طارق"),
    (&["Huda", "Hoda"], "هدى"),
    (&["Bilal", "Belal"], "بلال"),
    (&["Salma", "Selma"], "سلمى"),
    (&["Jamal", "Gamal"], "جمال"),
    (&["Nadia", "Nadiya"], "نادية"),
    (&["Walid", "Waleed"], "وليد"),
    (&["Rasha", "Racha"], "رشا"),
    (&["Adnan", "Adnane"], "عدنان"),
    (&["Hala", "Halah"], "هالة"),
    (&["Majid", "Maged"], "ماجد"),
    (&["Dina", "Deena"], "دينا"),
    (&["Sami", "Samy"], "سامي"),
    (&["Lina", "Leena"], "لينا"),
    (&["Fadi", "Fady"], "فادي"),
];

const FAMILY: &[(&str, &str)] = &[
    ("Haddad", "حداد"),
    ("Nasser", "ناصر"),
    ("Darwish", "درويش"),
    ("Tamimi", "تميمي"),
    ("Khoury", "خوري"),
    ("Saleh", "صالح"),
    ("Mansour", "منصور"),
    ("Qasim", "قاسم"),
    ("Barakat", "بركات"),
    ("Hamdan", "حمدان"),
    ("Jaber", "جابر"),
    ("Shami", "شامي"),
    ("Obeidi", "عبيدي"),
    ("Rahimi", "رحيمي"),
    ("Sultani", "سلطاني"),
    ("Karimi", "كريمي"),
    ("Zaidi", "زيدي"),
    ("Masri", "مصري"),
    ("Halabi", "حلبي"),
    ("Attar", "عطار"),
];

/// A small deterministic generator (xorshift), so every run seeds the same people.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Person {
    given: usize,
    spelling: usize,
    family: usize,
    number: String,
    case: String,
    phone: String,
    born: String,
}

fn people(count: usize) -> Vec<Person> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|i| {
            let given = if rng.below(10) == 0 {
                0
            } else {
                rng.below(GIVEN.len())
            };
            Person {
                given,
                spelling: rng.below(GIVEN[given].0.len()),
                family: rng.below(FAMILY.len()),
                number: format!("AMM-25-{:06}", i + 1),
                case: format!("AMM-25-C{:05}", i / 4 + 1),
                phone: format!("+96279{:07}", i + 1),
                born: format!(
                    "{}-{:02}-{:02}",
                    1950 + rng.below(70),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
            }
        })
        .collect()
}

fn row(p: &Person, principal: bool) -> String {
    let (spellings, arabic) = GIVEN[p.given];
    let (family, family_ar) = FAMILY[p.family];
    format!(
        "{},{},{},{},{family},{arabic},{family_ar},female,{},no,SYR,SYR,ara,{},,,active,",
        p.case,
        p.number,
        if principal { "principal" } else { "child" },
        spellings[p.spelling],
        p.born,
        p.phone,
    )
}

async fn seed(w: &World, people: &[Person]) {
    for chunk in people.chunks(4000) {
        let mut rows = vec![HEADER.to_owned()];
        for p in chunk {
            let index: usize = p.number["AMM-25-".len()..].parse().unwrap();
            rows.push(row(p, (index - 1).is_multiple_of(4)));
        }
        let mut tx = w.begin().await;
        import_people(
            &mut tx,
            &w.ctx(),
            rows.join("\n").as_bytes(),
            Actor::System,
            "bench",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

async fn run(backend: Backend, count: usize, rounds: usize) -> Vec<Duration> {
    let w = World::new(backend).await;
    let people = people(count);
    let started = Instant::now();
    seed(&w, &people).await;
    // As `portal import` does after a file.
    portal_storage::people::analyze(&mut w.read().await)
        .await
        .unwrap();
    println!(
        "\n{backend:?}: {count} people seeded in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let clerk = w.staff("farida@agency.example.org").await;
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    type Make = fn(&Person, &mut Rng) -> SearchAsk;
    let kinds: &[(&str, Make)] = &[
        ("given name, another spelling", |p, r| SearchAsk {
            text: GIVEN[p.given].0[r.below(GIVEN[p.given].0.len())].to_owned(),
            ..SearchAsk::default()
        }),
        ("given and family name", |p, _| SearchAsk {
            text: format!("{} {}", GIVEN[p.given].0[0], FAMILY[p.family].0),
            ..SearchAsk::default()
        }),
        ("name in Arabic script", |p, _| SearchAsk {
            text: format!("{} {}", GIVEN[p.given].1, FAMILY[p.family].1),
            ..SearchAsk::default()
        }),
        ("family name and a year of birth", |p, _| {
            let year: i32 = p.born[..4].parse().unwrap();
            SearchAsk {
                text: FAMILY[p.family].0.to_owned(),
                born_from: chrono::NaiveDate::from_ymd_opt(year, 1, 1),
                born_to: chrono::NaiveDate::from_ymd_opt(year, 12, 31),
            }
        }),
        ("registration number, last digits", |p, _| SearchAsk {
            text: p.number[p.number.len() - 6..].to_owned(),
            ..SearchAsk::default()
        }),
        ("whole registration number", |p, _| SearchAsk {
            text: p.number.to_lowercase(),
            ..SearchAsk::default()
        }),
        ("case number", |p, _| SearchAsk {
            text: p.case.clone(),
            ..SearchAsk::default()
        }),
        ("local phone number", |p, _| SearchAsk {
            text: format!("0{}", &p.phone[4..]),
            ..SearchAsk::default()
        }),
    ];
    let mut all = Vec::new();
    println!(
        "{:36} {:>8} {:>8} {:>8} {:>10}",
        "search", "p50 ms", "p95 ms", "max ms", "matches"
    );
    for (name, make) in kinds {
        let mut times = Vec::with_capacity(rounds);
        let mut matches = 0i64;
        for _ in 0..rounds {
            let p = &people[rng.below(people.len())];
            let ask = make(p, &mut rng);
            let mut db = w.read().await;
            let started = Instant::now();
            let page = search(&mut db, &clerk, &ask, 0).await.unwrap();
            times.push(started.elapsed());
            assert!(page.total >= 1, "{name}: {ask:?} finds its person");
            matches += page.total;
        }
        times.sort();
        println!(
            "{name:36} {:>8} {:>8} {:>8} {:>10}",
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 95.0)),
            ms(*times.last().unwrap()),
            matches / rounds as i64
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "{:36} {:>8} {:>8} {:>8}",
        "all searches",
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 95.0)),
        ms(*all.last().unwrap())
    );
    all
}

fn main() {
    let count: usize = std::env::var("SEARCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let rounds: usize = std::env::var("SEARCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    // `cargo bench` passes `--bench`; `cargo test --benches` runs it small, as a check.
    let (count, rounds) = if std::env::args().any(|a| a == "--bench") {
        (count, rounds)
    } else {
        (2_000, 5)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        run(Backend::Sqlite, count, rounds).await;
        run(Backend::Postgres, count, rounds).await;
    });
}
