"""Progress pages of background work say when it is taking longer than usual, that
nothing is lost, and that the officer may leave (athena.jobs.selectors.job_is_delayed
decides when)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.jobs.models import Job, JobStatus
from cases.models import FileSubmission
from tests.cases.test_dcf_helpers import (  # noqa: F401 - fixtures
    _catalogue_rows,
    dcf_catalogue,
    example,
    example_bytes,
)
from tests.cases.test_dcf_views import FIRST, the_job, token_of, upload

pytestmark = pytest.mark.django_db

DELAYED = b"This is taking longer than usual"


def age(job, settings, *, status=JobStatus.QUEUED, progress=0):
    """Make ``job`` older than work of its kind should take."""
    Job.objects.filter(pk=job.pk).update(
        status=status, progress=progress,
        created_at=timezone.now() - settings.ATHENA_JOB_DELAYED_AFTER - timedelta(seconds=5))


@pytest.fixture
def submitted(officer_client, shoplift_case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # the task is not sent: the job waits
        officer_client.post(reverse("cases:submit", args=[shoplift_case.pk]))
    submission = FileSubmission.objects.get()
    return submission, reverse("cases:submission", args=[shoplift_case.pk, submission.pk])


def test_a_submission_on_time_shows_its_progress_without_a_delay(officer_client, submitted):
    _, url = submitted
    response = officer_client.get(url)
    assert b'<progress class="athena-progress"' in response.content
    assert DELAYED not in response.content
    assert b'hx-trigger="every 1s"' in response.content


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_a_delayed_submission_says_so_and_that_nothing_is_lost(officer_client, submitted,
                                                              shoplift_case, settings, status):
    submission, url = submitted
    age(submission.job, settings, status=status, progress=71)
    response = officer_client.get(url)
    page = response.content.decode()
    assert "Checking the file and building the bundle: 71%" in page
    assert "This is taking longer than usual" in page
    assert "Nothing is lost" in page
    assert "You can leave this page" in page
    assert "your supervisor is told the file is ready for review" in page
    assert reverse("cases:detail", args=[shoplift_case.pk]) in page
    # The detail page's link back to this submission, which the message points to.
    detail = officer_client.get(reverse("cases:detail", args=[shoplift_case.pk]))
    assert url.encode() in detail.content


def test_the_polled_partial_says_so_too_and_asks_less_often(officer_client, submitted,
                                                            settings):
    submission, url = submitted
    age(submission.job, settings)
    response = officer_client.get(url, headers={"HX-Request": "true"})
    assert DELAYED in response.content
    assert b'hx-trigger="every 5s"' in response.content
    assert b"<html" not in response.content


def test_a_long_finished_submission_is_not_delayed(officer_client, submitted, settings):
    submission, url = submitted
    age(submission.job, settings, status=JobStatus.DONE, progress=100)
    response = officer_client.get(url)
    assert DELAYED not in response.content
    assert b"hx-trigger" not in response.content


@pytest.mark.usefixtures("dcf_catalogue")
def test_a_delayed_import_says_so_and_where_the_file_will_be(officer_client, settings):
    token = token_of(upload(officer_client, example_bytes(FIRST)))
    url = reverse("cases:dcf_import_progress", args=[token])
    assert DELAYED not in officer_client.get(url).content
    age(the_job(token), settings, status=JobStatus.RUNNING, progress=40)
    page = officer_client.get(url).content.decode()
    assert "Checking the file and importing it: 40%" in page
    assert "This is taking longer than usual" in page
    assert "Nothing is lost" in page
    assert "You can leave this page" in page
    assert reverse("cases:index") in page
    assert 'hx-trigger="every 5s"' in page
