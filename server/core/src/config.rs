//! Configuration: built-in safe defaults, then an optional TOML file, then `PORTAL_*` variables.
//!
//! Owns: every setting the server reads and the rules that make a setting valid.
//! Must never: read files or the environment itself (callers pass them in, so this stays
//! testable), or print secrets: [`Config`]'s `Debug` redacts the database and SMTP URLs.
//!
//! Every key is documented in `portal.example.toml` at the repository root, with its variable.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use serde::Deserialize;
use url::Url;

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable, for a terminal.
    Pretty,
    /// One JSON object per line, for a log collector.
    Json,
}

/// The validated settings the portal runs with.
#[derive(Clone, PartialEq)]
pub struct Config {
    /// Address the HTTP server binds to.
    pub addr: SocketAddr,
    /// Seconds a connection may take to send a whole request head (and stay idle between
    /// requests) before it is closed.
    pub header_timeout_seconds: u32,
    /// Seconds a client may take to send a request body.
    pub body_timeout_seconds: u32,
    /// Most connections open at once.
    pub max_connections: u32,
    /// Seconds requests in flight may take to finish at a stop.
    pub shutdown_grace_seconds: u32,
    /// The URL people type in a browser; WebAuthn and links in mail are built from it.
    pub public_url: Url,
    /// Folder of the compiled site (wasm, JS, CSS); `None` means "next to the build".
    pub site_root: Option<PathBuf>,
    /// Who may read `GET /metrics`: clients connecting from these addresses, and never
    /// through a proxy (default: this machine only).
    pub metrics_allow: Vec<AddressRange>,
    /// Reverse proxies and CDNs in front of the portal: from these peers, `X-Forwarded-For`
    /// names the client (default: none, every request counts under its peer's address).
    pub trusted_proxies: Vec<AddressRange>,
    /// `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Upper bound of pooled database connections.
    pub database_max_connections: u32,
    /// How long a request waits for a pooled connection before it is answered 503.
    pub database_acquire_timeout_seconds: u32,
    /// Folder for keys, the mail outbox and uploads; created on start.
    pub data_dir: PathBuf,
    /// `smtp://host:port` (or `smtps://`); `None` writes mail to `data_dir/outbox`.
    pub smtp_url: Option<String>,
    /// The `From:` of every mail.
    pub mail_from: String,
    /// The HTTP send-SMS gateway (`http(s)://…`); `None`: no SMS is sent, and people are not
    /// offered SMS.
    pub sms_url: Option<String>,
    /// Bearer token for the gateway (never logged).
    pub sms_token: Option<String>,
    /// Sender name shown on phones, if the gateway allows one.
    pub sms_sender: Option<String>,
    /// Log line format.
    pub log_format: LogFormat,
    /// `tracing` filter directive, e.g. `info` or `portal_server=debug,info`.
    pub log_filter: String,
    /// Minutes without a request after which a session ends.
    pub session_idle_minutes: u32,
    /// Longest life of a person's session, in hours.
    pub session_person_hours: u32,
    /// Longest life of a staff session, in hours.
    pub session_staff_hours: u32,
    /// How long an enrollment invitation stays valid, in hours.
    pub invitation_hours: u32,
    /// Sign-in and enrollment attempts allowed per client address and minute.
    pub attempts_per_minute: u32,
    /// Largest supporting document accepted, in KiB.
    pub document_max_kib: u32,
    /// Most supporting documents one person may send in 24 hours.
    pub documents_per_day: u32,
    /// Seconds between two runs of the notification mail job.
    pub mail_poll_seconds: u32,
    /// Hours before an appointment until which the person may change or cancel it online.
    pub appointment_cutoff_hours: u32,
    /// Days ahead for which bookable slots are kept generated.
    pub appointment_horizon_days: u32,
    /// How the portal names itself as an issuer of credentials.
    pub did_method: DidMethod,
    /// Folder of the issuer's private keys (one owner-only file per key).
    pub keys_dir: PathBuf,
    /// Days a credential stays valid after it is issued.
    pub credential_valid_days: u32,
    /// Whether credentials signed by any `did:key` verify (for conformance suites and
    /// partners without a web domain); off: only this portal's own issuer is trusted.
    pub trust_any_did_key: bool,
    /// Proof checks and QR photos decoded at once (0: one per core but one).
    pub verify_workers: u32,
    /// Longest a proof check or QR photo may take before the answer is "busy", in ms.
    pub verify_deadline_ms: u32,
    /// Verifications (API, page, uploads) allowed per client address and minute.
    pub verify_per_minute: u32,
    /// Credentials a partner's API token may issue per minute.
    pub issue_per_minute: u32,
    /// Most blank nodes an `eddsa-rdfc-2022` credential may hold.
    pub canonicalization_max_blank_nodes: u32,
    /// Most Hash N-Degree Quads work units (about half a microsecond each) canonicalizing one
    /// credential may take; a poison graph is refused as `canonicalization-limit`.
    pub canonicalization_max_work: u32,
}

/// The DID method of the portal's issuer identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DidMethod {
    /// `did:web:<host>`: the DID document is served at `/.well-known/did.json` and lists every
    /// key, so keys can rotate.
    Web,
    /// `did:key:<active key>`: self-describing, for tests and conformance suites; a rotation
    /// changes the issuer.
    Key,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("header_timeout_seconds", &self.header_timeout_seconds)
            .field("body_timeout_seconds", &self.body_timeout_seconds)
            .field("max_connections", &self.max_connections)
            .field("shutdown_grace_seconds", &self.shutdown_grace_seconds)
            .field("public_url", &self.public_url.as_str())
            .field("site_root", &self.site_root)
            .field("metrics_allow", &self.metrics_allow)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("database", &self.backend_name())
            .field("database_max_connections", &self.database_max_connections)
            .field(
                "database_acquire_timeout_seconds",
                &self.database_acquire_timeout_seconds,
            )
            .field("data_dir", &self.data_dir)
            .field("smtp", &self.smtp_url.as_ref().map(|_| "<configured>"))
            .field("mail_from", &self.mail_from)
            .field("sms", &self.sms_url.as_ref().map(|_| "<configured>"))
            .field(
                "sms_token",
                &self.sms_token.as_ref().map(|_| "<configured>"),
            )
            .field("sms_sender", &self.sms_sender)
            .field("log_format", &self.log_format)
            .field("log_filter", &self.log_filter)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_person_hours", &self.session_person_hours)
            .field("session_staff_hours", &self.session_staff_hours)
            .field("invitation_hours", &self.invitation_hours)
            .field("attempts_per_minute", &self.attempts_per_minute)
            .field("document_max_kib", &self.document_max_kib)
            .field("documents_per_day", &self.documents_per_day)
            .field("mail_poll_seconds", &self.mail_poll_seconds)
            .field("appointment_cutoff_hours", &self.appointment_cutoff_hours)
            .field("appointment_horizon_days", &self.appointment_horizon_days)
            .field("did_method", &self.did_method)
            .field("keys_dir", &self.keys_dir)
            .field("credential_valid_days", &self.credential_valid_days)
            .field("trust_any_did_key", &self.trust_any_did_key)
            .field("verify_workers", &self.verify_workers)
            .field("verify_deadline_ms", &self.verify_deadline_ms)
            .field("verify_per_minute", &self.verify_per_minute)
            .field("issue_per_minute", &self.issue_per_minute)
            .field(
                "canonicalization_max_blank_nodes",
                &self.canonicalization_max_blank_nodes,
            )
            .field("canonicalization_max_work", &self.canonicalization_max_work)
            .finish()
    }
}

/// A setting that could not be used; names the key and, when set by one, the variable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// The TOML file does not parse or has unknown keys.
    #[error("the configuration file is not valid: {0}")]
    File(String),
    /// A value has the wrong form.
    #[error("{key} is not valid: {reason}")]
    Invalid {
        /// `section.key` in the file, or the variable name.
        key: String,
        /// What is wrong, without echoing secrets.
        reason: String,
    },
}

/// The shape of `portal.toml`: every key optional, unknown keys refused (typos surface).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    server: ServerSection,
    #[serde(default)]
    database: DatabaseSection,
    #[serde(default)]
    storage: StorageSection,
    #[serde(default)]
    mail: MailSection,
    #[serde(default)]
    sms: SmsSection,
    #[serde(default)]
    log: LogSection,
    #[serde(default)]
    auth: AuthSection,
    #[serde(default)]
    appointments: AppointmentsSection,
    #[serde(default)]
    credentials: CredentialsSection,
    #[serde(default)]
    verify: VerifySection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifySection {
    workers: Option<u32>,
    deadline_ms: Option<u32>,
    per_minute: Option<u32>,
    max_blank_nodes: Option<u32>,
    canonicalization_work: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CredentialsSection {
    issue_per_minute: Option<u32>,
    did_method: Option<String>,
    keys_dir: Option<String>,
    valid_days: Option<u32>,
    trust_any_did_key: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AppointmentsSection {
    cutoff_hours: Option<u32>,
    horizon_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthSection {
    session_idle_minutes: Option<u32>,
    session_person_hours: Option<u32>,
    session_staff_hours: Option<u32>,
    invitation_hours: Option<u32>,
    attempts_per_minute: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerSection {
    addr: Option<String>,
    header_timeout_seconds: Option<u32>,
    body_timeout_seconds: Option<u32>,
    max_connections: Option<u32>,
    shutdown_grace_seconds: Option<u32>,
    public_url: Option<String>,
    site_root: Option<String>,
    metrics_allow: Option<String>,
    trusted_proxies: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatabaseSection {
    url: Option<String>,
    max_connections: Option<u32>,
    acquire_timeout_seconds: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct StorageSection {
    data_dir: Option<String>,
    document_max_kib: Option<u32>,
    documents_per_day: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MailSection {
    smtp_url: Option<String>,
    from: Option<String>,
    poll_seconds: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsSection {
    url: Option<String>,
    token: Option<String>,
    sender: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogSection {
    format: Option<String>,
    filter: Option<String>,
}

/// A whole-number setting: its variable, its key in the file, the range it must fall in and
/// its default.
struct Number {
    var: &'static str,
    key: &'static str,
    file: fn(&FileConfig) -> Option<u32>,
    range: std::ops::RangeInclusive<u32>,
    default: u32,
}

const HEADER_TIMEOUT_SECONDS: Number = Number {
    var: "PORTAL_HEADER_TIMEOUT_SECONDS",
    key: "server.header_timeout_seconds",
    file: |f| f.server.header_timeout_seconds,
    range: 1..=300,
    default: 20,
};
const BODY_TIMEOUT_SECONDS: Number = Number {
    var: "PORTAL_BODY_TIMEOUT_SECONDS",
    key: "server.body_timeout_seconds",
    file: |f| f.server.body_timeout_seconds,
    range: 1..=3_600,
    default: 60,
};
const MAX_CONNECTIONS: Number = Number {
    var: "PORTAL_MAX_CONNECTIONS",
    key: "server.max_connections",
    file: |f| f.server.max_connections,
    range: 1..=100_000,
    default: 1_000,
};
const SHUTDOWN_GRACE_SECONDS: Number = Number {
    var: "PORTAL_SHUTDOWN_GRACE_SECONDS",
    key: "server.shutdown_grace_seconds",
    file: |f| f.server.shutdown_grace_seconds,
    range: 0..=600,
    default: 20,
};
const DATABASE_MAX_CONNECTIONS: Number = Number {
    var: "PORTAL_DATABASE_MAX_CONNECTIONS",
    key: "database.max_connections",
    file: |f| f.database.max_connections,
    range: 1..=1000,
    default: 10,
};
const DATABASE_ACQUIRE_TIMEOUT_SECONDS: Number = Number {
    var: "PORTAL_DATABASE_ACQUIRE_TIMEOUT_SECONDS",
    key: "database.acquire_timeout_seconds",
    file: |f| f.database.acquire_timeout_seconds,
    range: 1..=120,
    default: 10,
};
const SESSION_IDLE_MINUTES: Number = Number {
    var: "PORTAL_SESSION_IDLE_MINUTES",
    key: "auth.session_idle_minutes",
    file: |f| f.auth.session_idle_minutes,
    range: 1..=1440,
    default: 30,
};
const SESSION_PERSON_HOURS: Number = Number {
    var: "PORTAL_SESSION_PERSON_HOURS",
    key: "auth.session_person_hours",
    file: |f| f.auth.session_person_hours,
    range: 1..=168,
    default: 12,
};
const SESSION_STAFF_HOURS: Number = Number {
    var: "PORTAL_SESSION_STAFF_HOURS",
    key: "auth.session_staff_hours",
    file: |f| f.auth.session_staff_hours,
    range: 1..=24,
    default: 10,
};
const INVITATION_HOURS: Number = Number {
    var: "PORTAL_INVITATION_HOURS",
    key: "auth.invitation_hours",
    file: |f| f.auth.invitation_hours,
    range: 1..=720,
    default: 72,
};
const ATTEMPTS_PER_MINUTE: Number = Number {
    var: "PORTAL_AUTH_ATTEMPTS_PER_MINUTE",
    key: "auth.attempts_per_minute",
    file: |f| f.auth.attempts_per_minute,
    range: 1..=100_000,
    default: 60,
};
const DOCUMENT_MAX_KIB: Number = Number {
    var: "PORTAL_DOCUMENT_MAX_KIB",
    key: "storage.document_max_kib",
    file: |f| f.storage.document_max_kib,
    range: 16..=51_200,
    default: 5_120,
};
const DOCUMENTS_PER_DAY: Number = Number {
    var: "PORTAL_DOCUMENTS_PER_DAY",
    key: "storage.documents_per_day",
    file: |f| f.storage.documents_per_day,
    range: 1..=1_000,
    default: 20,
};
const MAIL_POLL_SECONDS: Number = Number {
    var: "PORTAL_MAIL_POLL_SECONDS",
    key: "mail.poll_seconds",
    file: |f| f.mail.poll_seconds,
    range: 1..=3_600,
    default: 30,
};
const APPOINTMENT_CUTOFF_HOURS: Number = Number {
    var: "PORTAL_APPOINTMENT_CUTOFF_HOURS",
    key: "appointments.cutoff_hours",
    file: |f| f.appointments.cutoff_hours,
    range: 0..=720,
    default: 24,
};
const APPOINTMENT_HORIZON_DAYS: Number = Number {
    var: "PORTAL_APPOINTMENT_HORIZON_DAYS",
    key: "appointments.horizon_days",
    file: |f| f.appointments.horizon_days,
    range: 1..=365,
    default: 28,
};
const CREDENTIAL_VALID_DAYS: Number = Number {
    var: "PORTAL_CREDENTIAL_VALID_DAYS",
    key: "credentials.valid_days",
    file: |f| f.credentials.valid_days,
    range: 1..=3_650,
    default: 365,
};
const VERIFY_WORKERS: Number = Number {
    var: "PORTAL_VERIFY_WORKERS",
    key: "verify.workers",
    file: |f| f.verify.workers,
    range: 0..=256,
    default: 0,
};
const VERIFY_DEADLINE_MS: Number = Number {
    var: "PORTAL_VERIFY_DEADLINE_MS",
    key: "verify.deadline_ms",
    file: |f| f.verify.deadline_ms,
    range: 100..=60_000,
    default: 5_000,
};
const VERIFY_PER_MINUTE: Number = Number {
    var: "PORTAL_VERIFY_PER_MINUTE",
    key: "verify.per_minute",
    file: |f| f.verify.per_minute,
    range: 1..=100_000,
    default: 120,
};
const ISSUE_PER_MINUTE: Number = Number {
    var: "PORTAL_ISSUE_PER_MINUTE",
    key: "credentials.issue_per_minute",
    file: |f| f.credentials.issue_per_minute,
    range: 1..=100_000,
    default: 60,
};
const CANONICALIZATION_MAX_BLANK_NODES: Number = Number {
    var: "PORTAL_CANONICALIZATION_MAX_BLANK_NODES",
    key: "verify.max_blank_nodes",
    file: |f| f.verify.max_blank_nodes,
    range: 1..=10_000,
    default: 64,
};
const CANONICALIZATION_MAX_WORK: Number = Number {
    var: "PORTAL_CANONICALIZATION_MAX_WORK",
    key: "verify.canonicalization_work",
    file: |f| f.verify.canonicalization_work,
    range: 1_000..=100_000_000,
    default: 50_000,
};

/// Where settings come from: the parsed file and the environment, the environment winning.
struct Sources<'a> {
    file: FileConfig,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Sources<'_> {
    /// The environment value when set and not blank, else the file's, with the key name to
    /// blame in errors.
    fn text(
        &self,
        var: &'static str,
        key: &'static str,
        file: Option<&String>,
    ) -> Option<(String, &'static str)> {
        match (self.env)(var).filter(|v| !v.trim().is_empty()) {
            Some(value) => Some((value.trim().to_owned(), var)),
            None => file.map(|value| (value.trim().to_owned(), key)),
        }
    }

    /// A folder or file path.
    fn path(&self, var: &'static str, key: &'static str, file: Option<&String>) -> Option<PathBuf> {
        self.text(var, key, file)
            .map(|(value, _)| PathBuf::from(value))
    }

    /// One of `choices` by name.
    fn choice<T: Copy>(
        &self,
        (var, key, file): (&'static str, &'static str, Option<&String>),
        choices: &[(&str, T)],
        default: T,
    ) -> Result<T, ConfigError> {
        let Some((value, blame)) = self.text(var, key, file) else {
            return Ok(default);
        };
        choices
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(_, choice)| *choice)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
                invalid(blame, format!("expected {}", names.join(" or ")))
            })
    }

    /// A whole number in its range, else its default.
    fn number(&self, setting: &Number) -> Result<u32, ConfigError> {
        let reason = || {
            format!(
                "expected a whole number from {} to {}",
                setting.range.start(),
                setting.range.end()
            )
        };
        match (self.env)(setting.var).filter(|v| !v.trim().is_empty()) {
            Some(value) => value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| setting.range.contains(n))
                .ok_or_else(|| invalid(setting.var, reason())),
            None => match (setting.file)(&self.file) {
                Some(n) if setting.range.contains(&n) => Ok(n),
                Some(_) => Err(invalid(setting.key, reason())),
                None => Ok(setting.default),
            },
        }
    }

    fn addr(&self) -> Result<SocketAddr, ConfigError> {
        match self.text("PORTAL_ADDR", "server.addr", self.file.server.addr.as_ref()) {
            Some((value, key)) => value
                .parse::<SocketAddr>()
                .map_err(|_| invalid(key, "expected an address like 127.0.0.1:3000")),
            None => Ok(SocketAddr::from(([127, 0, 0, 1], 3000))),
        }
    }

    fn public_url(&self) -> Result<Url, ConfigError> {
        let file = self.file.server.public_url.as_ref();
        match self.text("PORTAL_PUBLIC_URL", "server.public_url", file) {
            Some((value, key)) => parse_public_url(key, &value),
            None => parse_public_url("server.public_url", "http://localhost:3000"),
        }
    }

    fn metrics_allow(&self) -> Result<Vec<AddressRange>, ConfigError> {
        let file = self.file.server.metrics_allow.as_ref();
        match self.text("PORTAL_METRICS_ALLOW", "server.metrics_allow", file) {
            Some((value, key)) => address_ranges(key, &value),
            None => Ok(AddressRange::LOOPBACK.to_vec()),
        }
    }

    fn trusted_proxies(&self) -> Result<Vec<AddressRange>, ConfigError> {
        let file = self.file.server.trusted_proxies.as_ref();
        match self.text("PORTAL_TRUSTED_PROXIES", "server.trusted_proxies", file) {
            Some((value, key)) => address_ranges(key, &value),
            None => Ok(Vec::new()),
        }
    }

    fn site_root(&self) -> Option<PathBuf> {
        let file = self.file.server.site_root.as_ref();
        self.path("PORTAL_SITE_ROOT", "server.site_root", file)
            .or_else(|| self.path("LEPTOS_SITE_ROOT", "LEPTOS_SITE_ROOT", None))
    }

    fn database_url(&self, data_dir: &std::path::Path) -> Result<String, ConfigError> {
        match self.text(
            "PORTAL_DATABASE_URL",
            "database.url",
            self.file.database.url.as_ref(),
        ) {
            Some((value, key)) => {
                let known = ["sqlite:", "postgres://", "postgresql://"];
                if known.iter().any(|prefix| value.starts_with(prefix)) {
                    Ok(value)
                } else {
                    Err(invalid(key, "expected sqlite://… or postgres://…"))
                }
            }
            None => Ok(format!("sqlite://{}", data_dir.join("portal.db").display())),
        }
    }

    fn smtp_url(&self) -> Result<Option<String>, ConfigError> {
        let Some((value, key)) = self.text(
            "PORTAL_SMTP_URL",
            "mail.smtp_url",
            self.file.mail.smtp_url.as_ref(),
        ) else {
            return Ok(None);
        };
        let usable = Url::parse(&value)
            .is_ok_and(|url| matches!(url.scheme(), "smtp" | "smtps") && url.host_str().is_some());
        if usable {
            Ok(Some(value))
        } else {
            Err(invalid(
                key,
                "expected smtp://host:port or smtps://host:port",
            ))
        }
    }

    fn sms_url(&self) -> Result<Option<String>, ConfigError> {
        let Some((value, key)) = self.text("PORTAL_SMS_URL", "sms.url", self.file.sms.url.as_ref())
        else {
            return Ok(None);
        };
        let usable = Url::parse(&value)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some());
        if usable {
            Ok(Some(value))
        } else {
            Err(invalid(
                key,
                "expected the gateway's http:// or https:// URL",
            ))
        }
    }

    fn trust_any_did_key(&self) -> Result<bool, ConfigError> {
        match (self.env)("PORTAL_TRUST_ANY_DID_KEY").filter(|v| !v.trim().is_empty()) {
            Some(value) => match value.trim() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(invalid(
                    "PORTAL_TRUST_ANY_DID_KEY",
                    "expected true or false",
                )),
            },
            None => Ok(self.file.credentials.trust_any_did_key.unwrap_or(false)),
        }
    }
}

/// A list of addresses and ranges, separated by commas, read from `key`.
fn address_ranges(key: &str, value: &str) -> Result<Vec<AddressRange>, ConfigError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            AddressRange::parse(part).ok_or_else(|| {
            invalid(
                key,
                "expected addresses or ranges like 127.0.0.1, ::1 or 10.0.0.0/8, separated by commas",
            )
            })
        })
        .collect()
}

/// An address or a range of addresses in CIDR notation (`127.0.0.0/8`, `::1`, `10.1.2.0/24`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressRange {
    network: std::net::IpAddr,
    prefix: u8,
}

impl AddressRange {
    /// This machine: `127.0.0.0/8` and `::1`.
    pub const LOOPBACK: [AddressRange; 2] = [
        AddressRange {
            network: std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 0)),
            prefix: 8,
        },
        AddressRange {
            network: std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            prefix: 128,
        },
    ];

    /// Reads `10.0.0.0/8`, `192.168.1.7`, `fd00::/8` or `::1`; `None` for anything else (a
    /// prefix longer than the address, bits set past it, a host name).
    pub fn parse(text: &str) -> Option<AddressRange> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: std::net::IpAddr = address.trim().parse().ok()?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().ok()?
            }
            Some(_) => return None,
            None => bits,
        };
        if prefix > bits {
            return None;
        }
        let range = AddressRange { network, prefix };
        range.bits_past_prefix_are_zero().then_some(range)
    }

    fn bits_past_prefix_are_zero(&self) -> bool {
        let (value, width) = Self::as_bits(self.network);
        let host = if self.prefix >= width {
            0
        } else {
            u128::MAX >> (128 - u32::from(width - self.prefix))
        };
        value & host == 0
    }

    fn as_bits(ip: std::net::IpAddr) -> (u128, u8) {
        match ip {
            std::net::IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            std::net::IpAddr::V6(v6) => (u128::from(v6), 128),
        }
    }

    /// Whether `ip` lies in the range (an IPv4 address written as IPv6, `::ffff:a.b.c.d`,
    /// counts as the IPv4 one).
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        let ip = match ip {
            std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
            v4 => v4,
        };
        let ((net, width), (value, other)) = (Self::as_bits(self.network), Self::as_bits(ip));
        if width != other {
            return false;
        }
        if self.prefix == 0 {
            return true;
        }
        let shift = u32::from(width - self.prefix);
        (net >> shift) == (value >> shift)
    }
}

impl std::fmt::Display for AddressRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

fn invalid(key: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_owned(),
        reason: reason.into(),
    }
}

impl Config {
    /// Builds the configuration from an optional TOML text and an environment lookup.
    pub fn from_sources(
        file: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let file: FileConfig = match file {
            Some(text) => {
                toml::from_str(text).map_err(|e| ConfigError::File(e.message().to_owned()))?
            }
            None => FileConfig::default(),
        };
        let src = Sources { file, env };
        let data_dir = src
            .path(
                "PORTAL_DATA_DIR",
                "storage.data_dir",
                src.file.storage.data_dir.as_ref(),
            )
            .unwrap_or_else(|| PathBuf::from("./data"));
        let keys_dir = src
            .path(
                "PORTAL_KEYS_DIR",
                "credentials.keys_dir",
                src.file.credentials.keys_dir.as_ref(),
            )
            .unwrap_or_else(|| data_dir.join("keys"));
        let log_format = (
            "PORTAL_LOG_FORMAT",
            "log.format",
            src.file.log.format.as_ref(),
        );
        let did_method = (
            "PORTAL_DID_METHOD",
            "credentials.did_method",
            src.file.credentials.did_method.as_ref(),
        );
        Ok(Config {
            addr: src.addr()?,
            header_timeout_seconds: src.number(&HEADER_TIMEOUT_SECONDS)?,
            body_timeout_seconds: src.number(&BODY_TIMEOUT_SECONDS)?,
            max_connections: src.number(&MAX_CONNECTIONS)?,
            shutdown_grace_seconds: src.number(&SHUTDOWN_GRACE_SECONDS)?,
            public_url: src.public_url()?,
            site_root: src.site_root(),
            metrics_allow: src.metrics_allow()?,
            trusted_proxies: src.trusted_proxies()?,
            database_url: src.database_url(&data_dir)?,
            database_max_connections: src.number(&DATABASE_MAX_CONNECTIONS)?,
            database_acquire_timeout_seconds: src.number(&DATABASE_ACQUIRE_TIMEOUT_SECONDS)?,
            smtp_url: src.smtp_url()?,
            mail_from: src
                .text("PORTAL_MAIL_FROM", "mail.from", src.file.mail.from.as_ref())
                .map_or_else(
                    || "Refugee Portal <no-reply@localhost>".to_owned(),
                    |(v, _)| v,
                ),
            sms_url: src.sms_url()?,
            sms_token: src
                .text("PORTAL_SMS_TOKEN", "sms.token", src.file.sms.token.as_ref())
                .map(|(v, _)| v),
            sms_sender: src
                .text(
                    "PORTAL_SMS_SENDER",
                    "sms.sender",
                    src.file.sms.sender.as_ref(),
                )
                .map(|(v, _)| v),
            log_format: src.choice(
                log_format,
                &[("pretty", LogFormat::Pretty), ("json", LogFormat::Json)],
                LogFormat::Pretty,
            )?,
            log_filter: src
                .text("PORTAL_LOG", "log.filter", src.file.log.filter.as_ref())
                .map_or_else(|| "info".to_owned(), |(v, _)| v),
            session_idle_minutes: src.number(&SESSION_IDLE_MINUTES)?,
            session_person_hours: src.number(&SESSION_PERSON_HOURS)?,
            session_staff_hours: src.number(&SESSION_STAFF_HOURS)?,
            invitation_hours: src.number(&INVITATION_HOURS)?,
            attempts_per_minute: src.number(&ATTEMPTS_PER_MINUTE)?,
            document_max_kib: src.number(&DOCUMENT_MAX_KIB)?,
            documents_per_day: src.number(&DOCUMENTS_PER_DAY)?,
            mail_poll_seconds: src.number(&MAIL_POLL_SECONDS)?,
            appointment_cutoff_hours: src.number(&APPOINTMENT_CUTOFF_HOURS)?,
            appointment_horizon_days: src.number(&APPOINTMENT_HORIZON_DAYS)?,
            did_method: src.choice(
                did_method,
                &[("web", DidMethod::Web), ("key", DidMethod::Key)],
                DidMethod::Web,
            )?,
            keys_dir,
            credential_valid_days: src.number(&CREDENTIAL_VALID_DAYS)?,
            trust_any_did_key: src.trust_any_did_key()?,
            verify_workers: src.number(&VERIFY_WORKERS)?,
            verify_deadline_ms: src.number(&VERIFY_DEADLINE_MS)?,
            verify_per_minute: src.number(&VERIFY_PER_MINUTE)?,
            issue_per_minute: src.number(&ISSUE_PER_MINUTE)?,
            canonicalization_max_blank_nodes: src.number(&CANONICALIZATION_MAX_BLANK_NODES)?,
            canonicalization_max_work: src.number(&CANONICALIZATION_MAX_WORK)?,
            data_dir,
        })
    }

    /// The pool that runs proof checks and QR photo decoding.
    pub fn work_pool(&self) -> crate::work::WorkPool {
        let deadline = std::time::Duration::from_millis(u64::from(self.verify_deadline_ms));
        match usize::try_from(self.verify_workers) {
            Ok(0) | Err(_) => crate::work::WorkPool::for_this_machine(deadline),
            Ok(workers) => crate::work::WorkPool::new(workers, deadline),
        }
    }

    /// The work budget of RDF canonicalization.
    pub fn canonicalization_limits(&self) -> portal_credentials::rdf_canon::CanonicalizationLimits {
        portal_credentials::rdf_canon::CanonicalizationLimits {
            max_blank_nodes: usize::try_from(self.canonicalization_max_blank_nodes)
                .unwrap_or(usize::MAX),
            max_ndegree_work: u64::from(self.canonicalization_max_work),
            ..portal_credentials::rdf_canon::CanonicalizationLimits::DEFAULT
        }
    }

    /// Largest supporting document accepted, in bytes.
    pub fn document_max_bytes(&self) -> u64 {
        u64::from(self.document_max_kib) * 1024
    }

    /// Reads the configuration of a real process: the file named by `explicit`, else
    /// `PORTAL_CONFIG`, else `./portal.toml` when it exists; then the process environment.
    pub fn load(explicit: Option<&std::path::Path>) -> Result<Config, ConfigError> {
        let path = explicit
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("PORTAL_CONFIG").map(PathBuf::from))
            .or_else(|| Some(PathBuf::from("portal.toml")).filter(|p| p.is_file()));
        let text =
            match &path {
                Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                    ConfigError::File(format!("cannot read {}: {e}", path.display()))
                })?),
                None => None,
            };
        Config::from_sources(text.as_deref(), &|name| std::env::var(name).ok())
    }

    /// `"sqlite"` or `"postgres"`, safe to log.
    pub fn backend_name(&self) -> &'static str {
        if self.database_url.starts_with("sqlite:") {
            "sqlite"
        } else {
            "postgres"
        }
    }

    /// How long a new enrollment invitation stays valid.
    pub fn invitation_lifetime(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.invitation_hours))
    }

    /// Whether the public URL names an IP address rather than a domain (a LAN deployment:
    /// no passkeys, no proper `did:web`).
    pub fn public_url_is_an_address(&self) -> bool {
        matches!(
            self.public_url.host(),
            Some(url::Host::Ipv4(_) | url::Host::Ipv6(_))
        )
    }

    /// Whether cookies must carry `Secure` and responses HSTS.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// How long sessions live, as configured.
    pub fn session_policy(&self) -> portal_domain::session::SessionPolicy {
        portal_domain::session::SessionPolicy::with_lifetimes(
            self.session_idle_minutes,
            self.session_person_hours,
            self.session_staff_hours,
        )
    }

    /// Where mail goes and from whom.
    pub fn mail_settings(&self) -> portal_mail::MailSettings {
        portal_mail::MailSettings {
            from: self.mail_from.clone(),
            smtp_url: self.smtp_url.clone(),
            outbox: self.data_dir.join("outbox"),
        }
    }

    /// The SMS gateway, when one is configured.
    pub fn sms_gateway(
        &self,
    ) -> Option<Result<portal_mail::sms::SmsGateway, portal_mail::sms::SmsError>> {
        self.sms_url.as_deref().map(|url| {
            portal_mail::sms::SmsGateway::new(url, self.sms_token.clone(), self.sms_sender.clone())
        })
    }

    /// The mailer these settings name.
    pub fn mailer(&self) -> Result<portal_mail::Mailer, portal_mail::MailError> {
        portal_mail::Mailer::new(&self.mail_settings())
    }
}

fn parse_public_url(key: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value)
        .map_err(|_| invalid(key, "expected a URL like https://portal.example.org"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(
            key,
            "expected an http:// or https:// URL with a host",
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            key,
            "expected an origin only, without a path, query or fragment",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn defaults_are_safe_for_a_local_run() {
        let config = Config::from_sources(None, &env(&[])).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.public_url.as_str(), "http://localhost:3000/");
        assert_eq!(config.database_url, "sqlite://./data/portal.db");
        assert_eq!(config.database_acquire_timeout_seconds, 10);
        assert_eq!(config.data_dir, PathBuf::from("./data"));
        assert_eq!(config.smtp_url, None);
        assert!(!config.is_https());
        assert_eq!(config.backend_name(), "sqlite");
    }

    #[test]
    fn the_example_file_documents_every_key_and_matches_the_defaults() {
        let example = include_str!("../../../portal.example.toml");
        let from_file = Config::from_sources(Some(example), &env(&[])).unwrap();
        assert_eq!(from_file, Config::from_sources(None, &env(&[])).unwrap());
        // Every variable and file key this module reads (found in its own source) is documented.
        let source = include_str!("config.rs")
            .split("#[cfg(test)]")
            .next()
            .unwrap();
        let quoted: Vec<&str> = source.split('"').skip(1).step_by(2).collect();
        let vars: Vec<&str> = quoted
            .iter()
            .copied()
            .filter(|s| {
                s.starts_with("PORTAL_") && s.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            })
            .collect();
        assert!(vars.len() >= 15, "{vars:?}");
        for var in vars {
            assert!(
                example.contains(var),
                "{var} is not documented in portal.example.toml"
            );
        }
        let keys: Vec<&str> = quoted
            .iter()
            .filter_map(|s| s.split_once('.'))
            .filter(|(section, _)| {
                [
                    "server",
                    "database",
                    "storage",
                    "mail",
                    "log",
                    "auth",
                    "appointments",
                    "credentials",
                ]
                .contains(section)
            })
            .map(|(_, key)| key)
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        assert!(keys.len() >= 14, "{keys:?}");
        for key in keys {
            assert!(
                example.contains(&format!("{key} = ")),
                "{key} is not documented in portal.example.toml"
            );
        }
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let file = r#"
            [server]
            addr = "0.0.0.0:8080"
            public_url = "https://portal.example.org"
            [database]
            url = "postgres://portal@db/portal"
        "#;
        let config =
            Config::from_sources(Some(file), &env(&[("PORTAL_ADDR", "127.0.0.1:9000")])).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:9000");
        assert!(config.is_https());
        assert_eq!(config.backend_name(), "postgres");
    }

    #[test]
    fn no_proxy_is_trusted_unless_named() {
        let default = Config::from_sources(None, &env(&[])).unwrap();
        assert!(default.trusted_proxies.is_empty());
        let named = Config::from_sources(
            Some("[server]\ntrusted_proxies = \"10.0.0.0/8\""),
            &env(&[("PORTAL_TRUSTED_PROXIES", "127.0.0.1, fd00::/8")]),
        )
        .unwrap();
        assert_eq!(named.trusted_proxies.len(), 2, "the environment wins");
        assert!(named.trusted_proxies[1].contains("fd00::7".parse().unwrap()));
        let wrong = Config::from_sources(None, &env(&[("PORTAL_TRUSTED_PROXIES", "proxy.local")]));
        assert!(wrong
            .unwrap_err()
            .to_string()
            .contains("PORTAL_TRUSTED_PROXIES"));
    }

    #[test]
    fn metrics_are_for_this_machine_unless_widened() {
        let default = Config::from_sources(None, &env(&[])).unwrap();
        assert_eq!(default.metrics_allow, AddressRange::LOOPBACK.to_vec());
        let loopback = |ip: &str| {
            default
                .metrics_allow
                .iter()
                .any(|r| r.contains(ip.parse().unwrap()))
        };
        assert!(loopback("127.0.0.1") && loopback("127.9.9.9") && loopback("::1"));
        assert!(loopback("::ffff:127.0.0.1"));
        assert!(!loopback("10.0.0.1") && !loopback("::2") && !loopback("192.168.1.1"));

        let widened = Config::from_sources(
            None,
            &env(&[(
                "PORTAL_METRICS_ALLOW",
                "10.20.0.0/16, fd00::/8 ,192.168.1.7",
            )]),
        )
        .unwrap();
        let allowed = |ip: &str| {
            widened
                .metrics_allow
                .iter()
                .any(|r| r.contains(ip.parse().unwrap()))
        };
        assert!(allowed("10.20.3.4") && allowed("fd12::1") && allowed("192.168.1.7"));
        assert!(!allowed("10.21.0.1") && !allowed("192.168.1.8") && !allowed("127.0.0.1"));
        for bad in [
            "10.0.0.1/8",
            "10.0.0.0/33",
            "localhost",
            "10.0.0.0/",
            "::1/129",
            "1.2.3.4/-1",
        ] {
            let error =
                Config::from_sources(None, &env(&[("PORTAL_METRICS_ALLOW", bad)])).unwrap_err();
            assert!(
                error.to_string().contains("PORTAL_METRICS_ALLOW"),
                "{bad}: {error}"
            );
        }
        assert_eq!(
            AddressRange::parse("0.0.0.0/0").map(|r| r.contains("8.8.8.8".parse().unwrap())),
            Some(true)
        );
    }

    #[test]
    fn the_database_defaults_into_the_data_dir() {
        let config =
            Config::from_sources(None, &env(&[("PORTAL_DATA_DIR", "/srv/portal")])).unwrap();
        assert_eq!(config.database_url, "sqlite:///srv/portal/portal.db");
    }

    #[test]
    fn an_ip_address_is_a_public_url_for_a_lan() {
        assert!(!Config::from_sources(None, &env(&[]))
            .unwrap()
            .public_url_is_an_address());
        for url in [
            "http://192.168.1.20:3000",
            "https://10.0.0.5",
            "http://[fd00::5]:8080",
        ] {
            let config = Config::from_sources(None, &env(&[("PORTAL_PUBLIC_URL", url)])).unwrap();
            assert!(config.public_url_is_an_address(), "{url}");
        }
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let err = Config::from_sources(Some("[server]\nadress = \"x\""), &env(&[])).unwrap_err();
        assert!(matches!(err, ConfigError::File(m) if m.contains("adress")));
    }

    #[test]
    fn bad_values_name_their_variable() {
        let cases = [
            ("PORTAL_ADDR", "localhost"),
            ("PORTAL_PUBLIC_URL", "ftp://x"),
            ("PORTAL_PUBLIC_URL", "https://x.org/portal"),
            ("PORTAL_DATABASE_URL", "mysql://x"),
            ("PORTAL_DATABASE_MAX_CONNECTIONS", "0"),
            ("PORTAL_DATABASE_ACQUIRE_TIMEOUT_SECONDS", "0"),
            ("PORTAL_DATABASE_ACQUIRE_TIMEOUT_SECONDS", "121"),
            ("PORTAL_SMTP_URL", "http://mail"),
            ("PORTAL_LOG_FORMAT", "xml"),
            ("PORTAL_SESSION_IDLE_MINUTES", "0"),
            ("PORTAL_SESSION_STAFF_HOURS", "25"),
            ("PORTAL_INVITATION_HOURS", "three"),
        ];
        for (var, value) in cases {
            let err = Config::from_sources(None, &env(&[(var, value)])).unwrap_err();
            assert!(
                matches!(&err, ConfigError::Invalid { key, .. } if key == var),
                "{var}={value} gave {err:?}"
            );
        }
    }

    #[test]
    fn debug_output_hides_database_and_smtp_credentials() {
        let config = Config::from_sources(
            None,
            &env(&[
                ("PORTAL_DATABASE_URL", "postgres://portal:s3cret@db/portal"),
                ("PORTAL_SMTP_URL", "smtp://user:hunter2@mail:25"),
            ]),
        )
        .unwrap();
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("s3cret") && !printed.contains("hunter2"),
            "{printed}"
        );
    }
}
