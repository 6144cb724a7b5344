"""Writes to a detainee's medication: plans and the administration record of each dose.
Each write runs in one transaction with its timeline entry and its audit event. The
rules are custody.medication's; nothing here re-decides them.

Also ``due_doses``, which the board reads: when each detainee's next dose is due.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from athena.audit.services import audit_record
from custody.medication import (
    LONDON,
    DoseOutcome,
    DoseRecord,
    DueStatus,
    Route,
    check_dose,
    due_status,
    due_times,
    next_due,
    plan_problems,
)
from custody.models import DoseRecordRow, EntryKind, MedicationPlanRecord
from custody.services import CustodyRuleBroken, _entry

PLAN_FIELDS = ("drug", "strength", "dose", "route", "controlled_schedule", "set_times",
               "min_interval_minutes", "max_doses_per_24h", "hcp_authorised",
               "authorised_by", "starts_at", "ends_at")

_STATUS_RANK = {DueStatus.NOT_DUE: 0, DueStatus.DUE: 1, DueStatus.OVERDUE: 2}


def _refuse(problems):
    error = CustodyRuleBroken(" ".join(problems))
    error.problems = list(problems)
    return error


def _clock(moment):
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _record_problems(record, at, what):
    problems = []
    if not record.is_open:
        problems.append("The detainee has left custody: the record is closed.")
    if at is not None and at < record.arrested_at:
        problems.append(f"The {what} cannot be before the arrest, at {_clock(record.arrested_at)}.")
    return problems


def medication_plan_add(acting_user, record, **fields):
    """Add a medication plan to an open custody record.

    ``set_times`` is a list of "HH:MM" London times; give it or ``min_interval_minutes``.
    Raises CustodyRuleBroken, its ``problems`` listing each reason in plain words, for a
    plan the rules refuse (plan_problems: Schedule 2 or 3, Schedule 4 or 5 without HCP
    authority, a missing field, a bad schedule) or one starting before the arrest.
    """
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if not acting_user.has_perm("custody.change_custodyrecord", record):
        raise CustodyRuleBroken("Only a custody officer of this force may add medication.")
    values = {"route": Route.ORAL, "set_times": [], "hcp_authorised": False, **fields}
    values["set_times"] = [f"{clock:%H:%M}" if hasattr(clock, "hour") else str(clock).strip()
                           for clock in values["set_times"] or ()]
    plan = MedicationPlanRecord(record=record, created_by=acting_user, **values)
    try:
        problems = plan_problems(plan.as_rules_plan())
    except ValueError:
        raise _refuse(["Set times must be 24-hour times, for example 08:00."]) from None
    problems += _record_problems(record, plan.starts_at, "start of the plan")
    if problems:
        raise _refuse(problems)
    with transaction.atomic():
        plan.save()
        _entry(record, kind=EntryKind.MEDICATION, occurred_at=plan.starts_at, by=acting_user,
               summary=(f"Medication plan: {plan.label}, {plan.dose}, "
                        f"{plan.get_route_display().lower()}; {plan.schedule_text.lower()}; "
                        f"authorised by {plan.authorised_by}"),
               plan_id=plan.pk)
        audit_record(actor=acting_user, action="custody.medication.planned", obj=record,
                     details={"plan_id": plan.pk,
                              "controlled_schedule": plan.controlled_schedule})
    return plan


def dose_record(acting_user, plan, at, outcome, witness="", hcp_override=False,
                override_reason="", notes="", client_id=None):
    """Record a dose given, refused, withheld or not available, by ``acting_user``.

    Raises CustodyRuleBroken, its ``problems`` listing each reason (check_dose's words),
    when the rules refuse it: too soon, twice for a set time, a controlled drug without a
    witness, a refusal without notes... A timing conflict passes with ``hcp_override``
    and an ``override_reason``. A ``client_id`` already stored returns that dose again.
    """
    if not acting_user.has_perm("custody.change_custodyrecord", plan.record):
        raise CustodyRuleBroken("Only a custody officer of this force may record doses.")
    if client_id:
        existing = DoseRecordRow.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.plan_id != plan.pk:
                raise CustodyRuleBroken("This submission was already used for another dose.")
            return existing
    with transaction.atomic():
        locked = (MedicationPlanRecord.objects.select_for_update()
                  .select_related("record").get(pk=plan.pk))
        record = locked.record
        dose = DoseRecord(at=at, outcome=outcome, given_by=acting_user.display_name,
                          witness=witness.strip(), hcp_override=hcp_override,
                          override_reason=override_reason.strip(), notes=notes.strip())
        records = [row.as_rules_record(given_by_name="") for row in locked.doses.all()]
        problems = _record_problems(record, at, "time of the dose")
        if not locked.active:
            problems.append("This medication plan has been stopped.")
        problems += check_dose(locked.as_rules_plan(), records, dose)
        if problems:
            raise _refuse(problems)
        row = DoseRecordRow.objects.create(
            plan=locked, at=at, outcome=outcome, given_by=acting_user,
            witness=dose.witness, hcp_override=hcp_override,
            override_reason=dose.override_reason if hcp_override else "", notes=dose.notes,
            client_id=client_id or None)
        summary = f"{locked.label}: {DoseOutcome(outcome).label.lower()}"
        if dose.witness:
            summary += f" (witness: {dose.witness})"
        if hcp_override:
            summary += f". HCP override: {dose.override_reason}"
        if dose.notes:
            summary += f". Notes: {dose.notes}"
        _entry(record, kind=EntryKind.MEDICATION, occurred_at=at, by=acting_user,
               summary=summary, plan_id=locked.pk, dose_id=row.pk, outcome=outcome,
               hcp_override=hcp_override)
        audit_record(actor=acting_user, action="custody.medication.administered", obj=record,
                     details={"plan_id": locked.pk, "dose_id": row.pk, "outcome": outcome,
                              "hcp_override": hcp_override})
    return row


# --- Reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanDue:
    """A plan with its doses and when the next is due, for the medication page."""

    plan: MedicationPlanRecord
    next_due: datetime | None
    status: str
    # The next due time and those after it within 24 hours: what the printed sheet lists.
    due_times: tuple[datetime, ...] = ()

    @property
    def status_label(self):
        return DueStatus(self.status).label

    @property
    def is_due(self):
        return self.status != DueStatus.NOT_DUE


def plans_with_doses(records):
    """Active and stopped plans of ``records`` with their doses (and who gave them): two
    queries whatever the number."""
    ids = [getattr(record, "pk", record) for record in records]
    return list(MedicationPlanRecord.objects.filter(record_id__in=ids)
                .prefetch_related(Prefetch("doses", queryset=DoseRecordRow.objects
                                           .select_related("given_by")))
                .order_by("starts_at", "pk"))


def plan_due(plan, now, *, with_times=False):
    """The PlanDue of a plan whose doses are loaded (plans_with_doses); the due times of
    the next 24 hours too when ``with_times``."""
    if not plan.active:
        return PlanDue(plan=plan, next_due=None, status=DueStatus.NOT_DUE)
    rules_plan = plan.as_rules_plan()
    records = [row.as_rules_record(given_by_name="") for row in plan.doses.all()]
    return PlanDue(plan=plan, next_due=next_due(rules_plan, records, now),
                   status=due_status(rules_plan, records, now),
                   due_times=tuple(due_times(rules_plan, records, now)) if with_times
                   else ())


def plan_dues(record, now):
    """Every plan of one record with when its next dose is due and the due times of the
    next 24 hours, soonest first."""
    dues = [plan_due(plan, now, with_times=True) for plan in plans_with_doses([record])]
    far = now + timedelta(days=36500)
    return sorted(dues, key=lambda due: (not due.plan.active, -_STATUS_RANK[due.status],
                                         due.next_due or far))


def due_doses(records, now):
    """For the board: {record_id: (next_due, status)} for each record with an active
    plan that has a next dose, the soonest of its plans and the worst status (overdue,
    due, not due). Two queries whatever the number of records or plans."""
    result = {}
    for plan in plans_with_doses(records):
        due = plan_due(plan, now)
        if due.next_due is None:
            continue
        current = result.get(plan.record_id)
        if current is None:
            result[plan.record_id] = (due.next_due, due.status)
        else:
            worst = max(current[1], due.status, key=_STATUS_RANK.__getitem__)
            result[plan.record_id] = (min(current[0], due.next_due), worst)
    return result


@dataclass(frozen=True)
class BoardMedication:
    """What the board shows in its "Next medication due" column for one record."""

    next_due: datetime
    status: str
    url: str  # custody:dose_due, the first of the 3 interactions

    @property
    def status_label(self):
        return DueStatus(self.status).label

    @property
    def is_due(self):
        return self.status != DueStatus.NOT_DUE

    @property
    def is_overdue(self):
        return self.status == DueStatus.OVERDUE


def board_medication(records, now):
    """{record_id: BoardMedication} for the board's column and its "Medication due" link.
    Two queries whatever the number of records."""
    return {record_id: BoardMedication(next_due=at, status=status,
                                       url=reverse("custody:dose_due", args=[record_id]))
            for record_id, (at, status) in due_doses(records, now).items()}
