//! One module per page of the site map.

pub mod appointments;
pub mod credentials;
pub mod enroll;
pub mod help;
pub mod home;
pub mod me;
pub mod my_data;
pub mod my_messages;
pub mod my_passkeys;
pub mod my_requests;
pub mod not_found;
pub mod signin;
pub mod staff;
pub mod staff_admin;
pub mod staff_people;
pub mod staff_quality;
pub mod staff_reports;
pub mod staff_requests;
pub mod trusted;
