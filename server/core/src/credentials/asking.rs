//! Asking a wallet app for a proof (OpenID4VP 1.0, the verifier's side): a service provider on
//! `/verify` ticks what it needs ("registered", "18 or older", "photo check"), the page shows
//! a request as a QR code, the person's wallet app posts its answer to the portal, and the page
//! shows the verdict with only what was disclosed.
//!
//! Nothing is stored until a wallet answers. An [`Ask`] (the result's random token, the claims,
//! the expiry and the provider's client address) travels sealed (AES-256-GCM, under keys
//! derived from the issuer's active key, so every instance opens what another made):
//! - in the page's link (`/verify?ask=…`), which only the provider's browser holds;
//! - as the request's `state`, under another key, which the wallet sends back.
//!
//! The request's nonce is derived from the token. A photo of the QR code therefore lets nobody
//! read the answer: it holds neither the page's link nor the token. The answer becomes a
//! verifier result under the token, counted against the provider's quota, not the wallet's.
//! Each request is answered once. The first answer stays, and a second is refused.
//!
//! Owns: the sealed request, the request link, checking an answer against its request
//! (key binding to this client id and nonce, the claims asked). Must never: keep anything
//! before an answer, accept a presentation not bound to the request, or show a result to
//! anyone without the page's link.

use std::net::{IpAddr, Ipv6Addr};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use portal_credentials::oid4vp::{self, Answer};
use portal_credentials::sd_jwt::KeyBindingPolicy;
use portal_credentials::sd_jwt_vc::{self, REGISTRATION_CLAIMS};
use portal_credentials::verify::CredentialFormat;
use portal_domain::wallet::PresentationRefused;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::documents::DocumentStore;
use portal_storage::Conn;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use super::issuer::Issuer;
use super::results::{Client, VerifyResults, VerifyView};
use super::verification::{self, Verifier};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// Where wallets post their answers (`response_uri`, under the public origin).
pub const RESPONSE_PATH: &str = "/oid4vp/response";
/// How long a request can be answered.
pub const ASK_LIFETIME_MINUTES: i64 = 10;
/// What the answer is kept as when the wallet (or its user) declined.
pub const DECLINED: &str = "declined";

const VERSION: u8 = 1;
/// version, token, claims, expiry, client address.
const PLAIN_BYTES: usize = 1 + 16 + 2 + 8 + 16;
const GCM_NONCE_BYTES: usize = 12;
/// The longest sealed text read (a little more than one ask makes).
const MAX_SEALED_CHARS: usize = 128;

/// A service provider's request to a wallet, before it is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ask {
    token: [u8; 16],
    claims: u16,
    expires: i64,
    client: Ipv6Addr,
}

impl Ask {
    /// A request for `claims` (names of the registration credential's claims) made at `now`
    /// by `client`. None, or one the credential does not have, is refused by name.
    pub fn new(claims: &[String], now: DateTime<Utc>, client: Client) -> CoreResult<Ask> {
        let refuse =
            |problem| CoreError::Invalid(vec![ValidationError::new(Field::Share, problem)]);
        if claims.is_empty() {
            return Err(refuse(Problem::Required));
        }
        let mut bits = 0u16;
        for claim in claims {
            let index = REGISTRATION_CLAIMS
                .iter()
                .position(|c| c == claim)
                .ok_or_else(|| refuse(Problem::NotOneOf("the claims of this credential")))?;
            bits |= 1 << index;
        }
        let mut token = [0u8; 16];
        OsRng.fill_bytes(&mut token);
        let client = match client.address() {
            IpAddr::V4(v4) => v4.to_ipv6_mapped(),
            IpAddr::V6(v6) => v6,
        };
        Ok(Ask {
            token,
            claims: bits,
            expires: (now + Duration::minutes(ASK_LIFETIME_MINUTES)).timestamp(),
            client,
        })
    }

    /// The claims asked for, in the credential's order.
    pub fn claims(&self) -> Vec<&'static str> {
        REGISTRATION_CLAIMS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.claims & (1 << i) != 0)
            .map(|(_, c)| *c)
            .collect()
    }

    /// Until when a wallet may answer.
    pub fn expires(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.expires, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Whether the request can no longer be answered at `now`.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        now.timestamp() >= self.expires
    }

    /// The token the answer is kept under (a verifier result's).
    fn result_token(&self) -> String {
        hex::encode(self.token)
    }

    fn client(&self) -> Client {
        // An IPv4 client was kept IPv4-mapped; `Client::of` counts it as its IPv4 address.
        Client::of(IpAddr::V6(self.client))
    }

    fn plain(&self) -> [u8; PLAIN_BYTES] {
        let mut out = [0u8; PLAIN_BYTES];
        out[0] = VERSION;
        out[1..17].copy_from_slice(&self.token);
        out[17..19].copy_from_slice(&self.claims.to_be_bytes());
        out[19..27].copy_from_slice(&self.expires.to_be_bytes());
        out[27..43].copy_from_slice(&self.client.octets());
        out
    }

    fn of_plain(plain: &[u8]) -> Option<Ask> {
        if plain.len() != PLAIN_BYTES || plain.first() != Some(&VERSION) {
            return None;
        }
        let claims = u16::from_be_bytes(plain.get(17..19)?.try_into().ok()?);
        if claims == 0 || claims >> REGISTRATION_CLAIMS.len() != 0 {
            return None;
        }
        let client: [u8; 16] = plain.get(27..43)?.try_into().ok()?;
        Some(Ask {
            token: plain.get(1..17)?.try_into().ok()?,
            claims,
            expires: i64::from_be_bytes(plain.get(19..27)?.try_into().ok()?),
            client: Ipv6Addr::from(client),
        })
    }
}

/// The sealing keys of one issuer key.
struct Keys {
    page: [u8; 32],
    state: [u8; 32],
    nonce: [u8; 32],
}

impl Keys {
    fn of(issuer: &Issuer) -> CoreResult<Keys> {
        Ok(Keys {
            page: issuer.derived_key("openid4vp ask page")?,
            state: issuer.derived_key("openid4vp ask state")?,
            nonce: issuer.derived_key("openid4vp ask nonce")?,
        })
    }
}

fn seal(
    key: &[u8; 32],
    nonce: [u8; GCM_NONCE_BYTES],
    plain: &[u8],
    aad: &[u8],
) -> CoreResult<String> {
    let sealed = Aes256Gcm::new(key.into())
        .encrypt(&nonce.into(), Payload { msg: plain, aad })
        .map_err(|_| CoreError::Setup("a presentation request could not be sealed".into()))?;
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    Ok(URL_SAFE_NO_PAD.encode(out))
}

fn open(key: &[u8; 32], text: &str, aad: &[u8]) -> Option<Ask> {
    if text.len() > MAX_SEALED_CHARS {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
    if bytes.len() <= GCM_NONCE_BYTES {
        return None;
    }
    let (nonce, body) = bytes.split_at(GCM_NONCE_BYTES);
    let nonce: [u8; GCM_NONCE_BYTES] = nonce.try_into().ok()?;
    let plain = Aes256Gcm::new(key.into())
        .decrypt(&nonce.into(), Payload { msg: body, aad })
        .ok()?;
    Ask::of_plain(&plain)
}

/// The text of the provider page's link (`/verify?ask=…`): `ask` sealed with a random nonce.
pub fn page_token(issuer: &Issuer, ask: &Ask) -> CoreResult<String> {
    let mut nonce = [0u8; GCM_NONCE_BYTES];
    OsRng.fill_bytes(&mut nonce);
    seal(&Keys::of(issuer)?.page, nonce, &ask.plain(), b"page")
}

/// The request a page link holds, if this issuer sealed it (expired or not).
pub fn open_page(issuer: &Issuer, text: &str) -> CoreResult<Option<Ask>> {
    Ok(open(&Keys::of(issuer)?.page, text, b"page"))
}

/// The request's `state`: `ask` sealed under the state key with a nonce derived from it, so
/// the page shows the same QR code each time it is drawn.
fn state(keys: &Keys, ask: &Ask) -> CoreResult<String> {
    let plain = ask.plain();
    let digest = Sha256::new()
        .chain_update(b"openid4vp state nonce\n")
        .chain_update(keys.state)
        .chain_update(plain)
        .finalize();
    let mut nonce = [0u8; GCM_NONCE_BYTES];
    nonce.copy_from_slice(&digest[..GCM_NONCE_BYTES]);
    seal(&keys.state, nonce, &plain, b"state")
}

/// The nonce the wallet's key binding must carry (128 bits derived from the token).
fn nonce(keys: &Keys, ask: &Ask) -> String {
    let digest = Sha256::new()
        .chain_update(b"openid4vp nonce\n")
        .chain_update(keys.nonce)
        .chain_update(ask.token)
        .finalize();
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// Where wallets answer, at this issuer.
pub fn response_uri(issuer: &Issuer) -> String {
    format!("{}{RESPONSE_PATH}", issuer.origin())
}

/// The `openid4vp://` link of `ask`: the request by value.
pub fn request_link(issuer: &Issuer, ask: &Ask) -> CoreResult<String> {
    let keys = Keys::of(issuer)?;
    let response_uri = response_uri(issuer);
    let vct = format!("{}{}", issuer.origin(), sd_jwt_vc::VCT_REGISTRATION_PATH);
    let claims = ask.claims();
    let state = state(&keys, ask)?;
    let nonce = nonce(&keys, ask);
    Ok(oid4vp::request_link(&oid4vp::Request {
        response_uri: &response_uri,
        vct: &vct,
        claims: &claims,
        nonce: &nonce,
        state: &state,
    }))
}

/// Where a request stands, for the provider's page.
#[derive(Clone, Debug, PartialEq)]
pub enum Standing {
    /// The wallet answered: the verdict, with only what it disclosed.
    Answered(Box<VerifyView>),
    /// Waiting for a wallet, until the request expires.
    Open,
    /// Nobody answered in time.
    Expired,
}

/// Where `ask` stands at `now`.
pub async fn standing(
    results: &VerifyResults,
    ask: &Ask,
    now: DateTime<Utc>,
) -> CoreResult<Standing> {
    if let Some(view) = results.get(&ask.result_token(), now).await? {
        return Ok(Standing::Answered(Box::new(view)));
    }
    Ok(if ask.expired(now) {
        Standing::Expired
    } else {
        Standing::Open
    })
}

/// What a wallet posted to the response endpoint.
#[derive(Clone, Debug, Default)]
pub struct Posted {
    /// `state`: which request this answers.
    pub state: Option<String>,
    /// `vp_token`: the presentations, as JSON.
    pub vp_token: Option<String>,
    /// `error`: why the wallet did not present.
    pub error: Option<String>,
}

/// Takes a wallet's answer: checks it belongs to an open request of this issuer, verifies the
/// presentation with the key binding the request asked for (its client id and nonce), and keeps
/// the verdict for the provider's page, with the claims asked for but not shown. A refused
/// answer keeps nothing.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    verifier: &Verifier,
    photos: &DocumentStore,
    results: &VerifyResults,
    posted: Posted,
) -> CoreResult<Result<(), PresentationRefused>> {
    let keys = Keys::of(issuer)?;
    let Some(ask) = posted
        .state
        .as_deref()
        .and_then(|text| open(&keys.state, text, b"state"))
        .filter(|ask| !ask.expired(ctx.now))
    else {
        return Ok(Err(PresentationRefused::UnknownRequest));
    };
    if results.get(&ask.result_token(), ctx.now).await?.is_some() {
        return Ok(Err(PresentationRefused::AlreadyAnswered));
    }
    let presentation =
        match oid4vp::read_answer(posted.vp_token.as_deref(), posted.error.as_deref()) {
            Err(_) => return Ok(Err(PresentationRefused::Malformed)),
            Ok(Answer::Declined(_)) => None,
            Ok(Answer::Presentation(text)) => Some(text),
        };
    let view = match presentation {
        None => VerifyView::unreadable(DECLINED),
        Some(text) => {
            let binding = KeyBindingPolicy::request(
                oid4vp::client_id(&response_uri(issuer)),
                nonce(&keys, &ask),
            );
            let result = verification::verify_with(
                db,
                ctx,
                issuer,
                verifier,
                text.as_bytes(),
                Some(binding),
            )
            .await?;
            if result.format != Some(CredentialFormat::SdJwtVc) {
                return Ok(Err(PresentationRefused::WrongFormat));
            }
            let mut view = verification::describe(db, photos, &result).await?;
            let disclosed = result
                .selective
                .as_ref()
                .map(|s| s.disclosed.clone())
                .unwrap_or_default();
            view.not_shown = oid4vp::missing(&ask.claims(), &disclosed)
                .into_iter()
                .map(str::to_owned)
                .collect();
            view
        }
    };
    if !results
        .put_under(&ask.result_token(), view, ctx.now, ask.client())
        .await?
    {
        return Ok(Err(PresentationRefused::AlreadyAnswered));
    }
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn keys(seed: u8) -> Keys {
        Keys {
            page: [seed; 32],
            state: [seed + 1; 32],
            nonce: [seed + 2; 32],
        }
    }

    fn ask(claims: &[&str]) -> Ask {
        let claims: Vec<String> = claims.iter().map(|c| (*c).to_owned()).collect();
        Ask::new(&claims, now(), Client::of("192.0.2.7".parse().unwrap())).unwrap()
    }

    #[test]
    fn a_request_is_sealed_apart_for_the_page_and_the_wallet() {
        let keys = keys(1);
        let asked = ask(&["registration_status", "age_over_18", "photo_digest"]);
        assert_eq!(
            asked.claims(),
            ["age_over_18", "registration_status", "photo_digest"]
        );
        let mut nonce = [0u8; GCM_NONCE_BYTES];
        OsRng.fill_bytes(&mut nonce);
        let page = seal(&keys.page, nonce, &asked.plain(), b"page").unwrap();
        let state = state(&keys, &asked).unwrap();
        assert_eq!(open(&keys.page, &page, b"page"), Some(asked.clone()));
        assert_eq!(open(&keys.state, &state, b"state"), Some(asked.clone()));
        // The wallet's state does not open the page, nor the page's link the state.
        assert_eq!(open(&keys.page, &state, b"page"), None);
        assert_eq!(open(&keys.state, &page, b"state"), None);
        // The same request gives the same state (the QR code does not change as the page
        // redraws), and another deployment's keys open neither.
        assert_eq!(super::state(&keys, &asked).unwrap(), state);
        assert_eq!(open(&self::keys(9).state, &state, b"state"), None);
        assert_eq!(asked.client(), Client::of("192.0.2.7".parse().unwrap()));
        assert_eq!(
            asked.expires(),
            now() + Duration::minutes(ASK_LIFETIME_MINUTES)
        );
        assert!(!asked.expired(now() + Duration::minutes(9)));
        assert!(asked.expired(now() + Duration::minutes(10)));
    }

    #[test]
    fn a_changed_or_forged_request_does_not_open() {
        let keys = keys(1);
        let asked = ask(&["age_over_18"]);
        let state = state(&keys, &asked).unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(&state).unwrap();
        for i in [0, GCM_NONCE_BYTES, bytes.len() - 1] {
            bytes[i] ^= 1;
            assert_eq!(
                open(&keys.state, &URL_SAFE_NO_PAD.encode(&bytes), b"state"),
                None
            );
            bytes[i] ^= 1;
        }
        for junk in ["", "a", "!!!", &"A".repeat(4_000), &state[..20]] {
            assert_eq!(open(&keys.state, junk, b"state"), None, "{junk}");
        }
        // A well-sealed text that does not hold a request (claims outside the credential's).
        let mut plain = asked.plain();
        plain[17..19].copy_from_slice(&u16::MAX.to_be_bytes());
        let sealed = seal(&keys.state, [3; GCM_NONCE_BYTES], &plain, b"state").unwrap();
        assert_eq!(open(&keys.state, &sealed, b"state"), None);
    }

    #[test]
    fn only_the_credentials_claims_may_be_asked_and_each_request_has_its_own_nonce() {
        let client = Client::of("192.0.2.7".parse().unwrap());
        assert!(Ask::new(&[], now(), client).is_err());
        assert!(Ask::new(&["members".to_owned()], now(), client).is_err());
        assert!(Ask::new(&["age_over_18".to_owned(), "x".to_owned()], now(), client).is_err());
        let (a, b) = (ask(&["age_over_18"]), ask(&["age_over_18"]));
        assert_ne!(a.result_token(), b.result_token());
        assert_ne!(nonce(&keys(1), &a), nonce(&keys(1), &b));
        assert_eq!(nonce(&keys(1), &a), nonce(&keys(1), &a));
    }
}
