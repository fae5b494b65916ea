//! What several instances share through the database: attempt counts and the verifier page's
//! sealed results, on SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::IpAddr;

use chrono::Duration;
use portal_core::credentials::results::{Client, VerifyResults, VerifyView, PER_CLIENT};
use portal_core::jobs::housekeeping;
use portal_storage::query;
use portal_storage::shared::{count_hit, purge_hits_before};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    attempts_are_counted_per_scope_client_and_minute,
    results_kept_in_the_database_are_sealed_bounded_and_expire,
}

async fn attempts_are_counted_per_scope_client_and_minute(backend: Backend) {
    let w = World::new(backend).await;
    let mut db = w.read().await;
    assert_eq!(
        count_hit(&mut db, "sign-in", "c1", 100).await.unwrap(),
        (1, 0)
    );
    assert_eq!(
        count_hit(&mut db, "sign-in", "c1", 100).await.unwrap(),
        (2, 0)
    );
    assert_eq!(
        count_hit(&mut db, "verify", "c1", 100).await.unwrap(),
        (1, 0),
        "own scope"
    );
    assert_eq!(
        count_hit(&mut db, "sign-in", "c2", 100).await.unwrap(),
        (1, 0),
        "own client"
    );
    assert_eq!(
        count_hit(&mut db, "sign-in", "c1", 101).await.unwrap(),
        (1, 2),
        "the minute before is reported"
    );
    // A new minute forgets what is older than the minute before.
    assert_eq!(
        count_hit(&mut db, "sign-in", "c1", 103).await.unwrap(),
        (1, 0)
    );
    let rows: i64 = db
        .scalar(query(
            "SELECT COUNT(*) FROM rate_hits WHERE client = 'c1' AND scope = 'sign-in'",
        ))
        .await
        .unwrap();
    assert_eq!(rows, 1);
    assert_eq!(
        purge_hits_before(&mut db, 103).await.unwrap(),
        2,
        "c1 verify and c2"
    );
    // Many attempts at once from one client, each counted once.
    let store = w.store.clone();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut db = store.read().await.unwrap();
                count_hit(&mut db, "sign-in", "busy", 200).await.unwrap().0
            })
        })
        .collect();
    let mut seen = Vec::new();
    for task in tasks {
        seen.push(task.await.unwrap());
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=20).collect::<Vec<i64>>(),
        "no attempt lost or counted twice"
    );
}

async fn results_kept_in_the_database_are_sealed_bounded_and_expire(backend: Backend) {
    let w = World::new(backend).await;
    let results = VerifyResults::in_database(w.store.clone());
    let clinic = Client::of(IpAddr::from([10, 0, 0, 7]));
    let flooder = Client::of("2001:db8:1:2::1".parse().unwrap());
    let now = w.now();
    let kept = results
        .put(VerifyView::unreadable("malformed"), now, clinic)
        .await
        .unwrap();
    assert_eq!(kept.len(), 32);
    let mut last = String::new();
    for i in 0..PER_CLIENT + 5 {
        let address: IpAddr = format!("2001:db8:1:2::{:x}", i + 2).parse().unwrap();
        last = results
            .put(VerifyView::unreadable("x"), now, Client::of(address))
            .await
            .unwrap();
    }
    assert_eq!(Client::of("2001:db8:1:2::99".parse().unwrap()), flooder);
    assert_eq!(
        results.count().await.unwrap(),
        1 + PER_CLIENT,
        "the flooder keeps its quota"
    );
    let shown = results.get(&kept, now).await.unwrap().unwrap();
    assert_eq!(shown, VerifyView::unreadable("malformed"));
    assert!(results.get(&last, now).await.unwrap().is_some());
    assert!(results.get("not a token", now).await.unwrap().is_none());
    assert!(results
        .get("00000000000000000000000000000000", now)
        .await
        .unwrap()
        .is_none());

    // Neither the token nor the result is in the database in clear.
    let mut db = w.read().await;
    let ids: Vec<String> = db
        .scalars(query("SELECT id_hash FROM verify_results"))
        .await
        .unwrap();
    assert!(!ids.contains(&kept));
    let sealed: Vec<Vec<u8>> = db
        .scalars(query("SELECT sealed FROM verify_results"))
        .await
        .unwrap();
    assert!(sealed
        .iter()
        .all(|s| !String::from_utf8_lossy(s).contains("malformed")));

    // Ten minutes later nothing is shown, and housekeeping empties the table.
    let later = now + Duration::minutes(10);
    assert!(results.get(&kept, later).await.unwrap().is_none());
    housekeeping::purge_once(&w.store, later, Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(results.count().await.unwrap(), 0);
}
