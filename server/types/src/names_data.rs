//! The closed lists of countries and languages, with their names in English, French, Arabic
//! and Dari: generated at build time by `build.rs` from `data/countries.txt`,
//! `data/languages.txt` and CLDR (ICU4X compiled data, version pinned in Cargo.toml).
//!
//! Owns: the variants of [`Country`] and [`Language`], their codes and names, in one order
//! (`COUNTRY_NAMES[country as usize]` is that country's row). Must never: hold hand-written
//! data (change the data files or `build.rs`), or anything but data.

include!(concat!(env!("OUT_DIR"), "/names_data.rs"));
