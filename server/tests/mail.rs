//! Mail through a real SMTP server (aiosmtpd, started by the test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use portal_i18n::Locale;
use portal_server::domain::person::Email;
use portal_server::mail::{templates, Mail, Mailer};
use portal_server::testing::SmtpSink;
use portal_server::Config;

fn config_with(smtp: &str) -> Config {
    let smtp = smtp.to_owned();
    Config::from_sources(None, &move |name| {
        (name == "PORTAL_SMTP_URL").then(|| smtp.clone())
    })
    .unwrap()
}

/// The decoded text of the mail's text/plain part (base64 or quoted-printable).
fn body_text(message: &str) -> String {
    use base64::Engine as _;
    let message = message.replace("\r\n", "\n");
    let part = message
        .split("\n\n")
        .skip_while(|block| !block.contains("Content-Type: text/plain"))
        .nth(1)
        .unwrap_or_default();
    let encoded: String = part
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    if message.contains("Content-Transfer-Encoding: base64") {
        let compact: String = encoded.split_whitespace().collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap(),
        )
        .unwrap()
    } else {
        encoded.replace("=\n", "")
    }
}

#[tokio::test]
async fn an_invitation_mail_reaches_the_smtp_server_in_the_persons_language() {
    let sink = SmtpSink::start();
    let mailer = Mailer::from_config(&config_with(&sink.url)).unwrap();
    let at = DateTime::parse_from_rfc3339("2026-12-03T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mail = templates::invitation(
        Email::parse("amina.haddad@example.org").unwrap(),
        Locale::Ar,
        "http://localhost:3000/enroll/TOKEN",
        "ABCDE-FGHJK",
        at,
    );
    mailer.send(&mail).await.unwrap();

    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(
        message.contains("To: amina.haddad@example.org"),
        "{message}"
    );
    assert!(message.contains("<no-reply@localhost>"), "{message}");
    assert!(message.contains("Content-Language: ar"), "{message}");
    let body = body_text(message);
    assert!(body.contains("مرحبًا"), "written in Arabic: {body}");
    assert!(
        body.contains("http://localhost:3000/enroll/TOKEN") && body.contains("ABCDE-FGHJK"),
        "{body}"
    );
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_an_error_not_a_silent_loss() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mailer = Mailer::from_config(&config_with(&format!("smtp://127.0.0.1:{port}"))).unwrap();
    let mail = Mail {
        to: Email::parse("a@example.org").unwrap(),
        subject: "s".into(),
        text: "t".into(),
        language: "en",
        calendar: None,
    };
    assert!(mailer.send(&mail).await.is_err());
}
