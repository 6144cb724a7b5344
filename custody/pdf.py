"""Printable custody PDFs: the contingency pack, and the detainee's copy of the record.

The contingency pack is what the suite works from when the system is down: for each
detainee a sheet with the detention clock, the medication schedule for the next 24
hours, the healthcare directions and ruled rows for handwritten entries, and one PDF for
the whole suite (a summary table, then each detainee's sheet). It is rebuilt in the
background (custody.tasks) whenever its content changes, and stored through Django's
default storage at fixed names with a JSON sidecar holding the sha256 of the content it
was built from; the print views serve the stored file when it is current and build one
on the spot when it is not, so printing always works.

The detainee's copy is the whole custody record (PACE Code C 2.4A): particulars, arrest,
detention, rights, every timeline entry, healthcare directions and the medication
administration record.

PDFs are rendered by the platform (athena.pdf), which fetches nothing but data: URLs.
"""

import json
from datetime import timedelta

import structlog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from athena.accounts.roles import Role
from athena.pdf import content_hash, render_pdf
from custody.clock import LONDON, detention_clock
from custody.medication import due_times
from custody.models import (
    CustodyEntry,
    CustodyRecord,
    DoseRecordRow,
    EntryKind,
    HcpDirection,
    ObservationLevel,
    RecordStatus,
)
from custody.selectors import CHECK_INTERVALS, detention_facts

log = structlog.get_logger(__name__)

CONTINGENCY_TEMPLATE = "custody/pdf/contingency.html"
SUITE_TEMPLATE = "custody/pdf/suite_contingency.html"
DETAINEE_COPY_TEMPLATE = "custody/pdf/detainee_copy.html"

STORAGE_DIR = "custody/contingency"
BLANK_ROWS = 15
RECENT_ENTRIES = 10
SCHEDULE_HOURS = 24


# --- Formatting -----------------------------------------------------------------------

def _when(moment):
    """"14:05 Sat 28 Nov 2026", London time; "" for None."""
    if moment is None:
        return ""
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} {local:%a} {local.day} {local:%b %Y}"


def _day(value):
    return f"{value.day} {value:%B %Y}" if value else ""


def _minutes(span):
    return int(span.total_seconds() // 60) if span is not None else None


# --- Loading --------------------------------------------------------------------------

def _records_queryset():
    return (CustodyRecord.objects.select_related("suite", "person", "arresting_officer",
                                                 "authorised_by")
            .prefetch_related(
                "offences", "reviews",
                Prefetch("entries", queryset=CustodyEntry.objects.select_related("recorded_by")),
                Prefetch("hcp_directions", queryset=HcpDirection.objects.select_related(
                    "acknowledged_by", "recorded_by")),
                Prefetch("medication_plans__doses",
                         queryset=DoseRecordRow.objects.select_related("given_by")),
            ))


def record_for_pdf(pk):
    """The record with everything the PDFs read, or None."""
    return _records_queryset().filter(pk=pk).first()


def suite_records_for_pdf(suite):
    """The suite's detainees (open records), by cell then arrival."""
    return list(_records_queryset().filter(suite=suite).exclude(status=RecordStatus.CLOSED)
                .order_by("cell", "arrived_at", "pk"))


# --- Content --------------------------------------------------------------------------

def _due_times(plan, doses):
    """The due times for the next 24 hours, as the medication rules give them
    (custody.medication.due_times: each one a dose the rules accept). From the record
    alone, not the time now, so the content and its hash change only when the record
    does."""
    if not plan.active:
        return []
    records = [row.as_rules_record(given_by_name="") for row in doses]
    return due_times(plan.as_rules_plan(), records, plan.starts_at,
                     within=timedelta(hours=SCHEDULE_HOURS))


def _medication(record):
    plans = []
    for plan in record.medication_plans.all():
        doses = list(plan.doses.all())
        last = doses[-1] if doses else None
        plans.append({
            "drug": plan.label,
            "dose": plan.dose,
            "route": plan.get_route_display(),
            "schedule": plan.schedule_text,
            "controlled": plan.get_controlled_schedule_display() if plan.is_controlled else "",
            "authorised_by": plan.authorised_by,
            "active": plan.active,
            "last_dose": (f"{_when(last.at)}: {last.get_outcome_display().lower()}"
                          if last else "None recorded"),
            "due": [_when(at) for at in _due_times(plan, doses)],
        })
    return plans


def _directions(record):
    return [{
        "given_at": _when(direction.given_at),
        "hcp": f"{direction.hcp_name} ({direction.get_hcp_role_display()})",
        "kind": direction.get_kind_display(),
        "text": direction.text,
        "reassess_by": _when(direction.reassess_by),
        "acknowledged": direction.is_acknowledged,
        "acknowledged_by": (f"{direction.acknowledged_by.display_name}, "
                            f"{_when(direction.acknowledged_at)}"
                            if direction.is_acknowledged else ""),
    } for direction in record.hcp_directions.all()]


def _entry(entry):
    return {"at": _when(entry.occurred_at), "kind": entry.get_kind_display(),
            "by": entry.recorded_by.display_name, "summary": entry.summary}


def contingency_content(record):
    """Everything one detainee's contingency sheet shows, as JSON-ready values (its hash
    is the sheet's identity). ``record`` should come from record_for_pdf."""
    facts = detention_facts(record)
    clock = detention_clock(facts) if facts else None
    entries = list(record.entries.all())
    interval = CHECK_INTERVALS[record.observation_level]
    checks = [e.occurred_at for e in entries if e.kind == EntryKind.CHECK]
    last_check = max(checks, default=record.authorised_at or record.arrived_at)
    return {
        "record_id": record.pk,
        "custody_number": record.custody_number,
        "suite": record.suite.name,
        "suite_code": record.suite.code,
        "detainee": {"name": record.person.full_name,
                     "date_of_birth": _day(record.person.date_of_birth)},
        "cell": record.cell,
        "status": record.get_status_display(),
        "arrived_at": _when(record.arrived_at),
        "authorised_at": _when(record.authorised_at),
        "clock": {
            "detention_limit": _when(clock.detention_limit) if clock else "",
            "limit_basis": clock.limit_basis if clock else "",
            "next_review_due": _when(clock.next_review_due) if clock else "",
            "next_review_by": (Role(clock.next_review_by).label
                               if clock and clock.next_review_by else ""),
        },
        "observation": {
            "level": record.observation_level,
            "label": ObservationLevel(record.observation_level).label,
            "check_interval_minutes": _minutes(interval),
            "last_check": _when(last_check),
            "next_check_due": _when(last_check + interval) if interval else "Constant",
        },
        "medication": _medication(record),
        "directions": _directions(record),
        "recent_entries": [_entry(e) for e in entries[-RECENT_ENTRIES:]],
    }


def suite_contingency_content(suite, records=None):
    records = suite_records_for_pdf(suite) if records is None else records
    return {"suite": suite.name, "suite_code": suite.code,
            "detainees": [contingency_content(record) for record in records]}


# --- Rendering --------------------------------------------------------------------------

def _render(template, context):
    return render_pdf(render_to_string(template, context))


def _printed():
    return _when(timezone.now())


def contingency_pdf(record, content=None):
    content = content or contingency_content(record)
    return _render(CONTINGENCY_TEMPLATE, {
        "sheet": content, "printed": _printed(), "blank_rows": range(BLANK_ROWS)})


def suite_contingency_pdf(suite, content=None):
    content = content or suite_contingency_content(suite)
    return _render(SUITE_TEMPLATE, {
        "suite": content, "printed": _printed(), "blank_rows": range(BLANK_ROWS)})


def detainee_copy_pdf(record):
    """The custody record as the detainee may ask for it (Code C 2.4A). There are no
    internal-only notes on the record yet; any added later must be left out here."""
    facts = detention_facts(record)
    clock = detention_clock(facts) if facts else None
    entries = list(record.entries.all())
    plans = []
    for plan in record.medication_plans.all():
        plans.append({"plan": plan, "doses": [{
            "at": _when(dose.at), "outcome": dose.get_outcome_display(),
            "by": dose.given_by.display_name, "witness": dose.witness, "notes": dose.notes,
        } for dose in plan.doses.all()]})
    return _render(DETAINEE_COPY_TEMPLATE, {
        "record": record,
        "printed": _printed(),
        "person": record.person,
        "date_of_birth": _day(record.person.date_of_birth),
        "arrested_at": _when(record.arrested_at),
        "arrived_at": _when(record.arrived_at),
        "authorised_at": _when(record.authorised_at),
        "charged_at": _when(record.charged_at),
        "closed_at": _when(record.closed_at),
        "offences": list(record.offences.all()),
        "clock": clock,
        "detention_limit": _when(clock.detention_limit) if clock else "",
        "reviews": [{"at": _when(r.at), "by": r.reviewed_by.display_name,
                     "postponed": r.postponed, "reason": r.reason}
                    for r in record.reviews.select_related("reviewed_by")],
        "rights": [_entry(e) for e in entries if e.kind == EntryKind.RIGHTS],
        "entries": [_entry(e) for e in entries],
        "directions": _directions(record),
        "plans": plans,
    })


# --- Stored packs -----------------------------------------------------------------------

def record_pdf_name(record_pk):
    return f"{STORAGE_DIR}/{record_pk}.pdf"


def suite_pdf_name(suite_code):
    return f"{STORAGE_DIR}/suite-{suite_code}.pdf"


def _sidecar(name):
    return name[:-len(".pdf")] + ".json"


def stored_hash(name):
    """The content hash the stored PDF ``name`` was built from, or None."""
    try:
        with default_storage.open(_sidecar(name)) as handle:
            return json.loads(handle.read()).get("hash")
    except (FileNotFoundError, OSError, ValueError):
        return None


def stored_pdf_if_current(name, current_hash):
    """The stored PDF's bytes if it was built from ``current_hash``, else None."""
    if stored_hash(name) != current_hash:
        return None
    try:
        with default_storage.open(name) as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def _overwrite(name, data):
    default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another writer got there first; its file is as current
        default_storage.delete(saved)


def store_pdf(name, pdf, digest):
    """Store the PDF, then its sidecar: a reader that sees the new hash finds the new PDF
    (or, mid-write, none, and builds one)."""
    _overwrite(name, pdf)
    _overwrite(_sidecar(name), json.dumps(
        {"hash": digest, "built_at": timezone.now().isoformat()}).encode())


def rebuild_contingency_if_changed(record):
    """Build and store the record's contingency PDF unless the stored one was built from
    the same content. Returns True if it stored a new PDF."""
    content = contingency_content(record)
    digest = content_hash(content)
    name = record_pdf_name(record.pk)
    if stored_hash(name) == digest and default_storage.exists(name):
        return False
    store_pdf(name, contingency_pdf(record, content), digest)
    log.info("custody.contingency.rebuilt", record_id=record.pk)
    return True


def rebuild_suite_contingency_if_changed(suite):
    """The same for the suite's pack. Returns True if it stored a new PDF."""
    content = suite_contingency_content(suite)
    digest = content_hash(content)
    name = suite_pdf_name(suite.code)
    if stored_hash(name) == digest and default_storage.exists(name):
        return False
    store_pdf(name, suite_contingency_pdf(suite, content), digest)
    log.info("custody.contingency.suite_rebuilt", suite_id=suite.pk)
    return True


def current_contingency_pdf(record):
    """The record's contingency PDF as it should be now: the stored one if current,
    otherwise built (and stored) on the spot."""
    content = contingency_content(record)
    digest = content_hash(content)
    name = record_pdf_name(record.pk)
    pdf = stored_pdf_if_current(name, digest)
    if pdf is None:
        pdf = contingency_pdf(record, content)
        store_pdf(name, pdf, digest)
    return pdf


def current_suite_contingency_pdf(suite):
    content = suite_contingency_content(suite)
    digest = content_hash(content)
    name = suite_pdf_name(suite.code)
    pdf = stored_pdf_if_current(name, digest)
    if pdf is None:
        pdf = suite_contingency_pdf(suite, content)
        store_pdf(name, pdf, digest)
    return pdf
