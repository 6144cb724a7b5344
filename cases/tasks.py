"""Job handlers of case files. The shared ``run_job`` task claims the job row first, so a
handler runs once per job however often its message is delivered; each handler also
overwrites its own outputs, so running it again after a crash is safe.

Renders run outside any database transaction: they are slow and need no locks.
"""

import structlog
from django.db import transaction
from django.utils import timezone

from athena.audit.services import audit_record
from athena.jobs.registry import job_handler
from athena.jobs.services import job_set_progress
from cases import rules, selectors, validation
from cases.bundle import (
    UnreadableExhibits,
    assemble_bundle,
    bundle_discard,
    render_section_if_stale,
)
from cases.models import CaseEventKind, CaseFile, CaseSection, CaseStatus, FileSubmission
from cases.services import (
    REBUNDLE_JOB,
    RENDER_SECTION_JOB,
    SUBMIT_FILE_JOB,
    case_event_record,
)

log = structlog.get_logger(__name__)

VALIDATED_PERCENT = 10
ASSEMBLED_PERCENT = 95


@job_handler(RENDER_SECTION_JOB)
def section_render(job):
    """Render the section's PDF as it is now, unless it already was (a removed section
    needs nothing)."""
    section = (CaseSection.objects.select_related("case").prefetch_related("items")
               .filter(pk=job.object_id).first())
    if section is not None:
        render_section_if_stale(section)


def _submission_failed(job):
    """The check failed for good (an error, or a worker that died): give the file back
    so the officer can submit again, rather than leave it submitted with nothing coming."""
    submission = FileSubmission.objects.filter(job=job).first()
    if submission is not None:
        _return_to_draft(submission, action="cases.submission.failed",
                         history={"check_could_not_finish": True})


@job_handler(SUBMIT_FILE_JOB, on_final_failure=_submission_failed)
def file_submit(job):
    """Check the whole file by the rules and, if nothing is missing, assemble its bundle.

    Problems are stored per section on the submission and send the file back to the
    officer as a draft; a complete file stays submitted with its bundle.
    """
    submission = FileSubmission.objects.filter(job=job).first()
    if submission is None:
        log.info("cases.submission.missing", job_id=job.pk)
        return
    _check_and_assemble(job, submission)


def _check_and_assemble(job, submission):
    case = selectors.case_get(pk=submission.case_id)
    submission.case = case
    facts = selectors.case_facts(case)
    requirements = rules.evaluate(facts)
    sections_by_kind = {section.kind: section for section in case.sections.all()}
    problems = validation.file_problems(facts, requirements, sections_by_kind)
    job_set_progress(job=job, percent=VALIDATED_PERCENT)
    if not problems:
        try:
            assemble_bundle(case, submission, requirements=requirements,
                            progress=lambda fraction: job_set_progress(
                                job=job, percent=_assembly_percent(fraction)))
        except UnreadableExhibits as error:
            problems = error.problems
    if problems:
        bundle_discard(submission)
    _record_outcome(submission=submission, problems=problems)
    job_set_progress(job=job, percent=100)


def _assembly_percent(fraction):
    return VALIDATED_PERCENT + round((ASSEMBLED_PERCENT - VALIDATED_PERCENT) * fraction)


def _record_outcome(*, submission, problems):
    """Store the problems found (none when the bundle is ready) and, if there are any,
    give the file back to the officer as a draft, with its audit event."""
    stored = {kind: [problem.as_dict() for problem in found]
              for kind, found in problems.items()}
    with transaction.atomic():
        FileSubmission.objects.filter(pk=submission.pk).update(problems=stored)
        submission.problems = stored
        if problems:
            counts = {kind: len(found) for kind, found in stored.items()}
            _return_to_draft(submission, action="cases.submission.returned",
                             history={"problems": counts}, problems=counts)
        else:
            audit_record(actor=None, action="cases.submission.ready",
                         object_type="cases.casefile", object_id=submission.case_id,
                         details={"submission": submission.pk,
                                  "bundle_pages": submission.bundle_pages})


def _return_to_draft(submission, *, action, history, **details):
    """Give the file back to the officer, with its audit event and, if it went back, a
    line in its history. Only a file still waiting on this check goes back: never one a
    supervisor has since taken."""
    with transaction.atomic():
        returned = CaseFile.objects.filter(
            pk=submission.case_id, status=CaseStatus.SUBMITTED
        ).update(status=CaseStatus.DRAFT, updated_at=timezone.now())
        audit_record(actor=None, action=action, object_type="cases.casefile",
                     object_id=submission.case_id,
                     details={"submission": submission.pk, "returned_to_draft": bool(returned),
                              **details})
        if returned:
            case_event_record(case=submission.case, kind=CaseEventKind.CHECK_FAILED,
                              details={"submission": submission.pk, **history})


@job_handler(REBUNDLE_JOB)
def submission_rebundle(job):
    """Build the bundle of a submission again after a supervisor corrected the file, so
    what goes to the CPS is what was approved. A submission without a bundle (its check
    did not pass) needs none."""
    submission = FileSubmission.objects.filter(pk=job.object_id).first()
    if submission is None or not submission.bundle:
        return
    case = selectors.case_get(pk=submission.case_id)
    submission.case = case
    try:
        assemble_bundle(case, submission, progress=lambda fraction: job_set_progress(
            job=job, percent=round(100 * fraction)))
    except UnreadableExhibits:
        # The exhibits were readable when the file was checked; keep the bundle built then.
        log.warning("cases.submission.rebundle_unreadable", submission_id=submission.pk)
