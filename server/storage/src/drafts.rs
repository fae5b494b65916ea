//! Forms kept after an error, in the database: their text fields (as one JSON object) and the
//! files that passed the document checks.
//!
//! Owns: the `form_drafts` and `form_draft_files` tables. Must never: return a draft to a
//! holder or account other than the one that kept it, or an expired one.

use chrono::{DateTime, Utc};
use portal_domain::tokens::TokenHash;

use crate::{query, Conn, StoreError, Tx};

/// A kept form, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDraft {
    /// The form (`request:contact`, `help`, …).
    pub form: String,
    /// Who was signed in when it was kept (`""` when nobody).
    pub principal: String,
    /// The text fields, a JSON object of strings.
    pub fields_json: String,
    /// When it goes.
    pub expires_at: DateTime<Utc>,
    /// Its files: media type and bytes, in order.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Keeps `draft` for `holder`, replacing what the holder kept for the same form.
pub async fn put(tx: &mut Tx, holder: &TokenHash, draft: &StoredDraft) -> Result<(), StoreError> {
    remove(tx, holder, &draft.form).await?;
    tx.execute(
        query(
            "INSERT INTO form_drafts (holder, form, principal, fields, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(holder.as_str())
        .bind(&draft.form)
        .bind(&draft.principal)
        .bind(&draft.fields_json)
        .bind(draft.expires_at),
    )
    .await?;
    for (position, (media_type, bytes)) in (0_i64..).zip(&draft.files) {
        tx.execute(
            query(
                "INSERT INTO form_draft_files (holder, form, position, media_type, bytes) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(holder.as_str())
            .bind(&draft.form)
            .bind(position)
            .bind(media_type.as_str())
            .bind(bytes.as_slice()),
        )
        .await?;
    }
    Ok(())
}

/// The draft `holder` kept for `form` while `principal` was signed in, if it has not expired
/// at `now`; `with_files` reads the files' bytes too (else `files` is empty).
pub async fn get(
    db: &mut Conn,
    holder: &TokenHash,
    form: &str,
    principal: &str,
    now: DateTime<Utc>,
    with_files: bool,
) -> Result<Option<StoredDraft>, StoreError> {
    let row: Option<(String, DateTime<Utc>)> = db
        .fetch_optional(
            query(
                "SELECT fields, expires_at FROM form_drafts \
                 WHERE holder = $1 AND form = $2 AND principal = $3 AND expires_at > $4",
            )
            .bind(holder.as_str())
            .bind(form)
            .bind(principal)
            .bind(now),
        )
        .await?;
    let Some((fields_json, expires_at)) = row else {
        return Ok(None);
    };
    let files: Vec<(String, Vec<u8>)> = if with_files {
        db.fetch_all(
            query(
                "SELECT media_type, bytes FROM form_draft_files \
                 WHERE holder = $1 AND form = $2 ORDER BY position",
            )
            .bind(holder.as_str())
            .bind(form),
        )
        .await?
    } else {
        Vec::new()
    };
    Ok(Some(StoredDraft {
        form: form.to_owned(),
        principal: principal.to_owned(),
        fields_json,
        expires_at,
        files,
    }))
}

/// The media type and size of each file of a draft, in order (without reading the bytes).
pub async fn file_sizes(
    db: &mut Conn,
    holder: &TokenHash,
    form: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    db.fetch_all(
        query(
            "SELECT media_type, CAST(LENGTH(bytes) AS BIGINT) FROM form_draft_files \
             WHERE holder = $1 AND form = $2 ORDER BY position",
        )
        .bind(holder.as_str())
        .bind(form),
    )
    .await
}

/// Forgets what `holder` kept for `form`.
pub async fn remove(db: &mut Conn, holder: &TokenHash, form: &str) -> Result<(), StoreError> {
    db.execute(
        query("DELETE FROM form_draft_files WHERE holder = $1 AND form = $2")
            .bind(holder.as_str())
            .bind(form),
    )
    .await?;
    db.execute(
        query("DELETE FROM form_drafts WHERE holder = $1 AND form = $2")
            .bind(holder.as_str())
            .bind(form),
    )
    .await?;
    Ok(())
}

/// How many drafts are live at `now` (the bound on what anonymous senders may keep).
pub async fn live(db: &mut Conn, now: DateTime<Utc>) -> Result<i64, StoreError> {
    db.scalar(query("SELECT COUNT(*) FROM form_drafts WHERE expires_at > $1").bind(now))
        .await
}

/// How many drafts kept while `principal` was signed in are live at `now`.
pub async fn live_for(
    db: &mut Conn,
    principal: &str,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    db.scalar(
        query("SELECT COUNT(*) FROM form_drafts WHERE principal = $1 AND expires_at > $2")
            .bind(principal)
            .bind(now),
    )
    .await
}

/// Deletes the drafts expired at `now`, with their files; returns how many.
pub async fn purge(db: &mut Conn, now: DateTime<Utc>) -> Result<u64, StoreError> {
    db.execute(
        query(
            "DELETE FROM form_draft_files WHERE EXISTS (SELECT 1 FROM form_drafts d \
             WHERE d.holder = form_draft_files.holder AND d.form = form_draft_files.form \
             AND d.expires_at <= $1)",
        )
        .bind(now),
    )
    .await?;
    db.execute(query("DELETE FROM form_drafts WHERE expires_at <= $1").bind(now))
        .await
}
