"""Writes for healthcare on the custody record: HCP directions and their
acknowledgement, observation checks with the Annex H rousing check, and changes of
observation level. Each runs in one transaction with its timeline entry, the contingency
rebuild it queues, and its audit event (ids and codes only), last."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from athena.accounts.roles import Role
from athena.audit.services import audit_record
from athena.problems import Problem
from custody.healthcare.selectors import hhmm
from custody.models import (
    DirectionKind,
    EntryKind,
    HcpDirection,
    HcpRole,
    ObservationCheck,
    ObservationLevel,
)
from custody.records.services import (
    CustodyRuleBroken,
    contingency_rebuild_queue,
    custody_officer_required,
    entry_time_check,
    record_lock_open,
    timeline_entry_add,
)


def _direction_problems(*, given_at, hcp_name, hcp_role, kind, reassess_by):
    problems = []
    if hcp_role not in HcpRole.values:
        problems.append(Problem("hcp_role_unknown", "hcp_role",
                                "Choose the healthcare professional's role."))
    if kind not in DirectionKind.values:
        problems.append(Problem("direction_kind_unknown", "kind",
                                "Choose the kind of direction."))
    if not hcp_name.strip():
        problems.append(Problem("hcp_name_missing", "hcp_name",
                                "Enter the name of the healthcare professional."))
    if kind == DirectionKind.REASSESS_WITHIN and reassess_by is None:
        problems.append(Problem("reassessment_time_missing", "reassess_within",
                                "Enter when the re-assessment is due."))
    if reassess_by is not None and reassess_by <= given_at:
        problems.append(Problem("reassessment_not_after_direction", "reassess_within",
                                "The re-assessment must be due after the direction was given."))
    return problems


def hcp_direction_record(*, acting_user, record, given_at, hcp_name, hcp_role, kind,
                         text="", reassess_by=None):
    """Record what a healthcare professional directed or found. A "re-assess within"
    direction needs the time it is due by; it becomes a due item on the board."""
    custody_officer_required(acting_user, record)
    problems = _direction_problems(given_at=given_at, hcp_name=hcp_name, hcp_role=hcp_role,
                                   kind=kind, reassess_by=reassess_by)
    if problems:
        raise CustodyRuleBroken(*problems)
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(given_at, locked, "direction", field="given_at")
        direction = HcpDirection.objects.create(
            record=locked, given_at=given_at, hcp_name=hcp_name.strip(), hcp_role=hcp_role,
            kind=kind, text=text, reassess_by=reassess_by, recorded_by=acting_user)
        # The name as typed, then the role in brackets, so a name typed with its title
        # ("Nurse Bello") never reads "Nurse Nurse Bello".
        summary = (f"{direction.hcp_name} ({HcpRole(hcp_role).label.lower()}): "
                   f"{DirectionKind(kind).label.lower()}")
        if reassess_by is not None:
            summary += f", re-assess by {hhmm(reassess_by)}"
        if text:
            summary += f". {text}"
        timeline_entry_add(locked, kind=EntryKind.HEALTHCARE, occurred_at=given_at,
                           by=acting_user, summary=summary, direction_id=direction.pk,
                           direction_kind=kind)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.hcp_direction.recorded",
                     obj=direction, details={"record_id": locked.pk, "kind": kind})
    return direction


def hcp_direction_acknowledge(*, acting_user, direction, at=None, origin=None):
    """A custody officer acknowledges the direction, once; it stops being flagged.
    ``at`` is when it really happened, for an acknowledgement made offline and sent
    later (``origin``); it may not be in the future or before the direction was given."""
    if not acting_user.has_role(Role.CUSTODY_OFFICER):
        raise CustodyRuleBroken(Problem("not_custody_officer", "", "Only a custody officer "
                                        "can acknowledge an HCP direction."))
    custody_officer_required(acting_user, direction.record)
    now = timezone.now()
    if at is not None and direction.given_at <= at <= now:
        now = at
    with transaction.atomic():
        locked = HcpDirection.objects.select_for_update().select_related("record").get(
            pk=direction.pk)
        if locked.acknowledged_at is not None:
            raise CustodyRuleBroken(Problem("already_acknowledged", "", "This direction has "
                                            "already been acknowledged."))
        locked.acknowledged_at = now
        locked.acknowledged_by = acting_user
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        timeline_entry_add(locked.record, kind=EntryKind.HEALTHCARE, occurred_at=now,
                           by=acting_user,
                           summary=(f"HCP direction acknowledged by {acting_user.display_name}: "
                                    f"{locked.get_kind_display().lower()}"),
                           direction_id=locked.pk, origin=origin)
        contingency_rebuild_queue(locked.record)
        audit_record(actor=acting_user, action="custody.hcp_direction.acknowledged",
                     obj=locked, details={"record_id": locked.record_id})
    return locked


def _rousing_problems(level, answers, hcp_called):
    if level >= ObservationLevel.INTERMITTENT and None in answers:
        return [Problem("rousing_answers_missing", "", "At level 2 and above record all three "
                        "rousing tests: rousable, responds to questions, responds to commands.")]
    if False in answers and not hcp_called:
        return [Problem("hcp_not_called", "hcp_called", "The rousing check failed: call the "
                        "healthcare professional or an ambulance, and record that you have.")]
    return []


def _check_summary(level, answers, notes):
    if False in answers:
        missed = [label for label, answer in zip(
            ("not rousable", "no response to questions", "no response to commands"),
            answers, strict=True) if answer is False]
        summary = f"Failed rousing check at level {level} ({', '.join(missed)})"
    elif None not in answers:
        summary = f"Check at level {level}, roused: responds to questions and commands"
    else:
        summary = f"Check at level {level}"
    return f"{summary}. {notes}" if notes else summary


def check_record(*, acting_user, record, at, notes="", rousable=None,
                 responds_to_questions=None, responds_to_commands=None, hcp_called=False,
                 client_id=None, origin=None):
    """Record a check on the detainee. At level 2 and above the three Annex H answers
    are required; any "no" is a failed rousing check, which needs the HCP (or an
    ambulance) called and is written to the timeline as such. ``origin`` (an
    OfflineOrigin) marks a check recorded on a device in an outage and sent later."""
    custody_officer_required(acting_user, record)
    answers = (rousable, responds_to_questions, responds_to_commands)
    with transaction.atomic():
        locked = record_lock_open(record)
        entry_time_check(at, locked, "check")
        level = locked.observation_level
        problems = _rousing_problems(level, answers, hcp_called)
        if problems:
            raise CustodyRuleBroken(*problems)
        if client_id and ObservationCheck.objects.filter(client_id=client_id).exists():
            raise CustodyRuleBroken(Problem("check_already_recorded", "",
                                            "This check has already been recorded."))
        failed = False in answers
        check = ObservationCheck.objects.create(
            record=locked, at=at, checked_by=acting_user, level=level, notes=notes,
            rousable=answers[0], responds_to_questions=answers[1],
            responds_to_commands=answers[2], hcp_called=bool(hcp_called),
            client_id=client_id or None)
        timeline_entry_add(locked, kind=EntryKind.CHECK, occurred_at=at, by=acting_user,
                           summary=_check_summary(level, answers, notes), check_id=check.pk,
                           level=level, failed_rousing=failed, origin=origin)
        if failed:
            timeline_entry_add(locked, kind=EntryKind.HEALTHCARE, occurred_at=at,
                               by=acting_user, summary="HCP called after a failed rousing check",
                               check_id=check.pk)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.check.recorded", obj=check,
                     details={"record_id": locked.pk, "level": level,
                              "failed_rousing": failed, "hcp_called": check.hcp_called})
    return check


def observation_level_set(*, acting_user, locked, level, reason):
    """Set the observation level of a record locked in the caller's transaction and put
    the change on its timeline; returns the level it had. The caller checks the level
    and the reason, queues the contingency rebuild and writes the audit event."""
    previous = locked.observation_level
    locked.observation_level = level
    locked.version = F("version") + 1
    locked.save(update_fields=["observation_level", "version"])
    timeline_entry_add(locked, kind=EntryKind.RISK_ASSESSMENT, occurred_at=timezone.now(),
                       by=acting_user, summary=(f"Observation level changed from {previous} "
                                                f"to {level}: {reason.strip()}"),
                       previous_level=previous, level=level)
    return previous


def observation_level_change(*, acting_user, record, level, reason):
    """Set the observation level (normally from the risk assessment), with the reason."""
    custody_officer_required(acting_user, record)
    if level not in ObservationLevel.values:
        raise CustodyRuleBroken(Problem("level_unknown", "level",
                                        "Choose an observation level from 1 to 4."))
    if not reason.strip():
        raise CustodyRuleBroken(Problem("level_reason_missing", "reason", "Enter the reason "
                                        "for the change of observation level."))
    with transaction.atomic():
        locked = record_lock_open(record)
        if locked.observation_level == level:
            raise CustodyRuleBroken(Problem("level_unchanged", "level", "The detainee is "
                                            "already at this observation level."))
        previous = observation_level_set(acting_user=acting_user, locked=locked, level=level,
                                         reason=reason)
        contingency_rebuild_queue(locked)
        audit_record(actor=acting_user, action="custody.observation_level.changed",
                     obj=locked, details={"from": previous, "to": level})
    locked.refresh_from_db()
    return locked
