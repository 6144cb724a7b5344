"""Keeping a running job's lease alive while its handler works.

A thread beside the handler renews the lease every third of its length, so a handler
that reports no progress still holds its claim however long it runs (up to its time
limit), and a worker that dies stops renewing: its job is taken up again within one
lease (models.py).
"""

import threading
from contextlib import contextmanager

import structlog
from django.db import DatabaseError, connection

from athena.jobs import services
from athena.jobs.registry import kind_policy

log = structlog.get_logger(__name__)


@contextmanager
def lease_kept(job):
    """Renew ``job``'s lease from a thread while the body runs."""
    stop = threading.Event()
    interval = kind_policy(job.kind).lease.total_seconds() / 3
    keeper = threading.Thread(target=_renew_until_stopped, args=(job, stop, interval),
                              name=f"job-{job.pk}-lease", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        # Not long: a renewal stuck on a lock must not hold the worker. A late one does
        # nothing to a finished job (it renews only a running job of this claim).
        keeper.join(timeout=1)


def _renew_until_stopped(job, stop, interval):
    try:
        while not stop.wait(interval):
            try:
                if not services.job_renew_lease(job=job):
                    log.warning("job.lease_lost", job_id=job.pk, kind=job.kind,
                                attempts=job.attempts)
                    return
            except DatabaseError as error:
                # The database is away; the lease may run out, and the job then be
                # taken up again. Try again at the next beat.
                log.warning("job.lease_renewal_failed", job_id=job.pk,
                            error_type=type(error).__name__)
                services.connections_close_broken()
    finally:
        connection.close()  # this thread's own
