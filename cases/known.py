"""What the app knows of a case without asking the officer, in one place: the quick file
fills its answers from here, and the section pages of the long route offer the same
answers, filled in and labelled with their source, for the officer to check.

- the force: only the forces of Wales ask whether a case is to be heard in Welsh;
- the station: the court is the one near the custody suite, or the officer's station
  (named in their team, "Chelmsford Response");
- the file rules: the first hearing is on the target day after charge (14 days for a
  guilty plea, 28 for not guilty: ``deadlines.first_hearing_target``), or the next day
  the court sits for a defendant kept in custody; courts list at 10:00;
- the person: no PNC record means no previous convictions to list.
"""

from datetime import timedelta

from django.utils import timezone

from athena.courts import court_near
from cases.constants import BailStatus
from cases.deadlines import charge_date_from, first_hearing_target
from cases.sections import SectionKind

# Dyfed-Powys, Gwent, North Wales and South Wales.
WELSH_FORCE_CODES = frozenset({"60", "61", "62", "63"})
USUAL_HEARING_TIME = "10:00"
NO_PNC_RECORD = "None recorded: the suspect has no PNC record"


class Source:
    """Where a filled-in answer came from, as the pages say it."""

    CUSTODY = "From the custody record"
    PERSON = "From the suspect's record"
    FORCE = "From your force"
    STATION = "From your station"
    OFFENCE = "From the offence"
    PLEA = "From the plea and the offence"
    RULES = "From the file rules"
    TOLD = "From what you told"
    USUAL = "Usual for this kind of case: check it"
    TODAY = "Today"


def is_welsh_force(force_code):
    return str(force_code) in WELSH_FORCE_CODES


def station_court(force_code, *, custody_suite="", team=""):
    """The court near where the suspect was held or the officer works, or None."""
    return court_near(force_code, custody_suite, team)


def next_court_day(day):
    """The next weekday after ``day``: a defendant kept in custody is brought before the
    court on the next day it sits."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def first_hearing_day(charge_day, plea, *, remanded):
    """The first hearing's day for a charge on ``charge_day``; None when the plea that
    sets it is not known."""
    if charge_day is None:
        return None
    return next_court_day(charge_day) if remanded else first_hearing_target(charge_day, plea)


# The field of each first-hearing section that holds the day the case began.
_BEGUN_ON = {SectionKind.CHARGES: "charge_date", SectionKind.REQUISITION: "requisition_date"}


def section_suggestions(case, kind, data, plea):
    """{field: (answer, source)} the app offers for the blank questions of section
    ``kind`` of ``case`` (read with its contents), given its answers ``data`` and the
    file's ``plea``. The officer sees them filled in, labelled, and saves or changes
    them; nothing is stored until they do."""
    offered = {}
    if kind in _BEGUN_ON:
        custody = case.custody_record if case.custody_record_id else None
        court = station_court(case.force.code, custody_suite=custody.suite.name
                              if custody else "", team=case.officer_in_case.team)
        if court is not None:
            offered["court"] = (court.unit_text, Source.STATION)
        begun_on = charge_date_from(data.get(_BEGUN_ON[kind]))
        if kind == SectionKind.CHARGES and custody and custody.charged_at and not begun_on:
            begun_on = timezone.localtime(custody.charged_at).date()
            offered["charge_date"] = (begun_on.isoformat(), Source.CUSTODY)
        hearing = first_hearing_day(begun_on, plea,
                                    remanded=case.bail_status == BailStatus.REMAND)
        if hearing is not None:
            offered["first_hearing_date"] = (hearing.isoformat(), Source.RULES)
        offered["first_hearing_time"] = (USUAL_HEARING_TIME, Source.USUAL)
    if kind == SectionKind.PREVIOUS_CONVICTIONS and not any(
            suspect.person.pnc_id for suspect in case.suspects.all()):
        offered["pnc_convictions"] = (NO_PNC_RECORD, Source.PERSON)
    return {name: offer for name, offer in offered.items() if not data.get(name)}


def defendant_suggestions(case, answers):
    """{field: (answer, source)} offered for a defendant's blank questions."""
    if not is_welsh_force(case.force.code) and not answers.get("dealt_with_in_welsh"):
        return {"dealt_with_in_welsh": ("no", Source.FORCE)}
    return {}

