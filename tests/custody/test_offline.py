"""Entries sent again after an outage: recorded once, and a clash kept for the sergeant."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from custody.medication.services import medication_plan_add
from custody.models import CustodyEntry, DoseRecordRow, EntryKind
from tests.custody.test_pages import make_detainee

REPLAY = {"HTTP_X_ATHENA_OFFLINE_REPLAY": "1"}


def dose_post(now, client_id):
    local = timezone.localtime(now)
    return {"at_0": local.strftime("%d/%m/%Y"), "at_1": local.strftime("%H:%M"),
            "outcome": "given", "client_id": client_id}


def test_a_replayed_dose_is_recorded_once_and_a_clash_is_kept_on_the_timeline(
    custody_client, custody_sergeant, officer, suite
):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=6)
    plan = medication_plan_add(acting_user=custody_sergeant, record=record,
                               drug="Paracetamol", strength="500 mg", dose="2 tablets",
                               route="oral", controlled_schedule="not_controlled",
                               min_interval_minutes=240, authorised_by="Dr Amir",
                               starts_at=timezone.now() - timedelta(hours=5))
    url = reverse("custody:dose_add", args=[record.pk, plan.pk])
    now = timezone.now() - timedelta(minutes=2)

    first = custody_client.post(url, dose_post(now, "0123456789abcdef0123456789abcdef"), **REPLAY)
    again = custody_client.post(url, dose_post(now, "0123456789abcdef0123456789abcdef"), **REPLAY)
    clash = custody_client.post(url, dose_post(now, "fedcba9876543210fedcba9876543210"), **REPLAY)

    assert first.status_code == 302
    assert again.status_code == 302
    assert DoseRecordRow.objects.count() == 1
    assert clash.status_code == 409
    note = CustodyEntry.objects.get(record=record, kind=EntryKind.NOTE)
    assert "made offline was not applied" in note.summary
    assert note.details["offline_entry"]["client_id"] == "fedcba9876543210fedcba9876543210"


def test_an_acknowledgement_made_offline_keeps_its_real_time_and_counts_once(
    custody_client, custody_sergeant, officer, suite
):
    from custody.healthcare.services import hcp_direction_record
    from custody.models import HcpDirection

    record = make_detainee(custody_sergeant, officer, suite, hours_ago=4)
    direction = hcp_direction_record(
        acting_user=custody_sergeant, record=record,
        given_at=timezone.now() - timedelta(hours=1), hcp_name="Nurse Bello",
        hcp_role="nurse", kind="not_fit", text="Not fit to be detained")
    really = timezone.now() - timedelta(minutes=20)
    url = reverse("custody:hcp_acknowledge", args=[record.pk, direction.pk])
    for _ in range(2):
        response = custody_client.post(url, {"occurred_at": really.isoformat()}, **REPLAY)
        assert response.status_code == 302
    direction = HcpDirection.objects.get()
    assert direction.acknowledged_at == really
    assert CustodyEntry.objects.filter(kind=EntryKind.HEALTHCARE,
                                       summary__contains="acknowledged").count() == 1


def test_an_impossible_offline_time_is_not_believed(custody_client, custody_sergeant, officer,
                                                    suite):
    from custody.healthcare.services import hcp_direction_record
    from custody.models import HcpDirection

    record = make_detainee(custody_sergeant, officer, suite, hours_ago=4)
    direction = hcp_direction_record(
        acting_user=custody_sergeant, record=record,
        given_at=timezone.now() - timedelta(hours=1), hcp_name="Nurse Bello",
        hcp_role="nurse", kind="not_fit", text="Not fit to be detained")
    url = reverse("custody:hcp_acknowledge", args=[record.pk, direction.pk])
    custody_client.post(url, {"occurred_at": "2099-01-01T00:00:00+00:00"}, **REPLAY)
    assert HcpDirection.objects.get().acknowledged_at <= timezone.now()
