//! Credentials end to end below HTTP, on SQLite and PostgreSQL: issuing from the approved
//! record in three signed forms, the status life cycle and who may change it, revocation by an
//! approved correction in the decision's own transaction, races, status lists, key rotation
//! and retirement, and credentials issued for partner systems.

use chrono::Duration;
use portal_core::config::Config;
use portal_core::credentials::external::Securing;
use portal_core::credentials::issuer::{self as issuers, Issuer};
use portal_core::credentials::status::LIST_ENTRIES;
use portal_core::credentials::verification::Trust;
use portal_core::requests::Upload;
use portal_core::{CoreError, Refusal};
use portal_credentials::status::{read_status_list_credential, StatusPurpose};
use portal_credentials::verify::{ReasonCode, VerificationResult};
use portal_credentials::{jcs, qr};
use portal_domain::audit::Actor;
use portal_domain::credential::{
    CredentialKind, CredentialStatus, IssueRefused, StatusAction, StatusReason, StatusRefused,
};
use portal_domain::requests::{FormInput, RequestKind};
use portal_storage::audit::{self, ChainReport};
use portal_storage::credentials::StoredCredential;
use portal_testkit::{on_both_backends, Backend, World};
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// The demo world of a portal at `https://portal.agency.example` with its first issuer key.
async fn world(backend: Backend) -> (World, Config) {
    let w = World::new(backend).await;
    let config = w.config(&[("PORTAL_PUBLIC_URL", "https://portal.agency.example")]);
    Issuer::ensure_key(&w.store, &w.ctx(), &config)
        .await
        .unwrap();
    (w, config)
}

/// The issuer as the portal loads it now.
async fn load_issuer(w: &World, config: &Config) -> Issuer {
    Issuer::load(&mut w.read().await, config).await.unwrap()
}

/// Verifies `input` against the portal's keys and status lists as they are now.
async fn verify(w: &World, config: &Config, input: &[u8]) -> VerificationResult {
    let issuer = load_issuer(w, config).await;
    w.credentials(&issuer).verify(input).await.unwrap()
}

/// A credential as stored now.
async fn stored(w: &World, id: uuid::Uuid) -> StoredCredential {
    portal_storage::credentials::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap()
}

fn codes(result: &portal_credentials::verify::VerificationResult) -> Vec<ReasonCode> {
    result.reasons.iter().map(|r| r.code).collect()
}

fn qr_payload(credential: &StoredCredential) -> String {
    let value: Value = serde_json::from_str(credential.document_jcs.as_deref().unwrap()).unwrap();
    qr::encode_credential_json(&value).unwrap()
}

on_both_backends! {
    a_person_gets_one_credential_in_three_forms_that_all_verify,
    status_changes_follow_the_life_cycle_and_show_in_verification,
    an_approved_correction_revokes_the_credentials_it_makes_untrue,
    staff_changing_a_status_at_once_have_exactly_one_winner,
    status_lists_are_signed_and_carry_the_bits,
    rotation_keeps_credentials_valid_and_retirement_ends_them,
    partner_systems_get_credentials_signed_for_them,
    a_partner_token_issues_only_its_granted_types_and_shapes_in_every_form,
    tampered_and_foreign_credentials_fail,
    a_verifier_kept_across_changes_sees_its_own_at_once_and_others_within_a_second,
    credentials_naming_the_old_placeholder_context_still_verify,
}

async fn a_person_gets_one_credential_in_three_forms_that_all_verify(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let amina = w.person("AMM-26-000001").await;
    let first = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    // Asking again gives the same credential, not a second one.
    let again = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(first.status, CredentialStatus::Active);
    assert_eq!(first.valid_until, Some(w.now() + Duration::days(365)));

    let json_form = first.document_rdfc.clone().unwrap();
    let value: Value = serde_json::from_str(&json_form).unwrap();
    assert_eq!(value["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(value["issuer"], "did:web:portal.agency.example");
    // It names the context the deployment serves, so anyone's JSON-LD processor can read it.
    assert_eq!(
        value["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://portal.agency.example/ns/credentials/v1"
        ])
    );
    assert_eq!(
        value["credentialSubject"]["registrationNumber"],
        "AMM-26-000001"
    );
    assert_eq!(value["id"], format!("urn:uuid:{}", first.id));
    // Only what the credential needs: no phone, email, address or specific needs.
    for absent in ["phone", "email", "address", "specificNeeds", "sex"] {
        assert!(
            !json_form.contains(absent),
            "{absent} leaked into the credential"
        );
    }
    let payload = qr_payload(&first);
    let version = qr::qr_version(&payload).unwrap();
    println!(
        "registration credential QR: {} characters, version {version} (level M)",
        payload.len()
    );
    assert!(version <= 15, "QR version {version}");
    for (form, input) in [
        ("rdfc", json_form.into_bytes()),
        ("jcs", first.document_jcs.clone().unwrap().into_bytes()),
        ("jwt", first.document_jwt.clone().unwrap().into_bytes()),
        ("qr", payload.into_bytes()),
    ] {
        let result = verify(&w, &config, &input).await;
        assert!(result.verified, "{form}: {:?}", result.reasons);
        assert!(result.status_checked_at.is_some(), "{form}");
    }

    let household = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Household)
        .await
        .unwrap();
    let value: Value = serde_json::from_str(household.document_jcs.as_deref().unwrap()).unwrap();
    let members = value["credentialSubject"]["member"].as_array().unwrap();
    assert!(members.len() >= 2);
    assert!(
        verify(&w, &config, qr_payload(&household).as_bytes())
            .await
            .verified
    );
    // A member of the same household sees the same household credential.
    let khaled = w.person("AMM-26-000002").await;
    let cards = w.credentials(&issuer).cards(khaled.id).await.unwrap();
    let card = cards
        .iter()
        .find(|c| c.kind == CredentialKind::Household)
        .unwrap();
    assert_eq!(card.latest.as_ref().unwrap().id, household.id);
    assert_eq!(card.next, Ok(false));

    let issued = audit::for_subject(
        &mut w.read().await,
        portal_domain::audit::SubjectKind::Person,
        &amina.id.0.to_string(),
        100,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|row| row.event.action == "credential.issue")
    .count();
    assert_eq!(issued, 2);
    assert!(matches!(w.verify_audit().await, ChainReport::Intact { .. }));
}

async fn status_changes_follow_the_life_cycle_and_show_in_verification(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let amina = w.person("AMM-26-000001").await;
    let s = w.credentials(&issuer);
    let credential = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let qr = qr_payload(&credential);

    let suspended = s
        .change_status(
            &w.cast.farida,
            credential.id,
            None,
            StatusAction::Suspend,
            StatusReason::UnderReview,
        )
        .await
        .unwrap();
    assert_eq!(suspended.status, CredentialStatus::Suspended);
    assert_eq!(
        codes(&verify(&w, &config, qr.as_bytes()).await),
        [ReasonCode::Suspended]
    );
    assert_eq!(
        s.obtain(amina.id, CredentialKind::Registration)
            .await
            .unwrap_err()
            .to_string(),
        CoreError::Refused(Refusal::Issue(IssueRefused::Suspended)).to_string()
    );
    // A clerk may suspend but not lift a suspension or revoke.
    assert!(matches!(
        s.change_status(
            &w.cast.farida,
            credential.id,
            None,
            StatusAction::Unsuspend,
            StatusReason::Other
        )
        .await,
        Err(CoreError::Refused(Refusal::Status(StatusRefused::Role)))
    ));
    s.change_status(
        &w.cast.jonas,
        credential.id,
        None,
        StatusAction::Unsuspend,
        StatusReason::Other,
    )
    .await
    .unwrap();
    assert!(verify(&w, &config, qr.as_bytes()).await.verified);

    s.change_status(
        &w.cast.jonas,
        credential.id,
        None,
        StatusAction::Revoke,
        StatusReason::LostOrStolen,
    )
    .await
    .unwrap();
    assert_eq!(
        codes(&verify(&w, &config, qr.as_bytes()).await),
        [ReasonCode::Revoked]
    );
    assert!(matches!(
        s.change_status(
            &w.cast.jonas,
            credential.id,
            None,
            StatusAction::Unsuspend,
            StatusReason::Other
        )
        .await,
        Err(CoreError::Refused(Refusal::Status(
            StatusRefused::Transition(CredentialStatus::Revoked)
        )))
    ));
    // A lost phone: the person gets a new credential by themselves (a minute later).
    w.advance(Duration::minutes(1));
    let issuer = load_issuer(&w, &config).await;
    let s = w.credentials(&issuer);
    let replacement = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    assert_ne!(replacement.id, credential.id);
    assert_ne!(replacement.status_index, credential.status_index);
    assert!(
        verify(&w, &config, qr_payload(&replacement).as_bytes())
            .await
            .verified
    );
    assert_eq!(
        codes(&verify(&w, &config, qr.as_bytes()).await),
        [ReasonCode::Revoked]
    );

    // Suspected misuse: only the office issues the next one.
    s.change_status(
        &w.cast.jonas,
        replacement.id,
        None,
        StatusAction::Revoke,
        StatusReason::FraudSuspected,
    )
    .await
    .unwrap();
    assert!(matches!(
        s.obtain(amina.id, CredentialKind::Registration).await,
        Err(CoreError::Refused(Refusal::Issue(
            IssueRefused::OfficeMustIssue
        )))
    ));
    assert!(matches!(
        s.staff_issue(&w.cast.farida, amina.id, CredentialKind::Registration)
            .await,
        Err(CoreError::Refused(Refusal::Status(StatusRefused::Role)))
    ));
    let third = s
        .staff_issue(&w.cast.jonas, amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    assert!(matches!(
        s.staff_issue(&w.cast.jonas, amina.id, CredentialKind::Registration)
            .await,
        Err(CoreError::Refused(Refusal::Status(
            StatusRefused::Transition(CredentialStatus::Active)
        )))
    ));
    assert_eq!(
        s.obtain(amina.id, CredentialKind::Registration)
            .await
            .unwrap()
            .id,
        third.id
    );

    let actions: Vec<String> = audit::for_subject(
        &mut w.read().await,
        portal_domain::audit::SubjectKind::Person,
        &amina.id.0.to_string(),
        200,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|row| row.event.action)
    .filter(|a| a.starts_with("credential."))
    .collect();
    for expected in [
        "credential.suspend",
        "credential.unsuspend",
        "credential.revoke",
        "credential.issue",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
}

fn form(pairs: &[(&str, &str)]) -> FormInput {
    FormInput(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

async fn an_approved_correction_revokes_the_credentials_it_makes_untrue(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let amina = w.person("AMM-26-000001").await;
    let s = w.credentials(&issuer);
    let registration = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let household = s.obtain(amina.id, CredentialKind::Household).await.unwrap();

    // A new phone number is not in any credential: nothing is revoked.
    let contact = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790002222")]),
            &[],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, contact)
        .await
        .unwrap()
        .unwrap();
    w.flow()
        .decide(
            &w.cast.farida,
            contact,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    assert!(
        verify(&w, &config, qr_payload(&registration).as_bytes())
            .await
            .verified
    );

    // A corrected name is: both credentials stop being valid with the decision.
    let correction = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &form(&[
                ("given_name", "Aminah"),
                ("reason", "Spelling on my passport"),
            ]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, correction)
        .await
        .unwrap()
        .unwrap();
    w.flow()
        .decide(
            &w.cast.jonas,
            correction,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    for old in [&registration, &household] {
        let stored = stored(&w, old.id).await;
        assert_eq!(stored.status, CredentialStatus::Revoked);
        assert_eq!(stored.status_reason, Some(StatusReason::RecordChanged));
        assert_eq!(
            codes(&verify(&w, &config, qr_payload(old).as_bytes()).await),
            [ReasonCode::Revoked]
        );
    }
    // The person is offered the new one, with the approved name.
    let cards = s.cards(amina.id).await.unwrap();
    assert!(cards.iter().all(|c| c.next == Ok(true)));
    let renewed = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let value: Value = serde_json::from_str(renewed.document_jcs.as_deref().unwrap()).unwrap();
    assert!(value["credentialSubject"]["name"]
        .as_str()
        .unwrap()
        .starts_with("Aminah "));
    let revocations = audit::for_subject(
        &mut w.read().await,
        portal_domain::audit::SubjectKind::Person,
        &amina.id.0.to_string(),
        200,
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|row| row.event.action == "credential.revoke")
    .count();
    assert_eq!(revocations, 2);
}

async fn staff_changing_a_status_at_once_have_exactly_one_winner(backend: Backend) {
    let (w, config) = world(backend).await;
    let w = std::sync::Arc::new(w);
    let issuer = std::sync::Arc::new(load_issuer(&w, &config).await);
    let amina = w.person("AMM-26-000001").await;
    let credential = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for n in 0..8 {
        let (w, issuer) = (w.clone(), issuer.clone());
        tasks.push(tokio::spawn(async move {
            let action = if n % 2 == 0 {
                StatusAction::Revoke
            } else {
                StatusAction::Suspend
            };
            w.credentials(&issuer)
                .change_status(
                    &w.cast.jonas,
                    credential.id,
                    Some(credential.row_version),
                    action,
                    StatusReason::UnderReview,
                )
                .await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            // Lost the compare-and-set, or saw the winner's status first.
            Err(
                CoreError::Stale(_)
                | CoreError::Refused(Refusal::Status(StatusRefused::Transition(_))),
            ) => {}
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!(won, 1);
    let stored = stored(&w, credential.id).await;
    assert_eq!(stored.row_version, credential.row_version + 1);
}

async fn status_lists_are_signed_and_carry_the_bits(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let s = w.credentials(&issuer);
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let revoked = s
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let kept = s
        .obtain(khaled.id, CredentialKind::Registration)
        .await
        .unwrap();
    s.change_status(
        &w.cast.jonas,
        revoked.id,
        None,
        StatusAction::Revoke,
        StatusReason::RecordError,
    )
    .await
    .unwrap();
    for (purpose, set) in [
        (StatusPurpose::Revocation, true),
        (StatusPurpose::Suspension, false),
    ] {
        let list = s.status_list_credential(purpose, 0).await.unwrap();
        assert_eq!(
            list["id"],
            format!(
                "https://portal.agency.example/status/{}/0",
                purpose.as_str()
            )
        );
        jcs::verify(&list, &*issuer.resolver()).unwrap();
        let (read_purpose, bits) = read_status_list_credential(&list).unwrap();
        assert_eq!(read_purpose, purpose);
        assert!(bits.len() >= 131_072);
        let at = |c: &StoredCredential| usize::try_from(c.status_index % LIST_ENTRIES).unwrap();
        assert_eq!(bits.get(at(&revoked)).unwrap(), set);
        assert!(!bits.get(at(&kept)).unwrap());
    }
    assert!(matches!(
        s.status_list_credential(StatusPurpose::Revocation, 7).await,
        Err(CoreError::NotFound)
    ));
}

async fn rotation_keeps_credentials_valid_and_retirement_ends_them(backend: Backend) {
    let (w, config) = world(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let first_issuer = load_issuer(&w, &config).await;
    let old_kid = first_issuer.active_kid().unwrap().to_owned();
    let old = w
        .credentials(&first_issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();

    w.advance(Duration::minutes(1));
    let mut tx = w.begin().await;
    let new_kid = Issuer::rotate(&mut tx, &w.ctx(), &config, Actor::System)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(config.keys_dir.join(format!("{new_kid}.key")))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let rotated = load_issuer(&w, &config).await;
    assert_eq!(rotated.active_kid(), Some(new_kid.as_str()));
    let document = serde_json::to_value(rotated.web_document().unwrap()).unwrap();
    assert_eq!(document["verificationMethod"].as_array().unwrap().len(), 4);
    let fresh = w
        .credentials(&rotated)
        .obtain(khaled.id, CredentialKind::Registration)
        .await
        .unwrap();
    let proof: Value = serde_json::from_str(fresh.document_jcs.as_deref().unwrap()).unwrap();
    assert!(proof["proof"]["verificationMethod"]
        .as_str()
        .unwrap()
        .ends_with(&new_kid));
    assert!(
        verify(&w, &config, qr_payload(&old).as_bytes())
            .await
            .verified
    );

    w.advance(Duration::hours(1));
    let mut tx = w.begin().await;
    Issuer::retire(&mut tx, &w.ctx(), &old_kid, Actor::System)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let result = verify(&w, &config, qr_payload(&old).as_bytes()).await;
    assert_eq!(codes(&result), [ReasonCode::KeyRetired]);
    assert!(
        verify(&w, &config, qr_payload(&fresh).as_bytes())
            .await
            .verified
    );
    let document =
        serde_json::to_value(load_issuer(&w, &config).await.web_document().unwrap()).unwrap();
    assert_eq!(document["assertionMethod"].as_array().unwrap().len(), 2);
    // The last active key cannot be retired, and a retired key not twice.
    for (kid, why) in [
        (new_kid.as_str(), "only active key"),
        (old_kid.as_str(), "already retired"),
    ] {
        let mut tx = w.begin().await;
        match Issuer::retire(&mut tx, &w.ctx(), kid, Actor::System).await {
            Err(CoreError::Stale(what)) => {
                assert!(what.contains(why), "{what}")
            }
            other => panic!("{other:?}"),
        }
    }
    // The database never holds a private key.
    let keys = issuers::all_keys(&mut w.read().await).await.unwrap();
    let secret = std::fs::read_to_string(config.keys_dir.join(format!("{new_kid}.key"))).unwrap();
    assert!(keys.iter().all(|k| !k.public_key.contains(secret.trim())));
}

async fn partner_systems_get_credentials_signed_for_them(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let s = w.credentials(&issuer);
    let token = &w.api_token(&["issue"], &["ClinicVisitCredential"]).await;
    let unsigned = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "credentialSubject": { "id": "did:example:clinic-patient-7" }
    });
    for securing in [Securing::Rdfc, Securing::Jcs, Securing::Jwt] {
        let secured = s
            .issue_external(token, unsigned.clone(), securing)
            .await
            .unwrap();
        let input = match securing {
            Securing::Jwt => {
                let id = secured["id"].as_str().unwrap();
                id.split_once(',').unwrap().1.as_bytes().to_vec()
            }
            _ => {
                assert_eq!(secured["issuer"], issuer.did());
                assert!(secured["credentialStatus"].as_array().unwrap().len() == 2);
                serde_json::to_vec(&secured).unwrap()
            }
        };
        let result = verify(&w, &config, &input).await;
        assert!(result.verified, "{securing:?}: {:?}", result.reasons);
    }
    let secured = s
        .issue_external(token, unsigned.clone(), Securing::Jcs)
        .await
        .unwrap();
    let id =
        portal_core::credentials::parse_credential_id(secured["id"].as_str().unwrap()).unwrap();
    s.change_status_as_client(token.id, id, StatusAction::Revoke, StatusReason::Other)
        .await
        .unwrap();
    assert_eq!(
        codes(&verify(&w, &config, &serde_json::to_vec(&secured).unwrap()).await),
        [ReasonCode::Revoked]
    );
    let mut foreign = unsigned.clone();
    foreign["issuer"] = json!("did:web:someone-else.example");
    assert!(matches!(
        s.issue_external(token, foreign, Securing::Jcs).await,
        Err(CoreError::Unreadable(_))
    ));
    let mut nameless = unsigned.clone();
    nameless["issuer"] = json!({ "id": null, "name": "Clinic" });
    assert!(matches!(
        s.issue_external(token, nameless, Securing::Jcs).await,
        Err(CoreError::Unreadable(_))
    ));
    let mut broken = unsigned.clone();
    broken["credentialSubject"] = json!({});
    assert!(matches!(
        s.issue_external(token, broken, Securing::Jcs).await,
        Err(CoreError::Unreadable(_))
    ));
    assert!(matches!(
        s.issue_external(token, json!("text"), Securing::Jcs).await,
        Err(CoreError::Unreadable(_))
    ));
}

/// A clinic's token may issue clinic visits, not school records; every securing form checks the
/// same shape (names, dates, ids); the portal's own types cannot be granted at all.
async fn a_partner_token_issues_only_its_granted_types_and_shapes_in_every_form(backend: Backend) {
    use portal_core::credentials::external::grantable_types;
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let s = w.credentials(&issuer);
    let clinic = &w.api_token(&["issue"], &["ClinicVisitCredential"]).await;
    let visit = |kind: &str| {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
            "type": ["VerifiableCredential", kind],
            "name": { "@value": "زيارة عيادة", "@language": "ar", "@direction": "rtl" },
            "credentialSubject": { "id": "did:example:patient-7" }
        })
    };
    let by_url = "https://clinic.example/vocab#VisitCredential";
    let vocab_clinic = &w.api_token(&["issue"], &[by_url]).await;
    let forms = [Securing::Rdfc, Securing::Jcs, Securing::Jwt];
    for securing in forms {
        assert!(s
            .issue_external(clinic, visit("ClinicVisitCredential"), securing)
            .await
            .is_ok());
        // A type granted as a URL is issued as that URL, and only it.
        assert!(s
            .issue_external(vocab_clinic, visit(by_url), securing)
            .await
            .is_ok());
        assert!(matches!(
            s.issue_external(
                vocab_clinic,
                visit("https://clinic.example/vocab#Other"),
                securing
            )
            .await,
            Err(CoreError::IssueRefused { member: "type", .. })
        ));
        match s
            .issue_external(clinic, visit("SchoolEnrollmentCredential"), securing)
            .await
        {
            Err(CoreError::IssueRefused { member, reason }) => {
                assert_eq!(member, "type");
                assert!(reason.contains("ClinicVisitCredential"), "{reason}");
            }
            other => panic!("{securing:?}: {other:?}"),
        }
        let bad_shapes = [
            ("name", json!(42)),
            ("description", json!({ "text": "a visit" })),
            ("validFrom", json!("yesterday")),
            ("validUntil", json!("2020-01-01T00:00:00Z")),
            ("id", json!("not a url")),
        ];
        for (member, value) in bad_shapes {
            let mut credential = visit("ClinicVisitCredential");
            credential[member] = value;
            match s.issue_external(clinic, credential, securing).await {
                Err(CoreError::Unreadable(message)) => {
                    assert!(message.contains(member), "{securing:?} {member}: {message}");
                }
                other => panic!("{securing:?} {member}: {other:?}"),
            }
        }
    }
    let granted = |types: &[&str]| {
        grantable_types(&types.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())
    };
    assert_eq!(
        granted(&["ClinicVisitCredential", " ClinicVisitCredential "]).unwrap(),
        ["ClinicVisitCredential"]
    );
    // VC 2.0 types may be absolute URLs too, except under the W3C's or the portal's vocabulary.
    assert_eq!(
        granted(&["https://clinic.example/vocab#VisitCredential"]).unwrap(),
        ["https://clinic.example/vocab#VisitCredential"]
    );
    for refused in [
        "RefugeeRegistrationCredential",
        "HouseholdCredential",
        "VerifiableCredential",
        "registrationNumber",
        "Clinic Visit",
        "",
        "https://www.w3.org/2018/credentials#VerifiableCredential",
        "https://refugee-portal.example/ns/credentials#RefugeeRegistrationCredential",
        "https://clinic.example/a b",
        "ftp://clinic.example/VisitCredential",
        "https://",
    ] {
        assert!(
            matches!(granted(&[refused]), Err(CoreError::Unreadable(_))),
            "{refused:?}"
        );
    }
}

async fn tampered_and_foreign_credentials_fail(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let amina = w.person("AMM-26-000001").await;
    let credential = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let mut value: Value =
        serde_json::from_str(credential.document_rdfc.as_deref().unwrap()).unwrap();
    value["credentialSubject"]["birthDate"] = json!("1990-01-01");
    let result = verify(&w, &config, &serde_json::to_vec(&value).unwrap()).await;
    assert_eq!(codes(&result), [ReasonCode::SignatureInvalid]);
    assert!(
        result.credential.is_none(),
        "nothing of a forged credential is handed on"
    );

    let jwt = credential.document_jwt.clone().unwrap();
    let mut parts: Vec<String> = jwt.split('.').map(str::to_owned).collect();
    parts[2] = parts[2].chars().rev().collect();
    assert!(
        !verify(&w, &config, parts.join(".").as_bytes())
            .await
            .verified
    );

    // Signed by someone's own did:key: not this portal.
    let stranger = portal_credentials::keys::signing_key_from_seed(&[9; 32]);
    let did = portal_credentials::did::did_key(&stranger.verifying_key());
    let signer = portal_credentials::keys::Signer::new(
        portal_credentials::did::did_key_verification_method(&stranger.verifying_key()),
        stranger,
    );
    let fake = jcs::sign(
        &json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": did,
            "credentialSubject": { "name": "Someone" }
        }),
        &signer,
        w.now(),
    )
    .unwrap();
    let result = verify(&w, &config, &serde_json::to_vec(&fake).unwrap()).await;
    assert_eq!(codes(&result), [ReasonCode::UnknownIssuer]);
    let trust = Trust { any_did_key: true };
    assert!(
        w.credentials(&issuer)
            .verify_trusting(trust, &serde_json::to_vec(&fake).unwrap())
            .await
            .unwrap()
            .verified
    );

    assert_eq!(
        codes(&verify(&w, &config, b"hello").await),
        [ReasonCode::Malformed]
    );
}

/// What a long-running instance keeps (the issuer and the decoded status lists) is used while
/// nothing changes and dropped as soon as the change counts say something did; the kept
/// verifier is never told. Changes this process commits count at once; another instance's
/// once the counts read last are older than `FRESH_FOR`.
async fn a_verifier_kept_across_changes_sees_its_own_at_once_and_others_within_a_second(
    backend: Backend,
) {
    let (w, config) = world(backend).await;
    let kept = issuers::IssuerCache::new();
    let verifier = portal_core::credentials::verification::Verifier::from_config(&config);
    let check = |input: String| {
        let (w, config, kept, verifier) = (&w, &config, &kept, &verifier);
        async move {
            let issuer = kept
                .current(&w.store, config, std::time::Instant::now())
                .await
                .unwrap();
            portal_core::credentials::verification::verify(
                &mut w.read().await,
                &w.ctx(),
                &issuer,
                verifier,
                input.as_bytes(),
            )
            .await
            .unwrap()
        }
    };
    let amina = w.person("AMM-26-000001").await;
    let first = load_issuer(&w, &config).await;
    let credential = w
        .credentials(&first)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let qr = qr_payload(&credential);
    for _ in 0..3 {
        assert!(check(qr.clone()).await.verified);
    }
    assert_eq!(
        verifier.statuses.times_decoded(),
        1,
        "decoded once, then kept"
    );

    let change = |action, reason| {
        let (w, first, id) = (&w, &first, credential.id);
        async move {
            w.credentials(first)
                .change_status(&w.cast.jonas, id, None, action, reason)
                .await
                .unwrap();
        }
    };
    change(StatusAction::Suspend, StatusReason::UnderReview).await;
    assert_eq!(codes(&check(qr.clone()).await), [ReasonCode::Suspended]);
    change(StatusAction::Unsuspend, StatusReason::Other).await;
    assert!(check(qr.clone()).await.verified);
    assert_eq!(verifier.statuses.times_decoded(), 3);

    // A new key signs from now on; the old one, retired, fails at once.
    w.advance(Duration::minutes(1));
    let old_kid = first.active_kid().unwrap().to_owned();
    let mut tx = w.begin().await;
    let new_kid = Issuer::rotate(&mut tx, &w.ctx(), &config, Actor::System)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let issuer = kept
        .current(&w.store, &config, std::time::Instant::now())
        .await
        .unwrap();
    assert_eq!(issuer.active_kid(), Some(new_kid.as_str()));
    assert!(check(qr.clone()).await.verified);
    let mut tx = w.begin().await;
    Issuer::retire(&mut tx, &w.ctx(), &old_kid, Actor::System)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(codes(&check(qr.clone()).await), [ReasonCode::KeyRetired]);

    // Checking as the verify endpoint does: while the counts read last are fresh and this
    // process wrote nothing, no query; a revocation by another instance (its own store on the
    // same database) counts once they are older than FRESH_FOR.
    let khaled = w.person("AMM-26-000002").await;
    let fresh = w
        .credentials(&issuer)
        .obtain(khaled.id, CredentialKind::Registration)
        .await
        .unwrap();
    let fresh_qr = qr_payload(&fresh);
    let start = std::time::Instant::now();
    let check_at = |at: std::time::Instant| {
        let (w, config, kept, verifier, input) = (&w, &config, &kept, &verifier, &fresh_qr);
        async move {
            let (issuer, counts) = kept.for_checking(&w.store, config, at).await.unwrap();
            portal_core::credentials::verification::verify_as_of(
                &w.store,
                &w.ctx(),
                &issuer,
                counts,
                verifier,
                input.as_bytes(),
            )
            .await
            .unwrap()
        }
    };
    let first_check = check_at(start).await;
    assert!(first_check.verified, "{:?}", codes(&first_check));
    let other_instance = w.db.open().await;
    revoke_through(&other_instance, &w, fresh.id).await;
    assert!(
        check_at(start).await.verified,
        "within FRESH_FOR the counts read last stand: nothing was asked"
    );
    let later = start + issuers::FRESH_FOR;
    assert_eq!(codes(&check_at(later).await), [ReasonCode::Revoked]);
    // A change this process makes counts at once, fresh or not.
    revoke_through(&w.store, &w, credential.id).await;
    let (_, counts) = kept.for_checking(&w.store, &config, later).await.unwrap();
    assert_eq!(
        counts,
        portal_storage::changes::read(&mut w.read().await)
            .await
            .unwrap()
    );
}

/// Revokes credential `id` as Jonas, committed through `store`.
async fn revoke_through(store: &portal_storage::Store, w: &World, id: uuid::Uuid) {
    let mut tx = store.begin().await.unwrap();
    portal_core::credentials::status::change(
        &mut tx,
        &w.ctx(),
        &w.cast.jonas,
        id,
        None,
        StatusAction::Revoke,
        StatusReason::RecordError,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

/// Before deployments served the portal's context, credentials named a placeholder URL on a
/// domain nobody serves. Those credentials (and QR codes printed from them) keep verifying;
/// a credential that names another deployment's context in this issuer's name does not.
async fn credentials_naming_the_old_placeholder_context_still_verify(backend: Backend) {
    let (w, config) = world(backend).await;
    let issuer = load_issuer(&w, &config).await;
    let amina = w.person("AMM-26-000001").await;
    let current = w
        .credentials(&issuer)
        .obtain(amina.id, CredentialKind::Registration)
        .await
        .unwrap();
    let mut unsigned: Value =
        serde_json::from_str(current.document_rdfc.as_deref().unwrap()).unwrap();
    unsigned.as_object_mut().unwrap().remove("proof");
    let signer = issuer.signer().unwrap();
    let named = |context: &str| {
        let mut document = unsigned.clone();
        document["@context"][1] = json!(context);
        document
    };
    let old = named(portal_credentials::model::LEGACY_PORTAL_CONTEXT_URL);
    let rdfc = portal_credentials::rdfc::sign(
        &old,
        &signer,
        w.now(),
        &portal_credentials::rdfc::Contexts::portal(),
    )
    .unwrap();
    let jcs = jcs::sign(&old, &signer, w.now()).unwrap();
    for (form, input) in [
        ("rdfc", rdfc.to_string()),
        ("jcs", jcs.to_string()),
        ("qr", qr::encode_credential_json(&jcs).unwrap()),
    ] {
        let result = verify(&w, &config, input.as_bytes()).await;
        assert!(result.verified, "{form}: {:?}", result.reasons);
    }
    // The served URL and the placeholder sign the same canonical form: one signature, both.
    let mut renamed = rdfc.clone();
    renamed["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://portal.agency.example/ns/credentials/v1"
    ]);
    assert!(
        verify(&w, &config, renamed.to_string().as_bytes())
            .await
            .verified
    );
    // Another deployment's context, in this issuer's credential, is not the portal's.
    let foreign = named("https://other.example/ns/credentials/v1");
    let foreign = jcs::sign(&foreign, &signer, w.now()).unwrap();
    let result = verify(&w, &config, foreign.to_string().as_bytes()).await;
    assert!(!result.verified);
    assert_eq!(
        codes(&result),
        vec![ReasonCode::Malformed],
        "{:?}",
        result.reasons
    );
}
