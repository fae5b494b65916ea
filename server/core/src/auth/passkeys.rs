//! WebAuthn ceremonies with webauthn-rs: registering a passkey and signing in with one.
//!
//! Ceremony state never leaves the server: it is parked on the browser's session, taken once,
//! and refused after five minutes. Registration asks for a discoverable credential (so sign-in
//! needs no user name) and user verification (fingerprint, face or screen lock).
//!
//! Owns: the WebAuthn relying party. Must never: accept an assertion whose counter went
//! backwards, or a credential from another origin.

use serde::{Deserialize, Serialize};
use url::Url;
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Webauthn,
    WebauthnBuilder, WebauthnError,
};
use webauthn_rs_proto::ResidentKeyRequirement;

/// A ceremony waiting for the browser's answer.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ceremony {
    /// Creating a passkey for `user_handle`.
    Registration {
        /// The account's WebAuthn user handle.
        user_handle: Uuid,
        /// webauthn-rs' state.
        state: PasskeyRegistration,
    },
    /// Signing in with any discoverable passkey.
    Authentication {
        /// webauthn-rs' state.
        state: DiscoverableAuthentication,
    },
}

/// Why a ceremony failed. The visitor sees one generic message; the kind goes to the audit trail.
#[derive(Debug, thiserror::Error)]
pub enum PasskeyError {
    /// The relying party could not be set up from the public URL.
    #[error("the public URL cannot be used for passkeys: {0}")]
    Setup(String),
    /// The browser's answer does not verify (wrong origin, replayed challenge, bad signature).
    #[error("the passkey answer does not verify")]
    Rejected(#[source] WebauthnError),
    /// The signature counter did not increase: the credential may be cloned.
    #[error("the passkey's signature counter went backwards")]
    CounterRegression,
    /// The credential is not known here.
    #[error("unknown passkey")]
    UnknownCredential,
    /// Ceremony state could not be (de)serialised.
    #[error("ceremony state is not readable")]
    State,
    /// The portal's public URL is an IP address: browsers refuse passkeys there.
    #[error("{PASSKEYS_NEED_A_NAME}")]
    Unavailable,
}

/// Why a portal reached at an IP address has no passkeys (its start-up warning says the same).
pub const PASSKEYS_NEED_A_NAME: &str = "passkeys need the portal to be reached by a domain name, \
    not an IP address (browsers refuse a passkey for an IP address), so nobody can sign in here; \
    the verifier, the VC-API and the status lists work. Give the machine a name (a local DNS \
    name such as portal.lan will do) and set PORTAL_PUBLIC_URL to it";

impl From<PasskeyError> for crate::error::CoreError {
    fn from(error: PasskeyError) -> Self {
        match error {
            PasskeyError::Unavailable => Self::NotOffered(PASSKEYS_NEED_A_NAME),
            other => Self::Setup(other.to_string()),
        }
    }
}

/// The relying party; none when the portal's public URL is an IP address.
#[derive(Clone)]
pub struct PasskeyService {
    webauthn: Option<std::sync::Arc<Webauthn>>,
}

impl std::fmt::Debug for PasskeyService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasskeyService")
    }
}

/// The result of a verified sign-in.
#[derive(Debug)]
pub struct SignIn {
    /// The account's user handle.
    pub user_handle: Uuid,
    /// The credential, updated with the new counter and backup flags.
    pub credential: Passkey,
}

impl PasskeyService {
    /// A relying party for the portal at `public_url` (its host is the RP id).
    pub fn new(public_url: &Url, rp_name: &str) -> Result<Self, crate::error::CoreError> {
        Self::build(public_url, rp_name).map_err(|e| crate::error::CoreError::Setup(e.to_string()))
    }

    fn build(public_url: &Url, rp_name: &str) -> Result<Self, PasskeyError> {
        let rp_id = match public_url.host() {
            Some(url::Host::Domain(domain)) => domain,
            // A LAN deployment at an address: everything but passkeys (see `Unavailable`).
            Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) => return Ok(Self { webauthn: None }),
            None => return Err(PasskeyError::Setup("no host".into())),
        };
        let webauthn = WebauthnBuilder::new(rp_id, public_url)
            .map_err(|e| PasskeyError::Setup(e.to_string()))?
            .rp_name(rp_name)
            .timeout(std::time::Duration::from_secs(300))
            .build()
            .map_err(|e| PasskeyError::Setup(e.to_string()))?;
        Ok(Self {
            webauthn: Some(std::sync::Arc::new(webauthn)),
        })
    }

    /// Whether passkeys work here (not at an IP address).
    pub fn is_available(&self) -> bool {
        self.webauthn.is_some()
    }

    fn webauthn(&self) -> Result<&Webauthn, PasskeyError> {
        self.webauthn.as_deref().ok_or(PasskeyError::Unavailable)
    }

    /// Starts creating a discoverable, user-verified passkey for `user_handle`.
    pub fn start_registration(
        &self,
        user_handle: Uuid,
        user_name: &str,
        display_name: &str,
        existing: Vec<Vec<u8>>,
    ) -> Result<(CreationChallengeResponse, Ceremony), PasskeyError> {
        let exclude = (!existing.is_empty()).then(|| existing.into_iter().collect());
        let (mut options, state) = self
            .webauthn()?
            .start_passkey_registration(user_handle, user_name, display_name, exclude)
            .map_err(PasskeyError::Rejected)?;
        // Sign-in is username-less, so the credential must be discoverable (resident).
        if let Some(selection) = options.public_key.authenticator_selection.as_mut() {
            selection.resident_key = Some(ResidentKeyRequirement::Required);
            selection.require_resident_key = true;
        }
        Ok((options, Ceremony::Registration { user_handle, state }))
    }

    /// Checks the browser's answer to a registration.
    pub fn finish_registration(
        &self,
        answer: &RegisterPublicKeyCredential,
        state: &PasskeyRegistration,
    ) -> Result<Passkey, PasskeyError> {
        self.webauthn()?
            .finish_passkey_registration(answer, state)
            .map_err(PasskeyError::Rejected)
    }

    /// Starts a username-less sign-in. `conditional` asks for passkey autofill on the form.
    pub fn start_authentication(
        &self,
        conditional: bool,
    ) -> Result<(RequestChallengeResponse, Ceremony), PasskeyError> {
        let (mut options, state) = self
            .webauthn()?
            .start_discoverable_authentication()
            .map_err(PasskeyError::Rejected)?;
        if !conditional {
            options.mediation = None;
        }
        Ok((options, Ceremony::Authentication { state }))
    }

    /// The user handle and credential id an answer claims, to look the credential up.
    pub fn identify<'a>(
        &self,
        answer: &'a PublicKeyCredential,
    ) -> Result<(Uuid, &'a [u8]), PasskeyError> {
        self.webauthn()?
            .identify_discoverable_authentication(answer)
            .map_err(PasskeyError::Rejected)
    }

    /// Checks a sign-in answer against the stored credential and returns it updated.
    /// webauthn-rs refuses a signature counter that did not increase
    /// (`CredentialPossibleCompromise`): a sign of a cloned authenticator.
    pub fn finish_authentication(
        &self,
        answer: &PublicKeyCredential,
        state: DiscoverableAuthentication,
        user_handle: Uuid,
        mut credential: Passkey,
    ) -> Result<SignIn, PasskeyError> {
        let result = self
            .webauthn()?
            .finish_discoverable_authentication_v2(answer, state, &credential)
            .map_err(|error| match error {
                WebauthnError::CredentialPossibleCompromise => PasskeyError::CounterRegression,
                other => PasskeyError::Rejected(other),
            })?;
        credential.update_credential(&result);
        Ok(SignIn {
            user_handle,
            credential,
        })
    }

    /// Serialises a ceremony for the session row.
    pub fn park(ceremony: &Ceremony) -> Result<String, PasskeyError> {
        serde_json::to_string(ceremony).map_err(|_| PasskeyError::State)
    }

    /// Reads a parked ceremony back.
    pub fn unpark(json: &str) -> Result<Ceremony, PasskeyError> {
        serde_json::from_str(json).map_err(|_| PasskeyError::State)
    }
}
