//! Offices, households and people in the database, and import batches.
//!
//! Owns: the `offices`, `households`, `people` and `import_batches` tables.
//! Must never: write a person without the audit row that says who wrote it (same transaction).

use chrono::{DateTime, NaiveDate, Utc};
use portal_i18n::Locale;
use sqlx::types::Json;
use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, unique_as, BeginWrite, Store, StoreError};
use portal_domain::audit::AuditEvent;
use portal_domain::country::{CountryCode, Nationality};
use portal_domain::household::{CaseNumber, Household, HouseholdId};
use portal_domain::office::{Office, OfficeCode, TimeZoneName};
use portal_domain::person::{
    Address, DateOfBirth, Email, LanguageCode, LatinName, NewPerson, OriginalName, Person,
    PersonId, Phone, RegistrationNumber, RegistrationStatus, Relationship, Sex, SpecificNeed,
};
use portal_domain::{Field, ValidationError};

/// A household to write: a new one with its members, or members joining an existing one.
#[derive(Clone, Debug)]
pub struct HouseholdWrite {
    /// The household's id (existing or fresh).
    pub id: HouseholdId,
    /// Its case number.
    pub case_number: CaseNumber,
    /// Its office.
    pub office_code: OfficeCode,
    /// Whether the household row exists already.
    pub exists: bool,
    /// People to add, with fresh ids.
    pub members: Vec<(PersonId, NewPerson)>,
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
            country_of_origin: CountryCode::parse(&row.country_of_origin).map_err(corrupt)?,
            nationality: Nationality::parse(&row.nationality).map_err(corrupt)?,
            languages: row
                .languages
                .0
                .iter()
                .map(|l| LanguageCode::parse(l))
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

pub(crate) fn codes<T>(items: &[T], code: impl Fn(&T) -> &str) -> Json<Vec<String>> {
    Json(items.iter().map(|i| code(i).to_owned()).collect())
}

/// Inserts `$person` (a `&NewPerson`) as `$id` into household `$household` at version 1,
/// inside the open transaction `$tx`; evaluates to the statement's `Result`.
macro_rules! insert_person {
    ($tx:expr, $id:expr, $household:expr, $person:expr, $now:expr) => {{
        let person: &portal_domain::person::NewPerson = $person;
        sqlx::query(
            "INSERT INTO people (id, registration_number, household_id, relationship, given_name, family_name, \
             given_name_original, family_name_original, sex, date_of_birth, date_of_birth_estimated, \
             country_of_origin, nationality, languages, phone, email, address, registration_status, \
             specific_needs, record_version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $20)",
        )
        .bind($id.0)
        .bind(person.registration_number.as_str())
        .bind($household.0)
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
        .bind(codes(&person.languages, LanguageCode::as_str))
        .bind(person.phone.as_ref().map(Phone::as_str))
        .bind(person.email.as_ref().map(Email::as_str))
        .bind(person.address.as_ref().map(Address::as_str))
        .bind(person.registration_status.as_str())
        .bind(codes(&person.specific_needs, |n| n.as_str()))
        .bind($now)
        .execute(&mut *$tx)
        .await
    }};
}
pub(crate) use insert_person;

/// Writes every editable column of `$person` (a `&NewPerson`) over person `$id`, bumping the
/// version, only if it is still at `$base`; evaluates to the number of rows changed (0 or 1).
macro_rules! update_person {
    ($tx:expr, $id:expr, $base:expr, $person:expr, $now:expr) => {{
        let person: &portal_domain::person::NewPerson = $person;
        sqlx::query(
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
        .bind(codes(&person.languages, LanguageCode::as_str))
        .bind(person.phone.as_ref().map(Phone::as_str))
        .bind(person.email.as_ref().map(Email::as_str))
        .bind(person.address.as_ref().map(Address::as_str))
        .bind(person.registration_status.as_str())
        .bind($now)
        .bind($id.0)
        .bind($base)
        .execute(&mut *$tx)
        .await?
        .rows_affected()
    }};
}
pub(crate) use update_person;

impl Store {
    /// Creates an office unless one with the same code exists; returns whether it was created.
    pub async fn ensure_office(
        &self,
        office: &Office,
        now: DateTime<Utc>,
        event: &AuditEvent,
    ) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let created = sqlx::query(
                "INSERT INTO offices (code, name, time_zone, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING",
            )
            .bind(office.code.as_str())
            .bind(&office.name)
            .bind(office.time_zone.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected() == 1;
            if created {
                append_audit!(tx, event);
            }
            tx.commit().await?;
            Ok(created)
        })
    }

    /// All offices, by code.
    pub async fn offices(&self) -> Result<Vec<Office>, StoreError> {
        let rows: Vec<(String, String, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT code, name, time_zone FROM offices ORDER BY code").fetch_all(pool).await?
        });
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

    /// The household with this case number, if any.
    pub async fn household_by_case_number(
        &self,
        case_number: &CaseNumber,
    ) -> Result<Option<Household>, StoreError> {
        let row: Option<(Uuid, String, String, DateTime<Utc>)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, case_number, office_code, created_at FROM households WHERE case_number = $1")
                .bind(case_number.as_str())
                .fetch_optional(pool)
                .await?
        });
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

    /// Whether the household already has a principal applicant.
    pub async fn household_has_principal(&self, id: HouseholdId) -> Result<bool, StoreError> {
        let count: i64 = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE household_id = $1 AND relationship = 'principal'")
                .bind(id.0)
                .fetch_one(pool)
                .await?
        });
        Ok(count > 0)
    }

    /// Which of `numbers` are already registered.
    pub async fn existing_registration_numbers(
        &self,
        numbers: &[RegistrationNumber],
    ) -> Result<Vec<RegistrationNumber>, StoreError> {
        let mut found = Vec::new();
        for chunk in numbers.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT registration_number FROM people WHERE registration_number IN ({})",
                placeholders.join(", ")
            );
            let rows: Vec<String> = dispatch!(self, pool => {
                let mut query = sqlx::query_scalar(&sql);
                for number in chunk {
                    query = query.bind(number.as_str());
                }
                query.fetch_all(pool).await?
            });
            for row in rows {
                found.push(RegistrationNumber::parse(&row).map_err(corrupt)?);
            }
        }
        Ok(found)
    }

    /// Whether a file with this SHA-256 was imported before, and when.
    pub async fn import_batch_by_hash(
        &self,
        sha256: &str,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT imported_at FROM import_batches WHERE file_sha256 = $1")
                .bind(sha256)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Writes households and people, the batch record (if any) and the audit events, all in one
    /// transaction: everything is written or nothing is.
    pub async fn write_registrations(
        &self,
        batch: Option<&BatchWrite>,
        households: &[HouseholdWrite],
        now: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if let Some(batch) = batch {
                sqlx::query("INSERT INTO import_batches (id, file_sha256, row_count, imported_at) VALUES ($1, $2, $3, $4)")
                    .bind(batch.id)
                    .bind(&batch.file_sha256)
                    .bind(batch.row_count)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(unique_as("this import file"))?;
            }
            for household in households {
                if !household.exists {
                    sqlx::query("INSERT INTO households (id, case_number, office_code, created_at) VALUES ($1, $2, $3, $4)")
                        .bind(household.id.0)
                        .bind(household.case_number.as_str())
                        .bind(household.office_code.as_str())
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(unique_as("a household with this case number"))?;
                }
                for (id, person) in &household.members {
                    insert_person!(tx, *id, household.id, person, now)
                    .map_err(|e| match e.as_database_error() {
                        Some(db) if db.is_unique_violation() && db.message().contains("registration_number") => {
                            StoreError::Duplicate("a person with this registration number")
                        }
                        Some(db) if db.is_unique_violation() => StoreError::Duplicate("a principal applicant for this household"),
                        _ => StoreError::Database(e),
                    })?;
                }
            }
            for event in events {
                append_audit!(tx, event);
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The person with this registration number.
    pub async fn person_by_registration_number(
        &self,
        number: &RegistrationNumber,
    ) -> Result<Option<Person>, StoreError> {
        let sql = format!("{SELECT_PEOPLE} WHERE registration_number = $1");
        let row: Option<PersonRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(number.as_str()).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    /// The person with this id.
    pub async fn person_by_id(&self, id: PersonId) -> Result<Option<Person>, StoreError> {
        let sql = format!("{SELECT_PEOPLE} WHERE id = $1");
        let row: Option<PersonRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await?
        });
        row.map(Person::try_from).transpose()
    }

    /// Members of a household, principal first, then by date of birth.
    pub async fn household_members(&self, id: HouseholdId) -> Result<Vec<Person>, StoreError> {
        let sql = format!(
            "{SELECT_PEOPLE} WHERE household_id = $1 \
             ORDER BY CASE WHEN relationship = 'principal' THEN 0 ELSE 1 END, date_of_birth, registration_number"
        );
        let rows: Vec<PersonRow> = dispatch!(self, pool => {
            sqlx::query_as(&sql).bind(id.0).fetch_all(pool).await?
        });
        rows.into_iter().map(Person::try_from).collect()
    }

    /// People matching `query` (registration number prefix, or part of a name in Latin or
    /// original script), optionally only of one office, a page at a time, with the total count.
    pub async fn search_people(
        &self,
        query: &str,
        office: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PersonSummary>, i64), StoreError> {
        let escaped = query
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let number = format!("{}%", escaped.to_uppercase());
        let name = format!("%{}%", escaped.to_lowercase());
        let original = format!("%{escaped}%");
        const FILTER: &str = "FROM people p JOIN households h ON h.id = p.household_id \
             WHERE ($1 IS NULL OR h.office_code = $1) AND (p.registration_number LIKE $2 ESCAPE '\\' \
             OR lower(p.given_name || ' ' || p.family_name) LIKE $3 ESCAPE '\\' \
             OR (COALESCE(p.given_name_original, '') || ' ' || COALESCE(p.family_name_original, '')) LIKE $4 ESCAPE '\\')";
        let list = format!(
            "SELECT p.id, p.registration_number, p.given_name, p.family_name, p.given_name_original, \
             p.family_name_original, h.office_code {FILTER} ORDER BY p.family_name, p.given_name, p.registration_number \
             LIMIT $5 OFFSET $6"
        );
        let count = format!("SELECT COUNT(*) {FILTER}");
        type Row = (
            Uuid,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
        );
        let (rows, total): (Vec<Row>, i64) = dispatch!(self, pool => {
            let rows = sqlx::query_as(&list)
                .bind(office)
                .bind(&number)
                .bind(&name)
                .bind(&original)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            let total = sqlx::query_scalar(&count)
                .bind(office)
                .bind(&number)
                .bind(&name)
                .bind(&original)
                .fetch_one(pool)
                .await?;
            (rows, total)
        });
        let people = rows
            .into_iter()
            .map(
                |(id, number, given, family, given_original, family_original, office)| {
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
                    }
                },
            )
            .collect();
        Ok((people, total))
    }

    /// The case number of a household.
    pub async fn case_number_of(&self, id: HouseholdId) -> Result<Option<String>, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT case_number FROM households WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The office holding a person's case.
    pub async fn office_of_person(&self, id: PersonId) -> Result<Option<String>, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_scalar("SELECT h.office_code FROM people p JOIN households h ON h.id = p.household_id WHERE p.id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The language the person chose for the portal, if they ever did. `NotFound` when the
    /// person does not exist.
    pub async fn portal_language(&self, person: PersonId) -> Result<Option<Locale>, StoreError> {
        let row: Option<Option<String>> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT portal_language FROM people WHERE id = $1")
                .bind(person.0)
                .fetch_optional(pool)
                .await?
        });
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

    /// Makes `locale` the person's portal language, with `event` in the same transaction.
    /// Returns whether anything changed: choosing the language already stored writes nothing,
    /// not even the audit row. `NotFound` when the person does not exist.
    ///
    /// A preference, not registration data: the record's version and `updated_at` stay as they
    /// are, so pending requests about the record are not made stale by it.
    pub async fn set_portal_language(
        &self,
        person: PersonId,
        locale: Locale,
        event: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.write_portal_language(person, locale, false, event)
            .await
    }

    /// Stores `locale` as the person's portal language only when none is stored yet (the
    /// language picked before the first sign-in), with `event` in the same transaction.
    /// Returns whether it was stored. `NotFound` when the person does not exist.
    pub async fn set_portal_language_if_unset(
        &self,
        person: PersonId,
        locale: Locale,
        event: &AuditEvent,
    ) -> Result<bool, StoreError> {
        self.write_portal_language(person, locale, true, event)
            .await
    }

    async fn write_portal_language(
        &self,
        person: PersonId,
        locale: Locale,
        only_if_unset: bool,
        event: &AuditEvent,
    ) -> Result<bool, StoreError> {
        let sql = if only_if_unset {
            "UPDATE people SET portal_language = $1 WHERE id = $2 AND portal_language IS NULL"
        } else {
            "UPDATE people SET portal_language = $1 WHERE id = $2 \
             AND (portal_language IS NULL OR portal_language <> $1)"
        };
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query(sql)
                .bind(locale.tag())
                .bind(person.0)
                .execute(&mut *tx)
                .await?
                .rows_affected() == 1;
            if changed {
                append_audit!(tx, event);
            } else {
                let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE id = $1")
                    .bind(person.0)
                    .fetch_one(&mut *tx)
                    .await?;
                if found == 0 {
                    return Err(StoreError::NotFound("person"));
                }
            }
            tx.commit().await?;
            Ok(changed)
        })
    }

    /// Counts of households and people.
    pub async fn registration_counts(&self) -> Result<(i64, i64), StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query_as("SELECT (SELECT COUNT(*) FROM households), (SELECT COUNT(*) FROM people)")
                .fetch_one(pool)
                .await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_in_order() {
        let langs = vec![
            LanguageCode::parse("ara").unwrap(),
            LanguageCode::parse("eng").unwrap(),
        ];
        assert_eq!(codes(&langs, LanguageCode::as_str).0, ["ara", "eng"]);
    }
}
