"""Statutory time limits for summary-only offences (DOMAIN.md 1.5): six months to lay the
information (MCA 1980 s.127), the domestic-abuse common assault extension (CJA 1988
s.39A, added by PCSC Act 2022 s.49), and a written charge and requisition counting as
laying the information (CJA 2003 s.30(5)). Each row cites its source."""

from datetime import date

import pytest

from athena.offences.models import ModeOfTrial, OffenceCategory
from cases.constants import CaseBegins, Marker, Plea
from cases.deadlines import (
    COMMON_ASSAULT_OR_BATTERY,
    DeadlineKind,
    case_deadlines,
    offence_time_limit,
    statutory_time_limit,
)
from cases.models import CaseFile
from cases.sections import SectionKind
from tests.cases.factories_deadlines import (
    CaseFileFactory,
    ChargedOffenceFactory,
    ChargesSectionFactory,
    SuspectFactory,
)
from tests.cases.test_law_consent import cites_a_source
from tests.offences.factories import OffenceFactory

SUMMARY = ModeOfTrial.SUMMARY_ONLY
EITHER_WAY = ModeOfTrial.EITHER_WAY
INDICTABLE = ModeOfTrial.INDICTABLE_ONLY
S127 = "Magistrates' Courts Act 1980 s.127(1)"
S39A = "Criminal Justice Act 1988 s.39A(4) (PCSC Act 2022 s.49)"

# (offence date, mode of trial, domestic abuse common assault, victim's first statement
#  to the police, last day to lay the information, source)
ONE_OFFENCE = [
    (date(2026, 3, 14), SUMMARY, False, None, date(2026, 9, 14),
     f"{S127}: within 6 months from the offence"),
    (date(2025, 8, 31), SUMMARY, False, None, date(2026, 2, 28),
     f"{S127}: calendar months (Interpretation Act 1978 Sch 1, 'month')"),
    (date(2026, 3, 14), EITHER_WAY, False, None, None,
     "Magistrates' Courts Act 1980 s.127(2): no limit for an indictable (either way) offence"),
    (date(2026, 3, 14), INDICTABLE, True, date(2026, 5, 1), None,
     "Magistrates' Courts Act 1980 s.127(2): no limit for an indictable-only offence"),
    (None, SUMMARY, False, None, None, f"{S127}: no offence date, no limit to count"),
    (date(2026, 1, 10), SUMMARY, True, date(2026, 5, 1), date(2026, 11, 1),
     f"{S39A}(b): 6 months from the first statement to the police"),
    (date(2025, 1, 10), SUMMARY, True, date(2026, 12, 20), date(2027, 1, 10),
     f"{S39A}(a): but within 2 years from the offence"),
    (date(2026, 1, 10), SUMMARY, True, date(2026, 1, 10), date(2026, 7, 10),
     f"{S39A}: a statement the day of the offence gives no more than s.127"),
    (date(2026, 1, 10), SUMMARY, True, None, date(2026, 7, 10),
     "Criminal Justice Act 1988 s.39A(1)(b): no statement or video interview yet, so s.127"),
    (date(2026, 1, 10), SUMMARY, False, date(2026, 5, 1), date(2026, 7, 10),
     "Criminal Justice Act 1988 s.39A(1): only common assault or battery that is domestic "
     "abuse"),
    (date(2022, 6, 27), SUMMARY, True, date(2022, 10, 1), date(2022, 12, 27),
     "PCSC Act 2022 s.49, in force 28 June 2022: not for offences before it [R]"),
    (date(2022, 6, 28), SUMMARY, True, date(2022, 10, 1), date(2023, 4, 1),
     f"{S39A}: an offence on the day s.49 came into force"),
    (date(2026, 3, 1), SUMMARY, True, date(2026, 8, 31), date(2027, 2, 28),
     f"{S39A}(b): 6 calendar months from 31 August end on 28 February"),
    (date(2026, 3, 1), SUMMARY, True, date(2028, 4, 1), date(2026, 9, 1),
     f"{S39A}(a): a first statement after 2 years cannot extend the limit"),
]


@pytest.mark.parametrize(("offence_date", "mode", "domestic", "statement_on", "due", "source"),
                         ONE_OFFENCE)
def test_the_last_day_to_lay_the_information(offence_date, mode, domestic, statement_on, due,
                                             source):
    limit = offence_time_limit(offence_date, mode, domestic_common_assault=domestic,
                               relevant_statement_on=statement_on)

    assert cites_a_source(source)
    assert (limit.due if limit else None) == due


def test_a_file_is_held_to_its_soonest_limit():
    # MCA 1980 s.127 for each summary-only offence: the soonest is the file's.
    offences = [(date(2026, 1, 10), SUMMARY, True), (date(2026, 3, 14), SUMMARY, False)]

    assert statutory_time_limit(offences, relevant_statement_on=date(2026, 5, 1)) == date(
        2026, 9, 14)
    assert statutory_time_limit(offences) == date(2026, 7, 10)


@pytest.mark.parametrize(("code", "source"), [
    ("CJ88001", "common assault: Criminal Justice Act 1988 s.39"),
    ("CJ88116", "battery (assault by beating): Criminal Justice Act 1988 s.39"),
    ("CJ88001B", "aiding and abetting common assault: the like offence (MCA 1980 s.44(1))"),
])
def test_common_assault_and_battery_are_the_offences_the_extension_names(code, source):
    assert cites_a_source(source)
    assert code in COMMON_ASSAULT_OR_BATTERY


# --- A file's time limit ----------------------------------------------------------------

def _file(*offences, markers=(), case_begins=CaseBegins.CHARGE, sections=None):
    """A file with one suspect charged with ``offences``, (CJS code, category, offence
    date), and these {section kind: answers}."""
    case = CaseFileFactory(markers=list(markers), case_begins=case_begins)
    suspect = SuspectFactory(case=case)
    for code, category, offence_date in offences:
        ChargedOffenceFactory(suspect=suspect, offence_date=offence_date,
                              anticipated_plea=Plea.NOT_GUILTY,
                              offence=OffenceFactory(cjs_code=code, category=category))
    for kind, data in (sections or {}).items():
        ChargesSectionFactory(case=case, kind=kind, data=data)
    return CaseFile.objects.prefetch_related("suspects__offences__offence", "sections").get(
        pk=case.pk)


def _time_limit(case):
    found = [d for d in case_deadlines(case) if d.kind == DeadlineKind.STATUTORY_TIME_LIMIT]
    return found[0] if found else None


BEATING = ("CJ88116", OffenceCategory.SUMMARY_NON_MOTORING, date(2026, 1, 10))
COMMON_ASSAULT = ("CJ88001", OffenceCategory.SUMMARY_NON_MOTORING, date(2026, 1, 10))
CONTROLLING = ("SC15004", OffenceCategory.EITHER_WAY, date(2026, 1, 10))
DOMESTIC = [Marker.DOMESTIC_ABUSE]
REQUISITION = CaseBegins.POSTAL_REQUISITION
STATEMENT = {SectionKind.EVIDENCE_FOR_PROSECUTOR: {"victim_first_statement_date": "2026-05-01"}}
LAID_BY_REQUISITION = "Issue the written charge and requisition by (6-month limit, MCA 1980 s.127)"
LAID = "Lay the information by (6-month limit, MCA 1980 s.127)"
EXTENDED = "Lay the information by (domestic abuse common assault, CJA 1988 s.39A)"

# (file, last day shown or None when met, its label, source)
FILES = [
    (lambda: _file(BEATING, case_begins=REQUISITION,
                   sections={SectionKind.REQUISITION: {"requisition_date": "2026-07-10"}}),
     None, None,
     "Criminal Justice Act 2003 s.30(5): issuing the written charge and requisition lays "
     "the information; CrimPR 7.2(5)(b); the last day, 10 July, is in time"),
    (lambda: _file(BEATING, case_begins=REQUISITION,
                   sections={SectionKind.REQUISITION: {"requisition_date": "2026-07-11"}}),
     date(2026, 7, 10), LAID_BY_REQUISITION,
     "Criminal Justice Act 2003 s.30(5) with MCA 1980 s.127: a day late, shown overdue"),
    (lambda: _file(BEATING, case_begins=REQUISITION), date(2026, 7, 10), LAID_BY_REQUISITION,
     "Criminal Justice Act 2003 s.30(5): no written charge issued yet, the limit is to "
     "come"),
    (lambda: _file(BEATING, case_begins=REQUISITION,
                   sections={SectionKind.REQUISITION: {"requisition_date": "2026-07-09",
                                                       "requisition_sent_on": "2026-07-13"}}),
     None, None,
     "Criminal Justice Act 2003 s.30(5): the issue lays the information, not the posting"),
    (lambda: _file(BEATING, markers=DOMESTIC, sections=STATEMENT), date(2026, 11, 1), EXTENDED,
     "Criminal Justice Act 1988 s.39A(4): 6 months from the victim's statement of 1 May"),
    (lambda: _file(COMMON_ASSAULT, CONTROLLING, sections=STATEMENT), date(2026, 11, 1),
     EXTENDED, "Criminal Justice Act 1988 s.39A(1)(a) with SCA 2015 s.76: the controlling "
               "behaviour makes the file domestic abuse without the marker"),
    (lambda: _file(BEATING, sections=STATEMENT), date(2026, 7, 10), LAID,
     "Criminal Justice Act 1988 s.39A(1)(a): not domestic abuse, so s.127 alone"),
    (lambda: _file(BEATING, markers=DOMESTIC,
                   sections={**STATEMENT, SectionKind.CHARGES: {"charge_date": "2026-10-20"}}),
     None, None, "Criminal Justice Act 1988 s.39A(4): charged on 20 October, in time"),
    (lambda: _file(BEATING, markers=DOMESTIC,
                   sections={**STATEMENT, SectionKind.CHARGES: {"charge_date": "2026-11-02"}}),
     date(2026, 11, 1), EXTENDED, "Criminal Justice Act 1988 s.39A(4): a day late"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "due", "label", "source"), FILES)
def test_a_files_time_limit(make, due, label, source):
    limit = _time_limit(make())

    assert cites_a_source(source)
    assert (limit.due if limit else None) == due
    assert (limit.label if limit else None) == label


@pytest.mark.django_db
def test_the_extended_limit_says_what_it_counts_from():
    limit = _time_limit(_file(BEATING, markers=DOMESTIC, sections=STATEMENT))

    assert limit.basis == ("6 months from the victim's first statement to the police, 1 May "
                           "2026, and no later than 2 years from the offence, 10 January 2026")


@pytest.mark.django_db
def test_without_the_statement_date_the_officer_is_told_the_limit_may_be_later():
    limit = _time_limit(_file(BEATING, markers=DOMESTIC))

    assert limit.due == date(2026, 7, 10)
    assert limit.basis.startswith("6 months from the earliest summary-only offence, 10 "
                                  "January 2026. For a domestic abuse common assault")
    assert "the file does not give that date" in limit.basis
