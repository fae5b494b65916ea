//! Data-quality rules: what makes a stored registration record implausible, inconsistent or
//! a likely duplicate of another. Pure: the caller reads the records and keeps the findings.
//!
//! Each finding carries a fingerprint of the data that produced it (the record versions and
//! households involved), so that a finding staff closed stays closed until that data changes.
//!
//! Owns: the rules, their thresholds and the duplicate score. Must never: put a value (a
//! name, a phone) in a finding; findings name records only.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::person::Relationship;
use crate::search;

/// Oldest plausible age, in years.
pub const MAX_AGE_YEARS: i32 = 120;
/// Fewest years between a parent and their child.
pub const MIN_PARENT_GAP_YEARS: i32 = 12;
/// Lowest score (0–100) at which two records are reported as a likely duplicate.
pub const DUPLICATE_THRESHOLD: u8 = 80;

/// A data-quality rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A name is blank, or a principal applicant has neither phone nor email.
    MissingField,
    /// Born after today.
    BornInFuture,
    /// Older than [`MAX_AGE_YEARS`].
    TooOld,
    /// A child fewer than [`MIN_PARENT_GAP_YEARS`] younger than the principal applicant or
    /// their spouse.
    ChildOlderThanParent,
    /// A household without exactly one principal applicant.
    HouseholdPrincipal,
    /// One phone or email on records of unrelated households.
    SharedContact,
    /// Two records in different households: same date of birth, similar names.
    LikelyDuplicate,
}

impl Rule {
    /// Every rule, in the order reports list them.
    pub const ALL: [Rule; 7] = [
        Rule::MissingField,
        Rule::BornInFuture,
        Rule::TooOld,
        Rule::ChildOlderThanParent,
        Rule::HouseholdPrincipal,
        Rule::SharedContact,
        Rule::LikelyDuplicate,
    ];

    /// The stored code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Rule::MissingField => "missing-field",
            Rule::BornInFuture => "born-in-future",
            Rule::TooOld => "too-old",
            Rule::ChildOlderThanParent => "child-older-than-parent",
            Rule::HouseholdPrincipal => "household-principal",
            Rule::SharedContact => "shared-contact",
            Rule::LikelyDuplicate => "likely-duplicate",
        }
    }

    /// The rule of a stored code.
    pub fn parse(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == code)
    }
}

/// What the rules read of a record.
#[derive(Clone, Debug)]
pub struct Record {
    /// Registration number.
    pub registration_number: String,
    /// Household (its id as text).
    pub household: String,
    /// Record version (changes with every change to the record).
    pub version: i64,
    /// Relationship to the principal applicant.
    pub relationship: Relationship,
    /// Given name, Latin script.
    pub given_name: String,
    /// Family name, Latin script.
    pub family_name: String,
    /// Given name in the original script.
    pub given_name_original: Option<String>,
    /// Family name in the original script.
    pub family_name_original: Option<String>,
    /// Sex code.
    pub sex: String,
    /// Date of birth.
    pub born: NaiveDate,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
}

/// One finding: a rule, the records it is about, and the fingerprint of their data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// The registration numbers concerned, sorted (for a household rule, its members).
    pub records: Vec<String>,
    /// Hash of the versions and households of those records.
    pub fingerprint: String,
    /// For likely duplicates, the score (0–100).
    pub score: Option<u8>,
}

impl Finding {
    /// The key a finding is kept under: its rule and records.
    pub fn subject(&self) -> String {
        self.records.join(" ")
    }
}

fn fingerprint(records: &[&Record]) -> String {
    let mut parts: Vec<String> = records
        .iter()
        .map(|r| format!("{}:{}:{}", r.registration_number, r.version, r.household))
        .collect();
    parts.sort();
    hex::encode(Sha256::digest(parts.join("|").as_bytes()))
}

fn finding(rule: Rule, records: &[&Record], score: Option<u8>) -> Finding {
    let mut numbers: Vec<String> = records
        .iter()
        .map(|r| r.registration_number.clone())
        .collect();
    numbers.sort();
    numbers.dedup();
    Finding {
        rule,
        records: numbers,
        fingerprint: fingerprint(records),
        score,
    }
}

/// Age in whole years on `today`.
fn age(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// The rules that look at one record alone.
pub fn check_record(record: &Record, today: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    let blank_name = record.given_name.trim().is_empty() || record.family_name.trim().is_empty();
    let unreachable = record.relationship == Relationship::Principal
        && record.phone.as_deref().is_none_or(|p| p.trim().is_empty())
        && record.email.as_deref().is_none_or(|e| e.trim().is_empty());
    if blank_name || unreachable {
        findings.push(finding(Rule::MissingField, &[record], None));
    }
    if record.born > today {
        findings.push(finding(Rule::BornInFuture, &[record], None));
    } else if age(record.born, today) > MAX_AGE_YEARS {
        findings.push(finding(Rule::TooOld, &[record], None));
    }
    findings
}

/// The rules that look at one household.
pub fn check_household(members: &[&Record]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let principals = members
        .iter()
        .filter(|m| m.relationship == Relationship::Principal)
        .count();
    if principals != 1 && !members.is_empty() {
        findings.push(finding(Rule::HouseholdPrincipal, members, None));
    }
    let parents: Vec<&&Record> = members
        .iter()
        .filter(|m| {
            matches!(
                m.relationship,
                Relationship::Principal | Relationship::Spouse
            )
        })
        .collect();
    for child in members
        .iter()
        .filter(|m| m.relationship == Relationship::Child)
    {
        for parent in &parents {
            let gap = age(parent.born, child.born);
            if gap < MIN_PARENT_GAP_YEARS {
                findings.push(finding(Rule::ChildOlderThanParent, &[child, parent], None));
            }
        }
    }
    findings
}

/// The rules across households: one phone or email on unrelated households, and likely
/// duplicates (same date of birth, similar names, different households).
pub fn check_across(records: &[Record]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut by_contact: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for r in records {
        if let Some(phone) = r.phone.as_deref().filter(|p| !p.trim().is_empty()) {
            by_contact.entry(format!("p:{phone}")).or_default().push(r);
        }
        if let Some(email) = r.email.as_deref().filter(|e| !e.trim().is_empty()) {
            by_contact
                .entry(format!("e:{}", email.to_lowercase()))
                .or_default()
                .push(r);
        }
    }
    for holders in by_contact.values() {
        let households: BTreeSet<&str> = holders.iter().map(|r| r.household.as_str()).collect();
        if households.len() > 1 {
            findings.push(finding(Rule::SharedContact, holders, None));
        }
    }
    let mut by_birth: HashMap<NaiveDate, Vec<&Record>> = HashMap::new();
    for r in records {
        by_birth.entry(r.born).or_default().push(r);
    }
    let mut births: Vec<_> = by_birth.into_iter().collect();
    births.sort_by_key(|(day, _)| *day);
    for (_, same_day) in births {
        for (i, a) in same_day.iter().enumerate() {
            for b in &same_day[i + 1..] {
                if a.household == b.household {
                    continue;
                }
                let score = duplicate_score(a, b);
                if score >= DUPLICATE_THRESHOLD {
                    findings.push(finding(Rule::LikelyDuplicate, &[a, b], Some(score)));
                }
            }
        }
    }
    findings
}

fn names(latin: &str, original: Option<&str>) -> BTreeSet<String> {
    let mut keys = search::name_skeletons(latin);
    if let Some(original) = original {
        keys.extend(search::name_skeletons(original));
    }
    keys
}

/// How alike two records born on the same day are, 0–100: the given names sound alike (45),
/// the family names sound alike (35), one sex (10), either name spelt the same (10). Names
/// are compared by their skeletons, in any script (see [`crate::search`]).
pub fn duplicate_score(a: &Record, b: &Record) -> u8 {
    let mut score = 0u8;
    let given = !names(&a.given_name, a.given_name_original.as_deref())
        .is_disjoint(&names(&b.given_name, b.given_name_original.as_deref()));
    let family = !names(&a.family_name, a.family_name_original.as_deref())
        .is_disjoint(&names(&b.family_name, b.family_name_original.as_deref()));
    if given {
        score += 45;
    }
    if family {
        score += 35;
    }
    if a.sex == b.sex {
        score += 10;
    }
    let spelt = |x: &str, y: &str| x.trim().eq_ignore_ascii_case(y.trim());
    if spelt(&a.given_name, &b.given_name) || spelt(&a.family_name, &b.family_name) {
        score += 10;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        number: &str,
        household: &str,
        relationship: Relationship,
        given: &str,
        family: &str,
        born: &str,
    ) -> Record {
        Record {
            registration_number: number.into(),
            household: household.into(),
            version: 1,
            relationship,
            given_name: given.into(),
            family_name: family.into(),
            given_name_original: None,
            family_name_original: None,
            sex: "female".into(),
            born: NaiveDate::parse_from_str(born, "%Y-%m-%d").unwrap(),
            phone: Some("+962790000001".into()),
            email: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn rules(findings: &[Finding]) -> Vec<Rule> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_record_born_tomorrow_or_121_years_ago_or_unreachable_is_found() {
        let mut r = record(
            "AMM-26-000001",
            "h1",
            Relationship::Principal,
            "Amina",
            "Haddad",
            "2026-12-07",
        );
        assert_eq!(rules(&check_record(&r, today())), [Rule::BornInFuture]);
        r.born = NaiveDate::from_ymd_opt(1905, 12, 6).unwrap();
        assert_eq!(
            rules(&check_record(&r, today())),
            [Rule::TooOld],
            "121 years"
        );
        r.born = NaiveDate::from_ymd_opt(1906, 12, 6).unwrap();
        assert!(
            check_record(&r, today()).is_empty(),
            "120 years today is plausible"
        );
        r.phone = None;
        assert_eq!(rules(&check_record(&r, today())), [Rule::MissingField]);
        r.relationship = Relationship::Child;
        assert!(
            check_record(&r, today()).is_empty(),
            "a child needs no phone of their own"
        );
        r.given_name = "  ".into();
        assert_eq!(rules(&check_record(&r, today())), [Rule::MissingField]);
    }

    #[test]
    fn a_household_needs_one_principal_and_children_younger_than_their_parents() {
        let p = record(
            "AMM-26-000001",
            "h1",
            Relationship::Principal,
            "Amina",
            "Haddad",
            "1992-03-14",
        );
        let c = record(
            "AMM-26-000002",
            "h1",
            Relationship::Child,
            "Yara",
            "Haddad",
            "2015-05-20",
        );
        assert!(check_household(&[&p, &c]).is_empty());
        let old = record(
            "AMM-26-000003",
            "h1",
            Relationship::Child,
            "Omar",
            "Haddad",
            "1990-01-01",
        );
        assert_eq!(
            rules(&check_household(&[&p, &old])),
            [Rule::ChildOlderThanParent]
        );
        let close = record(
            "AMM-26-000004",
            "h1",
            Relationship::Child,
            "Omar",
            "Haddad",
            "2003-03-15",
        );
        assert_eq!(
            rules(&check_household(&[&p, &close])),
            [Rule::ChildOlderThanParent],
            "11 years apart"
        );
        assert_eq!(
            rules(&check_household(&[&c])),
            [Rule::HouseholdPrincipal],
            "no principal"
        );
        let finding = &check_household(&[&c])[0];
        assert_eq!(finding.records, ["AMM-26-000002"]);
    }

    #[test]
    fn a_contact_shared_by_unrelated_households_is_found_without_its_value() {
        let a = record(
            "AMM-26-000001",
            "h1",
            Relationship::Principal,
            "Amina",
            "Haddad",
            "1992-03-14",
        );
        let b = record(
            "AMM-26-000002",
            "h1",
            Relationship::Spouse,
            "Khaled",
            "Haddad",
            "1988-07-02",
        );
        assert!(
            check_across(&[a.clone(), b]).is_empty(),
            "one household may share a phone"
        );
        let c = record(
            "AMM-26-000009",
            "h2",
            Relationship::Principal,
            "Lina",
            "Saleh",
            "1980-01-01",
        );
        let found = check_across(&[a, c]);
        assert_eq!(rules(&found), [Rule::SharedContact]);
        assert!(
            !format!("{found:?}").contains("+96279"),
            "the value is not in the finding"
        );
    }

    #[test]
    fn likely_duplicates_are_scored_across_spellings_and_scripts() {
        let a = record(
            "AMM-26-000001",
            "h1",
            Relationship::Principal,
            "Mohammed",
            "Al-Hassan",
            "1980-02-02",
        );
        let mut b = record(
            "AMM-26-000777",
            "h9",
            Relationship::Principal,
            "Muhammad",
            "Hassan",
            "1980-02-02",
        );
        b.phone = None;
        assert_eq!(duplicate_score(&a, &b), 90);
        let mut c = b.clone();
        c.given_name = "X".into();
        c.given_name_original = Some("محمد".into());
        assert_eq!(duplicate_score(&a, &c), 90, "the Arabic script counts");
        let mut d = b.clone();
        d.given_name = "Yousef".into();
        assert_eq!(duplicate_score(&a, &d), 45);
        let found = check_across(&[a.clone(), b.clone(), d]);
        assert_eq!(rules(&found), [Rule::LikelyDuplicate]);
        assert_eq!(found[0].score, Some(90));
        // Another version of either record is another fingerprint.
        let mut b2 = b.clone();
        b2.version = 2;
        assert_ne!(
            check_across(&[a.clone(), b2])[0].fingerprint,
            found[0].fingerprint
        );
        // The same household is not a duplicate of itself (twins).
        let mut twin = b;
        twin.household = "h1".into();
        assert!(check_across(&[a, twin]).is_empty());
    }
}
