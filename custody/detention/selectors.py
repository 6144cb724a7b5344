"""Reads of the detention clock from custody records, for custody's own pages and for
the cases app (which reads them through custody.selectors)."""

from datetime import timedelta

from athena.offences.models import ModeOfTrial
from custody.detention.clock import (
    DetentionFacts,
    Extension,
    HospitalStay,
    Review,
    Warrant,
    detention_clock,
    earliest_limit_from_arrest,
)
from custody.records.selectors import CLOCK_RELATIONS


def detention_facts(record):
    """The clock's facts from a record: its reviews, extensions and warrants; None until
    detention is authorised (the review clock has not started). Prefetch ``reviews``,
    ``extensions`` and ``warrants`` (CLOCK_RELATIONS) to read many records in a fixed
    number of queries."""
    if record.authorised_at is None:
        return None
    return DetentionFacts(
        arrested_at=record.arrested_at, arrived_at=record.arrived_at,
        authorised_at=record.authorised_at, charged_at=record.charged_at,
        closed_at=record.closed_at, close_reason=record.close_reason,
        reviews=tuple(Review(at=r.at, by_role=r.by_role, postponed=r.postponed,
                             reason=r.reason) for r in record.reviews.all()),
        extensions=tuple(Extension(at=e.at, by_role=e.by_role,
                                   new_limit_hours=e.new_limit_hours,
                                   grounds=e.grounds) for e in record.extensions.all()),
        warrants=tuple(Warrant(at=w.at, granted_until=w.granted_until,
                               court_could_not_sit=w.court_could_not_sit)
                       for w in record.warrants.all()),
        arrest_place=record.arrest_place_kind,
        entered_england_wales_at=record.entered_england_wales_at,
        earlier_detention=timedelta(minutes=record.earlier_detention_minutes),
        hospital_stays=tuple(HospitalStay(left_at=h.left_at, returned_at=h.returned_at,
                                          questioned=h.questioned)
                             for h in record.hospital_stays.all()),
        indictable=offences_indictable(record.offences.all()),
    )


def offences_indictable(offences):
    """Whether any offence is indictable (either way or indictable only: "indictable
    offence" in the Interpretation Act 1978, Sch.1); None when none is recorded."""
    offences = list(offences)
    if not offences:
        return None
    return any(offence.mode_of_trial in (ModeOfTrial.EITHER_WAY, ModeOfTrial.INDICTABLE_ONLY)
               for offence in offences)


def record_clock(record):
    """The record's ClockState, or None until detention is authorised."""
    facts = detention_facts(record)
    return detention_clock(facts) if facts else None


# --- For the cases app (it reads custody only through custody.selectors) ----------------

def clock_prefetch(via):
    """The prefetch lookups that give ``charging_deadline_from_custody`` all it reads,
    for records reached through the relation ``via``: ``clock_prefetch("custody_record")``
    on a query of case files."""
    return [f"{via}__{relation}" for relation in CLOCK_RELATIONS]


def earliest_detention_limit(arrested_at):
    """With no custody record to give the relevant time, the soonest a detained suspect
    may have to be charged or released: 24 hours from arrest (PACE s.41). Arrest is never
    later than the relevant time, so the real limit is never sooner than this. None
    without an arrest time; raises ValueError for a naive datetime."""
    if arrested_at is None:
        return None
    return earliest_limit_from_arrest(arrested_at)


def charging_deadline_from_custody(record):
    """(limit, basis) of detention without charge from the custody clock, for a record
    with its reviews prefetched; None before authorisation or once closed."""
    clock = record_clock(record)
    if clock is None or clock.is_closed:
        return None
    return clock.detention_limit, clock.limit_basis
