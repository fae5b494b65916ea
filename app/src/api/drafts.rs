//! What a form held when it was sent back with an error, for its page to show again.
//!
//! Owns: the shape of a kept form. Must never: return a form kept by another browser or account
//! (the use case matches both), or the kept files' bytes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A file kept with a form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptFile {
    /// Its position among the kept files (the form ticks `keep_<position>` to send it again).
    pub position: usize,
    /// Its media type (`image/png`, …; the page shows a word for it).
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What a form held: its text fields by name, and its files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    /// Text fields by name.
    pub fields: BTreeMap<String, String>,
    /// Files.
    pub files: Vec<KeptFile>,
}

impl Kept {
    /// The kept value of field `name`, if any.
    pub fn value(&self, name: &str) -> Option<String> {
        self.fields.get(name).cloned()
    }
}

/// The longest form name there is (`request:<uuid>:<kind>`).
#[cfg(feature = "ssr")]
const MAX_FORM_NAME: usize = 80;

/// What the form `form` held when this browser last sent it back with an error, for the
/// account signed in now (empty when nothing was kept).
#[server(prefix = "/api", endpoint = "kept-form")]
pub async fn kept_form(form: String) -> Result<Kept, ServerFnError> {
    use crate::server::request::{call, draft_holder, fail, read};

    if form.len() > MAX_FORM_NAME {
        return Ok(Kept::default());
    }
    let Some(holder) = draft_holder() else {
        return Ok(Kept::default());
    };
    let call = call()?;
    let mut db = read().await?;
    let kept = portal_core::drafts::open(&mut db, &call.ctx(), &holder, &form)
        .await
        .map_err(fail)?
        .unwrap_or_default();
    Ok(Kept {
        fields: kept.fields,
        files: kept
            .files
            .into_iter()
            .enumerate()
            .map(|(position, (media_type, size))| KeptFile {
                position,
                media_type: media_type.mime().to_owned(),
                size,
            })
            .collect(),
    })
}

/// Whether a page's query says its form was sent back with an error.
pub fn sent_back(query: &leptos_router::params::ParamsMap) -> bool {
    query.get("errors").is_some() || query.get("problem").is_some()
}

/// The kept form of a page whose query says it was sent back (`errors` or `problem`), else
/// nothing to fetch.
pub async fn kept_if_sent_back(form: String, sent_back: bool) -> Kept {
    if !sent_back {
        return Kept::default();
    }
    kept_form(form).await.unwrap_or_default()
}
