"""The worker's heartbeat, from its main process.

A task scheduled by beat and run in the pool said nothing about the worker when beat
was down (every beat stopped, so /healthz called a working worker dead) or when every
pool process was busy with long jobs (the heartbeat task waited its turn). A thread of
the worker's main process records it instead, every ATHENA_WORKER_HEARTBEAT_SECONDS:
it stops only when the worker does (or cannot reach the database). A job whose process
hangs is the leases' business (leases.py), not the heartbeat's.
"""

import threading

import structlog
from django.conf import settings
from django.db import connections

from athena.jobs import services
from athena.jobs.models import WORKER_HEARTBEAT_ID

log = structlog.get_logger(__name__)


def beat_once():
    """Record one heartbeat, on a connection closed straight after: a pool process forked
    meanwhile inherits no open connection of this thread's."""
    try:
        services.heartbeat_record(beat_id=WORKER_HEARTBEAT_ID)
        return True
    except Exception as error:  # noqa: BLE001 - a missed beat is what /healthz reports
        log.warning("worker.heartbeat_missed", error_type=type(error).__name__)
        return False
    finally:
        connections.close_all()


def _beat_until(stopped, interval):
    while not stopped.is_set():
        beat_once()
        stopped.wait(interval)


def start(interval=None):
    """Beat now and every ``interval`` seconds in a daemon thread, until the returned
    event is set or the process ends."""
    stopped = threading.Event()
    interval = interval or settings.ATHENA_WORKER_HEARTBEAT_SECONDS
    threading.Thread(target=_beat_until, args=(stopped, interval), daemon=True,
                     name="athena-worker-heartbeat").start()
    return stopped
