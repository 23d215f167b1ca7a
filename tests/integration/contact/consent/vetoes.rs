//! "Never from this person" and blocking on withdrawal: the deny rule lands on the
//! registration, the matcher applies it to new requests by the same name or address (not
//! to anyone else), and a match verified before it is never asked.

use crate::support::factory::case::{
    Case, REQUESTER_EMAIL, REQUESTER_NAME, SOUGHT_EMAIL, delivered_to, link_token, refuse, relay,
};
use peyvand::domain::contact::consent::Decision;
use peyvand::entities::registration;
use peyvand::services::contact::consent::{self as flow, FlowProblem, WelfareChoice};
use peyvand::services::contact::intake;
use peyvand::services::contact::review::DecisionProblem;
use sea_orm::EntityTrait;

#[rocket::async_test]
async fn never_from_this_person_adds_a_deny_rule_the_matcher_applies() {
    let case = Case::new().await;
    let app = &case.app;
    let before = case.view(case.at(5)).await;
    let (m, _) = case
        .answered(&refuse(Decision::Never, WelfareChoice::None))
        .await;
    assert_eq!(case.state(m).await, "closed");
    let reg = registration::Entity::find_by_id(case.registration)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let details = intake::open_registration(&app.ctx, &reg).unwrap();
    assert_eq!(details.rules.deny_names, [REQUESTER_NAME]);
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "silent for the requester"
    );

    // A new request from the same name for the same person cannot be linked to it.
    let again = case
        .another_request(REQUESTER_NAME, "leila.other@example.org")
        .await;
    assert_eq!(
        case.link(&case.b, &again, case.at(3)).await,
        Err(DecisionProblem::NotACandidate)
    );
    // Nor one from the same address under another name.
    let alias = case
        .another_request("L. Karimi-Ahmadi", REQUESTER_EMAIL)
        .await;
    assert_eq!(
        case.link(&case.b, &alias, case.at(3)).await,
        Err(DecisionProblem::NotACandidate)
    );
    // Someone else still can.
    let other = case
        .another_request("Dariush Karimi", "dariush@example.org")
        .await;
    assert!(case.link(&case.b, &other, case.at(3)).await.is_ok());
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn never_from_this_person_also_stops_a_match_verified_before_it() {
    let case = Case::new().await;
    let app = &case.app;
    // The same requester (by name) filed twice; both requests were linked.
    let again = case
        .another_request(REQUESTER_NAME, "leila.other@example.org")
        .await;
    let m = case.verify(case.at(1)).await;
    let m2 = case.link(&case.b, &again, case.at(1)).await.unwrap();
    let token = case.ask(m, case.at(1)).await;
    case.answer(
        &token,
        &refuse(Decision::Never, WelfareChoice::None),
        case.at(2),
    )
    .await;
    let emails = delivered_to(app, SOUGHT_EMAIL).await.len();
    assert_eq!(
        flow::ask(&app.ctx, case.b.id, m2, case.at(3))
            .await
            .unwrap(),
        Err(FlowProblem::Vetoed)
    );
    assert_eq!(case.state(m2).await, "verified");
    assert_eq!(
        delivered_to(app, SOUGHT_EMAIL).await.len(),
        emails,
        "not asked again by the person they refused"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_sought_person_who_withdraws_and_blocks_is_never_offered_to_that_requester_again() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    assert!(
        flow::sought_withdraws(&app.ctx, &link_token(&token), true, case.at(10))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    let again = case
        .another_request(REQUESTER_NAME, "leila.again@example.org")
        .await;
    assert_eq!(
        case.link(&case.a, &again, case.at(11)).await,
        Err(DecisionProblem::NotACandidate)
    );
    assert!(case.view(case.at(11)).await.notices.is_empty());
    case.assert_audit_chain_intact().await;
}
