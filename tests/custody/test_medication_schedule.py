"""The printed schedule of doses never lists a time the medication rules refuse.

In an outage a sergeant works from the contingency sheet. It once worked the due times
out itself, and with a 4-hourly medicine limited to 4 doses a day and 3 given it listed
two more which ``check_dose`` refused. Now the sheet, the board and the medication page
all ask ``custody.medication.rules``; these tests hold the sheet to the rules.
"""

import io
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from athena.problems import messages
from custody.medication import selectors as medication
from custody.medication.rules import (
    DoseRecord,
    MedicationPlan,
    check_dose,
    due_times,
    next_due,
)
from custody.medication.services import dose_record, medication_plan_add
from custody.models import ControlledDrugSchedule, DoseOutcome, DoseRecordRow, MedicationPlanRecord
from custody.records.rules import LONDON
from custody.suite import pdf
from custody.suite.selectors import record_for_pdf
from tests.custody.test_pages import make_detainee

GIVER = "PS 1234 Jones"
WITNESS = "DO 77 Patel"

# Plans start in the fortnights around both changes of the clocks in 2026, on any minute.
_STARTS = st.builds(
    lambda fortnight, minutes: fortnight + timedelta(minutes=minutes),
    st.sampled_from([datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 10, 16, tzinfo=UTC)]),
    st.integers(0, 14 * 24 * 60))


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


@st.composite
def plans(draw):
    starts_at = draw(_STARTS)
    if draw(st.booleans()):
        clocks = draw(st.lists(st.builds(time, st.integers(0, 23),
                                         st.sampled_from([0, 15, 30, 45, 7, 59])),
                               min_size=1, max_size=5, unique=True))
        timing = {"set_times": tuple(clocks)}
    else:
        timing = {"min_interval": timedelta(minutes=draw(st.integers(30, 24 * 60)))}
    controlled = draw(st.sampled_from(list(ControlledDrugSchedule)))
    ends_after = draw(st.none() | st.integers(60, 4 * 24 * 60))
    return MedicationPlan(
        drug="Paracetamol", strength="500 mg", dose="Two tablets", route="oral",
        controlled_schedule=controlled, authorised_by="Dr Okafor", starts_at=starts_at,
        hcp_authorised=draw(st.booleans()),
        max_doses_per_24h=draw(st.none() | st.integers(1, 8)),
        ends_at=None if ends_after is None else starts_at + timedelta(minutes=ends_after),
        **timing)


@st.composite
def histories(draw, plan):
    """Doses already on the record: mostly as the rules allow, some refused, and some
    an HCP allowed against the rules (an override), in any order of time."""
    offsets = draw(st.lists(st.integers(-60, 3 * 24 * 60), max_size=12))
    records = []
    for offset in sorted(offsets):
        records.append(DoseRecord(
            at=plan.starts_at + timedelta(minutes=offset),
            outcome=draw(st.sampled_from(list(DoseOutcome))), given_by=GIVER,
            witness=WITNESS, hcp_override=draw(st.booleans()),
            override_reason="HCP agreed", notes="Noted"))
    return records


def _scheduled_dose(at):
    return DoseRecord(at=at, outcome=DoseOutcome.GIVEN, given_by=GIVER, witness=WITNESS)


def assert_each_time_is_accepted(plan, history, times):
    """Each time passes check_dose, with the doses before it given at their times."""
    on_record = list(history)
    for at in times:
        dose = _scheduled_dose(at)
        assert check_dose(plan, on_record, dose, now=at) == [], (
            f"{at:%Y-%m-%d %H:%M} UTC is on the schedule but the rules refuse it")
        on_record.append(dose)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_every_scheduled_time_passes_check_dose(data):
    plan = data.draw(plans(), label="plan")
    history = data.draw(histories(plan), label="history")
    now = max([plan.starts_at, *(record.at for record in history)])

    times = due_times(plan, history, now)

    assert_each_time_is_accepted(plan, history, times)
    assert times == sorted(set(times))
    if times:
        assert times[0] == next_due(plan, history, now)
        assert times[-1] < times[0] + timedelta(hours=24)


def _plan(**overrides):
    fields = {"drug": "Paracetamol", "strength": "500 mg", "dose": "Two tablets",
              "route": "oral", "controlled_schedule": ControlledDrugSchedule.NOT_CONTROLLED,
              "authorised_by": "Dr Okafor",
              "starts_at": datetime(2026, 12, 1, 7, 0, tzinfo=LONDON)}
    return MedicationPlan(**{**fields, **overrides})


def _given(*clock_times, day=1):
    return [_scheduled_dose(datetime(2026, 12, day, hour, minute, tzinfo=LONDON))
            for hour, minute in clock_times]


def test_four_hourly_with_four_a_day_and_three_given_waits_for_the_day_to_pass():
    plan = _plan(min_interval=timedelta(hours=4), max_doses_per_24h=4)
    history = _given((8, 0), (12, 0), (16, 0))

    times = due_times(plan, history, datetime(2026, 12, 1, 17, 0, tzinfo=LONDON))

    assert [f"{at.astimezone(LONDON):%d %H:%M}" for at in times] == [
        "01 20:00", "02 08:00", "02 12:00", "02 16:00"]
    refused = _scheduled_dose(datetime(2026, 12, 2, 0, 0, tzinfo=LONDON))
    assert "dose 5 in the 24 hours" in " ".join(messages(
        check_dose(plan, history + _given((20, 0)), refused, now=refused.at)))


def test_a_set_time_the_daily_limit_forbids_is_passed_over():
    plan = _plan(set_times=(time(8), time(12), time(16), time(20)), max_doses_per_24h=3)
    history = _given((8, 0), (12, 0), (16, 0))

    due = next_due(plan, history, datetime(2026, 12, 1, 17, 0, tzinfo=LONDON))

    assert due == datetime(2026, 12, 2, 8, 0, tzinfo=LONDON)


def test_a_plan_the_rules_cannot_use_has_no_due_time():
    plan = _plan(min_interval=timedelta(hours=4),
                 controlled_schedule=ControlledDrugSchedule.SCHEDULE_2)

    assert next_due(plan, [], plan.starts_at) is None
    assert due_times(plan, [], plan.starts_at) == []


# --- The sheet the sergeant prints ----------------------------------------------------

@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _printed_times(texts):
    """The printed "14:05 Sat 28 Nov 2026" times back as aware datetimes."""
    return [datetime.strptime(text, "%H:%M %a %d %b %Y").replace(tzinfo=LONDON)
            for text in texts]


def _pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_printed_sheet_lists_only_times_the_rules_accept(
        custody_client, custody_sergeant, officer, suite, _media):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=14)
    starts = timezone.now() - timedelta(hours=13)
    plan = medication_plan_add(custody_sergeant, record, drug="Paracetamol",
                               strength="500 mg", dose="Two tablets",
                               authorised_by="Dr Okafor", min_interval_minutes=240,
                               max_doses_per_24h=4, starts_at=starts)
    for hours in (0, 4, 8):
        dose_record(custody_sergeant, plan, at=starts + timedelta(hours=hours),
                    outcome=DoseOutcome.GIVEN)

    response = custody_client.get(reverse("custody:contingency_pdf", args=[record.pk]))
    content = pdf.contingency_content(record_for_pdf(record.pk))

    printed = _printed_times(content["medication"][0]["due"])
    expected = [starts + timedelta(hours=hours) for hours in (12, 24, 28, 32)]
    assert printed == [_minute(at) for at in expected]
    text = _pdf_text(b"".join(response.streaming_content)
                     if response.streaming else response.content)
    for at in content["medication"][0]["due"]:
        assert at in text
    rules_plan = medication.rules_plan(MedicationPlanRecord.objects.get(pk=plan.pk))
    history = medication.rules_doses(DoseRecordRow.objects.filter(plan=plan))
    assert_each_time_is_accepted(rules_plan, history, expected)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_time_on_a_printed_sheet_passes_check_dose(data, custody_sergeant, officer,
                                                         suite):
    """Random plans and dose histories, recorded through the services as a sergeant
    would (overrides included), then read back from the sheet's content."""
    interval = data.draw(st.integers(30, 12 * 60), label="interval minutes")
    limit = data.draw(st.none() | st.integers(1, 8), label="most doses in 24 hours")
    set_times = data.draw(st.none() | st.lists(
        st.sampled_from(["06:00", "08:00", "08:30", "12:00", "16:00", "20:00", "22:00"]),
        min_size=1, max_size=4, unique=True), label="set times")
    offsets = data.draw(st.lists(st.integers(0, 30 * 60), max_size=8), label="dose minutes")
    with transaction.atomic():
        record = make_detainee(custody_sergeant, officer, suite, hours_ago=40)
        starts = _minute(timezone.now() - timedelta(hours=36))
        plan = medication_plan_add(
            custody_sergeant, record, drug="Ibuprofen", strength="200 mg", dose="One",
            authorised_by="Dr Okafor", max_doses_per_24h=limit, starts_at=starts,
            **({"set_times": set_times} if set_times else {"min_interval_minutes": interval}))
        for offset in sorted(offsets):
            outcome = data.draw(st.sampled_from(list(DoseOutcome)), label="outcome")
            dose_record(custody_sergeant, plan, at=starts + timedelta(minutes=offset),
                        outcome=outcome, hcp_override=True, override_reason="HCP agreed",
                        notes="Noted")
        content = pdf.contingency_content(record_for_pdf(record.pk))
        rules_plan = medication.rules_plan(MedicationPlanRecord.objects.get(pk=plan.pk))
        history = medication.rules_doses(DoseRecordRow.objects.filter(plan=plan))
        transaction.set_rollback(True)

    assert_each_time_is_accepted(rules_plan, history,
                                 _printed_times(content["medication"][0]["due"]))


def test_the_page_the_board_and_the_sheet_give_the_same_times(
        custody_client, custody_sergeant, officer, suite, _media):
    record = make_detainee(custody_sergeant, officer, suite, hours_ago=14)
    starts = _minute(timezone.now() - timedelta(hours=13))
    plan = medication_plan_add(custody_sergeant, record, drug="Paracetamol",
                               strength="500 mg", dose="Two tablets",
                               authorised_by="Dr Okafor", min_interval_minutes=240,
                               max_doses_per_24h=4, starts_at=starts)
    for hours in (0, 4, 8):
        dose_record(custody_sergeant, plan, at=starts + timedelta(hours=hours),
                    outcome=DoseOutcome.GIVEN)

    page = custody_client.get(reverse("custody:medication", args=[record.pk]))
    board = custody_client.get(reverse("custody:index"))
    sheet = pdf.contingency_content(record_for_pdf(record.pk))["medication"][0]["due"]

    shown = [at.astimezone(LONDON) for at in page.context["dues"][0].due_times]
    assert shown == _printed_times(sheet)
    content = page.content.decode()
    for at in shown[1:]:
        assert f"{at:%H:%M %a} {at.day} {at:%b}" in content
    assert board.context["rows"][0].medication.next_due == shown[0]
