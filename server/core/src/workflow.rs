//! The update request workflow: the one place that puts together who is asking, what the
//! policy allows, what the domain rules say and what storage does, for every action on a
//! request. HTTP handlers and Leptos server functions only parse input and call this.
//!
//! Owns: authorization of request actions (per person and per staff member), audit events of
//! request actions, and reading the data each screen needs. Must never: answer "not found" and
//! "not yours" differently (no enumeration), or return data the caller may not see.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use portal_domain::audit::{with_office, Actor, AuditEvent, AuditRecord, SubjectKind};
use portal_domain::document::{check, CheckedDocument, ContentAddress, MediaType};
use portal_domain::person::{Person, PersonId};
use portal_domain::policy::may_view_person;
use portal_domain::requests::{
    may_decide, may_recommend, parse_text, transition, Action, Decidable, Decision,
    DecisionRefused, FormInput, Maker, Proposal, Recommendation, RequestId, RequestKind,
    RequestStatus, TransitionError,
};
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::documents::{DocumentError, DocumentStore};
use portal_storage::requests::{
    Applied, DecisionWrite, DocumentMeta, NewNotification, NewRequest, QueueFilter, QueueLine,
    RequestEvent, Step, StepActor, StoredRequest, VersionEntry,
};
use portal_storage::{Store, StoreError};

/// Everything a request action can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// The input is not valid; every problem is listed.
    #[error("invalid input")]
    Invalid(Vec<ValidationError>),
    /// No such request or person, or not one the caller may see.
    #[error("not found")]
    NotFound,
    /// The caller may see it but not do this.
    #[error("{0}")]
    Refused(DecisionRefused),
    /// The caller's role does not allow this action at all.
    #[error("not allowed")]
    NotAllowed,
    /// Not possible in the request's current state.
    #[error("{0}")]
    NotNow(TransitionError),
    /// Someone else acted first, or the record changed since the request was made.
    #[error("{0} changed meanwhile")]
    Stale(&'static str),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
    /// The document store failed.
    #[error(transparent)]
    Documents(#[from] DocumentError),
}

impl From<StoreError> for WorkflowError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Stale(what) => WorkflowError::Stale(what),
            other => WorkflowError::Store(other),
        }
    }
}

/// An uploaded file, as received; its name and claimed type are ignored.
#[derive(Clone, Debug)]
pub struct Upload(pub Vec<u8>);

/// The workflow, bound to the stores, the instant of the action and the HTTP request id.
#[derive(Clone, Copy)]
pub struct Workflow<'a> {
    /// The database.
    pub store: &'a Store,
    /// Document files.
    pub documents: &'a DocumentStore,
    /// Now.
    pub now: DateTime<Utc>,
    /// Largest document accepted.
    pub max_document_bytes: u64,
    /// The HTTP request id, for the audit trail.
    pub request_id: Option<&'a str>,
}

/// What a person sees of one of their requests.
#[derive(Clone, Debug)]
pub struct PersonView {
    /// The request.
    pub request: StoredRequest,
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
    pub at: DateTime<Utc>,
    /// What (`person.view`, `person.update`, `request.view`, `request.decide`, …).
    pub action: String,
    /// Role of the staff member.
    pub role: String,
    /// Their office, when they are bound to one.
    pub office: Option<String>,
}

/// Who submits a request, as the request and the audit trail record it.
struct Submitter<'s> {
    maker: Maker,
    actor: Actor,
    staff: Option<&'s Staff>,
}

fn invalid(field: Field, problem: Problem) -> WorkflowError {
    WorkflowError::Invalid(vec![ValidationError::new(field, problem)])
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

/// The role a staff member reviews in: approver when they hold it.
fn reviewing_role(staff: &Staff) -> &'static str {
    if staff.account.roles.contains(&StaffRole::Approver) {
        "approver"
    } else {
        "clerk"
    }
}

impl<'a> Workflow<'a> {
    fn event(&self, actor: Actor, action: &str, person: PersonId) -> AuditEvent {
        let event = AuditEvent::new(self.now, actor, action)
            .about(SubjectKind::Person, person.0.to_string());
        match self.request_id {
            Some(id) => event.in_request(id),
            None => event,
        }
    }

    fn staff_actor(staff: &Staff, role: &str) -> Actor {
        Actor::Staff {
            id: staff.id.0.to_string(),
            role: role.to_owned(),
        }
    }

    /// Today at the office that holds the case.
    async fn today_at(&self, office: &str) -> Result<NaiveDate, WorkflowError> {
        let zone = self
            .store
            .offices()
            .await?
            .into_iter()
            .find(|o| o.code.as_str() == office)
            .and_then(|o| o.time_zone.as_str().parse::<chrono_tz::Tz>().ok());
        Ok(match zone {
            Some(zone) => self.now.with_timezone(&zone).date_naive(),
            None => self.now.date_naive(),
        })
    }

    fn checked(&self, uploads: &[Upload]) -> (Vec<CheckedDocument>, Vec<ValidationError>) {
        let mut documents = Vec::new();
        let mut errors = Vec::new();
        for upload in uploads {
            match check(&upload.0, self.max_document_bytes) {
                Ok(document) => {
                    if !documents
                        .iter()
                        .any(|d: &CheckedDocument| d.address == document.address)
                    {
                        documents.push(document);
                    }
                }
                Err(error) => {
                    if !errors.contains(&error) {
                        errors.push(error);
                    }
                }
            }
        }
        (documents, errors)
    }

    fn store_files(
        &self,
        documents: &[CheckedDocument],
        uploads: &[Upload],
    ) -> Result<(), WorkflowError> {
        for document in documents {
            if let Some(upload) = uploads
                .iter()
                .find(|u| ContentAddress::of(&u.0) == document.address)
            {
                self.documents.put(document, &upload.0)?;
            }
        }
        Ok(())
    }

    async fn submit(
        &self,
        reporter: &Person,
        by: Submitter<'_>,
        kind: RequestKind,
        input: &FormInput,
        uploads: &[Upload],
    ) -> Result<RequestId, WorkflowError> {
        let Submitter {
            maker,
            actor,
            staff,
        } = by;
        let office = self
            .store
            .office_of_person(reporter.id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let household = self.store.household_members(reporter.household_id).await?;
        let today = self.today_at(&office).await?;
        let (documents, mut errors) = self.checked(uploads);
        let proposal = Proposal::parse(kind, input, reporter, &household, documents.len(), today);
        let proposal = match proposal {
            Ok(p) if errors.is_empty() => p,
            Ok(_) => return Err(WorkflowError::Invalid(errors)),
            Err(more) => {
                errors.extend(more);
                return Err(WorkflowError::Invalid(errors));
            }
        };
        self.store_files(&documents, uploads)?;
        let id = RequestId::random();
        let fields: Vec<String> = proposal
            .changes
            .iter()
            .map(|c| match c {
                portal_domain::requests::Change::Set { field, .. } => field.as_str().to_owned(),
                portal_domain::requests::Change::AddMember { .. } => "member".to_owned(),
                portal_domain::requests::Change::EndMembership { .. } => {
                    "registration_status".to_owned()
                }
            })
            .collect();
        let details = serde_json::json!({
            "request": id.0.to_string(),
            "kind": kind.as_str(),
            "fields": fields,
            "documents": documents.len(),
        });
        let details = match staff {
            Some(staff) => with_office(staff, details),
            None => details,
        };
        let event = self
            .event(actor, "request.submit", proposal.subject)
            .with_details(details);
        let request = NewRequest {
            id,
            household: reporter.household_id,
            office_code: office,
            proposal,
            maker,
        };
        self.store
            .create_request(&request, &documents, &event, self.now)
            .await?;
        Ok(id)
    }

    /// A person asks for a change to their household's records.
    pub async fn submit_by_person(
        &self,
        person: PersonId,
        kind: RequestKind,
        input: &FormInput,
        uploads: &[Upload],
    ) -> Result<RequestId, WorkflowError> {
        let reporter = self
            .store
            .person_by_id(person)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let by = Submitter {
            maker: Maker::Person(person),
            actor: Actor::Person {
                id: person.0.to_string(),
            },
            staff: None,
        };
        self.submit(&reporter, by, kind, input, uploads).await
    }

    /// A clerk prepares a request for a person of their office (someone else decides it).
    pub async fn submit_by_staff(
        &self,
        staff: &Staff,
        person: PersonId,
        kind: RequestKind,
        input: &FormInput,
        uploads: &[Upload],
    ) -> Result<RequestId, WorkflowError> {
        let office = self
            .store
            .office_of_person(person)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if !may_view_person(staff, &office) {
            return Err(WorkflowError::NotFound);
        }
        if !staff.account.roles.contains(&StaffRole::Clerk) {
            return Err(WorkflowError::NotAllowed);
        }
        let reporter = self
            .store
            .person_by_id(person)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let by = Submitter {
            maker: Maker::Staff(staff.id),
            actor: Self::staff_actor(staff, "clerk"),
            staff: Some(staff),
        };
        self.submit(&reporter, by, kind, input, uploads).await
    }

    async fn person_request(
        &self,
        person: PersonId,
        id: RequestId,
    ) -> Result<StoredRequest, WorkflowError> {
        let request = self
            .store
            .request_by_id(id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if !visible_to_person(&request, person) {
            return Err(WorkflowError::NotFound);
        }
        Ok(request)
    }

    /// The requests a person made or that are about them, newest first.
    pub async fn requests_of_person(
        &self,
        person: PersonId,
    ) -> Result<Vec<StoredRequest>, WorkflowError> {
        let me = self
            .store
            .person_by_id(person)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        Ok(self
            .store
            .requests_of_household(me.household_id, 200)
            .await?
            .into_iter()
            .filter(|r| visible_to_person(r, person))
            .collect())
    }

    /// One of the person's requests, with its history and documents; marks its notifications
    /// read.
    pub async fn request_for_person(
        &self,
        person: PersonId,
        id: RequestId,
    ) -> Result<PersonView, WorkflowError> {
        let request = self.person_request(person, id).await?;
        let events = self.store.request_events(id).await?;
        let documents = self.store.request_documents(id).await?;
        self.store
            .mark_notifications_read(person, id, self.now)
            .await?;
        let may_cancel = transition(request.status, Action::Cancel).is_ok();
        let may_answer = request.status == RequestStatus::NeedsInfo;
        Ok(PersonView {
            request,
            events,
            documents,
            may_cancel,
            may_answer,
        })
    }

    /// The person withdraws a pending request.
    pub async fn cancel(&self, person: PersonId, id: RequestId) -> Result<(), WorkflowError> {
        let request = self.person_request(person, id).await?;
        let to = transition(request.status, Action::Cancel).map_err(WorkflowError::NotNow)?;
        let event = self
            .event(
                Actor::Person {
                    id: person.0.to_string(),
                },
                "request.cancel",
                request.person_id,
            )
            .with_details(serde_json::json!({ "request": id.0.to_string() }));
        self.store
            .step_request(&Step {
                id,
                expected_row_version: request.row_version,
                from: request.status,
                to,
                actor: StepActor::Person,
                action: "cancel",
                note: None,
                question: None,
                answer: None,
                recommendation: None,
                rebase: None,
                documents: &[],
                notify: None,
                audit: &event,
                now: self.now,
            })
            .await?;
        Ok(())
    }

    /// The person answers a question, optionally with more documents. The request goes back to
    /// the queue, confirmed against the records as they are now.
    pub async fn answer(
        &self,
        person: PersonId,
        id: RequestId,
        text: Option<&str>,
        uploads: &[Upload],
    ) -> Result<(), WorkflowError> {
        let request = self.person_request(person, id).await?;
        let to = transition(request.status, Action::Answer).map_err(WorkflowError::NotNow)?;
        let (documents, mut errors) = self.checked(uploads);
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
        if !errors.is_empty() {
            return Err(WorkflowError::Invalid(errors));
        }
        self.store_files(&documents, uploads)?;
        let mut rebase = BTreeMap::new();
        for id in request.base_versions.keys() {
            if let Some(p) = self.store.person_by_id(*id).await? {
                rebase.insert(*id, p.record_version);
            }
        }
        let event = self
            .event(
                Actor::Person {
                    id: person.0.to_string(),
                },
                "request.answer",
                request.person_id,
            )
            .with_details(
                serde_json::json!({ "request": id.0.to_string(), "documents": documents.len() }),
            );
        self.store
            .step_request(&Step {
                id,
                expected_row_version: request.row_version,
                from: request.status,
                to,
                actor: StepActor::Person,
                action: "answer",
                note: answer.as_deref(),
                question: None,
                answer: answer.as_deref(),
                recommendation: None,
                rebase: Some(&rebase),
                documents: &documents,
                notify: None,
                audit: &event,
                now: self.now,
            })
            .await?;
        Ok(())
    }

    /// A document of one of the person's requests.
    pub async fn document_for_person(
        &self,
        person: PersonId,
        address: &ContentAddress,
    ) -> Result<(MediaType, Vec<u8>), WorkflowError> {
        for request in self.requests_of_person(person).await? {
            let documents = self.store.request_documents(request.id).await?;
            if let Some(meta) = documents.iter().find(|d| &d.address == address) {
                return Ok((meta.media_type, self.documents.get(address)?));
            }
        }
        Err(WorkflowError::NotFound)
    }

    async fn staff_request(
        &self,
        staff: &Staff,
        id: RequestId,
    ) -> Result<StoredRequest, WorkflowError> {
        let request = self
            .store
            .request_by_id(id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if !may_view_person(staff, &request.office_code) {
            return Err(WorkflowError::NotFound);
        }
        Ok(request)
    }

    /// The review queue of the staff member's office(s).
    pub async fn queue(
        &self,
        staff: &Staff,
        mut filter: QueueFilter,
    ) -> Result<(Vec<QueueLine>, BTreeMap<RequestStatus, i64>), WorkflowError> {
        if !staff
            .account
            .roles
            .iter()
            .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver))
            || !staff.active
        {
            return Err(WorkflowError::NotAllowed);
        }
        if let Some(office) = &staff.account.office_code {
            filter.office = Some(office.as_str().to_owned());
        }
        filter.limit = filter.limit.clamp(1, 200);
        Ok(self.store.review_queue(&filter).await?)
    }

    /// Opens a request for review: audited, and a submitted request becomes "under review".
    pub async fn open(&self, staff: &Staff, id: RequestId) -> Result<ReviewView, WorkflowError> {
        let mut request = self.staff_request(staff, id).await?;
        let role = reviewing_role(staff);
        let event = self
            .event(
                Self::staff_actor(staff, role),
                "request.view",
                request.person_id,
            )
            .with_details(with_office(
                staff,
                serde_json::json!({ "request": id.0.to_string() }),
            ));
        let opened = transition(request.status, Action::Open);
        match opened {
            Ok(to) if to != request.status => {
                let step = Step {
                    id,
                    expected_row_version: request.row_version,
                    from: request.status,
                    to,
                    actor: StepActor::Staff(role),
                    action: "open",
                    note: None,
                    question: None,
                    answer: None,
                    recommendation: None,
                    rebase: None,
                    documents: &[],
                    notify: None,
                    audit: &event,
                    now: self.now,
                };
                match self.store.step_request(&step).await {
                    Ok(()) | Err(StoreError::Stale(_)) => {}
                    Err(other) => return Err(other.into()),
                }
                request = self
                    .store
                    .request_by_id(id)
                    .await?
                    .ok_or(WorkflowError::NotFound)?;
            }
            _ => {
                self.store.append_audit(&event).await?;
            }
        }
        let household = self.store.household_members(request.household_id).await?;
        let history = self
            .store
            .requests_of_household(request.household_id, 50)
            .await?
            .into_iter()
            .filter(|r| r.id != id)
            .collect();
        let own_household = self.store.staff_household(staff.id).await?;
        let conflicts = request
            .base_versions
            .iter()
            .filter(|(person, version)| {
                household
                    .iter()
                    .find(|p| p.id == **person)
                    .is_some_and(|p| p.record_version != **version)
            })
            .map(|(person, _)| *person)
            .collect();
        let target = decidable(&request);
        let decide = may_decide(staff, own_household, &target);
        Ok(ReviewView {
            events: self.store.request_events(id).await?,
            documents: self.store.request_documents(id).await?,
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
        &self,
        staff: &Staff,
        person: PersonId,
    ) -> Result<Vec<VersionEntry>, WorkflowError> {
        let office = self
            .store
            .office_of_person(person)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if !may_view_person(staff, &office) {
            return Err(WorkflowError::NotFound);
        }
        let event = self
            .event(
                Self::staff_actor(staff, reviewing_role(staff)),
                "person.history",
                person,
            )
            .with_details(with_office(staff, serde_json::json!({})));
        self.store.append_audit(&event).await?;
        Ok(self.store.person_versions(person).await?)
    }

    /// A document of a request, for a reviewer (audited).
    pub async fn document_for_staff(
        &self,
        staff: &Staff,
        id: RequestId,
        address: &ContentAddress,
    ) -> Result<(MediaType, Vec<u8>), WorkflowError> {
        let request = self.staff_request(staff, id).await?;
        let documents = self.store.request_documents(id).await?;
        let meta = documents
            .iter()
            .find(|d| &d.address == address)
            .ok_or(WorkflowError::NotFound)?;
        let event = self
            .event(
                Self::staff_actor(staff, reviewing_role(staff)),
                "document.view",
                request.person_id,
            )
            .with_details(with_office(
                staff,
                serde_json::json!({ "request": id.0.to_string(), "document": address.as_str() }),
            ));
        self.store.append_audit(&event).await?;
        Ok((meta.media_type, self.documents.get(address)?))
    }

    fn reviewer_check(&self, staff: &Staff) -> Result<(), WorkflowError> {
        if staff
            .account
            .roles
            .iter()
            .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver))
        {
            Ok(())
        } else {
            Err(WorkflowError::NotAllowed)
        }
    }

    /// Staff ask the person for more information; the person is told in the portal and by mail.
    pub async fn ask(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        question: Option<&str>,
    ) -> Result<(), WorkflowError> {
        let request = self.staff_request(staff, id).await?;
        self.reviewer_check(staff)?;
        if request.maker == Maker::Staff(staff.id) {
            return Err(WorkflowError::Refused(DecisionRefused::OwnRequest));
        }
        let question = parse_text(Field::Question, question)
            .map_err(|e| WorkflowError::Invalid(vec![e]))?
            .ok_or_else(|| invalid(Field::Question, Problem::Required))?;
        let to = transition(request.status, Action::AskInfo).map_err(WorkflowError::NotNow)?;
        let role = reviewing_role(staff);
        let event = self
            .event(
                Self::staff_actor(staff, role),
                "request.ask_info",
                request.person_id,
            )
            .with_details(with_office(
                staff,
                serde_json::json!({ "request": id.0.to_string() }),
            ));
        let has_email = self
            .store
            .person_by_id(request.person_id)
            .await?
            .is_some_and(|p| p.record.email.is_some());
        self.store
            .step_request(&Step {
                id,
                expected_row_version,
                from: request.status,
                to,
                actor: StepActor::Staff(role),
                action: "ask_info",
                note: Some(&question),
                question: Some(&question),
                answer: None,
                recommendation: None,
                rebase: None,
                documents: &[],
                notify: Some(NewNotification {
                    person: request.person_id,
                    kind: "request.needs_info",
                    mail: has_email,
                }),
                audit: &event,
                now: self.now,
            })
            .await?;
        Ok(())
    }

    /// A clerk recommends a decision on a sensitive request; an approver then decides.
    pub async fn recommend(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        approve: Vec<bool>,
        note: Option<&str>,
    ) -> Result<(), WorkflowError> {
        let request = self.staff_request(staff, id).await?;
        let own = self.store.staff_household(staff.id).await?;
        may_recommend(staff, own, &decidable(&request)).map_err(WorkflowError::Refused)?;
        if !request.kind.is_sensitive() {
            return Err(WorkflowError::NotAllowed);
        }
        if approve.len() != request.changes.len() {
            return Err(invalid(
                Field::Decision,
                Problem::Format("one answer per change"),
            ));
        }
        let note = parse_text(Field::Note, note).map_err(|e| WorkflowError::Invalid(vec![e]))?;
        let to = transition(request.status, Action::Recommend).map_err(WorkflowError::NotNow)?;
        let recommendation = Recommendation {
            by: staff.id,
            approve,
            note: note.clone(),
        };
        let event = self
            .event(
                Self::staff_actor(staff, "clerk"),
                "request.recommend",
                request.person_id,
            )
            .with_details(with_office(
                staff,
                serde_json::json!({ "request": id.0.to_string(), "approve": recommendation.approve }),
            ));
        self.store
            .step_request(&Step {
                id,
                expected_row_version,
                from: request.status,
                to,
                actor: StepActor::Staff("clerk"),
                action: "recommend",
                note: note.as_deref(),
                question: None,
                answer: None,
                recommendation: Some(&recommendation),
                rebase: None,
                documents: &[],
                notify: None,
                audit: &event,
                now: self.now,
            })
            .await?;
        Ok(())
    }

    /// Decides a request: approve or reject each change. Maker-checker applies; the approved
    /// changes are applied only if the records did not change since the request.
    pub async fn decide(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        approve: Vec<bool>,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> Result<Applied, WorkflowError> {
        let request = self.staff_request(staff, id).await?;
        let own = self.store.staff_household(staff.id).await?;
        may_decide(staff, own, &decidable(&request)).map_err(WorkflowError::Refused)?;
        let decision = Decision::parse(request.changes.len(), approve, reason, note)
            .map_err(WorkflowError::Invalid)?;
        transition(request.status, Action::Decide(decision.outcome()))
            .map_err(WorkflowError::NotNow)?;
        let today = self.today_at(&request.office_code).await?;
        let role = portal_domain::requests::deciding_role(staff, request.kind);
        let office = staff.account.office_code.as_ref().map(|o| o.as_str());
        Ok(self
            .store
            .decide_request(&DecisionWrite {
                id,
                expected_row_version,
                decision: &decision,
                staff: staff.id,
                role: role.as_str(),
                office,
                request_id: self.request_id,
                today,
                now: self.now,
            })
            .await?)
    }

    /// "Who accessed my data": staff reads and changes of the person's record, newest first.
    pub async fn access_log(
        &self,
        person: PersonId,
        limit: i64,
    ) -> Result<Vec<AccessEntry>, WorkflowError> {
        let records: Vec<AuditRecord> = self
            .store
            .audit_for_subject(SubjectKind::Person, &person.0.to_string(), limit)
            .await?;
        Ok(records
            .into_iter()
            .filter_map(|r| match &r.event.actor {
                Actor::Staff { role, .. } => Some(AccessEntry {
                    at: r.event.occurred_at,
                    action: r.event.action.clone(),
                    role: role.clone(),
                    office: r.event.details["office"].as_str().map(str::to_owned),
                }),
                _ => None,
            })
            .collect())
    }
}
