"""Sending an approved file to the CPS: who may, what is checked first (the one check of
whether the file is ready, cases/readiness.py), and what a refused file shows whoever
sent it."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.notifications.models import Notification
from cases.constants import Decider
from cases.cps import services as services_cps
from cases.cps.views import UNPLACED_PROBLEM
from cases.models import CaseEvent, CaseEventKind, CaseFile, CaseStatus, CpsHandover
from cases.readiness import DCF_REFUSED
from cases.validation import Problem
from tests.cases.factories import CaseFileFactory, complete_case_file
from tests.cases.factories_cps import (  # noqa: F401 - fixtures
    approved_case_file,
    cps_lawyer_fixture,
    ready_submission,
    stand_in_dcf_fixture,
)
from tests.factories import UserFactory, kent


def send_url(case):
    return reverse("cases:cps_send", args=[case.pk])


@pytest.fixture
def approved(officer):
    return approved_case_file(officer_in_case=officer)


# --- Who may send ------------------------------------------------------------------------

def _user(kind, home_force, officer, supervisor, cps_lawyer):
    return {
        "officer_in_case": lambda: officer,
        "file_supervisor": lambda: supervisor,
        "another_officer": lambda: UserFactory(username="pc_other", force=home_force,
                                               roles=[Role.OFFICER]),
        "inspector": lambda: UserFactory(username="insp_grey", force=home_force,
                                         roles=[Role.INSPECTOR]),
        "supervisor_of_another_force": lambda: UserFactory(
            username="ds_kent", force=kent(), roles=[Role.FILE_SUPERVISOR]),
        "cps_lawyer": lambda: cps_lawyer,
    }[kind]()


@pytest.mark.parametrize(("kind", "may_send"), [
    ("officer_in_case", True),
    ("file_supervisor", True),
    ("another_officer", False),
    ("inspector", False),
    ("supervisor_of_another_force", False),
    ("cps_lawyer", False),
])
def test_who_may_send_a_file_to_the_cps(client, home_force, officer, supervisor, cps_lawyer,
                                        approved, stand_in_dcf, kind, may_send):
    client.force_login(_user(kind, home_force, officer, supervisor, cps_lawyer))
    assert (client.get(send_url(approved)).status_code == 200) is may_send
    response = client.post(send_url(approved))
    approved.refresh_from_db()
    if may_send:
        assert response.status_code == 302
        assert approved.status == CaseStatus.SENT_TO_CPS
    else:
        assert response.status_code == 404
        assert approved.status == CaseStatus.APPROVED
        assert not CpsHandover.objects.exists()


def test_another_forces_file_cannot_be_sent(client, supervisor, stand_in_dcf):
    outsiders_file = approved_case_file(force=kent(), officer_in_case=UserFactory(
        username="pc_kent", force=kent(), roles=[Role.OFFICER]))
    client.force_login(supervisor)
    assert client.post(send_url(outsiders_file)).status_code == 404
    assert CaseFile.objects.get(pk=outsiders_file.pk).status == CaseStatus.APPROVED


# --- What sending does -------------------------------------------------------------------

def test_sending_records_the_handover_history_and_audit(client, supervisor, officer, approved,
                                                        stand_in_dcf):
    client.force_login(supervisor)
    response = client.post(send_url(approved))

    assert response["Location"] == reverse("cases:cps_file", args=[approved.pk])
    handover = CpsHandover.objects.get()
    assert handover.case == approved
    assert handover.submission == approved.submissions.get()
    assert handover.dcf_document == {"schemaVersion": "1.2.2", "case": {"urn": approved.urn}}
    assert handover.sent_by == supervisor
    approved.refresh_from_db()
    assert approved.status == CaseStatus.SENT_TO_CPS
    event = CaseEvent.objects.get(case=approved, kind=CaseEventKind.SENT_TO_CPS)
    assert event.actor == supervisor
    assert event.details == {"handover": handover.pk, "submission": handover.submission_id}
    audit = AuditEvent.objects.get(action="cases.case.sent_to_cps")
    assert audit.object_id == str(approved.pk)


def test_the_officer_is_told_when_a_supervisor_sends_their_file(client, supervisor, officer,
                                                               approved, stand_in_dcf):
    client.force_login(supervisor)
    client.post(send_url(approved))
    notification = Notification.objects.get()
    assert notification.recipient == officer
    assert approved.urn in notification.title
    assert notification.url == reverse("cases:cps_file", args=[approved.pk])


@pytest.mark.parametrize(("charged_by", "sent_for"), [
    (Decider.POLICE, "sent the file for the CPS's initial review before the first hearing."),
    (Decider.CPS, "sent the file for a charging decision."),
])
def test_the_officer_is_told_what_the_file_went_for(client, supervisor, officer, stand_in_dcf,
                                                    charged_by, sent_for):
    case = approved_case_file(officer_in_case=officer, charged_by=charged_by)
    client.force_login(supervisor)
    client.post(send_url(case))
    assert Notification.objects.get().body.endswith(sent_for)


def test_after_sending_a_file_the_cps_charges_the_page_says_it_has_not_decided(
        officer_client, officer, stand_in_dcf):
    case = approved_case_file(officer_in_case=officer, charged_by=Decider.CPS)
    officer_client.post(send_url(case))
    page = officer_client.get(reverse("cases:cps_file", args=[case.pk]))
    assert b"The CPS has not decided yet" in page.content


def test_an_officer_sending_their_own_file_is_not_told_about_it(officer_client, approved,
                                                                stand_in_dcf):
    officer_client.post(send_url(approved))
    assert not Notification.objects.exists()


def test_the_newest_bundle_is_the_one_sent(officer, stand_in_dcf):
    case = approved_case_file(officer_in_case=officer)
    newest = ready_submission(case)
    handover = services_cps.case_send_to_cps(acting_user=officer, case=case)
    assert handover.submission == newest


# --- Files that cannot go ----------------------------------------------------------------

@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.SUBMITTED,
                                    CaseStatus.RETURNED, CaseStatus.SENT_TO_CPS,
                                    CaseStatus.DECIDED])
def test_only_an_approved_file_can_be_sent(officer_client, officer, stand_in_dcf, status):
    case = approved_case_file(officer_in_case=officer)
    CaseFile.objects.filter(pk=case.pk).update(status=status)
    page = officer_client.get(send_url(case))
    assert b"Only an approved file can be sent" in page.content
    response = officer_client.post(send_url(case))
    assert response.status_code == 200
    assert b"cannot be sent to the CPS" in response.content
    assert CaseFile.objects.get(pk=case.pk).status == status
    assert not CpsHandover.objects.exists()


def test_a_file_without_a_bundle_cannot_be_sent(officer_client, officer, stand_in_dcf):
    case = complete_case_file(officer_in_case=officer, status=CaseStatus.APPROVED)
    response = officer_client.post(send_url(case))
    assert b"its PDF bundle has not been built" in response.content
    assert CaseFile.objects.get(pk=case.pk).status == CaseStatus.APPROVED


def test_sending_twice_sends_once(officer_client, approved, stand_in_dcf):
    officer_client.post(send_url(approved))
    response = officer_client.post(send_url(approved))
    assert response.status_code == 200
    assert CpsHandover.objects.count() == 1


NOT_SENT = "The file was not sent: it is not ready for the CPS"


def test_what_is_missing_refuses_the_file_and_links_to_where_it_is_put_right(
        client, supervisor, officer, approved, stand_in_dcf):
    suspect = approved.suspects.get()
    stand_in_dcf.problems = {
        "case_summary": [Problem(code="required", field="summary", kind="case_summary",
                                 message="Enter the case summary")],
        "witness_statements": [Problem(code="required", field="statement", item=1,
                                       kind="witness_statements",
                                       message="Enter the statement")],
        "defendant": [Problem(code=DCF_REFUSED, field="occupation", kind="defendant",
                              item=suspect.pk, about="John SMITH",
                              message="Enter the defendant's occupation")],
        "officer": [Problem(code=DCF_REFUSED, field="", kind="officer", message="")],
    }
    client.force_login(supervisor)
    response = client.post(send_url(approved))

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_SENT in content
    assert "4 things the CPS needs are missing or not right yet" in content
    # The shared list: each message linked to the page and field that holds the answer.
    for url, message in [
        (reverse("cases:section", args=[approved.pk, "case_summary"]) + "#field-summary",
         "Enter the case summary"),
        (reverse("cases:items", args=[approved.pk, "witness_statements"])
         + "#field-statement", "Witness statement 1: Enter the statement"),
        (reverse("cases:defendant", args=[approved.pk, suspect.pk]) + "#field-occupation",
         "John SMITH: Enter the defendant&#x27;s occupation"),
        (reverse("cases:detail", args=[approved.pk]), unplaced_message()),
    ]:
        assert f'<a href="{url}">{message}</a>' in content
    assert ">The officer in the case</h3>" in content
    # The supervisor is told plainly how it is put right: back to the officer.
    assert ("Return it to the officer in the case, "
            f"{officer.display_name}, with these listed") in content
    assert "Return the file to" in content  # and the button that does it
    assert "ask the file supervisor" not in content.lower()
    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED
    assert not CpsHandover.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEventKind.SENT_TO_CPS).exists()
    assert not Notification.objects.exists()
    refused = AuditEvent.objects.get(action="cases.case.send_to_cps_refused")
    assert refused.details == {"problems": 4}


def test_the_officer_sending_is_told_the_file_must_come_back_to_them(officer_client,
                                                                    approved, stand_in_dcf):
    stand_in_dcf.problems = {"case_summary": [Problem(
        code="required", field="summary", kind="case_summary", message="Enter the summary")]}
    content = officer_client.post(send_url(approved)).content.decode()
    assert "1 thing the CPS needs is missing or not right yet" in content
    assert "A file supervisor returns it to you with these listed" in content
    assert "Return the file to" not in content  # an officer does not return their own file
    assert "ask the file supervisor" not in content.lower()


def test_the_send_asks_the_one_readiness_check_of_the_file(officer, approved, stand_in_dcf):
    services_cps.case_send_to_cps(acting_user=officer, case=approved)
    assert stand_in_dcf.checked == [approved.pk]
    stand_in_dcf.problems = {"case_summary": [Problem(
        code="required", field="summary", kind="case_summary", message="Enter the summary")]}
    case = approved_case_file(officer_in_case=officer)
    with pytest.raises(services_cps.FileNotReady) as refused:
        services_cps.case_send_to_cps(acting_user=officer, case=case)
    assert refused.value.count == 1
    assert list(refused.value.problems) == ["case_summary"]


def test_a_file_the_rules_find_incomplete_is_refused_with_their_words(client, supervisor,
                                                                      approved):
    """The real check (readiness.file_readiness): what the worker's check would say, at
    the page and field where it is put right, never a Digital Case File path."""
    summary = approved.sections.get(kind="case_summary")
    summary.data = {**summary.data, "summary": ""}
    summary.save(update_fields=["data"])
    client.force_login(supervisor)
    response = client.post(send_url(approved))

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_SENT in content
    assert (reverse("cases:section", args=[approved.pk, "case_summary"]) + "#field-summary"
            in content)
    for raw in ("case.", "defendants[", "dcf.", "minLength"):
        assert raw not in content
    assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.APPROVED
    assert not CpsHandover.objects.exists()


def unplaced_message():
    return UNPLACED_PROBLEM.replace("'", "&#x27;")


def test_a_draft_files_send_page_is_not_found_for_outsiders(client, outsider, officer):
    case = CaseFileFactory(officer_in_case=officer)
    client.force_login(outsider)
    assert client.get(send_url(case)).status_code == 404


# --- The police page of the file with the CPS --------------------------------------------

def test_after_sending_the_file_page_says_the_cps_has_not_reviewed_it(officer_client,
                                                                      approved, stand_in_dcf):
    officer_client.post(send_url(approved))  # the police charged it: the CPS reviews it
    page = officer_client.get(reverse("cases:cps_file", args=[approved.pk]))
    assert page.status_code == 200
    assert b"The CPS has not reviewed it yet" in page.content
    assert b"Charging decision" not in page.content
    assert reverse("cases:bundle", args=[approved.pk,
                                         approved.submissions.get().pk]).encode() in page.content


def test_an_approved_files_cps_page_offers_sending(officer_client, approved):
    page = officer_client.get(reverse("cases:cps_file", args=[approved.pk]))
    assert send_url(approved).encode() in page.content


def test_the_real_dcf_export_either_sends_or_explains(officer_client, approved):
    """With the real DCF export and check: a complete file goes, or is refused with
    problems in plain words linked to the file; never an error, never a schema path."""
    pytest.importorskip("cases.dcf.export")
    pytest.importorskip("cases.dcf.validate")
    response = officer_client.post(send_url(approved))
    if response.status_code == 302:
        assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.SENT_TO_CPS
    else:
        assert response.status_code == 200
        content = response.content.decode()
        assert NOT_SENT in content
        assert "case.defendants[0]" not in content
        assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.APPROVED


def test_a_file_not_ready_goes_back_to_its_officer_from_the_send_page(client, supervisor,
                                                                       officer, approved):
    """The refused send offers the return; the section with the problem goes back with
    the problem as its comment, the others stay approved, and the officer can change it."""
    summary = approved.sections.get(kind="case_summary")
    summary.data = {**summary.data, "summary": ""}
    summary.save(update_fields=["data"])
    client.force_login(supervisor)
    refused = client.post(send_url(approved)).content.decode()
    return_url = reverse("cases:review_return_not_ready", args=[approved.pk])
    assert f'action="{return_url}"' in refused

    response = client.post(return_url)

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == CaseStatus.RETURNED
    summary.refresh_from_db()
    assert summary.review_state == "returned"
    assert "Enter the summary" in summary.review_comment or "summary" in summary.review_fields
    assert approved.sections.get(kind="charges").review_state != "returned"
    assert Notification.objects.filter(recipient=officer,
                                       title__contains="not ready for the CPS").exists()
    assert AuditEvent.objects.filter(action="cases.review.returned_not_ready").exists()
    assert CaseEvent.objects.filter(case=approved, kind=CaseEventKind.RETURNED).exists()
    client.force_login(officer)
    page = client.get(reverse("cases:section", args=[approved.pk, "case_summary"]))
    assert b'name="summary"' in page.content and b"readonly" not in page.content.split(
        b'name="summary"')[0][-300:]


def test_a_ready_approved_file_is_not_returned_but_sent(client, supervisor, approved,
                                                        stand_in_dcf):
    client.force_login(supervisor)
    response = client.post(reverse("cases:review_return_not_ready", args=[approved.pk]))

    assert response.url == send_url(approved)
    assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.APPROVED


def test_the_officer_cannot_return_their_own_file(officer_client, approved):
    response = officer_client.post(reverse("cases:review_return_not_ready", args=[approved.pk]))

    assert response.status_code == 403
    assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.APPROVED


def test_the_cps_is_told_when_a_file_arrives(client, supervisor, officer, approved,
                                             stand_in_dcf, cps_lawyer):
    client.force_login(supervisor)
    client.post(send_url(approved))
    told = Notification.objects.get(recipient=cps_lawyer)
    assert approved.urn in told.title and "arrived" in told.title
    assert told.url == reverse("cases:cps_file", args=[approved.pk])
