//! Codes of appointments: where an appointment stands.
//!
//! Owns: the appointment status code, its serde form (stored in databases as JSON) and its
//! words. Must never: hold booking rules (slots, limits, cut-offs stay in the domain crate), or
//! change a code or a serde name.

use portal_i18n::Key;

use crate::label::Keyed;
use crate::validation::Field;

crate::code_enum! {
    /// Where an appointment stands.
    AppointmentStatus, Field::Status, "booked, attended, no_show, cancelled" {
        /// Booked and upcoming.
        Booked = "booked",
        /// The person came.
        Attended = "attended",
        /// The person did not come.
        NoShow = "no_show",
        /// Cancelled by the person or by staff.
        Cancelled = "cancelled",
    }
}

impl Keyed for AppointmentStatus {
    fn key(&self) -> Key {
        match self {
            AppointmentStatus::Booked => Key::AppointmentsStatusBooked,
            AppointmentStatus::Attended => Key::AppointmentsStatusAttended,
            AppointmentStatus::NoShow => Key::AppointmentsStatusNoShow,
            AppointmentStatus::Cancelled => Key::AppointmentsStatusCancelled,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{assert_code_enum, json};

    #[test]
    fn every_code_parses_back_serialises_as_today_and_has_words() {
        assert_code_enum(
            AppointmentStatus::ALL,
            AppointmentStatus::parse,
            AppointmentStatus::as_str,
        );
    }

    #[test]
    fn a_missed_appointment_is_stored_as_no_show() {
        assert_eq!(AppointmentStatus::NoShow.as_str(), "no_show");
        assert_eq!(json(&AppointmentStatus::NoShow), "\"no_show\"");
        assert_eq!(
            AppointmentStatus::parse("NO_SHOW").unwrap(),
            AppointmentStatus::NoShow
        );
    }
}
