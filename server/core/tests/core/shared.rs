//! What several instances share through the database: attempt budgets and the verifier page's
//! sealed results, on SQLite and PostgreSQL alike.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::IpAddr;

use chrono::Duration;
use portal_core::credentials::results::{Client, VerifyResults, VerifyView, PER_CLIENT};
use portal_core::jobs::housekeeping;
use portal_storage::query;
use portal_storage::shared::{purge_budgets, take_attempt};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    a_budget_is_a_token_bucket_per_scope_and_client,
    results_kept_in_the_database_are_sealed_bounded_and_expire,
}

async fn a_budget_is_a_token_bucket_per_scope_and_client(backend: Backend) {
    let w = World::new(backend).await;
    let mut db = w.read().await;
    // Three at once, then one every second (interval 1,000,000 µs).
    let (second, burst) = (1_000_000, 3);
    let t0 = 1_000_000_000_000;
    for _ in 0..3 {
        assert_eq!(
            take_attempt(&mut db, "sign-in", "c1", t0, second, burst)
                .await
                .unwrap(),
            Ok(())
        );
    }
    let wait = take_attempt(&mut db, "sign-in", "c1", t0, second, burst)
        .await
        .unwrap();
    assert_eq!(wait, Err(second), "a second until the next");
    let again = take_attempt(&mut db, "sign-in", "c1", t0, second, burst)
        .await
        .unwrap();
    assert_eq!(again, Err(second), "a refused attempt takes nothing");
    assert_eq!(
        take_attempt(&mut db, "verify", "c1", t0, second, burst)
            .await
            .unwrap(),
        Ok(()),
        "own scope"
    );
    assert_eq!(
        take_attempt(&mut db, "sign-in", "c2", t0, second, burst)
            .await
            .unwrap(),
        Ok(()),
        "own client"
    );
    let later = t0 + second;
    assert_eq!(
        take_attempt(&mut db, "sign-in", "c1", later, second, burst)
            .await
            .unwrap(),
        Ok(())
    );
    assert!(take_attempt(&mut db, "sign-in", "c1", later, second, burst)
        .await
        .unwrap()
        .is_err());
    // Full again after three quiet seconds: the rows go.
    let full = later + 3 * second;
    assert_eq!(purge_budgets(&mut db, full).await.unwrap(), 3);
    // Many attempts at once from one client on many connections: exactly the burst passes.
    let store = w.store.clone();
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut db = store.read().await.unwrap();
                take_attempt(&mut db, "sign-in", "busy", t0, second, 5)
                    .await
                    .unwrap()
                    .is_ok()
            })
        })
        .collect();
    let mut passed = 0;
    for task in tasks {
        passed += usize::from(task.await.unwrap());
    }
    assert_eq!(passed, 5, "no attempt lost or counted twice");
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
