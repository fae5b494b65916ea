//! The use cases as a request handler calls them: each call one transaction at the world's
//! instant, committed when the use case succeeds and rolled back when it fails, so a test
//! reads as the steps people take.
//!
//! Owns: nothing but the transaction around each call. Must never: decide anything (every
//! rule runs in `portal-core`, exactly as in production).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::Duration;
use portal_core::booking::{self, Mine};
use portal_core::credentials::external::{self, Securing};
use portal_core::credentials::issuer::Issuer;
use portal_core::credentials::verification::{self, Trust};
use portal_core::credentials::{self, status, Card, Issuing};
use portal_core::requests::{
    self, AccessEntry, Applied, DecisionForm, Documents, PersonView, RequestForm, ReviewView,
    Submitter, Upload,
};
use portal_core::{CoreResult, Ctx};
use portal_credentials::status::StatusPurpose;
use portal_credentials::verify::VerificationResult;
use portal_domain::appointments::{AppointmentId, AppointmentStatus};
use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::PersonId;
use portal_domain::requests::{FormInput, RequestId, RequestKind, RequestStatus};
use portal_domain::staff::Staff;
use portal_storage::api_tokens::StoredToken;
use portal_storage::appointments::{Appointment, Location, Slot, TimeRequest};
use portal_storage::credentials::StoredCredential;
use portal_storage::people::VersionEntry;
use portal_storage::requests::{QueueFilter, QueueLine, StoredRequest};
use uuid::Uuid;

use crate::world::World;

/// Largest document the world's request forms accept (64 KiB).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024;

/// Most documents one person may send in 24 hours in the tests' world.
pub const DOCUMENTS_PER_DAY: u32 = 8;

/// The hours before an appointment until which a person may change it (the default).
pub const CUTOFF_HOURS: i64 = 24;

/// Runs `$call` (a use case taking `&mut tx` and `&ctx`) in one transaction of `$world`.
macro_rules! in_tx {
    ($world:expr, |$tx:ident, $ctx:ident| $call:expr) => {{
        let ctx: Ctx<'static> = $world.ctx();
        let $ctx = &ctx;
        let mut tx = $world.begin().await;
        let $tx = &mut tx;
        let result = $call.await;
        if result.is_ok() {
            tx.commit().await.unwrap();
        }
        result
    }};
}

/// Update requests, as people and staff make and decide them.
pub struct Flow<'w> {
    world: &'w World,
}

impl World {
    /// The update-request use cases.
    pub fn flow(&self) -> Flow<'_> {
        Flow { world: self }
    }

    /// The appointment use cases.
    pub fn booking(&self) -> Booking<'_> {
        Booking { world: self }
    }
}

impl Flow<'_> {
    fn files(&self) -> Documents<'_> {
        Documents {
            store: &self.world.documents,
            max_bytes: MAX_DOCUMENT_BYTES,
            per_day: DOCUMENTS_PER_DAY,
        }
    }

    /// A person asks for a change about `person` (themselves or a member of their household).
    pub async fn submit_by_person(
        &self,
        person: PersonId,
        kind: RequestKind,
        input: &FormInput,
        uploads: &[Upload],
    ) -> CoreResult<RequestId> {
        let form = RequestForm {
            person,
            kind,
            input,
            uploads,
        };
        let files = self.files();
        in_tx!(self.world, |tx, ctx| requests::submit(
            tx,
            ctx,
            &files,
            Submitter::Person(person),
            form
        ))
    }

    /// A clerk prepares a request for `person`.
    pub async fn submit_by_staff(
        &self,
        staff: &Staff,
        person: PersonId,
        kind: RequestKind,
        input: &FormInput,
        uploads: &[Upload],
    ) -> CoreResult<RequestId> {
        let form = RequestForm {
            person,
            kind,
            input,
            uploads,
        };
        let files = self.files();
        in_tx!(self.world, |tx, ctx| requests::submit(
            tx,
            ctx,
            &files,
            Submitter::Clerk(staff),
            form
        ))
    }

    /// The person's requests, newest first.
    pub async fn requests_of_person(&self, person: PersonId) -> CoreResult<Vec<StoredRequest>> {
        requests::of_person(&mut self.world.read().await, person).await
    }

    /// One of the person's requests (marks its news read).
    pub async fn request_for_person(
        &self,
        person: PersonId,
        id: RequestId,
    ) -> CoreResult<PersonView> {
        let ctx = self.world.ctx();
        requests::for_person(&mut self.world.read().await, &ctx, person, id).await
    }

    /// The person withdraws a request.
    pub async fn cancel(&self, person: PersonId, id: RequestId) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| requests::cancel(tx, ctx, person, id))
    }

    /// The person answers a question.
    pub async fn answer(
        &self,
        person: PersonId,
        id: RequestId,
        text: Option<&str>,
        uploads: &[Upload],
    ) -> CoreResult<()> {
        let files = self.files();
        in_tx!(self.world, |tx, ctx| requests::answer(
            tx, ctx, &files, person, id, text, uploads
        ))
    }

    /// A document of one of the person's requests.
    pub async fn document_for_person(
        &self,
        person: PersonId,
        address: &ContentAddress,
    ) -> CoreResult<(MediaType, Vec<u8>)> {
        let files = self.files();
        requests::document_for_person(&mut self.world.read().await, &files, person, address).await
    }

    /// The review queue.
    pub async fn queue(
        &self,
        staff: &Staff,
        filter: QueueFilter,
    ) -> CoreResult<(Vec<QueueLine>, BTreeMap<RequestStatus, i64>)> {
        requests::queue(&mut self.world.read().await, staff, filter).await
    }

    /// A reviewer opens a request (audited).
    pub async fn open(&self, staff: &Staff, id: RequestId) -> CoreResult<ReviewView> {
        in_tx!(self.world, |tx, ctx| requests::open(tx, ctx, staff, id))
    }

    /// A record's versions (audited).
    pub async fn record_history(
        &self,
        staff: &Staff,
        person: PersonId,
    ) -> CoreResult<Vec<VersionEntry>> {
        in_tx!(self.world, |tx, ctx| requests::record_history(
            tx, ctx, staff, person
        ))
    }

    /// A document of a request, for a reviewer (audited).
    pub async fn document_for_staff(
        &self,
        staff: &Staff,
        id: RequestId,
        address: &ContentAddress,
    ) -> CoreResult<(MediaType, Vec<u8>)> {
        let files = self.files();
        in_tx!(self.world, |tx, ctx| requests::document_for_staff(
            tx, ctx, &files, staff, id, address
        ))
    }

    /// A reviewer asks the person a question.
    pub async fn ask(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        question: Option<&str>,
    ) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| requests::ask(
            tx,
            ctx,
            staff,
            id,
            expected_row_version,
            question
        ))
    }

    /// A clerk recommends a decision to an approver.
    pub async fn recommend(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        approve: Vec<bool>,
        note: Option<&str>,
    ) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| requests::recommend(
            tx,
            ctx,
            staff,
            id,
            expected_row_version,
            approve,
            note
        ))
    }

    /// A reviewer decides, change by change.
    pub async fn decide(
        &self,
        staff: &Staff,
        id: RequestId,
        expected_row_version: i64,
        approve: Vec<bool>,
        reason: Option<&str>,
        note: Option<&str>,
    ) -> CoreResult<Applied> {
        let form = DecisionForm {
            id,
            expected_row_version,
            approve,
            reason,
            note,
        };
        in_tx!(self.world, |tx, ctx| requests::decide(tx, ctx, staff, form))
    }

    /// "Who accessed my data".
    pub async fn access_log(&self, person: PersonId, limit: i64) -> CoreResult<Vec<AccessEntry>> {
        requests::access_log(&mut self.world.read().await, person, limit).await
    }
}

/// Appointments, as people and staff book and keep them.
pub struct Booking<'w> {
    world: &'w World,
}

impl Booking<'_> {
    fn cutoff(&self) -> Duration {
        Duration::hours(CUTOFF_HOURS)
    }

    /// The locations of the person's office.
    pub async fn locations_for_person(&self, person: PersonId) -> CoreResult<Vec<Location>> {
        booking::locations_for_person(&mut self.world.read().await, person).await
    }

    /// Free slots of a service at one of the person's locations.
    pub async fn free_slots(
        &self,
        person: PersonId,
        location: Uuid,
        service: &str,
        days: i64,
    ) -> CoreResult<Vec<Slot>> {
        let ctx = self.world.ctx();
        booking::free_slots(
            &mut self.world.read().await,
            &ctx,
            person,
            location,
            service,
            days,
        )
        .await
    }

    /// The person books a slot.
    pub async fn book(&self, person: PersonId, slot: Uuid) -> CoreResult<AppointmentId> {
        in_tx!(self.world, |tx, ctx| booking::book(tx, ctx, person, slot))
    }

    /// One of the person's appointments.
    pub async fn appointment_of_person(
        &self,
        person: PersonId,
        id: AppointmentId,
    ) -> CoreResult<Appointment> {
        booking::appointment_of_person(&mut self.world.read().await, person, id).await
    }

    /// The person's appointments.
    pub async fn mine(&self, person: PersonId) -> CoreResult<Mine> {
        let ctx = self.world.ctx();
        booking::mine(&mut self.world.read().await, &ctx, person).await
    }

    /// The person moves an appointment.
    pub async fn reschedule(
        &self,
        person: PersonId,
        id: AppointmentId,
        slot: Uuid,
    ) -> CoreResult<()> {
        let cutoff = self.cutoff();
        in_tx!(self.world, |tx, ctx| booking::reschedule(
            tx, ctx, cutoff, person, id, slot
        ))
    }

    /// The person cancels an appointment.
    pub async fn cancel(&self, person: PersonId, id: AppointmentId) -> CoreResult<()> {
        let cutoff = self.cutoff();
        in_tx!(self.world, |tx, ctx| booking::cancel(
            tx, ctx, cutoff, person, id
        ))
    }

    /// The person asks for a time when none suits.
    pub async fn ask_for_time(
        &self,
        person: PersonId,
        location: Uuid,
        service: &str,
        preferred: &str,
    ) -> CoreResult<Uuid> {
        in_tx!(self.world, |tx, ctx| booking::ask_for_time(
            tx, ctx, person, location, service, preferred
        ))
    }

    /// The locations a staff member manages.
    pub async fn staff_locations(&self, staff: &Staff) -> CoreResult<Vec<Location>> {
        booking::staff_locations(&mut self.world.read().await, staff).await
    }

    /// Appointments at a staff member's location between two instants.
    pub async fn staff_agenda(
        &self,
        staff: &Staff,
        location: Uuid,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> CoreResult<Vec<Appointment>> {
        booking::staff_agenda(&mut self.world.read().await, staff, location, from, to).await
    }

    /// An appointment at one of the staff member's locations.
    pub async fn staff_appointment(
        &self,
        staff: &Staff,
        id: AppointmentId,
    ) -> CoreResult<Appointment> {
        booking::staff_appointment(&mut self.world.read().await, staff, id).await
    }

    /// Staff mark an appointment attended, missed, cancelled or booked again.
    pub async fn mark(
        &self,
        staff: &Staff,
        id: AppointmentId,
        status: AppointmentStatus,
    ) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| booking::mark(
            tx, ctx, staff, id, status
        ))
    }

    /// Staff cancel an appointment.
    pub async fn staff_cancel(
        &self,
        staff: &Staff,
        id: AppointmentId,
        reason: Option<&str>,
    ) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| booking::staff_cancel(
            tx, ctx, staff, id, reason
        ))
    }

    /// Staff move an appointment.
    pub async fn staff_move(
        &self,
        staff: &Staff,
        id: AppointmentId,
        slot: Uuid,
        reason: Option<&str>,
    ) -> CoreResult<()> {
        in_tx!(self.world, |tx, ctx| booking::staff_move(
            tx, ctx, staff, id, slot, reason
        ))
    }

    /// Open requests for a time at the staff member's locations.
    pub async fn staff_time_requests(&self, staff: &Staff) -> CoreResult<Vec<TimeRequest>> {
        booking::staff_time_requests(&mut self.world.read().await, staff).await
    }

    /// Staff answer a request for a time with a slot.
    pub async fn offer(
        &self,
        staff: &Staff,
        request: Uuid,
        slot: Uuid,
    ) -> CoreResult<AppointmentId> {
        in_tx!(self.world, |tx, ctx| booking::offer(
            tx, ctx, staff, request, slot
        ))
    }
}

/// Days a credential issued in the world stays valid (the default).
pub const VALID_DAYS: u32 = 365;

/// Credentials, as people, staff and partner systems get them and change their status.
pub struct Credentials<'w> {
    world: &'w World,
    issuer: &'w Issuer,
}

impl World {
    /// The credential use cases, signed by `issuer`.
    pub fn credentials<'w>(&'w self, issuer: &'w Issuer) -> Credentials<'w> {
        Credentials {
            world: self,
            issuer,
        }
    }
}

impl Credentials<'_> {
    fn issuing(&self) -> Issuing<'_> {
        Issuing {
            issuer: self.issuer,
            photos: &self.world.documents,
            valid_days: VALID_DAYS,
        }
    }

    /// The person's two kinds of credential and what asking for each would do.
    pub async fn cards(&self, person: PersonId) -> CoreResult<Vec<Card>> {
        let ctx = self.world.ctx();
        credentials::cards(&mut self.world.read().await, &ctx, person).await
    }

    /// Every credential of the person and their household, newest first.
    pub async fn history(&self, person: PersonId) -> CoreResult<Vec<StoredCredential>> {
        credentials::history(&mut self.world.read().await, person).await
    }

    /// The person asks for their credential of `kind` (issued when the rules say so).
    pub async fn obtain(
        &self,
        person: PersonId,
        kind: CredentialKind,
    ) -> CoreResult<StoredCredential> {
        let issuing = self.issuing();
        in_tx!(self.world, |tx, ctx| credentials::obtain(
            tx, ctx, &issuing, person, kind
        ))
    }

    /// A staff member issues a credential of `kind` for `person`.
    pub async fn staff_issue(
        &self,
        staff: &Staff,
        person: PersonId,
        kind: CredentialKind,
    ) -> CoreResult<StoredCredential> {
        let issuing = self.issuing();
        in_tx!(self.world, |tx, ctx| credentials::staff_issue(
            tx, ctx, &issuing, staff, person, kind
        ))
    }

    /// A credential of the person's.
    pub async fn of_person(&self, person: PersonId, id: Uuid) -> CoreResult<StoredCredential> {
        credentials::of_person(&mut self.world.read().await, person, id).await
    }

    /// A staff member suspends, lifts or revokes a credential.
    pub async fn change_status(
        &self,
        staff: &Staff,
        id: Uuid,
        expected_version: Option<i64>,
        action: StatusAction,
        reason: StatusReason,
    ) -> CoreResult<StoredCredential> {
        in_tx!(self.world, |tx, ctx| status::change(
            tx,
            ctx,
            staff,
            id,
            expected_version,
            action,
            reason
        ))
    }

    /// A partner system changes the status of a credential it had issued.
    pub async fn change_status_as_client(
        &self,
        token: Uuid,
        id: Uuid,
        action: StatusAction,
        reason: StatusReason,
    ) -> CoreResult<StoredCredential> {
        in_tx!(self.world, |tx, ctx| status::change_as_client(
            tx, ctx, token, id, action, reason
        ))
    }

    /// The URLs of every status list.
    pub async fn status_list_urls(&self) -> CoreResult<Vec<String>> {
        status::list_urls(&mut self.world.read().await, self.issuer).await
    }

    /// The signed status list credential of `purpose` number `list`.
    pub async fn status_list_credential(
        &self,
        purpose: StatusPurpose,
        list: i64,
    ) -> CoreResult<serde_json::Value> {
        let ctx = self.world.ctx();
        status::list_credential(
            &mut self.world.read().await,
            &ctx,
            self.issuer,
            purpose,
            list,
        )
        .await
    }

    /// Verifies a credential against this issuer's keys and status lists.
    pub async fn verify(&self, input: &[u8]) -> CoreResult<VerificationResult> {
        self.verify_trusting(Trust::default(), input).await
    }

    /// Verifies a credential, trusting also what `trust` names.
    pub async fn verify_trusting(
        &self,
        trust: Trust,
        input: &[u8],
    ) -> CoreResult<VerificationResult> {
        let ctx = self.world.ctx();
        let verifier = verification::Verifier {
            trust,
            limits: portal_credentials::rdf_canon::CanonicalizationLimits::DEFAULT,
            pool: portal_core::WorkPool::new(2, std::time::Duration::from_secs(30)),
            counters: Default::default(),
            statuses: Default::default(),
        };
        verification::verify(
            &mut self.world.read().await,
            &ctx,
            self.issuer,
            &verifier,
            input,
        )
        .await
    }

    /// A partner system (API token `token`) has a credential signed.
    pub async fn issue_external(
        &self,
        token: &StoredToken,
        credential: serde_json::Value,
        securing: Securing,
    ) -> CoreResult<serde_json::Value> {
        let issuer = self.issuer;
        in_tx!(self.world, |tx, ctx| external::issue(
            tx, ctx, issuer, token, credential, securing
        ))
    }
}
