"""The CPS side: what a lawyer sees of a file sent to them, the bundle and the DCF, and
the charging decision, on a file the CPS charges, with the part each outcome needs. (The
initial review of a file the police charged is in test_cps_initial_review.py.)"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.notifications.models import Notification
from cases.constants import Decider
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseFile,
    CaseSection,
    CaseStatus,
    CpsAction,
    CpsDecision,
    CpsHandover,
)
from tests.cases.factories import ChargedOffenceFactory, SuspectFactory
from tests.cases.factories_cps import (  # noqa: F401 - fixtures
    approved_case_file,
    cps_lawyer_fixture,
    lawyer_client_fixture,
    sent_case_file,
)
from tests.factories import UserFactory, kent
from tests.offences.factories import OffenceFactory


@pytest.fixture
def sent(officer, supervisor):
    """A file the CPS charges, sent for its charging decision."""
    return sent_case_file(officer_in_case=officer, approved_by=supervisor, sent_by=supervisor,
                          charged_by=Decider.CPS)


def decide_url(case):
    return reverse("cases:cps_decide", args=[case.pk])


def review_url(case):
    return reverse("cases:cps_review", args=[case.pk])


def the_offence(case):
    return case.suspects.get().offences.get()


def in_a_week():
    return (timezone.localdate() + timedelta(days=7)).strftime("%d/%m/%Y")


# --- What a lawyer sees ------------------------------------------------------------------

def test_a_lawyer_reads_the_sent_file(lawyer_client, sent):
    page = lawyer_client.get(review_url(sent))
    assert page.status_code == 200
    content = page.content.decode()
    assert sent.urn in content
    assert sent.suspects.get().person.full_name in content
    assert "He said he forgot to pay." in content  # the case summary, read-only
    assert "Alex Turner" in content  # the witness statement
    assert "schemaVersion" in content  # the DCF as sent
    assert "<textarea" not in content and "<form" not in content.split("</header>")[1]
    assert AuditEvent.objects.filter(action="cases.case.viewed",
                                     object_id=str(sent.pk)).exists()


def test_a_lawyer_sees_files_of_every_force_once_sent(lawyer_client):
    kent_officer = UserFactory(username="pc_kent", force=kent(), roles=[Role.OFFICER])
    kent_file = sent_case_file(force=kent(), officer_in_case=kent_officer)
    assert lawyer_client.get(review_url(kent_file)).status_code == 200


@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.SUBMITTED,
                                    CaseStatus.RETURNED, CaseStatus.APPROVED])
def test_a_lawyer_does_not_see_a_file_before_it_is_sent(lawyer_client, officer, status):
    case = approved_case_file(officer_in_case=officer)
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    assert lawyer_client.get(review_url(case)).status_code == 404
    assert lawyer_client.get(decide_url(case)).status_code == 404


def test_the_lawyers_list_shows_files_awaiting_a_decision(lawyer_client, sent, officer):
    draft = approved_case_file(officer_in_case=officer)
    CaseFile.objects.filter(pk=draft.pk).update(status=CaseStatus.DRAFT)
    page = lawyer_client.get(reverse("cases:cps_index"))
    assert page.status_code == 200
    assert review_url(sent).encode() in page.content
    assert draft.urn.encode() not in page.content


def test_files_awaiting_a_decision_come_before_decided_ones(lawyer_client, officer, sent):
    decided = sent_case_file(officer_in_case=officer)
    CaseFile.objects.filter(pk=decided.pk).update(status=CaseStatus.DECIDED)
    later = sent_case_file(officer_in_case=officer)
    cases = list(lawyer_client.get(reverse("cases:cps_index")).context["cases"])
    assert cases == [sent, later, decided]


def test_police_may_not_open_the_lawyers_list(officer_client):
    assert officer_client.get(reverse("cases:cps_index")).status_code == 403


def test_the_lawyers_home_lists_files_sent_to_them(lawyer_client, sent):
    page = lawyer_client.get(reverse("home"))
    assert review_url(sent).encode() in page.content
    assert b"Essex, sent" in page.content


def test_the_bundle_download_is_audited(lawyer_client, sent):
    handover = CpsHandover.objects.get()
    response = lawyer_client.get(reverse("cases:cps_bundle", args=[sent.pk, handover.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="cases.bundle.disclosable.downloaded")
    assert event.details == {"handover": handover.pk, "submission": handover.submission_id}


def test_a_missing_restricted_bundle_is_not_found(lawyer_client, sent):
    handover = CpsHandover.objects.get()
    url = reverse("cases:cps_restricted_bundle", args=[sent.pk, handover.pk])
    assert lawyer_client.get(url).status_code == 404


def test_the_dcf_download_is_the_document_as_sent(lawyer_client, sent):
    handover = CpsHandover.objects.get()
    response = lawyer_client.get(reverse("cases:cps_dcf", args=[sent.pk, handover.pk]))
    assert response.json() == handover.dcf_document
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="cases.dcf.downloaded").exists()


def test_another_files_handover_is_not_found(lawyer_client, sent, officer):
    other = sent_case_file(officer_in_case=officer)
    handover = CpsHandover.objects.get(case=other)
    url = reverse("cases:cps_bundle", args=[sent.pk, handover.pk])
    assert lawyer_client.get(url).status_code == 404


def test_a_lawyer_cannot_edit_a_section(lawyer_client, sent):
    url = reverse("cases:section", args=[sent.pk, "case_summary"])
    assert lawyer_client.get(url).status_code == 404
    response = lawyer_client.post(url, {"summary": "Changed by the CPS", "version": "1"})
    assert response.status_code == 404
    section = CaseSection.objects.get(case=sent, kind="case_summary")
    assert section.data["summary"] != "Changed by the CPS"
    assert lawyer_client.get(reverse("cases:detail", args=[sent.pk])).status_code == 404


# --- Who may decide ----------------------------------------------------------------------

@pytest.mark.parametrize("who", ["officer", "supervisor", "outsider"])
def test_only_a_cps_lawyer_records_a_decision(client, request, sent, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(decide_url(sent)).status_code == 404
    response = client.post(decide_url(sent), {"outcome": "nfa", "nfa_reason": "No case"})
    assert response.status_code == 404
    assert not CpsDecision.objects.exists()
    assert CaseFile.objects.get(pk=sent.pk).status == CaseStatus.SENT_TO_CPS


def test_a_decided_file_cannot_be_decided_again(lawyer_client, sent):
    lawyer_client.post(decide_url(sent), {"outcome": "nfa", "nfa_reason": "Not enough"})
    response = lawyer_client.post(decide_url(sent), {"outcome": "nfa", "nfa_reason": "Again"})
    assert response["Location"] == review_url(sent)
    assert CpsDecision.objects.count() == 1


# --- Charge ------------------------------------------------------------------------------

def test_charging_the_files_offence_with_new_wording(lawyer_client, cps_lawyer, sent, officer,
                                                     supervisor):
    charged = the_offence(sent)
    response = lawyer_client.post(decide_url(sent), {
        "outcome": "charge", f"charge_{charged.pk}": "on",
        f"wording_{charged.pk}": "On 19/11/2026 at Chelmsford stole two bottles of gin"})

    assert response["Location"] == review_url(sent)
    decision = CpsDecision.objects.get()
    assert decision.outcome == "charge"
    assert decision.decided_by == cps_lawyer
    assert decision.charges == [{
        "cjs_code": charged.offence.cjs_code, "title": charged.offence.title,
        "wording": "On 19/11/2026 at Chelmsford stole two bottles of gin",
        "suspect_id": charged.suspect_id, "charged_offence_id": charged.pk}]
    sent.refresh_from_db()
    assert sent.status == CaseStatus.DECIDED
    event = CaseEvent.objects.get(case=sent, kind=CaseEventKind.DECIDED)
    assert event.actor == cps_lawyer
    assert event.details["charges"] == [charged.offence.cjs_code]
    assert AuditEvent.objects.filter(action="cases.case.decided",
                                     object_id=str(sent.pk)).exists()
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {officer.username, supervisor.username}
    name = sent.suspects.get().person.full_name
    for notification in Notification.objects.all():
        # Notifications are emailed: the URN and the outcome, never the suspect's name.
        assert sent.urn in notification.title
        assert name not in notification.title + notification.body


def test_adding_a_charge_by_cjs_code(lawyer_client, sent):
    OffenceFactory(cjs_code="PU86001", title="Threatening behaviour", category="CS")
    lawyer_client.post(decide_url(sent), {"outcome": "charge", "code_1": " pu86001 ",
                                          "code_wording_1": ""})
    charge = CpsDecision.objects.get().charges[0]
    assert charge["cjs_code"] == "PU86001"
    assert charge["wording"] == "Threatening behaviour"


def test_with_two_suspects_an_added_charge_says_who(lawyer_client, sent):
    second = SuspectFactory(case=sent, position=2)
    ChargedOffenceFactory(suspect=second)
    OffenceFactory(cjs_code="PU86001", title="Threatening behaviour", category="CS")
    data = {"outcome": "charge", "code_1": "PU86001"}
    response = lawyer_client.post(decide_url(sent), data)
    assert response.status_code == 200
    assert b"Choose who is charged" in response.content
    lawyer_client.post(decide_url(sent), {**data, "code_suspect_1": str(second.pk)})
    assert CpsDecision.objects.get().charges[0]["suspect_id"] == second.pk


def test_a_charge_needs_at_least_one_charge(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {"outcome": "charge"})
    assert response.status_code == 200
    assert b"Choose at least one charge" in response.content
    assert b'href="#charges"' in response.content
    assert not CpsDecision.objects.exists()


def test_an_unknown_cjs_code_is_explained_and_kept(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {"outcome": "charge", "code_1": "XX99999",
                                                     "code_wording_1": "Did something"})
    assert response.status_code == 200
    assert b"There is no criminal offence with the code XX99999" in response.content
    assert b'value="XX99999"' in response.content
    assert b"Did something" in response.content
    assert not CpsDecision.objects.exists()


def test_a_selected_charge_needs_its_wording(lawyer_client, sent):
    charged = the_offence(sent)
    response = lawyer_client.post(decide_url(sent), {
        "outcome": "charge", f"charge_{charged.pk}": "on", f"wording_{charged.pk}": "  "})
    assert b"Enter the wording of the charge" in response.content
    assert f'href="#field-wording_{charged.pk}"'.encode() in response.content


# --- No further action -------------------------------------------------------------------

def test_no_further_action_needs_the_reason(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {"outcome": "nfa", "nfa_reason": ""})
    assert response.status_code == 200
    assert b"Give the reason for no further action" in response.content
    assert not CpsDecision.objects.exists()


def test_no_further_action_with_the_reason(lawyer_client, sent):
    lawyer_client.post(decide_url(sent), {"outcome": "nfa",
                                          "nfa_reason": "No realistic prospect of conviction"})
    decision = CpsDecision.objects.get()
    assert decision.outcome == "nfa"
    assert decision.reason == "No realistic prospect of conviction"
    assert decision.charges == []
    assert CaseFile.objects.get(pk=sent.pk).status == CaseStatus.DECIDED


def test_typing_in_another_outcomes_fields_does_not_block_the_decision(lawyer_client, sent):
    lawyer_client.post(decide_url(sent), {
        "outcome": "nfa", "nfa_reason": "Insufficient evidence",
        "code_1": "x" * 20000, "action_1_due": "30/02/2026"})
    assert CpsDecision.objects.get().outcome == "nfa"
    assert not CpsAction.objects.exists()


# --- Further evidence --------------------------------------------------------------------

def test_further_evidence_needs_an_action(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {"outcome": "further_evidence"})
    assert b"Add at least one action for the officer" in response.content
    assert not CpsDecision.objects.exists()


def test_further_evidence_makes_an_action_plan(lawyer_client, sent, officer):
    due = timezone.localdate() + timedelta(days=7)
    lawyer_client.post(decide_url(sent), {
        "outcome": "further_evidence", "action_rows": "2",
        "action_1_description": "Obtain the CCTV from the store", "action_1_due": in_a_week(),
        "action_2_description": "Statement from the second store detective",
        "action_2_due": due.strftime("%Y-%m-%d"),
        "plan_note": "Resubmit with both", "nfa_reason": "not this one"})
    decision = CpsDecision.objects.get()
    assert decision.outcome == "further_evidence"
    assert decision.reason == "Resubmit with both"
    actions = list(decision.actions.values_list("description", "due_on"))
    assert actions == [("Obtain the CCTV from the store", due),
                       ("Statement from the second store detective", due)]
    sent.refresh_from_db()
    # The file stays decided, the actions open: they are the officer's tasks.
    assert sent.status == CaseStatus.DECIDED
    assert Notification.objects.filter(recipient=officer,
                                       body__contains="2 actions").exists()


@pytest.mark.parametrize(("typed", "message"), [
    ("30/02/2026", b"must be a real date"),
    ("", b"Enter the date the action is due by"),
    ("01/01/2020", b"must be today or later"),
    ("<script>alert(1)</script>", b"must be a real date"),
])
def test_an_action_needs_a_real_due_date(lawyer_client, sent, typed, message):
    response = lawyer_client.post(decide_url(sent), {
        "outcome": "further_evidence", "action_1_description": "Get the CCTV",
        "action_1_due": typed})
    assert response.status_code == 200
    assert message in response.content
    assert b"Get the CCTV" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert not CpsDecision.objects.exists()


def test_an_action_needs_a_description(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {
        "outcome": "further_evidence", "action_1_due": in_a_week()})
    assert b"Describe what action 1 is" in response.content


def test_add_another_action_keeps_the_typing_without_errors(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {
        "outcome": "further_evidence", "action_rows": "1",
        "action_1_description": "Get the CCTV", "add_action_row": "1"})
    assert response.status_code == 200
    assert b"There is a problem" not in response.content
    assert b"Get the CCTV" in response.content
    assert b'name="action_2_description"' in response.content
    assert b'name="action_rows" value="2"' in response.content
    assert not CpsDecision.objects.exists()


# --- Hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    {},
    {"outcome": "<script>alert(1)</script>"},
    {"outcome": "nfa", "nfa_reason": "x" * 20000},
    {"outcome": "nfa", "nfa_reason": "No\x00case"},
    {"outcome": "charge", "code_1": "TH\x0068010"},
    {"outcome": "charge", "code_1": "<script>alert(1)</script>"},
    {"outcome": "charge", "code_rows": "99999999999999999999999", "code_7": "XX"},
    {"outcome": "charge", "charge_999999": "on", "wording_999999": "Not this file's"},
    {"outcome": "further_evidence", "action_rows": "-3", "action_1_description": "x" * 20000,
     "action_1_due": "99/99/99999"},
])
def test_hostile_decisions_are_explained_never_an_error(lawyer_client, sent, data):
    response = lawyer_client.post(decide_url(sent), data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"<script>alert(1)</script>" not in response.content
    assert not CpsDecision.objects.exists()
    assert CaseFile.objects.get(pk=sent.pk).status == CaseStatus.SENT_TO_CPS


def test_a_very_long_reason_says_how_long_it_may_be(lawyer_client, sent):
    response = lawyer_client.post(decide_url(sent), {"outcome": "nfa",
                                                     "nfa_reason": "x" * 20000})
    assert b"10,000 characters or fewer" in response.content


def test_script_in_a_reason_is_stored_as_typed_and_shown_as_text(lawyer_client, officer,
                                                                sent):
    lawyer_client.post(decide_url(sent), {"outcome": "nfa",
                                          "nfa_reason": "<script>alert(1)</script>"})
    assert CpsDecision.objects.get().reason == "<script>alert(1)</script>"
    officers_browser = Client()
    officers_browser.force_login(officer)
    page = officers_browser.get(reverse("cases:cps_file", args=[sent.pk]))
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    assert b"<script>alert(1)</script>" not in page.content


def test_the_lawyers_list_costs_the_same_with_many_files(lawyer_client, officer):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert lawyer_client.get(url).status_code == 200
        return len(captured)

    sent_case_file(officer_in_case=officer)
    urls = (reverse("cases:cps_index"), reverse("home"))
    for url in urls:  # the first audited read of a test also starts the audit chain
        queries(url)
    few = {url: queries(url) for url in urls}
    for _ in range(12):
        sent_case_file(officer_in_case=officer)
    assert {url: queries(url) for url in few} == few
