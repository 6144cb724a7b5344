"""/healthz names each part (database, broker, worker, sweeper) and answers within a
second whatever is down.

Its checks run in threads with their own database connections, which see only committed
rows: hence transactional tests.
"""

import contextlib
import socket
import threading
import time
from datetime import timedelta
from functools import partial
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from athena import health
from athena.celery import app as celery_app
from athena.jobs.models import SWEEPER_HEARTBEAT_ID, WORKER_HEARTBEAT_ID, WorkerHeartbeat
from athena.jobs.tasks import record_heartbeat, sweep_stale_jobs

URL = "/healthz"
ANSWERS_WITHIN_SECONDS = 1.0

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def beat(beat_id, seconds_ago):
    WorkerHeartbeat.objects.update_or_create(
        pk=beat_id, defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)})


def timed_get(client, url=URL):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@contextlib.contextmanager
def check_that_never_answers(name):
    """The check ``name`` hangs (a frozen service) until the block ends."""
    release = threading.Event()
    calls = []

    def hangs():
        calls.append(1)
        release.wait(10)
        return {"ok": True}

    with mock.patch.dict(health._CHECKS, {name: hangs}):
        try:
            yield calls
        finally:
            release.set()
            health._running[name].done.wait(5)


def test_it_is_routed_where_the_middleware_answers_it():
    assert reverse("healthz") == health.HEALTHZ_PATH == URL


def test_healthy_when_every_part_is_well(client):
    record_heartbeat()
    sweep_stale_jobs()
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "broker": True, "worker": True, "sweeper": True}


def test_unhealthy_when_no_worker_has_reported(client):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False,
                                                   "error": "no heartbeat recorded"}


def test_unhealthy_when_the_worker_heartbeat_is_old(client, settings):
    max_age = settings.ATHENA_HEARTBEAT_MAX_AGE.total_seconds()
    beat(WORKER_HEARTBEAT_ID, max_age + 5)
    beat(SWEEPER_HEARTBEAT_ID, 1)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
    assert response.json()["checks"]["worker"]["last_heartbeat_seconds_ago"] > max_age


def test_a_dead_worker_is_named_within_the_heartbeat_limit(client, settings):
    assert settings.ATHENA_HEARTBEAT_MAX_AGE <= timedelta(seconds=30)
    beat(WORKER_HEARTBEAT_ID, settings.ATHENA_HEARTBEAT_MAX_AGE.total_seconds() + 1)
    assert client.get(URL).json()["checks"]["worker"]["ok"] is False


def test_beat_down_is_named_as_the_sweeper_while_the_worker_is_well(client, settings):
    beat(WORKER_HEARTBEAT_ID, 2)
    beat(SWEEPER_HEARTBEAT_ID, settings.ATHENA_HEARTBEAT_MAX_AGE.total_seconds() + 5)
    response = client.get(URL)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["worker"]["ok"] is True
    assert checks["sweeper"]["ok"] is False


def test_unhealthy_when_the_broker_is_unreachable(client):
    record_heartbeat()
    sweep_stale_jobs()
    with mock.patch("athena.health.celery_app.connection_for_write",
                    side_effect=ConnectionRefusedError("broker down")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False,
                                                   "error": "ConnectionRefusedError"}


def test_answers_within_a_second_with_redis_frozen(client):
    """A frozen Redis (SIGSTOP) accepts connections and never answers: here, a socket
    that listens and never reads."""
    frozen = socket.socket()
    frozen.bind(("127.0.0.1", 0))
    frozen.listen(8)
    port = frozen.getsockname()[1]
    try:
        to_frozen_redis = partial(celery_app.connection_for_write, f"redis://127.0.0.1:{port}/0")
        with mock.patch.object(celery_app, "connection_for_write", to_frozen_redis):
            response, seconds = timed_get(client)
            health._running["broker"].done.wait(5)
    finally:
        frozen.close()
    assert seconds < ANSWERS_WITHIN_SECONDS
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_a_check_not_back_by_the_deadline_is_reported_as_timed_out(client):
    record_heartbeat()
    with check_that_never_answers("broker"):
        response, seconds = timed_get(client)
    assert seconds < ANSWERS_WITHIN_SECONDS
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"] == {"ok": False, "error": "timed out"}
    assert checks["database"] == {"ok": True}
    assert checks["worker"]["ok"] is True


def test_a_database_that_never_answers_is_named_and_so_are_the_beats_it_holds(client):
    with check_that_never_answers("database"):
        response, seconds = timed_get(client)
    assert seconds < ANSWERS_WITHIN_SECONDS
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "error": "timed out"}
    assert checks["worker"] == {"ok": False, "error": "database unavailable"}
    assert checks["sweeper"] == {"ok": False, "error": "database unavailable"}
    assert checks["broker"] == {"ok": True}


def test_a_frozen_service_holds_one_thread_however_often_it_is_asked(client):
    with check_that_never_answers("broker") as calls:
        for _ in range(3):
            assert client.get(URL).json()["checks"]["broker"]["error"] == "timed out"
    assert len(calls) == 1


def test_the_database_check_closes_its_connection(client):
    used = []
    original = health._check_database

    def spied():
        try:
            return original()
        finally:
            used.append(connections["default"])

    with mock.patch.dict(health._CHECKS, {"database": spied}):
        client.get(URL)
        health._running["database"].done.wait(5)
    assert len(used) == 1
    assert used[0] is not connections["default"]  # the check's thread's own
    assert used[0].connection is None


def test_answers_without_loading_the_session_a_browser_sends(client, officer):
    """A signed-in page asks /healthz with its session cookie: the answer must not wait
    on (or fail with) the session's database read."""
    client.force_login(officer)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                    side_effect=OperationalError("connection refused")):
        response = client.get(URL)
    assert response["Content-Type"] == "application/json"
    assert set(response.json()["checks"]) == {"database", "broker", "worker", "sweeper"}


def test_it_says_its_length_so_the_connection_is_kept(client):
    """Answered before CommonMiddleware: without a length, an HTTP/1.1 server closes the
    connection after each answer (and a page checks /healthz on every custody page)."""
    response = client.get(URL)
    assert response["Content-Length"] == str(len(response.content))


def test_health_reveals_no_error_details(client):
    def fails():
        raise RuntimeError("secret dsn")

    with mock.patch.dict(health._CHECKS, {"database": fails}):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "RuntimeError"}
    assert b"secret dsn" not in response.content
