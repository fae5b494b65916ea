//! People search on 100,000 people, on SQLite and PostgreSQL: the latency of each kind of
//! search a desk makes (p50, p95, max), measured through `portal_core::people::search` as a
//! clerk of the office calls it (office filter, count and first page).
//!
//! Run: `cargo bench -p portal-core --bench search` (scripts/bench.sh runs it). PostgreSQL is
//! the one `PORTAL_TEST_POSTGRES_URL` names (default 127.0.0.1:5432). `SEARCH_PEOPLE` and
//! `SEARCH_ROUNDS` change the size and the number of searches of each kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use portal_core::people::{search, SearchAsk};
use portal_core::seed::crowd::{people, seed_crowd, Person, Rng, FAMILY, GIVEN};
use portal_testkit::{Backend, World};

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
    // Imported as `portal seed-demo --people` does (which analyzes after, as `portal import`).
    seed_crowd(&w.store, &w.ctx(), count, |_| {}).await.unwrap();
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
