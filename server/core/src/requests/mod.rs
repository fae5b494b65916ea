//! The update request workflow: every action on a request, who may take it, and what it writes
//! (the request's state, its history, the person's notification, the audit row) in the
//! caller's transaction. Deciding a request applies the approved changes ([`decide`]).
//!
//! A person sees the requests they made or that are about them; staff see the requests of
//! their office. Maker-checker: nobody decides what they made or recommended, or a change to
//! their own household (`portal_domain::requests::may_decide`).
//!
//! Owns: authorization of request actions, their audit events, what each screen may read.
//! Must never: answer "not found" and "not yours" differently, or return data the caller may
//! not see.

mod decide;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use portal_domain::audit::{AuditAction, AuditRecord, SubjectKind};
use portal_domain::document::{check, CheckedDocument, ContentAddress, MediaType};
use portal_domain::person::{Person, PersonId};
use portal_domain::policy::{is_reviewer, may_view_person, reviewing_role};
use portal_domain::requests::{
    limits, may_decide, may_recommend, parse_text, transition, Action, Change, Decidable,
    DecisionRefused, FormInput, Maker, Proposal, Recommendation, RequestId, RequestKind,
    RequestStatus,
};
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::documents::DocumentStore;
use portal_storage::notifications::{self, About};
use portal_storage::people::VersionEntry;
use portal_storage::requests::{
    self as store, DocumentMeta, NewRequest, QueueFilter, QueueLine, RequestEvent, StepActor,
    StepWrite, StoredRequest,
};
use portal_storage::{audit, people, staff as staff_store, Conn, Tx};

use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

pub use decide::{decide, Applied, DecisionForm};

/// Most requests of a household a person's list shows.
const PERSON_LIST_LIMIT: i64 = 200;
/// Most earlier requests of a household a reviewer sees beside the one they review.
const REVIEW_HISTORY_LIMIT: i64 = 50;
/// Largest page of the review queue.
const QUEUE_PAGE_MAX: i64 = 200;

/// An uploaded file, as received; its name and claimed type are ignored.
#[derive(Clone, Debug)]
pub struct Upload(pub Vec<u8>);

/// Where supporting documents go and how large one may be.
#[derive(Clone, Copy, Debug)]
pub struct Documents<'a> {
    /// The document store.
    pub store: &'a DocumentStore,
    /// Largest document accepted, in bytes.
    pub max_bytes: u64,
    /// Most documents one person may send in 24 hours.
    pub per_day: u32,
}

/// What a person sees of one of their requests.
#[derive(Clone, Debug)]
pub struct PersonView {
    /// The request.
    pub request: StoredRequest,
    /// The household as it is now (names the people the changes are about).
    pub household: Vec<Person>,
    /// Its history.
    pub events: Vec<RequestEvent>,
    /// Attached documents.
    pub documents: Vec<DocumentMeta>,
    /// Whether the person may cancel it now.
    pub may_cancel: bool,
    /// Whether the person is asked to answer.
    pub may_answer: bool,
}

/// What a reviewer sees.
#[derive(Clone, Debug)]
pub struct ReviewView {
    /// The request (after opening it).
    pub request: StoredRequest,
    /// Its history.
    pub events: Vec<RequestEvent>,
    /// Attached documents.
    pub documents: Vec<DocumentMeta>,
    /// The household as it is now.
    pub household: Vec<Person>,
    /// The household's other requests, newest first.
    pub history: Vec<StoredRequest>,
    /// Whether this reviewer may decide it, or why not.
    pub may_decide: Result<(), DecisionRefused>,
    /// Whether this reviewer may recommend a decision.
    pub may_recommend: bool,
    /// People whose record changed since the request was made (a decision would conflict).
    pub conflicts: Vec<PersonId>,
}

/// One line of "Who accessed my data".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessEntry {
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
    /// What (`person.view`, `person.update`, `request.view`, `request.decide`, …).
    pub action: String,
    /// Role of the staff member (none for a trusted helper).
    pub role: Option<StaffRole>,
    /// Their office, when they are bound to one.
    pub office: Option<String>,
    /// The trusted helper, as the person named them, when a helper did it.
    pub helper: Option<String>,
    /// The person themselves, sending their data out (a share, a wallet offer and issue).
    pub own: bool,
}

/// The person's own actions their history lists: each sends their data somewhere.
const OWN_ACTIONS_SHOWN: &[&str] = &[
    "credential.present",
    "credential.offer",
    "credential.wallet-issue",
];

/// A new request as its form sends it.
#[derive(Clone, Debug)]
pub struct RequestForm<'a> {
    /// Whom it is about (the person, or a member of their household named in the form).
    pub person: PersonId,
    /// Which kind of request.
    pub kind: RequestKind,
    /// The form's fields.
    pub input: &'a FormInput,
    /// The files attached.
    pub uploads: &'a [Upload],
}

/// Who submits a request.
#[derive(Clone, Copy, Debug)]
pub enum Submitter<'s> {
    /// The person, about their own household.
    Person(PersonId),
    /// A clerk, preparing it for a person of their office.
    Clerk(&'s Staff),
}

/// Whether a person may see a request: they made it, or it is about them.
pub fn visible_to_person(request: &StoredRequest, person: PersonId) -> bool {
    request.person_id == person || request.maker == Maker::Person(person)
}

fn decidable(request: &StoredRequest) -> Decidable {
    Decidable {
        kind: request.kind,
        maker: request.maker,
        recommended_by: request.recommendation.as_ref().map(|r| r.by),
        household: request.household_id,
    }
}

fn invalid(field: Field, problem: Problem) -> CoreError {
    CoreError::Invalid(vec![ValidationError::new(field, problem)])
}

/// Today at the office that holds the case.
pub(crate) async fn today_at(db: &mut Conn, ctx: &Ctx<'_>, office: &str) -> CoreResult<NaiveDate> {
    let zone = people::office(db, office)
        .await?
        .map_or(chrono_tz::UTC, |o| o.zone());
    Ok(ctx.now.with_timezone(&zone).date_naive())
}

/// The uploads checked, each content once, and the problems of those that failed.
fn checked(uploads: &[Upload], max_bytes: u64) -> (Vec<CheckedDocument>, Vec<ValidationError>) {
    let mut documents: Vec<CheckedDocument> = Vec::new();
    let mut errors = Vec::new();
    for upload in uploads {
        match check(&upload.0, max_bytes) {
            Ok(document) if !documents.iter().any(|d| d.address == document.address) => {
                documents.push(document)
            }
            Ok(_) => {}
            Err(error) if !errors.contains(&error) => errors.push(error),
            Err(_) => {}
        }
    }
    (documents, errors)
}

/// Refuses, before anything is written, documents that would take `person` past the number
/// one person may send in 24 hours (staff preparing a request are not counted: they are
/// accountable by their own audit trail).
async fn within_daily_quota(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    files: &Documents<'_>,
    person: Option<PersonId>,
    adding: usize,
) -> CoreResult<()> {
    let Some(person) = person.filter(|_| adding > 0) else {
        return Ok(());
    };
    let sent =
        store::documents_sent_since(db, person, ctx.now - chrono::Duration::hours(24)).await?;
    let after = usize::try_from(sent)
        .unwrap_or(usize::MAX)
        .saturating_add(adding);
    if after > usize::try_from(files.per_day).unwrap_or(usize::MAX) {
        return Err(invalid(
            Field::Documents,
            Problem::DailyLimit { max: files.per_day },
        ));
    }
    Ok(())
}

/// Writes the files of the checked documents (content-addressed: the same file twice is one).
fn store_files(
    files: &Documents<'_>,
    documents: &[CheckedDocument],
    uploads: &[Upload],
) -> CoreResult<()> {
    for document in documents {
        if let Some(upload) = uploads
            .iter()
            .find(|u| ContentAddress::of(&u.0) == document.address)
        {
            files.store.put(document, &upload.0)?;
        }
    }
    Ok(())
}

/// Leaves the person a notification about the request (and a mail when they have an address).
async fn notify(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    request: &StoredRequest,
    kind: &str,
    status: RequestStatus,
) -> CoreResult<()> {
    crate::news::leave(
        tx,
        ctx,
        request.person_id,
        About::Request(request.id),
        kind,
        Some(status.as_str()),
    )
    .await
}

/// A person asks for a change to their household's records, or a clerk prepares one for a
/// person of their office (someone else decides it).
pub async fn submit(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    files: &Documents<'_>,
    by: Submitter<'_>,
    form: RequestForm<'_>,
) -> CoreResult<RequestId> {
    let RequestForm {
        person,
        kind,
        input,
        uploads,
    } = form;
    let office = people::office_of(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    if let Submitter::Clerk(staff) = by {
        if !may_view_person(staff, &office) {
            return Err(CoreError::NotFound);
        }
        if !staff.account.roles.contains(&StaffRole::Clerk) {
            return Err(CoreError::NotAllowed);
        }
    }
    let reporter = people::by_id(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    let household = people::household_members(tx, reporter.household_id).await?;
    let today = today_at(tx, ctx, &office).await?;
    let (documents, mut errors) = checked(uploads, files.max_bytes);
    let proposal = match Proposal::parse(kind, input, &reporter, &household, documents.len(), today)
    {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => return Err(CoreError::Invalid(errors)),
        Err(more) => {
            errors.extend(more);
            return Err(CoreError::Invalid(errors));
        }
    };
    let person_sending = match by {
        Submitter::Person(p) => Some(p),
        Submitter::Clerk(_) => None,
    };
    within_daily_quota(tx, ctx, files, person_sending, documents.len()).await?;
    store_files(files, &documents, uploads)?;
    let id = RequestId::random();
    let (maker, step_actor) = match by {
        Submitter::Person(p) => (Maker::Person(p), ctx.step_actor(p)),
        Submitter::Clerk(staff) => (Maker::Staff(staff.id), StepActor::Staff("clerk")),
    };
    let event = submit_event(ctx, by, id, &proposal, documents.len());
    let request = NewRequest {
        id,
        household: reporter.household_id,
        office_code: office,
        proposal,
        maker,
    };
    store::insert(tx, &request, ctx.now).await?;
    store::attach_documents(tx, id, &documents, ctx.now).await?;
    let reason = request.proposal.reason.as_deref();
    store::insert_event(
        tx,
        id,
        step_actor,
        "submit",
        RequestStatus::Submitted,
        reason,
        ctx.now,
    )
    .await?;
    audit::append(tx, &event).await?;
    Ok(id)
}

fn submit_event(
    ctx: &Ctx<'_>,
    by: Submitter<'_>,
    id: RequestId,
    proposal: &Proposal,
    documents: usize,
) -> portal_domain::audit::AuditEvent {
    let fields: Vec<&str> = proposal
        .changes
        .iter()
        .map(|c| match c {
            Change::Set { field, .. } => field.as_str(),
            Change::AddMember { .. } => "member",
            Change::EndMembership { .. } => "registration_status",
        })
        .collect();
    let details = serde_json::json!({
        "request": id.0.to_string(),
        "kind": proposal.kind.as_str(),
        "fields": fields,
        "documents": documents,
    });
    match by {
        Submitter::Person(person) => ctx
            .event(ctx.person_actor(person), AuditAction::RequestSubmit)
            .about(SubjectKind::Person, proposal.subject.0.to_string())
            .with_details(details),
        Submitter::Clerk(staff) => ctx.staff_event(
            staff,
            StaffRole::Clerk,
            AuditAction::RequestSubmit,
            proposal.subject,
            details,
        ),
    }
}

async fn person_request(
    db: &mut Conn,
    person: PersonId,
    id: RequestId,
) -> CoreResult<StoredRequest> {
    store::by_id(db, id)
        .await?
        .filter(|r| visible_to_person(r, person))
        .ok_or(CoreError::NotFound)
}

/// The requests a person made or that are about them, newest first.
pub async fn of_person(db: &mut Conn, person: PersonId) -> CoreResult<Vec<StoredRequest>> {
    let me = people::by_id(db, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(store::of_household(db, me.household_id, PERSON_LIST_LIMIT)
        .await?
        .into_iter()
        .filter(|r| visible_to_person(r, person))
        .collect())
}

/// One of the person's requests, with its history and documents; marks its notifications
/// read.
pub async fn for_person(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    person: PersonId,
    id: RequestId,
) -> CoreResult<PersonView> {
    let request = person_request(db, person, id).await?;
    let events = store::events(db, id).await?;
    let documents = store::documents(db, id).await?;
    notifications::mark_read(db, person, id, ctx.now).await?;
    let household = people::household_members(db, request.household_id).await?;
    Ok(PersonView {
        household,
        may_cancel: transition(request.status, Action::Cancel).is_ok(),
        may_answer: request.status == RequestStatus::NeedsInfo,
        request,
        events,
        documents,
    })
}

/// The person withdraws a pending request.
pub async fn cancel(tx: &mut Tx, ctx: &Ctx<'_>, person: PersonId, id: RequestId) -> CoreResult<()> {
    let request = person_request(tx, person, id).await?;
    let to = transition(request.status, Action::Cancel)?;
    let step = StepWrite {
        id,
        expected_row_version: request.row_version,
        from: request.status,
        to,
        question: None,
        answer: None,
        recommendation: None,
        rebase: None,
        now: ctx.now,
    };
    store::step(tx, &step).await?;
    store::insert_event(tx, id, ctx.step_actor(person), "cancel", to, None, ctx.now).await?;
    let event = ctx
        .event(ctx.person_actor(person), AuditAction::RequestCancel)
        .about(SubjectKind::Person, request.person_id.0.to_string())
        .with_details(serde_json::json!({ "request": id.0.to_string() }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// The person answers a question, optionally with more documents. The request goes back to
/// the queue, confirmed against the records as they are now.
pub async fn answer(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    files: &Documents<'_>,
    person: PersonId,
    id: RequestId,
    text: Option<&str>,
    uploads: &[Upload],
) -> CoreResult<()> {
    let request = person_request(tx, person, id).await?;
    let to = transition(request.status, Action::Answer)?;
    let (documents, mut errors) = checked(uploads, files.max_bytes);
    let answer = match parse_text(Field::Answer, text) {
        Ok(Some(answer)) => Some(answer),
        Ok(None) => {
            errors.push(ValidationError::new(Field::Answer, Problem::Required));
            None
        }
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if documents.len() > limits::DOCUMENTS {
        errors.push(ValidationError::new(
            Field::Documents,
            Problem::TooMany {
                max: limits::DOCUMENTS,
            },
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    within_daily_quota(tx, ctx, files, Some(person), documents.len()).await?;
    store_files(files, &documents, uploads)?;
    let mut rebase = BTreeMap::new();
    for id in request.base_versions.keys() {
        if let Some(p) = people::by_id(tx, *id).await? {
            rebase.insert(*id, p.record_version);
        }
    }
    let step = StepWrite {
        id,
        expected_row_version: request.row_version,
        from: request.status,
        to,
        question: None,
        answer: answer.as_deref(),
        recommendation: None,
        rebase: Some(&rebase),
        now: ctx.now,
    };
    store::step(tx, &step).await?;
    store::attach_documents(tx, id, &documents, ctx.now).await?;
    store::insert_event(
        tx,
        id,
        ctx.step_actor(person),
        "answer",
        to,
        answer.as_deref(),
        ctx.now,
    )
    .await?;
    let event = ctx
        .event(ctx.person_actor(person), AuditAction::RequestAnswer)
        .about(SubjectKind::Person, request.person_id.0.to_string())
        .with_details(
            serde_json::json!({ "request": id.0.to_string(), "documents": documents.len() }),
        );
    audit::append(tx, &event).await?;
    Ok(())
}

/// A document of one of the person's requests.
pub async fn document_for_person(
    db: &mut Conn,
    files: &Documents<'_>,
    person: PersonId,
    address: &ContentAddress,
) -> CoreResult<(MediaType, Vec<u8>)> {
    for request in of_person(db, person).await? {
        let documents = store::documents(db, request.id).await?;
        if let Some(meta) = documents.iter().find(|d| &d.address == address) {
            return Ok((meta.media_type, files.store.get(address)?));
        }
    }
    Err(CoreError::NotFound)
}

/// A request of the staff member's office(s).
async fn staff_request(db: &mut Conn, staff: &Staff, id: RequestId) -> CoreResult<StoredRequest> {
    store::by_id(db, id)
        .await?
        .filter(|r| may_view_person(staff, &r.office_code))
        .ok_or(CoreError::NotFound)
}

/// The review queue of the staff member's office(s).
pub async fn queue(
    db: &mut Conn,
    staff: &Staff,
    mut filter: QueueFilter,
) -> CoreResult<(Vec<QueueLine>, BTreeMap<RequestStatus, i64>)> {
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    if let Some(office) = &staff.account.office_code {
        filter.office = Some(office.as_str().to_owned());
    }
    filter.limit = filter.limit.clamp(1, QUEUE_PAGE_MAX);
    Ok(store::review_queue(db, &filter).await?)
}

/// Opens a request for review: audited, and a submitted request becomes "under review".
pub async fn open(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: RequestId,
) -> CoreResult<ReviewView> {
    let mut request = staff_request(tx, staff, id).await?;
    let role = reviewing_role(staff);
    let role_name = role.as_str();
    if let Ok(to) = transition(request.status, Action::Open) {
        if to != request.status {
            let step = StepWrite {
                id,
                expected_row_version: request.row_version,
                from: request.status,
                to,
                question: None,
                answer: None,
                recommendation: None,
                rebase: None,
                now: ctx.now,
            };
            // Two reviewers opening a new request at once: one moves it, both read it.
            match store::step(tx, &step).await {
                Ok(()) => {
                    store::insert_event(
                        tx,
                        id,
                        StepActor::Staff(role_name),
                        "open",
                        to,
                        None,
                        ctx.now,
                    )
                    .await?
                }
                Err(portal_storage::StoreError::Stale(_)) => {}
                Err(other) => return Err(other.into()),
            }
            request = store::by_id(tx, id).await?.ok_or(CoreError::NotFound)?;
        }
    }
    let details = serde_json::json!({ "request": id.0.to_string() });
    let event = ctx.staff_event(
        staff,
        role,
        AuditAction::RequestView,
        request.person_id,
        details,
    );
    audit::append(tx, &event).await?;
    review_view(tx, staff, request).await
}

async fn review_view(
    db: &mut Conn,
    staff: &Staff,
    request: StoredRequest,
) -> CoreResult<ReviewView> {
    let household = people::household_members(db, request.household_id).await?;
    let history = store::of_household(db, request.household_id, REVIEW_HISTORY_LIMIT)
        .await?
        .into_iter()
        .filter(|r| r.id != request.id)
        .collect();
    let own_household = staff_store::household_of(db, staff.id).await?;
    // Only a pending request can conflict (a decided one changed the record itself), and only
    // where a field it sets moved since.
    let conflicts = if request.status.is_pending() {
        request
            .base_versions
            .iter()
            .filter(|(person, version)| {
                household
                    .iter()
                    .find(|p| p.id == **person)
                    .is_some_and(|p| {
                        request
                            .changes
                            .iter()
                            .any(|c| c.person() == Some(**person) && c.conflicts_with(p, **version))
                    })
            })
            .map(|(person, _)| *person)
            .collect()
    } else {
        Vec::new()
    };
    let target = decidable(&request);
    let decide = may_decide(staff, own_household, &target);
    Ok(ReviewView {
        events: store::events(db, request.id).await?,
        documents: store::documents(db, request.id).await?,
        // Someone who may decide does not need to recommend to themselves.
        may_recommend: request.kind.is_sensitive()
            && decide.is_err()
            && may_recommend(staff, own_household, &target).is_ok(),
        may_decide: decide,
        household,
        history,
        conflicts,
        request,
    })
}

/// A record's full history (audited as a view of the record).
pub async fn record_history(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    person: PersonId,
) -> CoreResult<Vec<VersionEntry>> {
    let office = people::office_of(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    if !may_view_person(staff, &office) {
        return Err(CoreError::NotFound);
    }
    let event = ctx.staff_event(
        staff,
        reviewing_role(staff),
        AuditAction::PersonHistory,
        person,
        serde_json::json!({}),
    );
    audit::append(tx, &event).await?;
    Ok(people::versions(tx, person).await?)
}

/// A document of a request, for a reviewer (audited).
pub async fn document_for_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    files: &Documents<'_>,
    staff: &Staff,
    id: RequestId,
    address: &ContentAddress,
) -> CoreResult<(MediaType, Vec<u8>)> {
    let request = staff_request(tx, staff, id).await?;
    let documents = store::documents(tx, id).await?;
    let meta = documents
        .iter()
        .find(|d| &d.address == address)
        .ok_or(CoreError::NotFound)?;
    let details = serde_json::json!({ "request": id.0.to_string(), "document": address.as_str() });
    let event = ctx.staff_event(
        staff,
        reviewing_role(staff),
        AuditAction::DocumentView,
        request.person_id,
        details,
    );
    audit::append(tx, &event).await?;
    Ok((meta.media_type, files.store.get(address)?))
}

/// Staff ask the person for more information; the person is told in the portal and by mail.
pub async fn ask(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: RequestId,
    expected_row_version: i64,
    question: Option<&str>,
) -> CoreResult<()> {
    let request = staff_request(tx, staff, id).await?;
    if !is_reviewer(staff) {
        return Err(CoreError::NotAllowed);
    }
    if request.maker == Maker::Staff(staff.id) {
        return Err(DecisionRefused::OwnRequest.into());
    }
    let question = parse_text(Field::Question, question)?
        .ok_or_else(|| invalid(Field::Question, Problem::Required))?;
    let to = transition(request.status, Action::AskInfo)?;
    let role = reviewing_role(staff);
    let step = StepWrite {
        id,
        expected_row_version,
        from: request.status,
        to,
        question: Some(&question),
        answer: None,
        recommendation: None,
        rebase: None,
        now: ctx.now,
    };
    store::step(tx, &step).await?;
    store::insert_event(
        tx,
        id,
        StepActor::Staff(role.as_str()),
        "ask_info",
        to,
        Some(&question),
        ctx.now,
    )
    .await?;
    notify(tx, ctx, &request, "request.needs_info", to).await?;
    let details = serde_json::json!({ "request": id.0.to_string() });
    let event = ctx.staff_event(
        staff,
        role,
        AuditAction::RequestAskInfo,
        request.person_id,
        details,
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// A clerk recommends a decision on a sensitive request; an approver then decides.
pub async fn recommend(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: RequestId,
    expected_row_version: i64,
    approve: Vec<bool>,
    note: Option<&str>,
) -> CoreResult<()> {
    let request = staff_request(tx, staff, id).await?;
    let own = staff_store::household_of(tx, staff.id).await?;
    may_recommend(staff, own, &decidable(&request))?;
    if !request.kind.is_sensitive() {
        return Err(CoreError::NotAllowed);
    }
    if approve.len() != request.changes.len() {
        return Err(invalid(
            Field::Decision,
            Problem::Format("one answer per change"),
        ));
    }
    let note = parse_text(Field::Note, note)?;
    let to = transition(request.status, Action::Recommend)?;
    let recommendation = Recommendation {
        by: staff.id,
        approve,
        note: note.clone(),
    };
    let step = StepWrite {
        id,
        expected_row_version,
        from: request.status,
        to,
        question: None,
        answer: None,
        recommendation: Some(&recommendation),
        rebase: None,
        now: ctx.now,
    };
    store::step(tx, &step).await?;
    store::insert_event(
        tx,
        id,
        StepActor::Staff("clerk"),
        "recommend",
        to,
        note.as_deref(),
        ctx.now,
    )
    .await?;
    let details =
        serde_json::json!({ "request": id.0.to_string(), "approve": recommendation.approve });
    let event = ctx.staff_event(
        staff,
        StaffRole::Clerk,
        AuditAction::RequestRecommend,
        request.person_id,
        details,
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// "Who accessed my data": staff reads and changes of the person's record, and what trusted
/// helpers did with it, newest first.
pub async fn access_log(
    db: &mut Conn,
    person: PersonId,
    limit: i64,
) -> CoreResult<Vec<AccessEntry>> {
    use portal_domain::audit::Actor;
    use portal_domain::delegation::DelegationId;

    let records: Vec<AuditRecord> =
        audit::for_subject(db, SubjectKind::Person, &person.0.to_string(), limit).await?;
    let me = person.0.to_string();
    let mut labels: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut entries = Vec::new();
    for r in records {
        let entry = match &r.event.actor {
            Actor::Staff { role, .. } => StaffRole::parse(role).ok().map(|role| AccessEntry {
                at: r.event.occurred_at,
                action: r.event.action.clone(),
                role: Some(role),
                // Rows written before the office had a column of its own kept it in details.
                office: r
                    .event
                    .office
                    .clone()
                    .or_else(|| r.event.details["office"].as_str().map(str::to_owned)),
                helper: None,
                own: false,
            }),
            // A helper acting for the person, or accepting, starting or ending a delegation of
            // theirs: named as the person named them.
            Actor::Helper { .. } | Actor::Person { .. } => {
                let is_me = matches!(&r.event.actor, Actor::Person { id } if *id == me);
                let delegation = r.event.details["delegation"].as_str().map(str::to_owned);
                match (is_me, delegation) {
                    (true, _) if OWN_ACTIONS_SHOWN.contains(&r.event.action.as_str()) => {
                        Some(AccessEntry {
                            at: r.event.occurred_at,
                            action: r.event.action.clone(),
                            role: None,
                            office: None,
                            helper: None,
                            own: true,
                        })
                    }
                    (false, Some(id)) => {
                        if !labels.contains_key(&id) {
                            let label = match uuid::Uuid::parse_str(&id) {
                                Ok(uuid) => {
                                    portal_storage::delegations::by_id(db, DelegationId(uuid))
                                        .await?
                                        .map(|d| d.label)
                                }
                                Err(_) => None,
                            };
                            labels.insert(id.clone(), label.unwrap_or_default());
                        }
                        Some(AccessEntry {
                            at: r.event.occurred_at,
                            action: r.event.action.clone(),
                            role: None,
                            office: None,
                            helper: labels.get(&id).cloned(),
                            own: false,
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        entries.extend(entry);
    }
    Ok(entries)
}
