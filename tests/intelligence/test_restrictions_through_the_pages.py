"""Each restriction a code C report can carry, set by its author on the page and kept by
the analyst on theirs, reaches the database and decides who may read the report.

The reports here are made only through the pages' own forms, read back from each page
and posted as a browser would (tests/html_forms.py): the author writes and links it,
submits it, the analyst of the force disseminates it from the evaluate page as it shows
the grading. Then a user of every role in every other force asks for the report page,
the search and the subject profile. "Originating force only" was once dropped on the way
to the database; the matrix of factory-made reports could not see it, these can.
"""

import pytest
from django.test import Client
from django.urls import reverse

from athena.accounts.models import Force
from athena.accounts.roles import Role
from intelligence.models import IntelligenceReport, ReportStatus
from intelligence.selectors import reports_visible_to
from tests.factories import UserFactory, essex, kent
from tests.html_forms import form_values, post_form
from tests.intelligence.test_access_reason import state_reason
from tests.people.factories import PersonFactory

ALL_ROLES = [Role.OFFICER, Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT,
             Role.FILE_SUPERVISOR, Role.INTELLIGENCE_ANALYST, Role.CPS_LAWYER,
             Role.ADMINISTRATOR]
TITLE = "Zanzibarite cannabis grow in Quillzzy Lane"
SURNAME = "Quillzzy"


@pytest.fixture
def forces(db):
    third = Force.objects.get_or_create(code="01", defaults={"name": "Metropolitan"})[0]
    return {"kent": kent(), "essex": essex(), "met": third}


@pytest.fixture
def subject(forces):
    return PersonFactory(forenames="Peregrine", surname=SURNAME,
                         created_by_force=forces["kent"])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author(forces):
    return _client(UserFactory(username="kent_writer", force=forces["kent"],
                               roles=[Role.OFFICER]))


@pytest.fixture
def kent_analyst(forces):
    return _client(UserFactory(username="kent_unit", force=forces["kent"], rank="STAFF",
                               roles=[Role.INTELLIGENCE_ANALYST]))


@pytest.fixture
def everyone_elsewhere(forces):
    """A signed-in client for every role in each force but the originating one."""
    return {(force_key, role): _client(UserFactory(username=f"{role}_{force_key}",
                                                   force=forces[force_key], roles=[role]))
            for force_key in ("essex", "met") for role in ALL_ROLES}


def _report_data(**restriction):
    return {"title": TITLE, "obtained_on": "03/11/2026",
            "original_text": "CHIS 881 saw Quillzzy tending plants at 3 Quillzzy Lane.",
            "sanitised_text": "A cannabis grow is believed to be run from Quillzzy Lane.",
            "source_evaluation": "2", "intelligence_assessment": "B",
            "handling_code": "C",
            "handling_conditions": "No executive action without reference to Kent.",
            "retention_group": "3", **restriction}


def _write_link_and_submit(author, subject, *, changes, ticks=()):
    """The author's whole journey on the pages: write, link the subject, submit."""
    response = post_form(author, reverse("intelligence:report_create"), "report-form",
                         changes=changes, ticks=ticks)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = IntelligenceReport.objects.get(title=TITLE)
    links = reverse("intelligence:report_links", args=[report.pk])
    response = post_form(author, f"{links}?type=person&q={SURNAME}", "link-form",
                         changes={"link-entity_id": str(subject.pk),
                                  "link-reason": "Named by the source as the grower"},
                         press=("action", "link"))
    assert response.status_code == 302, response.content.decode()[:3000]
    response = post_form(author, reverse("intelligence:report_detail", args=[report.pk]),
                         "submit")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    return report


def _disseminate_as_shown(analyst, report):
    """The analyst disseminates the grading exactly as the evaluate page shows it."""
    url = reverse("intelligence:report_evaluate", args=[report.pk])
    response = post_form(analyst, url, "disseminate-form", ticks=["sanitisation_checked"],
                         press=("action", "disseminate"))
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.status == ReportStatus.DISSEMINATED
    return report


def _what_they_reach(client, report, subject):
    """What a user reaches of the report: its page, a search for its subject and for its
    title's words, and the subject's profile. Roles outside intelligence (CPS lawyers and
    administrators) are refused all of it at the door."""
    if client.get(reverse("intelligence:index")).status_code == 403:
        return dict.fromkeys(("report page", "search", "subject profile"), False)
    state_reason(client, things=("intelligence.search", f"intelligence.subject:{subject.pk}",
                                 f"intelligence.report:{report.pk}"))
    page = client.get(reverse("intelligence:report_detail", args=[report.pk]))
    searches = [client.get(reverse("intelligence:search"), {"q": words}).content.decode()
                for words in (SURNAME, "Zanzibarite cannabis")]
    profile = client.get(reverse("intelligence:subject_profile", args=[subject.pk]))
    return {
        "report page": page.status_code == 200,
        "search": any(report.reference in content for content in searches),
        "subject profile": (profile.status_code == 200
                            and report.reference in profile.content.decode()),
    }


def _reaches(client, report, subject):
    return any(_what_they_reach(client, report, subject).values())


# restriction -> (what the author changes and ticks, who elsewhere may still read it)
RESTRICTIONS = {
    "originating force only": ({}, ["originator_only"], set()),
    "named forces": ({"shared_with_forces": "met"}, [],
                     {("met", role) for role in ALL_ROLES
                      if role not in (Role.CPS_LAWYER, Role.ADMINISTRATOR)}),
    "named roles": ({"shared_with_roles": [Role.INTELLIGENCE_ANALYST]}, [],
                    {("essex", Role.INTELLIGENCE_ANALYST),
                     ("met", Role.INTELLIGENCE_ANALYST)}),
}


def _changes(restriction, forces):
    extra, ticks, _ = RESTRICTIONS[restriction]
    extra = dict(extra)
    if "shared_with_forces" in extra:
        extra["shared_with_forces"] = [str(forces[extra["shared_with_forces"]].pk)]
    return _report_data(**extra), ticks


@pytest.mark.parametrize("restriction", list(RESTRICTIONS))
def test_a_restriction_set_on_the_pages_holds_against_every_role_elsewhere(
        restriction, forces, subject, author, kent_analyst, everyone_elsewhere):
    changes, ticks = _changes(restriction, forces)
    report = _write_link_and_submit(author, subject, changes=changes, ticks=ticks)
    _disseminate_as_shown(kent_analyst, report)
    allowed = RESTRICTIONS[restriction][2]

    reached_by = {key for key, client in everyone_elsewhere.items()
                  if _reaches(client, report, subject)}

    assert reached_by == allowed
    # The same answer from the one place that decides it.
    listed_for = {key for key, client in everyone_elsewhere.items()
                  if reports_visible_to(_user(client)).filter(pk=report.pk).exists()}
    assert listed_for == allowed


def _user(client):
    from django.contrib.auth import get_user_model
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_reader_the_restriction_allows_reaches_all_three_doors(
        forces, subject, author, kent_analyst, everyone_elsewhere):
    """The control for the refusals above: the same journey and the same checks, for a
    reader the restriction lets in, find the report by each way in."""
    changes, ticks = _changes("named forces", forces)
    report = _disseminate_as_shown(
        kent_analyst, _write_link_and_submit(author, subject, changes=changes, ticks=ticks))

    reach = _what_they_reach(everyone_elsewhere[("met", Role.OFFICER)], report, subject)

    assert reach == {"report page": True, "search": True, "subject profile": True}


def test_the_evaluate_page_shows_the_authors_restriction_ticked(
        forces, subject, author, kent_analyst):
    changes, ticks = _changes("originating force only", forces)
    report = _write_link_and_submit(author, subject, changes=changes, ticks=ticks)

    page = kent_analyst.get(reverse("intelligence:report_evaluate", args=[report.pk]))

    values = form_values(page.content, "disseminate-form")
    assert values.get("originator_only") == "yes"
    assert values.get("handling_code") == "C"


def test_the_analyst_can_add_a_restriction_when_disseminating(
        forces, subject, author, kent_analyst, everyone_elsewhere):
    changes, _ = _changes("named forces", forces)
    changes.pop("shared_with_forces")
    report = _write_link_and_submit(author, subject, changes=changes)
    url = reverse("intelligence:report_evaluate", args=[report.pk])

    post_form(kent_analyst, url, "disseminate-form",
              ticks=["sanitisation_checked", "originator_only"],
              press=("action", "disseminate"))

    report.refresh_from_db()
    assert report.originator_only
    assert not any(_reaches(client, report, subject)
                   for client in everyone_elsewhere.values())


def test_the_authors_edit_keeps_a_restriction_added_after_writing(
        forces, subject, author, kent_analyst, everyone_elsewhere):
    """Written as code P; the analyst asks a question; the author changes it on the edit
    page to C, originating force only, answers, and the analyst disseminates."""
    report = _write_link_and_submit(author, subject, changes=_report_data(
        handling_code="P", handling_conditions=""))
    post_form(kent_analyst, reverse("intelligence:report_evaluate", args=[report.pk]),
              "question-form", changes={"question-question": "Should this stay in Kent?"},
              press=("action", "question"))
    edit = reverse("intelligence:report_edit", args=[report.pk])

    response = post_form(author, edit, "report-form", ticks=["originator_only"], changes={
        "handling_code": "C", "handling_conditions": "Kent only: the source is local."})

    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    assert report.originator_only
    detail = reverse("intelligence:report_detail", args=[report.pk])
    post_form(author, detail, reverse("intelligence:report_answer", args=[report.pk]),
              changes={"answer": "Yes: it is from a Kent source."})
    _disseminate_as_shown(kent_analyst, report)
    assert report.originator_only
    assert not any(_reaches(client, report, subject)
                   for client in everyone_elsewhere.values())
