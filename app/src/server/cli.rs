//! The `portal` command line: serve, migrate, seed demo data, add offices and staff, import
//! people, verify the audit trail.
//!
//! Every command exits 0 on success, 2 on bad input (usage or validation) and 1 when something
//! outside the input failed (database, file system), printing a one-line reason to stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use portal_core::auth::invitations::issue;
use portal_core::import::{import_people, ImportError, ImportOutcome};
use portal_core::seed::{seed_demo, SeedError};
use portal_core::Config;
use portal_domain::audit::{Actor, AuditEvent, SubjectKind};
use portal_domain::clock::{Clock, SystemClock};
use portal_domain::invitation::IssuedInvitation;
use portal_domain::office::Office;
use portal_domain::person::{Email, RegistrationNumber};
use portal_domain::session::Principal;
use portal_domain::staff::{NewStaff, StaffId, StaffRole};
use portal_domain::ValidationError;
use portal_storage::audit::ChainReport;
use portal_storage::StoreError;

use super::serve::{self, StartError};

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
    SeedDemo,
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
    /// Verify a credential offline: a .json, a .jwt, a QR payload text file or a QR image
    /// (.png/.jpg). Uses this portal's keys and status lists, or the cached copies given.
    Verify(VerifyArgs),
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// List the keys: id, state, creation and retirement times.
    List,
    /// Make a new key that signs new credentials from now on (older keys keep verifying).
    Rotate,
    /// Retire a key: credentials it signed before stay valid; proofs it makes later fail.
    Retire {
        /// The key id (see `portal keys list`).
        kid: String,
    },
}

#[derive(Debug, Subcommand)]
enum ApiTokenCommand {
    /// Create a token; prints it once, alone on the last line (only its hash is kept).
    Create {
        /// What it may do: issue, status (repeat or comma-separate).
        #[arg(long = "scope", required = true, value_delimiter = ',')]
        scopes: Vec<String>,
        /// What it is for (shown in lists and the audit trail).
        #[arg(long, default_value = "partner system")]
        label: String,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by id.
    Revoke {
        /// The token id (see `portal api-token list`).
        id: String,
    },
}

#[derive(Debug, Args)]
struct VerifyArgs {
    /// The credential file.
    file: PathBuf,
    /// A cached DID document (did.json) of the issuer, instead of this portal's database.
    #[arg(long, value_name = "FILE")]
    did_document: Option<PathBuf>,
    /// A cached status list credential (repeat), as fetched from /status/….
    #[arg(long = "status-list", value_name = "FILE")]
    status_lists: Vec<PathBuf>,
    /// Print the whole result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum AppointmentsCommand {
    /// Add or change a service.
    Service {
        /// Short code, e.g. document-renewal.
        #[arg(long)]
        code: String,
        /// Name in a language, as LANG=TEXT (en is required; also fr, ar, prs). Repeat.
        #[arg(long = "name", required = true)]
        names: Vec<String>,
        /// Minutes per appointment.
        #[arg(long)]
        minutes: i64,
        /// The person must bring documents.
        #[arg(long)]
        bring_documents: bool,
        /// Active bookings allowed per household.
        #[arg(long, default_value_t = 1)]
        per_household: i64,
        /// Staff role that handles it (repeat).
        #[arg(long = "role", default_value = "clerk")]
        roles: Vec<String>,
    },
    /// Add a location to an office (in the office's time zone).
    Location {
        /// Office code.
        #[arg(long)]
        office: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// Address shown to people.
        #[arg(long)]
        address: String,
    },
    /// Set weekly opening hours of a service at a location.
    Hours {
        /// Office code of the location.
        #[arg(long)]
        office: String,
        /// Location name.
        #[arg(long)]
        location: String,
        /// Service code.
        #[arg(long)]
        service: String,
        /// Day of the week (mon … sun); repeat for several.
        #[arg(long = "day", required = true)]
        days: Vec<String>,
        /// Opening time, local, HH:MM.
        #[arg(long)]
        opens: String,
        /// Closing time, local, HH:MM.
        #[arg(long)]
        closes: String,
        /// People per slot.
        #[arg(long, default_value_t = 1)]
        capacity: i64,
    },
    /// Close a location on a date (holiday), or open it at other hours that day.
    Closed {
        /// Office code of the location.
        #[arg(long)]
        office: String,
        /// Location name.
        #[arg(long)]
        location: String,
        /// The date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Why (shown to staff).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Generate bookable slots from the opening hours (the server also does this itself).
    Generate {
        /// Days ahead.
        #[arg(long, default_value_t = 28)]
        days: i64,
    },
}

#[derive(Debug, Args)]
struct InviteArgs {
    /// The person's registration number.
    #[arg(
        long,
        required_unless_present = "staff_email",
        conflicts_with = "staff_email"
    )]
    registration_number: Option<String>,
    /// The staff member's email.
    #[arg(long)]
    staff_email: Option<String>,
    /// Lost phone: also remove every passkey and end every session of the account now.
    #[arg(long)]
    revoke_existing: bool,
}

#[derive(Debug, Subcommand)]
enum OfficeCommand {
    /// Add an office.
    Add {
        /// Three-letter code, also the prefix of its registration numbers.
        #[arg(long)]
        code: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// IANA time zone, e.g. Asia/Amman.
        #[arg(long)]
        time_zone: String,
    },
}

#[derive(Debug, Subcommand)]
enum StaffCommand {
    /// Add a staff account.
    Add(StaffAdd),
}

#[derive(Debug, Args)]
struct StaffAdd {
    /// Work email (unique).
    #[arg(long)]
    email: String,
    /// Name shown to colleagues (defaults to the part of the email before @).
    #[arg(long)]
    name: Option<String>,
    /// Role: clerk, approver or admin (repeat for several).
    #[arg(long = "role", required = true)]
    roles: Vec<String>,
    /// Office code the person works at.
    #[arg(long)]
    office: Option<String>,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and report the first broken link.
    Verify,
}

/// A failed command: the exit code and the one-line reason.
#[derive(Debug)]
struct Failure {
    code: u8,
    message: String,
    details: Vec<String>,
}

impl Failure {
    fn input(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
            details: Vec::new(),
        }
    }

    fn runtime(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
            details: Vec::new(),
        }
    }
}

impl From<ValidationError> for Failure {
    fn from(error: ValidationError) -> Self {
        Failure::input(error.to_string())
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Duplicate(_) | StoreError::NotFound(_) => Failure::input(error.to_string()),
            other => Failure::runtime(other.to_string()),
        }
    }
}

impl From<StartError> for Failure {
    fn from(error: StartError) -> Self {
        match error {
            StartError::Store(store) => store.into(),
            other => Failure::runtime(other.to_string()),
        }
    }
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
    let clock = SystemClock;
    match cli.command {
        Command::Serve => run_serve(config).await,
        Command::Migrate => {
            serve::open_store(&config).await?;
            println!("Database is up to date ({}).", config.backend_name());
            Ok(())
        }
        Command::SeedDemo => run_seed(&config, &clock).await,
        Command::Office(OfficeCommand::Add {
            code,
            name,
            time_zone,
        }) => {
            let office = Office::parse(&code, &name, &time_zone)?;
            let store = serve::open_store(&config).await?;
            let event = AuditEvent::new(clock.now(), Actor::System, "office.create")
                .about(SubjectKind::Office, office.code.as_str())
                .from_source("cli");
            if store.ensure_office(&office, clock.now(), &event).await? {
                println!("Added office {}.", office.code.as_str());
                Ok(())
            } else {
                Err(Failure::input(format!(
                    "office {} already exists",
                    office.code.as_str()
                )))
            }
        }
        Command::Staff(StaffCommand::Add(args)) => run_staff_add(&config, &clock, args).await,
        Command::Import { file } => run_import(&config, &clock, &file).await,
        Command::Invite(args) => run_invite(&config, &clock, args).await,
        Command::Appointments(command) => run_appointments(&config, &clock, command).await,
        Command::Keys(command) => run_keys(&config, &clock, command).await,
        Command::ApiToken(command) => run_api_token(&config, &clock, command).await,
        Command::Verify(args) => super::verify_cli::run(
            &config,
            &clock,
            args.file,
            args.did_document,
            args.status_lists,
            args.json,
        )
        .await
        .map_err(|e| Failure {
            code: e.code,
            message: e.message,
            details: Vec::new(),
        }),
        Command::Audit(AuditCommand::Verify) => {
            let store = serve::open_store(&config).await?;
            match store.verify_audit_chain().await? {
                ChainReport::Intact { rows } => {
                    println!("Audit trail intact: {rows} rows checked.");
                    Ok(())
                }
                ChainReport::Broken(broken) => {
                    Err(Failure::runtime(format!("audit trail broken: {broken}")))
                }
            }
        }
    }
}

async fn run_appointments(
    config: &Config,
    clock: &dyn Clock,
    command: AppointmentsCommand,
) -> Result<(), Failure> {
    use portal_domain::appointments::{parse_time, parse_weekday, Exception, Service, WeeklyHours};
    use portal_domain::Field;
    let store = serve::open_store(config).await?;
    let now = clock.now();
    let location_of = |office: String, name: String| {
        let store = store.clone();
        async move {
            store
                .locations()
                .await?
                .into_iter()
                .find(|l| {
                    l.office_code == office.trim().to_ascii_uppercase() && l.name == name.trim()
                })
                .ok_or_else(|| {
                    Failure::input(format!("no location named {name} at office {office}"))
                })
        }
    };
    let audit = |action: &str, details: serde_json::Value| {
        AuditEvent::new(now, Actor::System, action)
            .from_source("cli")
            .with_details(details)
    };
    match command {
        AppointmentsCommand::Service {
            code,
            names,
            minutes,
            bring_documents,
            per_household,
            roles,
        } => {
            let pairs = names
                .iter()
                .map(|n| {
                    n.split_once('=')
                        .ok_or_else(|| Failure::input(format!("--name {n}: expected LANG=TEXT")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
            for role in &roles {
                StaffRole::parse(role)?;
            }
            let service = Service::parse(
                &code,
                &pairs,
                minutes,
                &roles,
                bring_documents,
                per_household,
            )?;
            store.put_service(&service, now).await?;
            store
                .append_audit(&audit(
                    "service.put",
                    serde_json::json!({ "service": service.code }),
                ))
                .await?;
            println!("Service {} saved.", service.code);
        }
        AppointmentsCommand::Location {
            office,
            name,
            address,
        } => {
            let office = office.trim().to_ascii_uppercase();
            let zone = store
                .offices()
                .await?
                .into_iter()
                .find(|o| o.code.as_str() == office)
                .and_then(|o| o.time_zone.as_str().parse::<chrono_tz::Tz>().ok())
                .ok_or_else(|| Failure::input(format!("no office {office}")))?;
            let name = portal_domain::clean_text(Field::OfficeName, &name, 120, false)?;
            let address = portal_domain::clean_text(Field::Address, &address, 300, true)?;
            let id = store
                .put_location(&office, &name, &address, zone, now)
                .await?;
            store
                .append_audit(&audit(
                    "location.put",
                    serde_json::json!({ "location": id.to_string(), "office": office }),
                ))
                .await?;
            println!("Location {name} at {office} saved ({}).", zone.name());
        }
        AppointmentsCommand::Hours {
            office,
            location,
            service,
            days,
            opens,
            closes,
            capacity,
        } => {
            let place = location_of(office, location).await?;
            if !store.services().await?.iter().any(|s| s.code == service) {
                return Err(Failure::input(format!("no service {service}")));
            }
            let opens = parse_time(Field::Service, &opens)?;
            let closes = parse_time(Field::Service, &closes)?;
            if closes <= opens || capacity < 1 {
                return Err(Failure::input(
                    "closing must be after opening, and capacity at least 1",
                ));
            }
            for day in &days {
                let weekday = parse_weekday(day)?;
                store
                    .put_hours(
                        place.id,
                        &service,
                        &WeeklyHours {
                            weekday,
                            opens,
                            closes,
                            capacity,
                        },
                    )
                    .await?;
            }
            store
                .append_audit(&audit(
                    "hours.put",
                    serde_json::json!({ "location": place.id.to_string(), "service": service }),
                ))
                .await?;
            println!("Opening hours of {service} at {} saved.", place.name);
        }
        AppointmentsCommand::Closed {
            office,
            location,
            date,
            note,
        } => {
            let place = location_of(office, location).await?;
            let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| Failure::input("--date: expected YYYY-MM-DD"))?;
            store
                .put_exception(place.id, &Exception::Closed(date), note.trim())
                .await?;
            let start =
                portal_domain::appointments::local_to_utc(place.zone, date, chrono::NaiveTime::MIN);
            let end = portal_domain::appointments::local_to_utc(
                place.zone,
                date + chrono::Duration::days(1),
                chrono::NaiveTime::MIN,
            );
            if let (Some(start), Some(end)) = (start, end) {
                let removed = store.remove_free_slots(place.id, start, end).await?;
                println!("{removed} free slots of that day removed.");
            }
            store.append_audit(&audit("hours.closed", serde_json::json!({ "location": place.id.to_string(), "date": date.to_string() }))).await?;
            println!("{} is closed on {date}. Slots already booked that day are not cancelled; see the agenda.", place.name);
        }
        AppointmentsCommand::Generate { days } => {
            if !(1..=365).contains(&days) {
                return Err(Failure::input("--days: expected 1 to 365"));
            }
            let today = now.date_naive();
            let created = store
                .generate_slots(today, today + chrono::Duration::days(days))
                .await?;
            println!("{created} slots created.");
        }
    }
    Ok(())
}

async fn run_keys(config: &Config, clock: &dyn Clock, command: KeysCommand) -> Result<(), Failure> {
    use portal_core::issuer::{Issuer, IssuerError};
    let store = serve::open_store(config).await?;
    let issuer_failure = |e: IssuerError| match e {
        IssuerError::Store(store) => Failure::from(store),
        other => Failure::runtime(other.to_string()),
    };
    match command {
        KeysCommand::List => {
            let keys = store.issuer_keys().await?;
            if keys.is_empty() {
                println!("No keys yet: the server makes the first one when it starts (or run `portal keys rotate`).");
            }
            let active = keys
                .iter()
                .rev()
                .find(|k| k.retired_at.is_none())
                .map(|k| k.kid.clone());
            for key in keys {
                let state = match (key.retired_at, Some(&key.kid) == active.as_ref()) {
                    (Some(at), _) => format!("retired {}", at.format("%Y-%m-%d %H:%M UTC")),
                    (None, true) => "active, signs new credentials".to_owned(),
                    (None, false) => "active".to_owned(),
                };
                println!(
                    "{}  created {}  {}",
                    key.kid,
                    key.created_at.format("%Y-%m-%d %H:%M UTC"),
                    state
                );
            }
            Ok(())
        }
        KeysCommand::Rotate => {
            let kid = Issuer::rotate(&store, config, clock.now(), Actor::System)
                .await
                .map_err(issuer_failure)?;
            println!("New key {kid} signs new credentials from now on.");
            println!("Older keys keep verifying until you retire them: portal keys retire KID");
            Ok(())
        }
        KeysCommand::Retire { kid } => {
            Issuer::retire(&store, kid.trim(), clock.now(), Actor::System)
                .await
                .map_err(|e| match e {
                    IssuerError::Store(StoreError::Stale(what)) => {
                        Failure::input(format!("cannot retire {}: {what}", kid.trim()))
                    }
                    other => issuer_failure(other),
                })?;
            println!("Key {} is retired: it stays in the DID document so what it signed before keeps verifying.", kid.trim());
            Ok(())
        }
    }
}

async fn run_api_token(
    config: &Config,
    clock: &dyn Clock,
    command: ApiTokenCommand,
) -> Result<(), Failure> {
    use portal_domain::tokens::SecretToken;
    use portal_storage::credentials::StoredToken;
    let store = serve::open_store(config).await?;
    let now = clock.now();
    match command {
        ApiTokenCommand::Create { scopes, label } => {
            let mut wanted: Vec<String> = Vec::new();
            for scope in scopes {
                let scope = scope.trim().to_ascii_lowercase();
                if !matches!(scope.as_str(), "issue" | "status") {
                    return Err(Failure::input(format!(
                        "--scope {scope}: expected issue or status"
                    )));
                }
                if !wanted.contains(&scope) {
                    wanted.push(scope);
                }
            }
            let label = label.trim().to_owned();
            if label.is_empty()
                || label.chars().count() > 100
                || label.chars().any(char::is_control)
            {
                return Err(Failure::input("--label: 1 to 100 characters of text"));
            }
            let secret = SecretToken::generate();
            let token = StoredToken {
                id: uuid::Uuid::new_v4(),
                scopes: wanted.clone(),
                label,
                created_at: now,
                last_used_at: None,
                revoked_at: None,
            };
            let event = AuditEvent::new(now, Actor::System, "api_token.create")
                .from_source("cli")
                .with_details(
                    serde_json::json!({ "token": token.id.to_string(), "scopes": wanted }),
                );
            store
                .insert_api_token(&token, secret.hash().as_str(), &event)
                .await?;
            println!(
                "API token {} ({}) created. It is shown once; only its hash is kept.",
                token.id,
                token.scopes.join(", ")
            );
            println!("Send it as: Authorization: Bearer <token>");
            println!("{}", secret.expose());
            Ok(())
        }
        ApiTokenCommand::List => {
            for token in store.api_tokens().await? {
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M UTC")),
                    None => "active".to_owned(),
                };
                println!(
                    "{}  {}  {}  created {}  {}",
                    token.id,
                    token.scopes.join(","),
                    token.label,
                    token.created_at.format("%Y-%m-%d"),
                    state
                );
            }
            Ok(())
        }
        ApiTokenCommand::Revoke { id } => {
            let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
                Failure::input("the token id is not valid (see portal api-token list)")
            })?;
            let event = AuditEvent::new(now, Actor::System, "api_token.revoke")
                .from_source("cli")
                .with_details(serde_json::json!({ "token": id.to_string() }));
            store.revoke_api_token(id, now, &event).await?;
            println!("API token {id} revoked.");
            Ok(())
        }
    }
}

async fn run_serve(config: Config) -> Result<(), Failure> {
    let state = serve::prepare(config).await?;
    let listener = serve::bind(&state.config).await?;
    let (households, people) = state.store.registration_counts().await?;
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
        state.store.backend_name()
    );
    println!("  Open it in a browser, switch the language at the top, and check a proof at {public_url}/verify.");
    println!("  Stop with Ctrl-C.");
    println!();
    tracing::info!(addr = %state.config.addr, "listening");
    serve::serve(state, listener, serve::shutdown_signal()).await?;
    Ok(())
}

async fn run_seed(config: &Config, clock: &dyn Clock) -> Result<(), Failure> {
    let store = serve::open_store(config).await?;
    let report = seed_demo(&store, clock)
        .await
        .map_err(|error| match error {
            SeedError::Store(store) => Failure::from(store),
            other => Failure::runtime(other.to_string()),
        })?;
    let (households, people) = store.registration_counts().await?;
    println!(
        "Demo data ready: {households} households, {people} people, {} staff (created now: {} offices, {} staff, {} people).",
        store.staff_count().await?,
        report.offices_created,
        report.staff_created,
        report.people_created
    );
    println!();
    println!("Try it: open a link below in a browser (a phone-sized window works best) and create a passkey.");
    for number in ["AMM-26-000001", "KLA-26-000001"] {
        let number = RegistrationNumber::parse(number)?;
        if let Some(person) = store.person_by_registration_number(&number).await? {
            let invitation =
                invite(&store, config, clock, Principal::Person(person.id), false).await?;
            let label = format!(
                "{} {} ({}, born {}):",
                person.record.given_name.as_str(),
                person.record.family_name.as_str(),
                number.as_str(),
                person.record.date_of_birth.date
            );
            print_invitation(&label, &invitation, config);
        }
    }
    for (email, _, _, _) in portal_core::seed::DEMO_STAFF {
        let email = Email::parse(email)?;
        if let Some(staff) = store.staff_by_email(&email).await? {
            let invitation =
                invite(&store, config, clock, Principal::Staff(staff.id), false).await?;
            print_invitation(
                &format!("Staff {} (confirm with this email):", email.as_str()),
                &invitation,
                config,
            );
        }
    }
    Ok(())
}

async fn run_staff_add(config: &Config, clock: &dyn Clock, args: StaffAdd) -> Result<(), Failure> {
    let roles = args
        .roles
        .iter()
        .map(|r| StaffRole::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let name = args
        .name
        .unwrap_or_else(|| args.email.split('@').next().unwrap_or_default().to_owned());
    let staff = NewStaff::parse(&args.email, &name, &roles, args.office.as_deref())?;
    let store = serve::open_store(config).await?;
    let id = StaffId::random();
    let event = AuditEvent::new(clock.now(), Actor::System, "staff.create")
        .about(SubjectKind::Staff, id.0.to_string())
        .from_source("cli")
        .with_details(serde_json::json!({ "roles": staff.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }));
    store.create_staff(id, &staff, clock.now(), &event).await?;
    let roles = staff
        .roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let invitation = invite(&store, config, clock, Principal::Staff(id), false).await?;
    print_invitation(
        &format!(
            "Added staff account {} ({roles}). One-time enrollment link:",
            staff.email.as_str()
        ),
        &invitation,
        config,
    );
    mail_invitation(
        &store,
        config,
        Principal::Staff(id),
        &invitation,
        clock.now(),
    )
    .await?;
    Ok(())
}

/// Mails the invitation when the account has an address (SMTP, or the outbox without one).
async fn mail_invitation(
    store: &portal_storage::Store,
    config: &Config,
    principal: Principal,
    invitation: &IssuedInvitation,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Failure> {
    let mailer = config.mailer().map_err(|e| Failure::input(e.to_string()))?;
    match portal_core::auth::invitations::send_by_mail(
        store,
        &mailer,
        principal,
        invitation,
        &config.public_url,
        now,
    )
    .await
    {
        Ok(Some(email)) => {
            println!("  Also sent by mail to {}.", portal_mail::masked(&email));
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(error) => Err(Failure::runtime(format!(
            "the invitation is valid but the mail failed: {error}"
        ))),
    }
}

/// Prints an invitation for the operator to hand over (slip, message). The link and the code
/// are secrets: they are shown here once and stored only as hashes.
fn print_invitation(label: &str, invitation: &IssuedInvitation, config: &Config) {
    println!("{label}");
    println!("  link: {}", invitation.link(&config.public_url));
    println!(
        "  code: {}   (valid until {})",
        invitation.code.display(),
        invitation.expires_at.format("%Y-%m-%d %H:%M UTC")
    );
}

async fn invite(
    store: &portal_storage::Store,
    config: &Config,
    clock: &dyn Clock,
    principal: Principal,
    revoke: bool,
) -> Result<IssuedInvitation, Failure> {
    let lifetime = config.invitation_lifetime();
    Ok(issue(
        store,
        principal,
        clock.now(),
        lifetime,
        revoke,
        Actor::System,
    )
    .await?)
}

async fn run_invite(config: &Config, clock: &dyn Clock, args: InviteArgs) -> Result<(), Failure> {
    let store = serve::open_store(config).await?;
    let (principal, label) = match (&args.registration_number, &args.staff_email) {
        (Some(number), _) => {
            let number = RegistrationNumber::parse(number)?;
            let person = store
                .person_by_registration_number(&number)
                .await?
                .ok_or_else(|| Failure::input("no person has this registration number"))?;
            (
                Principal::Person(person.id),
                format!("Enrollment for {}:", number.as_str()),
            )
        }
        (None, Some(email)) => {
            let email = Email::parse(email)?;
            let staff = store
                .staff_by_email(&email)
                .await?
                .ok_or_else(|| Failure::input("no staff account has this email"))?;
            (
                Principal::Staff(staff.id),
                format!("Enrollment for staff {}:", email.as_str()),
            )
        }
        (None, None) => {
            return Err(Failure::input(
                "give --registration-number or --staff-email",
            ))
        }
    };
    let invitation = invite(&store, config, clock, principal, args.revoke_existing).await?;
    print_invitation(&label, &invitation, config);
    mail_invitation(&store, config, principal, &invitation, clock.now()).await?;
    if args.revoke_existing {
        println!("  Every passkey and session of this account has been revoked.");
    }
    Ok(())
}

async fn run_import(
    config: &Config,
    clock: &dyn Clock,
    file: &std::path::Path,
) -> Result<(), Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::input(format!("cannot read {}: {e}", file.display())))?;
    let store = serve::open_store(config).await?;
    match import_people(&store, clock, &bytes, Actor::System, "cli").await {
        Ok(ImportOutcome::Imported {
            households, people, ..
        }) => {
            println!("Imported {people} people ({households} new households).");
            Ok(())
        }
        Ok(ImportOutcome::AlreadyImported { at }) => {
            println!(
                "This file was already imported on {}; nothing changed.",
                at.format("%Y-%m-%d %H:%M UTC")
            );
            Ok(())
        }
        Err(ImportError::Rows(rows)) => Err(Failure {
            code: 2,
            message: format!(
                "import refused: {} row(s) have errors; nothing was imported",
                rows.len()
            ),
            details: rows
                .iter()
                .map(|row| format!("line {}: {}", row.line, row.problems.join("; ")))
                .collect(),
        }),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(other) => Err(Failure::input(format!("import refused: {other}"))),
    }
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
