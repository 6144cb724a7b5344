"""The one Celery task that runs every kind of job, and the periodic housekeeping.

Log lines name the job by ``job_id`` so an outage can be followed: job.claimed,
job.reclaimed (a dead worker's job taken up after its lease ran out), job.lease_held
(a redelivery while another worker holds the job: sent again for when the lease runs
out), job.retry, job.database_unavailable, job.done, job.failed, job.gave_up,
job.resent and jobs.swept (the sweeper).
"""

import kombu.exceptions
import structlog
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError

from athena.jobs import heartbeat, selectors, services
from athena.jobs.leases import lease_kept
from athena.jobs.models import SWEEPER_HEARTBEAT_ID, WORKER_HEARTBEAT_ID, JobStatus
from athena.jobs.registry import TransientJobError, handler_for, kind_policy

log = structlog.get_logger(__name__)

DATABASE_ERRORS = (DatabaseOperationalError, InterfaceError)
# Errors worth another attempt: a service that was down may be back, and a job that ran
# out of time on a saturated machine (a suite's contingency sheet rebuilt while the web
# held both cores, in the load test) may finish when it is quieter; each attempt backs
# off longer, and the job fails after its kind's attempts. Any other error fails the job
# for good (a bug or bad data does not mend by waiting).
TRANSIENT_ERRORS = (TransientJobError, *DATABASE_ERRORS, kombu.exceptions.OperationalError,
                    ConnectionError, TimeoutError, SoftTimeLimitExceeded)
LONGEST_BACKOFF_SECONDS = 300


@shared_task(name=services.RUN_JOB_TASK, bind=True, acks_late=True)
def run_job(self, job_id, kind=""):
    """Claim the job row and run its handler. A delivery that finds the job finished does
    nothing; one that finds it held by a live lease sends itself again for when the lease
    runs out; one that cannot reach the database sends itself again shortly, so the
    message is never acknowledged with the work undone."""
    try:
        return _claim_and_run(job_id)
    except DATABASE_ERRORS as error:
        services.connections_close_broken()
        countdown = settings.ATHENA_JOB_DATABASE_RETRY_SECONDS
        services.job_send(job_id=job_id, kind=kind, countdown=countdown)
        log.warning("job.database_unavailable", job_id=job_id, kind=kind,
                    error_type=type(error).__name__, countdown=countdown)
        return "database-unavailable"


def _claim_and_run(job_id):
    job = services.job_claim(job_id=job_id)
    if job is None:
        return _answer_unclaimed(job_id)
    log.info("job.claimed", job_id=job.pk, kind=job.kind, attempts=job.attempts)
    try:
        with lease_kept(job):
            handler_for(job.kind)(job)
    except TRANSIENT_ERRORS as error:
        return _retry_later(job, error)
    except Exception as error:
        _on_a_fresh_connection_if_need_be(services.job_fail, job=job, error=error)
        log.exception("job.failed", job_id=job.pk, kind=job.kind, attempts=job.attempts)
        return "failed"
    if not _on_a_fresh_connection_if_need_be(services.job_finish, job=job):
        log.warning("job.outcome_dropped", job_id=job.pk, kind=job.kind, attempts=job.attempts)
    log.info("job.done", job_id=job.pk, kind=job.kind, attempts=job.attempts)
    return "done"


def _answer_unclaimed(job_id):
    job = selectors.job_get(pk=job_id)
    if job is None or job.status in (JobStatus.DONE, JobStatus.FAILED):
        log.info("job.not_claimed", job_id=job_id, status=job and job.status)
        return "not-claimed"
    if selectors.job_lease_is_live(job):
        # Perhaps a duplicate, perhaps the redelivery of a worker that died with the job:
        # come back when the lease runs out and see.
        countdown = selectors.seconds_until_lease_expires(job) + 1
        services.job_send(job_id=job.pk, kind=job.kind, countdown=countdown)
        log.info("job.lease_held", job_id=job.pk, kind=job.kind, countdown=countdown)
        return "lease-held"
    if job.attempts >= kind_policy(job.kind).attempts_allowed and services.job_give_up(job=job):
        return "failed"
    log.info("job.not_claimed", job_id=job_id, status=job.status)
    return "not-claimed"


def _on_a_fresh_connection_if_need_be(record, **kwargs):
    """Record a job's outcome; if the database restarted while the handler ran, once more
    on a new connection, rather than run the whole job again."""
    try:
        return record(**kwargs)
    except DATABASE_ERRORS:
        services.connections_close_broken()
        return record(**kwargs)


def _retry_later(job, error):
    if isinstance(error, DATABASE_ERRORS):
        services.connections_close_broken()
    if job.attempts >= kind_policy(job.kind).attempts_allowed:
        _on_a_fresh_connection_if_need_be(services.job_fail, job=job, error=error)
        log.warning("job.failed", job_id=job.pk, kind=job.kind, attempts=job.attempts,
                    error_type=type(error).__name__)
        return "failed"
    countdown = min(2 ** job.attempts, LONGEST_BACKOFF_SECONDS)
    _on_a_fresh_connection_if_need_be(services.job_release_for_retry, job=job, error=error,
                                      countdown=countdown)
    services.job_send(job_id=job.pk, kind=job.kind, countdown=countdown)
    log.info("job.retry", job_id=job.pk, kind=job.kind, attempts=job.attempts,
             countdown=countdown, error_type=type(error).__name__)
    return "retry"


@shared_task(name="athena.jobs.sweep_stale_jobs")
def sweep_stale_jobs():
    resent = services.jobs_sweep_stale()
    services.heartbeat_record(beat_id=SWEEPER_HEARTBEAT_ID)
    return len(resent)


@shared_task(name="athena.jobs.record_heartbeat")
def record_heartbeat():
    """Kept for messages a beat of an earlier release may still send; the worker's
    heartbeat now comes from its main process (heartbeat.py)."""
    services.heartbeat_record(beat_id=WORKER_HEARTBEAT_ID)


@worker_ready.connect
def _beat_while_alive(**kwargs):
    """From the moment the worker is ready, whatever beat and the pool are doing."""
    heartbeat.start()
