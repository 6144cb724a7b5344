"""Reads across every part of the record: the custody sergeant's board, and the records
with everything the printed packs show."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from custody.detention.selectors import record_clock
from custody.healthcare.selectors import healthcare_flags, next_check_due, with_latest_check
from custody.medication.selectors import board_medication
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    DoseRecordRow,
    HcpDirection,
    RecordStatus,
)
from custody.models.booking import RISK_QUESTIONS, Answer
from custody.offline.selectors import open_refusals
from custody.records.selectors import CLOCK_RELATIONS


@dataclass(frozen=True)
class BoardRow:
    record: CustodyRecord
    time_in_custody: timedelta
    next_review_due: datetime | None
    detention_limit: datetime | None
    next_check_due: datetime | None
    overdue: tuple[str, ...]
    medication: object = None  # custody.medication.selectors.BoardMedication, or None
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


def _url_maker(name):
    """A function from a record's pk to the page's address: one reverse() for all rows
    instead of one per row (reversing is a measurable share of the board's time)."""
    marker = "2147483647"
    address = reverse(name, args=[int(marker)])
    return lambda pk: address.replace(marker, str(pk))


def _risk_flags(record):
    """The risks the latest assessment found ("yes" answers), for the board."""
    assessments = list(record.risk_assessments.all())
    if not assessments:
        return []
    latest = assessments[-1]
    risks = [label for question, label in RISK_QUESTIONS.items()
             if getattr(latest, question) == Answer.YES]
    return [f"Risk: {', '.join(risks).lower()}."] if risks else []


def _refusal_flags(entries):
    """Entries made offline that the rules refused on arrival, until someone deals with
    them."""
    return [f"Entry made offline refused: {entry.what}. Open the record to deal with it."
            for entry in entries]


def _duration(elapsed):
    minutes = max(0, int(elapsed.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _clock_time(moment, *, day=True):
    if moment is None:
        return "–"
    local = timezone.localtime(moment)
    return local.strftime("%H:%M %a %-d %b") if day else local.strftime("%H:%M")


def _overdue(record, clock, next_check, dose, now):
    overdue = list(clock.overdue_items(now)) if clock else []
    if record.status == RecordStatus.AWAITING_AUTHORISATION:
        overdue.append("Detention not yet authorised.")
    if next_check is not None and now > next_check:
        overdue.append("Check overdue.")
    if dose is not None and dose.is_overdue:
        overdue.append("Medication overdue.")
    return tuple(overdue)


def board_rows(*, suite, now):
    """Every detainee in the suite, with the times the custody sergeant works to. The
    query count is fixed whatever the number of detainees."""
    records = list(with_latest_check(
        CustodyRecord.objects.filter(suite=suite).exclude(status=RecordStatus.CLOSED)
        .select_related("person")
        .prefetch_related(*CLOCK_RELATIONS, "risk_assessments")
        .order_by("cell", "arrived_at")))
    urls = {name: _url_maker(name) for name in (
        "custody:record", "custody:check_new", "custody:medication", "custody:healthcare",
        "custody:note_new", "custody:contingency")}
    board_url = reverse("custody:index")
    medication = board_medication(records, now)
    flags = healthcare_flags(records, now)
    refused = open_refusals(records)
    rows = []
    for record in records:
        clock = record_clock(record)
        next_check = next_check_due(record)
        dose = medication.get(record.pk)
        rows.append(BoardRow(
            record=record, time_in_custody=now - record.arrived_at,
            next_review_due=clock.next_review_due if clock else None,
            detention_limit=clock.detention_limit if clock else None,
            next_check_due=next_check, overdue=_overdue(record, clock, next_check, dose, now),
            medication=dose,
            flags=(tuple(_risk_flags(record)) + tuple(flags.get(record.pk, ()))
                   + tuple(_refusal_flags(refused.get(record.pk, ())))),
            name=record.person.full_name,
            record_url=urls["custody:record"](record.pk),
            # Saved, the check goes back to the board it was opened from.
            check_url=f"{urls['custody:check_new'](record.pk)}?next={board_url}",
            offline_urls=(urls["custody:medication"](record.pk),
                          urls["custody:healthcare"](record.pk),
                          urls["custody:note_new"](record.pk),
                          urls["custody:contingency"](record.pk),
                          *(dose.dose_form_urls if dose else ())),
            labels={"in_custody": _duration(now - record.arrived_at),
                    "review_due": _clock_time(clock.next_review_due if clock else None),
                    "limit": _clock_time(clock.detention_limit if clock else None),
                    "check_due": _clock_time(next_check, day=False) if next_check
                    else "Constant",
                    "medication_due": _clock_time(dose.next_due, day=False) if dose else ""}))
    return rows


# --- For the printed packs --------------------------------------------------------------

def records_for_pdf():
    """Custody records with everything the printed packs read."""
    return (CustodyRecord.objects.select_related("suite", "person", "arresting_officer",
                                                 "authorised_by")
            .prefetch_related(
                "offences", *CLOCK_RELATIONS,
                Prefetch("entries", queryset=CustodyEntry.objects.select_related("recorded_by")),
                Prefetch("hcp_directions", queryset=HcpDirection.objects.select_related(
                    "acknowledged_by", "recorded_by")),
                Prefetch("medication_plans__doses",
                         queryset=DoseRecordRow.objects.select_related("given_by")),
            ))


def record_for_pdf(pk):
    """The record with everything the PDFs read, or None."""
    return records_for_pdf().filter(pk=pk).first()


def suite_records_for_pdf(suite):
    """The suite's detainees (open records), by cell then arrival."""
    return list(records_for_pdf().filter(suite=suite).exclude(status=RecordStatus.CLOSED)
                .order_by("cell", "arrived_at", "pk"))
