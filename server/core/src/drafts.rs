//! Forms sent back with an error keep what was typed and attached: the text fields and the
//! files that passed the document checks are kept for an hour, for the browser that sent them
//! and the account signed in then, so the page shows them again and a second send can reuse the
//! files without choosing them again.
//!
//! Owns: what a draft holds, how long, and for whom. Must never: show a draft to another browser
//! or another account, keep a file that failed the document checks, or let anonymous senders
//! keep drafts without bound.

use std::collections::BTreeMap;

use chrono::Duration;
use portal_domain::document::{check, MediaType};
use portal_domain::session::Principal;
use portal_domain::tokens::TokenHash;
use portal_storage::drafts::{self as store, StoredDraft};
use portal_storage::{Conn, Tx};

use crate::context::Ctx;
use crate::error::CoreResult;
use crate::requests::Upload;

/// How long a kept form lives.
pub const LIFETIME: Duration = Duration::hours(1);
/// Most drafts kept at once, all browsers together: past this, forms are sent back without
/// being kept (the form still says what went wrong).
pub const MAX_LIVE: i64 = 20_000;
/// Most drafts one account may have live at once (other browsers' drafts of the same form
/// count: a new cookie per post does not get around it). Past this, forms are sent back without
/// being kept. With five files per form, this bounds what one account can park.
pub const MAX_PER_ACCOUNT: i64 = 4;
/// Most characters kept of one field (longer values were refused by the form anyway).
const MAX_VALUE_CHARS: usize = 4_000;
/// Whether a field is the form's own plumbing (never kept): the kind, and the ticks that say
/// which kept files to send again (`keep_0`, `keep_1`, …).
fn plumbing(name: &str) -> bool {
    name == "kind" || name.starts_with(KEEP_PREFIX)
}

/// Prefix of the fields that say which kept files to send again: `keep_<position>`.
pub const KEEP_PREFIX: &str = "keep_";

/// The positions of the kept files the person left ticked.
pub fn ticked(fields: &BTreeMap<String, String>) -> Vec<usize> {
    fields
        .keys()
        .filter_map(|name| name.strip_prefix(KEEP_PREFIX)?.parse().ok())
        .collect()
}

/// What a form held.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Text fields by name.
    pub fields: BTreeMap<String, String>,
    /// Files kept, in order: type and size in bytes (the bytes stay in the database).
    pub files: Vec<(MediaType, u64)>,
}

/// Who may see a draft: the browser (the hash of its draft cookie) and the account.
#[derive(Clone, Debug)]
pub struct Holder {
    /// Hash of the browser's draft cookie.
    pub browser: TokenHash,
    /// Signed in when the form was sent.
    pub principal: Option<Principal>,
}

impl Holder {
    fn principal_key(&self) -> String {
        match self.principal {
            None => String::new(),
            Some(Principal::Person(p)) => format!("person:{}", p.0),
            Some(Principal::Staff(s)) => format!("staff:{}", s.0),
        }
    }
}

/// Keeps what `form` held when it was sent back: its text fields and those of `uploads` that
/// pass the document checks (at most `max_bytes` each). Returns whether it was kept (not when
/// too many drafts are live).
pub async fn keep(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    holder: &Holder,
    form: &str,
    fields: &BTreeMap<String, String>,
    uploads: &[Upload],
    max_bytes: u64,
) -> CoreResult<bool> {
    if store::live(tx, ctx.now).await? >= MAX_LIVE {
        return Ok(false);
    }
    let principal = holder.principal_key();
    // Replacing this browser's draft of the same form does not count against the account.
    let replacing = store::get(tx, &holder.browser, form, &principal, ctx.now, false)
        .await?
        .is_some();
    if holder.principal.is_some()
        && !replacing
        && store::live_for(tx, &principal, ctx.now).await? >= MAX_PER_ACCOUNT
    {
        return Ok(false);
    }
    let fields: BTreeMap<&str, String> = fields
        .iter()
        .filter(|(name, value)| !plumbing(name) && !value.trim().is_empty())
        .map(|(name, value)| {
            (
                name.as_str(),
                value.chars().take(MAX_VALUE_CHARS).collect::<String>(),
            )
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // Files are kept for signed-in accounts only (bounded per account above).
    let uploads = if holder.principal.is_some() {
        uploads
    } else {
        &[]
    };
    for upload in uploads {
        if let Ok(document) = check(&upload.0, max_bytes) {
            if !files.iter().any(|(_, bytes)| bytes == &upload.0) {
                files.push((document.media_type.mime().to_owned(), upload.0.clone()));
            }
        }
    }
    let draft = StoredDraft {
        form: form.to_owned(),
        principal,
        // A map of strings always serialises.
        fields_json: serde_json::to_string(&fields).unwrap_or_else(|_| "{}".to_owned()),
        expires_at: ctx.now + LIFETIME,
        files,
    };
    store::put(tx, &holder.browser, &draft).await?;
    Ok(true)
}

/// The draft `holder` kept for `form`, without the files' bytes.
pub async fn open(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    holder: &Holder,
    form: &str,
) -> CoreResult<Option<Draft>> {
    let principal = holder.principal_key();
    let Some(stored) = store::get(db, &holder.browser, form, &principal, ctx.now, false).await?
    else {
        return Ok(None);
    };
    let files = store::file_sizes(db, &holder.browser, form)
        .await?
        .into_iter()
        .filter_map(|(mime, size)| Some((MediaType::from_mime(&mime)?, u64::try_from(size).ok()?)))
        .collect();
    Ok(Some(Draft {
        // What this module wrote; anything else shows an empty form rather than an error.
        fields: serde_json::from_str(&stored.fields_json).unwrap_or_default(),
        files,
    }))
}

/// The files of `holder`'s draft for `form` at `positions` (those the person left ticked), to
/// send again with the form. Positions that name no file are ignored.
pub async fn files(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    holder: &Holder,
    form: &str,
    positions: &[usize],
) -> CoreResult<Vec<Upload>> {
    if positions.is_empty() {
        return Ok(Vec::new());
    }
    let principal = holder.principal_key();
    let Some(stored) = store::get(db, &holder.browser, form, &principal, ctx.now, true).await?
    else {
        return Ok(Vec::new());
    };
    Ok(stored
        .files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| positions.contains(i))
        .map(|(_, (_, bytes))| Upload(bytes))
        .collect())
}

/// Forgets `holder`'s draft for `form` (the form was sent).
pub async fn forget(db: &mut Conn, holder: &Holder, form: &str) -> CoreResult<()> {
    store::remove(db, &holder.browser, form).await?;
    Ok(())
}

/// Deletes expired drafts; returns how many.
pub async fn purge(db: &mut Conn, ctx: &Ctx<'_>) -> CoreResult<u64> {
    Ok(store::purge(db, ctx.now).await?)
}
