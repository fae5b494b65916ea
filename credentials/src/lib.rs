//! `portal-credentials`: the pure verifiable-credentials library of the
//! refugee self-service portal.
//!
//! Owns: the W3C VC data model, signing and verification, status lists,
//! DID documents and the QR payload codec.
//! Never does: any I/O (files, network, clock reads, databases). Time is
//! always passed in by the caller.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod base45;
pub mod data_integrity;
pub mod did;
pub mod error;
pub mod jcs;
#[cfg(feature = "jose")]
pub mod jose;
pub mod jws_shape;
pub mod jwt;
pub mod keys;
pub mod model;
pub mod offline;
pub mod oid4vci;
pub mod oid4vp;
pub mod qr;
pub mod rdf_canon;
#[cfg(feature = "rdfc")]
pub mod rdfc;
pub mod sd_jwt;
pub mod sd_jwt_vc;
pub mod status;
pub mod verdict;
pub mod verify;

pub use error::CredentialError;
