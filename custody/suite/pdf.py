"""Printable custody PDFs: the contingency pack, and the detainee's copy of the record.

The contingency pack is what the suite works from when the system is down: for each
detainee a sheet with the detention clock, what falls due and when it becomes overdue
(as the board counts it), the latest risk assessment, the medication schedule for the
next 24 hours, the healthcare directions in full, and ruled rows for checks (with the
Annex H rousing answers), doses and other handwritten entries; and one PDF for the
whole suite (a summary table, then each detainee's sheet). It is rebuilt in the
background (custody.tasks) whenever its content changes, and stored by
custody.suite.services; the print views serve the stored file when it is current and
build one on the spot when it is not, so printing always works. The same content and
the same sheet template make the HTML copy (custody.suite.views.contingency), which
the browser keeps for an outage.

The detainee's copy is the whole custody record (PACE Code C 2.4A): particulars, arrest,
detention, rights, every timeline entry, healthcare directions and the medication
administration record.

This module says what each PDF shows (its content, from a record loaded by
custody.suite.selectors.record_for_pdf) and renders it. PDFs are rendered by the
platform (athena.pdf), which fetches nothing but data: URLs.
"""

from datetime import UTC, datetime, timedelta

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone

from athena.accounts.roles import Role
from athena.pdf import merge_pdfs, render_pdf
from custody.detention.clock import ordinal
from custody.detention.selectors import record_clock
from custody.healthcare.forms import CheckForm
from custody.healthcare.selectors import (
    CHECK_INTERVALS,
    healthcare_flags,
    last_check_at,
    next_check_due,
)
from custody.medication.rules import DEFAULT_GRACE, due_times
from custody.medication.selectors import rules_doses, rules_plan
from custody.models import EntryKind, ObservationLevel, RecordStatus, RiskAssessment
from custody.models.booking import RISK_QUESTIONS, Answer
from custody.records.rules import LONDON
from custody.suite.selectors import suite_records_for_pdf

CONTINGENCY_TEMPLATE = "custody/pdf/contingency.html"
SUITE_TEMPLATE = "custody/pdf/suite_contingency.html"
DETAINEE_COPY_TEMPLATE = "custody/pdf/detainee_copy.html"

RECENT_ENTRIES = 10
SCHEDULE_HOURS = 24
# Ruled rows for handwritten entries: checks (at level 2, two an hour), doses, the rest.
CHECK_ROWS = 18
DOSE_ROWS = 10
BLANK_ROWS = 7
BLANK = {"check_rows": range(CHECK_ROWS), "dose_rows": range(DOSE_ROWS),
         "blank_rows": range(BLANK_ROWS), "schedule_hours": SCHEDULE_HOURS,
         # The Annex H tests as the check form words them: (column, what it means).
         "rousing_tests": [tuple(label.rstrip(")").split(" (", 1))
                           for label in CheckForm.ROUSING.values()]}


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
#
# What a pack shows is computed from the record alone, never from the time now: the
# stored PDF is identified by the hash of its content (custody.suite.services), so the
# hash changes only when the record does, and a stored pack stays the right one to serve
# until then. A pack is read for hours after it is built, on paper or from the copy the
# browser keeps, so its content cannot say "overdue" the way the board does at one
# moment. Instead it asks the board's own functions two things:
#
# - what is overdue whatever the time (detention not authorised, a limit already
#   breached, a direction not acknowledged, a failed rousing check): asked as of the
#   detainee's arrival, before any time-bound item can fall due, the board's functions
#   answer with only these, and the pack marks them OVERDUE or FLAG;
# - when each time-bound item becomes overdue on the board (the review, the detention
#   limit, the check, each medicine, an HCP re-assessment): the pack prints that time
#   strongly under "check the time: overdue if past".
#
# Rendering adds the moment it builds the pack: it prints it, and marks OVERDUE the
# time-bound items already past then (see "Rendering" below); the HTML copy's script
# does the same against the device's clock when it is opened, and every 30 seconds.

# Long after anything on a record could fall due: the board's functions asked "as of"
# this moment say what will become overdue with time.
_LONG_AFTER = datetime(9999, 1, 1, tzinfo=UTC)

# Read by the risk section; records_for_pdf does not load them yet.
PACK_RELATIONS = (Prefetch("risk_assessments",
                           queryset=RiskAssessment.objects.select_related("assessed_by")),)


def _iso(moment):
    return moment.astimezone(UTC).isoformat()


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
        due = _due_times(plan, doses)
        plans.append({
            "drug": plan.label,
            "dose": plan.dose,
            "route": plan.get_route_display(),
            "schedule": plan.schedule_text,
            "controlled": (plan.get_controlled_schedule_display().split(" (")[0]
                           if plan.is_controlled else ""),
            "witness_needed": plan.is_controlled,
            "authorised_by": plan.authorised_by,
            "hcp_authorised": plan.hcp_authorised,
            "giver_due": plan.giver.due_words,
            "active": plan.active,
            "last_dose": (f"{_when(last.at)}: {last.get_outcome_display().lower()}"
                          if last else "None recorded"),
            "due": [_when(at) for at in due],
            # The board calls a dose overdue once the rules' grace has passed after it.
            "overdue_after": _when(due[0] + DEFAULT_GRACE) if due else "",
            "overdue_after_iso": _iso(due[0] + DEFAULT_GRACE) if due else "",
            # After its end the board no longer counts the plan's doses.
            "ends_at_iso": _iso(plan.ends_at) if plan.ends_at else "",
        })
    return plans


def _direction(direction, *, outstanding=False):
    return {
        "given_at": _when(direction.given_at),
        "hcp": f"{direction.hcp_name} ({direction.get_hcp_role_display()})",
        "kind": direction.get_kind_display(),
        "text": direction.text,
        "reassess_by": _when(direction.reassess_by),
        "reassess_by_iso": _iso(direction.reassess_by) if direction.reassess_by else "",
        # The re-assessment the board will flag when it is past: the latest one asked
        # for, with no direction given since.
        "reassessment_outstanding": outstanding,
        "acknowledged": direction.is_acknowledged,
        "acknowledged_by_name": (direction.acknowledged_by.display_name
                                 if direction.is_acknowledged else ""),
        "acknowledged_at": _when(direction.acknowledged_at),
        "acknowledged_by": (f"{direction.acknowledged_by.display_name}, "
                            f"{_when(direction.acknowledged_at)}"
                            if direction.is_acknowledged else ""),
    }


def _directions(record, *, reassessment_outstanding=False):
    """Every direction in full, in the order given. ``reassessment_outstanding`` is the
    board's answer (healthcare_flags asked long after): a timed direction's
    re-assessment is still to happen. It is then the latest one asked for."""
    directions = list(record.hcp_directions.all())
    timed = [d for d in directions if d.reassess_by is not None]
    outstanding = timed[-1] if timed and reassessment_outstanding else None
    return [_direction(d, outstanding=d is outstanding) for d in directions]


def _entry(entry):
    return {"at": _when(entry.occurred_at), "kind": entry.get_kind_display(),
            "by": entry.recorded_by.display_name, "summary": entry.summary}


def _risk(record):
    """The latest risk assessment in full (Code C 3.6-3.10), or None: it is read from
    its own rows, not the timeline, so a risk never drops off a sheet with the older
    entries."""
    assessments = list(record.risk_assessments.all())
    if not assessments:
        return None
    latest = assessments[-1]
    answers = [{"question": label,
                "answer": Answer(getattr(latest, question)).label,
                "is_yes": getattr(latest, question) == Answer.YES,
                "is_not_known": getattr(latest, question) == Answer.NOT_KNOWN,
                "notes": getattr(latest, f"{question}_notes")}
               for question, label in RISK_QUESTIONS.items()]
    return {
        "at": _when(latest.at),
        "by": latest.assessed_by.display_name,
        "risks": [answer["question"] for answer in answers if answer["is_yes"]],
        "not_known": [answer["question"] for answer in answers if answer["is_not_known"]],
        "answers": answers,
        "recommended_level": latest.recommended_level,
        "level": latest.level,
        "level_reason": latest.level_reason,
    }


def _deadline(what, detail, due, overdue_after=None):
    """A time-bound item: when it is due, and when the board calls it overdue (for most,
    the same moment)."""
    overdue_after = overdue_after or due
    return {"what": what, "detail": detail, "due": _when(due),
            "overdue_after": _when(overdue_after), "overdue_after_iso": _iso(overdue_after),
            "until_iso": ""}


def _deadlines(record, clock, next_check, medication, directions):
    """The time-bound items of the board, each with when it becomes overdue there,
    soonest first: the review (overdue once past due), the detention limit (once past,
    while not charged), the check (once past due), each medicine (once the grace after
    its due time has passed) and an HCP re-assessment (once past)."""
    deadlines = []
    add = deadlines.append
    if clock is not None and clock.next_review_due is not None:
        by = Role(clock.next_review_by).label.lower()
        detail = f"{ordinal(clock.reviews_done + 1)} review, by the {by}"
        if clock.postponed_review is not None:
            detail += f"; postponed ({clock.postponed_review.reason})"
        add(_deadline("Review of detention", detail, clock.next_review_due))
    if clock is not None and clock.held_without_charge_until is None:
        add(_deadline("Detention limit", f"{clock.limit_basis}: release, charge or obtain "
                      "a warrant of further detention", clock.detention_limit))
    if next_check is not None:
        add(_deadline("Check on the detainee",
                      ObservationLevel(record.observation_level).label, next_check))
    for plan in medication:
        if plan["due"]:
            giver = f", {plan['giver_due']}" if plan["giver_due"] else ""
            add({"what": f"Medication: {plan['drug']}",
                 "detail": f"{plan['dose']}, {plan['route'].lower()}{giver}",
                 "due": plan["due"][0], "overdue_after": plan["overdue_after"],
                 "overdue_after_iso": plan["overdue_after_iso"],
                 "until_iso": plan["ends_at_iso"]})
    for direction in directions:
        if direction["reassessment_outstanding"]:
            add({"what": "HCP re-assessment", "detail": direction["hcp"],
                 "due": direction["reassess_by"], "overdue_after": direction["reassess_by"],
                 "overdue_after_iso": direction["reassess_by_iso"], "until_iso": ""})
    return sorted(deadlines,
                  key=lambda deadline: datetime.fromisoformat(deadline["overdue_after_iso"]))


def _overdue_whatever_the_time(record, clock):
    """What the board calls overdue at any time from the arrival on: the clock asked as
    of the arrival (a limit already breached), and detention awaiting authorisation."""
    overdue = list(clock.overdue_items(record.arrived_at)) if clock else []
    if record.status == RecordStatus.AWAITING_AUTHORISATION:
        overdue.append("Detention not yet authorised.")
    return overdue


def _healthcare_board_flags(records):
    """{record_id: (flags, reassessment_outstanding)} from the board's healthcare_flags:
    asked as of the earliest arrival it gives the flags that stand whatever the time
    (directions awaiting acknowledgement, a failed rousing check); asked long after, it
    adds one more for a record whose HCP re-assessment is still to happen."""
    if not records:
        return {}
    earliest = min(record.arrived_at for record in records)
    standing = healthcare_flags(records, earliest)
    later = healthcare_flags(records, _LONG_AFTER)
    return {pk: (list(flags), any(flag not in flags for flag in later[pk]))
            for pk, flags in standing.items()}


def _recorded_up_to(entries):
    return _when(max((entry.recorded_at for entry in entries), default=None))


def contingency_content(record, *, board_flags=None):
    """Everything one detainee's contingency sheet shows, as JSON-ready values (its hash
    is the sheet's identity), from the record alone (see "Content" above).
    ``record`` should come from record_for_pdf; ``board_flags`` is this record's item
    of _healthcare_board_flags when the caller has read them for many records."""
    prefetch_related_objects([record], *PACK_RELATIONS)
    if board_flags is None:
        board_flags = _healthcare_board_flags([record]).get(record.pk, ([], False))
    flags, reassessment_outstanding = board_flags
    clock = record_clock(record)
    entries = list(record.entries.all())
    next_check = next_check_due(record)
    medication = _medication(record)
    directions = _directions(record, reassessment_outstanding=reassessment_outstanding)
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
        "recorded_up_to": _recorded_up_to(entries),
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
        # Once the detainee has left custody nothing is due (the board drops them).
        "overdue": _overdue_whatever_the_time(record, clock) if record.is_open else [],
        "flags": flags if record.is_open else [],
        "deadlines": (_deadlines(record, clock, next_check, medication, directions)
                      if record.is_open else []),
        "risk": _risk(record),
        "medication": medication,
        "directions": directions,
        "recent_entries": [_entry(e) for e in entries[-RECENT_ENTRIES:]],
    }


def suite_contingency_content(suite, records=None):
    """The suite's pack: every open record's sheet, by cell then arrival. A fixed number
    of queries whatever the number of detainees."""
    records = suite_records_for_pdf(suite) if records is None else list(records)
    prefetch_related_objects(records, *PACK_RELATIONS)
    flags = _healthcare_board_flags(records)
    return {"suite": suite.name, "suite_code": suite.code,
            "detainees": [contingency_content(record, board_flags=flags[record.pk])
                          for record in records]}


# --- Rendering --------------------------------------------------------------------------
#
# A pack is built at a moment (its PDF rendered, its HTML copy served), which it prints,
# and marks OVERDUE each time-bound item already past then. That adds to the content
# without changing it, and it stays true for as long as the stored PDF is served: an
# item's overdue time comes from the record alone, so once past it stays past until the
# record changes, and a change of the record changes the content's hash, which has the
# pack built again. (The one exception the board makes, a medicine whose plan has ended,
# is kept: its item carries the end, and is not marked after it.)

def _past(deadline, moment):
    """Whether the board calls the time-bound ``deadline`` overdue at ``moment``."""
    until = deadline["until_iso"] and datetime.fromisoformat(deadline["until_iso"])
    return (moment > datetime.fromisoformat(deadline["overdue_after_iso"])
            and not (until and moment >= until))


def _marked(sheet, built_at):
    return {**sheet, "deadlines": [{**deadline, "overdue_when_built": _past(deadline, built_at)}
                                   for deadline in sheet["deadlines"]]}


def sheet_context(content, *, built_at):
    """What the sheet templates read, for the PDF and the HTML copy alike: the content,
    with the items already overdue at ``built_at`` marked, and the ruled rows."""
    return {"sheet": _marked(content, built_at), "built": _when(built_at), **BLANK}


def suite_context(content, *, built_at):
    """The same for the suite's pack."""
    suite = {**content, "detainees": [_marked(sheet, built_at)
                                      for sheet in content["detainees"]]}
    return {"suite": suite, "built": _when(built_at), **BLANK}


def _render(template, context):
    return render_pdf(render_to_string(template, context))


def sheet_pdf(content, *, built_at=None):
    """A detainee's contingency sheet from its content (contingency_content)."""
    return _render(CONTINGENCY_TEMPLATE,
                   sheet_context(content, built_at=built_at or timezone.now()))


def contingency_pdf(record, content=None, *, built_at=None):
    return sheet_pdf(content or contingency_content(record), built_at=built_at)


def suite_contingency_pdf(suite, content=None, *, built_at=None, sheet_pdf_of=None):
    """The suite's pack: its summary of every detainee, then each detainee's sheet as it
    prints alone (its own footer, page numbers and time built). ``sheet_pdf(sheet)``
    gives a sheet's PDF from its content; services.py passes one that takes the stored
    sheet when it was built from the same content. Laid out as one document, the pack
    took 23 s of a worker's CPU for a suite of 60 and was built again after every entry
    in the suite; now an entry costs its own sheet, the summary and the merge."""
    content = content or suite_contingency_content(suite)
    built_at = built_at or timezone.now()
    if sheet_pdf_of is None:
        def sheet_pdf_of(sheet):
            return sheet_pdf(sheet, built_at=built_at)
    summary = _render(SUITE_TEMPLATE, suite_context(content, built_at=built_at))
    return merge_pdfs([summary, *(sheet_pdf_of(sheet) for sheet in content["detainees"])])


def detainee_copy_pdf(record):
    """The custody record as the detainee may ask for it (Code C 2.4A). There are no
    internal-only notes on the record yet; any added later must be left out here."""
    clock = record_clock(record)
    entries = list(record.entries.all())
    plans = []
    for plan in record.medication_plans.all():
        plans.append({"plan": plan, "doses": [{
            "at": _when(dose.at), "outcome": dose.get_outcome_display(),
            "by": dose.giver_text, "witness": dose.witness, "notes": dose.notes,
        } for dose in plan.doses.all()]})
    return _render(DETAINEE_COPY_TEMPLATE, {
        "printed": _when(timezone.now()),
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
