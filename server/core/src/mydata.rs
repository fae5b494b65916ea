//! "My data" (`/me/data`): everything the portal holds about a person, gathered in one place
//! they can read, keep or take elsewhere (a JSON document in a stable, documented shape, and
//! the readable page built from the same gathering). Every export is an audit row.
//!
//! Owns: what the export contains. Must never: contain what the person may not see elsewhere
//! in the portal (a specific need marked as not for them, staff names or ids, another
//! household's data), or be gathered without an audit row.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use portal_domain::audit::AuditAction;
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::{Person, PersonId};
use portal_storage::appointments::{self as appointment_store, Appointment, Location};
use portal_storage::credentials::StoredCredential;
use portal_storage::documents::DocumentStore;
use portal_storage::notifications::{self, Notification};
use portal_storage::requests::{self as request_store, DocumentMeta, RequestEvent, StoredRequest};
use portal_storage::{audit, Tx};
use serde_json::{json, Value};

use crate::context::Ctx;
use crate::error::CoreResult;
use crate::requests::AccessEntry;

/// The name and version of the export's shape (in the document, so a reader knows it).
pub const FORMAT: &str = "refugee-portal/my-data/1";
/// Most access-log lines and messages an export carries (the newest).
const MAX_LINES: i64 = 5_000;

/// A request with its history and documents.
#[derive(Clone, Debug)]
pub struct RequestRecord {
    /// The request.
    pub request: StoredRequest,
    /// Its steps, oldest first.
    pub history: Vec<RequestEvent>,
    /// The files sent with it.
    pub documents: Vec<DocumentMeta>,
}

/// Everything the portal holds about a person.
#[derive(Clone, Debug)]
pub struct MyData {
    /// When it was gathered.
    pub at: DateTime<Utc>,
    /// The person's record (specific needs not meant for them left out).
    pub person: Person,
    /// The household's case number.
    pub case_number: String,
    /// The household's other members, as "My record" shows them.
    pub household: Vec<Person>,
    /// Their requests.
    pub requests: Vec<RequestRecord>,
    /// Their appointments, upcoming first.
    pub appointments: Vec<Appointment>,
    /// The places of those appointments.
    pub locations: Vec<Location>,
    /// The credentials issued to them.
    pub credentials: Vec<StoredCredential>,
    /// Who on the staff read or changed their record.
    pub access_log: Vec<AccessEntry>,
    /// The messages left for them.
    pub messages: Vec<Notification>,
    /// The trusted helpers they let act for them, and the people they help.
    pub trusted: crate::trusted::Mine,
    /// Their photo, if one is kept: its type and bytes.
    pub photo: Option<(MediaType, Vec<u8>)>,
}

/// A delegation in the file: whom, what they may do, from and until when, and how it ended.
fn delegation_json(d: &portal_domain::delegation::Delegation, name: &str) -> serde_json::Value {
    json!({
        "name": name,
        "mayBook": d.limits.may_book,
        "mayRequest": d.limits.may_request,
        "granted": d.created_at,
        "accepted": d.accepted_at,
        "until": d.expires_at,
        "ended": d.ended_at,
        "endedBy": d.ended_by.map(|e| e.as_str()),
    })
}

/// Gathers everything about `person` (their photo read from `photos`) and records that they
/// exported it.
pub async fn gather(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    photos: &DocumentStore,
    person: PersonId,
) -> CoreResult<MyData> {
    let record = crate::people::my_record(tx, person).await?;
    let mut me = record.person;
    let photo = match me.photo_sha256.as_deref().and_then(ContentAddress::parse) {
        Some(address) => {
            let bytes = photos.get(&address)?;
            MediaType::sniff(&bytes).map(|media| (media, bytes))
        }
        None => None,
    };
    me.record.specific_needs.retain(|n| n.visible_to_person());
    let mut requests = Vec::with_capacity(record.requests.len());
    for request in record.requests {
        let history = request_store::events(tx, request.id).await?;
        let documents = request_store::documents(tx, request.id).await?;
        requests.push(RequestRecord {
            request,
            history,
            documents,
        });
    }
    let mine = crate::booking::mine(tx, ctx, person).await?;
    let appointments: Vec<Appointment> = mine.upcoming.into_iter().chain(mine.past).collect();
    let locations = appointment_store::locations(tx)
        .await?
        .into_iter()
        .filter(|l| appointments.iter().any(|a| a.slot.location_id == l.id))
        .collect();
    let data = MyData {
        at: ctx.now,
        household: record
            .household
            .into_iter()
            .filter(|p| p.id != person)
            .collect(),
        case_number: record.case_number,
        requests,
        appointments,
        locations,
        credentials: crate::credentials::history(tx, person).await?,
        access_log: crate::requests::access_log(tx, person, MAX_LINES).await?,
        messages: notifications::of(tx, person, MAX_LINES).await?,
        trusted: crate::trusted::mine(tx, person).await?,
        person: me,
        photo,
    };
    let event = ctx
        .person_event(person, AuditAction::DataExport)
        .with_details(json!({
            "requests": data.requests.len(),
            "appointments": data.appointments.len(),
            "credentials": data.credentials.len(),
        }));
    audit::append(tx, &event).await?;
    Ok(data)
}

impl MyData {
    /// The export as one JSON document (shape [`FORMAT`], documented in the README). Codes stay
    /// codes here, for programs; the readable page puts them into words.
    pub fn to_json(&self) -> Value {
        json!({
            "format": FORMAT,
            "exportedAt": self.at,
            "record": {
                "registrationNumber": self.person.record.registration_number,
                "caseNumber": self.case_number,
                "data": self.person.record,
                "registeredAt": self.person.created_at,
                "updatedAt": self.person.updated_at,
                "photo": self.photo.as_ref().map(|(media, bytes)| json!({
                    "mediaType": media.mime(),
                    "base64": base64::engine::general_purpose::STANDARD.encode(bytes),
                })),
            },
            "household": self.household.iter().map(|p| json!({
                "registrationNumber": p.record.registration_number,
                "givenName": p.record.given_name,
                "familyName": p.record.family_name,
                "relationship": p.record.relationship,
                "dateOfBirth": p.record.date_of_birth,
            })).collect::<Vec<_>>(),
            "requests": self.requests.iter().map(request_json).collect::<Vec<_>>(),
            "appointments": self.appointments.iter().map(|a| self.appointment_json(a)).collect::<Vec<_>>(),
            "credentials": self.credentials.iter().map(credential_json).collect::<Vec<_>>(),
            "accessLog": self.access_log.iter().map(|e| json!({
                "at": e.at,
                "action": e.action,
                "role": e.role,
                "office": e.office,
                "trustedHelper": e.helper,
            })).collect::<Vec<_>>(),
            "trustedHelpers": self.trusted.granted.iter().map(|d| delegation_json(d, &d.label)).collect::<Vec<_>>(),
            "peopleIHelp": self.trusted.helping.iter().map(|(d, name)| delegation_json(d, name)).collect::<Vec<_>>(),
            "messages": self.messages.iter().map(message_json).collect::<Vec<_>>(),
        })
    }

    fn appointment_json(&self, a: &Appointment) -> Value {
        let place = self.locations.iter().find(|l| l.id == a.slot.location_id);
        json!({
            "reference": a.id.reference(),
            "service": a.slot.service_code,
            "startsAt": a.slot.starts_at,
            "endsAt": a.slot.ends_at,
            "place": place.map(|l| json!({ "name": l.name, "address": l.address })),
            "status": a.status,
            "reason": a.reason,
            "bookedAt": a.created_at,
        })
    }
}

fn request_json(r: &RequestRecord) -> Value {
    let request = &r.request;
    json!({
        "reference": request.id.reference(),
        "kind": request.kind,
        "status": request.status,
        "sentAt": request.created_at,
        "decidedAt": request.decided_at,
        "reason": request.reason,
        "changes": request.changes,
        "question": request.question,
        "answer": request.answer,
        "decision": request.decision.as_ref().map(|d| json!({
            "approved": d.approve,
            "reason": d.reason,
            "note": d.note,
        })),
        // Who acted, by role: never a staff member's name or id.
        "history": r.history.iter().map(|e| json!({
            "at": e.occurred_at,
            "action": e.action,
            "by": e.actor_role.as_deref().unwrap_or(e.actor_kind.as_str()),
            "status": e.status,
            "note": e.note,
        })).collect::<Vec<_>>(),
        "documents": r.documents.iter().map(|d| json!({
            "sha256": d.address.as_str(),
            "mediaType": d.media_type.mime(),
            "bytes": d.size,
            "download": format!("/api/me/documents/{}", d.address.as_str()),
        })).collect::<Vec<_>>(),
    })
}

fn credential_json(c: &StoredCredential) -> Value {
    json!({
        "id": c.id,
        "kind": c.kind,
        "issuedAt": c.issued_at,
        "validUntil": c.valid_until,
        "status": c.status,
        "statusReason": c.status_reason.map(|r| r.for_verifier()),
        "statusChangedAt": c.status_changed_at,
        // The credential itself, as its QR code carries it.
        "credential": c.document_jcs.as_deref().and_then(|d| serde_json::from_str::<Value>(d).ok()),
    })
}

fn message_json(m: &Notification) -> Value {
    json!({
        "at": m.created_at,
        "kind": m.kind,
        "about": m.request_id.map(|r| r.reference())
            .or_else(|| m.appointment_id.map(|a| a.reference()))
            .or_else(|| m.credential_id.map(|c| c.to_string())),
        "status": m.status,
        "read": m.read,
    })
}
