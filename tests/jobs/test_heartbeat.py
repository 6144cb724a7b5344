"""The worker's heartbeat comes from a thread of its main process (athena/jobs/heartbeat.py),
so it keeps going with beat down or every pool process busy, and stops with the worker."""

import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError

from athena.health import run_checks
from athena.jobs import heartbeat
from athena.jobs.models import WORKER_HEARTBEAT_ID, WorkerHeartbeat


def beats():
    return list(WorkerHeartbeat.objects.filter(pk=WORKER_HEARTBEAT_ID)
                .values_list("beat_at", flat=True))


def wait_for(condition, seconds=5):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_thread_beats_without_beat_or_the_pool_until_stopped():
    assert beats() == []
    stopped = heartbeat.start(interval=0.05)
    try:
        first = wait_for(beats) and beats()[0]
        assert first
        assert wait_for(lambda: beats()[0] > first)
        assert run_checks()["worker"]["ok"] is True
    finally:
        stopped.set()
    time.sleep(0.2)  # a beat under way finishes
    last = beats()[0]
    time.sleep(0.2)
    assert beats()[0] == last


@pytest.mark.django_db
def test_a_beat_the_database_refuses_is_missed_not_fatal():
    outcome = []
    with mock.patch("athena.jobs.services.heartbeat_record",
                    side_effect=OperationalError("the server closed the connection")):
        # In a thread of its own, as in the worker: it closes that thread's connections.
        beating = threading.Thread(target=lambda: outcome.append(heartbeat.beat_once()))
        beating.start()
        beating.join()
    assert outcome == [False]
    assert beats() == []
