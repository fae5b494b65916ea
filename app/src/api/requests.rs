//! Server functions of "My record", "My requests", "Who accessed my data" and the staff review
//! screens. Each one: who is asking (session), ask the workflow (which authorizes), shape the
//! answer into what the page shows. Codes travel as codes; the page translates them.
//!
//! Owns: the data shapes of these pages. Must never: return a field the page does not show, or
//! decide who may see what (the workflow and the policy do).

use leptos::prelude::*;
use portal_types::{
    Country, Language, Nationality, RegistrationStatus, RejectionReason, Relationship, RequestKind,
    RequestStatus, Sex, SpecificNeed, StaffRole,
};
use serde::{Deserialize, Serialize};

/// One fact on "My record".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    /// Given and family name.
    pub name: String,
    /// Name in the person's script.
    pub original_name: Option<String>,
    /// Registration number.
    pub registration_number: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Whether it is an estimate.
    pub date_estimated: bool,
    /// Sex.
    pub sex: Sex,
    /// Nationality.
    pub nationality: Nationality,
    /// Country of origin.
    pub country_of_origin: Country,
    /// Languages spoken.
    pub languages: Vec<Language>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Registration status.
    pub status: RegistrationStatus,
    /// Registered since, `YYYY-MM-DD`.
    pub registered_since: String,
    /// Specific needs the person may see.
    pub needs: Vec<SpecificNeed>,
    /// Case number of the household.
    pub case_number: String,
    /// Household members.
    pub household: Vec<MemberLine>,
    /// Open requests.
    pub open_requests: Vec<RequestLine>,
    /// Unread news.
    pub news: Vec<NewsLine>,
}

/// A household member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLine {
    /// Person id (for forms that name a member).
    pub id: String,
    /// Name.
    pub name: String,
    /// Relationship to the principal applicant.
    pub relationship: Relationship,
    /// Date of birth.
    pub date_of_birth: String,
    /// Registration status.
    pub status: RegistrationStatus,
    /// Whether this is the signed-in person.
    pub me: bool,
}

/// A request in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLine {
    /// Id.
    pub id: String,
    /// Reference.
    pub reference: String,
    /// Kind.
    pub kind: RequestKind,
    /// Status.
    pub status: RequestStatus,
    /// Sent on, `YYYY-MM-DD`.
    pub sent: String,
}

/// An unread notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsLine {
    /// Request id.
    pub request: String,
    /// Reference.
    pub reference: String,
    /// `request.decided` or `request.needs_info`.
    pub kind: String,
    /// Status at the time.
    pub status: Option<RequestStatus>,
}

/// One proposed change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    /// `set`, `add` or `end-death`/`end-departure`.
    pub change: String,
    /// Whose record (name).
    pub person: String,
    /// Field code, for `set`.
    pub field: Option<String>,
    /// Value when the request was made.
    pub from: Option<String>,
    /// Value on record now (staff view).
    pub now: Option<String>,
    /// Proposed value (or the new member's name, or the date).
    pub to: String,
    /// The new member's details, for `add`.
    pub added: Option<AddedMember>,
    /// Decided: approved or not.
    pub approved: Option<bool>,
}

/// A member a request adds to the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedMember {
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Sex.
    pub sex: Sex,
    /// Nationality.
    pub nationality: Nationality,
}

/// A step of the request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    /// `YYYY-MM-DD HH:MM` UTC.
    pub at: String,
    /// Action code.
    pub action: String,
    /// Staff role, or none for the person.
    pub role: Option<StaffRole>,
    /// Done by the person's trusted helper, for them.
    pub helper: bool,
    /// Status after.
    pub status: RequestStatus,
    /// Note (question, answer, decision note).
    pub note: Option<String>,
}

/// A document link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    /// Where to get it.
    pub href: String,
    /// Whether it is a photo (else a PDF).
    pub photo: bool,
}

/// One request, as the person sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    /// The line.
    pub line: RequestLine,
    /// About whom.
    pub about: String,
    /// The changes.
    pub changes: Vec<ChangeLine>,
    /// The person's reason.
    pub reason: Option<String>,
    /// Open question.
    pub question: Option<String>,
    /// Why changes were rejected.
    pub rejection: Option<RejectionReason>,
    /// Note from the office.
    pub note: Option<String>,
    /// History.
    pub events: Vec<EventLine>,
    /// Documents.
    pub documents: Vec<DocumentLine>,
    /// Cancel possible.
    pub may_cancel: bool,
    /// Answer expected.
    pub may_answer: bool,
}

/// What a request form needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormContext {
    /// Household members (current ones).
    pub household: Vec<MemberLine>,
    /// Largest document, e.g. "5 MB".
    pub max_size: String,
}

/// A line of "Who accessed my data".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLine {
    /// `YYYY-MM-DD HH:MM` UTC.
    pub at: String,
    /// Action code.
    pub action: String,
    /// The staff member's role (none for a trusted helper).
    pub role: Option<StaffRole>,
    /// Office code, none for staff of all offices.
    pub office: Option<String>,
    /// The trusted helper as the person named them, when a helper did it.
    pub helper: Option<String>,
    /// The person themselves did it (sent their data out: a share, a wallet app).
    #[serde(default)]
    pub own: bool,
}

/// The review queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// Lines, oldest first.
    pub lines: Vec<QueueLine>,
    /// Count per status.
    pub counts: Vec<(RequestStatus, i64)>,
    /// Offices the reviewer may filter by (empty when bound to one office).
    pub offices: Vec<String>,
}

/// A line of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    /// The request.
    pub line: RequestLine,
    /// Office.
    pub office: String,
    /// Days waiting.
    pub days: i64,
    /// Whom it is about.
    pub name: String,
    /// Their registration number.
    pub registration_number: String,
    /// The staff member who prepared it, `None` when the person sent it.
    pub prepared_by: Option<String>,
}

/// The review screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The request.
    pub detail: RequestDetail,
    /// Row version for the forms.
    pub row_version: i64,
    /// Whether a clerk made it.
    pub made_by_staff: bool,
    /// Reason code why this reviewer may not decide, if so.
    pub refused: Option<String>,
    /// Whether this reviewer may recommend.
    pub may_recommend: bool,
    /// Whether the request is still open.
    pub pending: bool,
    /// Names of people whose record changed since the request.
    pub conflicts: Vec<String>,
    /// A clerk's recommendation, per change.
    pub recommendation: Option<Vec<bool>>,
    /// The person's last answer.
    pub answer: Option<String>,
    /// The household now.
    pub household: Vec<MemberLine>,
    /// Earlier requests of the household.
    pub history: Vec<RequestLine>,
}

/// A version of a record in its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionLine {
    /// Version number.
    pub version: i64,
    /// When.
    pub at: String,
    /// Fields that differ from the version before.
    pub changed: Vec<String>,
    /// The request that made it.
    pub reference: Option<String>,
}

#[cfg(feature = "ssr")]
pub(crate) mod backend {
    use portal_domain::person::{Person, PersonId};
    use portal_domain::requests::{Change, RequestId};
    use portal_storage::requests::{DocumentMeta, RequestEvent, StoredRequest};

    use super::{AddedMember, ChangeLine, DocumentLine, EventLine, MemberLine, RequestLine};

    /// A request id from a server function's argument.
    pub fn request_id(raw: &str) -> Result<RequestId, leptos::prelude::ServerFnError> {
        crate::server::request::parse_id(raw).map(RequestId)
    }

    /// A person id from a server function's argument.
    pub fn person_id(raw: &str) -> Result<PersonId, leptos::prelude::ServerFnError> {
        crate::server::request::parse_id(raw).map(PersonId)
    }

    pub fn name(p: &Person) -> String {
        crate::api::people::name_of(p)
    }

    pub fn member(p: &Person, me: Option<PersonId>) -> MemberLine {
        MemberLine {
            id: p.id.0.to_string(),
            name: name(p),
            relationship: p.record.relationship,
            date_of_birth: p.record.date_of_birth.date.to_string(),
            status: p.record.registration_status,
            me: Some(p.id) == me,
        }
    }

    pub fn line(r: &StoredRequest) -> RequestLine {
        RequestLine {
            id: r.id.0.to_string(),
            reference: r.id.reference(),
            kind: r.kind,
            status: r.status,
            sent: r.created_at.date_naive().to_string(),
        }
    }

    pub fn events(events: &[RequestEvent], zone: chrono_tz::Tz) -> Vec<EventLine> {
        events
            .iter()
            .map(|e| EventLine {
                at: crate::server::request::local_time(e.occurred_at, zone),
                action: e.action.clone(),
                role: e
                    .actor_role
                    .as_deref()
                    .filter(|_| e.actor_kind == "staff")
                    .and_then(|r| portal_types::StaffRole::parse(r).ok()),
                helper: e.actor_kind == "person" && e.actor_role.as_deref() == Some("helper"),
                status: e.status,
                note: e.note.clone(),
            })
            .collect()
    }

    pub fn documents(metas: &[DocumentMeta], href: impl Fn(&str) -> String) -> Vec<DocumentLine> {
        metas
            .iter()
            .map(|d| DocumentLine {
                href: href(d.address.as_str()),
                photo: d.media_type.mime().starts_with("image/"),
            })
            .collect()
    }

    /// The changes of a request, named with the household as it is now.
    pub fn changes(r: &StoredRequest, household: &[Person], with_now: bool) -> Vec<ChangeLine> {
        let find = |id: &PersonId| household.iter().find(|p| &p.id == id);
        let who = |id: &PersonId| find(id).map(name).unwrap_or_default();
        let approved = |i: usize| r.decision.as_ref().and_then(|d| d.approve.get(i).copied());
        r.changes
            .iter()
            .enumerate()
            .map(|(i, change)| match change {
                Change::Set {
                    person,
                    field,
                    from,
                    to,
                } => ChangeLine {
                    change: "set".into(),
                    person: who(person),
                    field: Some(field.as_str().to_owned()),
                    from: from.clone(),
                    now: with_now
                        .then(|| find(person).and_then(|p| field.current(&p.record)))
                        .flatten(),
                    to: to.clone(),
                    added: None,
                    approved: approved(i),
                },
                Change::AddMember { member } => ChangeLine {
                    change: "add".into(),
                    person: format!("{} {}", member.given_name, member.family_name),
                    field: None,
                    from: None,
                    now: None,
                    to: member.date_of_birth.to_string(),
                    added: portal_types::Sex::parse(&member.sex)
                        .ok()
                        .zip(portal_types::Nationality::parse(&member.nationality).ok())
                        .map(|(sex, nationality)| AddedMember {
                            date_of_birth: member.date_of_birth.clone(),
                            sex,
                            nationality,
                        }),
                    approved: approved(i),
                },
                Change::EndMembership {
                    person,
                    cause,
                    date,
                } => ChangeLine {
                    change: format!("end-{}", cause.as_str()),
                    person: who(person),
                    field: None,
                    from: None,
                    now: None,
                    to: date.to_string(),
                    added: None,
                    approved: approved(i),
                },
            })
            .collect()
    }

    /// The original-script name, when recorded.
    pub fn original_name(p: &Person) -> Option<String> {
        match (
            &p.record.given_name_original,
            &p.record.family_name_original,
        ) {
            (Some(g), Some(f)) => Some(format!("{} {}", g.as_str(), f.as_str())),
            (Some(n), None) | (None, Some(n)) => Some(n.as_str().to_owned()),
            (None, None) => None,
        }
    }

    /// "5 MB" or "512 KB".
    pub fn size(kib: u32) -> String {
        if kib >= 1024 {
            format!("{} MB", kib / 1024)
        } else {
            format!("{kib} KB")
        }
    }
}

/// "My record": the person's data, household, open requests and news. Rendered on the server.
#[server(prefix = "/api", endpoint = "me/record")]
pub async fn my_record() -> Result<RecordView, ServerFnError> {
    use crate::server::request::{fail, me, read};

    let me = me()?;
    let mut db = read().await?;
    let mine = portal_core::people::my_record(&mut db, me)
        .await
        .map_err(fail)?;
    let news = mine
        .news
        .into_iter()
        .filter_map(|n| {
            n.request_id.map(|r| NewsLine {
                request: r.0.to_string(),
                reference: r.reference(),
                kind: n.kind,
                status: n
                    .status
                    .and_then(|s| portal_types::RequestStatus::parse(&s).ok()),
            })
        })
        .collect();
    let person = &mine.person;
    let record = &person.record;
    Ok(RecordView {
        name: backend::name(person),
        original_name: backend::original_name(person),
        registration_number: record.registration_number.as_str().to_owned(),
        date_of_birth: record.date_of_birth.date.to_string(),
        date_estimated: record.date_of_birth.estimated,
        sex: record.sex,
        nationality: record.nationality,
        country_of_origin: record.country_of_origin,
        languages: record.languages.clone(),
        phone: record.phone.as_ref().map(|v| v.as_str().to_owned()),
        email: record.email.as_ref().map(|v| v.as_str().to_owned()),
        address: record.address.as_ref().map(|v| v.as_str().to_owned()),
        status: record.registration_status,
        registered_since: person.created_at.date_naive().to_string(),
        needs: record
            .specific_needs
            .iter()
            .copied()
            .filter(|n| n.visible_to_person())
            .collect(),
        case_number: mine.case_number,
        household: mine
            .household
            .iter()
            .map(|p| backend::member(p, Some(me)))
            .collect(),
        open_requests: mine
            .requests
            .iter()
            .filter(|r| r.status.is_pending())
            .map(backend::line)
            .collect(),
        news,
    })
}

/// The person's requests, newest first.
#[server(prefix = "/api", endpoint = "me/requests/list")]
pub async fn my_requests() -> Result<Vec<RequestLine>, ServerFnError> {
    use crate::server::request::{fail, me, read};

    let me = me()?;
    let mut db = read().await?;
    let requests = portal_core::requests::of_person(&mut db, me)
        .await
        .map_err(fail)?;
    Ok(requests.iter().map(backend::line).collect())
}

/// One of the person's requests (reading it marks its news read).
#[server(prefix = "/api", endpoint = "me/requests/one")]
pub async fn my_request(id: String) -> Result<RequestDetail, ServerFnError> {
    use crate::server::request::{call, fail, me, read};

    let me = me()?;
    let id = backend::request_id(&id)?;
    let call = call()?;
    let mut db = read().await?;
    let view = portal_core::requests::for_person(&mut db, &call.ctx(), me, id)
        .await
        .map_err(fail)?;
    let zone = crate::server::request::zone_of(&mut db, view.request.person_id).await?;
    let request = &view.request;
    let about = view
        .household
        .iter()
        .find(|p| p.id == request.person_id)
        .map(backend::name)
        .unwrap_or_default();
    let decision = request.decision.clone();
    Ok(RequestDetail {
        line: backend::line(request),
        about,
        changes: backend::changes(request, &view.household, false),
        reason: request.reason.clone(),
        question: request.question.clone(),
        rejection: decision.as_ref().and_then(|d| d.reason),
        note: decision.and_then(|d| d.note),
        events: backend::events(&view.events, zone),
        documents: backend::documents(&view.documents, |sha| format!("/api/me/documents/{sha}")),
        may_cancel: view.may_cancel,
        may_answer: view.may_answer,
    })
}

/// What the request form needs: the current household and the document size limit.
#[server(prefix = "/api", endpoint = "me/requests/form")]
pub async fn request_form() -> Result<FormContext, ServerFnError> {
    use crate::server::request::{fail, me, read};

    let me = me()?;
    let max_kib = crate::server::request::state()?.config.document_max_kib;
    let mut db = read().await?;
    let household = portal_core::people::household(&mut db, me)
        .await
        .map_err(fail)?;
    Ok(form_context(&household, me, max_kib))
}

#[cfg(feature = "ssr")]
fn form_context(
    household: &[portal_domain::person::Person],
    me: portal_domain::person::PersonId,
    max_kib: u32,
) -> FormContext {
    use portal_domain::person::RegistrationStatus;
    FormContext {
        household: household
            .iter()
            .filter(|p| p.record.registration_status != RegistrationStatus::Closed)
            .map(|p| backend::member(p, Some(me)))
            .collect(),
        max_size: backend::size(max_kib),
    }
}

/// "Who accessed my data".
#[server(prefix = "/api", endpoint = "me/access-log")]
pub async fn my_access_log() -> Result<Vec<AccessLine>, ServerFnError> {
    use crate::server::request::{fail, me, read};

    let me = me()?;
    let mut db = read().await?;
    let entries = portal_core::requests::access_log(&mut db, me, 200)
        .await
        .map_err(fail)?;
    let zone = crate::server::request::zone_of(&mut db, me).await?;
    Ok(entries
        .into_iter()
        .map(|e| AccessLine {
            at: crate::server::request::local_time(e.at, zone),
            action: e.action,
            role: e.role,
            office: e.office,
            helper: e.helper,
            own: e.own,
        })
        .collect())
}

/// The review queue: `kind` and `status` codes (empty for any / the open ones), `age` in days,
/// `sort` `newest` for the newest first (else, or when left out, the oldest first).
#[server(prefix = "/api", endpoint = "staff/requests/queue")]
pub async fn review_queue(
    kind: String,
    status: String,
    age: u32,
    office: String,
    sort: Option<String>,
) -> Result<Queue, ServerFnError> {
    use crate::server::request::{desk, fail};
    use portal_domain::requests::{RequestKind, RequestStatus};
    use portal_storage::requests::QueueFilter;

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let now = call.now;
    let filter = QueueFilter {
        statuses: RequestStatus::parse(&status)
            .map(|s| vec![s])
            .unwrap_or_default(),
        kind: RequestKind::parse(&kind).ok(),
        office: Some(office.trim().to_ascii_uppercase()).filter(|o| !o.is_empty()),
        submitted_before: (age > 0).then(|| now - chrono::Duration::days(i64::from(age.min(3650)))),
        newest_first: sort.as_deref() == Some("newest"),
        limit: 100,
    };
    let mut db = desk.read().await?;
    let (lines, counts) = portal_core::requests::queue(&mut db, staff, filter)
        .await
        .map_err(fail)?;
    let offices = if staff.account.office_code.is_some() {
        Vec::new()
    } else {
        portal_core::people::offices(&mut db)
            .await
            .map_err(fail)?
            .into_iter()
            .map(|o| o.code.as_str().to_owned())
            .collect()
    };
    Ok(Queue {
        lines: lines
            .into_iter()
            .map(|l| QueueLine {
                line: RequestLine {
                    id: l.id.0.to_string(),
                    reference: l.id.reference(),
                    kind: l.kind,
                    status: l.status,
                    sent: l.created_at.date_naive().to_string(),
                },
                office: l.office_code,
                days: (now - l.created_at).num_days(),
                name: l.name,
                registration_number: l.registration_number,
                prepared_by: l.prepared_by,
            })
            .collect(),
        counts: counts.into_iter().collect(),
        offices,
    })
}

/// Opens a request for review (audited; a submitted request becomes "under review").
#[server(prefix = "/api", endpoint = "staff/requests/review")]
pub async fn review_request(id: String) -> Result<Review, ServerFnError> {
    use crate::server::request::{commit, desk, fail};
    use portal_domain::requests::{DecisionRefused, Maker};

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let id = backend::request_id(&id)?;
    let mut tx = desk.begin().await?;
    let view = portal_core::requests::open(&mut tx, &call.ctx(), staff, id)
        .await
        .map_err(fail)?;
    let zone = crate::server::request::zone_of(&mut tx, view.request.person_id).await?;
    commit(tx).await?;
    let request = &view.request;
    let about = view
        .household
        .iter()
        .find(|p| p.id == request.person_id)
        .map(backend::name)
        .unwrap_or_default();
    let decision = request.decision.clone();
    let refused = view.may_decide.err().map(|r| {
        match r {
            DecisionRefused::NotAReviewer => "not-reviewer",
            DecisionRefused::NeedsApprover => "needs-approver",
            DecisionRefused::OwnRequest => "own-request",
            DecisionRefused::OwnRecommendation => "own-recommendation",
            DecisionRefused::OwnRecord => "own-record",
        }
        .to_owned()
    });
    let request_ref = request.id.0;
    Ok(Review {
        detail: RequestDetail {
            line: backend::line(request),
            about,
            changes: backend::changes(request, &view.household, true),
            reason: request.reason.clone(),
            question: request.question.clone(),
            rejection: decision.as_ref().and_then(|d| d.reason),
            note: decision.and_then(|d| d.note),
            events: backend::events(&view.events, zone),
            documents: backend::documents(&view.documents, |sha| {
                format!("/api/staff/requests/{request_ref}/documents/{sha}")
            }),
            may_cancel: false,
            may_answer: false,
        },
        row_version: request.row_version,
        made_by_staff: matches!(request.maker, Maker::Staff(_)),
        refused,
        may_recommend: view.may_recommend,
        pending: request.status.is_pending(),
        conflicts: view
            .conflicts
            .iter()
            .filter_map(|id| view.household.iter().find(|p| &p.id == id))
            .map(backend::name)
            .collect(),
        recommendation: request.recommendation.as_ref().map(|r| r.approve.clone()),
        answer: request.answer.clone(),
        household: view
            .household
            .iter()
            .map(|p| backend::member(p, None))
            .collect(),
        history: view.history.iter().map(backend::line).collect(),
    })
}

/// A record's history of versions (audited), for the case view.
#[server(prefix = "/api", endpoint = "staff/people/history")]
pub async fn record_history(id: String) -> Result<Vec<VersionLine>, ServerFnError> {
    use crate::server::request::{commit, desk, fail};

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let id = backend::person_id(&id)?;
    let mut tx = desk.begin().await?;
    let versions = portal_core::requests::record_history(&mut tx, &call.ctx(), staff, id)
        .await
        .map_err(fail)?;
    let zone = crate::server::request::zone_of(&mut tx, id).await?;
    commit(tx).await?;
    Ok(versions
        .iter()
        .enumerate()
        .map(|(i, v)| VersionLine {
            version: v.version,
            at: crate::server::request::local_time(v.recorded_at, zone),
            changed: changed_fields(&v.record, versions.get(i + 1).map(|p| &p.record)),
            reference: v
                .request
                .map(|r| portal_domain::requests::RequestId(r).reference()),
        })
        .collect())
}

/// The fields of `now` that differ from `before` (none for the first version).
#[cfg(feature = "ssr")]
fn changed_fields(now: &serde_json::Value, before: Option<&serde_json::Value>) -> Vec<String> {
    match (now.as_object(), before.and_then(|b| b.as_object())) {
        (Some(now), Some(before)) => now
            .iter()
            .filter(|(k, value)| before.get(*k) != Some(value))
            .map(|(k, _)| k.clone())
            .collect(),
        _ => Vec::new(),
    }
}

/// The request form for a clerk preparing a request for a person of their office.
#[server(prefix = "/api", endpoint = "staff/people/form")]
pub async fn staff_request_form(id: String) -> Result<FormContext, ServerFnError> {
    use crate::server::request::{desk, fail};

    let desk = desk().await?;
    let staff = &desk.staff;
    let id = backend::person_id(&id)?;
    let max_kib = desk.state.config.document_max_kib;
    let mut db = desk.read().await?;
    let household = portal_core::people::household_for_clerk(&mut db, staff, id)
        .await
        .map_err(fail)?;
    Ok(form_context(&household, id, max_kib))
}
