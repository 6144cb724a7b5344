from datetime import UTC, datetime, time, timedelta

import pytest

from athena.problems import messages
from custody.medication import rules
from custody.medication.rules import (
    DoseRecord,
    DueStatus,
    MedicationPlan,
    due_status,
    next_due,
)
from custody.models import ControlledDrugSchedule, DoseOutcome, Route
from custody.records.rules import LONDON

CD = ControlledDrugSchedule


# The rules answer with Problems (code, field, message); these tests compare the
# messages. Codes and fields are asserted at the end of this module.
def plan_problems(plan):
    return messages(rules.plan_problems(plan))


def check_dose(*args, **kwargs):
    return messages(rules.check_dose(*args, **kwargs))

EIGHT_AND_EIGHT = (time(8, 0), time(20, 0))


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def make_plan(**changes):
    values = {
        "drug": "Paracetamol",
        "strength": "500 mg",
        "dose": "Two tablets",
        "route": Route.ORAL,
        "controlled_schedule": CD.NOT_CONTROLLED,
        "authorised_by": "Dr Amara Okafor (FME)",
        "starts_at": london(2027, 6, 1, 6, 0),
        "min_interval": timedelta(hours=4),
    }
    values.update(changes)
    return MedicationPlan(**values)


def set_time_plan(**changes):
    return make_plan(set_times=EIGHT_AND_EIGHT, min_interval=None, **changes)


def given(at, **changes):
    values = {"at": at, "outcome": DoseOutcome.GIVEN, "given_by": "PS 1234 Patel"}
    values.update(changes)
    return DoseRecord(**values)


def not_given(at, outcome=DoseOutcome.REFUSED, **changes):
    values = {"at": at, "outcome": outcome, "given_by": "PS 1234 Patel", "notes": "Said no."}
    values.update(changes)
    return DoseRecord(**values)


NOW = london(2027, 6, 1, 23, 0)


# --- The plan ------------------------------------------------------------------------------


def test_a_complete_plan_has_no_problems():
    assert plan_problems(make_plan()) == []
    assert plan_problems(set_time_plan()) == []


@pytest.mark.parametrize(
    ("schedule", "hcp_authorised", "expected"),
    [
        (CD.NOT_CONTROLLED, False, None),
        (CD.SCHEDULE_2, False, "Police never give Schedule 2 or 3 controlled drugs"),
        (CD.SCHEDULE_2, True, "Police never give Schedule 2 or 3 controlled drugs"),
        (CD.SCHEDULE_3, True, "Police never give Schedule 2 or 3 controlled drugs"),
        (CD.SCHEDULE_4, False, "only when a healthcare professional has authorised it"),
        (CD.SCHEDULE_5, False, "only when a healthcare professional has authorised it"),
        (CD.SCHEDULE_4, True, None),
        (CD.SCHEDULE_5, True, None),
    ],
)
def test_controlled_drug_rules(schedule, hcp_authorised, expected):
    problems = plan_problems(make_plan(controlled_schedule=schedule, hcp_authorised=hcp_authorised))

    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert expected in problems[0]


def test_schedule_2_and_3_message_names_who_supervises():
    (problem,) = plan_problems(make_plan(controlled_schedule=CD.SCHEDULE_3))

    assert problem == (
        "Police never give Schedule 2 or 3 controlled drugs: the detainee takes them only "
        "under the personal supervision of the authorising doctor or healthcare professional. "
        "Record that a healthcare professional administers it."
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"set_times": EIGHT_AND_EIGHT},
            "either set times or a minimum interval between doses, not both",
        ),
        ({"min_interval": None}, "Give the set times of the doses, or the minimum interval"),
        ({"min_interval": timedelta(0)}, "must be more than zero"),
        ({"min_interval": timedelta(hours=-1)}, "must be more than zero"),
        ({"dose": " "}, "Record the dose"),
        ({"strength": ""}, "Record the strength"),
        ({"drug": ""}, "Record the name of the drug"),
        ({"authorised_by": ""}, "Record who authorised the medication"),
        ({"max_doses_per_24h": 0}, "at least one"),
        ({"ends_at": london(2027, 6, 1, 6, 0)}, "must end after it starts"),
        (
            {"min_interval": None, "set_times": (time(8), time(8))},
            "Each set time may appear only once",
        ),
    ],
)
def test_plan_shape_problems(changes, expected):
    problems = plan_problems(make_plan(**changes))

    assert any(expected in problem for problem in problems), problems


# --- Naive datetimes -----------------------------------------------------------------------


def test_a_naive_plan_start_is_refused():
    with pytest.raises(ValueError, match="naive"):
        plan_problems(make_plan(starts_at=datetime(2027, 6, 1, 6, 0)))  # noqa: DTZ001


def test_a_naive_now_is_refused():
    with pytest.raises(ValueError, match="naive"):
        next_due(make_plan(), [], datetime(2027, 6, 1, 9, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        due_status(make_plan(), [], datetime(2027, 6, 1, 9, 0))  # noqa: DTZ001


def test_a_naive_dose_or_record_time_is_refused():
    naive = datetime(2027, 6, 1, 9, 0)  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        check_dose(make_plan(), [], given(naive), now=NOW)
    with pytest.raises(ValueError, match="naive"):
        check_dose(make_plan(), [given(naive)], given(london(2027, 6, 1, 14, 0)), now=NOW)


def test_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="Unknown dose outcome"):
        check_dose(make_plan(), [], given(london(2027, 6, 1, 9, 0), outcome="lost"), now=NOW)


# --- Minimum interval ----------------------------------------------------------------------


def test_a_dose_before_the_minimum_interval_is_refused_with_when_it_may_be_given():
    records = [given(london(2027, 6, 1, 14, 5))]

    problems = check_dose(make_plan(), records, given(london(2027, 6, 1, 17, 0)), now=NOW)

    assert problems == [
        "The last dose was given at 14:05; the next may be given from 18:05 "
        "(at least 4 hours apart)."
    ]


@pytest.mark.parametrize(
    ("at", "allowed"),
    [
        (london(2027, 6, 1, 18, 4), False),
        (london(2027, 6, 1, 18, 5), True),
        (london(2027, 6, 1, 21, 0), True),
    ],
)
def test_the_minimum_interval_is_at_least_not_more_than(at, allowed):
    records = [given(london(2027, 6, 1, 14, 5))]

    assert (check_dose(make_plan(), records, given(at), now=NOW) == []) is allowed


def test_an_interval_of_hours_and_minutes_is_said_in_words():
    plan = make_plan(min_interval=timedelta(hours=1, minutes=30))
    records = [given(london(2027, 6, 1, 14, 5))]

    (problem,) = check_dose(plan, records, given(london(2027, 6, 1, 15, 0)), now=NOW)

    assert "from 15:35 (at least 1 hour 30 minutes apart)" in problem


def test_an_hcp_override_with_a_reason_allows_an_early_dose():
    records = [given(london(2027, 6, 1, 14, 5))]
    dose = given(
        london(2027, 6, 1, 16, 0),
        hcp_override=True,
        override_reason="FME by phone: pain uncontrolled, extra dose authorised.",
    )

    assert check_dose(make_plan(), records, dose, now=NOW) == []


def test_an_hcp_override_without_a_reason_is_refused():
    records = [given(london(2027, 6, 1, 14, 5))]
    dose = given(london(2027, 6, 1, 16, 0), hcp_override=True, override_reason=" ")

    problems = check_dose(make_plan(), records, dose, now=NOW)

    assert problems[0].startswith("The last dose was given at 14:05")
    assert problems[1] == "Record the healthcare professional's reason for the override."


def test_a_back_dated_dose_too_close_to_a_later_one_is_refused():
    records = [given(london(2027, 6, 1, 18, 5))]

    problems = check_dose(make_plan(), records, given(london(2027, 6, 1, 16, 0)), now=NOW)

    assert problems == [
        "A later dose was given at 18:05; doses must be at least 4 hours apart, so this one "
        "could be no later than 14:05."
    ]


def test_the_last_dose_on_another_day_is_named_with_its_day():
    records = [given(london(2027, 6, 1, 22, 30))]
    now = london(2027, 6, 2, 9, 0)

    (problem,) = check_dose(make_plan(), records, given(london(2027, 6, 2, 1, 0)), now=now)

    assert problem.startswith("The last dose was given at 22:30 on 1 June; the next may be")
    assert "from 02:30 (at least 4 hours apart)" in problem


# --- Set times -----------------------------------------------------------------------------


def test_a_second_dose_in_the_same_set_time_slot_is_refused():
    records = [given(london(2027, 6, 1, 8, 10))]

    problems = check_dose(set_time_plan(), records, given(london(2027, 6, 1, 9, 0)), now=NOW)

    assert problems == ["The 08:00 dose was already given at 08:10; the next is due at 20:00."]


def test_a_second_dose_in_the_same_slot_with_an_hcp_override_is_allowed():
    records = [given(london(2027, 6, 1, 8, 10))]
    dose = given(london(2027, 6, 1, 9, 0), hcp_override=True, override_reason="Vomited dose.")

    assert check_dose(set_time_plan(), records, dose, now=NOW) == []


@pytest.mark.parametrize(
    ("at", "allowed"),
    [
        (london(2027, 6, 1, 6, 59), False),  # more than an hour early
        (london(2027, 6, 1, 7, 0), True),  # an hour early
        (london(2027, 6, 1, 8, 0), True),
        (london(2027, 6, 1, 13, 0), True),  # late, but the 08:00 dose was never given
        (london(2027, 6, 1, 19, 0), True),  # an hour early for 20:00
    ],
)
def test_a_set_time_dose_may_be_given_from_an_hour_before(at, allowed):
    assert (check_dose(set_time_plan(), [], given(at), now=NOW) == []) is allowed


def test_a_dose_too_early_for_its_set_time_says_when_it_is_due():
    problems = check_dose(set_time_plan(), [], given(london(2027, 6, 1, 6, 30)), now=NOW)

    assert problems == [
        "This dose is not due until 08:00; a dose may be given from an hour before its set time."
    ]


@pytest.mark.parametrize(
    "outcome", [DoseOutcome.REFUSED, DoseOutcome.WITHHELD, DoseOutcome.UNAVAILABLE]
)
def test_a_dose_not_given_does_not_block_giving_one_in_the_same_slot(outcome):
    records = [not_given(london(2027, 6, 1, 8, 0), outcome)]

    assert check_dose(set_time_plan(), records, given(london(2027, 6, 1, 9, 0)), now=NOW) == []


@pytest.mark.parametrize(
    "outcome", [DoseOutcome.REFUSED, DoseOutcome.WITHHELD, DoseOutcome.UNAVAILABLE]
)
def test_a_dose_not_given_does_not_start_the_minimum_interval(outcome):
    records = [given(london(2027, 6, 1, 8, 0)), not_given(london(2027, 6, 1, 12, 0), outcome)]

    assert check_dose(make_plan(), records, given(london(2027, 6, 1, 12, 30)), now=NOW) == []


@pytest.mark.parametrize(
    "outcome", [DoseOutcome.REFUSED, DoseOutcome.WITHHELD, DoseOutcome.UNAVAILABLE]
)
def test_a_dose_not_given_never_conflicts_with_the_timing(outcome):
    records = [given(london(2027, 6, 1, 8, 0))]

    assert (
        check_dose(make_plan(), records, not_given(london(2027, 6, 1, 8, 5), outcome), now=NOW)
        == []
    )


# --- Most doses in 24 hours ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier_hours", "dose_at", "allowed"),
    [
        ((6, 10, 14), london(2027, 6, 1, 18, 0), True),  # the 4th in 24 hours
        ((6, 10, 14, 18), london(2027, 6, 1, 22, 0), False),  # the 5th
        ((6, 10, 14, 18), london(2027, 6, 2, 6, 0), True),  # the 06:00 dose has aged out
        ((6, 10, 14, 18), london(2027, 6, 2, 5, 59), False),
    ],
)
def test_no_more_than_the_most_doses_in_any_24_hours(earlier_hours, dose_at, allowed):
    plan = make_plan(max_doses_per_24h=4)
    records = [given(london(2027, 6, 1, hour, 0)) for hour in earlier_hours]

    problems = check_dose(plan, records, given(dose_at), now=london(2027, 6, 2, 9, 0))

    assert (problems == []) is allowed, problems


def test_too_many_doses_in_24_hours_is_explained():
    plan = make_plan(max_doses_per_24h=4)
    records = [given(london(2027, 6, 1, hour, 0)) for hour in (6, 10, 14, 18)]

    problems = check_dose(plan, records, given(london(2027, 6, 1, 22, 0)), now=NOW)

    assert problems == [
        "No more than 4 doses may be given in any 24 hours; this would be dose 5 in the "
        "24 hours from 06:00."
    ]


def test_an_hcp_override_allows_a_dose_beyond_the_daily_most():
    plan = make_plan(max_doses_per_24h=4)
    records = [given(london(2027, 6, 1, hour, 0)) for hour in (6, 10, 14, 18)]
    dose = given(london(2027, 6, 1, 22, 0), hcp_override=True, override_reason="FME advised.")

    assert check_dose(plan, records, dose, now=NOW) == []


# --- Controlled drugs, witnesses, who and why ----------------------------------------------


@pytest.mark.parametrize("schedule", [CD.SCHEDULE_2, CD.SCHEDULE_3])
def test_police_never_record_giving_a_schedule_2_or_3_drug_even_with_an_override(schedule):
    plan = make_plan(controlled_schedule=schedule, hcp_authorised=True)
    dose = given(
        london(2027, 6, 1, 9, 0), witness="DO Smith", hcp_override=True, override_reason="x"
    )

    problems = check_dose(plan, [], dose, now=NOW)

    assert problems[0].startswith("Police never give Schedule 2 or 3 controlled drugs")


@pytest.mark.parametrize(
    ("schedule", "witness", "expected"),
    [
        (CD.SCHEDULE_4, "", "must be given in front of a witness"),
        (CD.SCHEDULE_5, " ", "must be given in front of a witness"),
        (CD.SCHEDULE_4, "ps 1234 patel", "someone other than the person who gave"),
        (CD.SCHEDULE_4, "DO 77 Smith", None),
        (CD.SCHEDULE_5, "DO 77 Smith", None),
        (CD.NOT_CONTROLLED, "", None),
    ],
)
def test_a_controlled_drug_is_given_in_front_of_another_person(schedule, witness, expected):
    plan = make_plan(controlled_schedule=schedule, hcp_authorised=True)

    problems = check_dose(plan, [], given(london(2027, 6, 1, 9, 0), witness=witness), now=NOW)

    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert expected in problems[0]


def test_a_schedule_4_drug_without_hcp_authority_cannot_be_given():
    plan = make_plan(controlled_schedule=CD.SCHEDULE_4)
    dose = given(london(2027, 6, 1, 9, 0), witness="DO 77 Smith")

    (problem,) = check_dose(plan, [], dose, now=NOW)

    assert "only when a healthcare professional has authorised it" in problem


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (DoseOutcome.REFUSED, "Record in the notes why the dose was refused by the detainee."),
        (DoseOutcome.WITHHELD, "Record in the notes why the dose was withheld."),
        (DoseOutcome.UNAVAILABLE, "Record in the notes why the dose was not available."),
    ],
)
def test_a_dose_not_given_needs_a_reason(outcome, expected):
    dose = not_given(london(2027, 6, 1, 9, 0), outcome, notes="  ")

    assert check_dose(make_plan(), [], dose, now=NOW) == [expected]


def test_who_gave_the_dose_is_required():
    dose = given(london(2027, 6, 1, 9, 0), given_by="")

    assert check_dose(make_plan(), [], dose, now=NOW) == ["Record who gave or offered the dose."]


# --- Times outside the plan, and in the future ---------------------------------------------


@pytest.mark.parametrize(
    ("minutes_ahead", "allowed"), [(0, True), (5, True), (6, False), (120, False)]
)
def test_a_dose_in_the_future_is_refused(minutes_ahead, allowed):
    now = london(2027, 6, 1, 9, 0)
    dose = given(now + timedelta(minutes=minutes_ahead))

    problems = check_dose(make_plan(), [], dose, now=now)

    assert (problems == []) is allowed
    if not allowed:
        assert "is in the future" in problems[0]


def test_a_refusal_in_the_future_is_refused_too():
    now = london(2027, 6, 1, 9, 0)

    problems = check_dose(make_plan(), [], not_given(now + timedelta(hours=1)), now=now)

    assert problems == [
        "The time recorded, 10:00, is in the future: record a dose only once it has happened."
    ]


def test_a_dose_outside_the_plan_dates_is_refused_even_with_an_override():
    plan = make_plan(ends_at=london(2027, 6, 1, 20, 0))
    override = {"hcp_override": True, "override_reason": "FME advised."}

    before = check_dose(plan, [], given(london(2027, 6, 1, 4, 0), **override), now=NOW)
    after = check_dose(plan, [], given(london(2027, 6, 1, 20, 0), **override), now=NOW)

    assert before == ["The medication plan starts at 06:00."]
    assert after == ["The medication plan ended at 20:00."]


# --- Next dose due -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("records", "now", "expected"),
    [
        ([], london(2027, 6, 1, 5, 0), london(2027, 6, 1, 8, 0)),  # before the plan starts
        ([], london(2027, 6, 1, 12, 0), london(2027, 6, 1, 8, 0)),  # missed: still due
        ([given(london(2027, 6, 1, 8, 10))], NOW, london(2027, 6, 1, 20, 0)),
        ([given(london(2027, 6, 1, 7, 30))], NOW, london(2027, 6, 1, 20, 0)),  # early
        ([not_given(london(2027, 6, 1, 8, 5))], NOW, london(2027, 6, 1, 20, 0)),
        (
            [not_given(london(2027, 6, 1, 8, 5), DoseOutcome.UNAVAILABLE)],
            NOW,
            london(2027, 6, 1, 20, 0),
        ),
        ([given(london(2027, 6, 1, 15, 0))], NOW, london(2027, 6, 1, 20, 0)),  # late 08:00
        # Given for 20:00 with the 08:00 never recorded: the missed slot is left behind.
        ([given(london(2027, 6, 1, 20, 15))], NOW, london(2027, 6, 2, 8, 0)),
        (
            [given(london(2027, 6, 1, 8, 0)), given(london(2027, 6, 1, 20, 0))],
            NOW,
            london(2027, 6, 2, 8, 0),
        ),
        # A refusal recorded ahead for 20:00 closes it too.
        (
            [given(london(2027, 6, 1, 8, 0)), not_given(london(2027, 6, 1, 19, 30))],
            NOW,
            london(2027, 6, 2, 8, 0),
        ),
    ],
)
def test_next_due_for_set_times(records, now, expected):
    assert next_due(set_time_plan(), records, now) == expected


def test_next_due_for_set_times_starts_at_the_first_slot_after_the_plan_starts():
    plan = set_time_plan(starts_at=london(2027, 6, 1, 10, 0))

    assert next_due(plan, [], london(2027, 6, 1, 10, 0)) == london(2027, 6, 1, 20, 0)


def test_next_due_for_set_times_is_none_once_the_plan_has_ended():
    plan = set_time_plan(ends_at=london(2027, 6, 1, 21, 0))
    records = [given(london(2027, 6, 1, 8, 0)), given(london(2027, 6, 1, 20, 0))]

    assert next_due(plan, records, london(2027, 6, 1, 20, 30)) is None
    assert next_due(plan, [], london(2027, 6, 1, 21, 0)) is None


@pytest.mark.parametrize(
    ("records", "now", "expected"),
    [
        ([], london(2027, 6, 1, 5, 0), london(2027, 6, 1, 6, 0)),  # before the plan starts
        ([], london(2027, 6, 1, 9, 0), london(2027, 6, 1, 6, 0)),
        ([given(london(2027, 6, 1, 14, 5))], NOW, london(2027, 6, 1, 18, 5)),
        (
            [given(london(2027, 6, 1, 8, 0)), given(london(2027, 6, 1, 14, 5))],
            NOW,
            london(2027, 6, 1, 18, 5),
        ),
        # A refusal once the dose is due closes that offer; the next is an interval later.
        (
            [given(london(2027, 6, 1, 8, 0)), not_given(london(2027, 6, 1, 12, 10))],
            NOW,
            london(2027, 6, 1, 16, 10),
        ),
        # A refusal long before the dose is due changes nothing.
        (
            [given(london(2027, 6, 1, 8, 0)), not_given(london(2027, 6, 1, 9, 0))],
            NOW,
            london(2027, 6, 1, 12, 0),
        ),
    ],
)
def test_next_due_for_a_minimum_interval(records, now, expected):
    assert next_due(make_plan(), records, now) == expected


def test_next_due_waits_for_the_oldest_dose_to_leave_the_24_hours():
    plan = make_plan(max_doses_per_24h=3)
    records = [given(london(2027, 6, 1, hour, 0)) for hour in (6, 10, 14)]

    assert next_due(plan, records, NOW) == london(2027, 6, 2, 6, 0)


def test_next_due_for_a_minimum_interval_is_none_after_the_plan_ends():
    plan = make_plan(ends_at=london(2027, 6, 1, 16, 0))

    assert next_due(plan, [given(london(2027, 6, 1, 14, 0))], NOW) is None
    assert next_due(plan, [], london(2027, 6, 1, 16, 0)) is None


@pytest.mark.parametrize(
    ("now", "grace", "expected"),
    [
        (london(2027, 6, 1, 18, 4), timedelta(minutes=30), DueStatus.NOT_DUE),
        (london(2027, 6, 1, 18, 5), timedelta(minutes=30), DueStatus.DUE),
        (london(2027, 6, 1, 18, 35), timedelta(minutes=30), DueStatus.DUE),
        (london(2027, 6, 1, 18, 36), timedelta(minutes=30), DueStatus.OVERDUE),
        (london(2027, 6, 1, 18, 20), timedelta(minutes=10), DueStatus.OVERDUE),
    ],
)
def test_due_status_with_grace(now, grace, expected):
    records = [given(london(2027, 6, 1, 14, 5))]

    assert due_status(make_plan(), records, now, grace=grace) == expected


def test_due_status_defaults_to_30_minutes_grace_and_reads_as_text():
    records = [given(london(2027, 6, 1, 14, 5))]

    assert due_status(make_plan(), records, london(2027, 6, 1, 18, 35)) == "due"
    assert due_status(make_plan(), records, london(2027, 6, 1, 18, 36)) == "overdue"


def test_a_missed_set_time_dose_is_overdue_until_recorded():
    plan = set_time_plan()

    assert due_status(plan, [], london(2027, 6, 1, 12, 0)) == DueStatus.OVERDUE
    refused = [not_given(london(2027, 6, 1, 12, 0))]
    assert due_status(plan, refused, london(2027, 6, 1, 12, 1)) == DueStatus.NOT_DUE


def test_a_plan_that_has_ended_is_never_due():
    plan = make_plan(ends_at=london(2027, 6, 1, 16, 0))

    assert due_status(plan, [], london(2027, 6, 1, 17, 0)) == DueStatus.NOT_DUE


# --- Daylight saving -----------------------------------------------------------------------


def test_set_times_stay_on_the_london_clock_when_summer_time_starts():
    plan = set_time_plan(starts_at=london(2027, 3, 27, 0, 0))

    first = next_due(plan, [], london(2027, 3, 27, 7, 0))
    after_saturday = next_due(
        plan,
        [given(london(2027, 3, 27, 8, 0)), given(london(2027, 3, 27, 20, 0))],
        london(2027, 3, 27, 21, 0),
    )
    after_sunday_morning = next_due(
        plan,
        [given(london(2027, 3, 27, 20, 0)), given(london(2027, 3, 28, 8, 0))],
        london(2027, 3, 28, 9, 0),
    )

    assert first == utc(2027, 3, 27, 8, 0)
    assert after_saturday == utc(2027, 3, 28, 7, 0)
    assert after_sunday_morning == utc(2027, 3, 28, 19, 0)


def test_set_times_stay_on_the_london_clock_when_summer_time_ends():
    plan = set_time_plan(starts_at=london(2027, 10, 30, 0, 0))

    after_saturday = next_due(
        plan,
        [given(london(2027, 10, 30, 8, 0)), given(london(2027, 10, 30, 20, 0))],
        london(2027, 10, 30, 21, 0),
    )
    after_sunday_morning = next_due(
        plan,
        [given(london(2027, 10, 30, 20, 0)), given(london(2027, 10, 31, 8, 0))],
        london(2027, 10, 31, 9, 0),
    )

    assert next_due(plan, [], london(2027, 10, 30, 7, 0)) == utc(2027, 10, 30, 7, 0)
    assert after_saturday == utc(2027, 10, 31, 8, 0)
    assert after_sunday_morning == utc(2027, 10, 31, 20, 0)


@pytest.mark.parametrize(
    ("given_at", "again_at", "slot"),
    [
        (utc(2027, 3, 28, 7, 5), utc(2027, 3, 28, 8, 0), "08:00"),  # 08:05 then 09:00 BST
        (utc(2027, 10, 31, 8, 5), utc(2027, 10, 31, 9, 0), "08:00"),  # 08:05 then 09:00 GMT
    ],
)
def test_a_second_dose_in_a_slot_is_refused_on_the_day_the_clocks_change(given_at, again_at, slot):
    problems = check_dose(
        set_time_plan(starts_at=london(2027, 3, 1, 0, 0)),
        [given(given_at)],
        given(again_at),
        now=utc(2027, 11, 1, 0, 0),
    )

    assert problems == [f"The {slot} dose was already given at 08:05; the next is due at 20:00."]


def test_a_minimum_interval_is_real_time_across_the_clock_change():
    plan = make_plan(starts_at=london(2027, 3, 27, 0, 0))
    # 00:30 GMT; the clocks go forward at 01:00, so four real hours later is 05:30 BST.
    records = [given(london(2027, 3, 28, 0, 30))]

    problems = check_dose(plan, records, given(london(2027, 3, 28, 4, 45)), now=NOW)

    assert next_due(plan, records, london(2027, 3, 28, 1, 0)) == utc(2027, 3, 28, 4, 30)
    assert problems == [
        "The last dose was given at 00:30; the next may be given from 05:30 "
        "(at least 4 hours apart)."
    ]


def test_a_minimum_interval_is_real_time_when_the_clocks_go_back():
    plan = make_plan(starts_at=london(2027, 10, 30, 0, 0))
    # 00:30 BST is 23:30 UTC; four real hours later is 03:30 UTC, 03:30 GMT on the clock.
    records = [given(utc(2027, 10, 30, 23, 30))]

    assert next_due(plan, records, utc(2027, 10, 31, 0, 0)) == utc(2027, 10, 31, 3, 30)
    now = utc(2027, 11, 1, 0, 0)
    (problem,) = check_dose(plan, records, given(utc(2027, 10, 31, 2, 30)), now=now)
    assert "given at 00:30; the next may be given from 03:30" in problem


def test_a_set_time_the_clocks_skip_falls_an_hour_later_on_the_clock():
    plan = make_plan(
        set_times=(time(1, 30),), min_interval=None, starts_at=london(2027, 3, 27, 12, 0)
    )

    assert next_due(plan, [], london(2027, 3, 27, 12, 0)) == utc(2027, 3, 28, 1, 30)


# --- Codes and fields ----------------------------------------------------------------------
# Each problem carries a stable code and the form field it is about; the forms put it
# beside that field by name, never by the words of its message.


def codes_and_fields(problems):
    return [(problem.code, problem.field) for problem in problems]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"controlled_schedule": CD.SCHEDULE_2}, [("police_never_give", "given_by_hcp")]),
    ({"controlled_schedule": CD.SCHEDULE_5},
     [("hcp_authority_missing", "controlled_schedule")]),
    ({"drug": " "}, [("drug_missing", "drug")]),
    ({"strength": ""}, [("strength_missing", "strength")]),
    ({"dose": ""}, [("dose_missing", "dose")]),
    ({"authorised_by": ""}, [("authorised_by_missing", "authorised_by")]),
    ({"set_times": EIGHT_AND_EIGHT}, [("schedule_both", "set_times")]),
    ({"min_interval": None}, [("schedule_missing", "set_times")]),
    ({"min_interval": timedelta(0)}, [("interval_not_positive", "min_interval")]),
    ({"set_times": (time(8, 0), time(8, 0)), "min_interval": None},
     [("set_time_repeated", "set_times")]),
    ({"max_doses_per_24h": 0}, [("daily_limit_below_one", "max_doses_per_24h")]),
    ({"ends_at": london(2027, 6, 1, 5, 0)}, [("ends_before_start", "ends_at")]),
])
def test_plan_problems_carry_a_code_and_a_field(changes, expected):
    assert codes_and_fields(rules.plan_problems(make_plan(**changes))) == expected


def controlled_plan():
    return make_plan(controlled_schedule=CD.SCHEDULE_4, hcp_authorised=True)


@pytest.mark.parametrize(("plan", "records", "dose", "expected"), [
    (make_plan(), [given(london(2027, 6, 1, 14, 5))], given(london(2027, 6, 1, 17, 0)),
     [("dose_too_soon", "at")]),
    (make_plan(), [given(london(2027, 6, 1, 18, 5))], given(london(2027, 6, 1, 16, 0)),
     [("dose_too_close_to_later", "at")]),
    (set_time_plan(), [given(london(2027, 6, 1, 8, 10))], given(london(2027, 6, 1, 9, 0)),
     [("dose_already_given", "at")]),
    (set_time_plan(), [], given(london(2027, 6, 1, 6, 30)), [("dose_not_due", "at")]),
    (make_plan(min_interval=timedelta(hours=1), max_doses_per_24h=2),
     [given(london(2027, 6, 1, 8, 0)), given(london(2027, 6, 1, 10, 0))],
     given(london(2027, 6, 1, 12, 0)), [("daily_limit", "at")]),
    (make_plan(), [given(london(2027, 6, 1, 14, 5))],
     given(london(2027, 6, 1, 16, 0), hcp_override=True),
     [("dose_too_soon", "at"), ("override_reason_missing", "override_reason")]),
    (controlled_plan(), [], given(london(2027, 6, 1, 9, 0)), [("witness_missing", "witness")]),
    (controlled_plan(), [], given(london(2027, 6, 1, 9, 0), witness="ps 1234 patel"),
     [("witness_is_giver", "witness")]),
    (make_plan(), [], not_given(london(2027, 6, 1, 9, 0), notes=""),
     [("notes_missing", "notes")]),
    (make_plan(), [], given(london(2027, 6, 1, 9, 0), given_by=" "),
     [("given_by_missing", "")]),
    (make_plan(), [], given(london(2027, 6, 2, 9, 0)), [("dose_in_future", "at")]),
    (make_plan(), [], given(london(2027, 6, 1, 4, 0)), [("before_plan_start", "at")]),
    (make_plan(ends_at=london(2027, 6, 1, 12, 0)), [], given(london(2027, 6, 1, 13, 0)),
     [("after_plan_end", "at")]),
])
def test_dose_problems_carry_a_code_and_a_field(plan, records, dose, expected):
    assert codes_and_fields(rules.check_dose(plan, records, dose, now=NOW)) == expected


def test_only_timing_conflicts_are_what_an_hcp_override_lets_through():
    records = [given(london(2027, 6, 1, 14, 5))]
    early = rules.check_dose(make_plan(), records, given(london(2027, 6, 1, 16, 0)), now=NOW)
    unwitnessed = rules.check_dose(controlled_plan(), [], given(london(2027, 6, 1, 9, 0),
                                                                 hcp_override=True,
                                                                 override_reason="HCP"),
                                   now=NOW)
    assert [problem.code in rules.TIMING_CONFLICTS for problem in early] == [True]
    assert [problem.code in rules.TIMING_CONFLICTS for problem in unwitnessed] == [False]
