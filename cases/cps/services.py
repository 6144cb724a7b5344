"""The file's journey to the CPS and back: sending an approved file, the lawyer's decision
on it, and the officer working through an action plan.

What the lawyer decides depends on who charges (DG6 Annex 1, by the file rules): on a file
the CPS charges, the charging decision (charge, no further action, or further evidence);
on a file the police charged, the initial review for the first hearing (proceed, proceed
on amended charges, more information needed, or discontinue). Each is refused for the
other kind of file.

Each write locks the file, checks its status under the lock, and writes the change, a
line of history (CaseEvent), the notifications and, last, an audit event in one
transaction; the notification emails leave on commit (athena.notifications). The status
changes are CaseFile's: ``send_to_cps`` and ``record_decision`` (for both kinds).

An action plan (further evidence, or more information) leaves the file decided, with the
actions open: they are the officer's tasks until each is marked done. The file is not
reopened for editing here; gathering the evidence and building the later report goes
through the ordinary file-building and review route.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from athena.audit.services import audit_record
from athena.notifications.services import notify
from cases import selectors
from cases.cps import selectors as cps_selectors
from cases.dcf.export import dcf_export
from cases.models import (
    OUTCOMES_OF_TASK,
    CaseEventKind,
    CaseFile,
    CaseStatus,
    CpsAction,
    CpsDecision,
    CpsHandover,
    CpsTask,
    DecisionOutcome,
)
from cases.readiness import file_readiness
from cases.services import case_event_record


class CannotSendToCps(Exception):
    """The file is not in a state to go to the CPS (not approved, or no bundle)."""


class FileNotReady(Exception):
    """The file is not ready for the CPS (``readiness.file_readiness``, the same check as
    the worker's): ``problems`` is {kind: [validation.Problem]}, each said in words, where
    it is put right."""

    def __init__(self, problems):
        self.problems = {kind: list(found) for kind, found in problems.items()}
        self.count = sum(len(found) for found in self.problems.values())
        super().__init__(f"{self.count} thing(s) to put right before the CPS can take it")


class CannotDecide(Exception):
    """The file is not awaiting the lawyer's decision (decided already, or not sent), or
    awaits the other kind: the police charged it and it needs an initial review, or the
    CPS charges it and it needs a charging decision."""


class DecisionIncomplete(ValueError):
    """A decision without the part its outcome needs: charges, a reason, or actions."""


WRONG_TASK = {
    CpsTask.CHARGING_DECISION: "the police charged this file, so it needs an initial review, "
                               "not a charging decision",
    CpsTask.INITIAL_REVIEW: "the CPS decides the charge on this file, so it needs a charging "
                            "decision, not an initial review",
}


SENT_FOR = {CpsTask.CHARGING_DECISION: "a charging decision",
            CpsTask.INITIAL_REVIEW: "the CPS's initial review before the first hearing"}


def _lock(case):
    """The file, locked (not its officer's row, which comes along for the notices)."""
    return (CaseFile.objects.select_for_update(of=("self",)).select_related("officer_in_case")
            .get(pk=case.pk))


def case_send_to_cps(*, acting_user, case):
    """Send an approved file to the CPS: its Digital Case File and the PDF bundle of the
    submission it was approved from.

    The file is checked first with the one check of whether it is ready for the CPS
    (``readiness.file_readiness``: the file rules and, for a first-hearing file, the CPS's
    rules for the Digital Case File); a file that is not ready is not sent (FileNotReady
    carries the problems). Raises CannotSendToCps when the file is not approved or has no
    finished bundle. Returns the CpsHandover.
    """
    with transaction.atomic():
        locked = _lock(case)
        if not locked.may_become(CaseStatus.SENT_TO_CPS):
            raise CannotSendToCps(
                f"it is {locked.get_status_display().lower()}, and only an approved file "
                "can be sent")
        submission = cps_selectors.submission_ready_for_cps(locked)
        if submission is None:
            raise CannotSendToCps("its PDF bundle has not been built")
        full = selectors.case_get(pk=locked.pk)
        problems = file_readiness(full)
        if problems:
            raise FileNotReady(problems)
        document = dcf_export(full)
        handover = CpsHandover.objects.create(case=locked, submission=submission,
                                              dcf_document=document, sent_by=acting_user)
        locked.send_to_cps()
        locked.save(update_fields=["status", "updated_at"])
        details = {"handover": handover.pk, "submission": submission.pk}
        case_event_record(case=locked, kind=CaseEventKind.SENT_TO_CPS, actor=acting_user,
                          details=details)
        if locked.officer_in_case_id != acting_user.pk:
            notify(recipients=[locked.officer_in_case],
                   title=f"Case file {locked.urn} was sent to the CPS",
                   body=f"{acting_user.display_name} sent the file for "
                        f"{SENT_FOR[cps_selectors.cps_task(full)]}.",
                   url=reverse("cases:cps_file", args=[locked.pk]))
        notify(recipients=cps_selectors.cps_lawyers_to_tell(),
               title=f"Case file {locked.urn} has arrived from the police",
               body=f"{locked.force.name} sent it for "
                    f"{SENT_FOR[cps_selectors.cps_task(full)]}.",
               url=reverse("cases:cps_file", args=[locked.pk]))
        audit_record(actor=acting_user, action="cases.case.sent_to_cps", obj=locked,
                     details=details)
    return handover


def _plural(count, noun):
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _check_charges_and_actions(charges, actions):
    for charge in charges:
        if not (charge.get("cjs_code") and charge.get("wording")):
            raise DecisionIncomplete("Each charge needs its CJS code and wording")
    for description, due_on in actions:
        if not description.strip() or due_on is None:
            raise DecisionIncomplete("Each action needs a description and a due date")


def _check_decision_parts(outcome, charges, reason, actions):
    if outcome == DecisionOutcome.CHARGE and not charges:
        raise DecisionIncomplete("A decision to charge needs at least one charge")
    if outcome == DecisionOutcome.NO_FURTHER_ACTION and not reason.strip():
        raise DecisionIncomplete("No further action needs the reason")
    if outcome == DecisionOutcome.FURTHER_EVIDENCE and not actions:
        raise DecisionIncomplete("Further evidence needs at least one action")
    _check_charges_and_actions(charges, actions)


def _check_review_parts(outcome, charges, dropped, reason, actions):
    proceeding = outcome in (DecisionOutcome.PROCEED, DecisionOutcome.PROCEED_AMENDED)
    if proceeding and not charges:
        raise DecisionIncomplete("Proceeding needs at least one charge")
    if outcome == DecisionOutcome.PROCEED_AMENDED and not dropped and all(
            charge.get("change", "unchanged") == "unchanged" for charge in charges):
        raise DecisionIncomplete("Proceeding on amended charges needs a change to the charges")
    if outcome == DecisionOutcome.MORE_INFORMATION and not actions:
        raise DecisionIncomplete("More information needs at least one action")
    if outcome == DecisionOutcome.DISCONTINUE and not reason.strip():
        raise DecisionIncomplete("Discontinuing needs the reason")
    _check_charges_and_actions(charges, actions)


def _decision_summary(outcome, charges, dropped, actions):
    """The notification's one line: counts only, never a name (it is also emailed)."""
    if outcome == DecisionOutcome.CHARGE:
        return f"Charge: {_plural(len(charges), 'charge')}."
    if outcome in (DecisionOutcome.FURTHER_EVIDENCE, DecisionOutcome.MORE_INFORMATION):
        return f"{outcome.label}: {_plural(len(actions), 'action')} for the officer."
    if outcome == DecisionOutcome.PROCEED:
        return f"Proceed on {_plural(len(charges), 'charge')} as charged."
    if outcome == DecisionOutcome.PROCEED_AMENDED:
        changes = [f"{sum(c.get('change') == change for c in charges)} {change}"
                   for change in ("amended", "added")]
        return f"Proceed on amended charges: {', '.join(changes)}, {len(dropped)} dropped."
    if outcome == DecisionOutcome.DISCONTINUE:
        return "Discontinued."
    return "No further action."


def _record(*, acting_user, case, task, outcome, charges, dropped, reason, actions):
    """Record a decision of the ``task`` kind on a file awaiting one (see the public
    functions below)."""
    with transaction.atomic():
        # Locked, with what the file rules read (who charges), read under the lock.
        locked = selectors.case_for_change(pk=case.pk)
        if not locked.may_become(CaseStatus.DECIDED):
            raise CannotDecide(f"it is {locked.get_status_display().lower()}")
        if cps_selectors.cps_task(locked) != task:
            raise CannotDecide(WRONG_TASK[task])
        decision = CpsDecision.objects.create(case=locked, outcome=outcome, charges=charges,
                                              dropped_charges=dropped, reason=reason,
                                              decided_by=acting_user)
        CpsAction.objects.bulk_create([
            CpsAction(decision=decision, description=description, due_on=due_on)
            for description, due_on in actions])
        locked.record_decision()
        locked.save(update_fields=["status", "updated_at"])
        details = {"decision": decision.pk, "outcome": outcome.value,
                   "charges": [charge["cjs_code"] for charge in charges],
                   "actions": len(actions)}
        review = task == CpsTask.INITIAL_REVIEW
        if review:
            details["dropped"] = [charge["cjs_code"] for charge in dropped]
        case_event_record(case=locked,
                          kind=CaseEventKind.CPS_REVIEWED if review else CaseEventKind.DECIDED,
                          actor=acting_user, comment=reason, details=details)
        # The URN and the outcome only: the notification is also emailed.
        title = (f"CPS initial review of {locked.urn}: " if review
                 else f"CPS decision on {locked.urn}: ") + outcome.label.lower()
        notify(recipients=cps_selectors.people_to_tell_of_decision(locked), title=title,
               body=_decision_summary(outcome, charges, dropped, actions),
               url=reverse("cases:cps_file", args=[locked.pk]))
        audit_record(actor=acting_user,
                     action="cases.case.reviewed" if review else "cases.case.decided",
                     obj=locked, details=details)
    return decision


def _outcome_of(task, outcome):
    outcome = DecisionOutcome(outcome)
    if outcome not in OUTCOMES_OF_TASK[task]:
        raise DecisionIncomplete(f"{outcome.label} is not an outcome of the "
                                 f"{task.label.lower()}")
    return outcome


def case_record_decision(*, acting_user, case, outcome, charges=(), reason="", actions=()):
    """Record the CPS lawyer's charging decision on a file the CPS charges.

    ``charges`` (for a charge): dicts with ``cjs_code``, ``title``, ``wording`` and the
    ``suspect_id`` charged. ``reason``: why, for no further action (required); the
    action plan's note for further evidence. ``actions`` (for further evidence):
    ``(description, due_on)`` pairs, each one a task for the officer in the case.

    Raises DecisionIncomplete when the outcome is not a charging decision's or its part is
    missing, and CannotDecide when the file is not awaiting a decision or the police
    charged it (it needs an initial review). Notifies the officer in the case, whoever
    sent the file, and the supervisor who approved it.
    """
    outcome = _outcome_of(CpsTask.CHARGING_DECISION, outcome)
    charges = list(charges) if outcome == DecisionOutcome.CHARGE else []
    actions = list(actions) if outcome == DecisionOutcome.FURTHER_EVIDENCE else []
    reason = "" if outcome == DecisionOutcome.CHARGE else reason
    _check_decision_parts(outcome, charges, reason, actions)
    return _record(acting_user=acting_user, case=case, task=CpsTask.CHARGING_DECISION,
                   outcome=outcome, charges=charges, dropped=[], reason=reason,
                   actions=actions)


def case_record_initial_review(*, acting_user, case, outcome, charges=(), dropped_charges=(),
                               reason="", actions=()):
    """Record the CPS lawyer's initial review of a file the police charged, before its
    first hearing.

    ``charges`` (to proceed, or proceed on amended charges): the charges the case goes on
    with, dicts as ``case_record_decision``'s, each with ``change``: "unchanged",
    "amended" (the wording) or "added". ``dropped_charges`` (amended charges only): the
    police's charges the lawyer dropped. ``reason``: why, to discontinue (required);
    otherwise the lawyer's note for the officer. ``actions`` (more information needed):
    ``(description, due_on)`` pairs, each a task for the officer in the case.

    Raises DecisionIncomplete when the outcome is not an initial review's or its part is
    missing (amended charges must change something), and CannotDecide when the file is
    not awaiting a decision or the CPS charges it (it needs a charging decision). Notifies
    as ``case_record_decision``.
    """
    outcome = _outcome_of(CpsTask.INITIAL_REVIEW, outcome)
    proceeding = outcome in (DecisionOutcome.PROCEED, DecisionOutcome.PROCEED_AMENDED)
    charges = list(charges) if proceeding else []
    dropped = list(dropped_charges) if outcome == DecisionOutcome.PROCEED_AMENDED else []
    actions = list(actions) if outcome == DecisionOutcome.MORE_INFORMATION else []
    _check_review_parts(outcome, charges, dropped, reason, actions)
    return _record(acting_user=acting_user, case=case, task=CpsTask.INITIAL_REVIEW,
                   outcome=outcome, charges=charges, dropped=dropped, reason=reason,
                   actions=actions)


def cps_action_mark_done(*, acting_user, action):
    """Mark one action of a CPS action plan done. Marking it again changes nothing."""
    with transaction.atomic():
        locked = CpsAction.objects.select_for_update().get(pk=action.pk)
        if locked.done_at is not None:
            return locked
        locked.done_at = timezone.now()
        locked.done_by = acting_user
        locked.save(update_fields=["done_at", "done_by"])
        case = CaseFile.objects.only("pk").get(decisions__actions=locked)
        audit_record(actor=acting_user, action="cases.cps_action.done", obj=case,
                     details={"action": locked.pk, "decision": locked.decision_id})
    return locked
