"""The case-file API: who reads which file (the same rule as the pages), what a file
shows, the audit of each read, fixed query counts, and hostile input."""

import pytest
from django.test import Client
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from cases.constants import Plea
from cases.models import CaseStatus, Participant, ParticipantRole, ReviewState, SectionStatus
from cases.sections import SectionKind
from cases.selectors import case_files_visible_to
from tests.cases.factories import (
    CaseFileFactory,
    CaseSectionFactory,
    ChargedOffenceFactory,
    SuspectFactory,
)
from tests.factories import UserFactory, kent
from tests.offences.factories import OffenceFactory
from tests.people.factories import PersonFactory

LIST_URL = "/api/cases/"


def detail_url(case_id):
    return f"/api/cases/{case_id}/"


@pytest.fixture
def cps_lawyer(home_force):
    return UserFactory(username="cps_lawyer", force=home_force, rank="CPS",
                       roles=[Role.CPS_LAWYER])


@pytest.fixture
def other_officer(home_force):
    return UserFactory(username="pc_other", force=home_force, roles=[Role.OFFICER])


@pytest.fixture
def kent_supervisor(other_force):
    return UserFactory(username="ds_kent", force=other_force, rank="DS",
                       roles=[Role.FILE_SUPERVISOR])


@pytest.fixture
def kent_cps_lawyer(other_force):
    return UserFactory(username="cps_kent", force=other_force, rank="CPS",
                       roles=[Role.CPS_LAWYER])


@pytest.fixture
def draft(officer):
    return CaseFileFactory(officer_in_case=officer)


@pytest.fixture
def sent(officer):
    return CaseFileFactory(officer_in_case=officer, status=CaseStatus.SENT_TO_CPS)


@pytest.fixture
def decided(officer):
    return CaseFileFactory(officer_in_case=officer, status=CaseStatus.DECIDED)


@pytest.fixture
def kent_sent(other_force):
    return CaseFileFactory(force=other_force, status=CaseStatus.SENT_TO_CPS)


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def listed_ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- Who reads which file ---------------------------------------------------------------

# (persona, the files of {draft, sent, decided, kent_sent} they read)
MATRIX = [
    ("officer", {"draft", "sent", "decided"}),  # the officer in the case
    ("other_officer", set()),
    ("custody_sergeant", set()),
    ("analyst", set()),
    ("administrator", set()),
    ("supervisor", {"draft", "sent", "decided"}),
    ("kent_supervisor", {"kent_sent"}),
    # The CPS is one national service: a lawyer reads any force's files once sent.
    ("cps_lawyer", {"sent", "decided", "kent_sent"}),
    ("kent_cps_lawyer", {"sent", "decided", "kent_sent"}),
    ("outsider", set()),  # a Kent officer
]
FILES = ["draft", "sent", "decided", "kent_sent"]


@pytest.mark.parametrize(("persona", "readable"), MATRIX)
def test_the_list_holds_exactly_the_files_the_user_may_read(request, persona, readable):
    files = {name: request.getfixturevalue(name) for name in FILES}
    user = request.getfixturevalue(persona)

    response = signed_in(user).get(LIST_URL)

    assert listed_ids(response) == {files[name].pk for name in readable}


@pytest.mark.parametrize(("persona", "readable"), MATRIX)
def test_a_file_the_user_may_not_read_is_not_found(request, persona, readable):
    files = {name: request.getfixturevalue(name) for name in FILES}
    client = signed_in(request.getfixturevalue(persona))

    for name, case in files.items():
        expected = 200 if name in readable else 404
        assert client.get(detail_url(case.pk)).status_code == expected, name


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.SUPERINTENDENT])
def test_inspectors_and_superintendents_read_their_forces_files(home_force, draft, kent_sent,
                                                                role):
    user = UserFactory(force=home_force, roles=[role])

    assert listed_ids(signed_in(user).get(LIST_URL)) == {draft.pk}


def without_force(user):
    user.force = None
    user.save(update_fields=["force"])
    return user


def test_a_police_user_without_a_force_reads_nothing(draft, sent):
    user = without_force(UserFactory(roles=[Role.FILE_SUPERVISOR]))

    assert listed_ids(signed_in(user).get(LIST_URL)) == set()


def test_a_cps_lawyer_needs_no_force_to_read_files_sent_to_the_cps(draft, sent, kent_sent):
    user = without_force(UserFactory(rank="CPS", roles=[Role.CPS_LAWYER]))

    assert listed_ids(signed_in(user).get(LIST_URL)) == {sent.pk, kent_sent.pk}


def may_read(user, case):
    """The rules of the pages: the police's, and the CPS lawyer's (cps/permissions.py)."""
    return (user.has_perm("cases.view_casefile", case)
            or user.has_perm("cases.view_cps_casefile", case))


@pytest.mark.parametrize("persona", [persona for persona, _ in MATRIX])
def test_the_api_scope_is_the_page_rule(request, persona):
    """The one queryset of the API answers as the pages' permissions do, file by file."""
    files = [request.getfixturevalue(name) for name in FILES]
    other = request.getfixturevalue("other_officer")
    for status in CaseStatus.values:
        files.append(CaseFileFactory(officer_in_case=other, status=status))
        files.append(CaseFileFactory(force=kent(), status=status))
    user = request.getfixturevalue(persona)

    visible = set(case_files_visible_to(user=user).values_list("pk", flat=True))

    assert visible == {case.pk for case in files if may_read(user, case)}


def test_an_active_superuser_reads_every_file_as_has_perm_lets_them(draft, kent_sent):
    user = UserFactory(is_superuser=True)

    assert listed_ids(signed_in(user).get(LIST_URL)) == {draft.pk, kent_sent.pk}
    assert may_read(user, kent_sent)


@pytest.mark.parametrize("url", [LIST_URL, "/api/cases/1/", "/api/cases/1/dcf/",
                                 "/api/schema/?format=json"])
def test_an_anonymous_caller_is_refused_not_redirected(db, url):
    response = Client().get(url)

    assert response.status_code == 403
    assert response["Content-Type"].split(";")[0] in {"application/json",
                                                      "application/vnd.oai.openapi+json"}


def test_an_anonymous_caller_sees_no_file_even_when_it_exists(draft):
    response = Client().get(detail_url(draft.pk))

    assert response.status_code == 403
    assert draft.urn not in response.content.decode()


# --- The list ---------------------------------------------------------------------------

def test_the_list_filters_by_status(officer_client, draft, sent, decided):
    assert listed_ids(officer_client.get(LIST_URL, {"status": "sent_to_cps"})) == {sent.pk}
    assert listed_ids(officer_client.get(
        f"{LIST_URL}?status=sent_to_cps&status=decided")) == {sent.pk, decided.pk}


def test_the_list_shows_newest_change_first_with_links(officer_client, officer):
    older = CaseFileFactory(officer_in_case=officer,
                            updated_at=timezone.now() - timezone.timedelta(days=2))
    newer = CaseFileFactory(officer_in_case=officer)

    rows = officer_client.get(LIST_URL).json()["results"]

    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    assert rows[0]["urn"] == newer.urn
    assert rows[0]["force_code"] == "42"
    assert rows[0]["status"] == "draft"
    assert rows[0]["officer_in_case"] == {"id": officer.pk, "name": officer.display_name}
    assert rows[0]["url"] == f"http://testserver/api/cases/{newer.pk}/"


def test_the_list_is_paginated_fifty_a_page(officer_client, officer):
    for _ in range(51):
        CaseFileFactory(officer_in_case=officer)

    first = officer_client.get(LIST_URL).json()
    second = officer_client.get(first["next"]).json()

    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_listing_is_not_audited(officer_client, draft):
    officer_client.get(LIST_URL)

    assert not AuditEvent.objects.exists()


def test_the_list_takes_the_same_queries_for_many_files(officer_client, officer,
                                                        django_assert_max_num_queries):
    CaseFileFactory(officer_in_case=officer)
    officer_client.get(LIST_URL)  # the session and the user's groups, once
    with django_assert_max_num_queries(10) as few:
        officer_client.get(LIST_URL)
    for _ in range(40):
        CaseFileFactory(officer_in_case=officer)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(LIST_URL)

    assert response.json()["count"] == 41


# --- One file ---------------------------------------------------------------------------

@pytest.fixture
def full_case(officer):
    """A file with two suspects, three offences, a victim and a witness, and sections."""
    case = CaseFileFactory(officer_in_case=officer,
                           arrested_at=timezone.now() - timezone.timedelta(hours=2))
    first = SuspectFactory(case=case, position=1,
                           person=PersonFactory(forenames="Dean", surname="Archer"))
    second = SuspectFactory(case=case, position=2)
    ChargedOffenceFactory(suspect=first, anticipated_plea=Plea.GUILTY,
                          offence=OffenceFactory(cjs_code="TH68010", title="Theft from a shop"))
    ChargedOffenceFactory(suspect=first)
    ChargedOffenceFactory(suspect=second)
    for role in (ParticipantRole.VICTIM, ParticipantRole.WITNESS):
        Participant.objects.create(case=case, role=role, name="Alex Turner")
    CaseSectionFactory(case=case, kind=SectionKind.CASE_SUMMARY,
                       data={"summary": "He took two bottles of gin."},
                       status=SectionStatus.COMPLETED, review_state=ReviewState.APPROVED)
    CaseSectionFactory(case=case, kind=SectionKind.CHARGES, status=SectionStatus.IN_PROGRESS)
    return case


def test_a_file_shows_its_suspects_offences_sections_and_deadlines(officer_client,
                                                                   full_case):
    body = officer_client.get(detail_url(full_case.pk)).json()

    assert body["urn"] == full_case.urn
    assert body["force_code"] == "42"
    assert body["participants_count"] == 2
    assert body["dcf_url"] == f"http://testserver/api/cases/{full_case.pk}/dcf/"
    dean = body["suspects"][0]
    assert dean["name"] == "Dean ARCHER"
    assert dean["offences"][0] == {"cjs_code": "TH68010", "title": "Theft from a shop",
                                   "anticipated_plea": "guilty", "offence_date": None}
    assert [len(s["offences"]) for s in body["suspects"]] == [2, 1]
    assert [(s["kind"], s["state"], s["review_state"]) for s in body["sections"]] == [
        ("case_summary", "completed", "approved"), ("charges", "in_progress", "pending")]
    assert "He took two bottles" not in str(body)  # no section's answers
    assert "Alex Turner" not in str(body)  # of victims and witnesses, only how many
    [charging] = body["deadlines"]
    assert charging["kind"] == "charging"
    assert charging["is_overdue"] is False
    assert charging["due"] == charging["falls_due_at"]


def test_each_read_of_a_file_is_audited(officer_client, officer, full_case):
    officer_client.get(detail_url(full_case.pk))

    event = AuditEvent.objects.get()
    assert event.action == "cases.case.api_viewed"
    assert (event.actor, event.object_type, event.object_id) == (
        officer, "cases.casefile", str(full_case.pk))


def test_a_refused_read_is_not_audited_as_a_view(client, other_officer, full_case):
    client.force_login(other_officer)

    assert client.get(detail_url(full_case.pk)).status_code == 404
    assert not AuditEvent.objects.filter(action="cases.case.api_viewed").exists()


def test_a_file_takes_the_same_queries_however_many_suspects(officer_client, officer,
                                                            full_case,
                                                            django_assert_max_num_queries):
    small = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(suspect=SuspectFactory(case=small))
    officer_client.get(detail_url(small.pk))  # the session and the user's groups, once
    with django_assert_max_num_queries(20) as few:
        officer_client.get(detail_url(small.pk))
    for position in range(3, 13):
        suspect = SuspectFactory(case=full_case, position=position)
        ChargedOffenceFactory(suspect=suspect)
        ChargedOffenceFactory(suspect=suspect)
    for kind in (SectionKind.PREVIOUS_CONVICTIONS, SectionKind.STREAMLINED_DISCLOSURE,
                 SectionKind.EVIDENCE_FOR_PROSECUTOR):
        CaseSectionFactory(case=full_case, kind=kind)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(detail_url(full_case.pk))

    assert len(response.json()["suspects"]) == 12


# --- Read-only, and hostile input -------------------------------------------------------

@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_changes_nothing(officer_client, draft, method):
    response = getattr(officer_client, method)(detail_url(draft.pk))

    assert response.status_code == 405


def test_a_write_without_the_csrf_token_is_refused(officer, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    assert client.post(LIST_URL).status_code == 403


@pytest.mark.parametrize(("query", "status"), [
    ("?status=<script>alert(1)</script>", 400),
    ("?status=", 400),
    ("?status=DRAFT", 400),
    ("?status=draft&status=nonsense", 400),
    ("?page=999999", 404),
    ("?page=abc", 404),
    ("?page=-1", 404),
    ("?page=99999999999999999999", 404),
    ("?format=api", 404),
    ("?page=1&status=draft", 200),
    ("?unknown=1", 200),
])
def test_hostile_list_queries_are_answered_never_a_server_error(officer_client, draft,
                                                                query, status):
    response = officer_client.get(LIST_URL + query)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("path", [
    "/api/cases/99999999999999999999/",
    "/api/cases/99999999999999999999/dcf/",
    "/api/cases/9223372036854775808/",
    "/api/cases/0/",
    "/api/cases/-1/",
    "/api/cases/abc/",
    "/api/cases/1%00/",
])
def test_hostile_file_ids_are_not_found(officer_client, draft, path):
    assert officer_client.get(path).status_code == 404


def test_a_file_of_another_force_is_not_found_by_a_kent_officer(client, outsider, draft):
    client.force_login(outsider)

    response = client.get(detail_url(draft.pk))

    assert response.status_code == 404
    assert draft.urn not in response.content.decode()
    assert kent() == outsider.force
