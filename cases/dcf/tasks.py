"""The worker's import of an uploaded DCF file.

Claimed once per job by the shared ``run_job`` task. Running it again is safe: a file
already imported from this upload (its history line names the upload) is found rather
than imported twice, and a recorded outcome is left as it is.
"""

from django.contrib.auth import get_user_model

from athena.jobs.registry import job_handler
from athena.jobs.services import job_set_progress
from cases.dcf import uploads
from cases.dcf.importer import dcf_import_file
from cases.dcf.problems import DcfProblem
from cases.models import CaseEvent, CaseEventKind

READ_PERCENT = 5


def _imported_case(token):
    event = (CaseEvent.objects.filter(kind=CaseEventKind.IMPORTED, details__upload=token)
             .select_related("case").first())
    return event.case if event is not None else None


def _case_result(case):
    return {"case_id": case.pk, "urn": case.urn}


def _import_failed(job):
    """The import failed for good (an error, or a worker that died): the transaction left
    nothing behind; say so, and remove the uploaded bytes."""
    if uploads.is_token(job.object_id) and uploads.upload_result(job.object_id) is None:
        uploads.upload_record_result(job.object_id, {"failed": True})
    if uploads.is_token(job.object_id):
        uploads.upload_discard(job.object_id)


@job_handler(uploads.DCF_IMPORT_JOB, on_final_failure=_import_failed)
def dcf_import_upload(job):
    token = job.object_id
    if not uploads.is_token(token) or uploads.upload_result(token) is not None:
        return
    existing = _imported_case(token)
    if existing is not None:
        uploads.upload_record_result(token, _case_result(existing))
        uploads.upload_discard(token)
        return
    meta = uploads.upload_meta(token) or {}
    user = get_user_model().objects.filter(pk=meta.get("user_id"), is_active=True).first()
    stored = uploads.upload_open(token)
    problem = None
    if stored is None:
        problem = DcfProblem(path="", rule="file.missing",
                             message="The uploaded file is no longer there. Upload it again.")
    elif user is None or not user.has_perm("cases.add_casefile"):
        stored.close()
        problem = DcfProblem(path="", rule="athena.import.permission",
                             message="Your account may no longer start case files, so the "
                                     "file was not imported.")
    if problem is not None:
        uploads.upload_record_result(token, {"problems": [problem.as_dict()]})
        uploads.upload_discard(token)
        return
    job_set_progress(job=job, percent=READ_PERCENT)
    with stored:
        case, problems = dcf_import_file(
            acting_user=user, source=stored, source_key=token,
            progress=lambda percent: job_set_progress(job=job, percent=percent))
    if case is not None:
        uploads.upload_record_result(token, _case_result(case))
    else:
        uploads.upload_record_result(token, {"problems": [p.as_dict() for p in problems]})
    uploads.upload_discard(token)
