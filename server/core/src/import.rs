//! Bulk import of already-registered people from a CSV export.
//!
//! Every row is validated first (fields, cross-row rules, what the database already holds);
//! if any row is wrong nothing is written and every bad row is reported with its line number.
//! A valid file is written in one transaction. Re-importing the same bytes is a no-op.
//!
//! Owns: the CSV format (documented in `docs/import.md`) and its rules.
//! Must never: write part of a file, or put a cell's value into an error message.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use portal_domain::audit::{Actor, AuditAction, AuditEvent, SubjectKind};
use portal_domain::country::{Country, Nationality};
use portal_domain::household::{CaseNumber, HouseholdId};
use portal_domain::office::OfficeCode;
use portal_domain::person::{
    parse_flag, parse_list, Address, DateOfBirth, Email, Language, LatinName, NewPerson,
    OriginalName, PersonId, Phone, RegistrationNumber, RegistrationStatus, Relationship, Sex,
    SpecificNeed,
};
use portal_domain::{Field, ValidationError};
use portal_storage::people::{self, BatchWrite};
use portal_storage::{audit, Conn, Tx};

use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};
pub use crate::error::{ImportError, RowError};

/// Columns every file must have.
pub const REQUIRED_COLUMNS: [&str; 10] = [
    "case_number",
    "registration_number",
    "relationship",
    "given_name",
    "family_name",
    "sex",
    "date_of_birth",
    "country_of_origin",
    "nationality",
    "registration_status",
];

/// Columns a file may have.
pub const OPTIONAL_COLUMNS: [&str; 8] = [
    "given_name_original",
    "family_name_original",
    "date_of_birth_estimated",
    "languages",
    "phone",
    "email",
    "address",
    "specific_needs",
];

/// Largest number of data rows accepted in one file.
pub const MAX_ROWS: usize = 100_000;

/// What an import did.
#[derive(Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The file was imported.
    Imported {
        /// The batch id (also the audit events' request id).
        batch_id: Uuid,
        /// New households created.
        households: usize,
        /// People added.
        people: usize,
    },
    /// The same file was imported before; nothing changed.
    AlreadyImported {
        /// When it was imported.
        at: DateTime<Utc>,
    },
}

/// A household to write: a new one with its members, or members joining an existing one.
#[derive(Clone, Debug)]
struct HouseholdWrite {
    id: HouseholdId,
    case_number: CaseNumber,
    office_code: OfficeCode,
    /// Whether the household row exists already.
    exists: bool,
    /// People to add, with fresh ids.
    members: Vec<(PersonId, NewPerson)>,
}

struct ParsedRow {
    line: u64,
    case_number: CaseNumber,
    person: NewPerson,
}

/// Imports `bytes` (a CSV export) as `actor`, from `source` (e.g. `cli`): every row or none,
/// in the caller's transaction.
pub async fn import_people(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    bytes: &[u8],
    actor: Actor,
    source: &str,
) -> CoreResult<ImportOutcome> {
    let file_sha256 = hex::encode(Sha256::digest(bytes));
    if let Some(at) = people::import_batch_by_hash(tx, &file_sha256).await? {
        return Ok(ImportOutcome::AlreadyImported { at });
    }
    let now = ctx.now;
    let rows = parse_rows(bytes, now.date_naive())?;
    let households = plan_households(tx, &rows).await?;

    let batch = BatchWrite {
        id: Uuid::new_v4(),
        file_sha256,
        row_count: i64::try_from(rows.len()).unwrap_or(i64::MAX),
    };
    let request_id = batch.id.to_string();
    let mut events = vec![AuditEvent::new(now, actor.clone(), AuditAction::ImportRun)
        .about(SubjectKind::ImportBatch, request_id.clone())
        .in_request(request_id.clone())
        .from_source(source)
        .with_details(serde_json::json!({ "rows": rows.len() }))];
    for household in &households {
        for (id, _) in &household.members {
            events.push(
                AuditEvent::new(now, actor.clone(), AuditAction::PersonCreate)
                    .about(SubjectKind::Person, id.0.to_string())
                    .in_request(request_id.clone())
                    .from_source(source),
            );
        }
    }
    people::insert_import_batch(tx, &batch, now).await?;
    for household in &households {
        if !household.exists {
            people::insert_household(
                tx,
                household.id,
                &household.case_number,
                &household.office_code,
                now,
            )
            .await?;
        }
        for (id, person) in &household.members {
            people::insert(tx, *id, household.id, person, now).await?;
        }
    }
    audit::append_all(tx, &events).await?;
    Ok(ImportOutcome::Imported {
        batch_id: batch.id,
        households: households.iter().filter(|h| !h.exists).count(),
        people: rows.len(),
    })
}

/// Parses and validates every row on its own; collects all row errors.
fn parse_rows(bytes: &[u8], today: NaiveDate) -> Result<Vec<ParsedRow>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = reader.headers().map_err(csv_error)?.clone();
    let columns = check_header(&header)?;

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(ImportError::TooLarge { max: MAX_ROWS });
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cells = Cells {
            columns: &columns,
            record: &record,
        };
        match parse_row(&cells, today) {
            Ok((case_number, person)) => rows.push(ParsedRow {
                line,
                case_number,
                person,
            }),
            Err(problems) => errors.push(RowError { line, problems }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(ImportError::Empty);
    }
    check_rows_together(&rows, &mut errors);
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(ImportError::Rows(errors))
    }
}

fn csv_error(error: csv::Error) -> ImportError {
    let line = error.position().map_or(0, csv::Position::line);
    let reason = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".to_owned(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the row has {len} fields, the header has {expected_len}")
        }
        _ => "unreadable row".to_owned(),
    };
    ImportError::Csv { line, reason }
}

fn check_header(header: &csv::StringRecord) -> Result<HashMap<String, usize>, ImportError> {
    let mut columns = HashMap::new();
    let mut unknown = Vec::new();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        if !REQUIRED_COLUMNS.contains(&name.as_str()) && !OPTIONAL_COLUMNS.contains(&name.as_str())
        {
            unknown.push(name.clone());
        }
        if columns.insert(name.clone(), index).is_some() {
            return Err(ImportError::Header(format!("column {name} appears twice")));
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !columns.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Header(format!(
            "missing column(s): {}",
            missing.join(", ")
        )));
    }
    if !unknown.is_empty() {
        return Err(ImportError::Header(format!(
            "unknown column(s): {}",
            unknown.join(", ")
        )));
    }
    Ok(columns)
}

/// The cells of one record, looked up by column name (missing optional columns read as empty).
struct Cells<'a> {
    columns: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl<'a> Cells<'a> {
    fn get(&self, name: &str) -> &'a str {
        self.columns
            .get(name)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
    }
}

/// A free-text cell as written: without the `'` a spreadsheet-safe export (`portal export`)
/// puts before a leading `=`, `+`, `-` or `@`, so that an export imports back unchanged.
fn unguarded(raw: &str) -> &str {
    match raw.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => raw,
    }
}

/// `None` for an empty cell.
fn optional(raw: &str) -> Option<&str> {
    Some(raw).filter(|v| !v.is_empty())
}

/// Collects the problems of a row while its fields are parsed.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn take<T>(&mut self, result: Result<T, ValidationError>) -> Option<T> {
        result.map_err(|error| self.0.push(error.to_string())).ok()
    }
}

/// Validates one row, reporting every bad field rather than the first.
fn parse_row(cells: &Cells<'_>, today: NaiveDate) -> Result<(CaseNumber, NewPerson), Vec<String>> {
    let mut found = Problems::default();
    let cell = |name: &str| cells.get(name);

    let case_number = found.take(CaseNumber::parse(cell("case_number")));
    let registration_number = found.take(RegistrationNumber::parse(cell("registration_number")));
    let relationship = found.take(Relationship::parse(cell("relationship")));
    let given_name = found.take(LatinName::parse(Field::GivenName, cell("given_name")));
    let family_name = found.take(LatinName::parse(Field::FamilyName, cell("family_name")));
    let given_name_original = found.take(
        optional(unguarded(cell("given_name_original")))
            .map(|v| OriginalName::parse(Field::GivenNameOriginal, v))
            .transpose(),
    );
    let family_name_original = found.take(
        optional(unguarded(cell("family_name_original")))
            .map(|v| OriginalName::parse(Field::FamilyNameOriginal, v))
            .transpose(),
    );
    let sex = found.take(Sex::parse(cell("sex")));
    let estimated = found.take(parse_flag(
        Field::DateOfBirthEstimated,
        cell("date_of_birth_estimated"),
    ));
    let date_of_birth = found.take(DateOfBirth::parse(
        cell("date_of_birth"),
        estimated.unwrap_or(false),
        today,
    ));
    let country_of_origin = found.take(Country::parse(cell("country_of_origin")));
    let nationality = found.take(Nationality::parse(cell("nationality")));
    let languages = found.take(parse_list(
        Field::Languages,
        cell("languages"),
        Language::parse,
    ));
    let phone = found.take(optional(cell("phone")).map(Phone::parse).transpose());
    let email = found.take(optional(cell("email")).map(Email::parse).transpose());
    let address = found.take(
        optional(unguarded(cell("address")))
            .map(Address::parse)
            .transpose(),
    );
    let registration_status = found.take(RegistrationStatus::parse(cell("registration_status")));
    let specific_needs = found.take(parse_list(
        Field::SpecificNeeds,
        cell("specific_needs"),
        SpecificNeed::parse,
    ));

    let mut problems = found.0;
    if let (Some(case), Some(number)) = (&case_number, &registration_number) {
        if case.as_str().get(..3) != Some(number.office_code()) {
            problems.push(
                "registration_number must start with the same office code as case_number"
                    .to_owned(),
            );
        }
    }
    let person = (|| {
        Some(NewPerson {
            registration_number: registration_number?,
            relationship: relationship?,
            given_name: given_name?,
            family_name: family_name?,
            given_name_original: given_name_original?,
            family_name_original: family_name_original?,
            sex: sex?,
            date_of_birth: date_of_birth?,
            country_of_origin: country_of_origin?,
            nationality: nationality?,
            languages: languages?,
            phone: phone?,
            email: email?,
            address: address?,
            registration_status: registration_status?,
            specific_needs: specific_needs?,
        })
    })();
    match (case_number, person) {
        (Some(case), Some(person)) if problems.is_empty() => Ok((case, person)),
        _ => Err(problems),
    }
}

fn push_problem(errors: &mut Vec<RowError>, line: u64, problem: String) {
    match errors.iter_mut().find(|e| e.line == line) {
        Some(existing) => existing.problems.push(problem),
        None => errors.push(RowError {
            line,
            problems: vec![problem],
        }),
    }
}

/// Rules across rows: unique registration numbers, one principal per new household.
fn check_rows_together(rows: &[ParsedRow], errors: &mut Vec<RowError>) {
    let mut first_line: HashMap<&str, u64> = HashMap::new();
    for row in rows {
        let number = row.person.registration_number.as_str();
        match first_line.get(number) {
            Some(first) => push_problem(
                errors,
                row.line,
                format!("registration_number is listed twice in this file (first on line {first})"),
            ),
            None => {
                first_line.insert(number, row.line);
            }
        }
    }
    let mut principals: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| r.person.relationship == Relationship::Principal)
    {
        principals
            .entry(row.case_number.as_str())
            .or_default()
            .push(row.line);
    }
    for lines in principals.values().filter(|lines| lines.len() > 1) {
        for line in lines.iter().skip(1) {
            push_problem(
                errors,
                *line,
                "a household has only one principal applicant; this case lists more".to_owned(),
            );
        }
    }
}

/// Groups rows into households and checks them against the database.
async fn plan_households(db: &mut Conn, rows: &[ParsedRow]) -> CoreResult<Vec<HouseholdWrite>> {
    let mut errors = Vec::new();
    let offices: Vec<OfficeCode> = people::offices(db)
        .await?
        .into_iter()
        .map(|o| o.code)
        .collect();
    let numbers: Vec<RegistrationNumber> = rows
        .iter()
        .map(|r| r.person.registration_number.clone())
        .collect();
    let taken = people::existing_registration_numbers(db, &numbers).await?;

    let mut by_case: BTreeMap<&CaseNumber, Vec<&ParsedRow>> = BTreeMap::new();
    for row in rows {
        by_case.entry(&row.case_number).or_default().push(row);
        if taken.contains(&row.person.registration_number) {
            push_problem(
                &mut errors,
                row.line,
                "a person with this registration_number is already registered".to_owned(),
            );
        }
    }

    let mut households = Vec::new();
    for (case_number, members) in by_case {
        let first_line = members.first().map_or(0, |r| r.line);
        let office_code = OfficeCode::parse(case_number.as_str().get(..3).unwrap_or_default())
            .map_err(|e| CoreError::Import(ImportError::Header(e.to_string())))?;
        if !offices.contains(&office_code) {
            push_problem(
                &mut errors,
                first_line,
                "office_code of case_number is not a known office; add the office first".to_owned(),
            );
            continue;
        }
        let has_principal_row = members
            .iter()
            .any(|r| r.person.relationship == Relationship::Principal);
        let existing = people::household_by_case_number(db, case_number).await?;
        let (id, exists) = match &existing {
            Some(household) => {
                if people::household_has_principal(db, household.id).await? && has_principal_row {
                    push_problem(
                        &mut errors,
                        first_line,
                        "this case already has a principal applicant".to_owned(),
                    );
                }
                (household.id, true)
            }
            None => {
                if !has_principal_row {
                    push_problem(
                        &mut errors,
                        first_line,
                        "a new case needs a row with relationship principal".to_owned(),
                    );
                }
                (HouseholdId::random(), false)
            }
        };
        households.push(HouseholdWrite {
            id,
            case_number: case_number.clone(),
            office_code,
            exists,
            members: members
                .iter()
                .map(|r| (PersonId::random(), r.person.clone()))
                .collect(),
        });
    }
    if errors.is_empty() {
        Ok(households)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(CoreError::Import(ImportError::Rows(errors)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn file(rows: &[&str]) -> Vec<u8> {
        let mut text = String::from(HEADER);
        for row in rows {
            text.push('\n');
            text.push_str(row);
        }
        text.into_bytes()
    }

    const GOOD: &str = "AMM-26-C00001,AMM-26-000001,principal,Amina,Haddad,أمينة,حداد,female,1992-03-14,no,SYR,SYR,ara;eng,+962791234567,,Zaatari camp,active,";

    #[test]
    fn a_good_row_parses() {
        let rows = parse_rows(&file(&[GOOD]), today()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(
            rows[0]
                .person
                .given_name_original
                .as_ref()
                .unwrap()
                .as_str(),
            "أمينة"
        );
    }

    #[test]
    fn every_bad_field_of_every_bad_row_is_reported_with_its_line() {
        let bad =
            "AMM-26-C00001,AMM-26-00002,cousin,Amina,Haddad,,,f,1992-13-14,no,SYX,SYR,,,,,active,";
        let Err(ImportError::Rows(errors)) = parse_rows(&file(&[GOOD, bad, bad]), today()) else {
            panic!("expected row errors");
        };
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4]);
        let problems = errors[0].problems.join("; ");
        for field in [
            "registration_number",
            "relationship",
            "sex",
            "date_of_birth",
            "country_of_origin",
        ] {
            assert!(problems.contains(field), "{field} missing from {problems}");
        }
        assert!(
            !problems.contains("cousin") && !problems.contains("SYX"),
            "values are never echoed: {problems}"
        );
    }

    #[test]
    fn duplicates_and_second_principals_are_caught_across_rows() {
        let second_principal = GOOD.replace("AMM-26-000001", "AMM-26-000002");
        let Err(ImportError::Rows(errors)) =
            parse_rows(&file(&[GOOD, GOOD, &second_principal]), today())
        else {
            panic!("expected row errors");
        };
        assert!(errors[0].problems[0].contains("listed twice"), "{errors:?}");
        assert!(errors
            .iter()
            .any(|e| e.problems.iter().any(|p| p.contains("only one principal"))));
    }

    #[test]
    fn the_registration_number_must_match_the_case_office() {
        let other_office = GOOD.replace("AMM-26-000001", "IRB-26-000001");
        let Err(ImportError::Rows(errors)) = parse_rows(&file(&[&other_office]), today()) else {
            panic!("expected row errors");
        };
        assert!(errors[0].problems[0].contains("same office code"));
    }

    #[test]
    fn headers_must_have_the_required_columns_and_no_unknown_ones() {
        let missing = parse_rows(
            b"case_number,registration_number\nAMM-26-C00001,AMM-26-000001",
            today(),
        );
        assert!(matches!(missing, Err(ImportError::Header(m)) if m.contains("relationship")));
        let unknown = format!("{HEADER},favourite_colour\n{GOOD},blue");
        assert!(
            matches!(parse_rows(unknown.as_bytes(), today()), Err(ImportError::Header(m)) if m.contains("favourite_colour"))
        );
    }

    #[test]
    fn empty_ragged_and_non_utf8_files_are_refused() {
        assert!(matches!(
            parse_rows(HEADER.as_bytes(), today()),
            Err(ImportError::Empty)
        ));
        let ragged = file(&["AMM-26-C00001,AMM-26-000001"]);
        assert!(matches!(
            parse_rows(&ragged, today()),
            Err(ImportError::Csv { line: 2, .. })
        ));
        let mut latin1 = file(&[GOOD]);
        latin1.push(0xE9);
        assert!(matches!(
            parse_rows(&latin1, today()),
            Err(ImportError::Csv { .. })
        ));
    }

    #[test]
    fn a_byte_order_mark_from_spreadsheet_exports_is_ignored() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(file(&[GOOD]));
        assert_eq!(parse_rows(&bytes, today()).unwrap().len(), 1);
    }
}
