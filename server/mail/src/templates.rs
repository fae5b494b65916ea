//! The mails the portal sends, in the recipient's language, from the translation catalogue.
//!
//! Owns: choosing a mail's language and filling its text. Must never: put more personal data
//! in a mail than the recipient needs to act.

use chrono::{DateTime, Utc};
use portal_i18n::{Key, Locale};

use super::Mail;
use crate::sms::Sms;
use portal_domain::person::{Email, Language};
use portal_domain::requests::RequestStatus;
use portal_types::{CredentialKind, CredentialNews, Label, StatusReason};

/// The language of a mail to a person: the one they chose in the portal, else the portal
/// language closest to the languages they speak (see [`locale_for`]).
pub fn recipient_locale(chosen: Option<Locale>, languages: &[Language]) -> Locale {
    chosen.unwrap_or_else(|| locale_for(languages))
}

/// The portal language closest to the languages a person speaks (ISO 639-3), English when none.
pub fn locale_for(languages: &[Language]) -> Locale {
    languages
        .iter()
        .find_map(|language| match language.as_str() {
            "ara" | "arb" | "apc" | "ajp" | "acm" | "ayl" => Some(Locale::Ar),
            "prs" | "fas" | "pes" | "haz" => Some(Locale::Prs),
            "fra" => Some(Locale::Fr),
            "eng" => Some(Locale::En),
            _ => None,
        })
        .unwrap_or(Locale::En)
}

/// The enrollment invitation: the link, the code, the deadline.
pub fn invitation(
    to: Email,
    locale: Locale,
    link: &str,
    code: &str,
    expires_at: DateTime<Utc>,
) -> Mail {
    // Written out in the recipient's language and digits ("3 December 2026 at 09:00 UTC").
    let expires = locale.iso_date_time(&expires_at.format("%Y-%m-%d %H:%M UTC").to_string());
    Mail {
        to,
        subject: locale.text(Key::MailInviteSubject).to_owned(),
        text: locale.format_plain(
            Key::MailInviteBody,
            &[("link", link), ("code", code), ("expires", &expires)],
        ),
        language: locale.tag(),
        calendar: None,
    }
}

/// The translated name of a request status.
pub fn status_text(locale: Locale, status: RequestStatus) -> &'static str {
    locale.text(match status {
        RequestStatus::Submitted => Key::RequestStatusSubmitted,
        RequestStatus::UnderReview => Key::RequestStatusUnderReview,
        RequestStatus::NeedsInfo => Key::RequestStatusNeedsInfo,
        RequestStatus::Approved => Key::RequestStatusApproved,
        RequestStatus::PartlyApproved => Key::RequestStatusPartlyApproved,
        RequestStatus::Rejected => Key::RequestStatusRejected,
        RequestStatus::Cancelled => Key::RequestStatusCancelled,
    })
}

/// News about an update request: decided, or a question for the person. Only the reference,
/// the new status and a link: the details stay behind the sign-in.
pub fn request_update(
    to: Email,
    locale: Locale,
    reference: &str,
    status: RequestStatus,
    link: &str,
) -> Mail {
    let body = if status == RequestStatus::NeedsInfo {
        Key::MailRequestNeedsInfoBody
    } else {
        Key::MailRequestDecidedBody
    };
    Mail {
        to,
        subject: locale.format_plain(Key::MailRequestSubject, &[("reference", reference)]),
        text: locale.format_plain(
            body,
            &[
                ("reference", reference),
                ("status", status_text(locale, status)),
                ("link", link),
            ],
        ),
        language: locale.tag(),
        calendar: None,
    }
}

/// News about a person's credential (issued, suspended, reinstated, revoked): which one, what
/// happened and why, and a link; the credential itself stays behind the sign-in.
pub fn credential_update(
    to: Email,
    locale: Locale,
    news: CredentialNews,
    kind: CredentialKind,
    reason: Option<StatusReason>,
    link: &str,
) -> Mail {
    let credential = kind.label(locale);
    let reason = reason.map_or("", |r| r.for_verifier().label(locale));
    let sentence = locale.format_plain(
        news.message(),
        &[("credential", credential), ("reason", reason)],
    );
    Mail {
        to,
        subject: locale.format_plain(Key::MailCredentialSubject, &[("credential", credential)]),
        text: locale.format_plain(
            Key::MailCredentialBody,
            &[("news", &sentence), ("link", link)],
        ),
        language: locale.tag(),
        calendar: None,
    }
}

/// The SMS that tells a person there is news (nothing more: see [`crate::sms`]), in their
/// language, with the link to "My messages".
pub fn news_sms(to: String, locale: Locale, link: &str) -> Sms {
    Sms {
        to,
        text: locale.format_plain(Key::SmsNews, &[("link", link)]),
    }
}

/// What an appointment mail is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentNews {
    /// Booked (with the invitation).
    Booked,
    /// Moved (with the updated invitation).
    Changed,
    /// Cancelled (with the cancellation).
    Cancelled,
    /// Tomorrow.
    Reminder,
}

/// What an appointment mail says: the service, the local time, the place, the reference and a
/// link; no registration number, no household.
#[derive(Clone, Debug)]
pub struct AppointmentMail<'a> {
    /// The news.
    pub news: AppointmentNews,
    /// Reference (`A-…`).
    pub reference: &'a str,
    /// Service name in the person's language.
    pub service: &'a str,
    /// Local date and time at the location.
    pub time: &'a str,
    /// Location name and address.
    pub location: &'a str,
    /// Link to the appointment.
    pub link: &'a str,
}

/// An appointment mail, with its calendar attachment when there is one.
pub fn appointment(
    to: Email,
    locale: Locale,
    mail: &AppointmentMail<'_>,
    calendar: Option<super::Calendar>,
) -> Mail {
    let body = match mail.news {
        AppointmentNews::Booked => Key::MailAppointmentBookedBody,
        AppointmentNews::Changed => Key::MailAppointmentChangedBody,
        AppointmentNews::Cancelled => Key::MailAppointmentCancelledBody,
        AppointmentNews::Reminder => Key::MailAppointmentReminderBody,
    };
    Mail {
        to,
        subject: locale.format_plain(
            Key::MailAppointmentSubject,
            &[("reference", mail.reference)],
        ),
        text: locale.format_plain(
            body,
            &[
                ("reference", mail.reference),
                ("service", mail.service),
                ("time", mail.time),
                ("location", mail.location),
                ("link", mail.link),
            ],
        ),
        language: locale.tag(),
        calendar,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mail_language_follows_the_persons_languages() {
        let langs = |codes: &[&str]| {
            codes
                .iter()
                .map(|c| Language::parse(c).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(locale_for(&langs(&["ara", "eng"])), Locale::Ar);
        assert_eq!(locale_for(&langs(&["tir", "prs"])), Locale::Prs);
        assert_eq!(locale_for(&langs(&["lin", "fra"])), Locale::Fr);
        assert_eq!(locale_for(&langs(&["som"])), Locale::En);
        assert_eq!(
            recipient_locale(Some(Locale::Fr), &langs(&["ara"])),
            Locale::Fr,
            "the language chosen in the portal comes first"
        );
        assert_eq!(recipient_locale(None, &langs(&["ara"])), Locale::Ar);
    }

    #[test]
    fn the_invitation_carries_link_code_and_deadline() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mail = invitation(
            Email::parse("a@example.org").unwrap(),
            Locale::Ar,
            "http://x/enroll/T",
            "ABCDE-FGHJK",
            at,
        );
        assert!(
            mail.text.contains("http://x/enroll/T")
                && mail.text.contains("ABCDE-FGHJK")
                && mail.text.contains(&Locale::Ar.date(2026, 12, 3))
        );
        assert!(
            !mail.text.contains("2026-12-03"),
            "the date is written out in Arabic"
        );
        assert_eq!(mail.language, "ar");
    }

    #[test]
    fn request_mails_carry_reference_status_and_link_but_no_details() {
        let mail = request_update(
            Email::parse("a@example.org").unwrap(),
            Locale::Fr,
            "R-1A2B3C4D",
            RequestStatus::PartlyApproved,
            "http://x/me/requests/1",
        );
        assert!(mail.subject.contains("R-1A2B3C4D"));
        assert!(mail.text.contains("http://x/me/requests/1"));
        assert!(mail
            .text
            .contains(status_text(Locale::Fr, RequestStatus::PartlyApproved)));
        assert_eq!(mail.language, "fr");
    }
}
