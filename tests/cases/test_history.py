"""The file's history: every event from creation to approval, newest first, on a page
of MoJ timeline markup."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from athena.jobs.tasks import run_job
from cases import services
from cases.models import CaseEvent, CaseEventKind, CaseSection
from cases.review import services as services_review
from tests.cases.factories import CaseFileFactory, complete_case_file
from tests.cases.test_review_support import (
    decide,
    file_awaiting_review_of,
    submit_and_pass,
)


@pytest.fixture
def file_awaiting_review(officer):
    return file_awaiting_review_of(officer)


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).order_by("occurred_at", "pk")
                .values_list("kind", flat=True))


def test_creating_a_file_starts_its_history(officer, shoplift_case):
    [event] = CaseEvent.objects.filter(case=shoplift_case)
    assert (event.kind, event.actor) == (CaseEventKind.CREATED, officer)


def test_a_section_completed_is_recorded_the_first_time_only(officer, shoplift_case):
    url_data = {"summary": "He took steaks.", "interview_type": "full_account",
                "interview_date": "2026-11-19", "legally_represented": "no",
                "special_warnings_given": "no"}
    section = services.section_save(acting_user=officer, case=shoplift_case,
                                    kind="case_summary", data={"summary": "He took"},
                                    expected_version=0).section
    assert CaseEventKind.SECTION_COMPLETED not in kinds(shoplift_case)
    section = services.section_save(acting_user=officer, case=shoplift_case,
                                    kind="case_summary",
                                    data={**url_data, "interview_summary": "Forgot"},
                                    expected_version=section.version).section
    assert CaseSection.objects.get(pk=section.pk).status == "completed"
    section = services.section_save(acting_user=officer, case=shoplift_case,
                                    kind="case_summary", data=url_data,
                                    expected_version=section.version).section
    assert CaseSection.objects.get(pk=section.pk).status == "in_progress"
    services.section_save(acting_user=officer, case=shoplift_case, kind="case_summary",
                          data={**url_data, "interview_summary": "Forgot to pay"},
                          expected_version=section.version)
    completed = CaseEvent.objects.filter(kind=CaseEventKind.SECTION_COMPLETED)
    assert [(e.section_kind, e.actor) for e in completed] == [("case_summary", officer)]


def test_a_failed_check_is_in_the_history(officer):
    case = CaseFileFactory(officer_in_case=officer)
    submission = services.case_submit(acting_user=officer, case=case)
    run_job(submission.job_id)
    event = CaseEvent.objects.get(kind=CaseEventKind.CHECK_FAILED)
    assert event.actor is None
    assert event.details["submission"] == submission.pk
    assert kinds(case) == [CaseEventKind.SUBMITTED, CaseEventKind.CHECK_FAILED]


def test_the_history_lists_the_review_in_order(officer, supervisor, file_awaiting_review):
    case = file_awaiting_review
    charges = CaseSection.objects.get(case=case, kind="charges")
    services_review.section_correct(acting_user=supervisor, case=case, kind="charges",
                                    changes={"court": "Basildon"},
                                    expected_version=charges.version)
    decide(supervisor, case, returned=["case_summary"])
    services_review.case_review_complete(acting_user=supervisor, case=case)
    summary = CaseSection.objects.get(case=case, kind="case_summary")
    services.section_save(acting_user=officer, case=case, kind="case_summary",
                          data={**summary.data, "interview_summary": "Forgot."},
                          expected_version=summary.version)
    submit_and_pass(case, officer)
    services_review.section_approve(acting_user=supervisor, case=case, kind="case_summary")
    services_review.case_review_complete(acting_user=supervisor, case=case)

    # (The factory built the file without services: its sections were never "completed"
    # in its history until the officer's save.)
    assert kinds(case) == [
        CaseEventKind.SUBMITTED, CaseEventKind.SECTION_CORRECTED,
        CaseEventKind.SECTION_RETURNED, *[CaseEventKind.SECTION_APPROVED] * 6,
        CaseEventKind.RETURNED, CaseEventKind.SECTION_COMPLETED, CaseEventKind.SUBMITTED,
        CaseEventKind.SECTION_APPROVED, CaseEventKind.APPROVED]


def test_the_history_page_shows_a_timeline_newest_first(client, officer_client, outsider,
                                                       supervisor, file_awaiting_review):
    decide(supervisor, file_awaiting_review, returned=["case_summary"],
           fields=["interview_summary"], comment="Balance the summary")
    services_review.case_review_complete(acting_user=supervisor,
                                         case=file_awaiting_review)
    url = reverse("cases:history", args=[file_awaiting_review.pk])

    response = officer_client.get(url)

    content = response.content.decode()
    assert 'class="moj-timeline"' in content
    titles = [entry["title"] for entry in response.context["entries"]]
    assert titles[0] == "Returned to the officer"
    assert titles[-1] == "Submitted for review"
    assert "Section returned: Case summary (MG5)" in titles
    assert "Balance the summary" in content
    assert "Pointed at: Summary of the interview" in content
    assert f"by {escape(supervisor.display_name)}" in content
    detail = officer_client.get(reverse("cases:detail", args=[file_awaiting_review.pk]))
    assert f'href="{url}"'.encode() in detail.content
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_history_page_query_count_does_not_grow_with_events(
    officer_client, officer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = complete_case_file(officer_in_case=officer)
    url = reverse("cases:history", args=[case.pk])
    officer_client.get(url)
    with CaptureQueriesContext(connection) as one:
        officer_client.get(url)
    for _ in range(5):
        services.case_event_record(case=case, kind=CaseEventKind.SUBMITTED, actor=officer)
    with django_assert_max_num_queries(len(one.captured_queries)):
        officer_client.get(url)


def test_a_check_that_could_not_finish_is_in_the_history(officer):
    from unittest import mock

    case = complete_case_file(officer_in_case=officer)
    submission = services.case_submit(acting_user=officer, case=case)
    with mock.patch("django.core.files.storage.FileSystemStorage.save",
                    side_effect=OSError("No space left on device")):
        assert run_job(submission.job_id) == "failed"
    event = CaseEvent.objects.get(kind=CaseEventKind.CHECK_FAILED)
    assert event.details == {"submission": submission.pk, "check_could_not_finish": True}
