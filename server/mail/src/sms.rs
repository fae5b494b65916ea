//! Short messages to phones, through an SMS gateway that speaks a plain HTTP send-SMS interface:
//! one `POST` of a JSON object to the configured URL,
//!
//! ```json
//! { "to": "+962791234567", "from": "Portal", "text": "…" }
//! ```
//!
//! with `Authorization: Bearer <token>` when a token is configured. Any `2xx` answer means the
//! gateway took the message; anything else (or no answer within ten seconds) is a failure the
//! caller retries. `from` is left out when no sender name is configured.
//!
//! An SMS says only that there is news and where to read it: a text message can be read by
//! anyone holding the phone and by the networks it crosses, so it never carries a name, a
//! reference, a decision or a date.
//!
//! Owns: the gateway's wire format. Must never: log a number, a text or the token.

use std::time::Duration;

use url::Url;

/// How long the gateway may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// An SMS ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sms {
    /// The number, international form (`+` and digits).
    pub to: String,
    /// The text.
    pub text: String,
}

/// Why an SMS was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The gateway's URL is not usable.
    #[error("the SMS gateway is not configured correctly: {0}")]
    Config(String),
    /// The number is not in international form.
    #[error("the phone number is not in international form")]
    Number,
    /// The gateway could not be reached or did not answer in time.
    #[error("the SMS gateway could not be reached: {0}")]
    Unreachable(String),
    /// The gateway answered with an error status.
    #[error("the SMS gateway refused the message (HTTP {0})")]
    Refused(u16),
}

impl crate::DeliveryFailure for SmsError {
    fn reason(&self) -> String {
        match self {
            SmsError::Config(_) => "setup".into(),
            SmsError::Number => "number".into(),
            SmsError::Unreachable(_) => "unreachable".into(),
            SmsError::Refused(status) => format!("refused {status}"),
        }
    }

    fn permanent(&self) -> bool {
        // A client error other than a timeout or a rate limit will not change on its own.
        match self {
            SmsError::Number => true,
            SmsError::Refused(status) => {
                (400..500).contains(status) && ![408, 429].contains(status)
            }
            SmsError::Config(_) | SmsError::Unreachable(_) => false,
        }
    }
}

/// The gateway: where to post, with which token and sender name.
#[derive(Clone)]
pub struct SmsGateway {
    url: Url,
    token: Option<String>,
    sender: Option<String>,
    client: reqwest::Client,
}

impl std::fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("host", &self.url.host_str())
            .field("token", &self.token.as_ref().map(|_| "<configured>"))
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// A gateway at `url` (`http` or `https`), with an optional bearer `token` and `sender`
    /// name.
    pub fn new(url: &str, token: Option<String>, sender: Option<String>) -> Result<Self, SmsError> {
        let url = Url::parse(url).map_err(|e| SmsError::Config(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(SmsError::Config(
                "expected an http:// or https:// URL".into(),
            ));
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SmsError::Config(e.to_string()))?;
        Ok(Self {
            url,
            token,
            sender,
            client,
        })
    }

    /// The JSON body the gateway receives for `sms`.
    fn body(&self, sms: &Sms) -> serde_json::Value {
        let mut body = serde_json::json!({ "to": sms.to, "text": sms.text });
        if let (Some(sender), Some(object)) = (&self.sender, body.as_object_mut()) {
            object.insert("from".into(), serde_json::Value::String(sender.clone()));
        }
        body
    }

    /// Hands `sms` to the gateway.
    pub async fn send(&self, sms: &Sms) -> Result<(), SmsError> {
        if !international(&sms.to) {
            return Err(SmsError::Number);
        }
        let mut request = self.client.post(self.url.clone()).json(&self.body(sms));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        // The error's text could name the URL (never the number or text): keep only its kind.
        let response = request.send().await.map_err(|e| {
            SmsError::Unreachable(if e.is_timeout() {
                "no answer in time".into()
            } else {
                "connection failed".into()
            })
        })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(SmsError::Refused(status.as_u16()))
        }
    }
}

/// Whether `number` is `+` and 8 to 15 digits (E.164).
pub fn international(number: &str) -> bool {
    number
        .strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_gateways_are_accepted() {
        assert!(SmsGateway::new("https://sms.example.org/send", None, None).is_ok());
        assert!(SmsGateway::new("http://127.0.0.1:9/send", None, None).is_ok());
        for bad in ["ftp://sms.example.org", "not a url", "https://"] {
            assert!(SmsGateway::new(bad, None, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_body_has_the_number_and_text_and_the_sender_when_configured() {
        let sms = Sms {
            to: "+962791234567".into(),
            text: "news".into(),
        };
        let plain = SmsGateway::new("https://sms.example.org", None, None).unwrap();
        assert_eq!(
            plain.body(&sms),
            serde_json::json!({ "to": "+962791234567", "text": "news" })
        );
        let named =
            SmsGateway::new("https://sms.example.org", None, Some("Portal".into())).unwrap();
        assert_eq!(named.body(&sms)["from"], "Portal");
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let gateway =
            SmsGateway::new("https://sms.example.org", Some("s3cret".into()), None).unwrap();
        let shown = format!("{gateway:?}");
        assert!(!shown.contains("s3cret") && shown.contains("<configured>"));
    }

    #[test]
    fn numbers_must_be_international() {
        assert!(international("+962791234567"));
        for bad in [
            "0791234567",
            "+96279",
            "+962 79 123",
            "+9627912345678901",
            "",
        ] {
            assert!(!international(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn a_local_number_is_refused_before_anything_is_sent() {
        let gateway = SmsGateway::new("http://127.0.0.1:9/send", None, None).unwrap();
        let sms = Sms {
            to: "0791234567".into(),
            text: "x".into(),
        };
        assert!(matches!(gateway.send(&sms).await, Err(SmsError::Number)));
    }
}
