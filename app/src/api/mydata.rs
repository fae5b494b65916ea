//! "My data": everything the portal holds about the signed-in person, for the readable page
//! (the file is `GET /api/me/data.json`). Gathering it is an audited export.
//!
//! Owns: the shape of the readable page. Must never: carry more than the file does.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::appointments::AppointmentLine;
use crate::api::requests::{EventLine, MemberLine, RequestLine};
use portal_types::{
    CredentialKind, CredentialStatus, Language, Nationality, Sex, SpecificNeed, StatusReason,
};

/// The record's facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordFacts {
    /// Name.
    pub name: String,
    /// Registration number.
    pub registration_number: String,
    /// Case number.
    pub case_number: String,
    /// Date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// Sex.
    pub sex: Sex,
    /// Nationality.
    pub nationality: Nationality,
    /// Languages.
    pub languages: Vec<Language>,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Specific needs (those meant for them).
    pub needs: Vec<SpecificNeed>,
    /// Whether a photo is kept.
    pub photo: bool,
}

/// A request with its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestHistory {
    /// The request.
    pub line: RequestLine,
    /// Its steps.
    pub events: Vec<EventLine>,
    /// How many files came with it.
    pub documents: usize,
}

/// A credential issued to the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialFact {
    /// Kind.
    pub kind: CredentialKind,
    /// Status.
    pub status: CredentialStatus,
    /// Why, when not active.
    pub reason: Option<StatusReason>,
    /// Issued, `YYYY-MM-DD`.
    pub issued: String,
    /// Valid until, `YYYY-MM-DD`.
    pub valid_until: Option<String>,
}

/// Everything, as the readable page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDataView {
    /// The record.
    pub record: RecordFacts,
    /// The other members of the household.
    pub household: Vec<MemberLine>,
    /// Requests.
    pub requests: Vec<RequestHistory>,
    /// Appointments.
    pub appointments: Vec<AppointmentLine>,
    /// Credentials.
    pub credentials: Vec<CredentialFact>,
    /// Staff reads and changes of the record.
    pub access_log: usize,
    /// Messages.
    pub messages: usize,
}

/// Everything the portal holds about the signed-in person (an audited export).
#[server(prefix = "/api", endpoint = "me/data")]
pub async fn my_data() -> Result<MyDataView, ServerFnError> {
    use crate::api::appointments::backend as appointments;
    use crate::api::requests::backend as requests;
    use crate::server::request::{begin, call, commit, fail, me, state, zone_of};
    use portal_core::booking::agenda;

    let me = me()?;
    let call = call()?;
    let photos = state()?.web.documents.clone();
    let mut tx = begin().await?;
    let data = portal_core::mydata::gather(&mut tx, &call.ctx(), &photos, me)
        .await
        .map_err(fail)?;
    let zone = zone_of(&mut tx, me).await?;
    let services = agenda::services(&mut tx).await.map_err(fail)?;
    commit(tx).await?;
    let person = &data.person;
    let record = &person.record;
    Ok(MyDataView {
        record: RecordFacts {
            name: requests::name(person),
            registration_number: record.registration_number.as_str().to_owned(),
            case_number: data.case_number.clone(),
            date_of_birth: record.date_of_birth.date.to_string(),
            sex: record.sex,
            nationality: record.nationality,
            languages: record.languages.clone(),
            phone: record.phone.as_ref().map(|v| v.as_str().to_owned()),
            email: record.email.as_ref().map(|v| v.as_str().to_owned()),
            address: record.address.as_ref().map(|v| v.as_str().to_owned()),
            needs: record.specific_needs.clone(),
            photo: data.photo.is_some(),
        },
        household: data
            .household
            .iter()
            .map(|p| requests::member(p, Some(me)))
            .collect(),
        requests: data
            .requests
            .iter()
            .map(|r| RequestHistory {
                line: requests::line(&r.request),
                events: requests::events(&r.history, zone),
                documents: r.documents.len(),
            })
            .collect(),
        appointments: data
            .appointments
            .iter()
            .map(|a| appointments::line(a, &services, &data.locations, false))
            .collect(),
        credentials: data
            .credentials
            .iter()
            .map(|c| CredentialFact {
                kind: c.kind,
                status: c.status,
                reason: c.status_reason.map(StatusReason::for_verifier),
                issued: c.issued_at.date_naive().to_string(),
                valid_until: c.valid_until.map(|d| d.date_naive().to_string()),
            })
            .collect(),
        access_log: data.access_log.len(),
        messages: data.messages.len(),
    })
}
