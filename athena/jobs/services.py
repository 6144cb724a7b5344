import structlog
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from athena.celery import app as celery_app
from athena.jobs.models import Job, JobStatus
from athena.jobs.registry import run_final_failure_hook

log = structlog.get_logger(__name__)


def job_enqueue(*, kind, obj=None, object_type="", object_id=""):
    """Write a queued job row and send its task when the surrounding transaction commits.

    If sending fails (the broker is down), the row stays queued and the sweeper sends it
    again later: the work is delayed, never lost.
    """
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
    job = Job.objects.create(kind=kind, object_type=object_type, object_id=str(object_id))
    transaction.on_commit(lambda: job_send(job_id=job.pk))
    return job


RUN_JOB_TASK = "athena.jobs.run_job"


def job_send(*, job_id, countdown=None):
    # The task by its registered name: the task module calls these services, so
    # importing it here would make a cycle.
    run_job = celery_app.tasks[RUN_JOB_TASK]
    try:
        run_job.apply_async(args=[job_id], countdown=countdown)
    except Exception as error:  # noqa: BLE001 - any broker failure; the sweeper retries
        log.warning("job.send_failed", job_id=job_id, error_type=type(error).__name__)
        return False
    return True


def job_claim(*, job_id):
    """Move a queued job to running. Returns the job, or None if it was not queued.

    The conditional update is the lock: of two deliveries of one message, only the first
    finds the row queued.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, updated_at=now
    )
    if not claimed:
        return None
    return Job.objects.get(pk=job_id)


def job_finish(*, job):
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, progress=100, last_error="",
                                         finished_at=now, updated_at=now)


def job_release_for_retry(*, job, error):
    """Put a job back in the queue after a transient failure."""
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, last_error=_describe(error), updated_at=timezone.now()
    )


def job_fail(*, job, error):
    """Mark the job failed for good and run its kind's clean-up, if it has one."""
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, last_error=_describe(error),
                                         finished_at=now, updated_at=now)
    run_final_failure_hook(job)


def job_set_progress(*, job, percent):
    Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, int(percent))),
                                         updated_at=timezone.now())


def jobs_sweep_stale(*, now=None):
    """Send again every job left queued or running past the time limit.

    A running job that went stale had its worker die mid-way: it goes back to queued (a
    conditional update, so a worker that finishes meanwhile wins) before it is re-sent.
    Jobs that have used all their attempts are marked failed instead. Returns the ids
    re-sent.
    """
    now = now or timezone.now()
    cutoff = now - settings.ATHENA_JOB_STALE_AFTER
    stale = Job.objects.filter(
        Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING), updated_at__lt=cutoff
    )
    for job in stale.filter(attempts__gte=settings.ATHENA_JOB_MAX_ATTEMPTS):
        given_up = Job.objects.filter(pk=job.pk, status=job.status).update(
            status=JobStatus.FAILED, finished_at=now, updated_at=now,
            last_error="Gave up after the last attempt did not finish.")
        if given_up:
            run_final_failure_hook(job)
    resent = []
    for job in stale.filter(attempts__lt=settings.ATHENA_JOB_MAX_ATTEMPTS).only("pk", "status"):
        requeued = Job.objects.filter(pk=job.pk, status=job.status, updated_at__lt=cutoff).update(
            status=JobStatus.QUEUED, updated_at=now
        )
        if requeued and job_send(job_id=job.pk):
            resent.append(job.pk)
    if resent:
        log.info("jobs.swept", count=len(resent))
    return resent


def _describe(error):
    return f"{type(error).__name__}: {error}"[:2000]
