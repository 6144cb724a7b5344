"""The deadlines of a case file: when to charge or release, the statutory time limit for
summary-only offences (with the domestic-abuse common assault extension), and the first
hearing target of a bailed case.

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
from cases.constants import BailStatus, CaseBegins, Marker, Plea
from cases.rules import anticipated_plea_for_file, markers_by_definition
from cases.sections import SectionKind
from custody.selectors import charging_deadline_from_custody, earliest_detention_limit

LONDON = ZoneInfo("Europe/London")

# Magistrates' Courts Act 1980 s.127(1): a summary-only offence is tried only on an
# information laid within six months from the offence; s.127(2) keeps indictable (either
# way and indictable-only) offences out of it. Criminal Justice Act 2003 s.30(5) reads the
# laying of an information as including the issue of a written charge, so a case begun by
# written charge and requisition meets the limit on the day the requisition is issued.
STATUTORY_TIME_LIMIT_MONTHS = 6
# Criminal Justice Act 1988 s.39A (inserted by the Police, Crime, Sentencing and Courts
# Act 2022 s.49), despite s.127: common assault or battery whose alleged behaviour is
# domestic abuse (Domestic Abuse Act 2021 s.1), once the complainant has given a constable
# (or someone a constable authorised) a witness statement with a view to its use as
# evidence, or has been interviewed on video for use as evidence in chief, may be brought
# within six months from the first day either happened, and within two years of the
# offence. Applied to offences from the day we understand s.49 came into force, 28 June
# 2022 (docs/domain-corrections.md: to confirm; the cautious reading meanwhile).
DOMESTIC_ABUSE_STATEMENT_MONTHS = 6
DOMESTIC_ABUSE_OUTER_LIMIT_MONTHS = 24
DOMESTIC_ABUSE_EXTENSION_FROM = date(2022, 6, 28)
# The offences of common assault and battery: common assault, aiding and abetting it, and
# assault by beating (battery). Not the attempt: s.39A names the offences themselves.
COMMON_ASSAULT_OR_BATTERY = frozenset({"CJ88001", "CJ88001B", "CJ88116"})
# Where the file gives the dates the limit reads besides the offences': the charge, the
# issue of the written charge and requisition, and the victim's first statement to the
# police (s.39A; a field the evidence for the prosecutor does not ask for yet, read when
# it does).
CHARGE_DATE = (SectionKind.CHARGES, "charge_date")
REQUISITION_DATE = (SectionKind.REQUISITION, "requisition_date")
VICTIM_STATEMENT_DATE = (SectionKind.EVIDENCE_FOR_PROSECUTOR, "victim_first_statement_date")
# The sections ``case_deadlines`` reads: a list of files need prefetch only these.
SECTIONS_READ = (SectionKind.CHARGES, SectionKind.REQUISITION,
                 SectionKind.EVIDENCE_FOR_PROSECUTOR)
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


@dataclass(frozen=True)
class TimeLimit:
    """The last day to lay the information for one summary-only offence: ``due``, from
    the offence on ``offence_date``; ``statement_on`` is the victim's first statement to
    the police when the domestic abuse extension (CJA 1988 s.39A) set it, else None."""

    due: date
    offence_date: date
    statement_on: date | None = None


def offence_time_limit(offence_date, mode_of_trial, *, domestic_common_assault=False,
                       relevant_statement_on=None):
    """The TimeLimit of one offence, or None when it is not summary-only or has no date.

    Six calendar months from the offence (MCA 1980 s.127). For a common assault or battery
    that is domestic abuse, committed on or after 28 June 2022, once the victim has given
    the police a statement or a video interview (``relevant_statement_on``, the first day
    either happened): six months from that day, but no later than two years from the
    offence (CJA 1988 s.39A), when that is later than six months from the offence.
    """
    if mode_of_trial != ModeOfTrial.SUMMARY_ONLY or offence_date is None:
        return None
    limit = TimeLimit(add_calendar_months(offence_date, STATUTORY_TIME_LIMIT_MONTHS),
                      offence_date)
    if (not domestic_common_assault or relevant_statement_on is None
            or offence_date < DOMESTIC_ABUSE_EXTENSION_FROM):
        return limit
    outer = add_calendar_months(offence_date, DOMESTIC_ABUSE_OUTER_LIMIT_MONTHS)
    if relevant_statement_on > outer:
        return limit  # no proceedings begun after the statement can be within two years
    extended = min(outer, add_calendar_months(relevant_statement_on,
                                              DOMESTIC_ABUSE_STATEMENT_MONTHS))
    if extended <= limit.due:
        return limit
    return TimeLimit(extended, offence_date, statement_on=relevant_statement_on)


def earliest_time_limit(offences, *, relevant_statement_on=None):
    """The soonest TimeLimit among ``offences``, each (offence date, mode of trial) or
    (offence date, mode of trial, domestic common assault), or None when none has one."""
    limits = [offence_time_limit(offence[0], offence[1],
                                 domestic_common_assault=len(offence) > 2 and offence[2],
                                 relevant_statement_on=relevant_statement_on)
              for offence in offences]
    return min((limit for limit in limits if limit is not None),
               key=lambda limit: limit.due, default=None)


def statutory_time_limit(offence_dates, *, relevant_statement_on=None):
    """The last day to lay the information (or issue the written charge) for the
    summary-only offences among ``offence_dates``, pairs of (offence date, mode of trial)
    or triples with whether it is a domestic abuse common assault: the soonest of their
    limits (``offence_time_limit``). None when none is summary-only, or none of those has a
    date: either-way and indictable offences have no such limit.
    """
    limit = earliest_time_limit(offence_dates, relevant_statement_on=relevant_statement_on)
    return limit.due if limit is not None else None


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
    """A date held in a section's answers, such as the charge date (an ISO "YYYY-MM-DD"
    string), or None when it is missing or not a real date."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def case_deadlines(case):
    """The deadlines of a case file, soonest first.

    Reads ``case.suspects.all()``, each suspect's ``offences.all()`` with their offence,
    and ``case.sections.all()`` (of the kinds in SECTIONS_READ; others are not read):
    prefetch ``suspects__offences__offence`` and ``sections`` to keep a list of files to a
    fixed number of queries.

    - Charge or release by: while the file records an arrest and no charge, unless the
      case began by postal requisition or the suspect was released (bail not applicable).
    - Statutory time limit: while any summary-only offence is not yet charged (or, for a
      case begun by postal requisition, the written charge not yet issued); a charge or
      written charge on or before the limit meets it, a later one leaves it showing as
      overdue.
    - First hearing target: for a suspect charged and bailed, once the plea is known.
    """
    charged = list(_charged_offences(case))
    answers = _answers(case)
    charge_date = charge_date_from(answers.get(CHARGE_DATE))
    deadlines = [
        _charging(case, charge_date),
        _statutory_time_limit(case, charged, answers),
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


def _statutory_time_limit(case, charged, answers):
    by_requisition = case.case_begins == CaseBegins.POSTAL_REQUISITION
    laid_on = charge_date_from(answers.get(REQUISITION_DATE if by_requisition else CHARGE_DATE))
    domestic_abuse = (Marker.DOMESTIC_ABUSE in case.markers or Marker.DOMESTIC_ABUSE
                      in markers_by_definition(code for *_, code in charged))
    offences = [(offence_date, mode, domestic_abuse and code in COMMON_ASSAULT_OR_BATTERY)
                for offence_date, mode, _, code in charged]
    statement_on = charge_date_from(answers.get(VICTIM_STATEMENT_DATE))
    limit = earliest_time_limit(offences, relevant_statement_on=statement_on)
    if limit is None or (laid_on is not None and laid_on <= limit.due):
        return None
    action = ("Issue the written charge and requisition by" if by_requisition
              else "Lay the information by")
    if limit.statement_on is not None:
        return Deadline(
            kind=DeadlineKind.STATUTORY_TIME_LIMIT,
            label=f"{action} (domestic abuse common assault, CJA 1988 s.39A)",
            due=limit.due,
            basis=f"6 months from the victim's first statement to the police, "
                  f"{_format_date(limit.statement_on)}, and no later than 2 years from the "
                  f"offence, {_format_date(limit.offence_date)}")
    basis = f"6 months from the earliest summary-only offence, {_format_date(limit.offence_date)}"
    if any(offence[2] for offence in offences) and statement_on is None:
        basis += (". For a domestic abuse common assault the limit can be later: 6 months "
                  "from the victim's first statement to the police, within 2 years of the "
                  "offence (CJA 1988 s.39A), but the file does not give that date")
    return Deadline(kind=DeadlineKind.STATUTORY_TIME_LIMIT,
                    label=f"{action} (6-month limit, MCA 1980 s.127)", due=limit.due,
                    basis=basis)


def _first_hearing(case, charged, charge_date):
    if case.bail_status not in BAILED:
        return None
    plea = anticipated_plea_for_file(plea for _, _, plea, _ in charged)
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
    """(offence date, mode of trial, anticipated plea, CJS code) of every offence of every
    suspect."""
    for suspect in case.suspects.all():
        for charged in suspect.offences.all():
            yield (charged.offence_date, charged.offence.mode_of_trial,
                   charged.anticipated_plea, charged.offence.cjs_code)


def _answers(case):
    """{(section kind, field name): answer} of the dates the deadlines read, from the
    prefetched sections (a section not prefetched, or not a dict, gives none)."""
    wanted = (CHARGE_DATE, REQUISITION_DATE, VICTIM_STATEMENT_DATE)
    answers = {}
    for section in case.sections.all():
        if isinstance(section.data, dict):
            answers.update({(kind, name): section.data.get(name)
                            for kind, name in wanted if kind == section.kind})
    return answers


def _format_date(day):
    return dateformat.format(day, "j F Y")


def _format_datetime(moment):
    moment = moment.astimezone(LONDON)
    return f"{dateformat.format(moment, 'H:i')} on {_format_date(moment)}"


def _require_aware(moment):
    if timezone.is_naive(moment):
        raise ValueError("expected an aware datetime, got a naive one")
