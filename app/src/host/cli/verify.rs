//! `portal verify FILE`: checks a credential without any network.
//!
//! With `--did-document` (and `--status-list` files fetched earlier from `/status/…`), it
//! trusts exactly that issuer and uses those cached copies, so a service provider's laptop can
//! verify in a place without signal. Without them it uses this portal's own keys and status
//! lists from its database.
//!
//! Owns: reading the file (JSON, JWS, QR payload text or QR image) and printing the result.
//! Must never: fetch anything, or print more of the credential than the verifier page shows.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Args;
use portal_core::credentials::issuer::Issuer;
use portal_core::credentials::photo::{read_qr, MAX_IMAGE_BYTES};
use portal_core::credentials::results::VerifyView;
use portal_core::credentials::verification::{self, Verifier};
use portal_core::{Config, Ctx};
use portal_credentials::offline::OfflineCache;
use portal_credentials::verify::VerificationResult;

use super::super::serve;
use super::Failure;

/// `portal verify FILE`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The credential file.
    file: PathBuf,
    /// A cached DID document (did.json) of the issuer, instead of this portal's database.
    #[arg(long, value_name = "FILE")]
    did_document: Option<PathBuf>,
    /// A cached status list credential (repeat), as fetched from /status/….
    #[arg(long = "status-list", value_name = "FILE")]
    status_lists: Vec<PathBuf>,
    /// Print the whole result as JSON.
    #[arg(long)]
    json: bool,
}

fn input(message: impl Into<String>) -> Failure {
    Failure::input(message)
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| input(format!("{}: {e}", path.display())))?;
    if meta.len() > (MAX_IMAGE_BYTES as u64) {
        return Err(input(format!("{}: the file is too large", path.display())));
    }
    std::fs::read(path).map_err(|e| input(format!("{}: {e}", path.display())))
}

/// The credential text in `bytes`: a QR image is decoded; a VC-API answer
/// (`{"verifiableCredential": …}`) is unwrapped; an enveloped credential gives the JWT in its
/// `data:` URL; anything else is taken as it is.
fn credential_input(bytes: Vec<u8>) -> Result<Vec<u8>, Failure> {
    let is_image = bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    if is_image {
        return read_qr(&bytes)
            .map(String::into_bytes)
            .map_err(|e| input(e.to_string()));
    }
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_slice(&bytes) else {
        return Ok(bytes);
    };
    let value = match object.remove("verifiableCredential") {
        // A wrapper has no context of its own (a presentation does).
        Some(inner) if !object.contains_key("@context") => inner,
        Some(inner) => {
            object.insert("verifiableCredential".into(), inner);
            serde_json::Value::Object(object)
        }
        None => serde_json::Value::Object(object),
    };
    portal_core::credentials::verification::credential_bytes(&value)
        .ok_or_else(|| input("the file holds no credential: expected a credential, an enveloped credential or a VC-API answer"))
}

fn modified(path: &Path) -> Option<DateTime<Utc>> {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(DateTime::<Utc>::from)
}

fn with_cache(
    credential: &[u8],
    did_document: &Path,
    status_lists: &[PathBuf],
    now: DateTime<Utc>,
    trust_any_did_key: bool,
) -> Result<VerificationResult, Failure> {
    let mut cache = OfflineCache::new(&read(did_document)?).map_err(|e| {
        input(format!(
            "{}: not a usable DID document ({e})",
            did_document.display()
        ))
    })?;
    for path in status_lists {
        // A cached list counts only if its own proof verifies with the cached DID document.
        cache
            .add_status_list(&read(path)?, modified(path).unwrap_or(now))
            .map_err(|e| {
                input(format!(
                    "{}: the status list does not verify ({e})",
                    path.display()
                ))
            })?;
    }
    Ok(cache.verify(credential, now, trust_any_did_key))
}

/// Against this portal's own keys and status lists, from its database.
async fn with_database(
    config: &Config,
    ctx: &Ctx<'_>,
    credential: &[u8],
) -> Result<VerificationResult, Failure> {
    let store = serve::open_store(config).await?;
    let mut db = store.read().await?;
    let issuer = Issuer::load(&mut db, config).await?;
    let verifier = Verifier::from_config(config);
    Ok(verification::verify(&mut db, ctx, &issuer, &verifier, credential).await?)
}

/// Runs the command: exit 0 when the credential verifies, 1 when it does not, 2 for bad input.
pub async fn run(config: &Config, ctx: &Ctx<'_>, args: VerifyArgs) -> Result<(), Failure> {
    let VerifyArgs {
        file,
        did_document,
        status_lists,
        json,
    } = args;
    let credential = credential_input(read(&file)?)?;
    let now = ctx.now;
    let result = match &did_document {
        Some(document) => with_cache(
            &credential,
            document,
            &status_lists,
            now,
            config.trust_any_did_key,
        )?,
        None if !status_lists.is_empty() => {
            return Err(input("--status-list needs --did-document"));
        }
        None => with_database(config, ctx, &credential).await?,
    };
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        let view = VerifyView::of(&result);
        println!("{}", view.outcome.as_str().to_ascii_uppercase());
        for (label, value) in [
            ("type", &view.credential_type),
            ("issuer", &view.issuer),
            ("name", &view.name),
            ("name (original script)", &view.name_original),
            ("date of birth", &view.birth_date),
            ("registration number", &view.registration_number),
            ("valid until", &view.valid_until),
        ] {
            if let Some(value) = value {
                println!("  {label}: {value}");
            }
        }
        for reason in &result.reasons {
            println!("  {}: {}", reason.code.as_str(), reason.message);
        }
        for warning in &result.warnings {
            println!("  warning {}: {}", warning.code.as_str(), warning.message);
        }
        if let Some(at) = result.status_checked_at {
            println!("  status as of {}", at.format("%Y-%m-%d %H:%M UTC"));
        }
    }
    if result.verified {
        Ok(())
    } else {
        Err(Failure::runtime(format!(
            "not verified ({})",
            VerifyView::of(&result).outcome.as_str()
        )))
    }
}
