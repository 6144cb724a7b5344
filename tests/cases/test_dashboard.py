"""The file-quality dashboard: its numbers on a known set of files, its charts, who may
see it, and its cost in queries."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.models import AuditEvent
from athena.jobs.models import Job
from cases.dashboard.selectors import format_duration, quality_dashboard
from cases.models import (
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CpsDecision,
    DecisionOutcome,
    FileSubmission,
)
from tests.cases.factories import CaseFileFactory
from tests.cases.factories_cps import cps_lawyer_fixture  # noqa: F401 - fixture
from tests.factories import UserFactory, kent

DASHBOARD = reverse("cases:dashboard")


def this_monday():
    day = timezone.localdate()
    return day - timedelta(days=day.weekday())


def in_week(weeks_back, *, day=1, hour=10):
    """A moment in the week ``weeks_back`` weeks before this one (Tuesday 10:00 by
    default), London time."""
    monday = this_monday() - timedelta(weeks=weeks_back)
    return timezone.make_aware(datetime.combine(monday + timedelta(days=day), time(hour)))


def event(case, kind, at, **fields):
    return CaseEvent.objects.create(case=case, kind=kind, occurred_at=at, **fields)


def submission(case, at):
    job = Job.objects.create(kind="cases.file.submit", object_type="cases.casefile",
                             object_id=str(case.pk))
    return FileSubmission.objects.create(case=case, submitted_by=case.officer_in_case,
                                         job=job, submitted_at=at)


@pytest.fixture
def kent_file(db):
    return CaseFileFactory(force=kent(), officer_in_case=UserFactory(
        username="pc_kent", force=kent(), roles=[Role.OFFICER]))


@pytest.fixture
def known_files(officer, supervisor, kent_file, cps_lawyer):
    """Four Essex files and one Kent file, with history in the last weeks."""
    a, b, c, d = (CaseFileFactory(officer_in_case=officer) for _ in range(4))
    # Last week: A and B submitted, A returned and submitted again: A counts once.
    event(a, CaseEventKind.SUBMITTED, in_week(1, day=0))
    event(b, CaseEventKind.SUBMITTED, in_week(1, day=1))
    event(a, CaseEventKind.RETURNED, in_week(1, day=2), actor=supervisor)
    event(a, CaseEventKind.SUBMITTED, in_week(1, day=3))
    # Two weeks ago: C submitted and approved.
    event(c, CaseEventKind.SUBMITTED, in_week(2, day=0))
    event(c, CaseEventKind.APPROVED, in_week(2, day=4), actor=supervisor)
    # Too long ago to count, and another force's.
    event(d, CaseEventKind.SUBMITTED, in_week(14))
    event(kent_file, CaseEventKind.SUBMITTED, in_week(1))
    # Returned sections: the case summary three times, the charges once.
    for case, kind, comment, weeks in [
        (a, "case_summary", "The summary is one-sided", 1),
        (b, "case_summary", "No interview account", 1),
        (c, "case_summary", "", 2),
        (a, "charges", "Wrong court", 3),
        (d, "witness_statements", "Too old to count", 14),
        (kent_file, "case_summary", "Kent's comment", 1),
    ]:
        event(case, CaseEventKind.SECTION_RETURNED, in_week(weeks), section_kind=kind,
              comment=comment, actor=supervisor)
    # Arrest to first submission: 10, 20, 40 and 50 hours (median 30 hours); arrest to
    # decision 3 and 5 days (median 4 days).
    arrested = in_week(3)
    for case, hours in [(a, 10), (b, 20), (c, 40), (d, 50)]:
        case.arrested_at = arrested
        case.save(update_fields=["arrested_at"])
        submission(case, arrested + timedelta(hours=hours))
        submission(case, arrested + timedelta(hours=hours + 100))  # later ones don't count
    for case, days in [(a, 3), (c, 5)]:
        CpsDecision.objects.create(case=case, outcome=DecisionOutcome.NO_FURTHER_ACTION,
                                   reason="-", decided_by=cps_lawyer,
                                   decided_at=arrested + timedelta(days=days))
    kent_file.arrested_at = arrested
    kent_file.save(update_fields=["arrested_at"])
    submission(kent_file, arrested + timedelta(hours=1))
    return {"a": a, "b": b, "c": c, "d": d}


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


# --- The numbers -------------------------------------------------------------------------

def test_files_submitted_returned_and_approved_each_week(home_force, known_files):
    flow = quality_dashboard(force=home_force)["flow"]
    assert len(flow) == 12
    assert flow[-1]["starts_on"] == this_monday()
    by_week = {week["starts_on"]: week["counts"] for week in flow}
    assert by_week[this_monday() - timedelta(weeks=1)] == [2, 1, 0]
    assert by_week[this_monday() - timedelta(weeks=2)] == [1, 0, 1]
    assert sum(sum(week["counts"]) for week in flow) == 5


def test_the_most_returned_sections_come_first(home_force, known_files):
    reasons = quality_dashboard(force=home_force)["reasons"]
    assert [(reason["kind"], reason["returns"]) for reason in reasons] == [
        ("case_summary", 3), ("charges", 1)]
    assert reasons[0]["title"] == "Case summary (MG5)"


def test_recent_return_comments_are_the_forces_newest_first(home_force, known_files):
    comments = quality_dashboard(force=home_force)["comments"]
    assert [comment["comment"] for comment in comments] == [
        "No interview account", "The summary is one-sided", "Wrong court", "Too old to count"]


def test_median_times_from_arrest(home_force, known_files):
    to_submission, to_decision = quality_dashboard(force=home_force)["medians"]
    assert to_submission["median"] == timedelta(hours=30)
    assert to_submission["files"] == 4
    assert to_submission["shown"] == "30 hours"
    assert to_decision["median"] == timedelta(days=4)
    assert to_decision["files"] == 2
    assert to_decision["shown"] == "4 days"


def test_an_odd_number_of_files_takes_the_middle_one(home_force, known_files):
    FileSubmission.objects.filter(case=known_files["d"]).delete()
    to_submission = quality_dashboard(force=home_force)["medians"][0]
    assert to_submission["median"] == timedelta(hours=20)


@pytest.mark.parametrize(("duration", "shown"), [
    (None, "No files yet"),
    (timedelta(hours=1), "1 hour"),
    (timedelta(hours=47, minutes=30), "47.5 hours"),
    (timedelta(days=2, hours=12), "2.5 days"),
])
def test_durations_are_written_in_hours_then_days(duration, shown):
    assert format_duration(duration) == shown


def test_files_near_their_deadlines(home_force, officer, kent_file):
    now = timezone.now()
    soon = CaseFileFactory(officer_in_case=officer, next_deadline_at=now + timedelta(days=2))
    late = CaseFileFactory(officer_in_case=officer, next_deadline_at=now - timedelta(days=1))
    CaseFileFactory(officer_in_case=officer, next_deadline_at=now + timedelta(days=10))
    CaseFileFactory(officer_in_case=officer, next_deadline_at=now + timedelta(days=1),
                    status=CaseStatus.DECIDED)
    CaseFileFactory(officer_in_case=officer)
    kent_file.next_deadline_at = now + timedelta(days=1)
    kent_file.save(update_fields=["next_deadline_at"])

    near = quality_dashboard(force=home_force, now=now)["near_deadline"]
    assert [(row["case"], row["overdue"]) for row in near] == [(late, True), (soon, False)]


# --- The page ----------------------------------------------------------------------------

def test_the_page_shows_the_numbers_in_charts_and_tables(supervisor_client, known_files):
    response = supervisor_client.get(DASHBOARD)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('role="img"') == 2
    assert 'aria-labelledby="weekly-flow-title weekly-flow-desc"' in content
    assert "<title id=\"weekly-flow-title\">" in content
    assert 'id="weekly-flow-returned"' in content  # a pattern, not colour alone
    assert "style=" not in content.split("<main")[1]
    assert "<script" not in content.split("<main")[1].split("</main>")[0]
    assert 'id="flow-table"' in content and 'id="reasons-table"' in content
    assert "30 hours" in content and "4 days" in content
    assert "Case summary (MG5)" in content
    assert AuditEvent.objects.filter(action="cases.dashboard.viewed").exists()


def test_an_empty_force_has_an_empty_dashboard(supervisor_client):
    response = supervisor_client.get(DASHBOARD)
    assert response.status_code == 200
    assert b"No sections were returned in these weeks." in response.content
    assert b"No files yet" in response.content


@pytest.mark.parametrize("who", ["officer", "outsider", "cps_lawyer", "analyst"])
def test_only_file_supervisors_see_the_dashboard(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(DASHBOARD).status_code == 403


def test_a_supervisor_of_no_force_sees_no_dashboard(client, db):
    client.force_login(UserFactory(username="ds_none", force=None,
                                   roles=[Role.FILE_SUPERVISOR]))
    assert client.get(DASHBOARD).status_code == 403


def test_another_forces_supervisor_sees_only_their_force(client, known_files, kent_file):
    client.force_login(UserFactory(username="ds_kent", force=kent(),
                                   roles=[Role.FILE_SUPERVISOR]))
    response = client.get(DASHBOARD)
    assert b"Kent&#x27;s comment" in response.content
    assert b"The summary is one-sided" not in response.content


def test_the_page_costs_the_same_queries_with_many_files(supervisor_client, officer,
                                                         supervisor, cps_lawyer,
                                                         django_assert_max_num_queries):
    def make_files(count):
        for n in range(count):
            case = CaseFileFactory(officer_in_case=officer, arrested_at=in_week(2),
                                   next_deadline_at=timezone.now() + timedelta(days=n % 9))
            for kind in (CaseEventKind.SUBMITTED, CaseEventKind.RETURNED,
                         CaseEventKind.APPROVED):
                event(case, kind, in_week(n % 12))
            event(case, CaseEventKind.SECTION_RETURNED, in_week(n % 12),
                  section_kind="case_summary", comment=f"Comment {n}")
            submission(case, in_week(2) + timedelta(hours=n + 1))
            CpsDecision.objects.create(case=case, outcome=DecisionOutcome.NO_FURTHER_ACTION,
                                       decided_by=cps_lawyer, reason="-",
                                       decided_at=in_week(2) + timedelta(days=n % 5 + 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert supervisor_client.get(DASHBOARD).status_code == 200
        return len(captured)

    make_files(3)
    few = queries()
    make_files(60)
    with django_assert_max_num_queries(few):
        supervisor_client.get(DASHBOARD)
    # The figures themselves: three for the history, four for the medians (a count and
    # the middle rows of each), one for the deadlines.
    with django_assert_max_num_queries(8):
        quality_dashboard(force=supervisor.force)
