//! One module per page of the site map.

pub mod home;
pub mod not_found;
