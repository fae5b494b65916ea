//! Forms sent back with an error keep their values and files, for the browser and account that
//! sent them only, for an hour.

use std::collections::BTreeMap;

use chrono::Duration;
use portal_core::drafts::{self, Holder};
use portal_core::requests::Upload;
use portal_domain::document::MediaType;
use portal_domain::session::Principal;
use portal_domain::tokens::SecretToken;
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    a_kept_form_comes_back_to_its_browser_and_account_only,
    only_files_that_pass_the_checks_are_kept_and_ticked_ones_come_back,
    a_kept_form_goes_after_an_hour_or_once_sent,
    one_account_cannot_park_drafts_without_bound,
}

const MAX: u64 = 1024 * 1024;

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn pdf(tag: &str) -> Upload {
    Upload(format!("%PDF-1.4\n% {tag}\n%%EOF\n").into_bytes())
}

async fn keep(w: &World, holder: &Holder, form: &str, uploads: &[Upload]) -> bool {
    let mut tx = w.begin().await;
    let sent = fields(&[
        ("kind", "contact"),
        ("phone", "+962 79 1234"),
        ("address", "Jabal Amman, 3rd circle"),
        ("email", "  "),
        ("keep_0", "1"),
    ]);
    let kept = drafts::keep(&mut tx, &w.ctx(), holder, form, &sent, uploads, MAX)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    kept
}

async fn open(w: &World, holder: &Holder, form: &str) -> Option<drafts::Draft> {
    drafts::open(&mut w.read().await, &w.ctx(), holder, form)
        .await
        .unwrap()
}

async fn a_kept_form_comes_back_to_its_browser_and_account_only(backend: Backend) {
    let w = World::new(backend).await;
    let amal = Principal::Person(w.person("AMM-26-000001").await.id);
    let other = Principal::Person(w.person("AMM-26-000002").await.id);
    let browser = SecretToken::generate().hash();
    let holder = Holder {
        browser: browser.clone(),
        principal: Some(amal),
    };
    assert!(keep(&w, &holder, "request:contact", &[]).await);

    let draft = open(&w, &holder, "request:contact").await.expect("kept");
    // What was typed, without the form's plumbing or blank fields.
    assert_eq!(
        draft.fields,
        fields(&[
            ("phone", "+962 79 1234"),
            ("address", "Jabal Amman, 3rd circle")
        ])
    );
    // Another form, another browser, another account or nobody signed in: nothing.
    assert!(open(&w, &holder, "request:birth").await.is_none());
    let elsewhere = Holder {
        browser: SecretToken::generate().hash(),
        principal: Some(amal),
    };
    assert!(open(&w, &elsewhere, "request:contact").await.is_none());
    for principal in [Some(other), None] {
        let same_phone = Holder {
            browser: browser.clone(),
            principal,
        };
        assert!(open(&w, &same_phone, "request:contact").await.is_none());
    }
}

async fn only_files_that_pass_the_checks_are_kept_and_ticked_ones_come_back(backend: Backend) {
    let w = World::new(backend).await;
    let holder = Holder {
        browser: SecretToken::generate().hash(),
        principal: Some(Principal::Person(w.person("AMM-26-000001").await.id)),
    };
    let too_big = Upload(
        [b"%PDF-".as_slice(), &vec![b'x'; 2 * 1024 * 1024]]
            .concat()
            .to_vec(),
    );
    let not_a_document = Upload(b"MZ\x90\x00 an executable".to_vec());
    let uploads = [pdf("one"), not_a_document, too_big, pdf("two"), pdf("one")];
    assert!(keep(&w, &holder, "answer:x", &uploads).await);
    let draft = open(&w, &holder, "answer:x").await.unwrap();
    let sizes: Vec<(MediaType, u64)> = [pdf("one"), pdf("two")]
        .iter()
        .map(|u| (MediaType::Pdf, u.0.len() as u64))
        .collect();
    assert_eq!(draft.files, sizes, "valid, once each, in order");

    let mut db = w.read().await;
    let back = drafts::files(&mut db, &w.ctx(), &holder, "answer:x", &[1, 7])
        .await
        .unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].0, pdf("two").0);
    let none = drafts::files(&mut db, &w.ctx(), &holder, "answer:x", &[])
        .await
        .unwrap();
    assert!(none.is_empty());
    // The files come back to the holder only.
    let stranger = Holder {
        browser: SecretToken::generate().hash(),
        principal: holder.principal,
    };
    let stolen = drafts::files(&mut db, &w.ctx(), &stranger, "answer:x", &[0, 1])
        .await
        .unwrap();
    assert!(stolen.is_empty());
}

async fn a_kept_form_goes_after_an_hour_or_once_sent(backend: Backend) {
    let w = World::new(backend).await;
    let holder = Holder {
        browser: SecretToken::generate().hash(),
        principal: Some(Principal::Person(w.person("AMM-26-000001").await.id)),
    };
    assert!(keep(&w, &holder, "help", &[pdf("a")]).await);
    // Keeping again replaces the form's draft (one per browser and form).
    assert!(keep(&w, &holder, "help", &[]).await);
    assert!(open(&w, &holder, "help").await.unwrap().files.is_empty());

    drafts::forget(&mut w.read().await, &holder, "help")
        .await
        .unwrap();
    assert!(open(&w, &holder, "help").await.is_none());

    assert!(keep(&w, &holder, "help", &[pdf("b")]).await);
    w.advance(Duration::minutes(59));
    assert!(open(&w, &holder, "help").await.is_some());
    w.advance(Duration::minutes(2));
    assert!(open(&w, &holder, "help").await.is_none(), "expired");
    let purged = drafts::purge(&mut w.read().await, &w.ctx()).await.unwrap();
    assert_eq!(purged, 1);
    assert_eq!(
        w.execute("DELETE FROM form_draft_files").await,
        0,
        "its files went with it"
    );
}

/// A new draft cookie for every post does not let one account keep more than a few forms (with
/// their files); replacing a draft of the same browser and form still works; nobody signed in
/// keeps no files at all.
async fn one_account_cannot_park_drafts_without_bound(backend: Backend) {
    let w = World::new(backend).await;
    let amina = Some(Principal::Person(w.person("AMM-26-000001").await.id));
    let mut first = None;
    for n in 0..drafts::MAX_PER_ACCOUNT {
        let holder = Holder {
            browser: SecretToken::generate().hash(),
            principal: amina,
        };
        assert!(keep(&w, &holder, "request:contact", &[pdf(&n.to_string())]).await);
        first.get_or_insert(holder);
    }
    let one_more = Holder {
        browser: SecretToken::generate().hash(),
        principal: amina,
    };
    assert!(!keep(&w, &one_more, "request:contact", &[pdf("x")]).await);
    assert!(open(&w, &one_more, "request:contact").await.is_none());
    let first = first.unwrap();
    assert!(
        keep(&w, &first, "request:contact", &[pdf("again")]).await,
        "replacing"
    );

    let anonymous = Holder {
        browser: SecretToken::generate().hash(),
        principal: None,
    };
    assert!(keep(&w, &anonymous, "help", &[pdf("y")]).await);
    let kept = open(&w, &anonymous, "help").await.unwrap();
    assert!(kept.files.is_empty() && !kept.fields.is_empty());
}
