from django.conf import settings
from django.utils import timezone

from athena.jobs.models import JobStatus


def job_is_delayed(job, *, now=None):
    """True when a queued or running job has waited longer than work of its kind should.

    Progress pages ask it to tell the officer the work is delayed (and that nothing is
    lost) instead of showing a bar that does not move.
    """
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return False
    now = now or timezone.now()
    return now - job.created_at > settings.ATHENA_JOB_DELAYED_AFTER
