"""With the broker (Redis) or the worker down, custody still works: the board, the
records, and recording doses and checks. Background work waits in its job rows."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from athena.jobs.tasks import run_job
from custody.medication.services import medication_plan_add
from custody.models import DoseRecordRow, ObservationCheck
from tests.custody.test_pages import make_detainee


@pytest.fixture
def broker_down():
    with mock.patch.object(run_job, "apply_async",
                           side_effect=ConnectionRefusedError("Redis is down")):
        yield


def local_parts(moment):
    local = timezone.localtime(moment)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def test_custody_works_with_the_broker_and_worker_down(
    broker_down, custody_client, custody_sergeant, officer, suite,
    django_capture_on_commit_callbacks
):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=6)
    plan = medication_plan_add(acting_user=custody_sergeant, record=record,
                               drug="Paracetamol", strength="500 mg", dose="2 tablets",
                               route="oral", controlled_schedule="not_controlled",
                               min_interval_minutes=240, authorised_by="Dr Amir",
                               starts_at=timezone.now() - timedelta(hours=5))
    assert custody_client.get(reverse("custody:index")).status_code == 200
    assert custody_client.get(reverse("custody:record", args=[record.pk])).status_code == 200

    day, time = local_parts(timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        dose = custody_client.post(reverse("custody:dose_add", args=[record.pk, plan.pk]),
                                   {"at_0": day, "at_1": time, "outcome": "given"})
        check = custody_client.post(reverse("custody:check_new", args=[record.pk]),
                                    {"at_0": day, "at_1": time, "notes": "Asleep"})
    assert dose.status_code == 302
    assert check.status_code == 302
    assert DoseRecordRow.objects.count() == 1
    assert ObservationCheck.objects.count() == 1
