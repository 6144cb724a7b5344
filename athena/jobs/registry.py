"""Which function runs each kind of job. Apps register their handlers in ``tasks.py``."""

_HANDLERS = {}
_ON_FINAL_FAILURE = {}


class TransientJobError(Exception):
    """Raise from a handler when trying again later may succeed (a service was down)."""


def job_handler(kind, *, on_final_failure=None):
    """Register the decorated function ``handler(job)`` as the runner for ``kind``.

    ``on_final_failure(job)``, if given, runs once the job has failed for good: after an
    error, after its last attempt, or when the sweeper gives up on a job whose worker
    died. It lets the app undo what waits on the job (a file left "submitted").
    """

    def register(function):
        _HANDLERS[kind] = function
        if on_final_failure is not None:
            _ON_FINAL_FAILURE[kind] = on_final_failure
        return function

    return register


def run_final_failure_hook(job):
    hook = _ON_FINAL_FAILURE.get(job.kind)
    if hook is not None:
        hook(job)


def handler_for(kind):
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No handler is registered for job kind {kind!r}.") from None
