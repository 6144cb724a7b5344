"""The CPS's initial review of a file the police charged: what the lawyer is offered (a
review, never a charging decision, and the other way round for a file the CPS charges),
each outcome through the lawyer's form and the officer's page, and the words each side
sees."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.notifications.models import Notification
from athena.worklists import worklist_items
from cases.constants import Decider
from cases.cps import services as services_cps
from cases.cps.worklists import OFFICER_CPS_ACTIONS
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseStatus,
    CpsDecision,
    DecisionOutcome,
)
from tests.cases.factories import ChargedOffenceFactory
from tests.cases.factories_cps import (  # noqa: F401 - fixtures
    cps_lawyer_fixture,
    lawyer_client_fixture,
    sent_case_file,
)
from tests.offences.factories import OffenceFactory

REVIEW_OUTCOMES = ["proceed", "proceed_amended", "more_information", "discontinue"]
CHARGING_OUTCOMES = ["charge", "nfa", "further_evidence"]


@pytest.fixture
def police_charged(officer, supervisor):
    """A file the police charged (a summary-only offence), sent to the CPS."""
    return sent_case_file(officer_in_case=officer, approved_by=supervisor, sent_by=supervisor)


@pytest.fixture
def cps_charged(officer, supervisor):
    return sent_case_file(officer_in_case=officer, approved_by=supervisor, sent_by=supervisor,
                          charged_by=Decider.CPS)


@pytest.fixture
def officers_browser(officer):
    browser = Client()
    browser.force_login(officer)
    return browser


def decide_url(case):
    return reverse("cases:cps_decide", args=[case.pk])


def review_url(case):
    return reverse("cases:cps_review", args=[case.pk])


def officers_page(browser, case):
    page = browser.get(reverse("cases:cps_file", args=[case.pk]))
    assert page.status_code == 200
    return page.content.decode()


def the_offence(case):
    return case.suspects.get().offences.get()


def police_wording(charged):
    """The charge as the police laid it: its wording, or the offence's title without one."""
    return charged.wording or charged.offence.title


def in_a_week():
    return (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y")


def radios(content):
    return {value for value in REVIEW_OUTCOMES + CHARGING_OUTCOMES
            if f'name="outcome" type="radio" value="{value}"' in content}


# --- What each file is offered -----------------------------------------------------------

def test_a_police_charged_file_is_offered_an_initial_review(lawyer_client, police_charged):
    file_page = lawyer_client.get(review_url(police_charged)).content.decode()
    assert "Record the initial review" in file_page
    assert "Record the charging decision" not in file_page
    form_page = lawyer_client.get(decide_url(police_charged)).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Initial review</h1>" in form_page
    assert radios(form_page) == set(REVIEW_OUTCOMES)


def test_a_cps_charged_file_is_offered_a_charging_decision(lawyer_client, cps_charged):
    file_page = lawyer_client.get(review_url(cps_charged)).content.decode()
    assert "Record the charging decision" in file_page
    assert "Record the initial review" not in file_page
    form_page = lawyer_client.get(decide_url(cps_charged)).content.decode()
    assert radios(form_page) == set(CHARGING_OUTCOMES)


@pytest.mark.parametrize("outcome", CHARGING_OUTCOMES)
def test_a_police_charged_file_never_takes_a_charging_decision(lawyer_client, police_charged,
                                                               outcome):
    charged = the_offence(police_charged)
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": outcome, f"charge_{charged.pk}": "on", f"wording_{charged.pk}": "Stole gin",
        "nfa_reason": "No case", "action_1_description": "CCTV", "action_1_due": in_a_week()})
    assert response.status_code == 200
    assert b"Choose the outcome of your review" in response.content
    assert not CpsDecision.objects.exists()
    with pytest.raises(services_cps.CannotDecide, match="needs an initial review"):
        services_cps.case_record_decision(
            acting_user=response.wsgi_request.user, case=police_charged,
            outcome=DecisionOutcome.NO_FURTHER_ACTION, reason="No case")
    assert CaseFile.objects.get(pk=police_charged.pk).status == CaseStatus.SENT_TO_CPS


@pytest.mark.parametrize("outcome", REVIEW_OUTCOMES)
def test_a_cps_charged_file_is_never_reviewed(lawyer_client, cps_lawyer, cps_charged, outcome):
    response = lawyer_client.post(decide_url(cps_charged), {
        "outcome": outcome, "discontinue_reason": "No case", "action_1_description": "CCTV",
        "action_1_due": in_a_week()})
    assert response.status_code == 200
    assert b"Choose the charging decision" in response.content
    assert not CpsDecision.objects.exists()
    with pytest.raises(services_cps.CannotDecide, match="needs a charging decision"):
        services_cps.case_record_initial_review(
            acting_user=cps_lawyer, case=cps_charged, outcome=DecisionOutcome.DISCONTINUE,
            reason="No case")
    assert CaseFile.objects.get(pk=cps_charged.pk).status == CaseStatus.SENT_TO_CPS


def test_the_service_refuses_a_charging_outcome_as_a_review(cps_lawyer, police_charged):
    with pytest.raises(services_cps.DecisionIncomplete):
        services_cps.case_record_initial_review(acting_user=cps_lawyer, case=police_charged,
                                                outcome=DecisionOutcome.NO_FURTHER_ACTION,
                                                reason="No case")
    assert not CpsDecision.objects.exists()


# --- Proceed -----------------------------------------------------------------------------

def test_proceeding_on_the_charges_as_they_are(lawyer_client, cps_lawyer, police_charged,
                                               officer, supervisor, officers_browser):
    charged = the_offence(police_charged)
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "proceed", "proceed_note": "Serve the CCTV before the hearing."})

    assert response["Location"] == review_url(police_charged)
    decision = CpsDecision.objects.get()
    assert decision.outcome == DecisionOutcome.PROCEED
    assert decision.decided_by == cps_lawyer
    assert decision.reason == "Serve the CCTV before the hearing."
    assert decision.charges == [{
        "cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
        "wording": police_wording(charged), "suspect_id": charged.suspect_id,
        "charged_offence_id": charged.pk, "change": "unchanged"}]
    assert decision.dropped_charges == []
    police_charged.refresh_from_db()
    assert police_charged.status == CaseStatus.DECIDED
    event = CaseEvent.objects.get(case=police_charged, kind=CaseEventKind.CPS_REVIEWED)
    assert event.actor == cps_lawyer
    assert event.details["outcome"] == "proceed"
    assert AuditEvent.objects.filter(action="cases.case.reviewed",
                                     object_id=str(police_charged.pk)).exists()
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {officer.username, supervisor.username}
    name = police_charged.suspects.get().person.full_name
    for notification in Notification.objects.all():
        assert notification.title == f"CPS initial review of {police_charged.urn}: proceed on " \
                                     "the charges"
        assert notification.body == "Proceed on 1 charge as charged."
        assert name not in notification.title + notification.body
    content = officers_page(officers_browser, police_charged)
    assert "The CPS's initial review" in content
    assert "will go ahead on the charges as the police laid them" in content
    assert "Serve the CCTV before the hearing." in content
    assert "charging decision" not in content.lower()


def test_the_review_is_in_the_files_history_in_its_own_words(lawyer_client, police_charged,
                                                             officers_browser):
    lawyer_client.post(decide_url(police_charged), {"outcome": "proceed"})
    history = officers_browser.get(reverse("cases:history", args=[police_charged.pk]))
    assert b"CPS initial review" in history.content
    assert b"CPS charging decision" not in history.content


def test_the_lawyer_sees_the_recorded_review(lawyer_client, police_charged):
    response = lawyer_client.post(decide_url(police_charged), {"outcome": "proceed"},
                                  follow=True)
    content = response.content.decode()
    assert f"The initial review of {police_charged.urn} is recorded." in content
    assert '<h2 class="govuk-heading-m" id="decision">Initial review</h2>' in content
    assert "Record the initial review" not in content


# --- Proceed on amended charges ----------------------------------------------------------

@pytest.fixture
def two_charges(police_charged):
    """The police-charged file with a second summary-only charge."""
    ChargedOffenceFactory(suspect=police_charged.suspects.get(), wording="Damaged a door",
                          offence=OffenceFactory(category="CS", title="Criminal damage"))
    return police_charged


def test_proceeding_on_amended_charges(lawyer_client, two_charges, officers_browser):
    first, second = two_charges.suspects.get().offences.order_by("pk")
    OffenceFactory(cjs_code="PU86001", title="Threatening behaviour", category="CS")
    lawyer_client.post(decide_url(two_charges), {
        "outcome": "proceed_amended",
        f"wording_{first.pk}": "On 19/11/2026 at Chelmsford stole two bottles of gin",
        f"wording_{second.pk}": "Damaged a door", f"drop_{second.pk}": "on",
        "code_1": "PU86001", "code_wording_1": "",
        "amend_note": "The damage is not made out on the statements."})

    decision = CpsDecision.objects.get()
    assert decision.outcome == DecisionOutcome.PROCEED_AMENDED
    assert [(c["cjs_code"], c["wording"], c["change"]) for c in decision.charges] == [
        (first.offence.cjs_code, "On 19/11/2026 at Chelmsford stole two bottles of gin",
         "amended"),
        ("PU86001", "Threatening behaviour", "added")]
    assert [c["cjs_code"] for c in decision.dropped_charges] == [second.offence.cjs_code]
    assert Notification.objects.filter(
        body="Proceed on amended charges: 1 amended, 1 added, 1 dropped.").exists()
    content = officers_page(officers_browser, two_charges)
    assert "will go ahead on the charges as it amended them" in content
    assert "Wording amended by the CPS" in content
    assert "Added by the CPS" in content
    assert "Charges dropped" in content
    assert "The damage is not made out on the statements." in content
    assert "charging decision" not in content.lower()


def test_amended_charges_must_change_something(lawyer_client, police_charged):
    charged = the_offence(police_charged)
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "proceed_amended",
        # The same words, spaced and broken differently, are no amendment.
        f"wording_{charged.pk}": "  " + police_wording(charged).replace(" ", "\r\n  ", 1)})
    assert response.status_code == 200
    assert b"Change the wording of a charge, drop one or add one" in response.content
    assert b'href="#charges"' in response.content
    assert not CpsDecision.objects.exists()


def test_dropping_every_charge_is_discontinuing(lawyer_client, police_charged):
    charged = the_offence(police_charged)
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "proceed_amended", f"drop_{charged.pk}": "on"})
    assert b"Keep or add at least one charge. To drop every charge, choose to discontinue" \
        in response.content
    assert not CpsDecision.objects.exists()


def test_a_kept_charge_needs_its_wording(lawyer_client, police_charged):
    charged = the_offence(police_charged)
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "proceed_amended", f"wording_{charged.pk}": " "})
    assert b"Enter the wording of the charge of" in response.content
    assert f'href="#field-wording_{charged.pk}"'.encode() in response.content


def test_an_added_charge_needs_a_real_cjs_code(lawyer_client, police_charged):
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "proceed_amended", "code_1": "XX99999", "code_wording_1": "Did something"})
    assert b"There is no criminal offence with the code XX99999" in response.content
    assert b'value="XX99999"' in response.content
    assert not CpsDecision.objects.exists()


def test_add_another_charge_keeps_a_dropped_charge_dropped(lawyer_client, two_charges):
    first, second = two_charges.suspects.get().offences.order_by("pk")
    response = lawyer_client.post(decide_url(two_charges), {
        "outcome": "proceed_amended", f"drop_{second.pk}": "on", "code_rows": "1",
        "add_code_row": "1"})
    content = response.content.decode()
    assert "There is a problem" not in content
    assert f'name="drop_{second.pk}" type="checkbox" value="on" checked' in content
    assert f'name="drop_{first.pk}" type="checkbox" value="on">' in content
    assert 'name="code_2"' in content


# --- More information --------------------------------------------------------------------

def test_asking_for_more_information_makes_the_officers_tasks(lawyer_client, police_charged,
                                                              officer, officers_browser):
    due = timezone.localdate() + timedelta(days=7)
    lawyer_client.post(decide_url(police_charged), {
        "outcome": "more_information", "action_rows": "2",
        "action_1_description": "Statement from the store manager", "action_1_due": in_a_week(),
        "action_2_description": "The till receipt", "action_2_due": due.isoformat(),
        "information_note": "Needed before the first hearing", "discontinue_reason": "no"})

    decision = CpsDecision.objects.get()
    assert decision.outcome == DecisionOutcome.MORE_INFORMATION
    assert decision.reason == "Needed before the first hearing"
    assert list(decision.actions.values_list("description", "due_on")) == [
        ("Statement from the store manager", due), ("The till receipt", due)]
    assert CaseFile.objects.get(pk=police_charged.pk).status == CaseStatus.DECIDED
    assert Notification.objects.filter(
        recipient=officer, body="More information needed: 2 actions for the officer.").exists()
    tasks = worklist_items(Role.OFFICER, OFFICER_CPS_ACTIONS, officer)
    assert [task.detail for task in tasks] == ["More information for the CPS's review"] * 2
    content = officers_page(officers_browser, police_charged)
    assert "The CPS needs this to finish its review before the first hearing." in content
    assert content.count("Mark as done") == 2
    assert "charging decision" not in content.lower()


def test_more_information_needs_an_action(lawyer_client, police_charged):
    response = lawyer_client.post(decide_url(police_charged), {"outcome": "more_information"})
    assert b"Add at least one action for the officer, with the date it is due" \
        in response.content
    assert b'href="#actions"' in response.content
    assert not CpsDecision.objects.exists()


def test_an_information_action_needs_a_due_date_from_today(lawyer_client, police_charged):
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "more_information", "action_1_description": "The till receipt",
        "action_1_due": "01/01/2020"})
    assert b"The due date must be today or later" in response.content
    assert not CpsDecision.objects.exists()


# --- Discontinue -------------------------------------------------------------------------

def test_discontinuing_needs_the_reason(lawyer_client, police_charged):
    response = lawyer_client.post(decide_url(police_charged), {"outcome": "discontinue",
                                                               "discontinue_reason": "  "})
    assert response.status_code == 200
    assert b"Give the reason for discontinuing the case" in response.content
    assert b'href="#field-discontinue_reason"' in response.content
    assert not CpsDecision.objects.exists()


def test_discontinuing_with_the_reason(lawyer_client, police_charged, officers_browser):
    lawyer_client.post(decide_url(police_charged), {
        "outcome": "discontinue",
        "discontinue_reason": "The CCTV does not show the suspect: no realistic prospect."})
    decision = CpsDecision.objects.get()
    assert decision.outcome == DecisionOutcome.DISCONTINUE
    assert decision.charges == [] and not decision.actions.exists()
    assert CaseFile.objects.get(pk=police_charged.pk).status == CaseStatus.DECIDED
    assert Notification.objects.filter(
        title=f"CPS initial review of {police_charged.urn}: discontinue",
        body="Discontinued.").exists()
    content = officers_page(officers_browser, police_charged)
    assert "discontinued the case: the prosecution will not go ahead" in content
    assert "Reason for discontinuing" in content
    assert "The CCTV does not show the suspect: no realistic prospect." in content
    assert "charging decision" not in content.lower()


def test_typing_in_another_outcomes_fields_does_not_block_the_review(lawyer_client,
                                                                     police_charged):
    lawyer_client.post(decide_url(police_charged), {
        "outcome": "discontinue", "discontinue_reason": "Insufficient evidence",
        "code_1": "x" * 20000, "action_1_due": "30/02/2026", "amend_note": "x" * 20000})
    assert CpsDecision.objects.get().outcome == DecisionOutcome.DISCONTINUE


# --- Bad input: the message beside its field, the typing kept -----------------------------

def field_group(content, name):
    """The GOV.UK form group of the field ``name``, up to the next form group."""
    start = content.index(f'id="field-{name}"')
    end = content.find('class="govuk-form-group', start)
    return content[start:end if end != -1 else None]


def _bad_wording(case):
    charged = the_offence(case)
    return ({"outcome": "proceed_amended", f"wording_{charged.pk}": " ",
             "amend_note": "The damage is not made out"},
            f"wording_{charged.pk}", f"Enter the wording of the charge of "
                                     f"{charged.offence.title}, or drop it",
            {"amend_note": "The damage is not made out"})


BAD_INPUT = {
    "due date in the past": lambda case: (
        {"outcome": "more_information", "action_1_description": "The till receipt",
         "action_1_due": "01/01/2020", "information_note": "Before the hearing"},
        "action_1_due", "The due date must be today or later",
        {"action_1_due": "01/01/2020", "action_1_description": "The till receipt",
         "information_note": "Before the hearing"}),
    "due date not a date": lambda case: (
        {"outcome": "more_information", "action_1_description": "The till receipt",
         "action_1_due": "31/02/2027"},
        "action_1_due", "The due date must be a real date, for example 27/11/2026",
        {"action_1_due": "31/02/2027", "action_1_description": "The till receipt"}),
    "action without a description": lambda case: (
        {"outcome": "more_information", "action_1_due": in_a_week()},
        "action_1_description", "Describe what action 1 is", {"action_1_due": in_a_week()}),
    "unknown CJS code": lambda case: (
        {"outcome": "proceed_amended", "code_1": "XX99999", "code_wording_1": "Did a thing"},
        "code_1", "There is no criminal offence with the code XX99999 in the CJS offence list",
        {"code_1": "XX99999", "code_wording_1": "Did a thing"}),
    "kept charge without wording": _bad_wording,
    "reason too long": lambda case: (
        {"outcome": "discontinue", "discontinue_reason": "No case. " + "x" * 10000},
        "discontinue_reason", "Reason for discontinuing must be 10,000 characters or fewer",
        {"discontinue_reason": "No case. " + "x" * 10000}),
}


@pytest.mark.parametrize("bad", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_explained_beside_its_field_with_the_typing_kept(lawyer_client,
                                                                      police_charged, bad):
    data, field, message, kept = bad(police_charged)
    response = lawyer_client.post(decide_url(police_charged), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'<a href="#field-{field}">{message}</a>' in content  # the error summary
    group = field_group(content, field)
    assert "govuk-form-group--error" in content[content.index(f'id="field-{field}"') - 60:
                                                content.index(f'id="field-{field}"')]
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in group
    for name, value in kept.items():
        kept_group = field_group(content, name)
        assert (f'value="{value}"' in kept_group or f">{value}</textarea>" in kept_group), name
    assert f'name="outcome" type="radio" value="{data["outcome"]}" checked' in content
    assert not CpsDecision.objects.exists()


# --- Who, and when -----------------------------------------------------------------------

@pytest.mark.parametrize("who", ["officer", "supervisor", "outsider"])
def test_only_a_cps_lawyer_records_a_review(client, request, police_charged, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(decide_url(police_charged), {"outcome": "proceed"})
    assert response.status_code == 404
    assert not CpsDecision.objects.exists()


def test_a_reviewed_file_cannot_be_reviewed_again(lawyer_client, police_charged):
    lawyer_client.post(decide_url(police_charged), {"outcome": "proceed"})
    response = lawyer_client.post(decide_url(police_charged), {
        "outcome": "discontinue", "discontinue_reason": "Changed my mind"})
    assert response["Location"] == review_url(police_charged)
    assert CpsDecision.objects.count() == 1


@pytest.mark.parametrize("data", [
    {},
    {"outcome": "<script>alert(1)</script>"},
    {"outcome": "discontinue", "discontinue_reason": "x" * 20000},
    {"outcome": "proceed_amended", "code_rows": "99999999999999999999", "code_7": "XX"},
    {"outcome": "proceed_amended", "drop_999999": "on", "wording_999999": "Not this file's"},
    {"outcome": "more_information", "action_rows": "-3", "action_1_due": "99/99/99999",
     "action_1_description": "<script>alert(1)</script>"},
])
def test_hostile_reviews_are_explained_never_an_error(lawyer_client, police_charged, data):
    response = lawyer_client.post(decide_url(police_charged), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert not CpsDecision.objects.exists()
    assert CaseFile.objects.get(pk=police_charged.pk).status == CaseStatus.SENT_TO_CPS


def test_the_file_page_links_to_the_cps_decision_once_reviewed(lawyer_client, police_charged):
    lawyer_client.post(decide_url(police_charged), {"outcome": "proceed"})
    police_charged.refresh_from_db()
    link = render_to_string("cases/cps_link.html", {"case": police_charged})
    assert "See the CPS decision" in link
    assert reverse("cases:cps_file", args=[police_charged.pk]) in link
