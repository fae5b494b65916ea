//! Operator commands about people: import a registration export, issue enrollment
//! invitations, and create the demo data with its invitations.

use clap::Args;
use portal_core::auth::invitations;
use portal_core::import::{import_people, ImportOutcome};
use portal_core::seed::{seed_demo, DEMO_STAFF};
use portal_core::{admin, Config, Ctx};
use portal_domain::audit::Actor;
use portal_domain::invitation::IssuedInvitation;
use portal_domain::person::{Email, RegistrationNumber};
use portal_domain::session::Principal;
use portal_storage::{Store, Tx};

use super::{Failure, SOURCE};

/// People whose invitations `portal seed-demo` prints.
const DEMO_PEOPLE: [&str; 2] = ["AMM-26-000001", "KLA-26-000001"];

/// `portal invite`
#[derive(Debug, Args)]
pub struct InviteArgs {
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

/// Issues an invitation for `principal` on behalf of the operator.
pub async fn invite(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    config: &Config,
    principal: Principal,
    revoke: bool,
) -> Result<IssuedInvitation, Failure> {
    let lifetime = config.invitation_lifetime();
    Ok(invitations::issue(tx, ctx, principal, lifetime, revoke, Actor::System).await?)
}

/// Mails the invitation when the account has an address (SMTP, or the outbox without one).
pub async fn mail_invitation(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    principal: Principal,
    invitation: &IssuedInvitation,
) -> Result<(), Failure> {
    let mailer = config.mailer().map_err(|e| Failure::input(e.to_string()))?;
    let mut db = store.read().await?;
    let sent = invitations::send_by_mail(
        &mut db,
        ctx,
        &mailer,
        principal,
        invitation,
        &config.public_url,
    )
    .await;
    match sent {
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
pub fn print_invitation(label: &str, invitation: &IssuedInvitation, config: &Config) {
    println!("{label}");
    println!("  link: {}", invitation.link(&config.public_url));
    println!(
        "  code: {}   (valid until {})",
        invitation.code.display(),
        invitation.expires_at.format("%Y-%m-%d %H:%M UTC")
    );
}

/// The account an operator named, and how to introduce its invitation.
async fn named(store: &Store, args: &InviteArgs) -> Result<(Principal, String), Failure> {
    let mut db = store.read().await?;
    match (&args.registration_number, &args.staff_email) {
        (Some(number), _) => {
            let number = RegistrationNumber::parse(number)?;
            let person = portal_core::people::by_registration_number(&mut db, &number)
                .await?
                .ok_or_else(|| Failure::input("no person has this registration number"))?;
            let label = format!("Enrollment for {}:", number.as_str());
            Ok((Principal::Person(person.id), label))
        }
        (None, Some(email)) => {
            let email = Email::parse(email)?;
            let staff = admin::staff_by_email(&mut db, &email)
                .await?
                .ok_or_else(|| Failure::input("no staff account has this email"))?;
            let label = format!("Enrollment for staff {}:", email.as_str());
            Ok((Principal::Staff(staff.id), label))
        }
        (None, None) => Err(Failure::input(
            "give --registration-number or --staff-email",
        )),
    }
}

/// `portal invite`
pub async fn run_invite(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    args: InviteArgs,
) -> Result<(), Failure> {
    let (principal, label) = named(store, &args).await?;
    let mut tx = store.begin().await?;
    let invitation = invite(&mut tx, ctx, config, principal, args.revoke_existing).await?;
    tx.commit().await?;
    print_invitation(&label, &invitation, config);
    mail_invitation(store, ctx, config, principal, &invitation).await?;
    if args.revoke_existing {
        println!("  Every passkey and session of this account has been revoked.");
    }
    Ok(())
}

/// `portal import FILE`: every row or none.
pub async fn run_import(
    store: &Store,
    ctx: &Ctx<'_>,
    file: &std::path::Path,
) -> Result<(), Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::input(format!("cannot read {}: {e}", file.display())))?;
    let mut tx = store.begin().await?;
    let outcome = import_people(&mut tx, ctx, &bytes, Actor::System, SOURCE).await?;
    tx.commit().await?;
    if matches!(outcome, ImportOutcome::Imported { .. }) {
        // Fresh statistics, so the new people are found through the search index at once.
        portal_storage::people::analyze(&mut store.read().await?).await?;
    }
    match outcome {
        ImportOutcome::Imported {
            households, people, ..
        } => println!("Imported {people} people ({households} new households)."),
        ImportOutcome::AlreadyImported { at } => println!(
            "This file was already imported on {}; nothing changed.",
            at.format("%Y-%m-%d %H:%M UTC")
        ),
    }
    Ok(())
}

/// `portal seed-demo [--people N]`: the demo data (and N generated people), then fresh
/// invitations for two people and the staff.
pub async fn run_seed(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    crowd: u32,
) -> Result<(), Failure> {
    let report = seed_demo(store, ctx).await?;
    if crowd > 0 {
        let count = usize::try_from(crowd).unwrap_or(usize::MAX);
        let added = portal_core::seed::crowd::seed_crowd(store, ctx, count, |done| {
            eprint!("\rRegistering generated people: {done} of {count}");
        })
        .await?;
        eprintln!();
        println!("Generated people: {added} added now ({count} asked for).");
    }
    let mut db = store.read().await?;
    let (staff, households, people) = admin::counts(&mut db).await?;
    println!(
        "Demo data ready: {households} households, {people} people, {staff} staff (created now: {} offices, {} staff, {} people).",
        report.offices_created, report.staff_created, report.people_created
    );
    println!();
    println!("Try it: open a link below in a browser (a phone-sized window works best) and create a passkey.");
    let mut accounts = Vec::new();
    for number in DEMO_PEOPLE {
        let number = RegistrationNumber::parse(number)?;
        if let Some(person) = portal_core::people::by_registration_number(&mut db, &number).await? {
            let label = format!(
                "{} {} ({}, born {}):",
                person.record.given_name.as_str(),
                person.record.family_name.as_str(),
                number.as_str(),
                person.record.date_of_birth.date
            );
            accounts.push((Principal::Person(person.id), label));
        }
    }
    for (email, ..) in DEMO_STAFF {
        let email = Email::parse(email)?;
        if let Some(staff) = admin::staff_by_email(&mut db, &email).await? {
            let label = format!("Staff {} (confirm with this email):", email.as_str());
            accounts.push((Principal::Staff(staff.id), label));
        }
    }
    drop(db);
    let mut tx = store.begin().await?;
    let mut issued = Vec::with_capacity(accounts.len());
    for (principal, label) in accounts {
        issued.push((invite(&mut tx, ctx, config, principal, false).await?, label));
    }
    tx.commit().await?;
    for (invitation, label) in issued {
        print_invitation(&label, &invitation, config);
    }
    Ok(())
}
