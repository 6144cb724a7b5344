from datetime import UTC, date, datetime

import pytest

from athena.offences.models import ModeOfTrial, OffenceCategory
from cases.constants import BailStatus, CaseBegins, Plea
from cases.deadlines import (
    LONDON,
    Deadline,
    DeadlineKind,
    add_calendar_months,
    case_deadlines,
    case_urgency_key,
    cases_by_urgency,
    charge_date_from,
    charging_deadline,
    first_hearing_target,
    statutory_time_limit,
)
from cases.models import CaseFile
from cases.rules import anticipated_plea_for_file
from tests.cases.factories_deadlines import (
    CaseFileFactory,
    ChargedOffenceFactory,
    ChargesSectionFactory,
    SuspectFactory,
)
from tests.offences.factories import OffenceFactory

SUMMARY = ModeOfTrial.SUMMARY_ONLY
EITHER_WAY = ModeOfTrial.EITHER_WAY
INDICTABLE = ModeOfTrial.INDICTABLE_ONLY


def london(*args, fold=0):
    return datetime(*args, tzinfo=LONDON, fold=fold)


# --- Calendar months ----------------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 8, 31), date(2026, 2, 28)),
    (date(2027, 8, 31), date(2028, 2, 29)),  # 2028 is a leap year
    (date(2026, 10, 31), date(2027, 4, 30)),
    (date(2026, 3, 14), date(2026, 9, 14)),
    (date(2026, 7, 31), date(2027, 1, 31)),
    (date(2026, 12, 15), date(2027, 6, 15)),
    (date(2027, 8, 29), date(2028, 2, 29)),
    (date(2026, 8, 29), date(2027, 2, 28)),
])
def test_six_calendar_months_end_on_the_same_day_or_the_last_of_a_shorter_month(day, expected):
    assert add_calendar_months(day, 6) == expected


# --- Statutory time limit -----------------------------------------------------------------

def test_statutory_time_limit_is_six_months_from_a_summary_only_offence():
    assert statutory_time_limit([(date(2026, 3, 14), SUMMARY)]) == date(2026, 9, 14)


@pytest.mark.parametrize("mode", [EITHER_WAY, INDICTABLE, ModeOfTrial.NOT_CRIMINAL])
def test_statutory_time_limit_does_not_apply_to_other_offences(mode):
    assert statutory_time_limit([(date(2026, 3, 14), mode)]) is None


def test_statutory_time_limit_runs_from_the_earliest_summary_only_offence():
    offences = [(date(2026, 5, 1), SUMMARY), (date(2026, 1, 10), EITHER_WAY),
                (date(2026, 3, 14), SUMMARY), (date(2026, 4, 2), SUMMARY)]
    assert statutory_time_limit(offences) == date(2026, 9, 14)


def test_statutory_time_limit_ignores_offences_without_a_date():
    assert statutory_time_limit([(None, SUMMARY), (date(2026, 4, 2), SUMMARY)]) == date(
        2026, 10, 2)
    assert statutory_time_limit([(None, SUMMARY)]) is None


def test_statutory_time_limit_is_none_without_offences():
    assert statutory_time_limit([]) is None


def test_statutory_time_limit_from_31_august_ends_on_the_last_day_of_february():
    assert statutory_time_limit([(date(2025, 8, 31), SUMMARY)]) == date(2026, 2, 28)


# --- First hearing target -----------------------------------------------------------------

def test_first_hearing_target_is_14_days_after_charge_for_a_guilty_plea():
    assert first_hearing_target(date(2026, 3, 20), Plea.GUILTY) == date(2026, 4, 3)


def test_first_hearing_target_is_28_days_after_charge_for_a_not_guilty_plea():
    assert first_hearing_target(date(2026, 3, 20), Plea.NOT_GUILTY) == date(2026, 4, 17)


def test_first_hearing_target_waits_for_the_plea():
    assert first_hearing_target(date(2026, 3, 20), Plea.NOT_KNOWN) is None


def test_first_hearing_target_needs_a_charge_date():
    assert first_hearing_target(None, Plea.GUILTY) is None


@pytest.mark.parametrize(("pleas", "expected"), [
    ([Plea.GUILTY, Plea.GUILTY], Plea.GUILTY),
    ([Plea.GUILTY, Plea.NOT_GUILTY], Plea.NOT_GUILTY),
    ([Plea.NOT_KNOWN, Plea.NOT_GUILTY], Plea.NOT_GUILTY),
    ([Plea.GUILTY, Plea.NOT_KNOWN], Plea.NOT_KNOWN),
    ([Plea.GUILTY, "nonsense"], Plea.NOT_KNOWN),
    ([], Plea.NOT_KNOWN),
])
def test_a_file_is_guilty_only_when_every_offence_is(pleas, expected):
    assert anticipated_plea_for_file(pleas) == expected


# --- Charging deadline ----------------------------------------------------------------------

def test_charging_deadline_is_24_hours_after_arrest():
    assert charging_deadline(london(2026, 6, 10, 14, 5)) == london(2026, 6, 11, 14, 5)


def test_charging_deadline_is_none_without_an_arrest():
    assert charging_deadline(None) is None


def test_charging_deadline_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        charging_deadline(datetime(2026, 6, 10, 14, 5))  # noqa: DTZ001


def test_charging_deadline_is_24_real_hours_when_the_clocks_go_forward():
    # 01:30 on 28 March 2027 does not exist in London (01:00 GMT becomes 02:00 BST), so the
    # arrest is half an hour before the change: the deadline shows 25 hours later.
    deadline = charging_deadline(london(2027, 3, 28, 0, 30))
    assert deadline == datetime(2027, 3, 29, 0, 30, tzinfo=UTC)
    assert deadline.astimezone(LONDON).replace(tzinfo=None) == datetime(2027, 3, 29, 1, 30)  # noqa: DTZ001


def test_charging_deadline_spans_the_spring_change_from_the_night_before():
    deadline = charging_deadline(london(2027, 3, 27, 1, 30))  # GMT
    assert deadline.astimezone(LONDON).replace(tzinfo=None) == datetime(2027, 3, 28, 2, 30)  # noqa: DTZ001
    assert deadline == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_charging_deadline_is_24_real_hours_from_the_first_0130_when_the_clocks_go_back():
    arrested = london(2027, 10, 31, 1, 30, fold=0)  # BST, the first 01:30 of the night
    deadline = charging_deadline(arrested)
    assert deadline == datetime(2027, 11, 1, 0, 30, tzinfo=UTC)
    assert deadline.astimezone(LONDON).replace(tzinfo=None) == datetime(2027, 11, 1, 0, 30)  # noqa: DTZ001


def test_charging_deadline_is_24_real_hours_from_the_second_0130_when_the_clocks_go_back():
    arrested = london(2027, 10, 31, 1, 30, fold=1)  # GMT, the second 01:30
    deadline = charging_deadline(arrested)
    assert deadline == datetime(2027, 11, 1, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("arrested", [london(2027, 3, 28, 0, 30), london(2027, 3, 27, 1, 30),
                                      london(2027, 10, 31, 1, 30, fold=0),
                                      london(2027, 10, 31, 1, 30, fold=1)])
def test_charging_deadline_is_always_86400_seconds_after_arrest(arrested):
    elapsed = charging_deadline(arrested).timestamp() - arrested.timestamp()
    assert elapsed == 24 * 60 * 60


# --- Deadline ---------------------------------------------------------------------------------

def _date_deadline(due):
    return Deadline(kind=DeadlineKind.STATUTORY_TIME_LIMIT, label="Lay the information by",
                    due=due, basis="")


def test_days_left_counts_calendar_days_to_the_due_day():
    deadline = _date_deadline(date(2026, 9, 14))
    assert deadline.days_left(date(2026, 9, 10)) == 4
    assert deadline.days_left(date(2026, 9, 14)) == 0
    assert deadline.days_left(date(2026, 9, 16)) == -2


def test_days_left_of_a_datetime_deadline_counts_london_days():
    # 23:30 UTC on 10 June is 00:30 on 11 June in London.
    deadline = Deadline(kind=DeadlineKind.CHARGING, label="Charge or release by",
                        due=datetime(2026, 6, 10, 23, 30, tzinfo=UTC), basis="")
    assert deadline.days_left(date(2026, 6, 10)) == 1


def test_a_date_deadline_is_overdue_only_once_its_london_day_is_over():
    deadline = _date_deadline(date(2026, 6, 30))
    assert not deadline.is_overdue(london(2026, 6, 30, 23, 59))
    assert deadline.is_overdue(london(2026, 7, 1, 0, 0))
    # 23:30 UTC on the 30th is already 1 July in London (BST).
    assert deadline.is_overdue(datetime(2026, 6, 30, 23, 30, tzinfo=UTC))


def test_a_datetime_deadline_is_overdue_once_its_moment_has_passed():
    due = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
    deadline = Deadline(kind=DeadlineKind.CHARGING, label="Charge or release by", due=due,
                        basis="")
    assert not deadline.is_overdue(due)
    assert deadline.is_overdue(datetime(2026, 6, 10, 9, 1, tzinfo=UTC))


def test_is_overdue_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        _date_deadline(date(2026, 6, 30)).is_overdue(datetime(2026, 7, 1))  # noqa: DTZ001


# --- Charge date in the charges section -------------------------------------------------------

def test_charge_date_is_read_from_an_iso_date():
    assert charge_date_from("2026-03-20") == date(2026, 3, 20)


@pytest.mark.parametrize("value", [None, "", "  ", 20260320, "20/03/2026", "2026-02-30",
                                   "20260320", "2026-W12-5", "2026-03-20T10:00", ["2026-03-20"],
                                   "２０２６-０３-２０"])
def test_charge_date_is_none_when_missing_or_malformed(value):
    assert charge_date_from(value) is None


# --- A case file's deadlines ------------------------------------------------------------------

def _case(*, offences=(), charge_date=None, section_data=None, **case_fields):
    """A file with one suspect charged with ``offences``, (category, offence date, plea)."""
    case = CaseFileFactory(**case_fields)
    suspect = SuspectFactory(case=case)
    for category, offence_date, plea in offences:
        ChargedOffenceFactory(suspect=suspect, offence=OffenceFactory(category=category),
                              offence_date=offence_date, anticipated_plea=plea)
    if charge_date is not None or section_data is not None:
        data = section_data if section_data is not None else {"charge_date": charge_date}
        ChargesSectionFactory(case=case, data=data)
    return _prefetched(case)


def _prefetched(case):
    return CaseFile.objects.prefetch_related("suspects__offences__offence", "sections").get(
        pk=case.pk)


SHOP_THEFT = OffenceCategory.EITHER_WAY
BEATING = OffenceCategory.SUMMARY_NON_MOTORING


@pytest.mark.django_db
def test_an_uncharged_file_has_a_charging_deadline_and_a_time_limit():
    case = _case(offences=[(BEATING, date(2026, 3, 14), Plea.GUILTY)],
                 arrested_at=datetime(2026, 3, 15, 21, 0, tzinfo=UTC))
    deadlines = case_deadlines(case)
    assert [d.kind for d in deadlines] == ["charging", "statutory_time_limit"]
    charging, time_limit = deadlines
    assert charging.due == datetime(2026, 3, 16, 21, 0, tzinfo=UTC)
    assert charging.label == "Charge or release by"
    assert charging.basis == ("24 hours from arrest at 21:00 on 15 March 2026 (no custody "
                              "record gives the relevant time)")
    assert time_limit.due == date(2026, 9, 14)
    assert time_limit.label == "Lay the information by (6-month limit, MCA 1980 s.127)"
    assert time_limit.basis == "6 months from the earliest summary-only offence, 14 March 2026"


@pytest.mark.django_db
def test_the_arrest_time_in_the_basis_is_london_time():
    case = _case(arrested_at=datetime(2026, 6, 10, 23, 30, tzinfo=UTC))
    assert "00:30 on 11 June 2026" in case_deadlines(case)[0].basis


@pytest.mark.django_db
def test_a_bailed_file_charged_with_a_guilty_plea_has_a_14_day_hearing_target():
    case = _case(offences=[(BEATING, date(2026, 3, 14), Plea.GUILTY),
                           (SHOP_THEFT, date(2026, 3, 14), Plea.GUILTY)],
                 charge_date="2026-03-16", arrested_at=datetime(2026, 3, 15, 21, 0, tzinfo=UTC),
                 bail_status=BailStatus.CONDITIONAL_BAIL)
    [target] = case_deadlines(case)
    assert target.kind == "first_hearing_target"
    assert target.label == "First hearing target"
    assert target.due == date(2026, 3, 30)
    assert target.basis == "14 days after charge: anticipated guilty plea"


@pytest.mark.django_db
def test_one_not_guilty_plea_makes_the_hearing_target_28_days():
    case = _case(offences=[(SHOP_THEFT, date(2026, 3, 14), Plea.GUILTY),
                           (SHOP_THEFT, date(2026, 3, 14), Plea.NOT_GUILTY)],
                 charge_date="2026-03-16")
    [target] = case_deadlines(case)
    assert target.due == date(2026, 4, 13)
    assert target.basis == "28 days after charge: anticipated not guilty plea"


@pytest.mark.django_db
def test_a_remanded_suspect_has_no_bailed_hearing_target():
    case = _case(offences=[(SHOP_THEFT, date(2026, 3, 14), Plea.GUILTY)],
                 charge_date="2026-03-16", bail_status=BailStatus.REMAND)
    assert case_deadlines(case) == []


@pytest.mark.django_db
def test_an_unknown_plea_gives_no_hearing_target():
    case = _case(offences=[(SHOP_THEFT, date(2026, 3, 14), Plea.NOT_KNOWN)],
                 charge_date="2026-03-16")
    assert case_deadlines(case) == []


@pytest.mark.django_db
def test_a_charge_after_the_time_limit_leaves_the_limit_overdue():
    case = _case(offences=[(BEATING, date(2026, 1, 10), Plea.NOT_GUILTY)],
                 charge_date="2026-07-11")
    kinds = [d.kind for d in case_deadlines(case)]
    assert kinds == ["statutory_time_limit", "first_hearing_target"]
    assert case_deadlines(case)[0].is_overdue(london(2026, 7, 11, 12, 0))


@pytest.mark.django_db
@pytest.mark.parametrize("section_data", [{"charge_date": "16/03/2026"}, {"charge_date": ""},
                                          {"charge_date": 42}, {}, []])
def test_a_malformed_charge_date_counts_as_not_charged(section_data):
    case = _case(offences=[(BEATING, date(2026, 3, 14), Plea.GUILTY)],
                 arrested_at=datetime(2026, 3, 15, 21, 0, tzinfo=UTC), section_data=section_data)
    assert [d.kind for d in case_deadlines(case)] == ["charging", "statutory_time_limit"]


@pytest.mark.django_db
@pytest.mark.parametrize("case_fields", [{"bail_status": BailStatus.NOT_APPLICABLE},
                                         {"case_begins": CaseBegins.POSTAL_REQUISITION}])
def test_no_charging_deadline_for_a_suspect_not_detained(case_fields):
    case = _case(arrested_at=datetime(2026, 3, 15, 21, 0, tzinfo=UTC), **case_fields)
    assert case_deadlines(case) == []


@pytest.mark.django_db
def test_a_file_without_arrest_or_offences_has_no_deadlines():
    assert case_deadlines(_case()) == []


@pytest.mark.django_db
def test_deadlines_of_every_suspect_count():
    case = CaseFileFactory()
    for offence_date in (date(2026, 5, 1), date(2026, 2, 1)):
        ChargedOffenceFactory(suspect=SuspectFactory(case=case), offence_date=offence_date,
                              offence=OffenceFactory(category=BEATING))
    [time_limit] = case_deadlines(_prefetched(case))
    assert time_limit.due == date(2026, 8, 1)


@pytest.mark.django_db
def test_case_deadlines_reads_only_prefetched_rows(django_assert_num_queries):
    case = _case(offences=[(BEATING, date(2026, 3, 14), Plea.GUILTY)] * 3,
                 charge_date="2026-03-16")
    with django_assert_num_queries(0):
        case_deadlines(case)


# --- The worklist ----------------------------------------------------------------------------

@pytest.mark.django_db
def test_files_are_listed_overdue_first_then_soonest_then_without_deadlines(
        django_assert_max_num_queries):
    now = london(2026, 4, 1, 9, 0)
    no_deadline = _case()
    hearing_soon = _case(offences=[(SHOP_THEFT, date(2026, 3, 1), Plea.GUILTY)],
                         charge_date="2026-03-20")  # due 3 April
    in_custody = _case(arrested_at=london(2026, 4, 1, 2, 0))  # due 02:00 on 2 April
    time_limit_passed = _case(offences=[(BEATING, date(2025, 9, 30), Plea.GUILTY)])  # 30 March
    hearing_later = _case(offences=[(SHOP_THEFT, date(2026, 3, 1), Plea.NOT_GUILTY)],
                          charge_date="2026-03-20")  # due 17 April
    cases = list(CaseFile.objects.prefetch_related("suspects__offences__offence", "sections"))
    with django_assert_max_num_queries(0):
        ordered = cases_by_urgency(cases, now)
    assert [case.pk for case in ordered] == [
        time_limit_passed.pk, in_custody.pk, hearing_soon.pk, hearing_later.pk, no_deadline.pk]


@pytest.mark.django_db
def test_urgency_key_marks_overdue_files():
    now = london(2026, 4, 1, 9, 0)
    overdue = _case(arrested_at=london(2026, 3, 30, 9, 0))
    upcoming = _case(arrested_at=london(2026, 4, 1, 8, 0))
    assert case_urgency_key(overdue, now)[0] == 0
    assert case_urgency_key(upcoming, now)[0] == 1
    assert case_urgency_key(_case(), now)[0] == 2
