"""Sending an approved file to the CPS: who may, what is checked first, and what a
refused file shows the officer."""

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.notifications.models import Notification
from cases.cps import services as services_cps
from cases.cps.views import UNPLACED_PROBLEM
from cases.dcf.problems import DcfProblem
from cases.models import CaseEvent, CaseEventKind, CaseFile, CaseStatus, CpsHandover
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


def test_dcf_problems_refuse_the_file_and_link_to_our_sections(officer_client, approved,
                                                               stand_in_dcf):
    stand_in_dcf.problems = [
        DcfProblem(path="case.summary", rule="required",
                   message="The case summary is missing", section_kind="case_summary",
                   field="summary"),
        DcfProblem(path="case.witnesses[0].statement", rule="minLength",
                   message="A witness statement is empty", section_kind="witness_statements",
                   field="statement"),
        DcfProblem(path="case.defendants[0].arrest.date_time", rule="dcf.arrest",
                   message="The arrest date and time is missing", page="details"),
        DcfProblem(path="case.defendants[0].occupation", rule="required",
                   message="Defendant 1: the occupation is missing", page="suspects"),
        DcfProblem(path="case.prosecutor", rule="required", message="",
                   section_kind="not_a_section", field="x"),
    ]
    response = officer_client.post(send_url(approved))

    assert response.status_code == 200
    content = response.content.decode()
    assert "the CPS would not accept it yet" in content
    assert (reverse("cases:section", args=[approved.pk, "case_summary"]) + "#field-summary"
            in content)
    assert (reverse("cases:items", args=[approved.pk, "witness_statements"])
            + "#field-statement" in content)
    assert "The arrest date and time is missing" in content
    assert reverse("cases:details", args=[approved.pk]) in content
    assert reverse("cases:detail", args=[approved.pk]) + "#suspects" in content
    assert ">Other parts of the Digital Case File<" in content
    assert unplaced_message() in content
    # The schema's own words never reach the officer.
    for raw in ("minLength", "dcf.arrest", "case.defendants[0]", "not_a_section"):
        assert raw not in content
    approved.refresh_from_db()
    assert approved.status == CaseStatus.APPROVED
    assert not CpsHandover.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEventKind.SENT_TO_CPS).exists()


def unplaced_message():
    return UNPLACED_PROBLEM.replace("'", "&#x27;")


def test_a_draft_files_send_page_is_not_found_for_outsiders(client, outsider, officer):
    case = CaseFileFactory(officer_in_case=officer)
    client.force_login(outsider)
    assert client.get(send_url(case)).status_code == 404


# --- The police page of the file with the CPS --------------------------------------------

def test_after_sending_the_file_page_says_the_cps_has_not_decided(officer_client, approved,
                                                                  stand_in_dcf):
    officer_client.post(send_url(approved))
    page = officer_client.get(reverse("cases:cps_file", args=[approved.pk]))
    assert page.status_code == 200
    assert b"The CPS has not decided yet" in page.content
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
        assert "the CPS would not accept it yet" in content
        assert "case.defendants[0]" not in content
        assert CaseFile.objects.get(pk=approved.pk).status == CaseStatus.APPROVED
