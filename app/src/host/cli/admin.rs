//! Operator commands about the organisation: offices, staff accounts, the issuer's keys, API
//! tokens of partner systems, and checking the audit trail.

use clap::{Args, Subcommand};
use portal_core::credentials::issuer::{self, Issuer};
use portal_core::{admin, Config, Ctx};
use portal_domain::audit::Actor;
use portal_domain::office::Office;
use portal_domain::session::Principal;
use portal_domain::staff::{NewStaff, StaffRole};
use portal_storage::audit::ChainReport;
use portal_storage::audit_files::AuditFiles;
use portal_storage::Store;

use super::people::{invite, mail_invitation, print_invitation};
use super::{Failure, SOURCE};

/// `portal office …`
#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
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

/// `portal staff …`
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff account.
    Add(StaffAdd),
}

/// `portal staff add`
#[derive(Debug, Args)]
pub struct StaffAdd {
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

/// `portal audit …`
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the keyed hash chain and the signed checkpoints; report the first break.
    Verify,
    /// Sign the chain's head now and append it to the checkpoint log (the running portal
    /// does this every ten minutes and at its stop).
    Checkpoint,
}

/// `portal quality …`
#[derive(Debug, Subcommand)]
pub enum QualityCommand {
    /// Run every data-quality rule (findings kept for /staff/quality) and list stored texts
    /// holding hidden direction or zero-width characters (by record and field, never the
    /// value); a count per rule and a one-line total.
    Check,
}

/// `portal keys …`
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List the keys: id, state, creation and retirement times.
    List,
    /// Make a new key that signs new credentials from now on (older keys keep verifying).
    Rotate,
    /// Retire a key (one that may be compromised): everything it signed fails verification
    /// from now on, whenever it was signed; people get their credentials again.
    Retire {
        /// The key id (see `portal keys list`).
        kid: String,
    },
}

/// `portal api-token …`
#[derive(Debug, Subcommand)]
pub enum ApiTokenCommand {
    /// Create a token; prints it once, alone on the last line (only its hash is kept).
    Create {
        /// What it may do: issue, status (repeat or comma-separate).
        #[arg(long = "scope", required = true, value_delimiter = ',')]
        scopes: Vec<String>,
        /// With the issue scope: the credential types it may issue (repeat or comma-separate),
        /// e.g. ClinicVisitCredential; never the portal's own.
        #[arg(long = "types", value_delimiter = ',')]
        types: Vec<String>,
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

/// `portal office add`
pub async fn office(store: &Store, ctx: &Ctx<'_>, command: OfficeCommand) -> Result<(), Failure> {
    let OfficeCommand::Add {
        code,
        name,
        time_zone,
    } = command;
    let office = Office::parse(&code, &name, &time_zone)?;
    let mut tx = store.begin().await?;
    if !admin::add_office(&mut tx, ctx, &office, SOURCE).await? {
        return Err(Failure::input(format!(
            "office {} already exists",
            office.code.as_str()
        )));
    }
    tx.commit().await?;
    println!("Added office {}.", office.code.as_str());
    Ok(())
}

/// `portal staff add`: the account, then its one-time enrollment link (printed, and mailed).
pub async fn staff(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    StaffCommand::Add(args): StaffCommand,
) -> Result<(), Failure> {
    let roles = args
        .roles
        .iter()
        .map(|r| StaffRole::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let name = args
        .name
        .unwrap_or_else(|| args.email.split('@').next().unwrap_or_default().to_owned());
    let account = NewStaff::parse(&args.email, &name, &roles, args.office.as_deref())?;
    let mut tx = store.begin().await?;
    let id = admin::add_staff(&mut tx, ctx, &account, SOURCE).await?;
    let principal = Principal::Staff(id);
    let invitation = invite(&mut tx, ctx, config, principal, false).await?;
    tx.commit().await?;
    let roles: Vec<&str> = account.roles.iter().map(|r| r.as_str()).collect();
    print_invitation(
        &format!(
            "Added staff account {} ({}). One-time enrollment link:",
            account.email.as_str(),
            roles.join(", ")
        ),
        &invitation,
        config,
    );
    mail_invitation(store, ctx, config, principal, &invitation).await
}

/// `portal audit …`
pub async fn audit(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    command: AuditCommand,
) -> Result<(), Failure> {
    let files = AuditFiles::in_dir(&config.data_dir);
    match command {
        AuditCommand::Verify => match admin::verify_audit(store, &files).await? {
            ChainReport::Intact { rows, checkpoints } => {
                let signed = match checkpoints {
                    0 => "no signed checkpoint yet".to_owned(),
                    1 => "1 signed checkpoint".to_owned(),
                    n => format!("{n} signed checkpoints"),
                };
                println!("Audit trail intact: {rows} rows checked, {signed}.");
                Ok(())
            }
            ChainReport::Broken(broken) => {
                Err(Failure::runtime(format!("audit trail broken: {broken}")))
            }
        },
        AuditCommand::Checkpoint => {
            match admin::checkpoint_audit(store, &files, ctx.now).await? {
                Some(seq) => println!("Checkpoint of row {seq} signed and kept."),
                None => println!("The last checkpoint records the current head already."),
            }
            Ok(())
        }
    }
}

/// `portal quality check`: every data-quality rule over every record (findings kept for the
/// review list at /staff/quality), then stored text with hidden characters; a count per rule
/// and a one-line total. Findings are data, not a failure: the exit status is 0.
pub async fn quality(
    store: &Store,
    ctx: &Ctx<'_>,
    QualityCommand::Check: QualityCommand,
) -> Result<(), Failure> {
    let mut tx = store.begin().await?;
    let report = portal_core::quality::check(&mut tx, ctx).await?;
    tx.commit().await?;
    for (rule, count) in &report.per_rule {
        println!("{:26} {count}", format!("{}:", rule.as_str()));
    }
    let mut db = store.read().await?;
    let hidden = portal_core::quality::hidden_characters(&mut db).await?;
    println!("{:26} {}", "hidden-characters:", hidden.len());
    for finding in &hidden {
        println!("  {}  {}", finding.record, finding.field.as_str());
    }
    println!(
        "Findings: {} ({} new or changed since the last check, {} no longer found); review them at /staff/quality{}.",
        report.total() + hidden.len(),
        report.new,
        report.gone,
        if hidden.is_empty() { "" } else { ", and correct hidden characters through a reviewed change" }
    );
    Ok(())
}

/// `portal keys …`
pub async fn keys(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    command: KeysCommand,
) -> Result<(), Failure> {
    match command {
        KeysCommand::List => {
            let mut db = store.read().await?;
            let keys = issuer::all_keys(&mut db).await?;
            if keys.is_empty() {
                println!("No keys yet: the server makes the first one when it starts (or run `portal keys rotate`).");
            }
            let active = keys
                .iter()
                .rev()
                .find(|k| k.retired_at.is_none())
                .map(|k| k.kid.clone());
            let by_key = config.did_method == portal_core::config::DidMethod::Key;
            // The issuer the credentials name: the deployment's did:web, or in did:key mode
            // the active key's did:key (each key is then its own issuer).
            match (by_key, keys.iter().rev().find(|k| k.retired_at.is_none())) {
                (true, Some(key)) => println!(
                    "Issuer: did:key:{} (did:key mode: each key is its own issuer)",
                    key.public_key
                ),
                (true, None) => println!("Issuer: none yet (did:key mode: the first key names it)"),
                (false, _) => println!("Issuer: {}", issuer::web_did_of(&config.public_url)?),
            }
            for key in keys {
                let state = match (key.retired_at, Some(&key.kid) == active.as_ref()) {
                    (Some(at), _) => format!("retired {}", at.format("%Y-%m-%d %H:%M UTC")),
                    (None, true) => "active, signs new credentials".to_owned(),
                    (None, false) => "active".to_owned(),
                };
                let created = key.created_at.format("%Y-%m-%d %H:%M UTC");
                if by_key {
                    println!(
                        "{}  created {created}  {state}  did:key:{}",
                        key.kid, key.public_key
                    );
                } else {
                    println!("{}  created {created}  {state}", key.kid);
                }
            }
        }
        KeysCommand::Rotate => {
            let mut tx = store.begin().await?;
            let kid = Issuer::rotate(&mut tx, ctx, config, Actor::System).await?;
            tx.commit().await?;
            println!("New key {kid} signs new credentials from now on.");
            println!("Older keys keep verifying until you retire them: portal keys retire KID");
        }
        KeysCommand::Retire { kid } => {
            let kid = kid.trim();
            let mut tx = store.begin().await?;
            Issuer::retire(&mut tx, ctx, kid, Actor::System)
                .await
                .map_err(|e| match e {
                    portal_core::CoreError::Stale(what) => {
                        Failure::input(format!("cannot retire {kid}: {what}"))
                    }
                    other => other.into(),
                })?;
            tx.commit().await?;
            println!("Key {kid} is retired: everything it signed now fails verification (key-retired), whenever it was signed. Issue people's credentials again with the active key.");
        }
    }
    Ok(())
}

/// The scopes asked for, each once, in the order given.
fn scopes_of(asked: Vec<String>) -> Result<Vec<String>, Failure> {
    let mut wanted: Vec<String> = Vec::new();
    for scope in asked {
        let scope = scope.trim().to_ascii_lowercase();
        if !admin::TOKEN_SCOPES.contains(&scope.as_str()) {
            return Err(Failure::input(format!(
                "--scope {scope}: expected {}",
                admin::TOKEN_SCOPES.join(" or ")
            )));
        }
        if !wanted.contains(&scope) {
            wanted.push(scope);
        }
    }
    Ok(wanted)
}

/// `; may issue A, B` for a token granted types, nothing otherwise.
fn granted(types: &[String]) -> String {
    if types.is_empty() {
        String::new()
    } else {
        format!("; may issue {}", types.join(", "))
    }
}

/// `portal api-token …`
pub async fn api_token(
    store: &Store,
    ctx: &Ctx<'_>,
    command: ApiTokenCommand,
) -> Result<(), Failure> {
    match command {
        ApiTokenCommand::Create {
            scopes,
            types,
            label,
        } => {
            let scopes = scopes_of(scopes)?;
            let label = label.trim();
            if label.is_empty()
                || label.chars().count() > 100
                || label.chars().any(char::is_control)
            {
                return Err(Failure::input("--label: 1 to 100 characters of text"));
            }
            let mut tx = store.begin().await?;
            let (token, secret) =
                admin::create_api_token(&mut tx, ctx, &scopes, &types, label, SOURCE).await?;
            tx.commit().await?;
            println!(
                "API token {} ({}{}) created. It is shown once; only its hash is kept.",
                token.id,
                token.scopes.join(", "),
                granted(&token.credential_types),
            );
            println!("Send it as: Authorization: Bearer <token>");
            println!("{}", secret.expose());
        }
        ApiTokenCommand::List => {
            let mut db = store.read().await?;
            for token in admin::api_tokens(&mut db).await? {
                let state = match token.revoked_at {
                    Some(at) => format!("revoked {}", at.format("%Y-%m-%d %H:%M UTC")),
                    None => "active".to_owned(),
                };
                println!(
                    "{}  {}{}  {}  created {}  {state}",
                    token.id,
                    token.scopes.join(","),
                    granted(&token.credential_types),
                    token.label,
                    token.created_at.format("%Y-%m-%d"),
                );
            }
        }
        ApiTokenCommand::Revoke { id } => {
            let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| {
                Failure::input("the token id is not valid (see portal api-token list)")
            })?;
            let mut tx = store.begin().await?;
            admin::revoke_api_token(&mut tx, ctx, id, SOURCE).await?;
            tx.commit().await?;
            println!("API token {id} revoked.");
        }
    }
    Ok(())
}
