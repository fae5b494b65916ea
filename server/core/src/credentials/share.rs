//! Sharing a credential so that it discloses only what its holder chose: an SD-JWT VC of the
//! same content, every claim selectively disclosable, presented with the chosen claims only.
//!
//! A bank that needs "registered and adult" sees the name, the number, the status and
//! `age_over_18`, and nothing of the birth date; a clinic sees the birth date. Each share is
//! signed afresh (new salts, so two shares cannot be linked by their disclosures) and
//! audited with the names of the claims shown, never their values. The status travels in the
//! IETF Token Status List that SD-JWT VC verifiers read, built from the same bits as the W3C
//! status lists, so a revocation reaches both at once.
//!
//! Owns: which claims a person may choose, the presets, issuing and presenting the share.
//! Must never: share a credential that is not current, or disclose a claim not chosen.

use portal_credentials::sd_jwt_vc::{Preset, HOUSEHOLD_CLAIMS, REGISTRATION_CLAIMS};
use portal_credentials::{qr, sd_jwt};
use portal_domain::audit::{AuditAction, SubjectKind};
use portal_domain::credential::{CredentialKind, CredentialStatus};
use portal_domain::person::PersonId;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::credentials::StoredCredential;
use portal_storage::{audit, Tx};
use serde_json::json;

use super::issuer::Issuer;
use super::of_person;
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// What a person asked to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The claims, in the order the credential lists them.
    pub claims: Vec<&'static str>,
}

impl Choice {
    /// The claims of `preset` (`clinic`, `bank`, `school`), or of `custom` with the names in
    /// `picked`, for a credential of `kind`. Unknown names are refused, not ignored.
    pub fn parse(kind: CredentialKind, preset: &str, picked: &[String]) -> CoreResult<Choice> {
        let known: &[&'static str] = match kind {
            CredentialKind::Household => HOUSEHOLD_CLAIMS,
            _ => REGISTRATION_CLAIMS,
        };
        let wanted: Vec<&str> = match (preset, Preset::parse(preset)) {
            (_, Some(p)) if kind != CredentialKind::Household => p.claims().to_vec(),
            ("custom", None) => picked.iter().map(String::as_str).collect(),
            _ => {
                return Err(CoreError::Invalid(vec![ValidationError::new(
                    Field::Share,
                    Problem::NotOneOf("clinic, bank, school, custom"),
                )]))
            }
        };
        if wanted.iter().any(|w| !known.contains(w)) {
            return Err(CoreError::Invalid(vec![ValidationError::new(
                Field::Share,
                Problem::NotOneOf("the claims of this credential"),
            )]));
        }
        let claims: Vec<&'static str> = known
            .iter()
            .copied()
            .filter(|k| wanted.contains(k))
            .collect();
        if claims.is_empty() {
            return Err(CoreError::Invalid(vec![ValidationError::new(
                Field::Share,
                Problem::Required,
            )]));
        }
        Ok(Choice { claims })
    }
}

/// A share, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The SD-JWT VC presentation (`jwt~disclosures~`).
    pub sd_jwt: String,
    /// Its QR code, SVG.
    pub qr_svg: String,
    /// The QR version reached.
    pub qr_version: i16,
    /// The claims it discloses.
    pub claims: Vec<&'static str>,
}

/// Shares the person's credential `id`, disclosing only `choice`.
pub async fn share(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    person: PersonId,
    id: uuid::Uuid,
    choice: &Choice,
) -> CoreResult<Shared> {
    let credential = of_person(tx, person, id).await?;
    let sd_jwt = present(issuer, ctx, &credential, choice)?;
    let payload = qr::encode_payload(&sd_jwt)?;
    let event = ctx
        .event(ctx.person_actor(person), AuditAction::CredentialPresent)
        .about(SubjectKind::Person, person.0.to_string())
        .with_details(json!({
            "credential": credential.id.to_string(),
            "format": sd_jwt::TYP,
            "claims": choice.claims,
        }));
    audit::append(tx, &event).await?;
    Ok(Shared {
        qr_svg: qr::render_svg(&payload)?,
        qr_version: qr::qr_version(&payload)?,
        claims: choice.claims.clone(),
        sd_jwt,
    })
}

/// The SD-JWT VC presentation of a current credential with the chosen claims.
fn present(
    issuer: &Issuer,
    ctx: &Ctx<'_>,
    credential: &StoredCredential,
    choice: &Choice,
) -> CoreResult<String> {
    if credential.status != CredentialStatus::Active
        || credential.valid_until.is_some_and(|u| u <= ctx.now)
    {
        return Err(CoreError::Conflict("credential not current"));
    }
    Ok(super::wallet::sd_jwt_of(issuer, ctx, credential, None)?.present(&choice.claims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_custom_choices_are_read_strictly() {
        let reg = CredentialKind::Registration;
        let bank = Choice::parse(reg, "bank", &[]).unwrap();
        assert!(bank.claims.contains(&"age_over_18"));
        assert!(!bank.claims.contains(&"birthdate"));
        let custom = Choice::parse(
            reg,
            "custom",
            &["registration_status".into(), "name".into()],
        )
        .unwrap();
        assert_eq!(custom.claims, vec!["name", "registration_status"]);
        assert!(Choice::parse(reg, "custom", &[]).is_err());
        assert!(Choice::parse(reg, "custom", &["iss".into()]).is_err());
        assert!(Choice::parse(reg, "police", &[]).is_err());
        let household = Choice::parse(CredentialKind::Household, "custom", &["members".into()]);
        assert_eq!(household.unwrap().claims, vec!["members"]);
        assert!(Choice::parse(CredentialKind::Household, "bank", &[]).is_err());
    }
}
