"""Job handlers of case files. The shared ``run_job`` task claims the job row first, so a
handler runs once per job however often its message is delivered; each handler also
overwrites its own outputs, so running it again after a crash is safe.

Each handler loads what its job names by id and calls a service (services.py; the PDF
render is bundle.py's). Renders run outside any database transaction: they are slow and
need no locks.

Celery autodiscovers this module; the job kinds of every part of the app are registered
when the app is ready (apps.py), so a web process knows them as well as a worker.
"""

import structlog
from celery import shared_task

from athena.jobs.registry import job_handler
from athena.jobs.services import job_set_progress
from cases import housekeeping, readiness, selectors, services
from cases.bundle import render_section_if_stale
from cases.services import REBUNDLE_JOB, RENDER_SECTION_JOB, SUBMIT_FILE_JOB

log = structlog.get_logger(__name__)


@job_handler(RENDER_SECTION_JOB)
def section_render(job):
    """Render the section's PDF as it is now, unless it already was (a removed section
    needs nothing)."""
    section = selectors.section_for_render(pk=job.object_id)
    if section is not None:
        render_section_if_stale(section)


def _submission_failed(job):
    """The check failed for good: give the file back to the officer."""
    submission = selectors.submission_for_job(job)
    if submission is not None:
        services.submission_check_failed(submission=submission)


@job_handler(SUBMIT_FILE_JOB, on_final_failure=_submission_failed)
def file_submit(job):
    """Check the whole file by the rules and, if nothing is missing, assemble its bundle
    (``readiness.submission_check``)."""
    submission = selectors.submission_for_job(job)
    if submission is None:
        log.info("cases.submission.missing", job_id=job.pk)
        return
    readiness.submission_check(submission=submission, progress=lambda percent: (
        job_set_progress(job=job, percent=percent)))


@job_handler(REBUNDLE_JOB)
def submission_rebundle(job):
    """Build a submission's bundle again after a supervisor's correction
    (``services.submission_rebundle``)."""
    submission = selectors.submission_get(pk=job.object_id)
    if submission is not None:
        services.submission_rebundle(submission=submission, progress=lambda percent: (
            job_set_progress(job=job, percent=percent)))


@shared_task(name="cases.clean_orphaned_uploads")
def clean_orphaned_uploads():
    """Delete stored files nothing points to (``housekeeping``); beat runs it hourly."""
    return housekeeping.orphaned_uploads_delete().deleted
