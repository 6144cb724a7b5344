"""Printable custody PDFs: the contingency pack, and the detainee's copy of the record.

The contingency pack is what the suite works from when the system is down: for each
detainee a sheet with the detention clock, the medication schedule for the next 24
hours, the healthcare directions and ruled rows for handwritten entries, and one PDF for
the whole suite (a summary table, then each detainee's sheet). It is rebuilt in the
background (custody.tasks) whenever its content changes, and stored by
custody.suite.services; the print views serve the stored file when it is current and
build one on the spot when it is not, so printing always works.

The detainee's copy is the whole custody record (PACE Code C 2.4A): particulars, arrest,
detention, rights, every timeline entry, healthcare directions and the medication
administration record.

This module says what each PDF shows (its content, from a record loaded by
custody.suite.selectors.record_for_pdf) and renders it. PDFs are rendered by the
platform (athena.pdf), which fetches nothing but data: URLs.
"""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from athena.accounts.roles import Role
from athena.pdf import render_pdf
from custody.detention.selectors import record_clock
from custody.healthcare.selectors import CHECK_INTERVALS, last_check_at, next_check_due
from custody.medication.rules import due_times
from custody.medication.selectors import rules_doses, rules_plan
from custody.models import EntryKind, ObservationLevel
from custody.records.rules import LONDON
from custody.suite.selectors import suite_records_for_pdf

CONTINGENCY_TEMPLATE = "custody/pdf/contingency.html"
SUITE_TEMPLATE = "custody/pdf/suite_contingency.html"
DETAINEE_COPY_TEMPLATE = "custody/pdf/detainee_copy.html"

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


# --- Content --------------------------------------------------------------------------

def _due_times(plan, doses):
    """The due times for the next 24 hours, as the medication rules give them
    (custody.medication.rules.due_times: each one a dose the rules accept). From the
    record alone, not the time now, so the content and its hash change only when the
    record does."""
    if not plan.active:
        return []
    return due_times(rules_plan(plan), rules_doses(doses), plan.starts_at,
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
    clock = record_clock(record)
    entries = list(record.entries.all())
    next_check = next_check_due(record)
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
            "check_interval_minutes": _minutes(CHECK_INTERVALS[record.observation_level]),
            "last_check": _when(last_check_at(record)),
            "next_check_due": _when(next_check) if next_check else "Constant",
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
    return render_pdf(render_to_string(template, {"printed": _when(timezone.now()),
                                                  **context}))


def contingency_pdf(record, content=None):
    content = content or contingency_content(record)
    return _render(CONTINGENCY_TEMPLATE, {
        "sheet": content, "blank_rows": range(BLANK_ROWS), "schedule_hours": SCHEDULE_HOURS})


def suite_contingency_pdf(suite, content=None):
    content = content or suite_contingency_content(suite)
    return _render(SUITE_TEMPLATE, {
        "suite": content, "blank_rows": range(BLANK_ROWS), "schedule_hours": SCHEDULE_HOURS})


def detainee_copy_pdf(record):
    """The custody record as the detainee may ask for it (Code C 2.4A). There are no
    internal-only notes on the record yet; any added later must be left out here."""
    clock = record_clock(record)
    entries = list(record.entries.all())
    plans = []
    for plan in record.medication_plans.all():
        plans.append({"plan": plan, "doses": [{
            "at": _when(dose.at), "outcome": dose.get_outcome_display(),
            "by": dose.given_by.display_name, "witness": dose.witness, "notes": dose.notes,
        } for dose in plan.doses.all()]})
    return _render(DETAINEE_COPY_TEMPLATE, {
        "record": record,
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
