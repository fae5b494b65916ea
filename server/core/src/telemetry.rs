//! Structured logging with `tracing`.
//!
//! Owns: the subscriber set-up. Must never: log request bodies, query strings, cookies or any
//! field that can hold personal data; spans carry ids and outcomes only.

use tracing_subscriber::{fmt, EnvFilter};

use crate::config::{Config, LogFormat};

/// Installs the global subscriber; a second call (e.g. from tests) is a harmless no-op.
pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr: stdout belongs to command output (links, reports).
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(true)
        .with_writer(std::io::stderr);
    let _ = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}
