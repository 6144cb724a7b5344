"""Which function runs each kind of job, and how: its queue, time limits, lease and
attempts. Apps register their handlers in ``tasks.py``; the policy of each kind is below,
by the kind's name (the platform imports no feature app)."""

from dataclasses import dataclass, replace
from datetime import timedelta

import structlog
from django.conf import settings

log = structlog.get_logger(__name__)

_HANDLERS = {}
_ON_FINAL_FAILURE = {}
_FAILURE_LISTENERS = []


class TransientJobError(Exception):
    """Raise from a handler when trying again later may succeed (a service was down)."""


@dataclass(frozen=True)
class JobKind:
    """How a kind of job runs.

    ``lease``: how long a claim holds without being renewed. The worker renews it every
    third of that while the handler runs, so a job whose worker died is taken up again
    within one lease. ``queued_for``: how long a queued job's message may wait before the
    sweeper sends it again (the queue's normal wait, not the job's). Time limits are in
    seconds; the soft one raises inside the handler, the hard one kills the process.
    """

    queue: str = "celery"
    lease: timedelta = timedelta(seconds=20)
    queued_for: timedelta = None  # None: settings.ATHENA_JOB_STALE_AFTER
    soft_time_limit: int = 120
    time_limit: int = 180
    max_attempts: int = None  # None: settings.ATHENA_JOB_MAX_ATTEMPTS

    @property
    def queued_grace(self):
        return self.queued_for or settings.ATHENA_JOB_STALE_AFTER

    @property
    def attempts_allowed(self):
        return self.max_attempts or settings.ATHENA_JOB_MAX_ATTEMPTS


# One queue per kind of work, so workers can be added where the load is (DESIGN.md,
# Scale). Procfile.dev's worker consumes them all, with "celery" (housekeeping, and kinds
# not listed here).
QUEUES = ("celery", "validation", "assembly", "contingency", "notifications")
_VALIDATION = JobKind(queue="validation", soft_time_limit=120, time_limit=150)
# Bundles merge every exhibit: the longest work there is.
_ASSEMBLY = JobKind(queue="assembly", queued_for=timedelta(seconds=30),
                    soft_time_limit=240, time_limit=300)
_CONTINGENCY = JobKind(queue="contingency", queued_for=timedelta(seconds=20),
                       soft_time_limit=60, time_limit=90)
# Mail servers go away for minutes: eight attempts spread over some four minutes.
_NOTIFICATIONS = JobKind(queue="notifications", soft_time_limit=45, time_limit=60,
                         max_attempts=8)
JOB_KINDS = {
    "cases.file.submit": _VALIDATION,
    "cases.dcf.import": _VALIDATION,
    "cases.section.render": _ASSEMBLY,
    "cases.file.rebundle": _ASSEMBLY,
    "custody.contingency.rebuild": _CONTINGENCY,
    "notifications.email": _NOTIFICATIONS,
}
DEFAULT_KIND = JobKind()


def kind_policy(kind):
    return JOB_KINDS.get(kind, DEFAULT_KIND)


def longest_time_limit():
    return max(policy.time_limit for policy in [DEFAULT_KIND, *JOB_KINDS.values()])


def job_handler(kind, *, on_final_failure=None, **policy):
    """Register the decorated function ``handler(job)`` as the runner for ``kind``.

    ``on_final_failure(job)``, if given, runs once the job has failed for good: after an
    error, after its last attempt, or when the sweeper gives up on a job whose worker
    died. It lets the app undo what waits on the job (a file left "submitted").
    ``policy`` (JobKind's fields) changes how this kind runs.
    """

    def register(function):
        _HANDLERS[kind] = function
        if on_final_failure is not None:
            _ON_FINAL_FAILURE[kind] = on_final_failure
        if policy:
            JOB_KINDS[kind] = replace(kind_policy(kind), **policy)
        return function

    return register


def job_failure_listener(function):
    """Register ``function(job)`` to hear of every job that fails for good, of any kind
    (the notifications app tells administrators)."""
    _FAILURE_LISTENERS.append(function)
    return function


def run_final_failure_hook(job):
    hook = _ON_FINAL_FAILURE.get(job.kind)
    if hook is not None:
        hook(job)
    for listener in _FAILURE_LISTENERS:
        try:
            listener(job)
        except Exception:  # noqa: BLE001 - telling someone must not undo the failure
            log.exception("job.failure_listener_failed", job_id=job.pk, kind=job.kind)


def handler_for(kind):
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No handler is registered for job kind {kind!r}.") from None
