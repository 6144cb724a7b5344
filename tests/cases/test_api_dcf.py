"""The DCF endpoint: the document when it validates, 409 and the problems when not.

STAND-INS: ``cases.dcf.export`` and ``cases.dcf.validate`` are being written alongside
this API. Until they land, the ``dcf`` fixture puts stand-in modules in their place;
once they exist it patches their two functions instead. Only the last test runs the real
export, and only once it exists.
"""

import sys
import types

import pytest
from django.urls import reverse

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from cases.dcf.problems import DcfProblem
from cases.models import CaseStatus
from tests.cases.factories import CaseFileFactory, complete_case_file
from tests.factories import UserFactory

DOCUMENT = {"dcf_version": "1.2.2", "case": {"urn": "stand-in"}}


class StandInDcf:
    """What the stand-in export returns and the stand-in validation finds."""

    def __init__(self):
        self.document = DOCUMENT
        self.problems = []
        self.exported = []  # the case files the export was given

    def export(self, case):
        self.exported.append(case)
        return self.document

    def validate(self, document):
        assert document is self.document
        return list(self.problems)


def _patch(monkeypatch, module_name, function_name, function):
    try:
        __import__(module_name)
    except ModuleNotFoundError:  # not written yet: a stand-in module in its place
        monkeypatch.setitem(sys.modules, module_name, types.ModuleType(module_name))
    monkeypatch.setattr(sys.modules[module_name], function_name, function, raising=False)


@pytest.fixture
def dcf(monkeypatch):
    stand_in = StandInDcf()
    _patch(monkeypatch, "cases.dcf.export", "dcf_export", stand_in.export)
    _patch(monkeypatch, "cases.dcf.validate", "dcf_problems", stand_in.validate)
    return stand_in


@pytest.fixture
def case(officer):
    return CaseFileFactory(officer_in_case=officer)


def dcf_url(case):
    return reverse("api:case-dcf", args=[case.pk])


def test_a_valid_file_answers_its_dcf_document(officer_client, case, dcf):
    response = officer_client.get(dcf_url(case))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == DOCUMENT
    assert [exported.pk for exported in dcf.exported] == [case.pk]


def test_the_export_is_given_the_file_with_everything_it_reads(officer_client, case, dcf,
                                                                django_assert_num_queries):
    officer_client.get(dcf_url(case))
    [exported] = dcf.exported

    with django_assert_num_queries(0):  # prefetched: suspects, offences, sections, items
        [list(s.offences.all()) for s in exported.suspects.all()]
        [list(s.items.all()) for s in exported.sections.all()]


def test_each_export_is_audited(officer_client, officer, case, dcf):
    officer_client.get(dcf_url(case))

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "cases.case.dcf_exported", officer, str(case.pk))


def test_a_file_that_does_not_validate_answers_409_with_its_problems(officer_client, case,
                                                                     dcf):
    dcf.problems = [
        DcfProblem(path="case.defendants[0].arrest.date_time", rule="dcf.arrest",
                   message="The arrest date and time is missing",
                   section_kind="case_summary", field="arrested_at"),
        DcfProblem(path="case.urn", rule="pattern", message="The URN is not valid"),
    ]

    response = officer_client.get(dcf_url(case))

    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert [{key: problem[key] for key in ("path", "rule", "message", "section", "field")}
            for problem in body["problems"]] == [
        {"path": "case.defendants[0].arrest.date_time", "rule": "dcf.arrest",
         "message": "The arrest date and time is missing", "section": "case_summary",
         "field": "arrested_at"},
        {"path": "case.urn", "rule": "pattern", "message": "The URN is not valid",
         "section": "", "field": ""},
    ]
    assert "stand-in" not in response.content.decode()  # not the invalid document
    event = AuditEvent.objects.get()
    assert (event.action, event.details) == ("cases.case.dcf_export_invalid", {"problems": 2})


@pytest.mark.parametrize(("status", "expected"), [
    (CaseStatus.DRAFT, 404), (CaseStatus.APPROVED, 404),
    (CaseStatus.SENT_TO_CPS, 200), (CaseStatus.DECIDED, 200),
])
def test_a_cps_lawyer_exports_only_files_sent_to_the_cps(client, other_force, dcf, status,
                                                         expected):
    lawyer = UserFactory(username="cps_lawyer", force=other_force, roles=[Role.CPS_LAWYER])
    client.force_login(lawyer)

    response = client.get(dcf_url(CaseFileFactory(status=status)))  # an Essex file

    assert response.status_code == expected


@pytest.mark.parametrize("persona", ["outsider", "custody_sergeant", "analyst"])
def test_a_file_the_user_may_not_read_is_not_found_nor_exported(request, client, case, dcf,
                                                                persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(dcf_url(case))

    assert response.status_code == 404
    assert dcf.exported == []
    assert not AuditEvent.objects.exists()


def test_the_real_export_of_a_complete_file_is_a_document_or_its_problems(officer_client,
                                                                          officer):
    """Not a stand-in: the real export, once cases/dcf/export.py and validate.py exist."""
    pytest.importorskip("cases.dcf.export")
    pytest.importorskip("cases.dcf.validate")
    case = complete_case_file(officer_in_case=officer)

    response = officer_client.get(dcf_url(case))

    assert response.status_code in (200, 409), response.content
    body = response.json()
    if response.status_code == 409:
        assert body["problems"]
        assert {"path", "rule", "message", "section", "field"} <= set(body["problems"][0])
    else:
        assert isinstance(body, dict)
        assert body
