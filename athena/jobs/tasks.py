"""The one Celery task that runs every kind of job, and the periodic housekeeping."""

import socket

import structlog
from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from athena.jobs import services
from athena.jobs.models import WorkerHeartbeat
from athena.jobs.registry import TransientJobError, handler_for

log = structlog.get_logger(__name__)


@shared_task(name=services.RUN_JOB_TASK, bind=True, acks_late=True)
def run_job(self, job_id):
    """Claim the job row and run its handler; a duplicate delivery does nothing."""
    job = services.job_claim(job_id=job_id)
    if job is None:
        log.info("job.not_claimed", job_id=job_id)
        return "not-claimed"
    try:
        handler_for(job.kind)(job)
    except TransientJobError as error:
        if job.attempts >= settings.ATHENA_JOB_MAX_ATTEMPTS:
            services.job_fail(job=job, error=error)
            log.warning("job.failed", job_id=job.pk, kind=job.kind, attempts=job.attempts)
            return "failed"
        services.job_release_for_retry(job=job, error=error)
        countdown = min(2 ** job.attempts, 300)
        services.job_send(job_id=job.pk, countdown=countdown)
        log.info("job.retry", job_id=job.pk, kind=job.kind, countdown=countdown)
        return "retry"
    except Exception as error:
        services.job_fail(job=job, error=error)
        log.exception("job.failed", job_id=job.pk, kind=job.kind)
        return "failed"
    services.job_finish(job=job)
    log.info("job.done", job_id=job.pk, kind=job.kind)
    return "done"


@shared_task(name="athena.jobs.sweep_stale_jobs")
def sweep_stale_jobs():
    return len(services.jobs_sweep_stale())


@shared_task(name="athena.jobs.record_heartbeat")
def record_heartbeat():
    WorkerHeartbeat.objects.update_or_create(
        pk=1, defaults={"beat_at": timezone.now(), "hostname": socket.gethostname()}
    )


@worker_ready.connect
def _report_alive_on_start(**kwargs):
    """Report a heartbeat as soon as a worker starts, not only at the next beat."""
    record_heartbeat.delay()
