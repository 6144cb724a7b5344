import math

from django.conf import settings
from django.utils import timezone

from athena.jobs.models import Job, JobStatus


def job_is_delayed(job, *, now=None):
    """True when a queued or running job has waited longer than work of its kind should.

    Progress pages ask it to tell the officer the work is delayed (and that nothing is
    lost) instead of showing a bar that does not move.
    """
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return False
    now = now or timezone.now()
    return now - job.created_at > settings.ATHENA_JOB_DELAYED_AFTER


def job_get(*, pk):
    """The job, or None."""
    return Job.objects.filter(pk=pk).first()


def job_lease_is_live(job, *, now=None):
    """True while a worker running ``job`` answers for it."""
    return job.status == JobStatus.RUNNING and job.lease_expires_at > (now or timezone.now())


def seconds_until_lease_expires(job, *, now=None):
    """Whole seconds until ``job``'s lease runs out, at least one."""
    now = now or timezone.now()
    return max(1, math.ceil((job.lease_expires_at - now).total_seconds()))
