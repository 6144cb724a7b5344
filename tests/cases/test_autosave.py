"""What an autosave costs: one evaluation of the file rules and a fixed, small number of
queries, while it still checks the version, writes the audit event, stores the section's
status by the rules and queues the section's PDF render.

Before the restructure an autosave of the case summary (an htmx POST) made 38 queries
through the test client (34 for a later save of the same section) and evaluated the
rules 5 times, re-reading the file three times.

"Its own queries" are those of the view, its service and its template: the request
through the test client adds what every request of the site makes before any page (the
session read, the user, the OTP device, the user's roles) and, at most once a minute,
the session renewed (athena.accounts.middleware.SlidingSessionMiddleware).
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import jobs_sweep_stale
from athena.jobs.tasks import run_job
from cases import rules, views
from cases.models import CaseSection, SectionStatus
from cases.services import RENDER_SECTION_JOB

# The session read, the user, the OTP device and the user's roles; and, at most once a
# minute, the session renewed (a save and its savepoint).
QUERIES_OF_EVERY_REQUEST = 6
OWN_QUERIES = 14
# A later save of the same section, the whole request: 34 before the restructure.
LATER_SAVE_WHOLE_REQUEST = 16


def section_url(case):
    return reverse("cases:section", args=[case.pk, "case_summary"])


def autosave(user, case, data):
    """The htmx POST, straight to the view: only the page's own queries."""
    request = RequestFactory().post(section_url(case), data, HTTP_HX_REQUEST="true")
    request.user = user
    request.htmx = HtmxDetails(request)
    return views.section_edit(request, pk=case.pk, kind="case_summary")


@pytest.fixture
def counted_evaluations():
    with mock.patch("cases.rules.evaluate", wraps=rules.evaluate) as evaluate:
        yield evaluate


def test_an_autosave_evaluates_the_rules_once(officer_client, shoplift_case,
                                              counted_evaluations):
    response = officer_client.post(section_url(shoplift_case),
                                   {"summary": "The suspect took two steaks", "version": "0"},
                                   HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert counted_evaluations.call_count == 1


def test_an_autosave_makes_at_most_14_queries_of_its_own_and_does_all_it_did(
    officer, shoplift_case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OWN_QUERIES):
        response = autosave(officer, shoplift_case,
                            {"summary": "The suspect took two steaks", "version": "0"})

    assert response.status_code == 200
    assert b"Saved" in response.content
    section = CaseSection.objects.get(case=shoplift_case, kind="case_summary")
    assert section.version == 1
    assert section.status == SectionStatus.IN_PROGRESS
    assert AuditEvent.objects.filter(action="cases.section.saved").count() == 1
    assert Job.objects.filter(kind=RENDER_SECTION_JOB, object_id=str(section.pk),
                              status=JobStatus.QUEUED).count() == 1


def test_a_later_autosave_from_the_same_page_costs_no_more(
    officer, shoplift_case, django_assert_max_num_queries, counted_evaluations
):
    autosave(officer, shoplift_case, {"summary": "The suspect", "version": "0",
                                      "editor": "page-one"})
    counted_evaluations.reset_mock()

    with django_assert_max_num_queries(OWN_QUERIES):
        response = autosave(officer, shoplift_case,
                            {"summary": "The suspect took two steaks", "version": "0",
                             "editor": "page-one"})

    assert response.status_code == 200
    assert counted_evaluations.call_count == 1
    assert CaseSection.objects.get(kind="case_summary").version == 2
    # The render queued by the first save is still waiting: the second shares it.
    assert Job.objects.filter(kind=RENDER_SECTION_JOB).count() == 1


def test_the_whole_request_adds_only_what_every_request_costs(
    officer_client, shoplift_case, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OWN_QUERIES + QUERIES_OF_EVERY_REQUEST):
        response = officer_client.post(section_url(shoplift_case),
                                       {"summary": "The suspect took two steaks",
                                        "version": "0"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200


def test_a_stale_autosave_still_shows_the_conflict(officer, shoplift_case):
    autosave(officer, shoplift_case, {"summary": "First version", "version": "0"})

    response = autosave(officer, shoplift_case, {"summary": "My stale typing", "version": "0"})

    assert b"Someone else saved this section" in response.content
    assert CaseSection.objects.get(kind="case_summary").data["summary"] == "First version"


def test_a_later_save_through_the_whole_request_needs_under_half_of_before(
    officer_client, shoplift_case, django_assert_max_num_queries
):
    officer_client.post(section_url(shoplift_case), {"summary": "The suspect", "version": "0"},
                        HTTP_HX_REQUEST="true")

    with django_assert_max_num_queries(LATER_SAVE_WHOLE_REQUEST):
        response = officer_client.post(section_url(shoplift_case),
                                       {"summary": "The suspect took two steaks",
                                        "version": "1"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert CaseSection.objects.get(kind="case_summary").version == 2


def test_the_sections_pdf_is_rendered_after_a_minutes_typing_not_after_each_save(
        client, officer, shoplift_case, settings, django_capture_on_commit_callbacks):
    """Through the page: the autosaves of the delay share one render, sent due later, and
    the sweeper does not send it sooner."""
    client.force_login(officer)
    address = reverse("cases:section", args=[shoplift_case.pk, "case_summary"])
    before = timezone.now()
    with mock.patch.object(run_job, "apply_async") as sent:
        for version, words in enumerate(("The suspect", "The suspect took",
                                         "The suspect took two steaks")):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(address, {"summary": words, "version": str(version)},
                                       HTTP_HX_REQUEST="true")
            assert response.status_code == 200

        job = Job.objects.get(kind=RENDER_SECTION_JOB)
        delay = settings.ATHENA_SECTION_RENDER_DELAY_SECONDS
        assert delay >= 30
        assert sent.call_count == 1
        assert sent.call_args.kwargs["countdown"] == delay
        assert job.status == JobStatus.QUEUED
        assert job.lease_expires_at >= before + timedelta(seconds=delay)

        assert jobs_sweep_stale(now=timezone.now() + timedelta(seconds=delay - 5)) == []
        overdue = job.lease_expires_at + timedelta(minutes=5)
        assert jobs_sweep_stale(now=overdue) == [job.pk]
