"""The deadlines of a case file: when to charge or release, the statutory time limit for
summary-only offences, and the first hearing target of a bailed case.

The rules are pure functions over plain values, so they can be tested at month ends and
daylight-saving changes without a database; ``case_deadlines`` reads them off a
``CaseFile`` whose suspects, offences and sections are prefetched. Datetimes are aware
and compared as instants (24 hours is 24 real hours, whatever the clocks do); dates are
calendar days in Europe/London, and a date deadline falls due at the end of its day.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import dateformat, timezone

from athena.offences.models import ModeOfTrial
from cases.constants import BailStatus, CaseBegins, Plea
from cases.rules import anticipated_plea_for_file
from cases.sections import SectionKind
from custody.selectors import charging_deadline_from_custody, earliest_detention_limit

LONDON = ZoneInfo("Europe/London")

# Magistrates' Courts Act 1980 s.127: information laid within six months of the offence.
STATUTORY_TIME_LIMIT_MONTHS = 6
# Transforming Summary Justice: bailed first listings about 14 days after charge for an
# anticipated guilty plea, about 28 days for an anticipated not guilty plea.
FIRST_HEARING_DAYS = {Plea.GUILTY: 14, Plea.NOT_GUILTY: 28}
BAILED = frozenset({BailStatus.UNCONDITIONAL_BAIL, BailStatus.CONDITIONAL_BAIL})

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DeadlineKind(models.TextChoices):
    """In this order, deadlines falling due at the same moment are listed."""

    CHARGING = "charging", "Charging"
    STATUTORY_TIME_LIMIT = "statutory_time_limit", "Statutory time limit"
    FIRST_HEARING_TARGET = "first_hearing_target", "First hearing target"


@dataclass(frozen=True)
class Deadline:
    """One deadline of a file. ``due`` is an aware datetime (charging) or a date, the last
    day on which the thing may be done (time limit, hearing target)."""

    kind: str
    label: str
    due: date | datetime
    basis: str

    @property
    def falls_due_at(self):
        """The instant the deadline passes: ``due`` itself for a datetime, the end of the
        day in London (midnight that starts the next day) for a date."""
        if isinstance(self.due, datetime):
            return self.due
        return datetime.combine(self.due + timedelta(days=1), time(0), tzinfo=LONDON)

    def days_left(self, today):
        """Calendar days from ``today`` to the day it is due, in London: 0 on the day
        itself, negative once it has passed."""
        return (london_date(self.due) - london_date(today)).days

    def is_overdue(self, now):
        """True once the deadline has passed at ``now`` (an aware datetime); a date
        deadline is not overdue until its day is over."""
        _require_aware(now)
        if isinstance(self.due, datetime):
            return now > self.due
        return now >= self.falls_due_at


def london_date(value):
    """The calendar day in London of an aware datetime, or the date itself."""
    if isinstance(value, datetime):
        _require_aware(value)
        return value.astimezone(LONDON).date()
    return value


def add_calendar_months(day, months):
    """The same day ``months`` calendar months later, or the last day of that month when
    it is shorter (31 August + 6 months is 28 February, or 29 in a leap year)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def charging_deadline(arrested_at):
    """When a detained suspect must be charged or released: 24 hours from the relevant time
    (PACE s.41), as an aware datetime in UTC, or None without an arrest time.

    Until the custody record provides the relevant time (arrival at the first station,
    or 24 hours after arrest if earlier), the arrest time stands in for it: arrest is never
    later than the relevant time, so the deadline is never later than the real one.
    Raises ValueError for a naive datetime. The limit is custody's (the detention clock's
    ``earliest_detention_limit``): cases does not restate it.
    """
    return earliest_detention_limit(arrested_at)


def statutory_time_limit(offence_dates):
    """The last day to lay the information (or written charge) for the summary-only
    offences among ``offence_dates``, pairs of (offence date, mode of trial): six calendar
    months from the earliest (Magistrates' Courts Act 1980 s.127). None when none is
    summary-only, or none of those has a date: either-way and indictable offences have
    no such limit.
    """
    earliest = _earliest_summary_only(offence_dates)
    if earliest is None:
        return None
    return add_calendar_months(earliest, STATUTORY_TIME_LIMIT_MONTHS)


def first_hearing_target(charge_date, plea):
    """The target day for a bailed first hearing: 14 days after charge for an anticipated
    guilty plea, 28 for not guilty. None without a charge date, and None while the plea
    is not known: the target depends on it, and guessing 28 days could hide a 14-day one.
    """
    days = FIRST_HEARING_DAYS.get(plea)
    if charge_date is None or days is None:
        return None
    return charge_date + timedelta(days=days)


def charge_date_from(value):
    """The charge date held in the charges section (an ISO "YYYY-MM-DD" string), or None
    when it is missing or not a real date."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def case_deadlines(case):
    """The deadlines of a case file, soonest first.

    Reads ``case.suspects.all()``, each suspect's ``offences.all()`` with their offence,
    and ``case.sections.all()``: prefetch ``suspects__offences__offence`` and
    ``sections`` to keep a list of files to a fixed number of queries.

    - Charge or release by: while the file records an arrest and no charge, unless the
      case began by postal requisition or the suspect was released (bail not applicable).
    - Statutory time limit: while any summary-only offence is not yet charged; a charge
      on or before the limit meets it, a later one leaves it showing as overdue.
    - First hearing target: for a suspect charged and bailed, once the plea is known.
    """
    charged = list(_charged_offences(case))
    charge_date = _charge_date(case)
    deadlines = [
        _charging(case, charge_date),
        _statutory_time_limit(charged, charge_date),
        _first_hearing(case, charged, charge_date),
    ]
    deadlines = [deadline for deadline in deadlines if deadline is not None]
    return sorted(deadlines, key=lambda d: (d.falls_due_at, DeadlineKind.values.index(d.kind)))


def next_deadline_at(case):
    """When the file's soonest deadline falls due, or None if it has none."""
    deadlines = case_deadlines(case)
    return deadlines[0].falls_due_at if deadlines else None


# Far enough ahead to sort after every real deadline.
_NO_DEADLINE = datetime.max.replace(tzinfo=UTC)


def case_urgency_key(case, now):
    """A sort key for the officer's worklist: files with an overdue deadline first, then
    those with a deadline to come, each soonest first; files without deadlines last.
    Ties go by URN so the order is stable."""
    deadlines = case_deadlines(case)
    if not deadlines:
        return (2, _NO_DEADLINE, case.urn)
    soonest = deadlines[0]
    return (0 if soonest.is_overdue(now) else 1, soonest.falls_due_at, case.urn)


def cases_by_urgency(cases, now):
    """The case files, most urgent first (see ``case_urgency_key``)."""
    return sorted(cases, key=lambda case: case_urgency_key(case, now))


def _charging(case, charge_date):
    if charge_date is not None or case.case_begins == CaseBegins.POSTAL_REQUISITION:
        return None
    if case.bail_status == BailStatus.NOT_APPLICABLE:
        return None
    if case.custody_record_id is not None:
        from_custody = charging_deadline_from_custody(case.custody_record)
        if from_custody is None:
            return None
        limit, basis = from_custody
        return Deadline(kind=DeadlineKind.CHARGING, label="Charge or release by", due=limit,
                        basis=f"Custody record {case.custody_record.custody_number}: {basis}")
    due = charging_deadline(case.arrested_at)
    if due is None:
        return None
    return Deadline(
        kind=DeadlineKind.CHARGING,
        label="Charge or release by",
        due=due,
        basis=f"24 hours from arrest at {_format_datetime(case.arrested_at)} (no custody "
              "record gives the relevant time)",
    )


def _statutory_time_limit(charged, charge_date):
    dates = [(offence_date, mode) for offence_date, mode, _ in charged]
    due = statutory_time_limit(dates)
    if due is None or (charge_date is not None and charge_date <= due):
        return None
    earliest = _earliest_summary_only(dates)
    return Deadline(
        kind=DeadlineKind.STATUTORY_TIME_LIMIT,
        label="Lay the information by (6-month limit, MCA 1980 s.127)",
        due=due,
        basis=f"6 months from the earliest summary-only offence, {_format_date(earliest)}",
    )


def _first_hearing(case, charged, charge_date):
    if case.bail_status not in BAILED:
        return None
    plea = anticipated_plea_for_file(plea for _, _, plea in charged)
    due = first_hearing_target(charge_date, plea)
    if due is None:
        return None
    days = FIRST_HEARING_DAYS[plea]
    plea_text = "anticipated guilty plea" if plea == Plea.GUILTY else "anticipated not guilty plea"
    return Deadline(
        kind=DeadlineKind.FIRST_HEARING_TARGET,
        label="First hearing target",
        due=due,
        basis=f"{days} days after charge: {plea_text}",
    )


def _charged_offences(case):
    """(offence date, mode of trial, anticipated plea) of every offence of every suspect."""
    for suspect in case.suspects.all():
        for charged in suspect.offences.all():
            yield charged.offence_date, charged.offence.mode_of_trial, charged.anticipated_plea


def _charge_date(case):
    section = next((s for s in case.sections.all() if s.kind == SectionKind.CHARGES), None)
    if section is None or not isinstance(section.data, dict):
        return None
    return charge_date_from(section.data.get("charge_date"))


def _earliest_summary_only(offence_dates):
    return min((offence_date for offence_date, mode in offence_dates
                if mode == ModeOfTrial.SUMMARY_ONLY and offence_date is not None),
               default=None)


def _format_date(day):
    return dateformat.format(day, "j F Y")


def _format_datetime(moment):
    moment = moment.astimezone(LONDON)
    return f"{dateformat.format(moment, 'H:i')} on {_format_date(moment)}"


def _require_aware(moment):
    if timezone.is_naive(moment):
        raise ValueError("expected an aware datetime, got a naive one")
