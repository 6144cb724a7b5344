from django.utils import timezone

from athena.jobs.models import Job, JobStatus
from athena.jobs.tasks import sweep_stale_jobs
from cases import services
from cases.models import CaseFile, CaseStatus


def test_a_file_whose_check_died_with_its_worker_goes_back_to_the_officer(
    officer, shoplift_case, settings
):
    submission = services.case_submit(acting_user=officer, case=shoplift_case)
    Job.objects.filter(pk=submission.job_id).update(
        status=JobStatus.RUNNING, attempts=settings.ATHENA_JOB_MAX_ATTEMPTS,
        updated_at=timezone.now() - settings.ATHENA_JOB_STALE_AFTER * 2)

    sweep_stale_jobs()

    assert Job.objects.get(pk=submission.job_id).status == JobStatus.FAILED
    assert CaseFile.objects.get().status == CaseStatus.DRAFT
