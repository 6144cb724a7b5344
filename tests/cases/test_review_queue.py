"""The supervisor's queue of files awaiting review: which files, in what order, its
filters and their counts, force scoping, and a query count that does not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.accounts.roles import Role
from athena.jobs.models import Job, JobStatus
from athena.offences.models import OffenceCategory
from cases.models import CaseStatus, FileSubmission
from cases.review.selectors import QueueFilters, review_queue
from cases.services import SUBMIT_FILE_JOB
from tests.cases.factories import CaseFileFactory, ChargedOffenceFactory, SuspectFactory
from tests.factories import UserFactory, kent
from tests.offences.factories import OffenceFactory

NOW = timezone.now()


def queued_file(officer, *, status=CaseStatus.SUBMITTED, job_status=JobStatus.DONE,
                problems=None, days_waiting=0, deadline_in_days=None, offence=None):
    """A file as the queue sees it: a suspect with an offence, and a submission whose
    check (the job) is in ``job_status`` with ``problems``."""
    case = CaseFileFactory(
        officer_in_case=officer, force=officer.force, status=status,
        next_deadline_at=NOW + timedelta(days=deadline_in_days)
        if deadline_in_days is not None else None)
    ChargedOffenceFactory(suspect=SuspectFactory(case=case),
                          offence=offence or OffenceFactory(category=OffenceCategory.EITHER_WAY))
    job = Job.objects.create(kind=SUBMIT_FILE_JOB, object_type="cases.casefile",
                             object_id=str(case.pk), status=job_status)
    FileSubmission.objects.create(case=case, submitted_by=officer, job=job,
                                  problems=problems or {},
                                  submitted_at=NOW - timedelta(days=days_waiting, minutes=5))
    return case


def urns(files):
    return [case.urn for case in files]


@pytest.fixture
def cid(home_force):
    return UserFactory(username="dc_cid", force=home_force, team="Chelmsford CID",
                       roles=[Role.OFFICER])


@pytest.fixture
def response_team(home_force):
    return UserFactory(username="pc_response", force=home_force, team="Basildon Response",
                       roles=[Role.OFFICER])


def test_the_queue_holds_checked_submitted_files_and_files_in_review(supervisor, cid,
                                                                     outsider):
    checked = queued_file(cid)
    in_review = queued_file(cid, status=CaseStatus.IN_REVIEW)
    queued_file(cid, job_status=JobStatus.RUNNING)  # check still running
    queued_file(cid, job_status=JobStatus.QUEUED)
    queued_file(cid, problems={"charges": [{"field": "court"}]})  # a check that failed
    queued_file(cid, status=CaseStatus.DRAFT)
    queued_file(cid, status=CaseStatus.RETURNED)
    queued_file(cid, status=CaseStatus.APPROVED)
    queued_file(outsider)  # Kent's
    queued_file(supervisor)  # the supervisor's own file: another supervisor reviews it

    files, _ = review_queue(user=supervisor, filters=QueueFilters())

    assert sorted(urns(files)) == sorted([checked.urn, in_review.urn])


def test_only_the_latest_submissions_check_counts(supervisor, cid):
    case = queued_file(cid)
    # Returned, resubmitted, and the new check is still running.
    FileSubmission.objects.create(case=case, submitted_by=cid, job=Job.objects.create(
        kind=SUBMIT_FILE_JOB, status=JobStatus.RUNNING))
    files, _ = review_queue(user=supervisor, filters=QueueFilters())
    assert urns(files) == []


def test_a_supervisor_of_another_force_sees_only_their_own_forces_files(cid, home_force):
    queued_file(cid)
    kent_supervisor = UserFactory(username="ds_kent", force=kent(),
                                  roles=[Role.FILE_SUPERVISOR])
    kent_officer = UserFactory(username="pc_kent", force=kent(), roles=[Role.OFFICER])
    kents = queued_file(kent_officer)
    files, _ = review_queue(user=kent_supervisor, filters=QueueFilters())
    assert urns(files) == [kents.urn]


def test_the_queue_is_ordered_by_deadline_then_by_waiting_longest(supervisor, cid):
    no_deadline = queued_file(cid, days_waiting=9)
    later = queued_file(cid, deadline_in_days=10)
    soon = queued_file(cid, deadline_in_days=1)
    same_soon_waited_longer = queued_file(cid, deadline_in_days=1, days_waiting=3)
    files, _ = review_queue(user=supervisor, filters=QueueFilters())
    # The same instant for two deadlines is unlikely; compare by day.
    assert urns(files)[-2:] == [later.urn, no_deadline.urn]
    assert set(urns(files)[:2]) == {soon.urn, same_soon_waited_longer.urn}


def test_the_team_filter_and_its_counts(supervisor, cid, response_team):
    cid_files = [queued_file(cid) for _ in range(2)]
    queued_file(response_team)
    files, facets = review_queue(user=supervisor,
                                 filters=QueueFilters(team="Chelmsford CID"))
    assert sorted(urns(files)) == sorted(urns(cid_files))
    assert [(o.label, o.count) for o in facets["team"]] == [
        ("Basildon Response", 1), ("Chelmsford CID", 2)]


def test_the_offence_filter_by_mode_of_trial_and_by_group(supervisor, cid, shop_theft):
    shoplifting = queued_file(cid, offence=shop_theft)
    summary = queued_file(cid, offence=OffenceFactory(
        category=OffenceCategory.SUMMARY_NON_MOTORING))
    abh = queued_file(cid, offence=OffenceFactory(cjs_code="OF61016", title="ABH",
                                                  category=OffenceCategory.EITHER_WAY))
    files, facets = review_queue(user=supervisor, filters=QueueFilters(offence="retail_theft"))
    assert urns(files) == [shoplifting.urn]
    files, _ = review_queue(user=supervisor, filters=QueueFilters(offence="summary_only"))
    assert urns(files) == [summary.urn]
    files, _ = review_queue(user=supervisor, filters=QueueFilters(offence="gbh_wounding_abh"))
    assert urns(files) == [abh.urn]
    counts = {option.value: option.count for _, options in facets["offence"]
              for option in options}
    assert counts["either_way"] == 2
    assert counts["summary_only"] == 1
    assert counts["retail_theft"] == 1
    assert counts["hate_crime"] == 0


def test_the_age_filter_and_its_counts(supervisor, cid):
    today = queued_file(cid)
    two_days = queued_file(cid, days_waiting=2)
    week = queued_file(cid, days_waiting=8)
    _, facets = review_queue(user=supervisor, filters=QueueFilters())
    assert {o.value: o.count for o in facets["age"]} == {
        "under_1_day": 1, "1_to_2_days": 1, "3_to_6_days": 0, "7_days_or_more": 1}
    for band, expected in (("under_1_day", today), ("1_to_2_days", two_days),
                           ("7_days_or_more", week)):
        files, _ = review_queue(user=supervisor, filters=QueueFilters(age=band))
        assert urns(files) == [expected.urn]


def test_counts_of_one_filter_follow_the_others(supervisor, cid, response_team, shop_theft):
    queued_file(cid, offence=shop_theft)
    queued_file(response_team, offence=shop_theft)
    queued_file(response_team)
    _, facets = review_queue(user=supervisor,
                             filters=QueueFilters(team="Basildon Response"))
    counts = {option.value: option.count for _, options in facets["offence"]
              for option in options}
    assert counts["retail_theft"] == 1
    # The team facet itself ignores the team filter, so every team can be chosen.
    assert {o.value: o.count for o in facets["team"]} == {"Basildon Response": 2,
                                                           "Chelmsford CID": 1}


def test_the_queue_page_lists_files_with_links_to_their_review(client, supervisor, cid):
    case = queued_file(cid, deadline_in_days=2)
    client.force_login(supervisor)
    response = client.get(reverse("cases:review_queue"), {"team": "Chelmsford CID"})
    assert response.status_code == 200
    assert b"1 file awaiting review" in response.content
    assert reverse("cases:review", args=[case.pk]).encode() in response.content
    assert b"Chelmsford CID (1)" in response.content
    assert b'<option value="Chelmsford CID" selected>' in response.content


@pytest.mark.parametrize("query", [
    {"team": "x" * 20000}, {"offence": "<script>alert(1)</script>"}, {"age": "forever"},
    {"offence": "\x00"}, {"page": "-1"}, {"page": "abc"}, {"unknown": "1"},
])
def test_hostile_filters_are_explained_not_500(client, supervisor, cid, query):
    queued_file(cid)
    client.force_login(supervisor)
    response = client.get(reverse("cases:review_queue"), query)
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


def test_the_queue_page_query_count_does_not_grow_with_files(
    client, supervisor, cid, response_team, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(supervisor)
    url = reverse("cases:review_queue")
    queued_file(cid)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"offence": "either_way"})
    for number in range(12):
        queued_file(cid if number % 2 else response_team, days_waiting=number,
                    deadline_in_days=number)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url, {"offence": "either_way"})
    assert len(response.context["rows"]) == 13


def test_the_supervisors_home_lists_files_awaiting_review(client, supervisor, cid):
    case = queued_file(cid)
    client.force_login(supervisor)
    response = client.get(reverse("home"))
    worklist = next(w for section in response.context["sections"]
                    for w in section["worklists"] if w["title"] == "Files awaiting review")
    [item] = worklist["items"]
    assert item.url == reverse("cases:review", args=[case.pk])
    assert "Chelmsford CID" in item.detail
