//! A phone holding a passkey: webauthn-authenticator-rs' `SoftPasskey`, plus what a
//! resident-key authenticator remembers.
//!
//! `SoftPasskey` cannot store discoverable (resident) credentials. The phone stands in for
//! that part: it drops the resident-key requirement before the authenticator sees the creation
//! options, names its credential in the request options, and attaches the user handle to the
//! assertion, exactly what a resident-key authenticator returns. None of this is signed data,
//! so every cryptographic check on the server runs unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use url::Url;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs_proto::{
    AllowCredentials, CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse,
    ResidentKeyRequirement,
};

/// The relying party's origin in the test configuration (`PORTAL_PUBLIC_URL`'s default).
pub const ORIGIN: &str = "http://localhost:3000";

/// A phone holding one passkey.
pub struct Phone {
    authenticator: SoftPasskey,
    credential_id: Option<Vec<u8>>,
    user_handle: Option<Vec<u8>>,
}

impl Default for Phone {
    fn default() -> Self {
        Self::new()
    }
}

impl Phone {
    /// A phone without a passkey yet (user verification on).
    pub fn new() -> Phone {
        Phone {
            authenticator: SoftPasskey::new(true),
            credential_id: None,
            user_handle: None,
        }
    }

    /// The id of the passkey it holds, once created.
    pub fn credential_id(&self) -> Option<&[u8]> {
        self.credential_id.as_deref()
    }

    /// Creates a passkey for the creation options the server sent, as a page at `origin`;
    /// returns the registration response to send back.
    ///
    /// # Panics
    /// When the options are not creation options or the authenticator refuses them.
    pub fn create_at(&mut self, options: Value, origin: &str) -> Value {
        let mut options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.resident_key = Some(ResidentKeyRequirement::Discouraged);
            selection.require_resident_key = false;
        }
        self.user_handle = Some(options.public_key.user.id.to_vec());
        let credential = self
            .authenticator
            .do_registration(Url::parse(origin).unwrap(), options)
            .unwrap();
        self.credential_id = Some(credential.raw_id.to_vec());
        serde_json::to_value(credential).unwrap()
    }

    /// [`Phone::create_at`] the portal's own origin.
    pub fn create(&mut self, options: Value) -> Value {
        self.create_at(options, ORIGIN)
    }

    /// Signs the request options the server sent with its passkey, as a page at `origin`;
    /// returns the assertion to send back.
    ///
    /// # Panics
    /// When the phone has no passkey yet or the options are not request options.
    pub fn assert_at(&mut self, options: Value, origin: &str) -> Value {
        let mut options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
        options.public_key.allow_credentials = vec![AllowCredentials {
            type_: "public-key".into(),
            id: self.credential_id.clone().expect("the phone has a passkey"),
            transports: None,
        }];
        let mut assertion: PublicKeyCredential = self
            .authenticator
            .do_authentication(Url::parse(origin).unwrap(), options)
            .unwrap();
        assertion.response.user_handle = self.user_handle.clone();
        serde_json::to_value(assertion).unwrap()
    }

    /// [`Phone::assert_at`] the portal's own origin.
    pub fn assert(&mut self, options: Value) -> Value {
        self.assert_at(options, ORIGIN)
    }
}
