"""HCP directions with acknowledgement, checks with the Annex H rousing check, and the
observation level (DOMAIN.md 2.4, 2.5)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athena.audit.models import AuditEvent
from custody.healthcare.selectors import healthcare_flags
from custody.healthcare.services import (
    check_record,
    hcp_direction_acknowledge,
    hcp_direction_record,
    observation_level_change,
)
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    DirectionKind,
    EntryKind,
    HcpDirection,
    ObservationCheck,
)
from custody.records.services import CustodyRuleBroken
from custody.selectors import board_rows
from tests.custody.test_pages import make_detainee


@pytest.fixture
def detainee(custody_sergeant, officer, suite):
    return make_detainee(custody_sergeant, officer, suite, cell="C2")


def _direction(user, record, kind=DirectionKind.NOT_FIT_TO_DETAIN, minutes_ago=20, **extra):
    return hcp_direction_record(acting_user=user, record=record,
                                given_at=timezone.now() - timedelta(minutes=minutes_ago),
                                hcp_name="Dr Okafor", hcp_role="physician", kind=kind,
                                **extra)


def _flags(record):
    return healthcare_flags([record], timezone.now())[record.pk]


def test_direction_is_flagged_until_acknowledged(custody_sergeant, detainee):
    direction = _direction(custody_sergeant, detainee)
    assert _flags(detainee) == ["HCP direction awaiting acknowledgement: not fit to be detained"]
    assert CustodyEntry.objects.filter(record=detainee, kind=EntryKind.HEALTHCARE).exists()
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction)
    assert _flags(detainee) == []
    direction.refresh_from_db()
    assert direction.acknowledged_by == custody_sergeant


def test_acknowledgement_only_by_a_custody_officer_and_once(custody_sergeant, inspector,
                                                            detainee):
    direction = _direction(custody_sergeant, detainee)
    with pytest.raises(CustodyRuleBroken):
        hcp_direction_acknowledge(acting_user=inspector, direction=direction)
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction)
    with pytest.raises(CustodyRuleBroken, match="already"):
        hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction)


def test_timed_direction_becomes_overdue(custody_sergeant, detainee):
    direction = _direction(custody_sergeant, detainee, kind=DirectionKind.REASSESS_WITHIN,
                           minutes_ago=90,
                           reassess_by=timezone.now() - timedelta(minutes=30))
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction)
    due = timezone.localtime(direction.reassess_by).strftime("%H:%M")
    assert _flags(detainee) == [f"Re-assessment by the HCP was due at {due}"]
    # A later direction (the re-assessment) clears it.
    later = _direction(custody_sergeant, detainee, kind=DirectionKind.FIT_TO_DETAIN,
                       minutes_ago=5)
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=later)
    assert _flags(detainee) == []


def test_reassess_direction_needs_a_time(custody_sergeant, detainee):
    with pytest.raises(CustodyRuleBroken):
        _direction(custody_sergeant, detainee, kind=DirectionKind.REASSESS_WITHIN)


def test_level_1_check_without_rousing_feeds_the_board(custody_sergeant, detainee):
    at = timezone.now() - timedelta(minutes=2)
    check = check_record(acting_user=custody_sergeant, record=detainee, at=at, notes="Asleep")
    assert check.level == 1 and check.rousable is None
    entry = CustodyEntry.objects.get(record=detainee, kind=EntryKind.CHECK)
    assert entry.occurred_at == at
    row = board_rows(suite=detainee.suite, now=timezone.now())[0]
    assert row.next_check_due == at + timedelta(hours=1)
    assert "Check overdue." not in row.overdue


def test_level_2_requires_the_three_answers(custody_sergeant, detainee):
    observation_level_change(acting_user=custody_sergeant, record=detainee, level=2,
                             reason="Smells strongly of alcohol")
    with pytest.raises(CustodyRuleBroken, match="three rousing tests"):
        check_record(acting_user=custody_sergeant, record=detainee, at=timezone.now(),
                     rousable=True, responds_to_questions=True)
    check = check_record(acting_user=custody_sergeant, record=detainee, at=timezone.now(),
                         rousable=True, responds_to_questions=True, responds_to_commands=True)
    assert check.level == 2 and not check.failed_rousing


def test_failed_rousing_needs_and_records_the_hcp_call(custody_sergeant, detainee):
    observation_level_change(acting_user=custody_sergeant, record=detainee, level=2,
                             reason="Head injury")
    args = {"acting_user": custody_sergeant, "record": detainee, "at": timezone.now(),
            "rousable": True, "responds_to_questions": False, "responds_to_commands": True}
    with pytest.raises(CustodyRuleBroken, match="rousing check failed"):
        check_record(**args)
    check = check_record(**args, hcp_called=True)
    assert check.hcp_called and check.failed_rousing
    summaries = list(CustodyEntry.objects.filter(record=detainee)
                     .values_list("kind", "summary"))
    assert (EntryKind.HEALTHCARE, "HCP called after a failed rousing check") in summaries
    assert any(kind == EntryKind.CHECK and summary.startswith("Failed rousing check")
               for kind, summary in summaries)
    assert any("failed rousing check" in flag for flag in _flags(detainee))
    event = AuditEvent.objects.get(action="custody.check.recorded")
    assert event.details == {"record_id": detainee.pk, "level": 2, "failed_rousing": True,
                             "hcp_called": True}


def test_observation_level_change_is_on_the_timeline(custody_sergeant, detainee):
    observation_level_change(acting_user=custody_sergeant, record=detainee, level=3,
                             reason="Threatened self-harm")
    assert CustodyRecord.objects.get().observation_level == 3
    entry = CustodyEntry.objects.filter(record=detainee, kind=EntryKind.RISK_ASSESSMENT).get()
    assert "from 1 to 3: Threatened self-harm" in entry.summary
    assert AuditEvent.objects.filter(action="custody.observation_level.changed").exists()
    with pytest.raises(CustodyRuleBroken):
        observation_level_change(acting_user=custody_sergeant, record=detainee, level=2,
                                 reason="  ")


def test_healthcare_flags_query_count_is_fixed(custody_sergeant, officer, suite):
    def count(records):
        with CaptureQueriesContext(connection) as context:
            healthcare_flags(records, timezone.now())
        return len(context.captured_queries)

    first = make_detainee(custody_sergeant, officer, suite)
    _direction(custody_sergeant, first)
    one = count(list(CustodyRecord.objects.all()))
    for _ in range(5):
        record = make_detainee(custody_sergeant, officer, suite)
        _direction(custody_sergeant, record)
        check_record(acting_user=custody_sergeant, record=record, at=timezone.now())
    records = list(CustodyRecord.objects.all())
    assert count(records) == one == 2
    assert all(healthcare_flags(records, timezone.now()).values())


def test_audit_events_hold_ids_only(custody_sergeant, detainee):
    direction = _direction(custody_sergeant, detainee, text="Chest pain; send to A&E")
    hcp_direction_acknowledge(acting_user=custody_sergeant, direction=direction)
    recorded = AuditEvent.objects.get(action="custody.hcp_direction.recorded")
    assert recorded.details == {"record_id": detainee.pk, "kind": "not_fit"}
    assert "Chest" not in str(recorded.details)
    assert AuditEvent.objects.filter(action="custody.hcp_direction.acknowledged",
                                     object_id=str(direction.pk)).exists()


# Pages

def _when(moment):
    local = timezone.localtime(moment)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")


def direction_data(**overrides):
    day, time = _when(timezone.now() - timedelta(minutes=10))
    data = {"given_at_0": day, "given_at_1": time, "hcp_name": "Nurse Byrne",
            "hcp_role": "nurse", "kind": "reassess", "reassess_within": "60",
            "text": "Re-assess head injury"}
    data.update(overrides)
    return data


def check_data(**overrides):
    day, time = _when(timezone.now() - timedelta(minutes=1))
    data = {"at_0": day, "at_1": time, "notes": "Awake, talking"}
    data.update(overrides)
    return data


def test_recording_and_acknowledging_a_direction_in_pages(custody_client, detainee):
    url = reverse("custody:healthcare", args=[detainee.pk])
    response = custody_client.post(url, direction_data())
    assert response.status_code == 302
    direction = HcpDirection.objects.get()
    assert direction.reassess_by == direction.given_at + timedelta(minutes=60)
    page = custody_client.get(url)
    assert b"Acknowledge" in page.content and b"Nurse Byrne" in page.content
    ack = reverse("custody:hcp_acknowledge", args=[detainee.pk, direction.pk])
    assert custody_client.post(ack).status_code == 302
    assert HcpDirection.objects.get().acknowledged_at is not None
    assert custody_client.post(ack, follow=True).status_code == 200  # second time: message


def test_board_to_check_form_to_save(custody_client, detainee):
    url = reverse("custody:check_new", args=[detainee.pk])
    page = custody_client.get(url)
    assert page.status_code == 200 and b"rousable" not in page.content.lower()
    response = custody_client.post(url, check_data())
    assert response["Location"] == reverse("custody:record", args=[detainee.pk])
    assert ObservationCheck.objects.count() == 1


def test_level_2_check_page_shows_and_requires_rousing(custody_client, custody_sergeant,
                                                       detainee):
    observation_level_change(acting_user=custody_sergeant, record=detainee, level=2,
                             reason="Drunk")
    url = reverse("custody:check_new", args=[detainee.pk])
    assert b"Rousable" in custody_client.get(url).content
    response = custody_client.post(url, check_data())
    assert response.status_code == 200
    assert b"There is a problem" in response.content and b'id="field-rousable"' in response.content
    answers = {"rousable": "yes", "responds_to_questions": "no", "responds_to_commands": "yes"}
    response = custody_client.post(url, check_data(**answers))
    assert b"call the HCP or an ambulance" in response.content
    assert b"Awake, talking" in response.content
    response = custody_client.post(url, check_data(**answers, hcp_called="on"))
    assert response.status_code == 302
    assert ObservationCheck.objects.get().hcp_called


def test_observation_level_page_action(custody_client, detainee):
    url = reverse("custody:observation_level", args=[detainee.pk])
    assert custody_client.post(url, {"level": "4", "reason": "Ligature found"}).status_code == 302
    assert CustodyRecord.objects.get().observation_level == 4
    response = custody_client.post(url, {"level": "9", "reason": ""})
    assert response.status_code == 200 and b"Choose a level from the list" in response.content


def test_inspector_can_view_but_not_record(client, inspector, custody_sergeant, detainee):
    direction = _direction(custody_sergeant, detainee)
    client.force_login(inspector)
    page = client.get(reverse("custody:healthcare", args=[detainee.pk]))
    assert page.status_code == 200 and b"Awaiting acknowledgement" in page.content
    assert client.post(reverse("custody:healthcare", args=[detainee.pk]),
                       direction_data()).status_code == 403
    assert client.get(reverse("custody:check_new", args=[detainee.pk])).status_code == 403
    assert client.post(reverse("custody:hcp_acknowledge",
                               args=[detainee.pk, direction.pk])).status_code == 403
    assert AuditEvent.objects.filter(action="custody.healthcare.viewed").count() == 1


def test_outsider_gets_404(client, outsider, custody_sergeant, detainee):
    client.force_login(outsider)
    for name in ("healthcare", "check_new"):
        assert client.get(reverse(f"custody:{name}", args=[detainee.pk])).status_code == 404
    assert client.post(reverse("custody:observation_level", args=[detainee.pk]),
                       {"level": "2", "reason": "x"}).status_code == 404


@pytest.mark.parametrize(("overrides", "message"), [
    ({"at_0": "", "at_1": ""}, b"Enter both the date and the time of the check"),
    ({"at_1": "25:61"}, b"Enter a real date and time of the check"),
    ({"at_0": "30/02/2026"}, b"Enter a real date and time of the check"),
    ({"at_0": "01/01/2020"}, b"cannot be before the arrival"),
    ({"at_0": "01/01/2099"}, b"cannot be in the future"),
    ({"notes": "x" * 20000}, b"2,000 characters or fewer"),
])
def test_hostile_check_input(custody_client, detainee, overrides, message):
    response = custody_client.post(reverse("custody:check_new", args=[detainee.pk]),
                                   check_data(**overrides))
    assert response.status_code == 200
    assert message in response.content
    assert b"There is a problem" in response.content
    assert not ObservationCheck.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"hcp_name": ""}, b"Enter the name of the healthcare professional"),
    ({"hcp_name": "x" * 20000}, b"100 characters or fewer"),
    ({"text": "<script>alert(1)</script>", "given_at_1": "25:61"},
     b"&lt;script&gt;alert(1)&lt;/script&gt;"),
    ({"given_at_0": "30/02/2026"}, b"Enter a real date and time of the direction"),
    ({"given_at_0": "01/01/2020"}, b"cannot be before the arrival"),
    ({"kind": "<script>"}, b"Choose the direction from the list"),
    ({"reassess_within": ""}, b"Enter how many minutes"),
    ({"reassess_within": "abc"}, b"whole number"),
])
def test_hostile_direction_input(custody_client, detainee, overrides, message):
    response = custody_client.post(reverse("custody:healthcare", args=[detainee.pk]),
                                   direction_data(**overrides))
    assert response.status_code == 200
    assert message in response.content
    assert b"<script>alert" not in response.content
    assert not HcpDirection.objects.exists()
