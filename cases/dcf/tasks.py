"""The worker's import of an uploaded DCF file: the job handler loads the upload by its
token and calls the service (``uploads.upload_import``), which is safe to run again.

Claimed once per job by the shared ``run_job`` task.
"""

from athena.jobs.registry import job_handler
from athena.jobs.services import job_set_progress
from cases.dcf import uploads


def _import_failed(job):
    uploads.upload_import_failed(token=job.object_id)


@job_handler(uploads.DCF_IMPORT_JOB, on_final_failure=_import_failed)
def dcf_import_upload(job):
    uploads.upload_import(token=job.object_id, progress=lambda percent: (
        job_set_progress(job=job, percent=percent)))
