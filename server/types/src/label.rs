//! One way to put any code of this crate into words: [`Label::label`].
//!
//! Codes whose words are catalogue messages implement [`Keyed`] (and get [`Label`] from it);
//! countries and languages read the generated CLDR tables.
//!
//! Owns: the label traits. Must never: return an empty text or the raw code, or fall back to a
//! neutral word for a code it does not know (every code type is matched exhaustively instead).

use portal_i18n::{Key, Locale};

/// Words for a value, in the reader's language.
pub trait Label {
    /// The words for this value in `locale`: never empty, never the raw code.
    fn label(&self, locale: Locale) -> &'static str;
}

/// A value whose words are one message of the translation catalogue.
///
/// Every `Keyed` type is a [`Label`]; the key itself is there for the interface, which looks
/// messages up by key when the language changes.
pub trait Keyed {
    /// The catalogue message naming this value.
    fn key(&self) -> Key;
}

impl<T: Keyed + ?Sized> Label for T {
    fn label(&self, locale: Locale) -> &'static str {
        locale.text(self.key())
    }
}

/// The column of `locale` in the generated name tables (English, French, Arabic, Dari).
pub(crate) const fn column(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Fr => 1,
        Locale::Ar => 2,
        Locale::Prs => 3,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks that `value` has words in every locale: not empty, not its raw `code`, and with no
    /// `{variable}` left to fill.
    ///
    /// One exception, in English only: the staff role words are lower case because they are
    /// used inside sentences ("by a clerk"), so the word for `clerk` is the code itself.
    pub(crate) fn assert_labelled<T: Label + std::fmt::Debug + ?Sized>(value: &T, code: &str) {
        for locale in Locale::ALL {
            let words = value.label(locale);
            assert!(
                !words.trim().is_empty(),
                "{value:?} has no {locale:?} words"
            );
            assert!(
                !words.contains('{'),
                "{value:?}: {locale:?} words `{words}` have a variable to fill"
            );
            let english_role = locale == Locale::En && code == "clerk";
            assert!(
                words != code || english_role,
                "{value:?}: {locale:?} words are the raw code `{code}`"
            );
        }
    }

    #[test]
    fn every_locale_has_its_own_column() {
        let columns: Vec<usize> = Locale::ALL.iter().map(|l| column(*l)).collect();
        assert_eq!(columns, [0, 1, 2, 3]);
    }
}
