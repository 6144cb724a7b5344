from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from athena.jobs.models import WorkerHeartbeat
from athena.jobs.tasks import record_heartbeat

URL = "/healthz"


@pytest.mark.django_db
def test_healthy_when_database_broker_and_worker_are_well(client):
    record_heartbeat()
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "broker": True, "worker": True}


@pytest.mark.django_db
def test_unhealthy_when_no_worker_has_reported(client):
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


@pytest.mark.django_db
def test_unhealthy_when_the_worker_heartbeat_is_old(client, settings):
    WorkerHeartbeat.objects.create(
        pk=1, beat_at=timezone.now() - settings.ATHENA_HEARTBEAT_MAX_AGE - timedelta(seconds=5))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["last_heartbeat_seconds_ago"] > 120


@pytest.mark.django_db
def test_unhealthy_when_the_broker_is_unreachable(client):
    record_heartbeat()
    with mock.patch("athena.health.celery_app.connection_for_write",
                    side_effect=ConnectionRefusedError("broker down")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False,
                                                   "error": "ConnectionRefusedError"}


@pytest.mark.django_db
def test_health_reveals_no_error_details(client):
    with mock.patch("athena.health.connection.cursor", side_effect=RuntimeError("secret dsn")):
        response = client.get(URL)
    assert response.status_code == 503
    assert b"secret dsn" not in response.content
