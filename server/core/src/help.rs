//! Help for everyone (`/help`, no sign-in): where each office receives people, how to call it
//! and when it is open; and complaints and feedback, signed in or anonymous, that reach the
//! staff of the office they are about, each with a reference the sender keeps.
//!
//! Owns: what the help page lists and the rules of sending feedback. Must never: let anonymous
//! senders grow the table without bound, or show staff the feedback of another office (except
//! what names no office), or read it without an audit row.

use chrono::{Duration, NaiveTime, Weekday};
use portal_domain::audit::AuditAction;
use portal_domain::office::Office;
use portal_domain::person::PersonId;
use portal_domain::policy::{is_reviewer, reviewing_role};
use portal_domain::staff::Staff;
use portal_domain::{clean_text, Field, Problem, ValidationError};
use portal_storage::feedback::{self as store, Feedback};
use portal_storage::{appointments, audit, people, Conn, Tx};
use rand_core::{OsRng, RngCore};
use uuid::Uuid;

use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// Most characters of a message.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Most characters of a way to reach the sender.
pub const MAX_CONTACT_CHARS: usize = 200;
/// Most items everyone together may send in 24 hours: what anonymous senders can add to the
/// database is bounded (each client is also limited per minute at the door).
pub const DAILY_FEEDBACK: i64 = 2_000;
/// Newest items a staff member sees.
pub const STAFF_FEEDBACK_LIMIT: i64 = 200;

/// One place where an office receives people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The office.
    pub office_code: String,
    /// The location's name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Its public phone number, if it has one.
    pub phone: Option<String>,
    /// When it is open, by weekday (Monday first), local time.
    pub hours: Vec<DayHours>,
}

/// The hours of one weekday: from the first service opening to the last closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayHours {
    /// The day.
    pub weekday: Weekday,
    /// Opens.
    pub opens: NaiveTime,
    /// Closes.
    pub closes: NaiveTime,
}

/// What `/help` shows: the places and the offices to choose from in the form.
#[derive(Clone, Debug)]
pub struct HelpPage {
    /// Every place people can go, by office and name.
    pub places: Vec<Place>,
    /// The offices.
    pub offices: Vec<Office>,
}

/// What `/help` shows.
pub async fn page(db: &mut Conn) -> CoreResult<HelpPage> {
    Ok(HelpPage {
        places: places(db).await?,
        offices: people::offices(db).await?,
    })
}

/// Every place people can go, by office and name, with its weekly hours.
pub async fn places(db: &mut Conn) -> CoreResult<Vec<Place>> {
    let mut places = Vec::new();
    for location in appointments::locations(db).await? {
        let mut hours: Vec<DayHours> = Vec::new();
        for (_, weekly) in appointments::weekly_hours(db, location.id).await? {
            match hours.iter_mut().find(|h| h.weekday == weekly.weekday) {
                Some(day) => {
                    day.opens = day.opens.min(weekly.opens);
                    day.closes = day.closes.max(weekly.closes);
                }
                None => hours.push(DayHours {
                    weekday: weekly.weekday,
                    opens: weekly.opens,
                    closes: weekly.closes,
                }),
            }
        }
        hours.sort_by_key(|h| h.weekday.num_days_from_monday());
        places.push(Place {
            office_code: location.office_code,
            name: location.name,
            address: location.address,
            phone: Some(location.phone).filter(|p| !p.is_empty()),
            hours,
        });
    }
    Ok(places)
}

/// What a sender fills in on `/help`.
#[derive(Clone, Copy, Debug)]
pub struct FeedbackForm<'a> {
    /// `complaint` or `feedback`.
    pub kind: &'a str,
    /// The office it is about; empty for none in particular.
    pub office: &'a str,
    /// What they want to say.
    pub message: &'a str,
    /// How to reach them; empty to stay anonymous.
    pub contact: &'a str,
}

/// Keeps a complaint or feedback from `person` (none: anonymous) and returns its reference.
pub async fn send(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    form: FeedbackForm<'_>,
    person: Option<PersonId>,
) -> CoreResult<String> {
    let feedback = checked(tx, ctx, form, person).await?;
    if store::count_since(tx, ctx.now - Duration::hours(24)).await? >= DAILY_FEEDBACK {
        return Err(CoreError::Busy { retry_after: 3_600 });
    }
    store::insert(tx, &feedback).await?;
    Ok(feedback.reference)
}

/// The form as it will be kept, or every problem with it.
async fn checked(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    form: FeedbackForm<'_>,
    person: Option<PersonId>,
) -> CoreResult<Feedback> {
    let mut errors = Vec::new();
    let kind = match form.kind.trim() {
        kind @ ("complaint" | "feedback") => kind.to_owned(),
        _ => {
            errors.push(ValidationError::new(
                Field::Kind,
                Problem::NotOneOf("complaint, feedback"),
            ));
            String::new()
        }
    };
    let office = match form.office.trim().to_ascii_uppercase() {
        code if code.is_empty() => None,
        code => match people::office(db, &code).await? {
            Some(office) => Some(office.code.as_str().to_owned()),
            None => {
                errors.push(ValidationError::new(
                    Field::OfficeCode,
                    Problem::NotOneOf("an office of the list"),
                ));
                None
            }
        },
    };
    let message = clean_text(Field::Message, form.message, MAX_MESSAGE_CHARS, true)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let contact = match form.contact.trim() {
        "" => None,
        given => clean_text(Field::Contact, given, MAX_CONTACT_CHARS, false)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    Ok(Feedback {
        id: Uuid::new_v4(),
        reference: reference(),
        kind,
        office_code: office,
        body: message,
        contact,
        person_id: person,
        created_at: ctx.now,
    })
}

/// `FB-` and eight characters of Crockford's base 32 (40 random bits): short enough to read
/// out on the phone, without letters that look like digits.
fn reference() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 5];
    OsRng.fill_bytes(&mut bytes);
    let bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let code: String = (0..8)
        .rev()
        .map(|i| {
            let index = usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0);
            char::from(ALPHABET.get(index).copied().unwrap_or(b'0'))
        })
        .collect();
    format!("FB-{code}")
}

/// What a staff member reads: the items, and the clock of their office to show them on.
#[derive(Clone, Debug)]
pub struct StaffFeedback {
    /// Newest first.
    pub items: Vec<Feedback>,
    /// The staff member's office's time zone (UTC for agency-wide staff).
    pub zone: chrono_tz::Tz,
}

/// The newest complaints and feedback about the staff member's office and about no office in
/// particular (every office's for agency-wide staff); reviewers only, audited.
pub async fn for_staff(tx: &mut Tx, ctx: &Ctx<'_>, staff: &Staff) -> CoreResult<StaffFeedback> {
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    let office = staff.account.office_code.as_ref().map(|o| o.as_str());
    let items = store::recent(tx, office, STAFF_FEEDBACK_LIMIT).await?;
    let zone = match office {
        Some(code) => people::office(tx, code)
            .await?
            .map_or(chrono_tz::UTC, |o| o.zone()),
        None => chrono_tz::UTC,
    };
    let event = ctx
        .event(
            staff_actor(staff, reviewing_role(staff)),
            AuditAction::FeedbackRead,
        )
        .at_office(office)
        .with_details(serde_json::json!({ "items": items.len() }));
    audit::append(tx, &event).await?;
    Ok(StaffFeedback { items, zone })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_unambiguous_and_differ() {
        let a = reference();
        let b = reference();
        assert_ne!(a, b);
        for r in [a, b] {
            assert_eq!(r.len(), 11, "{r}");
            assert!(r.starts_with("FB-"));
            assert!(r[3..]
                .chars()
                .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))));
        }
    }
}
