//! Data-quality checks over records already stored, and staff's decisions about what they
//! find: the rules of `portal_domain::quality` (implausible dates, inconsistent households,
//! contacts shared across households, likely duplicates), run nightly and on demand, kept as
//! findings staff mark resolved, false positive or escalated; and text written before a rule
//! existed (hidden direction and zero-width characters), found so staff can correct it
//! through the usual reviewed change.
//!
//! Owns: which stored texts are checked, how findings are named and kept, who decides them.
//! Must never: show a value (findings name the record and the field only) or change a
//! record.

use std::collections::{BTreeMap, HashMap};

use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::policy::{desk_role, is_reviewer, may_view_person};
use portal_domain::quality::{self as rules, Rule};
use portal_domain::requests::RequestId;
use portal_domain::staff::Staff;
use portal_domain::{is_hidden, Field};
use portal_storage::quality::{self as store, FindingStatus, StoredFinding};
use portal_storage::{audit, people, requests, Conn, Tx};
use uuid::Uuid;

use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// Most findings a review list shows at once.
pub const LIST_LIMIT: i64 = 200;

/// What a run of the checks found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Current findings per rule (open, escalated or closed on the same data), every rule
    /// listed.
    pub per_rule: BTreeMap<Rule, usize>,
    /// Findings new in this run, or reopened because their data changed.
    pub new: usize,
    /// Open findings no longer made (the data was corrected), forgotten.
    pub gone: usize,
}

impl CheckReport {
    /// All current findings.
    pub fn total(&self) -> usize {
        self.per_rule.values().sum()
    }
}

/// Runs every rule over every record and keeps the findings: new ones open; one staff closed
/// stays closed while its data is the same, and opens again when it changed; open ones no
/// longer made are forgotten. One audit row with the counts (no values).
pub async fn check(tx: &mut Tx, ctx: &Ctx<'_>) -> CoreResult<CheckReport> {
    let today = ctx.now.date_naive();
    let mut records = Vec::new();
    let mut offices: HashMap<String, String> = HashMap::new();
    let mut offset = 0;
    loop {
        let batch = store::records(tx, offset, BATCH).await?;
        let done = batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX);
        for (record, office) in batch {
            offices.insert(record.registration_number.clone(), office);
            records.push(record);
        }
        if done {
            break;
        }
        offset += BATCH;
    }
    let mut found = Vec::new();
    for record in &records {
        found.extend(rules::check_record(record, today));
    }
    let mut households: BTreeMap<&str, Vec<&rules::Record>> = BTreeMap::new();
    for record in &records {
        households
            .entry(record.household.as_str())
            .or_default()
            .push(record);
    }
    for members in households.values() {
        found.extend(rules::check_household(members));
    }
    found.extend(rules::check_across(&records));

    let stored: HashMap<(Rule, String), StoredFinding> = store::all(tx)
        .await?
        .into_iter()
        .map(|f| ((f.rule, f.records.join(" ")), f))
        .collect();
    let mut report = CheckReport {
        per_rule: Rule::ALL.iter().map(|r| (*r, 0)).collect(),
        ..CheckReport::default()
    };
    let mut seen = std::collections::HashSet::new();
    for finding in &found {
        let key = (finding.rule, finding.subject());
        if !seen.insert(key.clone()) {
            continue;
        }
        *report.per_rule.entry(finding.rule).or_default() += 1;
        let office = finding
            .records
            .first()
            .and_then(|n| offices.get(n))
            .cloned()
            .unwrap_or_default();
        match stored.get(&key) {
            None => {
                store::insert(tx, finding, &office, ctx.now).await?;
                report.new += 1;
            }
            Some(old) if old.fingerprint != finding.fingerprint => {
                store::reopen(tx, old.id, finding, &office, ctx.now).await?;
                report.new += 1;
            }
            Some(_) => {}
        }
    }
    for (key, old) in &stored {
        if old.status == FindingStatus::Open && !seen.contains(key) {
            store::delete_open(tx, old.id).await?;
            report.gone += 1;
        }
    }
    let counts: serde_json::Map<String, serde_json::Value> = report
        .per_rule
        .iter()
        .map(|(rule, n)| (rule.as_str().to_owned(), serde_json::json!(n)))
        .collect();
    let event = ctx
        .event(Actor::System, AuditAction::QualityCheck)
        .with_details(serde_json::json!({
            "findings": counts,
            "new": report.new,
            "gone": report.gone,
        }));
    audit::append(tx, &event).await?;
    Ok(report)
}

/// The findings of `status` the staff member may see (their office's, or every office's
/// for staff of none), by rule.
pub async fn findings(
    db: &mut Conn,
    staff: &Staff,
    status: FindingStatus,
) -> CoreResult<Vec<StoredFinding>> {
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    let office = staff.account.office_code.as_ref().map(|o| o.as_str());
    Ok(store::list(db, office, status, LIST_LIMIT).await?)
}

/// Marks a finding resolved, false positive or escalated (not back to open); audited with
/// the rule and the decision. A finding of another office is not found; one decided
/// meanwhile (or already closed) is stale.
pub async fn decide(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: Uuid,
    status: FindingStatus,
) -> CoreResult<()> {
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    let finding = store::by_id(tx, id).await?.ok_or(CoreError::NotFound)?;
    if !may_view_person(staff, &finding.office_code) {
        return Err(CoreError::NotFound);
    }
    if status == FindingStatus::Open {
        return Err(CoreError::Invalid(vec![
            portal_domain::ValidationError::new(
                Field::Status,
                portal_domain::Problem::NotOneOf("resolved, false_positive, escalated"),
            ),
        ]));
    }
    if !store::decide(tx, id, status, staff.id, ctx.now).await? {
        return Err(CoreError::Stale("the finding"));
    }
    let event = ctx
        .event(
            staff_actor(staff, desk_role(staff)),
            AuditAction::QualityDecide,
        )
        .about(SubjectKind::Finding, id.to_string())
        .at_office(
            staff
                .account
                .office_code
                .as_ref()
                .map(|o| o.as_str().to_owned()),
        )
        .with_details(serde_json::json!({
            "rule": finding.rule.as_str(),
            "status": status.as_str(),
        }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// How many records are read at a time.
const BATCH: i64 = 500;

/// One stored text that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The record: a registration number, or a request's reference (`R-…`).
    pub record: String,
    /// The field.
    pub field: Field,
}

fn hides(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.chars().any(is_hidden))
}

/// Every stored name, address, request reason, proposed change and request note that holds
/// a hidden direction or zero-width character (ZWNJ and ZWJ are legal, as at input).
pub async fn hidden_characters(db: &mut Conn) -> CoreResult<Vec<Finding>> {
    let mut findings = Vec::new();
    let mut offset = 0;
    loop {
        let batch = people::texts(db, offset, BATCH).await?;
        for (number, given, family, given_original, family_original, address) in &batch {
            let fields = [
                (Field::GivenName, Some(given.as_str())),
                (Field::FamilyName, Some(family.as_str())),
                (Field::GivenNameOriginal, given_original.as_deref()),
                (Field::FamilyNameOriginal, family_original.as_deref()),
                (Field::Address, address.as_deref()),
            ];
            findings.extend(
                fields
                    .into_iter()
                    .filter(|(_, t)| hides(*t))
                    .map(|(field, _)| Finding {
                        record: number.clone(),
                        field,
                    }),
            );
        }
        if batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
        offset += BATCH;
    }
    offset = 0;
    loop {
        let batch = requests::texts(db, offset, BATCH).await?;
        for (id, reason, changes, notes) in &batch {
            let record = RequestId(*id).reference();
            let fields = [
                (Field::Reason, hides(reason.as_deref())),
                (Field::RecordField, hides(Some(changes))),
                (Field::Answer, notes.iter().any(|n| hides(Some(n)))),
            ];
            findings.extend(
                fields
                    .into_iter()
                    .filter(|(_, hidden)| *hidden)
                    .map(|(field, _)| Finding {
                        record: record.clone(),
                        field,
                    }),
            );
        }
        if batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
        offset += BATCH;
    }
    Ok(findings)
}
