//! The audit trail's events, the keyed hash chain that makes tampering evident, and the
//! signed checkpoints that anchor it outside the database.
//!
//! Every audit row stores the hash of the previous row and its own: an HMAC-SHA-256, under a
//! key kept outside the database, over the previous hash and every stored column of the row.
//! Changing, removing or reordering a row breaks every link after it, and someone who can
//! write the database but not read the key cannot compute a hash that passes. Rows written
//! before the key existed (`keyed_from` in the chain's head) keep their unkeyed SHA-256 links.
//! A [`Checkpoint`] signs the chain's head (sequence, hash and `keyed_from`) with an Ed25519
//! key derived from the same secret; kept in a file beside the key, checkpoints show rows cut
//! off the end, an emptied table and a moved `keyed_from`.
//!
//! Owns: what an audit event records, its canonical form, its keyed hash and checkpoint
//! signatures. Must never: record personal data values (only which record and which fields;
//! sensitive values appear as hashes at most), or show the key.

use chrono::{DateTime, SubsecRound, Utc};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// A staff member acting in one of their roles.
    Staff {
        /// Staff id.
        id: String,
        /// The role the action needed.
        role: String,
    },
    /// A registered person acting on their own record.
    Person {
        /// Person id.
        id: String,
    },
    /// A trusted helper acting for the person the event is about.
    Helper {
        /// The helper's person id.
        id: String,
    },
    /// A partner system using an API token.
    ApiClient {
        /// Token id (never the token).
        id: String,
    },
    /// The portal itself or its command line, run by an operator.
    System,
}

impl Actor {
    /// `(kind, id, role)` as stored.
    pub fn parts(&self) -> (&'static str, Option<&str>, Option<&str>) {
        match self {
            Actor::Staff { id, role } => ("staff", Some(id), Some(role)),
            Actor::Person { id } => ("person", Some(id), None),
            Actor::Helper { id } => ("person", Some(id), Some("helper")),
            Actor::ApiClient { id } => ("api_client", Some(id), None),
            Actor::System => ("system", None, None),
        }
    }
}

/// What kind of record an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A person's record.
    Person,
    /// A household.
    Household,
    /// A staff account.
    Staff,
    /// An office.
    Office,
    /// An import batch.
    ImportBatch,
    /// A data-quality finding.
    Finding,
}

impl SubjectKind {
    /// Stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Person => "person",
            SubjectKind::Household => "household",
            SubjectKind::Staff => "staff",
            SubjectKind::Office => "office",
            SubjectKind::ImportBatch => "import_batch",
            SubjectKind::Finding => "quality_finding",
        }
    }
}

/// Everything the audit trail records: a closed list, so a new kind of event is added here
/// (with its code) and nowhere else. The code is what the `action` column stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuditAction {
    /// A staff member opened a person's record.
    PersonView,
    /// A staff member read a record's history.
    PersonHistory,
    /// A staff member asked to see a person's phone, email and address.
    PersonContactView,
    /// A person was registered (import or an approved new member).
    PersonCreate,
    /// An approved change was written to a record.
    PersonUpdate,
    /// A person chose the portal's language (a preference, not registration data).
    PersonPortalLanguage,
    /// A CSV file of registrations was imported.
    ImportRun,
    /// An office was added.
    OfficeCreate,
    /// A staff account was added.
    StaffCreate,
    /// A staff account was linked to the person record of the same human.
    StaffLinkPerson,
    /// A staff member opened a supporting document.
    DocumentView,
    /// An update request was sent.
    RequestSubmit,
    /// A staff member opened an update request.
    RequestView,
    /// The person withdrew an update request.
    RequestCancel,
    /// The person answered a question about a request.
    RequestAnswer,
    /// Staff asked the person for more information.
    RequestAskInfo,
    /// A clerk recommended a decision.
    RequestRecommend,
    /// A request was decided.
    RequestDecide,
    /// An enrollment invitation was issued.
    EnrollmentInvite,
    /// The answers of an enrollment matched.
    EnrollmentAnswersConfirmed,
    /// An enrollment was tried with wrong answers.
    EnrollmentWrongAnswer,
    /// An invitation was locked after too many wrong answers.
    EnrollmentLocked,
    /// A passkey was added to an account.
    PasskeyCreate,
    /// A passkey was removed from an account.
    PasskeyRemove,
    /// Every passkey and session of an account ended (lost phone).
    PasskeyRevokeAll,
    /// An account signed in with a passkey.
    Signin,
    /// A passkey's signature counter went backwards (a possible clone).
    SigninCounterRegression,
    /// Every session of an account ended at its owner's request.
    SignoutEverywhere,
    /// The person booked an appointment.
    AppointmentBook,
    /// The person chose another time.
    AppointmentReschedule,
    /// An appointment was cancelled.
    AppointmentCancel,
    /// The person asked for a time when none suited them.
    AppointmentAskTime,
    /// Staff moved an appointment.
    AppointmentMove,
    /// Staff offered a time for a request.
    AppointmentOffer,
    /// Staff marked an appointment attended.
    AppointmentAttended,
    /// Staff marked an appointment missed.
    AppointmentNoShow,
    /// Staff set an appointment back to booked.
    AppointmentBooked,
    /// Staff marked an appointment cancelled.
    AppointmentCancelled,
    /// A staff member opened an office's agenda.
    AgendaView,
    /// A bookable service was added or changed.
    ServicePut,
    /// A location was added or changed.
    LocationPut,
    /// A staff member read the complaints and feedback sent to their office.
    FeedbackRead,
    /// A person downloaded everything the portal holds about them.
    DataExport,
    /// A person let a trusted helper act for them (a code was made).
    DelegationGrant,
    /// A helper entered the code.
    DelegationAccept,
    /// A delegation was ended (by the person, the helper or the office).
    DelegationEnd,
    /// A helper started acting for the person.
    DelegationAct,
    /// A helper looked at a page of the person's data.
    HelperView,
    /// Opening hours were set.
    HoursPut,
    /// A day was closed.
    HoursClosed,
    /// A credential was issued.
    CredentialIssue,
    /// A person made a presentation of a credential that discloses only some of its claims
    /// (an SD-JWT VC); the details name the claims, never their values.
    CredentialPresent,
    /// A person made a credential offer for a wallet app (OpenID4VCI pre-authorized code).
    CredentialOffer,
    /// A wallet app received a credential through an offer; the details name the format and
    /// the holder key's thumbprint, never the credential.
    CredentialWalletIssue,
    /// A credential was suspended.
    CredentialSuspend,
    /// A suspension was lifted.
    CredentialUnsuspend,
    /// A credential was revoked.
    CredentialRevoke,
    /// A staff member read a person's credentials.
    CredentialList,
    /// An issuer signing key was made.
    IssuerKeyCreate,
    /// An issuer signing key was retired.
    IssuerKeyRetire,
    /// An API token was made.
    ApiTokenCreate,
    /// An API token was revoked.
    ApiTokenRevoke,
    /// An admin sent failed background work (a run, a mail, an SMS) back to be tried again.
    WorkSendBack,
    /// The data-quality checks ran (counts only).
    QualityCheck,
    /// A staff member closed or escalated a data-quality finding.
    QualityDecide,
    /// A staff member exported a report as CSV (aggregates; the period and office are kept).
    ReportExport,
    /// An admin suspended a staff account (its sessions end at once).
    StaffSuspend,
    /// An admin reinstated a suspended staff account.
    StaffReinstate,
    /// An admin ended a staff account (its sessions, passkeys and invitations end with it).
    StaffEnd,
    /// An admin exported people's records to a file (format, purpose, count and the file's
    /// SHA-256 are kept; never a record).
    PeopleExport,
}

impl AuditAction {
    /// Every action, in declaration order.
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::PersonView,
        AuditAction::PersonHistory,
        AuditAction::PersonContactView,
        AuditAction::PersonCreate,
        AuditAction::PersonUpdate,
        AuditAction::PersonPortalLanguage,
        AuditAction::ImportRun,
        AuditAction::OfficeCreate,
        AuditAction::StaffCreate,
        AuditAction::StaffLinkPerson,
        AuditAction::DocumentView,
        AuditAction::RequestSubmit,
        AuditAction::RequestView,
        AuditAction::RequestCancel,
        AuditAction::RequestAnswer,
        AuditAction::RequestAskInfo,
        AuditAction::RequestRecommend,
        AuditAction::RequestDecide,
        AuditAction::EnrollmentInvite,
        AuditAction::EnrollmentAnswersConfirmed,
        AuditAction::EnrollmentWrongAnswer,
        AuditAction::EnrollmentLocked,
        AuditAction::PasskeyCreate,
        AuditAction::PasskeyRemove,
        AuditAction::PasskeyRevokeAll,
        AuditAction::Signin,
        AuditAction::SigninCounterRegression,
        AuditAction::SignoutEverywhere,
        AuditAction::AppointmentBook,
        AuditAction::AppointmentReschedule,
        AuditAction::AppointmentCancel,
        AuditAction::AppointmentAskTime,
        AuditAction::AppointmentMove,
        AuditAction::AppointmentOffer,
        AuditAction::AppointmentAttended,
        AuditAction::AppointmentNoShow,
        AuditAction::AppointmentBooked,
        AuditAction::AppointmentCancelled,
        AuditAction::AgendaView,
        AuditAction::ServicePut,
        AuditAction::LocationPut,
        AuditAction::FeedbackRead,
        AuditAction::DataExport,
        AuditAction::DelegationGrant,
        AuditAction::DelegationAccept,
        AuditAction::DelegationEnd,
        AuditAction::DelegationAct,
        AuditAction::HelperView,
        AuditAction::HoursPut,
        AuditAction::HoursClosed,
        AuditAction::CredentialIssue,
        AuditAction::CredentialPresent,
        AuditAction::CredentialOffer,
        AuditAction::CredentialWalletIssue,
        AuditAction::CredentialSuspend,
        AuditAction::CredentialUnsuspend,
        AuditAction::CredentialRevoke,
        AuditAction::CredentialList,
        AuditAction::IssuerKeyCreate,
        AuditAction::IssuerKeyRetire,
        AuditAction::ApiTokenCreate,
        AuditAction::ApiTokenRevoke,
        AuditAction::WorkSendBack,
        AuditAction::QualityCheck,
        AuditAction::QualityDecide,
        AuditAction::ReportExport,
        AuditAction::StaffSuspend,
        AuditAction::StaffReinstate,
        AuditAction::StaffEnd,
        AuditAction::PeopleExport,
    ];

    /// The stored code (`person.view`, `request.decide`, …).
    pub const fn code(self) -> &'static str {
        match self {
            AuditAction::PersonView => "person.view",
            AuditAction::PersonHistory => "person.history",
            AuditAction::PersonContactView => "person.contact-view",
            AuditAction::PersonCreate => "person.create",
            AuditAction::PersonUpdate => "person.update",
            AuditAction::PersonPortalLanguage => "person.portal-language",
            AuditAction::ImportRun => "import.run",
            AuditAction::OfficeCreate => "office.create",
            AuditAction::StaffCreate => "staff.create",
            AuditAction::StaffLinkPerson => "staff.link-person",
            AuditAction::DocumentView => "document.view",
            AuditAction::RequestSubmit => "request.submit",
            AuditAction::RequestView => "request.view",
            AuditAction::RequestCancel => "request.cancel",
            AuditAction::RequestAnswer => "request.answer",
            AuditAction::RequestAskInfo => "request.ask_info",
            AuditAction::RequestRecommend => "request.recommend",
            AuditAction::RequestDecide => "request.decide",
            AuditAction::EnrollmentInvite => "enrollment.invite",
            AuditAction::EnrollmentAnswersConfirmed => "enrollment.answers-confirmed",
            AuditAction::EnrollmentWrongAnswer => "enrollment.wrong-answer",
            AuditAction::EnrollmentLocked => "enrollment.locked",
            AuditAction::PasskeyCreate => "passkey.create",
            AuditAction::PasskeyRemove => "passkey.remove",
            AuditAction::PasskeyRevokeAll => "passkey.revoke-all",
            AuditAction::Signin => "signin",
            AuditAction::SigninCounterRegression => "signin.counter-regression",
            AuditAction::SignoutEverywhere => "signout.everywhere",
            AuditAction::AppointmentBook => "appointment.book",
            AuditAction::AppointmentReschedule => "appointment.reschedule",
            AuditAction::AppointmentCancel => "appointment.cancel",
            AuditAction::AppointmentAskTime => "appointment.ask_time",
            AuditAction::AppointmentMove => "appointment.move",
            AuditAction::AppointmentOffer => "appointment.offer",
            AuditAction::AppointmentAttended => "appointment.attended",
            AuditAction::AppointmentNoShow => "appointment.no_show",
            AuditAction::AppointmentBooked => "appointment.booked",
            AuditAction::AppointmentCancelled => "appointment.cancelled",
            AuditAction::AgendaView => "agenda.view",
            AuditAction::ServicePut => "service.put",
            AuditAction::LocationPut => "location.put",
            AuditAction::FeedbackRead => "feedback.read",
            AuditAction::DataExport => "data.export",
            AuditAction::DelegationGrant => "delegation.grant",
            AuditAction::DelegationAccept => "delegation.accept",
            AuditAction::DelegationEnd => "delegation.end",
            AuditAction::DelegationAct => "delegation.act",
            AuditAction::HelperView => "helper.view",
            AuditAction::HoursPut => "hours.put",
            AuditAction::HoursClosed => "hours.closed",
            AuditAction::CredentialIssue => "credential.issue",
            AuditAction::CredentialPresent => "credential.present",
            AuditAction::CredentialOffer => "credential.offer",
            AuditAction::CredentialWalletIssue => "credential.wallet-issue",
            AuditAction::CredentialSuspend => "credential.suspend",
            AuditAction::CredentialUnsuspend => "credential.unsuspend",
            AuditAction::CredentialRevoke => "credential.revoke",
            AuditAction::CredentialList => "credential.list",
            AuditAction::IssuerKeyCreate => "issuer_key.create",
            AuditAction::IssuerKeyRetire => "issuer_key.retire",
            AuditAction::ApiTokenCreate => "api_token.create",
            AuditAction::ApiTokenRevoke => "api_token.revoke",
            AuditAction::WorkSendBack => "work.send_back",
            AuditAction::QualityCheck => "quality.check",
            AuditAction::QualityDecide => "quality.decide",
            AuditAction::ReportExport => "report.export",
            AuditAction::StaffSuspend => "staff.suspend",
            AuditAction::StaffReinstate => "staff.reinstate",
            AuditAction::StaffEnd => "staff.end",
            AuditAction::PeopleExport => "people.export",
        }
    }

    /// The action with this stored code, if it is one.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        Self::ALL.iter().copied().find(|a| a.code() == code)
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One thing that happened, before it is chained and stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEvent {
    /// When; stored with microsecond precision (both databases keep that much).
    pub occurred_at: DateTime<Utc>,
    /// Who.
    pub actor: Actor,
    /// What, as the code of an [`AuditAction`] (kept as text: rows are hashed as stored).
    pub action: String,
    /// About which record.
    pub subject: Option<(SubjectKind, String)>,
    /// The request or batch the event belongs to, for correlation.
    pub request_id: Option<String>,
    /// From where (client IP, or `cli`).
    pub source: Option<String>,
    /// The office a staff member acted from (`None`: not a staff action, or staff of every
    /// office).
    pub office: Option<String>,
    /// Field names, counts, value hashes; never personal data in clear.
    pub details: serde_json::Value,
}

impl AuditEvent {
    /// An event with the time truncated to what storage keeps.
    pub fn new(occurred_at: DateTime<Utc>, actor: Actor, action: AuditAction) -> Self {
        Self {
            occurred_at: occurred_at.trunc_subsecs(6),
            actor,
            action: action.code().to_owned(),
            subject: None,
            request_id: None,
            source: None,
            office: None,
            details: serde_json::Value::Object(serde_json::Map::new()),
        }
    }

    /// Names the record the event is about.
    pub fn about(mut self, kind: SubjectKind, id: impl Into<String>) -> Self {
        self.subject = Some((kind, id.into()));
        self
    }

    /// Sets the correlation id.
    pub fn in_request(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Sets where the action came from.
    pub fn from_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets the office the action was done from.
    pub fn at_office(mut self, office: Option<impl Into<String>>) -> Self {
        self.office = office.map(Into::into);
        self
    }

    /// Adds details: the members of an object join those already set (a later value wins);
    /// anything else replaces them.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        match (&mut self.details, details) {
            (serde_json::Value::Object(kept), serde_json::Value::Object(more)) => kept.extend(more),
            (kept, details) => *kept = details,
        }
        self
    }

    /// The columns this event is stored as.
    pub fn columns(&self) -> AuditColumns {
        let (actor_kind, actor_id, actor_role) = self.actor.parts();
        let (subject_kind, subject_id) = match &self.subject {
            Some((kind, id)) => (Some(kind.as_str().to_owned()), Some(id.clone())),
            None => (None, None),
        };
        AuditColumns {
            occurred_at: self.occurred_at,
            actor_kind: actor_kind.to_owned(),
            actor_id: actor_id.map(str::to_owned),
            actor_role: actor_role.map(str::to_owned),
            action: self.action.clone(),
            subject_kind,
            subject_id,
            request_id: self.request_id.clone(),
            source: self.source.clone(),
            office: self.office.clone(),
            details: self.details.clone(),
        }
    }
}

/// An audit row's columns exactly as stored: what its hash covers, so a change to any column
/// (even one no event would write, such as an id on a system row) breaks the hash.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditColumns {
    /// `occurred_at`.
    pub occurred_at: DateTime<Utc>,
    /// `actor_kind`.
    pub actor_kind: String,
    /// `actor_id`.
    pub actor_id: Option<String>,
    /// `actor_role`.
    pub actor_role: Option<String>,
    /// `action`.
    pub action: String,
    /// `subject_kind`.
    pub subject_kind: Option<String>,
    /// `subject_id`.
    pub subject_id: Option<String>,
    /// `request_id`.
    pub request_id: Option<String>,
    /// `source`.
    pub source: Option<String>,
    /// `office` (always empty on rows written before the key).
    pub office: Option<String>,
    /// `details`.
    pub details: serde_json::Value,
}

impl AuditColumns {
    /// The event these columns record. Values no event writes are read as the nearest event
    /// (an unknown actor kind as the system); the hash is checked on the columns, not on this.
    pub fn event(&self) -> AuditEvent {
        let id = || self.actor_id.clone().unwrap_or_default();
        let actor = match self.actor_kind.as_str() {
            "staff" => Actor::Staff {
                id: id(),
                role: self.actor_role.clone().unwrap_or_default(),
            },
            "person" if self.actor_role.as_deref() == Some("helper") => Actor::Helper { id: id() },
            "person" => Actor::Person { id: id() },
            "api_client" => Actor::ApiClient { id: id() },
            _ => Actor::System,
        };
        let subject_kind = match self.subject_kind.as_deref() {
            Some("person") => Some(SubjectKind::Person),
            Some("household") => Some(SubjectKind::Household),
            Some("staff") => Some(SubjectKind::Staff),
            Some("office") => Some(SubjectKind::Office),
            Some("import_batch") => Some(SubjectKind::ImportBatch),
            Some("quality_finding") => Some(SubjectKind::Finding),
            _ => None,
        };
        AuditEvent {
            occurred_at: self.occurred_at,
            actor,
            action: self.action.clone(),
            subject: subject_kind.zip(self.subject_id.clone()),
            request_id: self.request_id.clone(),
            source: self.source.clone(),
            office: self.office.clone(),
            details: self.details.clone(),
        }
    }

    fn time(&self) -> String {
        self.occurred_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    }

    /// The canonical text of the row at `seq`: a JSON array in fixed column order with every
    /// object's keys sorted (explicitly: serde_json's map order depends on crate features, and
    /// PostgreSQL's JSONB reorders keys), so it is the same whichever database stored the row.
    /// Rows written before the key (`keyed: false`) had no office column, so theirs has none.
    fn canonical(&self, seq: i64, keyed: bool) -> String {
        let mut columns = vec![
            serde_json::json!(seq),
            serde_json::json!(self.time()),
            serde_json::json!(self.actor_kind),
            serde_json::json!(self.actor_id),
            serde_json::json!(self.actor_role),
            serde_json::json!(self.action),
            serde_json::json!(self.subject_kind),
            serde_json::json!(self.subject_id),
            serde_json::json!(self.request_id),
            serde_json::json!(self.source),
        ];
        if keyed {
            columns.push(serde_json::json!(self.office));
        }
        columns.push(canonical_json(&self.details));
        serde_json::Value::Array(columns).to_string()
    }

    /// The unkeyed SHA-256 link of a row written before the key existed.
    pub fn legacy_hash(&self, seq: i64, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(b"\n");
        hasher.update(self.canonical(seq, false).as_bytes());
        hex::encode(hasher.finalize())
    }
}

/// `value` with the keys of every object sorted, recursively.
fn canonical_json(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            // Serialise as an array of pairs: an ordered form no map implementation can reorder.
            serde_json::Value::Array(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        serde_json::Value::Array(vec![
                            serde_json::Value::String(k.clone()),
                            canonical_json(v),
                        ])
                    })
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(canonical_json).collect())
        }
        other => other.clone(),
    }
}

type HmacSha256 = Hmac<Sha256>;

/// How many bytes the audit secret has.
pub const AUDIT_SECRET_LEN: usize = 32;

/// The audit trail's key: an HMAC key for the chain and an Ed25519 key for checkpoints, both
/// derived from one 32-byte secret kept in a file outside the database.
#[derive(Clone)]
pub struct AuditKey {
    chain: [u8; 32],
    checkpoints: SigningKey,
    pseudonyms: [u8; 32],
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey")
            .field(
                "checkpoint_key",
                &hex::encode(self.verifying_key().as_bytes()),
            )
            .finish_non_exhaustive()
    }
}

/// `HMAC-SHA-256(key, parts…)`.
#[allow(clippy::expect_used)]
fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of every length (RFC 2104): `new_from_slice` fails only for MACs with a
    // fixed key length, which HMAC is not.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of every length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl AuditKey {
    /// The key derived from `secret` (the content of the audit key file).
    pub fn from_secret(secret: &[u8; AUDIT_SECRET_LEN]) -> AuditKey {
        let chain = hmac(secret, &[b"portal audit chain v1"]);
        let signing = hmac(secret, &[b"portal audit checkpoints v1"]);
        AuditKey {
            chain,
            checkpoints: SigningKey::from_bytes(&signing),
            pseudonyms: hmac(secret, &[b"portal pseudonyms v1"]),
        }
    }

    /// A stable pseudonym of `value` for `purpose` (keyed, so it cannot be reversed by trying
    /// every address), the same in every instance that shares the secret.
    pub fn pseudonym(&self, purpose: &str, value: &[u8]) -> String {
        hex::encode(&hmac(&self.pseudonyms, &[purpose.as_bytes(), b"\n", value])[..16])
    }

    /// A new random secret.
    pub fn new_secret(rng: &mut impl rand_core::CryptoRngCore) -> [u8; AUDIT_SECRET_LEN] {
        let mut secret = [0_u8; AUDIT_SECRET_LEN];
        rng.fill_bytes(&mut secret);
        secret
    }

    /// The public key checkpoints are signed with (to publish or pin).
    pub fn verifying_key(&self) -> VerifyingKey {
        self.checkpoints.verifying_key()
    }

    /// The keyed link of `row` at position `seq` after `prev_hash`.
    pub fn chain_hash(&self, row: &AuditColumns, seq: i64, prev_hash: &str) -> String {
        hex::encode(hmac(
            &self.chain,
            &[
                prev_hash.as_bytes(),
                b"\n",
                row.canonical(seq, true).as_bytes(),
            ],
        ))
    }

    /// The link `row` must carry at `seq`: keyed from `keyed_from` on, unkeyed before.
    pub fn expected_hash(
        &self,
        row: &AuditColumns,
        seq: i64,
        prev_hash: &str,
        keyed_from: i64,
    ) -> String {
        if seq >= keyed_from {
            self.chain_hash(row, seq, prev_hash)
        } else {
            row.legacy_hash(seq, prev_hash)
        }
    }

    /// A signed checkpoint of the chain's head.
    pub fn checkpoint(&self, head: ChainHead, at: DateTime<Utc>) -> Checkpoint {
        let at = at.trunc_subsecs(0);
        let signature = self.checkpoints.sign(head.message(at).as_bytes());
        Checkpoint {
            seq: head.seq,
            hash: head.hash,
            keyed_from: head.keyed_from,
            at,
            signature: hex::encode(signature.to_bytes()),
        }
    }

    /// Whether `checkpoint` carries this key's signature over its content.
    pub fn signed(&self, checkpoint: &Checkpoint) -> bool {
        let Ok(bytes) = hex::decode(&checkpoint.signature) else {
            return false;
        };
        let Ok(signature) = ed25519_dalek::Signature::from_slice(&bytes) else {
            return false;
        };
        let head = ChainHead {
            seq: checkpoint.seq,
            hash: checkpoint.hash.clone(),
            keyed_from: checkpoint.keyed_from,
        };
        self.verifying_key()
            .verify(head.message(checkpoint.at).as_bytes(), &signature)
            .is_ok()
    }
}

/// The chain's head: its last row and where keyed hashing starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainHead {
    /// The last row's sequence number (0: no rows).
    pub seq: i64,
    /// The last row's hash (or [`GENESIS_HASH`]).
    pub hash: String,
    /// The first row whose link is keyed.
    pub keyed_from: i64,
}

impl ChainHead {
    fn message(&self, at: DateTime<Utc>) -> String {
        format!(
            "portal-audit-checkpoint/1\n{}\n{}\n{}\n{}",
            self.seq,
            self.hash,
            self.keyed_from,
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
}

/// A signed record that the chain reached row `seq` with hash `hash`. Kept outside the
/// database, it shows later whether rows up to `seq` are all still there, unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The last row at the time.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
    /// The first keyed row at the time.
    pub keyed_from: i64,
    /// When it was taken (whole seconds).
    pub at: DateTime<Utc>,
    /// Ed25519 signature, hex.
    pub signature: String,
}

/// A stored, chained audit row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditRecord {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// The event.
    pub event: AuditEvent,
    /// The columns as stored (what the hash covers).
    #[serde(skip)]
    pub columns: AuditColumns,
    /// Hash of the previous row (or [`GENESIS_HASH`]).
    pub prev_hash: String,
    /// This row's hash.
    pub hash: String,
}

impl AuditRecord {
    /// A record of the stored `columns`.
    pub fn stored(seq: i64, columns: AuditColumns, prev_hash: String, hash: String) -> Self {
        Self {
            seq,
            event: columns.event(),
            columns,
            prev_hash,
            hash,
        }
    }
}

/// Where and why a chain check failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// A row's sequence number is not the one expected (a row was removed or inserted).
    #[error("audit row {found} follows row {expected_previous}: a row is missing or was inserted")]
    Gap {
        /// Sequence expected before.
        expected_previous: i64,
        /// Sequence found.
        found: i64,
    },
    /// A row does not point at its predecessor's hash.
    #[error("audit row {seq} does not point at the hash of the row before it")]
    BrokenLink {
        /// The row.
        seq: i64,
    },
    /// A row's content does not match its hash (it was edited).
    #[error("audit row {seq} was changed after it was written")]
    Tampered {
        /// The row.
        seq: i64,
    },
    /// The chain's head names a later row than the last one present (rows cut off the end).
    #[error("the audit trail ends at row {last_seq} but its head records row {head_seq}: rows at the end are missing")]
    Truncated {
        /// Last row present.
        last_seq: i64,
        /// Last row according to the head.
        head_seq: i64,
    },
    /// A signed checkpoint names a row past the end of the trail (rows were deleted and the
    /// head moved back, or the table was emptied).
    #[error("a signed checkpoint records row {checkpoint_seq} but the audit trail ends at row {last_seq}: rows at the end were removed")]
    CutBelowCheckpoint {
        /// The checkpoint's row.
        checkpoint_seq: i64,
        /// Last row present.
        last_seq: i64,
    },
    /// A row's hash differs from the one a signed checkpoint recorded for it.
    #[error(
        "audit row {seq} is not the row a signed checkpoint recorded: the trail was rewritten"
    )]
    CheckpointMismatch {
        /// The row.
        seq: i64,
    },
    /// A checkpoint does not carry the audit key's signature.
    #[error("the checkpoint of row {seq} is not signed by this portal's audit key")]
    CheckpointForged {
        /// The checkpoint's row.
        seq: i64,
    },
    /// The head says keyed links start at another row than signed checkpoints recorded
    /// (someone moved it to pass unkeyed hashes off as old rows).
    #[error("the audit trail says keyed links start at row {found}, but its signed checkpoints say row {signed}")]
    BoundaryMoved {
        /// The head's value.
        found: i64,
        /// The checkpoints' value.
        signed: i64,
    },
}

/// Checks rows in sequence order, continuing after `(last_seq, last_hash)`, rows from
/// `keyed_from` on against `key`. Returns the new `(last_seq, last_hash)` or the first break.
pub fn verify_chain<'a>(
    key: &AuditKey,
    keyed_from: i64,
    start: (i64, String),
    rows: impl IntoIterator<Item = &'a AuditRecord>,
) -> Result<(i64, String), ChainBreak> {
    let (mut last_seq, mut last_hash) = start;
    for row in rows {
        if row.seq != last_seq + 1 {
            return Err(ChainBreak::Gap {
                expected_previous: last_seq,
                found: row.seq,
            });
        }
        if row.prev_hash != last_hash {
            return Err(ChainBreak::BrokenLink { seq: row.seq });
        }
        if key.expected_hash(&row.columns, row.seq, &row.prev_hash, keyed_from) != row.hash {
            return Err(ChainBreak::Tampered { seq: row.seq });
        }
        last_seq = row.seq;
        last_hash.clone_from(&row.hash);
    }
    Ok((last_seq, last_hash))
}

/// Checks `checkpoints` against the key and the head before the rows are walked: every one
/// signed, every one recording the head's `keyed_from`.
pub fn check_checkpoints(
    key: &AuditKey,
    head: &ChainHead,
    checkpoints: &[Checkpoint],
) -> Result<(), ChainBreak> {
    for checkpoint in checkpoints {
        if !key.signed(checkpoint) {
            return Err(ChainBreak::CheckpointForged {
                seq: checkpoint.seq,
            });
        }
        if checkpoint.keyed_from != head.keyed_from {
            return Err(ChainBreak::BoundaryMoved {
                found: head.keyed_from,
                signed: checkpoint.keyed_from,
            });
        }
    }
    Ok(())
}

/// Checks, after the walk, that every checkpointed row is still there with the hash recorded:
/// `hash_at` gives the hash of a present row.
pub fn match_checkpoints(
    last_seq: i64,
    checkpoints: &[Checkpoint],
    hash_at: impl Fn(i64) -> Option<String>,
) -> Result<(), ChainBreak> {
    for checkpoint in checkpoints {
        if checkpoint.seq == 0 {
            continue;
        }
        if checkpoint.seq > last_seq {
            return Err(ChainBreak::CutBelowCheckpoint {
                checkpoint_seq: checkpoint.seq,
                last_seq,
            });
        }
        if hash_at(checkpoint.seq).as_deref() != Some(checkpoint.hash.as_str()) {
            return Err(ChainBreak::CheckpointMismatch {
                seq: checkpoint.seq,
            });
        }
    }
    Ok(())
}

/// The office a staff member acts from, as audit rows record it (`None`: every office).
pub fn office_of(staff: &crate::staff::Staff) -> Option<&str> {
    staff.account.office_code.as_ref().map(|o| o.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::from_secret(&[7; AUDIT_SECRET_LEN])
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// `n` rows, the first `keyed_from - 1` of them with unkeyed links.
    fn chain_from(n: i64, keyed_from: i64) -> Vec<AuditRecord> {
        let key = key();
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let event = AuditEvent::new(
                    at("2026-11-30T08:00:00.123456789Z"),
                    Actor::Staff {
                        id: "s1".into(),
                        role: "clerk".into(),
                    },
                    AuditAction::PersonView,
                )
                .about(SubjectKind::Person, format!("p{seq}"))
                .at_office(Some("AMM"))
                .with_details(serde_json::json!({"fields": ["phone"], "b": 1, "a": 2}));
                let columns = event.columns();
                let hash = key.expected_hash(&columns, seq, &prev, keyed_from);
                let record = AuditRecord::stored(seq, columns, prev.clone(), hash.clone());
                prev = hash;
                record
            })
            .collect()
    }

    fn chain(n: i64) -> Vec<AuditRecord> {
        chain_from(n, 1)
    }

    fn verify(rows: &[AuditRecord]) -> Result<(i64, String), ChainBreak> {
        verify_chain(&key(), 1, (0, GENESIS_HASH.into()), rows)
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let rows = chain(5);
        let (seq, hash) = verify(&rows).unwrap();
        assert_eq!(seq, 5);
        assert_eq!(hash, rows[4].hash);
    }

    #[test]
    fn an_edited_row_is_caught_at_that_row() {
        let mut rows = chain(5);
        rows[2].columns.action = "person.update".into();
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 3 }));
    }

    #[test]
    fn every_column_is_covered_even_ones_no_event_writes() {
        let mut rows = chain(3);
        rows[1].columns.actor_kind = "system".into();
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 2 }));
        let mut rows = chain(3);
        rows[1].columns.office = Some("ATH".into());
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 2 }));
        let mut rows = chain(3);
        rows[1].columns.subject_kind = Some("alien".into());
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 2 }));
    }

    #[test]
    fn a_removed_row_is_caught_as_a_gap() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(
            verify(&rows),
            Err(ChainBreak::Gap {
                expected_previous: 1,
                found: 3
            })
        );
    }

    #[test]
    fn a_row_rehashed_without_the_key_is_caught() {
        let mut rows = chain(5);
        rows[4].columns.source = Some("10.0.0.9".into());
        // Whoever has the database but not the key can only compute an unkeyed hash, or a
        // keyed one under a key of their own.
        rows[4].hash = rows[4].columns.legacy_hash(5, &rows[4].prev_hash);
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 5 }));
        let other = AuditKey::from_secret(&[8; AUDIT_SECRET_LEN]);
        rows[4].hash = other.chain_hash(&rows[4].columns, 5, &rows[4].prev_hash);
        assert_eq!(verify(&rows), Err(ChainBreak::Tampered { seq: 5 }));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let mut rows = chain(5);
        rows[2].columns.source = Some("10.0.0.9".into());
        rows[2].hash = key().chain_hash(&rows[2].columns, 3, &rows[2].prev_hash);
        assert_eq!(verify(&rows), Err(ChainBreak::BrokenLink { seq: 4 }));
    }

    #[test]
    fn rows_before_the_key_keep_their_unkeyed_links() {
        let rows = chain_from(6, 4);
        assert_eq!(
            rows[0].hash,
            rows[0].columns.legacy_hash(1, GENESIS_HASH),
            "row 1 is unkeyed"
        );
        assert!(verify_chain(&key(), 4, (0, GENESIS_HASH.into()), &rows).is_ok());
        // Claiming every row is old does not pass the keyed ones off as unkeyed.
        assert_eq!(
            verify_chain(&key(), 7, (0, GENESIS_HASH.into()), &rows),
            Err(ChainBreak::Tampered { seq: 4 })
        );
    }

    #[test]
    fn checkpoints_are_signed_and_checked_against_the_head_and_the_rows() {
        let key = key();
        let rows = chain(5);
        let head = ChainHead {
            seq: 5,
            hash: rows[4].hash.clone(),
            keyed_from: 1,
        };
        let checkpoint = key.checkpoint(head.clone(), at("2026-11-30T09:00:00.5Z"));
        assert!(key.signed(&checkpoint));
        assert_eq!(checkpoint.at, at("2026-11-30T09:00:00Z"));
        let checkpoints = vec![checkpoint.clone()];
        assert_eq!(check_checkpoints(&key, &head, &checkpoints), Ok(()));
        let hash_at = |seq: i64| rows.iter().find(|r| r.seq == seq).map(|r| r.hash.clone());
        assert_eq!(match_checkpoints(5, &checkpoints, hash_at), Ok(()));
        // Rows cut off the end, the checkpointed row rewritten.
        assert_eq!(
            match_checkpoints(4, &checkpoints, hash_at),
            Err(ChainBreak::CutBelowCheckpoint {
                checkpoint_seq: 5,
                last_seq: 4
            })
        );
        assert_eq!(
            match_checkpoints(5, &checkpoints, |_| Some(GENESIS_HASH.into())),
            Err(ChainBreak::CheckpointMismatch { seq: 5 })
        );
        // The boundary moved, a checkpoint edited or signed by another key.
        let moved = ChainHead {
            keyed_from: 6,
            ..head.clone()
        };
        assert_eq!(
            check_checkpoints(&key, &moved, &checkpoints),
            Err(ChainBreak::BoundaryMoved {
                found: 6,
                signed: 1
            })
        );
        let mut edited = checkpoint.clone();
        edited.seq = 3;
        assert_eq!(
            check_checkpoints(&key, &head, &[edited]),
            Err(ChainBreak::CheckpointForged { seq: 3 })
        );
        let other = AuditKey::from_secret(&[9; AUDIT_SECRET_LEN]);
        let foreign = other.checkpoint(head.clone(), at("2026-11-30T09:00:00Z"));
        assert_eq!(
            check_checkpoints(&key, &head, &[foreign]),
            Err(ChainBreak::CheckpointForged { seq: 5 })
        );
        let mut garbled = checkpoint;
        garbled.signature = "zz".into();
        assert!(!key.signed(&garbled));
    }

    #[test]
    fn the_key_is_never_shown() {
        let shown = format!("{:?}", key());
        assert!(shown.contains("checkpoint_key"));
        assert!(!shown.contains(&hex::encode([7_u8; AUDIT_SECRET_LEN])));
    }

    #[test]
    fn every_action_has_its_own_code_that_reads_back() {
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(*action));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::from_code("person.teleport"), None);
    }

    #[test]
    fn the_hash_does_not_depend_on_key_order() {
        let when = at("2026-11-30T08:00:00Z");
        let a = AuditEvent::new(when, Actor::System, AuditAction::ImportRun)
            .with_details(serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap());
        let b = AuditEvent::new(when, Actor::System, AuditAction::ImportRun)
            .with_details(serde_json::from_str(r#"{"a":{"c":3,"d":2},"b":1}"#).unwrap());
        assert_eq!(
            key().chain_hash(&a.columns(), 1, GENESIS_HASH),
            key().chain_hash(&b.columns(), 1, GENESIS_HASH)
        );
    }

    #[test]
    fn times_are_kept_to_the_microsecond() {
        let rows = chain(1);
        assert_eq!(
            rows[0].event.occurred_at.timestamp_subsec_nanos(),
            123_456_000
        );
    }

    #[test]
    fn stored_columns_read_back_as_the_event() {
        let rows = chain(1);
        assert_eq!(rows[0].event, rows[0].columns.event());
        assert_eq!(rows[0].event.office.as_deref(), Some("AMM"));
    }

    #[test]
    fn pseudonyms_are_stable_per_secret_and_purpose_and_hide_the_value() {
        let other = AuditKey::from_secret(&[9; AUDIT_SECRET_LEN]);
        let a = key().pseudonym("sign-in", b"203.0.113.7");
        assert_eq!(
            a,
            key().pseudonym("sign-in", b"203.0.113.7"),
            "every instance agrees"
        );
        assert_eq!(a.len(), 32);
        assert!(!a.contains("203"));
        assert_ne!(a, key().pseudonym("verify", b"203.0.113.7"), "per purpose");
        assert_ne!(a, key().pseudonym("sign-in", b"203.0.113.8"));
        assert_ne!(
            a,
            other.pseudonym("sign-in", b"203.0.113.7"),
            "per deployment"
        );
    }
}
