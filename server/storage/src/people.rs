//! Offices, households and people in the database, and import batches.
//!
//! Owns: the `offices`, `households`, `people` and `import_batches` tables.
//! Must never: write a person without the audit row that says who wrote it (same transaction).

use chrono::{DateTime, NaiveDate, Utc};
use portal_i18n::Locale;
use sqlx::types::Json;
use uuid::Uuid;

use crate::{query, unique_as, Arg, Conn, StoreError, Tx};
use portal_domain::country::{Country, Nationality};
use portal_domain::household::{CaseNumber, Household, HouseholdId};
use portal_domain::office::{Office, OfficeCode, TimeZoneName};
use portal_domain::person::{
    Address, DateOfBirth, Email, Language, LatinName, NewPerson, OriginalName, Person, PersonId,
    Phone, RegistrationNumber, RegistrationStatus, Relationship, Sex, SpecificNeed,
};
use portal_domain::search;
use portal_domain::{Field, ValidationError};

/// A record version in the history.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionEntry {
    /// Version number.
    pub version: i64,
    /// The record as it was after the change.
    pub record: serde_json::Value,
    /// The request that made it.
    pub request: Option<Uuid>,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// An import batch to record with its households.
#[derive(Clone, Debug)]
pub struct BatchWrite {
    /// Batch id.
    pub id: Uuid,
    /// SHA-256 of the imported file.
    pub file_sha256: String,
    /// Number of data rows.
    pub row_count: i64,
}

/// One line of a people search.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PersonSummary {
    /// Internal id.
    pub id: PersonId,
    /// Registration number.
    pub registration_number: String,
    /// Name in Latin script.
    pub name: String,
    /// Name in the person's script.
    pub original_name: Option<String>,
    /// Office of the case.
    pub office_code: String,
    /// Date of birth (tells apart two people of one name).
    pub date_of_birth: NaiveDate,
    /// The household's case number.
    pub case_number: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PersonRow {
    id: Uuid,
    registration_number: String,
    household_id: Uuid,
    relationship: String,
    given_name: String,
    family_name: String,
    given_name_original: Option<String>,
    family_name_original: Option<String>,
    sex: String,
    date_of_birth: NaiveDate,
    date_of_birth_estimated: bool,
    country_of_origin: String,
    nationality: String,
    languages: Json<Vec<String>>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    registration_status: String,
    specific_needs: Json<Vec<String>>,
    photo_sha256: Option<String>,
    record_version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

pub(crate) const SELECT_PEOPLE: &str = "SELECT id, registration_number, household_id, relationship, given_name, family_name, \
     given_name_original, family_name_original, sex, date_of_birth, date_of_birth_estimated, country_of_origin, \
     nationality, languages, phone, email, address, registration_status, specific_needs, photo_sha256, \
     record_version, created_at, updated_at FROM people";

fn corrupt(error: ValidationError) -> StoreError {
    StoreError::Corrupt(error.to_string())
}

impl TryFrom<PersonRow> for Person {
    type Error = StoreError;

    fn try_from(row: PersonRow) -> Result<Self, StoreError> {
        let optional = |value: Option<String>, field: Field| {
            value
                .map(|v| OriginalName::parse(field, &v))
                .transpose()
                .map_err(corrupt)
        };
        let record = NewPerson {
            registration_number: RegistrationNumber::parse(&row.registration_number)
                .map_err(corrupt)?,
            relationship: Relationship::parse(&row.relationship).map_err(corrupt)?,
            given_name: LatinName::parse(Field::GivenName, &row.given_name).map_err(corrupt)?,
            family_name: LatinName::parse(Field::FamilyName, &row.family_name).map_err(corrupt)?,
            given_name_original: optional(row.given_name_original, Field::GivenNameOriginal)?,
            family_name_original: optional(row.family_name_original, Field::FamilyNameOriginal)?,
            sex: Sex::parse(&row.sex).map_err(corrupt)?,
            date_of_birth: DateOfBirth {
                date: row.date_of_birth,
                estimated: row.date_of_birth_estimated,
            },
            country_of_origin: Country::parse(&row.country_of_origin).map_err(corrupt)?,
            nationality: Nationality::parse(&row.nationality).map_err(corrupt)?,
            languages: row
                .languages
                .0
                .iter()
                .map(|l| Language::parse(l))
                .collect::<Result<_, _>>()
                .map_err(corrupt)?,
            phone: row
                .phone
                .as_deref()
                .map(Phone::parse)
                .transpose()
                .map_err(corrupt)?,
            email: row
                .email
                .as_deref()
                .map(Email::parse)
                .transpose()
                .map_err(corrupt)?,
            address: row
                .address
                .as_deref()
                .map(Address::parse)
                .transpose()
                .map_err(corrupt)?,
            registration_status: RegistrationStatus::parse(&row.registration_status)
                .map_err(corrupt)?,
            specific_needs: row
                .specific_needs
                .0
                .iter()
                .map(|c| SpecificNeed::parse(c))
                .collect::<Result<_, _>>()
                .map_err(corrupt)?,
        };
        Ok(Person {
            id: PersonId(row.id),
            household_id: HouseholdId(row.household_id),
            record,
            record_version: row.record_version,
            photo_sha256: row.photo_sha256,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A list of codes as the JSON array stored in one column.
pub(crate) fn codes<T>(items: &[T], code: impl Fn(&T) -> &str) -> Result<Arg, StoreError> {
    Arg::json(&items.iter().map(code).collect::<Vec<_>>())
}

/// Inserts `person` as `id` into `household` at version 1.
pub async fn insert(
    tx: &mut Tx,
    id: PersonId,
    household: HouseholdId,
    person: &NewPerson,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO people (id, registration_number, household_id, relationship, given_name, family_name, \
             given_name_original, family_name_original, sex, date_of_birth, date_of_birth_estimated, \
             country_of_origin, nationality, languages, phone, email, address, registration_status, \
             specific_needs, record_version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $20)",
        )
        .bind(id.0)
        .bind(person.registration_number.as_str())
        .bind(household.0)
        .bind(person.relationship.as_str())
        .bind(person.given_name.as_str())
        .bind(person.family_name.as_str())
        .bind(person.given_name_original.as_ref().map(OriginalName::as_str))
        .bind(person.family_name_original.as_ref().map(OriginalName::as_str))
        .bind(person.sex.as_str())
        .bind(person.date_of_birth.date)
        .bind(person.date_of_birth.estimated)
        .bind(person.country_of_origin.as_str())
        .bind(person.nationality.as_str())
        .arg(codes(&person.languages, |code| code.as_str())?)
        .bind(person.phone.as_ref().map(Phone::as_str))
        .bind(person.email.as_ref().map(Email::as_str))
        .bind(person.address.as_ref().map(Address::as_str))
        .bind(person.registration_status.as_str())
        .arg(codes(&person.specific_needs, |n| n.as_str())?)
        .bind(now),
    )
    .await
    .map_err(|e| match e.unique_violation() {
        Some(message) if message.contains("registration_number") => {
            StoreError::Duplicate("a person with this registration number")
        }
        Some(_) => StoreError::Duplicate("a principal applicant for this household"),
        None => e,
    })?;
    refresh_keys(tx, id).await
}

/// Writes every editable column of `person` over person `id`, bumping the version, only if it
/// is still at `base`; returns whether it was (false: someone changed the record meanwhile).
pub async fn update(
    tx: &mut Tx,
    id: PersonId,
    base: i64,
    person: &NewPerson,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE people SET given_name = $1, family_name = $2, given_name_original = $3, \
                 family_name_original = $4, sex = $5, date_of_birth = $6, date_of_birth_estimated = $7, \
                 nationality = $8, languages = $9, phone = $10, email = $11, address = $12, \
                 registration_status = $13, record_version = record_version + 1, updated_at = $14 \
                 WHERE id = $15 AND record_version = $16",
            )
            .bind(person.given_name.as_str())
            .bind(person.family_name.as_str())
            .bind(person.given_name_original.as_ref().map(OriginalName::as_str))
            .bind(person.family_name_original.as_ref().map(OriginalName::as_str))
            .bind(person.sex.as_str())
            .bind(person.date_of_birth.date)
            .bind(person.date_of_birth.estimated)
            .bind(person.nationality.as_str())
            .arg(codes(&person.languages, |code| code.as_str())?)
            .bind(person.phone.as_ref().map(Phone::as_str))
            .bind(person.email.as_ref().map(Email::as_str))
            .bind(person.address.as_ref().map(Address::as_str))
            .bind(person.registration_status.as_str())
            .bind(now)
            .bind(id.0)
            .bind(base),
        )
        .await?;
    if changed == 1 {
        refresh_keys(tx, id).await?;
    }
    Ok(changed == 1)
}

/// Records `version` of a person's record in its history (`request`: the request that made
/// it). Recording a version that is already there is a no-op (records imported before
/// requests existed get their first version the first time they change).
pub async fn insert_version(
    tx: &mut Tx,
    person: PersonId,
    version: i64,
    record: &NewPerson,
    request: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO person_versions (person_id, version, record, request_id, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, version) DO NOTHING",
        )
        .bind(person.0)
        .bind(version)
        .arg(Arg::json(record)?)
        .bind(request)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// A record's history, newest first.
pub async fn versions(db: &mut Conn, id: PersonId) -> Result<Vec<VersionEntry>, StoreError> {
    type Row = (i64, Json<serde_json::Value>, Option<Uuid>, DateTime<Utc>);
    let rows: Vec<Row> = db
        .fetch_all(
            query(
                "SELECT version, record, request_id, recorded_at FROM person_versions \
                 WHERE person_id = $1 ORDER BY version DESC",
            )
            .bind(id.0),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(version, record, request_id, recorded_at)| VersionEntry {
            version,
            record: record.0,
            request: request_id,
            recorded_at,
        })
        .collect())
}

/// Creates an office unless one with the same code exists; returns whether it was created.
pub async fn insert_office(
    tx: &mut Tx,
    office: &Office,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let created = tx
        .execute(
            query(
                "INSERT INTO offices (code, name, time_zone, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(office.code.as_str())
            .bind(&office.name)
            .bind(office.time_zone.as_str())
            .bind(now),
        )
        .await?;
    Ok(created == 1)
}

/// All offices, by code.
pub async fn offices(db: &mut Conn) -> Result<Vec<Office>, StoreError> {
    let rows: Vec<(String, String, String)> = db
        .fetch_all(query(
            "SELECT code, name, time_zone FROM offices ORDER BY code",
        ))
        .await?;
    rows.into_iter()
        .map(|(code, name, zone)| {
            Ok(Office {
                code: OfficeCode::parse(&code).map_err(corrupt)?,
                name,
                time_zone: TimeZoneName::parse(&zone).map_err(corrupt)?,
            })
        })
        .collect()
}

/// The office with this code, if any.
pub async fn office(db: &mut Conn, code: &str) -> Result<Option<Office>, StoreError> {
    Ok(offices(db)
        .await?
        .into_iter()
        .find(|o| o.code.as_str() == code))
}

/// The household with this case number, if any.
pub async fn household_by_case_number(
    db: &mut Conn,
    case_number: &CaseNumber,
) -> Result<Option<Household>, StoreError> {
    let row: Option<(Uuid, String, String, DateTime<Utc>)> = db
        .fetch_optional(
            query("SELECT id, case_number, office_code, created_at FROM households WHERE case_number = $1")
                .bind(case_number.as_str()),
        )
        .await?;
    row.map(|(id, case, office, created_at)| {
        Ok(Household {
            id: HouseholdId(id),
            case_number: CaseNumber::parse(&case).map_err(corrupt)?,
            office_code: OfficeCode::parse(&office).map_err(corrupt)?,
            created_at,
        })
    })
    .transpose()
}

/// Creates a household.
pub async fn insert_household(
    tx: &mut Tx,
    id: HouseholdId,
    case_number: &CaseNumber,
    office: &OfficeCode,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO households (id, case_number, office_code, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id.0)
            .bind(case_number.as_str())
            .bind(office.as_str())
            .bind(now),
    )
    .await
    .map_err(unique_as("a household with this case number"))?;
    Ok(())
}

/// Whether the household already has a principal applicant.
pub async fn household_has_principal(db: &mut Conn, id: HouseholdId) -> Result<bool, StoreError> {
    let count: i64 = db
        .scalar(
            query("SELECT COUNT(*) FROM people WHERE household_id = $1 AND relationship = 'principal'")
                .bind(id.0),
        )
        .await?;
    Ok(count > 0)
}

/// Which of `numbers` are already registered.
pub async fn existing_registration_numbers(
    db: &mut Conn,
    numbers: &[RegistrationNumber],
) -> Result<Vec<RegistrationNumber>, StoreError> {
    let mut found = Vec::new();
    for chunk in numbers.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let mut statement = query(format!(
            "SELECT registration_number FROM people WHERE registration_number IN ({})",
            placeholders.join(", ")
        ));
        for number in chunk {
            statement = statement.bind(number.as_str());
        }
        for row in db.scalars::<String>(statement).await? {
            found.push(RegistrationNumber::parse(&row).map_err(corrupt)?);
        }
    }
    Ok(found)
}

/// The highest registration number starting with `prefix`, if any (new members are numbered
/// after it).
pub async fn last_registration_number(
    tx: &mut Tx,
    prefix: &str,
) -> Result<Option<String>, StoreError> {
    let escaped = prefix
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    tx.scalar_optional(
        query(
            "SELECT registration_number FROM people WHERE registration_number LIKE $1 ESCAPE '\\' \
             ORDER BY registration_number DESC LIMIT 1",
        )
        .bind(format!("{escaped}%")),
    )
    .await
}

/// Whether a file with this SHA-256 was imported before, and when.
pub async fn import_batch_by_hash(
    db: &mut Conn,
    sha256: &str,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    db.scalar_optional(
        query("SELECT imported_at FROM import_batches WHERE file_sha256 = $1").bind(sha256),
    )
    .await
}

/// Records an import batch.
pub async fn insert_import_batch(
    tx: &mut Tx,
    batch: &BatchWrite,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query("INSERT INTO import_batches (id, file_sha256, row_count, imported_at) VALUES ($1, $2, $3, $4)")
            .bind(batch.id)
            .bind(&batch.file_sha256)
            .bind(batch.row_count)
            .bind(now),
    )
    .await
    .map_err(unique_as("this import file"))?;
    Ok(())
}

/// The person with this registration number.
pub async fn by_registration_number(
    db: &mut Conn,
    number: &RegistrationNumber,
) -> Result<Option<Person>, StoreError> {
    let row: Option<PersonRow> = db
        .fetch_optional(
            query(format!("{SELECT_PEOPLE} WHERE registration_number = $1")).bind(number.as_str()),
        )
        .await?;
    row.map(Person::try_from).transpose()
}

/// The person with this id.
pub async fn by_id(db: &mut Conn, id: PersonId) -> Result<Option<Person>, StoreError> {
    let row: Option<PersonRow> = db
        .fetch_optional(query(format!("{SELECT_PEOPLE} WHERE id = $1")).bind(id.0))
        .await?;
    row.map(Person::try_from).transpose()
}

/// Members of a household, principal first, then by date of birth.
pub async fn household_members(db: &mut Conn, id: HouseholdId) -> Result<Vec<Person>, StoreError> {
    let rows: Vec<PersonRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_PEOPLE} WHERE household_id = $1 \
                 ORDER BY CASE WHEN relationship = 'principal' THEN 0 ELSE 1 END, date_of_birth, registration_number"
            ))
            .bind(id.0),
        )
        .await?;
    rows.into_iter().map(Person::try_from).collect()
}

/// What a people search asks for: the search text (read by [`search::Query`]) and the
/// filters beside it.
#[derive(Clone, Copy, Debug)]
pub struct SearchFilter<'a> {
    /// The text, read. May be empty when a date range is given.
    pub query: &'a search::Query,
    /// Only cases of this office.
    pub office: Option<&'a str>,
    /// Born on or after.
    pub born_from: Option<NaiveDate>,
    /// Born on or before.
    pub born_to: Option<NaiveDate>,
}

/// The arguments of a search's SQL, numbered from `$1` as they are added.
#[derive(Default)]
struct Args(Vec<Arg>);

impl Args {
    fn add(&mut self, arg: impl Into<Arg>) -> String {
        self.0.push(arg.into());
        format!("${}", self.0.len())
    }

    /// The people a term finds (each once): any of its keys, each an equality or a range on
    /// the key index, one SELECT each so that every database reads the index for each (a
    /// prefix `x` is `key >= x AND key < x || '~'`; keys searched by prefix are upper-case
    /// letters, digits and dashes, all below `~`).
    fn term(&mut self, term: &search::Term) -> String {
        let mut exact = Vec::new();
        let mut parts = Vec::new();
        for key in &term.any {
            match key {
                search::KeyMatch::Exact(k) => exact.push(self.add(k.as_str())),
                search::KeyMatch::Prefix(k) => {
                    let low = self.add(k.as_str());
                    let high = self.add(format!("{k}~"));
                    parts.push(format!(
                        "SELECT person_id FROM person_keys WHERE key >= {low} AND key < {high}"
                    ));
                }
            }
        }
        if !exact.is_empty() {
            parts.push(format!(
                "SELECT person_id FROM person_keys WHERE key IN ({})",
                exact.join(", ")
            ));
        }
        parts.join(" UNION ")
    }
}

/// People matching a search, a page at a time, with the total count: those whose keys match
/// every word of the text (or all of them written as one), within the office and the dates
/// of birth asked; names spelt exactly as typed first, then by family and given name.
///
/// The search starts from the key index (each word a set of person ids, intersected), so
/// its cost follows the number of matches, not the number of people; a search by dates of
/// birth alone reads the date index.
pub async fn search(
    db: &mut Conn,
    filter: &SearchFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PersonSummary>, i64), StoreError> {
    if filter.query.is_empty() && filter.born_from.is_none() && filter.born_to.is_none() {
        return Ok((Vec::new(), 0));
    }
    let mut args = Args::default();
    let mut with = Vec::new();
    let mut from = "people p".to_owned();
    if !filter.query.is_empty() {
        let mut sets = Vec::new();
        for (i, term) in filter.query.all.iter().enumerate() {
            with.push(format!("t{i} (person_id) AS ({})", args.term(term)));
            sets.push(format!("SELECT person_id FROM t{i}"));
        }
        // Every word's people in common, or (two or three names) those of all of them
        // written as one: INTERSECT binds first on both databases.
        let mut found = sets.join(" INTERSECT ");
        if sets.len() == 1 {
            found = "SELECT DISTINCT person_id FROM t0".to_owned();
        }
        if let Some(joined) = &filter.query.joined {
            with.push(format!("tj (person_id) AS ({})", args.term(joined)));
            found = format!("{found} UNION SELECT person_id FROM tj");
        }
        with.push(format!("found (person_id) AS ({found})"));
        from = "found f JOIN people p ON p.id = f.person_id".to_owned();
    }
    let mut conditions = Vec::new();
    if let Some(office) = filter.office {
        conditions.push(format!("h.office_code = {}", args.add(office)));
    }
    if let Some(born) = filter.born_from {
        conditions.push(format!("p.date_of_birth >= {}", args.add(born)));
    }
    if let Some(born) = filter.born_to {
        conditions.push(format!("p.date_of_birth <= {}", args.add(born)));
    }
    let with = if with.is_empty() {
        String::new()
    } else {
        format!("WITH {} ", with.join(", "))
    };
    let conditions = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let body = format!("{from} JOIN households h ON h.id = p.household_id {conditions}");
    let count_args = args.0.clone();
    // A name spelt exactly as typed ranks first: one probe of the key index per spelling
    // for each person found.
    let mut order = String::new();
    if !filter.query.spelt.is_empty() {
        let spelt: Vec<String> = filter
            .query
            .spelt
            .iter()
            .map(|k| args.add(k.as_str()))
            .collect();
        order = format!(
            "(SELECT COUNT(*) FROM person_keys s WHERE s.key IN ({}) AND s.person_id = p.id) DESC, ",
            spelt.join(", ")
        );
    }
    let limit_at = args.add(limit);
    let offset_at = args.add(offset);
    type Row = (
        Uuid,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        NaiveDate,
        String,
        i64,
    );
    let mut q = query(format!(
        "{with}SELECT p.id, p.registration_number, p.given_name, p.family_name, p.given_name_original, \
         p.family_name_original, h.office_code, p.date_of_birth, h.case_number, COUNT(*) OVER () \
         FROM {body} ORDER BY {order}p.family_name, p.given_name, p.registration_number \
         LIMIT {limit_at} OFFSET {offset_at}"
    ));
    for arg in args.0 {
        q = q.arg(arg);
    }
    let rows: Vec<Row> = db.fetch_all(q).await?;
    let total = match rows.first() {
        Some(row) => row.9,
        None if offset == 0 => 0,
        // Past the last page: the count alone.
        None => {
            let mut q = query(format!("{with}SELECT COUNT(*) FROM {body}"));
            for arg in count_args {
                q = q.arg(arg);
            }
            db.scalar(q).await?
        }
    };
    let people = rows
        .into_iter()
        .map(
            |(
                id,
                number,
                given,
                family,
                given_original,
                family_original,
                office,
                born,
                case,
                _,
            )| {
                PersonSummary {
                    id: PersonId(id),
                    registration_number: number,
                    name: format!("{given} {family}"),
                    original_name: match (given_original, family_original) {
                        (Some(g), Some(f)) => Some(format!("{g} {f}")),
                        (Some(n), None) | (None, Some(n)) => Some(n),
                        (None, None) => None,
                    },
                    office_code: office,
                    date_of_birth: born,
                    case_number: case,
                }
            },
        )
        .collect();
    Ok((people, total))
}

/// Recomputes the search keys of person `id` from the record as stored, in the transaction
/// that wrote it.
pub async fn refresh_keys(db: &mut Conn, id: PersonId) -> Result<(), StoreError> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        String,
    );
    let row: Option<Row> = db
        .fetch_optional(
            query(
                "SELECT p.given_name, p.family_name, p.given_name_original, p.family_name_original, \
                 p.registration_number, p.phone, h.case_number \
                 FROM people p JOIN households h ON h.id = p.household_id WHERE p.id = $1",
            )
            .bind(id.0),
        )
        .await?;
    let Some((given, family, given_original, family_original, number, phone, case)) = row else {
        return Err(StoreError::NotFound("person"));
    };
    let keys = search::keys(&search::Findable {
        given_name: &given,
        family_name: &family,
        given_name_original: given_original.as_deref(),
        family_name_original: family_original.as_deref(),
        registration_number: &number,
        phone: phone.as_deref(),
        case_number: &case,
    });
    db.execute(query("DELETE FROM person_keys WHERE person_id = $1").bind(id.0))
        .await?;
    for chunk in keys.into_iter().collect::<Vec<_>>().chunks(100) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, $1)", i + 2))
            .collect();
        let mut q = query(format!(
            "INSERT INTO person_keys (key, person_id) VALUES {}",
            values.join(", ")
        ))
        .bind(id.0);
        for key in chunk {
            q = q.bind(key.as_str());
        }
        db.execute(q).await?;
    }
    db.execute(
        query("UPDATE people SET keys_version = $1 WHERE id = $2")
            .bind(search::KEYS_VERSION)
            .bind(id.0),
    )
    .await?;
    Ok(())
}

/// Up to `limit` people whose search keys were made by an older version of the rules (or
/// never), to recompute.
pub async fn stale_keys(db: &mut Conn, limit: i64) -> Result<Vec<PersonId>, StoreError> {
    let ids: Vec<(Uuid,)> = db
        .fetch_all(
            query("SELECT id FROM people WHERE keys_version < $1 LIMIT $2")
                .bind(search::KEYS_VERSION)
                .bind(limit),
        )
        .await?;
    Ok(ids.into_iter().map(|(id,)| PersonId(id)).collect())
}

/// The case number of a household.
pub async fn case_number_of(db: &mut Conn, id: HouseholdId) -> Result<Option<String>, StoreError> {
    db.scalar_optional(query("SELECT case_number FROM households WHERE id = $1").bind(id.0))
        .await
}

/// The office holding a household's case.
pub async fn case_office(db: &mut Conn, id: HouseholdId) -> Result<Option<String>, StoreError> {
    db.scalar_optional(query("SELECT office_code FROM households WHERE id = $1").bind(id.0))
        .await
}

/// The office holding a person's case.
pub async fn office_of(db: &mut Conn, id: PersonId) -> Result<Option<String>, StoreError> {
    db.scalar_optional(
        query("SELECT h.office_code FROM people p JOIN households h ON h.id = p.household_id WHERE p.id = $1")
            .bind(id.0),
    )
    .await
}

/// The language the person chose for the portal, if they ever did. `NotFound` when the
/// person does not exist.
pub async fn portal_language(
    db: &mut Conn,
    person: PersonId,
) -> Result<Option<Locale>, StoreError> {
    let row: Option<Option<String>> = db
        .scalar_optional(query("SELECT portal_language FROM people WHERE id = $1").bind(person.0))
        .await?;
    let Some(stored) = row else {
        return Err(StoreError::NotFound("person"));
    };
    stored
        .map(|tag| {
            tag.parse::<Locale>()
                .map_err(|_| StoreError::Corrupt("portal_language".to_owned()))
        })
        .transpose()
}

/// Stores `locale` as the person's portal language: always, or with `only_if_unset` only when
/// none is stored yet. Returns whether anything changed (the language already stored changes
/// nothing). `NotFound` when the person does not exist.
///
/// A preference, not registration data: the record's version and `updated_at` stay as they
/// are, so pending requests about the record are not made stale by it.
pub async fn set_portal_language(
    tx: &mut Tx,
    person: PersonId,
    locale: Locale,
    only_if_unset: bool,
) -> Result<bool, StoreError> {
    let sql = if only_if_unset {
        "UPDATE people SET portal_language = $1 WHERE id = $2 AND portal_language IS NULL"
    } else {
        "UPDATE people SET portal_language = $1 WHERE id = $2 \
         AND (portal_language IS NULL OR portal_language <> $1)"
    };
    let changed = tx
        .execute(query(sql).bind(locale.tag()).bind(person.0))
        .await?
        == 1;
    if !changed {
        let found: i64 = tx
            .scalar(query("SELECT COUNT(*) FROM people WHERE id = $1").bind(person.0))
            .await?;
        if found == 0 {
            return Err(StoreError::NotFound("person"));
        }
    }
    Ok(changed)
}

/// Refreshes the planner's statistics after a bulk load (an import): without them the
/// database may not see that a search key or an office now selects few rows out of many.
pub async fn analyze(db: &mut Conn) -> Result<(), StoreError> {
    db.execute(query("ANALYZE")).await.map(|_| ())
}

/// Counts of households and people.
pub async fn registration_counts(db: &mut Conn) -> Result<(i64, i64), StoreError> {
    db.fetch_one(query(
        "SELECT (SELECT COUNT(*) FROM households), (SELECT COUNT(*) FROM people)",
    ))
    .await
}

/// A person's free-text fields as stored: registration number, then given name, family name,
/// the two names in their original script, and the address.
pub type PersonTexts = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The free-text fields of `limit` people from position `offset`, in registration number
/// order (for data-quality checks).
pub async fn texts(db: &mut Conn, offset: i64, limit: i64) -> Result<Vec<PersonTexts>, StoreError> {
    db.fetch_all(
        query(
            "SELECT registration_number, given_name, family_name, given_name_original, \
             family_name_original, address FROM people ORDER BY registration_number LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset),
    )
    .await
}

/// Every household's id and case number, of office `office` or of all (for an export).
pub async fn case_numbers(
    db: &mut Conn,
    office: Option<&str>,
) -> Result<Vec<(HouseholdId, String)>, StoreError> {
    let rows: Vec<(Uuid, String)> = match office {
        Some(code) => {
            db.fetch_all(
                query("SELECT id, case_number FROM households WHERE office_code = $1").bind(code),
            )
            .await?
        }
        None => {
            db.fetch_all(query("SELECT id, case_number FROM households"))
                .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(id, case)| (HouseholdId(id), case))
        .collect())
}

/// A page of people for an export: those registered after registration number `after` (all
/// when empty), in order, at most `limit`, of office `office` or of all. Pages follow the
/// unique registration number, so a page costs the same wherever it starts.
pub async fn export_page(
    db: &mut Conn,
    office: Option<&str>,
    after: &str,
    limit: i64,
) -> Result<Vec<Person>, StoreError> {
    let rows: Vec<PersonRow> = match office {
        Some(code) => {
            db.fetch_all(
                query(format!(
                    "{SELECT_PEOPLE} WHERE registration_number > $1 AND household_id IN \
                     (SELECT id FROM households WHERE office_code = $2) \
                     ORDER BY registration_number LIMIT $3"
                ))
                .bind(after)
                .bind(code)
                .bind(limit),
            )
            .await?
        }
        None => {
            db.fetch_all(
                query(format!(
                    "{SELECT_PEOPLE} WHERE registration_number > $1 \
                     ORDER BY registration_number LIMIT $2"
                ))
                .bind(after)
                .bind(limit),
            )
            .await?
        }
    };
    rows.into_iter().map(Person::try_from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_in_order() {
        let langs = vec![
            Language::parse("ara").unwrap(),
            Language::parse("eng").unwrap(),
        ];
        let Arg::Json(Some(raw)) = codes(&langs, |code| code.as_str()).unwrap() else {
            panic!("a JSON argument");
        };
        assert_eq!(raw.get(), r#"["ara","eng"]"#);
    }
}
