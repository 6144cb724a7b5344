"""Writes to job rows: enqueue and send, claim under a lease, record the outcome, and the
sweeper. The lease design is described in models.py."""

import socket
import time
from datetime import timedelta

import structlog
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from athena.celery import app as celery_app
from athena.jobs.models import Job, JobStatus, WorkerHeartbeat
from athena.jobs.registry import DEFAULT_KIND, JOB_KINDS, kind_policy, run_final_failure_hook

log = structlog.get_logger(__name__)

RUN_JOB_TASK = "athena.jobs.run_job"
# A sweep re-sends a queued job no more often than this, however long it has waited.
LONGEST_RESEND_INTERVAL_SECONDS = 300
GAVE_UP = "Gave up after the last attempt did not finish."
# A send that failed slowly (a frozen broker takes the whole socket timeout to fail)
# stops this process sending for a few seconds: a page that queues several jobs waits
# once, not once a job. The rows wait for the sweeper either way.
SLOW_SEND_FAILURE_SECONDS = 0.5
SENDING_PAUSE_SECONDS = 10
_sending_paused_until = 0.0


def job_enqueue(*, kind, obj=None, object_type="", object_id="", delay_seconds=0):
    """Write a queued job row and send its task when the surrounding transaction commits,
    due ``delay_seconds`` later (its row says so, so the sweeper does not send it sooner).

    If sending fails (the broker is down), the row stays queued and the sweeper sends it
    again later: the work is delayed, never lost.
    """
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
    job = Job.objects.create(kind=kind, object_type=object_type, object_id=str(object_id),
                             lease_expires_at=timezone.now() + timedelta(seconds=delay_seconds))
    transaction.on_commit(lambda: job_send(job_id=job.pk, kind=kind,
                                           countdown=delay_seconds or None))
    return job


def job_send(*, job_id, kind="", countdown=None):
    """Hand the job's message to the broker, on its kind's queue with its time limits.
    True if the broker took it. Never raises and never waits long: the broker's
    timeouts are short and publishing is not retried (settings, Celery), because a page
    may be sending it; a job not sent stays in its row for the sweeper."""
    global _sending_paused_until
    if time.monotonic() < _sending_paused_until:
        log.warning("job.send_skipped", job_id=job_id, kind=kind)
        return False
    # The task by its registered name: the task module calls these services, so
    # importing it here would make a cycle.
    run_job = celery_app.tasks[RUN_JOB_TASK]
    policy = kind_policy(kind)
    started = time.monotonic()
    try:
        run_job.apply_async(args=[job_id], kwargs={"kind": kind}, countdown=countdown,
                            queue=policy.queue, soft_time_limit=policy.soft_time_limit,
                            time_limit=policy.time_limit)
    except Exception as error:  # noqa: BLE001 - any broker failure; the sweeper retries
        if time.monotonic() - started > SLOW_SEND_FAILURE_SECONDS:
            _sending_paused_until = time.monotonic() + SENDING_PAUSE_SECONDS
        log.warning("job.send_failed", job_id=job_id, kind=kind,
                    error_type=type(error).__name__)
        return False
    return True


def job_claim(*, job_id, now=None):
    """Take the job to run it: a queued job, or a running one whose lease has run out (its
    worker died), while it has attempts left. Returns the job, holding a fresh lease and
    its attempt counted, or None when it is not claimable.

    The conditional update is the lock: of two live deliveries, only the first finds the
    job claimable; the second finds a live lease.
    """
    now = now or timezone.now()
    found = Job.objects.filter(pk=job_id).values("kind", "status", "lease_expires_at").first()
    if found is None:
        return None
    policy = kind_policy(found["kind"])
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING,
                                                lease_expires_at__lte=now)
    claimed = Job.objects.filter(claimable, pk=job_id,
                                 attempts__lt=policy.attempts_allowed).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, updated_at=now,
        lease_expires_at=now + policy.lease)
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    if found["status"] == JobStatus.RUNNING:
        log.info("job.reclaimed", job_id=job_id, kind=job.kind, attempts=job.attempts,
                 lease_expired_seconds_ago=round((now - found["lease_expires_at"])
                                                 .total_seconds(), 1))
    return job


def _held_by(job):
    """The job's row while ``job``'s claim still holds it (no later claim took it)."""
    return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


def job_renew_lease(*, job):
    """Extend the lease of a job this worker is running. False if the claim was lost (the
    lease ran out and another delivery took the job): the caller's outcome will not be
    recorded. Handlers that run long without reporting progress may call it; leases.py
    calls it for every running job."""
    return bool(_held_by(job).update(lease_expires_at=timezone.now() + kind_policy(job.kind).lease))


def job_set_progress(*, job, percent):
    """Record how far the job got (for progress bars) and renew its lease."""
    now = timezone.now()
    _held_by(job).update(progress=max(0, min(100, int(percent))), updated_at=now,
                         lease_expires_at=now + kind_policy(job.kind).lease)


def job_finish(*, job):
    now = timezone.now()
    return bool(_held_by(job).update(status=JobStatus.DONE, progress=100, last_error="",
                                     finished_at=now, updated_at=now))


def job_release_for_retry(*, job, error, countdown):
    """Put a job back in the queue after a transient failure, its message due after
    ``countdown`` seconds (so the sweeper does not send it sooner)."""
    now = timezone.now()
    return bool(_held_by(job).update(
        status=JobStatus.QUEUED, last_error=_describe(error), updated_at=now,
        lease_expires_at=now + timedelta(seconds=countdown)))


def job_fail(*, job, error):
    """Mark the job failed for good and run its kind's clean-up, if it has one."""
    now = timezone.now()
    job.status, job.last_error, job.finished_at = JobStatus.FAILED, _describe(error), now
    failed = _held_by(job).update(status=job.status, last_error=job.last_error,
                                  finished_at=now, updated_at=now)
    if failed:
        run_final_failure_hook(job)
    return bool(failed)


def job_give_up(*, job, now=None):
    """Fail a job that used every attempt without finishing (its workers died, or its
    lease ran out each time). ``job`` as read: a conditional update, so a worker that
    finishes it meanwhile wins, and the clean-up runs once."""
    now = now or timezone.now()
    given_up = Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts).update(
        status=JobStatus.FAILED, finished_at=now, updated_at=now, last_error=GAVE_UP)
    if given_up:
        job.status, job.last_error, job.finished_at = JobStatus.FAILED, GAVE_UP, now
        log.warning("job.gave_up", job_id=job.pk, kind=job.kind, attempts=job.attempts)
        run_final_failure_hook(job)
    return bool(given_up)


def jobs_sweep_stale(*, now=None):
    """Send again each job nobody answers for, and give up on those out of attempts.

    Stale: a queued job whose message is overdue by its kind's grace (the message was
    lost, or never sent because the broker was down), and a running job whose lease has
    run out (its worker died). Each is queued again, due later each time it is re-sent
    (a long queue is not flooded with copies), and sent. The first failed send stops the
    sweep: the broker is down and the rows wait for the next one. Returns the ids sent.
    """
    now = now or timezone.now()
    shortest_grace = min(policy.queued_grace for policy in [DEFAULT_KIND, *JOB_KINDS.values()])
    candidates = Job.objects.filter(
        Q(status=JobStatus.RUNNING, lease_expires_at__lt=now)
        | Q(status=JobStatus.QUEUED, lease_expires_at__lt=now - shortest_grace)
    ).only("pk", "kind", "status", "attempts", "lease_expires_at").order_by("lease_expires_at")
    resent = []
    for job in candidates:
        policy = kind_policy(job.kind)
        if job.status == JobStatus.QUEUED and job.lease_expires_at >= now - policy.queued_grace:
            continue
        if job.attempts >= policy.attempts_allowed:
            job_give_up(job=job, now=now)
            continue
        sent = _resend(job, now=now)
        if sent is False:
            break
        if sent:
            resent.append(job.pk)
    if resent:
        log.info("jobs.swept", count=len(resent), job_ids=resent[:50])
    return resent


def _resend(job, *, now):
    """Queue ``job`` again, due after a back-off that doubles with each re-send, and send
    it. The conditional update takes the re-send, so two sweeps never both send a job.
    True if sent, False if the broker refused it, None if another sweep or a worker got
    there first."""
    overdue = (now - job.lease_expires_at).total_seconds()
    backoff = min(max(overdue, kind_policy(job.kind).queued_grace.total_seconds()),
                  LONGEST_RESEND_INTERVAL_SECONDS)
    next_due = now + timedelta(seconds=backoff)
    taken = Job.objects.filter(pk=job.pk, status=job.status, attempts=job.attempts,
                               lease_expires_at=job.lease_expires_at).update(
        status=JobStatus.QUEUED, lease_expires_at=next_due, updated_at=now)
    if not taken:
        return None
    if job_send(job_id=job.pk, kind=job.kind):
        log.info("job.resent", job_id=job.pk, kind=job.kind, was=job.status,
                 overdue_seconds=round(overdue, 1))
        return True
    # Not sent: due again at once, for the next sweep.
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED, lease_expires_at=next_due).update(
        lease_expires_at=job.lease_expires_at)
    return False


def heartbeat_record(*, beat_id):
    """Touch a WorkerHeartbeat row (models.py names them); /healthz reads its age."""
    WorkerHeartbeat.objects.update_or_create(
        pk=beat_id, defaults={"beat_at": timezone.now(), "hostname": socket.gethostname()})


def connections_close_broken():
    """Close database connections that failed (the server restarted), so the next query
    opens a fresh one. Leaves alone a connection inside a transaction (a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _describe(error):
    return f"{type(error).__name__}: {error}"[:2000]
