//! The serde form of the list codes (countries, nationalities, languages): the code as a string,
//! read back through the type's `parse`.
//!
//! Owns: that one visitor. Must never: accept a value its `parse` refuses.

use std::fmt;
use std::marker::PhantomData;

use serde::de;

use crate::ValidationError;

/// Reads a string with `parse`; a refused string is a deserialisation error that says why
/// (without repeating the value).
pub(crate) struct CodeVisitor<T> {
    pub(crate) parse: fn(&str) -> Result<T, ValidationError>,
    pub(crate) expecting: &'static str,
    pub(crate) marker: PhantomData<T>,
}

impl<T> de::Visitor<'_> for CodeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.parse)(value).map_err(E::custom)
    }
}
