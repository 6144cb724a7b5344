"""The file's journey to the CPS and back: sending an approved file, the charging
decision, and the officer working through a further-evidence action plan.

Each write locks the file, checks its status under the lock, and writes the change, a
line of history (CaseEvent), the notifications and, last, an audit event in one
transaction; the notification emails leave on commit (athena.notifications). The status
changes are CaseFile's: ``send_to_cps`` and ``record_decision``.

A "further evidence needed" decision leaves the file decided, with the actions open:
they are the officer's tasks until each is marked done. The file is not reopened for
editing here; gathering the evidence and building the later report goes through the
ordinary file-building and review route.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from athena.audit.services import audit_record
from athena.notifications.services import notify
from cases import selectors
from cases.cps import selectors as cps_selectors
from cases.dcf.export import dcf_export
from cases.dcf.validate import dcf_problems
from cases.models import (
    CaseEventKind,
    CaseFile,
    CaseStatus,
    CpsAction,
    CpsDecision,
    CpsHandover,
    DecisionOutcome,
)
from cases.services import case_event_record


class CannotSendToCps(Exception):
    """The file is not in a state to go to the CPS (not approved, or no bundle)."""


class DcfNotValid(Exception):
    """The Digital Case File built from the file breaks the CPS rules: ``problems``
    (DcfProblem) say what and where, in our sections' and fields' terms."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s) in the Digital Case File")
        self.problems = list(problems)


class CannotDecide(Exception):
    """The file is not awaiting a charging decision (decided already, or not sent)."""


class DecisionIncomplete(ValueError):
    """A decision without the part its outcome needs: charges, a reason, or actions."""


def _lock(case):
    """The file, locked (not its officer's row, which comes along for the notices)."""
    return (CaseFile.objects.select_for_update(of=("self",)).select_related("officer_in_case")
            .get(pk=case.pk))


def case_send_to_cps(*, acting_user, case):
    """Send an approved file to the CPS: its Digital Case File and the PDF bundle of the
    submission it was approved from.

    The document is built and checked against the CPS rules first; a file that breaks
    any is not sent (DcfNotValid carries the problems). Raises CannotSendToCps when the
    file is not approved or has no finished bundle. Returns the CpsHandover.
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
        document = dcf_export(selectors.case_get(pk=locked.pk))
        problems = dcf_problems(document)
        if problems:
            raise DcfNotValid(problems)
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
                   body=f"{acting_user.display_name} sent the file for a charging decision.",
                   url=reverse("cases:cps_file", args=[locked.pk]))
        audit_record(actor=acting_user, action="cases.case.sent_to_cps", obj=locked,
                     details=details)
    return handover


def _check_decision_parts(outcome, charges, reason, actions):
    if outcome == DecisionOutcome.CHARGE and not charges:
        raise DecisionIncomplete("A decision to charge needs at least one charge")
    if outcome == DecisionOutcome.NO_FURTHER_ACTION and not reason.strip():
        raise DecisionIncomplete("No further action needs the reason")
    if outcome == DecisionOutcome.FURTHER_EVIDENCE and not actions:
        raise DecisionIncomplete("Further evidence needs at least one action")
    for charge in charges:
        if not (charge.get("cjs_code") and charge.get("wording")):
            raise DecisionIncomplete("Each charge needs its CJS code and wording")
    for description, due_on in actions:
        if not description.strip() or due_on is None:
            raise DecisionIncomplete("Each action needs a description and a due date")


def _decision_summary(outcome, charges, actions):
    if outcome == DecisionOutcome.CHARGE:
        return f"Charge: {len(charges)} charge{'s' if len(charges) != 1 else ''}."
    if outcome == DecisionOutcome.FURTHER_EVIDENCE:
        return (f"Further evidence needed: {len(actions)} action"
                f"{'s' if len(actions) != 1 else ''} for the officer.")
    return "No further action."


def case_record_decision(*, acting_user, case, outcome, charges=(), reason="", actions=()):
    """Record the CPS lawyer's charging decision on a file awaiting one.

    ``charges`` (for a charge): dicts with ``cjs_code``, ``title``, ``wording`` and the
    ``suspect_id`` charged. ``reason``: why, for no further action (required); the
    action plan's note for further evidence. ``actions`` (for further evidence):
    ``(description, due_on)`` pairs, each one a task for the officer in the case.

    Raises DecisionIncomplete when the outcome's part is missing and CannotDecide when
    the file is not awaiting a decision. Notifies the officer in the case, whoever sent
    the file, and the supervisor who approved it.
    """
    outcome = DecisionOutcome(outcome)
    charges = list(charges) if outcome == DecisionOutcome.CHARGE else []
    actions = list(actions) if outcome == DecisionOutcome.FURTHER_EVIDENCE else []
    reason = "" if outcome == DecisionOutcome.CHARGE else reason
    _check_decision_parts(outcome, charges, reason, actions)
    with transaction.atomic():
        locked = _lock(case)
        if not locked.may_become(CaseStatus.DECIDED):
            raise CannotDecide(f"it is {locked.get_status_display().lower()}")
        decision = CpsDecision.objects.create(case=locked, outcome=outcome, charges=charges,
                                              reason=reason, decided_by=acting_user)
        CpsAction.objects.bulk_create([
            CpsAction(decision=decision, description=description, due_on=due_on)
            for description, due_on in actions])
        locked.record_decision()
        locked.save(update_fields=["status", "updated_at"])
        details = {"decision": decision.pk, "outcome": outcome.value,
                   "charges": [charge["cjs_code"] for charge in charges],
                   "actions": len(actions)}
        case_event_record(case=locked, kind=CaseEventKind.DECIDED, actor=acting_user,
                          comment=reason, details=details)
        # The URN and the outcome only: the notification is also emailed.
        notify(recipients=cps_selectors.people_to_tell_of_decision(locked),
               title=f"CPS decision on {locked.urn}: {outcome.label.lower()}",
               body=_decision_summary(outcome, charges, actions),
               url=reverse("cases:cps_file", args=[locked.pk]))
        audit_record(actor=acting_user, action="cases.case.decided", obj=locked,
                     details=details)
    return decision


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
