//! Building blocks shared by pages.

pub mod confirm;
pub mod dates;
pub mod language;
pub mod layout;
pub mod request_form;
pub mod signout;
