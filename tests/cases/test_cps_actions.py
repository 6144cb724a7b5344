"""The officer's side of a CPS decision: the decision on the file's CPS page, and an
action plan (further evidence for a charging decision, or more information for an initial
review) as tasks on the home page, each marked done."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.worklists import worklist_items
from cases.constants import Decider
from cases.cps import services as services_cps
from cases.cps.worklists import OFFICER_CPS_ACTIONS, SUPERVISOR_READY_FOR_CPS
from cases.models import CaseStatus, CpsAction, CpsDecision, DecisionOutcome
from tests.cases.factories_cps import (  # noqa: F401 - fixtures
    approved_case_file,
    cps_lawyer_fixture,
    decided_case_file,
    sent_case_file,
)
from tests.factories import UserFactory


def today():
    return timezone.localdate()


@pytest.fixture(params=[DecisionOutcome.FURTHER_EVIDENCE, DecisionOutcome.MORE_INFORMATION])
def plan(request, officer, cps_lawyer):
    """A file with an action plan: a charging decision's further evidence, or an initial
    review's more information (each test runs with both)."""
    return decided_case_file(officer_in_case=officer, lawyer=cps_lawyer, outcome=request.param,
                             actions=[
                                 ("Statement from the second witness",
                                  today() + timedelta(days=10)),
                                 ("Obtain the CCTV", today() - timedelta(days=1)),
                             ])


def done_url(action):
    return reverse("cases:cps_action_done", args=[action.decision.case_id, action.pk])


def officer_tasks(officer):
    return worklist_items(Role.OFFICER, OFFICER_CPS_ACTIONS, officer)


# --- The decision on the file's page -----------------------------------------------------

def test_the_officer_sees_the_charges_on_the_files_cps_page(officer_client, officer,
                                                            cps_lawyer):
    case = sent_case_file(officer_in_case=officer, charged_by=Decider.CPS)
    charged = case.suspects.get().offences.get()
    services_cps.case_record_decision(
        acting_user=cps_lawyer, case=case, outcome=DecisionOutcome.CHARGE,
        charges=[{"cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
                  "wording": "Stole two bottles of gin", "suspect_id": charged.suspect_id}])
    page = officer_client.get(reverse("cases:cps_file", args=[case.pk]))
    assert page.status_code == 200
    assert b"Stole two bottles of gin" in page.content
    assert b"Charge" in page.content


def test_the_action_plan_is_on_the_files_cps_page(officer_client, plan):
    page = officer_client.get(reverse("cases:cps_file", args=[plan.pk]))
    content = page.content.decode()
    assert "Obtain the CCTV" in content
    assert "Overdue" in content
    assert content.count("Mark as done") == 2


# --- Tasks on the officer's home page ----------------------------------------------------

def test_open_actions_are_the_officers_tasks_soonest_first(officer, plan):
    items = officer_tasks(officer)
    assert [item.title.split(" – ")[1] for item in items] == [
        "Obtain the CCTV", "Statement from the second witness"]
    assert items[0].overdue and not items[1].overdue
    assert items[0].url == reverse("cases:cps_file", args=[plan.pk]) + "#actions"


def test_each_task_says_what_the_cps_needs_it_for(officer, plan):
    detail = officer_tasks(officer)[0].detail
    if plan.decisions.get().outcome == DecisionOutcome.MORE_INFORMATION:
        assert detail == "More information for the CPS's review"
    else:
        assert detail == "Further evidence for the CPS"


def test_another_officers_actions_are_not_listed(home_force, plan):
    colleague = UserFactory(username="pc_colleague", force=home_force, roles=[Role.OFFICER])
    assert officer_tasks(colleague) == []


def test_done_actions_leave_the_list(officer_client, officer, plan):
    action = CpsAction.objects.get(description="Obtain the CCTV")
    officer_client.post(done_url(action))
    assert [item.title.split(" – ")[1] for item in officer_tasks(officer)] == [
        "Statement from the second witness"]


def test_the_task_list_costs_the_same_with_many_actions(officer, cps_lawyer):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            officer_tasks(officer)
        return len(captured)

    decided_case_file(officer_in_case=officer, lawyer=cps_lawyer,
                      actions=[("One", today())])
    few = queries()
    for _ in range(5):
        decided_case_file(officer_in_case=officer, lawyer=cps_lawyer,
                          actions=[(f"Action {n}", today()) for n in range(3)])
    assert queries() == few == 1


# --- Marking an action done --------------------------------------------------------------

def test_marking_an_action_done(officer_client, officer, plan):
    action = CpsAction.objects.get(description="Obtain the CCTV")
    response = officer_client.post(done_url(action))
    assert response["Location"] == reverse("cases:cps_file", args=[plan.pk]) + "#actions"
    action.refresh_from_db()
    assert action.done_at is not None
    assert action.done_by == officer
    event = AuditEvent.objects.get(action="cases.cps_action.done")
    assert event.object_id == str(plan.pk)
    assert event.details == {"action": action.pk, "decision": action.decision_id}


def test_marking_an_action_done_twice_changes_nothing(officer_client, plan):
    action = CpsAction.objects.get(description="Obtain the CCTV")
    officer_client.post(done_url(action))
    first = CpsAction.objects.get(pk=action.pk).done_at
    officer_client.post(done_url(action))
    assert CpsAction.objects.get(pk=action.pk).done_at == first
    assert AuditEvent.objects.filter(action="cases.cps_action.done").count() == 1


@pytest.mark.parametrize("who", ["supervisor", "outsider", "cps_lawyer"])
def test_only_the_officer_in_the_case_marks_actions_done(client, request, plan, who):
    client.force_login(request.getfixturevalue(who))
    action = CpsAction.objects.get(description="Obtain the CCTV")
    assert client.post(done_url(action)).status_code == 404
    assert CpsAction.objects.get(pk=action.pk).done_at is None


def test_an_action_of_another_file_is_not_found(officer_client, officer, cps_lawyer, plan):
    other = decided_case_file(officer_in_case=officer, lawyer=cps_lawyer,
                              actions=[("Elsewhere", today())])
    foreign = CpsAction.objects.get(decision__case=other)
    url = reverse("cases:cps_action_done", args=[plan.pk, foreign.pk])
    assert officer_client.post(url).status_code == 404


def test_marking_done_is_a_post(officer_client, plan):
    action = CpsAction.objects.get(description="Obtain the CCTV")
    assert officer_client.get(done_url(action)).status_code == 405


# --- The supervisor's list of files to send ----------------------------------------------

def test_the_supervisor_lists_the_forces_approved_files(supervisor, officer, outsider):
    approved = approved_case_file(officer_in_case=officer)
    sent_case_file(officer_in_case=officer)
    items = worklist_items(Role.FILE_SUPERVISOR, SUPERVISOR_READY_FOR_CPS, supervisor)
    assert [item.url for item in items] == [reverse("cases:cps_send", args=[approved.pk])]
    assert worklist_items(Role.FILE_SUPERVISOR, SUPERVISOR_READY_FOR_CPS,
                          UserFactory(username="ds_nowhere", force=None,
                                      roles=[Role.FILE_SUPERVISOR])) == []


def test_further_evidence_keeps_the_file_decided_and_takes_no_second_decision(
        cps_lawyer, officer):
    """Further evidence keeps the file decided: the plan is the officer's, not a return."""
    case = sent_case_file(officer_in_case=officer, charged_by=Decider.CPS)
    services_cps.case_record_decision(acting_user=cps_lawyer, case=case,
                                      outcome=DecisionOutcome.FURTHER_EVIDENCE,
                                      actions=[("CCTV", today())])
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert CpsDecision.objects.get().actions.count() == 1
    with pytest.raises(services_cps.CannotDecide):
        services_cps.case_record_decision(acting_user=cps_lawyer, case=case,
                                          outcome=DecisionOutcome.NO_FURTHER_ACTION,
                                          reason="Changed my mind")


@pytest.mark.parametrize(("outcome", "parts"), [
    (DecisionOutcome.CHARGE, {}),
    (DecisionOutcome.CHARGE, {"charges": [{"cjs_code": "TH68010", "wording": ""}]}),
    (DecisionOutcome.NO_FURTHER_ACTION, {"reason": "   "}),
    (DecisionOutcome.FURTHER_EVIDENCE, {}),
    (DecisionOutcome.FURTHER_EVIDENCE, {"actions": [("", today())]}),
])
def test_the_service_refuses_a_decision_without_its_part(cps_lawyer, officer, outcome, parts):
    case = sent_case_file(officer_in_case=officer, charged_by=Decider.CPS)
    with pytest.raises(services_cps.DecisionIncomplete):
        services_cps.case_record_decision(acting_user=cps_lawyer, case=case, outcome=outcome,
                                          **parts)
    assert not CpsDecision.objects.exists()


def test_the_files_cps_page_costs_the_same_with_many_actions(officer_client, officer,
                                                             cps_lawyer):
    def queries(case):
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(reverse("cases:cps_file", args=[case.pk])).status_code \
                == 200
        return len(captured)

    one = decided_case_file(officer_in_case=officer, lawyer=cps_lawyer,
                            actions=[("One", today())])
    many = decided_case_file(officer_in_case=officer, lawyer=cps_lawyer,
                             actions=[(f"Action {n}", today()) for n in range(15)])
    CpsAction.objects.filter(decision__case=many, description__endswith="3").update(
        done_at=timezone.now(), done_by=officer)
    queries(one)  # the session's first page costs more
    assert queries(many) == queries(one)
