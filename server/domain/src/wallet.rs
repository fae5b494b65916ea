//! Offers of a credential to a wallet app (OpenID4VCI, pre-authorized code flow): the offer's
//! life, its transaction code, and the refusals a wallet is told about.
//!
//! A person asks for an offer of one of their credentials; the portal shows a QR code (the
//! pre-authorized code inside) and, separately, a six-digit transaction code. A wallet trades
//! both for an access token once; the token buys each offered format once, for five minutes.
//!
//! Owns: the rules (lifetimes, attempts, single use). Must never: keep a code in clear (only
//! hashes are stored), or let an offer be redeemed twice.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use rand_core::{OsRng, RngCore};
use uuid::Uuid;

use crate::person::PersonId;
use crate::tokens::TokenHash;

/// How long an offer may be redeemed.
pub const OFFER_LIFETIME: Duration = Duration::minutes(10);
/// How long an access token buys credentials.
pub const TOKEN_LIFETIME: Duration = Duration::minutes(5);
/// Wrong transaction codes before an offer is spent.
pub const MAX_TX_ATTEMPTS: i64 = 5;
/// Digits of a transaction code.
pub const TX_CODE_DIGITS: usize = 6;

/// An offer's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OfferId(pub Uuid);

/// An offer as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletOffer {
    /// Id.
    pub id: OfferId,
    /// Whose credential.
    pub person: PersonId,
    /// Which credential.
    pub credential: Uuid,
    /// Made at.
    pub created_at: DateTime<Utc>,
    /// Redeemable until.
    pub expires_at: DateTime<Utc>,
    /// Wrong transaction codes so far.
    pub failed_attempts: i64,
    /// When a wallet traded it for an access token.
    pub redeemed_at: Option<DateTime<Utc>>,
    /// Until when that token buys credentials.
    pub token_expires_at: Option<DateTime<Utc>>,
    /// The configurations already issued under the token.
    pub issued: Vec<String>,
}

/// Where an offer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferState {
    /// A wallet may redeem it.
    Open,
    /// A wallet redeemed it.
    Redeemed,
    /// Too many wrong transaction codes: spent.
    Locked,
    /// Too late, or replaced by a newer offer.
    Expired,
}

impl WalletOffer {
    /// Where the offer stands at `now`.
    pub fn state(&self, now: DateTime<Utc>) -> OfferState {
        if self.redeemed_at.is_some() {
            OfferState::Redeemed
        } else if self.failed_attempts >= MAX_TX_ATTEMPTS {
            OfferState::Locked
        } else if now >= self.expires_at {
            OfferState::Expired
        } else {
            OfferState::Open
        }
    }

    /// Whether the access token of this offer still buys credentials at `now`.
    pub fn token_live(&self, now: DateTime<Utc>) -> bool {
        self.token_expires_at.is_some_and(|until| now < until)
    }
}

/// The six digits a person types into the wallet. Shown once on the portal page, stored as a
/// hash bound to its offer.
#[derive(Clone, PartialEq, Eq)]
pub struct TxCode(String);

impl TxCode {
    /// A fresh code, uniformly random.
    pub fn generate() -> Self {
        let modulus = 10_u32.pow(TX_CODE_DIGITS as u32);
        // Rejection sampling keeps every code equally likely.
        let limit = u32::MAX - u32::MAX % modulus;
        loop {
            let n = OsRng.next_u32();
            if n < limit {
                return Self(format!("{:0width$}", n % modulus, width = TX_CODE_DIGITS));
            }
        }
    }

    /// A typed code: spaces and dashes are ignored, Arabic-Indic and Persian digits read as
    /// their ASCII digits (a phone keyboard in Arabic or Dari types them); anything but six
    /// digits is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        let digits: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match u32::from(c) {
                0x0660..=0x0669 => char::from_u32(u32::from(c) - 0x0660 + 0x30).unwrap_or(c),
                0x06F0..=0x06F9 => char::from_u32(u32::from(c) - 0x06F0 + 0x30).unwrap_or(c),
                _ => c,
            })
            .collect();
        (digits.len() == TX_CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Self(digits))
    }

    /// The digits, for the wallet (no spaces).
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// For the page: `123 456`.
    pub fn display(&self) -> String {
        let (a, b) = self.0.split_at(TX_CODE_DIGITS / 2);
        format!("{a} {b}")
    }

    /// The stored form, bound to `offer` (the same digits hash differently per offer).
    pub fn hash(&self, offer: OfferId) -> TokenHash {
        TokenHash::of(format!("wallet-tx:{}:{}", offer.0, self.0).as_bytes())
    }
}

impl fmt::Debug for TxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TxCode(<redacted>)")
    }
}

/// Why a wallet's request was refused, in the OAuth 2.0 and OpenID4VCI error vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WalletRefused {
    /// The pre-authorized code is unknown, used, expired or locked, or the transaction code is
    /// wrong (never which).
    #[error("the offer code or the transaction code is not valid")]
    InvalidGrant,
    /// A grant type other than the pre-authorized code.
    #[error("only the pre-authorized code grant is supported")]
    UnsupportedGrantType,
    /// A request missing a parameter or with one of the wrong shape.
    #[error("the request is missing a parameter or has one that is not valid")]
    InvalidRequest,
    /// The access token is unknown or expired.
    #[error("the access token is not valid")]
    InvalidToken,
    /// The configuration was not offered, or was already issued under this token.
    #[error("this credential was not offered, or was already issued")]
    UnknownConfiguration,
    /// The proof of possession does not hold.
    #[error("the proof of possession is not valid")]
    InvalidProof,
    /// The proof's nonce was not made by this issuer within minutes.
    #[error("the proof's nonce is not valid; ask for a new one")]
    InvalidNonce,
    /// The credential is no longer current (suspended, revoked or expired since the offer).
    #[error("the credential can no longer be issued")]
    CredentialDenied,
}

impl WalletRefused {
    /// The `error` code of the JSON answer.
    pub fn code(self) -> &'static str {
        match self {
            WalletRefused::InvalidGrant => "invalid_grant",
            WalletRefused::UnsupportedGrantType => "unsupported_grant_type",
            WalletRefused::InvalidRequest => "invalid_request",
            WalletRefused::InvalidToken => "invalid_token",
            WalletRefused::UnknownConfiguration => "unknown_credential_configuration",
            WalletRefused::InvalidProof => "invalid_proof",
            WalletRefused::InvalidNonce => "invalid_nonce",
            WalletRefused::CredentialDenied => "credential_request_denied",
        }
    }
}

/// Why the portal refused a wallet's answer to a service provider's presentation request
/// (OpenID4VP `direct_post`). The provider's page learns nothing from a refused answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PresentationRefused {
    /// The `state` was not made by this portal, or the request has expired (never which).
    #[error("this presentation request is unknown or has expired; ask the verifier for a new one")]
    UnknownRequest,
    /// The request has an answer already: each is answered once.
    #[error("this presentation request has been answered already")]
    AlreadyAnswered,
    /// The form is not an answer: no `vp_token` holding one presentation under the query's id,
    /// and no OAuth `error` either.
    #[error(
        "the answer must hold, in vp_token, one presentation under the credential query's id, or an OAuth error code"
    )]
    Malformed,
    /// The presentation is not an SD-JWT VC (only one bound to the holder's key answers).
    #[error("only an SD-JWT VC presented with a key binding answers this request")]
    WrongFormat,
}

impl PresentationRefused {
    /// The OAuth `error` code of the answer.
    pub fn code(self) -> &'static str {
        // OpenID4VP 1.0 names no finer code for a refused answer at the response endpoint.
        match self {
            PresentationRefused::UnknownRequest
            | PresentationRefused::AlreadyAnswered
            | PresentationRefused::Malformed
            | PresentationRefused::WrongFormat => "invalid_request",
        }
    }

    /// The problem type's name (under `/problems/`).
    pub fn problem(self) -> &'static str {
        match self {
            PresentationRefused::UnknownRequest => "presentation-request-unknown",
            PresentationRefused::AlreadyAnswered => "presentation-request-answered",
            PresentationRefused::Malformed => "presentation-malformed",
            PresentationRefused::WrongFormat => "presentation-format",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).unwrap()
    }

    fn offer() -> WalletOffer {
        WalletOffer {
            id: OfferId(Uuid::new_v4()),
            person: PersonId(Uuid::new_v4()),
            credential: Uuid::new_v4(),
            created_at: at(0),
            expires_at: at(0) + OFFER_LIFETIME,
            failed_attempts: 0,
            redeemed_at: None,
            token_expires_at: None,
            issued: vec![],
        }
    }

    #[test]
    fn an_offer_is_open_until_it_expires_is_locked_or_is_redeemed() {
        let o = offer();
        assert_eq!(o.state(at(9)), OfferState::Open);
        assert_eq!(o.state(at(10)), OfferState::Expired);
        let locked = WalletOffer {
            failed_attempts: MAX_TX_ATTEMPTS,
            ..o.clone()
        };
        assert_eq!(locked.state(at(1)), OfferState::Locked);
        let redeemed = WalletOffer {
            redeemed_at: Some(at(2)),
            token_expires_at: Some(at(2) + TOKEN_LIFETIME),
            ..o
        };
        assert_eq!(redeemed.state(at(30)), OfferState::Redeemed);
        assert!(redeemed.token_live(at(6)));
        assert!(!redeemed.token_live(at(7)));
    }

    #[test]
    fn tx_codes_are_six_digits_typed_loosely_and_hashed_per_offer() {
        let code = TxCode::generate();
        assert_eq!(code.digits().len(), 6);
        assert!(code.digits().bytes().all(|b| b.is_ascii_digit()));
        let shown = code.display();
        assert_eq!(TxCode::parse(&shown), Some(code.clone()));
        assert_eq!(TxCode::parse("12-34 56").unwrap().digits(), "123456");
        assert_eq!(TxCode::parse("١٢٣ ٤٥٦").unwrap().digits(), "123456");
        assert_eq!(TxCode::parse("۱۲۳۴۵۶").unwrap().digits(), "123456");
        for bad in ["", "12345", "1234567", "12345a", "１２３４５６"] {
            assert!(TxCode::parse(bad).is_none(), "{bad}");
        }
        let (a, b) = (OfferId(Uuid::new_v4()), OfferId(Uuid::new_v4()));
        assert_ne!(code.hash(a), code.hash(b));
        assert_eq!(format!("{code:?}"), "TxCode(<redacted>)");
    }

    #[test]
    fn refusals_use_the_protocol_error_codes() {
        assert_eq!(WalletRefused::InvalidGrant.code(), "invalid_grant");
        assert_eq!(WalletRefused::InvalidNonce.code(), "invalid_nonce");
        assert_eq!(
            WalletRefused::CredentialDenied.code(),
            "credential_request_denied"
        );
    }
}
