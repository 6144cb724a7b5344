import io
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from athena.audit.models import AuditEvent
from athena.jobs.models import Job, JobStatus
from athena.jobs.services import job_set_progress
from athena.jobs.tasks import run_job
from cases.bundle import render_section_if_stale
from cases.models import CaseFile, CaseSection, CaseStatus, FileSubmission
from cases.sections import SectionKind
from cases.services import (
    RENDER_SECTION_JOB,
    SUBMIT_FILE_JOB,
    case_submit,
    section_save,
)
from tests.cases.factories import (
    CaseFileFactory,
    CaseSectionFactory,
    ChargedOffenceFactory,
    SectionItemFactory,
    SuspectFactory,
    complete_case_file,
)

pytestmark = pytest.mark.django_db


def render_job(section):
    return Job.objects.filter(kind=RENDER_SECTION_JOB, object_id=str(section.pk)).latest("pk")


def bundle_texts(field_file):
    with field_file.open("rb") as stored:
        return [page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages]


def test_the_handlers_are_registered_when_django_starts():
    """A worker starts Django and nothing else: the cases app must register its handlers."""
    check = ("import django; django.setup(); from athena.jobs.registry import handler_for; "
             f"handler_for({RENDER_SECTION_JOB!r}); handler_for({SUBMIT_FILE_JOB!r})")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "athena.settings"}
    result = subprocess.run([sys.executable, "-c", check], env=environment,  # noqa: S603
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-500:]


# --- Rendering a section when it is saved ----------------------------------------------

def test_the_render_job_renders_the_section_as_saved(officer):
    case = CaseFileFactory(officer_in_case=officer)
    section = section_save(acting_user=officer, case=case, kind=SectionKind.CHARGES,
                           data={"court": "Basildon"}, expected_version=0).section
    assert run_job(render_job(section).pk) == "done"
    section.refresh_from_db()
    assert section.rendered_hash == section.content_hash
    assert "Basildon" in bundle_texts(section.rendered_pdf)[0]


def test_running_the_render_job_twice_renders_once(officer):
    case = CaseFileFactory(officer_in_case=officer)
    section = section_save(acting_user=officer, case=case, kind=SectionKind.CHARGES,
                           data={"court": "Basildon"}, expected_version=0).section
    job = render_job(section)
    assert run_job(job.pk) == "done"
    section.refresh_from_db()
    rendered = section.rendered_pdf.name
    assert run_job(job.pk) == "not-claimed"
    # A second job for the same, unchanged content (a sweeper re-send) renders nothing.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    with mock.patch("cases.bundle.render_section_pdf") as render:
        assert run_job(job.pk) == "done"
    render.assert_not_called()
    section.refresh_from_db()
    assert section.rendered_pdf.name == rendered


def test_the_render_job_of_a_section_since_removed_finishes_quietly(officer):
    case = CaseFileFactory(officer_in_case=officer)
    section = section_save(acting_user=officer, case=case, kind=SectionKind.CHARGES,
                           data={"court": "Basildon"}, expected_version=0).section
    job = render_job(section)
    CaseSection.objects.filter(pk=section.pk).delete()
    assert run_job(job.pk) == "done"


# --- Submitting the file ---------------------------------------------------------------

def submit_job(submission):
    job = Job.objects.get(pk=submission.job_id)
    assert job.kind == SUBMIT_FILE_JOB
    return job


def test_submitting_sends_the_check_to_the_worker_on_commit(
    officer, django_capture_on_commit_callbacks
):
    case = complete_case_file(officer_in_case=officer)
    with mock.patch.object(run_job, "apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            submission = case_submit(acting_user=officer, case=case)
    assert apply_async.call_args.kwargs["args"] == [submission.job_id]
    assert submit_job(submission).status == JobStatus.QUEUED


def test_an_incomplete_file_goes_back_as_a_draft_with_its_problems_by_section(officer):
    case = CaseFileFactory(officer_in_case=officer)
    ChargedOffenceFactory(suspect=SuspectFactory(case=case))
    CaseSectionFactory(case=case, kind=SectionKind.CASE_SUMMARY,
                       data={"summary": "Two bottles of gin taken."})
    submission = case_submit(acting_user=officer, case=case)

    assert run_job(submission.job_id) == "done"

    submission.refresh_from_db()
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT
    assert not submission.bundle
    assert not submission.restricted_bundle
    assert submission.bundle_pages == 0
    assert {"code": "required", "field": "interview_type", "item": None, "about": ""} == {
        key: value for key, value in submission.problems["case_summary"][0].items()
        if key != "message"}
    assert submission.problems["case_summary"][0]["message"].startswith(
        "Select how the suspect was interviewed, or that they were not. Required because")
    assert "witness_statements" in submission.problems
    assert "charges" in submission.problems
    assert submit_job(submission).progress == 100
    assert AuditEvent.objects.filter(action="cases.submission.returned",
                                     object_id=str(case.pk)).exists()


def test_a_problem_with_one_statement_names_the_statement(officer):
    case = complete_case_file(officer_in_case=officer)
    statements = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS)
    SectionItemFactory(section=statements, data={"witness_name": "Unsigned Witness"})
    submission = case_submit(acting_user=officer, case=case)
    run_job(submission.job_id)
    submission.refresh_from_db()
    assert set(submission.problems) == {"witness_statements"}
    assert {problem["item"] for problem in submission.problems["witness_statements"]} == {2}


def test_a_complete_file_stays_submitted_with_its_bundle(officer):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)

    assert run_job(submission.job_id) == "done"

    submission.refresh_from_db()
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert submission.problems == {}
    pages = bundle_texts(submission.bundle)
    assert submission.bundle_pages == len(pages) > 1
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert "Case summary (MG5)" in pages[0]
    assert "Evidence and information for the prosecutor (MG6)" in bundle_texts(
        submission.restricted_bundle)[0]
    assert submit_job(submission).progress == 100
    assert AuditEvent.objects.filter(action="cases.submission.ready",
                                     object_id=str(case.pk)).exists()


def test_progress_rises_from_the_check_to_the_end(officer):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)
    with mock.patch("cases.tasks.job_set_progress", wraps=job_set_progress) as progress:
        run_job(submission.job_id)
    percents = [call.kwargs["percent"] for call in progress.call_args_list]
    assert percents[0] == 10
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(set(percents)) > 4


def test_running_the_submit_job_again_after_a_crash_overwrites_its_outputs(
    officer, media_root
):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)
    run_job(submission.job_id)
    first = FileSubmission.objects.get(pk=submission.pk)
    # The worker died before marking the job done, and the sweeper queued it again.
    Job.objects.filter(pk=submission.job_id).update(status=JobStatus.QUEUED)

    assert run_job(submission.job_id) == "done"

    again = FileSubmission.objects.get(pk=submission.pk)
    assert again.problems == {}
    assert again.bundle_pages == first.bundle_pages
    assert again.bundle.name != first.bundle.name
    kept = sorted(p.name for p in (media_root / "cases/bundles").iterdir())
    assert kept == sorted(name.rsplit("/", 1)[-1]
                          for name in [again.bundle.name, again.restricted_bundle.name])
    assert CaseFile.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_a_corrupt_exhibit_is_a_problem_for_the_officer_not_a_failed_job(officer):
    case = complete_case_file(officer_in_case=officer)
    exhibits = CaseSectionFactory(case=case, kind=SectionKind.EXHIBITS)
    SectionItemFactory(section=exhibits, file=ContentFile(b"%PDF-1.4 garbage", name="x.pdf"),
                       file_type="pdf", data={"reference": "SC/1", "description": "CCTV",
                                              "produced_by": "PC Smith"})
    submission = case_submit(acting_user=officer, case=case)

    assert run_job(submission.job_id) == "done"

    submission.refresh_from_db()
    [problem] = submission.problems["exhibits"]
    assert problem["item"] == 1
    assert "could not be read" in problem["message"]
    assert not submission.bundle
    assert CaseFile.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_the_submit_job_of_a_removed_file_finishes_quietly(officer):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)
    job_id = submission.job_id
    FileSubmission.objects.filter(pk=submission.pk).delete()
    assert run_job(job_id) == "done"


def submit_job_queries(officer, statements):
    case = complete_case_file(officer_in_case=officer)
    section = CaseSection.objects.get(case=case, kind=SectionKind.WITNESS_STATEMENTS)
    for number in range(statements - 1):
        SectionItemFactory(section=section, data={**section.items.first().data,
                                                  "witness_name": f"Witness {number}"})
    for section in CaseSection.objects.select_related("case").prefetch_related("items").filter(
            case=case):
        render_section_if_stale(section)  # as the save-time jobs did
    submission = case_submit(acting_user=officer, case=case)
    with CaptureQueriesContext(connection) as queries:
        assert run_job(submission.job_id) == "done"
    return len(queries)


def test_the_submit_job_reads_the_file_in_queries_that_do_not_grow_with_its_statements(
    officer
):
    assert submit_job_queries(officer, 1) == submit_job_queries(officer, 6)


def test_a_file_whose_check_fails_goes_back_to_the_officer_to_submit_again(officer):
    case = complete_case_file(officer_in_case=officer)
    submission = case_submit(acting_user=officer, case=case)
    with mock.patch("django.core.files.storage.FileSystemStorage.save",
                    side_effect=OSError("No space left on device")):
        assert run_job(submission.job_id) == "failed"
    assert CaseFile.objects.get(pk=case.pk).status == CaseStatus.DRAFT
    assert AuditEvent.objects.filter(action="cases.submission.failed",
                                     object_id=str(case.pk)).exists()
    case_submit(acting_user=officer, case=case)  # allowed again
