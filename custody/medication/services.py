"""Writes to a detainee's medication: plans and the administration record of each dose.
Each write runs in one transaction with its timeline entry, the contingency rebuild it
queues, and its audit event, last. The rules are custody.medication.rules'; nothing here
re-decides them."""

from django.db import transaction

from athena.audit.services import audit_record
from athena.problems import Problem
from custody.medication.rules import DoseRecord, check_dose, plan_problems
from custody.medication.selectors import rules_doses, rules_plan
from custody.models import (
    DoseOutcome,
    DoseRecordRow,
    EntryKind,
    HcpRole,
    MedicationPlanRecord,
    Route,
)
from custody.records.rules import LONDON
from custody.records.services import (
    CustodyRuleBroken,
    contingency_rebuild_queue,
    custody_officer_required,
    timeline_entry_add,
)

PLAN_FIELDS = ("drug", "strength", "dose", "route", "controlled_schedule", "set_times",
               "min_interval_minutes", "max_doses_per_24h", "hcp_authorised",
               "given_by_hcp", "authorised_by", "starts_at", "ends_at")


def _clock(moment):
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _record_problems(record, at, what, field):
    problems = []
    if not record.is_open:
        problems.append(Problem("record_closed", "",
                                "The detainee has left custody: the record is closed."))
    if at is not None and at < record.arrested_at:
        problems.append(Problem(
            "before_arrest", field,
            f"The {what} cannot be before the arrest, at {_clock(record.arrested_at)}."))
    return problems


def medication_plan_add(acting_user, record, **fields):
    """Add a medication plan to an open custody record.

    ``set_times`` is a list of "HH:MM" London times; give it or ``min_interval_minutes``.
    Raises CustodyRuleBroken, its ``problems`` listing each reason as a Problem, for a
    plan the rules refuse (plan_problems: Schedule 2 or 3 not ``given_by_hcp``, Schedule
    4 or 5 without HCP authority, a missing field, a bad schedule) or one starting
    before the arrest.
    """
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    custody_officer_required(acting_user, record, message="Only a custody officer of this "
                                                          "force may add medication.")
    values = {"route": Route.ORAL, "set_times": [], "hcp_authorised": False,
              "given_by_hcp": False, **fields}
    values["set_times"] = [f"{clock:%H:%M}" if hasattr(clock, "hour") else str(clock).strip()
                           for clock in values["set_times"] or ()]
    plan = MedicationPlanRecord(record=record, created_by=acting_user, **values)
    try:
        problems = plan_problems(rules_plan(plan))
    except ValueError:
        raise CustodyRuleBroken(Problem("set_time_invalid", "set_times", "Set times must be "
                                        "24-hour times, for example 08:00.")) from None
    problems += _record_problems(record, plan.starts_at, "start of the plan", "starts_at")
    if problems:
        raise CustodyRuleBroken(*problems)
    with transaction.atomic():
        plan.save()
        timeline_entry_add(
            record, kind=EntryKind.MEDICATION, occurred_at=plan.starts_at, by=acting_user,
            summary=(f"Medication plan: {plan.label}, {plan.dose}, "
                     f"{plan.get_route_display().lower()}; {plan.schedule_text.lower()}; "
                     f"authorised by {plan.authorised_by}"),
            plan_id=plan.pk)
        contingency_rebuild_queue(record)
        audit_record(actor=acting_user, action="custody.medication.planned", obj=record,
                     details={"plan_id": plan.pk,
                              "controlled_schedule": plan.controlled_schedule,
                              "given_by_hcp": plan.given_by_hcp})
    return plan


def dose_record(acting_user, plan, at, outcome, witness="", hcp_override=False,
                override_reason="", notes="", client_id=None, origin=None, hcp_name="",
                hcp_role=""):
    """Record a dose given, refused, withheld or not available, by ``acting_user``: who
    gave or offered it, or, for a plan a healthcare professional gives (rules.
    dose_giver), who recorded it, with that professional's ``hcp_name`` and
    ``hcp_role`` (kept only for such a plan).

    Raises CustodyRuleBroken, its ``problems`` listing each reason (check_dose's
    Problems), when the rules refuse it: too soon, twice for a set time, a controlled
    drug without a witness, a dose a healthcare professional gives without their name
    and role, a refusal without notes... A timing conflict passes with
    ``hcp_override`` and an ``override_reason``. A ``client_id`` already stored returns
    that dose again. ``origin`` (an OfflineOrigin) marks a dose recorded on a device in an
    outage and sent later.
    """
    custody_officer_required(acting_user, plan.record, message="Only a custody officer of "
                                                               "this force may record doses.")
    if client_id:
        existing = DoseRecordRow.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.plan_id != plan.pk:
                raise CustodyRuleBroken(Problem("client_id_reused", "", "This submission was "
                                                "already used for another dose."))
            return existing
    with transaction.atomic():
        locked = (MedicationPlanRecord.objects.select_for_update()
                  .select_related("record").get(pk=plan.pk))
        record = locked.record
        by_hcp = locked.giver.healthcare_professional
        dose = DoseRecord(at=at, outcome=outcome, given_by=acting_user.display_name,
                          hcp_name=(hcp_name or "").strip() if by_hcp else "",
                          hcp_role=(hcp_role or "") if by_hcp else "",
                          witness=witness.strip(), hcp_override=hcp_override,
                          override_reason=override_reason.strip(), notes=notes.strip())
        problems = _record_problems(record, at, "time of the dose", "at")
        if not locked.active:
            problems.append(Problem("plan_stopped", "", "This medication plan has been "
                                                        "stopped."))
        problems += check_dose(rules_plan(locked), rules_doses(locked.doses.all()), dose)
        if problems:
            raise CustodyRuleBroken(*problems)
        row = DoseRecordRow.objects.create(
            plan=locked, at=at, outcome=outcome, given_by=acting_user,
            hcp_name=dose.hcp_name, hcp_role=dose.hcp_role,
            witness=dose.witness, hcp_override=hcp_override,
            override_reason=dose.override_reason if hcp_override else "", notes=dose.notes,
            client_id=client_id or None)
        timeline_entry_add(record, kind=EntryKind.MEDICATION, occurred_at=at, by=acting_user,
                           summary=_dose_summary(locked, dose, outcome), plan_id=locked.pk,
                           dose_id=row.pk, outcome=outcome, hcp_override=hcp_override,
                           origin=origin)
        contingency_rebuild_queue(record)
        audit_record(actor=acting_user, action="custody.medication.administered", obj=record,
                     details={"plan_id": locked.pk, "dose_id": row.pk, "outcome": outcome,
                              "hcp_override": hcp_override, "given_by_hcp": by_hcp})
    return row


def _dose_summary(plan, dose, outcome):
    summary = f"{plan.label}: {DoseOutcome(outcome).label.lower()}"
    if dose.hcp_name:
        who = f"{dose.hcp_name} ({HcpRole(dose.hcp_role).label.lower()})"
        summary += f" by {who}" if outcome == DoseOutcome.GIVEN else f"; offered by {who}"
    if dose.witness:
        summary += f" (witness: {dose.witness})"
    if dose.hcp_override:
        summary += f". HCP override: {dose.override_reason}"
    if dose.notes:
        summary += f". Notes: {dose.notes}"
    return summary
