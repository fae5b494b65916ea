//! The form of an update request, one per kind: plain HTML that posts `multipart/form-data`
//! to the request endpoint, so it works without JavaScript. Errors come back as codes in the
//! query and are shown next to their fields and in a summary that screen readers announce.
//!
//! Owns: the fields of each request kind. Must never: validate (the server does, once).

use leptos::prelude::*;

use crate::api::drafts::{Kept, KeptFile};
use crate::api::requests::FormContext;
use crate::i18n::{l, t, use_locale, Key};
use crate::labels;
use portal_types::{RequestKind, Sex};

/// Errors of one field, from the query.
pub(crate) fn error_of(errors: &[(String, String)], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, code)| code.clone())
}

/// What a form held when it was sent back, for its fields to show again: provide it around a
/// form (an empty one when nothing was kept).
pub(crate) fn provide_kept(kept: Kept) {
    provide_context(kept);
}

/// The kept value of field `name`.
pub(crate) fn kept_value(name: &str) -> Option<String> {
    use_context::<Kept>().and_then(|k| k.value(name))
}

/// "Document 2 (PDF)", numbered from 1, in the reader's language.
pub fn document_label(index: usize, photo: bool) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    let number = i64::try_from(index).map_or(i64::MAX, |i| i.saturating_add(1));
    let kind = if photo {
        Key::DocumentTypePhoto
    } else {
        Key::DocumentTypePdf
    };
    move || {
        let l = locale.get();
        l.format(
            Key::RequestDocument,
            &[("number", &l.number(number)), ("type", l.text(kind))],
        )
    }
}

/// The files kept from the last try, each with a tick to send it again (ticked).
#[component]
pub(crate) fn KeptFiles(files: Vec<KeptFile>) -> impl IntoView {
    let locale = use_locale();
    (!files.is_empty()).then(|| {
        view! {
            <fieldset class="kept-files">
                <legend>{t(Key::RequestFormKeptTitle)}</legend>
                <p class="hint">{t(Key::RequestFormKeptHint)}</p>
                {files.into_iter().map(|f| {
                    let id = format!("keep-{}", f.position);
                    let name = format!("keep_{}", f.position);
                    let label = document_label(f.position, f.media_type.starts_with("image/"));
                    let kib = i64::try_from(f.size.div_ceil(1024)).unwrap_or(i64::MAX);
                    let size = move || {
                        let l = locale.get();
                        l.format(Key::RequestFormKeptSize, &[("size", &l.number(kib))])
                    };
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name=name value="1" checked=true />
                            <label for=id>{label} " · " {size}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        }
    })
}

/// One input with its label, hint and error.
#[component]
pub(crate) fn Input(
    name: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] ltr: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    errors: Vec<(String, String)>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error = error_of(&errors, name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = [
        hint.map(|_| hint_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let invalid = error.is_some().then_some("true");
    let has_error = error.is_some();
    let value = kept_value(name);
    view! {
        <div class="field" class:field--error=has_error>
            <label for=id.clone()>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            {error.map(|code| view! { <p class="field-error" id=error_id.clone()>{t(labels::problem(&code))}</p> })}
            {if kind == "textarea" {
                view! {
                    <textarea id=id.clone() name=name rows="3" required=required
                        aria-describedby=(!described.is_empty()).then(|| described.clone()) aria-invalid=invalid>{value.clone()}</textarea>
                }.into_any()
            } else {
                view! {
                    <input id=id.clone() name=name type=kind required=required dir=ltr.then_some("ltr")
                        autocomplete=autocomplete value=value.clone()
                        aria-describedby=(!described.is_empty()).then(|| described.clone()) aria-invalid=invalid />
                }.into_any()
            }}
        </div>
    }
}

/// A choice of sex.
#[component]
fn SexSelect(errors: Vec<(String, String)>, required: bool) -> impl IntoView {
    let error = error_of(&errors, "sex");
    let has_error = error.is_some();
    let kept = kept_value("sex");
    view! {
        <div class="field" class:field--error=has_error>
            <label for="field-sex">{t(Key::RequestFormSex)}</label>
            {error.map(|code| view! { <p class="field-error" id="field-sex-error">{t(labels::problem(&code))}</p> })}
            <select id="field-sex" name="sex" required=required>
                <option value="">{t(Key::RequestFormChoose)}</option>
                {[Sex::Female, Sex::Male, Sex::Other].into_iter().map(|s| {
                    let selected = kept.as_deref() == Some(s.as_str());
                    view! { <option value=s.as_str() selected=selected>{l(s)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A choice of household member.
#[component]
fn MemberSelect(
    context: FormContext,
    errors: Vec<(String, String)>,
    include_me: bool,
) -> impl IntoView {
    let error = error_of(&errors, "member");
    let has_error = error.is_some();
    let kept = kept_value("member");
    view! {
        <div class="field" class:field--error=has_error>
            <label for="field-member">{t(Key::RequestFormMember)}</label>
            {error.map(|code| view! { <p class="field-error" id="field-member-error">{t(labels::problem(&code))}</p> })}
            <select id="field-member" name="member" required=true>
                {(!include_me).then(|| view! { <option value="">{t(Key::RequestFormChoose)}</option> })}
                {context.household.into_iter().filter(|m| include_me || !m.me).map(|m| {
                    let selected = kept.as_ref().map_or(m.me, |k| *k == m.id);
                    view! { <option value=m.id.clone() selected=selected>{m.name} " (" {l(m.relationship)} ")"</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The request form of `kind`, posting to `action`.
#[component]
pub fn RequestForm(
    kind: RequestKind,
    action: String,
    context: FormContext,
    errors: Vec<(String, String)>,
) -> impl IntoView {
    let e = move || errors.clone();
    let documents_required = kind.needs_document();
    let fields = match kind {
        RequestKind::Contact => view! {
            <p class="hint">{t(Key::RequestFormOnlyChanges)}</p>
            <Input name="phone" label=Key::RequestFormPhone hint=Key::RequestFormPhoneHint kind="tel" ltr=true autocomplete="tel" errors=e() />
            <Input name="email" label=Key::RequestFormEmail kind="email" ltr=true autocomplete="email" errors=e() />
            <Input name="address" label=Key::RequestFormAddress kind="textarea" errors=e() />
            <Input name="languages" label=Key::RequestFormLanguages ltr=true errors=e() />
        }
        .into_any(),
        RequestKind::Correction => view! {
            <MemberSelect context=context.clone() errors=e() include_me=true />
            <p class="hint">{t(Key::RequestFormOnlyChanges)}</p>
            <Input name="given_name" label=Key::RequestFormGivenName errors=e() />
            <Input name="family_name" label=Key::RequestFormFamilyName errors=e() />
            <Input name="given_name_original" label=Key::RequestFormGivenNameOriginal errors=e() />
            <Input name="family_name_original" label=Key::RequestFormFamilyNameOriginal errors=e() />
            <Input name="date_of_birth" label=Key::RequestFormDateOfBirth kind="date" ltr=true errors=e() />
            <SexSelect errors=e() required=false />
            <Input name="nationality" label=Key::RequestFormNationality ltr=true errors=e() />
            <Input name="reason" label=Key::RequestFormReason kind="textarea" required=true errors=e() />
        }
        .into_any(),
        RequestKind::Birth | RequestKind::Marriage => {
            let spouse = kind == RequestKind::Marriage;
            view! {
                <Input name="given_name" label=Key::RequestFormGivenName required=true errors=e() />
                <Input name="family_name" label=Key::RequestFormFamilyName required=true errors=e() />
                <Input name="given_name_original" label=Key::RequestFormGivenNameOriginal errors=e() />
                <Input name="family_name_original" label=Key::RequestFormFamilyNameOriginal errors=e() />
                <SexSelect errors=e() required=true />
                <Input name="date_of_birth" label=Key::RequestFormDateOfBirth kind="date" ltr=true required=true errors=e() />
                {spouse.then(|| view! { <Input name="nationality" label=Key::RequestFormNationality ltr=true required=true errors=e() /> })}
            }
            .into_any()
        }
        RequestKind::Death | RequestKind::Departure => view! {
            <MemberSelect context=context.clone() errors=e() include_me=false />
            <Input name="event_date" label=Key::RequestFormEventDate kind="date" ltr=true required=true errors=e() />
        }
        .into_any(),
    };
    let documents_error = error_of(&e(), "documents");
    let changes_error = error_of(&e(), "changes");
    let max_size = context.max_size.clone();
    let locale = use_locale();
    let documents_invalid = documents_error.is_some();
    let kept_files = use_context::<Kept>().map(|k| k.files).unwrap_or_default();
    let file_required = documents_required && kept_files.is_empty();
    view! {
        {(!e().is_empty()).then(|| view! {
            <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                <p><strong>{t(Key::RequestFormErrors)}</strong></p>
                <ul>
                    {e().into_iter().map(|(field, code)| {
                        let href = format!("#field-{field}");
                        view! { <li><a href=href>{t(labels::field(&field))} ": " {t(labels::problem(&code))}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <form method="post" action=action enctype="multipart/form-data" class="stack request-form" data-kind=kind.as_str()>
            <input type="hidden" name="kind" value=kind.as_str() />
            {changes_error.map(|_| view! { <p class="field-error">{t(Key::ProblemNothing)}</p> })}
            {fields}
            <div class="field" class:field--error=documents_invalid>
                <label for="field-documents">{t(Key::RequestFormDocuments)}</label>
                <p class="hint" id="field-documents-hint">
                    {documents_required.then(|| view! { {t(Key::RequestFormDocumentsNeeded)} " " })}
                    {move || {
                        let l = locale.get();
                        l.format(Key::RequestFormDocumentsHint, &[("size", &l.digits(&max_size))])
                    }}
                </p>
                {documents_error.map(|code| view! { <p class="field-error" id="field-documents-error">{t(labels::problem(&code))}</p> })}
                <KeptFiles files=kept_files />
                <input id="field-documents" name="documents" type="file" multiple=true
                    accept="image/jpeg,image/png,image/webp,application/pdf"
                    required=file_required aria-describedby="field-documents-hint" />
            </div>
            <button type="submit" class="button button--primary">{t(Key::RequestFormSubmit)}</button>
        </form>
    }
}
