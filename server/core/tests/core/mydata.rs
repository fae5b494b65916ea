//! "My data": the export holds what the person may see, and only that, and is audited.

use portal_domain::requests::{FormInput, RequestKind};
use portal_storage::audit;
use portal_testkit::{on_both_backends, Backend, World};
use serde_json::Value;

on_both_backends! {
    the_export_holds_the_record_household_requests_and_log_and_is_audited,
    the_export_leaves_out_needs_not_meant_for_the_person_and_staff_identities,
}

async fn export(w: &World, person: portal_domain::person::PersonId) -> Value {
    let mut tx = w.begin().await;
    let data = portal_core::mydata::gather(&mut tx, &w.ctx(), &w.documents, person)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    data.to_json()
}

async fn the_export_holds_the_record_household_requests_and_log_and_is_audited(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.cast.amina.clone();
    let form = FormInput(
        [("phone".to_owned(), "+962790007777".to_owned())]
            .into_iter()
            .collect(),
    );
    let request = w
        .flow()
        .submit_by_person(amina.id, RequestKind::Contact, &form, &[])
        .await
        .unwrap();
    // A clerk reads her record's history: a line of her access log.
    w.flow()
        .record_history(&w.cast.farida, amina.id)
        .await
        .unwrap();

    let json = export(&w, amina.id).await;
    assert_eq!(json["format"], portal_core::mydata::FORMAT);
    assert_eq!(json["record"]["registrationNumber"], "AMM-26-000001");
    assert_eq!(json["record"]["data"]["given_name"], "Amina");
    let household = json["household"].as_array().unwrap();
    assert_eq!(household.len(), 3, "her husband and children, not herself");
    assert!(household
        .iter()
        .all(|m| m["registrationNumber"] != "AMM-26-000001"));
    let requests = json["requests"].as_array().unwrap();
    let mine = requests
        .iter()
        .find(|r| r["reference"] == request.reference().as_str())
        .expect("her request");
    assert_eq!(mine["status"], "submitted");
    assert_eq!(mine["history"][0]["action"], "submit");
    assert!(json["accessLog"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "person.history" && e["role"] == "clerk"));

    let mut db = w.read().await;
    let head = audit::head(&mut db).await.unwrap();
    let row = audit::row_at(&mut db, head.seq).await.unwrap().unwrap();
    assert_eq!(row.event.action, "data.export");
    assert_eq!(row.event.details["requests"], requests.len());
}

async fn the_export_leaves_out_needs_not_meant_for_the_person_and_staff_identities(
    backend: Backend,
) {
    let w = World::new(backend).await;
    // Fatemeh Karimi's record carries a need the office keeps to itself.
    let fatemeh = w.person("AMM-26-000026").await;
    assert!(!fatemeh.record.specific_needs.is_empty());
    w.flow()
        .record_history(&w.cast.jonas, fatemeh.id)
        .await
        .unwrap();
    let json = export(&w, fatemeh.id).await;
    assert_eq!(
        json["record"]["data"]["specific_needs"],
        serde_json::json!([])
    );
    let text = json.to_string();
    for staff in [&w.cast.jonas, &w.cast.farida] {
        assert!(!text.contains(&staff.account.display_name), "a staff name");
        assert!(!text.contains(&staff.id.0.to_string()), "a staff id");
        assert!(
            !text.contains(staff.account.email.as_str()),
            "a staff address"
        );
    }
}
