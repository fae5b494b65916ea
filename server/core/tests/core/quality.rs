//! Data-quality checks on a seeded office with planted problems: each rule finds its case,
//! the duplicate detector's precision and recall on planted duplicates and near misses
//! (`--nocapture` prints them), and decisions: audited, kept while the data is the same,
//! reopened when it changes. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use portal_core::quality::{check, decide, findings};
use portal_core::{admin, CoreError};
use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::office::Office;
use portal_domain::quality::Rule;
use portal_domain::staff::StaffRole;
use portal_storage::quality::{FindingStatus, StoredFinding};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    each_rule_finds_its_planted_case_and_nothing_on_clean_records,
    planted_duplicates_are_found_with_known_precision_and_recall,
    a_decision_is_audited_and_holds_until_the_data_changes,
}

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

async fn office(w: &World) {
    let mut tx = w.begin().await;
    admin::add_office(
        &mut tx,
        &w.ctx(),
        &Office::parse("QAL", "Quality office", "Asia/Amman").unwrap(),
        "test",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn import(w: &World, rows: &[String]) {
    let file = std::iter::once(HEADER.to_owned())
        .chain(rows.iter().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    let mut tx = w.begin().await;
    portal_core::import::import_people(&mut tx, &w.ctx(), file.as_bytes(), Actor::System, "test")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// One person: `n` makes the numbers, `case` the household.
fn row(
    case: u32,
    n: u32,
    relationship: &str,
    given: &str,
    family: &str,
    born: &str,
    phone: &str,
) -> String {
    format!(
        "QAL-26-C{case:05},QAL-26-{n:06},{relationship},{given},{family},,,female,{born},no,SYR,SYR,ara,{phone},,,active,"
    )
}

/// The findings about the seeded office only (the demo data has its own).
async fn ours(w: &World) -> Vec<StoredFinding> {
    let staff = w
        .new_staff(
            &format!("q-{}@agency.example.org", uuid::Uuid::new_v4()),
            &[StaffRole::Approver],
            Some("QAL"),
        )
        .await;
    let mut all = Vec::new();
    for status in [
        FindingStatus::Open,
        FindingStatus::Resolved,
        FindingStatus::FalsePositive,
        FindingStatus::Escalated,
    ] {
        all.extend(findings(&mut w.read().await, &staff, status).await.unwrap());
    }
    all
}

async fn run(w: &World) -> portal_core::quality::CheckReport {
    let mut tx = w.begin().await;
    let report = check(&mut tx, &w.ctx()).await.unwrap();
    tx.commit().await.unwrap();
    report
}

async fn each_rule_finds_its_planted_case_and_nothing_on_clean_records(backend: Backend) {
    let w = World::new(backend).await;
    office(&w).await;
    import(
        &w,
        &[
            // A clean household.
            row(
                1,
                1,
                "principal",
                "Amina",
                "Saleh",
                "1985-04-02",
                "+962790000001",
            ),
            row(1, 2, "child", "Yara", "Saleh", "2012-06-01", ""),
            // A principal nobody can reach.
            row(2, 3, "principal", "Lina", "Tamimi", "1979-01-01", ""),
            // A child two years younger than the principal.
            row(
                3,
                4,
                "principal",
                "Rasha",
                "Darwish",
                "1990-01-01",
                "+962790000004",
            ),
            row(3, 5, "child", "Omar", "Darwish", "1992-01-01", ""),
            // One phone in two unrelated households.
            row(
                4,
                6,
                "principal",
                "Huda",
                "Barakat",
                "1970-01-01",
                "+962790000099",
            ),
            row(
                5,
                7,
                "principal",
                "Sami",
                "Jaber",
                "1971-01-01",
                "+962790000099",
            ),
            // Dates no import would take today, as legacy data holds them.
            row(
                6,
                8,
                "principal",
                "Dina",
                "Attar",
                "1960-01-01",
                "+962790000008",
            ),
            row(
                7,
                9,
                "principal",
                "Fadi",
                "Masri",
                "1961-01-01",
                "+962790000009",
            ),
            // A household whose principal became a spouse.
            row(
                8,
                10,
                "principal",
                "Walid",
                "Zaidi",
                "1975-01-01",
                "+962790000010",
            ),
        ],
    )
    .await;
    w.execute("UPDATE people SET date_of_birth = '2099-01-01' WHERE registration_number = 'QAL-26-000008'").await;
    w.execute("UPDATE people SET date_of_birth = '1890-01-01' WHERE registration_number = 'QAL-26-000009'").await;
    w.execute(
        "UPDATE people SET relationship = 'spouse' WHERE registration_number = 'QAL-26-000010'",
    )
    .await;
    let report = run(&w).await;
    assert_eq!(
        report.per_rule.len(),
        Rule::ALL.len(),
        "every rule is counted"
    );
    let found: BTreeSet<(Rule, String)> = ours(&w)
        .await
        .into_iter()
        .map(|f| (f.rule, f.records.join(" ")))
        .collect();
    let expected: BTreeSet<(Rule, String)> = [
        (Rule::MissingField, "QAL-26-000003"),
        (Rule::ChildOlderThanParent, "QAL-26-000004 QAL-26-000005"),
        (Rule::SharedContact, "QAL-26-000006 QAL-26-000007"),
        (Rule::BornInFuture, "QAL-26-000008"),
        (Rule::TooOld, "QAL-26-000009"),
        (Rule::HouseholdPrincipal, "QAL-26-000010"),
        // A principal who became a spouse has no contact rule to break; none else.
    ]
    .into_iter()
    .map(|(r, s)| (r, s.to_owned()))
    .collect();
    assert_eq!(found, expected);
    for rule in Rule::ALL {
        assert!(report.per_rule[&rule] >= expected.iter().filter(|(r, _)| *r == rule).count());
    }
}

/// Ten people each registered twice in another household under another spelling or script
/// of their names; ten near misses (same name, another birthday; same birthday, another
/// name; a twin in the same household).
async fn planted_duplicates_are_found_with_known_precision_and_recall(backend: Backend) {
    let w = World::new(backend).await;
    office(&w).await;
    let originals = [
        ("Mohammed", "Haddad", "Muhammad", "Hadad"),
        ("Yousef", "Nasser", "Yusuf", "Naser"),
        ("Fatima", "Darwish", "Fatma", "Darwich"),
        ("Hussein", "Tamimi", "Husain", "Al-Tamimi"),
        ("Khaled", "Saleh", "Khalid", "Salih"),
        ("Ibrahim", "Mansour", "Ebrahim", "Mansur"),
        ("Zainab", "Qasim", "Zeinab", "Kassem"),
        ("Mariam", "Barakat", "Maryam", "Barakat"),
        ("Said", "Jaber", "Saeed", "Jabir"),
        ("Layla", "Hamdan", "Leila", "Hamdan"),
    ];
    let mut rows = Vec::new();
    let mut planted = BTreeSet::new();
    for (i, (given, family, given2, family2)) in originals.iter().enumerate() {
        let i = u32::try_from(i).unwrap();
        let born = format!("1980-03-{:02}", i + 1);
        let (a, b) = (100 + i, 200 + i);
        rows.push(row(
            a,
            a,
            "principal",
            given,
            family,
            &born,
            &format!("+9627910{a:05}"),
        ));
        rows.push(row(
            b,
            b,
            "principal",
            given2,
            family2,
            &born,
            &format!("+9627920{b:05}"),
        ));
        planted.insert(format!("QAL-26-{a:06} QAL-26-{b:06}"));
    }
    // Near misses: same names, a day apart; same day, other names; twins at home.
    for (i, (given, family, _, _)) in originals.iter().take(4).enumerate() {
        let i = u32::try_from(i).unwrap();
        let n = 300 + i;
        rows.push(row(
            n,
            n,
            "principal",
            given,
            family,
            &format!("1980-04-{:02}", i + 1),
            &format!("+9627930{n:05}"),
        ));
    }
    for (i, name) in ["Tariq", "Rania", "Bilal", "Salma"].iter().enumerate() {
        let i = u32::try_from(i).unwrap();
        let n = 400 + i;
        rows.push(row(
            n,
            n,
            "principal",
            name,
            "Zaidi",
            &format!("1980-03-{:02}", i + 1),
            &format!("+9627940{n:05}"),
        ));
    }
    rows.push(row(
        500,
        500,
        "principal",
        "Nadia",
        "Obeidi",
        "1985-05-05",
        "+962795000500",
    ));
    rows.push(row(500, 501, "child", "Lina", "Obeidi", "2010-05-05", ""));
    rows.push(row(500, 502, "child", "Lina", "Obeidi", "2010-05-05", ""));
    import(&w, &rows).await;
    run(&w).await;
    let found: BTreeSet<String> = ours(&w)
        .await
        .into_iter()
        .filter(|f| f.rule == Rule::LikelyDuplicate)
        .map(|f| f.records.join(" "))
        .collect();
    let true_pos = found.intersection(&planted).count();
    let precision = true_pos as f64 / found.len().max(1) as f64;
    let recall = true_pos as f64 / planted.len() as f64;
    println!(
        "duplicate detector ({backend:?}): {} planted, {} near misses, {} found: precision {precision:.2}, recall {recall:.2}",
        planted.len(),
        9,
        found.len()
    );
    assert!(recall >= 0.9, "recall {recall}: {found:?}");
    assert!(precision >= 0.9, "precision {precision}: {found:?}");
}

async fn a_decision_is_audited_and_holds_until_the_data_changes(backend: Backend) {
    let w = World::new(backend).await;
    office(&w).await;
    import(
        &w,
        &[
            row(
                1,
                1,
                "principal",
                "Huda",
                "Barakat",
                "1970-01-01",
                "+962790000099",
            ),
            row(
                2,
                2,
                "principal",
                "Sami",
                "Jaber",
                "1971-01-01",
                "+962790000099",
            ),
        ],
    )
    .await;
    run(&w).await;
    let shared = ours(&w)
        .await
        .into_iter()
        .find(|f| f.rule == Rule::SharedContact)
        .unwrap();
    let approver = w
        .new_staff(
            "qal-approver@agency.example.org",
            &[StaffRole::Approver],
            Some("QAL"),
        )
        .await;
    let amman = w.staff("farida@agency.example.org").await;
    let decide_as = |staff: &portal_domain::staff::Staff, status: FindingStatus| {
        let (w, staff) = (&w, staff.clone());
        async move {
            let mut tx = w.begin().await;
            let outcome = decide(&mut tx, &w.ctx(), &staff, shared.id, status).await;
            tx.commit().await.unwrap();
            outcome
        }
    };
    assert!(
        matches!(
            decide_as(&amman, FindingStatus::FalsePositive).await,
            Err(CoreError::NotFound)
        ),
        "another office's finding is not found"
    );
    assert!(matches!(
        decide_as(&approver, FindingStatus::Open).await,
        Err(CoreError::Invalid(_))
    ));
    decide_as(&approver, FindingStatus::FalsePositive)
        .await
        .unwrap();
    assert!(
        matches!(
            decide_as(&approver, FindingStatus::Resolved).await,
            Err(CoreError::Stale(_))
        ),
        "a closed finding is not decided again"
    );
    let audited = portal_storage::audit::for_subject(
        &mut w.read().await,
        SubjectKind::Finding,
        &shared.id.to_string(),
        10,
    )
    .await
    .unwrap();
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].event.action, "quality.decide");
    assert_eq!(audited[0].event.details["status"], "false_positive");
    assert!(!audited[0].event.details.to_string().contains("+96279"));

    // Unchanged data: it stays closed.
    let report = run(&w).await;
    assert_eq!(report.new, 0);
    let again = ours(&w)
        .await
        .into_iter()
        .find(|f| f.id == shared.id)
        .unwrap();
    assert_eq!(again.status, FindingStatus::FalsePositive);
    // One of the records changes: it opens again.
    w.execute("UPDATE people SET record_version = record_version + 1 WHERE registration_number = 'QAL-26-000002'").await;
    let report = run(&w).await;
    assert!(report.new >= 1);
    let reopened = ours(&w)
        .await
        .into_iter()
        .find(|f| f.id == shared.id)
        .unwrap();
    assert_eq!(reopened.status, FindingStatus::Open);
    // Corrected: the open finding is gone.
    w.execute("UPDATE people SET phone = '+962790000002', record_version = record_version + 1 WHERE registration_number = 'QAL-26-000002'").await;
    let report = run(&w).await;
    assert!(report.gone >= 1);
    assert!(ours(&w).await.iter().all(|f| f.id != shared.id));
}
