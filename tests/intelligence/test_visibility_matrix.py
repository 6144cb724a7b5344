"""Who sees which report: the sharing matrix of role x force x handling code.

The expectations are written out by hand, scenario by scenario, rather than computed
from the rule, so the table is an independent statement of DOMAIN.md 3.1.

Each scenario is built twice: by the factory, which writes the row directly, and
through the pages an author and an analyst use, which is the only way a real report is
made. The matrix once ran on factory rows alone, and so passed while "originating force
only" never reached the database from the form: it tested the rule against rows the
application could not produce.
"""

import pytest
from django.test import Client
from django.urls import reverse

from athena.accounts.models import Force
from athena.accounts.roles import Role
from intelligence.models import IntelligenceReport, ReportStatus
from intelligence.selectors import (
    may_view_original,
    may_view_report,
    reports_visible_to,
)
from tests.factories import UserFactory, essex, kent
from tests.html_forms import post_form
from tests.intelligence.factories import ConditionalReportFactory, IntelligenceReportFactory

ESSEX, KENT, THIRD = "essex", "kent", "third"
POLICE_ROLES = [Role.OFFICER, Role.CUSTODY_OFFICER, Role.INSPECTOR, Role.SUPERINTENDENT,
                Role.FILE_SUPERVISOR, Role.INTELLIGENCE_ANALYST]
ALL_ROLES = [*POLICE_ROLES, Role.CPS_LAWYER, Role.ADMINISTRATOR]
EVERY_POLICE_USER = {(force, role) for force in (ESSEX, KENT, THIRD) for role in POLICE_ROLES}


def _police(*forces):
    return {(force, role) for force in forces for role in POLICE_ROLES}


# scenario -> (factory keyword arguments, who may see it)
SCENARIOS = {
    "P": ({}, EVERY_POLICE_USER),
    "C, conditions in words only": ({"conditional": True}, EVERY_POLICE_USER),
    "C, originating force only": ({"conditional": True, "originator_only": True},
                                  _police(ESSEX)),
    "C, named force Kent": ({"conditional": True, "forces": [KENT]}, _police(ESSEX, KENT)),
    "C, analysts only": ({"conditional": True, "roles": [Role.INTELLIGENCE_ANALYST]},
                         {(force, Role.INTELLIGENCE_ANALYST)
                          for force in (ESSEX, KENT, THIRD)}),
    "C, Kent officers only": (
        {"conditional": True, "forces": [KENT], "roles": [Role.OFFICER]},
        {(ESSEX, Role.OFFICER), (KENT, Role.OFFICER),
         (ESSEX, Role.INTELLIGENCE_ANALYST)}),  # the originating unit always sees its own
    "C, originating force officers only": (
        {"conditional": True, "originator_only": True, "roles": [Role.OFFICER]},
        {(ESSEX, Role.OFFICER), (ESSEX, Role.INTELLIGENCE_ANALYST)}),
    "submitted, not yet evaluated": ({"status": ReportStatus.SUBMITTED},
                                     {(ESSEX, Role.INTELLIGENCE_ANALYST)}),
    "rejected": ({"status": ReportStatus.REJECTED}, {(ESSEX, Role.INTELLIGENCE_ANALYST)}),
    "draft": ({"status": ReportStatus.DRAFT}, set()),
}


@pytest.fixture
def forces(db):
    third = Force.objects.get_or_create(code="01", defaults={"name": "Metropolitan"})[0]
    return {ESSEX: essex(), KENT: kent(), THIRD: third}


@pytest.fixture
def users(forces):
    return {(force_key, role): UserFactory(username=f"{role}_{force_key}", force=force,
                                           roles=[role])
            for force_key, force in forces.items() for role in ALL_ROLES}


def _report(forces, *, conditional=False, originator_only=False, forces_named=(),
            roles=(), status=ReportStatus.DISSEMINATED):
    factory = ConditionalReportFactory if conditional else IntelligenceReportFactory
    return factory(originating_force=forces[ESSEX], status=status,
                   originator_only=originator_only,
                   shared_with_forces=[forces[key] for key in forces_named],
                   shared_with_roles=list(roles))


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _report_through_the_pages(forces, *, conditional=False, originator_only=False,
                              forces_named=(), roles=(), status=ReportStatus.DISSEMINATED):
    """The same report as ``_report`` makes, made as users make it: an Essex officer
    fills in the form and submits it; an Essex analyst disseminates (or rejects) it from
    the evaluate page exactly as the page shows it."""
    author = _signed_in(UserFactory(force=forces[ESSEX], roles=[Role.OFFICER]))
    unit = _signed_in(UserFactory(force=forces[ESSEX], roles=[Role.INTELLIGENCE_ANALYST]))
    changes = {"title": "Matrix report", "obtained_on": "03/11/2026",
               "original_text": "The source saw it.", "sanitised_text": "It was seen.",
               "source_evaluation": "2", "intelligence_assessment": "C",
               "handling_code": "C" if conditional else "P", "retention_group": "3",
               "handling_conditions": "Ask Essex first." if conditional else "",
               "shared_with_forces": [str(forces[key].pk) for key in forces_named],
               "shared_with_roles": [str(role) for role in roles]}
    response = post_form(author, reverse("intelligence:report_create"), "report-form",
                         changes=changes, ticks=["originator_only"] if originator_only else ())
    assert response.status_code == 302, response.content.decode()[:3000]
    report = IntelligenceReport.objects.latest("pk")
    if status != ReportStatus.DRAFT:
        post_form(author, reverse("intelligence:report_detail", args=[report.pk]), "submit")
    evaluate = reverse("intelligence:report_evaluate", args=[report.pk])
    if status == ReportStatus.DISSEMINATED:
        post_form(unit, evaluate, "disseminate-form", ticks=["sanitisation_checked"],
                  press=("action", "disseminate"))
    elif status == ReportStatus.REJECTED:
        post_form(unit, evaluate, "reject-form", changes={"reject-reason": "Held already."},
                  press=("action", "reject"))
    report.refresh_from_db()
    assert report.status == status
    return report


MADE_BY = {"factory": _report, "pages": _report_through_the_pages}


@pytest.mark.parametrize("made_by", list(MADE_BY))
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_each_user_sees_exactly_what_the_handling_code_allows(scenario, made_by, forces,
                                                              users):
    arguments, expected = SCENARIOS[scenario]
    arguments = dict(arguments)
    forces_named = arguments.pop("forces", ())
    report = MADE_BY[made_by](forces, forces_named=forces_named, **arguments)

    seen_by = {key for key, user in users.items() if may_view_report(user, report)}
    listed_for = {key for key, user in users.items()
                  if report in reports_visible_to(user)}

    assert seen_by == expected
    assert listed_for == expected


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.SUBMITTED,
                                    ReportStatus.QUESTION, ReportStatus.DISSEMINATED,
                                    ReportStatus.REJECTED])
def test_the_author_always_sees_their_own_report(status, forces):
    report = ConditionalReportFactory(originating_force=forces[ESSEX], status=status,
                                      originator_only=True,
                                      shared_with_roles=[Role.INTELLIGENCE_ANALYST])
    report.author.groups.clear()
    from django.contrib.auth.models import Group
    report.author.groups.add(Group.objects.get(name=Role.OFFICER))

    assert may_view_report(report.author, report)
    assert may_view_original(report.author, report)


def test_the_original_is_for_the_author_and_the_originating_unit_only(forces, users):
    report = _report(forces)

    may_read_original = {key for key, user in users.items()
                         if may_view_original(user, report)}

    assert may_read_original == {(ESSEX, Role.INTELLIGENCE_ANALYST)}


def test_the_originating_unit_does_not_read_an_authors_draft(forces, users):
    report = _report(forces, status=ReportStatus.DRAFT)

    assert not may_view_original(users[(ESSEX, Role.INTELLIGENCE_ANALYST)], report)


def test_a_user_with_no_force_sees_nothing(forces):
    _report(forces)
    drifter = UserFactory(username="no_force", force=None, roles=[Role.OFFICER])

    assert not reports_visible_to(drifter).exists()


def test_the_visible_list_is_one_query_whatever_the_restrictions(
        forces, users, django_assert_num_queries):
    for arguments, _ in SCENARIOS.values():
        arguments = dict(arguments)
        forces_named = arguments.pop("forces", ())
        _report(forces, forces_named=forces_named, **arguments)
    user = users[(KENT, Role.OFFICER)]
    user.role_names  # noqa: B018 - read once per request, as a view would

    with django_assert_num_queries(1):
        titles = list(reports_visible_to(user).values_list("title", flat=True))

    assert len(titles) == 4  # P, C in words, C named Kent, C Kent officers
