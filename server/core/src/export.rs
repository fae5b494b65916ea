//! Exporting people's records for a partner under a data-sharing agreement (`portal export`):
//! CSV in the import format (so an export imports back unchanged) or JSON, of one office or
//! all, by an admin within their reach, with the purpose recorded in the audit trail, and
//! sealed with a key derived from a passphrase when one is given.
//!
//! Owns: the export formats and the sealed-file format (documented in `docs/export.md`).
//! Must never: write a file (the caller does, after the audit row is in its transaction), put
//! a record's value in the audit trail or an error, or accept a sealed file's parameters
//! without bounds (opening a file must cost a bounded amount of memory and time).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use argon2::{Algorithm, Argon2, Params, Version};
use portal_domain::audit::{AuditAction, SubjectKind};
use portal_domain::office::OfficeCode;
use portal_domain::person::Person;
use portal_domain::policy::{admin_scope, AdminScope};
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::{clean_text, Field, Problem, ValidationError};
use portal_storage::{audit, people, Tx};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// People read per query.
const PAGE: i64 = 2_000;

/// The first bytes of a sealed export.
pub const SEALED_MAGIC: &[u8; 16] = b"PORTAL-EXPORT-1\n";

/// Argon2id cost of a new sealed file: 64 MiB, 3 passes, 1 lane (RFC 9106's second
/// recommended option).
const KDF_MEMORY_KIB: u32 = 64 * 1024;
const KDF_PASSES: u32 = 3;
const KDF_LANES: u32 = 1;

/// The most a sealed file may ask of the machine that opens it.
const MAX_MEMORY_KIB: u32 = 1024 * 1024;
const MAX_PASSES: u32 = 10;
const MAX_LANES: u32 = 8;

/// Header: magic, memory, passes, lanes (u32, big-endian), salt (16), nonce (12).
const HEADER_LEN: usize = 16 + 12 + 16 + 12;

/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// How the records are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The import's CSV columns, one row per person.
    Csv,
    /// One JSON document: who exported, why, and the people.
    Json,
}

impl ExportFormat {
    /// Reads `csv` or `json`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            _ => Err(ValidationError::new(
                Field::Kind,
                Problem::NotOneOf("csv, json"),
            )),
        }
    }

    /// `csv` or `json`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

/// A passphrase to seal an export with (never shown, logged or stored).
pub struct Passphrase(String);

impl Passphrase {
    /// A passphrase of at least [`MIN_PASSPHRASE_CHARS`] characters; a trailing line break (as
    /// a file ends) is not part of it.
    pub fn new(raw: &str) -> Result<Self, CoreError> {
        let phrase = raw.trim_end_matches(['\n', '\r']);
        if phrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(CoreError::Unreadable(format!(
                "the passphrase must have at least {MIN_PASSPHRASE_CHARS} characters"
            )));
        }
        Ok(Self(phrase.to_owned()))
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// What an admin asks to export.
#[derive(Clone, Debug)]
pub struct ExportAsk {
    /// CSV or JSON.
    pub format: ExportFormat,
    /// Why: the data-sharing agreement's reference (kept in the audit trail).
    pub purpose: String,
    /// One office's people; none: every office the admin may export.
    pub office: Option<OfficeCode>,
}

impl ExportAsk {
    /// Validates an ask: a known format, a purpose of 3 to 200 characters, an office code.
    pub fn parse(format: &str, purpose: &str, office: Option<&str>) -> Result<Self, CoreError> {
        let mut errors = Vec::new();
        let format = ExportFormat::parse(format).map_err(|e| errors.push(e)).ok();
        let purpose = clean_text(Field::Reason, purpose, 200, false)
            .and_then(|p| {
                if p.chars().count() < 3 {
                    Err(ValidationError::new(Field::Reason, Problem::Required))
                } else {
                    Ok(p)
                }
            })
            .map_err(|e| errors.push(e))
            .ok();
        let office = office
            .filter(|o| !o.trim().is_empty())
            .map(OfficeCode::parse)
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        match (format, purpose) {
            (Some(format), Some(purpose)) if errors.is_empty() => Ok(Self {
                format,
                purpose,
                office,
            }),
            _ => Err(CoreError::Invalid(errors)),
        }
    }
}

/// An export, ready to be written.
pub struct Exported {
    /// The file's bytes (sealed when a passphrase was given).
    pub bytes: Vec<u8>,
    /// People in it.
    pub people: usize,
    /// Households in it.
    pub households: usize,
    /// SHA-256 of `bytes`, hex (also in the audit row).
    pub sha256: String,
    /// Whether `bytes` are sealed.
    pub sealed: bool,
}

/// Exports the people `admin` may export as `ask` says, sealed with `passphrase` when given,
/// and appends the audit row (purpose, format, office, counts, the file's SHA-256) to `tx`:
/// the caller writes the file, then commits. An office's admin exports their office only.
pub async fn export_people(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    ask: &ExportAsk,
    passphrase: Option<&Passphrase>,
    source: &str,
) -> CoreResult<Exported> {
    let office = match (admin_scope(admin), &ask.office) {
        (None, _) => return Err(CoreError::NotAllowed),
        (Some(AdminScope::Office(own)), Some(asked)) if &own != asked => {
            return Err(CoreError::NotAllowed)
        }
        (Some(AdminScope::Office(own)), _) => Some(own),
        (Some(AdminScope::All), asked) => asked.clone(),
    };
    let code = office.as_ref().map(OfficeCode::as_str);
    let cases: std::collections::HashMap<_, _> =
        people::case_numbers(tx, code).await?.into_iter().collect();
    let mut writer = Writer::new(ask, ctx, code);
    let mut after = String::new();
    let mut households = std::collections::HashSet::new();
    loop {
        let page = people::export_page(tx, code, &after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.record.registration_number.as_str().to_owned();
        for person in &page {
            let case = cases.get(&person.household_id).ok_or_else(|| {
                CoreError::Store(portal_storage::StoreError::Corrupt(
                    "a person without a household".into(),
                ))
            })?;
            households.insert(person.household_id);
            writer.person(case, person)?;
        }
    }
    let people = writer.count;
    let plain = writer.finish();
    let bytes = match passphrase {
        Some(passphrase) => seal(passphrase, &plain)?,
        None => plain,
    };
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let event = ctx
        .event(
            staff_actor(admin, StaffRole::Admin),
            AuditAction::PeopleExport,
        )
        .about(SubjectKind::Office, code.unwrap_or("*"))
        .from_source(source)
        .with_details(serde_json::json!({
            "format": ask.format.as_str(),
            "purpose": ask.purpose,
            "office": code,
            "people": people,
            "households": households.len(),
            "sealed": passphrase.is_some(),
            "sha256": sha256,
        }));
    audit::append(tx, &event).await?;
    Ok(Exported {
        bytes,
        people,
        households: households.len(),
        sha256,
        sealed: passphrase.is_some(),
    })
}

/// Writes people one at a time in the asked format.
struct Writer {
    format: ExportFormat,
    out: Vec<u8>,
    count: usize,
}

impl Writer {
    fn new(ask: &ExportAsk, ctx: &Ctx<'_>, office: Option<&str>) -> Self {
        let mut out = Vec::new();
        match ask.format {
            ExportFormat::Csv => {
                let header: Vec<&str> = COLUMNS.to_vec();
                out.extend_from_slice(csv_line(&header).as_bytes());
            }
            ExportFormat::Json => {
                let head = serde_json::json!({
                    "format": "portal-people-1",
                    "exported_at": ctx.now.to_rfc3339(),
                    "purpose": ask.purpose,
                    "office": office,
                });
                // The head's fields, then the people as they are read.
                let head = head.to_string();
                out.extend_from_slice(head.trim_end_matches('}').as_bytes());
                out.extend_from_slice(b",\"people\":[");
            }
        }
        Self {
            format: ask.format,
            out,
            count: 0,
        }
    }

    fn person(&mut self, case: &str, person: &Person) -> CoreResult<()> {
        let cells = cells(case, person);
        match self.format {
            ExportFormat::Csv => self.out.extend_from_slice(csv_line(&cells).as_bytes()),
            ExportFormat::Json => {
                if self.count > 0 {
                    self.out.push(b',');
                }
                let r = &person.record;
                let value = serde_json::json!({
                    "case_number": case,
                    "registration_number": r.registration_number.as_str(),
                    "relationship": r.relationship.as_str(),
                    "given_name": r.given_name.as_str(),
                    "family_name": r.family_name.as_str(),
                    "given_name_original": r.given_name_original.as_ref().map(|n| n.as_str()),
                    "family_name_original": r.family_name_original.as_ref().map(|n| n.as_str()),
                    "sex": r.sex.as_str(),
                    "date_of_birth": r.date_of_birth.date.to_string(),
                    "date_of_birth_estimated": r.date_of_birth.estimated,
                    "country_of_origin": r.country_of_origin.as_str(),
                    "nationality": r.nationality.as_str(),
                    "languages": r.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                    "phone": r.phone.as_ref().map(|p| p.as_str()),
                    "email": r.email.as_ref().map(|e| e.as_str()),
                    "address": r.address.as_ref().map(|a| a.as_str()),
                    "registration_status": r.registration_status.as_str(),
                    "specific_needs": r.specific_needs.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
                });
                serde_json::to_writer(&mut self.out, &value)
                    .map_err(|e| CoreError::Unreadable(e.to_string()))?;
            }
        }
        self.count += 1;
        Ok(())
    }

    fn finish(mut self) -> Vec<u8> {
        if self.format == ExportFormat::Json {
            self.out.extend_from_slice(b"]}\n");
        }
        self.out
    }
}

/// The CSV columns, in the order `docs/import.md` lists them.
const COLUMNS: [&str; 18] = [
    "case_number",
    "registration_number",
    "relationship",
    "given_name",
    "family_name",
    "given_name_original",
    "family_name_original",
    "sex",
    "date_of_birth",
    "date_of_birth_estimated",
    "country_of_origin",
    "nationality",
    "languages",
    "phone",
    "email",
    "address",
    "registration_status",
    "specific_needs",
];

/// A person's cells, in [`COLUMNS`] order; free text that a spreadsheet would run as a formula
/// gets a leading `'` (the import takes it off again).
fn cells(case: &str, person: &Person) -> Vec<String> {
    let r = &person.record;
    let text = |value: Option<&str>| value.map(guarded).unwrap_or_default();
    vec![
        case.to_owned(),
        r.registration_number.as_str().to_owned(),
        r.relationship.as_str().to_owned(),
        r.given_name.as_str().to_owned(),
        r.family_name.as_str().to_owned(),
        text(r.given_name_original.as_ref().map(|n| n.as_str())),
        text(r.family_name_original.as_ref().map(|n| n.as_str())),
        r.sex.as_str().to_owned(),
        r.date_of_birth.date.to_string(),
        if r.date_of_birth.estimated {
            "yes"
        } else {
            "no"
        }
        .to_owned(),
        r.country_of_origin.as_str().to_owned(),
        r.nationality.as_str().to_owned(),
        r.languages
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        r.phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        r.email
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        text(r.address.as_ref().map(|a| a.as_str())),
        r.registration_status.as_str().to_owned(),
        r.specific_needs
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    ]
}

/// `raw` with a `'` before a leading `=`, `+`, `-` or `@`.
fn guarded(raw: &str) -> String {
    if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    }
}

/// One CSV line (RFC 4180: quoted when needed, CRLF).
fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| {
            let c = c.as_ref();
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Why a sealed file could not be opened.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Not a sealed export (wrong start, too short).
    #[error("this is not a sealed portal export")]
    NotSealed,
    /// It asks more memory or time than any export of this portal does.
    #[error("this file asks for key derivation costs beyond the bounds of a portal export")]
    TooCostly,
    /// The passphrase is wrong or the file was changed.
    #[error("the passphrase is wrong or the file was changed")]
    Refused,
}

fn key_from(
    passphrase: &Passphrase,
    salt: &[u8],
    memory: u32,
    passes: u32,
    lanes: u32,
) -> CoreResult<[u8; 32]> {
    let params = Params::new(memory, passes, lanes, Some(32))
        .map_err(|e| CoreError::Unreadable(format!("key derivation: {e}")))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.0.as_bytes(), salt, &mut key)
        .map_err(|e| CoreError::Unreadable(format!("key derivation: {e}")))?;
    Ok(key)
}

/// Seals `plain` with a key derived from `passphrase` (Argon2id, random salt) under
/// AES-256-GCM (random nonce), the header authenticated with it.
pub fn seal(passphrase: &Passphrase, plain: &[u8]) -> CoreResult<Vec<u8>> {
    let (mut salt, mut nonce) = ([0u8; 16], [0u8; 12]);
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    seal_with(
        passphrase,
        plain,
        salt,
        nonce,
        (KDF_MEMORY_KIB, KDF_PASSES, KDF_LANES),
    )
}

fn seal_with(
    passphrase: &Passphrase,
    plain: &[u8],
    salt: [u8; 16],
    nonce: [u8; 12],
    (memory, passes, lanes): (u32, u32, u32),
) -> CoreResult<Vec<u8>> {
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(SEALED_MAGIC);
    for n in [memory, passes, lanes] {
        header.extend_from_slice(&n.to_be_bytes());
    }
    header.extend_from_slice(&salt);
    header.extend_from_slice(&nonce);
    let key = key_from(passphrase, &salt, memory, passes, lanes)?;
    let cipher =
        Aes256Gcm::new_from_slice(&key).map_err(|_| CoreError::Unreadable("key length".into()))?;
    let sealed = cipher
        .encrypt(
            &nonce.into(),
            Payload {
                msg: plain,
                aad: &header,
            },
        )
        .map_err(|_| CoreError::Unreadable("the export is too large to seal".into()))?;
    header.extend_from_slice(&sealed);
    Ok(header)
}

/// Opens a sealed export with `passphrase`. The file's key derivation costs are bounded
/// before any work (a crafted file cannot make the opener spend gigabytes or hours).
pub fn open(passphrase: &Passphrase, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
    if sealed.len() < HEADER_LEN + 16 || !sealed.starts_with(SEALED_MAGIC) {
        return Err(OpenError::NotSealed);
    }
    let (header, body) = sealed.split_at(HEADER_LEN);
    let number = |at: usize| {
        let mut four = [0u8; 4];
        four.copy_from_slice(&header[at..at + 4]);
        u32::from_be_bytes(four)
    };
    let (memory, passes, lanes) = (number(16), number(20), number(24));
    if memory > MAX_MEMORY_KIB || passes > MAX_PASSES || lanes > MAX_LANES {
        return Err(OpenError::TooCostly);
    }
    let salt = &header[28..44];
    let mut nonce = [0u8; 12];
    nonce.copy_from_slice(&header[44..56]);
    let key =
        key_from(passphrase, salt, memory, passes, lanes).map_err(|_| OpenError::NotSealed)?;
    let cipher = Aes256Gcm::new_from_slice(&key).map_err(|_| OpenError::NotSealed)?;
    cipher
        .decrypt(
            &nonce.into(),
            Payload {
                msg: body,
                aad: header,
            },
        )
        .map_err(|_| OpenError::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{OPTIONAL_COLUMNS, REQUIRED_COLUMNS};

    const CHEAP: (u32, u32, u32) = (8, 1, 1);

    fn phrase(raw: &str) -> Passphrase {
        Passphrase::new(raw).unwrap()
    }

    #[test]
    fn a_sealed_export_opens_with_its_passphrase_only_and_any_change_is_refused() {
        let plain = b"case_number,registration_number\r\nAMM-26-C00001,AMM-26-000001\r\n";
        let sealed = seal_with(
            &phrase("correct horse battery"),
            plain,
            [7; 16],
            [9; 12],
            CHEAP,
        )
        .unwrap();
        assert!(sealed.starts_with(SEALED_MAGIC));
        assert!(
            !sealed.windows(13).any(|w| w == b"AMM-26-000001"),
            "no clear text inside"
        );
        assert_eq!(
            open(&phrase("correct horse battery"), &sealed).unwrap(),
            plain
        );
        assert_eq!(
            open(&phrase("correct horse battery!"), &sealed),
            Err(OpenError::Refused)
        );
        for at in [20, 30, 50, HEADER_LEN + 3, sealed.len() - 1] {
            let mut changed = sealed.clone();
            changed[at] ^= 1;
            assert!(
                open(&phrase("correct horse battery"), &changed).is_err(),
                "byte {at}"
            );
        }
        assert_eq!(
            open(&phrase("correct horse battery"), b"PORTAL"),
            Err(OpenError::NotSealed)
        );
        assert_eq!(
            open(&phrase("correct horse battery"), &plain[..]),
            Err(OpenError::NotSealed)
        );
    }

    #[test]
    fn a_file_asking_for_unbounded_costs_is_refused_before_any_work() {
        let mut sealed = seal_with(
            &phrase("correct horse battery"),
            b"x",
            [1; 16],
            [2; 12],
            CHEAP,
        )
        .unwrap();
        sealed[16..20].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(
            open(&phrase("correct horse battery"), &sealed),
            Err(OpenError::TooCostly)
        );
        let mut sealed = seal_with(
            &phrase("correct horse battery"),
            b"x",
            [1; 16],
            [2; 12],
            CHEAP,
        )
        .unwrap();
        sealed[20..24].copy_from_slice(&1_000u32.to_be_bytes());
        assert_eq!(
            open(&phrase("correct horse battery"), &sealed),
            Err(OpenError::TooCostly)
        );
    }

    #[test]
    fn two_seals_of_the_same_file_differ() {
        let p = phrase("correct horse battery");
        let (a, b) = (
            seal_with(&p, b"same", [1; 16], [2; 12], CHEAP).unwrap(),
            seal_with(&p, b"same", [3; 16], [4; 12], CHEAP).unwrap(),
        );
        assert_ne!(a, b);
    }

    #[test]
    fn short_passphrases_formats_and_purposes_are_refused_with_their_reason() {
        assert!(Passphrase::new("short\n").is_err());
        assert!(Passphrase::new("twelve chars\n").is_ok());
        assert_eq!(
            format!("{:?}", phrase("correct horse battery")),
            "Passphrase(…)"
        );
        assert!(ExportAsk::parse("csv", "DSA-2026-014", Some("amm")).is_ok());
        match ExportAsk::parse("xml", "x", Some("AM")) {
            Err(CoreError::Invalid(errors)) => assert_eq!(errors.len(), 3, "{errors:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn formula_like_free_text_is_guarded_and_cells_are_quoted() {
        assert_eq!(guarded("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guarded("Camp 4"), "Camp 4");
        assert_eq!(
            csv_line(&["a,b", "say \"hi\"", "c"]),
            "\"a,b\",\"say \"\"hi\"\"\",c\r\n"
        );
        assert_eq!(
            COLUMNS.len(),
            REQUIRED_COLUMNS.len() + OPTIONAL_COLUMNS.len()
        );
        for column in REQUIRED_COLUMNS.iter().chain(OPTIONAL_COLUMNS.iter()) {
            assert!(COLUMNS.contains(column), "{column}");
        }
    }
}
