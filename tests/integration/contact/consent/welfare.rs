//! Declines and welfare messages: a decline without a message changes nothing the
//! requester sees; the preset message shows at once; the sought person's own words only
//! once a caseworker releases them, never if withheld, and never to a request flagged as
//! hostile.

use crate::support::factory::case::{Case, REQUESTER_EMAIL, SOUGHT_EMAIL, delivered_to, refuse};
use peyvand::domain::contact::consent::Decision;
use peyvand::ids::MatchId;
use peyvand::services::contact::consent::{self as flow, FlowProblem, SoughtPage, WelfareChoice};
use peyvand::services::contact::intake::RequestStatus;
use peyvand::services::contact::requester_view::RequesterView;
use peyvand::services::contact::review;

/// Verified, asked at 1 h, declined at 2 h with `welfare`; returns the match and the view
/// the requester had before anything happened.
async fn declined(case: &Case, welfare: WelfareChoice) -> (MatchId, RequesterView) {
    let before = case.view(case.at(5)).await;
    let (m, token) = case.answered(&refuse(Decision::Decline, welfare)).await;
    assert_eq!(case.state(m).await, "closed");
    assert!(matches!(
        case.page(&token, case.at(2)).await,
        None | Some(SoughtPage::Ended)
    ));
    (m, before)
}

#[rocket::async_test]
async fn a_decline_without_a_message_changes_nothing_the_requester_sees() {
    let case = Case::new().await;
    let (m, before) = declined(&case, WelfareChoice::None).await;
    case.tick(case.at(3)).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}")
    );
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "nothing to release"
    );
    assert!(delivered_to(&case.app, REQUESTER_EMAIL).await.is_empty());
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_decline_with_the_preset_message_shows_it_at_once() {
    let case = Case::new().await;
    declined(&case, WelfareChoice::Preset).await;
    let view = case.view(case.at(3)).await;
    assert!(matches!(view.status, RequestStatus::InProgress { .. }));
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert_eq!(
        (n.kind.as_str(), n.preset, n.text.as_deref(), n.match_id),
        ("welfare", true, None, None)
    );
    assert_eq!(n.person, "Mohamadreza Husseini");
    assert!(n.thread.is_none());
    assert!(!format!("{view:?}").contains(SOUGHT_EMAIL));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn an_own_welfare_text_appears_only_once_a_caseworker_releases_it() {
    let case = Case::new().await;
    let text = "I am well and safe. Please do not look for me.";
    let (m, before) = declined(&case, WelfareChoice::Own(text.into())).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "nothing shows before the review"
    );
    let view = case.case_view(&case.a, m, case.at(3)).await;
    assert!(view.welfare_pending);
    assert_eq!(view.consents[0].welfare.as_str(), "pending");
    assert_eq!(view.consents[0].welfare_text.as_deref(), Some(text));
    flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
        .await
        .unwrap()
        .unwrap();
    let view = case.view(case.at(5)).await;
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert_eq!(
        (n.kind.as_str(), n.preset, n.text.as_deref()),
        ("welfare", false, Some(text))
    );
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.b.id, m, false, case.at(6))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "reviewed once"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_withheld_welfare_text_never_appears() {
    let case = Case::new().await;
    let text = "Tell them I said nothing.";
    let (m, before) = declined(&case, WelfareChoice::Own(text.into())).await;
    flow::review_welfare(&case.app.ctx, case.a.id, m, false, case.at(4))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.b.id, m, true, case.at(5))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "a withheld text cannot be released later"
    );
    case.tick(case.at(6)).await;
    let view = case.view(case.at(5)).await;
    assert_eq!(format!("{view:?}"), format!("{before:?}"));
    assert!(!format!("{view:?}").contains(text));
    let view = case.case_view(&case.a, m, case.at(6)).await;
    assert!(!view.welfare_pending);
    assert_eq!(view.consents[0].welfare.as_str(), "withheld");
    assert_eq!(view.consents[0].welfare_text, None);
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_welfare_message_never_reaches_a_request_flagged_as_hostile() {
    // The preset message, released at once otherwise.
    let case = Case::new().await;
    let before = case.view(case.at(5)).await;
    let (m, token) = case.asked().await;
    review::flag(
        &case.app.ctx,
        case.b.id,
        case.request,
        true,
        "same network as known recruiters",
        case.at(1),
    )
    .await
    .unwrap();
    case.answer(
        &token,
        &refuse(Decision::Decline, WelfareChoice::Preset),
        case.at(2),
    )
    .await;
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "nothing tells a suspected hostile requester that the person was found"
    );
    case.assert_audit_chain_intact().await;

    // Their own words, reviewed by a caseworker.
    let case = Case::new().await;
    let text = "I am well. Please do not look for me.";
    let (m, _) = case
        .answered(&refuse(Decision::Decline, WelfareChoice::Own(text.into())))
        .await;
    let before = case.view(case.at(5)).await;
    review::flag(
        &case.app.ctx,
        case.b.id,
        case.request,
        true,
        "same network as known recruiters",
        case.at(3),
    )
    .await
    .unwrap();
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
            .await
            .unwrap(),
        Err(FlowProblem::Flagged)
    );
    let view = case.view(case.at(5)).await;
    assert_eq!(format!("{view:?}"), format!("{before:?}"));
    assert!(!format!("{view:?}").contains(text));
    // Withholding stays possible.
    flow::review_welfare(&case.app.ctx, case.a.id, m, false, case.at(4))
        .await
        .unwrap()
        .unwrap();
    case.assert_audit_chain_intact().await;
}
