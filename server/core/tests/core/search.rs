//! People search quality: a seeded set of names in known spelling families, searched by
//! every spelling and by the Arabic script, with precision and recall reported (`--nocapture`
//! prints them) and held above a floor. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use portal_core::admin;
use portal_core::import::{import_people, ImportOutcome};
use portal_core::people::{search, SearchAsk};
use portal_domain::audit::Actor;
use portal_domain::office::Office;
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    fuzzy_names_are_found_across_spellings_and_scripts_with_known_precision_and_recall,
    a_clerk_finds_only_their_office_and_a_date_range_narrows,
}

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

/// Spelling families: the Latin spellings people are registered under, and the name in
/// Arabic script. Each family's spellings are one name; different families are different
/// names (even when, like Hassan and Hussein, Arabic script tells them apart only by a
/// long vowel).
const FAMILIES: &[(&[&str], &str)] = &[
    (&["Mohammed", "Muhammad", "Mohamad", "Mohamed"], "محمد"),
    (&["Mahmoud", "Mahmud"], "محمود"),
    (&["Ahmed", "Ahmad"], "أحمد"),
    (&["Hussein", "Husain", "Hossein"], "حسين"),
    (&["Hassan", "Hasan"], "حسن"),
    (&["Yousef", "Yusuf", "Youssef"], "يوسف"),
    (&["Omar", "Umar"], "عمر"),
    (&["Fatima", "Fatma", "Fatimah"], "فاطمة"),
    (&["Khaled", "Khalid"], "خالد"),
    (&["Ibrahim", "Ebrahim"], "إبراهيم"),
    (&["Said", "Saeed", "Sayed"], "سعيد"),
    (&["Abdullah", "Abdallah"], "عبدالله"),
    (&["Mariam", "Maryam", "Miriam"], "مريم"),
    (&["Zainab", "Zeinab", "Zaynab"], "زينب"),
    (&["Nour", "Noor", "Nur"], "نور"),
    (&["Layla", "Leila", "Laila"], "ليلى"),
];

/// Family names that share no key with a given name above.
const SURNAMES: &[(&str, &str)] = &[
    ("Haddad", "حداد"),
    ("Nasser", "ناصر"),
    ("Darwish", "درويش"),
    ("Tamimi", "تميمي"),
];

struct Seeded {
    /// Per person: the family of their given name.
    family_of: Vec<usize>,
}

async fn seed(w: &World) -> Seeded {
    let mut tx = w.begin().await;
    admin::add_office(
        &mut tx,
        &w.ctx(),
        &Office::parse("QAS", "Search quality office", "Asia/Amman").unwrap(),
        "test",
    )
    .await
    .unwrap();
    let mut rows = vec![HEADER.to_owned()];
    let mut family_of = Vec::new();
    let mut n = 0;
    for (f, (spellings, arabic)) in FAMILIES.iter().enumerate() {
        for (s, spelling) in spellings.iter().enumerate() {
            n += 1;
            let (surname, surname_ar) = SURNAMES[n % SURNAMES.len()];
            // Half of them have their name in Arabic script on record too.
            let original = if (n + s) % 2 == 0 { *arabic } else { "" };
            let original_family = if original.is_empty() { "" } else { surname_ar };
            rows.push(format!(
                "QAS-26-C{n:05},QAS-26-{n:06},principal,{spelling},{surname},{original},{original_family},female,1990-01-{day:02},no,SYR,SYR,ara,,,,active,",
                day = 1 + n % 28
            ));
            family_of.push(f);
        }
    }
    let file = rows.join("\n").into_bytes();
    let outcome = import_people(&mut tx, &w.ctx(), &file, Actor::System, "test")
        .await
        .unwrap();
    assert!(
        matches!(outcome, ImportOutcome::Imported { .. }),
        "{outcome:?}"
    );
    tx.commit().await.unwrap();
    Seeded { family_of }
}

/// The registration numbers (as indexes into `family_of`) a search finds in the office.
async fn found(w: &World, text: &str) -> BTreeSet<usize> {
    let staff = w
        .new_staff(
            &format!("quality-{}@agency.example.org", uuid::Uuid::new_v4()),
            &[portal_domain::staff::StaffRole::Clerk],
            Some("QAS"),
        )
        .await;
    let mut all = BTreeSet::new();
    let ask = SearchAsk {
        text: text.to_owned(),
        ..SearchAsk::default()
    };
    for page in 0.. {
        let result = search(&mut w.read().await, &staff, &ask, page)
            .await
            .unwrap();
        if result.people.is_empty() {
            break;
        }
        for p in result.people {
            let n: usize = p.registration_number["QAS-26-".len()..].parse().unwrap();
            all.insert(n - 1);
        }
    }
    all
}

async fn fuzzy_names_are_found_across_spellings_and_scripts_with_known_precision_and_recall(
    backend: Backend,
) {
    let w = World::new(backend).await;
    let seeded = seed(&w).await;
    let (mut true_pos, mut false_pos, mut false_neg) = (0usize, 0usize, 0usize);
    let mut queries = 0usize;
    for (f, (spellings, arabic)) in FAMILIES.iter().enumerate() {
        let expected: BTreeSet<usize> = (0..seeded.family_of.len())
            .filter(|i| seeded.family_of[*i] == f)
            .collect();
        for query in spellings.iter().chain(std::iter::once(arabic)) {
            queries += 1;
            let got = found(&w, query).await;
            true_pos += got.intersection(&expected).count();
            false_pos += got.difference(&expected).count();
            false_neg += expected.difference(&got).count();
        }
    }
    let precision = true_pos as f64 / (true_pos + false_pos) as f64;
    let recall = true_pos as f64 / (true_pos + false_neg) as f64;
    println!(
        "search quality ({backend:?}): {queries} queries over {} people: precision {precision:.3}, recall {recall:.3} (true {true_pos}, false {false_pos}, missed {false_neg})",
        seeded.family_of.len()
    );
    assert!(recall >= 0.99, "recall {recall:.3}");
    assert!(precision >= 0.75, "precision {precision:.3}");
}

async fn a_clerk_finds_only_their_office_and_a_date_range_narrows(backend: Backend) {
    let w = World::new(backend).await;
    seed(&w).await;
    let amman = w.staff("farida@agency.example.org").await;
    let ask = SearchAsk {
        text: "Mohammed".into(),
        ..SearchAsk::default()
    };
    let page = search(&mut w.read().await, &amman, &ask, 0).await.unwrap();
    assert!(
        page.people.iter().all(|p| p.office_code == "AMM"),
        "a clerk of Amman sees no one of another office"
    );
    let all = found(&w, "Mohammed").await;
    assert_eq!(
        all.len(),
        4 + 2,
        "Mohammed's spellings, and Mahmoud's (one skeleton)"
    );
    let staff = w
        .new_staff(
            "dates@agency.example.org",
            &[portal_domain::staff::StaffRole::Clerk],
            Some("QAS"),
        )
        .await;
    let ask = SearchAsk {
        text: "Mohammed".into(),
        born_from: chrono::NaiveDate::from_ymd_opt(1990, 1, 1),
        born_to: chrono::NaiveDate::from_ymd_opt(1990, 1, 3),
    };
    let page = search(&mut w.read().await, &staff, &ask, 0).await.unwrap();
    assert!(page.total < 6 && page.total > 0, "{}", page.total);
    assert!(page
        .people
        .iter()
        .all(|p| p.date_of_birth.to_string().as_str() <= "1990-01-03"));
    // The exact spelling comes first.
    let ask = SearchAsk {
        text: "Mahmoud".into(),
        ..SearchAsk::default()
    };
    let page = search(&mut w.read().await, &staff, &ask, 0).await.unwrap();
    assert!(
        page.people[0].name.starts_with("Mahmoud"),
        "{:?}",
        page.people[0].name
    );
}
