//! `/help` (public) and the staff's list of complaints and feedback.
//!
//! Owns: the shapes of the help page and of a feedback line. Must never: send the public page
//! anything about people, or staff the feedback of another office.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One place where an office receives people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceLine {
    /// Office code (for the form's choice).
    pub office: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Public phone, international form.
    pub phone: Option<String>,
    /// Opening hours: ISO weekday (1 = Monday), opens and closes as `HH:MM`.
    pub hours: Vec<(u32, String, String)>,
}

/// An office people may name in the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChoice {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// What `/help` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpContents {
    /// The places, by office and name.
    pub places: Vec<PlaceLine>,
    /// The offices.
    pub offices: Vec<OfficeChoice>,
}

/// One complaint or piece of feedback, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackLine {
    /// Reference.
    pub reference: String,
    /// `complaint` or `feedback`.
    pub complaint: bool,
    /// The office it is about, if any.
    pub office: Option<String>,
    /// The text.
    pub message: String,
    /// How to reach the sender, if given.
    pub contact: Option<String>,
    /// Sent by a signed-in person.
    pub signed_in: bool,
    /// When, `YYYY-MM-DD HH:MM` at the staff member's office.
    pub at: String,
}

/// The places, their phones and hours, and the offices to choose from.
#[server(prefix = "/api", endpoint = "help")]
pub async fn help_data() -> Result<HelpContents, ServerFnError> {
    use crate::server::request::{fail, read};

    let mut db = read().await?;
    let page = portal_core::help::page(&mut db).await.map_err(fail)?;
    Ok(HelpContents {
        places: page
            .places
            .into_iter()
            .map(|p| PlaceLine {
                office: p.office_code,
                name: p.name,
                address: p.address,
                phone: p.phone,
                hours: p
                    .hours
                    .iter()
                    .map(|h| {
                        (
                            h.weekday.number_from_monday(),
                            h.opens.format("%H:%M").to_string(),
                            h.closes.format("%H:%M").to_string(),
                        )
                    })
                    .collect(),
            })
            .collect(),
        offices: page
            .offices
            .into_iter()
            .map(|o| OfficeChoice {
                code: o.code.as_str().to_owned(),
                name: o.name,
            })
            .collect(),
    })
}

/// The complaints and feedback the staff member may read (audited).
#[server(prefix = "/api", endpoint = "staff/feedback")]
pub async fn staff_feedback() -> Result<Vec<FeedbackLine>, ServerFnError> {
    use crate::server::request::{commit, desk, fail, local_time};

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let mut tx = desk.begin().await?;
    let read = portal_core::help::for_staff(&mut tx, &call.ctx(), staff)
        .await
        .map_err(fail)?;
    commit(tx).await?;
    let zone = read.zone;
    Ok(read
        .items
        .into_iter()
        .map(|f| FeedbackLine {
            reference: f.reference,
            complaint: f.kind == "complaint",
            office: f.office_code,
            message: f.body,
            contact: f.contact,
            signed_in: f.person_id.is_some(),
            at: local_time(f.created_at, zone),
        })
        .collect())
}
