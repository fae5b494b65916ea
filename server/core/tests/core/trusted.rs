//! Trusted helpers: how many a person may have, and how often they may make codes.

use portal_core::trusted::{self, Ender};
use portal_core::CoreError;
use portal_domain::delegation::{Grant, Limits, MAX_OPEN, MAX_PER_DAY};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    open_delegations_and_daily_codes_are_bounded,
}

async fn grant(w: &World) -> Result<trusted::Granted, CoreError> {
    let amina = w.cast.amina.id;
    let grant = Grant::parse("Omar", Limits::default(), "30", w.now()).unwrap();
    let mut tx = w.begin().await;
    let granted = trusted::grant(&mut tx, &w.ctx(), amina, grant).await;
    tx.commit().await.unwrap();
    granted
}

fn too_many(result: Result<trusted::Granted, CoreError>) -> bool {
    matches!(result, Err(CoreError::Invalid(errors)) if errors.iter().any(|e| e.problem.code() == "too-many"))
}

async fn open_delegations_and_daily_codes_are_bounded(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.cast.amina.id;
    let mut ids = Vec::new();
    for _ in 0..MAX_OPEN {
        ids.push(grant(&w).await.unwrap().delegation.id);
    }
    assert!(too_many(grant(&w).await), "five open at most");
    // Ending them frees room, up to the daily bound on codes.
    let mut made = MAX_OPEN;
    while made < MAX_PER_DAY {
        let id = ids.pop().unwrap();
        let mut tx = w.begin().await;
        trusted::end(&mut tx, &w.ctx(), Ender::Person(amina), id)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        ids.push(grant(&w).await.unwrap().delegation.id);
        made += 1;
    }
    let id = ids.pop().unwrap();
    let mut tx = w.begin().await;
    trusted::end(&mut tx, &w.ctx(), Ender::Person(amina), id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(too_many(grant(&w).await), "twenty a day at most");
    w.advance(chrono::Duration::hours(25));
    assert!(grant(&w).await.is_ok(), "a new day");
}
