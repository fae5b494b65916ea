//! Mail through a real SMTP server (aiosmtpd, started by the test).

use chrono::{DateTime, Utc};
use portal_core::auth::invitations::{issue, send_by_mail};
use portal_core::jobs::notifications::{deliver_due, Delivery};
use portal_core::Config;
use portal_domain::audit::Actor;
use portal_domain::invitation::default_lifetime;
use portal_domain::person::Email;
use portal_domain::requests::{FormInput, RequestKind};
use portal_domain::session::Principal;
use portal_i18n::Locale;
use portal_mail::{templates, Mail, Mailer};
use portal_testkit::smtp::body_text;
use portal_testkit::{on_both_backends, Backend, SmtpSink, World};

fn config_with(smtp: &str) -> Config {
    let smtp = smtp.to_owned();
    Config::from_sources(None, &move |name| {
        (name == "PORTAL_SMTP_URL").then(|| smtp.clone())
    })
    .unwrap()
}

#[tokio::test]
async fn an_invitation_mail_reaches_the_smtp_server_in_the_persons_language() {
    let sink = SmtpSink::start();
    let mailer = config_with(&sink.url).mailer().unwrap();
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
    mailer.send(&mail, at).await.unwrap();

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
    let mailer = config_with(&format!("smtp://127.0.0.1:{port}"))
        .mailer()
        .unwrap();
    let mail = Mail {
        to: Email::parse("a@example.org").unwrap(),
        subject: "s".into(),
        text: "t".into(),
        language: "en",
        calendar: None,
    };
    assert!(mailer.send(&mail, Utc::now()).await.is_err());
}

/// A server that refuses the recipient answers with a reply that names the address; the error
/// the portal logs and keeps for the dead-letter list says only the kind and the code.
#[tokio::test]
async fn a_refused_mail_is_told_by_its_kind_and_code_never_by_the_servers_words() {
    for (code, expected) in [
        (550, portal_mail::SmtpFailure::Refused(550)),
        (450, portal_mail::SmtpFailure::Deferred(450)),
    ] {
        let sink = SmtpSink::start_refusing(code);
        let mailer = config_with(&sink.url).mailer().unwrap();
        let mail = Mail {
            to: Email::parse("amina.haddad@example.org").unwrap(),
            subject: "s".into(),
            text: "t".into(),
            language: "en",
            calendar: None,
        };
        let error = mailer.send(&mail, Utc::now()).await.unwrap_err();
        assert!(
            matches!(error, portal_mail::MailError::Smtp(failure) if failure == expected),
            "{error:?}"
        );
        let told = error.to_string();
        assert!(told.contains(&code.to_string()), "{told}");
        assert!(!told.contains("amina") && !told.contains('@'), "{told}");
        assert_eq!(
            portal_mail::DeliveryFailure::reason(&error),
            format!(
                "{} {code}",
                if code >= 500 { "refused" } else { "deferred" }
            )
        );
        assert!(sink.messages().is_empty());
    }
}

on_both_backends! {
    a_mail_the_server_refuses_for_good_is_given_up_at_once_and_listed_with_why,
    mails_to_a_person_are_in_the_language_they_chose_in_the_portal,
    credential_news_reaches_my_messages_the_unread_count_and_mail,
    news_goes_by_sms_to_those_who_chose_it_and_says_nothing_but_that_there_is_news,
}

/// Amina asks for a new phone number and Farida approves it: news (and a mail) for Amina.
async fn approved_phone_change(w: &World, phone: &str) -> portal_domain::requests::RequestId {
    let form = FormInput(
        [("phone".to_owned(), phone.to_owned())]
            .into_iter()
            .collect(),
    );
    let request = w
        .flow()
        .submit_by_person(w.cast.amina.id, RequestKind::Contact, &form, &[])
        .await
        .unwrap();
    let row_version = portal_storage::requests::by_id(&mut w.read().await, request)
        .await
        .unwrap()
        .unwrap()
        .row_version;
    w.flow()
        .decide(&w.cast.farida, request, row_version, vec![true], None, None)
        .await
        .unwrap();
    request
}

/// Issues an enrollment invitation for `principal` and mails it; returns its token.
async fn invite_by_mail(
    w: &World,
    mailer: &Mailer,
    principal: Principal,
    config: &Config,
) -> String {
    let ctx = w.ctx();
    let mut tx = w.begin().await;
    let invitation = issue(
        &mut tx,
        &ctx,
        principal,
        default_lifetime(),
        false,
        Actor::System,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    send_by_mail(
        &mut w.read().await,
        &ctx,
        mailer,
        principal,
        &invitation,
        &config.public_url,
    )
    .await
    .unwrap()
    .unwrap();
    invitation.token.expose().to_owned()
}

/// Amina speaks Arabic and English (her record); once she picks French with the language
/// switch, every mail to her is in French: invitations and news about her requests.
async fn mails_to_a_person_are_in_the_language_they_chose_in_the_portal(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.cast.amina.clone();
    let sink = SmtpSink::start();
    let config = config_with(&sink.url);
    let mailer = config.mailer().unwrap();
    let principal = Principal::Person(amina.id);
    // The mail that mentions `needle`, whether its body is base64 or quoted-printable.
    let mail_with = |needle: String| {
        sink.messages()
            .into_iter()
            .find(|m| m.replace("=\r\n", "").contains(&needle) || body_text(m).contains(&needle))
            .unwrap_or_else(|| panic!("no mail contains {needle}"))
    };

    let mail = mail_with(invite_by_mail(&w, &mailer, principal, &config).await);
    assert!(
        mail.contains("Content-Language: ar"),
        "without a choice, the languages she speaks"
    );

    let mut tx = w.begin().await;
    portal_core::people::remember_language(&mut tx, &w.ctx(), amina.id, Locale::Fr)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mail = mail_with(invite_by_mail(&w, &mailer, principal, &config).await);
    assert!(mail.contains("Content-Language: fr"), "{mail}");
    assert!(body_text(&mail).contains("Bonjour"), "{mail}");

    let request = approved_phone_change(&w, "+962790008888").await;
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!(run.sent, 1);
    let mail = mail_with(request.reference());
    assert!(mail.contains("Content-Language: fr"), "{mail}");
    assert!(body_text(&mail).contains("Bonjour"), "{mail}");
}

/// Staff suspend Amina's proof of registration on a suspicion of misuse, then lift it: each
/// change is a message for her (unread until she opens "My messages") and a mail in her
/// language, which names the credential and a reason without the suspicion; her own download
/// is not news.
async fn credential_news_reaches_my_messages_the_unread_count_and_mail(backend: Backend) {
    use portal_core::credentials::issuer::Issuer;
    use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};

    let w = World::new(backend).await;
    let amina = w.cast.amina.clone();
    let sink = SmtpSink::start();
    let config = w.config(&[
        ("PORTAL_SMTP_URL", sink.url.as_str()),
        ("PORTAL_PUBLIC_URL", "https://portal.agency.example"),
    ]);
    Issuer::ensure_key(&w.store, &w.ctx(), &config)
        .await
        .unwrap();
    let issuer = Issuer::load(&mut w.read().await, &config).await.unwrap();
    let unread = || async {
        portal_core::news::unread(&mut w.read().await, amina.id)
            .await
            .unwrap()
    };
    let before = unread().await;

    let s = w.credentials(&issuer);
    let credential = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    assert_eq!(unread().await, before, "her own download is not news");
    s.change_status(
        &w.cast.farida,
        credential.id,
        None,
        StatusAction::Suspend,
        StatusReason::FraudSuspected,
    )
    .await
    .unwrap();
    assert_eq!(unread().await, before + 1);

    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!(run.sent, 1);
    let mail = sink
        .messages()
        .into_iter()
        .find(|m| body_text(m).contains("/me/credentials"))
        .expect("the credential mail");
    let text = body_text(&mail);
    let ar = Locale::Ar;
    assert!(mail.contains("Content-Language: ar"), "{mail}");
    assert!(
        text.contains(ar.text(portal_i18n::Key::CredentialsKindRegistration)),
        "{text}"
    );
    assert!(
        text.contains(ar.text(portal_i18n::Key::CredentialReasonOther)),
        "{text}"
    );
    assert!(
        !text.contains(ar.text(portal_i18n::Key::CredentialReasonFraudSuspected)),
        "a suspicion is the office's, not told: {text}"
    );

    w.advance(chrono::Duration::minutes(1));
    s.change_status(
        &w.cast.jonas,
        credential.id,
        None,
        StatusAction::Unsuspend,
        StatusReason::Other,
    )
    .await
    .unwrap();
    assert_eq!(unread().await, before + 2);

    let mut tx = w.begin().await;
    let messages = portal_core::news::mine(&mut tx, &w.ctx(), amina.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let kinds: Vec<(&str, bool)> = messages
        .iter()
        .take(2)
        .map(|m| (m.kind.as_str(), m.read))
        .collect();
    assert_eq!(
        kinds,
        [
            ("credential.reinstated", false),
            ("credential.suspended", false)
        ],
        "newest first, unread as they were before the visit"
    );
    assert!(messages
        .iter()
        .take(2)
        .all(|m| m.credential_id == Some(credential.id)
            && m.credential_kind.as_deref() == Some("registration")));
    assert_eq!(unread().await, 0, "opening My messages reads them all");
    let mut tx = w.begin().await;
    let again = portal_core::news::mine(&mut tx, &w.ctx(), amina.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(again.iter().all(|m| m.read));
}

/// Amina chooses SMS and no mail: each credential news goes to the SMS gateway (a local HTTP
/// listener recording what it receives) as one JSON POST with the bearer token, her number and
/// a text that only points to "My messages"; a gateway failure is retried later; no mail goes.
async fn news_goes_by_sms_to_those_who_chose_it_and_says_nothing_but_that_there_is_news(
    backend: Backend,
) {
    use portal_core::credentials::issuer::Issuer;
    use portal_core::news;
    use portal_domain::credential::{CredentialKind, StatusAction, StatusReason};
    use portal_storage::notifications::Channels;
    use portal_testkit::SmsSink;

    let w = World::new(backend).await;
    let amina = w.cast.amina.clone();
    let gateway = SmsSink::start();
    let outbox = tempfile::tempdir().unwrap();
    let config = w.config(&[
        ("PORTAL_SMS_URL", gateway.url.as_str()),
        ("PORTAL_SMS_TOKEN", "gateway-t0ken"),
        ("PORTAL_SMS_SENDER", "Portal"),
        ("PORTAL_DATA_DIR", outbox.path().to_str().unwrap()),
        ("PORTAL_PUBLIC_URL", "https://portal.agency.example"),
    ]);
    let chosen = Channels {
        mail: false,
        sms: true,
    };
    // Without a gateway SMS cannot be chosen; with one it can.
    let mut tx = w.begin().await;
    news::choose(&mut tx, &w.ctx(), amina.id, chosen, false)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let reach = news::reach(&mut w.read().await, amina.id).await.unwrap();
    assert!(!reach.sms() && !reach.mail());
    let mut tx = w.begin().await;
    news::choose(&mut tx, &w.ctx(), amina.id, chosen, true)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    Issuer::ensure_key(&w.store, &w.ctx(), &config)
        .await
        .unwrap();
    let issuer = Issuer::load(&mut w.read().await, &config).await.unwrap();
    let s = w.credentials(&issuer);
    let credential = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    s.change_status(
        &w.cast.farida,
        credential.id,
        None,
        StatusAction::Suspend,
        StatusReason::FraudSuspected,
    )
    .await
    .unwrap();

    let mailer = config.mailer().unwrap();
    let sms = config.sms_gateway().unwrap().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: Some(&sms),
    };
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!((run.sent, run.retried), (1, 0), "{run:?}");
    let received = gateway.received();
    assert_eq!(received.len(), 1);
    let one = &received[0];
    assert_eq!((one.method.as_str(), one.path.as_str()), ("POST", "/send"));
    assert_eq!(one.authorization.as_deref(), Some("Bearer gateway-t0ken"));
    assert_eq!(one.content_type.as_deref(), Some("application/json"));
    assert_eq!(one.body["to"], "+962791234567");
    assert_eq!(one.body["from"], "Portal");
    let text = one.body["text"].as_str().unwrap();
    assert!(
        text.ends_with("https://portal.agency.example/me/messages"),
        "{text}"
    );
    for secret in ["Amina", "Haddad", "أمينة", "fraud", "suspend", "AMM-26"] {
        assert!(!text.contains(secret), "{text} names {secret}");
    }
    let outbox_files = std::fs::read_dir(outbox.path().join("outbox"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(outbox_files, 0, "she chose no mail");

    // The gateway fails once: the SMS waits and goes on the next run after the pause.
    gateway.fail_next(1);
    s.change_status(
        &w.cast.jonas,
        credential.id,
        None,
        StatusAction::Unsuspend,
        StatusReason::Other,
    )
    .await
    .unwrap();
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!((run.sent, run.retried), (0, 1), "{run:?}");
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!((run.sent, run.retried), (0, 0), "not before the pause");
    w.advance(chrono::Duration::minutes(2));
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!(run.sent, 1, "{run:?}");
    assert_eq!(gateway.received().len(), 3);
}

/// The mail server refuses Amina's address for good (550, naming the address): the delivery is
/// given up at once (retrying cannot help), and the dead-letter list says why as a reason
/// token, without the address. The news stays in her messages.
async fn a_mail_the_server_refuses_for_good_is_given_up_at_once_and_listed_with_why(
    backend: Backend,
) {
    let w = World::new(backend).await;
    let amina = w.cast.amina.clone();
    let sink = SmtpSink::start_refusing(550);
    let config = w.config(&[("PORTAL_SMTP_URL", sink.url.as_str())]);
    approved_phone_change(&w, "+962 79 000 2222").await;
    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let run = deliver_due(&w.store, &delivery, w.now()).await.unwrap();
    assert_eq!((run.sent, run.retried, run.dropped), (0, 0, 1), "{run:?}");
    let listed = portal_storage::jobs::dead_letters(&mut w.read().await)
        .await
        .unwrap();
    let mail = listed
        .iter()
        .find(|f| f.kind == portal_storage::jobs::FailedKind::Mail)
        .expect("the refused mail is listed");
    assert_eq!(mail.error.as_deref(), Some("refused 550"));
    assert_eq!(mail.attempts, 1, "given up at the first refusal");
    let again = deliver_due(&w.store, &delivery, w.now() + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        again.dropped + again.retried + again.sent,
        0,
        "not tried again"
    );
    assert!(sink.messages().is_empty());
    let unread = portal_core::news::unread(&mut w.read().await, amina.id)
        .await
        .unwrap();
    assert!(unread >= 1, "the news is still hers to read in the portal");
}
