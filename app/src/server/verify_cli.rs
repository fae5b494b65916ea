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
use portal_core::verifier::VerifyView;
use portal_core::Config;
use portal_credentials::offline::OfflineCache;
use portal_credentials::verify::VerificationResult;
use portal_domain::clock::Clock;

use super::serve;

/// A failed run: exit code and message.
#[derive(Debug)]
pub struct VerifyFailure {
    /// 1: not verified; 2: bad input.
    pub code: u8,
    /// One line.
    pub message: String,
}

fn input(message: impl Into<String>) -> VerifyFailure {
    VerifyFailure {
        code: 2,
        message: message.into(),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, VerifyFailure> {
    let meta = std::fs::metadata(path).map_err(|e| input(format!("{}: {e}", path.display())))?;
    if meta.len() > (portal_core::qr_image::MAX_IMAGE_BYTES as u64) {
        return Err(input(format!("{}: the file is too large", path.display())));
    }
    std::fs::read(path).map_err(|e| input(format!("{}: {e}", path.display())))
}

/// The credential text in `bytes`: a QR image is decoded, anything else is taken as it is.
fn credential_input(bytes: Vec<u8>) -> Result<Vec<u8>, VerifyFailure> {
    let is_image = bytes.starts_with(b"\x89PNG") || bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    if is_image {
        portal_core::qr_image::read_qr(&bytes)
            .map(String::into_bytes)
            .map_err(|e| input(e.to_string()))
    } else {
        Ok(bytes)
    }
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
) -> Result<VerificationResult, VerifyFailure> {
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

/// Runs the command.
pub async fn run(
    config: &Config,
    clock: &dyn Clock,
    file: PathBuf,
    did_document: Option<PathBuf>,
    status_lists: Vec<PathBuf>,
    json: bool,
) -> Result<(), VerifyFailure> {
    let credential = credential_input(read(&file)?)?;
    let now = clock.now();
    let result = match &did_document {
        Some(document) => with_cache(
            &credential,
            document,
            &status_lists,
            now,
            config.trust_any_did_key,
        )?,
        None => {
            if !status_lists.is_empty() {
                return Err(input("--status-list needs --did-document"));
            }
            let store = serve::open_store(config)
                .await
                .map_err(|e| input(e.to_string()))?;
            let issuer = portal_core::issuer::Issuer::load(&store, config)
                .await
                .map_err(|e| input(e.to_string()))?;
            let documents = portal_storage::documents::DocumentStore::under(&config.data_dir);
            let service = portal_core::issuance::Issuance {
                store: &store,
                documents: &documents,
                issuer: &issuer,
                now,
                valid_days: config.credential_valid_days,
                trust_any_did_key: config.trust_any_did_key,
                request_id: None,
            };
            service
                .verify(&credential)
                .await
                .map_err(|e| input(e.to_string()))?
        }
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
        Err(VerifyFailure {
            code: 1,
            message: format!(
                "not verified ({})",
                VerifyView::of(&result).outcome.as_str()
            ),
        })
    }
}
