//! The `portal` command line: serve, migrate, seed demo data, add offices and staff, import
//! people, issue invitations, set up appointments, manage keys and API tokens, verify
//! credentials offline and the audit trail.
//!
//! Every command exits 0 on success, 2 on bad input (usage, validation, something named that
//! does not exist) and 1 when something outside the input failed (database, file system,
//! mail), printing a one-line reason to stderr. Each command parses its arguments, opens the
//! store, and calls a use case of `portal-core`; none holds a rule of its own.

mod admin;
mod backup;
mod failure;
mod people;
mod schedule;
mod transfer;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use portal_core::{Config, Ctx};
use portal_domain::clock::{Clock, SystemClock};

use super::serve;
use admin::{
    ApiTokenCommand, AuditCommand, KeysCommand, OfficeCommand, QualityCommand, StaffCommand,
};
use backup::{BackupArgs, RestoreArgs};
pub use failure::Failure;
use people::InviteArgs;
use schedule::AppointmentsCommand;
use transfer::{DecryptArgs, ExportArgs};
use verify::VerifyArgs;

/// The audit trail's source of everything done at the command line.
const SOURCE: &str = "cli";

/// The refugee portal.
#[derive(Debug, Parser)]
#[command(
    name = "portal",
    version,
    about = "Self-service portal for refugees, with verifiable credentials"
)]
struct Cli {
    /// Configuration file (default: $PORTAL_CONFIG, else ./portal.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal (migrates the database first).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo offices, staff and people (idempotent).
    SeedDemo {
        /// Also register this many generated people in the Amman office, for load tests
        /// (idempotent: the same people each time; at most 1,000,000).
        #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
        people: u32,
    },
    /// Manage offices.
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Import registered people from a CSV export (all rows or none).
    Import {
        /// The CSV file (see docs/import.md for its columns).
        file: PathBuf,
    },
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Run the data-quality checks now (they also run every night): a count per rule.
    #[command(subcommand)]
    Quality(QualityCommand),
    /// Issue an enrollment invitation (a link and a short code) for a person or a staff member.
    Invite(InviteArgs),
    /// Manage appointment services, locations, opening hours and slots.
    #[command(subcommand)]
    Appointments(AppointmentsCommand),
    /// Manage the issuer's signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage API tokens of partner systems (VC-API).
    #[command(subcommand, name = "api-token")]
    ApiToken(ApiTokenCommand),
    /// Export people's records for a partner (an admin, with the purpose audited), to a new
    /// file, sealed with a passphrase when one is given (see docs/export.md).
    Export(ExportArgs),
    /// Open a sealed export with its passphrase, into a new file.
    Decrypt(DecryptArgs),
    /// Back up the whole portal (database, issuer keys, audit key and checkpoints, documents)
    /// into a new owner-only file, while it runs; sealed with a passphrase when one is given.
    Backup(BackupArgs),
    /// Restore a backup into an empty data folder and database, after checking every part
    /// (digests, schema version, every table's row count, the audit chain).
    Restore(RestoreArgs),
    /// Verify a credential offline: a .json, a .jwt, a QR payload text file or a QR image
    /// (.png/.jpg). Uses this portal's keys and status lists, or the cached copies given.
    Verify(VerifyArgs),
}

/// Parses the process arguments and runs the command.
pub async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = error.print();
                return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            eprintln!(
                "portal: {} (see portal --help)",
                one_line(&error.to_string())
            );
            return ExitCode::from(2);
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("portal: {}", failure.message);
            for detail in failure.details {
                eprintln!("  {detail}");
            }
            ExitCode::from(failure.code)
        }
    }
}

/// Folds clap's multi-line message into one line: the error and its details, without the usage
/// block that follows.
fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .map(|line| line.trim().trim_start_matches("error: "))
        .filter(|line| !line.is_empty() && !line.starts_with("tip:"))
        .collect::<Vec<_>>()
        .join(" ")
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let config = Config::load(cli.config.as_deref()).map_err(|e| Failure::input(e.to_string()))?;
    portal_core::telemetry::init(&config);
    let ctx = Ctx::at(SystemClock.now());
    let store = || serve::open_store(&config);
    match cli.command {
        Command::Serve => run_serve(config).await,
        Command::Verify(args) => verify::run(&config, &ctx, args).await,
        Command::Migrate => {
            store().await?;
            println!("Database is up to date ({}).", config.backend_name());
            Ok(())
        }
        Command::SeedDemo { people: crowd } => {
            people::run_seed(&store().await?, &ctx, &config, crowd).await
        }
        Command::Office(command) => admin::office(&store().await?, &ctx, command).await,
        Command::Staff(command) => admin::staff(&store().await?, &ctx, &config, command).await,
        Command::Import { file } => people::run_import(&store().await?, &ctx, &file).await,
        Command::Invite(args) => people::run_invite(&store().await?, &ctx, &config, args).await,
        Command::Appointments(command) => schedule::run(&store().await?, &ctx, command).await,
        Command::Keys(command) => admin::keys(&store().await?, &ctx, &config, command).await,
        Command::ApiToken(command) => admin::api_token(&store().await?, &ctx, command).await,
        Command::Audit(command) => admin::audit(&store().await?, &ctx, &config, command).await,
        Command::Quality(command) => admin::quality(&store().await?, &ctx, command).await,
        Command::Export(args) => transfer::run_export(&store().await?, &ctx, args).await,
        Command::Decrypt(args) => transfer::run_decrypt(args),
        Command::Backup(args) => backup::run_backup(&store().await?, &ctx, &config, args).await,
        // Never through `store()`: that would create an audit key and migrate the target.
        Command::Restore(args) => backup::run_restore(&config, args).await,
    }
}

async fn run_serve(config: Config) -> Result<(), Failure> {
    let state = serve::prepare(config).await?;
    let listener = serve::bind(&state.config).await?;
    let mut db = state.store.read().await?;
    let (_, households, people) = portal_core::admin::counts(&mut db).await?;
    drop(db);
    let public_url = state
        .config
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_owned();
    println!();
    println!("  Refugee Portal is running at {public_url}");
    println!(
        "  Database: {} ({households} households, {people} people)",
        state.config.backend_name()
    );
    println!("  Open it in a browser, switch the language at the top, and check a proof at {public_url}/verify.");
    println!("  Stop with Ctrl-C.");
    println!();
    tracing::info!(addr = %state.config.addr, "listening");
    serve::serve(state, listener, serve::shutdown_signal()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line_without_usage() {
        let message = "error: the following required arguments were not provided:\n  --role <ROLES>\n\nUsage: portal staff add --email <EMAIL> --role <ROLES>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(message),
            "the following required arguments were not provided: --role <ROLES>"
        );
    }
}
