"""Which function runs each kind of job. Apps register their handlers in ``tasks.py``."""

_HANDLERS = {}


class TransientJobError(Exception):
    """Raise from a handler when trying again later may succeed (a service was down)."""


def job_handler(kind):
    """Register the decorated function ``handler(job)`` as the runner for ``kind``."""

    def register(function):
        _HANDLERS[kind] = function
        return function

    return register


def handler_for(kind):
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No handler is registered for job kind {kind!r}.") from None
