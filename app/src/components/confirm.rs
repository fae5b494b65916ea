//! A destructive action that asks first, without JavaScript: the button opens the question
//! (a `<details>`), and only the answer's button posts the form. A tap by mistake on a small
//! screen changes nothing.
//!
//! Owns: the shape of every "are you sure?" in the portal. Must never: post on the first tap.

use leptos::prelude::*;

use crate::i18n::{t, Key};

/// `label` opens `question`; `yes` posts the form to `action` (with `children` as its fields).
#[component]
pub fn Confirm(
    /// Where the form posts.
    action: String,
    /// The words of the button that opens the question.
    label: Key,
    /// The question, saying what will happen.
    question: Key,
    /// The words of the button that does it.
    yes: Key,
    /// Hidden fields or choices the action needs.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class="button">{t(label)}</summary>
            <form method="post" action=action class="stack">
                <p class="confirm__question">{t(question)}</p>
                {children.map(|fields| fields())}
                <p class="actions">
                    <button type="submit" class="button button--danger">{t(yes)}</button>
                </p>
            </form>
        </details>
    }
}
