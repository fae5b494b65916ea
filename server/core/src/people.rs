//! People's records as the people themselves, and staff, read them: "My record", the people
//! search, the case view (every opening audited), and a person's own settings (the portal
//! language, kept in their profile so it follows them to a new phone).
//!
//! Owns: who may read which record, and the audit rows of reading. Must never: show staff a
//! record of another office, or show a person a specific need marked as not for them.

use chrono::NaiveDate;
use portal_domain::audit::{AuditAction, SubjectKind};
use portal_domain::office::Office;
use portal_domain::person::{Person, PersonId, RegistrationNumber};
use portal_domain::policy::{desk_role, is_reviewer, may_invite};
use portal_domain::search;
use portal_domain::staff::Staff;
use portal_i18n::Locale;
use portal_storage::notifications::{self, Notification};
use portal_storage::people::{self as store, PersonSummary};
use portal_storage::requests::StoredRequest;
use portal_storage::{audit, Conn, Tx};

pub use crate::access::viewable;
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// Most characters of a search text.
const MAX_SEARCH_CHARS: usize = 100;
/// Search results per page.
pub const SEARCH_PAGE_SIZE: i64 = 20;
/// The last page a search goes to.
const MAX_SEARCH_PAGE: u32 = 10_000;
/// Most recent notifications "My record" looks at for unread news.
const NEWS_LIMIT: i64 = 10;

/// What "My record" shows.
#[derive(Clone, Debug)]
pub struct MyRecord {
    /// The person.
    pub person: Person,
    /// Their household, principal first.
    pub household: Vec<Person>,
    /// The household's case number.
    pub case_number: String,
    /// The requests they made or that are about them, newest first.
    pub requests: Vec<StoredRequest>,
    /// Unread news about their requests.
    pub news: Vec<Notification>,
}

/// A page of search results.
#[derive(Clone, Debug, Default)]
pub struct SearchPage {
    /// The people on this page.
    pub people: Vec<PersonSummary>,
    /// How many match in all.
    pub total: i64,
}

/// The time zone of the office holding a person's case: the clock every time about them is
/// shown in (history, access log, messages). UTC when the office names none that is known.
pub async fn zone_of(db: &mut Conn, person: PersonId) -> CoreResult<chrono_tz::Tz> {
    let Some(code) = store::office_of(db, person).await? else {
        return Ok(chrono_tz::UTC);
    };
    Ok(store::office(db, &code)
        .await?
        .map_or(chrono_tz::UTC, |o| o.zone()))
}

/// "My record": the person, their household, their requests and unread news.
pub async fn my_record(db: &mut Conn, person: PersonId) -> CoreResult<MyRecord> {
    let me = store::by_id(db, person).await?.ok_or(CoreError::NotFound)?;
    let household = store::household_members(db, me.household_id).await?;
    let case_number = store::case_number_of(db, me.household_id)
        .await?
        .unwrap_or_default();
    let requests = crate::requests::of_person(db, person).await?;
    let news = notifications::of(db, person, NEWS_LIMIT)
        .await?
        .into_iter()
        .filter(|n| !n.read && n.request_id.is_some())
        .collect();
    Ok(MyRecord {
        person: me,
        household,
        case_number,
        requests,
        news,
    })
}

/// The person's household (for the forms that name a member).
pub async fn household(db: &mut Conn, person: PersonId) -> CoreResult<Vec<Person>> {
    let me = store::by_id(db, person).await?.ok_or(CoreError::NotFound)?;
    Ok(store::household_members(db, me.household_id).await?)
}

/// The household of a person a clerk prepares a request for (clerks of the person's office).
pub async fn household_for_clerk(
    db: &mut Conn,
    staff: &Staff,
    id: PersonId,
) -> CoreResult<Vec<Person>> {
    let (person, office) = viewable(db, staff, id).await?;
    if !may_invite(staff, &office) {
        return Err(CoreError::NotFound);
    }
    Ok(store::household_members(db, person.household_id).await?)
}

/// A people search as staff ask it: words (names in any script and spelling, registration
/// or case numbers from their start or end, a phone from its last digits) and a range of
/// dates of birth, either of which may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchAsk {
    /// The words.
    pub text: String,
    /// Born on or after.
    pub born_from: Option<NaiveDate>,
    /// Born on or before.
    pub born_to: Option<NaiveDate>,
}

/// People the staff member may see (their office's, or every office's for staff of none)
/// matching a search, a page at a time. Nothing usable asked finds nobody; a date range
/// given backwards is read forwards.
pub async fn search(
    db: &mut Conn,
    staff: &Staff,
    ask: &SearchAsk,
    page: u32,
) -> CoreResult<SearchPage> {
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    let text: String = ask.text.trim().chars().take(MAX_SEARCH_CHARS).collect();
    let query = search::Query::parse(&text);
    let (born_from, born_to) = match (ask.born_from, ask.born_to) {
        (Some(from), Some(to)) if from > to => (Some(to), Some(from)),
        range => range,
    };
    if query.is_empty() && born_from.is_none() && born_to.is_none() {
        return Ok(SearchPage::default());
    }
    let filter = store::SearchFilter {
        query: &query,
        office: staff.account.office_code.as_ref().map(|o| o.as_str()),
        born_from,
        born_to,
    };
    let offset = i64::from(page.min(MAX_SEARCH_PAGE)) * SEARCH_PAGE_SIZE;
    let (people, total) = store::search(db, &filter, SEARCH_PAGE_SIZE, offset).await?;
    Ok(SearchPage { people, total })
}

/// Opens a case: the person and their household. Every opening is written to the audit trail
/// (with the office it was done from) before anything is returned.
pub async fn open_case(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: PersonId,
) -> CoreResult<(Person, Vec<Person>)> {
    let (person, _) = viewable(tx, staff, id).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::PersonView,
        person.id,
        serde_json::json!({}),
    );
    audit::append(tx, &event).await?;
    let household = store::household_members(tx, person.household_id).await?;
    Ok((person, household))
}

/// Who did something to a record, as the case view names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// A staff member: their name, the role the action needed and their office.
    Staff {
        /// Display name.
        name: String,
        /// Role.
        role: String,
        /// Office, when bound to one.
        office: Option<String>,
    },
    /// The person themself.
    ThePerson,
    /// Someone of their household, or a trusted helper acting for them.
    Relative,
    /// A partner system, through its API token.
    Partner,
    /// The portal itself (an import, a scheduled job).
    System,
}

/// One line of a case's audit history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseEvent {
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
    /// What (`person.view`, `person.update`, …).
    pub action: String,
    /// Who.
    pub who: Who,
}

/// Most lines of a case's audit history the case view shows (the newest).
pub const CASE_HISTORY_LINES: i64 = 50;

/// The audit history of a person's record (who read or changed it, when), newest first, for
/// staff who may view the case. Reading it is part of opening the case (audited there).
pub async fn case_history(
    db: &mut Conn,
    staff: &Staff,
    id: PersonId,
) -> CoreResult<Vec<CaseEvent>> {
    use portal_domain::audit::Actor;
    use portal_domain::staff::StaffId;

    viewable(db, staff, id).await?;
    let records = audit::for_subject(
        db,
        SubjectKind::Person,
        &id.0.to_string(),
        CASE_HISTORY_LINES,
    )
    .await?;
    let mut names: std::collections::HashMap<String, Option<(String, Option<String>)>> =
        std::collections::HashMap::new();
    let me = id.0.to_string();
    let mut events = Vec::with_capacity(records.len());
    for r in records {
        let who = match &r.event.actor {
            Actor::Staff { id: staff_id, role } => {
                if !names.contains_key(staff_id) {
                    let found = match uuid::Uuid::parse_str(staff_id) {
                        Ok(uuid) => {
                            portal_storage::staff::by_id(db, StaffId(uuid))
                                .await?
                                .map(|s| {
                                    (
                                        s.account.display_name,
                                        s.account.office_code.map(|o| o.as_str().to_owned()),
                                    )
                                })
                        }
                        Err(_) => None,
                    };
                    names.insert(staff_id.clone(), found);
                }
                match names.get(staff_id).cloned().flatten() {
                    Some((name, office)) => Who::Staff {
                        name,
                        role: role.clone(),
                        office: r.event.office.clone().or(office),
                    },
                    None => Who::System,
                }
            }
            Actor::Person { id } if *id == me => Who::ThePerson,
            Actor::Person { .. } | Actor::Helper { .. } => Who::Relative,
            Actor::ApiClient { .. } => Who::Partner,
            Actor::System => Who::System,
        };
        events.push(CaseEvent {
            at: r.event.occurred_at,
            action: r.event.action.clone(),
            who,
        });
    }
    Ok(events)
}

/// Most requests of a household the case view lists (the newest).
pub const CASE_REQUESTS: i64 = 50;

/// The requests about a person's household, newest first, for staff who may view the case.
pub async fn case_requests(
    db: &mut Conn,
    staff: &Staff,
    id: PersonId,
) -> CoreResult<Vec<StoredRequest>> {
    let (person, _) = viewable(db, staff, id).await?;
    Ok(portal_storage::requests::of_household(db, person.household_id, CASE_REQUESTS).await?)
}

/// How to reach a person, as on their record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// Phone.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Postal or camp address.
    pub address: Option<String>,
}

/// A person's phone, email and address, for staff who may open their record. The case view
/// leaves them out until asked: each reading is its own audit row (`person.contact-view`),
/// written before anything is returned.
pub async fn contact(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: PersonId,
) -> CoreResult<Contact> {
    let (person, _) = viewable(tx, staff, id).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::PersonContactView,
        person.id,
        serde_json::json!({}),
    );
    audit::append(tx, &event).await?;
    let record = person.record;
    Ok(Contact {
        phone: record.phone.map(|p| p.as_str().to_owned()),
        email: record.email.map(|e| e.as_str().to_owned()),
        address: record.address.map(|a| a.as_str().to_owned()),
    })
}

/// The person with this registration number (for operators at the command line).
pub async fn by_registration_number(
    db: &mut Conn,
    number: &RegistrationNumber,
) -> CoreResult<Option<Person>> {
    Ok(store::by_registration_number(db, number).await?)
}

/// All offices, by code.
pub async fn offices(db: &mut Conn) -> CoreResult<Vec<Office>> {
    Ok(store::offices(db).await?)
}

/// The audit row of a person choosing a language: which field and how (`switch` or
/// `signin`), never the language itself.
fn language_event(ctx: &Ctx<'_>, person: PersonId, via: &str) -> portal_domain::audit::AuditEvent {
    ctx.person_event(person, AuditAction::PersonPortalLanguage)
        .with_details(serde_json::json!({ "fields": ["portal_language"], "via": via }))
}

/// Keeps the language a signed-in person chose with the language switch in their profile,
/// audited when it changes; returns whether it changed. A preference, not registration data:
/// no review, no record version.
pub async fn remember_language(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    locale: Locale,
) -> CoreResult<bool> {
    let changed = store::set_portal_language(tx, person, locale, false).await?;
    if changed {
        audit::append(tx, &language_event(ctx, person, "switch")).await?;
    }
    Ok(changed)
}

/// The language a person gets at sign-in: the one in their profile; without one, the one
/// they picked before signing in (`picked`) is kept in the profile and stays.
pub async fn language_at_sign_in(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    picked: Option<Locale>,
) -> CoreResult<Option<Locale>> {
    if let Some(chosen) = store::portal_language(tx, person).await? {
        return Ok(Some(chosen));
    }
    if let Some(picked) = picked {
        if store::set_portal_language(tx, person, picked, true).await? {
            audit::append(tx, &language_event(ctx, person, "signin")).await?;
        }
    }
    Ok(None)
}
