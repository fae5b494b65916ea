//! A crowd of generated people for load and search measurements: `portal seed-demo --people N`
//! adds N registered people to the demo (in the Amman office, four to a case, names drawn from
//! common Arabic names in their Latin spellings and Arabic script), and the search benchmark
//! draws its searches from the same crowd. The crowd is always the same for the same N.
//!
//! Owns: the generator. Must never: touch the demo's own people (its numbers are `AMM-25-…`,
//! the demo's `AMM-26-…`), or import a case twice (each chunk is skipped when present).

use portal_domain::audit::Actor;
use portal_domain::person::RegistrationNumber;
use portal_storage::Store;

use crate::context::Ctx;
use crate::error::CoreResult;
use crate::import::import_people;

/// The header of the import files the crowd is imported with.
pub const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

/// People per import transaction (a multiple of four: cases stay whole).
const CHUNK: usize = 4000;

/// Given names: Latin spellings and the Arabic script. Mohammed's family is drawn more
/// often, as it is in registration data.
pub const GIVEN: &[(&[&str], &str)] = &[
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

pub const FAMILY: &[(&str, &str)] = &[
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
pub struct Rng(pub u64);

impl Rng {
    /// The next number drawn.
    pub fn draw(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.draw() % n as u64) as usize
    }
}

/// One generated person: indexes into [`GIVEN`] and [`FAMILY`], and their numbers.
pub struct Person {
    /// Index of the given name in [`GIVEN`].
    pub given: usize,
    /// Which of its Latin spellings.
    pub spelling: usize,
    /// Index of the family name in [`FAMILY`].
    pub family: usize,
    /// Registration number (`AMM-25-000001` …).
    pub number: String,
    /// Case number: four people to a case.
    pub case: String,
    /// Phone number.
    pub phone: String,
    /// Date of birth (`YYYY-MM-DD`).
    pub born: String,
}

/// The first `count` people of the crowd (always the same ones).
pub fn people(count: usize) -> Vec<Person> {
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
                number: number(i),
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

/// `p`'s line of an import file; the first of each case is its principal.
pub fn row(p: &Person, principal: bool) -> String {
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

/// The crowd's number `index` (from 0).
fn number(index: usize) -> String {
    format!("AMM-25-{:06}", index + 1)
}

/// Whether the crowd's person `index` is registered.
async fn registered(db: &mut portal_storage::Conn, index: usize) -> CoreResult<bool> {
    let number = RegistrationNumber::parse(&number(index))?;
    Ok(crate::people::by_registration_number(db, &number)
        .await?
        .is_some())
}

/// Adds the first `count` people of the crowd that are not registered yet, a chunk of 4,000
/// per transaction, then refreshes the planner's statistics; returns how many were added.
/// `progress` hears the number registered so far after each chunk.
pub async fn seed_crowd(
    store: &Store,
    ctx: &Ctx<'_>,
    count: usize,
    progress: impl Fn(usize),
) -> CoreResult<usize> {
    let crowd = people(count);
    let mut added = 0;
    for (n, chunk) in crowd.chunks(CHUNK).enumerate() {
        let at = n * CHUNK;
        let mut tx = store.begin().await?;
        let fresh: Vec<usize> = if registered(&mut tx, at + chunk.len() - 1).await? {
            Vec::new()
        } else if registered(&mut tx, at).await? {
            // A smaller crowd was seeded before: add only who is missing.
            let mut missing = Vec::new();
            for i in 0..chunk.len() {
                if !registered(&mut tx, at + i).await? {
                    missing.push(i);
                }
            }
            missing
        } else {
            (0..chunk.len()).collect()
        };
        if !fresh.is_empty() {
            let mut lines = Vec::with_capacity(fresh.len() + 1);
            lines.push(HEADER.to_owned());
            for &i in &fresh {
                lines.push(row(&chunk[i], (at + i).is_multiple_of(4)));
            }
            import_people(
                &mut tx,
                ctx,
                lines.join("\n").as_bytes(),
                Actor::System,
                "seed-demo",
            )
            .await?;
            tx.commit().await?;
            added += fresh.len();
        }
        progress(at + chunk.len());
    }
    portal_storage::people::analyze(&mut store.read().await?).await?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crowd_is_always_the_same_and_its_rows_are_whole() {
        let (a, b) = (people(8), people(8));
        assert_eq!(a.len(), 8);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((x.given, x.family, &x.born), (y.given, y.family, &y.born));
        }
        assert_eq!(a[0].number, number(0));
        assert_eq!(a[4].case, "AMM-25-C00002", "four to a case");
        let line = row(&a[0], true);
        assert_eq!(line.split(',').count(), HEADER.split(',').count());
        assert!(line.contains(",principal,"));
        assert!(row(&a[1], false).contains(",child,"));
    }
}
