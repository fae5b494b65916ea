//! The audit trail against someone with write access to the database but not to the data
//! folder: every rewrite, deletion or truncation they can do is caught by `verify_audit`,
//! with the keyed chain and the signed checkpoints kept outside the database.

use portal_domain::audit::{Actor, AuditAction, AuditEvent, ChainBreak, SubjectKind};
use portal_storage::audit::{self, ChainReport};
use portal_storage::query_each;
use portal_testkit::{on_both_backends, Backend, TestDatabase, World};

on_both_backends! {
    concurrent_audit_appends_never_fork_the_chain,
    audit_rows_cannot_be_updated_or_deleted,
    an_edited_audit_row_is_caught_by_verification,
    a_row_rewritten_with_a_recomputed_hash_is_caught,
    moving_the_start_of_keyed_links_is_caught_by_the_checkpoints,
    rows_cut_off_the_end_of_the_audit_trail_are_caught,
    a_deleted_tail_with_its_head_moved_back_is_caught_by_a_checkpoint,
    an_emptied_audit_table_is_caught_by_a_checkpoint,
    a_forged_checkpoint_is_refused,
    staff_actions_record_the_office_they_were_done_from,
}

/// Removes the append-only guards, as someone with database access can.
async fn drop_guards(w: &World) {
    let statements = [
        query_each(
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_update ON audit_events",
        ),
        query_each(
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_events_no_truncate ON audit_events",
        ),
    ];
    for statement in statements {
        w.read().await.execute(statement).await.unwrap();
    }
}

/// The last row's sequence number, after a checkpoint of the seeded world.
async fn checkpointed(w: &World) -> i64 {
    let seq = w.checkpoint_audit().await.expect("a first checkpoint");
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Intact {
            rows: seq,
            checkpoints: 1
        }
    );
    seq
}

/// Row `seq` as stored.
async fn row(w: &World, seq: i64) -> portal_domain::audit::AuditRecord {
    audit::row_at(&mut w.read().await, seq)
        .await
        .unwrap()
        .unwrap()
}

async fn concurrent_audit_appends_never_fork_the_chain(backend: Backend) {
    let (db, store) = TestDatabase::store(backend).await;
    let now = portal_testkit::instant(portal_testkit::WORLD_START);
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let event = AuditEvent::new(
                    now,
                    Actor::Staff {
                        id: format!("s{i}"),
                        role: "clerk".into(),
                    },
                    AuditAction::PersonView,
                )
                .about(SubjectKind::Person, format!("p{i}"));
                let mut tx = store.begin().await.unwrap();
                let seq = audit::append(&mut tx, &event).await.unwrap();
                tx.commit().await.unwrap();
                seq
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
        portal_core::admin::verify_audit(&store, &db.audit_files())
            .await
            .unwrap(),
        ChainReport::Intact {
            rows: 24,
            checkpoints: 0
        }
    );
}

async fn audit_rows_cannot_be_updated_or_deleted(backend: Backend) {
    let w = World::new(backend).await;
    let mut statements = vec![
        "UPDATE audit_events SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 1",
    ];
    if backend == Backend::Postgres {
        statements.push("TRUNCATE audit_events");
    }
    for sql in statements {
        let result = w.read().await.execute(portal_storage::query(sql)).await;
        let error = result.unwrap_err();
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert!(
            cause.as_deref().unwrap_or_default().contains("append-only"),
            "{sql}: {error:?}"
        );
    }
    if backend == Backend::Postgres {
        // Nobody is granted changes to written rows, the role that ran the migrations included
        // (superusers ignore grants; the triggers above hold for them too).
        let granted: i64 = w
            .read()
            .await
            .scalar(portal_storage::query(
                "SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a \
                 WHERE c.relname = 'audit_events' \
                 AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')",
            ))
            .await
            .unwrap();
        assert_eq!(granted, 0);
    }
}

async fn an_edited_audit_row_is_caught_by_verification(backend: Backend) {
    let w = World::new(backend).await;
    drop_guards(&w).await;
    w.execute("UPDATE audit_events SET source = 'elsewhere' WHERE seq = 5")
        .await;
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::Tampered { seq: 5 })
    );
}

/// The attacker rewrites the last row (so no later link breaks) and stores the hash they can
/// compute: the unkeyed SHA-256 of the old scheme, or an HMAC under a key of their own.
async fn a_row_rewritten_with_a_recomputed_hash_is_caught(backend: Backend) {
    let w = World::new(backend).await;
    let last = checkpointed(&w).await;
    drop_guards(&w).await;
    let mut record = row(&w, last).await;
    record.columns.source = Some("10.9.9.9".into());
    let forged = [
        record.columns.legacy_hash(last, &record.prev_hash),
        portal_domain::audit::AuditKey::from_secret(&[1; 32]).chain_hash(
            &record.columns,
            last,
            &record.prev_hash,
        ),
    ];
    for hash in forged {
        w.execute(&format!(
            "UPDATE audit_events SET source = '10.9.9.9', hash = '{hash}' WHERE seq = {last}"
        ))
        .await;
        w.execute(&format!("UPDATE audit_head SET last_hash = '{hash}'"))
            .await;
        assert_eq!(
            w.verify_audit().await,
            ChainReport::Broken(ChainBreak::Tampered { seq: last })
        );
    }
}

/// Claiming every row predates the key would make unkeyed hashes pass: the signed checkpoints
/// recorded where keyed links start.
async fn moving_the_start_of_keyed_links_is_caught_by_the_checkpoints(backend: Backend) {
    let w = World::new(backend).await;
    let last = checkpointed(&w).await;
    drop_guards(&w).await;
    let mut record = row(&w, last).await;
    record.columns.source = Some("10.9.9.9".into());
    let hash = record.columns.legacy_hash(last, &record.prev_hash);
    w.execute(&format!(
        "UPDATE audit_events SET source = '10.9.9.9', hash = '{hash}' WHERE seq = {last}"
    ))
    .await;
    w.execute(&format!(
        "UPDATE audit_head SET last_hash = '{hash}', keyed_from = {}",
        last + 1
    ))
    .await;
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::BoundaryMoved {
            found: last + 1,
            signed: 1
        })
    );
}

async fn rows_cut_off_the_end_of_the_audit_trail_are_caught(backend: Backend) {
    let w = World::new(backend).await;
    let ChainReport::Intact { rows, .. } = w.verify_audit().await else {
        panic!("seeded chain must be intact");
    };
    drop_guards(&w).await;
    w.execute(&format!("DELETE FROM audit_events WHERE seq = {rows}"))
        .await;
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::Truncated {
            last_seq: rows - 1,
            head_seq: rows
        })
    );
}

async fn a_deleted_tail_with_its_head_moved_back_is_caught_by_a_checkpoint(backend: Backend) {
    let w = World::new(backend).await;
    let last = checkpointed(&w).await;
    drop_guards(&w).await;
    let keep = last - 3;
    let kept = row(&w, keep).await;
    w.execute(&format!("DELETE FROM audit_events WHERE seq > {keep}"))
        .await;
    w.execute(&format!(
        "UPDATE audit_head SET last_seq = {keep}, last_hash = '{}'",
        kept.hash
    ))
    .await;
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::CutBelowCheckpoint {
            checkpoint_seq: last,
            last_seq: keep
        })
    );
}

async fn an_emptied_audit_table_is_caught_by_a_checkpoint(backend: Backend) {
    let w = World::new(backend).await;
    let last = checkpointed(&w).await;
    drop_guards(&w).await;
    let empty = match backend {
        Backend::Sqlite => "DELETE FROM audit_events",
        Backend::Postgres => "TRUNCATE audit_events",
    };
    w.execute(empty).await;
    w.execute(&format!(
        "UPDATE audit_head SET last_seq = 0, last_hash = '{}'",
        portal_domain::audit::GENESIS_HASH
    ))
    .await;
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::CutBelowCheckpoint {
            checkpoint_seq: last,
            last_seq: 0
        })
    );
}

async fn a_forged_checkpoint_is_refused(backend: Backend) {
    let w = World::new(backend).await;
    let last = checkpointed(&w).await;
    let path = w.db.audit_files().checkpoint_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        &format!("\"seq\":{last},"),
        &format!("\"seq\":{},", last - 1),
    );
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    assert_eq!(
        w.verify_audit().await,
        ChainReport::Broken(ChainBreak::CheckpointForged { seq: last - 1 })
    );
}

async fn staff_actions_record_the_office_they_were_done_from(backend: Backend) {
    let w = World::new(backend).await;
    let clerk = &w.cast.farida;
    let amina = &w.cast.amina;
    let mut tx = w.begin().await;
    portal_core::people::open_case(&mut tx, &w.ctx(), clerk, amina.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let trail = audit::for_subject(
        &mut w.read().await,
        SubjectKind::Person,
        &amina.id.0.to_string(),
        1,
    )
    .await
    .unwrap();
    assert_eq!(trail[0].event.action, "person.view");
    assert_eq!(trail[0].event.office.as_deref(), Some("AMM"));
    assert_eq!(trail[0].columns.office.as_deref(), Some("AMM"));
    assert!(matches!(w.verify_audit().await, ChainReport::Intact { .. }));
}
