"""Reads of custody records, scoped to the user, and the custody sergeant's board."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from custody.clock import detention_clock, earliest_limit_from_arrest
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    CustodySuite,
    EntryKind,
    ObservationLevel,
    RecordStatus,
)

# How often a detainee at each level is checked (DOMAIN.md 2.4); None: constant watch.
CHECK_INTERVALS = {
    ObservationLevel.GENERAL: timedelta(hours=1),
    ObservationLevel.INTERMITTENT: timedelta(minutes=30),
    ObservationLevel.CONSTANT: None,
    ObservationLevel.CLOSE_PROXIMITY: None,
}


def suites_for_user(*, user):
    return CustodySuite.objects.filter(force_id=user.force_id)


def record_get_for_user(*, user, pk, permission="custody.view_custodyrecord"):
    record = (CustodyRecord.objects.select_related("suite", "person", "arresting_officer",
                                                   "authorised_by")
              .prefetch_related("offences", "reviews", "extensions", "warrants",
                                Prefetch("entries", queryset=CustodyEntry.objects
                                         .select_related("recorded_by")))
              .filter(pk=pk).first())
    if record is None or not user.has_perm(permission, record):
        raise Http404("No such custody record")
    return record


def detention_facts(record):
    """The clock's facts from a record with its reviews, extensions and warrants
    prefetched; None until detention is authorised (the review clock has not started)."""
    from custody.services_detention import detention_facts_full

    return detention_facts_full(record)


@dataclass(frozen=True)
class BoardRow:
    record: CustodyRecord
    time_in_custody: timedelta
    next_review_due: datetime | None
    detention_limit: datetime | None
    next_check_due: datetime | None
    overdue: tuple[str, ...]
    medication: object = None  # services_medication.BoardMedication, or None
    flags: tuple[str, ...] = ()
    # Ready to show: the board redraws 60 rows every 30 seconds, so the template only
    # prints (template lookups and filters cost more than this Python does).
    name: str = ""
    record_url: str = ""
    check_url: str = ""
    offline_urls: tuple = ()  # more of the detainee's pages to keep for an outage
    labels: dict = None

    @property
    def is_overdue(self):
        return bool(self.overdue)



def _last_check(record):
    checks = [e.occurred_at for e in record.entries.all() if e.kind == EntryKind.CHECK]
    return max(checks, default=record.authorised_at or record.arrived_at)


def _url_maker(name):
    """A function from a record's pk to the page's address: one reverse() for all rows
    instead of one per row (reversing is a measurable share of the board's time)."""
    marker = "2147483647"
    address = reverse(name, args=[int(marker)])
    return lambda pk: address.replace(marker, str(pk))


def _risk_flags(record):
    """The risks the latest assessment found ("yes" answers), for the board."""
    from custody.models.booking import RISK_QUESTIONS, Answer

    assessments = list(record.risk_assessments.all())
    if not assessments:
        return []
    latest = assessments[-1]
    risks = [label for question, label in RISK_QUESTIONS.items()
             if getattr(latest, question) == Answer.YES]
    return [f"Risk: {', '.join(risks).lower()}."] if risks else []


def _duration(elapsed):
    minutes = max(0, int(elapsed.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _clock_time(moment, *, day=True):
    if moment is None:
        return "–"
    local = timezone.localtime(moment)
    return local.strftime("%H:%M %a %-d %b") if day else local.strftime("%H:%M")


def board_rows(*, suite, now):
    """Every detainee in the suite, with the times the custody sergeant works to. The
    query count is fixed whatever the number of detainees."""
    records = (CustodyRecord.objects.filter(suite=suite).exclude(status=RecordStatus.CLOSED)
               .select_related("person")
               .prefetch_related("reviews", "extensions", "warrants", "risk_assessments", Prefetch(
                   "entries", queryset=CustodyEntry.objects.filter(kind=EntryKind.CHECK)))
               .order_by("cell", "arrived_at"))
    from custody.services_healthcare import healthcare_flags
    from custody.services_medication import board_medication

    records = list(records)
    urls = {name: _url_maker(name) for name in (
        "custody:record", "custody:check_new", "custody:medication", "custody:healthcare")}
    medication = board_medication(records, now)
    flags = healthcare_flags(records, now)
    rows = []
    for record in records:
        facts = detention_facts(record)
        clock = detention_clock(facts) if facts else None
        overdue = list(clock.overdue_items(now)) if clock else []
        if record.status == RecordStatus.AWAITING_AUTHORISATION:
            overdue.append("Detention not yet authorised.")
        interval = CHECK_INTERVALS[record.observation_level]
        next_check = _last_check(record) + interval if interval else None
        if next_check is not None and now > next_check:
            overdue.append("Check overdue.")
        dose = medication.get(record.pk)
        if dose is not None and dose.is_overdue:
            overdue.append("Medication overdue.")
        rows.append(BoardRow(
            record=record, time_in_custody=now - record.arrived_at,
            next_review_due=clock.next_review_due if clock else None,
            detention_limit=clock.detention_limit if clock else None,
            next_check_due=next_check, overdue=tuple(overdue), medication=dose,
            flags=tuple(_risk_flags(record)) + tuple(flags.get(record.pk, ())),
            name=record.person.full_name,
            record_url=urls["custody:record"](record.pk),
            check_url=urls["custody:check_new"](record.pk),
            offline_urls=(urls["custody:medication"](record.pk),
                          urls["custody:healthcare"](record.pk)),
            labels={"in_custody": _duration(now - record.arrived_at),
                    "review_due": _clock_time(clock.next_review_due if clock else None),
                    "limit": _clock_time(clock.detention_limit if clock else None),
                    "check_due": _clock_time(next_check, day=False) if next_check
                    else "Constant",
                    "medication_due": _clock_time(dose.next_due, day=False) if dose else ""}))
    return rows


# --- For the cases app (it reads custody only through these) ---------------------------

# What the detention clock reads of a record besides its own fields. A page that shows
# the clock of many records prefetches these, under the name it reaches the record by.
CLOCK_RELATIONS = ("reviews", "extensions", "warrants")


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


@dataclass(frozen=True)
class CustodyForCase:
    record_id: int
    custody_number: str
    arrested_at: datetime
    offences: tuple
    is_open: bool


def custody_for_case(*, person_id):
    """The person's latest custody record, to start a case file from: arrest and
    offences, so the officer types neither again. None if they have none."""
    record = (CustodyRecord.objects.filter(person_id=person_id).prefetch_related("offences")
              .order_by("-arrived_at").first())
    if record is None:
        return None
    return CustodyForCase(record_id=record.pk, custody_number=record.custody_number,
                          arrested_at=record.arrested_at,
                          offences=tuple(record.offences.all()), is_open=record.is_open)


def charging_deadline_from_custody(record):
    """(limit, basis) of detention without charge from the custody clock, for a record
    with its reviews prefetched; None before authorisation or once closed."""
    facts = detention_facts(record)
    if facts is None:
        return None
    clock = detention_clock(facts)
    if clock.is_closed:
        return None
    return clock.detention_limit, clock.limit_basis


# --- For the intelligence app (a subject's profile reads custody only through this) ----

@dataclass(frozen=True)
class CustodyHistoryItem:
    record_id: int
    custody_number: str
    suite_name: str
    arrested_at: datetime
    arrived_at: datetime
    released_at: datetime | None
    offences: tuple  # offence titles
    is_open: bool
    status_label: str


def custody_history_for_person(*, person_id, force_id, limit=50):
    """The person's custody records in the suites of ``force_id`` (custody is force
    scoped: another force's records are never listed), newest arrival first, at most
    ``limit``. Two queries whatever the number of records."""
    records = (CustodyRecord.objects
               .filter(person_id=person_id, suite__force_id=force_id)
               .select_related("suite").prefetch_related("offences")
               .order_by("-arrived_at", "-pk")[:limit])
    return tuple(
        CustodyHistoryItem(record_id=record.pk, custody_number=record.custody_number,
                           suite_name=record.suite.name, arrested_at=record.arrested_at,
                           arrived_at=record.arrived_at, released_at=record.closed_at,
                           offences=tuple(offence.title for offence in record.offences.all()),
                           is_open=record.is_open,
                           status_label=record.get_status_display())
        for record in records)
