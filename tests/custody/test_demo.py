import pytest
from django.core.management import call_command
from django.utils import timezone

from athena.accounts.demo import seed_demo_users
from athena.audit.models import AuditEvent
from custody.models import (
    ControlledDrugSchedule,
    CustodyRecord,
    CustodySuite,
    DoseOutcome,
    ObservationLevel,
    RecordStatus,
)
from custody.selectors import board_rows


def test_demo_custody_suite_is_created_once(db, capsys, settings):
    call_command("seed_demo")
    call_command("seed_demo_custody")
    booked = CustodyRecord.objects.count()
    assert CustodySuite.objects.get(code="CHE").name == "Chelmsford"
    call_command("seed_demo_custody")
    assert CustodyRecord.objects.count() == booked
    assert "0 detainees booked in" in capsys.readouterr().out


# --- The three detainees the README promises ------------------------------------------

@pytest.fixture
def seeded(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo_custody")
    return CustodySuite.objects.get(code="CHE")


def test_three_detainees_are_booked_in(capsys, seeded):
    records = CustodyRecord.objects.filter(suite=seeded).order_by("cell")
    assert [(r.cell, r.person.surname.upper()) for r in records] == [
        ("C1", "TAYLOR"), ("C3", "NOWAK"), ("C5", "OKAFOR")]
    assert all(record.status == RecordStatus.DETAINED for record in records)
    assert "3 detainees booked in" in capsys.readouterr().out


def test_each_has_a_set_time_an_as_needed_and_a_controlled_medicine(seeded):
    for record in CustodyRecord.objects.filter(suite=seeded):
        plans = list(record.medication_plans.all())
        set_time = [p for p in plans if p.set_times]
        as_needed = [p for p in plans if p.min_interval_minutes == 240 and p.max_doses_per_24h]
        controlled = [p for p in plans
                      if p.controlled_schedule == ControlledDrugSchedule.SCHEDULE_4]
        assert len(plans) == 3 and set_time and as_needed and controlled, record
        assert controlled[0].hcp_authorised
        assert all(dose.witness for dose in controlled[0].doses.all())
    given = [dose for record in CustodyRecord.objects.filter(suite=seeded)
             for plan in record.medication_plans.all() for dose in plan.doses.all()
             if dose.outcome == DoseOutcome.GIVEN]
    assert given
    assert any(dose.plan.is_controlled for dose in given)


def test_a_direction_awaits_acknowledgement(seeded):
    directions = [d for record in CustodyRecord.objects.filter(suite=seeded)
                  for d in record.hcp_directions.all()]
    assert any(not direction.is_acknowledged for direction in directions)
    assert any(direction.is_acknowledged for direction in directions)


def test_the_head_injury_detainee_is_at_level_2_and_their_check_is_overdue(seeded):
    record = CustodyRecord.objects.get(suite=seeded, cell="C3")
    assert record.observation_level == ObservationLevel.INTERMITTENT
    assessment = record.risk_assessments.last()
    assert assessment.head_injury == "yes" and assessment.head_injury_notes
    row = next(row for row in board_rows(suite=seeded, now=timezone.now())
               if row.record == record)
    assert "Check overdue." in row.overdue
    assert all(check.rousable for check in record.checks.all())


def test_everything_goes_through_the_services(seeded):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"custody.record.opened", "custody.detention.authorised",
            "custody.rights.recorded", "custody.risk_assessment.recorded",
            "custody.medication.planned", "custody.medication.administered",
            "custody.hcp_direction.recorded", "custody.hcp_direction.acknowledged",
            "custody.check.recorded"} <= actions
    assert AuditEvent.objects.filter(action="custody.medication.planned").count() == 9


def test_a_second_run_books_no_one_twice(seeded, capsys):
    capsys.readouterr()
    counts = (CustodyRecord.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo_custody")
    assert (CustodyRecord.objects.count(), AuditEvent.objects.count()) == counts
    assert "0 detainees booked in" in capsys.readouterr().out


def test_detainees_missing_from_the_demo_people_are_put_on_the_index(db, settings):
    seed_demo_users(password="not-used-here-2026")  # the users, but no demo people
    call_command("seed_demo_custody")
    names = sorted(CustodyRecord.objects.values_list("person__surname", flat=True))
    assert [name.upper() for name in names] == ["NOWAK", "OKAFOR", "TAYLOR"]
    assert AuditEvent.objects.filter(action="people.person.created").count() == 3
