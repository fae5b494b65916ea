//! Data-quality checks over records already stored: text written before a rule existed (the
//! refusal of hidden direction and zero-width characters) is found so staff can correct it
//! through the usual reviewed change.
//!
//! Owns: which stored texts are checked and how findings are named. Must never: show a value
//! (findings name the record and the field only) or change a record.

use portal_domain::requests::RequestId;
use portal_domain::{is_hidden, Field};
use portal_storage::{people, requests, Conn};

use crate::error::CoreResult;

/// How many records are read at a time.
const BATCH: i64 = 500;

/// One stored text that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The record: a registration number, or a request's reference (`R-…`).
    pub record: String,
    /// The field.
    pub field: Field,
}

fn hides(text: Option<&str>) -> bool {
    text.is_some_and(|t| t.chars().any(is_hidden))
}

/// Every stored name, address, request reason, proposed change and request note that holds
/// a hidden direction or zero-width character (ZWNJ and ZWJ are legal, as at input).
pub async fn hidden_characters(db: &mut Conn) -> CoreResult<Vec<Finding>> {
    let mut findings = Vec::new();
    let mut offset = 0;
    loop {
        let batch = people::texts(db, offset, BATCH).await?;
        for (number, given, family, given_original, family_original, address) in &batch {
            let fields = [
                (Field::GivenName, Some(given.as_str())),
                (Field::FamilyName, Some(family.as_str())),
                (Field::GivenNameOriginal, given_original.as_deref()),
                (Field::FamilyNameOriginal, family_original.as_deref()),
                (Field::Address, address.as_deref()),
            ];
            findings.extend(
                fields
                    .into_iter()
                    .filter(|(_, t)| hides(*t))
                    .map(|(field, _)| Finding {
                        record: number.clone(),
                        field,
                    }),
            );
        }
        if batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
        offset += BATCH;
    }
    offset = 0;
    loop {
        let batch = requests::texts(db, offset, BATCH).await?;
        for (id, reason, changes, notes) in &batch {
            let record = RequestId(*id).reference();
            let fields = [
                (Field::Reason, hides(reason.as_deref())),
                (Field::RecordField, hides(Some(changes))),
                (Field::Answer, notes.iter().any(|n| hides(Some(n)))),
            ];
            findings.extend(
                fields
                    .into_iter()
                    .filter(|(_, hidden)| *hidden)
                    .map(|(field, _)| Finding {
                        record: record.clone(),
                        field,
                    }),
            );
        }
        if batch.len() < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            break;
        }
        offset += BATCH;
    }
    Ok(findings)
}
