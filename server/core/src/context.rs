//! What every use case is told about the call it serves: the instant (read once from the
//! clock by the caller) and the HTTP request id for the audit trail.
//!
//! Owns: building audit events stamped with that instant and request. Must never: read the
//! clock itself.

use chrono::{DateTime, Utc};
use portal_domain::audit::{office_of, Actor, AuditAction, AuditEvent, SubjectKind};
use portal_domain::delegation::Acting;
use portal_domain::person::PersonId;
use portal_domain::staff::{Staff, StaffRole};
use portal_storage::requests::StepActor;

/// When a use case runs and on behalf of which HTTP request.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// The instant of the action.
    pub now: DateTime<Utc>,
    /// The HTTP request id (`X-Request-Id`), for the audit trail.
    pub request_id: Option<&'a str>,
    /// A trusted helper acting for the person (their actions are recorded as the helper's).
    pub helping: Option<Acting>,
}

impl<'a> Ctx<'a> {
    /// A call at `now`, outside any HTTP request (command line, jobs, tests).
    pub fn at(now: DateTime<Utc>) -> Ctx<'static> {
        Ctx {
            now,
            request_id: None,
            helping: None,
        }
    }

    /// A call at `now` serving the HTTP request `request_id`.
    pub fn in_request(now: DateTime<Utc>, request_id: Option<&'a str>) -> Ctx<'a> {
        Ctx {
            now,
            request_id,
            helping: None,
        }
    }

    /// This call, made by a helper acting under `acting` (when some).
    pub fn helped(self, acting: Option<Acting>) -> Ctx<'a> {
        Ctx {
            helping: acting,
            ..self
        }
    }

    /// Who acts when `person` acts on their own record in this call: the person, or their
    /// helper acting for them.
    pub fn person_actor(&self, person: PersonId) -> Actor {
        match self.helping {
            Some(acting) if acting.person == person => Actor::Helper {
                id: acting.helper.0.to_string(),
            },
            _ => person_actor(person),
        }
    }

    /// The request history's name for the same.
    pub fn step_actor(&self, person: PersonId) -> StepActor<'static> {
        match self.helping {
            Some(acting) if acting.person == person => StepActor::Helper,
            _ => StepActor::Person,
        }
    }

    /// An audit event of this call.
    pub fn event(&self, actor: Actor, action: AuditAction) -> AuditEvent {
        let event = AuditEvent::new(self.now, actor, action);
        match self.request_id {
            Some(id) => event.in_request(id),
            None => event,
        }
    }

    /// An event of a person acting about their own record (or of their helper acting for
    /// them, with the delegation in the details).
    pub fn person_event(&self, person: PersonId, action: AuditAction) -> AuditEvent {
        let event = self
            .event(self.person_actor(person), action)
            .about(SubjectKind::Person, person.0.to_string());
        match self.helping {
            Some(acting) if acting.person == person => event
                .with_details(serde_json::json!({ "delegation": acting.delegation.0.to_string() })),
            _ => event,
        }
    }

    /// An event of a staff member acting in `role` about `person`'s record, with the office
    /// they act from (shown in the person's access log).
    pub fn staff_event(
        &self,
        staff: &Staff,
        role: StaffRole,
        action: AuditAction,
        person: PersonId,
        details: serde_json::Value,
    ) -> AuditEvent {
        self.event(staff_actor(staff, role), action)
            .about(SubjectKind::Person, person.0.to_string())
            .at_office(office_of(staff))
            .with_details(details)
    }
}

/// A person as the actor of an audit event.
pub fn person_actor(person: PersonId) -> Actor {
    Actor::Person {
        id: person.0.to_string(),
    }
}

/// A staff member acting in `role`.
pub fn staff_actor(staff: &Staff, role: StaffRole) -> Actor {
    Actor::Staff {
        id: staff.id.0.to_string(),
        role: role.as_str().to_owned(),
    }
}
