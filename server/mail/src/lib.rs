//! Mail to people and staff: through an SMTP server, or, with none configured, into
//! `<data dir>/outbox/` as `.eml` files (so a demo or an offline office loses nothing).
//!
//! Owns: the transport and the message format. Must never: log an address or a body, or
//! fail silently (a mail that cannot be sent is an error the caller sees).

pub mod sms;
pub mod templates;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use portal_domain::person::Email;

/// A mail ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// Recipient.
    pub to: Email,
    /// Subject line.
    pub subject: String,
    /// Plain-text body (always present: cheap phones and screen readers).
    pub text: String,
    /// Language tag of the text, for `Content-Language`.
    pub language: &'static str,
    /// A calendar invitation to attach (`.ics`), with its iTIP method.
    pub calendar: Option<Calendar>,
}

/// An iCalendar attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// `REQUEST` or `CANCEL`.
    pub method: &'static str,
    /// The `.ics` text.
    pub text: String,
}

/// Why a mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The SMTP URL or sender address is not usable.
    #[error("mail is not configured correctly: {0}")]
    Config(String),
    /// The message could not be built.
    #[error("the mail could not be built: {0}")]
    Build(String),
    /// The SMTP server refused or could not be reached (never the server's own words, which
    /// name the recipient).
    #[error("the mail server did not accept the mail: {0}")]
    Smtp(SmtpFailure),
    /// The outbox could not be written.
    #[error("the mail could not be written to the outbox: {0}")]
    Outbox(#[from] std::io::Error),
}

/// A failed delivery's reason as a short token the dead-letter list shows in words: `refused
/// 550`, `deferred 450`, `timeout`, `tls`, `unreachable`, `number`, `setup`. It holds no
/// address, number or server text.
pub trait DeliveryFailure: std::fmt::Display {
    /// The token.
    fn reason(&self) -> String;
    /// Whether sending the same message again cannot help (a recipient refused for good).
    fn permanent(&self) -> bool;
}

impl DeliveryFailure for MailError {
    fn reason(&self) -> String {
        match self {
            MailError::Smtp(SmtpFailure::Refused(code)) => format!("refused {code}"),
            MailError::Smtp(SmtpFailure::Deferred(code)) => format!("deferred {code}"),
            MailError::Smtp(SmtpFailure::TimedOut) => "timeout".into(),
            MailError::Smtp(SmtpFailure::Tls) => "tls".into(),
            MailError::Smtp(SmtpFailure::Unreachable) => "unreachable".into(),
            MailError::Config(_) | MailError::Build(_) | MailError::Outbox(_) => "setup".into(),
        }
    }

    fn permanent(&self) -> bool {
        // A broken setting is mended by an administrator, after which the retry succeeds.
        matches!(self, MailError::Smtp(SmtpFailure::Refused(_)))
    }
}

/// Why an SMTP server did not take a mail, kept to its kind and reply code: a server's reply
/// text often names the recipient ("550 5.1.1 <name@example.org>: user unknown"), so it is
/// never logged or stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpFailure {
    /// A permanent refusal (5xx): sending the same mail again will not help.
    Refused(u16),
    /// A temporary refusal (4xx): the server asks to try again later.
    Deferred(u16),
    /// No answer in time.
    TimedOut,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The server could not be reached, or the connection broke.
    Unreachable,
}

impl SmtpFailure {
    /// The kind of `error`.
    pub fn of(error: &lettre::transport::smtp::Error) -> SmtpFailure {
        let code = error.status().map(u16::from);
        match code {
            Some(code) if error.is_permanent() => SmtpFailure::Refused(code),
            Some(code) if error.is_transient() => SmtpFailure::Deferred(code),
            _ if error.is_timeout() => SmtpFailure::TimedOut,
            _ if error.is_tls() => SmtpFailure::Tls,
            _ => SmtpFailure::Unreachable,
        }
    }
}

impl std::fmt::Display for SmtpFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SmtpFailure::Refused(code) => write!(f, "refused for good (reply {code})"),
            SmtpFailure::Deferred(code) => write!(f, "refused for now (reply {code})"),
            SmtpFailure::TimedOut => f.write_str("no answer in time"),
            SmtpFailure::Tls => f.write_str("the secure connection failed"),
            SmtpFailure::Unreachable => f.write_str("the server could not be reached"),
        }
    }
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// An SMTP server.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The sender.
        from: Mailbox,
    },
    /// `.eml` files in a folder.
    Outbox {
        /// The folder.
        folder: PathBuf,
        /// The sender.
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { .. } => f.write_str("Mailer::Smtp"),
            Mailer::Outbox { folder, .. } => write!(f, "Mailer::Outbox({})", folder.display()),
        }
    }
}

/// Where mail goes and from whom, as the configuration says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailSettings {
    /// The sender, `Name <name@example.org>`.
    pub from: String,
    /// `smtp://…` or `smtps://…`; none writes `.eml` files to `outbox` instead.
    pub smtp_url: Option<String>,
    /// The folder for `.eml` files when there is no SMTP server.
    pub outbox: PathBuf,
}

impl Mailer {
    /// The mailer the settings name.
    pub fn new(settings: &MailSettings) -> Result<Mailer, MailError> {
        let from: Mailbox = settings.from.parse().map_err(|_| {
            MailError::Config("mail.from is not an address like Name <name@example.org>".into())
        })?;
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|_| MailError::Config("the SMTP URL is not valid".into()))?
                    .build();
                Ok(Mailer::Smtp { transport, from })
            }
            None => Ok(Mailer::Outbox {
                folder: settings.outbox.clone(),
                from,
            }),
        }
    }

    /// Sends `mail`, dated `now`.
    pub async fn send(&self, mail: &Mail, now: DateTime<Utc>) -> Result<(), MailError> {
        let from = match self {
            Mailer::Smtp { from, .. } | Mailer::Outbox { from, .. } => from.clone(),
        };
        let message = build(mail, from, now)?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport
                    .send(message)
                    .await
                    .map_err(|e| MailError::Smtp(SmtpFailure::of(&e)))?;
            }
            Mailer::Outbox { folder, .. } => {
                write_outbox(folder, &message.formatted(), now).await?;
            }
        }
        tracing::info!(transport = ?self, "mail sent");
        Ok(())
    }
}

/// The `Content-Language` header (RFC 3282): mail clients and screen readers pick the voice.
#[derive(Clone, Debug)]
struct ContentLanguage(String);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(value: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(value.to_owned()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

fn build(mail: &Mail, from: Mailbox, now: DateTime<Utc>) -> Result<Message, MailError> {
    let to: Mailbox = mail
        .to
        .as_str()
        .parse()
        .map_err(|_| MailError::Build("recipient".into()))?;
    Message::builder()
        .from(from)
        .to(to)
        .date(now.into())
        .subject(mail.subject.clone())
        .header(ContentLanguage(mail.language.to_owned()))
        .multipart({
            let body = MultiPart::mixed().singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.text.clone()),
            );
            match &mail.calendar {
                Some(calendar) => {
                    let kind = ContentType::parse(&format!(
                        "text/calendar; charset=utf-8; method={}",
                        calendar.method
                    ))
                    .map_err(|e| MailError::Build(e.to_string()))?;
                    body.singlepart(
                        lettre::message::Attachment::new("invitation.ics".to_owned())
                            .body(calendar.text.clone(), kind),
                    )
                }
                None => body,
            }
        })
        .map_err(|e| MailError::Build(e.to_string()))
}

async fn write_outbox(
    folder: &std::path::Path,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<(), std::io::Error> {
    tokio::fs::create_dir_all(folder).await?;
    let name = format!(
        "{}-{}.eml",
        now.format("%Y%m%dT%H%M%S"),
        uuid::Uuid::new_v4().simple()
    );
    let path = folder.join(name);
    tokio::fs::write(&path, bytes).await?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tokio::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).await?;
    }
    Ok(())
}

/// `a***@example.org`: enough for an operator to recognise, not enough to copy.
pub fn masked(email: &Email) -> String {
    match email.as_str().split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(dir: &std::path::Path) -> MailSettings {
        MailSettings {
            from: "Refugee Portal <no-reply@localhost>".into(),
            smtp_url: None,
            outbox: dir.join("outbox"),
        }
    }

    #[tokio::test]
    async fn without_smtp_mail_lands_in_the_outbox_readable_only_by_the_owner() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = Mailer::new(&settings(dir.path())).unwrap();
        let mail = Mail {
            to: Email::parse("amina.haddad@example.org").unwrap(),
            subject: "أنشئ مفتاح المرور".into(),
            text: "مرحبًا أمينة".into(),
            language: "ar",
            calendar: None,
        };
        let now = DateTime::parse_from_rfc3339("2026-12-05T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        mailer.send(&mail, now).await.unwrap();
        let entries: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
            .unwrap()
            .collect();
        assert_eq!(entries.len(), 1);
        let path = entries[0].as_ref().unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("To: amina.haddad@example.org"));
        assert!(text.contains("Content-Language: ar"));
        assert!(text.contains("Date: Sat, 05 Dec 2026 09:00:00"), "{text}");
        assert!(path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("20261205T090000-"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }

    #[test]
    fn addresses_are_masked_for_operators() {
        assert_eq!(
            masked(&Email::parse("amina.haddad@example.org").unwrap()),
            "a***@example.org"
        );
    }
}
